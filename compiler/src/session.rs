//! A session: the runtime's built-ins, the prelude, and the pipeline
//! reader -> analysis (with expansion) -> interpreter, for files, `-e` text
//! and REPL inputs alike.

use crate::analysis::globals::{Arity, Globals};
use crate::analysis::ir::{Lambda, TopLevel};
use crate::analysis::{Analyzer, Host, Mode};
use crate::cimport::CImports;
use crate::diag::Diag;
use crate::expand::CorePrims;
use crate::interp::{Interp, Thrown};
use crate::source::{SourceMap, Span};
use crate::syntax::datum::Datum;
use crate::syntax::reader;
use elle_runtime::{self as rt, Val};
use std::collections::HashMap;
use std::ffi::CStr;
use std::path::{Path, PathBuf};

const PRELUDE: &str = include_str!("../../stdlib/prelude.lisp");

/// Why a unit did not run to the end.
pub enum Failure {
    /// Rejected before running: malformed, unbound, wrong arity, ...
    Compile(Diag),
    /// Raised while running and not caught.
    Runtime(Box<Thrown>),
}

pub struct Session {
    pub sources: SourceMap,
    pub analyzer: Analyzer,
    pub interp: Interp,
    paths: HashMap<u32, PathBuf>,
    /// The prelude's top-level forms, which a compiled program runs first.
    pub prelude: Vec<TopLevel>,
    /// The C libraries and headers the program has loaded.
    pub cimports: CImports,
}

struct SessionHost<'a> {
    interp: &'a mut Interp,
    sources: &'a mut SourceMap,
    paths: &'a mut HashMap<u32, PathBuf>,
    cimports: &'a mut CImports,
}

impl Host for SessionHost<'_> {
    fn beside(&self, from: Span, path: &str) -> String {
        let dir = self
            .paths
            .get(&from.file)
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let full = dir.join(path);
        if Path::new(path).is_absolute() || !full.exists() {
            return path.to_string();
        }
        full.canonicalize().unwrap_or(full).display().to_string()
    }

    fn cimports(&mut self) -> &mut CImports {
        self.cimports
    }

    fn run(&mut self, lambdas: &[Lambda], top: TopLevel) -> Result<Val, Diag> {
        self.interp.run(lambdas, top).map_err(|t| Diag::new(t.message(), t.span))
    }

    fn expand(
        &mut self,
        lambdas: &[Lambda],
        transformer: Val,
        args: Val,
        span: Span,
    ) -> Result<Val, Diag> {
        let mut argv = Vec::new();
        let mut l = args;
        while rt::is(l, rt::Kind::Pair) {
            // SAFETY: l is a pair; the list stays rooted by the caller.
            unsafe {
                argv.push((*rt::obj::<rt::Pair>(l)).car);
                l = (*rt::obj::<rt::Pair>(l)).cdr;
            }
        }
        self.interp
            .call(lambdas, transformer, &argv, span)
            .map_err(|t| Diag::new(format!("while expanding a macro: {}", t.message()), span))
    }

    fn read_relative(&mut self, from: Span, path: &str) -> Result<(PathBuf, Vec<Datum>), Diag> {
        // relative to the including file as it was named, so that messages
        // show paths the way the user wrote them
        let dir = self
            .paths
            .get(&from.file)
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut full = dir.join(path);
        if !full.exists() && full.extension().is_none() {
            full.set_extension("lisp");
        }
        let text = read_source(&full).map_err(|m| Diag::new(m, from))?;
        let canonical = full.canonicalize().unwrap_or(full.clone());
        let file = self.sources.add(&full.display().to_string(), text);
        self.paths.insert(file, full);
        let forms = reader::read_all(self.sources.text(file), file)?;
        Ok((canonical, forms))
    }
}

/// A source file's text, or the reason it cannot be read.
fn read_source(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::InvalidData => "it is not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        format!("cannot read '{}': {reason}", path.display())
    })
}

