//! The analysed form: what both executors consume.
//!
//! Every variable is resolved to where it lives at run time:
//! - `Local(slot)`: a slot of the current procedure's frame;
//! - `Free(i)`: the i-th captured value of the running closure;
//! - `Global(i)`: the runtime's global table.
//!
//! A variable that is captured by a closure and also assigned lives in a box
//! (`boxed`), so closures share it; everything else is stored directly.
//! Closures capture flat: `Lambda::captures` says, for each free variable,
//! where the creating procedure finds it. Calls are marked `tail` where the
//! language guarantees a tail call.

use crate::source::Span;
use elle_runtime::Val;

pub type LambdaId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarLoc {
    Local(u32),
    Free(u32),
    Global(u32),
}

#[derive(Clone, Debug)]
pub struct VarRef {
    pub loc: VarLoc,
    /// The variable lives in a box (captured and assigned).
    pub boxed: bool,
    /// Reading it must check it has been given a value (an internal
    /// `define` read before its definition ran, or a global).
    pub checked: bool,
    pub name: Val,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// from the creator's frame slot
    Local(u32),
    /// from the creator's own captured values
    Free(u32),
}

#[derive(Debug)]
pub struct Lambda {
    pub name: Option<Val>,
    pub span: Span,
    /// Required parameters occupy slots 0..nparams.
    pub nparams: u32,
    /// A `&rest` list goes in slot `nparams`.
    pub rest: bool,
    pub frame_size: u32,
    /// Parameter slots that must be boxed on entry.
    pub boxed_params: Vec<u32>,
    pub captures: Vec<Capture>,
    pub body: Expr,
}

#[derive(Debug)]
pub enum Expr {
    Const(Val),
    Ref(VarRef),
    Set(VarRef, Box<Expr>),
    /// Top-level `define`: give global `index` its value; yields the name.
    DefineGlobal {
        index: u32,
        name: Val,
        value: Box<Expr>,
    },
    /// Initialise a frame slot (let, pattern variable) with a new binding.
    Bind {
        slot: u32,
        boxed: bool,
        value: Box<Expr>,
    },
    /// Start a letrec-like binding (internal define, named let) that closures
    /// may capture before it has a value: the slot becomes unbound, or a new
    /// box holding unbound; the value comes later by `Set`.
    Declare {
        slot: u32,
        boxed: bool,
    },
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Seq(Vec<Expr>),
    MakeClosure(LambdaId),
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
        tail: bool,
        span: Span,
    },
    /// A direct call of an imported C function (an index into the
    /// session's C functions); its argument count has been checked.
    CCall {
        func: u32,
        args: Vec<Expr>,
        span: Span,
    },
    /// A C function pointer that calls the procedure `proc` evaluates to,
    /// with C signature `sig` (an index into the session's callback
    /// signatures).
    Callback {
        sig: u32,
        proc: Box<Expr>,
        span: Span,
    },
    While(Box<Expr>, Box<Expr>),
    /// Run `body`; if it raises, bind the error to `slot` and run `handler`.
    Try {
        body: Box<Expr>,
        slot: u32,
        boxed: bool,
        handler: Box<Expr>,
    },
}

/// One analysed top-level form: a procedure of no arguments to run.
#[derive(Debug, Clone, Copy)]
pub struct TopLevel {
    pub lambda: LambdaId,
}
