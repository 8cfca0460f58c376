//! Diagnostics: one type for every problem the program reports about its input.
//!
//! Every stage returns [`Diagnostic`]s instead of panicking; the command line renders them
//! (with the source line) and the library user gets them as data. A diagnostic points at a
//! byte span of a [`Source`] when it can, so it knows its file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The text of one input file, with its path for messages.
#[derive(Debug)]
pub struct Source {
    /// The path as the user gave it (shown in messages), or a name such as `<stdin>`.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
    /// Byte offset of the start of every line, for line/column lookups.
    line_starts: Vec<usize>,
    /// Where values that are not in the text came from (`--set`, a CSV row); a span
    /// starting at [`Source::ORIGIN_SPANS`] + i points at the i-th.
    pub origins: Vec<String>,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Source> {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Arc::new(Source { path: path.into(), text, line_starts, origins: Vec::new() })
    }

    /// Spans from here on stand for values given outside the file.
    pub const ORIGIN_SPANS: usize = usize::MAX / 2;

    /// The same file, with values given from outside it (see [`Source::origins`]).
    pub fn with_origins(&self, origins: Vec<String>) -> Arc<Source> {
        Arc::new(Source { path: self.path.clone(), text: self.text.clone(), line_starts: self.line_starts.clone(), origins })
    }

    /// The 1-based line and column (counted in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }

    /// The folder that relative paths in this file are resolved against.
    pub fn base_dir(&self) -> &Path {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        }
    }

    /// A diagnostic pointing at `span` of this file.
    pub fn error(self: &Arc<Self>, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        if span.start >= Self::ORIGIN_SPANS {
            // a value given outside the file: name where it came from instead of a line
            let origin = self.origins.get(span.start - Self::ORIGIN_SPANS).map_or("the command line", String::as_str);
            let mut d = Diagnostic::error(format!("{} (in {origin})", message.into()));
            d.file = Some(self.path.clone());
            return d;
        }
        let (line, column) = self.line_column(span.start);
        Diagnostic {
            severity: Severity::Error,
            file: Some(self.path.clone()),
            line: Some(line),
            column: Some(column),
            span: Some(span),
            source: Some(self.clone()),
            message: message.into(),
            hint: None,
            label: None,
            internal: false,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input, with where it is and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<PathBuf>,
    /// 1-based line, when the problem has a place in a file.
    pub line: Option<usize>,
    /// 1-based column in characters.
    pub column: Option<usize>,
    /// The byte range in the source that the problem is about.
    pub span: Option<Range<usize>>,
    /// The source file, so a renderer can show the offending line.
    pub source: Option<Arc<Source>>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// A short label under the highlighted span.
    pub label: Option<String>,
    /// The program failed, not the input (the command line exits with status 3).
    pub internal: bool,
}

impl Diagnostic {
    /// A problem that is not tied to a place in a file (a missing file, an output error).
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            span: None,
            source: None,
            message: message.into(),
            hint: None,
            label: None,
            internal: false,
        }
    }

    /// Mark a failure of the program itself (not of the input).
    pub fn internal(mut self) -> Diagnostic {
        self.internal = true;
        self
    }

    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Attach a file name to a diagnostic that has none.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column: message`, without the hint.
    pub fn headline(&self) -> String {
        match self.location() {
            Some(location) => format!("{location}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// `file:line:column` (as much of it as is known).
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file,
        })
    }
}

/// The one-line form: `input/x.toml:12:9: unknown key `adressee`, did you mean `addressee`?`
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = self.location() {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Suggest the closest of `candidates` to a misspelt `word`, if one is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()), c))
        .filter(|&(distance, c)| distance <= (c.chars().count() / 3).max(1) || word_lower == c.replace('_', ""))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = Source::new("a.toml", "x = 1\ntitle = \"日本\"\n");
        assert_eq!(src.line_column(0), (1, 1));
        assert_eq!(src.line_column(6), (2, 1));
        // after `title = "日本` is column 12 counted in characters (18 in bytes)
        let after = src.text.find("本").unwrap() + "本".len();
        assert_eq!(src.line_column(after), (2, 12));
    }

    #[test]
    fn suggestions_are_close_or_nothing() {
        let keys = ["title", "subtitle", "addressee", "approval"];
        assert_eq!(did_you_mean("adressee", keys), Some("addressee"));
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
