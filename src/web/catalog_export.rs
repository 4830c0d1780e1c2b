//! A seller downloads their catalog (`Permission::Sell`, own parts only) as
//! an Excel workbook or a CSV file in the layout the importer reads, so the
//! file can be edited and uploaded again. Active parts, public and hidden,
//! are exported; archived ones too with `?archived=1`.
//!
//! Parts are read [`PAGE_SIZE`] at a time. The CSV file is streamed page by
//! page; the workbook is written page by page to a temporary file (an .xlsx
//! file is a zip whose index comes last) and sent when complete.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use partsportal_importers::export::{self, ExportError, XlsxExport};
use serde::Deserialize;

use super::admin::query;
use super::error::Error;
use super::extract::RawQuery;
use super::session::CurrentUser;
use crate::app::AppState;
use crate::db;
use crate::db::Db;

/// Parts read per query.
pub const PAGE_SIZE: i64 = 5_000;

#[derive(Deserialize)]
struct ExportQuery {
    #[serde(default)]
    archived: String,
}

fn include_archived(raw: Option<&str>) -> Result<bool, Error> {
    let q: ExportQuery = query(raw)?;
    match q.archived.as_str() {
        "" | "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(Error::BadParam {
            param: "archived",
            message: "expected 1 (include archived parts) or 0".into(),
        }),
    }
}

/// "Acme Medical Spares Pvt. Ltd." → "acme-medical-spares-pvt-ltd".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(60).collect();
    if out.is_empty() {
        "seller".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

/// `<org-slug>-catalog-YYYY-MM-DD.<ext>`, the date in UTC.
pub fn file_name(org_name: &str, now_ms: i64, ext: &str) -> String {
    let (y, m, d) = crate::domain::dates::civil_from_days(now_ms.div_euclid(86_400_000));
    format!("{}-catalog-{y:04}-{m:02}-{d:02}.{ext}", slug(org_name))
}

fn download(content_type: &'static str, name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

fn export_error(e: ExportError) -> Error {
    match e {
        ExportError::TooManyRows => Error::BadParam {
            param: "format",
            message: e.to_string(),
        },
        ExportError::Xlsx(_) => {
            Error::Internal(anyhow::Error::new(e).context("writing the export"))
        }
    }
}

fn joined(e: tokio::task::JoinError) -> Error {
    Error::Internal(anyhow::Error::new(e).context("the export task failed"))
}

/// `GET /seller/catalog/export.xlsx[?archived=1]`.
pub async fn xlsx(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let archived = include_archived(raw.as_deref())?;
    let models = db::catalog_export::model_names(&state.db).await?;
    let mut book = tokio::task::spawn_blocking(XlsxExport::new)
        .await
        .map_err(joined)?
        .map_err(export_error)?;
    let mut after = String::new();
    loop {
        let (records, next) =
            db::catalog_export::page(&state.db, &v.org_id, archived, &after, PAGE_SIZE, &models)
                .await?;
        // Writing 5,000 rows takes tens of milliseconds: off the async threads.
        book = tokio::task::spawn_blocking(move || book.append(&records).map(|()| book))
            .await
            .map_err(joined)?
            .map_err(export_error)?;
        match next {
            Some(n) => after = n,
            None => break,
        }
    }
    let bytes = tokio::task::spawn_blocking(move || book.finish())
        .await
        .map_err(joined)?
        .map_err(export_error)?;
    let name = file_name(&v.org_name, state.clock.now_ms(), "xlsx");
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
        Body::from(bytes),
    ))
}

/// Where the CSV stream is.
struct Cursor {
    db: Db,
    seller_id: String,
    archived: bool,
    models: std::collections::HashMap<String, String>,
    /// The next page starts after this number; `None` when done.
    after: Option<String>,
    header_sent: bool,
}

/// `GET /seller/catalog/export.csv[?archived=1]`: streamed page by page.
pub async fn csv(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let archived = include_archived(raw.as_deref())?;
    let models = db::catalog_export::model_names(&state.db).await?;
    let start = Cursor {
        db: state.db.clone(),
        seller_id: v.org_id.clone(),
        archived,
        models,
        after: Some(String::new()),
        header_sent: false,
    };
    let stream = futures_util::stream::try_unfold(start, |mut c| async move {
        if !c.header_sent {
            c.header_sent = true;
            return Ok::<_, sqlx::Error>(Some((Bytes::from(export::csv_header()), c)));
        }
        let Some(after) = c.after.take() else {
            return Ok(None);
        };
        let (records, next) = db::catalog_export::page(
            &c.db,
            &c.seller_id,
            c.archived,
            &after,
            PAGE_SIZE,
            &c.models,
        )
        .await
        .inspect_err(|e| tracing::error!(error = %e, "reading the catalog export"))?;
        if records.is_empty() {
            return Ok(None);
        }
        c.after = next;
        let mut buf = Vec::with_capacity(records.len() * 256);
        export::append_csv(&records, &mut buf);
        Ok(Some((Bytes::from(buf), c)))
    });
    let name = file_name(&v.org_name, state.clock.now_ms(), "csv");
    Ok(download(
        "text/csv; charset=utf-8",
        &name,
        Body::from_stream(stream),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        // 2026-11-22T10:00Z.
        let at = 1_795_341_600_000;
        assert_eq!(
            file_name("Acme Medical Spares Pvt. Ltd.", at, "xlsx"),
            "acme-medical-spares-pvt-ltd-catalog-2026-11-22.xlsx"
        );
        assert_eq!(
            file_name("  ---  ", at, "csv"),
            "seller-catalog-2026-11-22.csv"
        );
        assert_eq!(
            file_name("Ünïcode & Co", at, "csv"),
            "n-code-co-catalog-2026-11-22.csv"
        );
    }
}
