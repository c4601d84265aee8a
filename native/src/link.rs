//! Linking an executable: the program's object file, the runtime archive
//! (carried inside ellec, so it needs nothing beside itself), the user's
//! -L/-l and the target's system libraries, through the target's C
//! compiler driver.

use elle::target::Target;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The runtime archive of each target (`Target::name`); an empty one was
/// not built (runtime/build.rs says why).
const RUNTIME_ARCHIVES: &[(&str, &[u8])] = &[
    ("x86_64", include_bytes!(env!("ELLE_RT_ARCHIVE"))),
    ("wasm32", include_bytes!(env!("ELLE_RT_WASM32_ARCHIVE"))),
];

/// The runtime `target`'s programs link, or why there is none.
pub fn runtime_archive(target: &Target) -> Result<&'static [u8], String> {
    match RUNTIME_ARCHIVES.iter().find(|(name, _)| *name == target.name) {
        Some((_, archive)) if !archive.is_empty() => Ok(archive),
        Some(_) => Err(format!(
            "this ellec has no runtime for {}: it was built where clang-19, llvm-19 and its C library (for wasm32: Debian's wasi-libc) were not installed; install them and build ellec again",
            target.name
        )),
        None => Err(format!("this ellec has no runtime for {}", target.name)),
    }
}

pub struct LinkOptions<'a> {
    pub target: &'static Target,
    pub lib_dirs: &'a [PathBuf],
    pub libs: &'a [String],
    /// Linker arguments of the C libraries the program imports.
    pub imported: &'a [String],
    /// Print the link command.
    pub verbose: bool,
    /// Keep debug information (`-g`).
    pub debug: bool,
}

/// Link `object` into the executable `out`.
pub fn link(object: &Path, out: &Path, work: &Path, opts: &LinkOptions) -> Result<(), String> {
    let archive = work.join("libelle_rt.a");
    std::fs::write(&archive, runtime_archive(opts.target)?)
        .map_err(|e| format!("cannot write {}: {e}", archive.display()))?;
    let (driver, driver_args) = opts.target.cc.split_first().expect("a target names its driver");
    let mut cmd = Command::new(driver);
    cmd.args(driver_args);
    cmd.arg("-o").arg(out).arg(object).arg(&archive);
    for d in opts.lib_dirs {
        cmd.arg(format!("-L{}", d.display()));
    }
    cmd.args(opts.imported);
    for l in opts.libs {
        cmd.arg(format!("-l{l}"));
    }
    cmd.args(opts.target.system_libs);
    cmd.args(opts.target.link_flags);
    // a module is shipped whole: without -g, none of the runtime's and C
    // libraries' debug sections (half a hello module)
    if !opts.debug && opts.target.system == elle::target::System::Wasi {
        cmd.arg("-Wl,--strip-debug");
    }
    // the runtime inside was built with sanitizers: their runtimes too
    if !env!("ELLE_RT_SANITIZE").is_empty() {
        cmd.arg(concat!("-fsanitize=", env!("ELLE_RT_SANITIZE")));
    }
    if opts.verbose {
        eprintln!("{}", shell_words(&cmd));
    }
    let output = cmd.output().map_err(|e| format!("cannot run the linker {driver}: {e}"))?;
    if !output.status.success() {
        return Err(format!("linking failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(())
}

fn shell_words(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
