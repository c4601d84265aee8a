//! Mutations of a program's text, at the level of forms and bytes:
//! delete, duplicate, swap or transplant a form; drop or add a paren;
//! splice in an edge literal (the int64 edges and past them, `""`, `#\x0`,
//! NaN); nest a form deeply; insert bytes that are not UTF-8. The result
//! is any byte string: the executors must report a clear error or run it.

use super::rng::Rng;

/// A datum's byte range in the text (an atom, a string, or a whole list).
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
    list: bool,
}

/// The data of `text`, found by a forgiving scan (unbalanced parens and
/// bad bytes are skipped, never an error).
fn spans(text: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    let n = text.len();
    let delimiter =
        |c: u8| c.is_ascii_whitespace() || matches!(c, b'(' | b')' | b'[' | b']' | b'"' | b';');
    while i < n {
        let c = text[i];
        match c {
            b';' => {
                while i < n && text[i] != b'\n' {
                    i += 1;
                }
            }
            b'#' if i + 1 < n && text[i + 1] == b'|' => {
                let mut depth = 0;
                while i + 1 < n {
                    if text[i] == b'#' && text[i + 1] == b'|' {
                        depth += 1;
                        i += 2;
                    } else if text[i] == b'|' && text[i + 1] == b'#' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'(' | b'[' => {
                open.push(i);
                i += 1;
                continue;
            }
            b'#' if i + 1 < n && text[i + 1] == b'(' => {
                open.push(i);
                i += 2;
                continue;
            }
            b')' | b']' => {
                if let Some(start) = open.pop() {
                    out.push(Span { start, end: i + 1, list: true });
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < n && text[i] != b'"' {
                    if text[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push(Span { start, end: (i + 1).min(n), list: false });
            }
            b'\'' | b'`' | b',' | b'@' => {}
            c if c.is_ascii_whitespace() => {}
            _ => {
                let start = i;
                if c == b'#' && i + 2 < n && text[i + 1] == b'\\' {
                    i += 3;
                }
                while i < n && !delimiter(text[i]) {
                    i += 1;
                }
                out.push(Span { start, end: i.max(start + 1), list: false });
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Literals at the edges of what the reader and the primitives take.
const EDGE_LITERALS: [&str; 34] = [
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999999999999",
    "4611686018427387904",
    "-4611686018427387905",
    "0",
    "-1",
    "-0.0",
    "+nan.0",
    "+inf.0",
    "1e308",
    "1e400",
    "5e-324",
    "\"\"",
    "#\\x0",
    "#\\nul",
    "#\\x10FFFF",
    "#\\x110000",
    "#\\xD800",
    "\"\\x0;\"",
    "\"\\xD800;\"",
    "\"\\x110000;\"",
    "nil",
    "'()",
    "#t",
    "#f",
    ":kw",
    "[]",
    "(fn () 1)",
    "(make-hash-table)",
];

/// Names worth calling with the wrong things.
const NAMES: [&str; 28] = [
    "car",
    "cdr",
    "vector-ref",
    "string-ref",
    "substring",
    "apply",
    "map",
    "+",
    "*",
    "-",
    "/",
    "quotient",
    "expt",
    "make-vector",
    "iota",
    "list-tail",
    "string->symbol",
    "number->string",
    "integer->char",
    "hash-ref",
    "sort",
    "error",
    "exit",
    "length",
    "format",
    "string-append",
    "exact",
    "list->string",
];

/// One mutant of `text`: one to three mutations.
pub fn mutate(text: &[u8], donor: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut t = text.to_vec();
    let n = 1 + rng.below(3);
    for _ in 0..n {
        t = mutate_once(&t, donor, rng);
    }
    t
}

fn splice(t: &[u8], start: usize, end: usize, with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(t.len() + with.len());
    out.extend_from_slice(&t[..start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&t[end..]);
    out
}

fn mutate_once(t: &[u8], donor: &[u8], rng: &mut Rng) -> Vec<u8> {
    let forms = spans(t);
    if forms.is_empty() || t.is_empty() {
        return EDGE_LITERALS[rng.below(EDGE_LITERALS.len())].as_bytes().to_vec();
    }
    let f = forms[rng.below(forms.len())];
    let atoms: Vec<Span> = forms.iter().copied().filter(|s| !s.list).collect();
    match rng.below(13) {
        0 => splice(t, f.start, f.end, b""),
        1 => {
            let mut with = t[f.start..f.end].to_vec();
            with.push(b' ');
            with.extend_from_slice(&t[f.start..f.end]);
            splice(t, f.start, f.end, &with)
        }
        2 => {
            // swap two forms that do not overlap
            let g = forms[rng.below(forms.len())];
            let (a, b) = if f.start < g.start { (f, g) } else { (g, f) };
            if a.end > b.start {
                return splice(t, f.start, f.end, b"");
            }
            let mut out = t[..a.start].to_vec();
            out.extend_from_slice(&t[b.start..b.end]);
            out.extend_from_slice(&t[a.end..b.start]);
            out.extend_from_slice(&t[a.start..a.end]);
            out.extend_from_slice(&t[b.end..]);
            out
        }
        3 => {
            // a form from another program (or this one) in place of this one
            let d = spans(donor);
            let src = if d.is_empty() { t } else { donor };
            let g =
                if d.is_empty() { forms[rng.below(forms.len())] } else { d[rng.below(d.len())] };
            splice(t, f.start, f.end, &src[g.start..g.end])
        }
        4 => {
            // drop or add a paren
            let parens: Vec<usize> =
                (0..t.len()).filter(|&i| matches!(t[i], b'(' | b')' | b'[' | b']')).collect();
            if !parens.is_empty() && rng.chance(1, 2) {
                let p = parens[rng.below(parens.len())];
                splice(t, p, p + 1, b"")
            } else {
                let at = f.start;
                splice(t, at, at, if rng.chance(1, 2) { b"(" } else { b")" })
            }
        }
        5 | 6 => {
            let s = if atoms.is_empty() { f } else { atoms[rng.below(atoms.len())] };
            let lit = EDGE_LITERALS[rng.below(EDGE_LITERALS.len())];
            splice(t, s.start, s.end, lit.as_bytes())
        }
        7 => {
            let s = if atoms.is_empty() { f } else { atoms[rng.below(atoms.len())] };
            let name = NAMES[rng.below(NAMES.len())];
            splice(t, s.start, s.end, name.as_bytes())
        }
        8 => {
            // nest a form: moderately deep (EdgeShapes::deep_nesting goes
            // thousands deep)
            let depth = 1 + rng.below(200);
            let wrap = *rng.pick(&["(begin ", "(list ", "(car (list ", "(let () ", "(if #t "]);
            let close = if wrap == "(car (list " { "))" } else { ")" };
            let mut with = wrap.repeat(depth).into_bytes();
            with.extend_from_slice(&t[f.start..f.end]);
            with.extend_from_slice(close.repeat(depth).as_bytes());
            splice(t, f.start, f.end, &with)
        }
        9 => {
            // bytes that are not UTF-8, in code or inside a string
            let at = rng.below(t.len() + 1);
            const BAD: [&[u8]; 6] =
                [b"\xff", b"\xc3", b"\x80\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00"];
            let bad = BAD[rng.below(BAD.len())];
            splice(t, at, at, bad)
        }
        10 => {
            // a byte deleted or replaced
            let at = rng.below(t.len());
            if rng.chance(1, 2) {
                splice(t, at, at + 1, b"")
            } else {
                let b = *rng.pick(b"()[]\"'`,@#\\;|. 0x-");
                splice(t, at, at + 1, &[b])
            }
        }
        11 => {
            // a number replaced by a random one, small or huge
            let s = if atoms.is_empty() { f } else { atoms[rng.below(atoms.len())] };
            let v = if rng.chance(1, 2) {
                rng.range(-3, 3000).to_string()
            } else {
                (rng.next_u64() as i64).to_string()
            };
            splice(t, s.start, s.end, v.as_bytes())
        }
        _ => {
            // a list's head called with its own form as an argument
            if f.list && f.end - f.start > 2 {
                let mut with = t[f.start..f.end - 1].to_vec();
                with.push(b' ');
                with.extend_from_slice(&t[f.start..f.end]);
                with.push(b')');
                splice(t, f.start, f.end, &with)
            } else {
                splice(t, f.start, f.end, b"(error \"mutant\")")
            }
        }
    }
}
