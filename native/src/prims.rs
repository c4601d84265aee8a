//! Calls to built-ins the program never redefines: the hot ones get their
//! fast path inline (fixnum arithmetic and comparison, pairs, type tests);
//! the fast path falls back to the runtime's own primitive, so results and
//! error messages are the runtime's in every case.

use super::lower::FnCx;
use super::Codegen;
use elle::analysis::ir::Expr;
use elle::ctype::{CType, DataModel};
use elle::source::Span;
use elle_runtime::{self as rt, interface as at, Val};
use inkwell::values::{BasicValue, IntValue};
use inkwell::IntPredicate;

impl<'ctx> Codegen<'ctx, '_> {
    /// The value of calling built-in `prim` (whose value is `f`) on `vals`;
    /// may be ELLE_EXC, for the caller to check. `None`: control ended here.
    #[allow(clippy::too_many_arguments)] // the call's parts, each used by some built-in
    pub(super) fn builtin_call(
        &mut self,
        cx: &mut FnCx<'ctx>,
        prim: Val,
        f: IntValue<'ctx>,
        args: &[Expr],
        vals: &[IntValue<'ctx>],
        tail: bool,
        span: Span,
    ) -> Result<Option<IntValue<'ctx>>, String> {
        // SAFETY: prim is a primitive; its name a static C string.
        let p = unsafe { &*rt::obj::<rt::Primitive>(prim) };
        let name = unsafe { std::ffi::CStr::from_ptr(p.name) }.to_str().unwrap_or("");
        if p.h.flags & rt::PRIM_INTRINSIC != 0 {
            return self.apply_call(cx, vals, tail, span);
        }
        let v = match (name, vals) {
            ("+", &[a, b]) => self.fixnum_arith(cx, f, a, b, "llvm.sadd.with.overflow"),
            ("-", &[a, b]) => self.fixnum_arith(cx, f, a, b, "llvm.ssub.with.overflow"),
            ("<", &[a, b]) => self.fixnum_compare(cx, f, a, b, IntPredicate::SLT),
            (">", &[a, b]) => self.fixnum_compare(cx, f, a, b, IntPredicate::SGT),
            ("<=", &[a, b]) => self.fixnum_compare(cx, f, a, b, IntPredicate::SLE),
            (">=", &[a, b]) => self.fixnum_compare(cx, f, a, b, IntPredicate::SGE),
            ("=", &[a, b]) => self.fixnum_compare(cx, f, a, b, IntPredicate::EQ),
            ("bitwise-and" | "bitwise-or" | "bitwise-xor", &[a, b]) => {
                self.fixnum_bits(cx, f, a, b, name)
            }
            ("bitwise-not", &[x]) => {
                let fix = self.is_fixnum(x);
                // ~(2x+1) with bit 0 kept is 2(~x)+1
                self.fast_or_slow(
                    fix,
                    |cg| {
                        cg.b.build_xor(x, cg.i64t.const_int(-2i64 as u64, true), "not")
                            .expect("xor")
                    },
                    |cg| cg.primitive_call(cx, f, &[x]),
                )
            }
            ("car", &[x]) => self.pair_field(cx, f, x, at::PAIR_CAR),
            ("cdr", &[x]) => self.pair_field(cx, f, x, at::PAIR_CDR),
            ("cons", &[a, d]) => self.call_rt("elle_cons", &[a.into(), d.into()]),
            ("eq?", &[a, b]) => {
                let same = self.b.build_int_compare(IntPredicate::EQ, a, b, "eq").expect("cmp");
                self.boolean(same)
            }
            ("null?", &[x]) => {
                let nil = self
                    .b
                    .build_int_compare(IntPredicate::EQ, x, self.imm(rt::NIL), "nil")
                    .expect("cmp");
                self.boolean(nil)
            }
            ("not", &[x]) => {
                let t = self.truthy(x);
                let f = self.b.build_not(t, "not").expect("not");
                self.boolean(f)
            }
            ("pair?", &[x]) => {
                let is = self.is_kind(x, rt::Kind::Pair);
                self.boolean(is)
            }
            ("%record?", &[r, t]) => {
                let is = self.is_record_of(r, t, None);
                self.boolean(is)
            }
            ("%record-ref", &[r, t, _, _]) => match constant_index(&args[2]) {
                Some(i) => {
                    let ok = self.is_record_of(r, t, Some(i));
                    self.fast_or_slow(
                        ok,
                        |cg| cg.field(r, at::RECORD_FIELDS + 8 * i, "field"),
                        |cg| cg.primitive_call(cx, f, vals),
                    )
                }
                None => self.primitive_call(cx, f, vals),
            },
            ("%record-set!", &[r, t, _, v, _]) => match constant_index(&args[2]) {
                Some(i) => {
                    let ok = self.is_record_of(r, t, Some(i));
                    self.fast_or_slow(
                        ok,
                        |cg| {
                            let p = cg.field_ptr(r, at::RECORD_FIELDS + 8 * i);
                            cg.b.build_store(p, v).expect("store");
                            cg.imm(rt::NIL)
                        },
                        |cg| cg.primitive_call(cx, f, vals),
                    )
                }
                None => self.primitive_call(cx, f, vals),
            },
            ("ptr-ref", &[_, _] | &[_, _, _]) => match inline_read_type(&args[1], self.target.data)
            {
                Some(t) => self.ptr_ref_inline(cx, f, vals, &t),
                None => self.primitive_call(cx, f, vals),
            },
            _ => self.primitive_call(cx, f, vals),
        };
        Ok(Some(v))
    }

    /// A built-in test as an i1, if it has a fast path: fixnum comparisons
    /// (the slow path calls the primitive and tests its result) and the
    /// tests that cannot fail.
    pub(super) fn builtin_test(
        &mut self,
        cx: &FnCx<'ctx>,
        prim: Val,
        f: IntValue<'ctx>,
        vals: &[IntValue<'ctx>],
        span: Span,
    ) -> Option<IntValue<'ctx>> {
        // SAFETY: prim is a primitive; its name a static C string.
        let name = unsafe { std::ffi::CStr::from_ptr((*rt::obj::<rt::Primitive>(prim)).name) }
            .to_str()
            .unwrap_or("");
        let pred = match name {
            "<" => IntPredicate::SLT,
            ">" => IntPredicate::SGT,
            "<=" => IntPredicate::SLE,
            ">=" => IntPredicate::SGE,
            "=" => IntPredicate::EQ,
            "eq?" | "null?" | "not" | "pair?" | "%record?" => {
                let v = match (name, vals) {
                    ("eq?", &[a, b]) => {
                        self.b.build_int_compare(IntPredicate::EQ, a, b, "eq").expect("cmp")
                    }
                    ("null?", &[x]) => self
                        .b
                        .build_int_compare(IntPredicate::EQ, x, self.imm(rt::NIL), "nil")
                        .expect("cmp"),
                    ("not", &[x]) => {
                        let t = self.truthy(x);
                        self.b.build_not(t, "not").expect("not")
                    }
                    ("pair?", &[x]) => self.is_kind(x, rt::Kind::Pair),
                    ("%record?", &[r, t]) => self.is_record_of(r, t, None),
                    _ => return None,
                };
                return Some(v);
            }
            _ => return None,
        };
        let &[a, b] = vals else { return None };
        let both = self.both_fixnums(a, b);
        let (fast, slow, join) = self.diamond(cx, both);
        self.b.position_at_end(fast);
        let c = self.b.build_int_compare(pred, a, b, "c").expect("cmp");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(slow);
        let s = self.primitive_call(cx, f, &[a, b]);
        self.check(cx, s, span);
        let t = self.truthy(s);
        let slow_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(join);
        let phi = self.b.build_phi(self.ctx.bool_type(), "test").expect("phi");
        phi.add_incoming(&[(&c, fast), (&t, slow_end)]);
        Some(phi.as_basic_value().into_int_value())
    }

    pub(super) fn boolean(&self, b: IntValue<'ctx>) -> IntValue<'ctx> {
        self.b
            .build_select(b, self.imm(rt::TRUE), self.imm(rt::FALSE), "bool")
            .expect("select")
            .into_int_value()
    }

    /// The primitive's C function on an argument array in this frame.
    pub(super) fn primitive_call(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        vals: &[IntValue<'ctx>],
    ) -> IntValue<'ctx> {
        let n = vals.len().max(1) as u32;
        let arr = match cx.argv.get() {
            Some((arr, len)) if len >= n => arr,
            _ => {
                let arr = self.entry_alloca(cx, self.i64t.array_type(n));
                cx.argv.set(Some((arr, n)));
                arr
            }
        };
        for (i, &v) in vals.iter().enumerate() {
            self.store_index(arr, self.i64t.const_int(i as u64, false), v);
        }
        let func = self.pointer_field(f, at::PRIMITIVE_FN, "fn");
        let ty = self.i64t.fn_type(&[self.i64t.into(), self.ptrt.into()], false);
        let c = self
            .b
            .build_indirect_call(
                ty,
                func,
                &[self.i64t.const_int(vals.len() as u64, false).into(), arr.into()],
                "r",
            )
            .expect("call");
        c.try_as_basic_value().basic().expect("value").into_int_value()
    }

    pub(super) fn entry_alloca(
        &self,
        cx: &FnCx<'ctx>,
        ty: inkwell::types::ArrayType<'ctx>,
    ) -> inkwell::values::PointerValue<'ctx> {
        let entry = cx.f.get_first_basic_block().expect("entry block");
        let b = self.ctx.create_builder();
        match entry.get_first_instruction() {
            Some(i) => b.position_before(&i),
            None => b.position_at_end(entry),
        }
        b.build_alloca(ty, "argv").expect("alloca")
    }

    /// Both fixnums: tagged arithmetic with overflow check; else the primitive.
    fn fixnum_arith(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        a: IntValue<'ctx>,
        b: IntValue<'ctx>,
        op: &str,
    ) -> IntValue<'ctx> {
        let both = self.both_fixnums(a, b);
        let (fast, slow, join) = self.diamond(cx, both);
        self.b.position_at_end(fast);
        // (2x+1) op (2y+1 - 1) = 2(x op y) + 1
        let b1 = self.b.build_int_sub(b, self.i64t.const_int(1, false), "b1").expect("sub");
        let intr = inkwell::intrinsics::Intrinsic::find(op)
            .expect("intrinsic")
            .get_declaration(&self.module, &[self.i64t.into()])
            .expect("decl");
        let r = self
            .b
            .build_call(intr, &[a.into(), b1.into()], "r")
            .expect("call")
            .try_as_basic_value()
            .basic()
            .expect("value")
            .into_struct_value();
        let sum = self.b.build_extract_value(r, 0, "sum").expect("extract").into_int_value();
        let over = self.b.build_extract_value(r, 1, "over").expect("extract").into_int_value();
        let fast_end = self.ctx.append_basic_block(cx.f, "fixed");
        self.b.build_conditional_branch(over, slow, fast_end).expect("br");
        self.b.position_at_end(fast_end);
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(slow);
        let s = self.primitive_call(cx, f, &[a, b]);
        let slow_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(join);
        let phi = self.b.build_phi(self.i64t, "v").expect("phi");
        phi.add_incoming(&[(&sum.as_basic_value_enum(), fast_end), (&s, slow_end)]);
        phi.as_basic_value().into_int_value()
    }

    /// Both fixnums: the operation on the tagged words (and and or keep the
    /// tag bit; xor clears it, so it is set again); else the primitive.
    fn fixnum_bits(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        a: IntValue<'ctx>,
        b: IntValue<'ctx>,
        name: &str,
    ) -> IntValue<'ctx> {
        let both = self.both_fixnums(a, b);
        self.fast_or_slow(
            both,
            |cg| match name {
                "bitwise-and" => cg.b.build_and(a, b, "and").expect("and"),
                "bitwise-or" => cg.b.build_or(a, b, "or").expect("or"),
                _ => {
                    let x = cg.b.build_xor(a, b, "xor").expect("xor");
                    cg.b.build_or(x, cg.i64t.const_int(1, false), "tagged").expect("or")
                }
            },
            |cg| cg.primitive_call(cx, f, &[a, b]),
        )
    }

    fn fixnum_compare(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        a: IntValue<'ctx>,
        b: IntValue<'ctx>,
        pred: IntPredicate,
    ) -> IntValue<'ctx> {
        let both = self.both_fixnums(a, b);
        self.fast_or_slow(
            both,
            |cg| {
                let c = cg.b.build_int_compare(pred, a, b, "c").expect("cmp");
                cg.boolean(c)
            },
            |cg| cg.primitive_call(cx, f, &[a, b]),
        )
    }

    /// `r` is a record of type `t` (with a field `index`, if given), as an i1.
    fn is_record_of(
        &mut self,
        r: IntValue<'ctx>,
        t: IntValue<'ctx>,
        index: Option<u64>,
    ) -> IntValue<'ctx> {
        let is_record = self.is_kind(r, rt::Kind::Record);
        self.fast_or_slow(
            is_record,
            |cg| {
                let ty = cg.field(r, at::RECORD_TYPE, "type");
                let same = cg.b.build_int_compare(IntPredicate::EQ, ty, t, "same").expect("cmp");
                let Some(i) = index else { return same };
                // the field count, in the header's aux
                let p = cg.field_ptr(r, at::HEADER_AUX);
                let n = cg.b.build_load(cg.ctx.i32_type(), p, "n").expect("load").into_int_value();
                let i = cg.ctx.i32_type().const_int(i, false);
                let has = cg.b.build_int_compare(IntPredicate::UGT, n, i, "has").expect("cmp");
                cg.b.build_and(same, has, "ok").expect("and")
            },
            |cg| cg.ctx.bool_type().const_zero(),
        )
    }

    fn pair_field(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        x: IntValue<'ctx>,
        offset: u64,
    ) -> IntValue<'ctx> {
        let is_pair = self.is_kind(x, rt::Kind::Pair);
        self.fast_or_slow(
            is_pair,
            |cg| cg.field(x, offset, "field"),
            |cg| cg.primitive_call(cx, f, &[x]),
        )
    }

    /// `fast` where `ok` holds, else `slow` (the runtime's own way); the
    /// value of whichever ran.
    pub(super) fn fast_or_slow(
        &mut self,
        ok: IntValue<'ctx>,
        fast: impl FnOnce(&mut Self) -> IntValue<'ctx>,
        slow: impl FnOnce(&mut Self) -> IntValue<'ctx>,
    ) -> IntValue<'ctx> {
        let func = self.b.get_insert_block().and_then(|b| b.get_parent()).expect("in a function");
        let (fb, sb, join) = (
            self.ctx.append_basic_block(func, "fast"),
            self.ctx.append_basic_block(func, "slow"),
            self.ctx.append_basic_block(func, "join"),
        );
        self.b.build_conditional_branch(ok, fb, sb).expect("br");
        self.b.position_at_end(fb);
        let a = fast(self);
        let fast_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(sb);
        let b = slow(self);
        let slow_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(join);
        let phi = self.b.build_phi(a.get_type(), "v").expect("phi");
        phi.add_incoming(&[(&a, fast_end), (&b, slow_end)]);
        phi.as_basic_value().into_int_value()
    }

    fn both_fixnums(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> IntValue<'ctx> {
        let both = self.b.build_and(a, b, "ab").expect("and");
        self.is_fixnum(both)
    }

    /// A fixnum's tag: bit 0 set.
    fn is_fixnum(&self, v: IntValue<'ctx>) -> IntValue<'ctx> {
        let low = self.b.build_and(v, self.i64t.const_int(1, false), "low").expect("and");
        self.b.build_int_compare(IntPredicate::NE, low, self.i64t.const_zero(), "fix").expect("cmp")
    }

    /// Branch on `cond` to a fast and a slow block that meet at a join block.
    fn diamond(
        &self,
        cx: &FnCx<'ctx>,
        cond: IntValue<'ctx>,
    ) -> (
        inkwell::basic_block::BasicBlock<'ctx>,
        inkwell::basic_block::BasicBlock<'ctx>,
        inkwell::basic_block::BasicBlock<'ctx>,
    ) {
        let fast = self.ctx.append_basic_block(cx.f, "fast");
        let slow = self.ctx.append_basic_block(cx.f, "slow");
        let join = self.ctx.append_basic_block(cx.f, "join");
        self.b.build_conditional_branch(cond, fast, slow).expect("br");
        (fast, slow, join)
    }

    /// `(apply f a ... list)`: spread into the argument buffer, then call.
    fn apply_call(
        &mut self,
        cx: &mut FnCx<'ctx>,
        vals: &[IntValue<'ctx>],
        tail: bool,
        span: Span,
    ) -> Result<Option<IntValue<'ctx>>, String> {
        let (f, rest) = vals.split_first().expect("apply has a procedure: its arity is checked");
        let (list, fixed) = rest.split_last().expect("apply has a list: its arity is checked");
        let n = fixed.len().max(1) as u32;
        let arr = self.entry_alloca(cx, self.i64t.array_type(n));
        for (i, &v) in fixed.iter().enumerate() {
            self.store_index(arr, self.i64t.const_int(i as u64, false), v);
        }
        let argc = self.call_rt(
            "elle_spread_args",
            &[self.i64t.const_int(fixed.len() as u64, false).into(), arr.into(), (*list).into()],
        );
        let failed = self
            .b
            .build_int_compare(IntPredicate::SLT, argc, self.i64t.const_zero(), "failed")
            .expect("cmp");
        self.raise_if(cx, failed, span);
        // the generic call has checked its own result already
        let r = self.call_args_buffer(cx, *f, argc, None, tail, span)?;
        Ok(r)
    }
}

/// The C type `ptr-ref`'s literal type keyword names, when an inline read
/// can take it: integers, booleans, floats and plain pointers (`:string`,
/// which copies, is the runtime's).
fn inline_read_type(e: &Expr, model: DataModel) -> Option<CType> {
    let Expr::Const(k) = e else { return None };
    if rt::kind(*k) != Some(rt::Kind::Keyword) {
        return None;
    }
    let t = CType::from_keyword(&rt::symbol_name(*k), model)?;
    (!matches!(t, CType::Void) && !t.is_char_ptr()).then_some(t)
}

/// A field index written into the code (define-record-type's procedures
/// have them), small enough for a record to have.
fn constant_index(e: &Expr) -> Option<u64> {
    match e {
        Expr::Const(v) if rt::is_fixnum(*v) => {
            u64::try_from(rt::fixnum_value(*v)).ok().filter(|&i| i < u32::MAX as u64)
        }
        _ => None,
    }
}
