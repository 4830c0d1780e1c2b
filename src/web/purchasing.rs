//! Purchasing settings: a buying organization's approval threshold, the payment terms a seller grants its buyers, and the seller's shipping rules.

use super::Route;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    Vec::new()
}
