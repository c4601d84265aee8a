//! `define-record-type`, as R7RS has it.
//!
//! The form becomes top-level definitions: the type (a new one each time
//! the form runs), and the constructor, predicate, accessors and modifiers
//! as procedures whose body is one record primitive with the type and the
//! field's index in it, so native code tests the type and reaches the field
//! inline. A top-level type's field names are remembered on its global, for
//! `match` patterns `(<point> x y)`; in a body, the form is internal
//! definitions.

use super::ir::TopLevel;
use super::{Analyzer, Host, R};
use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt, Val};

/// The parts of one `define-record-type` form.
/// Each procedure's definition is where its name is written, so its
/// errors point there.
struct RecordSpec {
    name: Val,
    /// the constructor's name and the fields it takes, by index
    constructor: Option<(Val, Vec<usize>, Span)>,
    predicate: (Val, Span),
    fields: Vec<FieldSpec>,
    span: Span,
}

struct FieldSpec {
    name: Val,
    accessor: (Val, Span),
    modifier: Option<(Val, Span)>,
}

const SHAPE: &str = "define-record-type: expected (define-record-type <name> (constructor field...) predicate (field accessor [modifier])...)";

impl RecordSpec {
    fn parse(form: &Datum, items: &[Datum]) -> R<RecordSpec> {
        let symbol = |d: &Datum, what: &str| {
            d.as_symbol().ok_or_else(|| {
                Diag::new(
                    format!("define-record-type: the {what} must be a name, not {}", d.show()),
                    d.span,
                )
            })
        };
        let [_, name, constructor, predicate, field_specs @ ..] = items else {
            return Err(Diag::new(SHAPE, form.span));
        };
        let name = symbol(name, "type's name")?;
        let predicate = (symbol(predicate, "predicate")?, predicate.span);
        let mut fields: Vec<FieldSpec> = Vec::with_capacity(field_specs.len());
        for f in field_specs {
            let parts = f.as_list().filter(|p| (2..=3).contains(&p.len())).ok_or_else(|| {
                Diag::new(
                    format!(
                        "define-record-type: a field is (field accessor [modifier]), not {}",
                        f.show()
                    ),
                    f.span,
                )
            })?;
            let field = FieldSpec {
                name: symbol(&parts[0], "field")?,
                accessor: (symbol(&parts[1], "accessor")?, parts[1].span),
                modifier: parts.get(2).map(|m| Ok((symbol(m, "modifier")?, m.span))).transpose()?,
            };
            if fields.iter().any(|g| g.name == field.name) {
                return Err(Diag::new(
                    format!(
                        "define-record-type: the field {} is declared twice",
                        rt::symbol_name(field.name)
                    ),
                    f.span,
                ));
            }
            fields.push(field);
        }
        let index_of = |d: &Datum| -> R<usize> {
            let n = symbol(d, "constructor's field")?;
            fields.iter().position(|f| f.name == n).ok_or_else(|| {
                Diag::new(
                    format!(
                        "define-record-type: the constructor takes {}, which is not a field",
                        rt::symbol_name(n)
                    ),
                    d.span,
                )
            })
        };
        let constructor = match &constructor.kind {
            DatumKind::Bool(false) => None,
            // a bare name takes every field, in order
            DatumKind::Symbol(c) => Some((*c, (0..fields.len()).collect(), constructor.span)),
            DatumKind::List(parts, None) => {
                let c = symbol(&parts[0], "constructor")?;
                let mut taken = Vec::new();
                for p in &parts[1..] {
                    let i = index_of(p)?;
                    if taken.contains(&i) {
                        return Err(Diag::new(
                            format!("define-record-type: the constructor takes {} twice", p.show()),
                            p.span,
                        ));
                    }
                    taken.push(i);
                }
                Some((c, taken, parts[0].span))
            }
            _ => {
                return Err(Diag::new(
                    format!(
                        "define-record-type: the constructor is (name field...), not {}",
                        constructor.show()
                    ),
                    constructor.span,
                ))
            }
        };
        Ok(RecordSpec { name, constructor, predicate, fields, span: form.span })
    }
}

