//! [`OkxWeb3DefiVenue`]: the non-custodial [`EarnVenue`] adapter, on either generation of
//! the API. The trait impl is thin: each operation lives in its own file.

mod accounts;
mod orders;
mod positions;
mod products;
mod reconcile;
mod writes;

use async_trait::async_trait;
use earn_core::{
    Capabilities, EarnVenue, Order, OrderQuery, OrderRef, Position, Product, ProductFilter, ReconcileIntent,
    Reconciliation, RedeemRequest, RedemptionEstimate, Result, StakeRequest, VenueId, WriteOutcome,
};

use crate::api::address::WalletAddress;
use crate::api::numbers::Slippage;
use crate::api::types::ChainId;
use crate::api::v5_explore::SimplifyInvestType;
use crate::client::OkxWeb3DefiClient;
use crate::dialect::VENUE;

/// Which generation of the API the adapter speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiGeneration {
    /// `/api/v5/defi/…`: explore, calculators, authorization/subscription/redemption.
    V5,
    /// `/api/v6/defi/…`: search, detail, prepare, enter/exit.
    V6,
}

/// Adapter options (builder methods on [`OkxWeb3DefiVenue`]).
#[derive(Clone, Debug)]
struct Options {
    chains: Vec<ChainId>,
    v5_networks: Vec<String>,
    v5_kinds: Vec<SimplifyInvestType>,
    v5_limit: u32,
    v6_keywords: Vec<String>,
    v6_max_pages: u32,
    slippage: Option<Slippage>,
}

/// The OKX Web3 DeFi API as an [`EarnVenue`], for one wallet, on either generation.
///
/// Non-custodial: `stake` and `redeem` return
/// [`WriteOutcome::NeedsSignature`] with the unsigned transactions (approvals first) built
/// by the venue for `wallet`; nothing moves until the wallet signs and broadcasts them.
/// There are no orders, so order lookup, recent orders, cancel and reconcile are
/// unsupported (and the capabilities say so). `ProductId`s are the venue's `investmentId`s.
///
/// Products are discovered per chain: v5 lists products of each configured network
/// ([`v5_networks`](Self::v5_networks), default from the wallet's family, e.g. `ETH`);
/// v6 searches by token keyword (the filter's asset, else [`v6_keywords`](Self::v6_keywords)).
/// v6 has no redemption calculator, so `redemption_estimate` is v5-only.
#[derive(Clone, Debug)]
pub struct OkxWeb3DefiVenue {
    client: OkxWeb3DefiClient,
    wallet: WalletAddress,
    generation: ApiGeneration,
    options: Options,
}

impl OkxWeb3DefiVenue {
    /// An adapter for `wallet` on `generation`.
    pub fn new(client: OkxWeb3DefiClient, wallet: WalletAddress, generation: ApiGeneration) -> Self {
        let (chains, v5_networks) = accounts::defaults(wallet.family());
        OkxWeb3DefiVenue {
            client,
            wallet,
            generation,
            options: Options {
                chains,
                v5_networks,
                v5_kinds: vec![SimplifyInvestType::Stablecoin, SimplifyInvestType::Single],
                v5_limit: 50,
                v6_keywords: ["USDC", "USDT", "ETH", "DAI"].map(String::from).to_vec(),
                v6_max_pages: 3,
                slippage: None,
            },
        }
    }

    /// Chains to look at (positions; v6 search filter). Default: the wallet family's main chain.
    pub fn chains(mut self, chains: impl IntoIterator<Item = ChainId>) -> Self {
        self.options.chains = chains.into_iter().collect();
        self
    }

    /// v5 product-list networks (`ETH`, `BSC`, `OP`, `MATIC`, …).
    pub fn v5_networks<S: Into<String>>(mut self, networks: impl IntoIterator<Item = S>) -> Self {
        self.options.v5_networks = networks.into_iter().map(Into::into).collect();
        self
    }

    /// v5 product kinds listed (default: stablecoin and single-token, the single-asset kinds).
    pub fn v5_kinds(mut self, kinds: impl IntoIterator<Item = SimplifyInvestType>) -> Self {
        self.options.v5_kinds = kinds.into_iter().collect();
        self
    }

    /// v5 product-list page size (default 50).
    pub fn v5_limit(mut self, limit: u32) -> Self {
        self.options.v5_limit = limit.max(1);
        self
    }

    /// v6 search keywords used when the filter names no asset.
    pub fn v6_keywords<S: Into<String>>(mut self, keywords: impl IntoIterator<Item = S>) -> Self {
        self.options.v6_keywords = keywords.into_iter().map(Into::into).collect();
        self
    }

    /// v6 search pages read at most (20 products each; default 3).
    pub fn v6_max_pages(mut self, pages: u32) -> Self {
        self.options.v6_max_pages = pages.max(1);
        self
    }

    /// Slippage sent with builds and estimates (default: the venue's, 1 %).
    pub fn slippage(mut self, slippage: Slippage) -> Self {
        self.options.slippage = Some(slippage);
        self
    }

    /// The wallet.
    pub fn wallet(&self) -> &WalletAddress {
        &self.wallet
    }

    /// The generation.
    pub fn generation(&self) -> ApiGeneration {
        self.generation
    }

    /// The typed client.
    pub fn client(&self) -> &OkxWeb3DefiClient {
        &self.client
    }
}

#[async_trait]
impl EarnVenue for OkxWeb3DefiVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        accounts::capabilities(self.generation)
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        products::products(self, filter).await
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        positions::positions(self).await
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        writes::stake(self, request).await
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        writes::redemption_estimate(self, request).await
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        writes::redeem(self, request).await
    }

    async fn cancel_redemption(&self, order: &OrderRef) -> Result<Order> {
        writes::cancel_redemption(order)
    }

    async fn order(&self, order: &OrderRef) -> Result<Option<Order>> {
        orders::order(order)
    }

    async fn recent_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        orders::recent_orders(query)
    }

    async fn reconcile(&self, intent: &ReconcileIntent) -> Result<Reconciliation> {
        reconcile::reconcile(intent)
    }
}
