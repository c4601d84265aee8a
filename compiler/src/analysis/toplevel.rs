//! Top-level forms: `begin`, `defmacro`, the definition forms, `include`, macro calls, and the
//! thunks a unit's other forms become.

use super::ir::{Expr, TopLevel};
use super::{Analyzer, Host, R};
use crate::diag::Diag;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};
use std::path::PathBuf;

impl Analyzer {
    pub(super) fn toplevel(
        &mut self,
        form: &Datum,
        host: &mut dyn Host,
        out: &mut Vec<TopLevel>,
    ) -> R<()> {
        if let Some(items) = form.as_list() {
            if let Some(head) = items[0].as_symbol() {
                if head == self.sym.begin {
                    for f in &items[1..] {
                        self.toplevel(f, host, out)?;
                    }
                    return Ok(());
                }
                if head == self.sym.defmacro {
                    return self.defmacro(form, items, host, out);
                }
                if head == self.sym.define_record_type {
                    return self.define_record_type(form, items, host, out);
                }
                if head == self.sym.define_values {
                    for d in self.definitions_of(head, form)? {
                        self.toplevel(&d, host, out)?;
                    }
                    return Ok(());
                }
                if head == self.sym.include || head == self.sym.import {
                    return self.include(form, items, head == self.sym.import, host, out);
                }
                if let Some(&t) = self.macros.get(&head) {
                    let expanded = self.expand_macro(form, t, host)?;
                    return self.toplevel(&expanded, host, out);
                }
            }
            // a body-level `(let x v)` at top level binds for the rest of the
            // file: the file's body is the global scope, so it defines x
            if self.body_let(items).is_some() {
                let mut def = items.to_vec();
                def[0] = Datum::new(DatumKind::Symbol(self.sym.define), items[0].span);
                let def = Datum::new(DatumKind::List(def.into(), None), form.span);
                return self.toplevel(&def, host, out);
            }
        }
        if let Some(top) = self.thunk(form, host)? {
            out.push(top);
        }
        Ok(())
    }

    /// A top-level form as a procedure of no arguments — none for a
    /// constant whose value nobody sees (a C declaration: a bindings file
    /// has thousands).
    pub(super) fn thunk(&mut self, form: &Datum, host: &mut dyn Host) -> R<Option<TopLevel>> {
        let first = self.lambdas.len();
        let id = self.new_lambda(None, form.span);
        self.scopes.enter_fn(id);
        let body = self.expr(form, true, host);
        let (frame_size, captures) = self.scopes.leave_fn();
        let body = body?;
        debug_assert!(captures.is_empty());
        if self.values_unused && matches!(body, Expr::Const(_)) && self.lambdas.len() == first + 1 {
            self.lambdas.pop();
            return Ok(None);
        }
        self.finish_lambda(id, 0, false, frame_size, captures, body);
        self.fix_boxes(first);
        Ok(Some(TopLevel { lambda: id }))
    }

    pub(super) fn defmacro(
        &mut self,
        form: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
        out: &mut Vec<TopLevel>,
    ) -> R<()> {
        let (Some(name), Some(params)) = (items.get(1).and_then(|d| d.as_symbol()), items.get(2))
        else {
            return Err(Diag::new(
                "defmacro: expected (defmacro name (params...) body...)",
                form.span,
            ));
        };
        if items.len() < 4 {
            return Err(Diag::new("defmacro: the macro has no body", form.span));
        }
        let mut lam =
            vec![Datum::new(DatumKind::Symbol(self.sym.fn_), items[0].span), params.clone()];
        lam.extend_from_slice(&items[3..]);
        let lam = Datum::new(DatumKind::List(lam.into(), None), form.span);
        let top = self.thunk(&lam, host)?.expect("a procedure is not a constant");
        let transformer = host.run(&self.lambdas, top)?;
        // SAFETY: transformers live as long as the session.
        unsafe { rt::elle_gc_protect(transformer) };
        self.macros.insert(name, transformer);
        // the form's value is the macro's name
        let quoted = Datum::new(
            DatumKind::List(
                vec![Datum::new(DatumKind::Symbol(self.sym.quote), form.span), items[1].clone()]
                    .into(),
                None,
            ),
            form.span,
        );
        out.extend(self.thunk(&quoted, host)?);
        Ok(())
    }

    pub(super) fn include(
        &mut self,
        form: &Datum,
        items: &[Datum],
        once: bool,
        host: &mut dyn Host,
        out: &mut Vec<TopLevel>,
    ) -> R<()> {
        let what = if once { "import" } else { "include" };
        let [_, path] = items else {
            return Err(Diag::new(format!("{what}: expected ({what} \"file.lisp\")"), form.span));
        };
        let DatumKind::Str(p) = &path.kind else {
            return Err(Diag::new(format!("{what}: the file name must be a string"), path.span));
        };
        let (canonical, forms) = host.read_relative(path.span, p)?;
        if once && !self.imported.insert(canonical.clone()) {
            return Ok(());
        }
        if let Some(k) = self.including.iter().position(|p| *p == canonical) {
            let cwd = std::env::current_dir().unwrap_or_default();
            let shown = |p: &PathBuf| p.strip_prefix(&cwd).unwrap_or(p).display().to_string();
            let chain: Vec<String> =
                self.including[k..].iter().chain([&canonical]).map(shown).collect();
            return Err(Diag::new(
                format!("include cycle: {}", chain.join(" includes ")),
                form.span,
            ));
        }
        self.including.push(canonical);
        let result = forms.iter().try_for_each(|f| self.toplevel(f, host, out));
        self.including.pop();
        result
    }

    pub(super) fn expand_macro(
        &mut self,
        form: &Datum,
        transformer: Val,
        host: &mut dyn Host,
    ) -> R<Datum> {
        let roots = rt::Roots::new();
        let args = match &form.kind {
            DatumKind::List(items, tail) => {
                if items.len() == 1 && tail.is_none() {
                    rt::NIL
                } else if items.len() == 1 {
                    self.converter.to_value(tail.as_ref().expect("checked"))
                } else {
                    self.converter.to_value(&Datum::new(
                        DatumKind::List(items[1..].into(), tail.clone()),
                        form.span,
                    ))
                }
            }
            _ => rt::NIL,
        };
        roots.push(args);
        let result = host.expand(&self.lambdas, transformer, args, form.span)?;
        roots.push(result);
        self.converter.from_value(result, form.span)
    }
}
