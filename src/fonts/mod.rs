//! Fonts: the built-in faces compiled into the binary, faces loaded from `[fonts]`, and
//! the chain that decides which face draws a character.
//!
//! A [`Face`] is parsed lazily, at most once per process, and then shared read-only by
//! every document and thread. The [`FontLibrary`] owns the built-in faces and a cache of
//! user faces by path; a [`FontSet`] is one document's selection.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustybuzz::ttf_parser;
use self_cell::self_cell;

use crate::diag::{Diagnostic, Source};
use crate::model::{FileRef, FontOverrides};

/// The bytes of a font file, shared without copying.
#[derive(Clone)]
pub enum FontData {
    Static(&'static [u8]),
    Shared(Arc<Vec<u8>>),
}

impl AsRef<[u8]> for FontData {
    fn as_ref(&self) -> &[u8] {
        match self {
            FontData::Static(s) => s,
            FontData::Shared(v) => v,
        }
    }
}

self_cell!(
    /// A parsed rustybuzz face together with the bytes it borrows from.
    struct ParsedFace {
        owner: FontData,
        #[covariant]
        dependent: ShapingFace,
    }
);

type ShapingFace<'a> = rustybuzz::Face<'a>;

/// One font face (one file, or one face of a collection).
pub struct Face {
    /// Unique within the process; keys caches in later stages.
    id: u64,
    /// A short name for messages: the file name.
    name: String,
    data: FontData,
    index: u32,
    parsed: OnceLock<Option<ParsedFace>>,
}

static NEXT_FACE_ID: AtomicU64 = AtomicU64::new(1);

impl Face {
    pub(crate) fn new(name: impl Into<String>, data: FontData, index: u32) -> Face {
        Face {
            id: NEXT_FACE_ID.fetch_add(1, Ordering::Relaxed),
            name: name.into(),
            data,
            index,
            parsed: OnceLock::new(),
        }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn data(&self) -> &FontData {
        &self.data
    }

    pub fn index(&self) -> u32 {
        self.index
    }

    fn parsed(&self) -> Option<&ParsedFace> {
        self.parsed
            .get_or_init(|| {
                ParsedFace::try_new(self.data.clone(), |data| {
                    rustybuzz::Face::from_slice(data.as_ref(), self.index).ok_or(())
                })
                .ok()
            })
            .as_ref()
    }

    /// The shaping face. Built-in faces always parse; user faces are checked on load.
    pub fn shaper(&self) -> &rustybuzz::Face<'_> {
        self.parsed().expect("faces are validated when loaded").borrow_dependent()
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.shaper().glyph_index(c).is_some()
    }

    pub fn units_per_em(&self) -> f32 {
        self.shaper().units_per_em() as f32
    }

    /// Ascender and descender (negative) in em units, from the typographic metrics.
    pub fn vertical_metrics(&self) -> (f32, f32) {
        let f = self.shaper();
        let upem = self.units_per_em();
        (f.ascender() as f32 / upem, f.descender() as f32 / upem)
    }
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Face({} #{})", self.name, self.id)
    }
}

/// What a piece of text asks for; the chain picks the face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FontStyle {
    pub bold: bool,
    pub italic: bool,
}

/// The built-in faces, compiled into the binary.
pub mod builtin {
    pub const SERIF_REGULAR: &[u8] = include_bytes!("../../fonts/noto-serif/NotoSerif-Regular.ttf");
    pub const SERIF_BOLD: &[u8] = include_bytes!("../../fonts/noto-serif/NotoSerif-Bold.ttf");
    pub const SERIF_ITALIC: &[u8] = include_bytes!("../../fonts/noto-serif/NotoSerif-Italic.ttf");
    pub const SERIF_BOLD_ITALIC: &[u8] = include_bytes!("../../fonts/noto-serif/NotoSerif-BoldItalic.ttf");
    /// The Latin face of Japanese documents: its stems match IPAex Mincho's (see
    /// [`super::FontLibrary::for_japanese`]).
    pub const SERIF_LIGHT: &[u8] = include_bytes!("../../fonts/noto-serif/NotoSerif-Light.ttf");
    pub const SERIF_LIGHT_ITALIC: &[u8] = include_bytes!("../../fonts/noto-serif/NotoSerif-LightItalic.ttf");
    pub const MINCHO: &[u8] = include_bytes!("../../fonts/ipaex/ipaexm.ttf");
    pub const GOTHIC: &[u8] = include_bytes!("../../fonts/ipaex/ipaexg.ttf");
    /// The Hangul faces of Korean documents (see [`super::FontLibrary::for_korean`]).
    pub const MYEONGJO: &[u8] = include_bytes!("../../fonts/nanum/NanumMyeongjo.ttf");
    pub const KOREAN_GOTHIC: &[u8] = include_bytes!("../../fonts/nanum/NanumGothicBold.ttf");
}

