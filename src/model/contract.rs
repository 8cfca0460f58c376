//! The input format's keys, once: each key's table, kind, whether `--set` and CSV columns
//! may set it, and its one-line documentation. The parser's key lists (for unknown keys
//! and suggestions), the reading of `--set`/CSV values (text as it is, or TOML), the
//! keys an override may name, where a misplaced key belongs, the schema's descriptions
//! and the checks of the schema and of docs/input-format.md all come from this table.
//! `[labels]` keys have their own table, [`super::LABEL_KEYS`], built the same way.

/// A table of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// The top level of the file.
    Root,
    /// `[document]`.
    Document,
    /// A `[[signatories]]` group.
    Group,
    /// An organisation written as a table.
    Organization,
    /// `[resolution]`.
    Resolution,
    /// A clause, item or sub-item written as a table.
    Item,
    /// `[style]`.
    Style,
    /// `margin_mm` written as a table of sides.
    Margin,
    /// `[fonts]`.
    Fonts,
    /// `[signing]`.
    Signing,
}

impl Table {
    /// The table's prefix in a dotted key (`document.title`), for those an override may
    /// reach.
    pub const fn prefix(self) -> &'static str {
        match self {
            Table::Root => "",
            Table::Document => "document",
            Table::Group => "signatories",
            Table::Organization => "organization",
            Table::Resolution => "resolution",
            Table::Item => "item",
            Table::Style => "style",
            Table::Margin => "style.margin_mm",
            Table::Fonts => "fonts",
            Table::Signing => "signing",
        }
    }

    /// How a message names the table when a key belongs there.
    pub const fn home(self) -> &'static str {
        match self {
            Table::Root => "the top level",
            Table::Document => "[document]",
            Table::Group => "a [[signatories]] table",
            Table::Organization => "an organisation's table",
            Table::Resolution => "[resolution]",
            Table::Item => "[[resolution.clauses]]",
            Table::Style => "[style]",
            Table::Margin => "`margin_mm`",
            Table::Fonts => "[fonts]",
            Table::Signing => "[signing]",
        }
    }
}

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A text with inline markup.
    Text,
    /// A BCP 47 language tag.
    Lang,
    /// One of a list of names (paper, numbering).
    Choice,
    /// A TOML date.
    Date,
    /// A path relative to the TOML file.
    Path,
    /// A path or an array of paths.
    Paths,
    /// A text or an array of texts (paragraphs).
    Paragraphs,
    /// A plain string or an array of them.
    Strings,
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// A number, or a table of sides.
    NumberOrSides,
    /// A table.
    Table,
    /// An array of tables.
    Tables,
    /// An array of organisations (names or tables).
    Organizations,
    /// An array of clauses or items (texts or tables).
    Items,
}

impl Kind {
    /// The name docs/input-format.md gives the kind in its tables' Type column.
    pub const fn docs_name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Lang | Kind::Choice => "string",
            Kind::Date => "date",
            Kind::Path => "path",
            Kind::Paths => "path or array of paths",
            Kind::Paragraphs => "text or array of texts",
            Kind::Strings => "string or array of strings",
            Kind::Number => "number",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::NumberOrSides => "number or table",
            Kind::Table => "table",
            Kind::Tables | Kind::Organizations | Kind::Items => "array",
        }
    }

    /// Whether an override's value is the text as given, not TOML: `--set
    /// document.title=2024` is a title, not a number.
    pub const fn takes_text(self) -> bool {
        matches!(self, Kind::Text | Kind::Lang | Kind::Choice | Kind::Path)
    }

    /// Whether an override's value is one text unless written as a TOML array: `--set
    /// resolution.closing=2024` is one paragraph.
    pub const fn takes_text_or_array(self) -> bool {
        matches!(self, Kind::Paragraphs | Kind::Strings | Kind::Paths)
    }
}

/// One key of the contract.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The table it is written in.
    pub table: Table,
    /// Its name there.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether `--set` and `--each` columns may set it (`table.name`).
    pub settable: bool,
    /// One line for editors (the schema's description).
    pub doc: &'static str,
}

const fn key(table: Table, name: &'static str, kind: Kind, settable: bool, doc: &'static str) -> Key {
    Key { table, name, kind, settable, doc }
}

use Kind::*;

