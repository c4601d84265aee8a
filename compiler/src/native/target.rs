//! From a module to machine code: the host target machine, LLVM's standard
//! optimisation pipelines, and object/assembly/IR output.

use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine};
use inkwell::OptimizationLevel;
use std::path::Path;

pub struct Machine {
    tm: TargetMachine,
    opt: u8,
}

impl Machine {
    /// The machine this compiler runs on, at optimisation level `opt` (0-3).
    pub fn host(opt: u8) -> Result<Machine, String> {
        Target::initialize_native(&InitializationConfig::default())?;
        let triple = TargetMachine::get_default_triple();
        let target = Target::from_triple(&triple).map_err(|e| e.to_string())?;
        let level = match opt {
            0 => OptimizationLevel::None,
            1 => OptimizationLevel::Less,
            2 => OptimizationLevel::Default,
            _ => OptimizationLevel::Aggressive,
        };
        let tm = target
            .create_target_machine(&triple, "x86-64", "", level, RelocMode::PIC, CodeModel::Default)
            .ok_or("cannot create a target machine for this host")?;
        Ok(Machine { tm, opt })
    }

    /// Set the module's target, verify it and run the optimiser.
    pub fn prepare(&self, module: &Module) -> Result<(), String> {
        module.set_triple(&self.tm.get_triple());
        module.set_data_layout(&self.tm.get_target_data().get_data_layout());
        module.verify().map_err(|e| format!("internal error: invalid LLVM IR: {}", e.to_string()))?;
        let passes = format!("default<O{}>", self.opt.min(3));
        module.run_passes(&passes, &self.tm, PassBuilderOptions::create()).map_err(|e| e.to_string())
    }

    pub fn write_object(&self, module: &Module, path: &Path) -> Result<(), String> {
        self.tm.write_to_file(module, FileType::Object, path).map_err(|e| e.to_string())
    }

    pub fn write_assembly(&self, module: &Module, path: &Path) -> Result<(), String> {
        self.tm.write_to_file(module, FileType::Assembly, path).map_err(|e| e.to_string())
    }
}
