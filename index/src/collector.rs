//! One pass over the matching documents that both keeps the top hits and
//! counts every facet disjunctively: a document counts toward a facet group
//! when it passes every *other* group's selection, so choosing "GE" does not
//! zero the counts of the other manufacturers.
//!
//! Facet counting visits every match, so what it reads per document is what
//! a broad query costs: one packed `facts` value (stock, lead time, warranty,
//! condition, price bucket), the single-valued leaf category, manufacturer
//! and seller, and the multi-valued modality and model columns. Price, sales
//! and creation time are read only when a filter or the sort needs them.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::doc::PartDoc;
use crate::facet_arrays::{FacetArrays, SegmentFacets};
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
/// Conditions, in the order of their packed code.
pub const CONDITIONS: [&str; 3] = ["new", "refurbished", "exchange"];

const N_STR: usize = 5;
const G_CONDITION: usize = 5;
const G_AVAIL: usize = 6;
const G_LEAD: usize = 7;
const G_WARRANTY: usize = 8;
const G_PRICE: usize = 9;

/// Per-document values packed in one u64 fast field:
/// bits 0-7 lead time in days (capped at 255), 8-15 warranty months (capped
/// at 255), 16 in stock, 17-19 price bucket, 20-21 condition code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts(pub u64);

impl Facts {
    /// Packs a part's facts.
    pub fn pack(p: &PartDoc) -> Facts {
        let lead = u64::from(p.lead_time_days.min(255));
        let warranty = u64::from(p.warranty_months.min(255));
        let in_stock = u64::from(p.stock > 0);
        let bucket = price_bucket(p.price_inr_minor / 100) as u64;
        let cond = CONDITIONS
            .iter()
            .position(|c| *c == p.condition)
            .unwrap_or(3) as u64;
        Facts(lead | warranty << 8 | in_stock << 16 | bucket << 17 | cond << 20)
    }
    fn lead(self) -> u64 {
        self.0 & 0xff
    }
    fn warranty(self) -> u64 {
        (self.0 >> 8) & 0xff
    }
    fn in_stock(self) -> bool {
        (self.0 >> 16) & 1 == 1
    }
    fn price_bucket(self) -> usize {
        ((self.0 >> 17) & 0b111) as usize
    }
    fn condition(self) -> usize {
        ((self.0 >> 20) & 0b11) as usize
    }
}

fn price_bucket(rupees: u64) -> usize {
    PRICE_BUCKETS
        .iter()
        .position(|(lo, hi)| rupees >= *lo && hi.is_none_or(|h| rupees < h))
        .unwrap_or(PRICE_BUCKETS.len() - 1)
}

/// The selections that filter documents, one per facet group.
#[derive(Debug, Clone, Default)]
pub struct Selections {
    /// Selected values of modality, manufacturer, category, model, seller,
    /// condition, in that order.
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
    /// modality, manufacturer, category (every level), model, seller, condition.
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
    /// Documents the text matched before any filter: when it is above zero
    /// and `total` is zero, the filters, not the words, emptied the page.
    pub text_matches: u64,
    /// Best first.
    pub top: Vec<(DocAddress, Score)>,
    pub counts: Counts,
}

pub struct SearchCollector {
    pub arrays: Arc<FacetArrays>,
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
    /// Kept for their dictionaries (ordinal <-> value); per-document values
    /// are read from `arrays`.
    str_cols: Vec<Option<StrColumn>>,
    arrays: Arc<SegmentFacets>,
    /// Per string group: None = no selection; Some(ords) = must contain one.
    sel_ords: Vec<Option<Vec<u32>>>,
    any_str_sel: bool,
    tally: Tally,
    /// A price filter or sort reads each match's price.
    price_needed: bool,
    sort_col: Option<Column<u64>>,
    cond_sel: Option<[bool; 4]>,
    sel: Selections,
    total: u64,
    text_matches: u64,
    heap: BinaryHeap<std::cmp::Reverse<Ranked>>,
    /// Matches not yet applied, with their scores, and per-batch scratch.
    docs: Vec<DocId>,
    scores: Vec<Score>,
    facts: Vec<Facts>,
    fails: Vec<u32>,
    prices: Vec<u64>,
}

/// Matches buffered before they are applied together (see `SegColl::flush`).
const BATCH: usize = 256;

/// Facet counts of one segment. Lead time and warranty are counted per
/// exact value and turned into "within N days" / "at least N months" buckets
/// at harvest, so counting a document is one increment per group.
struct Tally {
    strings: Vec<Vec<u64>>,
    cond: [u64; 4],
    avail: [u64; 2],
    lead: [u64; 256],
    warranty: [u64; 256],
    price: [u64; 8],
}

