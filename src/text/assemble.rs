//! Assembling lines: the chosen breaks and the prepared items become lines of glyph runs.
//!
//! Each line spends its shortfall or excess on its spaces in the order of
//! [`super::adjust`], widens or narrows its Latin glyphs by the font expansion that goes
//! with the word spaces, lets its edge glyphs hang into the margins, and places the
//! sesame dots of Japanese emphasis.

use std::ops::Range;
use std::sync::Arc;

use super::adjust::{self, Capacity, Order};
use super::linebreak::{Break, FIL, Item};
use super::paragraph::{Align, ParagraphSpec};
use super::prepare::{Content, Prepared};
use super::{Glyph, GlyphRun, Line, is_default_ignorable, japanese};
use crate::fonts::Face;

/// The sesame dot of Japanese emphasis (圏点, JLREQ §3.3).
const SESAME_DOT: char = '\u{FE45}';
/// The dot of Korean emphasis (드러냄표, KLREQ), for faces without the sesame dot: Hangul
/// faces such as Nanum Myeongjo have the dot above, not the sesame.
const DOT_ABOVE: char = '\u{02D9}';
/// Height of the bottom of a sesame dot's ink above the baseline, in em of the text:
/// clear of the em box (whose top is 0.88 em up), in the space between the lines.
const SESAME_DOT_BOTTOM_EM: f32 = 1.02;
/// Emphasis dots are set at half the size of the text they mark (JLREQ §3.3.2).
const SESAME_DOT_SCALE: f32 = 0.5;
/// The dot above is a small glyph of its own (a diacritic's dot): at the text's size it
/// is as large as a sesame dot at half.
const DOT_ABOVE_SCALE: f32 = 1.0;

/// Turn chosen breaks into lines of glyph runs.
pub(crate) fn assemble(p: &Prepared, breaks: &[Break], spec: &ParagraphSpec, japanese: bool) -> Vec<Line> {
    let size = spec.size;
    let order: &Order = if japanese { &adjust::JAPANESE } else { &adjust::LATIN };
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    let last_break = breaks.len().saturating_sub(1);
    for (line_index, b) in breaks.iter().enumerate() {
        let mut first = start;
        if line_index > 0 {
            while first < b.at && !p.items[first].is_box() {
                first += 1;
            }
        }
        // What the line can give and take, and how far it must go.
        let mut capacity = Capacity::default();
        let mut natural = 0.0;
        for item in &p.items[first..b.at] {
            match *item {
                Item::Box { width, flex, track, .. } => {
                    natural += width;
                    capacity.add_flex(flex);
                    capacity.add_track(track);
                }
                Item::Glue { width, stretch, shrink, space, .. } if stretch < FIL => {
                    natural += width;
                    capacity.add_glue(space, stretch, shrink);
                }
                _ => {}
            }
        }
        let mut start_hang = match p.items.get(first) {
            Some(Item::Box { hang, .. }) => *hang,
            _ => 0.0,
        };
        // room that a break put at the start of this line (an opening bracket's blank)
        if line_index > 0
            && let Item::Penalty { post, .. } = p.items[start - 1]
        {
            start_hang -= post;
        }
        let (end_width, end_hang) = match p.items[b.at] {
            Item::Penalty { width, hang, .. } => (width, hang),
            Item::Glue { hang, .. } => (0.0, hang),
            Item::Box { .. } => (0.0, 0.0),
        };
        natural += end_width;
        // Justified lines fill the measure (and the room their edge glyphs may hang
        // into); the last line and ragged lines keep natural spacing unless they must
        // shrink to fit.
        let delta = spec.measure + start_hang + end_hang - natural;
        let justify = spec.align == Align::Justify && line_index < last_break;
        let adjustment = if justify || delta < 0.0 { capacity.spend(delta, order) } else { Default::default() };
        let expansion = 1.0 + adjustment.flex * p.expansion();
        // last-resort letter-spacing, as a share of each box's own (see `Prepared`)
        let tracking = adjustment.ratio(adjust::Space::Letter);

        let mut builder = LineBuilder::new(&p.text, expansion);
        builder.x = -start_hang;
        for i in first..b.at {
            match (&p.items[i], &p.contents[i]) {
                (Item::Box { width, .. }, Content::Nothing) => builder.skip(*width),
                (Item::Box { track, .. }, Content::Glyphs { run, glyphs, trim_left, trim_right }) => {
                    let run = &p.runs[*run];
                    builder.emphasis = run.emphasis;
                    let gaps = glyphs.len().saturating_sub(1).max(1) as f32;
                    let spacing = if *track > 0.0 { tracking * track / gaps / (size * run.scale * expansion) } else { 0.0 };
                    let last = glyphs.end - 1;
                    for (i, g) in run.shaped.glyphs[glyphs.clone()].iter().enumerate() {
                        let range = run.offset + g.range.start..run.offset + g.range.end;
                        // trims are in em of the paragraph size; the run may be scaled
                        let (mut advance, mut x_offset) = (g.advance, g.x_offset);
                        if i == 0 {
                            advance -= trim_left / run.scale;
                            x_offset -= trim_left / run.scale;
                        }
                        if glyphs.start + i == last {
                            advance -= trim_right / run.scale;
                        }
                        if glyphs.start + i != last {
                            advance += spacing;
                        }
                        if run.emphasis {
                            builder.mark_emphasis(&run.face, size * run.scale, range.clone(), x_offset, g.advance);
                        }
                        builder.push(&run.face, size * run.scale, g.id, advance, x_offset, g.y_offset, range);
                    }
                }
                (Item::Glue { width, stretch, shrink, space, .. }, content) if *stretch < FIL => {
                    let w = adjustment.width(*space, *width, *stretch, *shrink);
                    match content {
                        Content::Space { face, glyph, text, scale } => {
                            builder.emphasis = false;
                            builder.push(face, size * scale, *glyph, w / (size * scale * expansion), 0.0, 0.0, text.clone())
                        }
                        _ => builder.gap(w),
                    }
                }
                _ => {}
            }
        }
        let hyphenated = matches!(p.contents[b.at], Content::Hyphen { .. });
        if let Content::LineEndBlank(blank) = p.contents[b.at]
            && blank > 0.0
        {
            builder.gap(blank * size);
        }
        if let Content::Hyphen { face, glyph, advance, scale } = &p.contents[b.at] {
            builder.push_extra(face, size * scale, *glyph, *advance, "-");
        }
        // The space a line breaks at stays in the text, with no width, so that words on
        // either side of a line end stay apart for a screen reader or a copy (PDF/A-2a).
        if let Content::Space { face, glyph, text, scale } = &p.contents[b.at] {
            builder.push(face, size * scale, *glyph, 0.0, 0.0, 0.0, text.clone());
        }
        let mut line = builder.finish();
        line.hyphenated = hyphenated;
        let offset = match spec.align {
            Align::Center => ((spec.measure - line.width) / 2.0).max(0.0),
            Align::Right => (spec.measure - line.width).max(0.0),
            Align::Justify | Align::Left | Align::Ragged => 0.0,
        };
        if offset > 0.0 {
            for run in line.runs.iter_mut().chain(line.marks.iter_mut()) {
                run.x += offset;
            }
        }
        lines.push(line);
        start = b.at + 1;
    }
    lines
}

