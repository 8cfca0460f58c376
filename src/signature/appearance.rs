//! What a signed field shows: "Digitally signed by", the signer's name (from the
//! certificate) and the signing time, drawn in the field's rectangle.
//!
//! The text is drawn as the glyphs' outlines, filled: an appearance stream is outside the
//! page's content and structure (a reader speaks the field's `/TU` and the signature's
//! `/Name`), and outlines need no font in the file, so nothing has to be subset again
//! and PDF/A's rule that every font be embedded holds without touching the pages.
//! The faces are the built-in ones (a signer's name may be Japanese or Korean).

use std::fmt::Write;

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

use crate::fonts::{FontLibrary, FontStyle};

/// The words above the signer's name in the document's language (`/Lang` of the
/// catalog), English where the language has none here or the fonts lack a character.
pub fn heading(fonts: &FontLibrary, lang: Option<&str>) -> &'static str {
    let language = lang.and_then(|l| l.split(['-', '_']).next()).unwrap_or("en").to_ascii_lowercase();
    let script = lang.map(|l| l.to_ascii_lowercase()).unwrap_or_default();
    let heading = match language.as_str() {
        "ja" => "電子署名",
        "ko" => "전자 서명",
        "zh" if script.contains("hant") || script.ends_with("-tw") || script.ends_with("-hk") => "數位簽章",
        "zh" => "数字签名",
        "fr" => "Signé numériquement par",
        "de" => "Digital signiert von",
        "es" => "Firmado digitalmente por",
        _ => "Digitally signed by",
    };
    let set = fonts.builtin();
    if heading.chars().all(|c| c == ' ' || set.face_for(c, FontStyle::default(), false).is_some()) { heading } else { "Digitally signed by" }
}

/// The small lines' size against the name's.
const SMALL_SHARE: f32 = 0.55;
/// The smallest the heading and the time are set, in points, where the box allows.
const MIN_SMALL: f32 = 6.5;
/// Line pitch against size.
const LEADING: f32 = 1.25;

/// The content stream of the appearance of a field `width` × `height` points.
pub fn signed_appearance(fonts: &FontLibrary, width: f32, height: f32, heading: &str, signer: &str, time: &str) -> Vec<u8> {
    let set = fonts.builtin();
    let margin = (height * 0.08).clamp(1.0, 4.0);
    let inner_width = (width - 2.0 * margin).max(1.0);
    // three lines: a small heading, the name, the time; the name as large as the box
    // allows, the small lines at least MIN_SMALL points (readable in print) where they fit
    let texts: [(&str, bool); 3] = [(heading, false), (signer, true), (time, false)];
    let avail = (height - 2.0 * margin).max(1.0);
    let fit = |text: &str, bold: bool, size: f32| {
        let natural = advance(set, text, bold);
        if natural > 0.0 { size.min(inner_width / natural) } else { size }
    };
    let name = fit(signer, true, avail / ((1.0 + 2.0 * SMALL_SHARE) * LEADING));
    let small = |size: f32| fit(heading, false, size).min(fit(time, false, size));
    let mut sizes = [small((name * SMALL_SHARE).max(MIN_SMALL)), name, 0.0];
    sizes[2] = sizes[0];
    // the small lines took more than their share: the name gives way
    let over = sizes.iter().sum::<f32>() * LEADING - avail;
    if over > 0.0 {
        sizes[1] = (sizes[1] - over / LEADING).max(sizes[0]);
    }
    let lines: Vec<(&str, f32, bool)> = texts.iter().zip(sizes).map(|(&(t, b), size)| (t, size, b)).collect();
    let mut content = String::new();
    // gray: allowed beside any PDF/A output intent, and what a stamp looks like
    content.push_str("0.15 g\n");
    // the text stands on the signing line, as a signature would, leaving space above
    let used: f32 = lines.iter().map(|l| l.1 * LEADING).sum::<f32>();
    let mut baseline = margin + used.min(avail);
    for &(text, size, bold) in &lines {
        baseline -= size;
        draw(set, text, bold, margin, baseline, size, &mut content);
        baseline -= size * (LEADING - 1.0);
    }
    content.into_bytes()
}

/// The width of `text` at 1 pt.
fn advance(set: &crate::fonts::FontSet, text: &str, bold: bool) -> f32 {
    runs(set, text, bold).iter().map(|(face, run)| shape(face, run).iter().map(|g| g.1).sum::<f32>()).sum()
}

/// `text` cut where the face that draws it changes.
fn runs<'a>(set: &'a crate::fonts::FontSet, text: &'a str, bold: bool) -> Vec<(&'a crate::fonts::Face, &'a str)> {
    let style = FontStyle { bold, italic: false };
    let mut runs: Vec<(&crate::fonts::Face, &str)> = Vec::new();
    let mut start = 0;
    let mut current: Option<&crate::fonts::Face> = None;
    for (i, c) in text.char_indices() {
        let face = set.face_for(c, style, false).map(|f| f.as_ref()).or(current);
        if let (Some(previous), Some(face)) = (current, face)
            && !std::ptr::eq(previous, face)
        {
            runs.push((previous, &text[start..i]));
            start = i;
        }
        current = face.or(current);
    }
    if let Some(face) = current {
        runs.push((face, &text[start..]));
    }
    runs
}

/// Glyphs and their advances at 1 pt.
fn shape(face: &crate::fonts::Face, text: &str) -> Vec<(GlyphId, f32, f32)> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face.shaper(), &[], buffer);
    let upem = face.units_per_em();
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| (GlyphId(info.glyph_id as u16), pos.x_advance as f32 / upem, pos.x_offset as f32 / upem))
        .collect()
}

fn draw(set: &crate::fonts::FontSet, text: &str, bold: bool, x: f32, y: f32, size: f32, out: &mut String) {
    let mut pen = x;
    for (face, run) in runs(set, text, bold) {
        let scale = size / face.units_per_em();
        for (glyph, advance, offset) in shape(face, run) {
            let mut path = Path { out, x: pen + offset * size, y, scale, current: (0.0, 0.0) };
            if face.shaper().outline_glyph(glyph, &mut path).is_some() {
                out.push_str("f\n");
            }
            pen += advance * size;
        }
    }
}

/// A glyph outline as PDF path operators, in the field's space.
struct Path<'a> {
    out: &'a mut String,
    x: f32,
    y: f32,
    scale: f32,
    current: (f32, f32),
}

impl Path<'_> {
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y + y * self.scale)
    }
}

impl OutlineBuilder for Path<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.point(x, y);
        let _ = writeln!(self.out, "{:.2} {:.2} m", p.0, p.1);
        self.current = p;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.point(x, y);
        let _ = writeln!(self.out, "{:.2} {:.2} l", p.0, p.1);
        self.current = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // a quadratic Bézier is the cubic with controls two thirds of the way to its one
        let (q, p, c) = (self.point(x1, y1), self.point(x, y), self.current);
        let c1 = (c.0 + 2.0 / 3.0 * (q.0 - c.0), c.1 + 2.0 / 3.0 * (q.1 - c.1));
        let c2 = (p.0 + 2.0 / 3.0 * (q.0 - p.0), p.1 + 2.0 / 3.0 * (q.1 - p.1));
        let _ = writeln!(self.out, "{:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c", c1.0, c1.1, c2.0, c2.1, p.0, p.1);
        self.current = p;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.point(x1, y1), self.point(x2, y2), self.point(x, y));
        let _ = writeln!(self.out, "{:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c", c1.0, c1.1, c2.0, c2.1, p.0, p.1);
        self.current = p;
    }

    fn close(&mut self) {
        self.out.push_str("h\n");
    }
}
