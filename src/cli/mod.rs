//! Command-line interface: parse arguments, run the library, render diagnostics, write
//! files atomically, and say how it went in the exit status.

mod naming;
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
        #[arg(short, long, value_name = "OUT.pdf", conflicts_with = "per_signatory")]
        output: Option<PathBuf>,
        /// Write one copy per organisation, named after it, its name in the footer and its
        /// block on the signature page tinted.
        #[arg(long, requires = "out_dir")]
        per_signatory: bool,
        /// The folder for the copies of --per-signatory.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
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
        Command::Build { input, output, per_signatory, out_dir, pdf_standard, quiet } => {
            let options = RenderOptions { standard: pdf_standard, copy_for: None };
            match (per_signatory, out_dir) {
                (true, Some(dir)) => build_copies(&input, &dir, options, quiet),
                _ => build(&input, output, options, quiet),
            }
        }
        Command::Check { input, pdf_standard, quiet } => check(&input, RenderOptions { standard: pdf_standard, copy_for: None }, quiet),
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

/// One copy per organisation, rendered in parallel over one engine (fonts and images
/// are read once for all of them), each written atomically to `dir`.
fn build_copies(input: &Path, dir: &Path, options: RenderOptions, quiet: bool) -> i32 {
    use rayon::prelude::*;
    let engine = Engine::new();
    let doc = match resolution_pdf::load(input) {
        Ok(doc) => doc,
        Err(diags) => {
            report::print(&diags);
            return exit::INVALID_INPUT;
        }
    };
    let names: Vec<String> = doc.signatories.iter().flat_map(|g| &g.organizations).map(|o| o.name.plain()).collect();
    if names.is_empty() {
        report::print(&[Diagnostic::error(format!("{} lists no signatories to make copies for", input.display()))
            .with_hint("add [[signatories]] groups, or build without --per-signatory")]);
        return exit::INVALID_INPUT;
    }
    if !dir.is_dir() {
        report::print(&[Diagnostic::error(format!("cannot write to {}: it is not an existing directory", dir.display()))
            .with_hint("create it first")]);
        return exit::OUTPUT;
    }
    // Lay out and check once before rendering every copy, so that a bad input is
    // reported once and nothing is written.
    if let Err(diags) = engine.render_with(&doc, &options) {
        report::print(&diags);
        return if diags.iter().any(|d| d.internal) { exit::OUTPUT } else { exit::INVALID_INPUT };
    }
    let files = naming::unique_slugs(names.iter().map(String::as_str));
    let results: Vec<(PathBuf, Result<usize, Vec<Diagnostic>>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            let path = dir.join(format!("{file}.pdf"));
            let result = engine
                .render_with(&doc, &RenderOptions { copy_for: Some(i), ..options })
                .and_then(|r| write::atomically(&path, &r.bytes).map(|_| r.pages).map_err(|e| vec![e]));
            (path, result)
        })
        .collect();
    let mut status = exit::OK;
    for (path, result) in &results {
        match result {
            Ok(pages) if !quiet && std::io::stderr().is_terminal() => eprintln!("wrote {} ({pages} pages)", path.display()),
            Ok(_) => {}
            Err(diags) => {
                report::print(diags);
                status = exit::OUTPUT;
            }
        }
    }
    status
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
