//! Fixtures built at test time: hand-made zip packages, LibreOffice
//! conversions of CSV files, and small readers of the results.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use partsportal_importers::values::parse_text;
use partsportal_importers::{Cell, ReadError, Row, Sheet, Workbook};
use zip::write::SimpleFileOptions;

/// Opens a file and reads its sheet `index`, or says why not. Every read
/// is made twice, whole and streamed row by row, and the two must agree.
pub fn read(bytes: &[u8], name: &str, index: usize) -> Result<Sheet, ReadError> {
    let whole = Workbook::open(bytes, name)?.read_sheet(index);
    check_streamed(bytes, name, index, &whole);
    whole
}

/// Streams sheet `index` and compares it with the whole read: the same
/// rows or the same error, except where they are meant to differ.
pub fn check_streamed(bytes: &[u8], name: &str, index: usize, whole: &Result<Sheet, ReadError>) {
    let streamed = Workbook::open(bytes, name)
        .and_then(|mut book| book.rows(index)?.collect::<Result<Vec<Row>, ReadError>>());
    match (whole, streamed) {
        (Ok(sheet), Ok(rows)) => assert_eq!(sheet.rows, rows, "{name}: streamed rows differ"),
        // Only the whole read sorts rows stored out of order.
        (_, Err(ReadError::RowsOutOfOrder { .. })) => {}
        // The whole read holds every row; the stream holds one at a time.
        (Err(ReadError::TooMuchData { .. }), _) => {}
        (Ok(_), Err(e)) => panic!("{name}: streaming failed where the whole read did not: {e:?}"),
        (Err(e), Ok(_)) => panic!("{name}: streaming read what the whole read refused: {e:?}"),
        (Err(a), Err(b)) => assert_eq!(*a, b, "{name}: different errors"),
    }
}

/// Each row as its number and each cell as the spreadsheet shows it (empty
/// cells as "").
pub fn shown(sheet: &Sheet) -> Vec<(u32, Vec<String>)> {
    sheet
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|cell| match cell {
                    Cell::Error(code) => code.clone(),
                    other => parse_text(other)
                        .unwrap_or_else(|e| panic!("cell {other:?}: {e}"))
                        .unwrap_or_default(),
                })
                .collect();
            (row.number, cells)
        })
        .collect()
}

/// A zip archive of `entries`, deflated, in the given order.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // The ODF mimetype must be stored, uncompressed and first.
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The entries of a zip archive, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            (entry.name().unwrap().into_owned(), data)
        })
        .collect()
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The content type of an .xlsx file's main part.
pub const XLSX_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
/// The content type of an .xlsm file's main part.
pub const XLSM_MAIN: &str = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

/// A minimal .xlsx package written by hand: one sheet whose `<worksheet>`
/// content is `sheet_xml` (everything inside the root element), and a
/// shared-string part when `shared_strings` is given (the `<si>` items).
pub fn hand_made_xlsx(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    hand_made_package(XLSX_MAIN, sheet_xml, shared_strings)
}

