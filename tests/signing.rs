//! Signed copies: the signature page lists every organisation, images go in at the size
//! and resolution they are printed at, per-signatory runs write one distinct copy per
//! organisation, and bad images fail cleanly. Everything read back with lopdf.

mod common;

use std::path::Path;

use common::*;

/// Every image drawn: (pixel width, pixel height, printed width pt, printed height pt),
/// following form XObjects (krilla draws an image inside an isolated group).
fn drawn_images(bytes: &[u8]) -> Vec<(i64, i64, f32, f32)> {
    use lopdf::{Dictionary, Document, Object};
    type M = [f32; 6];
    fn mul(m: &M, c: &M) -> M {
        [
            m[0] * c[0] + m[1] * c[2],
            m[0] * c[1] + m[1] * c[3],
            m[2] * c[0] + m[3] * c[2],
            m[2] * c[1] + m[3] * c[3],
            m[4] * c[0] + m[5] * c[2] + c[4],
            m[4] * c[1] + m[5] * c[3] + c[5],
        ]
    }
    fn num(o: &Object) -> f32 {
        o.as_float().unwrap_or_else(|_| o.as_i64().unwrap_or(0) as f32)
    }
    fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
        match o {
            Object::Reference(r) => doc.get_dictionary(*r).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }
    fn walk(doc: &Document, content: &[u8], resources: &Dictionary, ctm: M, out: &mut Vec<(i64, i64, f32, f32)>) {
        let xobjects = resources.get(b"XObject").ok().and_then(|x| dict(doc, x)).cloned().unwrap_or_default();
        let ops = lopdf::content::Content::decode(content).unwrap().operations;
        let mut stack = vec![ctm];
        for op in &ops {
            match op.operator.as_str() {
                "q" => stack.push(*stack.last().unwrap()),
                "Q" => {
                    stack.pop();
                }
                "cm" => {
                    let m: Vec<f32> = op.operands.iter().map(num).collect();
                    let top = stack.last_mut().unwrap();
                    *top = mul(&[m[0], m[1], m[2], m[3], m[4], m[5]], top);
                }
                "Do" => {
                    let id = xobjects.get(op.operands[0].as_name().unwrap()).unwrap().as_reference().unwrap();
                    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
                    let c = *stack.last().unwrap();
                    match stream.dict.get(b"Subtype").unwrap().as_name().unwrap() {
                        b"Image" => {
                            let (w, h) = (stream.dict.get(b"Width").unwrap().as_i64().unwrap(), stream.dict.get(b"Height").unwrap().as_i64().unwrap());
                            out.push((w, h, c[0].hypot(c[1]), c[2].hypot(c[3])));
                        }
                        b"Form" => {
                            let matrix: M = match stream.dict.get(b"Matrix") {
                                Ok(Object::Array(a)) => [num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3]), num(&a[4]), num(&a[5])],
                                _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                            };
                            let res = stream.dict.get(b"Resources").ok().and_then(|r| dict(doc, r)).cloned().unwrap_or_default();
                            let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                            walk(doc, &data, &res, mul(&matrix, &c), out);
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let (inline, ids) = doc.get_page_resources(page).unwrap();
        let resources = inline.cloned().or_else(|| ids.first().and_then(|id| doc.get_dictionary(*id).ok().cloned())).unwrap_or_default();
        let content = doc.get_page_content(page);
        walk(&doc, &content, &resources, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], &mut out);
    }
    out
}

fn dpi(image: &(i64, i64, f32, f32)) -> f32 {
    image.0 as f32 / (image.2 / 72.0)
}

#[test]
fn the_signature_page_lists_every_organisation_in_order() {
    for (input, heading) in [("input/resolution.toml", "Signatures"), ("input/resolution.ja.toml", "署名")] {
        let toml = std::fs::read_to_string(repo().join(input)).unwrap();
        let value: toml::Table = toml::from_str(&toml).unwrap();
        let names: Vec<String> = value["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["organizations"].as_array().unwrap().iter().map(|o| plain(o.as_str().unwrap())))
            .collect();
        assert_eq!(names.len(), 15);
        let pdf = read_pdf(&build(&repo().join(input)));
        let first = pdf.page_text.iter().position(|t| t.lines().any(|l| l.trim() == heading)).expect("a signature page");
        let signature_pages: String = pdf.page_text[first..].concat();
        let hay = searchable(&signature_pages);
        let mut last = 0;
        for name in &names {
            let needle: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            let at = hay.iter().collect::<String>().find(&needle).unwrap_or_else(|| panic!("{input}: {name} not on the signature page"));
            assert!(at >= last, "{input}: {name} out of order");
            last = at;
        }
    }
}

#[test]
fn images_go_in_at_their_printed_size_and_300_dpi() {
    let bytes = build(&repo().join("examples/signed/resolution.toml"));
    let images = drawn_images(&bytes);
    assert_eq!(images.len(), 8, "six signatures and two seals: {images:?}");
    for image in &images {
        let d = dpi(image);
        assert!((290.0..=321.0).contains(&d), "{image:?} is printed at {d} dpi");
        assert!(image.3 <= 16.0 * 72.0 / 25.4 + 0.1, "{image:?} fits the 16 mm signing space");
    }
    // alt text for every image in the tag tree
    let tree = struct_tree(&bytes).unwrap();
    let figures = tree.descendants().into_iter().filter(|n| n.kind == "Figure").count();
    assert_eq!(figures, 8);
}

/// A grey "scan" with ink strokes, as a JPEG declaring `dpi`.
fn write_scan(path: &Path, width: u32, height: u32, dpi: u16) {
    use image::codecs::jpeg::{JpegEncoder, PixelDensity};
    let mut seed = 12345u32;
    let img = image::GrayImage::from_fn(width, height, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let noise = (seed >> 24) as u8 / 10;
        let stroke = ((x as f32 / 90.0).sin() * height as f32 * 0.3 + height as f32 / 2.0 - y as f32).abs() < 12.0;
        image::Luma([if stroke { 30 + noise } else { 225 + noise }])
    });
    let mut out = std::fs::File::create(path).unwrap();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 98);
    encoder.set_pixel_density(PixelDensity::dpi(dpi));
    encoder.encode_image(&img).unwrap();
}

#[test]
fn a_high_resolution_scan_is_downsampled_to_300_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 6000 × 1800 px at 600 dpi: 10 × 3 inches of paper
    write_scan(&d.join("scan.jpg"), 6000, 1800, 600);
    let scan_size = std::fs::metadata(d.join("scan.jpg")).unwrap().len();
    let doc = |signature: &str| {
        format!(
            "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"C\"\norganizations = [{{ name = \"Org\", representative = \"R\"{signature} }}]\n[signing]\npage = true\n"
        )
    };
    std::fs::write(d.join("with.toml"), doc(", signature = \"scan.jpg\"")).unwrap();
    std::fs::write(d.join("without.toml"), doc("")).unwrap();
    let with = build(&d.join("with.toml"));
    let without = build(&d.join("without.toml"));
    let images = drawn_images(&with);
    assert_eq!(images.len(), 1);
    let d = dpi(&images[0]);
    assert!((d - 300.0).abs() < 2.0, "downsampled to 300 dpi, got {d} ({:?})", images[0]);
    let added = with.len() as i64 - without.len() as i64;
    assert!(added < 300_000, "a {scan_size}-byte scan added {added} bytes");
}

