//! The catalog index: open or create it, write parts, search, suggest.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use tantivy::directory::MmapDirectory;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    Executor, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher,
    TantivyDocument, Term,
};

use crate::collector::{Collected, Facts, SearchCollector, Selections};
use crate::constraints::{self, Constraint};
use crate::doc::{ModelRef, PartDoc};
use crate::error::{Error, Result};
use crate::facet_arrays::FacetArrays;
use crate::facets::facet_groups;
use crate::highlight::{Highlighter, highlight};
use crate::normalize::{
    code_variants, looks_like_code, normalize_code, strip_leading_zeros, words,
};
use crate::request::{
    Hit, MatchKind, NumberSuggestion, Relaxation, SearchRequest, SearchResult, Sort, Suggestion,
};
use crate::schema::{self, Fields, STEM, WORDS};
use crate::synonyms::{self, SynonymTable};

/// Longest query text searched; the rest is ignored so a 10 KB query costs
/// no more than a long sentence.
const MAX_QUERY_CHARS: usize = 256;
/// Most query words considered.
const MAX_TOKENS: usize = 12;
/// Deepest result reachable by paging.
pub const MAX_RESULT_WINDOW: u32 = 10_000;

/// Smallest index whose broad queries search segments in parallel.
const PARALLEL_MIN_DOCS: u64 = 250_000;

const WRITER_HEAP: usize = 200_000_000;

/// Bytes per compressed block of stored documents. A results page loads
/// 24 parts, each usually from a different block, so every block is
/// decompressed whole for one part: with tantivy's 16 KB default that was
/// 10% of a page's CPU at 100k parts. 4 KB holds a few part cards.
const DOCSTORE_BLOCKSIZE: usize = 4_096;

fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCKSIZE,
        ..IndexSettings::default()
    }
}

/// Whether `open` found an index or had to make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// An existing, readable index.
    Existing,
    /// A new, empty index (none was there, or the old one was unreadable).
    Created,
}

/// The search index of the catalog.
pub struct Catalog {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
    synonyms: SynonymTable,
    parallel: Executor,
    in_flight: std::sync::atomic::AtomicUsize,
    /// Warmed on every reload; the reader holds it only weakly.
    facet_arrays: Arc<FacetArrays>,
}

/// A part number or model code recognised in the query.
#[derive(Debug, Clone)]
enum Ident {
    Number(Vec<String>),
    OldNumber(Vec<String>),
    Model(String),
}

/// The query, analysed.
#[derive(Debug, Default)]
struct Plan {
    idents: Vec<Ident>,
    prefixes: Vec<String>,
    unmatched_codes: Vec<String>,
    /// Word groups: each inner list holds the alternatives for one query word
    /// (stemmed term, plus fuzzy expansion when the word is unknown).
    words: Vec<QueryWord>,
}

#[derive(Debug, Clone)]
struct QueryWord {
    raw: String,
    stem: String,
    known: bool,
    synonym_of: Option<&'static str>,
}

