//! The native back end: the analysed program (the same IR the interpreter
//! runs) becomes one LLVM module, linked with the runtime into an
//! executable.
//!
//! Calling convention (all Elle procedures use the target's convention,
//! `Target::procedures`: on x86-64 LLVM's `tailcc`, which guarantees a
//! tail call wherever one is marked, whatever the callee's signature):
//! - every lambda has a *direct* function `(clo, p0 .. pn-1 [, rest])`,
//!   called straight from known call sites (top-level procedures defined
//!   once);
//! - and an *entry* `(clo, argc)` taking its arguments from the runtime's
//!   `elle_args` buffer, stored in the closure object, for calls through a
//!   value. The caller checks the arity against the closure header first,
//!   so an arity error is reported at the call, as the interpreter does.
//!
//! Errors follow the runtime's convention: a call that yields `ELLE_EXC`
//! attaches the call's source location (the innermost one is kept) and
//! branches to the enclosing `try` handler or returns `ELLE_EXC`.
//!
//! Values live in SSA registers and stack slots; the collector scans the
//! native stack conservatively, so no stack maps are needed.

mod callback;
mod ccall;
mod consts;
mod debug;
pub mod link;
pub mod loader;
mod lower;
pub mod machine;
mod memory;
mod prims;
mod roots;

/// The LLVM context a program's module lives in.
pub use inkwell::context::Context;

use consts::{CVal, Consts};
use elle::analysis::globals::Globals;
use elle::analysis::ir::{Expr, Lambda, LambdaId, TopLevel, VarLoc, VarRef};
use elle::source::{SourceMap, Span};
use elle::target::{Convention, Target};
use elle_runtime::interface::{self as at, Word};
use elle_runtime::{self as rt, Val};
use inkwell::builder::Builder;
use inkwell::module::{Linkage, Module};
use inkwell::types::{
    BasicMetadataTypeEnum, BasicType, BasicTypeEnum, FunctionType, IntType, PointerType,
};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValueEnum, CallSiteValue, FunctionValue, GlobalValue, IntValue,
    PointerValue,
};
use inkwell::AddressSpace;
use std::collections::{HashMap, HashSet};

/// Expressions of top-level forms per function (see `lower_tops`).
const TOPS_PER_FUNCTION: usize = 2_000;

/// What the back end compiles: the session's lambdas, the top-level forms
/// (prelude first), the globals and the sources (for error locations).
pub struct Program<'a> {
    pub lambdas: &'a [Lambda],
    pub tops: &'a [TopLevel],
    pub globals: &'a Globals,
    pub sources: &'a SourceMap,
    pub cimports: &'a elle::cimport::CImports,
}

pub struct Options {
    pub target: &'static Target,
    /// DWARF line tables, for the file named here.
    pub debug: Option<String>,
    pub optimized: bool,
}

/// A global known at compile time.
#[derive(Clone, Copy)]
enum Known {
    /// Defined once, to this lambda (fixed arity, no captures), never assigned.
    Procedure(LambdaId),
    /// A built-in the program never redefines.
    Builtin(Val),
}

struct Codegen<'ctx, 'p> {
    target: &'static Target,
    /// The calling convention of Elle's procedures (the target's).
    procedures: u32,
    ctx: &'ctx Context,
    module: Module<'ctx>,
    b: Builder<'ctx>,
    i64t: IntType<'ctx>,
    i32t: IntType<'ctx>,
    /// C's `size_t` (and `uintptr_t`) on the target.
    sizet: IntType<'ctx>,
    ptrt: PointerType<'ctx>,
    prog: &'p Program<'p>,
    globals: GlobalValue<'ctx>,
    constants: GlobalValue<'ctx>,
    consts: Consts,
    locs: HashMap<Span, GlobalValue<'ctx>>,
    strings: HashMap<Vec<u8>, GlobalValue<'ctx>>,
    /// The functions of each lambda a top-level form creates, transitively
    /// (top-level forms themselves are lowered together, in `lower_tops`).
    fns: Vec<Option<LambdaFns<'ctx>>>,
    known: HashMap<u32, Known>,
    /// Globals a top-level form defines unconditionally: the first such form.
    defined_by_top: HashMap<u32, usize>,
    debug: Option<debug::Debug<'ctx>>,
    /// The program reads `ffi-last-error`: every C call saves errno after it.
    saves_errno: bool,
    /// The program turns the FFI safety checks on: C calls can be guarded.
    guards_calls: bool,
    /// Under the C convention, the words every procedure takes (see
    /// `procedure_type`).
    uniform_params: usize,
}

/// A lambda's functions (see the calling convention above). A lambda no
/// call site calls directly has its entry alone, with the body in it.
#[derive(Clone, Copy)]
struct LambdaFns<'ctx> {
    direct: Option<FunctionValue<'ctx>>,
    entry: FunctionValue<'ctx>,
}

