//! The conformance suite: every `*.lisp` under `tests/` (except `lib/`
//! folders, which hold files that programs include) is a program with its
//! expected results beside it:
//!
//! - `name.out`  — exact standard output (absent: none);
//! - `name.err`  — exact standard error (absent: none);
//! - `name.code` — exit status (absent: 0);
//! - `name.wasm32.out`, `.wasm32.err`, `.wasm32.code` — what a wasm32
//!   module gives instead, where the target's machine shows through (4-byte
//!   pointers and `long`, no signals): each replaces its native file.
//!
//! Header comments in the program adjust a run:
//! - `;; args: a b c` — command-line arguments;
//! - `;; stdin: text` — standard input (`\n` for newlines);
//! - `;; env: NAME=value ...` — environment variables for the run;
//! - `;; max-rss-mib: N` — peak resident memory must stay under N MiB;
//! - `;; serial: <reason>` — never runs while another serial run does (the
//!   programs that write fixed file names);
//! - `;; skip WHAT: <reason>` — not run where WHAT says, for the reason
//!   given: an executor by name (`native-O2`, `interp-gc-stress`, ...),
//!   `native` (every x86-64 executable's run), `wasm32` (every wasm32
//!   module's run), `gc-stress` (every run that collects as often as it
//!   can), `bindings` (the runs with bindings, see below) or `sanitizers`
//!   (under ci/sanitize.sh).
//!
//! A directive's malformed value, an unknown directive (a header line of
//! the shape `;; name: ...`), and a `.code` file that holds no exit status
//! stop the suite with the test's name.
//!
//! Every run has at most 1024 open files (`MAX_OPEN_FILES`).
//!
//! Each program runs in every executor (see `Executor`; `ELLE_TEST_EXECUTORS`
//! chooses some) and must give the
//! same results in each; a failure is named `executor::path`. A program that
//! imports the C test library's headers (`lib/elletest.h`, `lib/layouts.h`)
//! runs once more in each executor with those imports replaced by the
//! bindings `ellec bind` wrote for them (`executor::path+bindings`), and must
//! give the same results. A compiled
//! program is built once per target and optimisation level with `ellec`;
//! if `ellec` rejects it, its report must be the interpreter's. A wasm32
//! module runs in node through the loader `ellec` writes beside it, and its
//! memory limit (`max-rss-mib`) is raised by node's own (`NODE_RSS_MIB`).
//! A compiled program
//! reports an uncaught error on one line (`file:line:col: error: message`,
//! without the interpreter's source snippet and backtrace), so for a run
//! expected to fail only the first line of standard error is compared.

#[path = "../cli/tests/support/wasm32_zlib.rs"]
mod wasm32_zlib;
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Copy)]
enum Executor {
    Interp {
        gc_stress: bool,
    },
    Native {
        opt: u8,
        gc_stress: bool,
    },
    /// A wasm32 module in node; under GC stress it collects at every safe
    /// point.
    Wasm {
        opt: u8,
        gc_stress: bool,
    },
}

impl Executor {
    const ALL: [Executor; 10] = [
        Executor::Interp { gc_stress: false },
        Executor::Interp { gc_stress: true },
        Executor::Native { opt: 0, gc_stress: false },
        Executor::Native { opt: 0, gc_stress: true },
        Executor::Native { opt: 2, gc_stress: false },
        Executor::Native { opt: 2, gc_stress: true },
        Executor::Wasm { opt: 0, gc_stress: false },
        Executor::Wasm { opt: 0, gc_stress: true },
        Executor::Wasm { opt: 2, gc_stress: false },
        Executor::Wasm { opt: 2, gc_stress: true },
    ];

    fn name(self) -> String {
        match self {
            Executor::Interp { gc_stress } => {
                format!("interp{}", if gc_stress { "-gc-stress" } else { "" })
            }
            Executor::Native { opt, gc_stress } => {
                format!("native-O{opt}{}", if gc_stress { "-gc-stress" } else { "" })
            }
            Executor::Wasm { opt, gc_stress } => {
                format!("wasm32-O{opt}{}", if gc_stress { "-gc-stress" } else { "" })
            }
        }
    }

    fn gc_stress(self) -> bool {
        match self {
            Executor::Interp { gc_stress }
            | Executor::Native { gc_stress, .. }
            | Executor::Wasm { gc_stress, .. } => gc_stress,
        }
    }

