//! What the OKX exchange simulator sells: ETH/SOL staking, the on-chain earn offers and
//! Simple Earn Flexible (savings), and the accounts money sits in. Static data only.

use rust_decimal::Decimal;

/// Account code of the funding account (`from`/`to` of a transfer).
pub(crate) const FUNDING: &str = "6";
/// Account code of the trading account.
pub(crate) const TRADING: &str = "18";

/// One Simple Earn Flexible currency: what the lending market pays for it.
#[derive(Debug)]
pub(crate) struct SavingsProduct {
    pub(crate) ccy: &'static str,
    /// Annual lending rate of the market, a fraction (`0.0876` = 8.76 %): what lent money
    /// earns, hour by hour, and what `lending-rate-summary`/`-history` report.
    pub(crate) market_rate: &'static str,
}

impl SavingsProduct {
    pub(crate) fn market_rate(&self) -> Decimal {
        self.market_rate.parse().unwrap_or(Decimal::ZERO)
    }
}

/// Savings currencies. The rates are above the lowest minimum a user may set (`0.01`) and
/// chosen so that one unit earns a round amount per hour (rate / 8760): USDT 0.00001, USDC
/// 0.000005, ETH 0.000003, BTC 0.000002.
pub(crate) static SAVINGS: &[SavingsProduct] = &[
    SavingsProduct { ccy: "USDT", market_rate: "0.0876" },
    SavingsProduct { ccy: "USDC", market_rate: "0.0438" },
    SavingsProduct { ccy: "ETH", market_rate: "0.02628" },
    SavingsProduct { ccy: "BTC", market_rate: "0.01752" },
];

/// The savings product of `ccy`.
pub(crate) fn savings_product(ccy: &str) -> Option<&'static SavingsProduct> {
    SAVINGS.iter().find(|p| p.ccy == ccy)
}

/// The user's minimum lending rate: `0.01`…`3.65` ("between 1% and 365%", inclusive).
pub(crate) const MIN_LENDING_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
pub(crate) const MAX_LENDING_RATE: Decimal = Decimal::from_parts(365, 0, 0, false, 2);

/// The fixed facts of one staking product.
#[derive(Debug)]
pub(crate) struct StakingProduct {
    /// Staked asset (`ETH`, `SOL`).
    pub(crate) asset: &'static str,
    /// Token received 1:1 (`BETH`, `OKSOL`).
    pub(crate) token: &'static str,
    pub(crate) min_amt: &'static str,
    /// Latest APY in percent, as OKX's product-info shows it.
    pub(crate) rate_percent: &'static str,
    pub(crate) fast_redemption_daily_limit: &'static str,
    /// ETH: array `data`, `ordId` in history, `ts` in balance, `cancelled` status.
    pub(crate) is_eth: bool,
    /// Bill types: purchase debit, token mint, redeem request, redeem settlement.
    pub(crate) bills: [(&'static str, &'static str); 4],
}

pub(crate) static ETH: StakingProduct = StakingProduct {
    asset: "ETH",
    token: "BETH",
    min_amt: "0.001",
    rate_percent: "2.23",
    fast_redemption_daily_limit: "100",
    is_eth: true,
    bills: [
        ("137", "ETH staking subscription"),
        ("138", "ETH staking swapping"),
        ("138", "ETH staking swapping"),
        ("138", "ETH staking swapping"),
    ],
};

pub(crate) static SOL: StakingProduct = StakingProduct {
    asset: "SOL",
    token: "OKSOL",
    min_amt: "0.01",
    rate_percent: "5.57",
    fast_redemption_daily_limit: "240",
    is_eth: false,
    bills: [
        ("329", "SOL staking subscribe"),
        ("330", "SOL staking mint"),
        ("331", "SOL staking redeem order"),
        ("332", "SOL staking settle"),
    ],
};

/// One on-chain earn product (`offers`).
#[derive(Debug)]
pub(crate) struct EarnProduct {
    pub(crate) id: &'static str,
    pub(crate) ccy: &'static str,
    pub(crate) protocol: &'static str,
    /// Fixed term in days, 0 = flexible.
    pub(crate) term: i64,
    pub(crate) apy: &'static str,
    pub(crate) early_redeem: bool,
    pub(crate) state: &'static str,
    pub(crate) min_amt: &'static str,
    pub(crate) max_amt: &'static str,
    pub(crate) redeem_period: [&'static str; 2],
}

pub(crate) static EARN_PRODUCTS: &[EarnProduct] = &[
    EarnProduct {
        id: "101",
        ccy: "DOT",
        protocol: "Polkadot",
        term: 0,
        apy: "0.1767",
        early_redeem: false,
        state: "purchasable",
        min_amt: "2",
        max_amt: "100000",
        redeem_period: ["28D", "28D"],
    },
    EarnProduct {
        id: "102",
        ccy: "USDT",
        protocol: "Compound",
        term: 30,
        apy: "0.0512",
        early_redeem: true,
        state: "purchasable",
        min_amt: "10",
        max_amt: "500000",
        redeem_period: ["1D", "1D"],
    },
    EarnProduct {
        id: "103",
        ccy: "ATOM",
        protocol: "Cosmos",
        term: 0,
        apy: "0.1203",
        early_redeem: false,
        state: "sold_out",
        min_amt: "1",
        max_amt: "0",
        redeem_period: ["21D", "21D"],
    },
    EarnProduct {
        id: "104",
        ccy: "ADA",
        protocol: "Cardano",
        term: 0,
        apy: "0.0301",
        early_redeem: false,
        state: "Stop",
        min_amt: "10",
        max_amt: "0",
        redeem_period: ["1D", "1D"],
    },
];

/// The on-chain earn product `id`.
pub(crate) fn earn_product(id: &str) -> Option<&'static EarnProduct> {
    EARN_PRODUCTS.iter().find(|p| p.id == id)
}
