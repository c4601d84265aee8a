//! Lowering one lambda's body to its direct function.
//!
//! Frame slots are stack slots (`alloca`), promoted to registers by LLVM's
//! mem2reg from -O1 up. A lowered expression yields its value, or `None`
//! when control does not continue (a tail call was made and returned).

use super::roots::{reaches_safe_point, FrameArray};
use super::{Codegen, Known};
use elle::analysis::ir::{Capture, Expr, Lambda, LambdaId, TopLevel, VarLoc, VarRef};
use elle::source::Span;
use elle_runtime::{self as rt, interface as at};
use inkwell::basic_block::BasicBlock;
use inkwell::module::Linkage;
use inkwell::values::{
    BasicMetadataValueEnum, CallSiteValue, FunctionValue, IntValue, PointerValue,
};
use inkwell::IntPredicate;
use std::cell::Cell;

/// Where a closure's free slot `i` is (elle.h: `ElleClosure.free`).
fn closure_free(i: usize) -> u64 {
    at::CLOSURE_FREE + (std::mem::size_of::<rt::Val>() * i) as u64
}

pub(super) struct FnCx<'ctx> {
    pub f: FunctionValue<'ctx>,
    pub clo: IntValue<'ctx>,
    pub slots: Vec<PointerValue<'ctx>>,
    /// Where an error goes: the enclosing `try`'s handler, or the return.
    pub on_error: BasicBlock<'ctx>,
    /// With -g: the function's debug scope.
    pub scope: Option<super::debug::FnScope<'ctx>>,
    /// Calls in tail position are tail calls (not in top-level forms).
    pub tails: bool,
    /// Lowering the top-level form of this index (in `lower_tops`).
    pub top: Option<usize>,
    /// The function's argument array for primitive calls, and its length:
    /// one array, made as long as the longest call needs, serves them all.
    pub argv: Cell<Option<(PointerValue<'ctx>, u32)>>,
    /// Where the target needs one, the frame array (roots.rs).
    pub frame_array: Option<FrameArray<'ctx>>,
}

impl<'ctx> FnCx<'ctx> {
    pub fn new(
        f: FunctionValue<'ctx>,
        clo: IntValue<'ctx>,
        on_error: BasicBlock<'ctx>,
        scope: Option<super::debug::FnScope<'ctx>>,
        tails: bool,
        frame_array: Option<FrameArray<'ctx>>,
    ) -> FnCx<'ctx> {
        FnCx {
            f,
            clo,
            slots: Vec::new(),
            on_error,
            scope,
            tails,
            top: None,
            argv: Cell::new(None),
            frame_array,
        }
    }
}

pub(super) type Lowered<'ctx> = Result<Option<IntValue<'ctx>>, String>;

