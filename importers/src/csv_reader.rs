//! Reads a CSV or TSV file into a [`Sheet`] of text cells.
//!
//! The reader works out the encoding (see [`read_csv`]) and the delimiter,
//! then splits the text into records. Every non-empty field becomes
//! [`Cell::Text`] exactly as written (except that a `'` guarding text
//! that starts like a formula, `'=…`, is dropped: see
//! [`crate::export::unguard`]), white space included: the value
//! parsers in [`crate::values`] fold white space and decide what a column's
//! text means, so "1.234,56" and "#DIV/0!" reach them untouched.
//!
//! Parsing uses `csv-core` rather than the `csv` crate's `Reader`: the latter
//! grows its record buffer to fit any field and silently accepts a quote left
//! open at the end of the file, while here each field is copied into a fixed
//! buffer one byte larger than [`MAX_FIELD_BYTES`], so memory stays bounded
//! whatever the input.

use std::borrow::Cow;

use csv_core::{ReadFieldResult, Reader, ReaderBuilder};
use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16LE, WINDOWS_1252};

use crate::columns::column_letter;
use crate::sheet::{ReadError, ReadResult, Row, Sheet};
use crate::values::Cell;

/// The most rows a file may have, counting the header and any title rows
/// above it.
pub const MAX_ROWS: usize = 1_000_000;

/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 512;

/// The most bytes of (UTF-8) text one field may hold: 32 KiB.
pub const MAX_FIELD_BYTES: usize = 32 * 1024;

/// How many records [`read_csv`] looks at to choose the delimiter.
const SNIFF_ROWS: usize = 20;

/// The delimiters [`read_csv`] chooses among, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How the file was read, for the import report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvInfo {
    /// The encoding's WHATWG name: `UTF-8`, `UTF-16LE`, `UTF-16BE` or
    /// `windows-1252`.
    pub encoding: &'static str,
    /// The field delimiter: `b','`, `b';'`, `b'\t'` or the caller's hint.
    pub delimiter: u8,
}

/// Reads a CSV or TSV file into a sheet called `name`.
///
/// The encoding is, in this order: UTF-8 when the file starts with a UTF-8
/// byte-order mark; UTF-16 (LE or BE) when it starts with that byte-order
/// mark; UTF-16LE when at least half the byte pairs near the start end in a
/// NUL byte (UTF-16 text written without a mark); UTF-8 when the bytes are
/// valid UTF-8; otherwise Windows-1252, which accepts any byte. A file that
/// is mostly UTF-8 with one stray invalid byte is therefore read entirely as
/// Windows-1252.
///
/// With `delimiter_hint` (such as `Some(b'\t')` for a `.tsv` file) that
/// delimiter is used as given. Otherwise comma, semicolon and tab are each
/// tried on the first 20 records (quotes respected), and the one that gives
/// the same column count, above one, on the most records wins; on a tie, the
/// larger column count, then the order comma, semicolon, tab. A file where
/// no delimiter splits anything is read as one column with commas.
///
/// A row's number is the line its record starts on, counting `\n`, `\r\n`
/// and a lone `\r` as line breaks. This is the row a spreadsheet shows,
/// except after a quoted cell spanning several lines, which a spreadsheet
/// shows as one row.
///
/// # Errors
///
/// [`ReadError::Empty`] when the file has no records, and the other
/// [`ReadError`]s for invalid UTF-16, a quote left open at the end of the
/// file, and files beyond [`MAX_ROWS`], [`MAX_COLUMNS`] or
/// [`MAX_FIELD_BYTES`].
pub fn read_csv(
    bytes: &[u8],
    delimiter_hint: Option<u8>,
    name: &str,
) -> ReadResult<(Sheet, CsvInfo)> {
    read_with_limits(bytes, delimiter_hint, name, Limits::DEFAULT)
}

/// The size limits, separate from [`read_csv`] so tests can use small ones.
#[derive(Debug, Clone, Copy)]
struct Limits {
    rows: usize,
    columns: usize,
    field_bytes: usize,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        rows: MAX_ROWS,
        columns: MAX_COLUMNS,
        field_bytes: MAX_FIELD_BYTES,
    };
}

