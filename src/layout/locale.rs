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

/// How place and date join: English puts the place first ("Tokyo, August 1, 2005"),
/// Japanese the date ("2005年8月1日　東京にて"). Returns the text between date and place
/// when the date comes first (else empty), and the text after the place (or between
/// place and date).
pub fn place_date_joiners(lang: &Lang) -> (&'static str, &'static str) {
    if lang.is_japanese() { ("　", "にて") } else { ("", ", ") }
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
        assert_eq!(format_date(&en, d), "August 1, 2005");
        assert_eq!(format_date(&ja, d), "2005年8月1日");
        assert_eq!(place_date_joiners(&en), ("", ", "));
        assert_eq!(place_date_joiners(&ja), ("　", "にて"));
    }
}