/// [`hand_made_xlsx`] with the main part's content type given.
pub fn hand_made_package(
    main_type: &str,
    sheet_xml: &str,
    shared_strings: Option<&str>,
) -> Vec<u8> {
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{main_type}"/></Types>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    );
    let sheet = format!(r#"<worksheet xmlns="{MAIN_NS}">{sheet_xml}</worksheet>"#);
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", content_types.into_bytes()),
        ("_rels/.rels", rels.into_bytes()),
        ("xl/workbook.xml", workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.into_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ];
    if let Some(items) = shared_strings {
        let sst = format!(r#"<sst xmlns="{MAIN_NS}">{items}</sst>"#);
        entries.push(("xl/sharedStrings.xml", sst.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    zip(&refs)
}

/// A minimal .ods package written by hand: one table whose rows are
/// `rows_xml`.
pub fn hand_made_ods(rows_xml: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Data">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// Sets the uncompressed size that the central directory declares for
/// `entry`, leaving its data as it is.
pub fn declare_size(archive: &mut [u8], entry: &str, size: u32) {
    let name = entry.as_bytes();
    let at = (0..archive.len() - 46)
        .find(|&i| {
            archive[i..].starts_with(b"PK\x01\x02") && {
                let len = usize::from(u16::from_le_bytes([archive[i + 28], archive[i + 29]]));
                archive.get(i + 46..i + 46 + len) == Some(name)
            }
        })
        .unwrap_or_else(|| panic!("no central directory entry {entry}"));
    archive[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
}

// ---------------------------------------------------------------------------
// LibreOffice
// ---------------------------------------------------------------------------

/// The LibreOffice binary on PATH, if any. Without one a test is skipped,
/// except on CI (`CI=true`), where LibreOffice is installed and its absence
/// is a failure.
pub fn soffice() -> Option<PathBuf> {
    let found = ["soffice", "libreoffice"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "soffice (LibreOffice) not found on PATH; CI installs libreoffice-calc-nogui"
        );
        eprintln!("skipped: soffice not found");
    }
    found
}

/// The CSV files LibreOffice converts, by name.
pub const CATALOG_CSV: &str = "Part No,Description,Unit Price,Qty,Available From,Notes
PN-1001,\"Filter, HEPA 0.3µm\",1234.5,12,2024-03-15,in stock
PN-1002,Oxygen sensor ₹ model,99.99,0,2023-12-01,

PN-1003,Cable \"ECG\" 5-lead,7,250,2025-01-31,ships in 2 weeks
PN-1004,Pump tubing,0.25,1000,2024-02-29,
";

/// A sheet with one cell at A1 and one far away (row 60,000, column 201),
/// so the rectangle between them is 12 million cells.
pub fn far_apart_csv() -> String {
    let mut csv = String::from("a\n");
    csv.push_str(&"\n".repeat(59_998));
    csv.push_str(&",".repeat(200));
    csv.push_str("b\n");
    csv
}

/// LibreOffice's conversions of the test CSV files, made once per test run.
pub struct Converted {
    dir: PathBuf,
}

impl Converted {
    /// The bytes of `stem` converted to `extension`.
    pub fn get(&self, stem: &str, extension: &str) -> Vec<u8> {
        let path = self.dir.join(format!("{stem}.{extension}"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Converts the test CSV files to .xlsx, .xls and .ods with LibreOffice, once
/// for all tests (a conversion takes seconds); `None` when LibreOffice is
/// missing (see [`soffice`]).
pub fn converted() -> Option<&'static Converted> {
    static CONVERTED: OnceLock<Option<Converted>> = OnceLock::new();
    CONVERTED
        .get_or_init(|| {
            let soffice = soffice()?;
            // Under target/, with the other test leftovers.
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
                "soffice-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("catalog.csv"), CATALOG_CSV).unwrap();
            std::fs::write(dir.join("far.csv"), far_apart_csv()).unwrap();
            // A profile of our own, so parallel runs do not share one.
            let profile = dir.join("profile");
            for format in ["xlsx", "xls", "ods"] {
                convert(&soffice, &profile, &dir, format);
            }
            Some(Converted { dir })
        })
        .as_ref()
}

fn convert(soffice: &Path, profile: &Path, dir: &Path, format: &str) {
    let mut child = Command::new(soffice)
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        // Comma-separated, double quotes, UTF-8 (76), from line 1.
        .arg("--infilter=CSV:44,34,76,1")
        .arg("--convert-to")
        .arg(format)
        .arg("--outdir")
        .arg(dir)
        .arg(dir.join("catalog.csv"))
        .arg(dir.join("far.csv"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("soffice starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice --convert-to {format}: {status}");
            return;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("soffice --convert-to {format} took over 3 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------
// .xlsb written record by record
// ---------------------------------------------------------------------------

/// One .xlsb record as MS-XLSB 2.1.4 lays it out: the type in one or two
/// bytes and the length in one to four, seven bits a byte, then the data.
pub fn xlsb_record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.extend([(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]);
    }
    let mut len = data.len();
    loop {
        let low = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    out.extend(data);
    out
}

/// An `XLWideString`: a character count, then UTF-16LE.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// A cell of a hand-made .xlsb sheet.
pub enum XlsbCell {
    /// BrtCellReal.
    Number(f64),
    /// BrtCellSt.
    Text(&'static str),
    /// BrtCellBool.
    Bool(bool),
    /// BrtCellError with its error code (0x07 is #DIV/0!).
    Error(u8),
    /// BrtCellIsst: an index into the shared strings.
    Shared(u32),
}

/// A minimal .xlsb package: one sheet named "Data" with `rows` (0-based row
/// and column numbers), shared strings, and `extra` records appended to
/// the sheet data (to build damaged files).
pub fn hand_made_xlsb(
    rows: &[(u32, Vec<(u32, XlsbCell)>)],
    shared: &[&str],
    extra: &[u8],
) -> Vec<u8> {
    let mut sheet = xlsb_record(0x0081, &[]); // BrtBeginSheet
    let mut dimension = Vec::new();
    for value in [0u32, 0, 0, 0] {
        dimension.extend(value.to_le_bytes());
    }
    sheet.extend(xlsb_record(0x0094, &dimension)); // BrtWsDim
    sheet.extend(xlsb_record(0x0091, &[])); // BrtBeginSheetData
    for (row, cells) in rows {
        let mut header = row.to_le_bytes().to_vec();
        header.extend([0; 13]); // ixfe, height, flags, no column spans
        sheet.extend(xlsb_record(0x0000, &header)); // BrtRowHdr
        for (column, cell) in cells {
            let mut data = column.to_le_bytes().to_vec();
            data.extend([0; 4]); // style 0, no flags
            let typ = match cell {
                XlsbCell::Number(n) => {
                    data.extend(n.to_le_bytes());
                    0x0005
                }
                XlsbCell::Text(t) => {
                    data.extend(wide(t));
                    0x0006
                }
                XlsbCell::Bool(b) => {
                    data.push(u8::from(*b));
                    0x0004
                }
                XlsbCell::Error(code) => {
                    data.push(*code);
                    0x0003
                }
                XlsbCell::Shared(index) => {
                    data.extend(index.to_le_bytes());
                    0x0007
                }
            };
            sheet.extend(xlsb_record(typ, &data));
        }
    }
    sheet.extend(extra);
    sheet.extend(xlsb_record(0x0092, &[])); // BrtEndSheetData
    sheet.extend(xlsb_record(0x0082, &[])); // BrtEndSheet

    let mut strings = Vec::new();
    let count = (shared.len() as u32).to_le_bytes();
    strings.extend(xlsb_record(0x009F, &[count, count].concat())); // BrtBeginSst
    for text in shared {
        let mut item = vec![0]; // no rich text, no phonetics
        item.extend(wide(text));
        strings.extend(xlsb_record(0x0013, &item)); // BrtSSTItem
    }
    strings.extend(xlsb_record(0x00A0, &[])); // BrtEndSst

    let mut bundle = 0u32.to_le_bytes().to_vec(); // visible
    bundle.extend(1u32.to_le_bytes()); // sheet id
    bundle.extend(wide("rId1"));
    bundle.extend(wide("Data"));
    let mut book = xlsb_record(0x0083, &[]); // BrtBeginBook
    book.extend(xlsb_record(0x008F, &[])); // BrtBeginBundleShs
    book.extend(xlsb_record(0x009C, &bundle)); // BrtBundleSh
    book.extend(xlsb_record(0x0090, &[])); // BrtEndBundleShs
    book.extend(xlsb_record(0x009D, &[0; 26])); // BrtCalcProp
    book.extend(xlsb_record(0x0084, &[])); // BrtEndBook

    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#;
    let rels = format!(
        r#"<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>"#
    );
    let workbook_rels = format!(
        r#"<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.bin"/><Relationship Id="rId2" Type="{DOC_REL}/sharedStrings" Target="sharedStrings.bin"/></Relationships>"#
    );
    zip(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.bin", &book),
        ("xl/_rels/workbook.bin.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.bin", &sheet),
        ("xl/sharedStrings.bin", &strings),
    ])
}
