//! [`Policy`]: what the planner may do, read from a TOML file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use earn_core::{Amount, Asset, Product, ProductId, ProductKind, VenueId};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use crate::duration_text;
use crate::snapshot::asset_key;

/// A treasury policy: reserves, where money may go, and when a move is worth it.
///
/// Written as TOML; every field is optional and the defaults are the cautious ones
/// (no lock-up, no DeFi, no reserve unless you set one). Unknown keys are refused, so a
/// typo never silently drops a limit.
///
/// ```toml
/// reserve_horizon = "0s"     # a redemption in flight counts toward a reserve when its
///                            # product pays back within this
/// allowed_venues = ["bybit-earn", "okx-staking"]   # absent: every venue
/// allowed_kinds = ["flexible", "on_chain", "locked"]
/// max_lock_up = "30d"        # longest locked term (default "0s": nothing locked)
/// max_redemption_delay = "2d"
/// min_apr_gain_bp = 25       # a move must gain at least 0.25 % APR
/// max_venue_share = "60%"    # of an asset's holdings, in products at one venue
/// max_product_share = "40%"  # ... in one product
///
/// # Money that must stay idle (available now, see `reserve_horizon`).
/// [reserves.USDT]
/// total = "5000"                       # across every venue
/// venues = { "bybit-earn" = "1000" }   # at one venue
///
/// [min_order]                # smallest stake or redeem, per asset
/// USDT = "10"
/// ```
///
/// Asset keys are matched case-insensitively (`usdt` is `USDT`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Policy {
    /// Reserves per asset: money that must stay idle, overall and per venue.
    #[serde(default)]
    pub reserves: BTreeMap<String, Reserve>,
    /// How soon money must be able to arrive to count toward a reserve: idle money always
    /// counts; a redemption in flight counts when its product's longest published
    /// redemption delay is within this. Default `"0s"`: only money that is already idle, or
    /// coming back from a product that pays back at once.
    #[serde(default, with = "duration_text::serde_text")]
    pub reserve_horizon: Duration,
    /// Venues the planner may act at; absent: every venue. Others are never touched (their
    /// idle money still counts toward overall reserves).
    #[serde(default)]
    pub allowed_venues: Option<Vec<VenueId>>,
    /// Products money may go into; absent: every product (still subject to the other rules).
    #[serde(default)]
    pub allowed_products: Option<Vec<ProductRef>>,
    /// Kinds of product money may go into. Default: flexible, locked and on-chain (DeFi
    /// needs a wallet signature the executor cannot give).
    #[serde(default = "default_kinds")]
    pub allowed_kinds: Vec<KindName>,
    /// Longest lock-up term money may go into. Default `"0s"`: no locked product.
    #[serde(default, with = "duration_text::serde_text")]
    pub max_lock_up: Duration,
    /// Longest redemption delay money may go into; a product that publishes no delay is
    /// then refused (it cannot be shown to be within). Absent: no limit.
    #[serde(default, with = "duration_text::serde_text::option")]
    pub max_redemption_delay: Option<Duration>,
    /// The smallest APR gain worth a move, in basis points (100 bp = 1 %): staking idle
    /// money must earn at least this APR, moving from one product to another must gain at
    /// least this much APR.
    #[serde(default)]
    pub min_apr_gain_bp: u32,
    /// The most of an asset's holdings (idle + earning + redeeming, across venues) that may
    /// be in products at one venue. Default 100 %.
    #[serde(default = "Percent::hundred")]
    pub max_venue_share: Percent,
    /// The most of an asset's holdings that may be in one product. Default 100 %.
    #[serde(default = "Percent::hundred")]
    pub max_product_share: Percent,
    /// The smallest stake or redeem worth an order, per asset (transfers are exempt).
    #[serde(default)]
    pub min_order: BTreeMap<String, Amount>,
}

fn default_kinds() -> Vec<KindName> {
    vec![KindName::Flexible, KindName::Locked, KindName::OnChain]
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            reserves: BTreeMap::new(),
            reserve_horizon: Duration::ZERO,
            allowed_venues: None,
            allowed_products: None,
            allowed_kinds: default_kinds(),
            max_lock_up: Duration::ZERO,
            max_redemption_delay: None,
            min_apr_gain_bp: 0,
            max_venue_share: Percent::hundred(),
            max_product_share: Percent::hundred(),
            min_order: BTreeMap::new(),
        }
    }
}

/// One asset's reserve.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Reserve {
    /// Idle across every venue.
    #[serde(default)]
    pub total: Amount,
    /// Idle at each venue, by venue id.
    #[serde(default)]
    pub venues: BTreeMap<String, Amount>,
}

impl Reserve {
    /// A reserve of `total` across venues.
    pub fn total(total: Amount) -> Self {
        Reserve { total, venues: BTreeMap::new() }
    }

    /// Adds a reserve of `amount` at `venue`.
    pub fn at(mut self, venue: impl Into<String>, amount: Amount) -> Self {
        self.venues.insert(venue.into(), amount);
        self
    }
}

