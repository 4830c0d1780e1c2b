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
#![warn(missing_docs)]

pub mod columns;
pub mod csv_reader;
pub mod records;
pub mod sheet;
pub mod values;

pub use columns::{Field, Mapping, column_letter, find_header, map_header};
pub use csv_reader::{CsvInfo, read_csv};
pub use records::{Options, PartRecord, Problem, Scope, Severity, Skipped, Validated, validate};
pub use sheet::{ReadError, ReadResult, Row, Sheet};
pub use values::{Cell, Expected, ValueError};
