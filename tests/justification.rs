//! How English lines are set, measured from the written PDF (glyph positions read back
//! with lopdf, independent of the writer): word spaces of justified lines between two
//! thirds and one and a half of the face's space, hyphenation within bounds and never
//! three hyphenated lines in a row, compounds broken only at their own hyphen, line-final
//! punctuation hanging into the margin and nothing else past the text edge. The reference
//! resolution at the settings of issue 10, the long example, and other widths and sizes.

mod common;

use common::positions::{TextLine, text_lines};
use common::{build_toml, repo};

/// What a setting must meet.
struct Limits {
    /// Largest share of body lines ending with a hyphen.
    hyphenated: f32,
}

/// Figures of a PDF's body text (lines in the body size).
#[derive(Debug, Default)]
struct Figures {
    justified: usize,
    /// (word-space ratio, line text) of every justified line
    ratios: Vec<(f32, String)>,
    body_lines: usize,
    hyphenated: usize,
    longest_hyphen_run: usize,
    compounds_broken_inside: Vec<String>,
    /// justified lines ending in - , . and those of them hanging past the edge by 0.5 pt
    final_punctuation: usize,
    hanging: usize,
    /// lines whose ink runs past the edge beyond what protrusion allows
    past_the_edge: Vec<String>,
}

const HANGS: &[&str] = &["-", ",", ".", ";", ":", "!", "?", "’", "”", ")", "]", "–", "—"];

fn figures(bytes: &[u8], body_size: f32, right_edge: f32) -> Figures {
    let lines = text_lines(bytes);
    let mut f = Figures::default();
    let mut run = 0;
    let mut previous_page = 0;
    for line in &lines {
        let ink: Vec<_> = line.glyphs.iter().filter(|g| !g.text.trim().is_empty()).collect();
        let (Some(_), Some(last)) = (ink.first(), ink.last()) else { continue };
        if ink.iter().any(|g| (g.size - body_size).abs() > 0.01) {
            continue; // titles, headings, small lines, footers
        }
        f.body_lines += 1;
        let text = line_text(line);
        let end = last.x + last.width;
        let hang = if HANGS.contains(&last.text.as_str()) { 0.75 * last.width } else { 0.0 };
        if end > right_edge + hang + 0.05 {
            f.past_the_edge.push(text.clone());
        }
        let hyphenated = text.ends_with('-');
        if hyphenated {
            f.hyphenated += 1;
            let last_word = text.rsplit(' ').next().unwrap_or("");
            if last_word[..last_word.len() - 1].contains('-') {
                f.compounds_broken_inside.push(text.clone());
            }
        }
        run = if hyphenated && (run == 0 || previous_page == line.page) { run + 1 } else { 0 };
        previous_page = line.page;
        f.longest_hyphen_run = f.longest_hyphen_run.max(run);

        // justified: the text reaches the edge (up to its hanging glyph)
        let visible_end = end - if HANGS.contains(&last.text.as_str()) { last.width } else { 0.0 };
        let justified = end >= right_edge - 1.0 || (hang > 0.0 && visible_end >= right_edge - last.width - 1.0 && end > right_edge);
        let gaps = word_gaps(line);
        if justified && !gaps.is_empty() {
            f.justified += 1;
            let natural = natural_space(line).unwrap_or(0.26 * body_size);
            let mut sorted = gaps.clone();
            sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
            let median = if sorted.len() % 2 == 1 {
                sorted[sorted.len() / 2]
            } else {
                (sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) / 2.0
            };
            f.ratios.push((median / natural, text.clone()));
            if [",", ".", "-"].contains(&last.text.as_str()) {
                f.final_punctuation += 1;
                if end > right_edge + 0.5 {
                    f.hanging += 1;
                }
            }
        }
    }
    f
}

fn line_text(line: &TextLine) -> String {
    line.text().trim().to_string()
}

/// The gaps between words: from the end of the glyph before a space to the start of the
/// next ink glyph.
fn word_gaps(line: &TextLine) -> Vec<f32> {
    let mut gaps = Vec::new();
    let glyphs = &line.glyphs;
    for i in 1..glyphs.len().saturating_sub(1) {
        if glyphs[i].text == " " {
            let (before, after) = (&glyphs[i - 1], &glyphs[i + 1]);
            if !before.text.trim().is_empty() && !after.text.trim().is_empty() {
                gaps.push(after.x - (before.x + before.width));
            }
        }
    }
    gaps
}

