//! `ellec bind`: a header's declarations written out as an Elle file that a
//! program includes instead of importing the header — its constants
//! (`define-c-constant`), structs and unions (`define-c-struct`, laid out
//! as clang lays them out), functions (`define-c-function`) and macros made
//! of calls (`define-c-macro`). A program that includes it needs neither
//! the header nor libclang. The text is
//! deterministic: everything sorted by name, nothing of the machine but the
//! library's name.

use super::clang::Header;
use super::macro_datum::{datum, Spelling, TruthMacros};
use super::macros::MacroExpr;
use super::CImports;
use crate::ctype::{self, CConst, CFunction, CType, DataModel, Reach, Record};
use crate::syntax::datum::{Datum, DatumKind};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

/// What to bind, as `ellec bind` was asked.
pub struct Request<'a> {
    pub header: &'a str,
    pub library: &'a str,
    pub options: super::ImportOptions,
    /// The target whose layouts and libraries the file is for.
    pub target: &'static crate::target::Target,
    /// The command line, recorded at the top of the file.
    pub command: &'a str,
}

/// The bindings file for `req`.
pub fn bindings(req: &Request) -> Result<String, String> {
    let mut imports = CImports::default();
    imports.target = req.target;
    // a library named by path is written as its full path, so the file
    // works from wherever it is included
    let library = match std::path::Path::new(req.library) {
        p if req.library.contains('/') => p
            .canonicalize()
            .map_err(|e| format!("library '{}': {e}", req.library))?
            .display()
            .to_string(),
        _ => req.library.to_string(),
    };
    // as in a program, a header that exists where it is named is that file
    let header = match std::path::Path::new(req.header).canonicalize() {
        Ok(full) if !req.header.starts_with('/') => full.display().to_string(),
        _ => req.header.to_string(),
    };
    imports.load(Some(&header), &library, &req.options)?;
    // the functions the library really has: a header may declare more
    // (another platform's, a removed one's)
    let declared: Vec<String> = imports.headers[0].snap.functions.iter().cloned().collect();
    let absent: HashSet<String> =
        declared.into_iter().filter(|f| imports.check_symbol(0, f).is_err()).collect();
    let h = &mut imports.headers[0];
    let lib_name = library_name(&library);
    fn sorted<'a>(set: impl IntoIterator<Item = &'a String>) -> Vec<String> {
        let mut v: Vec<String> = set.into_iter().cloned().collect();
        v.sort();
        v
    }
    let (function_names, type_names, macro_names) =
        (sorted(&h.snap.functions), sorted(&h.snap.types), sorted(&h.snap.macros));
    let function_macro_names = sorted(&h.snap.function_macros);
    let variable_names = sorted(&h.snap.variables);
    let lisp_of: BTreeMap<String, String> =
        h.snap.lisp.iter().map(|(lisp, c)| (c.clone(), lisp.clone())).collect();
    let enumerators: BTreeMap<String, CConst> = h
        .snap
        .consts
        .iter()
        .filter(|(n, _)| !h.snap.macros.contains(*n) && !n.contains('('))
        .map(|(n, c)| (n.clone(), c.clone()))
        .collect();
    let live = h.live()?;
    // a variable's address is written as that variable's (see `macros`)
    let macro_values: Vec<Option<CConst>> = live
        .eval_macros(&macro_names)
        .into_iter()
        .zip(&macro_names)
        .map(|(v, n)| {
            v.filter(|_| live.macro_definition(n).is_none_or(|d| d.address_of().is_none()))
        })
        .collect();

    let model = imports.target.data;
    let mut file =
        Sections { records: Writer { model, ..Default::default() }, ..Default::default() };
    // records first: the header's own, then any a function passes by value;
    // each once, by its own name, and its typedefs as other names of it
    for name in &type_names {
        if let Some(r) = live.record(name).filter(|r| !r.fields.is_empty()) {
            let own = record_name(&r).unwrap_or_else(|| name.clone());
            file.records.record(&r, &own);
            if *name != own {
                let _ = writeln!(file.types, "(define-c-type {name} {own})");
            }
        }
    }
    let lisp = |c: &String| lisp_of.get(c).map_or(c.clone(), String::clone);
    file.functions(live, &function_names, &absent, &lisp, &lib_name);
    file.variables(live, &variable_names, &lib_name);
    file.constants(
        enumerators
            .iter()
            .map(|(n, c)| (n, Some(c)))
            .chain(macro_names.iter().zip(macro_values.iter().map(Option::as_ref))),
    );
    let not_constants: Vec<&String> = macro_names
        .iter()
        .zip(&macro_values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| n)
        .collect();
    file.macros(live, &function_macro_names, &not_constants, &type_names, &lisp, &lib_name);
    Ok(file.text(req, &library, &lib_name))
}

