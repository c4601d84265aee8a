//! The reader: source text to `Datum`s with spans.
//!
//! Grammar (see docs/language.md): comments `;`, `#| |#` (nesting), `#;`
//! (datum); lists `( )`, vectors `[ ]` and `#( )`, dotted tails; quote
//! shorthands `' \` , ,@`; strings with `\n \t \r \a \b \0 \\ \" \xHH;`;
//! characters `#\a #\space #\x41`; `#t #f #true #false`; keywords `:k`;
//! numbers (`elle_parse_number`, shared with `string->number`); `nil`.

use crate::diag::Diag;
use crate::source::Span;
use crate::syntax::datum::{Datum, DatumKind};
use elle_runtime::{self as rt};

pub fn read_all(text: &str, file: u32) -> Result<Vec<Datum>, Diag> {
    // a UTF-8 byte-order mark some editors write is not part of the program
    let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut r = Reader { src: text.as_bytes(), text, pos, file, depth: 0 };
    let mut out = Vec::new();
    loop {
        r.skip_atmosphere()?;
        if r.pos >= r.src.len() {
            return Ok(out);
        }
        out.push(r.datum()?);
    }
}

struct Reader<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    file: u32,
    /// lists and vectors open around the datum being read
    depth: usize,
}

/// Nesting deeper than this is an error: reading, expanding and compiling
/// a form recurse once per level, and a program's native stack is finite.
pub const MAX_NESTING: usize = 100_000;

const CHAR_NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("newline", '\n'),
    ("tab", '\t'),
    ("return", '\r'),
    ("nul", '\0'),
    ("null", '\0'),
    ("delete", '\x7f'),
    ("escape", '\x1b'),
    ("backspace", '\x08'),
    ("alarm", '\x07'),
    ("linefeed", '\n'),
];

fn is_delimiter(c: u8) -> bool {
    c.is_ascii_whitespace() || matches!(c, b'(' | b')' | b'[' | b']' | b'"' | b';')
}

