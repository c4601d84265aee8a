//! A fuzzing campaign: seeds handed to worker threads, each seed one
//! generated program (differential) or one mutant of a program under
//! `tests/` (mutation), run in its executors in a temporary folder that is
//! removed afterwards. Findings are counted by signature and the first few
//! of each are written out, program and report, to the findings folder.

use super::generate::{EdgeShapes, Generator};
use super::mutate::mutate;
use super::oracle::{crash_kind, differences, final_outcome, Executor, Kind, Runner, Step};
use super::rng::Rng;
use super::run::{Exit, Limits};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Differential,
    Mutation,
    /// Even seeds differential, odd seeds mutation.
    Both,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "differential" => Some(Mode::Differential),
            "mutation" => Some(Mode::Mutation),
            "both" => Some(Mode::Both),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// This many seeds, from the first.
    Seeds(u64),
    /// Seeds until this much time has passed.
    Time(Duration),
}

pub struct Config {
    pub mode: Mode,
    pub seed: u64,
    pub budget: Budget,
    pub jobs: usize,
    pub limits: Limits,
    pub shapes: EdgeShapes,
    pub findings_dir: PathBuf,
    /// Print a line per finding as it happens.
    pub verbose: bool,
}

/// Examples of each finding's signature written out; the rest are counted.
const EXAMPLES_PER_SIGNATURE: usize = 3;

#[derive(Default)]
pub struct Stats {
    pub programs: u64,
    pub mutants: u64,
    /// Runs (and `ellec` compiles) per executor.
    pub runs: BTreeMap<String, u64>,
    pub compiles: BTreeMap<String, u64>,
    /// Signature → (count, first seed, kind, folder of the first example).
    pub findings: BTreeMap<String, (u64, u64, Kind, PathBuf)>,
    /// Mutants that ran out of time or memory where no executor ended
    /// clearly (and quickly): the program's own loop or appetite, not
    /// counted as findings.
    pub resource_limited: u64,
    pub elapsed: Duration,
}

impl Stats {
    pub fn finding_count(&self) -> u64 {
        self.findings.values().map(|f| f.0).sum()
    }

    pub fn summary(&self, config: &Config) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "fuzz: mode {:?}, first seed {}, {:.1} s",
            config.mode,
            config.seed,
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(s, "  programs generated (differential): {}", self.programs);
        let _ = writeln!(s, "  mutants (mutation): {}", self.mutants);
        let list = |m: &BTreeMap<String, u64>| {
            m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        };
        let _ = writeln!(s, "  runs per executor: {}", list(&self.runs));
        let _ = writeln!(s, "  ellec compiles: {}", list(&self.compiles));
        let _ = writeln!(
            s,
            "  mutants stopped by a limit with no quick clear end elsewhere (not findings): {}",
            self.resource_limited
        );
        let _ = writeln!(
            s,
            "  findings: {} ({} distinct), in {}",
            self.finding_count(),
            self.findings.len(),
            config.findings_dir.display()
        );
        for (sig, (n, seed, _, dir)) in &self.findings {
            let _ = writeln!(s, "    {n:>4} × {sig}  (first: seed {seed}, {})", dir.display());
        }
        s
    }
}

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("elle-fuzz-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("a temporary folder");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The programs under `tests/` that mutants are made from: not the C
/// interop ones (a wrong C call may crash by design), nor the ones that
/// include files (a mutant runs in a folder of its own).
pub fn corpus(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if name != "lib" && name != "ffi" {
                    walk(&p, out);
                }
            } else if name.ends_with(".lisp") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read(&p).ok()?;
            let s = String::from_utf8_lossy(&text);
            let excluded =
                ["(include", "(import", "load-library", "load-header", "c-alloc", "ffi-call"];
            if excluded.iter().any(|x| s.contains(x)) {
                return None;
            }
            Some((p.strip_prefix(root).unwrap_or(&p).to_path_buf(), text))
        })
        .collect()
}

pub struct Campaign<'a> {
    pub config: &'a Config,
    pub runner: Runner<'a>,
    pub corpus: Vec<(PathBuf, Vec<u8>)>,
    pub stats: Mutex<Stats>,
}

/// What one seed found, before it is recorded.
struct Found {
    kind: Kind,
    executor: String,
    signature: String,
    report: String,
}

