//! The on-disk import cache. A header's index (the names of its functions,
//! its enumerators' values, the names of its macros, what was left out)
//! is saved after a cold import, and what programs resolve later — a
//! function's types, a macro's value — is added as it is resolved. An
//! entry is keyed by the header, the flags, the clang version and the
//! target, and used only while every file the header included is
//! unchanged (size and modification time). A warm import reads one file
//! and loads no libclang at all.
//!
//! Format: text, one record a line, fields separated by tabs:
//! `file PATH SIZE MTIME`, `fn CNAME`, `lisp LISPNAME CNAME`, `type CNAME FLAGS PROTOTYPE RET
//! PARAM...` (flags: 1 variadic, 2 static, 4 a static variable's reader, 8 a
//! variable, 16 an array variable), `const NAME i|f|s VALUE` (also
//! `NAME(ARGS)` of function-like macros evaluated so far), `macro NAME`,
//! `fmacro NAME`, `mdef NAME PARAMS TOKEN...` (a macro's definition, once
//! needed), `var NAME` (a C variable), `outside FILE NAME...`, `typename NAME` (a struct or
//! union type), `record NAME TYPE` (its layout, once resolved). Types are encoded
//! by `encode`.

use super::macros::MacroDef;
use crate::ctype::{CConst, CFunction, CSignature, CType, Field, Reach, Record, Shim};
use crate::target::Target;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::rc::Rc;

const MAGIC: &str = "elle-import-cache 20";
/// What the cached types depend on besides the header, the flags and the
/// target.
const CLANG: &str = "libclang-19";

#[derive(Default)]
pub struct Snapshot {
    /// The C names of the package's functions.
    pub functions: HashSet<String>,
    /// Their Lisp names, to their C names (`names::lisp_names`).
    pub lisp: HashMap<String, String>,
    /// The types of those resolved so far.
    pub resolved: HashMap<String, CFunction>,
    /// The package's struct and union types' names, and the layouts of
    /// those resolved so far.
    pub types: HashSet<String>,
    pub records: HashMap<String, Record>,
    /// The package's other typedefs (`cairo_status_t`,
    /// `cairo_write_func_t`), and the types of those resolved so far.
    pub typedef_names: HashSet<String>,
    pub typedefs: HashMap<String, CType>,
    pub consts: HashMap<String, CConst>,
    pub macros: HashSet<String>,
    pub function_macros: HashSet<String>,
    /// The package's C variables (read through a shim; their types, once
    /// resolved, are in `resolved` with the functions').
    pub variables: HashSet<String>,
    /// The definitions of those a program has applied to non-constants.
    pub macro_defs: HashMap<String, MacroDef>,
    /// Object-like macros that are another name of a function, found so
    /// far (`pcre2_compile`: `pcre2_compile_8`; "": not one).
    pub aliases: HashMap<String, String>,
    /// Object-like macros clang found are not constants, with its reason.
    pub non_constants: HashMap<String, String>,
    pub files: Vec<(String, u64, i64)>,
    /// The names of the declarations left out, per file outside the
    /// package, tab-separated (read only to explain).
    pub outside: Vec<(String, String)>,
}

/// What an entry depends on: the header, how it is parsed, and what is imported.
pub struct Key<'a> {
    /// What the header is parsed for (its types' sizes, its folders).
    pub target: &'static Target,
    pub header: &'a str,
    pub cflags: &'a [String],
    pub everything: bool,
}

fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("elle").join("imports"))
}

fn entry(key: &Key) -> Option<PathBuf> {
    let mut parts =
        vec![key.header, CLANG, key.target.triple, if key.everything { "all" } else { "package" }];
    parts.extend(key.cflags.iter().map(String::as_str));
    Some(dir()?.join(format!("{:016x}.txt", fnv(&parts))))
}

/// Size and modification time of a file, as the cache compares them.
pub fn stamp(path: &str) -> Option<(u64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.mtime() * 1_000_000_000 + m.mtime_nsec()))
}

/// A type as one line's text. A record met again in the same type (shared:
/// nested by value in many places) is written `R<n>`, the n-th record
/// written before it, so the text is as long as the type, not its unfolding.
pub fn encode(t: &CType) -> String {
    encode_in(t, &mut HashMap::default())
}

