//! ETH staking (ETH → BETH): endpoints and typed methods (reference §7).

use earn_core::http::{Endpoint, RateLimit};
use earn_core::{Operation, Result};

use crate::OkxStakingClient;
use crate::staking::{
    ApyHistoryQuery, ApyPoint, CancelRedeemAck, CancelRedeemRequest, HistoryQuery, HistoryRow, StakingAmountRequest,
    StakingBalance, StakingCoin, StakingEndpoints, StakingProductInfo, StakingWriteAck,
};

const P_PRODUCT_INFO: &str = "/api/v5/finance/staking-defi/eth/product-info";
const P_PURCHASE: &str = "/api/v5/finance/staking-defi/eth/purchase";
const P_REDEEM: &str = "/api/v5/finance/staking-defi/eth/redeem";
const P_CANCEL_REDEEM: &str = "/api/v5/finance/staking-defi/eth/cancel-redeem";
const P_BALANCE: &str = "/api/v5/finance/staking-defi/eth/balance";
const P_HISTORY: &str = "/api/v5/finance/staking-defi/eth/purchase-redeem-history";
const P_APY_HISTORY: &str = "/api/v5/finance/staking-defi/eth/apy-history";

/// `GET …/eth/product-info`: signed, 3/s per user.
pub static PRODUCT_INFO: Endpoint = Endpoint::get(P_PRODUCT_INFO).limit(RateLimit::per_second(P_PRODUCT_INFO, 3));
/// `POST …/eth/purchase`: signed write, 2/s per user.
pub static PURCHASE: Endpoint =
    Endpoint::post(P_PURCHASE).write(Operation::Stake).limit(RateLimit::per_second(P_PURCHASE, 2));
/// `POST …/eth/redeem`: signed write, 2/s per user.
pub static REDEEM: Endpoint =
    Endpoint::post(P_REDEEM).write(Operation::Redeem).limit(RateLimit::per_second(P_REDEEM, 2));
/// `POST …/eth/cancel-redeem`: signed write, 2/s per user.
pub static CANCEL_REDEEM: Endpoint =
    Endpoint::post(P_CANCEL_REDEEM).write(Operation::CancelRedemption).limit(RateLimit::per_second(P_CANCEL_REDEEM, 2));
/// `GET …/eth/balance`: signed, 6/s per user.
pub static BALANCE: Endpoint = Endpoint::get(P_BALANCE).limit(RateLimit::per_second(P_BALANCE, 6));
/// `GET …/eth/purchase-redeem-history`: signed, 6/s per user.
pub static HISTORY: Endpoint = Endpoint::get(P_HISTORY).limit(RateLimit::per_second(P_HISTORY, 6));
/// `GET …/eth/apy-history`: public, 6/s per IP.
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
    /// `GET /api/v5/finance/staking-defi/eth/product-info`.
    pub async fn eth_product_info(&self) -> Result<StakingProductInfo> {
        self.staking_product_info(StakingCoin::Eth).await
    }

    /// `POST /api/v5/finance/staking-defi/eth/purchase`: stakes ETH. OKX returns no order id.
    pub async fn eth_purchase(&self, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
        self.staking_purchase(StakingCoin::Eth, request).await
    }

    /// `POST /api/v5/finance/staking-defi/eth/redeem`: redeems BETH. OKX returns no order id.
    pub async fn eth_redeem(&self, request: &StakingAmountRequest) -> Result<StakingWriteAck> {
        self.staking_redeem(StakingCoin::Eth, request).await
    }

    /// `POST /api/v5/finance/staking-defi/eth/cancel-redeem`.
    pub async fn eth_cancel_redeem(&self, request: &CancelRedeemRequest) -> Result<CancelRedeemAck> {
        self.staking_cancel_redeem(StakingCoin::Eth, request).await
    }

    /// `GET /api/v5/finance/staking-defi/eth/balance`: total BETH incl. amounts being redeemed.
    pub async fn eth_balance(&self) -> Result<Vec<StakingBalance>> {
        self.staking_balance(StakingCoin::Eth).await
    }

    /// `GET /api/v5/finance/staking-defi/eth/purchase-redeem-history`.
    pub async fn eth_purchase_redeem_history(&self, query: &HistoryQuery) -> Result<Vec<HistoryRow>> {
        self.staking_history(StakingCoin::Eth, query).await
    }

    /// `GET /api/v5/finance/staking-defi/eth/apy-history` (public).
    pub async fn eth_apy_history(&self, query: ApyHistoryQuery) -> Result<Vec<ApyPoint>> {
        self.staking_apy_history(StakingCoin::Eth, query).await
    }
}
