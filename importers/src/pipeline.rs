//! One call from file bytes to validated records: open the workbook (any
//! supported format, decided by content), pick the sheet, find the header,
//! map the columns and validate every row.

use crate::columns::Field;
use crate::records::{self, Options, Problem, Scope, Severity, Validated};
use crate::sheet::{ReadResult, Sheet};
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
    /// The sheet that was read, as read (for the error report).
    pub sheet: Sheet,
    /// Its validation.
    pub validated: Validated,
}

/// Reads and validates a file.
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
    if let Some(wanted) = req.sheet {
        match sheet_names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(wanted.trim()))
        {
            Some(index) => {
                let sheet = book.read_sheet(index)?;
                let validated = records::validate(&sheet, &options);
                return Ok(Analysis {
                    format,
                    sheet_names,
                    sheet,
                    validated,
                });
            }
            None => {
                let sheet = book.read_sheet(0)?;
                let mut validated = records::validate(&sheet, &options);
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
                return Ok(Analysis {
                    format,
                    sheet_names,
                    sheet,
                    validated,
                });
            }
        }
    }
    // The first sheet with a header; sheets before it (a cover page,
    // instructions) are passed over.
    let mut first: Option<Sheet> = None;
    for index in 0..sheet_names.len() {
        let sheet = book.read_sheet(index)?;
        let found = match req.header_row {
            Some(number) => sheet.rows.iter().any(|r| r.number == number),
            None => records::locate_header(&sheet, req.profile).is_some(),
        };
        if found {
            let validated = records::validate(&sheet, &options);
            return Ok(Analysis {
                format,
                sheet_names,
                sheet,
                validated,
            });
        }
        if first.is_none() {
            first = Some(sheet);
        }
    }
    let sheet = first.unwrap_or(Sheet {
        name: sheet_names.first().cloned().unwrap_or_default(),
        rows: Vec::new(),
    });
    let validated = records::validate(&sheet, &options);
    Ok(Analysis {
        format,
        sheet_names,
        sheet,
        validated,
    })
}
