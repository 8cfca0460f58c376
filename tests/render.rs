//! Render every shipped input and example and read the PDFs back with lopdf: all the
//! text is there, fonts are embedded and subset with ToUnicode maps, pages are right.

mod common;

use common::*;

const A4: (f32, f32) = (595.28, 841.89);
const LETTER: (f32, f32) = (612.0, 792.0);

fn close(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() < 0.5
}

#[test]
fn every_shipped_file_renders_with_all_its_text() {
    let inputs = shipped_inputs();
    assert!(inputs.len() >= 4, "input/ and examples/ hold the reference and three examples");
    for input in inputs {
        let toml = std::fs::read_to_string(&input).unwrap();
        let pdf = read_pdf(&build(&input));
        let hay = searchable(&pdf.text());
        let expected = expected_sentences(&toml);
        assert!(!expected.is_empty());
        let missing: Vec<&String> = expected.iter().filter(|s| !contains_sentence(&hay, s)).collect();
        assert!(missing.is_empty(), "{}: not found in the PDF text: {missing:#?}", input.display());

        assert!(!pdf.fonts.is_empty());
        for font in &pdf.fonts {
            assert!(font.embedded, "{}: {} is not embedded", input.display(), font.base_font);
            assert!(font.subset, "{}: {} is not subset", input.display(), font.base_font);
            assert!(font.to_unicode, "{}: {} has no ToUnicode map", input.display(), font.base_font);
        }
        // the writer wrote every page the layout made
        let doc = resolution_pdf::load(&input).unwrap();
        let laid_out = resolution_pdf::Engine::new().lay_out(&doc).unwrap();
        assert_eq!(pdf.pages, laid_out.pages.len(), "{}", input.display());
        let size = if toml.contains("paper = \"Letter\"") { LETTER } else { A4 };
        for s in &pdf.sizes {
            assert!(close(*s, size), "{}: page size {s:?}, expected {size:?}", input.display());
        }
        // every page of a longer document carries its number: "n / N"
        for (i, text) in pdf.page_text.iter().enumerate().filter(|_| pdf.pages > 1) {
            let footer = format!("{} / {}", i + 1, pdf.pages);
            assert!(text.contains(&footer), "{}: page {} lacks `{footer}`", input.display(), i + 1);
        }
    }
}

#[test]
fn the_reference_resolution_is_three_a4_pages_and_a_signature_page_with_its_metadata() {
    let input = repo().join("input/resolution.toml");
    let pdf = read_pdf(&build(&input));
    assert_eq!(pdf.pages, 6, "three pages of resolution, three of signature blocks");
    assert!(pdf.page_text[2].contains("resolve the abduction issue"), "the resolution ends on page 3");
    assert!(pdf.page_text[3].starts_with("Signatures") || pdf.page_text[3].contains("\nSignatures"), "the signature page starts a page");
    assert!(pdf.sizes.iter().all(|s| close(*s, A4)));
    assert_eq!(pdf.info("Title"), Some("Joint Resolution for Tokyo International Conference of NGOs"));
    assert_eq!(pdf.info("Author"), Some("Tokyo International Conference of NGOs"));
    assert!(pdf.info("CreationDate").is_some_and(|d| d.starts_with("D:20050801")), "{:?}", pdf.info("CreationDate"));
    let text = pdf.text();
    // the date is printed in English after the place, quotes and apostrophes as given
    assert!(text.contains("Tokyo, August 1, 2005"));
    assert!(text.contains("“illegal immigrants”"));
    assert!(text.contains("Parliamentarians’"));
    // clause numbers I. to VII. and the organisations in the given order
    let hay = searchable(&text);
    for n in ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."] {
        assert!(contains_sentence(&hay, n), "clause {n}");
    }
    let order = ["Japan", "South Korea", "United States", "Myanmar (Burma)"];
    let positions: Vec<usize> = order.iter().map(|c| text.find(&format!("\n{c}")).unwrap_or(usize::MAX)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "country order {positions:?}");
    // three fonts: regular, bold, italic (the reference has no bold italic)
    assert_eq!(pdf.fonts.len(), 3, "{:?}", pdf.fonts);
}

