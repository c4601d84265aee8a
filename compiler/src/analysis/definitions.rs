//! Forms that stand for several definitions — `define-record-type`
//! (`records.rs`) and `define-values` — at top level and in bodies, where
//! they become the `define`s a body's pre-scan sees.

use super::{Analyzer, R};
use crate::diag::Diag;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::Val;

impl Analyzer {
    /// The head of a definition form of several names, if `f` is one.
    fn several_definitions(&self, f: &Datum) -> Option<Val> {
        let head = f.as_list()?[0].as_symbol()?;
        let s = &self.sym;
        ((head == s.define_record_type || head == s.define_values)
            && self.scopes.lookup(head).is_none())
        .then_some(head)
    }

    /// The `define`s form `f` (headed `head`) stands for.
    pub(super) fn definitions_of(&mut self, head: Val, f: &Datum) -> R<Vec<Datum>> {
        let items = f.as_list().expect("a definition form is a list");
        if head == self.sym.define_record_type {
            self.record_form_definitions(f, items)
        } else {
            self.values_definitions(f, items)
        }
    }

    /// A body's forms with each definition form replaced by the
    /// definitions it stands for; `None` when there is none.
    pub(super) fn body_definitions(&mut self, forms: &[Datum]) -> R<Option<Vec<Datum>>> {
        if !forms.iter().any(|f| self.several_definitions(f).is_some()) {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(forms.len());
        for f in forms {
            match self.several_definitions(f) {
                Some(head) => out.extend(self.definitions_of(head, f)?),
                None => out.push(f.clone()),
            }
        }
        Ok(Some(out))
    }

    /// `(define-values formals expression)`: the values go into a list in a
    /// hidden variable (a name no program can write: it holds a space), and
    /// each name is defined from it, so each is defined once. Formals are
    /// `(a b)`, `(a b . rest)`, `(a b &rest rest)` or `rest`.
    fn values_definitions(&mut self, form: &Datum, items: &[Datum]) -> R<Vec<Datum>> {
        let [_, formals, expr] = items else {
            return Err(Diag::new(
                "define-values: expected (define-values formals expression)",
                form.span,
            ));
        };
        let bad = |d: &Datum| {
            Diag::new(
                format!(
                    "define-values: formals are (name...), (name... . rest) or a name, not {}",
                    d.show()
                ),
                d.span,
            )
        };
        let (names, rest) = match &formals.kind {
            DatumKind::Symbol(r) => (vec![], Some(*r)),
            DatumKind::Nil => (vec![], None),
            DatumKind::List(parts, tail) => {
                let mut names = Vec::new();
                let mut rest = match tail {
                    Some(t) => Some(t.as_symbol().ok_or_else(|| bad(t))?),
                    None => None,
                };
                let mut parts = parts.iter();
                while let Some(p) = parts.next() {
                    let n = p.as_symbol().ok_or_else(|| bad(p))?;
                    if n == self.sym.rest && rest.is_none() {
                        let r = parts.next().ok_or_else(|| bad(formals))?;
                        rest = Some(r.as_symbol().ok_or_else(|| bad(r))?);
                        if parts.next().is_some() {
                            return Err(bad(formals));
                        }
                    } else {
                        names.push(n);
                    }
                }
                (names, rest)
            }
            _ => return Err(bad(formals)),
        };
        let span = form.span;
        self.hidden_names += 1;
        let hidden = Datum::sym(&format!(" values {}", self.hidden_names), span);
        let value = |v: Val| Datum::new(DatumKind::Value(v), span);
        let list = |items: Vec<Datum>| Datum::list(items, span);
        let define =
            |name: Datum, value: Datum| list(vec![Datum::sym("define", span), name, value]);
        let p = &self.prims;
        let n = names.len();
        let count = Datum::new(DatumKind::Int(n as i128), span);
        let tmp = Datum::sym(" value", span);
        let who = list(vec![Datum::sym("quote", span), Datum::sym("define-values", span)]);
        // (let ((tmp expr)) (%values-check tmp n rest 'define-values) (%values-list tmp 0))
        let taken = list(vec![
            Datum::sym("let", span),
            list(vec![list(vec![tmp.clone(), expr.clone()])]),
            list(vec![
                value(p.values_check),
                tmp.clone(),
                count,
                Datum::new(DatumKind::Bool(rest.is_some()), span),
                who,
            ]),
            list(vec![value(p.values_list), tmp, Datum::new(DatumKind::Int(0), span)]),
        ]);
        let mut defs = vec![define(hidden.clone(), taken)];
        // the k-th tail of the list
        let tail = |k: usize| (0..k).fold(hidden.clone(), |l, _| list(vec![value(p.cdr), l]));
        for (i, &name) in names.iter().enumerate() {
            let sym = Datum::new(DatumKind::Symbol(name), span);
            defs.push(define(sym, list(vec![value(p.car), tail(i)])));
        }
        if let Some(r) = rest {
            defs.push(define(Datum::new(DatumKind::Symbol(r), span), tail(n)));
        }
        Ok(defs)
    }
}
