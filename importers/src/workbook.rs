//! Opens any supported upload (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv)
//! and reads its sheets into [`Sheet`]s, with limits that hold whatever the
//! file contains.
//!
//! # Format
//!
//! [`detect_format`] decides the format from the bytes, never from the
//! extension: a workbook saved as `parts.csv` is read as the workbook it is,
//! and a PDF renamed `parts.xlsx` is refused as a PDF. The file name only
//! tells a tab-separated text file from a comma-separated one.
//!
//! # Cells
//!
//! Spreadsheet cells keep their type ([`Cell::Number`], [`Cell::Bool`],
//! [`Cell::DateTime`] as a 1900-system Excel serial, [`Cell::Error`] as
//! Excel shows it); formulas give their cached value. A merged area's value
//! is in its top-left cell. Rows are numbered as the spreadsheet shows them,
//! blank rows are left out and trailing empty cells trimmed. Empty strings
//! are [`Cell::Empty`], as in the CSV reader.
//!
//! Leading zeros: a part number typed as a number and shown through a format
//! made only of zeros (`00000000` shows 451223 as `00451223`) becomes
//! [`Cell::Text`] of what the spreadsheet shows, for .xlsx and .xlsm, whose
//! cell formats calamine reports while streaming the sheet (at no measurable
//! cost). calamine does not report cell formats for .xlsb, .xls and .ods,
//! so there such a cell stays a [`Cell::Number`] and its zeros are lost;
//! LibreOffice also drops them when it opens a CSV, so a part-number column
//! in those formats should be formatted as text. In .ods files, error cells
//! arrive as their text (`#DIV/0!`, `Err:502`), which the value parsers
//! treat like an error code typed into a CSV file.
//!
//! # Limits and memory
//!
//! The goal is that reading any file, accepted or refused, takes at most
//! 256 MiB beyond what the caller holds. Every limit has its own
//! [`ReadError`] written for the uploader:
//!
//! - [`MAX_FILE_BYTES`] (20 MB) for every format, CSV included;
//! - [`MAX_ROWS`] rows, [`MAX_COLUMNS`] columns and [`MAX_FIELD_BYTES`] per
//!   cell, as for CSV;
//! - [`MAX_SHEET_BYTES`] for the cells of the [`Sheet`] being built,
//!   estimated as they are added (32 bytes per cell, empty cells before a
//!   filled one included, plus the text): a few filled cells far apart, or
//!   one long shared string referenced by a million cells, would otherwise
//!   unpack into gigabytes. [`Workbook::rows`] streams a sheet instead,
//!   holding one row at a time, and the budget applies to that row; imports
//!   read that way, and what their validation keeps is limited by
//!   [`crate::records::MAX_RETAINED_BYTES`];
//! - for CSV and TSV files, [`MAX_TEXT_SHEET_BYTES`] for the same estimate
//!   made from the bytes before [`read_csv`] builds the sheet;
//! - for zipped formats, the checks of `zip_guard` before calamine unpacks
//!   anything (total unpacked size, compression ratio, over-long XML runs,
//!   shared strings, .xlsb record lengths);
//! - .xlsx, .xlsm and .xlsb sheets are streamed with calamine's cell reader,
//!   so memory follows the cells actually present: a declared
//!   `<dimension ref="A1:XFD1048576">` costs nothing, and is not trusted
//!   either way;
//! - .xls and .ods workbooks are read whole by calamine when they open, into
//!   a dense rectangle per sheet (plus a copy of the sheet being read).
//!   `xls_guard` and `ods_guard` estimate that from the file's records
//!   before calamine sees it and refuse workbooks over
//!   [`MAX_WHOLE_WORKBOOK_BYTES`]; larger catalogs should come as .xlsx or
//!   CSV.
//!
//! calamine has had panics on malformed files fixed in most releases; each
//! call into it is made under `catch_unwind`, so one it still has becomes
//! [`ReadError::Damaged`] rather than a crashed request.

use std::fmt;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{
    CellErrorType, Data, DataRef, ExcelDateTime, Ods, Range, Reader, SheetType, Xls, Xlsb, Xlsx,
};

use crate::columns::column_letter;
use crate::csv_reader::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROWS, looks_like_utf16le, read_csv};
use crate::sheet::{ReadError, ReadResult, Row, Sheet};
use crate::values::{Cell, days_from_civil, parse_part_number};
use crate::{csv_reader, ods_guard, xls_guard, zip_guard};

/// The largest file [`Workbook::open`] accepts, in any format: 20 MiB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The most memory the cells of one [`Sheet`] may take as it is built,
/// estimated as described in the module docs: 160 MiB. A sheet of 100,000
/// rows × 15 columns of typical catalog data takes about 70 MiB.
pub const MAX_SHEET_BYTES: usize = 160 * 1024 * 1024;

/// The most memory the sheet of a CSV or TSV file may take, as estimated
/// before it is read: [`MAX_SHEET_BYTES`] plus the 64 MiB a workbook's
/// shared strings may take, which text files have none of.
pub const MAX_TEXT_SHEET_BYTES: usize = MAX_SHEET_BYTES + 64 * 1024 * 1024;

/// The most memory calamine may need to hold a whole .xls or .ods workbook,
/// as estimated before it opens it: 96 MiB. That is room for about 1.2
/// million cells of short text or numbers across all sheets.
pub const MAX_WHOLE_WORKBOOK_BYTES: usize = 96 * 1024 * 1024;

/// A file format [`Workbook::open`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma- (or semicolon-) separated text.
    Csv,
    /// Tab-separated text.
    Tsv,
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// Excel macro-enabled workbook; read like .xlsx, macros ignored.
    Xlsm,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97-2003 workbook (BIFF in a compound file).
    Xls,
    /// OpenDocument spreadsheet (LibreOffice).
    Ods,
}

