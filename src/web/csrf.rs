//! CSRF protection for every state-changing request of the HTML portal:
//! the Origin (or Referer) must be this site, and the form must carry the
//! session's token (or, before login, the anonymous cookie's) in `_csrf`.
//! Multipart forms, whose body is not read here, send it in the
//! `x-csrf-token` header or the `_csrf` query parameter. A failed check
//! answers 403 before any handler runs, so it changes nothing.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::Error;
use super::session::Visit;
use crate::app::AppState;
use crate::auth::token;

/// Largest form body read for the token (uploads use multipart).
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// The form field that carries the token.
pub const FIELD: &str = "_csrf";

fn same_site(headers: &HeaderMap, public_url: &str) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(origin) = origin else {
        return false;
    };
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .unwrap_or("");
    let public_host = public_url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .unwrap_or("");
    !origin_host.is_empty() && (Some(origin_host) == host || origin_host == public_host)
}

/// The layer.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The JSON API never reads the session cookie, so it cannot be forged
    // from another site; it authenticates with bearer tokens.
    if safe || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if !same_site(req.headers(), &state.config.public_url) {
        return Error::Csrf.into_response();
    }
    let expected = match req.extensions().get::<Visit>() {
        Some(v) if !v.csrf.is_empty() => v.csrf.clone(),
        _ => return Error::Csrf.into_response(),
    };
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            req.uri().query().and_then(|q| {
                serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                    .ok()?
                    .into_iter()
                    .find(|(k, _)| k == FIELD)
                    .map(|(_, v)| v)
            })
        });
    if let Some(t) = from_header {
        return if token::same(&t, &expected) {
            next.run(req).await
        } else {
            Error::Csrf.into_response()
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Error::Csrf.into_response();
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return Error::BadParam {
            param: "form",
            message: "the form is too large".into(),
        }
        .into_response();
    };
    let sent = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|kv| kv.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    match sent {
        Some(t) if token::same(&t, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => Error::Csrf.into_response(),
    }
}
