//! The error report of an import, as a workbook (.xlsx) or CSV file: the
//! header row and every row with a problem, their cells as uploaded (numbers
//! stay numbers, text stays text), then two columns: "Row in file", the
//! row's number in the uploaded sheet, and "Problems", one line per problem
//! of the row, errors before warnings:
//!
//! ```text
//! D (Unit Price): found "abc": expected a price such as 1,234.50 or ₹1,23,456
//! Warning: K (GST): found "18%": GST applies to prices in INR; …
//! ```
//!
//! Problems with the whole sheet (located on the header row, or on a row
//! the sheet does not have) are listed in the header row's "Problems" cell,
//! below the heading. The seller can fix the rows in the report and upload
//! it again: the two extra columns are reported as not imported, nothing
//! more.
//!
//! Text that starts like a formula is guarded as in [`crate::export`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use rust_xlsxwriter::Workbook;

use crate::columns::column_letter;
use crate::export::{ExportError, Formats, UTF8_BOM, clip, neutralize, push_csv_line, write_text};
use crate::records::{Problem, Severity};
use crate::sheet::Sheet;
use crate::values::{Cell, parse_text};

/// The heading of the column with the row's number in the uploaded sheet.
pub const ROW_HEADING: &str = "Row in file";
/// The heading of the problems column.
pub const PROBLEMS_HEADING: &str = "Problems";

/// One problem as a line of the "Problems" cell.
pub fn problem_line(p: &Problem) -> String {
    let mut out = String::new();
    if p.severity == Severity::Warning {
        out.push_str("Warning: ");
    }
    if let Some(column) = p.column {
        out.push_str(&column_letter(column));
        if let Some(header) = p.header.as_deref().filter(|h| !h.is_empty()) {
            out.push_str(" (");
            out.push_str(header);
            out.push(')');
        }
        out.push_str(": ");
    }
    if let Some(value) = &p.value {
        out.push_str("found \"");
        out.push_str(value);
        out.push_str("\": ");
    }
    out.push_str(&p.message);
    out
}

/// The problems of one row as the cell's text, errors first, then by column.
fn problems_text(problems: &[&Problem]) -> String {
    let mut sorted = problems.to_vec();
    sorted.sort_by_key(|p| (p.severity, p.column.unwrap_or(usize::MAX)));
    sorted
        .iter()
        .map(|p| problem_line(p))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One row of the report.
struct Line<'a> {
    /// The uploaded cells; none for a header row the sheet does not have.
    cells: &'a [Cell],
    /// The row's number in the uploaded sheet; `None` on the header line.
    number: Option<u32>,
    /// The "Problems" cell.
    problems: String,
}

/// The report's lines: the header, then the rows with problems in sheet
/// order; and the number of original columns.
fn lines<'a>(sheet: &'a Sheet, header_row: u32, problems: &[Problem]) -> (Vec<Line<'a>>, usize) {
    let present: HashSet<u32> = sheet.rows.iter().map(|r| r.number).collect();
    let mut by_row: BTreeMap<u32, Vec<&Problem>> = BTreeMap::new();
    let mut sheet_level: Vec<&Problem> = Vec::new();
    for p in problems {
        // Without a header row nothing was read: every problem is the sheet's.
        if header_row == 0 || p.row == header_row || !present.contains(&p.row) {
            sheet_level.push(p);
        } else {
            by_row.entry(p.row).or_default().push(p);
        }
    }
    let header_cells = sheet
        .rows
        .iter()
        .find(|r| r.number == header_row && header_row > 0)
        .map_or(&[][..], |r| r.cells.as_slice());
    let mut heading = PROBLEMS_HEADING.to_owned();
    if !sheet_level.is_empty() {
        heading.push('\n');
        heading.push_str(&problems_text(&sheet_level));
    }
    let mut out = vec![Line {
        cells: header_cells,
        number: None,
        problems: heading,
    }];
    for row in &sheet.rows {
        if let Some(ps) = by_row.get(&row.number) {
            out.push(Line {
                cells: &row.cells,
                number: Some(row.number),
                problems: problems_text(ps),
            });
        }
    }
    // Trailing empty cells do not widen the report.
    let width = out
        .iter()
        .map(|l| {
            l.cells
                .iter()
                .rposition(|c| *c != Cell::Empty)
                .map_or(0, |i| i + 1)
        })
        .max()
        .unwrap_or(0);
    (out, width)
}

