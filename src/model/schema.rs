//! The input format as a JSON Schema, for editors that complete and check TOML (Taplo,
//! Even Better TOML read a `#:schema` line). These types describe the contract only;
//! the parser in `parse.rs` is what reads it, and a test checks every shipped file
//! against this schema, so the two cannot drift apart unnoticed.
#![allow(dead_code)]

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{LABEL_KEYS, LabelKey};

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
    labels: Option<LabelsTable>,
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
    /// BCP 47 language tag, read by ICU: "en" (default). Built-in labels and dates for en, ja, ko, zh-Hans, zh-Hant, fr, de, es; others get English labels unless [labels] rewords them. "ja" selects Japanese typesetting.
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
    /// An empty digital-signature field over every block's signing line (default true).
    fields: Option<bool>,
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

/// A numbering name: the parser's own list, so that a new numbering is in the schema too.
struct Numbering;

impl JsonSchema for Numbering {
    fn schema_name() -> Cow<'static, str> {
        "Numbering".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": super::Numbering::NAMES })
    }
}

/// The words the program prints itself, reworded: a property per key of [`LABEL_KEYS`],
/// so the schema, the parser and the documentation share one list.
struct LabelsTable;

impl JsonSchema for LabelsTable {
    fn schema_name() -> Cow<'static, str> {
        "LabelsTable".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let properties: serde_json::Map<String, serde_json::Value> = LABEL_KEYS
            .iter()
            .map(|key| {
                let mut property = serde_json::json!({ "type": "string", "description": label_description(key) });
                if !key.may_be_empty() {
                    property["minLength"] = 1.into();
                }
                (key.name.to_string(), property)
            })
            .collect();
        json_schema!({
            "description": "The words the program prints itself, reworded (any language; needed for languages without built-in labels). Placeholders are written {name}, literal braces {{ and }}.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}

/// "Before the addressee. English: \"To:\". May be empty." and the like.
fn label_description(key: &LabelKey) -> String {
    let mut doc = key.doc.to_string();
    if let Some(first) = doc.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let placeholders = match key.placeholders {
        [] => "No placeholders".to_string(),
        names => format!("Placeholders: {}", names.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")),
    };
    let empty = if key.may_be_empty() { " May be empty (the label is left out)." } else { "" };
    format!("{doc}. English: \"{}\". {placeholders}.{empty}", key.english)
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
        for key in keys
            .root
            .iter()
            .chain(keys.document)
            .chain(keys.style)
            .chain(keys.fonts)
            .chain(keys.signing)
            .chain(keys.organization)
            .chain(keys.resolution)
            .chain(keys.labels)
        {
            assert!(schema.contains(&format!("\"{key}\"")), "the schema lacks `{key}`");
        }
        for name in super::super::Numbering::NAMES {
            assert!(schema.contains(&format!("\"{name}\"")), "the schema lacks the numbering `{name}`");
        }
    }

    #[test]
    fn labels_are_strings_described_from_the_key_list() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let labels = &schema["$defs"]["LabelsTable"];
        assert_eq!(labels["additionalProperties"], false);
        let copy_for = &labels["properties"]["copy_for"];
        assert_eq!(copy_for["type"], "string");
        assert_eq!(copy_for["minLength"], 1);
        assert_eq!(
            copy_for["description"],
            "Footer of a signatory's own copy. English: \"Copy for {organization}\". Placeholders: {organization}."
        );
        assert!(labels["properties"]["to"].get("minLength").is_none(), "`to` may be empty");
        assert_eq!(labels["properties"].as_object().unwrap().len(), LABEL_KEYS.len());

        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let with_labels = |labels: serde_json::Value| serde_json::json!({ "document": { "title": "T", "lang": "fr" }, "labels": labels });
        assert!(validator.is_valid(&with_labels(serde_json::json!({ "to": "", "copy_for": "Exemplaire de {organization}" }))));
        for bad in [serde_json::json!({ "copy_fro": "x" }), serde_json::json!({ "to": 5 }), serde_json::json!({ "copy_for": "" })] {
            assert!(!validator.is_valid(&with_labels(bad.clone())), "{bad}");
        }
        let korean = serde_json::json!({ "document": { "title": "T" }, "style": { "clause_numbering": "jo", "item_numbering": "hangul" } });
        assert!(validator.is_valid(&korean));
    }
}
