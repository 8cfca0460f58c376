//! `compare ORIGINAL TRANSLATION`: the shipped editions agree with the original, and each
//! kind of difference, made in a copy of them, is reported at its exact line and column in
//! the translation — in the human output and in the JSON report — with the original's
//! place in the hint.

mod common;

use common::*;

/// The shipped input `name` (in input/).
fn shipped(name: &str) -> String {
    std::fs::read_to_string(repo().join("input").join(name)).unwrap()
}

/// `text` with `from` replaced by `to`, once; the replacement must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the text");
    text.replacen(from, to, 1)
}

/// The 1-based line and column (in characters) where `needle` first occurs in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// What one run of `compare orig.toml tr.toml` said.
struct Compared {
    code: Option<i32>,
    human: String,
    json: serde_json::Value,
    original: String,
    translation: String,
}

impl Compared {
    /// The diagnostics of the translation in the JSON report.
    fn diagnostics(&self) -> Vec<serde_json::Value> {
        self.json["documents"][1]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Asserts there is a diagnostic of `severity` at `(line, column)` of tr.toml whose
    /// message contains `message` and whose hint names `orig.toml:l:c` (when given), in
    /// both outputs; returns its JSON.
    fn has(&self, severity: &str, at: (usize, usize), message: &str, original_at: Option<(usize, usize)>) -> serde_json::Value {
        let (line, column) = at;
        let headline = format!("{severity}: tr.toml:{line}:{column}: ");
        let found = self.human.lines().any(|l| l.starts_with(&headline) && l.contains(message));
        assert!(found, "expected `{headline}…{message}…` in:\n{}", self.human);
        assert!(self.human.contains(&format!("\n{line} | ")), "the snippet shows line {line}:\n{}", self.human);
        let diagnostic = self
            .diagnostics()
            .into_iter()
            .find(|d| d["severity"] == severity && d["line"] == line && d["column"] == column && d["message"].as_str().is_some_and(|m| m.contains(message)))
            .unwrap_or_else(|| panic!("no {severity} at {line}:{column} `{message}` in the JSON report:\n{:#}", self.json));
        assert_eq!(diagnostic["file"], "tr.toml");
        if let Some((l, c)) = original_at {
            let place = format!("orig.toml:{l}:{c}");
            let hint = diagnostic["hint"].as_str().unwrap_or_default();
            assert!(hint.contains(&place), "the hint names {place}: {hint}");
            assert!(self.human.contains(&place), "the human output names {place}:\n{}", self.human);
        }
        diagnostic
    }

    /// Asserts the run found exactly `errors` errors and `warnings` warnings.
    fn counts(&self, errors: usize, warnings: usize) {
        let of = |severity: &str| self.diagnostics().iter().filter(|d| d["severity"] == severity).count();
        assert_eq!((of("error"), of("warning")), (errors, warnings), "in:\n{}", self.human);
    }
}

/// Write `original` and `translation` to a fresh folder and compare them, as people read
/// it and as JSON.
fn compare(original: &str, translation: &str) -> Compared {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orig.toml"), original).unwrap();
    std::fs::write(dir.path().join("tr.toml"), translation).unwrap();
    let out = run_in(dir.path(), &["compare", "orig.toml", "tr.toml"]);
    let human = stderr(&out);
    let json_out = run_in(dir.path(), &["compare", "orig.toml", "tr.toml", "--json"]);
    assert_eq!(out.status.code(), json_out.status.code(), "--json changes nothing but the form");
    assert!(json_out.stderr.is_empty(), "--json prints nothing else: {}", stderr(&json_out));
    let json = serde_json::from_slice(&json_out.stdout).expect("one JSON report");
    Compared { code: out.status.code(), human, json, original: original.into(), translation: translation.into() }
}

/// The English original against a changed copy of its Japanese edition.
fn japanese(change: impl Fn(&str) -> String) -> Compared {
    compare(&shipped("resolution.toml"), &change(&shipped("resolution.ja.toml")))
}

fn korean(change: impl Fn(&str) -> String) -> Compared {
    compare(&shipped("resolution.toml"), &change(&shipped("resolution.ko.toml")))
}

// ---- the shipped editions ------------------------------------------------------------

#[test]
fn the_shipped_editions_agree_with_the_original() {
    for edition in ["resolution.ja.toml", "resolution.ko.toml"] {
        let out = run_in(&repo(), &["compare", "input/resolution.toml", &format!("input/{edition}")]);
        assert_eq!(out.status.code(), Some(0), "{edition}:\n{}", stderr(&out));
        assert!(out.stderr.is_empty(), "no warning for {edition}:\n{}", stderr(&out));
        let out = run_in(&repo(), &["compare", "input/resolution.toml", &format!("input/{edition}"), "--json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["ok"], true);
        assert_eq!(report["version"], 1);
        let inputs: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["input"].as_str().unwrap()).collect();
        assert_eq!(inputs, ["input/resolution.toml", format!("input/{edition}").as_str()]);
        for d in report["documents"].as_array().unwrap() {
            assert_eq!(d["status"], "ok");
            assert_eq!(d["output"], serde_json::Value::Null);
            assert_eq!(d["diagnostics"].as_array().unwrap().len(), 0);
        }
    }
}

#[test]
fn the_reference_pair_compares_every_number() {
    // the library's figures: what `compare` looked at in the reference pair
    let original = resolution_pdf::load(repo().join("input/resolution.toml")).unwrap();
    for edition in ["resolution.ja.toml", "resolution.ko.toml"] {
        let translation = resolution_pdf::load(repo().join("input").join(edition)).unwrap();
        let found = resolution_pdf::compare::compare(&original, &translation);
        assert!(found.diagnostics.is_empty(), "{edition}: {:?}", found.diagnostics);
        // title, place, summary, addressee, approval, author; 4 countries, 15
        // organisations; 6 preamble paragraphs, the intro, 7 clauses, 6 items
        assert_eq!(found.texts, 6 + 4 + 15 + 6 + 1 + 7 + 6, "{edition}");
        // 1 August 2005 (three), Article 47, 10,000 and the 2008 Olympics
        assert_eq!(found.numbers, 6, "{edition}");
    }
}

#[test]
fn an_edition_compared_with_itself_is_clean() {
    let en = shipped("resolution.toml");
    let out = compare(&en, &en);
    assert_eq!(out.code, Some(0));
    out.counts(0, 0);
}

// ---- errors: structure ---------------------------------------------------------------

#[test]
fn an_extra_signatory_group() {
    let out = japanese(|t| edit(t, "[resolution]\n", "[[signatories]]\ncountry = \"英国\"\norganizations = [\"X\"]\n\n[resolution]\n"));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "[[signatories]]\ncountry = \"英国\"");
    let last = out.original.rfind("[[signatories]]").unwrap();
    let original_at = position_of(&out.original[last..], "[[signatories]]");
    let original_at = (original_at.0 + out.original[..last].matches('\n').count(), original_at.1);
    out.has("error", at, "the document has 5 signatory groups where the original has 4", Some(original_at));
    out.counts(1, 0);
    assert_eq!(out.json["ok"], false);
    assert_eq!(out.json["documents"][1]["status"], "invalid");
}

#[test]
fn a_missing_signatory_group() {
    let out = japanese(|t| edit(t, "[[signatories]]\ncountry = \"米国\"\norganizations = [\"ヘルピング・ハンズ・コリア\"]\n\n", ""));
    assert_eq!(out.code, Some(1));
    // at the translation's last group, naming the original's fourth
    let at = position_of(&out.translation, "[[signatories]]\ncountry = \"ミャンマー");
    let original_at = position_of(&out.original, "[[signatories]]\ncountry = \"Myanmar");
    out.has("error", at, "the document has 3 signatory groups where the original has 4", Some(original_at));
    out.counts(1, 0);
}

#[test]
fn a_missing_organisation() {
    let out = japanese(|t| edit(t, "  \"脱北人権連帯\",\n", ""));
    assert_eq!(out.code, Some(1));
    // the group's organizations array, and the original's organisation with no counterpart
    let (line, _) = position_of(&out.translation, "country = \"韓国\"\norganizations = [");
    let at = (line + 1, "organizations = [".len());
    let original_at = position_of(&out.original, "\"Coalition of South Korean Families");
    let d = out.has("error", at, "signatory group 2 has 3 organisations where the original has 4", Some(original_at));
    assert!(d["hint"].as_str().unwrap().contains("organisation 4"), "{d}");
}

#[test]
fn an_extra_preamble_paragraph() {
    let out = korean(|t| edit(t, "]\nintro = ", "  \"덧붙인 문단.\",\n]\nintro = "));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "\"덧붙인 문단.\"");
    let original_at = position_of(&out.original, "\"Nearly 10,000");
    out.has("error", at, "the preamble has 7 paragraphs where the original has 6", Some(original_at));
    out.counts(1, 0);
}

