//! Documents of our own making with many signatory groups, long and short, for the page
//! flow tests; and a reading of their PDFs into frames (a page, or a column of one) of
//! body lines, from glyph positions (lopdf, see `positions`).

use super::positions::{PlacedGlyph, placed_glyphs};

/// What to make.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub seed: u64,
    pub organisations: usize,
    pub japanese: bool,
    pub columns: u8,
    pub paper: &'static str,
    pub size: f32,
    pub signing: bool,
}

impl Spec {
    pub fn name(&self) -> String {
        format!(
            "many-{}-{}-{}c-{}-{}pt{}",
            self.organisations,
            if self.japanese { "ja" } else { "en" },
            self.columns,
            self.paper,
            self.size,
            if self.signing { "-signed" } else { "" }
        )
    }
}

/// A small deterministic generator (a linear congruential one: no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "Council", "Justice", "Rights", "Union", "Youth", "Coalition", "Alliance", "Network", "Forum", "Centre", "League",
    "Society", "Action", "Relief", "Refugees", "Women", "Children", "Freedom", "Peace", "Democracy", "Solidarity",
];
const COUNTRIES: &[&str] = &[
    "Norway", "Denmark", "Japan", "South Korea", "United States", "Myanmar (Burma)", "Germany", "France", "Brazil", "India",
    "Kenya", "Chile", "Canada", "Sweden", "Poland", "Italy", "Spain", "Mexico", "Ghana", "Nepal",
];
const WORDS_JA: &[&str] = &["人権", "難民", "救援", "平和", "女性", "子ども", "自由", "民主", "連帯", "支援", "市民", "医療"];
const KINDS_JA: &[&str] = &["の会", "協会", "ネットワーク", "基金", "委員会", "連合"];
const COUNTRIES_JA: &[&str] = &[
    "日本", "韓国", "米国", "ミャンマー（ビルマ）", "ドイツ", "フランス", "ブラジル", "インド", "ケニア", "チリ", "カナダ", "スウェーデン",
    "ポーランド", "イタリア", "スペイン", "メキシコ", "ガーナ", "ネパール", "ノルウェー", "デンマーク",
];
/// Group sizes: many short groups, some long ones.
const SIZES: &[usize] = &[1, 2, 3, 4, 5, 2, 3, 8, 13, 21, 34];

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The groups of a document: (country, organisations).
pub fn groups(spec: &Spec) -> Vec<(String, Vec<String>)> {
    let mut rng = Rng(spec.seed.wrapping_mul(2_654_435_761).wrapping_add(17));
    let mut left = spec.organisations;
    let mut out = Vec::new();
    let mut serial = 0;
    while left > 0 {
        let n = SIZES[rng.below(SIZES.len())].min(left);
        left -= n;
        let g = out.len();
        let base = if spec.japanese { COUNTRIES_JA[g % COUNTRIES_JA.len()] } else { COUNTRIES[g % COUNTRIES.len()] };
        let country = match g / COUNTRIES.len() {
            0 => base.to_string(),
            n if spec.japanese => format!("{base}{}", n + 1),
            n => format!("{base} {}", n + 1),
        };
        let mut orgs = Vec::new();
        for _ in 0..n {
            serial += 1;
            let name = if spec.japanese {
                let mut s = String::new();
                for _ in 0..2 + rng.below(3) {
                    s.push_str(WORDS_JA[rng.below(WORDS_JA.len())]);
                }
                format!("{s}{}{serial}", KINDS_JA[rng.below(KINDS_JA.len())])
            } else {
                let words: Vec<&str> = (0..3 + rng.below(5)).map(|_| WORDS[rng.below(WORDS.len())]).collect();
                format!("{} {serial} of {country}", words.join(" "))
            };
            orgs.push(name);
        }
        out.push((country, orgs));
    }
    out
}

