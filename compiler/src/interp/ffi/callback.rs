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
use crate::ctype::{CSignature, CType, DataModel};
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
    /// The type name of each struct parameter,
    records: Vec<Option<std::ffi::CString>>,
    /// and of a struct result.
    ret_record: Option<std::ffi::CString>,
}

impl Signature {
    pub fn new(sig: &CSignature) -> Result<Signature, String> {
        let records = sig.params.iter().map(super::record_name).collect();
        Ok(Signature {
            cif: Prepared::new(&sig.params, &sig.ret, None)?,
            sig: sig.clone(),
            records,
            ret_record: super::record_name(&sig.ret),
        })
    }
}

struct Data {
    sig: Rc<Signature>,
    slot: i64,
    span: Span,
    /// The libffi closure that calls it, or null for a trampoline's,
    closure: *mut ffi_closure,
    /// which is (pool, index);
    trampoline: Option<(usize, usize)>,
    /// there, the register each argument comes in.
    regs: Vec<super::direct::Reg>,
}

type Report = Box<dyn Fn(&Thrown)>;

thread_local! {
    /// The interpreter running now and its procedures.
    static CONTEXT: Cell<Option<(*mut Interp, *const [Lambda])>> = const { Cell::new(None) };
    /// Each live callback's data, by slot, until it is freed.
    static LIVE: RefCell<HashMap<i64, Rc<Data>>> = RefCell::new(HashMap::new());
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

/// Run callback `data`: C's arguments (the address of each, as `arg`
/// gives it) to Elle values, its procedure applied on the running
/// interpreter, and its value back as the bits of the C result — or, for a
/// struct result, its bytes written to `result`.
unsafe fn invoke(data: &Data, arg: impl Fn(usize) -> *const c_void, result: *mut u8) -> u64 {
    let Some((interp, lambdas)) = CONTEXT.with(|c| c.get()) else {
        eprintln!(
            "error: a callback was called when no Elle code is running (from another thread?)"
        );
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
                let name = data.sig.records[i].as_ref().expect("a struct parameter's name");
                rt::elle_make_cstruct(name.as_ptr(), r.size as i64, arg(i))
            }
            // a pointer below 2^61 is an immediate (as `elle_make_pointer` makes it)
            CType::Pointer { .. } if !t.is_char_ptr() => match *(arg(i) as *const u64) {
                0 => rt::NIL,
                p if p >> 61 == 0 => (p << 3) | 4,
                p => rt::elle_c_result(p, rt::c_kind::POINTER, 8, c"callback".as_ptr()),
            },
            t => {
                let c = t.result_conv(DataModel::HOST);
                rt::elle_c_result(
                    rt::elle_c_load(arg(i), c.kind, c.bytes),
                    c.kind,
                    c.bytes,
                    c"callback".as_ptr(),
                )
            }
        };
        if v == rt::EXC {
            fail(&interp.pending(data.span));
        }
        vals[i] = v;
    }
    let proc = rt::elle_callback_proc(data.slot);
    let v = match interp.call_within(&*lambdas, proc, &vals[..sig.params.len()], data.span) {
        Ok(v) => v,
        Err(t) => fail(&t),
    };
    if sig.ret == CType::Void {
        return 0;
    }
    if let (CType::Record(r), Some(name)) = (&sig.ret, &data.sig.ret_record) {
        let mut bytes = std::ptr::null_mut();
        if rt::elle_c_arg_struct(v, name.as_ptr(), c"the callback's result".as_ptr(), 0, &mut bytes)
            == 0
        {
            fail(&interp.pending(data.span));
        }
        std::ptr::copy_nonoverlapping(bytes as *const u8, result, r.size as usize);
        return 0;
    }
    // an integer result in range, inline; anything else as elle_c_arg converts it
    if let (CType::Int { bytes, signed }, true) = (&sig.ret, v & 1 == 1) {
        let n = rt::fixnum_value(v) as i128;
        let bits = *bytes as u32 * 8;
        let (lo, hi) = if *signed {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        };
        if (lo..=hi).contains(&n) {
            return n as u64;
        }
    }
    let c = sig.ret.param_conv(DataModel::HOST);
    let mut bits = 0u64;
    if rt::elle_c_arg(v, c.kind, c.bytes, c"the callback's result".as_ptr(), 0, &mut bits) == 0 {
        fail(&interp.pending(data.span));
    }
    // a small integer result widened to a whole register; a float's bits
    // in the low half
    match sig.ret {
        CType::Float => (f64::from_bits(bits) as f32).to_bits() as u64,
        _ => bits,
    }
}

unsafe extern "C" fn handler(
    _cif: &ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    data: &Data,
) {
    elle_runtime::elle_callback_enter();
    // libffi's result storage holds a struct result whole
    let out = result as *mut u64 as *mut u8;
    let r = invoke(data, |i| *args.add(i), out);
    if !matches!(data.sig.sig.ret, CType::Void | CType::Record(_)) {
        *result = r;
    }
}

/// Static trampolines for callbacks whose arguments and result are scalars
/// in registers (nearly all): one machine shape, six general and eight
/// vector registers in, the result in `rax` or `xmm0` (as `direct` calls
/// C), so no libffi closure — and none of its per-call classification —
/// stands between C and the procedure. Trampoline `i` of a pool runs the
/// callback in its pool's entry `i`.
mod trampolines {
    use super::super::direct::register_address;
    use super::Data;
    use std::cell::RefCell;
    use std::ffi::c_void;
    use std::rc::Rc;

