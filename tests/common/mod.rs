//! Helpers for the integration tests: run the binary, read its PDFs back with lopdf (an
//! independent reader), and work out from the TOML alone what text the PDF must contain.
#![allow(dead_code)]

pub mod kinsoku;
pub mod many;
pub mod positions;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_resolution-pdf"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin()).args(args).current_dir(dir).env_remove("SOURCE_DATE_EPOCH").output().expect("the binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Build `input` into a PDF in a fresh folder and return its bytes.
pub fn build(input: &Path) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pdf");
    let result = Command::new(bin())
        .args(["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(result.status.success(), "building {} failed:\n{}", input.display(), stderr(&result));
    std::fs::read(&out).unwrap()
}

/// Build a resolution given as TOML text and return the PDF's bytes.
pub fn build_toml(text: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.toml");
    std::fs::write(&input, text).unwrap();
    build(&input)
}

/// Every `.toml` in `input/` and `examples/`.
pub fn shipped_inputs() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["input", "examples", "examples/signed"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What lopdf reads back from a PDF.
pub struct PdfFacts {
    pub pages: usize,
    /// (width, height) of each page's MediaBox, in points.
    pub sizes: Vec<(f32, f32)>,
    /// Text of each page, as extracted through the fonts' ToUnicode maps.
    pub page_text: Vec<String>,
    /// The same without what is marked as an artifact (`None` when nothing is).
    pub body_text: Option<Vec<String>>,
    pub fonts: Vec<FontFacts>,
    pub info: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct FontFacts {
    pub base_font: String,
    pub embedded: bool,
    pub subset: bool,
    pub to_unicode: bool,
}

impl PdfFacts {
    /// The text of all pages, without the page furniture (which would otherwise interrupt
    /// a paragraph that runs on to the next page): in a tagged PDF, what is marked as an
    /// artifact (page numbers, running heads, repeated headings); in an untagged one, the
    /// page-number footers and the lines that open two or more pages alike.
    pub fn text(&self) -> String {
        if let Some(body) = &self.body_text {
            return body.iter().map(|t| t.clone() + "\n").collect();
        }
        let heads: Vec<Vec<&str>> =
            self.page_text.iter().map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).take(2).collect()).collect();
        let recurs = |page: usize, k: usize| {
            heads.iter().enumerate().any(|(other, h)| other != page && heads[page].get(k).is_some_and(|l| h.get(k) == Some(l)))
        };
        self.page_text
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let footer = format!("{} / {}", i + 1, self.pages);
                let furniture = if recurs(i, 0) { if recurs(i, 1) { 2 } else { 1 } } else { 0 };
                let mut skipped = 0;
                text.lines()
                    .filter(|l| {
                        if skipped < furniture && !l.trim().is_empty() {
                            skipped += 1;
                            return false;
                        }
                        l.trim() != footer
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            })
            .collect()
    }

    pub fn info(&self, key: &str) -> Option<&str> {
        self.info.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

pub fn read_pdf(bytes: &[u8]) -> PdfFacts {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(bytes).expect("lopdf parses the PDF");
    let pages = doc.get_pages();
    let mut sizes = Vec::new();
    let mut page_text = Vec::new();
    for (&number, &id) in &pages {
        let page = doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let n: Vec<f32> = media.iter().map(|o| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32)).collect();
        sizes.push((n[2] - n[0], n[3] - n[1]));
        page_text.push(doc.extract_text(&[number]).unwrap());
    }

    let body_text = text_without_artifacts(&doc);

    let mut fonts = Vec::new();
    for (_, object) in doc.objects.iter() {
        let Ok(dict) = object.as_dict() else { continue };
        if !dict.get(b"Type").is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Font")) {
            continue;
        }
        let subtype = dict.get(b"Subtype").and_then(|s| s.as_name()).unwrap_or(b"");
        if subtype == b"CIDFontType0" || subtype == b"CIDFontType2" {
            continue; // descendants are looked at through their Type0 parent
        }
        let base_font = String::from_utf8_lossy(dict.get(b"BaseFont").and_then(|b| b.as_name()).unwrap_or(b"")).into_owned();
        let to_unicode = dict.get(b"ToUnicode").is_ok();
        // the font program sits in the descriptor of the descendant (Type0) or the font itself
        let descriptor_holder = if subtype == b"Type0" {
            let descendants = dict.get(b"DescendantFonts").unwrap();
            let descendants = match descendants {
                Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
                other => other.as_array().unwrap().clone(),
            };
            let first = descendants[0].as_reference().unwrap();
            doc.get_dictionary(first).unwrap().clone()
        } else {
            dict.clone()
        };
        let embedded = descriptor_holder
            .get(b"FontDescriptor")
            .and_then(|d| d.as_reference())
            .and_then(|r| doc.get_dictionary(r))
            .is_ok_and(|fd| fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3"));
        let subset = base_font.len() > 7 && base_font.as_bytes()[6] == b'+' && base_font[..6].chars().all(|c| c.is_ascii_uppercase());
        fonts.push(FontFacts { base_font, embedded, subset, to_unicode });
    }

    let mut info = Vec::new();
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(|i| i.as_reference())
        && let Ok(dict) = doc.get_dictionary(info_ref)
    {
        for (key, value) in dict.iter() {
            let text = match value {
                Object::String(bytes, _) => decode_pdf_string(bytes),
                other => format!("{other:?}"),
            };
            info.push((String::from_utf8_lossy(key).into_owned(), text));
        }
    }
    PdfFacts { pages: pages.len(), sizes, page_text, body_text, fonts, info }
}

/// The text of each page with every marked-content sequence tagged /Artifact left out;
/// `None` if the document marks no artifacts (it is not tagged).
fn text_without_artifacts(doc: &lopdf::Document) -> Option<Vec<String>> {
    let mut doc = doc.clone();
    let pages = doc.get_pages();
    let mut any = false;
    for &id in pages.values() {
        let Ok(content) = doc.get_and_decode_page_content(id) else { continue };
        // a stack of open marked-content sequences: is each an artifact?
        let mut open: Vec<bool> = Vec::new();
        let mut kept = Vec::new();
        for op in content.operations {
            let inside = open.iter().any(|&a| a);
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let artifact = op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Artifact".as_slice());
                    any |= artifact;
                    open.push(artifact);
                    if !inside && !artifact {
                        kept.push(op);
                    }
                }
                "EMC" => {
                    let was = open.pop().unwrap_or(false);
                    if !inside && !was {
                        kept.push(op);
                    }
                }
                _ if inside => {}
                _ => kept.push(op),
            }
        }
        let encoded = lopdf::content::Content { operations: kept }.encode().ok()?;
        doc.change_page_content(id, encoded).ok()?;
    }
    if !any {
        return None;
    }
    Some(pages.keys().map(|&n| doc.extract_text(&[n]).unwrap_or_default()).collect())
}

