//! C in the analysis: the forms that load libraries and headers, names
//! resolved in the imported headers (only names the program does not
//! define itself: an Elle definition always wins), and the checks made
//! before anything runs — the argument count of a C call, and literal
//! arguments of the wrong type.

use super::ir::Expr;
use super::{Analyzer, Host, R};
use crate::cimport::clang::CConst;
use crate::cimport::ctype::CType;
use crate::cimport::Resolved;
use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};

impl Analyzer {
    /// `(load-library "lib" [:header "h.h"])` or `(load-header-with-lib "h.h" "lib")`:
    /// done now, at analysis; the form's value is the library's name.
    pub(super) fn load_form(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Option<Expr>> {
        let Some(head) = items[0].as_symbol() else { return Ok(None) };
        let name = rt::symbol_name(head);
        let string = |i: usize, what: &str| -> R<String> {
            match items.get(i).map(|x| &x.kind) {
                Some(DatumKind::Str(s)) => Ok(s.clone()),
                _ => Err(Diag::new(format!("{name}: expected {what} as a string"), items.get(i).map_or(d.span, |x| x.span))),
            }
        };
        let (header, lib) = match name.as_str() {
            "load-header-with-lib" => {
                if items.len() != 3 {
                    return Err(Diag::new("load-header-with-lib: expected (load-header-with-lib \"header.h\" \"library\")", d.span));
                }
                (Some(string(1, "the header")?), string(2, "the library")?)
            }
            "load-library" => {
                let lib = string(1, "the library")?;
                let header = match &items[2..] {
                    [] => None,
                    [k, _] if matches!(&k.kind, DatumKind::Keyword(kw) if rt::symbol_name(*kw) == "header") => Some(string(3, "the header")?),
                    _ => return Err(Diag::new("load-library: expected (load-library \"library\" [:header \"header.h\"])", d.span)),
                };
                (header, lib)
            }
            _ => return Ok(None),
        };
        host.c_load(d.span, header.as_deref(), &lib).map_err(|e| Diag::new(e, d.span))?;
        Ok(Some(Expr::Const(protect(rt::make_string(&lib)))))
    }

    /// Is `name` free for a C declaration: not a special form, a macro, or a
    /// global the program (or Elle) defines?
    fn c_candidate(&self, name: Val) -> bool {
        self.scopes.lookup(name).is_none() && !self.macros.contains_key(&name) && self.globals.get(name).is_none_or(|g| self.globals.info[g as usize].definitions == 0)
    }

    /// A name used as a value: a C constant, if a header has one.
    pub(super) fn c_reference(&mut self, name: Val, span: Span, host: &mut dyn Host) -> R<Option<Expr>> {
        if !self.c_candidate(name) {
            return Ok(None);
        }
        match host.c_resolve(&rt::symbol_name(name)) {
            None => Ok(None),
            Some(Err(e)) => Err(Diag::new(e, span)),
            Some(Ok(Resolved::Constant(c))) => Ok(Some(Expr::Const(constant(&c)))),
            Some(Ok(Resolved::FunctionMacro)) => {
                Err(Diag::new(format!("{} is a C function-like macro: apply it to constant arguments", rt::symbol_name(name)), span))
            }
            Some(Ok(Resolved::Function(id))) => Err(Diag::new(
                format!("{} is the C function {}: call it directly (C functions as values are not supported yet)", rt::symbol_name(name), host.c_function(id).prototype),
                span,
            )),
        }
    }

    /// `(f args...)` where `f` is a C function: a checked direct call.
    pub(super) fn c_call(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Option<Expr>> {
        let Some(name) = items[0].as_symbol() else { return Ok(None) };
        if !self.c_candidate(name) {
            return Ok(None);
        }
        let id = match host.c_resolve(&rt::symbol_name(name)) {
            None | Some(Ok(Resolved::Constant(_))) => return Ok(None),
            Some(Err(e)) => return Err(Diag::new(e, items[0].span)),
            Some(Ok(Resolved::FunctionMacro)) => return self.macro_application(d, items, host).map(Some),
            Some(Ok(Resolved::Function(id))) => id,
        };
        let f = host.c_function(id);
        let argc = items.len() - 1;
        let ok = if f.variadic { argc >= f.params.len() } else { argc == f.params.len() };
        if !ok {
            let want = if f.variadic { format!("at least {}", f.params.len()) } else { f.params.len().to_string() };
            return Err(Diag::new(format!("{} takes {want} argument{}, but is given {argc}", f.c_name, if want == "1" { "" } else { "s" }), d.span)
                .note(format!("C prototype: {}", f.prototype)));
        }
        for t in std::iter::once(&f.ret).chain(&f.params) {
            if let Some(what) = t.unsupported() {
                return Err(Diag::new(format!("{}: passing {what} is not supported yet", f.c_name), d.span).note(format!("C prototype: {}", f.prototype)));
            }
        }
        for (i, (a, t)) in items[1..].iter().zip(&f.params).enumerate() {
            if let Some(problem) = literal_mismatch(a, t) {
                return Err(Diag::new(format!("{}: argument {} {problem}", f.c_name, i + 1), a.span).note(format!("C prototype: {}", f.prototype)));
            }
        }
        let args = items[1..].iter().map(|a| self.expr(a, false, host)).collect::<R<Vec<_>>>()?;
        Ok(Some(Expr::CCall { func: id, args, span: d.span }))
    }
}

impl Analyzer {
    /// `(MACRO args...)` with constant arguments: clang evaluates it now.
    fn macro_application(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let name = rt::symbol_name(items[0].as_symbol().expect("a symbol head"));
        let args = items[1..]
            .iter()
            .map(|a| {
                c_literal(a).ok_or_else(|| Diag::new(format!("{name} is a C macro: its arguments must be constants (numbers, strings, characters)"), a.span))
            })
            .collect::<R<Vec<_>>>()?;
        let c = host.c_expand(&name, &args).map_err(|e| Diag::new(e, d.span))?;
        Ok(Expr::Const(constant(&c)))
    }
}

/// A literal as C source, for evaluating a macro application.
fn c_literal(a: &Datum) -> Option<String> {
    Some(match &a.kind {
        DatumKind::Int(i) if i32::try_from(*i).is_ok() => i.to_string(),
        DatumKind::Int(i) => format!("{i}LL"),
        DatumKind::Float(f) if f.is_finite() => format!("{f:?}"),
        DatumKind::Char(c) => (*c as u32).to_string(),
        DatumKind::Bool(b) => (*b as u8).to_string(),
        DatumKind::Str(s) => format!("\"{}\"", s.chars().map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("\\x{:02x}", c as u32),
            c => c.to_string(),
        }).collect::<String>()),
        _ => return None,
    })
}

