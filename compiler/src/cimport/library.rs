//! Finding a library named by a program: a pkg-config package (`"zlib"`,
//! `"sdl2"`), a library's `*-config` program (`"llvm-config-19"`, for
//! libraries that ship no pkg-config file), a soname (`"libm.so.6"`), a
//! path, or a bare library name (`"m"`). The result says how `ellec` links it (a static archive when one
//! exists, unless dynamic linking is asked for) and what `elle` loads.

use crate::target::{System, Target};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Debug)]
pub struct Library {
    /// What it is linked for: whose folders it is searched in.
    target: &'static Target,
    /// As the program wrote it.
    pub spec: String,
    /// Flags for parsing its headers (include paths).
    pub cflags: Vec<String>,
    source: Source,
    /// What `elle` passes to dlopen, found when first asked for.
    dl_name: std::cell::OnceCell<String>,
}

/// How the library was named: what its link flags are asked of. Only
/// `cflags` are read when it is loaded; a program that only imports
/// constants spawns no more than that.
#[derive(Clone, Debug)]
enum Source {
    Path,
    /// `libNAME.so.N`, with NAME
    Soname(String),
    Package,
    ConfigTool,
    Name,
}

/// libc's own parts: always linked dynamically, as libc is.
const SYSTEM: &[&str] = &["c", "m", "dl", "pthread", "rt"];

/// The output of `program args...`, if it ran and succeeded.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(program).args(args).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

pub(super) fn pkg_config(args: &[&str]) -> Option<String> {
    output_of("pkg-config", args)
}

/// `-lNAME` replaced by its static archive where one exists (in the
/// flags' own `-L` folders, then the system's), for the names `wanted`.
fn with_archives(target: &Target, flags: &[String], wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let dirs = lib_dirs(target, flags);
    flags
        .iter()
        .map(|f| {
            match f
                .strip_prefix("-l")
                .filter(|n| wanted(n))
                .and_then(|n| archive(target.system, n, &dirs))
            {
                Some(a) => a.display().to_string(),
                None => f.clone(),
            }
        })
        .collect()
}

/// Where a link line's libraries are searched: its `-L` folders, the
/// folders of `LIBRARY_PATH` (as the C compiler driver searches them),
/// then the target's.
fn lib_dirs(target: &Target, flags: &[String]) -> Vec<PathBuf> {
    let own = flags.iter().filter_map(|f| f.strip_prefix("-L")).map(PathBuf::from);
    let env = std::env::var_os("LIBRARY_PATH");
    let env = env.iter().flat_map(std::env::split_paths).filter(|d| !d.as_os_str().is_empty());
    own.chain(env).chain(target.lib_dirs.iter().map(PathBuf::from)).collect()
}

/// Is `spec` a library's configuration program on PATH (`llvm-config-19`)?
fn config_tool(spec: &str) -> bool {
    spec.contains("-config")
        && !spec.contains('/')
        && std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(spec).is_file()))
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

/// The static archive for `-l<name>` whose objects are for `system`,
/// searching `dirs` (see `lib_dirs`).
fn archive(system: System, name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    if SYSTEM.contains(&name) {
        return None;
    }
    dirs.iter()
        .map(|d| d.join(format!("lib{name}.a")))
        .find(|p| p.exists() && archive_holds(p, system))
}

/// The symbols the archive at `path` defines, by its index (the GNU `/`
/// member llvm-ar writes: a big-endian count, the members' offsets, then
/// the names); `None` if it has none.
pub fn archive_symbols(path: &Path) -> Option<std::collections::HashSet<String>> {
    let bytes = std::fs::read(path).ok()?;
    let header = bytes.get(8..68).filter(|_| bytes.starts_with(b"!<arch>\n"))?;
    let size: usize = String::from_utf8_lossy(&header[48..58]).trim().parse().ok()?;
    if String::from_utf8_lossy(&header[0..16]).trim() != "/" {
        return None;
    }
    let index = bytes.get(68..68 + size)?;
    let count = u32::from_be_bytes(index.get(0..4)?.try_into().ok()?) as usize;
    let names = index.get(4 + 4 * count..)?;
    Some(
        names
            .split(|&b| b == 0)
            .take(count)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect(),
    )
}

