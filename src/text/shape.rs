//! Shaping with rustybuzz (kerning, ligatures and the font's other default features),
//! cached per document: a resolution repeats its words a great deal.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rustybuzz::{BufferFlags, Direction, Language, Script, ShapePlan, UnicodeBuffer};

use crate::fonts::Face;

/// A glyph as the shaper returns it; lengths in em.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The bytes of the shaped text this glyph's cluster covers.
    pub range: Range<usize>,
}

/// The shaped form of one string in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
}

impl Shaped {
    /// Total advance in em.
    pub fn advance(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// Whether a line may be cut at byte `at` without splitting a cluster (a ligature).
    pub fn is_cluster_boundary(&self, at: usize) -> bool {
        self.glyphs.iter().any(|g| g.range.start == at)
    }

    /// Advance in em of the glyphs whose clusters lie in `range`.
    pub fn advance_of(&self, range: Range<usize>) -> f32 {
        self.glyphs.iter().filter(|g| g.range.start >= range.start && g.range.start < range.end).map(|g| g.advance).sum()
    }
}

/// Shaping results of one document, by face and text, and the shaping plans by face
/// and script (building a plan costs more than shaping a word).
#[derive(Default)]
pub struct ShapeCache {
    /// By face, then by text (looked up without allocating).
    map: HashMap<u64, HashMap<String, Arc<Shaped>>>,
    plans: HashMap<(u64, Script), ShapePlan>,
    /// The document's language, for the fonts' `locl` forms (the punctuation of
    /// Simplified Chinese sits in the corner of its em, Traditional Chinese's in the
    /// centre, from one font).
    language: Option<Language>,
}

impl ShapeCache {
    /// A cache that shapes for the language of a BCP 47 tag.
    pub fn for_language(tag: &str) -> ShapeCache {
        ShapeCache { language: tag.parse().ok(), ..ShapeCache::default() }
    }

    /// Shape `text` in `face`, left to right.
    pub fn shape(&mut self, face: &Face, text: &str) -> Arc<Shaped> {
        let by_text = self.map.entry(face.id()).or_default();
        if let Some(hit) = by_text.get(text) {
            return hit.clone();
        }
        let shaped = Arc::new(shape_uncached(face, text, &mut self.plans, self.language.as_ref()));
        by_text.insert(text.to_string(), shaped.clone());
        shaped
    }
}

fn shape_uncached(face: &Face, text: &str, plans: &mut HashMap<(u64, Script), ShapePlan>, language: Option<&Language>) -> Shaped {
    let shaper = face.shaper();
    let upem = face.units_per_em();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    // Right-to-left scripts are outside what this program sets; keep the logical order.
    buffer.set_direction(Direction::LeftToRight);
    buffer.set_flags(BufferFlags::REMOVE_DEFAULT_IGNORABLES);
    let script = buffer.script();
    let plan = plans
        .entry((face.id(), script))
        .or_insert_with(|| ShapePlan::new(shaper, Direction::LeftToRight, Some(script), language, &[]));
    let output = rustybuzz::shape_with_plan(shaper, plan, buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let mut glyphs: Vec<ShapedGlyph> = infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| ShapedGlyph {
            id: info.glyph_id as u16,
            advance: pos.x_advance as f32 / upem,
            x_offset: pos.x_offset as f32 / upem,
            y_offset: pos.y_offset as f32 / upem,
            range: info.cluster as usize..info.cluster as usize,
        })
        .collect();
    // A cluster reaches to the start of the next (greater) cluster.
    let mut next_start = text.len();
    for i in (0..glyphs.len()).rev() {
        let start = glyphs[i].range.start;
        if i + 1 < glyphs.len() && glyphs[i + 1].range.start > start {
            next_start = glyphs[i + 1].range.start;
        }
        glyphs[i].range.end = next_start.max(start);
    }
    Shaped { glyphs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontLibrary;

    #[test]
    fn ligatures_and_kerning() {
        let lib = FontLibrary::new();
        let face = &lib.builtin().regular;
        let mut cache = ShapeCache::default();
        // "fi" becomes one glyph covering both letters
        let fi = cache.shape(face, "fit");
        assert_eq!(fi.glyphs.len(), 2, "{fi:?}");
        assert_eq!(fi.glyphs[0].range, 0..2);
        assert!(!fi.is_cluster_boundary(1));
        // kerning: "AV" is narrower than "A" plus "V"
        let av = cache.shape(face, "AV").advance();
        let apart = cache.shape(face, "A").advance() + cache.shape(face, "V").advance();
        assert!(av < apart - 0.01, "AV {av} vs {apart}");
    }

    #[test]
    fn the_language_chooses_the_fonts_local_forms() {
        // Noto Serif CJK (a subset, tests/fixtures) sets the comma and full stop of
        // Simplified Chinese in the em's lower left corner and those of Traditional
        // Chinese in its centre: one font, told apart by `locl`
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fonts/NotoSerifCJKsc-subset.otf")).unwrap();
        let face = Face::new("NotoSerifCJKsc-subset.otf", crate::fonts::FontData::Shared(Arc::new(bytes)), 0);
        // (after a Han character: a mark alone has no script, and the fonts' local forms
        // are given for Han)
        let glyph = |lang: &str, text: &str| ShapeCache::for_language(lang).shape(&face, &format!("议{text}")).glyphs[1].id;
        for mark in ["，", "。"] {
            assert_ne!(glyph("zh-Hans", mark), glyph("zh-Hant", mark), "{mark}");
            assert_eq!(glyph("zh-Hans", mark), glyph("zh", mark), "{mark}");
            assert_eq!(glyph("zh-Hant", mark), glyph("zh-TW", mark), "{mark}");
        }
    }

    #[test]
    fn soft_hyphens_take_no_glyph() {
        let lib = FontLibrary::new();
        let mut cache = ShapeCache::default();
        let s = cache.shape(&lib.builtin().regular, "co\u{ad}op");
        assert_eq!(s.glyphs.len(), 4);
        assert_eq!(s.glyphs.last().unwrap().range.end, "co\u{ad}op".len());
    }
}
