//! Command-line interface: parse arguments, run the library, render diagnostics, write
//! files atomically, and say how it went in the exit status.

mod report;
mod write;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use resolution_pdf::{Diagnostic, Engine};

/// Exit statuses (also in README).
pub mod exit {
    /// Everything was built or checked.
    pub const OK: i32 = 0;
    /// An input is invalid: the diagnostics say why.
    pub const INVALID_INPUT: i32 = 1;
    /// The command line is wrong.
    pub const USAGE: i32 = 2;
    /// An output could not be written, or an internal error.
    pub const OUTPUT: i32 = 3;
}

#[derive(Parser, Debug)]
#[command(name = "resolution-pdf", version, about = "Typeset a formal resolution from TOML into a print-ready PDF")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render a resolution to PDF.
    Build {
        /// The resolution, in TOML (see docs/input-format.md).
        input: PathBuf,
        /// Where to write the PDF (default: the input's name with `.pdf`).
        #[arg(short, long, value_name = "OUT.pdf")]
        output: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Validate a resolution without writing anything: the contract, the fonts (every
    /// character must have a glyph) and the files it names.
    Check {
        input: PathBuf,
        #[arg(short, long)]
        quiet: bool,
    },
}

pub fn run(cli: Cli) -> i32 {
    write::clean_up_on_interrupt();
    match cli.command {
        Command::Build { input, output, quiet } => build(&input, output, quiet),
        Command::Check { input, quiet } => check(&input, quiet),
    }
}

fn build(input: &Path, output: Option<PathBuf>, quiet: bool) -> i32 {
    let output = output.unwrap_or_else(|| input.with_extension("pdf"));
    if same_file(input, &output) {
        report::print(&[Diagnostic::error(format!(
            "the output {} is the input file itself; choose another name with -o",
            output.display()
        ))]);
        return exit::USAGE;
    }
    let engine = Engine::new();
    let doc = match resolution_pdf::load(input) {
        Ok(doc) => doc,
        Err(diags) => {
            report::print(&diags);
            return exit::INVALID_INPUT;
        }
    };
    let rendered = match engine.render(&doc) {
        Ok(r) => r,
        Err(diags) => {
            report::print(&diags);
            return if diags.iter().any(|d| d.internal) { exit::OUTPUT } else { exit::INVALID_INPUT };
        }
    };
    if let Err(e) = write::atomically(&output, &rendered.bytes) {
        report::print(&[e]);
        return exit::OUTPUT;
    }
    if !quiet && std::io::stderr().is_terminal() {
        eprintln!(
            "wrote {} ({} page{}, {} KB)",
            output.display(),
            rendered.pages,
            if rendered.pages == 1 { "" } else { "s" },
            rendered.bytes.len().div_ceil(1024)
        );
    }
    exit::OK
}

fn check(input: &Path, quiet: bool) -> i32 {
    let engine = Engine::new();
    let result = resolution_pdf::load(input).and_then(|doc| engine.lay_out(&doc));
    match result {
        Ok(layout) => {
            if !quiet && std::io::stderr().is_terminal() {
                eprintln!("{}: ok ({} pages)", input.display(), layout.pages.len());
            }
            exit::OK
        }
        Err(diags) => {
            report::print(&diags);
            exit::INVALID_INPUT
        }
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