#[test]
fn a_missing_preamble_paragraph() {
    let ja = shipped("resolution.ja.toml");
    let second = ja.lines().find(|l| l.starts_with("  \"北朝鮮難民は祖国の飢餓")).unwrap().to_string();
    let out = japanese(|t| edit(t, &format!("{second}\n"), ""));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "preamble = [");
    let at = (at.0, at.1 + "preamble = ".len());
    // the numbers of the paragraphs that are left are not compared out of line
    out.has("error", at, "the preamble has 5 paragraphs where the original has 6", Some(position_of(&out.original, "\"Nearly 10,000")));
    out.counts(1, 0);
}

#[test]
fn a_missing_clause() {
    let out = japanese(|t| {
        let last = t.rfind("[[resolution.clauses]]").unwrap();
        let signing = t.find("[signing]").unwrap();
        format!("{}{}", &t[..last], &t[signing..])
    });
    assert_eq!(out.code, Some(1));
    let last = out.translation.rfind("[[resolution.clauses]]").unwrap();
    let at = position_of(&out.translation, &out.translation[last..]);
    let original_last = out.original.rfind("[[resolution.clauses]]").unwrap();
    let original_at = position_of(&out.original, &out.original[original_last..]);
    out.has("error", at, "the resolution has 6 clauses where the original has 7", Some(original_at));
    out.counts(1, 0);
}