/// The faces of one document, by role.
#[derive(Debug, Clone)]
pub struct FontSet {
    pub regular: Arc<Face>,
    pub bold: Arc<Face>,
    pub italic: Arc<Face>,
    pub bold_italic: Arc<Face>,
    /// East Asian body text: Mincho (Japanese, Chinese), Myeongjo (Korean).
    pub cjk: Arc<Face>,
    /// East Asian headings and bold: Gothic.
    pub cjk_heading: Arc<Face>,
    /// Tried in order for characters the others lack.
    pub fallback: Vec<Arc<Face>>,
}

impl FontSet {
    /// The Latin face for a style.
    pub fn latin(&self, style: FontStyle) -> &Arc<Face> {
        match (style.bold, style.italic) {
            (false, false) => &self.regular,
            (true, false) => &self.bold,
            (false, true) => &self.italic,
            (true, true) => &self.bold_italic,
        }
    }

    /// The Japanese face for a style: Gothic stands in for bold.
    pub fn japanese(&self, style: FontStyle) -> &Arc<Face> {
        if style.bold { &self.cjk_heading } else { &self.cjk }
    }

    /// The face that draws `c` in `style`: the style's face, the regular face, the
    /// Japanese face, then the fallbacks. `None` when no face has the character.
    pub fn face_for(&self, c: char, style: FontStyle, prefer_japanese: bool) -> Option<&Arc<Face>> {
        let latin = self.latin(style);
        let japanese = self.japanese(style);
        let primary: [&Arc<Face>; 3] =
            if prefer_japanese { [japanese, latin, &self.regular] } else { [latin, &self.regular, japanese] };
        primary.into_iter().chain(self.fallback.iter()).find(|face| face.has_char(c))
    }
}

impl FontSet {
    /// How much to scale the Latin face inside Japanese text so that its letters match
    /// the Japanese face's own Latin letters, which its designers sized to sit beside the
    /// kanji: the geometric mean of the cap-height and x-height ratios, kept within
    /// 0.85–1.0. Noto Serif beside IPAex Mincho: caps 0.715 em in both, x-height 0.492
    /// against 0.536 em, so 0.96 (the same for its Light weight, which Japanese documents
    /// use: the weights of Noto Serif share their heights).
    pub fn latin_scale_in_japanese(&self) -> f32 {
        let heights = |face: &Face| {
            let f = face.shaper();
            let upem = face.units_per_em();
            Some((f.capital_height()? as f32 / upem, f.x_height()? as f32 / upem))
        };
        match (heights(&self.cjk), heights(&self.regular)) {
            (Some((jc, jx)), Some((lc, lx))) if lc > 0.0 && lx > 0.0 && jc > 0.0 && jx > 0.0 => {
                ((jc / lc) * (jx / lx)).sqrt().clamp(0.85, 1.0)
            }
            _ => 1.0,
        }
    }
}

/// The process-wide store of faces: built-in ones and those loaded from files, each
/// parsed once and shared.
pub struct FontLibrary {
    builtin: FontSet,
    /// Noto Serif Light and Light Italic: the Latin faces beside the built-in Mincho.
    japanese_latin: (Arc<Face>, Arc<Face>),
    /// Nanum Myeongjo and Nanum Gothic Bold: the Hangul faces.
    korean: (Arc<Face>, Arc<Face>),
    loaded: Mutex<HashMap<PathBuf, Result<Arc<Face>, String>>>,
    /// Latin faces with a Japanese face's vertical metrics, by (Latin face, Japanese face).
    harmonised: Mutex<HashMap<(u64, u64), Arc<Face>>>,
}

impl Default for FontLibrary {
    fn default() -> Self {
        Self::new()
    }
}

