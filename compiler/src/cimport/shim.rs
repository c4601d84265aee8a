//! Shims for `static` (`static inline`) header functions, which have no
//! symbol in any library: a small C file includes the header and exports
//! `elle_shim_NAME`, a pointer to the function (taking its address makes
//! the C compiler emit it). Compiled code links the shim object and calls
//! through the pointer; `elle` compiles a shared object and loads it. A C
//! variable is read the same way, through a function the shim defines that
//! returns its value (an array's: a pointer to its first element).

use crate::ctype::CFunction;
use crate::target::Target;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The symbol of the pointer to `c_name`.
pub fn symbol(c_name: &str) -> String {
    format!("elle_shim_{c_name}")
}

fn source(funcs: &[&CFunction]) -> String {
    let mut headers: Vec<&str> =
        funcs.iter().filter_map(|f| f.shim()).map(|s| s.header.as_str()).collect();
    headers.sort();
    headers.dedup();
    let mut src: String = headers.iter().map(|h| format!("#include <{h}>\n")).collect();
    for f in funcs {
        let name = &f.c_name;
        if f.shim().is_some_and(|s| s.variable) {
            // `+ 0` decays an array to a pointer and leaves anything else be
            let value = if matches!(f.ret, crate::ctype::CType::Record(_)) {
                name.to_string()
            } else {
                format!("({name} + 0)")
            };
            src.push_str(&format!(
                "static __typeof__({value}) elle_read_{name}(void) {{ return {value}; }}\n"
            ));
            src.push_str(&format!(
                "__typeof__(elle_read_{name}) *{} = elle_read_{name};\n",
                symbol(name)
            ));
        } else {
            src.push_str(&format!("__typeof__({name}) *{} = {name};\n", symbol(name)));
        }
    }
    src
}

/// Compile the shims of `funcs` (those with one) in `dir` for `target`: an
/// object file if `shared` is false, else a shared object. None if there
/// are none.
pub fn compile(
    target: &Target,
    funcs: &[&CFunction],
    dir: &Path,
    shared: bool,
) -> Result<Option<PathBuf>, String> {
    let funcs: Vec<&CFunction> = funcs.iter().copied().filter(|f| f.shim().is_some()).collect();
    if funcs.is_empty() {
        return Ok(None);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let c = dir.join("elle-shims.c");
    std::fs::write(&c, source(&funcs)).map_err(|e| format!("cannot write {}: {e}", c.display()))?;
    let out = dir.join(if shared { "elle-shims.so" } else { "elle-shims.o" });
    let (driver, driver_args) = target.cc.split_first().expect("a target names its driver");
    let mut cmd = Command::new(driver);
    cmd.args(driver_args);
    cmd.args(["-O2", "-fPIC", "-w"]).arg(if shared { "-shared" } else { "-c" });
    let mut cflags: Vec<&String> =
        funcs.iter().filter_map(|f| f.shim()).flat_map(|s| s.cflags.iter()).collect();
    cflags.dedup();
    cmd.args(cflags).arg("-o").arg(&out).arg(&c);
    let o = cmd
        .output()
        .map_err(|e| format!("cannot run the C compiler for static inline functions: {e}"))?;
    if !o.status.success() {
        return Err(format!(
            "compiling the shims of static inline functions failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    Ok(Some(out))
}
