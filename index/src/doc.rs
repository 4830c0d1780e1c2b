//! What goes into the index and what comes back out of it.

use serde::{Deserialize, Serialize};

/// A compatible equipment model as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef {
    /// Database id of the model, for links.
    pub id: String,
    /// Full display name, maker included ("GE HealthCare Signa Explorer").
    pub label: String,
    /// Model name alone ("Signa Explorer").
    pub name: String,
    /// Other spellings ("SignaExplorer", "Signa Explorer 1.5T").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// One part, as written into the index. Holds everything a results page or a
/// suggestion shows, so those never go to the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartDoc {
    /// Database id of the part.
    pub id: String,
    /// The part number as the seller writes it.
    pub part_number: String,
    /// Old part numbers this part supersedes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// Short name.
    pub name: String,
    /// Longer description (indexed, not shown on cards).
    #[serde(default, skip_serializing)]
    pub description: String,
    /// Category path, levels separated by " > ".
    pub category: String,
    /// The part's manufacturer.
    pub manufacturer: String,
    /// Database id of the manufacturer, for links.
    pub manufacturer_id: String,
    /// Modalities of the equipment the part fits.
    pub modalities: Vec<String>,
    /// Database id of the selling organization.
    pub seller_id: String,
    /// Seller name.
    pub seller: String,
    /// Whether the platform verified the seller.
    pub seller_verified: bool,
    /// Unit price in minor units of `currency`.
    pub price_minor: i64,
    /// ISO currency code.
    pub currency: String,
    /// Unit price converted to Indian paise, for sorting and price filters.
    pub price_inr_minor: u64,
    /// Units in stock.
    pub stock: i64,
    /// Days to dispatch.
    pub lead_time_days: u32,
    /// Minimum order quantity.
    pub moq: u32,
    /// Warranty in months.
    pub warranty_months: u32,
    /// new, refurbished or exchange.
    pub condition: String,
    /// Compatible equipment models.
    pub models: Vec<ModelRef>,
    /// Units sold, for "best selling".
    pub sales: u64,
    /// Creation time, Unix milliseconds.
    pub created_at_ms: i64,
    /// Path of the card image, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Width and height of the card image in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_size: Option<(u32, u32)>,
    /// What the card image shows, for screen readers; empty when the seller
    /// gave no description (the card then uses the part's name).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image_alt: String,
}

impl PartDoc {
    /// Stock at or under this counts as "low stock".
    pub const LOW_STOCK: i64 = 5;

    /// In stock, low stock or out of stock.
    pub fn stock_level(&self) -> StockLevel {
        match self.stock {
            s if s <= 0 => StockLevel::Out,
            s if s <= Self::LOW_STOCK => StockLevel::Low,
            _ => StockLevel::In,
        }
    }
}

/// The stock badge of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StockLevel {
    /// More than a few units on hand.
    In,
    /// A few units left.
    Low,
    /// None on hand; ships after the lead time.
    Out,
}
