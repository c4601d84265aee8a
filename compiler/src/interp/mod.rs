//! The interpreter: runs the analysed form directly.
//!
//! Frames live on the runtime's value stack (`elle_vstack`), which the
//! collector scans exactly: a call's callee and arguments are pushed there,
//! and the callee's frame is the arguments plus its other local slots.
//! A tail call leaves its callee and arguments on top of the stack and
//! returns the `TAIL` marker; the calling loop in `apply` slides them down
//! over the finished frame and loops, so tail calls run in constant stack
//! (native and value stack alike).

mod error;
pub mod ffi;

use crate::analysis::ir::{Capture, Expr, Lambda, TopLevel, VarLoc, VarRef};
use crate::source::Span;
use elle_runtime::{self as rt, Val};
pub use error::{Frame, Thrown};

pub type Res = Result<Val, Box<Thrown>>;

pub struct Interp {
    /// Procedures being run, innermost last, for backtraces.
    frames: Vec<Frame>,
    /// Lowest native stack address Elle code may reach before it is a
    /// "recursion too deep" error rather than a crash.
    native_limit: usize,
    /// Arguments of the pending tail call (callee just below them), and
    /// where it is made.
    tail_argc: usize,
    tail_span: Span,
    /// C functions and libraries, opened as they are first called.
    pub ffi: ffi::Ffi,
    /// The error last caught by a `try`, where it was raised and the
    /// procedures running then: raised again (a cleanup's or guard's
    /// re-raise), it is reported there.
    caught: Option<Box<Thrown>>,
}

/// The value of arithmetic built-in `prim` on fixnums `a` and `b`, done
/// here (the runtime's own function would give the same); `None` for
/// anything else, which the function does.
#[inline(always)]
fn fixnum_op(prim: &rt::Primitive, a: Val, b: Val) -> Option<Val> {
    if a & b & 1 == 0 {
        return None;
    }
    let f = prim.func? as usize;
    let (x, y) = (rt::fixnum_value(a), rt::fixnum_value(b));
    let test = |t: bool| Some(if t { rt::TRUE } else { rt::FALSE });
    if f == rt::elle_p_lt as *const () as usize {
        test(x < y)
    } else if f == rt::elle_p_gt as *const () as usize {
        test(x > y)
    } else if f == rt::elle_p_num_eq as *const () as usize {
        test(x == y)
    } else if f == rt::elle_p_le as *const () as usize {
        test(x <= y)
    } else if f == rt::elle_p_ge as *const () as usize {
        test(x >= y)
    } else if f == rt::elle_p_add as *const () as usize {
        // fixnums are 63-bit: the sum of two never overflows i64
        Some(rt::fixnum(x + y)).filter(|_| (x + y) >> 62 == 0 || (x + y) >> 62 == -1)
    } else if f == rt::elle_p_sub as *const () as usize {
        Some(rt::fixnum(x - y)).filter(|_| (x - y) >> 62 == 0 || (x - y) >> 62 == -1)
    } else {
        None
    }
}

#[inline]
fn vs() -> &'static mut rt::ValueStack {
    // SAFETY: the value stack is set up by elle_init and used by one thread.
    unsafe { &mut *std::ptr::addr_of_mut!(rt::elle_vstack) }
}

impl Interp {
    pub fn new(native_limit: usize) -> Interp {
        Interp {
            frames: Vec::new(),
            native_limit,
            tail_argc: 0,
            tail_span: Span::default(),
            ffi: ffi::Ffi::default(),
            caught: None,
        }
    }

    /// Run one top-level form.
    pub fn run(&mut self, lambdas: &[Lambda], top: TopLevel) -> Res {
        let _context = ffi::callback::enter(self, lambdas);
        let saved = vs().top;
        let depth = self.frames.len();
        // SAFETY: a closure with no captured values.
        let clo = unsafe { rt::elle_make_closure(std::ptr::null_mut(), top.lambda, rt::NIL, 0) };
        self.push(clo, lambdas[top.lambda as usize].span)?;
        let r = self.apply(lambdas, clo, 0, lambdas[top.lambda as usize].span);
        vs().top = saved;
        self.frames.truncate(depth);
        r
    }