impl FontLibrary {
    pub fn new() -> FontLibrary {
        let face = |name: &str, data: &'static [u8]| Arc::new(Face::new(name, FontData::Static(data), 0));
        let myeongjo = face("NanumMyeongjo.ttf", builtin::MYEONGJO);
        FontLibrary {
            builtin: FontSet {
                regular: face("NotoSerif-Regular.ttf", builtin::SERIF_REGULAR),
                bold: face("NotoSerif-Bold.ttf", builtin::SERIF_BOLD),
                italic: face("NotoSerif-Italic.ttf", builtin::SERIF_ITALIC),
                bold_italic: face("NotoSerif-BoldItalic.ttf", builtin::SERIF_BOLD_ITALIC),
                cjk: face("ipaexm.ttf", builtin::MINCHO),
                cjk_heading: face("ipaexg.ttf", builtin::GOTHIC),
                // Korean names and quotations in any document (parsed only when used)
                fallback: vec![myeongjo.clone()],
            },
            japanese_latin: (
                face("NotoSerif-Light.ttf", builtin::SERIF_LIGHT),
                face("NotoSerif-LightItalic.ttf", builtin::SERIF_LIGHT_ITALIC),
            ),
            korean: (myeongjo, face("NanumGothicBold.ttf", builtin::KOREAN_GOTHIC)),
            loaded: Mutex::new(HashMap::new()),
            harmonised: Mutex::new(HashMap::new()),
        }
    }

    /// The faces for a Japanese document.
    ///
    /// Beside the built-in IPAex Mincho, the built-in regular and italic Latin faces give
    /// way to Noto Serif Light and Light Italic: measured on the outlines, the vertical
    /// stems of Noto Serif Regular (l, n, H, 1: 94–101 units per 1000) are half as heavy
    /// again as the Mincho's kanji stems (十 日 中 口: 61–64) and its own Latin letters
    /// (66–70), so digits and acronyms looked semi-bold in every line; Light's (64–68) match
    /// them. Bold Japanese text is IPAex Gothic, Latin letters included, and keeps its
    /// faces. A face chosen in `[fonts]` (`body`, `italic`, or another `cjk` face, against
    /// which the weight was not measured) is left as it is.
    ///
    /// Then the Latin faces take the Japanese face's vertical metrics (OS/2 typographic
    /// ascender and descender, which become the PDF's /Ascent and /Descent), so that every
    /// glyph of a line shares one em box and tools that select or extract text see one
    /// line, not a Latin one and a Japanese one. Glyphs and advances are untouched. Each
    /// variant is made once per process.
    pub fn for_japanese(&self, set: &FontSet) -> FontSet {
        let mut out = set.clone();
        if Arc::ptr_eq(&set.cjk, &self.builtin.cjk) {
            self.light_latin(&mut out);
        }
        self.harmonised_latin(out)
    }

    /// The built-in regular and italic Latin faces give way to their Light weights (a
    /// face chosen in `[fonts]` stays).
    fn light_latin(&self, set: &mut FontSet) {
        let (light, light_italic) = &self.japanese_latin;
        if Arc::ptr_eq(&set.regular, &self.builtin.regular) {
            set.regular = light.clone();
        }
        if Arc::ptr_eq(&set.italic, &self.builtin.italic) {
            set.italic = light_italic.clone();
        }
    }

    /// The faces for a Chinese document: the Latin faces take the Chinese face's vertical
    /// metrics (see [`Self::for_japanese`]).
    pub fn for_chinese(&self, set: &FontSet) -> FontSet {
        self.harmonised_latin(set.clone())
    }

    /// `set` with its Latin faces taking the East Asian face's vertical metrics, each
    /// variant made once per process.
    fn harmonised_latin(&self, set: FontSet) -> FontSet {
        let mut out = set.clone();
        for slot in [&mut out.regular, &mut out.bold, &mut out.italic, &mut out.bold_italic] {
            let key = (slot.id(), set.cjk.id());
            let cached = self.harmonised.lock().ok().and_then(|m| m.get(&key).cloned());
            let face = cached.unwrap_or_else(|| {
                let face = harmonise(slot, &set.cjk).map(Arc::new).unwrap_or_else(|| slot.clone());
                if let Ok(mut m) = self.harmonised.lock() {
                    m.insert(key, face.clone());
                }
                face
            });
            *slot = face;
        }
        out
    }

