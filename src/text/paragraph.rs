//! Setting a paragraph: styled text in, lines of positioned glyphs out.
//!
//! The text is cut into words at spaces; each word is shaped whole, run by run (a run is
//! one style in one face), so kerning and ligatures survive. Boxes are then cut out of
//! the shaped words wherever a line may end inside a word: after an explicit hyphen or
//! dash, or at a hyphenation point. Spaces become glue. The total-fit breaker chooses the
//! breaks, and each line is assembled from the glyphs of its items.

use std::ops::Range;
use std::sync::Arc;

use super::breaks::line_break_opportunities;
use super::linebreak::{self, Break, FIL, FORCED_BREAK, INFINITE_PENALTY, Item, Measure, Params};
use super::shape::Shaped;
use super::{Glyph, GlyphRun, Line, MissingGlyph, TextContext, is_default_ignorable, japanese};
use crate::fonts::{Face, FontStyle};

/// A piece of text in one style.
#[derive(Debug, Clone, Copy)]
pub struct StyledText<'a> {
    pub text: &'a str,
    pub style: FontStyle,
}

/// How lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges straight; the last line set solid on the left.
    Justify,
    Left,
    Center,
    Right,
}

/// The shape of a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParagraphSpec {
    /// Font size in points.
    pub size: f32,
    /// Line length in points.
    pub measure: f32,
    /// Indent of the first line in points.
    pub first_indent: f32,
    pub align: Align,
    /// Whether words may be hyphenated (when the language has patterns).
    pub hyphenate: bool,
}

/// Hyphen penalty (TeX's \hyphenpenalty) and explicit-hyphen penalty (\exhyphenpenalty).
const HYPHEN_PENALTY: f32 = 100.0;
/// Cost of breaking inside a word with no hyphen, only ever used to avoid overflow.
const EMERGENCY_PENALTY: f32 = 5000.0;
/// Inter-word glue in em, independent of the font's own space (Noto Serif's is a narrow
/// 0.26 em): a space may grow to about 0.42 em at full stretch and never shrinks below
/// about 0.2 em, the limits a compositor would accept.
const SPACE_STRETCH_EM: f32 = 0.16;
const SPACE_SHRINK_EM: f32 = 0.06;
/// A hyphen must leave at least this much text (in em) for the last line, so that a
/// paragraph does not end on a word fragment ("commu-" / "nity.").
const MIN_TEXT_AFTER_HYPHEN_EM: f32 = 5.0;
/// The last line of a Japanese paragraph holds at least this much (in em): "した。",
/// not "る。".
const MIN_LAST_LINE_JAPANESE_EM: f32 = 2.5;
/// Extra stretch per line, in em, when judging the last-resort breaking of a paragraph.
const EMERGENCY_STRETCH_EM: f32 = 3.0;
/// Cost of breaking ragged Japanese text (a title, a name) between two ideographs or kana:
/// spaces and punctuation are better places.
const RAGGED_JAPANESE_WORD_PENALTY: f32 = 500.0;
/// How much each gap between Japanese characters may widen at full stretch, in em.
const INTER_CHARACTER_STRETCH_EM: f32 = 0.1;
/// How far a ragged line may fall short before it counts as bad, in em.
const RAG_EM: f32 = 6.0;

/// A shaped run of one word: one style in one face.
struct WordRun {
    face: Arc<Face>,
    shaped: Arc<Shaped>,
    /// Byte offset of the run in the paragraph text.
    offset: usize,
    /// Size relative to the paragraph's (Latin letters in Japanese text are scaled).
    scale: f32,
}

/// What an item draws.
#[derive(Clone)]
enum Content {
    Nothing,
    /// Glyphs `glyphs` of word run `run`; a full-width mark loses its blank (in em) on
    /// the left or right, which becomes glue beside it.
    Glyphs { run: usize, glyphs: Range<usize>, trim_left: f32, trim_right: f32 },
    /// A space: the face's space glyph, stretched to the glue's width.
    Space { face: Arc<Face>, glyph: u16, text: Range<usize>, scale: f32 },
    /// A hyphen drawn only when the line breaks here (scaled like its word).
    Hyphen { face: Arc<Face>, glyph: u16, advance: f32, scale: f32 },
    /// The blank (em) a Japanese mark takes back when the line ends after it.
    LineEndBlank(f32),
}

/// How the gap between two characters of Japanese text is set (see `japanese::gap`).
struct GapPlan {
    gap: japanese::Gap,
    breakable: bool,
    /// Blank cut from the mark before the gap / after it, in em.
    trim_left_mark: f32,
    trim_right_mark: f32,
    /// The glue between them: what is left of the blanks, and the Japanese–Latin space.
    glue_width: f32,
    glue_shrink: f32,
}

impl GapPlan {
    fn new(before: char, after: char, (before_full, after_full): (bool, bool), breakable: bool) -> GapPlan {
        let gap = japanese::gap(before, after, before_full, after_full);
        let facing_left = if before_full { japanese::blanks(before).1 } else { 0.0 };
        let facing_right = if after_full { japanese::blanks(after).0 } else { 0.0 };
        let blank = gap.width - gap.mixed_script_space;
        if breakable {
            // A line may start after this gap: the mark after it keeps its whole em box
            // (its blank is inside the box), and the mark before it gives its blank to
            // the glue, or takes it back through the penalty when the line ends here.
            let kept = blank - facing_right;
            GapPlan {
                gap,
                breakable,
                trim_left_mark: facing_left,
                trim_right_mark: 0.0,
                glue_width: kept.max(0.0) + gap.mixed_script_space,
                glue_shrink: kept.max(0.0) + if gap.mixed_script_space > 0.0 { japanese::MIXED_SCRIPT_SHRINK } else { 0.0 },
            }
        } else {
            GapPlan {
                gap,
                breakable,
                trim_left_mark: facing_left,
                trim_right_mark: facing_right,
                glue_width: gap.width,
                glue_shrink: gap.shrink,
            }
        }
    }
}