    /// Call `f` on `args` from Rust (macro transformers).
    pub fn call(&mut self, lambdas: &[Lambda], f: Val, args: &[Val], span: Span) -> Res {
        let _context = ffi::callback::enter(self, lambdas);
        self.call_within(lambdas, f, args, span)
    }

    /// Call `f` on `args` from Rust while a run is going on (callbacks).
    pub fn call_within(&mut self, lambdas: &[Lambda], f: Val, args: &[Val], span: Span) -> Res {
        let saved = vs().top;
        let depth = self.frames.len();
        let r = (|| {
            self.push(f, span)?;
            for &a in args {
                self.push(a, span)?;
            }
            self.apply(lambdas, f, args.len(), span)
        })();
        vs().top = saved;
        self.frames.truncate(depth);
        r
    }

    #[inline]
    fn push(&self, v: Val, span: Span) -> Result<(), Box<Thrown>> {
        let s = vs();
        if s.top >= s.limit {
            return Err(self.stack_overflow(span));
        }
        // SAFETY: checked against the limit.
        unsafe {
            *s.top = v;
            s.top = s.top.add(1);
        }
        Ok(())
    }

    /// Apply `f` to the `argc` values on top of the value stack (with `f`
    /// itself just below them). Pops the arguments.
    fn apply(&mut self, p: &[Lambda], mut f: Val, mut argc: usize, mut span: Span) -> Res {
        // SAFETY (whole function): `base` and the frame stay within the value
        // stack, checked against its limit when the frame is made.
        let base = unsafe { vs().top.sub(argc) };
        let depth = self.frames.len();
        loop {
            match rt::kind(f) {
                Some(rt::Kind::Primitive) => {
                    let prim = unsafe { &*rt::obj::<rt::Primitive>(f) };
                    if prim.h.flags & rt::PRIM_INTRINSIC != 0 {
                        let (g, n) = self.spread_apply(base, argc, span)?;
                        f = g;
                        argc = n;
                        continue;
                    }
                    if (argc as i32) < prim.min_args
                        || (prim.max_args >= 0 && argc as i32 > prim.max_args)
                    {
                        unsafe {
                            rt::elle_raise_arity(
                                prim.name,
                                prim.min_args,
                                prim.max_args,
                                argc as i64,
                            )
                        };
                        return Err(self.pending(span));
                    }
                    let func =
                        prim.func.expect("primitives that are not intrinsics have a function");
                    let r = unsafe { func(argc as i64, base) };
                    if r == rt::EXC {
                        return Err(self.pending(span));
                    }
                    vs().top = base;
                    self.frames.truncate(depth);
                    return Ok(r);
                }
                Some(rt::Kind::Closure) => {
                    let id = unsafe { (*rt::obj::<rt::Closure>(f)).h.aux };
                    let lam = &p[id as usize];
                    let np = lam.nparams as usize;
                    if argc < np || (!lam.rest && argc > np) {
                        let name =
                            lam.name.map(rt::symbol_name).unwrap_or_else(|| "#<procedure>".into());
                        return Err(self.arity_error(
                            &name,
                            lam.nparams,
                            if lam.rest { -1 } else { lam.nparams as i32 },
                            argc,
                            span,
                        ));
                    }
                    unsafe {
                        if lam.rest {
                            let rest = rt::elle_list_from((argc - np) as i64, base.add(np));
                            *base.add(np) = rest;
                            vs().top = base.add(np + 1);
                        }
                        let end = base.add(lam.frame_size as usize);
                        if end >= vs().limit {
                            return Err(self.stack_overflow(span));
                        }
                        let mut s = vs().top;
                        while s < end {
                            *s = rt::UNBOUND;
                            s = s.add(1);
                        }
                        vs().top = end;
                        for &slot in &lam.boxed_params {
                            let b = rt::elle_make_box(*base.add(slot as usize));
                            *base.add(slot as usize) = b;
                        }
                    }
                    self.frames.truncate(depth);
                    self.frames.push(Frame { lambda: id, call: span });
                    let marker = 0u8;
                    if (&marker as *const u8 as usize) < self.native_limit {
                        return Err(self.stack_overflow(span));
                    }
                    let r = self.eval(p, &lam.body, base, f)?;
                    if r == rt::TAIL {
                        // slide callee and arguments down over this frame
                        let n = self.tail_argc;
                        unsafe {
                            let src = vs().top.sub(n + 1);
                            std::ptr::copy(src, base.sub(1), n + 1);
                            f = *base.sub(1);
                            vs().top = base.add(n);
                        }
                        argc = n;
                        span = self.tail_span;
                        continue;
                    }
                    vs().top = base;
                    self.frames.truncate(depth);
                    return Ok(r);
                }
                _ => {
                    unsafe { rt::elle_raise_not_procedure(f) };
                    return Err(self.pending(span));
                }
            }
        }
    }

