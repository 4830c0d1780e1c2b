//! Spreadsheet imports in the seller portal: upload, preview with the
//! column mapping, confirm, live progress, result, error report, history.
//! Every query is limited to the viewer's organization: another seller's
//! import id finds nothing (404).

use axum::body::Body;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use partsportal_importers::records::Scope;
use partsportal_importers::{Field, MAX_FILE_BYTES};
use serde::Deserialize;

use super::error::Error;
use super::extract::{Form, Path};
use super::session::{CurrentUser, Visit};
use super::{chrome, limits};
use crate::app::AppState;
use crate::db;
use crate::db::imports::{Confirm, ImportRow, QueueRefused};
use crate::jobs::import::{self, ImportError, JobContext, PreviewChoices, PreviewInfo};
use crate::views;
use crate::views::account::FormState;

async fn own_import(state: &AppState, org_id: &str, id: &str) -> Result<ImportRow, Error> {
    db::imports::get(&state.db, org_id, id)
        .await?
        .ok_or(Error::NotFound)
}

/// `GET /seller/imports`.
pub async fn history(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Markup, Error> {
    let imports = db::imports::list(&state.db, &v.org_id, 100).await?;
    let active = db::imports::active(&state.db, &v.org_id).await?;
    Ok(views::imports::history(
        &chrome(&state, &visit),
        &imports,
        active.as_ref(),
    ))
}

/// `GET /seller/imports/new`.
pub async fn new_form(State(state): State<AppState>, CurrentUser(_, visit): CurrentUser) -> Markup {
    views::imports::upload(&chrome(&state, &visit), &FormState::default())
}

/// `POST /seller/imports` (multipart): stores the file, checks its type by
/// content, runs the preview and shows it.
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    mut multipart: Multipart,
) -> Result<Response, Error> {
    let mut form = FormState::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut sheet = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                form.fail("file", upload_error(&e.body_text()));
                break;
            }
        };
        match field.name() {
            Some("file") => {
                let name = super::extract::uploaded_name(&field);
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(e) => form.fail("file", upload_error(&e.body_text())),
                }
            }
            Some("sheet") => sheet = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    form.values.push(("sheet", sheet.clone()));
    let page = |form: &FormState| -> Result<Response, Error> {
        Ok(views::imports::upload(&chrome(&state, &visit), form).into_response())
    };
    if form.failed() {
        return page(&form);
    }
    let Some((name, bytes)) = file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) else {
        form.fail("file", "Choose a file to upload.");
        return page(&form);
    };
    if bytes.is_empty() {
        form.fail("file", format!("“{name}” is empty."));
        return page(&form);
    }
    if bytes.len() > MAX_FILE_BYTES {
        form.fail(
            "file",
            format!(
                "“{name}” is {:.1} MB; files can be up to {} MB. Split it into several files or remove unused sheets.",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        );
        return page(&form);
    }
    let format = match partsportal_importers::detect_format(&bytes, &name) {
        Ok(f) => f,
        Err(e) => {
            form.fail("file", format!("“{name}” cannot be imported: {e}."));
            return page(&form);
        }
    };
    let now = state.clock.now_ms();
    limits::check(&state, limits::IMPORTS_PER_ORG, &v.org_id, now).await?;
    let stored = state
        .files
        .save(&bytes, format.extension())
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    let file_id = db::files::insert(
        &state.db,
        &db::files::NewFile {
            org_id: &v.org_id,
            purpose: "import",
            original_name: &name,
            content_type: format.mime(),
            stored: &stored,
            created_by: Some(&v.user_id),
        },
        now,
    )
    .await?;
    let id = db::imports::create(
        &state.db,
        &db::imports::NewImport {
            seller_id: &v.org_id,
            created_by: Some(&v.user_id),
            file_id: &file_id,
            file_name: &name,
            format: format.label(),
        },
        now,
    )
    .await?;
    let import = own_import(&state, &v.org_id, &id).await?;
    let choices = PreviewChoices {
        sheet: Some(sheet.trim().to_owned()).filter(|s| !s.is_empty()),
        ..PreviewChoices::default()
    };
    match import::preview(&state.db, &state.files, &state.imports, &import, &choices).await {
        Ok(_) => Ok(Redirect::to(&format!("/seller/imports/{id}")).into_response()),
        Err(ImportError::Unreadable(e)) => {
            form.fail("file", format!("“{name}” cannot be read: {e}."));
            page(&form)
        }
        Err(ImportError::Other(e)) => Err(Error::Internal(e)),
    }
}

