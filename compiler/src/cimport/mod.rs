//! C headers and libraries as the program names them: `load-library` and
//! `load-header-with-lib` register a library (and parse its header); names
//! the program uses and does not define are then looked up in the headers,
//! lazily, one at a time, so nothing is generated that nobody uses.

pub mod bind;
pub mod cache;
pub mod clang;
mod explain;
pub mod library;
pub mod macro_datum;
pub mod macros;
pub mod names;
mod offsets;
pub mod package;
pub mod shim;

use crate::ctype::{self, layout, CConst, CFunction};
use crate::target::Target;
use cache::{Key, Snapshot};
use clang::Header;
use library::Library;
use macros::MacroExpr;
use std::collections::HashMap;

/// What a name resolves to in the imported headers.
#[derive(Clone, Debug)]
pub enum Resolved {
    /// An index into `CImports::functions`.
    Function(u32),
    Constant(CConst),
    /// A function-like macro, by its C name: `expand` evaluates an
    /// application of it to constants, `macro_definition` gives its body.
    FunctionMacro(String),
    /// A C variable (`stderr`): an index into `CImports::functions`, of
    /// the function (a shim) that reads it; its value is read where it is
    /// named.
    Variable(u32),
    /// An object-like macro that is not a constant but stands for a call
    /// (`GTK_TYPE_WINDOW`: `gtk_window_get_type ()`): `macro_definition`
    /// gives its body.
    ObjectMacro(String),
}

/// Preprocessor definitions and include folders for a header's parse, as
/// C compilers take them: `-D NAME[=VALUE]`, `-I DIR`. They are part of
/// the import cache's key and of the shims compiled with the header.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Preprocessor {
    /// Define a C preprocessor macro for every header imported: NAME or
    /// NAME=VALUE (as `-D` does for a C compiler: PCRE2_CODE_UNIT_WIDTH=8)
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    pub defines: Vec<String>,
    /// Add a folder to the headers' include path (searched before the system's)
    #[arg(short = 'I', value_name = "DIR")]
    pub include_dirs: Vec<String>,
}

impl Preprocessor {
    /// These, then `more`'s, as clang's arguments.
    pub fn args_with(&self, more: &Preprocessor) -> Vec<String> {
        let defines = self.defines.iter().chain(&more.defines).map(|d| format!("-D{d}"));
        defines
            .chain(self.include_dirs.iter().chain(&more.include_dirs).map(|i| format!("-I{i}")))
            .collect()
    }
}

/// How a header is imported: which declarations, and the preprocessor
/// flags of its import form (`:define`, `:include-dir`).
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Every declaration, not only the package's (`:all-declarations`).
    pub everything: bool,
    pub flags: Preprocessor,
}

/// An imported header: its declarations (from the cache or from clang),
/// and clang's parse of it once a macro has needed evaluating.
struct Imported {
    target: &'static Target,
    header: String,
    cflags: Vec<String>,
    /// Every declaration, not only the package's (`:all-declarations`).
    everything: bool,
    library: u32,
    snap: Snapshot,
    live: Option<Header>,
}