impl Catalog {
    /// Opens the index in `dir`, or creates it when missing or unreadable.
    pub fn open(dir: &Path) -> Result<(Catalog, Opened)> {
        std::fs::create_dir_all(dir)?;
        let (schema, f) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| Error::Open(e.to_string()))?;
        let existing = Index::exists(&directory).unwrap_or(false);
        let (index, opened) = if existing {
            match Index::open(directory.clone()) {
                Ok(index)
                    if index.schema() == schema
                        && index.settings().docstore_blocksize == DOCSTORE_BLOCKSIZE =>
                {
                    (index, Opened::Existing)
                }
                _ => {
                    // Unreadable or from another schema: start over. The caller
                    // rebuilds it from the database.
                    for entry in std::fs::read_dir(dir)? {
                        let p = entry?.path();
                        if p.is_file() {
                            std::fs::remove_file(p)?;
                        }
                    }
                    let directory =
                        MmapDirectory::open(dir).map_err(|e| Error::Open(e.to_string()))?;
                    (
                        Index::create(directory, schema, index_settings())?,
                        Opened::Created,
                    )
                }
            }
        } else {
            (
                Index::create(directory, schema, index_settings())?,
                Opened::Created,
            )
        };
        Ok((Self::with_index(index, f)?, opened))
    }

    /// An index held in memory, for tests and benchmarks.
    pub fn in_memory() -> Result<Catalog> {
        let (schema, f) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_ram()?;
        Self::with_index(index, f)
    }

    fn with_index(index: Index, f: Fields) -> Result<Catalog> {
        schema::register_analyzers(&index);
        // Broad queries search their segments in parallel when no other
        // search is running (on 2 cores the mix's p50 went from 3.0 to 2.4 ms
        // at 1M parts). Under concurrent load, and for part-number lookups,
        // a search stays on its calling thread: there the hand-off only costs
        // (HTML pages/s at 32 connections fell 15% with it always on).
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        let parallel = if threads > 1 {
            Executor::multi_thread(threads, "pp-search-")?
        } else {
            Executor::single_thread()
        };
        let facet_arrays = Arc::new(FacetArrays::default());
        let warmer: Arc<dyn tantivy::Warmer> = facet_arrays.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        let writer = index.writer_with_num_threads(2, WRITER_HEAP)?;
        Ok(Catalog {
            index,
            reader,
            writer: Mutex::new(writer),
            f,
            synonyms: SynonymTable::new(),
            parallel,
            in_flight: std::sync::atomic::AtomicUsize::new(0),
            facet_arrays,
        })
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer.lock().map_err(|_| Error::Poisoned)
    }

    /// Adds or replaces parts (by id). Visible after `commit`.
    pub fn upsert(&self, parts: &[PartDoc]) -> Result<()> {
        let w = self.writer()?;
        for p in parts {
            w.delete_term(Term::from_field_text(self.f.id, &p.id));
            w.add_document(self.to_document(p)?)?;
        }
        Ok(())
    }

    /// Adds parts known not to be in the index (a rebuild after `clear`),
    /// skipping the delete-by-id that `upsert` pays for. Visible after `commit`.
    pub fn add_new(&self, parts: &[PartDoc]) -> Result<()> {
        let w = self.writer()?;
        for p in parts {
            w.add_document(self.to_document(p)?)?;
        }
        Ok(())
    }

    /// Removes parts by id. Visible after `commit`.
    pub fn delete(&self, ids: &[String]) -> Result<()> {
        let w = self.writer()?;
        for id in ids {
            w.delete_term(Term::from_field_text(self.f.id, id));
        }
        Ok(())
    }

    /// Removes every part. Visible after `commit`.
    pub fn clear(&self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes every write so far visible, recording `position` (the last
    /// applied outbox sequence) with the commit.
    pub fn commit(&self, position: u64) -> Result<()> {
        {
            let mut w = self.writer()?;
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&position.to_string());
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// The outbox position recorded by the last commit, if any.
    pub fn position(&self) -> Result<Option<u64>> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.and_then(|p| p.parse().ok()))
    }

    /// Number of searchable parts.
    pub fn num_parts(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes of memory the decoded facet arrays take.
    pub fn facet_array_bytes(&self) -> usize {
        self.facet_arrays.heap_bytes()
    }

    fn to_document(&self, p: &PartDoc) -> Result<TantivyDocument> {
        let f = &self.f;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &p.id);
        for v in code_variants(&p.part_number) {
            d.add_text(f.pn, v);
        }
        for old in &p.replaces {
            for v in code_variants(old) {
                d.add_text(f.pn_old, v);
            }
        }
        for m in &p.models {
            for code in model_codes(m) {
                d.add_text(f.model_code, code);
            }
        }
        d.add_text(f.name, &p.name);
        let model_names: Vec<&str> = p.models.iter().map(|m| m.label.as_str()).collect();
        let aliases: Vec<&str> = p
            .models
            .iter()
            .flat_map(|m| m.aliases.iter().map(String::as_str))
            .collect();
        // Short catalog text: what people type (and mistype) in the box.
        let catalog_text = format!(
            "{} {} {} {} {}",
            p.category,
            p.manufacturer,
            p.modalities.join(" "),
            model_names.join(" "),
            aliases.join(" ")
        );
        let mut body = format!(
            "{} {} {} {}",
            p.description, catalog_text, p.seller, p.condition
        );
        let all_words = words(&format!("{} {}", p.name, body));
        for t in self.synonyms.canonical_tokens(&all_words) {
            body.push(' ');
            body.push_str(t);
        }
        d.add_text(f.body, &body);
        // Typo tolerance and completions work on this smaller vocabulary.
        d.add_text(f.words, format!("{} {}", p.name, catalog_text));
        let leaf: Vec<&str> = p
            .category
            .split(" > ")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        d.add_text(f.str_facets[2], leaf.join(" > "));
        // Each value once per part, or the part would count twice under it.
        let mut seen = HashSet::new();
        for m in &p.modalities {
            if seen.insert(m.as_str()) {
                d.add_text(f.str_facets[0], m);
            }
        }
        d.add_text(f.str_facets[1], &p.manufacturer);
        seen.clear();
        for m in &p.models {
            if seen.insert(m.label.as_str()) {
                d.add_text(f.str_facets[3], &m.label);
            }
        }
        d.add_text(f.str_facets[4], &p.seller);
        d.add_u64(f.price, p.price_inr_minor);
        d.add_u64(f.facts, Facts::pack(p).0);
        d.add_u64(f.sales, p.sales);
        d.add_u64(f.created, p.created_at_ms.max(0) as u64);
        let card = serde_json::to_string(p).map_err(|e| Error::Corrupt(e.to_string()))?;
        d.add_text(f.card, &card);
        Ok(d)
    }

    fn load(&self, searcher: &Searcher, addr: tantivy::DocAddress) -> Result<PartDoc> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let json = doc
            .get_first(self.f.card)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::Corrupt("card missing".into()))?;
        serde_json::from_str(json).map_err(|e| Error::Corrupt(e.to_string()))
    }

    /// Looks a part up by id.
    pub fn get(&self, id: &str) -> Result<Option<PartDoc>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.f.id, id),
            IndexRecordOption::Basic,
        );
        let c = self.run(
            &searcher,
            &q,
            Selections::default(),
            Sort::Relevance,
            1,
            false,
        )?;
        match c.top.first() {
            Some((addr, _)) => Ok(Some(self.load(&searcher, *addr)?)),
            None => Ok(None),
        }
    }

    fn run(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        sel: Selections,
        sort: Sort,
        limit: usize,
        facets: bool,
    ) -> Result<Collected> {
        self.run_on(
            &Executor::SingleThread,
            searcher,
            q,
            SearchCollector {
                arrays: self.facet_arrays.clone(),
                sel,
                sort,
                limit,
                facets,
            },
        )
    }

    fn run_on(
        &self,
        executor: &Executor,
        searcher: &Searcher,
        q: &dyn Query,
        collector: SearchCollector,
    ) -> Result<Collected> {
        let scoring = if collector.sort == Sort::Relevance {
            tantivy::query::EnableScoring::enabled_from_searcher(searcher)
        } else {
            tantivy::query::EnableScoring::disabled_from_searcher(searcher)
        };
        Ok(searcher.search_with_executor(q, &collector, executor, scoring)?)
    }

    fn doc_freq(&self, searcher: &Searcher, field: tantivy::schema::Field, text: &str) -> u64 {
        searcher
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0)
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer()(word)
    }

    /// A stemming function that keeps one analyzer for all its calls
    /// (taking one from the tokenizer manager clones it: a lock and an
    /// allocation per word of every hit's name).
    fn stemmer(&self) -> impl FnMut(&str) -> String + use<> {
        let mut analyzer = self.index.tokenizers().get(STEM);
        move |word: &str| {
            let mut out = String::new();
            if let Some(a) = analyzer.as_mut() {
                let mut ts = a.token_stream(word);
                while ts.advance() {
                    out.push_str(&ts.token().text);
                }
            }
            out
        }
    }

    fn lower_words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(mut a) = self.index.tokenizers().get(WORDS) {
            let mut ts = a.token_stream(text);
            while ts.advance() {
                out.push(ts.token().text.clone());
            }
        }
        out
    }

    fn plan(&self, searcher: &Searcher, text: &str) -> Plan {
        let f = &self.f;
        let mut plan = Plan::default();
        let tokens: Vec<&str> = text
            .split_whitespace()
            .map(|t| {
                t.trim_matches(|c: char| {
                    matches!(
                        c,
                        '"' | '\'' | '(' | ')' | ',' | ';' | '*' | '\\' | '[' | ']' | '{' | '}'
                    )
                })
            })
            .filter(|t| !t.is_empty())
            .take(MAX_TOKENS)
            .collect();
        let mut consumed = vec![false; tokens.len()];
        // Longest spans first: "16V 595 TE90" and "signa explorer" read as one code.
        for len in (1..=4.min(tokens.len())).rev() {
            for start in 0..=tokens.len() - len {
                if consumed[start..start + len].iter().any(|c| *c) {
                    continue;
                }
                let code = normalize_code(&tokens[start..start + len].concat());
                if code.len() < 3 {
                    continue;
                }
                // A plain dictionary word is only an identifier if it is a model
                // code ("signaexplorer"); it is never read as a part number.
                let word_only = len == 1
                    && !looks_like_code(tokens[start])
                    && self.is_known_word(searcher, tokens[start]);
                if word_only {
                    if self.doc_freq(searcher, f.model_code, &code) > 0 {
                        consumed[start] = true;
                        plan.idents.push(Ident::Model(code));
                    }
                    continue;
                }
                let mut variants = vec![code.clone()];
                if let Some(s) = strip_leading_zeros(&code) {
                    variants.push(s);
                }
                let ident = if variants
                    .iter()
                    .any(|v| self.doc_freq(searcher, f.pn, v) > 0)
                {
                    Some(Ident::Number(variants))
                } else if variants
                    .iter()
                    .any(|v| self.doc_freq(searcher, f.pn_old, v) > 0)
                {
                    Some(Ident::OldNumber(variants))
                } else if self.doc_freq(searcher, f.model_code, &code) > 0 {
                    Some(Ident::Model(code))
                } else {
                    None
                };
                if let Some(ident) = ident {
                    consumed[start..start + len]
                        .iter_mut()
                        .for_each(|c| *c = true);
                    plan.idents.push(ident);
                }
            }
        }
        let mut word_text = String::new();
        for (i, t) in tokens.iter().enumerate() {
            if consumed[i] {
                continue;
            }
            if looks_like_code(t) && !self.is_known_word(searcher, t) {
                let code = normalize_code(t);
                plan.prefixes.push(code.clone());
                plan.unmatched_codes.push((*t).to_string());
                continue;
            }
            word_text.push_str(t);
            word_text.push(' ');
        }
        let lowered = self.lower_words(&word_text);
        for w in self.synonyms.canonicalize_query(&lowered) {
            if STOPWORDS.contains(&w.text.as_str()) {
                continue;
            }
            let stem = self.stem(&w.text);
            if stem.is_empty() {
                continue;
            }
            let known = self.doc_freq(searcher, f.words, &w.text) > 0
                || self.doc_freq(searcher, f.body, &stem) > 0;
            plan.words.push(QueryWord {
                raw: w.text,
                stem,
                known,
                synonym_of: w.group,
            });
        }
        plan
    }

    fn is_known_word(&self, searcher: &Searcher, token: &str) -> bool {
        let lw = self.lower_words(token);
        lw.len() == 1 && self.doc_freq(searcher, self.f.words, &lw[0]) > 0
    }

    fn build_query(&self, plan: &Plan, relax: Option<Relaxation>) -> Option<Box<dyn Query>> {
        let f = &self.f;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for ident in &plan.idents {
            let q: Box<dyn Query> = match ident {
                Ident::Number(v) => Box::new(ConstScoreQuery::new(terms_union(f.pn, v), 1000.0)),
                Ident::OldNumber(v) => {
                    Box::new(ConstScoreQuery::new(terms_union(f.pn_old, v), 900.0))
                }
                Ident::Model(code) => Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.model_code, code),
                        IndexRecordOption::Basic,
                    )),
                    5.0,
                )),
            };
            must.push((Occur::Must, q));
        }
        for p in &plan.prefixes {
            let q = FuzzyTermQuery::new_prefix(Term::from_field_text(f.pn, p), 0, true);
            must.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(q), 100.0)),
            ));
        }
        let word_occur = if relax.is_some() {
            Occur::Should
        } else {
            Occur::Must
        };
        let mut word_clauses = Vec::new();
        for w in &plan.words {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.name, &w.stem),
                            IndexRecordOption::WithFreqs,
                        )),
                        3.0,
                    )),
                ),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.body, &w.stem),
                        IndexRecordOption::WithFreqs,
                    )),
                ),
            ];
            let chars = w.raw.chars().count();
            let distance = match (relax, w.known) {
                (Some(Relaxation::Fuzzier), _) if chars >= 7 => 2,
                (Some(Relaxation::Fuzzier), _) if chars >= 4 => 1,
                (_, false) if chars >= 9 => 2,
                (_, false) if chars >= 5 => 1,
                _ => 0,
            };
            if distance > 0 && w.synonym_of.is_none() {
                let fq =
                    FuzzyTermQuery::new(Term::from_field_text(f.words, &w.raw), distance, true);
                alts.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(fq), 0.5)),
                ));
            }
            word_clauses.push((
                word_occur,
                Box::new(BooleanQuery::new(alts)) as Box<dyn Query>,
            ));
        }
        if must.is_empty() && word_clauses.is_empty() {
            return None;
        }
        if relax.is_some() && !word_clauses.is_empty() {
            must.push((Occur::Must, Box::new(BooleanQuery::new(word_clauses))));
        } else {
            must.extend(word_clauses);
        }
        Some(Box::new(BooleanQuery::new(must)))
    }

    /// Runs a search: text, identifiers, constraints, filters, facets, sort
    /// and page, with relaxation when nothing matches.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResult> {
        let searcher = self.reader.searcher();
        let q: String = req
            .q
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        let parsed = constraints::parse(&q);
        let mut sel = Selections {
            strings: [
                req.modality.clone(),
                req.manufacturer.clone(),
                req.category.clone(),
                req.model.clone(),
                req.seller.clone(),
                req.condition.clone(),
            ],
            in_stock: req.in_stock,
            lead_max: req.lead_time_max.map(u64::from),
            warranty_min: req.warranty_min.map(u64::from),
            price_min: req.price_min.map(|r| r.saturating_mul(100)),
            price_max: req
                .price_max
                .map(|r| r.saturating_mul(100).saturating_add(99)),
        };
        for c in &parsed.constraints {
            match c.constraint {
                Constraint::PriceMax(r) => {
                    sel.price_max =
                        Some(sel.price_max.map_or(r * 100 + 99, |m| m.min(r * 100 + 99)))
                }
                Constraint::PriceMin(r) => {
                    sel.price_min = Some(sel.price_min.map_or(r * 100, |m| m.max(r * 100)))
                }
                Constraint::InStock => sel.in_stock = true,
                Constraint::LeadTimeMax(d) => {
                    sel.lead_max = Some(sel.lead_max.map_or(u64::from(d), |m| m.min(u64::from(d))))
                }
                Constraint::WarrantyMin(m) => {
                    sel.warranty_min = Some(
                        sel.warranty_min
                            .map_or(u64::from(m), |w| w.max(u64::from(m))),
                    )
                }
            }
        }
        let per_page = req.per_page.clamp(1, 100);
        let page = req.page.max(1);
        let limit = (page.saturating_mul(per_page)).min(MAX_RESULT_WINDOW) as usize;
        let plan = self.plan(&searcher, &parsed.text);
        let mut relaxed = None;
        let query = self
            .build_query(&plan, None)
            .unwrap_or_else(|| Box::new(tantivy::query::AllQuery));
        let narrow = plan.words.is_empty()
            && plan.prefixes.is_empty()
            && plan.idents.iter().all(|i| !matches!(i, Ident::Model(_)))
            && !plan.idents.is_empty();
        let busy = self.in_flight.fetch_add(1, Ordering::Relaxed) > 0;
        // Below a few hundred thousand parts the hand-off costs more than it
        // saves (the 100k mix's p50 went from 0.66 to 0.87 ms with it).
        let small = searcher.num_docs() < PARALLEL_MIN_DOCS;
        let executor = if narrow || busy || small {
            &Executor::SingleThread
        } else {
            &self.parallel
        };
        let collector = SearchCollector {
            arrays: self.facet_arrays.clone(),
            sel: sel.clone(),
            sort: req.sort,
            limit,
            facets: true,
        };
        let collected = self.run_on(executor, &searcher, query.as_ref(), collector);
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        let mut collected = collected?;
        let matches_without_filters = collected.text_matches;
        // Relax the words only when the words themselves matched nothing.
        // When the filters emptied the page, a looser query would only
        // dredge up worse matches (and cost a scan of most of the catalog);
        // the page says instead how many match without the filters.
        if collected.total == 0 && collected.text_matches == 0 && !plan.words.is_empty() {
            for r in [Relaxation::AnyTerm, Relaxation::Fuzzier] {
                if let Some(query) = self.build_query(&plan, Some(r)) {
                    let c = self.run(
                        &searcher,
                        query.as_ref(),
                        sel.clone(),
                        req.sort,
                        limit,
                        true,
                    )?;
                    if c.total > 0 {
                        collected = c;
                        relaxed = Some(r);
                        break;
                    }
                }
            }
        }
        let closest_numbers = if plan.unmatched_codes.is_empty() || collected.total > 0 {
            Vec::new()
        } else {
            self.closest_numbers(&searcher, &plan.prefixes)?
        };
        let skip = ((page - 1) * per_page) as usize;
        let mut highlighter = self.highlighter(&plan);
        let mut hits = Vec::new();
        let mut stem = self.stemmer();
        for (addr, _) in collected.top.iter().skip(skip).take(per_page as usize) {
            let part = self.load(&searcher, *addr)?;
            let matched = match_kind(&part, &plan);
            let name_highlight = highlight(&part.name, &mut highlighter, &mut stem);
            hits.push(Hit {
                part,
                matched,
                name_highlight,
            });
        }
        let matched_models = self.matched_models(&plan, &hits);
        let corrections = self.corrections(&plan, &hits);
        Ok(SearchResult {
            total: collected.total,
            hits,
            facets: facet_groups(&collected.counts, &sel),
            constraints: parsed.constraints,
            text: parsed.text,
            relaxed,
            matches_without_filters,
            unmatched_numbers: if collected.total == 0 {
                plan.unmatched_codes.clone()
            } else {
                Vec::new()
            },
            closest_numbers,
            matched_models,
            corrections,
        })
    }

    fn highlighter(&self, plan: &Plan) -> Highlighter {
        let mut h = Highlighter::default();
        for w in &plan.words {
            h.exact.insert(w.raw.clone());
            h.stems.insert(w.stem.clone());
            if let Some(g) = w.synonym_of {
                for s in synonyms::group_words(g) {
                    h.exact.insert(s.to_string());
                }
            }
            if !w.known {
                let d = if w.raw.chars().count() >= 9 { 2 } else { 1 };
                h.fuzzy.push((w.raw.clone(), d));
            }
        }
        h
    }

    fn matched_models(&self, plan: &Plan, hits: &[Hit]) -> Vec<ModelRef> {
        let codes: Vec<&String> = plan
            .idents
            .iter()
            .filter_map(|i| {
                if let Ident::Model(c) = i {
                    Some(c)
                } else {
                    None
                }
            })
            .collect();
        let mut out: Vec<ModelRef> = Vec::new();
        if codes.is_empty() {
            return out;
        }
        for hit in hits {
            for m in &hit.part.models {
                if !out.iter().any(|o| o.id == m.id)
                    && model_codes(m).iter().any(|c| codes.contains(&c))
                {
                    out.push(m.clone());
                }
            }
        }
        out
    }

    fn corrections(&self, plan: &Plan, hits: &[Hit]) -> Vec<(String, String)> {
        // For each unknown word, the word of the top hits' names it was
        // matched to, so the page can say "showing results for sensor". Read
        // from the hits rather than the term dictionary: it costs nothing.
        let mut out = Vec::new();
        for w in plan
            .words
            .iter()
            .filter(|w| !w.known && w.synonym_of.is_none())
        {
            let chars = w.raw.chars().count();
            let d = if chars >= 9 {
                2
            } else if chars >= 5 {
                1
            } else {
                continue;
            };
            let mut best: Option<(usize, String)> = None;
            for hit in hits.iter().take(10) {
                for word in words(&hit.part.name) {
                    if crate::highlight::within(&word, &w.raw, d) {
                        let dist = crate::highlight::distance(&word, &w.raw);
                        if best.as_ref().is_none_or(|(b, _)| dist < *b) {
                            best = Some((dist, word));
                        }
                    }
                }
            }
            if let Some((_, t)) = best {
                out.push((w.raw.clone(), t));
            }
        }
        out
    }

    fn closest_numbers(
        &self,
        searcher: &Searcher,
        codes: &[String],
    ) -> Result<Vec<NumberSuggestion>> {
        let mut out: Vec<(usize, NumberSuggestion)> = Vec::new();
        let mut seen = HashSet::new();
        for code in codes {
            if code.len() < 3 {
                continue;
            }
            let d = if code.len() >= 6 { 2 } else { 1 };
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(self.f.pn, code),
                    d,
                    true,
                )),
            )];
            let stem: String = code
                .chars()
                .take(code.len().saturating_sub(2).max(3))
                .collect();
            alts.push((
                Occur::Should,
                Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(self.f.pn, &stem),
                    0,
                    true,
                )),
            ));
            let c = self.run(
                searcher,
                &BooleanQuery::new(alts),
                Selections::default(),
                Sort::BestSelling,
                50,
                false,
            )?;
            for (addr, _) in c.top {
                let p = self.load(searcher, addr)?;
                let norm = normalize_code(&p.part_number);
                if seen.insert(norm.clone()) {
                    out.push((
                        crate::highlight::distance(&norm, code),
                        NumberSuggestion {
                            id: p.id,
                            part_number: p.part_number,
                            name: p.name,
                        },
                    ));
                }
            }
        }
        out.sort_by_key(|(d, _)| *d);
        Ok(out.into_iter().take(5).map(|(_, s)| s).collect())
    }

    /// Suggestions for the search box as the user types.
    pub fn suggest(&self, q: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let searcher = self.reader.searcher();
        let q: String = q.chars().filter(|c| !c.is_control()).take(64).collect();
        let code = normalize_code(&q);
        let mut out = Vec::new();
        if code.len() >= 2 {
            let pq = FuzzyTermQuery::new_prefix(Term::from_field_text(self.f.pn, &code), 0, true);
            let c = self.run(
                &searcher,
                &pq,
                Selections::default(),
                Sort::BestSelling,
                4,
                false,
            )?;
            let mut seen = HashSet::new();
            for (addr, _) in c.top {
                let p = self.load(&searcher, addr)?;
                if seen.insert(normalize_code(&p.part_number)) {
                    out.push(Suggestion {
                        kind: "part",
                        label: p.part_number,
                        detail: p.name,
                        target: p.id,
                    });
                }
            }
            // Models whose name or code contains what was typed.
            let lower = q.to_lowercase();
            let mut models = Vec::new();
            for seg in searcher.segment_readers() {
                if let Some(col) = seg.fast_fields().str(schema::STR_FACETS[3])? {
                    let mut stream = col.dictionary().stream()?;
                    while stream.advance() {
                        let Ok(label) = std::str::from_utf8(stream.key()) else {
                            continue;
                        };
                        if (normalize_code(label).contains(&code)
                            || label.to_lowercase().contains(&lower))
                            && !models.iter().any(|m: &String| m == label)
                        {
                            models.push(label.to_string());
                        }
                        if models.len() >= 3 {
                            break;
                        }
                    }
                }
            }
            for m in models {
                out.push(Suggestion {
                    kind: "model",
                    label: m.clone(),
                    detail: "Equipment model".into(),
                    target: m,
                });
            }
        }
        // Complete the last word from the vocabulary, most frequent first.
        let lw = self.lower_words(&q);
        if let Some(last) = lw.last().filter(|l| l.chars().count() >= 2) {
            let head = &lw[..lw.len() - 1];
            let mut completions: Vec<(u32, String)> = Vec::new();
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(self.f.words)?;
                let mut stream = inv.terms().range().ge(last.as_bytes()).into_stream()?;
                let mut n = 0;
                while stream.advance() && n < 2_000 {
                    n += 1;
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if !term.starts_with(last.as_str()) {
                        break;
                    }
                    if term.chars().all(|c| c.is_ascii_digit()) {
                        continue;
                    }
                    let df = stream.value().doc_freq;
                    match completions.iter_mut().find(|(_, t)| t == term) {
                        Some(e) => e.0 += df,
                        None => completions.push((df, term.to_string())),
                    }
                }
            }
            completions.sort_by_key(|c| std::cmp::Reverse(c.0));
            for (df, term) in completions
                .into_iter()
                .take(limit.saturating_sub(out.len()).max(2))
            {
                let mut text = head.join(" ");
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&term);
                out.push(Suggestion {
                    kind: "query",
                    label: text.clone(),
                    detail: format!("{df} parts"),
                    target: text,
                });
            }
        }
        out.truncate(limit);
        Ok(out)
    }
}

