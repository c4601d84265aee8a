//! What Elle compiles for, as one value: a [`Target`] says the machine
//! (triple, CPU, features), the C data model, the calling convention of
//! Elle's own procedures, how C passes values (a [`CAbi`]), where the
//! system's headers and libraries are, and how to link. Everything that
//! differs between targets asks it; a new target is a new `Target` value,
//! its `CAbi` and a runtime platform file (`runtime/c/platform/`).

pub mod sysv;
pub mod wasm32;

pub use crate::ctype::DataModel;
use crate::ctype::{CType, Record};

/// A target Elle compiles for.
pub struct Target {
    /// The name `--target` takes.
    pub name: &'static str,
    /// LLVM's target triple.
    pub triple: &'static str,
    /// What runs the programs made for it.
    pub system: System,
    /// The CPU and its features, as LLVM names them.
    pub cpu: &'static str,
    pub features: &'static str,
    pub data: DataModel,
    /// How Elle's own procedures call each other.
    pub procedures: Convention,
    /// How the collector finds the values compiled code holds.
    pub roots: Roots,
    /// How C functions take and return values.
    pub abi: &'static dyn CAbi,
    /// Where the system's C headers are, searched in this order after a
    /// package's own folders (Debian puts a target's own headers in a
    /// folder named for it).
    pub include_dirs: &'static [&'static str],
    /// Where the system's C libraries are, in the order they are searched.
    pub lib_dirs: &'static [&'static str],
    /// The C compiler driver that compiles shims and links executables,
    /// with the arguments that make it compile for this target.
    pub cc: &'static [&'static str],
    /// The system libraries every executable links (after the program's).
    pub system_libs: &'static [&'static str],
    /// What else the driver is told when it links.
    pub link_flags: &'static [&'static str],
    /// The symbol of the program's `main(argc, argv)`.
    pub main_symbol: &'static str,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.triple)
    }
}

/// How the collector finds the values compiled code holds (the runtime's
/// platform makes the same choice: `ELLE_GC_AT_SAFE_POINTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roots {
    /// It scans the machine stack and the registers conservatively, so
    /// compiled code keeps values where LLVM likes and any allocation may
    /// collect.
    MachineStack,
    /// No scan can see where the machine keeps values (WebAssembly's locals
    /// and operand stack lie outside linear memory). Compiled code keeps
    /// every value it holds across a safe point in its frame array on the
    /// linear-memory stack, and the collector runs only at safe points: a
    /// procedure's entry and a loop's head, where it is asked for.
    SafePoints,
}

/// What runs a program: the operating system that loads an executable, or
/// a WASI host that instantiates a command module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    Linux,
    Wasi,
}

impl System {
    /// The first bytes of its object files (in a static archive).
    pub fn object_magic(self) -> [u8; 4] {
        match self {
            System::Linux => *b"\x7fELF",
            System::Wasi => *b"\0asm",
        }
    }

    /// Why a crash in C cannot be caught and turned into an Elle error
    /// (`with-ffi-safety-checks`), where it cannot.
    pub fn uncatchable_crashes(self) -> Option<&'static str> {
        match self {
            System::Linux => None,
            System::Wasi => Some("WebAssembly has no signals: a fault in C is a trap, which ends the module, and nothing inside it can catch one"),
        }
    }

    /// The extension of what ellec makes for it.
    pub fn executable_extension(self) -> Option<&'static str> {
        match self {
            System::Linux => None,
            System::Wasi => Some("wasm"),
        }
    }
}

/// Where nothing says otherwise, Elle compiles for the machine it runs on.
impl Default for &'static Target {
    fn default() -> Self {
        host()
    }
}

/// The calling convention of Elle's procedures; whichever it is, a call in
/// tail position must not grow the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convention {
    /// LLVM's `tailcc`: every tail call is a jump.
    Tail,
    /// The C convention, whose `musttail` calls the target makes jumps
    /// (WebAssembly's `return_call`).
    CTail,
}

impl Convention {
    /// LLVM's number for it.
    pub fn llvm_id(self) -> u32 {
        match self {
            Convention::Tail => 18,
            Convention::CTail => 0,
        }
    }
}

