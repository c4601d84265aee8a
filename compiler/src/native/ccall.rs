//! Calls of imported C functions: a direct `call` of the C symbol, declared
//! with its C prototype (scalars map to LLVM types one to one; small
//! integers carry the sign/zero-extension attributes the System V ABI
//! expects). Arguments and results convert through the runtime's
//! `elle_c_arg`/`elle_c_result`, the same code the interpreter uses.

use super::lower::FnCx;
use super::Codegen;
use crate::analysis::ir::Expr;
use crate::cimport::ctype::{CFunction, CType};
use crate::source::Span;
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue};
use inkwell::IntPredicate;

impl<'ctx> Codegen<'ctx, '_> {
    fn c_type(&self, t: &CType) -> Option<BasicTypeEnum<'ctx>> {
        Some(match t {
            CType::Void => return None,
            CType::Bool => self.ctx.bool_type().into(),
            CType::Int { bytes, .. } => self.int_type(*bytes).into(),
            CType::Float => self.ctx.f32_type().into(),
            CType::Double => self.ctx.f64_type().into(),
            CType::Pointer { .. } => self.ptrt.into(),
            CType::Unsupported(_) => unreachable!("the analysis rejects unsupported types"),
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
    fn extension(&self, t: &CType) -> Option<Attribute> {
        let kind = match t {
            CType::Bool | CType::Int { bytes: 1 | 2, signed: false } => "zeroext",
            CType::Int { bytes: 1 | 2, signed: true } => "signext",
            _ => return None,
        };
        Some(self.ctx.create_enum_attribute(Attribute::get_named_enum_kind_id(kind), 0))
    }

    fn c_declaration(&self, f: &CFunction) -> FunctionValue<'ctx> {
        if let Some(d) = self.module.get_function(&f.c_name) {
            return d;
        }
        let params: Vec<BasicMetadataTypeEnum> = f.params.iter().map(|t| self.c_type(t).expect("parameters are not void").into()).collect();
        use inkwell::types::BasicType;
        let ty = match self.c_type(&f.ret) {
            Some(r) => r.fn_type(&params, f.variadic),
            None => self.ctx.void_type().fn_type(&params, f.variadic),
        };
        let d = self.module.add_function(&f.c_name, ty, Some(inkwell::module::Linkage::External));
        for (i, t) in f.params.iter().enumerate() {
            if let Some(a) = self.extension(t) {
                d.add_attribute(AttributeLoc::Param(i as u32), a);
            }
        }
        if let Some(a) = self.extension(&f.ret) {
            d.add_attribute(AttributeLoc::Return, a);
        }
        d
    }

    pub(super) fn c_call(&mut self, cx: &mut FnCx<'ctx>, func: u32, args: &[Expr], span: Span) -> Result<Option<IntValue<'ctx>>, String> {
        let f = self.prog.cimports.functions[func as usize].clone();
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            let Some(v) = self.expr(cx, a)? else { return Ok(None) };
            vals.push(v);
        }
        let name = self.cstring(f.c_name.as_bytes());
        let slot = self.entry_alloca(cx, self.i64t.array_type(1));
        let mut c_args: Vec<BasicMetadataValueEnum> = Vec::with_capacity(vals.len());
        for (i, (&v, t)) in vals.iter().zip(&f.params).enumerate() {
            let c = t.param_conv();
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
            let failed = self.b.build_int_compare(IntPredicate::EQ, ok, self.i32t.const_zero(), "bad").expect("cmp");
            let (bad, good) = (self.ctx.append_basic_block(cx.f, "bad_arg"), self.ctx.append_basic_block(cx.f, "arg"));
            self.b.build_conditional_branch(failed, bad, good).expect("br");
            self.b.position_at_end(bad);
            self.raise_here(cx, span);
            self.b.position_at_end(good);
            let bits = self.b.build_load(self.i64t, slot, "bits").expect("load").into_int_value();
            c_args.push(self.from_bits(bits, t).into());
        }
        let call = self.b.build_call(self.c_declaration(&f), &c_args, "c").expect("call");
        let bits = match call.try_as_basic_value().basic() {
            None => self.i64t.const_zero(),
            Some(r) => self.to_bits(r, &f.ret),
        };
        let c = f.ret.result_conv();
        let r = self.call_rt(
            "elle_c_result",
            &[bits.into(), self.i32t.const_int(c.kind as u64, false).into(), self.i32t.const_int(c.bytes as u64, false).into(), name.into()],
        );
        self.check(cx, r, span);
        Ok(Some(r))
    }

    /// The runtime's 64-bit form of an argument, as the C parameter type.
    fn from_bits(&self, bits: IntValue<'ctx>, t: &CType) -> BasicValueEnum<'ctx> {
        match t {
            CType::Double => self.b.build_bit_cast(bits, self.ctx.f64_type(), "d").expect("cast"),
            CType::Float => {
                let d = self.b.build_bit_cast(bits, self.ctx.f64_type(), "d").expect("cast").into_float_value();
                self.b.build_float_trunc(d, self.ctx.f32_type(), "f").expect("trunc").into()
            }
            CType::Pointer { .. } => self.b.build_int_to_ptr(bits, self.ptrt, "p").expect("cast").into(),
            CType::Bool => self.b.build_int_truncate(bits, self.ctx.bool_type(), "b").expect("trunc").into(),
            CType::Int { bytes: 8, .. } => bits.into(),
            CType::Int { bytes, .. } => self.b.build_int_truncate(bits, self.int_type(*bytes), "i").expect("trunc").into(),
            CType::Void | CType::Unsupported(_) => unreachable!("not a parameter type"),
        }
    }

    /// A C result as the 64 bits `elle_c_result` takes.
    fn to_bits(&self, r: BasicValueEnum<'ctx>, t: &CType) -> IntValue<'ctx> {
        match t {
            CType::Double => self.b.build_bit_cast(r, self.i64t, "bits").expect("cast").into_int_value(),
            CType::Float => {
                let d = self.b.build_float_ext(r.into_float_value(), self.ctx.f64_type(), "d").expect("ext");
                self.b.build_bit_cast(d, self.i64t, "bits").expect("cast").into_int_value()
            }
            CType::Pointer { .. } => self.b.build_ptr_to_int(r.into_pointer_value(), self.i64t, "bits").expect("cast"),
            _ => self.b.build_int_z_extend_or_bit_cast(r.into_int_value(), self.i64t, "bits").expect("ext"),
        }
    }
}
