//! `match` patterns to tests and bindings.
//!
//! A pattern is `_`, a literal, `'datum`, a list pattern (with an optional
//! dotted tail), a record pattern `(<point> x y)` (a list whose head names
//! a record type: one pattern per field, in the type's order), or a
//! symbol. A symbol naming a known constant compares by value
//! (`SDL_QUIT`); any other symbol binds the matched value.

use super::ir::{Expr, VarLoc, VarRef};
use super::{Analyzer, Host, R};
use crate::diag::Diag;
use crate::expand::convert;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};

/// A position in the matched value: steps from the subject.
#[derive(Clone)]
struct Path(Vec<Step>);

#[derive(Clone, Copy)]
enum Step {
    Car,
    Cdr,
    /// field `index` of a record of the type in global `type_global`
    Field {
        type_global: u32,
        index: u32,
        name: Val,
    },
}

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
        for &step in &path.0 {
            e = match step {
                Step::Car => self.call(a.prims.car, vec![e], span),
                Step::Cdr => self.call(a.prims.cdr, vec![e], span),
                Step::Field { type_global, index, name } => {
                    let args = vec![
                        e,
                        record_type(type_global, name, span),
                        Expr::Const(rt::fixnum(index as i64)),
                        Expr::Const(name),
                    ];
                    self.call(a.prims.record_ref, args, span)
                }
            };
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
                if let Some((type_global, fields)) = record_head(a, &items[0]) {
                    return self.record(a, pat, &items[1..], tail, path, type_global, fields, host);
                }
                let mut p = path;
                for item in items.iter() {
                    let here = self.access(a, &p, item.span);
                    self.tests.push(self.call(a.prims.pairp, vec![here], item.span));
                    let mut car = p.clone();
                    car.0.push(Step::Car);
                    self.pattern(a, item, car, host)?;
                    p.0.push(Step::Cdr);
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

impl Matcher {
    /// `(<point> x y)`: the value is a record of the type, and each field
    /// matches its pattern.
    #[allow(clippy::too_many_arguments)] // the pattern's parts
    fn record(
        &mut self,
        a: &mut Analyzer,
        pat: &Datum,
        subpatterns: &[Datum],
        tail: &Option<std::rc::Rc<Datum>>,
        path: Path,
        type_global: u32,
        fields: Vec<Val>,
        host: &mut dyn Host,
    ) -> R<()> {
        let span = pat.span;
        let type_name = a.globals.info[type_global as usize].name;
        if tail.is_some() || subpatterns.len() != fields.len() {
            return Err(Diag::new(
                format!(
                    "match: a {} pattern has one pattern for each of its {} fields ({})",
                    rt::symbol_name(type_name),
                    fields.len(),
                    fields.iter().map(|&f| rt::symbol_name(f)).collect::<Vec<_>>().join(" ")
                ),
                span,
            ));
        }
        let here = self.access(a, &path, span);
        let test = vec![here, record_type(type_global, type_name, span)];
        self.tests.push(self.call(a.prims.recordp, test, span));
        for (i, p) in subpatterns.iter().enumerate() {
            let mut field = path.clone();
            field.0.push(Step::Field { type_global, index: i as u32, name: type_name });
            self.pattern(a, p, field, host)?;
        }
        Ok(())
    }
}

/// The record type a pattern's head names (a global defined once by
/// `define-record-type`, not shadowed), and its fields.
fn record_head(a: &Analyzer, head: &Datum) -> Option<(u32, Vec<Val>)> {
    let s = head.as_symbol()?;
    if a.scopes.lookup(s).is_some() {
        return None;
    }
    let g = a.globals.get(s)?;
    Some((g, a.globals.info[g as usize].known_record()?.to_vec()))
}

fn record_type(type_global: u32, name: Val, span: Span) -> Expr {
    Expr::Ref(VarRef { loc: VarLoc::Global(type_global), boxed: false, checked: true, name, span })
}
