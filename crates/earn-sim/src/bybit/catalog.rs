//! What the Bybit simulator sells: Easy & On-Chain Earn and Fixed Saving products.
//! Static data only.

use rust_decimal::Decimal;

pub(crate) const MS_PER_DAY: i64 = 86_400_000;

/// The simulated user's UID (`memberId`) and its UNIFIED account id.
pub(crate) const MEMBER_ID: &str = "520001";
pub(crate) const ACCOUNT_ID: &str = "1631385";

/// The account types of a UID (enum page, 2026).
pub(crate) const ACCOUNT_TYPES: &[&str] = &["FUND", "UNIFIED"];
/// Account types older docs and SDKs still name; transfers into or out of them are refused
/// (`131231`/`131232`).
pub(crate) const LEGACY_ACCOUNT_TYPES: &[&str] = &["SPOT", "CONTRACT", "INVESTMENT", "OPTION", "EARN"];

/// Coins that move between FUND and UNIFIED (`query-transfer-coin-list`), and the most
/// decimals a transfer amount may have (`131210` beyond).
pub(crate) const TRANSFER_COINS: &[&str] = &["BTC", "ETH", "METH", "MNT", "SOL", "USDC", "USDT"];
pub(crate) const TRANSFER_PRECISION: u32 = 8;

/// Earn categories of this family.
pub(crate) const CATEGORIES: &[&str] = &["FlexibleSaving", "OnChain"];

/// One seeded product.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) category: &'static str,
    pub(crate) id: &'static str,
    pub(crate) coin: &'static str,
    /// Estimated APR, percent text without `%`.
    pub(crate) apr_percent: &'static str,
    pub(crate) min_stake: &'static str,
    pub(crate) max_stake: &'static str,
    pub(crate) precision: u32,
    pub(crate) available: bool,
    /// OnChain `Flexible`/`Fixed`; `""` for FlexibleSaving.
    pub(crate) duration: &'static str,
    /// Days, OnChain `Fixed` only.
    pub(crate) term: i64,
    /// LST products: the swap coin (`coin != swap_coin`); `""` otherwise.
    pub(crate) swap_coin: &'static str,
    pub(crate) min_redeem: &'static str,
    pub(crate) max_redeem: &'static str,
    pub(crate) reward_distribution: &'static str,
}

impl Product {
    pub(crate) fn is_lst(&self) -> bool {
        !self.swap_coin.is_empty() && self.swap_coin != self.coin
    }

    pub(crate) fn is_onchain(&self) -> bool {
        self.category == "OnChain"
    }

    /// Estimated APR as a fraction (`"3"` % → 0.03).
    pub(crate) fn apr(&self) -> Decimal {
        self.apr_percent.parse::<Decimal>().unwrap_or(Decimal::ZERO) / Decimal::ONE_HUNDRED
    }

    pub(crate) fn decimal(text: &str) -> Decimal {
        text.parse().unwrap_or(Decimal::ZERO)
    }
}

const fn flexible(
    id: &'static str,
    coin: &'static str,
    apr: &'static str,
    min: &'static str,
    max: &'static str,
    precision: u32,
    available: bool,
) -> Product {
    Product {
        category: "FlexibleSaving",
        id,
        coin,
        apr_percent: apr,
        min_stake: min,
        max_stake: max,
        precision,
        available,
        duration: "",
        term: 0,
        swap_coin: "",
        min_redeem: "",
        max_redeem: "",
        reward_distribution: "",
    }
}

pub(crate) static PRODUCTS: &[Product] = &[
    flexible("430", "BTC", "3", "0.001", "10", 8, true),
    flexible("428", "USDT", "4.25", "1", "1000000", 4, true),
    flexible("431", "SOL", "2.1", "0.1", "5000", 6, false),
    Product {
        category: "OnChain",
        id: "501",
        coin: "ETH",
        apr_percent: "3.4",
        min_stake: "0.01",
        max_stake: "100",
        precision: 8,
        available: true,
        duration: "Flexible",
        term: 0,
        swap_coin: "ETH",
        min_redeem: "",
        max_redeem: "",
        reward_distribution: "Simple",
    },
    Product {
        category: "OnChain",
        id: "502",
        coin: "ETH",
        apr_percent: "3.1",
        min_stake: "0.01",
        max_stake: "1000",
        precision: 8,
        available: true,
        duration: "Flexible",
        term: 0,
        swap_coin: "METH",
        min_redeem: "0.01",
        max_redeem: "500",
        reward_distribution: "Other",
    },
    Product {
        category: "OnChain",
        id: "503",
        coin: "USDT",
        apr_percent: "8",
        min_stake: "10",
        max_stake: "50000",
        precision: 4,
        available: true,
        duration: "Fixed",
        term: 30,
        swap_coin: "USDT",
        min_redeem: "",
        max_redeem: "",
        reward_distribution: "Simple",
    },
];

