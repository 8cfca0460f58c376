//! Layout: a validated [`Document`] becomes pages of positioned glyph runs and rules.
//!
//! The [`compose`] step turns the document's parts into a vertical flow of lines (title
//! block, headings, paragraphs, numbered clauses with hanging labels, signatory groups),
//! marking which lines must stay together. [`pages`] cuts the flow into pages; then the
//! footers are added, since "page 2 / 5" needs the page count. Nothing here knows about
//! PDF: the output is plain data that can be tested on its own.

pub mod compose;
pub mod flow;
mod typography;
pub mod numbering;
pub mod pages;
pub mod parallel;

use crate::diag::Diagnostic;
use crate::locale::Writing;
use flow::BlockItem;
use crate::fonts::{FontSet, FontStyle};
use crate::model::Document;
use crate::text::{GlyphRun, MissingGlyph, StyledText, TextContext, set_line};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A laid-out document.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// The document outline (bookmarks), in reading order.
    pub outline: Vec<OutlineEntry>,
    /// The logical structure (for the PDF's tag tree), in reading order: every element's
    /// parent comes before it.
    pub elements: Vec<Element>,
}

/// A node of the document's logical structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub kind: ElementKind,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ElementKind {
    /// The document title (H1).
    Title { text: String },
    /// A section heading (H2) or a country heading (H3).
    Heading { level: u8, text: String },
    /// A part of the document with its heading: the signatories, the resolution.
    Section,
    Paragraph,
    /// A list: the clauses, the items of a clause, a country's organisations.
    List { numbering: ListMarker },
    ListItem,
    /// The number or bullet of a list item.
    Label,
    ListBody,
    /// A group without a heading of its own: one signature block.
    Block,
    /// An image, with the text that stands for it.
    Figure { alt: String },
    /// Emphasised words inside a paragraph.
    Emphasis,
}

/// How a list marks its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMarker {
    Bullet,
    Numbered(crate::model::Numbering),
}

/// What a piece of page content is, for the tag tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Content of this element.
    Element(usize),
    /// Page furniture that is not part of the text (page numbers).
    PageNumber,
    /// A running head or a signature page's head naming the document.
    Header,
    /// Other page furniture: a group's heading repeated as "continued".
    Pagination,
    /// Decoration (rules).
    Decoration,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Page size in points.
    pub width: f32,
    pub height: f32,
    pub items: Vec<PageItem>,
}

/// Something drawn on a page. Coordinates in points from the top-left corner.
#[derive(Debug, Clone)]
pub enum PageItem {
    Text {
        /// Left end of the run's baseline.
        x: f32,
        baseline: f32,
        run: GlyphRun,
        role: Role,
        /// The run's language when it differs from the document's (a Latin name in a
        /// Japanese document, a Japanese one in an English document).
        lang: Option<&'static str>,
    },
    Rule {
        x: f32,
        /// Centre line of the rule.
        y: f32,
        width: f32,
        thickness: f32,
    },
    /// A raster image; `y` is its top edge.
    Image { x: f32, y: f32, width: f32, height: f32, image: std::sync::Arc<crate::images::PreparedImage>, role: Role },
    /// A light grey rectangle behind content (decoration).
    Tint { x: f32, y: f32, width: f32, height: f32 },
    /// An empty digital-signature field (nothing is drawn): the space above an
    /// organisation's signing line, where it signs; `y` is its top edge.
    SignatureField { x: f32, y: f32, width: f32, height: f32, field: std::sync::Arc<SignatureField> },
}

/// What names an organisation's signature field.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureField {
    /// The field's partial name (`/T`): see [`compose::field_names`] for the rule.
    pub name: String,
    /// The organisation's name as printed (`/TU`, what a reader or signing tool shows).
    pub full_name: String,
    /// The organisation's signature block in [`Layout::elements`]: the field's place in
    /// the tag tree.
    pub block: usize,
}

/// A bookmark: a title and the place it points to.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// Page index (from 0).
    pub page: usize,
    /// Top of the target line, in points from the top of the page.
    pub y: f32,
    pub children: Vec<OutlineEntry>,
}

/// What a layout needs besides the document.
pub struct Resources<'a> {
    pub fonts: &'a FontSet,
    pub hyphenator: Option<&'a hyphenation::Standard>,
    /// Signature and seal images (already checked when loaded).
    pub images: &'a crate::images::ImageLibrary,
    /// Lay out the copy for this organisation (its index in signatory order): a footer
    /// note and its signature block tinted.
    pub copy_for: Option<usize>,
    /// Paragraphs set by other documents of the process, to reuse.
    pub paragraphs: Option<&'a crate::text::ParagraphCache>,
}

