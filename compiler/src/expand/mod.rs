//! The expander's machinery: moving data between the reader's `Datum`s and
//! runtime values (macros are Elle procedures working on runtime data), and
//! quasiquote. The derived forms themselves (`cond`, `when`, `and`, ...)
//! are macros in `stdlib/prelude.lisp`; the analysis drives expansion.
pub mod convert;
pub mod quasi;

use elle_runtime::Val;

/// Built-in procedures that expansions and `match` call directly, fetched
/// once at start-up so a program that rebinds `cons` or `car` cannot change
/// what generated code means.
#[derive(Clone, Copy)]
pub struct CorePrims {
    pub cons: Val,
    pub list: Val,
    pub append: Val,
    pub list_to_vector: Val,
    pub car: Val,
    pub cdr: Val,
    pub pairp: Val,
    pub equalp: Val,
    pub error: Val,
    pub record_type: Val,
    pub record: Val,
    pub recordp: Val,
    pub record_ref: Val,
    pub record_set: Val,
    pub values_check: Val,
    pub values_list: Val,
    pub escapingp: Val,
    pub raise: Val,
}
