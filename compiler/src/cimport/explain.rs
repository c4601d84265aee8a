//! `--explain-imports`: for each loaded header, what it imported, what the
//! program used of it, and everything it did not import, with why — so
//! that nothing is dropped silently.

use super::names::lisp_name;
use super::package::include_name;
use super::{CImports, Imported, Resolved};
use std::collections::HashSet;
use std::fmt::Write;

/// At most this many names are listed in one line; the rest are counted.
const SHOWN: usize = 8;

fn some_names(names: &[&str]) -> String {
    let mut out = names.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        let _ = write!(out, ", and {} more", names.len() - SHOWN);
    }
    out
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

impl CImports {
    /// The report; `elle_defines` holds the names Elle gives a meaning
    /// (built-ins, the prelude, the program's own globals and macros).
    pub fn explain(&self, elle_defines: &HashSet<String>) -> String {
        let mut out = String::new();
        for (i, lib) in self.libraries.iter().enumerate() {
            let headers: Vec<&Imported> =
                self.headers.iter().filter(|h| h.library == i as u32).collect();
            let _ = writeln!(out, "library {} (loaded as {})", lib.spec, lib.dl_name());
            for h in headers {
                self.explain_header(h, elle_defines, &mut out);
            }
            let by_signature: Vec<String> = self
                .functions
                .iter()
                .filter(|f| {
                    f.library == i as u32
                        && !self.headers.iter().any(|h| h.snap.functions.contains(&f.c_name))
                })
                .map(|f| f.prototype.clone())
                .collect();
            if !by_signature.is_empty() {
                let _ = writeln!(
                    out,
                    "  declared by signature (ffi-call): {}",
                    by_signature.join("; ")
                );
            }
        }
        if out.is_empty() {
            out.push_str("no C library or header is loaded\n");
        }
        out
    }

    fn explain_header(&self, h: &Imported, elle_defines: &HashSet<String>, out: &mut String) {
        let s = &h.snap;
        let _ = writeln!(
            out,
            "  header {}{}",
            h.header,
            if h.everything { " (all declarations)" } else { "" }
        );
        let enumerators =
            s.consts.keys().filter(|k| !k.contains('(') && !s.macros.contains(*k)).count();
        let _ = writeln!(
            out,
            "    imported: {}, {}, {}, {}, {}",
            plural(s.functions.len(), "function"),
            plural(enumerators, "enumerator"),
            plural(s.macros.len(), "macro"),
            plural(s.function_macros.len(), "function-like macro"),
            plural(s.variables.len(), "variable")
        );
        // what this program resolved here, in name order
        let mut used: Vec<String> = self
            .resolved
            .iter()
            .filter(|(name, _)| self.home(name).is_some_and(|home| std::ptr::eq(home, h)))
            .map(|(name, r)| match r {
                Resolved::Function(id) if self.functions[*id as usize].c_name != *name => {
                    format!("{name} ({})", self.functions[*id as usize].c_name)
                }
                _ => name.clone(),
            })
            .collect();
        used.sort();
        if !used.is_empty() {
            let _ = writeln!(out, "    used by the program: {}", used.join(", "));
        }
        if !s.outside.is_empty() {
            let total: usize = s.outside.iter().map(|(_, n)| n.split('\t').count()).sum();
            let _ = writeln!(out, "    not imported, outside the header's package ({}; :all-declarations #t imports them):", plural(total, "declaration"));
            for (file, names) in &s.outside {
                let _ = writeln!(
                    out,
                    "      {}: {}",
                    include_name(h.target, file),
                    some_names(&names.split('\t').collect::<Vec<_>>())
                );
            }
        }
        let mut hidden = Vec::new();
        let mut c_names: Vec<&String> = s.functions.iter().collect();
        c_names.sort();
        // the implementation's own names (`__cos`) are not worth a line
        for c in c_names.into_iter().filter(|c| !c.starts_with("__")) {
            let lisp = lisp_name(c);
            let owner = s.lisp.get(&lisp);
            let c_ok = !elle_defines.contains(c);
            let lisp_ok = lisp != *c && owner == Some(c) && !elle_defines.contains(&lisp);
            let line = match (c_ok, lisp_ok) {
                (true, true) => continue,
                (true, false) if lisp == *c => continue,
                (true, false) => match owner {
                    Some(o) if o != c => format!("{c}: its Lisp name {lisp} is {o}'s; call it {c}"),
                    _ => format!("{c}: Elle defines {lisp}; call it {c}"),
                },
                (false, true) => format!("{c}: Elle defines {c}; call it {lisp}"),
                (false, false) => format!("{c}: Elle defines {c}; call it by signature (ffi-call)"),
            };
            hidden.push(line);
        }
        let mut constants: Vec<&String> = s
            .macros
            .iter()
            .chain(s.consts.keys().filter(|k| !k.contains('(')))
            .filter(|k| elle_defines.contains(*k))
            .collect();
        constants.sort();
        constants.dedup();
        hidden.extend(
            constants
                .into_iter()
                .map(|k| format!("{k}: Elle defines {k}; the C constant cannot be used")),
        );
        if !hidden.is_empty() {
            let _ = writeln!(out, "    names Elle gives another meaning (Elle's wins):");
            for line in hidden {
                let _ = writeln!(out, "      {line}");
            }
        }
    }

    /// The header a resolved name came from: the first that declares it.
    fn home(&self, name: &str) -> Option<&Imported> {
        self.headers.iter().find(|h| {
            let s = &h.snap;
            s.functions.contains(name)
                || s.lisp.contains_key(name)
                || s.consts.contains_key(name)
                || s.macros.contains(name)
                || s.function_macros.contains(name)
        })
    }
}