/// The paragraph as the breaker sees it, with what each item draws.
struct Prepared {
    text: String,
    runs: Vec<WordRun>,
    items: Vec<Item>,
    contents: Vec<Content>,
    /// Indices of hyphenation penalties (left out of the first pass).
    hyphen_items: Vec<usize>,
}

/// Set `spans` as a paragraph.
pub fn set_paragraph(ctx: &mut TextContext<'_>, spans: &[StyledText<'_>], spec: &ParagraphSpec) -> Result<Vec<Line>, MissingGlyph> {
    let Some(cache) = ctx.shared else { return set_paragraph_afresh(ctx, spans, spec) };
    let key = super::ParagraphKey::new(ctx, spans, spec);
    if let Some(lines) = cache.get(&key) {
        return Ok(lines);
    }
    let lines = set_paragraph_afresh(ctx, spans, spec)?;
    cache.insert(key, &lines);
    Ok(lines)
}

fn set_paragraph_afresh(ctx: &mut TextContext<'_>, spans: &[StyledText<'_>], spec: &ParagraphSpec) -> Result<Vec<Line>, MissingGlyph> {
    let hyphenate = spec.hyphenate && spec.align == Align::Justify;
    let prepared = prepare(ctx, spans, spec, hyphenate, false)?;
    if prepared.items.len() <= 2 {
        return Ok(vec![Line::default()]);
    }
    let measure = Measure { first: spec.measure, rest: spec.measure };
    // In Japanese text an unbreakable run of most of a line (a hash, a long number, a row
    // of leaders) is better cut than left to spread the line before it letter by letter
    // (識　　別　　子): try the cut before the loosest spacing. In English a loose line
    // is better than a word broken without a hyphen.
    let breaks = choose_breaks(&prepared, measure, spec, !ctx.japanese);
    let (prepared, breaks) = match breaks {
        Some(b) => (prepared, b),
        None => {
            // A word is wider than the line: allow breaks inside it.
            let prepared = prepare(ctx, spans, spec, hyphenate, true)?;
            let breaks = choose_breaks(&prepared, measure, spec, true).unwrap_or_else(|| first_fit(&prepared.items, measure));
            (prepared, breaks)
        }
    };
    Ok(assemble(&prepared, &breaks, spec))
}

/// Set `spans` on one line at its natural width (labels, numbers, headers).
pub fn set_line(ctx: &mut TextContext<'_>, spans: &[StyledText<'_>], size: f32) -> Result<Line, MissingGlyph> {
    let spec = ParagraphSpec { size, measure: f32::MAX, first_indent: 0.0, align: Align::Left, hyphenate: false };
    let prepared = prepare(ctx, spans, &spec, false, false)?;
    let last = prepared.items.len().saturating_sub(1);
    Ok(assemble(&prepared, &[Break { at: last, ratio: 0.0 }], &spec).pop().unwrap_or_default())
}

/// The breaks of a paragraph; with `loosest`, lines as loose as it takes rather than none.
fn choose_breaks(prepared: &Prepared, measure: Measure, spec: &ParagraphSpec, loosest: bool) -> Option<Vec<Break>> {
    if spec.align != Align::Justify {
        let params = Params { ragged: Some(RAG_EM * spec.size), tolerance: f32::INFINITY, ..Params::default() };
        return linebreak::knuth_plass(&prepared.items, measure, &params);
    }
    // First try without hyphenation, as TeX does, then with it, then looser.
    let strict = Params { tolerance: 1.26, ..Params::default() };
    if !prepared.hyphen_items.is_empty() {
        let mut without = prepared.items.clone();
        for &i in &prepared.hyphen_items {
            without[i] = Item::Penalty { width: 0.0, cost: INFINITE_PENALTY, flagged: false };
        }
        if let Some(breaks) = linebreak::knuth_plass(&without, measure, &strict) {
            return Some(breaks);
        }
    }
    let params = Params { tolerance: 1.26, ..Params::default() };
    if loosest {
        linebreak::break_paragraph(&prepared.items, measure, &params, EMERGENCY_STRETCH_EM * spec.size)
    } else {
        linebreak::knuth_plass(&prepared.items, measure, &params)
            .or_else(|| linebreak::knuth_plass(&prepared.items, measure, &Params { tolerance: params.tolerance * 2.0, ..params }))
    }
}

/// Last resort when even a single glyph is wider than the line: fill greedily.
fn first_fit(items: &[Item], measure: Measure) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut width = 0.0;
    let mut last_break = None;
    for (i, item) in items.iter().enumerate() {
        match *item {
            Item::Box { width: w } => {
                if width + w > measure.rest && let Some(b) = last_break.take() {
                    breaks.push(Break { at: b, ratio: 0.0 });
                    width = 0.0;
                }
                width += w;
            }
            Item::Glue { width: w, .. } => {
                last_break = Some(i);
                width += w;
            }
            Item::Penalty { cost, width, .. } if cost < INFINITE_PENALTY && width == 0.0 => last_break = Some(i),
            Item::Penalty { .. } => {}
        }
    }
    breaks.push(Break { at: items.len() - 1, ratio: 0.0 });
    breaks
}

