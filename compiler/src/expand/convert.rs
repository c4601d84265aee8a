//! Datum <-> runtime value, for macro expansion and quoted constants.
//!
//! Spans survive a macro call by identity: every pair made from the macro's
//! arguments is remembered with its span, and when the expansion reuses that
//! pair, its span comes back. New structure gets the span of the nearest
//! remembered enclosing form, else the macro call's.

use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Roots, Val};
use std::collections::HashMap;

pub type SpanTable = HashMap<Val, Span>;

/// Build the runtime value for a datum. Pairs are recorded in `spans`.
pub fn to_value(d: &Datum, spans: &mut SpanTable) -> Val {
    let roots = Roots::new();
    // SAFETY: constructors copy their inputs; partial results are rooted.
    unsafe {
        match &d.kind {
            DatumKind::Nil => rt::NIL,
            DatumKind::Bool(b) => {
                if *b {
                    rt::TRUE
                } else {
                    rt::FALSE
                }
            }
            DatumKind::Int(i) => rt::elle_make_int(*i),
            DatumKind::Float(f) => rt::elle_make_float(*f),
            DatumKind::Str(s) => rt::make_string(s),
            DatumKind::Char(c) => rt::make_char(*c as u32),
            DatumKind::Symbol(v) | DatumKind::Keyword(v) | DatumKind::Value(v) => *v,
            DatumKind::List(items, tail) => {
                let t = match tail {
                    Some(t) => to_value(t, spans),
                    None => rt::NIL,
                };
                let acc = roots.push(t);
                for (k, item) in items.iter().enumerate().rev() {
                    let v = to_value(item, spans);
                    let pair = rt::elle_cons(v, roots.get(acc));
                    roots.set(acc, pair);
                    if k == 0 {
                        spans.insert(pair, d.span);
                    } else {
                        spans.insert(pair, item.span);
                    }
                }
                roots.get(acc)
            }
            DatumKind::Vector(items) => {
                let vec = rt::elle_make_vector(items.len() as i64, rt::NIL);
                roots.push(vec);
                for (i, item) in items.iter().enumerate() {
                    let v = to_value(item, spans);
                    let p = rt::obj::<rt::Vector>(vec);
                    *(*p).items.as_mut_ptr().add(i) = v;
                }
                vec
            }
        }
    }
}

/// A permanent constant for a quoted datum.
pub fn constant(d: &Datum) -> Val {
    let v = to_value(d, &mut SpanTable::new());
    // SAFETY: protecting any value is allowed.
    unsafe { rt::elle_gc_protect(v) };
    v
}

/// Read a runtime value back as a datum; `outer` is the span used where
/// the value carries none.
pub fn from_value(v: Val, spans: &SpanTable, outer: Span) -> Datum {
    let span = spans.get(&v).copied().unwrap_or(outer);
    let kind = match rt::kind(v) {
        None => {
            if rt::is_fixnum(v) {
                DatumKind::Int(rt::fixnum_value(v))
            } else if rt::is_char(v) {
                DatumKind::Char(char::from_u32(rt::char_value(v)).unwrap_or('\u{fffd}'))
            } else if v == rt::NIL {
                DatumKind::Nil
            } else if v == rt::TRUE {
                DatumKind::Bool(true)
            } else if v == rt::FALSE {
                DatumKind::Bool(false)
            } else {
                DatumKind::Value(v)
            }
        }
        // SAFETY: each arm reads the object of the kind it matched.
        Some(rt::Kind::Int64) => DatumKind::Int(unsafe { rt::elle_integer_value(v) }),
        Some(rt::Kind::Float) => DatumKind::Float(unsafe { rt::elle_float_value(v) }),
        Some(rt::Kind::String) => DatumKind::Str(String::from_utf8_lossy(unsafe { rt::str_bytes(v) }).into_owned()),
        Some(rt::Kind::Symbol) => {
            // SAFETY: uninterned symbols (gensyms) must outlive the code naming them.
            if unsafe { rt::elle_symbol_interned(v) } == 0 {
                unsafe { rt::elle_gc_protect(v) };
            }
            DatumKind::Symbol(v)
        }
        Some(rt::Kind::Keyword) => DatumKind::Keyword(v),
        Some(rt::Kind::Pair) => {
            let mut items = Vec::new();
            let mut cur = v;
            while rt::is(cur, rt::Kind::Pair) {
                // SAFETY: cur is a pair.
                let (car, cdr) = unsafe {
                    let p = rt::obj::<rt::Pair>(cur);
                    ((*p).car, (*p).cdr)
                };
                items.push(from_value(car, spans, span));
                cur = cdr;
            }
            let tail = if cur == rt::NIL { None } else { Some(Box::new(from_value(cur, spans, span))) };
            DatumKind::List(items, tail)
        }
        Some(rt::Kind::Vector) => {
            // SAFETY: v is a vector.
            let items = unsafe {
                let p = rt::obj::<rt::Vector>(v);
                let n = (*p).len as usize;
                (0..n).map(|i| *(*p).items.as_ptr().add(i)).collect::<Vec<_>>()
            };
            DatumKind::Vector(items.into_iter().map(|x| from_value(x, spans, span)).collect())
        }
        Some(_) => {
            // SAFETY: an embedded object must stay alive as long as the code.
            unsafe { rt::elle_gc_protect(v) };
            DatumKind::Value(v)
        }
    };
    Datum::new(kind, span)
}
