//! Source files and spans. Every datum, form and error carries a `Span`
//! into a file held here, so any stage can point at the text it came from.

use codespan_reporting::files::{Error, Files};
use std::ops::Range;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
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

struct SourceFile {
    name: String,
    text: String,
    /// byte offset of each line's start
    line_starts: Vec<usize>,
    /// the line number of the text's first line: piped input arrives form
    /// by form, and each piece keeps its place in the whole stream
    first_line: usize,
}

#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, name: &str, text: String) -> u32 {
        self.add_at(name, text, 1)
    }
    /// A file whose text starts at line `first_line` of `name`.
    pub fn add_at(&mut self, name: &str, text: String, first_line: usize) -> u32 {
        let line_starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        self.files.push(SourceFile { name: name.to_string(), text, line_starts, first_line });
        (self.files.len() - 1) as u32
    }
    pub fn text(&self, file: u32) -> &str {
        self.files.get(file as usize).map(|f| f.text.as_str()).unwrap_or("")
    }
    pub fn name(&self, file: u32) -> String {
        self.files.get(file as usize).map(|f| f.name.clone()).unwrap_or_default()
    }
    /// 1-based line and column (in characters) of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let Some(f) = self.files.get(span.file as usize) else { return (0, 0) };
        let at = (span.start as usize).min(f.text.len());
        let line = f.line_starts.partition_point(|&s| s <= at) - 1;
        let col = f.text[f.line_starts[line]..at].chars().count() + 1;
        (line + f.first_line, col)
    }
    /// `file:line:col`
    pub fn describe(&self, span: Span) -> String {
        let (l, c) = self.line_col(span);
        format!("{}:{}:{}", self.name(span.file), l, c)
    }
    fn file(&self, id: usize) -> Result<&SourceFile, Error> {
        self.files.get(id).ok_or(Error::FileMissing)
    }
}

/// What the diagnostics renderer needs to show a snippet.
impl<'a> Files<'a> for SourceMap {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.name)
    }
    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.text)
    }
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        Ok(self.file(id)?.line_starts.partition_point(|&s| s <= byte_index) - 1)
    }
    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        Ok(line_index + self.file(id)?.first_line)
    }
    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let f = self.file(id)?;
        let start = *f
            .line_starts
            .get(line_index)
            .ok_or(Error::LineTooLarge { given: line_index, max: f.line_starts.len() - 1 })?;
        let end = f.line_starts.get(line_index + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}
