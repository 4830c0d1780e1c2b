//! [`Records`]: the valid rows of a sheet, packed. A [`PartRecord`] is about
//! 400 bytes before its text (a dozen optional strings and numbers); packed,
//! a row of a two-column price list takes about 110 bytes, so a
//! 1,000,000-row file fits in memory next to everything else an import
//! holds. Records are unpacked one at a time as they are read.

use std::fmt;

use super::{Condition, PartRecord};
use crate::values::Currency;

/// The valid rows of a sheet, in sheet order.
#[derive(Clone, PartialEq, Default)]
pub struct Records {
    items: Vec<Packed>,
}

/// One record: its numbers as they are, its text in one allocation.
#[derive(Clone, PartialEq)]
struct Packed {
    row: u32,
    lead_time_days: u32,
    warranty_months: u32,
    order_multiple: u32,
    /// Which optional fields are present, one bit each (see `bit`).
    present: u32,
    price_minor: i64,
    stock: i64,
    moq: i64,
    weight_grams: u64,
    gst_rate: u8,
    currency: u8,
    condition: u8,
    /// The texts' lengths as varints, then the texts' bytes: part number,
    /// normalized part number, each present optional text in `TEXTS`
    /// order, then the compatible models and the superseded numbers, each
    /// list led by its count.
    data: Box<[u8]>,
}

mod bit {
    pub const PRICE: u32 = 1;
    pub const STOCK: u32 = 1 << 1;
    pub const MOQ: u32 = 1 << 2;
    pub const LEAD: u32 = 1 << 3;
    pub const WARRANTY: u32 = 1 << 4;
    pub const WEIGHT: u32 = 1 << 5;
    pub const GST: u32 = 1 << 6;
    pub const CURRENCY: u32 = 1 << 7;
    pub const CONDITION: u32 = 1 << 8;
    pub const ORDER_MULTIPLE: u32 = 1 << 9;
    /// The first of the optional texts' bits, one per `TEXTS` entry.
    pub const TEXT: u32 = 1 << 10;
}

/// How many optional texts a record has: name, description, manufacturer,
/// brand, OEM part number, category, HSN code, image link.
const TEXTS: usize = 8;

fn texts(r: &PartRecord) -> [&Option<String>; TEXTS] {
    [
        &r.name,
        &r.description,
        &r.manufacturer,
        &r.brand,
        &r.oem_part_number,
        &r.category,
        &r.hsn,
        &r.image_url,
    ]
}

fn texts_mut(r: &mut PartRecord) -> [&mut Option<String>; TEXTS] {
    [
        &mut r.name,
        &mut r.description,
        &mut r.manufacturer,
        &mut r.brand,
        &mut r.oem_part_number,
        &mut r.category,
        &mut r.hsn,
        &mut r.image_url,
    ]
}

