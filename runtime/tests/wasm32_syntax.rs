//! The runtime's C is portable to wasm32: every portable file and the WASI
//! platform file (`c/platform/wasi.c`) pass `clang-19 --target=wasm32-wasi
//! -fsyntax-only` against Debian's wasi-libc, with the native build's
//! warnings as errors (a shift that assumes 64-bit pointers is one).
//! Needs `clang-19` and `wasi-libc` (ci/install.sh installs both).

use std::path::{Path, PathBuf};
use std::process::Command;

fn runtime_files() -> Vec<PathBuf> {
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("c");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&c)
        .expect("runtime/c")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    files.push(c.join("platform/wasi.c"));
    files
}

#[test]
fn runtime_c_is_wasm32_wasi_c() {
    assert!(
        Path::new("/usr/include/wasm32-wasi/stdio.h").exists(),
        "wasi-libc is not installed (Debian package wasi-libc; ci/install.sh installs it)"
    );
    let mut failed = Vec::new();
    for file in runtime_files() {
        let out = Command::new("clang-19")
            .args(["--target=wasm32-wasi", "-fsyntax-only", "-std=c11", "-D_GNU_SOURCE"])
            .args(["-fno-strict-aliasing", "-Wall", "-Wextra", "-Werror"])
            .arg(&file)
            .output()
            .expect("clang-19 runs (Debian package clang-19)");
        if !out.status.success() {
            failed.push(format!("{}:\n{}", file.display(), String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(failed.is_empty(), "not wasm32-wasi C:\n{}", failed.join("\n"));
}
