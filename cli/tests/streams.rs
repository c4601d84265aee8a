//! Standard streams that fail: a reader that goes away, a full device,
//! input that is not text. Every executor behaves alike.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `elle prog` and the executable `ellec` makes of it, for `source`.
fn executors(name: &str, source: &str) -> Vec<Command> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("streams").join(name);
    std::fs::create_dir_all(&dir).expect("a work folder");
    let prog = dir.join("prog.lisp");
    std::fs::write(&prog, source).expect("write the program");
    let exe = dir.join("prog");
    let built = Command::new(env!("CARGO_BIN_EXE_ellec"))
        .arg(&prog)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("ellec runs");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let mut interp = Command::new(env!("CARGO_BIN_EXE_elle"));
    interp.arg(&prog);
    vec![interp, Command::new(exe)]
}

#[test]
fn output_to_a_closed_pipe_ends_the_program_as_sigpipe() {
    for mut cmd in executors("sigpipe", "(let loop ((i 0)) (print i) (loop (+ i 1)))") {
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("runs");
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        assert_eq!(lines.next().expect("a line").expect("text"), "0");
        assert_eq!(lines.next().expect("a line").expect("text"), "1");
        drop(lines); // the reader goes away, as `head -2` does
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().expect("wait") {
                break s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                child.kill().ok();
                panic!("{cmd:?} went on writing to a closed pipe");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.signal(), Some(13), "{cmd:?}: {status:?}");
    }
}

#[test]
fn output_that_cannot_be_written_is_an_error() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    for mut cmd in executors("dev-full", "(print \"hello\")") {
        let o = cmd.stdout(full.try_clone().expect("dup")).output().expect("runs");
        assert_eq!(o.status.code(), Some(1), "{cmd:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            "elle: cannot write the program's output: No space left on device\n"
        );
    }
    // written out while the program runs: an Elle error at the form
    for mut cmd in executors("dev-full-flush", "(print \"x\")\n(flush-output)\n(print \"after\")\n")
    {
        let o = cmd.stdout(full.try_clone().expect("dup")).output().expect("runs");
        assert_eq!(o.status.code(), Some(1), "{cmd:?}");
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(err.contains("prog.lisp:2:1: error: flush-output: cannot write to standard output: No space left on device"), "{err}");
    }
}

#[test]
fn piped_input_that_is_not_utf8_is_reported() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_elle"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("elle runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(b"(print 1)\n(print \"\xe9\")\n(print 2)\n")
        .expect("write");
    let o = child.wait_with_output().expect("elle finishes");
    assert_eq!(String::from_utf8_lossy(&o.stdout), "1\n");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "elle: cannot read standard input at line 2: it is not UTF-8 text\n"
    );
    assert_eq!(o.status.code(), Some(1));
}
