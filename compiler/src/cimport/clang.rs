#![allow(non_upper_case_globals)] // libclang's constant names
//! Reading a header through libclang (clang-sys): one translation unit per
//! imported header, an index of its declarations by name, and the types of
//! the ones a program uses, resolved when first referenced. Object-like
//! macros are evaluated by clang itself, on demand.

use super::cache::{stamp, Snapshot};
use super::macros::{unquote, MacroDef, Token, TokenKind};
use super::names::lisp_names;
use super::offsets;
use super::package::Package;
use crate::ctype::{CConst, CFunction, CSignature, CType, Field, Reach, Record, Shim};
use crate::target::Target;
use clang_sys::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_uint};
use std::rc::Rc;

pub struct Header {
    index: CXIndex,
    tu: CXTranslationUnit,
    /// The text that includes the header, and the flags it was parsed with
    /// (macros are evaluated in a copy of it).
    source: String,
    args: Vec<String>,
    /// The package's functions and enumerators by C name.
    names: HashMap<String, CXCursor>,
    /// Its struct and union types, by tag and by typedef name.
    types: HashMap<String, CXCursor>,
    /// The package's typedefs of other types (scalars, pointers, functions).
    typedefs: HashMap<String, CXCursor>,
    macros: HashMap<String, CXCursor>,
    function_macros: HashMap<String, CXCursor>,
    /// Its C variables.
    variables: HashMap<String, CXCursor>,
    /// The names of the declarations left out, per file outside the package.
    outside: std::collections::BTreeMap<String, Vec<String>>,
}

fn text(s: CXString) -> String {
    // SAFETY: a CXString from libclang, disposed after copying.
    unsafe {
        let p = clang_getCString(s);
        let t = if p.is_null() {
            String::new()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        };
        clang_disposeString(s);
        t
    }
}

/// Parse `source` as a C file named `name`; any error fails it.
fn parse(
    index: CXIndex,
    name: &str,
    source: &str,
    args: &[String],
    options: i32,
) -> Result<CXTranslationUnit, String> {
    let tu = parse_any(index, name, source, args, options)?;
    // errors (a missing header above all) make the import fail
    if let Some((_, msg)) = errors(tu).first() {
        let msg = msg.clone();
        // SAFETY: tu is live and not used after.
        unsafe { clang_disposeTranslationUnit(tu) };
        return Err(msg);
    }
    Ok(tu)
}

/// The errors clang found in `tu`: the line (where the text was expanded:
/// a macro's use, not its definition) and the message.
fn errors(tu: CXTranslationUnit) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    // SAFETY: tu is a live translation unit; each diagnostic is disposed.
    unsafe {
        for i in 0..clang_getNumDiagnostics(tu) {
            let d = clang_getDiagnostic(tu, i);
            if clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error {
                let mut line = 0;
                clang_getExpansionLocation(
                    clang_getDiagnosticLocation(d),
                    std::ptr::null_mut(),
                    &mut line,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                );
                out.push((line, text(clang_getDiagnosticSpelling(d))));
            }
            clang_disposeDiagnostic(d);
        }
    }
    out
}

/// Parse `source` as a C file named `name`, errors or not.
fn parse_any(
    index: CXIndex,
    name: &str,
    source: &str,
    args: &[String],
    options: i32,
) -> Result<CXTranslationUnit, String> {
    let cname = CString::new(name).expect("no NUL");
    let csrc = CString::new(source).map_err(|_| "a header name contains NUL".to_string())?;
    let cargs: Vec<CString> =
        args.iter().map(|a| CString::new(a.as_str()).expect("no NUL")).collect();
    let argv: Vec<*const c_char> = cargs.iter().map(|a| a.as_ptr()).collect();
    let mut unsaved = CXUnsavedFile {
        Filename: cname.as_ptr(),
        Contents: csrc.as_ptr(),
        Length: source.len() as _,
    };
    let mut tu = std::ptr::null_mut();
    // SAFETY: every pointer lives until the call returns.
    let err = unsafe {
        clang_parseTranslationUnit2(
            index,
            cname.as_ptr(),
            argv.as_ptr(),
            argv.len() as i32,
            &mut unsaved,
            1,
            options,
            &mut tu,
        )
    };
    if err != CXError_Success || tu.is_null() {
        return Err("clang could not parse it".into());
    }
    Ok(tu)
}

