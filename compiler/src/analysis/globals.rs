//! The global table as the analysis sees it: names to runtime global
//! indexes, and what is known statically about each (defined? a constant?
//! a procedure of known arity?).

use crate::source::Span;
use elle_runtime::{self as rt, Val};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arity {
    pub min: u32,
    /// None: any number more
    pub max: Option<u32>,
}

impl Arity {
    pub fn accepts(&self, n: u32) -> bool {
        n >= self.min && self.max.is_none_or(|m| n <= m)
    }
    pub fn describe(&self) -> String {
        let plural = |n: u32| if n == 1 { "" } else { "s" };
        match self.max {
            Some(m) if m == self.min => format!("{m} argument{}", plural(m)),
            Some(m) => format!("{} to {m} arguments", self.min),
            None => format!("at least {} argument{}", self.min, plural(self.min)),
        }
    }
}

#[derive(Default)]
pub struct GlobalInfo {
    pub name: Val,
    pub definitions: u32,
    pub assignments: u32,
    /// Defined once as a procedure of this arity and never assigned.
    pub arity: Option<Arity>,
    /// Defined once to this literal and never assigned: `match` compares
    /// against it instead of binding the name.
    pub constant: Option<Val>,
    /// A record type's field names (`define-record-type`), for `match`.
    pub record_fields: Option<Vec<Val>>,
    /// First reference, for "unbound variable" reports.
    pub first_use: Option<Span>,
}

impl GlobalInfo {
    pub fn known_arity(&self) -> Option<Arity> {
        if self.definitions == 1 && self.assignments == 0 {
            self.arity
        } else {
            None
        }
    }
    pub fn known_record(&self) -> Option<&[Val]> {
        if self.definitions == 1 && self.assignments == 0 {
            self.record_fields.as_deref()
        } else {
            None
        }
    }
    pub fn known_constant(&self) -> Option<Val> {
        if self.definitions == 1 && self.assignments == 0 {
            self.constant
        } else {
            None
        }
    }
}

#[derive(Default)]
pub struct Globals {
    index: HashMap<Val, u32>,
    pub info: Vec<GlobalInfo>,
    /// each built-in's second global, which no program can name: what the
    /// prelude's own code calls, so a program that redefines `<` or `car`
    /// does not change `sort` or `map`
    builtin_alias: HashMap<Val, u32>,
}

impl Globals {
    /// The index of global `name`, creating the (unbound) global if new.
    pub fn intern(&mut self, name: Val) -> u32 {
        if let Some(&i) = self.index.get(&name) {
            return i;
        }
        // SAFETY: allocates one slot in the runtime's global table.
        let i = unsafe { rt::elle_global_new() } as u32;
        debug_assert_eq!(i as usize, self.info.len());
        self.info.push(GlobalInfo { name, ..Default::default() });
        self.index.insert(name, i);
        i
    }

    pub fn get(&self, name: Val) -> Option<u32> {
        self.index.get(&name).copied()
    }

    /// Define a global now, as the runtime starts (built-ins), and its
    /// alias for the prelude.
    pub fn define_builtin(&mut self, name: Val, value: Val, arity: Option<Arity>) {
        let i = self.intern(name);
        let info = &mut self.info[i as usize];
        info.definitions += 1;
        info.arity = arity;
        // SAFETY: a new global's index.
        let alias = unsafe { rt::elle_global_new() } as u32;
        self.info.push(GlobalInfo { name, definitions: 1, arity, ..Default::default() });
        self.builtin_alias.insert(name, alias);
        for g in [i, alias] {
            // SAFETY: g is a valid global index.
            unsafe { *rt::elle_global_slot(g as i64) = value };
        }
    }

    /// The global the prelude's code reaches built-in `name` through.
    pub fn builtin_alias(&self, name: Val) -> Option<u32> {
        self.builtin_alias.get(&name).copied()
    }
}
