//! Turns the rows of a [`Sheet`] into validated part records.
//!
//! [`validate_rows`] takes the rows as they are read and never holds the
//! sheet: rows are validated in batches on two threads while the reader
//! reads on. [`validate`] does the same for a sheet read whole. Either
//! finds the header (or takes the one the uploader chose),
//! skips the rows that hold no part (blank rows, repeated headers, section
//! titles, subtotal and total rows) and counts each kind, parses every mapped
//! cell with the parsers of [`crate::values`], checks the catalog's ranges,
//! and refuses a part number that appears twice, naming both rows.
//!
//! Every [`Problem`] names the sheet, the row as the spreadsheet shows it,
//! the column letter and header, the value found and what was expected. A
//! row with an error is left out of [`Validated::records`] and counted in
//! [`Validated::invalid_rows`]; nothing is dropped without a problem or a
//! skip count saying so.
//!
//! This layer knows nothing of the seller's catalog: whether a part is new
//! (and so needs a name, a price, a manufacturer and a category; see
//! [`PartRecord::missing_for_new`]) and whether its equipment models exist
//! are decided by the caller, which reports them through
//! [`Validated::problem_at`] so they read like every other problem.
//!
//! A minimum order quantity must be a whole number of packs when the row
//! also gives an order multiple: "MOQ 12, Pack Size 5" is an error on the
//! minimum's cell, naming the pack size and the nearest whole numbers of
//! packs, because a buyer could never order exactly the minimum the sheet
//! promises. It is an error rather than a warning so that what the catalog
//! shows is what the seller wrote.
//!
//! Error cells (`#DIV/0!`, `#N/A`) make a row invalid when they sit in a
//! column that is imported; a column that is not imported (an unknown header
//! such as "Margin") does not reject rows it carries no data for.

use std::collections::HashMap;
use std::fmt;

mod packed;
mod stream;

pub use packed::{Iter, Records};
pub use stream::{MAX_RETAINED_BYTES, validate_rows};

use crate::columns::{Field, Mapping, column_letter, find_header_with, map_header};
use crate::sheet::{Row, Sheet};
use crate::values::{
    self, Cell, Currency, ValueError, parse_duration_days, parse_money, parse_part_number,
    parse_percent, parse_text, parse_weight_grams, parse_whole_number,
};

/// Which fields an import applies. A price-only or stock-only file needs
/// just the part number and that column, and no other column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every mapped field: creates new parts and updates existing ones.
    #[default]
    Everything,
    /// Only the unit price (and its currency) of parts already listed.
    PricesOnly,
    /// Only the stock of parts already listed.
    StockOnly,
}

impl Scope {
    /// Whether this scope reads `field`.
    pub fn reads(self, field: Field) -> bool {
        match self {
            Scope::Everything => true,
            Scope::PricesOnly => matches!(
                field,
                Field::PartNumber | Field::UnitPrice | Field::Currency
            ),
            Scope::StockOnly => matches!(field, Field::PartNumber | Field::Stock),
        }
    }

    /// The stored key: `everything`, `prices`, `stock`.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Everything => "everything",
            Scope::PricesOnly => "prices",
            Scope::StockOnly => "stock",
        }
    }

    /// The scope whose [`Scope::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Scope> {
        [Scope::Everything, Scope::PricesOnly, Scope::StockOnly]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// The condition a part is sold in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// Factory new.
    New,
    /// Refurbished or reconditioned.
    Refurbished,
    /// Sold against the return of the faulty unit.
    Exchange,
}

impl Condition {
    /// The stored key: `new`, `refurbished`, `exchange`.
    pub fn key(self) -> &'static str {
        match self {
            Condition::New => "new",
            Condition::Refurbished => "refurbished",
            Condition::Exchange => "exchange",
        }
    }

    /// Reads the words suppliers use: "New", "Brand new", "Refurb",
    /// "Reconditioned", "Exchange unit", "Repair exchange", …
    pub fn parse(text: &str) -> Option<Condition> {
        let key: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match key.as_str() {
            "new" | "brandnew" | "unused" | "oem" | "genuine" | "neworiginal" | "original" => {
                Some(Condition::New)
            }
            "refurbished" | "refurb" | "reconditioned" | "recon" | "renewed" | "remanufactured"
            | "reman" | "overhauled" => Some(Condition::Refurbished),
            "exchange" | "exchangeunit" | "repairexchange" | "rx" | "exch" | "advanceexchange" => {
                Some(Condition::Exchange)
            }
            _ => None,
        }
    }
}

/// The GST rates India uses, in percent.
pub const GST_RATES: [u8; 5] = [0, 5, 12, 18, 28];

/// The longest part name kept, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest description kept, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
/// The longest value of any other text field, in characters.
pub const MAX_SHORT_TEXT_CHARS: usize = 200;
/// The deepest category path kept.
pub const MAX_CATEGORY_DEPTH: usize = 6;
/// The largest order multiple (pack size): a cart line holds at most 999
/// units, so a larger pack could never be ordered.
pub const MAX_ORDER_MULTIPLE: u32 = 999;

/// One valid row of the sheet, as it will be stored. `None` means the file
/// has no such column, or the cell was empty: an update leaves that field
/// as it is, and a new part takes the default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartRecord {
    /// The row as the spreadsheet shows it.
    pub row: u32,
    /// The part number as written (white space folded).
    pub part_number: String,
    /// The part number normalized by the caller's normalizer: the key the
    /// catalog matches rows on.
    pub part_number_norm: String,
    /// The part's name.
    pub name: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// The manufacturer's name, as written.
    pub manufacturer: Option<String>,
    /// The brand, when given.
    pub brand: Option<String>,
    /// The original manufacturer's part number.
    pub oem_part_number: Option<String>,
    /// The category path, normalized: `Imaging > MRI > Coils`.
    pub category: Option<String>,
    /// Equipment models the part fits, as written, without duplicates.
    pub compatible_models: Vec<String>,
    /// The unit price in minor units (paise, cents).
    pub price_minor: Option<i64>,
    /// The price's currency, from the price cell or the currency column;
    /// `None` when neither says, and the caller's default applies.
    pub currency: Option<Currency>,
    /// The GST rate in percent, one of [`GST_RATES`].
    pub gst_rate: Option<u8>,
    /// Units in stock.
    pub stock: Option<i64>,
    /// Minimum order quantity.
    pub moq: Option<i64>,
    /// The pack size: the part is ordered in whole multiples of it, from 1
    /// to [`MAX_ORDER_MULTIPLE`].
    pub order_multiple: Option<u32>,
    /// Days to dispatch.
    pub lead_time_days: Option<u32>,
    /// Warranty in months.
    pub warranty_months: Option<u32>,
    /// New, refurbished or exchange.
    pub condition: Option<Condition>,
    /// Weight of one unit in grams.
    pub weight_grams: Option<u64>,
    /// The HSN code, digits only.
    pub hsn: Option<String>,
    /// A link to a picture, as written.
    pub image_url: Option<String>,
    /// Old part numbers this part replaces.
    pub supersedes: Vec<String>,
}