/// Collects glyphs into runs of one face, with the text each run stands for.
struct LineBuilder<'t> {
    text: &'t str,
    runs: Vec<GlyphRun>,
    x: f32,
    /// Horizontal scale of the line's glyphs (font expansion).
    expansion: f32,
    /// The paragraph range of the last glyph's cluster and its range in the run text.
    last_cluster: Option<(Range<usize>, Range<usize>)>,
    force_new_run: bool,
    /// Sesame dots: (face, size, centre of the character it marks).
    dots: Vec<(Arc<Face>, f32, f32)>,
    /// The glyphs pushed now are emphasised (they go in runs of their own).
    emphasis: bool,
}

impl<'t> LineBuilder<'t> {
    fn new(text: &'t str, expansion: f32) -> Self {
        LineBuilder { text, runs: Vec::new(), x: 0.0, expansion, last_cluster: None, force_new_run: false, dots: Vec::new(), emphasis: false }
    }

    fn run_for(&mut self, face: &Arc<Face>, size: f32) -> &mut GlyphRun {
        let same = self.runs.last().is_some_and(|r| Arc::ptr_eq(&r.face, face) && r.size == size && r.emphasis == self.emphasis);
        if !same || std::mem::take(&mut self.force_new_run) {
            self.runs.push(GlyphRun {
                face: face.clone(),
                size,
                x: self.x,
                glyphs: Vec::new(),
                text: String::new(),
                expansion: self.expansion,
                emphasis: self.emphasis,
            });
            self.last_cluster = None;
        }
        self.runs.last_mut().expect("just ensured")
    }

    /// Space between glyphs (glue that draws nothing): it widens the glyph before it.
    fn gap(&mut self, width: f32) {
        let expansion = self.expansion;
        match self.runs.last_mut().and_then(|r| {
            let size = r.size;
            r.glyphs.last_mut().map(|g| (g, size))
        }) {
            Some((glyph, size)) if !self.force_new_run => glyph.advance += width / (size * expansion),
            _ => self.force_new_run = true,
        }
        self.x += width;
    }

