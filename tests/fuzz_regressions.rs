//! Every case the fuzzer (fuzz/, see fuzz/README.md) has found runs through the pipeline
//! again here: no panic, and the invariants of fuzz/src/run.rs kept (a PDF lopdf reads
//! with the pages counted, or errors that say what and where). A finding becomes a test
//! by moving its directory into tests/fixtures/fuzz-regressions/.

#[path = "../fuzz/src/run.rs"]
mod run;

use std::panic::AssertUnwindSafe;
use std::path::Path;

#[test]
fn every_fuzz_finding_keeps_the_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/fuzz-regressions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("tests/fixtures/fuzz-regressions").flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut cases = 0;
    let mut failures = Vec::new();
    for path in entries {
        let (case, recorded) = if path.is_dir() {
            run::load_case(&path, root).unwrap_or_else(|e| panic!("{e}"))
        } else if path.extension().is_some_and(|e| e == "toml") {
            (run::Case { toml: Some(std::fs::read(&path).unwrap()), path: path.clone(), ..run::Case::default() }, None)
        } else {
            continue;
        };
        cases += 1;
        for ops in run::Ops::all(recorded) {
            let engine = resolution_pdf::Engine::new();
            match std::panic::catch_unwind(AssertUnwindSafe(|| run::run(&engine, &case, &ops))) {
                Err(_) => failures.push(format!("{} [{}]: panicked (see above)", path.display(), ops.line())),
                Ok(Err(broken)) => failures.push(format!("{} [{}]: {broken}", path.display(), ops.line())),
                Ok(Ok(_)) => {}
            }
        }
    }
    assert!(cases > 0, "no cases in {}", dir.display());
    assert!(failures.is_empty(), "{} of the fuzzer's findings fail again:\n{}", failures.len(), failures.join("\n"));
}
