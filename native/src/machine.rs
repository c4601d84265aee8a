//! From a module to machine code: the target's machine, LLVM's standard
//! optimisation pipelines, and object/assembly/IR output.

use elle::target::{System, Target};
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, TargetMachine, TargetTriple,
};
use inkwell::OptimizationLevel;
use std::path::Path;

pub struct Machine {
    target: &'static Target,
    tm: TargetMachine,
    opt: u8,
}

impl Machine {
    /// A machine of `target`, at optimisation level `opt` (0-3).
    pub fn new(target: &'static Target, opt: u8) -> Result<Machine, String> {
        // the LLVM back ends of the targets Elle has
        inkwell::targets::Target::initialize_x86(&InitializationConfig::default());
        inkwell::targets::Target::initialize_webassembly(&InitializationConfig::default());
        Ok(Machine { target, tm: target_machine(target, opt)?, opt })
    }

    /// Set the module's target, verify it and run the optimiser.
    pub fn prepare(&mut self, module: &Module) -> Result<(), String> {
        module.set_triple(&self.tm.get_triple());
        module.set_data_layout(&self.tm.get_target_data().get_data_layout());
        module
            .verify()
            .map_err(|e| format!("internal error: invalid LLVM IR: {}", e.to_string()))?;
        let huge = self.opt > 0 && optimise_none_of_the_huge(module);
        let mut passes = format!("default<O{}>", self.opt.min(3));
        if sanitize_addresses(self.target, module) {
            // last, as clang places it: the optimiser sees no checks
            passes.push_str(",asan");
        }
        module
            .run_passes(&passes, &self.tm, PassBuilderOptions::create())
            .map_err(|e| e.to_string())?;
        if huge {
            // the code generator's optimising register allocation is as
            // slow on them: the module's code is made as at -O0
            self.tm = target_machine(self.target, 0)?;
        }
        Ok(())
    }

    pub fn write_object(&self, module: &Module, path: &Path) -> Result<(), String> {
        self.tm.write_to_file(module, FileType::Object, path).map_err(|e| e.to_string())
    }

    pub fn write_assembly(&self, module: &Module, path: &Path) -> Result<(), String> {
        self.tm.write_to_file(module, FileType::Assembly, path).map_err(|e| e.to_string())
    }
}

/// Instructions past which a function is compiled as at -O0: some of LLVM's
/// optimisations take time in the square of a function's size (generated
/// code has functions of tens of thousands of forms), and code that size
/// gains little from them.
const HUGE_FUNCTION: usize = 20_000;

/// Marks the huge functions not to be optimised; whether there were any.
fn optimise_none_of_the_huge(module: &Module) -> bool {
    let cx = module.get_context();
    let attr = |name: &str| cx.create_enum_attribute(Attribute::get_named_enum_kind_id(name), 0);
    let mut any = false;
    for f in module.get_functions() {
        let size: usize = f.get_basic_blocks().iter().map(|b| b.get_instructions().count()).sum();
        if size > HUGE_FUNCTION {
            // optnone needs noinline: a copy inlined elsewhere would be optimised
            f.add_attribute(AttributeLoc::Function, attr("optnone"));
            f.add_attribute(AttributeLoc::Function, attr("noinline"));
            any = true;
        }
    }
    any
}

/// Under a runtime built with AddressSanitizer (`ELLE_SANITIZE=1`,
/// ci/sanitize.sh), the program's own functions are checked as well: each
/// load and store of compiled code (the inline fast paths of car, vector-ref,
/// struct fields) is marked for the `asan` pass. Whether it is asked.
fn sanitize_addresses(target: &Target, module: &Module) -> bool {
    if !env!("ELLE_RT_SANITIZE").split(',').any(|s| s == "address") || target.system == System::Wasi
    {
        return false;
    }
    let cx = module.get_context();
    let kind = Attribute::get_named_enum_kind_id("sanitize_address");
    for f in module.get_functions().filter(|f| f.count_basic_blocks() > 0) {
        f.add_attribute(AttributeLoc::Function, cx.create_enum_attribute(kind, 0));
    }
    true
}

/// `target`'s machine, generating code at optimisation level `opt`.
fn target_machine(target: &Target, opt: u8) -> Result<TargetMachine, String> {
    let triple = TargetTriple::create(target.triple);
    let llvm = inkwell::targets::Target::from_triple(&triple).map_err(|e| e.to_string())?;
    let level = match opt {
        0 => OptimizationLevel::None,
        1 => OptimizationLevel::Less,
        2 => OptimizationLevel::Default,
        _ => OptimizationLevel::Aggressive,
    };
    llvm.create_target_machine(
        &triple,
        target.cpu,
        target.features,
        level,
        RelocMode::PIC,
        CodeModel::Default,
    )
    .ok_or_else(|| format!("LLVM cannot make code for {}", target.triple))
}
