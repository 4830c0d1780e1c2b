//! Checkout: the steps from the cart to placed orders (address, shipping,
//! payment, details, review), the place button and the confirmation.
//!
//! Every step reads the checkout through `ordering::review`, so each page
//! shows what placing would store. Forms carry choices only (an address
//! id, an option key, a method, the details); prices and parts are read
//! from the database when the order is placed. A placed checkout's steps
//! lead to its confirmation; another user's checkout is not found.

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::addresses::AddressForm;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Viewer};
use super::{Route, chrome};
use crate::app::AppState;
use crate::db::orders::PlaceOutcome;
use crate::db::{self, checkouts::CheckoutRow};
use crate::domain::access::Permission;
use crate::domain::address::{self, Raw};
use crate::domain::checkout::{DetailsInput, check_details};
use crate::domain::dates::DAY_MS;
use crate::domain::order_status::{OrderStatus, PaymentMethod};
use crate::ordering::place::{Placing, place};
use crate::ordering::{self, Choices, Review};
use crate::views::account::FormState;
use crate::views::checkout::{self as view, AddressChoice, Problem, SellerError, Step, step_url};

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    use super::route as r;
    use Permission::Buy;
    vec![
        r(Method::GET, "/checkout", Buy, get(start)),
        r(
            Method::GET,
            "/checkout/{id}/address",
            Buy,
            get(address_form),
        ),
        r(
            Method::POST,
            "/checkout/{id}/address",
            Buy,
            post(save_address),
        ),
        r(
            Method::GET,
            "/checkout/{id}/shipping",
            Buy,
            get(shipping_form),
        ),
        r(
            Method::POST,
            "/checkout/{id}/shipping",
            Buy,
            post(save_shipping),
        ),
        r(
            Method::GET,
            "/checkout/{id}/payment",
            Buy,
            get(payment_form),
        ),
        r(
            Method::POST,
            "/checkout/{id}/payment",
            Buy,
            post(save_payment),
        ),
        r(
            Method::GET,
            "/checkout/{id}/details",
            Buy,
            get(details_form),
        ),
        r(
            Method::POST,
            "/checkout/{id}/details",
            Buy,
            post(save_details),
        ),
        r(Method::GET, "/checkout/{id}/review", Buy, get(review_page)),
        r(Method::POST, "/checkout/{id}/place", Buy, post(place_order)),
        r(Method::GET, "/checkout/{id}/done", Buy, get(done)),
    ]
}

fn to_step(id: &str, step: Step) -> Response {
    Redirect::to(&step_url(id, step)).into_response()
}

fn to_done(id: &str) -> Response {
    Redirect::to(&format!("/checkout/{id}/done")).into_response()
}

/// The user's checkout `id`; another user's, or none, is not found.
async fn checkout(state: &AppState, v: &Viewer, id: &str) -> Result<CheckoutRow, Error> {
    db::checkouts::get(&state.db, &v.user_id, &v.org_id, id)
        .await?
        .ok_or(Error::NotFound)
}

/// The review of the draft `id`; `None` when it is placed already.
async fn draft(state: &AppState, v: &Viewer, id: &str) -> Result<Option<Review>, Error> {
    let c = checkout(state, v, id).await?;
    if c.status != "draft" {
        return Ok(None);
    }
    let today = state.clock.now_ms().div_euclid(DAY_MS);
    Ok(Some(
        ordering::review(&state.db, &v.user_id, &v.org_id, &c, today).await?,
    ))
}

/// `GET /checkout`: the draft touched in the last day, else a new one.
pub async fn start(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
) -> Result<Response, Error> {
    let lines = db::cart::lines(&state.db, &v.user_id, &v.org_id).await?;
    if lines.iter().all(|l| l.saved_for_later) {
        return Ok(Redirect::to("/cart").into_response());
    }
    let id = db::checkouts::current_or_new(&state.db, &v.user_id, &v.org_id, state.clock.now_ms())
        .await?;
    Ok(to_step(&id, Step::Address))
}

