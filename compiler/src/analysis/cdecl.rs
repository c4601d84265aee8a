//! C declarations written in Elle: the C type grammar every C form reads
//! (`:int`, `SDL_Rect`, `(* const :uint8)`), structs and unions
//! (`define-c-struct`), and the functions and constants a bindings file
//! (`ellec bind`) declares where a program would otherwise import a
//! header (`define-c-function`, `define-c-constant`).

use super::ir::Expr;
use super::{Analyzer, Host, R};
use crate::ctype::CConst;
use crate::ctype::{CType, Field, Record};
use crate::diag::Diag;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};
use std::rc::Rc;

const TYPES: &str = "a C type: a keyword (:int, :double, :pointer, :string, ...), a struct type's name, or (* type) / (* const type)";

fn keyword(d: &Datum) -> Option<String> {
    match &d.kind {
        DatumKind::Keyword(k) => Some(rt::symbol_name(*k)),
        _ => None,
    }
}

fn natural(d: &Datum) -> Option<u64> {
    match d.kind {
        DatumKind::Int(k) => u64::try_from(k).ok(),
        _ => None,
    }
}

/// The largest record (or field) `define-c-struct` accepts, in bytes: sizes
/// past it are mistakes, and their arithmetic must stay far from wrapping.
const MAX_RECORD_BYTES: u64 = 1 << 40;

impl Analyzer {
    /// A C type as a program writes it. A struct type's name alone is the
    /// struct by value, and must be known; under `*` it may be any name (a
    /// pointer to an opaque type).
    pub(super) fn c_type(&self, form: &str, d: &Datum, host: &mut dyn Host) -> R<CType> {
        match &d.kind {
            DatumKind::Keyword(k) => {
                let k = rt::symbol_name(*k);
                CType::from_keyword(&k, host.cimports().target.data)
                    .ok_or_else(|| Diag::new(format!("{form}: unknown C type :{k}"), d.span))
            }
            DatumKind::Symbol(s) => match host.cimports().record(&rt::symbol_name(*s)) {
                Some(r) => Ok(CType::Record(Rc::new(r.map_err(|e| Diag::new(e, d.span))?.1))),
                // a header's typedef of another type: cairo_status_t, gboolean
                None => match host.cimports().typedef(&rt::symbol_name(*s)) {
                    Some(t) => t.map_err(|e| Diag::new(e, d.span)),
                    None => Err(Diag::new(
                        format!(
                            "{form}: no C type {} (a struct, or a typedef in a loaded header)",
                            rt::symbol_name(*s)
                        ),
                        d.span,
                    )),
                },
            },
            DatumKind::List(items, None)
                if items[0].as_symbol().is_some_and(|s| rt::symbol_name(s) == "*") =>
            {
                let konst = items
                    .get(1)
                    .and_then(|c| c.as_symbol())
                    .is_some_and(|c| rt::symbol_name(c) == "const");
                let [t] = &items[1 + konst as usize..] else {
                    return Err(Diag::new(
                        format!("{form}: a pointer type is (* type) or (* const type)"),
                        d.span,
                    ));
                };
                let pointee = match t.as_symbol() {
                    Some(s) => CType::Record(Rc::new(Record::named(&rt::symbol_name(s)))),
                    None => self.c_type(form, t, host)?,
                };
                Ok(CType::Pointer { pointee: Box::new(pointee), const_pointee: konst })
            }
            _ => Err(Diag::new(format!("{form}: expected {TYPES}"), d.span)),
        }
    }

    /// Parameter types, none `:void`; with `variadic`, a last `&rest`
    /// says more arguments may follow (C's `...`).
    pub(super) fn c_params(
        &self,
        form: &str,
        d: &Datum,
        variadic: bool,
        host: &mut dyn Host,
    ) -> R<(Vec<CType>, bool)> {
        let mut items: &[Datum] = match &d.kind {
            DatumKind::Nil => &[],
            DatumKind::List(ts, None) => ts,
            _ => {
                return Err(Diag::new(
                    format!("{form}: expected the parameter types as a list, like (:int :string)"),
                    d.span,
                ))
            }
        };
        let rest =
            items.last().and_then(|t| t.as_symbol()).is_some_and(|s| rt::symbol_name(s) == "&rest");
        if rest {
            if !variadic {
                return Err(Diag::new(
                    format!("{form}: cannot declare a variadic function"),
                    items[items.len() - 1].span,
                ));
            }
            items = &items[..items.len() - 1];
        }
        let params = items
            .iter()
            .map(|t| match self.c_type(form, t, host)? {
                CType::Void => {
                    Err(Diag::new(format!("{form}: a parameter cannot be :void"), t.span))
                }
                ty => Ok(ty),
            })
            .collect::<R<Vec<_>>>()?;
        Ok((params, rest))
    }

