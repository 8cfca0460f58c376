//! Setting a paragraph: styled text in, lines of positioned glyphs out.
//!
//! Three steps, one file each: [`super::prepare`] cuts the text into boxes, glue and
//! penalties; [`super::linebreak`] chooses the breaks (total fit), here in passes from
//! strict to loose; [`super::assemble`] sets each line, spending its spaces in the order
//! of [`super::adjust`].

use super::assemble::assemble;
use super::linebreak::{self, Break, INFINITE_PENALTY, Item, Measure, Params};
use super::prepare::{Cuts, Prepared, japanese_cuttable_run, prepare};
use super::{Line, MissingGlyph, TextContext};
use crate::locale::Writing;
use crate::fonts::FontStyle;

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
    /// Display text flush left, broken on sense (a name, an addressee).
    Left,
    /// Running text flush left in a measure too narrow to justify: broken for an even
    /// rag, hyphenated, not on sense.
    Ragged,
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

/// How far a ragged line may fall short before it counts as bad, in em.
const RAG_EM: f32 = 6.0;
/// Extra stretch per line, in em, when judging the loose passes of a paragraph that has
/// no breaking within the limits (TeX's \emergencystretch): the looseness is spread over
/// all lines rather than left to one.
const EMERGENCY_STRETCH_EM: f32 = 1.0;
/// A last line narrower than this many em (or a fifth of the measure) is a lone word
/// or syllable, avoided when a better total exists (in Japanese text: two characters and
/// a mark)…
const SHORT_LAST_LINE_EM: f32 = 4.0;
const SHORT_LAST_LINE_JAPANESE_EM: f32 = 2.5;
/// …at the cost of a line spread to about two thirds of its stretch.
const SHORT_LAST_LINE_DEMERITS: f32 = 5000.0;
/// At most two hyphenated lines in a row (a line ending at an explicit hyphen counts).
const MAX_HYPHEN_RUN: u8 = 2;
/// Japanese lines are reduced rather than widened when both are possible (JLREQ
/// §3.8.1): widening costs this many times the badness.
const JAPANESE_STRETCH_WEIGHT: f32 = 2.0;

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
    let hyphenate = spec.hyphenate && matches!(spec.align, Align::Justify | Align::Ragged);
    let prepared = prepare(ctx, spans, spec, hyphenate, Cuts::Normal)?;
    if prepared.items.len() <= 2 {
        return Ok(vec![Line::default()]);
    }
    let measure = Measure::uniform(spec.measure);
    let ragged = spec.align != Align::Justify;
    // In Japanese text a long unbreakable run is better cut than the line before it
    // spread, so the loose passes wait for the cuts; in English a loose line is better
    // than a word broken without a hyphen.
    let breaks = if ragged {
        linebreak::knuth_plass(&prepared.items, measure, &ragged_params(spec))
    } else {
        strict_passes(&prepared, measure, spec, ctx.ideographic()).or_else(|| if ctx.ideographic() { None } else { loose_passes(&prepared, measure, spec, false) })
    };
    if let Some(breaks) = breaks {
        return Ok(assemble(&prepared, &breaks, spec, ctx.ideographic()));
    }
    // Last resort: cut words. In English anywhere; in Korean only words wider than the
    // line (KLREQ keeps words whole); in Japanese an unbreakable run of a few ems (a URL,
    // a hash, a long number).
    let cuts = Cuts::Emergency(match ctx.writing {
        Writing::Ideographic => japanese_cuttable_run(spec.size),
        Writing::Hangul => spec.measure - spec.first_indent,
        Writing::Latin => 0.0,
    });
    let prepared = prepare(ctx, spans, spec, hyphenate, cuts)?;
    let breaks = if ragged {
        linebreak::knuth_plass(&prepared.items, measure, &ragged_params(spec))
    } else {
        loose_passes(&prepared, measure, spec, ctx.ideographic())
    };
    let breaks = breaks.unwrap_or_else(|| first_fit(&prepared.items, measure));
    Ok(assemble(&prepared, &breaks, spec, ctx.ideographic()))
}