/// What the address step shows as chosen: the draft's choice, else the
/// organization's defaults.
fn current_choice(r: &Review) -> AddressChoice {
    let default_of = |kind: &str| {
        r.addresses
            .iter()
            .find(|a| a.kind == kind && a.is_default)
            .map(|a| a.id.clone())
    };
    AddressChoice {
        shipping_id: r
            .ship_to
            .as_ref()
            .map(|a| a.id.clone())
            .or_else(|| default_of("shipping"))
            .unwrap_or_default(),
        billing_id: match (&r.checkout.shipping_address_id, &r.bill_to) {
            (_, Some(b)) => b.id.clone(),
            // Chosen before: billing to the shipping address.
            (Some(_), None) => String::new(),
            (None, None) => default_of("billing").unwrap_or_default(),
        },
        ..AddressChoice::default()
    }
}

/// `GET /checkout/{id}/address`.
pub async fn address_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let mut choice = current_choice(&r);
    if q.as_deref() == Some("added=1") {
        choice.notice =
            Some("Address added to your address book and chosen for this order.".into());
    }
    let new = AddressForm::blank_shipping().state();
    Ok(view::address_page(&chrome(&state, &visit), &r, &choice, &new).into_response())
}

/// The address step's two forms: choosing from the address book, or
/// (`add=1`) a new shipping address with the address book's fields.
#[derive(Deserialize, Default)]
pub struct AddressStepForm {
    #[serde(default)]
    add: String,
    #[serde(default)]
    shipping_address_id: String,
    #[serde(default)]
    billing_address_id: String,
    #[serde(flatten)]
    address: AddressForm,
}

impl AddressStepForm {
    /// The new address, always a shipping address.
    fn raw(&self) -> Raw {
        Raw {
            kind: "shipping".into(),
            ..self.address.raw()
        }
    }
}

/// `POST /checkout/{id}/address`.
pub async fn save_address(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<AddressStepForm>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let now = state.clock.now_ms();
    // The billing choice must be one of the organization's billing
    // addresses; anything else bills to the shipping address.
    let billing = r
        .addresses
        .iter()
        .find(|a| a.kind == "billing" && a.id == f.billing_address_id)
        .map(|a| a.id.as_str());
    if f.add == "1" {
        return match address::check(&f.raw()) {
            Ok(a) => {
                let summary = format!("added a shipping address in {} at checkout", a.city);
                let audit = visit.audit(&v, "address.create", &v.org_id, &summary);
                let new_id = db::addresses::create(&state.db, &v.org_id, &a, now, &audit).await?;
                if !db::checkouts::set_addresses(&state.db, &v.user_id, &id, &new_id, billing, now)
                    .await?
                {
                    return Ok(to_done(&id));
                }
                Ok(
                    Redirect::to(&format!("{}?added=1", step_url(&id, Step::Address)))
                        .into_response(),
                )
            }
            Err(errors) => {
                let mut new = f.address.state();
                for (field, message) in errors {
                    new.fail(field, message);
                }
                let mut choice = current_choice(&r);
                choice.billing_id = billing.unwrap_or_default().to_owned();
                Ok(view::address_page(&chrome(&state, &visit), &r, &choice, &new).into_response())
            }
        };
    }
    let Some(ship) = r
        .addresses
        .iter()
        .find(|a| a.kind == "shipping" && a.id == f.shipping_address_id)
    else {
        let choice = AddressChoice {
            billing_id: billing.unwrap_or_default().to_owned(),
            error: Some("Choose one of your shipping addresses.".into()),
            ..AddressChoice::default()
        };
        let new = AddressForm::blank_shipping().state();
        return Ok(view::address_page(&chrome(&state, &visit), &r, &choice, &new).into_response());
    };
    if !db::checkouts::set_addresses(&state.db, &v.user_id, &id, &ship.id, billing, now).await? {
        return Ok(to_done(&id));
    }
    Ok(to_step(&id, Step::Shipping))
}

