//! Writing outputs so that a reader never sees a half-written file: write a temporary
//! file beside the target, then rename it over the target.

use std::io::Write;
use std::path::Path;

use resolution_pdf::Diagnostic;

pub fn atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail = |why: String| Diagnostic::error(format!("cannot write {}: {why}", path.display()));
    if path.is_dir() {
        return Err(fail("it is a directory".into()).with_hint("give a file name, e.g. -o out/resolution.pdf"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the directory {} does not exist", dir.display())).with_hint("create it first"));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".resolution-pdf-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail(e.to_string()).with_hint("check that the directory is writable"))?;
    temp.write_all(bytes).and_then(|_| temp.as_file().sync_all()).map_err(|e| fail(e.to_string()))?;
    // A temporary file is private (0600); the PDF gets the permissions of the file it
    // replaces, or the usual ones for a new document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| fail(e.to_string()))?;
    }
    // the temporary file is removed when `persist` fails and `temp` is dropped
    temp.persist(path).map_err(|e| fail(e.error.to_string()))?;
    Ok(())
}
