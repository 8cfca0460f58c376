//! Japanese composition rules (JIS X 4051, W3C JLREQ): character classes, the spacing
//! between two adjacent characters, and the break opportunities ICU gives that Japanese
//! typesetting does not accept.
//!
//! Punctuation (yakumono) is drawn full-width: half an em of ink and half an em of blank,
//! on the side away from the text it belongs to. Paragraph setting cuts every such glyph
//! down to its ink and turns the blanks into glue between characters, so that a pair of
//! marks shares one half-em blank (JLREQ §3.1.4), a blank at a line start disappears
//! with the break (an opening bracket stands flush, JIS X 4051's default), a mark at a
//! line end keeps its blank (its em box stays inside the measure), and the blanks adjust
//! in the order of JLREQ §3.8 (see [`super::adjust`]).

use super::adjust::Space;

/// How a character takes part in Japanese spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 「『（［｛〈《【〔“‘ — blank on the left.
    Opening,
    /// 」』）］｝〉》】〕”’ — blank on the right.
    Closing,
    /// 、。，． — blank on the right.
    CommaOrPeriod,
    /// ・：； — a quarter-em blank on each side.
    MiddleDot,
    /// ―…‥〳 and the like: marks that come in pairs and must not be split.
    Inseparable,
    /// Kanji, kana, and other full-width characters set on the em square.
    Ideographic,
    /// Latin letters and digits (set in the Latin face).
    LatinAlphanumeric,
    /// Everything else (Latin punctuation, symbols, spaces).
    Other,
}

pub fn class(c: char) -> Class {
    match c {
        '「' | '『' | '（' | '［' | '｛' | '〈' | '《' | '【' | '〔' | '〘' | '〖' | '｟' | '“' | '‘' => Class::Opening,
        '」' | '』' | '）' | '］' | '｝' | '〉' | '》' | '】' | '〕' | '〙' | '〗' | '｠' | '”' | '’' => Class::Closing,
        '、' | '。' | '，' | '．' => Class::CommaOrPeriod,
        '・' | '：' | '；' => Class::MiddleDot,
        '…' | '‥' | '―' | '—' | '〳' | '〴' | '〵' => Class::Inseparable,
        c if is_ideographic(c) => Class::Ideographic,
        c if c.is_alphanumeric() => Class::LatinAlphanumeric,
        _ => Class::Other,
    }
}

/// Kanji, kana, the prolonged sound mark, iteration marks, full-width forms: what sits on
/// the em square.
/// Whether an unbreakable run longer than a line (a hash, a forty-digit number, a row of
/// leaders) may, as a last resort, be cut at byte `at`: between Latin letters or digits,
/// after Latin punctuation before one (`10,000,|000`, `SHA256:|9f86`), or between two
/// pairs of leaders or dashes (……|……), so that no line starts or ends with a mark
/// the kinsoku rules forbid there. The answer is how much worse than a cut after
/// punctuation the cut is (`None`: never): between two digits is worse than after a comma.
pub fn may_cut(text: &str, at: usize) -> Option<f32> {
    let (before, after) = (text[..at].chars().next_back()?, text[at..].chars().next()?);
    match (class(before), class(after)) {
        (Class::LatinAlphanumeric, Class::LatinAlphanumeric) => Some(1.5),
        (Class::Other, Class::LatinAlphanumeric) => {
            (!matches!(before, '(' | '[' | '{' | '<' | '"' | '\'' | '#' | '$' | '¥' | '€' | '£')).then_some(1.0)
        }
        (Class::Inseparable, Class::Inseparable) if before == after => {
            (text[..at].chars().rev().take_while(|&c| c == before).count() % 2 == 0).then_some(1.0)
        }
        _ => None,
    }
}

pub fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3021..=0x3029 | 0x3031..=0x3035 | 0x3038..=0x303C
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF01..=0xFF60 | 0x20000..=0x3FFFF | 0x3000 | 0x3012 | 0x3013 | 0x3020 | 0x3036 | 0x303F
        | 0x3190..=0x319F | 0x3200..=0x33FF)
        && class_of_punctuation(c).is_none()
}

fn class_of_punctuation(c: char) -> Option<Class> {
    match c {
        '（' | '［' | '｛' | '｟' => Some(Class::Opening),
        '）' | '］' | '｝' | '｠' => Some(Class::Closing),
        '，' | '．' => Some(Class::CommaOrPeriod),
        '：' | '；' => Some(Class::MiddleDot),
        _ => None,
    }
}

/// The blank of a full-width mark, in em: (left, right).
pub fn blanks(c: char) -> (f32, f32) {
    match class(c) {
        Class::Opening => (0.5, 0.0),
        Class::Closing | Class::CommaOrPeriod => (0.0, 0.5),
        Class::MiddleDot => (0.25, 0.25),
        _ => (0.0, 0.0),
    }
}

