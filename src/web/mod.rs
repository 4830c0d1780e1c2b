//! HTTP: the router, middleware and handlers. Handlers parse input, call the
//! index, the database and the domain, and hand the results to a view.

pub mod account;
pub mod addresses;
pub mod admin;
pub mod api;
pub mod api_tokens;
pub mod bearer;
pub mod cart;
pub mod catalog_export;
pub mod checkout;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod files;
pub mod imports;
pub mod limits;
pub mod links;
pub mod notifications;
pub mod orders;
pub mod org;
pub mod pages;
pub mod params;
pub mod part_images;
pub mod purchasing;
pub mod seller;
pub mod seller_form;
pub mod seller_settings;
pub mod session;
pub mod tax_rates;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::domain::access::Permission;
use crate::views::error::ErrorPage;
use error::ApiMarker;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// One route: method, path, and the permission it needs. The router is
/// built from this table, and the tests walk it, so a new route is covered
/// by the CSRF and access tests without anyone remembering to add it.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub perm: Permission,
}

/// A route and its handler, as the table holds them.
pub type Route = (RouteSpec, MethodRouter<AppState>);

/// One row of the table. Modules with many routes (checkout, orders) keep
/// their rows in their own `routes()`, built with this, and the table
/// takes them in.
pub fn route(
    method: Method,
    path: &'static str,
    perm: Permission,
    h: MethodRouter<AppState>,
) -> Route {
    (RouteSpec { method, path, perm }, h)
}