/// Set `spans` on one line at its natural width (labels, numbers, headers).
pub fn set_line(ctx: &mut TextContext<'_>, spans: &[StyledText<'_>], size: f32) -> Result<Line, MissingGlyph> {
    let spec = ParagraphSpec { size, measure: f32::MAX, first_indent: 0.0, align: Align::Left, hyphenate: false };
    let prepared = prepare(ctx, spans, &spec, false, Cuts::Normal)?;
    let last = prepared.items.len().saturating_sub(1);
    Ok(assemble(&prepared, &[Break { at: last, ratio: 0.0 }], &spec, ctx.ideographic()).pop().unwrap_or_default())
}

/// The breaker's settings for ragged lines: they keep their spacing, are balanced and
/// break on sense.
fn ragged_params(spec: &ParagraphSpec) -> Params {
    Params { ragged: Some(RAG_EM * spec.size), tolerance: f32::INFINITY, ..Params::default() }
}

/// The breaker's settings for a justified paragraph.
fn justified(spec: &ParagraphSpec, japanese: bool) -> Params {
    Params {
        max_hyphen_run: MAX_HYPHEN_RUN,
        short_last_line: (if japanese { SHORT_LAST_LINE_JAPANESE_EM } else { SHORT_LAST_LINE_EM } * spec.size).min(spec.measure / 5.0),
        short_last_line_demerits: SHORT_LAST_LINE_DEMERITS,
        stretch_weight: if japanese { JAPANESE_STRETCH_WEIGHT } else { 1.0 },
        ..Params::default()
    }
}

/// The passes within the limits of the spaces, as TeX's: first without hyphenation,
/// then with the ordinary hyphens (not the last-resort ones: names, stubs, those that
/// leave a short last line).
fn strict_passes(p: &Prepared, measure: Measure, spec: &ParagraphSpec, japanese: bool) -> Option<Vec<Break>> {
    let params = justified(spec, japanese);
    let all: Vec<usize> = p.hyphen_items.iter().chain(&p.late_hyphen_items).copied().collect();
    let without_hyphens = linebreak::knuth_plass(&without(&p.items, &all), measure, &params);
    if without_hyphens.is_some() || p.hyphen_items.is_empty() {
        return without_hyphens;
    }
    linebreak::knuth_plass(&without(&p.items, &p.late_hyphen_items), measure, &params)
}

/// The loose passes: letter-spacing too (without the last-resort hyphens, then with
/// them), then emergency stretch, then any line that is not overfull, the least loose
/// winning. `None` only when a box is wider than the line.
fn loose_passes(p: &Prepared, measure: Measure, spec: &ParagraphSpec, japanese: bool) -> Option<Vec<Break>> {
    // letter-spacing is part of the line's give from here on (see `adjust::Space::Letter`)
    let params = Params { tracking: true, ..justified(spec, japanese) };
    let emergency = Params { emergency_stretch: EMERGENCY_STRETCH_EM * spec.size, ..params };
    let without_late = (!p.late_hyphen_items.is_empty())
        .then(|| linebreak::knuth_plass(&without(&p.items, &p.late_hyphen_items), measure, &params))
        .flatten();
    without_late
        .or_else(|| linebreak::knuth_plass(&p.items, measure, &params))
        .or_else(|| linebreak::knuth_plass(&p.items, measure, &emergency))
        .or_else(|| linebreak::knuth_plass(&p.items, measure, &Params { tolerance: f32::INFINITY, ..emergency }))
        .or_else(|| linebreak::knuth_plass(&p.items, measure, &Params { tolerance: f32::INFINITY, max_hyphen_run: 0, ..emergency }))
}

/// `items` with the penalties at `indices` made impossible.
fn without(items: &[Item], indices: &[usize]) -> Vec<Item> {
    let mut items = items.to_vec();
    for &i in indices {
        items[i] = Item::penalty(0.0, INFINITE_PENALTY, false);
    }
    items
}

