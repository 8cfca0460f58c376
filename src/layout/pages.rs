//! Page breaking: a flow of lines and spaces, with keep rules, cut into pages.
//!
//! A break is legal after a line unless the line keeps with the next one (a heading, the
//! first line of a paragraph, the second-last line, a clause label, an organisation that
//! keeps with the last of its group). Pages are chosen together, not one at a time: like
//! the paragraph breaker, the page breaker looks at every sequence of legal breaks and
//! takes the one whose pages are fullest (total fit). A page that must end early because
//! of a keep rule can often be avoided by breaking a page or two earlier or later, which a
//! page-at-a-time builder cannot see.
//!
//! What a page costs, in order of weight:
//! - every page costs more than any hole or adjustment below, so that the breaker never
//!   takes a page more than it needs, however large the holes (on signature pages, where
//!   a row is a third of a page, they are large). In a part that another follows on its
//!   last page, a list in columns, a page saved is not saved in the document: there it is
//!   worth a hole of six lines or so;
//! - on signature pages, a page that ends before a row that would fit (with its group's
//!   heading) costs more than any hole, so that the holes the rules leave land where the
//!   next row does not fit; a break inside a group (its heading repeated as continued)
//!   costs a little more than one between groups;
//! - the empty lines at its foot, squared (a hole of two lines costs four of one), and far
//!   more for every line beyond two: no page but the last of a section ends more than two
//!   lines short unless no legal breaking avoids it;
//! - in Latin documents the spaces between paragraphs, items and groups may stretch (by
//!   half) to fill a page or shrink (by a fifth, at most one line in all) to take a line
//!   more, and the organisations of a list have a little give between them; a little
//!   stretch is cheap, shrinking less so — moving a line is preferred to leaving a hole.
//!   Past its give a page's spaces may shrink to twice it (still one line in all) at a
//!   cost above any hole: a page runs a line long to spare a page (two lines alone on the
//!   last), not to fill a hole. On the Japanese grid every line and space is a whole
//!   number of grid lines (a row of signature blocks ends with its ink, and the space
//!   after it makes up the grid line): only the blank line between two groups may give,
//!   and then entirely; a widow or orphan (a soft keep there) is preferred to an empty
//!   grid line;
//! - the last page of a section (before a forced page break, or the end) is free, except
//!   that the last signature page holds at least two blocks when there are more than two.
//!
//! A row of signature blocks may come in two settings ([`FlowLine::split`]): a group's last
//! two rows, the last holding one block, share their blocks out when the page breaks
//! between them, so that no page opens with a lone block under a continued heading.
//!
//! A group that continues on a new page or column gets its heading repeated above it,
//! marked as continued ([`Continued`]); the page heights account for it. Multi-column
//! blocks fill the rest of the page column by column and balance their last page. Pages
//! after the first carry the running head, signature pages their own head, in the space
//! they reserve at the top of the text block.

use super::flow::{Continued, Flow, FlowLine, PageHead, Space};

/// A line placed on a page: its top edge and left offset within the text block.
#[derive(Debug, Clone)]
pub struct Placed {
    pub x: f32,
    pub top: f32,
    pub line: FlowLine,
}

/// What the page breaker needs besides the flow.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// Height of the text block.
    pub height: f32,
    /// The body line pitch: holes at page feet are measured in it.
    pub line: f32,
    /// Drawn at the top of every page after the first, unless a section brings its own.
    pub running_head: Option<&'a PageHead>,
    /// The Japanese line grid: a space that gives, gives all of its height or nothing.
    pub grid: bool,
}

const EPSILON: f32 = 0.01;

// What things cost, in order: holes at page feet (at most about 2e6, a hundred empty
// lines) < spaces shrunk past their give < a page < a lone block on the last signature
// page < a break against a keep rule.

/// Cost of breaking at a soft keep (a widow or orphan on the Japanese grid): less than an
/// empty grid line.
const SOFT_BREAK: f64 = 50.0;
/// Cost of a page whose spaces shrink all the way past their give (to twice it, one line
/// in all), as the square of how far they go: a page runs a line long to spare a page, not
/// to fill a hole of a few lines, and two pages a little tight are better than one very.
const TIGHT: f64 = 1.0e7;
/// How far past their give the spaces of a Latin page may shrink, as a multiple of it.
const TIGHT_FACTOR: f32 = 2.0;
/// Cost of breaking inside a group of signature rows (its heading repeated as continued)
/// rather than between groups: it decides only between pages about as full.
const CONTINUED_ROWS: f64 = 1000.0;
/// Cost of ending a page before a row of signature blocks that would fit on it (with its
/// group's heading): more than any hole, so that a page ends early only where a rule
/// needs it, and a hole the rules leave lands where the next row does not fit.
const EARLY_ROW: f64 = 1.0e6;
/// Cost of a page of a section's last part: more than any hole or the penalties above, so
/// that the breaker never takes a page more than it needs (the last page of a section
/// costs nothing else).
const PAGE: f64 = 1.0e8;
/// Cost of a page of a part that another follows in its section (a list in columns, with
/// the resolution below it): a page saved there is not saved in the document unless the
/// parts after it take the room, so it is worth only a deep hole (six lines or so).
const PAGE_BEFORE_PART: f64 = 5.0e4;
/// Cost of a last signature page with a single block when there are more.
const LONE_BLOCK: f64 = 1.0e9;
/// Cost of a page whose lines had to be placed against a keep rule (nothing legal fits).
const FORCED: f64 = 1.0e10;

