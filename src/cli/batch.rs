//! Many documents in one run: the plan (inputs × CSV rows × signatories, each with its
//! overrides and its output), the run over one shared engine on all cores, and the
//! report (human or JSON) with the exit status.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use resolution_pdf::unstable::model::{self, Override};
use resolution_pdf::unstable::diag::did_you_mean;
use resolution_pdf::{Diagnostic, Engine, RenderOptions};

use super::{BuildArgs, Inputs, exit, naming, report, stdout, write};

/// Where a document's TOML comes from.
#[derive(Clone)]
enum Input {
    File(PathBuf),
    Stdin(Arc<Vec<u8>>),
}

impl Input {
    fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin(_) => "<stdin>".into(),
        }
    }
}

/// Where its PDF goes.
#[derive(Clone)]
enum Output {
    File(PathBuf),
    Stdout,
}

/// One document to make.
#[derive(Clone)]
struct Job {
    input: Input,
    overrides: Vec<Override>,
    /// None for `check`.
    output: Option<Output>,
    copy_for: Option<usize>,
    /// The CSV row (numbered as in messages, the header being row 1) of `--each`.
    row: Option<usize>,
    /// The organisation a `--per-signatory` copy is for.
    copy_name: Option<String>,
}

impl Job {
    /// The input, and the row or organisation of a copy: "x.toml (row 3)".
    fn describe(&self) -> String {
        match (&self.row, &self.copy_name) {
            (Some(row), Some(org)) => format!("{} (row {row}, the copy for {org})", self.input.display()),
            (Some(row), None) => format!("{} (row {row})", self.input.display()),
            (None, Some(org)) => format!("{} (the copy for {org})", self.input.display()),
            (None, None) => self.input.display(),
        }
    }

    fn new(input: Input, overrides: Vec<Override>, output: Option<Output>, row: Option<usize>, copy: Option<(usize, String)>) -> Job {
        let (copy_for, copy_name) = copy.map_or((None, None), |(i, name)| (Some(i), Some(name)));
        Job { input, overrides, output, copy_for, row, copy_name }
    }
}

/// How a document went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Built (or checked) and written.
    Ok,
    /// The input is invalid.
    Invalid,
    /// An output could not be written, or the program failed.
    Failed,
    /// Not tried: an earlier document failed and --fail-fast was given.
    Skipped,
}

pub struct Outcome {
    input: String,
    row: Option<usize>,
    copy_for: Option<String>,
    output: Option<String>,
    status: Status,
    pages: Option<usize>,
    bytes: Option<usize>,
    millis: f64,
    diagnostics: Vec<Diagnostic>,
}

/// A failure before any document is made.
struct Stop {
    code: i32,
    diagnostics: Vec<Diagnostic>,
}

fn usage(message: impl Into<String>) -> Stop {
    Stop { code: exit::USAGE, diagnostics: vec![Diagnostic::error(message)] }
}

pub fn run(inputs: &Inputs, build: Option<&BuildArgs>) -> i32 {
    let engine = Engine::new();
    // the credentials of --sign, read and checked before anything is built
    let certify = match build.filter(|b| b.sign) {
        None => {
            if build.is_some_and(|b| b.signing.has_credentials()) {
                say!("error: --key/--cert/--p12 are for --sign; add --sign to certify the PDFs as they are built");
                return exit::USAGE;
            }
            None
        }
        Some(args) => match args.signing.load() {
            Ok(credentials) => Some(Certify { credentials, args }),
            Err(e) => {
                say!("error: --sign: {e}");
                return super::sign::status_of(&e);
            }
        },
    };
    let jobs = match plan(inputs, build) {
        Ok(jobs) => jobs,
        Err(stop) => {
            if inputs.json {
                let code = stdout::print(report::json_stop(&stop.diagnostics).as_bytes());
                return stop.code.max(code);
            }
            report::print(&stop.diagnostics);
            return stop.code;
        }
    };
    let outcomes = execute(&engine, jobs, inputs, certify.as_ref(), build);
    let mut printed = exit::OK;
    if inputs.json {
        printed = stdout::print(report::json(&outcomes).as_bytes());
    } else {
        // a bad CSV column is one problem, whichever rows it spoils
        report::print(&rows_merged(outcomes.iter().flat_map(|o| o.diagnostics.iter().cloned()).collect()));
    }
    let code = outcomes.iter().map(|o| match o.status {
        Status::Ok | Status::Skipped => exit::OK,
        Status::Invalid => exit::INVALID_INPUT,
        Status::Failed => exit::OUTPUT,
    });
    let code = code.max().unwrap_or(exit::OK).max(printed);
    if !inputs.quiet && !inputs.json && outcomes.len() > 1 && std::io::stderr().is_terminal() {
        let ok = outcomes.iter().filter(|o| o.status == Status::Ok).count();
        say!("{ok} of {} documents {}", outcomes.len(), if build.is_some() { "built" } else { "valid" });
    }
    code
}