    /// The faces for a Korean document.
    ///
    /// The built-in Hangul faces take the East Asian slots unless `[fonts]` chose others:
    /// Nanum Myeongjo for the body and Nanum Gothic Bold for headings and bold (Korean
    /// headings are bold Gothic; the regular Gothic beside Myeongjo did not read as a
    /// heading, and bold text in Korean documents is Gothic, Latin letters included, as
    /// in Japanese ones). Chosen over
    /// Noto Serif/Sans KR, whose Hangul is finer but whose smallest files (the KR
    /// subsets, OTF) are 10–16 MB a weight against Nanum's 3.8 and 4.7 MB; Nanum is the
    /// Myeongjo/Gothic pair of Korean word processors and government forms, OFL, with
    /// all 11,172 syllables. Nanum Myeongjo has no hanja (Nanum Gothic Bold has 4,620), so
    /// IPAex Mincho and Gothic follow as fallbacks: hanja in Korean text come from the
    /// Japanese faces, whose glyphs are the same ideographs. The Latin faces then share
    /// the Hangul face's vertical metrics, as in Japanese documents (see
    /// [`Self::for_japanese`]).
    pub fn for_korean(&self, set: &FontSet) -> FontSet {
        let mut out = set.clone();
        if Arc::ptr_eq(&set.cjk, &self.builtin.cjk) {
            out.cjk = self.korean.0.clone();
            // measured as for Japanese: Nanum Myeongjo's stems are 60–63 units per 1000
            // in its own l, n, 1 and 65–76 in 이; Noto Serif Light's 64–68 match them,
            // Regular's 94–101 made every acronym and number look bold
            self.light_latin(&mut out);
        }
        if Arc::ptr_eq(&set.cjk_heading, &self.builtin.cjk_heading) {
            out.cjk_heading = self.korean.1.clone();
        }
        out.fallback.extend([self.builtin.cjk.clone(), self.builtin.cjk_heading.clone()]);
        self.harmonised_latin(out)
    }

    /// The built-in faces.
    pub fn builtin(&self) -> &FontSet {
        &self.builtin
    }

    /// The faces for a document: the built-in set with `[fonts]` applied. Every font that
    /// cannot be used is reported, at its key.
    pub fn resolve(&self, overrides: &FontOverrides, source: &Arc<Source>) -> Result<FontSet, Vec<Diagnostic>> {
        let mut set = self.builtin.clone();
        let mut errors = Vec::new();
        let mut load = |file: &Option<FileRef>, slot: &mut Arc<Face>| {
            if let Some(file) = file {
                match self.load(file, source) {
                    Ok(face) => *slot = face,
                    Err(e) => errors.push(e),
                }
            }
        };
        load(&overrides.body, &mut set.regular);
        // A new body face without its own styles stands in for them (rather than mixing
        // in the built-in serif): a user who sets only `body` wants that family.
        if overrides.body.is_some() {
            set.bold = set.regular.clone();
            set.italic = set.regular.clone();
            set.bold_italic = set.regular.clone();
        }
        load(&overrides.bold, &mut set.bold);
        load(&overrides.italic, &mut set.italic);
        if overrides.bold_italic.is_none() && (overrides.bold.is_some() || overrides.italic.is_some()) {
            set.bold_italic = if overrides.bold.is_some() { set.bold.clone() } else { set.italic.clone() };
        }
        load(&overrides.bold_italic, &mut set.bold_italic);
        load(&overrides.cjk, &mut set.cjk);
        if overrides.cjk.is_some() && overrides.cjk_heading.is_none() {
            set.cjk_heading = set.cjk.clone();
        }
        load(&overrides.cjk_heading, &mut set.cjk_heading);
        // the input's fallbacks come before the built-in ones: it named them for a reason
        let mut fallback = Vec::new();
        for file in &overrides.fallback {
            match self.load(file, source) {
                Ok(face) => fallback.push(face),
                Err(e) => errors.push(e),
            }
        }
        fallback.append(&mut set.fallback);
        // a CJK face of the input's own (a Chinese one, say) may lack what the built-in
        // faces have (・, kana in a quotation): they stay as the last resort
        if overrides.cjk.is_some() {
            fallback.extend([self.builtin.cjk.clone(), self.builtin.cjk_heading.clone()]);
        }
        set.fallback = fallback;
        if errors.is_empty() { Ok(set) } else { Err(errors) }
    }

