//! Finding a library named by a program: a pkg-config package (`"zlib"`,
//! `"sdl2"`), a soname (`"libm.so.6"`), a path, or a bare library name
//! (`"m"`). The result says how `ellec` links it (a static archive when one
//! exists, unless dynamic linking is asked for) and what `elle` loads.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Debug)]
pub struct Library {
    /// As the program wrote it.
    pub spec: String,
    /// Flags for parsing its headers (include paths).
    pub cflags: Vec<String>,
    /// Linker arguments for shared objects.
    pub link_dynamic: Vec<String>,
    /// Linker arguments with static archives where they exist; `None` for
    /// a pkg-config package, whose are asked for when linking (`elle`
    /// never needs them).
    link_static: Option<Vec<String>>,
    /// What `elle` passes to dlopen.
    pub dl_name: String,
}

const LIB_DIRS: &[&str] = &["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/usr/local/lib"];
/// libc's own parts: always linked dynamically, as libc is.
const SYSTEM: &[&str] = &["c", "m", "dl", "pthread", "rt"];

fn pkg_config(args: &[&str]) -> Option<String> {
    let o = Command::new("pkg-config").args(args).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

/// The static archive for `-l<name>`, searching `dirs` then the system's.
fn archive(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    if SYSTEM.contains(&name) {
        return None;
    }
    dirs.iter().map(PathBuf::as_path).chain(LIB_DIRS.iter().map(Path::new)).map(|d| d.join(format!("lib{name}.a"))).find(|p| p.exists())
}

/// A shared object to dlopen for `-l<name>`.
fn shared(name: &str) -> String {
    for d in LIB_DIRS {
        let dev = Path::new(d).join(format!("lib{name}.so"));
        // Debian's libm.so and libc.so are linker scripts: take the real soname
        if let Ok(entries) = std::fs::read_dir(d) {
            let mut sonames: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with(&format!("lib{name}.so."))))
                .collect();
            sonames.sort();
            if let Some(s) = sonames.first() {
                return s.display().to_string();
            }
        }
        if dev.exists() {
            return dev.display().to_string();
        }
    }
    format!("lib{name}.so")
}

impl Library {
    pub fn find(spec: &str) -> Result<Library, String> {
        if spec.contains('/') {
            let p = Path::new(spec);
            if !p.exists() {
                return Err(format!("library '{spec}' does not exist"));
            }
            let archive = p.with_extension("a");
            let link_static = if spec.ends_with(".so") && archive.exists() { archive.display().to_string() } else { spec.into() };
            // a shared object outside the system's folders is found through the executable's rpath
            let dir = p.parent().and_then(|d| d.canonicalize().ok()).unwrap_or_default();
            let link_dynamic = vec![spec.into(), format!("-Wl,-rpath,{}", dir.display())];
            return Ok(Library { spec: spec.into(), cflags: vec![], link_static: Some(vec![link_static]), link_dynamic, dl_name: spec.into() });
        }
        if spec.starts_with("lib") && spec.contains(".so") {
            let name = spec.trim_start_matches("lib").split(".so").next().unwrap_or("").to_string();
            return Ok(Library { spec: spec.into(), cflags: vec![], link_static: Some(vec![format!("-l{name}")]), link_dynamic: vec![format!("-l{name}")], dl_name: spec.into() });
        }
        // (--cflags fails for a name that is not a package)
        if let Some(cflags) = pkg_config(&["--cflags", spec]) {
            let dynamic = words(&pkg_config(&["--libs", spec]).unwrap_or_default());
            let first = dynamic.iter().find_map(|f| f.strip_prefix("-l")).unwrap_or(spec).to_string();
            return Ok(Library { spec: spec.into(), cflags: words(&cflags), link_static: None, link_dynamic: dynamic, dl_name: shared(&first) });
        }
        if spec.chars().all(|c| c.is_ascii_alphanumeric() || "_-+.".contains(c)) {
            let dl = shared(spec);
            let exists = Path::new(&dl).exists() || archive(spec, &[]).is_some();
            if !exists {
                return Err(format!("no library '{spec}': not a pkg-config package, and no lib{spec}.so or lib{spec}.a was found"));
            }
            let link_static = vec![archive(spec, &[]).map(|a| a.display().to_string()).unwrap_or(format!("-l{spec}"))];
            return Ok(Library { spec: spec.into(), cflags: vec![], link_static: Some(link_static), link_dynamic: vec![format!("-l{spec}")], dl_name: dl });
        }
        Err(format!("'{spec}' does not name a library"))
    }

    /// Linker arguments, static archives where they exist.
    pub fn link_static(&self) -> Vec<String> {
        if let Some(args) = &self.link_static {
            return args.clone();
        }
        let flags = words(&pkg_config(&["--static", "--libs", &self.spec]).unwrap_or_default());
        let dirs: Vec<PathBuf> = flags.iter().filter_map(|f| f.strip_prefix("-L")).map(PathBuf::from).collect();
        flags
            .iter()
            .map(|f| match f.strip_prefix("-l").and_then(|n| archive(n, &dirs)) {
                Some(a) => a.display().to_string(),
                None => f.clone(),
            })
            .collect()
    }
}
