//! A parallel edition: the original and its translation in two columns, each set in its
//! own language's typography (fonts, line breaking, Japanese grid and kinsoku, labels),
//! aligned block by block.
//!
//! Each document is composed as usual, into a column half the text block wide; every
//! block that has a counterpart (the title block, the addressee, each section heading,
//! country, organisation, preamble paragraph, clause, item and closing paragraph) opens
//! with a line marked with what it opens ([`Opens`]). The two flows are cut at those lines
//! into rows, paired in order — the two documents must have the same structure, which
//! `compare` checks first — and the rows are set down the page: both halves of a row
//! start at the same height, the taller decides where the next row starts. A row that does
//! not fit breaks inside, each half where its own keep rules allow (a heading keeps with
//! the row after it), and goes on at the top of the next page level again; the page
//! breaks are chosen for both columns together.
//!
//! The signature page comes once, after the parallel pages, from the original, across
//! the whole text block. The structure tree holds the original then the translation
//! (each element in its language), so a screen reader reads one edition whole and then
//! the other rather than alternating paragraphs.

use super::compose::{self, Composed};
use super::flow::{Flow, FlowLine, Opens};
use super::pages::{self, Placed};
use super::{Element, Frame, Layout, PT_PER_MM, Resources, Role};
use crate::diag::Diagnostic;
use crate::locale::{Locale, Writing};
use crate::model::Document;

/// The space between the two columns, in mm.
const GUTTER_MM: f32 = 8.0;
const EPSILON: f32 = 0.01;

/// One side of the edition: a document and what it is set with.
pub struct Side<'a, 'r> {
    pub doc: &'a Document,
    pub res: &'r Resources<'a>,
}

/// Lays out `original` and `translation` side by side (the original on the left).
pub fn layout_parallel(original: Side<'_, '_>, translation: Side<'_, '_>) -> Result<Layout, Vec<Diagnostic>> {
    let doc = original.doc;
    let style = &doc.style;
    let (w_mm, h_mm) = style.paper.size_mm();
    let (page_w, page_h) = (w_mm * PT_PER_MM, h_mm * PT_PER_MM);
    let m = style.margins;
    let (left, top) = (m.left * PT_PER_MM, m.top * PT_PER_MM);
    let block_h = page_h - top - m.bottom * PT_PER_MM;
    let block_w = page_w - left - m.right * PT_PER_MM;
    let gutter = GUTTER_MM * PT_PER_MM;
    let column = (block_w - gutter) / 2.0;

    // each side in its own language; the translation without a signature page (the
    // original's serves both)
    let mut locale = Locale::of(doc);
    let translation_locale = Locale::of(translation.doc);
    // the signature page serves both editions: its words in both languages
    for (label, other) in [
        (&mut locale.labels.signatures, &translation_locale.labels.signatures),
        (&mut locale.labels.name, &translation_locale.labels.name),
        (&mut locale.labels.title, &translation_locale.labels.title),
        (&mut locale.labels.date, &translation_locale.labels.date),
    ] {
        *label = bilingual(label, other);
    }
    let mut ctx = super::text_context(doc, original.res, &locale);
    let composed = compose::compose(doc, &locale, &mut ctx, original.res.images, None, Some(column), Some(translation.doc))?;
    let mut other_doc = translation.doc.clone();
    other_doc.signing.page = false;
    let other_locale = Locale::of(&other_doc);
    let mut other_ctx = super::text_context(&other_doc, translation.res, &other_locale);
    let other = compose::compose(&other_doc, &other_locale, &mut other_ctx, translation.res.images, None, Some(column), None)?;

    let (body, signature_part) = split_at_page_break(&composed.flow);
    let offset = composed.elements.len();
    let mut left_rows = rows(body, |_| {});
    let mut right_rows = rows(&other.flow, |line| {
        // the translation's anchors and elements are numbered after the original's
        line.anchor = None;
        shift_roles(line, offset);
    });
    check_pairs(&left_rows, &right_rows, translation.doc)?;

    // lines on the grid are whole ems: a Japanese column's lines sit in its middle
    let inset = |d: &Document, writing: Writing| {
        if writing == Writing::Ideographic {
            (column - (column / d.style.font_size_pt).floor() * d.style.font_size_pt) / 2.0
        } else {
            0.0
        }
    };
    let xs = [inset(doc, locale.writing), column + gutter + inset(&other_doc, other_locale.writing)];
    let rows: Vec<[Vec<Entry>; 2]> = left_rows.drain(..).zip(right_rows.drain(..)).map(|(l, r)| [l.entries, r.entries]).collect();
    let mut placed = set_rows(rows, block_h, xs);
    // the signature page, across the block, cut by the usual page breaker
    if !signature_part.is_empty() {
        let settings = pages::Settings { height: block_h, line: composed.line, running_head: None, grid: locale.writing == Writing::Ideographic };
        let measure = composed.text_width;
        let shift = ((block_w - measure) / 2.0).max(0.0);
        for mut page in pages::paginate(signature_part, &settings) {
            for p in &mut page {
                p.x += shift;
            }
            placed.push(page);
        }
    }

    let frame = Frame { page_w, page_h, left, top, block_w, text_left: left };
    let (pages, anchors) = super::finish_pages(placed, doc, &locale, &mut ctx, &frame, composed.anchor_count, None)?;
    let Composed { elements, outline, .. } = composed;
    let outline = outline.bilingual(&other.outline).resolve(&anchors);
    let mut elements = elements;
    elements.extend(other.elements.into_iter().map(|e| Element { kind: e.kind, parent: e.parent.map(|p| p + offset) }));
    Ok(Layout { pages, outline, elements })
}