impl Format {
    /// The file extension a stored upload of this format gets, such as
    /// `xlsx`.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// The media type, as recorded for an upload.
    pub fn mime(&self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Tsv => "text/tab-separated-values",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Xlsm => "application/vnd.ms-excel.sheet.macroEnabled.12",
            Format::Xlsb => "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
            Format::Xls => "application/vnd.ms-excel",
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    /// The format's name for messages, such as `Excel workbook (.xlsx)`.
    pub fn label(&self) -> &'static str {
        match self {
            Format::Csv => "CSV file (.csv)",
            Format::Tsv => "tab-separated text file (.tsv)",
            Format::Xlsx => "Excel workbook (.xlsx)",
            Format::Xlsm => "Excel macro-enabled workbook (.xlsm)",
            Format::Xlsb => "Excel binary workbook (.xlsb)",
            Format::Xls => "Excel 97-2003 workbook (.xls)",
            Format::Ods => "OpenDocument spreadsheet (.ods)",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

// ---------------------------------------------------------------------------
// Format detection
// ---------------------------------------------------------------------------

/// Decides the format from the bytes: the zip or compound-file signature and
/// what the container holds (`[Content_Types].xml` tells .xlsx from .xlsm
/// and .xlsb, the `mimetype` entry marks .ods, the `Workbook` stream .xls).
/// Anything else that looks like text is CSV, or TSV when `file_name` ends
/// in `.tsv` or `.tab`.
///
/// # Errors
///
/// [`ReadError::UnsupportedFormat`] naming what the file looks like (a PDF,
/// an image, a Word document, a program…) when it is not a spreadsheet;
/// [`ReadError::PasswordProtected`] for an encrypted workbook;
/// [`ReadError::Damaged`] when a zip or compound file cannot be opened.
pub fn detect_format(bytes: &[u8], file_name: &str) -> ReadResult<Format> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes, file_name);
    }
    if bytes.starts_with(xls_guard::CFB_SIGNATURE) {
        return xls_guard::detect(bytes);
    }
    if let Some(found) = known_binary(bytes) {
        return Err(ReadError::UnsupportedFormat {
            found: found.to_owned(),
        });
    }
    if !looks_like_text(bytes) {
        return Err(ReadError::UnsupportedFormat {
            found: "binary data of an unknown kind".to_owned(),
        });
    }
    let lower = file_name.to_ascii_lowercase();
    Ok(if lower.ends_with(".tsv") || lower.ends_with(".tab") {
        Format::Tsv
    } else {
        Format::Csv
    })
}

/// Content types of the main workbook part, as `[Content_Types].xml` lists
/// them, lowercased.
const XLSM_TYPES: [&str; 2] = [
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
];
const XLSX_TYPES: [&str; 2] = [
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
];
const XLSB_TYPE: &str = "application/vnd.ms-excel.sheet.binary.macroenabled.main";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Tells the zipped formats apart; see [`detect_format`].
fn detect_zip(bytes: &[u8], file_name: &str) -> ReadResult<Format> {
    // If the archive cannot even be listed, the extension is the best guess
    // of what the uploader meant.
    let guess = match file_name.rsplit('.').next().map(str::to_ascii_lowercase) {
        Some(ext) if ext == "ods" => Format::Ods,
        Some(ext) if ext == "xlsb" => Format::Xlsb,
        Some(ext) if ext == "xlsm" => Format::Xlsm,
        _ => Format::Xlsx,
    };
    let mut archive = zip_guard::open(bytes, guess.label())?;
    if let Some(mimetype) = zip_guard::read_small(&mut archive, "mimetype", guess.label())? {
        let mimetype = mimetype.trim_ascii();
        if mimetype == ODS_MIMETYPE {
            return Ok(Format::Ods);
        }
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.text") {
            return unsupported("an OpenDocument text document (.odt)");
        }
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.presentation") {
            return unsupported("an OpenDocument presentation (.odp)");
        }
    }
    if let Some(types) = zip_guard::read_small(&mut archive, "[Content_Types].xml", guess.label())?
    {
        let types = String::from_utf8_lossy(&types).to_ascii_lowercase();
        if XLSM_TYPES.iter().any(|t| types.contains(t)) {
            return Ok(Format::Xlsm);
        }
        if XLSX_TYPES.iter().any(|t| types.contains(t)) {
            return Ok(Format::Xlsx);
        }
        if types.contains(XLSB_TYPE) {
            return Ok(Format::Xlsb);
        }
        if types.contains("wordprocessingml") {
            return unsupported("a Word document (.docx)");
        }
        if types.contains("presentationml") {
            return unsupported("a PowerPoint presentation (.pptx)");
        }
    }
    // No content types to go by: the main part's usual name.
    let names = zip_guard::entry_names(&archive);
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("xl/workbook.xml") && has("xl/vbaproject.bin") {
        Ok(Format::Xlsm)
    } else if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("word/document.xml") {
        unsupported("a Word document (.docx)")
    } else {
        unsupported("a ZIP archive")
    }
}

fn unsupported(found: &str) -> ReadResult<Format> {
    Err(ReadError::UnsupportedFormat {
        found: found.to_owned(),
    })
}

/// What a file is, by its first bytes, when it is a common kind of file
/// that is not a spreadsheet; checked before [`looks_like_text`] because
/// some of them (PDF, RTF, HTML) start with text.
fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 11] = [
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"\x7FELF", "a program"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"{\\rtf", "an RTF document"),
    ];
    if let Some((_, found)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(found);
    }
    if bytes.starts_with(b"\x1F\x8B") {
        return Some("a gzip archive");
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    // A Windows program: "MZ" and, at the offset stored at 0x3C, "PE\0\0".
    // Checked in full because a CSV may well start with the letters MZ.
    if bytes.starts_with(b"MZ") {
        let offset = bytes
            .get(0x3C..0x40)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        if offset.and_then(|o| bytes.get(o..o.checked_add(4)?)) == Some(b"PE\0\0") {
            return Some("a Windows program");
        }
    }
    // Markup: skip a byte-order mark and white space, compare lowercased.
    let start: Vec<u8> = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    if start.starts_with(b"<!doctype html") || start.starts_with(b"<html") {
        // Many "Export to Excel" buttons save a web page named .xls.
        return Some("a web page (HTML) saved with a spreadsheet name");
    }
    if start.starts_with(b"<?xml") {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
        return Some(
            if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
                "an Excel 2003 XML spreadsheet (save it as .xlsx)"
            } else {
                "an XML document"
            },
        );
    }
    None
}

/// How many bytes [`looks_like_text`] samples.
const TEXT_SAMPLE_BYTES: usize = 8192;

