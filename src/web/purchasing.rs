//! Purchasing settings: a buying organization's approval threshold, the payment terms a seller grants its buyers, and the seller's shipping rules.
//!
//! `GET/POST /org/purchasing` belong to the administrators of buying
//! organizations (hospitals and clinics). `GET /seller/customers` lists
//! the buying organizations to everyone in a selling organization, with the
//! terms it grants each; only its administrators change them. Terms are
//! keyed by (seller, buyer) with the seller always the viewer's own
//! organization, so no seller reaches another's terms.

use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use partsportal_importers::Cell;
use partsportal_importers::values::{parse_money, parse_whole_number};
use serde::Deserialize;

use super::admin::{href, neighbours, page_number, query};
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Viewer, Visit};
use super::{Route, chrome, seller_settings};
use crate::app::AppState;
use crate::db;
use crate::db::credit_terms::Grant;
use crate::domain::access::{OrgClass, Permission};
use crate::domain::money;
use crate::views::account::FormState;
use crate::views::purchasing::{self as view, Customer, CustomersPage, amount_input};

/// The currency of approval thresholds and credit limits.
const CURRENCY: &str = "INR";

/// Buying organizations on one page of the customer list.
const PER_PAGE: i64 = 50;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    use super::route as r;
    use Permission as P;
    vec![
        r(Method::GET, "/org/purchasing", P::ManageOrg, get(show)),
        r(Method::POST, "/org/purchasing", P::ManageOrg, post(save)),
        r(Method::GET, "/seller/customers", P::Sell, get(customers)),
        r(
            Method::POST,
            "/seller/customers/{id}/terms",
            P::ManageOrg,
            post(grant_terms),
        ),
        r(
            Method::POST,
            "/seller/customers/{id}/terms/revoke",
            P::ManageOrg,
            post(revoke_terms),
        ),
        r(
            Method::POST,
            "/seller/settings/shipping",
            P::ManageOrg,
            post(seller_settings::save_shipping),
        ),
    ]
}

/// An amount typed into a form, in minor units of `currency`: "50,000",
/// "50000.00", "₹ 50,000" (a currency mark other than `currency`'s is
/// refused). Empty is `None`. The error is a sentence for the field.
pub(crate) fn parse_amount(text: &str, currency: &str) -> Result<Option<i64>, String> {
    match parse_money(&Cell::Text(text.to_owned())) {
        Ok(None) => Ok(None),
        Ok(Some(m)) if m.currency.is_some_and(|c| c.code() != currency) => {
            Err(format!("Amounts here are in {currency}."))
        }
        Ok(Some(m)) if m.minor < 0 => Err("Expected an amount of 0 or more.".to_owned()),
        Ok(Some(m)) => Ok(Some(m.minor)),
        Err(_) => Err(format!(
            "Expected an amount such as {}, without other text.",
            if currency == "INR" {
                "50,000 or 50000.00"
            } else {
                "1,500 or 1500.00"
            }
        )),
    }
}