#[test]
fn identical_input_gives_identical_bytes() {
    for name in ["input/resolution.toml", "examples/every-style-key.toml"] {
        let input = repo().join(name);
        assert_eq!(build(&input), build(&input), "{name} differs between two builds");
    }
}

#[test]
fn without_a_date_the_creation_date_comes_from_source_date_epoch_or_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "[document]\ntitle = \"Undated\"\n").unwrap();
    let run = |epoch: Option<&str>| {
        let mut cmd = std::process::Command::new(bin());
        cmd.args(["build", "a.toml", "-o", "a.pdf"]).current_dir(dir.path()).env_remove("SOURCE_DATE_EPOCH");
        if let Some(e) = epoch {
            cmd.env("SOURCE_DATE_EPOCH", e);
        }
        assert!(cmd.output().unwrap().status.success());
        std::fs::read(dir.path().join("a.pdf")).unwrap()
    };
    // without either, the day the input was last modified: never the clock of the build
    let modified = std::time::UNIX_EPOCH + std::time::Duration::from_secs(981_158_400 + 5000); // 2001-02-03
    std::fs::File::options().write(true).open(dir.path().join("a.toml")).unwrap().set_modified(modified).unwrap();
    let undated = read_pdf(&run(None));
    assert!(undated.info("CreationDate").is_some_and(|d| d.starts_with("D:20010203000000")), "{:?}", undated.info("CreationDate"));
    let dated = read_pdf(&run(Some("1122854400")));
    assert!(dated.info("CreationDate").is_some_and(|d| d.starts_with("D:20050801000000")), "{:?}", dated.info("CreationDate"));
    assert_eq!(run(Some("1122854400")), run(Some("1122854400")));
    // a value that is not a time is refused, not silently another date
    for bad in ["abc", "-5", "99999999999999"] {
        let out = std::process::Command::new(bin())
            .args(["build", "a.toml", "-o", "b.pdf"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(stderr(&out).contains(&format!("SOURCE_DATE_EPOCH=`{bad}` is not a number of seconds")), "{}", stderr(&out));
        assert!(!dir.path().join("b.pdf").exists());
    }
}

#[test]
fn two_signatory_columns_put_organisations_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from("[document]\ntitle = \"Columns\"\n[style]\nsignatory_columns = 2\n");
    for c in 0..4 {
        toml += &format!("[[signatories]]\ncountry = \"Country {c}\"\norganizations = [");
        for o in 0..10 {
            toml += &format!("\"Organisation {c}-{o}\", ");
        }
        toml += "]\n";
    }
    std::fs::write(dir.path().join("c.toml"), &toml).unwrap();
    let out = run_in(dir.path(), &["build", "c.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("c.pdf")).unwrap();
    let pdf = read_pdf(&bytes);
    assert_eq!(pdf.pages, 1, "40 short names in two columns fit one page");
    let hay = searchable(&pdf.text());
    for c in 0..4 {
        for o in 0..10 {
            assert!(contains_sentence(&hay, &format!("Organisation {c}-{o}")));
        }
    }
}

#[test]
fn outline_and_language_of_the_reference() {
    let bytes = build(&repo().join("input/resolution.toml"));
    let (lang, outline) = catalog_facts(&bytes);
    assert_eq!(lang.as_deref(), Some("en"));
    let titles: Vec<(usize, &str)> = outline.iter().map(|(d, t, _)| (*d, t.as_str())).collect();
    assert_eq!(titles[0], (0, "Joint Resolution for Tokyo International Conference of NGOs"));
    assert_eq!(titles[1], (1, "Signatories"));
    assert_eq!(&titles[2..6], &[(2, "Japan"), (2, "South Korea"), (2, "United States"), (2, "Myanmar (Burma)")]);
    assert_eq!(titles[6], (1, "Resolution"));
    let clauses: Vec<&str> = titles[7..14].iter().map(|(_, t)| *t).collect();
    assert_eq!(clauses.len(), 7, "{clauses:?}");
    assert_eq!(titles[14], (1, "Signatures"));
    assert_eq!(titles.len(), 19, "the signature page lists the four countries too");
    for (clause, number) in clauses.iter().zip(["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."]) {
        assert!(clause.starts_with(&format!("{number} ")), "{clause}");
    }
    // every entry points at a page, in reading order
    let pages: Vec<usize> = outline.iter().map(|(_, _, p)| *p).collect();
    assert!(pages.iter().all(|&p| p >= 1), "{pages:?}");
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    assert_eq!(pages[13], 3, "clause VII is on page 3");
    assert_eq!(pages[14], 4, "the signatures start on page 4");
}

/// Margins of a shipped input in points (left, right, top, bottom), read from its TOML.
fn margins_pt(toml: &str) -> (f32, f32, f32, f32) {
    let value: toml::Table = toml::from_str(toml).unwrap();
    let mm = |key: &str| -> f32 {
        match value.get("style").and_then(|s| s.get("margin_mm")) {
            Some(toml::Value::Table(t)) => t.get(key).and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64))).unwrap_or(25.0) as f32,
            Some(v) => v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap() as f32,
            None => 25.0,
        }
    };
    let pt = 72.0 / 25.4;
    (mm("left") * pt, mm("right") * pt, mm("top") * pt, mm("bottom") * pt)
}

