//! Preparing a paragraph for the breaker: styled text in, boxes, glue and penalties out,
//! with what each item draws.
//!
//! The text is cut into words at spaces; each word is shaped whole, run by run (a run is
//! one style in one face), so kerning and ligatures survive. Boxes are then cut out of
//! the shaped words wherever a line may end inside a word (after a hyphen or a dash, at a
//! hyphenation point) and, in Japanese text, between every two characters, where the
//! spacing of JLREQ lives (see [`super::japanese::gap`]). Spaces become glue of the kind
//! that decides how they adjust ([`super::adjust`]).

use std::ops::Range;
use std::sync::Arc;

use super::adjust::Space;
use super::breaks::line_break_opportunities;
use super::linebreak::{FIL, FORCED_BREAK, Item};
use super::paragraph::{Align, ParagraphSpec, StyledText};
use super::phrases;
use super::protrusion::protrusion;
use super::shape::{Shaped, ShapedGlyph};
use super::{MissingGlyph, TextContext, is_default_ignorable, japanese};
use crate::fonts::{Face, FontStyle};
use crate::locale::Writing;

/// Hyphen penalty (TeX's \hyphenpenalty, 50 in LaTeX) and explicit-hyphen penalty
/// (\exhyphenpenalty).
const HYPHEN_PENALTY: f32 = 50.0;
/// A last-resort hyphen (a name, a two-letter stub, one that leaves a short last line)
/// costs six times an ordinary one, so that of the breakings that need them the one
/// with fewest wins.
const LATE_HYPHEN_PENALTY: f32 = 300.0;
/// Cost of breaking inside a word with no hyphen, only ever used to avoid overflow.
const EMERGENCY_PENALTY: f32 = 5000.0;
/// Latin word spaces stretch by half their width and shrink by a third before a line
/// counts as bad (the values of TeX's fonts and of fontspec for OpenType fonts): with
/// Noto Serif's 0.26 em space, from 0.17 to 0.39 em.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// In Japanese text a Latin word space widens up to half an em (JLREQ §3.8.4 a).
const JAPANESE_WORD_SPACE_MAX_EM: f32 = 0.5;
/// Font expansion: glyphs of a justified Latin line may widen or narrow by up to 2 %
/// (microtype's default stretch and shrink of 20 thousandths), chosen with the spaces.
const EXPANSION: f32 = 0.02;
/// Letter-spacing a justified Latin line may take as a last resort, in em per glyph:
/// 0.005 em is a hundredth of a word space either way, out of sight, yet over a line it
/// is the point or two that keeps a space from going past half its width again.
pub(crate) const LETTER_SPACING_EM: f32 = 0.0075;
/// Letter-spacing of a justified Korean line, last resort as in Latin text but larger:
/// a Korean line breaks only between words (eojeol), often five or six to a line, and
/// spaces alone would open to twice their width; KLREQ lets the gaps between syllables
/// take part of it (자간). A twenty-fifth of an em, spread over forty syllables, is the
/// width of two word spaces and stays out of sight.
const HANGUL_LETTER_SPACING_EM: f32 = 0.04;
/// A hyphen must leave at least this much text (in em) for the last line, so that a
/// paragraph does not end on a word fragment ("commu-" / "nity.").
const MIN_TEXT_AFTER_HYPHEN_EM: f32 = 5.0;
/// How much each gap between Japanese characters may widen before a line counts as bad,
/// in em: a tenth, so that letter-spacing stays unseen (JLREQ allows a quarter).
pub const INTER_CHARACTER_STRETCH_EM: f32 = 0.1;
/// Unbreakable Latin runs in Japanese text wider than this (in em) may be cut where
/// kinsoku allows when nothing else avoids letter-spacing the line before them.
const JAPANESE_CUTTABLE_RUN_EM: f32 = 3.0;

/// A shaped run of one word: one style in one face.
pub(crate) struct WordRun {
    pub face: Arc<Face>,
    pub shaped: Arc<Shaped>,
    /// Byte offset of the run in the paragraph text.
    pub offset: usize,
    /// Size relative to the paragraph's (Latin letters in Japanese text are scaled).
    pub scale: f32,
    /// Japanese emphasis: sesame dots above the characters (JLREQ §3.3).
    pub emphasis: bool,
}