    pub(super) fn c_result(&self, form: &str, d: &Datum, host: &mut dyn Host) -> R<CType> {
        self.c_type(form, d, host)
    }

    /// `(define-c-struct Name [:union] [:size n :align n] field...)`, each
    /// field `(name type [count...] [:bits w] [:offset bytes | :bit-offset
    /// bits])`: a struct (or union) laid out by C's rules for the target,
    /// or — given a size, an alignment and every field's place — as given
    /// (how `ellec bind` writes a packed struct, bitfields and anonymous
    /// members, named `_`). The form's value is the name.
    pub(super) fn define_struct(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        const FORM: &str = "define-c-struct";
        let model = host.cimports().target.data;
        let usage = |at| {
            Diag::new("define-c-struct: expected (define-c-struct Name [:union] [:size n :align n] (field type [count] [:bits w] [:offset n])...)", at)
        };
        let name = items.get(1).and_then(|n| n.as_symbol()).ok_or_else(|| usage(d.span))?;
        let (mut is_union, mut size, mut align) = (false, None, None);
        let mut rest = &items[2..];
        while let Some(k) = rest.first().and_then(keyword) {
            match (k.as_str(), rest.get(1).and_then(natural)) {
                ("union", _) => {
                    is_union = true;
                    rest = &rest[1..];
                    continue;
                }
                ("size", Some(n)) => size = Some(n),
                ("align", Some(n)) if n > 0 => align = Some(n),
                _ => return Err(usage(rest[0].span)),
            }
            rest = &rest[2..];
        }
        let mut fields = Vec::new();
        for f in rest {
            let parts = f.as_list().ok_or_else(|| usage(f.span))?;
            let [fname, ty, more @ ..] = parts else { return Err(usage(f.span)) };
            let fname = rt::symbol_name(fname.as_symbol().ok_or_else(|| usage(fname.span))?);
            let mut ty = match self.c_type(FORM, ty, host)? {
                CType::Void => {
                    return Err(Diag::new("define-c-struct: a field cannot be :void", ty.span))
                }
                t => t,
            };
            let counts: Vec<&Datum> = more.iter().take_while(|c| keyword(c).is_none()).collect();
            // an array of :char is text, as C's char[N] is
            let text = keyword(&parts[1]).is_some_and(|k| k == "char");
            for (i, c) in counts.iter().rev().enumerate() {
                match natural(c) {
                    Some(n) if n > 0 && text && i == 0 => ty = CType::Text(n),
                    Some(n) if n > 0 => ty = CType::Array(Box::new(ty), n),
                    _ => {
                        return Err(Diag::new(
                            "define-c-struct: an array's count is a positive integer",
                            c.span,
                        ))
                    }
                }
            }
            match ty.size(model) {
                Some(n) if n <= MAX_RECORD_BYTES => {}
                _ => return Err(Diag::new(format!("define-c-struct: field {fname} is larger than a record may be ({MAX_RECORD_BYTES} bytes)"), f.span)),
            }
            let (mut bits, mut at) = (None, None);
            for pair in more[counts.len()..].chunks(2) {
                match (keyword(&pair[0]).as_deref(), pair.get(1).and_then(natural)) {
                    (Some("bits"), Some(w)) if w > 0 => bits = Some(w as u32),
                    (Some("offset"), Some(n)) => at = Some(n * 8),
                    (Some("bit-offset"), Some(n)) => at = Some(n),
                    _ => return Err(Diag::new("define-c-struct: a field's options are :bits, :offset and :bit-offset, each with a number", pair[0].span)),
                }
            }
            if let Some(w) = bits {
                let fits = matches!(ty, CType::Int { .. } | CType::Bool)
                    && ty.size(model).is_some_and(|n| w as u64 <= n * 8);
                if !fits {
                    return Err(Diag::new(format!("define-c-struct: bitfield {fname} is {w} bits wide: a bitfield is an integer type at most as wide as the type ({ty})"), f.span));
                }
            }
            let anonymous = fname == "_";
            if anonymous && !matches!(ty, CType::Record(_)) {
                return Err(Diag::new(
                    "define-c-struct: an anonymous member (_) is a struct or union",
                    f.span,
                ));
            }
            if !anonymous
                && fields
                    .iter()
                    .any(|(f, ..): &(Field, _)| f.name.as_deref() == Some(fname.as_str()))
            {
                return Err(Diag::new(
                    format!("define-c-struct: two fields are called {fname}"),
                    f.span,
                ));
            }
            let field = Field {
                name: (!anonymous).then_some(fname),
                offset_bits: at.unwrap_or(0),
                bit_width: bits,
                ty,
            };
            fields.push((field, (at.is_some(), f.span)));
        }
        let name = rt::symbol_name(name);
        let record = match (size, align) {
            (Some(size), Some(align)) => {
                if let Some((_, (_, at))) = fields.iter().find(|(_, (placed, _))| !placed) {
                    return Err(Diag::new("define-c-struct: with :size and :align, every field gives its :offset (or :bit-offset)", *at));
                }
                if size > MAX_RECORD_BYTES {
                    return Err(Diag::new(
                        format!("define-c-struct: a record is at most {MAX_RECORD_BYTES} bytes"),
                        d.span,
                    ));
                }
                // a field outside the record would be memory of another object
                for (f, (_, at)) in &fields {
                    let width = f
                        .bit_width
                        .map(u64::from)
                        .unwrap_or_else(|| f.ty.size(model).unwrap_or(0) * 8);
                    if f.offset_bits.checked_add(width).is_none_or(|end| end > size * 8) {
                        let name = f.name.as_deref().unwrap_or("_");
                        return Err(Diag::new(format!("define-c-struct: field {name} (bits {} to {}) lies outside the record's {size} bytes", f.offset_bits, f.offset_bits.saturating_add(width)), *at));
                    }
                }
                Record {
                    name,
                    is_union,
                    size,
                    align,
                    fields: fields.into_iter().map(|(f, _)| f).collect(),
                }
            }
            (None, None) => {
                if let Some((_, (_, at))) = fields
                    .iter()
                    .find(|(f, (placed, _))| *placed || f.bit_width.is_some() || f.name.is_none())
                {
                    return Err(Diag::new("define-c-struct: a field's :offset, a bitfield or an anonymous member needs the struct's :size and :align", *at));
                }
                Record::laid_out(
                    &name,
                    is_union,
                    fields.into_iter().map(|(f, _)| f).collect(),
                    model,
                )
            }
            _ => {
                return Err(Diag::new(
                    "define-c-struct: give both :size and :align, or neither",
                    d.span,
                ))
            }
        };
        host.cimports().define_record(record).map_err(|e| Diag::new(e, d.span))?;
        Ok(Expr::Const(rt::intern(&rt::symbol_name(items[1].as_symbol().expect("checked above")))))
    }

