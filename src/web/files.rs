//! Serving stored part pictures. Pictures are public like the catalog; their
//! names are random and never reused, so they are cached for a year.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::Error;
use super::extract::Path;
use crate::app::AppState;

/// The URL of a stored picture rendition.
pub fn image_path(stored_name: &str) -> String {
    format!("/images/{stored_name}")
}

/// `GET /images/{name}`: a stored picture rendition. Only names that belong
/// to a part picture are served, so other uploads (import files, payment
/// proofs) can never be fetched through this route.
pub async fn image(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match crate::db::files::is_part_image(&state.db, &name).await {
        Ok(true) => {}
        Ok(false) => return Error::NotFound.into_response(),
        Err(e) => return Error::from(e).into_response(),
    }
    match state.files.read(&name).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(&name)),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => Error::NotFound.into_response(),
    }
}

/// The type of a rendition, from the extension the store gave it.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => "image/jpeg",
    }
}