fn upload_error(detail: &str) -> String {
    if detail.contains("length limit") || detail.contains("too large") {
        format!(
            "The file is larger than {} MB.",
            MAX_FILE_BYTES / (1024 * 1024)
        )
    } else {
        "The upload was interrupted; try again.".to_owned()
    }
}

async fn render_preview(
    state: &AppState,
    visit: &Visit,
    import: &ImportRow,
    form: &FormState,
) -> Result<Markup, Error> {
    let info: PreviewInfo = serde_json::from_str(&import.preview).unwrap_or_default();
    let problems =
        db::imports::problems(&state.db, &import.id, views::imports::PROBLEMS_SHOWN).await?;
    Ok(views::imports::preview(
        &chrome(state, visit),
        import,
        &info,
        &problems,
        form,
    ))
}

/// `GET /seller/imports/{id}`: the preview, the progress or the result.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let import = own_import(&state, &v.org_id, &id).await?;
    match import.status.as_str() {
        "previewed" => render_preview(&state, &visit, &import, &FormState::default()).await,
        "queued" | "running" => Ok(views::imports::progress(
            &chrome(&state, &visit),
            &import,
            state.imports.get(&id).as_ref(),
        )),
        _ => {
            let problems =
                db::imports::problems(&state.db, &id, views::imports::PROBLEMS_SHOWN).await?;
            let total = db::imports::problem_count(&state.db, &id).await?;
            Ok(views::imports::result(
                &chrome(&state, &visit),
                &import,
                &problems,
                total as usize,
            ))
        }
    }
}

