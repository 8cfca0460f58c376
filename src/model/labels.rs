//! The words the program prints itself — "To:", "Signatories", "Copy for …" — as keys of
//! the `[labels]` table. The built-in wording per language lives in `crate::locale`; this
//! is the list of keys and what each may contain, read by the parser, the schema and the
//! documentation.

use std::collections::BTreeMap;
use std::ops::Range;

/// One printed word or phrase the input may reword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelKey {
    /// The key in `[labels]`.
    pub name: &'static str,
    /// The placeholders the wording may (and, where it names a value, should) contain,
    /// written `{name}` in the value.
    pub placeholders: &'static [&'static str],
    /// The English wording, for documentation and messages.
    pub english: &'static str,
    /// What it is, for documentation and the schema.
    pub doc: &'static str,
}

/// Every key of `[labels]`, in the order the documentation lists them.
pub const LABEL_KEYS: &[LabelKey] = &[
    LabelKey { name: "to", placeholders: &[], english: "To:", doc: "before the addressee" },
    LabelKey { name: "signatories", placeholders: &[], english: "Signatories", doc: "heading of the list of signatory organisations" },
    LabelKey { name: "resolution", placeholders: &[], english: "Resolution", doc: "heading of the resolution proper" },
    LabelKey { name: "signatures", placeholders: &[], english: "Signatures", doc: "heading of the signature page" },
    LabelKey { name: "name", placeholders: &[], english: "Name:", doc: "before the printed name on a signature block" },
    LabelKey { name: "title", placeholders: &[], english: "Title:", doc: "before the signer's office on a signature block" },
    LabelKey { name: "date", placeholders: &[], english: "Date:", doc: "before the date on a signature block" },
    LabelKey {
        name: "place_date",
        placeholders: &["place", "date"],
        english: "{place}, {date}",
        doc: "the line with the place and the date, when both are given",
    },
    LabelKey {
        name: "copy_for",
        placeholders: &["organization"],
        english: "Copy for {organization}",
        doc: "footer of a signatory's own copy",
    },
    LabelKey {
        name: "continued",
        placeholders: &["heading"],
        english: "{heading} (continued)",
        doc: "a group's heading repeated where the group continues on a new page or column",
    },
    LabelKey {
        name: "continued_short",
        placeholders: &["heading"],
        english: "{heading} (cont.)",
        doc: "the same in a column too narrow for the long form",
    },
    LabelKey { name: "page", placeholders: &["page", "pages"], english: "{page} / {pages}", doc: "the page number in the footer" },
    LabelKey {
        name: "signature_of",
        placeholders: &["signer"],
        english: "Signature of {signer}",
        doc: "alternative text of a scanned signature (the signer: the representative and the organisation, or the organisation)",
    },
    LabelKey { name: "seal_of", placeholders: &["organization"], english: "Seal of {organization}", doc: "alternative text of a scanned seal" },
];

/// The names of [`LABEL_KEYS`], in the same order: the keys `[labels]` allows.
pub const LABEL_NAMES: [&str; LABEL_KEYS.len()] = {
    let mut names = [""; LABEL_KEYS.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = LABEL_KEYS[i].name;
        i += 1;
    }
    names
};

/// The languages, by primary subtag, whose wording of every key (and whose dates) the
/// program knows; a document in any other language gets the English wording unless
/// `[labels]` rewords every key.
pub const BUILTIN_LABEL_LANGUAGES: &[&str] = &["en", "ja", "ko", "zh", "fr", "de", "es"];

/// The keys whose wording may be empty: each stands before a value ("To:", "Name:"), and
/// some styles print the value alone. The others would leave a heading or sentence with
/// nothing in it.
const MAY_BE_EMPTY: &[&str] = &["to", "name", "title", "date"];

impl LabelKey {
    /// An empty value drops the label and keeps what follows it.
    pub fn may_be_empty(&self) -> bool {
        MAY_BE_EMPTY.contains(&self.name)
    }
}

/// The key called `name`, if there is one.
pub fn label_key(name: &str) -> Option<&'static LabelKey> {
    LABEL_KEYS.iter().find(|k| k.name == name)
}

/// Wording from the input's `[labels]` table, by key; each value is checked to use only
/// its key's placeholders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelOverrides {
    pub values: BTreeMap<&'static str, LabelValue>,
}

/// One reworded label and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelValue {
    /// The wording as written (after TOML's own unescaping): placeholders as `{name}`,
    /// literal braces still doubled as `{{` and `}}`, so that a literal `{{place}}` is
    /// never taken for a placeholder. [`LabelValue::fill`] substitutes and unescapes in
    /// one pass. A value of only white space is stored empty (`to`, `name`, `title`,
    /// `date` may be empty; the parser refuses it for the others).
    pub text: String,
    /// Byte span of the TOML string in the source (quotes included), or a marker for a
    /// value set from outside the file.
    pub span: Range<usize>,
}

impl LabelValue {
    /// The wording with its placeholders replaced by `values` (name, value); see
    /// [`fill_placeholders`].
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        fill_placeholders(&self.text, values)
    }
}