    /// A call of primitive `prim` (not an intrinsic): its arguments on the
    /// value stack (the collector sees them), then its C function.
    unsafe fn call_primitive(
        &mut self,
        p: &[Lambda],
        prim: &rt::Primitive,
        args: &[Expr],
        fp: *mut Val,
        clo: Val,
        span: Span,
    ) -> Res {
        let base = vs().top;
        for a in args {
            let v = self.operand(p, a, fp, clo)?;
            self.push(v, span)?;
        }
        let argc = args.len();
        if argc == 2 {
            if let Some(v) = fixnum_op(prim, *base, *base.add(1)) {
                vs().top = base;
                return Ok(v);
            }
        }
        let r = if (argc as i32) < prim.min_args
            || (prim.max_args >= 0 && argc as i32 > prim.max_args)
        {
            rt::elle_raise_arity(prim.name, prim.min_args, prim.max_args, argc as i64)
        } else {
            (prim.func.expect("primitives that are not intrinsics have a function"))(
                argc as i64,
                base,
            )
        };
        vs().top = base;
        if r == rt::EXC {
            return Err(self.pending(span));
        }
        Ok(r)
    }

    /// `(apply f a ... list)`: rearrange the stack into `f a ... list-items`.
    fn spread_apply(
        &mut self,
        base: *mut Val,
        argc: usize,
        span: Span,
    ) -> Result<(Val, usize), Box<Thrown>> {
        if argc < 2 {
            return Err(self.arity_error("apply", 2, -1, argc, span));
        }
        // SAFETY: base..base+argc are this call's arguments.
        unsafe {
            let g = *base;
            let list = *base.add(argc - 1);
            *base.sub(1) = g;
            std::ptr::copy(base.add(1), base, argc - 2);
            vs().top = base.add(argc - 2);
            if rt::elle_proper_length(list) < 0 {
                return Err(self.fail(
                    format!(
                        "apply: expected a proper list as the last argument, got {}",
                        write_string(list)
                    ),
                    span,
                ));
            }
            let mut n = argc - 2;
            let mut l = list;
            while rt::is(l, rt::Kind::Pair) {
                let pair = rt::obj::<rt::Pair>(l);
                self.push((*pair).car, span)?;
                l = (*pair).cdr;
                n += 1;
            }
            Ok((g, n))
        }
    }

    /// An argument's value: constants and plain local variables (most
    /// arguments) without a trip through `eval`'s dispatch.
    #[inline(always)]
    fn operand(&mut self, p: &[Lambda], e: &Expr, fp: *mut Val, clo: Val) -> Res {
        match e {
            Expr::Const(v) => Ok(*v),
            // SAFETY: a slot of this frame (see `eval`).
            Expr::Ref(VarRef { loc: VarLoc::Local(s), boxed: false, checked: false, .. }) => {
                Ok(unsafe { *fp.add(*s as usize) })
            }
            // a global with a value (an unbound one is `eval`'s to report)
            Expr::Ref(VarRef { loc: VarLoc::Global(g), boxed: false, .. }) => {
                match unsafe { *(*std::ptr::addr_of!(rt::elle_globals)).add(*g as usize) } {
                    rt::UNBOUND => self.eval(p, e, fp, clo),
                    v => Ok(v),
                }
            }
            _ => self.eval(p, e, fp, clo),
        }
    }

