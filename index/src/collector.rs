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
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::doc::PartDoc;
use crate::facet_arrays::{CATEGORY, FacetArrays, SegmentFacets};
use crate::request::Sort;

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
    pub strings: [HashMap<Arc<str>, u64>; 6],
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
            // Ties go by a hash of the address rather than the address:
            // the index holds parts by category, then maker, so by address
            // the maker that sorts first would fill every page of equal
            // scores. A hash mixes them, and pages stay stable.
            .then(tie_key(other.addr).cmp(&tie_key(self.addr)))
    }
}
/// A fixed, well-mixed stand-in for a document's address (SplitMix64's
/// finalizer), distinct for distinct addresses.
fn tie_key(addr: DocAddress) -> u64 {
    let mut z = (u64::from(addr.segment_ord) << 32 | u64::from(addr.doc_id))
        .wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
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

/// Ordinals of the selected values in a segment's sorted dictionary
/// `names`; for the category, a path covers itself and every path below it.
fn selected_ords(names: &[Arc<str>], selected: &[String], category: bool) -> Vec<u32> {
    let mut ords = Vec::new();
    for v in selected {
        let from = names.partition_point(|n| n.as_ref() < v.as_str());
        for (o, n) in names.iter().enumerate().skip(from) {
            let below = n
                .strip_prefix(v.as_str())
                .is_some_and(|rest| rest.is_empty() || (category && rest.starts_with(" > ")));
            if below {
                ords.push(o as u32);
            } else if !category || !n.starts_with(v.as_str()) {
                break;
            }
        }
    }
    ords.sort_unstable();
    ords.dedup();
    ords
}

impl Collector for SearchCollector {
    type Fruit = Collected;
    type Child = SegColl;

    fn for_segment(&self, seg: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegColl> {
        let ff = reader.fast_fields();
        let arrays = self.arrays.get(reader)?;
        let mut sel_ords = Vec::with_capacity(N_STR);
        let mut strings = Vec::with_capacity(N_STR);
        for (i, names) in arrays.names.iter().enumerate() {
            let selected = &self.sel.strings[i];
            sel_ords.push(
                (!selected.is_empty()).then(|| selected_ords(names, selected, i == CATEGORY)),
            );
            strings.push(vec![0u64; if self.facets { names.len() } else { 0 }]);
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
            arrays,
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
            for (g, counted) in f.strings.iter().enumerate() {
                let names = f.arrays.names.get(g).map_or(&[][..], Vec::as_slice);
                let counts = &mut out.counts.strings[g];
                for &(o, n) in counted {
                    if g == CATEGORY {
                        // A leaf's count rolls up to every level above it.
                        for path in f
                            .arrays
                            .category_paths
                            .get(o as usize)
                            .into_iter()
                            .flatten()
                        {
                            *counts.entry(path.clone()).or_default() += n;
                        }
                    } else if let Some(name) = names.get(o as usize) {
                        *counts.entry(name.clone()).or_default() += n;
                    }
                }
            }
            for (c, name) in f.cond.iter().zip(CONDITIONS) {
                if *c > 0 {
                    *out.counts.strings[G_CONDITION]
                        .entry(Arc::from(name))
                        .or_default() += c;
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
    /// The segment's values, to name the ordinals below.
    arrays: Arc<SegmentFacets>,
    /// Per string facet, (ordinal, count) of every value counted.
    strings: Vec<Vec<(u32, u64)>>,
    cond: [u64; 4],
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
        let strings = self
            .tally
            .strings
            .iter()
            .map(|counts| {
                counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(o, c)| (o as u32, *c))
                    .collect()
            })
            .collect();
        SegFruit {
            total: self.total,
            text_matches: self.text_matches,
            top: self.heap.into_iter().map(|r| r.0).collect(),
            arrays: self.arrays,
            strings,
            cond: self.tally.cond,
            avail: self.tally.avail,
            lead: LEAD_BUCKETS.map(|b| self.tally.lead[..=b as usize].iter().sum()),
            warranty: WARRANTY_BUCKETS.map(|b| self.tally.warranty[b as usize..].iter().sum()),
            price: std::array::from_fn(|i| self.tally.price[i]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<Arc<str>> {
        let mut v: Vec<Arc<str>> = v.iter().map(|s| Arc::from(*s)).collect();
        v.sort();
        v
    }

    #[test]
    fn a_category_selection_covers_its_subtree_and_nothing_that_only_shares_a_prefix() {
        let n = names(&[
            "Imaging",
            "Imaging > MRI",
            "Imaging > MRI > Coils",
            "Imaging > MRI > Coils > Head",
            "Imaging > MRIX",
            "Imaging > MRIX > Parts",
            "Imaging > MRI2 > Cables",
            "Monitoring",
        ]);
        let got: Vec<&str> = selected_ords(&n, &["Imaging > MRI".into()], true)
            .into_iter()
            .map(|o| n[o as usize].as_ref())
            .collect();
        assert_eq!(
            got,
            [
                "Imaging > MRI",
                "Imaging > MRI > Coils",
                "Imaging > MRI > Coils > Head"
            ]
        );
        assert!(selected_ords(&n, &["Imaging > MR".into()], true).is_empty());
    }

    #[test]
    fn other_selections_match_exact_values_only() {
        let n = names(&["GE", "GE HealthCare", "Philips"]);
        let got = selected_ords(&n, &["GE".into(), "Philips".into(), "Nope".into()], false);
        let got: Vec<&str> = got.into_iter().map(|o| n[o as usize].as_ref()).collect();
        assert_eq!(got, ["GE", "Philips"]);
    }
}
