//! C names as Lisp names: `gtk_window_new` → `gtk-window-new`,
//! `SDL_CreateWindow` → `sdl-create-window`, `LLVMModuleCreateWithName` →
//! `llvm-module-create-with-name`. Words split at `_` and at case changes
//! (an upper-case run before a capitalised word is a word of its own).

pub fn lisp_name(c: &str) -> String {
    let chars: Vec<char> = c.chars().collect();
    let mut out = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        if ch == '_' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if ch.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            let boundary = prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower);
            if boundary && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.push(ch.to_ascii_lowercase());
    }
    out
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
}