/// Lay out `doc`; every character no font has is reported.
pub fn layout(doc: &Document, res: &Resources<'_>) -> Result<Layout, Vec<Diagnostic>> {
    let locale = crate::locale::Locale::of(doc);
    let writing = locale.writing;
    let mut ctx = text_context(doc, res, &locale);
    let composed = compose::compose(doc, &locale, &mut ctx, res.images, res.copy_for, None, None)?;

    let style = &doc.style;
    let (w_mm, h_mm) = style.paper.size_mm();
    let (page_w, page_h) = (w_mm * PT_PER_MM, h_mm * PT_PER_MM);
    let m = style.margins;
    let (left, mut top) = (m.left * PT_PER_MM, m.top * PT_PER_MM);
    let mut block_h = page_h - top - m.bottom * PT_PER_MM;
    // The Japanese grid holds a whole number of lines, centred between the top and bottom
    // margins as the lines of whole ems are between the side margins: a page then ends
    // on a grid line, and a full page is full to its last line.
    if writing == Writing::Ideographic && composed.line > 0.0 {
        let grid = (block_h / composed.line + 0.001).floor() * composed.line;
        top += (block_h - grid) / 2.0;
        block_h = grid;
    }
    let block_w = page_w - left - m.right * PT_PER_MM;
    // lines a little narrower than the block (Japanese whole-em lines) sit in its middle
    let text_left = left + ((block_w - composed.text_width) / 2.0).max(0.0);

    // The running head goes on documents of more than two pages unless the style says
    // otherwise; it takes room at the top of the pages, so then the pages are cut again
    // (only when the style leaves it to the page count are they cut twice).
    let mut settings = pages::Settings { height: block_h, line: composed.line, running_head: None, grid: writing == Writing::Ideographic };
    let mut without_head = None;
    let head = match style.running_head {
        Some(on) => on,
        None => without_head.insert(pages::paginate(&composed.flow, &settings)).len() > 2,
    };
    let placed = if head && !composed.running_head.lines.is_empty() {
        settings.running_head = Some(&composed.running_head);
        pages::paginate(&composed.flow, &settings)
    } else {
        without_head.unwrap_or_else(|| pages::paginate(&composed.flow, &settings))
    };
    let frame = Frame { page_w, page_h, left, top, block_w, text_left };
    let (out, anchors) = finish_pages(placed, doc, &locale, &mut ctx, &frame, composed.anchor_count, res.copy_for)?;
    let outline = composed.outline.resolve(&anchors);
    Ok(Layout { pages: out, outline, elements: composed.elements })
}

/// What sets `doc`'s text: its faces, writing, language and the shared paragraph cache.
pub(crate) fn text_context<'a>(doc: &Document, res: &Resources<'a>, locale: &crate::locale::Locale) -> TextContext<'a> {
    let ctx = TextContext::new(res.fonts, locale.writing, res.hyphenator).with_language(&doc.lang.tag);
    match res.paragraphs {
        Some(cache) => ctx.with_paragraph_cache(cache),
        None => ctx,
    }
}

/// Where the text block stands on the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub page_w: f32,
    pub page_h: f32,
    pub left: f32,
    pub top: f32,
    pub block_w: f32,
    /// Left edge of the lines (the block's, or a narrower measure's centred in it).
    pub text_left: f32,
}

