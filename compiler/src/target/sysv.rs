//! The System V x86-64 C calling convention (AMD64 ABI §3.2.3): LLVM
//! passes scalars itself, but a front end lowers aggregates to the
//! registers or memory the ABI says, and counts the registers a call uses.

use super::{CAbi, Lowering, Pass, Piece, Variadic};
use crate::ctype::{CType, DataModel, Record};

/// System V x86-64's C data model: long and pointers are 64 bits.
pub const LP64: DataModel = DataModel { pointer: 8, long: 8, size_t: 8 };

/// Registers for arguments: integer (rdi, rsi, rdx, rcx, r8, r9) and
/// vector (xmm0-7).
pub const INT_REGISTERS: u32 = 6;
pub const VECTOR_REGISTERS: u32 = 8;

/// Where one eightbyte of an aggregate travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Integer,
    Sse,
}

pub struct SystemV;

impl CAbi for SystemV {
    fn record(&self, r: &Record) -> Pass {
        if r.size > 16 || r.size == 0 {
            return Pass::Memory { size: r.size };
        }
        let n = r.size.div_ceil(8) as usize;
        let mut classes: Vec<Option<Class>> = vec![None; n];
        if !classify(&CType::Record(std::rc::Rc::new(r.clone())), 0, &mut classes) {
            return Pass::Memory { size: r.size };
        }
        // an eightbyte with nothing in it (padding only) is passed as integer
        Pass::Pieces(
            classes
                .into_iter()
                .map(|c| if c == Some(Class::Sse) { Piece::Double } else { Piece::Int(8) })
                .collect(),
        )
    }

    /// A struct whose eightbytes no longer fit in the registers left goes
    /// in memory whole: passing its eightbytes as separate scalars would
    /// split it between registers and stack.
    fn lower(&self, params: &[CType], ret: &CType) -> Lowering {
        let pass = |t: &CType| match t {
            CType::Void => None,
            CType::Record(r) => Some(self.record(r)),
            _ => Some(Pass::Direct),
        };
        let result = pass(ret);
        let (mut int, mut vector) = (INT_REGISTERS as i32, VECTOR_REGISTERS as i32);
        if let Some(Pass::Memory { .. }) = result {
            int -= 1; // the hidden result pointer
        }
        let params = params
            .iter()
            .map(|t| {
                let p = pass(t).expect("parameters are not void");
                match &p {
                    Pass::Direct if matches!(t, CType::Float | CType::Double) => vector -= 1,
                    Pass::Direct => int -= 1,
                    Pass::Pieces(pieces) => {
                        let need_vector =
                            pieces.iter().filter(|p| **p == Piece::Double).count() as i32;
                        let need_int = pieces.len() as i32 - need_vector;
                        if need_int > int.max(0) || need_vector > vector.max(0) {
                            return Pass::Memory {
                                size: t.size(LP64).expect("records have a size"),
                            };
                        }
                        int -= need_int;
                        vector -= need_vector;
                    }
                    Pass::Memory { .. } => {}
                }
                p
            })
            .collect();
        Lowering {
            result,
            params,
            variadic: Variadic::Registers { int: int.max(0) as u32, vector: vector.max(0) as u32 },
        }
    }
}

/// Merge the classes of the scalars of `t` at byte `offset` into `classes`;
/// false if the type must go in memory (unaligned or unsupported parts).
fn classify(t: &CType, offset: u64, classes: &mut [Option<Class>]) -> bool {
    let scalar = |class: Class, size: u64, classes: &mut [Option<Class>]| {
        if !offset.is_multiple_of(size) {
            return false; // unaligned: memory
        }
        let slot = &mut classes[(offset / 8) as usize];
        // INTEGER wins over SSE within one eightbyte
        *slot = match (*slot, class) {
            (Some(Class::Integer), _) | (_, Class::Integer) => Some(Class::Integer),
            _ => Some(Class::Sse),
        };
        true
    };
    match t {
        CType::Bool => scalar(Class::Integer, 1, classes),
        CType::Int { bytes, .. } => scalar(Class::Integer, *bytes as u64, classes),
        CType::Pointer { .. } => scalar(Class::Integer, 8, classes),
        CType::Float => scalar(Class::Sse, 4, classes),
        CType::Double => scalar(Class::Sse, 8, classes),
        CType::Array(elem, count) => {
            let size = elem.size(LP64).unwrap_or(0);
            (0..*count).all(|i| classify(elem, offset + i * size, classes))
        }
        // char[N] is passed as the bytes it is
        CType::Text(count) => classify(
            &CType::Array(Box::new(CType::Int { bytes: 1, signed: true }), *count),
            offset,
            classes,
        ),
        CType::Record(r) => r.fields.iter().all(|f| match f.bit_width {
            // bitfields live in their storage unit: an integer eightbyte
            Some(_) => {
                let byte = offset + f.offset_bits / 8;
                classes[(byte / 8) as usize] = Some(Class::Integer);
                true
            }
            None => classify(&f.ty, offset + f.offset_bits / 8, classes),
        }),
        CType::Void | CType::Function(_) | CType::Unsupported(_) => false,
    }
}
