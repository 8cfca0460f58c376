//! The numbers a text states, read as values, so that an edition in another language and
//! script can be checked against its original: `10,000`, `１０，０００`, `1万` and `1만` are
//! all ten thousand; `1 August 2005`, `2005年8月1日` and `平成17年8月1日` all state 2005, 8
//! and 1.
//!
//! What is read (the rules are in docs/input-format.md, "Comparing a translation"):
//! - digit strings, full-width digits included, with the group separator and decimal
//!   mark of the text's language (`10,000.5` in English, Japanese, Korean and Chinese;
//!   `10.000,5` in German, French, Spanish and the other languages that write a decimal
//!   comma); a group is exactly three digits after a first group of one to three, so
//!   `1,5` in English is two numbers and `2005, 2006` two years;
//! - the myriad notation after digits: 十百千万億兆 in Japanese and Chinese, 십백천만억조 in
//!   Korean (`1万2千` = 12,000, `2억 3천만` = 230,000,000); a number after 第 or 제 is an
//!   ordinal (제47조 is article 47, not 47 trillion) and takes none;
//! - kanji numerals where they cannot be a word: after 第 (第四十七条) or before a counter
//!   such as 条, 年, 月, 日, 人 or か国 (三十日, 二〇〇五年), never a lone 一 outside 第
//!   (一日も早く, 一人ひとり are idioms, not counts), nor a numeral inside a word (統一);
//! - Japanese era years: 平成17年 is 2005 (明治, 大正, 昭和, 平成, 令和; 元年 is the first);
//! - month names next to a number, in English, French, German and Spanish (`1 August
//!   2005`, `August 1, 2005`, `1er août 2005`, `1. August 2005`, `1 de agosto de 2005`):
//!   the month counts as its number, as 8月 does.
//!
//! Not read: numbers spelled in words (`thirty`, `삼십`), Roman numerals.

use std::fmt;
use std::ops::Range;

use crate::model::Lang;

/// A non-negative decimal number: `units` / 10^`scale`, with no trailing zero in `units`
/// when `scale` > 0, so equal values are equal structs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Value {
    units: u128,
    scale: u32,
}

impl Value {
    pub fn integer(n: u128) -> Value {
        Value { units: n, scale: 0 }
    }

    fn normalized(mut self) -> Value {
        while self.scale > 0 && self.units.is_multiple_of(10) {
            self.units /= 10;
            self.scale -= 1;
        }
        self
    }

    /// From the digits before and after the decimal mark; `None` beyond u128.
    fn from_digits(integer: &str, fraction: &str) -> Option<Value> {
        let units = format!("{integer}{fraction}").parse::<u128>().ok()?;
        Some(Value { units, scale: u32::try_from(fraction.len()).ok()? }.normalized())
    }

    fn checked_add(self, other: Value) -> Option<Value> {
        let scale = self.scale.max(other.scale);
        let a = self.units.checked_mul(10u128.checked_pow(scale - self.scale)?)?;
        let b = other.units.checked_mul(10u128.checked_pow(scale - other.scale)?)?;
        Some(Value { units: a.checked_add(b)?, scale }.normalized())
    }

    fn checked_mul_pow10(self, power: u32) -> Option<Value> {
        if self.scale >= power {
            return Some(Value { units: self.units, scale: self.scale - power }.normalized());
        }
        let units = self.units.checked_mul(10u128.checked_pow(power - self.scale)?)?;
        Some(Value { units, scale: 0 })
    }
}

/// `10000`, `2.5`: no group separators, so the message reads the same in every language.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.units);
        }
        let digits = format!("{:0>width$}", self.units, width = self.scale as usize + 1);
        let (integer, fraction) = digits.split_at(digits.len() - self.scale as usize);
        write!(f, "{integer}.{fraction}")
    }
}

/// A number found in a text: its value and the bytes of the text that state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub value: Value,
    pub span: Range<usize>,
}

/// How a language writes 10,000.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `10,000.5`: English, Japanese, Korean, Chinese and the languages not listed below.
    Point,
    /// `10.000,5` (or `10 000,5`).
    Comma,
}