/// Space between two adjacent characters of a Japanese paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// The punctuation blank kept here, in em.
    pub blank: f32,
    /// How the blank adjusts: the quarter ems of a middle dot, the half em of a bracket
    /// or a comma, or fixed (after a full stop, or the space after ？！).
    pub blank_space: Space,
    /// A Japanese–Latin space (a quarter em) besides the blank, in em.
    pub mixed_script_space: f32,
    /// Whether inter-character justification may widen this gap.
    pub stretchable: bool,
}

impl Gap {
    /// The natural width of the gap in em.
    pub fn width(&self) -> f32 {
        self.blank + self.mixed_script_space
    }
}

/// Quarter-em space between Japanese and Latin text (JLREQ §3.6): it may shrink to an
/// eighth and stretch to three eighths (JLREQ allows a half; beyond three eighths a
/// date such as 2018 年 12 月 looks gappy).
pub const MIXED_SCRIPT_SPACE: f32 = 0.25;
pub const MIXED_SCRIPT_SHRINK: f32 = 0.125;
pub const MIXED_SCRIPT_STRETCH: f32 = 0.125;

/// Question and exclamation marks, which a full-width space follows when more text of
/// the sentence's paragraph comes after them (JLREQ §3.1.6).
fn is_question_or_exclamation(c: char) -> bool {
    matches!(c, '？' | '！' | '‼' | '⁇' | '⁈' | '⁉')
}

/// The gap between `left` and `right` when both blanks are cut from the glyphs
/// (`left_full`/`right_full`: the mark is drawn full-width and so has its blank).
/// `running_text`: the gap is in a paragraph of sentences, where ？！ before more text
/// end a sentence; in a name or a title (「救え！北朝鮮の民衆」) they do not.
pub fn gap(left: char, right: char, left_full: bool, right_full: bool, running_text: bool) -> Gap {
    let (l, r) = (class(left), class(right));
    let ideographic = |c: Class| c == Class::Ideographic;
    let japanese = |c: Class| !matches!(c, Class::LatinAlphanumeric | Class::Other);
    // between Japanese characters, and at a Japanese–Latin boundary; never inside a
    // Latin word, nor inside ……/—— pairs
    let stretchable = (japanese(l) || japanese(r)) && !(l == Class::Inseparable && left == right);
    // ？！ followed by more text: a full-width space, not reduced, which disappears at a
    // line end like a blank (not before closing marks, another ？！ or an opening bracket,
    // which brings its own blank)
    if running_text && left_full && is_question_or_exclamation(left) && !is_question_or_exclamation(right) && matches!(r, Class::Ideographic | Class::LatinAlphanumeric) {
        return Gap { blank: 1.0, blank_space: Space::Fixed, mixed_script_space: 0.0, stretchable: false };
    }
    let mut after_left = if left_full { blanks(left).1 } else { 0.0 };
    let mut before_right = if right_full { blanks(right).0 } else { 0.0 };
    // 」。 、」 ）」: no space before a closing mark, comma or period.
    if matches!(r, Class::Closing | Class::CommaOrPeriod) {
        after_left = 0.0;
    }
    // 「『 （「: no space after an opening mark.
    if l == Class::Opening {
        before_right = 0.0;
    }
    // 」「 、「: two blanks meet and keep one; beside a middle dot only the dot's quarter
    // em stays (」・「 is two ems from 」 to the text after 「, JLREQ §3.1.4).
    let dot = (l == Class::MiddleDot && after_left > 0.0) || (r == Class::MiddleDot && before_right > 0.0);
    let blank = if after_left > 0.0 && before_right > 0.0 {
        if dot { after_left.min(before_right) } else { after_left.max(before_right) }
    } else {
        after_left + before_right
    };
    // the blank after a full stop separates sentences: it is not reduced in mid-line;
    // nor is a middle dot's quarter that a bracket's or a comma's blank has already
    // merged into (」・「 stays two ems: what is left keeps the dot between the marks)
    let blank_space = if dot && after_left > 0.0 && before_right > 0.0 {
        Space::Fixed
    } else if dot {
        Space::MiddleDot
    } else if matches!(left, '。' | '．') && after_left > 0.0 {
        Space::Fixed
    } else {
        Space::Bracket
    };
    // Latin text is its letters and digits with the punctuation and symbols that touch
    // them ("67%", "Inc.", "(UN)", "Alliance”"); a quote set full-width is Japanese.
    let latin = |c: char, class: Class, full: bool| match class {
        Class::LatinAlphanumeric => true,
        Class::Other => (c as u32) < 0x2000 || matches!(c, '\u{2010}'..='\u{2014}' | '\u{2030}' | '\u{20AC}'),
        Class::Opening | Class::Closing => !full,
        _ => false,
    };
    // no space between a number and a full-width unit: 50％, 20℃
    let unit = matches!(right, '％' | '‰' | '℃' | '°' | '′' | '″' | '￥' | '＄');
    let mixed = if (ideographic(l) && latin(right, r, right_full)) || (latin(left, l, left_full) && ideographic(r) && !unit) {
        MIXED_SCRIPT_SPACE
    } else {
        0.0
    };
    // a fixed blank neither shrinks nor widens: 」・「 stays two ems in a widened line too
    let stretchable = stretchable && !(blank > 0.0 && blank_space == Space::Fixed);
    Gap { blank, blank_space, mixed_script_space: mixed, stretchable }
}