// ---- the plan ----------------------------------------------------------------------------

fn plan(inputs: &Inputs, build: Option<&BuildArgs>) -> Result<Vec<Job>, Stop> {
    let sources = expand_inputs(&inputs.inputs)?;
    let set: Vec<Override> = inputs
        .set
        .iter()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok(Override { key: k.trim().to_string(), value: v.to_string(), origin: format!("--set {}", k.trim()) }),
            _ => Err(usage(format!("--set `{kv}` is not KEY=VALUE")).with_hint("write --set document.addressee=\"…\"")),
        })
        .collect::<Result<_, _>>()?;
    // a key the format does not have is a slip of the command line: said once, exit 2
    // (not once per input and row, as an error of each document)
    let unknown: Vec<Diagnostic> = set
        .iter()
        .filter_map(|o| {
            let hint = model::unsettable_hint(&o.key)?;
            Some(Diagnostic::error(format!("--set {}: the input format has no key `{}` that can be set", o.key, o.key)).with_hint(hint))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Stop { code: exit::USAGE, diagnostics: unknown });
    }
    // the command line before the files it names
    if inputs.each.is_some() && build.is_some_and(|b| b.out_dir.is_none()) {
        return Err(usage("--each needs --out-dir DIR"));
    }
    let (columns, rows) = match &inputs.each {
        Some(csv) => {
            let (columns, rows) = read_rows(csv)?;
            (columns, Some(rows))
        }
        None => (Vec::new(), None),
    };
    if let Some(pattern) = build.and_then(|b| b.name.as_ref()) {
        let Some(csv) = &inputs.each else {
            return Err(usage("--name names the copies made with --each; add --each FILE.csv")
                .with_hint("a single document is named with -o FILE; --per-signatory copies are named after their organisations"));
        };
        let mut keys: Vec<&str> = set.iter().map(|o| o.key.as_str()).collect();
        // the header's columns, even one whose cells are all empty
        keys.extend(columns.iter().map(String::as_str).filter(|c| !c.is_empty() && *c != "file"));
        check_pattern(pattern, &keys, csv)?;
    }

    // documents: input × row
    struct Draft {
        input: Input,
        overrides: Vec<Override>,
        /// a name for the output when there are several: from the row, else the input
        name: String,
        row: Option<usize>,
    }
    let mut drafts = Vec::new();
    for input in &sources {
        let stem = match input {
            Input::File(p) => p.file_stem().map_or_else(|| "resolution".into(), |s| s.to_string_lossy().into_owned()),
            Input::Stdin(_) => "stdin".into(),
        };
        match &rows {
            None => drafts.push(Draft { input: input.clone(), overrides: set.clone(), name: stem.clone(), row: None }),
            Some(rows) => {
                let last_row = rows.last().map_or(0, |r| r.number);
                for row in rows {
                    let mut overrides = set.clone();
                    overrides.extend(row.overrides.iter().cloned());
                    // the rule of naming.rs, in the README's table
                    let name = match (row.file.as_deref().and_then(naming::file_name), build.and_then(|b| b.name.as_ref())) {
                        (Some(file), _) => file,
                        // a pattern whose keys this row leaves empty names it by its row
                        (None, Some(pattern)) => match fill_pattern(pattern, &overrides, row.number) {
                            Some(filled) => naming::slug(&filled),
                            None => naming::row_name(&stem, row.number, last_row),
                        },
                        (None, None) => naming::row_name(&stem, row.number, last_row),
                    };
                    drafts.push(Draft { input: input.clone(), overrides, name, row: Some(row.number) });
                }
            }
        }
    }

    // per signatory: each document becomes one per organisation
    let mut jobs_names: Vec<(Draft, Option<(usize, String)>)> = Vec::new();
    if build.is_some_and(|b| b.per_signatory) {
        for draft in drafts {
            let doc = load(&draft.input, &draft.overrides);
            match doc {
                Ok(doc) => {
                    let orgs: Vec<String> = doc.signatories.iter().flat_map(|g| &g.organizations).map(|o| o.name.plain()).collect();
                    if orgs.is_empty() {
                        return Err(Stop {
                            code: exit::INVALID_INPUT,
                            diagnostics: vec![
                                Diagnostic::error(format!("{} lists no signatories to make copies for", draft.input.display()))
                                    .with_hint("add [[signatories]] groups, or build without --per-signatory"),
                            ],
                        });
                    }
                    let several = sources.len() > 1 || rows.is_some();
                    for (i, org) in orgs.iter().enumerate() {
                        let name = if several { format!("{}-{}", draft.name, naming::slug(org)) } else { naming::slug(org) };
                        let copy = Draft { input: draft.input.clone(), overrides: draft.overrides.clone(), name, row: draft.row };
                        jobs_names.push((copy, Some((i, org.clone()))));
                    }
                }
                // reported when the job runs
                Err(_) => jobs_names.push((draft, None)),
            }
        }
    } else {
        jobs_names = drafts.into_iter().map(|d| (d, None)).collect();
    }

    // outputs
    let Some(build) = build else {
        return Ok(jobs_names.into_iter().map(|(d, copy)| Job::new(d.input, d.overrides, None, d.row, copy)).collect());
    };
    let several = jobs_names.len() > 1;
    if let Some(out) = &build.output {
        if several {
            return Err(usage(format!("-o {} names one file, but this run makes {} documents", out.display(), jobs_names.len()))
                .with_hint("use --out-dir DIR for several documents"));
        }
        if build.out_dir.is_some() {
            return Err(usage("give either -o or --out-dir, not both"));
        }
    }
    let needs_dir = build.per_signatory || rows.is_some();
    if needs_dir && build.out_dir.is_none() {
        return Err(usage(if build.per_signatory { "--per-signatory needs --out-dir DIR" } else { "--each needs --out-dir DIR" }));
    }
    let mut jobs = Vec::new();
    for (draft, copy_for) in jobs_names {
        let output = match (&build.output, &build.out_dir, &draft.input) {
            (Some(o), _, _) if o.as_os_str() == "-" => {
                if std::io::stdout().is_terminal() {
                    return Err(usage("refusing to write a PDF to a terminal").with_hint("redirect standard output to a file, or give -o FILE"));
                }
                if inputs.json {
                    return Err(usage("--json and -o - both write to standard output; choose one"));
                }
                Output::Stdout
            }
            (Some(o), _, _) => Output::File(o.clone()),
            // copies (a CSV row, an organisation) are named as naming.rs says; a plain
            // input keeps its own name in --out-dir whether it came alone or in a folder
            // (resolution.ja.toml -> resolution.ja.pdf); two outputs of one name are
            // refused below rather than told apart by a silent -2
            (None, Some(dir), _) if draft.row.is_some() || copy_for.is_some() => Output::File(dir.join(format!("{}.pdf", draft.name))),
            (None, Some(dir), Input::File(p)) => Output::File(dir.join(p.with_extension("pdf").file_name().unwrap_or_default())),
            (None, Some(dir), Input::Stdin(_)) => Output::File(dir.join("stdin.pdf")),
            (None, None, Input::File(p)) => Output::File(p.with_extension("pdf")),
            (None, None, Input::Stdin(_)) => {
                return Err(usage("a resolution read from standard input needs -o FILE, -o - or --out-dir DIR"));
            }
        };
        if let (Output::File(out), Input::File(input)) = (&output, &draft.input)
            && same_file(input, out)
        {
            return Err(usage(format!("the output {} is the input file itself; choose another name with -o", out.display())));
        }
        jobs.push(Job::new(draft.input, draft.overrides, Some(output), draft.row, copy_for));
    }
    refuse_shared_outputs(&jobs)?;
    // the folder last: a run refused above leaves nothing behind
    if let Some(dir) = &build.out_dir
        && !dir.is_dir()
    {
        // A folder that is not there yet is made, as `mkdir -p` would; anything else in
        // the way is left alone.
        let refuse = |why: String| Stop {
            code: exit::OUTPUT,
            diagnostics: vec![Diagnostic::error(format!("cannot write to {}: {why}", dir.display()))
                .with_hint("give --out-dir the name of a folder, new or existing")],
        };
        if dir.exists() || dir.is_symlink() {
            return Err(refuse("it is not a directory".into()));
        }
        std::fs::create_dir_all(dir).map_err(|e| refuse(format!("it cannot be created ({})", e.kind())))?;
    }
    Ok(jobs)
}

