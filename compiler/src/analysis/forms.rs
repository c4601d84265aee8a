//! Expressions and the special forms: references, calls, `define`,
//! `set!`, `if`, `let` and its kin, bodies, `try` and `match`.

use super::globals::Arity;
use super::ir::{Expr, LambdaId, VarLoc, VarRef};
use super::{pattern, Analyzer, Definition, GlobalCall, Host, R};
use crate::diag::Diag;
use crate::expand::convert;
use crate::expand::quasi::Quasi;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use crate::syntax::reader::MAX_NESTING;
use elle_runtime::{self as rt, Val};

impl Analyzer {
    pub(super) fn expr(&mut self, d: &Datum, tail: bool, host: &mut dyn Host) -> R<Expr> {
        // expansions can nest deeper than the reader allows
        self.depth += 1;
        let e = if self.depth > MAX_NESTING {
            Err(Diag::new(
                format!("the expression nests more than {MAX_NESTING} levels deep"),
                d.span,
            ))
        } else {
            self.expr_here(d, tail, host)
        };
        self.depth -= 1;
        e
    }

    pub(super) fn expr_here(&mut self, d: &Datum, tail: bool, host: &mut dyn Host) -> R<Expr> {
        match &d.kind {
            DatumKind::Symbol(s) => match self.c_reference(*s, d.span, host)? {
                Some(e) => Ok(e),
                None => self.reference(*s, d.span),
            },
            DatumKind::Nil => Ok(Expr::Const(rt::NIL)),
            DatumKind::List(items, None) => self.compound(d, items, tail, host),
            DatumKind::List(_, Some(_)) => {
                Err(Diag::new("a dotted list cannot be evaluated", d.span))
            }
            DatumKind::Value(v) => Ok(Expr::Const(*v)),
            _ => Ok(Expr::Const(convert::constant(d))),
        }
    }

    pub(super) fn reference(&mut self, name: Val, span: Span) -> R<Expr> {
        if let Some(b) = self.scopes.lookup(name) {
            let loc = self.scopes.locate(b);
            let checked = self.scopes.bindings[b].checked;
            return Ok(Expr::Ref(VarRef { loc, boxed: false, checked, name, span }));
        }
        if self.macros.contains_key(&name) {
            return Err(Diag::new(
                format!("{} is a macro and cannot be used as a value", rt::symbol_name(name)),
                span,
            ));
        }
        let g = self.use_global(name, span);
        Ok(Expr::Ref(VarRef { loc: VarLoc::Global(g), boxed: false, checked: true, name, span }))
    }

    pub(super) fn use_global(&mut self, name: Val, span: Span) -> u32 {
        // the prelude calls the built-ins themselves, whatever a program redefines
        let alias = if Some(span.file) == self.prelude_file {
            self.globals.builtin_alias(name)
        } else {
            None
        };
        let g = alias.unwrap_or_else(|| self.globals.intern(name));
        let info = &mut self.globals.info[g as usize];
        if info.first_use.is_none() {
            info.first_use = Some(span);
        }
        self.used_globals.push((g, span));
        g
    }

    pub(super) fn compound(
        &mut self,
        d: &Datum,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let head = &items[0];
        if let Some(h) = head.as_symbol() {
            if self.scopes.lookup(h).is_none() {
                if let Some(e) = self.special(h, d, items, tail, host)? {
                    return Ok(e);
                }
                if let Some(&t) = self.macros.get(&h) {
                    let expanded = self.expand_macro(d, t, host)?;
                    return self.expr(&expanded, tail, host);
                }
                if let Some(e) = self.ffi_form(d, items, host)? {
                    return Ok(e);
                }
                if let Some(e) = self.c_call(d, items, host)? {
                    return Ok(e);
                }
            }
        }
        let callee = self.expr(head, false, host)?;
        if let Expr::Ref(VarRef { loc: VarLoc::Global(g), .. }) = callee {
            if Some(g) == self.globals.get(rt::intern("%ffi-safety")) {
                if let Some(why) = host.cimports().target.system.uncatchable_crashes() {
                    return Err(Diag::new(
                        format!(
                            "with-ffi-safety-checks is not available on {}: {why}",
                            host.cimports().target.name
                        ),
                        d.span,
                    ));
                }
            }
            self.global_calls.push(GlobalCall {
                global: g,
                argc: (items.len() - 1) as u32,
                span: d.span,
            });
        }
        let args = items[1..].iter().map(|a| self.expr(a, false, host)).collect::<R<Vec<_>>>()?;
        Ok(Expr::Call { callee: Box::new(callee), args, tail, span: d.span })
    }

