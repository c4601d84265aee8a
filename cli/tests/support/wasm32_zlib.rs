//! zlib for wasm32 modules, built from Debian's source package: the tests'
//! real third-party C library inside a module.

use std::path::Path;
use std::process::Command;

/// zlib's C files, which make libz.
const ZLIB_SOURCES: [&str; 11] = [
    "adler32", "compress", "crc32", "deflate", "infback", "inffast", "inflate", "inftrees",
    "trees", "uncompr", "zutil",
];

/// zlib as a wasm32 archive (`libz.a` in `dir`), built
/// from Debian's source package, which is fetched once into the build
/// folder (`apt-get source` reads the deb-src entry ci/install.sh adds):
/// a real third-party library inside a module.
pub fn build(dir: &Path) {
    let archive = dir.join("libz.a");
    if archive.exists() {
        return;
    }
    let fetched = Path::new(env!("CARGO_TARGET_TMPDIR")).join("zlib-source");
    let source = || {
        std::fs::read_dir(&fetched).ok()?.flatten().map(|e| e.path()).find(|p| {
            p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("zlib-"))
        })
    };
    if source().is_none() {
        std::fs::create_dir_all(&fetched).expect("a folder for zlib's source");
        run(
            Command::new("apt-get").args(["source", "zlib"]).current_dir(&fetched),
            "fetching zlib's Debian source package (ci/install.sh adds the deb-src entry it needs)",
        );
    }
    let source = source().expect("apt-get source unpacked zlib");
    let objects = dir.join("zlib");
    std::fs::create_dir_all(&objects).expect("a folder for zlib's objects");
    let mut ar = Command::new("llvm-ar-19");
    ar.arg("rcs").arg(&archive);
    for name in ZLIB_SOURCES {
        let object = objects.join(format!("{name}.o"));
        run(
            Command::new("clang-19")
                .args(["--target=wasm32-wasi", "-O2", "-c", "-o"])
                .arg(&object)
                .arg(source.join(format!("{name}.c"))),
            &format!("compiling zlib's {name}.c for wasm32"),
        );
        ar.arg(object);
    }
    run(&mut ar, "archiving zlib's objects");
}

fn run(cmd: &mut Command, what: &str) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(o.status.success(), "{what} failed:\n{}", String::from_utf8_lossy(&o.stderr));
}
