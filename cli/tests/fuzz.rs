//! Fuzzers, deterministic from a seed (modules under `fuzz/`):
//!
//! - differential: generated programs (`fuzz/generate.rs`) run in `elle`,
//!   in `ellec`'s executables at -O0 and -O2 and as a wasm32 module in node,
//!   some with `ELLE_GC_STRESS=1`, and must agree with the interpreter on
//!   standard output, standard error's first line and exit status;
//! - mutation: mutants of the programs under `tests/` (`fuzz/mutate.rs`) run
//!   in the same executors and must end in a result or a clear error: never
//!   a Rust panic, a signal, a hang or unbounded memory (`fuzz/oracle.rs`).
//!
//! `cargo test` runs a short fixed budget of each. `ci/fuzz.sh` runs the
//! ignored `long_run` for as long as asked; its settings come from the
//! environment (documented there): `ELLE_FUZZ_MODE`, `ELLE_FUZZ_SEED`,
//! `ELLE_FUZZ_MINUTES`, `ELLE_FUZZ_SEEDS`, `ELLE_FUZZ_JOBS`,
//! `ELLE_FUZZ_TIMEOUT`, `ELLE_FUZZ_SHAPES`, `ELLE_FUZZ_FINDINGS`.

mod fuzz {
    pub mod campaign;
    pub mod generate;
    pub mod mutate;
    pub mod oracle;
    pub mod rng;
    pub mod run;
}

use fuzz::campaign::{self, Budget, Campaign, Config, Mode, Stats};
use fuzz::generate::{EdgeShapes, Generator};
use fuzz::oracle::{self, crash_kind, differences, Executor, Kind, Runner};
use fuzz::run::{self, Exit, Limits, Outcome};
use fuzz::{mutate, rng};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The fixed budgets `cargo test` runs: seeds chosen to pass on the
/// current code (see `docs/architecture.md`, "Fuzzers").
const CI_DIFFERENTIAL: (u64, u64) = (1, 40);
const CI_MUTATION: (u64, u64) = (1, 100);

fn elle() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_elle"))
}

fn ellec() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ellec"))
}

fn tests_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

fn default_findings_dir() -> PathBuf {
    std::env::var_os("ELLE_FUZZ_FINDINGS").map(PathBuf::from).unwrap_or_else(|| {
        // CARGO_TARGET_TMPDIR is <target>/tmp
        Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .unwrap_or(Path::new("."))
            .join("fuzz-findings")
    })
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v} is not a valid value")),
        Err(_) => default,
    }
}

fn campaign_run(config: &Config) -> Stats {
    let c = Campaign {
        config,
        runner: Runner { elle: elle(), ellec: ellec(), limits: config.limits },
        corpus: campaign::corpus(&tests_root()),
        stats: Default::default(),
    };
    c.run();
    c.stats.into_inner().expect("stats")
}

fn ci_config(mode: Mode, (seed, seeds): (u64, u64)) -> Config {
    Config {
        mode,
        seed,
        budget: Budget::Seeds(seeds),
        jobs: 2,
        limits: Limits { timeout: Duration::from_secs(10), ..Limits::default() },
        shapes: EdgeShapes::standard(),
        findings_dir: default_findings_dir().join("ci"),
        verbose: false,
    }
}

fn assert_no_findings(config: &Config, stats: &Stats) {
    eprintln!("{}", stats.summary(config));
    assert!(stats.findings.is_empty(), "the fuzzer found problems:\n{}", stats.summary(config));
}

#[test]
fn differential_fixed_seeds() {
    let config = ci_config(Mode::Differential, CI_DIFFERENTIAL);
    let stats = campaign_run(&config);
    assert_eq!(stats.programs, CI_DIFFERENTIAL.1);
    for executor in
        ["native-O2", "wasm32-O0", "wasm32-O2", "wasm32-O0-gc-stress", "wasm32-O2-gc-stress"]
    {
        assert!(stats.runs.get(executor).copied().unwrap_or(0) > 0, "programs ran in {executor}");
    }
    assert_no_findings(&config, &stats);
}

#[test]
fn mutation_fixed_seeds() {
    let config = ci_config(Mode::Mutation, CI_MUTATION);
    let stats = campaign_run(&config);
    assert_eq!(stats.mutants, CI_MUTATION.1);
    assert_no_findings(&config, &stats);
}

