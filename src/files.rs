//! Reading input files with a bound: a path to `/dev/zero` or a runaway generator must
//! give an error, not fill the memory.

use std::io::Read;
use std::path::Path;

/// Largest resolution TOML read (a document of 20000 organisations is about 1 MB).
pub const MAX_TOML_BYTES: u64 = 64 << 20;
/// Largest font file read (Noto Sans CJK's collection is 20 MB).
pub const MAX_FONT_BYTES: u64 = 256 << 20;
/// Largest image file read (a 600-dpi A4 colour scan as PNG is about 100 MB).
pub const MAX_IMAGE_BYTES: u64 = 512 << 20;

/// Why a file could not be read, in words for a message.
pub fn read_bounded(path: &Path, limit: u64, regular_only: bool) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| describe(&e))?;
    if metadata.is_dir() {
        return Err("it is a directory".into());
    }
    if regular_only && !metadata.is_file() {
        return Err("it is not a regular file (a pipe, device or socket)".into());
    }
    let too_large = || format!("it is larger than {} MB, far more than such a file ever needs", limit >> 20);
    if metadata.is_file() && metadata.len() > limit {
        return Err(too_large());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if metadata.file_type().is_fifo() {
            return read_pipe(path, limit).map_err(|e| e.unwrap_or_else(too_large));
        }
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)).map_err(|e| describe(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A pipe — `<(generate-toml)` or a named FIFO — read to its end. Opened without
/// blocking: opening a named pipe that nothing writes to waits for ever (the fuzzer's
/// finding), while reading one with no writer ends at once; a writer that is there (a
/// process substitution's) is waited for between reads. `Err(None)`: over the bound.
#[cfg(unix)]
fn read_pipe(path: &Path, limit: u64) -> Result<Vec<u8>, Option<String>> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(|e| Some(describe(&e)))?;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                bytes.extend_from_slice(&chunk[..n]);
                if bytes.len() as u64 > limit {
                    return Err(None);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(std::time::Duration::from_millis(2)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Some(describe(&e))),
        }
    }
    if bytes.is_empty() {
        return Err(Some("it is a pipe that nothing wrote to (a named pipe needs its writer started first)".into()));
    }
    Ok(bytes)
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endless_and_odd_files_are_refused() {
        #[cfg(unix)]
        {
            assert!(read_bounded(Path::new("/dev/zero"), 1 << 20, false).unwrap_err().contains("larger than 1 MB"));
            assert!(read_bounded(Path::new("/dev/zero"), 1 << 20, true).unwrap_err().contains("not a regular file"));
        }
        let dir = tempfile::tempdir().unwrap();
        assert!(read_bounded(dir.path(), 100, false).unwrap_err().contains("directory"));
        assert_eq!(read_bounded(&dir.path().join("none"), 100, false).unwrap_err(), "no such file");
        let file = dir.path().join("f");
        std::fs::write(&file, [7u8; 200]).unwrap();
        assert!(read_bounded(&file, 100, true).unwrap_err().contains("larger than"));
        assert_eq!(read_bounded(&file, 200, true).unwrap().len(), 200);

        // a named pipe nobody writes to: an error at once, not a wait for ever
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
            if made {
                let started = std::time::Instant::now();
                assert!(read_bounded(&fifo, 100, false).unwrap_err().contains("nothing wrote"));
                assert!(started.elapsed().as_secs() < 5);
            }
        }
    }
}
