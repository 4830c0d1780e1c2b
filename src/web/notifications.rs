//! In-app notifications: the list and marking them read.

use super::Route;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    Vec::new()
}
