//! The parallel edition (`build ORIGINAL --parallel TRANSLATION`), read back from the PDF
//! with lopdf: every clause and item of the English column stands on the same baseline
//! as its Japanese counterpart, the Japanese column keeps kinsoku, both texts are there,
//! the signature page comes once, and a translation of another structure is refused.

mod common;

use std::process::Command;

use common::kinsoku::kinsoku_violations;
use common::positions::{PlacedGlyph, TextLine, placed_glyphs};
use common::*;

fn parallel(original: &str, translation: &str) -> (std::process::Output, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parallel.pdf");
    let result = Command::new(bin())
        .args(["build", original, "--parallel", translation, "-o", out.to_str().unwrap()])
        .current_dir(repo())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let bytes = std::fs::read(&out).unwrap_or_default();
    (result, bytes)
}

/// Lines of one column: glyphs left (or right) of the page's middle, grouped by baseline.
fn column_lines(glyphs: &[PlacedGlyph], right: bool, middle: f32) -> Vec<TextLine> {
    let mut glyphs: Vec<PlacedGlyph> = glyphs.iter().filter(|g| (g.x >= middle) == right).cloned().collect();
    glyphs.sort_by(|a, b| (a.page, a.y, a.x).partial_cmp(&(b.page, b.y, b.x)).unwrap());
    let mut lines: Vec<TextLine> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if line.page == g.page && (line.y - g.y).abs() < 1.0 => line.glyphs.push(g),
            _ => lines.push(TextLine { page: g.page, y: g.y, glyphs: vec![g] }),
        }
    }
    lines
}

const ROMAN: [&str; 7] = ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."];
const KANJI: [&str; 7] = ["一、", "二、", "三、", "四、", "五、", "六、", "七、"];

#[test]
fn clause_and_item_numbers_of_both_columns_stand_level() {
    let (result, pdf) = parallel("input/resolution.toml", "input/resolution.ja.toml");
    assert!(result.status.success(), "{}", stderr(&result));
    let glyphs = placed_glyphs(&pdf);
    let middle = 595.0 / 2.0;
    let english = column_lines(&glyphs, false, middle);
    let japanese = column_lines(&glyphs, true, middle);

    // the clauses: I. … VII. beside 一、 … 七、
    let mut checked = 0;
    for (roman, kanji) in ROMAN.iter().zip(KANJI) {
        let e = english.iter().find(|l| l.text().starts_with(roman)).unwrap_or_else(|| panic!("no English clause {roman}"));
        let j = japanese.iter().find(|l| l.text().starts_with(kanji)).unwrap_or_else(|| panic!("no Japanese clause {kanji}"));
        assert_eq!(e.page, j.page, "clause {roman} and {kanji} on one page");
        assert!((e.y - j.y).abs() < 0.5, "clause {roman} at {} but {kanji} at {} on page {}", e.y, j.y, e.page);
        checked += 1;
    }
    assert_eq!(checked, 7);

    // the items of the clauses, in order: "1." beside "（1）"
    let english_items: Vec<&TextLine> = english.iter().filter(|l| l.text().split_once('.').is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))).collect();
    let japanese_items: Vec<&TextLine> = japanese.iter().filter(|l| l.text().starts_with('（') && l.text().chars().nth(1).is_some_and(|c| c.is_ascii_digit())).collect();
    assert_eq!(english_items.len(), 6, "the reference has six items (clauses I and II)");
    assert_eq!(english_items.len(), japanese_items.len(), "as many items on both sides");
    for (e, j) in english_items.iter().zip(&japanese_items) {
        assert_eq!(e.page, j.page, "{} / {}", e.text(), j.text());
        assert!((e.y - j.y).abs() < 0.5, "item `{}` at {} but `{}` at {}", e.text(), e.y, j.text(), j.y);
    }

    // kinsoku holds in the Japanese column (the footer, "n / N", is below 800 pt)
    let bad = kinsoku_violations(&japanese, 800.0);
    assert!(bad.is_empty(), "{bad:#?}");
    // no English line runs into the gutter
    // (on the pages of two columns, above the footer)
    // (pages with Japanese on the right only: the signature pages' bilingual labels stand
    // in both halves)
    let japanese_at = |left: bool| -> std::collections::HashSet<usize> {
        glyphs.iter().filter(|g| (g.x < middle) == left && g.text.chars().any(|c| c > '\u{3000}')).map(|g| g.page).collect()
    };
    let two_columns: std::collections::HashSet<usize> = japanese_at(false).difference(&japanese_at(true)).copied().collect();
    assert!(two_columns.len() >= 5, "{two_columns:?}");
    let body = || glyphs.iter().filter(|g| two_columns.contains(&g.page) && g.y < 800.0);
    let gutter_start = body().filter(|g| g.x < middle).map(|g| g.x + g.width).fold(0.0f32, f32::max);
    let japanese_start = body().filter(|g| g.x >= middle).map(|g| g.x).fold(f32::INFINITY, f32::min);
    assert!(japanese_start - gutter_start > 15.0, "a gutter between the columns: {gutter_start} .. {japanese_start}");

    // both texts, one signature page (the original's)
    let text: String = english.iter().chain(&japanese).map(|l| l.text()).collect();
    assert!(text.contains("Joint Resolution") && text.contains("共同決議"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let fields = doc.objects.values().filter_map(|o| o.as_dict().ok()).filter(|d| d.get(b"FT").is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Sig"))).count();
    assert_eq!(fields, 15, "one signature field per organisation: the signature page once");
    assert!(text.contains("Name / 氏名："), "the signature page's labels in both languages");
    assert_eq!(text.matches("北朝鮮難民救援基金").count(), 2, "the organisation in the Japanese column and under its English name on the signature page");
    assert!(text.contains("Japan / 日本"), "the signature page's countries in both languages");

    // the outline in both languages: the title's entry and its first section's
    let outlines = doc.catalog().unwrap().get(b"Outlines").unwrap().as_reference().unwrap();
    let first = doc.get_dictionary(outlines).unwrap().get(b"First").unwrap().as_reference().unwrap();
    let entry = doc.get_dictionary(first).unwrap();
    let title = |d: &lopdf::Dictionary| decode_pdf_string(d.get(b"Title").unwrap().as_str().unwrap());
    assert!(title(entry).contains(" / ") && title(entry).contains("共同決議"), "{}", title(entry));
    let child = doc.get_dictionary(entry.get(b"First").unwrap().as_reference().unwrap()).unwrap();
    assert_eq!(title(child), "Signatories / 署名団体");
}

#[test]
fn a_translation_of_another_structure_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ja = std::fs::read_to_string(repo().join("input/resolution.ja.toml")).unwrap();
    // drop the last clause of the translation
    let cut = ja.rfind("[[resolution.clauses]]").unwrap();
    let mutated = dir.path().join("short.ja.toml");
    std::fs::write(&mutated, &ja[..cut]).unwrap();
    let (result, pdf) = parallel("input/resolution.toml", mutated.to_str().unwrap());
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    // compare's error, at the translation's line, stops the build
    assert!(stderr(&result).contains("no parallel edition was made"), "{}", stderr(&result));
    assert!(stderr(&result).contains("short.ja.toml:"), "located in the translation: {}", stderr(&result));
    assert!(pdf.is_empty(), "no output");
}

#[test]
fn parallel_takes_one_original() {
    let out = Command::new(bin()).args(["build", "input/resolution.toml", "input/resolution.ko.toml", "--parallel", "input/resolution.ja.toml"]).current_dir(repo()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give one ORIGINAL.toml"), "{}", stderr(&out));
}
