//! C calls in the interpreter: the library is opened (dlopen) and the
//! symbol found on a function's first call, and the call planned once:
//! a function whose parameters and result are scalars that all travel in
//! registers is called directly (`direct`), anything else through a libffi
//! CIF prepared then. Arguments and results convert through the runtime,
//! as in compiled code.

use crate::cimport::{shim, CImports};
use crate::ctype::{CFunction, CType, DataModel, Reach};
use cif::Prepared;
use elle_runtime::{self as rt, Val};
use libffi::middle::CodePtr;
use std::ffi::CString;

pub mod callback;
mod cif;
mod direct;

struct Ready {
    code: CodePtr,
    how: How,
    /// Parameters a vector may stand for (pointers to scalars): position,
    /// the elements' conversion, and whether C may write them.
    vectors: Vec<(usize, crate::ctype::Conv, bool)>,
    /// Parameters that point to a struct type: position and type name.
    pointees: Vec<(usize, CString)>,
    /// The type name of each struct passed, and of a struct result, made
    /// once rather than at every call.
    records: Vec<Option<CString>>,
    ret_record: Option<CString>,
}

/// The C type name of a struct type, as the runtime takes it.
fn record_name(t: &CType) -> Option<CString> {
    match t {
        CType::Record(r) => Some(CString::new(r.name.as_str()).unwrap_or_default()),
        _ => None,
    }
}

enum How {
    Direct(direct::Plan),
    Ffi(Prepared),
}

struct Func {
    f: CFunction,
    c_name: CString,
    ready: Option<Ready>,
}

#[derive(Default)]
pub struct Ffi {
    libs: Vec<(String, Option<libloading::Library>)>,
    funcs: Vec<Func>,
    /// Shared objects of `static inline` shims, kept loaded.
    shims: Vec<libloading::Library>,
    /// Record layouts registered with the runtime so far.
    layouts: usize,
    /// Callback signatures, their CIFs prepared when first used.
    signatures: Vec<(crate::ctype::CSignature, Option<std::rc::Rc<callback::Signature>>)>,
}

/// C libraries are never unloaded: they register thread-local destructors
/// and atexit handlers (GLib does) that run after the interpreter is gone,
/// and must find their code still mapped.
impl Drop for Ffi {
    fn drop(&mut self) {
        for (_, lib) in self.libs.drain(..) {
            std::mem::forget(lib);
        }
        for shim in self.shims.drain(..) {
            std::mem::forget(shim);
        }
    }
}

/// Make a record layout known to the runtime (in the order of `CImports::layouts`).
fn register_layout(l: &crate::ctype::layout::Layout) {
    let names: Vec<Option<CString>> = l
        .fields
        .iter()
        .map(|f| f.name.as_ref().map(|n| CString::new(n.as_str()).expect("no NUL")))
        .collect();
    let specs: Vec<rt::FieldSpec> = l
        .fields
        .iter()
        .zip(&names)
        .map(|(f, n)| rt::FieldSpec {
            name: n.as_ref().map_or(std::ptr::null(), |n| n.as_ptr()),
            offset_bits: f.offset_bits as i64,
            kind: f.kind,
            bytes: f.bytes,
            record: f.record,
            count: f.count,
            bit_width: f.bit_width,
        })
        .collect();
    let name = CString::new(l.record.name.as_str()).unwrap_or_default();
    // SAFETY: the runtime copies what it keeps.
    unsafe {
        rt::elle_register_layout(
            name.as_ptr(),
            l.record.size as i64,
            specs.len() as i32,
            specs.as_ptr(),
        )
    };
}

/// Run `call` (a C call) under the FFI safety checks when they are on
/// (the runtime platform's `elle_guarded_call`): a crash in it becomes an Elle error naming `name`, EXC.
fn guarded<F: FnOnce()>(name: &std::ffi::CStr, call: F) -> Result<(), Val> {
    // SAFETY: a flag only the runtime writes, on this thread.
    if unsafe { rt::elle_ffi_safety } == 0 {
        call();
        return Ok(());
    }
    extern "C" fn run<G: FnOnce()>(p: *mut std::ffi::c_void) {
        // SAFETY: p is the Option<G> below; it is taken once.
        if let Some(f) = unsafe { (*(p as *mut Option<G>)).take() } {
            f();
        }
    }
    let mut slot: Option<F> = Some(call);
    // SAFETY: the closure's frame holds nothing that needs dropping, so a
    // jump back over it leaks nothing.
    let sig = unsafe {
        rt::elle_guarded_call(run::<F>, &mut slot as *mut Option<F> as *mut std::ffi::c_void)
    };
    if sig == 0 {
        return Ok(());
    }
    // SAFETY: the name is a C string.
    Err(unsafe { rt::elle_raise_crash(name.as_ptr(), sig) })
}