/// The integer type of `bytes` bytes (1, 2, 4 or 8).
fn int_type(ctx: &Context, bytes: u8) -> IntType<'_> {
    match bytes {
        1 => ctx.i8_type(),
        2 => ctx.i16_type(),
        4 => ctx.i32_type(),
        8 => ctx.i64_type(),
        _ => unreachable!("C has no {bytes}-byte integer Elle passes"),
    }
}

/// Does the program (not the prelude's definitions) use global `name`?
fn uses(prog: &Program, name: &str) -> bool {
    prog.globals
        .get(rt::intern(name))
        .is_some_and(|g| prog.globals.info[g as usize].first_use.is_some())
}

/// Build the module for `prog`.
pub fn compile<'ctx>(
    ctx: &'ctx Context,
    name: &str,
    prog: &Program,
    opts: &Options,
) -> Result<Module<'ctx>, String> {
    let module = ctx.create_module(name);
    let debug = opts.debug.as_deref().map(|file| debug::Debug::new(&module, file, opts.optimized));
    let i64t = ctx.i64_type();
    let nglobals = prog.globals.info.len() as u32;
    let globals = module.add_global(i64t.array_type(nglobals.max(1)), None, "elle.globals");
    globals.set_linkage(Linkage::Internal);
    globals.set_initializer(&i64t.array_type(nglobals.max(1)).const_zero());
    let mut cg = Codegen {
        target: opts.target,
        procedures: opts.target.procedures.llvm_id(),
        ctx,
        b: ctx.create_builder(),
        i64t,
        i32t: ctx.i32_type(),
        sizet: int_type(ctx, opts.target.data.size_t),
        ptrt: ctx.ptr_type(AddressSpace::default()),
        prog,
        globals,
        // sized at the end, when every constant is known
        constants: module.add_global(i64t.array_type(0), None, "elle.constants.placeholder"),
        module,
        consts: Consts::default(),
        locs: HashMap::new(),
        strings: HashMap::new(),
        fns: vec![None; prog.lambdas.len()],
        known: HashMap::new(),
        defined_by_top: HashMap::new(),
        debug,
        saves_errno: uses(prog, "ffi-last-error"),
        guards_calls: uses(prog, "%ffi-safety"),
        uniform_params: prog
            .lambdas
            .iter()
            .map(|l| 1 + l.nparams as usize + l.rest as usize)
            .fold(2, usize::max),
    };
    cg.find_known();
    cg.declare_lambdas();
    for id in 0..prog.lambdas.len() {
        if let Some(fns) = cg.fns[id] {
            cg.lower_lambda(id as LambdaId)?;
            if let Some(direct) = fns.direct {
                cg.lower_entry(id as LambdaId, direct);
            }
        }
    }
    let run = cg.build_run()?;
    cg.finish(run)?;
    if let Some(d) = &cg.debug {
        d.finish();
    }
    Ok(cg.module)
}

