//! `check` and the JSON Schema editors use (`resolution-pdf schema`) give every fixture
//! of tests/fixtures/contract the same verdict. Each fixture says what `check` must say
//! (`# check: ok` or `# check: error`); a rule no JSON Schema can express is named in a
//! `# schema cannot tell: …` line, and there only the schema accepts. CI runs the same
//! fixtures through Taplo, as editors read the schema.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{bin, repo};

/// A TOML value as JSON, dates as strings (as editors' TOML language servers see them).
fn to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(to_json).collect(),
        toml::Value::Table(t) => t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect::<serde_json::Map<_, _>>().into(),
    }
}

struct Fixture {
    path: PathBuf,
    text: String,
    check_accepts: bool,
    schema_cannot_tell: Option<String>,
}

fn fixtures() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(repo().join("tests/fixtures/contract")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let check_accepts = match text.lines().next() {
                Some("# check: ok") => true,
                Some("# check: error") => false,
                other => panic!("{}: the first line says `# check: ok` or `# check: error`, not {other:?}", path.display()),
            };
            let schema_cannot_tell = text.lines().find_map(|l| l.strip_prefix("# schema cannot tell: ")).map(String::from);
            Fixture { path, text, check_accepts, schema_cannot_tell }
        })
        .collect()
}

#[test]
fn check_and_the_schema_agree_on_every_fixture() {
    let out = Command::new(bin()).arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // formats checked, as Taplo checks them (`date` must be a date, not a date-time)
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("a valid JSON Schema");

    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "the fixtures are there");
    let mut disagreements = Vec::new();
    for f in &fixtures {
        let name = f.path.file_name().unwrap().to_string_lossy();
        let checked = Command::new(bin()).arg("check").arg(&f.path).output().unwrap();
        let check_accepts = checked.status.success();
        if check_accepts != f.check_accepts {
            disagreements.push(format!("{name}: check says {}, the fixture says {}: {}", verdict(check_accepts), verdict(f.check_accepts), String::from_utf8_lossy(&checked.stderr)));
            continue;
        }
        // a syntax error is the TOML parser's, the same for both
        let Ok(value) = toml::from_str::<toml::Value>(&f.text) else { continue };
        let errors: Vec<String> = validator.iter_errors(&to_json(&value)).map(|e| e.to_string()).collect();
        let schema_accepts = errors.is_empty();
        let expected = f.check_accepts || f.schema_cannot_tell.is_some();
        if schema_accepts != expected {
            disagreements.push(format!("{name}: check says {}, the schema {} {errors:?}", verdict(check_accepts), verdict(schema_accepts)));
        }
        // the schema's messages name what is wrong, not an anyOf of alternatives
        for e in &errors {
            if e.contains("anyOf") || e.contains("any of the schemas") {
                disagreements.push(format!("{name}: the schema's message says nothing: {e}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

fn verdict(accepts: bool) -> &'static str {
    if accepts { "ok" } else { "error" }
}