/// Every key, table by table, in the order the documentation gives them.
pub const CONTRACT: &[Key] = &[
    key(Table::Root, "document", Table, false, "The title, the front matter and the metadata (required)."),
    key(Table::Root, "signatories", Tables, false, "One table per country group, printed in this order."),
    key(Table::Root, "resolution", Table, false, "The preamble, the numbered clauses and the closing."),
    key(Table::Root, "signing", Table, false, "The signature page."),
    key(Table::Root, "style", Table, false, "Paper, margins, size, numbering."),
    key(Table::Root, "fonts", Table, false, "Fonts replacing the built-in ones: paths relative to the TOML file."),
    key(Table::Root, "labels", Table, false, "The words the program prints itself, reworded."),
    key(Table::Document, "title", Text, true, "The title (required). Inline markup: *italic*, **bold**."),
    key(Table::Document, "subtitle", Text, true, "A line under the title."),
    key(Table::Document, "short_title", Text, true, "A short form of the title for the running head (at most 60 characters are used)."),
    key(
        Table::Document,
        "lang",
        Lang,
        true,
        "BCP 47 language tag, read by ICU: \"en\" (default). Built-in labels and dates for en, ja, ko, zh-Hans, zh-Hant, fr, de, es; others get English labels unless [labels] rewords them. \"ja\" selects Japanese typesetting.",
    ),
    key(Table::Document, "place", Text, true, "Printed with the date under the title."),
    key(Table::Document, "date", Date, true, "A TOML date, e.g. 2005-08-01 (unquoted)."),
    key(Table::Document, "author", Text, true, "The issuing body (PDF metadata)."),
    key(Table::Document, "summary", Text, true, "A lead paragraph under the title (also the PDF subject)."),
    key(Table::Document, "addressee", Text, true, "Printed as \"To: …\"."),
    key(Table::Document, "approval", Text, true, "The sentence that introduces the signatories."),
    key(Table::Document, "keywords", Strings, true, "Keywords for the PDF metadata."),
    key(Table::Group, "country", Text, false, "The heading printed above the organisations."),
    key(Table::Group, "organizations", Organizations, false, "The organisations of the group: names, or tables with a name."),
    key(Table::Organization, "name", Text, false, "The organisation's name (required in a table)."),
    key(Table::Organization, "representative", Text, false, "The person who signs."),
    key(Table::Organization, "title", Text, false, "The representative's title or office."),
    key(Table::Organization, "signature", Path, false, "A scanned signature (PNG, JPEG, TIFF, BMP, WebP, GIF), relative to the TOML file."),
    key(Table::Organization, "seal", Path, false, "A seal image, placed beside the signature line."),
    key(Table::Resolution, "preamble", Paragraphs, true, "Paragraphs before the operative clauses."),
    key(Table::Resolution, "intro", Text, true, "The sentence that introduces the clauses."),
    key(Table::Resolution, "clauses", Items, false, "The numbered clauses ([[resolution.clauses]])."),
    key(Table::Resolution, "closing", Paragraphs, true, "Paragraphs after the clauses."),
    key(Table::Item, "text", Text, false, "The text of the clause, item or sub-item (required)."),
    key(Table::Item, "items", Items, false, "Its items (clauses hold items, items hold sub-items: three levels at most)."),
    key(Table::Style, "paper", Choice, true, "Paper size (default A4)."),
    key(Table::Style, "margin_mm", NumberOrSides, true, "Margins in millimetres: one number, or a table of sides (default 25, at least 10)."),
    key(Table::Style, "font_size_pt", Number, true, "Body size in points (default 11)."),
    key(Table::Style, "clause_numbering", Choice, true, "Numbers of the clauses (default upper-roman; kanji in Japanese, jo in Korean)."),
    key(Table::Style, "item_numbering", Choice, true, "Numbers of the items (default decimal)."),
    key(Table::Style, "subitem_numbering", Choice, true, "Numbers of the sub-items (default lower-alpha)."),
    key(Table::Style, "signatory_columns", Integer, true, "Signatories in one or two columns."),
    key(Table::Style, "japanese_era", Boolean, true, "Japanese dates with the era name (平成17年8月1日)."),
    key(
        Table::Style,
        "running_head",
        Boolean,
        true,
        "The short title at the top of every page after the first (default: on for documents of more than two pages).",
    ),
    key(Table::Margin, "top", Number, true, "The top margin in millimetres (at least 10)."),
    key(Table::Margin, "bottom", Number, true, "The bottom margin in millimetres (at least 10)."),
    key(Table::Margin, "left", Number, true, "The left margin in millimetres (at least 10)."),
    key(Table::Margin, "right", Number, true, "The right margin in millimetres (at least 10)."),
    key(Table::Fonts, "body", Path, true, "The regular Latin face."),
    key(Table::Fonts, "bold", Path, true, "The bold Latin face."),
    key(Table::Fonts, "italic", Path, true, "The italic Latin face."),
    key(Table::Fonts, "bold_italic", Path, true, "The bold italic Latin face."),
    key(Table::Fonts, "cjk", Path, true, "The Japanese (or Chinese, Korean) body face."),
    key(Table::Fonts, "cjk_heading", Path, true, "The Japanese heading face."),
    key(Table::Fonts, "fallback", Paths, true, "Faces tried, in order, for characters the others lack."),
    key(Table::Signing, "page", Boolean, true, "Add a signature page with a block per organisation."),
    key(Table::Signing, "date", Date, true, "Printed on every block's date line."),
    key(Table::Signing, "columns", Integer, true, "Blocks per row (default 2; 1 when two blocks would be narrower than 14 em)."),
    key(Table::Signing, "fields", Boolean, true, "An empty digital-signature field over every block's signing line (default true)."),
];

