//! Shared test support: the three venues built against one embedded simulator.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use earn::prelude::*;
use earn_sim::{SimVenue, Simulator};

/// Settlement delay of the simulator in these tests: long enough to see "pending" even
/// when the client's rate limiter spaces reads of a 3-per-second endpoint.
pub const SETTLEMENT: Duration = Duration::from_millis(1200);

/// Every venue path that applies a write, by operation.
pub const OKX_ETH_WRITES: &[(Operation, &str)] = &[
    (Operation::Stake, "/api/v5/finance/staking-defi/eth/purchase"),
    (Operation::Redeem, "/api/v5/finance/staking-defi/eth/redeem"),
];
pub const OKX_SOL_WRITES: &[(Operation, &str)] = &[
    (Operation::Stake, "/api/v5/finance/staking-defi/sol/purchase"),
    (Operation::Redeem, "/api/v5/finance/staking-defi/sol/redeem"),
];
pub const OKX_ONCHAIN_WRITES: &[(Operation, &str)] = &[
    (Operation::Stake, "/api/v5/finance/staking-defi/purchase"),
    (Operation::Redeem, "/api/v5/finance/staking-defi/redeem"),
];
pub const BYBIT_WRITES: &[(Operation, &str)] =
    &[(Operation::Stake, "/v5/earn/place-order"), (Operation::Redeem, "/v5/earn/place-order")];
pub const BINANCE_FLEXIBLE_WRITES: &[(Operation, &str)] = &[
    (Operation::Stake, "/sapi/v1/simple-earn/flexible/subscribe"),
    (Operation::Redeem, "/sapi/v1/simple-earn/flexible/redeem"),
];
pub const BINANCE_LOCKED_WRITES: &[(Operation, &str)] = &[
    (Operation::Stake, "/sapi/v1/simple-earn/locked/subscribe"),
    (Operation::Redeem, "/sapi/v1/simple-earn/locked/redeem"),
];
pub const BINANCE_ETH_WRITES: &[(Operation, &str)] =
    &[(Operation::Stake, "/sapi/v2/eth-staking/eth/stake"), (Operation::Redeem, "/sapi/v1/eth-staking/eth/redeem")];
pub const BINANCE_SOL_WRITES: &[(Operation, &str)] =
    &[(Operation::Stake, "/sapi/v1/sol-staking/sol/stake"), (Operation::Redeem, "/sapi/v1/sol-staking/sol/redeem")];

/// The OKX Web3 paths that build the transactions of a stake or a redemption (v5: the
/// approval and the investment call; v6: enter and exit). The venue is non-custodial: no
/// write reaches the server, but a bad amount must not even reach these.
pub const WEB3_V5_CALLDATA: &[(Operation, &str)] = &[
    (Operation::Stake, "/api/v5/defi/transaction/authorization"),
    (Operation::Stake, "/api/v5/defi/transaction/subscription"),
    (Operation::Redeem, "/api/v5/defi/transaction/authorization"),
    (Operation::Redeem, "/api/v5/defi/transaction/redemption"),
];
pub const WEB3_V6_CALLDATA: &[(Operation, &str)] =
    &[(Operation::Stake, "/api/v6/defi/transaction/enter"), (Operation::Redeem, "/api/v6/defi/transaction/exit")];

/// Transport settings of every client in these tests.
pub fn transport() -> earn::transport::TransportOptions {
    earn::transport::TransportOptions::default().timeout(Duration::from_secs(5))
}

pub async fn simulator() -> Arc<Simulator> {
    Arc::new(Simulator::builder().settlement_delay(SETTLEMENT).start().await.expect("simulator starts"))
}

pub fn okx_venue(sim: &Simulator) -> okx_staking::OkxStakingVenue {
    let client = okx_staking::OkxStakingClient::builder(okx_staking::Environment::Live)
        .base_url(sim.base_url())
        .credentials(sim.okx_credentials().to_credentials())
        .transport(transport())
        .build()
        .expect("client builds");
    okx_staking::OkxStakingVenue::new(client).poll_interval(Duration::from_millis(50))
}

pub fn bybit_venue(sim: &Simulator) -> bybit_earn::BybitEarnVenue {
    let client = bybit_earn::BybitEarnClient::builder(bybit_earn::Environment::Mainnet)
        .base_url(sim.base_url())
        .credentials(sim.bybit_credentials().to_credentials())
        .transport(transport())
        .build()
        .expect("client builds");
    bybit_earn::BybitEarnVenue::new(client)
}

