//! Text with positions, read from a PDF's content streams with lopdf: enough of a PDF
//! text engine (q/Q, cm, BT, Tf, Tm, Td, TD, T*, TL, Tc, Tw, Tz, TJ, Tj) to place every
//! glyph of the CID fonts our PDFs use, decoded through each font's ToUnicode map and
//! measured with its /W widths. Independent of the writer: it only reads the file.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object};

/// A glyph on a page. Coordinates in points from the top-left corner of the page.
#[derive(Debug, Clone)]
pub struct PlacedGlyph {
    /// 1-based page number.
    pub page: usize,
    pub x: f32,
    /// Baseline.
    pub y: f32,
    pub width: f32,
    pub size: f32,
    /// Horizontal scale the glyph is drawn with (a transform or Tz: font expansion), so
    /// that `width / scale_x` is its nominal width.
    pub scale_x: f32,
    /// The text this glyph stands for (may be empty for the second glyph of a cluster).
    pub text: String,
    /// The font's BaseFont name.
    pub font: String,
}

/// One line of text: glyphs on the same page sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub page: usize,
    pub y: f32,
    pub glyphs: Vec<PlacedGlyph>,
}

impl TextLine {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    pub fn left(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x).fold(f32::INFINITY, f32::min)
    }

    pub fn right(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x + g.width).fold(f32::NEG_INFINITY, f32::max)
    }
}

/// A PDF transformation matrix [a b c d e f].
pub type Matrix = [f32; 6];

/// `a` then `b` (PDF order: a point is transformed by `a`, then by `b`).
pub fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// A PDF number, integer or real.
pub fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

struct FontInfo<'a> {
    /// The BaseFont name, subset tag included ("ABCDEF+NotoSerif-Regular").
    name: String,
    encoding: Encoding<'a>,
    /// Widths by CID, in thousandths of an em.
    widths: BTreeMap<u32, f32>,
    default_width: f32,
}

fn font_info<'a>(doc: &'a Document, font: &'a Dictionary) -> FontInfo<'a> {
    let encoding = font.get_font_encoding(doc).expect("font encoding");
    let name = font.get(b"BaseFont").ok().and_then(|n| n.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
    let mut widths = BTreeMap::new();
    let mut default_width = 1000.0;
    if let Ok(descendants) = font.get(b"DescendantFonts") {
        let array = match descendants {
            Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
            other => other.as_array().unwrap().clone(),
        };
        let cid_font = doc.get_dictionary(array[0].as_reference().unwrap()).unwrap();
        if let Ok(dw) = cid_font.get(b"DW") {
            default_width = number(dw);
        }
        if let Ok(w) = cid_font.get(b"W") {
            let w = match w {
                Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
                other => other.as_array().unwrap().clone(),
            };
            let mut i = 0;
            while i < w.len() {
                let first = number(&w[i]) as u32;
                match w.get(i + 1) {
                    Some(Object::Array(list)) => {
                        for (k, width) in list.iter().enumerate() {
                            widths.insert(first + k as u32, number(width));
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let last = number(last) as u32;
                        let width = number(&w[i + 2]);
                        for cid in first..=last {
                            widths.insert(cid, width);
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
    }
    FontInfo { name, encoding, widths, default_width }
}

/// Every glyph of every page, in content-stream order.
pub fn placed_glyphs(bytes: &[u8]) -> Vec<PlacedGlyph> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (&number_of_page, &page_id) in &doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let page_height = number(&media[3]) - number(&media[1]);
        let fonts: BTreeMap<Vec<u8>, FontInfo> =
            doc.get_page_fonts(page_id).unwrap().into_iter().map(|(name, dict)| (name, font_info(&doc, dict))).collect();
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        read_content(&content, &fonts, number_of_page as usize, page_height, &mut out);
    }
    out
}

fn read_content(content: &Content, fonts: &BTreeMap<Vec<u8>, FontInfo>, page: usize, page_height: f32, out: &mut Vec<PlacedGlyph>) {
    let mut ctm_stack = vec![IDENTITY];
    let mut tm = IDENTITY;
    let mut line_matrix = IDENTITY;
    let mut font: Option<&FontInfo> = None;
    let (mut size, mut char_spacing, mut word_spacing, mut scale, mut leading) = (0.0f32, 0.0f32, 0.0f32, 1.0f32, 0.0f32);
    for op in &content.operations {
        let args = &op.operands;
        match op.operator.as_str() {
            "q" => ctm_stack.push(*ctm_stack.last().unwrap()),
            "Q" => {
                ctm_stack.pop();
                if ctm_stack.is_empty() {
                    ctm_stack.push(IDENTITY);
                }
            }
            "cm" => {
                let m: Matrix = std::array::from_fn(|i| number(&args[i]));
                let top = ctm_stack.last_mut().unwrap();
                *top = multiply(&m, top);
            }
            "BT" => {
                tm = IDENTITY;
                line_matrix = IDENTITY;
            }
            "Tf" => {
                font = args[0].as_name().ok().and_then(|n| fonts.get(n));
                size = number(&args[1]);
            }
            "Tc" => char_spacing = number(&args[0]),
            "Tw" => word_spacing = number(&args[0]),
            "Tz" => scale = number(&args[0]) / 100.0,
            "TL" => leading = number(&args[0]),
            "Tm" => {
                tm = std::array::from_fn(|i| number(&args[i]));
                line_matrix = tm;
            }
            "Td" | "TD" => {
                let (tx, ty) = (number(&args[0]), number(&args[1]));
                if op.operator == "TD" {
                    leading = -ty;
                }
                line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, tx, ty], &line_matrix);
                tm = line_matrix;
            }
            "T*" => {
                line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &line_matrix);
                tm = line_matrix;
            }
            "TJ" | "Tj" => {
                let Some(f) = font else { continue };
                let items: Vec<Object> = if op.operator == "TJ" { args[0].as_array().unwrap().clone() } else { vec![args[0].clone()] };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            for code in bytes.chunks(2) {
                                let cid = u32::from(code[0]) << 8 | u32::from(*code.get(1).unwrap_or(&0));
                                let w = f.widths.get(&cid).copied().unwrap_or(f.default_width) / 1000.0;
                                let text = Document::decode_text(&f.encoding, code).unwrap_or_default();
                                let trm = multiply(&tm, ctm_stack.last().unwrap());
                                let advance = (w * size + char_spacing + if text == " " { word_spacing } else { 0.0 }) * scale;
                                out.push(PlacedGlyph {
                                    page,
                                    x: trm[4],
                                    y: page_height - trm[5],
                                    width: w * size * scale * trm[0].abs().max(1e-6),
                                    size,
                                    scale_x: scale * trm[0].abs().max(1e-6),
                                    text,
                                    font: f.name.clone(),
                                });
                                tm = multiply(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                            }
                        }
                        other => {
                            let adjust = -number(&other) / 1000.0 * size * scale;
                            tm = multiply(&[1.0, 0.0, 0.0, 1.0, adjust, 0.0], &tm);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Glyphs grouped into lines (same page, baselines within 1 pt), top to bottom, each
/// line sorted left to right.
pub fn text_lines(bytes: &[u8]) -> Vec<TextLine> {
    let mut glyphs = placed_glyphs(bytes);
    glyphs.sort_by(|a, b| (a.page, a.y).partial_cmp(&(b.page, b.y)).unwrap());
    let mut lines: Vec<TextLine> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if line.page == g.page && (line.y - g.y).abs() < 1.0 => line.glyphs.push(g),
            _ => lines.push(TextLine { page: g.page, y: g.y, glyphs: vec![g] }),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap());
    }
    lines
}