    /// `(define-c-function lisp-name library "c_name" (param-type... [&rest]) result-type)`:
    /// C function `c_name` of `library` is known by both names from here on,
    /// as if a header had declared it (a name Elle defines keeps Elle's
    /// meaning, as with headers). The form's value is the name.
    pub(super) fn define_function(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        const FORM: &str = "define-c-function";
        let [_, name, library, c_name, params, result] = items else {
            return Err(Diag::new("define-c-function: expected (define-c-function lisp-name library \"c_name\" (param-type...) result-type)", d.span));
        };
        let name = name.as_symbol().ok_or_else(|| {
            Diag::new("define-c-function: the first argument is the function's name", name.span)
        })?;
        let library = self.library_named(FORM, library, host)?;
        let DatumKind::Str(c_name) = &c_name.kind else {
            return Err(Diag::new(
                "define-c-function: the C function's name must be a string",
                c_name.span,
            ));
        };
        let (params, variadic) = self.c_params(FORM, params, true, host)?;
        let ret = self.c_result(FORM, result, host)?;
        let mut names = vec![c_name.clone()];
        if self.c_candidate(name) {
            names.push(rt::symbol_name(name));
        }
        host.cimports()
            .bind_function(library, c_name, &names, params, ret, variadic)
            .map_err(|e| Diag::new(e, items[3].span))?;
        Ok(Expr::Const(name))
    }