/// The product `id` of `category`.
pub(crate) fn find(category: &str, id: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.category == category && p.id == id)
}

/// Fixed Saving categories.
pub(crate) const FIXED_CATEGORIES: &[&str] = &["FixedTermSaving", "FundPool", "FundPoolPremium"];

/// One Fixed Saving product.
#[derive(Debug)]
pub(crate) struct FixedProduct {
    pub(crate) id: &'static str,
    pub(crate) category: &'static str,
    pub(crate) coin: &'static str,
    /// `"30d"`, `"8h"`.
    pub(crate) duration: &'static str,
    pub(crate) duration_ms: i64,
    pub(crate) status: &'static str,
    pub(crate) min: &'static str,
    pub(crate) max: &'static str,
    pub(crate) precision: u32,
    pub(crate) early_redemption: bool,
    /// Minimum holding time before an early redemption (`earlyRedeemInfo`), e.g. `"0m"`.
    pub(crate) redemption_limit: &'static str,
    pub(crate) auto_reinvest: bool,
    pub(crate) apy: &'static str,
}

pub(crate) static FIXED_PRODUCTS: &[FixedProduct] = &[
    FixedProduct {
        id: "7001",
        category: "FixedTermSaving",
        coin: "USDT",
        duration: "30d",
        duration_ms: 30 * 86_400_000,
        status: "Available",
        min: "100",
        max: "100000",
        precision: 4,
        early_redemption: false,
        redemption_limit: "",
        auto_reinvest: false,
        apy: "5.00%",
    },
    FixedProduct {
        id: "7002",
        category: "FundPool",
        coin: "USDT",
        duration: "8h",
        duration_ms: 8 * 3_600_000,
        status: "Available",
        min: "10",
        max: "50000",
        precision: 2,
        early_redemption: true,
        redemption_limit: "0m",
        auto_reinvest: true,
        apy: "2.50%",
    },
    FixedProduct {
        id: "7003",
        category: "FundPoolPremium",
        coin: "BTC",
        duration: "1d",
        duration_ms: 86_400_000,
        status: "SoldOut",
        min: "0.01",
        max: "5",
        precision: 6,
        early_redemption: false,
        redemption_limit: "",
        auto_reinvest: false,
        apy: "1.20%",
    },
];

/// The Fixed Saving product `id` of `category`.
pub(crate) fn fixed_product(category: &str, id: &str) -> Option<&'static FixedProduct> {
    FIXED_PRODUCTS.iter().find(|p| p.category == category && p.id == id)
}

/// The BYUSDT token product (`/v5/earn/token/*`): the only coin those endpoints accept.
pub(crate) const BYUSDT: &str = "BYUSDT";
pub(crate) const BYUSDT_PRODUCT_ID: &str = "1";
/// Fee rates and APR in 1e-8 units, as the venue writes them.
pub(crate) const BYUSDT_MINT_FEE_E8: i64 = 0;
pub(crate) const BYUSDT_REDEEM_FEE_E8: i64 = 100_000;
pub(crate) const BYUSDT_APR_E8: i64 = 60_000_000;
pub(crate) const BYUSDT_MIN_INVESTMENT: &str = "1";
/// Total BYUSDT one user may hold.
pub(crate) const BYUSDT_QUOTA: i64 = 1_000_000;
/// Decimal places of USDT and BYUSDT amounts.
pub(crate) const BYUSDT_PRECISION: u32 = 4;
/// The FlexibleSaving product whose USDT a mint draws on.
pub(crate) const BYUSDT_SAVINGS_PRODUCT: &str = "428";

/// One Hold to Earn (airdrop) product.
#[derive(Debug)]
pub(crate) struct HoldProduct {
    pub(crate) coin: &'static str,
    /// Airdropped coins and their APY (`"10%"`).
    pub(crate) yields: &'static [(&'static str, &'static str)],
    /// `NotStarted`, `Online`, `Ended`.
    pub(crate) status: &'static str,
    pub(crate) apy: &'static str,
}

pub(crate) static HOLD_PRODUCTS: &[HoldProduct] = &[
    HoldProduct { coin: "USDT", yields: &[("USDT", "5%")], status: "Online", apy: "5%" },
    HoldProduct { coin: "MNT", yields: &[("MNT", "2%"), ("USDT", "1.5%")], status: "Online", apy: "3.5%" },
    HoldProduct { coin: "BTC", yields: &[("BTC", "0.5%")], status: "Ended", apy: "0.5%" },
];
