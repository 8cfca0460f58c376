//! Composition: the parts of a resolution, in order, as a flow of lines.
//!
//! The typographic decisions live here: sizes and spacing relative to the body size, the
//! title block, the hanging label column for clauses and items, the keep rules.

use std::sync::Arc;

use super::flow::{BlockItem, Columns, Continued, Flow, FlowLine, Opens, PageHead, Space, TaggedRun};
use crate::images::ImageLibrary;
use super::{Element, ElementKind, ListMarker, OutlineEntry, Role};
use super::typography::{Gap, Typography};
use super::numbering;
use crate::diag::Diagnostic;
use crate::fonts::FontStyle;
use crate::locale::{self, Locale, Piece};
use crate::model::{Document, ListItem, Numbering, Text};
use crate::text::{Align, Line, MissingGlyph, ParagraphSpec, StyledText, TextContext, japanese, set_line, set_paragraph};

/// The composed document: its flow and its outline, waiting for page numbers.
pub struct Composed {
    pub flow: Vec<Flow>,
    pub anchor_count: usize,
    pub outline: OutlineTree,
    /// The logical structure, parents before children.
    pub elements: Vec<Element>,
    /// Width of the lines, which may be a little less than the text block.
    pub text_width: f32,
    /// The running head, should the document carry one (see [`super::layout`]).
    pub running_head: PageHead,
    /// The body line pitch (the grid in Japanese documents).
    pub line: f32,
}

/// Outline entries pointing at anchors, resolved once the pages are known.
#[derive(Debug, Default)]
pub struct OutlineTree {
    nodes: Vec<OutlineNode>,
}

#[derive(Debug)]
struct OutlineNode {
    title: String,
    anchor: usize,
    children: Vec<OutlineNode>,
}

impl OutlineTree {
    /// Each entry titled in both languages ("Resolution / 決議"), where `other` (the
    /// translation's outline, of the same structure) has a counterpart; the anchors stay
    /// this tree's.
    pub fn bilingual(mut self, other: &OutlineTree) -> OutlineTree {
        fn go(nodes: &mut [OutlineNode], others: &[OutlineNode]) {
            for (node, other) in nodes.iter_mut().zip(others) {
                if !other.title.is_empty() && other.title != node.title {
                    node.title = format!("{} / {}", node.title, other.title);
                }
                go(&mut node.children, &other.children);
            }
        }
        go(&mut self.nodes, &other.nodes);
        self
    }

    pub fn resolve(&self, anchors: &[Option<(usize, f32)>]) -> Vec<OutlineEntry> {
        fn go(nodes: &[OutlineNode], anchors: &[Option<(usize, f32)>]) -> Vec<OutlineEntry> {
            nodes
                .iter()
                .filter_map(|n| {
                    let (page, y) = anchors.get(n.anchor).copied().flatten()?;
                    Some(OutlineEntry { title: n.title.clone(), page, y, children: go(&n.children, anchors) })
                })
                .collect()
        }
        go(&self.nodes, anchors)
    }
}

/// How one paragraph is set.
#[derive(Debug, Clone, Copy)]
struct Para {
    size: f32,
    bold: bool,
    italic: bool,
    align: Align,
    /// Indents from the text block's edges.
    left: f32,
    right: f32,
    first_indent: f32,
    /// Baseline-to-baseline distance.
    pitch: f32,
}

/// A piece of a paragraph: text from the input, or words the program adds.
#[derive(Clone, Copy)]
enum Part<'t> {
    Text(&'t Text),
    Plain(&'t str),
}


/// How much the spaces between paragraphs, items and groups of a Latin document may give
/// so that pages come out full: half again as much, a fifth less (the page breaker spends
/// them, see `pages.rs`). Lines never move apart: only the spaces between blocks give, the
/// way a compositor would add or take leads between paragraphs.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 0.2;
/// The give between the organisations of a list, which have no space between them: an
/// eighth of a line each, a point or two, spread over a column of twenty names.
const ITEM_STRETCH: f32 = 0.125;
/// Distance between the lines written on in a signature block (signature, name, title,
/// date): a hand needs about 8 mm.
const WRITE_ON_PITCH_MM: f32 = 8.0;
/// Distance from the line before to a printed line of a signature block (a name, title or
/// date given in the input): nobody writes on it.
const PRINTED_PITCH_MM: f32 = 6.0;
/// How far the hairline under a country heading on the signature pages stands below where
/// it would touch the descenders (points).
const RULE_DROP: f32 = 2.5;
/// Room below a row of signature blocks, before the next row's space (not at a page's
/// foot): a row's box ends with its ink.
const ROW_TAIL_MM: f32 = 2.0;

/// Below this measure, in ems, Latin running text is set ragged right: justified lines
/// of fewer than about 45 characters (Bringhurst's floor) open rivers of space, and a
/// column of a parallel edition is about 20 ems wide. Full pages are 40 ems and more.
/// Korean text, broken only between words, likewise; Japanese keeps its grid, whose lines
/// break between characters and stay even in any measure.
const RAGGED_BELOW_EMS: f32 = 24.0;

/// The title's size in a column of a parallel edition, against a page's.
const COLUMN_TITLE_SCALE: f32 = 0.8;

/// The narrowest signature field beside a scanned signature, in mm: room for a signer's
/// name at a readable size in the digital signature's appearance.
const MIN_FIELD_BESIDE_SCAN: f32 = 20.0;
/// The share of the line a scanned signature may take when the block also has a signature
/// field: the scan stays the size of a hand's signature, the field's appearance goes beside.
const SCAN_SHARE_BESIDE_FIELD: f32 = 0.5;

struct Composer<'c, 'a> {
    doc: &'a Document,
    ctx: &'c mut TextContext<'a>,
    /// The language's typography and labels.
    t: Typography,
    locale: Locale,
    size: f32,
    /// Width of the text block.
    measure: f32,
    diags: Vec<Diagnostic>,
    anchors: usize,
    /// Body line pitch (the grid in Japanese documents).
    pitch: f32,
    /// The logical structure built so far, and the elements now open.
    elements: Vec<Element>,
    open: Vec<usize>,
    images: &'a ImageLibrary,
    /// The organisation whose copy this is (its block is tinted).
    copy_for: Option<usize>,
    /// Running text set ragged right: a measure too narrow to justify well (a column of
    /// a parallel edition).
    ragged: bool,
    /// The body is a column of a parallel edition.
    in_column: bool,
    /// The other edition of a parallel edition: its countries and organisations' names
    /// stand beside and under the original's on the signature page.
    counterpart: Option<&'a Document>,
}

pub fn compose<'a>(
    doc: &'a Document,
    locale: &Locale,
    ctx: &mut TextContext<'a>,
    images: &'a ImageLibrary,
    copy_for: Option<usize>,
    body_width: Option<f32>,
    counterpart: Option<&'a Document>,
) -> Result<Composed, Vec<Diagnostic>> {
    let (w, _) = doc.style.paper.size_mm();
    let m = doc.style.margins;
    let page_block = (w - m.left - m.right) * super::PT_PER_MM;
    // a parallel edition sets the body in a column; the signature page keeps the page
    let block = body_width.unwrap_or(page_block);
    // (the layout's: the labels are built once per document)
    let locale = locale.clone();
    // (Korean too: with breaks only between words, a justified line of 20 ems spread a
    // long eojeol's neighbours to 8.5 times their space in the parallel edition)
    let spaced = matches!(locale.writing, locale::Writing::Latin | locale::Writing::Hangul);
    let t = Typography::of(&locale);
    // On the grid lines hold a whole number of characters, so that every full line is set
    // solid and characters stand in columns (the block is centred in the margins).
    let measure = if t.grid { (block / doc.style.font_size_pt).floor() * doc.style.font_size_pt } else { block };
    let pitch = doc.style.font_size_pt * t.leading;
    let mut c = Composer {
        doc,
        ctx,
        t,
        locale,
        size: doc.style.font_size_pt,
        measure,
        diags: Vec::new(),
        anchors: 0,
        pitch,
        elements: Vec::new(),
        open: Vec::new(),
        images,
        copy_for,
        in_column: body_width.is_some(),
        counterpart,
        ragged: spaced && measure < RAGGED_BELOW_EMS * doc.style.font_size_pt,
    };
    let mut flow = Vec::new();
    let mut outline = OutlineTree::default();

    let title_anchor = c.title_block(&mut flow);
    let mut root = OutlineNode { title: doc.title.plain(), anchor: title_anchor, children: Vec::new() };
    c.front_matter(&mut flow);
    if let Some(node) = c.signatories(&mut flow) {
        root.children.push(node);
    }
    if let Some(node) = c.resolution(&mut flow) {
        root.children.push(node);
    }
    if body_width.is_some() {
        c.ragged = false;
        c.measure = if c.t.grid { (page_block / doc.style.font_size_pt).floor() * doc.style.font_size_pt } else { page_block };
    }
    if let Some(node) = c.signature_page(&mut flow) {
        root.children.push(node);
    }
    outline.nodes.push(root);

    collapse_spaces(&mut flow);
    debug_assert!(c.open.is_empty(), "every element opened is closed");
    let running_head = c.running_head();
    let (text_width, elements, line) = (c.measure, c.elements, c.pitch);
    if c.diags.is_empty() {
        Ok(Composed { flow, anchor_count: c.anchors, outline, elements, text_width, running_head, line })
    } else {
        Err(c.diags)
    }
}

