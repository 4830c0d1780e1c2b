//! Writes part records as an Excel workbook (.xlsx) or a CSV file in the
//! layout the importer reads back: one header row whose headers map to the
//! same [`Field`]s (see [`COLUMNS`]), then one row per part. A seller can
//! download the catalog, edit it in a spreadsheet and upload it again.
//!
//! - In the workbook numbers stay numbers: the unit price with two decimals
//!   beside a currency column, stock, minimum order, order multiple, lead
//!   time and warranty as whole numbers, the GST rate as a number, the weight in kilograms.
//!   Part numbers are always text, so leading zeros survive.
//! - Lists (compatible models, superseded numbers) are joined with "; ",
//!   the category path with " > ", as the importer splits them.
//! - Formula injection: text starting with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return would run as a formula when the file is opened. In the
//!   workbook such text is written as a string cell (never a formula) with
//!   Excel's quote prefix, so it also stays text when edited. In CSV, which
//!   has no cell types, it gets a leading `'` ([`neutralize`]); the CSV
//!   reader removes it again ([`unguard`]), so the text round-trips.
//! - The CSV file is UTF-8 with a byte-order mark (so Excel reads it as
//!   UTF-8), comma-separated, with CRLF line ends.
//!
//! Both writers take records in slices, so a caller can read a large catalog
//! page by page: [`XlsxExport`] writes rows to a temporary file as they come
//! (constant-memory mode), and [`append_csv`] appends to a buffer the caller
//! can send at once.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::columns::Field;
use crate::records::PartRecord;

/// The columns of an export, in order: the field and its header. Every
/// header maps back to its field through the importer's synonyms. Image
/// links are not exported: the importer does not download them.
pub const COLUMNS: [(Field, &str); 20] = [
    (Field::PartNumber, "Part number"),
    (Field::Name, "Name"),
    (Field::Description, "Description"),
    (Field::Manufacturer, "Manufacturer"),
    (Field::Brand, "Brand"),
    (Field::OemPartNumber, "OEM part number"),
    (Field::Category, "Category"),
    (Field::CompatibleModels, "Compatible models"),
    (Field::UnitPrice, "Unit price"),
    (Field::Currency, "Currency"),
    (Field::GstRate, "GST rate (%)"),
    (Field::Stock, "Stock"),
    (Field::Moq, "Minimum order quantity"),
    (Field::OrderMultiple, "Order multiple"),
    (Field::LeadTime, "Lead time (days)"),
    (Field::WarrantyMonths, "Warranty (months)"),
    (Field::Condition, "Condition"),
    (Field::WeightKg, "Weight (kg)"),
    (Field::Hsn, "HSN code"),
    (Field::Supersedes, "Supersedes"),
];

/// The separator of list cells.
pub const LIST_SEPARATOR: &str = "; ";

/// The name of the exported sheet.
pub const SHEET_NAME: &str = "Parts";

/// The most rows an .xlsx sheet holds, header included.
pub const MAX_XLSX_ROWS: u32 = 1_048_576;

/// The most characters an .xlsx cell holds.
pub(crate) const MAX_XLSX_CHARS: usize = 32_767;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// More rows than a worksheet holds.
    #[error("more than {} rows do not fit in one worksheet; export as CSV", MAX_XLSX_ROWS - 1)]
    TooManyRows,
    /// The workbook writer failed (a temporary file could not be written).
    #[error("writing the workbook failed: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Whether text would be taken for a formula when the file is opened: it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not
/// just a signed number such as `-3` or `+91 98450 12345`.
pub fn needs_guard(text: &str) -> bool {
    if !text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return false;
    }
    let rest = &text[1..];
    let plain_number = text.starts_with(['+', '-'])
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '));
    !plain_number
}

/// The text as a CSV cell may safely hold it: with a leading `'` when it
/// would otherwise start a formula (see [`needs_guard`]).
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if needs_guard(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The reverse of [`neutralize`]: drops a `'` that guards formula-like
/// text. Other text, including text that merely starts with `'`, is
/// returned as it is.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => text,
    }
}

/// One exported cell.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Integer(i64),
    /// Minor units: written with two decimals.
    Money(i64),
    /// Grams: written in kilograms.
    Grams(u64),
}

fn text(value: &Option<String>) -> Value {
    value.clone().map_or(Value::Empty, Value::Text)
}

fn list(items: &[String]) -> Value {
    if items.is_empty() {
        Value::Empty
    } else {
        Value::Text(items.join(LIST_SEPARATOR))
    }
}

fn integer<T: Into<i64> + Copy>(value: Option<T>) -> Value {
    value.map_or(Value::Empty, |v| Value::Integer(v.into()))
}