impl<'ctx> Codegen<'ctx, '_> {
    /// Globals whose calls can skip the generic path.
    fn find_known(&mut self) {
        let mut defined = vec![false; self.prog.globals.info.len()];
        for (k, top) in self.prog.tops.iter().enumerate() {
            let body = &self.prog.lambdas[top.lambda as usize].body;
            visit_global_defs(body, &mut |i| defined[i as usize] = true);
            let unconditional = match body {
                Expr::Seq(es) => es.as_slice(),
                e => std::slice::from_ref(e),
            };
            for e in unconditional {
                if let Expr::DefineGlobal { index, .. } = e {
                    self.defined_by_top.entry(*index).or_insert(k);
                }
            }
        }
        for (i, info) in self.prog.globals.info.iter().enumerate() {
            if info.definitions != 1 || info.assignments != 0 || defined[i] {
                continue;
            }
            // SAFETY: i is a global index of the compiling session.
            let v = unsafe { *rt::elle_global_slot(i as i64) };
            if rt::is(v, rt::Kind::Primitive) {
                self.known.insert(i as u32, Known::Builtin(v));
            }
        }
        for top in self.prog.tops {
            visit_defines(&self.prog.lambdas[top.lambda as usize].body, &mut |index, id| {
                let info = &self.prog.globals.info[index as usize];
                let lam = &self.prog.lambdas[id as usize];
                if info.definitions == 1
                    && info.assignments == 0
                    && !lam.rest
                    && lam.captures.is_empty()
                {
                    self.known.insert(index, Known::Procedure(id));
                }
            });
        }
    }

    /// The functions of every lambda a top-level form creates, transitively.
    fn declare_lambdas(&mut self) {
        let entry_ty = self.procedure_type(2);
        let mut reached = vec![false; self.prog.lambdas.len()];
        let mut called = vec![false; self.prog.lambdas.len()];
        let mut stack: Vec<LambdaId> = self.prog.tops.iter().map(|t| t.lambda).collect();
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut reached[id as usize], true) {
                continue;
            }
            walk(&self.prog.lambdas[id as usize].body, &mut |e| match e {
                Expr::MakeClosure(c) => stack.push(*c),
                Expr::Call { callee, .. } => {
                    if let Some(Known::Procedure(c)) = self.known_callee(callee) {
                        called[c as usize] = true;
                    }
                }
                _ => {}
            });
        }
        for top in self.prog.tops {
            reached[top.lambda as usize] = false;
        }
        for (id, lam) in self.prog.lambdas.iter().enumerate() {
            if !reached[id] {
                continue;
            }
            let base = match lam.name {
                Some(n) => format!("elle.{}.{id}", rt::symbol_name(n)),
                None => format!("elle.lambda.{id}"),
            };
            let direct = called[id].then(|| {
                let nparams = 1 + lam.nparams as usize + lam.rest as usize;
                let ty = self.procedure_type(nparams);
                let d = self.module.add_function(&base, ty, Some(Linkage::Internal));
                d.set_call_conventions(self.procedures);
                d
            });
            let e = self.module.add_function(
                &format!("{base}.entry"),
                entry_ty,
                Some(Linkage::Internal),
            );
            e.set_call_conventions(self.procedures);
            self.fns[id] = Some(LambdaFns { direct, entry: e });
        }
    }

    /// What a call of `callee` is known to call.
    fn known_callee(&self, callee: &Expr) -> Option<Known> {
        match callee {
            Expr::Ref(r) => match r.loc {
                elle::analysis::ir::VarLoc::Global(g) => self.known.get(&g).copied(),
                _ => None,
            },
            _ => None,
        }
    }

    /// The entry for generic calls where there is a direct function:
    /// its arguments, then the direct code.
    fn lower_entry(&mut self, id: LambdaId, direct: FunctionValue<'ctx>) {
        let lam = &self.prog.lambdas[id as usize];
        let f = self.fns[id as usize].expect("a used lambda").entry;
        let bb = self.ctx.append_basic_block(f, "entry");
        self.b.unset_current_debug_location();
        self.b.position_at_end(bb);
        let clo = f.get_nth_param(0).expect("clo").into_int_value();
        let mut params: Vec<BasicMetadataValueEnum> = vec![clo.into()];
        params.extend(self.entry_args(lam, f).into_iter().map(BasicMetadataValueEnum::from));
        let call = self.b.build_call(direct, &self.procedure_args(params), "r").expect("call");
        call.set_call_convention(self.procedures);
        self.mark_tail_call(call);
        let r = call.try_as_basic_value().basic().expect("value").into_int_value();
        self.b.build_return(Some(&r)).expect("ret");
    }

    /// In entry `f` of `lam`: its parameters' values, from `elle_args`
    /// (the caller has checked the count), with the rest list built here.
    fn entry_args(&mut self, lam: &Lambda, f: FunctionValue<'ctx>) -> Vec<IntValue<'ctx>> {
        let argc = f.get_nth_param(1).expect("argc").into_int_value();
        let args_ptr = self.load_ptr(self.rt_global("elle_args"), "args");
        let mut params: Vec<IntValue> = (0..lam.nparams)
            .map(|i| self.load_index(args_ptr, self.i64t.const_int(i as u64, false), "arg"))
            .collect();
        if lam.rest {
            params.push(self.call_rt(
                "elle_rest_list",
                &[self.i64t.const_int(lam.nparams as u64, false).into(), argc.into()],
            ));
        }
        params
    }

    // ---- Elle's procedures ---------------------------------------------

    /// The LLVM type of an Elle procedure taking `n` words (the closure
    /// first). Under `tailcc` each has its own. Under the C convention a
    /// tail call is `musttail`, which needs caller and callee of one
    /// prototype: every procedure takes the module's widest count, the
    /// words it does not use undefined (cheap where arguments are locals,
    /// as in WebAssembly).
    fn procedure_type(&self, n: usize) -> FunctionType<'ctx> {
        let n = match self.target.procedures {
            Convention::Tail => n,
            Convention::CTail => self.uniform_params,
        };
        self.i64t.fn_type(&vec![self.i64t.into(); n], false)
    }

    /// A procedure call's arguments, made as many as `procedure_type` says.
    fn procedure_args(
        &self,
        mut args: Vec<BasicMetadataValueEnum<'ctx>>,
    ) -> Vec<BasicMetadataValueEnum<'ctx>> {
        if self.target.procedures == Convention::CTail {
            args.resize(self.uniform_params, self.i64t.get_undef().into());
        }
        args
    }

    /// Marks a call in tail position as one the target must make a jump:
    /// `musttail` under either convention (`tailcc` lifts its rule that
    /// prototypes match), so no pass may put code after it — the address
    /// sanitizer's pass, for one, keeps only `musttail` calls tail calls.
    fn mark_tail_call(&self, call: CallSiteValue<'ctx>) {
        call.set_tail_call_kind(inkwell::values::LLVMTailCallKind::LLVMTailCallKindMustTail);
    }

    // ---- runtime declarations ------------------------------------------

    /// The LLVM type of a C type at the runtime interface.
    fn word_type(&self, w: Word) -> BasicTypeEnum<'ctx> {
        match w {
            Word::Val | Word::I64 => self.i64t.into(),
            Word::Size => self.sizet.into(),
            Word::I32 => self.i32t.into(),
            Word::F64 => self.ctx.f64_type().into(),
            Word::Ptr => self.ptrt.into(),
        }
    }

    /// A runtime function, declared on first use with its C signature
    /// (`elle_runtime::interface`, as elle.h declares it).
    fn rt_fn(&self, name: &str) -> FunctionValue<'ctx> {
        if let Some(f) = self.module.get_function(name) {
            return f;
        }
        let f = at::function(name)
            .unwrap_or_else(|| panic!("{name} is not in the runtime interface (interface.rs)"));
        let params: Vec<BasicMetadataTypeEnum> =
            f.params.iter().map(|&w| self.word_type(w).into()).collect();
        let ty = match f.result {
            Some(w) => self.word_type(w).fn_type(&params, false),
            None => self.ctx.void_type().fn_type(&params, false),
        };
        self.module.add_function(name, ty, Some(Linkage::External))
    }

    /// A call of a runtime function; its result as an integer (a pointer
    /// as its address), or 0 for `void`.
    fn call_rt(&self, name: &str, args: &[BasicMetadataValueEnum<'ctx>]) -> IntValue<'ctx> {
        let c = self.b.build_call(self.rt_fn(name), args, "").expect("call");
        match c.try_as_basic_value().basic() {
            Some(BasicValueEnum::PointerValue(p)) => {
                self.b.build_ptr_to_int(p, self.i64t, "address").expect("ptrtoint")
            }
            Some(v) => v.into_int_value(),
            None => self.i64t.const_zero(),
        }
    }

    fn rt_global(&self, name: &str) -> PointerValue<'ctx> {
        let g = self.module.get_global(name).unwrap_or_else(|| {
            let w = at::variable(name)
                .unwrap_or_else(|| panic!("{name} is not in the runtime interface (interface.rs)"));
            self.module.add_global(self.word_type(w), None, name)
        });
        g.as_pointer_value()
    }

    fn load_ptr(&self, p: PointerValue<'ctx>, name: &str) -> PointerValue<'ctx> {
        self.b.build_load(self.ptrt, p, name).expect("load").into_pointer_value()
    }

    fn load_index(
        &self,
        base: PointerValue<'ctx>,
        i: IntValue<'ctx>,
        name: &str,
    ) -> IntValue<'ctx> {
        // SAFETY: indexes a table of i64 values the caller sized.
        let p = unsafe { self.b.build_in_bounds_gep(self.i64t, base, &[i], "p").expect("gep") };
        self.b.build_load(self.i64t, p, name).expect("load").into_int_value()
    }

    fn store_index(&self, base: PointerValue<'ctx>, i: IntValue<'ctx>, v: IntValue<'ctx>) {
        // SAFETY: as in load_index.
        let p = unsafe { self.b.build_in_bounds_gep(self.i64t, base, &[i], "p").expect("gep") };
        self.b.build_store(p, v).expect("store");
    }

    /// The word at byte `offset` of the heap object `v`.
    fn field(&self, v: IntValue<'ctx>, offset: u64, name: &str) -> IntValue<'ctx> {
        let p = self.field_ptr(v, offset);
        self.b.build_load(self.i64t, p, name).expect("load").into_int_value()
    }

    /// The pointer at byte `offset` of the heap object `v`.
    fn pointer_field(&self, v: IntValue<'ctx>, offset: u64, name: &str) -> PointerValue<'ctx> {
        let p = self.field_ptr(v, offset);
        self.b.build_load(self.ptrt, p, name).expect("load").into_pointer_value()
    }

    fn field_ptr(&self, v: IntValue<'ctx>, offset: u64) -> PointerValue<'ctx> {
        let base = self.b.build_int_to_ptr(v, self.ptrt, "obj").expect("inttoptr");
        // SAFETY: offsets of fields within the runtime's object layouts.
        unsafe {
            self.b
                .build_in_bounds_gep(
                    self.ctx.i8_type(),
                    base,
                    &[self.i64t.const_int(offset, false)],
                    "f",
                )
                .expect("gep")
        }
    }

    fn global_slot(&self, index: u32) -> PointerValue<'ctx> {
        let n = self.prog.globals.info.len().max(1) as u32;
        // SAFETY: index < number of globals.
        unsafe {
            self.b
                .build_in_bounds_gep(
                    self.i64t.array_type(n),
                    self.globals.as_pointer_value(),
                    &[self.i64t.const_zero(), self.i64t.const_int(index as u64, false)],
                    "g",
                )
                .expect("gep")
        }
    }

    /// A NUL-terminated string constant.
    fn cstring(&mut self, bytes: &[u8]) -> PointerValue<'ctx> {
        if let Some(g) = self.strings.get(bytes) {
            return g.as_pointer_value();
        }
        let init = self.ctx.const_string(bytes, true);
        let g = self.module.add_global(init.get_type(), None, "str");
        g.set_linkage(Linkage::Private);
        g.set_constant(true);
        g.set_unnamed_addr(true);
        g.set_initializer(&init);
        self.strings.insert(bytes.to_vec(), g);
        g.as_pointer_value()
    }

    /// The static `ElleLoc` for a span.
    fn loc(&mut self, span: Span) -> PointerValue<'ctx> {
        if let Some(g) = self.locs.get(&span) {
            return g.as_pointer_value();
        }
        let (line, col) = self.prog.sources.line_col(span);
        let file = self.cstring(self.prog.sources.name(span.file).as_bytes());
        let ty =
            self.ctx.struct_type(&[self.ptrt.into(), self.i32t.into(), self.i32t.into()], false);
        let init = ty.const_named_struct(&[
            file.into(),
            self.i32t.const_int(line as u64, false).into(),
            self.i32t.const_int(col as u64, false).into(),
        ]);
        let g = self.module.add_global(ty, None, "loc");
        g.set_linkage(Linkage::Private);
        g.set_constant(true);
        g.set_initializer(&init);
        self.locs.insert(span, g);
        g.as_pointer_value()
    }

    /// The value of a quoted constant.
    fn constant(&mut self, v: Val) -> Result<IntValue<'ctx>, String> {
        Ok(match self.consts.get(v)? {
            CVal::Imm(x) => self.i64t.const_int(x, false),
            CVal::Slot(s) => self.load_constant(s),
        })
    }

    fn load_constant(&self, slot: u32) -> IntValue<'ctx> {
        // the table's final size is set in finish(); index through a pointer
        self.load_index(
            self.constants.as_pointer_value(),
            self.i64t.const_int(slot as u64, false),
            "k",
        )
    }

    // ---- the program's frame: init, run, call, main ----------------------

    fn finish(&mut self, run: FunctionValue<'ctx>) -> Result<(), String> {
        let init = self.build_init()?;
        let call = self.build_call_trampoline();
        // the constant table, now that its size is known
        let k = self.consts.len().max(1) as u32;
        let table = self.module.add_global(self.i64t.array_type(k), None, "elle.constants");
        table.set_linkage(Linkage::Internal);
        table.set_initializer(&self.i64t.array_type(k).const_zero());
        self.constants.as_pointer_value().replace_all_uses_with(table.as_pointer_value());
        // SAFETY: every use has been redirected.
        unsafe { self.constants.delete() };
        self.constants = table;

        let prog_ty = self.ctx.struct_type(
            &[
                self.ptrt.into(),
                self.i64t.into(),
                self.ptrt.into(),
                self.i64t.into(),
                self.ptrt.into(),
                self.ptrt.into(),
                self.ptrt.into(),
            ],
            false,
        );
        let desc = prog_ty.const_named_struct(&[
            self.globals.as_pointer_value().into(),
            self.i64t.const_int(self.prog.globals.info.len() as u64, false).into(),
            table.as_pointer_value().into(),
            self.i64t.const_int(self.consts.len() as u64, false).into(),
            init.as_global_value().as_pointer_value().into(),
            run.as_global_value().as_pointer_value().into(),
            call.as_global_value().as_pointer_value().into(),
        ]);
        let g = self.module.add_global(prog_ty, None, "elle.program");
        g.set_linkage(Linkage::Private);
        g.set_constant(true);
        g.set_initializer(&desc);

        let main = self.module.add_function(
            self.target.main_symbol,
            self.i32t.fn_type(&[self.i32t.into(), self.ptrt.into()], false),
            None,
        );
        self.b.position_at_end(self.ctx.append_basic_block(main, "entry"));
        let argc = main.get_nth_param(0).expect("argc");
        let argv = main.get_nth_param(1).expect("argv");
        let status = self
            .b
            .build_call(
                self.rt_fn("elle_native_main"),
                &[argc.into(), argv.into(), g.as_pointer_value().into()],
                "status",
            )
            .expect("call");
        self.b
            .build_return(Some(&status.try_as_basic_value().basic().expect("value")))
            .expect("ret");

        Ok(())
    }

    /// Registers the record layouts, builds the constants, then the
    /// built-in globals.
    fn build_init(&mut self) -> Result<FunctionValue<'ctx>, String> {
        let f = self.module.add_function(
            "elle.init",
            self.i64t.fn_type(&[], false),
            Some(Linkage::Internal),
        );
        self.b.unset_current_debug_location();
        self.b.position_at_end(self.ctx.append_basic_block(f, "entry"));
        for l in &self.prog.cimports.layouts {
            self.register_layout(l);
        }
        // built-in procedures among the constants first: the rest may hold them
        let builtins: Vec<(u32, Vec<u8>)> =
            self.consts.builtins().map(|(slot, name)| (slot, name.to_vec())).collect();
        for (slot, name) in builtins {
            let v = self.builtin(&name);
            self.store_index(
                self.constants.as_pointer_value(),
                self.i64t.const_int(slot as u64, false),
                v,
            );
        }
        let code = self.consts.encode();
        if !code.is_empty() {
            let init = self.ctx.const_string(&code, false);
            let g = self.module.add_global(init.get_type(), None, "elle.constants.code");
            g.set_linkage(Linkage::Private);
            g.set_constant(true);
            g.set_initializer(&init);
            let len = self.i64t.const_int(code.len() as u64, false);
            self.call_rt(
                "elle_build_constants",
                &[
                    g.as_pointer_value().into(),
                    len.into(),
                    self.constants.as_pointer_value().into(),
                ],
            );
        }
        // the built-in globals the program's code refers to
        let mut used: Vec<u32> = referenced_globals(self.prog).into_iter().collect();
        used.sort_unstable();
        for i in used {
            // SAFETY: i is a global index of the compiling session.
            let v = unsafe { *rt::elle_global_slot(i as i64) };
            if rt::is(v, rt::Kind::Primitive) {
                // SAFETY: a primitive's name is a static C string.
                let name = unsafe { std::ffi::CStr::from_ptr((*rt::obj::<rt::Primitive>(v)).name) }
                    .to_bytes()
                    .to_vec();
                let p = self.builtin(&name);
                self.b.build_store(self.global_slot(i), p).expect("store");
            }
        }
        self.b.build_return(Some(&self.i64t.const_int(rt::NIL, false))).expect("ret");
        Ok(f)
    }

    /// The built-in procedure `name`, made from the one table it is in
    /// (`elle_builtin_in`), so the program links only the tables it uses.
    fn builtin(&mut self, name: &[u8]) -> IntValue<'ctx> {
        let c_name = std::ffi::CString::new(name).expect("a built-in's name has no NUL");
        // SAFETY: a NUL-terminated name; the answer is a static C string or NULL.
        let table = unsafe { rt::elle_builtin_table_symbol(c_name.as_ptr()) };
        let s = self.cstring(name);
        if table.is_null() {
            return self.call_rt("elle_intrinsic_named", &[s.into()]);
        }
        // SAFETY: a static C string of the runtime's.
        let table = unsafe { std::ffi::CStr::from_ptr(table) }.to_string_lossy().into_owned();
        let g = self
            .module
            .get_global(&table)
            .unwrap_or_else(|| self.module.add_global(self.ctx.i8_type(), None, &table));
        self.call_rt("elle_builtin_in", &[g.as_pointer_value().into(), s.into()])
    }

    /// `elle_register_layout` of `l`, from static field tables.
    fn register_layout(&mut self, l: &elle::ctype::layout::Layout) {
        let i32t = self.i32t;
        let spec_ty = self.ctx.struct_type(
            &[
                self.ptrt.into(),
                self.i64t.into(),
                i32t.into(),
                i32t.into(),
                i32t.into(),
                i32t.into(),
                i32t.into(),
            ],
            false,
        );
        let specs: Vec<_> = l
            .fields
            .iter()
            .map(|f| {
                let name = match &f.name {
                    Some(n) => self.cstring(n.as_bytes()),
                    None => self.ptrt.const_null(),
                };
                let int = |v: i32| i32t.const_int(v as u64, true).into();
                spec_ty.const_named_struct(&[
                    name.into(),
                    self.i64t.const_int(f.offset_bits, false).into(),
                    int(f.kind),
                    int(f.bytes),
                    int(f.record),
                    int(f.count),
                    int(f.bit_width),
                ])
            })
            .collect();
        let table =
            self.module.add_global(spec_ty.array_type(specs.len() as u32), None, "elle.layout");
        table.set_linkage(Linkage::Private);
        table.set_constant(true);
        table.set_initializer(&spec_ty.const_array(&specs));
        let name = self.cstring(l.record.name.as_bytes());
        let args = [
            name.into(),
            self.i64t.const_int(l.record.size, false).into(),
            i32t.const_int(specs.len() as u64, false).into(),
            table.as_pointer_value().into(),
        ];
        self.call_rt("elle_register_layout", &args);
    }

    /// Runs the top-level forms in order; stops at the first error.
    fn build_run(&mut self) -> Result<FunctionValue<'ctx>, String> {
        let mut parts = Vec::new();
        let mut next = 0;
        while next < self.prog.tops.len() {
            let rest = &self.prog.tops[next..];
            let n = self.tops_chunk(rest);
            let (f, done) =
                self.lower_tops(&format!("elle.top.{}", parts.len()), next, &rest[..n])?;
            parts.push(f);
            next += done;
        }
        let f = self.module.add_function(
            "elle.run",
            self.i64t.fn_type(&[], false),
            Some(Linkage::Internal),
        );
        self.b.unset_current_debug_location();
        self.b.position_at_end(self.ctx.append_basic_block(f, "entry"));
        let fail = self.ctx.append_basic_block(f, "fail");
        for part in parts {
            let r = self
                .b
                .build_call(part, &[], "r")
                .expect("call")
                .try_as_basic_value()
                .basic()
                .expect("value")
                .into_int_value();
            let exc = self
                .b
                .build_int_compare(
                    inkwell::IntPredicate::EQ,
                    r,
                    self.i64t.const_int(rt::EXC, false),
                    "exc",
                )
                .expect("cmp");
            let next = self.ctx.append_basic_block(f, "next");
            self.b.build_conditional_branch(exc, fail, next).expect("br");
            self.b.position_at_end(next);
        }
        self.b.build_return(Some(&self.i64t.const_int(rt::NIL, false))).expect("ret");
        self.b.position_at_end(fail);
        self.b.build_return(Some(&self.i64t.const_int(rt::EXC, false))).expect("ret");
        Ok(f)
    }

    /// How many of `tops` (at least one) go into one function: forms of
    /// one file (a function has one debug scope), up to about
    /// `TOPS_PER_FUNCTION` expressions.
    fn tops_chunk(&self, tops: &[TopLevel]) -> usize {
        let file = self.prog.lambdas[tops[0].lambda as usize].span.file;
        let mut size = 0;
        for (n, top) in tops.iter().enumerate() {
            let lam = &self.prog.lambdas[top.lambda as usize];
            if n > 0 && (lam.span.file != file || size >= TOPS_PER_FUNCTION) {
                return n;
            }
            walk(&lam.body, &mut |_| size += 1);
        }
        tops.len()
    }

    /// `Val call(Val f, int64_t argc)` for the runtime (C convention): runs
    /// a closure on `elle_args` (used by `apply` when it is called as a value).
    fn build_call_trampoline(&mut self) -> FunctionValue<'ctx> {
        let f = self.module.add_function(
            "elle.call",
            self.i64t.fn_type(&[self.i64t.into(), self.i64t.into()], false),
            Some(Linkage::Internal),
        );
        self.b.unset_current_debug_location();
        self.b.position_at_end(self.ctx.append_basic_block(f, "entry"));
        let clo = f.get_nth_param(0).expect("f").into_int_value();
        let argc = f.get_nth_param(1).expect("argc").into_int_value();
        let code = self.pointer_field(clo, at::CLOSURE_CODE, "code");
        let args = self.procedure_args(vec![clo.into(), argc.into()]);
        let c = self.b.build_indirect_call(self.procedure_type(2), code, &args, "r").expect("call");
        c.set_call_convention(self.procedures);
        let r = c.try_as_basic_value().basic().expect("value");
        self.b.build_return(Some(&r)).expect("ret");
        f
    }
}

