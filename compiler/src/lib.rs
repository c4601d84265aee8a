//! Elle: a Lisp whose first-class citizen is C.
//!
//! The pipeline, one module per stage:
//! `syntax` (text -> data with spans) -> `expand` (macros' data, quasiquote)
//! -> `analysis` (resolved, tail-marked form) -> `interp` (runs it) or
//! `native` (LLVM IR) -> `link` (an executable).
//! `session` strings the stages together; `diag` and `source` serve all.

pub mod analysis;
pub mod cimport;
pub mod diag;
pub mod expand;
pub mod interp;
pub mod link;
pub mod native;
pub mod runner;
pub mod session;
pub mod source;
pub mod syntax;
pub mod target;
