//! Every language's own words and dates, and Korean as KLREQ sets it, read back from the
//! written PDF with lopdf (text through the fonts' ToUnicode maps, glyph positions from
//! the content streams, font dictionaries).
//!
//! - the Korean reference builds with no `[fonts]`, in built-in Hangul faces embedded as
//!   subsets, with Korean labels and dates, and no line breaks inside a Korean word
//!   (eojeol) at any of several widths and sizes;
//! - the English reference under other language tags prints their labels and dates;
//! - `[labels]` rewords any of them.

mod common;

use std::collections::HashSet;

use common::positions::{PlacedGlyph, text_lines};
use common::{build, build_toml, read_pdf, repo};

fn korean_source() -> String {
    std::fs::read_to_string(repo().join("input/resolution.ko.toml")).unwrap()
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// Every whitespace-separated word of every string in the TOML.
fn source_words(toml_text: &str) -> HashSet<String> {
    fn walk(v: &toml::Value, out: &mut HashSet<String>) {
        match v {
            toml::Value::String(s) => out.extend(s.split_whitespace().map(String::from)),
            toml::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = HashSet::new();
    walk(&toml::Value::Table(toml::from_str(toml_text).unwrap()), &mut out);
    out
}

/// A line's glyphs cut into segments where they are more than 1.5 em apart (the two
/// blocks of a signature row share a baseline), as text; a gap of more than 0.3 em
/// with no space drawn in it counts as a space.
fn segments(glyphs: &[PlacedGlyph]) -> Vec<String> {
    let mut out: Vec<(f32, String)> = Vec::new();
    for g in glyphs {
        match out.last_mut() {
            Some((end, text)) if g.x - *end < 1.5 * g.size => {
                // a label's column (수신:, •, 가.) stands apart with no space glyph
                if g.x - *end > 0.3 * g.size {
                    text.push(' ');
                }
                text.push_str(&g.text);
                *end = g.x + g.width;
            }
            _ => out.push((g.x + g.width, g.text.clone())),
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// The Korean words on the PDF's lines that are not whole words of the input or of the
/// program's own Korean (labels, the date, list numbers).
fn broken_korean_words(pdf: &[u8], words: &HashSet<String>) -> (Vec<String>, usize) {
    let mut broken = Vec::new();
    let mut checked = 0;
    for line in text_lines(pdf) {
        for segment in segments(&line.glyphs) {
            for token in segment.split_whitespace() {
                if !token.chars().any(is_hangul) {
                    continue;
                }
                checked += 1;
                if !words.contains(token) {
                    broken.push(format!("page {}: `{token}` in `{segment}`", line.page));
                }
            }
        }
    }
    (broken, checked)
}

#[test]
fn korean_words_are_never_broken_inside() {
    let source = korean_source();
    let mut words = source_words(&source);
    // what the program prints in Korean: labels, the date, the list numbers 가. 나. …
    words.extend(
        ["수신:", "서명", "단체", "결의문", "결의문,", "성명:", "직위:", "일자:", "(계속)", "보관용", "2005년", "8월", "1일", "도쿄에서"].map(String::from),
    );
    for c in "가나다라마바사아자차카타파하".chars() {
        words.extend([format!("{c}."), format!("{c})")]);
    }
    // the widths of a Korean edition in practice: A4 at several margins and sizes, and a
    // narrow A5 where every line has few words to choose from
    let settings = [("A4", 25, 11.0), ("A4", 35, 10.5), ("A4", 20, 12.0), ("A5", 15, 10.0), ("A5", 20, 9.0)];
    for (paper, margin, size) in settings {
        let toml = format!("{source}\n[style]\npaper = \"{paper}\"\nmargin_mm = {margin}\nfont_size_pt = {size}\n");
        let pdf = build_toml(&toml);
        let (broken, checked) = broken_korean_words(&pdf, &words);
        assert!(checked > 400, "{paper} {margin} mm {size} pt: only {checked} Korean words found");
        assert!(broken.is_empty(), "{paper} {margin} mm {size} pt: words broken inside:\n{}", broken.join("\n"));
    }
}

#[test]
fn a_broken_word_would_be_seen() {
    // the check above can fail: Korean text under an English tag breaks between
    // syllables (UAX #14's default for Hangul), and those cuts are found
    let source = korean_source();
    let words = source_words(&source);
    let pdf = build_toml(&source.replacen("lang = \"ko\"", "lang = \"en\"", 1));
    let (broken, _) = broken_korean_words(&pdf, &words);
    assert!(broken.len() >= 5, "{broken:?}");
}

#[test]
fn the_korean_reference_needs_no_fonts_table_and_speaks_korean() {
    let source = korean_source();
    assert!(!source.contains("[fonts]"));
    let pdf = build(&repo().join("input/resolution.ko.toml"));
    let facts = read_pdf(&pdf);
    let text = lines_text(&pdf);
    for expected in ["수신:", "서명 단체", "결의문", "2005년 8월 1일 도쿄에서", "성명:", "직위:", "일자: 2005년 8월 1일", "1 / "] {
        assert!(text.contains(expected), "`{expected}` is not in the Korean edition:\n{text}");
    }
    for english in ["To:", "Signatories", "Resolution", "Signatures", "Name:", "Title:", "Date:", "August"] {
        assert!(!text.contains(english), "`{english}` in the Korean edition");
    }
    // items numbered 가. 나. under clauses numbered 1. 2.
    assert!(text.contains("가.") && text.contains("나.") && text.contains("1."), "{text}");
    for face in ["NanumMyeongjo", "NanumGothic"] {
        let font = facts.fonts.iter().find(|f| f.base_font.contains(face)).unwrap_or_else(|| panic!("no {face} in {:?}", facts.fonts));
        assert!(font.embedded && font.subset && font.to_unicode, "{font:?}");
    }
}

/// The reference with another language tag (its text stays English).
fn reference_as(lang: &str, extra: &str) -> String {
    let source = std::fs::read_to_string(repo().join("input/resolution.toml")).unwrap();
    let pdf = build_toml(&(source.replacen("lang = \"en\"", &format!("lang = \"{lang}\""), 1) + extra));
    lines_text(&pdf)
}

/// The PDF's text line by line, from the glyphs' positions.
fn lines_text(pdf: &[u8]) -> String {
    text_lines(pdf).iter().map(|l| l.text()).collect::<Vec<_>>().join("\n")
}

#[test]
fn labels_and_dates_in_each_language() {
    let cases: &[(&str, &[&str])] = &[
        ("en-GB", &["Tokyo, 1 August 2005", "To:", "Signatories", "Date: 1 August 2005"]),
        ("fr", &["Tokyo, le 1 août 2005", "Destinataire\u{a0}:", "Signataires", "Résolution", "Nom\u{a0}:", "Qualité\u{a0}:"]),
        ("de", &["Tokyo, 1. August 2005", "An:", "Unterzeichner", "Unterschriften", "Funktion:", "Datum: 1. August 2005"]),
        ("es", &["Tokyo, 1 de agosto de 2005", "Destinatario:", "Firmantes", "Resolución", "Firmas", "Cargo:"]),
        ("zh-Hans", &["2005年8月1日于Tokyo", "致：", "签署组织", "决议", "姓名：", "职务："]),
    ];
    // the built-in faces are Japanese: Chinese brings its own (a subset of Noto Serif
    // CJK SC holding the characters printed here)
    let chinese_font = repo().join("tests/fixtures/fonts/NotoSerifCJKsc-subset.otf");
    for (lang, expected) in cases {
        let fonts = if lang.starts_with("zh") { format!("\n[fonts]\ncjk = {:?}\n", chinese_font.display().to_string()) } else { String::new() };
        let text = reference_as(lang, &fonts);
        for e in *expected {
            assert!(text.contains(e), "{lang}: `{e}` not in\n{text}");
        }
        assert!(!text.contains("August 1, 2005"), "{lang}: the US date");
        if *lang != "en-GB" {
            assert!(!text.contains("Signatories") && !text.contains("Title:"), "{lang}: English labels");
        }
    }
}

#[test]
fn labels_table_rewords_the_built_in_words() {
    let text = reference_as(
        "fr",
        "\n[labels]\nto = \"À l’attention de\u{a0}:\"\nsignatories = \"Organisations signataires\"\npage = \"page {page} de {pages}\"\nplace_date = \"Fait à {place}, le {date}\"\n",
    );
    for e in ["À l’attention de\u{a0}:", "Organisations signataires", "page 2 de ", "Fait à Tokyo, le 1 août 2005"] {
        assert!(text.contains(e), "`{e}` not in\n{text}");
    }
    // the others keep the language's words
    assert!(text.contains("Résolution") && !text.contains("Destinataire"), "{text}");
}

#[test]
fn only_a_korean_word_wider_than_the_line_is_cut() {
    let long = "가나다라마바사아자차카타파하가나다라마바사아자차카타파하";
    let toml = format!(
        "[document]\ntitle = \"결의\"\nlang = \"ko\"\n[resolution]\npreamble = [\"매우 긴 단어 {long} 뒤에 오는 말. 그 다음 문장도 마찬가지로 온전하다.\"]\n[style]\npaper = \"A5\"\nmargin_mm = 30\nfont_size_pt = 14\n"
    );
    let mut words = source_words(&toml);
    words.insert("결의문".into());
    let (broken, _) = broken_korean_words(&build_toml(&toml), &words);
    assert!(!broken.is_empty(), "the word is wider than the line: it must be cut");
    assert!(broken.iter().all(|b| b.split('`').nth(1).is_some_and(|token| long.contains(token))), "{broken:?}");
}

#[test]
fn korean_emphasis_puts_a_dot_over_each_syllable() {
    // 드러냄표: Hangul has no italic; `*…*` marks each syllable (not the space) with a dot
    let toml = "[document]\ntitle = \"결의\"\nlang = \"ko\"\n[resolution]\npreamble = [\"북한 정부는 *강제 북송된* 탈북 난민을\"]\n";
    let glyphs: Vec<PlacedGlyph> = text_lines(&build_toml(toml)).into_iter().flat_map(|l| l.glyphs).collect();
    let dots: Vec<&PlacedGlyph> = glyphs.iter().filter(|g| g.text == "\u{2D9}").collect();
    assert_eq!(dots.len(), 5, "강제 북송된 has five syllables");
    // each above its syllable: the nearest Hangul glyph under it
    let centre = |g: &PlacedGlyph| g.x + g.width / 2.0;
    for (dot, syllable) in dots.iter().zip(["강", "제", "북", "송", "된"]) {
        let under = glyphs
            .iter()
            .filter(|g| g.text.chars().any(is_hangul) && g.y > dot.y)
            .min_by(|a, b| (centre(a) - centre(dot)).abs().total_cmp(&(centre(b) - centre(dot)).abs()))
            .unwrap();
        assert_eq!(under.text, syllable, "{dot:?}");
        assert!((centre(dot) - centre(under)).abs() < 0.2 * under.size, "{dot:?} over {under:?}");
    }
}

#[test]
fn a_label_with_a_character_no_font_has_is_reported_at_the_label() {
    let clauses: String = (0..80).map(|_| "[[resolution.clauses]]\ntext = \"A clause long enough to fill some of the page and, with the others, five pages.\"\n").collect();
    let cases = [
        ("page = \"{page} \u{13000} {pages}\"", "of the page number"),
        ("continued = \"{heading} \u{13000}\"", "of the label `continued`"),
    ];
    for (label, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let toml = format!(
            "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"Japan\"\norganizations = [{}]\n[labels]\n{label}\n{clauses}",
            (0..70).map(|i| format!("\"Organisation {i}\"")).collect::<Vec<_>>().join(", ")
        );
        std::fs::write(dir.path().join("in.toml"), toml).unwrap();
        let out = common::run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{label}: {err}");
        assert!(err.contains("in.toml:7:") && err.contains(expected) && err.contains("U+13000"), "{label}: {err}");
        assert!(!dir.path().join("out.pdf").exists());
    }
}

#[test]
fn a_long_addressee_label_runs_into_the_addressee() {
    // a label reworded into a phrase does not push the addressee off the page
    let toml = "[document]\ntitle = \"T\"\naddressee = \"Somebody important\"\n[labels]\nto = \"To the attention of the President of the International Parliamentarians Coalition, and of every member of its board:\"\n";
    let pdf = build_toml(toml);
    let width = common::read_pdf(&pdf).sizes[0].0;
    let lines = text_lines(&pdf);
    assert!(lines.iter().any(|l| l.text().contains("Somebody important")), "{:?}", lines.iter().map(|l| l.text()).collect::<Vec<_>>());
    assert!(lines.iter().all(|l| l.right() < width), "a line runs off the page");
}
