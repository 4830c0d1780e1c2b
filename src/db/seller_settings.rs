//! A seller's checkout settings: its GST state and GSTIN, the bank
//! details buyers pay to, and its shipping rules. Each change writes its
//! audit row in the same transaction.

use super::Db;
use super::audit::Entry;
use crate::domain::bank::Settings;
use crate::domain::shipping::ShippingRules;
use crate::on_db;

/// The stored settings (empty strings where none were given).
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SellerSettingsRow {
    pub state_code: String,
    pub gstin: String,
    pub bank_account_name: String,
    pub bank_account_number: String,
    pub bank_ifsc: String,
    pub bank_swift: String,
    pub bank_name: String,
    /// `ShippingRules` as JSON; empty for the defaults (see [`rules_of`]).
    pub shipping_rules: String,
    pub updated_at: i64,
}

/// The shipping rules stored as `json`: the defaults when none were saved.
pub fn rules_of(json: &str) -> serde_json::Result<ShippingRules> {
    if json.is_empty() {
        Ok(ShippingRules::default())
    } else {
        serde_json::from_str(json)
    }
}

/// The seller's settings; defaults (all empty) before the first save.
pub async fn get(db: &Db, org_id: &str) -> sqlx::Result<SellerSettingsRow> {
    let row = on_db!(db, |p| sqlx::query_as::<_, SellerSettingsRow>(
        "SELECT state_code, gstin, bank_account_name, bank_account_number, bank_ifsc, \
         bank_swift, bank_name, shipping_rules, updated_at FROM seller_settings WHERE org_id = $1"
    )
    .bind(org_id)
    .fetch_optional(p)
    .await)?;
    Ok(row.unwrap_or_default())
}

/// Saves the GST registration and bank details, leaving the shipping rules
/// as they are.
pub async fn save(
    db: &Db,
    org_id: &str,
    s: &Settings,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<()> {
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO seller_settings (org_id, state_code, gstin, bank_account_name, \
             bank_account_number, bank_ifsc, bank_swift, bank_name, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (org_id) DO UPDATE SET state_code = excluded.state_code, \
             gstin = excluded.gstin, bank_account_name = excluded.bank_account_name, \
             bank_account_number = excluded.bank_account_number, bank_ifsc = excluded.bank_ifsc, \
             bank_swift = excluded.bank_swift, bank_name = excluded.bank_name, \
             updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(&s.state_code)
        .bind(&s.gstin)
        .bind(&s.account_name)
        .bind(&s.account_number)
        .bind(&s.ifsc)
        .bind(&s.swift)
        .bind(&s.bank_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(())
    })
}

/// Saves the shipping rules (checked by the caller with
/// `ShippingRules::validate`), leaving the other settings as they are.
pub async fn save_shipping_rules(
    db: &Db,
    org_id: &str,
    rules: &ShippingRules,
    now: i64,
    audit: &Entry<'_>,
) -> sqlx::Result<()> {
    let json = serde_json::to_string(rules).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO seller_settings (org_id, shipping_rules, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (org_id) DO UPDATE SET shipping_rules = excluded.shipping_rules, \
             updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(&json)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let tx_ref = &mut tx;
        crate::audit_push!(tx_ref, now, audit);
        tx.commit().await?;
        Ok(())
    })
}