/// The Elle value of `f`'s result, `bits` as `elle_c_result` takes them.
fn result_value(f: &CFunction, bits: u64, name: &std::ffi::CStr) -> Val {
    let c = f.ret.result_conv(DataModel::HOST);
    // SAFETY: converts plain bits; the name is a C string.
    unsafe {
        match f.ret_layout {
            Some(id) => rt::elle_c_result_typed(bits, id as i32),
            None => rt::elle_c_result(bits, c.kind, c.bytes, name.as_ptr()),
        }
    }
}

/// Raise an Elle error with `message`; returns EXC.
fn raise(message: String) -> Val {
    // SAFETY: plain constructors; the error becomes the pending one.
    unsafe { rt::elle_raise_value(rt::elle_make_error(rt::make_string(&message), rt::NIL)) }
}

/// Arguments of a call up to this count need no allocation.
const MAX_ARGS: usize = 16;

impl Ffi {
    /// Take in the libraries and functions imported since the last call.
    pub fn sync(&mut self, c: &CImports) {
        for l in &c.libraries[self.libs.len()..] {
            self.libs.push((l.dl_name().to_string(), None));
        }
        for f in &c.functions[self.funcs.len()..] {
            self.funcs.push(Func {
                f: f.clone(),
                c_name: CString::new(f.c_name.as_str()).expect("C names have no NUL"),
                ready: None,
            });
        }
        for s in &c.callbacks[self.signatures.len()..] {
            self.signatures.push((s.clone(), None));
        }
        for l in &c.layouts[self.layouts..] {
            register_layout(l);
        }
        self.layouts = c.layouts.len();
    }

    /// A callback of signature `sig` calling `proc` (a procedure); EXC
    /// with an error pending if it cannot be made.
    pub fn make_callback(&mut self, sig: u32, proc: Val, span: crate::source::Span) -> Val {
        let (s, ready) = &mut self.signatures[sig as usize];
        if ready.is_none() {
            match callback::Signature::new(s) {
                Ok(r) => *ready = Some(std::rc::Rc::new(r)),
                Err(e) => return raise(format!("make-c-callback: {e}")),
            }
        }
        let sig = ready.clone().expect("prepared above");
        callback::make(sig, proc, span).unwrap_or_else(raise)
    }