#[test]
fn a_missing_item() {
    let out = korean(|t| edit(t, "  \"다른 나라에서 북한으로 납치된 피해자들의 현황에 대한 조사.\",\n", ""));
    assert_eq!(out.code, Some(1));
    // the first clause's items array
    let (line, _) = position_of(&out.translation, "items = [");
    let original_at = position_of(&out.original, "\"Whereabouts");
    out.has("error", (line, "items = [".len()), "clause 1 has 3 items where the original has 4", Some(original_at));
    out.counts(1, 0);
}

#[test]
fn different_nesting_either_way() {
    // sub-items in the translation that the original has not
    let out = japanese(|t| edit(t, "\"他国から北朝鮮に拉致された被害者の現状の調査\",", "{ text = \"他国から北朝鮮に拉致された被害者の現状の調査\", items = [\"一\", \"二\"] },"));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "\"一\", \"二\"");
    let original_at = position_of(&out.original, "\"Investigation into the current situation");
    out.has("error", at, "item 3 of clause 1 has 2 sub-items where the original has none", Some(original_at));
    out.counts(1, 0);

    // sub-items in the original that the translation has not
    let original = edit(
        &shipped("resolution.toml"),
        "\"Investigation into the current situation of victims abducted from other countries to North Korea.\",",
        "{ text = \"Investigation into the current situation of victims abducted from other countries to North Korea.\", items = [\"in Japan;\", \"in South Korea.\"] },",
    );
    let out = compare(&original, &shipped("resolution.ja.toml"));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "\"他国から北朝鮮に拉致された被害者の現状の調査\"");
    out.has("error", at, "item 3 of clause 1 has no sub-items where the original has 2", Some(position_of(&out.original, "\"in Japan;\"")));
    out.counts(1, 0);
}

#[test]
fn a_missing_intro() {
    let out = japanese(|t| {
        let intro = t.lines().find(|l| l.starts_with("intro = ")).unwrap();
        edit(t, &format!("{intro}\n"), "")
    });
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "[resolution]");
    out.has("error", at, "the intro is missing; the original has one", Some(position_of(&out.original, "\"Based on the spirit")));
}

// ---- errors: dates and pages ---------------------------------------------------------

#[test]
fn a_different_document_date() {
    let out = japanese(|t| edit(t, "date = 2005-08-01\nauthor", "date = 2005-08-02\nauthor"));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "2005-08-02");
    out.has("error", at, "the document date is 2005-08-02 where the original's is 2005-08-01", Some(position_of(&out.original, "2005-08-01")));
    out.counts(1, 0);
}

#[test]
fn a_missing_date_is_at_the_table() {
    let out = korean(|t| edit(t, "date = 2005-08-01\nauthor", "author"));
    assert_eq!(out.code, Some(1));
    out.has("error", (4, 1), "the document date is missing; the original's is 2005-08-01", Some(position_of(&out.original, "2005-08-01")));
}

#[test]
fn a_different_signing_date() {
    let out = japanese(|t| edit(t, "page = true\ndate = 2005-08-01", "page = true\ndate = 2005-09-01"));
    assert_eq!(out.code, Some(1));
    let at = position_of(&out.translation, "2005-09-01");
    let (signing, _) = position_of(&out.original, "[signing]\npage = true\ndate = ");
    out.has("error", at, "the signing date is 2005-09-01 where the original's is 2005-08-01", Some((signing + 2, 8)));
    out.counts(1, 0);
}