/// A product at a venue.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductRef {
    /// The venue.
    pub venue: VenueId,
    /// The product, as the venue's adapter names it.
    pub product: ProductId,
}

/// A kind of product, as policies name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    /// [`ProductKind::Flexible`].
    Flexible,
    /// [`ProductKind::Locked`].
    Locked,
    /// [`ProductKind::OnChain`].
    OnChain,
    /// [`ProductKind::DeFi`].
    #[serde(rename = "defi")]
    DeFi,
}

impl KindName {
    /// The name of a product kind; `None` for a kind this crate does not know yet (never
    /// allowed).
    pub fn of(kind: &ProductKind) -> Option<KindName> {
        match kind {
            ProductKind::Flexible => Some(KindName::Flexible),
            ProductKind::Locked { .. } => Some(KindName::Locked),
            ProductKind::OnChain => Some(KindName::OnChain),
            ProductKind::DeFi => Some(KindName::DeFi),
            _ => None,
        }
    }
}

/// A share from 0 to 100 %, exact.
///
/// Written `"60%"`, `"60"`, `"12.5%"` or the integer `60`; TOML floats are refused because
/// they are not exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(Decimal);

impl Percent {
    /// 100 %.
    pub fn hundred() -> Self {
        Percent(Decimal::ONE_HUNDRED)
    }

    /// A share of `percent` %; `None` outside 0..=100.
    pub fn new(percent: Decimal) -> Option<Self> {
        (percent >= Decimal::ZERO && percent <= Decimal::ONE_HUNDRED).then_some(Percent(percent.normalize()))
    }

    /// Parses `"60%"` or `"60"`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let digits = text.strip_suffix('%').unwrap_or(text);
        let d = earn_core::parse_plain_decimal(digits, earn_core::Sign::AllowNegative)
            .map_err(|e| format!("{text:?} is not a percentage: {e}"))?;
        Percent::new(d).ok_or_else(|| format!("{text:?} must be between 0% and 100%"))
    }

    /// The percentage (`60` for 60 %).
    pub fn percent(&self) -> Decimal {
        self.0
    }

    /// `self` of `amount`, exact.
    pub fn of(&self, amount: Decimal) -> Decimal {
        amount * self.0 / Decimal::ONE_HUNDRED
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Percent;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a percentage from 0 to 100 as a string (\"60%\") or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
                Percent::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percent, E> {
                Percent::new(Decimal::from(v)).ok_or_else(|| E::custom(format!("{v} must be between 0% and 100%")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percent, E> {
                Percent::new(Decimal::from(v)).ok_or_else(|| E::custom(format!("{v} must be between 0% and 100%")))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Percent, E> {
                Err(E::custom("write a fractional percentage as a string (\"12.5%\"): a TOML float is not exact"))
            }
        }
        d.deserialize_any(V)
    }
}

/// A policy that cannot be used: which file, which field, which rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct PolicyError {
    /// The file, when the policy came from one.
    pub file: Option<PathBuf>,
    /// The field, as a dotted path (`reserves.USDT.total`); empty for the whole file.
    pub field: String,
    /// The rule it broke.
    pub rule: String,
    /// The line in the file, when known (1-based).
    pub line: Option<usize>,
}

impl PolicyError {
    fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        PolicyError { file: None, field: field.into(), rule: rule.into(), line: None }
    }

    fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(p) => write!(f, "{}", p.display())?,
            None => f.write_str("policy")?,
        }
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if self.field.is_empty() {
            write!(f, ": {}", self.rule)
        } else {
            write!(f, ": `{}`: {}", self.field, self.rule)
        }
    }
}

