//! API tokens: their format and the scopes they carry.
//!
//! A token acts for its organization, not for the user who created it, so
//! what it may hold is decided by the organization's class, through the same
//! permission matrix as the pages ([`super::access::allows`]): a scope needs
//! a permission that some role of the class has. Buyers therefore cannot
//! hold `catalog:write` (selling), and sellers cannot hold `orders:write`
//! (placing purchase orders is a buyer's action).

use std::fmt;
use std::str::FromStr;

use super::access::{OrgClass, Permission, allows};

/// What every token starts with, so it is recognisable in logs, secret
/// scanners and configuration files.
pub const TOKEN_PREFIX: &str = "pp_";
/// Hex characters of the secret after [`TOKEN_PREFIX`].
const SECRET_HEX_LEN: usize = 64;
/// Hex characters of the secret kept as the listed, non-secret prefix:
/// 32 of the 256 bits, enough to tell tokens apart in a list.
const SHOWN_HEX_LEN: usize = 8;

/// The token handed to the user, from 64 random hex characters
/// (`auth::token::random()`); the caller supplies the randomness.
pub fn from_secret(hex: &str) -> String {
    format!("{TOKEN_PREFIX}{hex}")
}

/// Whether `token` has the shape of one of ours (`pp_` + 64 lowercase hex),
/// so anything else is refused without a database lookup.
pub fn well_formed(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|hex| {
        hex.len() == SECRET_HEX_LEN && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// The part of a token that lists may show: `pp_` and the first 8 hex
/// characters.
pub fn shown_prefix(token: &str) -> String {
    token
        .chars()
        .take(TOKEN_PREFIX.len() + SHOWN_HEX_LEN)
        .collect()
}

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Search, part details, suggestions.
    CatalogRead,
    /// Change the organization's own parts, stock and prices (sellers).
    CatalogWrite,
    /// Read the organization's orders: placed (buyers) or received (sellers).
    OrdersRead,
    /// Place and cancel the organization's purchase orders (buyers).
    OrdersWrite,
}

impl Scope {
    /// Every scope, in the order forms and stored values list them.
    pub const ALL: [Scope; 4] = [
        Scope::CatalogRead,
        Scope::CatalogWrite,
        Scope::OrdersRead,
        Scope::OrdersWrite,
    ];

    /// The name in forms, storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::CatalogRead => "catalog:read",
            Scope::CatalogWrite => "catalog:write",
            Scope::OrdersRead => "orders:read",
            Scope::OrdersWrite => "orders:write",
        }
    }

    /// What the token page says it allows.
    pub fn description(self) -> &'static str {
        match self {
            Scope::CatalogRead => "Search the catalog, read parts and suggestions.",
            Scope::CatalogWrite => "Change your organization's parts, stock and prices.",
            Scope::OrdersRead => "Read your organization's orders.",
            Scope::OrdersWrite => "Place and cancel your organization's orders.",
        }
    }

    /// The permissions of which a class needs at least one to hold the scope.
    fn needs(self) -> &'static [Permission] {
        match self {
            Scope::CatalogRead => &[Permission::Public],
            Scope::CatalogWrite => &[Permission::Sell],
            Scope::OrdersRead => &[Permission::Buy, Permission::Sell],
            Scope::OrdersWrite => &[Permission::Buy],
        }
    }

    /// Whether an organization of `class` may hold this scope.
    pub fn allowed_for(self, class: OrgClass) -> bool {
        self.needs()
            .iter()
            .any(|p| class.roles().iter().any(|r| allows(class, *r, *p)))
    }

    /// The scopes an organization of `class` may hold, in form order.
    pub fn allowed(class: OrgClass) -> Vec<Scope> {
        Scope::ALL
            .into_iter()
            .filter(|s| s.allowed_for(class))
            .collect()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = ();
    fn from_str(s: &str) -> Result<Scope, ()> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s).ok_or(())
    }
}

/// The stored form of a set of scopes: their names, space-separated (as
/// OAuth writes them), in [`Scope::ALL`] order without repeats.
pub fn to_stored(scopes: &[Scope]) -> String {
    Scope::ALL
        .into_iter()
        .filter(|s| scopes.contains(s))
        .map(Scope::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scopes of a stored value. A name this version does not know grants
/// nothing, so it is skipped rather than failing the request.
pub fn from_stored(stored: &str) -> Vec<Scope> {
    let mut out: Vec<Scope> = stored
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_one_shape_and_a_short_shown_prefix() {
        let hex = "3f9a1c2b".repeat(8);
        let t = from_secret(&hex);
        assert!(well_formed(&t));
        assert_eq!(shown_prefix(&t), "pp_3f9a1c2b");
        for bad in [
            "",
            "pp_",
            hex.as_str(),
            &format!("pp_{}", &hex[1..]),
            &format!("pp_{hex}0"),
            &format!("pp_{}", hex.to_uppercase()),
            &format!("xx_{hex}"),
            &format!("pp_{}g", &hex[1..]),
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
    }

    #[test]
    fn scopes_follow_the_permission_matrix() {
        use OrgClass as C;
        assert_eq!(
            Scope::allowed(C::Buyer),
            [Scope::CatalogRead, Scope::OrdersRead, Scope::OrdersWrite]
        );
        assert_eq!(
            Scope::allowed(C::ServiceProvider),
            [Scope::CatalogRead, Scope::OrdersRead, Scope::OrdersWrite]
        );
        assert_eq!(
            Scope::allowed(C::Seller),
            [Scope::CatalogRead, Scope::CatalogWrite, Scope::OrdersRead]
        );
    }

    #[test]
    fn stored_scopes_round_trip_and_skip_unknown_names() {
        for s in Scope::ALL {
            assert_eq!(s.as_str().parse::<Scope>(), Ok(s));
        }
        let stored = to_stored(&[Scope::OrdersRead, Scope::CatalogRead, Scope::OrdersRead]);
        assert_eq!(stored, "catalog:read orders:read");
        assert_eq!(
            from_stored(&stored),
            [Scope::CatalogRead, Scope::OrdersRead]
        );
        assert_eq!(
            from_stored("  orders:read  admin:all catalog:read orders:read"),
            [Scope::CatalogRead, Scope::OrdersRead]
        );
    }
}