// One route a line, so the table reads as a table.
#[rustfmt::skip]
fn routes() -> Vec<Route> {
    use Permission as P;
    let r = |method: Method, path: &'static str, perm: Permission, h: MethodRouter<AppState>| {
        (RouteSpec { method, path, perm }, h)
    };
    vec![
        r(Method::GET, "/", P::Public, get(pages::home)),
        r(Method::GET, "/search", P::Public, get(pages::search)),
        r(Method::GET, "/parts/{id}", P::Public, get(pages::part)),
        r(Method::GET, "/models/{id}", P::Public, get(pages::model)),
        r(
            Method::GET,
            "/manufacturers/{id}",
            P::Public,
            get(pages::manufacturer),
        ),
        r(Method::GET, "/sellers/{id}", P::Public, get(pages::seller)),
        r(Method::GET, "/healthz", P::Public, get(healthz)),
        r(Method::GET, "/assets/{name}", P::Public, get(asset)),
        r(Method::GET, "/images/{name}", P::Public, get(files::image)),
        r(Method::GET, "/api/v1/search", P::Public, get(api::search)),
        r(Method::GET, "/api/v1/parts/{id}", P::Public, get(api::part)),
        r(Method::GET, "/api/v1/suggest", P::Public, get(api::suggest)),
        r(
            Method::GET,
            "/api/v1/openapi.json",
            P::Public,
            get(api::openapi),
        ),
        // Public in this table, which checks cookie sessions: the handler's
        // bearer-token extractor answers 401 without a token.
        r(Method::GET, "/api/v1/me", P::Public, get(api::me)),
        r(Method::GET, "/org/api-tokens", P::ManageOrg, get(api_tokens::list)),
        r(Method::POST, "/org/api-tokens", P::ManageOrg, post(api_tokens::create)),
        r(Method::POST, "/org/api-tokens/{id}/revoke", P::ManageOrg, post(api_tokens::revoke)),
        r(Method::GET, "/login", P::Public, get(account::login_form)),
        r(Method::POST, "/login", P::Public, post(account::login)),
        r(Method::POST, "/logout", P::SignedIn, post(account::logout)),
        r(Method::GET, "/signup", P::Public, get(account::signup_form)),
        r(Method::POST, "/signup", P::Public, post(account::signup)),
        r(Method::GET, "/account", P::SignedIn, get(account::profile)),
        r(
            Method::POST,
            "/account/password",
            P::SignedIn,
            post(account::change_password),
        ),
        r(
            Method::POST,
            "/account/sessions/{id}/revoke",
            P::SignedIn,
            post(account::revoke_session),
        ),
        r(Method::GET, "/verify", P::Public, get(account::verify)),
        r(Method::POST, "/account/verify/resend", P::SignedIn, post(account::resend_verification)),
        r(Method::GET, "/password/forgot", P::Public, get(account::forgot_form)),
        r(Method::POST, "/password/forgot", P::Public, post(account::forgot)),
        r(Method::GET, "/password/reset", P::Public, get(account::reset_form)),
        r(Method::POST, "/password/reset", P::Public, post(account::reset)),
        r(Method::GET, "/invite", P::Public, get(account::invite_form)),
        r(Method::POST, "/invite", P::Public, post(account::accept_invite)),
        r(Method::GET, "/org/users", P::ManageOrg, get(org::users)),
        r(Method::POST, "/org/users/invite", P::ManageOrg, post(org::invite)),
        r(Method::POST, "/org/users/{id}/role", P::ManageOrg, post(org::set_role)),
        r(Method::POST, "/org/users/{id}/deactivate", P::ManageOrg, post(org::deactivate)),
        r(Method::POST, "/org/users/{id}/reactivate", P::ManageOrg, post(org::reactivate)),
        r(
            Method::GET,
            "/tickets",
            P::WorkTickets,
            get(account::tickets_placeholder),
        ),
        r(Method::GET, "/org/addresses", P::Buy, get(addresses::list)),
        r(Method::POST, "/org/addresses", P::Buy, post(addresses::create)),
        r(Method::GET, "/org/addresses/{id}/edit", P::Buy, get(addresses::edit_form)),
        r(Method::POST, "/org/addresses/{id}/edit", P::Buy, post(addresses::update)),
        r(Method::POST, "/org/addresses/{id}/default", P::Buy, post(addresses::make_default)),
        r(Method::POST, "/org/addresses/{id}/delete", P::Buy, post(addresses::delete)),
        r(Method::GET, "/cart", P::Buy, get(cart::show)),
        r(Method::POST, "/cart/add", P::Buy, post(cart::add)),
        r(Method::POST, "/cart/quick", P::Buy, post(cart::quick)),
        // Bodies up to the quick-order file limit, plus the multipart framing.
        r(Method::POST, "/cart/quick/upload", P::Buy, post(cart::quick_upload).layer(DefaultBodyLimit::max(cart::MAX_QUICK_FILE_BYTES + 64 * 1024))),
        r(Method::POST, "/cart/clear", P::Buy, post(cart::clear)),
        r(Method::POST, "/cart/lines/{id}/quantity", P::Buy, post(cart::set_quantity)),
        r(Method::POST, "/cart/lines/{id}/save", P::Buy, post(cart::save_for_later)),
        r(Method::POST, "/cart/lines/{id}/restore", P::Buy, post(cart::move_to_cart)),
        r(Method::POST, "/cart/lines/{id}/remove", P::Buy, post(cart::remove)),
        r(Method::GET, "/seller", P::Sell, get(seller::dashboard)),
        r(Method::GET, "/seller/parts", P::Sell, get(seller::parts)),
        r(Method::POST, "/seller/parts/bulk", P::Sell, post(seller::bulk)),
        r(Method::GET, "/seller/parts/new", P::Sell, get(seller_form::new_form)),
        r(Method::POST, "/seller/parts/new", P::Sell, post(seller_form::create)),
        r(Method::GET, "/seller/parts/{id}", P::Sell, get(seller::part)),
        r(Method::GET, "/seller/parts/{id}/edit", P::Sell, get(seller_form::edit_form)),
        r(Method::POST, "/seller/parts/{id}/edit", P::Sell, post(seller_form::update)),
        r(Method::GET, "/seller/parts/{id}/duplicate", P::Sell, get(seller_form::duplicate_form)),
        r(Method::GET, "/seller/parts/{id}/stock", P::Sell, get(seller::stock_form)),
        r(Method::POST, "/seller/parts/{id}/stock", P::Sell, post(seller::adjust_stock)),
        r(Method::GET, "/seller/models/suggest", P::Sell, get(seller::suggest_models)),
        r(Method::GET, "/seller/parts/{id}/images", P::Sell, get(part_images::page)),
        r(Method::POST, "/seller/parts/{id}/images", P::Sell, post(part_images::upload).layer(DefaultBodyLimit::max(part_images::MAX_BODY_BYTES))),
        r(Method::POST, "/seller/parts/{id}/images/{image_id}/alt", P::Sell, post(part_images::set_alt)),
        r(Method::POST, "/seller/parts/{id}/images/{image_id}/move", P::Sell, post(part_images::reorder)),
        r(Method::POST, "/seller/parts/{id}/images/{image_id}/delete", P::Sell, post(part_images::delete)),
        r(Method::GET, "/seller/catalog/export.xlsx", P::Sell, get(catalog_export::xlsx)),
        r(Method::GET, "/seller/catalog/export.csv", P::Sell, get(catalog_export::csv)),
        r(Method::GET, "/seller/settings", P::Sell, get(seller_settings::show)),
        r(Method::POST, "/seller/settings", P::ManageOrg, post(seller_settings::save)),
        r(Method::GET, "/seller/imports", P::Sell, get(imports::history)),
        r(Method::GET, "/seller/imports/new", P::Sell, get(imports::new_form)),
        // The file is read here, so this route alone takes bodies up to the
        // importer's file limit (plus the multipart framing).
        r(Method::POST, "/seller/imports", P::Sell, post(imports::upload).layer(DefaultBodyLimit::max(partsportal_importers::MAX_FILE_BYTES + 64 * 1024))),
        r(Method::GET, "/seller/imports/{id}", P::Sell, get(imports::show)),
        r(Method::POST, "/seller/imports/{id}/preview", P::Sell, post(imports::repreview)),
        r(Method::POST, "/seller/imports/{id}/confirm", P::Sell, post(imports::confirm)),
        r(Method::GET, "/seller/imports/{id}/progress.json", P::Sell, get(imports::progress)),
        r(Method::GET, "/seller/imports/{id}/report.xlsx", P::Sell, get(imports::report_xlsx)),
        r(Method::GET, "/seller/imports/{id}/report.csv", P::Sell, get(imports::report_csv)),
        r(Method::GET, "/admin", P::Platform, get(admin::home)),
        r(Method::GET, "/admin/orgs", P::Platform, get(admin::orgs)),
        r(Method::POST, "/admin/orgs/{id}/approve", P::Platform, post(admin::approve_org)),
        r(Method::POST, "/admin/orgs/{id}/suspend", P::Platform, post(admin::suspend_org)),
        r(Method::POST, "/admin/orgs/{id}/reactivate", P::Platform, post(admin::reactivate_org)),
        r(Method::POST, "/admin/orgs/{id}/verify", P::Platform, post(admin::verify_org)),
        r(Method::POST, "/admin/orgs/{id}/unverify", P::Platform, post(admin::unverify_org)),
        r(Method::GET, "/admin/users", P::Platform, get(admin::users)),
        r(Method::POST, "/admin/users/{id}/lock", P::Platform, post(admin::lock_user)),
        r(Method::POST, "/admin/users/{id}/unlock", P::Platform, post(admin::unlock_user)),
        r(Method::GET, "/admin/audit", P::Platform, get(admin::audit)),
        r(Method::GET, "/org/audit", P::ManageOrg, get(admin::org_audit)),
        r(
            Method::GET,
            "/invoices",
            P::SeeInvoices,
            get(account::invoices_placeholder),
        ),
    ]
    .into_iter()
    .chain(checkout::routes())
    .chain(orders::routes())
    .chain(purchasing::routes())
    .chain(notifications::routes())
    .chain(tax_rates::routes())
    .collect()
}

