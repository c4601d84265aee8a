//! Direct calls of C functions whose parameters and result are scalars
//! that all travel in registers, without libffi.
//!
//! In the System V x86-64 convention the integer-class arguments (integers,
//! pointers, booleans) take the general registers in order and the
//! floating-point ones the vector registers in order, independently of each
//! other, and a non-variadic callee reads only the registers its own
//! parameters occupy. So one machine-level shape calls them all: six
//! integers and eight doubles, each argument in the register its class and
//! position give it, the rest zero; the result is read from `rax` or `xmm0`.
//! This is what libffi itself would put in the registers, without
//! classifying the arguments again on every call (which is most of
//! `ffi_call`'s cost). Anything else — structs, stack-passed arguments,
//! variadic functions, other targets — goes through libffi.

use crate::ctype::{CFunction, CType, Conv, DataModel};
use crate::target::sysv;
use elle_runtime::{self as rt, Val};
use std::ffi::{c_void, CStr};

pub const INT_REGS: usize = sysv::INT_REGISTERS as usize;
pub const SSE_REGS: usize = sysv::VECTOR_REGISTERS as usize;

#[derive(Clone, Copy)]
pub enum Reg {
    Int(usize),
    Double(usize),
    /// a `float`: its bits in the low half of the vector register
    Float(usize),
}

pub struct Plan {
    params: Vec<(Conv, Reg)>,
    ret: Conv,
    ret_reg: Option<Reg>,
    /// A pointer result to a struct Elle knows: typed.
    ret_layout: Option<u32>,
}

type IntResult = unsafe extern "C" fn(
    u64,
    u64,
    u64,
    u64,
    u64,
    u64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
) -> u64;
type SseResult = unsafe extern "C" fn(
    u64,
    u64,
    u64,
    u64,
    u64,
    u64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
) -> f64;

/// The register class of a scalar C type; `None` for what is not a scalar.
fn class(t: &CType, int: &mut usize, sse: &mut usize) -> Option<Reg> {
    let take = |n: &mut usize| {
        *n += 1;
        *n - 1
    };
    match t {
        CType::Bool | CType::Int { .. } | CType::Pointer { .. } => Some(Reg::Int(take(int))),
        CType::Double => Some(Reg::Double(take(sse))),
        CType::Float => Some(Reg::Float(take(sse))),
        CType::Void
        | CType::Record(_)
        | CType::Array(..)
        | CType::Text(_)
        | CType::Function(_)
        | CType::Unsupported(_) => None,
    }
}

/// The registers a non-variadic function of these parameter and result
/// types takes its arguments in and gives its result in (`None` for void),
/// if all are scalars that fit in registers on this target.
pub fn registers(params: &[CType], ret: &CType) -> Option<(Vec<Reg>, Option<Reg>)> {
    if !cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        return None;
    }
    let (mut int, mut sse) = (0, 0);
    let regs = params.iter().map(|t| class(t, &mut int, &mut sse)).collect::<Option<Vec<_>>>()?;
    if int > INT_REGS || sse > SSE_REGS {
        return None;
    }
    let ret_reg = match ret {
        CType::Void => None,
        t => Some(class(t, &mut 0, &mut 0)?),
    };
    Some((regs, ret_reg))
}

/// Where argument register `r` is among the six general and eight vector
/// registers' values (for `read`: a float is the low half of its register).
pub fn register_address(r: Reg, g: &[u64; INT_REGS], x: &[f64; SSE_REGS]) -> *const c_void {
    match r {
        Reg::Int(i) => &g[i] as *const u64 as *const c_void,
        Reg::Double(i) | Reg::Float(i) => &x[i] as *const f64 as *const c_void,
    }
}

impl Plan {
    /// A plan for `f`, if a direct call can make it on this target.
    pub fn new(f: &CFunction) -> Option<Plan> {
        if f.variadic {
            return None;
        }
        let (regs, ret_reg) = registers(&f.params, &f.ret)?;
        let params =
            f.params.iter().zip(regs).map(|(t, r)| (t.param_conv(DataModel::HOST), r)).collect();
        Some(Plan {
            params,
            ret: f.ret.result_conv(DataModel::HOST),
            ret_reg,
            ret_layout: f.ret_layout,
        })
    }

    /// Call the function at `code` on `args` (as many as it has
    /// parameters); EXC with an error pending if an argument does not
    /// convert.
    ///
    /// # Safety
    /// `code` is the function this plan was made for.
    pub unsafe fn call(&self, code: *mut c_void, args: &[Val], name: &CStr) -> Val {
        let mut g = [0u64; INT_REGS];
        let mut x = [0f64; SSE_REGS];
        for (i, (&v, (conv, reg))) in args.iter().zip(&self.params).enumerate() {
            let mut bits = 0u64;
            if rt::elle_c_arg(v, conv.kind, conv.bytes, name.as_ptr(), i as i32 + 1, &mut bits) == 0
            {
                return rt::EXC;
            }
            match *reg {
                Reg::Int(r) => g[r] = bits,
                Reg::Double(r) => x[r] = f64::from_bits(bits),
                Reg::Float(r) => {
                    x[r] = f64::from_bits((f64::from_bits(bits) as f32).to_bits() as u64)
                }
            }
        }
        let mut r = 0u64;
        let called = super::guarded(name, || match self.ret_reg {
            None | Some(Reg::Int(_)) => {
                // SAFETY (caller's): the callee reads only its own parameters' registers.
                let f: IntResult = std::mem::transmute(code);
                r = f(
                    g[0], g[1], g[2], g[3], g[4], g[5], x[0], x[1], x[2], x[3], x[4], x[5], x[6],
                    x[7],
                );
                rt::elle_save_errno();
            }
            Some(_) => {
                let f: SseResult = std::mem::transmute(code);
                r = f(
                    g[0], g[1], g[2], g[3], g[4], g[5], x[0], x[1], x[2], x[3], x[4], x[5], x[6],
                    x[7],
                )
                .to_bits();
                rt::elle_save_errno();
            }
        });
        if let Err(e) = called {
            return e;
        }
        let bits = match self.ret_reg {
            Some(Reg::Float(_)) => (f32::from_bits(r as u32) as f64).to_bits(),
            _ => r,
        };
        match self.ret_layout {
            Some(id) => rt::elle_c_result_typed(bits, id as i32),
            None => rt::elle_c_result(bits, self.ret.kind, self.ret.bytes, name.as_ptr()),
        }
    }
}