/// Are the objects in the archive at `path` made for `system` (by its
/// first object's magic number)? An archive a folder shares between
/// targets must not be taken for another's.
fn archive_holds(path: &Path, system: System) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let mut magic = [0u8; 8];
    if f.read_exact(&mut magic).is_err() {
        return false;
    }
    if &magic != b"!<arch>\n" {
        return &magic == b"!<thin>\n"; // members elsewhere: the linker decides
    }
    let mut header = [0u8; 60];
    while f.read_exact(&mut header).is_ok() {
        let field =
            |r: std::ops::Range<usize>| String::from_utf8_lossy(&header[r]).trim().to_string();
        let (name, size) = (field(0..16), field(48..58).parse::<u64>().unwrap_or(0));
        let index = name == "/"
            || name == "//"
            || name.starts_with("/SYM")
            || name.starts_with("__.SYMDEF");
        if !index {
            // a BSD archive's long name precedes the member's bytes
            let long = name.strip_prefix("#1/").and_then(|n| n.parse::<i64>().ok()).unwrap_or(0);
            let mut object = [0u8; 4];
            return f.seek(SeekFrom::Current(long)).is_ok()
                && f.read_exact(&mut object).is_ok()
                && object == system.object_magic();
        }
        if f.seek(SeekFrom::Current((size + size % 2) as i64)).is_err() {
            return false;
        }
    }
    true // no objects
}

/// Can the linker take `-l<name>`: a part of libc, an archive, or a
/// shared library's development link (`libNAME.so`)?
fn linkable(system: System, name: &str, dirs: &[PathBuf]) -> bool {
    SYSTEM.contains(&name)
        || archive(system, name, dirs).is_some()
        || dirs.iter().any(|d| d.join(format!("lib{name}.so")).exists())
}

/// A shared object to dlopen for `-l<name>`, searching `dirs` (see `lib_dirs`).
fn shared(name: &str, dirs: &[PathBuf]) -> String {
    for d in dirs {
        let dev = d.join(format!("lib{name}.so"));
        // Debian's libm.so and libc.so are linker scripts: take the real soname
        if let Ok(entries) = std::fs::read_dir(d) {
            let mut sonames: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|f| f.to_str())
                        .is_some_and(|f| f.starts_with(&format!("lib{name}.so.")))
                })
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

/// A library's linker arguments, and a line saying how it is linked and
/// why (`ellec -v`).
pub struct Linking {
    pub args: Vec<String>,
    pub how: String,
}

impl Linking {
    /// Static if any archive is on the line; `why` says why not, when not.
    fn of(args: Vec<String>, why: Option<String>) -> Linking {
        let archives: Vec<&str> = args
            .iter()
            .filter(|a| a.ends_with(".a"))
            .map(|a| a.rsplit('/').next().unwrap_or(a))
            .collect();
        let shared: Vec<&str> = args
            .iter()
            .filter(|a| a.starts_with("-l") || a.ends_with(".so") || a.contains(".so."))
            .map(String::as_str)
            .collect();
        let how = match (archives.len(), why) {
            (0, why) => format!("dynamically{}", why.map(|w| format!(": {w}")).unwrap_or_default()),
            (1..=3, _) => format!("statically ({})", archives.join(", ")),
            (n, _) => format!("statically ({n} archives: {}, ...)", archives[..3].join(", ")),
        };
        let how = if shared.is_empty() || how.starts_with("dynamically") {
            how
        } else {
            format!("{how}; shared: {}", shared.join(" "))
        };
        Linking { args, how }
    }
}

/// Where a library named by a path that does not exist is on this machine,
/// and the pkg-config package that links it, as a hint (paths differ
/// between distributions; a package name does not).
fn where_instead(target: &Target, spec: &str) -> String {
    let file = spec.rsplit('/').next().unwrap_or(spec);
    let mut hint = String::new();
    if let Some(found) =
        target.lib_dirs.iter().map(|d| Path::new(d).join(file)).find(|p| p.exists())
    {
        hint.push_str(&format!(": {file} is {} here", found.display()));
    }
    let name =
        file.strip_prefix("lib").and_then(|f| f.split(".so").next()).filter(|n| !n.is_empty());
    let package = name.and_then(|name| {
        let all = pkg_config(&["--list-all"])?;
        let mut packages: Vec<&str> =
            all.lines().filter_map(|l| l.split_whitespace().next()).collect();
        packages.sort();
        packages
            .into_iter()
            .find(|p| {
                pkg_config(&["--libs-only-l", p]).is_some_and(|libs| {
                    libs.split_whitespace().next() == Some(&format!("-l{name}"))
                })
            })
            .map(String::from)
    });
    // else a configuration program (LLVM's llvm-config-19), the newest
    // version first
    let tool = || {
        let prefix = format!("{}-config", name?.to_lowercase());
        let mut tools: Vec<String> = std::env::split_paths(&std::env::var_os("PATH")?)
            .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.starts_with(&prefix))
            .collect();
        let version =
            |t: &String| t.rsplit('-').next().and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
        tools.sort_by_key(|t| std::cmp::Reverse((version(t), t.clone())));
        tools.dedup();
        tools.into_iter().next()
    };
    if let Some(p) = package.or_else(tool) {
        hint.push_str(&format!(
            "{}name the library by its {} instead: \"{p}\"",
            if hint.is_empty() { ": " } else { "; " },
            if p.contains("-config") { "configuration program" } else { "pkg-config package" }
        ));
    }
    hint
}

