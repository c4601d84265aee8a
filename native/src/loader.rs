//! The loader beside a WASI command module: `node prog.mjs args...` runs
//! `prog.wasm` with its arguments, the environment and the current folder,
//! and exits with its status. A trap (which nothing inside a module can
//! catch) is reported as the program stopping, status 1, not as node's
//! stack trace.

use elle::target::{System, Target};
use std::path::Path;

const LOADER: &str = include_str!("loader.mjs");

/// Writes the loader for `module` beside it (`prog.wasm` → `prog.mjs`),
/// where its target's programs need one.
pub fn write_beside(target: &Target, module: &Path) -> Result<(), String> {
    if target.system != System::Wasi {
        return Ok(());
    }
    let file = module
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} names no file", module.display()))?;
    let text = LOADER.replace("MODULE.wasm", &js_string_body(&file));
    let path = module.with_extension("mjs");
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `s` as the inside of a JavaScript single-quoted string.
fn js_string_body(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '\\' | '\'' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}
