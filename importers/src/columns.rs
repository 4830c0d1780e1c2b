//! Header detection and column mapping: which column of a supplier's sheet
//! holds which catalog field.
//!
//! Headers are matched against a list of synonyms per [`Field`] after
//! normalizing both sides (see [`normalize_header`]), so "Part No.",
//! "PART #", "p/n" and "Part Number (OEM)" all find
//! [`Field::PartNumber`]. Matching is exact on the normalized form: a header
//! is never matched because it merely contains a synonym, which keeps
//! "S. No." (a row counter) from becoming a part number.

use std::fmt;

/// A catalog field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The supplier's part number, the key of a catalog row.
    PartNumber,
    /// The part's short name.
    Name,
    /// A longer description.
    Description,
    /// The equipment or part manufacturer.
    Manufacturer,
    /// The brand, when it differs from the manufacturer.
    Brand,
    /// The original equipment manufacturer's part number, for cross-reference.
    OemPartNumber,
    /// The product category.
    Category,
    /// Equipment models the part fits.
    CompatibleModels,
    /// The price of one unit.
    UnitPrice,
    /// The currency of the price.
    Currency,
    /// The GST rate in percent.
    GstRate,
    /// Units in stock.
    Stock,
    /// Minimum order quantity.
    Moq,
    /// The pack size: the part is ordered in whole multiples of it.
    OrderMultiple,
    /// Lead time to dispatch.
    LeadTime,
    /// Warranty in months.
    WarrantyMonths,
    /// New, refurbished, used.
    Condition,
    /// Weight of one unit.
    WeightKg,
    /// The HSN (or SAC) tax classification code.
    Hsn,
    /// A link to a picture of the part.
    ImageUrl,
    /// The old part number this one replaces.
    Supersedes,
}

impl Field {
    /// Every field, in catalog order.
    pub const ALL: [Field; 21] = [
        Field::PartNumber,
        Field::Name,
        Field::Description,
        Field::Manufacturer,
        Field::Brand,
        Field::OemPartNumber,
        Field::Category,
        Field::CompatibleModels,
        Field::UnitPrice,
        Field::Currency,
        Field::GstRate,
        Field::Stock,
        Field::Moq,
        Field::OrderMultiple,
        Field::LeadTime,
        Field::WarrantyMonths,
        Field::Condition,
        Field::WeightKg,
        Field::Hsn,
        Field::ImageUrl,
        Field::Supersedes,
    ];

