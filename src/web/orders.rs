//! Orders after placing: the buyer's list and detail, the seller's dashboard, approvals, status actions, payment proofs, messages, packing slips, reorder.
//!
//! Every order is looked up with the viewer's organization (its buyer or
//! its seller), so another organization's order is a 404 on every route,
//! and a seller does not see an order before the buyer's approver lets it
//! go. Actions go through `ordering::act`, the status machine's one door:
//! a refused action changes nothing and says why (403 for the wrong person,
//! 409 for the wrong moment, 422 with the error next to the field for a
//! missing input). Moves and messages redirect, so a reload never repeats
//! them.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Route;
use super::admin::{href, neighbours, non_empty, page_number, query};
use super::chrome;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::db::order_pages::{self as pages, Detail, ListFilter, ListSide};
use crate::db::orders::OrderHeader;
use crate::db::{self};
use crate::domain::access::{OrgClass, Permission};
use crate::domain::cart::{self as cart_rules, Orderable};
use crate::domain::checkout::TaxRow;
use crate::domain::dates::{DAY_MS, parse_ymd};
use crate::domain::order_status::{
    Action, Actor, Field, Guard, OrderStatus, PaymentMethod, Refusal, Side, TRANSITIONS,
    TransitionInput, actions_for,
};
use crate::ordering::act::{self as acting, Acted};
use crate::ordering::notify::SELLER_FULFILMENT;
use crate::views::account::FormState;
use crate::views::orders::{self as view, ActionForm, Failed, MessageForm};

/// The largest payment proof accepted.
pub const MAX_PROOF_BYTES: usize = 10 * 1024 * 1024;
/// Orders a list page shows.
const PER_PAGE: i64 = 25;
/// Orders the approvals queue shows at once.
const APPROVALS_LIMIT: i64 = 200;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        super::route(Method::GET, "/orders", P::SignedIn, get(list)),
        super::route(Method::GET, "/orders/{id}", P::SignedIn, get(show)),
        // A proof upload is the largest body: the file plus the form around it.
        super::route(
            Method::POST,
            "/orders/{id}/act",
            P::SignedIn,
            post(act).layer(DefaultBodyLimit::max(MAX_PROOF_BYTES + 64 * 1024)),
        ),
        super::route(
            Method::GET,
            "/orders/{id}/proofs/{proof_id}",
            P::SignedIn,
            get(proof),
        ),
        super::route(
            Method::POST,
            "/orders/{id}/messages",
            P::SignedIn,
            post(message),
        ),
        super::route(
            Method::GET,
            "/orders/{id}/packing-slip",
            P::SignedIn,
            get(packing_slip),
        ),
        super::route(Method::POST, "/orders/{id}/reorder", P::Buy, post(reorder)),
        super::route(Method::GET, "/approvals", P::Approve, get(approvals)),
        super::route(Method::GET, "/seller/orders", P::Sell, get(seller_orders)),
    ]
}

/// The order `id` as the viewer may see it: their organization is its
/// buyer, or its seller once the order left the buyer's approval.
async fn visible(state: &AppState, v: &Viewer, id: &str) -> Result<(OrderHeader, Side), Error> {
    let order = db::orders::header(&state.db, id, &v.org_id)
        .await?
        .ok_or(Error::NotFound)?;
    let side = acting::side_of(&order, &v.org_id);
    if side == Side::Seller && order.status == OrderStatus::AwaitingApproval.as_str() {
        return Err(Error::NotFound);
    }
    Ok((order, side))
}

fn parsed(order: &OrderHeader) -> Result<(OrderStatus, PaymentMethod), Error> {
    acting::parsed(order).map_err(Error::Internal)
}

/// The inputs `action` needs from an order in `status` paid by `payment`.
fn guards(status: OrderStatus, action: Action, payment: PaymentMethod) -> &'static [Guard] {
    TRANSITIONS
        .iter()
        .find(|t| {
            t.action == action && t.from.contains(&status) && t.payment.is_none_or(|p| p == payment)
        })
        .map_or(&[], |t| t.guards)
}

