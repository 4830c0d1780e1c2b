//! One call from file bytes to validated records: open the workbook (any
//! supported format, decided by content), pick the sheet, find the header,
//! map the columns and validate every row.

use crate::columns::Field;
use crate::records::{self, Options, Problem, Scope, Severity, Validated};
use crate::sheet::{ReadError, ReadResult};
use crate::workbook::{Format, Workbook};

/// What to read and how.
pub struct Request<'a> {
    /// The sheet to read, by name (any case); otherwise the first sheet with
    /// a recognizable header.
    pub sheet: Option<&'a str>,
    /// The header row as the spreadsheet shows it, when chosen.
    pub header_row: Option<u32>,
    /// Column choices (zero-based column, field), applied last.
    pub columns: &'a [(usize, Option<Field>)],
    /// The seller's saved mapping profile.
    pub profile: &'a [(String, Option<Field>)],
    /// Which fields to read.
    pub scope: Scope,
    /// The catalog's part-number normalizer.
    pub normalize: &'a (dyn Fn(&str) -> String + Sync),
}

/// A read and validated file.
#[derive(Debug)]
pub struct Analysis {
    /// The format, as read from the content.
    pub format: Format,
    /// Every sheet of the workbook, in order.
    pub sheet_names: Vec<String>,
    /// The validation of the sheet that was read.
    pub validated: Validated,
}

/// Reads and validates a file, streaming its rows: the sheet is never held
/// whole (see [`records::validate_rows`]).
///
/// # Errors
///
/// A [`crate::ReadError`] when the file cannot be read at all (unknown
/// format, damaged, over the limits). Problems inside a readable file are
/// in [`Analysis::validated`].
pub fn analyse(bytes: &[u8], file_name: &str, req: &Request<'_>) -> ReadResult<Analysis> {
    let mut book = Workbook::open(bytes, file_name)?;
    let format = book.format();
    let sheet_names = book.sheet_names().to_vec();
    let options = Options {
        scope: req.scope,
        profile: req.profile,
        header_row: req.header_row,
        columns: req.columns,
        normalize: req.normalize,
    };
    let done = |validated| {
        Ok(Analysis {
            format,
            sheet_names: sheet_names.clone(),
            validated,
        })
    };
    if sheet_names.is_empty() {
        return done(records::validate_rows("", std::iter::empty(), &options)?);
    }
    if let Some(wanted) = req.sheet {
        let Some(index) = sheet_names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(wanted.trim()))
        else {
            let mut validated = validate_sheet(&mut book, 0, &options)?;
            validated.blocking.insert(
                0,
                Problem {
                    sheet: wanted.to_owned(),
                    row: 1,
                    column: None,
                    header: None,
                    value: Some(wanted.to_owned()),
                    message: format!(
                        "the workbook has no sheet of this name; its sheets are {}",
                        sheet_names
                            .iter()
                            .map(|n| format!("\"{n}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    severity: Severity::Error,
                },
            );
            return done(validated);
        };
        return done(validate_sheet(&mut book, index, &options)?);
    }
    // The first sheet with a header; sheets before it (a cover page,
    // instructions) are passed over, and only their first rows are read.
    let mut first: Option<Validated> = None;
    for index in 0..sheet_names.len() {
        let validated = validate_sheet(&mut book, index, &options)?;
        if validated.header_row != 0 {
            return done(validated);
        }
        first.get_or_insert(validated);
    }
    done(first.expect("the workbook has a sheet"))
}

/// Validates one sheet as it is read, or, when its rows are stored out of
/// order, read whole and sorted first.
fn validate_sheet(
    book: &mut Workbook,
    index: usize,
    options: &Options<'_>,
) -> ReadResult<Validated> {
    let rows = book.rows(index)?;
    let name = rows.name().to_owned();
    match records::validate_rows(&name, rows, options) {
        Err(ReadError::RowsOutOfOrder { .. }) => {
            let sheet = book.read_sheet(index)?;
            records::validate_rows(&sheet.name, sheet.rows.into_iter().map(Ok), options)
        }
        other => other,
    }
}
