//! Scripts making many documents in one run: personalised copies from a CSV, a folder of
//! good and bad inputs with a JSON report, standard input and output, the schema, init.

mod common;

use std::process::{Command, Stdio};

use common::*;

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_in(dir, args)
}

#[test]
fn a_hundred_personalised_copies_from_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(repo().join("examples/minimal.toml"), d.join("r.toml")).unwrap();
    let mut csv = String::from("document.addressee,document.date\n");
    for i in 1..=100 {
        csv += &format!("\"The Parliament of Member State No. {i}\",2024-03-{:02}\n", i % 28 + 1);
    }
    std::fs::write(d.join("members.csv"), csv).unwrap();
    // the output folder does not exist yet: it is made
    let started = std::time::Instant::now();
    let out = run(d, &["build", "r.toml", "--each", "members.csv", "--name", "{document.addressee}", "--out-dir", "out", "--json"]);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    eprintln!("100 personalised copies in {elapsed:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the JSON report parses");
    let documents = report["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 100);
    assert!(report["ok"].as_bool().unwrap());
    let mut seen = std::collections::HashSet::new();
    for (i, doc) in documents.iter().enumerate() {
        let path = std::path::PathBuf::from(doc["output"].as_str().unwrap());
        assert_eq!(path.file_name().unwrap().to_str().unwrap(), format!("the-parliament-of-member-state-no-{}.pdf", i + 1));
        let bytes = std::fs::read(d.join(&path)).unwrap();
        assert!(seen.insert(bytes.clone()), "copy {} is not distinct", i + 1);
        let text = searchable(&read_pdf(&bytes).text());
        assert!(contains_sentence(&text, &format!("To: The Parliament of Member State No. {}", i + 1)), "copy {} has the wrong addressee", i + 1);
        assert_eq!(doc["status"], "ok");
        assert_eq!(doc["row"], i + 2, "rows are numbered as in a spreadsheet, the header being row 1");
        assert_eq!(doc["copy_for"], serde_json::Value::Null);
        assert!(doc["pages"].as_u64().unwrap() >= 1 && doc["bytes"].as_u64().unwrap() > 1000);
    }
}

