//! The `elle` command line: `-e`, script arguments, piped input and the
//! interactive REPL (driven through a pseudo-terminal).

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn elle() -> Command {
    Command::new(env!("CARGO_BIN_EXE_elle"))
}

fn run_piped(args: &[&str], input: &str) -> Output {
    let mut child = elle()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("elle runs");
    child.stdin.take().expect("piped").write_all(input.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("elle finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn piped_forms_print_their_values() {
    let o = run_piped(&[], "(+ 1 2)\n(define x 5)\n(* x\n   2)\n\"str\"\n(print 'shown)\n");
    assert_eq!(text(&o.stdout), "3\nx\n10\n\"str\"\nshown\n");
    assert_eq!(text(&o.stderr), "");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn piped_error_names_the_stdin_line_and_continues() {
    let o = run_piped(&[], "(define x 1)\n\n(car x)\n(print \"after\")\n");
    assert_eq!(text(&o.stdout), "x\nafter\n");
    let err = text(&o.stderr);
    assert!(err.starts_with("<stdin>:3:1: error: car: expected a pair, got 1\n"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn piped_incomplete_form_is_an_error() {
    let o = run_piped(&[], "(print 1)\n(+ 1\n");
    assert_eq!(text(&o.stdout), "1\n");
    assert!(text(&o.stderr).starts_with("<stdin>:2:1: error: unclosed '(' opened here\n"));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn eval_option_repeats_and_passes_arguments() {
    let o = elle()
        .args(["-e", "(+ 1 2)", "-e", "42 (command-line-args)", "a", "-b"])
        .output()
        .expect("runs");
    assert_eq!(text(&o.stdout), "3\n42\n(\"a\" \"-b\")\n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn eval_error_exits_1() {
    let o = elle().args(["-e", "(print 1) (car 2)"]).output().expect("runs");
    assert_eq!(text(&o.stdout), "1\n");
    assert!(text(&o.stderr).starts_with("<-e>:1:11: error: car: expected a pair, got 2\n"));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn missing_script_is_reported() {
    let o = elle().arg("/nonexistent/script.lisp").output().expect("runs");
    assert_eq!(text(&o.stderr), "error: cannot read '/nonexistent/script.lisp': no such file\n");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn help_explains_the_modes() {
    let o = elle().arg("--help").output().expect("runs");
    let help = text(&o.stdout);
    for needle in ["elle FILE [ARGS...]", "-e, --eval <EXPR>", "REPL", "exit status"] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
    assert_eq!(o.status.code(), Some(0));
}

/// A REPL session on a pseudo-terminal: waits for each prompt before typing.
struct Pty {
    master: std::fs::File,
    output: mpsc::Receiver<u8>,
    seen: String,
}

impl Pty {
    fn spawn(home: &std::path::Path) -> (Pty, std::process::Child) {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty fills in two new descriptors, which we then own.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(r, 0, "openpty");
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let child = elle()
            .env("HOME", home)
            .env_remove("XDG_STATE_HOME")
            .env("TERM", "dumb")
            .stdin(slave.try_clone().expect("dup"))
            .stdout(slave.try_clone().expect("dup"))
            .stderr(slave)
            .spawn()
            .expect("elle runs");
        let master = std::fs::File::from(master);
        let mut reader = master.try_clone().expect("dup");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 256];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || buf[..n].iter().any(|&b| tx.send(b).is_err()) {
                    break;
                }
            }
        });
        (Pty { master, output: rx, seen: String::new() }, child)
    }

    /// Read until the output (since the last call) contains `what`.
    fn expect(&mut self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut bytes = Vec::new();
        loop {
            let got = String::from_utf8_lossy(&bytes).replace('\r', "");
            if got.contains(what) {
                self.seen.push_str(&got);
                return got;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(b) => bytes.push(b),
                Err(_) => {
                    panic!("timed out waiting for {what:?}; got {got:?}\nbefore: {}", self.seen)
                }
            }
        }
    }

    fn send(&mut self, line: &str) {
        self.master.write_all(line.as_bytes()).expect("type into the REPL");
    }
}

#[test]
fn repl_session() {
    let home = std::env::temp_dir().join(format!("elle-repl-test-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temp home");
    let (mut pty, mut child) = Pty::spawn(&home);
    pty.expect("elle> ");
    pty.send("(define (f x)\r");
    pty.expect("... ");
    pty.send("  (* x 2))\r");
    pty.expect("elle> ");
    pty.send("(f 21)\r");
    assert!(pty.expect("elle> ").contains("42\n"));
    pty.send("(car 1)\r");
    let err = pty.expect("elle> ");
    assert!(err.contains("error: car: expected a pair, got 1"), "{err}");
    pty.send("\"still here\"\r");
    assert!(pty.expect("elle> ").contains("\"still here\"\n"));
    pty.send("\x04");
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(0));
    let history = std::fs::read_to_string(home.join(".elle_history")).unwrap_or_default();
    assert!(history.contains("(f 21)"), "history file: {history:?}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn header_imports_are_cached_and_revalidated() {
    let dir = std::env::temp_dir().join(format!("elle-cache-test-{}", std::process::id()));
    let cache = dir.join("cache");
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("p.lisp"),
        "(load-library \"m\" :header \"mini.h\")\n(print (list K (fabs -3.0)))\n",
    )
    .expect("program");
    let run = |k: &str| {
        std::fs::write(dir.join("mini.h"), format!("double fabs(double);\n#define K {k}\n"))
            .expect("header");
        let o =
            elle().arg(dir.join("p.lisp")).env("XDG_CACHE_HOME", &cache).output().expect("runs");
        assert_eq!(text(&o.stderr), "");
        text(&o.stdout)
    };
    assert_eq!(run("7"), "(7 3.0)\n");
    let entries = || std::fs::read_dir(cache.join("elle/imports")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(entries(), 1, "a cold import writes one cache entry");
    // the header changed: the entry is stale and rebuilt
    assert_eq!(run("1234"), "(1234 3.0)\n");
    assert_eq!(run("1234"), "(1234 3.0)\n");
    assert_eq!(entries(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_imports_reports_what_was_used_and_left_out() {
    let dir = std::env::temp_dir().join(format!("elle-explain-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("p.lisp"),
        "(load-library \"m\" :header \"math.h\")\n(print (fabs -3.0))\n",
    )
    .expect("program");
    let o = elle()
        .arg("--explain-imports")
        .arg(dir.join("p.lisp"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .expect("runs");
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for expected in [
        "library m (loaded as /usr/lib/x86_64-linux-gnu/libm.so.6)\n  header math.h\n",
        "    used by the program: fabs\n",
        "    not imported, outside the header's package",
        "      <features.h>: ",
        "function-like macros, 1 variable\n",
        "      cos: Elle defines cos; call it by signature (ffi-call)\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(!out.contains("3.0"), "the program is checked, not run:\n{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repl_turns_a_crash_in_c_into_an_error_and_goes_on() {
    let o = run_piped(&[], "(load-library \"libc.so.6\" :header \"string.h\")\n(memcpy nil \"abc\" 3)\n(strlen \"still here\")\n");
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "<stdin>:2:1: error: memcpy: the C function crashed (a memory fault, SIGSEGV)"
        ),
        "{err}"
    );
    assert_eq!(text(&o.stdout), "\"libc.so.6\"\n10\n");
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_not_a_crash() {
    let depth = 100_001;
    let source = format!("(print {}1{})\n", "(list ".repeat(depth), ")".repeat(depth));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-deep");
    std::fs::create_dir_all(&dir).expect("a folder");
    std::fs::write(dir.join("deep.lisp"), source).expect("write");
    let o = elle().arg("deep.lisp").current_dir(&dir).output().expect("runs");
    let err = text(&o.stderr);
    assert!(
        err.starts_with("deep.lisp:1:599997: error: the form nests more than 100000 levels deep\n"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert_eq!(o.status.code(), Some(1));
}
