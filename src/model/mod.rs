//! The input contract: a resolution described in TOML, validated, with source spans.
//!
//! [`parse`] turns the text of a TOML file into a [`Document`] or into the full list of
//! problems found in it (unknown keys with a "did you mean", wrong types, out-of-range
//! values, bad inline markup), each pointing at its line and column. Nothing after this
//! stage needs to look at TOML again.

mod labels;
mod markup;
pub mod schema;
pub mod contract;
mod parse;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub use labels::{
    BUILTIN_LABEL_LANGUAGES, LABEL_KEYS, LABEL_NAMES, LabelKey, LabelOverrides, LabelPiece, LabelValue, UnmatchedBrace, fill_placeholders,
    label_key, label_pieces,
};
pub use markup::{Inline, parse_inline};
pub use parse::{KEYS, Override, is_settable, override_keys, parse, parse_with, unsettable_hint};

use crate::diag::Source;

/// A validated resolution, ready for layout.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it came from, for diagnostics in later stages.
    pub source: Arc<Source>,
    pub title: Text,
    pub subtitle: Option<Text>,
    /// A short form of the title for the running head.
    pub short_title: Option<Text>,
    pub lang: Lang,
    pub place: Option<Text>,
    pub date: Option<Date>,
    pub author: Option<Text>,
    pub summary: Option<Text>,
    pub addressee: Option<Text>,
    pub approval: Option<Text>,
    /// Keywords for the PDF metadata.
    pub keywords: Vec<String>,
    /// The day the input file was last modified (UTC), when it came from a file: the
    /// creation date of last resort (PDF/A needs one; the build's clock is never used).
    pub modified: Option<Date>,
    pub signatories: Vec<CountryGroup>,
    pub resolution: Resolution,
    pub style: Style,
    pub fonts: FontOverrides,
    pub signing: Signing,
    /// Rewordings of the words the program prints itself (`[labels]`).
    pub labels: LabelOverrides,
    /// What the input asks for that the program will do differently (English labels
    /// for a language it has no wording for), in file order; the document is made all
    /// the same.
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// A piece of inline text from the input: its raw value, where it stands in the file and
/// its parsed inline markup.
#[derive(Debug, Clone)]
pub struct Text {
    /// The string as written (after TOML unescaping), markup included.
    pub raw: String,
    /// Byte span of the TOML string in the source (quotes included).
    pub span: Range<usize>,
    /// The text split into styled runs, whitespace collapsed.
    pub inlines: Vec<Inline>,
}

impl Text {
    /// The text without markup, as a reader sees it.
    pub fn plain(&self) -> String {
        self.inlines.iter().map(|i| i.text.as_str()).collect()
    }

    /// The byte offset in the source where `c` occurs in this string, for pointing at it;
    /// the start of the string when it cannot be found (escaped, for example).
    pub fn source_offset_of(&self, source: &Source, c: char) -> usize {
        if self.span.start >= Source::ORIGIN_SPANS {
            // a value from `--set` or a CSV row: its marker, which names where it came
            // from (clamped, it pointed at the file's last line)
            return self.span.start;
        }
        let start = self.span.start.min(source.text.len());
        let end = self.span.end.min(source.text.len());
        source
            .text
            .get(start..end)
            .and_then(|s| s.find(c))
            .map_or(start, |i| start + i)
    }
}

/// The document language: a BCP 47 tag and the typesetting rules it selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang {
    pub tag: String,
}

impl Lang {
    /// Japanese typesetting rules apply (primary subtag `ja`).
    pub fn is_japanese(&self) -> bool {
        self.primary() == "ja"
    }

    /// English hyphenation patterns apply (primary subtag `en`).
    pub fn is_english(&self) -> bool {
        self.primary() == "en"
    }

    pub fn primary(&self) -> String {
        self.tag.split('-').next().unwrap_or("").to_ascii_lowercase()
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang { tag: "en".into() }
    }
}

