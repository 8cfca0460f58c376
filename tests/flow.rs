//! Page flow, read back from the written PDF (glyph positions and filled shapes through
//! lopdf; the TOML of each document is our own, see `common/many.rs`): on documents with
//! many signatory groups, long and short, in one and two columns, on A4, Letter and A5,
//! in English and Japanese —
//! - no page or column opens with an organisation unless its group's continued heading
//!   stands above it, and that heading names the right group;
//! - a group's heading stands with its first two organisations, its last organisation
//!   never alone on a page or column;
//! - no page or column ends on a lead-in or a heading;
//! - no page but the last of a section ends more than two lines short;
//! - every signature page names the document; the last one holds at least two blocks;
//! - continued headings are not headings of the structure or the outline;
//! - the running head is on every page after the first of a long document, and off when
//!   asked; signature blocks leave 8 mm between the lines written on, the note of a copy
//!   keeps 12 mm from the paper's edge and its tint stays inside the text block;
//! - the Japanese items of issue 12: labels aligned on their right with the text on the
//!   em grid, two-character headings spaced by an em, small lines on the grid's baseline.
//!
//! Set FLOW_TEST_OUT=dir to keep every document and PDF made here, to look at them.

mod common;

use std::path::PathBuf;

use common::many::{BodyLine, FilledBox, Spec, body_lines, filled_boxes, furniture_lines, groups, paper_points, toml};
use common::positions::placed_glyphs;
use common::*;

const MM: f32 = 72.0 / 25.4;
/// The default margins.
const MARGIN: f32 = 25.0 * MM;

fn furniture_size(size: f32) -> f32 {
    (size * 0.82).clamp(6.0, 9.0)
}

fn pitch(spec: &Spec) -> f32 {
    spec.size * if spec.japanese { 1.75 } else { 1.36 }
}

/// Build a TOML text (written as `name.toml`) and return the PDF; with FLOW_TEST_OUT set,
/// keep both there.
fn build_text(name: &str, text: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.toml"));
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join(format!("{name}.pdf"));
    let mut all = vec!["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let result = run_in(dir.path(), &all);
    assert!(result.status.success(), "{name}: {}", stderr(&result));
    let bytes = std::fs::read(&out).unwrap();
    if let Ok(keep) = std::env::var("FLOW_TEST_OUT") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join(format!("{name}.toml")), text).unwrap();
        std::fs::write(keep.join(format!("{name}.pdf")), &bytes).unwrap();
    }
    bytes
}

fn build_spec(spec: &Spec) -> Vec<u8> {
    build_text(&spec.name(), &toml(spec), &[])
}

/// Text without white space (ideographic spaces included), for comparing what the PDF
/// reads with what the TOML says.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_bullet(text: &str) -> bool {
    text.starts_with('•') || text.starts_with('・')
}

/// "Japan (continued)" → "Japan"; 「日本（続き）」 → 「日本」; in a narrow column "Myanmar
/// (Burma) (cont.)" → "Myanmar (Burma)".
fn continued_of(text: &str) -> Option<&str> {
    text.strip_suffix(" (continued)").or_else(|| text.strip_suffix(" (cont.)")).or_else(|| text.strip_suffix("（続き）"))
}

fn section_headings(japanese: bool) -> &'static [&'static str] {
    if japanese { &["署名団体", "決議", "署名"] } else { &["Signatories", "Resolution", "Signatures"] }
}

/// A page, or a column of a two-column page.
type Frame = (usize, usize);

/// What the body lines of a document say about its flow.
struct Reading {
    lines: Vec<BodyLine>,
    /// The first page of the signatures, if any.
    signatures_from: Option<usize>,
    pages: usize,
}

fn read(spec: &Spec, bytes: &[u8]) -> Reading {
    let (w, _) = paper_points(spec.paper);
    // the gap between two columns: 2 em in the middle of the text block
    let split = (spec.columns == 2).then_some((w / 2.0 - spec.size * 0.9, w / 2.0 + spec.size * 0.9));
    let all = body_lines(bytes, furniture_size(spec.size), None);
    let heading = section_headings(spec.japanese)[2];
    let signatures_from = all.iter().find(|l| squeeze(&l.text) == heading).map(|l| l.page);
    // columns only where the list is: split the lines of the pages before the signatures
    let mut lines = body_lines(bytes, furniture_size(spec.size), split);
    if let Some(from) = signatures_from {
        lines.retain(|l| l.page < from);
        lines.extend(all.into_iter().filter(|l| l.page >= from));
    }
    let pages = read_pdf(bytes).pages;
    Reading { lines, signatures_from, pages }
}

