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
    pub text: String,
    pub span: Range<usize>,
}