#[test]
fn no_signature_page() {
    let out = japanese(|t| edit(t, "page = true", "page = false"));
    assert_eq!(out.code, Some(1));
    let (line, _) = position_of(&out.translation, "[signing]\npage = false");
    let (original_line, _) = position_of(&out.original, "[signing]\npage = true");
    let d = out.has("error", (line + 1, 8), "`[signing] page` is false where the original's is true", Some((original_line + 1, 8)));
    assert!(d["hint"].as_str().unwrap().contains("signature page"), "{d}");
    out.counts(1, 0);
}

#[test]
fn other_signature_columns_paper_and_signatory_columns() {
    let out = japanese(|t| format!("{}\ncolumns = 3\n\n[style]\npaper = \"B5\"\nsignatory_columns = 2\n", t.trim_end()));
    assert_eq!(out.code, Some(1));
    // the place of each value: just after its `key = `
    let value_of = |key: &str| {
        let (line, _) = position_of(&out.translation, &format!("\n{key} = "));
        (line + 1, format!("{key} = ").len() + 1)
    };
    out.has("error", value_of("columns"), "`[signing] columns` is 3 where the original's is not set", Some(position_of(&out.original, "[signing]")));
    out.has("error", value_of("paper"), "`[style] paper` is `B5` where the original's is `A4`", None);
    out.has("error", value_of("signatory_columns"), "`[style] signatory_columns` is 2 where the original's is 1", None);
    out.counts(3, 0);
}

#[test]
fn typography_may_differ_per_language() {
    // numbering, size, margins, labels, fonts' sizes and the era form of dates are the
    // edition's own
    let out = japanese(|t| {
        format!(
            "{}\n[style]\nfont_size_pt = 10.5\nmargin_mm = 20\nclause_numbering = \"dai\"\nitem_numbering = \"circled\"\njapanese_era = true\nrunning_head = false\n\n[labels]\nresolution = \"決議\"\n",
            t.trim_end()
        )
    });
    assert_eq!(out.code, Some(0), "{}", out.human);
    out.counts(0, 0);
}

// ---- warnings: numbers ---------------------------------------------------------------

#[test]
fn a_changed_article_number_warns() {
    let out = japanese(|t| edit(t, "第47条", "第74条"));
    assert_eq!(out.code, Some(0), "warnings do not fail the run");
    let at = position_of(&out.translation, "74条");
    let d = out.has("warning", at, "preamble paragraph 3 states 74 where the original states 47", Some(position_of(&out.original, "47,")));
    assert_eq!(d["hint"].as_str().unwrap(), format!("the original states 47 at orig.toml:{}:{}", position_of(&out.original, "47,").0, position_of(&out.original, "47,").1));
    out.counts(0, 1);
    assert_eq!(out.json["ok"], true);
    assert!(out.human.starts_with("warning: tr.toml:"), "{}", out.human);
}

#[test]
fn a_changed_myriad_warns_and_faithful_forms_do_not() {
    let out = japanese(|t| edit(t, "1万人", "2万人"));
    out.has("warning", position_of(&out.translation, "2万"), "preamble paragraph 6 states 20000 where the original states 10000", None);
    out.counts(0, 1);
    let out = korean(|t| edit(t, "1만 명", "1천 명"));
    out.has("warning", position_of(&out.translation, "1천"), "preamble paragraph 6 states 1000 where the original states 10000", None);
    // the same numbers written otherwise: full-width digits with separators, kanji
    // numerals, an era year
    for (from, to) in [("1万人", "１０，０００人"), ("第47条", "第四十七条"), ("2005年8月1日", "平成17年8月1日"), ("2008年", "二〇〇八年")] {
        let out = japanese(|t| edit(t, from, to));
        assert_eq!(out.code, Some(0));
        out.counts(0, 0);
    }
    let out = korean(|t| edit(t, "1만 명", "10,000명"));
    out.counts(0, 0);
}

#[test]
fn a_dropped_number_warns_at_the_text() {
    let out = korean(|t| edit(t, "2008년 올림픽", "올림픽"));
    let clause = position_of(&out.translation, "\"중국 정부는 인권을 탄압하는");
    let d = out.has("warning", clause, "clause 4 does not state 2008, which the original does", Some(position_of(&out.original, "2008")));
    assert_eq!(d["severity"], "warning");
    out.counts(0, 1);
}

