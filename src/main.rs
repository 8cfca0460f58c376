//! The `resolution-pdf` command: argument parsing, running the library, reporting.

/// `eprintln!` that cannot panic: a message that cannot reach a closed or full standard
/// error is lost, not a reason to abort.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return ExitCode::from(cli::usage_error(e) as u8),
    };
    ExitCode::from(cli::run(args) as u8)
}
