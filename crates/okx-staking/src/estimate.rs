//! [`EarnVenue::redemption_estimate`](earn_core::EarnVenue::redemption_estimate), derived
//! read-only from what OKX publishes (OKX has no estimate endpoint): see [`OkxStakingVenue`].

use earn_core::{Amount, AssetQuantity, RedeemRequest, RedemptionEstimate, Result, UnixMillis};

use crate::convert::{redeem_period, staking_delay};
use crate::ids::ProductRoute;
use crate::onchain::{ActiveOrdersQuery, EarningType, OffersQuery, OnchainOrder, OnchainOrderState};
use crate::staking::StakingCoin;
use crate::venue::OkxStakingVenue;
use crate::writes::{check_redeem, choose_onchain_order};

const DAY_MS: i64 = 86_400_000;

impl OkxStakingVenue {
    pub(crate) async fn estimate_impl(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        match check_redeem(request)? {
            ProductRoute::Staking(coin) => self.staking_estimate(coin, request).await,
            ProductRoute::Onchain(product_id) => self.onchain_estimate(&product_id, request).await,
        }
    }

    /// BETH/OKSOL → ETH/SOL 1:1; allowed when the balance not already being redeemed covers it.
    async fn staking_estimate(&self, coin: StakingCoin, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        let info = self.client().staking_product_info(coin).await?;
        let free = self.staking_holding(coin).await?.map_or(Amount::ZERO, |h| h.free());
        let receive = vec![AssetQuantity::new(coin.asset().into(), request.amount)];
        let mut est = RedemptionEstimate::new(request.product.clone(), request.amount, request.amount <= free, receive);
        est.delay = staking_delay(&info);
        Ok(est)
    }

    /// The whole order's principal plus its not-yet-paid earnings, after the offer's `redeemPeriod`.
    async fn onchain_estimate(&self, product_id: &str, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        let active = self.client().onchain_orders_active(&ActiveOrdersQuery::new().product_id(product_id)).await?;
        let (order, asset, held) = choose_onchain_order(&active, product_id, request)?;
        let offers = self.client().onchain_offers(&OffersQuery::new().product_id(product_id)).await?;
        let offer = offers.iter().find(|o| o.product_id == product_id);
        let mut receive = vec![AssetQuantity::new(asset, held)];
        receive.extend(
            order
                .earning_data
                .iter()
                .filter(|e| e.earning_type != Some(EarningType::Cumulative))
                .filter_map(|e| e.earnings.filter(|a| !a.is_zero()).map(|a| (e, a)))
                .map(|(e, a)| AssetQuantity::new(e.ccy.as_str().into(), a)),
        );
        let allowed = onchain_redeemable(order, self.client().now());
        let mut est = RedemptionEstimate::new(request.product.clone(), request.amount, allowed, receive);
        est.delay = offer.and_then(|o| redeem_period(&o.redeem_period));
        Ok(est)
    }
}

/// Whether [`EarnVenue::redeem`](earn_core::EarnVenue::redeem) of this order would be accepted
/// at `now`: earning, no fast redemption in flight, and flexible or matured (`purchasedTime`
/// plus `term` days; an inference: OKX publishes no maturity time). The adapter never sends
/// `allowEarlyRedeem`, so before maturity OKX refuses (`51729`/`51723`).
fn onchain_redeemable(order: &OnchainOrder, now: UnixMillis) -> bool {
    let earning = order.state == Some(OnchainOrderState::Earning);
    let fast_in_flight = order.fast_redemption_data.iter().any(|f| f.redeeming_amt.is_some_and(|a| !a.is_zero()));
    let matured = match order.term.unwrap_or(0) {
        0 => true,
        term => {
            order.purchased_time.is_some_and(|t| t.0.saturating_add(i64::from(term).saturating_mul(DAY_MS)) <= now.0)
        }
    };
    earning && !fast_in_flight && matured
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(json: &str) -> OnchainOrder {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn fixed_term_orders_are_redeemable_only_after_maturity() {
        let o = order(r#"{"ordId":"1","state":"1","term":"30","purchasedTime":"1000"}"#);
        let matures = 1000 + 30 * DAY_MS;
        assert!(!onchain_redeemable(&o, UnixMillis(matures - 1)));
        assert!(onchain_redeemable(&o, UnixMillis(matures)));
        let no_time = order(r#"{"ordId":"1","state":"1","term":"30"}"#);
        assert!(!onchain_redeemable(&no_time, UnixMillis(i64::MAX)));
        let flexible = order(r#"{"ordId":"1","state":"1","term":"0"}"#);
        assert!(onchain_redeemable(&flexible, UnixMillis(0)));
        let fast =
            order(r#"{"ordId":"1","state":"1","term":"0","fastRedemptionData":[{"ccy":"DOT","redeemingAmt":"1"}]}"#);
        assert!(!onchain_redeemable(&fast, UnixMillis(0)));
        for state in ["8", "9", "13", "2"] {
            let o = order(&format!(r#"{{"ordId":"1","state":"{state}","term":"0"}}"#));
            assert!(!onchain_redeemable(&o, UnixMillis(0)), "state {state}");
        }
    }
}
