//! Command-line interface: parse arguments, run the library, render diagnostics, write
//! files atomically, and say how it went in the exit status.

mod report;
mod write;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use resolution_pdf::{Diagnostic, Engine, PdfStandard, RenderOptions};

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
        /// The standard the PDF conforms to: PDF/A-2a with PDF/UA-1 (the default), PDF/A
        /// level b (2 or 3), PDF/A-4, PDF/UA-1 alone, or none (a plain, untagged PDF).
        #[arg(long, value_name = "STANDARD", default_value = "a-2a+ua-1", value_parser = parse_standard)]
        pdf_standard: PdfStandard,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Validate a resolution without writing anything: the contract, the fonts (every
    /// character must have a glyph) and the files it names.
    Check {
        input: PathBuf,
        /// The standard to check against (see `build`).
        #[arg(long, value_name = "STANDARD", default_value = "a-2a+ua-1", value_parser = parse_standard)]
        pdf_standard: PdfStandard,
        #[arg(short, long)]
        quiet: bool,
    },
}

fn parse_standard(name: &str) -> Result<PdfStandard, String> {
    PdfStandard::from_name(name).ok_or_else(|| format!("unknown PDF standard `{name}`; use one of {}", PdfStandard::NAMES.join(", ")))
}

pub fn run(cli: Cli) -> i32 {
    write::clean_up_on_interrupt();
    match cli.command {
        Command::Build { input, output, pdf_standard, quiet } => build(&input, output, RenderOptions { standard: pdf_standard }, quiet),
        Command::Check { input, pdf_standard, quiet } => check(&input, RenderOptions { standard: pdf_standard }, quiet),
    }
}

fn build(input: &Path, output: Option<PathBuf>, options: RenderOptions, quiet: bool) -> i32 {
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
    let rendered = match engine.render_with(&doc, &options) {
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

/// Everything `build` does but writing the file: the PDF is made (and validated against
/// the standard) and thrown away.
fn check(input: &Path, options: RenderOptions, quiet: bool) -> i32 {
    let engine = Engine::new();
    let result = resolution_pdf::load(input).and_then(|doc| engine.render_with(&doc, &options));
    match result {
        Ok(rendered) => {
            if !quiet && std::io::stderr().is_terminal() {
                eprintln!("{}: ok ({} pages)", input.display(), rendered.pages);
            }
            exit::OK
        }
        Err(diags) => {
            report::print(&diags);
            if diags.iter().any(|d| d.internal) { exit::OUTPUT } else { exit::INVALID_INPUT }
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
