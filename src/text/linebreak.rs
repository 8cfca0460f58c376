//! Total-fit paragraph breaking (Knuth and Plass, "Breaking Paragraphs into Lines", 1981).
//!
//! A paragraph is a list of [`Item`]s: boxes (fixed width), glue (width that may stretch
//! and shrink) and penalties (places to break at a cost, possibly with a width of their
//! own, such as a hyphen). The breaker picks the breaks that minimise the total demerits
//! of all lines together. A line may never be wider than the measure: when no breaking
//! meets the tolerance, the caller tries again more loosely (see `paragraph.rs`).
//!
//! Two refinements of pdfTeX and microtype are part of the model rather than done after
//! it, so that the breaker chooses lines knowing them:
//! - *font expansion*: a box's `flex` is how much its glyphs may widen or narrow (±2 %);
//!   it counts as stretch and shrink of the line, spent at the same ratio as the spaces;
//! - *protrusion*: a line may run past the measure by the `hang` of its last glyph (a
//!   hyphen, a comma) and start before it by the `hang` of its first (an opening quote),
//!   so that the text edge looks straight rather than the glyph edge.

use super::adjust::Space;

/// Cost that forbids a break.
pub const INFINITE_PENALTY: f32 = 10_000.0;
/// Cost that forces a break.
pub const FORCED_BREAK: f32 = -10_000.0;
/// Stretch that absorbs any shortfall (the end of a paragraph).
pub const FIL: f32 = 1.0e6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Material of fixed width. `flex`: how much font expansion may widen or narrow it at
    /// full stretch or shrink; `track`: how much letter-spacing may, as a last resort
    /// (only with [`Params::tracking`]). `hang`: how far it may stand out into the left
    /// margin when it starts a line.
    Box { width: f32, flex: f32, track: f32, hang: f32 },
    /// Space of kind `space` that may stretch and shrink; a legal break when it follows a
    /// box. `hang`: how far the glyph before it may stand out into the right margin when
    /// the line ends here.
    Glue { width: f32, stretch: f32, shrink: f32, space: Space, hang: f32 },
    /// A possible break. `width` is added to the line if it breaks here (a hyphen);
    /// `flagged` marks hyphen breaks, which should not follow each other; `hang` as for
    /// glue; `post` is room that starts the next line if it breaks here (the half-em
    /// blank of an opening bracket at a Japanese line start, TeX's post-break material).
    Penalty { width: f32, cost: f32, flagged: bool, hang: f32, post: f32 },
}

impl Item {
    /// A box that neither expands nor hangs (an indent, a Japanese character).
    pub fn fixed(width: f32) -> Item {
        Item::Box { width, flex: 0.0, track: 0.0, hang: 0.0 }
    }

    pub fn glue(width: f32, stretch: f32, shrink: f32, space: Space) -> Item {
        Item::Glue { width, stretch, shrink, space, hang: 0.0 }
    }

    pub fn penalty(width: f32, cost: f32, flagged: bool) -> Item {
        Item::Penalty { width, cost, flagged, hang: 0.0, post: 0.0 }
    }

    /// A place where no line may end.
    pub fn no_break() -> Item {
        Item::penalty(0.0, INFINITE_PENALTY, false)
    }

    pub fn is_box(&self) -> bool {
        matches!(self, Item::Box { .. })
    }
}

