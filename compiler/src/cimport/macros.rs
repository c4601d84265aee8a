//! Function-like macros as clang tokenizes them: their parameters and the
//! tokens of their bodies. A macro applied to constants is evaluated by
//! clang (`Header::eval_macro`); one applied to other arguments stands for
//! the expression its body translates to when the body is an expression of
//! calls and C's operators (`MacroDef::translate`): `SDL_SaveBMP(s, f)` is
//! `SDL_SaveBMP_RW(s, SDL_RWFromFile(f, "wb"), 1)`, GLib's
//! `g_signal_connect` is `g_signal_connect_data` with two more arguments,
//! `S_ISREG(m)` is `(((m) & 0170000) == 0100000)`. Anything else in a body
//! (`sizeof`, `->`, assignments, statements) is not translated; the error
//! names the token that stopped it.

/// A function-like macro's definition.
#[derive(Clone, Debug, PartialEq)]
pub struct MacroDef {
    pub params: Vec<String>,
    pub body: Vec<Token>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokenKind {
    Punctuation,
    Keyword,
    Identifier,
    Literal,
}

impl TokenKind {
    fn letter(self) -> char {
        match self {
            TokenKind::Punctuation => 'p',
            TokenKind::Keyword => 'k',
            TokenKind::Identifier => 'i',
            TokenKind::Literal => 'l',
        }
    }
}

impl MacroDef {
    /// As the import cache keeps it: tab-separated fields (the caller
    /// escapes tabs and newlines in literals).
    pub fn encode(&self, escape: impl Fn(&str) -> String) -> String {
        let mut out = self.params.join(",");
        for t in &self.body {
            out.push('\t');
            out.push(t.kind.letter());
            out.push_str(&escape(&t.text));
        }
        out
    }