/// Whether the start of the file looks like text the CSV reader can decode:
/// a byte-order mark, UTF-16LE as the CSV reader detects it, or bytes with
/// almost no control characters (Windows-1252 and UTF-8 text have none but
/// tab and line breaks).
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || looks_like_utf16le(bytes)
    {
        return true;
    }
    let sample = &bytes[..bytes.len().min(TEXT_SAMPLE_BYTES)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    // One stray control character in a hundred bytes is still a text file
    // someone mangled; more is binary data.
    controls * 100 <= sample.len()
}

// ---------------------------------------------------------------------------
// Workbook
// ---------------------------------------------------------------------------

/// An opened upload: its format, its sheets' names, and the reader that
/// reads them one at a time.
pub struct Workbook {
    format: Format,
    sheet_names: Vec<String>,
    source: Source,
}

/// The reader behind a [`Workbook`]. calamine's readers own a copy of the
/// bytes, at most [`MAX_FILE_BYTES`].
enum Source {
    Text {
        bytes: Vec<u8>,
        delimiter: Option<u8>,
    },
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xlsb(Box<Xlsb<Cursor<Vec<u8>>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

impl fmt::Debug for Workbook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Workbook")
            .field("format", &self.format)
            .field("sheet_names", &self.sheet_names)
            .finish_non_exhaustive()
    }
}

impl Workbook {
    /// Opens any supported file. The format comes from [`detect_format`];
    /// CSV and TSV files go through [`read_csv`] when their sheet is read.
    /// Zipped workbooks are checked before calamine unpacks anything, and
    /// .xls and .ods workbooks before calamine reads them whole (see the
    /// module docs).
    ///
    /// # Errors
    ///
    /// [`ReadError::FileTooLarge`] over [`MAX_FILE_BYTES`], the errors of
    /// [`detect_format`], [`ReadError::UnpackedTooLarge`],
    /// [`ReadError::CompressionTooHigh`] and [`ReadError::TooMuchData`] for
    /// files built (or grown) beyond the limits, and
    /// [`ReadError::Damaged`] for files that cannot be read.
    pub fn open(bytes: &[u8], file_name: &str) -> ReadResult<Workbook> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(ReadError::FileTooLarge {
                limit: MAX_FILE_BYTES,
            });
        }
        let format = detect_format(bytes, file_name)?;
        let label = format.label();
        let (source, sheet_names) = match format {
            Format::Csv | Format::Tsv => {
                // Decoded once, so rows can be streamed from the text.
                let source = Source::Text {
                    bytes: csv_reader::utf8_text(bytes)?.into_owned().into_bytes(),
                    delimiter: (format == Format::Tsv).then_some(b'\t'),
                };
                (source, vec![file_stem(file_name)])
            }
            Format::Xlsx | Format::Xlsm => {
                let reader = open_xlsx(bytes, label)?;
                let names = worksheet_names(&reader);
                (Source::Xlsx(Box::new(reader)), names)
            }
            Format::Xlsb => {
                let mut archive = zip_guard::open(bytes, label)?;
                zip_guard::check_sizes(&archive, label)?;
                zip_guard::check_xlsb_parts(&mut archive, label)?;
                let reader: Xlsb<_> = calamine_open(bytes.to_vec(), label)?;
                let names = worksheet_names(&reader);
                (Source::Xlsb(Box::new(reader)), names)
            }
            Format::Ods => {
                let mut archive = zip_guard::open(bytes, label)?;
                zip_guard::check_sizes(&archive, label)?;
                zip_guard::check_xml_parts(&mut archive, label)?;
                ods_guard::check(&mut archive, label)?;
                let reader: Ods<_> = calamine_open(bytes.to_vec(), label)?;
                let names = worksheet_names(&reader);
                (Source::Ods(Box::new(reader)), names)
            }
            Format::Xls => {
                let disarmed = xls_guard::check(bytes)?;
                let reader: Xls<_> = calamine_open(disarmed, label)?;
                let names = worksheet_names(&reader);
                (Source::Xls(Box::new(reader)), names)
            }
        };
        Ok(Workbook {
            format,
            sheet_names,
            source,
        })
    }

    /// The file's format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The names of the worksheets in workbook order (chart and macro sheets
    /// left out); for a CSV or TSV file, one name: the file name without its
    /// extension.
    pub fn sheet_names(&self) -> &[String] {
        &self.sheet_names
    }

    /// Reads the sheet at `index` (into [`Workbook::sheet_names`]) whole.
    /// Rows are numbered as the spreadsheet shows them (1-based), blank rows
    /// are left out and trailing empty cells trimmed; see the module docs
    /// for how cells are mapped. A sheet without any filled cell has no
    /// rows (an empty CSV file is [`ReadError::Empty`], as [`read_csv`]
    /// decides). Rows a file lists out of order are sorted, and a row
    /// listed in several places is merged.
    ///
    /// # Errors
    ///
    /// [`ReadError::NoSuchSheet`] for an index past the last sheet; the
    /// limit errors ([`ReadError::TooManyRows`],
    /// [`ReadError::TooManyColumns`], [`ReadError::FieldTooLarge`],
    /// [`ReadError::TooMuchData`]); [`ReadError::Damaged`] when the sheet
    /// cannot be read; and for CSV and TSV files the errors of [`read_csv`].
    pub fn read_sheet(&mut self, index: usize) -> ReadResult<Sheet> {
        let label = self.format.label();
        if let Source::Text { bytes, delimiter } = &self.source {
            check_text_size(bytes, *delimiter)?;
        }
        let (name, source) = self.cells(index)?;
        let rows = match source {
            CellSource::Rows(rows) => rows.collect::<ReadResult<Vec<Row>>>()?,
            CellSource::Cells(mut next) => {
                let mut builder = SheetBuilder::new(label);
                while let Some((row, column, cell)) = next()? {
                    builder.push(row, column, cell)?;
                }
                builder.finish()?
            }
        };
        Ok(Sheet { name, rows })
    }

    /// Reads the sheet at `index` one row at a time, holding only the row
    /// being assembled: the way to read a large sheet without keeping it.
    /// Rows come as [`Workbook::read_sheet`] gives them, within the same
    /// limits, except that [`MAX_SHEET_BYTES`] applies to each row alone.
    ///
    /// A file whose rows are stored out of order (spreadsheet programs never
    /// write such files; some generators do) gives
    /// [`ReadError::RowsOutOfOrder`] when the first such row arrives; read
    /// it with [`Workbook::read_sheet`], which sorts them.
    ///
    /// # Errors
    ///
    /// As [`Workbook::read_sheet`], when the rows are created and while
    /// they are read.
    pub fn rows(&mut self, index: usize) -> ReadResult<SheetRows<'_>> {
        let label = self.format.label();
        let (name, source) = self.cells(index)?;
        let source = match source {
            CellSource::Rows(rows) => RowSource::Rows(rows),
            CellSource::Cells(next) => RowSource::Cells {
                next,
                builder: SheetBuilder::streaming(label),
                ended: false,
            },
        };
        Ok(SheetRows {
            name,
            source,
            done: false,
        })
    }

    /// Reads the rows of the sheet at `index` that `keep` picks by number,
    /// streaming the others past: the rows an error report needs, without
    /// holding the whole sheet. The rows kept are limited to
    /// [`MAX_SHEET_BYTES`] as in [`Workbook::read_sheet`].
    ///
    /// # Errors
    ///
    /// As [`Workbook::read_sheet`].
    pub fn read_sheet_rows(
        &mut self,
        index: usize,
        keep: impl Fn(u32) -> bool,
    ) -> ReadResult<Sheet> {
        let mut kept = Vec::new();
        let mut bytes = 0usize;
        let streamed = (|| {
            let mut rows = self.rows(index)?;
            while let Some(row) = rows.next_row()? {
                if keep(row.number) {
                    bytes = bytes.saturating_add(row_bytes(&row));
                    if bytes > MAX_SHEET_BYTES {
                        return Err(ReadError::TooMuchData {
                            limit: MAX_SHEET_BYTES,
                        });
                    }
                    kept.push(row);
                }
            }
            Ok(rows.name().to_owned())
        })();
        match streamed {
            Ok(name) => Ok(Sheet { name, rows: kept }),
            Err(ReadError::RowsOutOfOrder { .. }) => {
                let mut sheet = self.read_sheet(index)?;
                sheet.rows.retain(|row| keep(row.number));
                Ok(sheet)
            }
            Err(error) => Err(error),
        }
    }

    /// The sheet's name and where its cells come from.
    fn cells(&mut self, index: usize) -> ReadResult<(String, CellSource<'_>)> {
        let name = self
            .sheet_names
            .get(index)
            .ok_or(ReadError::NoSuchSheet {
                index,
                count: self.sheet_names.len(),
            })?
            .clone();
        let label = self.format.label();
        let source = match &mut self.source {
            Source::Text { bytes, delimiter } => {
                CellSource::Rows(Box::new(csv_reader::stream_rows(bytes, *delimiter)))
            }
            Source::Xlsx(reader) => CellSource::Cells(xlsx_cells(reader, &name, label)?),
            Source::Xlsb(reader) => {
                let epoch = Epoch::of(reader.has_1904_epoch());
                let mut cells = guarded(label, || {
                    reader
                        .worksheet_cells_reader(&name)
                        .map_err(|e| damaged(label, e))
                })?;
                CellSource::Cells(Box::new(move || {
                    guarded(label, || {
                        Ok(cells
                            .next_cell()
                            .map_err(|e| damaged(label, e))?
                            .map(|cell| {
                                let (row, column) = cell.get_position();
                                (row, column, cell_of_ref(cell.get_value(), epoch))
                            }))
                    })
                }))
            }
            Source::Xls(reader) => {
                let epoch = Epoch::of(reader.has_1904_epoch());
                let range = guarded(label, || {
                    reader.worksheet_range(&name).map_err(|e| damaged(label, e))
                })?;
                CellSource::Cells(range_cells(range, epoch))
            }
            Source::Ods(reader) => {
                let range = guarded(label, || {
                    reader.worksheet_range(&name).map_err(|e| damaged(label, e))
                })?;
                CellSource::Cells(range_cells(range, Epoch::Excel1900))
            }
        };
        Ok((name, source))
    }
}