    /// Load a font file once per process (by canonical path) and check it is usable.
    fn load(&self, file: &FileRef, source: &Arc<Source>) -> Result<Arc<Face>, Diagnostic> {
        let key = std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone());
        let cached = self.loaded.lock().ok().and_then(|map| map.get(&key).cloned());
        let result = match cached {
            Some(result) => result,
            None => {
                let result = load_face(&key).map(Arc::new);
                if let Ok(mut map) = self.loaded.lock() {
                    map.insert(key, result.clone());
                }
                result
            }
        };
        result.map_err(|why| {
            source
                .error(file.span.clone(), format!("cannot use the font `{}`: {why}", file.given))
                .with_hint("give the path of a TrueType or OpenType font (.ttf, .otf, .ttc), relative to this TOML file")
        })
    }
}

/// A copy of `latin` whose OS/2 typographic ascender and descender are `japanese`'s
/// (scaled to `latin`'s units per em). `None` if the font has no OS/2 table.
fn harmonise(latin: &Face, japanese: &Face) -> Option<Face> {
    let bytes = latin.data().as_ref();
    let raw = ttf_parser::RawFace::parse(bytes, latin.index()).ok()?;
    let os2 = raw.table_records.into_iter().find(|r| &r.tag.to_bytes() == b"OS/2")?;
    let start = os2.offset as usize;
    // sTypoAscender and sTypoDescender are the int16 at offsets 68 and 70 of OS/2.
    if os2.length < 72 || start + 72 > bytes.len() {
        return None;
    }
    let j = japanese.shaper();
    let (j_upem, l_upem) = (japanese.units_per_em(), latin.units_per_em());
    let ascender = (f32::from(j.typographic_ascender().unwrap_or(j.ascender())) / j_upem * l_upem).round() as i16;
    let descender = (f32::from(j.typographic_descender().unwrap_or(j.descender())) / j_upem * l_upem).round() as i16;
    let mut copy = bytes.to_vec();
    copy[start + 68..start + 70].copy_from_slice(&ascender.to_be_bytes());
    copy[start + 70..start + 72].copy_from_slice(&descender.to_be_bytes());
    let face = Face::new(latin.name.clone(), FontData::Shared(Arc::new(copy)), latin.index());
    face.parsed()?;
    Some(face)
}

/// Read a font file and check that it can be shaped and embedded.
fn load_face(path: &Path) -> Result<Face, String> {
    let bytes = crate::files::read_bounded(path, crate::files::MAX_FONT_BYTES, true).map_err(|why| match why.as_str() {
        "no such file" => format!("no file at {}", path.display()),
        _ => format!("cannot read {}: {why}", path.display()),
    })?;
    let parsed = ttf_parser::Face::parse(&bytes, 0).map_err(|e| format!("not a font file ({e})"))?;
    check_usable(&bytes, &parsed)?;
    let mut bytes = bytes;
    sanitise_postscript_name(&mut bytes);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let face = Face::new(name, FontData::Shared(Arc::new(bytes)), 0);
    if face.parsed().is_none() {
        return Err("the shaper cannot read it".into());
    }
    Ok(face)
}

/// Characters a PostScript name may hold (Adobe TN 5088): printable ASCII but the PDF
/// delimiters. The name becomes the PDF's /BaseFont, a PDF name, where a NUL is invalid
/// even escaped (the fuzzer's `Noto#00Serif`).
fn postscript_name_char(c: u16) -> bool {
    (33..=126).contains(&c) && !b"[](){}<>/%".contains(&(c as u8))
}

