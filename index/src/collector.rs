//! One pass over the matching documents that both keeps the top hits and
//! counts every facet disjunctively: a document counts toward a facet group
//! when it passes every *other* group's selection, so choosing "GE" does not
//! zero the counts of the other manufacturers.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::request::Sort;
use crate::schema::STR_FACETS;

/// Lead-time buckets, in days ("ships within N days").
pub const LEAD_BUCKETS: [u64; 4] = [2, 7, 14, 30];
/// Warranty buckets, in months ("at least N months").
pub const WARRANTY_BUCKETS: [u64; 4] = [3, 6, 12, 24];
/// Price buckets in whole rupees: [from, to).
pub const PRICE_BUCKETS: [(u64, Option<u64>); 6] = [
    (0, Some(1_000)),
    (1_000, Some(5_000)),
    (5_000, Some(25_000)),
    (25_000, Some(100_000)),
    (100_000, Some(500_000)),
    (500_000, None),
];

const G_AVAIL: usize = 6;
const G_LEAD: usize = 7;
const G_WARRANTY: usize = 8;
const G_PRICE: usize = 9;

/// The selections that filter documents, one per facet group.
#[derive(Debug, Clone, Default)]
pub struct Selections {
    /// Selected values of the string facets, in `STR_FACETS` order.
    pub strings: [Vec<String>; 6],
    /// Only in-stock parts.
    pub in_stock: bool,
    /// Dispatch within this many days.
    pub lead_max: Option<u64>,
    /// At least this many months of warranty.
    pub warranty_min: Option<u64>,
    /// Price bounds in paise, inclusive.
    pub price_min: Option<u64>,
    /// Price bounds in paise, inclusive.
    pub price_max: Option<u64>,
}

/// Counts per group, keyed by value.
#[derive(Debug, Default)]
pub struct Counts {
    pub strings: [HashMap<String, u64>; 6],
    pub avail: [u64; 2],
    pub lead: [u64; 4],
    pub warranty: [u64; 4],
    pub price: [u64; 6],
}

#[derive(Debug, Clone, Copy)]
struct Ranked {
    primary: f64,
    score: Score,
    addr: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.primary
            .total_cmp(&other.primary)
            .then(self.score.total_cmp(&other.score))
            // Earlier documents win ties, so pages are stable.
            .then(other.addr.cmp(&self.addr))
    }
}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}

/// What the collector returns.
#[derive(Debug, Default)]
pub struct Collected {
    pub total: u64,
    /// Best first.
    pub top: Vec<(DocAddress, Score)>,
    pub counts: Counts,
}

pub struct SearchCollector {
    pub sel: Selections,
    pub sort: Sort,
    pub limit: usize,
    pub facets: bool,
}

pub struct SegColl {
    seg: SegmentOrdinal,
    sort: Sort,
    limit: usize,
    facets: bool,
    str_cols: Vec<Option<StrColumn>>,
    /// Per string group: None = no selection; Some(ords) = must contain one.
    sel_ords: Vec<Option<Vec<u64>>>,
    str_counts: Vec<Vec<u64>>,
    price: Column<u64>,
    stock: Column<u64>,
    lead: Column<u64>,
    warranty: Column<u64>,
    sales: Column<u64>,
    created: Column<u64>,
    sel: Selections,
    active_numeric: [bool; 4],
    total: u64,
    heap: BinaryHeap<std::cmp::Reverse<Ranked>>,
    avail: [u64; 2],
    lead_counts: [u64; 4],
    warranty_counts: [u64; 4],
    price_counts: [u64; 6],
}

impl Collector for SearchCollector {
    type Fruit = Collected;
    type Child = SegColl;