impl<'a> Composer<'_, 'a> {
    fn body(&self) -> Para {
        Para {
            size: self.size,
            bold: false,
            italic: false,
            align: if self.ragged { Align::Ragged } else { Align::Justify },
            left: 0.0,
            right: 0.0,
            first_indent: 0.0,
            pitch: self.pitch,
        }
    }

    /// A paragraph of running text: Japanese paragraphs start with a one-em indent (字下げ).
    fn prose(&self) -> Para {
        Para { first_indent: self.t.paragraph_indent_em * self.em(), ..self.body() }
    }

    fn em(&self) -> f32 {
        self.size
    }

    /// Vertical space: `lines` body lines (Korean's looser lines
    /// take their space in proportion), `grid_lines` whole lines of the grid in a
    /// Japanese one.
    fn space(&self, lines: f32, grid_lines: u8) -> Flow {
        if self.t.grid {
            Flow::Space(Space { height: self.pitch * f32::from(grid_lines), stretch: 0.0, shrink: 0.0 })
        } else {
            let height = self.pitch * lines;
            Flow::Space(Space { height, stretch: height * SPACE_STRETCH, shrink: height * SPACE_SHRINK })
        }
    }

    fn gap(&self, gap: Gap) -> Flow {
        self.space(gap.lines, gap.grid_lines)
    }

    fn anchor(&mut self) -> usize {
        self.anchors += 1;
        self.anchors - 1
    }

    // ---- the logical structure ---------------------------------------------------------

    /// A new element inside the one now open.
    fn element(&mut self, kind: ElementKind) -> usize {
        self.elements.push(Element { kind, parent: self.open.last().copied() });
        self.elements.len() - 1
    }

    /// Open an element: what follows goes inside it until [`Self::end`].
    fn begin(&mut self, kind: ElementKind) -> usize {
        let id = self.element(kind);
        self.open.push(id);
        id
    }

    fn end(&mut self) {
        self.open.pop();
    }

    // ---- the parts ---------------------------------------------------------------------

    /// Title, subtitle, place and date, centred; a short rule beneath.
    fn title_block(&mut self, flow: &mut Vec<Flow>) -> usize {
        let doc = self.doc;
        // in a column of a parallel edition the title steps down, so that it breaks into
        // phrases rather than into words
        let title_size = self.size * self.t.sizes.title * if self.in_column { COLUMN_TITLE_SCALE } else { 1.0 };
        let title = Para { size: title_size, bold: true, align: Align::Center, pitch: title_size * self.t.sizes.title_leading, ..self.body() };
        let mut lines = self.set(&doc.title, &title, ElementKind::Title { text: doc.title.plain() });
        let anchor = self.anchor();
        if let Some(first) = lines.first_mut() {
            first.anchor = Some(anchor);
            first.opens = Some(Opens::Title);
        }
        keep_all(&mut lines);
        push_lines(flow, lines);

        if let Some(subtitle) = &doc.subtitle {
            let size = self.size * self.t.sizes.subtitle;
            // italic in Latin text; Japanese has no italic, and its Latin words stay
            // upright like those of the summary
            let p = Para { size, italic: self.t.italic, align: Align::Center, pitch: size * self.t.sizes.display_leading, ..self.body() };
            flow.push(self.gap(self.t.gaps.before_subtitle));
            let mut lines = self.set(subtitle, &p, ElementKind::Paragraph);
            keep_all(&mut lines);
            push_lines(flow, lines);
        }
        let date = doc.date.map(|d| self.locale.date(d));
        let template = self.t.labels.place_date.clone();
        let pieces = locale::pieces(&template);
        let parts: Vec<Part<'_>> = match (&doc.place, &date) {
            (None, None) => Vec::new(),
            (Some(place), None) => vec![Part::Text(place)],
            (None, Some(date)) => vec![Part::Plain(date)],
            (Some(place), Some(date)) => pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(s) => Part::Plain(s),
                    Piece::Value("place") => Part::Text(place),
                    Piece::Value("date") => Part::Plain(date),
                    Piece::Value(other) => Part::Plain(other),
                })
                .collect(),
        };
        if !parts.is_empty() {
            flow.push(self.gap(self.t.gaps.before_place_date));
            let p = Para { align: Align::Center, ..self.body() };
            let mut lines = self.set_parts(&parts, &p, ElementKind::Paragraph);
            opens(&mut lines, Opens::Place);
            push_lines(flow, lines);
        }
        // A short centred rule closes the title block.
        flow.push(self.gap(self.t.gaps.before_title_rule));
        let rule_width = (self.em() * 6.0).min(self.measure / 3.0);
        flow.push(Flow::Line(FlowLine {
            height: if self.t.grid { self.pitch } else { self.size * 0.8 },
            rule: Some(((self.measure - rule_width) / 2.0, rule_width, 0.6)),
            ..FlowLine::default()
        }));
        flow.push(self.gap(self.t.gaps.after_title_rule));
        anchor
    }

    /// Summary, addressee.
    fn front_matter(&mut self, flow: &mut Vec<Flow>) {
        let doc = self.doc;
        if let Some(summary) = &doc.summary {
            let indent = self.em() * self.t.sizes.summary_indent_em;
            // set off by its indents; italic in Latin text (Japanese has no italic)
            let p = Para { italic: self.t.italic, left: indent, right: indent, ..self.prose() };
            let mut lines = self.set(summary, &p, ElementKind::Paragraph);
            widow_orphan(&mut lines, self.t.grid);
            opens(&mut lines, Opens::Front);
            push_lines(flow, lines);
            flow.push(self.gap(self.t.gaps.after_front_matter));
        }
        if let Some(addressee) = &doc.addressee {
            let label = self.t.labels.to.clone();
            let label_width = self.measure_label(&label, true);
            // "To: …"; 「宛先：」 is followed at once by the text (the colon has its blank)
            let column = label_width + self.label_gap(&label).min(self.em() * 0.5);
            let p = Para { align: Align::Left, ..self.body() };
            let mut lines = if label.is_empty() {
                self.set(addressee, &p, ElementKind::Paragraph)
            } else if column > self.measure * 0.4 {
                // a label reworded into a phrase ("À l'attention de Monsieur le Président
                // de …") would leave the addressee a narrow column, or none: one paragraph
                self.set_parts(&[Part::Plain(&label), Part::Plain(" "), Part::Text(addressee)], &p, ElementKind::Paragraph)
            } else {
                self.hanging(&label, true, false, addressee, 0.0, column, &p, false)
            };
            widow_orphan(&mut lines, self.t.grid);
            opens(&mut lines, Opens::Front);
            push_lines(flow, lines);
            flow.push(self.gap(self.t.gaps.after_front_matter));
        }
    }

    /// The approval sentence and the organisations under their countries.
    fn signatories(&mut self, flow: &mut Vec<Flow>) -> Option<OutlineNode> {
        let doc = self.doc;
        if doc.signatories.is_empty() && doc.approval.is_none() {
            return None;
        }
        let heading = self.t.labels.signatories.clone();
        let mut node = OutlineNode { title: heading.clone(), anchor: 0, children: Vec::new() };
        self.begin(ElementKind::Section);
        node.anchor = self.section_heading(flow, &heading);
        if let Some(approval) = &doc.approval {
            let mut lines = self.set(approval, &self.prose(), ElementKind::Paragraph);
            widow_orphan(&mut lines, self.t.grid);
            opens(&mut lines, Opens::Approval);
            // it introduces the list: never alone at a page foot
            if !doc.signatories.is_empty()
                && let Some(last) = lines.last_mut()
            {
                last.keep_with_next = true;
            }
            push_lines(flow, lines);
            flow.push(self.gap(self.t.gaps.paragraph));
        }

        let columns = usize::from(doc.style.signatory_columns.max(1));
        let gap = self.em() * self.t.sizes.column_gap_em;
        let column_width = (self.measure - gap * (columns as f32 - 1.0)) / columns as f32;
        let saved_measure = self.measure;
        self.measure = column_width;
        let mut list = Vec::new();
        for (g, group) in doc.signatories.iter().enumerate() {
            if g > 0 {
                // On the Japanese grid the blank line between two groups is the one
                // thing on a page that may give: it goes (the whole line, so the grid
                // stays exact) when that lets a page take the next group's start
                // rather than end with an empty foot.
                list.push(match self.gap(self.t.gaps.between_groups) {
                    Flow::Space(s) if self.t.grid => Flow::Space(Space { shrink: s.height, ..s }),
                    other => other,
                });
            }
            let p = Para { bold: true, align: Align::Left, ..self.body() };
            let heading = ElementKind::Heading { level: 3, text: group.country.plain() };
            let mut lines = self.set(&group.country, &p, heading);
            let anchor = self.anchor();
            if let Some(first) = lines.first_mut() {
                first.anchor = Some(anchor);
            }
            opens(&mut lines, Opens::Group);
            node.children.push(OutlineNode { title: group.country.plain(), anchor, children: Vec::new() });
            keep_all(&mut lines);
            push_lines(&mut list, lines);
            let space_after = if self.t.grid { 0.0 } else { self.pitch * 0.1 / self.t.leading };
            list.push(Flow::Space(Space { height: space_after, stretch: 0.0, shrink: 0.0 }));
            let continued = self.continued_heading(&group.country, space_after);

            let bullet = self.t.bullet;
            let column = self.em() * self.t.bullet_column_em;
            self.begin(ElementKind::List { numbering: ListMarker::Bullet });
            let count = group.organizations.len();
            for (o, org) in group.organizations.iter().enumerate() {
                if o > 0 && !self.t.grid {
                    // no space between the organisations of a list, but a little give
                    // (an eighth of a line at most), so that a column of them can reach
                    // the page's foot
                    list.push(Flow::Space(Space { height: 0.0, stretch: self.pitch * ITEM_STRETCH, shrink: 0.0 }));
                }
                let p = Para { align: Align::Left, ..self.body() };
                let mut lines = self.hanging(bullet, false, false, &org.name, 0.0, column, &p, true);
                let person: Vec<&Text> = org.representative.iter().chain(org.title.iter()).collect();
                if !person.is_empty() {
                    // "Anna Müller, Director"; Japanese writes "山田花子　事務局長"
                    let joiner = self.t.person_joiner;
                    let mut parts = Vec::new();
                    for (i, text) in person.iter().enumerate() {
                        if i > 0 {
                            parts.push(Part::Plain(joiner));
                        }
                        parts.push(Part::Text(text));
                    }
                    let p = Para { italic: self.t.italic, align: Align::Left, left: column, size: self.size * self.t.sizes.person, ..self.body() };
                    lines.extend(self.set_parts(&parts, &p, ElementKind::Paragraph));
                }
                self.end(); // LBody
                self.end(); // LI
                // An organisation is never split: a continued heading must not come
                // between the lines of one name.
                keep_all(&mut lines);
                opens(&mut lines, Opens::Organization);
                // A country heading keeps with its first two organisations, and the last
                // two keep together: no organisation of a group alone on a page.
                let keeps = count > 1 && (o == 0 || o + 2 == count);
                if let Some(last) = lines.last_mut() {
                    last.keep_with_next = keeps;
                }
                for line in &mut lines {
                    line.continued = Some(continued.clone());
                }
                push_lines(&mut list, lines);
            }
            self.end(); // L
        }
        self.measure = saved_measure;
        if columns > 1 {
            flow.push(Flow::Columns(Columns { count: columns, gap, width: column_width, items: list }));
        } else {
            flow.extend(list);
        }
        self.end(); // Section
        Some(node)
    }

    /// The heading a group repeats where it continues on a new page or column: "**Japan**
    /// (continued)", 「**日本**（続き）」; the country set as its heading is (bold; Gothic in
    /// Japanese documents), so that a reader scanning for the bold names finds it, the
    /// mark in the text face (roman; Mincho), so that it reads as a reminder rather than a
    /// new group. Page furniture: an artifact, not in the outline or the structure.
    /// The mark goes short ("(cont.)") where the full one would take the heading onto a
    /// second line in a narrow column.
    fn continued_heading(&mut self, country: &Text, space_after: f32) -> Arc<Continued> {
        let mut lines = Vec::new();
        let templates = [self.t.labels.continued.clone(), self.t.labels.continued_short.clone()];
        for (key, template) in ["continued", "continued_short"].into_iter().zip(&templates) {
            let style = FontStyle::default();
            let mut spans = Vec::new();
            let pieces = locale::pieces(template);
            for piece in &pieces {
                match piece {
                    Piece::Text(s) => spans.push(StyledText { text: s, style }),
                    Piece::Value(_) => spans.extend(
                        country.inlines.iter().map(|i| StyledText { text: &i.text, style: FontStyle { bold: true, italic: i.italic } }),
                    ),
                }
            }
            let p = Para { align: Align::Left, ..self.body() };
            lines = match self.set_spans(&spans, &p, Role::Pagination) {
                Ok(lines) => lines,
                Err(MissingGlyph(c)) => {
                    self.label_without_glyph(key, c);
                    Vec::new()
                }
            };
            if lines.len() < 2 {
                break;
            }
        }
        Arc::new(Continued { lines, space_after })
    }

    /// Preamble, the numbered clauses, closing paragraphs.
    fn resolution(&mut self, flow: &mut Vec<Flow>) -> Option<OutlineNode> {
        let r = &self.doc.resolution;
        if r.preamble.is_empty() && r.intro.is_none() && r.clauses.is_empty() && r.closing.is_empty() {
            return None;
        }
        let heading = self.t.labels.resolution.clone();
        let mut node = OutlineNode { title: heading.clone(), anchor: 0, children: Vec::new() };
        self.begin(ElementKind::Section);
        node.anchor = self.section_heading(flow, &heading);

        // Japanese paragraphs are told apart by their indent, not by space.
        let paragraph_gap = |c: &Self| c.gap(c.t.gaps.paragraph);
        let opening: Vec<&Text> = r.preamble.iter().chain(r.intro.iter()).collect();
        for (i, text) in opening.iter().enumerate() {
            if i > 0 {
                flow.push(paragraph_gap(self));
            }
            let mut lines = self.set(text, &self.prose(), ElementKind::Paragraph);
            widow_orphan(&mut lines, self.t.grid);
            opens(&mut lines, Opens::Opening);
            // the intro (and any paragraph ending in a colon) leads into what follows:
            // never the last thing on a page
            let is_intro = r.intro.is_some() && i + 1 == opening.len();
            let follows = i + 1 < opening.len() || !r.clauses.is_empty();
            if (is_intro || is_lead_in(text))
                && follows
                && let Some(last) = lines.last_mut()
            {
                last.keep_with_next = true;
            }
            push_lines(flow, lines);
        }

        let style = &self.doc.style;
        let numbering = [style.clause_numbering, style.item_numbering, style.subitem_numbering];
        let column = self.label_column(&r.clauses, numbering[0], 1);
        if !r.clauses.is_empty() {
            self.begin(ElementKind::List { numbering: ListMarker::Numbered(numbering[0]) });
        }
        for (i, clause) in r.clauses.iter().enumerate() {
            flow.push(paragraph_gap(self));
            let label = numbering::label(numbering[0], i + 1, 1, self.t.full_width_marks);
            let anchor = self.anchor();
            node.children.push(OutlineNode { title: outline_title(&label, &clause.text.plain()), anchor, children: Vec::new() });
            let mut lines = self.list_item(clause, &label, 0.0, column, &numbering, 1);
            if let Some(first) = lines.iter_mut().find_map(|f| match f {
                Flow::Line(l) => Some(l),
                _ => None,
            }) {
                first.anchor = Some(anchor);
            }
            flow.append(&mut lines);
        }
        if !r.clauses.is_empty() {
            self.end(); // L
        }

        for (i, text) in r.closing.iter().enumerate() {
            // the closing formula stands apart from the last clause
            flow.push(if i == 0 { self.gap(self.t.gaps.before_closing) } else { paragraph_gap(self) });
            let mut lines = self.set(text, &self.prose(), ElementKind::Paragraph);
            widow_orphan(&mut lines, self.t.grid);
            opens(&mut lines, Opens::Closing);
            if is_lead_in(text)
                && i + 1 < r.closing.len()
                && let Some(last) = lines.last_mut()
            {
                last.keep_with_next = true;
            }
            push_lines(flow, lines);
        }
        self.end(); // Section
        Some(node)
    }

    /// The signature page: a block per organisation, in signatory order under the country
    /// headings, `signing.columns` to a row; rows never split, headings keep with them and
    /// are repeated (marked as continued) where a group's rows run onto a new page. Every
    /// signature page carries a head that names the document, so that a page sent out on
    /// its own to be signed can be matched to its text.
    fn signature_page(&mut self, flow: &mut Vec<Flow>) -> Option<OutlineNode> {
        let doc = self.doc;
        if !doc.signing.page || doc.signatories.is_empty() {
            return None;
        }
        let heading = self.t.labels.signatures.clone();
        let mut node = OutlineNode { title: heading.clone(), anchor: 0, children: Vec::new() };
        // the signature page starts a page of its own, under its own head
        let head = self.signature_head();
        flow.push(Flow::PageBreak(Some(Arc::new(head))));
        self.begin(ElementKind::Section);
        node.anchor = self.section_heading(flow, &heading);
        let gap = self.em() * self.t.sizes.column_gap_em;
        // two blocks to a row unless the input says otherwise, or one when two would be
        // narrower than 14 em (a small page at a large size): names and dates then break
        // into short lines and a row can grow taller than the page
        let default_columns = if (self.measure - gap) / 2.0 >= 14.0 * self.em() { 2 } else { 1 };
        let columns = usize::from(doc.signing.columns.unwrap_or(default_columns).max(1));
        let block_w = (self.measure - gap * (columns as f32 - 1.0)) / columns as f32;
        // in a signatory's copy every block has a margin inside its own column, so that
        // the tint behind the copy's own block stays within the text block
        let inset = if self.copy_for.is_some() { 2.0 * super::PT_PER_MM } else { 0.0 };
        let mut index = 0;
        // the names of the digital-signature fields, one per organisation in signatory order
        let mut field_names = if doc.signing.fields {
            field_names(doc.signatories.iter().flat_map(|g| &g.organizations).map(|o| o.name.plain())).into_iter()
        } else {
            Vec::new().into_iter()
        };
        // The fields every block prints (a name, title or date the input gives for all):
        // they stand closer below the line before; so the lines of every block align.
        let organisations = || doc.signatories.iter().flat_map(|g| &g.organizations);
        let printed = [
            organisations().all(|o| o.representative.is_some()),
            organisations().all(|o| o.title.is_some()),
            doc.signing.date.is_some(),
        ];
        // what the last row of the group before leaves below its ink
        let mut tail = 0.0;
        for (g, group) in doc.signatories.iter().enumerate() {
            if g > 0 {
                flow.push(match self.gap(self.t.gaps.between_signature_groups) {
                    Flow::Space(s) => Flow::Space(Space { height: s.height + tail, ..s }),
                    other => other,
                });
            }
            // The country heading: bold with a hairline across the page under it, so
            // that it reads as a divider and not as the first line of the block below.
            let p = Para { bold: true, align: Align::Left, ..self.body() };
            // (the translation's words are set with the original's faces: where they lack
            // a character — Chinese beside English — the original's words stand alone)
            let other_group = self.counterpart.and_then(|d| d.signatories.get(g)).filter(|other| {
                let names = std::iter::once(&other.country).chain(other.organizations.iter().map(|o| &o.name));
                names.map(|t| t.plain()).all(|text| uncovered(self.ctx, &[StyledText { text: &text, style: FontStyle { bold: true, italic: false } }]).is_empty())
            });
            let mut lines = match other_group {
                // a parallel edition's: "Japan / 日本"
                Some(other) => {
                    let text = format!("{} / {}", group.country.plain(), other.country.plain());
                    let heading = ElementKind::Heading { level: 3, text };
                    self.set_parts(&[Part::Text(&group.country), Part::Plain(" / "), Part::Text(&other.country)], &p, heading)
                }
                None => self.set(&group.country, &p, ElementKind::Heading { level: 3, text: group.country.plain() }),
            };
            let anchor = self.anchor();
            if let Some(first) = lines.first_mut() {
                first.anchor = Some(anchor);
            }
            node.children.push(OutlineNode { title: group.country.plain(), anchor, children: Vec::new() });
            keep_all(&mut lines); // a country heading is never alone at a page foot
            // the space below the heading grows by the rule's drop: the block stays as far
            // below the rule
            let space_after = if self.t.grid { 0.0 } else { self.pitch * 0.45 + RULE_DROP };
            if let Some(last) = lines.last_mut() {
                let rule = self.heading_rule(last, space_after);
                last.extra.push(rule);
            }
            push_lines(flow, lines);
            flow.push(Flow::Space(Space { height: space_after, stretch: 0.0, shrink: 0.0 }));
            let continued = {
                let mut c = (*self.continued_heading(&group.country, space_after)).clone();
                if let Some(last) = c.lines.last_mut() {
                    let rule = self.heading_rule(last, space_after);
                    last.extra.push(rule);
                }
                Arc::new(c)
            };
            let blocks: Vec<SignatureBlock> = group
                .organizations
                .iter()
                .enumerate()
                .map(|(o, org)| {
                    index += 1;
                    let field = field_names.next();
                    let other_name = other_group.and_then(|g| g.organizations.get(o)).map(|other| &other.name);
                    self.signature_block(org, other_name, index - 1, block_w, inset, printed, field)
                })
                .collect();
            let rows: Vec<&[SignatureBlock]> = blocks.chunks(columns).collect();
            // When the group's last row holds a single block and the page breaks before
            // it, the last two rows share their blocks out instead (two and two, or one
            // and two): the page after opens with more than one block under the continued
            // heading, and the last signature page never holds a lone block.
            let shared = columns > 1 && rows.len() > 1 && blocks.len() % columns == 1;
            let mut r = 0;
            while r < rows.len() {
                if r > 0 {
                    flow.push(self.row_space(tail));
                }
                let mut line = self.signature_row(rows[r], block_w, gap, &continued);
                if shared && r + 2 == rows.len() {
                    let first = blocks.len() - 1 - columns;
                    let cut = first + columns - columns / 2;
                    let mut next = self.signature_row(rows[r + 1], block_w, gap, &continued);
                    let mut before = self.signature_row(&blocks[first..cut], block_w, gap, &continued);
                    let mut after = self.signature_row(&blocks[cut..], block_w, gap, &continued);
                    // each variant as tall as the row it stands for
                    let (top, bottom) = (line.height.max(before.height), next.height.max(after.height));
                    line.height = top;
                    before.height = top;
                    next.height = bottom;
                    after.height = bottom;
                    line.split = Some(Arc::new([before, after]));
                    tail = self.row_tail(&line);
                    flow.push(Flow::Line(line));
                    flow.push(self.row_space(tail));
                    tail = self.row_tail(&next);
                    flow.push(Flow::Line(next));
                    r += 2;
                    continue;
                }
                tail = self.row_tail(&line);
                flow.push(Flow::Line(line));
                r += 1;
            }
        }
        self.end(); // Section
        Some(node)
    }

    /// A row of signature blocks, `width` wide each with `gap` between them: the names take
    /// the height of the longest, so that the signature lines line up. The row's box ends
    /// with its ink (see [`Self::row_tail`]).
    fn signature_row(&self, blocks: &[SignatureBlock], width: f32, gap: f32, continued: &Arc<Continued>) -> FlowLine {
        let name = blocks.iter().map(|b| b.name_bottom).fold(0.0f32, f32::max);
        let mut line = FlowLine { continued: Some(continued.clone()), blocks: blocks.len() as u8, ..FlowLine::default() };
        for (k, block) in blocks.iter().enumerate() {
            let x = k as f32 * (width + gap);
            let dy = name - block.name_bottom;
            if block.tint {
                line.extra.push(BlockItem::Tint { x, y: 0.0, width, height: block.height + dy });
            }
            line.extra.extend(block.name.iter().map(|item| shifted(item, x, 0.0)));
            line.extra.extend(block.below.iter().map(|item| shifted(item, x, dy)));
            line.height = line.height.max(block.height + dy);
        }
        line
    }

    /// What a row leaves below its ink before the next row's space: 2 mm, and on the
    /// Japanese grid up to the next grid line, so that the next row stands on the grid.
    /// A page break drops it with the space, so that a row fits at a page's foot when its
    /// ink does.
    fn row_tail(&self, line: &FlowLine) -> f32 {
        let tail = ROW_TAIL_MM * super::PT_PER_MM;
        if self.t.grid { ((line.height + tail) / self.pitch - 0.01).ceil() * self.pitch - line.height } else { tail }
    }

    /// The space between two rows of signature blocks: what the row above leaves below its
    /// ink (`tail`), then the space between paragraphs.
    fn row_space(&self, tail: f32) -> Flow {
        match self.gap(self.t.gaps.between_signature_rows) {
            Flow::Space(s) => Flow::Space(Space { height: s.height + tail, ..s }),
            other => other,
        }
    }

    /// A hairline under a heading line, across the text block (or column): clear of the
    /// descenders (J, p, y go more than a quarter of an em below the baseline), within the
    /// heading's box and the fixed space below it, so that what the page breaker measures
    /// is what is drawn.
    fn heading_rule(&self, line: &FlowLine, space_after: f32) -> BlockItem {
        // Japanese characters stand on the baseline with 0.12 em below it and the grid has
        // no room to spare under a heading: the rule stays where it clears them
        let drop = if self.t.grid { 0.0 } else { RULE_DROP };
        let below = line.baseline + self.size * 0.32 + drop;
        BlockItem::Rule { x: 0.0, y: below.min(line.height + space_after * 0.5), width: self.measure, thickness: 0.4 }
    }

    /// The head of every signature page: "Signatures — Title, Tokyo, August 1, 2005",
    /// 「署名　決議の題名　2005年8月1日　東京にて」.
    fn signature_head(&mut self) -> PageHead {
        let doc = self.doc;
        let mut text = self.t.labels.signatures.clone();
        text.push_str(self.t.head_joiner);
        text.push_str(&doc.title.plain());
        let place_date = self.place_and_date_plain();
        if !place_date.is_empty() {
            text.push_str(self.t.head_separator);
            text.push_str(&place_date);
        }
        self.page_head(&text, 2)
    }

    /// The running head: the short title (or the title), whole when it has at most
    /// [`RUNNING_HEAD_CHARS`] characters and fits on one line of the text block at the
    /// furniture size, else shortened at a word with an ellipsis until it does ("Joint
    /// Declaration of the Global Civil Society Forum…"). A running head is a reminder, not
    /// a second title: `short_title` says what it should be.
    pub fn running_head(&mut self) -> PageHead {
        let title = self.doc.short_title.as_ref().unwrap_or(&self.doc.title).plain();
        let size = self.furniture_size();
        let style = FontStyle { bold: false, italic: self.t.italic };
        let fits = |c: &mut Self, text: &str| set_line(c.ctx, &[StyledText { text, style }], size).is_ok_and(|l| l.width <= c.measure);
        let mut limit = title.chars().count().min(RUNNING_HEAD_CHARS);
        let mut text = if limit < title.chars().count() { shorten(&title, limit, !self.t.word_spaces) } else { title.clone() };
        while !fits(self, &text) && limit > 4 {
            // the next shorter cut (most limits cut at the same word)
            let longer = text;
            text = longer.clone();
            while text == longer && limit > 4 {
                limit -= 1;
                text = shorten(&title, limit, !self.t.word_spaces);
            }
        }
        self.page_head(&text, 1)
    }

    /// Size of page furniture (running head, page number, notes): small whatever the
    /// body size.
    fn furniture_size(&self) -> f32 {
        let (least, most) = self.t.sizes.furniture_range;
        (self.size * self.t.sizes.furniture).clamp(least, most)
    }

    /// A page head of at most `max_lines`, centred, in the furniture size, with a line's
    /// space below it; on the Japanese grid whole grid lines. An artifact.
    fn page_head(&mut self, text: &str, max_lines: usize) -> PageHead {
        let size = self.furniture_size();
        let style = FontStyle { bold: false, italic: self.t.italic };
        let p = Para { size, align: Align::Center, pitch: size * self.t.sizes.furniture_leading, ..self.body() };
        let mut lines = self.set_spans(&[StyledText { text, style }], &p, Role::Header).unwrap_or_default();
        lines.truncate(max_lines);
        // the first line's baseline where a body line's would be
        let mut height = 0.0;
        for line in &mut lines {
            line.keep_with_next = false;
            if !self.t.grid {
                line.height = size * self.t.sizes.furniture_leading;
                line.baseline = self.pitch / 2.0 + self.size * 0.3;
            }
            height += line.height;
        }
        let gap = if self.t.grid { self.pitch } else { self.pitch * 0.9 };
        PageHead { lines, height: height + gap }
    }

    /// "Tokyo, August 1, 2005", 「2005年8月1日　東京にて」, as plain text.
    fn place_and_date_plain(&self) -> String {
        let doc = self.doc;
        let date = doc.date.map(|d| self.locale.date(d));
        let place = doc.place.as_ref().map(Text::plain);
        match (place, date) {
            (None, None) => String::new(),
            (Some(p), None) => p,
            (None, Some(d)) => d,
            (Some(p), Some(d)) => locale::fill(&self.t.labels.place_date, &[("place", &p), ("date", &d)]),
        }
    }

    /// One organisation's block, `column_width` wide (its content `inset` from the
    /// column's edges), set once and placed in its row by [`Self::signature_row`]: its
    /// name, space to sign with the scanned signature on the line and the seal beside it,
    /// then the name, title and date, on lines 8 mm apart where a hand writes, 6 mm where
    /// every block prints them (`printed`, by field). With a `field_name`, the space to
    /// sign in is also an empty digital-signature field of that name.
    #[allow(clippy::too_many_arguments)]
    fn signature_block(
        &mut self,
        org: &'a crate::model::Organization,
        other_name: Option<&'a Text>,
        index: usize,
        column_width: f32,
        inset: f32,
        printed: [bool; 3],
        field_name: Option<String>,
    ) -> SignatureBlock {
        let mm = super::PT_PER_MM;
        let x = inset;
        let width = column_width - 2.0 * inset;
        let mut items = Vec::new();
        let saved_measure = std::mem::replace(&mut self.measure, width);
        let block = self.begin(ElementKind::Block);
        let pad = inset;
        let mut y = pad;
        let name = org.name.plain();

        // the organisation, bold
        let p = self.block_name_para();
        for line in self.set(&org.name, &p, ElementKind::Paragraph) {
            items.extend(line.runs.into_iter().map(|mut run| {
                run.run.x += x;
                BlockItem::Text { baseline: y + line.baseline, run }
            }));
            y += line.height;
        }
        // in a parallel edition, the name in the other language under it, in roman
        if let Some(other) = other_name {
            let p = Para { bold: false, ..p };
            for line in self.set(other, &p, ElementKind::Paragraph) {
                items.extend(line.runs.into_iter().map(|mut run| {
                    run.run.x += x;
                    BlockItem::Text { baseline: y + line.baseline, run }
                }));
                y += line.height;
            }
        }
        let name_items = std::mem::take(&mut items);
        let name_bottom = y;

        // the space to sign in, the line, the scanned signature on it and the seal beside it
        let sign_height = 16.0 * mm;
        let seal_size = 15.0 * mm;
        let line_width = if org.seal.is_some() { width - seal_size - 3.0 * mm } else { width };
        let line_y = y + sign_height;
        let person = org.representative.as_ref().map(|r| r.plain());
        let signature = org.signature.as_ref().map(|file| {
            let signer = match &person {
                Some(p) => format!("{p}, {name}"),
                None => name.clone(),
            };
            let alt = locale::fill(&self.t.labels.signature_of, &[("signer", &signer)]);
            // beside a signature field the scan keeps the line's first part, the field the rest
            let box_width = if field_name.is_some() { line_width * SCAN_SHARE_BESIDE_FIELD } else { line_width };
            (file, alt, (box_width, sign_height), x, line_y + 1.5 * mm)
        });
        let seal = org.seal.as_ref().map(|file| {
            (file, locale::fill(&self.t.labels.seal_of, &[("organization", &name)]), (seal_size, seal_size), x + width - seal_size, line_y + 2.0 * mm)
        });
        // the line first, so that the scan (a transparent PNG, a red seal) is drawn over it
        items.push(BlockItem::Rule { x, y: line_y, width: line_width, thickness: 0.5 });
        // The signature field covers the space to sign in, as wide as the line: the seal
        // beside it keeps its own place, and a signing tool's visible signature stands
        // where a hand would sign. Where a scanned signature already stands on the line,
        // the field takes the rest of the line beside it (the scan keeps a share of the
        // line, SCAN_SHARE_BESIDE_FIELD), so that the digital signature's appearance does
        // not cover the scan.
        if let Some(field_name) = field_name {
            let scan_width = signature.as_ref().and_then(|s| Some(self.images.load(&s.0.path).ok()?.fit(s.2.0, s.2.1).0));
            let gap = 3.0 * mm;
            let (field_x, field_width) = match scan_width {
                Some(w) if line_width - w - gap >= MIN_FIELD_BESIDE_SCAN * mm => (x + w + gap, line_width - w - gap),
                _ => (x, line_width),
            };
            let field = Arc::new(super::SignatureField { name: field_name, full_name: name.clone(), block });
            items.push(BlockItem::SignatureField { x: field_x, y, width: field_width, height: sign_height, field });
        }
        for (file, alt, (box_w, box_h), left, bottom) in signature.into_iter().chain(seal) {
            let Ok(image) = self.images.load(&file.path) else { continue }; // checked before layout
            let (w, h) = image.fit(box_w, box_h);
            match self.images.prepare(&image, w, h) {
                Ok(prepared) => {
                    let element = self.element(ElementKind::Figure { alt });
                    items.push(BlockItem::Image { x: left, y: bottom - h, width: w, height: h, image: prepared, role: Role::Element(element) });
                }
                Err(e) => self.diags.push(
                    self.doc.source.error(file.span.clone(), format!("the image `{}` of {name} cannot be used: {}", file.given, e.0)),
                ),
            }
        }

        // printed name and title, the date line; what is not known is a line to fill in.
        // Each on a line of its own, 8 mm below the one before when it is written on in
        // any block or follows the signature line (room for a hand), 6 mm when every block
        // prints it (`printed`: clear of the handwriting above it, and aligned across the
        // row).
        let field_pitch = WRITE_ON_PITCH_MM * mm;
        let field = self.size * self.t.sizes.field;
        let small = Para { align: Align::Left, size: field, pitch: field * self.t.sizes.display_leading, ..self.body() };
        let date = self.doc.signing.date.map(|d| self.locale.date(d));
        let labels = self.t.labels.clone();
        let fields: [(Option<Vec<Part<'a>>>, &str, bool); 3] = [
            (org.representative.as_ref().map(|r| vec![Part::Text(r)]), &labels.name, false),
            (org.title.as_ref().map(|t| vec![Part::Text(t)]), &labels.title, self.t.italic),
            (None, &labels.date, false),
        ];
        let mut baseline = line_y;
        for (k, (value, label, italic)) in fields.into_iter().enumerate() {
            let is_date = k == 2;
            // a full-width colon carries its own blank: no space after it (日付：2005年…)
            let joiner = if label.ends_with('：') { "" } else { " " };
            let date_text = date.as_ref().map(|d| format!("{label}{joiner}{d}"));
            let (parts, blank) = match (value, is_date, &date_text) {
                (Some(parts), _, _) => (parts, false),
                (None, true, Some(text)) => (vec![Part::Plain(text.as_str())], false),
                (None, _, _) => (vec![Part::Plain(label)], true),
            };
            baseline += if printed[k] && k > 0 { PRINTED_PITCH_MM * mm } else { field_pitch };
            let set = self.set_parts(&parts, &Para { italic: italic && !blank, ..small }, ElementKind::Paragraph);
            for (i, line) in set.into_iter().enumerate() {
                // a value too long for one line (a narrow column) goes on below
                if i > 0 {
                    baseline += line.height;
                }
                let at = baseline;
                if blank {
                    let end = line.runs.iter().map(|r| r.run.x + r.run.width()).fold(0.0f32, f32::max);
                    let from = end + self.em() * 0.3;
                    let rule_width = (width * 0.7 - from).max(self.em() * 4.0).min(width - from);
                    items.push(BlockItem::Rule { x: x + from, y: at + 1.0, width: rule_width, thickness: 0.4 });
                }
                items.extend(line.runs.into_iter().map(|mut run| {
                    run.run.x += x;
                    BlockItem::Text { baseline: at, run }
                }));
            }
        }
        y = baseline + field * 0.4 + pad;
        self.end(); // Block
        self.measure = saved_measure;
        SignatureBlock { name: name_items, below: items, name_bottom, height: y, tint: self.copy_for == Some(index) }
    }

    fn block_name_para(&self) -> Para {
        Para { bold: true, align: Align::Left, ..self.body() }
    }

    /// A clause or item with its label hanging in `column`, then its sub-items.
    #[allow(clippy::too_many_arguments)]
    fn list_item(&mut self, item: &ListItem, label: &str, indent: f32, column: f32, numbering: &[Numbering; 3], level: u8) -> Vec<Flow> {
        // Deep lists at a large size on a narrow page: the text keeps at least 6 em, the
        // indent gives way (the page itself has at least 12 em, see the model).
        let indent = indent.min((self.measure - 6.0 * self.em() - column).max(0.0));
        let mut out = Vec::new();
        let p = self.body();
        let mut lines = self.hanging(label, false, true, &item.text, indent, column, &p, true);
        widow_orphan(&mut lines, self.t.grid);
        opens(&mut lines, Opens::Item(level));
        if !item.items.is_empty()
            && let Some(last) = lines.last_mut()
        {
            // keep the lead-in with its first item ("The survey shall include at least:")
            last.keep_with_next = true;
        }
        push_lines(&mut out, lines);
        if level < 3 && !item.items.is_empty() {
            let style = numbering[usize::from(level)];
            let sub_indent = indent + column;
            let sub_column = self.label_column(&item.items, style, level + 1);
            self.begin(ElementKind::List { numbering: ListMarker::Numbered(style) });
            let subs: Vec<Vec<Flow>> = item
                .items
                .iter()
                .enumerate()
                .map(|(i, sub)| {
                    let label = numbering::label(style, i + 1, level + 1, self.t.full_width_marks);
                    self.list_item(sub, &label, sub_indent, sub_column, numbering, level + 1)
                })
                .collect();
            // A list of one-line items reads as a list without air between them.
            let all_single = subs.iter().all(|s| s.iter().filter(|f| matches!(f, Flow::Line(_))).count() == 1);
            let gap = if all_single { self.t.gaps.between_short_items } else { self.t.gaps.between_items };
            for sub in subs {
                out.push(self.gap(gap));
                out.extend(sub);
            }
            self.end(); // L
        }
        self.end(); // LBody
        self.end(); // LI
        out
    }

    /// Width of the label column for a list: its widest label and a gap.
    fn label_column(&mut self, items: &[ListItem], style: Numbering, level: u8) -> f32 {
        let widest = (1..=items.len())
            .map(|n| {
                let label = numbering::label(style, n, level, self.t.full_width_marks);
                self.measure_label(&label, false)
            })
            .fold(0.0f32, f32::max);
        let column = widest + self.label_gap(&numbering::label(style, 1, level, self.t.full_width_marks));
        // Japanese indents are whole ems, so that the text keeps to the character grid.
        if self.t.grid { (column / self.em() - 0.01).ceil() * self.em() } else { column }
    }

    /// Space between a hanging label and its text. A label that ends in a full-width
    /// mark (一、 （1）) brings its own half-em blank.
    fn label_gap(&self, label: &str) -> f32 {
        let ends_with_blank = self.t.full_width_marks && label.chars().next_back().is_some_and(|c| japanese::blanks(c).1 > 0.0);
        if ends_with_blank { 0.0 } else { self.em() * self.t.sizes.label_gap_em }
    }

    /// A centred bold heading with space around it; it keeps with what follows.
    fn section_heading(&mut self, flow: &mut Vec<Flow>, heading: &str) -> usize {
        flow.push(self.gap(self.t.gaps.before_heading));
        let size = self.size * self.t.sizes.heading;
        // a Japanese heading takes two grid lines (二行取り)
        let pitch = if self.t.grid { 2.0 * self.pitch } else { size * self.t.sizes.display_leading };
        let p = Para { size, bold: true, align: Align::Center, pitch, ..self.body() };
        let mut lines = self.set_plain(heading, &p, ElementKind::Heading { level: 2, text: heading.to_string() });
        // a Japanese heading of two characters is spaced by one em (決　議): the first
        // character's advance grows, so that the text stays 決議 for search and the tags
        if self.t.spaced_pair_headings
            && heading.chars().count() == 2
            && let [line] = lines.as_mut_slice()
        {
            space_out_pair(line, size);
        }
        let anchor = self.anchor();
        if let Some(first) = lines.first_mut() {
            first.anchor = Some(anchor);
        }
        opens(&mut lines, Opens::Heading);
        keep_all(&mut lines);
        push_lines(flow, lines);
        flow.push(self.gap(self.t.gaps.after_heading));
        anchor
    }

    // ---- setting text ------------------------------------------------------------------

    fn set(&mut self, text: &Text, p: &Para, kind: ElementKind) -> Vec<FlowLine> {
        self.set_parts(&[Part::Text(text)], p, kind)
    }

    /// Set text the program composed itself.
    fn set_plain(&mut self, s: &str, p: &Para, kind: ElementKind) -> Vec<FlowLine> {
        self.set_parts(&[Part::Plain(s)], p, kind)
    }

    /// Set input texts (with their markup) and the program's own words as one paragraph:
    /// one element of the structure, of `kind`.
    fn set_parts(&mut self, parts: &[Part<'_>], p: &Para, kind: ElementKind) -> Vec<FlowLine> {
        let element = self.element(kind);
        let base = FontStyle { bold: p.bold, italic: p.italic };
        let mut spans = Vec::new();
        for part in parts {
            match part {
                Part::Text(text) => spans.extend(text.inlines.iter().map(|i| StyledText {
                    text: &i.text,
                    // emphasis inside italic text is set upright, as a reader expects
                    style: FontStyle { bold: base.bold || i.bold, italic: base.italic != i.italic },
                })),
                Part::Plain(s) => spans.push(StyledText { text: s, style: base }),
            }
        }
        match self.set_spans(&spans, p, Role::Element(element)) {
            Ok(lines) => lines,
            Err(MissingGlyph(c)) => {
                let origin: Vec<&Text> = parts
                    .iter()
                    .filter_map(|part| match part {
                        Part::Text(t) => Some(*t),
                        Part::Plain(_) => None,
                    })
                    .collect();
                // every character of the paragraph that no font has, not only the first, in
                // one report
                let mut missing = vec![c];
                missing.extend(uncovered(self.ctx, &spans).into_iter().filter(|&d| d != c));
                self.missing_glyphs(&missing, &origin);
                Vec::new()
            }
        }
    }

    fn set_spans(&mut self, spans: &[StyledText<'_>], p: &Para, role: Role) -> Result<Vec<FlowLine>, MissingGlyph> {
        let spec = ParagraphSpec {
            size: p.size,
            measure: self.measure - p.left - p.right,
            first_indent: p.first_indent,
            align: p.align,
            hyphenate: true,
        };
        let lines = set_paragraph(self.ctx, spans, &spec)?;
        let mut lines: Vec<FlowLine> = lines.into_iter().map(|line| self.flow_line(line, p, role)).collect();
        self.mark_emphasis(&mut lines, role);
        Ok(lines)
    }

    /// Emphasised runs (Japanese text set with sesame dots) become Em elements inside the
    /// paragraph: one for each stretch of consecutive emphasised runs, across lines.
    fn mark_emphasis(&mut self, lines: &mut [FlowLine], role: Role) {
        let Role::Element(paragraph) = role else { return };
        let mut current: Option<usize> = None;
        for run in lines.iter_mut().flat_map(|l| l.runs.iter_mut()).filter(|r| r.role == role) {
            if !run.run.emphasis {
                current = None;
                continue;
            }
            let em = *current.get_or_insert_with(|| {
                self.elements.push(Element { kind: ElementKind::Emphasis, parent: Some(paragraph) });
                self.elements.len() - 1
            });
            run.role = Role::Element(em);
        }
    }

    fn flow_line(&self, line: Line, p: &Para, role: Role) -> FlowLine {
        let hyphenated = line.hyphenated;
        // the marks of emphasis (sesame dots) are decoration: the text stays the words
        let marks = line.marks.into_iter().map(|run| (run, Role::Decoration));
        let runs = line
            .runs
            .into_iter()
            .map(|run| (run, role))
            .chain(marks)
            .map(|(mut run, role)| {
                run.x += p.left;
                TaggedRun { run, role }
            })
            .collect();
        // On the Japanese grid a line box is a whole number of grid lines, with the em
        // box (0.88 em above the baseline, 0.12 below) centred in it. Text smaller than
        // the body (a representative's name) stands on the grid's baseline, as a smaller
        // size does in a grid of body text, rather than centred on its own em box.
        let (height, baseline) = if self.t.grid {
            let height = (p.pitch / self.pitch - 0.01).ceil().max(1.0) * self.pitch;
            (height, height / 2.0 + p.size.max(self.size) * 0.38)
        } else {
            (p.pitch, p.pitch / 2.0 + p.size * 0.3)
        };
        // A page never ends on a hyphenated line (TeX's \brokenpenalty).
        FlowLine {
            height,
            baseline,
            runs,
            keep_with_next: hyphenated,
            ..FlowLine::default()
        }
    }

    /// Text set beside a label that hangs in a column of its own. As a list item
    /// (`list`), it opens LI and LBody, which the caller closes after what else the item
    /// holds; otherwise label and text are one paragraph ("To: …").
    #[allow(clippy::too_many_arguments)]
    fn hanging(&mut self, label: &str, label_bold: bool, right_aligned: bool, text: &Text, indent: f32, column: f32, p: &Para, list: bool) -> Vec<FlowLine> {
        let label_role = if list {
            self.begin(ElementKind::ListItem);
            let label_element = self.element(ElementKind::Label);
            self.begin(ElementKind::ListBody);
            Some(Role::Element(label_element))
        } else {
            None
        };
        let mut lines = self.set(text, &Para { left: p.left.max(indent + column), ..*p }, ElementKind::Paragraph);
        let label_role = label_role.or_else(|| lines.first().and_then(|l| l.runs.first()).map(|r| r.role));
        let style = FontStyle { bold: label_bold, italic: false };
        match set_line(self.ctx, &[StyledText { text: label, style }], p.size) {
            Ok(label_line) => {
                // Numbers align on their right (Latin ones on their full stops, Japanese
                // ones on their closing bracket or comma), so that the gap between number
                // and text stays the same whatever the number's width; the text itself
                // starts at the column's edge (a whole em in Japanese).
                let x = if right_aligned {
                    indent + column - self.label_gap(label) - label_line.width
                } else {
                    indent
                };
                // The label goes first, so that text extraction reads it before the text.
                if let (Some(first), Some(role)) = (lines.first_mut(), label_role) {
                    let label_runs = label_line.runs.into_iter().map(|mut run| {
                        run.x += x;
                        TaggedRun { run, role }
                    });
                    first.runs.splice(0..0, label_runs);
                }
            }
            Err(MissingGlyph(c)) => self.missing_glyphs(&[c], &[]),
        }
        lines
    }

    fn measure_label(&mut self, label: &str, bold: bool) -> f32 {
        let style = FontStyle { bold, italic: false };
        set_line(self.ctx, &[StyledText { text: label, style }], self.size).map_or(0.0, |l| l.width)
    }

    /// A character of a label (`key` of `[labels]`) that no font has: reported at the
    /// label when the input reworded it, once.
    fn label_without_glyph(&mut self, key: &str, c: char) {
        let message = format!("no font has the character {} (U+{:04X}) of the label `{key}`", char_name(c), c as u32);
        let diag = match self.doc.labels.values.get(key) {
            Some(value) => self.doc.source.error(value.span.clone(), message).with_label("this label"),
            None => Diagnostic::error(message).in_file(self.doc.source.path.clone()),
        };
        if !self.diags.iter().any(|d| d.message == diag.message) {
            self.diags.push(diag.with_hint(format!("reword `{key}` in [labels] without it, or add a font that has it in `[fonts] fallback`")));
        }
    }

    /// One report for the characters of a paragraph that no font has, at the first of
    /// them: a paragraph of a script without a font is one problem, not one per letter.
    fn missing_glyphs(&mut self, missing: &[char], origin: &[&Text]) {
        /// Characters named in the message; the rest are counted.
        const LISTED: usize = 8;
        let Some(&first) = missing.first() else { return };
        let source = &self.doc.source;
        let named: Vec<String> = missing.iter().take(LISTED).map(|&c| format!("{} (U+{:04X})", char_name(c), c as u32)).collect();
        let message = match missing.len() {
            1 => format!("no font has the character {}", named[0]),
            n if n <= LISTED => format!("no font has {n} characters of this text: {}", named.join(", ")),
            n => format!("no font has {n} characters of this text: {}, and {} more", named.join(", "), n - LISTED),
        };
        let hint = if self.doc.lang.primary() == "zh" {
            "a Chinese document needs a Chinese font (the built-in East Asian faces are Japanese): \
             `[fonts]` `cjk = \"fonts/NotoSerifCJKsc-Regular.otf\"` (paths are relative to this file)"
        } else {
            "add a font that has them: `[fonts]` `fallback = [\"fonts/YourFont.ttf\"]` (paths are relative to this file), \
             or replace the characters"
        };
        let diag = match origin.iter().find(|t| t.raw.contains(first)) {
            Some(text) => {
                let at = text.source_offset_of(source, first);
                source.error(at..at + first.len_utf8(), message).with_label("no glyph for this character")
            }
            None => Diagnostic::error(message).in_file(source.path.clone()),
        };
        // the same text set twice (a heading repeated where its group continues) is
        // reported once
        if !self.diags.iter().any(|d| d.message == diag.message && d.line == diag.line && d.column == diag.column) {
            self.diags.push(diag.with_hint(hint));
        }
    }
}

/// The characters of `spans` that no face in the chain has, each once, in order.
fn uncovered(ctx: &TextContext<'_>, spans: &[StyledText<'_>]) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for span in spans {
        for c in span.text.chars() {
            if c.is_whitespace() || crate::unicode::is_default_ignorable(c) || missing.contains(&c) {
                continue;
            }
            if ctx.fonts.face_for(c, span.style, false).is_none() && ctx.fonts.face_for(c, span.style, true).is_none() {
                missing.push(c);
            }
        }
    }
    missing
}