/// What the order page shows besides the order.
#[derive(Default)]
struct PageState {
    failed: Option<Failed>,
    message: MessageForm,
    notice: Option<String>,
}

async fn render(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    order: &OrderHeader,
    side: Side,
    ps: &PageState,
    status: StatusCode,
) -> Result<Response, Error> {
    let db = &state.db;
    let detail = pages::detail(db, &order.id, &v.org_id)
        .await?
        .ok_or(Error::NotFound)?;
    let (now_status, payment) = parsed(order)?;
    let lines = pages::lines(db, &order.id, &v.org_id).await?;
    let history = pages::history(db, &order.id, &v.org_id).await?;
    let proofs = pages::proofs(db, &order.id, &v.org_id).await?;
    let messages = pages::messages(db, &order.id, &v.org_id).await?;
    let tax_rows = tax_rows(&detail);
    let bank =
        if payment == PaymentMethod::BankTransfer && now_status == OrderStatus::PendingPayment {
            Some(db::seller_settings::get(db, &detail.seller_org_id).await?)
        } else {
            None
        };
    let actor = Actor { side, role: v.role };
    let actions: Vec<ActionForm> = actions_for(now_status, actor, payment)
        .into_iter()
        .map(|action| ActionForm {
            action,
            guards: guards(now_status, action, payment),
        })
        .collect();
    let page = view::DetailPage {
        order: &detail,
        side,
        lines: &lines,
        history: &history,
        proofs: &proofs,
        messages: &messages,
        tax_rows: &tax_rows,
        bank: bank.as_ref(),
        actions: &actions,
        failed: ps.failed.as_ref(),
        message_form: &ps.message,
        notice: ps.notice.as_deref(),
        can_reorder: side == Side::Buyer && v.can(Permission::Buy),
    };
    Ok((status, view::detail(&chrome(state, visit), &page)).into_response())
}

/// The stored tax breakdown; an unreadable one is logged and left out
/// (the order's tax total is still shown).
fn tax_rows(d: &Detail) -> Vec<TaxRow> {
    match serde_json::from_str(&d.tax_breakdown) {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(order = d.id, error = %e, "unreadable tax breakdown");
            Vec::new()
        }
    }
}

/// Page `page` of a list, and whether another follows.
async fn page_of(
    state: &AppState,
    org_id: &str,
    side: ListSide,
    filter: &ListFilter<'_>,
    page: i64,
) -> Result<(Vec<pages::ListRow>, bool), Error> {
    let mut rows = pages::list(
        &state.db,
        org_id,
        side,
        filter,
        PER_PAGE + 1,
        (page - 1) * PER_PAGE,
    )
    .await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    Ok((rows, more))
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    seller: String,
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

/// `GET /orders`: the organization's orders, newest first, filtered.
async fn list(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    if v.class == OrgClass::Seller {
        return Ok(Redirect::to("/seller/orders").into_response());
    }
    let q: ListQuery = query(raw.as_deref())?;
    let page = page_number(&q.page)?;
    let mut form = FormState {
        values: vec![
            ("status", q.status.clone()),
            ("from", q.from.clone()),
            ("to", q.to.clone()),
            ("seller", q.seller.clone()),
            ("ticket", q.ticket.clone()),
            ("q", q.q.clone()),
        ],
        ..FormState::default()
    };
    let status = non_empty(&q.status).and_then(|s| {
        let found = s.parse::<OrderStatus>().ok().map(OrderStatus::as_str);
        if found.is_none() {
            form.fail("status", "Choose a status from the list.");
        }
        found
    });
    let mut day = |name: &'static str, text: &str| {
        non_empty(text).and_then(|t| {
            let d = parse_ymd(t);
            if d.is_none() {
                form.fail(name, "Enter a date as YYYY-MM-DD.");
            }
            d
        })
    };
    let from = day("from", &q.from);
    // "To" includes the whole day.
    let before = day("to", &q.to).map(|d| d + DAY_MS);
    let statuses = status.map(|s| [s]);
    let filter = ListFilter {
        statuses: statuses.as_ref().map(|s| s.as_slice()),
        placed_from: from,
        placed_before: before,
        seller_id: non_empty(&q.seller),
        ticket: non_empty(&q.ticket),
        search: non_empty(&q.q),
    };
    let (rows, more) = page_of(&state, &v.org_id, ListSide::Buyer, &filter, page).await?;
    let sellers = pages::sellers_of_buyer(&state.db, &v.org_id).await?;
    let kept: Vec<(&str, &str)> = form.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (prev, next) = neighbours("/orders", &kept, page, more);
    let p = view::ListPage {
        form: &form,
        sellers: &sellers,
        rows: &rows,
        prev,
        next,
    };
    Ok(view::list(&chrome(&state, &visit), &p).into_response())
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    sent: String,
}

