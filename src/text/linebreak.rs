//! Total-fit paragraph breaking (Knuth and Plass, "Breaking Paragraphs into Lines", 1981).
//!
//! A paragraph is a list of [`Item`]s: boxes (fixed width), glue (width that may stretch
//! and shrink) and penalties (places to break at a cost, possibly with a width of their
//! own, such as a hyphen). The breaker picks the breaks that minimise the total demerits
//! of all lines together. A line may never be wider than the measure: when no breaking
//! meets the tolerance, a looser pass follows, and as a last resort the caller adds more
//! break opportunities (see [`break_paragraph`]).

/// Cost that forbids a break.
pub const INFINITE_PENALTY: f32 = 10_000.0;
/// Cost that forces a break.
pub const FORCED_BREAK: f32 = -10_000.0;
/// Stretch that absorbs any shortfall (the end of a paragraph).
pub const FIL: f32 = 1.0e6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Material of fixed width.
    Box { width: f32 },
    /// Space that may stretch and shrink; a legal break when it follows a box.
    Glue { width: f32, stretch: f32, shrink: f32 },
    /// A possible break. `width` is added to the line if it breaks here (a hyphen);
    /// `flagged` marks hyphen breaks, which should not follow each other.
    Penalty { width: f32, cost: f32, flagged: bool },
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
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 2.0,
            line_penalty: 10.0,
            // TeX's plain values: consecutive hyphens and a hyphen before the last line
            // are avoided unless the alternative is clearly worse spacing.
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5000.0,
            adjacent_demerits: 10_000.0,
            ragged: None,
            emergency_stretch: 0.0,
        }
    }
}

/// A chosen break: the item index where the line ends and the line's adjustment ratio
/// (negative: glue shrinks by that fraction of its shrink; positive: stretches).
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
    demerits: f64,
    /// Running sums at the start of the line after this break.
    width: f64,
    stretch: f64,
    shrink: f64,
    /// This break is a flagged penalty (a hyphen).
    flagged: bool,
    /// Index in `nodes` of the previous break.
    previous: Option<usize>,
    ratio: f32,
}

