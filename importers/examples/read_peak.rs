//! Measures what reading a file costs: peak memory above the file's own
//! bytes, time, and cells per second. Each measurement runs in a fresh
//! process so the peak belongs to that file alone.
//!
//! ```text
//! cargo run --release -p partsportal-importers --example read_peak -- generate /tmp/peak
//! for f in /tmp/peak/*; do
//!     cargo run --release -p partsportal-importers --example read_peak -- read "$f"
//! done
//! ```
//!
//! `generate` writes: a 100,000 × 15 catalog (the speed figure), the same
//! catalog grown to just under the 20 MB limit, 1,000,000 rows of two
//! columns (the row limit), a zip bomb, a sheet declaring
//! `A1:XFD1048576`, one shared string of 30 KB in 100,000 cells, and a
//! 20 MB CSV file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};
use std::time::Instant;

use partsportal_importers::{MAX_FILE_BYTES, Workbook, pipeline};
use rust_xlsxwriter::Format;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("generate"), Some(dir)) => generate(std::path::Path::new(dir)),
        (Some("read"), Some(path)) => read(path),
        (Some("analyse"), Some(path)) => analyse(path),
        (Some("stream"), Some(path)) => stream(path),
        (Some("calamine"), Some(path)) => calamine_only(path),
        _ => eprintln!(
            "usage: read_peak generate DIR | read FILE | stream FILE | analyse FILE | calamine FILE"
        ),
    }
}

/// The peak resident memory so far, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn read(path: &str) {
    let bytes = std::fs::read(path).expect("the file reads");
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Start the peak from here: the file's bytes are the caller's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let baseline = peak_kib();
    let start = Instant::now();
    let mut cells = 0usize;
    let mut rows = 0usize;
    let mut opened = None;
    let outcome = Workbook::open(&bytes, &name).and_then(|mut workbook| {
        opened = Some(start.elapsed());
        for index in 0..workbook.sheet_names().len() {
            let sheet = workbook.read_sheet(index)?;
            rows += sheet.rows.len();
            cells += sheet.rows.iter().map(|r| r.cells.len()).sum::<usize>();
        }
        Ok(())
    });
    let elapsed = start.elapsed();
    let peak = peak_kib().saturating_sub(baseline);
    let result = match outcome {
        Ok(()) => format!("ok: {rows} rows, {cells} cells"),
        Err(e) => format!("refused: {e}"),
    };
    println!(
        "{name}: {:.1} MB file; peak {:.1} MiB above it; {:.2} s (open {:.2} s); {:.0} cells/s; {result}",
        bytes.len() as f64 / 1e6,
        peak as f64 / 1024.0,
        elapsed.as_secs_f64(),
        opened.unwrap_or(elapsed).as_secs_f64(),
        cells as f64 / elapsed.as_secs_f64(),
    );
}

/// Streams every row of every sheet and drops it: what reading alone costs.
fn stream(path: &str) {
    let bytes = std::fs::read(path).expect("the file reads");
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let baseline = peak_kib();
    let start = Instant::now();
    let (mut rows, mut cells) = (0usize, 0usize);
    let outcome = Workbook::open(&bytes, &name).and_then(|mut workbook| {
        for index in 0..workbook.sheet_names().len() {
            for row in workbook.rows(index)? {
                let row = row?;
                rows += 1;
                cells += row.cells.len();
            }
        }
        Ok(())
    });
    let elapsed = start.elapsed();
    let peak = peak_kib().saturating_sub(baseline);
    let result = match outcome {
        Ok(()) => format!("ok: {rows} rows, {cells} cells"),
        Err(e) => format!("refused after {rows} rows: {e} ({e:?})"),
    };
    println!(
        "{name}: {:.1} MB file; streamed with peak {:.1} MiB above it; {:.2} s; {:.0} cells/s; {result}",
        bytes.len() as f64 / 1e6,
        peak as f64 / 1024.0,
        elapsed.as_secs_f64(),
        cells as f64 / elapsed.as_secs_f64(),
    );
}

