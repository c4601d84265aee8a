//! Syntax: source text to data with spans.
pub mod datum;
pub mod reader;
