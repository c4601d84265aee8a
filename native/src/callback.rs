//! Callbacks in compiled programs. For each C signature the program makes
//! callbacks of, the module holds a pool of `POOL` native functions with
//! that signature (thunks), made at compile time: no code is generated at
//! run time, so the scheme works where memory cannot be made executable
//! (wasm32). Thunk `i` passes `i` and its arguments to the signature's one
//! body, which finds the procedure through the slot the pool's `slots[i]`
//! names, converts C's arguments to Elle values, applies the procedure, and
//! converts the value back (a struct by value too); an error that escapes
//! ends the program (`elle_callback_failed`, at the place the callback was
//! made if the error has none), as Elle does not unwind through C.
//! `make-c-callback` takes a free thunk of the pool (the runtime's
//! `elle_native_callback`); `c-free` gives it back.

use super::ccall::Part;
use super::lower::{FnCx, Lowered};
use super::Codegen;
use elle::analysis::ir::Expr;
use elle::ctype::{CFunction, CSignature, CType, Record};
use elle::source::Span;
use inkwell::module::Linkage;
use inkwell::values::{FunctionValue, GlobalValue, IntValue, PointerValue};
use inkwell::IntPredicate;

/// Callbacks of one signature that may be alive at once.
pub const POOL: usize = 128;