/// The next cell of a sheet as (0-based row, 0-based column, value), or
/// `None` after the last.
type NextCell<'a> = Box<dyn FnMut() -> ReadResult<Option<(u32, u32, Cell)>> + 'a>;

/// Where a sheet's cells come from: whole rows (CSV), or cells one at a
/// time in file order.
enum CellSource<'a> {
    Rows(Box<dyn Iterator<Item = ReadResult<Row>> + 'a>),
    Cells(NextCell<'a>),
}

/// The rows of one sheet, read one at a time; see [`Workbook::rows`]. As an
/// iterator it ends after the first error.
pub struct SheetRows<'a> {
    name: String,
    source: RowSource<'a>,
    done: bool,
}

enum RowSource<'a> {
    Rows(Box<dyn Iterator<Item = ReadResult<Row>> + 'a>),
    Cells {
        next: NextCell<'a>,
        builder: SheetBuilder,
        /// The cells ran out: calamine must not be asked again.
        ended: bool,
    },
}

impl SheetRows<'_> {
    /// The sheet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next row, or `None` after the last.
    ///
    /// # Errors
    ///
    /// As [`Workbook::rows`].
    pub fn next_row(&mut self) -> ReadResult<Option<Row>> {
        if self.done {
            return Ok(None);
        }
        let next = self.pull();
        if !matches!(next, Ok(Some(_))) {
            self.done = true;
        }
        next
    }

    fn pull(&mut self) -> ReadResult<Option<Row>> {
        match &mut self.source {
            RowSource::Rows(rows) => rows.next().transpose(),
            RowSource::Cells {
                next,
                builder,
                ended,
            } => loop {
                if let Some(row) = builder.ready.take() {
                    return Ok(Some(row));
                }
                if *ended {
                    return Ok(None);
                }
                match next()? {
                    Some((row, column, cell)) => builder.push(row, column, cell)?,
                    None => {
                        *ended = true;
                        builder.finish_row()?;
                    }
                }
            },
        }
    }
}

impl Iterator for SheetRows<'_> {
    type Item = ReadResult<Row>;

    fn next(&mut self) -> Option<ReadResult<Row>> {
        self.next_row().transpose()
    }
}

