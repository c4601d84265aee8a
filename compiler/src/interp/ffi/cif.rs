//! libffi call interfaces from the C type model. Aggregates are described
//! to libffi by the pieces the host target's C ABI gives them
//! (`target::CAbi::record`: System V's eightbytes), so both executors
//! pass a struct the same way — including a small struct System V puts in
//! memory (a packed one with unaligned fields), which libffi's own
//! classification would put in registers: it is described as a type that
//! libffi passes in memory (`in_memory`), and returned through the hidden
//! pointer by being described as larger than 16 bytes.

use crate::ctype::CType;
use crate::target::{self, Pass, Piece};
use libffi::low::{self, ffi_cif, ffi_type};
use libffi::middle::Type;

/// A prepared CIF and the type descriptions it points into.
pub struct Prepared {
    cif: Box<ffi_cif>,
    _types: Vec<Type>,
    // boxed: `cif` and `_argv` point at each, so none may move
    #[allow(clippy::vec_box)]
    _memory: Vec<Box<ffi_type>>,
    _argv: Vec<*mut ffi_type>,
}

/// Bytes a result buffer needs for `t`: whole eightbytes, and room for
/// what libffi writes (at least 24, the size memory results are given).
pub fn result_words(t: &CType) -> usize {
    match t {
        CType::Record(r) => (r.size as usize).div_ceil(8).max(3),
        _ => 1,
    }
}

fn scalar(t: &CType) -> Type {
    match t {
        CType::Void => Type::void(),
        CType::Bool => Type::u8(),
        CType::Int { bytes: 1, signed: true } => Type::i8(),
        CType::Int { bytes: 1, signed: false } => Type::u8(),
        CType::Int { bytes: 2, signed: true } => Type::i16(),
        CType::Int { bytes: 2, signed: false } => Type::u16(),
        CType::Int { bytes: 4, signed: true } => Type::i32(),
        CType::Int { bytes: 4, signed: false } => Type::u32(),
        CType::Int { signed: true, .. } => Type::i64(),
        CType::Int { signed: false, .. } => Type::u64(),
        CType::Float => Type::f32(),
        CType::Double => Type::f64(),
        CType::Pointer { .. } => Type::pointer(),
        CType::Record(_)
        | CType::Unsupported(_)
        | CType::Array(..)
        | CType::Text(_)
        | CType::Function(_) => unreachable!("not a scalar"),
    }
}

/// A type libffi passes in memory, `size` bytes of it on the stack: its
/// x87 class is MEMORY for an argument, whatever its size.
fn in_memory(size: u64) -> Box<ffi_type> {
    Box::new(ffi_type {
        size: size.div_ceil(8) as usize * 8,
        alignment: 8,
        type_: libffi::raw::FFI_TYPE_LONGDOUBLE as u16,
        elements: std::ptr::null_mut(),
    })
}

impl Prepared {
    /// The CIF of a call with these parameter and result types; `fixed`:
    /// the count of fixed parameters of a variadic call.
    pub fn new(params: &[CType], ret: &CType, fixed: Option<usize>) -> Result<Prepared, String> {
        let mut types = Vec::new();
        let mut memory = Vec::new();
        let mut describe = |t: &CType, result: bool| -> *mut ffi_type {
            let ty = match t {
                CType::Record(r) => match target::host().abi.record(r) {
                    Pass::Pieces(pieces) => Type::structure(pieces.iter().map(|p| match p {
                        Piece::Double => Type::f64(),
                        Piece::Float => Type::f32(),
                        Piece::Int(1) => Type::u8(),
                        Piece::Int(2) => Type::u16(),
                        Piece::Int(4) => Type::u32(),
                        Piece::Int(_) => Type::u64(),
                    })),
                    Pass::Memory { .. } if r.size > 16 => {
                        Type::structure((0..r.size as usize).map(|_| Type::u8()))
                    }
                    Pass::Memory { .. } if result => Type::structure((0..3).map(|_| Type::u64())),
                    Pass::Direct => unreachable!("a record is not a scalar"),
                    Pass::Memory { .. } => {
                        memory.push(in_memory(r.size));
                        return &mut **memory.last_mut().expect("pushed") as *mut ffi_type;
                    }
                },
                t => scalar(t),
            };
            types.push(ty);
            types.last().expect("pushed").as_raw_ptr()
        };
        let mut argv: Vec<*mut ffi_type> = params.iter().map(|t| describe(t, false)).collect();
        let rtype = describe(ret, true);
        let mut cif: Box<ffi_cif> = Box::default();
        // SAFETY: every type outlives the CIF (they move into `Prepared` with it).
        let status = unsafe {
            match fixed {
                None => low::prep_cif(
                    &mut *cif,
                    low::ffi_abi_FFI_DEFAULT_ABI,
                    argv.len(),
                    rtype,
                    argv.as_mut_ptr(),
                ),
                Some(n) => low::prep_cif_var(
                    &mut *cif,
                    low::ffi_abi_FFI_DEFAULT_ABI,
                    n,
                    argv.len(),
                    rtype,
                    argv.as_mut_ptr(),
                ),
            }
        };
        status.map_err(|e| format!("libffi cannot prepare this call: {e:?}"))?;
        Ok(Prepared { cif, _types: types, _memory: memory, _argv: argv })
    }

    pub fn as_raw(&self) -> *mut ffi_cif {
        &*self.cif as *const ffi_cif as *mut ffi_cif
    }
}
