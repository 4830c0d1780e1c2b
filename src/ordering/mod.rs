//! Ordering: what checkout shows and places, and how an order moves. This
//! is the one place that joins the cart, the address book, the sellers'
//! settings and terms, the pricing rules and the status machine, so the
//! checkout pages, the order pages, the tests and the benches all go
//! through the same code. No HTTP here.

pub mod act;
pub mod notify;
pub mod place;
pub mod review;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::order_status::PaymentMethod;
use crate::domain::shipping::ShipOption;

pub use review::{Review, SellerReview, review};

/// What the buyer chose for one seller's order on the checkout steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerChoice {
    /// `ShipOption::key`; empty until chosen.
    #[serde(default)]
    pub option: String,
    /// `PaymentMethod::as_str`; empty until chosen.
    #[serde(default)]
    pub payment: String,
}

impl SellerChoice {
    /// The chosen shipping option, if it is one.
    pub fn ship_option(&self) -> Option<ShipOption> {
        ShipOption::ALL.into_iter().find(|o| o.key() == self.option)
    }

    /// The chosen payment method, if it is one.
    pub fn payment_method(&self) -> Option<PaymentMethod> {
        self.payment.parse().ok()
    }
}

/// Every seller's choices, by seller id: `checkouts.choices`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    #[serde(default)]
    pub sellers: BTreeMap<String, SellerChoice>,
}

impl Choices {
    /// Reads the stored JSON; anything unreadable counts as no choice yet.
    pub fn parse(json: &str) -> Choices {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The stored JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}
