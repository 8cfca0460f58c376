//! The Japanese edition at many text widths and sizes, read back from the PDF with
//! positions: no line breaks a kinsoku rule (JIS X 4051 / JLREQ), no glyph leaves the
//! text block, and all the text is there.

mod common;

use common::kinsoku::{kinsoku_violations, without_label};
use common::positions::{placed_glyphs, text_lines};
use common::*;

#[test]
fn the_label_stripper_knows_our_labels() {
    assert_eq!(without_label("一、国際人権調査団を"), "国際人権調査団を");
    assert_eq!(without_label("十二、条"), "条");
    assert_eq!(without_label("（2）中国から"), "中国から");
    assert_eq!(without_label("③調査"), "調査");
    assert_eq!(without_label("・北朝鮮難民救援基金"), "北朝鮮難民救援基金");
    assert_eq!(without_label("（ビルマ）"), "（ビルマ）");
    assert_eq!(without_label("、で始まる"), "、で始まる");
}

#[test]
fn japanese_edition_at_many_widths_and_sizes() {
    let source = std::fs::read_to_string(repo().join("input/resolution.ja.toml")).unwrap();
    assert!(!source.contains("[style]"), "the test adds its own [style]");
    let expected = expected_sentences(&source);
    let dir = tempfile::tempdir().unwrap();
    let mut lines_checked = 0;
    for margin in [15.0f32, 25.0, 35.0, 45.0, 60.0] {
        for size in [9.0f32, 10.5, 12.0, 14.0] {
            let toml = format!("{source}\n[style]\nmargin_mm = {margin}\nfont_size_pt = {size}\n");
            let input = dir.path().join(format!("ja-{margin}-{size}.toml"));
            std::fs::write(&input, toml).unwrap();
            let bytes = build(&input);
            let what = format!("margins {margin} mm, {size} pt");

            // no glyph's box leaves the text block (the page number sits below it)
            let pdf = read_pdf(&bytes);
            let pt = 72.0 / 25.4;
            let (left, right, bottom) = (margin * pt, pdf.sizes[0].0 - margin * pt, pdf.sizes[0].1 - margin * pt);
            for g in placed_glyphs(&bytes) {
                if g.y > bottom || g.text.trim().is_empty() {
                    continue;
                }
                assert!(g.x >= left - 0.01 && g.x + g.width <= right + 0.01, "{what}: `{}` at {}..{} on page {} leaves {left}..{right}", g.text, g.x, g.x + g.width, g.page);
            }

            // no line starts or ends with a prohibited character
            let lines = text_lines(&bytes);
            let bad = kinsoku_violations(&lines, bottom);
            assert!(bad.is_empty(), "{what}:\n{}", bad.join("\n"));
            lines_checked += lines.len();

            // and every sentence is there
            let hay = searchable(&pdf.text());
            let missing: Vec<&String> = expected.iter().filter(|s| !contains_sentence(&hay, s)).collect();
            assert!(missing.is_empty(), "{what}: missing {missing:#?}");
        }
    }
    assert!(lines_checked > 2000, "{lines_checked} lines checked");
}

#[test]
fn japanese_metadata_and_fonts() {
    let bytes = build(&repo().join("input/resolution.ja.toml"));
    let (lang, outline) = catalog_facts(&bytes);
    assert_eq!(lang.as_deref(), Some("ja"));
    assert_eq!(outline[1].1, "署名団体");
    assert!(outline.iter().any(|(_, t, _)| t.starts_with("一、")), "clauses numbered 一、 by default: {outline:?}");
    let pdf = read_pdf(&bytes);
    let names: Vec<&str> = pdf.fonts.iter().map(|f| f.base_font.as_str()).collect();
    assert!(names.iter().any(|n| n.ends_with("IPAexMincho")), "body in Mincho: {names:?}");
    assert!(names.iter().any(|n| n.ends_with("IPAexGothic")), "headings in Gothic: {names:?}");
    assert!(names.iter().any(|n| n.ends_with("NotoSerif-Light")), "Latin in the Latin face (Light beside the Mincho): {names:?}");
    assert!(contains_sentence(&searchable(&pdf.text()), "2005年8月1日 東京にて"), "the date in Japanese, then the place");
}

/// Runs that cannot be broken by the rules and are longer than a line — a hash, a number
/// of forty digits, a row of leaders, a long Latin name — are cut as a last resort (never
/// before a mark kinsoku forbids at a line start), not left to run past the margin.
#[test]
fn unbreakable_runs_longer_than_a_line_stay_inside_the_margins() {
    let leaders = "…".repeat(120);
    let dashes = "—".repeat(90);
    let number = vec!["000"; 30].join(",");
    let source = format!(
        "[document]\ntitle = \"テスト\"\nlang = \"ja\"\ndate = 2005-08-01\n\
         [[signatories]]\ncountry = \"日本\"\norganizations = [\"団体{}\"]\n\
         [resolution]\npreamble = [\"これは{leaders}である。\", \"これは{dashes}である。\", \"約10,{number}人。\", \
         \"識別子はSHA256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08である。\"]\n",
        "InternationalOrganisationForEverything".repeat(4),
    );
    let dir = tempfile::tempdir().unwrap();
    for (paper, margin) in [("A5", 15.0f32), ("A5", 25.0), ("A4", 25.0), ("A4", 45.0)] {
        let input = dir.path().join(format!("long-{paper}-{margin}.toml"));
        std::fs::write(&input, format!("{source}[style]\npaper = \"{paper}\"\nmargin_mm = {margin}\n")).unwrap();
        let bytes = build(&input);
        let what = format!("{paper}, margins {margin} mm");
        let pdf = read_pdf(&bytes);
        let pt = 72.0 / 25.4;
        let (left, right, bottom) = (margin * pt, pdf.sizes[0].0 - margin * pt, pdf.sizes[0].1 - margin * pt);
        for g in placed_glyphs(&bytes) {
            if g.y > bottom || g.text.trim().is_empty() {
                continue;
            }
            assert!(g.x >= left - 0.01 && g.x + g.width <= right + 0.01, "{what}: `{}` at {}..{} leaves {left}..{right}", g.text, g.x, g.x + g.width);
        }
        let lines = text_lines(&bytes);
        let bad = kinsoku_violations(&lines, bottom);
        assert!(bad.is_empty(), "{what}:\n{}", bad.join("\n"));
        let hay = searchable(&pdf.text());
        assert!(contains_sentence(&hay, "識別子はSHA256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08である。"), "{what}");
    }
}
