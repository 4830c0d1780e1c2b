//! The tax rate table (`/admin/tax-rates`, `Permission::Platform`): sales
//! tax and VAT by destination for orders from sellers outside India.
//!
//! A row is named by its place (country, and region or '' for the whole
//! country) in the form body. Every move is a POST that writes the change
//! and its audit row in one transaction and redirects back to the table; a
//! refused one re-renders the page with the error next to the field and
//! what was typed. A change applies only to the row the administrator saw:
//! if another administrator changed it meanwhile, nothing is written and
//! the page says so.

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::admin::{href, query};
use super::error::Error;
use super::extract::{Form, RawQuery};
use super::session::{CurrentUser, Viewer, Visit};
use super::{Route, chrome};
use crate::app::AppState;
use crate::db;
use crate::db::audit::Entry;
use crate::db::tax_rates::StoredRate;
use crate::domain::access::Permission;
use crate::domain::tax::{
    TableTax, TaxKind, TaxRateRow, country_code, parse_table_rate, region_code,
};
use crate::views::account::FormState;
use crate::views::tax_rates::{self as view, TaxRatesPage, place, row_anchor};

const PAGE: &str = "/admin/tax-rates";

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    use super::route as r;
    use Permission as P;
    vec![
        r(Method::GET, PAGE, P::Platform, get(show)),
        r(Method::POST, PAGE, P::Platform, post(add)),
        r(
            Method::POST,
            "/admin/tax-rates/edit",
            P::Platform,
            post(edit),
        ),
        r(
            Method::POST,
            "/admin/tax-rates/delete",
            P::Platform,
            post(delete),
        ),
    ]
}

/// What else the page shows besides the table.
#[derive(Default)]
struct Shown<'a> {
    add: Option<&'a FormState>,
    editing: Option<((&'a str, &'a str), &'a FormState)>,
    notice: Option<String>,
    banner: Option<String>,
}

async fn render(state: &AppState, visit: &Visit, shown: Shown<'_>) -> Result<Response, Error> {
    let rows = db::tax_rates::list(&state.db).await?;
    // The same check checkout makes: a row it would refuse is shown here
    // with the reason, and logged, rather than left out anywhere.
    let problem = match db::tax_rates::to_table(&rows) {
        Ok(_) => None,
        Err(e) => {
            tracing::error!(error = %e, "the stored tax rate table is unusable");
            Some(e.to_string())
        }
    };
    let empty = FormState::default();
    let add = shown.add.unwrap_or(&empty);
    let status = if shown.banner.is_some() {
        StatusCode::CONFLICT
    } else if add.failed() || shown.editing.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = view::page(
        &chrome(state, visit),
        &TaxRatesPage {
            rows: &rows,
            problem,
            add,
            editing: shown.editing,
            notice: shown.notice,
            banner: shown.banner,
        },
    );
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
}