/// Two documents of one run written to the same file: the second would silently replace
/// the first (`build a.toml a.toml`, or `x/r.toml` and a file `x/r`).
fn refuse_shared_outputs(jobs: &[Job]) -> Result<(), Stop> {
    let mut seen: std::collections::HashMap<PathBuf, &Job> = std::collections::HashMap::new();
    for job in jobs {
        let Some(Output::File(path)) = &job.output else { continue };
        // the same file however it is written (`./a.pdf`, `a.pdf`)
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        // case-insensitive file systems (macOS, Windows) make `A.pdf` and `a.pdf`, or
        // `Résumé` composed and decomposed, one file: they count as one name everywhere
        let name = naming::collision_key(&path.file_name().unwrap_or_default().to_string_lossy());
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()).join(name);
        if let Some(first) = seen.insert(key, job) {
            let hint = if job.copy_name.is_some() {
                "the copies are named after their organisations: give the two organisations names that differ in letters or digits"
            } else if job.row.is_some() {
                "give the rows different `file` values, or a --name pattern that tells them apart (e.g. with {row})"
            } else {
                "give each input once; inputs of one name in different folders need outputs in different folders (-o, or one run per --out-dir)"
            };
            return Err(usage(format!("{} and {} would both be written to {}", first.describe(), job.describe(), path.display())).with_hint(hint));
        }
    }
    Ok(())
}