/// Replace, in place, every character of the font's PostScript names (name ID 6) that a
/// PostScript name may not hold with `_`: the string keeps its length, so the name table
/// keeps its layout. Nothing else of the font changes.
fn sanitise_postscript_name(bytes: &mut [u8]) {
    let Ok(raw) = ttf_parser::RawFace::parse(bytes, 0) else { return };
    let Some(table) = raw.table_records.into_iter().find(|r| &r.tag.to_bytes() == b"name") else { return };
    let start = table.offset as usize;
    let read = |b: &[u8], at: usize| b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]));
    let (Some(count), Some(storage)) = (read(bytes, start + 2), read(bytes, start + 4)) else { return };
    for i in 0..usize::from(count) {
        let record = start + 6 + i * 12;
        let (Some(platform), Some(name_id), Some(length), Some(offset)) =
            (read(bytes, record), read(bytes, record + 6), read(bytes, record + 8), read(bytes, record + 10))
        else {
            return;
        };
        if name_id != 6 {
            continue;
        }
        let from = start + usize::from(storage) + usize::from(offset);
        let Some(text) = bytes.get_mut(from..from + usize::from(length)) else { continue };
        if platform == 0 || platform == 3 {
            // UTF-16BE
            for unit in text.chunks_exact_mut(2) {
                if !postscript_name_char(u16::from_be_bytes([unit[0], unit[1]])) {
                    unit.copy_from_slice(&u16::from(b'_').to_be_bytes());
                }
            }
        } else {
            for byte in text.iter_mut() {
                if !postscript_name_char(u16::from(*byte)) {
                    *byte = b'_';
                }
            }
        }
    }
}

/// Refuse fonts that would give a PDF with missing or invisible text: damaged or
/// truncated files, fonts without a character map or outlines, and fonts whose licence
/// forbids embedding.
fn check_usable(bytes: &[u8], face: &ttf_parser::Face<'_>) -> Result<(), String> {
    if let Ok(raw) = ttf_parser::RawFace::parse(bytes, 0) {
        for record in raw.table_records {
            if record.offset as usize + record.length as usize > bytes.len() {
                return Err("the file is truncated or damaged (a table reaches past its end)".into());
            }
        }
    }
    if let Some(ttf_parser::Permissions::Restricted) = face.permissions() {
        return Err("its licence forbids embedding it in documents (OS/2 fsType: restricted)".into());
    }
    let tables = face.tables();
    if tables.cmap.is_none() {
        return Err("it has no character map (cmap table)".into());
    }
    if tables.hmtx.is_none() {
        return Err("it has no glyph widths (hmtx table)".into());
    }
    if tables.glyf.is_none() && tables.cff.is_none() && tables.cff2.is_none() {
        return Err("it has no glyph outlines (neither glyf nor CFF); bitmap-only and colour-only fonts are not supported".into());
    }
    if tables.glyf.is_some()
        && let Some(glyph) = damaged_glyph(face)
    {
        let name = face.glyph_name(glyph).map_or_else(String::new, |n| format!(" ({n})"));
        return Err(format!("the outline of glyph {}{name} is damaged: the file may be corrupt", glyph.0));
    }
    Ok(())
}

