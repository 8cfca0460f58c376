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

/// A vertical space: `lines` body lines of Latin text (of [`LEADING_LATIN`]; Korean's
/// looser lines take it in proportion), or `grid_lines` whole lines on the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    pub lines: f32,
    pub grid_lines: u8,
}

const fn gap(lines: f32, grid_lines: u8) -> Gap {
    Gap { lines, grid_lines }
}

/// The spaces between the parts of a resolution. The grid has no half lines: there a
/// space is a blank line or none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaps {
    /// Title to subtitle (0.7 of a line of the title's own leading).
    pub before_subtitle: Gap,
    pub before_place_date: Gap,
    /// Above and below the short rule that closes the title block.
    pub before_title_rule: Gap,
    pub after_title_rule: Gap,
    /// After the summary and after the addressee.
    pub after_front_matter: Gap,
    /// Between paragraphs, between clauses, after the approval sentence, between the
    /// groups of signatories.
    pub paragraph: Gap,
    pub between_groups: Gap,
    /// Before the closing formula.
    pub before_closing: Gap,
    /// Around a section heading (Signatories, Resolution, Signatures).
    pub before_heading: Gap,
    pub after_heading: Gap,
    /// On the signature pages: between countries, between rows of blocks.
    pub between_signature_groups: Gap,
    pub between_signature_rows: Gap,
    /// Between the items of a list of one-line items, and of longer ones.
    pub between_short_items: Gap,
    pub between_items: Gap,
}

const GAPS: Gaps = Gaps {
    before_subtitle: gap(0.7 / LEADING_LATIN, 0),
    before_place_date: gap(0.6, 0),
    before_title_rule: gap(0.4, 0),
    after_title_rule: gap(0.9, 1),
    after_front_matter: gap(1.0, 1),
    paragraph: gap(0.55, 0),
    between_groups: gap(0.55, 1),
    before_closing: gap(1.0, 1),
    before_heading: gap(1.1, 1),
    after_heading: gap(0.5, 0),
    between_signature_groups: gap(1.3, 1),
    between_signature_rows: gap(0.6, 1),
    between_short_items: gap(0.1, 0),
    between_items: gap(0.3, 0),
};

/// Sizes as multiples of the body size, and the leading of display lines as multiples
/// of their own size: the hierarchy of a resolution's page, the same in every language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub title: f32,
    pub title_leading: f32,
    pub subtitle: f32,
    /// Leading of the subtitle, the section headings and the signature blocks' fields.
    pub display_leading: f32,
    pub heading: f32,
    /// A representative's name and office under the organisation.
    pub person: f32,
    /// The printed fields of a signature block (name, office, date).
    pub field: f32,
    /// Running head, page number, the note of a signatory's copy: a fraction of the body
    /// size, kept between 6 and 9 pt whatever the body size.
    pub furniture: f32,
    pub furniture_range: (f32, f32),
    pub furniture_leading: f32,
    /// Indents and gaps, in em: the summary's indent on both sides, the gap between a
    /// hanging number and its text, between columns of signatories and of signature
    /// blocks.
    pub summary_indent_em: f32,
    pub label_gap_em: f32,
    pub column_gap_em: f32,
}

const SIZES: Sizes = Sizes {
    title: 1.65,
    title_leading: 1.22,
    subtitle: 1.2,
    display_leading: 1.3,
    heading: 1.18,
    person: 0.92,
    field: 0.9,
    furniture: 0.82,
    furniture_range: (6.0, 9.0),
    furniture_leading: 1.4,
    summary_indent_em: 2.0,
    label_gap_em: 0.6,
    column_gap_em: 2.0,
};

/// How a document's language sets the parts of a resolution.
#[derive(Debug, Clone)]
pub struct Typography {
    pub labels: Labels,
    pub sizes: Sizes,
    pub gaps: Gaps,
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
                sizes: SIZES,
                gaps: GAPS,
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
                sizes: SIZES,
                gaps: GAPS,
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
                sizes: SIZES,
                gaps: GAPS,
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
