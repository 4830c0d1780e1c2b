//! HTTP: the router, middleware and handlers. Handlers parse input, call the
//! index, the database and the domain, and hand the results to a view.

pub mod api;
pub mod error;
pub mod extract;
pub mod pages;
pub mod params;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::views::error::ErrorPage;
use error::ApiMarker;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Builds the router with every route and layer. Tests call this directly.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/parts/{id}", get(pages::part))
        .route("/models/{id}", get(pages::model))
        .route("/manufacturers/{id}", get(pages::manufacturer))
        .route("/sellers/{id}", get(pages::seller))
        .route("/healthz", get(healthz))
        .route("/assets/{name}", get(asset))
        .route("/api/v1/search", get(api::search))
        .route("/api/v1/parts/{id}", get(api::part))
        .route("/api/v1/suggest", get(api::suggest))
        .route("/api/v1/openapi.json", get(api::openapi))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        .layer(middleware::from_fn(security_headers))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %id, method = %req.method(), uri = %req.uri())
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
        .with_state(state)
}

/// A JSON body with the right content type.
pub fn json<T: serde::Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => error::ApiError(error::Error::Internal(e.into())).into_response(),
    }
}

async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        error::ApiError(error::Error::NotFound).into_response()
    } else {
        error::Error::NotFound.into_response()
    }
}

async fn healthz(State(state): State<AppState>) -> Response {
    let db = state.db.ping().await;
    let body = serde_json::json!({"status": if db { "ok" } else { "degraded" }, "database": db, "indexed_parts": state.catalog.num_parts()});
    let mut resp = json(&body);
    if !db {
        *resp.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    }
    resp
}

async fn asset(
    State(state): State<AppState>,
    extract::Path(name): extract::Path<String>,
) -> Response {
    match state.assets.by_hashed(&name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            Body::from(a.body),
        )
            .into_response(),
        None => error::Error::NotFound.into_response(),
    }
}

/// Renders error pages: handlers mark the response with what went wrong, and
/// this layer, which has the assets and the request id, writes the page (or
/// adds the request id to an API 500).
async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|r| r.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    let resp = next.run(req).await;
    let is_api = resp.extensions().get::<ApiMarker>().is_some();
    if is_api && resp.status() == StatusCode::INTERNAL_SERVER_ERROR {
        let body = serde_json::json!({"error": {"code": "internal", "message": "internal error", "request_id": id}});
        let mut r = json(&body);
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return r;
    }
    match resp.extensions().get::<ErrorPage>() {
        Some(page) => (
            resp.status(),
            crate::views::error::page(&state.assets, page, &id),
        )
            .into_response(),
        None => resp,
    }
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}
