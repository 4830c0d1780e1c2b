//! Background work: keeping the search index in step with the database.

pub mod index_sync;