/// The TOML of a document: a title block, the groups, a preamble, an intro ending in a
/// colon, clauses with items, a closing.
pub fn toml(spec: &Spec) -> String {
    let mut rng = Rng(spec.seed ^ 0x5eed);
    let ja = spec.japanese;
    let mut out = vec![
        "[document]".to_string(),
        format!("title = {}", q(if ja { "多国間NGO会議　難民と人権に関する共同決議" } else { "Joint Resolution of the Many Groups Conference on Refugees" })),
        format!("lang = \"{}\"", if ja { "ja" } else { "en" }),
        format!("place = {}", q(if ja { "東京" } else { "Tokyo" })),
        "date = 2005-08-01".into(),
        format!(
            "summary = {}",
            q(if ja {
                "参加団体は、各国政府に対し、難民の保護と人権の尊重を求め、迫害の危険のある国への送還を直ちに停止するよう要請する。"
            } else {
                "The participating organisations demand the protection of refugees, respect for human rights and an immediate end to returns to countries where people face persecution."
            })
        ),
        format!("approval = {}", q(if ja { "この決議は、次の団体により承認された：" } else { "This resolution is approved by the following organisations:" })),
        String::new(),
    ];
    for (g, (country, orgs)) in groups(spec).iter().enumerate() {
        out.push("[[signatories]]".into());
        out.push(format!("country = {}", q(country)));
        out.push("organizations = [".into());
        for (o, name) in orgs.iter().enumerate() {
            if spec.signing || (g + o) % 4 == 1 {
                let (rep, title) = if ja { ("山田花子", "代表") } else { ("Anna Müller", "Executive Director") };
                if (g + o) % 3 == 0 {
                    out.push(format!("  {{ name = {} }},", q(name)));
                } else {
                    out.push(format!("  {{ name = {}, representative = {}, title = {} }},", q(name), q(rep), q(title)));
                }
            } else {
                out.push(format!("  {},", q(name)));
            }
        }
        out.push("]".into());
        out.push(String::new());
    }
    let sentence = if ja {
        "各国政府は、難民の保護に関する国際条約を遵守し、迫害の危険のある国への送還を直ちに停止すべきである。"
    } else {
        "Calls on all governments to respect the international conventions on the protection of refugees and to end all returns to countries where people face persecution."
    };
    let item = if ja { "独立した監視団による拘禁施設の監視を国際化すること。" } else { "Internationalisation of the monitoring of detention facilities by independent observers;" };
    out.push("[resolution]".into());
    out.push(format!("preamble = [{}]", (0..3).map(|i| q(&sentence.repeat(2 + i))).collect::<Vec<_>>().join(", ")));
    out.push(format!("intro = {}", q(if ja { "参加団体は、次のとおり決議する：" } else { "The Coalition:" })));
    out.push(format!("closing = [{}]", q(if ja { "以上、決議する。" } else { "Done at Tokyo in one original in English." })));
    out.push(String::new());
    for c in 0..14 {
        out.push("[[resolution.clauses]]".into());
        out.push(format!("text = {}", q(&sentence.repeat(1 + rng.below(3)))));
        if c % 3 == 0 {
            let n = 2 + rng.below(9);
            let items: Vec<String> = (0..n).map(|_| q(item)).collect();
            out.push(format!("items = [{}]", items.join(", ")));
        }
        out.push(String::new());
    }
    out.push("[style]".into());
    out.push(format!("paper = \"{}\"", spec.paper));
    out.push(format!("font_size_pt = {}", spec.size));
    out.push(format!("signatory_columns = {}", spec.columns));
    if spec.signing {
        out.push("[signing]".into());
        out.push("page = true".into());
    }
    out.join("\n") + "\n"
}