pub fn binance_venue(sim: &Simulator) -> binance_earn::BinanceEarnVenue {
    let client = binance_earn::BinanceEarnClient::builder(binance_earn::Environment::Production)
        .base_url(sim.base_url())
        .credentials(sim.binance_credentials().to_credentials())
        .transport(transport())
        .build()
        .expect("client builds");
    binance_earn::BinanceEarnVenue::new(client)
}

/// A conformance harness: one venue, one product, one simulator.
#[cfg(feature = "conformance")]
pub struct SimHarness {
    pub sim: Arc<Simulator>,
    pub venue: Arc<dyn EarnVenue>,
    pub target: Option<(ProductId, Amount)>,
    pub writes: std::collections::HashMap<Operation, &'static str>,
    pub token: Option<earn::conformance::ReceiptToken>,
    /// Non-custodial: the paths that build each operation's transactions, counted by
    /// requests received (see [`SimHarness::calldata`]).
    pub calldata: Vec<(Operation, &'static str)>,
}

#[cfg(feature = "conformance")]
impl SimHarness {
    pub fn new(sim: Arc<Simulator>, venue: Arc<dyn EarnVenue>, writes: &[(Operation, &'static str)]) -> Self {
        SimHarness {
            sim,
            venue,
            target: None,
            writes: writes.iter().copied().collect(),
            token: None,
            calldata: Vec::new(),
        }
    }

    /// A non-custodial venue: it sends no write, so no connection can be dropped after one
    /// was applied; what the suite counts as an operation's writes is instead the requests
    /// that build its transactions (`paths`), which a rejected amount must not reach either.
    pub fn calldata(mut self, paths: &[(Operation, &'static str)]) -> Self {
        self.calldata = paths.to_vec();
        self
    }

    /// The target's position is held in `token`, for the stated `reason`.
    pub fn receipt_token(mut self, token: &str, reason: &str) -> Self {
        self.token = Some(earn::conformance::ReceiptToken::new(token, reason));
        self
    }

    /// The simulator path `operation` writes to, or why this harness has none.
    fn write_path(&self, operation: Operation) -> Result<&'static str, String> {
        self.writes.get(&operation).copied().ok_or_else(|| format!("no simulator path is named for {operation} writes"))
    }

    pub fn target(mut self, product: &str, amount: &str) -> Self {
        self.target = Some((product.into(), Amount::parse(amount).expect("plain decimal")));
        self
    }
}

#[cfg(feature = "conformance")]
#[async_trait::async_trait]
impl earn::conformance::ConformanceHarness for SimHarness {
    fn venue(&self) -> Arc<dyn EarnVenue> {
        self.venue.clone()
    }

    fn stake_target(&self) -> Option<(ProductId, Amount)> {
        self.target.clone()
    }

    fn receipt_token(&self) -> Option<earn::conformance::ReceiptToken> {
        self.token.clone()
    }

    async fn wait_for_settlement(&self) {
        tokio::time::sleep(SETTLEMENT + Duration::from_millis(150)).await;
    }

    async fn drop_next_write(&self, operation: Operation) -> Result<(), String> {
        if !self.calldata.is_empty() {
            return Err("non-custodial: the venue sends no write whose answer could be lost".to_owned());
        }
        let path = self.write_path(operation)?;
        self.sim.inject(earn_sim::Fault::on(path).nth(1).drop_after_apply());
        Ok(())
    }

    async fn clear_faults(&self) {
        self.sim.clear_faults();
    }

    fn applied_writes(&self, operation: Operation) -> Result<usize, String> {
        if !self.calldata.is_empty() {
            let paths: Vec<&str> = self.calldata.iter().filter(|(op, _)| *op == operation).map(|(_, p)| *p).collect();
            if paths.is_empty() {
                return Err(format!("no transaction-building path is named for {operation}"));
            }
            return Ok(paths.iter().map(|p| self.sim.requests(p)).sum());
        }
        Ok(self.sim.applied_writes(self.write_path(operation)?))
    }
}

/// The demo account's balance of `asset` at `venue`.
pub fn balance(sim: &Simulator, venue: SimVenue, asset: &str) -> rust_decimal::Decimal {
    sim.balance(venue, asset)
}

pub fn web3_venue(sim: &Simulator, generation: okx_web3_defi::ApiGeneration) -> okx_web3_defi::OkxWeb3DefiVenue {
    let client = okx_web3_defi::OkxWeb3DefiClient::builder()
        .base_url(sim.base_url())
        .credentials(sim.web3_credentials().to_credentials())
        .transport(transport())
        .build()
        .expect("client builds");
    let wallet = okx_web3_defi::WalletAddress::evm(sim.web3_wallet()).expect("demo wallet is a valid EVM address");
    okx_web3_defi::OkxWeb3DefiVenue::new(client, wallet, generation)
}
