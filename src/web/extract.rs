//! Our extractors: their rejections render our error pages rather than
//! axum's plain-text ones.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::Error;

/// Path parameters; a malformed one is a 404 (the URL names nothing).
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[allow(clippy::disallowed_types)]
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(_) => Err(Error::NotFound),
        }
    }
}

/// The raw query string, parsed by the handler so it can name a bad parameter.
pub struct RawQuery(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for RawQuery {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RawQuery(parts.uri.query().map(str::to_string)))
    }
}

/// An HTML form body (`application/x-www-form-urlencoded`). Fields a form
/// does not know are ignored; a body that is not a form is a 400.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequest<S> for Form<T> {
    type Rejection = Error;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| Error::BadParam {
                param: "form",
                message: "the form could not be read".into(),
            })?;
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|e| Error::BadParam {
                param: "form",
                message: e.to_string(),
            })
    }
}

/// An uploaded file's name as the user knows it: the browser's name without
/// any directories (some browsers send a whole client path).
pub fn uploaded_name(field: &axum::extract::multipart::Field<'_>) -> String {
    field
        .file_name()
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
        .unwrap_or_default()
}