/// The parts of a bindings file, as they are written.
#[derive(Default)]
struct Sections {
    records: Writer,
    /// `define-c-type`: the other names of the records.
    types: String,
    functions: String,
    n_functions: usize,
    constants: String,
    n_constants: usize,
    macros: String,
    n_macros: usize,
    /// The C names bound so far, which a macro's body may use.
    bound: HashSet<String>,
    /// Functions not bound, and why.
    inline: Vec<String>,
    unsupported: Vec<String>,
    missing: Vec<String>,
    variables: String,
    n_variables: usize,
    static_variables: Vec<String>,
    /// Macros neither constants nor translated.
    untranslated: Vec<String>,
}

impl Sections {
    fn functions(
        &mut self,
        live: &Header,
        names: &[String],
        absent: &HashSet<String>,
        lisp: &dyn Fn(&String) -> String,
        lib_name: &str,
    ) {
        for c_name in names {
            let Some(f) = live.function(c_name) else { continue };
            if f.shim().is_some() {
                self.inline.push(c_name.clone());
            } else if absent.contains(c_name) {
                self.missing.push(c_name.clone());
            } else if let Some(line) = self.records.function(&f, &lisp(c_name), lib_name) {
                self.functions.push_str(&line);
                self.n_functions += 1;
                self.bound.insert(c_name.clone());
            } else {
                self.unsupported.push(c_name.clone());
            }
        }
    }

    /// C variables with a symbol; a header's own (`static`) ones have none
    /// and are listed.
    fn variables(&mut self, live: &Header, names: &[String], lib_name: &str) {
        for name in names {
            let Some(f) = live.variable(name) else { continue };
            if !self.variable(name, &f, lib_name, false) {
                self.static_variables.push(name.clone());
            }
        }
    }

    /// `name` for C variable `f` read at its symbol, or for its address
    /// (false: it has no symbol).
    fn variable(&mut self, name: &str, f: &CFunction, lib_name: &str, address: bool) -> bool {
        let (Reach::Variable { array }, Some(ty)) = (&f.reach, self.records.ty(&f.ret)) else {
            return false;
        };
        let read = match (address, array) {
            (true, false) => " :address",
            (true, true) | (false, true) => " :array",
            (false, false) => "",
        };
        let _ = writeln!(
            self.variables,
            "(define-c-variable {name} {lib_name} {} {ty}{read})",
            quote(&f.c_name),
        );
        self.n_variables += 1;
        self.bound.insert(name.to_string());
        true
    }

