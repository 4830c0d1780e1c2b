//! The web layer's error: expected errors render a helpful page (or JSON for
//! the API); unexpected ones are logged and shown as a generic page with the
//! request id. Internal error text never reaches the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::views::error::ErrorPage;

/// What went wrong while serving a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing at this URL.
    #[error("not found")]
    NotFound,
    /// A parameter has an invalid value.
    #[error("invalid parameter {param}: {message}")]
    BadParam {
        param: &'static str,
        message: String,
    },
    /// The page needs a signed-in user: go to the login page, then back.
    #[error("sign-in required")]
    SignInRequired { next: String },
    /// Signed in, but the role or organization does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request without a valid CSRF token or origin.
    #[error("csrf check failed")]
    Csrf,
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited")]
    TooMany { retry_after_s: i64 },
    /// Anything unexpected.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Internal(e.into())
    }
}

impl From<crate::db::tax_rates::LoadError> for Error {
    fn from(e: crate::db::tax_rates::LoadError) -> Self {
        Error::Internal(e.into())
    }
}

impl From<partsportal_index::Error> for Error {
    fn from(e: partsportal_index::Error) -> Self {
        Error::Internal(e.into())
    }
}

/// Marks a response as coming from the JSON API.
#[derive(Clone, Copy, Debug)]
pub struct ApiMarker;

impl Error {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::BadParam { .. } => StatusCode::BAD_REQUEST,
            Error::SignInRequired { .. } => StatusCode::SEE_OTHER,
            Error::Forbidden | Error::Csrf => StatusCode::FORBIDDEN,
            Error::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable code for JSON clients.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound => "not_found",
            Error::BadParam { .. } => "invalid_parameter",
            Error::SignInRequired { .. } => "unauthenticated",
            Error::Forbidden => "forbidden",
            Error::Csrf => "csrf",
            Error::TooMany { .. } => "rate_limited",
            Error::Internal(_) => "internal",
        }
    }

    fn log(&self) {
        if let Error::Internal(e) = self {
            // Runs inside the request span, so the line carries the request id.
            tracing::error!(error = format!("{e:#}"), "request failed");
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.log();
        let page = match self {
            Error::NotFound => ErrorPage::NotFound,
            Error::BadParam { param, message } => ErrorPage::BadParam { param, message },
            Error::SignInRequired { next } => {
                let to = format!(
                    "/login?{}",
                    serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default()
                );
                return axum::response::Redirect::to(&to).into_response();
            }
            Error::Forbidden => ErrorPage::Forbidden,
            Error::Csrf => ErrorPage::Csrf,
            Error::TooMany { retry_after_s } => {
                let mut resp = (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(
                        axum::http::header::RETRY_AFTER,
                        retry_after_s.max(1).to_string(),
                    )],
                )
                    .into_response();
                resp.extensions_mut()
                    .insert(ErrorPage::TooMany { retry_after_s });
                return resp;
            }
            Error::Internal(_) => ErrorPage::Internal,
        };
        // The error-page middleware, which has the assets and the request id,
        // renders the body.
        let mut resp = self_status(&page).into_response();
        resp.extensions_mut().insert(page);
        resp
    }
}

fn self_status(page: &ErrorPage) -> StatusCode {
    match page {
        ErrorPage::NotFound => StatusCode::NOT_FOUND,
        ErrorPage::BadParam { .. } => StatusCode::BAD_REQUEST,
        ErrorPage::Forbidden | ErrorPage::Csrf => StatusCode::FORBIDDEN,
        ErrorPage::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
        ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The same error, answered as JSON: `{"error": {"code", "message", "parameter"?}}`.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let status = match e {
            Error::SignInRequired { .. } => StatusCode::UNAUTHORIZED,
            _ => e.status(),
        };
        let body = match &e {
            Error::BadParam { param, message } => {
                serde_json::json!({"error": {"code": e.code(), "parameter": param, "message": format!("invalid value for {param}: {message}")}})
            }
            Error::NotFound => {
                serde_json::json!({"error": {"code": e.code(), "message": "no such resource"}})
            }
            Error::SignInRequired { .. } => {
                serde_json::json!({"error": {"code": e.code(), "message": "a bearer token is required"}})
            }
            Error::Forbidden | Error::Csrf => {
                serde_json::json!({"error": {"code": e.code(), "message": "not allowed"}})
            }
            Error::TooMany { retry_after_s } => {
                serde_json::json!({"error": {"code": e.code(), "message": format!("too many requests; retry after {retry_after_s} s")}})
            }
            Error::Internal(_) => {
                serde_json::json!({"error": {"code": e.code(), "message": "internal error"}})
            }
        };
        let mut resp = (status, super::json(&body)).into_response();
        resp.extensions_mut().insert(ApiMarker);
        resp
    }
}
