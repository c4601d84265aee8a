//! Where compiled code keeps the values the collector must find: the
//! target's `Roots`.
//!
//! Under `Roots::MachineStack` (x86-64) values live where LLVM puts them
//! and the collector scans the machine stack and registers; nothing here
//! emits code.
//!
//! Under `Roots::SafePoints` (wasm32) a scan sees only linear memory, and
//! WebAssembly keeps locals outside it. So each function keeps one *frame
//! array* of words on the linear-memory stack: `[closure, frame slots..,
//! held temporaries..]`. Its address is stored to a volatile global, so
//! LLVM can neither promote the array to locals nor drop a store to it that
//! a call could read. The collector runs only at *safe points*, a
//! procedure's entry (after its parameters are in the array) and a loop's
//! head; a value the function still needs after a subexpression that may
//! reach a safe point (a call, a C call, a loop) is *held* in the array
//! first. Every frame below a safe point is suspended in a call, so every
//! value it holds is in its array; the runtime holds none of its own in C
//! locals there (it enters Elle only through `apply` and callbacks, each
//! of which hands its values over in `elle_args`, which the callee copies
//! to its array before its entry's safe point).

use super::lower::FnCx;
use super::Codegen;
use elle::analysis::ir::Expr;
use elle::target::Roots;
use inkwell::values::{InstructionValue, IntValue, PointerValue};
use inkwell::IntPredicate;
use std::cell::Cell;

/// A function's frame array (`Roots::SafePoints`).
pub(super) struct FrameArray<'ctx> {
    /// The array: an `alloca i64, i32 N`, its length set once the function
    /// is lowered (`close_frame_array`).
    base: PointerValue<'ctx>,
    alloca: InstructionValue<'ctx>,
    /// Words before the temporaries: the closure and the frame slots.
    fixed: u32,
    /// Temporaries held now, and the most ever held at once.
    held: Cell<u32>,
    most: Cell<u32>,
}

impl<'ctx> FrameArray<'ctx> {
    /// Temporaries held now (for `release`).
    pub fn mark(&self) -> u32 {
        self.held.get()
    }
}