/// Cut `flow` into pages.
pub fn paginate(flow: &[Flow], settings: &Settings<'_>) -> Vec<Vec<Placed>> {
    let mut book = Book { settings: *settings, pages: Vec::new(), page: Vec::new(), y: 0.0, head: 0.0 };
    for segment in segments(flow) {
        // a section after a forced break starts a page of its own
        if book.has_content() {
            book.close_page();
        }
        book.open_page(segment.head);
        let total_blocks: u32 = segment.parts.iter().map(Part::blocks).sum();
        for (k, part) in segment.parts.iter().enumerate() {
            book.set_part(part, segment.parts.get(k + 1), segment.head, total_blocks);
        }
    }
    if book.has_content() || book.pages.is_empty() {
        book.close_page();
    }
    book.pages
}

// ---- the flow as parts ------------------------------------------------------------------

/// A line or a space of a part.
#[derive(Clone, Copy)]
enum Item<'f> {
    Line(&'f FlowLine),
    Space(Space),
}

/// Consecutive lines set in one column, or a multi-column block.
struct Part<'f> {
    items: Vec<Item<'f>>,
    /// Columns: (count, column width, gap).
    columns: Option<(usize, f32, f32)>,
}

impl Part<'_> {
    fn blocks(&self) -> u32 {
        self.items.iter().map(|i| if let Item::Line(l) = i { u32::from(l.blocks) } else { 0 }).sum()
    }

    fn count(&self) -> usize {
        self.columns.map_or(1, |c| c.0)
    }
}

/// What lies between two forced page breaks.
struct Segment<'f> {
    parts: Vec<Part<'f>>,
    head: Option<&'f PageHead>,
}

fn segments(flow: &[Flow]) -> Vec<Segment<'_>> {
    let mut out = vec![Segment { parts: Vec::new(), head: None }];
    let mut single: Vec<Item<'_>> = Vec::new();
    fn flush<'f>(out: &mut [Segment<'f>], single: &mut Vec<Item<'f>>) {
        if !single.is_empty()
            && let Some(segment) = out.last_mut()
        {
            segment.parts.push(Part { items: std::mem::take(single), columns: None });
        }
    }
    for item in flow {
        match item {
            Flow::Line(line) => single.push(Item::Line(line)),
            Flow::Space(space) => single.push(Item::Space(*space)),
            Flow::PageBreak(head) => {
                flush(&mut out, &mut single);
                out.push(Segment { parts: Vec::new(), head: head.as_deref() });
            }
            Flow::Columns(columns) => {
                flush(&mut out, &mut single);
                let items = columns
                    .items
                    .iter()
                    .filter_map(|f| match f {
                        Flow::Line(line) => Some(Item::Line(line)),
                        Flow::Space(space) => Some(Item::Space(*space)),
                        _ => None,
                    })
                    .collect();
                if let Some(segment) = out.last_mut() {
                    segment.parts.push(Part { items, columns: Some((columns.count.max(1), columns.width, columns.gap)) });
                }
            }
        }
    }
    flush(&mut out, &mut single);
    out.retain(|s| s.parts.iter().any(|p| p.items.iter().any(|i| matches!(i, Item::Line(_)))));
    if out.is_empty() {
        out.push(Segment { parts: Vec::new(), head: None });
    }
    out
}

// ---- measuring a part -------------------------------------------------------------------

/// Whether the page may break after a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Break {
    Never,
    Soft,
    Free,
}

/// Prefix sums over a part's items, so that any run of them is measured at once.
struct Measure<'p, 'f> {
    items: &'p [Item<'f>],
    /// Heights, stretch and shrink of `items[..k]`.
    height: Vec<f32>,
    stretch: Vec<f32>,
    shrink: Vec<f32>,
    blocks: Vec<u32>,
    /// One past the last line.
    end: usize,
    /// For a line after one that is set otherwise when the page breaks between them
    /// ([`FlowLine::split`]): how it is set on the new page.
    carried: Vec<Option<&'f FlowLine>>,
    /// For a line, the next line after which the page may break (or the last line).
    next_break: Vec<usize>,
}