/// `‘x’` for printable characters, the code point alone for invisible ones.
fn char_name(c: char) -> String {
    if c.is_control() || c.is_whitespace() { "(invisible)".into() } else { format!("‘{c}’") }
}

/// The longest running head, in characters: page furniture that readers (and text
/// extractors, which drop short lines repeated at page heads) take as a reminder.
const RUNNING_HEAD_CHARS: usize = 60;

/// `text` shortened to at most `limit` characters with an ellipsis: at a word in Latin
/// text, anywhere in Japanese (which has no spaces), never leaving a comma before it.
fn shorten(text: &str, limit: usize, japanese: bool) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    let mut cut = match cut.rfind(' ') {
        Some(i) if !japanese && i > cut.len() / 2 => cut[..i].to_string(),
        _ => cut,
    };
    // "…Forum on…" reads as a mistake: end on a word that carries meaning
    const SMALL: &[&str] = &["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"];
    while !japanese
        && let Some(i) = cut.trim_end().rfind(' ')
        && SMALL.contains(&cut[i + 1..].trim_end_matches([',', ';', ':']))
    {
        cut.truncate(i);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ', '、', '，', '・', '\u{3000}']))
}

/// "IV. The Chinese government has made itself…", cut at a word near 70 characters.
fn outline_title(label: &str, text: &str) -> String {
    const MAX: usize = 70;
    let mut title = format!("{label} {text}");
    if title.chars().count() > MAX {
        let cut: String = title.chars().take(MAX).collect();
        let cut = match cut.rfind(' ') {
            Some(i) if i > MAX / 2 => cut[..i].to_string(),
            _ => cut,
        };
        title = format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']));
    }
    title
}