    fn constants<'a>(&mut self, values: impl Iterator<Item = (&'a String, Option<&'a CConst>)>) {
        for (name, value) in values {
            if let Some(v) = value.and_then(constant) {
                self.n_constants += 1;
                self.bound.insert(name.clone());
                let _ = writeln!(self.constants, "(define-c-constant {name} {v})");
            }
        }
    }

    /// Macros that translate (calls and C's operators) — function-like
    /// (SDL_SaveBMP, S_ISREG), or object-like ones that are not constants
    /// (GTK_TYPE_WINDOW) — whose names are all bound in the file; those that
    /// need clang (`sizeof`: constants only) or call what is not bound (a
    /// compiler built-in, a static inline function) are left out.
    fn macros(
        &mut self,
        live: &Header,
        function_like: &[String],
        object_like: &[&String],
        type_names: &[String],
        lisp: &dyn Fn(&String) -> String,
        lib_name: &str,
    ) {
        let mut translated: BTreeMap<&String, (Vec<String>, MacroExpr, bool)> = BTreeMap::new();
        // object-like macros that may be a function's other name (pcre2_compile)
        let mut maybe_aliases: Vec<&String> = Vec::new();
        for (name, object) in
            function_like.iter().map(|n| (n, false)).chain(object_like.iter().map(|n| (*n, true)))
        {
            // a variable's address (wasi-libc's CLOCK_MONOTONIC): that
            // variable's, read as an array's is
            let address =
                live.macro_definition(name).and_then(|d| d.address_of().map(String::from));
            if let Some(f) = address.and_then(|v| live.variable(&v)) {
                if object && self.variable(name, &f, lib_name, true) {
                    continue;
                }
            }
            match live.macro_definition(name).map(|d| (d.clone(), d.translate())) {
                // a type's other name (SDL_Colour) is no value
                Some((_, Ok(MacroExpr::Name(n)))) if type_names.binary_search(&n).is_ok() => {}
                Some((_, Ok(MacroExpr::Call(m, _))))
                    if object && function_like.binary_search(&m).is_ok() =>
                {
                    maybe_aliases.push(name)
                }
                Some((def, Ok(e))) => drop(translated.insert(name, (def.params, e, object))),
                Some((_, Err(_))) if object => maybe_aliases.push(name),
                _ => {}
            }
        }
        let names: Vec<String> = maybe_aliases.iter().map(|n| n.to_string()).collect();
        for (name, f) in maybe_aliases.into_iter().zip(live.functions_named_by(&names)) {
            if let Some(f) = f.filter(|f| self.bound.contains(f)) {
                translated.insert(name, (Vec::new(), MacroExpr::Name(f), true));
            }
        }
        loop {
            // (a type's name is an argument of a cast macro, which drops it)
            let known = |n: &String| {
                self.bound.contains(n)
                    || translated.contains_key(n)
                    || type_names.binary_search(n).is_ok()
            };
            let unbound: Vec<&String> = translated
                .iter()
                .filter(|(_, (_, e, _))| !names_in(e).into_iter().all(known))
                .map(|(m, _)| *m)
                .collect();
            if unbound.is_empty() {
                break;
            }
            for m in unbound {
                translated.remove(m);
            }
        }
        for (name, (params, e, object)) in &translated {
            let truths = TruthMacros::of(e, &mut |n| {
                translated.get(&n.to_string()).map(|(_, e, _)| e.clone())
            });
            let body = source(&datum(
                e,
                params,
                Default::default(),
                &Spelling { truths: &truths, builtin: &|_| None },
            ));
            let _ = match object {
                true => writeln!(self.macros, "(define-c-macro {name} {body})"),
                false => writeln!(
                    self.macros,
                    "(define-c-macro {name} {} ({}) {body})",
                    lisp(name),
                    params.join(" ")
                ),
            };
        }
        self.n_macros = translated.len();
        self.untranslated = function_like
            .iter()
            .chain(object_like.iter().copied())
            .filter(|n| !translated.contains_key(n) && !self.bound.contains(*n))
            .cloned()
            .collect();
    }

    /// The whole file: what it stands for and holds, what it left out, then
    /// the library and each section.
    fn text(&self, req: &Request, library: &str, lib_name: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            ";; Elle bindings for <{}>, library \"{}\": written by\n;;   {}",
            req.header, req.library, req.command
        );
        let _ = writeln!(
            out,
            ";; (include \"this file\") stands for (load-header-with-lib \"{}\" \"{}\"),",
            req.header, req.library
        );
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let _ = writeln!(
            out,
            ";; with no header to parse: {}, {}, {}, {}, {}.",
            count(self.n_functions, "function", "functions"),
            count(self.n_variables, "variable", "variables"),
            count(self.n_constants, "constant", "constants"),
            count(self.records.done.len(), "struct or union", "structs and unions"),
            count(self.n_macros, "translated macro", "translated macros")
        );
        for (what, names) in [
            ("static inline in the header, with no symbol to call (load the header to use them)", &self.inline),
            ("with a parameter or result Elle cannot pass yet", &self.unsupported),
            ("declared, but not in the library", &self.missing),
            ("a header's own (static) variables, with no symbol (load the header to read them)", &self.static_variables),
            ("macros that are neither constants nor expressions Elle translates, or that use what is not bound (load the header to apply them to constants)", &self.untranslated),
        ] {
            if !names.is_empty() {
                let _ = writeln!(out, ";; Not bound, {what}:\n{}", wrap(names));
            }
        }
        let _ = writeln!(out, "\n(define {lib_name} (load-library {}))", quote(library));
        for (title, body) in [
            ("Constants", &self.constants),
            ("Structs and unions", &self.records.out),
            ("Other names of structs and unions", &self.types),
            ("Functions", &self.functions),
            ("Variables", &self.variables),
            ("Macros, translated", &self.macros),
        ] {
            if !body.is_empty() {
                let _ = write!(out, "\n;;; {title}\n\n{body}");
            }
        }
        out
    }
}

/// The C names a translated macro body uses.
fn names_in(e: &MacroExpr) -> Vec<&String> {
    match e {
        MacroExpr::Name(n) => vec![n],
        MacroExpr::Call(f, args) => {
            std::iter::once(f).chain(args.iter().flat_map(names_in)).collect()
        }
        e => e.parts().into_iter().flat_map(names_in).collect(),
    }
}

