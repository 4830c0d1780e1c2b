//! Estimates, before calamine opens an .ods file, how much memory calamine
//! will need for it, and refuses the file when that is more than
//! [`MAX_WHOLE_WORKBOOK_BYTES`].
//!
//! calamine reads every sheet of an .ods file when it opens it, into a
//! dense rectangle per sheet from the first to the last filled cell: 32
//! bytes a cell (and 24 more when the sheet has formulas), plus a copy of
//! each text for every cell that repeats it. The file can make that
//! enormous at little cost: `table:number-columns-repeated="16384"` on a
//! cell of 32 KB of text, `table:number-rows-repeated` on a row of them,
//! `<text:s text:c="1000000000"/>` for a billion spaces, or two filled
//! cells a million rows apart. calamine caps a sheet at 100 million cells,
//! which is still gigabytes.
//!
//! So `content.xml` is walked once here, as calamine's `read_table`,
//! `read_row` and `get_range` would walk it (same element names, same
//! repeat caps of 16,384 columns and 1,048,576 rows, empty cells only
//! written out when a filled cell follows), adding up the cells and text
//! each sheet will hold. The walk keeps no more than one tag of the file,
//! itself limited to [`MAX_TAG_BYTES`], so it is cheap in memory whatever
//! the file holds.

use crate::sheet::{ReadError, ReadResult};
use crate::workbook::MAX_WHOLE_WORKBOOK_BYTES;
use crate::zip_guard::{self, Archive, MAX_TOKEN_BYTES};

/// The longest tag the walk accepts; the same bound as for any XML run
/// ([`MAX_TOKEN_BYTES`]), since calamine's XML reader holds a whole tag.
const MAX_TAG_BYTES: u64 = MAX_TOKEN_BYTES;

/// calamine's caps (`ods.rs`): columns per row and rows per sheet.
const CALAMINE_MAX_COLUMNS: u64 = 16_384;
const CALAMINE_MAX_ROWS: u64 = 1_048_576;

/// What calamine keeps per cell of a sheet's rectangle: a `Data` (32 bytes)
/// and, when the sheet has formulas, a `String` (24 bytes) in a second
/// rectangle.
const DATA_BYTES: u64 = 32;
const FORMULA_BYTES: u64 = 24;

/// What a text costs besides its bytes (allocator header and rounding).
const TEXT_OVERHEAD: u64 = 24;

/// Walks `content.xml` and refuses the workbook when calamine would need
/// more than [`MAX_WHOLE_WORKBOOK_BYTES`] for it.
pub(crate) fn check(archive: &mut Archive<'_>, label: &'static str) -> ReadResult<()> {
    // calamine looks the part up by its exact name; every entry that differs
    // only in case is walked too, so none can stand in for the one read.
    let names = zip_guard::entry_names(archive);
    for (index, _) in names
        .iter()
        .enumerate()
        .filter(|(_, n)| *n == "content.xml")
    {
        let mut walk = Walk::new(label);
        zip_guard::stream_entry(archive, index, label, |chunk| walk.feed(chunk))?;
        if walk.estimate() > MAX_WHOLE_WORKBOOK_BYTES as u64 {
            return Err(ReadError::TooMuchData {
                limit: MAX_WHOLE_WORKBOOK_BYTES,
            });
        }
    }
    // A missing part is calamine's to report.
    Ok(())
}

/// Where the tokenizer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lexer {
    /// Between tags.
    Text,
    /// Inside `<...>`; the quote character when inside an attribute value.
    Tag { quote: Option<u8> },
}

/// One sheet's running totals.
#[derive(Debug, Default)]
struct Table {
    /// Cells pushed into calamine's flat cell list (before the rectangle).
    pushed: u64,
    /// Text in that list.
    pushed_text: u64,
    /// Rows so far, counting repeats (capped as calamine caps them).
    rows: u64,
    /// Rows before the first filled row, and through the last one.
    first_filled: Option<u64>,
    last_filled_end: u64,
    /// Leftmost and rightmost filled column.
    first_column: u64,
    last_column: u64,
    /// Text of the filled rows, each times its repeats.
    text: u64,
    has_formulas: bool,
}

impl Table {
    /// calamine's memory for this sheet once read: the rectangle(s) and
    /// their text.
    fn held(&self) -> u64 {
        let Some(first) = self.first_filled else {
            return 0;
        };
        let height = self.last_filled_end.saturating_sub(first);
        let width = (self.last_column + 1).saturating_sub(self.first_column);
        let cells = height.saturating_mul(width);
        let per_cell = if self.has_formulas {
            DATA_BYTES + FORMULA_BYTES
        } else {
            DATA_BYTES
        };
        cells.saturating_mul(per_cell).saturating_add(self.text)
    }