impl PartRecord {
    /// The fields a new part needs that this record lacks, in field order.
    pub fn missing_for_new(&self) -> Vec<Field> {
        let mut missing = Vec::new();
        if self.name.is_none() {
            missing.push(Field::Name);
        }
        if self.price_minor.is_none() {
            missing.push(Field::UnitPrice);
        }
        if self.manufacturer.is_none() {
            missing.push(Field::Manufacturer);
        }
        if self.category.is_none() {
            missing.push(Field::Category);
        }
        missing
    }
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The row is not imported.
    Error,
    /// The row is imported; the uploader should look.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One thing wrong with the file, located as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The sheet's name.
    pub sheet: String,
    /// The row as the spreadsheet shows it; for a problem with a whole
    /// column, the header row.
    pub row: u32,
    /// The zero-based column, when the problem is in one cell or column.
    pub column: Option<usize>,
    /// The column's header as written.
    pub header: Option<String>,
    /// The value found, as the spreadsheet shows it.
    pub value: Option<String>,
    /// What was expected or what is wrong, such as "expected a price such
    /// as 1,234.50 or ₹1,23,456".
    pub message: String,
    /// Whether the row is refused or only flagged.
    pub severity: Severity,
}

impl Problem {
    /// The column's letter, such as `D`.
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(column_letter)
    }

    /// Where the problem is: `Sheet "Parts", row 14, column D (Unit Price)`.
    pub fn location(&self) -> String {
        let mut out = format!("Sheet \"{}\", row {}", self.sheet, self.row);
        if let Some(column) = self.column {
            out.push_str(", column ");
            out.push_str(&column_letter(column));
            if let Some(header) = self.header.as_deref().filter(|h| !h.is_empty()) {
                out.push_str(" (");
                out.push_str(header);
                out.push(')');
            }
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location())?;
        if let Some(value) = &self.value {
            write!(f, ": found \"{value}\"")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Rows skipped because they hold no part, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Skipped {
    /// Blank rows below the header.
    pub blank: u32,
    /// Copies of the header row, as in sheets printed page by page.
    pub repeated_header: u32,
    /// Rows with one label in them, such as "MRI coils".
    pub section_title: u32,
    /// Subtotal, total and grand-total rows.
    pub total: u32,
}

impl Skipped {
    /// All skipped rows.
    pub fn all(&self) -> u32 {
        self.blank + self.repeated_header + self.section_title + self.total
    }
}

/// What to read and how.
pub struct Options<'a> {
    /// Which fields to read.
    pub scope: Scope,
    /// The seller's saved mapping profile: normalized header → field
    /// (`None`: ignore the column).
    pub profile: &'a [(String, Option<Field>)],
    /// The header row as the spreadsheet shows it, when the uploader chose
    /// it; otherwise it is found.
    pub header_row: Option<u32>,
    /// Column choices made in the preview (zero-based column, field), applied
    /// after the profile.
    pub columns: &'a [(usize, Option<Field>)],
    /// The catalog's part-number normalizer; two numbers with the same
    /// normalized form are the same part. `Sync`: large sheets are read on
    /// two threads.
    pub normalize: &'a (dyn Fn(&str) -> String + Sync),
}

/// The outcome of validating one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// The sheet's name.
    pub sheet: String,
    /// The header row as the spreadsheet shows it; 0 when none was found.
    pub header_row: u32,
    /// What each column holds.
    pub mapping: Mapping,
    /// Problems that stop the whole sheet (no header, no part-number column,
    /// two columns for one field). When any is present, no row is read.
    pub blocking: Vec<Problem>,
    /// The valid rows, in sheet order.
    pub records: Records,
    /// Row problems (errors and warnings), by row then column.
    pub problems: Vec<Problem>,
    /// Rows skipped, by kind.
    pub skipped: Skipped,
    /// Rows with at least one error.
    pub invalid_rows: u32,
    /// Rows below the header, skipped ones included (blank rows up to the
    /// last row with data).
    pub rows_below_header: u32,
    /// The part number of every row that holds a part, valid or not: a part
    /// is "missing from the file" only when [`Validated::saw_part`] says no.
    pub part_numbers_seen: SeenParts,
    /// Rows that hold a part but whose part number could not be read; while
    /// there are any, no part can safely be called missing from the file.
    pub unreadable_part_numbers: u32,
    /// Row problems past the first [`MAX_PROBLEMS`], counted, not kept.
    pub omitted: Omitted,
    /// The first [`SAMPLE_ROWS`] rows below the header as read, skipped ones
    /// included, for a preview of what each column holds.
    pub sample_rows: Vec<Row>,
}

/// The part numbers a sheet holds, kept small: a hash and a row for each,
/// the number itself being in the row's record (or, for invalid rows,
/// here).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeenParts {
    /// (hash of the normalized number, row), sorted.
    hashes: Vec<(u64, u32)>,
    /// The normalized numbers of rows that have no record, by row.
    invalid: HashMap<u32, String>,
}

/// The hash [`SeenParts`] keeps of a normalized part number. Fixed keys:
/// the same in every process.
fn part_hash(norm: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    norm.hash(&mut hasher);
    hasher.finish()
}

/// Problems counted but not kept, by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Omitted {
    /// Errors not kept.
    pub errors: u32,
    /// Warnings not kept.
    pub warnings: u32,
}

impl Omitted {
    /// Keeps `problem` in `kept` while it holds fewer than [`MAX_PROBLEMS`],
    /// else counts it here; whether it was kept. One rule for every list of
    /// problems, so a file with a problem on each of a million rows holds
    /// 100,000 of them, not a million.
    pub fn keep_or_count(&mut self, kept: &mut Vec<Problem>, problem: Problem) -> bool {
        if kept.len() < MAX_PROBLEMS {
            kept.push(problem);
            return true;
        }
        match problem.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        false
    }

    /// Errors and warnings not kept.
    pub fn total(self) -> u32 {
        self.errors + self.warnings
    }
}

impl Validated {
    /// Nothing validated yet, for the sheet named `sheet`.
    pub fn empty(sheet: &str) -> Validated {
        Validated {
            sheet: sheet.to_owned(),
            header_row: 0,
            mapping: map_header(&[]),
            blocking: Vec::new(),
            records: Records::new(),
            problems: Vec::new(),
            skipped: Skipped::default(),
            invalid_rows: 0,
            rows_below_header: 0,
            part_numbers_seen: SeenParts::default(),
            unreadable_part_numbers: 0,
            omitted: Omitted::default(),
            sample_rows: Vec::new(),
        }
    }

    /// Whether a row of the sheet, valid or not, has the part with this
    /// normalized number.
    pub fn saw_part(&self, norm: &str) -> bool {
        let seen = &self.part_numbers_seen;
        let hash = part_hash(norm);
        let start = seen.hashes.partition_point(|&(h, _)| h < hash);
        seen.hashes[start..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .any(|&(_, row)| {
                seen.invalid.get(&row).map(String::as_str) == Some(norm)
                    || self.records.part_number_norm_on_row(row) == Some(norm)
            })
    }

    /// Rows that hold a part, valid or not.
    pub fn data_rows(&self) -> u32 {
        self.records.len() as u32 + self.invalid_rows
    }

    /// A problem located at `row` in the column mapped to `field` (or the
    /// whole row when the file has no such column), for checks the caller
    /// makes, such as unknown equipment models.
    pub fn problem_at(
        &self,
        row: u32,
        field: Field,
        value: Option<String>,
        message: impl Into<String>,
        severity: Severity,
    ) -> Problem {
        let column = self.mapping.column_of(field);
        Problem {
            sheet: self.sheet.clone(),
            row,
            column,
            header: column.map(|c| self.mapping.columns()[c].header.clone()),
            value,
            message: message.into(),
            severity,
        }
    }

    /// Turns valid records into invalid ones: removes the records of `rows`
    /// (after the caller found errors in them) and counts them invalid.
    pub fn reject_rows(&mut self, rows: &[u32]) {
        let rows: std::collections::HashSet<u32> = rows.iter().copied().collect();
        let before = self.records.len();
        self.records.retain_rows(|row| !rows.contains(&row));
        self.invalid_rows += (before - self.records.len()) as u32;
    }

    /// Adds problems found by the caller and keeps the row order.
    pub fn add_problems(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.problems.extend(problems);
        sort_problems(&mut self.problems);
    }
}

fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by_key(|p| (p.row, p.column.unwrap_or(usize::MAX), p.severity));
}