/// A piece of a label's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPiece<'a> {
    /// Text printed as it is: a doubled brace is already single here.
    Literal(&'a str),
    /// `{name}`, with the byte offset of its `{`.
    Placeholder { name: &'a str, offset: usize },
}

/// A brace in a label's wording that is neither doubled nor part of a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnmatchedBrace {
    /// A `{` with no `}` after it (before the next `{`), at this byte offset.
    Open(usize),
    /// A `}` that closes nothing, at this byte offset.
    Close(usize),
}

/// Split a label's wording into literal text and `{name}` placeholders. `{{` and `}}`
/// stand for one literal brace, as in Rust's `format!` and Python's `str.format`: braces
/// are rare in labels, and doubling keeps every other character as it is.
pub fn label_pieces(wording: &str) -> Result<Vec<LabelPiece<'_>>, UnmatchedBrace> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    let bytes = wording.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'}' if bytes.get(i + 1) == Some(&bytes[i]) => {
                // the first of the two braces is the literal one
                push_literal(&mut pieces, &wording[literal_start..=i]);
                i += 2;
                literal_start = i;
            }
            b'{' => {
                let rest = &wording[i + 1..];
                let end = rest.find(['{', '}']).filter(|&e| rest.as_bytes()[e] == b'}').ok_or(UnmatchedBrace::Open(i))?;
                push_literal(&mut pieces, &wording[literal_start..i]);
                pieces.push(LabelPiece::Placeholder { name: &rest[..end], offset: i });
                i += end + 2;
                literal_start = i;
            }
            b'}' => return Err(UnmatchedBrace::Close(i)),
            _ => i += 1,
        }
    }
    push_literal(&mut pieces, &wording[literal_start..]);
    Ok(pieces)
}

fn push_literal<'a>(pieces: &mut Vec<LabelPiece<'a>>, text: &'a str) {
    if !text.is_empty() {
        pieces.push(LabelPiece::Literal(text));
    }
}

/// `wording` (a [`LABEL_KEYS`] English wording or a checked [`LabelValue::text`]) with
/// every `{name}` replaced by its value in `values` and doubled braces made single. A
/// placeholder without a value is left out; wording with an unmatched brace (which the
/// parser refuses) is returned as it is.
pub fn fill_placeholders(wording: &str, values: &[(&str, &str)]) -> String {
    let Ok(pieces) = label_pieces(wording) else { return wording.to_string() };
    let mut out = String::with_capacity(wording.len());
    for piece in pieces {
        match piece {
            LabelPiece::Literal(text) => out.push_str(text),
            LabelPiece::Placeholder { name, .. } => {
                if let Some((_, value)) = values.iter().find(|(n, _)| *n == name) {
                    out.push_str(value);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_placeholders_and_doubled_braces() {
        use LabelPiece::*;
        assert_eq!(
            label_pieces("Copy for {organization}").unwrap(),
            [Literal("Copy for "), Placeholder { name: "organization", offset: 9 }]
        );
        assert_eq!(label_pieces("{{page}} {page}}}").unwrap(), [
            Literal("{"),
            Literal("page}"),
            Literal(" "),
            Placeholder { name: "page", offset: 9 },
            Literal("}"),
        ]);
        assert_eq!(label_pieces("").unwrap(), []);
        assert_eq!(label_pieces("{}").unwrap(), [Placeholder { name: "", offset: 0 }]);
        assert_eq!(label_pieces("a {b"), Err(UnmatchedBrace::Open(2)));
        assert_eq!(label_pieces("{a {b}"), Err(UnmatchedBrace::Open(0)));
        assert_eq!(label_pieces("a} b"), Err(UnmatchedBrace::Close(1)));
        assert_eq!(label_pieces("{{a}"), Err(UnmatchedBrace::Close(3)));
    }

    #[test]
    fn filling_substitutes_and_unescapes() {
        assert_eq!(fill_placeholders("{place}, {date}", &[("date", "1 août 2005"), ("place", "Paris")]), "Paris, 1 août 2005");
        assert_eq!(fill_placeholders("{{page}} {page}", &[("page", "3")]), "{page} 3");
        assert_eq!(fill_placeholders("{page} / {pages}", &[("page", "3")]), "3 / ");
        let value = LabelValue { text: "Exemplaire de {organization}".into(), span: 0..0 };
        assert_eq!(value.fill(&[("organization", "ACAT")]), "Exemplaire de ACAT");
    }

    #[test]
    fn english_wording_uses_only_its_own_placeholders() {
        for key in LABEL_KEYS {
            for piece in label_pieces(key.english).unwrap() {
                if let LabelPiece::Placeholder { name, .. } = piece {
                    assert!(key.placeholders.contains(&name), "{}: {name}", key.name);
                }
            }
        }
        assert_eq!(LABEL_NAMES.len(), LABEL_KEYS.len());
        assert_eq!(LABEL_NAMES[0], "to");
    }

    #[test]
    fn the_documentation_lists_every_key_with_its_wording() {
        let docs = include_str!("../../docs/input-format.md");
        for key in LABEL_KEYS {
            let row = format!("| `{}` | `{}` |", key.name, key.english);
            assert!(docs.contains(&row), "docs/input-format.md lacks the row `{row}`");
        }
        for language in BUILTIN_LABEL_LANGUAGES {
            assert!(docs.contains(&format!("`{language}")), "docs/input-format.md does not name `{language}`");
        }
    }
}
