//! Clause and item numbers: I., II. …; 1., 2. …; a), b) …; 一、二、…; 第1; (1); ①; 가., 나. …; 제1조

use crate::model::Numbering;

/// The number itself, without punctuation: `format_number(Numbering::UpperRoman, 4)` is "IV".
pub fn format_number(style: Numbering, n: usize) -> String {
    match style {
        Numbering::Decimal => n.to_string(),
        Numbering::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
        Numbering::LowerRoman => roman(n).map_or_else(|| n.to_string(), |r| r.to_lowercase()),
        Numbering::LowerAlpha => alphabetic(n, b'a'),
        Numbering::UpperAlpha => alphabetic(n, b'A'),
        Numbering::Kanji => kanji(n),
        Numbering::Dai | Numbering::Parenthesized => n.to_string(),
        Numbering::Circled => circled(n).map_or_else(|| n.to_string(), String::from),
        Numbering::Hangul => hangul(n).map_or_else(|| n.to_string(), String::from),
        Numbering::Jo => n.to_string(),
    }
}

/// The label as printed at a given list level (1 clause, 2 item, 3 sub-item), in a
/// Japanese document or not.
pub fn label(style: Numbering, n: usize, level: u8, japanese: bool) -> String {
    let number = format_number(style, n);
    match (style, level) {
        (Numbering::Kanji, _) => format!("{number}、"),
        (Numbering::Dai, _) => format!("第{number}"),
        (Numbering::Jo, _) => format!("제{number}조"),
        (Numbering::Parenthesized, _) if japanese => format!("（{number}）"),
        (Numbering::Parenthesized, _) => format!("({number})"),
        (Numbering::Circled, _) if n <= 50 => number,
        (Numbering::Circled, _) => format!("({number})"),
        (_, 3) => format!("{number})"),
        _ => format!("{number}."),
    }
}

/// 가 나 다 라 마 바 사 아 자 차 카 타 파 하: the fourteen basic consonants with ㅏ, the
/// order Korean documents count list items in; then the same consonants with ㅓ (거 너 …),
/// ㅗ and ㅜ, as long lists continue. `None` after 56.
fn hangul(n: usize) -> Option<char> {
    // indices of ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅅ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ among the 19 initial consonants
    const INITIALS: [u32; 14] = [0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18];
    // ㅏ ㅓ ㅗ ㅜ among the 21 vowels
    const VOWELS: [u32; 4] = [0, 4, 8, 13];
    let i = n.checked_sub(1)?;
    let (vowel, initial) = (VOWELS.get(i / INITIALS.len())?, INITIALS[i % INITIALS.len()]);
    // a syllable without a final consonant: U+AC00 + (initial × 21 + vowel) × 28
    char::from_u32(0xAC00 + (initial * 21 + vowel) * 28)
}

/// ① … ㊿ (Unicode has circled numbers up to 50).
fn circled(n: usize) -> Option<char> {
    let code = match n {
        1..=20 => 0x2460 + n - 1,
        21..=35 => 0x3251 + n - 21,
        36..=50 => 0x32B1 + n - 36,
        _ => return None,
    };
    char::from_u32(code as u32)
}

/// Roman numerals up to 3999; `None` beyond (there is no standard form).
fn roman(mut n: usize) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    Some(out)
}

/// a … z, aa, ab … (bijective base 26, as spreadsheets count columns).
fn alphabetic(mut n: usize, base: u8) -> String {
    if n == 0 {
        return "0".into();
    }
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push((base + (n % 26) as u8) as char);
        n /= 26;
    }
    letters.iter().rev().collect()
}

/// Kanji numerals as written in Japanese documents: 十一, 二十, 百五.
fn kanji(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return DIGITS[0].into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = (n / unit) % 10;
        if d > 0 {
            if d > 1 {
                out.push_str(DIGITS[d]);
            }
            out.push_str(name);
        }
    }
    if !n.is_multiple_of(10) {
        out.push_str(DIGITS[n % 10]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_cases() {
        let cases: &[(Numbering, usize, &str)] = &[
            (Numbering::UpperRoman, 1, "I"),
            (Numbering::UpperRoman, 4, "IV"),
            (Numbering::UpperRoman, 7, "VII"),
            (Numbering::UpperRoman, 9, "IX"),
            (Numbering::UpperRoman, 14, "XIV"),
            (Numbering::UpperRoman, 1994, "MCMXCIV"),
            (Numbering::UpperRoman, 4000, "4000"),
            (Numbering::LowerRoman, 3, "iii"),
            (Numbering::Decimal, 12, "12"),
            (Numbering::LowerAlpha, 1, "a"),
            (Numbering::LowerAlpha, 26, "z"),
            (Numbering::LowerAlpha, 27, "aa"),
            (Numbering::UpperAlpha, 28, "AB"),
            (Numbering::Kanji, 1, "一"),
            (Numbering::Kanji, 10, "十"),
            (Numbering::Kanji, 11, "十一"),
            (Numbering::Kanji, 20, "二十"),
            (Numbering::Kanji, 105, "百五"),
            (Numbering::Kanji, 2024, "二千二十四"),
            (Numbering::Circled, 1, "①"),
            (Numbering::Circled, 20, "⑳"),
            (Numbering::Circled, 21, "㉑"),
            (Numbering::Circled, 50, "㊿"),
            (Numbering::Circled, 51, "51"),
            (Numbering::Dai, 12, "12"),
            (Numbering::Hangul, 1, "가"),
            (Numbering::Hangul, 2, "나"),
            (Numbering::Hangul, 8, "아"),
            (Numbering::Hangul, 14, "하"),
            (Numbering::Hangul, 15, "거"),
            (Numbering::Hangul, 28, "허"),
            (Numbering::Hangul, 29, "고"),
            (Numbering::Hangul, 57, "57"),
            (Numbering::Jo, 3, "3"),
        ];
        for &(style, n, expected) in cases {
            assert_eq!(format_number(style, n), expected, "{style:?} {n}");
        }
    }

    #[test]
    fn labels_per_level() {
        assert_eq!(label(Numbering::UpperRoman, 2, 1, false), "II.");
        assert_eq!(label(Numbering::Decimal, 3, 2, false), "3.");
        assert_eq!(label(Numbering::LowerAlpha, 1, 3, false), "a)");
        assert_eq!(label(Numbering::Kanji, 3, 1, true), "三、");
        assert_eq!(label(Numbering::Dai, 4, 1, true), "第4");
        assert_eq!(label(Numbering::Parenthesized, 2, 2, true), "（2）");
        assert_eq!(label(Numbering::Parenthesized, 2, 2, false), "(2)");
        assert_eq!(label(Numbering::Circled, 3, 3, true), "③");
        assert_eq!(label(Numbering::Circled, 60, 3, true), "(60)");
        assert_eq!(label(Numbering::Hangul, 2, 2, false), "나.");
        assert_eq!(label(Numbering::Hangul, 2, 3, false), "나)");
        assert_eq!(label(Numbering::Decimal, 1, 3, false), "1)");
        assert_eq!(label(Numbering::Jo, 47, 1, false), "제47조");
    }
}
