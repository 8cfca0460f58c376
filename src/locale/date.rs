//! Dates as the document's language writes them.

use crate::model::{Date, Lang};

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
    }
}