/// Reads and validates a file as an import does (streaming, the sheet
/// never held whole) and reports the peak: records and problems included.
fn analyse(path: &str) {
    let bytes = std::fs::read(path).expect("the file reads");
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let baseline = peak_kib();
    let start = Instant::now();
    let norm = |s: &str| s.to_uppercase();
    let outcome = pipeline::analyse(
        &bytes,
        &name,
        &pipeline::Request {
            sheet: None,
            header_row: None,
            columns: &[],
            profile: &[],
            scope: partsportal_importers::Scope::Everything,
            normalize: &norm,
        },
    );
    let elapsed = start.elapsed();
    let peak = peak_kib().saturating_sub(baseline);
    let result = match &outcome {
        Ok(a) => format!(
            "ok: {} records, {} invalid, {} problems, {} blocking",
            a.validated.records.len(),
            a.validated.invalid_rows,
            a.validated.problems.len(),
            a.validated.blocking.len()
        ),
        Err(e) => format!("refused: {e} ({e:?})"),
    };
    println!(
        "{name}: {:.1} MB file; peak {:.1} MiB above it; {:.2} s; {result}",
        bytes.len() as f64 / 1e6,
        peak as f64 / 1024.0,
        elapsed.as_secs_f64(),
    );
}

/// calamine's streaming reader alone over the first sheet of an .xlsx, to
/// tell its time from ours.
fn calamine_only(path: &str) {
    use calamine::Reader;
    let bytes = std::fs::read(path).expect("the file reads");
    let start = Instant::now();
    let mut xlsx: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    let name = xlsx.sheet_names()[0].clone();
    let mut reader = xlsx.worksheet_cells_reader(&name).unwrap();
    let mut cells = 0u64;
    while let Some(cell) = reader.next_cell_with_style_id().unwrap() {
        cells += 1;
        std::hint::black_box(cell);
    }
    let elapsed = start.elapsed();
    println!(
        "calamine alone: {cells} cells in {:.2} s: {:.0} cells/s",
        elapsed.as_secs_f64(),
        cells as f64 / elapsed.as_secs_f64()
    );
}

fn generate(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).unwrap();
        println!("{name}: {:.1} MB", bytes.len() as f64 / 1e6);
    };
    write("catalog-100k.xlsx", &catalog(100_000));
    // Grown until the next step would pass 20 MB.
    let mut rows = 300_000;
    let mut big = catalog(rows);
    while big.len() > MAX_FILE_BYTES {
        rows -= 10_000;
        big = catalog(rows);
    }
    write(&format!("catalog-{}k-20mb.xlsx", rows / 1000), &big);
    let mut rows = 400_000;
    let mut big = price_list(rows);
    while big.len() > MAX_FILE_BYTES {
        rows -= 10_000;
        big = price_list(rows);
    }
    write(&format!("price-list-{}k-20mb.xlsx", rows / 1000), &big);
    write("rows-1m.xlsx", &two_columns(1_000_000));
    write(
        "bomb.xlsx",
        &package(&format!("<sheetData/>{}", " ".repeat(300 << 20)), None),
    );
    write(
        "dimension.xlsx",
        &package(
            r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="B1048576"><v>2</v></c></row></sheetData>"#,
            None,
        ),
    );
    let refs: String = (1..=100_000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    write(
        "shared-30kb-x100k.xlsx",
        &package(
            &format!("<sheetData>{refs}</sheetData>"),
            Some(&format!("<si><t>{}</t></si>", "x".repeat(30_000))),
        ),
    );
    let mut csv = String::from("Part No,Price\n");
    let mut n = 0;
    while csv.len() < MAX_FILE_BYTES - 40 && n < 999_999 {
        n += 1;
        csv.push_str(&format!("PN-{n:07},{}.{:02}\n", n % 9973, n % 100));
    }
    write("rows-1m.csv", csv.as_bytes());
}