    /// calamine's memory while building the rectangle from its flat list.
    fn transient(&self) -> u64 {
        self.pushed
            .saturating_mul(DATA_BYTES + FORMULA_BYTES)
            .saturating_add(self.pushed_text)
    }
}

/// One row's running totals.
#[derive(Debug, Default)]
struct RowScan {
    repeats: u64,
    /// Cells pushed so far and empty cells waiting for a filled one.
    pushed: u64,
    pending_empty: u64,
    first_filled: Option<u64>,
    last_filled: u64,
    text: u64,
}

/// The cell being read.
#[derive(Debug)]
struct CellScan {
    /// Its element name, to find its end.
    name: Vec<u8>,
    depth: u32,
    repeats: u64,
    filled: bool,
    /// Whether calamine reads the element's content as the value.
    reads_content: bool,
    /// Text from attributes (string, date or time value; formula).
    attribute_text: u64,
    /// Text in the element's content, which counts only when calamine
    /// reads it.
    content_text: u64,
}

/// The walk over `content.xml`.
#[derive(Debug)]
struct Walk {
    label: &'static str,
    lexer: Lexer,
    tag: Vec<u8>,
    text_run: u64,
    in_table: bool,
    table: Table,
    row: Option<RowScan>,
    cell: Option<CellScan>,
    /// Memory of the sheets finished so far, and the largest single-sheet
    /// needs (the flat list while reading, the copy handed out per sheet).
    held: u64,
    largest_transient: u64,
    largest_copy: u64,
}

impl Walk {
    fn new(label: &'static str) -> Walk {
        Walk {
            label,
            lexer: Lexer::Text,
            tag: Vec::new(),
            text_run: 0,
            in_table: false,
            table: Table::default(),
            row: None,
            cell: None,
            held: 0,
            largest_transient: 0,
            largest_copy: 0,
        }
    }

    /// The peak estimate: all sheets held, plus the larger of the flat list
    /// of the sheet being read at open and the copy of the largest sheet
    /// handed out when it is read.
    fn estimate(&self) -> u64 {
        self.held
            .saturating_add(self.largest_transient.max(self.largest_copy))
    }

    fn damaged(&self, detail: &str) -> ReadError {
        zip_guard::damaged(self.label, format!("content.xml: {detail}"))
    }

    /// Consumes the next bytes of `content.xml`.
    fn feed(&mut self, chunk: &[u8]) -> ReadResult<()> {
        for &byte in chunk {
            match self.lexer {
                Lexer::Text => {
                    if byte == b'<' {
                        self.end_text();
                        self.lexer = Lexer::Tag { quote: None };
                        self.tag.clear();
                    } else {
                        self.text_run += 1;
                        if self.text_run > MAX_TOKEN_BYTES {
                            return Err(self.damaged("a text run too long"));
                        }
                    }
                }
                Lexer::Tag { quote } => {
                    if self.tag.len() as u64 >= MAX_TAG_BYTES {
                        return Err(self.damaged("a tag too long"));
                    }
                    let normal = !matches!(self.tag.first(), Some(b'!' | b'?'));
                    match (quote, byte) {
                        (Some(q), b) if b == q => self.lexer = Lexer::Tag { quote: None },
                        (None, b'"' | b'\'') if normal => {
                            self.lexer = Lexer::Tag { quote: Some(byte) };
                        }
                        (None, b'>') if self.tag_can_end() => {
                            self.lexer = Lexer::Text;
                            let tag = std::mem::take(&mut self.tag);
                            self.on_tag(&tag)?;
                            self.tag = tag;
                            continue;
                        }
                        _ => {}
                    }
                    self.tag.push(byte);
                }
            }
        }
        Ok(())
    }

    /// Whether a `>` now ends the tag: comments end at `-->`, CDATA at
    /// `]]>`, processing instructions at `?>`, everything else at once.
    fn tag_can_end(&self) -> bool {
        let tag = &self.tag;
        if tag.starts_with(b"!--") {
            tag.len() >= 5 && tag.ends_with(b"--")
        } else if tag.starts_with(b"![CDATA[") {
            tag.ends_with(b"]]")
        } else if tag.starts_with(b"?") {
            tag.ends_with(b"?")
        } else {
            true
        }
    }

    /// Text between tags counts towards the cell being read.
    fn end_text(&mut self) {
        if let Some(cell) = &mut self.cell {
            cell.content_text = cell.content_text.saturating_add(self.text_run);
        }
        self.text_run = 0;
    }

