//! One fuzz case through the library's pipeline, and the invariants every outcome must
//! keep. Shared, by `#[path]`, between the harness (fuzz/src/main.rs) and the regression
//! test the normal `cargo test` runs (tests/fuzz_regressions.rs): a finding replays the
//! same code in both.
//!
//! A case is a directory: `case.toml` (and `translation.toml` for a parallel edition) or
//! `case.pdf`, the font and image files they name, and optionally `base`, the folder
//! (relative to the repository) that the TOML's relative paths are resolved against
//! instead of the case's own (a mutated `examples/signed/resolution.toml` still finds its
//! scans), and `ops`, the rendering options the harness used.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use resolution_pdf::{Diagnostic, Document, Engine, PdfStandard, RenderOptions};

/// What a case holds.
#[derive(Debug, Clone, Default)]
pub struct Case {
    pub toml: Option<Vec<u8>>,
    pub translation: Option<Vec<u8>>,
    pub pdf: Option<Vec<u8>>,
    /// The path the TOML is given under: its folder resolves relative paths.
    pub path: PathBuf,
}

/// How a TOML case is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ops {
    pub standard: PdfStandard,
    pub copy_for: Option<usize>,
    /// Set the translation beside the original (and compare them), if there is one.
    pub parallel: bool,
    /// Rasterize the PDF made (`build -f png`), at a low resolution.
    pub preview: bool,
    /// Read the PDF made back with the signature verifier.
    pub verify: bool,
}

pub const STANDARDS: [PdfStandard; 6] =
    [PdfStandard::A2aUa1, PdfStandard::A2b, PdfStandard::A3b, PdfStandard::A4, PdfStandard::Ua1, PdfStandard::None];

impl Ops {
    /// `standard=2 copy_for=0 parallel preview verify`: written to a finding's `ops`.
    pub fn line(&self) -> String {
        let index = STANDARDS.iter().position(|s| *s == self.standard).unwrap_or(0);
        let mut line = format!("standard={index}");
        if let Some(c) = self.copy_for {
            line.push_str(&format!(" copy_for={c}"));
        }
        for (on, name) in [(self.parallel, "parallel"), (self.preview, "preview"), (self.verify, "verify")] {
            if on {
                line.push(' ');
                line.push_str(name);
            }
        }
        line
    }

    pub fn from_line(line: &str) -> Ops {
        let mut ops = Ops::default();
        for word in line.split_whitespace() {
            match word.split_once('=') {
                Some(("standard", i)) => ops.standard = i.parse::<usize>().ok().and_then(|i| STANDARDS.get(i).copied()).unwrap_or_default(),
                Some(("copy_for", c)) => ops.copy_for = c.parse().ok(),
                _ if word == "parallel" => ops.parallel = true,
                _ if word == "preview" => ops.preview = true,
                _ if word == "verify" => ops.verify = true,
                _ => {}
            }
        }
        ops
    }

    /// Every way a replay renders a case (a few, so the regression test stays fast): the
    /// recorded options, the default, and everything else at once: no standard, a copy for
    /// the first signatory, the parallel edition, the preview and the verifier.
    pub fn all(recorded: Option<Ops>) -> Vec<Ops> {
        let mut all: Vec<Ops> = recorded.into_iter().collect();
        all.push(Ops::default());
        all.push(Ops { standard: PdfStandard::None, copy_for: Some(0), parallel: true, preview: true, verify: true });
        all
    }
}

/// How a case ended, when it kept the invariants.
#[derive(Debug)]
pub enum Outcome {
    Rendered { pdf: Vec<u8>, pages: usize },
    /// Refused with diagnostics: the first one's message.
    Refused(String),
}

/// Read a case directory (see the module's comment); `root` is the repository.
pub fn load_case(dir: &Path, root: &Path) -> std::io::Result<(Case, Option<Ops>)> {
    let read = |name: &str| std::fs::read(dir.join(name)).ok();
    let base = std::fs::read_to_string(dir.join("base")).ok().map(|b| root.join(b.trim()));
    let path = base.unwrap_or_else(|| dir.to_path_buf()).join("case.toml");
    let case = Case { toml: read("case.toml"), translation: read("translation.toml"), pdf: read("case.pdf"), path };
    if case.toml.is_none() && case.pdf.is_none() {
        return Err(std::io::Error::other(format!("{}: neither case.toml nor case.pdf", dir.display())));
    }
    let ops = std::fs::read_to_string(dir.join("ops")).ok().map(|l| Ops::from_line(&l));
    Ok((case, ops))
}

/// The date `load` takes from the file's modification time: a document without a date
/// needs one for PDF/A.
fn as_loaded(mut doc: Document) -> Document {
    if doc.modified.is_none() {
        doc.modified = Some(resolution_pdf::unstable::model::Date { year: 2024, month: 1, day: 1 });
    }
    doc
}