/// The file name without directories and without its last extension.
fn file_stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => base.to_owned(),
    }
}

fn damaged(label: &'static str, error: impl fmt::Display) -> ReadError {
    zip_guard::damaged(label, error)
}

/// Runs a call into calamine, turning a panic into [`ReadError::Damaged`].
fn guarded<T>(label: &'static str, call: impl FnOnce() -> ReadResult<T>) -> ReadResult<T> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(damaged(label, format!("calamine panicked: {detail}")))
    })
}

/// Opens a calamine reader over (a copy of) the file, mapping its errors.
fn calamine_open<R>(bytes: Vec<u8>, label: &'static str) -> ReadResult<R>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: fmt::Display,
{
    guarded(label, || {
        R::new(Cursor::new(bytes)).map_err(|e| {
            let detail = e.to_string();
            // Each reader has its own error type with a `Password` variant;
            // their messages all say so.
            if detail.to_ascii_lowercase().contains("password") {
                ReadError::PasswordProtected
            } else {
                damaged(label, detail)
            }
        })
    })
}

/// Checks an .xlsx or .xlsm file and opens it with calamine. The large
/// parts calamine does not read at open (the worksheets) are scanned on a
/// second thread while the other parts are checked and calamine opens the
/// workbook (reading its shared strings is most of that), and the reader
/// is handed out only once both are done, so the open takes about as long
/// as the longer of the two instead of both one after the other.
fn open_xlsx(bytes: &[u8], label: &'static str) -> ReadResult<Xlsx<Cursor<Vec<u8>>>> {
    let mut archive = zip_guard::open(bytes, label)?;
    zip_guard::check_sizes(&archive, label)?;
    let later = zip_guard::parts_to_check_later(&mut archive, label)?;
    if later.is_empty() {
        zip_guard::check_xml_parts(&mut archive, label)?;
        return calamine_open(bytes.to_vec(), label);
    }
    let mut sheets = archive.clone();
    let (scanned, reader) = std::thread::scope(|scope| {
        let scan = scope.spawn(|| zip_guard::check_later_parts(&mut sheets, &later, label));
        let reader = zip_guard::check_xml_parts_but(&mut archive, &later, label)
            .and_then(|()| calamine_open(bytes.to_vec(), label));
        let scanned = scan
            .join()
            .unwrap_or_else(|_| Err(damaged(label, "the part scan stopped")));
        (scanned, reader)
    });
    // A part the scan refuses is the answer even when the rest failed too.
    scanned?;
    reader
}

/// The names of the worksheets (not chart, dialog or macro sheets).
fn worksheet_names<R: Reader<Cursor<Vec<u8>>>>(reader: &R) -> Vec<String> {
    reader
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect()
}

// ---------------------------------------------------------------------------
// Reading sheets
// ---------------------------------------------------------------------------

/// The cells of an .xlsx or .xlsm sheet, streamed, with zero-padded numbers
/// turned into text.
fn xlsx_cells<'a>(
    reader: &'a mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    label: &'static str,
) -> ReadResult<NextCell<'a>> {
    let epoch = Epoch::of(reader.has_1904_epoch());
    let mut cells = guarded(label, || {
        reader
            .worksheet_cells_reader(name)
            .map_err(|e| damaged(label, e))
    })?;
    // The zero-only number format of each style, looked up once: a sheet
    // has millions of cells but rarely more than a few hundred styles.
    let zero_formats: Vec<Option<String>> = cells
        .styles()
        .iter()
        .map(|style| {
            style
                .number_format
                .as_ref()
                .map(|f| f.format_code.trim())
                .filter(|code| code.len() >= 2 && code.bytes().all(|b| b == b'0'))
                .map(str::to_owned)
        })
        .collect();
    Ok(Box::new(move || {
        guarded(label, || {
            let Some((cell, style)) = cells
                .next_cell_with_style_id()
                .map_err(|e| damaged(label, e))?
            else {
                return Ok(None);
            };
            let (row, column) = cell.get_position();
            let mut value = cell_of_ref(cell.get_value(), epoch);
            if let (Cell::Number(n), Some(Some(code))) = (&value, zero_formats.get(style)) {
                value = zero_padded(*n, code).unwrap_or(value);
            }
            Ok(Some((row, column, value)))
        })
    }))
}

/// A whole, non-negative number shown through a zero-only format such as
/// `00000000`, as the spreadsheet shows it (`00451223`), as
/// [`parse_part_number`] writes it. Other numbers stay numbers: a fraction
/// shown rounded is not a part number.
fn zero_padded(number: f64, format: &str) -> Option<Cell> {
    if number < 0.0 || number.fract() != 0.0 {
        return None;
    }
    // Whole numbers below 10^15 are exact in an f64: written as an integer
    // they are what `parse_part_number` writes, without its general (and,
    // over a column of 100,000 cells, measurably slow) float formatting.
    if number < 1e15 {
        let width = format.len();
        return Some(Cell::Text(format!("{:0>width$}", number as u64)));
    }
    parse_part_number(&Cell::Number(number), Some(format))
        .ok()
        .flatten()
        .map(Cell::Text)
}

/// The filled cells of a whole sheet calamine has read (.xls, .ods), row by
/// row.
fn range_cells(range: Range<Data>, epoch: Epoch) -> NextCell<'static> {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let height = if width == 0 { 0 } else { height };
    let (mut row, mut column) = (0usize, 0usize);
    Box::new(move || {
        while row < height {
            let at = (row, column);
            column += 1;
            if column == width {
                (row, column) = (row + 1, 0);
            }
            if let Some(value) = range.get(at)
                && *value != Data::Empty
            {
                // calamine's positions are u32, so these fit.
                let r = first_row + at.0 as u32;
                let c = first_column + at.1 as u32;
                return Ok(Some((r, c, cell_of_data(value, epoch))));
            }
        }
        Ok(None)
    })
}

/// The date system of a workbook. Excel for Mac once counted days from
/// 1904; [`Cell::DateTime`] always holds a 1900-system serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Epoch {
    Excel1900,
    Excel1904,
}

impl Epoch {
    fn of(is_1904: bool) -> Epoch {
        if is_1904 {
            Epoch::Excel1904
        } else {
            Epoch::Excel1900
        }
    }