impl Session {
    /// A session with every built-in and the prelude loaded. The runtime
    /// must have been initialised on this thread.
    pub fn new(native_limit: usize) -> Session {
        let mut globals = Globals::default();
        let mut by_name = HashMap::new();
        // SAFETY: the tables are static, NULL-terminated arrays of entries.
        unsafe {
            let mut t = rt::elle_builtin_tables.as_ptr();
            while !(*t).is_null() {
                let mut b = *t;
                while !(*b).name.is_null() {
                    let e = &*b;
                    let prim = rt::elle_make_primitive(e.name, e.func, e.min_args, e.max_args);
                    rt::elle_gc_protect(prim);
                    let name = CStr::from_ptr(e.name).to_string_lossy().into_owned();
                    let arity = Arity {
                        min: e.min_args as u32,
                        max: (e.max_args >= 0).then_some(e.max_args as u32),
                    };
                    globals.define_builtin(rt::intern(&name), prim, Some(arity));
                    by_name.insert(name, prim);
                    b = b.add(1);
                }
                t = t.add(1);
            }
            for (i, &n) in rt::elle_intrinsic_names.iter().enumerate() {
                let prim = rt::elle_make_primitive(n, None, 0, -1);
                (*rt::obj::<rt::Primitive>(prim)).h.flags |= rt::PRIM_INTRINSIC;
                (*rt::obj::<rt::Primitive>(prim)).h.aux = i as u32;
                rt::elle_gc_protect(prim);
                let name = CStr::from_ptr(n).to_string_lossy().into_owned();
                globals.define_builtin(rt::intern(&name), prim, Some(Arity { min: 2, max: None }));
            }
        }
        let p = |n: &str| by_name[n];
        let prims = CorePrims {
            cons: p("cons"),
            list: p("list"),
            append: p("append"),
            list_to_vector: p("list->vector"),
            car: p("car"),
            cdr: p("cdr"),
            pairp: p("pair?"),
            equalp: p("equal?"),
            error: p("error"),
            record_type: p("%record-type"),
            record: p("%record"),
            recordp: p("%record?"),
            record_ref: p("%record-ref"),
            record_set: p("%record-set!"),
            values_check: p("%values-check"),
            values_list: p("%values-list"),
            escapingp: p("%escaping?"),
            raise: p("raise"),
        };
        let mut s = Session {
            sources: SourceMap::default(),
            analyzer: Analyzer::new(globals, prims, Mode::Program),
            interp: Interp::new(native_limit),
            paths: HashMap::new(),
            prelude: Vec::new(),
            cimports: CImports::default(),
        };
        let file = s.sources.add("<prelude>", PRELUDE.to_string());
        s.analyzer.prelude_file = Some(file);
        match s.analyse(file).and_then(|tops| s.run_all(&tops, |_| {}).map(|_| tops)) {
            Ok(tops) => s.prelude = tops,
            Err(f) => panic!("the prelude does not load:\n{}", s.report(&f)),
        }
        s
    }

    /// Read and check a program file without running it (its macros run):
    /// the top-level forms a compiler turns into code, after the prelude's.
    pub fn analyse_file(&mut self, path: &Path) -> Result<Vec<TopLevel>, Failure> {
        let file = self.program_file(path)?;
        self.analyse(file)
    }

    /// Read, check and run a program file; the values are discarded.
    pub fn run_file(&mut self, path: &Path) -> Result<(), Failure> {
        let file = self.program_file(path)?;
        self.run_source(file, |_| {})
    }

    /// A program file, read and registered: checked whole before it runs,
    /// its top-level values unused.
    fn program_file(&mut self, path: &Path) -> Result<u32, Failure> {
        let text = read_source(path).map_err(|m| Failure::Compile(Diag::nowhere(m)))?;
        self.analyzer.set_mode(Mode::Program);
        self.analyzer.set_values_unused(true);
        let file = self.sources.add(&path.display().to_string(), text);
        self.paths.insert(file, path.to_path_buf());
        Ok(file)
    }

    /// Read, check and run `text` (which starts at line `first_line` of
    /// `name`), passing each top-level value to `each`.
    pub fn eval_text(
        &mut self,
        name: &str,
        first_line: usize,
        text: String,
        mode: Mode,
        each: impl FnMut(Val),
    ) -> Result<(), Failure> {
        self.analyzer.set_mode(mode);
        self.analyzer.set_values_unused(false);
        let file = self.sources.add_at(name, text, first_line);
        self.paths.insert(file, PathBuf::from(name));
        self.run_source(file, each)
    }

    fn run_source(&mut self, file: u32, each: impl FnMut(Val)) -> Result<(), Failure> {
        let tops = self.analyse(file)?;
        self.run_all(&tops, each)
    }

    fn analyse(&mut self, file: u32) -> Result<Vec<TopLevel>, Failure> {
        let forms = reader::read_all(self.sources.text(file), file).map_err(Failure::Compile)?;
        let mut host = SessionHost {
            interp: &mut self.interp,
            sources: &mut self.sources,
            paths: &mut self.paths,
            cimports: &mut self.cimports,
        };
        let tops = self.analyzer.unit(&forms, &mut host).map_err(Failure::Compile);
        self.interp.ffi.sync(&self.cimports);
        tops
    }

    fn run_all(&mut self, tops: &[TopLevel], mut each: impl FnMut(Val)) -> Result<(), Failure> {
        let (sources, lambdas) =
            (&self.sources as *const SourceMap, &self.analyzer.lambdas as *const Vec<Lambda>);
        crate::interp::ffi::callback::set_failure_report(Box::new(move |t| {
            // SAFETY: callbacks run only inside `interp.run` below, while
            // the sources and procedures are alive and not changing.
            let (sources, lambdas) = unsafe { (&*sources, &*lambdas) };
            eprint!(
                "{}{}",
                Diag::new(t.message(), t.span).render(sources),
                t.backtrace_text(lambdas, sources)
            );
        }));
        for &top in tops {
            let v = self.interp.run(&self.analyzer.lambdas, top).map_err(Failure::Runtime)?;
            each(v);
        }
        Ok(())
    }

    /// The text printed for a failure: located message, snippet, backtrace.
    pub fn report(&self, f: &Failure) -> String {
        match f {
            Failure::Compile(d) => d.render(&self.sources),
            Failure::Runtime(t) => {
                let mut s = Diag::new(t.message(), t.span).render(&self.sources);
                s.push_str(&t.backtrace_text(&self.analyzer.lambdas, &self.sources));
                s
            }
        }
    }
}
