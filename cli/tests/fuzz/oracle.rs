//! The executors a program runs in, and what counts as a finding: a crash
//! of any executor (a Rust panic, a signal, a hang, running out of memory
//! where another executor did not), and for the differential fuzzer any
//! disagreement with the interpreter on standard output, standard error's
//! first line, or exit status.

use super::run::{run, Exit, Limits, Outcome};
use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Executor {
    Interp {
        gc_stress: bool,
    },
    Native {
        opt: u8,
        gc_stress: bool,
    },
    /// A wasm32 module `ellec --target wasm32` made, run by node through
    /// the loader written beside it.
    Wasm {
        opt: u8,
        gc_stress: bool,
    },
}

impl Executor {
    pub fn name(self) -> String {
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
}

/// Address space for node: V8 reserves each wasm32 memory's 4 GiB and its
/// guard regions up front (and fails oddly without them), so a module's
/// appetite is bounded by its heap limit instead: less than the native
/// executables reach under `Limits::address_space` (~1.4 GB), as a module
/// allocates a few times slower (1 GB of closures: 10 s; natively 1.4 GB
/// in 1.9 s), and a runaway program must end within the timeout there too.
const NODE_ADDRESS_SPACE: u64 = 64 << 30;
const WASM_HEAP_MAX: &str = "512M";

/// What went wrong, as a short stable word (used in finding names).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Kind {
    Panic,
    Signal,
    Timeout,
    OutOfMemory,
    Mismatch,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Panic => "panic",
            Kind::Signal => "signal",
            Kind::Timeout => "timeout",
            Kind::OutOfMemory => "out-of-memory",
            Kind::Mismatch => "mismatch",
        }
    }
}

/// One step's result: `ellec` compiling, or a program running.
pub struct Step {
    pub executor: Executor,
    /// "compile" or "run"
    pub stage: &'static str,
    pub command: String,
    pub outcome: Outcome,
}

/// How a run ended, before comparing executors: `None` is a clear end
/// (a result or an Elle error).
pub fn crash_kind(o: &Outcome) -> Option<Kind> {
    let err = String::from_utf8_lossy(&o.stderr);
    if err.contains("panicked at") || o.exit == Exit::Code(101) {
        return Some(Kind::Panic);
    }
    if err.contains("elle: fatal: out of memory") {
        return Some(Kind::OutOfMemory);
    }
    match o.exit {
        Exit::Code(_) => None,
        Exit::Timeout => Some(Kind::Timeout),
        Exit::Signal(_) => Some(Kind::Signal),
    }
}

/// Runs `prog.lisp` in `dir` in each executor: `elle prog.lisp`, or
/// `ellec prog.lisp -On` and then the executable (or, for wasm32, the
/// module's loader in node). A program `ellec` rejects gives `ellec`'s
/// report as its outcome (which must be the interpreter's).
pub struct Runner<'a> {
    pub elle: &'a Path,
    pub ellec: &'a Path,
    pub limits: Limits,
}

impl Runner<'_> {
    pub fn execute(&self, dir: &Path, file: &str, executor: Executor) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut limits = self.limits;
        let (mut cmd, command, gc_stress) = match executor {
            Executor::Interp { gc_stress } => {
                let mut c = Command::new(self.elle);
                c.arg(file);
                (c, format!("elle {file}"), gc_stress)
            }
            Executor::Native { opt, gc_stress } | Executor::Wasm { opt, gc_stress } => {
                let wasm = matches!(executor, Executor::Wasm { .. });
                let stem = file.trim_end_matches(".lisp");
                let exe = if wasm {
                    format!("{stem}-wasm32-O{opt}.wasm")
                } else {
                    format!("{stem}-O{opt}")
                };
                // a program built for another executor at this level is run
                // again, not rebuilt
                if !dir.join(&exe).exists() {
                    let target = if wasm { " --target wasm32" } else { "" };
                    let mut c = Command::new(self.ellec);
                    if wasm {
                        c.args(["--target", "wasm32"]);
                    }
                    c.arg(file).arg(format!("-O{opt}")).arg("-o").arg(&exe).current_dir(dir);
                    let outcome = self.spawn(c, limits);
                    let built = outcome.exit == Exit::Code(0);
                    steps.push(Step {
                        executor,
                        stage: "compile",
                        command: format!("ellec{target} {file} -O{opt} -o {exe}"),
                        outcome,
                    });
                    if !built {
                        return steps;
                    }
                }
                if wasm {
                    let loader = format!("{stem}-wasm32-O{opt}.mjs");
                    let mut c = Command::new("node");
                    c.arg(&loader).env("ELLE_HEAP_MAX", WASM_HEAP_MAX);
                    limits.address_space = limits.address_space.max(NODE_ADDRESS_SPACE);
                    (c, format!("ELLE_HEAP_MAX={WASM_HEAP_MAX} node {loader}"), gc_stress)
                } else {
                    (Command::new(dir.join(&exe)), format!("./{exe}"), gc_stress)
                }
            }
        };
        cmd.current_dir(dir);
        if gc_stress {
            cmd.env("ELLE_GC_STRESS", "1");
        }
        let outcome = self.spawn(cmd, limits);
        steps.push(Step {
            executor,
            stage: "run",
            command: if gc_stress { format!("ELLE_GC_STRESS=1 {command}") } else { command },
            outcome,
        });
        steps
    }

    fn spawn(&self, cmd: Command, limits: Limits) -> Outcome {
        run(cmd, limits).unwrap_or_else(|e| Outcome {
            stdout: vec![],
            stderr: format!("fuzz harness: cannot start the process: {e}\n").into_bytes(),
            exit: Exit::Code(-1),
            elapsed: Default::default(),
        })
    }
}

/// The outcome a program's executor gave: its run, or `ellec`'s rejection.
pub fn final_outcome(steps: &[Step]) -> &Outcome {
    &steps.last().expect("a step").outcome
}

/// Differences between two executors' outcomes, as lines of text (none:
/// they agree). Compared: standard output, standard error's first line and
/// the exit status.
pub fn differences(reference: &Outcome, other: &Outcome) -> Vec<String> {
    let mut d = Vec::new();
    if reference.exit != other.exit {
        d.push(format!("{} (reference: {})", other.exit_text(), reference.exit_text()));
    }
    if reference.stdout != other.stdout {
        d.push(format!(
            "stdout differs\n--- reference\n{}\n--- got\n{}\n---",
            String::from_utf8_lossy(&reference.stdout),
            String::from_utf8_lossy(&other.stdout)
        ));
    }
    let (a, b) = (reference.stderr_first_line(), other.stderr_first_line());
    if a != b {
        d.push(format!("stderr's first line differs\n--- reference\n{a}\n--- got\n{b}\n---"));
    }
    d
}
