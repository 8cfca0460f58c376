//! Diagnostics as a compiler prints them: the place, the message, the source line with
//! the spot marked, and the hint.

use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use resolution_pdf::{Diagnostic, Severity};

/// More than this many problems are counted, not shown: the first ones are what to fix.
const MAX_SHOWN: usize = 50;

pub fn print(diags: &[Diagnostic]) {
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags.iter().take(MAX_SHOWN) {
        say!("{}", render(d, styled));
    }
    if diags.len() > MAX_SHOWN {
        say!("… and {} more", diags.len() - MAX_SHOWN);
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 1 {
        say!("{errors} problems found");
    }
}

pub fn render(d: &Diagnostic, styled: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let headline = d.headline();
    let mut group = Group::with_title(level.primary_title(headline.as_str()));
    if let (Some(source), Some(span)) = (&d.source, &d.span) {
        let span = clamp_to_chars(&source.text, span.clone());
        let mut annotation = AnnotationKind::Primary.span(span);
        if let Some(label) = &d.label {
            annotation = annotation.label(label.as_str());
        }
        // the place is in the headline (`error: f.toml:3:8: …`, one line that scripts
        // and editors' problem matchers read); a `-->` line would print it again
        group = group.element(Snippet::source(source.text.as_str()).annotation(annotation).fold(true));
    }
    let hint = d.hint.as_deref().map(|h| Level::HELP.message(h));
    if let Some(hint) = hint {
        group = group.element(hint);
    }
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    renderer.render(&[group])
}

/// Problems that differ only in the CSV row they come from ("… (in row 3 of x.csv,
/// column `style.font_size_pt`)") given once, with the rows listed: "… (in rows 2, 3
/// and 4 of x.csv, column `style.font_size_pt`)". Order is kept: each merged problem
/// stands where its first row's did.
pub fn rows_merged(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // (the message before the row, after it, the hint) -> its place in `out`, its rows
    let mut seen: std::collections::HashMap<(String, String, Option<String>), (usize, Vec<String>)> = Default::default();
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in diags {
        let Some((before, row, after)) = row_of(&d.message) else {
            out.push(d);
            continue;
        };
        let key = (before.to_string(), after.to_string(), d.hint.clone());
        let row = row.to_string();
        match seen.get_mut(&key) {
            Some((_, rows)) => rows.push(row),
            None => {
                seen.insert(key, (out.len(), vec![row]));
                out.push(d);
            }
        }
    }
    for ((before, after, _), (at, rows)) in seen {
        if rows.len() > 1 {
            let (last, rest) = rows.split_last().expect("two rows or more");
            out[at].message = format!("{before} (in rows {} and {last}{after}", rest.join(", "));
        }
    }
    out
}

/// "… (in row 3 of …" split at the row's number: (before, "3", " of …").
fn row_of(message: &str) -> Option<(&str, &str, &str)> {
    let start = message.rfind(" (in row ")?;
    let number = &message[start + " (in row ".len()..];
    let digits = number.len() - number.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &number[digits..];
    (digits > 0 && after.starts_with(" of ")).then(|| (&message[..start], &number[..digits], after))
}

/// A span that starts and ends on character boundaries, at least one character long
/// where the text allows it.
fn clamp_to_chars(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if end == start && start < text.len() {
        end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    }
    start..end
}

/// The JSON report (`--json`), one object for the whole run; its fields are documented
/// in README.
pub fn json(outcomes: &[super::batch::Outcome]) -> String {
    use serde_json::json;
    let documents: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            json!({
                "input": o.input(),
                "row": o.row(),
                "copy_for": o.copy_for(),
                "output": o.output(),
                "status": o.status(),
                "pages": o.pages(),
                "bytes": o.bytes(),
                "time_ms": (o.millis() * 10.0).round() / 10.0,
                "diagnostics": o.diagnostics().iter().map(diagnostic_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let ok = outcomes.iter().all(|o| matches!(o.status(), super::batch::Status::Ok));
    let report = json!({
        "version": 1,
        "ok": ok,
        "diagnostics": [],
        "documents": documents,
    });
    serde_json::to_string_pretty(&report).map_or_else(|_| "{}\n".into(), |s| s + "\n")
}

/// The JSON report of a run stopped before any document was made (a wrong command line,
/// an unreadable CSV, an output folder that cannot be made): its problems at the top.
pub fn json_stop(diagnostics: &[Diagnostic]) -> String {
    let report = serde_json::json!({
        "version": 1,
        "ok": false,
        "diagnostics": diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
        "documents": [],
    });
    serde_json::to_string_pretty(&report).map_or_else(|_| "{}\n".into(), |s| s + "\n")
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "file": d.file.as_ref().map(|f| f.display().to_string()),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_spoiling_rows_is_one_problem() {
        let bad = |row: usize, column: &str| Diagnostic::error(format!("`x` must be a number, found a string (in row {row} of c.csv, column `{column}`)")).with_hint("write a number");
        let merged = rows_merged(vec![bad(2, "a"), Diagnostic::error("other"), bad(3, "a"), bad(4, "b"), bad(5, "a")]);
        let messages: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`x` must be a number, found a string (in rows 2, 3 and 5 of c.csv, column `a`)",
                "other",
                "`x` must be a number, found a string (in row 4 of c.csv, column `b`)",
            ]
        );
    }
}
