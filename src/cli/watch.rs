//! `watch INPUT.toml [build options]`: build, then build again whenever the input, a
//! scanned signature, a seal or a font it names changes, until interrupted. For a
//! translator who edits a text and looks at the page (with `-f png`, at its picture).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::{BuildArgs, batch, exit};

/// Editors save in bursts (write, rename, touch): changes this close together make one
/// build.
const SETTLE: Duration = Duration::from_millis(150);

pub fn run(args: &BuildArgs) -> i32 {
    let inputs = &args.inputs;
    if inputs.inputs.len() != 1 || inputs.inputs[0] == Path::new("-") || inputs.inputs[0].is_dir() {
        say!("error: watch takes one TOML file (a file it can watch, not standard input or a folder)");
        return exit::USAGE;
    }
    if inputs.each.is_some() || args.per_signatory || args.sign || args.parallel.is_some() {
        say!("error: watch builds one document: --each, --per-signatory, --sign and --parallel are for build");
        return exit::USAGE;
    }
    let input = absolute(&inputs.inputs[0]);
    if !input.is_file() {
        say!("error: {}: no such file to watch", inputs.inputs[0].display());
        return exit::INVALID_INPUT;
    }
    let (sender, events) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            say!("error: cannot watch files here: {e}");
            return exit::OUTPUT;
        }
    };
    let mut watched_dirs: HashSet<PathBuf> = HashSet::new();
    loop {
        // what to watch, registered before the build so that a change made while it runs
        // is not missed: the input and what it names (read again each time: a new scan
        // may be named); folders, not files, since an editor that saves by renaming
        // replaces the file watched
        let mut files: HashSet<PathBuf> = HashSet::from([input.clone()]);
        if let Ok(doc) = resolution_pdf::load(&input) {
            files.extend(doc.dependencies().iter().map(|p| absolute(p)));
        }
        for dir in files.iter().filter_map(|f| f.parent().map(Path::to_path_buf)) {
            if !watched_dirs.contains(&dir) && watcher.watch(&dir, RecursiveMode::NonRecursive).is_ok() {
                watched_dirs.insert(dir);
            }
        }
        let started = Instant::now();
        let code = batch::run(inputs, Some(args));
        let when = started.elapsed().as_millis();
        if code == exit::OK {
            say!("watch: built in {when} ms; waiting for changes (Ctrl-C to stop)");
        } else {
            say!("watch: the build failed (above); waiting for changes (Ctrl-C to stop)");
        }
        if !wait_for_change(&events, &files) {
            return exit::OK;
        }
    }
}

/// Blocks until one of `files` changes (then lets a burst of changes settle); false when
/// the watcher is gone.
fn wait_for_change(events: &mpsc::Receiver<notify::Result<notify::Event>>, files: &HashSet<PathBuf>) -> bool {
    let relevant = |event: &notify::Event| {
        matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) && event.paths.iter().any(|p| files.contains(&absolute(p)))
    };
    loop {
        match events.recv() {
            Ok(Ok(event)) if relevant(&event) => break,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
    // until SETTLE passes without another change to these files; other events (a PDF
    // viewer re-reading the output beside the input, every few milliseconds) do not
    // hold the build back
    let mut quiet_until = Instant::now() + SETTLE;
    loop {
        let remaining = quiet_until.saturating_duration_since(Instant::now());
        match events.recv_timeout(remaining) {
            Ok(Ok(event)) if relevant(&event) => quiet_until = Instant::now() + SETTLE,
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return true,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
