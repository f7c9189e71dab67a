//! `staking_coin!`: one staking coin's endpoints and client methods, declared once.
//!
//! ETH and SOL staking are the same API under two path segments. Each coin module invokes
//! this macro: it declares the seven endpoints with OKX's published limits, the table the
//! shared `staking_*` implementation reads, and the `<coin>_*` methods, each a one-liner.

macro_rules! staking_coin {
    (
        coin: $coin:path,
        segment: $seg:literal,
        asset: $asset:literal,
        token: $token:literal,
        cancel_note: $cancel_note:literal,
        methods: (
            $product_info:ident, $purchase:ident, $redeem:ident, $cancel_redeem:ident,
            $balance:ident, $history:ident, $apy_history:ident $(,)?
        ) $(,)?
    ) => {
        use earn_core::http::{Endpoint, RateLimit};
        use earn_core::{Operation, Result};

        use crate::OkxStakingClient;
        use crate::staking::{
            ApyHistoryQuery, ApyPoint, CancelRedeemAck, CancelRedeemRequest, HistoryQuery, HistoryRow,
            StakingAmountRequest, StakingBalance, StakingEndpoints, StakingProductInfo, StakingWriteAck,
        };

        /// Path of `name` under this coin (also the rate-limit group: OKX limits per endpoint).
        macro_rules! path {
            ($name:literal) => {
                concat!("/api/v5/finance/staking-defi/", $seg, "/", $name)
            };
        }

        #[doc = concat!("`GET …/", $seg, "/product-info`: signed, 3/s per user.")]
        pub static PRODUCT_INFO: Endpoint =
            Endpoint::get(path!("product-info")).limit(RateLimit::per_second(path!("product-info"), 3));
        #[doc = concat!("`POST …/", $seg, "/purchase`: signed write, 2/s per user.")]
        pub static PURCHASE: Endpoint = Endpoint::post(path!("purchase"))
            .write(Operation::Stake)
            .limit(RateLimit::per_second(path!("purchase"), 2));
        #[doc = concat!("`POST …/", $seg, "/redeem`: signed write, 2/s per user.")]
        pub static REDEEM: Endpoint =
            Endpoint::post(path!("redeem")).write(Operation::Redeem).limit(RateLimit::per_second(path!("redeem"), 2));
        #[doc = concat!("`POST …/", $seg, "/cancel-redeem`: signed write, 2/s per user.", $cancel_note)]
        pub static CANCEL_REDEEM: Endpoint = Endpoint::post(path!("cancel-redeem"))
            .write(Operation::CancelRedemption)
            .limit(RateLimit::per_second(path!("cancel-redeem"), 2));
        #[doc = concat!("`GET …/", $seg, "/balance`: signed, 6/s per user.")]
        pub static BALANCE: Endpoint =
            Endpoint::get(path!("balance")).limit(RateLimit::per_second(path!("balance"), 6));
        #[doc = concat!("`GET …/", $seg, "/purchase-redeem-history`: signed, 6/s per user.")]
        pub static HISTORY: Endpoint = Endpoint::get(path!("purchase-redeem-history"))
            .limit(RateLimit::per_second(path!("purchase-redeem-history"), 6));
        #[doc = concat!("`GET …/", $seg, "/apy-history`: public, 6/s per IP.")]
        pub static APY_HISTORY: Endpoint =
            Endpoint::get(path!("apy-history")).public().limit(RateLimit::per_second(path!("apy-history"), 6));

        pub(crate) static ENDPOINTS: StakingEndpoints = StakingEndpoints {
            product_info: &PRODUCT_INFO,
            purchase: &PURCHASE,
            redeem: &REDEEM,
            cancel_redeem: &CANCEL_REDEEM,
            balance: &BALANCE,
            history: &HISTORY,
            apy_history: &APY_HISTORY,
        };

        impl OkxStakingClient {
            #[doc = concat!("`GET ", path!("product-info"), "`.")]
            pub async fn $product_info(&self) -> Result<StakingProductInfo> {
                self.staking_product_info($coin).await
            }

            #[doc = concat!("`POST ", path!("purchase"), "`: stakes ", $asset, ". OKX returns no order id.")]
            pub async fn $purchase(&self, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
                self.staking_purchase($coin, request).await
            }

            #[doc = concat!("`POST ", path!("redeem"), "`: redeems ", $token, ". OKX returns no order id.")]
            pub async fn $redeem(&self, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
                self.staking_redeem($coin, request).await
            }

            #[doc = concat!("`POST ", path!("cancel-redeem"), "`.", $cancel_note)]
            pub async fn $cancel_redeem(&self, request: &CancelRedeemRequest) -> Result<CancelRedeemAck> {
                self.staking_cancel_redeem($coin, request).await
            }

            #[doc = concat!("`GET ", path!("balance"), "`: total ", $token, " incl. amounts being redeemed.")]
            pub async fn $balance(&self) -> Result<Vec<StakingBalance>> {
                self.staking_balance($coin).await
            }

            #[doc = concat!("`GET ", path!("purchase-redeem-history"), "`.")]
            pub async fn $history(&self, query: &HistoryQuery) -> Result<Vec<HistoryRow>> {
                self.staking_history($coin, query).await
            }

            #[doc = concat!("`GET ", path!("apy-history"), "` (public).")]
            pub async fn $apy_history(&self, query: ApyHistoryQuery) -> Result<Vec<ApyPoint>> {
                self.staking_apy_history($coin, query).await
            }
        }
    };
}
