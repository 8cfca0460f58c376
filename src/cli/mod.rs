//! Command-line interface: parse arguments, plan the documents to make, run them over
//! one shared engine (in parallel), render diagnostics or a JSON report, write files
//! atomically, and say how it went in the exit status.

mod batch;
mod compare;
mod init;
mod naming;
mod parallel;
mod report;
mod sign;
mod stdout;
mod manual;
mod watch;
mod write;

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};
use resolution_pdf::PdfStandard;

/// Exit statuses (also in README).
pub mod exit {
    /// Everything was built or checked.
    pub const OK: i32 = 0;
    /// At least one input is invalid: the diagnostics say why.
    pub const INVALID_INPUT: i32 = 1;
    /// The command line is wrong.
    pub const USAGE: i32 = 2;
    /// An output could not be written, or an internal error.
    pub const OUTPUT: i32 = 3;
}

#[derive(Parser, Debug)]
#[command(name = "resolution-pdf", version, about = "Typeset formal resolutions from TOML into print-ready, archival PDF")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render resolutions to PDF.
    Build(BuildArgs),
    /// Validate resolutions without writing anything: the contract, the fonts (every
    /// character must have a glyph), the images, the PDF standard. Every problem of a
    /// file is reported at once.
    Check(CheckArgs),
    /// Build, then build again whenever the input or a file it names (a scan, a seal, a
    /// font) changes, until interrupted: `watch r.toml -f png` keeps a picture of every
    /// page up to date.
    Watch(BuildArgs),
    /// Sign a field of a PDF (PAdES B-B), appended so that earlier signatures stay valid.
    Sign(sign::SignArgs),
    /// Report every signature field of a PDF: who signed, and whether it is intact.
    Verify(sign::VerifyArgs),
    /// Check a translation against its original, at the translation's lines and columns.
    ///
    /// Errors where the structure, the dates or the page differ (groups, organisations,
    /// paragraphs, clauses, items, signature page, paper, columns); warnings where
    /// numbers, acronyms in parentheses or emphasis differ. The hint of each gives the
    /// place in the original.
    Compare {
        /// The original resolution.
        #[arg(value_name = "ORIGINAL.toml")]
        original: PathBuf,
        /// Its translation (another edition of the same resolution).
        #[arg(value_name = "TRANSLATION.toml")]
        translation: PathBuf,
        /// Print one JSON report on standard output (the format of `build --json`: one
        /// document per input, the differences under the translation).
        #[arg(long)]
        json: bool,
    },
    /// Write a commented starter resolution that builds as it is, and beside it the JSON
    /// Schema its first line names (resolution.schema.json) for editors.
    Init {
        /// The language of the starter: `en`, `ja` or `ko`.
        #[arg(long, default_value = "en", value_parser = ["en", "ja", "ko"], hide_possible_values = true)]
        lang: String,
        /// A folder (created if missing) to get resolution.toml, or a FILE.toml; default:
        /// resolution.toml here; `-` prints the starter alone on standard output.
        #[arg(value_name = "DIR|FILE.toml")]
        path: Option<PathBuf>,
        /// Replace a file that is already there.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of the input format (for editors that complete and check TOML).
    Schema,
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

/// What to read and how: shared by `build` and `check`.
#[derive(Args, Debug, Clone)]
pub struct Inputs {
    /// Resolutions: TOML files, folders (every *.toml in them), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Set a key of the contract for every document, e.g. --set document.addressee="…"
    /// (repeatable; dotted keys; text keys take the value as it is, the others read it as
    /// TOML: a number, boolean, date or [array]).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Make one document per row of a CSV file: its header row names dotted keys, each
    /// row gives their values (a `file` column names the output).
    #[arg(long, value_name = "FILE.csv")]
    pub each: Option<PathBuf>,
    /// The PDF standard: PDF/A-2a with PDF/UA-1 (the default), a-2b, a-3b, a-4, ua-1, or
    /// none (a plain, untagged PDF).
    #[arg(long, value_name = "STANDARD", default_value = "a-2a+ua-1", value_parser = StandardParser)]
    pub pdf_standard: PdfStandard,
    /// Documents made at once (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Stop at the first document that fails.
    #[arg(long)]
    pub fail_fast: bool,
    /// Print one JSON report on standard output: per document its status, output, pages,
    /// bytes, time and every diagnostic.
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print each document's timing.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Where to write the PDF of a single document (`-` for standard output; default: the
    /// input's name with `.pdf`).
    #[arg(short, long, value_name = "OUT.pdf")]
    pub output: Option<PathBuf>,
    /// The folder for the PDFs (several inputs, --each, --per-signatory).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// How to name the documents of --each, from their keys: --name "{document.addressee}".
    #[arg(long, value_name = "PATTERN")]
    pub name: Option<String>,
    /// Write one copy per organisation: named after it, its name in the footer, its
    /// block on the signature page tinted.
    #[arg(long, conflicts_with = "output")]
    pub per_signatory: bool,
    /// What to write: `pdf`, or `png` for a picture of every page (a preview: OUT-1.png,
    /// OUT-2.png…, or the pattern of `-o` with `{p}` for the page number).
    #[arg(short = 'f', long, value_name = "FORMAT", default_value = "pdf", value_parser = ["pdf", "png"])]
    pub format: String,
    /// Pixels per inch of `-f png` (default 144).
    #[arg(long, value_name = "PPI", value_parser = clap::value_parser!(u16).range(18..=600))]
    pub ppi: Option<u16>,
    /// A bilingual edition: the translation set beside the original (one input), block by
    /// block, each in its own language's typography.
    #[arg(long, value_name = "TRANSLATION.toml")]
    pub parallel: Option<PathBuf>,
    /// Certify each PDF as it is built: the secretariat's signature (DocMDP: afterwards
    /// only filling in and signing fields is allowed), with --key/--cert or --p12.
    #[arg(long)]
    pub sign: bool,
    /// With --sign: the field of the certification (default: an invisible field of its own).
    #[arg(long, value_name = "NAME", requires = "sign")]
    pub sign_field: Option<String>,
    #[command(flatten)]
    pub signing: sign::SigningArgs,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
}

/// Reads `--pdf-standard` and tells completion scripts its values (a plain function
/// parser has none to tell, so the shells offered file names).
#[derive(Clone)]
struct StandardParser;

impl clap::builder::TypedValueParser for StandardParser {
    type Value = PdfStandard;

    fn parse_ref(&self, cmd: &clap::Command, _arg: Option<&clap::Arg>, value: &std::ffi::OsStr) -> Result<PdfStandard, clap::Error> {
        let name = value.to_string_lossy();
        PdfStandard::from_name(&name).ok_or_else(|| {
            let message = format!("unknown PDF standard `{name}`; use one of {}\n", PdfStandard::NAMES.join(", "));
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(PdfStandard::NAMES.iter().map(|&n| clap::builder::PossibleValue::new(n))))
    }
}

/// clap_complete 4's bash script names the states of a hyphenated binary two ways: it
/// sets `cmd="resolution__pdf__subcmd__build"` but its `case` tests
/// `resolution__subcmd__pdf__subcmd__build`, so nothing after the subcommand completed.
/// One spelling, the one `cmd` is set to.
fn bash_names_fixed(script: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(script).replace("resolution__subcmd__pdf", "resolution__pdf").into_bytes()
}

/// A command line clap refused: its message (as JSON too when `--json` was asked for).
pub fn usage_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        // help and version go to standard output; a closed pipe is no error here
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { exit::USAGE } else { exit::OK };
    }
    if std::env::args_os().any(|a| a == "--json") {
        let message = e.render().to_string();
        let message = message.trim().strip_prefix("error: ").unwrap_or(message.trim());
        let report = report::json_stop(&[resolution_pdf::Diagnostic::error(message.to_string())]);
        let _ = stdout::print(report.as_bytes());
    } else {
        let _ = e.print();
    }
    exit::USAGE
}