extern "C" fn inclusion(
    file: CXFile,
    stack: *mut CXSourceLocation,
    depth: std::os::raw::c_uint,
    data: CXClientData,
) {
    // SAFETY: data is the Vec passed by Header::snapshot; the stack holds
    // `depth` locations, the first that of the #include naming `file`.
    let out = unsafe { &mut *(data as *mut Vec<(String, Option<String>)>) };
    let includer = (depth > 0).then(|| {
        let mut by = std::ptr::null_mut();
        unsafe {
            clang_getExpansionLocation(
                *stack,
                &mut by,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        text(unsafe { clang_getFileName(by) })
    });
    out.push((text(unsafe { clang_getFileName(file) }), includer));
}

/// The header a program includes for what `file` declares: `file` itself,
/// or, for a part a C library splits off under a name C reserves
/// (wasi-libc's `__header_string.h`), the header that includes it.
fn public_header(file: &str, includers: &HashMap<&str, &str>) -> String {
    let reserved = |f: &str| {
        std::path::Path::new(f).file_name().is_some_and(|n| n.to_string_lossy().starts_with("__"))
    };
    let mut f = file;
    // bounded: the includers of a header's parts are never many deep
    for _ in 0..8 {
        match includers.get(f) {
            Some(by) if reserved(f) => f = by,
            _ => break,
        }
    }
    f.to_string()
}

extern "C" fn collect(
    cursor: CXCursor,
    _parent: CXCursor,
    data: CXClientData,
) -> CXChildVisitResult {
    // SAFETY: data is the Vec passed by Header::parse.
    let out = unsafe { &mut *(data as *mut Vec<CXCursor>) };
    out.push(cursor);
    CXChildVisit_Continue
}

fn children(c: CXCursor) -> Vec<CXCursor> {
    let mut out: Vec<CXCursor> = Vec::new();
    // SAFETY: the visitor only pushes cursors into `out`.
    unsafe { clang_visitChildren(c, collect, &mut out as *mut Vec<CXCursor> as CXClientData) };
    out
}

/// The constants of an enum, named or not, by name.
fn enumerators(e: CXCursor) -> Vec<(String, CXCursor)> {
    children(e)
        .into_iter()
        // SAFETY: cursors of a live tu.
        .filter(|&c| unsafe { clang_getCursorKind(c) } == CXCursor_EnumConstantDecl)
        .map(|c| (text(unsafe { clang_getCursorSpelling(c) }), c))
        .collect()
}

/// The file a cursor is written in (where a macro expanded, for
/// declarations a macro makes).
fn file_of(c: CXCursor) -> CXFile {
    let mut file = std::ptr::null_mut();
    // SAFETY: a cursor of a live tu; only the file is asked for.
    unsafe {
        clang_getExpansionLocation(
            clang_getCursorLocation(c),
            &mut file,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
    }
    file
}

impl Header {
    /// Parse `#include <header>` with `cflags` (include paths from
    /// pkg-config) and index the declarations of its package (all of them
    /// with `everything`).
    pub fn parse(
        target: &'static Target,
        header: &str,
        cflags: &[String],
        everything: bool,
    ) -> Result<Header, String> {
        // libclang is loaded when a program first imports a header, so
        // programs that import none do not carry it
        if !clang_sys::is_loaded() {
            if std::env::var_os("LIBCLANG_PATH").is_none() {
                if let Some(dir) = option_env!("LIBCLANG_PATH") {
                    // where the build found it: spares clang-sys a search of the disk
                    std::env::set_var("LIBCLANG_PATH", dir);
                }
            }
            clang_sys::load()
                .map_err(|e| format!("cannot load libclang (Debian: libclang1-19): {e}"))?;
        }
        let source = format!("#include <{header}>\n");
        let mut args = vec![
            "-xc".to_string(),
            "-std=gnu11".to_string(),
            format!("--target={}", target.triple),
        ];
        if let Some(dir) = resource_dir() {
            // libclang finds its own headers (stddef.h) for the host only
            args.push(format!("-resource-dir={}", dir.display()));
        }
        args.extend(cflags.iter().cloned());
        // SAFETY: a new index, owned by the Header.
        let index = unsafe { clang_createIndex(0, 0) };
        let options =
            CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_SkipFunctionBodies;
        let tu = match parse(index, "elle-import.c", &source, &args, options) {
            Ok(tu) => tu,
            Err(e) => {
                // SAFETY: the index is ours and unused.
                unsafe { clang_disposeIndex(index) };
                return Err(e);
            }
        };
        let mut h = Header {
            index,
            tu,
            source,
            args,
            names: HashMap::new(),
            types: HashMap::new(),
            typedefs: HashMap::new(),
            macros: HashMap::new(),
            function_macros: Default::default(),
            variables: HashMap::new(),
            outside: Default::default(),
        };
        // SAFETY: tu is live.
        let root = unsafe { clang_getTranslationUnitCursor(tu) };
        let mut package: Option<Package> = None;
        // per file: in the package, and its name
        let mut files: HashMap<CXFile, (bool, String)> = HashMap::new();
        for c in children(root) {
            // SAFETY: cursors of the live tu.
            let kind = unsafe { clang_getCursorKind(c) };
            if kind == CXCursor_InclusionDirective && package.is_none() {
                // the first inclusion is the program's own: the named header
                let file = text(unsafe { clang_getFileName(clang_getIncludedFile(c)) });
                package = Some(Package::new(target, &file, cflags, everything));
                continue;
            }
            let declares = matches!(
                kind,
                CXCursor_FunctionDecl
                    | CXCursor_EnumDecl
                    | CXCursor_VarDecl
                    | CXCursor_StructDecl
                    | CXCursor_UnionDecl
                    | CXCursor_TypedefDecl
            ) || (kind == CXCursor_MacroDefinition
                && unsafe { clang_Cursor_isMacroBuiltin(c) } == 0);
            let Some(package) = package.as_ref().filter(|_| declares) else { continue };
            let f = file_of(c);
            if f.is_null() {
                continue; // a macro defined on the command line
            }
            let (inside, file) = files.entry(f).or_insert_with(|| {
                let name = text(unsafe { clang_getFileName(f) });
                (package.contains(&name), name)
            });
            let name = text(unsafe { clang_getCursorSpelling(c) });
            if !*inside {
                let names = h.outside.entry(file.clone()).or_default();
                match kind {
                    CXCursor_EnumDecl => names.extend(enumerators(c).into_iter().map(|(n, _)| n)),
                    _ if !name.is_empty() => names.push(name),
                    _ => {}
                }
                continue;
            }
            match kind {
                CXCursor_FunctionDecl => {
                    h.names.insert(name, c);
                }
                CXCursor_StructDecl | CXCursor_UnionDecl
                    if !name.is_empty() && unsafe { clang_isCursorDefinition(c) } != 0 =>
                {
                    h.types.insert(name, c);
                }
                CXCursor_TypedefDecl
                    if unsafe {
                        clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(c)).kind
                    } == CXType_Record =>
                {
                    h.types.insert(name, c);
                }
                CXCursor_TypedefDecl => drop(h.typedefs.insert(name, c)),
                CXCursor_VarDecl if !name.is_empty() => drop(h.variables.insert(name, c)),
                // an enum's constants, named or not
                CXCursor_EnumDecl => h.names.extend(enumerators(c)),
                CXCursor_MacroDefinition if unsafe { clang_Cursor_isMacroFunctionLike(c) } == 0 => {
                    h.macros.insert(name, c);
                }
                CXCursor_MacroDefinition => drop(h.function_macros.insert(name, c)),
                _ => {}
            }
        }
        Ok(h)
    }

    /// The header's index, for the cache: the names of its functions, its
    /// enumerators' values, its macros' names, what was left out, and the
    /// files it included. Functions' types are resolved one by one, when a
    /// program first uses them (`function`).
    pub fn snapshot(&self) -> Snapshot {
        let mut snap = Snapshot::default();
        for (name, &c) in &self.names {
            // SAFETY: cursors of the live tu.
            match unsafe { clang_getCursorKind(c) } {
                CXCursor_EnumConstantDecl => drop(snap.consts.insert(
                    name.clone(),
                    CConst::Int(unsafe { clang_getEnumConstantDeclValue(c) }.into()),
                )),
                _ => drop(snap.functions.insert(name.clone())),
            }
        }
        // functions' Lisp names first: a macro takes one only if it is free
        // (G_TYPE_CHECK_INSTANCE_CAST, g_type_check_instance_cast)
        snap.lisp = lisp_names(snap.functions.iter());
        for (lisp, c) in lisp_names(self.function_macros.keys()) {
            snap.lisp.entry(lisp).or_insert(c);
        }
        snap.types = self.types.keys().cloned().collect();
        snap.typedef_names = self.typedefs.keys().cloned().collect();
        snap.macros = self.macros.keys().cloned().collect();
        snap.function_macros = self.function_macros.keys().cloned().collect();
        snap.variables = self.variables.keys().cloned().collect();
        let mut files: Vec<(String, Option<String>)> = Vec::new();
        // SAFETY: the visitor only pushes file names into `files`.
        unsafe {
            clang_getInclusions(
                self.tu,
                inclusion,
                &mut files as *mut Vec<(String, Option<String>)> as CXClientData,
            )
        };
        let includers: HashMap<&str, &str> =
            files.iter().filter_map(|(f, by)| Some((f.as_str(), by.as_deref()?))).collect();
        let mut outside: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (file, names) in self.outside.iter().filter(|(_, n)| !n.is_empty()) {
            outside
                .entry(public_header(file, &includers))
                .or_default()
                .extend(names.iter().cloned());
        }
        snap.outside = outside.into_iter().map(|(f, n)| (f, n.join("\t"))).collect();
        let mut files: Vec<String> = files.into_iter().map(|(f, _)| f).collect();
        files.sort();
        files.dedup();
        snap.files = files
            .into_iter()
            .filter_map(|f| stamp(&f).map(|(size, mtime)| (f, size, mtime)))
            .collect();
        snap
    }

    /// The struct or union type called `name` (a typedef name or a tag),
    /// laid out by clang.
    pub fn record(&self, name: &str) -> Option<Record> {
        let &c = self.types.get(name)?;
        // SAFETY: a cursor of the live tu.
        let t = unsafe { clang_getCursorType(c) };
        match ctype(t) {
            CType::Record(r) => Some((*r).clone()),
            _ => None,
        }
    }

    /// The type typedef `name` (not of a record) stands for.
    pub fn typedef(&self, name: &str) -> Option<CType> {
        let &c = self.typedefs.get(name)?;
        // SAFETY: a cursor of the live tu.
        Some(ctype(unsafe { clang_getTypedefDeclUnderlyingType(c) }))
    }

    /// The parameters and body tokens of macro `name` (an object-like
    /// one has no parameters).
    pub fn macro_definition(&self, name: &str) -> Option<MacroDef> {
        let &c = self.function_macros.get(name).or_else(|| self.macros.get(name))?;
        // SAFETY: the cursor and tu are live; the tokens are disposed below.
        let tokens: Vec<Token> = unsafe {
            let mut tokens: *mut CXToken = std::ptr::null_mut();
            let mut n: c_uint = 0;
            clang_tokenize(self.tu, clang_getCursorExtent(c), &mut tokens, &mut n);
            let out = (0..n as usize)
                .filter_map(|i| {
                    let t = *tokens.add(i);
                    let kind = match clang_getTokenKind(t) {
                        CXToken_Punctuation => TokenKind::Punctuation,
                        CXToken_Keyword => TokenKind::Keyword,
                        CXToken_Identifier => TokenKind::Identifier,
                        CXToken_Literal => TokenKind::Literal,
                        _ => return None, // comments
                    };
                    Some(Token { kind, text: text(clang_getTokenSpelling(self.tu, t)) })
                })
                .collect();
            if !tokens.is_null() {
                clang_disposeTokens(self.tu, tokens, n);
            }
            out
        };
        // NAME body..., or NAME ( params ) body...
        // SAFETY: a cursor of the live tu.
        if unsafe { clang_Cursor_isMacroFunctionLike(c) } == 0 {
            return Some(MacroDef { params: Vec::new(), body: tokens.get(1..)?.to_vec() });
        }
        let close = tokens.iter().position(|t| t.text == ")")?;
        if tokens.get(1)?.text != "(" {
            return None;
        }
        let params =
            tokens[2..close].iter().filter(|t| t.text != ",").map(|t| t.text.clone()).collect();
        Some(MacroDef { params, body: tokens[close + 1..].to_vec() })
    }

    /// C variable `name` as the function that reads it (at its symbol, or
    /// through a shim): no parameters, its value (an array's: a pointer to
    /// its elements).
    pub fn variable(&self, name: &str) -> Option<CFunction> {
        let &c = self.variables.get(name)?;
        // SAFETY: a cursor of the live tu.
        let t = unsafe { clang_getCursorType(c) };
        let prototype = format!("{} {name}", text(unsafe { clang_getTypeSpelling(t) }));
        // SAFETY: a cursor and type of the live tu.
        let (is_static, kind) = unsafe {
            (clang_Cursor_getStorageClass(c) == CX_SC_Static, clang_getCanonicalType(t).kind)
        };
        // a variable with a symbol is read there; a header's own static one
        // through a shim
        let reach = match is_static {
            true => Reach::Shim(Shim { header: String::new(), cflags: Vec::new(), variable: true }),
            false => Reach::Variable {
                array: matches!(kind, CXType_ConstantArray | CXType_IncompleteArray),
            },
        };
        Some(CFunction {
            c_name: name.into(),
            ret: param_type(t),
            params: Vec::new(),
            variadic: false,
            prototype,
            library: 0,
            reach,
            ret_layout: None,
        })
    }

    /// The function called `name`, with its types.
    pub fn function(&self, name: &str) -> Option<CFunction> {
        let &c = self.names.get(name)?;
        // SAFETY: a cursor of the live tu.
        (unsafe { clang_getCursorKind(c) } == CXCursor_FunctionDecl).then(|| self.function_at(c))
    }

    fn function_at(&self, c: CXCursor) -> CFunction {
        // SAFETY: cursors and types of the live tu.
        unsafe {
            let c_name = text(clang_getCursorSpelling(c));
            let fty = clang_getCursorType(c);
            let ret = ctype(clang_getCursorResultType(c));
            let n = clang_Cursor_getNumArguments(c).max(0) as c_uint;
            let params = (0..n)
                .map(|i| param_type(clang_getCursorType(clang_Cursor_getArgument(c, i))))
                .collect();
            let variadic = clang_isFunctionTypeVariadic(fty) != 0;
            let prototype = format!(
                "{} {}({})",
                text(clang_getTypeSpelling(clang_getCursorResultType(c))),
                c_name,
                {
                    let mut ps: Vec<String> = (0..n)
                        .map(|i| {
                            text(clang_getTypeSpelling(clang_getCursorType(
                                clang_Cursor_getArgument(c, i),
                            )))
                        })
                        .collect();
                    if variadic {
                        ps.push("...".into());
                    }
                    if ps.is_empty() {
                        ps.push("void".into());
                    }
                    ps.join(", ")
                }
            );
            // the shim's compile details are the importer's to fill in
            let is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
            let reach = if is_static {
                Reach::Shim(Shim { header: String::new(), cflags: Vec::new(), variable: false })
            } else {
                Reach::Symbol
            };
            CFunction {
                c_name,
                ret,
                params,
                variadic,
                prototype,
                library: 0,
                reach,
                ret_layout: None,
            }
        }
    }

    /// Evaluate `expr` (a macro, or a function-like macro applied to
    /// constants) as clang would, by compiling it as an initialiser.
    pub fn eval_macro(&self, expr: &str) -> Result<CConst, String> {
        let source =
            format!("{}static const __auto_type elle_macro_value = ({expr});\n", self.source);
        let tu = parse(
            self.index,
            "elle-macro.c",
            &source,
            &self.args,
            CXTranslationUnit_SkipFunctionBodies,
        )
        .map_err(|e| format!("the macro {expr} is not a constant: {e}"))?;
        // SAFETY: tu is live until disposed below.
        let var = unsafe { children(clang_getTranslationUnitCursor(tu)) }
            .into_iter()
            .rev()
            .find(|&c| unsafe { clang_getCursorKind(c) == CXCursor_VarDecl } && text(unsafe { clang_getCursorSpelling(c) }) == "elle_macro_value");
        let pointer = var.is_some_and(is_pointer_value);
        let value = var.filter(|_| !pointer).map(|v| value_of(v, expr));
        // SAFETY: tu is not used after.
        unsafe { clang_disposeTranslationUnit(tu) };
        if pointer {
            let address = self.eval_addresses(std::iter::once(expr)).pop().flatten();
            return address.map(CConst::Pointer).ok_or_else(|| {
                format!("the macro {expr} is a pointer, but not a constant address")
            });
        }
        value.unwrap_or_else(|| Err(format!("the macro {expr} is not a constant")))
    }

    /// The function an object-like macro names once expanded, if it names
    /// one: `pcre2_compile` is `pcre2_compile_8`, a name pasted with `##`
    /// from `PCRE2_CODE_UNIT_WIDTH`, which only the preprocessor knows.
    pub fn function_named_by(&self, name: &str) -> Option<String> {
        self.functions_named_by(&[name.to_string()]).pop().flatten()
    }

    /// `function_named_by` of each of `names`, in one compilation.
    pub fn functions_named_by(&self, names: &[String]) -> Vec<Option<String>> {
        let mut source = self.source.clone();
        for (i, name) in names.iter().enumerate() {
            source.push_str(&format!(
                "static void *const elle_macro_function_{i} = (void *)({name});\n"
            ));
        }
        let mut args = self.args.clone();
        args.push("-ferror-limit=0".into());
        let mut found = vec![None; names.len()];
        let Ok(tu) = parse_any(
            self.index,
            "elle-macros.c",
            &source,
            &args,
            CXTranslationUnit_SkipFunctionBodies,
        ) else {
            return found;
        };
        // SAFETY: cursors of the live tu, which is disposed below.
        unsafe {
            for var in children(clang_getTranslationUnitCursor(tu)) {
                let Some(i) = text(clang_getCursorSpelling(var))
                    .strip_prefix("elle_macro_function_")
                    .and_then(|i| i.parse::<usize>().ok())
                else {
                    continue;
                };
                let mut pending = vec![var];
                while let Some(c) = pending.pop() {
                    let target = clang_getCursorReferenced(c);
                    if clang_getCursorKind(c) == CXCursor_DeclRefExpr
                        && clang_getCursorKind(target) == CXCursor_FunctionDecl
                    {
                        if i < names.len() {
                            found[i] = Some(text(clang_getCursorSpelling(target)));
                        }
                        break;
                    }
                    pending.extend(children(c));
                }
            }
            clang_disposeTranslationUnit(tu);
        }
        found
    }

    /// The values of many object-like macros, in one compilation: those
    /// that are not constants (a type, a function's name, nothing) are
    /// `None`. What `ellec bind` writes.
    pub fn eval_macros(&self, names: &[String]) -> Vec<Option<CConst>> {
        let first_line = self.source.lines().count() as u32 + 1;
        let mut source = self.source.clone();
        for (i, name) in names.iter().enumerate() {
            source
                .push_str(&format!("static const __auto_type elle_macro_value_{i} = ({name});\n"));
        }
        let mut args = self.args.clone();
        args.push("-ferror-limit=0".into());
        let Ok(tu) = parse_any(
            self.index,
            "elle-macros.c",
            &source,
            &args,
            CXTranslationUnit_SkipFunctionBodies,
        ) else {
            return vec![None; names.len()];
        };
        let bad: std::collections::HashSet<u32> =
            errors(tu).into_iter().map(|(line, _)| line).collect();
        let mut values = vec![None; names.len()];
        // SAFETY: cursors of the live tu, disposed below.
        let mut pointers = Vec::new();
        for c in children(unsafe { clang_getTranslationUnitCursor(tu) }) {
            let Some(i) = text(unsafe { clang_getCursorSpelling(c) })
                .strip_prefix("elle_macro_value_")
                .and_then(|i| i.parse::<usize>().ok())
            else {
                continue;
            };
            if i < names.len()
                && !bad.contains(&(first_line + i as u32))
                && unsafe { clang_isInvalidDeclaration(c) } == 0
            {
                if is_pointer_value(c) {
                    pointers.push(i);
                } else {
                    values[i] = value_of(c, &names[i]).ok();
                }
            }
        }
        // SAFETY: tu is not used after.
        unsafe { clang_disposeTranslationUnit(tu) };
        for (i, address) in
            pointers.iter().zip(self.eval_addresses(pointers.iter().map(|&i| names[i].as_str())))
        {
            values[*i] = address.map(CConst::Pointer);
        }
        values
    }

    /// The addresses of pointer-valued macros (`((void *)-1)`): each cast
    /// to an integer, which clang folds where the C expression is constant.
    fn eval_addresses<'n>(
        &self,
        names: impl ExactSizeIterator<Item = &'n str>,
    ) -> Vec<Option<u64>> {
        let n = names.len();
        if n == 0 {
            return Vec::new();
        }
        let mut source = self.source.clone();
        // an address the linker fills in (`&x`) evaluates to 0 here: the
        // constant flag says it is none
        for (i, name) in names.enumerate() {
            source.push_str(&format!("static const unsigned long long elle_macro_address_{i} = (unsigned long long)({name});\n"));
            source.push_str(&format!("static const int elle_macro_constant_{i} = __builtin_constant_p((unsigned long long)({name}));\n"));
        }
        let mut args = self.args.clone();
        args.push("-ferror-limit=0".into());
        let Ok(tu) = parse_any(
            self.index,
            "elle-macros.c",
            &source,
            &args,
            CXTranslationUnit_SkipFunctionBodies,
        ) else {
            return vec![None; n];
        };
        let (mut out, mut constant) = (vec![None; n], vec![false; n]);
        // SAFETY: cursors of the live tu; each evaluation result is disposed.
        unsafe {
            for c in children(clang_getTranslationUnitCursor(tu)) {
                let spelling = text(clang_getCursorSpelling(c));
                let index = |prefix: &str| {
                    spelling
                        .strip_prefix(prefix)
                        .and_then(|i| i.parse::<usize>().ok())
                        .filter(|&i| i < n)
                };
                let (address, flag) = (index("elle_macro_address_"), index("elle_macro_constant_"));
                if address.is_none() && flag.is_none() {
                    continue;
                }
                let e = clang_Cursor_Evaluate(c);
                if !e.is_null() && clang_EvalResult_getKind(e) == CXEval_Int {
                    let v = clang_EvalResult_getAsUnsigned(e);
                    match (address, flag) {
                        (Some(i), _) => out[i] = Some(v),
                        (_, Some(i)) => constant[i] = v == 1,
                        _ => {}
                    }
                }
                if !e.is_null() {
                    clang_EvalResult_dispose(e);
                }
            }
            clang_disposeTranslationUnit(tu);
        }
        out.into_iter().zip(constant).map(|(v, c)| v.filter(|_| c)).collect()
    }
}

/// Is the macro value that variable `v` holds a pointer (not a string)?
fn is_pointer_value(v: CXCursor) -> bool {
    // SAFETY: a cursor of a live tu.
    unsafe {
        clang_getCanonicalType(clang_getCursorType(v)).kind == CXType_Pointer
            && string_literal(v).is_none()
    }
}

/// The constant a variable declaration `v` is initialised with: the value of
/// the macro `name`.
fn value_of(v: CXCursor, name: &str) -> Result<CConst, String> {
    // SAFETY: a cursor of a live tu; the evaluation result is disposed.
    unsafe {
        let e = clang_Cursor_Evaluate(v);
        if e.is_null() || clang_EvalResult_getKind(e) == CXEval_UnExposed {
            if !e.is_null() {
                clang_EvalResult_dispose(e);
            }
            // a string: libclang does not evaluate it; its literal is its value
            let lit = string_literal(v).map(|l| text(clang_getCursorSpelling(l)));
            return lit
                .and_then(|l| unquote(&l))
                .map(CConst::Str)
                .ok_or_else(|| format!("the macro {name} is not a number or a string"));
        }
        let r = match clang_EvalResult_getKind(e) {
            CXEval_Int => {
                if clang_EvalResult_isUnsignedInt(e) != 0 {
                    Ok(CConst::Int(clang_EvalResult_getAsUnsigned(e).into()))
                } else {
                    Ok(CConst::Int(clang_EvalResult_getAsLongLong(e).into()))
                }
            }
            CXEval_Float => Ok(CConst::Float(clang_EvalResult_getAsDouble(e))),
            CXEval_StrLiteral => Ok(CConst::Str(
                CStr::from_ptr(clang_EvalResult_getAsStr(e)).to_string_lossy().into_owned(),
            )),
            _ => Err(format!("the macro {name} is not a number or a string")),
        };
        clang_EvalResult_dispose(e);
        r
    }
}

/// The string literal inside an initialiser (under casts and parentheses).
fn string_literal(c: CXCursor) -> Option<CXCursor> {
    children(c).into_iter().find_map(|k| {
        // SAFETY: a cursor of a live tu.
        if unsafe { clang_getCursorKind(k) } == CXCursor_StringLiteral {
            Some(k)
        } else {
            string_literal(k)
        }
    })
}

impl Drop for Header {
    fn drop(&mut self) {
        // SAFETY: both were created by Header::parse and are disposed once.
        unsafe {
            clang_disposeTranslationUnit(self.tu);
            clang_disposeIndex(self.index);
        }
    }
}

/// The model of a clang type.
fn ctype(t: CXType) -> CType {
    // SAFETY: a type of a live tu.
    unsafe {
        let c = clang_getCanonicalType(t);
        let size = clang_Type_getSizeOf(c);
        match c.kind {
            CXType_Void => CType::Void,
            CXType_Bool => CType::Bool,
            CXType_Char_S | CXType_SChar | CXType_Short | CXType_Int | CXType_Long
            | CXType_LongLong => CType::Int { bytes: size as u8, signed: true },
            CXType_Char_U | CXType_UChar | CXType_UShort | CXType_UInt | CXType_ULong
            | CXType_ULongLong => CType::Int { bytes: size as u8, signed: false },
            CXType_Enum => ctype(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(c))),
            CXType_Float => CType::Float,
            CXType_Double => CType::Double,
            CXType_Pointer => {
                let p = clang_getPointeeType(c);
                // the pointee as written (`et_point`, not its anonymous struct)
                let written = if t.kind == CXType_Pointer { clang_getPointeeType(t) } else { p };
                let pointee = match clang_getCanonicalType(p).kind {
                    CXType_Record => match record_name(
                        written,
                        clang_getTypeDeclaration(clang_getCanonicalType(p)),
                    ) {
                        // an unnamed struct only a pointer reaches
                        name if name.contains(' ') => CType::Void,
                        // a struct known by name only: its layout is looked up when needed
                        name => CType::Record(Rc::new(Record::named(&name))),
                    },
                    CXType_FunctionProto => function_type(clang_getCanonicalType(p)),
                    CXType_FunctionNoProto => CType::Void,
                    _ => element(written),
                };
                CType::Pointer {
                    pointee: Box::new(pointee),
                    const_pointee: clang_isConstQualifiedType(p) != 0,
                }
            }
            CXType_Record => CType::Record(shared_record(t, c)),
            CXType_ConstantArray => {
                let (elem, n) = (clang_getArrayElementType(c), clang_getArraySize(c).max(0) as u64);
                match clang_getCanonicalType(elem).kind {
                    CXType_Char_S | CXType_Char_U => CType::Text(n),
                    _ => CType::Array(Box::new(ctype(elem)), n),
                }
            }
            _ => CType::Unsupported(text(clang_getTypeSpelling(t))),
        }
    }
}

