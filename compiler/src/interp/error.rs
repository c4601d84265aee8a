//! Errors as the interpreter carries them: the error value, where it was
//! raised, and the Elle procedures that were running.

use super::Interp;
use crate::analysis::ir::{Lambda, LambdaId};
use crate::source::{SourceMap, Span};
use elle_runtime::{self as rt, Val};

#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub lambda: LambdaId,
    /// Where the procedure was called from.
    pub call: Span,
}

#[derive(Debug)]
pub struct Thrown {
    /// The error object; also kept in the runtime's pending-error root
    /// until caught, so the collector keeps it while it unwinds.
    pub error: Val,
    pub span: Span,
    /// Innermost first, at most `BACKTRACE_LEN`.
    pub backtrace: Vec<Frame>,
}

const BACKTRACE_LEN: usize = 8;

impl Interp {
    fn thrown(&self, error: Val, span: Span) -> Box<Thrown> {
        // SAFETY: keeps the error reachable while it propagates.
        unsafe { rt::elle_raise_value(error) };
        if let Some(c) = self.caught.as_ref().filter(|c| c.error == error) {
            return Box::new(Thrown { error, span: c.span, backtrace: c.backtrace.clone() });
        }
        let backtrace = self.frames.iter().rev().take(BACKTRACE_LEN).copied().collect();
        Box::new(Thrown { error, span, backtrace })
    }

    /// A new error with `message`, raised at `span`.
    pub(super) fn fail(&self, message: String, span: Span) -> Box<Thrown> {
        // SAFETY: plain constructors.
        let e = unsafe { rt::elle_make_error(rt::make_string(&message), rt::NIL) };
        self.thrown(e, span)
    }

    /// The error a primitive recorded, raised at `span`.
    pub(crate) fn pending(&self, span: Span) -> Box<Thrown> {
        // SAFETY: a primitive returned EXC, so an error is pending.
        let e = unsafe { rt::elle_pending_error() };
        self.thrown(e, span)
    }
}

impl Thrown {
    pub fn message(&self) -> String {
        rt::error_text(self.error)
    }

    /// The backtrace lines printed under an uncaught error.
    pub fn backtrace_text(&self, lambdas: &[Lambda], sources: &SourceMap) -> String {
        let mut out = String::new();
        for f in &self.backtrace {
            let Some(lam) = lambdas.get(f.lambda as usize) else { continue };
            let Some(name) = lam.name else { continue };
            out.push_str(&format!(
                "  in {} (called at {})\n",
                rt::symbol_name(name),
                sources.describe(f.call)
            ));
        }
        out
    }
}
