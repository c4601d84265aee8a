//! Which of the declarations a header pulls in belong to the package the
//! program named, and are imported. `SDL2/SDL.h` includes `<stdio.h>`,
//! `gtk/gtk.h` half of libc: a program that loads SDL means SDL's names,
//! not `printf` or `index` from C's library by accident.
//!
//! A declaration belongs to the package when its file is:
//! - the named header itself;
//! - in the named header's folder, unless that is a system folder;
//! - in a folder the library's pkg-config flags add (`-I/usr/include/glib-2.0`
//!   for GTK: a GTK program calls GLib too), again unless a system folder;
//! - for a header of the system's own (`math.h`, `zlib.h`, `sys/stat.h`: at
//!   the top of a system folder or in one of the C library's sub-folders):
//!   in the system's sub-folders (`bits/`, `sys/`), where the C library
//!   declares what its own headers promise (`math.h`'s functions live in
//!   `bits/mathcalls.h`, `struct stat` in `bits/struct_stat.h`), but not in
//!   another top-level header it includes (but in one whose name C
//!   reserves: wasi-libc declares `string.h`'s functions in
//!   `__header_string.h`);
//! - a header of the same name in another system folder: clang's own
//!   `stdint.h` and `limits.h` pass on (`#include_next`) to the C library's,
//!   which declares `SIZE_MAX`.
//!
//! `:all-declarations #t` imports everything. What is left out is counted
//! per file for `--explain-imports`.

use crate::target::Target;
use std::path::Path;

/// The C library's and the kernel's sub-folders of a system folder: a
/// header there (`sys/stat.h`) is the system's, as a top-level one is.
const C_LIBRARY_DIRS: &[&str] = &[
    "sys",
    "bits",
    "gnu",
    "asm",
    "asm-generic",
    "linux",
    "net",
    "netinet",
    "netpacket",
    "arpa",
    "rpc",
    "scsi",
];

/// clang's own headers' folder (`.../clang/19/include`, or
/// `.../clang/19.1.7/include` as Debian's libclang finds it) in `path`:
/// the length of the path up to it.
fn compiler_root(path: &str) -> Option<usize> {
    let i = path.find("/clang/")? + "/clang/".len();
    let version = path[i..].find('/')?;
    let end = i + version + "/include".len();
    (path[i + version..].starts_with("/include")
        && (path.len() == end || path.as_bytes()[end] == b'/'))
        .then_some(end)
}

/// The system folder `file` is in, if it is in one: clang's own, or one of
/// the target's include folders (clang's search list, `clang -E -v`).
fn system_root<'f>(target: &Target, file: &'f str) -> Option<&'f str> {
    if let Some(end) = compiler_root(file) {
        return Some(&file[..end]);
    }
    let root = target.include_dirs.iter().filter(|r| under(file, r)).max_by_key(|r| r.len())?;
    Some(&file[..root.len()])
}

/// How a program names `file` in an `#include`: `<string.h>` for a file
/// in a system folder, else its path.
pub fn include_name(target: &Target, file: &str) -> String {
    match system_root(target, file) {
        Some(root) => format!("<{}>", &file[root.len() + 1..]),
        None => file.to_string(),
    }
}

/// For a header named by a path that does not exist: the names it can be
/// included by here, found by its file name one folder down in the
/// library's include folders, else the system's (`gtk/gtk.h`,
/// `llvm-c/Core.h`) — those in a folder of the name the path gave first.
/// A hint for the error: paths differ between distributions.
pub fn header_instead(target: &Target, header: &str, cflags: &[String]) -> Option<String> {
    if !header.starts_with('/') {
        return include_folder_instead(target, header, cflags);
    }
    if Path::new(header).exists() {
        return None;
    }
    let mut parts = header.rsplit('/');
    let (file, folder) = (parts.next()?, parts.next().unwrap_or(""));
    let found_in = |dirs: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        let mut names = Vec::new();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            let mut subs: Vec<String> = entries
                .flatten()
                .filter(|e| e.path().join(file).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            subs.sort();
            names.extend(subs.into_iter().map(|s| format!("{s}/{file}")));
        }
        names
    };
    let mut names = found_in(&mut cflags.iter().filter_map(|f| f.strip_prefix("-I")));
    if names.is_empty() {
        names = found_in(&mut target.include_dirs.iter().copied());
    }
    if names.iter().any(|n| n.starts_with(&format!("{folder}/"))) {
        names.retain(|n| n.starts_with(&format!("{folder}/")));
    }
    names.dedup();
    let names: Vec<String> = names.into_iter().take(3).map(|n| format!("\"{n}\"")).collect();
    (!names.is_empty()).then(|| format!("; include it as {}", names.join(" or ")))
}