#[test]
fn a_wrong_day_in_a_date_warns() {
    let out = japanese(|t| edit(t, "2005年8月1日、", "2005年8月2日、"));
    out.has("warning", position_of(&out.translation, "2日、"), "preamble paragraph 1 states 2 where the original states 1", Some(position_of(&out.original, "1 August")));
    out.counts(0, 1);
}

#[test]
fn numbers_in_an_item_are_compared() {
    let out = japanese(|t| edit(t, "国際食糧援助の分配", "2つの国際食糧援助の分配"));
    out.has("warning", position_of(&out.translation, "2つ"), "item 2 of clause 2 states 2, which the original does not", None);
}

// ---- warnings: acronyms and emphasis -------------------------------------------------

#[test]
fn a_dropped_acronym_warns() {
    let out = japanese(|t| edit(t, "（RENK）", ""));
    assert_eq!(out.code, Some(0));
    let at = position_of(&out.translation, "\"救え！");
    out.has("warning", at, "organisation 3 of signatory group 1 lacks the acronym (RENK) of the original", Some(position_of(&out.original, "RENK")));
    out.counts(0, 1);
}

#[test]
fn an_added_acronym_warns() {
    let out = korean(|t| edit(t, "유엔 난민협약", "유엔 난민협약(UNHCR)"));
    out.has("warning", position_of(&out.translation, "UNHCR"), "preamble paragraph 5 has the acronym (UNHCR), which the original does not", None);
    out.counts(0, 1);
    // an acronym given the other way round, outside the parentheses, is the same acronym
    let out = japanese(|t| edit(t, "救え！北朝鮮の民衆／緊急行動ネットワーク（RENK）", "RENK（救え！北朝鮮の民衆／緊急行動ネットワーク）"));
    out.counts(0, 0);
}

#[test]
fn emphasis_in_one_and_not_the_other_warns() {
    let out = japanese(|t| edit(t, "国際人権調査団を直ちに設置し", "*国際人権調査団*を直ちに設置し"));
    out.has("warning", position_of(&out.translation, "*国際"), "clause 1 is emphasised where the original is not", None);
    out.counts(0, 1);
    let original = edit(&shipped("resolution.toml"), "Immediately set up", "**Immediately** set up");
    let out = compare(&original, &shipped("resolution.ko.toml"));
    out.has("warning", position_of(&out.translation, "\"국제 인권 조사단을"), "clause 1 has no emphasis where the original has", Some(position_of(&out.original, "**Immediately")));
    out.counts(0, 1);
}

// ---- inputs that cannot be compared --------------------------------------------------

#[test]
fn an_invalid_input_is_reported_as_check_reports_it() {
    let broken = edit(&shipped("resolution.ja.toml"), "lang = \"ja\"", "lang = \"ja\"\ncolour = \"red\"");
    let out = compare(&shipped("resolution.toml"), &broken);
    assert_eq!(out.code, Some(1));
    out.has("error", (7, 1), "unknown key `colour` in [document]", None);
    // as `check` prints it
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tr.toml"), &broken).unwrap();
    let checked = stderr(&run_in(dir.path(), &["check", "tr.toml"]));
    assert!(out.human.contains(checked.trim_end()), "compare:\n{}\ncheck:\n{checked}", out.human);
    assert_eq!(out.json["documents"][0]["status"], "ok");
    assert_eq!(out.json["documents"][1]["status"], "invalid");
}

#[test]
fn a_missing_file_and_a_wrong_command_line() {
    let out = run_in(&repo(), &["compare", "input/resolution.toml", "input/nothing-here.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("input/nothing-here.toml: cannot read the file: no such file"), "{}", stderr(&out));
    let out = run_in(&repo(), &["compare", "input/resolution.toml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run_in(&repo(), &["compare", "input/resolution.toml", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
}

#[test]
fn the_hint_and_label_are_shown_cargo_style() {
    let out = japanese(|t| edit(t, "第47条", "第74条"));
    let at = position_of(&out.translation, "74条");
    // the place once, in the headline; then the line itself
    let expected_head = format!("warning: tr.toml:{}:{}: preamble paragraph 3 states 74 where the original states 47\n   |\n{} | ", at.0, at.1, at.0);
    assert!(out.human.starts_with(&expected_head), "{}", out.human);
    assert_eq!(out.human.matches(&format!("tr.toml:{}:{}", at.0, at.1)).count(), 1, "{}", out.human);
    assert!(out.human.contains("^^ not in the original"), "{}", out.human);
    assert!(out.human.contains("= help: the original states 47 at orig.toml:"), "{}", out.human);
}
