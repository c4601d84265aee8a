//! `match` patterns to tests and bindings.
//!
//! A pattern is `_`, a literal, `'datum`, a list pattern (with an optional
//! dotted tail), or a symbol. A symbol naming a known constant compares by
//! value (`SDL_QUIT`); any other symbol binds the matched value.

use super::ir::{Expr, VarLoc, VarRef};
use super::{Analyzer, Host, R};
use crate::diag::Diag;
use crate::expand::convert;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};

/// A position in the matched value: car/cdr steps from the subject.
#[derive(Clone)]
struct Path(Vec<bool>); // true = car, false = cdr

/// The test that `pat` matches the value in `slot`, and the bindings of its
/// variables (declared in the analyser's current scope).
pub(super) fn compile(
    a: &mut Analyzer,
    pat: &Datum,
    slot: u32,
    host: &mut dyn Host,
) -> R<(Expr, Vec<Expr>)> {
    let mut m = Matcher { slot, tests: vec![], binds: vec![], names: vec![] };
    m.pattern(a, pat, Path(vec![]), host)?;
    let test = m.tests.into_iter().rev().fold(Expr::Const(rt::TRUE), |acc, t| {
        Expr::If(Box::new(t), Box::new(acc), Box::new(Expr::Const(rt::FALSE)))
    });
    Ok((test, m.binds))
}

struct Matcher {
    slot: u32,
    tests: Vec<Expr>,
    binds: Vec<Expr>,
    names: Vec<Val>,
}

impl Matcher {
    fn access(&self, a: &Analyzer, path: &Path, span: Span) -> Expr {
        let mut e = Expr::Ref(VarRef {
            loc: VarLoc::Local(self.slot),
            boxed: false,
            checked: false,
            name: rt::NIL,
            span,
        });
        for &car in &path.0 {
            let f = if car { a.prims.car } else { a.prims.cdr };
            e = Expr::Call { callee: Box::new(Expr::Const(f)), args: vec![e], tail: false, span };
        }
        e
    }

    fn call(&self, f: Val, args: Vec<Expr>, span: Span) -> Expr {
        Expr::Call { callee: Box::new(Expr::Const(f)), args, tail: false, span }
    }

    fn equal_to(&mut self, a: &Analyzer, path: &Path, value: Val, span: Span) {
        let here = self.access(a, path, span);
        self.tests.push(self.call(a.prims.equalp, vec![here, Expr::Const(value)], span));
    }

    fn pattern(&mut self, a: &mut Analyzer, pat: &Datum, path: Path, host: &mut dyn Host) -> R<()> {
        let span = pat.span;
        match &pat.kind {
            DatumKind::Symbol(s) if *s == a.sym.underscore => Ok(()),
            DatumKind::Symbol(s) => {
                if a.scopes.lookup(*s).is_none() {
                    if let Some(c) =
                        a.globals.get(*s).and_then(|g| a.globals.info[g as usize].known_constant())
                    {
                        self.equal_to(a, &path, c, span);
                        return Ok(());
                    }
                    // a C constant (SDL_QUIT) compares by value too
                    if let Some(c) = a.c_constant(*s, host) {
                        self.equal_to(a, &path, c, span);
                        return Ok(());
                    }
                }
                if self.names.contains(s) {
                    return Err(Diag::new(
                        format!("match: {} appears twice in one pattern", rt::symbol_name(*s)),
                        span,
                    ));
                }
                self.names.push(*s);
                let b = a.scopes.declare(*s, false);
                let value = self.access(a, &path, span);
                self.binds.push(Expr::Bind {
                    slot: a.scopes.bindings[b].slot,
                    boxed: false,
                    value: Box::new(value),
                });
                Ok(())
            }
            DatumKind::List(items, tail) => {
                if let [head, x] = &items[..] {
                    if tail.is_none() && head.is_symbol(a.sym.quote) {
                        self.equal_to(a, &path, convert::constant(x), span);
                        return Ok(());
                    }
                }
                let mut p = path;
                for item in items.iter() {
                    let here = self.access(a, &p, item.span);
                    self.tests.push(self.call(a.prims.pairp, vec![here], item.span));
                    let mut car = p.clone();
                    car.0.push(true);
                    self.pattern(a, item, car, host)?;
                    p.0.push(false);
                }
                match tail {
                    Some(t) => self.pattern(a, t, p, host),
                    None => {
                        self.equal_to(a, &p, rt::NIL, span);
                        Ok(())
                    }
                }
            }
            DatumKind::Vector(_) | DatumKind::Value(_) => {
                Err(Diag::new("match: vector patterns are not supported", span))
            }
            _ => {
                let c = convert::constant(pat);
                self.equal_to(a, &path, c, span);
                Ok(())
            }
        }
    }
}
