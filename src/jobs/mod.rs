//! Background work: keeping the search index in step with the database,
//! sending queued mail, removing expired sessions.

pub mod import;
pub mod index_sync;
pub mod mail_sender;
pub mod session_purge;
