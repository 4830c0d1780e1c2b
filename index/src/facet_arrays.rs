//! The facet columns of each segment copied into plain arrays.
//!
//! Facet counting reads six values for every matching document, and a broad
//! query matches a tenth of the catalog. Read through tantivy's columns
//! (bit-unpacking, optional-index ranks, multi-value offsets) those reads
//! were about 40% of the search profile at 1M parts. Segments never change,
//! so each one's values are decoded once, when a reader first sees the
//! segment (a tantivy `Warmer`, which runs before the new searcher is
//! published), and dropped when no live searcher uses it. At 1M parts the
//! arrays take about 24 MB.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use tantivy::columnar::{Cardinality, Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use crate::schema::STR_FACETS;

/// Dictionary ordinals of one string facet, per document: one narrow array
/// per group, because broad queries walk them nearly in order and narrow
/// arrays stream through the cache (a 32-byte row per document, all groups
/// together, made the mix's p99 half as fast again).
pub(crate) enum Ords {
    /// At most one value per document, under 255 distinct values (in the
    /// 1M demo: 23 makers, 64 categories, 16 sellers): a byte per document
    /// puts twice as many in a cache line.
    Tiny(Vec<u8>),
    /// At most one value per document, under 65,535 distinct values.
    Narrow(Vec<u16>),
    /// At most one value per document.
    Single(Vec<u32>),
    /// Several values per document, at most 16 distinct ones (modalities):
    /// bit `o` is set when the document has ordinal `o`, so a document's
    /// values are one read instead of two dependent ones.
    Mask(Vec<u16>),
    /// Values of document `d` are `values[starts[d]..starts[d + 1]]`, under
    /// 65,535 distinct values.
    MultiNarrow { starts: Vec<u32>, values: Vec<u16> },
    /// Values of document `d` are `values[starts[d]..starts[d + 1]]`.
    Multi { starts: Vec<u32>, values: Vec<u32> },
    /// The segment has no such column.
    Absent,
}

const NONE8: u8 = u8::MAX;
const NONE16: u16 = u16::MAX;
const NONE: u32 = u32::MAX;

impl Ords {
    fn from_column(col: Option<&StrColumn>, max_doc: DocId) -> Ords {
        let Some(col) = col else {
            return Ords::Absent;
        };
        let ords = col.ords();
        if ords.get_cardinality() == Cardinality::Multivalued && col.num_terms() <= 16 {
            Ords::Mask(
                (0..max_doc)
                    .map(|d| ords.values_for_doc(d).fold(0u16, |m, o| m | 1 << o))
                    .collect(),
            )
        } else if ords.get_cardinality() == Cardinality::Multivalued
            && col.num_terms() < usize::from(NONE16)
        {
            let (starts, values) = starts_and_values(ords, max_doc, |o| o as u16);
            Ords::MultiNarrow { starts, values }
        } else if ords.get_cardinality() == Cardinality::Multivalued {
            let (starts, values) = starts_and_values(ords, max_doc, |o| o as u32);
            Ords::Multi { starts, values }
        } else if col.num_terms() < usize::from(NONE8) {
            Ords::Tiny(
                (0..max_doc)
                    .map(|d| ords.first(d).map_or(NONE8, |o| o as u8))
                    .collect(),
            )
        } else if col.num_terms() < usize::from(NONE16) {
            Ords::Narrow(
                (0..max_doc)
                    .map(|d| ords.first(d).map_or(NONE16, |o| o as u16))
                    .collect(),
            )
        } else {
            Ords::Single(
                (0..max_doc)
                    .map(|d| ords.first(d).map_or(NONE, |o| o as u32))
                    .collect(),
            )
        }
    }

    /// Calls `f` with every ordinal of `doc`.
    #[inline]
    pub(crate) fn for_each(&self, doc: DocId, mut f: impl FnMut(u32)) {
        let d = doc as usize;
        match self {
            Ords::Tiny(v) => single(v, NONE8, d).into_iter().for_each(f),
            Ords::Narrow(v) => single(v, NONE16, d).into_iter().for_each(f),
            Ords::Single(v) => single(v, NONE, d).into_iter().for_each(f),
            Ords::Mask(v) => {
                if let Some(&m) = v.get(d) {
                    for_each_bit(m, f);
                }
            }
            Ords::MultiNarrow { starts, values } => {
                for &o in slice_of(starts, values, d) {
                    f(u32::from(o));
                }
            }
            Ords::Multi { starts, values } => {
                for &o in slice_of(starts, values, d) {
                    f(o);
                }
            }
            Ords::Absent => {}
        }
    }