/// How lines are measured and judged.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Largest acceptable adjustment ratio (1 means glue stretched by its full stretch).
    /// `f32::INFINITY` accepts any line that is not overfull.
    pub tolerance: f32,
    /// Added to each line's badness; higher favours fewer lines.
    pub line_penalty: f32,
    /// Extra demerits for two flagged (hyphen) breaks in a row.
    pub double_hyphen_demerits: f32,
    /// Extra demerits for a hyphen on the second-last line.
    pub final_hyphen_demerits: f32,
    /// Extra demerits when neighbouring lines differ by more than one fitness class
    /// (a tight line next to a loose one).
    pub adjacent_demerits: f32,
    /// Ragged setting: the line's glue is not stretched; instead each line may fall short
    /// by up to this much at the cost of badness.
    pub ragged: Option<f32>,
    /// Stretch added to every line when judging it (TeX's \emergencystretch): with it,
    /// very loose lines still differ in badness, so the least bad of them wins.
    pub emergency_stretch: f32,
    /// At most this many flagged (hyphenated) lines in a row; 0 for no limit.
    pub max_hyphen_run: u8,
    /// A last line narrower than this (in points) costs `short_last_line_demerits`: a
    /// paragraph should not end on a syllable or one short word when it can be helped.
    pub short_last_line: f32,
    pub short_last_line_demerits: f32,
    /// Badness of a stretched line is multiplied by this (1 in Latin text). Japanese
    /// composition reduces spaces before it widens them (JLREQ §3.8.1).
    pub stretch_weight: f32,
    /// Count the boxes' letter-spacing as stretch and shrink (a last resort).
    pub tracking: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 1.0,
            line_penalty: 10.0,
            // TeX's plain values: consecutive hyphens and a hyphen before the last line
            // are avoided unless the alternative is clearly worse spacing.
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5000.0,
            adjacent_demerits: 10_000.0,
            ragged: None,
            emergency_stretch: 0.0,
            max_hyphen_run: 0,
            short_last_line: 0.0,
            short_last_line_demerits: 0.0,
            stretch_weight: 1.0,
            tracking: false,
        }
    }
}

/// A chosen break: the item index where the line ends and the line's adjustment ratio
/// (negative: glue shrinks by that fraction of its shrink; positive: stretches), worked
/// out without emergency stretch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub at: usize,
    pub ratio: f32,
}

/// The widths of the lines: the first line may differ (an indent or a hanging label).
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub first: f32,
    pub rest: f32,
}

impl Measure {
    pub fn uniform(width: f32) -> Measure {
        Measure { first: width, rest: width }
    }