    /// A stable key for storing mappings and naming form fields, such as
    /// `unit_price`; it never changes once released.
    pub fn key(self) -> &'static str {
        match self {
            Field::PartNumber => "part_number",
            Field::Name => "name",
            Field::Description => "description",
            Field::Manufacturer => "manufacturer",
            Field::Brand => "brand",
            Field::OemPartNumber => "oem_part_number",
            Field::Category => "category",
            Field::CompatibleModels => "compatible_models",
            Field::UnitPrice => "unit_price",
            Field::Currency => "currency",
            Field::GstRate => "gst_rate",
            Field::Stock => "stock",
            Field::Moq => "moq",
            Field::OrderMultiple => "order_multiple",
            Field::LeadTime => "lead_time",
            Field::WarrantyMonths => "warranty_months",
            Field::Condition => "condition",
            Field::WeightKg => "weight",
            Field::Hsn => "hsn",
            Field::ImageUrl => "image_url",
            Field::Supersedes => "supersedes",
        }
    }

    /// The field whose [`Field::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field's name for reports, such as "Unit price".
    pub fn label(self) -> &'static str {
        match self {
            Field::PartNumber => "Part number",
            Field::Name => "Name",
            Field::Description => "Description",
            Field::Manufacturer => "Manufacturer",
            Field::Brand => "Brand",
            Field::OemPartNumber => "OEM part number",
            Field::Category => "Category",
            Field::CompatibleModels => "Compatible models",
            Field::UnitPrice => "Unit price",
            Field::Currency => "Currency",
            Field::GstRate => "GST rate",
            Field::Stock => "Stock",
            Field::Moq => "Minimum order quantity",
            Field::OrderMultiple => "Order multiple",
            Field::LeadTime => "Lead time",
            Field::WarrantyMonths => "Warranty (months)",
            Field::Condition => "Condition",
            Field::WeightKg => "Weight",
            Field::Hsn => "HSN code",
            Field::ImageUrl => "Image URL",
            Field::Supersedes => "Supersedes",
        }
    }

    /// Headers suppliers use for the field, as they write them; matching
    /// normalizes them first.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::PartNumber => &[
                "Part Number",
                "Part No.",
                "Part #",
                "P/N",
                "PN",
                "Part Code",
                "Item Code",
                "Catalog No.",
                "Catalogue Number",
                "Cat. No.",
                "Material No.",
                "Material Code",
                "Article No.",
                "SKU",
                "Product Code",
                "Order No.",
                "Order Code",
                "REF",
            ],
            Field::Name => &[
                "Name",
                "Part Name",
                "Item Name",
                "Product Name",
                "Item",
                "Product",
                "Title",
            ],
            Field::Description => &[
                "Description",
                "Desc",
                "Item Description",
                "Product Description",
                "Part Description",
                "Long Description",
                "Details",
                "Specification",
                "Specifications",
            ],
            Field::Manufacturer => &[
                "Manufacturer",
                "Mfr",
                "Mfg",
                "Mfr Name",
                "Make",
                "Maker",
                "OEM",
                "Manufactured By",
            ],
            Field::Brand => &["Brand", "Brand Name"],
            Field::OemPartNumber => &[
                "OEM Part No.",
                "OEM P/N",
                "OEM PN",
                "OEM Code",
                "Mfr Part No.",
                "Manufacturer Part Number",
                "MPN",
                "Original Part No.",
            ],
            Field::Category => &[
                "Category",
                "Product Category",
                "Part Category",
                "Group",
                "Product Group",
                "Part Type",
                "Type",
                "Class",
            ],
            Field::CompatibleModels => &[
                "Compatible Models",
                "Compatible Model",
                "Compatibility",
                "Compatible With",
                "Fits",
                "Fits Models",
                "Applicable Equipment",
                "Applicable Models",
                "Used On",
                "Used In",
                "Suitable For",
                "Equipment Model",
                "Model",
                "Models",
            ],
            Field::UnitPrice => &[
                "Unit Price",
                "Price",
                "Unit Price (INR)",
                "Price (Rs.)",
                "MRP",
                "Rate",
                "Unit Rate",
                "List Price",
                "Price per Unit",
                "Selling Price",
                "Net Price",
                "Basic Price",
                "Unit Cost",
                "Cost",
            ],
            Field::Currency => &["Currency", "Curr", "Currency Code", "CCY"],
            Field::GstRate => &[
                "GST",
                "GST %",
                "GST Rate",
                "Tax Rate",
                "Tax",
                "Tax %",
                "IGST",
                "IGST Rate",
            ],
            Field::Stock => &[
                "Stock",
                "Qty",
                "Quantity",
                "Available Qty",
                "Available Quantity",
                "Qty Available",
                "Available Stock",
                "On Hand",
                "Qty on Hand",
                "Stock Qty",
                "Current Stock",
                "In Stock",
                "Inventory",
            ],
            Field::Moq => &[
                "MOQ",
                "Min Order Qty",
                "Minimum Order",
                "Minimum Order Quantity",
                "Min Order",
                "Min Qty",
                "Minimum Qty",
            ],
            Field::OrderMultiple => &[
                "Order Multiple",
                "Order Multiples",
                "Multiple",
                "Multiples",
                "Sold in Multiples of",
                "Pack Size",
                "Pack Qty",
                "Pack Quantity",
                "Qty per Pack",
                "Units per Pack",
                "Standard Pack",
                "Standard Pack Qty",
                "Package Qty",
                "Increment",
                "Order Increment",
            ],
            Field::LeadTime => &[
                "Lead Time",
                "Lead Time (days)",
                "Lead Days",
                "Delivery",
                "Delivery Time",
                "Delivery Period",
                "Dispatch",
                "Dispatch Time",
            ],
            Field::WarrantyMonths => &[
                "Warranty",
                "Warranty (months)",
                "Warranty Period",
                "Guarantee",
            ],
            Field::Condition => &["Condition", "Part Condition", "New/Refurbished"],
            Field::WeightKg => &[
                "Weight",
                "Weight (kg)",
                "Net Weight",
                "Unit Weight",
                "Shipping Weight",
                "Wt",
            ],
            Field::Hsn => &["HSN", "HSN Code", "HSN/SAC", "HSN No.", "HS Code", "SAC"],
            Field::ImageUrl => &[
                "Image",
                "Image URL",
                "Image Link",
                "Picture",
                "Photo",
                "Photo URL",
                "Img",
                "Thumbnail",
            ],
            Field::Supersedes => &[
                "Supersedes",
                "Replaces",
                "Old Part No.",
                "Old PN",
                "Old Code",
                "Previous Part No.",
                "Superseded Part",
                "Replaced Part",
            ],
        }
    }

    /// The field a header names, if any.
    pub fn from_header(header: &str) -> Option<Field> {
        let key = normalize_header(header);
        if key.is_empty() {
            return None;
        }
        Field::ALL.into_iter().find(|field| {
            field
                .synonyms()
                .iter()
                .any(|synonym| normalize_header(synonym) == key)
        })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Unit words that end a header without changing its meaning:
/// "Price INR", "Weight kg", "Lead Time in Days".
const TRAILING_UNITS: [&str; 18] = [
    "inr", "rs", "usd", "eur", "kg", "kgs", "g", "gm", "gms", "lb", "lbs", "days", "day", "months",
    "month", "pct", "percent", "pcs",
];

/// Reduces a header to a matching key: lowercased; text in brackets
/// (`(INR)`, `[kg]`) dropped; `#`, "number", "num" and "nbr" read as "no";
/// "quantity" as "qty", "catalogue" as "catalog", "minimum" as "min";
/// trailing unit words ("INR", "kg", "days", and an "in" before them)
/// dropped; all punctuation and spaces removed. "Part No.", "PART #",
/// "Part Number" and "P/N" give "partno", "partno", "partno" and "pn".
pub fn normalize_header(header: &str) -> String {
    let lower = header.to_lowercase();
    let mut spaced = String::with_capacity(lower.len());
    let mut depth = 0usize;
    for c in lower.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '#' => spaced.push_str(" no "),
            c if c.is_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    let mut words: Vec<&str> = spaced
        .split_whitespace()
        .map(|word| match word {
            "number" | "num" | "nbr" => "no",
            "quantity" => "qty",
            "catalogue" => "catalog",
            "minimum" => "min",
            other => other,
        })
        .collect();
    // Keep at least one word: a column headed "Days" is not blank.
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING_UNITS.contains(w)) {
        words.pop();
        if words.len() > 1 && words.last() == Some(&"in") {
            words.pop();
        }
    }
    words.concat()
}

