//! C names as Lisp names: `gtk_window_new` → `gtk-window-new`,
//! `SDL_CreateWindow` → `sdl-create-window`, `LLVMModuleCreateWithName` →
//! `llvm-module-create-with-name`. Words split at `_` and at case changes
//! (an upper-case run before a capitalised word is a word of its own).

pub fn lisp_name(c: &str) -> String {
    let b = c.as_bytes();
    let mut out = String::with_capacity(c.len() + 4);
    for (i, &ch) in b.iter().enumerate() {
        if ch == b'_' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if ch.is_ascii_uppercase() && i > 0 {
            let prev = b[i - 1];
            let next_lower = b.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower);
            if boundary && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        // C identifiers are ASCII; anything else passes through unchanged
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase() as char);
        } else {
            let rest = &c[i..];
            if let Some(ch) = rest.chars().next().filter(|_| c.is_char_boundary(i)) {
                out.push(ch);
            }
        }
    }
    out
}

/// Lisp names of a header's functions, to their C names. Two C names with
/// one Lisp name (`gtk_foo` and `gtkFoo`): the first in C order keeps it,
/// the other is reached by its C name — but a name without leading
/// underscores always wins over the implementation's (`lgamma_r`, not
/// `__lgamma_r`, is `lgamma-r`).
pub fn lisp_names<'a>(
    c_names: impl Iterator<Item = &'a String>,
) -> rustc_hash::FxHashMap<String, String> {
    let mut sorted: Vec<&String> = c_names.collect();
    sorted.sort_by_key(|c| (c.starts_with('_'), c.as_str()));
    let mut lisp = rustc_hash::FxHashMap::default();
    for c in sorted {
        lisp.entry(lisp_name(c)).or_insert_with(|| c.clone());
    }
    lisp
}

#[cfg(test)]
mod tests {
    use super::lisp_name;

    #[test]
    fn maps_the_briefs_examples() {
        assert_eq!(lisp_name("gtk_window_new"), "gtk-window-new");
        assert_eq!(lisp_name("SDL_CreateWindow"), "sdl-create-window");
        assert_eq!(lisp_name("LLVMModuleCreateWithName"), "llvm-module-create-with-name");
        assert_eq!(lisp_name("crc32"), "crc32");
        assert_eq!(lisp_name("zlibVersion"), "zlib-version");
        assert_eq!(lisp_name("SDL_GL_SetAttribute"), "sdl-gl-set-attribute");
        assert_eq!(lisp_name("__errno_location"), "errno-location");
    }

    #[test]
    fn public_names_win_lisp_names() {
        let c: Vec<String> =
            ["__lgamma_r", "lgamma_r", "gtk_foo", "gtkFoo"].iter().map(|s| s.to_string()).collect();
        let lisp = super::lisp_names(c.iter());
        assert_eq!(lisp["lgamma-r"], "lgamma_r");
        assert_eq!(lisp["gtk-foo"], "gtkFoo");
    }
}