/// The face's own space: the nominal width of the line's space glyph.
fn natural_space(line: &TextLine) -> Option<f32> {
    line.glyphs.iter().find(|g| g.text == " " && g.width > 0.0).map(|g| g.width / expansion_of(line))
}

/// Glyph widths read back include the line's horizontal scale (font expansion); the
/// natural space is the unscaled one.
fn expansion_of(line: &TextLine) -> f32 {
    line.glyphs.first().map_or(1.0, |g| g.scale_x)
}

/// The reference resolution without its signature page, with `style` appended.
fn reference_with(style: &str) -> String {
    let source = std::fs::read_to_string(repo().join("input/resolution.toml")).unwrap();
    let body = source.split("\n[signing]").next().unwrap().to_string();
    format!("{body}\n[style]\n{style}\n")
}

fn check(name: &str, toml: &str, right_margin_mm: f32, page_width_pt: f32, size: f32, limits: Limits) {
    let bytes = build_toml(toml);
    let right_edge = page_width_pt - right_margin_mm * 72.0 / 25.4;
    let f = figures(&bytes, size, right_edge);
    assert!(f.justified > 15, "{name}: {} justified lines found", f.justified);
    for (ratio, text) in &f.ratios {
        assert!(*ratio <= 1.5 + 0.005, "{name}: word spaces at {ratio:.2}× natural: {text}");
        assert!(*ratio >= 0.67 - 0.005, "{name}: word spaces at {ratio:.2}× natural: {text}");
    }
    let share = f.hyphenated as f32 / f.body_lines as f32;
    assert!(share <= limits.hyphenated, "{name}: {} of {} lines hyphenated", f.hyphenated, f.body_lines);
    assert!(f.longest_hyphen_run <= 2, "{name}: {} hyphenated lines in a row", f.longest_hyphen_run);
    assert!(f.compounds_broken_inside.is_empty(), "{name}: {:?}", f.compounds_broken_inside);
    assert!(f.past_the_edge.is_empty(), "{name}: past the text edge: {:?}", f.past_the_edge);
    assert!(f.final_punctuation >= 3, "{name}: {} lines end in punctuation", f.final_punctuation);
    assert!(
        f.hanging as f32 >= 0.9 * f.final_punctuation as f32,
        "{name}: {} of {} line-final hyphens, commas and full stops hang",
        f.hanging,
        f.final_punctuation
    );
}

const A4: f32 = 595.276;
const A5: f32 = 419.528;
const LETTER: f32 = 612.0;

#[test]
fn reference_at_a4() {
    check("a4", &reference_with(""), 25.0, A4, 11.0, Limits { hyphenated: 0.08 });
}

#[test]
fn reference_with_35_mm_margins() {
    check("a4-35", &reference_with("margin_mm = 35"), 35.0, A4, 11.0, Limits { hyphenated: 0.12 });
}

#[test]
fn reference_at_a5() {
    check("a5-15", &reference_with("paper = \"A5\"\nmargin_mm = 15"), 15.0, A5, 11.0, Limits { hyphenated: 0.16 });
}

#[test]
fn long_example() {
    let toml = std::fs::read_to_string(repo().join("examples/long.toml")).unwrap();
    check("long", &toml, 25.0, A4, 11.0, Limits { hyphenated: 0.12 });
}

#[test]
fn reference_at_other_widths_and_sizes() {
    for (paper, width, margin, size) in [
        ("A4", A4, 15.0, 11.0),
        ("A4", A4, 20.0, 10.0),
        ("A4", A4, 30.0, 12.0),
        ("A4", A4, 40.0, 10.0),
        ("Letter", LETTER, 25.0, 11.0),
        ("Letter", LETTER, 35.0, 12.0),
        ("A5", A5, 15.0, 10.0),
        ("A5", A5, 20.0, 11.0),
    ] {
        let style = format!("paper = \"{paper}\"\nmargin_mm = {margin}\nfont_size_pt = {size}");
        check(&format!("{paper}-{margin}-{size}"), &reference_with(&style), margin, width, size, Limits { hyphenated: 0.16 });
    }
}
