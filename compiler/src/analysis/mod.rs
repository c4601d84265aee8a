//! Analysis: expanded data to the resolved, tail-marked form (`ir`) that
//! both executors run. It drives macro expansion (through `Host`, which
//! runs transformers), resolves every variable, converts closures, decides
//! which variables need boxes, and checks what can be checked before a
//! program runs: unbound variables and calls of known arity.

mod cdecl;
mod cforms;
mod closure;
mod cmacro;
mod definitions;
mod forms;
pub mod globals;
pub mod ir;
mod pattern;
mod records;
mod scope;
mod toplevel;

use crate::cimport::CImports;
use crate::diag::Diag;
use crate::expand::convert::Converter;
use crate::expand::CorePrims;
use crate::source::Span;
use crate::syntax::datum::Datum;
use elle_runtime::{self as rt, Val};
use globals::{Arity, Globals};
use ir::{Expr, Lambda, LambdaId, TopLevel};
use scope::Scopes;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What the analysis needs from its surroundings: running code at compile
/// time (macro transformers) and reading the files a program includes.
pub trait Host {
    /// Run a top-level procedure now and return its value.
    fn run(&mut self, lambdas: &[Lambda], top: TopLevel) -> Result<Val, Diag>;
    /// Apply a macro transformer to its argument forms.
    fn expand(
        &mut self,
        lambdas: &[Lambda],
        transformer: Val,
        args: Val,
        span: Span,
    ) -> Result<Val, Diag>;
    /// Read the file `path` names relative to the file of `from`: its
    /// canonical path and its data.
    fn read_relative(&mut self, from: Span, path: &str) -> Result<(PathBuf, Vec<Datum>), Diag>;
    /// `path` as the file of `from` means it: the full path of a file
    /// beside that file if `path` is relative and one is there, else
    /// `path` itself (a header, library or folder a program names).
    fn beside(&self, from: Span, path: &str) -> String;
    /// The C headers and libraries the program has loaded, which resolve
    /// the names Elle does not define.
    fn cimports(&mut self) -> &mut CImports;
}

/// How a C function's `char*` result is read when not as text copied into a
/// string; `raw` is the function seen with a `void*` result.
#[derive(Clone, Copy)]
enum ResultReading {
    /// The caller owns the string: it is copied, then freed by the
    /// procedure in global `free`.
    Owned { raw: u32, free: Val },
    /// Memory: a plain pointer.
    Pointer { raw: u32 },
}

/// How strictly to check: a whole program is checked before it runs; the
/// REPL allows a procedure to name a global a later input defines.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Program,
    Repl,
}

struct Syms {
    quote: Val,
    quasiquote: Val,
    unquote: Val,
    unquote_splicing: Val,
    if_: Val,
    define: Val,
    set: Val,
    fn_: Val,
    lambda: Val,
    let_: Val,
    begin: Val,
    while_: Val,
    match_: Val,
    try_: Val,
    catch: Val,
    defmacro: Val,
    define_record_type: Val,
    define_values: Val,
    include: Val,
    import: Val,
    rest: Val,
    underscore: Val,
}

impl Syms {
    fn new() -> Syms {
        let s = rt::intern;
        Syms {
            quote: s("quote"),
            quasiquote: s("quasiquote"),
            unquote: s("unquote"),
            unquote_splicing: s("unquote-splicing"),
            if_: s("if"),
            define: s("define"),
            set: s("set!"),
            fn_: s("fn"),
            lambda: s("lambda"),
            let_: s("let"),
            begin: s("begin"),
            while_: s("while"),
            match_: s("match"),
            try_: s("try"),
            catch: s("catch"),
            defmacro: s("defmacro"),
            define_record_type: s("define-record-type"),
            define_values: s("define-values"),
            include: s("include"),
            import: s("import"),
            rest: s("&rest"),
            underscore: s("_"),
        }
    }
}

struct GlobalCall {
    global: u32,
    argc: u32,
    span: Span,
}

pub struct Analyzer {
    pub lambdas: Vec<Lambda>,
    pub globals: Globals,
    macros: HashMap<Val, Val>,
    prims: CorePrims,
    sym: Syms,
    scopes: Scopes,
    mode: Mode,
    imported: HashSet<PathBuf>,
    /// the files being included, outermost first (a file met again is a cycle)
    including: Vec<PathBuf>,
    /// macro arguments and expansions, between data and runtime values
    converter: Converter,
    /// expressions being analysed, one inside the other
    depth: usize,
    /// the prelude's source file, whose code reaches built-ins by their aliases
    pub prelude_file: Option<u32>,
    /// Checks that wait until the whole unit has been analysed.
    used_globals: Vec<(u32, Span)>,
    global_calls: Vec<GlobalCall>,
    /// Globals defined as a `load-library` form, to their library: what
    /// `ffi-call` may name.
    library_names: HashMap<Val, u32>,
    /// The procedure made for each C function used as a value.
    c_values: HashMap<u32, LambdaId>,
    /// C functions whose `char*` results are read otherwise than as text
    /// (`define-c-owned-result`, `define-c-pointer-result`).
    result_readings: HashMap<u32, ResultReading>,
    /// C macros a bindings file defines (`define-c-macro`), by each of
    /// their names: the C name, and the template.
    c_macros: HashMap<Val, (String, cmacro::Template)>,
    /// How many C macro expansions the form being analysed is inside.
    c_macro_depth: u32,
    /// How many hidden variables definition forms have made (each one's
    /// name is new).
    hidden_names: u32,
    /// Nobody sees the top-level forms' values (a program file, not the
    /// REPL or `elle -e`): a constant one makes no code.
    values_unused: bool,
}