impl Stop {
    fn with_hint(mut self, hint: impl Into<String>) -> Stop {
        if let Some(d) = self.diagnostics.last_mut() {
            d.hint = Some(hint.into());
        }
        self
    }
}

/// Files as they are; folders as the `*.toml` in them, sorted; `-` as standard input.
fn expand_inputs(args: &[PathBuf]) -> Result<Vec<Input>, Stop> {
    let mut out = Vec::new();
    let mut stdin_taken = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_taken, true) {
                return Err(usage("standard input (-) can be read only once"));
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Stop { code: exit::INVALID_INPUT, diagnostics: vec![Diagnostic::error(format!("cannot read standard input: {e}"))] })?;
            out.push(Input::Stdin(Arc::new(bytes)));
        } else if arg.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(arg)
                .map_err(|e| Stop { code: exit::INVALID_INPUT, diagnostics: vec![Diagnostic::error(format!("cannot read the folder {}: {e}", arg.display()))] })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Stop {
                    code: exit::INVALID_INPUT,
                    diagnostics: vec![Diagnostic::error(format!("the folder {} holds no .toml files", arg.display()))],
                });
            }
            out.extend(files.into_iter().map(Input::File));
        } else {
            out.push(Input::File(arg.clone()));
        }
    }
    Ok(out)
}

/// One CSV row: its overrides and, from a `file` column, its output's name.
struct Row {
    number: usize,
    overrides: Vec<Override>,
    file: Option<String>,
}

