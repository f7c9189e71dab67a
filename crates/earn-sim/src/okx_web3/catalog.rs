//! The seeded DeFi catalogue: chains, tokens, platforms and products.
//!
//! Addresses are the real mainnet contracts of these protocols (lower-case, as the venue
//! writes them); prices, rates and TVL are fixed demo values.

/// Address family of a chain, which decides the accepted address format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// `0x` + 40 hex digits.
    Evm,
    /// Base58 of 32 bytes.
    Solana,
}

/// A chain: OKX chain id (v5 `chainId`, v6 `chainIndex`) and network names.
#[derive(Debug)]
pub(crate) struct Chain {
    pub(crate) id: u64,
    /// v5 network name (`ETH`, `OP`, …).
    pub(crate) v5_network: &'static str,
    /// v6 network name (`ETH`, `OPTIMISM`, …).
    pub(crate) v6_network: &'static str,
    pub(crate) family: Family,
}

/// Supported chains.
pub(crate) static CHAINS: [Chain; 7] = [
    Chain { id: 1, v5_network: "ETH", v6_network: "ETH", family: Family::Evm },
    Chain { id: 10, v5_network: "OP", v6_network: "OPTIMISM", family: Family::Evm },
    Chain { id: 56, v5_network: "BSC", v6_network: "BSC", family: Family::Evm },
    Chain { id: 137, v5_network: "MATIC", v6_network: "POLYGON", family: Family::Evm },
    Chain { id: 8453, v5_network: "BASE", v6_network: "BASE", family: Family::Evm },
    Chain { id: 42161, v5_network: "ARBITRUM", v6_network: "ARBITRUM", family: Family::Evm },
    Chain { id: 501, v5_network: "SOL", v6_network: "SOLANA", family: Family::Solana },
];

/// The chain with this id.
pub(crate) fn chain(id: u64) -> Option<&'static Chain> {
    CHAINS.iter().find(|c| c.id == id)
}

/// A token on one chain.
#[derive(Debug)]
pub(crate) struct Token {
    pub(crate) id: u64,
    pub(crate) symbol: &'static str,
    pub(crate) name: &'static str,
    /// Lower-case for EVM; the native coin uses `0xeeee…` (EVM) or the system program (Solana).
    pub(crate) address: &'static str,
    pub(crate) chain_id: u64,
    pub(crate) decimals: u8,
    /// USD price, many digits.
    pub(crate) price: &'static str,
    pub(crate) is_native: bool,
}

impl Token {
    /// Logo URL.
    pub(crate) fn logo(&self) -> String {
        format!("https://static.okx.com/cdn/web3/currency/token/{}.png", self.symbol.to_ascii_lowercase())
    }

    /// Whether `address` names this token (EVM case-insensitively).
    pub(crate) fn is(&self, address: &str) -> bool {
        if self.address.starts_with("0x") {
            self.address.eq_ignore_ascii_case(address)
        } else {
            self.address == address
        }
    }
}

const EVM_NATIVE: &str = "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
const ETH_PRICE: &str = "3456.789012345678901234";
const USDC_PRICE: &str = "0.9998765432109876543210987";

pub(crate) static ETH: Token = Token {
    id: 1,
    symbol: "ETH",
    name: "Ethereum",
    address: EVM_NATIVE,
    chain_id: 1,
    decimals: 18,
    price: ETH_PRICE,
    is_native: true,
};
pub(crate) static USDC: Token = Token {
    id: 2,
    symbol: "USDC",
    name: "USD Coin",
    address: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
    chain_id: 1,
    decimals: 6,
    price: USDC_PRICE,
    is_native: false,
};
pub(crate) static DAI: Token = Token {
    id: 3,
    symbol: "DAI",
    name: "Dai Stablecoin",
    address: "0x6b175474e89094c44da98b954eedeac495271d0f",
    chain_id: 1,
    decimals: 18,
    price: "0.9993097704396316094231068",
    is_native: false,
};
pub(crate) static A_USDC: Token = Token {
    id: 4,
    symbol: "aEthUSDC",
    name: "Aave Ethereum USDC",
    address: "0x98c23e9d8f34fefb1b7bd6a91b7ff122f4e16f5c",
    chain_id: 1,
    decimals: 6,
    price: USDC_PRICE,
    is_native: false,
};
pub(crate) static A_DAI: Token = Token {
    id: 5,
    symbol: "aEthDAI",
    name: "Aave Ethereum DAI",
    address: "0x018008bfb33d285247a21d44e50697654f754e63",
    chain_id: 1,
    decimals: 18,
    price: "0.9993097704396316094231068",
    is_native: false,
};
pub(crate) static STETH: Token = Token {
    id: 6,
    symbol: "stETH",
    name: "Liquid staked Ether 2.0",
    address: "0xae7ab96520de3a18e5e111b5eaab095312d7fe84",
    chain_id: 1,
    decimals: 18,
    price: "3455.123456789012345678",
    is_native: false,
};
pub(crate) static OP_ETH: Token = Token {
    id: 7,
    symbol: "ETH",
    name: "Ethereum",
    address: EVM_NATIVE,
    chain_id: 10,
    decimals: 18,
    price: ETH_PRICE,
    is_native: true,
};
pub(crate) static OP_USDC: Token = Token {
    id: 8,
    symbol: "USDC",
    name: "USD Coin",
    address: "0x0b2c639c533813f4aa9d7837caf62653d097ff85",
    chain_id: 10,
    decimals: 6,
    price: USDC_PRICE,
    is_native: false,
};
pub(crate) static C_USDC: Token = Token {
    id: 9,
    symbol: "cUSDCv3",
    name: "Compound USDC",
    address: "0x2e44e174f7d53f0212823acc11c01a11d58c5bcb",
    chain_id: 10,
    decimals: 6,
    price: USDC_PRICE,
    is_native: false,
};
pub(crate) static OP_COMP: Token = Token {
    id: 10,
    symbol: "COMP",
    name: "Compound",
    address: "0x7e7d4467112689329f7e06571ed0e8cbad4910ee",
    chain_id: 10,
    decimals: 18,
    price: "45.12345678901234567891",
    is_native: false,
};
pub(crate) static SOL: Token = Token {
    id: 11,
    symbol: "SOL",
    name: "Solana",
    address: "11111111111111111111111111111111",
    chain_id: 501,
    decimals: 9,
    price: "187.6543210987654321",
    is_native: true,
};
pub(crate) static JITO_SOL: Token = Token {
    id: 12,
    symbol: "JitoSOL",
    name: "Jito Staked SOL",
    address: "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn",
    chain_id: 501,
    decimals: 9,
    price: "214.5678901234567890123",
    is_native: false,
};