fn buyer_only(v: &Viewer) -> Result<(), Error> {
    if v.class == OrgClass::Buyer {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

fn seller_only(v: &Viewer) -> Result<(), Error> {
    if v.class == OrgClass::Seller {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

#[derive(Deserialize, Default)]
pub struct ThresholdForm {
    #[serde(default)]
    threshold: String,
}

/// `GET /org/purchasing`.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(q): RawQuery,
) -> Result<Response, Error> {
    buyer_only(&v)?;
    let saved = db::buyer_settings::get(&state.db, &v.org_id).await?;
    let typed = saved
        .as_ref()
        .and_then(|s| s.approval_threshold_minor)
        .map(amount_input)
        .unwrap_or_default();
    let mut form = FormState {
        values: vec![("threshold", typed)],
        ..FormState::default()
    };
    if q.as_deref() == Some("saved=1") {
        form.notice = Some("Approval threshold saved.".into());
    }
    Ok(view::threshold_page(&chrome(&state, &visit), saved.as_ref(), &form).into_response())
}

/// `POST /org/purchasing`.
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<ThresholdForm>,
) -> Result<Response, Error> {
    buyer_only(&v)?;
    match parse_amount(&f.threshold, CURRENCY) {
        Ok(threshold) => {
            let summary = match threshold {
                Some(m) => format!(
                    "set the order approval threshold to {}",
                    money::format(m, CURRENCY)
                ),
                None => "removed the order approval threshold".to_owned(),
            };
            let audit = visit.audit(&v, "buyer.approval_threshold", &v.org_id, &summary);
            db::buyer_settings::save_threshold(
                &state.db,
                &v.org_id,
                threshold,
                CURRENCY,
                state.clock.now_ms(),
                &audit,
            )
            .await?;
            Ok(Redirect::to("/org/purchasing?saved=1").into_response())
        }
        Err(message) => {
            let mut form = FormState {
                values: vec![("threshold", f.threshold.clone())],
                ..FormState::default()
            };
            form.fail("threshold", message);
            let saved = db::buyer_settings::get(&state.db, &v.org_id).await?;
            Ok(
                view::threshold_page(&chrome(&state, &visit), saved.as_ref(), &form)
                    .into_response(),
            )
        }
    }
}

#[derive(Deserialize, Default)]
pub struct CustomersQuery {
    #[serde(default)]
    page: String,
    #[serde(default)]
    done: String,
}

/// `GET /seller/customers?page=&done=`.
pub async fn customers(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: CustomersQuery = query(raw.as_deref())?;
    let page = page_number(&q.page)?;
    let notice = match q.done.as_str() {
        "granted" => Some("Terms saved."),
        "revoked" => Some("Terms withdrawn."),
        _ => None,
    };
    customers_page(&state, &v, &visit, page, notice, None).await
}

/// The customer list at `page`, with `editing` (a buyer id and its refused
/// form) shown on that buyer's row.
async fn customers_page(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    page: i64,
    notice: Option<&str>,
    editing: Option<(&str, &FormState)>,
) -> Result<Response, Error> {
    let mut rows =
        db::credit_terms::customers(&state.db, &v.org_id, PER_PAGE + 1, (page - 1) * PER_PAGE)
            .await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let mut listed = Vec::with_capacity(rows.len());
    for row in rows {
        let owed_minor = db::orders::owed(&state.db, &v.org_id, &row.id).await?;
        listed.push(Customer { row, owed_minor });
    }
    let (prev, next) = neighbours("/seller/customers", &[], page, more);
    Ok(view::customers_page(
        &chrome(state, visit),
        &CustomersPage {
            customers: &listed,
            page,
            prev: prev.as_deref(),
            next: next.as_deref(),
            notice,
            editing,
            can_edit: v.can(Permission::ManageOrg) && v.class == OrgClass::Seller,
        },
    )
    .into_response())
}

/// The list page a row form came from, to go back to.
fn back(page: i64, done: &str, buyer_id: &str) -> String {
    let page = page.to_string();
    let pairs = [
        ("page", if page == "1" { "" } else { page.as_str() }),
        ("done", done),
    ];
    format!("{}#c-{buyer_id}", href("/seller/customers", &pairs))
}

#[derive(Deserialize, Default)]
pub struct TermsForm {
    #[serde(default)]
    net_days: String,
    #[serde(default)]
    credit_limit: String,
    #[serde(default)]
    page: String,
}

/// `POST /seller/customers/{id}/terms`: grants or changes the terms.
pub async fn grant_terms(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<TermsForm>,
) -> Result<Response, Error> {
    seller_only(&v)?;
    let buyer = db::credit_terms::customer(&state.db, &v.org_id, &id)
        .await?
        .ok_or(Error::NotFound)?;
    // The page number only says where to go back to.
    let page = page_number(&f.page).unwrap_or(1);
    let mut form = FormState {
        values: vec![
            ("net_days", f.net_days.clone()),
            ("credit_limit", f.credit_limit.clone()),
        ],
        ..FormState::default()
    };
    let net_days = match parse_whole_number(&Cell::Text(f.net_days.clone())) {
        Ok(Some(n)) if (1..=180).contains(&n) => i32::try_from(n).ok(),
        _ => None,
    };
    if net_days.is_none() {
        form.fail("net_days", "Expected a whole number of days from 1 to 180.");
    }
    let limit = match parse_amount(&f.credit_limit, CURRENCY) {
        Ok(Some(m)) => Some(m),
        Ok(None) => {
            form.fail(
                "credit_limit",
                "Enter the most this buyer may owe you at once, such as 5,00,000.",
            );
            None
        }
        Err(message) => {
            form.fail("credit_limit", message);
            None
        }
    };
    let (Some(net_days), Some(credit_limit_minor)) = (net_days, limit) else {
        return customers_page(&state, &v, &visit, page, None, Some((&buyer.id, &form))).await;
    };
    let summary = format!(
        "granted {} net {net_days} days with a credit limit of {}",
        buyer.name,
        money::format(credit_limit_minor, CURRENCY)
    );
    let audit = visit.audit(&v, "seller.credit_terms.grant", &v.org_id, &summary);
    let grant = Grant {
        net_days,
        credit_limit_minor,
        currency: CURRENCY,
        granted_by: &v.user_id,
    };
    db::credit_terms::grant(
        &state.db,
        &v.org_id,
        &buyer.id,
        &grant,
        state.clock.now_ms(),
        &audit,
    )
    .await?;
    Ok(Redirect::to(&back(page, "granted", &buyer.id)).into_response())
}

#[derive(Deserialize, Default)]
pub struct RevokeForm {
    #[serde(default)]
    page: String,
}

/// `POST /seller/customers/{id}/terms/revoke`. Without terms to withdraw
/// the answer is 404.
pub async fn revoke_terms(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, Error> {
    seller_only(&v)?;
    let buyer = db::credit_terms::customer(&state.db, &v.org_id, &id)
        .await?
        .ok_or(Error::NotFound)?;
    let summary = format!("withdrew the net terms of {}", buyer.name);
    let audit = visit.audit(&v, "seller.credit_terms.revoke", &v.org_id, &summary);
    if !db::credit_terms::revoke(
        &state.db,
        &v.org_id,
        &buyer.id,
        state.clock.now_ms(),
        &audit,
    )
    .await?
    {
        return Err(Error::NotFound);
    }
    let page = page_number(&f.page).unwrap_or(1);
    Ok(Redirect::to(&back(page, "revoked", &buyer.id)).into_response())
}