/// Pages of positioned items from the lines placed on each, with their footers; and
/// where each outline anchor landed.
pub(crate) fn finish_pages(
    placed: Vec<Vec<pages::Placed>>,
    doc: &Document,
    locale: &crate::locale::Locale,
    ctx: &mut TextContext<'_>,
    frame: &Frame,
    anchor_count: usize,
    copy_for: Option<usize>,
) -> Result<(Vec<Page>, Vec<Option<(usize, f32)>>), Vec<Diagnostic>> {
    let Frame { page_w, page_h, left, top, block_w, text_left } = *frame;
    let writing = locale.writing;
    let style = &doc.style;
    let m = style.margins;
    let copy_note = copy_for.and_then(|i| doc.signatories.iter().flat_map(|g| &g.organizations).nth(i)).map(|org| {
        let name = org.name.plain();
        crate::locale::fill(&locale.labels.copy_for, &[("organization", &name)])
    });
    let count = placed.len();
    let mut anchors = vec![None; anchor_count];
    let mut out = Vec::with_capacity(count);
    for (index, lines) in placed.into_iter().enumerate() {
        let mut items = Vec::new();
        for p in lines {
            let top_y = top + p.top;
            if let Some(a) = p.line.anchor {
                anchors[a] = Some((index, top_y));
            }
            let baseline = top_y + p.line.baseline;
            if let Some((x, width, thickness)) = p.line.rule {
                items.push(PageItem::Rule { x: text_left + p.x + x, y: top_y + p.line.height / 2.0, width, thickness });
            }
            for tagged in p.line.runs {
                let run = tagged.run;
                let lang = foreign_language(&run.text, writing);
                items.push(PageItem::Text { x: text_left + p.x + run.x, baseline, run, role: tagged.role, lang });
            }
            let x0 = text_left + p.x;
            for item in p.line.extra {
                items.push(match item {
                    BlockItem::Text { baseline, run } => {
                        let lang = foreign_language(&run.run.text, writing);
                        PageItem::Text { x: x0 + run.run.x, baseline: top_y + baseline, run: run.run, role: run.role, lang }
                    }
                    BlockItem::Rule { x, y, width, thickness } => PageItem::Rule { x: x0 + x, y: top_y + y, width, thickness },
                    BlockItem::Image { x, y, width, height, image, role } => {
                        PageItem::Image { x: x0 + x, y: top_y + y, width, height, image, role }
                    }
                    BlockItem::Tint { x, y, width, height } => PageItem::Tint { x: x0 + x, y: top_y + y, width, height },
                    BlockItem::SignatureField { x, y, width, height, field } => {
                        PageItem::SignatureField { x: x0 + x, y: top_y + y, width, height, field }
                    }
                });
            }
        }
        // Footer: the page number, centred in the bottom margin (a single page needs none),
        // and under it the note of a signatory's copy. Small whatever the body size.
        let size = (style.font_size_pt * 0.82).clamp(6.0, 9.0);
        let mut footer = Vec::new();
        if count > 1 {
            footer.push(crate::locale::fill(&locale.labels.page, &[("page", &(index + 1).to_string()), ("pages", &count.to_string())]));
        }
        if let Some(name) = &copy_note {
            footer.push(name.clone());
        }
        let step = size * 1.4;
        let mut baseline = footer_baseline(page_h, m.bottom * PT_PER_MM, size, footer.len(), step);
        for text in &footer {
            let line = set_line(ctx, &[StyledText { text, style: FontStyle::default() }], size).map_err(|MissingGlyph(c)| {
                // the footer's words are the labels `page` and `copy_for` (or the name of
                // the organisation whose copy this is)
                let (key, label) = if Some(text) == copy_note.as_ref() { ("copy_for", "the note of a signatory's copy") } else { ("page", "the page number") };
                let message = format!("no font has the character ‘{c}’ (U+{:04X}) of {label}: “{text}”", c as u32);
                let diag = match doc.labels.values.get(key) {
                    Some(value) => doc.source.error(value.span.clone(), message).with_label("this label"),
                    None => Diagnostic::error(message).in_file(doc.source.path.clone()),
                };
                vec![diag.with_hint(format!("reword `{key}` in [labels] without it, or add a font that has it in `[fonts] fallback`"))]
            })?;
            let x = left + ((block_w - line.width) / 2.0).max(0.0);
            for run in line.runs {
                items.push(PageItem::Text { x: x + run.x, baseline, run, role: Role::PageNumber, lang: None });
            }
            baseline += step;
        }
        out.push(Page { width: page_w, height: page_h, items });
    }

    Ok((out, anchors))
}

/// Where the first line of the footer stands. One line (the page number) is centred in
/// the bottom margin. With a second (the note of a signatory's copy), the pair is centred
/// too, but the lower line keeps 12 mm from the paper's edge, descenders included — many
/// office printers do not print the last 10 mm — as long as the margin leaves room for
/// that above it (a bottom margin of about 20 mm or more); the text block wins otherwise.
fn footer_baseline(page_h: f32, bottom: f32, size: f32, lines: usize, step: f32) -> f32 {
    let centred = page_h - bottom * 0.5 + size * 0.35;
    if lines < 2 {
        return centred;
    }
    let extra = step * (lines - 1) as f32;
    let (ascent, descent) = (size * 0.75, size * 0.25);
    // the pair centred: its top is the first line's ascent, its foot the last's descent
    let first = page_h - bottom * 0.5 - (extra + descent - ascent) / 2.0;
    let lowest_last = page_h - FOOTER_EDGE_MM * PT_PER_MM - descent;
    let highest_first = page_h - bottom + ascent + size * 0.5;
    first.min(lowest_last - extra).max(highest_first)
}

/// The lowest a footer line may reach, from the paper's edge.
const FOOTER_EDGE_MM: f32 = 12.0;

/// The language of a run's text when it is not the document's: Japanese characters in a
/// Latin document, Latin words in a Japanese one (taken to be English, the language of
/// the names and acronyms such documents carry).
fn foreign_language(text: &str, writing: Writing) -> Option<&'static str> {
    let hangul = crate::unicode::is_hangul;
    let east_asian = |c: char| crate::text::japanese::is_ideographic(c) || hangul(c);
    if writing.is_east_asian() {
        let latin_word = text.chars().any(|c| c.is_alphabetic() && !east_asian(c));
        (latin_word && !text.chars().any(east_asian)).then_some("en")
    } else if text.chars().any(hangul) {
        Some("ko")
    } else {
        text.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF)).then_some("ja")
    }
}
