//! Names of the files a run writes. One rule, in the README's table:
//!
//! | output of | named |
//! |---|---|
//! | an input, alone or from a folder | its file stem as it is: `resolution.ja.toml` → `resolution.ja.pdf` |
//! | a `--each` row without `--name` or `file` | stem and row, zero-padded to the last row: `r-02.pdf` … `r-11.pdf` |
//! | a `--each` row with `--name PATTERN` | the filled pattern as a portable slug: ASCII, lower case, `-` between words |
//! | a `--each` row with a `file` column | the value as given, only characters no file name may hold replaced |
//! | a `--per-signatory` copy | the organisation's name as a slug |
//!
//! Two outputs of one run that would be one file are an error naming both (exit 2),
//! never a silent `-2`.

/// Lower-case ASCII letters and digits, words joined by `-`: "Life Funds for North
/// Korean Refugees" → "life-funds-for-north-korean-refugees"; other scripts are
/// transliterated (deunicode): 「特定失踪者問題調査会」 → "te-ding-shi-zong-zhe-wen-ti-diao-cha-hui",
/// "Assemblée nationale" → "assemblee-nationale". Never empty, at most 80 characters, the
/// same on every file system and in every shell.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in deunicode::deunicode(name).chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    if out.is_empty() { "copy".into() } else { out }
}

/// A name given for a file (a CSV's `file` column), kept as given: only what no file
/// name may hold on common systems — path separators, control characters, `<>:"|?*` —
/// becomes `-`, and a `.pdf` ending and spaces or dots at the ends are dropped ("Sweden
/// Copy.PDF" → "Sweden Copy"). None when nothing is left (the row is then named by its
/// number).
pub fn file_name(given: &str) -> Option<String> {
    let replaced: String = given.chars().map(|c| if c.is_control() || "/\\<>:\"|?*".contains(c) { '-' } else { c }).collect();
    let name = replaced.trim();
    // (`get`: the last four bytes may not start at a character)
    let name = match name.len().checked_sub(4) {
        Some(at) if name.get(at..).is_some_and(|end| end.eq_ignore_ascii_case(".pdf")) => &name[..at],
        _ => name,
    };
    let name = name.trim_matches(|c: char| c == '.' || c.is_whitespace());
    (!name.is_empty() && name.chars().any(|c| c != '-')).then(|| within_bytes(name, MAX_NAME_BYTES).to_string())
}

/// Most file systems hold 255 bytes a name; with `.pdf` and room to spare, a given name
/// is cut (at a character) to this many bytes — 200 characters of CJK are 600.
const MAX_NAME_BYTES: usize = 200;

/// The longest start of `text` within `bytes` bytes, ending at a character.
fn within_bytes(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What makes two file names one file on some system: case (macOS, Windows) and
/// Unicode normalisation (macOS stores names decomposed).
pub fn collision_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().flat_map(char::to_lowercase).collect()
}

/// The name of a `--each` row without a pattern: the input's stem and the row, padded to
/// the width of the last row so that the files sort in row order.
pub fn row_name(stem: &str, row: usize, last_row: usize) -> String {
    let width = last_row.to_string().len();
    format!("{stem}-{row:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Life Funds for North Korean Refugees"), "life-funds-for-north-korean-refugees");
        assert_eq!(slug("Rescue The North Korean People! Urgent Action Network (RENK)"), "rescue-the-north-korean-people-urgent-action-network-renk");
        assert_eq!(slug("Women’s League of Burma"), "women-s-league-of-burma");
        assert_eq!(slug("Assemblée nationale (France)"), "assemblee-nationale-france");
        assert_eq!(slug("特定失踪者問題調査会"), "te-ding-shi-zong-zhe-wen-ti-diao-cha-hui");
        assert_eq!(slug("서울 난민 포럼"), "seoul-nanmin-poreom");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("***"), "copy");
        assert!(slug(&"ab ".repeat(100)).len() <= 82);
    }

    #[test]
    fn file_names_are_kept_as_given() {
        assert_eq!(file_name("Sweden Copy.PDF").as_deref(), Some("Sweden Copy"));
        assert_eq!(file_name("Assemblée nationale").as_deref(), Some("Assemblée nationale"));
        assert_eq!(file_name("../x/y").as_deref(), Some("-x-y"));
        assert_eq!(file_name("a:b*c?").as_deref(), Some("a-b-c-"));
        assert_eq!(file_name("  . "), None);
        assert_eq!(file_name("/"), None);
        assert_eq!(file_name(".pdf"), None);
        // a name that ends in a character of several bytes (the .pdf test sliced by byte)
        assert_eq!(file_name("東京").as_deref(), Some("東京"));
        assert_eq!(file_name("Seoul 서울.pdf").as_deref(), Some("Seoul 서울"));
        // cut to 200 bytes at a character: 150 CJK characters are 450 bytes
        let long = file_name(&format!("{}a", "議".repeat(150))).unwrap();
        assert!(long.len() <= 200 && long.chars().all(|c| c == '議'), "{long}");
    }

    #[test]
    fn names_one_file_system_confuses_collide() {
        assert_eq!(collision_key("A.pdf"), collision_key("a.pdf"));
        assert_eq!(collision_key("R\u{e9}sum\u{e9}.pdf"), collision_key("Re\u{301}sume\u{301}.pdf"));
        assert_ne!(collision_key("a.pdf"), collision_key("b.pdf"));
    }

    #[test]
    fn rows_are_padded_to_the_last() {
        assert_eq!(row_name("r", 2, 9), "r-2");
        assert_eq!(row_name("r", 2, 11), "r-02");
        assert_eq!(row_name("r", 101, 101), "r-101");
    }
}