impl DecimalMark {
    /// The languages that write a decimal comma (CLDR's number symbols); the others a
    /// decimal point.
    pub fn of(lang: &Lang) -> DecimalMark {
        const COMMA: &[&str] = &[
            "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "ro", "hu", "el", "tr",
            "sv", "da", "nb", "nn", "no", "fi", "is", "et", "lv", "lt", "ca", "gl", "eu", "id", "vi", "az", "kk", "ka", "hy", "mk", "sq",
        ];
        if COMMA.contains(&lang.primary().as_str()) { DecimalMark::Comma } else { DecimalMark::Point }
    }

    fn decimal(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }

    fn is_group_separator(self, c: char) -> bool {
        // no-break, narrow no-break and thin spaces group digits everywhere (SI style)
        matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
            || match self {
                DecimalMark::Point => c == ',',
                DecimalMark::Comma => matches!(c, '.' | ' '),
            }
    }
}

/// A character of the text, full-width forms read as their ASCII letters and digits.
#[derive(Debug, Clone, Copy)]
struct Char {
    at: usize,
    len: usize,
    c: char,
}

fn chars_of(text: &str) -> Vec<Char> {
    text.char_indices()
        .map(|(at, original)| {
            let c = match original {
                // full-width ASCII (０-９, Ａ-Ｚ, ，．) is the same character in another width
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(original as u32 - 0xfee0).unwrap_or(original),
                '\u{3000}' => ' ',
                _ => original,
            };
            Char { at, len: original.len_utf8(), c }
        })
        .collect()
}

/// Every number `text` states, in text order.
pub fn numbers(text: &str, lang: &Lang) -> Vec<Number> {
    let chars = chars_of(text);
    let mark = DecimalMark::of(lang);
    let span = |from: usize, to: usize| -> Range<usize> {
        let start = chars.get(from).map_or(text.len(), |c| c.at);
        let end = if to > 0 { chars.get(to - 1).map_or(text.len(), |c| c.at + c.len) } else { start };
        start..end.max(start)
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        if let Some((value, end)) = era_year(&chars, i) {
            found.push(Number { value, span: span(i, end) });
            i = end;
        } else if c.is_ascii_digit() {
            let ordinal = i > 0 && matches!(chars[i - 1].c, '第' | '제');
            let (value, end) = number_with_units(&chars, i, mark, !ordinal);
            if let Some(value) = value {
                found.push(Number { value, span: span(i, end) });
            }
            i = end;
        } else if is_kanji_numeral(c) {
            let end = kanji_run_end(&chars, i);
            if let Some(value) = kanji_number(&chars, i, end) {
                found.push(Number { value, span: span(i, end) });
            }
            i = end;
        } else if is_latin_letter(c) && !(i > 0 && is_latin_letter(chars[i - 1].c)) {
            let end = (i..chars.len()).find(|&j| !is_latin_letter(chars[j].c)).unwrap_or(chars.len());
            let word: String = chars[i..end].iter().map(|c| c.c).collect();
            if let Some(month) = month_number(&word)
                && (number_before(&chars, i) || number_after(&chars, end))
            {
                found.push(Number { value: Value::integer(month), span: span(i, end) });
            }
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x250
}

/// The digits from `i` on, and where they end.
fn digits(chars: &[Char], i: usize) -> (String, usize) {
    let end = (i..chars.len()).find(|&j| !chars[j].c.is_ascii_digit()).unwrap_or(chars.len());
    (chars[i..end].iter().map(|c| c.c).collect(), end)
}

/// A digit string with its group separators and decimal part.
fn plain_number(chars: &[Char], i: usize, mark: DecimalMark) -> (Option<Value>, usize) {
    let (mut integer, mut end) = digits(chars, i);
    if integer.len() <= 3 {
        while end + 1 < chars.len() && mark.is_group_separator(chars[end].c) && chars[end + 1].c.is_ascii_digit() {
            let (group, after) = digits(chars, end + 1);
            if group.len() != 3 {
                break;
            }
            integer.push_str(&group);
            end = after;
        }
    }
    let mut fraction = String::new();
    if end + 1 < chars.len() && chars[end].c == mark.decimal() && chars[end + 1].c.is_ascii_digit() {
        (fraction, end) = digits(chars, end + 1);
    }
    (Value::from_digits(&integer, &fraction), end)
}

/// The multiplier of a unit below the myriad (十, 百, 千), as a power of ten.
fn small_unit(c: char) -> Option<u32> {
    match c {
        '十' | '십' => Some(1),
        '百' | '백' => Some(2),
        '千' | '천' => Some(3),
        _ => None,
    }
}

/// The multiplier of a myriad unit (万, 億, 兆), as a power of ten.
fn large_unit(c: char) -> Option<u32> {
    match c {
        '万' | '萬' | '만' => Some(4),
        '億' | '亿' | '억' => Some(8),
        '兆' | '조' => Some(12),
        _ => None,
    }
}

/// A digit string followed, when `units` is allowed, by East Asian units: `1万`, `2億5千万`,
/// `2억 3천만` (Korean writes a space after each myriad).
fn number_with_units(chars: &[Char], i: usize, mark: DecimalMark, units: bool) -> (Option<Value>, usize) {
    let (first, mut end) = plain_number(chars, i, mark);
    let Some(mut current) = first else { return (None, end) };
    if !units {
        return (Some(current), end);
    }
    let zero = Value::integer(0);
    let (mut total, mut section) = (zero, zero);
    let add = |a: Value, b: Value| a.checked_add(b);
    while let Some(c) = chars.get(end).map(|c| c.c) {
        if let Some(power) = small_unit(c) {
            let Some(sum) = current.checked_mul_pow10(power).and_then(|v| add(section, v)) else { return (None, end + 1) };
            section = sum;
            current = zero;
            end += 1;
            if chars.get(end).is_some_and(|c| c.c.is_ascii_digit()) {
                let (next, after) = plain_number(chars, end, mark);
                let Some(next) = next else { return (None, after) };
                current = next;
                end = after;
            }
        } else if let Some(power) = large_unit(c) {
            let Some(sum) = add(section, current).and_then(|v| v.checked_mul_pow10(power)).and_then(|v| add(total, v)) else {
                return (None, end + 1);
            };
            total = sum;
            section = zero;
            current = zero;
            end += 1;
            let next = if chars.get(end).is_some_and(|c| c.c == ' ') { end + 1 } else { end };
            if !chars.get(next).is_some_and(|c| c.c.is_ascii_digit()) {
                break;
            }
            let (value, after) = plain_number(chars, next, mark);
            let Some(value) = value else { return (None, after) };
            current = value;
            end = after;
        } else {
            break;
        }
    }
    (add(total, section).and_then(|v| add(v, current)), end)
}

fn kanji_digit(c: char) -> Option<u128> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '萬' | '億' | '兆')
}

