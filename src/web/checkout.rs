//! Checkout: the steps from the cart to placed orders (address, shipping, payment, details, review).

use super::Route;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    Vec::new()
}