/// What an item draws.
#[derive(Clone)]
pub(crate) enum Content {
    Nothing,
    /// Glyphs `glyphs` of word run `run`; a full-width mark loses its blank (in em) on
    /// the left or right, which becomes glue beside it.
    Glyphs { run: usize, glyphs: Range<usize>, trim_left: f32, trim_right: f32 },
    /// A space: the face's space glyph, set to the glue's width.
    Space { face: Arc<Face>, glyph: u16, text: Range<usize>, scale: f32 },
    /// A hyphen drawn only when the line breaks here (scaled like its word).
    Hyphen { face: Arc<Face>, glyph: u16, advance: f32, scale: f32 },
    /// The blank (em) a Japanese mark takes back when the line ends after it.
    LineEndBlank(f32),
}

/// The paragraph as the breaker sees it, with what each item draws.
pub(crate) struct Prepared {
    pub text: String,
    pub runs: Vec<WordRun>,
    pub items: Vec<Item>,
    pub contents: Vec<Content>,
    /// Hyphenation points (left out of the first pass).
    pub hyphen_items: Vec<usize>,
    /// Hyphenation points used only when nothing else sets the paragraph well: in
    /// capitalised words inside a sentence (names, most likely), after two letters
    /// ("re-"), and those that would leave a short last line ("com-" / "munity.").
    pub late_hyphen_items: Vec<usize>,
    /// Font expansion of glyph boxes, as a fraction of their width (0: none).
    expansion: f32,
    /// Justified (else ragged: spaces keep their width, ？！ are not sentence ends).
    justified: bool,
    /// Whether glyphs at line edges hang into the margins.
    protrude: bool,
    /// Letter-spacing a justified line may take between the glyphs of a box, in em per
    /// gap (a last resort: only the loose passes use it).
    letter_spacing: f32,
    /// Protrusion of the last glyph pushed, in points: the hang of a break after it.
    end_hang: f32,
}

/// How words may be cut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cuts {
    /// Only where the text allows (spaces, hyphens, hyphenation, Japanese gaps).
    Normal,
    /// Also anywhere inside an unbreakable run wider than this (points), as a last resort.
    Emergency(f32),
}

impl Prepared {
    /// Font expansion of glyph boxes at full stretch, as a fraction of their width.
    pub fn expansion(&self) -> f32 {
        self.expansion
    }

    fn push(&mut self, item: Item, content: Content) {
        self.items.push(item);
        self.contents.push(content);
    }
}