    pub fn decode(
        params: &str,
        tokens: &[&str],
        unescape: impl Fn(&str) -> String,
    ) -> Option<MacroDef> {
        let params = params.split(',').filter(|p| !p.is_empty()).map(String::from).collect();
        let body = tokens
            .iter()
            .map(|t| {
                let kind = match t.chars().next()? {
                    'p' => TokenKind::Punctuation,
                    'k' => TokenKind::Keyword,
                    'i' => TokenKind::Identifier,
                    'l' => TokenKind::Literal,
                    _ => return None,
                };
                Some(Token { kind, text: unescape(&t[1..]) })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(MacroDef { params, body })
    }
}

/// What a function-like macro made of calls stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum MacroExpr {
    /// The macro's parameter, by position.
    Param(usize),
    /// A C name: a function, a constant, another macro.
    Name(String),
    /// `NULL`.
    Nil,
    Int(i128),
    Float(f64),
    Str(String),
    Unary(UnOp, Box<MacroExpr>),
    Binary(BinOp, Box<MacroExpr>, Box<MacroExpr>),
    /// `sizeof(type)`, the type as written (`z_stream`, `unsigned int`).
    SizeOf(String),
    /// `p->field`.
    Field(Box<MacroExpr>, String),
    /// `c ? a : b`
    Cond(Box<MacroExpr>, Box<MacroExpr>, Box<MacroExpr>),
    Call(String, Vec<MacroExpr>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UnOp {
    Neg,
    BitNot,
    Not,
}

/// C's binary operators, but for `,` and assignments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    And,
    Or,
}

impl BinOp {
    /// The operator a token spells, and how tightly it binds (C's table).
    fn of(text: &str) -> Option<(BinOp, u8)> {
        use BinOp::*;
        Some(match text {
            "*" => (Mul, 10),
            "/" => (Div, 10),
            "%" => (Rem, 10),
            "+" => (Add, 9),
            "-" => (Sub, 9),
            "<<" => (Shl, 8),
            ">>" => (Shr, 8),
            "<" => (Lt, 7),
            ">" => (Gt, 7),
            "<=" => (Le, 7),
            ">=" => (Ge, 7),
            "==" => (Eq, 6),
            "!=" => (Ne, 6),
            "&" => (BitAnd, 5),
            "^" => (BitXor, 4),
            "|" => (BitOr, 3),
            "&&" => (And, 2),
            "||" => (Or, 1),
            _ => return None,
        })
    }

    /// Its value is C's truth value (an `int` of 0 or 1).
    pub fn is_comparison(self) -> bool {
        use BinOp::*;
        matches!(self, Lt | Gt | Le | Ge | Eq | Ne | And | Or)
    }
}

impl MacroExpr {
    /// The expressions directly inside this one.
    pub fn parts(&self) -> Vec<&MacroExpr> {
        match self {
            MacroExpr::Unary(_, e) | MacroExpr::Field(e, _) => vec![e],
            MacroExpr::Binary(_, a, b) => vec![a, b],
            MacroExpr::Cond(c, a, b) => vec![c, a, b],
            MacroExpr::Call(_, args) => args.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Why a macro's body is not translated: the token that stopped it.
#[derive(Debug, PartialEq)]
pub struct Untranslatable(pub String);

impl MacroDef {
    /// The expression the body stands for, if it is made of the macro's
    /// parameters, literals, names, calls, C's arithmetic, bitwise,
    /// comparison and logical operators, `?:`, parentheses, casts (dropped:
    /// Elle converts at the call) and `NULL`.
    /// The variable an object-like macro takes the address of, if that is
    /// all it does: wasi-libc's `#define CLOCK_MONOTONIC
    /// (&_CLOCK_MONOTONIC)`, a constant the linker fills in.
    pub fn address_of(&self) -> Option<&str> {
        let mut body = &self.body[..];
        while body.len() > 2 && body[0].text == "(" && body[body.len() - 1].text == ")" {
            body = &body[1..body.len() - 1];
        }
        match body {
            [amp, name] if amp.text == "&" && name.kind == TokenKind::Identifier => {
                Some(&name.text)
            }
            _ => None,
        }
    }

    pub fn translate(&self) -> Result<MacroExpr, Untranslatable> {
        if self.params.iter().any(|p| p == "...") {
            return Err(Untranslatable("`...`".into()));
        }
        let mut p = Parser { toks: &self.body, at: 0, params: &self.params };
        let e = p.expr()?;
        match p.toks.get(p.at) {
            None => Ok(e),
            Some(t) => Err(Untranslatable(format!("`{}`", t.text))),
        }
    }
}

struct Parser<'a> {
    toks: &'a [Token],
    at: usize,
    params: &'a [String],
}

type R<T> = Result<T, Untranslatable>;

impl Parser<'_> {
    fn peek(&self, text: &str) -> bool {
        self.toks.get(self.at).is_some_and(|t| t.text == text)
    }

    fn expect(&mut self, text: &str) -> R<()> {
        match self.toks.get(self.at) {
            Some(t) if t.text == text => {
                self.at += 1;
                Ok(())
            }
            Some(t) => Err(Untranslatable(format!("`{}`", t.text))),
            None => Err(Untranslatable("its end".into())),
        }
    }

    fn param(&self, t: &Token) -> Option<usize> {
        (t.kind == TokenKind::Identifier)
            .then(|| self.params.iter().position(|p| *p == t.text))
            .flatten()
    }

    fn expr(&mut self) -> R<MacroExpr> {
        let c = self.binary(1)?;
        if !self.peek("?") {
            return Ok(c);
        }
        self.at += 1;
        let a = self.expr()?;
        self.expect(":")?;
        let b = self.expr()?;
        Ok(MacroExpr::Cond(Box::new(c), Box::new(a), Box::new(b)))
    }

    /// Operators binding at least as tightly as `min`, left to right.
    fn binary(&mut self, min: u8) -> R<MacroExpr> {
        let mut e = self.unary()?;
        while let Some((op, prec)) = self
            .toks
            .get(self.at)
            .filter(|t| t.kind == TokenKind::Punctuation)
            .and_then(|t| BinOp::of(&t.text))
        {
            if prec < min {
                break;
            }
            self.at += 1;
            let rhs = self.binary(prec + 1)?;
            e = MacroExpr::Binary(op, Box::new(e), Box::new(rhs));
        }
        Ok(e)
    }

    fn unary(&mut self) -> R<MacroExpr> {
        let op = match self.toks.get(self.at).map(|t| t.text.as_str()) {
            Some("-") => Some(UnOp::Neg),
            Some("~") => Some(UnOp::BitNot),
            Some("!") => Some(UnOp::Not),
            Some("+") => {
                self.at += 1;
                return self.unary();
            }
            _ => None,
        };
        if let Some(op) = op {
            self.at += 1;
            return Ok(MacroExpr::Unary(op, Box::new(self.unary()?)));
        }
        if let Some(after) = self.cast_end() {
            // dropping `(size_t) -2` would change its value
            if self.toks.get(after).is_some_and(|t| t.text == "-" || t.text == "~") {
                return Err(Untranslatable("a cast of a negative number".into()));
            }
            self.at = after;
            return self.unary();
        }
        let mut e = self.primary()?;
        loop {
            if self.peek("->") {
                // p->field: a field through a (typed) pointer
                self.at += 1;
                match self.toks.get(self.at) {
                    Some(t) if t.kind == TokenKind::Identifier => {
                        self.at += 1;
                        e = MacroExpr::Field(Box::new(e), t.text.clone());
                    }
                    _ => return Err(Untranslatable("`->` without a field name".into())),
                }
                continue;
            }
            if !self.peek("(") {
                return Ok(e);
            }
            let MacroExpr::Name(f) = e else {
                return Err(Untranslatable("a call of a value that is not a name".into()));
            };
            self.at += 1;
            let mut args = Vec::new();
            if !self.peek(")") {
                args.push(self.expr()?);
                while self.peek(",") {
                    self.at += 1;
                    args.push(self.expr()?);
                }
            }
            self.expect(")")?;
            e = MacroExpr::Call(f, args);
        }
    }

    /// At `( type-name )` followed by an operand: where the operand starts.
    /// A parameter may name the type only under a `*` (`(ct*) p`, GLib's
    /// casts): `(x) (y)` is a call.
    fn cast_end(&self) -> Option<usize> {
        if !self.peek("(") {
            return None;
        }
        let close = self.at + 1 + self.toks[self.at + 1..].iter().position(|t| t.text == ")")?;
        let inside = &self.toks[self.at + 1..close];
        let pointer = inside.iter().any(|t| t.text == "*");
        let typename = !inside.is_empty()
            && inside.iter().all(|t| {
                t.kind == TokenKind::Keyword
                    || (t.kind == TokenKind::Identifier && (pointer || self.param(t).is_none()))
                    || t.text == "*"
            });
        let operand = self.toks.get(close + 1).is_some_and(|t| {
            matches!(t.kind, TokenKind::Literal | TokenKind::Identifier)
                || ["(", "-", "~", "!", "sizeof"].contains(&t.text.as_str())
        });
        (typename && operand).then_some(close + 1)
    }

    fn primary(&mut self) -> R<MacroExpr> {
        let Some(t) = self.toks.get(self.at) else { return Err(Untranslatable("its end".into())) };
        self.at += 1;
        match t.kind {
            TokenKind::Punctuation if t.text == "(" => {
                let e = self.expr()?;
                self.expect(")")?;
                Ok(e)
            }
            TokenKind::Keyword if t.text == "sizeof" => {
                // sizeof(a type name): its words, and pointer stars
                self.expect("(")?;
                let close = self.at
                    + self.toks[self.at..]
                        .iter()
                        .position(|t| t.text == ")")
                        .ok_or_else(|| Untranslatable("`sizeof` without its `)`".into()))?;
                let inside = &self.toks[self.at..close];
                let is_type = !inside.is_empty()
                    && inside.iter().all(|t| {
                        matches!(t.kind, TokenKind::Keyword | TokenKind::Identifier)
                            && self.param(t).is_none()
                            || t.text == "*"
                    });
                if !is_type {
                    return Err(Untranslatable("`sizeof` of an expression".into()));
                }
                self.at = close + 1;
                Ok(MacroExpr::SizeOf(
                    inside.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "),
                ))
            }
            TokenKind::Identifier => Ok(match self.param(t) {
                Some(i) => MacroExpr::Param(i),
                None if t.text == "NULL" => MacroExpr::Nil,
                None => MacroExpr::Name(t.text.clone()),
            }),
            TokenKind::Literal => {
                let mut value = literal(&t.text)
                    .ok_or_else(|| Untranslatable(format!("the literal {}", t.text)))?;
                // adjacent string literals are one string
                while let (MacroExpr::Str(s), Some(next)) = (
                    &mut value,
                    self.toks
                        .get(self.at)
                        .filter(|n| n.kind == TokenKind::Literal && n.text.starts_with('"')),
                ) {
                    s.push_str(
                        &unquote(&next.text)
                            .ok_or_else(|| Untranslatable(format!("the literal {}", next.text)))?,
                    );
                    self.at += 1;
                }
                Ok(value)
            }
            _ => Err(Untranslatable(format!("`{}`", t.text))),
        }
    }
}

/// A C literal: an integer (any base, suffixes dropped), a floating-point
/// number, a string or a character (its code).
fn literal(text: &str) -> Option<MacroExpr> {
    if text.starts_with('"') {
        return unquote(text).map(MacroExpr::Str);
    }
    if let Some(body) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        let c = unquote(&format!("\"{body}\""))?;
        let mut chars = c.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) => Some(MacroExpr::Int(c as i128)),
            _ => None,
        };
    }
    let lower = text.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        return u64::from_str_radix(hex.trim_end_matches(['u', 'l']), 16)
            .ok()
            .map(|u| MacroExpr::Int(u.into()));
    }
    if lower.contains(['.', 'e']) {
        return lower.trim_end_matches(['f', 'l']).parse().ok().map(MacroExpr::Float);
    }
    let digits = lower.trim_end_matches(['u', 'l']);
    match digits.strip_prefix('0').filter(|d| !d.is_empty()) {
        Some(octal) => u64::from_str_radix(octal, 8).ok(),
        None => digits.parse().ok(),
    }
    .map(|u: u64| MacroExpr::Int(u.into()))
}