    /// A special form, if `head` names one.
    pub(super) fn special(
        &mut self,
        head: Val,
        d: &Datum,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Option<Expr>> {
        let s = &self.sym;
        let span = d.span;
        let e = if head == s.quote {
            let [_, x] = items else { return Err(Diag::new("quote takes one datum", span)) };
            Expr::Const(convert::constant(x))
        } else if head == s.quasiquote {
            let [_, x] = items else { return Err(Diag::new("quasiquote takes one datum", span)) };
            let built = Quasi { prims: &self.prims }.expand(x, 1)?;
            self.expr(&built, tail, host)?
        } else if head == s.unquote || head == s.unquote_splicing {
            return Err(Diag::new(
                format!("{} outside of a quasiquote", rt::symbol_name(head)),
                span,
            ));
        } else if head == s.if_ {
            let (c, t, e) = match items {
                [_, c, t] => (c, t, None),
                [_, c, t, e] => (c, t, Some(e)),
                _ => return Err(Diag::new("if: expected (if test then [else])", span)),
            };
            let c = self.expr(c, false, host)?;
            let t = self.expr(t, tail, host)?;
            let e = match e {
                Some(e) => self.expr(e, tail, host)?,
                None => Expr::Const(rt::NIL),
            };
            Expr::If(Box::new(c), Box::new(t), Box::new(e))
        } else if head == s.define {
            self.define(d, items, host)?
        } else if head == s.set {
            let [_, name, value] = items else {
                return Err(Diag::new("set!: expected (set! name value)", span));
            };
            let n = name
                .as_symbol()
                .ok_or_else(|| Diag::new("set!: the target must be a variable name", name.span))?;
            let value = self.expr(value, false, host)?;
            let target = self.assign_target(n, name.span)?;
            Expr::Set(target, Box::new(value))
        } else if head == s.fn_ || head == s.lambda {
            if items.len() < 3 {
                return Err(Diag::new(
                    format!(
                        "{}: expected ({} (params...) body...)",
                        rt::symbol_name(head),
                        rt::symbol_name(head)
                    ),
                    span,
                ));
            }
            self.lambda(None, &items[1], &items[2..], span, host)?
        } else if head == s.let_ {
            self.let_form(d, items, tail, host)?
        } else if head == s.begin {
            self.body(&items[1..], tail, host)?
        } else if head == s.while_ {
            if items.len() < 2 {
                return Err(Diag::new("while: expected (while test body...)", span));
            }
            let c = self.expr(&items[1], false, host)?;
            let b = self.body(&items[2..], false, host)?;
            Expr::While(Box::new(c), Box::new(b))
        } else if head == s.match_ {
            self.match_form(d, items, tail, host)?
        } else if head == s.try_ {
            self.try_form(d, items, host)?
        } else if head == s.define_record_type || head == s.define_values {
            return Err(Diag::new(
                format!("{} is only allowed at top level or in a body", rt::symbol_name(head)),
                span,
            ));
        } else if head == s.defmacro || head == s.include || head == s.import {
            return Err(Diag::new(
                format!("{} is only allowed at top level", rt::symbol_name(head)),
                span,
            ));
        } else if head == s.catch {
            return Err(Diag::new("catch is only allowed as the last form of a try", span));
        } else {
            return Ok(None);
        };
        Ok(Some(e))
    }

    pub(super) fn assign_target(&mut self, n: Val, span: Span) -> R<VarRef> {
        if let Some(b) = self.scopes.lookup(n) {
            self.scopes.bindings[b].assigned = true;
            let loc = self.scopes.locate(b);
            return Ok(VarRef { loc, boxed: false, checked: false, name: n, span });
        }
        let g = self.use_global(n, span);
        self.globals.info[g as usize].assignments += 1;
        Ok(VarRef { loc: VarLoc::Global(g), boxed: false, checked: true, name: n, span })
    }

    /// `(define name value)` or `(define (name params...) body...)`: the
    /// name and the analysed value.
    pub(super) fn definition(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Definition> {
        let bad = || {
            Diag::new(
                "define: expected (define name value) or (define (name params...) body...)",
                d.span,
            )
        };
        let target = items.get(1).ok_or_else(bad)?;
        match &target.kind {
            DatumKind::Symbol(n) => {
                let value = match items {
                    [_, _] => Expr::Const(rt::NIL),
                    [_, _, v] => {
                        // a global names a library for the ffi-calls after it
                        let top = self.scopes.at_top();
                        match self.library_form(v, host)? {
                            Some((index, value)) if top => {
                                self.library_names.insert(*n, index);
                                value
                            }
                            Some((_, value)) => value,
                            None => {
                                self.library_names.remove(n);
                                self.named_value(*n, v, host)?
                            }
                        }
                    }
                    _ => return Err(bad()),
                };
                let arity = match &value {
                    Expr::MakeClosure(id) => Some(self.arity_of(*id)),
                    _ => None,
                };
                let constant = match (&value, items.get(2).map(|v| &v.kind)) {
                    (Expr::Const(c), Some(k)) if !matches!(k, DatumKind::List(..)) => Some(*c),
                    _ => None,
                };
                Ok((*n, target.span, value, arity, constant))
            }
            DatumKind::List(parts, tail) => {
                let n = parts[0].as_symbol().ok_or_else(bad)?;
                if items.len() < 3 {
                    return Err(Diag::new("define: the procedure has no body", d.span));
                }
                let params =
                    Datum::new(DatumKind::List(parts[1..].into(), tail.clone()), target.span);
                let params = if parts.len() == 1 && tail.is_none() {
                    Datum::new(DatumKind::Nil, target.span)
                } else if parts.len() == 1 {
                    (**tail.as_ref().expect("checked")).clone()
                } else {
                    params
                };
                let value = self.lambda(Some(n), &params, &items[2..], d.span, host)?;
                let arity = match &value {
                    Expr::MakeClosure(id) => Some(self.arity_of(*id)),
                    _ => None,
                };
                Ok((n, parts[0].span, value, arity, None))
            }
            _ => Err(bad()),
        }
    }

    pub(super) fn arity_of(&self, id: LambdaId) -> Arity {
        let l = &self.lambdas[id as usize];
        Arity { min: l.nparams, max: if l.rest { None } else { Some(l.nparams) } }
    }

    /// Analyse a value bound to `name`, naming it if it is a procedure.
    pub(super) fn named_value(&mut self, name: Val, v: &Datum, host: &mut dyn Host) -> R<Expr> {
        if let Some(items) = v.as_list() {
            if let Some(h) = items[0].as_symbol() {
                if (h == self.sym.fn_ || h == self.sym.lambda)
                    && items.len() >= 3
                    && self.scopes.lookup(h).is_none()
                {
                    return self.lambda(Some(name), &items[1], &items[2..], v.span, host);
                }
            }
        }
        self.expr(v, false, host)
    }

    pub(super) fn define(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        if !self.scopes.at_top() {
            return Err(Diag::new(
                "define is only allowed at top level or at the start of a body",
                d.span,
            ));
        }
        let (name, _, value, arity, constant) = self.definition(d, items, host)?;
        Ok(self.define_global(name, value, arity, constant))
    }

    pub(super) fn define_global(
        &mut self,
        name: Val,
        value: Expr,
        arity: Option<Arity>,
        constant: Option<Val>,
    ) -> Expr {
        self.macros.remove(&name);
        let g = self.globals.intern(name);
        let info = &mut self.globals.info[g as usize];
        info.definitions += 1;
        info.arity = arity;
        info.constant = constant;
        info.record_fields = None;
        Expr::DefineGlobal { index: g, name, value: Box::new(value) }
    }

    /// A body: a sequence of forms where `define`s (anywhere in it) and
    /// body-level `(let name value)` bind names for the forms after them.
    pub(super) fn body(&mut self, forms: &[Datum], tail: bool, host: &mut dyn Host) -> R<Expr> {
        if forms.is_empty() {
            return Ok(Expr::Const(rt::NIL));
        }
        let top = self.scopes.at_top();
        let expanded = if top { None } else { self.body_definitions(forms)? };
        let forms = expanded.as_deref().unwrap_or(forms);
        let mut seq = Vec::new();
        if !top {
            self.scopes.push();
            // internal defines are visible in the whole body (letrec*)
            for f in forms {
                if let Some(n) = self.defined_name(f) {
                    if self.scopes.lookup_here(n) {
                        self.scopes.pop();
                        return Err(Diag::new(
                            format!("{} is defined twice in this body", rt::symbol_name(n)),
                            f.span,
                        ));
                    }
                    let b = self.scopes.declare(n, true);
                    seq.push(Expr::Declare { slot: self.scopes.bindings[b].slot, boxed: false });
                }
            }
        }
        let result = self.body_forms(forms, tail, top, host);
        if !top {
            self.scopes.pop();
        }
        seq.extend(result?);
        Ok(if seq.len() == 1 { seq.pop().expect("one") } else { Expr::Seq(seq) })
    }

    pub(super) fn body_forms(
        &mut self,
        forms: &[Datum],
        tail: bool,
        top: bool,
        host: &mut dyn Host,
    ) -> R<Vec<Expr>> {
        let mut seq = Vec::with_capacity(forms.len());
        for (k, f) in forms.iter().enumerate() {
            let last = k + 1 == forms.len();
            if let Some(items) = f.as_list() {
                if items[0].is_symbol(self.sym.define)
                    && !top
                    && self.scopes.lookup(self.sym.define).is_none()
                {
                    let (name, span, value, _, _) = self.definition(f, items, host)?;
                    let b = self.scopes.lookup(name).expect("declared by the pre-scan");
                    let loc = self.scopes.locate(b);
                    let target = VarRef { loc, boxed: false, checked: false, name, span };
                    seq.push(Expr::Set(target, Box::new(value)));
                    continue;
                }
                if let Some((name, value)) = self.body_let(items) {
                    let value = self.named_value(name, value, host)?;
                    if top {
                        seq.push(self.define_global(name, value, None, None));
                    } else {
                        let b = self.scopes.declare(name, false);
                        let slot = self.scopes.bindings[b].slot;
                        seq.push(Expr::Bind { slot, boxed: false, value: Box::new(value) });
                    }
                    continue;
                }
            }
            seq.push(self.expr(f, tail && last, host)?);
        }
        Ok(seq)
    }

    /// `(let name value)`: the roadmap's binding for the rest of the body.
    pub(super) fn body_let<'d>(&self, items: &'d [Datum]) -> Option<(Val, &'d Datum)> {
        match items {
            [head, name, value]
                if head.is_symbol(self.sym.let_) && self.scopes.lookup(self.sym.let_).is_none() =>
            {
                name.as_symbol().map(|n| (n, value))
            }
            _ => None,
        }
    }

    pub(super) fn defined_name(&self, f: &Datum) -> Option<Val> {
        let items = f.as_list()?;
        if !items[0].is_symbol(self.sym.define) {
            return None;
        }
        match &items.get(1)?.kind {
            DatumKind::Symbol(n) => Some(*n),
            DatumKind::List(parts, _) => parts[0].as_symbol(),
            _ => None,
        }
    }

    /// `(let ((name value)...) body...)`, named `(let loop ((name value)...) body...)`.
    pub(super) fn let_form(
        &mut self,
        d: &Datum,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let span = d.span;
        if let Some((name, _)) = self.body_let(items) {
            return Err(Diag::new(
                format!(
                    "(let {} value) binds for the rest of a body; here it is not in a body",
                    rt::symbol_name(name)
                ),
                span,
            ));
        }
        if let Some(loop_name) = items.get(1).and_then(|x| x.as_symbol()) {
            return self.named_let(d, loop_name, items, tail, host);
        }
        let bindings = items
            .get(1)
            .ok_or_else(|| Diag::new("let: expected (let ((name value)...) body...)", span))?;
        let pairs = self.let_bindings(bindings)?;
        let values =
            pairs.iter().map(|(n, v)| self.named_value(*n, v, host)).collect::<R<Vec<_>>>()?;
        self.scopes.push();
        let mut seq = Vec::new();
        for ((n, _), v) in pairs.iter().zip(values) {
            let b = self.scopes.declare(*n, false);
            seq.push(Expr::Bind {
                slot: self.scopes.bindings[b].slot,
                boxed: false,
                value: Box::new(v),
            });
        }
        let body = self.body(&items[2..], tail, host);
        self.scopes.pop();
        seq.push(body?);
        // `(let () body)` is its body: no node for the interpreter to walk
        Ok(if seq.len() == 1 { seq.pop().expect("one") } else { Expr::Seq(seq) })
    }

    pub(super) fn let_bindings<'d>(&self, bindings: &'d Datum) -> R<Vec<(Val, &'d Datum)>> {
        let bad = |d: &Datum| Diag::new(format!("let: bad binding {}", d.show()), d.span);
        let list: &[Datum] = match &bindings.kind {
            DatumKind::Nil => &[],
            DatumKind::List(items, None) | DatumKind::Vector(items) => items,
            _ => return Err(bad(bindings)),
        };
        let mut out = Vec::new();
        for b in list {
            match b.as_list() {
                Some([n, v]) => out.push((n.as_symbol().ok_or_else(|| bad(b))?, v)),
                _ => return Err(bad(b)),
            }
        }
        Ok(out)
    }