/// Cut the text into items.
pub(crate) fn prepare(
    ctx: &mut TextContext<'_>,
    spans: &[StyledText<'_>],
    spec: &ParagraphSpec,
    hyphenate: bool,
    cuts: Cuts,
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
    let mut opportunities = line_break_opportunities(&text, ctx.writing == Writing::Hangul);
    if ctx.ideographic() {
        japanese::filter_breaks(&text, &mut opportunities);
        // the last line holds at least two characters besides marks: 「調査」 or 「した。」,
        // never 「る。」 alone
        let last = japanese::last_line_start(&text);
        opportunities.retain(|&o| o <= last);
    }
    let justified = spec.align == Align::Justify;
    // font expansion and protrusion are for Latin lines: Hangul syllables and ideographs
    // keep their square bodies and their punctuation stays inside the measure
    let latin = ctx.writing == Writing::Latin;
    let mut p = Prepared {
        text: String::new(),
        runs: Vec::new(),
        items: Vec::new(),
        contents: Vec::new(),
        hyphen_items: Vec::new(),
        late_hyphen_items: Vec::new(),
        expansion: if justified && latin { EXPANSION } else { 0.0 },
        justified,
        protrude: justified && latin,
        letter_spacing: match ctx.writing {
            _ if !justified => 0.0,
            Writing::Latin => LETTER_SPACING_EM,
            Writing::Hangul => HANGUL_LETTER_SPACING_EM,
            Writing::Ideographic => 0.0,
        },
        end_hang: 0.0,
    };
    // Ragged display text (a title, an addressee, a name) breaks on sense: Latin lines
    // not after a preposition or inside a name, Japanese lines between phrases.
    // (a single line at its natural width, a label, has nothing to choose)
    let sense = (!justified && spec.align != Align::Ragged && spec.measure < f32::MAX).then(|| match ctx.writing {
        Writing::Ideographic if ctx.is_chinese() => phrases::Sense::chinese(&text),
        Writing::Ideographic => phrases::Sense::japanese(&text),
        Writing::Latin | Writing::Hangul => phrases::Sense::latin(&text),
    });
    if spec.first_indent > 0.0 {
        p.push(Item::fixed(spec.first_indent), Content::Nothing);
    }

    let mut pos = 0;
    while pos < text.len() {
        let c = text[pos..].chars().next().expect("pos is on a char boundary");
        if is_space(c) {
            let end = pos + c.len_utf8();
            // In Japanese text an ASCII space beside a full-width mark's blank adds
            // nothing to it (but a quote of a Latin word is not such a mark).
            if ctx.ideographic() && c == ' ' {
                let before = text[..pos].chars().next_back().filter(|&b| japanese_mark(&text, pos - b.len_utf8(), b));
                let after = text[end..].chars().next().filter(|&a| japanese_mark(&text, end, a));
                if before.is_some_and(|b| japanese::blanks(b).1 > 0.0) || after.is_some_and(|a| japanese::blanks(a).0 > 0.0) {
                    pos = end;
                    continue;
                }
            }
            add_space(ctx, &mut p, &text, pos..end, style_at(pos), &opportunities, size, sense.as_ref())?;
            pos = end;
            continue;
        }
        let word_end = text[pos..].find(is_space).map_or(text.len(), |i| pos + i);
        let cut_wider_than = match cuts {
            Cuts::Normal => None,
            Cuts::Emergency(width) => Some(width),
        };
        let word = Word { range: pos..word_end, starts_sentence: starts_sentence(&text, pos) };
        add_word(ctx, &mut p, &text, word, &style_at, &opportunities, size, hyphenate, cut_wider_than, sense.as_ref())?;
        pos = word_end;
    }
    // A justified paragraph's last line may fall short at no cost. Ragged text (titles,
    // names, the addressee) is balanced instead: it should not end on a lone word.
    let fill = if justified { FIL } else { 0.0 };
    p.push(Item::glue(0.0, fill, 0.0, Space::Fill), Content::Nothing);
    // a last line that must shrink to fit may let its full stop hang, as the others
    let hang = p.end_hang;
    p.push(Item::Penalty { width: 0.0, cost: FORCED_BREAK, flagged: false, hang, post: 0.0 }, Content::Nothing);
    p.text = text;
    if !ctx.ideographic() {
        hyphens_near_the_end_are_late(&mut p, MIN_TEXT_AFTER_HYPHEN_EM * size);
    }
    Ok(p)
}

/// The Japanese path's last-resort cut width: unbreakable runs wider than this are cut.
pub(crate) fn japanese_cuttable_run(size: f32) -> f32 {
    JAPANESE_CUTTABLE_RUN_EM * size
}

/// A space: glue, with a break before it where the line may end there.
#[allow(clippy::too_many_arguments)]
fn add_space(
    ctx: &mut TextContext<'_>,
    p: &mut Prepared,
    text: &str,
    range: Range<usize>,
    style: FontStyle,
    opportunities: &[usize],
    size: f32,
    sense: Option<&phrases::Sense>,
) -> Result<(), MissingGlyph> {
    let c = text[range.clone()].chars().next().unwrap_or(' ');
    let ideographic = c == '\u{3000}';
    let face = ctx.fonts.face_for(c, style, ideographic).or_else(|| ctx.fonts.face_for(' ', style, false)).ok_or(MissingGlyph(c))?.clone();
    let shaped = ctx.shapes.shape(&face, if face.has_char(c) { &text[range.clone()] } else { " " });
    let (glyph, advance) = shaped.glyphs.first().map_or((0, 0.25), |g| (g.id, g.advance));
    // a space between Latin words of Japanese text is scaled with them
    let scale = ctx.scale_of(&face);
    let width = advance * size * scale;
    let breakable = c != '\u{a0}' && opportunities.binary_search(&range.end).is_ok();
    let previous_is_box = p.items.last().is_some_and(Item::is_box);
    if !breakable {
        p.push(Item::no_break(), Content::Nothing);
    } else if let Some(cost) = sense.map(|s| s.cost_at(range.start)).filter(|&c| c != 0.0) {
        // display text: the break is a penalty before the space, at the cost of the sense
        p.push(Item::penalty(0.0, cost, false), Content::Nothing);
    }
    let (stretch, shrink, space) = if !p.justified {
        // ragged lines keep their spaces: a line that does not fit breaks, never shrinks
        (0.0, 0.0, Space::Word)
    } else if ideographic {
        // an ideographic space is a fixed em that widens like the gaps beside it
        (INTER_CHARACTER_STRETCH_EM * size, 0.0, Space::InterCharacter)
    } else if ctx.ideographic() {
        ((JAPANESE_WORD_SPACE_MAX_EM * size - width).max(0.0), width * SPACE_SHRINK, Space::Word)
    } else {
        (width * SPACE_STRETCH, width * SPACE_SHRINK, Space::Word)
    };
    let hang = if breakable && previous_is_box { p.end_hang } else { 0.0 };
    p.push(Item::Glue { width, stretch, shrink, space, hang }, Content::Space { face, glyph, text: range, scale });
    Ok(())
}

/// Whether the character `c` at byte `at` is a Japanese mark with blanks of its own
/// (drawn full-width in the Japanese face), rather than the quote of a Latin word.
fn japanese_mark(text: &str, at: usize, c: char) -> bool {
    prefers_japanese_face(c) && !quotes_latin(text, at, c)
}

/// Whether the word at `at` starts a sentence (the paragraph's start, or after . ! ? :).
fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let before = before.trim_end_matches(['”', '’', '"', '\'', ')']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':'])
}

