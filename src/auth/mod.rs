//! Credentials: password hashing and strength, random tokens.

pub mod password;
pub mod token;
