//! C headers and libraries as the program names them: `load-library` and
//! `load-header-with-lib` register a library (and parse its header); names
//! the program uses and does not define are then looked up in the headers,
//! lazily, one at a time, so nothing is generated that nobody uses.

pub mod clang;
pub mod ctype;
pub mod library;
pub mod names;

use clang::{CConst, Decl, Header};
use ctype::CFunction;
use library::Library;
use std::collections::HashMap;

/// What a name resolves to in the imported headers.
#[derive(Clone, Debug)]
pub enum Resolved {
    /// An index into `CImports::functions`.
    Function(u32),
    Constant(CConst),
}

#[derive(Default)]
pub struct CImports {
    pub libraries: Vec<Library>,
    headers: Vec<(Header, u32)>,
    pub functions: Vec<CFunction>,
    resolved: HashMap<String, Resolved>,
}

impl CImports {
    /// Register `lib`, with `header` parsed if given. Loading the same pair
    /// twice is loading it once.
    pub fn load(&mut self, header: Option<&str>, lib: &str) -> Result<u32, String> {
        let index = match self.libraries.iter().position(|l| l.spec == lib) {
            Some(i) => i as u32,
            None => {
                self.libraries.push(Library::find(lib)?);
                (self.libraries.len() - 1) as u32
            }
        };
        if let Some(h) = header {
            let cflags = self.libraries[index as usize].cflags.clone();
            let parsed = Header::parse(h, &cflags).map_err(|e| format!("cannot import header '{h}': {e}"))?;
            self.headers.push((parsed, index));
        }
        Ok(index)
    }

    /// The C declaration a program means by `name` (its C spelling, or the
    /// Lisp spelling of a function), in the order the headers were loaded.
    pub fn resolve(&mut self, name: &str) -> Option<Result<Resolved, String>> {
        if let Some(r) = self.resolved.get(name) {
            return Some(Ok(r.clone()));
        }
        let found = self.headers.iter().find_map(|(h, lib)| h.lookup(name, *lib))?;
        let r = match found {
            Err(e) => return Some(Err(e)),
            Ok(Decl::Constant(c)) => Resolved::Constant(c),
            Ok(Decl::Function(f)) => match self.functions.iter().position(|g| g.c_name == f.c_name) {
                Some(i) => Resolved::Function(i as u32),
                None => {
                    self.functions.push(f);
                    Resolved::Function((self.functions.len() - 1) as u32)
                }
            },
        };
        self.resolved.insert(name.to_string(), r.clone());
        Some(Ok(r))
    }
}
