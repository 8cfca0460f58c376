//! The input format as a JSON Schema, for editors that complete and check TOML (Taplo,
//! Even Better TOML read a `#:schema` line). These types describe the contract only;
//! the parser in `parse.rs` is what reads it, and a test checks every shipped file
//! against this schema, so the two cannot drift apart unnoticed.
#![allow(dead_code)]

use schemars::JsonSchema;

/// A formal resolution for resolution-pdf.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "resolution-pdf input")]
struct Contract {
    document: DocumentTable,
    /// One table per country group, printed in this order.
    signatories: Option<Vec<Group>>,
    resolution: Option<ResolutionTable>,
    signing: Option<SigningTable>,
    style: Option<StyleTable>,
    fonts: Option<FontsTable>,
}

/// The title, the front matter and the metadata.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct DocumentTable {
    /// The title (required). Inline markup: *italic*, **bold**.
    title: String,
    subtitle: Option<String>,
    /// A short form of the title for the running head (at most 60 characters are used).
    short_title: Option<String>,
    /// BCP 47 language tag: "en" (default), "ja" for Japanese typesetting.
    lang: Option<String>,
    /// Printed with the date under the title.
    place: Option<String>,
    /// A TOML date, e.g. 2005-08-01 (unquoted).
    #[schemars(extend("format" = "date"))]
    date: Option<String>,
    /// The issuing body (PDF metadata).
    author: Option<String>,
    /// A lead paragraph under the title (also the PDF subject).
    summary: Option<String>,
    /// Printed as "To: …".
    addressee: Option<String>,
    /// The sentence that introduces the signatories.
    approval: Option<String>,
    /// Keywords for the PDF metadata.
    keywords: Option<Vec<String>>,
}

/// The organisations of one country.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Group {
    /// The heading printed above the organisations.
    country: String,
    organizations: Vec<Organization>,
}

/// An organisation: its name, or a table.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Organization {
    Name(String),
    Table(OrganizationTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct OrganizationTable {
    name: String,
    /// The person who signs.
    representative: Option<String>,
    /// The representative's title or office.
    title: Option<String>,
    /// A scanned signature (PNG, JPEG, TIFF, BMP, WebP, GIF), relative to the TOML file.
    signature: Option<String>,
    /// A seal image, placed beside the signature line.
    seal: Option<String>,
}

/// Paragraphs: one string or an array of strings.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Paragraphs {
    One(String),
    Many(Vec<String>),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ResolutionTable {
    /// Paragraphs before the operative clauses.
    preamble: Option<Paragraphs>,
    /// The sentence that introduces the clauses.
    intro: Option<String>,
    /// The numbered clauses ([[resolution.clauses]]).
    clauses: Option<Vec<Item>>,
    /// Paragraphs after the clauses.
    closing: Option<Paragraphs>,
}

/// A clause, item or sub-item: its text, or a table with sub-items (three levels at most).
#[derive(JsonSchema)]
#[serde(untagged)]
enum Item {
    Text(String),
    Table(ItemTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ItemTable {
    text: String,
    items: Option<Vec<Item>>,
}

/// The signature page.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SigningTable {
    /// Add a signature page with a block per organisation.
    page: Option<bool>,
    /// Printed on every block's date line.
    #[schemars(extend("format" = "date"))]
    date: Option<String>,
    /// Blocks per row (default 2; 1 when two blocks would be narrower than 14 em).
    #[schemars(range(min = 1, max = 3))]
    columns: Option<u8>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct StyleTable {
    /// Paper size (default A4).
    paper: Option<Paper>,
    /// Margins in millimetres: one number, or a table of sides (default 25, at least 10).
    margin_mm: Option<Margins>,
    /// Body size in points (default 11).
    #[schemars(range(min = 6, max = 36))]
    font_size_pt: Option<f64>,
    clause_numbering: Option<Numbering>,
    item_numbering: Option<Numbering>,
    subitem_numbering: Option<Numbering>,
    /// Signatories in one or two columns.
    #[schemars(range(min = 1, max = 2))]
    signatory_columns: Option<u8>,
    /// Japanese dates with the era name (平成17年8月1日).
    japanese_era: Option<bool>,
    /// The short title at the top of every page after the first (default: on for documents of more than two pages).
    running_head: Option<bool>,
}

#[derive(JsonSchema)]
enum Paper {
    A4,
    A5,
    B5,
    #[serde(rename = "JIS-B5")]
    JisB5,
    Letter,
    Legal,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum Margins {
    All(#[schemars(range(min = 10))] f64),
    Sides(MarginTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct MarginTable {
    top: Option<f64>,
    bottom: Option<f64>,
    left: Option<f64>,
    right: Option<f64>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Numbering {
    UpperRoman,
    LowerRoman,
    Decimal,
    LowerAlpha,
    UpperAlpha,
    Kanji,
    Dai,
    Parenthesized,
    Circled,
}

/// Fonts replacing the built-in ones: paths relative to the TOML file.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct FontsTable {
    body: Option<String>,
    bold: Option<String>,
    italic: Option<String>,
    bold_italic: Option<String>,
    cjk: Option<String>,
    cjk_heading: Option<String>,
    fallback: Option<Paragraphs>,
}

/// The JSON Schema of the input format, pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Contract);
    serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_knows_every_key_of_the_parser() {
        let schema = json_schema();
        let keys = super::super::KEYS;
        for key in keys.document.iter().chain(keys.style).chain(keys.fonts).chain(keys.signing).chain(keys.organization).chain(keys.resolution) {
            assert!(schema.contains(&format!("\"{key}\"")), "the schema lacks `{key}`");
        }
    }
}