/// Cut the text into items.
fn prepare(
    ctx: &mut TextContext<'_>,
    spans: &[StyledText<'_>],
    spec: &ParagraphSpec,
    hyphenate: bool,
    emergency: bool,
) -> Result<Prepared, MissingGlyph> {
    let size = spec.size;
    let mut text = String::new();
    let mut styles: Vec<(Range<usize>, FontStyle)> = Vec::new();
    for span in spans {
        let start = text.len();
        text.push_str(span.text);
        styles.push((start..text.len(), span.style));
    }
    // spans are consecutive: the style at a byte is that of the last span starting at or before it
    let style_at = |at: usize| {
        let i = styles.partition_point(|(r, _)| r.start <= at);
        styles[..i].iter().rev().find(|(r, _)| r.contains(&at)).map_or(FontStyle::default(), |(_, s)| *s)
    };
    let mut opportunities = line_break_opportunities(&text);
    if ctx.japanese {
        japanese::filter_breaks(&text, &mut opportunities);
    }

    let mut p = Prepared { text: String::new(), runs: Vec::new(), items: Vec::new(), contents: Vec::new(), hyphen_items: Vec::new() };
    if spec.first_indent > 0.0 {
        p.items.push(Item::Box { width: spec.first_indent });
        p.contents.push(Content::Nothing);
    }

    let mut pos = 0;
    while pos < text.len() {
        let c = text[pos..].chars().next().expect("pos is on a char boundary");
        if is_space(c) {
            let end = pos + c.len_utf8();
            // In Japanese text an ASCII space beside a mark's blank adds nothing to it.
            if ctx.japanese && c == ' ' {
                let before = text[..pos].chars().next_back().map_or(0.0, |b| japanese::blanks(b).1);
                let after = text[end..].chars().next().map_or(0.0, |a| japanese::blanks(a).0);
                if before > 0.0 || after > 0.0 {
                    pos = end;
                    continue;
                }
            }
            let style = style_at(pos);
            let ideographic = c == '\u{3000}';
            let face = ctx.fonts.face_for(c, style, ideographic).or_else(|| ctx.fonts.face_for(' ', style, false)).ok_or(MissingGlyph(c))?.clone();
            let shaped = ctx.shapes.shape(&face, if face.has_char(c) { &text[pos..end] } else { " " });
            let (glyph, advance) = shaped.glyphs.first().map_or((0, 0.25), |g| (g.id, g.advance));
            // a space between Latin words of Japanese text is scaled with them
            let scale = ctx.scale_of(&face);
            let width = advance * size * scale;
            let breakable = c != '\u{a0}' && opportunities.binary_search(&end).is_ok();
            if !breakable {
                p.items.push(Item::Penalty { width: 0.0, cost: INFINITE_PENALTY, flagged: false });
                p.contents.push(Content::Nothing);
            }
            // An ideographic space is a fixed em that widens like the gaps beside it.
            let (stretch, shrink) = if ideographic {
                (INTER_CHARACTER_STRETCH_EM * size, 0.0)
            } else {
                (SPACE_STRETCH_EM * size, (SPACE_SHRINK_EM * size).min(width * 0.5))
            };
            p.items.push(Item::Glue { width, stretch, shrink });
            p.contents.push(Content::Space { face, glyph, text: pos..end, scale });
            pos = end;
            continue;
        }
        let word_end = text[pos..].find(is_space).map_or(text.len(), |i| pos + i);
        // Last-resort cuts: anywhere in English; in Japanese only inside an unbreakable
        // run wider than half the line, where a reader sees it cannot be helped.
        let cut_runs_wider_than = emergency.then_some(if ctx.japanese { spec.measure * 0.5 } else { 0.0 });
        add_word(ctx, &mut p, &text, pos..word_end, &style_at, &opportunities, size, hyphenate, cut_runs_wider_than, spec.align != Align::Justify)?;
        pos = word_end;
    }
    // A justified paragraph's last line may fall short at no cost. Ragged text (titles,
    // names, the addressee) is balanced instead: it should not end on a lone word.
    let fill = if spec.align == Align::Justify { FIL } else { 0.0 };
    p.items.push(Item::Glue { width: 0.0, stretch: fill, shrink: 0.0 });
    p.contents.push(Content::Nothing);
    p.items.push(Item::Penalty { width: 0.0, cost: FORCED_BREAK, flagged: false });
    p.contents.push(Content::Nothing);
    p.text = text;
    if ctx.japanese {
        // A Japanese paragraph should not end on a line of one character and a mark.
        forbid_breaks_near_the_end(&mut p, MIN_LAST_LINE_JAPANESE_EM * size, false);
    } else {
        forbid_breaks_near_the_end(&mut p, MIN_TEXT_AFTER_HYPHEN_EM * size, true);
    }
    Ok(p)
}

/// Drop the break opportunities (only the hyphenation points, if `hyphens_only`) that
/// would leave less than `min_width` of text after them.
fn forbid_breaks_near_the_end(p: &mut Prepared, min_width: f32, hyphens_only: bool) {
    let hyphens: std::collections::HashSet<usize> = p.hyphen_items.iter().copied().collect();
    let last = p.items.len().saturating_sub(1);
    let mut after = 0.0;
    for i in (0..p.items.len()).rev() {
        match p.items[i] {
            Item::Box { width } => after += width,
            Item::Glue { width, stretch, .. } if stretch < FIL => after += width,
            Item::Penalty { cost, .. }
                if i < last && cost < INFINITE_PENALTY && after < min_width && (!hyphens_only || hyphens.contains(&i)) =>
            {
                p.items[i] = Item::Penalty { width: 0.0, cost: INFINITE_PENALTY, flagged: false };
                p.contents[i] = Content::Nothing;
            }
            _ => {}
        }
        if after >= min_width {
            break;
        }
    }
    let items = &p.items;
    p.hyphen_items.retain(|&i| matches!(items[i], Item::Penalty { flagged: true, .. }));
}

/// Characters that separate words: glue, not boxes. The ideographic space is one too, so
/// that it disappears where a line breaks at it.
fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{3000}'
}

