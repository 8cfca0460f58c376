//! Text: from styled strings to justified lines of positioned glyphs.
//!
//! The steps, in order: pick a face for every character ([`crate::fonts::FontSet`]), shape
//! runs with rustybuzz ([`shape`]), find break opportunities (ICU line breaking, English
//! hyphenation: [`breaks`]; Japanese rules: [`japanese`]; display lines on sense:
//! [`phrases`]) and cut the paragraph into items ([`prepare`]), choose the breaks with a
//! total-fit breaker ([`linebreak`]) and set each line ([`assemble`]), spending its spaces
//! in the order of [`adjust`] and letting its edge glyphs hang ([`protrusion`]).
//! [`paragraph`] runs these steps. The result is independent of the page: layout decides
//! where the lines go.

pub mod adjust;
mod assemble;
pub mod breaks;
pub mod japanese;
pub mod linebreak;
pub mod paragraph;
mod phrases;
mod prepare;
pub mod protrusion;
pub mod shape;

use std::ops::Range;
use std::sync::Arc;

pub use paragraph::{Align, ParagraphSpec, StyledText, set_line, set_paragraph};
pub use shape::{ShapeCache, Shaped, ShapedGlyph};

use crate::fonts::{Face, FontSet, FontStyle};
use crate::locale::Writing;

/// A glyph placed on a line. Lengths are in em of the run's font size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Horizontal advance (for spaces: the justified width).
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The bytes of [`GlyphRun::text`] this glyph's cluster stands for.
    pub text: Range<usize>,
}

/// Consecutive glyphs of one face and size: what the PDF draws in one go.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    pub face: Arc<Face>,
    pub size: f32,
    /// Start of the run, from the start of the line, in points.
    pub x: f32,
    pub glyphs: Vec<Glyph>,
    /// The text the glyphs stand for (for copying and searching in the PDF).
    pub text: String,
    /// Horizontal scale of the glyphs (font expansion of a justified line; 1 otherwise).
    /// Advances are in em of the unscaled font: a glyph takes `advance * size * expansion`.
    pub expansion: f32,
    /// The run is emphasised text of a Japanese document (set with sesame dots): the tag
    /// tree marks it as emphasis.
    pub emphasis: bool,
}

impl GlyphRun {
    /// The width of the run in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size * self.expansion
    }
}

/// One set line of text.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub runs: Vec<GlyphRun>,
    /// The width the line occupies, in points (the measure, for a justified line).
    pub width: f32,
    /// The line ends with a hyphen the breaker added (a word continues on the next line).
    pub hyphenated: bool,
    /// Marks drawn with the line that are not its text: the sesame dots of Japanese
    /// emphasis, raised above the characters by their glyphs' offsets.
    pub marks: Vec<GlyphRun>,
}

impl Line {
    /// The text of the line, for tests and diagnostics.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A character that no face in the chain can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingGlyph(pub char);

/// Set paragraphs shared by every document of a process. Copies made from one source
/// (`--each`, `--per-signatory`) repeat all their paragraphs but the personalised ones,
/// and setting a paragraph (shaping, hyphenation, total-fit breaking) is a third of a
/// document's time.
#[derive(Default)]
pub struct ParagraphCache {
    lines: std::sync::Mutex<std::collections::HashMap<ParagraphKey, Vec<Line>>>,
}

/// Paragraphs kept at most; past it the cache starts again (a batch of copies needs only
/// one document's worth).
const PARAGRAPH_CACHE_LIMIT: usize = 4096;

impl ParagraphCache {
    /// Paragraphs kept.
    pub fn len(&self) -> usize {
        self.lines.lock().map_or(0, |map| map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &ParagraphKey) -> Option<Vec<Line>> {
        self.lines.lock().ok()?.get(key).cloned()
    }

    fn insert(&self, key: ParagraphKey, lines: &[Line]) {
        if let Ok(mut map) = self.lines.lock() {
            if map.len() >= PARAGRAPH_CACHE_LIMIT {
                map.clear();
            }
            map.insert(key, lines.to_vec());
        }
    }
}

/// Everything a set paragraph depends on. Faces are held (and compared by address), so an
/// address cannot be reused by another face while its entry lives.
#[derive(PartialEq, Eq, Hash)]
struct ParagraphKey {
    faces: Vec<FaceKey>,
    writing: Writing,
    language: String,
    hyphenator: usize,
    spans: Vec<(String, FontStyle)>,
    /// size, measure, first indent (bits), alignment, hyphenate
    spec: (u32, u32, u32, u8, bool),
}

struct FaceKey(Arc<Face>);

impl PartialEq for FaceKey {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for FaceKey {}
impl std::hash::Hash for FaceKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.0) as usize).hash(state);
    }
}