/// `GET /checkout/{id}/shipping`.
pub async fn shipping_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    Ok(view::shipping_page(&chrome(&state, &visit), &r, &[]).into_response())
}

/// The value posted for `name`, if any.
fn posted<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /checkout/{id}/shipping`: `option-<seller id>` = an option key
/// for each seller.
pub async fn save_shipping(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let mut choices = Choices::parse(&r.checkout.choices);
    let mut errors: Vec<SellerError> = Vec::new();
    for s in &r.sellers {
        // A seller none of whose options can be priced has nothing to
        // choose; the review says why.
        if s.options.iter().all(|(_, p)| p.is_err()) {
            continue;
        }
        let key = posted(&pairs, &format!("option-{}", s.seller_id)).unwrap_or("");
        let open = s.options.iter().any(|(o, p)| o.key() == key && p.is_ok());
        if open {
            choices
                .sellers
                .entry(s.seller_id.clone())
                .or_default()
                .option = key.to_owned();
        } else {
            errors.push((
                s.seller_id.clone(),
                format!("Choose how {} ships your order.", s.seller_name),
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(view::shipping_page(&chrome(&state, &visit), &r, &errors).into_response());
    }
    let json = choices.to_json();
    if !db::checkouts::set_choices(&state.db, &v.user_id, &id, &json, state.clock.now_ms()).await? {
        return Ok(to_done(&id));
    }
    Ok(to_step(&id, Step::Payment))
}

/// `GET /checkout/{id}/payment`.
pub async fn payment_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    Ok(view::payment_page(&chrome(&state, &visit), &r, &[]).into_response())
}

/// `POST /checkout/{id}/payment`: `payment-<seller id>` = a method for
/// each seller; a method that is not open is refused.
pub async fn save_payment(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let mut choices = Choices::parse(&r.checkout.choices);
    let mut errors: Vec<SellerError> = Vec::new();
    for s in &r.sellers {
        let typed = posted(&pairs, &format!("payment-{}", s.seller_id)).unwrap_or("");
        let method = typed.parse::<PaymentMethod>().ok();
        let open = s
            .payments
            .iter()
            .find(|(m, _)| Some(*m) == method)
            .map(|(_, open)| open);
        match (method, open) {
            (Some(m), Some(Ok(()))) => {
                choices
                    .sellers
                    .entry(s.seller_id.clone())
                    .or_default()
                    .payment = m.as_str().to_owned();
            }
            (Some(m), Some(Err(why))) => errors.push((
                s.seller_id.clone(),
                format!("{} is not available: {why}.", m.label()),
            )),
            _ => errors.push((
                s.seller_id.clone(),
                format!("Choose how to pay {}.", s.seller_name),
            )),
        }
    }
    if !errors.is_empty() {
        return Ok(view::payment_page(&chrome(&state, &visit), &r, &errors).into_response());
    }
    let json = choices.to_json();
    if !db::checkouts::set_choices(&state.db, &v.user_id, &id, &json, state.clock.now_ms()).await? {
        return Ok(to_done(&id));
    }
    Ok(to_step(&id, Step::Details))
}

#[derive(Deserialize, Default)]
pub struct DetailsForm {
    #[serde(default)]
    po_number: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    required_by: String,
    #[serde(default)]
    ticket_ref: String,
}

fn details_state(d: &DetailsInput) -> FormState {
    FormState {
        values: vec![
            ("po_number", d.po_number.clone()),
            ("notes", d.notes.clone()),
            ("required_by", d.required_by.clone()),
            ("ticket_ref", d.ticket_ref.clone()),
        ],
        ..FormState::default()
    }
}

/// `GET /checkout/{id}/details`.
pub async fn details_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let c = &r.checkout;
    let f = details_state(&DetailsInput {
        po_number: c.po_number.clone(),
        notes: c.notes.clone(),
        required_by: c.required_by.clone(),
        ticket_ref: c.ticket_ref.clone(),
    });
    Ok(view::details_page(&chrome(&state, &visit), &r, &f).into_response())
}

/// `POST /checkout/{id}/details`.
pub async fn save_details(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<DetailsForm>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let typed = DetailsInput {
        po_number: f.po_number,
        notes: f.notes,
        required_by: f.required_by,
        ticket_ref: f.ticket_ref,
    };
    let now = state.clock.now_ms();
    match check_details(&typed, now.div_euclid(DAY_MS)) {
        Ok(d) => {
            if !db::checkouts::set_details(&state.db, &v.user_id, &id, &d, now).await? {
                return Ok(to_done(&id));
            }
            Ok(to_step(&id, Step::Review))
        }
        Err(errors) => {
            let mut form = details_state(&typed);
            for (field, message) in errors {
                form.fail(field, message);
            }
            Ok(view::details_page(&chrome(&state, &visit), &r, &form).into_response())
        }
    }
}

/// `GET /checkout/{id}/review`.
pub async fn review_page(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    Ok(view::review_page(&chrome(&state, &visit), &r, None).into_response())
}

/// `POST /checkout/{id}/place`. The body carries nothing but the CSRF
/// token: what is ordered, at what price, is read again from the database.
pub async fn place_order(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let placing = place(
        &state.db,
        &v.user_id,
        &v.org_id,
        &id,
        state.clock.now_ms(),
        &state.config.public_url,
    )
    .await?;
    let problem = match placing {
        Placing::Done(PlaceOutcome::Placed { .. } | PlaceOutcome::AlreadyPlaced) => {
            return Ok(to_done(&id));
        }
        Placing::Done(PlaceOutcome::NotFound) => return Err(Error::NotFound),
        Placing::Done(PlaceOutcome::Short(lines)) => Problem::Short(lines),
        Placing::Done(PlaceOutcome::CreditRefused {
            seller_name,
            reason,
        }) => Problem::Credit {
            seller_name,
            reason,
        },
        Placing::NotReady(missing) => Problem::NotReady(missing),
    };
    // Nothing was stored: the review as it stands now, with why.
    let Some(r) = draft(&state, &v, &id).await? else {
        return Ok(to_done(&id));
    };
    let page = view::review_page(&chrome(&state, &visit), &r, Some(&problem));
    let status = match problem {
        Problem::Short(_) | Problem::Credit { .. } => StatusCode::CONFLICT,
        Problem::NotReady(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((status, page).into_response())
}

/// `GET /checkout/{id}/done`: the placed checkout's orders; a draft goes
/// back to its review.
pub async fn done(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let c = checkout(&state, &v, &id).await?;
    if c.status == "draft" {
        return Ok(to_step(&id, Step::Review));
    }
    let rows = db::checkouts::orders_of(&state.db, &v.org_id, &id).await?;
    let mut orders = Vec::with_capacity(rows.len());
    for (order_id, number, seller_name, status, currency, total_minor) in rows {
        let header = db::orders::header(&state.db, &order_id, &v.org_id).await?;
        let bank = match header {
            Some(h) if h.payment_method == PaymentMethod::BankTransfer.as_str() => {
                Some(db::seller_settings::get(&state.db, &h.seller_org_id).await?)
            }
            _ => None,
        };
        let status_label = status
            .parse::<OrderStatus>()
            .map_or(status.clone(), |s| s.label().to_owned());
        orders.push(view::DoneOrder {
            id: order_id,
            number,
            seller_name,
            status_label,
            currency,
            total_minor,
            bank,
        });
    }
    let reference = c.reference.unwrap_or_default();
    Ok(view::done_page(&chrome(&state, &visit), &reference, &orders).into_response())
}
