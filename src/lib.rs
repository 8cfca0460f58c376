//! resolution-pdf typesets formal resolutions: a TOML description in, a print-ready PDF out.
//!
//! The library's surface is small: [`load`] (or [`parse_bytes`]) reads and validates a
//! resolution into a [`Document`], reporting every problem as a [`Diagnostic`] with its
//! file, line and column; an [`Engine`] renders it ([`Engine::render`],
//! [`Engine::render_with`] for a standard or a signatory's copy,
//! [`Engine::render_parallel`] for a bilingual edition). Beside it: [`compare`] checks a
//! translation against its original, [`signature`] signs and verifies PDFs (PAdES), and
//! [`preview`] draws pages as PNG.
//!
//! An [`Engine`] holds what is expensive to build (parsed fonts, hyphenation patterns)
//! and is shared by every document a process renders, on any thread:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = resolution_pdf::Engine::new();
//! // Both steps return every problem found, each with its file, line and column.
//! let doc = resolution_pdf::load("input/resolution.toml").map_err(|problems| problems[0].to_string())?;
//! let pdf = engine.render(&doc).map_err(|problems| problems[0].to_string())?;
//! assert!(pdf.bytes.starts_with(b"%PDF-") && pdf.pages >= 2);
//! # Ok(())
//! # }
//! ```
//!
//! A problem is a value, not a panic, and says where it is:
//!
//! ```
//! let problems = resolution_pdf::parse_bytes("r.toml", b"[document]\ntitle = \"T\"\nadressee = \"X\"\n".to_vec()).unwrap_err();
//! assert_eq!(problems[0].to_string(), "r.toml:3:1: unknown key `adressee` in [document], did you mean `addressee`? (the keys allowed in [document] are: title, subtitle, short_title, lang, place, date, author, summary, addressee, approval, keywords)");
//! ```
//!
//! The pipeline runs one way, one module per stage — `model` (the input, validated) →
//! `text` (shaping, breaking) → `layout` (lines and pages) → `pdf` (krilla) — gathered
//! under `unstable`: public for this crate's command line, benchmarks and fuzzer, with
//! no stability promise.

#![warn(missing_docs)]

pub mod compare;
mod files;
pub mod preview;
pub mod signature;

#[doc(hidden)]
pub mod unstable;

pub(crate) use unstable::{diag, fonts, images, layout, locale, model, pdf, text, unicode};

use std::path::Path;
use std::sync::OnceLock;

pub use diag::{Diagnostic, Severity, Source};
pub use model::{Document, Override};
pub use pdf::PdfStandard;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// The standard the PDF conforms to (default: PDF/A-2a and PDF/UA-1).
    pub standard: PdfStandard,
    /// Make the copy for one organisation (its index in signatory order): its name in
    /// the footer, its block on the signature page tinted.
    pub copy_for: Option<usize>,
}

/// Shared, read-only state for rendering any number of documents, on any thread.
pub struct Engine {
    fonts: fonts::FontLibrary,
    images: images::ImageLibrary,
    english: OnceLock<hyphenation::Standard>,
    pdf_fonts: pdf::FontCache,
    paragraphs: text::ParagraphCache,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// What the input's reading found worth saying that did not stop it (labels in
    /// English for a language without its own).
    pub warnings: Vec<Diagnostic>,
}

impl Engine {
    /// An engine with the built-in fonts parsed; hyphenation patterns, images and
    /// fonts' PDF forms are loaded when a document first needs them, then kept.
    pub fn new() -> Engine {
        Engine {
            fonts: fonts::FontLibrary::new(),
            images: images::ImageLibrary::default(),
            english: OnceLock::new(),
            pdf_fonts: pdf::FontCache::default(),
            paragraphs: text::ParagraphCache::default(),
        }
    }

    /// The font library (built-in faces and every face loaded so far).
    pub fn fonts(&self) -> &fonts::FontLibrary {
        &self.fonts
    }

    fn hyphenator(&self, doc: &Document) -> Option<&hyphenation::Standard> {
        // Latin words in Japanese text are mostly English names and terms.
        (doc.lang.is_english() || doc.lang.is_japanese()).then(|| self.english.get_or_init(text::breaks::english_hyphenator))
    }

    /// Lay the document out, checking everything short of writing the PDF: fonts load
    /// and cover every character, the images it names can be used.
    pub fn lay_out(&self, doc: &Document) -> Result<layout::Layout, Vec<Diagnostic>> {
        self.lay_out_with(doc, &RenderOptions::default())
    }

    /// The faces of a document: its `[fonts]` over the built-in ones of its language.
    fn document_fonts(&self, doc: &Document) -> Result<fonts::FontSet, Vec<Diagnostic>> {
        let fonts = self.fonts.resolve(&doc.fonts, &doc.source)?;
        Ok(match locale::Writing::of(&doc.lang) {
            locale::Writing::Ideographic if doc.lang.is_japanese() => self.fonts.for_japanese(&fonts),
            locale::Writing::Ideographic => self.fonts.for_chinese(&fonts),
            locale::Writing::Hangul => self.fonts.for_korean(&fonts),
            _ => fonts,
        })
    }

