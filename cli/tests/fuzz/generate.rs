//! A generator of well-formed, terminating Elle programs for the
//! differential fuzzer. Expressions are built by type (integer, float,
//! string, boolean, list of integers, vector of integers) so most of a
//! program computes rather than fails at once; errors it does raise
//! (integer overflow at the range's edges, division by zero, an index out of
//! range, `error`) are caught and printed, or, at the end of some programs,
//! left uncaught so the exit status and standard error are compared too.
//! Every top-level statement prints a tagged value.
//!
//! Loops and recursion run a literal number of times, small inside other
//! loops, so a program's cost is bounded.

use super::rng::Rng;

/// Shapes at the edges of the language that once broke Elle — data that
/// contains itself, circular macro expansions, unquote in a list's tail
/// written long-hand, `case` with `=>` — kept in the programs so they stay
/// fixed; and deep nesting, which compiles slowly at -O2 (seconds), so it
/// is made only when asked. `ELLE_FUZZ_SHAPES`: `standard` (the default),
/// `all`, `none`, or a comma-separated list of the names below.
#[derive(Clone, Copy, Default, Debug)]
pub struct EdgeShapes {
    /// `circular-data`: a vector or list that contains itself, printed or
    /// compared with `equal?`; a circular list given to `length`.
    pub circular_data: bool,
    /// `cyclic-macro`: a macro whose expansion is a circular list.
    pub cyclic_macro_expansion: bool,
    /// `deep-nesting`: an expression nested thousands deep.
    pub deep_nesting: bool,
    /// `quasiquote-tail`: `(quasiquote (a unquote x))`, unquote in a
    /// list's tail written long-hand.
    pub quasiquote_tail_unquote: bool,
    /// `case-arrow`: a `case` clause with `=>`.
    pub case_arrow: bool,
}

impl EdgeShapes {
    pub fn standard() -> EdgeShapes {
        EdgeShapes { deep_nesting: false, ..EdgeShapes::parse("all") }
    }

    pub fn parse(spec: &str) -> EdgeShapes {
        let mut k = EdgeShapes::default();
        for name in spec.split(',').map(str::trim) {
            let all = name == "all";
            if name == "standard" {
                k = EdgeShapes { deep_nesting: k.deep_nesting, ..EdgeShapes::standard() };
            }
            if all || name == "circular-data" {
                k.circular_data = true;
            }
            if all || name == "cyclic-macro" {
                k.cyclic_macro_expansion = true;
            }
            if all || name == "deep-nesting" {
                k.deep_nesting = true;
            }
            if all || name == "quasiquote-tail" {
                k.quasiquote_tail_unquote = true;
            }
            if all || name == "case-arrow" {
                k.case_arrow = true;
            }
        }
        k
    }

