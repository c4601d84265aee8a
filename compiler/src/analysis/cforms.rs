//! C in the analysis: the forms that load libraries and headers, names
//! resolved in the imported headers (only names the program does not
//! define itself: an Elle definition always wins), and the checks made
//! before anything runs — the argument count of a C call, and literal
//! arguments of the wrong type.

use super::cmacro::Template;
use super::ir::{Expr, VarLoc, VarRef};
use super::{Analyzer, Host, ResultReading, R};
use crate::cimport::macro_datum::{Spelling, TruthMacros};
use crate::cimport::macros::{MacroExpr, Untranslatable};
use crate::cimport::{ImportOptions, Resolved};
use crate::ctype::CConst;
use crate::ctype::{CFunction, CSignature, CType};
use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};

/// The options of an import form, for its usage message.
const OPTIONS: &str = "[:all-declarations #t] [:define \"NAME=VALUE\" or (\"NAME=VALUE\"...)] [:include-dir \"folder\" or (\"folder\"...)]";

impl Analyzer {
    /// The forms that name C code: loading a library (and its header),
    /// and calling a function by name and signature.
    pub(super) fn ffi_form(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Option<Expr>> {
        if let Some((_, e)) = self.library_form(d, host)? {
            return Ok(Some(e));
        }
        let head = items[0].as_symbol().map(rt::symbol_name);
        match head.as_deref() {
            Some(form @ ("ffi-call" | "get-library-function"))
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.by_signature(form, d, items, host).map(Some)
            }
            Some("ffi-call-pointer")
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.pointer_call(d, items, host).map(Some)
            }
            Some("make-c-callback")
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.callback(d, items, host).map(Some)
            }
            Some(form @ ("define-c-owned-result" | "define-c-pointer-result"))
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.result_reading(form, d, items, host).map(Some)
            }
            Some("define-c-struct")
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.define_struct(d, items, host).map(Some)
            }
            Some("define-c-function")
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.define_function(d, items, host).map(Some)
            }
            Some("define-c-constant")
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.define_constant(d, items, host).map(Some)
            }
            Some("define-c-type") if self.c_candidate(items[0].as_symbol().expect("a symbol")) => {
                self.define_type(d, items, host).map(Some)
            }
            Some("define-c-variable")
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                self.define_variable(d, items, host).map(Some)
            }
            Some("define-c-macro") if self.c_candidate(items[0].as_symbol().expect("a symbol")) => {
                self.define_macro(d, items).map(Some)
            }
            Some("make-struct") if self.c_candidate(items[0].as_symbol().expect("a symbol")) => {
                self.make_struct(d, items, host).map(Some)
            }
            // (ptr->struct p Type): a copy of the struct p points to;
            // (ptr-cast p Type): p as a pointer to Type, as C's (Type *)p
            Some(form @ ("ptr->struct" | "ptr-cast"))
                if self.c_candidate(items[0].as_symbol().expect("a symbol")) =>
            {
                let [_, p, t] = items else {
                    return Err(Diag::new(
                        format!("{form}: expected ({form} pointer Type)"),
                        d.span,
                    ));
                };
                let tname = t.as_symbol().ok_or_else(|| {
                    Diag::new(format!("{form}: the type is a struct type's name"), t.span)
                })?;
                let id = match host.cimports().record(&rt::symbol_name(tname)) {
                    Some(r) => r.map_err(|e| Diag::new(e, t.span))?.0,
                    None => {
                        return Err(Diag::new(
                            format!("{form}: no struct type {}", rt::symbol_name(tname)),
                            t.span,
                        ))
                    }
                };
                let callee = self.reference(rt::intern(&format!("%{form}")), d.span)?;
                let p = self.expr(p, false, host)?;
                Ok(Some(Expr::Call {
                    callee: Box::new(callee),
                    args: vec![Expr::Const(rt::fixnum(id as i64)), p],
                    tail: false,
                    span: d.span,
                }))
            }
            // (offsetof stat st_mode): a field's byte offset, now
            Some("offsetof") if self.c_candidate(items[0].as_symbol().expect("a symbol")) => {
                self.offset_of(d, items, host).map(Some)
            }
            // (%c-sizeof "unsigned long"): a translated C macro's sizeof(type)
            Some("%c-sizeof") => match items {
                [_, Datum { kind: DatumKind::Str(t), .. }] => host
                    .cimports()
                    .size_of(t)
                    .map(|n| Some(Expr::Const(rt::fixnum(n as i64))))
                    .map_err(|e| Diag::new(e, d.span)),
                _ => Err(Diag::new("%c-sizeof: expected (%c-sizeof \"C type\")", d.span)),
            },
            // (sizeof SDL_Rect), (struct-size Point): a type's size, now
            Some("sizeof" | "struct-size") if items.len() == 2 => match items[1].as_symbol() {
                Some(t) if self.c_candidate(t) => match host.cimports().record(&rt::symbol_name(t))
                {
                    Some(r) => Ok(Some(Expr::Const(rt::fixnum(
                        r.map_err(|e| Diag::new(e, items[1].span))?.1.size as i64,
                    )))),
                    None => Ok(None),
                },
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// `(load-library "lib" [:header "h.h"])` or `(load-header-with-lib "h.h" "lib")`:
    /// done now, at analysis; the form's value is the library's name. Gives
    /// the library's index too.
    pub(super) fn library_form(
        &mut self,
        d: &Datum,
        host: &mut dyn Host,
    ) -> R<Option<(u32, Expr)>> {
        let Some(items) = d.as_list() else { return Ok(None) };
        let Some(head) = items[0].as_symbol() else { return Ok(None) };
        if self.scopes.lookup(head).is_some() {
            return Ok(None);
        }
        let name = rt::symbol_name(head);
        let string = |i: usize, what: &str| -> R<String> {
            match items.get(i).map(|x| &x.kind) {
                Some(DatumKind::Str(s)) => Ok(s.clone()),
                _ => Err(Diag::new(
                    format!("{name}: expected {what} as a string"),
                    items.get(i).map_or(d.span, |x| x.span),
                )),
            }
        };
        let usage = || {
            match name.as_str() {
            "load-library" => Diag::new(format!("load-library: expected (load-library \"library\" [:header \"header.h\"] {OPTIONS})"), d.span),
            _ => Diag::new(format!("load-header-with-lib: expected (load-header-with-lib \"header.h\" \"library\" {OPTIONS})"), d.span),
        }
        };
        let (mut header, lib, options) = match name.as_str() {
            "load-header-with-lib" if items.len() >= 3 => {
                (Some(string(1, "the header")?), string(2, "the library")?, &items[3..])
            }
            "load-library" if items.len() >= 2 => (None, string(1, "the library")?, &items[2..]),
            "load-header-with-lib" | "load-library" => return Err(usage()),
            _ => return Ok(None),
        };
        let mut import = ImportOptions::default();
        for pair in options.chunks(2) {
            let [k, v] = pair else { return Err(usage()) };
            let key = match &k.kind {
                DatumKind::Keyword(kw) => rt::symbol_name(*kw),
                _ => return Err(usage()),
            };
            // a string, or a list of them
            let strings = || match &v.kind {
                DatumKind::Str(s) => Some(vec![s.clone()]),
                DatumKind::List(items, None) => items
                    .iter()
                    .map(|i| if let DatumKind::Str(s) = &i.kind { Some(s.clone()) } else { None })
                    .collect(),
                _ => None,
            };
            match (key.as_str(), &v.kind) {
                ("header", DatumKind::Str(h)) if name == "load-library" => header = Some(h.clone()),
                ("all-declarations", DatumKind::Bool(b)) => import.everything = *b,
                ("define", _) if strings().is_some() => import.flags.defines.extend(strings().unwrap_or_default()),
                ("include-dir", _) if strings().is_some() => import.flags.include_dirs.extend(strings().unwrap_or_default()),
                _ => return Err(Diag::new(format!("{name}: unknown option :{key}, or a wrong value for it: the options are {OPTIONS}"), k.span)),
            }
        }
        let index = self
            .c_load(host, d.span, header.as_deref(), &lib, &import)
            .map_err(|e| Diag::new(e, d.span))?;
        Ok(Some((index, Expr::Const(protect(rt::make_string(&lib))))))
    }

    /// `(make-c-callback f :args (:type...) :return :type)`: a C function
    /// pointer with that signature that calls procedure `f`. The types are
    /// read now, so `ellec` compiles a native function for the signature.
    fn callback(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let usage = || {
            Diag::new("make-c-callback: expected (make-c-callback procedure :args (:type...) :return :type), or (make-c-callback procedure FunctionPointerType)", d.span)
        };
        let proc_form = items.get(1).ok_or_else(usage)?;
        let (mut params, mut ret) = (Vec::new(), CType::Void);
        match items {
            // a header's function pointer type gives the whole signature
            [_, _, t] if t.as_symbol().is_some() => {
                let ty = self.c_type("make-c-callback", t, host)?;
                let sig = ty.pointee_signature().cloned().ok_or_else(|| {
                    Diag::new(
                        format!("make-c-callback: {ty} is not a function pointer type"),
                        t.span,
                    )
                })?;
                // bytes C hands a callback are a buffer for the call (cairo's
                // and curl's write functions pass data and a length): a
                // pointer, read as the callback needs; `const char*` is text
                let buffer = |t: CType| match t {
                    CType::Pointer { ref pointee, const_pointee }
                        if matches!(**pointee, CType::Int { bytes: 1, .. })
                            && !(const_pointee
                                && matches!(**pointee, CType::Int { signed: true, .. })) =>
                    {
                        CType::Pointer { pointee: Box::new(CType::Void), const_pointee }
                    }
                    t => t,
                };
                (params, ret) = (sig.params.into_iter().map(buffer).collect(), sig.ret);
            }
            _ => {
                for pair in items[2..].chunks(2) {
                    let [k, v] = pair else { return Err(usage()) };
                    match &k.kind {
                        DatumKind::Keyword(kw) if rt::symbol_name(*kw) == "args" => {
                            params = self.c_params("make-c-callback", v, false, host)?.0
                        }
                        DatumKind::Keyword(kw) if rt::symbol_name(*kw) == "return" => {
                            ret = self.c_result("make-c-callback", v, host)?
                        }
                        _ => {
                            return Err(Diag::new(
                                "make-c-callback: the options are :args and :return",
                                k.span,
                            ))
                        }
                    }
                }
            }
        }
        if params.len() > CSignature::MAX_PARAMS {
            return Err(Diag::new(
                format!("make-c-callback: at most {} parameters", CSignature::MAX_PARAMS),
                d.span,
            ));
        }
        let sig = host.cimports().callback_signature(CSignature { params, ret });
        let proc = self.expr(proc_form, false, host)?;
        Ok(Expr::Callback { sig, proc: Box::new(proc), span: d.span })
    }

    /// `(define-c-owned-result f free)`: C function `f` returns a `char*`
    /// the caller must free with `free` (any procedure of one pointer,
    /// often the library's own C function); each call of `f` from here on
    /// copies the string, frees the C one, and gives the copy (or nil).
    /// `(define-c-pointer-result f)`: `f`'s `char*` result is memory, a
    /// plain pointer, from here on.
    fn result_reading(
        &mut self,
        form: &str,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        let owned = form == "define-c-owned-result";
        let (f, free) = match items {
            [_, f, free] if owned => (f, Some(free)),
            [_, f] if !owned => (f, None),
            _ if owned => return Err(Diag::new(
                "define-c-owned-result: expected (define-c-owned-result c-function free-function)",
                d.span,
            )),
            _ => {
                return Err(Diag::new(
                    "define-c-pointer-result: expected (define-c-pointer-result c-function)",
                    d.span,
                ))
            }
        };
        let name = f
            .as_symbol()
            .ok_or_else(|| Diag::new(format!("{form}: expected a C function's name"), f.span))?;
        let id = match host.cimports().resolve(&rt::symbol_name(name)) {
            Some(Ok(Resolved::Function(id))) if self.c_candidate(name) => id,
            Some(Err(e)) => return Err(Diag::new(e, f.span)),
            _ => {
                return Err(Diag::new(
                    format!(
                        "{form}: {} is not a C function of a loaded header",
                        rt::symbol_name(name)
                    ),
                    f.span,
                ))
            }
        };
        let raw = host.cimports().raw_result(id).map_err(|e| Diag::new(e, f.span))?;
        let Some(free) = free else {
            self.result_readings.insert(id, ResultReading::Pointer { raw });
            return Ok(Expr::Const(name));
        };
        // the freeing procedure, kept in a global of its own
        let free = self.expr(free, false, host)?;
        let holder = rt::intern(&format!("%free-{}", rt::symbol_name(name)));
        self.result_readings.insert(id, ResultReading::Owned { raw, free: holder });
        // the form's value is the C function's name, not the holder's
        Ok(Expr::Seq(vec![self.define_global(holder, free, None, None), Expr::Const(name)]))
    }

    /// `(offsetof Type field)`: C's `offsetof`, a constant. The field may
    /// be quoted, as `struct-get` takes it.
    fn offset_of(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let usage = || Diag::new("offsetof: expected (offsetof Type field)", d.span);
        let [_, t, field] = items else { return Err(usage()) };
        let tname = t.as_symbol().ok_or_else(usage)?;
        let fname = match field.as_list() {
            Some([q, f]) if q.is_symbol(rt::intern("quote")) => f.as_symbol(),
            _ => field.as_symbol(),
        }
        .ok_or_else(|| Diag::new("offsetof: the field is a name", field.span))?;
        let record = match host.cimports().record(&rt::symbol_name(tname)) {
            Some(r) => r.map_err(|e| Diag::new(e, t.span))?.1,
            None => {
                return Err(Diag::new(
                    format!("offsetof: no struct type {}", rt::symbol_name(tname)),
                    t.span,
                ))
            }
        };
        let fname = rt::symbol_name(fname);
        let f =
            record.fields.iter().find(|f| f.name.as_deref() == Some(fname.as_str())).ok_or_else(
                || Diag::new(format!("offsetof: {} has no field {fname}", record.name), field.span),
            )?;
        if f.bit_width.is_some() {
            return Err(Diag::new(
                format!("offsetof: {fname} is a bit-field, which has no offset in bytes"),
                field.span,
            ));
        }
        Ok(Expr::Const(rt::fixnum((f.offset_bits / 8) as i64)))
    }

    /// `(make-struct Type :field value ...)`: a new struct value, zeroed
    /// but for the fields given (checked now against the type).
    fn make_struct(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let usage =
            || Diag::new("make-struct: expected (make-struct Type :field value ...)", d.span);
        let tname = items.get(1).and_then(|t| t.as_symbol()).ok_or_else(usage)?;
        let (id, record) = match host.cimports().record(&rt::symbol_name(tname)) {
            Some(r) => r.map_err(|e| Diag::new(e, items[1].span))?,
            None => {
                return Err(Diag::new(
                    format!("make-struct: no struct type {}", rt::symbol_name(tname)),
                    items[1].span,
                ))
            }
        };
        let mut args = vec![Expr::Const(rt::fixnum(id as i64))];
        for pair in items[2..].chunks(2) {
            let [k, v] = pair else { return Err(usage()) };
            let field = match &k.kind {
                DatumKind::Keyword(f) => rt::symbol_name(*f),
                _ => return Err(usage()),
            };
            if record.field(&field).is_none() {
                return Err(Diag::new(
                    format!("make-struct: {} has no field {field}", record.name),
                    k.span,
                ));
            }
            args.push(Expr::Const(rt::intern(&field)));
            args.push(self.expr(v, false, host)?);
        }
        let callee = self.reference(rt::intern("%make-struct"), d.span)?;
        Ok(Expr::Call { callee: Box::new(callee), args, tail: false, span: d.span })
    }

    /// `(ffi-call lib "name" (:type...) :ret args...)` calls a C function
    /// by name and signature, with no header; `(get-library-function lib
    /// "name" (:type...) :ret)` is that function as a procedure. Both are
    /// resolved when the program is checked, so the call is as direct, and
    /// as checked, as one through a header.
    fn by_signature(
        &mut self,
        form: &str,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        let usage = || {
            let tail = if form == "ffi-call" { " args..." } else { "" };
            Diag::new(
                format!(
                    "{form}: expected ({form} library \"c_name\" (:type...) :return-type{tail})"
                ),
                d.span,
            )
        };
        if items.len() < 5 || (form == "get-library-function" && items.len() != 5) {
            return Err(usage());
        }
        let library = self.library_named(form, &items[1], host)?;
        let DatumKind::Str(c_name) = &items[2].kind else {
            return Err(Diag::new(
                format!("{form}: the C function's name must be a string"),
                items[2].span,
            ));
        };
        let (params, _) = self.c_params(form, &items[3], false, host)?;
        let ret = self.c_result(form, &items[4], host)?;
        let id = host
            .cimports()
            .declare(library, c_name, params, ret, false)
            .map_err(|e| Diag::new(e, items[2].span))?;
        if form == "get-library-function" {
            return self.c_value(id, d.span, host);
        }
        self.checked_call(id, d, &items[5..], host)
    }

    /// Register a C library, with its header parsed if one is named; a
    /// header, library or include folder beside the program's file is
    /// named relative to it. The library's index among the session's.
    fn c_load(
        &mut self,
        host: &mut dyn Host,
        from: Span,
        header: Option<&str>,
        lib: &str,
        options: &ImportOptions,
    ) -> Result<u32, String> {
        let header = header.map(|h| host.beside(from, h));
        let lib = if lib.contains('/') { host.beside(from, lib) } else { lib.to_string() };
        let mut options = options.clone();
        for d in &mut options.flags.include_dirs {
            *d = host.beside(from, d);
        }
        host.cimports().load(header.as_deref(), &lib, &options)
    }

    /// The library a C form names: a string (found as `load-library`
    /// finds one) or a global defined as `(load-library ...)`.
    pub(super) fn library_named(&mut self, form: &str, d: &Datum, host: &mut dyn Host) -> R<u32> {
        match &d.kind {
            DatumKind::Str(lib) => self
                .c_load(host, d.span, None, lib, &ImportOptions::default())
                .map_err(|e| Diag::new(e, d.span)),
            DatumKind::Symbol(s)
                if self.scopes.lookup(*s).is_none() && self.library_names.contains_key(s) =>
            {
                Ok(self.library_names[s])
            }
            _ => Err(Diag::new(
                format!(
                    "{form}: the library must be a string, or a name defined as (load-library ...)"
                ),
                d.span,
            )),
        }
    }

    /// `(ffi-call-pointer p (:type...) :ret args...)`: a call of the C
    /// function pointer `p` (one C gave: a struct's field, a lookup) with
    /// that signature, checked and converted as any C call.
    fn pointer_call(&mut self, d: &Datum, items: &[Datum], host: &mut dyn Host) -> R<Expr> {
        const FORM: &str = "ffi-call-pointer";
        let [_, pointer, params, ret, args @ ..] = items else {
            return Err(Diag::new("ffi-call-pointer: expected (ffi-call-pointer pointer (:type...) :return-type args...)", d.span));
        };
        let (params, _) = self.c_params(FORM, params, false, host)?;
        let ret = self.c_result(FORM, ret, host)?;
        let id = host.cimports().declare_pointer(None, params, ret);
        let call_args: Vec<Datum> =
            std::iter::once(pointer.clone()).chain(args.iter().cloned()).collect();
        self.checked_call(id, d, &call_args, host)
    }

    /// Is `name` free for a C declaration: not a special form, a macro, or a
    /// global the program (or Elle) defines?
    pub(super) fn c_candidate(&self, name: Val) -> bool {
        self.scopes.lookup(name).is_none()
            && !self.macros.contains_key(&name)
            && self.globals.get(name).is_none_or(|g| self.globals.info[g as usize].definitions == 0)
    }

    /// The value of C constant `name` (an enumerator or a `#define`), if a
    /// loaded header has one and Elle does not define the name itself.
    pub(super) fn c_constant(&mut self, name: Val, host: &mut dyn Host) -> Option<Val> {
        if !self.c_candidate(name) {
            return None;
        }
        match host.cimports().resolve(&rt::symbol_name(name))? {
            Ok(Resolved::Constant(c)) => Some(constant(&c)),
            _ => None,
        }
    }

    /// A name used as a value: a C constant, if a header has one.
    pub(super) fn c_reference(
        &mut self,
        name: Val,
        span: Span,
        host: &mut dyn Host,
    ) -> R<Option<Expr>> {
        if !self.c_candidate(name) {
            return Ok(None);
        }
        if let Some((c_name, t)) = self.c_macros.get(&name).cloned() {
            if !t.object_like {
                return Err(Diag::new(
                    format!("{} is a C function-like macro: apply it", rt::symbol_name(name)),
                    span,
                ));
            }
            return self
                .apply_template(&c_name, &t, &Datum::new(DatumKind::Symbol(name), span), &[], host)
                .map(Some);
        }
        match host.cimports().resolve(&rt::symbol_name(name)) {
            None => Ok(None),
            Some(Err(e)) => Err(Diag::new(e, span)),
            Some(Ok(Resolved::Constant(c))) => Ok(Some(Expr::Const(constant(&c)))),
            Some(Ok(Resolved::FunctionMacro(_))) => Err(Diag::new(
                format!(
                    "{} is a C function-like macro: apply it to constant arguments",
                    rt::symbol_name(name)
                ),
                span,
            )),
            Some(Ok(Resolved::Function(id))) => self.c_value(id, span, host).map(Some),
            // a C variable's value, read now
            Some(Ok(Resolved::Variable(id))) => {
                let f = host.cimports().functions[id as usize].clone();
                check_types(&f, span)?;
                Ok(Some(Expr::CCall { func: id, args: Vec::new(), span }))
            }
            // a macro standing for a call: the call (its translation was
            // checked when it was resolved)
            Some(Ok(Resolved::ObjectMacro(c_name))) => {
                let body = self.object_macro(&c_name, span, host)?;
                self.expand_c_macro(&c_name, &body, host).map(Some)
            }
        }
    }

    /// C function `id` as an Elle procedure: one whose body calls it.
    fn c_value(&mut self, id: u32, span: Span, host: &mut dyn Host) -> R<Expr> {
        if let Some(&l) = self.c_values.get(&id) {
            return Ok(Expr::MakeClosure(l));
        }
        let f = host.cimports().functions[id as usize].clone();
        if f.variadic {
            return Err(Diag::new(
                format!("{} is variadic: it can only be called directly", f.c_name),
                span,
            )
            .note(format!("C prototype: {}", f.prototype)));
        }
        check_types(&f, span)?;
        let n = f.params.len() as u32;
        let l = self.new_lambda(Some(rt::intern(&f.c_name)), span);
        let args = (0..n)
            .map(|i| {
                Expr::Ref(VarRef {
                    loc: VarLoc::Local(i),
                    boxed: false,
                    checked: false,
                    name: rt::NIL,
                    span,
                })
            })
            .collect();
        self.finish_lambda(l, n, false, n, vec![], Expr::CCall { func: id, args, span });
        self.c_values.insert(id, l);
        Ok(Expr::MakeClosure(l))
    }

    /// `(f args...)` where `f` is a C function: a checked direct call.
    pub(super) fn c_call(
        &mut self,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Option<Expr>> {
        let Some(name) = items[0].as_symbol() else { return Ok(None) };
        if !self.c_candidate(name) {
            return Ok(None);
        }
        if let Some((c_name, t)) = self.c_macros.get(&name).cloned() {
            return match t.object_like {
                false => self.apply_template(&c_name, &t, d, &items[1..], host).map(Some),
                // (ALIAS args...): what the alias stands for, applied
                true => self
                    .expand_c_macro(
                        &c_name,
                        &Datum::new(
                            DatumKind::List(
                                [vec![t.body.clone()], items[1..].to_vec()].concat().into(),
                                None,
                            ),
                            d.span,
                        ),
                        host,
                    )
                    .map(Some),
            };
        }
        let id = match host.cimports().resolve(&rt::symbol_name(name)) {
            // a variable holding a function pointer C typed (libxml2's
            // xmlFree): a call through its value
            Some(Ok(Resolved::Variable(v))) => {
                match host.cimports().functions[v as usize].ret.pointee_signature().cloned() {
                    Some(sig) => {
                        let id = host.cimports().declare_pointer(
                            Some(&rt::symbol_name(name)),
                            sig.params,
                            sig.ret,
                        );
                        return self.checked_call(id, d, items, host).map(Some);
                    }
                    None => return Ok(None),
                }
            }
            None | Some(Ok(Resolved::Constant(_))) => return Ok(None),
            // (ALIAS args...): what the alias stands for, applied
            Some(Ok(Resolved::ObjectMacro(c_name))) => {
                let head = self.object_macro(&c_name, items[0].span, host)?;
                return self
                    .expand_c_macro(
                        &c_name,
                        &Datum::new(
                            DatumKind::List(
                                [vec![head], items[1..].to_vec()].concat().into(),
                                None,
                            ),
                            d.span,
                        ),
                        host,
                    )
                    .map(Some);
            }
            Some(Err(e)) => return Err(Diag::new(e, items[0].span)),
            Some(Ok(Resolved::FunctionMacro(c_name))) => {
                return self.macro_application(&c_name, d, items, host).map(Some)
            }
            Some(Ok(Resolved::Function(id))) => id,
        };
        self.checked_call(id, d, &items[1..], host).map(Some)
    }

    /// A call of C function `id` on `args`, checked: their number, and
    /// each literal against its parameter's type.
    fn checked_call(&mut self, id: u32, d: &Datum, args: &[Datum], host: &mut dyn Host) -> R<Expr> {
        let f = host.cimports().functions[id as usize].clone();
        // a call through a pointer: the pointer, then the C arguments
        let (pointer, args) = args.split_at(f.by_pointer() as usize);
        let argc = args.len();
        let ok = if f.variadic { argc >= f.params.len() } else { argc == f.params.len() };
        if !ok {
            let want = if f.variadic {
                format!("at least {}", f.params.len())
            } else {
                f.params.len().to_string()
            };
            return Err(Diag::new(
                format!(
                    "{} takes {want} argument{}, but is given {argc}",
                    f.c_name,
                    if want == "1" { "" } else { "s" }
                ),
                d.span,
            )
            .note(format!("C prototype: {}", f.prototype)));
        }
        check_types(&f, d.span)?;
        for (i, (a, t)) in args.iter().zip(&f.params).enumerate() {
            if let Some(problem) = literal_mismatch(a, t) {
                return Err(Diag::new(
                    format!("{}: argument {} {problem}", f.c_name, i + 1),
                    a.span,
                )
                .note(format!("C prototype: {}", f.prototype)));
            }
        }
        let args =
            pointer.iter().chain(args).map(|a| self.expr(a, false, host)).collect::<R<Vec<_>>>()?;
        match self.result_readings.get(&id).copied() {
            Some(ResultReading::Owned { raw, free }) => {
                // (%take-c-string (f-with-a-raw-result args...) free)
                let call = Expr::CCall { func: raw, args, span: d.span };
                let take = self.reference(rt::intern("%take-c-string"), d.span)?;
                let free = self.reference(free, d.span)?;
                Ok(Expr::Call {
                    callee: Box::new(take),
                    args: vec![call, free],
                    tail: false,
                    span: d.span,
                })
            }
            Some(ResultReading::Pointer { raw }) => {
                Ok(Expr::CCall { func: raw, args, span: d.span })
            }
            None => Ok(Expr::CCall { func: id, args, span: d.span }),
        }
    }
}

/// An error if a parameter or the result of `f` has a type no call can pass yet.
fn check_types(f: &CFunction, span: Span) -> R<()> {
    for t in std::iter::once(&f.ret).chain(&f.params) {
        if let Some(what) = t.unsupported() {
            return Err(Diag::new(
                format!("{}: passing {what} is not supported yet", f.c_name),
                span,
            )
            .note(format!("C prototype: {}", f.prototype)));
        }
    }
    Ok(())
}

impl Analyzer {
    /// `(MACRO args...)`: the Elle expression its body translates to
    /// (`MacroDef::translate`), so it means the same on constants and on
    /// run-time values, with a header or with a bindings file; a body that
    /// does not translate (`sizeof`, a cast of a negative number) clang
    /// evaluates, on constant arguments only.
    fn macro_application(
        &mut self,
        name: &str,
        d: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
    ) -> R<Expr> {
        let def = host.cimports().macro_definition(name).map_err(|e| Diag::new(e, d.span))?;
        match def.translate() {
            Ok(e) => {
                let truths = truth_macros(&e, host);
                let template = Template::of(
                    &e,
                    &def.params,
                    false,
                    &Spelling { truths: &truths, builtin: &|n| self.builtin_value(n) },
                );
                self.apply_template(name, &template, d, &items[1..], host)
            }
            Err(Untranslatable(token)) => {
                match items[1..].iter().map(c_literal).collect::<Option<Vec<String>>>() {
                    Some(args) => host
                        .cimports()
                        .expand(name, &args)
                        .map(|c| Expr::Const(constant(&c)))
                        .map_err(|e| Diag::new(e, d.span)),
                    None => {
                        let at = items[1..]
                            .iter()
                            .find(|a| c_literal(a).is_none())
                            .map_or(d.span, |a| a.span);
                        Err(Diag::new(format!("{name} is a C macro: Elle applies it to constants, or to other arguments when its body is an expression of calls and C's operators, and its body has {token}"), at))
                    }
                }
            }
        }
    }
}

/// Which macros `e` uses give C's truth value.
fn truth_macros(e: &MacroExpr, host: &mut dyn Host) -> TruthMacros {
    TruthMacros::of(e, &mut |n| {
        host.cimports().macro_definition(n).ok().and_then(|d| d.translate().ok())
    })
}

impl Analyzer {
    /// What object-like C macro `c_name` stands for (a call: its translation
    /// was checked when the name was resolved), placed at `span`.
    fn object_macro(&self, c_name: &str, span: Span, host: &mut dyn Host) -> R<Datum> {
        let def = host.cimports().macro_definition(c_name).map_err(|e| Diag::new(e, span))?;
        let e = def.translate().map_err(|Untranslatable(t)| {
            Diag::new(format!("{c_name} is a C macro with {t} in it"), span)
        })?;
        let truths = truth_macros(&e, host);
        Ok(crate::cimport::macro_datum::datum(
            &e,
            &[],
            span,
            &Spelling { truths: &truths, builtin: &|n| self.builtin_value(n) },
        ))
    }

    /// Built-in procedure `name` itself, which no program binding can
    /// shadow (the global alias the prelude calls).
    pub(super) fn builtin_value(&self, name: &str) -> Option<Val> {
        // SAFETY: a built-in's alias is a global the runtime holds, set at start-up.
        self.globals
            .builtin_alias(rt::intern(name))
            .map(|g| unsafe { *rt::elle_global_slot(g as i64) })
    }
}

/// A literal as C source, for evaluating a macro application.
fn c_literal(a: &Datum) -> Option<String> {
    Some(match &a.kind {
        DatumKind::Int(i) if i32::try_from(*i).is_ok() => i.to_string(),
        DatumKind::Int(i) if *i == i64::MIN as i128 => "(-9223372036854775807LL - 1)".into(),
        DatumKind::Int(i) if i64::try_from(*i).is_ok() => format!("{i}LL"),
        DatumKind::Int(i) => format!("{i}ULL"),
        DatumKind::Float(f) if f.is_finite() => format!("{f:?}"),
        DatumKind::Char(c) => (*c as u32).to_string(),
        DatumKind::Bool(b) => (*b as u8).to_string(),
        DatumKind::Str(s) => format!(
            "\"{}\"",
            s.chars()
                .map(|c| match c {
                    '"' | '\\' => format!("\\{c}"),
                    c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("\\x{:02x}", c as u32),
                    c => c.to_string(),
                })
                .collect::<String>()
        ),
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
                let i = *i;
                let bits = *bytes as u32 * 8;
                let (lo, hi) = if *signed {
                    (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
                } else {
                    (0, (1i128 << bits) - 1)
                };
                if i < lo || i > hi {
                    return Some(format!("is {i}, out of range for {t} [{lo}, {hi}]"));
                }
                true
            }
            // C's booleans are integers: #t and #f pass as 1 and 0
            DatumKind::Bool(_) => true,
            _ => false,
        },
        CType::Float | CType::Double => matches!(kind, "a float" | "an integer"),
        CType::Bool => true,
        CType::Pointer { .. } if kind == "a boolean" => false,
        CType::Pointer { .. } => kind == "a string" && t.takes_string(),
        CType::Void
        | CType::Unsupported(_)
        | CType::Record(_)
        | CType::Array(..)
        | CType::Text(_)
        | CType::Function(_) => false,
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
        CConst::Int(i) => unsafe { rt::elle_make_wide(*i) },
        CConst::Float(f) => unsafe { rt::elle_make_float(*f) },
        CConst::Str(s) => rt::make_string(s),
        CConst::Pointer(0) => rt::NIL,
        // SAFETY: a plain constructor; the address is C's.
        CConst::Pointer(p) => unsafe {
            rt::elle_make_pointer(*p as usize as *mut std::ffi::c_void)
        },
    })
}
