//! PDF output with krilla: the only module that knows about PDF.
//!
//! krilla subsets the fonts (TrueType and CFF), writes ToUnicode maps from the text each
//! glyph run stands for, the outline and the metadata. Output is deterministic: no clock,
//! and krilla derives the file identifier from the content.

use std::collections::HashMap;
use std::sync::Mutex;

use krilla::Document as PdfDocument;
use krilla::SerializeSettings;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::destination::XyzDestination;
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::diag::Diagnostic;
use crate::fonts::{Face, FontData};
use crate::layout::{Layout, OutlineEntry, PageItem};

/// What the PDF says about itself.
#[derive(Debug, Clone, Default)]
pub struct PdfMeta {
    pub title: String,
    pub author: Option<String>,
    pub subject: Option<String>,
    /// BCP 47 language tag.
    pub language: String,
    pub date: Option<(u16, u8, u8)>,
    /// Seconds since 1970 (from `SOURCE_DATE_EPOCH`), used when there is no date.
    pub epoch: Option<i64>,
}

/// krilla fonts by face, made once per process: krilla hashes the whole font file when it
/// loads it, which for a Japanese face is several megabytes.
#[derive(Default)]
pub struct FontCache {
    fonts: Mutex<HashMap<u64, Font>>,
}

impl FontCache {
    fn get(&self, face: &Face) -> Option<Font> {
        if let Ok(map) = self.fonts.lock()
            && let Some(font) = map.get(&face.id())
        {
            return Some(font.clone());
        }
        let data: krilla::Data = match face.data() {
            FontData::Static(bytes) => (*bytes).into(),
            FontData::Shared(bytes) => bytes.clone().into(),
        };
        let font = Font::new(data, face.index())?;
        if let Ok(mut map) = self.fonts.lock() {
            map.insert(face.id(), font.clone());
        }
        Some(font)
    }
}

/// Write the laid-out pages as a PDF.
pub fn write(layout: &Layout, meta: &PdfMeta, fonts: &FontCache) -> Result<Vec<u8>, Diagnostic> {
    let settings = SerializeSettings::default();
    let mut document = PdfDocument::new_with(settings);

    for page in &layout.pages {
        let settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| Diagnostic::error(format!("invalid page size {} × {} pt", page.width, page.height)).internal())?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for item in &page.items {
            match item {
                PageItem::Text { x, baseline, run, .. } => {
                    let font = fonts
                        .get(&run.face)
                        .ok_or_else(|| {
                            Diagnostic::error(format!("the PDF writer cannot read the font {}", run.face.name()))
                                .with_hint("try another font file for this role in [fonts]")
                        })?;
                    let glyphs: Vec<KrillaGlyph> = run
                        .glyphs
                        .iter()
                        .map(|g| {
                            KrillaGlyph::new(GlyphId::new(u32::from(g.id)), g.advance, g.x_offset, g.y_offset, 0.0, g.text.clone(), None)
                        })
                        .collect();
                    surface.draw_glyphs(Point::from_xy(*x, *baseline), &glyphs, font, &run.text, run.size, false);
                }
                PageItem::Rule { x, y, width, thickness } => {
                    if let Some(rect) = Rect::from_xywh(*x, y - thickness / 2.0, *width, *thickness) {
                        let mut path = PathBuilder::new();
                        path.push_rect(rect);
                        if let Some(path) = path.finish() {
                            surface.draw_path(&path);
                        }
                    }
                }
            }
        }
        surface.finish();
        pdf_page.finish();
    }

    let mut outline = Outline::new();
    for entry in &layout.outline {
        outline.push_child(outline_node(entry));
    }
    document.set_outline(outline);
    document.set_metadata(metadata(meta));

    document.finish().map_err(|e| Diagnostic::error(format!("the PDF could not be written: {e:?}")).internal())
}

fn outline_node(entry: &OutlineEntry) -> OutlineNode {
    let mut node = OutlineNode::new(entry.title.clone(), XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y)));
    for child in &entry.children {
        node.push_child(outline_node(child));
    }
    node
}

fn metadata(meta: &PdfMeta) -> Metadata {
    let producer = concat!("resolution-pdf ", env!("CARGO_PKG_VERSION"));
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .language(meta.language.clone())
        .creator(producer.into())
        .producer(producer.into());
    if let Some(author) = &meta.author {
        m = m.authors(vec![author.clone()]);
    }
    if let Some(subject) = &meta.subject {
        m = m.description(subject.clone());
    }
    if let Some((year, month, day)) = meta.date {
        m = m.creation_date(DateTime::new(year).month(month).day(day).hour(0).minute(0).second(0).utc_offset_hour(0).utc_offset_minute(0));
    } else if let Some(epoch) = meta.epoch {
        let (year, month, day, hour, minute, second) = civil_from_epoch(epoch);
        m = m.creation_date(
            DateTime::new(year).month(month).day(day).hour(hour).minute(minute).second(second).utc_offset_hour(0).utc_offset_minute(0),
        );
    }
    m
}

/// UTC calendar date and time of a Unix timestamp (Howard Hinnant's days-from-civil, inverted).
fn civil_from_epoch(epoch: i64) -> (u16, u8, u8, u8, u8, u8) {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year.clamp(0, 9999) as u16,
        month as u8,
        day as u8,
        (secs / 3600) as u8,
        (secs % 3600 / 60) as u8,
        (secs % 60) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_calendar() {
        assert_eq!(civil_from_epoch(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil_from_epoch(1_122_854_400), (2005, 8, 1, 0, 0, 0));
        assert_eq!(civil_from_epoch(951_782_400 + 3661), (2000, 2, 29, 1, 1, 1));
    }

    #[test]
    fn a_font_is_made_once() {
        let lib = crate::fonts::FontLibrary::new();
        let cache = FontCache::default();
        let a = cache.get(&lib.builtin().regular).unwrap();
        let b = cache.get(&lib.builtin().regular).unwrap();
        assert_eq!(a, b);
        assert_eq!(cache.fonts.lock().unwrap().len(), 1);
    }
}
