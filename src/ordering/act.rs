//! A user acts on an order: the status machine decides, the move is
//! applied in one transaction with its history row, stock release and
//! notices.

use crate::db::orders::{MoveExtra, MoveOutcome, OrderHeader};
use crate::db::{self, Db};
use crate::domain::access::Role;
use crate::domain::checkout::ymd;
use crate::domain::dates::DAY_MS;
use crate::domain::order_status::{
    Action, Actor, Effect, Move, OrderStatus, PaymentMethod, Refusal, Side, TransitionInput,
    transition,
};

use super::notify::{self, APPROVERS, About};

/// How an action went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acted {
    /// The order is now in this status.
    Applied(OrderStatus),
    /// The machine refused it; nothing changed.
    Refused(Refusal),
    /// Someone moved the order first; nothing changed.
    Conflict,
    /// No such order for this organization.
    NotFound,
}

/// Which side of `order` a user of `org_id` acts for.
pub fn side_of(order: &OrderHeader, org_id: &str) -> Side {
    if order.seller_org_id == org_id {
        Side::Seller
    } else {
        Side::Buyer
    }
}

/// The order's status and payment method, parsed. Stored values are
/// written only from these enums, so an unknown one is a broken row.
pub fn parsed(order: &OrderHeader) -> anyhow::Result<(OrderStatus, PaymentMethod)> {
    let status = order.status.parse().map_err(|_| {
        anyhow::anyhow!(
            "order {} has an unknown status {:?}",
            order.id,
            order.status
        )
    })?;
    let payment = order.payment_method.parse().map_err(|_| {
        anyhow::anyhow!(
            "order {} has an unknown payment method {:?}",
            order.id,
            order.payment_method
        )
    })?;
    Ok((status, payment))
}

/// Decides `action` on `order` for a user of `org_id` with `role`, without
/// applying it: the web layer checks before it stores an uploaded proof.
pub fn decide<'a>(
    order: &OrderHeader,
    org_id: &str,
    role: Role,
    action: Action,
    input: &'a TransitionInput,
) -> anyhow::Result<Result<Move<'a>, Refusal>> {
    let (status, payment) = parsed(order)?;
    let actor = Actor {
        side: side_of(order, org_id),
        role,
    };
    Ok(transition(status, action, actor, input, payment))
}

/// Takes `action` on the order `order_id` as `user_id` (of `org_id`, with
/// `role`) at `now`. `proof_file_id` is the payment proof already stored.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    db: &Db,
    user_id: &str,
    org_id: &str,
    role: Role,
    order_id: &str,
    action: Action,
    input: &TransitionInput,
    proof_file_id: Option<String>,
    now: i64,
    public_url: &str,
) -> anyhow::Result<Acted> {
    let Some(order) = db::orders::header(db, order_id, org_id).await? else {
        return Ok(Acted::NotFound);
    };
    let mut input = input.clone();
    input.proof_attached = proof_file_id.is_some();
    let mv = match decide(&order, org_id, role, action, &input)? {
        Ok(mv) => mv,
        Err(r) => return Ok(Acted::Refused(r)),
    };
    let due_date = if mv.effects.contains(&Effect::SetDueDate) {
        let days = match order.net_days {
            Some(d) => Some(d),
            None => db::orders::terms(db, &order.seller_org_id, &order.buyer_org_id)
                .await?
                .map(|t| t.net_days),
        };
        days.map(|d| ymd(now.div_euclid(DAY_MS) + i64::from(d)))
    } else {
        None
    };
    let notices = move_notices(db, &order, &mv, public_url, now).await?;
    // Only a proof move keeps the file; any other action ignores one sent along.
    let extra = MoveExtra {
        proof_file_id: proof_file_id
            .filter(|_| matches!(mv.action, Action::SubmitProof | Action::ReplaceProof)),
        due_date,
    };
    let outcome =
        db::orders::apply_move(db, order_id, &mv, user_id, org_id, &extra, &notices, now).await?;
    Ok(match outcome {
        MoveOutcome::Applied => Acted::Applied(mv.to),
        MoveOutcome::Conflict => Acted::Conflict,
    })
}

async fn move_notices(
    db: &Db,
    order: &OrderHeader,
    mv: &Move<'_>,
    public_url: &str,
    now: i64,
) -> anyhow::Result<Vec<db::orders::Notice>> {
    let (to_buyer, seller_roles, to_approvers) = notify::move_audience(mv.action, mv.effects);
    let about = About {
        id: &order.id,
        number: &order.number,
        seller_name: &order.seller_name,
        buyer_name: &order.buyer_name,
        currency: &order.currency,
        total_minor: order.total_minor,
    };
    let title = notify::move_title(&about, mv.action, mv.to);
    let mut details = vec![format!("Status: {}", mv.to.label())];
    if let Some(t) = mv.tracking {
        details.push(format!("Carrier: {}", t.carrier));
        details.push(format!("Tracking number: {}", t.number));
        details.push(format!("Track it: {}", t.link));
    }
    if let Some(note) = mv.note {
        details.push(format!("Note: {note}"));
    }
    let event = format!("{}:{now}", mv.action.as_str());
    let mut out = Vec::new();
    if to_buyer && let Some(placer) = db::orders::user_contact(db, &order.placed_by).await? {
        out.extend(notify::to_each(
            std::slice::from_ref(&placer),
            &about,
            &event,
            &title,
            &details,
            public_url,
        ));
    }
    if !seller_roles.is_empty() {
        let staff = db::orders::recipients(db, &order.seller_org_id, seller_roles).await?;
        out.extend(notify::to_each(
            &staff, &about, &event, &title, &details, public_url,
        ));
    }
    if to_approvers {
        let approvers = db::orders::recipients(db, &order.buyer_org_id, APPROVERS).await?;
        out.extend(notify::to_each(
            &approvers, &about, &event, &title, &details, public_url,
        ));
    }
    Ok(out)
}