impl Imported {
    fn key(&self) -> Key<'_> {
        Key {
            target: self.target,
            header: &self.header,
            cflags: &self.cflags,
            everything: self.everything,
        }
    }

    /// clang's parse of the header, made when first needed.
    fn live(&mut self) -> Result<&Header, String> {
        if self.live.is_none() {
            let h = Header::parse(self.target, &self.header, &self.cflags, self.everything)
                .map_err(|e| format!("cannot import header '{}': {e}", self.header))?;
            self.live = Some(h);
        }
        Ok(self.live.as_ref().expect("parsed above"))
    }

    fn lookup(&mut self, name: &str) -> Option<Result<Decl, String>> {
        let c_name = if self.snap.functions.contains(name) {
            name
        } else {
            self.snap.lisp.get(name).map(String::as_str).unwrap_or(name)
        };
        if self.snap.functions.contains(c_name) {
            let c_name = c_name.to_owned(); // (self.snap lends it)
            return Some(self.function(&c_name).map(Decl::Function));
        }
        if let Some(c) = self.snap.consts.get(name) {
            return Some(Ok(Decl::Constant(c.clone())));
        }
        if self.snap.variables.contains(name) {
            return Some(self.variable(name).map(Decl::Variable));
        }
        if self.snap.function_macros.contains(c_name) {
            return Some(Ok(Decl::FunctionMacro(c_name.to_string())));
        }
        if !self.snap.macros.contains(name) {
            return None;
        }
        // a macro that stands for a call (GTK_TYPE_WINDOW): known from an
        // earlier import, or found when clang cannot fold it
        if let Some(f) = self.snap.aliases.get(name).filter(|f| !f.is_empty()).cloned() {
            return Some(self.function(&f).map(Decl::Function));
        }
        // a variable's address (wasi-libc's CLOCK_MONOTONIC): the linker's
        // to fill in, not clang's to fold
        let def = self.cached(name, |s| &mut s.macro_defs, Header::macro_definition, "a macro");
        if let Some(v) = def.as_ref().ok().and_then(|d| d.address_of()).map(String::from) {
            if self.snap.variables.contains(&v) {
                return Some(self.variable(&v).and_then(|f| {
                    f.address().ok_or_else(|| format!("the macro {name} is the address of {v}, a variable its header defines (static): no symbol has it"))
                }).map(Decl::Variable));
            }
        }
        // not a constant: known from an earlier import (with clang's reason,
        // so the message is the same cold and warm), or found now
        let reason = match self.snap.non_constants.get(name) {
            Some(reason) => reason.clone(),
            None => match self.evaluate(name) {
                Ok(c) => return Some(Ok(Decl::Constant(c))),
                Err(e) => {
                    self.snap.non_constants.insert(name.to_string(), e.clone());
                    self.snap.save(&self.key());
                    e
                }
            },
        };
        Some(match def.map(|d| d.translate()) {
            // a macro applying macros (`PCRE2_SUFFIX(pcre2_compile_)`) may
            // paste a function's name: clang expands it
            Ok(Ok(MacroExpr::Call(m, _))) if self.snap.function_macros.contains(&m) => {
                match self.alias(name) {
                    Some(f) => self.function(&f).map(Decl::Function),
                    None => Ok(Decl::ObjectMacro(name.to_string())),
                }
            }
            Ok(Ok(_)) => Ok(Decl::ObjectMacro(name.to_string())),
            _ => Err(reason),
        })
    }

    /// The package function object-like macro `name` is another name of,
    /// if it is one (cached either way: "" for none).
    fn alias(&mut self, name: &str) -> Option<String> {
        let f = match self.snap.aliases.get(name) {
            Some(f) => f.clone(),
            None => {
                let f = self
                    .live()
                    .ok()?
                    .function_named_by(name)
                    .filter(|f| self.snap.functions.contains(f))
                    .unwrap_or_default();
                self.snap.aliases.insert(name.to_string(), f.clone());
                self.snap.save(&self.key());
                f
            }
        };
        (!f.is_empty()).then_some(f)
    }

    /// What the cache's map `table` holds for `name`, read from clang's
    /// parse with `read` if no earlier import did (and then cached);
    /// `what` names it for the error if the header no longer has it.
    fn cached<T: Clone>(
        &mut self,
        name: &str,
        table: fn(&mut Snapshot) -> &mut rustc_hash::FxHashMap<String, T>,
        read: fn(&Header, &str) -> Option<T>,
        what: &str,
    ) -> Result<T, String> {
        if let Some(t) = table(&mut self.snap).get(name) {
            return Ok(t.clone());
        }
        let t = read(self.live()?, name)
            .ok_or_else(|| format!("{name} is no longer {what} in '{}'", self.header))?;
        table(&mut self.snap).insert(name.to_string(), t.clone());
        self.snap.save(&self.key());
        Ok(t)
    }

    /// Function `c_name` with its types, resolved now if no earlier import
    /// did, and then cached with the header's entry.
    fn function(&mut self, c_name: &str) -> Result<CFunction, String> {
        let f = self.cached(c_name, |s| &mut s.resolved, Header::function, "declared")?;
        Ok(self.of_this_header(f))
    }

    /// C variable `name`, as the function that reads it.
    fn variable(&mut self, name: &str) -> Result<CFunction, String> {
        let f = self.cached(name, |s| &mut s.resolved, Header::variable, "a variable")?;
        Ok(self.of_this_header(f))
    }

    /// `f` with this header's library, and its shim compiled with this
    /// header and its flags.
    fn of_this_header(&self, f: CFunction) -> CFunction {
        let reach = match f.shim() {
            Some(s) => ctype::Reach::Shim(ctype::Shim {
                header: self.header.clone(),
                cflags: self.cflags.clone(),
                variable: s.variable,
            }),
            None => f.reach.clone(),
        };
        CFunction { library: self.library, reach, ..f }
    }

    /// The struct or union type `name` (resolved when first needed); `None`
    /// if the header has no such type.
    fn record(&mut self, name: &str) -> Option<Result<ctype::Record, String>> {
        if !self.snap.types.contains(name) {
            return None;
        }
        Some(self.cached(name, |s| &mut s.records, Header::record, "a struct type").and_then(|r| {
            if r.fields.is_empty() {
                Err(format!("{name} is an opaque C type: its header does not say what is in it"))
            } else {
                Ok(r)
            }
        }))
    }

    /// The definition of macro `name` (read when first needed); `None` if
    /// the header has no such macro.
    fn macro_definition(&mut self, name: &str) -> Option<Result<macros::MacroDef, String>> {
        (self.snap.function_macros.contains(name) || self.snap.macros.contains(name))
            .then(|| self.cached(name, |s| &mut s.macro_defs, Header::macro_definition, "a macro"))
    }

    /// The value of a macro expression, cached with the header's entry.
    fn evaluate(&mut self, expr: &str) -> Result<CConst, String> {
        if let Some(c) = self.snap.consts.get(expr) {
            return Ok(c.clone());
        }
        let value = self.live()?.eval_macro(expr)?;
        self.snap.consts.insert(expr.to_string(), value.clone());
        self.snap.save(&self.key());
        Ok(value)
    }
}

