//! partsportal: a search-centric spare-parts catalog and B2B procurement
//! portal for medical equipment.

pub mod app;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod domain;
pub mod files;
pub mod import_cli;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod ordering;
pub mod server;
pub mod views;
pub mod web;

pub use web::build_router;
