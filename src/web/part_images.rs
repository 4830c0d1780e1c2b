//! A seller's pictures of a part (`Permission::Sell`): upload, alt text,
//! order, delete. Every query names the viewer's organization, so another
//! seller's part or picture is not found (404) and nothing of it changes.
//! Moves redirect to the page with a notice, so a reload never repeats
//! them; a refused upload re-renders the page with the reason beside the
//! file field, stores nothing and answers 422.

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::admin::{href, query};
use super::chrome;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Visit};
use crate::app::AppState;
use crate::db;
use crate::db::part_images::{AddRefused, Move, NewImage, NewRendition, OwnPart};
use crate::files::Stored;
use crate::media::images::{self, MAX_UPLOAD_BYTES};
use crate::views::account::FormState;
use crate::views::part_images::{self as view, ALT_FIELD, FILE_FIELD, MAX_ALT_CHARS};

/// The body limit of the upload route: the largest picture plus the form
/// around it.
pub const MAX_BODY_BYTES: usize = MAX_UPLOAD_BYTES + 2 * 1024 * 1024;

fn page_url(part_id: &str) -> String {
    format!("/seller/parts/{part_id}/images")
}

async fn own(state: &AppState, org_id: &str, part_id: &str) -> Result<OwnPart, Error> {
    db::part_images::own_part(&state.db, org_id, part_id)
        .await?
        .ok_or(Error::NotFound)
}

async fn render(
    state: &AppState,
    visit: &Visit,
    part: &OwnPart,
    form: &FormState,
    status: StatusCode,
) -> Result<Response, Error> {
    let org = visit.viewer.as_ref().map_or("", |v| v.org_id.as_str());
    let images = db::part_images::for_own_part(&state.db, org, &part.id).await?;
    let page = view::ImagesPage {
        part,
        images: &images,
        form,
    };
    Ok((status, view::page(&chrome(state, visit), &page)).into_response())
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    done: String,
}

/// `GET /seller/parts/{id}/images`.
pub async fn page(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: PageQuery = query(raw.as_deref())?;
    let part = own(&state, &v.org_id, &id).await?;
    let notice = match q.done.as_str() {
        "uploaded" => Some("Picture added."),
        "alt" => Some("Description saved."),
        "moved" => Some("Order saved."),
        "deleted" => Some("Picture deleted."),
        _ => None,
    };
    let form = FormState {
        notice: notice.map(str::to_string),
        ..FormState::default()
    };
    render(&state, &visit, &part, &form, StatusCode::OK).await
}

/// The fields of an upload.
#[derive(Default)]
struct Upload {
    file: Option<(String, Vec<u8>)>,
    alt: String,
}

/// Reads the multipart form, refusing a file past the size limit by name.
async fn read_upload(mut multipart: Multipart) -> Result<Upload, String> {
    let too_large = images::ImageError::TooLarge.to_string();
    let mut out = Upload::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large),
            Err(_) => return Err("the upload was interrupted; try again".into()),
        };
        match field.name() {
            Some(FILE_FIELD) => {
                let name = field.file_name().unwrap_or("").to_string();
                let bytes = match field.bytes().await {
                    Ok(b) => b,
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(too_large);
                    }
                    Err(_) => return Err("the upload was interrupted; try again".into()),
                };
                if bytes.len() > MAX_UPLOAD_BYTES {
                    return Err(too_large);
                }
                out.file = Some((name, bytes.to_vec()));
            }
            Some(ALT_FIELD) => {
                out.alt = field
                    .text()
                    .await
                    .map_err(|_| "the upload was interrupted; try again".to_string())?;
            }
            // Anything else (a CSRF field sent in the body) is skipped.
            _ => {}
        }
    }
    Ok(out)
}

/// White space folded, at most [`MAX_ALT_CHARS`] characters.
fn clean_alt(alt: &str) -> String {
    alt.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_ALT_CHARS)
        .collect()
}