/// The rows of a `--each` CSV and the keys its header names.
fn read_rows(csv_path: &Path) -> Result<(Vec<String>, Vec<Row>), Stop> {
    let invalid = |message: String| Stop { code: exit::INVALID_INPUT, diagnostics: vec![Diagnostic::error(message).in_file(csv_path)] };
    // read with a bound like every other input (`--each /dev/zero` must not fill the
    // memory); a pipe is allowed, as for the TOML
    let bytes = resolution_pdf::read_input(csv_path, MAX_CSV_BYTES).map_err(|why| match why.as_str() {
        "no such file" => invalid("the CSV file does not exist".into()),
        _ => invalid(format!("cannot read the CSV file: {why}")),
    })?;
    if let Some(row) = unclosed_quote_row(&bytes) {
        return Err(invalid(format!("row {row}: a quoted value is not closed: the rest of the file would be read as one value"))
            .with_hint("close the quote with \", and write a quote inside a quoted value as \"\""));
    }
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::Fields).from_reader(&bytes[..]);
    let headers: Vec<String> = reader.headers().map_err(|e| invalid(csv_problem(&e, 1)))?.iter().map(String::from).collect();
    if headers.iter().all(String::is_empty) {
        return Err(invalid("the CSV file is empty".into())
            .with_hint("its first row names the keys to set (document.addressee, …), each further row makes one copy"));
    }
    // a spreadsheet saved with semicolons (the comma is the decimal mark in much of Europe)
    if headers.len() == 1 && headers[0].contains(';') {
        return Err(invalid(format!("the header (row 1) is one column, `{}`: the file is separated by semicolons", headers[0]))
            .with_hint("save the CSV with commas between the values (\"CSV UTF-8, comma-delimited\")"));
    }
    // a column that names no key is reported once, here, not once per row
    let unknown: Vec<Diagnostic> = headers
        .iter()
        .filter(|h| !h.is_empty() && *h != "file")
        .filter_map(|key| {
            let hint = model::unsettable_hint(key)?;
            Some(Diagnostic::error(format!("the header (row 1) names `{key}`, which is not a key that can be set")).in_file(csv_path).with_hint(hint))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Stop { code: exit::INVALID_INPUT, diagnostics: unknown });
    }
    // a key given twice would be set twice, the last silently winning
    let mut seen = std::collections::HashSet::new();
    let doubled: Vec<&str> = headers.iter().filter(|h| !h.is_empty() && !seen.insert(h.as_str())).map(String::as_str).collect();
    if !doubled.is_empty() {
        return Err(invalid(format!("the header (row 1) names {} twice", doubled.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")))
            .with_hint("give each key one column"));
    }
    let name = csv_path.file_name().map_or_else(|| csv_path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // the header is row 1, the first record row 2, as a spreadsheet numbers them
        let number = i + 2;
        let record = record.map_err(|e| invalid(csv_problem(&e, number)))?;
        let mut row = Row { number, overrides: Vec::new(), file: None };
        for (key, value) in headers.iter().zip(record.iter()) {
            if key == "file" {
                row.file = Some(value.to_string()).filter(|v| !v.is_empty());
            } else if !value.is_empty() {
                row.overrides.push(Override { key: key.clone(), value: value.to_string(), origin: format!("row {number} of {name}, column `{key}`") });
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(invalid("the header is followed by no rows".into()).with_hint("add one row per copy under the header"));
    }
    Ok((headers, rows))
}

/// Problems that differ only in the CSV row they come from ("… (in row 3 of x.csv,
/// column `style.font_size_pt`)", the origin [`read_rows`] gives a cell) given once, with the rows listed: "… (in rows 2, 3
/// and 4 of x.csv, column `style.font_size_pt`)". Order is kept: each merged problem
/// stands where its first row's did.
pub fn rows_merged(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // (the message before the row, after it, the hint) -> its place in `out`, its rows
    let mut seen: std::collections::HashMap<(String, String, Option<String>), (usize, Vec<String>)> = Default::default();
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in diags {
        let Some((before, row, after)) = row_of(&d.message) else {
            out.push(d);
            continue;
        };
        let key = (before.to_string(), after.to_string(), d.hint.clone());
        let row = row.to_string();
        match seen.get_mut(&key) {
            Some((_, rows)) => rows.push(row),
            None => {
                seen.insert(key, (out.len(), vec![row]));
                out.push(d);
            }
        }
    }
    for ((before, after, _), (at, rows)) in seen {
        if rows.len() > 1 {
            let (last, rest) = rows.split_last().expect("two rows or more");
            out[at].message = format!("{before} (in rows {} and {last}{after}", rest.join(", "));
        }
    }
    out
}

/// "… (in row 3 of …" split at the row's number: (before, "3", " of …").
fn row_of(message: &str) -> Option<(&str, &str, &str)> {
    let start = message.rfind(" (in row ")?;
    let number = &message[start + " (in row ".len()..];
    let digits = number.len() - number.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &number[digits..];
    (digits > 0 && after.starts_with(" of ")).then(|| (&message[..start], &number[..digits], after))
}

/// A `--name` pattern whose every `{key}` is closed and names `row` or a key the copies
/// set (a CSV column or a --set key); a key the CSV does not have would name every copy
/// `row-N` without a word.
fn check_pattern(pattern: &str, keys: &[&str], csv: &Path) -> Result<(), Stop> {
    if !pattern.chars().any(char::is_alphanumeric) {
        return Err(usage(format!("--name \"{pattern}\" names nothing")).with_hint("give keys in braces, e.g. --name \"{document.addressee}\", or leave --name out to name copies by their row"));
    }
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(usage(format!("--name \"{pattern}\": a `{{` is not closed")).with_hint("write keys in braces: --name \"{document.addressee}\""));
        };
        let key = &rest[open + 1..open + close];
        if key != "row" && !keys.contains(&key) {
            let mut columns: Vec<&str> = keys.to_vec();
            columns.sort_unstable();
            columns.dedup();
            let close = did_you_mean(key, columns.iter().copied());
            let hint = match close {
                Some(c) => format!("did you mean {{{c}}}?"),
                None => format!("use {{row}} or a column of {}: {}", csv.display(), columns.iter().map(|c| format!("{{{c}}}")).collect::<Vec<_>>().join(", ")),
            };
            return Err(usage(format!("--name \"{pattern}\" uses {{{key}}}, which is not a column of {} nor a --set key", csv.display())).with_hint(hint));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}

/// A CSV reader's complaint in the words of a spreadsheet user: the row (the header being
/// row 1) and the line of the file where they differ (a quoted field may span lines).
/// Largest CSV read for `--each` (ten thousand copies with long addresses are a few MB).
const MAX_CSV_BYTES: u64 = 64 << 20;

/// The row (1-based, as a spreadsheet numbers them) where a quoted value opens that no
/// quote closes. The csv crate reads such a value to the end of the file without a word.
fn unclosed_quote_row(bytes: &[u8]) -> Option<usize> {
    let (mut row, mut in_quotes, mut opened_at, mut at_field_start) = (1, false, 0, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1; // an escaped quote
                } else {
                    in_quotes = false;
                }
            }
            // (a line break inside quotes is part of the value, not the end of a row)
        } else {
            match b {
                b'"' if at_field_start => {
                    in_quotes = true;
                    opened_at = row;
                }
                b'\n' => row += 1,
                _ => {}
            }
            at_field_start = matches!(b, b',' | b'\n' | b'\r') || (at_field_start && matches!(b, b' ' | b'\t'));
        }
        i += 1;
    }
    in_quotes.then_some(opened_at)
}

