//! `ellec`: compile an Elle program to a native executable through LLVM.

use clap::{Parser, ValueEnum};
use elle::cimport::{ImportOptions, Preprocessor};
use elle::runner::with_elle_thread;
use elle::session::Session;
use elle::target::Target;
use elle_native::link::{link, LinkOptions};
use elle_native::machine::Machine;
use elle_native::{compile, Options, Program};
use std::path::{Path, PathBuf};

fn target_named(name: &str) -> Result<&'static Target, String> {
    elle::target::named(name).ok_or_else(|| {
        let names: Vec<&str> = elle::target::ALL.iter().map(|t| t.name).collect();
        format!("no target '{name}': the targets are {}", names.join(", "))
    })
}

/// The Elle compiler.
///
/// Compiles FILE (and what it includes) with the prelude into one native
/// executable that needs nothing of Elle at run time:
///
///     ellec prog.lisp -o prog && ./prog args...
///
/// Errors in the program (malformed text, unbound variables, wrong argument
/// counts to known procedures) are reported as `elle` reports them, before
/// any code is made, and the exit status is then 1.
///
/// `ellec bind HEADER --lib LIBRARY -o FILE.lisp` writes a C header's
/// bindings as Elle source instead (see `ellec bind --help`).
#[derive(Parser)]
#[command(name = "ellec", version, about, long_about, verbatim_doc_comment)]
struct Cli {
    /// The program to compile
    file: PathBuf,
    /// Where to write the output [default: FILE without .lisp, plus .o/.ll/.s for --emit]
    #[arg(short = 'o', value_name = "OUT")]
    out: Option<PathBuf>,
    /// Optimisation level
    #[arg(short = 'O', value_name = "LEVEL", default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=3))]
    opt: u8,
    /// What to write
    #[arg(long, value_enum, default_value_t = Emit::Exe)]
    emit: Emit,
    /// What to compile for: x86_64 (Linux, an executable) or wasm32 (a
    /// WASI command module FILE.wasm, with FILE.mjs beside it that runs
    /// it under node: `node FILE.mjs args...`)
    #[arg(long, value_name = "TARGET", default_value = "x86_64", value_parser = target_named)]
    target: &'static Target,
    /// Emit DWARF line tables mapping code to Elle source lines
    #[arg(short = 'g')]
    debug: bool,
    /// Print the link command
    #[arg(short = 'v')]
    verbose: bool,
    /// Add a directory to the linker's search path
    #[arg(short = 'L', value_name = "DIR")]
    lib_dirs: Vec<PathBuf>,
    /// Link a library
    #[arg(short = 'l', value_name = "LIB")]
    libs: Vec<String>,
    /// Link imported C libraries dynamically even where a static archive exists
    #[arg(long)]
    dynamic: bool,
    /// Report, for each C header, what it imported, what the program used,
    /// and what it left out and why (on standard error)
    #[arg(long)]
    explain_imports: bool,
    #[command(flatten)]
    preprocessor: Preprocessor,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Emit {
    /// an executable
    Exe,
    /// an object file
    Obj,
    /// LLVM IR text, after optimisation
    LlvmIr,
    /// assembly
    Asm,
}

/// Write a C header's declarations as an Elle bindings file.
///
/// The file declares the header's constants, structs and unions, and
/// functions with `define-c-constant`, `define-c-struct` and
/// `define-c-function`, so that `(include "FILE.lisp")` stands for
/// `(load-header-with-lib "HEADER" "LIBRARY")` with no header to parse:
///
///     ellec bind SDL2/SDL.h --lib sdl2 -o sdl2.lisp
///
/// The output is sorted by name and the same on every run. `static inline`
/// functions have no symbol to bind: the file lists them.
#[derive(Parser)]
#[command(name = "ellec bind", about, long_about, verbatim_doc_comment)]
struct BindCli {
    /// The header, as a program names it (`SDL2/SDL.h`, or a path)
    header: String,
    /// The library: a pkg-config package, a `*-config` program, a soname, a path or a name, as `load-library` takes it
    #[arg(long, visible_alias = "pkg", value_name = "LIBRARY")]
    lib: String,
    /// Where to write the bindings [default: standard output]
    #[arg(short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    /// Bind every declaration the header includes, not only its package's
    #[arg(long)]
    all_declarations: bool,
    /// The target whose C layouts and libraries the bindings are for
    #[arg(long, value_name = "TARGET", default_value = "x86_64", value_parser = target_named)]
    target: &'static Target,
    #[command(flatten)]
    preprocessor: Preprocessor,
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("bind") {
        let cli = BindCli::parse_from(
            std::iter::once("ellec bind".to_string()).chain(std::env::args().skip(2)),
        );
        // on the Elle thread: macro bodies are written through Elle's data
        std::process::exit(with_elle_thread(move |_| match bind(&cli) {
            Ok(()) => 0,
            Err(msg) => {
                eprintln!("ellec: error: {msg}");
                1
            }
        }));
    }
    let cli = Cli::parse();
    let code = with_elle_thread(move |limit| match run(&cli, limit) {
        Ok(()) => 0,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("ellec: error: {msg}");
            }
            1
        }
    });
    std::process::exit(code);
}

