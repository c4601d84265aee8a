//! Datum <-> runtime value, for macro expansion and quoted constants.
//!
//! A macro transformer is an Elle procedure on runtime data, so each call
//! turns its argument forms into values and its result back into data. The
//! `Converter` makes that cost what is new, not the size of the forms:
//! every list and vector it makes from a datum, or reads into one, is
//! remembered both ways (the datum's `origin`, and a map from the value to
//! the datum), frozen (`set-car!` and the like refuse it, so the two stay
//! alike) and kept alive. A form passed to a macro again is passed as the
//! same value, and a value an expansion hands back comes back as the same
//! datum, spans included: ten thousand nested `when`s expand in linear
//! time, and shared structure stays shared.
//!
//! New structure gets the span of the nearest known enclosing form, else
//! the macro call's. Quoted constants are always built anew (`constant`),
//! since a program may change its own data.

use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Roots, Val};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Nodes an expansion may unfold to: past it, a macro that returns shared
/// structure (a doubling loop) would give the analysis more than any
/// program has.
const MAX_EXPANSION_NODES: usize = 1 << 22;

/// A remembered list or vector: its datum (with `origin` set) and how many
/// nodes that datum unfolds to.
struct Known {
    datum: Datum,
    nodes: usize,
}

#[derive(Default)]
pub struct Converter {
    known: HashMap<Val, Known>,
    /// the pairs of lists made from data after their first: the span of
    /// the element each begins with (a macro may hand back a list's tail)
    spans: HashMap<Val, Span>,
    /// gensyms kept alive for the code naming them (each once)
    protected: HashSet<Val>,
}

impl Converter {
    /// The runtime value for a datum, as a macro receives it.
    pub fn to_value(&mut self, d: &Datum) -> Val {
        self.build(d).0
    }

    /// The value, the number of nodes it has, and the datum again with the
    /// origins of it and its parts, as remembered.
    fn build(&mut self, d: &Datum) -> (Val, usize, Datum) {
        if let Some(v) = d.origin {
            return (v, self.known.get(&v).map_or(1, |k| k.nodes), d.clone());
        }
        let roots = Roots::new();
        // SAFETY: constructors copy their inputs; partial results are rooted.
        let (v, nodes, kind) = unsafe {
            match &d.kind {
                DatumKind::List(items, tail) => {
                    let (t, mut nodes, tail) = match tail {
                        Some(t) => {
                            let (v, n, t) = self.build(t);
                            (v, n, Some(Rc::new(t)))
                        }
                        None => (rt::NIL, 0, None),
                    };
                    let acc = roots.push(t);
                    let mut known = Vec::with_capacity(items.len());
                    for (k, item) in items.iter().enumerate().rev() {
                        let (v, n, item) = self.build(item);
                        nodes += n + 1;
                        let pair = rt::elle_cons(v, roots.get(acc));
                        rt::elle_freeze(pair);
                        roots.set(acc, pair);
                        if k > 0 {
                            self.spans.insert(pair, item.span);
                        }
                        known.push(item);
                    }
                    known.reverse();
                    (roots.get(acc), nodes, DatumKind::List(known.into(), tail))
                }
                DatumKind::Vector(items) => {
                    let vec = rt::elle_make_vector(items.len() as i64, rt::NIL);
                    roots.push(vec);
                    let mut nodes = 1;
                    let mut known = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let (v, n, item) = self.build(item);
                        nodes += n;
                        let p = rt::obj::<rt::Vector>(vec);
                        *(*p).items.as_mut_ptr().add(i) = v;
                        known.push(item);
                    }
                    rt::elle_freeze(vec);
                    (vec, nodes, DatumKind::Vector(known.into()))
                }
                _ => return (atom(d), 1, d.clone()),
            }
        };
        let datum = Datum { kind, span: d.span, origin: Some(v) };
        self.remember(v, &datum, nodes);
        (v, nodes, datum)
    }

    fn remember(&mut self, v: Val, d: &Datum, nodes: usize) {
        // SAFETY: the value is the compiler's data from now on.
        unsafe { rt::elle_gc_protect(v) };
        let datum = Datum { origin: Some(v), ..d.clone() };
        self.known.insert(v, Known { datum, nodes });
    }

    /// Read a runtime value back as a datum; `outer` is the span used where
    /// the value carries none. Data that contains itself has no datum: it
    /// is an error, as is an expansion that unfolds too large.
    pub fn from_value(&mut self, v: Val, outer: Span) -> Result<Datum, Diag> {
        let mut reader = Reader { conv: self, open: HashSet::new(), nodes: 0, outer };
        reader.read(v, outer)
    }
}

/// A permanent constant for a quoted datum: built anew, unfrozen.
pub fn constant(d: &Datum) -> Val {
    fn fresh(d: &Datum) -> Val {
        let roots = Roots::new();
        // SAFETY: constructors copy their inputs; partial results are rooted.
        unsafe {
            match &d.kind {
                DatumKind::List(items, tail) => {
                    let acc = roots.push(tail.as_deref().map_or(rt::NIL, fresh));
                    for item in items.iter().rev() {
                        let pair = rt::elle_cons(fresh(item), roots.get(acc));
                        roots.set(acc, pair);
                    }
                    roots.get(acc)
                }
                DatumKind::Vector(items) => {
                    let vec = rt::elle_make_vector(items.len() as i64, rt::NIL);
                    roots.push(vec);
                    for (i, item) in items.iter().enumerate() {
                        let v = fresh(item);
                        *(*rt::obj::<rt::Vector>(vec)).items.as_mut_ptr().add(i) = v;
                    }
                    vec
                }
                _ => atom(d),
            }
        }
    }
    let v = fresh(d);
    // SAFETY: protecting any value is allowed.
    unsafe { rt::elle_gc_protect(v) };
    v
}