enum Decl {
    Function(CFunction),
    Constant(CConst),
    FunctionMacro(String),
    ObjectMacro(String),
    /// A C variable, as the function that reads it.
    Variable(CFunction),
}

#[derive(Default)]
pub struct CImports {
    /// What the program is compiled for: headers are parsed and libraries
    /// found for it.
    pub target: &'static Target,
    /// Preprocessor flags for every header (`-D`, `-I` on the command line).
    pub flags: Preprocessor,
    pub libraries: Vec<Library>,
    headers: Vec<Imported>,
    pub functions: Vec<CFunction>,
    resolved: HashMap<String, Resolved>,
    /// The record layouts the program uses, registered with the runtime
    /// in this order (ids are positions).
    pub layouts: Vec<layout::Layout>,
    /// The C signatures of the program's callbacks (`make-c-callback`).
    pub callbacks: Vec<ctype::CSignature>,
    /// Libraries opened to check that a declared symbol exists.
    opened: HashMap<u32, libloading::Library>,
    /// The symbols of libraries that are archives, for the same check.
    archive_symbols: HashMap<u32, std::collections::HashSet<String>>,
    /// Functions a bindings file declares (`define-c-function`), by each
    /// of their names: added to `functions` when first used, so a program
    /// pays only for what it calls.
    bound: HashMap<String, usize>,
    bound_functions: Vec<(CFunction, Option<u32>)>,
    /// Struct types the program defines (`define-c-struct`), by name: given
    /// a layout id when first used.
    defined: HashMap<String, ctype::Record>,
    /// The first declaration of each C symbol (imported, declared or
    /// bound): a symbol has one signature in a program.
    first_declared: HashMap<String, CFunction>,
}

/// A library opened to check a symbol stays loaded: C libraries are not
/// made to be unloaded (see `interp::ffi::Ffi`'s drop).
impl Drop for CImports {
    fn drop(&mut self) {
        for (_, lib) in self.opened.drain() {
            std::mem::forget(lib);
        }
    }
}