/// A signature block set once, to be placed in a row: its name, and what stands below the
/// name (moved down when a longer name stands beside it), from the block's top-left corner.
struct SignatureBlock {
    name: Vec<BlockItem>,
    below: Vec<BlockItem>,
    /// Where the name ends and the space to sign begins.
    name_bottom: f32,
    /// Bottom of the ink (its inset included).
    height: f32,
    /// The copy's own block: tinted.
    tint: bool,
}

/// The partial names (`/T`) of the organisations' signature fields, in signatory order:
/// a stable, readable ASCII slug of each name, so that a signing tool can be told
/// `--field japan-north-korea-refugees-fund`. The rule: accents are taken off Latin
/// letters (canonical decomposition, marks dropped) and apostrophes are dropped
/// ("Women’s" → `womens`); letters and digits are lower-cased; every run of anything
/// else — spaces, punctuation, other scripts — becomes one `-` between words; the slug
/// is cut to 80 characters at a `-` (as the file names of copies are). A name with no
/// ASCII letter or digit (「特定失踪者問題調査会」) is `organization-N`, N its place in
/// the signatory order from 1. A name whose slug came before gets `-2`, `-3` … so that
/// every field of the document has its own name. No slug holds a `.`, which would
/// separate the parts of a qualified field name.
pub fn field_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let slugs = names.into_iter().enumerate().map(|(i, name)| {
        let mut slug = String::new();
        let mut dash = false;
        for c in name.nfd() {
            if c.is_ascii_alphanumeric() {
                if dash && !slug.is_empty() {
                    slug.push('-');
                }
                dash = false;
                slug.push(c.to_ascii_lowercase());
            } else if !unicode_normalization::char::is_combining_mark(c) && !matches!(c, '\'' | '’') {
                dash = true;
            }
        }
        if slug.len() > FIELD_NAME_MAX {
            let cut = slug[..=FIELD_NAME_MAX].rfind('-').unwrap_or(FIELD_NAME_MAX);
            slug.truncate(cut);
        }
        if slug.is_empty() { format!("organization-{}", i + 1) } else { slug }
    });
    crate::unicode::made_unique(slugs)
}