/// How many keys `table` has.
const fn count(table: Table) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < CONTRACT.len() {
        if CONTRACT[i].table as u8 == table as u8 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of `table`'s keys, in order (`N` is [`count`]`(table)`).
const fn names<const N: usize>(table: Table) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut j) = (0, 0);
    while i < CONTRACT.len() {
        if CONTRACT[i].table as u8 == table as u8 {
            out[j] = CONTRACT[i].name;
            j += 1;
        }
        i += 1;
    }
    out
}

pub(super) const ROOT: [&str; count(Table::Root)] = names(Table::Root);
pub(super) const DOCUMENT: [&str; count(Table::Document)] = names(Table::Document);
pub(super) const GROUP: [&str; count(Table::Group)] = names(Table::Group);
pub(super) const ORGANIZATION: [&str; count(Table::Organization)] = names(Table::Organization);
pub(super) const RESOLUTION: [&str; count(Table::Resolution)] = names(Table::Resolution);
pub(super) const ITEM: [&str; count(Table::Item)] = names(Table::Item);
pub(super) const STYLE: [&str; count(Table::Style)] = names(Table::Style);
pub(super) const MARGIN: [&str; count(Table::Margin)] = names(Table::Margin);
pub(super) const FONTS: [&str; count(Table::Fonts)] = names(Table::Fonts);
pub(super) const SIGNING: [&str; count(Table::Signing)] = names(Table::Signing);

/// The key an override names (`document.title`, `style.margin_mm.top`), if it may set one.
pub fn settable(dotted: &str) -> Option<&'static Key> {
    let (prefix, name) = dotted.rsplit_once('.')?;
    CONTRACT.iter().find(|k| k.settable && k.name == name && k.table.prefix() == prefix)
}

/// The tables a key of this name is written in (for "`x` belongs in [style]").
pub fn tables_of(name: &str) -> impl Iterator<Item = Table> + '_ {
    CONTRACT.iter().filter(move |k| k.name == name).map(|k| k.table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_once_in_its_table() {
        for (i, a) in CONTRACT.iter().enumerate() {
            assert!(!a.doc.is_empty(), "{} has no documentation", a.name);
            for b in &CONTRACT[i + 1..] {
                assert!(a.table != b.table || a.name != b.name, "{} twice in {:?}", a.name, a.table);
            }
        }
        assert_eq!(STYLE.len() + DOCUMENT.len() + GROUP.len(), 9 + 11 + 2);
        assert_eq!(settable("style.margin_mm.top").map(|k| k.kind), Some(Kind::Number));
        assert!(settable("resolution.clauses").is_none() && settable("document.nothing").is_none());
    }

    /// docs/input-format.md has a row `| `name` | type |` for every key, in its table's
    /// section.
    #[test]
    fn the_documentation_has_every_key_with_its_type() {
        let docs = include_str!("../../docs/input-format.md");
        let section = |heading: &str| {
            let start = docs.find(heading).unwrap_or_else(|| panic!("docs/input-format.md has no section {heading}"));
            let rest = &docs[start + heading.len()..];
            &rest[..rest.find("\n## ").unwrap_or(rest.len())]
        };
        for key in CONTRACT {
            let heading = match key.table {
                Table::Root | Table::Margin => continue,
                Table::Document => "## `[document]`",
                Table::Group | Table::Organization => "## `[[signatories]]`",
                Table::Resolution | Table::Item => "## `[resolution]` and `[[resolution.clauses]]`",
                Table::Style => "## `[style]`",
                Table::Fonts => "## `[fonts]`",
                Table::Signing => "## `[signing]`",
            };
            let row = format!("| `{}` | {} |", key.name, key.kind.docs_name());
            assert!(section(heading).contains(&row), "docs/input-format.md, {heading}, lacks the row `{row}`");
        }
    }
}