impl CImports {
    /// Register `lib`, with `header` parsed if given. Loading the same pair
    /// twice is loading it once.
    pub fn load(
        &mut self,
        header: Option<&str>,
        lib: &str,
        options: &ImportOptions,
    ) -> Result<u32, String> {
        let everything = options.everything;
        let index = match self.libraries.iter().position(|l| l.spec == lib) {
            Some(i) => i as u32,
            None => {
                self.libraries.push(Library::find(self.target, lib)?);
                (self.libraries.len() - 1) as u32
            }
        };
        if let Some(h) = header {
            let mut cflags = self.libraries[index as usize].cflags.clone();
            cflags.extend(self.flags.args_with(&options.flags));
            let key = Key { target: self.target, header: h, cflags: &cflags, everything };
            let (snap, live) = match Snapshot::load(&key) {
                Some(snap) => (snap, None),
                None => {
                    let parsed = Header::parse(self.target, h, &cflags, everything).map_err(|e| {
                        let hint = package::header_instead(self.target, h, &cflags).unwrap_or_else(|| match e.contains("file not found") {
                            true => String::new(),
                            false => "; a header that needs preprocessor definitions or include folders takes them as (load-library ... :define \"NAME=VALUE\" :include-dir \"folder\"), or -D and -I on the command line".into(),
                        });
                        format!("cannot import header '{h}': {e}{hint}")
                    })?;
                    let snap = parsed.snapshot();
                    snap.save(&key);
                    (snap, Some(parsed))
                }
            };
            self.headers.push(Imported {
                target: self.target,
                header: h.to_string(),
                cflags,
                everything,
                library: index,
                snap,
                live,
            });
        }
        Ok(index)
    }

    /// The header and library of C function `c_name`, if a loaded header
    /// declares it (for messages about an Elle name that hides it).
    pub fn declaring(&self, c_name: &str) -> Option<(&str, &str)> {
        let h = self.headers.iter().find(|h| h.snap.functions.contains(c_name))?;
        Some((h.header.as_str(), self.libraries[h.library as usize].spec.as_str()))
    }

    /// The layout id of record `r` (and of the records in it and those
    /// its pointer fields point to), added if new.
    pub fn layout_id(&mut self, r: &ctype::Record) -> u32 {
        if let Some(i) = self.layouts.iter().position(|l| l.record == *r) {
            return i as u32;
        }
        // the id first: a field may point back to this record
        let id = self.layouts.len();
        self.layouts.push(layout::Layout { record: r.clone(), fields: Vec::new() });
        let fields = layout::fields(r, self.target.data, &mut |to| match to {
            layout::Ref::Holds(inner) => Some(self.layout_id(inner)),
            layout::Ref::PointsTo(name) => self.pointee_layout(name),
        });
        self.layouts[id].fields = fields;
        id as u32
    }

    /// The layout of the struct called `name` that a pointer field points
    /// to, if Elle knows its fields (an opaque one's pointer stays plain).
    fn pointee_layout(&mut self, name: &str) -> Option<u32> {
        if let Some(i) = self.layouts.iter().position(|l| l.record.name == name) {
            return Some(i as u32);
        }
        let r = match self.defined.get(name) {
            Some(r) => r.clone(),
            None => self.headers.iter_mut().find_map(|h| h.record(name))?.ok()?,
        };
        (!r.fields.is_empty()).then(|| self.layout_id(&r))
    }

    /// The same C function seen with a raw pointer result (`void*`), for
    /// a `char*` result the caller owns (`define-c-owned-result`: the
    /// program copies the string and frees the pointer itself) or that is
    /// memory (`define-c-pointer-result`).
    pub fn raw_result(&mut self, id: u32) -> Result<u32, String> {
        let f = &self.functions[id as usize];
        if !f.ret.is_char_ptr() {
            return Err(format!(
                "{} does not return a string (char*): its result is {}",
                f.c_name, f.ret
            ));
        }
        let raw = CFunction {
            ret: ctype::CType::Pointer {
                pointee: Box::new(ctype::CType::Void),
                const_pointee: false,
            },
            ..f.clone()
        };
        self.functions.push(raw);
        Ok((self.functions.len() - 1) as u32)
    }

    /// A struct type the program defines; redefining a name is an error
    /// unless the layout is the same.
    pub fn define_record(&mut self, r: ctype::Record) -> Result<(), String> {
        match self.defined.get(&r.name) {
            Some(earlier) if *earlier != r => {
                Err(format!("{} is already defined with other fields", r.name))
            }
            _ => {
                self.defined.insert(r.name.clone(), r);
                Ok(())
            }
        }
    }