/// Shape one word and add its boxes and inner break opportunities.
#[allow(clippy::too_many_arguments)]
fn add_word(
    ctx: &mut TextContext<'_>,
    p: &mut Prepared,
    text: &str,
    word: Range<usize>,
    style_at: &dyn Fn(usize) -> FontStyle,
    opportunities: &[usize],
    size: f32,
    hyphenate: bool,
    emergency: Option<f32>,
    ragged: bool,
) -> Result<(), MissingGlyph> {
    // Runs of one style in one face.
    let first_run = p.runs.len();
    let mut run_start = word.start;
    let mut current: Option<(FontStyle, Arc<Face>)> = None;
    let mut boundaries = vec![word.start];
    for (i, c) in text[word.clone()].char_indices() {
        let at = word.start + i;
        let style = style_at(at);
        let face = if is_default_ignorable(c) {
            match &current {
                Some((s, f)) if *s == style => f.clone(),
                _ => ctx.fonts.latin(style).clone(),
            }
        } else {
            // Bold Japanese text is Gothic, and so are its Latin letters: IPAex Gothic's own
            // proportional Latin matches it, a bold serif would not.
            let prefer_japanese = ctx.japanese && (style.bold || prefers_japanese_face(c) && !quotes_latin(text, at, c));
            ctx.fonts.face_for(c, style, prefer_japanese).ok_or(MissingGlyph(c))?.clone()
        };
        if let Some((s, f)) = &current
            && (*s != style || !Arc::ptr_eq(f, &face))
        {
            let (_, f) = current.take().expect("checked");
            let shaped = ctx.shapes.shape(&f, &text[run_start..at]);
            let scale = ctx.scale_of(&f);
            p.runs.push(WordRun { face: f, shaped, offset: run_start, scale });
            boundaries.push(at);
            run_start = at;
        }
        if current.is_none() {
            current = Some((style, face));
        }
    }
    if let Some((_, f)) = current {
        let shaped = ctx.shapes.shape(&f, &text[run_start..word.end]);
        let scale = ctx.scale_of(&f);
        p.runs.push(WordRun { face: f, shaped, offset: run_start, scale });
    }
    boundaries.push(word.end);

    // Where the word may be cut, and how.
    #[derive(Clone, Copy, PartialEq)]
    enum Cut {
        Opportunity,
        Hyphen,
        Emergency,
        /// Between two characters of Japanese text, breakable or not.
        Gap,
    }
    // the opportunities are sorted: take the slice inside this word
    let inside = &opportunities[opportunities.partition_point(|&o| o <= word.start)..opportunities.partition_point(|&o| o < word.end)];
    let mut cuts: Vec<(usize, Cut)> = inside.iter().map(|&o| (o, Cut::Opportunity)).collect();
    // A word with soft hyphens breaks only there: the author has said where (as in TeX).
    let soft_hyphens = text[word.clone()].contains('\u{ad}');
    if hyphenate && ctx.hyphenator.is_some() && !soft_hyphens {
        // Hyphenate the stretches between the word's own break opportunities.
        let mut starts = vec![word.start];
        starts.extend(cuts.iter().map(|&(o, _)| o));
        let mut ends: Vec<usize> = cuts.iter().map(|&(o, _)| o).collect();
        ends.push(word.end);
        for (s, e) in starts.into_iter().zip(ends) {
            cuts.extend(ctx.hyphenation_points(&text[s..e]).into_iter().map(|h| (s + h, Cut::Hyphen)));
        }
    }
    let runs = &p.runs[first_run..];
    if ctx.japanese {
        // Every cluster boundary is a gap with its own spacing (see `japanese::gap`).
        for run in runs {
            cuts.extend(
                run.shaped.glyphs.iter().map(|g| run.offset + g.range.start).filter(|&at| at > word.start).map(|at| (at, Cut::Gap)),
            );
        }
        cuts.extend(boundaries.iter().copied().filter(|&b| b > word.start && b < word.end).map(|at| (at, Cut::Gap)));
    }
    if emergency.is_some() && !ctx.japanese {
        // Last resort: a line may end between any two clusters (never wider than the line).
        for run in runs {
            cuts.extend(
                run.shaped.glyphs.iter().map(|g| run.offset + g.range.start).filter(|&at| at > word.start).map(|at| (at, Cut::Emergency)),
            );
        }
    }
    // Sorted by place; where two kinds meet, the first pushed (a real opportunity) stays.
    cuts.sort_by_key(|&(at, _)| at);
    cuts.dedup_by_key(|&mut (at, _)| at);
    // A cut must fall between clusters (never inside a ligature) or between runs.
    let cluster_starts: std::collections::BTreeSet<usize> =
        runs.iter().flat_map(|r| r.shaped.glyphs.iter().map(move |g| r.offset + g.range.start)).collect();
    cuts.retain(|&(at, _)| boundaries.contains(&at) || cluster_starts.contains(&at));

    // Emit boxes between cuts, a penalty or glue at each cut.
    let breakable: std::collections::BTreeSet<usize> = inside.iter().copied().collect();
    let plan_at = |p: &Prepared, at: usize| {
        let before = text[..at].chars().next_back().unwrap_or(' ');
        let after = text[at..].chars().next().unwrap_or(' ');
        let runs = &p.runs[first_run..];
        let full = (full_width_at(runs, at - before.len_utf8()), full_width_at(runs, at));
        GapPlan::new(before, after, full, breakable.contains(&at))
    };
    // Japanese last resort: the unbreakable stretches (between the word's break
    // opportunities) wider than `emergency` may be cut where `japanese::may_cut` allows.
    let mut cuttable_stretches: Vec<Range<usize>> = Vec::new();
    if let (Some(min_width), true) = (emergency, ctx.japanese) {
        let mut edges = vec![word.start];
        edges.extend(inside.iter().copied());
        edges.push(word.end);
        for pair in edges.windows(2) {
            let stretch = pair[0]..pair[1];
            let width: f32 = p.runs[first_run..]
                .iter()
                .flat_map(|r| r.shaped.glyphs.iter().map(move |g| (r.offset + g.range.start, g.advance * r.scale)))
                .filter(|(at, _)| stretch.contains(at))
                .map(|(_, advance)| advance * size)
                .sum();
            if width > min_width {
                cuttable_stretches.push(stretch);
            }
        }
    }
    let mut from = word.start;
    for (at, cut) in cuts.iter().copied().chain(std::iter::once((word.end, Cut::Opportunity))) {
        // In Japanese text a mark gives up its blank to the gap beside it, inside the word.
        let (mut trim_left, mut trim_right) = (0.0, 0.0);
        if ctx.japanese {
            if from > word.start {
                trim_left = plan_at(p, from).trim_right_mark;
            }
            if at < word.end {
                trim_right = plan_at(p, at).trim_left_mark;
            }
        }
        push_boxes(p, first_run, from..at, size, trim_left, trim_right);
        if at == word.end {
            break;
        }
        let before = text[..at].chars().next_back().unwrap_or(' ');
        // A line broken at a soft hyphen shows a hyphen; unbroken, the soft hyphen is not seen.
        let cut = if cut == Cut::Opportunity && before == '\u{ad}' { Cut::Hyphen } else { cut };
        let cut = if ctx.japanese && cut == Cut::Opportunity { Cut::Gap } else { cut };
        match cut {
            Cut::Gap => {
                let plan = plan_at(p, at);
                let stretch = if plan.gap.stretchable { INTER_CHARACTER_STRETCH_EM * size } else { 0.0 }
                    + if plan.gap.mixed_script_space > 0.0 { japanese::MIXED_SCRIPT_STRETCH * size } else { 0.0 };
                if plan.breakable {
                    // Breaking here gives the mark before back its blank: full width at the
                    // line end, so no glyph's em box ever leaves the measure. A title or a
                    // name set ragged breaks between words, not inside one (国際人|権).
                    let after = text[at..].chars().next().unwrap_or(' ');
                    let inside_a_word = ragged
                        && [before, after].iter().all(|&c| c.is_alphabetic() && japanese::class(c) == japanese::Class::Ideographic);
                    let cost = if inside_a_word { RAGGED_JAPANESE_WORD_PENALTY } else { 0.0 };
                    p.items.push(Item::Penalty { width: plan.trim_left_mark * size, cost, flagged: false });
                    p.contents.push(Content::LineEndBlank(plan.trim_left_mark));
                } else if let Some(worse) = cuttable_stretches.iter().any(|s| s.start < at && at < s.end).then(|| japanese::may_cut(text, at)).flatten() {
                    p.items.push(Item::Penalty { width: 0.0, cost: EMERGENCY_PENALTY * worse, flagged: false });
                    p.contents.push(Content::Nothing);
                } else if plan.glue_width > 0.0 || stretch > 0.0 {
                    p.items.push(Item::Penalty { width: 0.0, cost: INFINITE_PENALTY, flagged: false });
                    p.contents.push(Content::Nothing);
                }
                if plan.glue_width > 0.0 || stretch > 0.0 {
                    p.items.push(Item::Glue { width: plan.glue_width * size, stretch, shrink: plan.glue_shrink * size });
                    p.contents.push(Content::Nothing);
                }
            }
            Cut::Opportunity => {
                let explicit_hyphen = matches!(before, '-' | '\u{2010}' | '\u{2013}');
                let cost = if explicit_hyphen { HYPHEN_PENALTY } else { 0.0 };
                p.items.push(Item::Penalty { width: 0.0, cost, flagged: explicit_hyphen });
                p.contents.push(Content::Nothing);
            }
            Cut::Hyphen => {
                let run = p.runs[first_run..].iter().rev().find(|r| r.offset < at).expect("a run precedes every cut");
                let (face, scale) = (run.face.clone(), run.scale);
                let hyphen = ctx.shapes.shape(&face, "-");
                let (glyph, advance) = hyphen.glyphs.first().map_or((0, 0.3), |g| (g.id, g.advance));
                p.hyphen_items.push(p.items.len());
                p.items.push(Item::Penalty { width: advance * size * scale, cost: HYPHEN_PENALTY, flagged: true });
                p.contents.push(Content::Hyphen { face, glyph, advance, scale });
            }
            Cut::Emergency => {
                p.items.push(Item::Penalty { width: 0.0, cost: EMERGENCY_PENALTY, flagged: false });
                p.contents.push(Content::Nothing);
            }
        }
        from = at;
    }
    Ok(())
}

