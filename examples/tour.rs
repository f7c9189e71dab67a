//! The tour: what `earn` does today. Grows with every venue until it runs all three
//! against the embedded simulator.

use earn::*;

fn main() -> Result<()> {
    println!("earn {}: one API for crypto earn products\n", env!("CARGO_PKG_VERSION"));

    println!("Exact amounts (never a float):");
    for text in ["0.1", "1500.25", "1e-7", "+1", ".5", "1_000"] {
        match Amount::parse(text) {
            Ok(a) => println!("  {text:>8} -> {a}"),
            Err(e) => println!("  {text:>8} -> rejected: {e}"),
        }
    }

    let apr = Rate::parse_percent("4.25%").map_err(|e| Error::invalid_input("apr", e.to_string()))?;
    println!("\nRates say what they are: 4.25% is the fraction {apr}");

    let usd = UsdValue::parse("0.9993097704396316094231068522159962")
        .map_err(|e| Error::invalid_input("usd", e.to_string()))?;
    println!("USD valuations keep the venue's digits: {usd} (exact: {})", usd.is_exact());

    let rules = AmountRules { min: Amount::parse("0.01").ok(), max: None, precision: Some(8) };
    let err = rules.check("amount", Amount::parse("0.001").expect("plain decimal")).unwrap_err();
    println!("\nProduct rules are checked before sending: {err}");
    Ok(())
}