    /// `name` as another name of record `r`, which keeps its own name.
    pub fn define_type(&mut self, name: &str, r: ctype::Record) -> Result<(), String> {
        match self.defined.get(name) {
            Some(earlier) if *earlier != r => {
                Err(format!("{name} is already defined as another type ({})", earlier.name))
            }
            _ => {
                self.defined.insert(name.to_string(), r);
                Ok(())
            }
        }
    }

    /// The layout id of the struct or union type a program names `name`:
    /// one it defined (`define-c-struct`), else a loaded header's.
    pub fn record_named(&mut self, name: &str) -> Option<Result<u32, String>> {
        if let Some(r) = self.defined.get(name) {
            let r = r.clone();
            return Some(Ok(self.layout_id(&r)));
        }
        if let Some(i) = self.layouts.iter().position(|l| l.record.name == name) {
            return Some(Ok(i as u32));
        }
        let found = self.headers.iter_mut().find_map(|h| h.record(name))?;
        Some(found.map(|r| self.layout_id(&r)))
    }

    /// The C type a loaded header's typedef (not of a struct) names.
    pub fn typedef(&mut self, name: &str) -> Option<Result<ctype::CType, String>> {
        let h = self.headers.iter_mut().find(|h| h.snap.typedef_names.contains(name))?;
        Some(h.cached(name, |s| &mut s.typedefs, Header::typedef, "a type"))
    }

    /// The index of callback signature `sig`, registered if new.
    pub fn callback_signature(&mut self, sig: ctype::CSignature) -> u32 {
        match self.callbacks.iter().position(|s| *s == sig) {
            Some(i) => i as u32,
            None => {
                self.callbacks.push(sig);
                (self.callbacks.len() - 1) as u32
            }
        }
    }

    /// A function the program declares by name and signature, with no
    /// header (`ffi-call`). Declaring it again with the same signature is
    /// declaring it once; a symbol has one signature in a program.
    pub fn declare(
        &mut self,
        library: u32,
        c_name: &str,
        params: Vec<ctype::CType>,
        ret: ctype::CType,
        variadic: bool,
    ) -> Result<u32, String> {
        let f = CFunction::declared(c_name, params, ret, variadic, library);
        self.check_symbol(library, c_name)?;
        self.one_signature(&f)?;
        match self.functions.iter().position(|g| g.c_name == c_name) {
            Some(i) => Ok(i as u32),
            None => Ok(self.add_function(f)),
        }
    }

    /// An error if `f`'s symbol is declared already with other types: a
    /// symbol has one signature in a program.
    fn one_signature(&mut self, f: &CFunction) -> Result<(), String> {
        match self.first_declared.get(&f.c_name) {
            Some(g) if g.params != f.params || g.ret != f.ret || g.variadic != f.variadic => Err(
                format!("{} is already declared as {}, not {}", f.c_name, g.prototype, f.prototype),
            ),
            Some(_) => Ok(()),
            None => {
                self.first_declared.insert(f.c_name.clone(), f.clone());
                Ok(())
            }
        }
    }

    /// A C function of these types, called through a pointer
    /// (`ffi-call-pointer`): one per signature.
    pub fn declare_pointer(
        &mut self,
        variable: Option<&str>,
        params: Vec<ctype::CType>,
        ret: ctype::CType,
    ) -> u32 {
        let f = CFunction::through_pointer(variable, params, ret);
        match self.functions.iter().position(|g| {
            g.by_pointer() && g.c_name == f.c_name && g.params == f.params && g.ret == f.ret
        }) {
            Some(i) => i as u32,
            None => self.add_function(f),
        }
    }

    /// Make each of `names` mean `f` from here on; it joins the program's
    /// functions when first used.
    fn bind_names(&mut self, f: CFunction, names: &[String]) {
        self.bound_functions.push((f, None));
        for n in names {
            self.resolved.remove(n);
            self.bound.insert(n.clone(), self.bound_functions.len() - 1);
        }
    }

    /// Make each of `names` mean C variable `c_name` of `library` from here
    /// on (`define-c-variable`), read at its symbol (checked now).
    pub fn bind_variable(
        &mut self,
        library: u32,
        c_name: &str,
        names: &[String],
        ty: ctype::CType,
        array: bool,
    ) -> Result<(), String> {
        self.check_symbol(library, c_name)?;
        let prototype = format!("{ty} {c_name}");
        let f = CFunction {
            c_name: c_name.into(),
            ret: ty,
            params: Vec::new(),
            variadic: false,
            prototype,
            library,
            reach: ctype::Reach::Variable { array },
            ret_layout: None,
        };
        self.bind_names(f, names);
        Ok(())
    }