    fn of_line(&self, line: usize) -> f32 {
        if line == 0 { self.first } else { self.rest }
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the break item (or 0 for the paragraph start).
    at: usize,
    /// Lines before this break.
    line: usize,
    fitness: u8,
    /// Flagged breaks in a row ending here (0: this break is not flagged).
    hyphens: u8,
    demerits: f64,
    /// Running sums at the start of the line after this break (the width less the
    /// protrusion of the line's first glyph).
    width: f64,
    stretch: f64,
    shrink: f64,
    /// Index in `nodes` of the previous break.
    previous: Option<usize>,
    ratio: f32,
}

/// Candidates kept per break: one per fitness class and length of the hyphen run (0, 1,
/// 2 or more), so that a run limit does not throw away the best way to reach a break.
const SLOTS: usize = 4 * 3;

/// Find the best breaks for `items`, or `None` if every breaking has an overfull line
/// or a line looser than the tolerance. The last item must be a forced break.
pub fn knuth_plass(items: &[Item], measure: Measure, params: &Params) -> Option<Vec<Break>> {
    knuth_plass_keeping(items, measure, params, NODES_KEPT_BEFORE_COLLECTING).0
}

/// [`knuth_plass`], first dropping unreachable nodes when `first_collection` are kept;
/// also returns the most nodes kept at once.
fn knuth_plass_keeping(items: &[Item], measure: Measure, params: &Params, first_collection: usize) -> (Option<Vec<Break>>, usize) {
    // Prefix sums: sums[i] covers items[..i]. Font expansion (and letter-spacing, when
    // allowed) counts as stretch and shrink.
    let mut sums = Vec::with_capacity(items.len() + 1);
    let (mut w, mut y, mut z) = (0.0f64, 0.0f64, 0.0f64);
    sums.push((w, y, z));
    for item in items {
        match *item {
            Item::Box { width, flex, track, .. } => {
                let give = flex + if params.tracking { track } else { 0.0 };
                w += width as f64;
                y += give as f64;
                z += give as f64;
            }
            Item::Glue { width, stretch, shrink, .. } => {
                w += width as f64;
                y += stretch as f64;
                z += shrink as f64;
            }
            Item::Penalty { .. } => {}
        }
        sums.push((w, y, z));
    }
    let first_hang = items.iter().find_map(|i| match i {
        Item::Box { hang, .. } => Some(*hang as f64),
        _ => None,
    });

    let mut nodes: Vec<Node> = vec![Node {
        at: 0,
        line: 0,
        fitness: 1,
        hyphens: 0,
        demerits: 0.0,
        width: first_hang.unwrap_or(0.0),
        stretch: 0.0,
        shrink: 0.0,
        previous: None,
        ratio: 0.0,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut still_active: Vec<usize> = Vec::new();
    // Nodes no active node leads back to are dropped once the list has doubled, so that
    // the breaker keeps what the paragraph's live breakings need (about a node per line
    // and the active ones), not every feasible break it has seen: a paragraph of a
    // million clusters cut anywhere kept 300 MB of nodes.
    let mut collect_at = first_collection;
    let mut most_kept = 1;

    for (i, item) in items.iter().enumerate() {
        let (penalty_width, cost, flagged, hang) = match *item {
            Item::Box { .. } => continue,
            Item::Glue { hang, .. } => {
                if i == 0 || !items[i - 1].is_box() {
                    continue;
                }
                (0.0, 0.0, false, hang)
            }
            Item::Penalty { width, cost, flagged, hang, .. } => {
                if cost >= INFINITE_PENALTY {
                    continue;
                }
                (width, cost, flagged, hang)
            }
        };
        let forced = cost <= FORCED_BREAK;

        // Best candidate per slot: (demerits, node index, real ratio, hyphen run)
        let mut best: [Option<(f64, usize, f32, u8)>; SLOTS] = [None; SLOTS];
        still_active.clear();
        for &a in &active {
            let node = nodes[a];
            let (sw, sy, sz) = sums[i];
            let natural = sw - node.width + penalty_width as f64 - hang as f64;
            let stretch = sy - node.stretch;
            let shrink = sz - node.shrink;
            let target = measure.of_line(node.line) as f64;
            let judged = adjustment_ratio(natural, stretch + params.emergency_stretch as f64, shrink, target, params.ragged);

            if judged < -1.0 - 1e-4 {
                // Overfull: this and every later break from `a` is impossible.
                continue;
            }
            if !forced {
                still_active.push(a);
            }
            if judged > params.tolerance as f64 {
                continue;
            }
            let hyphens = if flagged { node.hyphens.saturating_add(1) } else { 0 };
            if params.max_hyphen_run > 0 && hyphens > params.max_hyphen_run {
                continue;
            }
            let mut badness = badness(judged);
            if judged > 0.0 {
                badness = (badness * params.stretch_weight as f64).min(10_000.0);
            }
            let mut demerits = if cost >= 0.0 {
                (params.line_penalty as f64 + badness).powi(2) + (cost as f64).powi(2)
            } else if forced {
                (params.line_penalty as f64 + badness).powi(2)
            } else {
                (params.line_penalty as f64 + badness).powi(2) - (cost as f64).powi(2)
            };
            if flagged && node.hyphens > 0 {
                demerits += params.double_hyphen_demerits as f64;
            }
            if forced && node.hyphens > 0 {
                demerits += params.final_hyphen_demerits as f64;
            }
            if forced && node.line > 0 && natural < params.short_last_line as f64 {
                demerits += params.short_last_line_demerits as f64;
            }
            let fitness = fitness_class(judged);
            if (fitness as i32 - node.fitness as i32).abs() > 1 {
                demerits += params.adjacent_demerits as f64;
            }
            let total = node.demerits + demerits;
            let slot = &mut best[fitness as usize * 3 + usize::from(hyphens.min(2))];
            if slot.is_none_or(|(d, ..)| total < d) {
                let real = adjustment_ratio(natural, stretch, shrink, target, params.ragged);
                *slot = Some((total, a, real as f32, hyphens));
            }
        }
        std::mem::swap(&mut active, &mut still_active);

        // The line after a break starts at the next box: glue and penalties after the
        // break are discarded. Its first glyph may stand out into the left margin, or
        // the break may put room before it.
        let mut after = sums[i + 1];
        let mut start_hang = match *item {
            Item::Penalty { post, .. } => -post as f64,
            _ => 0.0,
        };
        for (j, next) in items.iter().enumerate().skip(i + 1) {
            match next {
                Item::Box { hang, .. } => {
                    start_hang += *hang as f64;
                    break;
                }
                Item::Penalty { cost, .. } if *cost <= FORCED_BREAK => break,
                _ => after = sums[j + 1],
            }
        }
        for (slot, candidate) in best.iter().enumerate() {
            if let Some((demerits, from, ratio, hyphens)) = *candidate {
                nodes.push(Node {
                    at: i,
                    line: nodes[from].line + 1,
                    fitness: (slot / 3) as u8,
                    hyphens,
                    demerits,
                    width: after.0 + start_hang,
                    stretch: after.1,
                    shrink: after.2,
                    previous: Some(from),
                    ratio,
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return (None, most_kept);
        }
        most_kept = most_kept.max(nodes.len());
        if nodes.len() >= collect_at {
            collect_nodes(&mut nodes, &mut active);
            collect_at = (2 * nodes.len()).max(first_collection);
        }
    }

    // The last item is a forced break, so every active node now ends there.
    let Some(last) = items.len().checked_sub(1) else { return (None, most_kept) };
    let best = active.iter().copied().filter(|&n| nodes[n].at == last).min_by(|&a, &b| {
        nodes[a].demerits.partial_cmp(&nodes[b].demerits).unwrap_or(std::cmp::Ordering::Equal)
    });
    let Some(best) = best else { return (None, most_kept) };
    let mut breaks = Vec::new();
    let mut cursor = Some(best);
    while let Some(n) = cursor {
        if nodes[n].previous.is_some() {
            breaks.push(Break { at: nodes[n].at, ratio: nodes[n].ratio });
        }
        cursor = nodes[n].previous;
    }
    breaks.reverse();
    (Some(breaks), most_kept)
}

/// Nodes the breaker keeps before it first drops the unreachable ones (which changes no
/// result of a paragraph shorter than [`LINES_LOOKED_BACK`] lines).
const NODES_KEPT_BEFORE_COLLECTING: usize = 4096;

/// How many lines back the breaker still chooses between breakings of a paragraph with
/// thousands of nodes: the lines before are settled (on the best breaking so far). The
/// breakings that differ before that point lead back each to a node per line, so without
/// it a paragraph of a million clusters kept three hundred thousand nodes (and a text that
/// long is no paragraph to total-fit: a line's breaking does not reach a hundred lines on).
const LINES_LOOKED_BACK: usize = 100;

/// Keep only the nodes that an active node leads back to (itself included), in their
/// order, and renumber the links and `active` to match. When the paragraph is more than
/// [`LINES_LOOKED_BACK`] lines along, the active nodes that do not pass through the best
/// one's break that many lines back are dropped first.
fn collect_nodes(nodes: &mut Vec<Node>, active: &mut Vec<usize>) {
    let best = active.iter().copied().min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits));
    if let Some(best) = best
        && nodes[best].line > LINES_LOOKED_BACK
    {
        let mut settled = best;
        while nodes[settled].line > nodes[best].line - LINES_LOOKED_BACK {
            settled = nodes[settled].previous.expect("a node past the first line has a previous one");
        }
        // nodes come after the nodes they lead back to
        let mut through = vec![false; nodes.len() - settled];
        through[0] = true;
        for n in settled + 1..nodes.len() {
            through[n - settled] = nodes[n].previous.is_some_and(|p| p >= settled && through[p - settled]);
        }
        active.retain(|&a| a >= settled && through[a - settled]);
    }
    let mut kept = vec![false; nodes.len()];
    for &a in active.iter() {
        let mut cursor = Some(a);
        while let Some(n) = cursor {
            if kept[n] {
                break;
            }
            kept[n] = true;
            cursor = nodes[n].previous;
        }
    }
    // a node's previous node comes before it, so one pass renumbers
    let mut index = vec![usize::MAX; nodes.len()];
    let mut next = 0;
    for n in 0..nodes.len() {
        if kept[n] {
            let mut node = nodes[n];
            node.previous = node.previous.map(|p| index[p]);
            nodes[next] = node;
            index[n] = next;
            next += 1;
        }
    }
    nodes.truncate(next);
    nodes.shrink_to(2 * next);
    for a in active.iter_mut() {
        *a = index[*a];
    }
}

fn adjustment_ratio(natural: f64, stretch: f64, shrink: f64, target: f64, ragged: Option<f32>) -> f64 {
    let short = target - natural;
    if short.abs() < 1e-6 {
        return 0.0;
    }
    if let Some(rag) = ragged {
        // Ragged lines keep their natural spacing; infinite stretch (the paragraph end)
        // still absorbs the shortfall.
        if short > 0.0 {
            let room = if stretch >= FIL as f64 { stretch } else { rag as f64 };
            return if room > 0.0 { short / room } else { f64::INFINITY };
        }
        return if shrink > 0.0 { short / shrink } else { f64::NEG_INFINITY };
    }
    if short > 0.0 {
        if stretch > 0.0 { short / stretch } else { f64::INFINITY }
    } else if shrink > 0.0 {
        short / shrink
    } else {
        f64::NEG_INFINITY
    }
}

/// Knuth's badness: 100 |r|³, capped at 10 000 ("infinitely bad").
fn badness(ratio: f64) -> f64 {
    if ratio.is_infinite() { 10_000.0 } else { (100.0 * ratio.abs().powi(3)).min(10_000.0) }
}

/// 0 tight, 1 decent, 2 loose, 3 very loose.
fn fitness_class(ratio: f64) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths separated by spaces of width 1 (stretch 1, shrink 0.5).
    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::glue(1.0, 1.0, 0.5, Space::Word));
            }
            items.push(Item::fixed(w));
        }
        items.push(Item::glue(0.0, FIL, 0.0, Space::Fill));
        items.push(Item::penalty(0.0, FORCED_BREAK, false));
        items
    }

    fn line_widths(items: &[Item], breaks: &[Break]) -> Vec<f32> {
        let mut start = 0;
        breaks
            .iter()
            .map(|b| {
                let mut w = 0.0;
                let mut began = false;
                for item in &items[start..b.at] {
                    match *item {
                        Item::Box { width, .. } => {
                            began = true;
                            w += width
                        }
                        Item::Glue { width, .. } if began => w += width,
                        _ => {}
                    }
                }
                if let Item::Penalty { width, .. } = items[b.at] {
                    w += width;
                }
                start = b.at + 1;
                w
            })
            .collect()
    }

    /// One word of `letters` letters that may be cut after any of them (the last resort
    /// for a word wider than the line): a feasible break at every letter.
    fn cut_anywhere(letters: usize) -> Vec<Item> {
        let mut items = Vec::new();
        for _ in 0..letters {
            items.push(Item::Box { width: 5.0, flex: 0.1, track: 0.0, hang: 0.0 });
            items.push(Item::penalty(0.0, 5000.0, false));
        }
        items.pop();
        items.push(Item::glue(0.0, FIL, 0.0, Space::Fill));
        items.push(Item::penalty(0.0, FORCED_BREAK, false));
        items
    }

    #[test]
    fn the_breaker_keeps_only_the_nodes_of_live_breakings() {
        let params = Params { tolerance: f32::INFINITY, ..Params::default() };
        let measure = Measure::uniform(300.0);
        // dropping unreachable nodes (here from the 64th on) changes nothing in a
        // paragraph of fewer lines than are looked back
        let items = cut_anywhere(60 * (LINES_LOOKED_BACK - 10));
        let (collected, most) = knuth_plass_keeping(&items, measure, &params, 64);
        let (all, every) = knuth_plass_keeping(&items, measure, &params, usize::MAX);
        assert_eq!(collected, all);
        assert!(most < every, "{most} of {every}");
        // a word of 200,000 letters is set from a few thousand nodes, not every feasible
        // break (800,000 of them); before, 300 MB of nodes for a million
        let items = cut_anywhere(200_000);
        let (breaks, most) = knuth_plass_keeping(&items, measure, &params, NODES_KEPT_BEFORE_COLLECTING);
        let lines = breaks.map_or(0, |b| b.len());
        assert!((3200..3400).contains(&lines), "{lines}");
        assert!(most < 4 * NODES_KEPT_BEFORE_COLLECTING, "{most}");
    }

    #[test]
    fn fits_on_one_line() {
        let items = words(&[3.0, 3.0]);
        let breaks = knuth_plass(&items, Measure::uniform(20.0), &Params::default()).unwrap();
        assert_eq!(breaks.len(), 1);
        assert_eq!(breaks[0].at, items.len() - 1);
    }

    #[test]
    fn total_fit_beats_first_fit() {
        // A first-fit breaker fills line one (10 = 4+1+5) and leaves a very loose line two;
        // the total-fit breaker balances the two lines.
        let items = words(&[4.0, 5.0, 1.0, 3.0]);
        let params = Params { tolerance: 10.0, ..Params::default() };
        let breaks = knuth_plass(&items, Measure::uniform(10.0), &params).unwrap();
        let widths = line_widths(&items, &breaks);
        assert_eq!(widths.len(), 2);
        for (i, b) in breaks.iter().enumerate().take(breaks.len() - 1) {
            assert!(b.ratio >= -1.0 && b.ratio <= 10.0, "line {i}: {b:?}");
        }
    }

    #[test]
    fn no_line_is_ever_overfull() {
        // Pseudo-random word widths over many measures, at any tolerance.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            ((seed >> 16) % 9 + 1) as f32
        };
        for measure in [12.0f32, 17.0, 23.0, 40.0] {
            let widths: Vec<f32> = (0..80).map(|_| next()).collect();
            let items = words(&widths);
            let params = Params { tolerance: f32::INFINITY, emergency_stretch: 3.0, ..Params::default() };
            let breaks = knuth_plass(&items, Measure::uniform(measure), &params).unwrap();
            for (line, b) in breaks.iter().enumerate() {
                assert!(b.ratio >= -1.0, "measure {measure}, line {line}: overfull {b:?}");
            }
        }
    }

    #[test]
    fn a_box_wider_than_the_measure_has_no_breaking() {
        let items = words(&[3.0, 30.0, 3.0]);
        let params = Params { tolerance: f32::INFINITY, ..Params::default() };
        assert!(knuth_plass(&items, Measure::uniform(10.0), &params).is_none());
    }

    #[test]
    fn hyphen_penalties_add_their_width() {
        // "aaaa-" | "bbbb": the hyphen is only there when the line breaks at it.
        let items = vec![
            Item::fixed(4.0),
            Item::penalty(1.0, 50.0, true),
            Item::fixed(4.0),
            Item::glue(0.0, FIL, 0.0, Space::Fill),
            Item::penalty(0.0, FORCED_BREAK, false),
        ];
        let breaks = knuth_plass(&items, Measure::uniform(5.0), &Params::default()).unwrap();
        assert_eq!(breaks.iter().map(|b| b.at).collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(line_widths(&items, &breaks), vec![5.0, 4.0]);
    }

    #[test]
    fn a_hanging_glyph_lets_a_line_reach_past_the_measure() {
        // "aaaa," + space + "bbbb": 5.0 wide, measure 4.6; the comma may hang by 0.5.
        let comma = |hang| {
            vec![
                Item::fixed(5.0),
                Item::Glue { width: 1.0, stretch: 0.0, shrink: 0.0, space: Space::Word, hang },
                Item::fixed(4.0),
                Item::glue(0.0, FIL, 0.0, Space::Fill),
                Item::penalty(0.0, FORCED_BREAK, false),
            ]
        };
        let params = Params { tolerance: f32::INFINITY, ..Params::default() };
        assert!(knuth_plass(&comma(0.0), Measure::uniform(4.6), &params).is_none());
        let breaks = knuth_plass(&comma(0.5), Measure::uniform(4.6), &params).unwrap();
        assert_eq!(breaks[0].at, 1);
        // and an opening quote at a line start hangs into the left margin
        let quote = vec![
            Item::fixed(4.0),
            Item::glue(1.0, 0.0, 0.0, Space::Word),
            Item::Box { width: 5.0, flex: 0.0, track: 0.0, hang: 0.5 },
            Item::glue(0.0, FIL, 0.0, Space::Fill),
            Item::penalty(0.0, FORCED_BREAK, false),
        ];
        assert!(knuth_plass(&quote, Measure::uniform(4.6), &params).is_some());
    }

    #[test]
    fn font_expansion_is_stretch_and_shrink() {
        // Two boxes of 10 with a rigid space: 21 wide. Without flex, 20.8 is overfull;
        // with 1 % flex per box (0.1 each) it fits, shrinking by ratio -1.
        let items = |flex| {
            vec![
                Item::Box { width: 10.0, flex, track: 0.0, hang: 0.0 },
                Item::glue(1.0, 0.0, 0.0, Space::Word),
                Item::Box { width: 10.0, flex, track: 0.0, hang: 0.0 },
                Item::Glue { width: 0.0, stretch: 0.0, shrink: 0.0, space: Space::Fill, hang: 0.0 },
                Item::penalty(0.0, FORCED_BREAK, false),
            ]
        };
        assert!(knuth_plass(&items(0.0), Measure::uniform(20.8), &Params::default()).is_none());
        let breaks = knuth_plass(&items(0.1), Measure::uniform(20.8), &Params::default()).unwrap();
        assert!((breaks[0].ratio + 1.0).abs() < 1e-3, "{breaks:?}");
    }

    #[test]
    fn hyphen_runs_are_limited() {
        // Eight syllables of 2 joined by hyphen breaks on a measure of 5: two syllables
        // and a hyphen to a line, so three hyphenated lines in a row. With a run limit of
        // 2 that breaking is refused; with a word space after the sixth syllable a
        // breaking within the limit exists and is found.
        let syllables = |space_after: Option<usize>| {
            let mut items = Vec::new();
            for k in 0..8 {
                if k > 0 {
                    if Some(k) == space_after {
                        items.push(Item::glue(1.0, 4.0, 0.5, Space::Word));
                    } else {
                        items.push(Item::penalty(1.0, 50.0, true));
                    }
                }
                items.push(Item::fixed(2.0));
            }
            items.push(Item::glue(0.0, FIL, 0.0, Space::Fill));
            items.push(Item::penalty(0.0, FORCED_BREAK, false));
            items
        };
        let runs = |items: &[Item], breaks: &[Break]| {
            let (mut run, mut longest) = (0, 0);
            for b in breaks {
                run = if matches!(items[b.at], Item::Penalty { flagged: true, .. }) { run + 1 } else { 0 };
                longest = longest.max(run);
            }
            longest
        };
        let free = Params { tolerance: f32::INFINITY, ..Params::default() };
        let limited = Params { max_hyphen_run: 2, ..free };
        let items = syllables(None);
        assert_eq!(runs(&items, &knuth_plass(&items, Measure::uniform(5.0), &free).unwrap()), 3);
        assert!(knuth_plass(&items, Measure::uniform(5.0), &limited).is_none());
        let items = syllables(Some(5));
        let breaks = knuth_plass(&items, Measure::uniform(5.0), &limited).unwrap();
        assert!(runs(&items, &breaks) <= 2, "{breaks:?}");
    }

    #[test]
    fn ragged_lines_keep_natural_spacing() {
        let items = words(&[4.0, 4.0, 4.0]);
        let params = Params { ragged: Some(6.0), tolerance: f32::INFINITY, ..Params::default() };
        let breaks = knuth_plass(&items, Measure::uniform(10.0), &params).unwrap();
        assert_eq!(breaks.len(), 2);
        assert!(breaks[0].ratio > 0.0);
    }
}
