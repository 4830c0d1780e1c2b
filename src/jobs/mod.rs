//! Background work: keeping the search index in step with the database,
//! sending queued mail.

pub mod index_sync;
pub mod mail_sender;
