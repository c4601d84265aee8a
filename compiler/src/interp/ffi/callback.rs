//! Callbacks in the interpreter: each is a libffi closure over the
//! callback's signature, whose handler converts C's arguments to Elle
//! values, runs the procedure on the interpreter that made the C call, and
//! converts its value back. The procedure itself lives in the runtime's
//! callback slots (a root) until `c-free` releases the callback.
//!
//! C calls back only while the interpreter is inside a C call, so the
//! interpreter to run on is the one running now (`Context`); an error that
//! escapes the procedure cannot unwind through C's frames, so it is
//! reported and the program stops (`set_failure_report`).

use super::cif::Prepared;
use crate::analysis::ir::Lambda;
use crate::cimport::ctype::{CSignature, CType};
use crate::interp::{Interp, Thrown};
use crate::source::Span;
use elle_runtime::{self as rt, Val};
use libffi::low::{self, ffi_cif, ffi_closure};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::c_void;
use std::rc::Rc;

/// A signature's CIF, shared by its callbacks.
pub struct Signature {
    cif: Prepared,
    sig: CSignature,
}

impl Signature {
    pub fn new(sig: &CSignature) -> Result<Signature, String> {
        Ok(Signature { cif: Prepared::new(&sig.params, &sig.ret, None)?, sig: sig.clone() })
    }
}

struct Data {
    sig: Rc<Signature>,
    slot: i64,
    span: Span,
    closure: *mut ffi_closure,
}

type Report = Box<dyn Fn(&Thrown)>;

thread_local! {
    /// The interpreter running now and its procedures.
    static CONTEXT: Cell<Option<(*mut Interp, *const [Lambda])>> = const { Cell::new(None) };
    /// Each live callback's data, by slot, until it is freed.
    static LIVE: RefCell<HashMap<i64, Box<Data>>> = RefCell::new(HashMap::new());
    static FAILURE: RefCell<Option<Report>> = const { RefCell::new(None) };
}

/// Make `(interp, lambdas)` the context callbacks run in until the guard
/// is dropped (the previous one is restored then).
pub fn enter(interp: *mut Interp, lambdas: &[Lambda]) -> ContextGuard {
    let previous = CONTEXT.with(|c| c.replace(Some((interp, lambdas as *const [Lambda]))));
    ContextGuard(previous)
}

pub struct ContextGuard(Option<(*mut Interp, *const [Lambda])>);

impl Drop for ContextGuard {
    fn drop(&mut self) {
        CONTEXT.with(|c| c.set(self.0));
    }
}

/// How an error that escapes a callback is shown before the program stops.
pub fn set_failure_report(report: Report) {
    FAILURE.with(|f| *f.borrow_mut() = Some(report));
}

fn fail(t: &Thrown) -> ! {
    // SAFETY: flushing the runtime's buffered output.
    unsafe { rt::elle_flush_output() };
    FAILURE.with(|f| match &*f.borrow() {
        Some(report) => report(t),
        None => eprintln!("error: {}", t.message()),
    });
    eprintln!("note: the error was raised in a callback called from C; Elle does not unwind through C, so the program stops");
    std::process::exit(1)
}

/// The bits of a C value of type `t` at `p`, widened as the runtime's
/// conversions take them (a float as a double).
unsafe fn read(p: *const c_void, t: &CType) -> u64 {
    match t {
        CType::Float => (*(p as *const f32) as f64).to_bits(),
        t => {
            let mut bits = 0u64;
            std::ptr::copy_nonoverlapping(p as *const u8, &mut bits as *mut u64 as *mut u8, t.size().unwrap_or(8) as usize);
            bits
        }
    }
}

unsafe extern "C" fn handler(_cif: &ffi_cif, result: &mut u64, args: *const *const c_void, data: &Data) {
    let Some((interp, lambdas)) = CONTEXT.with(|c| c.get()) else {
        eprintln!("error: a callback was called when no Elle code is running (from another thread?)");
        std::process::exit(1);
    };
    let interp = &mut *interp;
    let sig = &data.sig.sig;
    // on the native stack: the collector sees the values made so far
    let mut vals = [rt::NIL; CSignature::MAX_PARAMS];
    for (i, t) in sig.params.iter().enumerate() {
        let v = match t {
            // libffi hands over the struct's bytes
            CType::Record(r) => {
                let name = std::ffi::CString::new(r.name.as_str()).unwrap_or_default();
                rt::elle_make_cstruct(name.as_ptr(), r.size as i64, *args.add(i))
            }
            t => {
                let c = t.result_conv();
                rt::elle_c_result(read(*args.add(i), t), c.kind, c.bytes, c"callback".as_ptr())
            }
        };
        if v == rt::EXC {
            fail(&interp.pending(data.span));
        }
        vals[i] = v;
    }
    let proc = rt::elle_callback_proc(data.slot);
    let v = match interp.call(&*lambdas, proc, &vals[..sig.params.len()], data.span) {
        Ok(v) => v,
        Err(t) => fail(&t),
    };
    if sig.ret == CType::Void {
        return;
    }
    let c = sig.ret.param_conv();
    let mut bits = 0u64;
    if rt::elle_c_arg(v, c.kind, c.bytes, c"the callback's result".as_ptr(), 0, &mut bits) == 0 {
        fail(&interp.pending(data.span));
    }
    // libffi takes a small integer result widened to a whole register
    *result = match sig.ret {
        CType::Float => (f64::from_bits(bits) as f32).to_bits() as u64,
        _ => bits,
    };
}

extern "C" fn release(_code: *mut c_void, slot: i64) {
    if let Some(data) = LIVE.with(|l| l.borrow_mut().remove(&slot)) {
        // SAFETY: the closure was allocated for this callback and C may no
        // longer call it (c-free's contract).
        unsafe { low::closure_free(data.closure) };
    }
}

/// A new callback of signature `sig` calling `proc`: a pointer value.
pub fn make(sig: Rc<Signature>, proc: Val, span: Span) -> Result<Val, String> {
    // SAFETY: the slot roots the procedure; the closure is initialised
    // before its code pointer is handed out, and its data lives in LIVE
    // until `release` frees both.
    unsafe {
        let slot = rt::elle_callback_register(proc);
        let (closure, code) = low::closure_alloc();
        if closure.is_null() {
            return Err("make-c-callback: libffi could not allocate a closure".into());
        }
        let data = Box::new(Data { sig, slot, span, closure });
        let cif = data.sig.cif.as_raw();
        low::prep_closure(closure, cif, handler, &*data as *const Data, code).map_err(|e| format!("make-c-callback: libffi: {e:?}"))?;
        LIVE.with(|l| l.borrow_mut().insert(slot, data));
        Ok(rt::elle_make_callback(code.as_mut_ptr(), slot, Some(release)))
    }
}
