//! Inline markup: `*italic*`, `**bold**`, `***both***`, and `\*` for a literal asterisk.
//!
//! An asterisk only opens emphasis when a non-space follows it and only closes it when a
//! non-space precedes it (as in CommonMark), so `5 * 3` stays as written. Runs of ASCII
//! white space collapse to one space; no-break, thin and ideographic spaces are kept.

use crate::unicode::{is_east_asian_wide, is_noncharacter, is_right_to_left, is_visible};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A markup error: the byte offset in the raw string it is about, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// Characters one grapheme cluster (a letter and the marks on it, a Hangul syllable in
/// jamo, an emoji sequence) may hold: a character and 30 more, the 30 non-starters in a
/// row that Unicode's Stream-Safe Text Format (UAX #15) allows. Real text needs a few;
/// a cluster is one unit to shaping, line breaking and the PDF's text (a glyph's
/// ToUnicode entry and ActualText), whose costs grow with its length squared — 512,000
/// marks on one letter took 23 s and made a string too long for PDF/A.
pub const MAX_CLUSTER_CHARS: usize = 31;

/// Split `raw` into styled runs.
pub fn parse_inline(raw: &str) -> Result<Vec<Inline>, MarkupError> {
    overlong_cluster(raw)?;
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    let mut runs: Vec<Inline> = Vec::new();
    let mut current = String::new();
    let (mut bold, mut italic) = (false, false);
    // where the currently open emphasis started, for "unclosed" errors
    let (mut bold_at, mut italic_at) = (0, 0);
    let mut pending_space = false;
    // the pending white space held a line break (a TOML string wrapped over lines)
    let mut pending_break = false;

    let flush = |current: &mut String, runs: &mut Vec<Inline>, bold: bool, italic: bool| {
        if !current.is_empty() {
            match runs.last_mut() {
                Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(current),
                _ => runs.push(Inline { text: std::mem::take(current), bold, italic }),
            }
            current.clear();
        }
    };

    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if is_collapsible_space(c) {
            pending_space = true;
            pending_break |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
            i += 1;
            continue;
        }
        if c.is_control() || is_noncharacter(c) {
            let what = if c.is_control() { "control character" } else { "noncharacter" };
            return Err(MarkupError {
                offset,
                message: format!("{what} U+{:04X} cannot be printed", c as u32),
                hint: "remove it; write line breaks as separate paragraphs or items".into(),
            });
        }
        if is_right_to_left(c) {
            return Err(MarkupError {
                offset,
                message: format!("right-to-left text (‘{c}’, U+{:04X}) is not supported yet", c as u32),
                hint: "resolution-pdf sets left-to-right scripts only; write the name in a Latin transliteration".into(),
            });
        }
        // A space is emitted lazily so that trailing space disappears and runs of space
        // around a style change collapse to one.
        let mut space_before = pending_space && !(runs.is_empty() && current.is_empty());
        // A line break between two East Asian characters is no space at all (as CSS
        // treats segment breaks): "…逃れてくるが、" + newline + "中国政府は…" runs on.
        let last = current.chars().next_back().or_else(|| runs.last().and_then(|r| r.text.chars().next_back()));
        if std::mem::take(&mut pending_break) && last.is_some_and(is_east_asian_wide) && is_east_asian_wide(c) {
            space_before = false;
            pending_space = false;
        }
        if c == '\\' && chars.get(i + 1).is_some_and(|&(_, n)| n == '*') {
            if std::mem::take(&mut pending_space) && space_before {
                current.push(' ');
            }
            current.push('*');
            i += 2;
            continue;
        }
        if c != '*' {
            if std::mem::take(&mut pending_space) && space_before {
                current.push(' ');
            }
            current.push(c);
            i += 1;
            continue;
        }
        // a run of asterisks
        let mut n = 1;
        while chars.get(i + n).is_some_and(|&(_, c)| c == '*') {
            n += 1;
        }
        let before = if i == 0 { None } else { Some(chars[i - 1].1) };
        let after = chars.get(i + n).map(|&(_, c)| c);
        let (can_open, can_close) = flanking(before, after);
        let toggled = match n {
            1 if italic && can_close => Some((bold, false)),
            1 if !italic && can_open => Some((bold, true)),
            2 if bold && can_close => Some((false, italic)),
            2 if !bold && can_open => Some((true, italic)),
            3 if bold && italic && can_close => Some((false, false)),
            3 if !bold && !italic && can_open => Some((true, true)),
            _ => None,
        };
        let Some((new_bold, new_italic)) = toggled else {
            // asterisks that can neither open nor close emphasis are text: "5 * 3", "note*."
            if std::mem::take(&mut pending_space) && space_before {
                current.push(' ');
            }
            current.extend(std::iter::repeat_n('*', n));
            i += n;
            continue;
        };
        // A space before an opening marker belongs outside the emphasis; before a
        // closing marker it was already absorbed (can_close needs a non-space).
        if std::mem::take(&mut pending_space) && space_before {
            current.push(' ');
        }
        flush(&mut current, &mut runs, bold, italic);
        if new_bold != bold {
            bold_at = offset;
        }
        if new_italic != italic {
            italic_at = offset;
        }
        bold = new_bold;
        italic = new_italic;
        i += n;
    }
    flush(&mut current, &mut runs, bold, italic);
    // Text with no visible character (only zero-width or no-break spaces, say) is empty.
    if !runs.iter().any(|r| r.text.chars().any(is_visible)) {
        runs.clear();
    }
    if bold || italic {
        let (offset, marker, what) =
            if bold && (!italic || bold_at <= italic_at) { (bold_at, "**", "bold") } else { (italic_at, "*", "italic") };
        return Err(MarkupError {
            offset,
            message: format!("`{marker}` opens {what} text that is never closed"),
            hint: format!(
                "close it with `{marker}`; for a literal asterisk write `\\\\*` in a \"double-quoted\" TOML string or `\\*` in a 'single-quoted' one"
            ),
        });
    }
    Ok(runs)
}

