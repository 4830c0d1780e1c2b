//! Spreadsheet and CSV readers for catalog imports: header detection, column
//! mapping, value parsing and row validation into typed records. No database,
//! no HTTP. Filled in by Step 3 (manufacturer catalog imports); Step 1 only
//! sets up the crate in the workspace.
#![warn(missing_docs)]