impl<'ctx> Codegen<'ctx, '_> {
    pub(super) fn lower_lambda(&mut self, id: LambdaId) -> Result<(), String> {
        let lam = &self.prog.lambdas[id as usize];
        let fns = self.fns[id as usize].expect("a used lambda");
        let f = fns.direct.unwrap_or(fns.entry);
        let name = f.get_name().to_string_lossy().into_owned();
        let clo = f.get_nth_param(0).expect("clo").into_int_value();
        let mut cx = self.open_function(f, &name, lam.span, clo, true, lam.frame_size);
        let params = match fns.direct {
            Some(d) => d.get_param_iter().skip(1).map(|p| p.into_int_value()).collect(),
            None => self.entry_args(lam, f),
        };
        self.frame(&mut cx, lam, &params);
        // deep non-tail recursion is an Elle error, not a crash
        let fa = self
            .b
            .build_call(self.frame_address(), &[self.i32t.const_zero().into()], "fa")
            .expect("call");
        let sp = self
            .b
            .build_ptr_to_int(
                fa.try_as_basic_value().basic().expect("ptr").into_pointer_value(),
                self.sizet,
                "sp",
            )
            .expect("cast");
        let limit = self
            .b
            .build_load(self.sizet, self.rt_global("elle_stack_limit"), "limit")
            .expect("load")
            .into_int_value();
        let deep = self.b.build_int_compare(IntPredicate::ULT, sp, limit, "deep").expect("cmp");
        let (overflow, body) =
            (self.ctx.append_basic_block(f, "overflow"), self.ctx.append_basic_block(f, "body"));
        self.b.build_conditional_branch(deep, overflow, body).expect("br");
        self.b.position_at_end(overflow);
        self.call_rt("elle_raise_stack_overflow", &[]);
        self.b.build_unconditional_branch(cx.on_error).expect("br");
        self.b.position_at_end(body);
        self.safe_point(&cx);
        if let Some(v) = self.expr(&mut cx, &lam.body)? {
            self.b.build_return(Some(&v)).expect("ret");
        }
        self.close_function(&cx);
        Ok(())
    }

    /// Consecutive top-level forms of one file as one function `() -> i64`
    /// that runs them in order: many small functions cost the code
    /// generator far more than one of the same total size. Calls in tail
    /// position are ordinary calls here, and no stack check is needed at
    /// the bottom of the stack. Returns the function and how many of
    /// `tops` it runs: it stops after a form whose value never comes (the
    /// forms after it are unreachable from here). `top_index`: the index
    /// of `tops[0]` among the program's top-level forms.
    pub(super) fn lower_tops(
        &mut self,
        name: &str,
        top_index: usize,
        tops: &[TopLevel],
    ) -> Result<(FunctionValue<'ctx>, usize), String> {
        let f =
            self.module.add_function(name, self.i64t.fn_type(&[], false), Some(Linkage::Internal));
        let first = &self.prog.lambdas[tops[0].lambda as usize];
        let slots = tops.iter().map(|t| self.prog.lambdas[t.lambda as usize].frame_size).max();
        let mut cx =
            self.open_function(f, name, first.span, self.imm(rt::NIL), false, slots.unwrap_or(0));
        let body = self.ctx.append_basic_block(f, "body");
        self.b.build_unconditional_branch(body).expect("br");
        self.b.position_at_end(body);
        let mut last = self.imm(rt::NIL);
        for (n, top) in tops.iter().enumerate() {
            let lam = &self.prog.lambdas[top.lambda as usize];
            debug_assert!(lam.nparams == 0 && !lam.rest && lam.captures.is_empty());
            self.frame(&mut cx, lam, &[]);
            cx.top = Some(top_index + n);
            match self.expr(&mut cx, &lam.body)? {
                Some(v) => last = v,
                None => {
                    self.close_function(&cx);
                    return Ok((f, n + 1));
                }
            }
        }
        self.b.build_return(Some(&last)).expect("ret");
        self.close_function(&cx);
        Ok((f, tops.len()))
    }

    /// Start lowering into `f`: its entry block, where frame slots are
    /// allocated (`slots` of them at most, for the frame array); its error
    /// block, which returns `ELLE_EXC`; with -g, its debug scope. The
    /// builder is left in the entry block.
    fn open_function(
        &mut self,
        f: FunctionValue<'ctx>,
        name: &str,
        span: Span,
        clo: IntValue<'ctx>,
        tails: bool,
        slots: u32,
    ) -> FnCx<'ctx> {
        let entry = self.ctx.append_basic_block(f, "entry");
        let error = self.ctx.append_basic_block(f, "error");
        self.b.unset_current_debug_location();
        self.b.position_at_end(error);
        self.b.build_return(Some(&self.imm(rt::EXC))).expect("ret");
        self.b.position_at_end(entry);
        let scope = match &mut self.debug {
            Some(d) => {
                let s = d.function(self.prog.sources, f, name, span);
                if let Some(l) = d.location(self.ctx, self.prog.sources, s, span) {
                    self.b.set_current_debug_location(l);
                }
                Some(s)
            }
            None => None,
        };
        let frame_array = self.open_frame_array(clo, slots);
        FnCx::new(f, clo, error, scope, tails, frame_array)
    }

    /// The error block goes if nothing can fail.
    fn close_function(&self, cx: &FnCx<'ctx>) {
        if let Some(a) = &cx.frame_array {
            self.close_frame_array(a);
        }
        if cx.on_error.get_first_use().is_none() {
            // SAFETY: no branch leads to it.
            unsafe { cx.on_error.delete() }.expect("an unused block");
        }
    }

    /// `lam`'s frame slots, in the entry block: the parameters, given
    /// their `params` values (boxed where captured and assigned), the rest
    /// unbound.
    fn frame(&mut self, cx: &mut FnCx<'ctx>, lam: &Lambda, params: &[IntValue<'ctx>]) {
        let here = self.b.get_insert_block().expect("block");
        let entry = cx.f.get_first_basic_block().expect("entry block");
        match entry.get_terminator() {
            Some(t) => self.b.position_before(&t),
            None => self.b.position_at_end(entry),
        }
        cx.slots = (0..lam.frame_size)
            .map(|i| match &cx.frame_array {
                Some(a) => self.frame_array_slot(a, i),
                None => self.b.build_alloca(self.i64t, &format!("s{i}")).expect("alloca"),
            })
            .collect();
        self.b.position_at_end(here);
        for (i, &slot) in cx.slots.iter().enumerate() {
            let v = params.get(i).copied().unwrap_or(self.imm(rt::UNBOUND));
            self.b.build_store(slot, v).expect("store");
        }
        for &s in &lam.boxed_params {
            let v = self
                .b
                .build_load(self.i64t, cx.slots[s as usize], "p")
                .expect("load")
                .into_int_value();
            let boxed = self.call_rt("elle_make_box", &[v.into()]);
            self.b.build_store(cx.slots[s as usize], boxed).expect("store");
        }
    }

    fn frame_address(&self) -> FunctionValue<'ctx> {
        let i = inkwell::intrinsics::Intrinsic::find("llvm.frameaddress").expect("intrinsic");
        i.get_declaration(&self.module, &[self.ptrt.into()]).expect("declaration")
    }

    pub(super) fn imm(&self, v: rt::Val) -> IntValue<'ctx> {
        self.i64t.const_int(v, false)
    }

    /// With -g, attribute the code that follows to `span`.
    fn set_location(&self, cx: &FnCx<'ctx>, span: Span) {
        if let (Some(d), Some(scope)) = (&self.debug, cx.scope) {
            if let Some(l) = d.location(self.ctx, self.prog.sources, scope, span) {
                self.b.set_current_debug_location(l);
            }
        }
    }

    pub(super) fn expr(&mut self, cx: &mut FnCx<'ctx>, e: &Expr) -> Lowered<'ctx> {
        match e {
            Expr::Call { span, .. } | Expr::CCall { span, .. } => self.set_location(cx, *span),
            Expr::Ref(r) => self.set_location(cx, r.span),
            _ => {}
        }
        match e {
            Expr::Const(v) => Ok(Some(self.constant(*v)?)),
            Expr::Ref(r) => self.read(cx, r).map(Some),
            Expr::Set(r, value) => {
                let Some(v) = self.expr(cx, value)? else { return Ok(None) };
                self.write(cx, r, v)?;
                Ok(Some(self.imm(rt::NIL)))
            }
            Expr::DefineGlobal { index, name, value } => {
                let Some(v) = self.expr(cx, value)? else { return Ok(None) };
                self.b.build_store(self.global_slot(*index), v).expect("store");
                Ok(Some(self.constant(*name)?))
            }
            Expr::Bind { slot, boxed, value } => {
                let Some(v) = self.expr(cx, value)? else { return Ok(None) };
                let v = if *boxed { self.call_rt("elle_make_box", &[v.into()]) } else { v };
                self.b.build_store(cx.slots[*slot as usize], v).expect("store");
                Ok(Some(self.imm(rt::NIL)))
            }
            Expr::Declare { slot, boxed } => {
                let u = self.imm(rt::UNBOUND);
                let v = if *boxed { self.call_rt("elle_make_box", &[u.into()]) } else { u };
                self.b.build_store(cx.slots[*slot as usize], v).expect("store");
                Ok(Some(self.imm(rt::NIL)))
            }
            Expr::If(c, t, e2) => {
                let Some(test) = self.condition(cx, c)? else { return Ok(None) };
                let (tb, eb) = (
                    self.ctx.append_basic_block(cx.f, "then"),
                    self.ctx.append_basic_block(cx.f, "else"),
                );
                self.b.build_conditional_branch(test, tb, eb).expect("br");
                let mut incoming = Vec::new();
                for (bb, branch) in [(tb, t), (eb, e2)] {
                    self.b.position_at_end(bb);
                    if let Some(v) = self.expr(cx, branch)? {
                        incoming.push((v, self.b.get_insert_block().expect("block")));
                    }
                }
                self.merge(cx, incoming)
            }
            Expr::Seq(es) => {
                let (last, init) = es.split_last().expect("sequences are not empty");
                for e in init {
                    if self.expr(cx, e)?.is_none() {
                        return Ok(None);
                    }
                }
                self.expr(cx, last)
            }
            Expr::MakeClosure(id) => self.make_closure(cx, *id).map(Some),
            Expr::Call { callee, args, tail, span } => {
                self.call(cx, callee, args, *tail && cx.tails, *span)
            }
            Expr::CCall { func, args, span } => self.c_call(cx, *func, args, *span),
            Expr::Callback { sig, proc, span } => self.make_callback(cx, *sig, proc, *span),
            Expr::While(c, body) => {
                let (head, bodyb, done) = (
                    self.ctx.append_basic_block(cx.f, "while"),
                    self.ctx.append_basic_block(cx.f, "do"),
                    self.ctx.append_basic_block(cx.f, "done"),
                );
                self.b.build_unconditional_branch(head).expect("br");
                self.b.position_at_end(head);
                self.safe_point(cx);
                let Some(test) = self.condition(cx, c)? else { return Ok(None) };
                self.b.build_conditional_branch(test, bodyb, done).expect("br");
                self.b.position_at_end(bodyb);
                if self.expr(cx, body)?.is_some() {
                    self.b.build_unconditional_branch(head).expect("br");
                }
                self.b.position_at_end(done);
                Ok(Some(self.imm(rt::NIL)))
            }
            Expr::Try { body, slot, boxed, handler } => {
                let handler_bb = self.ctx.append_basic_block(cx.f, "catch");
                let outer = std::mem::replace(&mut cx.on_error, handler_bb);
                let v = self.expr(cx, body);
                cx.on_error = outer;
                let mut incoming = Vec::new();
                if let Some(v) = v? {
                    incoming.push((v, self.b.get_insert_block().expect("block")));
                }
                self.b.position_at_end(handler_bb);
                let err = self.call_rt("elle_pending_error", &[]);
                self.call_rt("elle_clear_error", &[]);
                let err = if *boxed { self.call_rt("elle_make_box", &[err.into()]) } else { err };
                self.b.build_store(cx.slots[*slot as usize], err).expect("store");
                if let Some(v) = self.expr(cx, handler)? {
                    incoming.push((v, self.b.get_insert_block().expect("block")));
                }
                self.merge(cx, incoming)
            }
        }
    }

    /// A test as an i1: comparisons and type tests of built-ins branch on
    /// their fast path directly instead of making a boolean and testing it.
    fn condition(
        &mut self,
        cx: &mut FnCx<'ctx>,
        c: &Expr,
    ) -> Result<Option<IntValue<'ctx>>, String> {
        self.holding(cx, |cg, cx| cg.condition_held(cx, c))
    }

    fn condition_held(
        &mut self,
        cx: &mut FnCx<'ctx>,
        c: &Expr,
    ) -> Result<Option<IntValue<'ctx>>, String> {
        if let Expr::Call { callee, args, span, .. } = c {
            if let Expr::Ref(r) = &**callee {
                if let VarLoc::Global(g) = r.loc {
                    if let Some(&Known::Builtin(prim)) = self.known.get(&g) {
                        let f = self
                            .b
                            .build_load(self.i64t, self.var_ptr(cx, r), "builtin")
                            .expect("load")
                            .into_int_value();
                        let Some(vals) = self.operands(cx, args, false)? else {
                            return Ok(None);
                        };
                        if let Some(t) = self.builtin_test(cx, prim, f, &vals, *span) {
                            return Ok(Some(t));
                        }
                        let Some(v) = self.builtin_call(cx, prim, f, args, &vals, false, *span)?
                        else {
                            return Ok(None);
                        };
                        self.check(cx, v, *span);
                        return Ok(Some(self.truthy(v)));
                    }
                }
            }
        }
        let Some(v) = self.expr(cx, c)? else { return Ok(None) };
        Ok(Some(self.truthy(v)))
    }

    /// Join the branches that produced a value.
    fn merge(
        &mut self,
        cx: &FnCx<'ctx>,
        incoming: Vec<(IntValue<'ctx>, BasicBlock<'ctx>)>,
    ) -> Lowered<'ctx> {
        if incoming.is_empty() {
            return Ok(None);
        }
        let join = self.ctx.append_basic_block(cx.f, "join");
        for (_, bb) in &incoming {
            self.b.position_at_end(*bb);
            self.b.build_unconditional_branch(join).expect("br");
        }
        self.b.position_at_end(join);
        let phi = self.b.build_phi(self.i64t, "v").expect("phi");
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(Some(phi.as_basic_value().into_int_value()))
    }

    /// Only #f and nil are false; they differ in bit 4 alone.
    pub(super) fn truthy(&self, v: IntValue<'ctx>) -> IntValue<'ctx> {
        let masked = self.b.build_and(v, self.i64t.const_int(!0x10u64, false), "m").expect("and");
        self.b.build_int_compare(IntPredicate::NE, masked, self.imm(rt::FALSE), "t").expect("cmp")
    }

    /// Branch to the error path if `v` is ELLE_EXC, attaching `span`.
    pub(super) fn check(&mut self, cx: &FnCx<'ctx>, v: IntValue<'ctx>, span: Span) {
        let exc =
            self.b.build_int_compare(IntPredicate::EQ, v, self.imm(rt::EXC), "exc").expect("cmp");
        self.raise_if(cx, exc, span);
    }

    /// Branch to the error path where `failed` holds (the error is
    /// recorded already), attaching `span`; go on where it does not.
    pub(super) fn raise_if(&mut self, cx: &FnCx<'ctx>, failed: IntValue<'ctx>, span: Span) {
        let (bad, ok) =
            (self.ctx.append_basic_block(cx.f, "raise"), self.ctx.append_basic_block(cx.f, "ok"));
        self.b.build_conditional_branch(failed, bad, ok).expect("br");
        self.b.position_at_end(bad);
        self.raise_here(cx, span);
        self.b.position_at_end(ok);
    }

    /// To the error path unless `ok`, a runtime helper's `int` success, is
    /// non-zero (its error recorded).
    pub(super) fn raise_unless(&mut self, cx: &FnCx<'ctx>, ok: IntValue<'ctx>, span: Span) {
        let failed = self
            .b
            .build_int_compare(IntPredicate::EQ, ok, ok.get_type().const_zero(), "bad")
            .expect("cmp");
        self.raise_if(cx, failed, span);
    }

    /// At an error: attach `span` and go to the error path.
    pub(super) fn raise_here(&mut self, cx: &FnCx<'ctx>, span: Span) {
        let loc = self.loc(span);
        self.call_rt("elle_error_locate", &[loc.into()]);
        self.b.build_unconditional_branch(cx.on_error).expect("br");
    }

    fn var_ptr(&self, cx: &FnCx<'ctx>, r: &VarRef) -> PointerValue<'ctx> {
        match r.loc {
            VarLoc::Local(s) => cx.slots[s as usize],
            VarLoc::Free(i) => self.field_ptr(cx.clo, closure_free(i as usize)),
            VarLoc::Global(g) => self.global_slot(g),
        }
    }

    pub(super) fn read(&mut self, cx: &FnCx<'ctx>, r: &VarRef) -> Result<IntValue<'ctx>, String> {
        let p = self.var_ptr(cx, r);
        let mut v = self.b.build_load(self.i64t, p, "v").expect("load").into_int_value();
        if r.boxed {
            v = self.field(v, at::BOX_VALUE, "unbox");
        }
        if r.checked && !self.surely_bound(cx, r) {
            self.check_bound(cx, r, v)?;
        }
        Ok(v)
    }

    /// A global read in a top-level form that an earlier top-level form
    /// defines, not under any condition, has its value: a whole program
    /// stops at the first top-level form that fails.
    fn surely_bound(&self, cx: &FnCx<'ctx>, r: &VarRef) -> bool {
        match (r.loc, cx.top) {
            (VarLoc::Global(g), Some(top)) => {
                self.defined_by_top.get(&g).is_some_and(|&at| at < top)
            }
            _ => false,
        }
    }

    fn check_bound(
        &mut self,
        cx: &FnCx<'ctx>,
        r: &VarRef,
        v: IntValue<'ctx>,
    ) -> Result<(), String> {
        let unbound = self
            .b
            .build_int_compare(IntPredicate::EQ, v, self.imm(rt::UNBOUND), "unbound")
            .expect("cmp");
        let (bad, ok) = (
            self.ctx.append_basic_block(cx.f, "unbound"),
            self.ctx.append_basic_block(cx.f, "bound"),
        );
        self.b.build_conditional_branch(unbound, bad, ok).expect("br");
        self.b.position_at_end(bad);
        let name = self.constant(r.name)?;
        let global = matches!(r.loc, VarLoc::Global(_)) as u64;
        self.call_rt(
            "elle_raise_unbound",
            &[name.into(), self.i32t.const_int(global, false).into()],
        );
        self.raise_here(cx, r.span);
        self.b.position_at_end(ok);
        Ok(())
    }

    fn write(&mut self, cx: &FnCx<'ctx>, r: &VarRef, v: IntValue<'ctx>) -> Result<(), String> {
        let p = self.var_ptr(cx, r);
        if let VarLoc::Global(_) = r.loc {
            // assigning a global that has no value yet is an error, as in `elle`
            let old = self.b.build_load(self.i64t, p, "old").expect("load").into_int_value();
            self.check_bound(cx, r, old)?;
        }
        if r.boxed {
            let b = self.b.build_load(self.i64t, p, "box").expect("load").into_int_value();
            self.b.build_store(self.field_ptr(b, at::BOX_VALUE), v).expect("store");
        } else {
            self.b.build_store(p, v).expect("store");
        }
        Ok(())
    }

    fn make_closure(&mut self, cx: &FnCx<'ctx>, id: LambdaId) -> Result<IntValue<'ctx>, String> {
        let lam = &self.prog.lambdas[id as usize];
        let name = match lam.name {
            Some(n) => self.constant(n)?,
            None => self.imm(rt::NIL),
        };
        let arity = lam.nparams as u64 | ((lam.rest as u64) << 16);
        let code = self.fns[id as usize]
            .expect("a used lambda")
            .entry
            .as_global_value()
            .as_pointer_value();
        let c = self.call_rt(
            "elle_make_closure",
            &[
                code.into(),
                self.i32t.const_int(arity, false).into(),
                name.into(),
                self.i64t.const_int(lam.captures.len() as u64, false).into(),
            ],
        );
        for (i, cap) in lam.captures.iter().enumerate() {
            let v = match *cap {
                Capture::Local(s) => self
                    .b
                    .build_load(self.i64t, cx.slots[s as usize], "cap")
                    .expect("load")
                    .into_int_value(),
                Capture::Free(j) => self.field(cx.clo, closure_free(j as usize), "cap"),
            };
            self.b.build_store(self.field_ptr(c, closure_free(i)), v).expect("store");
        }
        Ok(c)
    }

    fn call(
        &mut self,
        cx: &mut FnCx<'ctx>,
        callee: &Expr,
        args: &[Expr],
        tail: bool,
        span: Span,
    ) -> Lowered<'ctx> {
        self.holding(cx, |cg, cx| cg.call_held(cx, callee, args, tail, span))
    }

    fn call_held(
        &mut self,
        cx: &mut FnCx<'ctx>,
        callee: &Expr,
        args: &[Expr],
        tail: bool,
        span: Span,
    ) -> Lowered<'ctx> {
        let known = match callee {
            // a built-in embedded by an expansion (quasiquote's `cons`)
            &Expr::Const(v) if takes_count(v, args.len()) => Some(Known::Builtin(v)),
            _ => self.known_callee(callee),
        };
        let f = match (known, callee) {
            // built-ins are set before the program starts: never unbound
            (Some(Known::Builtin(_)), Expr::Ref(r)) => self
                .b
                .build_load(self.i64t, self.var_ptr(cx, r), "builtin")
                .expect("load")
                .into_int_value(),
            _ => match self.expr(cx, callee)? {
                Some(f) => f,
                None => return Ok(None),
            },
        };
        if args.iter().any(reaches_safe_point) {
            self.hold(cx, f);
        }
        let Some(vals) = self.operands(cx, args, false)? else { return Ok(None) };
        match known {
            Some(Known::Procedure(id)) => {
                let mut params: Vec<BasicMetadataValueEnum> = vec![f.into()];
                params.extend(vals.iter().map(|&v| BasicMetadataValueEnum::from(v)));
                let direct =
                    self.fns[id as usize].and_then(|f| f.direct).expect("a directly called lambda");
                let c = self.b.build_call(direct, &self.procedure_args(params), "r").expect("call");
                c.set_call_convention(self.procedures);
                let r = c.try_as_basic_value().basic().expect("value").into_int_value();
                self.finish_call(cx, r, tail, span)
            }
            Some(Known::Builtin(prim)) => {
                let r = self.builtin_call(cx, prim, f, args, &vals, tail, span)?;
                match r {
                    Some(r) => {
                        self.finish_call(cx, r, false, span).map(|v| self.tail_return(v, tail))
                    }
                    None => Ok(None),
                }
            }
            None => self.generic_call(cx, f, &vals, tail, span),
        }
    }

    /// In tail position, return the value; otherwise go on with it.
    fn tail_return(&self, v: Option<IntValue<'ctx>>, tail: bool) -> Option<IntValue<'ctx>> {
        match (v, tail) {
            (Some(v), true) => {
                self.b.build_return(Some(&v)).expect("ret");
                None
            }
            (v, _) => v,
        }
    }

    /// After a call that yields `r`: a tail call returns it as it is (the
    /// caller checks); otherwise an error goes to the error path.
    fn finish_call(
        &mut self,
        cx: &FnCx<'ctx>,
        r: IntValue<'ctx>,
        tail: bool,
        span: Span,
    ) -> Lowered<'ctx> {
        if tail {
            let call = r.as_instruction().expect("a call");
            self.mark_tail_call(CallSiteValue::try_from(call).expect("a call"));
            self.b.build_return(Some(&r)).expect("ret");
            return Ok(None);
        }
        self.check(cx, r, span);
        Ok(Some(r))
    }

    /// A call through a value: closures through their entry, anything else
    /// through the runtime (primitives, `apply`, errors).
    pub(super) fn generic_call(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        vals: &[IntValue<'ctx>],
        tail: bool,
        span: Span,
    ) -> Lowered<'ctx> {
        let n = vals.len() as u64;
        if n > 256 {
            self.call_rt("elle_args_reserve", &[self.i64t.const_int(n, false).into()]);
        }
        let args_ptr = self.load_ptr(self.rt_global("elle_args"), "args");
        for (i, &v) in vals.iter().enumerate() {
            self.store_index(args_ptr, self.i64t.const_int(i as u64, false), v);
        }
        self.call_args_buffer(cx, f, self.i64t.const_int(n, false), Some(n), tail, span)
    }

    /// Call `f` on `argc` arguments already in `elle_args`. `known_argc`:
    /// the count, when it is a compile-time constant.
    pub(super) fn call_args_buffer(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        argc: IntValue<'ctx>,
        known_argc: Option<u64>,
        tail: bool,
        span: Span,
    ) -> Lowered<'ctx> {
        let _ = known_argc;
        let is_closure = self.is_kind(f, rt::Kind::Closure);
        let (clo_bb, other_bb) = (
            self.ctx.append_basic_block(cx.f, "closure"),
            self.ctx.append_basic_block(cx.f, "other"),
        );
        self.b.build_conditional_branch(is_closure, clo_bb, other_bb).expect("br");

        // a closure: check the arity in its header, then its entry
        self.b.position_at_end(clo_bb);
        let aux_p = self.field_ptr(f, at::HEADER_AUX);
        let aux = self.b.build_load(self.i32t, aux_p, "aux").expect("load").into_int_value();
        let aux = self.b.build_int_z_extend(aux, self.i64t, "aux").expect("zext");
        let required =
            self.b.build_and(aux, self.i64t.const_int(0xffff, false), "req").expect("and");
        let exact = self.b.build_int_compare(IntPredicate::EQ, aux, argc, "exact").expect("cmp");
        let has_rest = self
            .b
            .build_int_compare(IntPredicate::UGT, aux, self.i64t.const_int(0xffff, false), "rest")
            .expect("cmp");
        let enough =
            self.b.build_int_compare(IntPredicate::ULE, required, argc, "enough").expect("cmp");
        let rest_ok = self.b.build_and(has_rest, enough, "restok").expect("and");
        let ok = self.b.build_or(exact, rest_ok, "ok").expect("or");
        let (go, bad) =
            (self.ctx.append_basic_block(cx.f, "go"), self.ctx.append_basic_block(cx.f, "arity"));
        self.b.build_conditional_branch(ok, go, bad).expect("br");
        self.b.position_at_end(bad);
        self.call_rt("elle_raise_closure_arity", &[f.into(), argc.into()]);
        self.raise_here(cx, span);
        self.b.position_at_end(go);
        let code = self.pointer_field(f, at::CLOSURE_CODE, "code");
        let args = self.procedure_args(vec![f.into(), argc.into()]);
        let c = self.b.build_indirect_call(self.procedure_type(2), code, &args, "r").expect("call");
        c.set_call_convention(self.procedures);
        let r_clo = c.try_as_basic_value().basic().expect("value").into_int_value();
        let r_clo = self.finish_call(cx, r_clo, tail, span)?;
        let clo_end = self.b.get_insert_block().expect("block");

        // anything else: the runtime calls primitives or reports the error
        self.b.position_at_end(other_bb);
        let r_other = self.call_rt("elle_call_nonclosure", &[f.into(), argc.into()]);
        let r_other = self.finish_call(cx, r_other, false, span)?;
        let r_other = self.tail_return(r_other, tail);
        let other_end = self.b.get_insert_block().expect("block");

        let mut incoming = Vec::new();
        if let Some(v) = r_clo {
            incoming.push((v, clo_end));
        }
        if let Some(v) = r_other {
            incoming.push((v, other_end));
        }
        self.merge(cx, incoming)
    }

    /// Is `v` a heap object of kind `kind`?
    pub(super) fn is_kind(&self, v: IntValue<'ctx>, kind: rt::Kind) -> IntValue<'ctx> {
        let f = self.b.get_insert_block().and_then(|b| b.get_parent()).expect("in a function");
        let low = self.b.build_and(v, self.i64t.const_int(7, false), "tag").expect("and");
        let is_ptr = self
            .b
            .build_int_compare(IntPredicate::EQ, low, self.i64t.const_zero(), "isptr")
            .expect("cmp");
        let here = self.b.get_insert_block().expect("block");
        let (load_bb, join) =
            (self.ctx.append_basic_block(f, "kind"), self.ctx.append_basic_block(f, "kinded"));
        self.b.build_conditional_branch(is_ptr, load_bb, join).expect("br");
        self.b.position_at_end(load_bb);
        let p = self.field_ptr(v, at::HEADER_KIND);
        let k = self.b.build_load(self.ctx.i8_type(), p, "k").expect("load").into_int_value();
        let same = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                k,
                self.ctx.i8_type().const_int(kind as u64, false),
                "same",
            )
            .expect("cmp");
        let load_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(join);
        let phi = self.b.build_phi(self.ctx.bool_type(), "is").expect("phi");
        phi.add_incoming(&[(&self.ctx.bool_type().const_zero(), here), (&same, load_end)]);
        phi.as_basic_value().into_int_value()
    }
}

/// Is `v` a built-in (not an intrinsic) that takes `n` arguments?
fn takes_count(v: rt::Val, n: usize) -> bool {
    if !rt::is(v, rt::Kind::Primitive) {
        return false;
    }
    // SAFETY: v is a primitive.
    let p = unsafe { &*rt::obj::<rt::Primitive>(v) };
    p.h.flags & rt::PRIM_INTRINSIC == 0
        && n as i64 >= p.min_args as i64
        && (p.max_args < 0 || n as i64 <= p.max_args as i64)
}