#[test]
fn one_distinct_copy_per_signatory() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo().join("input/resolution.toml");
    let out = run_in(dir.path(), &["build", input.to_str().unwrap(), "--per-signatory", "--out-dir", ".", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the JSON report parses");
    let copies: Vec<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["copy_for"].as_str().unwrap()).collect();
    assert_eq!(copies.len(), 15);
    assert_eq!(copies[0], "Life Funds for North Korean Refugees");
    assert_eq!(copies[14], "Democracy for Kachin National");
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 15, "{files:?}");
    assert!(files.iter().any(|f| f.file_name().unwrap() == "life-funds-for-north-korean-refugees.pdf"));
    let mut seen = std::collections::HashSet::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(seen.insert(bytes.clone()), "{} is not distinct", file.display());
        let text = read_pdf(&bytes).page_text.concat();
        assert!(text.contains("Copy for "), "{}", file.display());
    }
    let kanto = read_pdf(&std::fs::read(dir.path().join("the-society-to-help-returnees-to-north-korea.pdf")).unwrap());
    assert!(kanto.page_text.concat().contains("Copy for The Society to Help Returnees to North Korea"));
}

/// Build with a signature image made by `make` and expect a clean failure naming the
/// organisation and the file.
fn bad_image(make: impl Fn(&Path), expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    make(&dir.path().join("sig.png"));
    let toml = "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"C\"\norganizations = [{ name = \"Helping Hands Korea\", signature = \"sig.png\" }]\n[signing]\npage = true\n";
    std::fs::write(dir.path().join("in.toml"), toml).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("in.toml:5:62: the signature image `sig.png` of Helping Hands Korea cannot be used"), "{err}");
    assert!(err.contains(expected), "expected `{expected}` in {err}");
    assert!(!dir.path().join("out.pdf").exists());
}