    /// What `ellec` compiles for it: the `--target` and the level.
    fn compiled(self) -> Option<(&'static str, u8)> {
        match self {
            Executor::Interp { .. } => None,
            Executor::Native { opt, .. } => Some(("x86_64", opt)),
            Executor::Wasm { opt, .. } => Some(("wasm32", opt)),
        }
    }
}

/// What node itself takes of a wasm32 run's resident memory.
const NODE_RSS_MIB: u64 = 64;

/// What `ellec` made of a program: an executable, or its report.
enum Build {
    Exe(PathBuf),
    Rejected(Outcome),
}

type Builds = Mutex<HashMap<(PathBuf, &'static str, u8), Arc<OnceLock<Result<Build, String>>>>>;

/// Compile `case` for `target` at `opt` once, whichever trial asks first.
fn build(
    builds: &Builds,
    root: &Path,
    case: &Case,
    (target, opt): (&'static str, u8),
) -> Arc<OnceLock<Result<Build, String>>> {
    let key = (case.path.clone(), target, opt);
    let cell = builds.lock().expect("lock").entry(key).or_default().clone();
    cell.get_or_init(|| {
        // a program with bindings includes those written for its target
        let bound = c_library_dir().join("bound");
        let path = match case.path.strip_prefix(&bound) {
            Ok(file) if target == "wasm32" => wasm32_library_dir().join("bound").join(file),
            _ => case.path.clone(),
        };
        let rel = path.strip_prefix(c_library_dir()).unwrap_or(&path);
        let mut out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("conformance")
            .join(format!("{target}-O{opt}"))
            .join(rel.with_extension(""));
        if target == "wasm32" {
            out.set_extension("wasm");
        }
        std::fs::create_dir_all(out.parent().expect("a folder")).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ellec"));
        cmd.arg(&path).arg(format!("-O{opt}")).args(["--target", target]);
        cmd.arg("-o").arg(&out).current_dir(root);
        let o = run(cmd, "")?;
        Ok(if o.code == 0 { Build::Exe(out) } else { Build::Rejected(o) })
    });
    cell
}

#[derive(Clone)]
struct Case {
    /// relative to tests/, which is also the working directory of the run
    /// (a program with bindings is under `c_library_dir()`)
    path: PathBuf,
    out: String,
    err: String,
    code: i32,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: String,
    max_rss_mib: Option<u64>,
    serial: bool,
    /// What `;; skip WHAT:` lines name.
    skips: Vec<String>,
    /// What a wasm32 module gives instead: `.wasm32.out`, `.err`, `.code`.
    wasm32: (Option<String>, Option<String>, Option<i32>),
}

/// What a `;; skip WHAT:` directive may name besides an executor.
const SKIP_GROUPS: [&str; 5] = ["native", "wasm32", "gc-stress", "bindings", "sanitizers"];

impl Case {
    fn skips(&self, what: &str) -> bool {
        self.skips.iter().any(|s| s == what)
    }

    /// Is the run in `exec` left out?
    fn skipped_in(&self, exec: Executor) -> bool {
        self.skips(&exec.name())
            || matches!(exec, Executor::Native { .. }) && self.skips("native")
            || matches!(exec, Executor::Wasm { .. }) && self.skips("wasm32")
            || exec.gc_stress() && self.skips("gc-stress")
            || sanitized() && self.skips("sanitizers")
    }
}

fn read_code(rel: &Path, text: &str) -> i32 {
    match text.trim() {
        "" => 0,
        code => code.parse().unwrap_or_else(|_| {
            panic!("{}: the .code file holds {code:?}, not an exit status", rel.display())
        }),
    }
}

fn read_opt(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

fn load_case(root: &Path, rel: &Path) -> Case {
    let full = root.join(rel);
    let text = std::fs::read_to_string(&full).unwrap_or_default();
    let mut case = Case {
        path: rel.to_path_buf(),
        out: read_opt(&full.with_extension("out")),
        err: read_opt(&full.with_extension("err")),
        // a malformed .code or directive is the test's mistake: said, never ignored
        code: read_code(rel, &read_opt(&full.with_extension("code"))),
        args: vec![],
        env: vec![],
        stdin: String::new(),
        max_rss_mib: None,
        serial: false,
        skips: vec![],
        wasm32: (
            std::fs::read_to_string(full.with_extension("wasm32.out")).ok(),
            std::fs::read_to_string(full.with_extension("wasm32.err")).ok(),
            std::fs::read_to_string(full.with_extension("wasm32.code"))
                .ok()
                .map(|c| read_code(rel, &c)),
        ),
    };
    for line in text.lines().take_while(|l| l.starts_with(";;")) {
        let l = line.trim_start_matches(';').trim();
        if let Some(a) = l.strip_prefix("args:") {
            case.args = a.split_whitespace().map(String::from).collect();
        } else if let Some(e) = l.strip_prefix("env:") {
            case.env = e
                .split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        } else if let Some(s) = l.strip_prefix("stdin:") {
            case.stdin = s.trim().replace("\\n", "\n");
        } else if let Some(m) = l.strip_prefix("max-rss-mib:") {
            case.max_rss_mib = Some(m.trim().parse().unwrap_or_else(|_| {
                panic!(
                    "{}: `;; max-rss-mib:` takes a number of MiB, not {:?}",
                    rel.display(),
                    m.trim()
                )
            }));
        } else if l.starts_with("serial:") {
            case.serial = true;
        } else if let Some((what, reason)) =
            l.strip_prefix("skip ").and_then(|rest| rest.split_once(':'))
        {
            let what = what.trim();
            let known =
                SKIP_GROUPS.contains(&what) || Executor::ALL.iter().any(|e| e.name() == what);
            if !known {
                panic!("{}: `;; skip {what}:` names no executor or group (the executors: {}; the groups: {})", rel.display(),
                    Executor::ALL.map(|e| e.name()).join(", "), SKIP_GROUPS.join(", "));
            }
            if reason.trim().is_empty() {
                panic!("{}: `;; skip {what}:` gives no reason", rel.display());
            }
            case.skips.push(what.to_string());
        } else if let Some((word, _)) = l.split_once(':').filter(|(w, _)| {
            !w.is_empty()
                && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }) {
            // `;; name: ...` is a directive's shape: a misspelt one must not
            // pass silently as a comment
            panic!("{}: unknown directive `;; {word}:` (the directives: args, stdin, env, max-rss-mib, serial, skip WHAT)", rel.display());
        }
    }
    case
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let rel = dir.join(e.file_name());
        if e.path().is_dir() {
            if e.file_name() != "lib" {
                collect(root, &rel, out);
            }
        } else if rel.extension().is_some_and(|x| x == "lisp") {
            out.push(rel);
        }
    }
}

struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
    max_rss_kib: u64,
}

/// Open files a program may have: the usual default, whatever the limit of
/// the machine the suite runs on, so a descriptor leak fails here too.
const MAX_OPEN_FILES: libc::rlim_t = 1024;

/// Run to completion, reaping the child with wait4 for its peak RSS.
fn run(mut cmd: Command, stdin: &str) -> Result<Outcome, String> {
    use std::os::unix::process::CommandExt;
    // SAFETY: getrlimit and setrlimit are async-signal-safe; this only
    // lowers the soft limit.
    unsafe {
        cmd.pre_exec(|| {
            let mut limit: libc::rlimit = std::mem::zeroed();
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            limit.rlim_cur = limit.rlim_cur.min(MAX_OPEN_FILES);
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut child_in = child.stdin.take().expect("piped");
    let input = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = child_in.write_all(input.as_bytes());
    });
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let mut e = Vec::new();
    let _ = err.read_to_end(&mut e);
    let o = reader.join().unwrap_or_default();
    let _ = writer.join();
    let mut status = 0;
    // SAFETY: rusage is plain data; the pid is our unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        return Err("wait4 failed".into());
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Ok(Outcome {
        stdout: String::from_utf8_lossy(&o).into_owned(),
        stderr: String::from_utf8_lossy(&e).into_owned(),
        code,
        max_rss_kib: usage.ru_maxrss as u64,
    })
}

fn check(builds: &Builds, root: &Path, case: &Case, exec: Executor) -> Result<(), Failed> {
    let wasm32_case;
    let case = match (&case.wasm32, exec) {
        ((None, None, None), _) | (_, Executor::Interp { .. } | Executor::Native { .. }) => case,
        ((out, err, code), Executor::Wasm { .. }) => {
            wasm32_case = Case {
                out: out.clone().unwrap_or_else(|| case.out.clone()),
                err: err.clone().unwrap_or_else(|| case.err.clone()),
                code: code.unwrap_or(case.code),
                ..case.clone()
            };
            &wasm32_case
        }
    };
    let mut cmd = match exec {
        Executor::Interp { .. } => {
            let mut c = Command::new(env!("CARGO_BIN_EXE_elle"));
            c.arg(&case.path);
            c
        }
        Executor::Native { .. } | Executor::Wasm { .. } => {
            let compiled = exec.compiled().expect("a compiled executor");
            let cell = build(builds, root, case, compiled);
            match cell.get().expect("built") {
                Err(e) => return Err(format!("cannot run ellec: {e}").into()),
                Ok(Build::Exe(exe)) if compiled.0 == "wasm32" => {
                    let mut node = Command::new("node");
                    node.arg(exe.with_extension("mjs"));
                    node
                }
                Ok(Build::Exe(exe)) => Command::new(exe),
                Ok(Build::Rejected(o)) => return compare(case, o, exec, false),
            }
        }
    };
    if exec.gc_stress() {
        cmd.env("ELLE_GC_STRESS", "1");
    }
    cmd.args(&case.args).envs(case.env.iter().map(|(k, v)| (k, v))).current_dir(root);
    static SERIAL: Mutex<()> = Mutex::new(());
    let _turn = case.serial.then(|| SERIAL.lock().unwrap_or_else(|e| e.into_inner()));
    let o = run(cmd, &case.stdin)?;
    let first_line_only = exec.compiled().is_some() && case.code != 0;
    compare(case, &o, exec, first_line_only)
}

fn first_line(s: &str) -> &str {
    s.split_inclusive('\n').next().unwrap_or("")
}

fn compare(case: &Case, o: &Outcome, exec: Executor, first_line_only: bool) -> Result<(), Failed> {
    let mut problems = Vec::new();
    if o.stderr.contains("panicked") {
        problems.push("the process panicked".to_string());
    }
    if o.code != case.code {
        problems.push(format!("exit status {} (expected {})", o.code, case.code));
    }
    if o.stdout != case.out {
        problems
            .push(format!("stdout differs\n--- expected\n{}--- got\n{}---", case.out, o.stdout));
    }
    let stderr = if sanitized() { without_asan_notices(&o.stderr) } else { o.stderr.clone() };
    let (want_err, got_err) = if first_line_only {
        (first_line(&case.err), first_line(&stderr))
    } else {
        (&case.err[..], &stderr[..])
    };
    if want_err != got_err {
        problems.push(format!("stderr differs\n--- expected\n{want_err}--- got\n{got_err}---"));
    }
    let node = if matches!(exec, Executor::Wasm { .. }) { NODE_RSS_MIB } else { 0 };
    if let Some(limit) = case.max_rss_mib.filter(|_| !sanitized()).map(|l| l + node) {
        if !exec.gc_stress() && o.max_rss_kib > limit * 1024 {
            problems.push(format!("peak RSS {} KiB exceeds {limit} MiB", o.max_rss_kib));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// Where the C test library and its bindings are built: under `target/`,
/// never in `tests/`. Programs load it by name (`(load-library "elletest"
/// ...)`), found through `LIBRARY_PATH`, which `main` sets to this folder.
fn c_library_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("elletest")
}

/// Build the C test library the ffi programs load, as a shared object (for
/// `elle`) and a static archive (which `ellec` links).
fn build_c_library(root: &Path) {
    let build = c_library_dir();
    std::fs::create_dir_all(&build).expect("the C test library's folder");
    let run = |cmd: &mut Command| {
        let o = cmd.output().expect("the C compiler runs");
        assert!(
            o.status.success(),
            "building the C test library failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let src = root.join("ffi/lib/elletest.c");
    run(Command::new("cc")
        .args(["-O2", "-fPIC", "-shared", "-o"])
        .arg(build.join("libelletest.so"))
        .arg(&src));
    run(Command::new("cc")
        .args(["-O2", "-fPIC", "-c", "-o"])
        .arg(build.join("elletest.o"))
        .arg(&src));
    run(Command::new("ar")
        .arg("rcs")
        .arg(build.join("libelletest.a"))
        .arg(build.join("elletest.o")));
    // the same for wasm32 modules, in a folder of its own (library search
    // takes only an archive of the target's objects)
    let wasm = wasm32_library_dir();
    std::fs::create_dir_all(&wasm).expect("the wasm32 C test library's folder");
    run(Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-O2", "-c", "-o"])
        .arg(wasm.join("elletest.o"))
        .arg(&src));
    run(Command::new("llvm-ar-19")
        .arg("rcs")
        .arg(wasm.join("libelletest.a"))
        .arg(wasm.join("elletest.o")));
}

fn wasm32_library_dir() -> PathBuf {
    c_library_dir().join("wasm32")
}

/// The C test library's headers, and the bindings `ellec bind` writes for
/// each (beside the library).
const BOUND_HEADERS: [(&str, &str); 2] =
    [("lib/elletest.h", "elletest.lisp"), ("lib/layouts.h", "layouts.lisp")];

fn bind_c_library(root: &Path) {
    for ((header, bindings), (target, dir)) in BOUND_HEADERS
        .into_iter()
        .flat_map(|h| [(h, ("x86_64", c_library_dir())), (h, ("wasm32", wasm32_library_dir()))])
    {
        let o = Command::new(env!("CARGO_BIN_EXE_ellec"))
            .args(["bind", &format!("ffi/{header}"), "--lib", "elletest", "--target", target])
            .arg("-o")
            .arg(dir.join(bindings))
            .current_dir(root)
            .output()
            .expect("ellec runs");
        assert!(
            o.status.success(),
            "ellec bind {header} --target {target} failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// `case` with its imports of the C test library's headers replaced by
/// their bindings, written beside them (`bound/`); `None` if it imports
/// none of them (or says to skip).
fn with_bindings(root: &Path, case: &Case) -> Option<Case> {
    let text = std::fs::read_to_string(root.join(&case.path)).ok()?;
    let mut bound = text.clone();
    for (header, bindings) in BOUND_HEADERS {
        bound = bound.replace(
            &format!("(load-library \"elletest\" :header \"{header}\")"),
            &format!("(include \"../{bindings}\")"),
        );
    }
    if bound == text || case.skips("bindings") || !case.err.is_empty() {
        return None;
    }
    // one copy beside each target's bindings (`build` picks its target's)
    for dir in [c_library_dir(), wasm32_library_dir()].map(|d| d.join("bound")) {
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(dir.join(case.path.file_name()?), &bound).ok()?;
    }
    let path = c_library_dir().join("bound").join(case.path.file_name()?);
    Some(Case { path, ..case.clone() })
}

/// Under ci/sanitize.sh (`ELLE_SANITIZE=1`): memory limits do not hold
/// (AddressSanitizer's shadow and redzones), and AddressSanitizer's notices
/// (a jump out of a signal handler; an allocation it refused, which the
/// program sees as out of memory) are not the program's output.
fn sanitized() -> bool {
    std::env::var("ELLE_SANITIZE").is_ok_and(|v| v == "1")
}

fn without_asan_notices(stderr: &str) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for line in stderr.split_inclusive('\n') {
        if line.contains("WARNING: ASan is ignoring requested __asan_handle_no_return") {
            skip = 3;
        } else if line.contains("WARNING: AddressSanitizer failed to allocate") {
            skip = 1;
        }
        if skip > 0 {
            skip -= 1;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `ELLE_TEST_EXECUTORS=interp,native-O0` runs those executors only (the
/// sanitizer run, ci/sanitize.sh); unset, every one.
fn chosen(exec: Executor) -> bool {
    std::env::var("ELLE_TEST_EXECUTORS")
        .map_or(true, |names| names.split(',').any(|n| n.trim() == exec.name()))
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests")
        .canonicalize()
        .expect("tests/ exists");
    // before any thread or child: every run finds the C test library
    let dirs = std::env::join_paths([c_library_dir(), wasm32_library_dir()]).expect("paths");
    std::env::set_var("LIBRARY_PATH", dirs);
    build_c_library(&root);
    if Executor::ALL.into_iter().any(|e| matches!(e, Executor::Wasm { .. }) && chosen(e)) {
        wasm32_zlib::build(&wasm32_library_dir());
    }
    bind_c_library(&root);
    let mut files = Vec::new();
    collect(&root, Path::new(""), &mut files);
    let builds: &'static Builds = Box::leak(Box::default());
    let mut trials = Vec::new();
    for rel in files {
        let case = Arc::new(load_case(&root, &rel));
        let bound = with_bindings(&root, &case).map(Arc::new);
        for (case, suffix) in std::iter::once((case, "")).chain(bound.map(|b| (b, "+bindings"))) {
            for exec in Executor::ALL.into_iter().filter(|e| chosen(*e)) {
                let name = format!("{}::{}{suffix}", exec.name(), rel.with_extension("").display());
                // an error's message names the file: no bindings run where one is expected
                let ignored = case.skipped_in(exec)
                    || suffix == "+bindings"
                        && matches!(exec, Executor::Wasm { .. })
                        && case.wasm32.1.as_ref().is_some_and(|e| !e.is_empty());
                let (root, case) = (root.clone(), case.clone());
                trials.push(
                    Trial::test(name, move || check(builds, &root, &case, exec))
                        .with_ignored_flag(ignored),
                );
            }
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
