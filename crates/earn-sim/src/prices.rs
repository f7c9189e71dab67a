//! Indicative USD prices of the coins the simulated exchanges hold. Static data: the USD
//! fields of the balance endpoints (OKX `eqUsd`/`totalEq`, Bybit `usdValue`/`totalEquity`)
//! are computed from them. A coin not listed is worth nothing here.

use rust_decimal::Decimal;

/// `(coin, USD price)`; liquid staking tokens at the price of what they stand for.
static USD_PRICES: &[(&str, i64, u32)] = &[
    ("USDT", 1, 0),
    ("USDC", 1, 0),
    ("BYUSDT", 1, 0),
    ("BTC", 60_000, 0),
    ("ETH", 3_000, 0),
    ("BETH", 3_000, 0),
    ("WBETH", 3_000, 0),
    ("BNSOL", 150, 0),
    ("BUSD", 1, 0),
    ("METH", 3_000, 0),
    ("SOL", 150, 0),
    ("OKSOL", 150, 0),
    ("DOT", 5, 0),
    ("ATOM", 8, 0),
    ("ADA", 5, 1),
    ("MNT", 8, 1),
];

/// The USD price of one `coin` (zero when unknown).
pub(crate) fn usd_price(coin: &str) -> Decimal {
    USD_PRICES.iter().find(|(c, _, _)| *c == coin).map_or(Decimal::ZERO, |(_, n, scale)| Decimal::new(*n, *scale))
}

/// `amount` of `coin` in USD, rounded to 8 decimals.
pub(crate) fn usd_value(coin: &str, amount: Decimal) -> Decimal {
    (amount * usd_price(coin)).round_dp(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_exact_and_unknown_coins_are_worthless() {
        assert_eq!(usd_value("ETH", Decimal::new(15, 1)), Decimal::from(4500));
        assert_eq!(usd_price("ADA"), Decimal::new(5, 1));
        assert_eq!(usd_price("NOPE"), Decimal::ZERO);
    }
}
