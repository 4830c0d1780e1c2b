//! The tantivy schema and the analyzers it uses.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// Analyzer with stemming, for ranked text matching.
pub const STEM: &str = "pp_stem";
/// Analyzer without stemming, for typo tolerance and completions.
pub const WORDS: &str = "pp_words";

/// Names of the string facet columns, in facet-group order. Condition,
/// stock, lead time, warranty and the price bucket live packed in the one
/// `facts` column instead (see `collector::Facts`), and the category column
/// holds only the leaf path: one column read per document where there were
/// many, which is what facet counting over large result sets costs.
pub const STR_FACETS: [&str; 5] = [
    "f_modality",
    "f_manufacturer",
    "f_category",
    "f_model",
    "f_seller",
];

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub(crate) id: Field,
    pub(crate) pn: Field,
    pub(crate) pn_old: Field,
    pub(crate) model_code: Field,
    pub(crate) name: Field,
    pub(crate) body: Field,
    pub(crate) words: Field,
    pub(crate) str_facets: [Field; 5],
    pub(crate) price: Field,
    pub(crate) facts: Field,
    pub(crate) sales: Field,
    pub(crate) created: Field,
    pub(crate) card: Field,
}

/// Builds the schema and returns it with its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING);
    let raw_unstored = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let pn = b.add_text_field("pn", raw_unstored.clone());
    let pn_old = b.add_text_field("pn_old", raw_unstored.clone());
    let model_code = b.add_text_field("model_code", raw_unstored);
    let text = |tok: &str, positions: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        )
    };
    let name = b.add_text_field("name", text(STEM, false));
    let body = b.add_text_field("body", text(STEM, false));
    let words = b.add_text_field(
        "words",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    let facet = TextOptions::default().set_fast("raw");
    let str_facets = STR_FACETS.map(|n| b.add_text_field(n, facet.clone()));
    let num = NumericOptions::default().set_fast();
    let price = b.add_u64_field("price", num.clone());
    let facts = b.add_u64_field("facts", num.clone());
    let sales = b.add_u64_field("sales", num.clone());
    let created = b.add_u64_field("created", num);
    // The part as JSON, for result pages. A stored string, not bytes:
    // tantivy reads a bytes value back one byte at a time (3% of a page at
    // 100k parts), and a string lets serde_json skip re-checking UTF-8.
    let card = b.add_text_field("card", STORED);
    let fields = Fields {
        id,
        pn,
        pn_old,
        model_code,
        name,
        body,
        words,
        str_facets,
        price,
        facts,
        sales,
        created,
        card,
    };
    (b.build(), fields)
}

/// Registers the analyzers on an index.
pub fn register_analyzers(index: &tantivy::Index) {
    let stem = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(STEM, stem);
    index.tokenizers().register(WORDS, words);
}
