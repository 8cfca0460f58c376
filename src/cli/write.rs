//! Writing outputs so that a reader never sees a half-written file: write a temporary
//! file beside the target, then rename it over the target. Only regular files are ever
//! replaced. A symbolic link at the output path is refused, and so left alone with the
//! file it names: a link planted in a shared folder must not make a build overwrite
//! another file (the fuzzer's finding), and replacing the link itself would surprise
//! whoever made it. Temporary files a killed run left behind (`kill -9` gives no chance
//! to remove them) are removed by the next write in the same folder once they are an
//! hour old, which no write in progress is.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use resolution_pdf::Diagnostic;

/// The names of our temporary files: `.resolution-pdf-XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".resolution-pdf-";
const TEMP_SUFFIX: &str = ".tmp";
/// A temporary file older than this was left by a run that died: writing a PDF takes
/// seconds at most.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Temporary files being written, removed if the process is interrupted.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On SIGINT or SIGTERM, remove the temporary files before exiting.
pub fn clean_up_on_interrupt() {
    // If a handler cannot be installed the program still works; an interrupted run may
    // then leave a `.resolution-pdf-*.tmp` file behind.
    let _ = ctrlc::set_handler(|| {
        if let Ok(paths) = IN_PROGRESS.lock() {
            for path in paths.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
        std::process::exit(130);
    });
}

pub fn atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail = |why: String| Diagnostic::error(format!("cannot write {}: {why}", path.display()));
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(fail("it is a symbolic link; it is left alone, and so is the file it names".into())
            .with_hint("remove the link, or give the path of the file itself with -o"));
    }
    let target = path.to_path_buf();
    // "newdir/": the name of a folder, which does not exist (one that does is caught below)
    if path.as_os_str().to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) && !path.is_dir() {
        return Err(fail("the name ends with a slash, as a folder's does, and there is no such folder".into())
            .with_hint("create the folder first, or give the name of a file in it"));
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(fail("it is a directory".into()).with_hint("give a file name, e.g. -o out/resolution.pdf"));
        }
        Ok(m) if !m.is_file() => {
            return Err(fail("it is not a regular file (a device, pipe or socket); it is left alone".into())
                .with_hint("give the name of a regular file to create or replace"));
        }
        Ok(m) if m.permissions().readonly() => {
            return Err(fail("the file is read-only".into()).with_hint("make it writable, or choose another name with -o"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) if e.kind() == ErrorKind::NotADirectory => {
            let file = target.ancestors().skip(1).find(|a| a.is_file()).unwrap_or(&target);
            return Err(fail(format!("{} is a file, not a directory", file.display())));
        }
        Err(e) => return Err(fail(reason(&e))),
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        return Err(fail(format!("the directory {} does not exist", dir.display())).with_hint("create it first"));
    }
    if !dir.is_dir() {
        return Err(fail(format!("{} is not a directory", dir.display())));
    }
    remove_stale_temporaries(&dir);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| fail(reason(&e)).with_hint(format!("check that {} is writable", dir.display())))?;
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        paths.push(temp.path().to_path_buf());
    }
    let temp_path = temp.path().to_path_buf();
    let written = write_contents(&mut temp, &target, bytes);
    // `persist` renames over the target; on failure, dropping `temp` removes it
    let result = written.and_then(|_| temp.persist(&target).map(drop).map_err(|e| e.error));
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        paths.retain(|p| *p != temp_path);
    }
    result.map_err(|e| fail(reason(&e)))
}

fn write_contents(temp: &mut tempfile::NamedTempFile, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // A temporary file is private (0600); the PDF gets the permissions of the file it
    // replaces, or the usual ones for a new document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Remove our temporary files in `dir` that are older than [`STALE_AFTER`]: left by a
/// run that was killed. Only regular files with our prefix and suffix; errors are ignored
/// (another run may remove the same file at the same moment).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(|m| m.file_type().is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An I/O error in words, without the temporary file's name.
pub fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        ErrorKind::QuotaExceeded => "the disk quota is exceeded".into(),
        ErrorKind::NotFound => "the directory cannot be written to".into(),
        _ => {
            // io::Error's own text, minus any path tempfile appended to it
            let text = e.to_string();
            text.split(" at path ").next().unwrap_or(&text).to_string()
        }
    }
}