/// The name an upload is remembered by: its last path segment, printable,
/// at most 200 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if kept.trim().is_empty() {
        "picture".into()
    } else {
        kept
    }
}

/// `POST /seller/parts/{id}/images` (multipart: `picture`, `alt`).
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, Error> {
    // The part is checked before a byte of the body is read, and before the
    // body is even taken for a form: another seller's id is a 404 whatever
    // was sent.
    let part = own(&state, &v.org_id, &id).await?;
    let upload = match Multipart::from_request(req, &state).await {
        Ok(m) => read_upload(m).await,
        Err(_) => Err("the picture was not sent as a file upload; use the upload form".into()),
    };
    let mut form = FormState::default();
    if let Ok(u) = &upload {
        form.values.push((ALT_FIELD, u.alt.clone()));
    }
    let upload = match upload {
        Ok(u) => u,
        Err(msg) => return refuse(&state, &visit, &part, form, capitalize(&msg)).await,
    };
    let Some((original, bytes)) = upload.file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(
            &state,
            &visit,
            &part,
            form,
            capitalize(&images::ImageError::Empty.to_string()),
        )
        .await;
    };
    if db::part_images::count(&state.db, &v.org_id, &part.id).await?
        >= db::part_images::MAX_PER_PART
    {
        return refuse(&state, &visit, &part, form, full_message()).await;
    }
    let permit = state
        .image_permits
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    let processed = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        images::process(&bytes)
    })
    .await
    .map_err(|e| Error::Internal(e.into()))?;
    let processed = match processed {
        Ok(p) => p,
        Err(images::ImageError::Encode(e)) => {
            return Err(Error::Internal(anyhow::anyhow!("encoding a picture: {e}")));
        }
        Err(e) => return refuse(&state, &visit, &part, form, capitalize(&e.to_string())).await,
    };
    let original = clean_name(&original);
    let alt = clean_alt(&upload.alt);
    let mut saved: Vec<Stored> = Vec::with_capacity(3);
    for r in [&processed.full, &processed.large, &processed.small] {
        match state.files.save(&r.bytes, processed.ext).await {
            Ok(s) => saved.push(s),
            Err(e) => {
                remove_files(&state, saved.iter().map(|s| s.stored_name.as_str())).await;
                return Err(Error::Internal(
                    anyhow::Error::new(e).context("saving a picture"),
                ));
            }
        }
    }
    let ct = processed.content_type;
    let new = NewImage {
        seller_id: &v.org_id,
        part_id: &part.id,
        width: processed.full.width,
        height: processed.full.height,
        full: NewRendition {
            stored: &saved[0],
            content_type: ct,
        },
        large: NewRendition {
            stored: &saved[1],
            content_type: ct,
        },
        small: NewRendition {
            stored: &saved[2],
            content_type: ct,
        },
        alt_text: &alt,
        original_name: &original,
        created_by: Some(&v.user_id),
    };
    let summary = format!(
        "added a picture ({}, {} × {} px) to part {}",
        original, processed.full.width, processed.full.height, part.part_number
    );
    let now = state.clock.now_ms();
    let added = db::part_images::add(
        &state.db,
        &new,
        now,
        &visit.audit(&v, "part_image_added", &v.org_id, &summary),
    )
    .await;
    let refused = match added {
        Ok(Ok(_)) => None,
        Ok(Err(r)) => Some(r),
        Err(e) => {
            remove_files(&state, saved.iter().map(|s| s.stored_name.as_str())).await;
            return Err(e.into());
        }
    };
    if let Some(r) = refused {
        remove_files(&state, saved.iter().map(|s| s.stored_name.as_str())).await;
        return match r {
            AddRefused::NoPart => Err(Error::NotFound),
            AddRefused::Full => refuse(&state, &visit, &part, form, full_message()).await,
        };
    }
    state.index_wakeup.notify_one();
    Ok(Redirect::to(&href(&page_url(&part.id), &[("done", "uploaded")])).into_response())
}

