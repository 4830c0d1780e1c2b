//! The part form: add, edit, duplicate. Each error is shown beside its
//! field and every field keeps what was typed. The compatibility field is a
//! textarea of model names, one per line; `model-picker.js` turns it into
//! an autocomplete where JavaScript runs.

use maud::{Markup, html};

use super::account::FormState;
use super::layout::{self, Chrome, csrf_field};
use super::seller::{select, seller_nav};
use crate::db::catalog::PartRow;

/// Which form this is.
pub enum Mode<'a> {
    New,
    Edit {
        part: &'a PartRow,
    },
    /// A new part filled from the part with this number.
    Duplicate {
        from: &'a str,
    },
}

/// What the form page shows.
pub struct FormPage<'a> {
    pub mode: Mode<'a>,
    pub form: &'a FormState,
    /// The seller's part that already has the typed number: (id, number).
    pub taken: Option<(&'a str, &'a str)>,
    /// Equipment manufacturers' names, offered as the field's suggestions.
    pub manufacturers: &'a [&'a str],
    /// The seller's categories, offered the same way.
    pub categories: &'a [String],
}

/// How a text field looks besides its name and label.
#[derive(Default, Clone, Copy)]
struct Opts<'a> {
    hint: &'a str,
    inputmode: Option<&'a str>,
    list: Option<&'a str>,
    required: bool,
    wide: bool,
}