/// The first simple TrueType glyph that has contours in `glyf` but whose outline does
/// not parse: subset into a PDF, it is what readers report as an
/// invalid outline (the fuzzer's byte-damaged fonts). Empty glyphs (a space) have no
/// data. Once per font and process: a 20,000-glyph font takes a few milliseconds.
fn damaged_glyph(face: &ttf_parser::Face<'_>) -> Option<ttf_parser::GlyphId> {
    struct Nothing;
    impl ttf_parser::OutlineBuilder for Nothing {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    let count = std::num::NonZeroU16::new(face.number_of_glyphs())?;
    let data = face.raw_face().table(ttf_parser::Tag::from_bytes(b"loca"))?;
    let loca = ttf_parser::loca::Table::parse(count, face.tables().head.index_to_location_format, data)?;
    let glyf = face.raw_face().table(ttf_parser::Tag::from_bytes(b"glyf"))?;
    // simple glyphs with contours only: one with a header but none is empty, and a
    // composite of empty glyphs (Nanum Myeongjo's no-break space) has no outline either
    let has_contours = |r: std::ops::Range<usize>| glyf.get(r.start..r.start + 2).is_some_and(|n| i16::from_be_bytes([n[0], n[1]]) > 0);
    (0..count.get())
        .map(ttf_parser::GlyphId)
        .find(|&g| loca.glyph_range(g).is_some_and(|r| !r.is_empty() && has_contours(r)) && face.outline_glyph(g, &mut Nothing).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_faces_cover_their_scripts() {
        let lib = FontLibrary::new();
        let set = lib.builtin();
        let plain = FontStyle::default();
        assert_eq!(set.face_for('A', plain, false).unwrap().name(), "NotoSerif-Regular.ttf");
        let bold = FontStyle { bold: true, italic: false };
        assert_eq!(set.face_for('’', bold, false).unwrap().name(), "NotoSerif-Bold.ttf");
        assert_eq!(set.face_for('決', plain, false).unwrap().name(), "ipaexm.ttf");
        assert_eq!(set.face_for('決', bold, false).unwrap().name(), "ipaexg.ttf");
        assert!(set.face_for('\u{1F600}', plain, false).is_none(), "no built-in emoji");
        let scale = set.latin_scale_in_japanese();
        assert!((scale - 0.96).abs() < 0.01, "{scale}");
        let ja = lib.for_japanese(set);
        let typo = |f: &Face| (f.shaper().typographic_descender().unwrap() as f32 / f.units_per_em() * 1000.0).round();
        assert_eq!(typo(&ja.regular), typo(&set.cjk), "Latin faces share the Japanese em box");
        assert_eq!(ja.regular.shaper().glyph_index('A'), lib.japanese_latin.0.shaper().glyph_index('A'));
        assert!(Arc::ptr_eq(&lib.for_japanese(set).bold, &ja.bold), "made once");
        assert!(Arc::ptr_eq(&lib.for_japanese(set).regular, &ja.regular), "made once");
    }

    /// The vertical stem of `l` at mid-height, in units per 1000 em: the distance between
    /// the two crossings of the outline with that line.
    fn stem_of_l(face: &Face) -> f32 {
        struct Crossings {
            y: f32,
            at: (f32, f32),
            xs: Vec<f32>,
        }
        impl ttf_parser::OutlineBuilder for Crossings {
            fn move_to(&mut self, x: f32, y: f32) {
                self.at = (x, y);
            }
            fn line_to(&mut self, x: f32, y: f32) {
                let (x0, y0) = self.at;
                if (y0 - self.y) * (y - self.y) < 0.0 {
                    self.xs.push(x0 + (self.y - y0) / (y - y0) * (x - x0));
                }
                self.at = (x, y);
            }
            fn quad_to(&mut self, _: f32, _: f32, x: f32, y: f32) {
                self.line_to(x, y)
            }
            fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
                self.line_to(x, y)
            }
            fn close(&mut self) {}
        }
        let f = face.shaper();
        let glyph = f.glyph_index('l').unwrap();
        let height = f.glyph_bounding_box(glyph).unwrap();
        let mut c = Crossings { y: (height.y_min + height.y_max) as f32 / 2.0, at: (0.0, 0.0), xs: Vec::new() };
        f.outline_glyph(glyph, &mut c).unwrap();
        c.xs.sort_by(f32::total_cmp);
        (c.xs[c.xs.len() - 1] - c.xs[0]) / face.units_per_em() * 1000.0
    }

    #[test]
    fn japanese_latin_is_as_light_as_the_mincho() {
        let lib = FontLibrary::new();
        let set = lib.builtin();
        let ja = lib.for_japanese(set);
        assert_eq!(ja.regular.name(), "NotoSerif-Light.ttf");
        assert_eq!(ja.italic.name(), "NotoSerif-LightItalic.ttf");
        assert_eq!(ja.bold.name(), "NotoSerif-Bold.ttf", "bold Japanese text is Gothic; the bold serif stays");
        assert_eq!(ja.latin_scale_in_japanese(), set.latin_scale_in_japanese(), "the weights share their heights");
        // the reason, measured: IPAex Mincho's own `l` has a stem of 66/1000 em
        let (regular, light, mincho) = (stem_of_l(&set.regular), stem_of_l(&ja.regular), stem_of_l(&set.cjk));
        assert!((regular - 94.0).abs() < 1.0 && (light - 64.0).abs() < 1.0 && (mincho - 66.0).abs() < 1.0, "{regular} {light} {mincho}");

        // A face the user chose is kept: the light weights replace only the built-in ones.
        let user = Arc::new(Face::new("user.ttf", FontData::Static(builtin::SERIF_BOLD), 0));
        let mut chosen = set.clone();
        chosen.regular = user.clone();
        let ja = lib.for_japanese(&chosen);
        assert_eq!(ja.regular.name(), "user.ttf");
        assert_eq!(ja.italic.name(), "NotoSerif-LightItalic.ttf");
        // and so is Noto Serif Regular beside another Japanese face, whose stems were not measured
        let mut other_cjk = set.clone();
        other_cjk.cjk = user;
        assert_eq!(lib.for_japanese(&other_cjk).regular.name(), "NotoSerif-Regular.ttf");
    }

    #[test]
    fn a_face_is_parsed_once_and_shared() {
        let lib = FontLibrary::new();
        let a = lib.builtin().regular.shaper() as *const _;
        let b = lib.builtin().regular.shaper() as *const _;
        assert_eq!(a, b);
    }

    #[test]
    fn postscript_names_hold_only_what_a_pdf_name_may() {
        // Noto Serif's PostScript name with a NUL and a slash written into it
        let mut bytes = builtin::SERIF_REGULAR.to_vec();
        let ps = |b: &[u8]| {
            let face = ttf_parser::Face::parse(b, 0).unwrap();
            face.names().into_iter().filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME).find_map(|n| n.to_string()).unwrap()
        };
        assert_eq!(ps(&bytes), "NotoSerif-Regular");
        // every copy of the name, in UTF-16 and in Mac Roman: `o` becomes NUL, `t` a slash
        let utf16: Vec<u8> = "NotoSerif-Regular".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let copies: Vec<usize> = bytes.windows(utf16.len()).enumerate().filter(|(_, w)| *w == &utf16[..]).map(|(i, _)| i).collect();
        assert!(!copies.is_empty());
        for at in copies {
            bytes[at + 3] = 0;
            bytes[at + 5] = b'/';
        }
        assert_eq!(ps(&bytes), "N\0/oSerif-Regular", "the damage is made");
        sanitise_postscript_name(&mut bytes);
        let name = ps(&bytes);
        assert!(name.chars().all(|c| postscript_name_char(c as u16)), "{name:?}");
        assert_eq!(name.len(), "NotoSerif-Regular".len());
    }

    #[test]
    fn bad_font_files_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let not_font = dir.path().join("x.ttf");
        std::fs::write(&not_font, b"hello").unwrap();
        assert!(load_face(&not_font).unwrap_err().contains("not a font"));
        assert!(load_face(&dir.path().join("missing.ttf")).unwrap_err().contains("no file"));
        let truncated = dir.path().join("t.ttf");
        std::fs::write(&truncated, &builtin::SERIF_REGULAR[..100_000]).unwrap();
        assert!(load_face(&truncated).unwrap_err().contains("truncated"));
        let head_only = dir.path().join("h.ttf");
        std::fs::write(&head_only, &builtin::SERIF_REGULAR[..1000]).unwrap();
        assert!(load_face(&head_only).is_err());
        // a glyph whose outline is damaged: the flags of `H` overwritten
        let mut damaged = builtin::SERIF_REGULAR.to_vec();
        let face = ttf_parser::Face::parse(&damaged, 0).unwrap();
        let h = face.glyph_index('H').unwrap();
        let raw = ttf_parser::RawFace::parse(&damaged, 0).unwrap();
        let table = |tag: &[u8; 4]| raw.table_records.into_iter().find(|r| &r.tag.to_bytes() == tag).unwrap();
        let (loca, glyf) = (table(b"loca"), table(b"glyf"));
        let long = face.tables().head.index_to_location_format == ttf_parser::head::IndexToLocationFormat::Long;
        let offset = if long {
            let at = loca.offset as usize + 4 * usize::from(h.0);
            u32::from_be_bytes(damaged[at..at + 4].try_into().unwrap()) as usize
        } else {
            let at = loca.offset as usize + 2 * usize::from(h.0);
            2 * usize::from(u16::from_be_bytes(damaged[at..at + 2].try_into().unwrap()))
        };
        // its header claims 30,000 contours, far past its data
        let at = glyf.offset as usize + offset;
        damaged[at..at + 2].copy_from_slice(&30_000u16.to_be_bytes());
        let broken = dir.path().join("b.ttf");
        std::fs::write(&broken, &damaged).unwrap();
        let e = load_face(&broken).unwrap_err();
        assert!(e.contains(&format!("glyph {}", h.0)) && e.contains("damaged"), "{e}");
        let whole = dir.path().join("w.ttf");
        std::fs::write(&whole, builtin::SERIF_REGULAR).unwrap();
        assert!(load_face(&whole).is_ok());
    }
}