/// One column of a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    /// The column's zero-based index; see [`column_letter`].
    pub index: usize,
    /// The header as written, white space folded.
    pub header: String,
    /// The field the header names, or `None` when unknown or blank.
    pub field: Option<Field>,
}

/// A field named by more than one column, such as "Price" and "MRP".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The field.
    pub field: Field,
    /// The zero-based indexes of the columns that name it, in sheet order.
    pub columns: Vec<usize>,
}

/// What each column of a header row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    columns: Vec<MappedColumn>,
}

impl Mapping {
    /// Every column of the header row, in order, blank ones included.
    pub fn columns(&self) -> &[MappedColumn] {
        &self.columns
    }

    /// The field of the column at `index`, if known.
    pub fn field(&self, index: usize) -> Option<Field> {
        self.columns.get(index).and_then(|c| c.field)
    }

    /// The first column holding `field`. When several do, see
    /// [`Mapping::duplicates`]: the reader should refuse the sheet rather
    /// than guess which one is meant.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.index)
    }

    /// Columns whose header names no known field, to report by name so that
    /// no data is dropped silently. Columns with a blank header are not
    /// listed: spreadsheets often carry empty formatted columns; the reader
    /// checks whether any data sits under them.
    pub fn unknown(&self) -> impl Iterator<Item = &MappedColumn> {
        self.columns
            .iter()
            .filter(|c| c.field.is_none() && !c.header.is_empty())
    }

    /// Fields named by more than one column, in [`Field`] order.
    pub fn duplicates(&self) -> Vec<Duplicate> {
        Field::ALL
            .into_iter()
            .filter_map(|field| {
                let columns: Vec<usize> = self
                    .columns
                    .iter()
                    .filter(|c| c.field == Some(field))
                    .map(|c| c.index)
                    .collect();
                (columns.len() > 1).then_some(Duplicate { field, columns })
            })
            .collect()
    }

    /// Sets what the column at `index` holds (`None`: ignore it), as the
    /// uploader chose in the preview or a saved mapping profile says.
    /// Indexes past the header are ignored.
    pub fn set(&mut self, index: usize, field: Option<Field>) {
        if let Some(column) = self.columns.get_mut(index) {
            column.field = field;
        }
    }

    /// Applies a mapping profile: every column whose normalized header (see
    /// [`normalize_header`]) the profile names takes the profile's field.
    pub fn apply_profile(&mut self, profile: &[(String, Option<Field>)]) {
        for column in &mut self.columns {
            let key = normalize_header(&column.header);
            if key.is_empty() {
                continue;
            }
            if let Some((_, field)) = profile.iter().find(|(header, _)| *header == key) {
                column.field = *field;
            }
        }
    }

    /// How many distinct fields the header names.
    pub fn known_fields(&self) -> usize {
        let mut fields: Vec<Field> = self.columns.iter().filter_map(|c| c.field).collect();
        fields.sort_unstable();
        fields.dedup();
        fields.len()
    }
}

