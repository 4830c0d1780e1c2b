//! Orders after placing: the buyer's list and detail, the seller's dashboard, approvals, status actions, payment proofs, messages, packing slips, reorder.

use super::Route;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    Vec::new()
}