/// Elle source text of a macro body.
fn source(d: &Datum) -> String {
    match &d.kind {
        DatumKind::Str(s) => quote(s),
        DatumKind::List(items, None) => {
            format!("({})", items.iter().map(source).collect::<Vec<_>>().join(" "))
        }
        _ => d.show(),
    }
}

/// The global a bindings file names its library by: `sdl2-library`.
fn library_name(spec: &str) -> String {
    let file = spec.rsplit('/').next().unwrap_or(spec);
    let stem = file.split(".so").next().unwrap_or(file);
    let stem = if spec.contains('/') { stem.strip_prefix("lib").unwrap_or(stem) } else { stem };
    let clean: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    format!("{clean}-library")
}

/// Names as comment lines of at most ~80 columns.
fn wrap(names: &[String]) -> String {
    let mut out = String::new();
    let mut line = String::from(";;  ");
    for n in names {
        if line.len() + n.len() > 78 && line.len() > 4 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(";;  ");
        }
        line.push(' ');
        line.push_str(n);
    }
    out.push_str(&line);
    out
}

/// A string as an Elle literal.
fn quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => q.extend(['\\', c]),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                q.push_str(&format!("\\x{:x};", c as u32))
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// A C constant as an Elle literal; `None` for a float Elle cannot write
/// back exactly (infinities, NaN).
fn constant(c: &CConst) -> Option<String> {
    match c {
        CConst::Int(i) => Some(i.to_string()),
        CConst::Float(f) if f.is_finite() => Some(format!("{f:?}")),
        CConst::Float(_) => None,
        CConst::Str(s) => Some(quote(s)),
        CConst::Pointer(0) => Some("nil".into()),
        CConst::Pointer(p) => Some(format!("(integer->pointer {})", *p as i64)),
    }
}

/// The name a record type is written by: its typedef or tag, `None` for
/// an anonymous one.
fn record_name(r: &Record) -> Option<String> {
    let mut n = r.name.as_str();
    for prefix in ["const ", "volatile ", "struct ", "union "] {
        n = n.strip_prefix(prefix).unwrap_or(n);
    }
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| n.to_string())
}

#[derive(Default)]
struct Writer {
    /// The records written, in dependency order.
    out: String,
    done: HashSet<String>,
    /// The target's, which C's layout rules follow.
    model: DataModel,
}

impl Writer {
    /// A type as Elle writes it (`:int32`, `SDL_Rect`, `(* const :int8)`),
    /// records by value written first; `None` if Elle cannot pass it.
    fn ty(&mut self, t: &CType) -> Option<String> {
        Some(match t {
            CType::Void => ":void".into(),
            CType::Bool => ":bool".into(),
            CType::Int { bytes, signed } => {
                format!(":{}int{}", if *signed { "" } else { "u" }, *bytes as u32 * 8)
            }
            CType::Float => ":float".into(),
            CType::Double => ":double".into(),
            t if t.takes_string()
                && matches!(t, CType::Pointer { pointee, .. } if matches!(**pointee, CType::Int { bytes: 1, signed: true })) =>
            {
                ":string".into()
            }
            CType::Pointer { pointee, const_pointee } => {
                let inner = match &**pointee {
                    CType::Void if !const_pointee => return Some(":pointer".into()),
                    CType::Function(_) => return Some(":pointer".into()),
                    CType::Record(r) => record_name(r).unwrap_or_else(|| ":void".into()),
                    p => self.ty(p)?,
                };
                format!("(* {}{inner})", if *const_pointee { "const " } else { "" })
            }
            CType::Record(r) if t.unsupported().is_none() => {
                let name = record_name(r)?;
                self.record(r, &name);
                name
            }
            CType::Record(_)
            | CType::Array(..)
            | CType::Text(_)
            | CType::Function(_)
            | CType::Unsupported(_) => return None,
        })
    }

    /// `(define-c-function ...)` for `f`, or `None` if a type cannot pass.
    fn function(&mut self, f: &CFunction, lisp: &str, library: &str) -> Option<String> {
        let mut params = f.params.iter().map(|p| self.ty(p)).collect::<Option<Vec<_>>>()?;
        if f.variadic {
            params.push("&rest".into());
        }
        let ret = self.ty(&f.ret)?;
        Some(format!(
            "(define-c-function {lisp} {library} {} ({}) {ret})\n",
            quote(&f.c_name),
            params.join(" ")
        ))
    }