fn visit_defines(e: &Expr, f: &mut dyn FnMut(u32, LambdaId)) {
    walk(e, &mut |e| {
        if let Expr::DefineGlobal { index, value, .. } = e {
            if let Expr::MakeClosure(id) = **value {
                f(*index, id)
            }
        }
    });
}

fn visit_global_defs(e: &Expr, f: &mut dyn FnMut(u32)) {
    walk(e, &mut |e| {
        if let Expr::DefineGlobal { index, .. } = e {
            f(*index)
        }
    });
}

/// The prelude's top-level forms a program needs, then the program's own:
/// a prelude form that only defines procedures or constants no kept code
/// refers to (directly, or through another kept definition) is left out,
/// so a program carries only the prelude it uses. (Compiled code reaches
/// a global only through a reference the analysis resolved: there is no
/// lookup by name.)
pub fn needed_tops(
    lambdas: &[Lambda],
    prelude: &[TopLevel],
    program: &[TopLevel],
) -> Vec<TopLevel> {
    // the globals a pure definition defines; None for any other form
    let defines = |top: &TopLevel| -> Option<Vec<u32>> {
        let body = &lambdas[top.lambda as usize].body;
        let forms = match body {
            Expr::Seq(es) => es.as_slice(),
            e => std::slice::from_ref(e),
        };
        forms
            .iter()
            .map(|e| match e {
                Expr::DefineGlobal { index, value, .. }
                    if matches!(**value, Expr::MakeClosure(_) | Expr::Const(_)) =>
                {
                    Some(*index)
                }
                _ => None,
            })
            .collect()
    };
    let mut referenced: HashSet<u32> = Default::default();
    let mut seen = vec![false; lambdas.len()];
    let mut mark = |id: LambdaId, referenced: &mut HashSet<u32>| {
        mark_globals(lambdas, id, &mut seen, referenced)
    };
    let optional: Vec<Option<Vec<u32>>> = prelude.iter().map(defines).collect();
    let mut kept = vec![false; prelude.len()];
    for (i, top) in prelude.iter().enumerate() {
        if optional[i].is_none() {
            kept[i] = true;
            mark(top.lambda, &mut referenced);
        }
    }
    for top in program {
        mark(top.lambda, &mut referenced);
    }
    // a kept definition's code may refer to another: to a fixed point
    loop {
        let mut grew = false;
        for (i, top) in prelude.iter().enumerate() {
            let needed =
                optional[i].as_ref().is_some_and(|gs| gs.iter().any(|g| referenced.contains(g)));
            if !kept[i] && needed {
                kept[i] = true;
                grew = true;
                // a definition's own body holds only the closure it makes
                mark(top.lambda, &mut referenced);
            }
        }
        if !grew {
            break;
        }
    }
    prelude
        .iter()
        .zip(&kept)
        .filter(|(_, &k)| k)
        .map(|(t, _)| *t)
        .chain(program.iter().copied())
        .collect()
}

