//! HTML, as maud functions. Views render what handlers hand them; they never
//! query anything.

pub mod account;
pub mod addresses;
pub mod admin;
pub mod api_tokens;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod components;
pub mod error;
pub mod home;
pub mod imports;
pub mod layout;
pub mod mail;
pub mod notifications;
pub mod orders;
pub mod org;
pub mod part;
pub mod part_images;
pub mod purchasing;
pub mod search;
pub mod seller;
pub mod seller_form;
pub mod seller_settings;
pub mod tax_rates;