    /// `(let loop ((i 0)) body)` is `((letrec ((loop (fn (i) body))) loop) 0)`.
    pub(super) fn named_let(
        &mut self,
        d: &Datum,
        name: Val,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let span = d.span;
        let bindings = items
            .get(2)
            .ok_or_else(|| Diag::new("let: expected (let name ((var init)...) body...)", span))?;
        let pairs = self.let_bindings(bindings)?;
        let inits = pairs.iter().map(|(_, v)| self.expr(v, false, host)).collect::<R<Vec<_>>>()?;
        let params = Datum::list(
            pairs.iter().map(|(n, v)| Datum::new(DatumKind::Symbol(*n), v.span)).collect(),
            bindings.span,
        );
        self.scopes.push();
        let b = self.scopes.declare(name, true);
        let slot = self.scopes.bindings[b].slot;
        let lam = self.lambda(Some(name), &params, &items[3..], span, host);
        let loop_ref = self.reference(name, span);
        self.scopes.pop();
        let (lam, loop_ref) = (lam?, loop_ref?);
        let target = VarRef { loc: VarLoc::Local(slot), boxed: false, checked: false, name, span };
        Ok(Expr::Seq(vec![
            Expr::Declare { slot, boxed: false },
            Expr::Set(target, Box::new(lam)),
            Expr::Call { callee: Box::new(loop_ref), args: inits, tail, span },
        ]))
    }