/// Run the case; `Err` is a broken invariant. A panic is the caller's to catch.
pub fn run(engine: &Engine, case: &Case, ops: &Ops) -> Result<Outcome, String> {
    if let Some(pdf) = &case.pdf {
        return match resolution_pdf::signature::verify(pdf) {
            Ok(_) => Ok(Outcome::Rendered { pdf: Vec::new(), pages: 0 }),
            Err(e) if e.to_string().trim().is_empty() => Err("verify: an error without a message".into()),
            Err(e) => Ok(Outcome::Refused(e.to_string())),
        };
    }
    let Some(toml) = &case.toml else { return Err("empty case".into()) };
    let doc = match resolution_pdf::parse_bytes(&case.path, toml.clone()) {
        Ok(doc) => as_loaded(doc),
        Err(problems) => return refused("parse", &problems, true),
    };
    check_diagnostics("parse warnings", &doc.warnings, true, false)?;
    let translation = match (&case.translation, ops.parallel) {
        (Some(bytes), true) => match resolution_pdf::parse_bytes(case.path.with_file_name("translation.toml"), bytes.clone()) {
            Ok(t) => Some(as_loaded(t)),
            Err(problems) => return refused("parse translation", &problems, true),
        },
        _ => None,
    };
    let options = RenderOptions { standard: ops.standard, copy_for: ops.copy_for.filter(|&c| c < signatory_count(&doc)) };
    let rendered = match &translation {
        Some(t) => {
            let comparison = resolution_pdf::compare::compare(&doc, t);
            check_diagnostics("compare", &comparison.diagnostics, false, false)?;
            engine.render_parallel(&doc, t, &options)
        }
        None => engine.render_with(&doc, &options),
    };
    let rendered = match rendered {
        Ok(r) => r,
        Err(problems) => return refused("render", &problems, false),
    };
    check_pdf(&rendered.bytes, rendered.pages)?;
    if ops.verify {
        resolution_pdf::signature::verify(&rendered.bytes).map_err(|e| format!("verify refuses a PDF we made: {e}"))?;
    }
    if ops.preview {
        let pngs = resolution_pdf::preview::png_pages(&rendered.bytes, 8.0).map_err(|e| format!("preview refuses a PDF we made: {e}"))?;
        if pngs.len() != rendered.pages {
            return Err(format!("preview made {} images of {} pages", pngs.len(), rendered.pages));
        }
    }
    Ok(Outcome::Rendered { pdf: rendered.bytes, pages: rendered.pages })
}

fn signatory_count(doc: &Document) -> usize {
    doc.signatories.iter().map(|g| g.organizations.len()).sum()
}

fn refused(stage: &str, problems: &[Diagnostic], located: bool) -> Result<Outcome, String> {
    check_diagnostics(stage, problems, located, true)?;
    Ok(Outcome::Refused(problems[0].message.clone()))
}

/// Diagnostics must say something, and say where: a span the command line can show.
pub fn check_diagnostics(stage: &str, problems: &[Diagnostic], located: bool, refusal: bool) -> Result<(), String> {
    if refusal && !problems.iter().any(Diagnostic::is_error) {
        return Err(format!("{stage}: refused without an error ({} diagnostics)", problems.len()));
    }
    for d in problems {
        if d.message.trim().is_empty() {
            return Err(format!("{stage}: a diagnostic without a message: {d:?}"));
        }
        if d.internal {
            return Err(format!("{stage}: an internal error (the program failed, not the input): {}", d.message));
        }
        if located && d.file.is_none() {
            return Err(format!("{stage}: a diagnostic of the input without its file: {}", d.message));
        }
        if let (Some(span), Some(source)) = (&d.span, &d.source) {
            let text = &source.text;
            if span.start > span.end || span.end > text.len() || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
                return Err(format!("{stage}: span {span:?} is not within the {} bytes of the text: {}", text.len(), d.message));
            }
        }
        if let (Some(line), Some(source)) = (d.line, &d.source)
            && line > source.text.lines().count().max(1) + 1
        {
            return Err(format!("{stage}: line {line} is past the end of the text: {}", d.message));
        }
    }
    Ok(())
}

/// A PDF we made must be read by an independent reader, with the pages we counted.
pub fn check_pdf(bytes: &[u8], pages: usize) -> Result<(), String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("lopdf cannot read the PDF made: {e}"))?;
    let found = doc.get_pages().len();
    if found != pages {
        return Err(format!("the PDF has {found} pages, the renderer said {pages}"));
    }
    if pages == 0 {
        return Err("a PDF without pages".into());
    }
    Ok(())
}