    /// `(define-c-macro C_NAME lisp-name (params...) body)`: a C
    /// function-like macro made of calls, as a template — an application
    /// is `body` with each parameter replaced by its argument, as a
    /// header's macro would translate (`ellec bind` writes these). Known by
    /// both names; a name Elle defines keeps Elle's meaning.
    /// `(define-c-macro C_NAME body)`: an object-like one, a name that
    /// stands for `body` (`GTK_TYPE_WINDOW`).
    pub(super) fn define_macro(&mut self, d: &Datum, items: &[Datum]) -> R<Expr> {
        let usage = || {
            Diag::new("define-c-macro: expected (define-c-macro C_NAME lisp-name (params...) body) or (define-c-macro C_NAME body)", d.span)
        };
        let (c_name, lisp, params, body) = match items {
            [_, c_name, body] => (c_name, c_name, None, body),
            [_, c_name, lisp, params, body] => (c_name, lisp, Some(params), body),
            _ => return Err(usage()),
        };
        let (Some(c_name), Some(lisp)) = (c_name.as_symbol(), lisp.as_symbol()) else {
            return Err(usage());
        };
        let params = match params.map(|p| &p.kind) {
            None | Some(DatumKind::Nil) => Vec::new(),
            Some(DatumKind::List(ps, None)) => ps
                .iter()
                .map(|p| {
                    p.as_symbol()
                        .ok_or_else(|| Diag::new("define-c-macro: a parameter is a name", p.span))
                })
                .collect::<R<Vec<_>>>()?,
            _ => return Err(usage()),
        };
        let object_like = items.len() == 3;
        let body = self.with_builtins(body, &params);
        let template = super::cmacro::Template { params, body, object_like };
        for n in [c_name, lisp] {
            if self.c_candidate(n) {
                self.c_macros.insert(n, (rt::symbol_name(c_name), template.clone()));
            }
        }
        Ok(Expr::Const(lisp))
    }

    /// `body` with each name of an Elle built-in (not a parameter, not
    /// quoted) replaced by the built-in itself, as a header macro's
    /// translation has them: a program's local `not` cannot capture it.
    fn with_builtins(&self, body: &Datum, params: &[Val]) -> Datum {
        match &body.kind {
            DatumKind::Symbol(s) if !params.contains(s) => {
                match self.builtin_value(&rt::symbol_name(*s)) {
                    Some(v) => Datum::new(DatumKind::Value(v), body.span),
                    None => body.clone(),
                }
            }
            DatumKind::List(items, None) if !items[0].is_symbol(rt::intern("quote")) => Datum::new(
                DatumKind::List(
                    items.iter().map(|i| self.with_builtins(i, params)).collect(),
                    None,
                ),
                body.span,
            ),
            _ => body.clone(),
        }
    }

