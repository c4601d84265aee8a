//! `ellec -g`: DWARF line tables. Each compiled lambda is a subprogram at
//! its source line, and instructions carry the line and column of the Elle
//! form they come from, so gdb, perf and addr2line show `prog.lisp:12`.

use elle::source::{SourceMap, Span};
use inkwell::context::Context;
use inkwell::debug_info::{
    AsDIScope, DICompileUnit, DIFile, DIFlags, DIFlagsConstants, DIScope, DWARFEmissionKind,
    DWARFSourceLanguage, DebugInfoBuilder,
};
use inkwell::module::{FlagBehavior, Module};
use inkwell::values::FunctionValue;
use std::collections::HashMap;

pub struct Debug<'ctx> {
    dib: DebugInfoBuilder<'ctx>,
    cu: DICompileUnit<'ctx>,
    files: HashMap<u32, DIFile<'ctx>>,
    dir: String,
}

/// The scope instructions of one function are placed in.
#[derive(Clone, Copy)]
pub struct FnScope<'ctx> {
    pub scope: DIScope<'ctx>,
    pub file: u32,
}

impl<'ctx> Debug<'ctx> {
    pub fn new(module: &Module<'ctx>, main_file: &str, optimized: bool) -> Debug<'ctx> {
        let dir =
            std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into());
        let (dib, cu) = module.create_debug_info_builder(
            true,
            // DWARF has no code for Elle; C's keeps debuggers in a plain mode
            DWARFSourceLanguage::C,
            main_file,
            &dir,
            concat!("ellec ", env!("CARGO_PKG_VERSION")),
            optimized,
            "",
            0,
            "",
            DWARFEmissionKind::LineTablesOnly,
            0,
            false,
            false,
            "",
            "",
        );
        let i32t = module.get_context().i32_type();
        module.add_basic_value_flag(
            "Debug Info Version",
            FlagBehavior::Warning,
            i32t.const_int(3, false),
        );
        module.add_basic_value_flag(
            "Dwarf Version",
            FlagBehavior::Warning,
            i32t.const_int(4, false),
        );
        Debug { dib, cu, files: HashMap::new(), dir }
    }

    fn file(&mut self, sources: &SourceMap, file: u32) -> DIFile<'ctx> {
        let dir = &self.dir;
        *self.files.entry(file).or_insert_with(|| self.dib.create_file(&sources.name(file), dir))
    }

    /// Make `f` a subprogram starting at `span`.
    pub fn function(
        &mut self,
        sources: &SourceMap,
        f: FunctionValue<'ctx>,
        name: &str,
        span: Span,
    ) -> FnScope<'ctx> {
        let file = self.file(sources, span.file);
        let (line, _) = sources.line_col(span);
        let ty = self.dib.create_subroutine_type(file, None, &[], DIFlags::ZERO);
        let sp = self.dib.create_function(
            self.cu.as_debug_info_scope(),
            name,
            None,
            file,
            line as u32,
            ty,
            true,
            true,
            line as u32,
            DIFlags::ZERO,
            false,
        );
        f.set_subprogram(sp);
        FnScope { scope: sp.as_debug_info_scope(), file: span.file }
    }

    /// The location of `span` within a function's scope, if it is in the
    /// function's file (code from another file keeps the current line).
    pub fn location(
        &self,
        ctx: &'ctx Context,
        sources: &SourceMap,
        scope: FnScope<'ctx>,
        span: Span,
    ) -> Option<inkwell::debug_info::DILocation<'ctx>> {
        if span.file != scope.file {
            return None;
        }
        let (line, col) = sources.line_col(span);
        Some(self.dib.create_debug_location(ctx, line as u32, col as u32, scope.scope, None))
    }

    pub fn finish(&self) {
        self.dib.finalize();
    }
}