/// `GET /orders/{id}`.
async fn show(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let (order, side) = visible(&state, &v, &id).await?;
    let q: ShowQuery = query(raw.as_deref())?;
    let notice = match (q.done.parse::<Action>(), q.sent.as_str()) {
        (Ok(a), _) => Some(format!("Done: {}.", a.label())),
        (Err(()), "1") => Some("Message sent.".to_owned()),
        _ => None,
    };
    let ps = PageState {
        notice,
        ..PageState::default()
    };
    render(&state, &v, &visit, &order, side, &ps, StatusCode::OK).await
}

/// An action's form, as posted (urlencoded, or multipart with a proof).
#[derive(Deserialize, Default)]
struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    tracking_number: String,
    #[serde(default)]
    tracking_link: String,
}

/// A posted action with its file, if any.
#[derive(Default)]
struct Posted {
    form: ActForm,
    /// (name as uploaded, bytes) of a non-empty file.
    file: Option<(String, Vec<u8>)>,
    /// Why the file could not be received.
    upload_error: Option<String>,
}

fn too_large() -> String {
    format!(
        "The file is larger than {} MB; upload a smaller scan or a PDF.",
        MAX_PROOF_BYTES / (1024 * 1024)
    )
}

async fn read_multipart(mut m: Multipart) -> Posted {
    let mut out = Posted::default();
    let interrupted = || "The upload was interrupted; try again.".to_owned();
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                out.upload_error = Some(if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    interrupted()
                });
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == Field::Proof.as_str() {
            let file_name = super::extract::uploaded_name(&field);
            match field.bytes().await {
                Ok(b) if b.len() > MAX_PROOF_BYTES => out.upload_error = Some(too_large()),
                Ok(b) if b.is_empty() => {}
                Ok(b) => out.file = Some((file_name, b.to_vec())),
                Err(e) => {
                    out.upload_error = Some(if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        interrupted()
                    });
                    break;
                }
            }
            continue;
        }
        let Ok(text) = field.text().await else {
            out.upload_error = Some(interrupted());
            break;
        };
        let f = &mut out.form;
        match name.as_str() {
            "action" => f.action = text,
            "from" => f.from = text,
            "reason" => f.reason = text,
            "carrier" => f.carrier = text,
            "tracking_number" => f.tracking_number = text,
            "tracking_link" => f.tracking_link = text,
            // The CSRF token and anything else.
            _ => {}
        }
    }
    out
}

/// The type of a payment proof, read from its first bytes: (content type,
/// extension). Names and declared types are not trusted.
fn proof_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

/// The name a proof is remembered by: printable, at most 200 characters.
fn clean_name(name: &str) -> String {
    let kept: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if kept.trim().is_empty() {
        "payment-proof".into()
    } else {
        kept
    }
}

