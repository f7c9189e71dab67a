//! [`open_enum!`](crate::open_enum): venue enumerations that keep unknown values.

/// Declares a venue enumeration: one variant per documented wire text, plus
/// `Other(String)` keeping any value the venue adds later, verbatim.
///
/// The generated type has `as_str`, `is_known`, `FromStr` (infallible), `Display`, and serde
/// as the wire text. It is a plain `pub enum`; no method is hidden behind the macro.
///
/// ```
/// earn_core::open_enum! {
///     /// Order side.
///     pub enum Side {
///         /// Buy.
///         Buy = "buy",
///         /// Sell.
///         Sell = "sell",
///     }
/// }
/// let s: Side = serde_json::from_str("\"buy\"").unwrap();
/// assert_eq!(s, Side::Buy);
/// let new: Side = serde_json::from_str("\"lend\"").unwrap();
/// assert_eq!(new, Side::Other("lend".into()));
/// assert!(!new.is_known());
/// assert_eq!(serde_json::to_string(&new).unwrap(), "\"lend\"");
/// ```
#[macro_export]
macro_rules! open_enum {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vm])* $variant,)+
            /// A value this SDK does not know yet, kept verbatim.
            Other(::std::string::String),
        }

        impl $name {
            /// The venue's text.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }

            /// Whether this is a documented value (not [`Other`](Self::Other)).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match s {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::wire::lenient::OpenEnum for $name {}

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = $crate::wire::lenient::id_string(d)?;
                match s.parse() {
                    Ok(v) => Ok(v),
                    Err(never) => match never {},
                }
            }
        }
    };
}