/// Every token the simulator knows.
pub(crate) static TOKENS: [&Token; 12] =
    [&ETH, &USDC, &DAI, &A_USDC, &A_DAI, &STETH, &OP_ETH, &OP_USDC, &C_USDC, &OP_COMP, &SOL, &JITO_SOL];

/// The token at `address` on `chain_id`.
pub(crate) fn token(chain_id: u64, address: &str) -> Option<&'static Token> {
    TOKENS.iter().copied().find(|t| t.chain_id == chain_id && t.is(address))
}

/// A DeFi platform (protocol).
#[derive(Debug)]
pub(crate) struct Platform {
    /// v5 `platformId`.
    pub(crate) id: u64,
    /// `analysisPlatformId` (positions, rewards).
    pub(crate) analysis_id: u64,
    pub(crate) name: &'static str,
    pub(crate) website: &'static str,
}

impl Platform {
    /// Logo URL.
    pub(crate) fn logo(&self) -> String {
        format!("https://static.okx.com/cdn/web3/protocol/logo/{}.png", self.id)
    }
}

pub(crate) static AAVE_V3: Platform =
    Platform { id: 10, analysis_id: 10, name: "Aave V3", website: "https://app.aave.com" };
pub(crate) static LIDO: Platform = Platform { id: 79, analysis_id: 44, name: "Lido", website: "https://stake.lido.fi" };
pub(crate) static COMPOUND_V3: Platform =
    Platform { id: 144, analysis_id: 144, name: "Compound V3", website: "https://app.compound.finance" };
pub(crate) static JITO: Platform =
    Platform { id: 355, analysis_id: 355, name: "Jito", website: "https://www.jito.network" };

/// Every platform.
pub(crate) static PLATFORMS: [&Platform; 4] = [&AAVE_V3, &LIDO, &COMPOUND_V3, &JITO];

/// How a product's transactions are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// Aave V3 pool: `supply` / `withdraw`.
    AaveV3,
    /// Lido: `submit` with ETH value; withdrawals through the withdrawal queue.
    Lido,
    /// Compound V3 Comet: `supply` / `withdraw`; COMP rewards through CometRewards.
    CompoundV3,
    /// SPL stake pool (Solana): `DepositSol` / `WithdrawSol`.
    SplStakePool,
}

/// An investment product.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) id: u64,
    pub(crate) protocol_id: u64,
    pub(crate) name: &'static str,
    pub(crate) platform: &'static Platform,
    pub(crate) chain_id: u64,
    /// 1 save, 2 pool, 3 farm, 4 vaults, 5 stake.
    pub(crate) invest_type: u8,
    /// v5 `simplifyInvestType`: 100 stablecoin, 101 single, 102 multi, 103 vaults.
    pub(crate) simplify_type: u16,
    /// v6 `productGroup`.
    pub(crate) group: &'static str,
    pub(crate) underlying: &'static Token,
    /// The position token the user holds (aToken, stETH, …).
    pub(crate) receive: &'static Token,
    pub(crate) reward: Option<&'static Token>,
    pub(crate) protocol: Protocol,
    /// Deposit target contract (EVM) or program (Solana).
    pub(crate) contract: &'static str,
    /// APY/APR as a fraction.
    pub(crate) rate: &'static str,
    pub(crate) bonus_rate: &'static str,
    /// `"0"` APY, `"1"` APR.
    pub(crate) rate_type: &'static str,
    pub(crate) tvl: &'static str,
    pub(crate) fee_rate: &'static str,
    pub(crate) utilization_rate: &'static str,
    /// Position tokens received per underlying token.
    pub(crate) subscribe_rate: &'static str,
    /// Underlying tokens received per position token.
    pub(crate) redeem_rate: &'static str,
    /// Gas units for a deposit and for a withdrawal.
    pub(crate) gas: (&'static str, &'static str),
}