    /// Make `name` mean constant `c` from here on, before any header's
    /// declaration (`define-c-constant`).
    pub fn bind_constant(&mut self, name: &str, c: CConst) {
        self.resolved.insert(name.to_string(), Resolved::Constant(c));
    }

    /// Make each of `names` mean C function `c_name` of `library` from here
    /// on (`define-c-function`). Checked now: the symbol exists, and has
    /// one signature in the program.
    pub fn bind_function(
        &mut self,
        library: u32,
        c_name: &str,
        names: &[String],
        params: Vec<ctype::CType>,
        ret: ctype::CType,
        variadic: bool,
    ) -> Result<(), String> {
        let f = CFunction::declared(c_name, params, ret, variadic, library);
        self.check_symbol(library, c_name)?;
        self.one_signature(&f)?;
        self.bind_names(f, names);
        Ok(())
    }

    /// Add C function `f`; its index. The structs it passes or returns, and
    /// those its pointers point to, are registered so Elle can take them
    /// apart and check them.
    fn add_function(&mut self, mut f: CFunction) -> u32 {
        if !f.by_pointer() {
            self.first_declared.entry(f.c_name.clone()).or_insert_with(|| f.clone());
        }
        // a struct it passes or returns can be taken apart in Elle
        for t in std::iter::once(&f.ret).chain(&f.params) {
            if let ctype::CType::Record(r) = t {
                self.layout_id(r);
            }
        }
        // and so can one its pointer result points to, if its header (or
        // the program) says what is in it
        if let Some(name) = ctype::Record::pointee_of(&f.ret).map(str::to_string) {
            f.ret_layout = self.record_named(&name).and_then(Result::ok);
        }
        // and so is a struct type it takes a pointer to, so a pointer to a
        // struct that begins with it is accepted
        for name in f
            .params
            .iter()
            .filter_map(|t| ctype::Record::pointee_of(t).map(str::to_string))
            .collect::<Vec<_>>()
        {
            let _ = self.record_named(&name);
        }
        self.functions.push(f);
        (self.functions.len() - 1) as u32
    }

    /// Where `name` is declared outside the imported headers' packages.
    pub fn outside(&self, name: &str) -> Option<String> {
        self.headers.iter().find_map(|h| {
            let (file, _) = h.snap.outside.iter().find(|(_, names)| names.split('\t').any(|n| n == name || names::lisp_name(n) == name))?;
            Some(format!(
                "{name} is declared in {}, which a loaded header includes but does not import (it is outside that header's package): load it too, or add :all-declarations #t",
                package::include_name(h.target, file)
            ))
        })
    }

    /// The layout id and the record of the struct or union type `name`
    /// (defined by the program or a loaded header), if there is one.
    pub fn record(&mut self, name: &str) -> Option<Result<(u32, ctype::Record), String>> {
        let id = self.record_named(name)?;
        Some(id.map(|id| (id, self.layouts[id as usize].record.clone())))
    }