/// `GET /admin/tax-rates?done=&country=&region=`: the table, with the
/// outcome of the move that redirected here.
pub async fn show(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: ShowQuery = query(raw.as_deref())?;
    let notice = match parse_place(&q.country, &q.region) {
        None => None,
        Some((country, region)) => {
            let at = place(&country, &region);
            let now = db::tax_rates::get(&state.db, &country, &region).await?;
            match (q.done.as_str(), now) {
                ("added", Some(r)) => Some(format!(
                    "Added {at}: {}. It applies from the next checkout.",
                    label(&r)
                )),
                ("changed", Some(r)) => Some(format!(
                    "{at} is now {}. It applies from the next checkout.",
                    label(&r)
                )),
                ("unchanged", Some(r)) => {
                    Some(format!("Nothing to save: {at} is already {}.", label(&r)))
                }
                ("deleted", None) => Some(format!(
                    "Deleted the rate for {at}. Orders to it now take the country-wide rate if there is one, else no tax."
                )),
                _ => None,
            }
        }
    };
    render(
        &state,
        &visit,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

/// "Sales tax 7.25%" for a stored row.
fn label(r: &StoredRate) -> String {
    match TaxKind::parse(&r.kind) {
        Some(kind) => TableTax {
            kind,
            rate: r.rate(),
        }
        .label(),
        None => format!("{} {}%", r.kind, r.rate()),
    }
}

/// A place as a form or query names it: the country code and the region
/// code or '' for the whole country, both uppercased; `None` if either is
/// not a code.
fn parse_place(country: &str, region: &str) -> Option<(String, String)> {
    let country = country_code(country)?;
    let region = match region.trim() {
        "" => String::new(),
        r => region_code(r)?,
    };
    Some((country, region))
}

/// Reads the kind and rate fields into `form`, failing each bad one.
fn kind_and_rate(
    kind: &str,
    rate: &str,
    form: &mut FormState,
) -> Option<(TaxKind, rust_decimal::Decimal)> {
    let kind = match TaxKind::parse(kind.trim()) {
        Some(k) if k.is_indian_gst() => {
            form.fail(
                "kind",
                "CGST, SGST, UTGST and IGST follow the GST rules and cannot be set here: choose sales tax or VAT.",
            );
            None
        }
        Some(k) => Some(k),
        None => {
            form.fail("kind", "Choose sales tax or VAT.");
            None
        }
    };
    let rate = match parse_table_rate(rate) {
        Ok(r) => Some(r),
        Err(e) => {
            form.fail("rate", e.to_string());
            None
        }
    };
    Some((kind?, rate?))
}

/// An audit row for a change to the table: it concerns no organization.
fn audit<'a>(visit: &'a Visit, v: &'a Viewer, kind: &'a str, summary: &'a str) -> Entry<'a> {
    Entry {
        org_id: None,
        ..visit.audit(v, kind, "", summary)
    }
}

fn back(done: &str, country: &str, region: &str) -> Response {
    let to = href(
        PAGE,
        &[("done", done), ("country", country), ("region", region)],
    );
    let anchor = if done == "deleted" {
        format!("country-{country}")
    } else {
        row_anchor(country, region)
    };
    Redirect::to(&format!("{to}#{anchor}")).into_response()
}

#[derive(Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    rate: String,
}

/// `POST /admin/tax-rates`: adds a rate for a place that has none.
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<RateForm>,
) -> Result<Response, Error> {
    let mut form = FormState {
        values: vec![
            ("country", f.country.clone()),
            ("region", f.region.clone()),
            ("kind", f.kind.clone()),
            ("rate", f.rate.clone()),
        ],
        ..FormState::default()
    };
    let country = country_code(&f.country);
    if country.is_none() {
        form.fail(
            "country",
            if f.country.trim().is_empty() {
                "Enter the two-letter country code, such as US or DE."
            } else {
                "Not a country code: enter two letters, such as US or DE."
            },
        );
    }
    let region = match f.region.trim() {
        "" => Some(None),
        r => {
            let code = region_code(r);
            if code.is_none() {
                form.fail(
                    "region",
                    "Enter the region's short code (CA, NY, BY: up to 3 letters or digits), or leave it empty for the whole country.",
                );
            }
            code.map(Some)
        }
    };
    let kind_rate = kind_and_rate(&f.kind, &f.rate, &mut form);
    let (Some(country), Some(region), Some((kind, rate))) = (country, region, kind_rate) else {
        return render(
            &state,
            &visit,
            Shown {
                add: Some(&form),
                ..Shown::default()
            },
        )
        .await;
    };
    let row = TaxRateRow {
        country,
        region,
        kind,
        rate,
    }
    .checked()
    .map_err(|e| anyhow::anyhow!("a rate checked field by field was refused: {e}"))?;
    let at = row.place();
    let summary = format!(
        "added {at}: {}",
        TableTax {
            kind,
            rate: row.rate
        }
        .label()
    );
    let added = db::tax_rates::insert(
        &state.db,
        &row,
        &v.user_id,
        state.clock.now_ms(),
        &audit(&visit, &v, "tax_rate_added", &summary),
    )
    .await?;
    if !added {
        let (field, message) = match &row.region {
            Some(_) => (
                "region",
                format!("{at} already has a rate: change it in the table above."),
            ),
            None => (
                "country",
                format!("{at} already has a country-wide rate: change it in the table above."),
            ),
        };
        form.fail(field, message);
        return render(
            &state,
            &visit,
            Shown {
                add: Some(&form),
                ..Shown::default()
            },
        )
        .await;
    }
    Ok(back(
        "added",
        &row.country,
        row.region.as_deref().unwrap_or(""),
    ))
}