/// The report as an .xlsx file; its sheet is named after the uploaded one.
///
/// # Errors
///
/// [`ExportError`] when the workbook cannot be written.
pub fn report_xlsx(
    sheet: &Sheet,
    header_row: u32,
    problems: &[Problem],
) -> Result<Vec<u8>, ExportError> {
    let (lines, width) = lines(sheet, header_row, problems);
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let ws = workbook.add_worksheet_with_constant_memory()?;
    // Sheet names have their own rules (31 characters, no []:*?/\); an
    // unusable name falls back to the default.
    let name: String = sheet
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        let _ = ws.set_name(name.trim());
    }
    let row_col = width as u16;
    let problems_col = row_col + 1;
    ws.set_column_width(problems_col, 90)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, line) in lines.iter().enumerate() {
        let r = i as u32;
        for (c, cell) in line.cells.iter().take(width).enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => write_text(ws, r, c, t, &formats)?,
                Cell::Number(n) if n.is_finite() => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Number(_) => {}
                Cell::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                Cell::DateTime(serial) => {
                    ws.write_number_with_format(r, c, *serial, &formats.date)?;
                }
                Cell::Error(code) => write_text(ws, r, c, code, &formats)?,
            }
        }
        match line.number {
            Some(n) => {
                ws.write_number(r, row_col, f64::from(n))?;
            }
            None => {
                ws.write_string_with_format(r, row_col, ROW_HEADING, &formats.header)?;
            }
        }
        let format = if line.number.is_none() {
            &formats.header
        } else {
            &formats.wrap
        };
        ws.write_string_with_format(r, problems_col, clip(&line.problems), format)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// How a cell reads in a CSV file: text as uploaded, numbers as a
/// spreadsheet shows them, dates as `YYYY-MM-DD`.
fn csv_text(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(t) => neutralize(t),
        Cell::Error(code) => Cow::Borrowed(code.as_str()),
        other => Cow::Owned(parse_text(other).ok().flatten().unwrap_or_default()),
    }
}

