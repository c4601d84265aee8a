//! Diagnostics: a message at a span, rendered as
//! `file:line:col: error: message` followed by the source line and a caret.

use crate::source::{SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::term::{self, termcolor::NoColor, Config, DisplayStyle};

#[derive(Debug, Clone)]
pub struct Diag {
    pub message: String,
    pub span: Option<Span>,
    pub notes: Vec<String>,
    /// The input ended inside a form: the REPL reads another line instead.
    pub incomplete: bool,
}

impl Diag {
    pub fn new(message: impl Into<String>, span: Span) -> Diag {
        Diag { message: message.into(), span: Some(span), notes: vec![], incomplete: false }
    }
    pub fn nowhere(message: impl Into<String>) -> Diag {
        Diag { message: message.into(), span: None, notes: vec![], incomplete: false }
    }
    pub fn note(mut self, note: impl Into<String>) -> Diag {
        self.notes.push(note.into());
        self
    }

    pub fn render(&self, sources: &SourceMap) -> String {
        let Some(span) = self.span else {
            let mut s = format!("error: {}\n", self.message);
            for n in &self.notes {
                s.push_str(&format!("  = note: {n}\n"));
            }
            return s;
        };
        let diagnostic = Diagnostic::error()
            .with_message(&self.message)
            .with_labels(vec![Label::primary(
                span.file as usize,
                span.start as usize..span.end.max(span.start + 1) as usize,
            )])
            .with_notes(self.notes.clone());
        let emit = |style| {
            let cfg = Config { display_style: style, ..Config::default() };
            let mut out = NoColor::new(Vec::new());
            match term::emit_to_write_style(&mut out, &cfg, sources, &diagnostic) {
                Ok(()) => String::from_utf8_lossy(&out.into_inner()).into_owned(),
                Err(_) => String::new(),
            }
        };
        // The one-line header in the form editors and tools parse, then the
        // snippet with its caret (the rich form without its own header line).
        let header = emit(DisplayStyle::Short);
        let rich = emit(DisplayStyle::Rich);
        let body = rich.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
        let header = if header.trim().is_empty() {
            format!("{}: error: {}\n", sources.describe(span), self.message)
        } else {
            header
        };
        format!("{header}{body}")
    }
}
