// Builds the portable C runtime into a static library that every executor links.
fn main() {
    // every file of c/ is portable C, and one file of c/platform/ is what
    // the runtime asks of the system (platform/platform.h)
    let platform = match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("wasi") => "wasi",
        _ => "posix",
    };
    let mut files: Vec<_> = std::fs::read_dir("c")
        .expect("runtime/c")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    let portable = files.clone();
    files.push(format!("c/platform/{platform}.c").into());
    let mut build = cc::Build::new();
    build
        .include("c")
        .std("c11")
        .flag_if_supported("-fno-strict-aliasing")
        .warnings(true)
        .extra_warnings(true);
    // Conservative stack scanning must see every pointer: keep frame pointers
    // and never let the compiler elide the setjmp spill.
    build.flag_if_supported("-fno-omit-frame-pointer");
    build.define("_GNU_SOURCE", None);
    // ELLE_SANITIZE=1: the runtime built with AddressSanitizer and
    // UndefinedBehaviorSanitizer (ci/sanitize.sh); every executor links it
    println!("cargo:rerun-if-env-changed=ELLE_SANITIZE");
    let sanitize = std::env::var("ELLE_SANITIZE").is_ok_and(|v| v == "1");
    if sanitize {
        build
            .flag("-fsanitize=address,undefined")
            .flag("-fno-sanitize-recover=undefined")
            .flag("-g");
        println!("cargo:sanitize=address,undefined");
        // the sanitizers' runtimes, for every binary that links this one
        // (rustc links with -nodefaultlibs, so -fsanitize would not add them)
        println!("cargo:rustc-link-lib=dylib=asan");
        println!("cargo:rustc-link-lib=dylib=ubsan");
    }
    build.files(&files);
    build_wasm32(&portable);
    // (a folder: any file in it added, removed or changed)
    println!("cargo:rerun-if-changed=c");
    build.compile("elle_rt");
    write_offsets();
    println!("cargo:rustc-link-lib=m");
    // ellec links the same archive into the executables it makes
    println!("cargo:lib_dir={}", std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
}

/// elle.h's `#define ELLE_AT_<NAME> <offset>` lines as Rust constants
/// (`interface::<NAME>`), so the offsets compiled code uses are stated once.
fn write_offsets() {
    let header = std::fs::read_to_string("c/elle.h").expect("c/elle.h");
    let mut out = String::new();
    for line in header.lines() {
        let mut words = line.split_whitespace();
        if let (Some("#define"), Some(name), Some(value), None) =
            (words.next(), words.next(), words.next(), words.next())
        {
            if let Some(name) = name.strip_prefix("ELLE_AT_") {
                let value: u64 = value.parse().expect("an ELLE_AT_ offset is a number");
                out.push_str(&format!("pub const {name}: u64 = {value};\n"));
            }
        }
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/offsets.rs"), out).expect("write offsets.rs");
}

/// The same runtime for wasm32-wasi, which ellec carries for `--target
/// wasm32` (`cargo:wasm32_archive`): compiled by clang-19 against Debian's
/// wasi-libc when both are installed; where they are not, the archive is
/// empty and ellec says what to install.
fn build_wasm32(portable: &[std::path::PathBuf]) {
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let archive = dir.join("libelle_rt-wasm32.a");
    println!("cargo:wasm32_archive={}", archive.display());
    let _ = std::fs::remove_file(&archive);
    let have = |tool: &str| std::process::Command::new(tool).arg("--version").output().is_ok();
    if !(have("clang-19")
        && have("llvm-ar-19")
        && std::path::Path::new("/usr/include/wasm32-wasi/stdio.h").exists())
    {
        println!(
            "cargo:warning=no wasm32 runtime: clang-19, llvm-19 or wasi-libc is not installed"
        );
        std::fs::write(&archive, b"").expect("write the empty wasm32 archive");
        return;
    }
    let objects = dir.join("wasm32");
    std::fs::create_dir_all(&objects).expect("a folder for the wasm32 objects");
    let mut members = Vec::new();
    for src in portable.iter().cloned().chain([std::path::PathBuf::from("c/platform/wasi.c")]) {
        let stem = src.file_stem().expect("a C file").to_string_lossy().into_owned();
        let obj = objects.join(format!("{stem}.o"));
        let status = std::process::Command::new("clang-19")
            .args(["--target=wasm32-wasi", "-O2", "-std=c11", "-fno-strict-aliasing"])
            .args(["-D_GNU_SOURCE", "-Ic", "-Wall", "-Wextra", "-Werror", "-c"])
            .arg(&src)
            .arg("-o")
            .arg(&obj)
            .status()
            .expect("run clang-19");
        assert!(status.success(), "clang-19 could not compile {} for wasm32", src.display());
        members.push(obj);
    }
    let status = std::process::Command::new("llvm-ar-19")
        .arg("crs")
        .arg(&archive)
        .args(&members)
        .status()
        .expect("run llvm-ar-19");
    assert!(status.success(), "llvm-ar-19 could not make {}", archive.display());
}
