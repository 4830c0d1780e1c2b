//! Spreadsheet and CSV readers for catalog imports: header detection, column
//! mapping, value parsing and row validation into typed records. No database,
//! no HTTP.
//!
//! - [`values`] parses one cell into a typed value (prices, percentages,
//!   quantities, weights, durations, dates, part numbers) or a
//!   [`ValueError`] saying what was expected.
//! - [`columns`] finds the header row and maps its columns to catalog
//!   [`Field`]s.
//! - [`csv_reader`] reads a CSV or TSV file into a [`Sheet`] of text cells,
//!   detecting its encoding and delimiter.
//! - [`records`] validates a sheet's rows into [`PartRecord`]s and
//!   [`Problem`]s that name the sheet, row, column and value.
//! - [`sheet`] holds the [`Sheet`], [`Row`] and [`ReadError`] types every
//!   file reader shares.
//! - [`workbook`] opens any upload (.xlsx, .xlsm, .xlsb, .xls, .ods, CSV,
//!   TSV), telling the format from the content, and reads its sheets within
//!   size, memory and zip-bomb limits.
//! - [`export`] writes part records as .xlsx or CSV in the layout the
//!   importer reads back, with formula-like text neutralized.
//! - [`report`] writes an import's error report: the header and every row
//!   with a problem, as uploaded, plus a column listing the problems.
#![warn(missing_docs)]

pub mod columns;
pub mod csv_reader;
pub mod export;
pub mod pipeline;
pub mod records;
pub mod report;
pub mod sheet;
pub mod values;
pub mod workbook;

mod ods_guard;
mod xls_guard;
mod zip_guard;

pub use columns::{Field, Mapping, column_letter, find_header, map_header};
pub use csv_reader::{CsvInfo, read_csv};
pub use records::{
    Options, PartRecord, Problem, Records, Scope, SeenParts, Severity, Skipped, Validated, validate,
};
pub use sheet::{ReadError, ReadResult, Row, Sheet};
pub use values::{Cell, Expected, ValueError};
pub use workbook::{Format, MAX_FILE_BYTES, Workbook, detect_format};