    fn lay_out_with(&self, doc: &Document, options: &RenderOptions) -> Result<layout::Layout, Vec<Diagnostic>> {
        let copy_for = options.copy_for;
        if let Some(problem) = images_over_budget(doc) {
            return Err(vec![problem]);
        }
        let mut problems = check_images(doc, &self.images);
        let fonts = match self.document_fonts(doc) {
            Ok(fonts) => Some(fonts),
            Err(mut errors) => {
                problems.append(&mut errors);
                None
            }
        };
        let layout = fonts.map(|f| {
            let resources = layout::Resources { fonts: &f, hyphenator: self.hyphenator(doc), images: &self.images, copy_for, paragraphs: Some(&self.paragraphs) };
            layout::layout(doc, &resources)
        });
        match layout {
            Some(Ok(layout)) if problems.is_empty() => Ok(layout),
            Some(Err(mut errors)) => {
                problems.append(&mut errors);
                Err(problems)
            }
            _ => Err(problems),
        }
    }

    /// Render the document to PDF bytes, as PDF/A-2a and PDF/UA-1.
    pub fn render(&self, doc: &Document) -> Result<Rendered, Vec<Diagnostic>> {
        self.render_with(doc, &RenderOptions::default())
    }

    /// Render the document to PDF bytes with the given options.
    pub fn render_with(&self, doc: &Document, options: &RenderOptions) -> Result<Rendered, Vec<Diagnostic>> {
        let layout = self.lay_out_with(doc, options)?;
        let pages = layout.pages.len();
        let bytes = self.write(layout, doc, doc.title.plain(), options)?;
        Ok(Rendered { bytes, pages, warnings: doc.warnings.clone() })
    }

    /// The PDF of `layout`, with `doc`'s metadata under `title`.
    fn write(&self, layout: layout::Layout, doc: &Document, title: String, options: &RenderOptions) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let epoch = if doc.date.is_some() { None } else { source_date_epoch()? };
        let meta = pdf::PdfMeta {
            title,
            author: doc.author.as_ref().map(|a| a.plain()),
            subject: doc.summary.as_ref().map(|s| s.plain()),
            language: doc.lang.tag.clone(),
            date: doc.date.map(|d| (d.year, d.month, d.day)),
            epoch,
            modified: doc.modified.map(|d| (d.year, d.month, d.day)),
            keywords: doc.keywords.clone(),
            standard: options.standard,
        };
        pdf::write(layout, &meta, &self.pdf_fonts).map_err(|diags| diags.into_iter().map(|d| d.in_file(doc.source.path.clone())).collect::<Vec<_>>())
    }
}

impl Engine {
    /// A parallel edition: `original` and `translation` side by side, block by block,
    /// each in its own typography (see [`layout::parallel`]); the PDF's metadata are the
    /// original's.
    pub fn render_parallel(&self, original: &Document, translation: &Document, options: &RenderOptions) -> Result<Rendered, Vec<Diagnostic>> {
        if let Some(problem) = images_over_budget(original).or_else(|| images_over_budget(translation)) {
            return Err(vec![problem]);
        }
        let mut problems = check_images(original, &self.images);
        problems.extend(check_images(translation, &self.images));
        let fonts = (self.document_fonts(original), self.document_fonts(translation));
        let (left_fonts, right_fonts) = match fonts {
            (Ok(l), Ok(r)) if problems.is_empty() => (l, r),
            (l, r) => {
                problems.extend(l.err().into_iter().flatten());
                problems.extend(r.err().into_iter().flatten());
                return Err(problems);
            }
        };
        let left = layout::Resources { fonts: &left_fonts, hyphenator: self.hyphenator(original), images: &self.images, copy_for: None, paragraphs: Some(&self.paragraphs) };
        let right = layout::Resources { fonts: &right_fonts, hyphenator: self.hyphenator(translation), images: &self.images, copy_for: None, paragraphs: Some(&self.paragraphs) };
        let layout = layout::parallel::layout_parallel(
            layout::parallel::Side { doc: original, res: &left },
            layout::parallel::Side { doc: translation, res: &right },
        )?;
        let title = format!("{} / {}", original.title.plain(), translation.title.plain());
        let pages = layout.pages.len();
        let bytes = self.write(layout, original, title, options)?;
        let mut warnings = original.warnings.clone();
        warnings.extend(translation.warnings.iter().cloned());
        Ok(Rendered { bytes, pages, warnings })
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible builds): seconds since 1970 up to the end of 9999;
/// unset or empty is none, anything else an error rather than a silently other date.
fn source_date_epoch() -> Result<Option<i64>, Vec<Diagnostic>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    if value.trim().is_empty() {
        return Ok(None);
    }
    match value.trim().parse::<i64>() {
        Ok(seconds) if (0..=253_402_300_799).contains(&seconds) => Ok(Some(seconds)),
        _ => Err(vec![Diagnostic::error(format!("SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970 (up to the year 9999)"))
            .with_hint("set it to e.g. $(date +%s), or unset it; `date = YYYY-MM-DD` in [document] takes precedence")]),
    }
}

