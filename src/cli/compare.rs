//! `compare ORIGINAL TRANSLATION`: both files read as `check` reads them, then the
//! library's comparison printed as `check` prints its problems (or as the JSON report of
//! `build --json`, one document per input).

use std::path::Path;
use std::time::Instant;

use resolution_pdf::{Diagnostic, Document};

use super::batch::{Outcome, Status};
use super::{exit, report, stdout};

pub fn run(original: &Path, translation: &Path, json: bool) -> i32 {
    let started = Instant::now();
    let original_doc = resolution_pdf::load(original);
    let original_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let translation_doc = resolution_pdf::load(translation);
    let (original_outcome, translation_outcome) = match (original_doc, translation_doc) {
        (Ok(o), Ok(t)) => {
            let comparison = resolution_pdf::compare::compare(&o, &t);
            let status = if comparison.has_errors() { Status::Invalid } else { Status::Ok };
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            (outcome(original, Ok(&o), original_ms), Outcome::checked(shown(translation), status, millis, comparison.diagnostics))
        }
        // an invalid file cannot be compared: its problems, as `check` gives them
        (o, t) => {
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            (outcome(original, o.as_ref(), original_ms), outcome(translation, t.as_ref(), millis))
        }
    };
    let outcomes = [original_outcome, translation_outcome];
    let mut printed = exit::OK;
    if json {
        printed = stdout::print(report::json(&outcomes).as_bytes());
    } else {
        for o in &outcomes {
            report::print(o.diagnostics());
        }
    }
    let invalid = outcomes.iter().any(|o| o.status() != Status::Ok);
    (if invalid { exit::INVALID_INPUT } else { exit::OK }).max(printed)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// One input as read: valid (nothing to say about it alone) or its problems.
fn outcome(path: &Path, read: Result<&Document, &Vec<Diagnostic>>, millis: f64) -> Outcome {
    match read {
        Ok(_) => Outcome::checked(shown(path), Status::Ok, millis, Vec::new()),
        Err(problems) => Outcome::checked(shown(path), Status::Invalid, millis, problems.clone()),
    }
}