/// Maps each cell of a header row to the field it names.
pub fn map_header(cells: &[String]) -> Mapping {
    let columns = cells
        .iter()
        .enumerate()
        .map(|(index, cell)| MappedColumn {
            index,
            header: crate::values::fold_whitespace(cell),
            field: Field::from_header(cell),
        })
        .collect();
    Mapping { columns }
}

/// How many distinct known fields a row names; a row repeating "Price"
/// three times scores 1.
pub fn header_score(cells: &[String]) -> usize {
    map_header(cells).known_fields()
}

/// How many rows from the top [`find_header`] looks at.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// The fewest known fields a header row must name, part number included.
const MIN_HEADER_FIELDS: usize = 2;

/// Finds the header row among the first [`HEADER_SEARCH_ROWS`] rows,
/// skipping title rows, notes and blank rows above it: the row naming the
/// most distinct fields, among rows that name a part number column and at
/// least two fields; the earliest such row on a tie. Returns its zero-based
/// index and mapping, or `None` when no row qualifies.
pub fn find_header(rows: &[Vec<String>]) -> Option<(usize, Mapping)> {
    find_header_with(rows, &[])
}

/// [`find_header`] with a saved mapping profile applied to every candidate
/// row, so a header the synonyms do not know is still found once the
/// seller has mapped it.
pub fn find_header_with(
    rows: &[Vec<String>],
    profile: &[(String, Option<Field>)],
) -> Option<(usize, Mapping)> {
    let mut best: Option<(usize, Mapping, usize)> = None;
    for (index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let mut mapping = map_header(row);
        mapping.apply_profile(profile);
        let score = mapping.known_fields();
        let qualifies =
            score >= MIN_HEADER_FIELDS && mapping.column_of(Field::PartNumber).is_some();
        let better = best.as_ref().is_none_or(|(_, _, s)| score > *s);
        if qualifies && better {
            best = Some((index, mapping, score));
        }
    }
    best.map(|(index, mapping, _)| (index, mapping))
}