/// The long run `ci/fuzz.sh` starts, configured from the environment.
#[test]
#[ignore]
fn long_run() {
    let mode = std::env::var("ELLE_FUZZ_MODE").unwrap_or_else(|_| "both".into());
    let mode = Mode::parse(&mode)
        .unwrap_or_else(|| panic!("ELLE_FUZZ_MODE={mode}: differential, mutation or both"));
    let budget = match std::env::var("ELLE_FUZZ_SEEDS") {
        Ok(n) => Budget::Seeds(n.parse().expect("ELLE_FUZZ_SEEDS is a count")),
        Err(_) => Budget::Time(Duration::from_secs_f64(env_or("ELLE_FUZZ_MINUTES", 5.0f64) * 60.0)),
    };
    let config = Config {
        mode,
        seed: env_or("ELLE_FUZZ_SEED", 1000u64),
        budget,
        jobs: env_or("ELLE_FUZZ_JOBS", 2usize),
        limits: Limits {
            timeout: Duration::from_secs_f64(env_or("ELLE_FUZZ_TIMEOUT", 10.0f64)),
            ..Limits::default()
        },
        shapes: shapes_asked(),
        findings_dir: default_findings_dir(),
        verbose: true,
    };
    let stats = campaign_run(&config);
    let summary = stats.summary(&config);
    println!("{summary}");
    let _ = std::fs::create_dir_all(&config.findings_dir);
    let _ = std::fs::write(
        config.findings_dir.join(format!("summary-seed{}.txt", config.seed)),
        &summary,
    );
    assert!(stats.findings.is_empty(), "findings: see {}", config.findings_dir.display());
}

// ---- the harness itself ----

fn sh(script: &str, limits: Limits) -> Outcome {
    let mut c = Command::new("sh");
    c.arg("-c").arg(script);
    run::run(c, limits).expect("sh runs")
}

#[test]
fn runner_classifies_signals_timeouts_and_odd_output() {
    let quick = Limits { timeout: Duration::from_secs(1), ..Limits::default() };
    let o = sh("kill -SEGV $$", quick);
    assert_eq!(o.exit, Exit::Signal(libc::SIGSEGV));
    assert_eq!(crash_kind(&o), Some(Kind::Signal));

    let o = sh("sleep 30 & sleep 30", quick);
    assert_eq!(o.exit, Exit::Timeout);
    assert!(o.elapsed < Duration::from_secs(5), "the process group was killed");
    assert_eq!(crash_kind(&o), Some(Kind::Timeout));

    let o = sh(
        "printf '\\377\\376ok\\n'; printf 'thread main panicked at x.rs:1:1\\n' >&2; exit 101",
        quick,
    );
    assert_eq!(o.stdout, b"\xff\xfeok\n");
    assert_eq!(crash_kind(&o), Some(Kind::Panic));

    let o = sh("echo 'elle: fatal: out of memory (65536-byte block)' >&2; kill -ABRT $$", quick);
    assert_eq!(crash_kind(&o), Some(Kind::OutOfMemory));

    let o = sh("echo 'prog.lisp:1:1: error: car: expected a pair' >&2; exit 1", quick);
    assert_eq!(crash_kind(&o), None, "an Elle error is a clear end");

    // output past the cap is dropped, not kept
    let o = sh("head -c 5000000 /dev/zero", quick);
    assert_eq!(o.exit, Exit::Code(0));
    assert!(o.stdout.len() <= 1 << 20);

    // the address-space limit applies to the child
    let small = Limits { timeout: Duration::from_secs(5), address_space: 64 << 20 };
    let mut c = Command::new(elle());
    c.args(["-e", "(print 1)"]);
    let o = run::run(c, small).expect("elle runs");
    assert_ne!(o.exit, Exit::Code(0), "elle cannot map its 1 GiB stack in 64 MiB");
}

