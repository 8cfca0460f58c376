//! Unicode character properties the stages share.

/// Characters that take no glyph (Default_Ignorable_Code_Point): soft hyphen, zero-width
/// space and joiners, bidi controls, variation selectors, the byte-order mark …
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// `names` made unique in order: a name that came before gets `-2`, `-3` … (file names
/// of copies, signature field names).
pub fn made_unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|base| {
            let mut candidate = base.clone();
            let mut n = 2;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// Hangul: jamo, compatibility jamo and syllables.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): never text.
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan,
/// Mandaic and their presentation forms; the RTL blocks of the supplementary plane).
pub fn is_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDCF | 0xFDF0..=0xFDFF | 0xFE70..=0xFEFE
        | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        && c.is_alphabetic()
}

/// Characters set on the em square in East Asian text: Han, kana, CJK punctuation and
/// full-width forms (Hangul is left out: Korean separates words with spaces).
pub fn is_east_asian_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3200..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
}

/// Visible ink: not white space and not an ignorable format character.
pub fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !is_default_ignorable(c) && !c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties() {
        assert!(is_default_ignorable('\u{ad}') && is_default_ignorable('\u{200b}') && !is_default_ignorable('a'));
        assert!(is_noncharacter('\u{ffff}') && is_noncharacter('\u{fdd0}') && !is_noncharacter('\u{fffd}'));
        assert!(is_right_to_left('א') && is_right_to_left('ب') && !is_right_to_left('a') && !is_right_to_left('\u{5be}'));
        assert!(!is_visible('\u{3000}') && !is_visible('\u{a0}') && !is_visible('\u{feff}') && is_visible('本'));
    }
}