/// A function type as a function pointer's pointee: its signature, or
/// `void` (a plain pointer) for a variadic one.
fn function_type(f: CXType) -> CType {
    // SAFETY: a type of a live tu.
    unsafe {
        if clang_isFunctionTypeVariadic(f) != 0 {
            return CType::Void;
        }
        let n = clang_getNumArgTypes(f).max(0) as u32;
        let params = (0..n).map(|i| param_type(clang_getArgType(f, i))).collect();
        CType::Function(Rc::new(CSignature { params, ret: ctype(clang_getResultType(f)) }))
    }
}

/// What a pointer points to, as Elle reads it: a type Elle cannot pass is
/// `void`, and so are bytes that C means as memory rather than text.
fn element(written: CXType) -> CType {
    match ctype(written) {
        t if t.unsupported().is_some() => CType::Void,
        CType::Int { bytes: 1, .. } if !bytes_are_text(written) => CType::Void,
        t => t,
    }
}

/// Whether a pointer to 8-bit integers means text (a string) or memory (a
/// pointer), by how C spells it: `char` (`char*`, `const gchar*`) is text;
/// an 8-bit integer typedef (`uint8_t`, `Uint8`, `guint8`, zlib's `Bytef`)
/// is memory; otherwise `unsigned char` is text when const (sqlite3's
/// `sqlite3_column_text`, libxml2's `const xmlChar*`) and memory when not
/// (OpenSSL's `SHA256()`, `cairo_image_surface_get_data`).
fn bytes_are_text(written: CXType) -> bool {
    // SAFETY: a type of a live tu.
    unsafe {
        if matches!(clang_getCanonicalType(written).kind, CXType_Char_S | CXType_Char_U) {
            return true;
        }
        let integer_name = |n: &String| {
            let n = n.to_ascii_lowercase();
            n.contains("int8") || n.contains("byte") || n == "u8" || n == "s8"
        };
        !typedef_names(written).iter().any(integer_name) && clang_isConstQualifiedType(written) != 0
    }
}

