//! C function-like macros as Elle templates: a header's macro made of calls
//! (`MacroDef::translate`) or a bindings file's `define-c-macro` is a body
//! over its parameters, and an application is that body with each
//! parameter replaced by its argument's expression wherever it appears, as
//! in C.

use super::{Analyzer, Host, R};
use crate::cimport::macro_datum::{datum, Spelling};
use crate::cimport::macros::MacroExpr;
use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};
use std::rc::Rc;

/// How deep C macros may expand into one another.
const MAX_DEPTH: u32 = 64;

/// A macro as a template: its parameters and its body. An object-like
/// macro (`GTK_TYPE_WINDOW`) is a name standing for its body; a
/// function-like one is applied.
#[derive(Clone)]
pub struct Template {
    pub params: Vec<Val>,
    pub body: Datum,
    pub object_like: bool,
}

impl Template {
    /// The template of a translated header macro.
    pub fn of(expr: &MacroExpr, params: &[String], object_like: bool, cx: &Spelling) -> Template {
        Template {
            params: params.iter().map(|p| rt::intern(p)).collect(),
            body: datum(expr, params, Span::default(), cx),
            object_like,
        }
    }
}

/// `body` with each of `params` replaced by its argument; what the
/// template itself contributes is placed at `span`, the application.
fn substitute(body: &Datum, params: &[Val], args: &[Datum], span: Span) -> Datum {
    match &body.kind {
        DatumKind::Symbol(s) => match params.iter().position(|p| p == s) {
            Some(i) => args[i].clone(),
            None => Datum::new(body.kind.clone(), span),
        },
        DatumKind::List(items, tail) => Datum::new(
            DatumKind::List(
                items.iter().map(|d| substitute(d, params, args, span)).collect(),
                tail.as_ref().map(|t| Rc::new(substitute(t, params, args, span))),
            ),
            span,
        ),
        DatumKind::Vector(items) => Datum::new(
            DatumKind::Vector(items.iter().map(|d| substitute(d, params, args, span)).collect()),
            span,
        ),
        k => Datum::new(k.clone(), span),
    }
}

impl Analyzer {
    /// `(MACRO args...)` of C macro `name` whose template is `t`.
    pub(super) fn apply_template(
        &mut self,
        name: &str,
        t: &Template,
        d: &Datum,
        args: &[Datum],
        host: &mut dyn Host,
    ) -> R<super::ir::Expr> {
        if args.len() != t.params.len() {
            let n = t.params.len();
            return Err(Diag::new(
                format!(
                    "the C macro {name} takes {n} argument{}, but is given {}",
                    if n == 1 { "" } else { "s" },
                    args.len()
                ),
                d.span,
            ));
        }
        let e = substitute(&t.body, &t.params, args, d.span);
        self.expand_c_macro(name, &e, host)
    }

    /// `e`, what C macro `name` expanded to, analysed — unless the macros
    /// expand into each other without end (`#define A B`, `#define B A`).
    pub(super) fn expand_c_macro(
        &mut self,
        name: &str,
        e: &Datum,
        host: &mut dyn Host,
    ) -> R<super::ir::Expr> {
        if self.c_macro_depth >= MAX_DEPTH {
            return Err(Diag::new(format!("the C macro {name} expands into macros {MAX_DEPTH} deep: C macros do not expand into themselves"), e.span));
        }
        self.c_macro_depth += 1;
        let r = self.expr(e, false, host);
        self.c_macro_depth -= 1;
        r
    }
}