/// The longest slug a field name is cut to: long enough for any organisation's name to
/// stay recognisable, short enough to type.
const FIELD_NAME_MAX: usize = 80;

/// `item` moved by `dx`, `dy`.
fn shifted(item: &BlockItem, dx: f32, dy: f32) -> BlockItem {
    match item.clone() {
        BlockItem::Text { baseline, mut run } => {
            run.run.x += dx;
            BlockItem::Text { baseline: baseline + dy, run }
        }
        BlockItem::Rule { x, y, width, thickness } => BlockItem::Rule { x: x + dx, y: y + dy, width, thickness },
        BlockItem::Image { x, y, width, height, image, role } => BlockItem::Image { x: x + dx, y: y + dy, width, height, image, role },
        BlockItem::Tint { x, y, width, height } => BlockItem::Tint { x: x + dx, y: y + dy, width, height },
        BlockItem::SignatureField { x, y, width, height, field } => BlockItem::SignatureField { x: x + dx, y: y + dy, width, height, field },
    }
}

/// Adjacent spaces do not add up: the larger wins (as CSS margins collapse), so that the
/// space between two blocks does not depend on which of them asked for it.
fn collapse_spaces(flow: &mut Vec<Flow>) {
    let mut out: Vec<Flow> = Vec::with_capacity(flow.len());
    for item in flow.drain(..) {
        match (out.last_mut(), item) {
            (Some(Flow::Space(a)), Flow::Space(b)) => {
                if b.height > a.height {
                    *a = b;
                }
            }
            (_, Flow::Columns(mut columns)) => {
                collapse_spaces(&mut columns.items);
                out.push(Flow::Columns(columns));
            }
            (_, item) => out.push(item),
        }
    }
    *flow = out;
}