impl<'a> Reader<'a> {
    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }
    fn line_of(&self, pos: usize) -> usize {
        self.src[..pos].iter().filter(|&&c| c == b'\n').count() + 1
    }
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }
    fn peek_at(&self, k: usize) -> Option<u8> {
        self.src.get(self.pos + k).copied()
    }
    fn err(&self, msg: impl Into<String>, start: usize, end: usize) -> Diag {
        Diag::new(
            msg,
            Span::new(self.file, start, end.max(start + 1).min(self.src.len().max(start + 1))),
        )
    }
    fn incomplete(&self, msg: impl Into<String>, start: usize) -> Diag {
        let mut d = self.err(msg, start, start + 1);
        d.incomplete = true;
        d
    }

    /// Whitespace and comments, including `#;` datum comments.
    fn skip_atmosphere(&mut self) -> Result<(), Diag> {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b';') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'#') if self.peek_at(1) == Some(b'|') => {
                    let start = self.pos;
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => {
                                return Err(self
                                    .incomplete("unclosed block comment '#|' opened here", start))
                            }
                            (Some(b'|'), Some(b'#')) => {
                                depth -= 1;
                                self.pos += 2;
                            }
                            (Some(b'#'), Some(b'|')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                Some(b'#') if self.peek_at(1) == Some(b';') => {
                    self.pos += 2;
                    self.skip_atmosphere()?;
                    if self.peek().is_none() {
                        return Err(self.incomplete(
                            "'#;' must be followed by a datum",
                            self.pos.saturating_sub(2),
                        ));
                    }
                    self.datum()?;
                }
                _ => return Ok(()),
            }
        }
    }

    fn datum(&mut self) -> Result<Datum, Diag> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Diag::new(
                format!("the form nests more than {MAX_NESTING} levels deep"),
                self.span(self.pos),
            ));
        }
        let d = self.datum_here();
        self.depth -= 1;
        d
    }

    fn datum_here(&mut self) -> Result<Datum, Diag> {
        let start = self.pos;
        let c = self.peek().expect("datum() is called before end of input");
        match c {
            b'(' => {
                self.pos += 1;
                self.list(start, b')')
            }
            b'[' => {
                self.pos += 1;
                self.vector(start, "[", b']')
            }
            b')' | b']' => {
                self.pos += 1;
                Err(self.err(format!("unexpected '{}'", c as char), start, self.pos))
            }
            b'\'' => self.shorthand(start, 1, "quote"),
            b'`' => self.shorthand(start, 1, "quasiquote"),
            b',' if self.peek_at(1) == Some(b'@') => self.shorthand(start, 2, "unquote-splicing"),
            b',' => self.shorthand(start, 1, "unquote"),
            b'"' => self.string(start),
            b'#' => self.hash(start),
            _ => self.atom(start),
        }
    }

    fn shorthand(&mut self, start: usize, len: usize, name: &str) -> Result<Datum, Diag> {
        self.pos += len;
        self.skip_atmosphere()?;
        if self.peek().is_none() {
            return Err(self.incomplete(
                format!("'{}' must be followed by a datum", &self.text[start..start + len]),
                start,
            ));
        }
        if matches!(self.peek(), Some(b')') | Some(b']')) {
            return Err(self.err(
                format!("'{}' must be followed by a datum", &self.text[start..start + len]),
                start,
                start + len,
            ));
        }
        let inner = self.datum()?;
        let head = Datum::sym(name, Span::new(self.file, start, start + len));
        Ok(Datum::new(DatumKind::List(vec![head, inner].into(), None), self.span(start)))
    }

    fn list(&mut self, start: usize, close: u8) -> Result<Datum, Diag> {
        let mut items = Vec::new();
        let mut tail = None;
        loop {
            self.skip_atmosphere()?;
            let Some(c) = self.peek() else {
                return Err(self.incomplete("unclosed '(' opened here", start));
            };
            if c == b')' || c == b']' {
                if c != close {
                    return Err(self
                        .err(
                            format!(
                                "expected '{}' to close '{}', found '{}'",
                                close as char,
                                opener(close),
                                c as char
                            ),
                            self.pos,
                            self.pos + 1,
                        )
                        .note(format!(
                            "the '{}' is at line {}",
                            opener(close),
                            self.line_of(start)
                        )));
                }
                self.pos += 1;
                break;
            }
            if c == b'.' && self.peek_at(1).is_none_or(is_delimiter) {
                let dot = self.pos;
                self.pos += 1;
                if items.is_empty() {
                    return Err(self.err(
                        "a dotted list needs an element before '.'",
                        dot,
                        dot + 1,
                    ));
                }
                self.skip_atmosphere()?;
                if self.peek().is_none() {
                    return Err(self.incomplete("unclosed '(' opened here", start));
                }
                if matches!(self.peek(), Some(b')') | Some(b']')) {
                    return Err(self.err("a dotted list needs one datum after '.'", dot, dot + 1));
                }
                tail = Some(std::rc::Rc::new(self.datum()?));
                self.skip_atmosphere()?;
                match self.peek() {
                    None => return Err(self.incomplete("unclosed '(' opened here", start)),
                    Some(c2) if c2 == close => {
                        self.pos += 1;
                        break;
                    }
                    Some(_) => {
                        return Err(self.err(
                            "a dotted list has exactly one datum after '.'",
                            dot,
                            dot + 1,
                        ))
                    }
                }
            }
            items.push(self.datum()?);
        }
        if items.is_empty() {
            return Ok(Datum::new(DatumKind::Nil, self.span(start)));
        }
        Ok(Datum::new(DatumKind::List(items.into(), tail), self.span(start)))
    }

    fn vector(&mut self, start: usize, open: &str, close: u8) -> Result<Datum, Diag> {
        let mut items = Vec::new();
        loop {
            self.skip_atmosphere()?;
            let Some(c) = self.peek() else {
                return Err(self.incomplete(format!("unclosed '{open}' opened here"), start));
            };
            if c == b')' || c == b']' {
                if c != close {
                    return Err(self.err(
                        format!(
                            "expected '{}' to close the vector, found '{}'",
                            close as char, c as char
                        ),
                        self.pos,
                        self.pos + 1,
                    ));
                }
                self.pos += 1;
                return Ok(Datum::new(DatumKind::Vector(items.into()), self.span(start)));
            }
            items.push(self.datum()?);
        }
    }

    /// `#u8(1 2 255)`: a bytevector, self-evaluating (the runtime's value,
    /// kept for the program's life as every literal is).
    fn bytevector(&mut self, start: usize) -> Result<Datum, Diag> {
        let DatumKind::Vector(items) = self.vector(start, "#u8(", b')')?.kind else {
            unreachable!("a vector was read")
        };
        let mut bytes = Vec::with_capacity(items.len());
        for d in items.iter() {
            match d.kind {
                DatumKind::Int(b @ 0..=255) => bytes.push(b as u8),
                _ => {
                    return Err(Diag::new(
                        format!("a bytevector holds bytes (integers 0 to 255), not {}", d.show()),
                        d.span,
                    ))
                }
            }
        }
        Ok(Datum::new(DatumKind::Value(rt::bytevector(&bytes)), self.span(start)))
    }

    fn string(&mut self, start: usize) -> Result<Datum, Diag> {
        self.pos += 1;
        let mut s = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.incomplete("unterminated string starting here", start));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(Datum::new(DatumKind::Str(s), self.span(start)));
                }
                b'\\' => {
                    let esc = self.pos;
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.incomplete("unterminated string starting here", start));
                    };
                    self.pos += 1;
                    match e {
                        b'n' => s.push('\n'),
                        b't' => s.push('\t'),
                        b'r' => s.push('\r'),
                        b'a' => s.push('\x07'),
                        b'b' => s.push('\x08'),
                        b'0' => s.push('\0'),
                        b'\\' => s.push('\\'),
                        b'"' => s.push('"'),
                        b'x' | b'X' => {
                            let hex_start = self.pos;
                            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                self.pos += 1;
                            }
                            let hex = &self.text[hex_start..self.pos];
                            if self.peek() != Some(b';') || hex.is_empty() {
                                return Err(self.err(
                                    "a '\\x' escape is hex digits ended by ';', as in \\x41;",
                                    esc,
                                    self.pos,
                                ));
                            }
                            self.pos += 1;
                            let ch = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                            match ch {
                                Some(ch) => s.push(ch),
                                None => {
                                    return Err(self.err(
                                        format!("\\x{hex}; is not a Unicode scalar value"),
                                        esc,
                                        self.pos,
                                    ))
                                }
                            }
                        }
                        b'\n' | b' ' | b'\t' | b'\r' => {
                            // line continuation: \ <spaces> newline <spaces>
                            let mut p = self.pos - 1;
                            while matches!(self.src.get(p), Some(b' ') | Some(b'\t') | Some(b'\r'))
                            {
                                p += 1;
                            }
                            if self.src.get(p) != Some(&b'\n') {
                                return Err(self.err(
                                    "'\\' followed by spaces must end the line",
                                    esc,
                                    p,
                                ));
                            }
                            p += 1;
                            while matches!(self.src.get(p), Some(b' ') | Some(b'\t')) {
                                p += 1;
                            }
                            self.pos = p;
                        }
                        _ => {
                            let ch = self.text[esc + 1..].chars().next().unwrap_or('?');
                            return Err(self.err(
                                format!("unknown escape '\\{ch}' in string"),
                                esc,
                                esc + 1 + ch.len_utf8(),
                            ));
                        }
                    }
                }
                _ => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                    s.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
    }

    fn token(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(|c| !is_delimiter(c)) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn hash(&mut self, start: usize) -> Result<Datum, Diag> {
        match self.peek_at(1) {
            Some(b'(') => {
                self.pos += 2;
                self.vector(start, "#(", b')')
            }
            Some(b'u') if self.text[self.pos..].starts_with("#u8(") => {
                self.pos += 4;
                self.bytevector(start)
            }
            Some(b'\\') => {
                self.pos += 2;
                // the first character is taken whatever it is (#\( and #\space)
                let first = self.text[self.pos..].chars().next();
                let Some(first) = first else {
                    return Err(self.incomplete("'#\\' must be followed by a character", start));
                };
                self.pos += first.len_utf8();
                while self.peek().is_some_and(|c| !is_delimiter(c)) {
                    self.pos += 1;
                }
                let name = &self.text[start + 2..self.pos];
                let ch = if name.chars().count() == 1 {
                    Some(first)
                } else if let Some((_, c)) = CHAR_NAMES.iter().find(|(n, _)| *n == name) {
                    Some(*c)
                } else if (name.starts_with('x') || name.starts_with('U') || name.starts_with('u'))
                    && name.len() > 1
                {
                    u32::from_str_radix(&name[1..], 16).ok().and_then(char::from_u32)
                } else {
                    None
                };
                match ch {
                    Some(c) => Ok(Datum::new(DatumKind::Char(c), self.span(start))),
                    None => Err(self.err(
                        format!("unknown character name '#\\{name}'"),
                        start,
                        self.pos,
                    )),
                }
            }
            _ => {
                let tok = self.token();
                match tok {
                    "#t" | "#true" => Ok(Datum::new(DatumKind::Bool(true), self.span(start))),
                    "#f" | "#false" => Ok(Datum::new(DatumKind::Bool(false), self.span(start))),
                    _ if tok.len() > 2
                        && matches!(
                            &tok[..2],
                            "#x" | "#X"
                                | "#b"
                                | "#B"
                                | "#o"
                                | "#O"
                                | "#d"
                                | "#D"
                                | "#e"
                                | "#E"
                                | "#i"
                                | "#I"
                        ) =>
                    {
                        self.number(tok, start)?
                            .ok_or_else(|| self.err(format!("bad number '{tok}'"), start, self.pos))
                    }
                    _ => Err(self.err(
                        format!("unknown syntax '{tok}'"),
                        start,
                        self.pos.max(start + 1),
                    )),
                }
            }
        }
    }

    fn number(&self, tok: &str, start: usize) -> Result<Option<Datum>, Diag> {
        // SAFETY: the runtime only reads `tok`'s bytes.
        let v = unsafe { rt::elle_parse_number(tok.as_ptr() as *const _, tok.len(), 10) };
        let span = self.span(start);
        if v == rt::EXC {
            let e = unsafe { rt::elle_pending_error() };
            unsafe { rt::elle_clear_error() };
            return Err(Diag::new(rt::error_text(e), span));
        }
        if v == rt::FALSE {
            return Ok(None);
        }
        let kind = if rt::is(v, rt::Kind::Float) {
            DatumKind::Float(unsafe { rt::elle_float_value(v) })
        } else {
            DatumKind::Int(unsafe { rt::elle_integer_wide(v) })
        };
        Ok(Some(Datum::new(kind, span)))
    }

    fn atom(&mut self, start: usize) -> Result<Datum, Diag> {
        let tok = self.token();
        if tok.is_empty() {
            // a lone non-delimiter byte sequence cannot be empty; guard anyway
            self.pos += 1;
            return Err(self.err("unexpected character", start, self.pos));
        }
        if let Some(d) = self.number(tok, start)? {
            return Ok(d);
        }
        let b = tok.as_bytes();
        let numeric_start = b[0].is_ascii_digit()
            || (matches!(b[0], b'+' | b'-' | b'.')
                && b.len() > 1
                && (b[1].is_ascii_digit()
                    || (b[1] == b'.' && b.len() > 2 && b[2].is_ascii_digit())));
        if numeric_start {
            return Err(self.err(format!("bad number '{tok}'"), start, self.pos));
        }
        let span = self.span(start);
        if tok == "nil" {
            return Ok(Datum::new(DatumKind::Nil, span));
        }
        if let Some(name) = tok.strip_prefix(':') {
            if name.is_empty() {
                return Err(self.err("a keyword needs a name after ':'", start, self.pos));
            }
            return Ok(Datum::new(DatumKind::Keyword(rt::keyword(name)), span));
        }
        Ok(Datum::new(DatumKind::Symbol(rt::intern(tok)), span))
    }
}

fn opener(close: u8) -> char {
    if close == b')' {
        '('
    } else {
        '['
    }
}
