//! A translated C macro body (`MacroExpr`) as Elle source: what the
//! analysis applies as a template and `ellec bind` writes as
//! `define-c-macro`.

use super::macros::{BinOp, MacroExpr, UnOp};
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::Val;
use std::collections::HashMap;

/// How a translation is spelled: which macros give truth values, and the
/// built-in procedures by name where the analysis has them (a bindings
/// file is text: there, names).
pub struct Spelling<'a> {
    pub truths: &'a TruthMacros,
    pub builtin: &'a dyn Fn(&str) -> Option<Val>,
}

/// How deep macros are followed to learn what they give.
const MAX_DEPTH: u32 = 64;

/// Which C macros a body uses (directly or through other macros) give C's
/// truth value, so that where C uses one as a number, Elle's #t or #f
/// becomes 1 or 0.
#[derive(Default)]
pub struct TruthMacros(HashMap<String, bool>);

impl TruthMacros {
    /// For the names in `e`; `translate` gives a macro's translated body.
    pub fn of(e: &MacroExpr, translate: &mut dyn FnMut(&str) -> Option<MacroExpr>) -> TruthMacros {
        let mut t = TruthMacros::default();
        t.learn(e, translate, MAX_DEPTH);
        t
    }

    fn learn(
        &mut self,
        e: &MacroExpr,
        translate: &mut dyn FnMut(&str) -> Option<MacroExpr>,
        depth: u32,
    ) {
        if let MacroExpr::Name(n) | MacroExpr::Call(n, _) = e {
            if depth > 0 && !self.0.contains_key(n) {
                self.0.insert(n.clone(), false); // macros that expand into each other give no truth value
                if let Some(body) = translate(n) {
                    self.learn(&body, translate, depth - 1);
                    let truth = self.is_truth(&body);
                    self.0.insert(n.clone(), truth);
                }
            }
        }
        e.parts().into_iter().for_each(|p| self.learn(p, translate, depth));
    }

    /// `e`'s value is C's truth value, which Elle gives as #t or #f.
    pub fn is_truth(&self, e: &MacroExpr) -> bool {
        match e {
            MacroExpr::Binary(op, ..) => op.is_comparison(),
            MacroExpr::Unary(UnOp::Not, _) => true,
            MacroExpr::Cond(_, a, b) => self.is_truth(a) && self.is_truth(b),
            MacroExpr::Name(n) | MacroExpr::Call(n, _) => self.0.get(n) == Some(&true),
            _ => false,
        }
    }
}

/// `e` as Elle source, its parameters as symbols. C's operators act on
/// exact integers (or floats) as Elle's do, with C's meanings: `/` of two
/// integers truncates, `%` is `remainder`, `>>` shifts right. A comparison
/// or logical operator gives #t or #f — Elle's truth, since 0 is true in
/// Elle — and 1 or 0 where it is an operand of arithmetic, as in C; where C
/// tests a value (`&&`, `!`, `?:`), zero, NULL and #f are false.
pub fn datum(e: &MacroExpr, params: &[String], span: Span, cx: &Spelling) -> Datum {
    let truths = cx.truths;
    let call = |f: &str, args: Vec<Datum>| {
        Datum::list(std::iter::once(Datum::sym(f, span)).chain(args).collect(), span)
    };
    // an Elle built-in the translation calls: itself where the analysis
    // gives it, so a program's local `not` or `+` cannot capture it
    let op = |f: &str, args: Vec<Datum>| {
        let head = (cx.builtin)(f)
            .map_or_else(|| Datum::sym(f, span), |v| Datum::new(DatumKind::Value(v), span));
        Datum::list(std::iter::once(head).chain(args).collect(), span)
    };
    let number = |e: &MacroExpr| {
        let d = datum(e, params, span, cx);
        if truths.is_truth(e) {
            call(
                "if",
                vec![d, Datum::new(DatumKind::Int(1), span), Datum::new(DatumKind::Int(0), span)],
            )
        } else {
            d
        }
    };
    let truth = |e: &MacroExpr| {
        let d = datum(e, params, span, cx);
        if truths.is_truth(e) {
            d
        } else {
            op("%c-true?", vec![d])
        }
    };
    let kind = match e {
        MacroExpr::Param(i) => return Datum::sym(&params[*i], span),
        MacroExpr::Name(n) => return Datum::sym(n, span),
        MacroExpr::Nil => DatumKind::Nil,
        MacroExpr::Int(i) => DatumKind::Int(*i),
        MacroExpr::Float(f) => DatumKind::Float(*f),
        MacroExpr::Str(s) => DatumKind::Str(s.clone()),
        // the analysis asks for the size when it checks the program
        MacroExpr::SizeOf(t) => {
            return call("%c-sizeof", vec![Datum::new(DatumKind::Str(t.clone()), span)])
        }
        MacroExpr::Field(p, f) => {
            return op(
                "struct-get",
                vec![datum(p, params, span, cx), call("quote", vec![Datum::sym(f, span)])],
            )
        }
        MacroExpr::Unary(UnOp::Neg, a) => return op("-", vec![number(a)]),
        MacroExpr::Unary(UnOp::BitNot, a) => return op("bitwise-not", vec![number(a)]),
        MacroExpr::Unary(UnOp::Not, a) => return op("not", vec![truth(a)]),
        // a pointer against NULL: nil and a null pointer are NULL
        MacroExpr::Binary(which @ (BinOp::Eq | BinOp::Ne), a, b)
            if **a == MacroExpr::Nil || **b == MacroExpr::Nil =>
        {
            let p = if **a == MacroExpr::Nil { b } else { a };
            let null = op("null?", vec![datum(p, params, span, cx)]);
            return if *which == BinOp::Eq { null } else { op("not", vec![null]) };
        }
        MacroExpr::Binary(BinOp::Ne, a, b) => {
            return op("not", vec![op("=", vec![number(a), number(b)])])
        }
        MacroExpr::Binary(BinOp::And, a, b) => return call("and", vec![truth(a), truth(b)]),
        MacroExpr::Binary(BinOp::Or, a, b) => return call("or", vec![truth(a), truth(b)]),
        MacroExpr::Binary(BinOp::Shr, a, b) => {
            return op("arithmetic-shift", vec![number(a), op("-", vec![number(b)])])
        }
        MacroExpr::Binary(which, a, b) => {
            let f = match which {
                BinOp::Mul => "*",
                BinOp::Div => "%c/",
                BinOp::Rem => "remainder",
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Shl => "arithmetic-shift",
                BinOp::Lt => "<",
                BinOp::Gt => ">",
                BinOp::Le => "<=",
                BinOp::Ge => ">=",
                BinOp::Eq => "=",
                BinOp::BitAnd => "bitwise-and",
                BinOp::BitXor => "bitwise-xor",
                BinOp::BitOr => "bitwise-or",
                BinOp::Ne | BinOp::And | BinOp::Or | BinOp::Shr => unreachable!("translated above"),
            };
            return op(f, vec![number(a), number(b)]);
        }
        // both arms C's truth values: the result is one too
        MacroExpr::Cond(c, a, b) if truths.is_truth(a) && truths.is_truth(b) => {
            return call(
                "if",
                vec![truth(c), datum(a, params, span, cx), datum(b, params, span, cx)],
            )
        }
        MacroExpr::Cond(c, a, b) => return call("if", vec![truth(c), number(a), number(b)]),
        MacroExpr::Call(f, args) => {
            return call(f, args.iter().map(|a| datum(a, params, span, cx)).collect())
        }
    };
    Datum::new(kind, span)
}
