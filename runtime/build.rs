// Builds the portable C runtime into a static library that every executor links.
fn main() {
    let files = [
        "gc",
        "object",
        "error",
        "buf",
        "number",
        "equal",
        "list",
        "string",
        "hash",
        "print",
        "io",
        "builtins",
        "native",
        "ffi",
        "memory",
        "callback",
        "struct",
        "guard",
        "seen",
        "constants",
        "bits",
        "coperators",
        "bytevector",
    ];
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
    for f in files {
        build.file(format!("c/{f}.c"));
        println!("cargo:rerun-if-changed=c/{f}.c");
    }
    println!("cargo:rerun-if-changed=c/elle.h");
    println!("cargo:rerun-if-changed=c/internal.h");
    build.compile("elle_rt");
    println!("cargo:rustc-link-lib=m");
    // ellec links the same archive into the executables it makes
    println!("cargo:lib_dir={}", std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
}
