//! What a document's language decides: how its text is written and broken ([`Writing`]),
//! the words the program prints itself ([`Labels`]) and how dates read ([`date`]).
//!
//! Read by `text` (the writing rules) and `layout` (labels, dates, typography); built
//! from the model's language tag and `[labels]` table, once per document.

pub mod date;
mod labels;

pub use labels::{Labels, Piece, fill, pieces};

use crate::model::{Date, Document, Lang};

/// How a language's text is written and where its lines may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Writing {
    /// Words separated by spaces, hyphenated where the language has patterns; lines
    /// justified by the word spaces, font expansion and protrusion (English, French …).
    #[default]
    Latin,
    /// Ideographs and kana with no spaces: every character is a break opportunity but
    /// those kinsoku forbids, the gaps around punctuation adjust in JLREQ's order, lines
    /// stand on a character grid (Japanese; Chinese, whose CLREQ rules are the same in
    /// what this program uses).
    Ideographic,
    /// Hangul: words (eojeol) separated by spaces and never broken inside (KLREQ, CSS's
    /// `word-break: keep-all`), lines justified by the word spaces only — Hangul
    /// syllables are drawn on square bodies that neither widen nor narrow.
    Hangul,
}

impl Writing {
    /// The writing of a language tag's primary language.
    pub fn of(lang: &Lang) -> Writing {
        match lang.primary().as_str() {
            "ja" | "zh" => Writing::Ideographic,
            "ko" => Writing::Hangul,
            _ => Writing::Latin,
        }
    }

    /// East Asian writing: the document's CJK faces come first for its own characters,
    /// its Latin words are the foreign ones.
    pub fn is_east_asian(self) -> bool {
        self != Writing::Latin
    }
}

/// What one document's language decides, built once per document.
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: Lang,
    pub writing: Writing,
    /// The built-in words of the language with the input's `[labels]` applied.
    pub labels: Labels,
    /// Japanese dates with the era name (平成17年8月1日).
    pub era: bool,
}

impl Locale {
    pub fn of(doc: &Document) -> Locale {
        Locale {
            lang: doc.lang.clone(),
            writing: Writing::of(&doc.lang),
            labels: Labels::for_lang(&doc.lang).with_overrides(&doc.labels),
            era: doc.style.japanese_era,
        }
    }

    /// The date as the language writes it.
    pub fn date(&self, d: Date) -> String {
        date::format_date(&self.lang, d, self.era)
    }
}