fn csv_problem(e: &csv::Error, row: usize) -> String {
    let line = e.position().map(|p| p.line() as usize).filter(|&l| l != row);
    let place = match line {
        Some(line) => format!("row {row} (line {line})"),
        None => format!("row {row}"),
    };
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{place} has {len} field{} but the header has {expected_len}; give every row one value per column (an empty one leaves the key as the file has it)", if *len == 1 { "" } else { "s" })
        }
        csv::ErrorKind::Utf8 { .. } => format!("{place} is not valid UTF-8; save the CSV as UTF-8"),
        csv::ErrorKind::Io(io) => format!("cannot read it: {io}"),
        _ => format!("{place}: {e}"),
    }
}

/// "{document.addressee}" → the value of that key in this document's overrides.
fn fill_pattern(pattern: &str, overrides: &[Override], row: usize) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let key = &rest[open + 1..open + close];
        match key {
            "row" => out.push_str(&row.to_string()),
            _ => out.push_str(overrides.iter().rev().find(|o| o.key == key).map_or("", |o| o.value.as_str())),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.chars().any(char::is_alphanumeric).then_some(out)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn load(input: &Input, overrides: &[Override]) -> Result<resolution_pdf::Document, Vec<Diagnostic>> {
    match input {
        Input::File(path) => resolution_pdf::load_with(path, overrides),
        Input::Stdin(bytes) => resolution_pdf::parse_bytes_with("<stdin>", bytes.to_vec(), overrides),
    }
}

// ---- the run -----------------------------------------------------------------------------

/// The pages of `pdf` as PNG files named after `path`: `{p}` in it stands for the page
/// number, else `-N` goes before the extension (numbers padded to the page count's width).
fn write_pngs(path: &std::path::Path, pdf: &[u8], ppi: f32) -> Result<(), Diagnostic> {
    let pages = resolution_pdf::preview::png_pages(pdf, ppi).map_err(|e| Diagnostic::error(e).internal())?;
    let width = pages.len().to_string().len();
    let text = path.to_string_lossy();
    for (i, png) in pages.iter().enumerate() {
        let number = format!("{:0width$}", i + 1);
        let name = if text.contains("{p}") {
            std::path::PathBuf::from(text.replace("{p}", &number))
        } else {
            let stem = path.with_extension("");
            std::path::PathBuf::from(format!("{}-{number}.png", stem.to_string_lossy()))
        };
        write::atomically(&name, png)?;
    }
    Ok(())
}

/// `build --sign`: what certifies each PDF before it is written.
struct Certify<'a> {
    credentials: resolution_pdf::signature::Credentials,
    args: &'a BuildArgs,
}