    /// Adds one to `counts[o]` for every ordinal `o` of `docs[i]`, for each
    /// `i` that `keep` accepts. One tight loop per array, so the reads of
    /// many documents are in flight together.
    #[inline]
    pub(crate) fn tally(&self, docs: &[DocId], keep: impl Fn(usize) -> bool, counts: &mut [u64]) {
        let bump = |o: u32| {
            if let Some(c) = counts.get_mut(o as usize) {
                *c += 1;
            }
        };
        match self {
            Ords::Tiny(v) => tally_single(v, NONE8, docs, keep, bump),
            Ords::Narrow(v) => tally_single(v, NONE16, docs, keep, bump),
            Ords::Single(v) => tally_single(v, NONE, docs, keep, bump),
            Ords::Mask(v) => {
                let mut bump = bump;
                for (i, &d) in docs.iter().enumerate() {
                    if let Some(&m) = v.get(d as usize)
                        && keep(i)
                    {
                        for_each_bit(m, &mut bump);
                    }
                }
            }
            Ords::MultiNarrow { starts, values } => tally_multi(starts, values, docs, keep, bump),
            Ords::Multi { starts, values } => tally_multi(starts, values, docs, keep, bump),
            Ords::Absent => {}
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Ords::Tiny(v) => v.len(),
            Ords::Narrow(v) | Ords::Mask(v) => v.len() * 2,
            Ords::MultiNarrow { starts, values } => starts.len() * 4 + values.len() * 2,
            Ords::Single(v) => v.len() * 4,
            Ords::Multi { starts, values } => (starts.len() + values.len()) * 4,
            Ords::Absent => 0,
        }
    }
}

/// The values of a multi-valued column as offsets and one flat array.
fn starts_and_values<T>(
    ords: &Column<u64>,
    max_doc: DocId,
    narrow: impl Fn(u64) -> T,
) -> (Vec<u32>, Vec<T>) {
    let mut starts = Vec::with_capacity(max_doc as usize + 1);
    let mut values = Vec::new();
    for d in 0..max_doc {
        starts.push(values.len() as u32);
        values.extend(ords.values_for_doc(d).map(&narrow));
    }
    starts.push(values.len() as u32);
    (starts, values)
}

/// The value of document `d` in a single-valued array, unless it is the
/// array's "no value" marker.
#[inline]
fn single<T: Copy + PartialEq + Into<u32>>(v: &[T], none: T, d: usize) -> Option<u32> {
    v.get(d).copied().filter(|o| *o != none).map(Into::into)
}

#[inline]
fn tally_single<T: Copy + PartialEq + Into<u32>>(
    v: &[T],
    none: T,
    docs: &[DocId],
    keep: impl Fn(usize) -> bool,
    mut bump: impl FnMut(u32),
) {
    for (i, &d) in docs.iter().enumerate() {
        if let Some(o) = single(v, none, d as usize)
            && keep(i)
        {
            bump(o);
        }
    }
}

#[inline]
fn tally_multi<T: Copy + Into<u32>>(
    starts: &[u32],
    values: &[T],
    docs: &[DocId],
    keep: impl Fn(usize) -> bool,
    mut bump: impl FnMut(u32),
) {
    for (i, &d) in docs.iter().enumerate() {
        if keep(i) {
            for &o in slice_of(starts, values, d as usize) {
                bump(o.into());
            }
        }
    }
}