#[test]
fn oracle_reports_each_kind_of_disagreement() {
    let base = Outcome {
        stdout: b"s0: 1\n".to_vec(),
        stderr: b"p.lisp:2:1: error: x\nmore\n".to_vec(),
        exit: Exit::Code(1),
        elapsed: Duration::ZERO,
    };
    assert!(differences(&base, &base.clone()).is_empty());
    let other_rest = Outcome { stderr: b"p.lisp:2:1: error: x\nother\n".to_vec(), ..base.clone() };
    assert!(differences(&base, &other_rest).is_empty(), "only the first line of stderr counts");
    assert_eq!(
        differences(&base, &Outcome { stdout: b"s0: 2\n".to_vec(), ..base.clone() }).len(),
        1
    );
    assert_eq!(
        differences(&base, &Outcome { stderr: b"p.lisp:2:2: error: x\n".to_vec(), ..base.clone() })
            .len(),
        1
    );
    assert_eq!(differences(&base, &Outcome { exit: Exit::Code(0), ..base.clone() }).len(), 1);
    assert_eq!(
        differences(&base, &Outcome { exit: Exit::Signal(11), stdout: vec![0xff], ..base.clone() })
            .len(),
        2
    );
}

#[test]
fn oracle_compares_real_executors() {
    let dir = std::env::temp_dir().join(format!("elle-fuzz-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    std::fs::write(
        dir.join("p.lisp"),
        "(print (list 1 2.5 \"s\"))\n(print (+ 18446744073709551615 1))\n",
    )
    .expect("write");
    let runner = Runner { elle: elle(), ellec: ellec(), limits: Limits::default() };
    let interp = runner.execute(&dir, "p.lisp", Executor::Interp { gc_stress: false });
    let native = runner.execute(&dir, "p.lisp", Executor::Native { opt: 2, gc_stress: false });
    let _ = std::fs::remove_dir_all(&dir);
    let (i, n) = (oracle::final_outcome(&interp), oracle::final_outcome(&native));
    assert_eq!(i.stdout, b"(1 2.5 s)\n");
    assert_eq!(i.stderr_first_line(), "p.lisp:2:8: error: +: integer overflow\n");
    assert_eq!(campaign::exit_of(&native), Exit::Code(1));
    assert!(differences(i, n).is_empty(), "{:?}", differences(i, n));
    let wrapped = Outcome {
        stdout: b"(1 2.5 s)\n0\n".to_vec(),
        stderr: vec![],
        exit: Exit::Code(0),
        ..n.clone()
    };
    assert_eq!(differences(i, &wrapped).len(), 3, "a wrapped result is caught");
}

/// `ELLE_FUZZ_PRINT=seed` prints that seed's generated program (a tool for
/// reading what the generator makes).
#[test]
#[ignore]
fn print_program() {
    let seed = env_or("ELLE_FUZZ_PRINT", 1u64);
    print!("{}", Generator::new(seed, shapes_asked()).program().text);
}

#[test]
fn generator_and_mutator_are_deterministic() {
    let a = Generator::new(7, EdgeShapes::default()).program().text;
    let b = Generator::new(7, EdgeShapes::default()).program().text;
    let c = Generator::new(8, EdgeShapes::default()).program().text;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let text = b"(define (f x) (* x 2))\n(print (f 21))\n";
    let m1 = mutate::mutate(text, text, &mut rng::Rng::new(3));
    let m2 = mutate::mutate(text, text, &mut rng::Rng::new(3));
    assert_eq!(m1, m2);
    // the edge shapes are made when asked for, and only then
    let all = EdgeShapes::parse("all");
    assert!(
        all.circular_data
            && all.case_arrow
            && all.deep_nesting
            && all.quasiquote_tail_unquote
            && all.cyclic_macro_expansion
    );
    let standard = EdgeShapes::standard();
    assert!(!standard.deep_nesting && standard.circular_data);
    let with = (0..200)
        .filter(|&seed| Generator::new(seed, standard).program().text.contains("=>"))
        .count();
    assert!(with > 0, "the standard shapes appear");
    for seed in 0..200 {
        let p = Generator::new(seed, EdgeShapes::parse("none")).program().text;
        assert!(
            !p.contains("=>") && !p.contains("unquote x") && !p.contains("set-cdr!"),
            "seed {seed}"
        );
    }
}

/// The edge shapes `ELLE_FUZZ_SHAPES` names (`standard` if unset).
fn shapes_asked() -> EdgeShapes {
    EdgeShapes::parse(&std::env::var("ELLE_FUZZ_SHAPES").unwrap_or_else(|_| "standard".into()))
}