/// Widen the first character of a centred line by `em`, keeping the line centred.
fn space_out_pair(line: &mut FlowLine, em: f32) {
    let mut widened = false;
    for tagged in &mut line.runs {
        let run = &mut tagged.run;
        if widened {
            run.x += em / 2.0;
        } else if let Some(first) = run.glyphs.first_mut() {
            first.advance += em / run.size;
            run.x -= em / 2.0;
            widened = true;
        }
    }
}

/// Marks the first of `lines` as opening a block of kind `kind` (for parallel editions).
fn opens(lines: &mut [FlowLine], kind: Opens) {
    if let Some(first) = lines.first_mut() {
        first.opens = Some(kind);
    }
}

fn push_lines(flow: &mut Vec<Flow>, lines: Vec<FlowLine>) {
    flow.extend(lines.into_iter().map(Flow::Line));
}

/// No first line alone at a page foot, no last line alone at a page head. On the
/// Japanese grid (`soft`) only a wish: Japanese composition fills every line of the page
/// (版面) and has no custom of widow and orphan control, so an empty grid line at a page
/// foot is worse than a paragraph's first or last line alone there.
fn widow_orphan(lines: &mut [FlowLine], soft: bool) {
    let n = lines.len();
    if n >= 2 {
        for k in [0, n - 2] {
            if soft {
                lines[k].avoid_break_after = true;
            } else {
                lines[k].keep_with_next = true;
            }
        }
    }
}

