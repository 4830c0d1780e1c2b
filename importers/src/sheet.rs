//! What every file reader produces: a [`Sheet`] of numbered [`Row`]s of
//! [`Cell`]s, or a [`ReadError`] saying why the file could not be read.

use crate::values::Cell;

/// One sheet of a workbook, or the whole of a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name as the workbook shows it; for a CSV file, the name
    /// the caller chose (such as the file stem).
    pub name: String,
    /// The rows in file order. Blank lines are left out, so row numbers may
    /// skip; rows may have different numbers of cells.
    pub rows: Vec<Row>,
}

/// One row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The 1-based row number to show in messages ("row 14").
    pub number: u32,
    /// The cells from column A on, as many as the file has for this row.
    pub cells: Vec<Cell>,
}

/// The result of reading a file.
pub type ReadResult<T> = Result<T, ReadError>;

/// Why a file could not be read. Each message is written for the person who
/// uploaded the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file has no rows at all.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not valid text in the encoding the file declares.
    #[error("row {row}: the file holds bytes that are not valid {encoding} text")]
    InvalidBytes {
        /// The line on which the first invalid bytes appear.
        row: u32,
        /// The encoding the file declared, such as `UTF-16LE`.
        encoding: &'static str,
    },
    /// A quoted field is still open at the end of the file.
    #[error(
        "row {row}: a quoted cell is never closed (a closing \" is missing before the end of the file)"
    )]
    UnterminatedQuote {
        /// The line on which the quoted field starts.
        row: u32,
    },
    /// One cell holds more text than allowed.
    #[error("row {row}, column {column}: the cell holds more than {limit} bytes of text")]
    FieldTooLarge {
        /// The row holding the cell.
        row: u32,
        /// The column's letter, such as `D`.
        column: String,
        /// The most bytes a cell may hold.
        limit: usize,
    },
    /// A row has more columns than allowed.
    #[error("row {row}: the row has more than {limit} columns")]
    TooManyColumns {
        /// The row that is too wide.
        row: u32,
        /// The most columns a row may have.
        limit: usize,
    },
    /// The file has more rows than allowed.
    #[error("the file has more than {limit} rows")]
    TooManyRows {
        /// The most rows a file may have, header and title rows included.
        limit: usize,
    },
}