fn full_message() -> String {
    format!(
        "This part already has {} pictures, the most allowed; delete one first.",
        db::part_images::MAX_PER_PART
    )
}

/// The page again, with the reason the upload was refused beside the file
/// field.
async fn refuse(
    state: &AppState,
    visit: &Visit,
    part: &OwnPart,
    mut form: FormState,
    msg: String,
) -> Result<Response, Error> {
    form.fail(FILE_FIELD, msg);
    render(state, visit, part, &form, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// "the file is empty" → "The file is empty."
fn capitalize(msg: &str) -> String {
    let mut c = msg.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

/// Removes stored files, logging what could not be removed (an orphan file
/// wastes space; it is never served, having no picture row).
async fn remove_files<'a>(state: &AppState, names: impl Iterator<Item = &'a str>) {
    for name in names {
        if let Err(e) = state.files.remove(name).await {
            tracing::warn!(file = name, error = %e, "removing a picture file");
        }
    }
}

#[derive(Deserialize)]
pub struct AltForm {
    #[serde(default)]
    alt: String,
}

/// `POST /seller/parts/{id}/images/{image_id}/alt`.
pub async fn set_alt(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path((id, image_id)): Path<(String, String)>,
    Form(f): Form<AltForm>,
) -> Result<Response, Error> {
    let part = own(&state, &v.org_id, &id).await?;
    let alt = clean_alt(&f.alt);
    let summary = format!("described a picture of part {}", part.part_number);
    let ok = db::part_images::set_alt(
        &state.db,
        &v.org_id,
        &part.id,
        &image_id,
        &alt,
        state.clock.now_ms(),
        &visit.audit(&v, "part_image_changed", &v.org_id, &summary),
    )
    .await?;
    if !ok {
        return Err(Error::NotFound);
    }
    state.index_wakeup.notify_one();
    Ok(Redirect::to(&href(&page_url(&part.id), &[("done", "alt")])).into_response())
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
}

/// `POST /seller/parts/{id}/images/{image_id}/move` with `to` = `first`,
/// `earlier` or `later`.
pub async fn reorder(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path((id, image_id)): Path<(String, String)>,
    Form(f): Form<MoveForm>,
) -> Result<Response, Error> {
    let part = own(&state, &v.org_id, &id).await?;
    let to = match f.to.as_str() {
        "first" => Move::First,
        "earlier" => Move::Earlier,
        "later" => Move::Later,
        _ => {
            return Err(Error::BadParam {
                param: "to",
                message: "expected first, earlier or later".into(),
            });
        }
    };
    let summary = format!("reordered the pictures of part {}", part.part_number);
    let ok = db::part_images::reorder(
        &state.db,
        &v.org_id,
        &part.id,
        &image_id,
        to,
        state.clock.now_ms(),
        &visit.audit(&v, "part_image_changed", &v.org_id, &summary),
    )
    .await?;
    if !ok {
        return Err(Error::NotFound);
    }
    state.index_wakeup.notify_one();
    Ok(Redirect::to(&href(&page_url(&part.id), &[("done", "moved")])).into_response())
}

/// `POST /seller/parts/{id}/images/{image_id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path((id, image_id)): Path<(String, String)>,
) -> Result<Response, Error> {
    let part = own(&state, &v.org_id, &id).await?;
    let summary = format!("deleted a picture of part {}", part.part_number);
    let names = db::part_images::delete(
        &state.db,
        &v.org_id,
        &part.id,
        &image_id,
        state.clock.now_ms(),
        &visit.audit(&v, "part_image_deleted", &v.org_id, &summary),
    )
    .await?
    .ok_or(Error::NotFound)?;
    state.index_wakeup.notify_one();
    // Only once the rows are gone: the files were then no longer served.
    remove_files(&state, names.iter().map(String::as_str)).await;
    Ok(Redirect::to(&href(&page_url(&part.id), &[("done", "deleted")])).into_response())
}