/// Find the best breaks for `items`, or `None` if every breaking has an overfull line
/// or a line looser than the tolerance. The last item must be a forced break.
pub fn knuth_plass(items: &[Item], measure: Measure, params: &Params) -> Option<Vec<Break>> {
    // Prefix sums: sums[i] covers items[..i].
    let mut sums = Vec::with_capacity(items.len() + 1);
    let (mut w, mut y, mut z) = (0.0f64, 0.0f64, 0.0f64);
    sums.push((w, y, z));
    for item in items {
        match *item {
            Item::Box { width } => w += width as f64,
            Item::Glue { width, stretch, shrink } => {
                w += width as f64;
                y += stretch as f64;
                z += shrink as f64;
            }
            Item::Penalty { .. } => {}
        }
        sums.push((w, y, z));
    }

    let mut nodes: Vec<Node> =
        vec![Node { at: 0, line: 0, fitness: 1, demerits: 0.0, width: 0.0, stretch: 0.0, shrink: 0.0, flagged: false, previous: None, ratio: 0.0 }];
    let mut active: Vec<usize> = vec![0];

    for (i, item) in items.iter().enumerate() {
        let (penalty_width, cost, flagged) = match *item {
            Item::Box { .. } => continue,
            Item::Glue { .. } => {
                if i == 0 || !matches!(items[i - 1], Item::Box { .. }) {
                    continue;
                }
                (0.0, 0.0, false)
            }
            Item::Penalty { width, cost, flagged } => {
                if cost >= INFINITE_PENALTY {
                    continue;
                }
                (width, cost, flagged)
            }
        };
        let forced = cost <= FORCED_BREAK;

        // Best candidate per fitness class: (demerits, node index, ratio)
        let mut best: [Option<(f64, usize, f32)>; 4] = [None; 4];
        let mut still_active = Vec::with_capacity(active.len());
        for &a in &active {
            let node = nodes[a];
            let (sw, sy, sz) = sums[i];
            let natural = sw - node.width + penalty_width as f64;
            let stretch = sy - node.stretch + params.emergency_stretch as f64;
            let shrink = sz - node.shrink;
            let target = measure.of_line(node.line) as f64;
            let ratio = adjustment_ratio(natural, stretch, shrink, target, params.ragged);

            if ratio < -1.0 - 1e-6 {
                // Overfull: this and every later break from `a` is impossible.
                continue;
            }
            if !forced {
                still_active.push(a);
            }
            if ratio > params.tolerance as f64 {
                continue;
            }
            let badness = badness(ratio);
            let mut demerits = if cost >= 0.0 {
                (params.line_penalty as f64 + badness).powi(2) + (cost as f64).powi(2)
            } else if forced {
                (params.line_penalty as f64 + badness).powi(2)
            } else {
                (params.line_penalty as f64 + badness).powi(2) - (cost as f64).powi(2)
            };
            if flagged && node.flagged {
                demerits += params.double_hyphen_demerits as f64;
            }
            if forced && node.flagged {
                demerits += params.final_hyphen_demerits as f64;
            }
            let fitness = fitness_class(ratio);
            if (fitness as i32 - node.fitness as i32).abs() > 1 {
                demerits += params.adjacent_demerits as f64;
            }
            let total = node.demerits + demerits;
            let slot = &mut best[fitness as usize];
            if slot.is_none_or(|(d, _, _)| total < d) {
                *slot = Some((total, a, ratio as f32));
            }
        }
        active = still_active;

        // The line after a break starts at the next box: glue and penalties after the
        // break are discarded.
        let mut after = (sums[i + 1].0, sums[i + 1].1, sums[i + 1].2);
        for (j, next) in items.iter().enumerate().skip(i + 1) {
            match next {
                Item::Box { .. } => break,
                Item::Penalty { cost, .. } if *cost <= FORCED_BREAK && j > i => break,
                _ => after = sums[j + 1],
            }
        }
        for (fitness, candidate) in best.iter().enumerate() {
            if let Some((demerits, from, ratio)) = *candidate {
                nodes.push(Node {
                    at: i,
                    line: nodes[from].line + 1,
                    fitness: fitness as u8,
                    demerits,
                    width: after.0,
                    stretch: after.1,
                    shrink: after.2,
                    flagged,
                    previous: Some(from),
                    ratio,
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }

    // The last item is a forced break, so every active node now ends there.
    let last = items.len().checked_sub(1)?;
    let best = active.iter().copied().filter(|&n| nodes[n].at == last).min_by(|&a, &b| {
        nodes[a].demerits.partial_cmp(&nodes[b].demerits).unwrap_or(std::cmp::Ordering::Equal)
    })?;
    let mut breaks = Vec::new();
    let mut cursor = Some(best);
    while let Some(n) = cursor {
        if nodes[n].previous.is_some() {
            breaks.push(Break { at: nodes[n].at, ratio: nodes[n].ratio });
        }
        cursor = nodes[n].previous;
    }
    breaks.reverse();
    Some(breaks)
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

/// Break a paragraph, loosening step by step so that a result always comes back when
/// every box fits the measure: the given tolerance, a looser one, then any line that is
/// not overfull, judged with `emergency_stretch` so that the least loose lines win.
/// `None` only when some box is wider than the measure; the caller then splits boxes.
pub fn break_paragraph(items: &[Item], measure: Measure, params: &Params, emergency_stretch: f32) -> Option<Vec<Break>> {
    knuth_plass(items, measure, params)
        .or_else(|| knuth_plass(items, measure, &Params { tolerance: params.tolerance * 2.0, ..*params }))
        .or_else(|| knuth_plass(items, measure, &Params { tolerance: f32::INFINITY, emergency_stretch, ..*params }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths separated by spaces of width 1 (stretch 1, shrink 0.5).
    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue { width: 1.0, stretch: 1.0, shrink: 0.5 });
            }
            items.push(Item::Box { width: w });
        }
        items.push(Item::Glue { width: 0.0, stretch: FIL, shrink: 0.0 });
        items.push(Item::Penalty { width: 0.0, cost: FORCED_BREAK, flagged: false });
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
                        Item::Box { width } => {
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
        // Pseudo-random word widths over many measures.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            ((seed >> 16) % 9 + 1) as f32
        };
        for measure in [12.0f32, 17.0, 23.0, 40.0] {
            let widths: Vec<f32> = (0..80).map(|_| next()).collect();
            let items = words(&widths);
            let breaks = break_paragraph(&items, Measure::uniform(measure), &Params::default(), 3.0).unwrap();
            for (line, b) in breaks.iter().enumerate() {
                assert!(b.ratio >= -1.0, "measure {measure}, line {line}: overfull {b:?}");
            }
        }
    }

    #[test]
    fn a_box_wider_than_the_measure_has_no_breaking() {
        let items = words(&[3.0, 30.0, 3.0]);
        assert!(break_paragraph(&items, Measure::uniform(10.0), &Params::default(), 3.0).is_none());
    }

    #[test]
    fn hyphen_penalties_add_their_width() {
        // "aaaa-" | "bbbb": the hyphen is only there when the line breaks at it.
        let items = vec![
            Item::Box { width: 4.0 },
            Item::Penalty { width: 1.0, cost: 50.0, flagged: true },
            Item::Box { width: 4.0 },
            Item::Glue { width: 0.0, stretch: FIL, shrink: 0.0 },
            Item::Penalty { width: 0.0, cost: FORCED_BREAK, flagged: false },
        ];
        let breaks = knuth_plass(&items, Measure::uniform(5.0), &Params::default()).unwrap();
        assert_eq!(breaks.iter().map(|b| b.at).collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(line_widths(&items, &breaks), vec![5.0, 4.0]);
    }

    #[test]
    fn ragged_lines_keep_natural_spacing() {
        let items = words(&[4.0, 4.0, 4.0]);
        let params = Params { ragged: Some(6.0), ..Params::default() };
        let breaks = knuth_plass(&items, Measure::uniform(10.0), &params).unwrap();
        assert_eq!(breaks.len(), 2);
        assert!(breaks[0].ratio > 0.0);
    }
}