    fn on_tag(&mut self, tag: &[u8]) -> ReadResult<()> {
        if tag.first() == Some(&b'!') {
            // CDATA is text calamine ignores; counting it is on the safe side.
            if let (Some(cell), Some(data)) = (&mut self.cell, tag.strip_prefix(b"![CDATA[")) {
                cell.content_text = cell.content_text.saturating_add(data.len() as u64);
            }
            return Ok(());
        }
        if tag.first() == Some(&b'?') {
            return Ok(());
        }
        if let Some(name) = tag.strip_prefix(b"/") {
            return self.on_end(name.trim_ascii());
        }
        let empty = tag.ends_with(b"/");
        let tag = tag.strip_suffix(b"/").unwrap_or(tag);
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(tag.len());
        let (name, attributes) = tag.split_at(name_end);
        self.on_start(name, attributes)?;
        if empty {
            self.on_end(name)?;
        }
        Ok(())
    }

    fn on_start(&mut self, name: &[u8], attributes: &[u8]) -> ReadResult<()> {
        if let Some(cell) = &mut self.cell {
            match name {
                b"text:s" => {
                    let count = attribute(attributes, b"text:c").map_or(Some(1), parse_number);
                    cell.content_text = cell.content_text.saturating_add(count.unwrap_or(u64::MAX));
                }
                b"text:p" | b"text:tab" | b"text:line-break" => {
                    cell.content_text = cell.content_text.saturating_add(1);
                }
                _ if name == cell.name.as_slice() => cell.depth += 1,
                _ => {}
            }
            return Ok(());
        }
        if self.row.is_some() {
            if name == b"table:table-cell" || name == b"table:covered-table-cell" {
                self.start_cell(name, attributes)?;
            }
            return Ok(());
        }
        if self.in_table {
            if name == b"table:table-row" {
                let repeats = match attribute(attributes, b"table:number-rows-repeated") {
                    Some(value) => parse_number(value)
                        .ok_or_else(|| self.damaged("a row repeat that is not a number"))?,
                    None => 1,
                };
                let left = CALAMINE_MAX_ROWS.saturating_sub(self.table.rows);
                self.row = Some(RowScan {
                    repeats: repeats.min(left),
                    ..RowScan::default()
                });
            }
            return Ok(());
        }
        if name == b"table:table" && attribute(attributes, b"table:name").is_some() {
            self.in_table = true;
            self.table = Table {
                first_column: u64::MAX,
                ..Table::default()
            };
        }
        Ok(())
    }

    fn start_cell(&mut self, name: &[u8], attributes: &[u8]) -> ReadResult<()> {
        let repeats = match attribute(attributes, b"table:number-columns-repeated") {
            Some(value) => parse_number(value)
                .ok_or_else(|| self.damaged("a column repeat that is not a number"))?,
            None => 1,
        };
        // calamine's `get_datatype`: the first value attribute wins;
        // `office:value-type="string"` without a string value means the
        // content is the value, and an error cell's content is its text.
        let mut value_set = false;
        let mut is_string = false;
        let mut is_error = false;
        let mut text = 0;
        let mut formula = 0;
        for (key, value) in attributes_of(attributes) {
            match key {
                b"office:value" | b"office:boolean-value" if !value_set => value_set = true,
                b"office:string-value" | b"office:date-value" | b"office:time-value"
                    if !value_set =>
                {
                    value_set = true;
                    text = value.len() as u64;
                }
                b"office:value-type" if !value_set => is_string = value == b"string",
                b"calcext:value-type" => is_error = value == b"error",
                b"table:formula" => formula = value.len() as u64,
                _ => {}
            }
        }
        let reads_content = (!value_set && is_string) || (is_error && value_set && text == 0);
        let filled = value_set || reads_content || formula > 0;
        if formula > 0 {
            self.table.has_formulas = true;
        }
        self.cell = Some(CellScan {
            name: name.to_vec(),
            depth: 0,
            repeats,
            filled,
            reads_content,
            attribute_text: text + formula,
            content_text: 0,
        });
        Ok(())
    }

    fn on_end(&mut self, name: &[u8]) -> ReadResult<()> {
        if let Some(cell) = &mut self.cell {
            if name == cell.name.as_slice() {
                if cell.depth == 0 {
                    self.end_cell();
                } else {
                    cell.depth -= 1;
                }
            }
            return Ok(());
        }
        if name == b"table:table-row" && self.row.is_some() {
            self.end_row();
            return Ok(());
        }
        if name == b"table:table" && self.in_table {
            self.end_table();
        }
        Ok(())
    }

