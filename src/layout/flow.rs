//! The vertical flow: what the composer produces and the page builder consumes.

use std::sync::Arc;

use super::Role;
use crate::text::GlyphRun;

/// A glyph run and the part of the document it belongs to.
#[derive(Debug, Clone)]
pub struct TaggedRun {
    pub run: GlyphRun,
    pub role: Role,
}

/// One line box in the flow: a line of text (or a rule), its height and keep rule.
#[derive(Debug, Clone, Default)]
pub struct FlowLine {
    /// Height of the line box (the line pitch).
    pub height: f32,
    /// Distance from the top of the box to the baseline.
    pub baseline: f32,
    /// Glyph runs, `x` measured from the left edge of the text block (or column).
    pub runs: Vec<TaggedRun>,
    /// A horizontal rule drawn on this line: (x, width, thickness), centred in the box.
    pub rule: Option<(f32, f32, f32)>,
    /// The page may not break after this line.
    pub keep_with_next: bool,
    /// The page should not break after this line, but may when keeping it would leave a
    /// line of the page empty (widows and orphans on the Japanese grid).
    pub avoid_break_after: bool,
    /// The group this line belongs to: when a page or column opens with it, the group's
    /// heading is repeated above it, marked as continued.
    pub continued: Option<Arc<Continued>>,
    /// Signature blocks drawn in this line box (a row of the signature page).
    pub blocks: u8,
    /// How this line and the next are set instead when the page breaks between them: a
    /// group's last two rows of signature blocks, the last holding a single block, share
    /// their blocks out so that the page after does not open with a lone block. Each is as
    /// tall as the line it stands for.
    pub split: Option<Arc<[FlowLine; 2]>>,
    /// Outline anchor that points at this line.
    pub anchor: Option<usize>,
    /// This line opens a block that a parallel edition sets level with its counterpart in
    /// the other language (see [`super::parallel`]).
    pub opens: Option<Opens>,
    /// Other things in the box (a signature block), placed from its top-left corner.
    pub extra: Vec<BlockItem>,
}

/// What a line opens, for a parallel edition: the blocks of the two languages are paired
/// in order, and a pair must open the same kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// The title (and subtitle).
    Title,
    /// The place and date under the title (with the short rule below).
    Place,
    /// The summary or the addressee.
    Front,
    /// A section heading (signatories, resolution).
    Heading,
    /// The approval sentence before the signatories.
    Approval,
    /// A country heading with its organisations.
    Group,
    Organization,
    /// A preamble paragraph or the intro.
    Opening,
    /// An item of the list at a level: 1 the clauses, 2 their items, 3 sub-items.
    Item(u8),
    /// A closing paragraph.
    Closing,
}

/// The heading a group repeats at the top of a page or column it continues on: "Japan
/// (continued)". Page furniture, not part of the structure or the outline.
#[derive(Debug, Clone, Default)]
pub struct Continued {
    pub lines: Vec<FlowLine>,
    /// Space between it and the group's next line.
    pub space_after: f32,
}

impl Continued {
    pub fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum::<f32>() + self.space_after
    }
}

/// Lines at the top of a page, above its text: the running head, or the head of a
/// signature page.
#[derive(Debug, Clone, Default)]
pub struct PageHead {
    pub lines: Vec<FlowLine>,
    /// The height it takes from the text block, space below it included.
    pub height: f32,
}

/// Vertical space between blocks. In Latin documents it may give a little, so that pages
/// come out full (see [`super::pages`]); on the Japanese grid it never does.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Space {
    pub height: f32,
    pub stretch: f32,
    pub shrink: f32,
}

/// Something placed inside a line box at its own position (from the box's top-left
/// corner; `x` from the left edge of the text block).
#[derive(Debug, Clone)]
pub enum BlockItem {
    /// A run of text whose baseline is `baseline` below the top of the box.
    Text { baseline: f32, run: TaggedRun },
    Rule { x: f32, y: f32, width: f32, thickness: f32 },
    Image { x: f32, y: f32, width: f32, height: f32, image: std::sync::Arc<crate::images::PreparedImage>, role: Role },
    /// A light tint behind a block (the signatory's own block in their copy).
    Tint { x: f32, y: f32, width: f32, height: f32 },
    /// An empty digital-signature field over a block's signing line; `y` is its top edge.
    SignatureField { x: f32, y: f32, width: f32, height: f32, field: std::sync::Arc<super::SignatureField> },
}

/// Lines in several columns, filled one after the other and balanced on the last page.
#[derive(Debug, Clone)]
pub struct Columns {
    pub count: usize,
    pub gap: f32,
    /// Width of one column.
    pub width: f32,
    pub items: Vec<Flow>,
}

#[derive(Debug, Clone)]
pub enum Flow {
    Line(FlowLine),
    /// Vertical space, dropped at the top of a page or column.
    Space(Space),
    /// What follows starts a new page (unless the page is still empty); its pages carry
    /// this head instead of the running head (the signature pages name the document).
    PageBreak(Option<Arc<PageHead>>),
    Columns(Columns),
}
