//! One typography description per language: what composition reads instead of asking
//! "is this Japanese?" — the grid, the leading, indents, bullets, joiners, whether the
//! script has italics — and the labels. Built once per document from its [`Locale`].

use crate::locale::{Labels, Locale, Writing};

/// Body leading of Latin text: line pitch as a multiple of the font size.
const LEADING_LATIN: f32 = 1.36;
/// Japanese and Chinese text sits on a regular grid of 1.75 em (JLREQ §4.1: 1.5–2 em for
/// horizontal body text); every line box and space there is a whole number of grid
/// lines, so that lines of facing pages and neighbouring paragraphs align.
const LEADING_IDEOGRAPHIC: f32 = 1.75;
/// Hangul syllables fill their em box nearly to its edges, taller than Latin lowercase:
/// Korean body text is set looser than Latin, at 160–180 % (KLREQ §3.2's range; 170 % is
/// the common word-processor default for 바탕/명조 text).
const LEADING_HANGUL: f32 = 1.7;

/// How a document's language sets the parts of a resolution.
#[derive(Debug, Clone)]
pub struct Typography {
    pub labels: Labels,
    /// Lines stand on a character grid: the measure is a whole number of ems, line boxes
    /// and spaces whole grid lines, indents whole ems (Japanese, Chinese).
    pub grid: bool,
    /// Body line pitch as a multiple of the font size.
    pub leading: f32,
    /// First-line indent of running paragraphs, in em (字下げ; 들여쓰기).
    pub paragraph_indent_em: f32,
    /// The script has italics: subtitles, summaries, offices are set in italic. CJK
    /// scripts have none (an obliqued ideograph is a distortion), and their Latin words
    /// stay upright beside them.
    pub italic: bool,
    /// Full-width marks (、。「」（）：) carry half an em of blank: a label that ends in
    /// one needs no gap after it, parenthesised numbers are full-width.
    pub full_width_marks: bool,
    /// Words are separated by spaces: a shortened title is cut at one.
    pub word_spaces: bool,
    /// A heading of two characters is spaced by one em (決　議).
    pub spaced_pair_headings: bool,
    /// The bullet of the list of organisations and the width of its column, in em.
    pub bullet: &'static str,
    pub bullet_column_em: f32,
    /// Between a representative's name and office ("Anna Müller, Director"; 「山田花子　事務局長」).
    pub person_joiner: &'static str,
    /// Between the parts of the signature pages' head ("Signatures — Title, Tokyo …").
    pub head_joiner: &'static str,
    pub head_separator: &'static str,
}

impl Typography {
    pub fn of(locale: &Locale) -> Typography {
        let labels = locale.labels.clone();
        let writing = locale.writing;
        let chinese = locale.lang.primary() == "zh";
        match writing {
            Writing::Latin => Typography {
                labels,
                grid: false,
                leading: LEADING_LATIN,
                paragraph_indent_em: 0.0,
                italic: true,
                full_width_marks: false,
                word_spaces: true,
                spaced_pair_headings: false,
                bullet: "•",
                bullet_column_em: 1.2,
                person_joiner: ", ",
                head_joiner: " — ",
                head_separator: ", ",
            },
            Writing::Ideographic => Typography {
                labels,
                grid: true,
                leading: LEADING_IDEOGRAPHIC,
                paragraph_indent_em: 1.0,
                italic: false,
                full_width_marks: true,
                word_spaces: false,
                spaced_pair_headings: true,
                // ・ has its own quarter-em blank after it; Chinese lists take the round
                // bullet (・ is Japanese), in the same whole-em column
                bullet: if chinese { "•" } else { "・" },
                bullet_column_em: 1.0,
                person_joiner: "\u{3000}",
                head_joiner: "\u{3000}",
                head_separator: "\u{3000}",
            },
            // Korean: words with spaces as in Latin text, no italic, paragraphs apart as
            // Korean statements set them (space, no indent: one of the two is enough),
            // and the name before the office with a space ("홍길동 사무총장").
            Writing::Hangul => Typography {
                labels,
                grid: false,
                leading: LEADING_HANGUL,
                paragraph_indent_em: 0.0,
                italic: false,
                full_width_marks: false,
                word_spaces: true,
                spaced_pair_headings: false,
                bullet: "•",
                bullet_column_em: 1.2,
                person_joiner: " ",
                head_joiner: " — ",
                head_separator: ", ",
            },
        }
    }
}
