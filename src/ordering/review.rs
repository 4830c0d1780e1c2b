//! The checkout as it stands: the cart's lines grouped by seller, each
//! seller's shipping options and payment methods (each priced or refused
//! with its reason), the buyer's choices, and what still stops the order.
//! Every checkout step and the final placing are built from this.

use crate::db::addresses::AddressRow;
use crate::db::cart::CartLine;
use crate::db::checkouts::CheckoutRow;
use crate::db::seller_settings::SellerSettingsRow;
use crate::db::{self, Db};
use crate::domain::checkout::{self, LineIn, PricedOrder, Terms};
use crate::domain::order_status::PaymentMethod;
use crate::domain::shipping::{ShipOption, ShippingRules};
use crate::domain::tax::{Place, TaxTable};

use super::Choices;

/// One seller's part of the checkout.
#[derive(Debug, Clone)]
pub struct SellerReview {
    pub seller_id: String,
    pub seller_name: String,
    pub settings: SellerSettingsRow,
    pub lines: Vec<CartLine>,
    /// Every shipping option, priced or refused with the reason.
    pub options: Vec<(ShipOption, Result<PricedOrder, String>)>,
    /// The chosen option, or the first one that can be priced.
    pub option: Option<ShipOption>,
    /// Every payment method, open or refused with the reason (for net
    /// terms, priced with the chosen option).
    pub payments: Vec<(PaymentMethod, Result<(), String>)>,
    /// The chosen method if it is still open.
    pub payment: Option<PaymentMethod>,
    pub terms: Option<Terms>,
    pub owed_minor: i64,
    /// The order will wait for the buying organization's approver.
    pub needs_approval: bool,
}

impl SellerReview {
    /// The order priced with the chosen option.
    pub fn priced(&self) -> Option<&PricedOrder> {
        let option = self.option?;
        self.options
            .iter()
            .find(|(o, _)| *o == option)
            .and_then(|(_, p)| p.as_ref().ok())
    }
}

/// The whole checkout.
#[derive(Debug, Clone)]
pub struct Review {
    pub checkout: CheckoutRow,
    pub addresses: Vec<AddressRow>,
    pub ship_to: Option<AddressRow>,
    pub bill_to: Option<AddressRow>,
    pub sellers: Vec<SellerReview>,
    /// Cart lines that cannot be ordered as they are, each said in full.
    pub blockers: Vec<String>,
    /// Why the buyer's place is unknown, when the address has no usable state.
    pub place_error: Option<String>,
    pub approval_threshold: Option<(i64, String)>,
}

impl Review {
    /// What still stops placing the order, in step order; empty when it
    /// can be placed.
    pub fn missing(&self) -> Vec<String> {
        let mut out = self.blockers.clone();
        if self.sellers.is_empty() {
            out.push("Your cart is empty.".into());
        }
        if self.ship_to.is_none() {
            out.push("Choose a shipping address.".into());
        }
        if let Some(e) = &self.place_error {
            out.push(e.clone());
        }
        for s in &self.sellers {
            if self.ship_to.is_some() && self.place_error.is_none() && s.priced().is_none() {
                let why = s
                    .options
                    .iter()
                    .find_map(|(_, r)| r.as_ref().err())
                    .cloned()
                    .unwrap_or_else(|| "choose a shipping option".into());
                out.push(format!("{}: {why}.", s.seller_name));
            }
            if s.payment.is_none() && s.priced().is_some() {
                out.push(format!("{}: choose a payment method.", s.seller_name));
            }
        }
        out
    }

    /// Grand totals, one per currency.
    pub fn totals(&self) -> Vec<(String, i64)> {
        let mut out: Vec<(String, i64)> = Vec::new();
        for p in self.sellers.iter().filter_map(SellerReview::priced) {
            match out.iter_mut().find(|(c, _)| *c == p.currency) {
                Some((_, t)) => *t = t.saturating_add(p.total_minor),
                None => out.push((p.currency.clone(), p.total_minor)),
            }
        }
        out
    }
}

/// The buyer's place from an address.
fn place_of(a: &AddressRow) -> Result<Place, String> {
    Place::new(&a.country, &a.state_code)
        .map_err(|e| format!("The shipping address has no usable state or region ({e})."))
}