impl<'p, 'f> Measure<'p, 'f> {
    fn new(items: &'p [Item<'f>]) -> Self {
        let n = items.len();
        let (mut height, mut stretch, mut shrink, mut blocks) =
            (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1), Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
        let (mut h, mut st, mut sh, mut b) = (0.0f32, 0.0f32, 0.0f32, 0u32);
        let mut end = 0;
        let mut carried = vec![None; n];
        let mut split: Option<&'f FlowLine> = None;
        for (k, item) in items.iter().enumerate() {
            height.push(h);
            stretch.push(st);
            shrink.push(sh);
            blocks.push(b);
            match item {
                Item::Line(line) => {
                    h += line.height;
                    b += u32::from(line.blocks);
                    end = k + 1;
                    carried[k] = split.take();
                    split = line.split.as_deref().map(|pair| &pair[1]);
                }
                Item::Space(s) => {
                    h += s.height;
                    st += s.stretch;
                    sh += s.shrink;
                }
            }
        }
        height.push(h);
        stretch.push(st);
        shrink.push(sh);
        blocks.push(b);
        let mut m = Measure { items, height, stretch, shrink, blocks, end, carried, next_break: vec![end; n] };
        let mut next = end.saturating_sub(1);
        for k in (0..end).rev() {
            m.next_break[k] = next;
            if m.line(k).is_some() && m.break_after(k) != Break::Never {
                next = k;
            }
        }
        m
    }

    /// Line `k` as set in a frame from `from` to `to`: the first line of a frame that
    /// opens after a break, and the last of one that ends in a break, may be set otherwise
    /// ([`FlowLine::split`]).
    fn set_line(&self, k: usize, from: usize, to: usize) -> Option<&'f FlowLine> {
        let line = self.line(k)?;
        if k + 1 == to && to < self.end
            && let Some(pair) = &line.split
        {
            return Some(&pair[0]);
        }
        if k == self.first_line(from)
            && let Some(carried) = self.carried[k]
        {
            return Some(carried);
        }
        Some(line)
    }

    /// Signature blocks in a frame.
    fn blocks_in(&self, from: usize, to: usize) -> u32 {
        let first = self.first_line(from);
        let mut blocks = self.blocks[to] - self.blocks[from];
        for k in [first, to.saturating_sub(1)] {
            if k < to
                && let (Some(line), Some(set)) = (self.line(k), self.set_line(k, from, to))
            {
                blocks = blocks - u32::from(line.blocks) + u32::from(set.blocks);
            }
            if to <= first + 1 {
                break;
            }
        }
        blocks
    }

    fn line(&self, k: usize) -> Option<&'f FlowLine> {
        match self.items.get(k) {
            Some(Item::Line(l)) => Some(l),
            _ => None,
        }
    }

    /// The first line at or after `k` (or `end`).
    fn first_line(&self, k: usize) -> usize {
        (k..self.end).find(|&i| self.line(i).is_some()).unwrap_or(self.end)
    }

    fn break_after(&self, k: usize) -> Break {
        match self.line(k) {
            Some(l) if l.keep_with_next => Break::Never,
            Some(l) if l.avoid_break_after => Break::Soft,
            Some(_) => Break::Free,
            None => Break::Never,
        }
    }

    /// The heading repeated above line `k` when a page or column opens with it.
    fn continued(&self, k: usize) -> Option<&'f Continued> {
        self.line(k).and_then(|l| l.continued.as_deref())
    }

    /// A frame that opens at `from` (a line, or a space kept at the top of a page that
    /// already holds something) and ends after line `to - 1`: natural height, stretch,
    /// shrink. `repeat` adds the continued heading.
    fn frame(&self, from: usize, to: usize, repeat: bool) -> (f32, f32, f32) {
        let head = if repeat { self.continued(from).map_or(0.0, Continued::height) } else { 0.0 };
        (
            self.height[to] - self.height[from] + head,
            self.stretch[to] - self.stretch[from],
            self.shrink[to] - self.shrink[from],
        )
    }

    /// Height of the first piece that may not be split, from `from` (spaces included).
    fn first_chunk(&self, from: usize) -> f32 {
        let mut k = self.first_line(from);
        while k < self.end {
            if self.line(k).is_some() && self.break_after(k) == Break::Free {
                return self.height[k + 1] - self.height[from];
            }
            k += 1;
        }
        self.height[self.end] - self.height[from]
    }

    /// Where a column of height `h` from `start` ends when filled greedily: the last
    /// legal break that fits, or as many lines as fit (at least one).
    fn fill(&self, start: usize, h: f32) -> usize {
        let from = self.first_line(start);
        let mut last_legal = None;
        let mut last_fit = None;
        for k in from..self.end {
            if self.line(k).is_none() {
                continue;
            }
            let (natural, _, _) = self.frame(from, k + 1, true);
            if natural > h + EPSILON {
                break;
            }
            last_fit = Some(k + 1);
            if k + 1 == self.end || self.break_after(k) == Break::Free {
                last_legal = Some(k + 1);
            }
        }
        last_legal.or(last_fit).unwrap_or((from + 1).min(self.end))
    }

    /// Whether `count` columns of height `h` from `start` take the rest of the part.
    fn columns_take_rest(&self, start: usize, count: usize, h: f32) -> bool {
        let mut k = start;
        for _ in 0..count {
            if self.first_line(k) >= self.end {
                return true;
            }
            let end = self.fill(k, h);
            let from = self.first_line(k);
            if self.frame(from, end, true).0 > h + EPSILON {
                return false;
            }
            k = end;
        }
        self.first_line(k) >= self.end
    }

    /// The lowest column height, at most `available`, at which the rest of the part from
    /// `start` fits in `count` columns; `None` if it does not fit.
    fn balanced(&self, start: usize, count: usize, available: f32) -> Option<f32> {
        let from = self.first_line(start);
        let rest = self.height[self.end] - self.height[from];
        if rest > available * count as f32 + available + EPSILON || !self.columns_take_rest(start, count, available) {
            return None;
        }
        let (mut low, mut high) = (0.0f32, available);
        for _ in 0..40 {
            let mid = (low + high) / 2.0;
            if self.columns_take_rest(start, count, mid) { high = mid } else { low = mid }
            if high - low < 0.25 {
                break;
            }
        }
        Some(high)
    }
}

/// The cost of a page (or column) that is not the last of its section. `shrink` is what
/// its spaces give, `tight` what they give at most, past it (see [`Give`]).
fn fill_cost(natural: f32, available: f32, stretch: f32, give: Give, line: f32) -> Option<f64> {
    let line = f64::from(line.max(1.0));
    if natural > available + EPSILON {
        let need = natural - available;
        if need <= give.shrink + EPSILON {
            let ratio = f64::from(need / give.shrink.max(EPSILON));
            return Some(40.0 + 100.0 * ratio * ratio);
        }
        if need <= give.tight + EPSILON {
            // past the give: spread over the pages that can take it
            let ratio = f64::from((need - give.shrink) / (give.tight - give.shrink).max(EPSILON));
            return Some(140.0 + TIGHT * ratio.max(0.1) * ratio.max(0.1));
        }
        return None;
    }
    let hole = available - natural;
    let used = hole.min(stretch);
    let residual = f64::from(hole - used) / line;
    let stretched = if stretch > EPSILON { f64::from(used / stretch) } else { 0.0 };
    Some(100.0 * residual * residual + 10_000.0 * (residual - 2.0).max(0.0) + 20.0 * stretched * stretched)
}