/// For a header named as a program includes it (`libxml/parser.h`) that
/// is in no include folder: a system folder's sub-folder it is in
/// (`/usr/include/libxml2`), and the pkg-config package that adds that
/// folder, as a hint.
fn include_folder_instead(target: &Target, header: &str, cflags: &[String]) -> Option<String> {
    let system = target.include_dirs.iter().copied();
    let searched = cflags.iter().filter_map(|f| f.strip_prefix("-I")).chain(system);
    if searched.clone().any(|d| Path::new(d).join(header).exists()) {
        return None;
    }
    let mut folders: Vec<String> = target
        .include_dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|sub| sub.join(header).is_file())
        .map(|sub| sub.display().to_string())
        .collect();
    folders.sort();
    let folder = folders.into_iter().next()?;
    let all = super::library::pkg_config(&["--list-all"]).unwrap_or_default();
    let mut packages: Vec<&str> = all.lines().filter_map(|l| l.split_whitespace().next()).collect();
    packages.sort();
    let adds = |p: &&str| {
        super::library::pkg_config(&["--cflags-only-I", p]).is_some_and(|f| {
            f.split_whitespace().any(|w| w.strip_prefix("-I") == Some(folder.as_str()))
        })
    };
    // the package that is the folder's own: of those that add it, the one
    // linking fewest libraries (libxml-2.0, not libexslt, which builds on it)
    let libraries = |p: &&str| {
        super::library::pkg_config(&["--libs-only-l", p])
            .map_or(usize::MAX, |l| l.split_whitespace().count())
    };
    Some(match packages.into_iter().filter(adds).min_by_key(libraries) {
        Some(p) => format!("; it is in {folder}, the include folder pkg-config package \"{p}\" adds: name the library by it (\"{p}\"), or give :include-dir \"{folder}\""),
        None => format!("; it is in {folder}: give :include-dir \"{folder}\" (or -I {folder})"),
    })
}

fn is_system(target: &Target, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    target.include_dirs.contains(&dir) || compiler_root(dir) == Some(dir.len())
}

fn under(file: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    file.len() > dir.len() && file.starts_with(dir) && file.as_bytes()[dir.len()] == b'/'
}

#[derive(Clone, Debug)]
pub struct Package {
    target: &'static Target,
    everything: bool,
    /// The file the named header was found as.
    header: String,
    dirs: Vec<String>,
    /// The named header is in a system folder: its sub-folders count.
    system_parts: bool,
}

impl Package {
    /// The package of `header_file` (as clang found it), parsed with `cflags`.
    pub fn new(
        target: &'static Target,
        header_file: &str,
        cflags: &[String],
        everything: bool,
    ) -> Package {
        let mut dirs: Vec<String> = cflags
            .iter()
            .filter_map(|f| f.strip_prefix("-I"))
            .filter(|d| !is_system(target, d))
            .map(String::from)
            .collect();
        let own = std::path::Path::new(header_file)
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let system_parts = is_system(target, &own)
            || system_root(target, &own)
                .is_some_and(|root| C_LIBRARY_DIRS.contains(&&own[root.len() + 1..]));
        if !system_parts && !own.is_empty() {
            dirs.push(own);
        }
        Package { target, everything, header: header_file.to_string(), dirs, system_parts }
    }

    pub fn contains(&self, file: &str) -> bool {
        if self.everything || file == self.header || self.dirs.iter().any(|d| under(file, d)) {
            return true;
        }
        self.system_parts
            && system_root(self.target, file).is_some_and(|root| {
                let name = &file[root.len() + 1..];
                // a name C reserves (`__header_string.h`): a part of the C
                // library's, as wasi-libc splits its headers
                name.contains('/')
                    || name.starts_with("__")
                    || include_name(self.target, file) == include_name(self.target, &self.header)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Package;
    use crate::target::host;

    #[test]
    fn a_package_folder_and_its_pkg_config_folders() {
        let flags = vec![
            "-I/usr/include/gtk-4.0".to_string(),
            "-I/usr/include/glib-2.0".to_string(),
            "-I/usr/include/x86_64-linux-gnu".to_string(),
        ];
        let p = Package::new(host(), "/usr/include/gtk-4.0/gtk/gtk.h", &flags, false);
        assert!(p.contains("/usr/include/gtk-4.0/gdk/gdk.h"));
        assert!(p.contains("/usr/include/glib-2.0/gobject/gsignal.h"));
        assert!(!p.contains("/usr/include/stdio.h"));
        assert!(!p.contains("/usr/include/x86_64-linux-gnu/bits/stdio2.h"));
        assert!(!p.contains("/usr/include/glib-2.0x/foo.h"));
    }

    #[test]
    fn a_header_in_a_system_folder_keeps_the_c_librarys_parts() {
        let p = Package::new(host(), "/usr/include/math.h", &[], false);
        assert!(p.contains("/usr/include/math.h"));
        assert!(p.contains("/usr/include/x86_64-linux-gnu/bits/mathcalls.h"));
        assert!(!p.contains("/usr/include/stdlib.h"));
        assert!(!p.contains("/usr/lib/llvm-19/lib/clang/19/include/stddef.h"));
        assert!(!p.contains("/usr/include/clang/19.1.7/include/stddef.h"));
        assert_eq!(
            super::include_name(host(), "/usr/include/clang/19.1.7/include/stddef.h"),
            "<stddef.h>"
        );
        assert_eq!(
            super::include_name(host(), "/usr/include/x86_64-linux-gnu/bits/mathcalls.h"),
            "<bits/mathcalls.h>"
        );
        assert!(Package::new(host(), "/usr/include/math.h", &[], true)
            .contains("/usr/include/stdlib.h"));
    }

    #[test]
    fn the_c_librarys_sub_folders_and_include_next() {
        let stat = Package::new(host(), "/usr/include/x86_64-linux-gnu/sys/stat.h", &[], false);
        assert!(stat.contains("/usr/include/x86_64-linux-gnu/bits/struct_stat.h"));
        assert!(!stat.contains("/usr/include/time.h"));
        let stdint =
            Package::new(host(), "/usr/lib/llvm-19/lib/clang/19/include/stdint.h", &[], false);
        assert!(stdint.contains("/usr/include/stdint.h"));
        assert!(!stdint.contains("/usr/include/stdio.h"));
        let sdl = Package::new(host(), "/usr/include/SDL2/SDL.h", &[], false);
        assert!(!sdl.contains("/usr/include/x86_64-linux-gnu/bits/types.h"));
    }
}