/// A paragraph that introduces what follows (it ends with a colon: "The Coalition:",
/// 「次のとおり決議する：」) never ends a page.
fn is_lead_in(text: &Text) -> bool {
    text.plain().trim_end().ends_with([':', '：'])
}

/// Headings: every line keeps with the next (the last with what follows the heading).
fn keep_all(lines: &mut [FlowLine]) {
    for line in lines {
        line.keep_with_next = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_ascii_slugs_unique_in_the_document() {
        let names = ["Japan–North Korea Refugees Fund", "Réseau Ñandú", "特定失踪者問題調査会", "Réseau Ñandú", "Women’s League", "a.b"];
        assert_eq!(
            field_names(names.iter().map(|n| n.to_string())),
            ["japan-north-korea-refugees-fund", "reseau-nandu", "organization-3", "reseau-nandu-2", "womens-league", "a-b"]
        );
        let long = field_names(["word ".repeat(30)]);
        assert!(long[0].len() <= FIELD_NAME_MAX && long[0].ends_with("word"), "{long:?}");
    }

    #[test]
    fn running_heads_are_shortened_at_a_word_that_carries_meaning() {
        let title = "Joint Declaration of the Global Civil Society Forum on Refugees and Human Rights";
        assert_eq!(shorten(title, 60, false), "Joint Declaration of the Global Civil Society Forum…");
        assert_eq!(shorten("Short", 60, false), "Short");
        assert_eq!(shorten("多国間NGO会議　難民と人権に関する共同決議", 10, true), "多国間NGO会議…");
    }

    #[test]
    fn outline_titles_are_cut_at_a_word() {
        assert_eq!(outline_title("I.", "Short clause"), "I. Short clause");
        let long = outline_title("IV.", "The Chinese government has made itself an accomplice of the regime that suppresses");
        assert!(long.ends_with('…') && long.chars().count() <= 71, "{long}");
        assert!(long.starts_with("IV. The Chinese government"));
    }
}