/// Boxes for the glyphs whose clusters start in `range` (one per word run touched).
/// `trim_left` / `trim_right` (em) come off the first and last glyph.
fn push_boxes(p: &mut Prepared, first_run: usize, range: Range<usize>, size: f32, trim_left: f32, trim_right: f32) {
    let touched: Vec<(usize, Range<usize>)> = p
        .runs
        .iter()
        .enumerate()
        .skip(first_run)
        .filter_map(|(index, run)| {
            // clusters of a left-to-right run only grow, so the glyphs form one slice
            let glyphs = &run.shaped.glyphs;
            let first = glyphs.partition_point(|g| run.offset + g.range.start < range.start);
            let end = glyphs.partition_point(|g| run.offset + g.range.start < range.end);
            (first < end).then_some((index, first..end))
        })
        .collect();
    let count = touched.len();
    for (k, (index, glyphs)) in touched.into_iter().enumerate() {
        let run = &p.runs[index];
        let trim_left = if k == 0 { trim_left } else { 0.0 };
        let trim_right = if k + 1 == count { trim_right } else { 0.0 };
        let advance: f32 = run.shaped.glyphs[glyphs.clone()].iter().map(|g| g.advance).sum::<f32>() * run.scale;
        p.items.push(Item::Box { width: (advance - trim_left - trim_right) * size });
        p.contents.push(Content::Glyphs { run: index, glyphs, trim_left, trim_right });
    }
}

/// Whether the character at byte `at` is drawn on a full em (a Japanese face's
/// punctuation), so that it has a blank half to give up.
fn full_width_at(runs: &[WordRun], at: usize) -> bool {
    runs.iter().any(|run| {
        run.scale == 1.0
            && run.shaped.glyphs.iter().any(|g| run.offset + g.range.start == at && (g.advance - 1.0).abs() < 0.05)
    })
}

/// Whether the curly quote or apostrophe `c` at byte `at` belongs to Latin text (its
/// word is Latin: "Citizens’ Alliance", “Global”), so it takes the Latin face even in a
/// Japanese document.
fn quotes_latin(text: &str, at: usize, c: char) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !japanese::is_ideographic(c));
    match c {
        '’' | '”' => latin(text[..at].chars().next_back()),
        '‘' | '“' => latin(text[at + c.len_utf8()..].chars().next()),
        _ => false,
    }
}