fn encode_in(t: &CType, written: &mut HashMap<*const Record, usize>) -> String {
    match t {
        CType::Void => "v".into(),
        CType::Bool => "b".into(),
        CType::Int { bytes, signed } => format!("{}{bytes}", if *signed { 'i' } else { 'u' }),
        CType::Float => "f".into(),
        CType::Double => "d".into(),
        CType::Pointer { pointee, const_pointee } => {
            format!("{}({})", if *const_pointee { "pc" } else { "p" }, encode_in(pointee, written))
        }
        CType::Unsupported(what) => format!("x{}", quote(what)),
        CType::Array(t, n) => format!("a{n}{{{}}}", encode_in(t, written)),
        CType::Text(n) => format!("t{n}"),
        // F{result}{parameter}...
        CType::Function(sig) => std::iter::once(&sig.ret)
            .chain(&sig.params)
            .fold("F".to_string(), |s, t| format!("{s}{{{}}}", encode_in(t, written))),
        CType::Record(r) => {
            if let Some(n) = written.get(&Rc::as_ptr(r)) {
                return format!("R{n}");
            }
            let n = written.len();
            written.insert(Rc::as_ptr(r), n);
            let fields: Vec<String> = r
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}",
                        quote(f.name.as_deref().unwrap_or("")),
                        f.offset_bits,
                        f.bit_width.map_or(-1, |b| b as i64),
                        encode_in(&f.ty, written)
                    )
                })
                .collect();
            format!(
                "r{{{};{};{};{};{}}}",
                quote(&r.name),
                if r.is_union { 'u' } else { 's' },
                r.size,
                r.align,
                fields.join(";")
            )
        }
    }
}

/// Names may hold any character (`struct (unnamed at f.h:3:5)`): the
/// format's own are escaped as `%XX`.
fn quote(s: &str) -> String {
    s.chars()
        .map(|c| if ";:{}%\t()".contains(c) { format!("%{:02X}", c as u32) } else { c.to_string() })
        .collect()
}

