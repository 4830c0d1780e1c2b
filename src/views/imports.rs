//! Spreadsheet import pages: upload, preview (the dry run with the column
//! mapping), progress and result, and the seller's import history.

use maud::{Markup, html};
use partsportal_importers::records::{Problem, Severity};
use partsportal_importers::{Field, MAX_FILE_BYTES};

use super::account::FormState;
use super::layout::{self, Chrome, csrf_field};
use crate::db::imports::ImportRow;
use crate::domain::dates;
use crate::jobs::import::{Live, Phase, PreviewInfo};

/// How many problems the preview and result pages list.
pub const PROBLEMS_SHOWN: i64 = 100;

fn number(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn status_badge(status: &str) -> Markup {
    let (class, label) = match status {
        "previewed" => ("badge-cond", "Not confirmed"),
        "queued" => ("badge-low", "Queued"),
        "running" => ("badge-low", "Running"),
        "succeeded" => ("badge-in", "Done"),
        "failed" => ("badge-out", "Failed"),
        _ => ("badge-cond", status),
    };
    html! { span.badge.(class) { (label) } }
}

fn crumbs(last: &str) -> Markup {
    html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol {
                li { a href="/seller" { "Seller home" } }
                li { a href="/seller/imports" { "Imports" } }
                li aria-current="page" { (last) }
            }
        }
    }
}

/// The seller's import history.
pub fn history(chrome: &Chrome, imports: &[ImportRow], active: Option<&ImportRow>) -> Markup {
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol { li { a href="/seller" { "Seller home" } } li aria-current="page" { "Imports" } }
        }
        div.page-head {
            h1 { "Catalog imports" }
            a.button href="/seller/imports/new" { "Import a spreadsheet" }
        }
        @if let Some(a) = active {
            div.notice role="status" {
                "An import is running: " a href={ "/seller/imports/" (a.id) } { (a.file_name) } "."
            }
        }
        @if imports.is_empty() {
            p { "No imports yet. Upload your price list or catalog as Excel (.xlsx, .xls, .xlsb, .xlsm), OpenDocument (.ods) or CSV; you will see a preview before anything changes." }
        } @else {
            table.admin-table {
                caption.visually-hidden { "Imports, newest first" }
                thead { tr {
                    th scope="col" { "When" } th scope="col" { "File" } th scope="col" { "By" }
                    th scope="col" { "Status" } th scope="col" { "New" } th scope="col" { "Updated" }
                    th scope="col" { "Unchanged" } th scope="col" { "Invalid" } th scope="col" { "Skipped" }
                } }
                tbody {
                    @for i in imports {
                        tr {
                            td.when { (dates::utc_minute(i.created_at)) }
                            td { a href={ "/seller/imports/" (i.id) } { (i.file_name) } }
                            td { (i.created_by_name.as_deref().unwrap_or("command line")) }
                            td { (status_badge(&i.status)) }
                            td.num { (number(i.new_count)) }
                            td.num { (number(i.updated_count)) }
                            td.num { (number(i.unchanged_count)) }
                            td.num { (number(i.invalid_count)) }
                            td.num { (number(i.skipped_count)) }
                        }
                    }
                }
            }
        }
    };
    layout::page(chrome, "Catalog imports", "", body)
}