/// Check the list's flow: every frame's first line, continued headings, headings with
/// two organisations, last organisations not alone. Returns the problems.
fn list_problems(spec: &Spec, reading: &Reading) -> Vec<String> {
    let groups = groups(spec);
    let countries: Vec<String> = groups.iter().map(|(c, _)| squeeze(c)).collect();
    // the group of every organisation, in order
    let owners: Vec<usize> = groups.iter().enumerate().flat_map(|(g, (_, orgs))| std::iter::repeat_n(g, orgs.len())).collect();
    let list_end = reading.signatures_from.unwrap_or(usize::MAX);
    let body: Vec<&BodyLine> = reading.lines.iter().filter(|l| l.page < list_end).collect();
    let mut problems = Vec::new();
    // frame of each organisation's first line, of each group's heading
    let mut org_frame: Vec<Frame> = Vec::new();
    let mut heading_frame: Vec<Option<Frame>> = vec![None; groups.len()];
    let mut previous: Option<Frame> = None;
    let mut pending_continued: Option<(String, Frame)> = None;
    for line in &body {
        let frame = (line.page, line.column);
        let opens = previous != Some(frame);
        previous = Some(frame);
        if opens && is_bullet(&line.text) {
            problems.push(format!("page {} column {} opens with an organisation: {}", line.page, line.column + 1, line.text));
        }
        if let Some(country) = continued_of(&line.text) {
            let country = squeeze(country);
            if !opens {
                problems.push(format!("page {}: a continued heading inside a column: {}", line.page, line.text));
            }
            pending_continued = Some((country, frame));
            continue;
        }
        if is_bullet(&line.text) {
            let index = org_frame.len();
            org_frame.push(frame);
            if let Some((country, at)) = pending_continued.take() {
                let owner = owners.get(index).map(|&g| countries[g].clone());
                if at != frame || owner.as_ref() != Some(&country) {
                    problems.push(format!(
                        "page {}: continued heading `{country}` above an organisation of {owner:?}",
                        line.page
                    ));
                }
            }
            continue;
        }
        pending_continued = None;
        if let Some(g) = countries.iter().position(|c| *c == squeeze(&line.text))
            && heading_frame[g].is_none()
            && org_frame.len() == owners.iter().position(|&o| o == g).unwrap_or(usize::MAX)
        {
            heading_frame[g] = Some(frame);
        }
    }
    assert_eq!(org_frame.len(), owners.len(), "{}: every organisation found", spec.name());
    let mut first = 0;
    for (g, (country, orgs)) in groups.iter().enumerate() {
        let frames = &org_frame[first..first + orgs.len()];
        first += orgs.len();
        let Some(heading) = heading_frame[g] else {
            problems.push(format!("the heading of {country} not found"));
            continue;
        };
        for (k, f) in frames.iter().take(2).enumerate() {
            if *f != heading {
                problems.push(format!("{country}: organisation {} is not with its heading (page {} col {})", k + 1, f.0, f.1 + 1));
            }
        }
        if orgs.len() >= 2 && frames[orgs.len() - 1] != frames[orgs.len() - 2] {
            let f = frames[orgs.len() - 1];
            problems.push(format!("{country}: the last organisation stands alone on page {} column {}", f.0, f.1 + 1));
        }
    }
    problems
}

/// No frame ends on a lead-in or a heading; no page but the last of a section more than
/// two lines short.
fn ending_problems(spec: &Spec, reading: &Reading) -> Vec<String> {
    let (_, h) = paper_points(spec.paper);
    let line = pitch(spec);
    // the foot of the text block; on the Japanese grid, of its last whole grid line (the
    // grid is centred in the block)
    let block = h - 2.0 * MARGIN;
    let bottom = if spec.japanese { h - MARGIN - (block - (block / line + 0.001).floor() * line) / 2.0 } else { h - MARGIN };
    // from a full page's last baseline to the foot of the text block
    let full = if spec.japanese { line / 2.0 - spec.size * 0.38 } else { line / 2.0 - spec.size * 0.3 };
    let groups = groups(spec);
    let headings: Vec<String> = groups.iter().map(|(c, _)| squeeze(c)).chain(section_headings(spec.japanese).iter().map(|h| squeeze(h))).collect();
    let mut problems = Vec::new();
    let frames: std::collections::BTreeSet<Frame> = reading.lines.iter().map(|l| (l.page, l.column)).collect();
    for &(page, column) in &frames {
        if page == reading.pages {
            continue;
        }
        let in_frame: Vec<&BodyLine> = reading.lines.iter().filter(|l| l.page == page && l.column == column).collect();
        let last = in_frame.iter().max_by(|a, b| a.y.partial_cmp(&b.y).unwrap()).unwrap();
        if last.text.ends_with([':', '：']) {
            problems.push(format!("page {page} column {} ends on a lead-in: {}", column + 1, last.text));
        }
        if headings.contains(&squeeze(&last.text)) || continued_of(&last.text).is_some() {
            problems.push(format!("page {page} column {} ends on a heading: {}", column + 1, last.text));
        }
    }
    // fill: pages of running text and lists (not signature pages, not the page before
    // a section that starts a page of its own, not the last)
    for page in 1..reading.pages {
        if reading.signatures_from.is_some_and(|s| page + 1 >= s) {
            continue;
        }
        let next_opens_section = reading
            .lines
            .iter()
            .filter(|l| l.page == page + 1)
            .min_by(|a, b| (a.column, a.y).partial_cmp(&(b.column, b.y)).unwrap())
            .is_some_and(|l| section_headings(spec.japanese).contains(&squeeze(&l.text).as_str()));
        let lowest = reading.lines.iter().filter(|l| l.page == page).map(|l| l.y).fold(f32::NEG_INFINITY, f32::max);
        let short = (bottom - lowest - full) / line;
        // Keep rules come first: a group's heading with its first two organisations may
        // not fit in the hole even with the one line a page may give. Then the page is
        // short because the rules need it.
        let next: Vec<&BodyLine> = reading.lines.iter().filter(|l| l.page == page + 1 && l.column == 0).collect();
        let piece = match next.first() {
            Some(first) if headings.contains(&squeeze(&first.text)) => {
                let mut bullets = 0;
                let lines = next
                    .iter()
                    .skip(1)
                    .take_while(|l| {
                        bullets += usize::from(is_bullet(&l.text));
                        bullets <= 2 && !headings.contains(&squeeze(&l.text))
                    })
                    .count();
                (lines + 1) as f32 + if spec.japanese { 1.0 } else { 0.55 }
            }
            _ => 0.0,
        };
        let rules_need_it = piece > short + 1.0 + 0.05;
        if short > 2.05 && !next_opens_section && !rules_need_it {
            problems.push(format!("page {page} ends {short:.2} lines short"));
        }
    }
    problems
}