/// Characters that a Japanese document sets in its Japanese face even when the Latin
/// face has them: ideographs, kana, and East Asian full-width punctuation.
pub fn prefers_japanese_face(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3200..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2025 | 0x2026 | 0x2014 | 0x2015 | 0x203B)
}

/// Turn chosen breaks into lines of glyph runs.
fn assemble(p: &Prepared, breaks: &[Break], spec: &ParagraphSpec) -> Vec<Line> {
    let size = spec.size;
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    let last_break = breaks.len().saturating_sub(1);
    for (line_index, b) in breaks.iter().enumerate() {
        let mut first = start;
        if line_index > 0 {
            while first < b.at && !matches!(p.items[first], Item::Box { .. }) {
                first += 1;
            }
        }
        // Justified lines fill the measure; the last line and ragged lines keep natural
        // spacing unless they must shrink to fit. The ratio is worked out from the line's
        // own glue (the breaker's may include emergency stretch, which is not real).
        let ratio = line_ratio(&p.items[first..=b.at], spec.measure);
        let ratio = if spec.align == Align::Justify && line_index < last_break { ratio } else { ratio.min(0.0) };
        let mut builder = LineBuilder::new(&p.text);
        for i in first..b.at {
            match (&p.items[i], &p.contents[i]) {
                (Item::Box { width }, Content::Nothing) => builder.skip(*width),
                (Item::Box { .. }, Content::Glyphs { run, glyphs, trim_left, trim_right }) => {
                    let run = &p.runs[*run];
                    let last = glyphs.end - 1;
                    for (i, g) in run.shaped.glyphs[glyphs.clone()].iter().enumerate() {
                        let range = run.offset + g.range.start..run.offset + g.range.end;
                        // trims are in em of the paragraph size; the run may be scaled
                        let (mut advance, mut x_offset) = (g.advance, g.x_offset);
                        if i == 0 {
                            advance -= trim_left / run.scale;
                            x_offset -= trim_left / run.scale;
                        }
                        if glyphs.start + i == last {
                            advance -= trim_right / run.scale;
                        }
                        builder.push(&run.face, size * run.scale, g.id, advance, x_offset, g.y_offset, range);
                    }
                }
                (Item::Glue { width, stretch, shrink }, content) => {
                    let w = if ratio >= 0.0 { width + ratio * stretch } else { width + ratio * shrink };
                    match content {
                        Content::Space { face, glyph, text, scale } if *stretch < FIL => {
                            builder.push(face, size * scale, *glyph, w / (size * scale), 0.0, 0.0, text.clone())
                        }
                        Content::Nothing if *stretch < FIL => builder.gap(w),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        let hyphenated = matches!(p.contents[b.at], Content::Hyphen { .. });
        if let Content::LineEndBlank(blank) = p.contents[b.at]
            && blank > 0.0
        {
            builder.gap(blank * size);
        }
        if let Content::Hyphen { face, glyph, advance, scale } = &p.contents[b.at] {
            builder.push_extra(face, size * scale, *glyph, *advance, "-");
        }
        // The space a line breaks at stays in the text, with no width, so that words on
        // either side of a line end stay apart for a screen reader or a copy (PDF/A-2a).
        if let Content::Space { face, glyph, text, scale } = &p.contents[b.at] {
            builder.push(face, size * scale, *glyph, 0.0, 0.0, 0.0, text.clone());
        }
        let mut line = builder.finish();
        line.hyphenated = hyphenated;
        let offset = match spec.align {
            Align::Center => ((spec.measure - line.width) / 2.0).max(0.0),
            Align::Right => (spec.measure - line.width).max(0.0),
            Align::Justify | Align::Left => 0.0,
        };
        if offset > 0.0 {
            for run in &mut line.runs {
                run.x += offset;
            }
        }
        lines.push(line);
        start = b.at + 1;
    }
    lines
}

/// The adjustment ratio that makes `items` (a line, ending with its break) fill `measure`.
fn line_ratio(items: &[Item], measure: f32) -> f32 {
    let (mut natural, mut stretch, mut shrink) = (0.0, 0.0, 0.0);
    let (body, end) = items.split_at(items.len() - 1);
    for item in body {
        match *item {
            Item::Box { width } => natural += width,
            Item::Glue { width, stretch: y, shrink: z } if y < FIL => {
                natural += width;
                stretch += y;
                shrink += z;
            }
            _ => {}
        }
    }
    if let Some(Item::Penalty { width, .. }) = end.first() {
        natural += width;
    }
    let short = measure - natural;
    if short >= 0.0 {
        if stretch > 0.0 { short / stretch } else { 0.0 }
    } else if shrink > 0.0 {
        (short / shrink).max(-1.0)
    } else {
        0.0
    }
}

/// Collects glyphs into runs of one face, with the text each run stands for.
struct LineBuilder<'t> {
    text: &'t str,
    runs: Vec<GlyphRun>,
    x: f32,
    /// The paragraph range of the last glyph's cluster and its range in the run text.
    last_cluster: Option<(Range<usize>, Range<usize>)>,
    force_new_run: bool,
}

impl<'t> LineBuilder<'t> {
    fn new(text: &'t str) -> Self {
        LineBuilder { text, runs: Vec::new(), x: 0.0, last_cluster: None, force_new_run: false }
    }

    fn run_for(&mut self, face: &Arc<Face>, size: f32) -> &mut GlyphRun {
        let same = self.runs.last().is_some_and(|r| Arc::ptr_eq(&r.face, face) && r.size == size);
        if !same || std::mem::take(&mut self.force_new_run) {
            self.runs.push(GlyphRun { face: face.clone(), size, x: self.x, glyphs: Vec::new(), text: String::new() });
            self.last_cluster = None;
        }
        self.runs.last_mut().expect("just ensured")
    }

    /// Space between glyphs (glue that draws nothing): it widens the glyph before it.
    fn gap(&mut self, width: f32) {
        match self.runs.last_mut().and_then(|r| {
            let size = r.size;
            r.glyphs.last_mut().map(|g| (g, size))
        }) {
            Some((glyph, size)) if !self.force_new_run => glyph.advance += width / size,
            _ => self.force_new_run = true,
        }
        self.x += width;
    }

    /// Leave a gap (an indent); what follows starts a run of its own at its own x.
    fn skip(&mut self, width: f32) {
        self.x += width;
        self.force_new_run = true;
    }

    #[allow(clippy::too_many_arguments)]
    fn push(&mut self, face: &Arc<Face>, size: f32, id: u16, advance: f32, x_offset: f32, y_offset: f32, range: Range<usize>) {
        let text = self.text;
        let last_cluster = self.last_cluster.clone();
        let run = self.run_for(face, size);
        let local = match last_cluster {
            Some((para, local)) if para == range => local,
            _ => {
                // Invisible characters (soft hyphens, joiners, variation selectors) are
                // left out of a glyph's text: krilla maps a glyph to one text for the
                // whole file, and "m" + soft hyphen would make every other "m" copy as
                // that or vanish in readers that use only the map.
                let start = run.text.len();
                run.text.extend(text[range.clone()].chars().filter(|&c| !is_default_ignorable(c)));
                start..run.text.len()
            }
        };
        run.glyphs.push(Glyph { id, advance, x_offset, y_offset, text: local.clone() });
        self.last_cluster = Some((range, local));
        self.x += advance * size;
    }

    /// A glyph that is not in the source text (the hyphen at a hyphenated line end).
    fn push_extra(&mut self, face: &Arc<Face>, size: f32, id: u16, advance: f32, text: &str) {
        let run = self.run_for(face, size);
        let start = run.text.len();
        run.text.push_str(text);
        let local = start..run.text.len();
        run.glyphs.push(Glyph { id, advance, x_offset: 0.0, y_offset: 0.0, text: local });
        self.last_cluster = None;
        self.x += advance * size;
    }

    fn finish(self) -> Line {
        let runs: Vec<GlyphRun> = self.runs.into_iter().filter(|r| !r.glyphs.is_empty()).collect();
        Line { runs, width: self.x, hyphenated: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontLibrary;
    use crate::text::breaks::english_hyphenator;

    const TEXT: &str = "The Chinese government continues the illegal arrest of suffering North Korean \
        refugees and of humanitarian aid workers caught attempting to help those refugees. It has been \
        documented that Chinese authorities return many arrested North Korean refugees. We condemn the \
        behavior of the Chinese government, which stubbornly disregards international practices and the \
        UN Convention on Refugees, non-governmental organisations and “humanitarian” workers alike.";

    fn set(text: &str, measure: f32, align: Align) -> Vec<Line> {
        let lib = FontLibrary::new();
        let patterns = english_hyphenator();
        let mut ctx = TextContext::new(lib.builtin(), false, Some(&patterns));
        let spec = ParagraphSpec { size: 11.0, measure, first_indent: 0.0, align, hyphenate: true };
        set_paragraph(&mut ctx, &[StyledText { text, style: FontStyle::default() }], &spec).unwrap()
    }

    /// The words of the text, hyphens at line ends joined back.
    fn rejoined(lines: &[Line]) -> String {
        let mut out = String::new();
        for line in lines {
            let text = line.text();
            if line.hyphenated {
                out.push_str(text.strip_suffix('-').unwrap());
            } else if text.ends_with('-') {
                out.push_str(&text); // a hyphen of the text itself: "non-" / "governmental"
            } else {
                out.push_str(&text);
                out.push(' ');
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn lines_fill_the_measure_and_keep_every_word() {
        for measure in [120.0, 180.0, 250.0, 340.0, 453.0] {
            let lines = set(TEXT, measure, Align::Justify);
            assert_eq!(rejoined(&lines), TEXT.split_whitespace().collect::<Vec<_>>().join(" "), "measure {measure}");
            for (i, line) in lines.iter().enumerate() {
                assert!(line.width <= measure + 0.01, "measure {measure}, line {i} is {} wide", line.width);
                if i + 1 < lines.len() {
                    assert!((line.width - measure).abs() < 0.5, "measure {measure}: line {i} `{}` is {} wide", line.text(), line.width);
                }
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_rather_than_overflowing() {
        let text = "See https://example.org/a/very/long/address/that/cannot/fit/on/one/line/anywhere/at/all now";
        let lines = set(text, 100.0, Align::Justify);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line.width <= 100.01, "{} is {} wide", line.text(), line.width);
        }
    }

    #[test]
    fn no_paragraph_ends_on_a_word_fragment() {
        for measure in [150.0, 200.0, 260.0, 320.0, 400.0, 453.0] {
            let lines = set(TEXT, measure, Align::Justify);
            let n = lines.len();
            assert!(n < 2 || !lines[n - 2].hyphenated || lines[n - 1].width > 5.0 * 11.0, "measure {measure}");
        }
    }

    /// Natural width in em of `text` set on one line of a Japanese paragraph at 10 pt.
    fn japanese_width(text: &str) -> f32 {
        let lib = FontLibrary::new();
        let fonts = lib.for_japanese(lib.builtin());
        let mut ctx = TextContext::new(&fonts, true, None);
        set_line(&mut ctx, &[StyledText { text, style: FontStyle::default() }], 10.0).unwrap().width / 10.0
    }

    #[test]
    fn japanese_punctuation_pairs_share_one_blank() {
        let cases = [
            ("あい", 2.0),
            ("「あ」", 3.0),           // full-width marks at both ends of a paragraph
            ("「あ」「い」", 5.5),     // 」「: one half-em blank between the marks
            ("あ」。い", 3.5),         // 」。: no blank between, 。 keeps its own
            ("あ、「い」", 4.5),       // 、「: one half-em blank
            ("「『あ』」", 4.0),       // 「『 and 』」: no blank between
            ("あ・い", 3.0),           // middle dot: a quarter em each side
        ];
        for (text, em) in cases {
            let width = japanese_width(text);
            assert!((width - em).abs() < 0.01, "{text}: {width} em, expected {em}");
        }
    }

    #[test]
    fn japanese_and_latin_are_a_quarter_em_apart() {
        let lib = FontLibrary::new();
        let fonts = lib.for_japanese(lib.builtin());
        let scale = fonts.latin_scale_in_japanese();
        let mut ctx = TextContext::new(&fonts, true, None);
        let un = set_line(&mut ctx, &[StyledText { text: "UN", style: FontStyle::default() }], 10.0).unwrap().width / 10.0;
        let mut latin_ctx = TextContext::new(lib.builtin(), false, None);
        let un_in_latin = set_line(&mut latin_ctx, &[StyledText { text: "UN", style: FontStyle::default() }], 10.0).unwrap().width / 10.0;
        assert!((un - un_in_latin * scale).abs() < 0.001, "Latin in Japanese text is scaled by {scale}");
        let mixed = japanese_width("国連UN本部");
        assert!((mixed - (4.0 + un + 0.5)).abs() < 0.01, "{mixed} em: 4 kanji, UN and two quarter-em spaces");
        let runs = set_line(&mut ctx, &[StyledText { text: "国連UN本部", style: FontStyle::default() }], 10.0).unwrap().runs;
        assert!(runs.iter().any(|r| r.face.name().starts_with("NotoSerif") && (r.size - 10.0 * scale).abs() < 0.01));
    }

    #[test]
    fn ragged_japanese_breaks_between_words() {
        let lib = FontLibrary::new();
        let fonts = lib.for_japanese(lib.builtin());
        let mut ctx = TextContext::new(&fonts, true, None);
        let title = "国際人権NGOネットワーク\u{3000}第12回総会決議";
        let spec = ParagraphSpec { size: 18.0, measure: 18.0 * 15.0, first_indent: 0.0, align: Align::Center, hyphenate: false };
        let lines = set_paragraph(&mut ctx, &[StyledText { text: title, style: FontStyle { bold: true, italic: false } }], &spec).unwrap();
        let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_eq!(texts[0].trim_end_matches('\u{3000}'), "国際人権NGOネットワーク", "{texts:?}");
        assert_eq!(texts[1], "第12回総会決議");
    }

    #[test]
    fn ragged_lines_are_balanced() {
        let lines = set("International Parliamentarians’ Coalition for North Korean Refugees and Human Rights", 300.0, Align::Left);
        assert_eq!(lines.len(), 2);
        assert!((lines[0].width - lines[1].width).abs() < 60.0, "{} vs {}", lines[0].width, lines[1].width);
        assert!(lines.iter().all(|l| !l.hyphenated), "ragged text is not hyphenated");
    }

    /// Every glyph of `lines` with its line and run position.
    fn placed(lines: &[Line]) -> Vec<(usize, String, f32, Vec<Glyph>)> {
        lines
            .iter()
            .enumerate()
            .flat_map(|(i, line)| line.runs.iter().map(move |run| (i, run.text.clone(), run.x, run.glyphs.clone())))
            .collect()
    }

    #[test]
    fn a_shared_paragraph_is_the_one_set_afresh_and_kept_per_measure() {
        let lib = FontLibrary::new();
        let patterns = english_hyphenator();
        let cache = crate::text::ParagraphCache::default();
        let spans = [StyledText { text: TEXT, style: FontStyle::default() }];
        for measure in [180.0, 340.0, 180.0, 340.0] {
            let spec = ParagraphSpec { size: 11.0, measure, first_indent: 0.0, align: Align::Justify, hyphenate: true };
            let mut shared = TextContext::new(lib.builtin(), false, Some(&patterns)).with_paragraph_cache(&cache);
            let mut fresh = TextContext::new(lib.builtin(), false, Some(&patterns));
            let from_cache = set_paragraph(&mut shared, &spans, &spec).unwrap();
            assert_eq!(placed(&from_cache), placed(&set_paragraph(&mut fresh, &spans, &spec).unwrap()), "measure {measure}");
        }
        // Japanese rules on the same text and measure are a different paragraph.
        let spec = ParagraphSpec { size: 11.0, measure: 180.0, first_indent: 0.0, align: Align::Justify, hyphenate: true };
        let mut japanese = TextContext::new(lib.builtin(), true, Some(&patterns)).with_paragraph_cache(&cache);
        let mut fresh = TextContext::new(lib.builtin(), true, Some(&patterns));
        let from_cache = set_paragraph(&mut japanese, &spans, &spec).unwrap();
        assert_eq!(placed(&from_cache), placed(&set_paragraph(&mut fresh, &spans, &spec).unwrap()));
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn a_soft_hyphen_breaks_with_a_visible_hyphen_and_is_never_copied() {
        let text = "The incom\u{ad}pre\u{ad}hen\u{ad}sible mammals remembered com\u{ad}mit\u{ad}ments made in memory of them all.";
        for measure in [60.0, 80.0, 100.0, 140.0] {
            let lines = set(text, measure, Align::Justify);
            for line in &lines {
                for run in &line.runs {
                    assert!(!run.text.chars().any(is_default_ignorable), "{:?}", run.text);
                }
            }
            let broken_at_soft_hyphen: Vec<String> = lines.iter().map(Line::text).filter(|t| t.ends_with('-')).collect();
            assert!(lines.iter().filter(|l| l.hyphenated).count() == broken_at_soft_hyphen.len());
            // the words come back whole, with the hyphens of broken lines taken out
            assert_eq!(rejoined(&lines), text.replace('\u{ad}', ""), "measure {measure}");
            // only the author's soft hyphens are break points in those words
            for t in &broken_at_soft_hyphen {
                let last = t.split_whitespace().last().unwrap();
                let stem = last.trim_end_matches('-');
                if "incomprehensible".contains(stem) || "commitments".contains(stem) {
                    assert!(["com-", "pre-", "hen-", "mit-"].iter().any(|end| last.ends_with(end)), "measure {measure}: {t}");
                }
            }
        }
        assert!(set(text, 60.0, Align::Justify).iter().any(|l| l.hyphenated), "a narrow measure uses a soft hyphen");
    }
}