impl Product {
    /// The product's chain.
    pub(crate) fn chain(&self) -> &'static Chain {
        chain(self.chain_id).unwrap_or(&CHAINS[0])
    }

    /// Detail page path.
    pub(crate) fn detail_path(&self) -> String {
        format!("/earn/defi/detail/{}", self.id)
    }
}

/// Every product.
pub(crate) static PRODUCTS: [Product; 5] = [
    Product {
        id: 9502,
        protocol_id: 7,
        name: "USDC",
        platform: &AAVE_V3,
        chain_id: 1,
        invest_type: 1,
        simplify_type: 100,
        group: "SINGLE_EARN",
        underlying: &USDC,
        receive: &A_USDC,
        reward: None,
        protocol: Protocol::AaveV3,
        contract: "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2",
        rate: "0.0312",
        bonus_rate: "0",
        rate_type: "0",
        tvl: "1834523790.4211",
        fee_rate: "0",
        utilization_rate: "0.8123",
        subscribe_rate: "1",
        redeem_rate: "1",
        gas: ("276614", "251903"),
    },
    Product {
        id: 21033,
        protocol_id: 7,
        name: "DAI",
        platform: &AAVE_V3,
        chain_id: 1,
        invest_type: 1,
        simplify_type: 100,
        group: "SINGLE_EARN",
        underlying: &DAI,
        receive: &A_DAI,
        reward: None,
        protocol: Protocol::AaveV3,
        contract: "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2",
        rate: "0.04518",
        bonus_rate: "0",
        rate_type: "0",
        tvl: "152044871.09",
        fee_rate: "0",
        utilization_rate: "0.7731",
        subscribe_rate: "1",
        redeem_rate: "1",
        gas: ("276614", "251903"),
    },
    Product {
        id: 10005,
        protocol_id: 31,
        name: "ETH",
        platform: &LIDO,
        chain_id: 1,
        invest_type: 5,
        simplify_type: 101,
        group: "SINGLE_EARN",
        underlying: &ETH,
        receive: &STETH,
        reward: None,
        protocol: Protocol::Lido,
        contract: "0xae7ab96520de3a18e5e111b5eaab095312d7fe84",
        rate: "0.0287",
        bonus_rate: "0",
        rate_type: "1",
        tvl: "32118456123.77",
        fee_rate: "0.1",
        utilization_rate: "0",
        subscribe_rate: "1",
        redeem_rate: "0.9995",
        gas: ("92415", "131072"),
    },
    Product {
        id: 8973,
        protocol_id: 75,
        name: "USDC",
        platform: &COMPOUND_V3,
        chain_id: 10,
        invest_type: 1,
        simplify_type: 100,
        group: "SINGLE_EARN",
        underlying: &OP_USDC,
        receive: &C_USDC,
        reward: Some(&OP_COMP),
        protocol: Protocol::CompoundV3,
        contract: "0x2e44e174f7d53f0212823acc11c01a11d58c5bcb",
        rate: "0.0518",
        bonus_rate: "0.0061",
        rate_type: "0",
        tvl: "24109877.5",
        fee_rate: "0",
        utilization_rate: "0.8841",
        subscribe_rate: "1",
        redeem_rate: "1",
        gas: ("158210", "143391"),
    },
    Product {
        id: 22180,
        protocol_id: 412,
        name: "SOL",
        platform: &JITO,
        chain_id: 501,
        invest_type: 5,
        simplify_type: 101,
        group: "SINGLE_EARN",
        underlying: &SOL,
        receive: &JITO_SOL,
        reward: None,
        protocol: Protocol::SplStakePool,
        contract: "SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy",
        rate: "0.0791",
        bonus_rate: "0",
        rate_type: "0",
        tvl: "2411938274.18",
        fee_rate: "0.04",
        utilization_rate: "0",
        subscribe_rate: "0.874563201",
        redeem_rate: "1.143424711",
        gas: ("5000", "5000"),
    },
];

/// The product with this id.
pub(crate) fn product(id: u64) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.id == id)
}

/// Products of a platform.
pub(crate) fn products_of(platform: &Platform) -> impl Iterator<Item = &'static Product> + '_ {
    PRODUCTS.iter().filter(move |p| std::ptr::eq(p.platform, platform))
}
