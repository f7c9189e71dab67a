//! [`BybitEnvironment`]: which Bybit deployment a client talks to.

/// Which Bybit deployment to use. API keys belong to one environment: a mainnet key on
/// testnet fails with retCode 10003.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BybitEnvironment {
    /// Production, `https://api.bybit.com`.
    Mainnet,
    /// Testnet, `https://api-testnet.bybit.com` (own keys; all Earn doc examples use it).
    Testnet,
    /// Demo trading, `https://api-demo.bybit.com` (own keys). Bybit does **not** list Earn
    /// among the demo-trading APIs, so Earn calls will most likely be refused there.
    Demo,
}

impl BybitEnvironment {
    /// The REST base URL, without a trailing `/`.
    pub fn base_url(self) -> &'static str {
        match self {
            BybitEnvironment::Mainnet => "https://api.bybit.com",
            BybitEnvironment::Testnet => "https://api-testnet.bybit.com",
            BybitEnvironment::Demo => "https://api-demo.bybit.com",
        }
    }
}

/// Alternative mainnet host (`api.bytick.com`), for [`base_url`](crate::BybitEarnClientBuilder::base_url).
pub const MAINNET_ALTERNATIVE: &str = "https://api.bytick.com";
