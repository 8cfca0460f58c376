//! Archival and accessible PDFs: read back with lopdf, the tag tree mirrors the
//! document, the XMP declares the standard chosen with --pdf-standard, and `none` gives a
//! plain PDF.

mod common;

use common::*;

fn build_with(input: &std::path::Path, standard: Option<&str>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pdf");
    let mut args = vec!["build".to_string(), input.display().to_string(), "-o".into(), out.display().to_string()];
    if let Some(s) = standard {
        args.extend(["--pdf-standard".into(), s.into()]);
    }
    let result = std::process::Command::new(bin()).args(&args).env_remove("SOURCE_DATE_EPOCH").output().unwrap();
    assert!(result.status.success(), "{standard:?}: {}", stderr(&result));
    std::fs::read(out).unwrap()
}

fn xmp_field<'a>(xmp: &'a str, field: &str) -> Option<&'a str> {
    let start = xmp.find(&format!("<{field}>"))? + field.len() + 2;
    let end = start + xmp[start..].find('<')?;
    Some(&xmp[start..end])
}

#[test]
fn the_default_is_pdf_a_2a_and_pdf_ua_1_with_a_tag_tree_that_mirrors_the_document() {
    let bytes = build(&repo().join("input/resolution.toml"));
    let xmp = xmp(&bytes).expect("XMP metadata");
    assert_eq!(xmp_field(&xmp, "pdfaid:part"), Some("2"));
    assert_eq!(xmp_field(&xmp, "pdfaid:conformance"), Some("A"));
    assert_eq!(xmp_field(&xmp, "pdfuaid:part"), Some("1"));
    for expected in ["Joint Resolution for Tokyo International Conference of NGOs", "Tokyo International Conference of NGOs", "The participant NGOs demand", "<rdf:li>en</rdf:li>", "2005-08-01"] {
        assert!(xmp.contains(expected), "XMP lacks {expected}");
    }
    assert!(xmp.contains("North Korea") && xmp.contains("pdf:Keywords"), "keywords in the XMP");

    let tree = struct_tree(&bytes).expect("a tag tree");
    assert_eq!(tree.kinds(), ["Document"]);
    let document = &tree.children[0];
    assert_eq!(
        document.kinds(),
        ["H1", "P", "P", "P", "Sect", "Sect", "Sect"],
        "title, place and date, summary, addressee, signatories, resolution, signatures"
    );

    let signatories = &document.children[4];
    assert_eq!(signatories.kinds(), ["H2", "P", "H3", "L", "H3", "L", "H3", "L", "H3", "L"]);
    let japan = &signatories.children[3];
    assert_eq!(japan.children.len(), 7, "seven organisations from Japan");
    assert!(japan.children.iter().all(|li| li.kinds() == ["Lbl", "LBody"]));

    let resolution = &document.children[5];
    let kinds = resolution.kinds();
    assert_eq!(kinds[0], "H2");
    assert_eq!(kinds.iter().filter(|k| **k == "P").count(), 7, "six preamble paragraphs and the intro");
    let clauses = resolution.children.iter().find(|c| c.kind == "L").expect("the clauses as a list");
    assert_eq!(clauses.children.len(), 7);
    let first = &clauses.children[0];
    assert_eq!(first.kinds(), ["Lbl", "LBody"]);
    assert_eq!(first.children[1].kinds(), ["P", "L"], "clause I holds its text and its four items");
    assert_eq!(first.children[1].children[1].children.len(), 4);

    // every element that is not a grouping holds content: nothing is lost from the tree
    for node in tree.descendants() {
        if ["P", "H1", "H2", "H3", "Lbl"].contains(&node.kind.as_str()) {
            assert!(node.marked_content > 0, "{} without content", node.kind);
        }
    }
    assert!(read_pdf(&bytes).fonts.iter().all(|f| f.embedded && f.to_unicode));
}

#[test]
fn japanese_edition_is_tagged_with_latin_spans_marked_english() {
    let bytes = build(&repo().join("input/resolution.ja.toml"));
    let tree = struct_tree(&bytes).unwrap();
    assert_eq!(tree.children[0].kinds(), ["H1", "P", "P", "P", "Sect", "Sect", "Sect"]);
    let (lang, _) = catalog_facts(&bytes);
    assert_eq!(lang.as_deref(), Some("ja"));
    // the content stream marks Latin runs ("NGO", "RENK") as English
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut english_spans = 0;
    for (_, page) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        for op in content.operations.iter().filter(|op| op.operator == "BDC") {
            if let Some(Ok(props)) = op.operands.get(1).map(|o| o.as_dict())
                && props.get(b"Lang").is_ok_and(|l| matches!(l, lopdf::Object::String(s, _) if s == b"en"))
            {
                english_spans += 1;
            }
        }
    }
    assert!(english_spans >= 5, "{english_spans} spans marked English");
}