/// How much a frame's spaces give: their shrink, and past it, at a cost, up to
/// [`TIGHT_FACTOR`] times it (not on the grid, where a space goes whole or not at all);
/// at most one line in all.
#[derive(Clone, Copy)]
struct Give {
    shrink: f32,
    tight: f32,
}

fn shrink_limit(shrink: f32, line: f32, grid: bool) -> Give {
    let tight = if grid { shrink } else { shrink * TIGHT_FACTOR };
    Give { shrink: shrink.min(line), tight: tight.min(line) }
}

// ---- the total-fit breaker for one part -------------------------------------------------

/// A frame chosen by the breaker: items `from..to` in column `column` of a page.
#[derive(Debug, Clone, Copy)]
struct Frame {
    from: usize,
    to: usize,
    column: usize,
    /// The frame is on the part's first page.
    first_page: bool,
    /// Balanced last page: the column height.
    balanced: Option<f32>,
    /// The frame opens the page mid-part (spaces dropped, continued heading repeated).
    fresh: bool,
}

/// How a part's last page ends.
struct Ending {
    /// Room the next part needs on the same page (spaces and its first piece), if one
    /// follows on this page; `None` when the section ends here.
    next_needs: Option<f32>,
    /// Spaces at the end of this part, kept when the next part follows on the page.
    trailing: f32,
    /// The part is the last of its section: its blocks count for the last page rule, and a
    /// page it saves is saved.
    last_part: bool,
}

#[derive(Clone, Copy)]
struct State {
    cost: f64,
    /// (previous state index, the frame that led here)
    back: Option<(usize, Frame)>,
}

/// The room a part has: on the page it starts on (below what stands there, if
/// `page_has_content`), and on every later page; `line` the unit of holes.
#[derive(Clone, Copy)]
struct Room {
    first: f32,
    page_has_content: bool,
    later: f32,
    line: f32,
    grid: bool,
}

/// Break a part into frames (pages, or columns of pages), at the least total cost.
fn break_part(m: &Measure<'_, '_>, count: usize, room: Room, ending: &Ending, total_blocks: u32) -> Option<Vec<Frame>> {
    let Room { first: first_available, page_has_content, later: available, line, grid } = room;
    let n = m.items.len();
    // state index: position * stride + column * 2 + first page
    let stride = count * 2;
    let index = |pos: usize, column: usize, first: bool| pos * stride + column * 2 + usize::from(first);
    let mut states: Vec<Option<State>> = vec![None; (n + 1) * stride];
    states[index(0, 0, true)] = Some(State { cost: 0.0, back: None });
    let mut best_end: Option<(f64, usize, Frame)> = None;

    let single = count == 1;
    for pos in 0..=n {
        for column in 0..count {
            for first in [true, false] {
                let Some(state) = states[index(pos, column, first)] else { continue };
                let from_state = index(pos, column, first);
                // leading spaces count only at the very start of a part below other text
                let keep_leading = single && pos == 0 && first && page_has_content;
                let from = if keep_leading { 0 } else { m.first_line(pos) };
                if from >= m.end {
                    continue;
                }
                let repeat = !(keep_leading || pos == 0 && first);
                let room = if first { first_available } else { available };
                // a frame that ends a page (not the last) costs a page
                let page = match (column + 1 == count, ending.last_part) {
                    (false, _) => 0.0,
                    (true, true) => PAGE,
                    (true, false) => PAGE_BEFORE_PART,
                };

                // the rest as a balanced last page of columns
                if !single && column == 0
                    && let Some(h) = m.balanced(pos, count, room)
                {
                    let frame = Frame { from: pos, to: n, column: 0, first_page: first, balanced: Some(h), fresh: repeat };
                    let cost = state.cost;
                    if best_end.as_ref().is_none_or(|b| cost < b.0) {
                        best_end = Some((cost, from_state, frame));
                    }
                }

                let (next_column, next_first) = if column + 1 < count { (column + 1, first) } else { (0, false) };
                let mut found = false;
                let mut last_fit = None;
                for k in from..m.end {
                    if m.line(k).is_none() {
                        continue;
                    }
                    let to = k + 1;
                    let (natural, stretch, shrink) = m.frame(from, to, repeat);
                    let give = shrink_limit(shrink, line, grid);
                    if natural - give.tight > room + EPSILON {
                        break;
                    }
                    if natural <= room + EPSILON {
                        last_fit = Some(to);
                    }
                    let frame = Frame { from: pos, to, column, first_page: first, balanced: None, fresh: repeat };
                    if to == m.end && !single {
                        // the rest in this column: a last page left unbalanced (the
                        // balanced one, from its first column, is always as good)
                        found = true;
                        let total = state.cost + 1.0;
                        if best_end.as_ref().is_none_or(|b| total < b.0) {
                            best_end = Some((total, from_state, frame));
                        }
                        continue;
                    }
                    if to == m.end {
                        found = true;
                        let blocks = m.blocks_in(from, to);
                        let mut cost = match ending.next_needs {
                            // the next part follows on this page if its first piece fits
                            Some(need) if natural + ending.trailing + need <= room + EPSILON => Some(0.0),
                            Some(_) if m.break_after(k) == Break::Never => None,
                            Some(_) => fill_cost(natural, room, stretch, give, line),
                            None if natural > room + EPSILON => fill_cost(natural, room, 0.0, give, line),
                            None => Some(0.0),
                        };
                        if ending.last_part && total_blocks > 2 && blocks < 2 {
                            cost = cost.map(|c| c + LONE_BLOCK);
                        }
                        if let Some(c) = cost {
                            let total = state.cost + c;
                            if best_end.as_ref().is_none_or(|b| total < b.0) {
                                best_end = Some((total, from_state, frame));
                            }
                        }
                        continue;
                    }
                    let mut penalty = match m.break_after(k) {
                        Break::Never => continue,
                        Break::Soft => SOFT_BREAK,
                        Break::Free => 0.0,
                    };
                    // a group of signature rows that runs on under its continued heading
                    let next = m.first_line(to);
                    if m.continued(next).is_some() && m.line(next).is_some_and(|l| l.blocks > 0) {
                        penalty += CONTINUED_ROWS;
                    }
                    // a row of signature blocks (and its heading) that would have fitted
                    let further = m.next_break[k] + 1;
                    if m.blocks[further] > m.blocks[to] && m.frame(from, further, repeat).0 <= room + EPSILON {
                        penalty += EARLY_ROW;
                    }
                    let Some(c) = fill_cost(natural, room, stretch, give, line) else { continue };
                    found = true;
                    relax(&mut states, index(to, next_column, next_first), state.cost + c + penalty + page, from_state, frame);
                }
                if !found {
                    // nothing legal fits: cut where the page is full (at least one line)
                    let to = last_fit.unwrap_or_else(|| (from..m.end).find(|&k| m.line(k).is_some()).map_or(m.end, |k| k + 1));
                    let frame = Frame { from: pos, to, column, first_page: first, balanced: None, fresh: repeat };
                    if to >= m.end {
                        let total = state.cost + FORCED;
                        if best_end.as_ref().is_none_or(|b| total < b.0) {
                            best_end = Some((total, from_state, frame));
                        }
                    } else {
                        relax(&mut states, index(to, next_column, next_first), state.cost + FORCED + page, from_state, frame);
                    }
                }
            }
        }
    }
    let (_, mut at, last) = best_end?;
    let mut frames = vec![last];
    while let Some(State { back: Some((previous, frame)), .. }) = states[at] {
        frames.push(frame);
        at = previous;
    }
    frames.reverse();
    frames.retain(|f| f.to > f.from || f.balanced.is_some());
    Some(frames)
}

