//! `elle`: run an Elle script, evaluate an expression, or start the REPL.

use clap::Parser;
use elle::analysis::Mode;
use elle::cimport::Preprocessor;
use elle::runner::with_elle_thread;
use elle::session::{Failure, Session};
use elle_runtime::{self as rt};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

/// The Elle interpreter.
///
/// `elle FILE [ARGS...]` runs a script; `(command-line-args)` returns ARGS.
/// `elle -e EXPR [ARGS...]` evaluates EXPR and prints each value with
/// `write` (nil is not printed); -e may be given several times.
/// `elle` alone starts the REPL, or, when standard input is not a terminal,
/// evaluates the forms read from it as they complete.
///
/// An error prints `file:line:col: error: message` with the source line and
/// a short backtrace; the exit status is then 1.
#[derive(Parser)]
#[command(name = "elle", version, about, long_about, verbatim_doc_comment)]
struct Cli {
    /// Evaluate EXPR and print its values
    #[arg(short = 'e', long = "eval", value_name = "EXPR", action = clap::ArgAction::Append)]
    eval: Vec<String>,
    /// Check FILE without running it, and report for each C header what it
    /// imported, what the program used, and what it left out and why
    #[arg(long)]
    explain_imports: bool,
    #[command(flatten)]
    preprocessor: Preprocessor,
    /// The script to run (without -e), then the arguments it sees
    #[arg(value_name = "FILE [ARGS]", trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

fn main() {
    let cli = Cli::parse();
    let code = with_elle_thread(move |limit| run(cli, limit));
    std::process::exit(code);
}

fn set_args(args: &[String]) {
    let c: Vec<std::ffi::CString> =
        args.iter().map(|a| std::ffi::CString::new(a.as_str()).unwrap_or_default()).collect();
    let ptrs: Vec<*const std::ffi::c_char> = c.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: the runtime copies the strings.
    unsafe { rt::elle_set_command_line(ptrs.len() as i32, ptrs.as_ptr()) };
}

fn report(s: &Session, f: &Failure) {
    // SAFETY: the program's output comes before the error.
    unsafe { rt::elle_flush_output() };
    eprint!("{}", s.report(f));
}

/// The REPL and `-e` print each value with `write`, except nil; multiple
/// values one per line.
fn print_value(v: rt::Val) {
    // SAFETY: any value may be written; a list of values is a proper list.
    unsafe {
        let mut values = rt::elle_values_to_list(v);
        while values != rt::NIL {
            let pair = &*rt::obj::<rt::Pair>(values);
            let v = pair.car;
            if v != rt::NIL {
                rt::elle_write_stdout(v, 1);
                rt::elle_write_stdout(rt::make_string("\n"), 0);
            }
            values = pair.cdr;
        }
    }
}

fn run(cli: Cli, limit: usize) -> i32 {
    let (file, args) = match (cli.eval.is_empty(), cli.rest.split_first()) {
        (true, Some((file, args))) => (Some(PathBuf::from(file)), args),
        _ => (None, &cli.rest[..]),
    };
    set_args(args);
    let mut s = Session::new(limit);
    s.cimports.flags = cli.preprocessor.clone();
    if !cli.eval.is_empty() {
        for expr in cli.eval {
            if let Err(f) = s.eval_text("<-e>", 1, expr, Mode::Program, print_value) {
                report(&s, &f);
                return 1;
            }
        }
        return 0;
    }
    if let (true, Some(file)) = (cli.explain_imports, &file) {
        let analysed = s.analyse_file(file);
        print!("{}", s.cimports.explain(&s.analyzer.defined_names()));
        return match analysed {
            Ok(_) => 0,
            Err(f) => {
                report(&s, &f);
                1
            }
        };
    }
    if let Some(file) = file {
        return match s.run_file(&file) {
            Ok(()) => 0,
            Err(f) => {
                report(&s, &f);
                1
            }
        };
    }
    // the REPL runs with the FFI safety checks on: a crash in C is an error
    // that returns to the prompt
    // SAFETY: a flag of the runtime, set before any Elle code runs.
    unsafe { rt::elle_ffi_safety = 1 };
    if std::io::stdin().is_terminal() {
        repl(&mut s)
    } else {
        piped(&mut s)
    }
}

/// Is `text` a complete set of forms (not ending inside one)?
fn complete(text: &str) -> bool {
    match elle::syntax::reader::read_all(text, u32::MAX) {
        Err(d) => !d.incomplete,
        Ok(_) => true,
    }
}

/// Evaluate one complete piece of standard input, which starts at `line`.
fn eval_input(s: &mut Session, line: usize, text: String) -> bool {
    let r = s.eval_text("<stdin>", line, text, Mode::Repl, print_value);
    // SAFETY: show the output before the next prompt.
    unsafe { rt::elle_flush_output() };
    match r {
        Ok(()) => true,
        Err(f) => {
            report(s, &f);
            false
        }
    }
}

/// Forms from a pipe: evaluated as they complete; exit status 1 if any failed.
fn piped(s: &mut Session) -> i32 {
    let mut pending = String::new();
    let mut ok = true;
    let (mut read, mut start) = (0, 1);
    for line in std::io::stdin().lock().lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::InvalidData {
                    "it is not UTF-8 text".to_string()
                } else {
                    e.to_string()
                };
                eprintln!("elle: cannot read standard input at line {}: {why}", read + 1);
                return 1;
            }
        };
        read += 1;
        pending.push_str(&line);
        pending.push('\n');
        if complete(&pending) {
            ok &= eval_input(s, start, std::mem::take(&mut pending));
            start = read + 1;
        }
    }
    if !pending.trim().is_empty() {
        ok &= eval_input(s, start, pending);
    }
    if ok {
        0
    } else {
        1
    }
}

fn history_path() -> Option<PathBuf> {
    if let Some(state) = std::env::var_os("XDG_STATE_HOME") {
        return Some(PathBuf::from(state).join("elle_history"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".elle_history"))
}

fn repl(s: &mut Session) -> i32 {
    let mut ed = match rustyline::DefaultEditor::new() {
        Ok(ed) => ed,
        Err(e) => {
            eprintln!("elle: cannot start the line editor: {e}");
            return piped(s);
        }
    };
    let history = history_path();
    if let Some(h) = &history {
        let _ = ed.load_history(h);
    }
    println!("Elle {} — Ctrl-D to exit", env!("CARGO_PKG_VERSION"));
    let mut next_line = 1;
    loop {
        let mut text = String::new();
        let mut prompt = "elle> ";
        loop {
            match ed.readline(prompt) {
                Ok(line) => {
                    text.push_str(&line);
                    text.push('\n');
                    if complete(&text) {
                        break;
                    }
                    prompt = "  ... ";
                }
                Err(rustyline::error::ReadlineError::Interrupted) => {
                    text.clear();
                    break;
                }
                Err(_) => {
                    if let Some(h) = &history {
                        let _ = ed.save_history(h);
                    }
                    return 0;
                }
            }
        }
        if text.trim().is_empty() {
            continue;
        }
        let _ = ed.add_history_entry(text.trim_end());
        let start = next_line;
        next_line += text.lines().count();
        eval_input(s, start, text);
    }
}