/// How a cell reads as header text.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Error(code) => code.clone(),
        other => parse_text(other).ok().flatten().unwrap_or_default(),
    }
}

/// How a cell reads in a problem's "found" part.
fn shown(cell: &Cell) -> Option<String> {
    let text = match cell {
        Cell::Empty => return None,
        Cell::Text(text) => values::fold_whitespace(text),
        Cell::Error(code) => code.clone(),
        other => cell_text(other),
    };
    // A cell can hold 32 KB; a report needs only its beginning.
    Some(if text.chars().count() > 120 {
        let mut cut: String = text.chars().take(117).collect();
        cut.push('…');
        cut
    } else {
        text
    })
}

fn row_texts(row: &Row) -> Vec<String> {
    row.cells.iter().map(cell_text).collect()
}

/// The number of rows [`validate`] looks at for the header.
const HEADER_ROWS: usize = crate::columns::HEADER_SEARCH_ROWS;

/// Finds the header row of a sheet: its index into `sheet.rows` and its
/// mapping, with the profile applied. Returns `None` when no row of the first
/// 30 names a part-number column and another known field.
pub fn locate_header(
    sheet: &Sheet,
    profile: &[(String, Option<Field>)],
) -> Option<(usize, Mapping)> {
    let head: Vec<Vec<String>> = sheet.rows.iter().take(HEADER_ROWS).map(row_texts).collect();
    find_header_with(&head, profile)
}

/// Validates one sheet that was read whole. See the module documentation
/// and [`validate_rows`], which this calls; a sheet whose records would
/// take more than [`MAX_RETAINED_BYTES`] gets a blocking problem saying so.
pub fn validate(sheet: &Sheet, options: &Options<'_>) -> Validated {
    validate_rows(&sheet.name, sheet.rows.iter().cloned().map(Ok), options).unwrap_or_else(
        |error| {
            let mut out = Validated::empty(&sheet.name);
            out.blocking.push(Problem {
                sheet: sheet.name.clone(),
                row: 1,
                column: None,
                header: None,
                value: None,
                message: error.to_string(),
                severity: Severity::Error,
            });
            out
        },
    )
}

/// The rows below the header [`Validated::sample_rows`] keeps.
pub const SAMPLE_ROWS: usize = 100;

/// The most row problems [`Validated::problems`] keeps; the rest are
/// counted in [`Validated::omitted`]. A file where every cell is wrong would
/// otherwise hold a problem per cell in memory.
pub const MAX_PROBLEMS: usize = 100_000;

/// A data row's part number for [`SeenParts`]: its hash, the row, and for
/// an invalid row (which has no record) the normalized number and the
/// number as shown.
type SeenRow = (u64, u32, Option<(String, Option<String>)>);

/// What one run of rows gave.
#[derive(Default)]
struct Chunk {
    skipped: Skipped,
    problems: Vec<Problem>,
    records: Records,
    invalid_rows: u32,
    unreadable: u32,
    /// (hash of the normalized part number, row, and when the row is
    /// invalid the normalized number and the number as shown) of every data
    /// row whose number reads; a valid row's are in its record.
    part_numbers: Vec<SeenRow>,
    unlabelled_data: HashMap<usize, u32>,
}

/// Classifies and reads a run of rows; `previous` is the number of the row
/// just above the run, to count the blank rows between.
fn read_rows(
    rows: &[Row],
    mut previous: u32,
    reader: &RowReader<'_>,
    header_keys: &[(usize, String)],
    mapping: &Mapping,
) -> Chunk {
    let mut out = Chunk::default();
    for row in rows {
        out.skipped.blank += row.number.saturating_sub(previous + 1);
        previous = row.number;
        match classify(row, header_keys, mapping) {
            Kind::Blank => out.skipped.blank += 1,
            Kind::RepeatedHeader => out.skipped.repeated_header += 1,
            Kind::SectionTitle => out.skipped.section_title += 1,
            Kind::Total => out.skipped.total += 1,
            Kind::Data => {
                for (index, cell) in row.cells.iter().enumerate() {
                    let unlabelled = mapping
                        .columns()
                        .get(index)
                        .is_none_or(|c| c.header.is_empty() && c.field.is_none());
                    if unlabelled && shown(cell).is_some_and(|v| !values::is_placeholder(&v)) {
                        *out.unlabelled_data.entry(index).or_default() += 1;
                    }
                }
                let (record, problems) = reader.read(row);
                let invalid = problems.iter().any(|p| p.severity == Severity::Error);
                out.problems.extend(problems);
                match &record {
                    Some(r) => out.part_numbers.push((
                        part_hash(&r.part_number_norm),
                        row.number,
                        invalid.then(|| {
                            let shown = mapping
                                .column_of(Field::PartNumber)
                                .and_then(|c| row.cells.get(c))
                                .and_then(shown);
                            (r.part_number_norm.clone(), shown)
                        }),
                    )),
                    None => out.unreadable += 1,
                }
                match record {
                    Some(record) if !invalid => out.records.push(&record),
                    _ => out.invalid_rows += 1,
                }
            }
        }
    }
    out
}