/// The text of a C string literal's spelling (`"a\tb"`), if it is a plain one.
pub(crate) fn unquote(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            c @ ('\\' | '"' | '\'' | '?') => c,
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        // enough of C's tokens for the tests: words, literals, punctuation
        text.split_whitespace()
            .map(|w| {
                let kind = match w.chars().next().unwrap_or(' ') {
                    c if c.is_ascii_digit() || c == '"' || c == '\'' => TokenKind::Literal,
                    c if c.is_alphabetic() || c == '_' => {
                        if ["int", "long", "unsigned", "const"].contains(&w) {
                            TokenKind::Keyword
                        } else {
                            TokenKind::Identifier
                        }
                    }
                    _ => TokenKind::Punctuation,
                };
                Token { kind, text: w.into() }
            })
            .collect()
    }

    #[test]
    fn calls_casts_and_literals_translate() {
        let def = MacroDef {
            params: vec!["s".into(), "f".into()],
            body: tokens("SDL_SaveBMP_RW ( s , SDL_RWFromFile ( f , \"wb\" ) , 1 )"),
        };
        let call = MacroExpr::Call(
            "SDL_RWFromFile".into(),
            vec![MacroExpr::Param(1), MacroExpr::Str("wb".into())],
        );
        assert_eq!(
            def.translate(),
            Ok(MacroExpr::Call(
                "SDL_SaveBMP_RW".into(),
                vec![MacroExpr::Param(0), call, MacroExpr::Int(1)]
            ))
        );
        let def = MacroDef {
            params: vec!["x".into()],
            body: tokens("( ( long ) f ( ( x ) , NULL , 0x10u , - 2.5f ) )"),
        };
        let args = vec![
            MacroExpr::Param(0),
            MacroExpr::Nil,
            MacroExpr::Int(16),
            MacroExpr::Unary(UnOp::Neg, Box::new(MacroExpr::Float(2.5))),
        ];
        assert_eq!(def.translate(), Ok(MacroExpr::Call("f".into(), args)));
        let def = MacroDef { params: vec!["x".into()], body: tokens("( x ) = 1") };
        assert_eq!(def.translate(), Err(Untranslatable("`=`".into())));
        // GLib's instance cast: a type parameter under `*`, casts dropped
        let def = MacroDef { params: vec!["ip".into(), "gt".into(), "ct".into()], body: tokens("( ( ct * ) ( void * ) g_type_check_instance_cast ( ( GTypeInstance * ) ( ip ) , ( gt ) ) )") };
        assert_eq!(
            def.translate(),
            Ok(MacroExpr::Call(
                "g_type_check_instance_cast".into(),
                vec![MacroExpr::Param(0), MacroExpr::Param(1)]
            ))
        );
    }

    #[test]
    fn operators_bind_as_in_c() {
        use MacroExpr::{Binary, Int, Param};
        let bin = |op, a, b| Binary(op, Box::new(a), Box::new(b));
        // S_ISREG through __S_ISTYPE: & inside ==
        let def = MacroDef {
            params: vec!["mode".into(), "mask".into()],
            body: tokens("( ( ( mode ) & 0170000 ) == ( mask ) )"),
        };
        assert_eq!(
            def.translate(),
            Ok(bin(BinOp::Eq, bin(BinOp::BitAnd, Param(0), Int(0o170000)), Param(1)))
        );
        let def = MacroDef {
            params: vec!["a".into(), "b".into()],
            body: tokens("a + b * 2 << 1 | a && ! b || b"),
        };
        let sum = bin(BinOp::Add, Param(0), bin(BinOp::Mul, Param(1), Int(2)));
        let or = bin(BinOp::BitOr, bin(BinOp::Shl, sum, Int(1)), Param(0));
        let and = bin(BinOp::And, or, MacroExpr::Unary(UnOp::Not, Box::new(Param(1))));
        assert_eq!(def.translate(), Ok(bin(BinOp::Or, and, Param(1))));
        let def =
            MacroDef { params: vec!["a".into()], body: tokens("a - 1 - 2 ? a : a > 0 ? 1 : 2") };
        let c = MacroExpr::Cond(
            Box::new(bin(BinOp::Gt, Param(0), Int(0))),
            Box::new(Int(1)),
            Box::new(Int(2)),
        );
        assert_eq!(
            def.translate(),
            Ok(MacroExpr::Cond(
                Box::new(bin(BinOp::Sub, bin(BinOp::Sub, Param(0), Int(1)), Int(2))),
                Box::new(Param(0)),
                Box::new(c)
            ))
        );
    }

    #[test]
    fn literals() {
        assert_eq!(literal("017"), Some(MacroExpr::Int(15)));
        assert_eq!(literal("0"), Some(MacroExpr::Int(0)));
        assert_eq!(literal("'a'"), Some(MacroExpr::Int(97)));
    }
}