    /// Days between 1900-01-00 and 1904-01-01 in Excel's count.
    const OFFSET_1904: f64 = 1462.0;

    fn datetime(self, date: &ExcelDateTime) -> Cell {
        if date.is_duration() {
            // A duration such as `[h]:mm` is a number of days.
            return Cell::Number(date.as_f64());
        }
        match self {
            Epoch::Excel1900 => Cell::DateTime(date.as_f64()),
            Epoch::Excel1904 => Cell::DateTime(date.as_f64() + Epoch::OFFSET_1904),
        }
    }
}

/// A streamed cell as a [`Cell`].
fn cell_of_ref(value: &DataRef<'_>, epoch: Epoch) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) => text_cell(text),
        DataRef::SharedString(text) => text_cell(text),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(date) => epoch.datetime(date),
        DataRef::DateTimeIso(text) => iso_datetime(text),
        DataRef::DurationIso(text) => iso_duration(text),
        DataRef::Error(error) => error_cell(error),
    }
}

/// A cell of a whole sheet as a [`Cell`].
fn cell_of_data(value: &Data, epoch: Epoch) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(text) => text_cell(text),
        Data::Float(n) => Cell::Number(*n),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(date) => epoch.datetime(date),
        Data::DateTimeIso(text) => iso_datetime(text),
        Data::DurationIso(text) => iso_duration(text),
        Data::Error(error) => error_cell(error),
    }
}

fn text_cell(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_owned())
    }
}

fn error_cell(error: &CellErrorType) -> Cell {
    Cell::Error(error.to_string())
}

/// An ISO 8601 date or date-time (`2024-03-15`, `2024-03-15T10:30:00.5`,
/// as .ods files store dates) as a 1900-system Excel serial; text when it is
/// not one or lies outside 1900-01-01 to 9999-12-31.
fn iso_datetime(text: &str) -> Cell {
    excel_serial(text).map_or_else(|| text_cell(text), Cell::DateTime)
}

fn excel_serial(text: &str) -> Option<f64> {
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let mut parts = date.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    crate::values::Date::new(year, month, day)?;
    // Excel counts a 29 February 1900 that never was, so from March 1900 on
    // its serial is one more than the days since 1899-12-31.
    let days = days_from_civil(year, month, day) - days_from_civil(1899, 12, 31);
    let serial = if days >= 60 { days + 1 } else { days };
    let fraction = if time.is_empty() {
        0.0
    } else {
        // Drop a time zone: spreadsheets have none.
        let time = time.trim_end_matches('Z');
        let time = time.split(['+', '-']).next().unwrap_or(time);
        let mut hms = time.splitn(3, ':');
        let hours: f64 = hms.next()?.parse().ok()?;
        let minutes: f64 = hms.next().unwrap_or("0").parse().ok()?;
        let seconds: f64 = hms.next().unwrap_or("0").parse().ok()?;
        (hours * 3600.0 + minutes * 60.0 + seconds) / 86_400.0
    };
    Some(serial as f64 + fraction)
}

/// An ISO 8601 duration (`PT36H30M00S`, `P2DT4H`, as .ods files store
/// times) as a number of days; text when it is not one.
fn iso_duration(text: &str) -> Cell {
    duration_days(text).map_or_else(|| text_cell(text), Cell::Number)
}

fn duration_days(text: &str) -> Option<f64> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut seconds = 0.0;
    for (part, units) in [
        (date, &[('W', 604_800.0), ('D', 86_400.0)][..]),
        (time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let (_, scale) = units.iter().find(|(unit, _)| *unit == c)?;
                seconds += number.parse::<f64>().ok()? * scale;
                number.clear();
            }
        }
        if !number.is_empty() {
            return None;
        }
    }
    Some(sign * seconds / 86_400.0)
}

/// How much of a text file [`check_text_size`] reads to learn its delimiter.
const DELIMITER_SAMPLE_BYTES: usize = 64 * 1024;

/// Refuses a CSV or TSV file whose sheet would take more than
/// [`MAX_TEXT_SHEET_BYTES`], before [`read_csv`] builds it: a 20 MB file of
/// one-letter fields is ten million cells, 900 MB once read. The estimate
/// counts what the sheet will hold (a [`Row`] per line, 32 bytes per field,
/// each field's text) and errs high: delimiters inside quotes split fields
/// here, and every byte above 0x7F counts as three bytes of UTF-8.
fn check_text_size(bytes: &[u8], delimiter: Option<u8>) -> ReadResult<()> {
    // The delimiter read_csv will choose, from a sample cut at a line break;
    // if the sample cannot be read, every candidate splits.
    let delimiters = match delimiter {
        Some(d) => vec![d],
        None => {
            let sample = &bytes[..bytes.len().min(DELIMITER_SAMPLE_BYTES)];
            let sample = match sample.iter().rposition(|&b| b == b'\n') {
                Some(end) if sample.len() < bytes.len() => &sample[..=end],
                _ => sample,
            };
            read_csv(sample, None, "").map_or_else(
                |_| vec![b',', b';', b'\t'],
                |(_, info)| vec![info.delimiter],
            )
        }
    };
    let mut estimate: usize = 0;
    let (mut fields, mut field_text, mut row_text, mut line_bytes) = (0usize, 0, 0, 0);
    for &byte in bytes {
        if byte == b'\n' || byte == b'\r' {
            if line_bytes > 0 {
                row_text += text_bytes(field_text);
                estimate += ROW_BYTES + (fields + 1) * CELL_BYTES + row_text;
            }
            (fields, field_text, row_text, line_bytes) = (0, 0, 0, 0);
            continue;
        }
        line_bytes += 1;
        if delimiters.contains(&byte) {
            row_text += text_bytes(field_text);
            fields += 1;
            field_text = 0;
        } else {
            field_text += if byte < 0x80 { 1 } else { 3 };
        }
    }
    if line_bytes > 0 {
        estimate += ROW_BYTES + (fields + 1) * CELL_BYTES + row_text + text_bytes(field_text);
    }
    if estimate > MAX_TEXT_SHEET_BYTES {
        return Err(ReadError::TooMuchData {
            limit: MAX_TEXT_SHEET_BYTES,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Building a sheet within the limits
// ---------------------------------------------------------------------------

/// What one cell of a [`Row`] takes, empty or not.
const CELL_BYTES: usize = std::mem::size_of::<Cell>();

/// What one [`Row`] takes besides its cells: the row itself, its share of
/// the row vector's spare room, and the allocator's header of its cells.
const ROW_BYTES: usize = std::mem::size_of::<Row>() * 3 / 2 + 16;

/// What a text of `len` bytes takes on the heap: the allocator rounds up to
/// 16 bytes, adds a header, and hands out at least 32.
fn text_bytes(len: usize) -> usize {
    if len == 0 {
        0
    } else {
        (len + 8).next_multiple_of(16).max(32)
    }
}

/// The estimated memory of a row, as [`SheetBuilder`] counts it.
fn row_bytes(row: &Row) -> usize {
    ROW_BYTES
        + row.cells.len() * CELL_BYTES
        + row
            .cells
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) | Cell::Error(text) => text_bytes(text.len()),
                _ => 0,
            })
            .sum::<usize>()
}

/// Collects cells, given by 0-based position in any order, into rows within
/// the limits: all of them, or (streaming) one at a time.
struct SheetBuilder {
    label: &'static str,
    rows: Vec<Row>,
    /// Streaming: each finished row is left here instead of in `rows`, and
    /// the memory limit applies to one row at a time.
    streaming: bool,
    ready: Option<Row>,
    /// Streaming: the number of the last finished row, and how many rows
    /// were finished.
    last: Option<u32>,
    finished: usize,
    /// The 1-based number of the row being filled and its cells so far.
    current: Option<u32>,
    cells: Vec<Cell>,
    /// Estimated memory taken so far; see [`MAX_SHEET_BYTES`].
    bytes: usize,
    limits: Limits,
    /// Whether a row came after a row with a larger or equal number.
    out_of_order: bool,
}

/// The limits a [`SheetBuilder`] applies, separate so tests can use small
/// ones.
#[derive(Debug, Clone, Copy)]
struct Limits {
    rows: usize,
    columns: usize,
    field_bytes: usize,
    sheet_bytes: usize,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        rows: MAX_ROWS,
        columns: MAX_COLUMNS,
        field_bytes: MAX_FIELD_BYTES,
        sheet_bytes: MAX_SHEET_BYTES,
    };
}

