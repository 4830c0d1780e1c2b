//! The JSON API (`/api/v1`): the same parameters as the pages. Callers
//! authenticate with bearer tokens (`super::bearer`), never the cookie.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::bearer::ApiCaller;
use super::error::{ApiError, Error};
use super::extract::{Path, RawQuery};
use super::{json, params};
use crate::app::AppState;
use crate::db;

#[derive(Serialize)]
struct SearchBody<'a> {
    total: u64,
    page: u32,
    per_page: u32,
    sort: &'static str,
    took_ms: f64,
    #[serde(flatten)]
    result: &'a partsportal_index::SearchResult,
}

/// `GET /api/v1/search`.
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = params::parse(raw.as_deref())?;
    let started = std::time::Instant::now();
    let res = super::pages::search_index(&state, &p.req)?;
    let body = SearchBody {
        total: res.total,
        page: p.req.page,
        per_page: p.req.per_page,
        sort: p.req.sort.as_str(),
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        result: &res,
    };
    Ok(json(&body))
}

#[derive(Serialize)]
struct ModelOut {
    id: String,
    manufacturer: String,
    modality: String,
    name: String,
}

#[derive(Serialize)]
struct PartOut {
    id: String,
    part_number: String,
    name: String,
    description: String,
    category: String,
    manufacturer: String,
    manufacturer_id: String,
    seller: String,
    seller_id: String,
    seller_verified: bool,
    price_minor: i64,
    currency: String,
    price_display: String,
    stock: i64,
    lead_time_days: i32,
    moq: i32,
    /// The pack size: quantities are whole multiples of it.
    order_multiple: i32,
    warranty_months: i32,
    weight_grams: i64,
    dimensions: String,
    hsn_code: String,
    gst_rate: i32,
    condition: String,
    status: String,
    replaces: Vec<String>,
    compatible_models: Vec<ModelOut>,
    updated_at: i64,
}

/// `GET /api/v1/parts/{id}`.
pub async fn part(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // The same rule as the part page: a pending or suspended seller's
    // parts are not published.
    let p = db::catalog::part(&state.db, &id)
        .await?
        .filter(|p| p.seller_status == "active" && p.visibility == "public")
        .ok_or(Error::NotFound)?;
    let models = db::catalog::part_models(&state.db, &id).await?;
    let replaces = db::catalog::replaces(&state.db, &id).await?;
    let out = PartOut {
        price_display: crate::domain::money::format(p.price_minor, &p.currency),
        id: p.id,
        part_number: p.part_number,
        name: p.name,
        description: p.description,
        category: p.category,
        manufacturer: p.manufacturer_name,
        manufacturer_id: p.manufacturer_id,
        seller: p.seller_name,
        seller_id: p.seller_id,
        seller_verified: p.seller_verified,
        price_minor: p.price_minor,
        currency: p.currency,
        stock: p.stock,
        lead_time_days: p.lead_time_days,
        moq: p.moq,
        order_multiple: p.order_multiple,
        warranty_months: p.warranty_months,
        weight_grams: p.weight_grams,
        dimensions: p.dimensions,
        hsn_code: p.hsn_code,
        gst_rate: p.gst_rate,
        condition: p.condition,
        status: p.status,
        replaces,
        compatible_models: models
            .into_iter()
            .map(|m| ModelOut {
                id: m.id,
                manufacturer: m.manufacturer_name,
                modality: m.modality,
                name: m.name,
            })
            .collect(),
        updated_at: p.updated_at,
    };
    Ok(json(&out))
}

/// `GET /api/v1/suggest?q=`.
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|_| Error::BadParam {
            param: "q",
            message: "not valid URL encoding".into(),
        })?;
    let q = pairs
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let suggestions = state.catalog.suggest(&q, 8).map_err(Error::from)?;
    Ok(json(
        &serde_json::json!({ "q": q, "suggestions": suggestions }),
    ))
}

/// `GET /api/v1/me`: the organization and token a bearer token stands for,
/// so an integrator can check a token before relying on it.
pub async fn me(caller: ApiCaller) -> Response {
    json(&serde_json::json!({
        "organization": {
            "id": caller.org_id,
            "name": caller.org_name,
            "kind": caller.org_kind,
        },
        "token": {
            "name": caller.token_name,
            "scopes": caller.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "prefix": caller.token_prefix,
        },
    }))
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}
