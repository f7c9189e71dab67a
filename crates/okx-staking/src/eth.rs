//! ETH staking (ETH → BETH): endpoints and typed methods (reference §7).

staking_coin! {
    coin: crate::staking::StakingCoin::Eth,
    segment: "eth",
    asset: "ETH",
    token: "BETH",
    cancel_note: "",
    methods: (
        eth_product_info, eth_purchase, eth_redeem, eth_cancel_redeem,
        eth_balance, eth_purchase_redeem_history, eth_apy_history,
    ),
}
