//! Kinsoku read back from a PDF: lines that start or end with a character JIS X 4051 /
//! JLREQ does not allow there.

use super::positions::TextLine;

/// Characters that may not start a line.
pub const NO_START: &str = "、。，．,.）)」』】〕〉》］｝’”・：；？！?!ー〜ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";
/// Characters that may not end a line.
pub const NO_END: &str = "（(「『【〔〈《［｛‘“";

/// The line's text without a hanging list label (一、 （1） ① ・) at its start.
pub fn without_label(text: &str) -> &str {
    let kanji = "〇一二三四五六七八九十百千";
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some(rest) = text.strip_prefix('・') {
        return rest;
    }
    if let Some(first) = text.chars().next()
        && ('①'..='⑳').contains(&first)
    {
        return &text[first.len_utf8()..];
    }
    if let Some(rest) = text.strip_prefix('（')
        && let Some(close) = rest.find('）')
        && digits(&rest[..close])
    {
        return &rest[close + '）'.len_utf8()..];
    }
    let numeral_end = text.char_indices().find(|&(_, c)| !kanji.contains(c)).map_or(text.len(), |(i, _)| i);
    if numeral_end > 0
        && let Some(rest) = text[numeral_end..].strip_prefix('、')
    {
        return rest;
    }
    text
}

pub fn kinsoku_violations(lines: &[TextLine], footer_from: f32) -> Vec<String> {
    let mut bad = Vec::new();
    for line in lines.iter().filter(|l| l.y < footer_from) {
        let text = line.text();
        let body = without_label(text.trim());
        if let Some(first) = body.chars().next()
            && NO_START.contains(first)
        {
            bad.push(format!("page {}: line starts with `{first}`: {text}", line.page));
        }
        if let Some(last) = body.chars().next_back()
            && NO_END.contains(last)
        {
            bad.push(format!("page {}: line ends with `{last}`: {text}", line.page));
        }
    }
    bad
}
