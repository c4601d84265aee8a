//! Source files and spans. Every datum, form and error carries a `Span`
//! into a file held here, so any stage can point at the text it came from.

use codespan_reporting::files::{Files, SimpleFiles};

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub file: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: u32, start: usize, end: usize) -> Span {
        Span { file, start: start as u32, end: end as u32 }
    }
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start, end: other.end.max(self.start) }
    }
}

#[derive(Default)]
pub struct SourceMap {
    files: SimpleFiles<String, String>,
}

impl SourceMap {
    pub fn add(&mut self, name: &str, text: String) -> u32 {
        self.files.add(name.to_string(), text) as u32
    }
    pub fn text(&self, file: u32) -> &str {
        self.files.get(file as usize).map(|f| f.source().as_str()).unwrap_or("")
    }
    pub fn name(&self, file: u32) -> String {
        self.files.get(file as usize).map(|f| f.name().clone()).unwrap_or_default()
    }
    /// 1-based line and column of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let f = span.file as usize;
        let (Ok(line), Ok(col)) = (
            self.files.line_index(f, span.start as usize),
            self.files.column_number(f, self.files.line_index(f, span.start as usize).unwrap_or(0), span.start as usize),
        ) else {
            return (0, 0);
        };
        (line + 1, col)
    }
    /// `file:line:col`
    pub fn describe(&self, span: Span) -> String {
        let (l, c) = self.line_col(span);
        format!("{}:{}:{}", self.name(span.file), l, c)
    }
    pub fn files(&self) -> &SimpleFiles<String, String> {
        &self.files
    }
}
