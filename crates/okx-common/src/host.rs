//! [`OkxHost`] and [`Environment`]: where a request goes and which accounts it touches.

/// An OKX exchange API host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OkxHost {
    /// `https://www.okx.com`: the older global host, still the default of OKX's SDKs.
    Global,
    /// `https://openapi.okx.com`: the global production host of the current docs. Default.
    #[default]
    OpenApi,
    /// `https://us.okx.com`: accounts registered on app.okx.com (US, AU).
    Us,
    /// `https://eea.okx.com`: accounts registered on my.okx.com (EU/EEA); the global hosts
    /// reject their keys.
    Eea,
}

impl OkxHost {
    /// The base URL, without a trailing `/`.
    pub fn base_url(self) -> &'static str {
        match self {
            OkxHost::Global => "https://www.okx.com",
            OkxHost::OpenApi => "https://openapi.okx.com",
            OkxHost::Us => "https://us.okx.com",
            OkxHost::Eea => "https://eea.okx.com",
        }
    }
}

/// The OKX Web3 API host.
pub const WEB3_HOST: &str = "https://web3.okx.com";

/// Production or demo trading. Always chosen explicitly; there is no default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Production: no `x-simulated-trading` header.
    Live,
    /// Demo trading: `x-simulated-trading: 1` on every request, with demo keys. OKX's demo
    /// answers reads but refuses earn purchases and redemptions (`50038`).
    Demo,
}