    /// An error if the library's shared object lacks `c_name` (a library
    /// with only a static archive is checked when the program links).
    fn check_symbol(&mut self, library: u32, c_name: &str) -> Result<(), String> {
        let lib = &self.libraries[library as usize];
        if self.target.system == crate::target::System::Wasi {
            // a module links archives: the symbol is in the archive's index
            let Some(path) = lib.archive_path() else { return Ok(()) };
            let symbols = self
                .archive_symbols
                .entry(library)
                .or_insert_with(|| library::archive_symbols(&path).unwrap_or_default());
            return match symbols.is_empty() || symbols.contains(c_name) {
                true => Ok(()),
                false => Err(format!("{c_name}: no such symbol in {}", path.display())),
            };
        }
        let handle = match self.opened.entry(library) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                // SAFETY: loading a C library runs its initialisers, as calling into it would.
                let Ok(handle) = (unsafe { libloading::Library::new(lib.dl_name()) }) else {
                    return Ok(());
                };
                e.insert(handle)
            }
        };
        // SAFETY: the symbol is only looked up, never used.
        let found = unsafe { handle.get::<*mut std::ffi::c_void>(c_name.as_bytes()) }.is_ok();
        if found {
            Ok(())
        } else {
            Err(format!("{c_name}: no such symbol in {}", lib.dl_name()))
        }
    }

    /// The value of function-like macro `name` applied to `args` (C
    /// constant expressions), evaluated by clang in its header.
    pub fn expand(&mut self, name: &str, args: &[String]) -> Result<CConst, String> {
        let expr = format!("{name}({})", args.join(", "));
        let h = self
            .headers
            .iter_mut()
            .find(|h| h.snap.function_macros.contains(name))
            .ok_or_else(|| format!("{name} is not a C macro"))?;
        h.evaluate(&expr)
    }

    /// The size of C type `t` as C spells it: a struct Elle knows (from a
    /// header or a bindings file), else what clang says with the headers
    /// loaded (cached with the first one).
    pub fn size_of(&mut self, t: &str) -> Result<u64, String> {
        if let Some(id) = self.record_named(t) {
            return Ok(self.layouts[id? as usize].record.size);
        }
        let h = self.headers.first_mut().ok_or_else(|| {
            format!("sizeof({t}): Elle knows no C type {t} (a bindings file has no header to ask)")
        })?;
        match h.evaluate(&format!("sizeof({t})")) {
            Ok(CConst::Int(n)) => u64::try_from(n).map_err(|_| format!("sizeof({t}) is {n}")),
            Ok(_) => Err(format!("sizeof({t}) is not a size")),
            Err(e) => Err(format!("sizeof({t}): {e}")),
        }
    }

    /// The definition of function-like macro `name`, from the header that
    /// has it.
    pub fn macro_definition(&mut self, name: &str) -> Result<macros::MacroDef, String> {
        self.headers
            .iter_mut()
            .find_map(|h| h.macro_definition(name))
            .unwrap_or_else(|| Err(format!("{name} is not a C macro")))
    }

    /// The C declaration a program means by `name` (its C spelling, or the
    /// Lisp spelling of a function), in the order the headers were loaded.
    pub fn resolve(&mut self, name: &str) -> Option<Result<Resolved, String>> {
        if let Some(r) = self.resolved.get(name) {
            return Some(Ok(r.clone()));
        }
        if let Some(&i) = self.bound.get(name) {
            let id = match self.bound_functions[i].1 {
                Some(id) => id,
                None => {
                    let id = self.add_function(self.bound_functions[i].0.clone());
                    self.bound_functions[i].1 = Some(id);
                    id
                }
            };
            return Some(Ok(if self.functions[id as usize].reads_variable() {
                Resolved::Variable(id)
            } else {
                Resolved::Function(id)
            }));
        }
        let found = self.headers.iter_mut().find_map(|h| h.lookup(name))?;
        let r = match found {
            // C's errno is a thread's variable behind a macro: Elle keeps the
            // value each C call leaves
            Err(e) if name == "errno" => {
                return Some(Err(format!("{e}; the errno a C call left is (ffi-last-error)")))
            }
            // (wasi-libc's is a plain variable, which Elle's own calls change)
            Ok(Decl::Variable(_)) if name == "errno" => {
                return Some(Err("errno is C's variable, which Elle's own work changes too; the errno a C call left is (ffi-last-error)".into()))
            }
            Err(e) => return Some(Err(e)),
            Ok(Decl::Constant(c)) => Resolved::Constant(c),
            Ok(Decl::FunctionMacro(c_name)) => Resolved::FunctionMacro(c_name),
            Ok(Decl::ObjectMacro(c_name)) => Resolved::ObjectMacro(c_name),
            Ok(Decl::Variable(f)) => {
                match self
                    .functions
                    .iter()
                    .position(|g| g.c_name == f.c_name && g.reads_variable() && g.reach == f.reach)
                {
                    Some(i) => Resolved::Variable(i as u32),
                    None => Resolved::Variable(self.add_function(f)),
                }
            }
            Ok(Decl::Function(f)) => match self.functions.iter().position(|g| g.c_name == f.c_name)
            {
                Some(i) => Resolved::Function(i as u32),
                None => Resolved::Function(self.add_function(f)),
            },
        };
        self.resolved.insert(name.to_string(), r.clone());
        Some(Ok(r))
    }
}