#[test]
fn a_folder_of_good_and_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inputs = d.join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("a-good.toml"), "[document]\ntitle = \"Good one\"\n").unwrap();
    std::fs::write(inputs.join("b-bad.toml"), "[document]\ntitle = \"Bad\"\nadressee = \"X\"\n[style]\npaper = \"A3\"\n").unwrap();
    std::fs::write(inputs.join("c-good.toml"), "[document]\ntitle = \"Good two\"\n").unwrap();
    std::fs::write(inputs.join("d-syntax.toml"), "[document\ntitle = \"x\"\n").unwrap();
    std::fs::write(inputs.join("notes.txt"), "not an input").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    let out = run(d, &["build", "inputs", "--out-dir", "out", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the JSON report parses");
    assert_eq!(report["ok"], false);
    let documents = report["documents"].as_array().unwrap();
    let statuses: Vec<&str> = documents.iter().map(|d| d["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["ok", "invalid", "ok", "invalid"]);
    assert!(documents.iter().all(|d| d["row"].is_null() && d["copy_for"].is_null()));
    assert!(d.join("out/a-good.pdf").exists() && d.join("out/c-good.pdf").exists());
    assert!(!d.join("out/b-bad.pdf").exists() && !d.join("out/d-syntax.pdf").exists());
    let bad = &documents[1]["diagnostics"];
    assert_eq!(bad.as_array().unwrap().len(), 2, "every problem of the file: {bad}");
    assert_eq!(bad[0]["line"], 3);
    assert_eq!(bad[0]["column"], 1);
    assert!(bad[0]["message"].as_str().unwrap().contains("did you mean `addressee`"));
    assert_eq!(bad[1]["line"], 5);
    assert!(bad[1]["file"].as_str().unwrap().ends_with("b-bad.toml"));
    assert_eq!(documents[3]["diagnostics"][0]["line"], 1);

    // without --json the same problems go to standard error, cargo-style
    let out = run(d, &["check", "inputs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("b-bad.toml:3:1: unknown key `adressee`") && err.contains("d-syntax.toml:1:"), "{err}");

    // --fail-fast stops after the first failure (one job at a time to make it certain)
    let out = run(d, &["check", "inputs", "--fail-fast", "--jobs", "1", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let statuses: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["ok", "invalid", "skipped", "skipped"]);
}

#[test]
fn unknown_keys_in_set_and_csv_name_their_origin() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("r.toml"), "[document]\ntitle = \"T\"\n").unwrap();
    // a --set key the format does not have is a slip of the command line (exit 2, as the
    // manual says), said once whatever the number of inputs and rows
    std::fs::write(d.join("r2.toml"), "[document]\ntitle = \"T\"\n").unwrap();
    let out = run(d, &["check", "r.toml", "r2.toml", "--set", "document.adressee=X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--set document.adressee: the input format has no key `document.adressee` that can be set"), "{}", stderr(&out));
    assert!(stderr(&out).contains("did you mean `document.addressee`?"), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("adressee`").count(), 1, "{}", stderr(&out));
    // a date from outside the file had no quotes to remove
    let out = run(d, &["check", "r.toml", "--set", "document.date=2024-02-30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("\"2024-02-30\" is not one") && !stderr(&out).contains("quotes"), "{}", stderr(&out));
    let out = run(d, &["check", "r.toml", "--set", "resolution.clauses=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("write them in the TOML file"), "{}", stderr(&out));
    std::fs::write(d.join("rows.csv"), "document.addressee,document.colour\nA,red\n").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    let out = run(d, &["build", "r.toml", "--each", "rows.csv", "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(1));
    // a column that names no key: once, at the header, not once per row; every such column
    std::fs::write(d.join("two.csv"), "document.adressee,style.colour\nA,red\n").unwrap();
    let two = run(d, &["build", "r.toml", "--each", "two.csv", "--out-dir", "out"]);
    assert!(stderr(&two).contains("`document.adressee`") && stderr(&two).contains("`style.colour`"), "{}", stderr(&two));
    assert!(stderr(&out).contains("rows.csv: the header (row 1) names `document.colour`, which is not a key that can be set"), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("document.colour").count(), 1, "{}", stderr(&out));
    // a spreadsheet saved with semicolons is told so
    std::fs::write(d.join("semi.csv"), "document.addressee;document.place\nA;Tokyo\n").unwrap();
    let out = run(d, &["build", "r.toml", "--each", "semi.csv", "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("separated by semicolons"), "{}", stderr(&out));
    let out = run(d, &["check", "r.toml", "--set", "noequals"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(d, &["build", "r.toml", "--each", "rows.csv"]);
    assert_eq!(out.status.code(), Some(2), "--each needs --out-dir");
    // a file where the output folder should be is left alone
    std::fs::write(d.join("rows2.csv"), "document.addressee\nA\n").unwrap();
    std::fs::write(d.join("taken"), "not a folder").unwrap();
    let out = run(d, &["build", "r.toml", "--each", "rows2.csv", "--out-dir", "taken"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("cannot write to taken: it is not a directory"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(d.join("taken")).unwrap(), "not a folder");
}

#[test]
fn standard_input_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin())
        .args(["build", "-", "-o", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"[document]\ntitle = \"From a pipe\"\ndate = 2024-01-02\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(read_pdf(&out.stdout).text().contains("From a pipe"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written to disk");
}

#[test]
fn an_undated_pipe_needs_a_date_for_pdf_a() {
    // Standard input has no modification time to fall back on, and PDF/A requires a date.
    let pipe = |standard: &str, epoch: Option<&str>| {
        let mut command = Command::new(bin());
        command.args(["build", "-", "-o", "-", "--pdf-standard", standard]).env_remove("SOURCE_DATE_EPOCH");
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"[document]\ntitle = \"Undated\"\n").unwrap();
        child.wait_with_output().unwrap()
    };
    let out = pipe("a-2a+ua-1", None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>") && err.contains("date = YYYY-MM-DD") && err.contains("SOURCE_DATE_EPOCH"), "{err}");
    assert!(!err.contains("MissingDocumentDate"), "{err}");
    for (standard, epoch) in [("ua-1", None), ("none", None), ("a-2b", Some("1122854400"))] {
        let out = pipe(standard, epoch);
        assert!(out.status.success(), "{standard}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(read_pdf(&out.stdout).text().contains("Undated"));
    }
}

#[test]
fn init_writes_a_starter_that_builds_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for lang in ["en", "ja"] {
        let name = format!("start-{lang}.toml");
        let out = run(d, &["init", "--lang", lang, &name]);
        assert!(out.status.success(), "{}", stderr(&out));
        let out = run(d, &["build", &name]);
        assert!(out.status.success(), "{lang}: {}", stderr(&out));
        assert!(read_pdf(&std::fs::read(d.join(format!("start-{lang}.pdf"))).unwrap()).pages >= 1);
        let again = run(d, &["init", "--lang", lang, &name]);
        assert_eq!(again.status.code(), Some(3), "an existing file is not replaced without --force");
    }
}

#[test]
fn init_makes_a_folder_with_the_starter_and_the_schema_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (arg, folder) in [("new/", "new"), ("deeper/still", "deeper/still")] {
        let out = run(d, &["init", "--lang", "ko", arg]);
        assert!(out.status.success(), "{arg}: {}", stderr(&out));
        let starter = std::fs::read_to_string(d.join(folder).join("resolution.toml")).unwrap();
        let schema_line = starter.lines().next().unwrap();
        let schema_name = schema_line.strip_prefix("#:schema ./").expect("a #:schema line first");
        let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(d.join(folder).join(schema_name)).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let starter: toml::Value = toml::from_str(&starter).unwrap();
        assert!(validator.is_valid(&to_json(&starter)), "{arg}: the starter passes its own schema");
        assert_eq!(run(d, &["build", &format!("{folder}/resolution.toml")]).status.code(), Some(0));
    }
    // a folder where the schema would go stops the starter too: both or neither
    std::fs::create_dir_all(d.join("blocked/resolution.schema.json")).unwrap();
    assert_eq!(run(d, &["init", "blocked"]).status.code(), Some(3));
    assert!(!d.join("blocked/resolution.toml").exists());
    // a file where a folder would go is named
    std::fs::write(d.join("plain"), "").unwrap();
    let out = run(d, &["init", "plain/x"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("plain is a file, not a folder"), "{}", stderr(&out));
}

/// A TOML value as JSON, with dates as strings (as editors' TOML language servers see them).
fn to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => (*f).into(),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(to_json).collect::<Vec<_>>().into(),
        toml::Value::Table(t) => t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect::<serde_json::Map<_, _>>().into(),
    }
}

#[test]
fn the_schema_accepts_every_shipped_input_and_rejects_unknown_keys() {
    let out = run(&repo(), &["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut files = shipped_inputs();
    files.push(repo().join("examples/signed/resolution.toml"));
    for file in files {
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&to_json(&value)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
    let bad: toml::Value = toml::from_str("[document]\ntitle = \"T\"\nadressee = \"x\"\n[style]\npaper = \"A3\"\n").unwrap();
    assert!(validator.iter_errors(&to_json(&bad)).count() >= 2);
}

#[test]
fn completions_and_manual() {
    let out = run(&repo(), &["completions", "bash"]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("--per-signatory"));
    let out = run(&repo(), &["man"]);
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && page.contains(".TH"));
    // one page with every subcommand's options and what clap cannot know, not a stub
    // pointing to pages that do not exist
    for expected in ["RESOLUTION-PDF BUILD", "RESOLUTION-PDF CHECK", "pdf\\-standard", "per\\-signatory", "EXIT STATUS", "JSON REPORT", "SOURCE_DATE_EPOCH"] {
        assert!(page.contains(expected), "`{expected}` not in the manual page");
    }
    assert!(!page.contains("resolution-pdf-build(1)") && !page.contains("resolution\\-pdf\\-build(1)"), "{page}");
    for expected in ["ENVIRONMENT", "NO_COLOR", "FILES", "resolution.schema.json", "INPUT FORMAT", "document.addressee", "style.margin_mm.top"] {
        assert!(page.contains(&expected.replace('-', "\\-")) || page.contains(expected), "`{expected}` not in the manual page");
    }
    // every long option of every subcommand, as `--help` lists them
    for sub in ["build", "check", "watch", "sign", "verify", "compare", "init"] {
        let help = run(&repo(), &[sub, "--help"]);
        let help = String::from_utf8_lossy(&help.stdout);
        let options: Vec<&str> = help
            .split_whitespace()
            .filter_map(|w| w.strip_prefix("--"))
            .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .collect();
        assert!(options.len() >= 3 || sub == "init" || sub == "verify", "{sub}: {options:?}");
        for option in options {
            let roff = format!("\\fB\\-\\-{}\\fR", option.replace('-', "\\-"));
            assert!(page.contains(&roff), "the manual page lacks `{sub} --{option}` ({roff})");
        }
    }
}

/// Standard output that cannot be written (a full disk) is an output failure, status 3,
/// with a message; never a panic (status 101).
#[test]
fn a_full_standard_output_is_reported_not_a_crash() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let minimal = repo().join("examples/minimal.toml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("m.pdf");
    let commands: [&[&str]; 5] = [
        &["schema"],
        &["completions", "bash"],
        &["man"],
        &["check", minimal.to_str().unwrap(), "--json"],
        &["build", minimal.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--json"],
    ];
    for args in commands {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(bin()).args(args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot write to standard output"), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}: {}", stderr(&out));
    }
}

/// A run stopped before any document (a CSV that cannot be read, a wrong option) still
/// gives a JSON report when one was asked for, with the problem at its top.
#[test]
fn a_stopped_run_still_reports_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("r.toml"), "[document]\ntitle = \"T\"\n").unwrap();
    std::fs::write(d.join("short.csv"), "document.addressee,document.place\nA\n").unwrap();
    for (args, code) in [
        (vec!["build", "r.toml", "--each", "missing.csv", "--out-dir", "out", "--json"], 1),
        (vec!["build", "r.toml", "--each", "short.csv", "--out-dir", "out", "--json"], 1),
        (vec!["build", "r.toml", "--no-such-option", "--json"], 2),
    ] {
        let out = run(d, &args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
        assert_eq!(report["ok"], false);
        assert_eq!(report["documents"].as_array().map(Vec::len), Some(0));
        let message = report["diagnostics"][0]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{args:?}: {report}");
    }
}

/// Mistakes in naming the outputs are refused before anything is written: a --name key
/// the copies do not set, an unclosed brace, --name without --each, two inputs written to
/// one file; a short CSV row is named by its row.
#[test]
fn naming_mistakes_are_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("r.toml"), "[document]\ntitle = \"T\"\n").unwrap();
    std::fs::write(d.join("rows.csv"), "document.addressee\nA\nB\n").unwrap();
    std::fs::write(d.join("short.csv"), "document.addressee,document.place\nA,Tokyo\nB\n").unwrap();
    std::fs::write(d.join("empty.csv"), "").unwrap();
    let cases: [(&[&str], i32, &str); 7] = [
        (&["build", "r.toml", "--each", "rows.csv", "--out-dir", "out", "--name", "{document.title}"], 2, "uses {document.title}, which is not a column of rows.csv"),
        (&["build", "r.toml", "--each", "rows.csv", "--out-dir", "out", "--name", "{document.adressee}"], 2, "did you mean {document.addressee}?"),
        (&["build", "r.toml", "--each", "rows.csv", "--out-dir", "out", "--name", "{document.addressee"], 2, "a `{` is not closed"),
        (&["build", "r.toml", "--name", "x"], 2, "--name names the copies made with --each"),
        (&["build", "r.toml", "./r.toml"], 2, "would both be written to"),
        (&["build", "r.toml", "--each", "short.csv", "--out-dir", "out"], 1, "short.csv: row 3 has 1 field but the header has 2"),
        (&["build", "r.toml", "--each", "empty.csv", "--out-dir", "out"], 1, "empty.csv: the CSV file is empty"),
    ];
    for (args, code, message) in cases {
        let out = run(d, args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(!d.join("r.pdf").exists() && !d.join("out").exists(), "{args:?} wrote something");
    }
}

#[test]
fn csv_files_are_read_with_a_bound_and_strictly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("r.toml"), "[document]\ntitle = \"R\"\n").unwrap();
    // a quote opened in row 3 and never closed
    std::fs::write(d.join("open.csv"), "document.addressee\n\"A, with a comma\"\n\"B\nC\n").unwrap();
    // the same key twice
    std::fs::write(d.join("twice.csv"), "document.addressee,document.place,document.addressee\nA,Tokyo,B\n").unwrap();
    let cases: &[(&str, &str)] = &[
        ("open.csv", "row 3: a quoted value is not closed"),
        ("twice.csv", "the header (row 1) names `document.addressee` twice"),
        ("/dev/zero", "larger than 64 MB"),
    ];
    for (csv, expected) in cases {
        let started = std::time::Instant::now();
        let out = run(d, &["build", "r.toml", "--each", csv, "--out-dir", "out"]);
        assert_eq!(out.status.code(), Some(1), "{csv}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{csv}: expected `{expected}` in\n{}", stderr(&out));
        assert!(!d.join("out").exists() || std::fs::read_dir(d.join("out")).unwrap().next().is_none(), "{csv}: no output");
        // (not a speed target: a guard against reading /dev/zero until the memory is full)
        assert!(started.elapsed().as_secs() < 30, "{csv}");
    }
    // quotes used well: escaped quotes and a line break inside a value
    std::fs::write(d.join("good.csv"), "document.addressee\n\"The \"\"Forum\"\"\nof NGOs\"\n").unwrap();
    let out = run(d, &["build", "r.toml", "--each", "good.csv", "--out-dir", "good"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // a column of bad values is one problem with its rows listed, not one per row
    std::fs::write(d.join("sizes.csv"), "document.addressee,style.font_size_pt\nA,11pt\nB,12\nC,10pt\nD,9pt\n").unwrap();
    let out = run(d, &["build", "r.toml", "--each", "sizes.csv", "--out-dir", "sizes"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches("must be a number").count(), 1, "{err}");
    assert!(err.contains("(in rows 2, 4 and 5 of sizes.csv, column `style.font_size_pt`)"), "{err}");
}

/// The README's naming table, row by row.
#[test]
fn out_dir_names_follow_one_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("in/a")).unwrap();
    std::fs::create_dir_all(d.join("b")).unwrap();
    let minimal = std::fs::read_to_string(repo().join("examples/minimal.toml")).unwrap();
    std::fs::write(d.join("in/r.ja.toml"), &minimal).unwrap();
    std::fs::write(d.join("in/a/x.toml"), &minimal).unwrap();
    std::fs::write(d.join("b/x.toml"), &minimal).unwrap();
    let names = |folder: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(d.join(folder)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let ok = |args: &[&str]| {
        let out = run(d, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };

    // 1. an input alone and the same input from a folder: its file stem as it is
    ok(&["build", "in/r.ja.toml", "--out-dir", "one", "-q"]);
    ok(&["build", "in", "--out-dir", "folder", "-q"]);
    assert_eq!(names("one"), ["r.ja.pdf"]);
    assert_eq!(names("folder"), ["r.ja.pdf"]);

    // 2. --each rows without a name: stem and row, zero-padded to the last row (2 … 11)
    let rows: String = std::iter::once("document.addressee\n".to_string()).chain((1..=10).map(|i| format!("Member {i}\n"))).collect();
    std::fs::write(d.join("rows.csv"), rows).unwrap();
    ok(&["build", "in/r.ja.toml", "--each", "rows.csv", "--out-dir", "rows", "-q"]);
    let expected: Vec<String> = (2..=11).map(|r| format!("r.ja-{r:02}.pdf")).collect();
    assert_eq!(names("rows"), expected);

    // 3. --name: the pattern filled and slugged to portable ASCII
    std::fs::write(d.join("names.csv"), "document.addressee\nAssemblée nationale\n特定失踪者問題調査会\n").unwrap();
    ok(&["build", "in/r.ja.toml", "--each", "names.csv", "--name", "{document.addressee} {row}", "--out-dir", "named", "-q"]);
    assert_eq!(names("named"), ["assemblee-nationale-2.pdf", "te-ding-shi-zong-zhe-wen-ti-diao-cha-hui-3.pdf"]);

    // 4. a `file` column: the value as given, only characters no file name may hold replaced
    std::fs::write(d.join("files.csv"), "document.addressee,file\nA,Sweden Copy.PDF\nB,Assemblée: nationale/2\n").unwrap();
    ok(&["build", "in/r.ja.toml", "--each", "files.csv", "--out-dir", "files", "-q"]);
    assert_eq!(names("files"), ["Assemblée- nationale-2.pdf", "Sweden Copy.pdf"]);

    // 5. --per-signatory: the organisation's name as a slug
    std::fs::write(
        d.join("orgs.toml"),
        "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"C\"\norganizations = [\"Women’s League of Burma\", \"서울 난민 포럼\"]\n",
    )
    .unwrap();
    ok(&["build", "orgs.toml", "--per-signatory", "--out-dir", "copies", "-q"]);
    assert_eq!(names("copies"), ["seoul-nanmin-poreom.pdf", "women-s-league-of-burma.pdf"]);

    // 6. two outputs of one name: refused (exit 2) naming both, nothing written, no -2
    let refused = |args: &[&str], both: &[&str]| {
        let out = run(d, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("would both be written to"), "{err}");
        for name in both {
            assert!(err.contains(name), "{args:?}: `{name}` not named in {err}");
        }
    };
    refused(&["build", "in/a/x.toml", "b/x.toml", "--out-dir", "two"], &["in/a/x.toml", "b/x.toml"]);
    std::fs::write(d.join("same.csv"), "document.addressee\nThe Diet\nthe diet!\n").unwrap();
    refused(&["build", "in/r.ja.toml", "--each", "same.csv", "--name", "{document.addressee}", "--out-dir", "two"], &["(row 2)", "(row 3)"]);
    std::fs::write(d.join("twins.toml"), "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"C\"\norganizations = [\"Aid Korea\", \"AID-Korea\"]\n").unwrap();
    refused(&["build", "twins.toml", "--per-signatory", "--out-dir", "two"], &["the copy for Aid Korea", "the copy for AID-Korea"]);
    // names one file system takes for one: case, Unicode normalisation
    std::fs::write(d.join("case.csv"), "document.addressee,file\nX,Copy\nY,copy\n").unwrap();
    refused(&["build", "in/r.ja.toml", "--each", "case.csv", "--out-dir", "two"], &["(row 2)", "(row 3)"]);
    std::fs::write(d.join("nfc.csv"), "document.addressee,file\nX,R\u{e9}sum\u{e9}\nY,Re\u{301}sume\u{301}\n").unwrap();
    refused(&["build", "in/r.ja.toml", "--each", "nfc.csv", "--out-dir", "two"], &["(row 2)", "(row 3)"]);
    // a refused run leaves no folder behind
    assert!(!d.join("two").exists());

    // a file value in another script, and one too long for a file system in bytes
    std::fs::write(d.join("cjk.csv"), format!("document.addressee,file\nX,東京\nY,{}a\n", "議".repeat(150))).unwrap();
    ok(&["build", "in/r.ja.toml", "--each", "cjk.csv", "--out-dir", "cjk", "-q"]);
    let cjk = names("cjk");
    assert!(cjk.contains(&"東京.pdf".to_string()), "{cjk:?}");
    assert!(cjk.iter().all(|n| n.len() <= 204), "{cjk:?}");
    // a --name pattern a row leaves empty: the row's name
    std::fs::write(d.join("blank.csv"), "document.addressee,document.place\n,P\nQ,R\n").unwrap();
    ok(&["build", "in/r.ja.toml", "--each", "blank.csv", "--name", "{document.addressee}", "--out-dir", "blank", "-q"]);
    assert_eq!(names("blank"), ["q.pdf", "r.ja-2.pdf"]);
}