impl<'ctx> Codegen<'ctx, '_> {
    /// `(make-c-callback proc ...)`: a free thunk of signature `sig`'s pool.
    pub(super) fn make_callback(
        &mut self,
        cx: &mut FnCx<'ctx>,
        sig: u32,
        proc: &Expr,
        span: Span,
    ) -> Lowered<'ctx> {
        let Some(f) = self.expr(cx, proc)? else { return Ok(None) };
        let pool = self.thunk_pool(sig);
        let made = self.loc(span);
        let v = self.call_rt("elle_native_callback", &[pool.into(), f.into(), made.into()]);
        self.check(cx, v, span);
        Ok(Some(v))
    }

    /// The pool descriptor (`ElleThunkPool`) of signature `sig`, made with
    /// its thunks when first needed.
    fn thunk_pool(&mut self, sig: u32) -> PointerValue<'ctx> {
        let name = format!("elle.callbacks.{sig}");
        if let Some(g) = self.module.get_global(&name) {
            return g.as_pointer_value();
        }
        let s = self.prog.cimports.callbacks[sig as usize].clone();
        let slots_ty = self.i64t.array_type(POOL as u32);
        let slots = self.module.add_global(slots_ty, None, &format!("{name}.slots"));
        slots.set_linkage(Linkage::Internal);
        let free = vec![self.i64t.const_all_ones(); POOL];
        slots.set_initializer(&self.i64t.const_array(&free));
        let made_ty = self.ptrt.array_type(POOL as u32);
        let made = self.module.add_global(made_ty, None, &format!("{name}.made"));
        made.set_linkage(Linkage::Internal);
        made.set_initializer(&made_ty.const_zero());
        // thunks are whole functions: build them away from the current one
        let here = self.b.get_insert_block();
        self.b.unset_current_debug_location();
        let body = self.thunk_body(&s, sig, slots, made);
        let thunks: Vec<_> = (0..POOL)
            .map(|i| self.thunk(&s, sig, i, body).as_global_value().as_pointer_value())
            .collect();
        if let Some(bb) = here {
            self.b.position_at_end(bb);
        }
        let thunks_ty = self.ptrt.array_type(POOL as u32);
        let table = self.module.add_global(thunks_ty, None, &format!("{name}.thunks"));
        table.set_linkage(Linkage::Internal);
        table.set_constant(true);
        table.set_initializer(&self.ptrt.const_array(&thunks));
        // { size, thunks, slots, made, next (the runtime links pools it has used) }
        let desc_ty = self.ctx.struct_type(
            &[
                self.i64t.into(),
                self.ptrt.into(),
                self.ptrt.into(),
                self.ptrt.into(),
                self.ptrt.into(),
            ],
            false,
        );
        let desc = self.module.add_global(desc_ty, None, &name);
        desc.set_linkage(Linkage::Internal);
        desc.set_initializer(&desc_ty.const_named_struct(&[
            self.i64t.const_int(POOL as u64, false).into(),
            table.as_pointer_value().into(),
            slots.as_pointer_value().into(),
            made.as_pointer_value().into(),
            self.ptrt.const_null().into(),
        ]));
        desc.as_pointer_value()
    }

    /// Return struct value `v` (of record `r`, or `failed`) as C takes a
    /// struct result: its bytes copied to `sret`, or loaded as eightbytes.
    fn struct_result(
        &mut self,
        r: &Record,
        v: IntValue<'ctx>,
        part: Option<Part<'ctx>>,
        sret: Option<PointerValue<'ctx>>,
        failed: inkwell::basic_block::BasicBlock<'ctx>,
    ) {
        let f = self.b.get_insert_block().and_then(|b| b.get_parent()).expect("in a function");
        let slot = self.b.build_alloca(self.ptrt, "bytes_slot").expect("alloca");
        let (tyname, who) =
            (self.cstring(r.name.as_bytes()), self.cstring(b"the callback's result"));
        let ok = self.call_rt(
            "elle_c_arg_struct",
            &[v.into(), tyname.into(), who.into(), self.i32t.const_zero().into(), slot.into()],
        );
        let bad = self
            .b
            .build_int_compare(IntPredicate::EQ, ok, self.i32t.const_zero(), "bad")
            .expect("cmp");
        let good = self.ctx.append_basic_block(f, "struct_ok");
        self.b.build_conditional_branch(bad, failed, good).expect("br");
        self.b.position_at_end(good);
        let bytes = self.b.build_load(self.ptrt, slot, "bytes").expect("load").into_pointer_value();
        let size = self.i64t.const_int(r.size, false);
        match (part, sret) {
            (Some(Part::Pieces(tys)), _) => {
                // through a buffer of whole eightbytes: the struct may end inside its last
                let buf = self
                    .b
                    .build_alloca(self.i64t.array_type(tys.len() as u32), "eightbytes")
                    .expect("alloca");
                self.b.build_memcpy(buf, 8, bytes, 1, size).expect("memcpy");
                let vals: Vec<inkwell::values::BasicValueEnum> = tys
                    .iter()
                    .enumerate()
                    .map(|(k, ty)| {
                        // SAFETY: k is below the buffer's length.
                        let at = unsafe {
                            self.b.build_in_bounds_gep(
                                self.i64t,
                                buf,
                                &[self.i64t.const_int(k as u64, false)],
                                "eb",
                            )
                        }
                        .expect("gep");
                        self.b.build_load(*ty, at, "eb").expect("load")
                    })
                    .collect();
                let ret = match vals.as_slice() {
                    [one] => *one,
                    _ => {
                        let ty = self.ctx.struct_type(&tys, false);
                        let mut agg = ty.get_undef();
                        for (k, v) in vals.iter().enumerate() {
                            agg = self
                                .b
                                .build_insert_value(agg, *v, k as u32, "agg")
                                .expect("insert")
                                .into_struct_value();
                        }
                        agg.into()
                    }
                };
                self.b.build_return(Some(&ret)).expect("ret");
            }
            (_, Some(out)) => {
                self.b.build_memcpy(out, 8, bytes, 1, size).expect("memcpy");
                self.b.build_return(None).expect("ret");
            }
            _ => unreachable!("a struct result is in eightbytes or in memory"),
        }
    }

    /// A struct value of record `r` from its bytes at `bytes`.
    fn struct_value(&mut self, r: &Record, bytes: PointerValue<'ctx>) -> IntValue<'ctx> {
        let ty = self.cstring(r.name.as_bytes());
        self.call_rt(
            "elle_make_cstruct",
            &[ty.into(), self.i64t.const_int(r.size, false).into(), bytes.into()],
        )
    }

    /// Thunk `i` of signature `s`: a C function with that signature that
    /// passes its index and its arguments to the signature's `body`. (One
    /// body per signature, not per thunk: the pool compiles quickly.)
    fn thunk(
        &mut self,
        s: &CSignature,
        sig: u32,
        i: usize,
        body: FunctionValue<'ctx>,
    ) -> FunctionValue<'ctx> {
        let (fty, attrs) = self.c_signature(&Self::as_c(s));
        let f = self.module.add_function(
            &format!("elle.callback.{sig}.{i}"),
            fty,
            Some(Linkage::Internal),
        );
        for (at, a) in attrs {
            f.add_attribute(at, a);
        }
        self.b.position_at_end(self.ctx.append_basic_block(f, "entry"));
        let args: Vec<inkwell::values::BasicMetadataValueEnum> =
            std::iter::once(self.i64t.const_int(i as u64, false).into())
                .chain(f.get_param_iter().map(Into::into))
                .collect();
        let call = self.b.build_call(body, &args, "r").expect("call");
        call.set_tail_call(true);
        match call.try_as_basic_value().basic() {
            Some(v) => self.b.build_return(Some(&v)).expect("ret"),
            None => self.b.build_return(None).expect("ret"),
        };
        f
    }

    /// The signature as C's callers lower it: structs as their eightbytes
    /// or in memory, small integers extended.
    fn as_c(s: &CSignature) -> CFunction {
        CFunction::declared("callback", s.params.clone(), s.ret.clone(), false, 0)
    }

    /// What every thunk of signature `s` does, given the thunk's index `i`
    /// and its C arguments (a struct C passed in memory, by the pointer the
    /// thunk received): call the procedure in the runtime slot `slots[i]`
    /// names, with the arguments as Elle values, and give its value as C's.
    fn thunk_body(
        &mut self,
        s: &CSignature,
        sig: u32,
        slots: GlobalValue<'ctx>,
        made: GlobalValue<'ctx>,
    ) -> FunctionValue<'ctx> {
        let as_c = Self::as_c(s);
        let (fty, _) = self.c_signature(&as_c);
        let params: Vec<inkwell::types::BasicMetadataTypeEnum> =
            std::iter::once(self.i64t.into()).chain(fty.get_param_types()).collect();
        let body_ty = match fty.get_return_type() {
            Some(r) => inkwell::types::BasicType::fn_type(&r, &params, false),
            None => self.ctx.void_type().fn_type(&params, false),
        };
        let f = self.module.add_function(
            &format!("elle.callback.{sig}.body"),
            body_ty,
            Some(Linkage::Internal),
        );
        // 128 thunks call it: inlined, it would be compiled 128 times
        f.add_attribute(
            inkwell::attributes::AttributeLoc::Function,
            self.ctx.create_enum_attribute(
                inkwell::attributes::Attribute::get_named_enum_kind_id("noinline"),
                0,
            ),
        );
        let entry = self.ctx.append_basic_block(f, "entry");
        let failed = self.ctx.append_basic_block(f, "failed");
        let i = f.get_first_param().expect("the thunk's index").into_int_value();
        self.b.position_at_end(failed);
        // SAFETY: every thunk's index is within the POOL-element array.
        let made_at = unsafe {
            self.b.build_in_bounds_gep(
                made.get_value_type().into_array_type(),
                made.as_pointer_value(),
                &[self.i64t.const_zero(), i],
                "madep",
            )
        }
        .expect("gep");
        let made_at = self.b.build_load(self.ptrt, made_at, "made").expect("load");
        self.call_rt("elle_callback_failed", &[made_at.into()]);
        self.b.build_unreachable().expect("unreachable");

        self.b.position_at_end(entry);
        self.call_rt("elle_callback_enter", &[]);
        let name = self.cstring(b"callback");
        // SAFETY: every thunk's index is within the POOL-element array.
        let slot_ptr = unsafe {
            self.b.build_in_bounds_gep(
                self.i64t.array_type(POOL as u32),
                slots.as_pointer_value(),
                &[self.i64t.const_zero(), i],
                "slotp",
            )
        }
        .expect("gep");
        let slot = self.b.build_load(self.i64t, slot_ptr, "slot").expect("load").into_int_value();
        // a freed callback's slot is -1
        let freed = self
            .b
            .build_int_compare(IntPredicate::SLT, slot, self.i64t.const_zero(), "freed")
            .expect("cmp");
        let (freed_bb, live_bb) =
            (self.ctx.append_basic_block(f, "freed"), self.ctx.append_basic_block(f, "live"));
        self.b.build_conditional_branch(freed, freed_bb, live_bb).expect("br");
        self.b.position_at_end(freed_bb);
        self.call_rt("elle_callback_freed", &[]);
        self.b.build_unreachable().expect("unreachable");
        self.b.position_at_end(live_bb);
        let procs = self.load_ptr(self.rt_global("elle_callback_procs"), "procs");
        let proc = self.load_index(procs, slot, "proc");
        let exc = self.imm(elle_runtime::EXC);
        let next_or_fail = |cg: &mut Self, v: inkwell::values::IntValue<'ctx>| {
            let bad = cg.b.build_int_compare(IntPredicate::EQ, v, exc, "exc").expect("cmp");
            let ok = cg.ctx.append_basic_block(f, "ok");
            cg.b.build_conditional_branch(bad, failed, ok).expect("br");
            cg.b.position_at_end(ok);
        };
        // all converted first (the collector sees them on this stack), then
        // into the argument buffer, which it does not scan
        let mut vals = Vec::with_capacity(s.params.len());
        let (ret_part, parts) = self.c_parts(&as_c);
        let mut next_param = f.get_param_iter().skip(1);
        // a struct result in memory: where to write it (C's hidden pointer)
        let sret = matches!(ret_part, Some(Part::Memory(_)))
            .then(|| next_param.next().expect("the result's pointer").into_pointer_value());
        for (t, part) in s.params.iter().zip(parts) {
            let v = match (t, part) {
                (CType::Record(r), Part::Pieces(tys)) => {
                    // the eightbytes back into the struct's bytes
                    let buf = self
                        .b
                        .build_alloca(self.i64t.array_type(tys.len().max(2) as u32), "bytes")
                        .expect("alloca");
                    for k in 0..tys.len() {
                        let p = next_param.next().expect("an eightbyte");
                        // SAFETY: k is below the buffer's length.
                        let at = unsafe {
                            self.b.build_in_bounds_gep(
                                self.i64t,
                                buf,
                                &[self.i64t.const_int(k as u64, false)],
                                "eb",
                            )
                        }
                        .expect("gep");
                        self.b.build_store(at, p).expect("store");
                    }
                    self.struct_value(r, buf)
                }
                (CType::Record(r), _) => {
                    let bytes = next_param.next().expect("a byval pointer").into_pointer_value();
                    self.struct_value(r, bytes)
                }
                (t, _) => {
                    let p = next_param.next().expect("a parameter");
                    self.elle_value(p, t, name)
                }
            };
            next_or_fail(self, v);
            vals.push(v);
        }
        let args = self.load_ptr(self.rt_global("elle_args"), "args");
        for (k, v) in vals.into_iter().enumerate() {
            self.store_index(args, self.i64t.const_int(k as u64, false), v);
        }
        // called as compiled code calls a procedure value: an error in it
        // goes to `failed`
        let cx = FnCx::new(f, proc, failed, None, false, None);
        let argc = self.i64t.const_int(s.params.len() as u64, false);
        let r = self
            .call_args_buffer(&cx, proc, argc, Some(s.params.len() as u64), false, Span::default())
            .expect("a value call")
            .expect("returns");
        if s.ret == CType::Void {
            self.b.build_return(None).expect("ret");
            return f;
        }
        if let CType::Record(rec) = &s.ret {
            self.struct_result(rec, r, ret_part, sret, failed);
            return f;
        }
        // the result: a fixnum in range inline, else through the runtime
        let after_call = self.b.get_insert_block().expect("block");
        let ret_bb = self.ctx.append_basic_block(f, "return");
        let slow = self.ctx.append_basic_block(f, "result_slow");
        self.b.position_at_end(ret_bb);
        let ret_ty = self.c_type(&s.ret).expect("a result type");
        let ret_phi = self.b.build_phi(ret_ty, "result").expect("phi");
        self.b.build_return(Some(&ret_phi.as_basic_value())).expect("ret");
        self.b.position_at_end(after_call);
        if matches!(s.ret, CType::Int { .. } | CType::Float | CType::Double) {
            let fast = self.fixnum_as_c(r, &s.ret, slow);
            ret_phi.add_incoming(&[(&fast, self.b.get_insert_block().expect("block"))]);
            self.b.build_unconditional_branch(ret_bb).expect("br");
        } else {
            self.b.build_unconditional_branch(slow).expect("br");
        }
        self.b.position_at_end(slow);
        let bits = self.b.build_alloca(self.i64t, "bits").expect("alloca");
        let c = s.ret.param_conv(self.target.data);
        let result_name = self.cstring(b"the callback's result");
        let ok = self.call_rt(
            "elle_c_arg",
            &[
                r.into(),
                self.i32t.const_int(c.kind as u64, false).into(),
                self.i32t.const_int(c.bytes as u64, false).into(),
                result_name.into(),
                self.i32t.const_zero().into(),
                bits.into(),
            ],
        );
        let bad = self
            .b
            .build_int_compare(IntPredicate::EQ, ok, self.i32t.const_zero(), "bad")
            .expect("cmp");
        let good = self.ctx.append_basic_block(f, "converted");
        self.b.build_conditional_branch(bad, failed, good).expect("br");
        self.b.position_at_end(good);
        let b = self.b.build_load(self.i64t, bits, "b").expect("load").into_int_value();
        let v = self.c_value_of_bits(b, &s.ret);
        ret_phi.add_incoming(&[(&v, self.b.get_insert_block().expect("block"))]);
        self.b.build_unconditional_branch(ret_bb).expect("br");
        f
    }
}
