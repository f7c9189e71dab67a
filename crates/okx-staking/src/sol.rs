//! SOL staking (SOL → OKSOL): endpoints and typed methods (reference §8).

staking_coin! {
    coin: crate::staking::StakingCoin::Sol,
    segment: "sol",
    asset: "SOL",
    token: "OKSOL",
    cancel_note: " **Undocumented since 2026** (only in the Nov-2025 docs and ccxt), probably \
        withdrawn; SOL history rows carry no `ordId`, so the id must come from elsewhere. \
        Expect `50005` or HTTP 404.",
    methods: (
        sol_product_info, sol_purchase, sol_redeem, sol_cancel_redeem,
        sol_balance, sol_purchase_redeem_history, sol_apy_history,
    ),
}
