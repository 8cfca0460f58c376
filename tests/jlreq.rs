//! Japanese line adjustment as JLREQ §3.8 orders it, read back from the written PDF
//! (glyph positions and fonts with lopdf): 。 keeps its full em in mid-line, no line is
//! letter-spaced by more than a tenth of an em, 」・「 spans two ems, no list item or
//! signature block line starts with a particle, emphasis gets one sesame dot per
//! character, English names keep their spaces and proportional quotes in Mincho and
//! Gothic, and kinsoku holds. On the Japanese reference at several sizes and papers, and
//! on a stress text (tests/fixtures/japanese-stress.toml).

mod common;

use common::kinsoku::kinsoku_violations;
use common::positions::{PlacedGlyph, text_lines};
use common::{build, build_toml, repo};

/// Japanese characters that sit on the em square and are not marks.
fn is_kanji_or_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF) || c == '々'
}

fn char_of(g: &PlacedGlyph) -> char {
    g.text.chars().next().unwrap_or(' ')
}

/// A line's glyphs cut into segments where they are more than 1.5 em apart (the two
/// blocks of a signature row share a baseline).
fn segments(glyphs: &[PlacedGlyph]) -> Vec<Vec<&PlacedGlyph>> {
    let mut out: Vec<Vec<&PlacedGlyph>> = Vec::new();
    for g in glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
        match out.last_mut() {
            Some(seg) if g.x - seg.last().map_or(g.x, |p| p.x + p.width) < 1.5 * g.size => seg.push(g),
            _ => out.push(vec![g]),
        }
    }
    out
}

const PARTICLES: &str = "をにがはのへとでもや";

/// The number of kanji and kana inside `*…*` (not `**…**`) in every string of the TOML.
fn emphasised_characters(toml: &str) -> usize {
    fn strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&toml::from_str::<toml::Value>(toml).unwrap(), &mut all);
    let mut count = 0;
    for s in all {
        for (i, part) in s.split('*').enumerate() {
            if i % 2 == 1 {
                count += part.chars().filter(|&c| is_kanji_or_kana(c)).count();
            }
        }
    }
    count
}

struct Setting {
    name: String,
    toml: String,
    body_size: f32,
}

fn reference_with(style: &str, signing_columns: Option<u8>) -> String {
    let source = std::fs::read_to_string(repo().join("input/resolution.ja.toml")).unwrap();
    // our own signing table instead of the reference's
    let mut toml = source.split("\n[signing]").next().unwrap().to_string();
    if let Some(columns) = signing_columns {
        toml.push_str(&format!("\n[signing]\npage = true\ncolumns = {columns}\n"));
    }
    format!("{toml}\n[style]\n{style}\n")
}

fn settings() -> Vec<Setting> {
    let stress = std::fs::read_to_string(repo().join("tests/fixtures/japanese-stress.toml")).unwrap();
    vec![
        Setting { name: "default".into(), toml: reference_with("", Some(2)), body_size: 11.0 },
        Setting { name: "40 mm, 12 pt".into(), toml: reference_with("margin_mm = 40\nfont_size_pt = 12", Some(2)), body_size: 12.0 },
        Setting { name: "45 mm, 13 pt".into(), toml: reference_with("margin_mm = 45\nfont_size_pt = 13", Some(1)), body_size: 13.0 },
        Setting { name: "A5".into(), toml: reference_with("paper = \"A5\"\nmargin_mm = 15", Some(1)), body_size: 11.0 },
        Setting {
            name: "A5, two signatory columns".into(),
            toml: reference_with("paper = \"A5\"\nmargin_mm = 15\nsignatory_columns = 2", Some(2)),
            body_size: 11.0,
        },
        Setting { name: "stress".into(), toml: stress.clone(), body_size: 11.0 },
        Setting { name: "stress, 40 mm, 12 pt".into(), toml: format!("{stress}\n[style]\nmargin_mm = 40\nfont_size_pt = 12\n"), body_size: 12.0 },
        Setting { name: "stress, A5".into(), toml: format!("{stress}\n[style]\npaper = \"A5\"\nmargin_mm = 15\n"), body_size: 11.0 },
    ]
}