/// The hyphenation points that would leave less than `min_width` of text after them
/// become a last resort: "com-" / "munity." only when nothing else sets the paragraph.
fn hyphens_near_the_end_are_late(p: &mut Prepared, min_width: f32) {
    let hyphens: std::collections::HashSet<usize> = p.hyphen_items.iter().copied().collect();
    let mut after = 0.0;
    let mut late = Vec::new();
    for i in (0..p.items.len()).rev() {
        match p.items[i] {
            Item::Box { width, .. } => after += width,
            Item::Glue { width, stretch, .. } if stretch < FIL => after += width,
            _ if hyphens.contains(&i) => late.push(i),
            _ => {}
        }
        if after >= min_width {
            break;
        }
    }
    p.hyphen_items.retain(|i| !late.contains(i));
    for &i in &late {
        if let Item::Penalty { cost, .. } = &mut p.items[i] {
            *cost = LATE_HYPHEN_PENALTY;
        }
    }
    p.late_hyphen_items.extend(late);
}

/// Characters that separate words: glue, not boxes. The ideographic space is one too, so
/// that it disappears where a line breaks at it.
fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{3000}'
}

/// A word: the text between two spaces.
struct Word {
    range: Range<usize>,
    /// Capitalised words that do not start a sentence are names: hyphenated last.
    starts_sentence: bool,
}

/// Where a word may be cut, and how.
#[derive(Clone, Copy, PartialEq)]
enum Cut {
    Opportunity,
    /// A hyphenation point; `late` ones are a last resort.
    Hyphen { late: bool },
    Emergency,
    /// Between two characters of Japanese text, breakable or not.
    Gap,
}

