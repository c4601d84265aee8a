//! Lexical scopes, bindings and closure capture during analysis.
//!
//! A binding belongs to one procedure (its `depth` in the stack of
//! procedures being analysed) and has a frame slot there. A reference from
//! a deeper procedure captures it through every procedure in between, so
//! closures are flat: each holds exactly the values (or boxes) it uses.

use crate::analysis::ir::{Capture, LambdaId, VarLoc};
use elle_runtime::Val;
use std::collections::HashMap;

pub type BindingId = usize;

pub struct Binding {
    pub depth: usize,
    /// the index of its scope among those open when it was declared
    scope: usize,
    pub slot: u32,
    pub captured: bool,
    pub assigned: bool,
    /// An internal `define`: reads check that its value has been set.
    pub checked: bool,
}

impl Binding {
    pub fn boxed(&self) -> bool {
        self.captured && self.assigned
    }
}

pub struct FnCtx {
    pub lambda: LambdaId,
    /// Index of this procedure's outermost scope in `Scopes::scopes`.
    pub scope_base: usize,
    pub next_slot: u32,
    pub captures: Vec<Capture>,
    capture_of: HashMap<BindingId, u32>,
}

#[derive(Default)]
pub struct Scopes {
    pub bindings: Vec<Binding>,
    scopes: Vec<Vec<(Val, BindingId)>>,
    /// each name's bindings in the open scopes, innermost last: a lookup
    /// costs the same however deep the scopes nest
    visible: HashMap<Val, Vec<BindingId>>,
    pub fns: Vec<FnCtx>,
    /// (procedure, slot) and (procedure, free index) to the binding they hold;
    /// slots are never reused within a procedure, so these are unique.
    pub slot_binding: HashMap<(LambdaId, u32), BindingId>,
    pub free_binding: HashMap<(LambdaId, u32), BindingId>,
}

impl Scopes {
    pub fn depth(&self) -> usize {
        self.fns.len() - 1
    }

    pub fn enter_fn(&mut self, lambda: LambdaId) {
        self.fns.push(FnCtx {
            lambda,
            scope_base: self.scopes.len(),
            next_slot: 0,
            captures: vec![],
            capture_of: HashMap::new(),
        });
        self.scopes.push(Vec::new());
    }

    /// Leave a procedure: its frame size and capture list.
    pub fn leave_fn(&mut self) -> (u32, Vec<Capture>) {
        let f = self.fns.pop().expect("leave_fn matches enter_fn");
        while self.scopes.len() > f.scope_base {
            self.pop();
        }
        (f.next_slot, f.captures)
    }

    pub fn push(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub fn pop(&mut self) {
        for (name, _) in self.scopes.pop().unwrap_or_default() {
            if let Some(stack) = self.visible.get_mut(&name) {
                stack.pop();
            }
        }
    }

    /// True when no local scope is open in the current procedure beyond its
    /// parameters: the top level of a top-level form.
    pub fn at_top(&self) -> bool {
        self.fns.len() == 1 && self.scopes.len() == self.fns[0].scope_base + 1
    }

    /// A fresh frame slot in the current procedure, bound to nothing.
    pub fn fresh_slot(&mut self) -> u32 {
        let f = self.fns.last_mut().expect("inside a procedure");
        let s = f.next_slot;
        f.next_slot += 1;
        s
    }

    /// Declare `name` in the innermost scope with a new slot. A `checked`
    /// binding (letrec-like: an internal define, a named let) is given its
    /// value after closures may have captured it, so it counts as assigned.
    pub fn declare(&mut self, name: Val, checked: bool) -> BindingId {
        let slot = self.fresh_slot();
        let depth = self.depth();
        let id = self.bindings.len();
        self.bindings.push(Binding {
            depth,
            scope: self.scopes.len() - 1,
            slot,
            captured: false,
            assigned: checked,
            checked,
        });
        self.scopes.last_mut().expect("a scope is open").push((name, id));
        self.visible.entry(name).or_default().push(id);
        let lambda = self.fns[depth].lambda;
        self.slot_binding.insert((lambda, slot), id);
        id
    }

    /// Is `name` declared in the innermost scope itself?
    pub fn lookup_here(&self, name: Val) -> bool {
        self.lookup(name).is_some_and(|b| self.bindings[b].scope + 1 == self.scopes.len())
    }

    pub fn lookup(&self, name: Val) -> Option<BindingId> {
        self.visible.get(&name).and_then(|stack| stack.last().copied())
    }

    /// Where the current procedure finds binding `b`, capturing it through
    /// every enclosing procedure as needed.
    pub fn locate(&mut self, b: BindingId) -> VarLoc {
        let home = self.bindings[b].depth;
        let here = self.depth();
        if home == here {
            return VarLoc::Local(self.bindings[b].slot);
        }
        self.bindings[b].captured = true;
        for k in home + 1..=here {
            if self.fns[k].capture_of.contains_key(&b) {
                continue;
            }
            let source = if k - 1 == home {
                Capture::Local(self.bindings[b].slot)
            } else {
                Capture::Free(self.fns[k - 1].capture_of[&b])
            };
            let idx = self.fns[k].captures.len() as u32;
            self.fns[k].captures.push(source);
            self.fns[k].capture_of.insert(b, idx);
            let lambda = self.fns[k].lambda;
            self.free_binding.insert((lambda, idx), b);
        }
        VarLoc::Free(self.fns[here].capture_of[&b])
    }
}