fn read_with_limits(
    bytes: &[u8],
    delimiter_hint: Option<u8>,
    name: &str,
    limits: Limits,
) -> ReadResult<(Sheet, CsvInfo)> {
    let (encoding, text) = decode(bytes)?;
    let text = text.as_bytes();
    let delimiter = delimiter_hint.unwrap_or_else(|| sniff_delimiter(text, limits));
    let rows = Records::new(text, delimiter, limits).collect::<ReadResult<Vec<Row>>>()?;
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    let sheet = Sheet {
        name: name.to_owned(),
        rows,
    };
    let info = CsvInfo {
        encoding: encoding.name(),
        delimiter,
    };
    Ok((sheet, info))
}

/// A CSV or TSV file's text as UTF-8, decoded as [`read_csv`] decodes it
/// (borrowed when it already is UTF-8).
pub(crate) fn utf8_text(bytes: &[u8]) -> ReadResult<Cow<'_, str>> {
    decode(bytes).map(|(_, text)| text)
}

/// The rows of UTF-8 text as [`read_csv`] reads them, one at a time, with
/// the same limits; [`ReadError::Empty`] when there are none.
pub(crate) fn stream_rows(
    text: &[u8],
    delimiter_hint: Option<u8>,
) -> impl Iterator<Item = ReadResult<Row>> + '_ {
    let limits = Limits::DEFAULT;
    let delimiter = delimiter_hint.unwrap_or_else(|| sniff_delimiter(text, limits));
    let mut records = Records::new(text, delimiter, limits);
    let mut any = false;
    std::iter::from_fn(move || match records.next() {
        None if !any => {
            any = true;
            Some(Err(ReadError::Empty))
        }
        next => {
            any = true;
            next
        }
    })
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

/// Detects the encoding (see [`read_csv`]) and decodes the text without its
/// byte-order mark. UTF-8 input is borrowed, not copied.
fn decode(bytes: &[u8]) -> ReadResult<(&'static Encoding, Cow<'_, str>)> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return if encoding == UTF_8 {
            match std::str::from_utf8(body) {
                Ok(text) => Ok((UTF_8, Cow::Borrowed(text))),
                Err(_) => decode_strict(UTF_8, body).map(|t| (UTF_8, Cow::Owned(t))),
            }
        } else {
            decode_strict(encoding, body).map(|t| (encoding, Cow::Owned(t)))
        };
    }
    if looks_like_utf16le(bytes) {
        return decode_strict(UTF_16LE, bytes).map(|t| (UTF_16LE, Cow::Owned(t)));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((UTF_8, Cow::Borrowed(text)));
    }
    // Windows-1252 maps every byte to a character, so this cannot fail.
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((WINDOWS_1252, text))
}

/// Decodes text that declared its encoding, refusing malformed bytes (such as
/// an unpaired UTF-16 surrogate) rather than replacing them, so the error can
/// name the line.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> ReadResult<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut out = String::with_capacity(capacity);
    let mut rest = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(rest.len().saturating_mul(3) + 4),
            DecoderResult::Malformed(_, _) => {
                let mut lines = LineCounter::default();
                return Err(ReadError::InvalidBytes {
                    row: lines.line_at(out.as_bytes(), out.len()),
                    encoding: encoding.name(),
                });
            }
        }
    }
}

/// How many bytes [`looks_like_utf16le`] samples.
const UTF16_SAMPLE_BYTES: usize = 4096;

/// Whether BOM-less bytes look like UTF-16LE: mostly Latin text, where the
/// second byte of most pairs is NUL and the first almost never is.
pub(crate) fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE_BYTES)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return false;
    }
    let (mut odd_nul, mut even_nul) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    odd_nul * 2 >= pairs && even_nul * 10 <= pairs
}

// ---------------------------------------------------------------------------
// Delimiter
// ---------------------------------------------------------------------------

/// Chooses the delimiter as described on [`read_csv`].
fn sniff_delimiter(text: &[u8], limits: Limits) -> u8 {
    let mut best: Option<(usize, usize, u8)> = None;
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = Records::new(text, delimiter, limits)
            .take(SNIFF_ROWS)
            .map_while(Result::ok)
            .map(|row| row.cells.len())
            .collect();
        // The most frequent column count, the larger count on a tie.
        let Some((columns, frequency)) = counts
            .iter()
            .map(|&c| (c, counts.iter().filter(|&&d| d == c).count()))
            .max_by_key(|&(c, f)| (f, c))
        else {
            continue;
        };
        let better = best.is_none_or(|(f, c, _)| (frequency, columns) > (f, c));
        if columns > 1 && better {
            best = Some((frequency, columns, delimiter));
        }
    }
    best.map_or(b',', |(_, _, delimiter)| delimiter)
}

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

