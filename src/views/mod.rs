//! HTML, as maud functions. Views render what handlers hand them; they never
//! query anything.

pub mod account;
pub mod catalog;
pub mod components;
pub mod error;
pub mod home;
pub mod layout;
pub mod mail;
pub mod part;
pub mod search;