    fn prepare(&mut self, id: usize) -> Result<(), String> {
        let lib = self.funcs[id].f.library as usize;
        let code = if self.funcs[id].f.by_pointer() {
            // each call gives its own
            std::ptr::null_mut()
        } else {
            self.code(id, lib)?
        };
        let func = &self.funcs[id];
        let how = match direct::Plan::new(&func.f) {
            Some(plan) => How::Direct(plan),
            None => How::Ffi(Prepared::new(&func.f.params, &func.f.ret, None)?),
        };
        let vectors = func
            .f
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.vector_elements(DataModel::HOST).map(|(c, w)| (i, c, w)))
            .collect();
        let pointees = func
            .f
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                crate::ctype::Record::pointee_of(t)
                    .map(|n| (i, CString::new(n).unwrap_or_default()))
            })
            .collect();
        let records = func.f.params.iter().map(record_name).collect();
        let ret_record = record_name(&func.f.ret);
        self.funcs[id].ready =
            Some(Ready { code: CodePtr(code), how, vectors, pointees, records, ret_record });
        Ok(())
    }

    /// The code of C function `id` of library `lib`: its symbol, loaded
    /// with the library the first time, or its shim's.
    fn code(&mut self, id: usize, lib: usize) -> Result<*mut std::ffi::c_void, String> {
        if self.libs[lib].1.is_none() {
            let name = self.libs[lib].0.clone();
            // global, as linking makes it: a shim (or another library) finds
            // its symbols there
            use libloading::os::unix::{Library as UnixLibrary, RTLD_GLOBAL, RTLD_LAZY};
            // SAFETY: loading a C library runs its initialisers, as linking it would.
            let l = unsafe { UnixLibrary::open(Some(&name), RTLD_LAZY | RTLD_GLOBAL) }
                .map_err(|e| format!("cannot load the library {name}: {e}"))?;
            self.libs[lib].1 = Some(l.into());
        }
        if self.funcs[id].f.shim().is_some() {
            return self.shim_code(id);
        }
        let func = &self.funcs[id];
        let l = self.libs[lib].1.as_ref().expect("loaded above");
        // SAFETY: the symbol is used only as a code address.
        let sym: libloading::Symbol<*mut std::ffi::c_void> = unsafe {
            l.get(func.c_name.as_bytes_with_nul())
        }
        .map_err(|_| format!("{}: no such symbol in {}", func.f.c_name, self.libs[lib].0))?;
        Ok(*sym)
    }

    /// A variadic call: the extra arguments' C types come from their values
    /// (`elle_c_vararg`), so the CIF is prepared for this call.
    fn call_variadic(&mut self, id: usize, args: &[Val]) -> Val {
        let func = &self.funcs[id];
        let nfixed = func.f.params.len();
        let mut cells = vec![0u64; args.len()];
        let mut types = func.f.params.clone();
        for (i, &v) in args.iter().enumerate() {
            let mut bits = 0u64;
            if i < nfixed {
                let t = &func.f.params[i];
                let c = t.param_conv(DataModel::HOST);
                // SAFETY: C strings; bits is written on success.
                if unsafe {
                    rt::elle_c_arg(
                        v,
                        c.kind,
                        c.bytes,
                        func.c_name.as_ptr(),
                        i as i32 + 1,
                        &mut bits,
                    )
                } == 0
                {
                    return rt::EXC;
                }
                cells[i] = if *t == CType::Float {
                    (f64::from_bits(bits) as f32).to_bits() as u64
                } else {
                    bits
                };
                continue;
            }
            // SAFETY: as above.
            match unsafe { rt::elle_c_vararg(v, func.c_name.as_ptr(), i as i32 + 1, &mut bits) } {
                0 => types.push(CType::Int { bytes: 8, signed: true }),
                1 => types.push(CType::Double),
                _ => return rt::EXC,
            }
            cells[i] = bits;
        }
        let cif = match Prepared::new(&types, &func.f.ret, Some(nfixed)) {
            Ok(c) => c,
            Err(e) => return raise(format!("{}: {e}", func.f.c_name)),
        };
        let mut ptrs: Vec<*mut std::ffi::c_void> =
            cells.iter_mut().map(|c| c as *mut u64 as *mut std::ffi::c_void).collect();
        let ready = func.ready.as_ref().expect("prepared by call");
        let mut ret = [0u64; 3];
        // SAFETY: the CIF describes exactly these cells.
        let called = guarded(&func.c_name, || unsafe {
            libffi::raw::ffi_call(
                cif.as_raw(),
                Some(*ready.code.as_safe_fun()),
                ret.as_mut_ptr() as *mut std::ffi::c_void,
                ptrs.as_mut_ptr(),
            );
            rt::elle_save_errno();
        });
        if let Err(e) = called {
            return e;
        }
        let bits = if func.f.ret == CType::Float {
            (f32::from_bits(ret[0] as u32) as f64).to_bits()
        } else {
            ret[0]
        };
        result_value(&func.f, bits, &func.c_name)
    }

    /// A call where vectors stand for pointers to scalars: each is copied
    /// into a C array for the call, and back afterwards where C may have
    /// written it.
    fn call_with_vectors(&mut self, id: usize, args: &[Val]) -> Val {
        let ready = self.funcs[id].ready.as_ref().expect("prepared");
        let vectors = ready.vectors.clone();
        let name = self.funcs[id].c_name.clone();
        let mut passed = args.to_vec();
        let mut arrays = Vec::new();
        let mut failed = false;
        for &(i, c, write) in &vectors {
            let mut array = std::ptr::null_mut();
            // SAFETY: C strings; `array` is written.
            let v = unsafe {
                rt::elle_c_vector_in(
                    args[i],
                    c.kind,
                    c.bytes,
                    name.as_ptr(),
                    i as i32 + 1,
                    &mut array,
                )
            };
            if v == rt::EXC {
                failed = true;
                break;
            }
            passed[i] = v;
            arrays.push((i, array, c, write));
        }
        // the original vectors stay rooted in `args` (the value stack)
        let r = if failed { rt::EXC } else { self.call(id as u32, &passed) };
        let mut back = rt::NIL;
        for (i, array, c, write) in arrays {
            // SAFETY: each array came from elle_c_vector_in for this vector.
            let b = unsafe {
                rt::elle_c_vector_out(
                    args[i],
                    array,
                    c.kind,
                    c.bytes,
                    (write && r != rt::EXC) as i32,
                )
            };
            if b == rt::EXC {
                back = b;
            }
        }
        if r == rt::EXC || back == rt::EXC {
            return rt::EXC;
        }
        r
    }

    /// A `static inline` function's address, from a shim compiled for it.
    fn shim_code(&mut self, id: usize) -> Result<*mut std::ffi::c_void, String> {
        let f = &self.funcs[id].f;
        let dir =
            std::env::temp_dir().join(format!("elle-shims-{}", std::process::id())).join(&f.c_name);
        let so = shim::compile(crate::target::host(), &[f], &dir, true)?
            .expect("the function has a shim");
        // bound now: a symbol it needs that no loaded library has is an
        // error here, not the end of the process at the first call
        use libloading::os::unix::{Library as UnixLibrary, RTLD_LOCAL, RTLD_NOW};
        // SAFETY: loading the shim runs no code of its own.
        let lib: libloading::Library =
            unsafe { UnixLibrary::open(Some(&so), RTLD_NOW | RTLD_LOCAL) }
                .map_err(|e| format!("cannot load the shim of {}: {e}", f.c_name))?
                .into();
        let _ = std::fs::remove_dir_all(&dir);
        let sym = format!("{}\0", shim::symbol(&f.c_name));
        // SAFETY: the symbol is the shim's pointer variable; its value is the function's address.
        let code = unsafe {
            **lib.get::<*mut *mut std::ffi::c_void>(sym.as_bytes()).map_err(|e| e.to_string())?
        };
        self.shims.push(lib);
        Ok(code)
    }

    /// The value of C variable `id` (`Reach::Variable`), at the address its
    /// symbol gave when prepared: now, not as it was.
    fn read_variable(&self, id: usize, array: bool) -> Val {
        let func = &self.funcs[id];
        let ready = func.ready.as_ref().expect("prepared");
        let at = ready.code.0;
        if array {
            return result_value(&func.f, at as u64, &func.c_name);
        }
        // SAFETY: the symbol's address holds a value of the variable's type.
        unsafe {
            if let (CType::Record(r), Some(ty)) = (&func.f.ret, &ready.ret_record) {
                return rt::elle_make_cstruct(
                    ty.as_ptr(),
                    r.size as i64,
                    at as *const std::ffi::c_void,
                );
            }
            let c = func.f.ret.result_conv(DataModel::HOST);
            result_value(
                &func.f,
                rt::elle_c_load(at as *const std::ffi::c_void, c.kind, c.bytes),
                &func.c_name,
            )
        }
    }

    /// Call C function `id` on `args`; ELLE_EXC with an error pending if a
    /// value does not convert or the function cannot be found.
    pub fn call(&mut self, id: u32, args: &[Val]) -> Val {
        let id = id as usize;
        if id >= self.funcs.len() {
            // imported by the unit being analysed, which has not run yet
            return raise("C functions cannot be called while macros expand".into());
        }
        if self.funcs[id].ready.is_none() {
            if let Err(e) = self.prepare(id) {
                return raise(e);
            }
        }
        if let Reach::Variable { array } = self.funcs[id].f.reach {
            return self.read_variable(id, array);
        }
        let args = if self.funcs[id].f.by_pointer() {
            // the function is the pointer the first argument gives
            // SAFETY: a value in, a code address (or null, an error raised) out.
            let p = unsafe { rt::elle_c_function_pointer(args[0]) };
            if p.is_null() {
                return rt::EXC;
            }
            self.funcs[id].ready.as_mut().expect("prepared above").code = CodePtr(p);
            &args[1..]
        } else {
            args
        };
        if self.funcs[id].f.variadic {
            return self.call_variadic(id, args);
        }
        let func = &self.funcs[id];
        let ready = func.ready.as_ref().expect("prepared above");
        for (i, name) in &ready.pointees {
            // SAFETY: C strings.
            if unsafe {
                rt::elle_c_check_pointee(
                    args[*i],
                    name.as_ptr(),
                    func.c_name.as_ptr(),
                    *i as i32 + 1,
                )
            } == 0
            {
                return rt::EXC;
            }
        }
        if !ready.vectors.is_empty()
            && ready.vectors.iter().any(|(i, ..)| rt::is(args[*i], rt::Kind::Vector))
        {
            return self.call_with_vectors(id, args);
        }
        let cif = match &ready.how {
            // SAFETY: the plan was made from the function's own prototype.
            How::Direct(plan) => return unsafe { plan.call(ready.code.0, args, &func.c_name) },
            How::Ffi(cif) => cif,
        };
        // each argument in a 64-bit cell: on this little-endian target a
        // narrower C type reads its value from the cell's first bytes
        let mut cells = [0u64; MAX_ARGS];
        let mut ptrs = [std::ptr::null_mut::<std::ffi::c_void>(); MAX_ARGS];
        let mut heap_cells;
        let mut heap_ptrs;
        let (cells, ptrs) = if args.len() <= MAX_ARGS {
            (&mut cells[..args.len()], &mut ptrs[..args.len()])
        } else {
            heap_cells = vec![0u64; args.len()];
            heap_ptrs = vec![std::ptr::null_mut(); args.len()];
            (&mut heap_cells[..], &mut heap_ptrs[..])
        };
        for (i, (&v, t)) in args.iter().zip(&func.f.params).enumerate() {
            if let Some(ty) = &ready.records[i] {
                // a struct passes as a pointer to its bytes
                let mut p = std::ptr::null_mut();
                // SAFETY: C strings; p is written on success.
                if unsafe {
                    rt::elle_c_arg_struct(
                        v,
                        ty.as_ptr(),
                        func.c_name.as_ptr(),
                        i as i32 + 1,
                        &mut p,
                    )
                } == 0
                {
                    return rt::EXC;
                }
                cells[i] = p as u64;
                continue;
            }
            let c = t.param_conv(DataModel::HOST);
            let mut bits = 0u64;
            // SAFETY: the name is a NUL-terminated C string; bits is written on success.
            if unsafe {
                rt::elle_c_arg(v, c.kind, c.bytes, func.c_name.as_ptr(), i as i32 + 1, &mut bits)
            } == 0
            {
                return rt::EXC;
            }
            cells[i] = match t {
                CType::Float => (f64::from_bits(bits) as f32).to_bits() as u64,
                _ => bits,
            };
        }
        for ((p, c), t) in ptrs.iter_mut().zip(cells.iter_mut()).zip(&func.f.params) {
            *p = match t {
                CType::Record(_) => *c as *mut std::ffi::c_void,
                _ => c as *mut u64 as *mut std::ffi::c_void,
            };
        }
        // the result cell: libffi widens integer results to a full register;
        // a struct result gets room for whole eightbytes
        let mut ret = 0u64;
        let mut record = match &func.f.ret {
            CType::Record(_) => vec![0u64; cif::result_words(&func.f.ret)],
            _ => Vec::new(),
        };
        let rvalue = if record.is_empty() { &mut ret as *mut u64 } else { record.as_mut_ptr() };
        // SAFETY: the CIF was made from the function's own prototype, and
        // each cell holds its argument in the width the CIF says.
        let called = guarded(&func.c_name, || unsafe {
            libffi::raw::ffi_call(
                cif.as_raw(),
                Some(*ready.code.as_safe_fun()),
                rvalue as *mut std::ffi::c_void,
                ptrs.as_mut_ptr(),
            );
            rt::elle_save_errno();
        });
        if let Err(e) = called {
            return e;
        }
        if let (CType::Record(r), Some(ty)) = (&func.f.ret, &ready.ret_record) {
            // SAFETY: record holds the struct's bytes, at least r.size of them.
            return unsafe {
                rt::elle_make_cstruct(
                    ty.as_ptr(),
                    r.size as i64,
                    record.as_ptr() as *const std::ffi::c_void,
                )
            };
        }
        let bits = match func.f.ret {
            CType::Float => (f32::from_bits(ret as u32) as f64).to_bits(),
            _ => ret,
        };
        result_value(&func.f, bits, &func.c_name)
    }
}