/// An error at the first grapheme cluster of `raw` longer than [`MAX_CLUSTER_CHARS`].
fn overlong_cluster(raw: &str) -> Result<(), MarkupError> {
    // (ASCII clusters are single characters, or CR LF)
    if raw.is_ascii() {
        return Ok(());
    }
    let mut start = 0;
    for end in icu_segmenter::GraphemeClusterSegmenter::new().segment_str(raw).skip(1) {
        let cluster = &raw[start..end];
        let count = cluster.chars().count();
        if count > MAX_CLUSTER_CHARS {
            let mut chars = cluster.chars();
            let first = chars.next().unwrap_or(' ');
            let second = chars.next().unwrap_or(' ');
            return Err(MarkupError {
                offset: start,
                message: format!(
                    "‘{first}’ (U+{:04X}) is followed by {} characters that combine with it (U+{:04X} …): \
                     at most {} may",
                    u32::from(first),
                    count - 1,
                    u32::from(second),
                    MAX_CLUSTER_CHARS - 1
                ),
                hint: format!(
                    "remove the repeated marks; a letter takes a few at most (Unicode's Stream-Safe Text \
                     Format allows {} in a row)",
                    MAX_CLUSTER_CHARS - 1
                ),
            });
        }
        start = end;
    }
    Ok(())
}

/// Whether a run of asterisks between `before` and `after` may open and may close
/// emphasis (CommonMark's left- and right-flanking rules), with the CJK-friendly
/// extension: beside punctuation, a Hangul, kana or CJK character on the outer side
/// counts like a space, since these scripts put no space between a word and its
/// particle — `*“불법 이민자”*라고`, `*「協約」*を` close where CommonMark would not.
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let outer = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punctuation(c) || is_east_asian_letter(c));
    let left = after.is_some_and(|a| !a.is_whitespace()) && (!after.is_some_and(is_punctuation) || outer(before));
    let right = before.is_some_and(|b| !b.is_whitespace()) && (!before.is_some_and(is_punctuation) || outer(after));
    (left, right)
}