type R<T> = Result<T, Diag>;
/// A name a form binds, where it is written.
type Named = (Val, Span);
/// What `(define ...)` defines: the name, where, the value, and what is
/// known of it (a procedure's arity, a constant's value).
type Definition = (Val, Span, Expr, Option<Arity>, Option<Val>);

impl Analyzer {
    pub fn new(globals: Globals, prims: CorePrims, mode: Mode) -> Analyzer {
        Analyzer {
            lambdas: Vec::new(),
            globals,
            macros: HashMap::new(),
            prims,
            sym: Syms::new(),
            scopes: Scopes::default(),
            mode,
            imported: HashSet::new(),
            including: Vec::new(),
            converter: Converter::default(),
            depth: 0,
            prelude_file: None,
            used_globals: Vec::new(),
            global_calls: Vec::new(),
            library_names: HashMap::new(),
            c_values: HashMap::new(),
            result_readings: HashMap::new(),
            c_macros: HashMap::new(),
            c_macro_depth: 0,
            hidden_names: 0,
            values_unused: false,
        }
    }

    pub fn set_mode(&mut self, mode: Mode) {
        self.mode = mode;
    }

    /// Whether the top-level forms' values are seen by anyone.
    pub fn set_values_unused(&mut self, unused: bool) {
        self.values_unused = unused;
    }

    /// Every name Elle gives a meaning so far: special forms, macros, and
    /// defined globals (built-ins, the prelude's, the program's).
    pub fn defined_names(&self) -> HashSet<String> {
        let s = &self.sym;
        let forms = [
            s.quote,
            s.quasiquote,
            s.unquote,
            s.unquote_splicing,
            s.if_,
            s.define,
            s.set,
            s.fn_,
            s.lambda,
            s.let_,
            s.begin,
            s.while_,
            s.match_,
            s.try_,
            s.catch,
            s.defmacro,
            s.define_record_type,
            s.define_values,
            s.include,
            s.import,
        ];
        let globals = self.globals.info.iter().filter(|g| g.definitions > 0).map(|g| g.name);
        forms
            .into_iter()
            .chain(self.macros.keys().copied())
            .chain(globals)
            .map(rt::symbol_name)
            .collect()
    }

    pub fn is_macro(&self, name: Val) -> bool {
        self.macros.contains_key(&name)
    }

    /// Analyse a unit (a file, or one REPL input): its top-level forms in
    /// order, running `defmacro`s as they come. Returns the procedures to
    /// run, after checking the unit as a whole.
    pub fn unit(&mut self, forms: &[Datum], host: &mut dyn Host) -> R<Vec<TopLevel>> {
        self.used_globals.clear();
        self.global_calls.clear();
        let mut out = Vec::new();
        for f in forms {
            self.toplevel(f, host, &mut out)?;
        }
        self.check_unit(host)?;
        Ok(out)
    }

    /// When Elle's `name` hides a C function a loaded header declares
    /// (`write`, `exit`, `abs`): which one, and how to reach it.
    fn hidden_c_function(&self, name: &str, host: &mut dyn Host) -> Option<String> {
        let (header, library) = host.cimports().declaring(name)?;
        let lisp = crate::cimport::names::lisp_name(name);
        let free = |n: &str| {
            self.globals
                .get(rt::intern(n))
                .is_none_or(|g| self.globals.info[g as usize].definitions == 0)
        };
        let reach = if lisp != name && free(&lisp) {
            format!("call it {lisp}")
        } else {
            format!("call it by its signature: (ffi-call \"{library}\" \"{name}\" (parameter types...) result-type arguments...)")
        };
        Some(format!("{name} here is Elle's own; it hides the C function {name} that {header} declares: {reach}"))
    }

    fn check_unit(&mut self, host: &mut dyn Host) -> R<()> {
        if self.mode == Mode::Program {
            for &(g, span) in &self.used_globals {
                let info = &self.globals.info[g as usize];
                if info.definitions == 0 {
                    let name = rt::symbol_name(info.name);
                    let diag = Diag::new(format!("unbound variable: {name}"), span);
                    return Err(match host.cimports().outside(&name) {
                        Some(hint) => diag.note(hint),
                        None => diag,
                    });
                }
            }
        }
        for c in &self.global_calls {
            let info = &self.globals.info[c.global as usize];
            if let Some(a) = info.known_arity() {
                if !a.accepts(c.argc) {
                    let name = rt::symbol_name(info.name);
                    let diag = Diag::new(
                        format!("{name} expects {}, but is given {}", a.describe(), c.argc),
                        c.span,
                    );
                    return Err(match self.hidden_c_function(&name, host) {
                        Some(note) => diag.note(note),
                        None => diag,
                    });
                }
            }
        }
        Ok(())
    }
}