/// Sheet-level mapping checks: a part-number column, the column the scope
/// needs, and no field named by two columns.
fn check_mapping(out: &mut Validated, scope: Scope) {
    let block = |message: String, column: Option<usize>, out: &Validated| Problem {
        sheet: out.sheet.clone(),
        row: out.header_row,
        column,
        header: column.map(|c| out.mapping.columns()[c].header.clone()),
        value: None,
        message,
        severity: Severity::Error,
    };
    let mut blocking = Vec::new();
    let needed: &[Field] = match scope {
        Scope::Everything => &[Field::PartNumber],
        Scope::PricesOnly => &[Field::PartNumber, Field::UnitPrice],
        Scope::StockOnly => &[Field::PartNumber, Field::Stock],
    };
    for &field in needed {
        if out.mapping.column_of(field).is_none() {
            blocking.push(block(
                format!("no column is mapped to {field}; choose one in the column mapping"),
                None,
                out,
            ));
        }
    }
    for duplicate in out.mapping.duplicates() {
        let columns: Vec<String> = duplicate
            .columns
            .iter()
            .map(|&c| format!("{} ({})", column_letter(c), out.mapping.columns()[c].header))
            .collect();
        blocking.push(block(
            format!(
                "{} is named by {} columns, {}; map one of them and ignore the others",
                duplicate.field,
                columns.len(),
                columns.join(" and ")
            ),
            duplicate.columns.first().copied(),
            out,
        ));
    }
    out.blocking = blocking;
    // Unknown headers are imported by nothing: say so once, at the header.
    let ignored: Vec<Problem> = out
        .mapping
        .unknown()
        .map(|c| Problem {
            sheet: out.sheet.clone(),
            row: out.header_row,
            column: Some(c.index),
            header: Some(c.header.clone()),
            value: None,
            message: "this column is not imported: no catalog field matches its header; map it \
                      to a field in the preview to import it"
                .to_owned(),
            severity: Severity::Warning,
        })
        .collect();
    out.problems.extend(ignored);
    if scope == Scope::Everything
        && out.mapping.column_of(Field::Name).is_none()
        && let Some(column) = out.mapping.column_of(Field::Description)
    {
        out.problems.push(Problem {
            sheet: out.sheet.clone(),
            row: out.header_row,
            column: Some(column),
            header: Some(out.mapping.columns()[column].header.clone()),
            value: None,
            message: "there is no Name column, so this column is used as the part name".to_owned(),
            severity: Severity::Warning,
        });
    }
    if out.mapping.column_of(Field::ImageUrl).is_some() && scope == Scope::Everything {
        let column = out.mapping.column_of(Field::ImageUrl);
        out.problems.push(Problem {
            sheet: out.sheet.clone(),
            row: out.header_row,
            column,
            header: column.map(|c| out.mapping.columns()[c].header.clone()),
            value: None,
            message: "image links are not downloaded; upload pictures on each part's page"
                .to_owned(),
            severity: Severity::Warning,
        });
    }
}

fn report_unmapped(out: &mut Validated, unlabelled: &HashMap<usize, u32>) {
    let mut columns: Vec<(&usize, &u32)> = unlabelled.iter().collect();
    columns.sort();
    for (&column, &rows) in columns {
        out.problems.push(Problem {
            sheet: out.sheet.clone(),
            row: out.header_row,
            column: Some(column),
            header: None,
            value: None,
            message: format!(
                "this column has no header but holds values in {rows} row{}; they are not \
                 imported unless you map the column",
                if rows == 1 { "" } else { "s" }
            ),
            severity: Severity::Warning,
        });
    }
}

enum Kind {
    Blank,
    RepeatedHeader,
    SectionTitle,
    Total,
    Data,
}

fn classify(row: &Row, header_keys: &[(usize, String)], mapping: &Mapping) -> Kind {
    let filled: Vec<(usize, &Cell)> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| match cell {
            Cell::Empty => false,
            Cell::Text(text) => !values::is_placeholder(text),
            _ => true,
        })
        .collect();
    if filled.is_empty() {
        return Kind::Blank;
    }
    // A copy of the header: most of its named columns say the same again.
    if header_keys.len() >= 2 && filled.len() >= 2 {
        // Compared without allocating, and given up as soon as too many
        // differ: this runs on every row.
        let mut differ = 0;
        let same = header_keys.iter().all(|(index, key)| {
            let equal = matches!(row.cells.get(*index), Some(Cell::Text(t))
                if t.len() < 200 && folds_to(t, key));
            differ += usize::from(!equal);
            differ * 2 <= header_keys.len()
        });
        if same {
            return Kind::RepeatedHeader;
        }
    }
    let pn_column = mapping.column_of(Field::PartNumber);
    let pn_empty = pn_column.is_none_or(|c| !filled.iter().any(|(i, _)| *i == c));
    // A total row: its first label starts with "total", "subtotal", "grand
    // total"; the part number cell is empty or holds that label.
    if let Some((index, Cell::Text(text))) = filled.first()
        && is_total_label(text)
        && (pn_empty || pn_column == Some(*index))
    {
        return Kind::Total;
    }
    // A section title: one label and nothing else. In the part-number column
    // it must hold no digit, or it would be a part with its data missing.
    if let [(index, Cell::Text(text))] = filled.as_slice()
        && (pn_column != Some(*index) || !text.chars().any(|c| c.is_ascii_digit()))
    {
        return Kind::SectionTitle;
    }
    Kind::Data
}