/// `rows` rows × 15 columns: a zero-padded part number, two texts, twelve
/// numbers.
fn catalog(rows: u32) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
    let zeros = Format::new().set_num_format("00000000");
    for c in 0..15u16 {
        sheet.write_string(0, c, format!("Header {c}")).unwrap();
    }
    for r in 1..=rows {
        sheet
            .write_number_with_format(r, 0, f64::from(r), &zeros)
            .unwrap();
        sheet.write_string(r, 1, format!("PN-{r:07}")).unwrap();
        sheet
            .write_string(
                r,
                2,
                format!("Filter cartridge model {} for ventilator", r % 977),
            )
            .unwrap();
        for c in 3..15u16 {
            sheet
                .write_number(r, c, f64::from(r) * 1.25 + f64::from(c))
                .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// `rows` rows of a manufacturer's price list with the 15 columns an
/// import maps, every name, description and model list its own: the
/// largest realistic upload under 20 MB.
fn price_list(rows: u32) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
    let header = [
        "Part No.",
        "Part Name",
        "Description",
        "Manufacturer",
        "Brand",
        "Category",
        "Fits",
        "Unit Price (INR)",
        "Currency",
        "GST %",
        "Stock",
        "MOQ",
        "Lead Time",
        "Warranty (months)",
        "Weight (kg)",
    ];
    for (c, h) in (0u16..).zip(header) {
        sheet.write_string(0, c, h).unwrap();
    }
    let makers = [
        "GE HealthCare",
        "Siemens Healthineers",
        "Philips",
        "Mindray",
        "Draeger",
    ];
    for r in 1..=rows {
        let i = r as usize;
        sheet
            .write_string(
                r,
                0,
                format!("{}-{r:06}/{}", ["AB", "M", "SX"][i % 3], i % 7),
            )
            .unwrap();
        sheet
            .write_string(r, 1, format!("Coil cable assembly {r}"))
            .unwrap();
        sheet
            .write_string(
                r,
                2,
                format!(
                    "Replacement part {r} for routine service, batch {}",
                    i % 9973
                ),
            )
            .unwrap();
        sheet.write_string(r, 3, makers[i % makers.len()]).unwrap();
        sheet
            .write_string(r, 4, makers[(i + 1) % makers.len()])
            .unwrap();
        sheet
            .write_string(r, 5, format!("Imaging > MRI > Coils {}", i % 40))
            .unwrap();
        sheet
            .write_string(r, 6, format!("Signa {}; Achieva {}", i % 300, i % 211))
            .unwrap();
        sheet
            .write_number(r, 7, 1000.0 + f64::from(r % 90_000) * 1.5)
            .unwrap();
        sheet.write_string(r, 8, "INR").unwrap();
        sheet.write_number(r, 9, 18.0).unwrap();
        sheet.write_number(r, 10, f64::from(r % 40)).unwrap();
        sheet.write_number(r, 11, 1.0).unwrap();
        sheet
            .write_string(r, 12, format!("{} days", r % 30))
            .unwrap();
        sheet.write_number(r, 13, 12.0).unwrap();
        sheet
            .write_number(r, 14, f64::from(r % 50) / 10.0 + 0.1)
            .unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

fn two_columns(rows: u32) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
    for r in 0..rows {
        sheet.write_string(r, 0, format!("PN-{r:07}")).unwrap();
        sheet.write_number(r, 1, f64::from(r % 9973) + 0.5).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// A one-sheet .xlsx written by hand.
fn package(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut entries = vec![
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>"#),
        ),
    ];
    if let Some(items) = shared_strings {
        entries.push((
            "xl/sharedStrings.xml",
            format!(r#"<sst xmlns="{MAIN}">{items}</sst>"#),
        ));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in entries {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