/// Every route, for tests.
pub fn route_table() -> Vec<RouteSpec> {
    routes().into_iter().map(|(s, _)| s).collect()
}

/// Checks a route's permission before its handler runs.
async fn require(perm: Permission, req: Request, next: Next) -> Response {
    let viewer = req
        .extensions()
        .get::<session::Visit>()
        .and_then(|v| v.viewer.clone());
    match viewer {
        None => error::Error::SignInRequired {
            next: req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
        }
        .into_response(),
        Some(v) if !v.can(perm) => error::Error::Forbidden.into_response(),
        Some(_) => next.run(req).await,
    }
}

/// Builds the router with every route and layer. Tests call this directly.
pub fn build_router(state: AppState) -> Router {
    let mut router = Router::new();
    for (spec, handler) in routes() {
        let handler = if spec.perm == Permission::Public {
            handler
        } else {
            let perm = spec.perm;
            handler.route_layer(middleware::from_fn(move |req: Request, next: Next| {
                require(perm, req, next)
            }))
        };
        router = router.route(spec.path, handler);
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf::layer))
        .layer(middleware::from_fn_with_state(state.clone(), bearer::layer))
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        .layer(middleware::from_fn_with_state(state.clone(), session::layer))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %id, method = %req.method(), uri = %req.uri())
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
        .with_state(state)
}

/// The page frame's inputs for this request.
pub fn chrome<'a>(
    state: &'a AppState,
    visit: &'a session::Visit,
) -> crate::views::layout::Chrome<'a> {
    crate::views::layout::Chrome {
        assets: &state.assets,
        viewer: visit.viewer.as_deref(),
        csrf: &visit.csrf,
    }
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
    let visit = req
        .extensions()
        .get::<session::Visit>()
        .cloned()
        .unwrap_or_default();
    let resp = next.run(req).await;
    let is_api = resp.extensions().get::<ApiMarker>().is_some();
    if is_api && resp.status() == StatusCode::INTERNAL_SERVER_ERROR {
        let body = serde_json::json!({"error": {"code": "internal", "message": "internal error", "request_id": id}});
        let mut r = json(&body);
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return r;
    }
    match resp.extensions().get::<ErrorPage>() {
        Some(page) => {
            let mut out = (
                resp.status(),
                crate::views::error::page(&chrome(&state, &visit), page, &id),
            )
                .into_response();
            // Keep what the handler set (Retry-After, cookies).
            for (k, v) in resp.headers() {
                if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                    out.headers_mut().append(k.clone(), v.clone());
                }
            }
            out
        }
        None => resp,
    }
}

async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if state.config.tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
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