/// Any of a few exact terms. A union of term queries rather than a
/// `TermSetQuery`: that one builds an FST and a bitset the size of each
/// segment per query, which dominated part-number lookups in the profile.
fn terms_union(field: tantivy::schema::Field, terms: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::union(
        terms
            .iter()
            .map(|t| {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, t),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>
            })
            .collect(),
    ))
}

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "for", "of", "the", "with", "to", "in", "on", "or",
];

/// Codes under which a model is found: its name and label and each alias,
/// each in canonical form.
fn model_codes(m: &ModelRef) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in std::iter::once(&m.name)
        .chain(std::iter::once(&m.label))
        .chain(m.aliases.iter())
    {
        let c = normalize_code(s);
        if c.len() >= 3 && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn match_kind(part: &PartDoc, plan: &Plan) -> MatchKind {
    let mine = code_variants(&part.part_number);
    for ident in &plan.idents {
        match ident {
            Ident::Number(v) if v.iter().any(|x| mine.contains(x)) => {
                return MatchKind::ExactNumber;
            }
            Ident::OldNumber(v) => {
                for old in &part.replaces {
                    if code_variants(old).iter().any(|x| v.contains(x)) {
                        return MatchKind::Replaces(old.clone());
                    }
                }
            }
            _ => {}
        }
    }
    if plan
        .prefixes
        .iter()
        .any(|p| mine.iter().any(|m| m.starts_with(p.as_str())))
    {
        return MatchKind::NumberPrefix;
    }
    if plan.idents.iter().any(|i| matches!(i, Ident::Model(_))) {
        return MatchKind::Model;
    }
    MatchKind::Text
}