impl SheetBuilder {
    fn new(label: &'static str) -> SheetBuilder {
        SheetBuilder::with_limits(label, Limits::DEFAULT)
    }

    fn streaming(label: &'static str) -> SheetBuilder {
        SheetBuilder {
            streaming: true,
            ..SheetBuilder::new(label)
        }
    }

    fn with_limits(label: &'static str, limits: Limits) -> SheetBuilder {
        SheetBuilder {
            label,
            rows: Vec::new(),
            streaming: false,
            ready: None,
            last: None,
            finished: 0,
            current: None,
            cells: Vec::new(),
            bytes: 0,
            limits,
            out_of_order: false,
        }
    }

    /// Adds the cell at 0-based `(row, column)`. Empty cells are skipped: a
    /// styled blank cell far away must not widen or add a row.
    fn push(&mut self, row: u32, column: u32, cell: Cell) -> ReadResult<()> {
        if cell == Cell::Empty {
            return Ok(());
        }
        let number = row
            .checked_add(1)
            .ok_or_else(|| damaged(self.label, "a row number past 4,294,967,295"))?;
        if self.current != Some(number) {
            self.finish_row()?;
            self.current = Some(number);
        }
        let column = usize::try_from(column).unwrap_or(usize::MAX);
        if column >= self.limits.columns {
            return Err(ReadError::TooManyColumns {
                row: number,
                limit: self.limits.columns,
            });
        }
        if let Cell::Text(text) | Cell::Error(text) = &cell {
            if text.len() > self.limits.field_bytes {
                return Err(ReadError::FieldTooLarge {
                    row: number,
                    column: column_letter(column),
                    limit: self.limits.field_bytes,
                });
            }
            self.add_bytes(text_bytes(text.len()))?;
        }
        // Cells mostly come left to right with none missing: a push, not a
        // resize, which was 1% of reading a sheet.
        if column == self.cells.len() {
            self.add_bytes(CELL_BYTES)?;
            self.cells.push(cell);
            return Ok(());
        }
        if column > self.cells.len() {
            self.add_bytes((column + 1 - self.cells.len()) * CELL_BYTES)?;
            self.cells.resize(column + 1, Cell::Empty);
        }
        self.cells[column] = cell;
        Ok(())
    }

    fn add_bytes(&mut self, bytes: usize) -> ReadResult<()> {
        self.bytes = self.bytes.saturating_add(bytes);
        if self.bytes > self.limits.sheet_bytes {
            return Err(ReadError::TooMuchData {
                limit: self.limits.sheet_bytes,
            });
        }
        Ok(())
    }

    /// Moves the cells collected for the current row into a [`Row`].
    fn finish_row(&mut self) -> ReadResult<()> {
        let Some(number) = self.current.take() else {
            return Ok(());
        };
        if self.cells.is_empty() {
            return Ok(());
        }
        if self.streaming {
            if self.finished == self.limits.rows {
                return Err(ReadError::TooManyRows {
                    limit: self.limits.rows,
                });
            }
            if self.last.is_some_and(|last| last >= number) {
                return Err(ReadError::RowsOutOfOrder { row: number });
            }
            let cells = self.cells.drain(..).collect();
            self.ready = Some(Row { number, cells });
            self.last = Some(number);
            self.finished += 1;
            self.bytes = 0;
            return Ok(());
        }
        if self.rows.len() == self.limits.rows {
            return Err(ReadError::TooManyRows {
                limit: self.limits.rows,
            });
        }
        self.add_bytes(ROW_BYTES)?;
        if self.rows.last().is_some_and(|last| last.number >= number) {
            self.out_of_order = true;
        }
        // Collected into an exact-size vector; the buffer keeps its room.
        let cells = self.cells.drain(..).collect();
        self.rows.push(Row { number, cells });
        Ok(())
    }

