//! The words the program itself prints, and dates, in the document's language.

use crate::model::{Date, Lang};

/// Built-in labels, one set per language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// Before the addressee.
    pub to: &'static str,
    /// Heading of the signatory list.
    pub signatories: &'static str,
    /// Heading of the resolution proper.
    pub resolution: &'static str,
    /// Heading of the signature page.
    pub signatures: &'static str,
    /// Before the date, the printed name and the office on a signature block.
    pub date: &'static str,
    pub name: &'static str,
    pub office: &'static str,
}

pub fn labels(lang: &Lang) -> Labels {
    if lang.is_japanese() {
        Labels { to: "宛先：", signatories: "署名団体", resolution: "決議", signatures: "署名", date: "日付：", name: "氏名：", office: "役職：" }
    } else {
        Labels { to: "To:", signatories: "Signatories", resolution: "Resolution", signatures: "Signatures", date: "Date:", name: "Name:", office: "Title:" }
    }
}

/// How place and date join: English puts the place first ("Tokyo, August 1, 2005"),
/// Japanese the date ("2005年8月1日　東京にて"). Returns the text between date and place
/// when the date comes first (else empty), and the text after the place (or between
/// place and date).
pub fn place_date_joiners(lang: &Lang) -> (&'static str, &'static str) {
    if lang.is_japanese() { ("　", "にて") } else { ("", ", ") }
}

/// The date as the document's language writes it; Japanese with the era name
/// (平成17年8月1日, 令和元年5月1日) when `era` is set.
pub fn format_date(lang: &Lang, d: Date, era: bool) -> String {
    const MONTHS: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ];
    if lang.is_japanese() {
        let year = if era { japanese_era_year(d) } else { None }.unwrap_or_else(|| d.year.to_string());
        format!("{year}年{}月{}日", d.month, d.day)
    } else {
        let month = MONTHS.get(usize::from(d.month).saturating_sub(1)).copied().unwrap_or("?");
        format!("{month} {}, {}", d.day, d.year)
    }
}

/// "平成17" for 2005-08-01; `None` before Meiji 6 (1873), when Japan took up the
/// Gregorian calendar. The first year of an era is 元年.
fn japanese_era_year(d: Date) -> Option<String> {
    // (first day, name)
    const ERAS: [((u16, u8, u8), &str); 5] =
        [((2019, 5, 1), "令和"), ((1989, 1, 8), "平成"), ((1926, 12, 25), "昭和"), ((1912, 7, 30), "大正"), ((1873, 1, 1), "明治")];
    let (start, name) = ERAS.iter().find(|(start, _)| (d.year, d.month, d.day) >= *start)?;
    // Meiji counts from 1868 even though the Gregorian calendar came in 1873.
    let first_year = if *name == "明治" { 1868 } else { start.0 };
    let n = d.year - first_year + 1;
    Some(if n == 1 { format!("{name}元") } else { format!("{name}{n}") })
}

/// The footer note of a signatory's own copy: "Copy for …", 「…　控」.
pub fn copy_for(lang: &Lang, organisation: &str) -> String {
    if lang.is_japanese() { format!("{organisation}\u{3000}控") } else { format!("Copy for {organisation}") }
}

/// What marks a group's heading repeated where the group continues: the text before
/// and after the name ("Japan (continued)", 「日本（続き）」).
pub fn continued(lang: &Lang) -> (&'static str, &'static str) {
    if lang.is_japanese() { ("", "（続き）") } else { ("", " (continued)") }
}

/// The mark in short, for a column too narrow for the heading with the full one ("Myanmar
/// (Burma) (cont.)"); the Japanese one is short already.
pub fn continued_short(lang: &Lang) -> (&'static str, &'static str) {
    if lang.is_japanese() { continued(lang) } else { ("", " (cont.)") }
}

/// The page number in the footer: "2 / 5".
pub fn page_number(page: usize, pages: usize) -> String {
    format!("{page} / {pages}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let d = Date { year: 2005, month: 8, day: 1 };
        let en = Lang::default();
        let ja = Lang { tag: "ja".into() };
        assert_eq!(format_date(&en, d, false), "August 1, 2005");
        assert_eq!(format_date(&en, d, true), "August 1, 2005", "eras are Japanese only");
        assert_eq!(format_date(&ja, d, false), "2005年8月1日");
        assert_eq!(format_date(&ja, d, true), "平成17年8月1日");
        let on = |year, month, day| format_date(&ja, Date { year, month, day }, true);
        assert_eq!(on(2019, 4, 30), "平成31年4月30日");
        assert_eq!(on(2019, 5, 1), "令和元年5月1日");
        assert_eq!(on(1989, 1, 7), "昭和64年1月7日");
        assert_eq!(on(1989, 1, 8), "平成元年1月8日");
        assert_eq!(on(1926, 12, 25), "昭和元年12月25日");
        assert_eq!(on(1900, 1, 1), "明治33年1月1日");
        assert_eq!(on(1850, 1, 1), "1850年1月1日");
        assert_eq!(place_date_joiners(&en), ("", ", "));
        assert_eq!(place_date_joiners(&ja), ("　", "にて"));
    }
}