impl ParagraphKey {
    fn new(ctx: &TextContext<'_>, spans: &[StyledText<'_>], spec: &ParagraphSpec) -> ParagraphKey {
        let f = ctx.fonts;
        let faces = [&f.regular, &f.bold, &f.italic, &f.bold_italic, &f.cjk, &f.cjk_heading]
            .into_iter()
            .chain(&f.fallback)
            .map(|face| FaceKey(face.clone()))
            .collect();
        ParagraphKey {
            faces,
            writing: ctx.writing,
            language: ctx.language.clone(),
            hyphenator: ctx.hyphenator.map_or(0, |h| h as *const _ as usize),
            spans: spans.iter().map(|s| (s.text.to_string(), s.style)).collect(),
            spec: (spec.size.to_bits(), spec.measure.to_bits(), spec.first_indent.to_bits(), spec.align as u8, spec.hyphenate),
        }
    }
}

/// What text setting needs for one document: its faces, language rules and caches.
pub struct TextContext<'a> {
    pub fonts: &'a FontSet,
    /// How the language is written: Japanese and Chinese take the ideographic path
    /// (JLREQ's gaps and kinsoku), Korean breaks only between words.
    pub writing: Writing,
    /// Hyphenation patterns, when the language has them.
    pub hyphenator: Option<&'a hyphenation::Standard>,
    pub shapes: ShapeCache,
    /// Hyphenation points by word: words repeat, the patterns are slow to apply.
    hyphenations: std::collections::HashMap<String, Vec<breaks::HyphenPoint>>,
    /// Scale of Latin letters and digits inside Japanese text (1 in other documents).
    latin_scale: f32,
    /// Paragraphs set by earlier documents of the process.
    shared: Option<&'a ParagraphCache>,
    /// The language tag the shapes are made for (empty: none).
    language: String,
}

impl<'a> TextContext<'a> {
    pub fn new(fonts: &'a FontSet, writing: Writing, hyphenator: Option<&'a hyphenation::Standard>) -> Self {
        let latin_scale = if writing == Writing::Ideographic { fonts.latin_scale_in_japanese() } else { 1.0 };
        TextContext {
            fonts,
            writing,
            hyphenator,
            shapes: ShapeCache::default(),
            hyphenations: Default::default(),
            latin_scale,
            shared: None,
            language: String::new(),
        }
    }

    /// Shape for the language of a BCP 47 tag (the fonts' `locl` forms).
    pub fn with_language(mut self, tag: &str) -> Self {
        self.shapes = ShapeCache::for_language(tag);
        self.language = tag.to_string();
        self
    }

    /// Reuse (and keep) paragraphs set by other documents of the process.
    pub fn with_paragraph_cache(mut self, cache: &'a ParagraphCache) -> Self {
        self.shared = Some(cache);
        self
    }

    /// Ideographic writing (Japanese, Chinese): every character a break opportunity, the
    /// gaps of JLREQ, kinsoku.
    pub fn ideographic(&self) -> bool {
        self.writing == Writing::Ideographic
    }

    /// Chinese text (BudouX's Chinese model for its phrases).
    pub fn is_chinese(&self) -> bool {
        self.language.split('-').next().is_some_and(|p| p.eq_ignore_ascii_case("zh"))
    }

    /// Whether `face` is one of the document's Japanese faces.
    pub fn is_japanese_face(&self, face: &Face) -> bool {
        let f = self.fonts;
        std::ptr::eq(face, f.cjk.as_ref()) || std::ptr::eq(face, f.cjk_heading.as_ref())
    }

    /// The size factor for a run in `face`: Latin faces in Japanese text are scaled to
    /// sit well beside the kanji (see [`FontSet::latin_scale_in_japanese`]).
    pub fn scale_of(&self, face: &Face) -> f32 {
        let f = self.fonts;
        let latin = [&f.regular, &f.bold, &f.italic, &f.bold_italic].iter().any(|l| std::ptr::eq(face, l.as_ref()));
        if self.ideographic() && latin { self.latin_scale } else { 1.0 }
    }

    /// Where `word` may be hyphenated, if the language has patterns.
    pub fn hyphenation_points(&mut self, word: &str) -> Vec<breaks::HyphenPoint> {
        let Some(patterns) = self.hyphenator else { return Vec::new() };
        if let Some(points) = self.hyphenations.get(word) {
            return points.clone();
        }
        let points = breaks::hyphenation_points(word, patterns);
        self.hyphenations.insert(word.to_string(), points.clone());
        points
    }
}

pub use crate::unicode::is_default_ignorable;
