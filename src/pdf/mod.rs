//! PDF output with krilla: the only module that knows about PDF.
//!
//! krilla subsets the fonts (TrueType and CFF), writes ToUnicode maps from the text each
//! glyph run stands for, the outline, the metadata, the tag tree, and validates the
//! chosen standard (PDF/A, PDF/UA) as it writes. Output is deterministic: no clock, and
//! krilla derives the file identifier from the content.
//!
//! Everything drawn goes through [`draw`], which always opens a tag (a span of an element
//! or an artifact) around it and closes it: nothing is left untagged, tags never nest,
//! and every identifier krilla hands out is placed in the tag tree.
//!
//! Signature fields, which krilla cannot write, are added to its finished file by
//! [`fields`].

pub(crate) mod fields;
pub(crate) mod update;

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::sync::Mutex;

use krilla::Document as PdfDocument;
use krilla::SerializeSettings;
use krilla::configure::{Accessibility, Archival, Configuration, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagId, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::diag::Diagnostic;
use crate::fonts::{Face, FontData};
use crate::images::Encoding;
use crate::layout::{Element, ElementKind, Layout, ListMarker, OutlineEntry, PageItem, Role};
use crate::model::Numbering;

/// The standard a PDF is written to, and checked against by krilla's validators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible): the default.
    #[default]
    A2aUa1,
    /// PDF/A-2b: archival, visual appearance only.
    A2b,
    /// PDF/A-3b: as A-2b, and files may be attached.
    A3b,
    /// PDF/A-4 (PDF 2.0).
    A4,
    /// PDF/UA-1 alone.
    Ua1,
    /// A plain PDF 1.7, untagged: no standard.
    None,
}

impl PdfStandard {
    pub const NAMES: &'static [&'static str] = &["a-2a+ua-1", "a-2b", "a-3b", "a-4", "ua-1", "none"];

    pub fn from_name(name: &str) -> Option<PdfStandard> {
        Some(match name.to_ascii_lowercase().as_str() {
            "a-2a+ua-1" | "default" => PdfStandard::A2aUa1,
            "a-2b" => PdfStandard::A2b,
            "a-3b" => PdfStandard::A3b,
            "a-4" => PdfStandard::A4,
            "ua-1" => PdfStandard::Ua1,
            "none" => PdfStandard::None,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::A2aUa1 => "a-2a+ua-1",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A3b => "a-3b",
            PdfStandard::A4 => "a-4",
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::None => "none",
        }
    }

    /// Whether the PDF carries a tag tree. Every standard but `none` does: even PDF/A
    /// level b loses nothing by it, and readers gain.
    pub fn tagged(self) -> bool {
        self != PdfStandard::None
    }

    fn configuration(self) -> Configuration {
        let builder = ConfigurationBuilder::new();
        let builder = match self {
            PdfStandard::A2aUa1 => {
                builder.with_archival_validator(Archival::A2_A).with_accessibility_validator(Accessibility::UA1)
            }
            PdfStandard::A2b => builder.with_archival_validator(Archival::A2_B),
            PdfStandard::A3b => builder.with_archival_validator(Archival::A3_B),
            PdfStandard::A4 => builder.with_archival_validator(Archival::A4),
            PdfStandard::Ua1 => builder.with_accessibility_validator(Accessibility::UA1),
            PdfStandard::None => builder,
        };
        // Each of these combinations has a common PDF version.
        builder.finish().unwrap_or_default()
    }
}

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
    /// The day the input was last modified, used when there is neither.
    pub modified: Option<(u16, u8, u8)>,
    pub keywords: Vec<String>,
    pub standard: PdfStandard,
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