/// The typedef names a type is spelled through, outermost first (`Uint8`,
/// `uint8_t`, `__uint8_t`).
fn typedef_names(mut t: CXType) -> Vec<String> {
    let mut names = Vec::new();
    // SAFETY: types and cursors of a live tu.
    unsafe {
        loop {
            if t.kind == CXType_Elaborated {
                t = clang_Type_getNamedType(t);
            }
            if t.kind != CXType_Typedef {
                return names;
            }
            let td = clang_getTypeDeclaration(t);
            names.push(text(clang_getCursorSpelling(td)));
            t = clang_getTypedefDeclUnderlyingType(td);
        }
    }
}

/// A parameter's type: an array parameter (`const uint64_t words[]`) is a
/// pointer to its elements, as C adjusts it — but a `va_list` (an array on
/// x86-64) is not something Elle can make.
fn param_type(t: CXType) -> CType {
    // SAFETY: a type of a live tu.
    unsafe {
        let c = clang_getCanonicalType(t);
        if text(clang_getTypeSpelling(t)).contains("va_list") {
            return CType::Unsupported("va_list".into());
        }
        match c.kind {
            CXType_ConstantArray | CXType_IncompleteArray | CXType_VariableArray => {
                let elem = clang_getArrayElementType(c);
                let written = if t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray
                {
                    clang_getArrayElementType(t)
                } else {
                    elem
                };
                let pointee = element(written);
                CType::Pointer {
                    pointee: Box::new(pointee),
                    const_pointee: clang_isConstQualifiedType(elem) != 0,
                }
            }
            _ => ctype(t),
        }
    }
}

