//! The runtime interface compiled code uses (`elle_runtime::interface`)
//! against `runtime/c/elle.h` as libclang reads it: every function and
//! variable the native back end declares is declared in elle.h, with C
//! types of the same kind and width in each place. (The object offsets
//! need no test: they are generated from elle.h, which asserts them.)

use elle::cimport::clang::Header;
use elle::ctype::CType;
use elle_runtime::interface::{Word, FUNCTIONS, VARIABLES};
use std::path::Path;

/// Does C type `t` pass as `w` does (x86-64's data model)?
fn passes_as(w: Word, t: &CType) -> bool {
    match (w, t) {
        (Word::Val, CType::Int { bytes: 8, signed: false }) => true,
        (Word::I64, CType::Int { bytes: 8, .. }) => true,
        (Word::I32, CType::Int { bytes: 4, .. }) => true,
        (Word::F64, CType::Double) => true,
        (Word::Size, CType::Int { bytes, signed: false }) => {
            *bytes as usize == std::mem::size_of::<usize>()
        }
        (Word::Ptr, CType::Pointer { .. }) => true,
        _ => false,
    }
}

fn elle_h() -> Header {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/c/elle.h");
    let path = path.canonicalize().expect("runtime/c/elle.h");
    Header::parse(elle::target::host(), &path.display().to_string(), &[], true)
        .expect("elle.h parses")
}

#[test]
fn functions_compiled_code_calls_are_elle_h_s() {
    let h = elle_h();
    let mut wrong = Vec::new();
    for f in FUNCTIONS {
        let Some(c) = h.function(f.name) else {
            wrong.push(format!("{} is not declared in elle.h", f.name));
            continue;
        };
        let result_fits = match f.result {
            None => c.ret == CType::Void,
            Some(w) => passes_as(w, &c.ret),
        };
        let params_fit = c.params.len() == f.params.len()
            && f.params.iter().zip(&c.params).all(|(&w, t)| passes_as(w, t));
        if !result_fits || !params_fit || c.variadic {
            wrong.push(format!(
                "{}: interface.rs says {:?} -> {:?}, elle.h says {}",
                f.name, f.params, f.result, c.prototype
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn variables_compiled_code_uses_are_elle_h_s() {
    let h = elle_h();
    for &(name, w) in VARIABLES {
        let c = h.variable(name).unwrap_or_else(|| panic!("{name} is not declared in elle.h"));
        assert!(
            passes_as(w, &c.ret),
            "{name}: interface.rs says {w:?}, elle.h says {}",
            c.prototype
        );
    }
}
