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
    /// The pack size: the part is ordered in whole multiples of it. Cards
    /// stored before it existed read as 1, which is what every part had
    /// then, so an existing index needs no rebuild.
    #[serde(default = "one")]
    pub order_multiple: u32,
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

fn one() -> u32 {
    1
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_stored_before_order_multiples_reads_as_sold_singly() {
        let doc = PartDoc {
            id: "p1".into(),
            part_number: "AB-1".into(),
            replaces: vec![],
            name: "Filter".into(),
            description: String::new(),
            category: "Critical Care > Filters".into(),
            manufacturer: "Acme".into(),
            manufacturer_id: "m1".into(),
            modalities: vec![],
            seller_id: "s1".into(),
            seller: "Seller".into(),
            seller_verified: false,
            price_minor: 100,
            currency: "INR".into(),
            price_inr_minor: 100,
            stock: 3,
            lead_time_days: 2,
            moq: 1,
            order_multiple: 10,
            warranty_months: 0,
            condition: "new".into(),
            models: vec![],
            sales: 0,
            created_at_ms: 0,
            image: None,
            image_size: None,
            image_alt: String::new(),
        };
        let mut card = serde_json::to_value(&doc).unwrap_or_default();
        assert_eq!(card["order_multiple"], 10);
        if let Some(fields) = card.as_object_mut() {
            fields.remove("order_multiple");
        }
        let old: PartDoc = serde_json::from_value(card).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(old.order_multiple, 1);
    }
}
