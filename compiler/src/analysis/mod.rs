//! Analysis: expanded data to the resolved, tail-marked form (`ir`) that
//! both executors run. It drives macro expansion (through `Host`, which
//! runs transformers), resolves every variable, converts closures, decides
//! which variables need boxes, and checks what can be checked before a
//! program runs: unbound variables and calls of known arity.

mod cdecl;
mod cforms;
mod cmacro;
pub mod globals;
pub mod ir;
mod pattern;
mod scope;

use crate::cimport::ctype::CType;
use crate::diag::Diag;
use crate::expand::convert::{self, Converter};
use crate::expand::quasi::Quasi;
use crate::expand::CorePrims;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use crate::syntax::reader::MAX_NESTING;
use elle_runtime::{self as rt, Val};
use globals::{Arity, Globals};
use ir::{Capture, Expr, Lambda, LambdaId, TopLevel, VarLoc, VarRef};
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
    /// Register a C library, with its header parsed if one is named
    /// (relative paths are relative to the file of `from`).
    /// Returns the library's index among the session's libraries. With
    /// `everything`, every declaration the header pulls in is imported,
    /// not only its package's.
    fn c_load(
        &mut self,
        from: Span,
        header: Option<&str>,
        lib: &str,
        options: &crate::cimport::ImportOptions,
    ) -> Result<u32, String>;
    /// Where `name` is declared in a file an imported header includes but
    /// whose declarations were left out (not the header's package).
    fn c_outside(&self, name: &str) -> Option<String>;
    /// The header and library that declare C function `name`, if loaded.
    fn c_declaring(&self, name: &str) -> Option<(String, String)>;
    /// The layout id and the record of the struct or union type `name`
    /// (defined by the program or a loaded header), if there is one.
    fn c_record(
        &mut self,
        name: &str,
    ) -> Option<Result<(u32, crate::cimport::ctype::Record), String>>;
    /// Define a struct type (`define-c-struct`); its layout id.
    fn c_define_record(&mut self, r: crate::cimport::ctype::Record) -> Result<(), String>;
    /// Make `name` another name of record type `r` (`define-c-type`).
    fn c_define_type(&mut self, name: &str, r: crate::cimport::ctype::Record)
        -> Result<(), String>;
    /// C function `id` again, with its `char*` result as a raw pointer.
    fn c_raw_result(&mut self, id: u32) -> Result<u32, String>;
    /// The index of callback signature `sig`, registered if new.
    fn c_callback_signature(&mut self, sig: crate::cimport::ctype::CSignature) -> u32;
    /// Declare a C function by name and signature (`ffi-call`).
    fn c_declare(
        &mut self,
        library: u32,
        c_name: &str,
        params: Vec<CType>,
        ret: CType,
        variadic: bool,
    ) -> Result<u32, String>;
    /// A C function of these types called through a pointer (`ffi-call-pointer`).
    /// A call through a pointer of this signature, read from C variable
    /// `variable` (or given to `ffi-call-pointer`).
    fn c_declare_pointer(&mut self, variable: Option<&str>, params: Vec<CType>, ret: CType) -> u32;
    /// Make `name` mean a C constant from here on (`define-c-constant`).
    fn c_bind_constant(&mut self, name: &str, c: crate::cimport::clang::CConst);
    /// Make `names` mean a C variable from here on (`define-c-variable`).
    fn c_bind_variable(
        &mut self,
        library: u32,
        c_name: &str,
        names: &[String],
        ty: CType,
        array: bool,
    ) -> Result<(), String>;
    /// Make `names` mean a C function from here on (`define-c-function`).
    fn c_bind_function(
        &mut self,
        library: u32,
        c_name: &str,
        names: &[String],
        params: Vec<CType>,
        ret: CType,
        variadic: bool,
    ) -> Result<(), String>;
    /// What `name` means in the C headers loaded so far, if anything.
    fn c_resolve(&mut self, name: &str) -> Option<Result<crate::cimport::Resolved, String>>;
    fn c_function(&self, id: u32) -> crate::cimport::ctype::CFunction;
    /// The value of a C function-like macro applied to C constant expressions.
    fn c_expand(
        &mut self,
        name: &str,
        args: &[String],
    ) -> Result<crate::cimport::clang::CConst, String>;
    /// A C function-like macro's parameters and body.
    fn c_macro_definition(
        &mut self,
        name: &str,
    ) -> Result<crate::cimport::macros::MacroDef, String>;
    /// The C type a loaded header's typedef names (not a struct's: those
    /// are `c_record`'s): `cairo_status_t`, `cairo_write_func_t`.
    fn c_typedef(&mut self, name: &str) -> Option<Result<CType, String>>;
    /// The size of C type `t` as C spells it (`z_stream`, `unsigned int`).
    fn c_size_of(&mut self, t: &str) -> Result<u64, String>;
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
    fn hidden_c_function(&self, name: &str, host: &dyn Host) -> Option<String> {
        let (header, library) = host.c_declaring(name)?;
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
                    return Err(match host.c_outside(&name) {
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

    // ---- top level --------------------------------------------------

    fn toplevel(&mut self, form: &Datum, host: &mut dyn Host, out: &mut Vec<TopLevel>) -> R<()> {
        if let Some(items) = form.as_list() {
            if let Some(head) = items[0].as_symbol() {
                if head == self.sym.begin {
                    for f in &items[1..] {
                        self.toplevel(f, host, out)?;
                    }
                    return Ok(());
                }
                if head == self.sym.defmacro {
                    return self.defmacro(form, items, host, out);
                }
                if head == self.sym.include || head == self.sym.import {
                    return self.include(form, items, head == self.sym.import, host, out);
                }
                if let Some(&t) = self.macros.get(&head) {
                    let expanded = self.expand_macro(form, t, host)?;
                    return self.toplevel(&expanded, host, out);
                }
            }
            // a body-level `(let x v)` at top level binds for the rest of the
            // file: the file's body is the global scope, so it defines x
            if self.body_let(items).is_some() {
                let mut def = items.to_vec();
                def[0] = Datum::new(DatumKind::Symbol(self.sym.define), items[0].span);
                let def = Datum::new(DatumKind::List(def.into(), None), form.span);
                return self.toplevel(&def, host, out);
            }
        }
        if let Some(top) = self.thunk(form, host)? {
            out.push(top);
        }
        Ok(())
    }

    /// A top-level form as a procedure of no arguments — none for a
    /// constant whose value nobody sees (a C declaration: a bindings file
    /// has thousands).
    fn thunk(&mut self, form: &Datum, host: &mut dyn Host) -> R<Option<TopLevel>> {
        let first = self.lambdas.len();
        let id = self.new_lambda(None, form.span);
        self.scopes.enter_fn(id);
        let body = self.expr(form, true, host);
        let (frame_size, captures) = self.scopes.leave_fn();
        let body = body?;
        debug_assert!(captures.is_empty());
        if self.values_unused && matches!(body, Expr::Const(_)) && self.lambdas.len() == first + 1 {
            self.lambdas.pop();
            return Ok(None);
        }
        self.finish_lambda(id, 0, false, frame_size, captures, body);
        self.fix_boxes(first);
        Ok(Some(TopLevel { lambda: id }))
    }

    fn defmacro(
        &mut self,
        form: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
        out: &mut Vec<TopLevel>,
    ) -> R<()> {
        let (Some(name), Some(params)) = (items.get(1).and_then(|d| d.as_symbol()), items.get(2))
        else {
            return Err(Diag::new(
                "defmacro: expected (defmacro name (params...) body...)",
                form.span,
            ));
        };
        if items.len() < 4 {
            return Err(Diag::new("defmacro: the macro has no body", form.span));
        }
        let mut lam =
            vec![Datum::new(DatumKind::Symbol(self.sym.fn_), items[0].span), params.clone()];
        lam.extend_from_slice(&items[3..]);
        let lam = Datum::new(DatumKind::List(lam.into(), None), form.span);
        let top = self.thunk(&lam, host)?.expect("a procedure is not a constant");
        let transformer = host.run(&self.lambdas, top)?;
        // SAFETY: transformers live as long as the session.
        unsafe { rt::elle_gc_protect(transformer) };
        self.macros.insert(name, transformer);
        // the form's value is the macro's name
        let quoted = Datum::new(
            DatumKind::List(
                vec![Datum::new(DatumKind::Symbol(self.sym.quote), form.span), items[1].clone()]
                    .into(),
                None,
            ),
            form.span,
        );
        out.extend(self.thunk(&quoted, host)?);
        Ok(())
    }

    fn include(
        &mut self,
        form: &Datum,
        items: &[Datum],
        once: bool,
        host: &mut dyn Host,
        out: &mut Vec<TopLevel>,
    ) -> R<()> {
        let what = if once { "import" } else { "include" };
        let [_, path] = items else {
            return Err(Diag::new(format!("{what}: expected ({what} \"file.lisp\")"), form.span));
        };
        let DatumKind::Str(p) = &path.kind else {
            return Err(Diag::new(format!("{what}: the file name must be a string"), path.span));
        };
        let (canonical, forms) = host.read_relative(path.span, p)?;
        if once && !self.imported.insert(canonical.clone()) {
            return Ok(());
        }
        if let Some(k) = self.including.iter().position(|p| *p == canonical) {
            let cwd = std::env::current_dir().unwrap_or_default();
            let shown = |p: &PathBuf| p.strip_prefix(&cwd).unwrap_or(p).display().to_string();
            let chain: Vec<String> =
                self.including[k..].iter().chain([&canonical]).map(shown).collect();
            return Err(Diag::new(
                format!("include cycle: {}", chain.join(" includes ")),
                form.span,
            ));
        }
        self.including.push(canonical);
        let result = forms.iter().try_for_each(|f| self.toplevel(f, host, out));
        self.including.pop();
        result
    }

    fn expand_macro(&mut self, form: &Datum, transformer: Val, host: &mut dyn Host) -> R<Datum> {
        let roots = rt::Roots::new();
        let args = match &form.kind {
            DatumKind::List(items, tail) => {
                if items.len() == 1 && tail.is_none() {
                    rt::NIL
                } else if items.len() == 1 {
                    self.converter.to_value(tail.as_ref().expect("checked"))
                } else {
                    self.converter.to_value(&Datum::new(
                        DatumKind::List(items[1..].into(), tail.clone()),
                        form.span,
                    ))
                }
            }
            _ => rt::NIL,
        };
        roots.push(args);
        let result = host.expand(&self.lambdas, transformer, args, form.span)?;
        roots.push(result);
        self.converter.from_value(result, form.span)
    }

    // ---- lambdas ------------------------------------------------------

    fn new_lambda(&mut self, name: Option<Val>, span: Span) -> LambdaId {
        let id = self.lambdas.len() as LambdaId;
        self.lambdas.push(Lambda {
            name,
            span,
            nparams: 0,
            rest: false,
            frame_size: 0,
            boxed_params: vec![],
            captures: vec![],
            body: Expr::Const(rt::NIL),
        });
        id
    }

    fn finish_lambda(
        &mut self,
        id: LambdaId,
        nparams: u32,
        rest: bool,
        frame_size: u32,
        captures: Vec<Capture>,
        body: Expr,
    ) {
        let l = &mut self.lambdas[id as usize];
        l.nparams = nparams;
        l.rest = rest;
        l.frame_size = frame_size;
        l.captures = captures;
        l.body = body;
    }

    /// Parameters: `(a b)`, `[a b]`, `(a &rest r)`, `(a . r)`, or `args`.
    fn params(&self, p: &Datum) -> R<(Vec<Named>, Option<Named>)> {
        let bad = |d: &Datum| Diag::new(format!("bad parameter list: {}", d.show()), d.span);
        let (items, tail): (&[Datum], Option<&Datum>) = match &p.kind {
            DatumKind::Nil => (&[], None),
            DatumKind::Symbol(s) => return Ok((vec![], Some((*s, p.span)))),
            DatumKind::List(items, tail) => (items, tail.as_deref()),
            DatumKind::Vector(items) => (items, None),
            _ => return Err(bad(p)),
        };
        let mut req = Vec::new();
        let mut rest = None;
        let mut k = 0;
        while k < items.len() {
            let s = items[k].as_symbol().ok_or_else(|| bad(&items[k]))?;
            if s == self.sym.rest {
                let r = items.get(k + 1).and_then(|d| d.as_symbol()).ok_or_else(|| bad(p))?;
                if k + 2 != items.len() || tail.is_some() {
                    return Err(bad(p));
                }
                rest = Some((r, items[k + 1].span));
                break;
            }
            if req.iter().any(|(n, _)| *n == s) {
                return Err(Diag::new(
                    format!("duplicate parameter {}", rt::symbol_name(s)),
                    items[k].span,
                ));
            }
            req.push((s, items[k].span));
            k += 1;
        }
        if let Some(t) = tail {
            rest = Some((t.as_symbol().ok_or_else(|| bad(t))?, t.span));
        }
        Ok((req, rest))
    }

    fn lambda(
        &mut self,
        name: Option<Val>,
        params: &Datum,
        body: &[Datum],
        span: Span,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let (req, rest) = self.params(params)?;
        let id = self.new_lambda(name, span);
        self.scopes.enter_fn(id);
        for (p, _) in &req {
            self.scopes.declare(*p, false);
        }
        if let Some((r, _)) = rest {
            self.scopes.declare(r, false);
        }
        let body = self.body(body, true, host);
        let (frame_size, captures) = self.scopes.leave_fn();
        let body = body?;
        self.finish_lambda(id, req.len() as u32, rest.is_some(), frame_size, captures, body);
        Ok(Expr::MakeClosure(id))
    }

    /// Now that every binding of the procedures made since `first` is
    /// known to be captured and/or assigned, mark which live in boxes.
    fn fix_boxes(&mut self, first: usize) {
        let scopes = &self.scopes;
        let boxed_slot = |l: LambdaId, s: u32| {
            scopes.slot_binding.get(&(l, s)).is_some_and(|&b| scopes.bindings[b].boxed())
        };
        let boxed_free = |l: LambdaId, i: u32| {
            scopes.free_binding.get(&(l, i)).is_some_and(|&b| scopes.bindings[b].boxed())
        };
        for id in first..self.lambdas.len() {
            let l = id as LambdaId;
            let lam = &mut self.lambdas[id];
            let nparams = lam.nparams + lam.rest as u32;
            lam.boxed_params = (0..nparams).filter(|&s| boxed_slot(l, s)).collect();
            fix_expr(&mut lam.body, l, &boxed_slot, &boxed_free);
        }
    }

    // ---- expressions -------------------------------------------------

    fn expr(&mut self, d: &Datum, tail: bool, host: &mut dyn Host) -> R<Expr> {
        // expansions can nest deeper than the reader allows
        self.depth += 1;
        let e = if self.depth > MAX_NESTING {
            Err(Diag::new(
                format!("the expression nests more than {MAX_NESTING} levels deep"),
                d.span,
            ))
        } else {
            self.expr_here(d, tail, host)
        };
        self.depth -= 1;
        e
    }

    fn expr_here(&mut self, d: &Datum, tail: bool, host: &mut dyn Host) -> R<Expr> {
        match &d.kind {
            DatumKind::Symbol(s) => match self.c_reference(*s, d.span, host)? {
                Some(e) => Ok(e),
                None => self.reference(*s, d.span),
            },
            DatumKind::Nil => Ok(Expr::Const(rt::NIL)),
            DatumKind::List(items, None) => self.compound(d, items, tail, host),
            DatumKind::List(_, Some(_)) => {
                Err(Diag::new("a dotted list cannot be evaluated", d.span))
            }
            DatumKind::Value(v) => Ok(Expr::Const(*v)),
            _ => Ok(Expr::Const(convert::constant(d))),
        }
    }

    fn reference(&mut self, name: Val, span: Span) -> R<Expr> {
        if let Some(b) = self.scopes.lookup(name) {
            let loc = self.scopes.locate(b);
            let checked = self.scopes.bindings[b].checked;
            return Ok(Expr::Ref(VarRef { loc, boxed: false, checked, name, span }));
        }
        if self.macros.contains_key(&name) {
            return Err(Diag::new(
                format!("{} is a macro and cannot be used as a value", rt::symbol_name(name)),
                span,
            ));
        }
        let g = self.use_global(name, span);
        Ok(Expr::Ref(VarRef { loc: VarLoc::Global(g), boxed: false, checked: true, name, span }))
    }

    fn use_global(&mut self, name: Val, span: Span) -> u32 {
        // the prelude calls the built-ins themselves, whatever a program redefines
        let alias = if Some(span.file) == self.prelude_file {
            self.globals.builtin_alias(name)
        } else {
            None
        };
        let g = alias.unwrap_or_else(|| self.globals.intern(name));
        let info = &mut self.globals.info[g as usize];
        if info.first_use.is_none() {
            info.first_use = Some(span);
        }
        self.used_globals.push((g, span));
        g
    }

    fn compound(&mut self, d: &Datum, items: &[Datum], tail: bool, host: &mut dyn Host) -> R<Expr> {
        let head = &items[0];
        if let Some(h) = head.as_symbol() {
            if self.scopes.lookup(h).is_none() {
                if let Some(e) = self.special(h, d, items, tail, host)? {
                    return Ok(e);
                }
                if let Some(&t) = self.macros.get(&h) {
                    let expanded = self.expand_macro(d, t, host)?;
                    return self.expr(&expanded, tail, host);
                }
                if let Some(e) = self.ffi_form(d, items, host)? {
                    return Ok(e);
                }
                if let Some(e) = self.c_call(d, items, host)? {
                    return Ok(e);
                }
            }
        }
        let callee = self.expr(head, false, host)?;
        if let Expr::Ref(VarRef { loc: VarLoc::Global(g), .. }) = callee {
            self.global_calls.push(GlobalCall {
                global: g,
                argc: (items.len() - 1) as u32,
                span: d.span,
            });
        }
        let args = items[1..].iter().map(|a| self.expr(a, false, host)).collect::<R<Vec<_>>>()?;
        Ok(Expr::Call { callee: Box::new(callee), args, tail, span: d.span })
    }

    /// A special form, if `head` names one.
    fn special(
        &mut self,
        head: Val,
        d: &Datum,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Option<Expr>> {
        let s = &self.sym;
        let span = d.span;
        let e = if head == s.quote {
            let [_, x] = items else { return Err(Diag::new("quote takes one datum", span)) };
            Expr::Const(convert::constant(x))
        } else if head == s.quasiquote {
            let [_, x] = items else { return Err(Diag::new("quasiquote takes one datum", span)) };
            let built = Quasi { prims: &self.prims }.expand(x, 1)?;
            self.expr(&built, tail, host)?
        } else if head == s.unquote || head == s.unquote_splicing {
            return Err(Diag::new(
                format!("{} outside of a quasiquote", rt::symbol_name(head)),
                span,
            ));
        } else if head == s.if_ {
            let (c, t, e) = match items {
                [_, c, t] => (c, t, None),
                [_, c, t, e] => (c, t, Some(e)),
                _ => return Err(Diag::new("if: expected (if test then [else])", span)),
            };
            let c = self.expr(c, false, host)?;
            let t = self.expr(t, tail, host)?;
            let e = match e {
                Some(e) => self.expr(e, tail, host)?,
                None => Expr::Const(rt::NIL),
            };
            Expr::If(Box::new(c), Box::new(t), Box::new(e))
        } else if head == s.define {
            self.define(d, items, host)?
        } else if head == s.set {
            let [_, name, value] = items else {
                return Err(Diag::new("set!: expected (set! name value)", span));
            };
            let n = name
                .as_symbol()
                .ok_or_else(|| Diag::new("set!: the target must be a variable name", name.span))?;
            let value = self.expr(value, false, host)?;
            let target = self.assign_target(n, name.span)?;
            Expr::Set(target, Box::new(value))
        } else if head == s.fn_ || head == s.lambda {
            if items.len() < 3 {
                return Err(Diag::new(
                    format!(
                        "{}: expected ({} (params...) body...)",
                        rt::symbol_name(head),
                        rt::symbol_name(head)
                    ),
                    span,
                ));
            }
            self.lambda(None, &items[1], &items[2..], span, host)?
        } else if head == s.let_ {
            self.let_form(d, items, tail, host)?
        } else if head == s.begin {
            self.body(&items[1..], tail, host)?
        } else if head == s.while_ {
            if items.len() < 2 {
                return Err(Diag::new("while: expected (while test body...)", span));
            }
            let c = self.expr(&items[1], false, host)?;
            let b = self.body(&items[2..], false, host)?;
            Expr::While(Box::new(c), Box::new(b))
        } else if head == s.match_ {
            self.match_form(d, items, tail, host)?
        } else if head == s.try_ {
            self.try_form(d, items, host)?
        } else if head == s.defmacro || head == s.include || head == s.import {
            return Err(Diag::new(
                format!("{} is only allowed at top level", rt::symbol_name(head)),
                span,
            ));
        } else if head == s.catch {
            return Err(Diag::new("catch is only allowed as the last form of a try", span));
        } else {
            return Ok(None);
        };
        Ok(Some(e))
    }

    fn assign_target(&mut self, n: Val, span: Span) -> R<VarRef> {
        if let Some(b) = self.scopes.lookup(n) {
            self.scopes.bindings[b].assigned = true;
            let loc = self.scopes.locate(b);
            return Ok(VarRef { loc, boxed: false, checked: false, name: n, span });
        }
        let g = self.use_global(n, span);
        self.globals.info[g as usize].assignments += 1;
        Ok(VarRef { loc: VarLoc::Global(g), boxed: false, checked: true, name: n, span })
    }

    /// `(define name value)` or `(define (name params...) body...)`: the
    /// name and the analysed value.
    fn definition(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Definition> {
        let bad = || {
            Diag::new(
                "define: expected (define name value) or (define (name params...) body...)",
                d.span,
            )
        };
        let target = items.get(1).ok_or_else(bad)?;
        match &target.kind {
            DatumKind::Symbol(n) => {
                let value = match items {
                    [_, _] => Expr::Const(rt::NIL),
                    [_, _, v] => {
                        // a global names a library for the ffi-calls after it
                        let top = self.scopes.at_top();
                        match self.library_form(v, host)? {
                            Some((index, value)) if top => {
                                self.library_names.insert(*n, index);
                                value
                            }
                            Some((_, value)) => value,
                            None => {
                                self.library_names.remove(n);
                                self.named_value(*n, v, host)?
                            }
                        }
                    }
                    _ => return Err(bad()),
                };
                let arity = match &value {
                    Expr::MakeClosure(id) => Some(self.arity_of(*id)),
                    _ => None,
                };
                let constant = match (&value, items.get(2).map(|v| &v.kind)) {
                    (Expr::Const(c), Some(k)) if !matches!(k, DatumKind::List(..)) => Some(*c),
                    _ => None,
                };
                Ok((*n, target.span, value, arity, constant))
            }
            DatumKind::List(parts, tail) => {
                let n = parts[0].as_symbol().ok_or_else(bad)?;
                if items.len() < 3 {
                    return Err(Diag::new("define: the procedure has no body", d.span));
                }
                let params =
                    Datum::new(DatumKind::List(parts[1..].into(), tail.clone()), target.span);
                let params = if parts.len() == 1 && tail.is_none() {
                    Datum::new(DatumKind::Nil, target.span)
                } else if parts.len() == 1 {
                    (**tail.as_ref().expect("checked")).clone()
                } else {
                    params
                };
                let value = self.lambda(Some(n), &params, &items[2..], d.span, host)?;
                let arity = match &value {
                    Expr::MakeClosure(id) => Some(self.arity_of(*id)),
                    _ => None,
                };
                Ok((n, parts[0].span, value, arity, None))
            }
            _ => Err(bad()),
        }
    }

    fn arity_of(&self, id: LambdaId) -> Arity {
        let l = &self.lambdas[id as usize];
        Arity { min: l.nparams, max: if l.rest { None } else { Some(l.nparams) } }
    }

    /// Analyse a value bound to `name`, naming it if it is a procedure.
    fn named_value(&mut self, name: Val, v: &Datum, host: &mut dyn Host) -> R<Expr> {
        if let Some(items) = v.as_list() {
            if let Some(h) = items[0].as_symbol() {
                if (h == self.sym.fn_ || h == self.sym.lambda)
                    && items.len() >= 3
                    && self.scopes.lookup(h).is_none()
                {
                    return self.lambda(Some(name), &items[1], &items[2..], v.span, host);
                }
            }
        }
        self.expr(v, false, host)
    }

    fn define(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        if !self.scopes.at_top() {
            return Err(Diag::new(
                "define is only allowed at top level or at the start of a body",
                d.span,
            ));
        }
        let (name, _, value, arity, constant) = self.definition(d, items, host)?;
        Ok(self.define_global(name, value, arity, constant))
    }

    fn define_global(
        &mut self,
        name: Val,
        value: Expr,
        arity: Option<Arity>,
        constant: Option<Val>,
    ) -> Expr {
        self.macros.remove(&name);
        let g = self.globals.intern(name);
        let info = &mut self.globals.info[g as usize];
        info.definitions += 1;
        info.arity = arity;
        info.constant = constant;
        Expr::DefineGlobal { index: g, name, value: Box::new(value) }
    }

    /// A body: a sequence of forms where `define`s (anywhere in it) and
    /// body-level `(let name value)` bind names for the forms after them.
    fn body(&mut self, forms: &[Datum], tail: bool, host: &mut dyn Host) -> R<Expr> {
        if forms.is_empty() {
            return Ok(Expr::Const(rt::NIL));
        }
        let top = self.scopes.at_top();
        let mut seq = Vec::new();
        if !top {
            self.scopes.push();
            // internal defines are visible in the whole body (letrec*)
            for f in forms {
                if let Some(n) = self.defined_name(f) {
                    if self.scopes.lookup_here(n) {
                        self.scopes.pop();
                        return Err(Diag::new(
                            format!("{} is defined twice in this body", rt::symbol_name(n)),
                            f.span,
                        ));
                    }
                    let b = self.scopes.declare(n, true);
                    seq.push(Expr::Declare { slot: self.scopes.bindings[b].slot, boxed: false });
                }
            }
        }
        let result = self.body_forms(forms, tail, top, host);
        if !top {
            self.scopes.pop();
        }
        seq.extend(result?);
        Ok(if seq.len() == 1 { seq.pop().expect("one") } else { Expr::Seq(seq) })
    }

    fn body_forms(
        &mut self,
        forms: &[Datum],
        tail: bool,
        top: bool,
        host: &mut dyn Host,
    ) -> R<Vec<Expr>> {
        let mut seq = Vec::with_capacity(forms.len());
        for (k, f) in forms.iter().enumerate() {
            let last = k + 1 == forms.len();
            if let Some(items) = f.as_list() {
                if items[0].is_symbol(self.sym.define)
                    && !top
                    && self.scopes.lookup(self.sym.define).is_none()
                {
                    let (name, span, value, _, _) = self.definition(f, items, host)?;
                    let b = self.scopes.lookup(name).expect("declared by the pre-scan");
                    let loc = self.scopes.locate(b);
                    let target = VarRef { loc, boxed: false, checked: false, name, span };
                    seq.push(Expr::Set(target, Box::new(value)));
                    continue;
                }
                if let Some((name, value)) = self.body_let(items) {
                    let value = self.named_value(name, value, host)?;
                    if top {
                        seq.push(self.define_global(name, value, None, None));
                    } else {
                        let b = self.scopes.declare(name, false);
                        let slot = self.scopes.bindings[b].slot;
                        seq.push(Expr::Bind { slot, boxed: false, value: Box::new(value) });
                    }
                    continue;
                }
            }
            seq.push(self.expr(f, tail && last, host)?);
        }
        Ok(seq)
    }

    /// `(let name value)`: the roadmap's binding for the rest of the body.
    fn body_let<'d>(&self, items: &'d [Datum]) -> Option<(Val, &'d Datum)> {
        match items {
            [head, name, value]
                if head.is_symbol(self.sym.let_) && self.scopes.lookup(self.sym.let_).is_none() =>
            {
                name.as_symbol().map(|n| (n, value))
            }
            _ => None,
        }
    }

    fn defined_name(&self, f: &Datum) -> Option<Val> {
        let items = f.as_list()?;
        if !items[0].is_symbol(self.sym.define) {
            return None;
        }
        match &items.get(1)?.kind {
            DatumKind::Symbol(n) => Some(*n),
            DatumKind::List(parts, _) => parts[0].as_symbol(),
            _ => None,
        }
    }

    /// `(let ((name value)...) body...)`, named `(let loop ((name value)...) body...)`.
    fn let_form(&mut self, d: &Datum, items: &[Datum], tail: bool, host: &mut dyn Host) -> R<Expr> {
        let span = d.span;
        if let Some((name, _)) = self.body_let(items) {
            return Err(Diag::new(
                format!(
                    "(let {} value) binds for the rest of a body; here it is not in a body",
                    rt::symbol_name(name)
                ),
                span,
            ));
        }
        if let Some(loop_name) = items.get(1).and_then(|x| x.as_symbol()) {
            return self.named_let(d, loop_name, items, tail, host);
        }
        let bindings = items
            .get(1)
            .ok_or_else(|| Diag::new("let: expected (let ((name value)...) body...)", span))?;
        let pairs = self.let_bindings(bindings)?;
        let values =
            pairs.iter().map(|(n, v)| self.named_value(*n, v, host)).collect::<R<Vec<_>>>()?;
        self.scopes.push();
        let mut seq = Vec::new();
        for ((n, _), v) in pairs.iter().zip(values) {
            let b = self.scopes.declare(*n, false);
            seq.push(Expr::Bind {
                slot: self.scopes.bindings[b].slot,
                boxed: false,
                value: Box::new(v),
            });
        }
        let body = self.body(&items[2..], tail, host);
        self.scopes.pop();
        seq.push(body?);
        // `(let () body)` is its body: no node for the interpreter to walk
        Ok(if seq.len() == 1 { seq.pop().expect("one") } else { Expr::Seq(seq) })
    }

    fn let_bindings<'d>(&self, bindings: &'d Datum) -> R<Vec<(Val, &'d Datum)>> {
        let bad = |d: &Datum| Diag::new(format!("let: bad binding {}", d.show()), d.span);
        let list: &[Datum] = match &bindings.kind {
            DatumKind::Nil => &[],
            DatumKind::List(items, None) | DatumKind::Vector(items) => items,
            _ => return Err(bad(bindings)),
        };
        let mut out = Vec::new();
        for b in list {
            match b.as_list() {
                Some([n, v]) => out.push((n.as_symbol().ok_or_else(|| bad(b))?, v)),
                _ => return Err(bad(b)),
            }
        }
        Ok(out)
    }

    /// `(let loop ((i 0)) body)` is `((letrec ((loop (fn (i) body))) loop) 0)`.
    fn named_let(
        &mut self,
        d: &Datum,
        name: Val,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let span = d.span;
        let bindings = items
            .get(2)
            .ok_or_else(|| Diag::new("let: expected (let name ((var init)...) body...)", span))?;
        let pairs = self.let_bindings(bindings)?;
        let inits = pairs.iter().map(|(_, v)| self.expr(v, false, host)).collect::<R<Vec<_>>>()?;
        let params = Datum::list(
            pairs.iter().map(|(n, v)| Datum::new(DatumKind::Symbol(*n), v.span)).collect(),
            bindings.span,
        );
        self.scopes.push();
        let b = self.scopes.declare(name, true);
        let slot = self.scopes.bindings[b].slot;
        let lam = self.lambda(Some(name), &params, &items[3..], span, host);
        let loop_ref = self.reference(name, span);
        self.scopes.pop();
        let (lam, loop_ref) = (lam?, loop_ref?);
        let target = VarRef { loc: VarLoc::Local(slot), boxed: false, checked: false, name, span };
        Ok(Expr::Seq(vec![
            Expr::Declare { slot, boxed: false },
            Expr::Set(target, Box::new(lam)),
            Expr::Call { callee: Box::new(loop_ref), args: inits, tail, span },
        ]))
    }

    fn try_form(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let span = d.span;
        let bad = || Diag::new("try: expected (try body... (catch name handler...))", span);
        let (last, body) = items[1..].split_last().ok_or_else(bad)?;
        let catch = last.as_list().filter(|c| c[0].is_symbol(self.sym.catch)).ok_or_else(bad)?;
        let var = catch.get(1).ok_or_else(bad)?;
        let var = match var.as_list() {
            Some([v]) => v,
            _ => var,
        };
        let name = var
            .as_symbol()
            .ok_or_else(|| Diag::new("catch: expected a variable name for the error", var.span))?;
        // the body is not in tail position: the handler stays active around it
        let body = self.body(body, false, host)?;
        self.scopes.push();
        let b = self.scopes.declare(name, false);
        let slot = self.scopes.bindings[b].slot;
        let handler = self.body(&catch[2..], false, host);
        self.scopes.pop();
        Ok(Expr::Try { body: Box::new(body), slot, boxed: false, handler: Box::new(handler?) })
    }

    fn match_form(
        &mut self,
        d: &Datum,
        items: &[Datum],
        tail: bool,
        host: &mut dyn Host,
    ) -> R<Expr> {
        let span = d.span;
        let subject = items
            .get(1)
            .ok_or_else(|| Diag::new("match: expected (match value (pattern body...)...)", span))?;
        let subject = self.expr(subject, false, host)?;
        self.scopes.push();
        let tmp = self.scopes.fresh_slot();
        let mut clauses = Vec::new();
        for c in &items[2..] {
            let parts = c
                .as_list()
                .ok_or_else(|| Diag::new("match: each clause is (pattern body...)", c.span))?;
            clauses.push((&parts[0], &parts[1..]));
        }
        let no_match = Expr::Call {
            callee: Box::new(Expr::Const(self.prims.error)),
            args: vec![
                Expr::Const(convert::constant(&Datum::new(
                    DatumKind::Str("match: no clause matches".into()),
                    span,
                ))),
                self.slot_ref(tmp, span),
            ],
            tail: false,
            span,
        };
        let mut result = no_match;
        for (pat, body) in clauses.into_iter().rev() {
            self.scopes.push();
            let compiled = pattern::compile(self, pat, tmp, host);
            let body = compiled.and_then(|(test, binds)| {
                let mut seq = binds;
                seq.push(self.body(body, tail, host)?);
                Ok((test, Expr::Seq(seq)))
            });
            self.scopes.pop();
            let (test, body) = body?;
            result = Expr::If(Box::new(test), Box::new(body), Box::new(result));
        }
        self.scopes.pop();
        Ok(Expr::Seq(vec![
            Expr::Bind { slot: tmp, boxed: false, value: Box::new(subject) },
            result,
        ]))
    }

    fn slot_ref(&self, slot: u32, span: Span) -> Expr {
        Expr::Ref(VarRef {
            loc: VarLoc::Local(slot),
            boxed: false,
            checked: false,
            name: rt::NIL,
            span,
        })
    }
}

fn fix_expr(
    e: &mut Expr,
    l: LambdaId,
    boxed_slot: &dyn Fn(LambdaId, u32) -> bool,
    boxed_free: &dyn Fn(LambdaId, u32) -> bool,
) {
    let fix_ref = |r: &mut VarRef| {
        r.boxed = match r.loc {
            VarLoc::Local(s) => boxed_slot(l, s),
            VarLoc::Free(i) => boxed_free(l, i),
            VarLoc::Global(_) => false,
        }
    };
    let rec = |e: &mut Expr| fix_expr(e, l, boxed_slot, boxed_free);
    match e {
        Expr::Const(_) | Expr::MakeClosure(_) => {}
        Expr::Ref(r) => fix_ref(r),
        Expr::Set(r, v) => {
            fix_ref(r);
            rec(v);
        }
        Expr::DefineGlobal { value, .. } => rec(value),
        Expr::Bind { slot, boxed, value } => {
            *boxed = boxed_slot(l, *slot);
            rec(value);
        }
        Expr::Declare { slot, boxed } => *boxed = boxed_slot(l, *slot),
        Expr::If(c, t, f) => {
            rec(c);
            rec(t);
            rec(f);
        }
        Expr::Seq(es) => es.iter_mut().for_each(rec),
        Expr::Call { callee, args, .. } => {
            rec(callee);
            args.iter_mut().for_each(rec);
        }
        Expr::CCall { args, .. } => args.iter_mut().for_each(rec),
        Expr::Callback { proc, .. } => rec(proc),
        Expr::While(c, b) => {
            rec(c);
            rec(b);
        }
        Expr::Try { body, slot, boxed, handler } => {
            *boxed = boxed_slot(l, *slot);
            rec(body);
            rec(handler);
        }
    }
}