/// A line of body text in a frame.
#[derive(Debug, Clone)]
pub struct BodyLine {
    pub page: usize,
    /// 0 or 1: the column of a two-column page (0 for one column).
    pub column: usize,
    /// Baseline, from the top of the page.
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// Glyphs grouped into lines by page and baseline across the whole page.
fn page_rows(bytes: &[u8]) -> Vec<Vec<PlacedGlyph>> {
    let mut glyphs = placed_glyphs(bytes);
    glyphs.sort_by(|a, b| (a.page, a.y, a.x).partial_cmp(&(b.page, b.y, b.x)).unwrap());
    let mut rows: Vec<Vec<PlacedGlyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(r) if r[0].page == g.page && (r[0].y - g.y).abs() < 1.0 => r.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows
}

fn body_line(glyphs: &[PlacedGlyph], column: usize) -> BodyLine {
    let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
    BodyLine {
        page: glyphs[0].page,
        column,
        y: glyphs[0].y,
        size: glyphs.iter().map(|g| g.size).fold(0.0, f32::max),
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// A line of page furniture (running head, page head, footer) is set in the furniture
/// size at most (its Latin letters a little smaller in Japanese text); any body line has
/// a larger glyph.
fn is_furniture(row: &[PlacedGlyph], furniture_size: f32) -> bool {
    row.iter().all(|g| g.size <= furniture_size + 0.05)
}

/// The body lines of every page (the running head, the page heads and the footer left
/// out), in reading order: page, column, baseline. With `gap` = (from, to), lines of two
/// columns are split there: a line with a glyph in the gap runs across the page (title,
/// text above or below the columns) and counts as the first column's.
pub fn body_lines(bytes: &[u8], furniture_size: f32, gap: Option<(f32, f32)>) -> Vec<BodyLine> {
    let mut out = Vec::new();
    for row in page_rows(bytes) {
        if is_furniture(&row, furniture_size) {
            continue;
        }
        let across = gap.is_none_or(|(from, to)| row.iter().any(|g| g.x < to && g.x + g.width > from && !g.text.trim().is_empty()));
        if across {
            out.push(body_line(&row, 0));
        } else if let Some((from, _)) = gap {
            let (left, right): (Vec<PlacedGlyph>, Vec<PlacedGlyph>) = row.into_iter().partition(|g| g.x < from);
            for (c, part) in [left, right].into_iter().enumerate() {
                if !part.is_empty() {
                    out.push(body_line(&part, c));
                }
            }
        }
    }
    out.retain(|l| !l.text.is_empty());
    out.sort_by(|a, b| (a.page, a.column, a.y).partial_cmp(&(b.page, b.column, b.y)).unwrap());
    out
}

/// The lines of the page furniture (running head, page heads, footer).
pub fn furniture_lines(bytes: &[u8], furniture_size: f32) -> Vec<BodyLine> {
    page_rows(bytes).into_iter().filter(|r| is_furniture(r, furniture_size)).map(|r| body_line(&r, 0)).collect()
}

/// Paper sizes in points (portrait).
pub fn paper_points(paper: &str) -> (f32, f32) {
    let mm = 72.0 / 25.4;
    let (w, h) = match paper {
        "A5" => (148.0, 210.0),
        "Letter" => (215.9, 279.4),
        _ => (210.0, 297.0),
    };
    (w * mm, h * mm)
}

/// A filled shape drawn on a page (a rule or a tint), as its bounding box from the top-left
/// corner of the page, with the grey it is filled with (0 black … 1 white).
#[derive(Debug, Clone)]
pub struct FilledBox {
    pub page: usize,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub grey: f32,
}

/// Every filled path of every page (paths built with m/l/re and filled with f), read from
/// the content streams with lopdf, through the current transformation matrix.
pub fn filled_boxes(bytes: &[u8]) -> Vec<FilledBox> {
    use super::positions::{IDENTITY, Matrix as M, multiply as mul, number as num};
    use lopdf::Document;
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (&number, &id) in &doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let height = num(&media[3]) - num(&media[1]);
        let content = doc.get_and_decode_page_content(id).unwrap();
        let mut stack: Vec<(M, f32)> = vec![(IDENTITY, 0.0)];
        let mut points: Vec<(f32, f32)> = Vec::new();
        for op in &content.operations {
            let a = &op.operands;
            let (ctm, grey) = *stack.last().unwrap();
            let at = |x: f32, y: f32| (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]);
            match op.operator.as_str() {
                "q" => stack.push((ctm, grey)),
                "Q" => {
                    stack.pop();
                    if stack.is_empty() {
                        stack.push((IDENTITY, 0.0));
                    }
                }
                "cm" => {
                    let m: M = std::array::from_fn(|i| num(&a[i]));
                    stack.last_mut().unwrap().0 = mul(&m, &ctm);
                }
                "scn" | "sc" | "g" if !a.is_empty() => {
                    let v: Vec<f32> = a.iter().map(num).collect();
                    stack.last_mut().unwrap().1 = v.iter().sum::<f32>() / v.len() as f32;
                }
                "m" | "l" => points.push(at(num(&a[0]), num(&a[1]))),
                "re" => {
                    let (x, y, w, h) = (num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3]));
                    points.extend([at(x, y), at(x + w, y + h)]);
                }
                "f" | "f*" | "F" => {
                    if !points.is_empty() {
                        let xs = points.iter().map(|p| p.0);
                        let ys = points.iter().map(|p| height - p.1);
                        out.push(FilledBox {
                            page: number as usize,
                            x0: xs.clone().fold(f32::INFINITY, f32::min),
                            x1: xs.fold(f32::NEG_INFINITY, f32::max),
                            y0: ys.clone().fold(f32::INFINITY, f32::min),
                            y1: ys.fold(f32::NEG_INFINITY, f32::max),
                            grey,
                        });
                    }
                    points.clear();
                }
                "n" | "S" | "s" => points.clear(),
                _ => {}
            }
        }
    }
    out
}
