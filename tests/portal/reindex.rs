//! A full rebuild reads the catalog in batches, keyed on (category, maker,
//! id) so the index holds parts that match together side by side.

use std::collections::{HashMap, HashSet};

use partsportal::db::catalog::{
    RebuildCursor, count_parts, index_batch, index_docs_for, model_refs,
};

use crate::helpers::{engines, spawn_app};

#[tokio::test]
async fn rebuild_batches_read_every_part_once_with_its_models_and_supersessions() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let models = model_refs(&app.db).await.unwrap();
        let mut after = RebuildCursor::default();
        let (mut docs, mut removed, mut batches) = (Vec::new(), Vec::new(), 0);
        // Batches of 7 put many batch edges inside one category and maker.
        loop {
            let (d, r, next) = index_batch(&app.db, &models, &after, 7).await.unwrap();
            let Some(next) = next else {
                assert!(d.is_empty() && r.is_empty(), "{engine:?}");
                break;
            };
            assert!(d.len() + r.len() <= 7, "{engine:?}");
            assert!(next > RebuildCursor::default(), "{engine:?}");
            docs.extend(d);
            removed.extend(r);
            after = next;
            batches += 1;
        }
        let total = count_parts(&app.db).await.unwrap() as usize;
        assert!(batches >= total / 7, "{engine:?}: {batches} batches");
        let ids: Vec<String> = docs
            .iter()
            .map(|d| d.id.clone())
            .chain(removed.iter().cloned())
            .collect();
        assert_eq!(ids.len(), total, "{engine:?}: every part read");
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            total,
            "{engine:?}: no part read twice"
        );
        // Each category is one run, whatever the engine's collation.
        let mut seen = HashSet::new();
        for w in docs.windows(2) {
            if w[0].category != w[1].category {
                assert!(
                    seen.insert(w[0].category.clone()),
                    "{engine:?}: {} comes back after {}",
                    w[0].category,
                    w[1].category
                );
            }
        }
        // The batch's models and supersessions, read by key range, are the
        // ones the outbox path reads by id.
        let (by_id, removed_by_id) = index_docs_for(&app.db, &models, &ids).await.unwrap();
        assert_eq!(removed_by_id.len(), removed.len(), "{engine:?}");
        let by_id: HashMap<&str, _> = by_id.iter().map(|d| (d.id.as_str(), d)).collect();
        for d in &docs {
            assert_eq!(Some(&d), by_id.get(d.id.as_str()), "{engine:?}");
        }
        assert!(
            docs.iter().filter(|d| d.models.len() > 1).count() > 10,
            "{engine:?}: the demo has parts that fit several models"
        );
        assert!(
            docs.iter().any(|d| !d.replaces.is_empty()),
            "{engine:?}: the demo has supersessions"
        );
        app.cleanup().await;
    }
}