/// `POST /seller/imports/{id}/preview`: the preview again with the sheet,
/// header row, scope and column mapping chosen on the page; optionally saved
/// as the seller's mapping profile.
pub async fn repreview(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let mut import = own_import(&state, &v.org_id, &id).await?;
    if import.status != "previewed" && import.status != "failed" {
        return Ok(Redirect::to(&format!("/seller/imports/{id}")).into_response());
    }
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
    };
    let mut form = FormState::default();
    let header_row = match get("header_row").filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match text.parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                form.values.push(("header_row", text.clone()));
                form.fail(
                    "header_row",
                    format!("Enter the row number of the header, such as 1 (found “{text}”)."),
                );
                None
            }
        },
    };
    if form.failed() {
        return Ok(render_preview(&state, &visit, &import, &form)
            .await?
            .into_response());
    }
    let mut columns: Vec<(usize, Option<Field>)> = Vec::new();
    for (name, value) in &fields {
        if let Some(index) = name
            .strip_prefix("map_")
            .and_then(|i| i.parse::<usize>().ok())
        {
            // An unknown key reads as "not imported", never as a guess.
            columns.push((index, Field::from_key(value)));
        }
    }
    columns.sort_by_key(|(i, _)| *i);
    let scope = get("scope")
        .and_then(|s| Scope::from_key(&s))
        .unwrap_or_default();
    let choices = PreviewChoices {
        sheet: get("sheet").filter(|s| !s.is_empty()),
        header_row,
        columns: Some(columns.clone()),
        scope,
        create_models: get("create_models").is_some(),
    };
    if import.status == "failed" {
        // A failed run can be corrected and tried again.
        import.status = "previewed".into();
    }
    let info =
        match import::preview(&state.db, &state.files, &state.imports, &import, &choices).await {
            Ok(info) => info,
            Err(ImportError::Unreadable(e)) => {
                form.banner = Some(format!("The file cannot be read: {e}."));
                return Ok(render_preview(&state, &visit, &import, &form)
                    .await?
                    .into_response());
            }
            Err(ImportError::Other(e)) => return Err(Error::Internal(e)),
        };
    if get("save_profile").is_some() {
        let entries: Vec<(String, Option<Field>)> = info
            .columns
            .iter()
            .filter(|c| !c.header.is_empty())
            .map(|c| {
                (
                    partsportal_importers::columns::normalize_header(&c.header),
                    c.field.as_deref().and_then(Field::from_key),
                )
            })
            .filter(|(h, _)| !h.is_empty())
            .collect();
        db::imports::save_profile(
            &state.db,
            &v.org_id,
            &entries,
            &v.user_id,
            state.clock.now_ms(),
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/seller/imports/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    missing: String,
}

/// `POST /seller/imports/{id}/confirm`: queues the import and starts the
/// job. A second import for the same seller while one runs is refused.
pub async fn confirm(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, Error> {
    let import = own_import(&state, &v.org_id, &id).await?;
    if import.status != "previewed" {
        // A double submit lands on the running (or finished) import.
        return Ok(Redirect::to(&format!("/seller/imports/{id}")).into_response());
    }
    let info: PreviewInfo = serde_json::from_str(&import.preview).unwrap_or_default();
    let mut form = FormState {
        values: vec![("missing", f.missing.clone())],
        ..FormState::default()
    };
    let archive = match f.missing.as_str() {
        "archive" => true,
        "keep" | "" => false,
        _ => {
            form.fail(
                "missing",
                "Choose whether to leave or archive the parts missing from the file.",
            );
            false
        }
    };
    if archive && let Some(reason) = &info.archive_refused {
        form.fail("missing", format!("Parts cannot be archived: {reason}."));
    }
    if !info.blocking.is_empty() {
        form.banner = Some("Fix the problems that stop this file first.".into());
    } else if import.new_count + import.updated_count == 0 {
        form.banner = Some("No row of this file would create or change a part.".into());
    }
    if form.failed() {
        return Ok(render_preview(&state, &visit, &import, &form)
            .await?
            .into_response());
    }
    let now = state.clock.now_ms();
    let confirmed = Confirm {
        scope: &info.scope,
        missing_parts: if archive { "archive" } else { "keep" },
        create_models: info.create_models,
    };
    match db::imports::queue(&state.db, &v.org_id, &id, &confirmed, now).await? {
        Ok(()) => {}
        Err(QueueRefused::AnotherRunning) => {
            let running = db::imports::active(&state.db, &v.org_id).await?;
            form.banner = Some(match running {
                Some(r) => format!(
                    "Another import (“{}”) is running for your catalog. Wait for it to finish, then confirm this one.",
                    r.file_name
                ),
                None => "Another import is running for your catalog. Wait for it to finish, then confirm this one.".into(),
            });
            return Ok(render_preview(&state, &visit, &import, &form)
                .await?
                .into_response());
        }
        Err(QueueRefused::NotPreviewed) => {
            return Ok(Redirect::to(&format!("/seller/imports/{id}")).into_response());
        }
    }
    let ctx = JobContext {
        db: state.db.clone(),
        files: state.files.clone(),
        registry: state.imports.clone(),
        index_wakeup: state.index_wakeup.clone(),
        pause: state.config.import_pause,
    };
    let clock = state.clock.clone();
    let user_id = v.user_id.clone();
    let label = v.email.clone();
    let ip = visit.ip.clone();
    let request_id = visit.request_id.clone();
    let job_id = id.clone();
    tokio::spawn(async move {
        let actor = db::imports::Actor {
            user_id: Some(&user_id),
            label: &label,
            ip: &ip,
            request_id: &request_id,
        };
        // A failure is recorded on the import by `run`.
        let _ = import::run(&ctx, &job_id, &actor, || clock.now_ms()).await;
    });
    Ok(Redirect::to(&format!("/seller/imports/{id}")).into_response())
}

/// `GET /seller/imports/{id}/progress.json`: what the progress bar shows.
pub async fn progress(
    State(state): State<AppState>,
    CurrentUser(v, _): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let import = own_import(&state, &v.org_id, &id).await?;
    let live = state.imports.get(&id);
    let (done, total) = live
        .as_ref()
        .map_or((import.rows_done, import.total_rows), |l| {
            (l.done as i64, l.total as i64)
        });
    let body = serde_json::json!({
        "status": import.status,
        "phase": live.as_ref().map(|l| l.phase),
        "done": done,
        "total": total,
        "eta_seconds": live.as_ref().and_then(import::Live::eta_seconds),
        "finished": !import.is_active(),
        "new": import.new_count,
        "updated": import.updated_count,
        "unchanged": import.unchanged_count,
        "invalid": import.invalid_count,
        "skipped": import.skipped_count,
        "error": import.error,
    });
    Ok(super::json(&body))
}

async fn report(state: &AppState, org_id: &str, id: &str, xlsx: bool) -> Result<Response, Error> {
    let import = own_import(state, org_id, id).await?;
    let body = import::error_report(&state.db, &state.files, &import, xlsx)
        .await
        .map_err(Error::Internal)?;
    let stem = import
        .file_name
        .rsplit_once('.')
        .map_or(import.file_name.as_str(), |(s, _)| s)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>();
    let (ext, ctype) = if xlsx {
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        ("csv", "text/csv; charset=utf-8")
    };
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}-problems.{ext}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        Body::from(body),
    )
        .into_response())
}

/// `GET /seller/imports/{id}/report.xlsx`: the original rows that have
/// problems, with a "Problems" column.
pub async fn report_xlsx(
    State(state): State<AppState>,
    CurrentUser(v, _): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    report(&state, &v.org_id, &id, true).await
}

/// `GET /seller/imports/{id}/report.csv`: the same as CSV.
pub async fn report_csv(
    State(state): State<AppState>,
    CurrentUser(v, _): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    report(&state, &v.org_id, &id, false).await
}