/// The report as a CSV file (UTF-8 with a byte-order mark).
pub fn report_csv(sheet: &Sheet, header_row: u32, problems: &[Problem]) -> Vec<u8> {
    let (lines, width) = lines(sheet, header_row, problems);
    let mut out = UTF8_BOM.to_vec();
    for line in &lines {
        let cells = (0..width).map(|i| line.cells.get(i).map_or(Cow::Borrowed(""), csv_text));
        let number = match line.number {
            Some(n) => Cow::Owned(n.to_string()),
            None => Cow::Borrowed(ROW_HEADING),
        };
        let problems = neutralize(&line.problems).into_owned();
        push_csv_line(&mut out, cells.chain([number, Cow::Owned(problems)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Row;
    use calamine::{Data, Reader, Xlsx};

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn sheet() -> Sheet {
        Sheet {
            name: "Price list".into(),
            rows: vec![
                Row {
                    number: 1,
                    cells: vec![text("Acme price list")],
                },
                Row {
                    number: 3,
                    cells: vec![
                        text("Part No."),
                        text("Name"),
                        text("Qty"),
                        text("Unit Price"),
                        text("Remarks"),
                    ],
                },
                Row {
                    number: 4,
                    cells: vec![
                        text("0451"),
                        text("Filter"),
                        Cell::Number(5.0),
                        Cell::Number(12.5),
                    ],
                },
                Row {
                    number: 5,
                    cells: vec![
                        Cell::Number(451224.0),
                        text("=1+1 cable"),
                        Cell::Number(-3.0),
                        text("abc"),
                        Cell::Empty,
                    ],
                },
                Row {
                    number: 6,
                    cells: vec![
                        text("X-1"),
                        Cell::Bool(true),
                        Cell::DateTime(45_000.0),
                        Cell::Error("#DIV/0!".into()),
                    ],
                },
            ],
        }
    }

    fn problem(
        row: u32,
        column: Option<usize>,
        header: &str,
        value: Option<&str>,
        message: &str,
        severity: Severity,
    ) -> Problem {
        Problem {
            sheet: "Price list".into(),
            row,
            column,
            header: (!header.is_empty()).then(|| header.to_owned()),
            value: value.map(str::to_owned),
            message: message.into(),
            severity,
        }
    }

    fn problems() -> Vec<Problem> {
        vec![
            problem(
                3,
                Some(4),
                "Remarks",
                None,
                "this column is not imported",
                Severity::Warning,
            ),
            problem(
                5,
                Some(2),
                "Qty",
                Some("-3"),
                "expected a stock of 0 or more",
                Severity::Error,
            ),
            problem(
                5,
                Some(1),
                "Name",
                Some("=1+1 cable"),
                "looks odd",
                Severity::Warning,
            ),
            problem(
                5,
                Some(3),
                "Unit Price",
                Some("abc"),
                "expected a price such as 1,234.50",
                Severity::Error,
            ),
            problem(
                6,
                Some(3),
                "Unit Price",
                Some("#DIV/0!"),
                "the cell holds the error #DIV/0!",
                Severity::Error,
            ),
            problem(
                3,
                None,
                "",
                None,
                "no column is mapped to Manufacturer",
                Severity::Error,
            ),
        ]
    }

    #[test]
    fn problem_lines_read_like_the_brief() {
        let p = problem(
            5,
            Some(3),
            "Unit Price",
            Some("abc"),
            "expected a price",
            Severity::Error,
        );
        assert_eq!(
            problem_line(&p),
            "D (Unit Price): found \"abc\": expected a price"
        );
        let w = problem(5, None, "", None, "check it", Severity::Warning);
        assert_eq!(problem_line(&w), "Warning: check it");
    }

    #[test]
    fn xlsx_report_keeps_cells_and_lists_problems() {
        let bytes = report_xlsx(&sheet(), 3, &problems()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Price list".to_owned()]);
        let range = book.worksheet_range("Price list").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(rows.len(), 3, "header and rows 5 and 6: {rows:?}");
        let s = |t: &str| Data::String(t.to_owned());
        assert_eq!(
            rows[0],
            vec![
                s("Part No."),
                s("Name"),
                s("Qty"),
                s("Unit Price"),
                s("Remarks"),
                s(ROW_HEADING),
                s(
                    "Problems\nno column is mapped to Manufacturer\nWarning: E (Remarks): this column is not imported"
                ),
            ]
        );
        assert_eq!(
            rows[1],
            vec![
                Data::Float(451224.0),
                s("=1+1 cable"),
                Data::Float(-3.0),
                s("abc"),
                Data::Empty,
                Data::Float(5.0),
                s("C (Qty): found \"-3\": expected a stock of 0 or more\n\
                   D (Unit Price): found \"abc\": expected a price such as 1,234.50\n\
                   Warning: B (Name): found \"=1+1 cable\": looks odd"),
            ]
        );
        assert_eq!(rows[2][0], s("X-1"));
        assert_eq!(rows[2][1], Data::Bool(true));
        assert!(
            matches!(rows[2][2], Data::DateTime(d) if d.as_f64() == 45_000.0),
            "{:?}",
            rows[2][2]
        );
        assert_eq!(rows[2][3], s("#DIV/0!"));
        assert_eq!(rows[2][5], Data::Float(6.0));
    }

    #[test]
    fn csv_report_matches_the_xlsx_one() {
        let bytes = report_csv(&sheet(), 3, &problems());
        assert!(bytes.starts_with(UTF8_BOM));
        let (read, _) = crate::read_csv(&bytes, None, "report").unwrap();
        let texts: Vec<Vec<String>> = read
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.clone(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(texts.len(), 3);
        assert_eq!(
            texts[0][..6],
            [
                "Part No.",
                "Name",
                "Qty",
                "Unit Price",
                "Remarks",
                ROW_HEADING
            ]
        );
        assert_eq!(
            texts[1][..6],
            ["451224", "=1+1 cable", "-3", "abc", "", "5"],
            "the guard is dropped again on reading"
        );
        assert!(texts[1][6].starts_with("C (Qty): found \"-3\""));
        assert_eq!(
            texts[2][..6],
            ["X-1", "TRUE", "2023-03-15", "#DIV/0!", "", "6"]
        );
        let raw = String::from_utf8(bytes).unwrap();
        assert!(raw.contains(",'=1+1 cable,"), "{raw}");
    }

    #[test]
    fn a_report_without_a_header_row_still_lists_the_problems() {
        let only = vec![problem(
            1,
            None,
            "",
            None,
            "no header row found",
            Severity::Error,
        )];
        let bytes = report_csv(&sheet(), 0, &only);
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "Row in file,\"Problems\nno header row found\"\r\n");
    }
}