fn kanji_run_end(chars: &[Char], i: usize) -> usize {
    (i..chars.len()).find(|&j| !is_kanji_numeral(chars[j].c)).unwrap_or(chars.len())
}

/// What may follow a kanji numeral for it to be a count: articles, dates, people,
/// countries, times, percentages.
const COUNTERS: &[&str] = &[
    "条", "項", "号", "章", "節", "款", "年", "月", "日", "人", "名", "回", "歳", "件", "倍", "割", "カ国", "か国", "ヶ国", "ケ国", "箇国", "カ所",
    "か所", "ヶ所", "箇所", "パーセント", "%",
];

/// The value of the kanji numerals `chars[i..end]`, when the place shows them to be a
/// number (see the module's rules).
fn kanji_number(chars: &[Char], i: usize, end: usize) -> Option<Value> {
    let run: Vec<char> = chars[i..end].iter().map(|c| c.c).collect();
    if !run.iter().any(|&c| kanji_digit(c).is_some() || c == '十') {
        // 万人 (everyone), 千代田 (a name): units without a digit are words
        return None;
    }
    let before = i.checked_sub(1).map(|b| chars[b].c);
    let ordinal = before == Some('第');
    // after 年 or 月 a numeral is the next part of a date (十七年八月一日)
    let in_date = matches!(before, Some('年' | '月'));
    if !ordinal {
        if !in_date && (run == ['一'] || before.is_some_and(is_ideograph)) {
            return None;
        }
        let rest: String = chars[end..].iter().take(5).map(|c| c.c).collect();
        if !COUNTERS.iter().any(|counter| rest.starts_with(counter)) {
            return None;
        }
    }
    kanji_value(&run)
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// 四十七 = 47, 二〇〇五 = 2005 (digit by digit, as years are written), 三千万 = 30,000,000.
fn kanji_value(run: &[char]) -> Option<Value> {
    if run.iter().all(|&c| kanji_digit(c).is_some()) {
        let digits: String = run.iter().filter_map(|&c| kanji_digit(c)).map(|d| char::from(b'0' + d as u8)).collect();
        return Value::from_digits(&digits, "");
    }
    let (mut total, mut section, mut current): (u128, u128, Option<u128>) = (0, 0, None);
    for &c in run {
        if let Some(d) = kanji_digit(c) {
            current = Some(current.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
        } else if let Some(power) = small_unit(c) {
            // 十 alone is ten: the digit before a unit may be left out
            section = section.checked_add(current.unwrap_or(1).checked_mul(10u128.pow(power))?)?;
            current = None;
        } else if let Some(power) = large_unit(c) {
            let group = section.checked_add(current.unwrap_or(0))?;
            total = total.checked_add(group.max(1).checked_mul(10u128.pow(power))?)?;
            section = 0;
            current = None;
        }
    }
    Some(Value::integer(total.checked_add(section)?.checked_add(current.unwrap_or(0))?))
}

/// Japanese eras and the Gregorian year before their first.
const ERAS: &[(&str, u128)] = &[("明治", 1867), ("大正", 1911), ("昭和", 1925), ("平成", 1988), ("令和", 2018)];

/// An era year at `i` (平成17年, 平成十七年, 令和元年): its Gregorian year and where it ends.
fn era_year(chars: &[Char], i: usize) -> Option<(Value, usize)> {
    let name: String = chars.get(i..i + 2)?.iter().map(|c| c.c).collect();
    let &(_, before_first) = ERAS.iter().find(|(era, _)| *era == name)?;
    let mut j = i + 2;
    if chars.get(j).is_some_and(|c| c.c == ' ') {
        j += 1;
    }
    let (year, end) = match chars.get(j)?.c {
        '元' => (1, j + 1),
        c if c.is_ascii_digit() => {
            let (digits, end) = digits(chars, j);
            (digits.parse::<u128>().ok()?, end)
        }
        c if is_kanji_numeral(c) => {
            let end = kanji_run_end(chars, j);
            let run: Vec<char> = chars[j..end].iter().map(|c| c.c).collect();
            let Value { units, scale: 0 } = kanji_value(&run)? else { return None };
            (units, end)
        }
        _ => return None,
    };
    let gregorian = before_first.checked_add(year)?;
    (chars.get(end)?.c == '年' && year > 0).then(|| (Value::integer(gregorian), end + 1))
}

/// The month a word names, in English, French, German or Spanish. English and German
/// names count only capitalised (`may` is a verb), French and Spanish ones in either case.
fn month_number(word: &str) -> Option<u128> {
    const CAPITALISED: &[(&str, u128)] = &[
        ("January", 1), ("February", 2), ("March", 3), ("April", 4), ("May", 5), ("June", 6), ("July", 7), ("August", 8),
        ("September", 9), ("October", 10), ("November", 11), ("December", 12), ("Jan", 1), ("Feb", 2), ("Mar", 3), ("Apr", 4),
        ("Jun", 6), ("Jul", 7), ("Aug", 8), ("Sep", 9), ("Sept", 9), ("Oct", 10), ("Nov", 11), ("Dec", 12), ("Januar", 1),
        ("Februar", 2), ("März", 3), ("Mai", 5), ("Juni", 6), ("Juli", 7), ("Oktober", 10), ("Dezember", 12),
    ];
    const ANY_CASE: &[(&str, u128)] = &[
        ("janvier", 1), ("février", 2), ("mars", 3), ("avril", 4), ("mai", 5), ("juin", 6), ("juillet", 7), ("août", 8),
        ("septembre", 9), ("octobre", 10), ("novembre", 11), ("décembre", 12), ("enero", 1), ("febrero", 2), ("marzo", 3),
        ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7), ("agosto", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10),
        ("noviembre", 11), ("diciembre", 12),
    ];
    CAPITALISED
        .iter()
        .find(|(name, _)| *name == word)
        .or_else(|| ANY_CASE.iter().find(|(name, _)| name.eq_ignore_ascii_case(word) || name.to_lowercase() == word.to_lowercase()))
        .map(|&(_, month)| month)
}

/// Words that may stand between a day and its month: `1st of August`, `1 de agosto`.
const DATE_CONNECTORS: &[&str] = &["of", "de", "del"];

fn skip_spaces_back(chars: &[Char], mut i: usize) -> usize {
    while i > 0 && matches!(chars[i - 1].c, ' ' | '\u{a0}' | '\u{202f}' | '\n') {
        i -= 1;
    }
    i
}

fn word_before(chars: &[Char], end: usize) -> (String, usize) {
    let start = (0..end).rev().take_while(|&j| is_latin_letter(chars[j].c)).last().unwrap_or(end);
    (chars[start..end].iter().map(|c| c.c).collect(), start)
}

/// A day or year stands before the month word at `i`: `1 August`, `1st of August`,
/// `1. August`, `1er août`, `1 de agosto`.
fn number_before(chars: &[Char], i: usize) -> bool {
    let mut j = skip_spaces_back(chars, i);
    let (word, start) = word_before(chars, j);
    if DATE_CONNECTORS.contains(&word.as_str()) {
        j = skip_spaces_back(chars, start);
    }
    if j > 0 && chars[j - 1].c == '.' {
        j -= 1;
    }
    let (suffix, start) = word_before(chars, j);
    if ["st", "nd", "rd", "th", "er", "e"].contains(&suffix.as_str()) {
        j = start;
    }
    j > 0 && chars[j - 1].c.is_ascii_digit()
}

/// A day or year follows the month word ending at `end`: `August 1`, `August 2005`,
/// `agosto de 2005`.
fn number_after(chars: &[Char], end: usize) -> bool {
    let skip = |mut j: usize| {
        while chars.get(j).is_some_and(|c| matches!(c.c, ' ' | '\u{a0}' | '\u{202f}' | '\n' | '.')) {
            j += 1;
        }
        j
    };
    let mut j = skip(end);
    let word_end = (j..chars.len()).find(|&k| !is_latin_letter(chars[k].c)).unwrap_or(chars.len());
    let word: String = chars[j..word_end].iter().map(|c| c.c).collect();
    if DATE_CONNECTORS.contains(&word.as_str()) {
        j = skip(word_end);
    }
    chars.get(j).is_some_and(|c| c.c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Lang {
        Lang { tag: tag.into() }
    }

    /// The values `text` states, as written by Display, in text order.
    fn read(text: &str, tag: &str) -> Vec<String> {
        numbers(text, &lang(tag)).iter().map(|n| n.value.to_string()).collect()
    }

    #[test]
    fn digit_strings_with_the_separators_of_the_language() {
        assert_eq!(read("Nearly 10,000 refugees", "en"), ["10000"]);
        assert_eq!(read("1,234,567.50 yen", "en"), ["1234567.5"]);
        assert_eq!(read("in 2005, 2,000 people", "en"), ["2005", "2000"]);
        assert_eq!(read("items 1,2,3", "en"), ["1", "2", "3"]);
        assert_eq!(read("10.000 Flüchtlinge, 2,5 %", "de"), ["10000", "2.5"]);
        assert_eq!(read("10 000 réfugiés", "fr"), ["10000"]);
        // in English a point is decimal: 10.000 is ten
        assert_eq!(read("10.000", "en"), ["10"]);
        assert_eq!(read("in 2005.", "en"), ["2005"]);
        assert_eq!(read("１０，０００人", "ja"), ["10000"]);
        assert_eq!(read("2005-08-01", "en"), ["2005", "8", "1"]);
    }

    #[test]
    fn myriads_after_digits() {
        assert_eq!(read("1万人近く", "ja"), ["10000"]);
        assert_eq!(read("1만 명", "ko"), ["10000"]);
        assert_eq!(read("3億円", "ja"), ["300000000"]);
        assert_eq!(read("1万2千人", "ja"), ["12000"]);
        assert_eq!(read("3千万", "ja"), ["30000000"]);
        assert_eq!(read("2억 3천만 원", "ko"), ["230000000"]);
        assert_eq!(read("1.5万", "ja"), ["15000"]);
        assert_eq!(read("5천 명", "ko"), ["5000"]);
        // an article number is an ordinal: 조 is not a trillion there
        assert_eq!(read("형법 제47조에", "ko"), ["47"]);
        assert_eq!(read("刑法第47条", "ja"), ["47"]);
    }

    #[test]
    fn kanji_numerals_where_they_count() {
        assert_eq!(read("第四十七条", "ja"), ["47"]);
        assert_eq!(read("三十日以内", "ja"), ["30"]);
        assert_eq!(read("二〇〇五年", "ja"), ["2005"]);
        assert_eq!(read("十か国", "ja"), ["10"]);
        assert_eq!(read("第一条", "ja"), ["1"]);
        // words, not counts
        assert!(read("一日も早く", "ja").is_empty());
        assert!(read("統一的な", "ja").is_empty());
        assert!(read("唯一の", "ja").is_empty());
        assert!(read("万人の", "ja").is_empty());
        assert!(read("二国間", "ja").is_empty());
        assert!(read("一方", "ja").is_empty());
    }

    #[test]
    fn era_years_are_gregorian() {
        assert_eq!(read("平成17年8月1日", "ja"), ["2005", "8", "1"]);
        assert_eq!(read("平成十七年", "ja"), ["2005"]);
        assert_eq!(read("平成十七年八月一日", "ja"), ["2005", "8", "1"]);
        assert_eq!(read("令和元年", "ja"), ["2019"]);
        assert_eq!(read("昭和64年", "ja"), ["1989"]);
        // an era name that is not followed by a year is a word
        assert!(read("平成の", "ja").is_empty());
    }

    #[test]
    fn months_next_to_a_number() {
        assert_eq!(read("On 1 August 2005,", "en"), ["1", "8", "2005"]);
        assert_eq!(read("August 1, 2005", "en"), ["8", "1", "2005"]);
        assert_eq!(read("the 1st of August", "en"), ["1", "8"]);
        assert_eq!(read("le 1er août 2005", "fr"), ["1", "8", "2005"]);
        assert_eq!(read("am 1. August 2005", "de"), ["1", "8", "2005"]);
        assert_eq!(read("el 1 de agosto de 2005", "es"), ["1", "8", "2005"]);
        assert_eq!(read("2005년 8월 1일", "ko"), ["2005", "8", "1"]);
        // a month name with no number, or a verb, is no number
        assert!(read("in August", "en").is_empty());
        assert!(read("members may 2 times", "en") == ["2"]);
        assert!(read("March forward", "en").is_empty());
    }

    #[test]
    fn spans_cover_what_states_the_number() {
        let text = "刑法第47条、1万人";
        let found = numbers(text, &lang("ja"));
        assert_eq!(&text[found[0].span.clone()], "47");
        assert_eq!(&text[found[1].span.clone()], "1万");
        let text = "平成17年";
        assert_eq!(&text[numbers(text, &lang("ja"))[0].span.clone()], "平成17年");
    }

    #[test]
    fn no_text_makes_it_panic() {
        // every string of up to four characters from the ones the reader treats specially
        let alphabet: Vec<char> = "1０,.， 万만조千천第제一十〇平成年元月Aug (".chars().collect();
        let mut text = String::new();
        fn each(alphabet: &[char], text: &mut String, left: usize) {
            for tag in ["en", "de", "ja", "ko"] {
                let _ = numbers(text, &Lang { tag: tag.into() });
            }
            if left == 0 {
                return;
            }
            for &c in alphabet {
                text.push(c);
                each(alphabet, text, left - 1);
                text.pop();
            }
        }
        each(&alphabet, &mut text, 3);
        // an era year that would overflow is read as the plain number it is
        assert_eq!(read(&format!("平成{}年", u128::MAX), "ja"), [u128::MAX.to_string()]);
    }

    #[test]
    fn huge_numbers_are_skipped_not_a_panic() {
        assert!(read(&"9".repeat(60), "en").is_empty());
        assert!(read(&format!("{}万億兆", "9".repeat(37)), "ja").is_empty());
        assert_eq!(read("0.000", "en"), ["0"]);
    }
}