fn specs() -> Vec<Spec> {
    let spec = |seed, organisations, japanese, columns, paper, size| Spec {
        seed,
        organisations,
        japanese,
        columns,
        paper,
        size,
        signing: false,
    };
    vec![
        spec(1, 320, false, 1, "A4", 11.0),
        spec(2, 420, false, 2, "A4", 11.0),
        spec(3, 180, false, 1, "Letter", 10.0),
        spec(4, 260, false, 2, "Letter", 12.0),
        spec(5, 140, false, 1, "A5", 9.0),
        spec(6, 200, false, 2, "A5", 9.0),
        spec(7, 200, true, 1, "A4", 10.5),
        spec(8, 300, true, 2, "A4", 10.0),
        spec(9, 90, true, 1, "A5", 9.0),
        spec(10, 160, true, 2, "Letter", 10.0),
    ]
}

#[test]
fn lists_flow_with_their_headings_in_one_and_two_columns() {
    let mut problems = Vec::new();
    for spec in specs() {
        let bytes = build_spec(&spec);
        let reading = read(&spec, &bytes);
        assert!(reading.pages >= 4, "{}: {} pages, a test of page flow needs more", spec.name(), reading.pages);
        for p in list_problems(&spec, &reading).into_iter().chain(ending_problems(&spec, &reading)) {
            problems.push(format!("{}: {p}", spec.name()));
        }
        // continued headings are page furniture: one H3 per group, one outline entry
        let tree = struct_tree(&bytes).unwrap();
        let h3 = tree.descendants().iter().filter(|n| n.kind == "H3").count();
        assert_eq!(h3, groups(&spec).len(), "{}: one H3 per group", spec.name());
        let (_, outline) = catalog_facts(&bytes);
        assert_eq!(outline.iter().filter(|(depth, _, _)| *depth == 2).count() - 14, groups(&spec).len(), "{}", spec.name());
        if !reading.lines.iter().any(|l| continued_of(&l.text).is_some()) {
            problems.push(format!("{}: no continued heading, though groups run over pages", spec.name()));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn signature_pages_name_the_document_and_never_end_on_a_lone_block() {
    let mut problems = Vec::new();
    for (seed, organisations, japanese, paper, size) in
        [(11, 23, false, "A4", 11.0), (12, 41, false, "A5", 9.0), (13, 17, true, "A4", 11.0), (14, 9, false, "Letter", 12.0), (15, 33, true, "A5", 9.0)]
    {
        let spec = Spec { seed, organisations, japanese, columns: 1, paper, size, signing: true };
        let bytes = build_spec(&spec);
        let reading = read(&spec, &bytes);
        let from = reading.signatures_from.unwrap_or_else(|| panic!("{}: a signature page", spec.name()));
        let furniture = furniture_lines(&bytes, furniture_size(size));
        let title = if japanese { "多国間NGO会議　難民と人権に関する共同決議" } else { "Joint Resolution of the Many Groups Conference on Refugees" };
        for page in from..=reading.pages {
            let head: String = furniture.iter().filter(|l| l.page == page).map(|l| l.text.as_str()).collect();
            let label = if japanese { "署名" } else { "Signatures—" };
            if !squeeze(&head).starts_with(label) || !squeeze(&head).contains(&squeeze(title)) {
                problems.push(format!("{}: signature page {page} does not name the document: {head:?}", spec.name()));
            }
        }
        let date = if japanese { "日付：" } else { "Date:" };
        let blocks_on = |page: usize| reading.lines.iter().filter(|l| l.page == page).map(|l| l.text.matches(date).count()).sum::<usize>();
        let total: usize = (from..=reading.pages).map(blocks_on).sum();
        assert_eq!(total, organisations, "{}: a block per organisation", spec.name());
        if blocks_on(reading.pages) < 2 {
            problems.push(format!("{}: the last page holds {} block(s)", spec.name(), blocks_on(reading.pages)));
        }
        // a group whose blocks run onto a new page has its heading repeated there
        let groups = groups(&spec);
        let countries: Vec<String> = groups.iter().map(|(c, _)| squeeze(c)).collect();
        for page in from + 1..=reading.pages {
            let first = reading.lines.iter().filter(|l| l.page == page).min_by(|a, b| a.y.partial_cmp(&b.y).unwrap()).unwrap();
            let ok = countries.contains(&squeeze(&first.text)) || continued_of(&first.text).is_some_and(|c| countries.contains(&squeeze(c)));
            if !ok {
                problems.push(format!("{}: signature page {page} opens without a group heading: {}", spec.name(), first.text));
            }
        }
        let tree = struct_tree(&bytes).unwrap();
        let h3 = tree.descendants().iter().filter(|n| n.kind == "H3").count();
        assert_eq!(h3, 2 * groups.len(), "{}: one H3 per group in the list and on the signature pages", spec.name());
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The horizontal rules of a signature page, by column (x of their left end rounded).
fn rules_on(boxes: &[FilledBox], page: usize) -> Vec<&FilledBox> {
    boxes.iter().filter(|b| b.page == page && b.y1 - b.y0 < 1.0 && b.x1 - b.x0 > 20.0 && b.grey < 0.5).collect()
}

#[test]
fn signature_blocks_leave_room_to_write_and_copies_keep_inside_the_printable_area() {
    let input = repo().join("input/resolution.toml");
    let text = std::fs::read_to_string(&input).unwrap();
    assert!(text.contains("[signing]\npage = true"), "the reference has its signature page");
    let bytes = build_text("reference-signed", &text, &[]);
    let pages = read_pdf(&bytes).pages;
    let glyphs = placed_glyphs(&bytes);
    let boxes = filled_boxes(&bytes);
    // on the signature pages, below each block's signature line, the lines written on
    // (the signature line itself, "Name:", "Title:") are at least 8 mm apart
    let last = rules_on(&boxes, pages);
    assert!(!last.is_empty());
    let mut checked = 0;
    for page in 1..=pages {
        let rules = rules_on(&boxes, page);
        let mut by_column: std::collections::BTreeMap<i32, Vec<f32>> = std::collections::BTreeMap::new();
        for r in &rules {
            // rules across the text block are heading rules, not lines to write on
            if r.x1 - r.x0 > 300.0 {
                continue;
            }
            by_column.entry(i32::from(r.x0 > 297.6)).or_default().push((r.y0 + r.y1) / 2.0);
        }
        for ys in by_column.values_mut() {
            ys.sort_by(|a, b| a.partial_cmp(b).unwrap());
            for pair in ys.windows(2) {
                let gap = (pair[1] - pair[0]) / MM;
                if gap < 30.0 {
                    assert!(gap >= 7.95, "page {page}: lines to write on {gap:.1} mm apart");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 15, "{checked} gaps checked");
    // country headings are set apart from the names below them by a rule across the page
    let heading_rules = boxes.iter().filter(|b| b.y1 - b.y0 < 1.0 && b.x1 - b.x0 > 400.0).count();
    assert!(heading_rules >= 4, "{heading_rules} heading rules");
    assert!(glyphs.iter().any(|g| g.text == "S"), "text is there");

    // the copy of one signatory: its note 12 mm from the paper's edge at least, its tint
    // inside the text block
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    std::fs::write(&path, &text).unwrap();
    let out = run_in(dir.path(), &["build", "r.toml", "--per-signatory", "--out-dir", "copies"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir.path().join("copies")).unwrap().map(|e| e.unwrap().path()).collect();
    copies.sort();
    assert_eq!(copies.len(), 15);
    for copy in copies.iter().step_by(4) {
        let bytes = std::fs::read(copy).unwrap();
        let (w, h) = (210.0 * MM, 297.0 * MM);
        let notes: Vec<_> = furniture_lines(&bytes, 9.0).into_iter().filter(|l| l.text.starts_with("Copy for")).collect();
        assert!(!notes.is_empty(), "{}: a note on every page", copy.display());
        for note in &notes {
            let foot = note.y + 9.0 * 0.25;
            assert!(h - foot >= 12.0 * MM - 0.1, "{}: the note reaches {:.1} mm from the edge", copy.display(), (h - foot) / MM);
            assert!(note.y > h - MARGIN, "the note stays in the bottom margin");
        }
        let tints: Vec<FilledBox> = filled_boxes(&bytes).into_iter().filter(|b| b.grey > 0.5 && b.grey < 0.99).collect();
        assert_eq!(tints.len(), 1, "{}: one tinted block", copy.display());
        let t = &tints[0];
        assert!(t.x0 >= MARGIN - 0.1 && t.x1 <= w - MARGIN + 0.1, "{}: the tint {:.1}–{:.1} leaves the text block", copy.display(), t.x0, t.x1);
        assert!(t.y0 >= MARGIN - 0.1 && t.y1 <= h - MARGIN + 0.1, "{}: the tint leaves the text block", copy.display());
    }
}

#[test]
fn the_running_head_names_the_document_on_every_page_after_the_first() {
    let spec = Spec { seed: 21, organisations: 120, japanese: false, columns: 1, paper: "A4", size: 11.0, signing: false };
    let text = toml(&spec);
    let bytes = build_text("running-head", &text, &[]);
    let pages = read_pdf(&bytes).pages;
    assert!(pages > 2);
    let furniture = furniture_lines(&bytes, 9.0);
    let title = "Joint Resolution of the Many Groups Conference on Refugees";
    let top = |page: usize| furniture.iter().filter(|l| l.page == page && l.y < MARGIN + 20.0).map(|l| l.text.clone()).collect::<Vec<_>>();
    assert!(top(1).is_empty(), "no running head on the first page: {:?}", top(1));
    for page in 2..=pages {
        assert_eq!(top(page), vec![title.to_string()], "page {page}");
    }
    // it is an artifact: the text of the structure tree does not hold it
    let tree = struct_tree(&bytes).unwrap();
    let paragraphs = tree.descendants().iter().filter(|n| n.kind == "P").count();
    let tree_off = struct_tree(&build_text("running-head-off-tree", &(text.clone() + "running_head = false\n"), &[])).unwrap();
    assert_eq!(paragraphs, tree_off.descendants().iter().filter(|n| n.kind == "P").count());

    // off when the style says so
    let off = build_text("running-head-off", &(text.replace("[style]", "[style]\nrunning_head = false")), &[]);
    let furniture = furniture_lines(&off, 9.0);
    assert!(furniture.iter().all(|l| l.y > MARGIN + 20.0), "no running head: {:?}", furniture.first());
    // and not on a short document unless asked
    let short = build(&repo().join("examples/minimal.toml"));
    assert!(furniture_lines(&short, 9.0).iter().all(|l| l.y > MARGIN + 20.0));
    let forced = build_text("running-head-on", &(text.replace("[style]", "[style]\nrunning_head = true")), &[]);
    assert_eq!(read_pdf(&forced).pages, pages);

    // a long title gives way to the short title when there is one…
    let long_title = "Joint Declaration of the Global Civil Society Forum on Refugees, Asylum and Human Rights in Europe";
    let long = text.replace(title, long_title);
    let short = long.replace("[document]", "[document]\nshort_title = \"Joint Declaration on Refugees\"");
    let bytes = build_text("running-head-short-title", &short, &[]);
    let head: Vec<_> = furniture_lines(&bytes, 9.0).into_iter().filter(|l| l.page == 2 && l.y < MARGIN + 20.0).collect();
    assert_eq!(head.len(), 1);
    assert_eq!(head[0].text, "Joint Declaration on Refugees");
    // … and without one is shortened at a word, with an ellipsis, to at most 60
    // characters, and further when it does not fit on one line (A5: 98 mm)
    let bytes = build_text("running-head-long", &long, &[]);
    let head: Vec<_> = furniture_lines(&bytes, 9.0).into_iter().filter(|l| l.page == 2 && l.y < MARGIN + 20.0).collect();
    assert_eq!(head.len(), 1);
    assert!(head[0].text.chars().count() <= 60 && head[0].text.ends_with('…'), "{}", head[0].text);
    let bytes = build_text("running-head-long-a5", &long.replace("paper = \"A4\"", "paper = \"A5\""), &[]);
    let (w, _) = paper_points("A5");
    let head: Vec<_> = furniture_lines(&bytes, 9.0).into_iter().filter(|l| l.page == 2 && l.y < MARGIN + 20.0).collect();
    assert_eq!(head.len(), 1, "one line");
    let cut = &head[0].text;
    assert!(cut.ends_with('…') && long_title.starts_with(cut.trim_end_matches('…')), "cut at a word: {cut}");
    assert!(long_title[cut.len() - '…'.len_utf8()..].starts_with([' ', ',']), "cut at a word: {cut}");
    assert!(!cut.ends_with(" on…") && !cut.ends_with(" of…") && !cut.ends_with(" and…"), "{cut}");
    let glyphs: Vec<_> = placed_glyphs(&bytes).into_iter().filter(|g| g.page == 2 && (g.y - head[0].y).abs() < 1.0).collect();
    let left = glyphs.iter().map(|g| g.x).fold(f32::INFINITY, f32::min);
    let right = glyphs.iter().map(|g| g.x + g.width).fold(f32::NEG_INFINITY, f32::max);
    assert!(left >= MARGIN - 0.5 && right <= w - MARGIN + 0.5, "the head stays in the text block: {left:.1}–{right:.1}");
}

/// Glyphs of a page with their font size.
fn glyphs_sized(bytes: &[u8], size: f32) -> Vec<common::positions::PlacedGlyph> {
    placed_glyphs(bytes).into_iter().filter(|g| (g.size - size).abs() < 0.01).collect()
}

#[test]
fn japanese_labels_align_on_their_right_and_the_text_keeps_to_the_em_grid() {
    let items: Vec<String> = (1..=12).map(|i| format!("\"第{i}項の調査を行うこと。\"")).collect();
    let text = format!(
        "[document]\ntitle = \"決議\"\nlang = \"ja\"\n\n[resolution]\n[[resolution.clauses]]\ntext = \"次の事項を調査する：\"\nitems = [{}]\n",
        items.join(", ")
    );
    let bytes = build_text("ja-labels", &text, &[]);
    let size = 11.0;
    let glyphs = glyphs_sized(&bytes, size);
    // the text block: 160 mm, lines of whole ems, centred
    let block = 160.0 * MM;
    let measure = (block / size).floor() * size;
    let left = MARGIN + (block - measure) / 2.0;
    let mut rights = Vec::new();
    let mut starts = Vec::new();
    let mut lines: Vec<Vec<&common::positions::PlacedGlyph>> = Vec::new();
    for g in &glyphs {
        match lines.last_mut() {
            Some(l) if (l[0].y - g.y).abs() < 1.0 && l[0].page == g.page => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap());
        if line[0].text != "（" {
            continue;
        }
        let close = line.iter().position(|g| g.text == "）").unwrap();
        rights.push(line[close].x + line[close].width);
        starts.push(line[close + 1].x);
    }
    assert_eq!(rights.len(), 12, "twelve labelled items");
    let spread = |v: &[f32]| v.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b)) - v.iter().fold(f32::INFINITY, |a, &b| a.min(b));
    assert!(spread(&rights) < 0.3, "labels end at one x: {rights:?}");
    assert!(spread(&starts) < 0.3, "the text starts at one x: {starts:?}");
    let ems = (starts[0] - left) / size;
    assert!((ems - ems.round()).abs() < 0.02, "the text starts {ems} em into the line, off the grid");
    // the gap between label and text is the closing bracket's own blank, under an em
    assert!(starts[0] - rights[0] < size, "gap {}", starts[0] - rights[0]);
}

#[test]
fn two_character_japanese_headings_are_spaced_by_an_em_and_read_as_one_word() {
    let bytes = build(&repo().join("input/resolution.ja.toml"));
    let size = 11.0 * 1.18;
    let glyphs = glyphs_sized(&bytes, size);
    for (a, b) in [("決", "議"), ("署", "名")] {
        // the heading: a line of these two characters alone
        let alone = |g: &&common::positions::PlacedGlyph| glyphs.iter().filter(|o| o.page == g.page && (o.y - g.y).abs() < 0.5).count() == 2;
        let first = glyphs.iter().filter(alone).find(|g| g.text == a).unwrap_or_else(|| panic!("{a}"));
        let second = glyphs.iter().find(|g| g.text == b && (g.y - first.y).abs() < 0.5 && g.page == first.page).unwrap();
        let step = (second.x - first.x) / size;
        assert!((step - 2.0).abs() < 0.02, "{a}{b}: the second character {step} em after the first");
    }
    // the headings of the tag tree keep their text
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let titles: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).is_ok_and(|n| n == b"H2"))
        .filter_map(|d| match d.get(b"T") {
            Ok(lopdf::Object::String(s, _)) => Some(decode_pdf_string(s)),
            _ => None,
        })
        .collect();
    assert!(titles.iter().any(|t| t == "決議"), "{titles:?}");
    assert!(titles.iter().any(|t| t == "署名"), "{titles:?}");
}

#[test]
fn small_japanese_lines_stand_on_the_grid() {
    let spec = Spec { seed: 31, organisations: 40, japanese: true, columns: 1, paper: "A4", size: 11.0, signing: false };
    let bytes = build_text("ja-grid", &toml(&spec), &[]);
    let glyphs = placed_glyphs(&bytes);
    let pitch = 11.0 * 1.75;
    let mut checked = 0;
    for page in 1..=read_pdf(&bytes).pages {
        // the body lines of the page: organisation names (11 pt) and representatives
        // (0.92 × 11 pt); every baseline on one grid
        let on: Vec<_> = glyphs.iter().filter(|g| g.page == page && g.y > MARGIN && g.y < 297.0 * MM - MARGIN).collect();
        let Some(anchor) = on.iter().find(|g| (g.size - 11.0).abs() < 0.01 && g.text == "・") else { continue };
        for g in on.iter().filter(|g| (g.size - 11.0 * 0.92).abs() < 0.01) {
            let steps = (g.y - anchor.y) / pitch;
            assert!((steps - steps.round()).abs() * pitch < 0.05, "page {page}: `{}` {:.2} pt off the grid", g.text, (steps - steps.round()) * pitch);
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} glyphs of representatives checked");
}

#[test]
fn lead_ins_keep_with_what_they_introduce_at_every_size() {
    // the reference at many sizes: no page ends on a lead-in (the intro, the approval,
    // a clause that ends in a colon)
    let input = std::fs::read_to_string(repo().join("input/resolution.toml")).unwrap();
    let mut problems = Vec::new();
    for (paper, size, margin) in [("A4", 11.0, 25), ("A4", 12.0, 25), ("A5", 9.0, 15), ("Letter", 10.0, 20), ("A5", 10.0, 20), ("A4", 14.0, 30)] {
        let text = format!("{input}\n[style]\npaper = \"{paper}\"\nfont_size_pt = {size}\nmargin_mm = {margin}\n");
        let name = format!("reference-{paper}-{size}");
        let bytes = build_text(&name, &text, &[]);
        let lines = body_lines(&bytes, furniture_size(size), None);
        let pages = read_pdf(&bytes).pages;
        for page in 1..pages {
            let last = lines.iter().filter(|l| l.page == page).max_by(|a, b| a.y.partial_cmp(&b.y).unwrap()).unwrap();
            if last.text.ends_with(':') {
                problems.push(format!("{name}: page {page} ends on a lead-in: {}", last.text));
            }
            if ["Japan", "South Korea", "United States", "Myanmar (Burma)", "Signatories", "Resolution"].contains(&last.text.as_str()) {
                problems.push(format!("{name}: page {page} ends on a heading: {}", last.text));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A document of the signature-page tests: its TOML text and what the reading needs.
struct Signed {
    name: String,
    bytes: Vec<u8>,
    paper: &'static str,
    size: f32,
    margin_mm: f32,
    japanese: bool,
}

fn signed_documents() -> Vec<Signed> {
    let mut out = Vec::new();
    for (lang, paper, size, margin) in
        [("en", "A4", 11.0, 25.0), ("en", "A5", 11.0, 15.0), ("en", "A4", 12.0, 40.0), ("ja", "A4", 11.0, 25.0), ("ja", "A4", 12.0, 40.0), ("ja", "A5", 11.0, 15.0)]
    {
        let file = if lang == "ja" { "input/resolution.ja.toml" } else { "input/resolution.toml" };
        let input = std::fs::read_to_string(repo().join(file)).unwrap();
        assert!(input.contains("[signing]\npage = true"), "{file} has its signature page");
        let text = format!("{input}\n[style]\npaper = \"{paper}\"\nfont_size_pt = {size}\nmargin_mm = {margin}\n");
        let name = format!("reference-signed-{lang}-{paper}-{size}-{margin}");
        let bytes = build_text(&name, &text, &[]);
        out.push(Signed { name, bytes, paper, size, margin_mm: margin, japanese: lang == "ja" });
    }
    for (seed, organisations, japanese, paper, size) in
        [(11, 23, false, "A4", 11.0), (12, 41, false, "A5", 9.0), (13, 17, true, "A4", 11.0), (15, 33, true, "A5", 9.0), (16, 120, false, "A4", 11.0), (17, 90, true, "Letter", 10.0)]
    {
        let spec = Spec { seed, organisations, japanese, columns: 1, paper, size, signing: true };
        out.push(Signed { name: spec.name(), bytes: build_spec(&spec), paper, size, margin_mm: 25.0, japanese });
    }
    out
}

/// Signature pages are filled row by row: a page ends early only when the next row (with
/// its group's heading, when it opens a group) would not fit above the foot of the text
/// block, or the last page needs it to hold two blocks; a page that continues a group
/// opens with more than one block; every page but the last holds at least two rows.
#[test]
fn signature_pages_take_every_row_that_fits() {
    let mut problems = Vec::new();
    for doc in signed_documents() {
        let lines = body_lines(&doc.bytes, furniture_size(doc.size), None);
        let heading = section_headings(doc.japanese)[2];
        let from = lines.iter().find(|l| squeeze(&l.text) == heading).map(|l| l.page).expect("a signature page");
        let pages = read_pdf(&doc.bytes).pages;
        let label = if doc.japanese { "日付：" } else { "Date:" };
        // a row of blocks: its date line, one "Date:" a block (the lowest, where a value
        // too long for its line pushes one block's date down)
        let rows = |page: usize| -> Vec<(f32, usize)> {
            let mut rows: Vec<(f32, usize)> = Vec::new();
            for l in lines.iter().filter(|l| l.page == page && l.text.contains(label)) {
                match rows.last_mut() {
                    Some(row) if l.y - row.0 < 12.0 * MM => *row = (l.y, row.1 + l.text.matches(label).count()),
                    _ => rows.push((l.y, l.text.matches(label).count())),
                }
            }
            rows
        };
        let on = |page: usize| -> Vec<&BodyLine> { lines.iter().filter(|l| l.page == page).collect() };
        // from a row's date line to the next line on its page: the next row's name, or the
        // next group's heading (the largest seen: on the Japanese grid it varies a little)
        let (mut to_row, mut to_group) = (0.0f32, 0.0f32);
        for page in from..=pages {
            let page_lines = on(page);
            for pair in page_lines.windows(2) {
                if pair[0].text.contains(label) && !pair[1].text.contains(label) {
                    let gap = pair[1].y - pair[0].y;
                    if is_country(&pair[1].text, &doc) {
                        to_group = to_group.max(gap);
                    } else {
                        to_row = to_row.max(gap);
                    }
                }
            }
        }
        let (_, h) = paper_points(doc.paper);
        let margin = doc.margin_mm * MM;
        let pitch = doc.size * if doc.japanese { 1.75 } else { 1.36 };
        let block = h - 2.0 * margin;
        let foot = if doc.japanese { h - margin - (block - (block / pitch + 0.001).floor() * pitch) / 2.0 } else { h - margin };
        let ink_below = doc.size * 0.36;
        // on the Japanese grid what a row leaves below it goes to the next grid line, which
        // the gaps seen elsewhere do not tell: a grid line of tolerance
        let tolerance = if doc.japanese { pitch } else { 1.0 };
        let total: usize = (from..=pages).map(|p| rows(p).iter().map(|r| r.1).sum::<usize>()).sum();
        for page in from..pages {
            let next = page + 1;
            let here = rows(page);
            let Some(&(last_date, _)) = here.last() else {
                problems.push(format!("{}: signature page {page} holds no block", doc.name));
                continue;
            };
            if here.len() < 2 && total > 2 {
                problems.push(format!("{}: signature page {page} holds a single row", doc.name));
            }
            // the next page's first row, from its first line (its group's heading when it
            // opens a group; not the continued heading)
            let next_lines = on(next);
            let Some(first) = next_lines.iter().find(|l| continued_of(&l.text).is_none()) else { continue };
            let Some(&(date, blocks)) = rows(next).first() else { continue };
            let opens_group = is_country(&first.text, &doc);
            let lead = if opens_group { to_group } else { to_row };
            let bottom = last_date + lead + (date - first.y) + ink_below;
            let last_page_rule = next == pages && rows(next).iter().map(|r| r.1).sum::<usize>() - blocks < 2;
            if bottom <= foot - tolerance && !last_page_rule {
                problems.push(format!(
                    "{}: signature page {page} ends {:.0} mm above the foot, with room for the next row ({} block(s), it would end {:.0} mm above)",
                    doc.name,
                    (foot - last_date - ink_below) / MM,
                    blocks,
                    (foot - bottom) / MM
                ));
            }
            // a page that continues a group opens with more than one block
            if next_lines.first().is_some_and(|l| continued_of(&l.text).is_some()) && blocks < 2 {
                problems.push(format!("{}: signature page {next} opens with a lone block under {}", doc.name, next_lines[0].text));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// A country heading of a signature page (not a block's name).
/// (The reference's countries are among those of `common::many`.)
fn is_country(text: &str, doc: &Signed) -> bool {
    const EN: &[&str] = &[
        "Norway", "Denmark", "Japan", "South Korea", "United States", "Myanmar (Burma)", "Germany", "France", "Brazil", "India",
        "Kenya", "Chile", "Canada", "Sweden", "Poland", "Italy", "Spain", "Mexico", "Ghana", "Nepal",
    ];
    const JA: &[&str] = &[
        "日本", "韓国", "米国", "ミャンマー（ビルマ）", "ドイツ", "フランス", "ブラジル", "インド", "ケニア", "チリ", "カナダ", "スウェーデン",
        "ポーランド", "イタリア", "スペイン", "メキシコ", "ガーナ", "ネパール", "ノルウェー", "デンマーク",
    ];
    let base = text.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    if doc.japanese { JA.contains(&base) } else { EN.contains(&base) }
}

/// The last page of a document is not a page of a few lines: a page or two before it
/// run a line long (their spaces shrink past their give) rather than leave its lines on a
/// page of their own (the reference without its signature page at A5, 15 mm, took six
/// pages, the last of two lines).
#[test]
fn the_last_page_is_not_a_page_of_two_lines() {
    let input = std::fs::read_to_string(repo().join("input/resolution.toml")).unwrap();
    let unsigned = &input[..input.find("[signing]").unwrap()];
    let mut problems = Vec::new();
    for (paper, size, margin) in [
        ("A5", 11.0, 15),
        ("A5", 10.0, 15),
        ("A5", 9.0, 20),
        ("A5", 12.0, 30),
        ("A4", 11.0, 25),
        ("A4", 10.0, 15),
        ("A4", 12.0, 35),
        ("Letter", 10.5, 30),
        ("Letter", 12.0, 20),
    ] {
        let text = format!("{unsigned}\n[style]\npaper = \"{paper}\"\nfont_size_pt = {size}\nmargin_mm = {margin}\n");
        let name = format!("reference-unsigned-{paper}-{size}-{margin}");
        let bytes = build_text(&name, &text, &[]);
        let pages = read_pdf(&bytes).pages;
        let last = body_lines(&bytes, furniture_size(size), None).into_iter().filter(|l| l.page == pages).count();
        if last <= 2 {
            problems.push(format!("{name}: the last of {pages} pages holds {last} line(s)"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
