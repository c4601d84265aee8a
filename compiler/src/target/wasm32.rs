//! The WebAssembly C calling convention, as clang-19 and wasi-libc use it
//! (clang's `WebAssemblyABIInfo`, the default "MVP" kind): scalars pass
//! as themselves; a struct or union that holds one scalar, however nested
//! (one field, or an array of one), and no padding passes as that scalar;
//! any other aggregate goes in memory, an argument as a copy the callee
//! owns (`byval`), a result in a buffer the caller passes (`sret`). A
//! variadic call's extra arguments go in a buffer LLVM lays out itself.

use super::{CAbi, Lowering, Pass, Piece, Variadic};
use crate::ctype::{CType, DataModel, Record};

/// WebAssembly's 32-bit data model: int, long and pointers are 32 bits.
pub const ILP32: DataModel = DataModel { pointer: 4, long: 4, size_t: 4 };

pub struct Wasm;

impl CAbi for Wasm {
    fn record(&self, r: &Record) -> Pass {
        match single_scalar(r) {
            Some(p) => Pass::Pieces(vec![p]),
            None => Pass::Memory { size: r.size },
        }
    }

    fn lower(&self, params: &[CType], ret: &CType) -> Lowering {
        let pass = |t: &CType| match t {
            CType::Void => None,
            CType::Record(r) => Some(self.record(r)),
            _ => Some(Pass::Direct),
        };
        Lowering {
            result: pass(ret),
            params: params.iter().map(|t| pass(t).expect("parameters are not void")).collect(),
            variadic: Variadic::Buffer,
        }
    }
}

/// The one scalar `r` is made of, if it is made of one and nothing else
/// (clang's `isSingleElementStruct`).
fn single_scalar(r: &Record) -> Option<Piece> {
    let [field] = r.fields.as_slice() else { return None };
    let piece = element(&field.ty)?;
    (piece.bytes() as u64 == r.size).then_some(piece)
}

/// The scalar a field stands for: itself, the element of an array of
/// one, or the single scalar of a record.
fn element(t: &CType) -> Option<Piece> {
    match t {
        CType::Bool => Some(Piece::Int(1)),
        CType::Int { bytes, .. } => Some(Piece::Int(*bytes)),
        CType::Pointer { .. } => Some(Piece::Int(ILP32.pointer)),
        CType::Float => Some(Piece::Float),
        CType::Double => Some(Piece::Double),
        CType::Array(t, 1) => element(t),
        CType::Text(1) => Some(Piece::Int(1)),
        CType::Record(r) => single_scalar(r),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctype::Field;

    fn record(fields: &[CType]) -> Record {
        let fields = fields
            .iter()
            .enumerate()
            .map(|(i, t)| Field {
                name: Some(format!("f{i}")),
                offset_bits: 0,
                bit_width: None,
                ty: t.clone(),
            })
            .collect();
        Record::laid_out("r", false, fields, ILP32)
    }

    /// What clang-19 does for wasm32 (checked against its IR for the same
    /// C types in cli/tests/wasm32_abi.rs).
    #[test]
    fn one_scalar_passes_as_itself_anything_else_in_memory() {
        let int = CType::Int { bytes: 4, signed: true };
        let one = record(&[CType::Double]);
        assert_eq!(Wasm.record(&one), Pass::Pieces(vec![Piece::Double]));
        let nested = record(&[CType::Record(std::rc::Rc::new(record(&[CType::Float])))]);
        assert_eq!(Wasm.record(&nested), Pass::Pieces(vec![Piece::Float]));
        let array_of_one = record(&[CType::Array(Box::new(int.clone()), 1)]);
        assert_eq!(Wasm.record(&array_of_one), Pass::Pieces(vec![Piece::Int(4)]));
        let two = record(&[int.clone(), int.clone()]);
        assert_eq!(Wasm.record(&two), Pass::Memory { size: 8 });
        let array_of_two = record(&[CType::Array(Box::new(int), 2)]);
        assert_eq!(Wasm.record(&array_of_two), Pass::Memory { size: 8 });
    }
}