/// A label in two languages: "Name / 氏名：" (the first language's colon left to the
/// second, so the pair reads as one label).
fn bilingual(first: &str, second: &str) -> String {
    if first == second || second.is_empty() {
        return first.to_string();
    }
    let colon = |s: &str| s.ends_with(':') || s.ends_with('：');
    let first = if colon(first) && colon(second) { first.trim_end_matches([':', '：']).trim_end() } else { first };
    format!("{first} / {second}")
}

/// The flow before the first forced page break (the body) and from it on (the signature
/// page).
fn split_at_page_break(flow: &[Flow]) -> (&[Flow], &[Flow]) {
    let at = flow.iter().position(|f| matches!(f, Flow::PageBreak(_))).unwrap_or(flow.len());
    flow.split_at(at)
}

/// A line or a space of one side of a row.
#[derive(Debug, Clone)]
enum Entry {
    Line(FlowLine),
    Space(f32),
}

impl Entry {
    fn height(&self) -> f32 {
        match self {
            Entry::Line(l) => l.height,
            Entry::Space(h) => *h,
        }
    }
}

/// One side of a row: the block a marked line opens, up to the next.
struct Row {
    opens: Option<Opens>,
    entries: Vec<Entry>,
}

/// The flow cut into rows at the lines that open a block; lists in columns are read
/// one column after the other (a column of a parallel edition is too narrow for more).
fn rows(flow: &[Flow], mut adjust: impl FnMut(&mut FlowLine)) -> Vec<Row> {
    fn walk(flow: &[Flow], out: &mut Vec<Row>, adjust: &mut dyn FnMut(&mut FlowLine)) {
        for item in flow {
            match item {
                Flow::Line(line) => {
                    let mut line = line.clone();
                    adjust(&mut line);
                    if line.opens.is_some() || out.is_empty() {
                        out.push(Row { opens: line.opens, entries: Vec::new() });
                    }
                    if let Some(row) = out.last_mut() {
                        row.entries.push(Entry::Line(line));
                    }
                }
                Flow::Space(space) => {
                    if out.is_empty() {
                        out.push(Row { opens: None, entries: Vec::new() });
                    }
                    if let Some(row) = out.last_mut() {
                        row.entries.push(Entry::Space(space.height));
                    }
                }
                Flow::Columns(columns) => walk(&columns.items, out, adjust),
                Flow::PageBreak(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(flow, &mut out, &mut adjust);
    out
}

fn shift_roles(line: &mut FlowLine, offset: usize) {
    let shift = |role: &mut Role| {
        if let Role::Element(e) = role {
            *e += offset;
        }
    };
    for run in &mut line.runs {
        shift(&mut run.role);
    }
    for item in &mut line.extra {
        match item {
            super::flow::BlockItem::Text { run, .. } => shift(&mut run.role),
            super::flow::BlockItem::Image { role, .. } => shift(role),
            _ => {}
        }
    }
}

/// The two documents pair block for block, or the edition cannot be made.
fn check_pairs(left: &[Row], right: &[Row], translation: &Document) -> Result<(), Vec<Diagnostic>> {
    let name = |o: Option<Opens>| match o {
        None => "the start".to_string(),
        Some(Opens::Item(1)) => "a clause".into(),
        Some(Opens::Item(level)) => format!("an item of level {level}"),
        Some(other) => format!("{other:?}").to_lowercase(),
    };
    let first_difference = left.iter().zip(right).position(|(l, r)| l.opens != r.opens);
    let message = match first_difference {
        Some(k) => format!(
            "the translation cannot be set beside the original: its block {} is {} where the original has {}",
            k + 1,
            name(right[k].opens),
            name(left[k].opens)
        ),
        None if left.len() != right.len() => {
            format!("the translation cannot be set beside the original: it has {} blocks, the original {}", right.len(), left.len())
        }
        None => return Ok(()),
    };
    Err(vec![Diagnostic::error(message)
        .in_file(translation.source.path.clone())
        .with_hint("`resolution-pdf compare ORIGINAL TRANSLATION` says where the two differ")])
}

fn content_height(entries: &[Entry]) -> f32 {
    let end = entries.iter().rposition(|e| matches!(e, Entry::Line(_))).map_or(0, |i| i + 1);
    entries[..end].iter().map(Entry::height).sum()
}

fn height(entries: &[Entry]) -> f32 {
    entries.iter().map(Entry::height).sum()
}

/// May the page break after `line`?
fn breakable(line: &FlowLine, respect_keeps: bool) -> bool {
    !respect_keeps || !(line.keep_with_next || line.avoid_break_after)
}

/// The longest prefix (a number of entries, ending with a line) that fits in `room` and
/// after which the page may break, leaving lines for the next page.
fn fitting_prefix(entries: &[Entry], room: f32, respect_keeps: bool) -> Option<usize> {
    let last_line = entries.iter().rposition(|e| matches!(e, Entry::Line(_)))?;
    let mut y = 0.0;
    let mut best = None;
    for (i, entry) in entries.iter().enumerate() {
        y += entry.height();
        if y > room + EPSILON {
            break;
        }
        if let Entry::Line(line) = entry
            && i < last_line
            && breakable(line, respect_keeps)
        {
            best = Some(i + 1);
        }
    }
    best
}

/// The height of the first piece of a side that the page may not break inside: what must
/// fit below a row that keeps with this one.
fn first_piece(entries: &[Entry]) -> f32 {
    let mut y = 0.0;
    for entry in entries {
        y += entry.height();
        if let Entry::Line(line) = entry
            && breakable(line, true)
        {
            return y;
        }
    }
    content_height(entries)
}

fn ends_keeping(entries: &[Entry]) -> bool {
    entries.iter().rev().find_map(|e| if let Entry::Line(l) = e { Some(l.keep_with_next) } else { None }).unwrap_or(false)
}

/// The remainder of a side after a page break: its leading spaces dropped.
fn remainder(entries: &mut Vec<Entry>, from: usize) -> Vec<Entry> {
    let rest: Vec<Entry> = entries.drain(from..).collect();
    let skip = rest.iter().take_while(|e| matches!(e, Entry::Space(_))).count();
    rest.into_iter().skip(skip).collect()
}

/// How far each side of a row stands below the row's top, so that their first lines
/// share a baseline (a Latin line's baseline sits higher in its box than a line on the
/// Japanese grid's).
fn offsets(row: &[Vec<Entry>; 2]) -> [f32; 2] {
    let first_baseline = |side: &[Entry]| {
        let mut y = 0.0;
        for entry in side {
            match entry {
                Entry::Line(line) => return Some(y + line.baseline),
                Entry::Space(h) => y += h,
            }
        }
        None
    };
    match (first_baseline(&row[0]), first_baseline(&row[1])) {
        (Some(a), Some(b)) => [(b - a).max(0.0), (a - b).max(0.0)],
        _ => [0.0, 0.0],
    }
}

/// Sets the rows down the pages: both halves of a row start level (on one baseline).
fn set_rows(rows: Vec<[Vec<Entry>; 2]>, page_height: f32, xs: [f32; 2]) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = 0.0f32;
    let mut queue: std::collections::VecDeque<[Vec<Entry>; 2]> = rows.into();
    let place = |page: &mut Vec<Placed>, entries: &[Entry], x: f32, top: f32| {
        let mut at = top;
        for entry in entries {
            if let Entry::Line(line) = entry {
                page.push(Placed { x, top: at, line: line.clone() });
            }
            at += entry.height();
        }
    };
    while let Some(mut row) = queue.pop_front() {
        if y > 0.0 && y >= page_height - EPSILON {
            pages.push(Vec::new());
            y = 0.0;
        }
        if y == 0.0 {
            // nothing but space opens a page; a group that goes on at the top of a page
            // has its heading repeated above, marked as continued
            for side in &mut row {
                let skip = side.iter().take_while(|e| matches!(e, Entry::Space(_))).count();
                side.drain(..skip);
                let continued = match side.first() {
                    Some(Entry::Line(line)) if line.opens != Some(Opens::Group) => line.continued.clone(),
                    _ => None,
                };
                if let Some(continued) = continued {
                    let mut head: Vec<Entry> = continued
                        .lines
                        .iter()
                        .map(|l| Entry::Line(FlowLine { keep_with_next: true, continued: None, ..l.clone() }))
                        .collect();
                    head.push(Entry::Space(continued.space_after));
                    side.splice(0..0, head);
                }
            }
        }
        let dy = offsets(&row);
        let room = page_height - y;
        let need = (dy[0] + content_height(&row[0])).max(dy[1] + content_height(&row[1]));
        let advance = (dy[0] + height(&row[0])).max(dy[1] + height(&row[1]));
        // a row that keeps with the next (a heading, a lead-in) needs the next row's first
        // piece below it on the same page
        let keep = if ends_keeping(&row[0]) || ends_keeping(&row[1]) {
            queue.front().map_or(0.0, |next| {
                let d = offsets(next);
                (advance - need) + (d[0] + first_piece(&next[0])).max(d[1] + first_piece(&next[1]))
            })
        } else {
            0.0
        };
        if need + keep <= room + EPSILON {
            let page = pages.last_mut().expect("a page is open");
            place(page, &row[0], xs[0], y + dy[0]);
            place(page, &row[1], xs[1], y + dy[1]);
            y += advance;
            continue;
        }
        if need <= room + EPSILON && y > 0.0 {
            // it fits, but what it keeps with does not: both go to the next page
            pages.push(Vec::new());
            y = 0.0;
            queue.push_front(row);
            continue;
        }
        // break inside the row, each side where its rules allow
        let split = |side: &[Entry], dy: f32, keeps: bool| -> Option<usize> {
            let room = room - dy;
            if content_height(side) <= room + EPSILON { Some(side.len()) } else { fitting_prefix(side, room, keeps) }
        };
        let mut cuts = [split(&row[0], dy[0], true), split(&row[1], dy[1], true)];
        let legal = cuts.iter().zip(&row).all(|(c, side)| c.is_some_and(|c| c > 0 || content_height(side) == 0.0));
        if !legal {
            if y > 0.0 {
                pages.push(Vec::new());
                y = 0.0;
                queue.push_front(row);
                continue;
            }
            // at the top of a page and still too tall with its keeps: break against them
            cuts = [split(&row[0], dy[0], false).or(Some(1)), split(&row[1], dy[1], false).or(Some(1))];
        }
        let page = pages.last_mut().expect("a page is open");
        let [left, right] = &mut row;
        let [a, b] = [cuts[0].unwrap_or(0).min(left.len()), cuts[1].unwrap_or(0).min(right.len())];
        place(page, &left[..a], xs[0], y + dy[0]);
        place(page, &right[..b], xs[1], y + dy[1]);
        let rest = [remainder(left, a), remainder(right, b)];
        pages.push(Vec::new());
        y = 0.0;
        if rest.iter().any(|side| !side.is_empty()) {
            queue.push_front(rest);
        }
    }
    if pages.len() > 1 && pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool) -> Entry {
        Entry::Line(FlowLine { height: 10.0, keep_with_next: keep, ..FlowLine::default() })
    }

    #[test]
    fn labels_in_two_languages() {
        assert_eq!(bilingual("Name:", "氏名："), "Name / 氏名：");
        assert_eq!(bilingual("Signatures", "署名"), "Signatures / 署名");
        assert_eq!(bilingual("Date:", "Date:"), "Date:");
    }

    #[test]
    fn rows_start_level_and_the_taller_side_decides() {
        let rows = vec![[vec![line(false), line(false)], vec![line(false)]], [vec![line(false)], vec![line(false), line(false), line(false)]]];
        let pages = set_rows(rows, 100.0, [0.0, 50.0]);
        let tops = |x: f32| pages[0].iter().filter(|p| p.x == x).map(|p| p.top).collect::<Vec<_>>();
        assert_eq!(tops(0.0), [0.0, 10.0, 20.0]);
        assert_eq!(tops(50.0), [0.0, 20.0, 30.0, 40.0]);
    }

    #[test]
    fn a_row_too_tall_breaks_where_each_side_may_and_goes_on_level() {
        // room for four lines; left: six lines, its fourth keeping with the fifth; right: five
        let left = vec![line(false), line(false), line(false), line(true), line(false), line(false)];
        let right = vec![line(false); 5];
        let pages = set_rows(vec![[left, right]], 40.0, [0.0, 50.0]);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].iter().filter(|p| p.x == 0.0).count(), 3, "the left side may not break after its fourth line");
        assert_eq!(pages[0].iter().filter(|p| p.x == 50.0).count(), 4);
        let tops = |x: f32| pages[1].iter().filter(|p| p.x == x).map(|p| p.top).collect::<Vec<_>>();
        assert_eq!(tops(0.0), [0.0, 10.0, 20.0], "the left side goes on at the top");
        assert_eq!(tops(50.0), [0.0], "level with the right side");
    }
}