/// A calendar date (proleptic Gregorian), as TOML writes `2005-08-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The organisations of one country, printed under the country's heading.
#[derive(Debug, Clone)]
pub struct CountryGroup {
    pub country: Text,
    pub organizations: Vec<Organization>,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub name: Text,
    pub representative: Option<Text>,
    /// The representative's title or office.
    pub title: Option<Text>,
    /// A scanned signature image, placed on the signature line.
    pub signature: Option<FileRef>,
    /// A seal (hanko) image, placed beside the signature line.
    pub seal: Option<FileRef>,
}

impl Document {
    /// The files the document is made from besides its own: signature scans, seals and
    /// fonts (what `watch` watches).
    pub fn dependencies(&self) -> Vec<PathBuf> {
        let orgs = self.signatories.iter().flat_map(|g| &g.organizations);
        let images = orgs.flat_map(|o| o.signature.iter().chain(o.seal.iter()));
        let f = &self.fonts;
        let fonts = [&f.body, &f.bold, &f.italic, &f.bold_italic, &f.cjk, &f.cjk_heading].into_iter().flatten().chain(&f.fallback);
        images.chain(fonts).map(|r| r.path.clone()).collect()
    }
}

/// The signature page: `[signing]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signing {
    /// Add a final section with a signature block per organisation.
    pub page: bool,
    /// Printed on every block's date line; a blank line to fill in when absent.
    pub date: Option<Date>,
    /// Blocks per row (default 2).
    pub columns: Option<u8>,
    /// An empty digital-signature field (AcroForm `/Sig`) over every block's signing line
    /// (default true; only with `page`).
    pub fields: bool,
}

impl Default for Signing {
    fn default() -> Self {
        Signing { page: false, date: None, columns: None, fields: true }
    }
}

/// A file named in the input, resolved against the folder of the TOML file.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// The path as written in the input.
    pub given: String,
    /// The path to open.
    pub path: PathBuf,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub preamble: Vec<Text>,
    pub intro: Option<Text>,
    pub clauses: Vec<ListItem>,
    pub closing: Vec<Text>,
}

/// A numbered clause or item with its sub-items (at most three levels in all).
#[derive(Debug, Clone)]
pub struct ListItem {
    pub text: Text,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub paper: Paper,
    pub margins: Margins,
    pub font_size_pt: f32,
    pub clause_numbering: Numbering,
    pub item_numbering: Numbering,
    pub subitem_numbering: Numbering,
    pub signatory_columns: u8,
    /// Print dates of Japanese documents with the era name (平成17年8月1日).
    pub japanese_era: bool,
    /// The running head (the short title on every page after the first): `None` puts it
    /// on documents of more than two pages, `Some(_)` as the input says.
    pub running_head: Option<bool>,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            paper: Paper::A4,
            margins: Margins::uniform(25.0),
            font_size_pt: 11.0,
            clause_numbering: Numbering::UpperRoman,
            item_numbering: Numbering::Decimal,
            subitem_numbering: Numbering::LowerAlpha,
            signatory_columns: 1,
            japanese_era: false,
            running_head: None,
        }
    }
}

impl Style {
    /// The defaults of a Japanese document: 一、 for clauses, （1） for items, ① for
    /// sub-items.
    pub fn japanese() -> Style {
        Style {
            clause_numbering: Numbering::Kanji,
            item_numbering: Numbering::Parenthesized,
            subitem_numbering: Numbering::Circled,
            ..Style::default()
        }
    }

    /// The defaults of a Korean document: 1. for clauses, 가. for items, 1) for
    /// sub-items (the order of Korean official documents).
    pub fn korean() -> Style {
        Style {
            clause_numbering: Numbering::Decimal,
            item_numbering: Numbering::Hangul,
            subitem_numbering: Numbering::Decimal,
            ..Style::default()
        }
    }

    /// The defaults for a document in `lang`.
    pub fn for_lang(lang: &Lang) -> Style {
        match lang.primary().as_str() {
            // Chinese documents count 一、二、 too, then （1）
            "ja" | "zh" => Style::japanese(),
            "ko" => Style::korean(),
            _ => Style::default(),
        }
    }
}

