//! Datum <-> runtime value, for macro expansion and quoted constants.
//!
//! Spans survive a macro call by identity: every pair made from the macro's
//! arguments is remembered with its span, and when the expansion reuses that
//! pair, its span comes back. New structure gets the span of the nearest
//! remembered enclosing form, else the macro call's.

use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Roots, Val};
use crate::diag::Diag;
use std::collections::{HashMap, HashSet};

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

/// Nodes an expansion may have: past it, a macro that returns shared
/// structure (a doubling loop) would take the whole memory to unfold.
const MAX_EXPANSION_NODES: usize = 1 << 22;

/// Read a runtime value back as a datum; `outer` is the span used where
/// the value carries none. Data that contains itself has no datum: it is
/// an error, as is an expansion too large to unfold.
pub fn from_value(v: Val, spans: &SpanTable, outer: Span) -> Result<Datum, Diag> {
    let mut reader = Reader { spans, open: HashSet::new(), protected: HashSet::new(), nodes: 0, outer };
    reader.read(v, outer)
}

struct Reader<'a> {
    spans: &'a SpanTable,
    /// the pairs and vectors being read, from the root down
    open: HashSet<Val>,
    /// gensyms kept alive by this read (each once)
    protected: HashSet<Val>,
    nodes: usize,
    outer: Span,
}

impl Reader<'_> {
    fn enter(&mut self, v: Val) -> Result<(), Diag> {
        self.nodes += 1;
        if self.nodes > MAX_EXPANSION_NODES {
            return Err(Diag::new(format!("the expansion is too large (over {MAX_EXPANSION_NODES} nodes)"), self.outer));
        }
        if !self.open.insert(v) {
            return Err(Diag::new("the expansion is circular: it contains itself", self.outer));
        }
        Ok(())
    }

    fn read(&mut self, v: Val, outer: Span) -> Result<Datum, Diag> {
        let span = self.spans.get(&v).copied().unwrap_or(outer);
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
                if unsafe { rt::elle_symbol_interned(v) } == 0 && self.protected.insert(v) {
                    unsafe { rt::elle_gc_protect(v) };
                }
                DatumKind::Symbol(v)
            }
            Some(rt::Kind::Keyword) => DatumKind::Keyword(v),
            Some(rt::Kind::Pair) => {
                let mut items = Vec::new();
                let mut spine = Vec::new();
                let mut cur = v;
                while rt::is(cur, rt::Kind::Pair) {
                    self.enter(cur)?;
                    spine.push(cur);
                    // SAFETY: cur is a pair.
                    let (car, cdr) = unsafe {
                        let p = rt::obj::<rt::Pair>(cur);
                        ((*p).car, (*p).cdr)
                    };
                    items.push(self.read(car, span)?);
                    cur = cdr;
                }
                let tail = if cur == rt::NIL { None } else { Some(Box::new(self.read(cur, span)?)) };
                for pair in spine {
                    self.open.remove(&pair);
                }
                DatumKind::List(items, tail)
            }
            Some(rt::Kind::Vector) => {
                self.enter(v)?;
                // SAFETY: v is a vector.
                let items = unsafe {
                    let p = rt::obj::<rt::Vector>(v);
                    let n = (*p).len as usize;
                    (0..n).map(|i| *(*p).items.as_ptr().add(i)).collect::<Vec<_>>()
                };
                let items = items.into_iter().map(|x| self.read(x, span)).collect::<Result<_, _>>()?;
                self.open.remove(&v);
                DatumKind::Vector(items)
            }
            Some(_) => {
                // SAFETY: an embedded object must stay alive as long as the code.
                unsafe { rt::elle_gc_protect(v) };
                DatumKind::Value(v)
            }
        };
        Ok(Datum::new(kind, span))
    }
}