/// Counts line breaks (`\n`, `\r\n`, lone `\r`) up to increasing offsets.
#[derive(Debug, Default)]
struct LineCounter {
    counted_to: usize,
    breaks: u64,
}

impl LineCounter {
    /// The 1-based line of `offset`; offsets must not decrease between calls.
    fn line_at(&mut self, text: &[u8], offset: usize) -> u32 {
        let end = offset.min(text.len());
        for i in self.counted_to..end {
            let is_break = match text[i] {
                b'\n' => true,
                b'\r' => text.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            self.breaks += u64::from(is_break);
        }
        self.counted_to = self.counted_to.max(end);
        // Beyond u32::MAX lines only in files of several gigabytes, which
        // the caller's size check refuses first.
        u32::try_from(self.breaks + 1).unwrap_or(u32::MAX)
    }
}

/// The records of decoded text, one [`Row`] at a time. Stops after the first
/// error.
struct Records<'a> {
    text: &'a [u8],
    reader: Reader,
    pos: usize,
    lines: LineCounter,
    /// One byte more than the limit, so an oversized field is seen.
    field: Vec<u8>,
    limits: Limits,
    rows: usize,
    done: bool,
}

impl<'a> Records<'a> {
    fn new(text: &'a [u8], delimiter: u8, limits: Limits) -> Records<'a> {
        Records {
            text,
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            pos: 0,
            lines: LineCounter::default(),
            field: vec![0; limits.field_bytes + 1],
            limits,
            rows: 0,
            done: false,
        }
    }

    /// Reads one field into `self.field`; returns the result and the field's
    /// length.
    fn read_field(&mut self) -> (ReadFieldResult, usize) {
        let mut len = 0;
        loop {
            let input = &self.text[self.pos..];
            let at_eof = input.is_empty();
            let (result, read, written) = self.reader.read_field(input, &mut self.field[len..]);
            self.pos += read;
            len += written;
            match result {
                // An empty input tells the reader the text has ended; it
                // should then finish the field, so never loop on it.
                ReadFieldResult::InputEmpty if at_eof => return (ReadFieldResult::End, len),
                ReadFieldResult::InputEmpty => {}
                other => return (other, len),
            }
        }
    }

    fn next_row(&mut self) -> ReadResult<Option<Row>> {
        // The reader skips blank lines before a record; skip them here too to
        // find the line the record starts on.
        let record_start = self.pos
            + self.text[self.pos..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
        let row = self.lines.line_at(self.text, record_start);
        let mut cells = Vec::new();
        loop {
            let field_start = if cells.is_empty() {
                record_start
            } else {
                self.pos
            };
            let (result, len) = self.read_field();
            let record_end = match result {
                ReadFieldResult::Field { record_end } => record_end,
                ReadFieldResult::End | ReadFieldResult::InputEmpty => return Ok(None),
                ReadFieldResult::OutputFull => {
                    return Err(self.field_too_large(row, cells.len()));
                }
            };
            if len > self.limits.field_bytes {
                return Err(self.field_too_large(row, cells.len()));
            }
            if cells.len() == self.limits.columns {
                return Err(ReadError::TooManyColumns {
                    row,
                    limit: self.limits.columns,
                });
            }
            if self.pos == self.text.len() && ends_inside_quotes(&self.text[field_start..]) {
                return Err(ReadError::UnterminatedQuote {
                    row: self.lines.line_at(self.text, field_start),
                });
            }
            cells.push(match &self.field[..len] {
                [] => Cell::Empty,
                // The text is valid UTF-8 and the reader only drops ASCII
                // quotes, so the field is valid UTF-8 too; lossy conversion
                // merely avoids a panic path. A `'` guarding formula-like
                // text (as our own CSV exports write it) is dropped.
                field => {
                    Cell::Text(crate::export::unguard(&String::from_utf8_lossy(field)).to_owned())
                }
            });
            if record_end {
                break;
            }
        }
        self.rows += 1;
        if self.rows > self.limits.rows {
            return Err(ReadError::TooManyRows {
                limit: self.limits.rows,
            });
        }
        // A vector grown by pushing keeps room for at least 4 cells: 64
        // bytes per short row, 60 MB over a million rows.
        cells.shrink_to_fit();
        Ok(Some(Row { number: row, cells }))
    }

    fn field_too_large(&self, row: u32, index: usize) -> ReadError {
        ReadError::FieldTooLarge {
            row,
            column: column_letter(index),
            limit: self.limits.field_bytes,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = ReadResult<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_row().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// Whether a field's raw text, running to the end of the file, opens a quote
/// it never closes. Mirrors the reader's rules: only a quote as the first
/// byte opens a quoted field, and inside one `""` is an escaped quote.
fn ends_inside_quotes(raw: &[u8]) -> bool {
    let Some((b'"', rest)) = raw.split_first() else {
        return false;
    };
    let mut inside = true;
    for &byte in rest {
        if byte == b'"' {
            // Inside, a quote closes; right after closing, it escapes.
            inside = !inside;
        } else if !inside {
            // Text after the closing quote is unquoted to the field's end.
            return false;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row as its number and cell texts ("" for an empty cell).
    fn table(sheet: &Sheet) -> Vec<(u32, Vec<&str>)> {
        sheet
            .rows
            .iter()
            .map(|row| {
                let cells = row
                    .cells
                    .iter()
                    .map(|cell| match cell {
                        Cell::Empty => "",
                        Cell::Text(text) => text.as_str(),
                        other => panic!("a CSV reader made a non-text cell: {other:?}"),
                    })
                    .collect();
                (row.number, cells)
            })
            .collect()
    }

    fn read(bytes: &[u8]) -> (Sheet, CsvInfo) {
        match read_csv(bytes, None, "Parts") {
            Ok(read) => read,
            Err(e) => panic!("expected the file to read, got: {e}"),
        }
    }

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn utf8_with_bom_is_read_without_the_mark() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Part No,Description\nA-1,Café ₹ filter\n".as_bytes());

        let (sheet, info) = read(&bytes);

        assert_eq!(info.encoding, "UTF-8");
        assert_eq!(info.delimiter, b',');
        assert_eq!(sheet.name, "Parts");
        assert_eq!(
            table(&sheet),
            vec![
                (1, vec!["Part No", "Description"]),
                (2, vec!["A-1", "Café ₹ filter"]),
            ]
        );
    }

    #[test]
    fn utf16le_with_bom_is_decoded() {
        let bytes = utf16le("Part No\tPrice\r\nA-1\t₹1,200\r\n", true);

        let (sheet, info) = read(&bytes);

        assert_eq!(info.encoding, "UTF-16LE");
        assert_eq!(info.delimiter, b'\t');
        assert_eq!(
            table(&sheet),
            vec![(1, vec!["Part No", "Price"]), (2, vec!["A-1", "₹1,200"])]
        );
    }

    #[test]
    fn utf16be_with_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend("a;b\n".encode_utf16().flat_map(u16::to_be_bytes));

        let (sheet, info) = read(&bytes);

        assert_eq!(info.encoding, "UTF-16BE");
        assert_eq!(table(&sheet), vec![(1, vec!["a", "b"])]);
    }

    #[test]
    fn utf16le_without_bom_is_detected_by_its_nul_bytes() {
        let bytes = utf16le("Part No,Price\nA-1,10\n", false);

        let (sheet, info) = read(&bytes);

        assert_eq!(info.encoding, "UTF-16LE");
        assert_eq!(
            table(&sheet),
            vec![(1, vec!["Part No", "Price"]), (2, vec!["A-1", "10"])]
        );
    }

    #[test]
    fn unpaired_utf16_surrogate_is_an_error_naming_the_row() {
        let mut bytes = utf16le("a,b\nc,d\n", true);
        bytes.extend_from_slice(&[0x00, 0xD8, b'x', 0x00]);

        let error = read_csv(&bytes, None, "Parts").unwrap_err();

        assert_eq!(
            error,
            ReadError::InvalidBytes {
                row: 3,
                encoding: "UTF-16LE"
            }
        );
        assert_eq!(
            error.to_string(),
            "row 3: the file holds bytes that are not valid UTF-16LE text"
        );
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        // "Café" and "µm" as Windows-1252 bytes: 0xE9 and 0xB5.
        let bytes = b"Part No,Description\nA-1,Caf\xE9 filter 5\xB5m\n";

        let (sheet, info) = read(bytes);

        assert_eq!(info.encoding, "windows-1252");
        assert_eq!(table(&sheet)[1].1, vec!["A-1", "Café filter 5µm"]);
    }

    #[test]
    fn semicolons_are_chosen_and_decimal_commas_stay_in_one_field() {
        let bytes = "Artikel;Preis;Menge\nA-1;1.234,56;2\nA-2;7,5;10\n".as_bytes();

        let (sheet, info) = read(bytes);

        assert_eq!(info.delimiter, b';');
        assert_eq!(
            table(&sheet),
            vec![
                (1, vec!["Artikel", "Preis", "Menge"]),
                (2, vec!["A-1", "1.234,56", "2"]),
                (3, vec!["A-2", "7,5", "10"]),
            ]
        );
    }

    #[test]
    fn semicolons_win_over_a_title_line_with_a_comma() {
        // Commas split three of the four lines in two, semicolons in three.
        let bytes = "Price list, March 2024\nPart;Description;Price\nA-1;Bolt;1,5\nA-2;Nut;2,5\n";

        let (sheet, info) = read(bytes.as_bytes());

        assert_eq!(info.delimiter, b';');
        assert_eq!(table(&sheet)[0].1, vec!["Price list, March 2024"]);
        assert_eq!(table(&sheet)[3].1, vec!["A-2", "Nut", "2,5"]);
    }

    #[test]
    fn tabs_are_chosen_when_they_split_consistently() {
        let bytes = "Part\tDescription\tPrice\nA-1\tBolt, M8\t1,200\n".as_bytes();

        let (sheet, info) = read(bytes);

        assert_eq!(info.delimiter, b'\t');
        assert_eq!(table(&sheet)[1].1, vec!["A-1", "Bolt, M8", "1,200"]);
    }

    #[test]
    fn a_delimiter_hint_is_used_as_given() {
        // Sniffing would pick the comma (two columns on both rows).
        let bytes = b"a,b\tc\nd,e\tf\n";

        let (sheet, info) = read_csv(bytes, Some(b'\t'), "Parts").unwrap();

        assert_eq!(info.delimiter, b'\t');
        assert_eq!(table(&sheet)[0].1, vec!["a,b", "c"]);
    }

    #[test]
    fn a_single_column_file_is_read_with_commas() {
        let (sheet, info) = read(b"Part\nA-1\nA-2\n");

        assert_eq!(info.delimiter, b',');
        assert_eq!(sheet.rows.len(), 3);
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
        let bytes = b"Part,Description,Note\n\
            A-1,\"Bolt, M8\",\"He said \"\"fine\"\"\"\n\
            A-2,\"Line one\nline two\r\nline three\",x\n\
            A-3,plain,y\n";

        let (sheet, _) = read(bytes);

        assert_eq!(
            table(&sheet),
            vec![
                (1, vec!["Part", "Description", "Note"]),
                (2, vec!["A-1", "Bolt, M8", "He said \"fine\""]),
                (3, vec!["A-2", "Line one\nline two\r\nline three", "x"]),
                // Row 3 spans three lines, so the next record starts on line 6.
                (6, vec!["A-3", "plain", "y"]),
            ]
        );
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        let bytes = b"\r\nPart,Price\r\n\r\n\r\nA-1,10\rA-2,20";

        let (sheet, _) = read(bytes);

        assert_eq!(
            table(&sheet),
            vec![
                (2, vec!["Part", "Price"]),
                (5, vec!["A-1", "10"]),
                (6, vec!["A-2", "20"]),
            ]
        );
    }

    #[test]
    fn cells_keep_their_raw_text_and_error_codes() {
        let bytes = b"Part,Price,Note\n  A-1 ,#DIV/0!,\n";

        let (sheet, _) = read(bytes);

        assert_eq!(
            sheet.rows[1].cells,
            vec![
                Cell::Text("  A-1 ".to_owned()),
                Cell::Text("#DIV/0!".to_owned()),
                Cell::Empty,
            ]
        );
    }

    #[test]
    fn ragged_rows_keep_their_own_length() {
        let bytes = b"Part,Price,Qty\nA-1,10\nA-2,20,3,extra\n";

        let (sheet, _) = read(bytes);

        assert_eq!(
            table(&sheet),
            vec![
                (1, vec!["Part", "Price", "Qty"]),
                (2, vec!["A-1", "10"]),
                (3, vec!["A-2", "20", "3", "extra"]),
            ]
        );
    }

    #[test]
    fn an_unterminated_quote_is_an_error_naming_its_row() {
        let bytes = b"Part,Note\nA-1,ok\nA-2,\"never closed\nA-3,more\n";

        let error = read_csv(bytes, None, "Parts").unwrap_err();

        assert_eq!(error, ReadError::UnterminatedQuote { row: 3 });
        assert!(
            error
                .to_string()
                .starts_with("row 3: a quoted cell is never closed")
        );
    }

    #[test]
    fn a_quote_closed_at_the_very_end_is_fine() {
        let (sheet, _) = read(b"Part,Note\nA-1,\"a \"\"b\"\"\"");

        assert_eq!(table(&sheet)[1].1, vec!["A-1", "a \"b\""]);
    }

    #[test]
    fn a_field_over_32_kib_is_an_error() {
        let mut bytes = b"Part,Description\nA-1,ok\nA-2,".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
        bytes.extend_from_slice(b"\nA-3,ok\n");

        let error = read_csv(&bytes, None, "Parts").unwrap_err();

        assert_eq!(
            error,
            ReadError::FieldTooLarge {
                row: 3,
                column: "B".to_owned(),
                limit: MAX_FIELD_BYTES
            }
        );
        assert_eq!(
            error.to_string(),
            "row 3, column B: the cell holds more than 32768 bytes of text"
        );
    }

    #[test]
    fn a_field_of_exactly_32_kib_is_accepted() {
        let mut bytes = b"Part,Description\nA-1,".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES));

        let (sheet, _) = read(&bytes);

        assert_eq!(table(&sheet)[1].1[1].len(), MAX_FIELD_BYTES);
    }

    #[test]
    fn a_row_of_600_columns_is_an_error() {
        let header = (0..600).map(|i| format!("c{i}")).collect::<Vec<_>>();
        let bytes = format!("{}\n", header.join(","));

        let error = read_csv(bytes.as_bytes(), None, "Parts").unwrap_err();

        assert_eq!(
            error,
            ReadError::TooManyColumns {
                row: 1,
                limit: MAX_COLUMNS
            }
        );
        assert_eq!(
            error.to_string(),
            "row 1: the row has more than 512 columns"
        );
    }

    #[test]
    fn a_row_of_512_columns_is_accepted() {
        let bytes = format!("{}\n", vec!["x"; MAX_COLUMNS].join(","));

        let (sheet, _) = read(bytes.as_bytes());

        assert_eq!(sheet.rows[0].cells.len(), MAX_COLUMNS);
    }

    #[test]
    fn too_many_rows_is_an_error() {
        let limits = Limits {
            rows: 3,
            ..Limits::DEFAULT
        };

        let three = read_with_limits(b"a,b\n1,2\n3,4\n", None, "Parts", limits);
        let four = read_with_limits(b"a,b\n1,2\n3,4\n5,6\n", None, "Parts", limits);

        assert!(three.is_ok());
        assert_eq!(four.unwrap_err(), ReadError::TooManyRows { limit: 3 });
    }

    #[test]
    fn an_empty_file_is_an_error() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\r\n\n\r\n"] {
            let error = read_csv(bytes, None, "Parts").unwrap_err();

            assert_eq!(error, ReadError::Empty, "input {bytes:?}");
            assert_eq!(error.to_string(), "the file is empty");
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        // A fixed xorshift sequence, so a failure can be reproduced.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b",;\t\"\r\n\0ab\xFF\xFE\xE9";
        for round in 0..200 {
            let len = usize::try_from(next() % 2000).unwrap();
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    // Half the bytes from CSV syntax, half anything.
                    if r % 2 == 0 {
                        alphabet[usize::try_from(r >> 8).unwrap() % alphabet.len()]
                    } else {
                        (r >> 8) as u8
                    }
                })
                .collect();

            if let Ok((sheet, _)) = read_csv(&bytes, None, "Parts") {
                assert!(!sheet.rows.is_empty(), "round {round}");
                let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
                assert!(numbers.is_sorted_by(|a, b| a < b), "round {round}");
            }
        }
    }
}