#[test]
fn japanese_lines_are_adjusted_in_jlreq_order() {
    let mut spans_seen = 0;
    let mut dots_seen = 0;
    for setting in settings() {
        let bytes = build_toml(&setting.toml);
        let name = &setting.name;
        let lines = text_lines(&bytes);
        let page_height = if setting.toml.contains("\"A5\"") { 595.28 } else { 841.89 };
        let bad = kinsoku_violations(&lines, page_height - 40.0);
        assert!(bad.is_empty(), "{name}: kinsoku:\n{}", bad.join("\n"));

        let mut dots = 0;
        let mut previous: Option<String> = None;
        for line in &lines {
            let glyphs = &line.glyphs;
            dots += glyphs.iter().filter(|g| g.text == "\u{FE45}").count();
            // body text: Mincho at the body size
            let at_body_size = |g: &PlacedGlyph| (g.size - setting.body_size).abs() < 0.01 && !g.text.trim().is_empty();
            let body: Vec<&PlacedGlyph> = glyphs.iter().filter(|g| at_body_size(g)).collect();
            // neighbours (a space between two glyphs makes them no pair)
            for w in glyphs.windows(2) {
                let (a, b) = (&w[0], &w[1]);
                if !at_body_size(a) || !at_body_size(b) {
                    continue;
                }
                let pitch = (b.x - a.x) / a.size;
                if pitch > 1.5 {
                    continue; // two columns on one baseline
                }
                // 。 followed by text keeps its full em
                if char_of(a) == '。' && is_kanji_or_kana(char_of(b)) {
                    assert!(pitch >= 0.99, "{name}: 。 set at {pitch:.3} em on page {}: {}", line.page, line.text());
                }
                // letter-spacing between kanji and kana at most a tenth of an em
                if a.font.contains("IPAexMincho") && b.font.contains("IPAexMincho") && is_kanji_or_kana(char_of(a)) && is_kanji_or_kana(char_of(b)) {
                    assert!(pitch <= 1.1 + 0.002, "{name}: letter-spaced by {:.3} em on page {}: {}", pitch - 1.0, line.page, line.text());
                }
            }
            // 」・「 spans two ems, from 」 to the text after 「
            for w in body.windows(4) {
                if char_of(w[0]) == '」' && char_of(w[1]) == '・' && char_of(w[2]) == '「' {
                    let span = (w[3].x - w[0].x) / w[0].size;
                    assert!((span - 2.0).abs() < 0.01, "{name}: 」・「 spans {span:.3} em on page {}", line.page);
                    spans_seen += 1;
                }
            }
            // a list item's continuation, or a name in a signature block (Gothic), never
            // starts with a particle
            let text = line.text();
            let continues_item = previous.as_deref().is_some_and(|p| p.trim_start().starts_with('・')) && !text.trim_start().starts_with('・');
            for segment in segments(glyphs) {
                let first = char_of(segment[0]);
                let gothic = segment[0].font.contains("IPAexGothic");
                if (continues_item || gothic) && PARTICLES.contains(first) {
                    panic!("{name}: a line starts with the particle {first} on page {}: {text}", line.page);
                }
            }
            previous = Some(text);
        }
        let expected = emphasised_characters(&setting.toml);
        assert_eq!(dots, expected, "{name}: one sesame dot per emphasised character");
        dots_seen += dots;
    }
    assert!(spans_seen >= 6, "」・「 seen {spans_seen} times");
    assert!(dots_seen >= 19 * 3, "sesame dots seen {dots_seen} times");
}

#[test]
fn sesame_dots_sit_centred_above_their_characters() {
    let bytes = build(&repo().join("tests/fixtures/japanese-stress.toml"));
    let lines = text_lines(&bytes);
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        for dot in line.glyphs.iter().filter(|g| g.text == "\u{FE45}") {
            // the line of text the dots belong to is the next one down
            let text = lines[i + 1..].iter().find(|l| l.page == line.page && l.glyphs.iter().any(|g| is_kanji_or_kana(char_of(g)))).unwrap();
            assert!(text.y - line.y > 0.4 * dot.size && text.y - line.y < 3.0 * dot.size, "a dot {} pt above its line", text.y - line.y);
            // the dot glyph is a full-width em: its centre is the character's centre
            let centre = dot.x + dot.width / 2.0;
            let under = text.glyphs.iter().find(|g| (g.x + g.width / 2.0 - centre).abs() < 0.1 * g.size);
            assert!(under.is_some_and(|g| is_kanji_or_kana(char_of(g))), "a dot at {centre} over no character: {}", text.text());
            checked += 1;
        }
    }
    assert!(checked >= 19, "{checked} dots");
}

#[test]
fn english_names_keep_their_spaces_and_proportional_quotes() {
    let bytes = build(&repo().join("tests/fixtures/japanese-stress.toml"));
    let lines = text_lines(&bytes);
    let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
    for name in ["Benue Fishers’ Cooperative", "the “Clean Water” Forum", "Women’s League of Burma"] {
        // in the list of signatories (Mincho) and on the signature page (Gothic)
        let found = texts.iter().filter(|t| t.contains(name)).count();
        assert!(found >= 2, "`{name}` found {found} times in {texts:#?}");
    }
    for g in lines.iter().flat_map(|l| &l.glyphs).filter(|g| matches!(g.text.as_str(), "’" | "“" | "”")) {
        let in_a_name = lines.iter().any(|l| l.glyphs.iter().any(|h| std::ptr::eq(h, g)) && ["Fishers’", "“Clean", "Water”", "Women’s"].iter().any(|n| l.text().contains(n)));
        if in_a_name {
            assert!(g.font.contains("NotoSerif"), "a Latin quote in {}", g.font);
            assert!(g.width < 0.6 * g.size, "a Latin quote {} em wide", g.width / g.size);
        }
    }
}

#[test]
fn emphasis_is_em_in_the_tag_tree() {
    let bytes = build(&repo().join("tests/fixtures/japanese-stress.toml"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut ems = 0;
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Em".as_slice())
        {
            ems += 1;
            // inside a paragraph, and holding marked content of its own
            let parent = dict.get(b"P").and_then(|p| p.as_reference()).and_then(|r| doc.get_dictionary(r)).unwrap();
            assert_eq!(parent.get(b"S").unwrap().as_name().unwrap(), b"P");
            assert!(dict.get(b"K").is_ok());
        }
    }
    // the stress text has two emphasised passages, each one Em
    assert_eq!(ems, 2);
}