/// Read a file the program takes as input (a CSV of copies, say) with a bound: a path to
/// `/dev/zero` or a runaway generator gives an error, not a full memory. Pipes are read.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    files::read_bounded(path, limit, false)
}

/// Read and validate a resolution file.
pub fn load(path: impl AsRef<Path>) -> Result<Document, Vec<Diagnostic>> {
    load_with(path, &[])
}

/// Read and validate a resolution file, with values set from outside it.
pub fn load_with(path: impl AsRef<Path>, overrides: &[model::Override]) -> Result<Document, Vec<Diagnostic>> {
    let path = path.as_ref();
    let cannot = |why: String| vec![Diagnostic::error(format!("cannot read the file: {why}")).in_file(path)];
    // a pipe is allowed: `build <(generate-toml)` reads one
    let bytes = files::read_bounded(path, files::MAX_TOML_BYTES, false).map_err(cannot)?;
    let mut doc = parse_bytes_with(path, bytes, overrides)?;
    doc.modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| {
            let (year, month, day, ..) = pdf::civil_from_epoch(d.as_secs() as i64);
            model::Date { year, month, day }
        });
    Ok(doc)
}

/// Validate a resolution given as bytes (`path` names it in messages).
pub fn parse_bytes(path: impl AsRef<Path>, bytes: Vec<u8>) -> Result<Document, Vec<Diagnostic>> {
    parse_bytes_with(path, bytes, &[])
}

/// Validate a resolution given as bytes, with values set from outside it.
pub fn parse_bytes_with(path: impl AsRef<Path>, bytes: Vec<u8>, overrides: &[model::Override]) -> Result<Document, Vec<Diagnostic>> {
    let path = path.as_ref();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let source = Source::new(path, good);
            let utf16 = e.as_bytes().starts_with(&[0xFF, 0xFE]) || e.as_bytes().starts_with(&[0xFE, 0xFF]);
            let message = if utf16 { "the file is UTF-16, not UTF-8" } else { "the file is not valid UTF-8 here" };
            return Err(vec![
                source
                    .error(valid..valid, message)
                    .with_hint("save the file as UTF-8 (most editors offer it under “Save with encoding”)"),
            ]);
        }
    };
    // A byte-order mark is allowed, and is not counted in columns.
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    model::parse_with(&Source::new(path, text), overrides)
}

/// Every image the document names (signatures, seals) must be a readable, sound image:
/// each problem is reported at its key, with the organisation it belongs to.
/// The document's images together, from their headers: a document of many huge scans is
/// refused before one of them is decoded (checking an image decodes it).
fn images_over_budget(doc: &Document) -> Option<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let mut sizes: Vec<(u64, &model::FileRef)> = Vec::new();
    for org in doc.signatories.iter().flat_map(|g| &g.organizations) {
        for file in org.signature.iter().chain(org.seal.iter()) {
            if seen.insert(file.path.clone())
                && let Some(pixels) = images::declared_pixels(&file.path)
            {
                sizes.push((pixels, file));
            }
        }
    }
    let total: u64 = sizes.iter().map(|s| s.0).sum();
    if total > images::DOCUMENT_PIXELS {
        let mut at = sizes.iter().scan(0u64, |sum, s| {
            *sum += s.0;
            Some((*sum, s.1))
        });
        let crossing = at.find(|(sum, _)| *sum > images::DOCUMENT_PIXELS).map(|(_, f)| f).unwrap_or(sizes[0].1);
        let mut largest = sizes.clone();
        largest.sort_by_key(|s| std::cmp::Reverse(s.0));
        let names: Vec<String> = largest.iter().take(5).map(|(p, f)| format!("`{}` ({} million)", f.given, p / 1_000_000)).collect();
        return Some(
            doc.source
                .error(
                    crossing.span.clone(),
                    format!(
                        "the document's images hold {} million pixels together, more than the {} million one document may use; the largest: {}",
                        total / 1_000_000,
                        images::DOCUMENT_PIXELS / 1_000_000,
                        names.join(", ")
                    ),
                )
                .with_label("the budget runs out here")
                .with_hint("scan signatures and seals at 300 to 600 dpi and crop them to the ink: a signature needs a few million pixels"),
        );
    }
    None
}

fn check_images(doc: &Document, images: &images::ImageLibrary) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for org in doc.signatories.iter().flat_map(|g| &g.organizations) {
        for (file, what) in [(&org.signature, "signature"), (&org.seal, "seal")] {
            let Some(file) = file else { continue };
            if let Err(e) = images.load(&file.path) {
                problems.push(
                    doc.source
                        .error(file.span.clone(), format!("the {what} image `{}` of {} cannot be used: {}", file.given, org.name.plain(), e.0))
                        .with_hint(format!(
                            "give a PNG or JPEG file (TIFF, BMP, WebP and GIF are converted); the path is relative to this TOML file ({})",
                            doc.source.base_dir().display()
                        )),
                );
            }
        }
    }
    problems
}
