//! File names for generated copies: a slug of a name, unique within one run.

/// Lower-case letters and digits of any script, words joined by `-`: "Life Funds for
/// North Korean Refugees" → "life-funds-for-north-korean-refugees", 「特定失踪者問題調査会」
/// stays as it is. Never empty, at most 80 characters, safe on every file system.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
        if out.chars().count() >= 80 {
            break;
        }
    }
    if out.is_empty() { "copy".into() } else { out }
}

/// A slug for each name, made unique with "-2", "-3" … in order.
pub fn unique_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    resolution_pdf::unicode::made_unique(names.into_iter().map(slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Life Funds for North Korean Refugees"), "life-funds-for-north-korean-refugees");
        assert_eq!(slug("Rescue The North Korean People! Urgent Action Network (RENK)"), "rescue-the-north-korean-people-urgent-action-network-renk");
        assert_eq!(slug("Women’s League of Burma"), "women-s-league-of-burma");
        assert_eq!(slug("特定失踪者問題調査会"), "特定失踪者問題調査会");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("***"), "copy");
    }

    #[test]
    fn names_that_slug_alike_stay_apart() {
        assert_eq!(unique_slugs(["A B", "a-b", "A  B!", "C"]), ["a-b", "a-b-2", "a-b-3", "c"]);
    }
}
