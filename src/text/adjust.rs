//! Line adjustment as data: the kinds of adjustable space, what each may give or take,
//! and the order in which a line spends them.
//!
//! The breaker only needs a line's totals (it judges a line by how much of its stretch
//! or shrink it uses); the order decides who pays. In Latin text every word space and
//! the font expansion of the glyphs pay together, at one ratio, as in pdfTeX. In Japanese
//! text JLREQ §3.8 (after JIS X 4051) fixes an order of priority:
//!
//! - reducing (§3.8.3): Latin word spaces first, then the quarter ems around middle
//!   dots, then the half-em blanks of brackets and commas (、), last the quarter ems
//!   between Japanese and Latin text (down to an eighth). The blank after a full stop
//!   (。) is never reduced in mid-line: it separates sentences.
//! - widening (§3.8.4): Latin word spaces first (to half an em), then the Japanese–Latin
//!   spaces, then the spacing between Japanese characters. Only when all of them are at
//!   their limit does everything widen further, evenly.

/// What an adjustable space is; its kind decides when it gives or takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Space {
    /// A Latin word space. In Latin text the font expansion of the glyphs goes with it.
    Word,
    /// The quarter ems around a middle dot (・：；).
    MiddleDot,
    /// The half-em blank of an opening or closing bracket, or of a comma (、，).
    Bracket,
    /// The quarter em between Japanese and Latin text.
    MixedScript,
    /// Between two Japanese characters: a gap of no width that may only widen.
    InterCharacter,
    /// Space that is never adjusted: the blank after 。 in mid-line, the space after ？！.
    Fixed,
    /// The end of a paragraph, which absorbs any shortfall.
    Fill,
    /// Letter-spacing of Latin glyphs, a few thousandths of an em: only when a paragraph
    /// has no breaking within the limits of its spaces and expansion (InDesign's
    /// "letter spacing" in justification), before spaces go past their limit.
    Letter,
}

/// The order in which a line spends its spaces: groups, each used up before the next.
/// `flex` (font expansion) goes with the group that holds [`Space::Word`].
#[derive(Debug, Clone, Copy)]
pub struct Order {
    pub shrink: &'static [&'static [Space]],
    pub stretch: &'static [&'static [Space]],
}

/// Latin text: word spaces and font expansion together, then letter-spacing.
pub const LATIN: Order = Order { shrink: &[&[Space::Word], &[Space::Letter]], stretch: &[&[Space::Word], &[Space::Letter]] };

/// Japanese text, JLREQ §3.8.3 and §3.8.4.
pub const JAPANESE: Order = Order {
    shrink: &[&[Space::Word], &[Space::MiddleDot], &[Space::Bracket], &[Space::MixedScript]],
    stretch: &[&[Space::Word], &[Space::MixedScript], &[Space::InterCharacter]],
};

/// The spaces that keep widening, evenly, once every group is at its limit.
const LAST_RESORT: &[Space] = &[Space::Word, Space::MixedScript, Space::InterCharacter];

/// How a line is adjusted: for each kind of space, the fraction of its stretch
/// (positive) or shrink (negative) it takes, and the same for font expansion.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Adjustment {
    ratios: [f32; 8],
    pub flex: f32,
}

impl Adjustment {
    pub fn ratio(&self, space: Space) -> f32 {
        self.ratios[space as usize]
    }

    /// The width of a space of this kind.
    pub fn width(&self, space: Space, width: f32, stretch: f32, shrink: f32) -> f32 {
        let r = self.ratio(space);
        if r >= 0.0 { width + r * stretch } else { width + r * shrink }
    }
}

/// A line's adjustable material: totals of stretch and shrink per kind of space, and of
/// font expansion.
#[derive(Debug, Clone, Copy, Default)]
pub struct Capacity {
    stretch: [f32; 8],
    shrink: [f32; 8],
    flex: f32,
}

impl Capacity {
    pub fn add_glue(&mut self, space: Space, stretch: f32, shrink: f32) {
        self.stretch[space as usize] += stretch;
        self.shrink[space as usize] += shrink;
    }

    pub fn add_flex(&mut self, flex: f32) {
        self.flex += flex;
    }

    /// Letter-spacing a box may take or give.
    pub fn add_track(&mut self, track: f32) {
        self.add_glue(Space::Letter, track, track);
    }

