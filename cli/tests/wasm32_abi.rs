//! Elle's wasm32 C ABI (`elle::target::wasm32`) against clang-19's own: for
//! each struct and union shape, how clang passes it to a function and
//! returns it, read from the LLVM IR clang writes for wasm32-wasi.

use elle::ctype::{CType, Field, Record};
use elle::target::{wasm32::ILP32, Pass, Piece, WASM32_WASI};
use std::process::Command;

/// A C type: how C spells it, and Elle's.
fn c(spelling: &'static str) -> (&'static str, CType) {
    let int = |bytes, signed| CType::Int { bytes, signed };
    let t = match spelling {
        "char" => int(1, true),
        "short" => int(2, true),
        "int" => int(4, true),
        "long" => int(4, true),
        "long long" => int(8, true),
        "float" => CType::Float,
        "double" => CType::Double,
        "void *" => CType::Pointer { pointee: Box::new(CType::Void), const_pointee: false },
        _ => unreachable!("a spelling this test knows"),
    };
    (spelling, t)
}

/// A field: its type (C's spelling, Elle's) and its array count (0: none).
type FieldSpec = ((&'static str, CType), u64);

/// A record of `fields`, laid out as Elle lays out a header's.
fn record(is_union: bool, fields: &[FieldSpec]) -> Record {
    let fields = fields
        .iter()
        .enumerate()
        .map(|(i, ((_, t), n))| Field {
            name: Some(format!("f{i}")),
            offset_bits: 0,
            bit_width: None,
            ty: if *n == 0 { t.clone() } else { CType::Array(Box::new(t.clone()), *n) },
        })
        .collect();
    Record::laid_out("S", is_union, fields, ILP32)
}

/// Clang's signatures of `void take(S)` and `S give(void)` for wasm32.
fn clang_signatures(is_union: bool, fields: &[FieldSpec]) -> (String, String) {
    let body: String = fields
        .iter()
        .enumerate()
        .map(|(i, ((spelling, _), n))| match n {
            0 => format!("{spelling} f{i}; "),
            n => format!("{spelling} f{i}[{n}]; "),
        })
        .collect();
    let kind = if is_union { "union" } else { "struct" };
    let source = format!(
        "typedef {kind} {{ {body}}} S;\nvoid take(S s) {{ (void)s; }}\nS give(void) {{ S s = {{0}}; return s; }}\n"
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasm32-abi");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (src, ir) = (dir.join("abi.c"), dir.join("abi.ll"));
    std::fs::write(&src, &source).expect("write");
    let o = Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-O1", "-S", "-emit-llvm", "-o"])
        .arg(&ir)
        .arg(&src)
        .output()
        .expect("clang-19 runs");
    assert!(o.status.success(), "{source}: {}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&ir).expect("the IR");
    let define = |name: &str| {
        text.lines()
            .find(|l| l.starts_with("define") && l.contains(&format!("@{name}(")))
            .unwrap_or_else(|| panic!("{source}: clang defines no {name}"))
            .to_string()
    };
    (define("take"), define("give"))
}

/// The IR types clang gives a piece (a pointer is `ptr`, an i32 in wasm).
fn llvm_types(p: Piece) -> &'static [&'static str] {
    match p {
        Piece::Int(1) => &["i8"],
        Piece::Int(2) => &["i16"],
        Piece::Int(4) => &["i32", "ptr"],
        Piece::Int(8) => &["i64"],
        Piece::Float => &["float"],
        Piece::Double => &["double"],
        Piece::Int(n) => unreachable!("no {n}-byte piece"),
    }
}

#[test]
fn every_record_shape_passes_and_returns_as_clang_does() {
    let shapes: Vec<(bool, Vec<FieldSpec>)> = vec![
        (false, vec![(c("char"), 0)]),
        (false, vec![(c("short"), 0)]),
        (false, vec![(c("int"), 0)]),
        (false, vec![(c("long"), 0)]),
        (false, vec![(c("long long"), 0)]),
        (false, vec![(c("float"), 0)]),
        (false, vec![(c("double"), 0)]),
        (false, vec![(c("void *"), 0)]),
        (false, vec![(c("int"), 1)]),
        (false, vec![(c("double"), 1)]),
        (false, vec![(c("char"), 3)]),
        (false, vec![(c("int"), 2)]),
        (false, vec![(c("char"), 0), (c("char"), 0)]),
        (false, vec![(c("float"), 0), (c("float"), 0)]),
        (false, vec![(c("int"), 0), (c("int"), 0)]),
        (false, vec![(c("char"), 0), (c("int"), 0)]),
        (false, vec![(c("double"), 0), (c("int"), 0)]),
        (false, vec![(c("long long"), 0), (c("long long"), 0), (c("long long"), 0)]),
        (true, vec![(c("int"), 0)]),
        (true, vec![(c("int"), 0), (c("float"), 0)]),
        (true, vec![(c("double"), 0), (c("char"), 0)]),
    ];
    for (is_union, fields) in shapes {
        let r = record(is_union, &fields);
        let (take, give) = clang_signatures(is_union, &fields);
        match WASM32_WASI.abi.record(&r) {
            Pass::Pieces(pieces) => {
                let [p] = pieces.as_slice() else { panic!("wasm32 passes one piece: {pieces:?}") };
                let ts = llvm_types(*p);
                assert!(
                    ts.iter().any(|t| take.contains(&format!("@take({t} "))),
                    "{fields:?}: Elle passes {ts:?}, clang: {take}"
                );
                assert!(
                    ts.iter().any(|t| give.contains(&format!(" {t} @give("))),
                    "{fields:?}: Elle returns {ts:?}, clang: {give}"
                );
            }
            Pass::Direct => panic!("{fields:?}: a record is never passed as a scalar itself"),
            Pass::Memory { size } => {
                assert_eq!(size, r.size);
                assert!(
                    take.contains("byval("),
                    "{fields:?}: Elle passes it in memory, clang: {take}"
                );
                assert!(
                    give.contains("sret("),
                    "{fields:?}: Elle returns it in memory, clang: {give}"
                );
            }
        }
    }
}
