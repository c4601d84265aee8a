//! Data as read: what the reader produces, macros consume and produce, and
//! the analysis takes apart. Symbols and keywords are the runtime's interned
//! values, so comparing them is comparing words.

use crate::source::Span;
use elle_runtime::{self as rt, Val};
use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct Datum {
    pub kind: DatumKind,
    pub span: Span,
    /// The runtime list or vector this datum is the reading of, if it is
    /// one (see `expand::convert`): passing the datum to a macro again
    /// passes that value, without building it anew.
    pub origin: Option<Val>,
}

#[derive(Clone, Debug)]
pub enum DatumKind {
    Nil,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    Symbol(Val),
    Keyword(Val),
    /// Elements, then the tail after a dot (`(a . b)`), if any. Shared, so
    /// that a datum costs nothing to copy whatever its size.
    List(Rc<[Datum]>, Option<Rc<Datum>>),
    Vector(Rc<[Datum]>),
    /// A runtime value embedded by the expander (a built-in procedure that
    /// generated code must reach whatever the program rebinds).
    Value(Val),
}

impl Datum {
    pub fn new(kind: DatumKind, span: Span) -> Datum {
        Datum { kind, span, origin: None }
    }
    pub fn sym(name: &str, span: Span) -> Datum {
        Datum::new(DatumKind::Symbol(rt::intern(name)), span)
    }
    pub fn list(items: Vec<Datum>, span: Span) -> Datum {
        if items.is_empty() {
            Datum::new(DatumKind::Nil, span)
        } else {
            Datum::new(DatumKind::List(items.into(), None), span)
        }
    }
    pub fn as_symbol(&self) -> Option<Val> {
        match self.kind {
            DatumKind::Symbol(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_symbol(&self, name: Val) -> bool {
        self.as_symbol() == Some(name)
    }
    /// The elements of a proper, non-empty list.
    pub fn as_list(&self) -> Option<&[Datum]> {
        match &self.kind {
            DatumKind::List(items, None) => Some(items),
            _ => None,
        }
    }
    /// Source-like text, for messages.
    pub fn show(&self) -> String {
        match &self.kind {
            DatumKind::Nil => "nil".into(),
            DatumKind::Bool(b) => if *b { "#t" } else { "#f" }.into(),
            DatumKind::Int(i) => i.to_string(),
            DatumKind::Float(f) => format!("{f:?}"),
            DatumKind::Str(s) => format!("{s:?}"),
            DatumKind::Char(c) => format!("#\\{c}"),
            DatumKind::Symbol(s) => rt::symbol_name(*s),
            DatumKind::Keyword(k) => format!(":{}", rt::symbol_name(*k)),
            DatumKind::List(items, tail) => {
                let mut s = String::from("(");
                for (i, d) in items.iter().enumerate() {
                    if i > 0 {
                        s.push(' ');
                    }
                    s.push_str(&d.show());
                }
                if let Some(t) = tail {
                    s.push_str(" . ");
                    s.push_str(&t.show());
                }
                s.push(')');
                s
            }
            DatumKind::Vector(items) => {
                let inner: Vec<String> = items.iter().map(|d| d.show()).collect();
                format!("[{}]", inner.join(" "))
            }
            DatumKind::Value(_) => "#<value>".into(),
        }
    }
}