/// `POST /orders/{id}/act`: one action from the order page or the
/// approvals queue (`from=approvals` returns there).
async fn act(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, Error> {
    // The order is checked before the body is read: another organization's
    // id is a 404 whatever was sent.
    let (order, side) = visible(&state, &v, &id).await?;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("multipart/form-data"));
    let posted = if multipart {
        match Multipart::from_request(req, &state).await {
            Ok(m) => read_multipart(m).await,
            Err(_) => Posted {
                upload_error: Some("The form could not be read; reload the page.".into()),
                ..Posted::default()
            },
        }
    } else {
        let Form(form) = Form::<ActForm>::from_request(req, &state).await?;
        Posted {
            form,
            ..Posted::default()
        }
    };
    let action: Action = posted.form.action.parse().map_err(|()| Error::BadParam {
        param: "action",
        message: "not an action on orders".into(),
    })?;
    let from_approvals = posted.form.from == "approvals";
    let mut input = TransitionInput {
        reason: posted.form.reason.clone(),
        proof_attached: posted.file.is_some() || posted.upload_error.is_some(),
        carrier: posted.form.carrier.clone(),
        tracking_number: posted.form.tracking_number.clone(),
        tracking_link: posted.form.tracking_link.clone(),
    };
    let ctx = Refused {
        state: &state,
        v: &v,
        visit: &visit,
        order: &order,
        side,
        action,
        from_approvals,
    };
    // Decided before anything is stored, so a refused action stores nothing.
    let decided =
        acting::decide(&order, &v.org_id, v.role, action, &input).map_err(Error::Internal)?;
    if let Err(r) = decided {
        return ctx.respond(r, None, &input).await;
    }
    let (status, payment) = parsed(&order)?;
    let needs_proof = guards(status, action, payment).contains(&Guard::NeedsProof);
    let mut proof_file_id = None;
    if needs_proof {
        if let Some(msg) = posted.upload_error.clone() {
            return ctx
                .respond(Refusal::Missing(Field::Proof), Some(msg), &input)
                .await;
        }
        let Some((name, bytes)) = &posted.file else {
            input.proof_attached = false;
            return ctx
                .respond(Refusal::Missing(Field::Proof), None, &input)
                .await;
        };
        let Some((content_type, ext)) = proof_type(bytes) else {
            let msg = format!(
                "“{}” is not a PDF, JPG or PNG file; upload the bank's receipt in one of those formats.",
                clean_name(name)
            );
            return ctx
                .respond(Refusal::Missing(Field::Proof), Some(msg), &input)
                .await;
        };
        let stored = state.files.save(bytes, ext).await.map_err(|e| {
            Error::Internal(anyhow::Error::new(e).context("saving a payment proof"))
        })?;
        let original = clean_name(name);
        let file_id = db::files::insert(
            &state.db,
            &db::files::NewFile {
                org_id: &v.org_id,
                purpose: "payment_proof",
                original_name: &original,
                content_type,
                stored: &stored,
                created_by: Some(&v.user_id),
            },
            state.clock.now_ms(),
        )
        .await?;
        proof_file_id = Some(file_id);
    }
    let acted = acting::act(
        &state.db,
        &v.user_id,
        &v.org_id,
        v.role,
        &order.id,
        action,
        &input,
        proof_file_id,
        state.clock.now_ms(),
        &state.config.public_url,
    )
    .await
    .map_err(Error::Internal)?;
    match acted {
        Acted::Applied(_) if from_approvals => Ok(Redirect::to(&href(
            "/approvals",
            &[("done", action.as_str()), ("order", &order.number)],
        ))
        .into_response()),
        Acted::Applied(_) => Ok(Redirect::to(&href(
            &format!("/orders/{}", order.id),
            &[("done", action.as_str())],
        ))
        .into_response()),
        Acted::Refused(r) => ctx.respond(r, None, &input).await,
        Acted::Conflict => Ok(ctx.refused_page(
            StatusCode::CONFLICT,
            "Someone changed this order first; reload it to see where it is now.",
        )),
        Acted::NotFound => Err(Error::NotFound),
    }
}

/// Answers a refused action.
struct Refused<'a> {
    state: &'a AppState,
    v: &'a Viewer,
    visit: &'a Visit,
    order: &'a OrderHeader,
    side: Side,
    action: Action,
    from_approvals: bool,
}