    /// `(define-c-struct name ...)` for `r`, after the records its fields
    /// hold; once per name.
    fn record(&mut self, r: &Record, name: &str) {
        if !self.done.insert(name.to_string()) {
            return;
        }
        // each field's name, type and counts, or why it cannot be written
        let mut fields: Vec<Result<(String, &ctype::Field), String>> = Vec::new();
        for (i, f) in r.fields.iter().enumerate() {
            let (mut elem, mut counts) = (&f.ty, Vec::new());
            while let CType::Array(inner, n) = elem {
                counts.push(*n);
                elem = inner;
            }
            let fname = f.name.clone().unwrap_or_else(|| "_".into());
            let ty = match elem {
                // a struct or union type with no name of its own: named for its place
                CType::Record(inner)
                    if record_name(inner).is_none() && elem.unsupported().is_none() =>
                {
                    let synthetic =
                        format!("{name}.{}", f.name.clone().unwrap_or_else(|| i.to_string()));
                    self.record(inner, &synthetic);
                    Some(synthetic)
                }
                // char[N], text: `(name :char N)` (an array of :int8 is bytes)
                CType::Text(n) if *n > 0 && counts.iter().all(|&n| n > 0) => {
                    counts.push(*n);
                    Some(":char".into())
                }
                t => self.ty(t).filter(|_| counts.iter().all(|&n| n > 0)),
            };
            fields.push(match ty {
                Some(ty) => {
                    Ok((counts.iter().fold(format!("({fname} {ty}"), |s, n| format!("{s} {n}")), f))
                }
                None => Err(format!("; {fname}: {} (not supported)", f.ty)),
            });
        }
        // C's rules give clang's layout for most records; the others are
        // written with every place given
        let by_rules = Record::laid_out(name, r.is_union, r.fields.clone(), self.model);
        let exact = fields
            .iter()
            .all(|f| f.as_ref().is_ok_and(|(_, f)| f.name.is_some() && f.bit_width.is_none()))
            && by_rules.fields.iter().zip(&r.fields).all(|(a, b)| a.offset_bits == b.offset_bits)
            && (by_rules.size, by_rules.align) == (r.size, r.align);
        let fields: Vec<String> = fields
            .into_iter()
            .map(|f| match f {
                Ok((text, f)) => match f.bit_width {
                    Some(w) => format!("{text} :bits {w} :bit-offset {})", f.offset_bits),
                    None if !exact => format!("{text} :offset {})", f.offset_bits / 8),
                    None => format!("{text})"),
                },
                Err(comment) => comment,
            })
            .collect();
        let head = format!("(define-c-{} {name}", if r.is_union { "union" } else { "struct" });
        let layout =
            if exact { String::new() } else { format!(" :size {} :align {}", r.size, r.align) };
        // (a comment last would swallow the closing parenthesis)
        let close = if fields.last().is_some_and(|f| f.starts_with(';')) { "\n  )" } else { ")" };
        let _ = writeln!(self.out, "{head}{layout}\n  {}{close}", fields.join("\n  "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctype::Field;

    #[test]
    fn names_and_literals() {
        assert_eq!(library_name("sdl2"), "sdl2-library");
        assert_eq!(library_name("/x/build/libelletest.so"), "elletest-library");
        assert_eq!(library_name("libm.so.6"), "libm-library");
        assert_eq!(quote("a\"b\\\n\u{1}"), "\"a\\\"b\\\\\\n\\x1;\"");
        assert_eq!(constant(&CConst::Float(f64::INFINITY)), None);
        assert_eq!(record_name(&Record::named("struct tm")).as_deref(), Some("tm"));
        assert_eq!(record_name(&Record::named("union (anonymous at x.h:3:5)")), None);
    }

    #[test]
    fn a_record_c_lays_out_is_written_plainly_others_with_places() {
        let int = CType::Int { bytes: 4, signed: true };
        let field =
            |n: &str, at, ty| Field { name: Some(n.into()), offset_bits: at, bit_width: None, ty };
        let mut w = Writer::default();
        w.record(
            &Record {
                name: "P".into(),
                is_union: false,
                size: 8,
                align: 4,
                fields: vec![field("x", 0, int.clone()), field("y", 32, int.clone())],
            },
            "P",
        );
        // packed: the int at byte 1
        let packed = Record {
            name: "Q".into(),
            is_union: false,
            size: 5,
            align: 1,
            fields: vec![field("t", 0, CType::Int { bytes: 1, signed: true }), field("v", 8, int)],
        };
        w.record(&packed, "Q");
        assert_eq!(w.out, "(define-c-struct P\n  (x :int32)\n  (y :int32))\n(define-c-struct Q :size 5 :align 1\n  (t :int8 :offset 0)\n  (v :int32 :offset 1))\n");
    }
}
