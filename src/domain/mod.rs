//! Pure rules: money and its formatting. No I/O, no clock.

pub mod access;
pub mod address;
pub mod api_tokens;
pub mod bank;
pub mod cart;
pub mod cart_estimate;
pub mod catalog_import;
pub mod checkout;
pub mod dates;
pub mod gstin;
pub mod model_match;
pub mod moderation;
pub mod money;
pub mod order_status;
pub mod price_adjust;
pub mod shipping;
pub mod site_path;
pub mod stock;
pub mod tax;

/// Organization kinds that sell parts.
pub const SELLER_KINDS: &[&str] = &["manufacturer", "supplier", "distributor", "dealer"];

/// Whether organizations of this kind sell.
pub fn is_seller_kind(kind: &str) -> bool {
    SELLER_KINDS.contains(&kind)
}