fn execute(engine: &Engine, jobs: Vec<Job>, inputs: &Inputs, certify: Option<&Certify<'_>>, build_args: Option<&BuildArgs>) -> Vec<Outcome> {
    let threads = inputs.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let progress = (jobs.len() > 1 && !inputs.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let stop = AtomicBool::new(false);
    let run_one = |job: &Job| -> Outcome {
        let input = job.input.display();
        if stop.load(Ordering::Relaxed) {
            return Outcome {
                input,
                row: job.row,
                copy_for: job.copy_name.clone(),
                output: None,
                status: Status::Skipped,
                pages: None,
                bytes: None,
                millis: 0.0,
                diagnostics: Vec::new(),
            };
        }
        let started = Instant::now();
        let options = RenderOptions { standard: inputs.pdf_standard, copy_for: job.copy_for };
        let rendered = load(&job.input, &job.overrides).and_then(|doc| engine.render_with(&doc, &options));
        let rendered = match (rendered, certify) {
            (Ok(mut r), Some(c)) => {
                match super::sign::certify_built(&r.bytes, &c.credentials, &c.args.signing, c.args.sign_field.as_deref(), engine.fonts()) {
                    Ok((pdf, warnings)) => {
                        r.bytes = pdf;
                        r.warnings.extend(warnings.into_iter().map(|w| Diagnostic::error(w).warning()));
                        Ok(r)
                    }
                    Err(e) => Err(vec![Diagnostic::error(format!("cannot certify the PDF: {e}"))]),
                }
            }
            (rendered, _) => rendered,
        };
        let mut outcome = Outcome {
            input,
            row: job.row,
            copy_for: job.copy_name.clone(),
            output: job.output.as_ref().map(|o| match o {
                Output::File(p) => p.display().to_string(),
                Output::Stdout => "-".into(),
            }),
            status: Status::Ok,
            pages: None,
            bytes: None,
            millis: 0.0,
            diagnostics: Vec::new(),
        };
        match rendered {
            Ok(r) => {
                outcome.diagnostics.extend(r.warnings.iter().cloned());
                outcome.pages = Some(r.pages);
                outcome.bytes = Some(r.bytes.len());
                let png = build_args.filter(|b| b.format == "png");
                let written = match &job.output {
                    None => Ok(()),
                    Some(Output::File(path)) if png.is_some() => {
                        let ppi = png.and_then(|b| b.ppi).map_or(resolution_pdf::preview::DEFAULT_PPI, f32::from);
                        write_pngs(path, &r.bytes, ppi)
                    }
                    Some(Output::File(path)) => write::atomically(path, &r.bytes),
                    Some(Output::Stdout) => stdout::write(&r.bytes)
                        .map_err(|e| Diagnostic::error(format!("cannot write to standard output: {e}"))),
                };
                if let Err(e) = written {
                    outcome.status = Status::Failed;
                    outcome.diagnostics.push(e);
                }
            }
            Err(diags) => {
                outcome.status = if diags.iter().any(|d| d.internal) { Status::Failed } else { Status::Invalid };
                outcome.diagnostics = diags;
            }
        }
        if outcome.status != Status::Ok
            && let Some(Output::File(path)) = &job.output
            && path.is_file()
            // a link at the output path has its own error; what it names is no build's
            && !path.is_symlink()
        {
            // Left as it was (a reader never sees a half-made file), but a script that
            // looks for the file must not take it for this run's.
            outcome.diagnostics.push(
                Diagnostic::error(format!("{} was not replaced: the PDF there is from an earlier build", path.display()))
                    .warning()
                    .with_hint("fix the problems above and build again, or remove the old file"),
            );
        }
        if outcome.status != Status::Ok && inputs.fail_fast {
            stop.store(true, Ordering::Relaxed);
        }
        outcome.millis = started.elapsed().as_secs_f64() * 1000.0;
        if inputs.verbose {
            let how = match outcome.status {
                Status::Ok => format!(
                    "{} page{}, {} KB",
                    outcome.pages.unwrap_or(0),
                    if outcome.pages == Some(1) { "" } else { "s" },
                    outcome.bytes.unwrap_or(0).div_ceil(1024)
                ),
                Status::Invalid => "invalid input".into(),
                Status::Failed => "failed".into(),
                Status::Skipped => "skipped".into(),
            };
            let line = format!(
                "{}{}: {how}, {:.1} ms",
                outcome.input,
                outcome.output.as_ref().map_or(String::new(), |o| format!(" → {o}")),
                outcome.millis
            );
            match &progress {
                Some(bar) => bar.println(line),
                None => say!("{line}"),
            }
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        outcome
    };
    // One document is made on the main thread: starting a pool would only cost time.
    let threads = threads.min(jobs.len());
    let pool = (threads > 1).then(|| rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok()).flatten();
    let outcomes: Vec<Outcome> = match pool {
        Some(pool) => pool.install(|| jobs.par_iter().map(run_one).collect()),
        None => jobs.iter().map(run_one).collect(),
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    outcomes
}

impl Outcome {
    /// A document read and checked, not built: each input of `compare`.
    pub fn checked(input: String, status: Status, millis: f64, diagnostics: Vec<Diagnostic>) -> Outcome {
        Outcome { input, row: None, copy_for: None, output: None, status, pages: None, bytes: None, millis, diagnostics }
    }

    pub fn input(&self) -> &str {
        &self.input
    }
    pub fn row(&self) -> Option<usize> {
        self.row
    }
    pub fn copy_for(&self) -> Option<&str> {
        self.copy_for.as_deref()
    }
    pub fn output(&self) -> Option<&str> {
        self.output.as_deref()
    }
    pub fn status(&self) -> Status {
        self.status
    }
    pub fn pages(&self) -> Option<usize> {
        self.pages
    }
    pub fn bytes(&self) -> Option<usize> {
        self.bytes
    }
    pub fn millis(&self) -> f64 {
        self.millis
    }
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_take_keys_and_the_row() {
        let o = |k: &str, v: &str| Override { key: k.into(), value: v.into(), origin: String::new() };
        let overrides = [o("document.addressee", "Parliament of Japan"), o("style.paper", "A4")];
        assert_eq!(fill_pattern("{document.addressee}", &overrides, 2).as_deref(), Some("Parliament of Japan"));
        assert_eq!(fill_pattern("copy-{row}-{style.paper}", &overrides, 7).as_deref(), Some("copy-7-A4"));
        // a row that leaves the pattern's keys empty is named by its row (by the caller)
        assert_eq!(fill_pattern("{document.place} - ", &overrides, 3), None);
    }

    #[test]
    fn a_column_spoiling_rows_is_one_problem() {
        let bad = |row: usize, column: &str| Diagnostic::error(format!("`x` must be a number, found a string (in row {row} of c.csv, column `{column}`)")).with_hint("write a number");
        let merged = rows_merged(vec![bad(2, "a"), Diagnostic::error("other"), bad(3, "a"), bad(4, "b"), bad(5, "a")]);
        let messages: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`x` must be a number, found a string (in rows 2, 3 and 5 of c.csv, column `a`)",
                "other",
                "`x` must be a number, found a string (in row 4 of c.csv, column `b`)",
            ]
        );
    }
}
