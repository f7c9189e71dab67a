//! [`OkxWeb3DefiVenue`]: the non-custodial [`EarnVenue`] adapter.

mod gen5;
mod gen6;
mod plan;

use async_trait::async_trait;
use earn_core::{
    Asset, Capabilities, Custody, EarnVenue, Error, Operation, Position, Product, ProductFilter, RedeemRequest,
    RedemptionEstimate, Result, StakeRequest, VenueError, VenueId, WriteOutcome,
};

use crate::{ChainFamily, ChainId, OkxWeb3DefiClient, Slippage, VENUE, WalletAddress};

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
pub(crate) struct Options {
    pub chains: Vec<ChainId>,
    pub v5_networks: Vec<String>,
    pub v5_kinds: Vec<crate::v5::SimplifyInvestType>,
    pub v5_limit: u32,
    pub v6_keywords: Vec<String>,
    pub v6_max_pages: u32,
    pub slippage: Option<Slippage>,
}

fn defaults(family: ChainFamily) -> (Vec<ChainId>, Vec<String>) {
    let (chain, network) = match family {
        ChainFamily::Evm => (1, "ETH"),
        ChainFamily::Solana => (501, "SOL"),
        ChainFamily::Sui => (784, "SUI"),
        ChainFamily::Aptos => (637, "APT"),
        ChainFamily::Tron => (195, "TRX"),
        ChainFamily::Bitcoin => (0, "BTC"),
        ChainFamily::Ton => (607, "TON"),
    };
    (vec![ChainId::from_u64(chain)], vec![network.to_owned()])
}

/// The OKX Web3 DeFi API as an [`EarnVenue`], for one wallet, on either generation.
///
/// Non-custodial: `stake` and `redeem` return
/// [`WriteOutcome::NeedsSignature`] with the unsigned transactions (approvals first) built
/// by the venue for `wallet`; nothing moves until the wallet signs and broadcasts them.
/// There are no orders, so order lookup, recent orders, cancel and reconcile are
/// unsupported. `ProductId`s are the venue's `investmentId`s.
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
        let (chains, v5_networks) = defaults(wallet.family());
        OkxWeb3DefiVenue {
            client,
            wallet,
            generation,
            options: Options {
                chains,
                v5_networks,
                v5_kinds: vec![crate::v5::SimplifyInvestType::Stablecoin, crate::v5::SimplifyInvestType::Single],
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
    pub fn v5_kinds(mut self, kinds: impl IntoIterator<Item = crate::v5::SimplifyInvestType>) -> Self {
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

    fn ensure_chain(&self, chain: &ChainId) -> Result<()> {
        if self.wallet.fits_chain(chain) {
            Ok(())
        } else {
            Err(Error::invalid_input(
                "product",
                format!(
                    "the product is on chain {chain}, where the {} wallet {} cannot act",
                    self.wallet.family(),
                    self.wallet
                ),
            ))
        }
    }
}

/// A product that cannot be used now, as a typed error.
pub(crate) fn unavailable(code: &str, message: String) -> Error {
    Error::ProductUnavailable(VenueError::new(VENUE, code, message, None))
}

/// Asset label of a product: its token symbols joined with `/`.
pub(crate) fn asset_of<'a>(symbols: impl Iterator<Item = &'a str>) -> Asset {
    Asset::new(symbols.collect::<Vec<_>>().join("/"))
}

#[async_trait]
impl EarnVenue for OkxWeb3DefiVenue {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn capabilities(&self) -> Capabilities {
        let c = Capabilities::new(Custody::NonCustodial)
            .with(Operation::Products)
            .with(Operation::Positions)
            .with(Operation::Stake)
            .with(Operation::Redeem);
        match self.generation {
            ApiGeneration::V5 => c.with(Operation::RedemptionEstimate),
            ApiGeneration::V6 => c,
        }
    }

    async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        match self.generation {
            ApiGeneration::V5 => gen5::products(self, filter).await,
            ApiGeneration::V6 => gen6::products(self, filter).await,
        }
    }

    async fn positions(&self) -> Result<Vec<Position>> {
        match self.generation {
            ApiGeneration::V5 => gen5::positions(self).await,
            ApiGeneration::V6 => gen6::positions(self).await,
        }
    }

    async fn stake(&self, request: &StakeRequest) -> Result<WriteOutcome> {
        if request.client_id.is_some() {
            return Err(Error::invalid_input("client_id", "the OKX Web3 DeFi API has no client order id"));
        }
        earn_core::AmountRules::default().check("amount", request.amount)?;
        let plan = match self.generation {
            ApiGeneration::V5 => gen5::stake(self, request).await?,
            ApiGeneration::V6 => gen6::stake(self, request).await?,
        };
        Ok(WriteOutcome::NeedsSignature(plan))
    }

    async fn redemption_estimate(&self, request: &RedeemRequest) -> Result<RedemptionEstimate> {
        earn_core::AmountRules::default().check("amount", request.amount)?;
        match self.generation {
            ApiGeneration::V5 => gen5::redemption_estimate(self, request).await,
            ApiGeneration::V6 => Err(Error::unsupported(VENUE, Operation::RedemptionEstimate)),
        }
    }

    async fn redeem(&self, request: &RedeemRequest) -> Result<WriteOutcome> {
        if request.client_id.is_some() {
            return Err(Error::invalid_input("client_id", "the OKX Web3 DeFi API has no client order id"));
        }
        earn_core::AmountRules::default().check("amount", request.amount)?;
        let plan = match self.generation {
            ApiGeneration::V5 => gen5::redeem(self, request).await?,
            ApiGeneration::V6 => gen6::redeem(self, request).await?,
        };
        Ok(WriteOutcome::NeedsSignature(plan))
    }
}