impl<'ctx> Codegen<'ctx, '_> {
    fn keeps_frame_arrays(&self) -> bool {
        self.target.roots == Roots::SafePoints
    }

    /// In the entry block (the builder's position), where the target needs
    /// one: the frame array of a function with `slots` frame slots, made
    /// visible to the collector, the closure `clo` in its first word.
    pub(super) fn open_frame_array(
        &self,
        clo: IntValue<'ctx>,
        slots: u32,
    ) -> Option<FrameArray<'ctx>> {
        if !self.keeps_frame_arrays() {
            return None;
        }
        let base = self
            .b
            .build_array_alloca(self.i64t, self.i32t.const_int(1, false), "frame")
            .expect("alloca");
        let escape = self.b.build_store(self.rt_global("elle_frame_escape"), base).expect("store");
        escape.set_volatile(true).expect("a store");
        self.b.build_store(base, clo).expect("store");
        let alloca = base.as_instruction().expect("an alloca");
        Some(FrameArray { base, alloca, fixed: 1 + slots, held: Cell::new(0), most: Cell::new(0) })
    }

    /// Frame slot `i`'s word in the frame array.
    pub(super) fn frame_array_slot(&self, a: &FrameArray<'ctx>, i: u32) -> PointerValue<'ctx> {
        assert!(i + 1 < a.fixed, "frame slot {i} outside the frame array");
        self.word_of(a, 1 + i)
    }

    fn word_of(&self, a: &FrameArray<'ctx>, i: u32) -> PointerValue<'ctx> {
        // SAFETY: `i` is below the array's final length (close_frame_array).
        unsafe {
            self.b
                .build_in_bounds_gep(
                    self.i64t,
                    a.base,
                    &[self.i32t.const_int(i as u64, false)],
                    "w",
                )
                .expect("gep")
        }
    }

    /// The array's length, now that the function is lowered.
    pub(super) fn close_frame_array(&self, a: &FrameArray<'ctx>) {
        let len = self.i32t.const_int((a.fixed + a.most.get()) as u64, false);
        assert!(a.alloca.set_operand(0, len), "an alloca's length is its operand");
    }

    /// Keep `v` where the collector sees it until the enclosing `holding`
    /// ends: a value needed after something that may reach a safe point.
    pub(super) fn hold(&self, cx: &FnCx<'ctx>, v: IntValue<'ctx>) {
        let Some(a) = &cx.frame_array else { return };
        if v.is_const() {
            return; // immediates, and constants the constant table roots
        }
        let i = a.held.get();
        a.held.set(i + 1);
        a.most.set(a.most.get().max(i + 1));
        let w = self.word_of(a, a.fixed + i);
        self.b.build_store(w, v).expect("store");
    }

    /// Run `f`; the temporaries it holds are released after it.
    pub(super) fn holding<R>(
        &mut self,
        cx: &mut FnCx<'ctx>,
        f: impl FnOnce(&mut Self, &mut FnCx<'ctx>) -> R,
    ) -> R {
        let mark = cx.frame_array.as_ref().map(FrameArray::mark);
        let r = f(self, cx);
        if let (Some(a), Some(m)) = (&cx.frame_array, mark) {
            a.held.set(m);
        }
        r
    }

    /// Evaluate `es` in order, holding each value while a later one may
    /// reach a safe point, or every value when `all` (the operands of a
    /// C call, which may call back into Elle). `None`: control ended.
    pub(super) fn operands(
        &mut self,
        cx: &mut FnCx<'ctx>,
        es: &[Expr],
        all: bool,
    ) -> Result<Option<Vec<IntValue<'ctx>>>, String> {
        let track = cx.frame_array.is_some();
        // later[i]: an operand after es[i] may reach a safe point
        let mut later = vec![false; es.len()];
        if track && !all {
            for i in (0..es.len().saturating_sub(1)).rev() {
                later[i] = later[i + 1] || reaches_safe_point(&es[i + 1]);
            }
        }
        let mut vals = Vec::with_capacity(es.len());
        for (i, e) in es.iter().enumerate() {
            let Some(v) = self.expr(cx, e)? else { return Ok(None) };
            if all || later[i] {
                self.hold(cx, v);
            }
            vals.push(v);
        }
        Ok(Some(vals))
    }

    /// A safe point: collect here if the runtime asked for it.
    pub(super) fn safe_point(&self, cx: &FnCx<'ctx>) {
        if cx.frame_array.is_none() {
            return;
        }
        let wanted = self
            .b
            .build_load(self.i32t, self.rt_global("elle_gc_wanted"), "wanted")
            .expect("load")
            .into_int_value();
        let ask = self
            .b
            .build_int_compare(IntPredicate::NE, wanted, self.i32t.const_zero(), "ask")
            .expect("cmp");
        let (collect, go) =
            (self.ctx.append_basic_block(cx.f, "collect"), self.ctx.append_basic_block(cx.f, "go"));
        self.b.build_conditional_branch(ask, collect, go).expect("br");
        self.b.position_at_end(collect);
        self.call_rt("elle_gc_safe_point", &[]);
        self.b.build_unconditional_branch(go).expect("br");
        self.b.position_at_end(go);
    }
}

/// Can evaluating `e` reach a safe point: does it call, call C (which may
/// call back) or loop?
pub(super) fn reaches_safe_point(e: &Expr) -> bool {
    match e {
        Expr::Call { .. } | Expr::CCall { .. } | Expr::While(..) => true,
        Expr::Const(_) | Expr::Ref(_) | Expr::MakeClosure(_) | Expr::Declare { .. } => false,
        Expr::Set(_, v)
        | Expr::DefineGlobal { value: v, .. }
        | Expr::Bind { value: v, .. }
        | Expr::Callback { proc: v, .. } => reaches_safe_point(v),
        Expr::If(c, t, e) => [c, t, e].iter().any(|x| reaches_safe_point(x)),
        Expr::Seq(es) => es.iter().any(reaches_safe_point),
        Expr::Try { body, handler, .. } => reaches_safe_point(body) || reaches_safe_point(handler),
    }
}