impl Campaign<'_> {
    pub fn run(&self) {
        let start = Instant::now();
        let next = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..self.config.jobs.max(1) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let more = match self.config.budget {
                        Budget::Seeds(n) => i < n,
                        Budget::Time(t) => start.elapsed() < t,
                    };
                    if !more {
                        break;
                    }
                    let seed = self.config.seed.wrapping_add(i);
                    let differential = match self.config.mode {
                        Mode::Differential => true,
                        Mode::Mutation => false,
                        Mode::Both => seed.is_multiple_of(2),
                    };
                    if differential {
                        self.differential(seed);
                    } else {
                        self.mutation(seed);
                    }
                });
            }
        });
        self.stats.lock().expect("stats").elapsed = start.elapsed();
    }

    fn count_steps(&self, steps: &[Step]) {
        let mut st = self.stats.lock().expect("stats");
        for s in steps {
            let map = if s.stage == "compile" { &mut st.compiles } else { &mut st.runs };
            *map.entry(s.executor.name()).or_default() += 1;
        }
    }

    fn differential(&self, seed: u64) {
        let program = Generator::new(seed, self.config.shapes).program();
        self.stats.lock().expect("stats").programs += 1;
        let dir = TempDir::new(&format!("d{seed}"));
        let file = "prog.lisp";
        std::fs::write(dir.0.join(file), &program.text).expect("write the program");
        // every program runs as a wasm32 module too, at one level a seed
        let wasm_opt = if seed % 4 < 2 { 2 } else { 0 };
        let mut executors = vec![
            Executor::Interp { gc_stress: false },
            Executor::Native { opt: 0, gc_stress: false },
            Executor::Native { opt: 2, gc_stress: false },
            Executor::Wasm { opt: wasm_opt, gc_stress: false },
        ];
        if program.gc_stress_ok {
            match seed % 8 {
                0 | 4 => executors.extend([
                    Executor::Interp { gc_stress: true },
                    Executor::Native { opt: 2, gc_stress: true },
                ]),
                2 | 6 => executors.push(Executor::Native { opt: 0, gc_stress: true }),
                // -O2 on 1, -O0 on 3
                1 | 3 => executors.push(Executor::Wasm { opt: wasm_opt, gc_stress: true }),
                _ => {}
            }
        }
        let results: Vec<Vec<Step>> =
            executors.iter().map(|&e| self.runner.execute(&dir.0, file, e)).collect();
        for r in &results {
            self.count_steps(r);
        }
        let mut found = Vec::new();
        for steps in &results {
            for s in steps {
                if let Some(kind) = crash_kind(&s.outcome) {
                    found.push(self.crash_found(kind, s, "differential"));
                }
            }
        }
        let reference = final_outcome(&results[0]);
        if found.is_empty() {
            for steps in &results[1..] {
                let o = final_outcome(steps);
                let d = differences(reference, o);
                if !d.is_empty() {
                    let last = steps.last().expect("a step");
                    let first_diff = first_differing_line(&reference.stdout, &o.stdout)
                        .unwrap_or_else(|| {
                            format!(
                                "{} / {}",
                                reference.stderr_first_line().trim_end(),
                                o.stderr_first_line().trim_end()
                            )
                        });
                    found.push(Found {
                        kind: Kind::Mismatch,
                        executor: last.executor.name(),
                        signature: format!(
                            "differential mismatch {}: {}",
                            last.executor.name(),
                            normalise(&first_diff)
                        ),
                        report: format!(
                            "$ {}   (reference: elle {file})\n{}\n",
                            last.command,
                            d.join("\n")
                        ),
                    });
                }
            }
        }
        self.record(seed, "differential", program.text.as_bytes(), &results, found);
    }

    fn mutation(&self, seed: u64) {
        if self.corpus.is_empty() {
            return;
        }
        let mut rng = Rng::new(seed);
        let (_, text) = &self.corpus[rng.below(self.corpus.len())];
        let (_, donor) = &self.corpus[rng.below(self.corpus.len())];
        let mutant = mutate(text, donor, &mut rng);
        self.stats.lock().expect("stats").mutants += 1;
        let dir = TempDir::new(&format!("m{seed}"));
        let file = "prog.lisp";
        std::fs::write(dir.0.join(file), &mutant).expect("write the mutant");
        let mut executors = vec![
            Executor::Interp { gc_stress: false },
            Executor::Native { opt: 0, gc_stress: false },
        ];
        if seed % 2 == 1 {
            executors.push(Executor::Native { opt: 2, gc_stress: false });
        }
        let stress_ok = !String::from_utf8_lossy(text).contains(";; skip gc-stress:");
        if seed % 8 == 3 && stress_ok {
            executors.push(Executor::Native { opt: 0, gc_stress: true });
        }
        if seed % 4 == 1 && !String::from_utf8_lossy(text).contains(";; skip wasm32:") {
            executors
                .push(Executor::Wasm { opt: if seed % 8 == 1 { 0 } else { 2 }, gc_stress: false });
        }
        let results: Vec<Vec<Step>> =
            executors.iter().map(|&e| self.runner.execute(&dir.0, file, e)).collect();
        for r in &results {
            self.count_steps(r);
        }
        // Running out of time or memory is the mutant's own doing when every
        // executor does (an endless loop, a list as long as memory); a
        // finding when another executor ended clearly — for time, in under
        // a fifth of the timeout, since the interpreter is a few times
        // slower than compiled code.
        let clear_ends: Vec<_> =
            results.iter().map(|s| final_outcome(s)).filter(|o| crash_kind(o).is_none()).collect();
        let quick_end = clear_ends.iter().any(|o| o.elapsed * 5 < self.config.limits.timeout);
        let mut found = Vec::new();
        let mut limited_only = false;
        for steps in &results {
            for s in steps {
                if let Some(kind) = crash_kind(&s.outcome) {
                    let own = match kind {
                        Kind::Timeout => !quick_end,
                        Kind::OutOfMemory => clear_ends.is_empty(),
                        _ => false,
                    };
                    if own {
                        limited_only = true;
                        continue;
                    }
                    found.push(self.crash_found(kind, s, "mutation"));
                }
            }
        }
        if limited_only && found.is_empty() {
            self.stats.lock().expect("stats").resource_limited += 1;
        }
        self.record(seed, "mutation", &mutant, &results, found);
    }

    fn crash_found(&self, kind: Kind, s: &Step, mode: &str) -> Found {
        let o = &s.outcome;
        let what = match kind {
            Kind::Panic => {
                let err = String::from_utf8_lossy(&o.stderr);
                err.lines()
                    .find(|l| l.contains("panicked at"))
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| o.stderr_first_line())
            }
            Kind::OutOfMemory => o.stderr_first_line(),
            _ => o.exit_text(),
        };
        let signature = format!(
            "{mode} {} {} {}: {}",
            kind.word(),
            s.executor.name(),
            s.stage,
            normalise(&what)
        );
        Found {
            kind,
            executor: s.executor.name(),
            signature,
            report: format!(
                "$ {}\n{}\n--- stderr (first 4 KiB)\n{}\n",
                s.command,
                o.exit_text(),
                lossy_head(&o.stderr, 4096)
            ),
        }
    }

    fn record(
        &self,
        seed: u64,
        mode: &str,
        program: &[u8],
        results: &[Vec<Step>],
        found: Vec<Found>,
    ) {
        for f in found {
            let mut st = self.stats.lock().expect("stats");
            let first = !st.findings.contains_key(&f.signature);
            let entry =
                st.findings.entry(f.signature.clone()).or_insert((0, seed, f.kind, PathBuf::new()));
            entry.0 += 1;
            let n = entry.0;
            if n as usize > EXAMPLES_PER_SIGNATURE {
                continue;
            }
            let dir = self.config.findings_dir.join(format!(
                "{mode}-seed{seed}-{}-{}",
                f.kind.word(),
                f.executor
            ));
            if first {
                entry.3 = dir.clone();
            }
            drop(st);
            if self.config.verbose {
                eprintln!("fuzz: finding (seed {seed}): {}", f.signature);
            }
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join("program.lisp"), program);
            let mut report = format!("{}\nseed {seed} ({mode})\n\n{}\n", f.signature, f.report);
            let _ = writeln!(report, "--- every executor");
            for steps in results {
                for s in steps {
                    let o = &s.outcome;
                    let _ = writeln!(
                        report,
                        "$ {}\n  {} in {:.2} s; stderr: {}  stdout (first 1 KiB):\n{}",
                        s.command,
                        o.exit_text(),
                        o.elapsed.as_secs_f64(),
                        o.stderr_first_line().trim_end(),
                        lossy_head(&o.stdout, 1024)
                    );
                }
            }
            let _ = std::fs::write(dir.join("report.txt"), report);
        }
    }
}

fn lossy_head(b: &[u8], n: usize) -> String {
    String::from_utf8_lossy(&b[..b.len().min(n)]).into_owned()
}

fn first_differing_line(a: &[u8], b: &[u8]) -> Option<String> {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let mut la = a.lines();
    let mut lb = b.lines();
    loop {
        match (la.next(), lb.next()) {
            (None, None) => return None,
            (x, y) if x == y => continue,
            (x, y) => return Some(format!("{} | {}", x.unwrap_or("<end>"), y.unwrap_or("<end>"))),
        }
    }
}

/// A message with its numbers, and anything after 100 characters, taken
/// out, so findings that differ only there count as one.
fn normalise(s: &str) -> String {
    let mut out = String::new();
    let mut last_digit = false;
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
        } else {
            out.push(c);
            last_digit = false;
        }
    }
    out.chars().take(100).collect()
}

/// The status a run ended with, for tests.
pub fn exit_of(steps: &[Step]) -> Exit {
    final_outcome(steps).exit
}
