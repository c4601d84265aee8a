//! The C type model against the C compiler: every struct and union in
//! tests/ffi/lib/layouts.h has the size, alignment and field offsets that
//! `cc` gives it (the model takes them from clang; this checks nothing was
//! lost or re-derived on the way), bitfields their bit offsets, and
//! anonymous members' fields are found by their inner names.

use elle::cimport::clang::Header;
use elle::ctype::{CType, Record};
use std::path::Path;
use std::process::Command;

fn record_param(h: &Header, func: &str) -> Record {
    match &h.function(func).unwrap_or_else(|| panic!("{func} is declared")).params[0] {
        CType::Record(r) => (**r).clone(),
        other => panic!("{func} takes {other}, not a record"),
    }
}

/// What cc says: one line per query.
fn c_layout(header: &Path, queries: &[String]) -> Vec<u64> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ctypes");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut src = format!(
        "#include <stdio.h>\n#include <stddef.h>\n#include \"{}\"\nint main(void) {{\n",
        header.display()
    );
    for q in queries {
        src.push_str(&format!("    printf(\"%zu\\n\", (size_t)({q}));\n"));
    }
    src.push_str("    return 0;\n}\n");
    std::fs::write(dir.join("layout.c"), src).expect("write");
    let o = Command::new("cc")
        .arg("-o")
        .arg(dir.join("layout"))
        .arg(dir.join("layout.c"))
        .output()
        .expect("cc runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = Command::new(dir.join("layout")).output().expect("runs");
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.parse().expect("a number")).collect()
}

#[test]
fn layouts_match_the_c_compiler() {
    let header = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/ffi/lib/layouts.h")
        .canonicalize()
        .expect("layouts.h");
    let h = Header::parse(elle::target::host(), &header.display().to_string(), &[], false)
        .expect("parses");
    let cases: &[(&str, &str, &[&str])] = &[
        ("et_take_mixed", "struct et_mixed", &["c", "d", "i", "s"]),
        ("et_take_nested", "struct et_nested", &["tag", "inner", "last"]),
        ("et_take_number", "union et_number", &["i", "d", "bytes"]),
        ("et_take_arrays", "struct et_arrays", &["name", "values", "grid"]),
        ("et_take_anon", "struct et_anon", &["kind", "as_int", "as_float", "x", "y"]),
        ("et_take_color", "et_color", &["r", "g", "b", "a"]),
        ("et_take_packed", "struct et_packed1", &["c", "i"]),
        ("et_take_event", "et_event", &["type", "motion", "padding"]),
        ("et_take_bits", "struct et_bits", &["d"]),
    ];
    let mut queries = Vec::new();
    let mut model = Vec::new();
    for (func, c_name, fields) in cases {
        let r = record_param(&h, func);
        // a record is named by its tag, or the typedef of an untagged one
        assert_eq!(r.name, c_name.trim_start_matches("struct ").trim_start_matches("union "));
        queries.push(format!("sizeof({c_name})"));
        model.push(r.size);
        queries.push(format!("_Alignof({c_name})"));
        model.push(r.align);
        for f in *fields {
            let (bits, _) =
                r.field(f).unwrap_or_else(|| panic!("{c_name} has no field {f} in the model"));
            queries.push(format!("offsetof({c_name}, {f})"));
            model.push(bits / 8);
        }
    }
    assert_eq!(model, c_layout(&header, &queries), "model vs cc for: {queries:?}");
}

#[test]
fn bitfields_and_unions_keep_their_shape() {
    let header = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/ffi/lib/layouts.h")
        .canonicalize()
        .expect("layouts.h");
    let h = Header::parse(elle::target::host(), &header.display().to_string(), &[], false)
        .expect("parses");
    let bits = record_param(&h, "et_take_bits");
    let shape: Vec<(u64, Option<u32>)> = ["a", "b", "c"]
        .iter()
        .map(|f| bits.field(f).map(|(o, f)| (o, f.bit_width)).expect("field"))
        .collect();
    assert_eq!(shape, vec![(0, Some(3)), (3, Some(7)), (10, Some(12))]);
    let number = record_param(&h, "et_take_number");
    assert!(number.is_union);
    assert_eq!(
        number.field("bytes").map(|(_, f)| f.ty.clone()),
        Some(CType::Array(Box::new(CType::Int { bytes: 1, signed: false }), 8))
    );
    let event = record_param(&h, "et_take_event");
    let motion = match &event.field("motion").expect("motion").1.ty {
        CType::Record(m) => m.clone(),
        t => panic!("motion is {t}"),
    };
    assert_eq!(motion.field("y").map(|(o, _)| o / 8), Some(8));
}

#[test]
fn system_v_classification() {
    use elle::target::{sysv::SystemV, CAbi, Pass::*, Piece::*};
    let header = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/ffi/lib/layouts.h")
        .canonicalize()
        .expect("layouts.h");
    let h = Header::parse(elle::target::host(), &header.display().to_string(), &[], false)
        .expect("parses");
    let class = |f: &str| SystemV.record(&record_param(&h, f));
    let memory = |f: &str| Memory { size: record_param(&h, f).size };
    assert_eq!(class("et_take_dd"), Pieces(vec![Double, Double]));
    assert_eq!(class("et_take_ffi"), Pieces(vec![Double, Int(8)]));
    assert_eq!(class("et_take_if"), Pieces(vec![Int(8)]));
    assert_eq!(class("et_take_fff"), Pieces(vec![Double, Double]));
    assert_eq!(class("et_take_big"), memory("et_take_big"));
    assert_eq!(class("et_take_char3"), Pieces(vec![Int(8)]));
    assert_eq!(class("et_take_fd"), Pieces(vec![Double, Double]));
    assert_eq!(class("et_take_color"), Pieces(vec![Int(8)]));
    assert_eq!(class("et_take_number"), Pieces(vec![Int(8)]));
    assert_eq!(class("et_take_mixed"), memory("et_take_mixed"));
    assert_eq!(class("et_take_packed"), memory("et_take_packed"));
    assert_eq!(class("et_take_bits"), Pieces(vec![Int(8)]));
    assert_eq!(class("et_take_anon"), Pieces(vec![Int(8), Int(8)]));
}