/// How one C value crosses a call (clang's `ABIArgInfo`, as far as Elle
/// needs it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pass {
    /// A scalar, as itself.
    Direct,
    /// An aggregate as scalar pieces, in order (System V: its eightbytes,
    /// each an integer or a double).
    Pieces(Vec<Piece>),
    /// An aggregate in memory: an argument as a copy the callee owns
    /// (`byval`), a result in a buffer the caller passes (`sret`).
    Memory { size: u64 },
}

/// A piece of an aggregate passed in pieces: an integer of so many bytes,
/// or a floating-point number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    Int(u8),
    Float,
    Double,
}

impl Piece {
    pub fn bytes(self) -> u8 {
        match self {
            Piece::Int(n) => n,
            Piece::Float => 4,
            Piece::Double => 8,
        }
    }
}

/// How a whole C call is passed: the result (`None`: void) and each
/// parameter, and where a variadic call's extra arguments go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lowering {
    pub result: Option<Pass>,
    pub params: Vec<Pass>,
    pub variadic: Variadic,
}

/// Where the extra arguments of a variadic call travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variadic {
    /// Each in the next free register of its class (integer or vector),
    /// else on the stack; these are the registers the fixed parameters
    /// leave (System V).
    Registers { int: u32, vector: u32 },
    /// In a buffer in memory, each at its alignment, whose address is the
    /// call's last argument; LLVM lays it out (WebAssembly).
    Buffer,
}

/// A target's C calling convention for values LLVM does not lower itself.
pub trait CAbi: Sync {
    /// How a struct or union is passed on its own (no registers used yet).
    fn record(&self, r: &Record) -> Pass;
    /// How a call with these parameter and result types is passed.
    fn lower(&self, params: &[CType], ret: &CType) -> Lowering;
}

/// x86-64 Linux, System V, as Debian lays it out.
pub static X86_64_LINUX: Target = Target {
    name: "x86_64",
    system: System::Linux,
    triple: "x86_64-unknown-linux-gnu",
    cpu: "x86-64",
    features: "",
    data: sysv::LP64,
    procedures: Convention::Tail,
    roots: Roots::MachineStack,
    abi: &sysv::SystemV,
    include_dirs: &["/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include"],
    lib_dirs: &["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/usr/local/lib"],
    cc: &["cc"],
    system_libs: &["-lm", "-lpthread"],
    link_flags: &[],
    main_symbol: "main",
};

/// WebAssembly with WASI (preview 1) as Debian's wasi-libc provides it: a
/// command module, run by a WASI host such as node.
pub static WASM32_WASI: Target = Target {
    name: "wasm32",
    system: System::Wasi,
    triple: "wasm32-unknown-wasi",
    cpu: "generic",
    // calls in tail position are `return_call`
    features: "+tail-call",
    data: wasm32::ILP32,
    procedures: Convention::CTail,
    roots: Roots::SafePoints,
    abi: &wasm32::Wasm,
    include_dirs: &["/usr/local/include", "/usr/include/wasm32-wasi", "/usr/include"],
    lib_dirs: &["/usr/lib/wasm32-wasi"],
    cc: &["clang-19", "--target=wasm32-wasi"],
    system_libs: &[],
    // the linear-memory stack (64 KiB unless told) holds the frames whose
    // values the collector must see: 64 MiB is a million frames of a small
    // procedure (node's own stack, which the loader makes 2 GiB, must hold
    // as many of the engine's frames: see loader.mjs)
    link_flags: &["-Wl,-z,stack-size=67108864"],
    // wasi-libc's start code calls main(argc, argv) by this name
    main_symbol: "__main_argc_argv",
};

/// Every target Elle compiles for.
pub static ALL: &[&Target] = &[&X86_64_LINUX, &WASM32_WASI];

/// The target `--target NAME` names.
pub fn named(name: &str) -> Option<&'static Target> {
    ALL.iter().find(|t| t.name == name).copied()
}

/// The machine this compiler runs on: what `elle` calls C on, and what
/// `ellec` compiles for unless asked otherwise.
pub fn host() -> &'static Target {
    &X86_64_LINUX
}
