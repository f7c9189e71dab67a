//! The adapter's product and order ids, and how they route back to OKX.
//!
//! | id | meaning |
//! |---|---|
//! | `eth`, `sol` | ETH / SOL staking |
//! | `onchain:<productId>` | an on-chain earn offer |
//! | `eth:<ordId>` | an ETH history row that carries `ordId` |
//! | `eth:<type>:<requestTime>:<amt>`, `sol:<type>:<requestTime>:<amt>` | a history row without `ordId` (always for SOL), synthesized from the row |
//! | `eth:<type>:sent:<sentAt>:<amt>` (or `sol:`) | a write OKX accepted whose history row had not appeared yet |
//! | `onchain:<ordId>` | an on-chain earn order |

use earn_core::{Amount, OrderId, UnixMillis};

use crate::staking::{HistoryType, StakingCoin};

/// Prefix of on-chain earn product and order ids.
pub const ONCHAIN_PREFIX: &str = "onchain:";

/// `onchain:<productId>`.
pub fn onchain_product_id(product_id: &str) -> String {
    format!("{ONCHAIN_PREFIX}{product_id}")
}

/// `onchain:<ordId>`.
pub fn onchain_order_id(ord_id: &str) -> OrderId {
    OrderId::new(format!("{ONCHAIN_PREFIX}{ord_id}"))
}

/// `eth:<ordId>` / `sol:<ordId>`.
pub fn staking_order_id(coin: StakingCoin, ord_id: &str) -> OrderId {
    OrderId::new(format!("{}:{ord_id}", coin.product_id()))
}

/// `<coin>:<type>:<requestTime>:<amt>` for a row without `ordId`.
pub fn staking_row_id(coin: StakingCoin, t: &HistoryType, request_time: UnixMillis, amt: Amount) -> OrderId {
    OrderId::new(format!("{}:{t}:{}:{}", coin.product_id(), request_time.0, amt.normalized()))
}

/// `<coin>:<type>:sent:<sentAt>:<amt>` for an accepted write not yet in history.
pub fn staking_accepted_id(coin: StakingCoin, t: &HistoryType, sent_at: UnixMillis, amt: Amount) -> OrderId {
    OrderId::new(format!("{}:{t}:sent:{}:{}", coin.product_id(), sent_at.0, amt.normalized()))
}

/// Where an adapter product id routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProductRoute {
    /// ETH or SOL staking.
    Staking(StakingCoin),
    /// An on-chain earn offer (`productId`).
    Onchain(String),
}

impl ProductRoute {
    /// Parses `eth`, `sol` or `onchain:<productId>`.
    pub fn parse(id: &str) -> Option<Self> {
        if let Some(p) = id.strip_prefix(ONCHAIN_PREFIX) {
            return (!p.is_empty()).then(|| ProductRoute::Onchain(p.to_owned()));
        }
        StakingCoin::from_product_id(id).map(ProductRoute::Staking)
    }
}

/// Where an adapter order id routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderRoute {
    /// A staking row with an OKX `ordId`.
    StakingOrder(StakingCoin, String),
    /// A staking row identified by type, request time and amount.
    StakingRow(StakingCoin, HistoryType, UnixMillis, Amount),
    /// An accepted staking write identified by type, send time and amount.
    StakingAccepted(StakingCoin, HistoryType, UnixMillis, Amount),
    /// An on-chain earn order.
    Onchain(String),
}

impl OrderRoute {
    /// Parses any id this adapter issues.
    pub fn parse(id: &str) -> Option<Self> {
        if let Some(o) = id.strip_prefix(ONCHAIN_PREFIX) {
            return (!o.is_empty()).then(|| OrderRoute::Onchain(o.to_owned()));
        }
        let (coin, rest) = id.split_once(':')?;
        let coin = StakingCoin::from_product_id(coin)?;
        let parts: Vec<&str> = rest.split(':').collect();
        let ms = |s: &str| s.parse::<i64>().ok().map(UnixMillis);
        let ty = |s: &str| match HistoryType::from_text(s) {
            HistoryType::Other(_) => None,
            t => Some(t),
        };
        match parts.as_slice() {
            [ord] if !ord.is_empty() => Some(OrderRoute::StakingOrder(coin, (*ord).to_owned())),
            [t, time, amt] => Some(OrderRoute::StakingRow(coin, ty(t)?, ms(time)?, Amount::parse(amt).ok()?)),
            [t, "sent", time, amt] => {
                Some(OrderRoute::StakingAccepted(coin, ty(t)?, ms(time)?, Amount::parse(amt).ok()?))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let a = Amount::parse("1.50").unwrap();
        let row = staking_row_id(StakingCoin::Sol, &HistoryType::Purchase, UnixMillis(5), a);
        assert_eq!(row.as_str(), "sol:purchase:5:1.5");
        assert_eq!(
            OrderRoute::parse(row.as_str()),
            Some(OrderRoute::StakingRow(StakingCoin::Sol, HistoryType::Purchase, UnixMillis(5), a))
        );
        let acc = staking_accepted_id(StakingCoin::Eth, &HistoryType::Redeem, UnixMillis(7), a);
        assert!(matches!(OrderRoute::parse(acc.as_str()), Some(OrderRoute::StakingAccepted(StakingCoin::Eth, ..))));
        assert_eq!(OrderRoute::parse("eth:123"), Some(OrderRoute::StakingOrder(StakingCoin::Eth, "123".into())));
        assert_eq!(OrderRoute::parse("onchain:754147"), Some(OrderRoute::Onchain("754147".into())));
        assert_eq!(OrderRoute::parse("btc:1"), None);
        assert_eq!(ProductRoute::parse("onchain:101"), Some(ProductRoute::Onchain("101".into())));
        assert_eq!(ProductRoute::parse("ETH"), Some(ProductRoute::Staking(StakingCoin::Eth)));
        assert_eq!(ProductRoute::parse("onchain:"), None);
    }
}