fn relax(states: &mut [Option<State>], at: usize, cost: f64, from: usize, frame: Frame) {
    if states[at].is_none_or(|s| cost < s.cost) {
        states[at] = Some(State { cost, back: Some((from, frame)) });
    }
}

// ---- building the pages -----------------------------------------------------------------

struct Book<'s> {
    settings: Settings<'s>,
    pages: Vec<Vec<Placed>>,
    page: Vec<Placed>,
    /// Height used on the open page, its head included.
    y: f32,
    /// Height of the open page's head.
    head: f32,
}

impl Book<'_> {
    fn has_content(&self) -> bool {
        self.y > self.head + EPSILON
    }

    /// Open a page with the section's head, else the running head (which the document's
    /// first page does not carry).
    fn open_page(&mut self, section: Option<&PageHead>) {
        let running = if self.pages.is_empty() { None } else { self.settings.running_head };
        self.page = Vec::new();
        self.y = 0.0;
        self.head = 0.0;
        if let Some(head) = section.or(running) {
            let mut top = 0.0;
            for line in &head.lines {
                self.page.push(Placed { x: 0.0, top, line: line.clone() });
                top += line.height;
            }
            self.head = head.height;
            self.y = head.height;
        }
    }

    fn close_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.page));
    }

    fn new_page(&mut self, section: Option<&PageHead>) {
        self.close_page();
        self.open_page(section);
    }

    /// Room on a new page of this section.
    fn full_room(&self, section: Option<&PageHead>) -> f32 {
        self.settings.height - section.or(self.settings.running_head).map_or(0.0, |h| h.height)
    }

    fn set_part(&mut self, part: &Part<'_>, next: Option<&Part<'_>>, section: Option<&PageHead>, total_blocks: u32) {
        let m = Measure::new(&part.items);
        let n = part.items.len();
        if m.end == 0 {
            // only spaces: they count if something follows on the page
            if self.has_content() {
                self.y += m.height[n];
            }
            return;
        }
        let line = self.settings.line;
        let count = part.count();
        let trailing = m.height[n] - m.height[m.end];
        let next_needs = next.map(|p| {
            let nm = Measure::new(&p.items);
            if p.columns.is_some() { nm.first_chunk(nm.first_line(0)) } else { nm.first_chunk(0) }
        });
        let ending = Ending { next_needs, trailing, last_part: next.is_none() };
        let full = self.full_room(section);
        // not even the first piece fits below what the page holds: start on a new page
        let first_piece = if count == 1 { m.first_chunk(0) } else { m.first_chunk(m.first_line(0)) };
        if self.has_content() && self.y + first_piece > self.settings.height + EPSILON {
            self.new_page(section);
        }
        let has_content = self.has_content();
        let first_room = self.settings.height - self.y;
        let room = Room { first: first_room, page_has_content: has_content, later: full, line, grid: self.settings.grid };
        let frames = break_part(&m, count, room, &ending, total_blocks)
            .unwrap_or_else(|| greedy(&m, count, first_room, full));

        let (width, gap) = part.columns.map_or((0.0, 0.0), |c| (c.1, c.2));
        let last = frames.len().saturating_sub(1);
        let mut column_top = self.y;
        let mut page_bottom = self.y;
        for (i, frame) in frames.iter().enumerate() {
            let new_page = if i == 0 { !frame.first_page } else { frame.column == 0 };
            if new_page {
                self.new_page(section);
                column_top = self.y;
                page_bottom = self.y;
            }
            let room = self.settings.height - column_top;
            if let Some(h) = frame.balanced {
                let mut k = frame.from;
                for c in 0..count {
                    if m.first_line(k) >= m.end {
                        break;
                    }
                    let to = m.fill(k, h);
                    let fresh = if c == 0 { frame.fresh } else { true };
                    let bottom = place(&m, k, to, fresh, false, c as f32 * (width + gap), column_top, room, false, self.settings.grid, &mut self.page);
                    page_bottom = page_bottom.max(bottom);
                    k = to;
                }
                continue;
            }
            let keep_leading = count == 1 && i == 0 && has_content && frame.first_page;
            // the page's foot is reached by stretching, except on the part's last page
            // when the section ends there or the next part follows on it
            let fill = if i < last {
                true
            } else {
                let start = if keep_leading { frame.from } else { m.first_line(frame.from) };
                let natural = m.frame(start, frame.to, frame.fresh && !keep_leading).0;
                next_needs.is_some_and(|need| natural + trailing + need > room + EPSILON)
            };
            let x = frame.column as f32 * (width + gap);
            let bottom = place(&m, frame.from, frame.to, frame.fresh, keep_leading, x, column_top, room, fill, self.settings.grid, &mut self.page);
            page_bottom = page_bottom.max(bottom);
        }
        self.y = page_bottom;
        // the next part on this page, or on a new one
        if let Some(need) = next_needs {
            if self.y + trailing + need <= self.settings.height + EPSILON {
                self.y += trailing;
            } else {
                self.new_page(section);
            }
        }
    }
}