    /// calamine's `read_row` for one cell: the empty cells before it are
    /// written out now, each cell's repeats capped to the row's 16,384
    /// columns; an empty cell's repeats wait for a filled one.
    fn end_cell(&mut self) {
        let (Some(cell), Some(row)) = (self.cell.take(), &mut self.row) else {
            return;
        };
        let content = if cell.reads_content {
            cell.content_text
        } else {
            0
        };
        let text = match cell.attribute_text.saturating_add(content) {
            0 if !cell.reads_content => 0,
            bytes => bytes.saturating_add(TEXT_OVERHEAD),
        };
        let room = CALAMINE_MAX_COLUMNS.saturating_sub(row.pushed);
        let empties = row.pending_empty.min(room);
        row.pushed += empties;
        row.pending_empty = 0;
        let room = CALAMINE_MAX_COLUMNS.saturating_sub(row.pushed);
        let repeats = cell.repeats.min(room);
        if cell.filled {
            if repeats > 0 {
                row.first_filled.get_or_insert(row.pushed);
                row.last_filled = row.pushed + repeats - 1;
            }
            row.pushed += repeats;
            row.text = row.text.saturating_add(text.saturating_mul(repeats));
        } else {
            row.pending_empty = repeats;
        }
    }

    /// calamine's `get_range` for one row: a filled row is copied once per
    /// repeat, an empty row between filled ones becomes empty cells.
    fn end_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        let table = &mut self.table;
        table.pushed = table.pushed.saturating_add(row.pushed);
        table.pushed_text = table.pushed_text.saturating_add(row.text);
        if let Some(first) = row.first_filled {
            table.first_filled.get_or_insert(table.rows);
            table.last_filled_end = table.rows + row.repeats;
            table.first_column = table.first_column.min(first);
            table.last_column = table.last_column.max(row.last_filled);
            table.text = table
                .text
                .saturating_add(row.text.saturating_mul(row.repeats));
        }
        table.rows += row.repeats;
    }

    fn end_table(&mut self) {
        self.end_row();
        self.in_table = false;
        let table = std::mem::take(&mut self.table);
        let held = table.held();
        self.held = self.held.saturating_add(held);
        self.largest_transient = self.largest_transient.max(table.transient());
        self.largest_copy = self.largest_copy.max(held);
    }
}

/// The attributes of a tag, as raw `(name, value)` byte slices.
fn attributes_of(attributes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = attributes;
    std::iter::from_fn(move || {
        let eq = rest.iter().position(|&b| b == b'=')?;
        let key = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let len = after[1..].iter().position(|&b| b == quote)?;
        let value = &after[1..1 + len];
        rest = &after[len + 2..];
        Some((key, value))
    })
}

fn attribute<'a>(attributes: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    attributes_of(attributes)
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A repeat or space count. calamine parses these as `usize`; a value too
/// large for that makes calamine fail, so any count here is capped, not
/// refused.
fn parse_number(value: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(value).ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(content: &str) -> Walk {
        let mut walk = Walk::new("test");
        // Feed in small pieces so tags and text cross chunk boundaries.
        for chunk in content.as_bytes().chunks(7) {
            walk.feed(chunk).unwrap();
        }
        walk
    }

    fn table(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn a_small_sheet_costs_its_rectangle() {
        let content = table(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>ab</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );

        let walk = walk(&content);

        // 1 row × 2 columns = 64 bytes, plus "ab" (2 bytes, one paragraph
        // mark, overhead 24) = 27; while reading, the flat list of 2 cells
        // (56 bytes each) and the text again.
        assert_eq!(walk.held, 64 + 27);
        assert_eq!(walk.estimate(), 64 + 27 + 2 * 56 + 27);
    }

    #[test]
    fn repeated_cells_and_rows_multiply() {
        let content = table(
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row>"#,
        );

        let walk = walk(&content);

        assert_eq!(walk.held, 1000 * 100 * 32);
    }

    #[test]
    fn filled_cells_far_apart_span_the_rectangle_between_them() {
        let content = table(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="999998"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="499"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        );

        let walk = walk(&content);

        assert_eq!(walk.held, 1_000_000 * 500 * 32);
    }

    #[test]
    fn spaces_count_towards_the_text() {
        let content = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#,
        );

        let walk = walk(&content);

        assert!(walk.held > 1_000_000_000);
    }

    #[test]
    fn quoted_angle_brackets_and_comments_do_not_end_tags() {
        let content = table(
            r#"<!-- <table:table-cell office:value="1"> --><table:table-row><table:table-cell office:value-type="string" office:string-value="a>b"/></table:table-row>"#,
        );

        let walk = walk(&content);

        assert_eq!(walk.held, 32 + 3 + 24);
    }

    #[test]
    fn attributes_are_split_on_either_quote() {
        let pairs: Vec<(&[u8], &[u8])> = attributes_of(br#" a="1" b = '2 "x"' c="""#).collect();

        assert_eq!(
            pairs,
            vec![
                (&b"a"[..], &b"1"[..]),
                (&b"b"[..], &br#"2 "x""#[..]),
                (&b"c"[..], &b""[..])
            ]
        );
    }
}