    pub(super) fn try_form(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let span = d.span;
        let bad = || Diag::new("try: expected (try body... (catch name handler...))", span);
        let (last, body) = items[1..].split_last().ok_or_else(bad)?;
        let catch = last.as_list().filter(|c| c[0].is_symbol(self.sym.catch)).ok_or_else(bad)?;
        let var = catch.get(1).ok_or_else(bad)?;
        let var = match var.as_list() {
            Some([v]) => v,
            _ => var,
        };
        let name = var
            .as_symbol()
            .ok_or_else(|| Diag::new("catch: expected a variable name for the error", var.span))?;
        // the body is not in tail position: the handler stays active around it
        let body = self.body(body, false, host)?;
        self.scopes.push();
        let b = self.scopes.declare(name, false);
        let slot = self.scopes.bindings[b].slot;
        let handler = self.body(&catch[2..], false, host).map(|handler| {
            // a program's handler hands call/ec's escapes on; the prelude's
            // (call/ec itself, %finally's cleanups) see them
            if Some(span.file) == self.prelude_file {
                return handler;
            }
            let loc = self.scopes.locate(b);
            let error = || Expr::Ref(VarRef { loc, boxed: false, checked: false, name, span });
            let call = |f: Val, args| Expr::Call {
                callee: Box::new(Expr::Const(f)),
                args,
                tail: false,
                span,
            };
            let escaping = call(self.prims.escapingp, vec![error()]);
            Expr::If(
                Box::new(escaping),
                Box::new(call(self.prims.raise, vec![error()])),
                Box::new(handler),
            )
        });
        self.scopes.pop();
        Ok(Expr::Try { body: Box::new(body), slot, boxed: false, handler: Box::new(handler?) })
    }

