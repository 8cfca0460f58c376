//! `watch`: builds at once, builds again when the input changes (the new text is in the
//! PDF, read back with lopdf), and takes only one file.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Polls `ready` every 50 ms for up to 30 s (CI machines are slow and shared).
fn wait_for(mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The PDF's text, from its glyphs and their ToUnicode maps (empty while it is not there
/// or not whole yet).
fn pdf_text(path: &std::path::Path) -> String {
    let Ok(bytes) = std::fs::read(path) else { return String::new() };
    if lopdf::Document::load_mem(&bytes).is_err() {
        return String::new();
    }
    common::positions::placed_glyphs(&bytes).iter().map(|g| g.text.as_str()).collect()
}

#[test]
fn a_change_to_the_input_is_built_again() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("r.toml");
    let source = std::fs::read_to_string(repo().join("examples/minimal.toml")).unwrap();
    std::fs::write(&input, &source).unwrap();
    // the output beside the input, read every 50 ms while the test waits, as a PDF
    // viewer does: those reads must not hold the next build back (they once did)
    let log_dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.pdf");
    let mut child = Command::new(bin())
        .args(["watch", input.to_str().unwrap(), "-o", output.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log_dir.path().join("watch.log")).unwrap())
        .spawn()
        .unwrap();
    let first = wait_for(|| output.exists() && !pdf_text(&output).is_empty());
    let changed = first && {
        // the title written anew, as an editor saves: a new file renamed over the old
        let edited = source.lines().map(|l| if l.starts_with("title = ") { "title = \"Watched and Rebuilt\"" } else { l }).collect::<Vec<_>>().join("\n");
        let temp = dir.path().join("r.toml.new");
        std::fs::write(&temp, edited).unwrap();
        std::fs::rename(&temp, &input).unwrap();
        wait_for(|| pdf_text(&output).replace(' ', "").contains("WatchedandRebuilt"))
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "watch built the PDF at once");
    let log = std::fs::read_to_string(log_dir.path().join("watch.log")).unwrap_or_default();
    assert!(changed, "watch built it again with the new title; it said:\n{log}\nthe PDF says: {}", pdf_text(&output));
}

#[test]
fn watch_takes_one_file() {
    let out = run_in(&repo(), &["watch", "input"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("watch takes one TOML file"), "{}", stderr(&out));
}
