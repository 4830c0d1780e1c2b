//! Placing a checkout: the review is priced again from the database (no
//! price or part from a form is used), each seller's order is built from
//! it, and `db::orders::place` stores them all in one transaction with
//! their notices.

use crate::db::orders::{NewOrder, PlaceOutcome, PlaceRequest, Placed};
use crate::db::{self, Db};
use crate::domain::address::state_name;
use crate::domain::checkout::DetailsInput;
use crate::domain::dates::DAY_MS;
use crate::domain::order_status::{Effect, placement};

use super::notify::{self, APPROVERS, About, SELLER_FULFILMENT};

/// How placing went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placing {
    /// Stored (or found stored, by an earlier submit of the same checkout).
    Done(PlaceOutcome),
    /// The checkout is not complete; what is missing, step by step.
    NotReady(Vec<String>),
}

/// An address as the order keeps it: one line a row.
pub fn address_text(a: &db::addresses::AddressRow) -> String {
    let mut rows = vec![a.contact_name.clone()];
    if !a.label.is_empty() {
        rows.push(a.label.clone());
    }
    rows.push(a.line1.clone());
    if !a.line2.is_empty() {
        rows.push(a.line2.clone());
    }
    rows.push(format!(
        "{} {} {}",
        a.city,
        a.postal_code,
        state_name(&a.country, &a.state_code)
    ));
    rows.push(a.country.clone());
    if !a.phone.is_empty() {
        rows.push(format!("Phone {}", a.phone));
    }
    if !a.gstin.is_empty() {
        rows.push(format!("GSTIN {}", a.gstin));
    }
    rows.join("\n")
}

/// Places the checkout `checkout_id` of `user_id` in `org_id` at `now`.
pub async fn place(
    db: &Db,
    user_id: &str,
    org_id: &str,
    checkout_id: &str,
    now: i64,
    public_url: &str,
) -> anyhow::Result<Placing> {
    let Some(c) = db::checkouts::get(db, user_id, org_id, checkout_id).await? else {
        return Ok(Placing::Done(PlaceOutcome::NotFound));
    };
    if c.status == "placed" {
        return Ok(Placing::Done(PlaceOutcome::AlreadyPlaced));
    }
    let review = super::review(db, user_id, org_id, &c, now.div_euclid(DAY_MS)).await?;
    let missing = review.missing();
    let Some(ship_to) = review.ship_to.as_ref().filter(|_| missing.is_empty()) else {
        // A second submit that read the draft just before the first one
        // committed finds the cart emptied by it: that is the same checkout,
        // placed, not an empty cart.
        if db::checkouts::get(db, user_id, org_id, checkout_id)
            .await?
            .is_some_and(|c| c.status == "placed")
        {
            return Ok(Placing::Done(PlaceOutcome::AlreadyPlaced));
        }
        return Ok(Placing::NotReady(missing));
    };
    let mut orders = Vec::with_capacity(review.sellers.len());
    for s in &review.sellers {
        let (Some(priced), Some(payment)) = (s.priced(), s.payment) else {
            return Ok(Placing::NotReady(vec![format!(
                "{}: choose a shipping option and a payment method.",
                s.seller_name
            )]));
        };
        orders.push(NewOrder {
            seller_id: s.seller_id.clone(),
            seller_name: s.seller_name.clone(),
            seller_gstin: s.settings.gstin.clone(),
            payment,
            priced: priced.clone(),
            needs_approval: s.needs_approval,
            terms: s.terms.clone(),
        });
    }
    let buyer_name: String = db::orders::org_name(db, org_id).await?;
    let placer = db::orders::user_contact(db, user_id).await?;
    let approvers = db::orders::recipients(db, org_id, APPROVERS).await?;
    let mut seller_staff = Vec::new();
    for o in &orders {
        seller_staff.push((
            o.seller_id.clone(),
            db::orders::recipients(db, &o.seller_id, SELLER_FULFILMENT).await?,
        ));
    }
    let req = PlaceRequest {
        checkout_id: c.id.clone(),
        user_id: user_id.to_owned(),
        org_id: org_id.to_owned(),
        ship_to: address_text(ship_to),
        ship_to_state: ship_to.state_code.clone(),
        ship_to_country: ship_to.country.clone(),
        bill_to: review
            .bill_to
            .as_ref()
            .map(address_text)
            .unwrap_or_default(),
        buyer_gstin: review
            .bill_to
            .as_ref()
            .map(|b| b.gstin.clone())
            .filter(|g| !g.is_empty())
            .unwrap_or_else(|| ship_to.gstin.clone()),
        details: DetailsInput {
            po_number: c.po_number.clone(),
            notes: c.notes.clone(),
            required_by: c.required_by.clone(),
            ticket_ref: c.ticket_ref.clone(),
        },
        orders,
        now,
    };
    let public_url = public_url.to_owned();
    let outcome = db::orders::place(db, &req, move |p: &Placed| {
        placed_notices(
            p,
            &buyer_name,
            placer.as_slice(),
            &approvers,
            seller_staff
                .iter()
                .find(|(id, _)| *id == p.seller_id)
                .map_or(&[][..], |(_, r)| r.as_slice()),
            &public_url,
        )
    })
    .await?;
    Ok(Placing::Done(outcome))
}

/// The notices of one placed order, as `placement` says who hears.
pub fn placed_notices(
    p: &Placed,
    buyer_name: &str,
    placer: &[db::orders::Recipient],
    approvers: &[db::orders::Recipient],
    seller_staff: &[db::orders::Recipient],
    public_url: &str,
) -> Vec<db::orders::Notice> {
    let about = About {
        id: &p.id,
        number: &p.number,
        seller_name: &p.seller_name,
        buyer_name,
        currency: &p.currency,
        total_minor: p.total_minor,
    };
    let effects = placement(
        p.status == crate::domain::order_status::OrderStatus::AwaitingApproval,
        p.payment,
    )
    .effects;
    let mut details = vec![
        notify::total_line(&about),
        format!("Payment: {}", p.payment.label()),
    ];
    if !p.due_date.is_empty() {
        details.push(format!("Payment due: {}", p.due_date));
    }
    let mut out = Vec::new();
    if effects.contains(&Effect::NotifyApprovers) {
        let title = notify::placed_title(&about, p.status, false);
        out.extend(notify::to_each(
            approvers, &about, "placed", &title, &details, public_url,
        ));
    }
    if effects.contains(&Effect::NotifyBuyer) {
        let title = notify::placed_title(&about, p.status, false);
        out.extend(notify::to_each(
            placer, &about, "placed", &title, &details, public_url,
        ));
    }
    if effects.contains(&Effect::NotifySeller) {
        let title = notify::placed_title(&about, p.status, true);
        out.extend(notify::to_each(
            seller_staff,
            &about,
            "placed",
            &title,
            &details,
            public_url,
        ));
    }
    out
}