    pub(super) fn match_form(
        &mut self,
        d: &Datum,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let span = d.span;
        let subject = items
            .get(1)
            .ok_or_else(|| Diag::new("match: expected (match value (pattern body...)...)", span))?;
        let subject = self.expr(subject, false, host)?;
        self.scopes.push();
        let tmp = self.scopes.fresh_slot();
        let mut clauses = Vec::new();
        for c in &items[2..] {
            let parts = c
                .as_list()
                .ok_or_else(|| Diag::new("match: each clause is (pattern body...)", c.span))?;
            clauses.push((&parts[0], &parts[1..]));
        }
        let no_match = Expr::Call {
            callee: Box::new(Expr::Const(self.prims.error)),
            args: vec![
                Expr::Const(convert::constant(&Datum::new(
                    DatumKind::Str("match: no clause matches".into()),
                    span,
                ))),
                self.slot_ref(tmp, span),
            ],
            tail: false,
            span,
        };
        let mut result = no_match;
        for (pat, body) in clauses.into_iter().rev() {
            self.scopes.push();
            let compiled = pattern::compile(self, pat, tmp, host);
            let body = compiled.and_then(|(test, binds)| {
                let mut seq = binds;
                seq.push(self.body(body, tail, host)?);
                Ok((test, Expr::Seq(seq)))
            });
            self.scopes.pop();
            let (test, body) = body?;
            result = Expr::If(Box::new(test), Box::new(body), Box::new(result));
        }
        self.scopes.pop();
        Ok(Expr::Seq(vec![
            Expr::Bind { slot: tmp, boxed: false, value: Box::new(subject) },
            result,
        ]))
    }

    pub(super) fn slot_ref(&self, slot: u32, span: Span) -> Expr {
        Expr::Ref(VarRef {
            loc: VarLoc::Local(slot),
            boxed: false,
            checked: false,
            name: rt::NIL,
            span,
        })
    }
}