/// Ordinals of the dictionary terms that a category selection covers: the
/// path itself and everything below it.
fn category_ords(col: &StrColumn, selected: &[String]) -> tantivy::Result<Vec<u32>> {
    let mut ords = Vec::new();
    for v in selected {
        let below = format!("{v} > ");
        let mut stream = col.dictionary().range().ge(v.as_bytes()).into_stream()?;
        while stream.advance() {
            let key = stream.key();
            if key == v.as_bytes() || key.starts_with(below.as_bytes()) {
                ords.push(stream.term_ord() as u32);
            } else if !key.starts_with(v.as_bytes()) {
                break;
            }
        }
    }
    Ok(ords)
}

impl Collector for SearchCollector {
    type Fruit = Collected;
    type Child = SegColl;

    fn for_segment(&self, seg: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegColl> {
        let ff = reader.fast_fields();
        let mut str_cols = Vec::with_capacity(N_STR);
        let mut sel_ords = Vec::with_capacity(N_STR);
        let mut strings = Vec::with_capacity(N_STR);
        for (i, name) in STR_FACETS.iter().enumerate() {
            let col = ff.str(name)?;
            let selected = &self.sel.strings[i];
            let ords = if selected.is_empty() {
                None
            } else {
                let mut ords = Vec::new();
                if let Some(col) = &col {
                    if i == 2 {
                        ords = category_ords(col, selected)?;
                    } else {
                        for v in selected {
                            if let Some(o) = col.dictionary().term_ord(v.as_bytes())? {
                                ords.push(o as u32);
                            }
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
            strings.push(vec![0u64; n]);
            str_cols.push(col);
            sel_ords.push(ords);
        }
        let cond_sel = (!self.sel.strings[G_CONDITION].is_empty()).then(|| {
            let mut allowed = [false; 4];
            for (i, c) in CONDITIONS.iter().enumerate() {
                allowed[i] = self.sel.strings[G_CONDITION].iter().any(|s| s == c);
            }
            allowed
        });
        let price_needed = self.sel.price_min.is_some()
            || self.sel.price_max.is_some()
            || matches!(self.sort, Sort::PriceAsc | Sort::PriceDesc);
        let sort_col = match self.sort {
            Sort::Newest => Some(ff.u64("created")?),
            Sort::BestSelling => Some(ff.u64("sales")?),
            _ => None,
        };
        Ok(SegColl {
            seg,
            sort: self.sort,
            limit: self.limit,
            facets: self.facets,
            str_cols,
            arrays: self.arrays.get(reader)?,
            any_str_sel: sel_ords.iter().any(Option::is_some),
            sel_ords,
            tally: Tally {
                strings,
                cond: [0; 4],
                avail: [0; 2],
                lead: [0; 256],
                warranty: [0; 256],
                price: [0; 8],
            },
            price_needed,
            sort_col,
            cond_sel,
            sel: self.sel.clone(),
            total: 0,
            text_matches: 0,
            heap: BinaryHeap::new(),
            docs: Vec::with_capacity(BATCH),
            scores: Vec::with_capacity(BATCH),
            facts: Vec::with_capacity(BATCH),
            fails: Vec::with_capacity(BATCH),
            prices: Vec::with_capacity(BATCH),
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
            out.text_matches += f.text_matches;
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
    text_matches: u64,
    top: Vec<Ranked>,
    strings: Vec<HashMap<String, u64>>,
    avail: [u64; 2],
    lead: [u64; 4],
    warranty: [u64; 4],
    price: [u64; 6],
}

impl SegColl {
    /// Applies the buffered documents. Each pass below reads one array for
    /// every document of the batch in a tight loop, so the processor has
    /// many of those (mostly cache-missing) reads in flight at once; read
    /// one document at a time, between the scorer's own work, each miss
    /// was waited for alone (about 80% of the collector's time).
    fn flush(&mut self) {
        let n = self.docs.len();
        if n == 0 {
            return;
        }
        self.text_matches += n as u64;
        let arrays = &*self.arrays;
        self.facts.clear();
        self.facts
            .extend(self.docs.iter().map(|&d| Facts(arrays.facts(d))));
        self.fails.clear();
        self.fails.resize(n, 0);
        if self.any_str_sel {
            for (g, sel) in self.sel_ords.iter().enumerate() {
                let Some(ords) = sel else { continue };
                for (i, &doc) in self.docs.iter().enumerate() {
                    if self.fails[i].count_ones() > 1 {
                        continue;
                    }
                    let mut pass = false;
                    arrays.groups[g].for_each(doc, |o| {
                        pass |= ords.binary_search(&o).is_ok();
                    });
                    if !pass {
                        self.fails[i] |= 1 << g;
                    }
                }
            }
        }
        self.prices.clear();
        if self.price_needed {
            self.prices
                .extend(self.docs.iter().map(|&d| arrays.price(d)));
        }
        for (i, facts) in self.facts.iter().enumerate() {
            let f = &mut self.fails[i];
            if self
                .cond_sel
                .is_some_and(|allowed| !allowed[facts.condition()])
            {
                *f |= 1 << G_CONDITION;
            }
            if self.sel.in_stock && !facts.in_stock() {
                *f |= 1 << G_AVAIL;
            }
            if self.sel.lead_max.is_some_and(|m| facts.lead() > m) {
                *f |= 1 << G_LEAD;
            }
            if self.sel.warranty_min.is_some_and(|m| facts.warranty() < m) {
                *f |= 1 << G_WARRANTY;
            }
            let price = self.prices.get(i).copied().unwrap_or(0);
            if self.sel.price_min.is_some_and(|m| price < m)
                || self.sel.price_max.is_some_and(|m| price > m)
            {
                *f |= 1 << G_PRICE;
            }
        }
        for i in 0..n {
            if self.fails[i] != 0 {
                continue;
            }
            self.total += 1;
            let doc = self.docs[i];
            let price = self.prices.get(i).copied().unwrap_or(0);
            let primary = match self.sort {
                Sort::Relevance => 0.0,
                Sort::PriceAsc => -(price as f64),
                Sort::PriceDesc => price as f64,
                Sort::Fastest => -(self.facts[i].lead() as f64),
                Sort::Newest | Sort::BestSelling => self
                    .sort_col
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .unwrap_or(0) as f64,
            };
            let r = Ranked {
                primary,
                score: self.scores[i],
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
        }
        if self.facets {
            // A document counts toward a group when it fails no other
            // group's selection.
            let counted = |fails: u32, g: usize| fails & !(1 << g) == 0;
            for (g, (ords, counts)) in arrays
                .groups
                .iter()
                .zip(self.tally.strings.iter_mut())
                .enumerate()
            {
                ords.tally(&self.docs, |i| counted(self.fails[i], g), counts);
            }
            let t = &mut self.tally;
            for (facts, &fails) in self.facts.iter().zip(&self.fails) {
                if counted(fails, G_CONDITION) {
                    t.cond[facts.condition()] += 1;
                }
                if counted(fails, G_AVAIL) {
                    t.avail[usize::from(!facts.in_stock())] += 1;
                }
                if counted(fails, G_LEAD) {
                    t.lead[facts.lead() as usize] += 1;
                }
                if counted(fails, G_WARRANTY) {
                    t.warranty[facts.warranty() as usize] += 1;
                }
                if counted(fails, G_PRICE) {
                    t.price[facts.price_bucket()] += 1;
                }
            }
        }
        self.docs.clear();
        self.scores.clear();
    }
}

impl SegmentCollector for SegColl {
    type Fruit = SegFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.docs.push(doc);
        self.scores.push(score);
        if self.docs.len() == BATCH {
            self.flush();
        }
    }

    fn harvest(mut self) -> SegFruit {
        self.flush();
        let mut strings = Vec::with_capacity(6);
        let mut buf = String::new();
        for (g, counts) in self.tally.strings.iter().enumerate() {
            let mut m: HashMap<String, u64> = HashMap::new();
            if let Some(col) = &self.str_cols[g] {
                for (ord, c) in counts.iter().enumerate() {
                    if *c > 0 && matches!(col.ord_to_str(ord as u64, &mut buf), Ok(true)) {
                        if g == 2 {
                            // Leaf counts roll up to every ancestor level.
                            let mut end = buf.len();
                            loop {
                                *m.entry(buf[..end].to_string()).or_default() += *c;
                                match buf[..end].rfind(" > ") {
                                    Some(i) => end = i,
                                    None => break,
                                }
                            }
                        } else {
                            m.insert(buf.clone(), *c);
                        }
                    }
                }
            }
            strings.push(m);
        }
        let mut cond = HashMap::new();
        for (i, c) in CONDITIONS.iter().enumerate() {
            if self.tally.cond[i] > 0 {
                cond.insert((*c).to_string(), self.tally.cond[i]);
            }
        }
        strings.push(cond);
        SegFruit {
            total: self.total,
            text_matches: self.text_matches,
            top: self.heap.into_iter().map(|r| r.0).collect(),
            strings,
            avail: self.tally.avail,
            lead: LEAD_BUCKETS.map(|b| self.tally.lead[..=b as usize].iter().sum()),
            warranty: WARRANTY_BUCKETS.map(|b| self.tally.warranty[b as usize..].iter().sum()),
            price: std::array::from_fn(|i| self.tally.price[i]),
        }
    }
}
