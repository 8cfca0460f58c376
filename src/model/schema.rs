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
    title: NonEmpty,
    subtitle: Option<String>,
    /// A short form of the title for the running head (at most 60 characters are used).
    short_title: Option<String>,
    /// BCP 47 language tag, read by ICU: "en" (default). Built-in labels and dates for en, ja, ko, zh-Hans, zh-Hant, fr, de, es; others get English labels unless [labels] rewords them. "ja" selects Japanese typesetting.
    lang: Option<NonEmpty>,
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
    country: NonEmpty,
    #[schemars(length(min = 1))]
    organizations: Vec<Organization>,
}

/// An organisation: its name, or a table.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Organization {
    Name(NonEmpty),
    Table(OrganizationTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct OrganizationTable {
    name: NonEmpty,
    /// The person who signs.
    representative: Option<String>,
    /// The representative's title or office.
    title: Option<String>,
    /// A scanned signature (PNG, JPEG, TIFF, BMP, WebP, GIF), relative to the TOML file.
    signature: Option<NonEmpty>,
    /// A seal image, placed beside the signature line.
    seal: Option<NonEmpty>,
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
    clauses: Option<Vec<Clause>>,
    /// Paragraphs after the clauses.
    closing: Option<Paragraphs>,
}

/// A clause: its text, or a table with items (clauses, items and sub-items: three levels
/// at most, so each level is a type of its own).
#[derive(JsonSchema)]
#[serde(untagged)]
enum Clause {
    Text(NonEmpty),
    Table(ClauseTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ClauseTable {
    text: NonEmpty,
    items: Option<Vec<Item>>,
}

/// An item of a clause: its text, or a table with sub-items.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Item {
    Text(NonEmpty),
    Table(ItemTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ItemTable {
    text: NonEmpty,
    items: Option<Vec<SubItem>>,
}

/// A sub-item, the third level: text only.
#[derive(JsonSchema)]
#[serde(untagged)]
enum SubItem {
    Text(NonEmpty),
    Table(SubItemTable),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SubItemTable {
    text: NonEmpty,
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

/// A paper size: the parser's own spellings, so that the two agree on every value.
struct Paper;

impl JsonSchema for Paper {
    fn schema_name() -> Cow<'static, str> {
        "Paper".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let spellings: Vec<&str> = super::Paper::SPELLINGS.iter().map(|(s, _)| *s).collect();
        json_schema!({ "type": "string", "enum": spellings })
    }
}

/// A text that must say something (the parser refuses an empty or blank one).
struct NonEmpty;

impl JsonSchema for NonEmpty {
    fn schema_name() -> Cow<'static, str> {
        "NonEmptyText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "\\S", "description": "Not empty." })
    }
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
    #[schemars(range(min = 10))]
    top: Option<f64>,
    #[schemars(range(min = 10))]
    bottom: Option<f64>,
    #[schemars(range(min = 10))]
    left: Option<f64>,
    #[schemars(range(min = 10))]
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
    body: Option<NonEmpty>,
    bold: Option<NonEmpty>,
    italic: Option<NonEmpty>,
    bold_italic: Option<NonEmpty>,
    cjk: Option<NonEmpty>,
    cjk_heading: Option<NonEmpty>,
    fallback: Option<Paragraphs>,
}

/// The JSON Schema of the input format, pretty-printed.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Contract).to_value();
    optional_is_not_null(&mut schema);
    let defs = schema.get("$defs").cloned().unwrap_or_default();
    alternatives_merged(&mut schema, &defs);
    serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".into())
}

/// An untagged choice of types — a string or a table (an organisation, a clause), a
/// number or a table (`margin_mm`) — as one schema with a list of types, where each
/// keyword applies to its own type (`minimum` to numbers, `properties` to tables): an
/// editor then says "5 is less than the minimum of 10" at the value, not that it is "not
/// valid under any of the schemas listed in the 'anyOf' keyword".
fn alternatives_merged(value: &mut serde_json::Value, defs: &serde_json::Value) {
    use serde_json::{Map, Value};
    let Some(map) = value.as_object_mut() else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(|v| alternatives_merged(v, defs));
        }
        return;
    };
    if let Some(Value::Array(options)) = map.get("anyOf") {
        let resolved: Vec<Value> = options
            .iter()
            .map(|o| match o.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
                Some(name) => defs.get(name).cloned().unwrap_or(Value::Null),
                None => o.clone(),
            })
            .collect();
        let mut merged = Map::new();
        let mut types = Vec::new();
        let mergeable = resolved.iter().all(|option| {
            let Some(option) = option.as_object() else { return false };
            let Some(Value::String(kind)) = option.get("type") else { return false };
            if types.contains(kind) || ["enum", "const", "anyOf", "oneOf", "allOf", "$ref"].iter().any(|k| option.contains_key(*k)) {
                return false;
            }
            types.push(kind.clone());
            option.iter().filter(|(k, _)| !["type", "description", "title"].contains(&k.as_str())).all(|(k, v)| merged.insert(k.clone(), v.clone()).is_none())
        });
        if mergeable {
            map.remove("anyOf");
            map.insert("type".into(), Value::Array(types.into_iter().map(Value::String).collect()));
            map.extend(merged);
        }
    }
    map.values_mut().for_each(|v| alternatives_merged(v, defs));
}

/// schemars writes an `Option` as "T or null" (`anyOf [T, {type: null}]`, `type: [T,
/// "null"]`), but TOML has no null: optional means not required, and the anyOf made every
/// message of an editor "not valid under any of the schemas listed in the 'anyOf'".
fn optional_is_not_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            let is_null = |v: &Value| v.get("type").is_some_and(|t| t == "null");
            if let Some(Value::Array(options)) = map.get("anyOf")
                && options.iter().any(is_null)
            {
                let mut rest: Vec<Value> = options.iter().filter(|o| !is_null(o)).cloned().collect();
                map.remove("anyOf");
                if rest.len() == 1 {
                    if let Value::Object(only) = rest.remove(0) {
                        for (k, v) in only {
                            map.entry(k).or_insert(v);
                        }
                    }
                } else {
                    map.insert("anyOf".into(), Value::Array(rest));
                }
            }
            map.values_mut().for_each(optional_is_not_null);
        }
        Value::Array(items) => items.iter_mut().for_each(optional_is_not_null),
        _ => {}
    }
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