/// Why a literal cannot be passed as `t`, if it cannot.
fn literal_mismatch(a: &Datum, t: &CType) -> Option<String> {
    let kind = match &a.kind {
        DatumKind::Str(_) => "a string",
        DatumKind::Char(_) => "a character",
        DatumKind::Keyword(_) => "a keyword",
        DatumKind::Float(_) => "a float",
        DatumKind::Int(_) => "an integer",
        DatumKind::Bool(_) => "a boolean",
        _ => return None,
    };
    let fits = match t {
        CType::Int { bytes, signed } => match &a.kind {
            DatumKind::Int(i) => {
                let i = *i as i128;
                let bits = *bytes as u32 * 8;
                let (lo, hi) = if *signed { (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1) } else { (0, (1i128 << bits) - 1) };
                if i < lo || i > hi {
                    return Some(format!("is {i}, out of range for {t} [{lo}, {hi}]"));
                }
                true
            }
            _ => false,
        },
        CType::Float | CType::Double => matches!(kind, "a float" | "an integer"),
        CType::Bool => true,
        CType::Pointer { .. } if kind == "a boolean" => false,
        CType::Pointer { .. } => kind == "a string" && t.is_const_char_ptr(),
        CType::Void | CType::Unsupported(_) | CType::Record(_) | CType::Array(..) => false,
    };
    (!fits).then(|| format!("is {kind}, but the C parameter is {t}"))
}

fn protect(v: Val) -> Val {
    // SAFETY: constants in the IR live as long as the session.
    unsafe { rt::elle_gc_protect(v) };
    v
}

/// A C constant as an Elle value.
pub fn constant(c: &CConst) -> Val {
    // SAFETY: plain constructors.
    protect(match c {
        CConst::Int(i) => unsafe { rt::elle_make_int(*i) },
        CConst::Float(f) => unsafe { rt::elle_make_float(*f) },
        CConst::Str(s) => rt::make_string(s),
    })
}