/// Shape one word and add its boxes and inner break opportunities.
#[allow(clippy::too_many_arguments)]
fn add_word(
    ctx: &mut TextContext<'_>,
    p: &mut Prepared,
    text: &str,
    word: Word,
    style_at: &dyn Fn(usize) -> FontStyle,
    opportunities: &[usize],
    size: f32,
    hyphenate: bool,
    cut_wider_than: Option<f32>,
    sense: Option<&phrases::Sense>,
) -> Result<(), MissingGlyph> {
    let first_run = p.runs.len();
    let boundaries = shape_word(ctx, p, text, word.range.clone(), style_at)?;
    let range = word.range.clone();

    // the opportunities are sorted: take the slice inside this word
    let inside = &opportunities[opportunities.partition_point(|&o| o <= range.start)..opportunities.partition_point(|&o| o < range.end)];
    let mut cuts: Vec<(usize, Cut)> = inside.iter().map(|&o| (o, Cut::Opportunity)).collect();
    // A word with soft hyphens breaks only there: the author has said where (as in TeX);
    // a compound breaks only at its own hyphen ("well-|established", not "estab-lished");
    // Latin words in Japanese text are hyphenated only as a last resort.
    let word_text = &text[range.clone()];
    let compound = word_text.chars().any(|c| matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | '/'));
    let may_hyphenate = hyphenate && !word_text.contains('\u{ad}') && !compound && (!ctx.ideographic() || cut_wider_than.is_some());
    let is_name = !word.starts_sentence && word_text.trim_start_matches(['“', '‘', '"', '\'', '(']).starts_with(char::is_uppercase);
    if may_hyphenate && ctx.hyphenator.is_some() {
        // Hyphenate the stretches between the word's own break opportunities.
        let mut starts = vec![range.start];
        starts.extend(cuts.iter().map(|&(o, _)| o));
        let mut ends: Vec<usize> = cuts.iter().map(|&(o, _)| o).collect();
        ends.push(range.end);
        for (s, e) in starts.into_iter().zip(ends) {
            cuts.extend(ctx.hyphenation_points(&text[s..e]).into_iter().map(|h| (s + h.at, Cut::Hyphen { late: h.stub || is_name })));
        }
    }
    let runs = &p.runs[first_run..];
    let cluster_starts = || runs.iter().flat_map(|r| r.shaped.glyphs.iter().map(move |g| r.offset + g.range.start));
    if ctx.ideographic() {
        // Every cluster boundary is a gap with its own spacing (see `japanese::gap`).
        cuts.extend(cluster_starts().filter(|&at| at > range.start).map(|at| (at, Cut::Gap)));
        cuts.extend(boundaries.iter().copied().filter(|&b| b > range.start && b < range.end).map(|at| (at, Cut::Gap)));
    } else if let Some(min_width) = cut_wider_than {
        // Last resort: a line may end between any two clusters (never wider than the line)
        // of a word wider than `min_width` (any word in Latin text; in Korean only one
        // that cannot fit on a line, so that the words around it stay whole).
        let width: f32 = runs.iter().map(|r| r.shaped.advance() * r.scale * size).sum();
        if width > min_width {
            cuts.extend(cluster_starts().filter(|&at| at > range.start).map(|at| (at, Cut::Emergency)));
        }
    }
    // Sorted by place; where two kinds meet, the first pushed (a real opportunity) stays.
    cuts.sort_by_key(|&(at, _)| at);
    cuts.dedup_by_key(|&mut (at, _)| at);
    // A cut must fall between clusters (never inside a ligature) or between runs.
    let starts: std::collections::BTreeSet<usize> = cluster_starts().collect();
    cuts.retain(|&(at, _)| boundaries.contains(&at) || starts.contains(&at));

    let breakable: std::collections::BTreeSet<usize> = inside.iter().copied().collect();
    // (looked up once per gap: a Japanese paragraph is one word of thousands of gaps)
    let full_width = full_width_clusters(&p.runs[first_run..]);
    let plan_at = |p: &Prepared, at: usize| {
        let before = text[..at].chars().next_back().unwrap_or(' ');
        let after = text[at..].chars().next().unwrap_or(' ');
        let full = (full_width.contains(&(at - before.len_utf8())), full_width.contains(&at));
        GapPlan::new(before, after, full, breakable.contains(&at), p.justified)
    };
    // Japanese last resort: the unbreakable stretches (between the word's break
    // opportunities) wider than `cut_wider_than` may be cut where `japanese::may_cut` allows.
    let cuttable_stretches = match (cut_wider_than, ctx.ideographic()) {
        (Some(min_width), true) => wide_stretches(&p.runs[first_run..], &range, inside, size, min_width),
        _ => Vec::new(),
    };
    let mut from = range.start;
    for (at, cut) in cuts.iter().copied().chain(std::iter::once((range.end, Cut::Opportunity))) {
        // In Japanese text a mark gives up its blank to the gap beside it, inside the word.
        let (mut trim_left, mut trim_right) = (0.0, 0.0);
        if ctx.ideographic() {
            if from > range.start {
                trim_left = plan_at(p, from).trim_right_mark;
            }
            if at < range.end {
                trim_right = plan_at(p, at).trim_left_mark;
            }
        }
        push_boxes(p, text, first_run, from..at, size, trim_left, trim_right);
        if at == range.end {
            break;
        }
        let before = text[..at].chars().next_back().unwrap_or(' ');
        // A line broken at a soft hyphen shows a hyphen; unbroken, the soft hyphen is not seen.
        let cut = if cut == Cut::Opportunity && before == '\u{ad}' { Cut::Hyphen { late: false } } else { cut };
        let cut = if ctx.ideographic() && cut == Cut::Opportunity { Cut::Gap } else { cut };
        match cut {
            Cut::Gap => {
                let plan = plan_at(p, at);
                let cost = sense.map_or(0.0, |s| s.cost_at(at));
                if plan.breakable {
                    let (width, post) = (plan.trim_left_mark * size, plan.trim_right_mark * size);
                    p.push(Item::Penalty { width, cost, flagged: false, hang: 0.0, post }, Content::LineEndBlank(plan.trim_left_mark));
                } else if let Some(worse) = cuttable_stretches.iter().any(|s| s.start < at && at < s.end).then(|| japanese::may_cut(text, at)).flatten() {
                    p.push(Item::penalty(0.0, EMERGENCY_PENALTY * worse, false), Content::Nothing);
                } else if !plan.glue.is_empty() {
                    p.push(Item::no_break(), Content::Nothing);
                }
                for &(width, stretch, shrink, space) in &plan.glue {
                    // ragged lines keep their spaces (see `add_space`)
                    let shrink = if p.justified { shrink } else { 0.0 };
                    p.push(Item::glue(width * size, stretch * size, shrink * size, space), Content::Nothing);
                }
            }
            Cut::Opportunity => {
                let explicit_hyphen = matches!(before, '-' | '\u{2010}' | '\u{2013}');
                let cost = if explicit_hyphen { HYPHEN_PENALTY } else { 0.0 };
                let hang = p.end_hang;
                p.push(Item::Penalty { width: 0.0, cost, flagged: explicit_hyphen, hang, post: 0.0 }, Content::Nothing);
            }
            Cut::Hyphen { late } => {
                let run = p.runs[first_run..].iter().rev().find(|r| r.offset < at).expect("a run precedes every cut");
                let (face, scale) = (run.face.clone(), run.scale);
                let hyphen = ctx.shapes.shape(&face, "-");
                let (glyph, advance) = hyphen.glyphs.first().map_or((0, 0.3), |g| (g.id, g.advance));
                let width = advance * size * scale;
                let hang = if p.protrude { protrusion('-').1 * width } else { 0.0 };
                if late { &mut p.late_hyphen_items } else { &mut p.hyphen_items }.push(p.items.len());
                // in ragged text (a parallel edition's narrow column) a hyphen buys only an
                // evener rag, so every one costs what a last resort does
                let cost = if late || !p.justified { LATE_HYPHEN_PENALTY } else { HYPHEN_PENALTY };
                p.push(Item::Penalty { width, cost, flagged: true, hang, post: 0.0 }, Content::Hyphen { face, glyph, advance, scale });
            }
            Cut::Emergency => p.push(Item::penalty(0.0, EMERGENCY_PENALTY, false), Content::Nothing),
        }
        from = at;
    }
    Ok(())
}