/// Does `path` hold an ELF shared object (ELF magic, type ET_DYN)?
fn is_shared_object(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 18];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok()
        && head.starts_with(b"\x7fELF")
        && u16::from_le_bytes([head[16], head[17]]) == 3
}

impl Library {
    /// The library `spec` names, for `target`.
    pub fn find(target: &'static Target, spec: &str) -> Result<Library, String> {
        if target.system == System::Wasi {
            return Library::find_archive(target, spec);
        }
        let system = lib_dirs(target, &[]);
        let (source, cflags) = if spec.contains('/') {
            if !Path::new(spec).exists() {
                return Err(format!(
                    "library '{spec}' does not exist{}",
                    where_instead(target, spec)
                ));
            }
            if !is_shared_object(Path::new(spec)) {
                return Err(format!(
                    "'{spec}' is not a shared library (an ELF shared object, as a .so file is)"
                ));
            }
            (Source::Path, vec![])
        } else if spec.starts_with("lib") && spec.contains(".so") {
            if !system.iter().any(|d| d.join(spec).exists()) {
                return Err(format!(
                    "no library '{spec}': it is in none of {}{}",
                    target.lib_dirs.join(", "),
                    where_instead(target, spec)
                ));
            }
            (
                Source::Soname(
                    spec.trim_start_matches("lib").split(".so").next().unwrap_or("").to_string(),
                ),
                vec![],
            )
        } else if let Some(cflags) = pkg_config(&["--cflags", spec]) {
            // (--cflags fails for a name that is not a package)
            (Source::Package, words(&cflags))
        } else if config_tool(spec) {
            (
                Source::ConfigTool,
                words(
                    &output_of(spec, &["--cflags"])
                        .ok_or_else(|| format!("{spec} --cflags failed"))?,
                ),
            )
        } else if spec.chars().all(|c| c.is_ascii_alphanumeric() || "_-+.".contains(c)) {
            if !Path::new(&shared(spec, &system)).exists()
                && archive(target.system, spec, &system).is_none()
            {
                // "libxml2" for xml2: what the file is called, and the package
                let hint = spec
                    .strip_prefix("lib")
                    .map(|name| where_instead(target, &format!("lib{name}.so")))
                    .unwrap_or_default();
                return Err(format!("no library '{spec}': not a pkg-config package, and no lib{spec}.so or lib{spec}.a was found{hint}"));
            }
            (Source::Name, vec![])
        } else {
            return Err(format!("'{spec}' does not name a library"));
        };
        Ok(Library { target, spec: spec.into(), cflags, source, dl_name: Default::default() })
    }

