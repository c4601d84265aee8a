//! Calls of imported C functions: a direct `call` of the C symbol, declared
//! with its C prototype (scalars map to LLVM types one to one; small
//! integers carry the sign/zero-extension attributes the C ABI expects;
//! aggregates pass as the target's `CAbi` lowers them). Arguments and results convert through the runtime's
//! `elle_c_arg`/`elle_c_result`, the same code the interpreter uses.

use super::lower::FnCx;
use super::Codegen;
use elle::analysis::ir::Expr;
use elle::cimport::shim;
use elle::ctype::{CFunction, CType, Reach};
use elle::source::Span;
use elle::target::{Pass, Piece, Variadic};
use elle_runtime as rt;
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum, FunctionType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValueEnum, CallSiteValue, FunctionValue, IntValue, PointerValue,
};
use inkwell::IntPredicate;

pub(super) enum Part<'ctx> {
    Scalar(BasicTypeEnum<'ctx>),
    Pieces(Vec<BasicTypeEnum<'ctx>>),
    Memory(inkwell::types::ArrayType<'ctx>),
}

impl<'ctx> Codegen<'ctx, '_> {
    pub(super) fn c_type(&self, t: &CType) -> Option<BasicTypeEnum<'ctx>> {
        Some(match t {
            CType::Void => return None,
            CType::Bool => self.ctx.bool_type().into(),
            CType::Int { bytes, .. } => self.int_type(*bytes).into(),
            CType::Float => self.ctx.f32_type().into(),
            CType::Double => self.ctx.f64_type().into(),
            CType::Pointer { .. } => self.ptrt.into(),
            CType::Unsupported(_)
            | CType::Record(_)
            | CType::Array(..)
            | CType::Text(_)
            | CType::Function(_) => unreachable!("the analysis rejects unsupported types"),
        })
    }

    fn int_type(&self, bytes: u8) -> inkwell::types::IntType<'ctx> {
        match bytes {
            1 => self.ctx.i8_type(),
            2 => self.ctx.i16_type(),
            4 => self.ctx.i32_type(),
            _ => self.ctx.i64_type(),
        }
    }

    /// The extension attribute a small integer needs, if any.
    pub(super) fn extension(&self, t: &CType) -> Option<Attribute> {
        let kind = match t {
            CType::Bool | CType::Int { bytes: 1 | 2, signed: false } => "zeroext",
            CType::Int { bytes: 1 | 2, signed: true } => "signext",
            _ => return None,
        };
        Some(self.ctx.create_enum_attribute(Attribute::get_named_enum_kind_id(kind), 0))
    }

    /// How one C value crosses a call in LLVM terms, as the target's C ABI
    /// passes it.
    fn part(&self, t: &CType, pass: Pass) -> Part<'ctx> {
        match pass {
            Pass::Direct => Part::Scalar(self.c_type(t).expect("not void")),
            Pass::Pieces(pieces) => Part::Pieces(
                pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Double => self.ctx.f64_type().into(),
                        Piece::Float => self.ctx.f32_type().into(),
                        Piece::Int(n) => super::int_type(self.ctx, *n).into(),
                    })
                    .collect(),
            ),
            Pass::Memory { size } => Part::Memory(self.ctx.i8_type().array_type(size as u32)),
        }
    }

    /// The parts of a call: the result's, and each parameter's.
    pub(super) fn c_parts(&self, f: &CFunction) -> (Option<Part<'ctx>>, Vec<Part<'ctx>>) {
        let lowering = self.target.abi.lower(&f.params, &f.ret);
        let ret = lowering.result.map(|p| self.part(&f.ret, p));
        let params = f.params.iter().zip(lowering.params).map(|(t, p)| self.part(t, p)).collect();
        (ret, params)
    }

    /// The LLVM signature of a C function and the attributes its parameters
    /// and result need (extension of small integers, byval and sret).
    pub(super) fn c_signature(
        &self,
        f: &CFunction,
    ) -> (FunctionType<'ctx>, Vec<(AttributeLoc, Attribute)>) {
        use inkwell::types::BasicType;
        let mut params: Vec<BasicMetadataTypeEnum> = Vec::new();
        let mut attrs = Vec::new();
        let kind = |n: &str| Attribute::get_named_enum_kind_id(n);
        let align8 = self.ctx.create_enum_attribute(kind("align"), 8);
        let (ret, parts) = self.c_parts(f);
        if let Some(Part::Memory(a)) = &ret {
            attrs.push((
                AttributeLoc::Param(0),
                self.ctx.create_type_attribute(kind("sret"), (*a).into()),
            ));
            attrs.push((AttributeLoc::Param(0), align8));
            params.push(self.ptrt.into());
        }
        for (t, part) in f.params.iter().zip(parts) {
            match part {
                Part::Scalar(ty) => {
                    if let Some(a) = self.extension(t) {
                        attrs.push((AttributeLoc::Param(params.len() as u32), a));
                    }
                    params.push(ty.into());
                }
                Part::Pieces(tys) => {
                    params.extend(tys.into_iter().map(BasicMetadataTypeEnum::from))
                }
                Part::Memory(a) => {
                    let at = AttributeLoc::Param(params.len() as u32);
                    attrs.push((at, self.ctx.create_type_attribute(kind("byval"), a.into())));
                    attrs.push((at, align8));
                    params.push(self.ptrt.into());
                }
            }
        }
        if let Some(a) = self.extension(&f.ret) {
            attrs.push((AttributeLoc::Return, a));
        }
        // extras in a buffer: what the callee takes is the buffer's address,
        // after the fixed parameters (`variadic_call`)
        let variadic = f.variadic && !self.varargs_in_buffer(f);
        if f.variadic && !variadic {
            params.push(self.ptrt.into());
        }
        let ty = match ret {
            Some(Part::Scalar(t)) => t.fn_type(&params, variadic),
            Some(Part::Pieces(ts)) if ts.len() == 1 => ts[0].fn_type(&params, variadic),
            Some(Part::Pieces(ts)) => self.ctx.struct_type(&ts, false).fn_type(&params, variadic),
            Some(Part::Memory(_)) | None => self.ctx.void_type().fn_type(&params, variadic),
        };
        (ty, attrs)
    }

    /// Do `f`'s variadic extras travel in a buffer (WebAssembly)?
    fn varargs_in_buffer(&self, f: &CFunction) -> bool {
        matches!(self.target.abi.lower(&f.params, &f.ret).variadic, Variadic::Buffer)
    }

    /// The call itself: direct, or through the shim's pointer for a
    /// `static inline` function.
    fn c_call_instruction(
        &mut self,
        f: &CFunction,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> CallSiteValue<'ctx> {
        let (ty, attrs) = self.c_signature(f);
        let call = if f.by_pointer() {
            // the callee leads the arguments (`c_call`)
            self.b
                .build_indirect_call(ty, args[0].into_pointer_value(), &args[1..], "c")
                .expect("call")
        } else if f.shim().is_none() {
            self.b.build_call(self.c_declaration(f), args, "c").expect("call")
        } else {
            let sym = shim::symbol(&f.c_name);
            let g = self
                .module
                .get_global(&sym)
                .unwrap_or_else(|| self.module.add_global(self.ptrt, None, &sym));
            let fp = self
                .b
                .build_load(self.ptrt, g.as_pointer_value(), "shim")
                .expect("load")
                .into_pointer_value();
            self.b.build_indirect_call(ty, fp, args, "c").expect("call")
        };
        for (at, a) in attrs {
            call.add_attribute(at, a);
        }
        if self.saves_errno {
            self.call_rt("elle_save_errno", &[]);
        }
        call
    }

    /// The call of `f` on `args`, and its result. In a program that uses
    /// the FFI safety checks, while they are on the call goes through
    /// `elle_guarded_call` and a wrapper (its arguments and result in a
    /// frame), so a crash in C is an Elle error here, as in `elle`.
    fn c_call_result(
        &mut self,
        cx: &FnCx<'ctx>,
        f: &CFunction,
        args: &[BasicMetadataValueEnum<'ctx>],
        name: PointerValue<'ctx>,
        span: Span,
    ) -> Option<BasicValueEnum<'ctx>> {
        if !self.guards_calls {
            return self.c_call_instruction(f, args).try_as_basic_value().basic();
        }
        let arg_tys: Vec<BasicTypeEnum> = args
            .iter()
            .map(|a| BasicValueEnum::try_from(*a).expect("a value").get_type())
            .collect();
        let ret_ty = self.c_signature(f).0.get_return_type();
        let mut fields = arg_tys.clone();
        fields.extend(ret_ty);
        let frame_ty = self.ctx.struct_type(&fields, false);
        let safety = self
            .b
            .build_load(self.i32t, self.rt_global("elle_ffi_safety"), "safety")
            .expect("load")
            .into_int_value();
        let on = self
            .b
            .build_int_compare(IntPredicate::NE, safety, self.i32t.const_zero(), "on")
            .expect("cmp");
        let (direct, guarded, join) = (
            self.ctx.append_basic_block(cx.f, "c_direct"),
            self.ctx.append_basic_block(cx.f, "c_guarded"),
            self.ctx.append_basic_block(cx.f, "c_done"),
        );
        self.b.build_conditional_branch(on, guarded, direct).expect("br");
        self.b.position_at_end(direct);
        let r1 = self.c_call_instruction(f, args).try_as_basic_value().basic();
        let direct_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");

        self.b.position_at_end(guarded);
        let frame = self.b.build_alloca(frame_ty, "frame").expect("alloca");
        for (k, a) in args.iter().enumerate() {
            let p = self.b.build_struct_gep(frame_ty, frame, k as u32, "arg").expect("gep");
            self.b.build_store(p, BasicValueEnum::try_from(*a).expect("a value")).expect("store");
        }
        let wrapper = self.guard_wrapper(f, frame_ty, args.len());
        let sig = self.call_rt(
            "elle_guarded_call",
            &[wrapper.as_global_value().as_pointer_value().into(), frame.into()],
        );
        let crashed = self
            .b
            .build_int_compare(IntPredicate::NE, sig, self.i32t.const_zero(), "crashed")
            .expect("cmp");
        let (bad, ok) = (
            self.ctx.append_basic_block(cx.f, "c_crashed"),
            self.ctx.append_basic_block(cx.f, "c_returned"),
        );
        self.b.build_conditional_branch(crashed, bad, ok).expect("br");
        self.b.position_at_end(bad);
        self.call_rt("elle_raise_crash", &[name.into(), sig.into()]);
        self.raise_here(cx, span);
        self.b.position_at_end(ok);
        let r2 = ret_ty.map(|t| {
            let p =
                self.b.build_struct_gep(frame_ty, frame, args.len() as u32, "ret").expect("gep");
            self.b.build_load(t, p, "r").expect("load")
        });
        let guarded_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(join);
        match (r1, r2) {
            (Some(a), Some(b)) => {
                let phi = self.b.build_phi(a.get_type(), "c").expect("phi");
                phi.add_incoming(&[(&a, direct_end), (&b, guarded_end)]);
                Some(phi.as_basic_value())
            }
            _ => None,
        }
    }

    /// `void elle.guard.F(frame)`: calls F on the arguments in the frame
    /// and stores its result after them.
    fn guard_wrapper(
        &mut self,
        f: &CFunction,
        frame_ty: inkwell::types::StructType<'ctx>,
        nargs: usize,
    ) -> FunctionValue<'ctx> {
        // one per C function and frame shape (a variadic call's, a pointer's)
        let wname = format!("elle.guard.{}.{}", f.c_name, frame_ty.print_to_string().to_string());
        if let Some(w) = self.module.get_function(&wname) {
            return w;
        }
        let w = self.module.add_function(
            &wname,
            self.ctx.void_type().fn_type(&[self.ptrt.into()], false),
            Some(inkwell::module::Linkage::Internal),
        );
        let here = self.b.get_insert_block();
        let loc = self.b.get_current_debug_location();
        self.b.unset_current_debug_location();
        self.b.position_at_end(self.ctx.append_basic_block(w, "entry"));
        let frame = w.get_nth_param(0).expect("frame").into_pointer_value();
        let args: Vec<BasicMetadataValueEnum> = (0..nargs)
            .map(|k| {
                let ty = frame_ty.get_field_type_at_index(k as u32).expect("field");
                let p = self.b.build_struct_gep(frame_ty, frame, k as u32, "a").expect("gep");
                self.b.build_load(ty, p, "a").expect("load").into()
            })
            .collect();
        if let Some(r) = self.c_call_instruction(f, &args).try_as_basic_value().basic() {
            let p = self.b.build_struct_gep(frame_ty, frame, nargs as u32, "r").expect("gep");
            self.b.build_store(p, r).expect("store");
        }
        self.b.build_return(None).expect("ret");
        if let Some(bb) = here {
            self.b.position_at_end(bb);
        }
        if let Some(l) = loc {
            self.b.set_current_debug_location(l);
        }
        w
    }

    fn c_declaration(&self, f: &CFunction) -> FunctionValue<'ctx> {
        if let Some(d) = self.module.get_function(&f.c_name) {
            return d;
        }
        let (ty, attrs) = self.c_signature(f);
        let d = self.module.add_function(&f.c_name, ty, Some(inkwell::module::Linkage::External));
        for (at, a) in attrs {
            d.add_attribute(at, a);
        }
        d
    }

    pub(super) fn c_call(
        &mut self,
        cx: &mut FnCx<'ctx>,
        func: u32,
        args: &[Expr],
        span: Span,
    ) -> Result<Option<IntValue<'ctx>>, String> {
        self.holding(cx, |cg, cx| cg.c_call_held(cx, func, args, span))
    }

    fn c_call_held(
        &mut self,
        cx: &mut FnCx<'ctx>,
        func: u32,
        args: &[Expr],
        span: Span,
    ) -> Result<Option<IntValue<'ctx>>, String> {
        let f = self.prog.cimports.functions[func as usize].clone();
        if let Reach::Variable { array } = f.reach {
            return Ok(Some(self.c_variable(cx, &f, array, span)));
        }
        // held until the call returns: C may call back into Elle
        let Some(mut vals) = self.operands(cx, args, true)? else { return Ok(None) };
        let name = self.cstring(f.c_name.as_bytes());
        let mut c_args: Vec<BasicMetadataValueEnum> = Vec::with_capacity(vals.len() + 1);
        if f.by_pointer() {
            // the function the first argument points to: the callee, first
            let code = self.call_rt("elle_c_function_pointer", &[vals.remove(0).into()]);
            let null = self
                .b
                .build_int_compare(IntPredicate::EQ, code, self.i64t.const_zero(), "null")
                .expect("cmp");
            self.raise_if(cx, null, span);
            c_args.push(self.b.build_int_to_ptr(code, self.ptrt, "code").expect("ptr").into());
        }
        // a struct value or typed pointer where C takes a pointer to another struct type
        for (i, t) in f.params.iter().enumerate() {
            if let Some(expected) = elle::ctype::Record::pointee_of(t) {
                let e = self.cstring(expected.as_bytes());
                let ok = self.call_rt(
                    "elle_c_check_pointee",
                    &[
                        vals[i].into(),
                        e.into(),
                        name.into(),
                        self.i32t.const_int(i as u64 + 1, false).into(),
                    ],
                );
                self.raise_unless(cx, ok, span);
            }
        }
        // a vector where C takes a pointer to scalars: a C array for the call
        let mut arrays = Vec::new();
        for (i, t) in f.params.iter().enumerate() {
            if let Some((c, write)) = t.vector_elements(self.target.data) {
                let slot = self.entry_alloca(cx, self.i64t.array_type(1));
                let kind = self.i32t.const_int(c.kind as u64, false);
                let bytes = self.i32t.const_int(c.bytes as u64, false);
                let v = self.call_rt(
                    "elle_c_vector_in",
                    &[
                        vals[i].into(),
                        kind.into(),
                        bytes.into(),
                        name.into(),
                        self.i32t.const_int(i as u64 + 1, false).into(),
                        slot.into(),
                    ],
                );
                self.check(cx, v, span);
                arrays.push((vals[i], slot, kind, bytes, write));
                vals[i] = v;
            }
        }
        // a struct result: a buffer of whole eightbytes, passed first if in memory
        let result_buf = match &f.ret {
            CType::Record(r) => Some(
                self.entry_alloca(cx, self.i64t.array_type((r.size as u32).div_ceil(8).max(2))),
            ),
            _ => None,
        };
        let (ret_part, parts) = self.c_parts(&f);
        if let (Some(buf), Some(Part::Memory(_))) = (result_buf, ret_part) {
            c_args.push(buf.into());
        }
        for (i, ((&v, t), part)) in vals.iter().zip(&f.params).zip(parts).enumerate() {
            match (t, part) {
                (CType::Record(r), part) => {
                    let bytes = self.c_struct_arg(cx, v, &r.name, i, name, span);
                    match part {
                        Part::Memory(_) => c_args.push(bytes.into()),
                        Part::Pieces(tys) => {
                            for (k, ty) in tys.into_iter().enumerate() {
                                // SAFETY: within the struct's bytes, rounded up to whole eightbytes.
                                let p = unsafe {
                                    self.b
                                        .build_in_bounds_gep(
                                            self.ctx.i8_type(),
                                            bytes,
                                            &[self.i64t.const_int(8 * k as u64, false)],
                                            "eb",
                                        )
                                        .expect("gep")
                                };
                                c_args.push(
                                    self.b.build_load(ty, p, "eightbyte").expect("load").into(),
                                );
                            }
                        }
                        Part::Scalar(_) => unreachable!("records are not scalars"),
                    }
                }
                _ => c_args.push(self.c_arg(cx, v, t, i, name, span).into()),
            }
        }
        if f.variadic {
            return self
                .variadic_call(cx, &f, c_args, &vals[f.params.len()..], name, span)
                .map(Some);
        }
        let result = self.c_call_result(cx, &f, &c_args, name, span);
        for (v, slot, kind, bytes, write) in arrays {
            let array = self.b.build_load(self.ptrt, slot, "array").expect("load");
            let write = self.i32t.const_int(write as u64, false);
            let r = self.call_rt(
                "elle_c_vector_out",
                &[v.into(), array.into(), kind.into(), bytes.into(), write.into()],
            );
            self.check(cx, r, span);
        }
        if let (CType::Record(r), Some(buf)) = (&f.ret, result_buf) {
            if let Some(v) = result {
                // eightbytes come back in registers: store them in the buffer
                match v {
                    BasicValueEnum::StructValue(sv) => {
                        for k in 0..sv.get_type().count_fields() {
                            let x = self.b.build_extract_value(sv, k, "eb").expect("extract");
                            // SAFETY: the buffer holds at least two eightbytes.
                            let p = unsafe {
                                self.b
                                    .build_in_bounds_gep(
                                        self.i64t,
                                        buf,
                                        &[self.i64t.const_int(k as u64, false)],
                                        "p",
                                    )
                                    .expect("gep")
                            };
                            self.b.build_store(p, x).expect("store");
                        }
                    }
                    x => {
                        self.b.build_store(buf, x).expect("store");
                    }
                }
            }
            let ty = self.cstring(r.name.as_bytes());
            let v = self.call_rt(
                "elle_make_cstruct",
                &[ty.into(), self.i64t.const_int(r.size, false).into(), buf.into()],
            );
            return Ok(Some(v));
        }
        Ok(Some(match (result, f.ret_layout) {
            (None, _) => self.imm(rt::NIL),
            // a pointer to a struct Elle knows: typed
            (Some(r), Some(id)) => {
                let bits = self.to_bits(r, &f.ret);
                self.call_rt(
                    "elle_c_result_typed",
                    &[bits.into(), self.i32t.const_int(id as u64, false).into()],
                )
            }
            (Some(r), None) => self.c_result(cx, r, &f.ret, name, span),
        }))
    }

    /// A variadic call. Each extra argument's class (integer or double) is
    /// known only from its value at run time, and decides where it travels:
    /// the next free general register, the next free vector register, or
    /// else the stack, in order (System V). The callee reads the two
    /// register files and the stack each in order, so one call shape serves
    /// every mix: every free general register as an `i64`, every free vector
    /// register as a `double`, then a stack slot per extra argument (those
    /// the callee does not read are harmless: the caller pops them). The
    /// runtime's `elle_c_varargs` fills them from the values.
    fn variadic_call(
        &mut self,
        cx: &FnCx<'ctx>,
        f: &CFunction,
        fixed: Vec<BasicMetadataValueEnum<'ctx>>,
        extra: &[IntValue<'ctx>],
        name: PointerValue<'ctx>,
        span: Span,
    ) -> Result<IntValue<'ctx>, String> {
        let Variadic::Registers { int: gp, vector: sse } =
            self.target.abi.lower(&f.params, &f.ret).variadic
        else {
            return Ok(self.variadic_buffer_call(cx, f, fixed, extra, name, span));
        };
        let k = extra.len() as u32;
        let vals = self.values_in_memory(cx, extra);
        let (gprs, xmms, stack) = (
            self.entry_alloca(cx, self.i64t.array_type(gp.max(1))),
            self.entry_alloca(cx, self.i64t.array_type(sse.max(1))),
            self.entry_alloca(cx, self.i64t.array_type(k.max(1))),
        );
        let int = |cg: &Self, n: u64| cg.i64t.const_int(n, false);
        let first_argno = self.i32t.const_int(f.params.len() as u64 + 1, false);
        let ok = self.call_rt(
            "elle_c_varargs",
            &[
                vals.into(),
                int(self, k as u64).into(),
                name.into(),
                first_argno.into(),
                gprs.into(),
                int(self, gp as u64).into(),
                xmms.into(),
                int(self, sse as u64).into(),
                stack.into(),
            ],
        );
        self.raise_unless(cx, ok, span);
        let mut args = fixed;
        let at = |cg: &Self, base: PointerValue<'ctx>, i: u32| {
            // SAFETY: i is below the array's length.
            let p = unsafe {
                cg.b.build_in_bounds_gep(cg.i64t, base, &[cg.i64t.const_int(i as u64, false)], "va")
            }
            .expect("gep");
            cg.b.build_load(cg.i64t, p, "va").expect("load")
        };
        for i in 0..gp {
            args.push(at(self, gprs, i).into());
        }
        for i in 0..sse {
            let b = at(self, xmms, i);
            args.push(self.b.build_bit_cast(b, self.ctx.f64_type(), "d").expect("cast").into());
        }
        for i in 0..k {
            args.push(at(self, stack, i).into());
        }
        let r = self.c_call_instruction(f, &args).try_as_basic_value().basic();
        Ok(match r {
            Some(r) => self.c_result(cx, r, &f.ret, name, span),
            None => self.imm(rt::NIL),
        })
    }

    /// The value of C variable `f` now, read at its symbol (an array's
    /// value is its address).
    fn c_variable(
        &mut self,
        cx: &FnCx<'ctx>,
        f: &CFunction,
        array: bool,
        span: Span,
    ) -> IntValue<'ctx> {
        let g = self
            .module
            .get_global(&f.c_name)
            .unwrap_or_else(|| self.module.add_global(self.ctx.i8_type(), None, &f.c_name));
        let at = g.as_pointer_value();
        let name = self.cstring(f.c_name.as_bytes());
        match &f.ret {
            _ if array => self.c_result(cx, at.into(), &f.ret, name, span),
            CType::Record(r) => {
                let ty = self.cstring(r.name.as_bytes());
                self.call_rt(
                    "elle_make_cstruct",
                    &[ty.into(), self.i64t.const_int(r.size, false).into(), at.into()],
                )
            }
            t => {
                let ty = self.c_type(t).expect("a variable has a type");
                let v = self.b.build_load(ty, at, "cvar").expect("load");
                self.c_result(cx, v, t, name, span)
            }
        }
    }

    /// `values` in an array of their own, for a runtime helper to read.
    fn values_in_memory(
        &mut self,
        cx: &FnCx<'ctx>,
        values: &[IntValue<'ctx>],
    ) -> PointerValue<'ctx> {
        let array = self.entry_alloca(cx, self.i64t.array_type((values.len() as u32).max(1)));
        for (i, &v) in values.iter().enumerate() {
            self.store_index(array, self.i64t.const_int(i as u64, false), v);
        }
        array
    }

    /// A variadic call whose extras go in one buffer, each at its
    /// alignment, its address the call's last argument (WebAssembly): the
    /// runtime's `elle_c_varargs_buffer` lays the values out as C's
    /// default promotions do (an integer as `long`, a float as `double`).
    fn variadic_buffer_call(
        &mut self,
        cx: &FnCx<'ctx>,
        f: &CFunction,
        fixed: Vec<BasicMetadataValueEnum<'ctx>>,
        extra: &[IntValue<'ctx>],
        name: PointerValue<'ctx>,
        span: Span,
    ) -> IntValue<'ctx> {
        let k = extra.len() as u32;
        let vals = self.values_in_memory(cx, extra);
        // at most 8 bytes each, alignment included
        let buf = self.entry_alloca(cx, self.i64t.array_type(k.max(1)));
        let ok = self.call_rt(
            "elle_c_varargs_buffer",
            &[
                vals.into(),
                self.i64t.const_int(k as u64, false).into(),
                name.into(),
                self.i32t.const_int(f.params.len() as u64 + 1, false).into(),
                buf.into(),
            ],
        );
        self.raise_unless(cx, ok, span);
        let mut args = fixed;
        args.push(buf.into());
        let r = self.c_call_instruction(f, &args).try_as_basic_value().basic();
        match r {
            Some(r) => self.c_result(cx, r, &f.ret, name, span),
            None => self.imm(rt::NIL),
        }
    }

    /// The bytes of a struct argument (an error unless it is a struct of `ty`).
    fn c_struct_arg(
        &mut self,
        cx: &FnCx<'ctx>,
        v: IntValue<'ctx>,
        ty: &str,
        i: usize,
        name: PointerValue<'ctx>,
        span: Span,
    ) -> PointerValue<'ctx> {
        let slot = self.entry_alloca(cx, self.i64t.array_type(1));
        let tyname = self.cstring(ty.as_bytes());
        let ok = self.call_rt(
            "elle_c_arg_struct",
            &[
                v.into(),
                tyname.into(),
                name.into(),
                self.i32t.const_int(i as u64 + 1, false).into(),
                slot.into(),
            ],
        );
        self.raise_unless(cx, ok, span);
        self.b.build_load(self.ptrt, slot, "bytes").expect("load").into_pointer_value()
    }

    /// One argument as its C type: fixnums convert inline (with their range
    /// checked); anything else goes through the runtime's `elle_c_arg`.
    fn c_arg(
        &mut self,
        cx: &FnCx<'ctx>,
        v: IntValue<'ctx>,
        t: &CType,
        i: usize,
        name: PointerValue<'ctx>,
        span: Span,
    ) -> BasicValueEnum<'ctx> {
        let inline = matches!(t, CType::Int { .. } | CType::Float | CType::Double);
        if !inline {
            let bits = self.c_arg_slow(cx, v, t, i, name, span);
            return self.c_value_of_bits(bits, t);
        }
        let (slow, join) = (
            self.ctx.append_basic_block(cx.f, "carg_slow"),
            self.ctx.append_basic_block(cx.f, "carg"),
        );
        let fast_v = self.fixnum_as_c(v, t, slow);
        let fast = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(slow);
        let bits = self.c_arg_slow(cx, v, t, i, name, span);
        let slow_v = self.c_value_of_bits(bits, t);
        let slow_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(join).expect("br");
        self.b.position_at_end(join);
        let phi = self.b.build_phi(fast_v.get_type(), "carg").expect("phi");
        phi.add_incoming(&[(&fast_v, fast), (&slow_v, slow_end)]);
        phi.as_basic_value()
    }

    /// A fixnum `v` as C type `t` (an integer in its range, or a float),
    /// going on in a new block; anything else branches to `slow`.
    pub(super) fn fixnum_as_c(
        &mut self,
        v: IntValue<'ctx>,
        t: &CType,
        slow: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> BasicValueEnum<'ctx> {
        let f = self.b.get_insert_block().and_then(|b| b.get_parent()).expect("in a function");
        let low = self.b.build_and(v, self.i64t.const_int(1, false), "tag").expect("and");
        let is_fix = self
            .b
            .build_int_compare(IntPredicate::NE, low, self.i64t.const_zero(), "fix")
            .expect("cmp");
        let check = self.ctx.append_basic_block(f, "carg_fix");
        self.b.build_conditional_branch(is_fix, check, slow).expect("br");
        self.b.position_at_end(check);
        let n =
            self.b.build_right_shift(v, self.i64t.const_int(1, false), true, "n").expect("ashr");
        let in_range = match t {
            CType::Int { bytes, signed } if *bytes < 8 || !signed => {
                let bits = *bytes as u32 * 8;
                let (lo, hi): (i64, i64) = match (signed, bits) {
                    (true, b) => (-(1i64 << (b - 1)), (1i64 << (b - 1)) - 1),
                    (false, 64) => (0, i64::MAX),
                    (false, b) => (0, (1i64 << b) - 1),
                };
                let ge = self
                    .b
                    .build_int_compare(
                        IntPredicate::SGE,
                        n,
                        self.i64t.const_int(lo as u64, true),
                        "ge",
                    )
                    .expect("cmp");
                let le = self
                    .b
                    .build_int_compare(
                        IntPredicate::SLE,
                        n,
                        self.i64t.const_int(hi as u64, true),
                        "le",
                    )
                    .expect("cmp");
                self.b.build_and(ge, le, "inrange").expect("and")
            }
            _ => self.ctx.bool_type().const_all_ones(),
        };
        let fast = self.ctx.append_basic_block(f, "carg_in");
        self.b.build_conditional_branch(in_range, fast, slow).expect("br");
        self.b.position_at_end(fast);
        match t {
            CType::Int { bytes: 8, .. } => n.into(),
            CType::Int { bytes, .. } => {
                self.b.build_int_truncate(n, self.int_type(*bytes), "i").expect("trunc").into()
            }
            CType::Double => {
                self.b.build_signed_int_to_float(n, self.ctx.f64_type(), "d").expect("cvt").into()
            }
            // through double, as the runtime converts: the same rounding
            CType::Float => {
                let d = self.b.build_signed_int_to_float(n, self.ctx.f64_type(), "d").expect("cvt");
                self.b.build_float_trunc(d, self.ctx.f32_type(), "f").expect("trunc").into()
            }
            _ => unreachable!("inline kinds only"),
        }
    }

    fn c_arg_slow(
        &mut self,
        cx: &FnCx<'ctx>,
        v: IntValue<'ctx>,
        t: &CType,
        i: usize,
        name: PointerValue<'ctx>,
        span: Span,
    ) -> IntValue<'ctx> {
        let c = t.param_conv(self.target.data);
        let slot = self.entry_alloca(cx, self.i64t.array_type(1));
        let ok = self.call_rt(
            "elle_c_arg",
            &[
                v.into(),
                self.i32t.const_int(c.kind as u64, false).into(),
                self.i32t.const_int(c.bytes as u64, false).into(),
                name.into(),
                self.i32t.const_int(i as u64 + 1, false).into(),
                slot.into(),
            ],
        );
        self.raise_unless(cx, ok, span);
        self.b.build_load(self.i64t, slot, "bits").expect("load").into_int_value()
    }

    /// A C result as an Elle value, checked.
    fn c_result(
        &mut self,
        cx: &FnCx<'ctx>,
        r: BasicValueEnum<'ctx>,
        t: &CType,
        name: PointerValue<'ctx>,
        span: Span,
    ) -> IntValue<'ctx> {
        let v = self.elle_value(r, t, name);
        if !matches!(t, CType::Int { bytes: ..=4, .. } | CType::Bool | CType::Pointer { .. })
            || t.is_char_ptr()
        {
            self.check(cx, v, span);
        }
        v
    }

    /// The Elle value of C value `r` of type `t`, as `elle_c_result` makes
    /// it: inline where that allocates nothing (integers up to 32 bits,
    /// booleans, pointers below 2^61, NULL), else by the runtime — which
    /// may return ELLE_EXC, for the caller to check (only for types other
    /// than those).
    pub(super) fn elle_value(
        &mut self,
        r: BasicValueEnum<'ctx>,
        t: &CType,
        name: PointerValue<'ctx>,
    ) -> IntValue<'ctx> {
        let by_runtime = |cg: &mut Self| {
            let bits = cg.to_bits(r, t);
            let c = t.result_conv(cg.target.data);
            cg.call_rt(
                "elle_c_result",
                &[
                    bits.into(),
                    cg.i32t.const_int(c.kind as u64, false).into(),
                    cg.i32t.const_int(c.bytes as u64, false).into(),
                    name.into(),
                ],
            )
        };
        match t {
            CType::Int { bytes, signed } if *bytes <= 4 => {
                let x = r.into_int_value();
                let wide = if *signed {
                    self.b.build_int_s_extend(x, self.i64t, "x")
                } else {
                    self.b.build_int_z_extend(x, self.i64t, "x")
                }
                .expect("ext");
                let shifted =
                    self.b.build_left_shift(wide, self.i64t.const_int(1, false), "s").expect("shl");
                self.b.build_or(shifted, self.i64t.const_int(1, false), "fixnum").expect("or")
            }
            CType::Bool => {
                let b = self
                    .b
                    .build_int_compare(
                        IntPredicate::NE,
                        r.into_int_value(),
                        r.get_type().into_int_type().const_zero(),
                        "b",
                    )
                    .expect("cmp");
                self.b
                    .build_select(b, self.imm(rt::TRUE), self.imm(rt::FALSE), "bool")
                    .expect("select")
                    .into_int_value()
            }
            CType::Pointer { .. } if !t.is_char_ptr() => {
                // NULL is nil; an address below 2^61 the immediate (addr << 3 | 4)
                let bits = self.to_bits(r, t);
                let high = self
                    .b
                    .build_right_shift(bits, self.i64t.const_int(61, false), false, "high")
                    .expect("lshr");
                let small = self
                    .b
                    .build_int_compare(IntPredicate::EQ, high, self.i64t.const_zero(), "small")
                    .expect("cmp");
                self.fast_or_slow(
                    small,
                    |cg| {
                        let shifted =
                            cg.b.build_left_shift(bits, cg.i64t.const_int(3, false), "s")
                                .expect("shl");
                        let imm =
                            cg.b.build_or(shifted, cg.i64t.const_int(4, false), "cptr")
                                .expect("or");
                        let null = cg
                            .b
                            .build_int_compare(IntPredicate::EQ, bits, cg.i64t.const_zero(), "null")
                            .expect("cmp");
                        cg.b.build_select(null, cg.imm(rt::NIL), imm, "p")
                            .expect("select")
                            .into_int_value()
                    },
                    by_runtime,
                )
            }
            _ => by_runtime(self),
        }
    }

    /// The runtime's 64-bit form of an argument, as the C parameter type.
    pub(super) fn c_value_of_bits(&self, bits: IntValue<'ctx>, t: &CType) -> BasicValueEnum<'ctx> {
        match t {
            CType::Double => self.b.build_bit_cast(bits, self.ctx.f64_type(), "d").expect("cast"),
            CType::Float => {
                let d = self
                    .b
                    .build_bit_cast(bits, self.ctx.f64_type(), "d")
                    .expect("cast")
                    .into_float_value();
                self.b.build_float_trunc(d, self.ctx.f32_type(), "f").expect("trunc").into()
            }
            CType::Pointer { .. } => {
                self.b.build_int_to_ptr(bits, self.ptrt, "p").expect("cast").into()
            }
            CType::Bool => {
                self.b.build_int_truncate(bits, self.ctx.bool_type(), "b").expect("trunc").into()
            }
            CType::Int { bytes: 8, .. } => bits.into(),
            CType::Int { bytes, .. } => {
                self.b.build_int_truncate(bits, self.int_type(*bytes), "i").expect("trunc").into()
            }
            CType::Void
            | CType::Unsupported(_)
            | CType::Record(_)
            | CType::Array(..)
            | CType::Text(_)
            | CType::Function(_) => unreachable!("not a parameter type"),
        }
    }

    /// A C result as the 64 bits `elle_c_result` takes.
    pub(super) fn to_bits(&self, r: BasicValueEnum<'ctx>, t: &CType) -> IntValue<'ctx> {
        match t {
            CType::Double => {
                self.b.build_bit_cast(r, self.i64t, "bits").expect("cast").into_int_value()
            }
            CType::Float => {
                let d = self
                    .b
                    .build_float_ext(r.into_float_value(), self.ctx.f64_type(), "d")
                    .expect("ext");
                self.b.build_bit_cast(d, self.i64t, "bits").expect("cast").into_int_value()
            }
            CType::Pointer { .. } => {
                self.b.build_ptr_to_int(r.into_pointer_value(), self.i64t, "bits").expect("cast")
            }
            _ => self
                .b
                .build_int_z_extend_or_bit_cast(r.into_int_value(), self.i64t, "bits")
                .expect("ext"),
        }
    }
}