extern "C" fn field(cursor: CXCursor, data: CXClientData) -> CXVisitorResult {
    // SAFETY: data is the Vec passed by `record`.
    let out = unsafe { &mut *(data as *mut Vec<CXCursor>) };
    out.push(cursor);
    CXVisit_Continue
}

thread_local! {
    /// The records modelled so far, by their parse and declaration: a
    /// struct is one type however it is reached (its tag, any typedef of
    /// it, a pointer typedef), and a record nested by value in many places
    /// is modelled once and shared (20 levels of two fields each would
    /// otherwise be a million copies).
    static RECORDS: RefCell<HashMap<(usize, String), Rc<Record>>> = RefCell::default();
}

fn shared_record(spelled: CXType, c: CXType) -> Rc<Record> {
    // SAFETY: types of a live tu.
    let key = unsafe {
        let decl = clang_getTypeDeclaration(c);
        (clang_Cursor_getTranslationUnit(decl) as usize, text(clang_getCursorUSR(decl)))
    };
    if let Some(r) = RECORDS.with(|m| m.borrow().get(&key).cloned()) {
        return r;
    }
    let r = Rc::new(record(spelled, c));
    RECORDS.with(|m| m.borrow_mut().insert(key, r.clone()));
    r
}

/// The one name of a struct or union type: its tag (`z_stream_s` for
/// `typedef struct z_stream_s {...} z_stream`), or for an untagged one the
/// typedef that names it (`typedef struct {...} SDL_Rect`).
fn record_name(spelled: CXType, decl: CXCursor) -> String {
    // SAFETY: a type and cursor of a live tu.
    unsafe {
        let tag = text(clang_getCursorSpelling(decl));
        if !tag.is_empty() && clang_Cursor_isAnonymous(decl) == 0 && !tag.contains(' ') {
            return tag;
        }
        let mut t = spelled;
        // through typedefs of typedefs to the one that names the record
        while t.kind == CXType_Typedef {
            let td = clang_getTypeDeclaration(t);
            let mut under = clang_getTypedefDeclUnderlyingType(td);
            if under.kind == CXType_Elaborated {
                under = clang_Type_getNamedType(under);
            }
            if under.kind != CXType_Typedef {
                return text(clang_getCursorSpelling(td));
            }
            t = under;
        }
        text(clang_getTypeSpelling(spelled))
    }
}