    /// `(define-c-variable NAME library "c_name" type [:array | :address])`:
    /// C variable `c_name` of `library`, read where the program names it,
    /// as a header's is (`:array`: its value is its address, a pointer to
    /// its elements of `type`'s pointee; `:address`: NAME is `&c_name`, a
    /// pointer to the `type` variable, and only NAME is defined). Checked
    /// now: the symbol exists.
    pub(super) fn define_variable(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        const FORM: &str = "define-c-variable";
        let usage = || {
            Diag::new("define-c-variable: expected (define-c-variable NAME library \"c_name\" type [:array | :address])", d.span)
        };
        #[derive(PartialEq)]
        enum Read {
            Value,
            Array,
            Address,
        }
        let (name, library, c_name, ty_form, read) = match items {
            [_, n, l, c, t] => (n, l, c, t, Read::Value),
            [_, n, l, c, t, a] => match keyword(a).as_deref() {
                Some("array") => (n, l, c, t, Read::Array),
                Some("address") => (n, l, c, t, Read::Address),
                _ => return Err(usage()),
            },
            _ => return Err(usage()),
        };
        let name = name.as_symbol().ok_or_else(usage)?;
        let library = self.library_named(FORM, library, host)?;
        let DatumKind::Str(c_name) = &c_name.kind else {
            return Err(Diag::new(
                "define-c-variable: the C variable's name must be a string",
                c_name.span,
            ));
        };
        let ty = match self.c_type(FORM, ty_form, host)? {
            CType::Void => {
                return Err(Diag::new(
                    "define-c-variable: a variable cannot be :void",
                    ty_form.span,
                ))
            }
            t if read == Read::Array && !matches!(t, CType::Pointer { .. }) => {
                return Err(Diag::new(
                    "define-c-variable: an :array variable's type is a pointer to its elements",
                    ty_form.span,
                ))
            }
            t if read == Read::Address => {
                CType::Pointer { pointee: Box::new(t), const_pointee: false }
            }
            t => t,
        };
        // the C name means the variable itself, not its address
        let mut names = vec![];
        if read != Read::Address {
            names.push(c_name.clone());
        }
        if read == Read::Address || self.c_candidate(name) {
            names.push(rt::symbol_name(name));
        }
        host.cimports()
            .bind_variable(library, c_name, &names, ty, read != Read::Value)
            .map_err(|e| Diag::new(e, items[3].span))?;
        Ok(Expr::Const(name))
    }

    /// `(define-c-constant NAME value)`: a C constant (an enumerator or a
    /// `#define`), a number or a string, as a header would give it — so
    /// `match` compares it rather than binding the name.
    /// `(define-c-type Name Struct)`: another name for a struct or union
    /// type, as a C typedef is; both names are one type.
    pub(super) fn define_type(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        let usage = || Diag::new("define-c-type: expected (define-c-type Name StructType)", d.span);
        let [_, name, target] = items else { return Err(usage()) };
        let (name, target_name) =
            (name.as_symbol().ok_or_else(usage)?, target.as_symbol().ok_or_else(usage)?);
        let r = match host.cimports().record(&rt::symbol_name(target_name)) {
            Some(r) => r.map_err(|e| Diag::new(e, target.span))?.1,
            None => {
                return Err(Diag::new(
                    format!(
                        "define-c-type: no struct or union type {}",
                        rt::symbol_name(target_name)
                    ),
                    target.span,
                ))
            }
        };
        host.cimports().define_type(&rt::symbol_name(name), r).map_err(|e| Diag::new(e, d.span))?;
        Ok(Expr::Const(name))
    }

    pub(super) fn define_constant(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        let usage = || {
            Diag::new("define-c-constant: expected (define-c-constant NAME value): a number, a string, nil or (integer->pointer N)", d.span)
        };
        let [_, name, value] = items else { return Err(usage()) };
        let name = name.as_symbol().ok_or_else(usage)?;
        let c = match &value.kind {
            DatumKind::Int(i) => CConst::Int(*i),
            DatumKind::Float(f) => CConst::Float(*f),
            DatumKind::Str(s) => CConst::Str(s.clone()),
            _ => match pointer_literal(value) {
                Some(address) => CConst::Pointer(address),
                None => return Err(Diag::new("define-c-constant: the value is a number, a string, nil or (integer->pointer N)", value.span)),
            },
        };
        if self.c_candidate(name) {
            host.cimports().bind_constant(&rt::symbol_name(name), c);
        }
        Ok(Expr::Const(name))
    }
}

/// The address a pointer constant is written with: `nil`, or
/// `(integer->pointer N)` (as `ellec bind` writes `SQLITE_TRANSIENT`).
fn pointer_literal(d: &Datum) -> Option<u64> {
    match &d.kind {
        DatumKind::Nil => Some(0),
        DatumKind::Symbol(s) if *s == rt::intern("nil") => Some(0),
        DatumKind::List(items, None) => match &items[..] {
            [f, n] if f.is_symbol(rt::intern("integer->pointer")) => match n.kind {
                DatumKind::Int(n) => Some(n as u64),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}