    /// On a target that loads no shared library (WebAssembly), a library
    /// is a static archive built for it: named by path (`vendor/libz.a`),
    /// or as `-l` names it or by its shared object's name, found in a
    /// folder LIBRARY_PATH names or the target's own; the C library's
    /// family (libc, libm, ...) is the target's own C library.
    fn find_archive(target: &'static Target, spec: &str) -> Result<Library, String> {
        let wanted = || {
            format!(
                "a WebAssembly module cannot load a shared library, so a C library joins it as a static archive of {} objects (clang-19 --target={} -c, then llvm-ar-19 rc)",
                target.name, target.triple
            )
        };
        if spec.contains('/') {
            let path = Path::new(spec);
            if !path.exists() {
                return Err(format!("library '{spec}' does not exist"));
            }
            if path.extension().is_none_or(|e| e != "a") || !archive_holds(path, target.system) {
                return Err(format!(
                    "'{spec}' is not a static archive of {} objects: {}",
                    target.name,
                    wanted()
                ));
            }
            return Ok(Library {
                target,
                spec: spec.into(),
                cflags: vec![],
                source: Source::Path,
                dl_name: Default::default(),
            });
        }
        let dirs = lib_dirs(target, &[]);
        // a pkg-config package: the host's says which library it links
        // (zlib: -lz) and where its headers are; the archive is wasm32's
        if let Some(libs) = pkg_config(&["--libs", spec]) {
            let names: Vec<String> = words(&libs)
                .iter()
                .filter_map(|f| f.strip_prefix("-l"))
                .map(String::from)
                .collect();
            let cflags = pkg_config(&["--cflags", spec]).map(|c| words(&c)).unwrap_or_default();
            return match names.as_slice() {
                [name] if SYSTEM.contains(&name.as_str()) || archive(target.system, name, &dirs).is_some() => {
                    Ok(Library { target, spec: name.clone(), cflags, source: Source::Name, dl_name: Default::default() })
                }
                [name] => Err(format!(
                    "no {} build of the library '{spec}' (the pkg-config package that links -l{name}): {}: lib{name}.a in a folder LIBRARY_PATH names or in {}, or name its path",
                    target.name,
                    wanted(),
                    target.lib_dirs.join(", "),
                )),
                _ => Err(format!(
                    "the pkg-config package '{spec}' links {}: on {} load each library's archive by its own name or path",
                    if names.is_empty() { "no library".to_string() } else { names.iter().map(|n| format!("-l{n}")).collect::<Vec<_>>().join(" ") },
                    target.name
                )),
            };
        }
        let file = spec;
        let name = match file.strip_prefix("lib").and_then(|f| f.split(".so").next()) {
            Some(stem) if file.contains(".so") => stem,
            _ => spec,
        };
        if !SYSTEM.contains(&name) && archive(target.system, name, &dirs).is_none() {
            return Err(format!(
                "no {} build of the library '{spec}': {}: lib{name}.a in a folder LIBRARY_PATH names or in {}, or name its path",
                target.name,
                wanted(),
                target.lib_dirs.join(", "),
            ));
        }
        Ok(Library {
            target,
            spec: name.into(),
            cflags: vec![],
            source: Source::Name,
            dl_name: Default::default(),
        })
    }

    /// A `*-config` program's answer to `args`.
    fn ask(&self, args: &[&str]) -> Option<Vec<String>> {
        output_of(&self.spec, args).map(|o| words(&o))
    }