/// A struct or union type (`spelled` as the program wrote it, `c` canonical)
/// with clang's size, alignment and field offsets.
fn record(spelled: CXType, c: CXType) -> Record {
    // SAFETY: types and cursors of a live tu.
    unsafe {
        let decl = clang_getTypeDeclaration(c);
        let is_union = clang_getCursorKind(decl) == CXCursor_UnionDecl;
        let mut cursors: Vec<CXCursor> = Vec::new();
        clang_Type_visitFields(c, field, &mut cursors as *mut Vec<CXCursor> as CXClientData);
        let types: Vec<CType> = cursors.iter().map(|&f| ctype(clang_getCursorType(f))).collect();
        let offsets = offsets::field_offsets(c, decl, &cursors, &types, is_union);
        let fields = cursors
            .into_iter()
            .zip(types)
            .zip(offsets)
            // an unnamed bitfield (`int :0;`, `int :3;`) only pads: no storage to name
            .filter(|((f, _), _)| {
                clang_Cursor_isBitField(*f) == 0 || !text(clang_getCursorSpelling(*f)).is_empty()
            })
            .map(|((f, ty), offset_bits)| {
                let name = text(clang_getCursorSpelling(f));
                // an anonymous member (not a named field of an unnamed type)
                let anonymous = clang_Cursor_isAnonymousRecordDecl(clang_getTypeDeclaration(
                    clang_getCursorType(f),
                )) != 0;
                Field {
                    name: (!anonymous && !name.is_empty()).then_some(name),
                    offset_bits,
                    bit_width: (clang_Cursor_isBitField(f) != 0)
                        .then(|| clang_getFieldDeclBitWidth(f) as u32),
                    ty,
                }
            })
            .collect();
        Record {
            name: record_name(spelled, decl),
            is_union,
            size: clang_Type_getSizeOf(c).max(0) as u64,
            align: clang_Type_getAlignOf(c).max(0) as u64,
            fields,
        }
    }
}

/// The folder of the loaded libclang's own headers (`lib/clang/<major>`
/// beside the library), which clang's driver would find for itself.
fn resource_dir() -> Option<std::path::PathBuf> {
    let lib = clang_sys::get_library()?;
    let versions = lib.path().parent()?.join("clang");
    let mut found = std::fs::read_dir(&versions).ok()?.flatten().map(|e| e.path());
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
