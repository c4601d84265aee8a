//! Quoted data in compiled code. An immediate value (fixnum, character,
//! boolean, nil) is an LLVM constant; a heap value gets a slot in the
//! program's constant table, built once at start-up by `elle.init` from a
//! recipe recorded here. Shared structure stays shared (`eq?` holds
//! between two uses of one quoted object).

use elle_runtime::{self as rt, Kind, Val};
use std::collections::HashMap;

/// Where a constant's value comes from at run time.
#[derive(Clone, Copy, Debug)]
pub enum CVal {
    Imm(u64),
    Slot(u32),
}

/// How to build one heap constant; parts are built first.
pub enum Recipe {
    Symbol(Vec<u8>),
    Uninterned(Vec<u8>),
    Keyword(Vec<u8>),
    Str(Vec<u8>),
    Float(f64),
    Int(i64),
    Pair(CVal, CVal),
    Vector(Vec<CVal>),
    Builtin(String),
}

#[derive(Default)]
pub struct Consts {
    slots: HashMap<Val, u32>,
    /// In build order: a recipe only refers to slots before its own.
    pub recipes: Vec<Recipe>,
}

impl Consts {
    /// The constant for `v`, recording how to build it if it is new.
    pub fn get(&mut self, v: Val) -> Result<CVal, String> {
        if !rt::is_ptr(v) {
            return Ok(CVal::Imm(v));
        }
        if let Some(&s) = self.slots.get(&v) {
            return Ok(CVal::Slot(s));
        }
        // SAFETY (whole block): v is a live heap value of the kind tested.
        let recipe = unsafe {
            match rt::kind(v) {
                Some(Kind::Symbol) if rt::elle_symbol_interned(v) != 0 => Recipe::Symbol(rt::symbol_name(v).into_bytes()),
                Some(Kind::Symbol) => Recipe::Uninterned(rt::symbol_name(v).into_bytes()),
                Some(Kind::Keyword) => Recipe::Keyword(rt::symbol_name(v).into_bytes()),
                Some(Kind::String) => Recipe::Str(rt::str_bytes(v).to_vec()),
                Some(Kind::Float) => Recipe::Float(rt::elle_float_value(v)),
                Some(Kind::Int64) => Recipe::Int(rt::elle_integer_value(v)),
                Some(Kind::Pair) => {
                    let p = rt::obj::<rt::Pair>(v);
                    let car = self.get((*p).car)?;
                    let cdr = self.get((*p).cdr)?;
                    Recipe::Pair(car, cdr)
                }
                Some(Kind::Vector) => {
                    let items = rt::vector_items(v).iter().map(|&x| self.get(x)).collect::<Result<Vec<_>, _>>()?;
                    Recipe::Vector(items)
                }
                Some(Kind::Primitive) => {
                    let p = rt::obj::<rt::Primitive>(v);
                    Recipe::Builtin(std::ffi::CStr::from_ptr((*p).name).to_string_lossy().into_owned())
                }
                _ => return Err(format!("cannot compile the constant {}", rt::to_text(v, true))),
            }
        };
        let slot = self.recipes.len() as u32;
        self.recipes.push(recipe);
        self.slots.insert(v, slot);
        Ok(CVal::Slot(slot))
    }

    pub fn len(&self) -> usize {
        self.recipes.len()
    }
}