/// PDF text strings: UTF-16BE with a byte-order mark, or PDFDocEncoding (ASCII here).
pub fn decode_pdf_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The sentences a resolution asks to be printed, read from the TOML with serde (not
/// with the program's own parser), markup removed.
pub fn expected_sentences(toml_text: &str) -> Vec<String> {
    let value: toml::Table = toml::from_str(toml_text).expect("valid TOML");
    let mut out = Vec::new();
    let doc = value["document"].as_table().unwrap();
    for key in ["title", "subtitle", "place", "summary", "addressee", "approval"] {
        if let Some(s) = doc.get(key).and_then(|v| v.as_str()) {
            out.push(plain(s));
        }
    }
    if let Some(groups) = value.get("signatories").and_then(|v| v.as_array()) {
        for group in groups {
            out.push(plain(group["country"].as_str().unwrap()));
            for org in group["organizations"].as_array().unwrap() {
                match org {
                    toml::Value::String(s) => out.push(plain(s)),
                    toml::Value::Table(t) => {
                        for key in ["name", "representative", "title"] {
                            if let Some(s) = t.get(key).and_then(|v| v.as_str()) {
                                out.push(plain(s));
                            }
                        }
                    }
                    _ => panic!("unexpected organisation"),
                }
            }
        }
    }
    if let Some(r) = value.get("resolution").and_then(|v| v.as_table()) {
        let paragraphs = |v: Option<&toml::Value>| -> Vec<String> {
            match v {
                Some(toml::Value::String(s)) => vec![plain(s)],
                Some(toml::Value::Array(a)) => a.iter().map(|p| plain(p.as_str().unwrap())).collect(),
                _ => Vec::new(),
            }
        };
        out.extend(paragraphs(r.get("preamble")));
        if let Some(s) = r.get("intro").and_then(|v| v.as_str()) {
            out.push(plain(s));
        }
        fn items(list: &[toml::Value], out: &mut Vec<String>) {
            for item in list {
                match item {
                    toml::Value::String(s) => out.push(plain(s)),
                    toml::Value::Table(t) => {
                        out.push(plain(t["text"].as_str().unwrap()));
                        if let Some(sub) = t.get("items").and_then(|v| v.as_array()) {
                            items(sub, out);
                        }
                    }
                    _ => panic!("unexpected item"),
                }
            }
        }
        if let Some(clauses) = r.get("clauses").and_then(|v| v.as_array()) {
            items(clauses, &mut out);
        }
        out.extend(paragraphs(r.get("closing")));
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Inline markup removed: `*`, `**` dropped, `\*` kept as `*`.
pub fn plain(s: &str) -> String {
    let s = s.replace("\\*", "\u{0}");
    let s: String = s.chars().filter(|&c| c != '*').collect();
    s.replace('\u{0}', "*").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Marks a line end that came right after a hyphen: it may be a hyphenation point.
const LINE_END_HYPHEN: char = '\u{1}';

/// Extracted text without white space; "-" + line end becomes a marker that matches a
/// hyphen or nothing (a real hyphen or a hyphenation point).
pub fn searchable(extracted: &str) -> Vec<char> {
    // lopdf ends each text object with a space; line ends are what matter here
    let lines: Vec<&str> = extracted.lines().map(str::trim_end).collect();
    let joined = lines.join("\n").replace("-\n", &LINE_END_HYPHEN.to_string());
    joined.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `sentence` (white space ignored) occurs in `hay` (from [`searchable`]).
pub fn contains_sentence(hay: &[char], sentence: &str) -> bool {
    let needle: Vec<char> = sentence.chars().filter(|c| !c.is_whitespace()).collect();
    fn matches(hay: &[char], needle: &[char]) -> bool {
        match (hay.first(), needle.first()) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(&LINE_END_HYPHEN), Some(&n)) => (n == '-' && matches(&hay[1..], &needle[1..])) || matches(&hay[1..], needle),
            (Some(h), Some(n)) => h == n && matches(&hay[1..], &needle[1..]),
        }
    }
    (0..hay.len()).any(|i| hay[i] == needle[0] && matches(&hay[i..], &needle))
}

/// The document's `/Lang` and its outline as (depth, title, page number from 1), read
/// with lopdf.
pub fn catalog_facts(bytes: &[u8]) -> (Option<String>, Vec<(usize, String, usize)>) {
    use lopdf::{Document, Object, ObjectId};
    let doc = Document::load_mem(bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let lang = catalog.get(b"Lang").ok().and_then(|l| match l {
        Object::String(s, _) => Some(decode_pdf_string(s)),
        _ => None,
    });
    let page_numbers: std::collections::BTreeMap<ObjectId, u32> = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut entries = Vec::new();
    fn walk(doc: &Document, first: Option<ObjectId>, depth: usize, pages: &std::collections::BTreeMap<ObjectId, u32>, out: &mut Vec<(usize, String, usize)>) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = match item.get(b"Title") {
                Ok(Object::String(s, _)) => decode_pdf_string(s),
                _ => String::new(),
            };
            let dest = match item.get(b"Dest") {
                Ok(Object::Reference(r)) => doc.get_object(*r).ok(),
                Ok(other) => Some(other),
                Err(_) => None,
            };
            let page = dest
                .and_then(|d| d.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|p| p.as_reference().ok())
                .and_then(|r| pages.get(&r).copied())
                .unwrap_or(0) as usize;
            out.push((depth, title, page));
            walk(doc, item.get(b"First").and_then(|f| f.as_reference()).ok(), depth + 1, pages, out);
            next = item.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    if let Ok(outlines) = catalog.get(b"Outlines").and_then(|o| o.as_reference()) {
        let root = doc.get_dictionary(outlines).unwrap();
        walk(&doc, root.get(b"First").and_then(|f| f.as_reference()).ok(), 0, &page_numbers, &mut entries);
    }
    (lang, entries)
}

/// A structure element read back from a PDF's tag tree.
#[derive(Debug, Clone)]
pub struct StructNode {
    /// The structure type: H1, P, L, LI …
    pub kind: String,
    pub children: Vec<StructNode>,
    /// Marked-content pieces directly in this element.
    pub marked_content: usize,
}

impl StructNode {
    pub fn kinds(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.kind.as_str()).collect()
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&StructNode> {
        let mut out = Vec::new();
        for c in &self.children {
            out.push(c);
            out.extend(c.descendants());
        }
        out
    }
}

/// The tag tree (under /StructTreeRoot), or `None` for an untagged PDF.
pub fn struct_tree(bytes: &[u8]) -> Option<StructNode> {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(bytes).unwrap();
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").ok()?.as_reference().ok()?;
    fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(r) => doc.get_object(*r).unwrap_or(o),
            other => other,
        }
    }
    fn node(doc: &Document, dict: &lopdf::Dictionary) -> StructNode {
        let kind = dict.get(b"S").and_then(|s| s.as_name()).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
        let mut out = StructNode { kind, children: Vec::new(), marked_content: 0 };
        let kids: Vec<&Object> = match dict.get(b"K").map(|k| resolve(doc, k)) {
            Ok(Object::Array(items)) => items.iter().collect(),
            Ok(other) => vec![other],
            Err(_) => Vec::new(),
        };
        for kid in kids {
            match resolve(doc, kid) {
                Object::Integer(_) => out.marked_content += 1,
                Object::Dictionary(d) if d.has(b"S") => out.children.push(node(doc, d)),
                Object::Dictionary(_) => out.marked_content += 1, // a marked-content reference
                _ => {}
            }
        }
        out
    }
    let root = doc.get_dictionary(root).ok()?;
    let mut top = node(&doc, root);
    top.kind = "StructTreeRoot".into();
    Some(top)
}

/// The XMP metadata packet of the document, if any.
pub fn xmp(bytes: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let id = doc.catalog().unwrap().get(b"Metadata").ok()?.as_reference().ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    Some(String::from_utf8_lossy(&content).into_owned())
}