/// The byte offset from which on no line may start: the place before the last two
/// characters that are not marks (kanji, kana, Latin letters or digits), so that a
/// paragraph's last line is never one character and its full stop.
pub fn last_line_start(text: &str) -> usize {
    let mut letters = 0;
    for (i, c) in text.char_indices().rev() {
        if matches!(class(c), Class::Ideographic | Class::LatinAlphanumeric) && c != '\u{3000}' {
            letters += 1;
            if letters == 2 {
                return i;
            }
        }
    }
    0
}

/// Remove break opportunities that Japanese typesetting does not accept but ICU offers:
/// inside full-width numbers and words (１２３，４５６, Ｗｉ－Ｆｉ), between a number and the
/// counter after it or the prefix before it (第47条, 8月, 約10,000人), before a hyphen, and
/// inside ……/—— pairs.
pub fn filter_breaks(text: &str, breaks: &mut Vec<usize>) {
    let fullwidth_alnum = |c: char| matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ');
    let fullwidth_joiner = |c: char| matches!(c, '，' | '．' | '－' | '：');
    let digit = |c: char| c.is_ascii_digit() || matches!(c, '０'..='９');
    let counter = |c: char| is_ideographic(c) && c != '\u{3000}';
    let prefix = |c: char| "第約計全各毎満同総".contains(c);
    let hyphen = |c: char| matches!(c, '-' | '‐' | '‑' | '－' | '–' | '゠');
    breaks.retain(|&at| {
        let mut back = text[..at].chars().rev();
        let mut ahead = text[at..].chars();
        let (Some(b), Some(a)) = (back.next(), ahead.next()) else { return true };
        let (b2, a2) = (back.next(), ahead.next());
        let in_fullwidth_unit = fullwidth_alnum(b) && fullwidth_alnum(a)
            || fullwidth_joiner(b) && fullwidth_alnum(a) && b2.is_some_and(fullwidth_alnum)
            || fullwidth_alnum(b) && fullwidth_joiner(a) && a2.is_some_and(fullwidth_alnum);
        !(in_fullwidth_unit
            || digit(b) && counter(a)
            || prefix(b) && digit(a)
            // a number chained to the one before by a counter: 2005年8月1日, 3時15分
            || counter(b) && digit(a) && b2.is_some_and(digit)
            || hyphen(a)
            || class(b) == Class::Inseparable && b == a)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::breaks::line_break_opportunities;

    #[test]
    fn last_resort_cuts_keep_kinsoku() {
        // (text with | at the place asked about, the answer)
        let cases = [
            ("ab|cd", Some(1.5)),
            ("10,|000", Some(1.0)),
            ("10|,000", None),
            ("SHA256:|9f", Some(1.0)),
            ("(|a", None),
            ("……|……", Some(1.0)),
            ("…|…", None),
            ("………|…", None),
            ("——|——", Some(1.0)),
            ("a|。", None),
            ("a|ー", None),
            ("「|a", None),
        ];
        for (marked, expected) in cases {
            let at = marked.find('|').unwrap();
            let text = marked.replace('|', "");
            assert_eq!(may_cut(&text, at), expected, "{marked}");
        }
    }

    /// The text with `|` at every accepted break opportunity.
    fn breaks(text: &str) -> String {
        let mut at = line_break_opportunities(text, false);
        filter_breaks(text, &mut at);
        let mut out = String::new();
        for (i, c) in text.char_indices() {
            if at.contains(&i) {
                out.push('|');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn the_last_line_holds_two_characters() {
        let text = "調査する。";
        assert_eq!(&text[last_line_start(text)..], "する。");
        let text = "現状の調査";
        assert_eq!(&text[last_line_start(text)..], "調査");
        assert_eq!(last_line_start("る。"), 0);
    }

    #[test]
    fn kinsoku_table_of_cases() {
        // (text, expected breaks)
        let cases = [
            // a break between any two ideographs or kana
            ("国際会議", "国|際|会|議"),
            // no line starts with closing brackets, 、。, small kana, ー, 々, ・
            ("議論」。次", "議|論」。|次"),
            ("ちょっと", "ちょっ|と"),
            ("データ", "デー|タ"),
            ("人々", "人々"),
            ("東京・大阪", "東|京・|大|阪"),
            ("ジャ？！次", "ジャ？！|次"),
            // no line ends with an opening bracket
            ("は「不法移民」と", "は|「不|法|移|民」|と"),
            ("（ビルマ）", "（ビ|ル|マ）"),
            // numbers stay whole, with the characters they count
            ("第47条", "第47条"),
            ("2005年8月1日", "2005年8月1日"),
            ("約10,000人の", "約10,000人|の"),
            ("１２３ｋｍ", "１２３ｋｍ"),
            ("１２３，４５６円", "１２３，４５６円"),
            ("Ｗｉ－Ｆｉを", "Ｗｉ－Ｆｉ|を"),
            // a number may start a line after other Japanese text
            ("と2005年", "と|2005年"),
            // no break inside a Latin word, nor inside ……/——
            ("UNの難民", "UN|の|難|民"),
            ("待って……ください", "待っ|て……|く|だ|さ|い"),
            ("前——後", "前|——|後"),
        ];
        for (text, expected) in cases {
            assert_eq!(breaks(text), expected, "{text}");
        }
    }

    #[test]
    fn spacing_table_of_cases() {
        use Space::*;
        // (left, right, blank, its kind, Japanese–Latin space, stretchable)
        let cases = [
            ('国', '際', 0.0, Bracket, 0.0, true),      // solid, justifiable
            ('」', '。', 0.0, Bracket, 0.0, true),      // closing + period: no space
            ('。', '」', 0.0, Bracket, 0.0, true),      // period + closing: no space
            ('」', '「', 0.5, Bracket, 0.0, true),      // closing + opening: half em
            ('、', '「', 0.5, Bracket, 0.0, true),      // comma + opening: half em
            ('。', '「', 0.5, Fixed, 0.0, false),       // after a full stop: not adjusted
            ('。', '次', 0.5, Fixed, 0.0, false),
            ('「', '『', 0.0, Bracket, 0.0, true),      // opening + opening: no space
            ('）', '、', 0.0, Bracket, 0.0, true),      // closing + comma
            ('国', '「', 0.5, Bracket, 0.0, true),      // the opening bracket's own blank
            ('」', '国', 0.5, Bracket, 0.0, true),      // the closing bracket's own blank
            ('国', '・', 0.25, MiddleDot, 0.0, true),   // middle dot: a quarter em each side
            ('・', '国', 0.25, MiddleDot, 0.0, true),
            ('」', '・', 0.25, Fixed, 0.0, false),      // beside brackets only the dot's quarter,
            ('・', '「', 0.25, Fixed, 0.0, false),      // not adjusted further
            ('、', '・', 0.25, Fixed, 0.0, false),
            ('国', 'U', 0.0, Bracket, 0.25, true),      // Japanese–Latin: a quarter em
            ('N', '国', 0.0, Bracket, 0.25, true),
            ('年', '8', 0.0, Bracket, 0.25, true),
            ('」', 'U', 0.5, Bracket, 0.0, true),       // next to punctuation: no extra space
            ('%', 'が', 0.0, Bracket, 0.25, true),      // Latin symbols belong to the Latin text
            ('国', '(', 0.0, Bracket, 0.25, true),
            ('5', '％', 0.0, Bracket, 0.0, true),       // no space before a full-width unit
            ('U', 'N', 0.0, Bracket, 0.0, false),       // inside a Latin word
            ('…', '…', 0.0, Bracket, 0.0, false),       // inside a pair of leaders
            ('？', '次', 1.0, Fixed, 0.0, false),       // ？！ then more text: a full em
            ('！', 'U', 1.0, Fixed, 0.0, false),
            ('？', '」', 0.0, Bracket, 0.0, true),
            ('！', '？', 0.0, Bracket, 0.0, true),
        ];
        for (l, r, blank, kind, mixed, stretchable) in cases {
            let g = gap(l, r, true, true, true);
            assert_eq!((g.blank, g.mixed_script_space, g.stretchable), (blank, mixed, stretchable), "{l}{r}");
            if blank > 0.0 {
                assert_eq!(g.blank_space, kind, "{l}{r}");
            }
        }
        // a quote drawn in the Latin face has no blank to give, and belongs to the Latin
        // text before it ("Alliance”の"): a quarter em
        assert_eq!(gap('”', '国', false, true, true).width(), 0.25);
        assert_eq!(gap('”', '国', true, true, true).width(), 0.5);
        // in a name, ！ is part of it: no space after it
        assert_eq!(gap('！', '北', true, true, false).width(), 0.0);
    }
}
