//! Page breaking: a flow of lines and spaces, with keep rules, cut into pages.
//!
//! A break is legal after a line unless the line keeps with the next one (a heading, the
//! first line of a paragraph, the second-last line, a clause label). The builder fills a
//! page and, when a line does not fit, goes back to the last legal break on the page. A
//! page with no legal break at all is cut where it is full (nothing can be done better).
//! Multi-column blocks fill the rest of the page column by column and balance their last
//! page.

use super::flow::{Columns, Flow, FlowLine};

/// A line placed on a page: its top edge and left offset within the text block.
#[derive(Debug, Clone)]
pub struct Placed {
    pub x: f32,
    pub top: f32,
    pub line: FlowLine,
}

const EPSILON: f32 = 0.01;

/// Cut `flow` into pages whose text block is `height` points tall.
pub fn paginate(flow: &[Flow], height: f32) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = Vec::new();
    let mut page: Vec<Placed> = Vec::new();
    let mut y = 0.0;
    // The last legal break on this page: (index in flow to resume from, lines to keep).
    let mut legal: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < flow.len() {
        match &flow[i] {
            Flow::Space(h) => {
                if !page.is_empty() {
                    y += h;
                }
                i += 1;
            }
            Flow::PageBreak => {
                if !page.is_empty() {
                    pages.push(std::mem::take(&mut page));
                    y = 0.0;
                }
                legal = None;
                i += 1;
            }
            Flow::Line(line) => {
                if !page.is_empty() && y + line.height > height + EPSILON {
                    if let Some((resume, keep)) = legal.take() {
                        page.truncate(keep);
                        i = resume;
                    }
                    pages.push(std::mem::take(&mut page));
                    y = 0.0;
                    continue;
                }
                page.push(Placed { x: 0.0, top: y, line: line.clone() });
                y += line.height;
                if !line.keep_with_next {
                    legal = Some((i + 1, page.len()));
                }
                i += 1;
            }
            Flow::Columns(columns) => {
                let items = &columns.items;
                // Does the block's first unbreakable chunk fit on this page?
                let first = first_chunk_end(items, 0);
                if !page.is_empty() && y + height_of(items, 0, first) > height + EPSILON {
                    if let Some((resume, keep)) = legal.take() {
                        page.truncate(keep);
                        i = resume;
                    }
                    pages.push(std::mem::take(&mut page));
                    y = 0.0;
                    continue;
                }
                let mut k = 0;
                while k < items.len() {
                    let available = height - y;
                    if let Some(h) = balanced_height(items, k, columns.count, available) {
                        place_columns(columns, &mut k, h, y, &mut page);
                        y += h;
                        break;
                    }
                    if !page.is_empty() && y + height_of(items, k, first_chunk_end(items, k)) > height + EPSILON {
                        pages.push(std::mem::take(&mut page));
                        y = 0.0;
                        continue;
                    }
                    place_columns(columns, &mut k, available, y, &mut page);
                    if k < items.len() {
                        pages.push(std::mem::take(&mut page));
                        y = 0.0;
                    }
                }
                legal = Some((i + 1, page.len()));
                i += 1;
            }
        }
    }
    if !page.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    pages
}

/// Fill the columns of one page, each up to `height`, starting at item `k`.
fn place_columns(columns: &Columns, k: &mut usize, height: f32, top: f32, page: &mut Vec<Placed>) {
    for c in 0..columns.count {
        if *k >= columns.items.len() {
            break;
        }
        let end = fit(&columns.items, *k, height);
        let x = c as f32 * (columns.width + columns.gap);
        let mut y = 0.0;
        let mut placed_any = false;
        for item in &columns.items[*k..end] {
            match item {
                Flow::Space(h) if placed_any => y += h,
                Flow::Line(line) => {
                    page.push(Placed { x, top: top + y, line: line.clone() });
                    y += line.height;
                    placed_any = true;
                }
                _ => {}
            }
        }
        *k = end;
    }
}

/// The end of the longest prefix of `items[start..]` that fits in `height` and ends at a
/// legal break (or the end). If no legal break fits, as many lines as fit (at least one).
fn fit(items: &[Flow], start: usize, height: f32) -> usize {
    let mut y = 0.0;
    let mut placed_any = false;
    let mut last_legal = None;
    let mut i = start;
    while i < items.len() {
        match &items[i] {
            Flow::Space(h) => {
                if placed_any {
                    y += h;
                }
            }
            Flow::Line(line) => {
                if placed_any && y + line.height > height + EPSILON {
                    break;
                }
                y += line.height;
                placed_any = true;
                if !line.keep_with_next {
                    last_legal = Some(i + 1);
                }
            }
            Flow::Columns(_) | Flow::PageBreak => {}
        }
        i += 1;
    }
    if i >= items.len() {
        return items.len();
    }
    last_legal.unwrap_or(i)
}

