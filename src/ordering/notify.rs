//! Who hears of an order event, and what they are told: an in-app
//! notification for each, and a mail through the outbox.
//!
//! - placed: the buyer who placed it and the seller's admins and staff;
//! - waiting for approval: the buying organization's approvers and admins;
//! - proof uploaded: the seller's admins and finance;
//! - verified, rejected, shipped (with tracking), delivered, cancelled and
//!   the rest: the buyer who placed it.

use crate::db::orders::{Notice, Recipient};
use crate::domain::money;
use crate::domain::order_status::{Action, Effect, OrderStatus};
use crate::mail::OutgoingMail;
use crate::views::mail::order_update;

/// Roles of the seller who run fulfilment.
pub const SELLER_FULFILMENT: &[&str] = &["seller_admin", "seller_staff"];
/// Roles of the seller who handle money.
pub const SELLER_FINANCE: &[&str] = &["seller_admin", "finance"];
/// Roles of the buyer who approve orders.
pub const APPROVERS: &[&str] = &["org_admin", "approver"];

/// An order as the notices name it.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub seller_name: &'a str,
    pub buyer_name: &'a str,
    pub currency: &'a str,
    pub total_minor: i64,
}

/// One notice per recipient, each with its mail. `event` makes the mail's
/// dedup key, so a replayed event cannot mail twice.
pub fn to_each(
    recipients: &[Recipient],
    about: &About<'_>,
    event: &str,
    title: &str,
    details: &[String],
    public_url: &str,
) -> Vec<Notice> {
    let link = format!("/orders/{}", about.id);
    let full_link = format!("{}{link}", public_url.trim_end_matches('/'));
    recipients
        .iter()
        .map(|r| Notice {
            user_id: r.id.clone(),
            title: title.to_owned(),
            body: details.join(" "),
            link: link.clone(),
            mail: OutgoingMail::new(
                format!("order:{}:{event}:{}", about.id, r.id),
                &r.email,
                &r.name,
                order_update(&r.name, title, details, &full_link),
            )
            .ok(),
        })
        .collect()
}

/// The total, as the notices say it.
pub fn total_line(about: &About<'_>) -> String {
    format!(
        "Total: {}",
        money::format(about.total_minor, about.currency)
    )
}

/// The title of a placement notice for the order's `status`.
pub fn placed_title(about: &About<'_>, status: OrderStatus, to_seller: bool) -> String {
    match (status, to_seller) {
        (OrderStatus::AwaitingApproval, _) => format!(
            "Order {} from {} waits for your approval",
            about.number, about.seller_name
        ),
        (_, true) => format!("New order {} from {}", about.number, about.buyer_name),
        (OrderStatus::PendingPayment, false) => format!(
            "Order {} placed with {}: pay by bank transfer and upload the proof",
            about.number, about.seller_name
        ),
        (_, false) => format!("Order {} placed with {}", about.number, about.seller_name),
    }
}

/// The title of a move's notice to the other side.
pub fn move_title(about: &About<'_>, action: Action, to: OrderStatus) -> String {
    let n = about.number;
    match action {
        Action::Approve => format!("Order {n} was approved"),
        Action::Reject => format!("Order {n} was rejected by your approver"),
        Action::SubmitProof => format!("Payment proof uploaded for order {n}"),
        Action::ReplaceProof => format!("Payment proof replaced for order {n}"),
        Action::VerifyPayment => format!("Payment for order {n} was verified"),
        Action::RejectPayment => format!("Payment for order {n} was not accepted"),
        Action::Accept => format!("Order {n} was accepted and is being prepared"),
        Action::Ship => format!("Order {n} was shipped"),
        Action::MarkOutForDelivery => format!("Order {n} is out for delivery"),
        Action::MarkDelivered | Action::ConfirmDelivery => format!("Order {n} was delivered"),
        Action::Cancel | Action::CancelBySeller => format!("Order {n} was cancelled"),
        Action::RequestReturn => format!("A return was requested for order {n}"),
        Action::DeclineReturn => format!("The return request for order {n} was declined"),
        Action::MarkReturned => format!("Order {n} was received back"),
        Action::Refund => format!("A refund was recorded for order {n}"),
        Action::MarkPacked => format!("Order {n} is {}", to.label().to_lowercase()),
    }
}

/// Which recipient groups a move's effects name: (buyer, seller roles,
/// approvers).
pub fn move_audience(action: Action, effects: &[Effect]) -> (bool, &'static [&'static str], bool) {
    let buyer = effects.contains(&Effect::NotifyBuyer) || effects.contains(&Effect::EmailTracking);
    let seller: &[&str] = if !effects.contains(&Effect::NotifySeller) {
        &[]
    } else if matches!(action, Action::SubmitProof | Action::ReplaceProof) {
        SELLER_FINANCE
    } else {
        SELLER_FULFILMENT
    };
    (buyer, seller, effects.contains(&Effect::NotifyApprovers))
}