/// The spreadsheet letter of a zero-based column index: 0 → "A", 25 → "Z",
/// 26 → "AA", 701 → "ZZ", 702 → "AAA".
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index;
    loop {
        // n % 26 < 26, so the addition stays within 'A'..='Z'.
        letters.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn synonyms_map_to_their_field() {
        let cases = [
            ("Part No.", Field::PartNumber),
            ("PART #", Field::PartNumber),
            ("part number", Field::PartNumber),
            ("P/N", Field::PartNumber),
            ("PN", Field::PartNumber),
            ("Item Code", Field::PartNumber),
            ("Catalog No.", Field::PartNumber),
            ("Catalogue Number", Field::PartNumber),
            ("Material No.", Field::PartNumber),
            ("Article No.", Field::PartNumber),
            ("SKU", Field::PartNumber),
            ("Part Number (OEM)", Field::PartNumber),
            ("Price", Field::UnitPrice),
            ("Unit Price (INR)", Field::UnitPrice),
            ("unit price inr", Field::UnitPrice),
            ("MRP", Field::UnitPrice),
            ("Rate", Field::UnitPrice),
            ("List Price", Field::UnitPrice),
            ("Price (Rs.)", Field::UnitPrice),
            ("Price in INR", Field::UnitPrice),
            ("Price ₹", Field::UnitPrice),
            ("Compatible Models", Field::CompatibleModels),
            ("Fits", Field::CompatibleModels),
            ("Applicable Equipment", Field::CompatibleModels),
            ("Used On", Field::CompatibleModels),
            ("Compatible With", Field::CompatibleModels),
            ("Qty", Field::Stock),
            ("Quantity", Field::Stock),
            ("Stock", Field::Stock),
            ("Available Qty", Field::Stock),
            ("On Hand", Field::Stock),
            ("Lead Time", Field::LeadTime),
            ("Lead Time in Days", Field::LeadTime),
            ("Delivery", Field::LeadTime),
            ("Dispatch Time", Field::LeadTime),
            ("Warranty", Field::WarrantyMonths),
            ("Warranty (months)", Field::WarrantyMonths),
            ("GST", Field::GstRate),
            ("GST %", Field::GstRate),
            ("Tax Rate", Field::GstRate),
            ("MOQ", Field::Moq),
            ("Min Order Qty", Field::Moq),
            ("Minimum Order", Field::Moq),
            ("Minimum Order Quantity", Field::Moq),
            ("Order Multiple", Field::OrderMultiple),
            ("order multiple", Field::OrderMultiple),
            ("Multiple", Field::OrderMultiple),
            ("Pack Size", Field::OrderMultiple),
            ("PACK SIZE (pcs)", Field::OrderMultiple),
            ("Pack-Size", Field::OrderMultiple),
            ("Pack Qty", Field::OrderMultiple),
            ("Pack Qty.", Field::OrderMultiple),
            ("Pack Quantity", Field::OrderMultiple),
            ("Sold in Multiples of", Field::OrderMultiple),
            ("sold in multiples of:", Field::OrderMultiple),
            ("Increment", Field::OrderMultiple),
            ("Order Increment", Field::OrderMultiple),
            ("Category", Field::Category),
            ("Product Category", Field::Category),
            ("Group", Field::Category),
            ("HSN/SAC", Field::Hsn),
            ("HSN Code", Field::Hsn),
            ("Weight (kg)", Field::WeightKg),
            ("Weight kg", Field::WeightKg),
            ("Image URL", Field::ImageUrl),
            ("Old Part No.", Field::Supersedes),
            ("OEM Part No.", Field::OemPartNumber),
            ("Manufacturer", Field::Manufacturer),
            ("Make", Field::Manufacturer),
            ("Brand", Field::Brand),
            ("Description", Field::Description),
            ("Part Name", Field::Name),
            ("Currency", Field::Currency),
            ("Condition", Field::Condition),
            ("  \u{FEFF}Part\u{00A0}No. ", Field::PartNumber),
        ];
        for (header, field) in cases {
            assert_eq!(Field::from_header(header), Some(field), "{header:?}");
        }
    }

    #[test]
    fn unrelated_headers_map_to_nothing() {
        for header in [
            "S. No.",
            "Sr No",
            "#",
            "Remarks",
            "",
            "(INR)",
            "Amount",
            "Total Price",
            "Part",
            "ÄÖÜ",
            &"x".repeat(10_000),
        ] {
            assert_eq!(Field::from_header(header), None, "{header:.40?}");
        }
    }

    #[test]
    fn no_synonym_is_claimed_by_two_fields() {
        let mut seen: Vec<(String, Field)> = Vec::new();
        for field in Field::ALL {
            for synonym in field.synonyms() {
                let key = normalize_header(synonym);
                assert!(!key.is_empty(), "{synonym:?} normalizes to nothing");
                if let Some((_, other)) = seen.iter().find(|(k, f)| *k == key && *f != field) {
                    panic!("{synonym:?} of {field:?} is also a synonym of {other:?}");
                }
                seen.push((key, field));
            }
            // Every synonym must find its own field.
            for synonym in field.synonyms() {
                assert_eq!(Field::from_header(synonym), Some(field), "{synonym:?}");
            }
        }
    }

    #[test]
    fn normalization() {
        let cases = [
            ("Part No.", "partno"),
            ("PART #", "partno"),
            ("Part Number", "partno"),
            ("P/N", "pn"),
            ("Unit Price (INR)", "unitprice"),
            ("Lead Time in Days", "leadtime"),
            ("Days", "days"),
            ("Price [Rs.] (excl. GST)", "price"),
            ("Price (unclosed", "price"),
            ("Price) odd", "priceodd"),
            ("  ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_header(input), want, "{input:?}");
        }
    }

    #[test]
    fn map_header_reports_unknown_and_duplicate_columns() {
        let header = row(&["Part No.", "Remarks", "Price", "", "MRP", "Qty"]);
        let mapping = map_header(&header);
        let fields: Vec<Option<Field>> = mapping.columns().iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Some(Field::PartNumber),
                None,
                Some(Field::UnitPrice),
                None,
                Some(Field::UnitPrice),
                Some(Field::Stock)
            ]
        );
        let unknown: Vec<(usize, &str)> = mapping
            .unknown()
            .map(|c| (c.index, c.header.as_str()))
            .collect();
        assert_eq!(unknown, [(1, "Remarks")]);
        assert_eq!(
            mapping.duplicates(),
            [Duplicate {
                field: Field::UnitPrice,
                columns: vec![2, 4]
            }]
        );
        assert_eq!(mapping.column_of(Field::UnitPrice), Some(2));
        assert_eq!(mapping.column_of(Field::Hsn), None);
        assert_eq!(mapping.field(5), Some(Field::Stock));
        assert_eq!(mapping.field(99), None);
        assert_eq!(mapping.known_fields(), 3);
    }

    #[test]
    fn header_scores_count_distinct_fields() {
        let cases: [(&[&str], usize); 5] = [
            (&["Part No.", "Description", "Price", "Qty"], 4),
            (&["Price", "Price", "MRP"], 1),
            (&["Acme Medical Price List 2024"], 0),
            (&["451223", "Filter", "1,200", "5"], 0),
            (&[], 0),
        ];
        for (cells, want) in cases {
            assert_eq!(header_score(&row(cells)), want, "{cells:?}");
        }
    }

    #[test]
    fn find_header_skips_title_rows() {
        let rows = vec![
            row(&["Acme Medical Spares — Price List"]),
            row(&["Valid from 1 April 2024", "", "Price"]),
            row(&[]),
            row(&[
                "S. No.",
                "Part No.",
                "Description",
                "Unit Price (INR)",
                "GST %",
            ]),
            row(&["1", "451223", "Filter", "1,200", "18"]),
        ];
        let (index, mapping) = find_header(&rows).expect("a header row");
        assert_eq!(index, 3);
        assert_eq!(mapping.column_of(Field::PartNumber), Some(1));
        assert_eq!(mapping.column_of(Field::GstRate), Some(4));
    }

    #[test]
    fn find_header_needs_a_part_number_and_two_fields() {
        let no_part_number = vec![row(&["Name", "Price", "Qty"])];
        assert_eq!(find_header(&no_part_number), None);
        let part_number_only = vec![row(&["Part No.", "Remarks"])];
        assert_eq!(find_header(&part_number_only), None);
        assert_eq!(find_header(&[]), None);
    }

    #[test]
    fn find_header_prefers_the_best_row_then_the_first() {
        let rows = vec![
            row(&["Part No.", "Price"]),
            row(&["Part No.", "Name", "Price", "Qty"]),
            row(&["Part No.", "Name", "Price", "Stock"]),
        ];
        assert_eq!(find_header(&rows).map(|(i, _)| i), Some(1));
    }

    #[test]
    fn find_header_looks_only_at_the_first_rows() {
        let mut rows = vec![row(&["note"]); HEADER_SEARCH_ROWS];
        rows.push(row(&["Part No.", "Price", "Qty"]));
        assert_eq!(find_header(&rows), None);
        rows.remove(0);
        assert_eq!(
            find_header(&rows).map(|(i, _)| i),
            Some(HEADER_SEARCH_ROWS - 1)
        );
    }

    #[test]
    fn column_letters() {
        let cases = [
            (0, "A"),
            (1, "B"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ];
        for (index, want) in cases {
            assert_eq!(column_letter(index), want, "{index}");
        }
        assert!(!column_letter(usize::MAX).is_empty());
    }
}
