//! How C passes aggregates, per target. LLVM does not classify C structs
//! for us: a front end lowers them to the registers or memory the ABI says.
//! `sysv` is the System V x86-64 rule set; wasm32's (C structs by pointer,
//! except single-scalar ones) will sit beside it.

use super::ctype::{CType, Record};

/// Where one eightbyte of an aggregate travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Integer,
    Sse,
}

/// How an aggregate is passed or returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Passing {
    /// In registers, one class per eightbyte (one or two).
    Registers(Vec<Class>),
    /// In memory: on the stack for an argument, through a hidden pointer
    /// for a result.
    Memory,
}

/// System V x86-64 (AMD64 ABI §3.2.3) classification of a record.
pub fn sysv(r: &Record) -> Passing {
    if r.size > 16 || r.size == 0 {
        return Passing::Memory;
    }
    let n = r.size.div_ceil(8) as usize;
    let mut classes: Vec<Option<Class>> = vec![None; n];
    if !classify(&CType::Record(std::rc::Rc::new(r.clone())), 0, &mut classes) {
        return Passing::Memory;
    }
    // an eightbyte with nothing in it (padding only) is passed as integer
    Passing::Registers(classes.into_iter().map(|c| c.unwrap_or(Class::Integer)).collect())
}

/// Merge the classes of the scalars of `t` at byte `offset` into `classes`;
/// false if the type must go in memory (unaligned or unsupported parts).
fn classify(t: &CType, offset: u64, classes: &mut [Option<Class>]) -> bool {
    let scalar = |class: Class, size: u64, classes: &mut [Option<Class>]| {
        if offset % size != 0 {
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
            let size = elem.size().unwrap_or(0);
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