/// The values of document `d` in a starts/values pair.
#[inline]
fn slice_of<'a, T>(starts: &[u32], values: &'a [T], d: usize) -> &'a [T] {
    match (starts.get(d), starts.get(d + 1)) {
        (Some(&a), Some(&b)) => values.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

/// Calls `f` with the position of every set bit of `mask`.
#[inline]
fn for_each_bit(mut mask: u16, mut f: impl FnMut(u32)) {
    while mask != 0 {
        f(mask.trailing_zeros());
        mask &= mask - 1;
    }
}

/// Position of the category in `STR_FACETS`.
pub(crate) const CATEGORY: usize = 2;

/// Every value of a string column's dictionary, in ordinal order.
fn dictionary_values(col: &StrColumn) -> tantivy::Result<Vec<Arc<str>>> {
    let mut out = Vec::with_capacity(col.num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        out.push(Arc::from(String::from_utf8_lossy(stream.key()).as_ref()));
    }
    Ok(out)
}

/// Each category path with the paths above it; ancestors shared by several
/// leaves are one allocation.
fn category_paths(leaves: &[Arc<str>]) -> Vec<Vec<Arc<str>>> {
    let mut shared: HashMap<&str, Arc<str>> = HashMap::new();
    let mut out = Vec::with_capacity(leaves.len());
    for leaf in leaves {
        let mut paths = vec![leaf.clone()];
        let mut end = leaf.len();
        while let Some(i) = leaf[..end].rfind(" > ") {
            end = i;
            let up = &leaf[..end];
            paths.push(shared.entry(up).or_insert_with(|| Arc::from(up)).clone());
        }
        out.push(paths);
    }
    out
}

/// One segment's facet values.
pub(crate) struct SegmentFacets {
    /// The packed `facts` value of each document (see `collector::Facts`).
    facts: Vec<u32>,
    /// The price of each document in paise (read for price filters and
    /// sorts; tantivy's linear-block column decoded it in 4% of the mix).
    prices: Vec<u64>,
    /// Per string facet, in `STR_FACETS` order.
    pub groups: Vec<Ords>,
    /// Per string facet, the value of each dictionary ordinal (sorted, as
    /// the dictionary is). Decoded once here: looked up per search, the
    /// values of a broad query's counts took 10% of a page at 100k parts.
    pub names: Vec<Vec<Arc<str>>>,
    /// Per category ordinal, its path and every path above it
    /// ("Imaging > MRI > Coils", "Imaging > MRI", "Imaging"): a leaf's
    /// count rolls up to all of them.
    pub category_paths: Vec<Vec<Arc<str>>>,
}

impl SegmentFacets {
    fn build(reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        let max_doc = reader.max_doc();
        let facts_col = ff.u64("facts")?;
        // Packed facts use 22 bits, so u32 holds them.
        let facts = (0..max_doc)
            .map(|d| facts_col.first(d).unwrap_or(0) as u32)
            .collect();
        let price_col = ff.u64("price")?;
        let prices = (0..max_doc)
            .map(|d| price_col.first(d).unwrap_or(0))
            .collect();
        let mut groups = Vec::with_capacity(STR_FACETS.len());
        let mut names = Vec::with_capacity(STR_FACETS.len());
        for name in STR_FACETS {
            let col = ff.str(name)?;
            groups.push(Ords::from_column(col.as_ref(), max_doc));
            names.push(match &col {
                Some(col) => dictionary_values(col)?,
                None => Vec::new(),
            });
        }
        let category_paths = category_paths(names.get(CATEGORY).map_or(&[], |v| v.as_slice()));
        Ok(SegmentFacets {
            facts,
            prices,
            groups,
            names,
            category_paths,
        })
    }

    /// The packed facts of `doc`.
    #[inline]
    pub(crate) fn facts(&self, doc: DocId) -> u64 {
        u64::from(self.facts.get(doc as usize).copied().unwrap_or(0))
    }

    /// The price of `doc`, in paise.
    #[inline]
    pub(crate) fn price(&self, doc: DocId) -> u64 {
        self.prices.get(doc as usize).copied().unwrap_or(0)
    }

    fn heap_bytes(&self) -> usize {
        // A value table entry: its text, plus the Arc's counts and pointer.
        let tables: usize = self
            .names
            .iter()
            .chain(&self.category_paths)
            .flatten()
            .map(|n| n.len() + 32)
            .sum();
        tables
            + self.facts.len() * 4
            + self.prices.len() * 8
            + self.groups.iter().map(Ords::heap_bytes).sum::<usize>()
    }
}

/// Facet arrays of every live segment, shared by all searches.
#[derive(Default)]
pub(crate) struct FacetArrays {
    segments: RwLock<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetArrays {
    /// The arrays of `reader`'s segment, built now if the warmer has not
    /// seen it (a searcher taken before the warmer was registered).
    pub(crate) fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = reader.segment_id();
        if let Some(f) = self.segments.read().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(f);
        }
        let built = Arc::new(SegmentFacets::build(reader)?);
        if let Ok(mut m) = self.segments.write() {
            m.entry(id).or_insert_with(|| built.clone());
        }
        Ok(built)
    }

    /// Bytes held by the arrays and value tables (for the serving-memory
    /// figures).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.segments
            .read()
            .map(|m| m.values().map(|s| s.heap_bytes()).sum())
            .unwrap_or(0)
    }
}

impl Warmer for FacetArrays {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            self.get(reader)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|g| g.segments().keys().copied())
            .collect();
        if let Ok(mut m) = self.segments.write() {
            m.retain(|id, _| live.contains(id));
        }
    }
}
