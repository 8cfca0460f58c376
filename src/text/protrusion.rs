//! Optical margin alignment: how far a glyph at the edge of a justified line stands out
//! into the margin.
//!
//! A hyphen or a comma at the right edge carries little ink for its box, so a line that
//! ends with one looks a little short; a typesetter lets such glyphs hang into the margin
//! so that the edge the eye sees is straight (microtype's protrusion, Typst's hanging
//! punctuation). The amounts are fractions of the glyph's own advance, close to
//! microtype's default set for Latin text: marks that are mostly blank hang most.

/// The fractions of its advance that `c` may stand out at the start and at the end of a
/// line: (left, right).
pub fn protrusion(c: char) -> (f32, f32) {
    match c {
        // hyphens hang most: a thin bar in a wide box
        '-' | '\u{2010}' | '\u{2011}' | '\u{AD}' => (0.0, 0.7),
        '\u{2013}' => (0.2, 0.4),
        '\u{2014}' => (0.1, 0.25),
        '.' | ',' => (0.0, 0.7),
        ':' | ';' => (0.0, 0.45),
        '!' | '?' => (0.0, 0.2),
        '\u{2019}' | '\u{201D}' | '\'' | '"' => (0.0, 0.6),
        '\u{2018}' | '\u{201C}' => (0.6, 0.0),
        '\u{201A}' | '\u{201E}' => (0.4, 0.4),
        '(' | '[' => (0.2, 0.0),
        ')' | ']' => (0.0, 0.2),
        _ => (0.0, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_hangs_letters_do_not() {
        for c in ['-', ',', '.', '\u{201D}', '\u{2019}'] {
            assert!(protrusion(c).1 >= 0.5, "{c}");
        }
        assert!(protrusion('\u{201C}').0 >= 0.5);
        for c in ['a', 'N', '7', ' '] {
            assert_eq!(protrusion(c), (0.0, 0.0), "{c}");
        }
    }
}
