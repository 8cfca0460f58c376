//! Dates as the document's language writes them: CLDR's long date (year, month and day,
//! no weekday) through ICU4X's compiled data, and the Japanese era name when the style
//! asks for it.

use icu_calendar::cal::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date as IcuDate;
use icu_datetime::options::YearStyle;
use icu_locale_core::subtags::language;
use icu_locale_core::{Locale, locale};

use crate::model::{Date, Lang};

/// CLDR's long date: "August 1, 2005", "1 août 2005", "2005年8月1日". The year in full,
/// said outright: ICU's default year style may abbreviate it to two digits.
const LONG_DATE: YMD = YMD::long().with_year_style(YearStyle::Full);

/// Always the Gregorian calendar, whatever the tag's `-u-ca-` or the language's default
/// (Thai's is Buddhist): the document gives its dates in that calendar, the printed year
/// must be the one written in the input, and only one calendar's data is compiled in.
type LongDateFormatter = FixedCalendarDateTimeFormatter<Gregorian, YMD>;

/// The date as the document's language writes it; Japanese with the era name
/// (平成17年8月1日, 令和元年5月1日) when `era` is set. A tag ICU cannot read
/// ("x-klingon") or a language CLDR has no dates for ("tlh") gets English.
pub fn format_date(lang: &Lang, d: Date, era: bool) -> String {
    let Ok(date) = IcuDate::try_new_gregorian(i32::from(d.year), d.month, d.day) else {
        // The model lets no impossible date through; should one come, ISO 8601 still
        // shows what was written rather than a wrong day.
        return iso_8601(d);
    };
    // A tag ICU cannot read is English throughout, era included, even when its first
    // subtag says `ja` ("ja-").
    let locale = Locale::try_from_str(&lang.tag).ok();
    if era
        && locale.as_ref().is_some_and(|l| l.id.language == language!("ja"))
        && let Some(year) = japanese_era_year(d)
    {
        return format!("{year}年{}月{}日", d.month, d.day);
    }
    // the tag, then its language alone (CLDR has no dates for "ko-Hang" but has Korean's),
    // then English
    let language = locale.as_ref().map(|l| Locale::from(l.id.language));
    locale
        .and_then(|locale| long_date_in(locale, &date))
        .or_else(|| language.and_then(|l| long_date_in(l, &date)))
        .or_else(|| long_date_in(locale!("en"), &date))
        .unwrap_or_else(|| iso_8601(d))
}