impl Refused<'_> {
    fn refused_page(&self, status: StatusCode, message: &str) -> Response {
        (
            status,
            view::refused(
                &chrome(self.state, self.visit),
                &self.order.id,
                &self.order.number,
                message,
            ),
        )
            .into_response()
    }

    /// 403 or 409 with the machine's reason, or the form again (422) with
    /// the error next to its field and what was typed; `message` overrides
    /// the field's own message (a proof of the wrong type).
    async fn respond(
        &self,
        r: Refusal,
        message: Option<String>,
        input: &TransitionInput,
    ) -> Result<Response, Error> {
        let field = match r {
            Refusal::Forbidden { .. } => {
                return Ok(self.refused_page(StatusCode::FORBIDDEN, &r.to_string()));
            }
            Refusal::Illegal { .. } => {
                return Ok(self.refused_page(StatusCode::CONFLICT, &r.to_string()));
            }
            Refusal::Missing(field) => field,
        };
        let failed = Failed {
            order_id: self.order.id.clone(),
            action: self.action,
            field,
            message: message.unwrap_or_else(|| field.message().to_owned()),
            input: input.clone(),
        };
        if self.from_approvals {
            return approvals_page(
                self.state,
                self.v,
                self.visit,
                None,
                Some(&failed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        let ps = PageState {
            failed: Some(failed),
            ..PageState::default()
        };
        render(
            self.state,
            self.v,
            self.visit,
            self.order,
            self.side,
            &ps,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
    }
}

/// `GET /orders/{id}/proofs/{proof_id}`: a payment proof, as a download.
async fn proof(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
    Path((id, proof_id)): Path<(String, String)>,
) -> Result<Response, Error> {
    let (order, _) = visible(&state, &v, &id).await?;
    let p = pages::proof(&state.db, &order.id, &v.org_id, &proof_id)
        .await?
        .ok_or(Error::NotFound)?;
    let bytes = state.files.read(&p.stored_name).await.map_err(|e| {
        Error::Internal(anyhow::Error::new(e).context("reading a stored payment proof"))
    })?;
    // The header carries an ASCII name; anything else becomes '_'.
    let name: String = p
        .original_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, p.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response())
}

#[derive(Deserialize)]
struct MessageBody {
    #[serde(default)]
    body: String,
}

/// `POST /orders/{id}/messages`: a message to the other party, who is
/// notified in the same transaction.
async fn message(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<MessageBody>,
) -> Result<Response, Error> {
    let (order, side) = visible(&state, &v, &id).await?;
    let body = f.body.trim();
    let chars = body.chars().count();
    let error = if chars == 0 {
        Some("Write a message first.".to_owned())
    } else if chars > view::MAX_MESSAGE_CHARS {
        Some(format!(
            "Keep a message to {} characters; this one has {chars}.",
            view::MAX_MESSAGE_CHARS
        ))
    } else {
        None
    };
    if let Some(error) = error {
        let ps = PageState {
            message: MessageForm {
                typed: f.body.clone(),
                error: Some(error),
            },
            ..PageState::default()
        };
        return render(
            &state,
            &v,
            &visit,
            &order,
            side,
            &ps,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let recipients = match side {
        Side::Buyer => {
            db::orders::recipients(&state.db, &order.seller_org_id, SELLER_FULFILMENT).await?
        }
        Side::Seller => db::orders::user_contact(&state.db, &order.placed_by)
            .await?
            .into_iter()
            .collect(),
    };
    let title = format!("New message on order {} from {}", order.number, v.org_name);
    let preview: String = body.chars().take(200).collect();
    let notify: Vec<(String, String, String)> = recipients
        .into_iter()
        .filter(|r| r.id != v.user_id)
        .map(|r| (r.id, title.clone(), preview.clone()))
        .collect();
    let added = pages::add_message(
        &state.db,
        &pages::NewMessage {
            order_id: &order.id,
            author_id: &v.user_id,
            org_id: &v.org_id,
            body,
            notify: &notify,
        },
        state.clock.now_ms(),
    )
    .await?;
    if !added {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to(&format!("/orders/{}?sent=1#messages", order.id)).into_response())
}

/// `GET /orders/{id}/packing-slip`: the seller's printable slip.
async fn packing_slip(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (order, side) = visible(&state, &v, &id).await?;
    if side != Side::Seller {
        return Err(Error::NotFound);
    }
    let detail = pages::detail(&state.db, &order.id, &v.org_id)
        .await?
        .ok_or(Error::NotFound)?;
    let lines = pages::lines(&state.db, &order.id, &v.org_id).await?;
    Ok(view::packing_slip(&chrome(&state, &visit), &detail, &lines).into_response())
}

/// `POST /orders/{id}/reorder`: the order's parts back in the cart at the
/// ordered quantities, each checked by the cart's rules. A line already in
/// the cart with at least that many is left as it is, so sending the form
/// twice adds nothing twice. The cart page says what was added and what was
/// not, and why.
async fn reorder(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (order, side) = visible(&state, &v, &id).await?;
    if side != Side::Buyer {
        return Err(Error::NotFound);
    }
    let lines = pages::lines(&state.db, &order.id, &v.org_id).await?;
    let now = state.clock.now_ms();
    let mut added: Vec<String> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut lines_now = db::cart::count_all(&state.db, &v.user_id, &v.org_id).await?;
    for l in &lines {
        let what = format!("{} {}", l.part_number, l.name);
        let part = db::cart::buyable(&state.db, &l.part_id)
            .await?
            .filter(|p| p.visibility == "public" || p.seller_id == v.org_id);
        let Some(part) = part else {
            refused.push(format!("{what}: no longer listed"));
            continue;
        };
        let wanted = u32::try_from(l.quantity).unwrap_or(0);
        let existing = db::cart::line_for_part(&state.db, &v.user_id, &v.org_id, &part.id).await?;
        let already = existing
            .as_ref()
            .filter(|c| !c.saved_for_later)
            .map_or(0, |c| u32::try_from(c.quantity).unwrap_or(0));
        if already >= wanted {
            kept.push(format!("{what} (already {already} in your cart)"));
            continue;
        }
        let orderable = Orderable {
            status: &part.status,
            visibility: &part.visibility,
            seller_status: &part.seller_status,
            stock: part.stock,
            moq: i64::from(part.moq),
            order_multiple: i64::from(part.order_multiple),
        };
        if let Err(e) = cart_rules::check_quantity(wanted, &orderable) {
            refused.push(format!("{what}: {e}"));
            continue;
        }
        if existing.is_none() && lines_now >= cart_rules::MAX_LINES as i64 {
            refused.push(format!(
                "{what}: your cart already holds {} lines, the most it can",
                cart_rules::MAX_LINES
            ));
            continue;
        }
        db::cart::put(
            &state.db,
            &db::cart::NewLine {
                user_id: &v.user_id,
                org_id: &v.org_id,
                part_id: &part.id,
                quantity: i32::try_from(wanted).unwrap_or(i32::MAX),
                price_minor: part.price_minor,
                currency: &part.currency,
            },
            now,
        )
        .await?;
        if existing.is_none() {
            lines_now += 1;
        }
        added.push(format!("{wanted} × {what}"));
    }
    let mut notice = format!("From order {}: ", order.number);
    if added.is_empty() {
        notice.push_str("nothing was added.");
    } else {
        notice.push_str(&format!("added {}.", added.join("; ")));
    }
    if !kept.is_empty() {
        notice.push_str(&format!(" Already in your cart: {}.", kept.join("; ")));
    }
    let banner = (!refused.is_empty()).then(|| format!("Not added: {}.", refused.join("; ")));
    let cart_lines = db::cart::lines(&state.db, &v.user_id, &v.org_id).await?;
    let cart = crate::views::cart::Cart::new(&cart_lines);
    let messages = super::cart::Messages {
        notice: Some(notice),
        banner,
        ..super::cart::Messages::default()
    };
    // Shipping and tax estimates appear when the cart page is next loaded.
    Ok(
        crate::views::cart::page(&chrome(&state, &visit), &cart, &HashMap::new(), &messages)
            .into_response(),
    )
}

#[derive(Deserialize, Default)]
struct ApprovalsQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    order: String,
}

async fn approvals_page(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    notice: Option<&str>,
    failed: Option<&Failed>,
    status: StatusCode,
) -> Result<Response, Error> {
    let waiting = [OrderStatus::AwaitingApproval.as_str()];
    let filter = ListFilter {
        statuses: Some(&waiting),
        ..ListFilter::default()
    };
    let rows = pages::list(
        &state.db,
        &v.org_id,
        ListSide::Buyer,
        &filter,
        APPROVALS_LIMIT,
        0,
    )
    .await?;
    let p = view::ApprovalsPage {
        rows: &rows,
        notice,
        failed,
    };
    Ok((status, view::approvals(&chrome(state, visit), &p)).into_response())
}

/// `GET /approvals`: the organization's orders waiting for an approver.
async fn approvals(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: ApprovalsQuery = query(raw.as_deref())?;
    let notice = match q.done.parse::<Action>() {
        Ok(Action::Approve) => Some(format!("Order {} approved.", q.order)),
        Ok(Action::Reject) => Some(format!("Order {} rejected.", q.order)),
        _ => None,
    };
    approvals_page(&state, &v, &visit, notice.as_deref(), None, StatusCode::OK).await
}

/// The seller dashboard's tabs: key, label, the statuses it holds (`None`:
/// all of them).
const SELLER_TABS: [(&str, &str, Option<&[&str]>); 7] = [
    (
        "attention",
        "Needs attention",
        Some(&[
            "payment_submitted",
            "payment_verified",
            "processing",
            "packed",
            "return_requested",
        ]),
    ),
    (
        "verify",
        "Awaiting payment verification",
        Some(&["payment_submitted"]),
    ),
    (
        "processing",
        "Processing",
        Some(&["payment_verified", "processing", "packed"]),
    ),
    ("shipped", "Shipped", Some(&["shipped", "out_for_delivery"])),
    (
        "completed",
        "Completed",
        Some(&["delivered", "returned", "refunded"]),
    ),
    ("cancelled", "Cancelled", Some(&["cancelled", "rejected"])),
    ("all", "All", None),
];

#[derive(Deserialize, Default)]
struct SellerQuery {
    #[serde(default)]
    tab: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

/// `GET /seller/orders`: the seller's orders by what they need.
async fn seller_orders(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: SellerQuery = query(raw.as_deref())?;
    let page = page_number(&q.page)?;
    let (tab, _, statuses) = SELLER_TABS
        .iter()
        .find(|(k, _, _)| *k == q.tab)
        .copied()
        .unwrap_or(SELLER_TABS[0]);
    let counts = pages::seller_status_counts(&state.db, &v.org_id).await?;
    let tabs: Vec<view::Tab> = SELLER_TABS
        .iter()
        .map(|(key, label, st)| {
            let n = counts
                .iter()
                .filter(|(s, _)| st.is_none_or(|st| st.contains(&s.as_str())))
                .map(|(_, n)| n)
                .sum();
            (*key, *label, n)
        })
        .collect();
    let search = non_empty(&q.q);
    let filter = ListFilter {
        statuses,
        search,
        ..ListFilter::default()
    };
    let (rows, more) = page_of(&state, &v.org_id, ListSide::Seller, &filter, page).await?;
    let (prev, next) = neighbours(
        "/seller/orders",
        &[("tab", tab), ("q", search.unwrap_or(""))],
        page,
        more,
    );
    let p = view::SellerPage {
        tabs: &tabs,
        tab,
        q: search.unwrap_or(""),
        rows: &rows,
        prev,
        next,
    };
    Ok(view::seller(&chrome(&state, &visit), &p).into_response())
}
