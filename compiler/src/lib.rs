//! Elle: a Lisp whose first-class citizen is C.
//!
//! This crate is everything but the native back end (which is
//! `elle-native`, the only crate that links LLVM): the pipeline, one module
//! per stage, `syntax` (text -> data with spans) -> `expand` (macros' data,
//! quasiquote) -> `analysis` (resolved, tail-marked form) -> `interp` (runs
//! it); `cimport` (C headers and libraries) answers the analysis; `target`
//! says what the program is compiled for. `session` strings the stages
//! together; `diag` and `source` serve all.

pub mod analysis;
pub mod cimport;
pub mod ctype;
pub mod diag;
pub mod expand;
pub mod interp;
pub mod runner;
pub mod session;
pub mod source;
pub mod syntax;
pub mod target;
