//! The input format as a JSON Schema, for editors that complete and check TOML (Taplo,
//! Even Better TOML read a `#:schema` line). The types below give the schema its shape
//! (nesting, alternatives, limits); every key's description comes from the contract's
//! table ([`super::contract::CONTRACT`]), and a test holds the schema's keys and types
//! to that table. tests/contract.rs holds `check` and the schema to the same verdicts.
#![allow(dead_code)]

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::contract::{CONTRACT, Table};
use super::{LABEL_KEYS, LabelKey};

/// A formal resolution for resolution-pdf.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "resolution-pdf input")]
struct Contract {
    document: DocumentTable,
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
    title: NonEmpty,
    subtitle: Option<String>,
    short_title: Option<String>,
    lang: Option<NonEmpty>,
    place: Option<String>,
    #[schemars(extend("format" = "date"))]
    date: Option<String>,
    author: Option<String>,
    summary: Option<String>,
    addressee: Option<String>,
    approval: Option<String>,
    keywords: Option<Paragraphs>,
}

/// The organisations of one country.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Group {
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
    representative: Option<String>,
    title: Option<String>,
    signature: Option<NonEmpty>,
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
    preamble: Option<Paragraphs>,
    intro: Option<String>,
    clauses: Option<Vec<Clause>>,
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
    page: Option<bool>,
    #[schemars(extend("format" = "date"))]
    date: Option<String>,
    #[schemars(range(min = 1, max = 3))]
    columns: Option<u8>,
    fields: Option<bool>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct StyleTable {
    paper: Option<Paper>,
    margin_mm: Option<Margins>,
    #[schemars(range(min = 6, max = 36))]
    font_size_pt: Option<f64>,
    clause_numbering: Option<Numbering>,
    item_numbering: Option<Numbering>,
    subitem_numbering: Option<Numbering>,
    #[schemars(range(min = 1, max = 2))]
    signatory_columns: Option<u8>,
    japanese_era: Option<bool>,
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

/// Font files: one path or an array of them, none empty.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Paths {
    One(NonEmpty),
    Many(Vec<NonEmpty>),
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
                // no control characters (the parser refuses them), and unless the key may
                // be left empty, something that is not a space
                let pattern = if key.may_be_empty() { LABEL_ANY } else { LABEL_SAYS_SOMETHING };
                let property = serde_json::json!({ "type": "string", "pattern": pattern, "description": label_description(key) });
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

/// A label without control characters (Unicode's Cc, as `char::is_control`).
const LABEL_ANY: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
/// The same, with at least one character that is not a space.
const LABEL_SAYS_SOMETHING: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$";

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
    fallback: Option<Paths>,
}

/// The JSON Schema of the input format, pretty-printed.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Contract).to_value();
    optional_is_not_null(&mut schema);
    let defs = schema.get("$defs").cloned().unwrap_or_default();
    alternatives_merged(&mut schema, &defs);
    described_from_the_contract(&mut schema);
    serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".into())
}

/// The table of the contract a definition of the schema is (None for the root, the
/// labels and the value types).
fn table_of_definition(name: &str) -> Option<Table> {
    Some(match name {
        "DocumentTable" => Table::Document,
        "Group" => Table::Group,
        "Organization" | "OrganizationTable" => Table::Organization,
        "ResolutionTable" => Table::Resolution,
        "Clause" | "ClauseTable" | "Item" | "ItemTable" | "SubItem" | "SubItemTable" => Table::Item,
        "StyleTable" => Table::Style,
        "Margins" | "MarginTable" => Table::Margin,
        "FontsTable" => Table::Fonts,
        "SigningTable" => Table::Signing,
        _ => return None,
    })
}

