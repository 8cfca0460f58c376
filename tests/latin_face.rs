//! The Latin face of Japanese documents, read back from the PDF: Latin letters and digits
//! beside IPAex Mincho are Noto Serif Light (its stems match the Mincho's, Regular's are
//! half as heavy again), English documents keep Noto Serif Regular, and a user's `[fonts]`
//! face still wins.

mod common;

use std::collections::BTreeMap;

use common::*;
use lopdf::content::Content;
use lopdf::{Document, Object};

/// The text each font draws, by PostScript name (the subset tag `ABCDEF+` taken off),
/// read from every page's content stream through the fonts' ToUnicode maps.
fn text_by_font(bytes: &[u8]) -> BTreeMap<String, String> {
    let doc = Document::load_mem(bytes).expect("lopdf parses the PDF");
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for &page_id in doc.get_pages().values() {
        let fonts: BTreeMap<Vec<u8>, (String, lopdf::Encoding)> = doc
            .get_page_fonts(page_id)
            .unwrap()
            .into_iter()
            .map(|(resource, dict)| {
                let base = String::from_utf8_lossy(dict.get(b"BaseFont").and_then(|b| b.as_name()).unwrap_or(b"")).into_owned();
                let name = match base.split_once('+') {
                    Some((tag, rest)) if tag.len() == 6 => rest.to_string(),
                    _ => base,
                };
                (resource, (name, dict.get_font_encoding(&doc).expect("font encoding")))
            })
            .collect();
        let content: Content = doc.get_and_decode_page_content(page_id).unwrap();
        let mut current: Option<&(String, lopdf::Encoding)> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => current = op.operands[0].as_name().ok().and_then(|n| fonts.get(n)),
                "Tj" | "TJ" => {
                    let Some((name, encoding)) = current else { continue };
                    let items = match &op.operands[0] {
                        Object::Array(items) => items.clone(),
                        other => vec![other.clone()],
                    };
                    let text = out.entry(name.clone()).or_default();
                    for item in items {
                        if let Object::String(bytes, _) = item {
                            text.push_str(&Document::decode_text(encoding, &bytes).unwrap_or_default());
                        }
                    }
                    text.push('\n');
                }
                _ => {}
            }
        }
    }
    out
}

fn drawn_in<'a>(fonts: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    fonts.get(name).map_or("", String::as_str)
}

#[test]
fn latin_in_japanese_documents_is_noto_serif_light() {
    let fonts = text_by_font(&build(&repo().join("input/resolution.ja.toml")));
    let names: Vec<&String> = fonts.keys().collect();
    let light = drawn_in(&fonts, "NotoSerif-Light");
    for word in ["2005", "NGO", "47", "RENK", "CNKR"] {
        assert!(light.contains(word), "`{word}` beside the Mincho is set in Noto Serif Light: {names:?}\n{light}");
    }
    assert!(!fonts.contains_key("NotoSerif-Regular"), "no Latin text is left in the heavier Regular: {names:?}");
    let mincho = drawn_in(&fonts, "IPAexMincho");
    assert!(mincho.contains("決議"), "Japanese body text stays in the Mincho");
    let latin_in_mincho: String = mincho.chars().filter(char::is_ascii_alphanumeric).collect();
    assert!(latin_in_mincho.is_empty(), "ASCII letters and digits come from the Latin face, not the Mincho: {latin_in_mincho:?}");
    // bold (the title, headings) is Gothic throughout, its Latin letters included
    assert!(drawn_in(&fonts, "IPAexGothic").contains("NGO"), "bold Latin is IPAex Gothic's own");
}

#[test]
fn english_documents_keep_noto_serif_regular() {
    let fonts = text_by_font(&build(&repo().join("input/resolution.toml")));
    let names: Vec<&String> = fonts.keys().collect();
    let regular = drawn_in(&fonts, "NotoSerif-Regular");
    assert!(regular.contains("2005") && regular.contains("NGO"), "English body text in Noto Serif Regular: {names:?}");
    assert!(!names.iter().any(|n| n.starts_with("NotoSerif-Light")), "the light weights are for Japanese documents only: {names:?}");
}

#[test]
fn japanese_italics_are_light_and_a_users_body_face_wins() {
    let dir = tempfile::tempdir().unwrap();
    let document = "[document]\ntitle = \"テスト\"\nlang = \"ja\"\ndate = 2005-08-01\n\
         [[signatories]]\ncountry = \"日本\"\norganizations = [\"団体\"]\n\
         [resolution]\npreamble = [\"2005年、NGOは*Nottebohm*事件の判決を引用した。\"]\n";
    let built_in = dir.path().join("built-in.toml");
    std::fs::write(&built_in, document).unwrap();
    let fonts = text_by_font(&build(&built_in));
    assert!(drawn_in(&fonts, "NotoSerif-Light").contains("NGO"));
    assert!(drawn_in(&fonts, "NotoSerif-LightItalic").contains("Nottebohm"), "italic Latin is the light italic: {:?}", fonts.keys());
    assert!(!fonts.keys().any(|n| n == "NotoSerif-Regular" || n == "NotoSerif-Italic"), "{:?}", fonts.keys());

    // A body face from `[fonts]` is the user's choice: it is not swapped for the light one.
    let body = repo().join("fonts/noto-serif/NotoSerif-Bold.ttf");
    let overridden = dir.path().join("overridden.toml");
    std::fs::write(&overridden, format!("{document}[fonts]\nbody = {:?}\n", body.to_str().unwrap())).unwrap();
    let fonts = text_by_font(&build(&overridden));
    let bold = drawn_in(&fonts, "NotoSerif-Bold");
    assert!(bold.contains("NGO") && bold.contains("Nottebohm"), "the user's body face sets the Latin text: {:?}", fonts.keys());
    assert!(!fonts.keys().any(|n| n.starts_with("NotoSerif-Light")), "{:?}", fonts.keys());
}