    /// Trampolines of each result kind alive at once.
    pub const POOL: usize = 64;

    thread_local! {
        /// [pool][i]: 0 returns in `rax` (integers, pointers, void), 1 in `xmm0`.
        pub static ENTRIES: RefCell<[Vec<Option<Rc<Data>>>; 2]> = RefCell::new([(0..POOL).map(|_| None).collect(), (0..POOL).map(|_| None).collect()]);
    }

    type Regs = (u64, u64, u64, u64, u64, u64, f64, f64, f64, f64, f64, f64, f64, f64);

    fn run(pool: usize, i: usize, r: Regs) -> u64 {
        // SAFETY: returns, or reports and exits.
        unsafe { elle_runtime::elle_callback_enter() };
        let g = [r.0, r.1, r.2, r.3, r.4, r.5];
        let x = [r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13];
        let Some(data) = ENTRIES.with(|e| e.borrow()[pool][i].clone()) else {
            // SAFETY: reports and exits.
            unsafe { elle_runtime::elle_callback_freed() }
        };
        // SAFETY: each argument's register holds the value C passed.
        // (a struct result never comes here: it is not a register's)
        unsafe {
            super::invoke(&data, |k| register_address(data.regs[k], &g, &x), std::ptr::null_mut())
        }
    }

    #[allow(clippy::too_many_arguments)]
    extern "C" fn int_result<const I: usize>(
        a: u64,
        b: u64,
        c: u64,
        d: u64,
        e: u64,
        f: u64,
        x0: f64,
        x1: f64,
        x2: f64,
        x3: f64,
        x4: f64,
        x5: f64,
        x6: f64,
        x7: f64,
    ) -> u64 {
        run(0, I, (a, b, c, d, e, f, x0, x1, x2, x3, x4, x5, x6, x7))
    }

    #[allow(clippy::too_many_arguments)]
    extern "C" fn sse_result<const I: usize>(
        a: u64,
        b: u64,
        c: u64,
        d: u64,
        e: u64,
        f: u64,
        x0: f64,
        x1: f64,
        x2: f64,
        x3: f64,
        x4: f64,
        x5: f64,
        x6: f64,
        x7: f64,
    ) -> f64 {
        f64::from_bits(run(1, I, (a, b, c, d, e, f, x0, x1, x2, x3, x4, x5, x6, x7)))
    }

    macro_rules! pool {
        ($f:ident; $($i:literal)*) => { [$($f::<$i> as *const c_void),*] };
    }

    /// The code of trampoline `i` of `pool`.
    pub fn code(pool: usize, i: usize) -> *const c_void {
        let ints: [*const c_void; POOL] = pool!(int_result; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
            32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63);
        let sses: [*const c_void; POOL] = pool!(sse_result; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
            32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63);
        if pool == 0 {
            ints[i]
        } else {
            sses[i]
        }
    }
}

extern "C" fn release(_code: *mut c_void, slot: i64) {
    if let Some(data) = LIVE.with(|l| l.borrow_mut().remove(&slot)) {
        match data.trampoline {
            Some((pool, i)) => trampolines::ENTRIES.with(|e| e.borrow_mut()[pool][i] = None),
            // SAFETY: the closure was allocated for this callback and C may
            // no longer call it (c-free's contract).
            None => unsafe { low::closure_free(data.closure) },
        }
    }
}

/// A new callback of signature `sig` calling `proc`: a pointer value.
pub fn make(sig: Rc<Signature>, proc: Val, span: Span) -> Result<Val, String> {
    // SAFETY: the slot roots the procedure; a trampoline or closure is set
    // up before its code pointer is handed out, and its data lives in LIVE
    // until `release` lets go of both.
    unsafe {
        let slot = rt::elle_callback_register(proc);
        if let Some((regs, ret)) = super::direct::registers(&sig.sig.params, &sig.sig.ret) {
            let pool =
                matches!(ret, Some(super::direct::Reg::Double(_) | super::direct::Reg::Float(_)))
                    as usize;
            let free =
                trampolines::ENTRIES.with(|e| e.borrow()[pool].iter().position(Option::is_none));
            if let Some(i) = free {
                let data = Rc::new(Data {
                    sig,
                    slot,
                    span,
                    closure: std::ptr::null_mut(),
                    trampoline: Some((pool, i)),
                    regs,
                });
                trampolines::ENTRIES.with(|e| e.borrow_mut()[pool][i] = Some(data.clone()));
                LIVE.with(|l| l.borrow_mut().insert(slot, data));
                return Ok(rt::elle_make_callback(
                    trampolines::code(pool, i) as *mut c_void,
                    slot,
                    Some(release),
                ));
            }
            // every trampoline in use: a libffi closure serves as well
        }
        let (closure, code) = low::closure_alloc();
        if closure.is_null() {
            return Err("make-c-callback: libffi could not allocate a closure".into());
        }
        let data = Rc::new(Data { sig, slot, span, closure, trampoline: None, regs: Vec::new() });
        let cif = data.sig.cif.as_raw();
        low::prep_closure(closure, cif, handler, &*data as *const Data, code)
            .map_err(|e| format!("make-c-callback: libffi: {e:?}"))?;
        LIVE.with(|l| l.borrow_mut().insert(slot, data));
        Ok(rt::elle_make_callback(code.as_mut_ptr(), slot, Some(release)))
    }
}
