//! SOL staking (SOL → OKSOL): endpoints and typed methods (reference §8).

use earn_core::http::{Endpoint, RateLimit};
use earn_core::{Operation, Result};

use crate::OkxStakingClient;
use crate::staking::{
    ApyHistoryQuery, ApyPoint, CancelRedeemAck, CancelRedeemRequest, HistoryQuery, HistoryRow, StakingAmountRequest,
    StakingBalance, StakingCoin, StakingEndpoints, StakingProductInfo, StakingWriteAck,
};

const P_PRODUCT_INFO: &str = "/api/v5/finance/staking-defi/sol/product-info";
const P_PURCHASE: &str = "/api/v5/finance/staking-defi/sol/purchase";
const P_REDEEM: &str = "/api/v5/finance/staking-defi/sol/redeem";
const P_CANCEL_REDEEM: &str = "/api/v5/finance/staking-defi/sol/cancel-redeem";
const P_BALANCE: &str = "/api/v5/finance/staking-defi/sol/balance";
const P_HISTORY: &str = "/api/v5/finance/staking-defi/sol/purchase-redeem-history";
const P_APY_HISTORY: &str = "/api/v5/finance/staking-defi/sol/apy-history";

/// `GET …/sol/product-info`: signed, 3/s per user.
pub static PRODUCT_INFO: Endpoint = Endpoint::get(P_PRODUCT_INFO).limit(RateLimit::per_second(P_PRODUCT_INFO, 3));
/// `POST …/sol/purchase`: signed write, 2/s per user.
pub static PURCHASE: Endpoint =
    Endpoint::post(P_PURCHASE).write(Operation::Stake).limit(RateLimit::per_second(P_PURCHASE, 2));
/// `POST …/sol/redeem`: signed write, 2/s per user.
pub static REDEEM: Endpoint =
    Endpoint::post(P_REDEEM).write(Operation::Redeem).limit(RateLimit::per_second(P_REDEEM, 2));
/// `POST …/sol/cancel-redeem`: **undocumented since 2026** (only in the Nov-2025 docs and
/// ccxt); expect `50005` or HTTP 404. Signed write, 2/s per user.
pub static CANCEL_REDEEM: Endpoint =
    Endpoint::post(P_CANCEL_REDEEM).write(Operation::CancelRedemption).limit(RateLimit::per_second(P_CANCEL_REDEEM, 2));
/// `GET …/sol/balance`: signed, 6/s per user.
pub static BALANCE: Endpoint = Endpoint::get(P_BALANCE).limit(RateLimit::per_second(P_BALANCE, 6));
/// `GET …/sol/purchase-redeem-history`: signed, 6/s per user.
pub static HISTORY: Endpoint = Endpoint::get(P_HISTORY).limit(RateLimit::per_second(P_HISTORY, 6));
/// `GET …/sol/apy-history`: public, 6/s per IP.
pub static APY_HISTORY: Endpoint = Endpoint::get(P_APY_HISTORY).public().limit(RateLimit::per_second(P_APY_HISTORY, 6));

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
    /// `GET /api/v5/finance/staking-defi/sol/product-info`.
    pub async fn sol_product_info(&self) -> Result<StakingProductInfo> {
        self.staking_product_info(StakingCoin::Sol).await
    }

    /// `POST /api/v5/finance/staking-defi/sol/purchase`: stakes SOL. OKX returns no order id.
    pub async fn sol_purchase(&self, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
        self.staking_purchase(StakingCoin::Sol, request).await
    }

    /// `POST /api/v5/finance/staking-defi/sol/redeem`: redeems OKSOL. OKX returns no order id.
    pub async fn sol_redeem(&self, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
        self.staking_redeem(StakingCoin::Sol, request).await
    }

    /// `POST /api/v5/finance/staking-defi/sol/cancel-redeem`: **undocumented**, probably
    /// withdrawn (absent from every 2026 docs snapshot); SOL history rows carry no `ordId`,
    /// so the id must come from elsewhere. Expect `50005` or HTTP 404.
    pub async fn sol_cancel_redeem(&self, request: &CancelRedeemRequest) -> Result<CancelRedeemAck> {
        self.staking_cancel_redeem(StakingCoin::Sol, request).await
    }

    /// `GET /api/v5/finance/staking-defi/sol/balance`: total OKSOL incl. amounts being redeemed.
    pub async fn sol_balance(&self) -> Result<Vec<StakingBalance>> {
        self.staking_balance(StakingCoin::Sol).await
    }

    /// `GET /api/v5/finance/staking-defi/sol/purchase-redeem-history`.
    pub async fn sol_purchase_redeem_history(&self, query: &HistoryQuery) -> Result<Vec<HistoryRow>> {
        self.staking_history(StakingCoin::Sol, query).await
    }

    /// `GET /api/v5/finance/staking-defi/sol/apy-history` (public).
    pub async fn sol_apy_history(&self, query: ApyHistoryQuery) -> Result<Vec<ApyPoint>> {
        self.staking_apy_history(StakingCoin::Sol, query).await
    }
}
