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
}

pub fn labels(lang: &Lang) -> Labels {
    if lang.is_japanese() {
        Labels { to: "宛先：", signatories: "署名団体", resolution: "決議" }
    } else {
        Labels { to: "To:", signatories: "Signatories", resolution: "Resolution" }
    }
}

/// "Tokyo, August 1, 2005" in English; "2005年8月1日　東京にて" in Japanese.
pub fn place_and_date(lang: &Lang, place: Option<&str>, date: Option<Date>) -> Option<String> {
    let date = date.map(|d| format_date(lang, d));
    match (place, date) {
        (None, None) => None,
        (Some(p), None) => Some(p.to_string()),
        (None, Some(d)) => Some(d),
        (Some(p), Some(d)) if lang.is_japanese() => Some(format!("{d}　{p}にて")),
        (Some(p), Some(d)) => Some(format!("{p}, {d}")),
    }
}

pub fn format_date(lang: &Lang, d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ];
    if lang.is_japanese() {
        format!("{}年{}月{}日", d.year, d.month, d.day)
    } else {
        let month = MONTHS.get(usize::from(d.month).saturating_sub(1)).copied().unwrap_or("?");
        format!("{month} {}, {}", d.day, d.year)
    }
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
        assert_eq!(place_and_date(&en, Some("Tokyo"), Some(d)).unwrap(), "Tokyo, August 1, 2005");
        assert_eq!(place_and_date(&en, None, Some(d)).unwrap(), "August 1, 2005");
        assert_eq!(format_date(&ja, d), "2005年8月1日");
        assert_eq!(place_and_date(&en, None, None), None);
    }
}