/// The cells of one record, in [`COLUMNS`] order.
fn cells(r: &PartRecord) -> [Value; COLUMNS.len()] {
    [
        Value::Text(r.part_number.clone()),
        text(&r.name),
        text(&r.description),
        text(&r.manufacturer),
        text(&r.brand),
        text(&r.oem_part_number),
        text(&r.category),
        list(&r.compatible_models),
        r.price_minor.map_or(Value::Empty, Value::Money),
        r.currency
            .map_or(Value::Empty, |c| Value::Text(c.code().to_owned())),
        integer(r.gst_rate),
        integer(r.stock),
        integer(r.moq),
        integer(r.order_multiple),
        integer(r.lead_time_days),
        integer(r.warranty_months),
        r.condition
            .map_or(Value::Empty, |c| Value::Text(c.key().to_owned())),
        r.weight_grams.map_or(Value::Empty, Value::Grams),
        text(&r.hsn),
        list(&r.supersedes),
    ]
}

/// Money in minor units as plain decimal text: `123450` → `1234.50`.
fn money_text(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

/// Grams as kilograms the importer reads back exactly: `500` → `0.5`,
/// `1250` → `1.25`, `2000` → `2`. Exactly three decimals after a non-zero
/// whole part would read as a thousands separator (`1.125`), so those get a
/// fourth: `1.1250`.
fn kilograms_text(grams: u64) -> String {
    let (whole, rest) = (grams / 1000, grams % 1000);
    if rest == 0 {
        return whole.to_string();
    }
    let fraction = format!("{rest:03}");
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() == 3 && whole != 0 {
        format!("{whole}.{fraction}0")
    } else {
        format!("{whole}.{fraction}")
    }
}

/// At most [`MAX_XLSX_CHARS`] characters, cut at a character boundary.
pub(crate) fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_XLSX_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The formats an exported workbook uses.
pub(crate) struct Formats {
    pub header: Format,
    pub guarded: Format,
    pub money: Format,
    pub kilograms: Format,
    pub wrap: Format,
    pub date: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Top),
            // Excel's leading apostrophe: the cell stays text when edited.
            guarded: Format::new().set_quote_prefix(),
            money: Format::new().set_num_format("0.00"),
            kilograms: Format::new().set_num_format("0.000"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Writes text as a string cell, guarded when it looks like a formula.
pub(crate) fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let text = clip(text);
    if needs_guard(text) {
        sheet.write_string_with_format(row, col, text, &formats.guarded)?;
    } else {
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

/// A workbook being written, a slice of records at a time.
pub struct XlsxExport {
    workbook: Workbook,
    formats: Formats,
    next_row: u32,
}

impl XlsxExport {
    /// A workbook with the header row written.
    ///
    /// # Errors
    ///
    /// [`ExportError::Xlsx`] when the temporary file cannot be created.
    pub fn new() -> Result<XlsxExport, ExportError> {
        let mut workbook = Workbook::new();
        let formats = Formats::new();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(SHEET_NAME)?;
        for (col, (field, header)) in COLUMNS.iter().enumerate() {
            let col = col as u16;
            sheet.set_column_width(col, column_width(*field))?;
            sheet.write_string_with_format(0, col, *header, &formats.header)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        Ok(XlsxExport {
            workbook,
            formats,
            next_row: 1,
        })
    }

    /// Appends one row per record, in order.
    ///
    /// # Errors
    ///
    /// [`ExportError::TooManyRows`] past the sheet's last row, and
    /// [`ExportError::Xlsx`] when the temporary file cannot be written.
    pub fn append(&mut self, records: &[PartRecord]) -> Result<(), ExportError> {
        let sheet = self.workbook.worksheet_from_index(0)?;
        for record in records {
            if self.next_row >= MAX_XLSX_ROWS {
                return Err(ExportError::TooManyRows);
            }
            let row = self.next_row;
            for (col, value) in cells(record).iter().enumerate() {
                let col = col as u16;
                match value {
                    Value::Empty => {}
                    Value::Text(t) => write_text(sheet, row, col, t, &self.formats)?,
                    Value::Integer(n) => {
                        sheet.write_number(row, col, *n as f64)?;
                    }
                    Value::Money(minor) => {
                        sheet.write_number_with_format(
                            row,
                            col,
                            *minor as f64 / 100.0,
                            &self.formats.money,
                        )?;
                    }
                    Value::Grams(g) => {
                        sheet.write_number_with_format(
                            row,
                            col,
                            *g as f64 / 1000.0,
                            &self.formats.kilograms,
                        )?;
                    }
                }
            }
            self.next_row += 1;
        }
        Ok(())
    }

    /// Records written so far.
    pub fn rows(&self) -> u32 {
        self.next_row - 1
    }

    /// The finished .xlsx file.
    ///
    /// # Errors
    ///
    /// [`ExportError::Xlsx`] when the temporary file cannot be read back.
    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        Ok(self.workbook.save_to_buffer()?)
    }
}

fn column_width(field: Field) -> f64 {
    match field {
        Field::Name | Field::CompatibleModels => 36.0,
        Field::Description => 48.0,
        Field::Category | Field::Manufacturer => 26.0,
        Field::PartNumber | Field::OemPartNumber | Field::Supersedes => 18.0,
        _ => 12.0,
    }
}

/// The records as an .xlsx file.
///
/// # Errors
///
/// See [`XlsxExport::append`].
pub fn write_xlsx(records: &[PartRecord]) -> Result<Vec<u8>, ExportError> {
    let mut export = XlsxExport::new()?;
    export.append(records)?;
    export.finish()
}

/// The UTF-8 byte-order mark that tells Excel how a CSV file is encoded.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Appends one CSV field: quoted when it holds a comma, a quote or a line
/// break, with quotes doubled.
pub(crate) fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// Appends one CSV line of fields.
pub(crate) fn push_csv_line<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = Cow<'a, str>>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_csv_field(out, &field);
    }
    out.extend_from_slice(b"\r\n");
}

/// The start of a CSV export: the byte-order mark and the header line.
pub fn csv_header() -> Vec<u8> {
    let mut out = UTF8_BOM.to_vec();
    push_csv_line(&mut out, COLUMNS.iter().map(|(_, h)| Cow::Borrowed(*h)));
    out
}

/// Appends one CSV line per record.
pub fn append_csv(records: &[PartRecord], out: &mut Vec<u8>) {
    for record in records {
        let fields = cells(record).into_iter().map(|value| match value {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(t) => Cow::Owned(neutralize(&t).into_owned()),
            Value::Integer(n) => Cow::Owned(n.to_string()),
            Value::Money(minor) => Cow::Owned(money_text(minor)),
            Value::Grams(g) => Cow::Owned(kilograms_text(g)),
        });
        push_csv_line(out, fields);
    }
}

/// The records as a CSV file.
pub fn write_csv(records: &[PartRecord]) -> Vec<u8> {
    let mut out = csv_header();
    append_csv(records, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::map_header;
    use crate::records::{Condition, Options, Scope, validate};
    use crate::sheet::Sheet;
    use crate::values::{Cell, Currency};

    fn norm(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }

    fn full() -> PartRecord {
        PartRecord {
            row: 0,
            part_number: "000451223".into(),
            part_number_norm: norm("000451223"),
            name: Some("Air filter, HEPA \"grade\" 13".into()),
            description: Some("Fits the cabinet fan; replace yearly".into()),
            manufacturer: Some("GE HealthCare".into()),
            brand: Some("Acme".into()),
            oem_part_number: Some("5144-0001".into()),
            category: Some("Imaging > MRI > Filters".into()),
            compatible_models: vec!["Signa Explorer".into(), "Signa Creator".into()],
            price_minor: Some(123_450),
            currency: Some(Currency::Inr),
            gst_rate: Some(18),
            stock: Some(12),
            moq: Some(20),
            order_multiple: Some(10),
            lead_time_days: Some(7),
            warranty_months: Some(12),
            condition: Some(Condition::Refurbished),
            weight_grams: Some(1125),
            hsn: Some("90189099".into()),
            image_url: None,
            supersedes: vec!["451223".into(), "AB-9".into()],
        }
    }

    fn sparse() -> PartRecord {
        PartRecord {
            part_number: "-12V-REG".into(),
            part_number_norm: norm("-12V-REG"),
            name: Some("=HYPERLINK(\"http://evil.example\",\"click\")".into()),
            manufacturer: Some("+91 Cables".into()),
            category: Some("Power > Regulators".into()),
            price_minor: Some(5),
            currency: Some(Currency::Usd),
            gst_rate: Some(0),
            weight_grams: Some(500),
            description: Some("@risk cable".into()),
            ..PartRecord::default()
        }
    }

    fn numbered(records: &[PartRecord]) -> Vec<PartRecord> {
        records
            .iter()
            .enumerate()
            .map(|(i, r)| PartRecord {
                row: i as u32 + 2,
                ..r.clone()
            })
            .collect()
    }

    fn read_back(sheet: &Sheet) -> Vec<PartRecord> {
        let v = validate(
            sheet,
            &Options {
                scope: Scope::Everything,
                profile: &[],
                header_row: None,
                columns: &[],
                normalize: &norm,
            },
        );
        assert!(v.blocking.is_empty(), "{:?}", v.blocking);
        let errors: Vec<String> = v
            .problems
            .iter()
            .filter(|p| p.severity == crate::Severity::Error)
            .map(|p| p.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        v.records.iter().collect()
    }

    /// Reads the first sheet of an .xlsx file as an upload is read.
    fn xlsx_sheet(bytes: &[u8]) -> Sheet {
        let mut book = crate::Workbook::open(bytes, "catalog.xlsx").unwrap();
        assert_eq!(book.format(), crate::Format::Xlsx);
        book.read_sheet(0).unwrap()
    }

    #[test]
    fn export_headers_map_back_to_their_fields() {
        let headers: Vec<String> = COLUMNS.iter().map(|(_, h)| (*h).to_owned()).collect();
        let mapping = map_header(&headers);
        for (i, (field, header)) in COLUMNS.iter().enumerate() {
            assert_eq!(mapping.field(i), Some(*field), "{header}");
        }
        assert!(mapping.duplicates().is_empty());
    }

    #[test]
    fn export_xlsx_round_trips_through_the_importer() {
        let records = vec![full(), sparse()];
        let bytes = write_xlsx(&records).unwrap();
        let sheet = xlsx_sheet(&bytes);
        assert_eq!(sheet.name, SHEET_NAME);
        // Types: the part number is text (leading zeros kept), numbers are
        // numbers.
        assert_eq!(sheet.rows[1].cells[0], Cell::Text("000451223".into()));
        assert_eq!(sheet.rows[1].cells[8], Cell::Number(1234.5));
        assert_eq!(sheet.rows[1].cells[10], Cell::Number(18.0));
        assert_eq!(sheet.rows[1].cells[11], Cell::Number(12.0));
        assert_eq!(sheet.rows[1].cells[12], Cell::Number(20.0));
        assert_eq!(sheet.rows[1].cells[13], Cell::Number(10.0));
        assert_eq!(sheet.rows[1].cells[17], Cell::Number(1.125));
        assert_eq!(
            sheet.rows[1].cells[7],
            Cell::Text("Signa Explorer; Signa Creator".into())
        );
        assert_eq!(read_back(&sheet), numbered(&records));
    }

    #[test]
    fn export_xlsx_never_writes_formulas() {
        let bytes = write_xlsx(&[sparse()]).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(!xml.contains("<f>"), "{xml}");
        assert!(xml.contains("=HYPERLINK"));
        let mut styles = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles)
            .unwrap();
        assert!(
            styles.contains("quotePrefix=\"1\""),
            "guarded cells stay text"
        );
    }

    #[test]
    fn export_csv_round_trips_through_the_importer() {
        let records = vec![full(), sparse()];
        let bytes = write_csv(&records);
        assert!(bytes.starts_with(UTF8_BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let mut lines = text.split("\r\n");
        assert_eq!(
            lines.next().unwrap(),
            COLUMNS.map(|(_, h)| h).join(",").as_str()
        );
        assert!(text.contains(r#","'=HYPERLINK(""http://evil.example"",""click"")","#));
        assert!(text.contains(",'+91 Cables,"));
        assert!(text.contains("'-12V-REG,"));
        assert!(text.contains(",1234.50,INR,18,"));
        assert!(text.contains(",1.1250,"), "{text}");
        let (sheet, _) = crate::read_csv(&bytes, None, "Parts").unwrap();
        assert_eq!(read_back(&sheet), numbered(&records));
    }

    #[test]
    fn guard_and_unguard() {
        for t in [
            "=1+1",
            "+91 Cables",
            "-5+A1",
            "-",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-cmd|' /C calc'!A0",
        ] {
            assert!(needs_guard(t), "{t:?}");
            assert_eq!(unguard(&neutralize(t)), t);
        }
        for t in [
            "AB-1",
            "'quoted",
            "",
            "1=1",
            "-5",
            "+91 98450 12345",
            "-1,234.50",
        ] {
            assert_eq!(neutralize(t), t);
            assert_eq!(unguard(t), t);
        }
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(money_text(123_450), "1234.50");
        assert_eq!(money_text(5), "0.05");
        assert_eq!(kilograms_text(500), "0.5");
        assert_eq!(kilograms_text(125), "0.125");
        assert_eq!(kilograms_text(1125), "1.1250");
        assert_eq!(kilograms_text(1250), "1.25");
        assert_eq!(kilograms_text(2000), "2");
        assert_eq!(kilograms_text(0), "0");
    }
}
