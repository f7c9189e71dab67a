//! Bybit's enumerations, each with an `Unknown` variant that keeps values this crate
//! does not know yet, so a new venue value never breaks decoding.

/// Declares a venue enum: exact wire text per variant plus `Unknown(String)`.
macro_rules! venue_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant,)+
            /// A value this crate does not know, kept verbatim (never sent by this crate).
            Unknown(String),
        }

        impl $name {
            /// The venue's text.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(s) => s,
                }
            }

            /// Whether this is a value the crate knows (not `Unknown`).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                match s.parse() {
                    Ok(v) => Ok(v),
                    Err(never) => match never {},
                }
            }
        }
    };
}

venue_enum! {
    /// Easy & On-Chain Earn category (`category` of §5).
    EarnCategory {
        /// Easy Earn flexible savings.
        FlexibleSaving = "FlexibleSaving",
        /// On-chain earn (LST and non-LST, flexible or fixed).
        OnChain = "OnChain",
    }
}

venue_enum! {
    /// Category accepted by `GET /v5/earn/coupons`.
    CouponCategory {
        /// Flexible savings interest cards.
        FlexibleSaving = "FlexibleSaving",
        /// Dual Assets award cards.
        DualAssets = "DualAssets",
    }
}

venue_enum! {
    /// Fixed Saving category.
    FixedCategory {
        /// Fixed-term savings.
        FixedTermSaving = "FixedTermSaving",
        /// Fund pool (early redemption and auto-invest possible).
        FundPool = "FundPool",
        /// Premium fund pool.
        FundPoolPremium = "FundPoolPremium",
    }
}

venue_enum! {
    /// Stake or redeem (`orderType`).
    OrderType {
        /// Move funds into the product.
        Stake = "Stake",
        /// Move funds out of the product.
        Redeem = "Redeem",
    }
}

venue_enum! {
    /// Fixed Saving order type.
    FixedOrderType {
        /// Subscription.
        Stake = "Stake",
        /// Redemption.
        Redeem = "Redeem",
        /// Automatic reinvestment at maturity.
        Reinvest = "Reinvest",
    }
}

venue_enum! {
    /// Bybit account (`accountType`, `toAccountType`).
    AccountType {
        /// Funding account.
        Fund = "FUND",
        /// Unified trading account.
        Unified = "UNIFIED",
    }
}

venue_enum! {
    /// Easy Earn order status.
    OrderStatusText {
        /// Accepted, not final.
        Pending = "Pending",
        /// Done.
        Success = "Success",
        /// Failed; nothing moved.
        Fail = "Fail",
    }
}

venue_enum! {
    /// Easy Earn product status.
    ProductStatusText {
        /// Open for staking.
        Available = "Available",
        /// Closed for staking.
        NotAvailable = "NotAvailable",
    }
}

venue_enum! {
    /// OnChain product duration.
    ProductDuration {
        /// Fixed term (`term` days).
        Fixed = "Fixed",
        /// Flexible.
        Flexible = "Flexible",
    }
}

venue_enum! {
    /// OnChain reward distribution.
    RewardDistributionType {
        /// Simple interest.
        Simple = "Simple",
        /// Compounded.
        Compound = "Compound",
        /// Other: a liquid staking token (LST) product.
        Other = "Other",
    }
}

venue_enum! {
    /// Auto-reinvest switch as positions report it.
    AutoReinvest {
        /// On.
        Enable = "Enable",
        /// Off.
        Disable = "Disable",
    }
}

venue_enum! {
    /// OnChain position status.
    PositionStatus {
        /// Stake in progress.
        Processing = "Processing",
        /// Earning.
        Active = "Active",
    }
}

venue_enum! {
    /// Yield record type.
    YieldType {
        /// Base yield.
        Normal = "Normal",
        /// Bonus yield.
        Bonus = "Bonus",
    }
}

venue_enum! {
    /// How a yield is paid.
    DistributionMode {
        /// Paid daily.
        Auto = "Auto",
        /// Paid at redemption.
        Manual = "Manual",
        /// Reinvested (not yet available).
        Reinvest = "Reinvest",
    }
}

venue_enum! {
    /// Coupon (interest card, award card) state.
    CardStatus {
        /// Applied to a position now.
        InUse = "InUse",
        /// Not used yet.
        NotUse = "NotUse",
        /// Expired unused.
        Expired = "Expired",
        /// Used up.
        AlreadyUsed = "AlreadyUsed",
    }
}

venue_enum! {
    /// Fixed Saving product status.
    FixedProductStatus {
        /// Open.
        Available = "Available",
        /// Quota exhausted.
        SoldOut = "SoldOut",
        /// Not open yet.
        NotStarted = "NotStarted",
    }
}

venue_enum! {
    /// Fixed Saving order status.
    FixedOrderStatus {
        /// Being processed.
        Processing = "Processing",
        /// Position active (stake done).
        Active = "Active",
        /// Completed.
        Complete = "Complete",
        /// Failed; nothing moved.
        Failed = "Failed",
    }
}

venue_enum! {
    /// BYUSDT order type.
    TokenOrderType {
        /// Mint BYUSDT from savings.
        Mint = "Mint",
        /// Redeem BYUSDT.
        Redeem = "Redeem",
    }
}

venue_enum! {
    /// BYUSDT order status.
    TokenOrderStatus {
        /// Done.
        Success = "Success",
        /// In progress.
        Processing = "Processing",
        /// Failed.
        Fail = "Fail",
    }
}

venue_enum! {
    /// Hold to Earn product status.
    HoldProductStatus {
        /// Not started.
        NotStarted = "NotStarted",
        /// Running.
        Online = "Online",
        /// Ended.
        Ended = "Ended",
    }
}