fn put_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get_varint(data: &[u8], at: &mut usize) -> usize {
    let mut n = 0usize;
    let mut shift = 0;
    loop {
        let byte = data[*at];
        *at += 1;
        n |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
}

fn currency_code(c: Currency) -> u8 {
    match c {
        Currency::Inr => 0,
        Currency::Usd => 1,
        Currency::Eur => 2,
    }
}

fn currency_of(code: u8) -> Currency {
    match code {
        0 => Currency::Inr,
        1 => Currency::Usd,
        _ => Currency::Eur,
    }
}

fn condition_code(c: Condition) -> u8 {
    match c {
        Condition::New => 0,
        Condition::Refurbished => 1,
        Condition::Exchange => 2,
    }
}

fn condition_of(code: u8) -> Condition {
    match code {
        0 => Condition::New,
        1 => Condition::Refurbished,
        _ => Condition::Exchange,
    }
}

impl Packed {
    fn pack(r: &PartRecord) -> Packed {
        let mut present = 0;
        let mut flag = |bit: u32, on: bool| {
            if on {
                present |= bit;
            }
        };
        flag(bit::PRICE, r.price_minor.is_some());
        flag(bit::STOCK, r.stock.is_some());
        flag(bit::MOQ, r.moq.is_some());
        flag(bit::LEAD, r.lead_time_days.is_some());
        flag(bit::WARRANTY, r.warranty_months.is_some());
        flag(bit::WEIGHT, r.weight_grams.is_some());
        flag(bit::GST, r.gst_rate.is_some());
        flag(bit::CURRENCY, r.currency.is_some());
        flag(bit::CONDITION, r.condition.is_some());
        flag(bit::ORDER_MULTIPLE, r.order_multiple.is_some());
        let mut strings: Vec<&str> = vec![&r.part_number, &r.part_number_norm];
        for (i, text) in texts(r).into_iter().enumerate() {
            if let Some(text) = text {
                present |= bit::TEXT << i;
                strings.push(text);
            }
        }
        let mut lengths = Vec::with_capacity(strings.len() + 4);
        for s in &strings {
            put_varint(&mut lengths, s.len());
        }
        for list in [&r.compatible_models, &r.supersedes] {
            put_varint(&mut lengths, list.len());
            for s in list {
                put_varint(&mut lengths, s.len());
            }
        }
        let text_len: usize = strings.iter().map(|s| s.len()).sum::<usize>()
            + r.compatible_models.iter().map(String::len).sum::<usize>()
            + r.supersedes.iter().map(String::len).sum::<usize>();
        let mut data = Vec::with_capacity(lengths.len() + text_len);
        data.extend_from_slice(&lengths);
        for s in strings
            .into_iter()
            .chain(r.compatible_models.iter().map(String::as_str))
            .chain(r.supersedes.iter().map(String::as_str))
        {
            data.extend_from_slice(s.as_bytes());
        }
        Packed {
            row: r.row,
            lead_time_days: r.lead_time_days.unwrap_or(0),
            warranty_months: r.warranty_months.unwrap_or(0),
            present,
            price_minor: r.price_minor.unwrap_or(0),
            stock: r.stock.unwrap_or(0),
            moq: r.moq.unwrap_or(0),
            weight_grams: r.weight_grams.unwrap_or(0),
            order_multiple: r.order_multiple.unwrap_or(0),
            gst_rate: r.gst_rate.unwrap_or(0),
            currency: r.currency.map_or(0, currency_code),
            condition: r.condition.map_or(0, condition_code),
            data: data.into_boxed_slice(),
        }
    }

    fn has(&self, bit: u32) -> bool {
        self.present & bit != 0
    }

    /// The lengths and where the text starts.
    fn layout(&self) -> (Vec<usize>, usize, usize, usize) {
        let d = &self.data;
        let mut at = 0;
        let fixed = 2 + (self.present / bit::TEXT).count_ones() as usize;
        let mut lengths = Vec::with_capacity(fixed + 4);
        for _ in 0..fixed {
            lengths.push(get_varint(d, &mut at));
        }
        let models = get_varint(d, &mut at);
        for _ in 0..models {
            lengths.push(get_varint(d, &mut at));
        }
        let supersedes = get_varint(d, &mut at);
        for _ in 0..supersedes {
            lengths.push(get_varint(d, &mut at));
        }
        (lengths, models, supersedes, at)
    }

    fn part_number(&self) -> &str {
        let (lengths, _, _, start) = self.layout();
        text_at(&self.data, start, lengths[0])
    }

    fn part_number_norm(&self) -> &str {
        let (lengths, _, _, start) = self.layout();
        text_at(&self.data, start + lengths[0], lengths[1])
    }

    fn unpack(&self) -> PartRecord {
        let (lengths, models, supersedes, mut start) = self.layout();
        let mut next = lengths.into_iter().map(|len| {
            let s = text_at(&self.data, start, len).to_owned();
            start += len;
            s
        });
        let mut r = PartRecord {
            row: self.row,
            part_number: next.next().unwrap_or_default(),
            part_number_norm: next.next().unwrap_or_default(),
            ..PartRecord::default()
        };
        let present = self.present;
        for (i, slot) in texts_mut(&mut r).into_iter().enumerate() {
            if present & (bit::TEXT << i) != 0 {
                *slot = next.next();
            }
        }
        r.compatible_models = next.by_ref().take(models).collect();
        r.supersedes = next.by_ref().take(supersedes).collect();
        let on = |bit: u32| self.has(bit);
        r.price_minor = on(bit::PRICE).then_some(self.price_minor);
        r.stock = on(bit::STOCK).then_some(self.stock);
        r.moq = on(bit::MOQ).then_some(self.moq);
        r.lead_time_days = on(bit::LEAD).then_some(self.lead_time_days);
        r.warranty_months = on(bit::WARRANTY).then_some(self.warranty_months);
        r.weight_grams = on(bit::WEIGHT).then_some(self.weight_grams);
        r.gst_rate = on(bit::GST).then_some(self.gst_rate);
        r.currency = on(bit::CURRENCY).then(|| currency_of(self.currency));
        r.condition = on(bit::CONDITION).then(|| condition_of(self.condition));
        r.order_multiple = on(bit::ORDER_MULTIPLE).then_some(self.order_multiple);
        r
    }
}

/// The text of `len` bytes at `start`. Packing only ever splits at the
/// ends of whole strings, so the bytes are valid UTF-8.
fn text_at(data: &[u8], start: usize, len: usize) -> &str {
    std::str::from_utf8(&data[start..start + len]).unwrap_or_default()
}

impl Records {
    /// No records.
    pub fn new() -> Records {
        Records::default()
    }

    /// Adds a record at the end; records are kept in the order added.
    pub fn push(&mut self, record: &PartRecord) {
        self.items.push(Packed::pack(record));
    }

    /// Moves all of `other`'s records to the end.
    pub fn append(&mut self, other: &mut Records) {
        self.items.append(&mut other.items);
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The record at `index`, unpacked.
    pub fn get(&self, index: usize) -> Option<PartRecord> {
        self.items.get(index).map(Packed::unpack)
    }

    /// The first record, unpacked.
    pub fn first(&self) -> Option<PartRecord> {
        self.get(0)
    }

    /// Every record, unpacked one at a time.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.items.iter())
    }

    /// The row numbers of the records, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.items.iter().map(|p| p.row)
    }

    /// The part number (as written) of the record on `row`, when records
    /// are in row order, as a sheet's are.
    pub fn part_number_on_row(&self, row: u32) -> Option<&str> {
        self.items
            .binary_search_by_key(&row, |p| p.row)
            .ok()
            .map(|i| self.items[i].part_number())
    }

    /// The normalized part number of the record on `row`, as
    /// [`Records::part_number_on_row`] finds it.
    pub fn part_number_norm_on_row(&self, row: u32) -> Option<&str> {
        self.items
            .binary_search_by_key(&row, |p| p.row)
            .ok()
            .map(|i| self.items[i].part_number_norm())
    }

    /// Keeps the records whose row `keep` accepts.
    pub fn retain_rows(&mut self, keep: impl Fn(u32) -> bool) {
        self.items.retain(|p| keep(p.row));
    }

    /// Removes every record.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// The estimated memory the records take, for budgets.
    pub(crate) fn estimated_bytes(&self) -> usize {
        self.items
            .iter()
            .map(|p| std::mem::size_of::<Packed>() + p.data.len().next_multiple_of(16) + 16)
            .sum()
    }
}