#[test]
fn every_glyph_lies_inside_the_margins() {
    for input in shipped_inputs() {
        let toml = std::fs::read_to_string(&input).unwrap();
        let bytes = build(&input);
        let pdf = read_pdf(&bytes);
        let (left, right, top, bottom) = margins_pt(&toml);
        let lines = positions::text_lines(&bytes);
        assert!(lines.iter().map(|l| l.glyphs.len()).sum::<usize>() > 50, "{}: glyphs read back", input.display());
        // White space has no ink: a line-end space sits at the margin with no width.
        // Punctuation at a line's ends may hang into the margin by part of its width
        // (protrusion), never more than three quarters of it; the glyphs before it may
        // then reach a little past the margin too (kerning: "y." overlaps).
        let hangs_right = |t: &str| ["-", ",", ".", ";", ":", "!", "?", "’", "”", ")", "]", "'", "\"", "–", "—"].contains(&t);
        let hangs_left = |t: &str| ["“", "‘", "(", "[", "–", "—"].contains(&t);
        for line in &lines {
            let ink: Vec<_> = line.glyphs.iter().filter(|g| !g.text.trim().is_empty()).collect();
            let (Some(first), Some(last)) = (ink.first(), ink.last()) else { continue };
            let (w, h) = pdf.sizes[line.page - 1];
            let footer = line.y > h - bottom; // the page number sits in the bottom margin
            let right_hang = if hangs_right(&last.text) { 0.75 * last.width } else { 0.0 };
            let left_hang = if hangs_left(&first.text) { 0.75 * first.width } else { 0.0 };
            for g in &ink {
                assert!(
                    g.x >= left - left_hang - 0.01 && g.x + g.width <= w - right + right_hang + 0.01,
                    "{}: `{}` at x {}..{} on page {}",
                    input.display(),
                    g.text,
                    g.x,
                    g.x + g.width,
                    g.page
                );
                assert!(footer || (g.y >= top && g.y <= h - bottom), "{}: `{}` at y {} on page {}", input.display(), g.text, g.y, g.page);
            }
        }
    }
}

/// Soft hyphens, joiners and other invisible characters take no glyph and are not part of
/// any glyph's text: a reader that maps glyphs to text through ToUnicode alone (lopdf
/// here, pdf.js) gets every other "m" back, not an "m" with a soft hyphen or nothing.
#[test]
fn invisible_characters_do_not_spoil_the_copied_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("soft.toml");
    std::fs::write(
        &input,
        "[document]\ntitle = \"Soft\"\ndate = 2024-01-01\n[resolution]\n\
         preamble = [\"Com\\u00adputer memory and mammals. Ef\\u200cfort, of\\u200dfice and a W\\u2060J.\"]\n",
    )
    .unwrap();
    let text = read_pdf(&build(&input)).text();
    for word in ["Computer", "memory", "mammals.", "Effort,", "office", "WJ."] {
        assert!(text.split_whitespace().any(|w| w == word), "`{word}` in {text:?}");
    }
    assert!(!text.chars().any(|c| matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}')), "{text:?}");
}