pub fn run(cli: Cli) -> i32 {
    write::clean_up_on_interrupt();
    match cli.command {
        Command::Build(args) if args.format == "png" && args.output.as_deref() == Some(std::path::Path::new("-")) => {
            say!("error: -f png writes one file per page: give -o a file name (`-o page-{{p}}.png`), not -");
            exit::USAGE
        }
        Command::Build(args) => match &args.parallel {
            Some(translation) => parallel::run(&args, translation),
            None => batch::run(&args.inputs, Some(&args)),
        },
        Command::Check(args) => batch::run(&args.inputs, None),
        Command::Watch(args) => watch::run(&args),
        Command::Sign(args) => sign::run_sign(&args),
        Command::Verify(args) => sign::run_verify(&args),
        Command::Compare { original, translation, json } => compare::run(&original, &translation, json),
        Command::Init { lang, path, force } => init::run(&lang, path, force),
        Command::Schema => stdout::print(format!("{}\n", resolution_pdf::unstable::model::schema::json_schema()).as_bytes()),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "resolution-pdf", &mut script);
            if shell == clap_complete::Shell::Bash {
                script = bash_names_fixed(&script);
            }
            stdout::print(&script)
        }
        Command::Man => {
            match manual::page() {
                Ok(page) => stdout::print(&page),
                Err(e) => {
                    say!("error: cannot make the manual page: {e}");
                    exit::OUTPUT
                }
            }
        }
    }
}
