//! On-chain earn (`/api/v5/finance/staking-defi/…`): endpoints, models, methods (reference §9).

use earn_core::http::{Endpoint, RateLimit};
use earn_core::{Error, Operation, ReconcileIntent, Result};
use serde::Serialize;

use crate::wire::check_id;
use crate::{OkxStakingClient, VENUE, ids};

mod models;

pub use models::*;

const P_OFFERS: &str = "/api/v5/finance/staking-defi/offers";
const P_PURCHASE: &str = "/api/v5/finance/staking-defi/purchase";
const P_REDEEM: &str = "/api/v5/finance/staking-defi/redeem";
const P_CANCEL: &str = "/api/v5/finance/staking-defi/cancel";
const P_ACTIVE: &str = "/api/v5/finance/staking-defi/orders-active";
const P_HISTORY: &str = "/api/v5/finance/staking-defi/orders-history";

/// `GET …/offers`: signed, 3/s per user.
pub static OFFERS: Endpoint = Endpoint::get(P_OFFERS).limit(RateLimit::per_second(P_OFFERS, 3));
/// `POST …/purchase`: signed write, 2/s per user.
pub static PURCHASE: Endpoint =
    Endpoint::post(P_PURCHASE).write(Operation::Stake).limit(RateLimit::per_second(P_PURCHASE, 2));
/// `POST …/redeem`: signed write, 2/s per user.
pub static REDEEM: Endpoint =
    Endpoint::post(P_REDEEM).write(Operation::Redeem).limit(RateLimit::per_second(P_REDEEM, 2));
/// `POST …/cancel` (a pending purchase or redemption): signed write, 2/s per user.
pub static CANCEL: Endpoint =
    Endpoint::post(P_CANCEL).write(Operation::CancelRedemption).limit(RateLimit::per_second(P_CANCEL, 2));
/// `GET …/orders-active`: signed, 3/s per user.
pub static ORDERS_ACTIVE: Endpoint = Endpoint::get(P_ACTIVE).limit(RateLimit::per_second(P_ACTIVE, 3));
/// `GET …/orders-history`: signed, 3/s per user.
pub static ORDERS_HISTORY: Endpoint = Endpoint::get(P_HISTORY).limit(RateLimit::per_second(P_HISTORY, 3));

/// Longest order tag OKX accepts.
pub const MAX_TAG_LEN: usize = 16;

/// Checks an order `tag`: 1 to 16 ASCII letters or digits (case-sensitive).
pub fn check_tag(tag: &str) -> Result<()> {
    if tag.is_empty() || tag.len() > MAX_TAG_LEN || !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input("tag", format!("must be 1 to {MAX_TAG_LEN} ASCII letters or digits")));
    }
    Ok(())
}

impl OkxStakingClient {
    /// `GET /api/v5/finance/staking-defi/offers`.
    pub async fn onchain_offers(&self, query: &OffersQuery) -> Result<Vec<Offer>> {
        self.read(&OFFERS, query.to_query()?).await
    }

    /// `POST /api/v5/finance/staking-defi/purchase`. Put a unique `tag` on it: it is the only
    /// way to find the order if the answer is lost.
    pub async fn onchain_purchase(&self, request: &OnchainPurchaseRequest) -> Result<OrderAck> {
        request.validate()?;
        let first = &request.invest_data[0];
        let mut intent = ReconcileIntent::new(VENUE, Operation::Stake, PURCHASE.path)
            .product(ids::onchain_product_id(&request.product_id))
            .asset(first.ccy.as_str())
            .amount(first.amt);
        if let Some(tag) = &request.tag {
            intent = intent.client_id(tag.as_str());
        }
        self.onchain_write(&PURCHASE, request, intent).await
    }

    /// `POST /api/v5/finance/staking-defi/redeem`: redeems a whole order.
    pub async fn onchain_redeem(&self, request: &OnchainRedeemRequest) -> Result<OrderAck> {
        check_id("ordId", &request.ord_id)?;
        let intent = ReconcileIntent::new(VENUE, Operation::Redeem, REDEEM.path)
            .order_id(ids::onchain_order_id(&request.ord_id));
        self.onchain_write(&REDEEM, request, intent).await
    }

    /// `POST /api/v5/finance/staking-defi/cancel`: cancels a pending purchase or redemption.
    pub async fn onchain_cancel(&self, request: &OnchainCancelRequest) -> Result<OrderAck> {
        check_id("ordId", &request.ord_id)?;
        let intent = ReconcileIntent::new(VENUE, Operation::CancelRedemption, CANCEL.path)
            .order_id(ids::onchain_order_id(&request.ord_id));
        self.onchain_write(&CANCEL, request, intent).await
    }

    async fn onchain_write<B: Serialize>(
        &self,
        ep: &'static Endpoint,
        body: &B,
        intent: ReconcileIntent,
    ) -> Result<OrderAck> {
        let sent_at = self.now();
        let acks: Vec<OrderAck> = self.write(ep, body, intent.clone()).await?;
        match acks.into_iter().next() {
            Some(ack) if !ack.ord_id.is_empty() => Ok(ack),
            _ => Err(Error::outcome_unknown(intent.sent_at(sent_at), "OKX answered code 0 without an ordId", None)),
        }
    }

    /// `GET /api/v5/finance/staking-defi/orders-active`.
    pub async fn onchain_orders_active(&self, query: &ActiveOrdersQuery) -> Result<Vec<OnchainOrder>> {
        self.read(&ORDERS_ACTIVE, query.to_query()?).await
    }

    /// `GET /api/v5/finance/staking-defi/orders-history`.
    pub async fn onchain_orders_history(&self, query: &OrdersHistoryQuery) -> Result<Vec<OnchainOrder>> {
        self.read(&ORDERS_HISTORY, query.to_query()?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use earn_core::Amount;

    #[test]
    fn purchase_body_is_strings_only_and_omits_absent_fields() {
        let r = OnchainPurchaseRequest::new("1234", "ZIL", Amount::parse("100").unwrap()).term(30);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"productId":"1234","investData":[{"ccy":"ZIL","amt":"100"}],"term":"30"}"#
        );
        let r = OnchainRedeemRequest::new("754147");
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"ordId":"754147","protocolType":"defi"}"#);
    }

    #[test]
    fn tags_are_checked() {
        assert!(check_tag("abcDEF0123456789").is_ok());
        assert!(check_tag("abcDEF01234567890").is_err());
        assert!(check_tag("a-b").is_err());
        assert!(check_tag("").is_err());
        let bad = OnchainPurchaseRequest::new("1", "DOT", Amount::parse("1").unwrap()).term(0);
        assert!(bad.validate().unwrap_err().to_string().contains("`term`"));
    }

    #[test]
    fn offer_decodes_the_documented_example() {
        let o: Offer = serde_json::from_str(r#"{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"0","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0"}],"fastRedemptionDailyLimit":"","redeemPeriod":["28D","28D"]}"#).unwrap();
        assert_eq!(o.apy.unwrap().to_string(), "0.1767");
        assert_eq!(o.state, Some(OfferState::Purchasable));
        assert_eq!(o.fast_redemption_daily_limit, None);
        assert_eq!(OfferState::from_text("stop"), OfferState::Stop);
    }
}
