//! `ptr-ref` with a literal type keyword, inline: a read through a C
//! pointer (an immediate) at a fixnum offset is a load and the conversion
//! `elle_value` makes; any other case — memory Elle owns, whose reads are
//! bounds-checked, nil, a bad argument — is the runtime's own primitive.

use super::lower::FnCx;
use super::Codegen;
use elle::ctype::CType;
use inkwell::values::{BasicValue, IntValue};
use inkwell::IntPredicate;

impl<'ctx> Codegen<'ctx, '_> {
    /// `(ptr-ref p :type [offset])` for a C type `t` the inline path reads.
    pub(super) fn ptr_ref_inline(
        &mut self,
        cx: &FnCx<'ctx>,
        f: IntValue<'ctx>,
        vals: &[IntValue<'ctx>],
        t: &CType,
    ) -> IntValue<'ctx> {
        let p = vals[0];
        let tag = self.b.build_and(p, self.i64t.const_int(7, false), "tag").expect("and");
        let mut ok = self
            .b
            .build_int_compare(IntPredicate::EQ, tag, self.i64t.const_int(4, false), "cptr")
            .expect("cmp");
        let mut addr = self
            .b
            .build_right_shift(p, self.i64t.const_int(3, false), false, "addr")
            .expect("lshr");
        if let Some(&off) = vals.get(2) {
            let fix = self.b.build_and(off, self.i64t.const_int(1, false), "fix").expect("and");
            let is_fix = self
                .b
                .build_int_compare(IntPredicate::NE, fix, self.i64t.const_zero(), "isfix")
                .expect("cmp");
            ok = self.b.build_and(ok, is_fix, "ok").expect("and");
            let n = self
                .b
                .build_right_shift(off, self.i64t.const_int(1, false), true, "off")
                .expect("ashr");
            addr = self.b.build_int_add(addr, n, "at").expect("add");
        }
        self.fast_or_slow(
            ok,
            |cg| {
                let at = cg.b.build_int_to_ptr(addr, cg.ptrt, "p").expect("cast");
                let ty = cg.c_type(t).expect("a value type");
                let load = cg.b.build_load(ty, at, "x").expect("load");
                load.as_instruction_value().expect("a load").set_alignment(1).expect("align");
                let name = cg.cstring(b"ptr-ref");
                cg.elle_value(load, t, name)
            },
            |cg| cg.primitive_call(cx, f, vals),
        )
    }
}