/// Hangul, kana and CJK ideographs: letters written without spaces around particles.
fn is_east_asian_letter(c: char) -> bool {
    crate::unicode::is_hangul(c) || matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// White space that inline text collapses: what a TOML author uses to wrap lines.
fn is_collapsible_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(raw: &str) -> String {
        parse_inline(raw)
            .unwrap()
            .iter()
            .map(|r| match (r.bold, r.italic) {
                (false, false) => r.text.clone(),
                (true, false) => format!("<b>{}</b>", r.text),
                (false, true) => format!("<i>{}</i>", r.text),
                (true, true) => format!("<bi>{}</bi>", r.text),
            })
            .collect()
    }

    #[test]
    fn styles() {
        assert_eq!(show("plain"), "plain");
        assert_eq!(show("an *italic* word"), "an <i>italic</i> word");
        assert_eq!(show("a **bold** word"), "a <b>bold</b> word");
        assert_eq!(show("***both*** here"), "<bi>both</bi> here");
        assert_eq!(show("**bold *and italic* text**"), "<b>bold </b><bi>and italic</bi><b> text</b>");
    }

    #[test]
    fn literal_asterisks() {
        assert_eq!(show(r"a \*literal\* star"), "a *literal* star");
        assert_eq!(show("5 * 3 = 15"), "5 * 3 = 15");
        assert_eq!(show("footnote *"), "footnote *");
        assert_eq!(show("a note*. Then"), "a note*. Then");
        assert_eq!(show("footnote*"), "footnote*");
        assert_eq!(show("**** and ** alone"), "**** and ** alone");
        assert_eq!(show("(*see* below)"), "(<i>see</i> below)");
    }

    #[test]
    fn emphasis_closes_before_a_particle() {
        // CommonMark would leave these open: punctuation inside, a letter outside
        assert_eq!(show("그들이 *“불법 이민자”*라고 주장하며"), "그들이 <i>“불법 이민자”</i>라고 주장하며");
        assert_eq!(show("**한국(주)**는"), "<b>한국(주)</b>는");
        assert_eq!(show("条約*「協約」*を"), "条約<i>「協約」</i>を");
        // and Latin text keeps CommonMark's rule: the star stays a star
        assert_eq!(show("a note*. Then"), "a note*. Then");
    }

    #[test]
    fn whitespace_collapses_but_special_spaces_stay() {
        assert_eq!(show("  two\n   lines  "), "two lines");
        assert_eq!(show("10\u{a0}000"), "10\u{a0}000");
        assert_eq!(show("全角\u{3000}空白"), "全角\u{3000}空白");
        assert_eq!(show("a  *b*  c"), "a <i>b</i> c");
        // a wrapped line between Japanese characters is no space; between Latin words it is
        assert_eq!(show("逃れてくるが、\n    中国政府は"), "逃れてくるが、中国政府は");
        assert_eq!(show("国連\nUN"), "国連 UN");
        assert_eq!(show("two\nlines"), "two lines");
        assert_eq!(show("日本 語"), "日本 語", "a space typed on one line stays");
    }

    #[test]
    fn unclosed_markers_are_errors_at_their_place() {
        let e = parse_inline("an *open text").unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("never closed"), "{}", e.message);
        let e = parse_inline("x **bold").unwrap_err();
        assert_eq!(e.offset, 2);
        let e = parse_inline("the word*s").unwrap_err();
        assert!(e.hint.contains("\\\\*"), "{}", e.hint);
        assert!(parse_inline("a\u{7}b").is_err());
        assert!(parse_inline("a\u{ffff}b").is_err());
        assert!(parse_inline("שלום").unwrap_err().message.contains("right-to-left"));
        assert!(parse_inline("\u{200b}\u{a0}\u{ad}").unwrap().is_empty(), "nothing visible is empty");
    }

    #[test]
    fn a_cluster_of_more_than_thirty_marks_is_refused_at_its_letter() {
        let marks = |n| "\u{301}".repeat(n);
        // thirty marks on a letter is the Stream-Safe limit, and an emoji family or a
        // letter with a few accents is ordinary text
        assert!(parse_inline(&format!("a{}", marks(30))).is_ok());
        assert!(parse_inline("👩\u{200d}👩\u{200d}👧\u{200d}👦 ệ").is_ok());
        let e = parse_inline(&format!("the word é a{}", marks(512_000))).unwrap_err();
        assert_eq!(e.offset, "the word é ".len());
        assert!(e.message.contains("512000 characters that combine") && e.message.contains("U+0301"), "{}", e.message);
        assert!(e.hint.contains("Stream-Safe"), "{}", e.hint);
        // so is a syllable of a thousand conjoining jamo, one cluster for Unicode too
        assert!(parse_inline(&"\u{1100}".repeat(1000)).is_err());
    }
}