/// Reads and prices the checkout `c` of `user_id` in `org_id` on day
/// `today`.
pub async fn review(
    db: &Db,
    user_id: &str,
    org_id: &str,
    c: &CheckoutRow,
    today: i64,
) -> anyhow::Result<Review> {
    let lines: Vec<CartLine> = db::cart::lines(db, user_id, org_id)
        .await?
        .into_iter()
        .filter(|l| !l.saved_for_later)
        .collect();
    let addresses = db::addresses::list(db, org_id).await?;
    let find = |id: &Option<String>, kind: &str| {
        id.as_ref()
            .and_then(|id| addresses.iter().find(|a| &a.id == id && a.kind == kind))
            .cloned()
    };
    let ship_to = find(&c.shipping_address_id, "shipping");
    let bill_to = find(&c.billing_address_id, "billing");
    let buyer = ship_to.as_ref().map(place_of);
    let place_error = buyer.as_ref().and_then(|b| b.as_ref().err().cloned());
    let choices = Choices::parse(&c.choices);
    let approval_threshold = db::orders::approval_threshold(db, org_id).await?;

    let mut blockers = Vec::new();
    for l in &lines {
        for n in l.notices().iter().filter(|n| n.blocks_checkout()) {
            blockers.push(format!(
                "{} {} ({}): {}",
                l.part_number,
                l.name,
                l.seller_name,
                crate::views::cart::notice_text(n)
            ));
        }
    }

    let mut seller_ids: Vec<&str> = lines.iter().map(|l| l.seller_id.as_str()).collect();
    seller_ids.dedup();
    let shipping = db::cart::seller_shipping(db, &seller_ids).await?;
    // Read on every review, so a rate an administrator changes applies to
    // the next checkout; a stored row the table refuses stops checkout
    // rather than charging no tax.
    let table: TaxTable = db::tax_rates::table(db).await?;
    let mut sellers = Vec::new();
    for sid in seller_ids {
        let group: Vec<CartLine> = lines
            .iter()
            .filter(|l| l.seller_id == sid)
            .cloned()
            .collect();
        let Some(first) = group.first() else {
            continue;
        };
        let settings = db::seller_settings::get(db, sid).await?;
        let ship = shipping.iter().find(|s| s.id == sid);
        let rules: ShippingRules = ship
            .filter(|s| !s.shipping_rules.is_empty())
            .and_then(|s| serde_json::from_str(&s.shipping_rules).ok())
            .unwrap_or_default();
        let seller_place = ship
            .map(|s| Place::new(&s.country, &s.state))
            .transpose()
            .ok()
            .flatten();
        let line_ins: Vec<LineIn> = group
            .iter()
            .map(|l| LineIn {
                part_id: l.part_id.clone(),
                part_number: l.part_number.clone(),
                name: l.name.clone(),
                hsn_code: l.hsn_code.clone(),
                unit_minor: l.price_minor,
                currency: l.currency.clone(),
                quantity: u32::try_from(l.quantity).unwrap_or(0),
                gst_rate: l.gst_rate,
                weight_grams: l.weight_grams,
                lead_time_days: l.lead_time_days,
            })
            .collect();
        let options: Vec<(ShipOption, Result<PricedOrder, String>)> = ShipOption::ALL
            .into_iter()
            .map(|o| {
                let priced = match (&buyer, &seller_place) {
                    (None, _) => Err("choose a shipping address first".to_owned()),
                    (Some(Err(e)), _) => Err(e.clone()),
                    (Some(Ok(_)), None) => Err(
                        "the seller has not set its state, so tax cannot be worked out; ask the seller for a quote"
                            .to_owned(),
                    ),
                    (Some(Ok(b)), Some(s)) => {
                        checkout::price_order(&line_ins, s, b, &rules, o, &table, today)
                    }
                };
                (o, priced)
            })
            .collect();
        let choice = choices.sellers.get(sid).cloned().unwrap_or_default();
        let open = |o: ShipOption| options.iter().any(|(x, p)| *x == o && p.is_ok());
        let option = choice
            .ship_option()
            .filter(|o| open(*o))
            .or_else(|| ShipOption::ALL.into_iter().find(|o| open(*o)));
        let priced = option.and_then(|o| {
            options
                .iter()
                .find(|(x, _)| *x == o)
                .and_then(|(_, p)| p.as_ref().ok())
        });
        let terms = db::orders::terms(db, sid, org_id).await?;
        let owed_minor = if terms.is_some() {
            db::orders::owed(db, sid, org_id).await?
        } else {
            0
        };
        let payments: Vec<(PaymentMethod, Result<(), String>)> = PaymentMethod::ALL
            .into_iter()
            .map(|m| {
                let open = match m {
                    PaymentMethod::BankTransfer => Ok(()),
                    PaymentMethod::NetTerms => match priced {
                        Some(p) => checkout::net_terms_open(
                            terms.as_ref(),
                            owed_minor,
                            p.total_minor,
                            &p.currency,
                        ),
                        None => {
                            checkout::net_terms_open(terms.as_ref(), owed_minor, 0, &first.currency)
                        }
                    },
                };
                (m, open)
            })
            .collect();
        let payment = choice
            .payment_method()
            .filter(|m| payments.iter().any(|(x, r)| x == m && r.is_ok()));
        let needs_approval = priced.is_some_and(|p| {
            checkout::needs_approval(
                approval_threshold.as_ref().map(|(t, c)| (*t, c.as_str())),
                p.total_minor,
                &p.currency,
            )
        });
        sellers.push(SellerReview {
            seller_id: sid.to_owned(),
            seller_name: first.seller_name.clone(),
            settings,
            lines: group,
            options,
            option,
            payments,
            payment,
            terms,
            owed_minor,
            needs_approval,
        });
    }
    Ok(Review {
        checkout: c.clone(),
        addresses,
        ship_to,
        bill_to,
        sellers,
        blockers,
        place_error,
        approval_threshold,
    })
}