/// The end of the first piece that may not be split (up to the first legal break).
fn first_chunk_end(items: &[Flow], start: usize) -> usize {
    for (i, item) in items.iter().enumerate().skip(start) {
        if let Flow::Line(line) = item
            && !line.keep_with_next
        {
            return i + 1;
        }
    }
    items.len()
}

/// Height of `items[start..end]`, without spaces at its top.
fn height_of(items: &[Flow], start: usize, end: usize) -> f32 {
    let mut y = 0.0;
    let mut placed_any = false;
    for item in &items[start..end] {
        match item {
            Flow::Space(h) if placed_any => y += h,
            Flow::Line(line) => {
                y += line.height;
                placed_any = true;
            }
            _ => {}
        }
    }
    y
}

/// The smallest column height, at most `available`, at which `items[start..]` fits in
/// `count` columns; `None` if it does not fit on this page.
fn balanced_height(items: &[Flow], start: usize, count: usize, available: f32) -> Option<f32> {
    let fits = |h: f32| columns_within(items, start, count, h);
    if !fits(available) {
        return None;
    }
    let (mut low, mut high) = (0.0f32, available);
    for _ in 0..30 {
        let mid = (low + high) / 2.0;
        if fits(mid) { high = mid } else { low = mid }
        if high - low < 0.25 {
            break;
        }
    }
    Some(high)
}

/// Whether filling `count` columns of height `h` from `start` keeps every column within `h`.
fn columns_within(items: &[Flow], start: usize, count: usize, h: f32) -> bool {
    let mut k = start;
    for _ in 0..count {
        if k >= items.len() {
            return true;
        }
        let end = fit(items, k, h);
        if height_of(items, k, end) > h + EPSILON {
            return false;
        }
        k = end;
    }
    k >= items.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool) -> Flow {
        Flow::Line(FlowLine { height: 10.0, keep_with_next: keep, ..FlowLine::default() })
    }

    /// A paragraph of `n` lines with widow and orphan control.
    fn paragraph(n: usize) -> Vec<Flow> {
        (0..n).map(|i| line(n > 1 && (i == 0 || i + 2 == n))).collect()
    }

    fn lines_per_page(pages: &[Vec<Placed>]) -> Vec<usize> {
        pages.iter().map(|p| p.len()).collect()
    }

    #[test]
    fn fills_pages() {
        let flow: Vec<Flow> = (0..25).map(|_| line(false)).collect();
        assert_eq!(lines_per_page(&paginate(&flow, 100.0)), vec![10, 10, 5]);
    }

    #[test]
    fn no_orphan_at_a_page_foot() {
        // 9 single lines, then a 4-line paragraph: its first line alone would end page 1.
        let mut flow: Vec<Flow> = (0..9).map(|_| line(false)).collect();
        flow.extend(paragraph(4));
        assert_eq!(lines_per_page(&paginate(&flow, 100.0)), vec![9, 4]);
    }

    #[test]
    fn no_widow_at_a_page_head() {
        // 7 lines, then a 4-line paragraph: 3 + 1 would leave a widow; 2 + 2 is right.
        let mut flow: Vec<Flow> = (0..7).map(|_| line(false)).collect();
        flow.extend(paragraph(4));
        assert_eq!(lines_per_page(&paginate(&flow, 100.0)), vec![9, 2]);
    }

    #[test]
    fn heading_keeps_with_what_follows() {
        let mut flow: Vec<Flow> = (0..9).map(|_| line(false)).collect();
        flow.push(Flow::Space(5.0));
        flow.push(line(true)); // heading
        flow.extend(paragraph(3));
        let pages = paginate(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![9, 4]);
        assert_eq!(pages[1][0].top, 0.0, "the space before the heading is dropped at the top");
    }

    #[test]
    fn spaces_vanish_at_page_tops() {
        let flow = vec![line(false), Flow::Space(95.0), line(false), Flow::Space(20.0), line(false)];
        let pages = paginate(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![1, 2]);
        assert_eq!(pages[1][0].top, 0.0);
        assert_eq!(pages[1][1].top, 30.0);
    }

    #[test]
    fn columns_balance_and_flow_across_pages() {
        let items: Vec<Flow> = (0..6).map(|_| line(false)).collect();
        let flow = vec![Flow::Columns(Columns { count: 2, gap: 10.0, width: 50.0, items })];
        let pages = paginate(&flow, 100.0);
        assert_eq!(pages.len(), 1);
        let right: Vec<f32> = pages[0].iter().filter(|p| p.x > 0.0).map(|p| p.top).collect();
        assert_eq!(right, vec![0.0, 10.0, 20.0], "three lines in each column");

        let items: Vec<Flow> = (0..25).map(|_| line(false)).collect();
        let flow = vec![Flow::Columns(Columns { count: 2, gap: 10.0, width: 50.0, items })];
        let pages = paginate(&flow, 100.0);
        assert_eq!(lines_per_page(&pages), vec![20, 5]);
    }
}
