//! Marks a translation keeps as they are: Latin acronyms in parentheses (`(RENK)`,
//! `（CNKR）`) and inline emphasis (`*…*`, `**…**`).

use std::ops::Range;

use crate::model::Text;

/// An acronym written in parentheses, and the bytes of the raw text it stands at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acronym {
    /// In ASCII, whatever width it was written in.
    pub word: String,
    pub span: Range<usize>,
}

/// Full-width ASCII as ASCII (ＲＥＮＫ is RENK).
fn narrow(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// Whether the contents of a pair of parentheses are an acronym: Latin capitals (at least
/// two), digits and `&`, `-`, `.` — `RENK`, `CNKR`, `UNHCR`, `G8`, not `Burma` nor
/// `Helping Hands Korea`.
fn is_acronym(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '&' | '-' | '.'))
}

/// The acronyms `raw` gives in parentheses, half- or full-width.
pub fn parenthesized_acronyms(raw: &str) -> Vec<Acronym> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in raw.char_indices() {
        match narrow(c) {
            '(' => open = Some(at + c.len_utf8()),
            ')' => {
                if let Some(start) = open.take() {
                    let inside = &raw[start..at];
                    let word: String = inside.trim().chars().map(narrow).collect();
                    if is_acronym(&word) {
                        let lead = inside.len() - inside.trim_start().len();
                        found.push(Acronym { word, span: start + lead..start + lead + inside.trim().len() });
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether `word` stands in `raw` as a whole Latin word (in parentheses or not: a
/// translation may give the acronym first and the name in parentheses).
pub fn has_word(raw: &str, word: &str) -> bool {
    let narrowed: String = raw.chars().map(narrow).collect();
    let is_word_char = |c: char| c.is_ascii_alphanumeric();
    narrowed.match_indices(word).any(|(at, _)| {
        let before = narrowed[..at].chars().next_back();
        let after = narrowed[at + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// How many runs of the text are emphasised (italic, bold or both).
pub fn emphasised_runs(text: &Text) -> usize {
    text.inlines.iter().filter(|run| run.bold || run.italic).count()
}

/// Where the first emphasis opens in the raw text: its first `*` that is not escaped.
pub fn first_emphasis(raw: &str) -> Option<Range<usize>> {
    let mut escaped = false;
    for (at, c) in raw.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '*' if !escaped => {
                let stars = raw[at..].chars().take_while(|&c| c == '*').count();
                return Some(at..at + stars);
            }
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(raw: &str) -> Vec<String> {
        parenthesized_acronyms(raw).into_iter().map(|a| a.word).collect()
    }

    #[test]
    fn acronyms_in_either_width_of_parentheses() {
        assert_eq!(words("Urgent Action Network (RENK)"), ["RENK"]);
        assert_eq!(words("緊急行動ネットワーク（RENK）"), ["RENK"]);
        assert_eq!(words("保護運動本部（ＣＮＫＲ）"), ["CNKR"]);
        assert_eq!(words("탈북난민보호운동본부(CNKR)"), ["CNKR"]);
        assert!(words("Myanmar (Burma)").is_empty());
        assert!(words("헬핑 핸즈 코리아(Helping Hands Korea)").is_empty());
        assert!(words("(a) and (I)").is_empty());
        let raw = "Network ( RENK )";
        assert_eq!(&raw[parenthesized_acronyms(raw)[0].span.clone()], "RENK");
    }

    #[test]
    fn whole_words_only() {
        assert!(has_word("RENK（救え！）", "RENK"));
        assert!(has_word("ＲＥＮＫ", "RENK"));
        assert!(!has_word("RENKO", "RENK"));
    }

    #[test]
    fn emphasis_opens_at_an_unescaped_star() {
        assert_eq!(first_emphasis("a \\* b **c**"), Some(7..9));
        assert_eq!(first_emphasis("none"), None);
    }
}
