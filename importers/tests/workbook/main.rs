//! Reading real spreadsheet files: written by rust_xlsxwriter and by
//! LibreOffice, built by hand to probe the limits, and damaged on purpose.
//! Every fixture is made at test time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

use helpers::*;
use partsportal_importers::workbook::{MAX_SHEET_BYTES, MAX_WHOLE_WORKBOOK_BYTES};
use partsportal_importers::{
    Cell, Format, MAX_FILE_BYTES, ReadError, Row, Workbook, detect_format,
};
use rust_xlsxwriter::{ExcelDateTime, Formula};

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

// ---------------------------------------------------------------------------
// .xlsx written by rust_xlsxwriter
// ---------------------------------------------------------------------------

/// A price list as suppliers make them: a merged title above the header, a
/// blank row, a part number stored as a number shown with eight digits,
/// typed cells, formulas with cached values and errors, a second sheet.
fn price_list_xlsx() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let zeros = rust_xlsxwriter::Format::new().set_num_format("00000000");
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let parts = workbook.add_worksheet().set_name("Parts").unwrap();
    parts
        .merge_range(0, 0, 0, 4, "Acme Medical price list", &bold)
        .unwrap();
    parts
        .write_row(
            2,
            0,
            [
                "Part No",
                "Description",
                "Price",
                "In stock",
                "Updated",
                "Total",
                "Check",
            ],
        )
        .unwrap();
    parts
        .write_number_with_format(3, 0, 451_223.0, &zeros)
        .unwrap();
    parts.write_string(3, 1, "Filter, HEPA").unwrap();
    parts.write_number(3, 2, 1234.5).unwrap();
    parts.write_boolean(3, 3, true).unwrap();
    let updated = ExcelDateTime::from_ymd(2024, 3, 15).unwrap();
    parts
        .write_datetime_with_format(3, 4, &updated, &date)
        .unwrap();
    parts
        .write_formula(3, 5, Formula::new("=C4*2").set_result("2469"))
        .unwrap();
    parts
        .write_formula(3, 6, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    parts.write_string(5, 0, "AB-100").unwrap();
    parts.write_number(5, 2, 7.0).unwrap();
    parts.write_boolean(5, 3, false).unwrap();
    parts
        .write_formula(5, 6, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    // A zero format on a fraction and on a number wider than the format.
    parts.write_number_with_format(6, 0, 12.5, &zeros).unwrap();
    parts
        .write_number_with_format(6, 1, 123_456_789.0, &zeros)
        .unwrap();
    let notes = workbook.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(1, 1, "Prices exclude GST").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_price_list_reads_cell_by_cell_with_excel_row_numbers() {
    let bytes = price_list_xlsx();

    let mut workbook = Workbook::open(&bytes, "prices.xlsx").unwrap();
    let parts = workbook.read_sheet(0).unwrap();
    let notes = workbook.read_sheet(1).unwrap();

    assert_eq!(workbook.format(), Format::Xlsx);
    assert_eq!(workbook.sheet_names(), ["Parts", "Notes"]);
    assert_eq!(parts.name, "Parts");
    let header = [
        "Part No",
        "Description",
        "Price",
        "In stock",
        "Updated",
        "Total",
        "Check",
    ];
    assert_eq!(
        parts.rows,
        vec![
            // The merged title's value stays in its top-left cell; the
            // merged cells after it are blank and trimmed.
            Row {
                number: 1,
                cells: vec![text("Acme Medical price list")]
            },
            Row {
                number: 3,
                cells: header.iter().map(|h| text(h)).collect()
            },
            Row {
                number: 4,
                cells: vec![
                    text("00451223"),
                    text("Filter, HEPA"),
                    Cell::Number(1234.5),
                    Cell::Bool(true),
                    Cell::DateTime(45_366.0),
                    Cell::Number(2469.0),
                    Cell::Error("#DIV/0!".to_owned()),
                ]
            },
            Row {
                number: 6,
                cells: vec![
                    text("AB-100"),
                    Cell::Empty,
                    Cell::Number(7.0),
                    Cell::Bool(false),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Error("#N/A".to_owned()),
                ]
            },
            Row {
                number: 7,
                cells: vec![Cell::Number(12.5), text("123456789")]
            },
        ]
    );
    assert_eq!(
        notes.rows,
        vec![Row {
            number: 2,
            cells: vec![Cell::Empty, text("Prices exclude GST")]
        }]
    );
}

#[test]
fn asking_for_a_sheet_past_the_last_is_an_error() {
    let mut workbook = Workbook::open(&price_list_xlsx(), "prices.xlsx").unwrap();

    let error = workbook.read_sheet(2).unwrap_err();

    assert_eq!(error, ReadError::NoSuchSheet { index: 2, count: 2 });
    assert_eq!(
        error.to_string(),
        "the workbook has no sheet number 3; it has 2"
    );
}

#[test]
fn a_sheet_stored_out_of_order_is_validated_in_order() {
    // Streaming stops at the first row out of order; the pipeline then
    // reads the sheet whole, sorted, and validates that.
    let bytes = hand_made_xlsx(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Part No.</t></is></c><c r="B1" t="inlineStr"><is><t>Price</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>B-2</t></is></c><c r="B3"><v>20</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A-1</t></is></c><c r="B2"><v>10</v></c></row></sheetData>"#,
        None,
    );
    let streamed = Workbook::open(&bytes, "x.xlsx")
        .unwrap()
        .rows(0)
        .unwrap()
        .collect::<Result<Vec<Row>, ReadError>>();
    assert_eq!(streamed.unwrap_err(), ReadError::RowsOutOfOrder { row: 2 });

    let norm = |s: &str| s.to_lowercase();
    let analysis = partsportal_importers::pipeline::analyse(
        &bytes,
        "x.xlsx",
        &partsportal_importers::pipeline::Request {
            sheet: None,
            header_row: None,
            columns: &[],
            profile: &[],
            scope: partsportal_importers::Scope::Everything,
            normalize: &norm,
        },
    )
    .unwrap();
    let records: Vec<(u32, String, Option<i64>)> = analysis
        .validated
        .records
        .iter()
        .map(|r| (r.row, r.part_number, r.price_minor))
        .collect();
    assert_eq!(
        records,
        vec![
            (2, "A-1".to_owned(), Some(1000)),
            (3, "B-2".to_owned(), Some(2000))
        ]
    );
}

#[test]
fn rows_written_out_of_order_come_back_in_order() {
    let bytes = hand_made_xlsx(
        r#"<sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>late</t></is></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData>"#,
        None,
    );

    let sheet = read(&bytes, "x.xlsx", 0).unwrap();

    assert_eq!(
        sheet.rows,
        vec![
            Row {
                number: 1,
                cells: vec![Cell::Number(1.0)]
            },
            Row {
                number: 3,
                cells: vec![Cell::Number(3.0), text("late")]
            },
        ]
    );
}

// ---------------------------------------------------------------------------
// Real files from LibreOffice
// ---------------------------------------------------------------------------

/// The CSV as the reader should show it: each line's fields, trailing empty
/// fields dropped, blank lines left out but counted.
fn expected_catalog() -> Vec<(u32, Vec<String>)> {
    let (sheet, _) = partsportal_importers::read_csv(CATALOG_CSV.as_bytes(), None, "c").unwrap();
    shown(&sheet)
        .into_iter()
        .map(|(number, mut cells)| {
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            (number, cells)
        })
        .collect()
}

#[test]
fn libreoffice_files_read_back_as_the_csv_they_were_made_from() {
    let Some(converted) = converted() else {
        return;
    };
    for (extension, format) in [
        ("xlsx", Format::Xlsx),
        ("xls", Format::Xls),
        ("ods", Format::Ods),
    ] {
        let bytes = converted.get("catalog", extension);

        let mut workbook = Workbook::open(&bytes, &format!("catalog.{extension}"))
            .unwrap_or_else(|e| panic!("{extension}: {e:?}"));
        let sheet = workbook.read_sheet(0).unwrap();
        check_streamed(
            &bytes,
            &format!("catalog.{extension}"),
            0,
            &Ok(sheet.clone()),
        );

        assert_eq!(workbook.format(), format);
        assert_eq!(workbook.sheet_names(), ["catalog"], "{extension}");
        assert_eq!(shown(&sheet), expected_catalog(), "{extension}");
        // Typed as LibreOffice typed them: numbers and dates, not text.
        let row = &sheet.rows[1].cells;
        assert_eq!(row[2], Cell::Number(1234.5), "{extension}");
        assert_eq!(row[3], Cell::Number(12.0), "{extension}");
        assert_eq!(row[4], Cell::DateTime(45_366.0), "{extension}");
    }
}

#[test]
fn far_apart_cells_are_refused_in_xls_and_ods_and_streamed_in_xlsx() {
    let Some(converted) = converted() else {
        return;
    };

    let xlsx = read(&converted.get("far", "xlsx"), "far.xlsx", 0).unwrap();
    let xls = read(&converted.get("far", "xls"), "far.xls", 0);
    let ods = read(&converted.get("far", "ods"), "far.ods", 0);

    // calamine streams .xlsx cell by cell: two rows, the second 201 wide.
    assert_eq!(xlsx.rows.len(), 2);
    assert_eq!(xlsx.rows[1].number, 60_000);
    assert_eq!(xlsx.rows[1].cells.len(), 201);
    // It reads .xls and .ods whole into 60,000 × 201 cells (386 MB): refused
    // before it starts.
    let too_much = ReadError::TooMuchData {
        limit: MAX_WHOLE_WORKBOOK_BYTES,
    };
    assert_eq!(xls.unwrap_err(), too_much);
    assert_eq!(ods.unwrap_err(), too_much);
}

// ---------------------------------------------------------------------------
// Hand-made .ods
// ---------------------------------------------------------------------------

#[test]
fn an_ods_file_reads_typed_cells_and_expands_repeats() {
    let bytes = hand_made_ods(concat!(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Part</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Price</text:p></table:table-cell></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>"#,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>A<text:s text:c="2"/>1</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12.5"><text:p>12.5</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-03-15"/><table:table-cell office:value-type="time" office:time-value="PT36H00M00S"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row>"#,
        r#"<table:table-row><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="1"/></table:table-row>"#,
    ));

    let mut workbook = Workbook::open(&bytes, "parts.ods").unwrap();
    let sheet = workbook.read_sheet(0).unwrap();

    assert_eq!(workbook.format(), Format::Ods);
    assert_eq!(workbook.sheet_names(), ["Data"]);
    assert_eq!(
        sheet.rows,
        vec![
            Row {
                number: 1,
                cells: vec![text("Part"), text("Price")]
            },
            Row {
                number: 4,
                cells: vec![
                    text("A  1"),
                    Cell::Number(12.5),
                    Cell::DateTime(45_366.0),
                    Cell::Number(1.5),
                    Cell::Bool(true),
                ]
            },
            Row {
                number: 5,
                cells: vec![Cell::Number(1.0); 3]
            },
        ]
    );
}

#[test]
fn an_ods_file_that_repeats_text_into_a_huge_sheet_is_refused_before_reading() {
    let cell = format!(
        r#"<table:table-cell table:number-columns-repeated="1000" office:value-type="string" office:string-value="{}"/>"#,
        "x".repeat(100)
    );
    let bytes = hand_made_ods(&format!(
        r#"<table:table-row table:number-rows-repeated="1000">{cell}</table:table-row>"#
    ));

    let error = read(&bytes, "bomb.ods", 0).unwrap_err();

    assert_eq!(
        error,
        ReadError::TooMuchData {
            limit: MAX_WHOLE_WORKBOOK_BYTES
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("the file holds more data than one import can take")
    );
}

// ---------------------------------------------------------------------------
// Hand-made .xlsb
// ---------------------------------------------------------------------------

fn small_xlsb() -> Vec<u8> {
    hand_made_xlsb(
        &[
            (
                0,
                vec![(0, XlsbCell::Text("Part")), (1, XlsbCell::Text("Price"))],
            ),
            (
                2,
                vec![
                    (0, XlsbCell::Shared(0)),
                    (1, XlsbCell::Number(12.5)),
                    (2, XlsbCell::Bool(true)),
                    (4, XlsbCell::Error(0x07)),
                ],
            ),
        ],
        &["PN-1001"],
        &[],
    )
}

#[test]
fn an_xlsb_file_reads_typed_cells() {
    let bytes = small_xlsb();

    let mut workbook = Workbook::open(&bytes, "parts.xlsb").unwrap();
    let sheet = workbook.read_sheet(0).unwrap();

    assert_eq!(workbook.format(), Format::Xlsb);
    assert_eq!(workbook.sheet_names(), ["Data"]);
    assert_eq!(
        sheet.rows,
        vec![
            Row {
                number: 1,
                cells: vec![text("Part"), text("Price")]
            },
            Row {
                number: 3,
                cells: vec![
                    text("PN-1001"),
                    Cell::Number(12.5),
                    Cell::Bool(true),
                    Cell::Empty,
                    Cell::Error("#DIV/0!".to_owned()),
                ]
            },
        ]
    );
}

#[test]
fn an_xlsb_record_announcing_a_huge_length_is_refused_before_calamine_allocates_it() {
    // A record claiming 200 MB with nothing after it: calamine would
    // allocate and zero 200 MB before finding the data missing.
    let mut claim = xlsb_record(0x0005, &[]);
    claim.truncate(1);
    claim.extend([0x80, 0x80, 0xE4, 0x5F]);
    let bytes = hand_made_xlsb(&[(0, vec![(0, XlsbCell::Number(1.0))])], &[], &claim);

    let error = Workbook::open(&bytes, "claim.xlsb").unwrap_err();

    match error {
        ReadError::Damaged { format, detail } => {
            assert_eq!(format, "Excel binary workbook (.xlsb)");
            assert!(detail.contains("announces a record"), "{detail}");
        }
        other => panic!("expected Damaged, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Format detection
// ---------------------------------------------------------------------------

#[test]
fn the_format_comes_from_the_content_not_the_name() {
    let xlsx = price_list_xlsx();
    let xlsm = hand_made_package(XLSM_MAIN, "<sheetData/>", None);

    assert_eq!(detect_format(&xlsx, "prices.xlsx"), Ok(Format::Xlsx));
    assert_eq!(detect_format(&xlsx, "prices.csv"), Ok(Format::Xlsx));
    assert_eq!(detect_format(&xlsm, "macros.xlsx"), Ok(Format::Xlsm));
    assert_eq!(detect_format(&hand_made_ods(""), "x.xlsx"), Ok(Format::Ods));
    assert_eq!(detect_format(&small_xlsb(), "x.xlsx"), Ok(Format::Xlsb));
    assert_eq!(detect_format(b"a,b\n1,2\n", "parts.xlsx"), Ok(Format::Csv));
    assert_eq!(detect_format(b"a\tb\n1\t2\n", "parts.tsv"), Ok(Format::Tsv));
    assert_eq!(detect_format(b"a\tb\n1\t2\n", "PARTS.TAB"), Ok(Format::Tsv));
    assert_eq!(detect_format(b"", "empty.csv"), Ok(Format::Csv));
    if let Some(converted) = converted() {
        assert_eq!(
            detect_format(&converted.get("catalog", "xls"), "c.csv"),
            Ok(Format::Xls)
        );
        assert_eq!(
            detect_format(&converted.get("catalog", "ods"), "c.xlsx"),
            Ok(Format::Ods)
        );
    }
}

#[test]
fn a_workbook_renamed_csv_is_read_as_the_workbook_it_is() {
    let mut workbook = Workbook::open(&price_list_xlsx(), "prices.csv").unwrap();

    assert_eq!(workbook.format(), Format::Xlsx);
    assert_eq!(workbook.read_sheet(0).unwrap().rows.len(), 5);
}

#[test]
fn an_xlsm_workbook_is_read_like_an_xlsx() {
    let bytes = hand_made_package(
        XLSM_MAIN,
        r#"<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>PN-1</t></is></c></row></sheetData>"#,
        None,
    );

    let mut workbook = Workbook::open(&bytes, "macros.xlsm").unwrap();

    assert_eq!(workbook.format(), Format::Xlsm);
    assert_eq!(
        workbook.read_sheet(0).unwrap().rows,
        vec![Row {
            number: 2,
            cells: vec![text("PN-1")]
        }]
    );
}

#[test]
fn files_that_are_not_spreadsheets_are_refused_by_what_they_are() {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend([0, 0, 0, 13]);
    let docx = zip(&[(
        "[Content_Types].xml",
        br#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    )]);
    let cases: [(&[u8], &str, &str); 6] = [
        (
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
            "catalog.xlsx",
            "a PDF document",
        ),
        (&png, "parts.xlsx", "a PNG image"),
        (&docx, "parts.xlsx", "a Word document (.docx)"),
        (
            b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>",
            "export.xls",
            "a web page (HTML) saved with a spreadsheet name",
        ),
        (
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFE, 0, 3],
            "x.csv",
            "binary data of an unknown kind",
        ),
        (&zip(&[("readme.txt", b"hi")]), "x.xlsx", "a ZIP archive"),
    ];
    for (bytes, name, found) in cases {
        let error = Workbook::open(bytes, name).unwrap_err();

        assert_eq!(
            error,
            ReadError::UnsupportedFormat {
                found: found.to_owned()
            }
        );
        assert!(
            error.to_string().starts_with(&format!(
                "this is {found}, not a spreadsheet; upload an Excel workbook"
            )),
            "{error}"
        );
    }
}

#[test]
fn a_csv_file_opens_as_one_sheet_named_after_the_file() {
    let mut workbook = Workbook::open(b"Part;Price\nA-1;1,5\n", "uploads/Price List.csv").unwrap();

    let sheet = workbook.read_sheet(0).unwrap();

    assert_eq!(workbook.format(), Format::Csv);
    assert_eq!(workbook.sheet_names(), ["Price List"]);
    assert_eq!(sheet.rows[1].cells, vec![text("A-1"), text("1,5")]);
}

// ---------------------------------------------------------------------------
// Limits and bombs
// ---------------------------------------------------------------------------

#[test]
fn a_file_over_20_mb_is_refused_in_any_format() {
    let csv = vec![b'a'; MAX_FILE_BYTES + 1];
    let mut xlsx = price_list_xlsx();
    xlsx.resize(MAX_FILE_BYTES + 1, 0);

    for (bytes, name) in [(&csv, "big.csv"), (&xlsx, "big.xlsx")] {
        let error = Workbook::open(bytes, name).unwrap_err();

        assert_eq!(
            error,
            ReadError::FileTooLarge {
                limit: MAX_FILE_BYTES
            }
        );
        assert_eq!(
            error.to_string(),
            "the file is larger than 20 MB; split it into smaller files"
        );
    }
}

#[test]
fn a_zip_bomb_is_refused_before_anything_is_unpacked() {
    // 64 MiB of the same byte packs to about 64 KB: a ratio near 1000.
    let padding = " ".repeat(64 * 1024 * 1024);
    let bytes = hand_made_xlsx(&format!("<sheetData/>{padding}"), None);
    assert!(bytes.len() < 200_000);

    let error = Workbook::open(&bytes, "bomb.xlsx").unwrap_err();

    assert_eq!(
        error,
        ReadError::CompressionTooHigh {
            part: "xl/worksheets/sheet1.xml".to_owned(),
            ratio: 600
        }
    );
}

#[test]
fn an_entry_declaring_a_huge_size_is_refused_by_the_total() {
    let mut bytes = price_list_xlsx();
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 400 * 1024 * 1024);

    let error = Workbook::open(&bytes, "liar.xlsx").unwrap_err();

    assert_eq!(
        error,
        ReadError::UnpackedTooLarge {
            limit: 320 * 1024 * 1024
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("the workbook unpacks to more than 320 MB")
    );
}

#[test]
fn an_entry_longer_than_it_declares_stops_at_its_declared_size() {
    let mut bytes = price_list_xlsx();
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 100);

    let result = read(&bytes, "liar.xlsx", 0);

    assert!(
        matches!(
            result,
            Err(ReadError::Damaged {
                format: "Excel workbook (.xlsx)",
                ..
            })
        ),
        "{result:?}"
    );
}

#[test]
fn an_absurd_declared_dimension_costs_nothing() {
    let bytes = hand_made_xlsx(
        r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="B1048576"><v>2</v></c></row></sheetData>"#,
        None,
    );

    let sheet = read(&bytes, "dim.xlsx", 0).unwrap();

    assert_eq!(
        sheet.rows,
        vec![
            Row {
                number: 1,
                cells: vec![Cell::Number(1.0)]
            },
            Row {
                number: 1_048_576,
                cells: vec![Cell::Empty, Cell::Number(2.0)]
            },
        ]
    );
}

#[test]
fn a_cell_past_column_512_is_refused_naming_its_row() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Part").unwrap();
    sheet.write_string(4, 600, "stray").unwrap();
    let xlsx = workbook.save_to_buffer().unwrap();
    let csv = format!("{}\n", vec!["x"; 600].join(","));

    let from_xlsx = read(&xlsx, "wide.xlsx", 0).unwrap_err();
    let from_csv = read(csv.as_bytes(), "wide.csv", 0).unwrap_err();

    assert_eq!(from_xlsx, ReadError::TooManyColumns { row: 5, limit: 512 });
    assert_eq!(from_csv, ReadError::TooManyColumns { row: 1, limit: 512 });
}

#[test]
fn one_long_shared_string_in_many_cells_is_refused_as_it_grows() {
    let long = "x".repeat(30_000);
    let rows: String = (1..=10_000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let bytes = hand_made_xlsx(
        &format!("<sheetData>{rows}</sheetData>"),
        Some(&format!("<si><t>{long}</t></si>")),
    );

    let error = read(&bytes, "amplified.xlsx", 0).unwrap_err();

    // 10,000 copies of 30 KB would be 300 MB.
    assert_eq!(
        error,
        ReadError::TooMuchData {
            limit: MAX_SHEET_BYTES
        }
    );
}

#[test]
fn a_cell_longer_than_32_kib_is_refused_naming_it() {
    let long = "y".repeat(40_000);
    let bytes = hand_made_xlsx(
        &format!(
            r#"<sheetData><row r="7"><c r="C7" t="inlineStr"><is><t>{long}</t></is></c></row></sheetData>"#
        ),
        None,
    );

    let error = read(&bytes, "long.xlsx", 0).unwrap_err();

    assert_eq!(
        error,
        ReadError::FieldTooLarge {
            row: 7,
            column: "C".to_owned(),
            limit: 32 * 1024
        }
    );
}

#[test]
fn a_shared_string_table_announcing_billions_of_strings_is_refused() {
    // calamine reserves room for as many strings as `uniqueCount` says.
    let sst = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="99999999999"><si><t>a</t></si></sst>"#;
    let mut entries = unzip(&hand_made_xlsx("<sheetData/>", None));
    entries.push(("xl/sharedStrings.xml".to_owned(), sst.as_bytes().to_vec()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let bytes = zip(&refs);

    let error = read(&bytes, "sst.xlsx", 0).unwrap_err();

    assert!(matches!(error, ReadError::TooMuchData { .. }), "{error:?}");
}

#[test]
fn a_single_enormous_xml_run_is_refused_before_calamine_holds_it() {
    // 40 MiB of a comment in two letters packs about 7 to 1: under the
    // ratio limit and the file limit, yet one run calamine would hold whole.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let run: String = (0..40 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if state & 1 == 0 { 'a' } else { 'b' }
        })
        .collect();
    let bytes = hand_made_xlsx(&format!("<sheetData/><!--{run}-->"), None);
    assert!(bytes.len() < MAX_FILE_BYTES);

    let error = Workbook::open(&bytes, "run.xlsx").unwrap_err();

    match error {
        ReadError::Damaged { detail, .. } => assert!(detail.contains("tag or text"), "{detail}"),
        other => panic!("expected Damaged, got {other:?}"),
    }
}

#[test]
fn a_tag_hiding_its_length_behind_quoted_brackets_is_refused() {
    // One start tag of 40 MiB whose attribute values hold `<` and `>`: the
    // XML reader holds it whole, though no two brackets are far apart.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut tag = String::from("<x");
    while tag.len() < 40 * 1024 * 1024 {
        tag.push_str(" a=\"<>");
        for _ in 0..16 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            tag.push(if state & 1 == 0 { 'a' } else { 'b' });
        }
        tag.push('"');
    }
    tag.push('>');
    let bytes = hand_made_xlsx(&format!("<sheetData/>{tag}"), None);
    assert!(bytes.len() < MAX_FILE_BYTES);

    let error = Workbook::open(&bytes, "tag.xlsx").unwrap_err();

    match error {
        ReadError::Damaged { detail, .. } => assert!(detail.contains("tag or text"), "{detail}"),
        other => panic!("expected Damaged, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Damaged files
// ---------------------------------------------------------------------------

/// Opens and reads every sheet; a panic anywhere fails the test.
fn read_all(bytes: &[u8], name: &str) -> Result<usize, ReadError> {
    let mut workbook = Workbook::open(bytes, name)?;
    let mut rows = 0;
    for index in 0..workbook.sheet_names().len() {
        let whole = workbook.read_sheet(index);
        check_streamed(bytes, name, index, &whole);
        rows += whole?.rows.len();
    }
    Ok(rows)
}

#[test]
fn truncated_and_corrupted_files_give_errors_not_panics() {
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("x.xlsx", price_list_xlsx()),
        (
            "x.ods",
            hand_made_ods(
                r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>"#,
            ),
        ),
        ("x.csv", CATALOG_CSV.as_bytes().to_vec()),
        ("x.xlsb", small_xlsb()),
    ];
    if let Some(converted) = converted() {
        files.push(("lo.xlsx", converted.get("catalog", "xlsx")));
        files.push(("lo.xls", converted.get("catalog", "xls")));
        files.push(("lo.ods", converted.get("catalog", "ods")));
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (name, bytes) in &files {
        assert!(read_all(bytes, name).is_ok(), "{name} reads intact");
        // A zip's directory is at its end, so any cut loses it; a compound
        // file may end in sectors nothing uses, and a CSV is fine cut.
        let is_zip = [".xlsx", ".xlsb", ".ods"].iter().any(|e| name.ends_with(e));
        for cut in (1..40).map(|i| bytes.len() * i / 40) {
            let result = read_all(&bytes[..cut], name);
            if is_zip {
                assert!(result.is_err(), "{name} cut at {cut} of {}", bytes.len());
            }
        }
        for _ in 0..150 {
            let mut flipped = bytes.clone();
            let at = usize::try_from(next() % bytes.len() as u64).unwrap();
            flipped[at] ^= 1 << (next() % 8);
            let _ = read_all(&flipped, name);
        }
    }
}

#[test]
fn random_bytes_after_a_zip_or_compound_file_signature_are_damaged_files() {
    let mut state: u64 = 0x1234_5678_9ABC_DEF1;
    for signature in [&b"PK\x03\x04"[..], b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"] {
        for len in [0, 10, 600, 5000] {
            let mut bytes = signature.to_vec();
            bytes.extend((0..len).map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            }));

            let error = read_all(&bytes, "x.xlsx").unwrap_err();

            assert!(matches!(error, ReadError::Damaged { .. }), "{error:?}");
            assert!(error.to_string().contains("damaged"));
        }
    }
}