impl Analyzer {
    pub(super) fn define_record_type(
        &mut self,
        form: &Datum,
        items: &[Datum],
        host: &mut dyn Host,
        out: &mut Vec<TopLevel>,
    ) -> R<()> {
        let spec = RecordSpec::parse(form, items)?;
        for d in self.record_definitions(&spec) {
            self.toplevel(&d, host, out)?;
        }
        // what match patterns need, once the type's global is defined
        let g = self.globals.intern(spec.name);
        self.globals.info[g as usize].record_fields =
            Some(spec.fields.iter().map(|f| f.name).collect());
        Ok(())
    }

    /// The definitions a `define-record-type` form stands for.
    pub(super) fn record_form_definitions(&self, form: &Datum, items: &[Datum]) -> R<Vec<Datum>> {
        Ok(self.record_definitions(&RecordSpec::parse(form, items)?))
    }

    /// The definitions the form stands for. The procedures' parameters
    /// have names no program can write (they hold a space), so the type's
    /// name in their bodies is always the type.
    fn record_definitions(&self, spec: &RecordSpec) -> Vec<Datum> {
        let span = spec.span;
        let sym = |v: Val, span: Span| Datum::new(DatumKind::Symbol(v), span);
        let named = |s: &str, span: Span| Datum::sym(s, span);
        let value = |v: Val, span: Span| Datum::new(DatumKind::Value(v), span);
        let list = |items: Vec<Datum>, span: Span| Datum::list(items, span);
        let quoted = |d: Datum| list(vec![named("quote", d.span), d.clone()], d.span);
        let index = |i: usize, span: Span| Datum::new(DatumKind::Int(i as i128), span);
        // (define name (lambda params (prim args...))), all written at `at`
        let define = |(name, at): (Val, Span), params: Vec<Datum>, prim: Val, args: Vec<Datum>| {
            let mut call = vec![value(prim, at)];
            call.extend(args);
            let lambda = list(vec![named("lambda", at), list(params, at), list(call, at)], at);
            list(vec![named("define", at), sym(name, at), lambda], at)
        };
        let p = &self.prims;
        let ty = sym(spec.name, span);
        let field_names = spec.fields.iter().map(|f| sym(f.name, span)).collect();
        let make_type = list(
            vec![value(p.record_type, span), quoted(ty.clone()), quoted(list(field_names, span))],
            span,
        );
        let mut defs = vec![list(vec![named("define", span), ty.clone(), make_type], span)];
        if let Some((c, taken, at)) = &spec.constructor {
            let params: Vec<Datum> =
                (0..taken.len()).map(|k| named(&format!(" field{k}"), *at)).collect();
            let mut args = vec![ty.clone()];
            args.extend((0..spec.fields.len()).map(|i| match taken.iter().position(|&t| t == i) {
                Some(k) => params[k].clone(),
                None => Datum::new(DatumKind::Bool(false), *at),
            }));
            defs.push(define((*c, *at), params, p.record, args));
        }
        let record = named(" record", span);
        let new = named(" value", span);
        defs.push(define(
            spec.predicate,
            vec![record.clone()],
            p.recordp,
            vec![record.clone(), ty.clone()],
        ));
        for (i, f) in spec.fields.iter().enumerate() {
            let (accessor, at) = f.accessor;
            let args = vec![record.clone(), ty.clone(), index(i, at), quoted(sym(accessor, at))];
            defs.push(define(f.accessor, vec![record.clone()], p.record_ref, args));
            if let Some((modifier, at)) = f.modifier {
                let args = vec![
                    record.clone(),
                    ty.clone(),
                    index(i, at),
                    new.clone(),
                    quoted(sym(modifier, at)),
                ];
                defs.push(define(
                    (modifier, at),
                    vec![record.clone(), new.clone()],
                    p.record_set,
                    args,
                ));
            }
        }
        defs
    }
}