    /// Leave a gap (an indent); what follows starts a run of its own at its own x.
    fn skip(&mut self, width: f32) {
        self.x += width;
        self.force_new_run = true;
    }

    #[allow(clippy::too_many_arguments)]
    fn push(&mut self, face: &Arc<Face>, size: f32, id: u16, advance: f32, x_offset: f32, y_offset: f32, range: Range<usize>) {
        let text = self.text;
        let last_cluster = self.last_cluster.clone();
        let expansion = self.expansion;
        let run = self.run_for(face, size);
        let local = match last_cluster {
            Some((para, local)) if para == range => local,
            _ => {
                // Invisible characters (soft hyphens, joiners, variation selectors) are
                // left out of a glyph's text: krilla maps a glyph to one text for the
                // whole file, and "m" + soft hyphen would make every other "m" copy as
                // that or vanish in readers that use only the map.
                let start = run.text.len();
                run.text.extend(text[range.clone()].chars().filter(|&c| !is_default_ignorable(c)));
                start..run.text.len()
            }
        };
        run.glyphs.push(Glyph { id, advance, x_offset, y_offset, text: local.clone() });
        self.last_cluster = Some((range, local));
        self.x += advance * size * expansion;
    }

    /// A glyph that is not in the source text (the hyphen at a hyphenated line end).
    fn push_extra(&mut self, face: &Arc<Face>, size: f32, id: u16, advance: f32, text: &str) {
        let expansion = self.expansion;
        let run = self.run_for(face, size);
        let start = run.text.len();
        run.text.push_str(text);
        let local = start..run.text.len();
        run.glyphs.push(Glyph { id, advance, x_offset: 0.0, y_offset: 0.0, text: local });
        self.last_cluster = None;
        self.x += advance * size * expansion;
    }

    /// The next glyph (of `advance` em, drawn `x_offset` em from the pen) stands for the
    /// text at `range`, emphasised: a dot goes above it if it is a Japanese character or
    /// a Hangul syllable (not a mark: JLREQ and KLREQ put none on punctuation).
    fn mark_emphasis(&mut self, face: &Arc<Face>, size: f32, range: Range<usize>, x_offset: f32, advance: f32) {
        let c = self.text[range].chars().next().unwrap_or(' ');
        let hangul = crate::unicode::is_hangul(c) && c.is_alphabetic();
        if hangul || japanese::class(c) == japanese::Class::Ideographic && c != '\u{3000}' {
            let centre = self.x + (x_offset + advance / 2.0) * size;
            self.dots.push((face.clone(), size, centre));
        }
    }

    fn finish(self) -> Line {
        let runs: Vec<GlyphRun> = self.runs.into_iter().filter(|r| !r.glyphs.is_empty()).collect();
        let marks = sesame_dots(&self.dots);
        Line { runs, width: self.x, hyphenated: false, marks }
    }
}

/// Runs of sesame dots centred over the characters at the given centres, on the line's
/// baseline, raised above the em box with each glyph's vertical offset.
fn sesame_dots(dots: &[(Arc<Face>, f32, f32)]) -> Vec<GlyphRun> {
    let mut runs: Vec<GlyphRun> = Vec::new();
    for (face, text_size, centre) in dots {
        let f = face.shaper();
        let Some((mark, id)) = [SESAME_DOT, DOT_ABOVE].into_iter().find_map(|c| Some((c, f.glyph_index(c)?))) else { continue };
        let upem = face.units_per_em();
        let Some(ink) = f.glyph_bounding_box(id) else { continue };
        let size = &(text_size * if mark == DOT_ABOVE { DOT_ABOVE_SCALE } else { SESAME_DOT_SCALE });
        let ink_centre = (ink.x_min as f32 + ink.x_max as f32) / 2.0 / upem;
        let y_offset = SESAME_DOT_BOTTOM_EM * text_size / size - ink.y_min as f32 / upem;
        let origin = centre - ink_centre * size;
        let continues = runs.last().is_some_and(|r| Arc::ptr_eq(&r.face, face) && r.size == *size);
        if !continues {
            runs.push(GlyphRun { face: face.clone(), size: *size, x: origin, glyphs: Vec::new(), text: String::new(), expansion: 1.0, emphasis: false });
        }
        let run = runs.last_mut().expect("just ensured");
        // the previous dot's advance reaches this one
        let pen = run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>() * run.size;
        if let Some(previous) = run.glyphs.last_mut() {
            previous.advance += (origin - pen) / run.size;
        }
        let start = run.text.len();
        run.text.push(mark);
        run.glyphs.push(Glyph { id: id.0, advance: 0.0, x_offset: 0.0, y_offset, text: start..run.text.len() });
    }
    runs
}