fn text(f: &FormState, name: &'static str, label: &str, o: Opts) -> Markup {
    let err = f.error(name);
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described: Vec<&str> = [
        (!o.hint.is_empty()).then_some(hint_id.as_str()),
        err.map(|_| err_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        div.field.field-error[err.is_some()].field-wide[o.wide] {
            label for=(id) { (label) @if o.required { " " span.req aria-hidden="true" { "*" } } }
            input id=(id) name=(name) type="text" value=(f.value(name)) autocomplete="off"
                inputmode=[o.inputmode] list=[o.list]
                aria-required=[o.required.then_some("true")]
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
            @if !o.hint.is_empty() { p.hint id=(hint_id) { (o.hint) } }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn area(
    f: &FormState,
    name: &'static str,
    label: &str,
    hint: &str,
    rows: u32,
    picker: bool,
) -> Markup {
    let err = f.error(name);
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described = match err {
        Some(_) => format!("{hint_id} {err_id}"),
        None => hint_id.clone(),
    };
    html! {
        div.field.field-wide.field-error[err.is_some()] {
            label for=(id) { (label) }
            p.hint id=(hint_id) { (hint) }
            textarea id=(id) name=(name) rows=(rows) spellcheck="false"
                data-model-picker=[picker.then_some("/seller/models/suggest")]
                aria-invalid=[err.map(|_| "true")] aria-describedby=(described) { (f.value(name)) }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

/// The fields as the form shows them, top to bottom.
const FORM_ORDER: [&str; 22] = [
    "part_number",
    "name",
    "manufacturer",
    "category",
    "brand",
    "oem_part_number",
    "description",
    "unit_price",
    "currency",
    "gst_rate",
    "hsn",
    "stock",
    "low_stock_threshold",
    "moq",
    "order_multiple",
    "lead_time",
    "condition",
    "warranty_months",
    "weight",
    "compatible_models",
    "supersedes",
    "visibility",
];

/// The names of the fields with errors, in the order the form shows them.
fn in_form_order(f: &FormState) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = f.errors.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| FORM_ORDER.iter().position(|o| o == n).unwrap_or(usize::MAX));
    names.dedup();
    names
}

/// The label of a field, for the error summary.
fn label_of(name: &str) -> &str {
    match name {
        "low_stock_threshold" => "Low-stock threshold",
        "visibility" => "Who can see it",
        "supersedes" => "Replaces these old part numbers",
        other => partsportal_importers::Field::from_key(other).map_or(other, |f| f.label()),
    }
}

/// The page.
pub fn page(chrome: &Chrome, p: &FormPage) -> Markup {
    let f = p.form;
    let (title, action, is_new) = match &p.mode {
        Mode::New => (
            "Add a part".to_owned(),
            "/seller/parts/new".to_owned(),
            true,
        ),
        Mode::Edit { part } => (
            format!("Edit {}", part.part_number),
            format!("/seller/parts/{}/edit", part.id),
            false,
        ),
        Mode::Duplicate { from } => (
            format!("New part from {from}"),
            "/seller/parts/new".to_owned(),
            true,
        ),
    };
    let currencies = [("INR", "INR (₹)"), ("USD", "USD ($)"), ("EUR", "EUR (€)")];
    let gst = [
        ("0", "0%"),
        ("5", "5%"),
        ("12", "12%"),
        ("18", "18%"),
        ("28", "28%"),
    ];
    let conditions = [
        ("new", "New"),
        ("refurbished", "Refurbished"),
        ("exchange", "Exchange"),
    ];
    let visibility = [
        ("public", "Public: buyers can find and order it"),
        ("hidden", "Hidden: kept in your catalog only"),
    ];
    let pn_err = f.error("part_number");
    let body = html! {
        @match &p.mode {
            Mode::Edit { part } => {
                nav.breadcrumbs aria-label="Breadcrumb" { ol {
                    li { a href="/seller" { "Seller" } }
                    li { a href="/seller/parts" { "Parts" } }
                    li { a href={ "/seller/parts/" (part.id) } { (part.part_number) } }
                    li aria-current="page" { "Edit" }
                } }
            },
            _ => {},
        }
        h1 { (title) }
        @if !matches!(p.mode, Mode::Edit { .. }) {
            (seller_nav(if matches!(p.mode, Mode::New) { "/seller/parts/new" } else { "" }))
        }
        @if let Mode::Duplicate { from } = &p.mode {
            p.lede { "Everything is copied from " strong { (from) } " except its part number, stock and the old numbers it replaces. Enter the new part number and check the rest." }
        }
        @if f.failed() {
            div.notice.notice-warn role="alert" {
                @if let Some(b) = &f.banner { p { (b) } }
                @let n = in_form_order(f).len();
                p { "Nothing was saved: " (n) " field" @if n != 1 { "s need" } @else { " needs" } " attention:" }
                ul.error-summary {
                    @for name in in_form_order(f) {
                        li { a href={ "#f-" (name) } { (label_of(name)) } }
                    }
                }
            }
        }
        form.part-form method="post" action=(action) novalidate {
            (csrf_field(chrome.csrf))
            datalist #manufacturer-list { @for m in p.manufacturers { option value=(m) {} } }
            datalist #category-list { @for c in p.categories { option value=(c) {} } }
            fieldset.form-section {
                legend { "The part" }
                div.form-grid {
                    div.field.field-error[pn_err.is_some()] {
                        label for="f-part_number" { "Part number " span.req aria-hidden="true" { "*" } }
                        input #f-part_number name="part_number" type="text" value=(f.value("part_number")) autocomplete="off" spellcheck="false"
                            aria-required="true" aria-describedby={ "f-part_number-hint" @if pn_err.is_some() { " f-part_number-error" } }
                            aria-invalid=[pn_err.map(|_| "true")];
                        p.hint #f-part_number-hint { "As you print it, e.g. AB-123/4. Buyers find it in any spelling." }
                        @if let Some(e) = pn_err {
                            p.error-text #f-part_number-error {
                                (e)
                                @if let Some((id, pn)) = p.taken { " " a href={ "/seller/parts/" (id) "/edit" } { "Edit " (pn) } }
                            }
                        }
                    }
                    (text(f, "name", "Name", Opts { required: true, hint: "What buyers search for: SpO2 sensor, adult, reusable", ..Opts::default() }))
                    (text(f, "manufacturer", "Manufacturer", Opts { required: true, list: Some("manufacturer-list"), hint: "Pick from the list, or type a new name to add it", ..Opts::default() }))
                    (text(f, "category", "Category", Opts { required: true, list: Some("category-list"), hint: "Levels separated by >, e.g. Imaging > MRI > Coils", ..Opts::default() }))
                    (text(f, "brand", "Brand", Opts::default()))
                    (text(f, "oem_part_number", "OEM part number", Opts { hint: "The original maker's number, for cross-reference", ..Opts::default() }))
                }
                div.field.field-wide.field-error[f.error("description").is_some()] {
                    label for="f-description" { "Description" }
                    textarea #f-description name="description" rows="4"
                        aria-invalid=[f.error("description").map(|_| "true")]
                        aria-describedby=[f.error("description").map(|_| "f-description-error")] { (f.value("description")) }
                    @if let Some(e) = f.error("description") { p.error-text #f-description-error { (e) } }
                }
            }
            fieldset.form-section {
                legend { "Price and tax" }
                div.form-grid {
                    (text(f, "unit_price", "Unit price", Opts { required: true, inputmode: Some("decimal"), hint: "Per unit, excluding GST: 1,234.50", ..Opts::default() }))
                    (select(f, "currency", "Currency", "", &currencies))
                    (select(f, "gst_rate", "GST rate", "", &gst))
                    (text(f, "hsn", "HSN code", Opts { inputmode: Some("numeric"), hint: "4, 6 or 8 digits", ..Opts::default() }))
                }
            }
            fieldset.form-section {
                legend { "Stock and ordering" }
                div.form-grid {
                    @if is_new {
                        (text(f, "stock", "Stock", Opts { inputmode: Some("numeric"), hint: "Units on hand now; later changes go through stock adjustments", ..Opts::default() }))
                    }
                    (text(f, "low_stock_threshold", "Low-stock threshold", Opts { inputmode: Some("numeric"), hint: "Warn on the dashboard at or below this; 0 turns it off", ..Opts::default() }))
                    (text(f, "moq", "Minimum order quantity", Opts { inputmode: Some("numeric"), hint: "A whole number of packs when sold in packs. Above 999 (the most a cart line holds) buyers cannot order it from the cart and must ask you for a quote", ..Opts::default() }))
                    (text(f, "order_multiple", "Order multiple", Opts { inputmode: Some("numeric"), hint: "Buyers order whole multiples of this: 10 for packs of 10, 1 for any quantity", ..Opts::default() }))
                    (text(f, "lead_time", "Lead time", Opts { hint: "Days to dispatch: 3, 2 weeks, same day", ..Opts::default() }))
                }
            }
            fieldset.form-section {
                legend { "Condition and shipping" }
                div.form-grid {
                    (select(f, "condition", "Condition", "", &conditions))
                    (text(f, "warranty_months", "Warranty (months)", Opts { hint: "12, 18 months or 1 year", ..Opts::default() }))
                    (text(f, "weight", "Weight", Opts { hint: "0.5 kg, 500 g or 1.1 lb", ..Opts::default() }))
                }
            }
            fieldset.form-section {
                legend { "Compatibility and supersessions" }
                (area(f, "compatible_models", "Compatible models",
                    "The equipment this part fits, one model per line as the catalog lists it: GE HealthCare Signa Explorer. Unknown names are reported with the closest matches.",
                    5, true))
                (area(f, "supersedes", "Replaces these old part numbers",
                    "One old part number per line. Buyers searching an old number find this part.",
                    3, false))
            }
            fieldset.form-section {
                legend { "Visibility" }
                (select(f, "visibility", "Who can see it", "", &visibility))
            }
            div.form-actions {
                button.primary type="submit" { @if is_new { "Add part" } @else { "Save changes" } }
                @match &p.mode {
                    Mode::Edit { part } => a href={ "/seller/parts/" (part.id) } { "Cancel" },
                    _ => a href="/seller/parts" { "Cancel" },
                }
            }
        }
        script src=(chrome.assets.url("model-picker.js")) defer {}
    };
    layout::page(chrome, &format!("{title} · Seller"), "", body)
}