    fn eval(&mut self, p: &[Lambda], e: &Expr, fp: *mut Val, clo: Val) -> Res {
        // SAFETY (whole function): `fp` is this frame's base on the value
        // stack and slot numbers are below the frame size; `clo` is the
        // running closure and free indexes are below its capture count.
        unsafe {
            match e {
                Expr::Const(v) => Ok(*v),
                Expr::Ref(r) => self.read(r, fp, clo),
                Expr::Set(r, value) => {
                    let v = self.eval(p, value, fp, clo)?;
                    self.write(r, fp, clo, v)?;
                    Ok(rt::NIL)
                }
                Expr::DefineGlobal { index, name, value } => {
                    let v = self.eval(p, value, fp, clo)?;
                    *rt::elle_global_slot(*index as i64) = v;
                    Ok(*name)
                }
                Expr::Bind { slot, boxed, value } => {
                    let v = self.eval(p, value, fp, clo)?;
                    *fp.add(*slot as usize) = if *boxed { rt::elle_make_box(v) } else { v };
                    Ok(rt::NIL)
                }
                Expr::Declare { slot, boxed } => {
                    *fp.add(*slot as usize) =
                        if *boxed { rt::elle_make_box(rt::UNBOUND) } else { rt::UNBOUND };
                    Ok(rt::NIL)
                }
                Expr::If(c, t, f) => {
                    if rt::truthy(self.operand(p, c, fp, clo)?) {
                        self.eval(p, t, fp, clo)
                    } else {
                        self.eval(p, f, fp, clo)
                    }
                }
                Expr::Seq(es) => {
                    let (last, init) = es.split_last().expect("sequences are not empty");
                    for e in init {
                        self.eval(p, e, fp, clo)?;
                    }
                    self.eval(p, last, fp, clo)
                }
                Expr::MakeClosure(id) => {
                    let lam = &p[*id as usize];
                    let c = rt::elle_make_closure(
                        std::ptr::null_mut(),
                        *id,
                        lam.name.unwrap_or(rt::NIL),
                        lam.captures.len() as i64,
                    );
                    let free = (*rt::obj::<rt::Closure>(c)).free.as_mut_ptr();
                    let outer = (*rt::obj::<rt::Closure>(clo)).free.as_ptr();
                    for (i, cap) in lam.captures.iter().enumerate() {
                        *free.add(i) = match cap {
                            Capture::Local(s) => *fp.add(*s as usize),
                            Capture::Free(j) => *outer.add(*j as usize),
                        };
                    }
                    Ok(c)
                }
                Expr::Call { callee, args, tail, span } => {
                    let f = self.operand(p, callee, fp, clo)?;
                    if rt::kind(f) == Some(rt::Kind::Primitive) {
                        let prim = &*rt::obj::<rt::Primitive>(f);
                        if prim.h.flags & rt::PRIM_INTRINSIC == 0 {
                            // a built-in in C: no frame, no tail call to make
                            return self.call_primitive(p, prim, args, fp, clo, *span);
                        }
                    }
                    self.push(f, *span)?;
                    for a in args {
                        let v = self.operand(p, a, fp, clo)?;
                        self.push(v, *span)?;
                    }
                    if *tail {
                        self.tail_argc = args.len();
                        self.tail_span = *span;
                        return Ok(rt::TAIL);
                    }
                    let r = self.apply(p, f, args.len(), *span);
                    vs().top = vs().top.sub(1);
                    r
                }
                Expr::CCall { func, args, span } => {
                    // arguments on the value stack: the collector sees them
                    let base = vs().top;
                    for a in args {
                        let v = self.operand(p, a, fp, clo)?;
                        self.push(v, *span)?;
                    }
                    let argv = std::slice::from_raw_parts(base, args.len());
                    let r = self.ffi.call(*func, argv);
                    vs().top = base;
                    if r == rt::EXC {
                        return Err(self.pending(*span));
                    }
                    Ok(r)
                }
                Expr::Callback { sig, proc, span } => {
                    let f = self.eval(p, proc, fp, clo)?;
                    if !matches!(rt::kind(f), Some(rt::Kind::Closure | rt::Kind::Primitive)) {
                        rt::elle_raise_type(
                            c"make-c-callback".as_ptr(),
                            c"a procedure".as_ptr(),
                            f,
                        );
                        return Err(self.pending(*span));
                    }
                    match self.ffi.make_callback(*sig, f, *span) {
                        rt::EXC => Err(self.pending(*span)),
                        v => Ok(v),
                    }
                }
                Expr::While(c, body) => {
                    while rt::truthy(self.eval(p, c, fp, clo)?) {
                        self.eval(p, body, fp, clo)?;
                    }
                    Ok(rt::NIL)
                }
                Expr::Try { body, slot, boxed, handler } => {
                    let top = vs().top;
                    let depth = self.frames.len();
                    match self.eval(p, body, fp, clo) {
                        Ok(v) => Ok(v),
                        Err(t) => {
                            vs().top = top;
                            self.frames.truncate(depth);
                            rt::elle_clear_error();
                            *fp.add(*slot as usize) =
                                if *boxed { rt::elle_make_box(t.error) } else { t.error };
                            self.caught = Some(t);
                            self.eval(p, handler, fp, clo)
                        }
                    }
                }
            }
        }
    }

