//! Quasiquote: `(quasiquote x)` to calls that build x, with `unquote` and
//! `unquote-splicing` at depth 1 and nested quasiquotes counted.

use super::CorePrims;
use crate::diag::Diag;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt};

pub struct Quasi<'a> {
    pub prims: &'a CorePrims,
}

impl Quasi<'_> {
    fn call(&self, f: elle_runtime::Val, args: Vec<Datum>, like: &Datum) -> Datum {
        let mut items = vec![Datum::new(DatumKind::Value(f), like.span)];
        items.extend(args);
        Datum::new(DatumKind::List(items.into(), None), like.span)
    }

    fn quote(&self, d: &Datum) -> Datum {
        Datum::new(
            DatumKind::List(vec![Datum::sym("quote", d.span), d.clone()].into(), None),
            d.span,
        )
    }

    /// `(name x)` with `name` one of the quasiquote keywords?
    fn tagged<'d>(&self, d: &'d Datum, name: &str) -> Option<&'d Datum> {
        match d.as_list() {
            Some([head, x]) if head.is_symbol(rt::intern(name)) => Some(x),
            _ => None,
        }
    }

    /// `(a b unquote x)` is `(a b . (unquote x))`: a list whose tail is a
    /// quasiquote form reads (and comes back from a macro) flat. Gives the
    /// items before the tail and the tail form.
    fn keyword_tail<'d>(&self, items: &'d [Datum]) -> Option<(&'d [Datum], Datum)> {
        let n = items.len();
        let keyword = items.get(n.checked_sub(2)?)?;
        if n < 3
            || !["unquote", "unquote-splicing", "quasiquote"]
                .iter()
                .any(|k| keyword.is_symbol(rt::intern(k)))
        {
            return None;
        }
        Some((
            &items[..n - 2],
            Datum::new(DatumKind::List(items[n - 2..].into(), None), keyword.span),
        ))
    }

    pub fn expand(&self, d: &Datum, depth: u32) -> Result<Datum, Diag> {
        if let Some(x) = self.tagged(d, "unquote") {
            if depth == 1 {
                return Ok(x.clone());
            }
            let inner = self.expand(x, depth - 1)?;
            return Ok(self.call(
                self.prims.list,
                vec![self.quote(&Datum::sym("unquote", d.span)), inner],
                d,
            ));
        }
        if let Some(x) = self.tagged(d, "quasiquote") {
            let inner = self.expand(x, depth + 1)?;
            return Ok(self.call(
                self.prims.list,
                vec![self.quote(&Datum::sym("quasiquote", d.span)), inner],
                d,
            ));
        }
        if self.tagged(d, "unquote-splicing").is_some() && depth == 1 {
            return Err(Diag::new("',@' is only allowed inside a list", d.span));
        }
        match &d.kind {
            DatumKind::List(items, tail) => {
                let split = if tail.is_none() { self.keyword_tail(items) } else { None };
                let (items, tail) = match &split {
                    Some((items, t)) => (*items, Some(t)),
                    None => (&items[..], tail.as_deref()),
                };
                let mut rest = match tail {
                    Some(t) => self.expand(t, depth)?,
                    None => Datum::new(DatumKind::Nil, d.span),
                };
                for item in items.iter().rev() {
                    rest = match self.tagged(item, "unquote-splicing") {
                        Some(x) if depth == 1 => {
                            self.call(self.prims.append, vec![x.clone(), rest], item)
                        }
                        _ => {
                            self.call(self.prims.cons, vec![self.expand(item, depth)?, rest], item)
                        }
                    };
                }
                Ok(rest)
            }
            DatumKind::Vector(items) => {
                let as_list = Datum::list(items.to_vec(), d.span);
                let built = self.expand(&as_list, depth)?;
                Ok(self.call(self.prims.list_to_vector, vec![built], d))
            }
            DatumKind::Symbol(_) => Ok(self.quote(d)),
            _ => Ok(d.clone()),
        }
    }
}