/// Shape `range` run by run (one style in one face each) into `p.runs`; returns the
/// run boundaries (the word's start and end included).
fn shape_word(
    ctx: &mut TextContext<'_>,
    p: &mut Prepared,
    text: &str,
    range: Range<usize>,
    style_at: &dyn Fn(usize) -> FontStyle,
) -> Result<Vec<usize>, MissingGlyph> {
    let mut run_start = range.start;
    let mut current: Option<(FontStyle, Arc<Face>)> = None;
    let mut boundaries = vec![range.start];
    let finish = |ctx: &mut TextContext<'_>, p: &mut Prepared, style: FontStyle, face: Arc<Face>, run: Range<usize>| {
        let shaped = ctx.shapes.shape(&face, &text[run.clone()]);
        let japanese_face = ctx.is_japanese_face(&face);
        let scale = ctx.scale_of(&face);
        // emphasis in CJK text: dots beside the characters (圏点; 드러냄표), as these
        // scripts have no italic
        let emphasis = ctx.writing.is_east_asian() && style.italic && japanese_face;
        p.runs.push(WordRun { face, shaped, offset: run.start, scale, emphasis });
    };
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let style = style_at(at);
        let face = if is_default_ignorable(c) {
            match &current {
                Some((s, f)) if *s == style => f.clone(),
                _ => ctx.fonts.latin(style).clone(),
            }
        } else {
            // Bold Japanese text is Gothic, and so are its Latin letters: IPAex Gothic's own
            // proportional Latin matches it, a bold serif would not. The quotes of Latin
            // words are Latin punctuation, proportional: the Japanese faces have only
            // full-width curly quotes, so those come from the Latin face even in bold.
            let latin_quote = quotes_latin(text, at, c);
            let prefer_japanese = match ctx.writing {
                Writing::Ideographic => !latin_quote && (style.bold || prefers_japanese_face(c)),
                // bold Korean text is Gothic too, Latin letters included
                Writing::Hangul => !latin_quote && style.bold,
                Writing::Latin => false,
            };
            ctx.fonts.face_for(c, style, prefer_japanese).ok_or(MissingGlyph(c))?.clone()
        };
        if let Some((s, f)) = &current
            && (*s != style || !Arc::ptr_eq(f, &face))
        {
            let (s, f) = current.take().expect("checked");
            finish(ctx, p, s, f, run_start..at);
            boundaries.push(at);
            run_start = at;
        }
        if current.is_none() {
            current = Some((style, face));
        }
    }
    if let Some((s, f)) = current {
        finish(ctx, p, s, f, run_start..range.end);
    }
    boundaries.push(range.end);
    Ok(boundaries)
}