/// Last resort when even a single glyph is wider than the line: fill greedily.
fn first_fit(items: &[Item], measure: Measure) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut width = 0.0;
    let mut last_break = None;
    for (i, item) in items.iter().enumerate() {
        match *item {
            Item::Box { width: w, .. } => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontLibrary;
    use crate::text::prepare::Content;
    use crate::text::{Glyph, is_default_ignorable};
    use crate::text::breaks::english_hyphenator;

    const TEXT: &str = "The Chinese government continues the illegal arrest of suffering North Korean \
        refugees and of humanitarian aid workers caught attempting to help those refugees. It has been \
        documented that Chinese authorities return many arrested North Korean refugees. We condemn the \
        behavior of the Chinese government, which stubbornly disregards international practices and the \
        UN Convention on Refugees, non-governmental organisations and “humanitarian” workers alike.";

    fn set(text: &str, measure: f32, align: Align) -> Vec<Line> {
        let lib = FontLibrary::new();
        let patterns = english_hyphenator();
        let mut ctx = TextContext::new(lib.builtin(), Writing::Latin, Some(&patterns));
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

    /// How far the last glyph of `line` may hang past the measure (at most).
    fn allowed_hang(line: &Line) -> f32 {
        let last = line.text().trim_end().chars().next_back().unwrap_or(' ');
        crate::text::protrusion::protrusion(last).1 * 0.6 * 11.0
    }

    #[test]
    fn lines_fill_the_measure_and_keep_every_word() {
        for measure in [120.0, 180.0, 250.0, 340.0, 453.0] {
            let lines = set(TEXT, measure, Align::Justify);
            assert_eq!(rejoined(&lines), TEXT.split_whitespace().collect::<Vec<_>>().join(" "), "measure {measure}");
            for (i, line) in lines.iter().enumerate() {
                let hang = allowed_hang(line);
                assert!(line.width <= measure + hang + 0.01, "measure {measure}, line {i} is {} wide", line.width);
                if i + 1 < lines.len() {
                    let past = line.width - measure;
                    assert!(past > -0.5 && past <= hang + 0.01, "measure {measure}: line {i} `{}` is {} wide", line.text(), line.width);
                }
            }
        }
    }

    #[test]
    fn punctuation_hangs_into_the_right_margin() {
        // at some measure a line ends with a comma, a full stop or a hyphen: it reaches
        // past the measure by part of that glyph, and a line ending in a letter does not
        let mut hung = 0;
        for measure in (150..460).step_by(7).map(|m| m as f32) {
            let lines = set(TEXT, measure, Align::Justify);
            for line in &lines[..lines.len() - 1] {
                let last = line.text().trim_end().chars().next_back().unwrap();
                if crate::text::protrusion::protrusion(last).1 > 0.0 {
                    assert!(line.width > measure + 0.5, "measure {measure}: `{}` does not hang", line.text());
                    hung += 1;
                } else {
                    assert!((line.width - measure).abs() < 0.05, "measure {measure}: `{}` is {} wide", line.text(), line.width);
                }
            }
        }
        assert!(hung > 10, "{hung}");
    }

    #[test]
    fn justified_spaces_stay_within_two_thirds_and_one_and_a_half() {
        // the face's space is 0.26 em; the glyphs may take 2 % of the adjustment
        let lib = FontLibrary::new();
        let natural = {
            let mut ctx = TextContext::new(lib.builtin(), Writing::Latin, None);
            set_line(&mut ctx, &[StyledText { text: " ", style: FontStyle::default() }], 11.0).unwrap().width
        };
        for measure in [250.0, 300.0, 340.0, 400.0, 453.0] {
            let lines = set(TEXT, measure, Align::Justify);
            for line in &lines[..lines.len() - 1] {
                let expansion = line.runs[0].expansion;
                assert!((0.98 - 1e-4..=1.02 + 1e-4).contains(&expansion), "{expansion}");
                for run in &line.runs {
                    for g in run.glyphs.iter().filter(|g| &run.text[g.text.clone()] == " " && g.advance > 0.0) {
                        let ratio = g.advance * run.size * run.expansion / natural;
                        assert!((0.66..=1.5).contains(&ratio), "measure {measure}: `{}` spaces at {ratio}", line.text());
                    }
                }
            }
        }
    }

    #[test]
    fn compounds_break_only_at_their_own_hyphen_and_names_last() {
        let text = "The well-established non-refoulement principle binds Governments and Internationalisation bodies, \
            whose representatives met the Parliamentarians of Kazakhstan and Liechtenstein in Constantinople.";
        for measure in [90.0, 110.0, 130.0, 160.0, 200.0] {
            for line in set(text, measure, Align::Justify) {
                let t = line.text();
                let last = t.trim_end().rsplit(' ').next().unwrap();
                let stem = last.strip_suffix('-').unwrap_or(last);
                assert!(!(stem.contains('-') && line.hyphenated), "measure {measure}: a compound broken inside a part: {t}");
            }
        }
        // names (capitalised inside a sentence) and two-letter stubs are hyphenated only
        // in the last-resort passes; a sentence's first word is not a name
        let lib = FontLibrary::new();
        let patterns = english_hyphenator();
        let mut ctx = TextContext::new(lib.builtin(), Writing::Latin, Some(&patterns));
        let spec = ParagraphSpec { size: 11.0, measure: 200.0, first_indent: 0.0, align: Align::Justify, hyphenate: true };
        let text = "Governments and representatives met the Parliamentarians of Liechtenstein, recognised.";
        let p = prepare(&mut ctx, &[StyledText { text, style: FontStyle::default() }], &spec, true, Cuts::Normal).unwrap();
        assert!(!p.hyphen_items.is_empty() && !p.late_hyphen_items.is_empty());
        let texts = |indices: &[usize]| -> Vec<String> {
            indices
                .iter()
                .map(|&i| {
                    let before = &p.text[..p.contents[..i].iter().rev().find_map(|c| match c {
                        Content::Glyphs { run, glyphs, .. } => Some(p.runs[*run].offset + p.runs[*run].shaped.glyphs[glyphs.end - 1].range.end),
                        _ => None,
                    }).unwrap()];
                    before.rsplit(' ').next().unwrap().to_string()
                })
                .collect()
        };
        for stub in texts(&p.late_hyphen_items) {
            // (and "recognised", whose last syllables would make too short a last line)
            assert!(["Parliamentarians", "Liechtenstein", "recognised"].iter().any(|w| w.starts_with(&stub)) || stub.len() == 2, "{stub}");
        }
        for stub in texts(&p.hyphen_items) {
            assert!(["Governments", "representatives"].iter().any(|w| w.starts_with(&stub)) && stub.len() >= 3, "{stub}");
        }
        assert!(texts(&p.late_hyphen_items).iter().any(|s| "Parliamentarians".starts_with(s.as_str())));
    }

    #[test]
    fn never_three_hyphenated_lines_in_a_row() {
        for measure in (100..300).step_by(9).map(|m| m as f32) {
            let lines = set(TEXT, measure, Align::Justify);
            let mut run = 0;
            for line in &lines {
                run = if line.text().trim_end().ends_with('-') { run + 1 } else { 0 };
                assert!(run <= 2, "measure {measure}: {:?}", lines.iter().map(Line::text).collect::<Vec<_>>());
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
        let mut ctx = TextContext::new(&fonts, Writing::Ideographic, None);
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
        let mut ctx = TextContext::new(&fonts, Writing::Ideographic, None);
        let un = set_line(&mut ctx, &[StyledText { text: "UN", style: FontStyle::default() }], 10.0).unwrap().width / 10.0;
        let mut latin_ctx = TextContext::new(&fonts, Writing::Latin, None);
        let un_in_latin = set_line(&mut latin_ctx, &[StyledText { text: "UN", style: FontStyle::default() }], 10.0).unwrap().width / 10.0;
        assert!((un - un_in_latin * scale).abs() < 0.001, "Latin in Japanese text is scaled by {scale}");
        let mixed = japanese_width("国連UN本部");
        assert!((mixed - (4.0 + un + 0.5)).abs() < 0.01, "{mixed} em: 4 kanji, UN and two quarter-em spaces");
        let runs = set_line(&mut ctx, &[StyledText { text: "国連UN本部", style: FontStyle::default() }], 10.0).unwrap().runs;
        assert!(runs.iter().any(|r| r.face.name().starts_with("NotoSerif") && (r.size - 10.0 * scale).abs() < 0.01));
    }

    #[test]
    fn a_japanese_paragraph_of_many_runs_sets_each_character_once() {
        // one word (no spaces) whose runs change face at every Latin word and number:
        // each box takes its glyphs from the runs it touches, found from where it starts
        let lib = FontLibrary::new();
        let fonts = lib.for_japanese(lib.builtin());
        let mut ctx = TextContext::new(&fonts, Writing::Ideographic, None);
        let text = "国連UN本部は2008年に、第47条を「NGO」と協議した。".repeat(60);
        let spec = ParagraphSpec { size: 10.5, measure: 420.0, first_indent: 10.5, align: Align::Justify, hyphenate: false };
        let lines = set_paragraph(&mut ctx, &[StyledText { text: &text, style: FontStyle::default() }], &spec).unwrap();
        assert!(lines.len() > 40, "{}", lines.len());
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), text);
        let glyphs: usize = lines.iter().flat_map(|l| &l.runs).map(|r| r.glyphs.len()).sum();
        assert_eq!(glyphs, text.chars().count());
        let mixed = lines.iter().filter(|l| l.runs.len() > 1).count();
        assert!(mixed > lines.len() / 2, "lines mix faces: {mixed} of {}", lines.len());
    }

    #[test]
    fn ragged_japanese_breaks_between_words() {
        let lib = FontLibrary::new();
        let fonts = lib.for_japanese(lib.builtin());
        let mut ctx = TextContext::new(&fonts, Writing::Ideographic, None);
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
            let mut shared = TextContext::new(lib.builtin(), Writing::Latin, Some(&patterns)).with_paragraph_cache(&cache);
            let mut fresh = TextContext::new(lib.builtin(), Writing::Latin, Some(&patterns));
            let from_cache = set_paragraph(&mut shared, &spans, &spec).unwrap();
            assert_eq!(placed(&from_cache), placed(&set_paragraph(&mut fresh, &spans, &spec).unwrap()), "measure {measure}");
        }
        // Japanese rules on the same text and measure are a different paragraph.
        let spec = ParagraphSpec { size: 11.0, measure: 180.0, first_indent: 0.0, align: Align::Justify, hyphenate: true };
        let mut japanese = TextContext::new(lib.builtin(), Writing::Ideographic, Some(&patterns)).with_paragraph_cache(&cache);
        let mut fresh = TextContext::new(lib.builtin(), Writing::Ideographic, Some(&patterns));
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
            for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.hyphenated) {
                let t = line.text();
                let stem = t.trim_end().rsplit(' ').next().unwrap().trim_end_matches('-');
                let rest = lines[i + 1].text();
                let word = format!("{stem}{}", rest.split(' ').next().unwrap());
                if word.starts_with("incomprehensible") || word.starts_with("commitments") {
                    assert!(["com", "compre", "comprehen", "incom", "incompre", "incomprehen", "mit"].iter().any(|s| stem.ends_with(s)), "measure {measure}: {t}");
                }
            }
        }
        assert!(set(text, 60.0, Align::Justify).iter().any(|l| l.hyphenated), "a narrow measure uses a soft hyphen");
    }
}