/// The value of a datum that is neither a list nor a vector.
fn atom(d: &Datum) -> Val {
    // SAFETY: constructors copy their inputs.
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
            DatumKind::Int(i) => rt::elle_make_wide(*i),
            DatumKind::Float(f) => rt::elle_make_float(*f),
            DatumKind::Str(s) => rt::make_string(s),
            DatumKind::Char(c) => rt::make_char(*c as u32),
            DatumKind::Symbol(v) | DatumKind::Keyword(v) | DatumKind::Value(v) => *v,
            DatumKind::List(..) | DatumKind::Vector(..) => {
                unreachable!("containers are built by the caller")
            }
        }
    }
}

struct Reader<'a> {
    conv: &'a mut Converter,
    /// the pairs and vectors being read, from the root down
    open: HashSet<Val>,
    nodes: usize,
    outer: Span,
}

impl Reader<'_> {
    fn count(&mut self, n: usize) -> Result<(), Diag> {
        self.nodes += n;
        if self.nodes > MAX_EXPANSION_NODES {
            return Err(Diag::new(
                format!("the expansion is too large (over {MAX_EXPANSION_NODES} nodes)"),
                self.outer,
            ));
        }
        Ok(())
    }

    fn enter(&mut self, v: Val) -> Result<(), Diag> {
        self.count(1)?;
        if !self.open.insert(v) {
            return Err(Diag::new("the expansion is circular: it contains itself", self.outer));
        }
        Ok(())
    }

    fn read(&mut self, v: Val, outer: Span) -> Result<Datum, Diag> {
        if let Some(k) = self.conv.known.get(&v) {
            let (datum, nodes) = (k.datum.clone(), k.nodes);
            self.count(nodes)?;
            return Ok(datum);
        }
        let span = self.conv.spans.get(&v).copied().unwrap_or(outer);
        let kind = match rt::kind(v) {
            None => {
                if rt::is_fixnum(v) {
                    DatumKind::Int(rt::fixnum_value(v).into())
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
            Some(rt::Kind::Int64) => DatumKind::Int(unsafe { rt::elle_integer_wide(v) }),
            Some(rt::Kind::Float) => DatumKind::Float(unsafe { rt::elle_float_value(v) }),
            Some(rt::Kind::String) => DatumKind::Str(String::from_utf8_lossy(unsafe { rt::str_bytes(v) }).into_owned()),
            Some(rt::Kind::Symbol) => {
                // SAFETY: uninterned symbols (gensyms) must outlive the code naming them.
                if unsafe { rt::elle_symbol_interned(v) } == 0 && self.conv.protected.insert(v) {
                    unsafe { rt::elle_gc_protect(v) };
                }
                DatumKind::Symbol(v)
            }
            Some(rt::Kind::Keyword) => DatumKind::Keyword(v),
            Some(rt::Kind::Pair) => {
                let start = self.nodes;
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
                let tail = if cur == rt::NIL { None } else { Some(Rc::new(self.read(cur, span)?)) };
                for pair in spine {
                    self.open.remove(&pair);
                    // SAFETY: the pairs are the compiler's data from now on.
                    unsafe { rt::elle_freeze(pair) };
                }
                let datum = Datum::new(DatumKind::List(items.into(), tail), span);
                self.conv.remember(v, &datum, self.nodes - start);
                return Ok(Datum { origin: Some(v), ..datum });
            }
            Some(rt::Kind::Vector) => {
                let start = self.nodes;
                self.enter(v)?;
                // SAFETY: v is a vector.
                let items = unsafe {
                    let p = rt::obj::<rt::Vector>(v);
                    let n = (*p).len as usize;
                    (0..n).map(|i| *(*p).items.as_ptr().add(i)).collect::<Vec<_>>()
                };
                let items = items.into_iter().map(|x| self.read(x, span)).collect::<Result<Vec<_>, _>>()?;
                self.open.remove(&v);
                // SAFETY: the vector is the compiler's data from now on.
                unsafe { rt::elle_freeze(v) };
                let datum = Datum::new(DatumKind::Vector(items.into()), span);
                self.conv.remember(v, &datum, self.nodes - start);
                return Ok(Datum { origin: Some(v), ..datum });
            }
            Some(rt::Kind::Primitive) => DatumKind::Value(v),
            Some(rt::Kind::Bytevector) => {
                // SAFETY: a constant of the program: it must outlive the code naming it.
                if self.conv.protected.insert(v) {
                    unsafe { rt::elle_gc_protect(v) };
                }
                DatumKind::Value(v)
            }
            // a hash table, a closure, a port...: not something a program's
            // text can hold, nor a compiled program's constants
            Some(_) => {
                return Err(Diag::new(
                    format!("the expansion holds {}: a program is made of data (numbers, strings, symbols, lists, vectors, bytevectors) and built-in procedures", rt::to_text(v, true)),
                    self.outer,
                ))
            }
        };
        Ok(Datum::new(kind, span))
    }
}