    #[inline]
    unsafe fn slot(&self, r: &VarRef, fp: *mut Val, clo: Val) -> *mut Val {
        match r.loc {
            VarLoc::Local(s) => fp.add(s as usize),
            VarLoc::Free(i) => (*rt::obj::<rt::Closure>(clo)).free.as_mut_ptr().add(i as usize),
            // the table moves only between units, never while one runs
            VarLoc::Global(g) => (*std::ptr::addr_of!(rt::elle_globals)).add(g as usize),
        }
    }

    #[inline]
    unsafe fn read(&self, r: &VarRef, fp: *mut Val, clo: Val) -> Res {
        let mut v = *self.slot(r, fp, clo);
        if r.boxed {
            v = (*rt::obj::<rt::BoxObj>(v)).v;
        }
        if r.checked && v == rt::UNBOUND {
            return Err(self.unbound(r));
        }
        Ok(v)
    }

    unsafe fn write(&self, r: &VarRef, fp: *mut Val, clo: Val, v: Val) -> Result<(), Box<Thrown>> {
        let s = self.slot(r, fp, clo);
        if let VarLoc::Global(_) = r.loc {
            if *s == rt::UNBOUND {
                return Err(self.unbound(r));
            }
        }
        if r.boxed {
            (*rt::obj::<rt::BoxObj>(*s)).v = v;
        } else {
            *s = v;
        }
        Ok(())
    }

    fn unbound(&self, r: &VarRef) -> Box<Thrown> {
        // SAFETY: records an error about a symbol.
        unsafe { rt::elle_raise_unbound(r.name, matches!(r.loc, VarLoc::Global(_)) as i32) };
        self.pending(r.span)
    }

    fn stack_overflow(&self, span: Span) -> Box<Thrown> {
        // SAFETY: records an error.
        unsafe { rt::elle_raise_stack_overflow() };
        self.pending(span)
    }

    /// `max` -1: no limit.
    fn arity_error(&self, name: &str, min: u32, max: i32, got: usize, span: Span) -> Box<Thrown> {
        let name = std::ffi::CString::new(name).unwrap_or_default();
        // SAFETY: records an error; the runtime copies the name into it.
        unsafe { rt::elle_raise_arity(name.as_ptr(), min as i32, max, got as i64) };
        self.pending(span)
    }
}

/// The `write` text of a value.
pub fn write_string(v: Val) -> String {
    rt::to_text(v, true)
}