/// Whether `text`, with white space folded and lowercased, is `key` (which
/// is folded and lowercased).
fn folds_to(text: &str, key: &str) -> bool {
    let words = text.split(values::is_space).filter(|w| !w.is_empty());
    let mut folded = words
        .flat_map(|w| std::iter::once(None).chain(w.chars().flat_map(char::to_lowercase).map(Some)))
        .skip(1)
        .map(|c| c.unwrap_or(' '));
    let mut key = key.chars();
    loop {
        match (folded.next(), key.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

fn is_total_label(text: &str) -> bool {
    let lower = values::fold_whitespace(text).to_lowercase();
    let word = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    [
        "total",
        "subtotal",
        "sub total",
        "sub-total",
        "grand total",
        "net total",
    ]
    .iter()
    .any(|label| {
        word.strip_prefix(label)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// Reads one data row into a record, given the mapping.
struct RowReader<'a> {
    columns: Vec<(Field, usize, &'a str)>,
    /// No Name column but a Description one: many price lists name their
    /// parts under "Description", so it becomes the name.
    name_from_description: bool,
    normalize: &'a (dyn Fn(&str) -> String + Sync),
    sheet: &'a str,
}

impl<'a> RowReader<'a> {
    fn new(mapping: &'a Mapping, options: &Options<'a>, sheet: &'a str) -> RowReader<'a> {
        let columns = mapping
            .columns()
            .iter()
            .filter_map(|c| c.field.map(|f| (f, c.index, c.header.as_str())))
            .filter(|(field, _, _)| options.scope.reads(*field))
            .collect();
        let name_from_description = options.scope == Scope::Everything
            && mapping.column_of(Field::Name).is_none()
            && mapping.column_of(Field::Description).is_some();
        RowReader {
            columns,
            name_from_description,
            normalize: options.normalize,
            sheet,
        }
    }

    /// The header of the imported column at `column`.
    fn header_of(&self, column: usize) -> Option<String> {
        self.columns
            .iter()
            .find(|(_, i, _)| *i == column)
            .map(|(_, _, h)| (*h).to_owned())
    }

    fn read(&self, row: &Row) -> (Option<PartRecord>, Vec<Problem>) {
        let mut record = PartRecord {
            row: row.number,
            ..PartRecord::default()
        };
        let mut problems = Vec::new();
        let mut price_currency: Option<(Currency, usize)> = None;
        let mut column_currency: Option<(Currency, usize)> = None;
        let mut gst: Option<(u8, usize)> = None;
        let mut part_number_ok = false;
        for &(field, index, header) in &self.columns {
            let cell = row.cells.get(index).unwrap_or(&Cell::Empty);
            let mut fail = |message: String| {
                problems.push(Problem {
                    sheet: self.sheet.to_owned(),
                    row: row.number,
                    column: Some(index),
                    header: Some(header.to_owned()),
                    value: shown(cell),
                    message,
                    severity: Severity::Error,
                });
            };
            let result: Result<(), String> = (|| {
                match field {
                    Field::PartNumber => {
                        let Some(number) = parse_part_number(cell, None).map_err(msg)? else {
                            return Err("a part number is required on every row".to_owned());
                        };
                        let norm = (self.normalize)(&number);
                        if norm.is_empty() {
                            return Err("expected a part number with letters or digits".to_owned());
                        }
                        if number.chars().count() > MAX_SHORT_TEXT_CHARS {
                            return Err(too_long(MAX_SHORT_TEXT_CHARS));
                        }
                        record.part_number = number;
                        record.part_number_norm = norm;
                        part_number_ok = true;
                    }
                    Field::Name => record.name = text(cell, MAX_NAME_CHARS)?,
                    Field::Description => {
                        let limit = if self.name_from_description {
                            MAX_NAME_CHARS
                        } else {
                            MAX_DESCRIPTION_CHARS
                        };
                        record.description = text(cell, limit)?;
                    }
                    Field::Manufacturer => {
                        record.manufacturer = text(cell, MAX_SHORT_TEXT_CHARS)?;
                    }
                    Field::Brand => record.brand = text(cell, MAX_SHORT_TEXT_CHARS)?,
                    Field::OemPartNumber => {
                        record.oem_part_number = parse_part_number(cell, None).map_err(msg)?;
                    }
                    Field::Category => {
                        record.category = match text(cell, MAX_SHORT_TEXT_CHARS)? {
                            None => None,
                            Some(raw) => Some(normalize_category(&raw).ok_or_else(|| {
                                format!(
                                    "expected a category path such as \"Imaging > MRI > Coils\" \
                                     (at most {MAX_CATEGORY_DEPTH} levels)"
                                )
                            })?),
                        };
                    }
                    Field::CompatibleModels => {
                        record.compatible_models =
                            split_list(text(cell, MAX_DESCRIPTION_CHARS)?.as_deref());
                    }
                    Field::Supersedes => {
                        record.supersedes =
                            split_list(text(cell, MAX_DESCRIPTION_CHARS)?.as_deref());
                    }
                    Field::UnitPrice => {
                        if let Some(money) = parse_money(cell).map_err(msg)? {
                            if money.minor < 0 {
                                return Err("expected a price of 0 or more".to_owned());
                            }
                            record.price_minor = Some(money.minor);
                            price_currency = money.currency.map(|c| (c, index));
                        }
                    }
                    Field::Currency => {
                        if let Some(code) = text(cell, MAX_SHORT_TEXT_CHARS)? {
                            let currency = parse_currency(&code)
                                .ok_or_else(|| "expected INR, USD or EUR".to_owned())?;
                            column_currency = Some((currency, index));
                        }
                    }
                    Field::GstRate => {
                        if let Some(rate) = parse_gst(cell)? {
                            gst = Some((rate, index));
                            record.gst_rate = Some(rate);
                        }
                    }
                    Field::Stock => {
                        record.stock = whole(cell, 0, "expected a stock of 0 or more")?;
                    }
                    Field::Moq => {
                        record.moq =
                            whole(cell, 1, "expected a minimum order quantity of 1 or more")?;
                    }
                    Field::OrderMultiple => {
                        record.order_multiple = match whole(
                            cell,
                            1,
                            "expected an order multiple (pack size) of 1 or more",
                        )? {
                            None => None,
                            Some(n) => Some(
                                u32::try_from(n)
                                    .ok()
                                    .filter(|n| *n <= MAX_ORDER_MULTIPLE)
                                    .ok_or_else(|| {
                                        format!(
                                            "expected an order multiple (pack size) of at most \
                                             {MAX_ORDER_MULTIPLE}, the most units one order \
                                             line holds"
                                        )
                                    })?,
                            ),
                        };
                    }
                    Field::LeadTime => {
                        record.lead_time_days = parse_duration_days(cell).map_err(msg)?;
                    }
                    Field::WarrantyMonths => record.warranty_months = parse_warranty(cell)?,
                    Field::Condition => {
                        if let Some(word) = text(cell, MAX_SHORT_TEXT_CHARS)? {
                            record.condition = Some(Condition::parse(&word).ok_or_else(|| {
                                "expected new, refurbished or exchange".to_owned()
                            })?);
                        }
                    }
                    Field::WeightKg => {
                        record.weight_grams = parse_weight_grams(cell).map_err(msg)?
                    }
                    Field::Hsn => record.hsn = parse_hsn(cell)?,
                    Field::ImageUrl => record.image_url = text(cell, MAX_DESCRIPTION_CHARS)?,
                }
                Ok(())
            })();
            if let Err(message) = result {
                fail(message);
            }
        }
        // The currency: the price cell's symbol and the currency column must
        // agree; either may be missing.
        record.currency = match (price_currency, column_currency) {
            (Some((a, _)), Some((b, column))) if a != b => {
                let header = self.header_of(column);
                problems.push(Problem {
                    sheet: self.sheet.to_owned(),
                    row: row.number,
                    column: Some(column),
                    header,
                    value: Some(b.code().to_owned()),
                    message: format!(
                        "the price is written in {} but this says {}",
                        a.code(),
                        b.code()
                    ),
                    severity: Severity::Error,
                });
                None
            }
            (a, b) => a.or(b).map(|(c, _)| c),
        };
        if let (Some((rate, column)), Some(currency)) = (gst, record.currency)
            && currency != Currency::Inr
            && rate != 0
        {
            let header = self.header_of(column);
            problems.push(Problem {
                sheet: self.sheet.to_owned(),
                row: row.number,
                column: Some(column),
                header,
                value: Some(format!("{rate}%")),
                severity: Severity::Warning,
                message: format!(
                    "GST applies to prices in INR; this price is in {}, so the rate is kept for \
                         Indian buyers only",
                    currency.code()
                ),
            });
        }
        if let (Some(moq), Some(multiple)) = (record.moq, record.order_multiple.map(i64::from))
            && moq % multiple != 0
            && let Some(&(_, column, header)) =
                self.columns.iter().find(|(f, _, _)| *f == Field::Moq)
        {
            let below = moq / multiple * multiple;
            let nearest = if below > 0 {
                format!("{below} or {}", below + multiple)
            } else {
                multiple.to_string()
            };
            problems.push(Problem {
                sheet: self.sheet.to_owned(),
                row: row.number,
                column: Some(column),
                header: Some(header.to_owned()),
                value: row.cells.get(column).and_then(shown),
                message: format!(
                    "minimum order {moq} is not a multiple of the pack size {multiple}; expected \
                     a whole number of packs, such as {nearest}"
                ),
                severity: Severity::Error,
            });
        }
        if self.name_from_description {
            record.name = record.description.take();
        }
        (part_number_ok.then_some(record), problems)
    }
}

fn msg(error: ValueError) -> String {
    error.to_string()
}

fn too_long(limit: usize) -> String {
    format!("expected at most {limit} characters")
}

fn text(cell: &Cell, limit: usize) -> Result<Option<String>, String> {
    let value = parse_text(cell).map_err(msg)?;
    match value {
        Some(v) if v.chars().count() > limit => Err(too_long(limit)),
        other => Ok(other),
    }
}

fn whole(cell: &Cell, min: i64, below: &str) -> Result<Option<i64>, String> {
    match parse_whole_number(cell).map_err(msg)? {
        Some(n) if n < min => Err(below.to_owned()),
        other => Ok(other),
    }
}

/// Reads a currency code or symbol.
pub fn parse_currency(text: &str) -> Option<Currency> {
    let key: String = text
        .trim()
        .trim_end_matches('.')
        .to_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match key.as_str() {
        "INR" | "₹" | "RS" | "RUPEES" | "RUPEE" => Some(Currency::Inr),
        "USD" | "$" | "US$" | "DOLLAR" | "DOLLARS" => Some(Currency::Usd),
        "EUR" | "€" | "EURO" | "EUROS" => Some(Currency::Eur),
        _ => None,
    }
}

fn gst_expected() -> String {
    "expected a GST rate of 0, 5, 12, 18 or 28%".to_owned()
}

fn parse_gst(cell: &Cell) -> Result<Option<u8>, String> {
    let value = match parse_percent(cell, false) {
        Ok(v) => v,
        // A cell formatted as a percentage stores 18% as 0.18; a GST rate
        // below 1% does not exist, so the fraction is read as a percentage.
        Err(ValueError::Invalid { .. }) if matches!(cell, Cell::Number(n) if *n > 0.0 && *n <= 1.0) =>
        {
            let Cell::Number(n) = cell else {
                return Err(gst_expected());
            };
            let percent = (n * 100.0).round();
            if (n * 100.0 - percent).abs() > 1e-6 {
                return Err(gst_expected());
            }
            Some(rust_decimal::Decimal::from(percent as i64))
        }
        Err(e) => return Err(msg(e)),
    };
    let Some(value) = value else {
        return Ok(None);
    };
    GST_RATES
        .iter()
        .find(|&&r| rust_decimal::Decimal::from(r) == value)
        .map(|&r| Some(r))
        .ok_or_else(gst_expected)
}

fn warranty_expected() -> String {
    "expected a warranty such as 12, 12 months or 1 year".to_owned()
}

/// A warranty in months: `12`, `12 months`, `18 mo`, `1 year`, `2 yrs`,
/// `none` (0). A number cell is months.
fn parse_warranty(cell: &Cell) -> Result<Option<u32>, String> {
    let text = match cell {
        Cell::Text(text) => values::fold_whitespace(text).to_lowercase(),
        Cell::Empty => return Ok(None),
        other => {
            return match parse_whole_number(other) {
                Ok(Some(n)) if (0..=600).contains(&n) => Ok(Some(n as u32)),
                Ok(None) => Ok(None),
                Ok(Some(_)) => Err(warranty_expected()),
                Err(e) => Err(msg(e)),
            };
        }
    };
    if values::is_placeholder(&text) || text == "no warranty" || text == "nil warranty" {
        return Ok(if text.is_empty() { None } else { Some(0) });
    }
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let number: f64 = number.parse().map_err(|_| warranty_expected())?;
    let unit = unit.trim();
    let months = match unit {
        "" | "m" | "mo" | "mos" | "month" | "months" | "mth" | "mths" => number,
        "y" | "yr" | "yrs" | "year" | "years" => number * 12.0,
        _ => return Err(warranty_expected()),
    };
    if months.fract() != 0.0 || !(0.0..=600.0).contains(&months) {
        return Err(warranty_expected());
    }
    Ok(Some(months as u32))
}

/// An HSN code: 4, 6 or 8 digits (a number cell is read as its digits).
fn parse_hsn(cell: &Cell) -> Result<Option<String>, String> {
    let Some(text) = parse_text(cell).map_err(msg)? else {
        return Ok(None);
    };
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if digits.chars().all(|c| c.is_ascii_digit()) && matches!(digits.len(), 4 | 6 | 8) {
        Ok(Some(digits))
    } else {
        Err("expected an HSN code of 4, 6 or 8 digits such as 9018 or 90189099".to_owned())
    }
}

/// Splits a list cell ("Signa HDxt; Signa Explorer, Optima MR450w") on
/// semicolons, commas, pipes and line breaks, dropping blanks and
/// duplicates (case-insensitive), keeping the first spelling.
pub fn split_list(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for item in text.split([';', ',', '|', '\n', '\r']) {
        let item = values::fold_whitespace(item);
        if item.is_empty() || values::is_placeholder(&item) {
            continue;
        }
        if !out.iter().any(|seen| seen.eq_ignore_ascii_case(&item)) {
            out.push(item);
        }
    }
    out
}

/// Normalizes a category path: the levels may be separated by `>`, `»`,
/// `›`, `|` or `\`; each level is trimmed with white space folded, empty
/// levels are dropped, and a level written all in lower case gets a capital
/// first letter (`imaging>mri >coils` → `Imaging > Mri > Coils`; `CT` and
/// `X-ray` stay as written). `None` when nothing is left or the path is
/// deeper than [`MAX_CATEGORY_DEPTH`].
pub fn normalize_category(raw: &str) -> Option<String> {
    let levels: Vec<String> = raw
        .split(['>', '»', '›', '|', '\\'])
        .map(values::fold_whitespace)
        .filter(|level| !level.is_empty())
        .map(|level| {
            if level.chars().any(char::is_uppercase) {
                level
            } else {
                let mut chars = level.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    (!levels.is_empty() && levels.len() <= MAX_CATEGORY_DEPTH).then(|| levels.join(" > "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_owned())
        }
    }

    fn sheet(rows: &[(u32, &[&str])]) -> Sheet {
        Sheet {
            name: "Parts".to_owned(),
            rows: rows
                .iter()
                .map(|(number, cells)| Row {
                    number: *number,
                    cells: cells.iter().map(|c| text(c)).collect(),
                })
                .collect(),
        }
    }

    fn run(sheet: &Sheet, scope: Scope) -> Validated {
        validate(
            sheet,
            &Options {
                scope,
                profile: &[],
                header_row: None,
                columns: &[],
                normalize: &norm,
            },
        )
    }

    const HEADER: &[&str] = &["Part No.", "Name", "Unit Price (INR)", "Stock", "GST %"];

    #[test]
    fn title_rows_above_the_header_are_passed_and_rows_are_numbered_as_shown() {
        let s = sheet(&[
            (1, &["ACME Medical price list 2026"]),
            (2, &["Valid from 1 April"]),
            (4, HEADER),
            (5, &["AB-123", "Coil cable", "₹1,23,456.00", "4", "18%"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.header_row, 4);
        assert!(v.blocking.is_empty());
        assert_eq!(v.records.len(), 1);
        let r = &v.records.get(0).unwrap();
        assert_eq!(r.row, 5);
        assert_eq!(r.part_number, "AB-123");
        assert_eq!(r.part_number_norm, "ab123");
        assert_eq!(r.price_minor, Some(12_345_600));
        assert_eq!(r.currency, Some(Currency::Inr));
        assert_eq!(r.stock, Some(4));
        assert_eq!(r.gst_rate, Some(18));
        assert_eq!(r.name.as_deref(), Some("Coil cable"));
        assert_eq!(r.description, None);
    }

    #[test]
    fn header_text_is_compared_folded_and_lowercased() {
        assert!(folds_to("  Part   No. ", "part no."));
        assert!(folds_to("UNIT PRICE", "unit price"));
        assert!(!folds_to("Unit Price (INR)", "unit price"));
        assert!(!folds_to("Unit", "unit price"));
        assert!(folds_to("", ""));
    }

    #[test]
    fn skipped_rows_are_counted_by_kind() {
        let s = sheet(&[
            (1, HEADER),
            (2, &["MRI coils"]),
            (3, &["AB-1", "Coil", "100", "1", "18"]),
            (5, &["", "", "", "", ""]),
            (6, &["AB-2", "Coil 2", "200", "2", "18"]),
            (7, &["Subtotal", "", "300", "3", ""]),
            (8, HEADER),
            (9, &["AB-3", "Coil 3", "300", "0", "12"]),
            (10, &["", "Grand Total", "600", "", ""]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.records.len(), 3, "{:?}", v.problems);
        assert_eq!(
            v.skipped,
            Skipped {
                blank: 2,
                repeated_header: 1,
                section_title: 1,
                total: 2
            }
        );
        assert_eq!(v.invalid_rows, 0);
        assert_eq!(v.rows_below_header, 9);
    }

    #[test]
    fn each_problem_names_sheet_row_column_header_value_and_expectation() {
        let s = sheet(&[(3, HEADER), (4, &["AB-1", "Coil", "abc", "-2", "19%"])]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.invalid_rows, 1);
        assert!(v.records.is_empty());
        let shown: Vec<String> = v.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "Sheet \"Parts\", row 4, column C (Unit Price (INR)): found \"abc\": expected a price such as 1,234.50 or ₹1,23,456",
                "Sheet \"Parts\", row 4, column D (Stock): found \"-2\": expected a stock of 0 or more",
                "Sheet \"Parts\", row 4, column E (GST %): found \"19%\": expected a GST rate of 0, 5, 12, 18 or 28%",
            ]
        );
    }

    #[test]
    fn error_cells_make_the_row_invalid() {
        let mut s = sheet(&[(1, HEADER), (2, &["AB-1", "Coil", "", "1", "18"])]);
        s.rows[1].cells[2] = Cell::Error("#DIV/0!".to_owned());
        let v = run(&s, Scope::Everything);
        assert_eq!(v.invalid_rows, 1);
        assert_eq!(v.problems[0].value.as_deref(), Some("#DIV/0!"));
        assert!(
            v.problems[0].message.contains("#DIV/0!"),
            "{}",
            v.problems[0]
        );
    }

    #[test]
    fn a_part_number_twice_is_an_error_naming_both_rows() {
        let s = sheet(&[
            (1, HEADER),
            (2, &["AB-123/4", "Coil", "1", "1", "18"]),
            (3, &["XY-9", "Other", "1", "1", "18"]),
            (4, &["ab 1234", "Coil again", "2", "1", "18"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.records.len(), 1);
        assert_eq!(v.records.get(0).unwrap().part_number, "XY-9");
        assert_eq!(v.invalid_rows, 2);
        let messages: Vec<(u32, &str)> = v
            .problems
            .iter()
            .map(|p| (p.row, p.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    2,
                    "the same part number is also on row 4; keep one row per part"
                ),
                (
                    4,
                    "the same part number is also on row 2; keep one row per part"
                ),
            ]
        );
    }

    #[test]
    fn two_columns_for_one_field_block_the_sheet_until_mapped() {
        let s = sheet(&[
            (1, &["Part No", "Price", "MRP", "Stock"]),
            (2, &["AB-1", "10", "12", "1"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.blocking.len(), 1);
        assert!(
            v.blocking[0]
                .message
                .contains("Unit price is named by 2 columns, B (Price) and C (MRP)"),
            "{}",
            v.blocking[0]
        );
        let v = validate(
            &s,
            &Options {
                scope: Scope::Everything,
                profile: &[],
                header_row: None,
                columns: &[(2, None)],
                normalize: &norm,
            },
        );
        assert!(v.blocking.is_empty());
        assert_eq!(v.records.get(0).unwrap().price_minor, Some(1000));
    }

    #[test]
    fn a_profile_maps_headers_the_synonyms_do_not_know() {
        let s = sheet(&[
            (1, &["Kode Barang", "Harga", "Qty on shelf"]),
            (2, &["AB-1", "10", "1"]),
        ]);
        assert!(
            run(&s, Scope::Everything).blocking[0]
                .message
                .contains("no header row")
        );
        let profile = vec![
            ("kodebarang".to_owned(), Some(Field::PartNumber)),
            ("harga".to_owned(), Some(Field::UnitPrice)),
            ("qtyonshelf".to_owned(), Some(Field::Stock)),
        ];
        let v = validate(
            &s,
            &Options {
                scope: Scope::Everything,
                profile: &profile,
                header_row: None,
                columns: &[],
                normalize: &norm,
            },
        );
        assert!(v.blocking.is_empty(), "{:?}", v.blocking);
        assert_eq!(v.records.get(0).unwrap().stock, Some(1));
    }

    #[test]
    fn unknown_and_unlabelled_columns_are_reported_not_dropped() {
        let s = sheet(&[
            (1, &["Part No", "Price", "Colour", ""]),
            (2, &["AB-1", "10", "blue", "note"]),
            (3, &["AB-2", "10", "red", ""]),
        ]);
        let v = run(&s, Scope::Everything);
        let warnings: Vec<String> = v
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .map(ToString::to_string)
            .collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("column C (Colour)"));
        assert!(warnings[1].contains("column D") && warnings[1].contains("1 row"));
    }

    #[test]
    fn price_only_scope_reads_only_the_price() {
        let s = sheet(&[(1, HEADER), (2, &["AB-1", "", "$53.00 ", "lots", "99"])]);
        let v = run(&s, Scope::PricesOnly);
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!(v.records.get(0).unwrap().price_minor, Some(5300));
        assert_eq!(v.records.get(0).unwrap().currency, Some(Currency::Usd));
        assert_eq!(v.records.get(0).unwrap().stock, None);
        let v = run(
            &sheet(&[(1, &["Part No", "Name"]), (2, &["A", "B"])]),
            Scope::StockOnly,
        );
        assert!(
            v.blocking[0]
                .message
                .contains("no column is mapped to Stock")
        );
    }

    #[test]
    fn currency_column_and_price_symbol_must_agree() {
        let s = sheet(&[
            (1, &["Part No", "Price", "Currency"]),
            (2, &["AB-1", "$10", "INR"]),
            (3, &["AB-2", "10", "eur"]),
            (4, &["AB-3", "10", "yen"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.records.len(), 1);
        assert_eq!(v.records.get(0).unwrap().currency, Some(Currency::Eur));
        assert_eq!(v.invalid_rows, 2);
        assert!(
            v.problems[0]
                .message
                .contains("written in USD but this says INR")
        );
        assert_eq!(v.problems[1].message, "expected INR, USD or EUR");
    }

    #[test]
    fn gst_as_a_percent_formatted_fraction_is_read_as_percent() {
        assert_eq!(parse_gst(&Cell::Number(0.18)), Ok(Some(18)));
        assert_eq!(parse_gst(&Cell::Number(28.0)), Ok(Some(28)));
        assert_eq!(parse_gst(&Cell::Text("5 %".into())), Ok(Some(5)));
        assert!(parse_gst(&Cell::Number(0.19)).is_err());
        assert!(parse_gst(&Cell::Number(15.0)).is_err());
    }

    #[test]
    fn warranty_condition_hsn_and_lists() {
        assert_eq!(parse_warranty(&text("1 year")), Ok(Some(12)));
        assert_eq!(parse_warranty(&text("18 months")), Ok(Some(18)));
        assert_eq!(parse_warranty(&text("2 Yrs")), Ok(Some(24)));
        assert_eq!(parse_warranty(&Cell::Number(6.0)), Ok(Some(6)));
        assert_eq!(parse_warranty(&text("N/A")), Ok(Some(0)));
        assert_eq!(parse_warranty(&text("no warranty")), Ok(Some(0)));
        assert!(parse_warranty(&text("lifetime")).is_err());
        assert_eq!(Condition::parse("Refurb."), Some(Condition::Refurbished));
        assert_eq!(
            Condition::parse("Repair Exchange"),
            Some(Condition::Exchange)
        );
        assert_eq!(Condition::parse("used"), None);
        assert_eq!(
            parse_hsn(&Cell::Number(90189099.0)),
            Ok(Some("90189099".into()))
        );
        assert_eq!(parse_hsn(&text("9018 90")), Ok(Some("901890".into())));
        assert!(parse_hsn(&text("90A8")).is_err());
        assert_eq!(
            split_list(Some(
                "Signa HDxt; signa hdxt,Optima MR450w | N/A\nAchieva 1.5T"
            )),
            ["Signa HDxt", "Optima MR450w", "Achieva 1.5T"]
        );
    }

    #[test]
    fn categories_are_normalized() {
        assert_eq!(
            normalize_category(" imaging>MRI >  coils "),
            Some("Imaging > MRI > Coils".into())
        );
        assert_eq!(
            normalize_category("CT » X-ray tubes"),
            Some("CT > X-ray tubes".into())
        );
        assert_eq!(normalize_category(" > > "), None);
        assert_eq!(normalize_category("a>b>c>d>e>f>g"), None);
    }

    #[test]
    fn a_new_part_lists_what_it_lacks() {
        let record = PartRecord {
            name: Some("Coil".into()),
            ..PartRecord::default()
        };
        assert_eq!(
            record.missing_for_new(),
            [Field::UnitPrice, Field::Manufacturer, Field::Category]
        );
    }

    #[test]
    fn without_a_name_column_the_description_is_the_name_and_says_so() {
        let s = sheet(&[
            (1, &["Item Code", "Description", "Rate"]),
            (2, &["AB-1", "Coil cable", "10"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(
            v.records.get(0).unwrap().name.as_deref(),
            Some("Coil cable")
        );
        assert_eq!(v.records.get(0).unwrap().description, None);
        assert_eq!(
            v.problems[0].to_string(),
            "Sheet \"Parts\", row 1, column B (Description): there is no Name column, so this column is used as the part name"
        );
    }

    #[test]
    fn large_sheets_read_on_two_threads_count_and_compare_across_the_halves() {
        let n = 20_101;
        let mut rows: Vec<(u32, Vec<String>)> =
            vec![(1, HEADER.iter().map(|h| (*h).to_owned()).collect())];
        for i in 0..n {
            // Every 1000th row number is skipped: a blank line.
            let number = i + 2 + i / 1000;
            let pn = if i == n - 1 {
                "P-0".to_owned()
            } else {
                format!("P-{i}")
            };
            rows.push((
                number,
                vec![
                    pn,
                    format!("Part {i}"),
                    "10".into(),
                    "1".into(),
                    "18".into(),
                ],
            ));
        }
        let s = Sheet {
            name: "Parts".into(),
            rows: rows
                .iter()
                .map(|(number, cells)| Row {
                    number: *number,
                    cells: cells.iter().map(|c| Cell::Text(c.clone())).collect(),
                })
                .collect(),
        };
        let v = run(&s, Scope::Everything);
        // The last row repeats the first row's number, in the other half.
        assert_eq!(v.records.len() as u32, n - 2);
        assert_eq!(v.invalid_rows, 2);
        assert_eq!(v.problems.len(), 2);
        assert_eq!(v.problems[0].row, 2);
        assert_eq!(v.skipped.blank, (n - 1) / 1000);
        assert!(
            v.records
                .rows()
                .collect::<Vec<_>>()
                .windows(2)
                .all(|w| w[0] < w[1]),
            "row order kept"
        );
    }

    #[test]
    fn a_pack_size_column_is_read_as_the_order_multiple() {
        let s = sheet(&[
            (1, &["Part No.", "Name", "MOQ", "Pack Size"]),
            (2, &["EL-50", "ECG electrodes", "100", "50"]),
            (3, &["FU-5", "Fuse", "", "10"]),
            (4, &["FI-1", "Filter", "3", ""]),
        ]);
        let v = run(&s, Scope::Everything);
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!(v.mapping.column_of(Field::OrderMultiple), Some(3));
        let got: Vec<(Option<i64>, Option<u32>)> = v
            .records
            .iter()
            .map(|r| (r.moq, r.order_multiple))
            .collect();
        assert_eq!(
            got,
            [(Some(100), Some(50)), (None, Some(10)), (Some(3), None)]
        );
    }

    #[test]
    fn an_order_multiple_is_a_whole_number_from_1_to_999() {
        let s = sheet(&[
            (1, &["Part No.", "Name", "Order Increment"]),
            (2, &["A-1", "Fuse", "0"]),
            (3, &["A-2", "Fuse", "2.5"]),
            (4, &["A-3", "Fuse", "1000"]),
            (5, &["A-4", "Fuse", "ten"]),
            (6, &["A-5", "Fuse", "999"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.invalid_rows, 4);
        assert_eq!(v.records.len(), 1);
        let shown: Vec<String> = v.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown[..3],
            [
                "Sheet \"Parts\", row 2, column C (Order Increment): found \"0\": expected an order multiple (pack size) of 1 or more",
                "Sheet \"Parts\", row 3, column C (Order Increment): found \"2.5\": expected a whole number such as 1,200",
                "Sheet \"Parts\", row 4, column C (Order Increment): found \"1000\": expected an order multiple (pack size) of at most 999, the most units one order line holds",
            ]
        );
        assert!(
            shown[3]
                .starts_with("Sheet \"Parts\", row 5, column C (Order Increment): found \"ten\": "),
            "{}",
            shown[3]
        );
    }

    #[test]
    fn a_minimum_that_is_not_whole_packs_is_an_error_on_the_minimum() {
        let s = sheet(&[
            (
                1,
                &["Part No.", "Name", "Min Order Qty", "Sold in multiples of"],
            ),
            (2, &["A-1", "Fuse", "12", "5"]),
            (3, &["A-2", "Fuse", "3", "10"]),
            (4, &["A-3", "Fuse", "15", "5"]),
        ]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.invalid_rows, 2);
        assert_eq!(v.records.len(), 1);
        let shown: Vec<String> = v.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "Sheet \"Parts\", row 2, column C (Min Order Qty): found \"12\": minimum order 12 is not a multiple of the pack size 5; expected a whole number of packs, such as 10 or 15",
                "Sheet \"Parts\", row 3, column C (Min Order Qty): found \"3\": minimum order 3 is not a multiple of the pack size 10; expected a whole number of packs, such as 10",
            ]
        );
        assert_eq!(v.problems[0].severity, Severity::Error);
    }

    #[test]
    fn a_missing_part_number_is_an_error_on_its_row() {
        let s = sheet(&[(1, HEADER), (2, &["", "Coil", "10", "1", "18"])]);
        let v = run(&s, Scope::Everything);
        assert_eq!(v.invalid_rows, 1);
        assert_eq!(
            v.problems[0].to_string(),
            "Sheet \"Parts\", row 2, column A (Part No.): a part number is required on every row"
        );
    }
}
