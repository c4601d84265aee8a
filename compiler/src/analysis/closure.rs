//! Closure conversion and boxing: a lambda's parameters, what it captures
//! from the procedures around it, and which of its variables live in boxes
//! (captured and assigned), fixed up once the whole lambda is known.

use super::ir::{Capture, Expr, Lambda, LambdaId, VarLoc, VarRef};
use super::{Analyzer, Host, Named, R};
use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};

impl Analyzer {
    pub(super) fn new_lambda(&mut self, name: Option<Val>, span: Span) -> LambdaId {
        let id = self.lambdas.len() as LambdaId;
        self.lambdas.push(Lambda {
            name,
            span,
            nparams: 0,
            rest: false,
            frame_size: 0,
            boxed_params: vec![],
            captures: vec![],
            body: Expr::Const(rt::NIL),
        });
        id
    }

    pub(super) fn finish_lambda(
        &mut self,
        id: LambdaId,
        nparams: u32,
        rest: bool,
        frame_size: u32,
        captures: Vec<Capture>,
        body: Expr,
    ) {
        let l = &mut self.lambdas[id as usize];
        l.nparams = nparams;
        l.rest = rest;
        l.frame_size = frame_size;
        l.captures = captures;
        l.body = body;
    }

    /// Parameters: `(a b)`, `[a b]`, `(a &rest r)`, `(a . r)`, or `args`.
    pub(super) fn params(&self, p: &Datum) -> R<(Vec<Named>, Option<Named>)> {
        let bad = |d: &Datum| Diag::new(format!("bad parameter list: {}", d.show()), d.span);
        let (items, tail): (&[Datum], Option<&Datum>) = match &p.kind {
            DatumKind::Nil => (&[], None),
            DatumKind::Symbol(s) => return Ok((vec![], Some((*s, p.span)))),
            DatumKind::List(items, tail) => (items, tail.as_deref()),
            DatumKind::Vector(items) => (items, None),
            _ => return Err(bad(p)),
        };
        let mut req = Vec::new();
        let mut rest = None;
        let mut k = 0;
        while k < items.len() {
            let s = items[k].as_symbol().ok_or_else(|| bad(&items[k]))?;
            if s == self.sym.rest {
                let r = items.get(k + 1).and_then(|d| d.as_symbol()).ok_or_else(|| bad(p))?;
                if k + 2 != items.len() || tail.is_some() {
                    return Err(bad(p));
                }
                rest = Some((r, items[k + 1].span));
                break;
            }
            if req.iter().any(|(n, _)| *n == s) {
                return Err(Diag::new(
                    format!("duplicate parameter {}", rt::symbol_name(s)),
                    items[k].span,
                ));
            }
            req.push((s, items[k].span));
            k += 1;
        }
        if let Some(t) = tail {
            rest = Some((t.as_symbol().ok_or_else(|| bad(t))?, t.span));
        }
        Ok((req, rest))
    }

    pub(super) fn lambda(
        &mut self,
        name: Option<Val>,
        params: &Datum,
        body: &[Datum],
        span: Span,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let (req, rest) = self.params(params)?;
        let id = self.new_lambda(name, span);
        self.scopes.enter_fn(id);
        for (p, _) in &req {
            self.scopes.declare(*p, false);
        }
        if let Some((r, _)) = rest {
            self.scopes.declare(r, false);
        }
        let body = self.body(body, true, host);
        let (frame_size, captures) = self.scopes.leave_fn();
        let body = body?;
        self.finish_lambda(id, req.len() as u32, rest.is_some(), frame_size, captures, body);
        Ok(Expr::MakeClosure(id))
    }

    /// Now that every binding of the procedures made since `first` is
    /// known to be captured and/or assigned, mark which live in boxes.
    pub(super) fn fix_boxes(&mut self, first: usize) {
        let scopes = &self.scopes;
        let boxed_slot = |l: LambdaId, s: u32| {
            scopes.slot_binding.get(&(l, s)).is_some_and(|&b| scopes.bindings[b].boxed())
        };
        let boxed_free = |l: LambdaId, i: u32| {
            scopes.free_binding.get(&(l, i)).is_some_and(|&b| scopes.bindings[b].boxed())
        };
        for id in first..self.lambdas.len() {
            let l = id as LambdaId;
            let lam = &mut self.lambdas[id];
            let nparams = lam.nparams + lam.rest as u32;
            lam.boxed_params = (0..nparams).filter(|&s| boxed_slot(l, s)).collect();
            fix_expr(&mut lam.body, l, &boxed_slot, &boxed_free);
        }
    }
}

fn fix_expr(
    e: &mut Expr,
    l: LambdaId,
    boxed_slot: &dyn Fn(LambdaId, u32) -> bool,
    boxed_free: &dyn Fn(LambdaId, u32) -> bool,
) {
    let fix_ref = |r: &mut VarRef| {
        r.boxed = match r.loc {
            VarLoc::Local(s) => boxed_slot(l, s),
            VarLoc::Free(i) => boxed_free(l, i),
            VarLoc::Global(_) => false,
        }
    };
    let rec = |e: &mut Expr| fix_expr(e, l, boxed_slot, boxed_free);
    match e {
        Expr::Const(_) | Expr::MakeClosure(_) => {}
        Expr::Ref(r) => fix_ref(r),
        Expr::Set(r, v) => {
            fix_ref(r);
            rec(v);
        }
        Expr::DefineGlobal { value, .. } => rec(value),
        Expr::Bind { slot, boxed, value } => {
            *boxed = boxed_slot(l, *slot);
            rec(value);
        }
        Expr::Declare { slot, boxed } => *boxed = boxed_slot(l, *slot),
        Expr::If(c, t, f) => {
            rec(c);
            rec(t);
            rec(f);
        }
        Expr::Seq(es) => es.iter_mut().for_each(rec),
        Expr::Call { callee, args, .. } => {
            rec(callee);
            args.iter_mut().for_each(rec);
        }
        Expr::CCall { args, .. } => args.iter_mut().for_each(rec),
        Expr::Callback { proc, .. } => rec(proc),
        Expr::While(c, b) => {
            rec(c);
            rec(b);
        }
        Expr::Try { body, slot, boxed, handler } => {
            *boxed = boxed_slot(l, *slot);
            rec(body);
            rec(handler);
        }
    }
}