    /// The rows in order. Files written by spreadsheets list rows in order;
    /// others may not, or may list one row's cells in several places, so
    /// rows are then sorted and rows with the same number merged.
    fn finish(mut self) -> ReadResult<Vec<Row>> {
        self.finish_row()?;
        if !self.out_of_order {
            return Ok(self.rows);
        }
        self.rows.sort_by_key(|row| row.number);
        let mut merged: Vec<Row> = Vec::with_capacity(self.rows.len());
        for row in self.rows {
            match merged.last_mut() {
                Some(last) if last.number == row.number => {
                    if last.cells.len() < row.cells.len() {
                        last.cells.resize(row.cells.len(), Cell::Empty);
                    }
                    for (slot, cell) in last.cells.iter_mut().zip(row.cells) {
                        if cell != Cell::Empty {
                            *slot = cell;
                        }
                    }
                }
                _ => merged.push(row),
            }
        }
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_become_excel_serials() {
        assert_eq!(iso_datetime("1900-01-01"), Cell::DateTime(1.0));
        assert_eq!(iso_datetime("1900-02-28"), Cell::DateTime(59.0));
        assert_eq!(iso_datetime("1900-03-01"), Cell::DateTime(61.0));
        assert_eq!(iso_datetime("2024-03-15"), Cell::DateTime(45366.0));
        assert_eq!(
            iso_datetime("2024-03-15T18:00:00"),
            Cell::DateTime(45366.75)
        );
        assert_eq!(
            iso_datetime("1899-12-30"),
            Cell::Text("1899-12-30".to_owned())
        );
        assert_eq!(iso_datetime("soon"), Cell::Text("soon".to_owned()));
    }

    #[test]
    fn iso_durations_become_days() {
        assert_eq!(iso_duration("PT36H00M00S"), Cell::Number(1.5));
        assert_eq!(iso_duration("P1DT12H"), Cell::Number(1.5));
        assert_eq!(iso_duration("-PT6H"), Cell::Number(-0.25));
        assert_eq!(iso_duration("PT1X"), Cell::Text("PT1X".to_owned()));
    }

    #[test]
    fn zero_only_formats_pad_whole_numbers() {
        assert_eq!(
            zero_padded(451_223.0, "00000000"),
            Some(Cell::Text("00451223".to_owned()))
        );
        assert_eq!(
            zero_padded(123_456_789.0, "00000000"),
            Some(Cell::Text("123456789".to_owned()))
        );
        assert_eq!(zero_padded(12.5, "00000000"), None);
        assert_eq!(zero_padded(-12.0, "00000000"), None);
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn the_builder_numbers_rows_from_one_and_pads_gaps() {
        let mut builder = SheetBuilder::new("test");

        builder.push(0, 0, text("a")).unwrap();
        builder.push(0, 2, text("c")).unwrap();
        builder.push(3, 1, Cell::Number(1.0)).unwrap();
        builder.push(4, 5, Cell::Empty).unwrap();
        let rows = builder.finish().unwrap();

        assert_eq!(
            rows,
            vec![
                Row {
                    number: 1,
                    cells: vec![text("a"), Cell::Empty, text("c")]
                },
                Row {
                    number: 4,
                    cells: vec![Cell::Empty, Cell::Number(1.0)]
                },
            ]
        );
    }

    #[test]
    fn the_builder_sorts_and_merges_rows_out_of_order() {
        let mut builder = SheetBuilder::new("test");

        builder.push(2, 0, text("c")).unwrap();
        builder.push(0, 0, text("a")).unwrap();
        builder.push(2, 1, text("d")).unwrap();
        let rows = builder.finish().unwrap();

        assert_eq!(
            rows,
            vec![
                Row {
                    number: 1,
                    cells: vec![text("a")]
                },
                Row {
                    number: 3,
                    cells: vec![text("c"), text("d")]
                },
            ]
        );
    }

    #[test]
    fn the_builder_applies_its_limits() {
        let limits = Limits {
            rows: 2,
            columns: 3,
            field_bytes: 4,
            sheet_bytes: 1000,
        };

        let mut rows = SheetBuilder::with_limits("test", limits);
        for row in 0..3 {
            rows.push(row, 0, text("x")).unwrap();
        }
        let mut wide = SheetBuilder::with_limits("test", limits);
        let mut long = SheetBuilder::with_limits("test", limits);
        let mut big = SheetBuilder::with_limits(
            "test",
            Limits {
                rows: 100,
                ..limits
            },
        );
        let mut big_result = Ok(());
        for row in 0..40 {
            big_result = big_result.and_then(|()| big.push(row, 2, text("x")));
        }

        assert_eq!(
            rows.finish().unwrap_err(),
            ReadError::TooManyRows { limit: 2 }
        );
        assert_eq!(
            wide.push(6, 3, text("x")).unwrap_err(),
            ReadError::TooManyColumns { row: 7, limit: 3 }
        );
        assert_eq!(
            long.push(1, 1, text("12345")).unwrap_err(),
            ReadError::FieldTooLarge {
                row: 2,
                column: "B".to_owned(),
                limit: 4
            }
        );
        assert_eq!(big_result, Err(ReadError::TooMuchData { limit: 1000 }));
    }

    #[test]
    fn a_text_file_of_many_tiny_fields_is_refused_before_it_is_read() {
        let row = "a,b,c,d,e,f,g,h,i,j\n";
        let wide = row.repeat(MAX_FILE_BYTES / row.len());
        let narrow = "PN-0000001,12.5\n".repeat(1_000_000);

        assert_eq!(
            check_text_size(wide.as_bytes(), None),
            Err(ReadError::TooMuchData {
                limit: MAX_TEXT_SHEET_BYTES
            })
        );
        assert_eq!(check_text_size(narrow.as_bytes(), None), Ok(()));
    }

    #[test]
    fn text_is_detected_and_binary_is_not() {
        assert!(looks_like_text(b"Part,Price\nA-1,10\n"));
        assert!(looks_like_text("Café,₹".as_bytes()));
        assert!(looks_like_text(b""));
        assert!(!looks_like_text(&[0u8, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3]));
    }

    #[test]
    fn file_stems_drop_directories_and_the_extension() {
        assert_eq!(file_stem("parts.csv"), "parts");
        assert_eq!(
            file_stem("C:\\exports\\price list.2024.tsv"),
            "price list.2024"
        );
        assert_eq!(file_stem(".csv"), ".csv");
        assert_eq!(file_stem("noext"), "noext");
    }
}