/// Place items `from..to` in a column at `x`, from `top`; `fresh`: the column opens here
/// (spaces dropped, a continued heading repeated), `keep_leading`: spaces at `from` count.
/// Spaces shrink when the lines would pass `room`, and stretch (by at most their stretch)
/// towards it when `fill`; on the `grid`, a space that shrinks goes entirely, the lowest
/// first. Returns the bottom.
#[allow(clippy::too_many_arguments)]
fn place(
    m: &Measure<'_, '_>,
    from: usize,
    to: usize,
    fresh: bool,
    keep_leading: bool,
    x: f32,
    top: f32,
    room: f32,
    fill: bool,
    grid: bool,
    out: &mut Vec<Placed>,
) -> f32 {
    let start = if keep_leading { from } else { m.first_line(from) };
    if start >= to {
        return top;
    }
    let repeat = fresh && !keep_leading;
    let (natural, stretch, shrink) = m.frame(start, to, repeat);
    // how far each space gives: a share of its stretch, or of its shrink
    let most = if grid { 1.0 } else { TIGHT_FACTOR };
    let (grow, give) = if natural > room + EPSILON && shrink > EPSILON {
        (0.0, ((natural - room) / shrink).min(most))
    } else if fill && natural < room - EPSILON && stretch > EPSILON {
        (((room - natural) / stretch).min(1.0), 0.0)
    } else {
        (0.0, 0.0)
    };
    // on the grid: which spaces go, from the bottom up, until the lines fit
    let mut dropped = vec![false; to - start];
    if grid && give > 0.0 {
        let mut over = natural - room;
        for k in (start..to).rev() {
            if over <= EPSILON {
                break;
            }
            if let Item::Space(s) = m.items[k]
                && s.shrink > EPSILON
            {
                dropped[k - start] = true;
                over -= s.height;
            }
        }
    }
    let give = if grid { 0.0 } else { give };
    let mut y = top;
    if repeat && let Some(head) = m.continued(start) {
        for line in &head.lines {
            out.push(Placed { x, top: y, line: line.clone() });
            y += line.height;
        }
        y += head.space_after;
    }
    for (k, item) in m.items[start..to].iter().enumerate() {
        match item {
            Item::Line(line) => {
                let set = m.set_line(start + k, from, to).unwrap_or(line);
                out.push(Placed { x, top: y, line: set.clone() });
                y += line.height;
            }
            Item::Space(_) if dropped[k] => {}
            Item::Space(s) => y += s.height + s.stretch * grow - s.shrink * give,
        }
    }
    y
}