/// Each property's description: its key's line in the contract.
fn described_from_the_contract(schema: &mut serde_json::Value) {
    let describe = |properties: Option<&mut serde_json::Value>, table: Table| {
        let Some(serde_json::Value::Object(properties)) = properties else { return };
        for (name, property) in properties.iter_mut() {
            if let Some(key) = CONTRACT.iter().find(|k| k.table == table && k.name == name) {
                property["description"] = key.doc.into();
            }
        }
    };
    describe(schema.get_mut("properties"), Table::Root);
    if let Some(serde_json::Value::Object(defs)) = schema.get_mut("$defs") {
        for (name, def) in defs.iter_mut() {
            if let Some(table) = table_of_definition(name) {
                describe(def.get_mut("properties"), table);
            }
        }
    }
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

    /// The JSON types a key's kind allows, as the schema writes them.
    use super::super::contract::Kind;

    fn json_types(kind: Kind) -> &'static [&'static str] {
        match kind {
            Kind::Text | Kind::Lang | Kind::Choice | Kind::Date | Kind::Path => &["string"],
            Kind::Paths | Kind::Paragraphs => &["string", "array"],
            Kind::Strings => &["string", "array"],
            Kind::Tables | Kind::Organizations | Kind::Items => &["array"],
            Kind::Number => &["number"],
            Kind::Integer => &["integer"],
            Kind::Boolean => &["boolean"],
            Kind::NumberOrSides => &["number", "object"],
            Kind::Table => &["object"],
        }
    }

    #[test]
    fn the_schema_has_the_contracts_keys_kinds_and_descriptions() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let defs = schema["$defs"].as_object().unwrap();
        let resolve = |v: &serde_json::Value| -> serde_json::Value {
            match v.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/$defs/")) {
                Some(name) => defs[name].clone(),
                None => v.clone(),
            }
        };
        let tables = [
            (None, Table::Root),
            (Some("DocumentTable"), Table::Document),
            (Some("Group"), Table::Group),
            (Some("OrganizationTable"), Table::Organization),
            (Some("ResolutionTable"), Table::Resolution),
            (Some("ItemTable"), Table::Item),
            (Some("StyleTable"), Table::Style),
            (Some("MarginTable"), Table::Margin),
            (Some("FontsTable"), Table::Fonts),
            (Some("SigningTable"), Table::Signing),
        ];
        for (def, table) in tables {
            let object = def.map_or(&schema, |d| &defs[d]);
            let properties = object["properties"].as_object().unwrap_or_else(|| panic!("{def:?} has properties"));
            let mut in_schema: Vec<&str> = properties.keys().map(String::as_str).collect();
            let mut in_contract: Vec<&str> = CONTRACT.iter().filter(|k| k.table == table).map(|k| k.name).collect();
            in_schema.sort_unstable();
            in_contract.sort_unstable();
            assert_eq!(in_schema, in_contract, "{table:?}: the schema's keys and the contract's");
            for key in CONTRACT.iter().filter(|k| k.table == table) {
                let property = resolve(&properties[key.name]);
                let types: Vec<String> = match &property["type"] {
                    serde_json::Value::String(t) => vec![t.clone()],
                    serde_json::Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap().to_string()).collect(),
                    _ => panic!("{table:?}.{}: no type in {property}", key.name),
                };
                assert_eq!(types, json_types(key.kind), "{table:?}.{}", key.name);
                assert_eq!(properties[key.name]["description"], key.doc, "{table:?}.{}", key.name);
            }
        }
        for name in super::super::Numbering::NAMES {
            assert!(json_schema().contains(&format!("\"{name}\"")), "the schema lacks the numbering `{name}`");
        }
    }

    #[test]
    fn labels_are_strings_described_from_the_key_list() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let labels = &schema["$defs"]["LabelsTable"];
        assert_eq!(labels["additionalProperties"], false);
        let copy_for = &labels["properties"]["copy_for"];
        assert_eq!(copy_for["type"], "string");
        assert_eq!(copy_for["pattern"], LABEL_SAYS_SOMETHING);
        assert_eq!(
            copy_for["description"],
            "Footer of a signatory's own copy. English: \"Copy for {organization}\". Placeholders: {organization}."
        );
        assert_eq!(labels["properties"]["to"]["pattern"], LABEL_ANY, "`to` may be empty");
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