    fn for_segment(&self, seg: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegColl> {
        let ff = reader.fast_fields();
        let mut str_cols = Vec::with_capacity(6);
        let mut sel_ords = Vec::with_capacity(6);
        let mut str_counts = Vec::with_capacity(6);
        for (i, name) in STR_FACETS.iter().enumerate() {
            let col = ff.str(name)?;
            let selected = &self.sel.strings[i];
            let ords = if selected.is_empty() {
                None
            } else {
                let mut ords = Vec::new();
                if let Some(col) = &col {
                    for v in selected {
                        if let Some(o) = col.dictionary().term_ord(v.as_bytes())? {
                            ords.push(o);
                        }
                    }
                }
                ords.sort_unstable();
                Some(ords)
            };
            let n = if self.facets {
                col.as_ref().map_or(0, |c| c.num_terms())
            } else {
                0
            };
            str_counts.push(vec![0u64; n]);
            str_cols.push(col);
            sel_ords.push(ords);
        }
        let active_numeric = [
            self.sel.in_stock,
            self.sel.lead_max.is_some(),
            self.sel.warranty_min.is_some(),
            self.sel.price_min.is_some() || self.sel.price_max.is_some(),
        ];
        Ok(SegColl {
            seg,
            sort: self.sort,
            limit: self.limit,
            facets: self.facets,
            str_cols,
            sel_ords,
            str_counts,
            price: ff.u64("price")?,
            stock: ff.u64("stock")?,
            lead: ff.u64("lead")?,
            warranty: ff.u64("warranty")?,
            sales: ff.u64("sales")?,
            created: ff.u64("created")?,
            sel: self.sel.clone(),
            active_numeric,
            total: 0,
            heap: BinaryHeap::new(),
            avail: [0; 2],
            lead_counts: [0; 4],
            warranty_counts: [0; 4],
            price_counts: [0; 6],
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<SegFruit>) -> tantivy::Result<Collected> {
        let mut out = Collected::default();
        let mut all: Vec<Ranked> = Vec::new();
        for f in fruits {
            out.total += f.total;
            all.extend(f.top);
            for (g, m) in f.strings.into_iter().enumerate() {
                for (k, v) in m {
                    *out.counts.strings[g].entry(k).or_default() += v;
                }
            }
            add(&mut out.counts.avail, &f.avail);
            add(&mut out.counts.lead, &f.lead);
            add(&mut out.counts.warranty, &f.warranty);
            add(&mut out.counts.price, &f.price);
        }
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.truncate(self.limit);
        out.top = all.into_iter().map(|r| (r.addr, r.score)).collect();
        Ok(out)
    }
}

fn add<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

pub struct SegFruit {
    total: u64,
    top: Vec<Ranked>,
    strings: Vec<HashMap<String, u64>>,
    avail: [u64; 2],
    lead: [u64; 4],
    warranty: [u64; 4],
    price: [u64; 6],
}

impl SegColl {
    fn passes_str(&self, g: usize, doc: DocId) -> bool {
        match (&self.sel_ords[g], &self.str_cols[g]) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(ords), Some(col)) => col
                .ords()
                .values_for_doc(doc)
                .any(|o| ords.binary_search(&o).is_ok()),
        }
    }

    fn count_group(
        &mut self,
        g: usize,
        doc: DocId,
        stock: u64,
        lead: u64,
        warranty: u64,
        price_rupees: u64,
    ) {
        match g {
            0..=5 => {
                if let Some(col) = &self.str_cols[g] {
                    for o in col.ords().values_for_doc(doc) {
                        if let Some(c) = self.str_counts[g].get_mut(o as usize) {
                            *c += 1;
                        }
                    }
                }
            }
            G_AVAIL => self.avail[usize::from(stock == 0)] += 1,
            G_LEAD => {
                for (i, b) in LEAD_BUCKETS.iter().enumerate() {
                    if lead <= *b {
                        self.lead_counts[i] += 1;
                    }
                }
            }
            G_WARRANTY => {
                for (i, b) in WARRANTY_BUCKETS.iter().enumerate() {
                    if warranty >= *b {
                        self.warranty_counts[i] += 1;
                    }
                }
            }
            _ => {
                if let Some(i) = PRICE_BUCKETS
                    .iter()
                    .position(|(lo, hi)| price_rupees >= *lo && hi.is_none_or(|h| price_rupees < h))
                {
                    self.price_counts[i] += 1;
                }
            }
        }
    }
}

impl SegmentCollector for SegColl {
    type Fruit = SegFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let stock = self.stock.first(doc).unwrap_or(0);
        let lead = self.lead.first(doc).unwrap_or(0);
        let warranty = self.warranty.first(doc).unwrap_or(0);
        let price = self.price.first(doc).unwrap_or(0);
        let mut fails: u32 = 0;
        for g in 0..6 {
            if !self.passes_str(g, doc) {
                fails |= 1 << g;
                if fails.count_ones() > 1 {
                    return;
                }
            }
        }
        if self.active_numeric[0] && stock == 0 {
            fails |= 1 << G_AVAIL;
        }
        if self.active_numeric[1] && self.sel.lead_max.is_some_and(|m| lead > m) {
            fails |= 1 << G_LEAD;
        }
        if self.active_numeric[2] && self.sel.warranty_min.is_some_and(|m| warranty < m) {
            fails |= 1 << G_WARRANTY;
        }
        if self.active_numeric[3]
            && (self.sel.price_min.is_some_and(|m| price < m)
                || self.sel.price_max.is_some_and(|m| price > m))
        {
            fails |= 1 << G_PRICE;
        }
        let price_rupees = price / 100;
        match fails.count_ones() {
            0 => {
                self.total += 1;
                let primary = match self.sort {
                    Sort::Relevance => 0.0,
                    Sort::PriceAsc => -(price as f64),
                    Sort::PriceDesc => price as f64,
                    Sort::Newest => self.created.first(doc).unwrap_or(0) as f64,
                    Sort::Fastest => -(lead as f64),
                    Sort::BestSelling => self.sales.first(doc).unwrap_or(0) as f64,
                };
                let r = Ranked {
                    primary,
                    score,
                    addr: DocAddress::new(self.seg, doc),
                };
                if self.heap.len() < self.limit {
                    self.heap.push(std::cmp::Reverse(r));
                } else if let Some(min) = self.heap.peek()
                    && r > min.0
                {
                    self.heap.pop();
                    self.heap.push(std::cmp::Reverse(r));
                }
                if self.facets {
                    for g in 0..10 {
                        self.count_group(g, doc, stock, lead, warranty, price_rupees);
                    }
                }
            }
            1 if self.facets => {
                let g = fails.trailing_zeros() as usize;
                self.count_group(g, doc, stock, lead, warranty, price_rupees);
            }
            _ => {}
        }
    }

    fn harvest(self) -> SegFruit {
        let mut strings = Vec::with_capacity(6);
        let mut buf = String::new();
        for (g, counts) in self.str_counts.iter().enumerate() {
            let mut m = HashMap::new();
            if let Some(col) = &self.str_cols[g] {
                for (ord, c) in counts.iter().enumerate() {
                    if *c > 0 && matches!(col.ord_to_str(ord as u64, &mut buf), Ok(true)) {
                        m.insert(buf.clone(), *c);
                    }
                }
            }
            strings.push(m);
        }
        SegFruit {
            total: self.total,
            top: self.heap.into_iter().map(|r| r.0).collect(),
            strings,
            avail: self.avail,
            lead: self.lead_counts,
            warranty: self.warranty_counts,
            price: self.price_counts,
        }
    }
}
