//! The `ellec` command line: outputs, options, and rejected programs.
//! (What compiled programs do is the conformance suite's business.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ellec(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ellec"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("ellec runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh folder holding `files`.
fn workdir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ellec-cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (f, body) in files {
        std::fs::write(dir.join(f), body).expect("write");
    }
    dir
}

#[test]
fn compiles_and_runs_with_default_output_name() {
    let dir =
        workdir("hello", &[("hello.lisp", "(print \"Hello\") (print (command-line-args))\n")]);
    let o = ellec(&["hello.lisp"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let run = Command::new(dir.join("hello")).args(["a", "b"]).output().expect("runs");
    assert_eq!(text(&run.stdout), "Hello\n(a b)\n");
}

#[test]
fn executable_needs_only_libc_and_libm() {
    let dir = workdir("ldd", &[("p.lisp", "(print 1)\n")]);
    assert_eq!(ellec(&["p.lisp", "-o", "p"], &dir).status.code(), Some(0));
    let ldd = Command::new("ldd").arg(dir.join("p")).output().expect("ldd runs");
    for line in text(&ldd.stdout).lines() {
        let lib = line.split_whitespace().next().unwrap_or("");
        let allowed = ["linux-vdso", "libc.so", "libm.so", "/lib64/ld-linux", "ld-linux"];
        assert!(allowed.iter().any(|a| lib.contains(a)), "unexpected dependency {line}");
    }
}

#[test]
fn rejected_program_writes_nothing() {
    let dir = workdir("rejected", &[("bad.lisp", "(define (f x) (* x 2))\n(print (f 1 2))\n")]);
    let o = ellec(&["bad.lisp", "-o", "bad"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).starts_with("bad.lisp:2:8: error: f expects 1 argument, but is given 2\n"),
        "{}",
        text(&o.stderr)
    );
    assert!(!dir.join("bad").exists());
}

#[test]
fn emit_kinds() {
    let dir = workdir("emit", &[("e.lisp", "(define (sq x) (* x x)) (print (sq 7))\n")]);
    for (kind, file, needle) in
        [("llvm-ir", "e.ll", "tailcc"), ("asm", "e.s", ".text"), ("obj", "e.o", "")]
    {
        let o = ellec(&["e.lisp", &format!("--emit={kind}"), "-O0"], &dir);
        assert_eq!(o.status.code(), Some(0), "{kind}: {}", text(&o.stderr));
        let bytes = std::fs::read(dir.join(file)).expect("output written");
        assert!(text(&bytes).contains(needle), "{file} lacks {needle}");
    }
}

#[test]
fn verbose_shows_the_link_command() {
    let dir = workdir("verbose", &[("v.lisp", "(print 1)\n")]);
    let o = ellec(&["v.lisp", "-v", "-o", "v"], &dir);
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    assert!(err.contains("libelle_rt.a") && err.contains("-lm"), "{err}");
}

#[test]
fn debug_info_maps_code_to_elle_lines() {
    let src = "(print 1)\n\n(define (times-self x)\n  (* x x))\n(print (times-self 4))\n";
    let dir = workdir("debug", &[("d.lisp", src)]);
    let o = ellec(&["d.lisp", "-g", "-O0", "-o", "d"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let nm = Command::new("nm").arg(dir.join("d")).output().expect("nm runs");
    let symbols = text(&nm.stdout);
    let addr = symbols
        .lines()
        .find(|l| {
            l.split_whitespace()
                .last()
                .is_some_and(|n| n.starts_with("elle.times-self.") && !n.ends_with(".entry"))
        })
        .and_then(|l| l.split_whitespace().next())
        .expect("times-self is a symbol");
    let a2l = Command::new("addr2line")
        .arg("-e")
        .arg(dir.join("d"))
        .arg(format!("0x{addr}"))
        .output()
        .expect("addr2line runs");
    assert!(
        text(&a2l.stdout).trim_end().ends_with("d.lisp:3"),
        "addr2line says {}",
        text(&a2l.stdout)
    );
}

#[test]
fn bad_options_are_reported() {
    let dir = workdir("options", &[]);
    let o = ellec(&["missing.lisp"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stderr), "error: cannot read 'missing.lisp': no such file\n");
    let o = ellec(&["x.lisp", "-O7"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("-O"));
}

#[test]
fn imported_c_call_is_a_direct_call() {
    let src = "(load-header-with-lib \"zlib.h\" \"zlib\")\n(define (crc s) (crc32 0 s (string-length s)))\n(print (crc \"abc\"))\n";
    let dir = workdir("ccall", &[("z.lisp", src)]);
    let o = ellec(&["z.lisp", "--emit=llvm-ir", "-O2", "-o", "z.ll"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let ir = std::fs::read_to_string(dir.join("z.ll")).expect("IR written");
    assert!(
        ir.contains("call i64 @crc32(") || ir.contains("@crc32(i64"),
        "no direct call of crc32 in:\n{ir}"
    );
    assert!(!ir.contains("dlsym") && !ir.contains("ffi_call"));
    // and the executable carries zlib inside it
    assert_eq!(ellec(&["z.lisp", "-o", "z"], &dir).status.code(), Some(0));
    let ldd = Command::new("ldd").arg(dir.join("z")).output().expect("ldd runs");
    assert!(!text(&ldd.stdout).contains("libz.so"), "{}", text(&ldd.stdout));
    let run = Command::new(dir.join("z")).output().expect("runs");
    assert_eq!(text(&run.stdout), "891568578\n");
}

#[test]
fn explain_imports_goes_to_stderr_and_the_program_still_compiles() {
    let dir = workdir(
        "explain",
        &[(
            "p.lisp",
            "(load-header-with-lib \"zlib.h\" \"zlib\")\n(print (> (compress-bound 100) 100))\n",
        )],
    );
    let o = ellec(&["--explain-imports", "p.lisp", "-o", "p"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("  header zlib.h\n")
            && err.contains("    used by the program: compress-bound (compressBound)\n"),
        "{err}"
    );
    let run = Command::new(dir.join("p")).output().expect("runs");
    assert_eq!(text(&run.stdout), "#t\n");
}

const SHAPES_H: &str = "/* a small header in a package of its own */
#define SHAPES_TWO_PI 6.283185307179586
#define SHAPES_NAME \"shapes\"
#define SHAPES_HIDDEN shapes_hidden_type
enum shape_kind { SHAPE_CIRCLE, SHAPE_SQUARE = 4 };
typedef struct { double x, y; } shape_point;
struct shape_flags { unsigned visible : 1; unsigned : 3; unsigned : 0; unsigned layer : 7; };
double ldexp(double x, int e);
#define SHAPE_QUADRUPLE(x) ldexp((x), 2)
#define SHAPE_AREA(x) ((x) * (x))
static inline double shape_twice(double x) { return 2 * x; }
int shape_missing(shape_point p);
";

#[test]
fn bind_writes_a_headers_declarations_as_elle() {
    let dir = workdir("bind", &[("shapes.h", SHAPES_H)]);
    let o = ellec(&["bind", "shapes.h", "--lib", "m", "-o", "shapes.lisp"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // what is not a constant (a type's name), a macro with an operator and
    // unnamed bitfields (padding) are left out; what is not in the library, or has no symbol, is listed
    let expected = ";; Elle bindings for <shapes.h>, library \"m\": written by
;;   ellec bind shapes.h --lib m
;; (include \"this file\") stands for (load-header-with-lib \"shapes.h\" \"m\"),
;; with no header to parse: 1 function, 0 variables, 4 constants, 2 structs and unions, 2 translated macros.
;; Not bound, static inline in the header, with no symbol to call (load the header to use them):
;;   shape_twice
;; Not bound, declared, but not in the library:
;;   shape_missing
;; Not bound, macros that are neither constants nor expressions Elle translates, or that use what is not bound (load the header to apply them to constants):
;;   SHAPES_HIDDEN

(define m-library (load-library \"m\"))

;;; Constants

(define-c-constant SHAPE_CIRCLE 0)
(define-c-constant SHAPE_SQUARE 4)
(define-c-constant SHAPES_NAME \"shapes\")
(define-c-constant SHAPES_TWO_PI 6.283185307179586)

;;; Structs and unions

(define-c-struct shape_flags :size 8 :align 4
  (visible :uint32 :bits 1 :bit-offset 0)
  (layer :uint32 :bits 7 :bit-offset 32))
(define-c-struct shape_point
  (x :double)
  (y :double))

;;; Functions

(define-c-function ldexp m-library \"ldexp\" (:double :int32) :double)

;;; Macros, translated

(define-c-macro SHAPE_AREA shape-area (x) (* x x))
(define-c-macro SHAPE_QUADRUPLE shape-quadruple (x) (ldexp x 2))
";
    assert_eq!(std::fs::read_to_string(dir.join("shapes.lisp")).expect("written"), expected);

    let program = "(include \"shapes.lisp\")
(print (ldexp 1.5 SHAPE_SQUARE))
(define f (make-struct shape_flags :visible 1 :layer 100))
(print (list (struct-size shape_flags) (struct-get f 'layer) SHAPES_NAME))
(print (match 4 (SHAPE_CIRCLE 'circle) (SHAPE_SQUARE 'square)))
(define (n) 1.5)
(print (shape-quadruple (n)))
";
    std::fs::write(dir.join("shapes-demo.lisp"), program).expect("write");
    let o = ellec(&["shapes-demo.lisp", "-o", "shapes-demo"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let run = Command::new(dir.join("shapes-demo")).output().expect("runs");
    assert_eq!(text(&run.stdout), "24.0\n(8 100 shapes)\nsquare\n6.0\n", "{}", text(&run.stderr));
}

#[test]
fn bind_reports_what_it_cannot_find() {
    let dir = workdir("bind-errors", &[]);
    let o = ellec(&["bind", "nosuch/header.h", "--lib", "m", "-o", "out.lisp"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "ellec: error: cannot import header 'nosuch/header.h': 'nosuch/header.h' file not found\n"
    );
    assert!(!dir.join("out.lisp").exists(), "nothing is written");
    let o = ellec(&["bind", "math.h", "--lib", "nosuchlib"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no library 'nosuchlib'"), "{}", text(&o.stderr));
    let o = ellec(&["bind", "math.h"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("Usage: ellec bind --lib <LIBRARY> <HEADER>"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn the_output_cannot_be_the_program_itself() {
    let dir = workdir("self-output", &[("a.lisp", "(print 1)\n")]);
    let o = ellec(&["a.lisp", "-o", "a.lisp"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "ellec: error: the output a.lisp is the program itself: name another file with -o\n"
    );
    assert_eq!(std::fs::read_to_string(dir.join("a.lisp")).expect("kept"), "(print 1)\n");
}

/// `-D` and `-I` reach every header's parse, as a C compiler's do: a
/// header that insists on a definition, includes from a folder, and pastes
/// a function's name with `##` (as pcre2.h does).
#[test]
fn preprocessor_flags_reach_the_headers() {
    let header = "#ifndef SUFFIX\n#error SUFFIX must be defined\n#endif\n#include \"extra.h\"\n#define J2(a, b) a##b\n#define J(a, b) J2(a, b)\n#define my_cos J(co, SUFFIX)\ndouble cos(double);\n";
    let dir = workdir(
        "flags",
        &[
            ("paste.h", header),
            (
                "p.lisp",
                "(load-library \"m\" :header \"paste.h\")\n(print (list EXTRA (my_cos 0.0)))\n",
            ),
        ],
    );
    std::fs::create_dir_all(dir.join("inc")).expect("folder");
    std::fs::write(dir.join("inc/extra.h"), "#define EXTRA 5\n").expect("write");
    let o = ellec(&["p.lisp"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("SUFFIX must be defined before")
            || text(&o.stderr).contains("SUFFIX must be defined"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        text(&o.stderr).contains(":define"),
        "the error says how to give a definition: {}",
        text(&o.stderr)
    );
    let o = ellec(&["-D", "SUFFIX=s", "-I", "inc", "p.lisp"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let run = Command::new(dir.join("p")).output().expect("runs");
    assert_eq!(text(&run.stdout), "(5 1.0)\n");
    let interp = Command::new(env!("CARGO_BIN_EXE_elle"))
        .args(["-D", "SUFFIX=s", "-I", "inc", "p.lisp"])
        .current_dir(&dir)
        .output()
        .expect("elle runs");
    assert_eq!(text(&interp.stdout), "(5 1.0)\n", "{}", text(&interp.stderr));
    // bindings: the pasted name is the function's other name; the pasting
    // macros themselves are listed as not bound
    let o = ellec(
        &["bind", "paste.h", "--lib", "m", "-D", "SUFFIX=s", "-I", "inc", "-o", "paste.lisp"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let bound = std::fs::read_to_string(dir.join("paste.lisp")).expect("written");
    assert!(bound.contains("(define-c-macro my_cos cos)\n"), "{bound}");
    assert!(
        bound.contains(
            ";; Not bound, macros that are neither constants nor expressions Elle translates"
        ) && bound.contains(";;   J J2\n"),
        "{bound}"
    );
    std::fs::write(
        dir.join("b.lisp"),
        "(include \"paste.lisp\")\n(print (list EXTRA (my_cos 0.0)))\n",
    )
    .expect("write");
    let interp = Command::new(env!("CARGO_BIN_EXE_elle"))
        .arg("b.lisp")
        .current_dir(&dir)
        .output()
        .expect("elle runs");
    assert_eq!(text(&interp.stdout), "(5 1.0)\n", "{}", text(&interp.stderr));
}

/// `--target wasm32`: a WASI module and its loader, whose output, tail
/// calls, errors and exit status are the native executable's.
#[test]
fn wasm32_module_runs_under_node_as_the_executable_does() {
    let program = "(define (loop i acc) (if (= i 0) acc (loop (- i 1) (+ acc 1))))\n\
                   (define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))\n\
                   (print (list (fib 20) (loop 3000000 0) (command-line-args)))\n\
                   (car 5)\n";
    let dir = workdir("wasm32", &[("p.lisp", program)]);
    for opt in ["-O0", "-O2"] {
        let o = ellec(&["--target", "wasm32", opt, "p.lisp"], &dir);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let wasm = Command::new("node").arg(dir.join("p.mjs")).args(["a", "b"]).output();
        let wasm = wasm.expect("node runs (ci/install.sh installs it)");
        assert_eq!(ellec(&[opt, "p.lisp", "-o", "p"], &dir).status.code(), Some(0));
        let native = Command::new(dir.join("p")).args(["a", "b"]).output().expect("runs");
        assert_eq!(text(&wasm.stdout), "(6765 3000000 (a b))\n");
        assert_eq!(text(&wasm.stdout), text(&native.stdout));
        assert_eq!(wasm.status.code(), native.status.code());
        assert_eq!(wasm.status.code(), Some(1));
        assert!(text(&wasm.stderr).contains("p.lisp:4:1: error: car: expected a pair, got 5"));
    }
}

#[test]
fn a_program_carries_only_the_prelude_it_uses() {
    let dir = workdir(
        "prelude-use",
        &[
            ("plain.lisp", "(print (+ 1 2))\n"),
            ("sorting.lisp", "(define (f xs) (sort xs <)) (print (f (list 3 1 2)))\n"),
        ],
    );
    let ir = |file: &str| {
        let o = ellec(&[file, "--emit", "llvm-ir", "-o", "out.ll"], &dir);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        std::fs::read_to_string(dir.join("out.ll")).expect("the IR")
    };
    // sort and the merge sort it calls are compiled in only where used
    assert!(
        !ir("plain.lisp").contains("@elle.msort."),
        "an unused prelude procedure was compiled in"
    );
    let sorting = ir("sorting.lisp");
    assert!(sorting.contains("@elle.sort.") && sorting.contains("@elle.msort."), "sort is missing");
}
