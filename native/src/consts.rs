//! Quoted data in compiled code. An immediate value (fixnum, character,
//! boolean, nil) is an LLVM constant; a heap value gets a slot in the
//! program's constant table, built once at start-up from a description
//! recorded here and written as bytes (`encode`), which the runtime's
//! `elle_build_constants` reads: the data costs its size, not code per
//! value. Shared structure stays shared (`eq?` holds between two uses of
//! one quoted object).

use elle_runtime::{self as rt, Kind, Val};
use std::collections::{HashMap, HashSet};

/// Where a constant's value comes from at run time.
#[derive(Clone, Copy, Debug)]
pub enum CVal {
    Imm(u64),
    Slot(u32),
}

/// How to build one heap constant; parts are built first.
enum Recipe {
    Symbol(Vec<u8>),
    Uninterned(Vec<u8>),
    Keyword(Vec<u8>),
    Str(Vec<u8>),
    Builtin(Vec<u8>),
    /// A C address (a pointer constant of C's, `(void *)-1`).
    Pointer(u64),
    Float(f64),
    Int(i64),
    /// An integer of 2^63 or more (a `uint64_t`'s).
    UInt(u64),
    Bytes(Vec<u8>),
    Pair(CVal, CVal),
    Vector(Vec<CVal>),
}

#[derive(Default)]
pub struct Consts {
    slots: HashMap<Val, u32>,
    /// In build order: a recipe only refers to slots before its own.
    recipes: Vec<Recipe>,
}

impl Consts {
    /// The constant for `v`, recording how to build it (and its parts) if
    /// it is new. Iterative: a quoted list may be millions long.
    pub fn get(&mut self, v: Val) -> Result<CVal, String> {
        // values whose parts are being recorded; each is recorded after them
        let mut pending = vec![v];
        let mut open = HashSet::new();
        while let Some(&top) = pending.last() {
            if !rt::is_ptr(top) || self.slots.contains_key(&top) {
                pending.pop();
                continue;
            }
            let parts = parts(top);
            let missing: Vec<Val> = parts
                .iter()
                .copied()
                .filter(|&p| rt::is_ptr(p) && !self.slots.contains_key(&p))
                .collect();
            if !missing.is_empty() {
                if !open.insert(top) || missing.iter().any(|p| open.contains(p)) {
                    return Err(format!(
                        "cannot compile the circular constant {}",
                        rt::to_text(v, true)
                    ));
                }
                pending.extend(missing.into_iter().rev());
                continue;
            }
            pending.pop();
            let recipe = self.recipe(top, &parts)?;
            self.slots.insert(top, self.recipes.len() as u32);
            self.recipes.push(recipe);
        }
        Ok(self.cval(v))
    }

    fn cval(&self, v: Val) -> CVal {
        match self.slots.get(&v) {
            Some(&s) => CVal::Slot(s),
            None => CVal::Imm(v),
        }
    }

    /// `v`'s recipe, its parts recorded already.
    fn recipe(&self, v: Val, parts: &[Val]) -> Result<Recipe, String> {
        // SAFETY (whole block): v is a live heap value of the kind tested.
        Ok(unsafe {
            match rt::kind(v) {
                Some(Kind::Symbol) if rt::elle_symbol_interned(v) != 0 => {
                    Recipe::Symbol(rt::symbol_name(v).into_bytes())
                }
                Some(Kind::Symbol) => Recipe::Uninterned(rt::symbol_name(v).into_bytes()),
                Some(Kind::Keyword) => Recipe::Keyword(rt::symbol_name(v).into_bytes()),
                Some(Kind::String) => Recipe::Str(rt::str_bytes(v).to_vec()),
                Some(Kind::Bytevector) => Recipe::Bytes(rt::bytevector_bytes(v).to_vec()),
                Some(Kind::Float) => Recipe::Float(rt::elle_float_value(v)),
                Some(Kind::Int64) => match i64::try_from(rt::elle_integer_wide(v)) {
                    Ok(i) => Recipe::Int(i),
                    Err(_) => Recipe::UInt(rt::elle_integer_wide(v) as u64),
                },
                Some(Kind::Pair) => Recipe::Pair(self.cval(parts[0]), self.cval(parts[1])),
                Some(Kind::Vector) => Recipe::Vector(parts.iter().map(|&p| self.cval(p)).collect()),
                // a plain C address: a pointer into no memory Elle owns
                Some(Kind::Pointer) if (*rt::obj::<rt::PointerObj>(v)).owner == rt::NIL => {
                    Recipe::Pointer(rt::elle_pointer_raw(v) as u64)
                }
                Some(Kind::Primitive) => Recipe::Builtin(
                    std::ffi::CStr::from_ptr((*rt::obj::<rt::Primitive>(v)).name)
                        .to_bytes()
                        .to_vec(),
                ),
                _ => return Err(format!("cannot compile the constant {}", rt::to_text(v, true))),
            }
        })
    }