/// The unbreakable stretches of a word (between its break opportunities) wider than
/// `min_width` points.
fn wide_stretches(runs: &[WordRun], word: &Range<usize>, inside: &[usize], size: f32, min_width: f32) -> Vec<Range<usize>> {
    let mut edges = vec![word.start];
    edges.extend(inside.iter().copied());
    edges.push(word.end);
    edges
        .windows(2)
        .map(|pair| pair[0]..pair[1])
        .filter(|stretch| {
            let width: f32 = runs
                .iter()
                .flat_map(|r| r.shaped.glyphs.iter().map(move |g| (r.offset + g.range.start, g.advance * r.scale)))
                .filter(|(at, _)| stretch.contains(at))
                .map(|(_, advance)| advance * size)
                .sum();
            width > min_width
        })
        .collect()
}

/// How the gap between two characters of Japanese text is set (see `japanese::gap`).
struct GapPlan {
    breakable: bool,
    /// Blank cut from the mark before the gap / after it, in em.
    trim_left_mark: f32,
    trim_right_mark: f32,
    /// The glue between them, in em: (width, stretch, shrink, kind) — what is left of
    /// the blanks, the Japanese–Latin space, the room for letter-spacing.
    glue: Vec<(f32, f32, f32, Space)>,
}

impl GapPlan {
    fn new(before: char, after: char, (before_full, after_full): (bool, bool), breakable: bool, justified: bool) -> GapPlan {
        let gap = japanese::gap(before, after, before_full, after_full, justified);
        let trim_left_mark = if before_full { japanese::blanks(before).1 } else { 0.0 };
        let trim_right_mark = if after_full { japanese::blanks(after).0 } else { 0.0 };
        // Both blanks go into the glue, which adjusts as JLREQ says. Where the line
        // breaks, the mark before takes its blank back through the break's width (its
        // em box stays inside the measure) and an opening bracket after it gets its blank
        // back as room at the start of the next line (二分下がり).
        let mut glue = Vec::new();
        if gap.blank > 0.0 {
            let shrink = if gap.blank_space == Space::Fixed { 0.0 } else { gap.blank };
            glue.push((gap.blank, 0.0, shrink, gap.blank_space));
        }
        if gap.mixed_script_space > 0.0 {
            glue.push((gap.mixed_script_space, japanese::MIXED_SCRIPT_STRETCH, japanese::MIXED_SCRIPT_SHRINK, Space::MixedScript));
        }
        // letter-spacing only where a line could break (JLREQ's table of expansion
        // opportunities): never inside 「議 or 」。, nor before a small kana
        if gap.stretchable && breakable {
            glue.push((0.0, INTER_CHARACTER_STRETCH_EM, 0.0, Space::InterCharacter));
        }
        GapPlan { breakable, trim_left_mark, trim_right_mark, glue }
    }
}

