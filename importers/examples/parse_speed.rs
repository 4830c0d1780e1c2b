//! Where the time of a parse + validate goes: reading the workbook alone,
//! then reading and validating it as imports do (rows are validated on two
//! threads while they are read). `cargo run --release -p partsportal-importers
//! --example parse_speed -- [ROWS]` (default 100,000 rows × 15 columns).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use partsportal_importers::pipeline::{Request, analyse};
use partsportal_importers::{Scope, Workbook};

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
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
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, format!("BN-{i:06}")).unwrap();
        ws.write_string(r, 1, format!("Bench part {i}")).unwrap();
        ws.write_string(r, 2, "Replacement assembly for routine service")
            .unwrap();
        ws.write_string(r, 3, "GE HealthCare").unwrap();
        ws.write_string(r, 4, "GE").unwrap();
        ws.write_string(r, 5, "Imaging > MRI > Coils").unwrap();
        ws.write_string(r, 6, "Signa HDxt; Achieva 1.5T").unwrap();
        ws.write_string(r, 7, format!("₹{},{:03}.00", 1 + i % 90, i % 1000))
            .unwrap();
        ws.write_string(r, 8, "INR").unwrap();
        ws.write_number(r, 9, 18.0).unwrap();
        ws.write_number(r, 10, (i % 40) as f64).unwrap();
        ws.write_number(r, 11, 1.0).unwrap();
        ws.write_string(r, 12, "2 weeks").unwrap();
        ws.write_number(r, 13, 12.0).unwrap();
        ws.write_string(r, 14, "0.5 kg").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    if let Ok(path) = std::env::var("PARSE_SPEED_SAVE") {
        // For profiling the reading alone: `read_peak analyse PATH`.
        std::fs::write(path, &bytes).unwrap();
    }
    let cells = (rows * header.len()) as f64;
    // Reading alone: the rows streamed and dropped.
    let t = Instant::now();
    let mut book = Workbook::open(&bytes, "speed.xlsx").unwrap();
    let mut read_rows = 0;
    for row in book.rows(0).unwrap() {
        std::hint::black_box(row.unwrap());
        read_rows += 1;
    }
    let read = t.elapsed().as_secs_f64();
    assert_eq!(read_rows, rows + 1);
    // Reading and validating as one streaming pipeline, as imports do.
    let norm = |s: &str| s.to_uppercase();
    let t = Instant::now();
    let a = analyse(
        &bytes,
        "speed.xlsx",
        &Request {
            sheet: None,
            header_row: None,
            columns: &[],
            profile: &[],
            scope: Scope::Everything,
            normalize: &norm,
        },
    )
    .unwrap();
    let both = t.elapsed().as_secs_f64();
    assert_eq!(
        a.validated.records.len(),
        rows,
        "{:?}",
        a.validated.problems.first()
    );
    println!(
        "{rows}×15: read alone {read:.2} s ({:.2} M cells/s); read + validate {both:.2} s ({:.2} M cells/s)",
        cells / read / 1e6,
        cells / both / 1e6,
    );
}