/// Write the laid-out pages as a PDF to `meta.standard`.
///
/// The layout is taken, and let go of as krilla no longer needs it: each page once drawn,
/// the rest before krilla writes the file (for a signature page of 15,000 organisations
/// that is some 60 MB less at the point where the writing needs the most memory).
pub fn write(layout: Layout, meta: &PdfMeta, fonts: &FontCache) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let Layout { pages, outline: outline_entries, elements } = layout;
    let settings = SerializeSettings {
        configuration: meta.standard.configuration(),
        enable_tagging: meta.standard.tagged(),
        ..SerializeSettings::default()
    };
    let mut document = PdfDocument::new_with(settings);
    // The marked content and child elements of each element, in drawing (= reading) order.
    let mut content = Contents::new(&elements);
    // The signature fields, added after krilla has written the file, and the IDs of the
    // organisations' blocks they belong to in the tag tree.
    let mut signature_fields = Vec::new();
    let mut block_ids = HashMap::new();

    for (index, page) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(page.width, page.height).ok_or_else(|| {
            vec![Diagnostic::error(format!("invalid page size {} × {} pt", page.width, page.height)).internal()]
        })?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for item in page.items {
            if let PageItem::SignatureField { x, y, width, height, field } = item {
                let block_id = meta.standard.tagged().then(|| {
                    let id = TagId::from(format!("signature-field-{}", field.name).into_bytes());
                    let bytes = id.as_bytes().to_vec();
                    block_ids.insert(field.block, id);
                    bytes
                });
                let rect = [x, page.height - (y + height), x + width, page.height - y];
                signature_fields.push(fields::PlacedField { page: index, rect, field, block_id });
                continue;
            }
            if let Some((element, id)) = draw(&mut surface, &item, fonts).map_err(|d| vec![d])? {
                content.push(element, id);
            }
        }
        surface.finish();
        pdf_page.finish();
    }

    if meta.standard.tagged() {
        document.set_tag_tree(tag_tree(content, &meta.language, block_ids));
    }
    drop(elements);
    let mut outline = Outline::new();
    for entry in &outline_entries {
        outline.push_child(outline_node(entry));
    }
    drop(outline_entries);
    document.set_outline(outline);
    document.set_metadata(metadata(meta));

    let pdf = document.finish().map_err(|e| explain(e, meta.standard))?;
    fields::add_signature_fields(pdf, &signature_fields)
}

/// Draw one page item inside a tag: a span of its element (returned, to be placed in
/// the tag tree) or an artifact.
fn draw(surface: &mut Surface<'_>, item: &PageItem, fonts: &FontCache) -> Result<Option<(usize, Identifier)>, Diagnostic> {
    match item {
        PageItem::Text { x, baseline, run, role, lang } => {
            let font = fonts.get(&run.face).ok_or_else(|| {
                Diagnostic::error(format!("the PDF writer cannot read the font {}", run.face.name()))
                    .with_hint("try another font file for this role in [fonts]")
            })?;
            let glyphs: Vec<KrillaGlyph> = run
                .glyphs
                .iter()
                .map(|g| KrillaGlyph::new(GlyphId::new(u32::from(g.id)), g.advance, g.x_offset, g.y_offset, 0.0, g.text.clone(), None))
                .collect();
            let tag = match role {
                Role::Element(_) => ContentTag::Span(SpanTag::empty().with_lang(*lang)),
                Role::PageNumber => ContentTag::Artifact(Artifact::with_kind(ArtifactType::PageNumber)),
                Role::Header => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Header)),
                Role::Pagination => ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther)),
                Role::Decoration => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
            };
            let id = surface.start_tagged(tag);
            if (run.expansion - 1.0).abs() > 1e-4 {
                // Font expansion: the line's glyphs drawn a little wider or narrower, about
                // the run's start; the text and its positions in the run are unchanged.
                surface.push_transform(&krilla::geom::Transform::from_row(run.expansion, 0.0, 0.0, 1.0, *x, *baseline));
                surface.draw_glyphs(Point::from_xy(0.0, 0.0), &glyphs, font, &run.text, run.size, false);
                surface.pop();
            } else {
                surface.draw_glyphs(Point::from_xy(*x, *baseline), &glyphs, font, &run.text, run.size, false);
            }
            surface.end_tagged();
            Ok(match role {
                Role::Element(element) => Some((*element, id)),
                _ => None,
            })
        }
        PageItem::Rule { x, y, width, thickness } => {
            fill_rect(surface, *x, y - thickness / 2.0, *width, *thickness, None);
            Ok(None)
        }
        PageItem::Tint { x, y, width, height } => {
            fill_rect(surface, *x, *y, *width, *height, Some(TINT));
            Ok(None)
        }
        // not drawn: added to the finished file (see `write`)
        PageItem::SignatureField { .. } => Ok(None),
        PageItem::Image { x, y, width, height, image, role } => {
            let data: krilla::Data = image.bytes.clone().into();
            let pdf_image = match image.encoding {
                Encoding::Png => krilla::image::Image::from_png(data, false),
                Encoding::Jpeg => krilla::image::Image::from_jpeg(data, false),
            }
            .map_err(|e| Diagnostic::error(format!("an image could not be embedded: {e}")).internal())?;
            let size = krilla::geom::Size::from_wh(*width, *height)
                .ok_or_else(|| Diagnostic::error(format!("an image has no size ({width} × {height} pt)")).internal())?;
            let tag = match role {
                Role::Element(_) => ContentTag::Other,
                _ => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)),
            };
            let id = surface.start_tagged(tag);
            surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
            surface.draw_image(pdf_image, size);
            surface.pop();
            surface.end_tagged();
            Ok(match role {
                Role::Element(element) => Some((*element, id)),
                _ => None,
            })
        }
    }
}

/// The grey of the tint behind the signatory's own block.
const TINT: u8 = 234;

