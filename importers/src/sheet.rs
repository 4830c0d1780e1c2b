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
    /// The file is larger than an upload may be.
    #[error("the file is larger than {} MB; split it into smaller files", limit / MIB)]
    FileTooLarge {
        /// The most bytes a file may have.
        limit: usize,
    },
    /// The file is not a spreadsheet or CSV file at all.
    #[error(
        "this is {found}, not a spreadsheet; upload an Excel workbook (.xlsx, .xlsm, .xlsb or .xls), an OpenDocument spreadsheet (.ods) or a CSV file"
    )]
    UnsupportedFormat {
        /// What the file looks like, with its article: "a PDF document",
        /// "a Word document (.docx)", "binary data of an unknown kind".
        found: String,
    },
    /// The workbook is encrypted with a password.
    #[error(
        "the workbook is protected with a password; remove the password in Excel or LibreOffice, save it and upload it again"
    )]
    PasswordProtected,
    /// The file is of a supported format but its contents are broken.
    #[error(
        "the file is not a readable {format}: it is damaged or was not saved completely; open it in Excel or LibreOffice, save it again and upload the new copy"
    )]
    Damaged {
        /// The format's label, such as `Excel workbook (.xlsx)`.
        format: &'static str,
        /// What the reader tripped over, for the log; too technical to show.
        detail: String,
    },
    /// The parts of a zipped workbook add up to more than allowed once
    /// unpacked.
    #[error(
        "the workbook unpacks to more than {} MB, more than one import can take; split it into smaller files",
        limit / MIB as u64
    )]
    UnpackedTooLarge {
        /// The most bytes all parts may unpack to together.
        limit: u64,
    },
    /// A part of a zipped workbook is compressed far more than real
    /// spreadsheets ever are: the file is built to exhaust the server.
    #[error(
        "the workbook was not opened: its part {part} claims to unpack to over {ratio} times its packed size, which real spreadsheets never do"
    )]
    CompressionTooHigh {
        /// The part's path inside the zip, such as `xl/worksheets/sheet1.xml`.
        part: String,
        /// The largest ratio of unpacked to packed size allowed.
        ratio: u64,
    },
    /// The sheet (or, for .xls and .ods, the workbook) holds more cells and
    /// text than one import may take into memory.
    #[error(
        "the file holds more data than one import can take (over {} MB once read); split it into smaller files",
        limit / MIB
    )]
    TooMuchData {
        /// The most bytes the cells read may take.
        limit: usize,
    },
    /// A sheet read row by row lists a row after one with a larger number
    /// (or lists one row in two places); such a sheet must be read whole,
    /// so its rows can be sorted. Readers that can do so do it themselves.
    #[error("row {row}: the rows of the sheet are stored out of order")]
    RowsOutOfOrder {
        /// The row that came too late.
        row: u32,
    },
    /// The caller asked for a sheet the workbook does not have.
    #[error("the workbook has no sheet number {}; it has {count}", index + 1)]
    NoSuchSheet {
        /// The 0-based index asked for.
        index: usize,
        /// How many sheets the workbook has.
        count: usize,
    },
}

/// Bytes in a mebibyte, for messages; the limits are all whole mebibytes.
const MIB: usize = 1024 * 1024;