fn run(cli: &Cli, limit: usize) -> Result<(), String> {
    let target = cli.target;
    let out = cli.out.clone().unwrap_or_else(|| default_output(&cli.file, cli.emit, target));
    if out.canonicalize().is_ok_and(|o| cli.file.canonicalize().is_ok_and(|f| f == o)) {
        return Err(format!(
            "the output {} is the program itself: name another file with -o",
            out.display()
        ));
    }
    let mut s = Session::new(limit);
    s.cimports.target = target;
    s.cimports.flags = cli.preprocessor.clone();
    let analysed = s.analyse_file(&cli.file);
    if cli.explain_imports {
        eprint!("{}", s.cimports.explain(&s.analyzer.defined_names()));
    }
    let tops = match analysed {
        Ok(t) => t,
        Err(f) => {
            eprint!("{}", s.report(&f));
            return Err(String::new());
        }
    };
    let all = elle_native::needed_tops(&s.analyzer.lambdas, &s.prelude, &tops);
    let program = Program {
        lambdas: &s.analyzer.lambdas,
        tops: &all,
        globals: &s.analyzer.globals,
        sources: &s.sources,
        cimports: &s.cimports,
    };
    let ctx = elle_native::Context::create();
    let name = cli
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "program".into());
    let opts = Options {
        target,
        debug: cli.debug.then(|| cli.file.display().to_string()),
        optimized: cli.opt > 0,
    };
    let module = compile(&ctx, &name, &program, &opts)?;
    let mut machine = Machine::new(target, cli.opt)?;
    machine.prepare(&module)?;
    match cli.emit {
        Emit::LlvmIr => module.print_to_file(&out).map_err(|e| e.to_string()),
        Emit::Asm => machine.write_assembly(&module, &out),
        Emit::Obj => machine.write_object(&module, &out),
        Emit::Exe => {
            let work = std::env::temp_dir().join(format!("ellec-{}", std::process::id()));
            std::fs::create_dir_all(&work)
                .map_err(|e| format!("cannot create {}: {e}", work.display()))?;
            let object = work.join(format!("{name}.o"));
            let mut imported = Vec::new();
            for lib in &s.cimports.libraries {
                let linking = lib.linking(cli.dynamic);
                if cli.verbose {
                    eprintln!("ellec: {} links {}", lib.spec, linking.how);
                }
                imported.extend(linking.args);
            }
            let funcs: Vec<_> = s.cimports.functions.iter().collect();
            if let Some(obj) = elle::cimport::shim::compile(target, &funcs, &work, false)? {
                imported.insert(0, obj.display().to_string());
            }
            let opts = LinkOptions {
                target,
                lib_dirs: &cli.lib_dirs,
                libs: &cli.libs,
                imported: &imported,
                verbose: cli.verbose,
                debug: cli.debug,
            };
            let r = machine
                .write_object(&module, &object)
                .and_then(|_| link(&object, &out, &work, &opts))
                .map_err(|e| undefined_at_use(&e, &program, target).unwrap_or(e))
                .and_then(|_| elle_native::loader::write_beside(target, &out));
            let _ = std::fs::remove_dir_all(&work);
            r
        }
    }
}

/// A link that failed on symbols the program's C calls name, as errors at
/// the first call of each (a header may declare what no library defines:
/// wasi-libc declares `getpid` and `raise`, which WASI has no call for).
fn undefined_at_use(link_error: &str, program: &Program, target: &Target) -> Option<String> {
    let mut out = String::new();
    for name in
        link_error.lines().filter_map(|l| l.split_once("undefined symbol: ")).map(|(_, n)| n.trim())
    {
        let span = elle_native::first_c_use(program, name)?;
        let mut message = format!(
            "{name}: its header declares it, but no library linked into the program defines it"
        );
        if target.system == elle::target::System::Wasi {
            message.push_str(" (wasi-libc leaves out what WASI has no call for: processes, signals, users; a C library is linked from its wasm32 archive)");
        }
        out.push_str(&elle::diag::Diag::new(message, span).render(program.sources));
    }
    (!out.is_empty()).then(|| {
        eprint!("{out}");
        String::new()
    })
}

fn bind(cli: &BindCli) -> Result<(), String> {
    let mut command = format!("ellec bind {} --lib {}", cli.header, cli.lib);
    if cli.all_declarations {
        command.push_str(" --all-declarations");
    }
    if !std::ptr::eq(cli.target, <&Target>::default()) {
        command.push_str(&format!(" --target {}", cli.target.name));
    }
    for flag in Preprocessor::default().args_with(&cli.preprocessor) {
        command.push_str(&format!(" {flag}"));
    }
    let options =
        ImportOptions { everything: cli.all_declarations, flags: cli.preprocessor.clone() };
    let request = elle::cimport::bind::Request {
        header: &cli.header,
        library: &cli.lib,
        options,
        target: cli.target,
        command: &command,
    };
    let text = elle::cimport::bind::bindings(&request)?;
    match &cli.out {
        Some(out) => {
            std::fs::write(out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn default_output(file: &Path, emit: Emit, target: &Target) -> PathBuf {
    let stem = file.with_extension("");
    match emit {
        Emit::Exe => match target.system.executable_extension() {
            Some(ext) => stem.with_extension(ext),
            None => stem,
        },
        Emit::Obj => stem.with_extension("o"),
        Emit::LlvmIr => stem.with_extension("ll"),
        Emit::Asm => stem.with_extension("s"),
    }
}