#[test]
fn bad_images_fail_cleanly() {
    bad_image(|_| {}, "does not exist");
    bad_image(|p| std::fs::write(p, "not an image").unwrap(), "not an image");
    bad_image(|p| std::fs::create_dir(p).unwrap(), "directory");
    let good = |p: &Path| image::RgbaImage::from_pixel(300, 300, image::Rgba([0, 0, 255, 255])).save(p).unwrap();
    bad_image(
        |p| {
            good(p);
            let bytes = std::fs::read(p).unwrap();
            std::fs::write(p, &bytes[..bytes.len() / 3]).unwrap();
        },
        "truncated",
    );
    bad_image(
        |p| {
            good(p);
            let mut bytes = std::fs::read(p).unwrap();
            bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
            bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
            // a valid IHDR checksum, so that only the size is absurd
            let crc = crc32(&bytes[12..29]);
            bytes[29..33].copy_from_slice(&crc.to_be_bytes());
            std::fs::write(p, &bytes).unwrap();
        },
        "100000 × 100000",
    );
    // a named pipe would block the build for ever
    #[cfg(unix)]
    bad_image(|p| assert!(std::process::Command::new("mkfifo").arg(p).status().unwrap().success()), "not a regular file");
}

/// CRC-32 as PNG chunks use it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A CMYK JPEG (as print shops deliver seals) goes into the archival PDF converted to
/// RGB: PDF/A would otherwise need a CMYK output profile.
#[test]
fn a_cmyk_jpeg_is_converted_for_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("tests/fixtures/cmyk-seal.jpg"), dir.path().join("seal.jpg")).unwrap();
    let toml = "[document]\ntitle = \"T\"\ndate = 2024-01-01\n[[signatories]]\ncountry = \"C\"\n\
                organizations = [{ name = \"Helping Hands Korea\", representative = \"R\", seal = \"seal.jpg\" }]\n[signing]\npage = true\n";
    std::fs::write(dir.path().join("in.toml"), toml).unwrap();
    let out = run_in(dir.path(), &["build", "in.toml", "-o", "out.pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("out.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let spaces: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Image"))
        .map(|s| format!("{:?}", s.dict.get(b"ColorSpace").unwrap()))
        .collect();
    assert_eq!(spaces.len(), 1, "{spaces:?}");
    assert!(!spaces[0].contains("CMYK"), "{spaces:?}");
    assert_eq!(drawn_images(&bytes).len(), 1);
}