impl Policy {
    /// Reads and checks a policy file; errors name the file, the field and the rule.
    pub fn load(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| PolicyError::new("", format!("cannot be read: {e}")).in_file(path))?;
        Policy::from_toml_str(&text).map_err(|e| e.in_file(path))
    }

    /// Parses and checks policy text.
    pub fn from_toml_str(text: &str) -> Result<Policy, PolicyError> {
        let line_of = |span: Option<std::ops::Range<usize>>| {
            span.map(|s| text[..s.start.min(text.len())].bytes().filter(|b| *b == b'\n').count() + 1)
        };
        let de = toml::Deserializer::parse(text).map_err(|e| PolicyError {
            line: line_of(e.span()),
            ..PolicyError::new("", format!("is not valid TOML: {}", e.message().trim()))
        })?;
        let policy: Policy = serde_path_to_error::deserialize(de).map_err(|e| {
            let field = e.path().to_string();
            let inner = e.inner();
            PolicyError {
                line: line_of(inner.span()),
                ..PolicyError::new(if field == "." { String::new() } else { field }, inner.message().trim())
            }
        })?;
        policy.validate()?;
        Ok(policy)
    }

    /// Writes the policy as TOML (what [`from_toml_str`](Self::from_toml_str) reads back).
    pub fn to_toml_string(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// Checks the rules types cannot: asset keys unique regardless of case, no empty
    /// names, allowed products at allowed venues, reserves at venues the policy allows.
    pub fn validate(&self) -> Result<(), PolicyError> {
        check_assets("reserves", self.reserves.keys())?;
        check_assets("min_order", self.min_order.keys())?;
        let allowed: Option<BTreeSet<&VenueId>> = self.allowed_venues.as_ref().map(|v| v.iter().collect());
        if let Some(venues) = &self.allowed_venues {
            for (i, v) in venues.iter().enumerate() {
                if v.as_str().trim().is_empty() {
                    return Err(PolicyError::new(format!("allowed_venues[{i}]"), "must not be empty"));
                }
            }
        }
        if let Some(products) = &self.allowed_products {
            for (i, p) in products.iter().enumerate() {
                if p.product.as_str().is_empty() {
                    return Err(PolicyError::new(format!("allowed_products[{i}].product"), "must not be empty"));
                }
                if let Some(allowed) = &allowed
                    && !allowed.contains(&p.venue)
                {
                    return Err(PolicyError::new(
                        format!("allowed_products[{i}].venue"),
                        format!("{:?} is not in allowed_venues, so this product could never be used", p.venue.as_str()),
                    ));
                }
            }
        }
        for (asset, r) in &self.reserves {
            for venue in r.venues.keys() {
                let field = format!("reserves.{asset}.venues.{venue}");
                if venue.trim().is_empty() {
                    return Err(PolicyError::new(field, "a venue id must not be empty"));
                }
                if let Some(allowed) = &allowed
                    && !allowed.iter().any(|v| v.as_str() == venue)
                {
                    return Err(PolicyError::new(
                        field,
                        format!("{venue:?} is not in allowed_venues, so this reserve could never be met"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether the planner may act at `venue`.
    pub fn allows_venue(&self, venue: &VenueId) -> bool {
        self.allowed_venues.as_ref().is_none_or(|v| v.contains(venue))
    }

    /// Why money may not go into `product`, or `None` when it may (venue, product list,
    /// kind, lock-up, redemption delay; the product's own status, rate and limits are the
    /// planner's business).
    pub fn refusal(&self, product: &Product) -> Option<String> {
        if !self.allows_venue(&product.venue) {
            return Some(format!("venue {} is not in allowed_venues", product.venue));
        }
        if let Some(list) = &self.allowed_products
            && !list.iter().any(|r| r.venue == product.venue && r.product == product.id)
        {
            return Some("not in allowed_products".into());
        }
        match KindName::of(&product.kind) {
            Some(k) if self.allowed_kinds.contains(&k) => {}
            Some(k) => return Some(format!("kind {k:?} is not in allowed_kinds")),
            None => return Some("a product kind this version does not know".into()),
        }
        if let Some(term) = product.kind.lock_up()
            && term > self.max_lock_up
        {
            return Some(format!(
                "locked for {}, longer than max_lock_up {}",
                duration_text::format(term),
                duration_text::format(self.max_lock_up)
            ));
        }
        if let Some(max) = self.max_redemption_delay {
            match product.redemption_delay {
                None => return Some("publishes no redemption delay, so max_redemption_delay cannot be checked".into()),
                Some(d) if d.max > max => {
                    return Some(format!(
                        "redemption takes up to {}, longer than max_redemption_delay {}",
                        duration_text::format(d.max),
                        duration_text::format(max)
                    ));
                }
                _ => {}
            }
        }
        None
    }

    /// The overall reserve of `asset` (zero when none).
    pub fn reserve_total(&self, asset: &Asset) -> Amount {
        self.reserve_of(asset).map_or(Amount::ZERO, |r| r.total)
    }

    /// The reserve of `asset` at `venue` (zero when none).
    pub fn reserve_at(&self, asset: &Asset, venue: &VenueId) -> Amount {
        self.reserve_of(asset).and_then(|r| r.venues.get(venue.as_str()).copied()).unwrap_or(Amount::ZERO)
    }

    /// The smallest order of `asset` (zero when none).
    pub fn min_order_of(&self, asset: &Asset) -> Amount {
        let key = asset_key(asset);
        self.min_order.iter().find(|(k, _)| k.eq_ignore_ascii_case(key.as_str())).map_or(Amount::ZERO, |(_, a)| *a)
    }

    fn reserve_of(&self, asset: &Asset) -> Option<&Reserve> {
        let key = asset_key(asset);
        self.reserves.iter().find(|(k, _)| k.eq_ignore_ascii_case(key.as_str())).map(|(_, r)| r)
    }
}

fn check_assets<'a>(field: &str, keys: impl Iterator<Item = &'a String>) -> Result<(), PolicyError> {
    let mut seen = BTreeSet::new();
    for k in keys {
        if k.trim().is_empty() {
            return Err(PolicyError::new(field, "an asset name must not be empty"));
        }
        if !seen.insert(k.to_ascii_uppercase()) {
            return Err(PolicyError::new(
                format!("{field}.{k}"),
                "names an asset twice (asset names are matched case-insensitively)",
            ));
        }
    }
    Ok(())
}