/// A fallback when the breaker finds nothing (it always should): fill each frame greedily.
fn greedy(m: &Measure<'_, '_>, count: usize, first_room: f32, room: f32) -> Vec<Frame> {
    let mut frames = Vec::new();
    let mut pos = 0;
    let mut column = 0;
    let mut first = true;
    while m.first_line(pos) < m.end {
        let h = if first { first_room } else { room };
        let to = m.fill(pos, h);
        frames.push(Frame { from: pos, to, column, first_page: first, balanced: None, fresh: !(pos == 0 && first) });
        pos = to;
        column += 1;
        if column == count {
            column = 0;
            first = false;
        }
    }
    frames
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::layout::flow::Columns;

    fn line(keep: bool) -> Flow {
        Flow::Line(FlowLine { height: 10.0, keep_with_next: keep, ..FlowLine::default() })
    }

    fn space(h: f32) -> Flow {
        Flow::Space(Space { height: h, stretch: 0.0, shrink: 0.0 })
    }

    /// A paragraph of `n` lines with widow and orphan control.
    fn paragraph(n: usize) -> Vec<Flow> {
        (0..n).map(|i| line(n > 1 && (i == 0 || i + 2 == n))).collect()
    }

    fn settings(height: f32) -> Settings<'static> {
        Settings { height, line: 10.0, running_head: None, grid: false }
    }

    fn paginate_h(flow: &[Flow], height: f32) -> Vec<Vec<Placed>> {
        paginate(flow, &settings(height))
    }

    fn lines_per_page(pages: &[Vec<Placed>]) -> Vec<usize> {
        pages.iter().map(|p| p.len()).collect()
    }

    #[test]
    fn fills_pages() {
        let flow: Vec<Flow> = (0..25).map(|_| line(false)).collect();
        assert_eq!(lines_per_page(&paginate_h(&flow, 100.0)), vec![10, 10, 5]);
    }

    #[test]
    fn no_orphan_at_a_page_foot() {
        // 9 single lines, then a 4-line paragraph: its first line alone would end page 1.
        let mut flow: Vec<Flow> = (0..9).map(|_| line(false)).collect();
        flow.extend(paragraph(4));
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![9, 4]);
    }

    #[test]
    fn no_widow_at_a_page_head() {
        // 7 lines, then a 4-line paragraph: 3 + 1 would leave a widow; 2 + 2 is right.
        let mut flow: Vec<Flow> = (0..7).map(|_| line(false)).collect();
        flow.extend(paragraph(4));
        assert_eq!(lines_per_page(&paginate_h(&flow, 100.0)), vec![9, 2]);
    }

    #[test]
    fn heading_keeps_with_what_follows() {
        let mut flow: Vec<Flow> = (0..9).map(|_| line(false)).collect();
        flow.push(space(5.0));
        flow.push(line(true)); // heading
        flow.extend(paragraph(3));
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![9, 4]);
        assert_eq!(pages[1][0].top, 0.0, "the space before the heading is dropped at the top");
    }

    #[test]
    fn spaces_vanish_at_page_tops() {
        let flow = vec![line(false), space(95.0), line(false), space(20.0), line(false)];
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![1, 2]);
        assert_eq!(pages[1][0].top, 0.0);
        assert_eq!(pages[1][1].top, 30.0);
    }

    #[test]
    fn breaks_earlier_to_avoid_a_deep_hole_later() {
        // Page height 10 lines. Paragraphs of 6, 4 and 4 lines (no breaks inside but after
        // the second line and before the last two), then a 5-line unbreakable block.
        // Page by page: 6 + 4 = 10 fill page 1; then 4 + (5 does not fit) leaves a hole of
        // 6 lines on page 2. Total fit moves two lines of the second paragraph instead.
        let mut flow = Vec::new();
        flow.extend(paragraph(6));
        flow.extend(paragraph(4));
        flow.extend(paragraph(4));
        flow.extend((0..5).map(|i| line(i < 4)));
        flow.extend(paragraph(6));
        let pages = paginate_h(&flow, 100.0);
        let counts = lines_per_page(&pages);
        for (i, c) in counts.iter().enumerate().take(counts.len() - 1) {
            assert!(*c >= 8, "page {} holds {c} lines: {counts:?}", i + 1);
        }
    }

    #[test]
    fn latin_spaces_stretch_to_fill_a_page() {
        let give = |h: f32| Flow::Space(Space { height: h, stretch: h / 2.0, shrink: h / 5.0 });
        // four 2-line blocks with 6 pt between them on a 95 pt page: 8 lines and 18 pt of
        // space make 98 pt, so the fourth block goes over; page 1 holds three blocks
        // (78 pt) and its three... two spaces stretch by half: 12 + 6 = 90 pt; the rest
        // shows as a hole.
        let mut flow = Vec::new();
        for i in 0..6 {
            if i > 0 {
                flow.push(give(6.0));
            }
            flow.push(line(true));
            flow.push(line(false));
        }
        let pages = paginate_h(&flow, 95.0);
        let first = &pages[0];
        let bottom = first.last().map(|p| p.top + p.line.height).unwrap();
        assert!(bottom > 90.0 - EPSILON, "the spaces stretched: the page ends at {bottom}");
    }

    #[test]
    fn a_continued_heading_opens_the_next_page() {
        let head = Arc::new(Continued { lines: vec![FlowLine { height: 10.0, ..FlowLine::default() }], space_after: 0.0 });
        let item = |keep: bool| {
            Flow::Line(FlowLine { height: 10.0, keep_with_next: keep, continued: Some(head.clone()), ..FlowLine::default() })
        };
        let mut flow = vec![line(true)];
        flow.extend((0..15).map(|i| item(i == 0 || i == 13)));
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(pages.len(), 2);
        assert!(pages[1][0].line.continued.is_none(), "the repeated heading stands first");
        assert_eq!(pages[1].len(), pages[1].iter().filter(|p| p.line.continued.is_some()).count() + 1);
        assert_eq!(pages[0].len() + pages[1].len(), 17);
    }

    #[test]
    fn columns_balance_and_flow_across_pages() {
        let items: Vec<Flow> = (0..6).map(|_| line(false)).collect();
        let flow = vec![Flow::Columns(Columns { count: 2, gap: 10.0, width: 50.0, items })];
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(pages.len(), 1);
        let right: Vec<f32> = pages[0].iter().filter(|p| p.x > 0.0).map(|p| p.top).collect();
        assert_eq!(right, vec![0.0, 10.0, 20.0], "three lines in each column");

        let items: Vec<Flow> = (0..25).map(|_| line(false)).collect();
        let flow = vec![Flow::Columns(Columns { count: 2, gap: 10.0, width: 50.0, items })];
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![20, 5]);
    }

    #[test]
    fn the_last_page_of_a_section_never_holds_a_lone_block() {
        // rows of 30 pt on a 100 pt page, the last row one block: 3 + 3 + 1 would leave it
        // alone on page 3; the breaker moves a row over.
        let row = |blocks: u8| Flow::Line(FlowLine { height: 30.0, blocks, ..FlowLine::default() });
        let flow = vec![Flow::PageBreak(None), row(2), row(2), row(2), row(2), row(2), row(2), row(1)];
        let pages = paginate_h(&flow, 100.0);
        let last: u8 = pages.last().unwrap().iter().map(|p| p.line.blocks).sum();
        assert!(last >= 2, "{:?}", pages.iter().map(|p| p.len()).collect::<Vec<_>>());
    }

    #[test]
    fn a_page_runs_a_line_long_to_spare_a_page_not_to_fill_a_hole() {
        let give = |h: f32| Flow::Space(Space { height: h, stretch: h / 2.0, shrink: h / 5.0 });
        let paragraphs = |sizes: &[usize]| {
            let mut flow = Vec::new();
            for (i, &n) in sizes.iter().enumerate() {
                if i > 0 {
                    flow.push(give(6.0));
                }
                flow.extend(paragraph(n));
            }
            flow
        };
        let gaps = |page: &[Placed]| page.windows(2).map(|w| w[1].top - w[0].top - w[0].line.height).filter(|g| *g > EPSILON).collect::<Vec<_>>();
        // eight lines and five spaces of 6 pt make 110 pt on a 100 pt page: the spaces give
        // 6 pt at a fifth, 10 pt (a line) at two fifths; the last two lines would stand on
        // a page of their own, so the page runs a line long
        let pages = paginate_h(&paragraphs(&[1, 1, 1, 1, 2, 2]), 100.0);
        assert_eq!(lines_per_page(&pages), vec![8]);
        let last = pages[0].last().unwrap();
        assert!(last.top + last.line.height <= 100.0 + EPSILON, "the lines stay in the text block");
        assert!(gaps(&pages[0]).iter().all(|g| *g >= 6.0 * 0.6 - EPSILON), "{:?}", gaps(&pages[0]));
        // when the next page takes the lines anyway, the page ends short (a hole of 2.6
        // lines) and its spaces keep their height
        let mut flow = paragraphs(&[1, 1, 1, 1, 1, 3]);
        flow.push(give(6.0));
        flow.extend(paragraph(4));
        let pages = paginate_h(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![5, 7]);
        assert!(gaps(&pages[0]).iter().all(|g| *g >= 6.0 - EPSILON), "{:?}", gaps(&pages[0]));
    }

    #[test]
    fn a_group_whose_last_row_holds_one_block_shares_its_rows_out_across_a_break() {
        // a group of 7 blocks, two to a row: 2 2 2 1. Three rows of 30 pt fit a page, and
        // the third row's break would leave the seventh block alone on the next page (under
        // the continued heading): the last two rows go 1 | 2 instead.
        let head = Arc::new(Continued { lines: vec![FlowLine { height: 10.0, ..FlowLine::default() }], space_after: 0.0 });
        let row = |blocks: u8| FlowLine { height: 30.0, blocks, continued: Some(head.clone()), ..FlowLine::default() };
        let mut third = row(2);
        third.split = Some(Arc::new([row(1), row(2)]));
        let flow = vec![
            Flow::PageBreak(None),
            Flow::Line(FlowLine { height: 10.0, keep_with_next: true, ..FlowLine::default() }),
            Flow::Line(row(2)),
            Flow::Line(row(2)),
            Flow::Line(third),
            Flow::Line(row(1)),
        ];
        let pages = paginate_h(&flow, 100.0);
        let blocks: Vec<Vec<u8>> =
            pages.iter().map(|p| p.iter().filter(|l| l.line.blocks > 0).map(|l| l.line.blocks).collect()).collect();
        assert_eq!(blocks, vec![vec![2, 2, 1], vec![2]], "the page after opens with two blocks");
        assert!(pages[1][0].line.blocks == 0, "under the continued heading");
        // when the rows stand on one page they are set as they come
        let pages = paginate_h(&flow, 200.0);
        let blocks: Vec<u8> = pages[0].iter().map(|l| l.line.blocks).filter(|&b| b > 0).collect();
        assert_eq!(blocks, vec![2, 2, 2, 1]);
    }

    #[test]
    fn a_running_head_takes_its_room_on_every_page_but_the_first() {
        let head = PageHead { lines: vec![FlowLine { height: 10.0, ..FlowLine::default() }], height: 20.0 };
        let flow: Vec<Flow> = (0..25).map(|_| line(false)).collect();
        let pages = paginate(&flow, &Settings { height: 100.0, line: 10.0, running_head: Some(&head), grid: false });
        assert_eq!(lines_per_page(&pages), vec![10, 9, 8], "8 lines of text and the head, then the last 7");
        assert_eq!(pages[1][1].top, 20.0);
    }
}
