//! The seller's pictures page of a part, and the picture markup the card and
//! the public part page share.

use maud::{Markup, html};

use super::account::FormState;
use super::layout::{self, Chrome, csrf_field};
use crate::db::part_images::{ImageRow, MAX_PER_PART, OwnPart};
use crate::media::images::{LARGE_SIDE, MAX_SIDE, MAX_UPLOAD_BYTES, SMALL_SIDE, fit};
use crate::web::files::image_path;

/// The form field of the uploaded file.
pub const FILE_FIELD: &str = "picture";
/// The form field of the alternative text.
pub const ALT_FIELD: &str = "alt";
/// The longest alternative text kept, in characters.
pub const MAX_ALT_CHARS: usize = 200;

/// The text a picture is described by: its own, or the part's name.
pub fn alt_or<'a>(alt: &'a str, part_name: &'a str) -> &'a str {
    if alt.trim().is_empty() {
        part_name
    } else {
        alt
    }
}

/// A rendition of at most `side` px as an `<img>` with its size, so the
/// page does not jump while it loads.
pub fn rendition(name: &str, width: i64, height: i64, side: u32, alt: &str, lazy: bool) -> Markup {
    let (w, h) = fit(
        u32::try_from(width).unwrap_or(1),
        u32::try_from(height).unwrap_or(1),
        side,
    );
    html! {
        img src=(image_path(name)) alt=(alt) width=(w) height=(h)
            loading=[lazy.then_some("lazy")] decoding="async";
    }
}

/// What the pictures page shows.
pub struct ImagesPage<'a> {
    pub part: &'a OwnPart,
    pub images: &'a [ImageRow],
    /// The upload form's values and errors, and the page's notice.
    pub form: &'a FormState,
}

/// `/seller/parts/{id}/images`.
pub fn page(chrome: &Chrome, p: &ImagesPage) -> Markup {
    let part = p.part;
    let base = format!("/seller/parts/{}/images", part.id);
    let full = p.images.len() as i64 >= MAX_PER_PART;
    let err = p.form.error(FILE_FIELD);
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol {
                li { a href="/seller" { "Seller dashboard" } }
                li { a href="/seller/parts" { "Parts" } }
                li { a href={ "/seller/parts/" (part.id) } { (part.part_number) } }
                li aria-current="page" { "Pictures" }
            }
        }
        h1 { "Pictures of " (part.part_number) " " span.muted { (part.name) } }
        @if let Some(b) = &p.form.banner { div.notice.notice-warn role="alert" { (b) } }
        @if let Some(n) = &p.form.notice { div.notice role="status" { (n) } }
        section aria-labelledby="upload-h" {
            h2 #upload-h { "Add a picture" }
            @if full {
                @if let Some(e) = err { p.error-text #f-picture-error role="alert" { (e) } }
                p { "This part has " (MAX_PER_PART) " pictures, the most allowed. Delete one to add another." }
            } @else {
                // The CSRF token rides in the URL: the check runs before the
                // multipart body is read.
                form method="post" enctype="multipart/form-data"
                    action={ (base) "?" (serde_urlencoded::to_string([("_csrf", chrome.csrf)]).unwrap_or_default()) } {
                    div.field.field-error[err.is_some()] {
                        label for="f-picture" { "Picture" }
                        input #f-picture type="file" name=(FILE_FIELD)
                            accept="image/jpeg,image/png,image/webp,image/gif"
                            aria-invalid=[err.map(|_| "true")]
                            aria-describedby=(if err.is_some() { "f-picture-hint f-picture-error" } else { "f-picture-hint" });
                        p.hint #f-picture-hint {
                            "JPEG, PNG, WebP or GIF, up to " (MAX_UPLOAD_BYTES / (1024 * 1024)) " MB and "
                            (MAX_SIDE) " × " (MAX_SIDE) " pixels. Location and camera details are removed; "
                            "pictures are shown at up to " (LARGE_SIDE) " px."
                        }
                        @if let Some(e) = err { p.error-text #f-picture-error role="alert" { (e) } }
                    }
                    div.field {
                        label for="f-alt" { "Description (alt text), optional" }
                        input #f-alt name=(ALT_FIELD) type="text" maxlength=(MAX_ALT_CHARS)
                            value=(p.form.value(ALT_FIELD)) placeholder=(part.name);
                    }
                    button.primary type="submit" { "Upload" }
                }
            }
        }
        section aria-labelledby="pictures-h" {
            h2 #pictures-h { "Pictures (" (p.images.len()) " of " (MAX_PER_PART) ")" }
            p.muted { "The first picture is the primary one: search results show it." }
            @if p.images.is_empty() {
                p.empty { "No pictures yet. Buyers find parts faster when they can see them." }
            } @else {
                ol.picture-grid {
                    @for (i, img) in p.images.iter().enumerate() {
                        @let action = format!("{base}/{}", img.id);
                        @let alt_id = format!("alt-{}", img.id);
                        li.picture {
                            a href=(image_path(&img.full_name)) {
                                (rendition(&img.large_name, img.width, img.height, SMALL_SIDE * 2, alt_or(&img.alt_text, &part.name), false))
                            }
                            p.picture-meta {
                                @if i == 0 { span.badge.badge-in { "Primary" } " " }
                                (img.width) " × " (img.height) " px · " (img.original_name)
                            }
                            form.inline method="post" action={ (action) "/alt" } {
                                (csrf_field(chrome.csrf))
                                label for=(alt_id) { "Description (alt text)" }
                                input id=(alt_id) name=(ALT_FIELD) type="text" maxlength=(MAX_ALT_CHARS)
                                    value=(img.alt_text) placeholder=(part.name);
                                button type="submit" { "Save" }
                            }
                            div.picture-actions {
                                @if i > 0 {
                                    form.inline method="post" action={ (action) "/move" } {
                                        (csrf_field(chrome.csrf))
                                        input type="hidden" name="to" value="first";
                                        button type="submit" { "Make primary" }
                                    }
                                    form.inline method="post" action={ (action) "/move" } {
                                        (csrf_field(chrome.csrf))
                                        input type="hidden" name="to" value="earlier";
                                        button type="submit" aria-label={ "Move picture " (i + 1) " earlier" } { "◀ Earlier" }
                                    }
                                }
                                @if i + 1 < p.images.len() {
                                    form.inline method="post" action={ (action) "/move" } {
                                        (csrf_field(chrome.csrf))
                                        input type="hidden" name="to" value="later";
                                        button type="submit" aria-label={ "Move picture " (i + 1) " later" } { "Later ▶" }
                                    }
                                }
                                form.inline method="post" action={ (action) "/delete" } {
                                    (csrf_field(chrome.csrf))
                                    button.danger type="submit" aria-label={ "Delete picture " (i + 1) } { "Delete" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(
        chrome,
        &format!("Pictures of {}", part.part_number),
        "",
        body,
    )
}