/// The upload form.
pub fn upload(chrome: &Chrome, f: &FormState) -> Markup {
    let err = f.error("file");
    let body = html! {
        (crumbs("New import"))
        h1 { "Import a spreadsheet" }
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        div.import-layout {
            // A multipart body is not read by the CSRF layer: the token
            // travels in the query.
            form.form-card method="post" action={ "/seller/imports?_csrf=" (chrome.csrf) } enctype="multipart/form-data" {
                div.field.field-error[err.is_some()] {
                    label for="f-file" { "Catalog file" }
                    input #f-file type="file" name="file" required
                        accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt"
                        aria-invalid=[err.map(|_| "true")]
                        aria-describedby={ "f-file-hint" @if err.is_some() { " f-file-error" } };
                    p.hint #f-file-hint { "Excel (.xlsx, .xlsm, .xlsb, .xls), OpenDocument (.ods), CSV or TSV; up to " (MAX_FILE_BYTES / (1024 * 1024)) " MB and 1,000,000 rows." }
                    @if let Some(e) = err { p.error-text #f-file-error { (e) } }
                }
                div.field {
                    label for="f-sheet" { "Sheet " span.hint { "(optional)" } }
                    input #f-sheet type="text" name="sheet" value=(f.value("sheet")) aria-describedby="f-sheet-hint";
                    p.hint #f-sheet-hint { "Leave empty to use the first sheet with a recognizable header row." }
                }
                button type="submit" { "Upload and preview" }
                p.hint { "Nothing changes in your catalog until you confirm the preview." }
            }
            aside.import-help aria-label="What the importer understands" {
                h2 { "What the importer understands" }
                ul {
                    li { "Title rows above the header, merged cells, blank, section and total rows (skipped and counted)." }
                    li { "Headers like Part No., P/N, Item Code, Price, MRP, Rate, Qty, Fits, Used On…" }
                    li { "Prices like ₹1,23,456.00, $53.00 or 1.234,56 €; weights in g, kg or lb; lead times like “2 weeks”." }
                    li { "Part numbers stored as numbers keep their leading zeros when the cell is formatted with them." }
                }
                p { "Every problem names the sheet, row, column and the value found. Download the error report to fix and re-upload." }
            }
        }
    };
    layout::page(chrome, "Import a spreadsheet", "", body)
}

fn problem_table(problems: &[Problem], total: usize) -> Markup {
    html! {
        @if problems.is_empty() {
            p { "No problems found." }
        } @else {
            div.table-scroll {
                table.admin-table.problems {
                    caption {
                        @if total > problems.len() { "The first " (problems.len()) " of " (number(total as i64)) " problems" }
                        @else { (problems.len()) " problem" @if problems.len() != 1 { "s" } }
                    }
                    thead { tr {
                        th scope="col" { "Row" } th scope="col" { "Column" } th scope="col" { "Found" }
                        th scope="col" { "Problem" }
                    } }
                    tbody {
                        @for p in problems {
                            tr.problem-error[p.severity == Severity::Error] .problem-warning[p.severity == Severity::Warning] {
                                td.num { (p.row) }
                                td { @if let Some(l) = p.column_letter() { (l) @if let Some(h) = p.header.as_deref().filter(|h| !h.is_empty()) { " (" (h) ")" } } @else { "—" } }
                                td { @if let Some(v) = &p.value { code { (v) } } }
                                td {
                                    @if p.severity == Severity::Error { span.badge.badge-out { "Error" } } @else { span.badge.badge-low { "Warning" } }
                                    " " (p.message)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn counts(i: &ImportRow, detail: &serde_json::Value) -> Markup {
    let skipped = |k: &str| {
        detail
            .get(k)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0)
    };
    html! {
        ul.stat-cards {
            li.stat.stat-new { span.stat-n { (number(i.new_count)) } span.stat-l { "new parts" } }
            li.stat.stat-upd { span.stat-n { (number(i.updated_count)) } span.stat-l { "updated" } }
            li.stat { span.stat-n { (number(i.unchanged_count)) } span.stat-l { "unchanged" } }
            li.stat.stat-bad { span.stat-n { (number(i.invalid_count)) } span.stat-l { "invalid rows" } }
            li.stat {
                span.stat-n { (number(i.skipped_count)) }
                span.stat-l { "skipped" }
                @if i.skipped_count > 0 {
                    span.stat-d {
                        (skipped("blank")) " blank · " (skipped("repeated_header")) " repeated header · "
                        (skipped("section_title")) " section title · " (skipped("total")) " total"
                    }
                }
            }
            @if i.archived_count > 0 { li.stat { span.stat-n { (number(i.archived_count)) } span.stat-l { "archived" } } }
            li.stat { span.stat-n { (number(i.warning_count)) } span.stat-l { "warnings" } }
        }
    }
}

fn field_select(index: usize, current: Option<&str>) -> Markup {
    let id = format!("map-{index}");
    html! {
        select id=(id) name=(format!("map_{index}")) {
            option value="" selected[current.is_none()] { "— not imported —" }
            @for f in Field::ALL {
                option value=(f.key()) selected[current == Some(f.key())] { (f.label()) }
            }
        }
    }
}

/// The preview of an import: the dry run, the mapping and the options.
pub fn preview(
    chrome: &Chrome,
    i: &ImportRow,
    info: &PreviewInfo,
    problems: &[Problem],
    f: &FormState,
) -> Markup {
    let detail: serde_json::Value = serde_json::from_str(&i.skipped_detail).unwrap_or_default();
    let valid = i.new_count + i.updated_count;
    let blocked = !info.blocking.is_empty();
    let body = html! {
        (crumbs(&i.file_name))
        div.page-head {
            h1 { "Preview: " (i.file_name) }
            (status_badge(&i.status))
        }
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
        @if i.status == "failed" && !i.error.is_empty() {
            div.notice.notice-warn role="alert" { "The last run failed: " (i.error) }
        }
        p.lead {
            (info.format) " · sheet “" (info.sheet) "”"
            @if info.header_row > 0 { " · header on row " (info.header_row) }
            " · " (number(i.total_rows)) " rows with parts. Nothing has changed in your catalog yet."
        }
        @if blocked {
            div.notice.notice-warn role="alert" {
                p { strong { "This file cannot be imported until this is fixed:" } }
                ul { @for b in &info.blocking { li { (b) } } }
            }
        }
        (counts(i, &detail))

        section aria-labelledby="mapping-h" {
            h2 #mapping-h { "Columns" }
            form.form-card method="post" action={ "/seller/imports/" (i.id) "/preview" } {
                (csrf_field(chrome.csrf))
                div.inline-fields {
                    @if info.sheet_names.len() > 1 {
                        div.field {
                            label for="f-sheet" { "Sheet" }
                            select #f-sheet name="sheet" {
                                @for s in &info.sheet_names { option value=(s) selected[*s == info.sheet] { (s) } }
                            }
                        }
                    }
                    div.field.field-error[f.error("header_row").is_some()] {
                        label for="f-header" { "Header row" }
                        input #f-header type="number" min="1" name="header_row" inputmode="numeric"
                            value=(if f.value("header_row").is_empty() { info.header_row.to_string() } else { f.value("header_row").to_string() });
                        @if let Some(e) = f.error("header_row") { p.error-text { (e) } }
                    }
                    fieldset.field {
                        legend { "Update" }
                        label.choice { input type="radio" name="scope" value="everything" checked[info.scope == "everything"]; " everything in the file" }
                        label.choice { input type="radio" name="scope" value="prices" checked[info.scope == "prices"]; " only prices" }
                        label.choice { input type="radio" name="scope" value="stock" checked[info.scope == "stock"]; " only stock" }
                    }
                }
                div.table-scroll {
                    table.admin-table.mapping {
                        caption.visually-hidden { "Which catalog field each column holds" }
                        thead { tr { th scope="col" { "Column" } th scope="col" { "Header in the file" } th scope="col" { "First values" } th scope="col" { "Imported as" } } }
                        tbody {
                            @for c in &info.columns {
                                tr.unmapped[c.field.is_none()] {
                                    th scope="row" { (c.letter) }
                                    td { @if c.header.is_empty() { span.hint { "(no header)" } } @else { (c.header) } }
                                    td.samples { @for (n, s) in c.samples.iter().enumerate() { @if n > 0 { ", " } code { (s) } } }
                                    td { label.visually-hidden for={ "map-" (c.index) } { "Column " (c.letter) " imported as" } (field_select(c.index, c.field.as_deref())) }
                                }
                            }
                        }
                    }
                }
                label.choice { input type="checkbox" name="create_models" value="1" checked[info.create_models]; " Create equipment models the catalog does not know yet" }
                label.choice { input type="checkbox" name="save_profile" value="1" checked; " Remember this mapping for my next imports" }
                button type="submit" { "Update preview" }
            }
        }

        @if !info.defaults.is_empty() && info.scope == "everything" {
            section aria-labelledby="defaults-h" {
                h2 #defaults-h { "Columns not in the file" }
                p { "New parts take these values; existing parts keep theirs." }
                ul.defaults { @for (k, v) in &info.defaults { li { (k) ": " strong { (v) } } } }
            }
        }
        @if !info.new_manufacturers.is_empty() || !info.new_models.is_empty() {
            section aria-labelledby="adds-h" {
                h2 #adds-h { "Also added" }
                @if !info.new_manufacturers.is_empty() { p { "Manufacturers: " (info.new_manufacturers.join(", ")) } }
                @if !info.new_models.is_empty() { p { "Equipment models: " (info.new_models.join(", ")) } }
            }
        }
        @if !info.samples.is_empty() {
            section aria-labelledby="samples-h" {
                h2 #samples-h { "Rows as they will be stored" }
                div.table-scroll {
                    table.admin-table {
                        thead { tr { th scope="col" { "Row" } th scope="col" { "Action" } th scope="col" { "Part number" } th scope="col" { "Name" } th scope="col" { "Price" } th scope="col" { "Stock" } th scope="col" { "Category" } th scope="col" { "Models" } } }
                        tbody {
                            @for s in &info.samples {
                                tr {
                                    td.num { (s.row) }
                                    td { @if s.action == "new" { span.badge.badge-in { "New" } } @else { span.badge.badge-cond { "Update" } } }
                                    td { code { (s.part_number) } }
                                    td { (s.name) }
                                    td.num { (s.price) }
                                    td.num { (s.stock) }
                                    td { (s.category) }
                                    td.num { (s.models) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="problems-h" {
            h2 #problems-h { "Problems" }
            @if info.problems_total > 0 {
                p {
                    (number(info.errors_total as i64)) " errors (those rows are not imported) and "
                    (number((info.problems_total - info.errors_total) as i64)) " warnings. "
                    "Download them with the original rows: "
                    a href={ "/seller/imports/" (i.id) "/report.xlsx" } { "error report (.xlsx)" } " · "
                    a href={ "/seller/imports/" (i.id) "/report.csv" } { "(.csv)" }
                }
            }
            (problem_table(problems, info.problems_total))
        }
        section aria-labelledby="confirm-h" {
            h2 #confirm-h { "Confirm" }
            form.form-card method="post" action={ "/seller/imports/" (i.id) "/confirm" } {
                (csrf_field(chrome.csrf))
                fieldset.field.field-error[f.error("missing").is_some()] {
                    legend { "Parts in your catalog that are not in this file" }
                    label.choice { input type="radio" name="missing" value="keep" checked[f.value("missing") != "archive"]; " leave them as they are" }
                    @match &info.archive_refused {
                        Some(reason) => {
                            label.choice.disabled { input type="radio" name="missing" value="archive" disabled aria-describedby="archive-why"; " archive them" }
                            p.hint #archive-why { "Not available: " (reason) "." }
                        }
                        None => {
                            label.choice { input type="radio" name="missing" value="archive" checked[f.value("missing") == "archive"]; " archive them (" (number(info.would_archive as i64)) " part" @if info.would_archive != 1 { "s" } ")" }
                        }
                    }
                    @if let Some(e) = f.error("missing") { p.error-text { (e) } }
                }
                @if blocked {
                    button type="submit" disabled { "Import" }
                    p.hint { "Fix the problems above first." }
                } @else if valid == 0 {
                    button type="submit" disabled { "Import" }
                    p.hint { "No row would create or change a part." }
                } @else {
                    button type="submit" { "Import " (number(valid)) " row" @if valid != 1 { "s" } }
                    @if i.invalid_count > 0 { p.hint { (number(i.invalid_count)) " invalid rows will be left out." } }
                }
            }
        }
    };
    layout::page(chrome, &format!("Preview {}", i.file_name), "", body)
}

/// The page of a queued or running import: a progress bar that a small
/// script updates live, and a refresh every few seconds without it.
pub fn progress(chrome: &Chrome, i: &ImportRow, live: Option<&Live>) -> Markup {
    let (done, total) = live.map_or((i.rows_done, i.total_rows), |l| {
        (l.done as i64, l.total as i64)
    });
    let phase = match live.map(|l| l.phase) {
        Some(Phase::Writing) => "Writing to your catalog",
        Some(Phase::Reading) => "Reading and checking the file",
        None if i.status == "queued" => "Waiting to start",
        None => "Running",
    };
    let eta = live.and_then(Live::eta_seconds);
    let body = html! {
        (crumbs(&i.file_name))
        h1 { "Importing " (i.file_name) }
        div.progress-box data-progress-url={ "/seller/imports/" (i.id) "/progress.json" } {
            p #progress-phase { (phase) }
            progress #progress-bar max=(total.max(1)) value=(done) aria-describedby="progress-text" { (done) " of " (total) }
            p #progress-text aria-live="polite" {
                (number(done)) " of " (number(total)) " rows"
                @if let Some(s) = eta { " · about " (s) " s left" }
            }
        }
        p.hint { "All rows are written in one transaction: if anything stops the import, your catalog stays exactly as it was. This page refreshes by itself." }
        noscript { meta http-equiv="refresh" content="2"; }
    };
    layout::page(chrome, &format!("Importing {}", i.file_name), "", body)
}

/// The result of a finished (or failed) import.
pub fn result(chrome: &Chrome, i: &ImportRow, problems: &[Problem], total: usize) -> Markup {
    let detail: serde_json::Value = serde_json::from_str(&i.skipped_detail).unwrap_or_default();
    let seconds = match (i.started_at, i.finished_at) {
        (Some(a), Some(b)) => Some((b - a) as f64 / 1000.0),
        _ => None,
    };
    let body = html! {
        (crumbs(&i.file_name))
        div.page-head {
            h1 { "Import of " (i.file_name) }
            (status_badge(&i.status))
        }
        @if i.status == "failed" {
            div.notice.notice-warn role="alert" { p { strong { "The import failed. " } (i.error) } }
            p { a.button href={ "/seller/imports/" (i.id) } { "Back to the preview" } }
        } @else {
            div.notice role="status" {
                "Done" @if let Some(s) = seconds { " in " (format!("{s:.1}")) " s" } ". "
                "Changed parts are searchable within seconds. "
                a href="/seller/parts" { "See your parts" }
            }
            (counts(i, &detail))
        }
        @if !problems.is_empty() {
            section aria-labelledby="problems-h" {
                h2 #problems-h { "Problems" }
                p {
                    a.button href={ "/seller/imports/" (i.id) "/report.xlsx" } { "Download the error report (.xlsx)" }
                    " "
                    a href={ "/seller/imports/" (i.id) "/report.csv" } { "or .csv" }
                }
                (problem_table(problems, total))
            }
        }
        p.hint {
            "Uploaded by " (i.created_by_name.as_deref().unwrap_or("the command line")) " · "
            (dates::utc_minute(i.created_at))
        }
    };
    layout::page(chrome, &format!("Import of {}", i.file_name), "", body)
}