    /// Spend `delta` (positive: the line must widen by that much; negative: narrow) in
    /// `order`. Beyond every limit a line widens on the last-resort spaces; it never
    /// narrows beyond its shrink (the breaker does not choose such a line).
    pub fn spend(&self, delta: f32, order: &Order) -> Adjustment {
        let mut adj = Adjustment::default();
        if delta.abs() < 1e-4 {
            return adj;
        }
        let widen = delta > 0.0;
        let (groups, caps) = if widen { (order.stretch, &self.stretch) } else { (order.shrink, &self.shrink) };
        let mut left = delta.abs();
        for group in groups {
            if left <= 0.0 {
                break;
            }
            let with_flex = group.contains(&Space::Word);
            let cap: f32 = group.iter().map(|&s| caps[s as usize]).sum::<f32>() + if with_flex { self.flex } else { 0.0 };
            if cap <= 0.0 {
                continue;
            }
            let take = left.min(cap);
            let r = take / cap * if widen { 1.0 } else { -1.0 };
            for &s in group.iter() {
                adj.ratios[s as usize] = r;
            }
            if with_flex {
                adj.flex = r;
            }
            left -= take;
        }
        if widen && left > 1e-4 {
            // Everything is at its limit: the spaces widen further, evenly.
            let cap: f32 = LAST_RESORT.iter().map(|&s| caps[s as usize]).sum();
            if cap > 0.0 {
                for &s in LAST_RESORT {
                    if caps[s as usize] > 0.0 {
                        adj.ratios[s as usize] += left / cap;
                    }
                }
            }
        }
        adj
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_spaces_and_expansion_share_one_ratio() {
        let mut cap = Capacity::default();
        cap.add_glue(Space::Word, 3.0, 1.0);
        cap.add_flex(1.0);
        let adj = cap.spend(2.0, &LATIN);
        assert_eq!((adj.ratio(Space::Word), adj.flex), (0.5, 0.5));
        let adj = cap.spend(-1.0, &LATIN);
        assert_eq!((adj.ratio(Space::Word), adj.flex), (-0.5, -0.5));
        // beyond the limit letter-spacing, then the spaces take the rest; the glyphs stay
        // at their limit
        cap.add_track(0.5);
        let adj = cap.spend(4.25, &LATIN);
        assert_eq!((adj.ratio(Space::Word), adj.flex), (1.0, 1.0));
        assert_eq!(adj.ratio(Space::Letter), 0.5);
        let adj = cap.spend(7.5, &LATIN);
        assert_eq!((adj.flex, adj.ratio(Space::Letter)), (1.0, 1.0));
        assert!((adj.ratio(Space::Word) - 2.0).abs() < 1e-6, "{adj:?}");
    }

    #[test]
    fn japanese_spaces_are_reduced_in_jlreq_order() {
        let mut cap = Capacity::default();
        cap.add_glue(Space::Word, 0.0, 0.1);
        cap.add_glue(Space::MiddleDot, 0.0, 0.5);
        cap.add_glue(Space::Bracket, 0.0, 1.0);
        cap.add_glue(Space::MixedScript, 0.125, 0.125);
        cap.add_glue(Space::Fixed, 0.0, 0.0);
        // 0.35 em: the word space fully, then half of the middle dot's quarters
        let adj = cap.spend(-0.35, &JAPANESE);
        assert_eq!(adj.ratio(Space::Word), -1.0);
        assert!((adj.ratio(Space::MiddleDot) + 0.5).abs() < 1e-6);
        assert_eq!(adj.ratio(Space::Bracket), 0.0);
        assert_eq!(adj.ratio(Space::MixedScript), 0.0);
        // 1.1 em: brackets too
        let adj = cap.spend(-1.1, &JAPANESE);
        assert_eq!(adj.ratio(Space::MiddleDot), -1.0);
        assert!((adj.ratio(Space::Bracket) + 0.5).abs() < 1e-6);
    }

    #[test]
    fn japanese_lines_widen_spaces_before_letter_spacing() {
        let mut cap = Capacity::default();
        cap.add_glue(Space::MixedScript, 0.125, 0.125);
        cap.add_glue(Space::InterCharacter, 2.0, 0.0);
        let adj = cap.spend(0.1, &JAPANESE);
        assert!((adj.ratio(Space::MixedScript) - 0.8).abs() < 1e-6);
        assert_eq!(adj.ratio(Space::InterCharacter), 0.0);
        let adj = cap.spend(1.125, &JAPANESE);
        assert_eq!(adj.ratio(Space::MixedScript), 1.0);
        assert!((adj.ratio(Space::InterCharacter) - 0.5).abs() < 1e-6);
    }
}
