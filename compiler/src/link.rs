//! Linking an executable: the program's object file, the runtime archive
//! (carried inside ellec, so it needs nothing beside itself), libm, and the
//! user's -L/-l, through the system C compiler driver found by `cc`.

use std::path::{Path, PathBuf};
use std::process::Command;

const RUNTIME_ARCHIVE: &[u8] = include_bytes!(env!("ELLE_RT_ARCHIVE"));

pub struct LinkOptions<'a> {
    pub lib_dirs: &'a [PathBuf],
    pub libs: &'a [String],
    /// Linker arguments of the C libraries the program imports.
    pub imported: &'a [String],
    /// Print the link command.
    pub verbose: bool,
}

/// Link `object` into the executable `out`.
pub fn link(object: &Path, out: &Path, work: &Path, opts: &LinkOptions) -> Result<(), String> {
    let archive = work.join("libelle_rt.a");
    std::fs::write(&archive, RUNTIME_ARCHIVE)
        .map_err(|e| format!("cannot write {}: {e}", archive.display()))?;
    let compiler = cc::Build::new()
        .target(&host_triple())
        .host(&host_triple())
        .opt_level(0)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .no_default_flags(true)
        .warnings(false)
        .try_get_compiler()
        .map_err(|e| format!("no C compiler to link with: {e}"))?;
    let mut cmd: Command = compiler.to_command();
    cmd.arg("-o").arg(out).arg(object).arg(&archive);
    for d in opts.lib_dirs {
        cmd.arg(format!("-L{}", d.display()));
    }
    cmd.args(opts.imported);
    for l in opts.libs {
        cmd.arg(format!("-l{l}"));
    }
    cmd.args(["-lm", "-lpthread"]);
    // the runtime inside was built with sanitizers: their runtimes too
    if !env!("ELLE_RT_SANITIZE").is_empty() {
        cmd.arg(concat!("-fsanitize=", env!("ELLE_RT_SANITIZE")));
    }
    if opts.verbose {
        eprintln!("{}", shell_words(&cmd));
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run the linker {}: {e}", compiler.path().display()))?;
    if !output.status.success() {
        return Err(format!("linking failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(())
}

fn host_triple() -> String {
    // what this compiler was built for, which is the machine it runs on
    format!("{}-unknown-linux-gnu", std::env::consts::ARCH)
}

fn shell_words(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