/// Paper sizes, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A5,
    /// ISO B5, 176 × 250 mm.
    B5,
    /// JIS B5, 182 × 257 mm, the B5 of Japanese stationery.
    JisB5,
    Letter,
    Legal,
}

impl Paper {
    pub const NAMES: &'static [&'static str] = &["A4", "A5", "B5", "JIS-B5", "Letter", "Legal"];

    /// Every spelling `paper` takes: each name, in lower case too, and the US forms. It is
    /// the schema's list as well, so that an editor and `check` agree on every value.
    pub const SPELLINGS: &'static [(&'static str, Paper)] = &[
        ("A4", Paper::A4),
        ("a4", Paper::A4),
        ("A5", Paper::A5),
        ("a5", Paper::A5),
        ("B5", Paper::B5),
        ("b5", Paper::B5),
        ("JIS-B5", Paper::JisB5),
        ("jis-b5", Paper::JisB5),
        ("Letter", Paper::Letter),
        ("letter", Paper::Letter),
        ("US-Letter", Paper::Letter),
        ("us-letter", Paper::Letter),
        ("Legal", Paper::Legal),
        ("legal", Paper::Legal),
        ("US-Legal", Paper::Legal),
        ("us-legal", Paper::Legal),
    ];

    pub fn from_name(name: &str) -> Option<Paper> {
        Paper::SPELLINGS.iter().find(|(spelling, _)| *spelling == name).map(|(_, paper)| *paper)
    }

    /// Width and height in millimetres (portrait).
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
            Paper::B5 => (176.0, 250.0),
            Paper::JisB5 => (182.0, 257.0),
            Paper::Letter => (215.9, 279.4),
            Paper::Legal => (215.9, 355.6),
        }
    }
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Margins {
    pub fn uniform(mm: f32) -> Margins {
        Margins { top: mm, bottom: mm, left: mm, right: mm }
    }
}

/// How clauses and items are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    UpperRoman,
    LowerRoman,
    Decimal,
    LowerAlpha,
    UpperAlpha,
    /// 一、二、三 …
    Kanji,
    /// 第1, 第2 … (Japanese).
    Dai,
    /// (1), (2) … — full-width parentheses in Japanese.
    Parenthesized,
    /// ①, ② … up to ㊿, then (51).
    Circled,
    /// 가, 나, 다 … 하 (the order of Korean lists), then 거, 너 …
    Hangul,
    /// 제1조, 제2조 … (Korean articles).
    Jo,
}

impl Numbering {
    pub const NAMES: &'static [&'static str] =
        &["upper-roman", "lower-roman", "decimal", "lower-alpha", "upper-alpha", "kanji", "dai", "parenthesized", "circled", "hangul", "jo"];

    pub fn from_name(name: &str) -> Option<Numbering> {
        Some(match name {
            "upper-roman" => Numbering::UpperRoman,
            "lower-roman" => Numbering::LowerRoman,
            "decimal" => Numbering::Decimal,
            "lower-alpha" => Numbering::LowerAlpha,
            "upper-alpha" => Numbering::UpperAlpha,
            "kanji" => Numbering::Kanji,
            "dai" => Numbering::Dai,
            "parenthesized" => Numbering::Parenthesized,
            "circled" => Numbering::Circled,
            "hangul" => Numbering::Hangul,
            "jo" => Numbering::Jo,
            _ => return None,
        })
    }
}

/// Fonts named in `[fonts]`, replacing or extending the built-in ones.
#[derive(Debug, Clone, Default)]
pub struct FontOverrides {
    pub body: Option<FileRef>,
    pub bold: Option<FileRef>,
    pub italic: Option<FileRef>,
    pub bold_italic: Option<FileRef>,
    pub cjk: Option<FileRef>,
    pub cjk_heading: Option<FileRef>,
    pub fallback: Vec<FileRef>,
}
