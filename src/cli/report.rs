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

