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
