//! Where a key or an array element stands in a TOML file.
//!
//! The model keeps spans for its texts only; a comparison also has to point at a date, a
//! `[style]` key, an `organizations` array or a `[[resolution.clauses]]` table. The file
//! (already validated) is read once more as a spanned tree, and paths of keys and indices
//! are looked up in it.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// One step of a path: a key of a table or an index of an array.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The spanned tree of one file.
pub struct Locator<'i> {
    root: Option<Spanned<DeTable<'i>>>,
}

impl<'i> Locator<'i> {
    pub fn new(text: &'i str) -> Locator<'i> {
        Locator { root: DeTable::parse(text).ok() }
    }

    /// The span of the value at `path`: for a key, its value (a string with its quotes, an
    /// array with its brackets, a date); for a table in an array of tables, its header.
    pub fn value(&self, path: &[Step<'_>]) -> Option<Range<usize>> {
        let root = self.root.as_ref()?;
        let mut table: Option<&DeTable<'i>> = Some(root.get_ref());
        let mut array: Option<&DeArray<'i>> = None;
        let mut found = None;
        for step in path {
            let value = match *step {
                Step::Key(name) => table?.iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v)?,
                Step::Index(i) => array?.get(i)?,
            };
            table = None;
            array = None;
            match value.get_ref() {
                DeValue::Table(t) => table = Some(t),
                DeValue::Array(a) => array = Some(a),
                _ => {}
            }
            found = Some(value.span());
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[document]\ntitle = \"T\"\ndate = 2005-08-01\n\n[[signatories]]\ncountry = \"Japan\"\norganizations = [\"A\", \"B\"]\n\n[[resolution.clauses]]\ntext = \"x\"\nitems = [\"a\", { text = \"b\", items = [\"c\"] }]\n";

    fn at(span: Option<Range<usize>>) -> &'static str {
        span.map_or("", |s| &TEXT[s])
    }

    #[test]
    fn paths_reach_keys_values_and_elements() {
        let l = Locator::new(TEXT);
        assert_eq!(at(l.value(&[Step::Key("document"), Step::Key("date")])), "2005-08-01");
        let orgs = [Step::Key("signatories"), Step::Index(0), Step::Key("organizations")];
        assert_eq!(at(l.value(&orgs)), "[\"A\", \"B\"]");
        let sub = [Step::Key("resolution"), Step::Key("clauses"), Step::Index(0), Step::Key("items"), Step::Index(1), Step::Key("items")];
        assert_eq!(at(l.value(&sub)), "[\"c\"]");
        // a table of an array of tables, and a table, are their headers
        assert_eq!(at(l.value(&[Step::Key("signatories"), Step::Index(0)])), "[[signatories]]");
        assert_eq!(at(l.value(&[Step::Key("resolution"), Step::Key("clauses"), Step::Index(0)])), "[[resolution.clauses]]");
        assert_eq!(at(l.value(&[Step::Key("document")])), "[document]");
        assert!(l.value(&[Step::Key("document"), Step::Key("place")]).is_none());
    }
}
