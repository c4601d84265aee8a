//! C headers and libraries as the program names them: `load-library` and
//! `load-header-with-lib` register a library (and parse its header); names
//! the program uses and does not define are then looked up in the headers,
//! lazily, one at a time, so nothing is generated that nobody uses.

pub mod abi;
pub mod cache;
pub mod clang;
pub mod ctype;
pub mod library;
pub mod names;
pub mod shim;

use cache::Snapshot;
use clang::{CConst, Header};
use ctype::CFunction;
use library::Library;
use std::collections::HashMap;

/// What a name resolves to in the imported headers.
#[derive(Clone, Debug)]
pub enum Resolved {
    /// An index into `CImports::functions`.
    Function(u32),
    Constant(CConst),
    /// A function-like macro: `expand` evaluates an application of it.
    FunctionMacro,
}

/// An imported header: its declarations (from the cache or from clang),
/// and clang's parse of it once a macro has needed evaluating.
struct Imported {
    header: String,
    cflags: Vec<String>,
    library: u32,
    snap: Snapshot,
    /// Lisp names of the functions, to their C names.
    lisp: HashMap<String, String>,
    live: Option<Header>,
}

impl Imported {
    fn lookup(&mut self, name: &str) -> Option<Result<Decl, String>> {
        let c_name = if self.snap.functions.contains_key(name) { name } else { self.lisp.get(name).map(String::as_str).unwrap_or(name) };
        if let Some(f) = self.snap.functions.get(c_name) {
            let shim = f.shim.as_ref().map(|_| ctype::Shim { header: self.header.clone(), cflags: self.cflags.clone() });
            return Some(Ok(Decl::Function(CFunction { library: self.library, shim, ..f.clone() })));
        }
        if let Some(c) = self.snap.consts.get(name) {
            return Some(Ok(Decl::Constant(c.clone())));
        }
        if self.snap.function_macros.contains(name) {
            return Some(Ok(Decl::FunctionMacro));
        }
        if !self.snap.macros.contains(name) {
            return None;
        }
        Some(self.evaluate(name).map(Decl::Constant))
    }

    /// The value of a macro expression, cached with the header's entry.
    fn evaluate(&mut self, expr: &str) -> Result<CConst, String> {
        if let Some(c) = self.snap.consts.get(expr) {
            return Ok(c.clone());
        }
        if self.live.is_none() {
            let h = Header::parse(&self.header, &self.cflags).map_err(|e| format!("cannot import header '{}': {e}", self.header))?;
            self.live = Some(h);
        }
        let value = self.live.as_ref().expect("parsed above").eval_macro(expr)?;
        self.snap.consts.insert(expr.to_string(), value.clone());
        self.snap.save(&self.header, &self.cflags);
        Ok(value)
    }
}

enum Decl {
    Function(CFunction),
    Constant(CConst),
    FunctionMacro,
}

#[derive(Default)]
pub struct CImports {
    pub libraries: Vec<Library>,
    headers: Vec<Imported>,
    pub functions: Vec<CFunction>,
    resolved: HashMap<String, Resolved>,
    /// Libraries opened to check that a declared symbol exists.
    opened: HashMap<u32, libloading::Library>,
}

impl CImports {
    /// Register `lib`, with `header` parsed if given. Loading the same pair
    /// twice is loading it once.
    pub fn load(&mut self, header: Option<&str>, lib: &str) -> Result<u32, String> {
        let index = match self.libraries.iter().position(|l| l.spec == lib) {
            Some(i) => i as u32,
            None => {
                self.libraries.push(Library::find(lib)?);
                (self.libraries.len() - 1) as u32
            }
        };
        if let Some(h) = header {
            let cflags = self.libraries[index as usize].cflags.clone();
            let (snap, live) = match Snapshot::load(h, &cflags) {
                Some(snap) => (snap, None),
                None => {
                    let parsed = Header::parse(h, &cflags).map_err(|e| format!("cannot import header '{h}': {e}"))?;
                    let snap = parsed.snapshot();
                    snap.save(h, &cflags);
                    (snap, Some(parsed))
                }
            };
            // two C names with one Lisp name: the first in C order keeps it
            let mut c_names: Vec<&String> = snap.functions.keys().collect();
            c_names.sort();
            let mut lisp = HashMap::new();
            for c in c_names {
                lisp.entry(names::lisp_name(c)).or_insert_with(|| c.clone());
            }
            self.headers.push(Imported { header: h.to_string(), cflags, library: index, snap, lisp, live });
        }
        Ok(index)
    }

    /// A function the program declares by name and signature, with no
    /// header (`ffi-call`). Declaring it again with the same signature is
    /// declaring it once; a symbol has one signature in a program.
    pub fn declare(&mut self, library: u32, c_name: &str, params: Vec<ctype::CType>, ret: ctype::CType) -> Result<u32, String> {
        let f = CFunction::declared(c_name, params, ret, library);
        self.check_symbol(library, c_name)?;
        match self.functions.iter().position(|g| g.c_name == c_name) {
            Some(i) if self.functions[i].params == f.params && self.functions[i].ret == f.ret && !self.functions[i].variadic => Ok(i as u32),
            Some(i) => Err(format!("{c_name} is already declared as {}, not {}", self.functions[i].prototype, f.prototype)),
            None => {
                self.functions.push(f);
                Ok((self.functions.len() - 1) as u32)
            }
        }
    }

    /// An error if the library's shared object lacks `c_name` (a library
    /// with only a static archive is checked when the program links).
    fn check_symbol(&mut self, library: u32, c_name: &str) -> Result<(), String> {
        let lib = &self.libraries[library as usize];
        if !self.opened.contains_key(&library) {
            // SAFETY: loading a C library runs its initialisers, as calling into it would.
            let Ok(handle) = (unsafe { libloading::Library::new(&lib.dl_name) }) else { return Ok(()) };
            self.opened.insert(library, handle);
        }
        // SAFETY: the symbol is only looked up, never used.
        let found = unsafe { self.opened[&library].get::<*mut std::ffi::c_void>(c_name.as_bytes()) }.is_ok();
        if found {
            Ok(())
        } else {
            Err(format!("{c_name}: no such symbol in {}", lib.dl_name))
        }
    }

    /// The value of function-like macro `name` applied to `args` (C
    /// constant expressions), evaluated by clang in its header.
    pub fn expand(&mut self, name: &str, args: &[String]) -> Result<CConst, String> {
        let expr = format!("{name}({})", args.join(", "));
        let h = self.headers.iter_mut().find(|h| h.snap.function_macros.contains(name)).ok_or_else(|| format!("{name} is not a C macro"))?;
        h.evaluate(&expr)
    }

    /// The C declaration a program means by `name` (its C spelling, or the
    /// Lisp spelling of a function), in the order the headers were loaded.
    pub fn resolve(&mut self, name: &str) -> Option<Result<Resolved, String>> {
        if let Some(r) = self.resolved.get(name) {
            return Some(Ok(r.clone()));
        }
        let found = self.headers.iter_mut().find_map(|h| h.lookup(name))?;
        let r = match found {
            Err(e) => return Some(Err(e)),
            Ok(Decl::Constant(c)) => Resolved::Constant(c),
            Ok(Decl::FunctionMacro) => Resolved::FunctionMacro,
            Ok(Decl::Function(f)) => match self.functions.iter().position(|g| g.c_name == f.c_name) {
                Some(i) => Resolved::Function(i as u32),
                None => {
                    self.functions.push(f);
                    Resolved::Function((self.functions.len() - 1) as u32)
                }
            },
        };
        self.resolved.insert(name.to_string(), r.clone());
        Some(Ok(r))
    }
}
