//! `build -f png`: a picture of every page, drawn from the finished PDF (hayro), at the
//! resolution asked for, named by page, with the page's ink where the text is.

mod common;

use common::*;

#[test]
fn every_page_is_drawn_at_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo().join("input/resolution.toml");
    let pattern = dir.path().join("page-{p}.png");
    let out = run_in(dir.path(), &["build", input.to_str().unwrap(), "-f", "png", "--ppi", "72", "-o", pattern.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = build(&input);
    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    for n in 1..=pages {
        let path = dir.path().join(format!("page-{n}.png"));
        let image = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_luma8();
        // A4 at 72 pixels per inch: 595 × 842
        assert_eq!((image.width(), image.height()), (595, 841), "page {n} (841.89 pt, truncated)");
        // ink on the page, none in the margins' outer half (the text block is inside)
        let dark = |x0: u32, y0: u32, x1: u32, y1: u32| (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| image.get_pixel(x, y)[0] < 128).count();
        assert!(dark(70, 70, 525, 770) > 2000, "page {n} has text");
        assert_eq!(dark(0, 0, 35, 841), 0, "page {n}: the left margin is empty");
    }
    assert!(!dir.path().join(format!("page-{}.png", pages + 1)).exists());

    // without a pattern: NAME-N.png beside the name given
    let out = run_in(dir.path(), &["build", input.to_str().unwrap(), "-f", "png", "--ppi", "36", "-o", "preview.png"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = image::open(dir.path().join("preview-1.png")).unwrap();
    assert_eq!((first.width(), first.height()), (297, 420), "half the size: 595.28 × 841.89 pt at 36 ppi, truncated");
}
