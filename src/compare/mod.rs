//! A translation checked against its original: the same structure, the same dates and
//! page, the same numbers, acronyms and emphasis.
//!
//! [`compare`] takes two validated documents and returns [`Diagnostic`]s located in the
//! translation, each with a hint naming the place of its counterpart in the original:
//! - errors where the two cannot be the same document: a different number of signatory
//!   groups, of organisations in a group, of preamble or closing paragraphs, of clauses or
//!   of items at any level (so a different nesting too); a printed text one has and the
//!   other not (a subtitle, an intro, a representative); a different date; a different
//!   page structure (paper, signatory columns, the signature page and its columns);
//! - warnings where a faithful translation agrees but this one may not: the numbers of a
//!   text pair compared by value as multisets (see [`numbers`]), Latin acronyms given in
//!   parentheses, and inline emphasis.
//!
//! What may differ per language, and is not compared: the language itself, fonts, font
//! size, margins, numbering styles, labels, the era form of dates, the running head,
//! metadata other than the date (keywords, short title), signature and seal images.

mod locate;
mod marks;
mod numbers;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diag::Diagnostic;
use crate::model::{Date, Document, ListItem, Text};
use locate::{Locator, Step};
use numbers::{Number, Value};

/// What a comparison found, and how much it compared.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Errors and warnings, in the translation's file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Pairs of texts compared (title, names, paragraphs, clauses, items …).
    pub texts: usize,
    /// Numbers the original states in those texts, each compared by value.
    pub numbers: usize,
}

impl Comparison {
    /// Whether a difference is an error (structure, dates, page), not only a warning.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compare `translation` with `original`. The diagnostics are about the translation's
/// file; their hints give the place in the original.
pub fn compare(original: &Document, translation: &Document) -> Comparison {
    let mut comparer = Comparer {
        original: Side { doc: original, tree: Locator::new(&original.source.text) },
        translation: Side { doc: translation, tree: Locator::new(&translation.source.text) },
        found: Comparison::default(),
    };
    comparer.dates();
    comparer.page_structure();
    comparer.front_matter();
    comparer.signatories();
    comparer.resolution();
    let mut found = comparer.found;
    found.diagnostics.sort_by_key(|d| (d.line, d.column, !d.is_error()));
    found
}

/// One of the two documents, with its spanned tree for the places the model keeps no
/// span of.
struct Side<'a> {
    doc: &'a Document,
    tree: Locator<'a>,
}

impl Side<'_> {
    /// `file:line:column` of a span of this file, for hints.
    fn place(&self, span: &Range<usize>) -> String {
        let (line, column) = self.doc.source.line_column(span.start);
        format!("{}:{line}:{column}", self.doc.source.path.display())
    }

    /// The span of the value at `path`, else of the first of `fallbacks` found.
    fn at(&self, path: &[Step<'_>], fallbacks: &[&[Step<'_>]]) -> Option<Range<usize>> {
        std::iter::once(path).chain(fallbacks.iter().copied()).find_map(|p| self.tree.value(p))
    }

    /// The bytes of the source that hold `range` of a text's raw string: exact when the
    /// string is written without escapes, else the whole string.
    fn in_source(&self, text: &Text, range: Range<usize>) -> Range<usize> {
        let source = &self.doc.source.text;
        match source.get(text.span.clone()).and_then(|s| s.find(text.raw.as_str())) {
            Some(p) if !text.raw.is_empty() => text.span.start + p + range.start..text.span.start + p + range.end,
            _ => text.span.clone(),
        }
    }
}

struct Comparer<'a> {
    original: Side<'a>,
    translation: Side<'a>,
    found: Comparison,
}

/// `no items`, `1 item`, `3 items`.
fn count_of(n: usize, singular: &str, plural: &str) -> String {
    match n {
        0 => format!("no {plural}"),
        1 => format!("1 {singular}"),
        n => format!("{n} {plural}"),
    }
}