    /// How `ellec` links the library: static archives where they exist,
    /// unless `dynamic` is asked for.
    pub fn linking(&self, dynamic: bool) -> Linking {
        if dynamic {
            return Linking::of(self.link_dynamic(), Some("as asked (--dynamic)".into()));
        }
        match &self.source {
            Source::Path => {
                let archive = Path::new(&self.spec).with_extension("a");
                let arg = if self.spec.ends_with(".so") && archive.exists() {
                    archive.display().to_string()
                } else {
                    self.spec.clone()
                };
                Linking::of(vec![arg], None)
            }
            // the package's own libraries (its public link line) as archives;
            // what it needs privately (SDL's X11, PulseAudio) stays shared, as
            // distributions link it: archives of those often leave out their
            // own dependencies
            Source::Package => {
                let own: Vec<String> = self
                    .link_dynamic()
                    .iter()
                    .filter_map(|f| f.strip_prefix("-l"))
                    .map(String::from)
                    .collect();
                let flags =
                    words(&pkg_config(&["--static", "--libs", &self.spec]).unwrap_or_default());
                // all or nothing: GTK has no archive, and a static GLib beside
                // the shared one libgtk loads would be two GLibs in one process
                let dirs = lib_dirs(self.target, &flags);
                let missing: Vec<String> = own
                    .iter()
                    .filter(|n| {
                        archive(self.target.system, n, &dirs).is_none()
                            && !SYSTEM.contains(&n.as_str())
                    })
                    .map(|n| format!("lib{n}.a"))
                    .collect();
                if !missing.is_empty() {
                    let why = format!("no {}, so none of the package is (its other libraries linked statically would be second copies of the shared ones these load)", missing.join(", "));
                    return Linking::of(self.link_dynamic(), Some(why));
                }
                // the whole static closure must link: each library the
                // archive needs (libcurl's LDAP, nghttp2, ...) as an archive
                // or a linkable shared library
                let mut unlinkable: Vec<String> = Vec::new();
                for n in flags
                    .iter()
                    .filter_map(|f| f.strip_prefix("-l"))
                    .filter(|n| !linkable(self.target.system, n, &dirs))
                    .map(|n| format!("lib{n}"))
                {
                    if !unlinkable.contains(&n) {
                        unlinkable.push(n);
                    }
                }
                if !unlinkable.is_empty() {
                    let why = format!("its static link needs {}, which this system has neither as an archive nor as a linkable shared library (its -dev package)", unlinkable.join(", "));
                    return Linking::of(self.link_dynamic(), Some(why));
                }
                Linking::of(
                    with_archives(self.target, &flags, |n| own.iter().any(|o| o == n)),
                    None,
                )
            }
            // llvm-config's spelling, then sdl2-config's; else the shared libraries
            Source::ConfigTool => {
                match self.ask(&["--link-static", "--ldflags", "--libs", "--system-libs"]) {
                    // LLVM's archives are C++, and llvm-config leaves their
                    // runtime to a C++ compiler driver: Elle links with cc
                    Some(flags) => Linking::of(
                        [with_archives(self.target, &flags, |_| true), vec!["-lstdc++".into()]]
                            .concat(),
                        None,
                    ),
                    None => match self.ask(&["--static-libs"]) {
                        Some(flags) => {
                            Linking::of(with_archives(self.target, &flags, |_| true), None)
                        }
                        None => Linking::of(
                            self.link_dynamic(),
                            Some(format!("{} gives no static link line", self.spec)),
                        ),
                    },
                }
            }
            Source::Soname(name) => {
                match archive(self.target.system, name, &lib_dirs(self.target, &[])) {
                    Some(a) => Linking::of(vec![a.display().to_string()], None),
                    None => Linking::of(self.link_dynamic(), None),
                }
            }
            Source::Name => {
                Linking::of(with_archives(self.target, &self.link_dynamic(), |_| true), None)
            }
        }
    }

    /// Linker arguments for the shared objects.
    fn link_dynamic(&self) -> Vec<String> {
        match &self.source {
            Source::Path => {
                // a shared object outside the system's folders is found through the executable's rpath
                let dir = Path::new(&self.spec)
                    .parent()
                    .and_then(|d| d.canonicalize().ok())
                    .unwrap_or_default();
                vec![self.spec.clone(), format!("-Wl,-rpath,{}", dir.display())]
            }
            // that very file: a soname needs no development link (libNAME.so)
            Source::Soname(_) => vec![format!("-l:{}", self.spec)],
            Source::Package => words(&pkg_config(&["--libs", &self.spec]).unwrap_or_default()),
            Source::ConfigTool => {
                let flags = self.ask(&["--ldflags", "--libs"]).unwrap_or_default();
                let rpath: Vec<String> = flags
                    .iter()
                    .filter_map(|f| f.strip_prefix("-L"))
                    .map(|d| format!("-Wl,-rpath,{d}"))
                    .collect();
                [flags, rpath].concat()
            }
            Source::Name => vec![format!("-l{}", self.spec)],
        }
    }

    /// On a target that links only archives: the archive that holds the
    /// library's symbols (the target's C library for libc's family).
    pub fn archive_path(&self) -> Option<PathBuf> {
        match &self.source {
            Source::Path => Some(PathBuf::from(&self.spec)),
            Source::Name if SYSTEM.contains(&self.spec.as_str()) => self
                .target
                .lib_dirs
                .iter()
                .map(|d| Path::new(d).join("libc.a"))
                .find(|p| p.exists()),
            Source::Name => archive(self.target.system, &self.spec, &lib_dirs(self.target, &[])),
            _ => None,
        }
    }

    /// What `elle` passes to dlopen.
    pub fn dl_name(&self) -> &str {
        self.dl_name.get_or_init(|| match &self.source {
            Source::Path | Source::Soname(_) => self.spec.clone(),
            Source::Name => shared(&self.spec, &lib_dirs(self.target, &[])),
            Source::Package | Source::ConfigTool => {
                let flags = self.link_dynamic();
                let dirs = lib_dirs(self.target, &flags);
                let first = flags
                    .iter()
                    .find_map(|f| f.strip_prefix("-l"))
                    .unwrap_or(&self.spec)
                    .to_string();
                shared(&first, &dirs)
            }
        })
    }
}