/// A filled rectangle, always an artifact (rules and tints carry no text).
fn fill_rect(surface: &mut Surface<'_>, x: f32, y: f32, width: f32, height: f32, grey: Option<u8>) {
    let Some(rect) = Rect::from_xywh(x, y, width, height) else { return };
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    let Some(path) = path.finish() else { return };
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
    if let Some(g) = grey {
        surface.set_fill(Some(krilla::paint::Fill {
            paint: krilla::color::rgb::Color::new(g, g, g).into(),
            ..krilla::paint::Fill::default()
        }));
    }
    surface.draw_path(&path);
    if grey.is_some() {
        surface.set_fill(None);
    }
    surface.end_tagged();
}

/// The tag tree: each element a group, holding its marked content or its child elements.
/// Elements come parents first, so building from the last one up finds every child done.
/// What goes inside an element of the tag tree, in reading order.
enum Entry {
    Content(Identifier),
    Child(usize),
}

/// The entries of every element, gathered as the pages are drawn: an element's first
/// content places it among its parent's entries, so that a paragraph's emphasised words
/// (an Em element) sit between the words around them.
struct Contents<'e> {
    elements: &'e [Element],
    entries: Vec<Vec<Entry>>,
    placed: Vec<bool>,
}

impl<'e> Contents<'e> {
    fn new(elements: &'e [Element]) -> Self {
        Contents { elements, entries: (0..elements.len()).map(|_| Vec::new()).collect(), placed: vec![false; elements.len()] }
    }

    fn push(&mut self, element: usize, id: Identifier) {
        let Some(slot) = self.entries.get_mut(element) else { return };
        slot.push(Entry::Content(id));
        // place the element (and its ancestors, the first time) in its parent
        let mut child = element;
        while !self.placed[child] {
            self.placed[child] = true;
            let Some(parent) = self.elements[child].parent else { break };
            self.entries[parent].push(Entry::Child(child));
            child = parent;
        }
    }
}

/// `ids`: the IDs of elements that something added after krilla must find (the blocks
/// that hold a signature field).
fn tag_tree(contents: Contents<'_>, language: &str, mut ids: HashMap<usize, TagId>) -> TagTree {
    let Contents { elements, mut entries, placed } = contents;
    // elements with nothing drawn (an empty list) still go in, after the rest
    for (i, e) in elements.iter().enumerate() {
        if !placed[i]
            && let Some(parent) = e.parent
        {
            entries[parent].push(Entry::Child(i));
        }
    }
    let mut groups: Vec<Option<TagGroup>> = (0..elements.len()).map(|_| None).collect();
    for i in (0..elements.len()).rev() {
        let mut kind = tag_kind(&elements[i].kind);
        if let Some(id) = ids.remove(&i) {
            kind = kind.with_id(Some(id));
        }
        let mut group = TagGroup::new(kind);
        for entry in std::mem::take(&mut entries[i]) {
            match entry {
                Entry::Content(id) => group.push(id),
                Entry::Child(child) => {
                    if let Some(g) = groups[child].take() {
                        group.push(Node::Group(g));
                    }
                }
            }
        }
        groups[i] = Some(group);
    }
    let mut tree = TagTree::new().with_lang(Some(language.to_string()));
    for (i, e) in elements.iter().enumerate() {
        if e.parent.is_none()
            && let Some(g) = groups[i].take()
        {
            tree.push(Node::Group(g));
        }
    }
    tree
}

fn tag_kind(kind: &ElementKind) -> TagKind {
    let heading = |level: u8, text: &str| {
        Tag::Hn(NonZeroU16::new(u16::from(level.max(1))).unwrap_or(NonZeroU16::MIN), Some(pdf_string(text))).into()
    };
    match kind {
        ElementKind::Title { text } => heading(1, text),
        ElementKind::Heading { level, text } => heading(*level, text),
        ElementKind::Section => Tag::Section.into(),
        ElementKind::Paragraph => Tag::P.into(),
        ElementKind::List { numbering } => Tag::L(list_numbering(*numbering)).into(),
        ElementKind::ListItem => Tag::LI.into(),
        ElementKind::Label => Tag::Lbl.into(),
        ElementKind::ListBody => Tag::LBody.into(),
        ElementKind::Block => Tag::Div.into(),
        ElementKind::Figure { alt } => Tag::Figure(Some(pdf_string(alt))).into(),
        ElementKind::Emphasis => Tag::Em.into(),
    }
}

/// Characters kept in a string of the PDF's own (metadata, outline and heading titles,
/// alt text): PDF/A allows 32767 bytes per string, and a title of pages would reach it.
/// 2000 characters are under 16 KB in any encoding krilla writes, and a title or alt text
/// past them is already unusable in a reader's window.
const PDF_STRING_CHARS: usize = 2000;

