//! Standard output that may be closed early (`| head`) or full (`> /dev/full`): the
//! program says so and exits with status 3, never panics as `println!` would.

use std::io::{ErrorKind, Write};

use super::exit;

/// Write `bytes` to standard output; the exit status to return.
pub fn print(bytes: &[u8]) -> i32 {
    match write(bytes) {
        Ok(()) => exit::OK,
        // the reader has gone (`| head`): nothing to tell it, and no one else to tell
        Err(e) if e.kind() == ErrorKind::BrokenPipe => exit::OUTPUT,
        Err(e) => {
            say!("error: cannot write to standard output: {}", super::write::reason(&e));
            exit::OUTPUT
        }
    }
}

/// Write `bytes` to standard output and flush it.
pub fn write(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
