//! Where ragged display text should break: on sense, not wherever it fits.
//!
//! A title, an addressee or an organisation's name is set ragged and balanced; each
//! line should read as a unit. In Latin text a line should not end on a preposition,
//! article or conjunction ("…on / Refugee Protection") nor split what is obviously one
//! name ("Tokyo / International Conference"); a break before a function word is the
//! natural place ("Joint Resolution / for Tokyo International Conference of NGOs"). In
//! Japanese text lines break between phrases (文節), found with BudouX's model, so that
//! a particle never starts a line (「日本人／を救出する」 is wrong, 「日本人を／救出する」 right),
//! as browsers do with `word-break: auto-phrase`. Justified text keeps every break.

use std::collections::HashMap;

/// Cost of a line that ends on a function word: only when nothing else fits.
const AFTER_FUNCTION_WORD: f32 = 5000.0;
/// Cost of a break between two capitalised words or a word and its number (inside a
/// name, a title, a date): worth a line noticeably shorter than its neighbour.
const INSIDE_NAME: f32 = 3000.0;
/// Cost of a break inside a Japanese phrase.
const INSIDE_PHRASE: f32 = 3000.0;
/// Cost of a break between two phrases with no punctuation between them: small, so that
/// a name breaks after its ／ or 、 when the lines balance about as well
/// (「救え！北朝鮮の民衆／｜緊急行動ネットワーク」, not 「…／緊急｜行動…」).
const BETWEEN_PHRASES: f32 = 300.0;

/// English words that do not end a display line.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "from", "into", "onto", "upon", "about", "against",
    "between", "among", "under", "over", "through", "via", "per", "and", "or", "nor", "but", "as", "than", "its", "their",
    "our", "his", "her", "this", "that", "these", "those", "de", "du", "des", "la", "le", "les", "von", "van", "der", "und",
];

/// The cost of breaking at each place of a paragraph; places not listed cost nothing.
pub(crate) struct Sense {
    costs: HashMap<usize, f32>,
}

impl Sense {
    /// The cost of a break at byte `at` (at a space, or between two characters).
    pub fn cost_at(&self, at: usize) -> f32 {
        self.costs.get(&at).copied().unwrap_or(0.0)
    }

    /// Latin text: a cost at each space (keyed by the space's byte offset).
    pub fn latin(text: &str) -> Sense {
        let mut costs = HashMap::new();
        for (at, c) in text.char_indices() {
            if c != ' ' {
                continue;
            }
            let before = text[..at].split(' ').next_back().unwrap_or("");
            let after = text[at + 1..].split(' ').next().unwrap_or("");
            let cost = line_end_cost(before, after);
            if cost > 0.0 {
                costs.insert(at, cost);
            }
        }
        Sense { costs }
    }

    /// Japanese text: a cost at each character boundary inside a phrase.
    pub fn japanese(text: &str) -> Sense {
        Sense::phrases(text, budoux::models::default_japanese_model())
    }

    /// Chinese text, with BudouX's Simplified Chinese model (the one it has; its
    /// phrases hold for Traditional characters too, less surely).
    pub fn chinese(text: &str) -> Sense {
        Sense::phrases(text, budoux::models::default_simplified_chinese_model())
    }

    fn phrases(text: &str, model: &budoux::Model) -> Sense {
        let mut costs = HashMap::new();
        let mut start = 0;
        for phrase in budoux::parse(model, text) {
            let end = start + phrase.len();
            if text.get(start..end) != Some(phrase.as_str()) {
                break; // the model did not return the text piece by piece: no costs past here
            }
            // (spaces are breaks of their own, free)
            let before = text[..start].chars().next_back();
            if start > 0 && before.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c)) {
                costs.insert(start, BETWEEN_PHRASES);
            }
            let mut previous = ' ';
            for (i, c) in phrase.char_indices() {
                if i > 0 && !c.is_whitespace() && !previous.is_whitespace() {
                    costs.insert(start + i, INSIDE_PHRASE);
                }
                previous = c;
            }
            start = end;
        }
        // after punctuation a line may always break freely, whatever the model says
        // (it keeps 「民衆／緊急行動ネットワーク」 as one phrase)
        let mut previous = ' ';
        for (i, c) in text.char_indices() {
            if is_punctuation(previous) {
                costs.remove(&i);
            }
            previous = c;
        }
        Sense { costs }
    }
}

/// Japanese and Latin punctuation after which a line breaks naturally.
fn is_punctuation(c: char) -> bool {
    matches!(c, '、' | '。' | '，' | '．' | '／' | '・' | '）' | '」' | '』' | '】' | '〕' | '！' | '？' | ',' | '.' | '/' | ')' | ':' | ';')
}

/// The cost of ending a line after the word `before` when `after` comes next.
fn line_end_cost(before: &str, after: &str) -> f32 {
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    if before.ends_with([',', ';', ':', '.', '—', '–']) {
        return 0.0;
    }
    if FUNCTION_WORDS.contains(&bare(before).as_str()) {
        return AFTER_FUNCTION_WORD;
    }
    let name_like = |w: &str| w.trim_start_matches(['“', '‘', '"', '\'', '(']).starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    if name_like(before) && name_like(after) && !FUNCTION_WORDS.contains(&bare(after).as_str()) {
        return INSIDE_NAME;
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with each costly break marked: `|` free, `~` inside a name, `!` after a
    /// function word.
    fn marked(text: &str) -> String {
        let sense = Sense::latin(text);
        let mut out = String::new();
        for (at, c) in text.char_indices() {
            if c == ' ' {
                out.push(match sense.cost_at(at) {
                    0.0 => '|',
                    c if c >= AFTER_FUNCTION_WORD => '!',
                    _ => '~',
                });
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn latin_display_lines_break_before_function_words_not_after() {
        assert_eq!(
            marked("Joint Resolution for Tokyo International Conference of NGOs"),
            "Joint~Resolution|for!Tokyo~International~Conference|of!NGOs"
        );
        assert_eq!(marked("Conference on Refugee Protection, 1 August 2005"), "Conference|on!Refugee~Protection,|1~August~2005");
    }

    #[test]
    fn japanese_names_break_between_phrases() {
        let text = "北朝鮮に拉致された日本人を救出するための全国協議会";
        let sense = Sense::japanese(text);
        let at = |s: &str| text.find(s).unwrap();
        // not before the particle, but after it
        assert!(sense.cost_at(at("を")) >= INSIDE_PHRASE);
        assert!(sense.cost_at(at("救出")) < INSIDE_PHRASE);
        // not inside a word
        assert!(sense.cost_at(at("致")) > 0.0);
        // after punctuation better than between two phrases
        let text = "救え！北朝鮮の民衆／緊急行動ネットワーク";
        let sense = Sense::japanese(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(sense.cost_at(at("緊急")), 0.0);
        assert!(sense.cost_at(at("行動")) > 0.0);
    }
}