/// The stored row a row form names, or the page saying it is gone. A place
/// that is not even a code is not a row of this table: 404.
async fn named_row(
    state: &AppState,
    country: &str,
    region: &str,
) -> Result<Result<(StoredRate, TaxRateRow), String>, Error> {
    let (country, region) = parse_place(country, region).ok_or(Error::NotFound)?;
    let Some(stored) = db::tax_rates::get(&state.db, &country, &region).await? else {
        return Ok(Err(format!(
            "{} has no rate any more: another administrator deleted it. Nothing was saved.",
            place(&country, &region)
        )));
    };
    let row = stored.row()?;
    Ok(Ok((stored, row)))
}

/// The page after a change that found the row changed or gone.
async fn stale(state: &AppState, visit: &Visit, why: String) -> Result<Response, Error> {
    render(
        state,
        visit,
        Shown {
            banner: Some(why),
            ..Shown::default()
        },
    )
    .await
}

/// `POST /admin/tax-rates/edit`: changes the kind and rate of a place.
pub async fn edit(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<RateForm>,
) -> Result<Response, Error> {
    let (stored, from) = match named_row(&state, &f.country, &f.region).await? {
        Ok(found) => found,
        Err(why) => return stale(&state, &visit, why).await,
    };
    let mut form = FormState {
        values: vec![("kind", f.kind.clone()), ("rate", f.rate.clone())],
        ..FormState::default()
    };
    let Some((kind, rate)) = kind_and_rate(&f.kind, &f.rate, &mut form) else {
        return render(
            &state,
            &visit,
            Shown {
                editing: Some(((&stored.country, &stored.region), &form)),
                ..Shown::default()
            },
        )
        .await;
    };
    let to = TaxRateRow {
        kind,
        rate,
        ..from.clone()
    };
    if to.kind == from.kind && to.rate == from.rate.normalize() {
        return Ok(back("unchanged", &stored.country, &stored.region));
    }
    let at = from.place();
    let summary = format!(
        "changed {at} from {} to {}",
        TableTax {
            kind: from.kind,
            rate: from.rate.normalize()
        }
        .label(),
        TableTax { kind, rate }.label()
    );
    let changed = db::tax_rates::update(
        &state.db,
        &from,
        &to,
        &v.user_id,
        state.clock.now_ms(),
        &audit(&visit, &v, "tax_rate_changed", &summary),
    )
    .await?;
    if !changed {
        return stale(
            &state,
            &visit,
            format!(
                "The rate for {at} changed while you were editing it, so nothing was saved. The table shows it as it is now."
            ),
        )
        .await;
    }
    Ok(back("changed", &stored.country, &stored.region))
}

#[derive(Deserialize, Default)]
pub struct PlaceForm {
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
}

/// `POST /admin/tax-rates/delete`: the place goes back to the country-wide
/// rate, or to no tax.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<PlaceForm>,
) -> Result<Response, Error> {
    let (stored, from) = match named_row(&state, &f.country, &f.region).await? {
        Ok(found) => found,
        Err(why) => return stale(&state, &visit, why).await,
    };
    let at = from.place();
    let summary = format!("deleted {at}: {}", label(&stored));
    let deleted = db::tax_rates::delete(
        &state.db,
        &from,
        state.clock.now_ms(),
        &audit(&visit, &v, "tax_rate_deleted", &summary),
    )
    .await?;
    if !deleted {
        return stale(
            &state,
            &visit,
            format!(
                "The rate for {at} changed before it could be deleted, so nothing was deleted. The table shows it as it is now."
            ),
        )
        .await;
    }
    Ok(back("deleted", &stored.country, &stored.region))
}