fn date_text(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// `47`, `47 and 2005`, `1, 8 and 2005`.
fn list(values: &[Value]) -> String {
    let words: Vec<String> = values.iter().map(Value::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

/// The part of the structure a count is about, for [`Comparer::count`].
struct Counted<'s> {
    /// `signatory group 2 has` …
    owner: String,
    singular: &'s str,
    plural: &'s str,
    original: usize,
    translation: usize,
    /// The span of each element in each file.
    original_elements: Vec<Range<usize>>,
    translation_elements: Vec<Range<usize>>,
    /// The array that holds the elements (the whole `organizations = [...]`), if any.
    original_container: Option<Range<usize>>,
    translation_container: Option<Range<usize>>,
    /// Where to point when a file has neither element nor container: the thing that
    /// owns the elements (the item of sub-items, the group of organisations).
    original_fallback: Range<usize>,
    translation_fallback: Range<usize>,
}

impl Comparer<'_> {
    fn error(&mut self, span: Range<usize>, message: String, label: &str, original_at: Option<(Range<usize>, String)>) {
        let mut d = self.translation.doc.source.error(span, message).with_label(label);
        if let Some((span, what)) = original_at {
            d = d.with_hint(format!("{what} is at {}", self.original.place(&span)));
        }
        self.found.diagnostics.push(d);
    }

    fn warning(&mut self, span: Range<usize>, message: String, label: &str, hint: String) {
        let d = self.translation.doc.source.error(span, message).warning().with_label(label).with_hint(hint);
        self.found.diagnostics.push(d);
    }

    /// Whether the two counts agree; if not, an error at the first extra element of the
    /// translation, or at its array (its last element) when it has fewer.
    fn count(&mut self, c: Counted<'_>) -> bool {
        if c.original == c.translation {
            return true;
        }
        let original = if c.original == 0 { "none".to_string() } else { c.original.to_string() };
        let message = format!("{} {} where the original has {original}", c.owner, count_of(c.translation, c.singular, c.plural));
        if c.translation > c.original {
            let span = c.translation_elements.get(c.original).cloned().unwrap_or_else(|| c.translation_fallback.clone());
            let original_at = match c.original {
                0 => Some((c.original_container.unwrap_or(c.original_fallback), "the original's counterpart".to_string())),
                n => c.original_elements.get(n - 1).cloned().map(|s| (s, format!("the original's last {}", c.singular))),
            };
            self.error(span, message, "not in the original", original_at);
        } else {
            let span = c
                .translation_container
                .or_else(|| c.translation_elements.last().cloned())
                .unwrap_or_else(|| c.translation_fallback.clone());
            let missing = c.original - c.translation;
            let original_at = c.original_elements.get(c.translation).cloned().map(|s| {
                let what = match missing {
                    1 => format!("the original's {} {}, which has no counterpart here,", c.singular, c.translation + 1),
                    _ => format!("the first of the original's {missing} {} with no counterpart here", c.plural),
                };
                (s, what)
            });
            self.error(span, message, &format!("{} missing", count_of(missing, c.singular, c.plural)), original_at);
        }
        false
    }

    /// The document and signing dates: a translation states the same day.
    fn dates(&mut self) {
        let (o, t) = (self.original.doc, self.translation.doc);
        self.date("document", "the document date", o.date, t.date);
        if o.signing.page && t.signing.page {
            self.date("signing", "the signing date", o.signing.date, t.signing.date);
        }
    }

    fn date(&mut self, table: &'static str, what: &str, original: Option<Date>, translation: Option<Date>) {
        if original == translation {
            return;
        }
        let path = [Step::Key(table), Step::Key("date")];
        let span = self.translation.at(&path, &[&[Step::Key(table)]]).unwrap_or(0..0);
        let original_at = self.original.at(&path, &[&[Step::Key(table)]]);
        let (message, label) = match (original, translation) {
            (Some(o), Some(t)) => (format!("{what} is {} where the original's is {}", date_text(t), date_text(o)), "not the original's date".to_string()),
            (Some(o), None) => (format!("{what} is missing; the original's is {}", date_text(o)), format!("no `date = {}` here", date_text(o))),
            (None, Some(t)) => (format!("{what} is {} where the original has none", date_text(t)), "not in the original".to_string()),
            (None, None) => return,
        };
        self.error(span, message, &label, original_at.map(|s| (s, format!("the original's {}", if original.is_some() { "date" } else { "table" }))));
    }

    /// The settings that change the pages: paper, signatory columns, the signature page
    /// and the number of its columns. Fonts, sizes, margins, numbering styles and labels
    /// are the typography of each language and may differ.
    fn page_structure(&mut self) {
        let (o, t) = (self.original.doc, self.translation.doc);
        let paper = |d: &Document| format!("{:?}", d.style.paper).replace("JisB5", "JIS-B5");
        self.setting("style", "paper", format!("`{}`", paper(o)), format!("`{}`", paper(t)));
        self.setting("style", "signatory_columns", o.style.signatory_columns.to_string(), t.style.signatory_columns.to_string());
        self.setting("signing", "page", o.signing.page.to_string(), t.signing.page.to_string());
        if o.signing.page && t.signing.page {
            // the default number of columns depends on the measure and the font size, which
            // may differ: an edition writes the key the original writes
            let columns = |d: &Document| d.signing.columns.map_or("not set (the default)".to_string(), |n| n.to_string());
            self.setting("signing", "columns", columns(o), columns(t));
        }
    }

    fn setting(&mut self, table: &'static str, key: &'static str, original: String, translation: String) {
        if original == translation {
            return;
        }
        let path = [Step::Key(table), Step::Key(key)];
        let span = self.translation.at(&path, &[&[Step::Key(table)]]).unwrap_or(0..0);
        let original_at = match self.original.tree.value(&path) {
            Some(s) => Some((s, format!("the original's `{key}`"))),
            None => self.original.tree.value(&[Step::Key(table)]).map(|s| (s, format!("the original's `[{table}]`, without `{key}`,"))),
        };
        let message = format!("`[{table}] {key}` is {translation} where the original's is {original}: the pages would differ");
        self.error(span, message, "not the original's page structure", original_at);
        if let Some(d) = self.found.diagnostics.last_mut() {
            let at = d.hint.take().map_or(String::new(), |h| format!("; {h}"));
            d.hint = Some(format!(
                "an edition keeps the original's paper, columns and signature page (fonts, sizes, margins, numbering and labels may differ){at}"
            ));
        }
    }

    /// Title block, summary, addressee and approval: the same texts present.
    fn front_matter(&mut self) {
        let (o, t) = (self.original.doc, self.translation.doc);
        self.texts("the title", &o.title, &t.title);
        let document = [Step::Key("document")];
        for (what, original, translation) in [
            ("the subtitle", &o.subtitle, &t.subtitle),
            ("the place", &o.place, &t.place),
            ("the summary", &o.summary, &t.summary),
            ("the addressee", &o.addressee, &t.addressee),
            ("the approval sentence", &o.approval, &t.approval),
        ] {
            self.optional_text(what, original.as_ref(), translation.as_ref(), &document);
        }
        // metadata, not printed: its numbers only
        if let (Some(original), Some(translation)) = (&o.author, &t.author) {
            self.texts("the author", original, translation);
        }
    }

    /// A printed text that one of the two may lack: present in both, or an error.
    fn optional_text(&mut self, what: &str, original: Option<&Text>, translation: Option<&Text>, table: &[Step<'_>]) {
        match (original, translation) {
            (Some(o), Some(t)) => self.texts(what, o, t),
            (Some(o), None) => {
                let span = self.translation.at(table, &[]).unwrap_or(0..0);
                let at = Some((o.span.clone(), format!("the original's {}", what.trim_start_matches("the "))));
                self.error(span, format!("{what} is missing; the original has one"), &format!("no {}", what.trim_start_matches("the ")), at);
            }
            (None, Some(t)) => {
                let at = self.original.at(table, &[]).map(|s| (s, "the original's table".to_string()));
                self.error(t.span.clone(), format!("{what} is not in the original"), "not in the original", at);
            }
            (None, None) => {}
        }
    }

    fn signatories(&mut self) {
        let (o, t) = (self.original.doc, self.translation.doc);
        let group_header = |side: &Side<'_>, i: usize| {
            side.tree.value(&[Step::Key("signatories"), Step::Index(i)]).or_else(|| side.doc.signatories.get(i).map(|g| g.country.span.clone()))
        };
        let same = self.count(Counted {
            owner: "the document has".into(),
            singular: "signatory group",
            plural: "signatory groups",
            original: o.signatories.len(),
            translation: t.signatories.len(),
            original_elements: (0..o.signatories.len()).filter_map(|i| group_header(&self.original, i)).collect(),
            translation_elements: (0..t.signatories.len()).filter_map(|i| group_header(&self.translation, i)).collect(),
            original_container: None,
            translation_container: None,
            original_fallback: self.original.at(&[Step::Key("document")], &[]).unwrap_or(0..0),
            translation_fallback: self.translation.at(&[Step::Key("document")], &[]).unwrap_or(0..0),
        });
        if !same {
            return;
        }
        for (g, (og, tg)) in o.signatories.iter().zip(&t.signatories).enumerate() {
            let group = g + 1;
            self.texts(&format!("the country of signatory group {group}"), &og.country, &tg.country);
            let organizations = [Step::Key("signatories"), Step::Index(g), Step::Key("organizations")];
            let same = self.count(Counted {
                owner: format!("signatory group {group} has"),
                singular: "organisation",
                plural: "organisations",
                original: og.organizations.len(),
                translation: tg.organizations.len(),
                original_elements: og.organizations.iter().map(|org| org.name.span.clone()).collect(),
                translation_elements: tg.organizations.iter().map(|org| org.name.span.clone()).collect(),
                original_container: self.original.tree.value(&organizations),
                translation_container: self.translation.tree.value(&organizations),
                original_fallback: og.country.span.clone(),
                translation_fallback: tg.country.span.clone(),
            });
            if !same {
                continue;
            }
            for (n, (oo, to)) in og.organizations.iter().zip(&tg.organizations).enumerate() {
                let what = format!("organisation {} of signatory group {group}", n + 1);
                self.texts(&what, &oo.name, &to.name);
                for (part, original, translation) in
                    [("representative", &oo.representative, &to.representative), ("title", &oo.title, &to.title)]
                {
                    self.optional_part(&format!("the {part} of {what}"), original.as_ref(), translation.as_ref(), &to.name);
                }
            }
        }
    }

    /// A part of an organisation (its representative, its title): where missing, the
    /// error points at the organisation's name.
    fn optional_part(&mut self, what: &str, original: Option<&Text>, translation: Option<&Text>, owner: &Text) {
        match (original, translation) {
            (Some(o), Some(t)) => self.texts(what, o, t),
            (Some(o), None) => {
                let at = Some((o.span.clone(), "the original's".to_string()));
                self.error(owner.span.clone(), format!("{what} is missing; the original has one"), "missing here", at);
            }
            (None, Some(t)) => self.error(t.span.clone(), format!("{what} is not in the original"), "not in the original", None),
            (None, None) => {}
        }
    }

    fn resolution(&mut self) {
        let (o, t) = (&self.original.doc.resolution, &self.translation.doc.resolution);
        let resolution = [Step::Key("resolution")];
        let fallback = self.translation.at(&resolution, &[&[Step::Key("document")]]).unwrap_or(0..0);
        self.paragraphs("preamble", "the preamble has", &o.preamble, &t.preamble, fallback.clone());
        self.optional_text("the intro", o.intro.as_ref(), t.intro.as_ref(), &resolution);
        let clause_header = |side: &Side<'_>, i: usize| {
            side.tree
                .value(&[Step::Key("resolution"), Step::Key("clauses"), Step::Index(i)])
                .or_else(|| side.doc.resolution.clauses.get(i).map(|c| c.text.span.clone()))
        };
        let same = self.count(Counted {
            owner: "the resolution has".into(),
            singular: "clause",
            plural: "clauses",
            original: o.clauses.len(),
            translation: t.clauses.len(),
            original_elements: (0..o.clauses.len()).filter_map(|i| clause_header(&self.original, i)).collect(),
            translation_elements: (0..t.clauses.len()).filter_map(|i| clause_header(&self.translation, i)).collect(),
            original_container: None,
            translation_container: None,
            original_fallback: self.original.at(&resolution, &[&[Step::Key("document")]]).unwrap_or(0..0),
            translation_fallback: fallback.clone(),
        });
        if same {
            for (i, (oc, tc)) in o.clauses.iter().zip(&t.clauses).enumerate() {
                let path = vec![Step::Key("resolution"), Step::Key("clauses"), Step::Index(i)];
                self.list_item(&format!("clause {}", i + 1), 1, &path, oc, tc);
            }
        }
        self.paragraphs("closing", "the closing has", &o.closing, &t.closing, fallback);
    }

    /// The preamble or the closing: the same number of paragraphs, each compared.
    fn paragraphs(&mut self, key: &'static str, owner: &str, original: &[Text], translation: &[Text], fallback: Range<usize>) {
        let path = [Step::Key("resolution"), Step::Key(key)];
        let same = self.count(Counted {
            owner: owner.into(),
            singular: "paragraph",
            plural: "paragraphs",
            original: original.len(),
            translation: translation.len(),
            original_elements: original.iter().map(|p| p.span.clone()).collect(),
            translation_elements: translation.iter().map(|p| p.span.clone()).collect(),
            original_container: self.original.tree.value(&path),
            translation_container: self.translation.tree.value(&path),
            original_fallback: self.original.at(&[Step::Key("resolution")], &[&[Step::Key("document")]]).unwrap_or(0..0),
            translation_fallback: fallback,
        });
        if same {
            for (i, (o, t)) in original.iter().zip(translation).enumerate() {
                self.texts(&format!("{key} paragraph {}", i + 1), o, t);
            }
        }
    }

    /// A clause or an item: its text, then the same number of items below it.
    fn list_item(&mut self, what: &str, level: usize, path: &[Step<'static>], original: &ListItem, translation: &ListItem) {
        self.texts(what, &original.text, &translation.text);
        let (singular, plural) = if level == 1 { ("item", "items") } else { ("sub-item", "sub-items") };
        let mut items_path = path.to_vec();
        items_path.push(Step::Key("items"));
        let same = self.count(Counted {
            owner: format!("{what} has"),
            singular,
            plural,
            original: original.items.len(),
            translation: translation.items.len(),
            original_elements: original.items.iter().map(|it| it.text.span.clone()).collect(),
            translation_elements: translation.items.iter().map(|it| it.text.span.clone()).collect(),
            original_container: self.original.tree.value(&items_path),
            translation_container: self.translation.tree.value(&items_path),
            original_fallback: original.text.span.clone(),
            translation_fallback: translation.text.span.clone(),
        });
        if same {
            for (i, (o, t)) in original.items.iter().zip(&translation.items).enumerate() {
                let mut item_path = items_path.clone();
                item_path.push(Step::Index(i));
                self.list_item(&format!("{singular} {} of {what}", i + 1), level + 1, &item_path, o, t);
            }
        }
    }

    /// One pair of texts: numbers, acronyms and emphasis (warnings).
    fn texts(&mut self, what: &str, original: &Text, translation: &Text) {
        self.found.texts += 1;
        self.numbers(what, original, translation);
        self.acronyms(what, original, translation);
        self.emphasis(what, original, translation);
    }

    /// The two texts state the same numbers, as multisets of values.
    fn numbers(&mut self, what: &str, original: &Text, translation: &Text) {
        let in_original = numbers::numbers(&original.raw, &self.original.doc.lang);
        let in_translation = numbers::numbers(&translation.raw, &self.translation.doc.lang);
        self.found.numbers += in_original.len();
        let mut balance: BTreeMap<Value, isize> = BTreeMap::new();
        for n in &in_original {
            *balance.entry(n.value).or_default() += 1;
        }
        for n in &in_translation {
            *balance.entry(n.value).or_default() -= 1;
        }
        // the numbers beyond the other side's count of their value, in text order
        let unmatched = |found: &[Number], sign: isize| -> Vec<Number> {
            let mut left = balance.clone();
            found
                .iter()
                .filter(|n| {
                    let count = left.entry(n.value).or_default();
                    let beyond = *count * sign > 0;
                    if beyond {
                        *count -= sign;
                    }
                    beyond
                })
                .cloned()
                .collect()
        };
        let missing = unmatched(&in_original, 1);
        let extra = unmatched(&in_translation, -1);
        if missing.is_empty() && extra.is_empty() {
            return;
        }
        let values = |ns: &[Number]| list(&ns.iter().map(|n| n.value).collect::<Vec<_>>());
        let message = match (missing.is_empty(), extra.is_empty()) {
            (false, false) => format!("{what} states {} where the original states {}", values(&extra), values(&missing)),
            (true, false) => format!("{what} states {}, which the original does not", values(&extra)),
            _ => format!("{what} does not state {}, which the original does", values(&missing)),
        };
        let span = match extra.first() {
            Some(n) => self.translation.in_source(translation, n.span.clone()),
            None => translation.span.clone(),
        };
        let hint = match missing.first() {
            Some(n) => format!("the original states {} at {}", n.value, self.original.place(&self.original.in_source(original, n.span.clone()))),
            None => format!("the original's {} is at {}", what.trim_start_matches("the "), self.original.place(&original.span)),
        };
        let label = if extra.is_empty() { "a number is missing" } else { "not in the original" };
        self.warning(span, message, label, hint);
    }

    /// An acronym in parentheses on one side is a word of the other.
    fn acronyms(&mut self, what: &str, original: &Text, translation: &Text) {
        let mut reported = Vec::new();
        for acronym in marks::parenthesized_acronyms(&original.raw) {
            if !marks::has_word(&translation.raw, &acronym.word) && !reported.contains(&acronym.word) {
                let hint = format!("the original gives it at {}", self.original.place(&self.original.in_source(original, acronym.span.clone())));
                self.warning(translation.span.clone(), format!("{what} lacks the acronym ({}) of the original", acronym.word), "no acronym", hint);
                reported.push(acronym.word);
            }
        }
        for acronym in marks::parenthesized_acronyms(&translation.raw) {
            if !marks::has_word(&original.raw, &acronym.word) && !reported.contains(&acronym.word) {
                let span = self.translation.in_source(translation, acronym.span.clone());
                let hint = format!("the original's {} is at {}", what.trim_start_matches("the "), self.original.place(&original.span));
                self.warning(span, format!("{what} has the acronym ({}), which the original does not", acronym.word), "not in the original", hint);
                reported.push(acronym.word);
            }
        }
    }

    /// Emphasis (`*…*`, `**…**`) in one text and none in the other.
    fn emphasis(&mut self, what: &str, original: &Text, translation: &Text) {
        let (o, t) = (marks::emphasised_runs(original), marks::emphasised_runs(translation));
        if (o > 0) == (t > 0) {
            return;
        }
        if t > 0 {
            let span = marks::first_emphasis(&translation.raw).map_or(translation.span.clone(), |r| self.translation.in_source(translation, r));
            let hint = format!("the original's {} is at {}", what.trim_start_matches("the "), self.original.place(&original.span));
            self.warning(span, format!("{what} is emphasised where the original is not"), "not in the original", hint);
        } else {
            let at = marks::first_emphasis(&original.raw).map_or(original.span.clone(), |r| self.original.in_source(original, r));
            let hint = format!("the original emphasises {} at {}", count_of(o, "span", "spans"), self.original.place(&at));
            self.warning(translation.span.clone(), format!("{what} has no emphasis where the original has"), "no emphasis", hint);
        }
    }
}