/// Adds to `out` every global the code of lambda `id`, and of the
/// procedures it makes, refers to (each lambda once: `seen`).
fn mark_globals(lambdas: &[Lambda], id: LambdaId, seen: &mut [bool], out: &mut HashSet<u32>) {
    let mut stack = vec![id];
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id as usize], true) {
            continue;
        }
        walk(&lambdas[id as usize].body, &mut |e| match e {
            Expr::MakeClosure(c) => stack.push(*c),
            Expr::Ref(VarRef { loc: VarLoc::Global(g), .. })
            | Expr::Set(VarRef { loc: VarLoc::Global(g), .. }, _) => {
                out.insert(*g);
            }
            _ => {}
        });
    }
}

/// Every global the program's code refers to.
fn referenced_globals(prog: &Program) -> HashSet<u32> {
    let (mut seen, mut out) = (vec![false; prog.lambdas.len()], HashSet::new());
    for top in prog.tops {
        mark_globals(prog.lambdas, top.lambda, &mut seen, &mut out);
    }
    out
}

/// Where the program first calls or reads C symbol `c_name`, if it does.
pub fn first_c_use(prog: &Program, c_name: &str) -> Option<Span> {
    let fs = &prog.cimports.functions;
    let mut first: Option<Span> = None;
    for l in prog.lambdas {
        walk(&l.body, &mut |e| match e {
            Expr::CCall { func, span, .. } if fs[*func as usize].c_name == c_name => {
                first = first.or(Some(*span));
            }
            _ => {}
        });
    }
    first
}

/// Every expression in `e`, not descending into other lambdas.
fn walk(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Const(_) | Expr::Ref(_) | Expr::Declare { .. } | Expr::MakeClosure(_) => {}
        Expr::Set(_, v) | Expr::DefineGlobal { value: v, .. } | Expr::Bind { value: v, .. } => {
            walk(v, f)
        }
        Expr::If(c, t, e2) => {
            walk(c, f);
            walk(t, f);
            walk(e2, f);
        }
        Expr::Seq(es) => es.iter().for_each(|x| walk(x, f)),
        Expr::Call { callee, args, .. } => {
            walk(callee, f);
            args.iter().for_each(|x| walk(x, f));
        }
        Expr::CCall { args, .. } => args.iter().for_each(|x| walk(x, f)),
        Expr::Callback { proc, .. } => walk(proc, f),
        Expr::While(c, b) => {
            walk(c, f);
            walk(b, f);
        }
        Expr::Try { body, handler, .. } => {
            walk(body, f);
            walk(handler, f);
        }
    }
}