/// Boxes for the glyphs whose clusters start in `range` (one per word run touched).
/// `trim_left` / `trim_right` (em) come off the first and last glyph.
fn push_boxes(p: &mut Prepared, text: &str, first_run: usize, range: Range<usize>, size: f32, trim_left: f32, trim_right: f32) {
    // the word's runs follow each other: start at the one `range` starts in (a Japanese
    // paragraph is one word of hundreds of runs, and a box for each of its gaps)
    let from = first_run + p.runs[first_run..].partition_point(|r| r.offset <= range.start).saturating_sub(1);
    let touched: Vec<(usize, Range<usize>)> = p
        .runs
        .iter()
        .enumerate()
        .skip(from)
        .take_while(|(_, run)| run.offset < range.end)
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
        let shaped = &run.shaped.glyphs[glyphs.clone()];
        let advance: f32 = shaped.iter().map(|g| g.advance).sum::<f32>() * run.scale;
        let width = (advance - trim_left - trim_right) * size;
        // the glyphs at the box's edges may hang into the margins at a line's ends
        let (mut hang, mut end_hang) = (0.0, 0.0);
        if p.protrude {
            let char_at = |g: &ShapedGlyph| text.get(run.offset + g.range.start..).and_then(|s| s.chars().next());
            if let (Some(first), Some(last)) = (shaped.first(), shaped.last()) {
                hang = char_at(first).map_or(0.0, |c| protrusion(c).0) * first.advance * run.scale * size;
                end_hang = char_at(last).map_or(0.0, |c| protrusion(c).1) * last.advance * run.scale * size;
            }
        }
        let flex = p.expansion * width;
        // (between the box's glyphs only: word spaces keep their limits)
        let track = p.letter_spacing * size * (shaped.len() - 1) as f32;
        p.push(Item::Box { width, flex, track, hang }, Content::Glyphs { run: index, glyphs, trim_left, trim_right });
        p.end_hang = end_hang;
    }
}

/// The byte offsets of the clusters drawn on a full em (a Japanese face's punctuation),
/// which have a blank half to give up.
fn full_width_clusters(runs: &[WordRun]) -> std::collections::HashSet<usize> {
    runs.iter()
        .filter(|run| run.scale == 1.0)
        .flat_map(|run| run.shaped.glyphs.iter().filter(|g| (g.advance - 1.0).abs() < 0.05).map(move |g| run.offset + g.range.start))
        .collect()
}

/// Whether the curly quote or apostrophe `c` at byte `at` belongs to Latin text (its
/// word is Latin: "Citizens’ Alliance", “Global”), so it takes the Latin face even in a
/// Japanese document.
pub(crate) fn quotes_latin(text: &str, at: usize, c: char) -> bool {
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
