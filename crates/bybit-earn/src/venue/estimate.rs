//! [`EarnVenue::redemption_estimate`](earn_core::EarnVenue::redemption_estimate), derived
//! read-only from products and positions: the rules are on [`BybitEarnVenue`].

use std::time::Duration;

use earn_core::{
    Amount, AmountRules, AssetQuantity, Error, RedeemRequest, RedemptionDelay, RedemptionEstimate, Result,
};
use rust_decimal::RoundingStrategy;

use super::{BybitEarnVenue, BybitProductId, check_redeem, mapping};
use crate::{EarnCategory, EarnPosition, EarnProduct, FixedCategory, PositionParams, PositionStatus, VENUE};

impl BybitEarnVenue {
    pub(super) async fn estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        match check_redeem(request)? {
            BybitProductId::Easy { category, product_id } => self.easy_estimate(request, &category, &product_id).await,
            BybitProductId::Fixed { category, product_id } => {
                self.fixed_estimate(request, &category, &product_id).await
            }
        }
    }

    async fn easy_estimate(
        &self,
        request: &RedeemRequest,
        category: &EarnCategory,
        product_id: &str,
    ) -> Result<RedemptionEstimate> {
        let (product, params) = self.easy_redeem_params(request, category, product_id).await?;
        let listed = self.client.positions(&PositionParams::new(category.clone()).product_id(product_id)).await?;
        let positions: Vec<&EarnPosition> = listed.iter().filter(|p| p.product_id == product_id).collect();
        let amount = request.amount;
        let (allowed, received) = match params.redeem_position_id.as_deref() {
            // OnChain non-LST: one named position, which must be Active.
            Some(id) => {
                let p = named(&positions, id)?;
                (p.status == Some(PositionStatus::Active) && redeemable(p) >= amount, amount)
            }
            None => {
                let held = match request.position_id.as_deref() {
                    Some(id) => redeemable(named(&positions, id)?),
                    None => positions.iter().try_fold(Amount::ZERO, |sum, p| {
                        sum.checked_add(redeemable(p))
                            .ok_or_else(|| Error::decode(VENUE, "position.amount", "sum overflows", b""))
                    })?,
                };
                let received = if product.is_lst() { lst_received(&product, amount)? } else { amount };
                (held >= amount, received)
            }
        };
        let receive = vec![AssetQuantity::new(product.coin.as_str().into(), received)];
        let mut est = RedemptionEstimate::new(request.product.clone(), amount, allowed, receive);
        est.delay = mapping::easy_product(&product).redemption_delay;
        Ok(est)
    }

    async fn fixed_estimate(
        &self,
        request: &RedeemRequest,
        category: &FixedCategory,
        product_id: &str,
    ) -> Result<RedemptionEstimate> {
        let product = self.fixed_product(category, product_id).await?;
        AmountRules { min: None, max: None, precision: product.precision }.check("amount", request.amount)?;
        let positions = self.client.fixed_positions(Some(category), Some(product_id), None).await?;
        let position = match request.position_id.as_deref() {
            Some(id) => Some(positions.iter().find(|p| p.position_id == id).ok_or_else(|| no_position(id))?),
            None if positions.len() == 1 => positions.first(),
            None => None,
        };
        let now = self.client.venue_now();
        let mut est = RedemptionEstimate::new(request.product.clone(), request.amount, false, Vec::new());
        est.delay = position.and_then(|p| p.settlement_time).map(|t| {
            RedemptionDelay::fixed(Duration::from_millis(u64::try_from(t.0.saturating_sub(now.0)).unwrap_or(0)))
        });
        Ok(est)
    }
}

/// What a position can redeem now: `availableAmount`, or `amount` when Bybit omits it.
fn redeemable(p: &EarnPosition) -> Amount {
    p.available_amount.unwrap_or(p.amount)
}

fn named<'a>(positions: &[&'a EarnPosition], id: &str) -> Result<&'a EarnPosition> {
    positions.iter().copied().find(|p| p.id.as_deref() == Some(id)).ok_or_else(|| no_position(id))
}

fn no_position(id: &str) -> Error {
    Error::invalid_input("position_id", format!("no position {id} in this product"))
}

/// `amount × redeemExchangeRate` in the product's coin: multiplied exactly (an error when the
/// exact product needs more than 28 decimals), then rounded down to the product's `precision`.
fn lst_received(product: &EarnProduct, amount: Amount) -> Result<Amount> {
    let rate = product
        .redeem_exchange_rate
        .ok_or_else(|| Error::decode(VENUE, "redeemExchangeRate", "LST product without a redeem exchange rate", b""))?;
    let (a, r) = (amount.decimal(), rate.decimal());
    let exact = (a.scale() + r.scale() <= 28).then(|| a.checked_mul(r)).flatten().ok_or_else(|| {
        Error::decode(
            VENUE,
            "redeemExchangeRate",
            format!("{amount} × {rate} cannot be computed exactly"),
            rate.to_string().as_bytes(),
        )
    })?;
    let received = match product.precision {
        Some(p) => exact.round_dp_with_strategy(p, RoundingStrategy::ToZero),
        None => exact,
    };
    Amount::new(received).ok_or_else(|| Error::decode(VENUE, "redeemExchangeRate", "negative rate", b""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lst(rate: &str, precision: &str) -> EarnProduct {
        serde_json::from_str(&format!(
            r#"{{"category":"OnChain","coin":"ETH","productId":"502","status":"Available","swapCoin":"METH",
            "precision":"{precision}","redeemExchangeRate":"{rate}"}}"#
        ))
        .unwrap()
    }

    fn a(s: &str) -> Amount {
        Amount::parse(s).unwrap()
    }

    #[test]
    fn lst_receipts_are_exact_then_rounded_down_to_the_precision() {
        assert_eq!(lst_received(&lst("1.05", "8"), a("2")).unwrap(), a("2.1"));
        // 0.12345678 × 1.0123 = 0.124975298394 → 0.12497529 (down, not 0.1249753).
        assert_eq!(lst_received(&lst("1.0123", "8"), a("0.12345678")).unwrap(), a("0.12497529"));
        let deep = lst("1.00000000000000000001", "8");
        assert!(lst_received(&deep, a("0.123456789")).is_err(), "29 decimals cannot be held exactly");
        let no_rate: EarnProduct = serde_json::from_str(
            r#"{"category":"OnChain","coin":"ETH","productId":"502","status":"Available","swapCoin":"METH"}"#,
        )
        .unwrap();
        assert!(lst_received(&no_rate, a("1")).is_err());
    }
}