fn unquote(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            let hex: String = chars.by_ref().take(2).collect();
            out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The text between the brace at the start of `s` and its partner, and the rest.
fn braced(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&s[1..i], &s[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Split on `sep` outside braces and parentheses.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// A type from its text (`encode`).
fn decode(s: &str) -> Option<CType> {
    decode_in(s, &mut Vec::new())
}

/// `records`: those begun so far, in the order `encode` numbered them.
fn decode_in(s: &str, records: &mut Vec<Option<Rc<Record>>>) -> Option<CType> {
    if s.is_empty() {
        return None;
    }
    let (head, rest) = s.split_at(1);
    Some(match head {
        "v" => CType::Void,
        "b" => CType::Bool,
        "i" | "u" => CType::Int { bytes: rest.parse().ok()?, signed: head == "i" },
        "f" => CType::Float,
        "d" => CType::Double,
        "t" => CType::Text(rest.parse().ok()?),
        "F" => {
            let mut types = Vec::new();
            let mut rest = rest;
            while !rest.is_empty() {
                let (inner, tail) = braced(rest)?;
                types.push(decode_in(inner, records)?);
                rest = tail;
            }
            let mut types = types.into_iter();
            let ret = types.next()?;
            CType::Function(Rc::new(CSignature { params: types.collect(), ret }))
        }
        "x" => CType::Unsupported(unquote(rest)?),
        "a" => {
            let open = rest.find('{')?;
            let (inner, tail) = braced(&rest[open..])?;
            if !tail.is_empty() {
                return None;
            }
            CType::Array(Box::new(decode_in(inner, records)?), rest[..open].parse().ok()?)
        }
        "r" => {
            let (inner, tail) = braced(rest)?;
            if !tail.is_empty() {
                return None;
            }
            let n = records.len();
            records.push(None);
            let parts = split_top(inner, ';');
            let [name, kind, size, align, fields @ ..] = parts.as_slice() else { return None };
            let fields = fields
                .iter()
                .filter(|f| !f.is_empty())
                .map(|f| {
                    let p = split_top(f, ':');
                    let [name, offset, width, ty] = p.as_slice() else { return None };
                    let name = unquote(name)?;
                    let width: i64 = width.parse().ok()?;
                    Some(Field {
                        name: (!name.is_empty()).then_some(name),
                        offset_bits: offset.parse().ok()?,
                        bit_width: (width >= 0).then_some(width as u32),
                        ty: decode_in(ty, records)?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            let r = Rc::new(Record {
                name: unquote(name)?,
                is_union: *kind == "u",
                size: size.parse().ok()?,
                align: align.parse().ok()?,
                fields,
            });
            records[n] = Some(r.clone());
            CType::Record(r)
        }
        "R" => CType::Record(records.get(rest.parse::<usize>().ok()?)?.clone()?),
        "p" => {
            let (const_pointee, inner) = match rest.strip_prefix('c') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let inner = inner.strip_prefix('(')?.strip_suffix(')')?;
            CType::Pointer { pointee: Box::new(decode_in(inner, records)?), const_pointee }
        }
        _ => return None,
    })
}

impl Snapshot {
    /// The cached snapshot of `header`, if there is one and it is current.
    pub fn load(key: &Key) -> Option<Snapshot> {
        let text = std::fs::read_to_string(entry(key)?).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut s = Snapshot::default();
        for line in lines {
            // the frequent records first, without splitting the line
            if let Some(name) = line.strip_prefix("fn\t") {
                s.functions.insert(name.to_string());
                continue;
            }
            if let Some(rest) = line.strip_prefix("lisp\t") {
                let (lisp, name) = rest.split_once('\t')?;
                s.lisp.insert(lisp.to_string(), name.to_string());
                continue;
            }
            if let Some(name) = line.strip_prefix("macro\t") {
                s.macros.insert(name.to_string());
                continue;
            }
            if let Some(rest) = line.strip_prefix("outside\t") {
                let (file, names) = rest.split_once('\t').unwrap_or((rest, ""));
                s.outside.push((file.to_string(), names.to_string()));
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["file", path, size, mtime] => {
                    let (size, mtime) = (size.parse().ok()?, mtime.parse().ok()?);
                    if stamp(path)? != (size, mtime) {
                        return None;
                    }
                    s.files.push((path.to_string(), size, mtime));
                }
                ["typename", name] => drop(s.types.insert(name.to_string())),
                ["tdefname", name] => drop(s.typedef_names.insert(name.to_string())),
                ["tdef", name, enc] => drop(s.typedefs.insert(name.to_string(), decode(enc)?)),
                ["record", name, enc] => match decode(enc)? {
                    CType::Record(r) => drop(s.records.insert(name.to_string(), (*r).clone())),
                    _ => return None,
                },
                ["type", name, flags, prototype, ret, params @ ..] => {
                    let params = params.iter().map(|p| decode(p)).collect::<Option<Vec<_>>>()?;
                    let flags: u8 = flags.parse().ok()?;
                    let reach = match (flags & 2 != 0, flags & 8 != 0) {
                        (true, _) => Reach::Shim(Shim {
                            header: String::new(),
                            cflags: Vec::new(),
                            variable: flags & 4 != 0,
                        }),
                        (false, true) => Reach::Variable { array: flags & 16 != 0 },
                        (false, false) => Reach::Symbol,
                    };
                    let f = CFunction {
                        c_name: name.to_string(),
                        ret: decode(ret)?,
                        params,
                        variadic: flags & 1 != 0,
                        prototype: prototype.to_string(),
                        library: 0,
                        reach,
                        ret_layout: None,
                    };
                    s.resolved.insert(name.to_string(), f);
                }
                ["const", name, "i", v] => {
                    drop(s.consts.insert(name.to_string(), CConst::Int(v.parse().ok()?)))
                }
                ["const", name, "f", v] => drop(
                    s.consts
                        .insert(name.to_string(), CConst::Float(f64::from_bits(v.parse().ok()?))),
                ),
                ["const", name, "s", v] => {
                    drop(s.consts.insert(name.to_string(), CConst::Str(unescape(v))))
                }
                ["const", name, "p", v] => {
                    drop(s.consts.insert(name.to_string(), CConst::Pointer(v.parse().ok()?)))
                }
                ["fmacro", name] => drop(s.function_macros.insert(name.to_string())),
                ["var", name] => drop(s.variables.insert(name.to_string())),
                ["mdef", name, params, tokens @ ..] => drop(
                    s.macro_defs
                        .insert(name.to_string(), MacroDef::decode(params, tokens, unescape)?),
                ),
                ["alias", name, function] => {
                    drop(s.aliases.insert(name.to_string(), function.to_string()))
                }
                ["nonconst", name, reason] => {
                    drop(s.non_constants.insert(name.to_string(), unescape(reason)))
                }
                _ => return None,
            }
        }
        Some(s)
    }

    /// Save the snapshot; a cache that cannot be written is only slower.
    pub fn save(&self, key: &Key) {
        let Some(path) = entry(key) else { return };
        let mut out = String::from(MAGIC);
        out.push('\n');
        for (p, size, mtime) in &self.files {
            out.push_str(&format!("file\t{p}\t{size}\t{mtime}\n"));
        }
        for f in &self.functions {
            out.push_str(&format!("fn\t{f}\n"));
        }
        for (lisp, f) in &self.lisp {
            out.push_str(&format!("lisp\t{lisp}\t{f}\n"));
        }
        for t in &self.types {
            out.push_str(&format!("typename\t{t}\n"));
        }
        for t in &self.typedef_names {
            out.push_str(&format!("tdefname\t{t}\n"));
        }
        for (name, t) in &self.typedefs {
            out.push_str(&format!("tdef\t{name}\t{}\n", encode(t)));
        }
        for (name, r) in &self.records {
            out.push_str(&format!(
                "record\t{name}\t{}\n",
                encode(&CType::Record(Rc::new(r.clone())))
            ));
        }
        for (file, names) in &self.outside {
            out.push_str(&format!("outside\t{file}\t{names}\n"));
        }
        for f in self.resolved.values() {
            let params: Vec<String> = f.params.iter().map(encode).collect();
            let (variable, array) = match f.reach {
                Reach::Variable { array } => (true, array),
                _ => (false, false),
            };
            let flags = f.variadic as u8
                | (f.shim().is_some() as u8) << 1
                | (f.shim().is_some_and(|s| s.variable) as u8) << 2
                | (variable as u8) << 3
                | (array as u8) << 4;
            out.push_str(&format!(
                "type\t{}\t{flags}\t{}\t{}",
                f.c_name,
                f.prototype,
                encode(&f.ret)
            ));
            for p in params {
                out.push('\t');
                out.push_str(&p);
            }
            out.push('\n');
        }
        for (name, c) in &self.consts {
            match c {
                CConst::Int(i) => out.push_str(&format!("const\t{name}\ti\t{i}\n")),
                CConst::Float(f) => out.push_str(&format!("const\t{name}\tf\t{}\n", f.to_bits())),
                CConst::Str(s) => out.push_str(&format!("const\t{name}\ts\t{}\n", escape(s))),
                CConst::Pointer(p) => out.push_str(&format!("const\t{name}\tp\t{p}\n")),
            }
        }
        for m in &self.macros {
            out.push_str(&format!("macro\t{m}\n"));
        }
        for m in &self.function_macros {
            out.push_str(&format!("fmacro\t{m}\n"));
        }
        for v in &self.variables {
            out.push_str(&format!("var\t{v}\n"));
        }
        for (name, d) in &self.macro_defs {
            out.push_str(&format!("mdef\t{name}\t{}\n", d.encode(escape)));
        }
        for (name, f) in &self.aliases {
            out.push_str(&format!("alias\t{name}\t{f}\n"));
        }
        for (name, reason) in &self.non_constants {
            out.push_str(&format!("nonconst\t{name}\t{}\n", escape(reason)));
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let written = std::fs::create_dir_all(path.parent().expect("a folder"))
            .and_then(|_| std::fs::write(&tmp, out))
            .and_then(|_| std::fs::rename(&tmp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