/// "2005-08-01": when no language's words apply.
fn iso_8601(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// The long date in `locale`, or `None` when CLDR has no dates of its own for its
/// language. ICU then falls back to the root locale, which writes months as numbers
/// ("2005 M08 1"): nobody writes a date that way, so that output is the sign.
///
/// The formatters are built afresh on every call: from compiled data that takes a couple
/// of microseconds, a few dates per document, and a cache would share a lock between
/// the threads that render documents in parallel for no measurable gain.
fn long_date_in(locale: Locale, date: &IcuDate<Gregorian>) -> Option<String> {
    let written = LongDateFormatter::try_new(locale.into(), LONG_DATE).ok()?.format(date).to_string();
    let root = LongDateFormatter::try_new(Locale::UNKNOWN.into(), LONG_DATE).ok()?.format(date).to_string();
    (written != root).then_some(written)
}

/// "平成17" for 2005-08-01; `None` before Meiji 6 (1873), when Japan took up the
/// Gregorian calendar. The first year of an era is 元年.
///
/// Hand-written rather than ICU's Japanese calendar: ICU agrees from 1873 on (a test
/// checks every day), but writes earlier dates as "西暦1850年1月1日" where a Japanese
/// document writes "1850年1月1日", and its calendar would add a second calendar's data.
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

    fn lang(tag: &str) -> Lang {
        Lang { tag: tag.into() }
    }

    const AUGUST_1_2005: Date = Date { year: 2005, month: 8, day: 1 };

    #[test]
    fn dates_in_both_languages() {
        let d = AUGUST_1_2005;
        let en = Lang::default();
        let ja = lang("ja");
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

    /// What ICU 2.4 prints from CLDR for each language the program is used in.
    #[test]
    fn cldr_long_dates() {
        for (tag, expected) in [
            ("en", "August 1, 2005"),
            ("en-US", "August 1, 2005"),
            ("en-GB", "1 August 2005"),
            ("fr", "1 août 2005"),
            ("de", "1. August 2005"),
            // a script CLDR has no dates for falls back to the language's own
            ("ko-Hang", "2005년 8월 1일"),
            ("fr-Kore", "1 août 2005"),
            ("es", "1 de agosto de 2005"),
            ("ja", "2005年8月1日"),
            ("ko", "2005년 8월 1일"),
            ("zh-Hans", "2005年8月1日"),
            ("zh-Hant", "2005年8月1日"),
            ("zh-Hant-TW", "2005年8月1日"),
        ] {
            assert_eq!(format_date(&lang(tag), AUGUST_1_2005, false), expected, "{tag}");
        }
    }

    #[test]
    fn era_is_japanese_only() {
        for tag in ["fr", "de", "ko", "zh-Hant-TW"] {
            let l = lang(tag);
            assert_eq!(format_date(&l, AUGUST_1_2005, true), format_date(&l, AUGUST_1_2005, false), "{tag}");
        }
        assert_eq!(format_date(&lang("ja-JP"), AUGUST_1_2005, true), "平成17年8月1日");
    }

    #[test]
    fn calendar_is_gregorian_whatever_the_tag() {
        assert_eq!(format_date(&lang("ja-u-ca-japanese"), AUGUST_1_2005, false), "2005年8月1日");
        assert!(format_date(&lang("th"), AUGUST_1_2005, false).ends_with("2005"), "not the Buddhist 2548");
    }

    #[test]
    fn unknown_tags_and_languages_get_english() {
        // Unreadable tags, a private-use tag, and languages CLDR has no dates for.
        for tag in ["x-klingon", "tlh", "tlh-Latn", "und", "", "en_GB", "-", "ja-", "日本語"] {
            assert_eq!(format_date(&lang(tag), AUGUST_1_2005, false), "August 1, 2005", "{tag:?}");
            assert_eq!(format_date(&lang(tag), AUGUST_1_2005, true), "August 1, 2005", "{tag:?}");
        }
        // A private-use subtag after a known language keeps the language.
        assert_eq!(format_date(&lang("fr-x-klingon"), AUGUST_1_2005, false), "1 août 2005");
    }

    #[test]
    fn odd_tags_and_dates_do_not_panic() {
        let tags = ["en", "ja", "x-klingon", "tlh", "en-u-ca-islamic", "de-u-nu-thai", "a-b-c", "x", &"a".repeat(300)];
        let dates = [
            Date { year: 1, month: 1, day: 1 },
            Date { year: 9999, month: 12, day: 31 },
            Date { year: u16::MAX, month: 12, day: 31 },
            Date { year: 2005, month: 0, day: 1 },
            Date { year: 2005, month: 13, day: 1 },
            Date { year: 2005, month: 2, day: 30 },
            Date { year: 2005, month: 8, day: 0 },
        ];
        for tag in tags {
            for d in dates {
                for era in [false, true] {
                    assert!(!format_date(&lang(tag), d, era).is_empty());
                }
            }
        }
        assert_eq!(format_date(&lang("ja"), Date { year: 2005, month: 2, day: 30 }, true), "2005-02-30");
    }

    /// The hand-written era table against ICU's Japanese calendar, every day from 1873
    /// (before it the two differ on purpose: ICU writes 西暦).
    #[test]
    fn era_table_agrees_with_cldr() {
        use icu_calendar::cal::Japanese;
        let icu = FixedCalendarDateTimeFormatter::<Japanese, _>::try_new(locale!("ja").into(), YMD::long()).unwrap();
        let ja = lang("ja");
        for year in 1873..=2040 {
            for month in 1..=12 {
                for day in 1..=31 {
                    let Ok(date) = IcuDate::try_new_gregorian(i32::from(year), month, day) else { continue };
                    let expected = icu.format(&date.to_calendar(Japanese::new())).to_string();
                    assert_eq!(format_date(&ja, Date { year, month, day }, true), expected);
                }
            }
        }
    }
}