    fn any(self) -> bool {
        self.circular_data
            || self.cyclic_macro_expansion
            || self.deep_nesting
            || self.quasiquote_tail_unquote
            || self.case_arrow
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Int,
    Float,
    Str,
    Bool,
    List,
    Vector,
}

const TYPES: [Ty; 6] = [Ty::Int, Ty::Float, Ty::Str, Ty::Bool, Ty::List, Ty::Vector];

/// A program, and whether it is cheap enough to also run with the garbage
/// collector at every allocation.
pub struct Program {
    pub text: String,
    pub gc_stress_ok: bool,
}

/// Integer literals: the edges of the range (int64 ∪ uint64) and of int64,
/// the fixnum edges of a 62- or 63-bit tagging, the square-root edge of
/// multiplication, the 32-bit edges.
const EDGE_INTS: [&str; 25] = [
    "18446744073709551615",
    "18446744073709551614",
    "9223372036854775808",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775806",
    "-9223372036854775807",
    "4611686018427387903",
    "4611686018427387904",
    "-4611686018427387904",
    "-4611686018427387905",
    "2305843009213693951",
    "2305843009213693952",
    "-2305843009213693952",
    "-2305843009213693953",
    "3037000499",
    "3037000500",
    "-3037000500",
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967296",
    "1152921504606846976",
    "-1",
    "0",
];

const FLOATS: [&str; 20] = [
    "0.0",
    "-0.0",
    "1.5",
    "-2.25",
    "0.1",
    "3.0",
    "1e300",
    "-1e300",
    "1e-300",
    "5e-324",
    "1.7976931348623157e308",
    "+inf.0",
    "-inf.0",
    "+nan.0",
    "9.223372036854776e18",
    "-9.223372036854776e18",
    "123456.789",
    "1e21",
    "1e-7",
    "2.5",
];

const STRINGS: [&str; 14] = [
    "\"\"",
    "\"a\"",
    "\"hello\"",
    "\"héllo wörld\"",
    "\"a,b,,c\"",
    "\"tab\\there\"",
    "\"quote\\\"d\"",
    "\"line\\nbreak\"",
    "\"\\x3bb;\"",
    "\"日本語\"",
    "\"  spaced  \"",
    "\"ABCdef\"",
    "\"42\"",
    "\"-7.5\"",
];

struct Func {
    name: String,
    params: Vec<Ty>,
    ret: Ty,
    /// Called with a literal count as its first argument, kept small.
    recursive: bool,
}

struct Macro {
    name: String,
    /// Argument types; `None` for a macro of any number of integers.
    params: Option<Vec<Ty>>,
    ret: Ty,
}

pub struct Generator {
    rng: Rng,
    shapes: EdgeShapes,
    vars: Vec<(String, Ty)>,
    /// Globals that may be read, with their types.
    globals: Vec<(String, Ty)>,
    funcs: Vec<Func>,
    macros: Vec<Macro>,
    counter: usize,
    loop_depth: u32,
    heavy: bool,
}

impl Generator {
    pub fn new(seed: u64, shapes: EdgeShapes) -> Generator {
        Generator {
            rng: Rng::new(seed),
            shapes,
            vars: vec![],
            globals: vec![],
            funcs: vec![],
            macros: vec![],
            counter: 0,
            loop_depth: 0,
            heavy: false,
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// A one-parameter procedure's parameter (of type `param`) and its body
    /// (of type `body`), the body inside a loop as far as sizes go.
    fn lambda1(&mut self, param: Ty, body: Ty, d: u32) -> (String, String) {
        let x = self.fresh("x");
        self.loop_depth += 1;
        self.vars.push((x.clone(), param));
        let e = self.expr(body, d);
        self.vars.pop();
        self.loop_depth -= 1;
        (x, e)
    }

    pub fn program(mut self) -> Program {
        let mut out = String::new();
        out.push_str(";; generated by the differential fuzzer\n");
        out.push_str("(define (show tag v) (display tag) (display \": \") (write v) (newline))\n");
        out.push_str("(define h (make-hash-table))\n");
        let n_macros = self.rng.below(4);
        for _ in 0..n_macros {
            let m = self.macro_definition();
            out.push_str(&m);
        }
        let n_funcs = 1 + self.rng.below(5);
        for _ in 0..n_funcs {
            let f = self.function_definition();
            out.push_str(&f);
        }
        let n_stmts = 6 + self.rng.below(14);
        for i in 0..n_stmts {
            let s = self.statement(i);
            out.push_str(&s);
            out.push('\n');
        }
        if self.shapes.any() && self.rng.chance(1, 2) {
            let s = self.edge_statement();
            out.push_str(&s);
        }
        if self.rng.chance(1, 5) {
            // An uncaught error (or a value) at the end: exit status and
            // standard error are compared too.
            let ty = *self.rng.pick(&TYPES);
            let e = self.expr(ty, 3);
            out.push_str(&format!("(show \"last\" {e})\n"));
        }
        if self.rng.chance(1, 10) {
            let code = self.rng.pick(&["0", "1", "3", "#t", "#f", "255"]);
            out.push_str(&format!("(exit {code})\n"));
        }
        Program { text: out, gc_stress_ok: !self.heavy }
    }

    fn statement(&mut self, i: usize) -> String {
        let tag = format!("s{i}");
        match self.rng.below(10) {
            0 => {
                // a global, defined with a fallback of its type so later
                // statements may use it
                let ty = *self.rng.pick(&TYPES);
                let name = self.fresh("g");
                let e = self.expr(ty, 3);
                let fallback = self.literal(ty);
                self.globals.push((name.clone(), ty));
                format!("(define {name} (try {e} (catch e {fallback})))\n(show \"{tag}\" {name})")
            }
            1 if !self.globals.is_empty() => {
                let (name, ty) = self.globals[self.rng.below(self.globals.len())].clone();
                let e = self.expr(ty, 3);
                format!("(try (set! {name} {e}) (catch e (show \"{tag}-caught\" (error-message e))))\n(show \"{tag}\" {name})")
            }
            2 => {
                let k = self.hash_key();
                let v = self.expr(Ty::Int, 2);
                format!(
                    "(try (hash-set! h {k} {v}) (catch e (show \"{tag}-caught\" (error-message e))))\n(show \"{tag}\" (list (hash-count h) (hash-ref h {k} 'none) (hash-keys h)))"
                )
            }
            3 => {
                let k = self.hash_key();
                format!("(hash-remove! h {k})\n(show \"{tag}\" (list (hash-has-key? h {k}) (hash-values h)))")
            }
            4 => {
                let t1 = *self.rng.pick(&TYPES);
                let t2 = *self.rng.pick(&TYPES);
                let a = self.expr(t1, 3);
                let b = self.expr(t2, 3);
                format!(
                    "(try (printf \"{tag}: ~a ~s~%\" {a} {b}) (catch e (print (error-message e))))"
                )
            }
            _ => {
                let ty = *self.rng.pick(&TYPES);
                let e = self.expr(ty, 4);
                format!("(show \"{tag}\" (try {e} (catch e (list 'caught (error-message e)))))")
            }
        }
    }

    fn hash_key(&mut self) -> String {
        match self.rng.below(3) {
            0 => self.rng.range(-3, 5).to_string(),
            1 => self
                .rng
                .pick(&["\"k\"", "\"key\"", "\"\"", "'sym", ":kw", "1.5", "'(1 2)"])
                .to_string(),
            _ => self.rng.pick(&EDGE_INTS).to_string(),
        }
    }

    fn macro_definition(&mut self) -> String {
        let name = self.fresh("m");
        let (text, params, ret) = match self.rng.below(7) {
            0 => (format!("(defmacro {name} (a b) `(- ,b ,a))"), Some(vec![Ty::Int, Ty::Int]), Ty::Int),
            1 => (format!("(defmacro {name} (x) (let ((t (gensym))) `(let ((,t ,x)) (* ,t 2))))"), Some(vec![Ty::Int]), Ty::Int),
            2 => (format!("(defmacro {name} (c a b) `(if ,c (begin ,a ,b) (begin ,b ,a)))"), Some(vec![Ty::Bool, Ty::Int, Ty::Int]), Ty::Int),
            3 => (format!("(defmacro {name} (&rest xs) (if (null? xs) 0 `(+ ,(car xs) ({name} ,@(cdr xs)))))"), None, Ty::Int),
            4 => (format!("(defmacro {name} (s) `(string-append ,s \"/\" ,s))"), Some(vec![Ty::Str]), Ty::Str),
            5 => (
                // folds literal arguments at expansion time, where an
                // overflow is a compile-time error in every executor
                format!("(defmacro {name} (a b) (if (and (integer? a) (integer? b) (< (abs a) 1000000) (< (abs b) 1000000)) (* a b) `(* ,a ,b)))"),
                Some(vec![Ty::Int, Ty::Int]),
                Ty::Int,
            ),
            _ => (format!("(defmacro {name} (l) `(let loop ((xs ,l) (n 0)) (if (null? xs) n (loop (cdr xs) (+ n 1)))))"), Some(vec![Ty::List]), Ty::Int),
        };
        self.macros.push(Macro { name, params, ret });
        format!("{text}\n")
    }

    fn function_definition(&mut self) -> String {
        let name = self.fresh("f");
        self.loop_depth = 1;
        let text = match self.rng.below(5) {
            0 => {
                // tail recursion with an accumulator
                self.vars = vec![("n".into(), Ty::Int), ("acc".into(), Ty::Int)];
                let step = self.expr(Ty::Int, 3);
                self.funcs.push(Func {
                    name: name.clone(),
                    params: vec![Ty::Int, Ty::Int],
                    ret: Ty::Int,
                    recursive: true,
                });
                format!("(define ({name} n acc) (if (<= n 0) acc ({name} (- n 1) {step})))\n")
            }
            1 => {
                // non-tail recursion
                self.vars = vec![("n".into(), Ty::Int)];
                let base = self.expr(Ty::Int, 2);
                let item = self.expr(Ty::Int, 2);
                let op = self.rng.pick(&["+", "-", "max", "min"]);
                self.funcs.push(Func {
                    name: name.clone(),
                    params: vec![Ty::Int],
                    ret: Ty::Int,
                    recursive: true,
                });
                format!("(define ({name} n) (if (<= n 0) {base} ({op} {item} ({name} (- n 1)))))\n")
            }
            2 => {
                // non-tail recursion building a list
                self.vars = vec![("n".into(), Ty::Int)];
                let item = self.expr(Ty::Int, 2);
                self.funcs.push(Func {
                    name: name.clone(),
                    params: vec![Ty::Int],
                    ret: Ty::List,
                    recursive: true,
                });
                format!("(define ({name} n) (if (<= n 0) nil (cons {item} ({name} (- n 1)))))\n")
            }
            3 => {
                // mutual recursion in tail position through cond
                let other = self.fresh("f");
                self.funcs.push(Func {
                    name: name.clone(),
                    params: vec![Ty::Int],
                    ret: Ty::Bool,
                    recursive: true,
                });
                format!("(define ({name} n) (cond ((= n 0) #t) (else ({other} (- n 1)))))\n(define ({other} n) (if (= n 0) #f ({name} (- n 1))))\n")
            }
            _ => {
                let ret = *self.rng.pick(&TYPES);
                let params: Vec<Ty> =
                    (0..1 + self.rng.below(3)).map(|_| *self.rng.pick(&TYPES)).collect();
                self.vars = params.iter().enumerate().map(|(i, t)| (format!("p{i}"), *t)).collect();
                let body = self.expr(ret, 4);
                let ps: Vec<String> = (0..params.len()).map(|i| format!("p{i}")).collect();
                self.funcs.push(Func { name: name.clone(), params, ret, recursive: false });
                format!("(define ({name} {}) {body})\n", ps.join(" "))
            }
        };
        self.vars.clear();
        self.loop_depth = 0;
        text
    }

    /// A loop count: large only outside other loops.
    fn count(&mut self) -> i64 {
        if self.loop_depth > 0 {
            self.rng.range(0, 6)
        } else if self.rng.chance(1, 25) {
            self.heavy = true;
            self.rng.range(20_000, 200_000)
        } else {
            self.rng.range(0, 300)
        }
    }

    fn int_literal(&mut self) -> String {
        match self.rng.below(3) {
            0 => self.rng.pick(&EDGE_INTS).to_string(),
            1 => self.rng.range(-10, 10).to_string(),
            _ => self.rng.range(-100_000, 100_000).to_string(),
        }
    }

    fn literal(&mut self, ty: Ty) -> String {
        match ty {
            Ty::Int => self.int_literal(),
            Ty::Float => self.rng.pick(&FLOATS).to_string(),
            Ty::Str => self.rng.pick(&STRINGS).to_string(),
            Ty::Bool => self.rng.pick(&["#t", "#f"]).to_string(),
            Ty::List => match self.rng.below(3) {
                0 => "nil".into(),
                1 => "'(3 1 2)".into(),
                _ => format!("(list {} {})", self.int_literal(), self.int_literal()),
            },
            Ty::Vector => match self.rng.below(2) {
                0 => "(vector)".into(),
                _ => format!(
                    "(vector {} {} {})",
                    self.int_literal(),
                    self.int_literal(),
                    self.int_literal()
                ),
            },
        }
    }

    fn var(&mut self, ty: Ty) -> Option<String> {
        let mut names: Vec<&String> =
            self.vars.iter().filter(|(_, t)| *t == ty).map(|(n, _)| n).collect();
        names.extend(self.globals.iter().filter(|(_, t)| *t == ty).map(|(n, _)| n));
        if names.is_empty() {
            None
        } else {
            Some(names[self.rng.below(names.len())].clone())
        }
    }

    /// An expression of type `ty` (when it does not raise an error).
    fn expr(&mut self, ty: Ty, depth: u32) -> String {
        if depth == 0 || self.rng.chance(1, 6) {
            if self.rng.chance(1, 2) {
                if let Some(v) = self.var(ty) {
                    return v;
                }
            }
            return self.literal(ty);
        }
        let d = depth - 1;
        // forms common to every type
        match self.rng.below(30) {
            0 => {
                let c = self.expr(Ty::Bool, d);
                let a = self.expr(ty, d);
                let b = self.expr(ty, d);
                return format!("(if {c} {a} {b})");
            }
            1 => {
                let t = *self.rng.pick(&TYPES);
                let v = self.expr(t, d);
                let name = self.fresh("x");
                self.vars.push((name.clone(), t));
                let body = self.expr(ty, d);
                self.vars.pop();
                return format!("(let (({name} {v})) {body})");
            }
            2 => {
                let a = self.expr(ty, d);
                let b = self.expr(ty, d);
                return format!("(try {a} (catch e {b}))");
            }
            3 => return self.call(ty, d),
            4 => {
                // a closure applied at once, capturing what is in scope
                let t = *self.rng.pick(&TYPES);
                let name = self.fresh("a");
                let arg = self.expr(t, d);
                self.vars.push((name.clone(), t));
                let body = self.expr(ty, d);
                self.vars.pop();
                return format!("((fn ({name}) {body}) {arg})");
            }
            5 => {
                let c1 = self.expr(Ty::Bool, d);
                let a = self.expr(ty, d);
                let b = self.expr(ty, d);
                return format!("(cond ({c1} {a}) (else {b}))");
            }
            6 => {
                let k = self.expr(Ty::Int, d);
                let a = self.expr(ty, d);
                let b = self.expr(ty, d);
                let c = self.expr(ty, d);
                let (x, y) = (self.rng.range(-2, 3), self.rng.range(-2, 3));
                return format!("(case {k} (({x} {y}) {a}) ((0) {b}) (else {c}))");
            }
            7 => {
                // an error raised and caught, or passed on
                let msg = self.rng.pick(&STRINGS).to_string();
                let irritant = {
                    let t = *self.rng.pick(&TYPES);
                    self.expr(t, d)
                };
                let fallback = self.expr(ty, d);
                return match self.rng.below(3) {
                    0 => format!("(try (error {msg} {irritant}) (catch e {fallback}))"),
                    1 => format!("(try (begin (error {msg} {irritant}) {fallback}) (catch e (error \"again:\" (error-message e))))"),
                    _ => format!("(if (error? (try (error {msg} {irritant}) (catch e e))) {fallback} {fallback})"),
                };
            }
            8 => {
                // match on a list
                let l = self.expr(Ty::List, d);
                let (a, b, r) = (self.fresh("ma"), self.fresh("mb"), self.fresh("mr"));
                self.vars.push((a.clone(), Ty::Int));
                self.vars.push((b.clone(), Ty::Int));
                self.vars.push((r.clone(), Ty::List));
                let two = self.expr(ty, d);
                self.vars.truncate(self.vars.len() - 3);
                let none = self.expr(ty, d);
                let other = self.expr(ty, d);
                return format!("(match {l} (({a} {b} . {r}) {two}) (() {none}) (_ {other}))");
            }
            _ => {}
        }
        match ty {
            Ty::Int => self.int_expr(d),
            Ty::Float => self.float_expr(d),
            Ty::Str => self.str_expr(d),
            Ty::Bool => self.bool_expr(d),
            Ty::List => self.list_expr(d),
            Ty::Vector => self.vector_expr(d),
        }
    }

    /// A call of a generated function or macro returning `ty`, if any.
    fn call(&mut self, ty: Ty, d: u32) -> String {
        let fs: Vec<usize> = (0..self.funcs.len()).filter(|&i| self.funcs[i].ret == ty).collect();
        let ms: Vec<usize> = (0..self.macros.len()).filter(|&i| self.macros[i].ret == ty).collect();
        if !ms.is_empty() && (fs.is_empty() || self.rng.chance(1, 2)) {
            let m = ms[self.rng.below(ms.len())];
            let name = self.macros[m].name.clone();
            let args: Vec<String> = match self.macros[m].params.clone() {
                Some(ps) => ps.iter().map(|t| self.expr(*t, d)).collect(),
                None => (0..self.rng.below(5)).map(|_| self.expr(Ty::Int, d)).collect(),
            };
            return format!("({name} {})", args.join(" "));
        }
        if fs.is_empty() {
            return self.literal(ty);
        }
        let f = fs[self.rng.below(fs.len())];
        let (name, params, recursive) =
            (self.funcs[f].name.clone(), self.funcs[f].params.clone(), self.funcs[f].recursive);
        let mut args = Vec::new();
        for (i, t) in params.iter().enumerate() {
            if recursive && i == 0 {
                args.push(self.count().to_string());
            } else {
                args.push(self.expr(*t, d));
            }
        }
        format!("({name} {})", args.join(" "))
    }

    fn int_expr(&mut self, d: u32) -> String {
        match self.rng.below(26) {
            0..=5 => {
                let op = self.rng.pick(&[
                    "+",
                    "-",
                    "*",
                    "quotient",
                    "remainder",
                    "modulo",
                    "min",
                    "max",
                    "+",
                    "-",
                    "*",
                ]);
                let a = self.expr(Ty::Int, d);
                let b = self.expr(Ty::Int, d);
                if self.rng.chance(1, 4) {
                    let c = self.expr(Ty::Int, d);
                    if matches!(*op, "+" | "*" | "-" | "min" | "max") {
                        return format!("({op} {a} {b} {c})");
                    }
                }
                format!("({op} {a} {b})")
            }
            6 => {
                let op = self.rng.pick(&["-", "abs"]);
                let a = self.expr(Ty::Int, d);
                format!("({op} {a})")
            }
            7 => {
                let a = self.expr(Ty::Int, d);
                format!("(expt {a} {})", self.rng.range(0, 64))
            }
            8 => {
                let l = self.expr(Ty::List, d);
                format!("(length {l})")
            }
            9 => {
                let v = self.expr(Ty::Vector, d);
                let i = self.expr(Ty::Int, d);
                if self.rng.chance(1, 2) {
                    format!("(let ((v {v})) (vector-ref v (modulo {i} (max 1 (vector-length v)))))")
                } else {
                    format!("(vector-ref {v} {i})")
                }
            }
            10 => {
                let s = self.expr(Ty::Str, d);
                format!("(string-length {s})")
            }
            11 => {
                let l = self.expr(Ty::List, d);
                match self.rng.below(4) {
                    0 => format!("(apply + {l})"),
                    1 => {
                        let i = self.expr(Ty::Int, d);
                        format!("(fold-left + {i} {l})")
                    }
                    2 => format!("(reduce max 0 {l})"),
                    _ => format!("(car {l})"),
                }
            }
            12 => {
                let f = self.expr(Ty::Float, d);
                let op = self.rng.pick(&["round", "floor", "truncate", "ceiling"]);
                format!("(exact ({op} {f}))")
            }
            13 => {
                let s = self.expr(Ty::Str, d);
                let i = self.expr(Ty::Int, d);
                format!("(char->integer (string-ref {s} {i}))")
            }
            14 => {
                // a named-let loop with an accumulator
                let n = self.count();
                let (i, acc) = (self.fresh("i"), self.fresh("acc"));
                let init = self.expr(Ty::Int, d);
                self.loop_depth += 1;
                self.vars.push((i.clone(), Ty::Int));
                self.vars.push((acc.clone(), Ty::Int));
                let step = self.expr(Ty::Int, d);
                self.vars.truncate(self.vars.len() - 2);
                self.loop_depth -= 1;
                format!("(let loop (({i} 0) ({acc} {init})) (if (>= {i} {n}) {acc} (loop (+ {i} 1) {step})))")
            }
            15 => {
                // while with set! on locals
                let n = self.count();
                let (i, s) = (self.fresh("i"), self.fresh("s"));
                let init = self.expr(Ty::Int, d);
                self.loop_depth += 1;
                self.vars.push((i.clone(), Ty::Int));
                self.vars.push((s.clone(), Ty::Int));
                let step = self.expr(Ty::Int, d);
                self.vars.truncate(self.vars.len() - 2);
                self.loop_depth -= 1;
                format!("(let (({i} 0) ({s} {init})) (while (< {i} {n}) (set! {s} {step}) (set! {i} (+ {i} 1))) {s})")
            }
            16 => {
                // a closure assigning a captured variable
                let l = self.expr(Ty::List, d);
                let (acc, x) = (self.fresh("acc"), self.fresh("x"));
                self.loop_depth += 1;
                self.vars.push((acc.clone(), Ty::Int));
                self.vars.push((x.clone(), Ty::Int));
                let step = self.expr(Ty::Int, d);
                self.vars.truncate(self.vars.len() - 2);
                self.loop_depth -= 1;
                format!("(let (({acc} 0)) (for-each (fn ({x}) (set! {acc} {step})) {l}) {acc})")
            }
            17 => {
                // a counter closure called several times
                let c = self.fresh("c");
                let start = self.expr(Ty::Int, d);
                let by = self.expr(Ty::Int, d);
                let n = self.rng.range(1, 4);
                let calls = vec![format!("({c})"); n as usize].join(" ");
                format!("(let (({c} (let ((n {start})) (fn () (set! n (+ n {by})) n)))) {calls})")
            }
            18 => {
                let k = self.hash_key();
                let dflt = self.expr(Ty::Int, d);
                format!("(let ((r (hash-ref h {k} {dflt}))) (if (integer? r) r 0))")
            }
            19 => {
                let s = self.expr(Ty::Str, d);
                format!("(let ((n (string->number {s}))) (if (and (number? n) (exact? n)) n -1))")
            }
            20 => {
                // a rest parameter, through apply
                let l = self.expr(Ty::List, d);
                let k = self.expr(Ty::Int, d);
                format!("(apply (fn (a &rest r) (+ a (length r) {k})) {l})")
            }
            21 => {
                // internal definitions (letrec*) and a closure assigning an
                // outer variable
                let y = self.expr(Ty::Int, d);
                let a = self.expr(Ty::Int, d);
                format!("(let ((c 0)) (define (bump d) (set! c (+ c d)) c) (define y {y}) (bump y) (bump {a}) (let* ((p c) (q (- p 1))) (- p q c)))")
            }
            _ => self.call(Ty::Int, d),
        }
    }

    fn float_expr(&mut self, d: u32) -> String {
        match self.rng.below(8) {
            0..=2 => {
                let op = self.rng.pick(&["+", "-", "*", "/", "min", "max"]);
                let a = self.expr(Ty::Float, d);
                let b = if self.rng.chance(1, 3) {
                    self.expr(Ty::Int, d)
                } else {
                    self.expr(Ty::Float, d)
                };
                format!("({op} {a} {b})")
            }
            3 => {
                let op =
                    self.rng.pick(&["sqrt", "floor", "round", "truncate", "ceiling", "abs", "-"]);
                let a = self.expr(Ty::Float, d);
                format!("({op} {a})")
            }
            4 => {
                let i = self.expr(Ty::Int, d);
                format!("(exact->inexact {i})")
            }
            5 => {
                let a = self.expr(Ty::Int, d);
                let b = self.expr(Ty::Int, d);
                format!("(* 1.0 (/ {a} {b}))")
            }
            6 => {
                let s = self.expr(Ty::Str, d);
                format!("(let ((n (string->number {s}))) (if (float? n) n 0.5))")
            }
            _ => {
                let a = self.expr(Ty::Float, d);
                format!("(* {a} {})", self.rng.pick(&FLOATS))
            }
        }
    }

    fn str_expr(&mut self, d: u32) -> String {
        match self.rng.below(12) {
            0 | 1 => {
                let a = self.expr(Ty::Str, d);
                let b = self.expr(Ty::Str, d);
                format!("(string-append {a} {b})")
            }
            2 => {
                let s = self.expr(Ty::Str, d);
                let (a, b) = (self.rng.range(-1, 4), self.rng.range(0, 6));
                format!("(substring {s} {a} {b})")
            }
            3 => {
                let n = if self.rng.chance(1, 2) {
                    self.expr(Ty::Int, d)
                } else {
                    self.expr(Ty::Float, d)
                };
                if self.rng.chance(1, 3) {
                    format!("(number->string {n} {})", self.rng.pick(&["2", "8", "16", "10"]))
                } else {
                    format!("(number->string {n})")
                }
            }
            4 => {
                let s = self.expr(Ty::Str, d);
                let op = self.rng.pick(&["string-upcase", "string-downcase"]);
                format!("({op} {s})")
            }
            5 => {
                let t = *self.rng.pick(&TYPES);
                let a = self.expr(t, d);
                let b = self.expr(Ty::Str, d);
                format!("(format \"~a|~s|~d\" {a} {b} 7)")
            }
            6 => {
                let l = self.expr(Ty::List, d);
                format!("(string-join (map number->string {l}) \",\")")
            }
            7 => {
                let s = self.expr(Ty::Str, d);
                format!("(list->string (reverse (string->list {s})))")
            }
            8 => {
                let s = self.expr(Ty::Str, d);
                format!("(string-join (string-split {s} \",\") \";\")")
            }
            9 => {
                let s = self.expr(Ty::Str, d);
                format!("(symbol->string (string->symbol {s}))")
            }
            10 => {
                // values of other kinds, shown by display and write
                let t = *self.rng.pick(&TYPES);
                let x = self.expr(t, d);
                let odd = self.rng.pick(&[
                    "car",
                    "(fn (x) x)",
                    "show",
                    "#\\a",
                    "#\\space",
                    "#\\x0",
                    ":key",
                    "'sym",
                    "(string->symbol \"with space\")",
                    "(make-hash-table)",
                    "h",
                    "(try (error \"m\" 1 \"two\") (catch e e))",
                    "(current-output-port)",
                    "'(1 . 2)",
                    "'(a (b . c) [1 2])",
                    "(cons 1.5 -0.0)",
                ]);
                format!("(format \"~a ~s ~a\" {odd} {odd} {x})")
            }
            _ => self.call(Ty::Str, d),
        }
    }

    fn bool_expr(&mut self, d: u32) -> String {
        match self.rng.below(10) {
            0..=2 => {
                let op = self.rng.pick(&["<", "=", ">", "<=", ">="]);
                let t = if self.rng.chance(1, 3) { Ty::Float } else { Ty::Int };
                let a = self.expr(t, d);
                let b = self.expr(Ty::Int, d);
                format!("({op} {a} {b})")
            }
            3 => {
                let op = self.rng.pick(&["even?", "odd?", "zero?", "positive?", "negative?"]);
                let a = self.expr(Ty::Int, d);
                format!("({op} {a})")
            }
            4 => {
                let t = *self.rng.pick(&TYPES);
                let a = self.expr(t, d);
                let b = self.expr(t, d);
                format!("(equal? {a} {b})")
            }
            5 => {
                let a = self.expr(Ty::Str, d);
                let b = self.expr(Ty::Str, d);
                let op = self.rng.pick(&["string=?", "string<?", "string>?"]);
                format!("({op} {a} {b})")
            }
            6 => {
                let op = self.rng.pick(&["and", "or"]);
                let a = self.expr(Ty::Bool, d);
                let b = self.expr(Ty::Bool, d);
                format!("({op} {a} {b})")
            }
            7 => {
                let x = self.expr(Ty::Int, d);
                let l = self.expr(Ty::List, d);
                format!("(if (member {x} {l}) #t #f)")
            }
            8 => {
                let k = self.hash_key();
                format!("(hash-has-key? h {k})")
            }
            _ => {
                let a = self.expr(Ty::Bool, d);
                format!("(not {a})")
            }
        }
    }

    fn list_expr(&mut self, d: u32) -> String {
        match self.rng.below(14) {
            0 => {
                let items: Vec<String> =
                    (0..self.rng.below(5)).map(|_| self.expr(Ty::Int, d)).collect();
                format!("(list {})", items.join(" "))
            }
            1 => {
                let a = self.expr(Ty::Int, d);
                let l = self.expr(Ty::List, d);
                format!("(cons {a} {l})")
            }
            2 => {
                let a = self.expr(Ty::List, d);
                let b = self.expr(Ty::List, d);
                format!("(append {a} {b})")
            }
            3 => {
                let a = self.expr(Ty::List, d);
                format!("(reverse {a})")
            }
            4 => {
                let l = self.expr(Ty::List, d);
                let (x, body) = self.lambda1(Ty::Int, Ty::Int, d);
                format!("(map (fn ({x}) {body}) {l})")
            }
            5 => {
                let l = self.expr(Ty::List, d);
                let (x, body) = self.lambda1(Ty::Int, Ty::Bool, d);
                format!("(filter (fn ({x}) {body}) {l})")
            }
            6 => {
                let n = self.count().min(500);
                if self.rng.chance(1, 2) {
                    let s = self.expr(Ty::Int, d);
                    format!("(iota {n} {s})")
                } else {
                    format!("(iota {n})")
                }
            }
            7 => {
                let l = self.expr(Ty::List, d);
                format!("(list-tail {l} {})", self.rng.range(0, 3))
            }
            8 => {
                let l = self.expr(Ty::List, d);
                format!("(cdr {l})")
            }
            9 => {
                let l = self.expr(Ty::List, d);
                let op = self.rng.pick(&["<", ">"]);
                format!("(sort {l} {op})")
            }
            10 => {
                let v = self.expr(Ty::Vector, d);
                format!("(vector->list {v})")
            }
            11 => {
                let a = self.expr(Ty::List, d);
                let b = self.expr(Ty::List, d);
                format!("(map + {a} {b})")
            }
            12 => {
                // quasiquote with unquote and splicing
                let a = self.expr(Ty::Int, d);
                let l = self.expr(Ty::List, d);
                format!("`(1 ,{a} ,@{l} 2)")
            }
            _ => self.call(Ty::List, d),
        }
    }

    fn vector_expr(&mut self, d: u32) -> String {
        match self.rng.below(6) {
            0 => {
                let items: Vec<String> =
                    (0..self.rng.below(5)).map(|_| self.expr(Ty::Int, d)).collect();
                format!("(vector {})", items.join(" "))
            }
            1 => {
                let n = self.count().min(1000);
                let fill = self.expr(Ty::Int, d);
                format!("(make-vector {n} {fill})")
            }
            2 => {
                let l = self.expr(Ty::List, d);
                format!("(list->vector {l})")
            }
            3 => {
                let v = self.expr(Ty::Vector, d);
                let (x, body) = self.lambda1(Ty::Int, Ty::Int, d);
                format!("(vector-map (fn ({x}) {body}) {v})")
            }
            4 => {
                // a fresh vector assigned in place
                let v = self.expr(Ty::Vector, d);
                let i = self.expr(Ty::Int, d);
                let x = self.expr(Ty::Int, d);
                format!("(let ((v (list->vector (vector->list {v})))) (vector-set! v {i} {x}) v)")
            }
            _ => {
                let v = self.expr(Ty::Vector, d);
                format!("(let ((v (vector-map (fn (x) x) {v}))) (vector-fill! v 7) v)")
            }
        }
    }

    /// One statement of an edge shape (see `EdgeShapes`).
    fn edge_statement(&mut self) -> String {
        let k = self.shapes;
        let mut options: Vec<u8> = vec![];
        if k.circular_data {
            options.extend([0, 1, 2]);
        }
        if k.cyclic_macro_expansion {
            options.push(3);
        }
        if k.deep_nesting {
            options.push(4);
        }
        if k.quasiquote_tail_unquote {
            options.push(5);
        }
        if k.case_arrow {
            options.push(6);
        }
        let x = self.expr(Ty::Int, 2);
        match *self.rng.pick(&options) {
            0 => "(define cv (vector 1 2))\n(vector-set! cv 0 cv)\n(show \"circular\" cv)\n".into(),
            1 => "(define cl (list 1 2))\n(set-cdr! (cdr cl) cl)\n(show \"circular\" (equal? cl cl))\n(show \"circular\" (length cl))\n".into(),
            2 => "(define cl (list 1 2))\n(set-car! cl cl)\n(show \"circular\" cl)\n".into(),
            3 => "(defmacro cyc () (let ((l (list 'begin 1))) (set-cdr! (cdr l) l) l))\n(show \"cyclic\" (cyc))\n".into(),
            4 => {
                let n = self.rng.range(2000, 20000) as usize;
                format!("(show \"deep\" {}{x}{})\n", "(+ 1 ".repeat(n), ")".repeat(n))
            }
            5 => format!("(show \"qq\" (let ((x {x})) (quasiquote (1 unquote x))))\n"),
            _ => format!("(show \"case\" (case {x} ((1) => (fn (v) (* v 2))) (else => (fn (v) v))))\n"),
        }
    }
}
