//! Tables for people, JSON for programs: every command prints one or the other.

use std::io::IsTerminal;
use std::time::Duration;

use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};
use earn_core::{Product, ProductKind, Rate};
use serde::Serialize;

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), serde_json::Error> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A table with `headers`; numbers are right-aligned by [`right`].
pub fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY).set_content_arrangement(ContentArrangement::Dynamic).set_header(headers);
    t
}

/// A right-aligned cell (amounts, rates).
pub fn right(text: impl ToString) -> Cell {
    Cell::new(text.to_string()).set_alignment(CellAlignment::Right)
}

/// A rate as a percentage (`4.5%`), or `-`.
pub fn percent(rate: Option<Rate>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{}%", r.percent()))
}

/// A duration in the largest whole units (`30d`, `8h`, `1d12h`, `0s`).
pub fn duration(d: Duration) -> String {
    let mut secs = d.as_secs();
    if secs == 0 {
        return if d.is_zero() { "0s".into() } else { format!("{}ms", d.as_millis()) };
    }
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if secs >= size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

/// A product's kind with its lock-up, as an operator reads it.
pub fn kind(product: &Product) -> String {
    match product.kind {
        ProductKind::Flexible => "flexible".into(),
        ProductKind::Locked { term } => format!("locked {}", duration(term)),
        ProductKind::OnChain => "on-chain".into(),
        ProductKind::DeFi => "defi".into(),
        _ => "other".into(),
    }
}

/// How long a redemption takes, as a range.
pub fn redemption(product: &Product) -> String {
    if !product.redemption_allowed {
        return "not now".into();
    }
    match product.redemption_delay {
        None => "unknown".into(),
        Some(d) if d.min == d.max => duration(d.max),
        Some(d) => format!("{}–{}", duration(d.min), duration(d.max)),
    }
}

/// Whether a progress bar should be drawn (an interactive terminal, not `--json`).
pub fn interactive(json: bool) -> bool {
    !json && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_exact() {
        assert_eq!(duration(Duration::from_secs(8 * 3600)), "8h");
        assert_eq!(duration(Duration::from_secs(30 * 86_400)), "30d");
        assert_eq!(duration(Duration::from_secs(86_400 + 12 * 3600)), "1d12h");
        assert_eq!(duration(Duration::ZERO), "0s");
        assert_eq!(duration(Duration::from_millis(250)), "250ms");
    }
}