/// The records of [`Records`], unpacked one at a time.
pub struct Iter<'a>(std::slice::Iter<'a, Packed>);

impl Iterator for Iter<'_> {
    type Item = PartRecord;

    fn next(&mut self) -> Option<PartRecord> {
        self.0.next().map(Packed::unpack)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Records {
    type Item = PartRecord;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        Iter(self.items.iter())
    }
}

impl FromIterator<PartRecord> for Records {
    fn from_iter<I: IntoIterator<Item = PartRecord>>(iter: I) -> Records {
        let mut out = Records::new();
        for r in iter {
            out.push(&r);
        }
        out
    }
}

impl fmt::Debug for Records {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_unpacks_as_it_was_packed() {
        let full = PartRecord {
            row: 14,
            part_number: "AB-123/4".into(),
            part_number_norm: "ab1234".into(),
            name: Some("Coil cable".into()),
            description: Some("Für Signa — 1,5 T".into()),
            manufacturer: Some("GE".into()),
            brand: None,
            oem_part_number: Some("5123".into()),
            category: Some("Imaging > MRI > Coils".into()),
            compatible_models: vec!["Signa HDxt".into(), String::new(), "Achieva".into()],
            price_minor: Some(-5),
            currency: Some(Currency::Eur),
            gst_rate: Some(0),
            stock: Some(i64::MAX),
            moq: Some(1),
            order_multiple: Some(25),
            lead_time_days: Some(0),
            warranty_months: Some(12),
            condition: Some(Condition::Exchange),
            weight_grams: Some(u64::MAX),
            hsn: Some("9018".into()),
            image_url: None,
            supersedes: vec!["X".repeat(300)],
        };
        let sparse = PartRecord {
            row: 15,
            part_number: "9".into(),
            part_number_norm: "9".into(),
            name: Some(String::new()),
            ..PartRecord::default()
        };
        let records: Records = [full.clone(), sparse.clone()].into_iter().collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records.get(0), Some(full.clone()));
        assert_eq!(records.get(1), Some(sparse));
        assert_eq!(records.part_number_on_row(14), Some("AB-123/4"));
        assert_eq!(records.part_number_on_row(13), None);
        assert_eq!(records.part_number_norm_on_row(15), Some("9"));
        let mut kept = records.clone();
        kept.retain_rows(|row| row == 14);
        assert_eq!(kept.iter().collect::<Vec<_>>(), vec![full]);
    }

    #[test]
    fn a_price_list_row_packs_small() {
        let mut records = Records::new();
        records.push(&PartRecord {
            row: 2,
            part_number: "PN-0000001".into(),
            part_number_norm: "pn0000001".into(),
            price_minor: Some(12_345),
            ..PartRecord::default()
        });
        assert!(
            records.estimated_bytes() <= 128,
            "{}",
            records.estimated_bytes()
        );
    }
}