    pub fn len(&self) -> usize {
        self.recipes.len()
    }

    /// The slots that hold built-in procedures, and their names: the
    /// program stores each before the rest is built (constants.c).
    pub fn builtins(&self) -> impl Iterator<Item = (u32, &[u8])> {
        self.recipes.iter().enumerate().filter_map(|(i, r)| match r {
            Recipe::Builtin(name) => Some((i as u32, name.as_slice())),
            _ => None,
        })
    }

    /// The description `elle_build_constants` reads (constants.c): per
    /// slot an operation byte and its operands; lengths, counts and slots
    /// as LEB128 varints, a part as `2·slot+1` or `0` and the immediate.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for r in &self.recipes {
            let (op, bytes) = match r {
                Recipe::Symbol(b) => (0, Some(b)),
                Recipe::Uninterned(b) => (1, Some(b)),
                Recipe::Keyword(b) => (2, Some(b)),
                Recipe::Str(b) => (3, Some(b)),
                Recipe::Builtin(b) => (4, Some(b)),
                Recipe::Float(_) => (5, None),
                Recipe::Int(_) => (6, None),
                Recipe::Pair(..) => (7, None),
                Recipe::Vector(_) => (8, None),
                Recipe::Pointer(_) => (9, None),
                Recipe::UInt(_) => (10, None),
                Recipe::Bytes(b) => (11, Some(b)),
            };
            out.push(op);
            if let Some(b) = bytes {
                varint(&mut out, b.len() as u64);
                out.extend_from_slice(b);
                out.push(0);
            }
            match r {
                Recipe::Float(d) => out.extend_from_slice(&d.to_bits().to_le_bytes()),
                Recipe::Int(i) => out.extend_from_slice(&i.to_le_bytes()),
                Recipe::Pointer(p) | Recipe::UInt(p) => out.extend_from_slice(&p.to_le_bytes()),
                Recipe::Pair(a, d) => {
                    part(&mut out, *a);
                    part(&mut out, *d);
                }
                Recipe::Vector(items) => {
                    varint(&mut out, items.len() as u64);
                    items.iter().for_each(|&c| part(&mut out, c));
                }
                _ => {}
            }
        }
        out
    }
}

/// The values `v` is built from.
fn parts(v: Val) -> Vec<Val> {
    // SAFETY: v is a live heap value of the kind tested.
    unsafe {
        match rt::kind(v) {
            Some(Kind::Pair) => {
                let p = rt::obj::<rt::Pair>(v);
                vec![(*p).car, (*p).cdr]
            }
            Some(Kind::Vector) => rt::vector_items(v).to_vec(),
            _ => Vec::new(),
        }
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn part(out: &mut Vec<u8>, c: CVal) {
    match c {
        CVal::Slot(s) => varint(out, 2 * s as u64 + 1),
        CVal::Imm(x) => {
            out.push(0);
            varint(out, x);
        }
    }
}