/// `text`, cut at a word before [`PDF_STRING_CHARS`] with an ellipsis if it is longer.
fn pdf_string(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(PDF_STRING_CHARS) else { return text.to_string() };
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

fn list_numbering(marker: ListMarker) -> ListNumbering {
    match marker {
        ListMarker::Bullet => ListNumbering::Disc,
        ListMarker::Numbered(Numbering::Decimal | Numbering::Dai | Numbering::Parenthesized | Numbering::Circled | Numbering::Jo) => {
            ListNumbering::Decimal
        }
        ListMarker::Numbered(Numbering::UpperRoman) => ListNumbering::UpperRoman,
        ListMarker::Numbered(Numbering::LowerRoman) => ListNumbering::LowerRoman,
        ListMarker::Numbered(Numbering::LowerAlpha) => ListNumbering::LowerAlpha,
        ListMarker::Numbered(Numbering::UpperAlpha) => ListNumbering::UpperAlpha,
        ListMarker::Numbered(Numbering::Kanji | Numbering::Hangul) => ListNumbering::None,
    }
}

/// krilla's export errors as diagnostics that say what to do.
fn explain(error: KrillaError, standard: PdfStandard) -> Vec<Diagnostic> {
    match error {
        KrillaError::Validation(errors) => errors
            .into_iter()
            .map(|(e, _)| {
                if matches!(e, ValidationError::MissingDocumentDate) {
                    return Diagnostic::error(format!("{} needs the date the document was made, and there is none", standard.name()))
                        .with_hint(
                            "add `date = YYYY-MM-DD` to [document], or set SOURCE_DATE_EPOCH, \
                             or choose --pdf-standard ua-1 or none",
                        );
                }
                let limit = match e {
                    ValidationError::TooLongString => Some("a string of text longer than 32,767 bytes"),
                    ValidationError::TooLongName => Some("a name longer than 127 bytes"),
                    ValidationError::TooLongArray => Some("an array of more than 8,191 entries"),
                    ValidationError::TooLongDictionary => Some("a dictionary of more than 4,095 entries"),
                    ValidationError::TooLargeFloat => Some("a number larger than 32,767"),
                    ValidationError::TooManyIndirectObjects => Some("more than 8,388,607 objects"),
                    _ => None,
                };
                if let Some(limit) = limit {
                    // (krilla names no place: the input's longest texts are the suspects)
                    return Diagnostic::error(format!("the PDF would not conform to {}: it would hold {limit}", standard.name()))
                        .with_hint(format!(
                            "shorten the input's longest text (a title, a name, a clause of one enormous word), \
                             or choose another standard with --pdf-standard (one of {})",
                            PdfStandard::NAMES.join(", ")
                        ));
                }
                Diagnostic::error(format!("the PDF would not conform to {}: {e:?}", standard.name())).with_hint(format!(
                    "fix the input, or choose another standard with --pdf-standard (one of {})",
                    PdfStandard::NAMES.join(", ")
                ))
            })
            .collect(),
        KrillaError::Font(font, why) => vec![
            Diagnostic::error(format!("a font cannot be embedded: {why} ({font:?})"))
                .with_hint("use another font file in [fonts]"),
        ],
        other => vec![Diagnostic::error(format!("the PDF could not be written: {other:?}")).internal()],
    }
}

fn outline_node(entry: &OutlineEntry) -> OutlineNode {
    let mut node = OutlineNode::new(pdf_string(&entry.title), XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y)));
    for child in &entry.children {
        node.push_child(outline_node(child));
    }
    node
}

fn metadata(meta: &PdfMeta) -> Metadata {
    let producer = concat!("resolution-pdf ", env!("CARGO_PKG_VERSION"));
    let mut m = Metadata::new()
        .title(pdf_string(&meta.title))
        .language(meta.language.clone())
        .creator(producer.into())
        .producer(producer.into());
    if let Some(author) = &meta.author {
        m = m.authors(vec![pdf_string(author)]);
    }
    if let Some(subject) = &meta.subject {
        m = m.description(pdf_string(subject));
    }
    if !meta.keywords.is_empty() {
        // written as one string "a, b, c": as many whole keywords as fit in one
        let mut room = PDF_STRING_CHARS;
        let keywords = meta.keywords.iter().map(|k| pdf_string(k)).take_while(|k| {
            let take = k.chars().count() + 2;
            room = room.saturating_sub(take);
            room > 0
        });
        m = m.keywords(keywords.collect());
    }
    if let Some((year, month, day)) = meta.date.or(if meta.epoch.is_none() { meta.modified } else { None }) {
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
pub(crate) fn civil_from_epoch(epoch: i64) -> (u16, u8, u8, u8, u8, u8) {
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