#[test]
fn each_standard_is_declared_and_none_is_a_plain_pdf() {
    let input = repo().join("input/resolution.toml");
    let cases = [
        ("a-2b", Some(("2", "B")), None, "%PDF-1.7"),
        ("a-3b", Some(("3", "B")), None, "%PDF-1.7"),
        ("a-4", Some(("4", "")), None, "%PDF-2.0"),
        ("ua-1", None, Some("1"), "%PDF-1.7"),
    ];
    for (standard, pdfa, pdfua, header) in cases {
        let bytes = build_with(&input, Some(standard));
        assert!(bytes.starts_with(header.as_bytes()), "{standard}: {:?}", String::from_utf8_lossy(&bytes[..8]));
        let xmp = xmp(&bytes).unwrap();
        assert_eq!(xmp_field(&xmp, "pdfaid:part"), pdfa.map(|p| p.0), "{standard}");
        if let Some((_, conformance)) = pdfa.filter(|p| !p.1.is_empty()) {
            assert_eq!(xmp_field(&xmp, "pdfaid:conformance"), Some(conformance), "{standard}");
        }
        assert_eq!(xmp_field(&xmp, "pdfuaid:part"), pdfua, "{standard}");
        assert!(struct_tree(&bytes).is_some(), "{standard} is tagged");
        // text still comes back whole
        let hay = searchable(&read_pdf(&bytes).text());
        assert!(contains_sentence(&hay, "the immediate release by North Korea of all abductees."), "{standard}");
    }
    let plain = build_with(&input, Some("none"));
    assert!(struct_tree(&plain).is_none(), "none has no tag tree");
    assert!(xmp(&plain).is_none_or(|x| !x.contains("pdfaid")), "none claims no standard");
    assert!(plain.len() < build(&input).len(), "the plain PDF is smaller");
}

#[test]
fn an_unknown_standard_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "[document]\ntitle = \"T\"\n").unwrap();
    let out = run_in(dir.path(), &["build", "a.toml", "--pdf-standard", "a-1b"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown PDF standard `a-1b`"), "{}", stderr(&out));
}

#[test]
fn tagged_output_is_byte_identical() {
    for input in shipped_inputs() {
        assert_eq!(build(&input), build(&input), "{}", input.display());
    }
}

#[test]
fn all_content_is_marked_and_marks_never_nest() {
    for input in shipped_inputs() {
        let bytes = build(&input);
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let mut shown = 0;
        for (number, page) in doc.get_pages() {
            let content = doc.get_and_decode_page_content(page).unwrap();
            let mut depth = 0;
            for op in &content.operations {
                match op.operator.as_str() {
                    "BDC" | "BMC" => {
                        depth += 1;
                        assert_eq!(depth, 1, "{}: page {number}: nested marked content", input.display());
                    }
                    "EMC" => depth -= 1,
                    "TJ" | "Tj" | "'" | "\"" | "f" | "F" | "f*" | "S" | "B" | "b" | "Do" => {
                        shown += 1;
                        assert_eq!(depth, 1, "{}: page {number}: `{}` outside any tag or artifact", input.display(), op.operator);
                    }
                    _ => {}
                }
            }
            assert_eq!(depth, 0, "{}: page {number}: unclosed marked content", input.display());
        }
        assert!(shown >= 3, "{}: content read", input.display());
    }
}

/// PDF/A allows 32767 bytes in one string: a title, summary, author, keyword list or name
/// of pages still gives a valid file, its metadata and outline titles cut at a word with
/// an ellipsis; the printed text stays whole.
#[test]
fn text_too_long_for_one_pdf_string_is_cut_in_the_metadata_only() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.toml");
    let keywords: Vec<String> = (0..5000).map(|i| format!("\"keyword{i}\"")).collect();
    let toml = format!(
        "[document]\ntitle = \"{}\"\ndate = 2024-01-01\nsummary = \"{}\"\nauthor = \"{}\"\nkeywords = [{}]\n\
         [[signatories]]\ncountry = \"{}\"\norganizations = [\"{}\"]\n[signing]\npage = true\n",
        "Title ".repeat(7000).trim(),
        "summary ".repeat(8000).trim(),
        "A".repeat(40000),
        keywords.join(","),
        "Land ".repeat(8000).trim(),
        "Org ".repeat(9000).trim(),
    );
    std::fs::write(&input, toml).unwrap();
    let bytes = build_with(&input, None);
    let pdf = read_pdf(&bytes);
    let title = pdf.info("Title").expect("a title");
    assert!(title.starts_with("Title Title") && title.ends_with("Title…"), "{}", &title[title.len().saturating_sub(40)..]);
    assert!(title.chars().count() <= 2001, "{}", title.chars().count());
    let text = searchable(&pdf.text());
    assert!(text.iter().filter(|&&c| c == 'T').count() >= 7000, "the printed title is whole");
}
