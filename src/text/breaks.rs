//! Where a line may end: the Unicode line-breaking algorithm (ICU) for words, numbers and
//! punctuation, and Liang's patterns for hyphenation inside English words.

use hyphenation::{Hyphenator, Language, Load, Standard};
use icu_segmenter::LineSegmenter;
use icu_segmenter::options::{LineBreakOptions, LineBreakWordOption};

/// Byte offsets strictly inside `text` where a line may break (UAX #14, strict). With
/// `keep_all`, letters of every script count as letters of one word, so that Korean
/// breaks only between words (at spaces, after hyphens and dashes), never between the
/// syllables of one (CSS's `word-break: keep-all`, KLREQ's default for Hangul).
pub fn line_break_opportunities(text: &str, keep_all: bool) -> Vec<usize> {
    let mut options = LineBreakOptions::default();
    if keep_all {
        options.word_option = Some(LineBreakWordOption::KeepAll);
    }
    let segmenter = LineSegmenter::new_for_non_complex_scripts(options);
    let inside = segmenter.segment_str(text).filter(|&at| at > 0 && at < text.len());
    if keep_all {
        // ICU's keep-all still breaks between a syllable and a bracket ("북한|(조선…)|에서"):
        // a Korean word (eojeol) reaches from space to space, particles and brackets
        // included, and breaks inside only after a hyphen, a dash, a slash or a soft hyphen
        inside.filter(|&at| text[..at].ends_with(|c: char| c.is_whitespace() || is_hyphen_like(c))).collect()
    } else {
        inside.collect()
    }
}

/// The US English patterns, with at least two letters before a break and three after
/// (TeX's \lefthyphenmin and \righthyphenmin for English). Two-letter stubs such as
/// "re-" read badly in a formal text, so [`hyphenation_points`] marks them, and the
/// paragraph breaker uses them only when nothing else sets a paragraph well.
pub fn english_hyphenator() -> Standard {
    let mut patterns = Standard::from_embedded(Language::EnglishUS).expect("the en-US patterns are compiled in");
    patterns.minima = (2, 3);
    patterns
}

/// Letters a hyphenation point should leave before it; fewer make a stub.
const LEFT_MIN: usize = 3;

/// A place where a word may be hyphenated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HyphenPoint {
    /// Byte offset in the word.
    pub at: usize,
    /// Only two letters come before it ("re-", "ab-"): a last resort.
    pub stub: bool,
}

/// Characters that already mark a break inside a word; such words break only there.
fn is_hyphen_like(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '/' | '\u{AD}')
}

/// The places inside `word` (a piece of text with no break opportunity) where it may be
/// hyphenated. Soft hyphens, when present, are the only candidates.
pub fn hyphenation_points(word: &str, patterns: &Standard) -> Vec<HyphenPoint> {
    if word.contains('\u{AD}') {
        return word
            .match_indices('\u{AD}')
            .map(|(i, s)| i + s.len())
            .filter(|&i| i < word.len())
            .map(|at| HyphenPoint { at, stub: false })
            .collect();
    }
    if word.chars().any(|c| is_hyphen_like(c) || c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut points = Vec::new();
    // Hyphenate each run of letters on its own: the patterns know nothing of quotes,
    // apostrophes or brackets ("“humanitarian”" must hyphenate like "humanitarian").
    let mut run_start = None;
    for (i, c) in word.char_indices().chain(std::iter::once((word.len(), ' '))) {
        match (is_latin_letter(c), run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(start)) => {
                let run = &word[start..i];
                let letters = run.chars().count();
                let is_acronym = run.chars().all(|c| c.is_uppercase());
                if letters >= 5 && !is_acronym {
                    points.extend(patterns.hyphenate(run).breaks.into_iter().map(|b| HyphenPoint {
                        at: start + b,
                        stub: run[..b].chars().count() < LEFT_MIN,
                    }));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    points
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) && c != '\u{D7}' && c != '\u{F7}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut last = 0;
        let mut parts: Vec<&str> = line_break_opportunities(text, false)
            .into_iter()
            .map(|at| {
                let part = &text[last..at];
                last = at;
                part
            })
            .collect();
        parts.push(&text[last..]);
        parts
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(split("Nearly 10,000 refugees"), ["Nearly ", "10,000 ", "refugees"]);
        assert_eq!(split("non-governmental body"), ["non-", "governmental ", "body"]);
        assert_eq!(split("(Burma) and “illegal immigrants”"), ["(Burma) ", "and ", "“illegal ", "immigrants”"]);
        assert_eq!(split("10\u{a0}000 people"), ["10\u{a0}000 ", "people"]);
        assert_eq!(split("Article 47, clearly"), ["Article ", "47, ", "clearly"]);
    }

    #[test]
    fn korean_breaks_between_words_only() {
        let text = "북한(조선민주주의인민공화국)에서 표명한다. “인권”을 지킨다";
        let mut last = 0;
        let mut words = Vec::new();
        for at in line_break_opportunities(text, true).into_iter().chain([text.len()]) {
            words.push(&text[last..at]);
            last = at;
        }
        assert_eq!(words, ["북한(조선민주주의인민공화국)에서 ", "표명한다. ", "“인권”을 ", "지킨다"]);
        // without keep-all, UAX #14 breaks between Hangul syllables
        assert!(line_break_opportunities(text, false).len() > 10);
    }

    #[test]
    fn hyphenation_ignores_punctuation_and_keeps_three_letters() {
        let en = english_hyphenator();
        let at = |points: Vec<HyphenPoint>| points.into_iter().map(|p| p.at).collect::<Vec<_>>();
        let plain = at(hyphenation_points("humanitarian", &en));
        let quoted = at(hyphenation_points("“humanitarian”", &en));
        let shift = "“".len();
        assert!(!plain.is_empty());
        assert_eq!(quoted, plain.iter().map(|p| p + shift).collect::<Vec<_>>());
        for p in &plain {
            assert!(*p >= 2 && *p <= "humanitarian".len() - 3, "{plain:?}");
        }
        // two letters before a break make a stub, kept for the last resort
        let abducted = hyphenation_points("abducted", &en);
        assert!(abducted.iter().all(|p| p.stub == (p.at < 3)), "{abducted:?}");
        assert!(abducted.iter().any(|p| p.stub), "{abducted:?}");
    }

    #[test]
    fn words_with_their_own_hyphens_or_digits_are_left_alone() {
        let en = english_hyphenator();
        assert!(hyphenation_points("non-governmental", &en).is_empty());
        assert!(hyphenation_points("2008", &en).is_empty());
        assert!(hyphenation_points("RENK", &en).is_empty());
        assert_eq!(hyphenation_points("re\u{ad}solution", &en), vec![HyphenPoint { at: 4, stub: false }]);
        // a Latin word glued to Japanese text still hyphenates
        let glued = hyphenation_points("参照Internationalization", &en);
        assert!(!glued.is_empty() && glued.iter().all(|p| p.at > "参照".len() + 1), "{glued:?}");
    }
}
