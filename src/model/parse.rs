//! From TOML text to a validated [`Document`], collecting every problem on the way.
//!
//! The spanned TOML tree is walked by hand rather than through serde: that way one pass
//! reports all unknown keys (with a suggestion), all type errors and all bad values, each
//! at its exact place, instead of stopping at the first.

use std::ops::Range;
use std::sync::Arc;

use icu_locale_core::Locale;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::*;
use crate::diag::{Diagnostic, Source, did_you_mean};

/// The keys the contract allows, table by table (used for suggestions and the docs test).
pub struct Keys {
    pub root: &'static [&'static str],
    pub document: &'static [&'static str],
    pub group: &'static [&'static str],
    pub organization: &'static [&'static str],
    pub resolution: &'static [&'static str],
    pub item: &'static [&'static str],
    pub style: &'static [&'static str],
    pub margin: &'static [&'static str],
    pub fonts: &'static [&'static str],
    pub signing: &'static [&'static str],
    pub labels: &'static [&'static str],
}

/// The keys of each table, from the contract's one table ([`super::contract::CONTRACT`]).
pub const KEYS: Keys = Keys {
    root: &contract::ROOT,
    document: &contract::DOCUMENT,
    group: &contract::GROUP,
    organization: &contract::ORGANIZATION,
    resolution: &contract::RESOLUTION,
    item: &contract::ITEM,
    style: &contract::STYLE,
    margin: &contract::MARGIN,
    fonts: &contract::FONTS,
    signing: &contract::SIGNING,
    labels: &LABEL_NAMES,
};

/// The longest paragraph set, in characters (about 60 pages of Japanese, 30 of English):
/// a 4 MB word took 0.9 GB to break; refused, it costs the reading of the file.
pub const MAX_PARAGRAPH_CHARS: usize = 200_000;

/// Smallest text block the layout accepts, in millimetres (width, height).
const MIN_TEXT_BLOCK_MM: (f32, f32) = (40.0, 60.0);
/// Margins below this leave no room for the page number and are unprintable on most printers.
const MIN_MARGIN_MM: f32 = 10.0;
const FONT_SIZE_RANGE: (f32, f32) = (6.0, 36.0);
/// A line shorter than this many em cannot hold a clause with its numbers.
const MIN_LINE_EM: f32 = 12.0;
/// Each of two signatory columns needs this many em.
const MIN_COLUMN_EM: f32 = 10.0;

/// Parse and validate a resolution. On failure, every problem found is returned, in the
/// order of their position in the file.
pub fn parse(source: &Arc<Source>) -> Result<Document, Vec<Diagnostic>> {
    parse_with(source, &[])
}

/// A value set from outside the file: `--set document.addressee=…` or a CSV cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// A dotted key: `document.addressee`, `style.margin_mm.top`.
    pub key: String,
    /// The value as written; read as TOML (a number, a date, an array) unless the key
    /// takes text, then taken as it is.
    pub value: String,
    /// Where it came from, for messages: "--set document.addressee", "row 4 of names.csv".
    pub origin: String,
}

/// Every dotted key an override may set: the contract's settable keys and every label.
pub fn override_keys() -> Vec<String> {
    let mut keys: Vec<String> = contract::CONTRACT.iter().filter(|k| k.settable).map(|k| format!("{}.{}", k.table.prefix(), k.name)).collect();
    keys.extend(LABEL_NAMES.iter().map(|k| format!("labels.{k}")));
    keys
}

/// Whether an override may set `key`: a settable key of the contract, or a label.
pub fn is_settable(key: &str) -> bool {
    contract::settable(key).is_some() || key.strip_prefix("labels.").is_some_and(|name| label_key(name).is_some())
}

/// The hint for a key no override may set (None for one it may): lists are written in
/// the file (`resolution.clauses`), else the closest key that may be set. One wording for
/// `--set`, a CSV header and the library's own check.
pub fn unsettable_hint(key: &str) -> Option<String> {
    if is_settable(key) {
        return None;
    }
    let name = key.rsplit('.').next().unwrap_or(key);
    if contract::CONTRACT.iter().any(|k| !k.settable && k.name == name && key.contains('.')) {
        return Some("clauses, signatories and organisations are lists: write them in the TOML file (or a second file per variant)".into());
    }
    let known = override_keys();
    Some(match did_you_mean(key, known.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "the keys that can be set are dotted paths such as document.addressee or style.font_size_pt (docs/input-format.md, \"Values from outside the file\")".into(),
    })
}

/// Whether an override sets `key` to the string as given, even one that looks like a
/// number or a date (`--set document.title=2024` is a title; `--set labels.page=1/2` is
/// wording, not a division), or — for paragraphs, keywords and fallback fonts — unless it
/// is written as a TOML array (`--set resolution.closing=2024` is one paragraph).
fn takes_text_value(key: &str, value: &str) -> bool {
    if key.strip_prefix("labels.").is_some_and(|name| label_key(name).is_some()) {
        return true;
    }
    contract::settable(key).is_some_and(|k| k.kind.takes_text() || k.kind.takes_text_or_array() && !value.trim_start().starts_with('['))
}

/// Parse with values set from outside the file; an override of a key the contract does
/// not have is an error naming where it came from.
pub fn parse_with<'a>(source: &'a Arc<Source>, overrides: &'a [Override]) -> Result<Document, Vec<Diagnostic>> {
    let (mut root, syntax_errors) = DeTable::parse_recoverable(&source.text);
    if !syntax_errors.is_empty() {
        // in file order, as every other list of problems (the TOML parser reports the one
        // that ends the file first)
        let mut problems: Vec<Diagnostic> = syntax_errors.into_iter().map(|e| syntax_diagnostic(source, e)).collect();
        problems.sort_by_key(|d| (d.line, d.column));
        return Err(problems);
    }
    let source = if overrides.is_empty() { source.clone() } else { source.with_origins(overrides.iter().map(|o| o.origin.clone()).collect()) };
    let mut problems = Vec::new();
    for (i, o) in overrides.iter().enumerate() {
        if let Some(hint) = unsettable_hint(&o.key) {
            problems.push(Diagnostic::error(format!("unknown key `{}` (in {})", o.key, o.origin)).in_file(source.path.clone()).with_hint(hint));
            continue;
        }
        apply_override(root.get_mut(), o, Source::ORIGIN_SPANS + i);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let source = &source;
    let mut walker = Walker { source: source.clone(), diags: Vec::new() };
    let document = walker.document(root.get_ref(), root.span());
    let mut diags = walker.diags;
    diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    match document {
        // what is left are warnings
        Some(doc) if !diags.iter().any(Diagnostic::is_error) => Ok(Document { warnings: diags, ..doc }),
        // warnings stay with the errors: they are about the same file
        _ => Err(diags),
    }
}

/// Put an override's value into the tree, creating tables as needed. Its span is a
/// marker that names the override in messages.
fn apply_override<'a>(root: &mut DeTable<'a>, o: &'a Override, marker: usize) {
    let span = marker..marker;
    let value = if takes_text_value(&o.key, &o.value) {
        DeValue::String(o.value.clone().into())
    } else {
        match DeValue::parse(&o.value) {
            Ok(v) => with_span(v.into_inner(), &span),
            Err(_) => DeValue::String(o.value.clone().into()),
        }
    };
    let parts: Vec<&str> = o.key.split('.').collect();
    let mut table = root;
    for part in &parts[..parts.len() - 1] {
        let key = Spanned::new(span.clone(), std::borrow::Cow::Owned(part.to_string()));
        let entry = table.entry(key).or_insert_with(|| Spanned::new(span.clone(), DeValue::Table(DeTable::new())));
        if !matches!(entry.get_ref(), DeValue::Table(_)) {
            // `margin_mm = 20` then `--set style.margin_mm.top=30`: the number stands for
            // all four sides, which keep it (it was replaced by an empty table, and the
            // other three margins went back to the default)
            let mut sides = DeTable::new();
            if matches!(entry.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) {
                for side in KEYS.margin {
                    sides.insert(Spanned::new(entry.span(), std::borrow::Cow::Borrowed(*side)), entry.clone());
                }
            }
            *entry = Spanned::new(span.clone(), DeValue::Table(sides));
        }
        let DeValue::Table(inner) = entry.get_mut() else { unreachable!("just made a table") };
        table = inner;
    }
    let last = parts[parts.len() - 1];
    table.insert(Spanned::new(span.clone(), std::borrow::Cow::Owned(last.to_string())), Spanned::new(span, value));
}

/// `value` with every span inside it (array elements, inline-table keys and values)
/// replaced by `span`: spans of a parsed `--set` value count from the start of that value,
/// not of the file, and would point at an unrelated line.
fn with_span<'a>(value: DeValue<'a>, span: &Range<usize>) -> DeValue<'a> {
    match value {
        DeValue::Array(mut array) => {
            for element in array.iter_mut() {
                let inner = std::mem::replace(element, Spanned::new(span.clone(), DeValue::Boolean(false))).into_inner();
                *element = Spanned::new(span.clone(), with_span(inner, span));
            }
            DeValue::Array(array)
        }
        DeValue::Table(table) => {
            let mut respanned = DeTable::new();
            for (key, value) in table {
                respanned.insert(Spanned::new(span.clone(), key.into_inner()), Spanned::new(span.clone(), with_span(value.into_inner(), span)));
            }
            DeValue::Table(respanned)
        }
        other => other,
    }
}

fn syntax_diagnostic(source: &Arc<Source>, error: toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().trim_end_matches('.').to_string();
    let mut diag = source.error(span, format!("TOML syntax error: {message}"));
    if message.contains("duplicate key") {
        diag = diag.with_hint("a key may appear only once in a table; remove or rename one of them");
    } else if message.contains("duplicate table") || message.contains("redefin") {
        diag = diag.with_hint("a [table] may be written only once; merge the two");
    } else if message.contains("unterminated") || message.contains("invalid basic string") {
        diag = diag.with_hint("close the string with a quote on the same line; use \"\"\"…\"\"\" for text over several lines");
    } else if message.contains("escape") {
        diag = diag.with_hint(
            "in a \"double-quoted\" string write a literal asterisk as `\\\\*` and a backslash as `\\\\`; \
             in a 'single-quoted' string `\\*` works as it is",
        );
    }
    diag
}

type Value<'i> = Spanned<DeValue<'i>>;

struct Walker {
    source: Arc<Source>,
    diags: Vec<Diagnostic>,
}

impl Walker {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let d = self.source.error(span, message);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// A problem that does not stop the document from being made.
    fn warning(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let d = self.source.error(span, message).warning();
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn document(&mut self, root: &DeTable<'_>, root_span: Range<usize>) -> Option<Document> {
        self.unknown_keys(root, KEYS.root, "at the top level");

        let mut doc_table = None;
        match get(root, "document") {
            Some(v) => doc_table = self.table(v, "[document]"),
            None => {
                let span = root_span.start..root_span.start;
                self.error(span, "missing the `[document]` table").hint = Some(
                    "start the file with `[document]` and a `title = \"…\"` line (see docs/input-format.md)"
                        .into(),
                );
            }
        }

        let mut title = None;
        let mut meta = Meta::default();
        if let Some((table, span)) = doc_table {
            self.unknown_keys(table, KEYS.document, "in [document]");
            match get(table, "title") {
                Some(v) => {
                    title = self.text(v, "title");
                    if title.as_ref().is_some_and(|t| t.inlines.is_empty()) {
                        self.error(v.span(), "the title is empty").hint =
                            Some("write the resolution's title, e.g. `title = \"Joint Resolution\"`".into());
                        title = None;
                    }
                }
                None => {
                    self.error(span.start..span.start, "`[document]` has no `title`").hint =
                        Some("add `title = \"…\"` under `[document]`; it is the only required key".into());
                }
            }
            meta.subtitle = self.opt_text(table, "subtitle");
            meta.short_title = self.opt_text(table, "short_title");
            meta.place = self.opt_text(table, "place");
            meta.author = self.opt_text(table, "author");
            meta.summary = self.opt_text(table, "summary");
            meta.addressee = self.opt_text(table, "addressee");
            meta.approval = self.opt_text(table, "approval");
            if let Some(v) = get(table, "lang") {
                meta.lang = self.lang(v);
                meta.lang_span = Some(v.span());
            }
            if let Some(v) = get(table, "date") {
                meta.date = self.date(v);
            }
            if let Some(v) = get(table, "keywords") {
                meta.keywords = self.paragraphs(v, "keywords").iter().map(|t| t.plain()).collect();
            }
        }

        let signatories = match get(root, "signatories") {
            Some(v) => self.signatories(v),
            None => Vec::new(),
        };
        let resolution = match get(root, "resolution") {
            Some(v) => self.resolution(v),
            None => Resolution::default(),
        };
        let style = match get(root, "style") {
            Some(v) => self.style(v, &meta.lang),
            None => Style::for_lang(&meta.lang),
        };
        let fonts = match get(root, "fonts") {
            Some(v) => self.fonts(v),
            None => FontOverrides::default(),
        };
        let signing = match get(root, "signing") {
            Some(v) => self.signing(v),
            None => Signing::default(),
        };
        let labels = match get(root, "labels") {
            Some(v) => self.labels(v),
            None => LabelOverrides::default(),
        };
        if let Some(span) = meta.lang_span.clone() {
            self.warn_of_english_labels(&meta.lang, span, &labels);
        }

        Some(Document {
            source: self.source.clone(),
            title: title?,
            subtitle: meta.subtitle,
            short_title: meta.short_title,
            lang: meta.lang,
            place: meta.place,
            date: meta.date,
            author: meta.author,
            summary: meta.summary,
            addressee: meta.addressee,
            approval: meta.approval,
            keywords: meta.keywords,
            modified: None,
            signatories,
            resolution,
            style,
            fonts,
            signing,
            labels,
            warnings: Vec::new(),
        })
    }

    // ---- generic pieces ---------------------------------------------------------------

    /// Report every key of `table` that is not in `allowed`, with a suggestion.
    fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], context: &str) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = if let Some(close) = did_you_mean(name, allowed.iter().copied()) {
                Some(format!("did you mean `{close}`?"))
            } else {
                home_of_key(name).map(|home| format!("`{name}` belongs in {home}"))
            };
            let message = match &hint {
                Some(h) if h.starts_with("did you mean") => format!("unknown key `{name}` {context}, {h}"),
                _ => format!("unknown key `{name}` {context}"),
            };
            let d = self.error(key.span(), message);
            d.label = Some("unknown key".into());
            d.hint = Some(match hint {
                Some(h) if !h.starts_with("did you mean") => h,
                _ => format!("the keys allowed {context} are: {}", allowed.join(", ")),
            });
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            other => {
                let d = self.error(v.span(), format!("{what} must be a table, found {}", type_name(other)));
                d.hint = Some(format!("write it as a table: `{what}` on its own line, then `key = value` lines"));
                None
            }
        }
    }

    fn array<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str, hint: &str) -> Option<&'a DeArray<'i>> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                let d = self.error(v.span(), format!("`{what}` must be an array, found {}", type_name(other)));
                d.hint = Some(hint.into());
                None
            }
        }
    }

    fn string<'a>(&mut self, v: &'a Value<'_>, key: &str) -> Option<&'a str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                let d = self.error(v.span(), format!("`{key}` must be a string, found {}", type_name(other)));
                d.label = Some("expected a string".into());
                d.hint = Some(format!("put the value in quotes: `{key} = \"…\"`"));
                None
            }
        }
    }

    /// A string with inline markup.
    fn text(&mut self, v: &Value<'_>, key: &str) -> Option<Text> {
        let raw = self.string(v, key)?;
        let span = v.span();
        // bounded before any work on it: breaking a paragraph costs a few hundred bytes a
        // character, and nothing a resolution says needs a paragraph this long
        let length = raw.chars().count();
        if length > MAX_PARAGRAPH_CHARS {
            let d = self.error(span.start..span.start + 1, format!("in `{key}`: a paragraph of {length} characters; at most {MAX_PARAGRAPH_CHARS} are set as one"));
            d.hint = Some("split it into paragraphs: an array of strings, or more clauses or items".into());
            return None;
        }
        match parse_inline(raw) {
            Ok(inlines) => Some(Text { raw: raw.to_string(), span, inlines }),
            Err(e) => {
                let at = self.offset_in_string(&span, raw, e.offset);
                // the whole character: a span that ends inside one cannot be sliced
                let width = self.source.text.get(at..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
                let d = self.error(at..at + width, format!("in `{key}`: {}", e.message));
                d.hint = Some(e.hint);
                None
            }
        }
    }

    /// Where byte `offset` of the unescaped string `raw` stands in the source, when the
    /// string is written without escapes; otherwise the start of the string.
    fn offset_in_string(&self, span: &Range<usize>, raw: &str, offset: usize) -> usize {
        let slice = self.source.text.get(span.clone()).unwrap_or("");
        match slice.find(raw) {
            Some(p) if !raw.is_empty() => span.start + p + offset,
            _ => span.start,
        }
    }

    /// An optional text: absent and empty are the same.
    fn opt_text(&mut self, table: &DeTable<'_>, key: &str) -> Option<Text> {
        let v = get(table, key)?;
        self.text(v, key).filter(|t| !t.inlines.is_empty())
    }

    /// A list of paragraphs: an array of strings, or one string.
    fn paragraphs(&mut self, v: &Value<'_>, key: &str) -> Vec<Text> {
        match v.get_ref() {
            DeValue::String(_) => self.text(v, key).into_iter().filter(|t| !t.inlines.is_empty()).collect(),
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.text(item, key))
                .filter(|t| !t.inlines.is_empty())
                .collect(),
            other => {
                let d = self.error(v.span(), format!("`{key}` must be an array of strings, found {}", type_name(other)));
                d.hint = Some(format!("write `{key} = [\"first paragraph\", \"second paragraph\"]`"));
                Vec::new()
            }
        }
    }

    fn number(&mut self, v: &Value<'_>, key: &str) -> Option<f32> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let digits = digits.trim_start_matches('+').trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
                i64::from_str_radix(digits, i.radix()).map(|n| n as f64).map_err(|_| "is too large")
            }
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(f) if f.is_finite() && f.abs() < 1e9 => Ok(f),
                Ok(f) if f.is_finite() => Err("is too large"),
                _ => Err("must be a finite number"),
            },
            other => {
                let d = self.error(v.span(), format!("`{key}` must be a number, found {}", type_name(other)));
                d.hint = Some(format!("write a plain number without quotes or units, e.g. `{key} = 11`"));
                return None;
            }
        };
        match n {
            Ok(n) => Some(n as f32),
            Err(why) => {
                let d = self.error(v.span(), format!("`{key}` {why}"));
                d.hint = Some(format!("write an ordinary number, e.g. `{key} = 11`"));
                None
            }
        }
    }

    fn file(&mut self, v: &Value<'_>, key: &str) -> Option<FileRef> {
        let given = self.string(v, key)?;
        if given.trim().is_empty() {
            let d = self.error(v.span(), format!("`{key}` is an empty path"));
            d.hint = Some("give a file path relative to this TOML file, or remove the key".into());
            return None;
        }
        Some(FileRef { given: given.to_string(), path: self.source.base_dir().join(given), span: v.span() })
    }

    // ---- [document] --------------------------------------------------------------------

    fn lang(&mut self, v: &Value<'_>) -> Lang {
        let Some(tag) = self.string(v, "lang") else { return Lang::default() };
        let tag = tag.trim();
        if tag.is_empty() {
            let d = self.error(v.span(), "`lang` is empty");
            d.hint = Some("use a language tag such as \"en\" or \"ja\", or remove the key (English is the default)".into());
            return Lang::default();
        }
        match canonical_language_tag(tag) {
            Some(tag) => Lang { tag },
            None => {
                let d = self.error(v.span(), format!("`{tag}` is not a BCP 47 language tag"));
                d.hint = Some("use a tag such as \"en\", \"en-GB\", \"ja\" or \"zh-Hant\": a language code of 2 or 3 letters, then script, region and variants".into());
                Lang::default()
            }
        }
    }

    fn date(&mut self, v: &Value<'_>) -> Option<Date> {
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) if d.year >= 1 => Some(Date { year: d.year, month: d.month, day: d.day }),
                (Some(_), None) => {
                    let d = self.error(v.span(), "there is no year 0 in the calendar");
                    d.hint = Some("write the date as year-month-day, e.g. `date = 2005-08-01`".into());
                    None
                }
                _ => {
                    let d = self.error(v.span(), "`date` must be a date without a time");
                    d.hint = Some("write only the day, unquoted: `date = 2005-08-01`".into());
                    None
                }
            },
            // from --set or a CSV cell, a string is a value that does not read as a date
            // (`2024-02-30`, or nothing): there were no quotes to remove
            DeValue::String(s) if v.span().start >= Source::ORIGIN_SPANS => {
                let d = self.error(v.span(), format!("`date` must be a date, and \"{s}\" is not one"));
                d.hint = Some("write an existing day as year-month-day, e.g. 2005-08-01".into());
                None
            }
            DeValue::String(s) => {
                let d = self.error(v.span(), format!("`date` must be a TOML date, found the string \"{s}\""));
                d.hint = Some("remove the quotes and use year-month-day: `date = 2005-08-01`".into());
                None
            }
            other => {
                let d = self.error(v.span(), format!("`date` must be a date, found {}", type_name(other)));
                d.hint = Some("write `date = 2005-08-01`".into());
                None
            }
        }
    }

    // ---- [[signatories]] ---------------------------------------------------------------

    fn signatories(&mut self, v: &Value<'_>) -> Vec<CountryGroup> {
        let hint = "write one `[[signatories]]` table per country, each with `country` and `organizations`";
        let Some(groups) = self.array(v, "signatories", hint) else { return Vec::new() };
        let mut out = Vec::new();
        for g in groups.iter() {
            let Some((table, span)) = self.table(g, "[[signatories]]") else { continue };
            self.unknown_keys(table, KEYS.group, "in [[signatories]]");
            let country = match get(table, "country") {
                Some(c) => self.text(c, "country").filter(|t| {
                    if t.inlines.is_empty() {
                        let d = self.error(c.span(), "the `country` of a `[[signatories]]` group is empty");
                        d.hint = Some("write the heading to print above the group's organisations".into());
                    }
                    !t.inlines.is_empty()
                }),
                None => {
                    let d = self.error(span.start..span.start, "a `[[signatories]]` group has no `country`");
                    d.hint = Some("add `country = \"…\"` (the heading printed above its organisations)".into());
                    None
                }
            };
            let organizations = match get(table, "organizations") {
                Some(list) => self.organizations(list),
                None => Vec::new(),
            };
            if organizations.is_empty() && get(table, "organizations").is_none_or(|l| matches!(l.get_ref(), DeValue::Array(a) if a.is_empty())) {
                let at = get(table, "organizations").map_or(span.start..span.start, |l| l.span());
                let d = self.error(at, "a `[[signatories]]` group lists no organizations");
                d.hint = Some("add `organizations = [\"…\"]`, or remove the group".into());
            }
            if let Some(country) = country {
                out.push(CountryGroup { country, organizations });
            }
        }
        out
    }

    fn organizations(&mut self, v: &Value<'_>) -> Vec<Organization> {
        let hint = "write `organizations = [\"Name\", { name = \"…\", representative = \"…\" }]`";
        let Some(list) = self.array(v, "organizations", hint) else { return Vec::new() };
        let mut out = Vec::new();
        for item in list.iter() {
            match item.get_ref() {
                DeValue::String(_) => {
                    if let Some(name) = self.text(item, "organizations") {
                        if name.inlines.is_empty() {
                            self.error(item.span(), "an organisation's name is empty");
                        } else {
                            out.push(Organization { name, representative: None, title: None, signature: None, seal: None });
                        }
                    }
                }
                DeValue::Table(table) => {
                    self.unknown_keys(table, KEYS.organization, "in an organisation");
                    let name = match get(table, "name") {
                        Some(n) => self.text(n, "name").filter(|t| {
                            if t.inlines.is_empty() {
                                let d = self.error(n.span(), "an organisation's name is empty");
                                d.hint = Some("write the organisation's name, or remove the entry".into());
                            }
                            !t.inlines.is_empty()
                        }),
                        None => {
                            let d = self.error(item.span(), "an organisation table has no `name`");
                            d.hint = Some("add `name = \"…\"` to the table".into());
                            None
                        }
                    };
                    let representative = self.opt_text(table, "representative");
                    let title = self.opt_text(table, "title");
                    let signature = get(table, "signature").and_then(|s| self.file(s, "signature"));
                    let seal = get(table, "seal").and_then(|s| self.file(s, "seal"));
                    if let Some(name) = name {
                        out.push(Organization { name, representative, title, signature, seal });
                    }
                }
                other => {
                    let d = self.error(
                        item.span(),
                        format!("an organisation must be a string or a table, found {}", type_name(other)),
                    );
                    d.hint = Some(hint.into());
                }
            }
        }
        out
    }

    // ---- [resolution] ------------------------------------------------------------------

    fn resolution(&mut self, v: &Value<'_>) -> Resolution {
        let Some((table, _)) = self.table(v, "[resolution]") else { return Resolution::default() };
        self.unknown_keys(table, KEYS.resolution, "in [resolution]");
        let preamble = get(table, "preamble").map(|p| self.paragraphs(p, "preamble")).unwrap_or_default();
        let closing = get(table, "closing").map(|p| self.paragraphs(p, "closing")).unwrap_or_default();
        let intro = self.opt_text(table, "intro");
        let clauses = match get(table, "clauses") {
            Some(c) => {
                let hint = "write one `[[resolution.clauses]]` table per clause, each with `text`";
                match self.array(c, "clauses", hint) {
                    Some(list) => list.iter().filter_map(|c| self.list_item(c, 1)).collect(),
                    None => Vec::new(),
                }
            }
            None => Vec::new(),
        };
        Resolution { preamble, intro, clauses, closing }
    }

    /// A clause (level 1), item (2) or sub-item (3): a string or `{ text, items }`.
    fn list_item(&mut self, v: &Value<'_>, level: u8) -> Option<ListItem> {
        let a_what = ["a clause", "an item", "a sub-item"][usize::from(level - 1).min(2)];
        match v.get_ref() {
            DeValue::String(_) => {
                let text = self.text(v, "text")?;
                if text.inlines.is_empty() {
                    self.error(v.span(), format!("{a_what} is empty"));
                    return None;
                }
                Some(ListItem { text, items: Vec::new() })
            }
            DeValue::Table(table) => {
                self.unknown_keys(table, KEYS.item, &format!("in {a_what}"));
                let text = match get(table, "text") {
                    Some(t) => self.text(t, "text"),
                    None => {
                        let d = self.error(v.span(), format!("{a_what} has no `text`"));
                        d.hint = Some("add `text = \"…\"`".into());
                        None
                    }
                };
                let mut items = Vec::new();
                if let Some(list) = get(table, "items") {
                    if level >= 3 {
                        let d = self.error(list.span(), "items can only be nested three levels deep");
                        d.hint = Some("clauses hold items, items hold sub-items; fold the fourth level into its parent's text".into());
                    } else if let Some(list) = self.array(list, "items", "write `items = [\"…\", \"…\"]`") {
                        items = list.iter().filter_map(|i| self.list_item(i, level + 1)).collect();
                    }
                }
                let text = text?;
                if text.inlines.is_empty() {
                    self.error(v.span(), format!("the text of {a_what} is empty"));
                    return None;
                }
                Some(ListItem { text, items })
            }
            other => {
                let d = self.error(v.span(), format!("{a_what} must be a string or a table, found {}", type_name(other)));
                d.hint = Some("write `\"…\"` or `{ text = \"…\", items = [\"…\"] }`".into());
                None
            }
        }
    }

    // ---- [style] -----------------------------------------------------------------------

    fn style(&mut self, v: &Value<'_>, lang: &Lang) -> Style {
        let mut style = Style::for_lang(lang);
        let Some((table, _)) = self.table(v, "[style]") else { return style };
        self.unknown_keys(table, KEYS.style, "in [style]");

        if let Some(p) = get(table, "paper")
            && let Some(name) = self.string(p, "paper")
        {
            match Paper::from_name(name) {
                Some(paper) => style.paper = paper,
                None => {
                    let close = did_you_mean(name, Paper::NAMES.iter().copied());
                    let d = self.error(p.span(), format!("unknown paper size `{name}`"));
                    d.hint = Some(match close {
                        Some(c) => format!("did you mean `{c}`? Sizes: {}", Paper::NAMES.join(", ")),
                        None => format!("use one of {}", Paper::NAMES.join(", ")),
                    });
                }
            }
        }
        if let Some(m) = get(table, "margin_mm") {
            match m.get_ref() {
                DeValue::Table(t) => {
                    self.unknown_keys(t, KEYS.margin, "in `margin_mm`");
                    let mut margins = style.margins;
                    for (key, slot) in [
                        ("top", &mut margins.top),
                        ("bottom", &mut margins.bottom),
                        ("left", &mut margins.left),
                        ("right", &mut margins.right),
                    ] {
                        if let Some(v) = get(t, key)
                            && let Some(mm) = self.number(v, &format!("margin_mm.{key}"))
                            && self.margin_ok(mm, v.span())
                        {
                            *slot = mm;
                        }
                    }
                    style.margins = margins;
                }
                _ => {
                    if let Some(mm) = self.number(m, "margin_mm")
                        && self.margin_ok(mm, m.span())
                    {
                        style.margins = Margins::uniform(mm);
                    }
                }
            }
        }
        if let Some(v) = get(table, "font_size_pt")
            && let Some(size) = self.number(v, "font_size_pt")
        {
            if (FONT_SIZE_RANGE.0..=FONT_SIZE_RANGE.1).contains(&size) {
                style.font_size_pt = size;
            } else {
                let d = self.error(v.span(), format!("a font size of {size} pt is out of range"));
                d.hint = Some(format!("use a size from {} to {} pt; 10–12 suits a resolution", FONT_SIZE_RANGE.0, FONT_SIZE_RANGE.1));
            }
        }
        for (key, slot) in [
            ("clause_numbering", &mut style.clause_numbering),
            ("item_numbering", &mut style.item_numbering),
            ("subitem_numbering", &mut style.subitem_numbering),
        ] {
            if let Some(v) = get(table, key)
                && let Some(name) = self.string(v, key)
            {
                match Numbering::from_name(name) {
                    Some(n) => *slot = n,
                    None => {
                        let close = did_you_mean(name, Numbering::NAMES.iter().copied());
                        let d = self.error(v.span(), format!("unknown numbering style `{name}`"));
                        d.hint = Some(match close {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => format!("use one of {}", Numbering::NAMES.join(", ")),
                        });
                    }
                }
            }
        }
        if let Some(v) = get(table, "signatory_columns") {
            let n = match v.get_ref() {
                DeValue::Integer(_) | DeValue::Float(_) => self.number(v, "signatory_columns"),
                _ => None,
            };
            match n {
                Some(n) if n == 1.0 || n == 2.0 => style.signatory_columns = n as u8,
                _ => {
                    let d = self.error(v.span(), "`signatory_columns` must be 1 or 2");
                    d.hint = Some("write `signatory_columns = 2` for two columns".into());
                }
            }
        }
        if let Some(v) = get(table, "japanese_era") {
            match v.get_ref() {
                DeValue::Boolean(b) => style.japanese_era = *b,
                other => {
                    let d = self.error(v.span(), format!("`japanese_era` must be true or false, found {}", type_name(other)));
                    d.hint = Some("write `japanese_era = true` to print 平成17年8月1日 instead of 2005年8月1日".into());
                }
            }
        }
        if let Some(v) = get(table, "running_head") {
            match v.get_ref() {
                DeValue::Boolean(b) => style.running_head = Some(*b),
                other => {
                    let d = self.error(v.span(), format!("`running_head` must be true or false, found {}", type_name(other)));
                    d.hint = Some("write `running_head = false` to leave the short title off the tops of the pages".into());
                }
            }
        }
        self.check_text_block(&style, table);
        style
    }

    /// The page must leave room to set text at the chosen size: a minimum text block, at
    /// least 12 em per line, and 10 em per signatory column.
    fn check_text_block(&mut self, style: &Style, table: &DeTable<'_>) {
        let span_of = |key: &str| get(table, key).map(|v| v.span());
        let place = span_of("margin_mm").or_else(|| span_of("paper")).or_else(|| span_of("font_size_pt")).unwrap_or(0..0);
        let (w, h) = style.paper.size_mm();
        let m = style.margins;
        let block = (w - m.left - m.right, h - m.top - m.bottom);
        if block.0 < MIN_TEXT_BLOCK_MM.0 || block.1 < MIN_TEXT_BLOCK_MM.1 {
            let d = self.error(
                place,
                format!("these margins leave a text block of {:.0} × {:.0} mm on this paper, too small to set text", block.0, block.1),
            );
            d.hint = Some(format!(
                "keep at least {:.0} mm of width and {:.0} mm of height between the margins",
                MIN_TEXT_BLOCK_MM.0, MIN_TEXT_BLOCK_MM.1
            ));
            return;
        }
        let pt_per_mm = 72.0 / 25.4;
        let ems = block.0 * pt_per_mm / style.font_size_pt;
        if ems < MIN_LINE_EM {
            let at = span_of("font_size_pt").unwrap_or(place);
            let d = self.error(
                at,
                format!(
                    "at {} pt a line of this {:.0} mm text block holds only {ems:.1} em; at least {MIN_LINE_EM} em are needed",
                    style.font_size_pt, block.0
                ),
            );
            d.hint = Some(format!(
                "use a font size of at most {:.1} pt, or narrower margins or larger paper",
                block.0 * pt_per_mm / MIN_LINE_EM
            ));
            return;
        }
        let gap_em = 2.0;
        let column_em = (ems - gap_em) / 2.0;
        if style.signatory_columns == 2 && column_em < MIN_COLUMN_EM {
            let at = span_of("signatory_columns").unwrap_or(place);
            let d = self.error(at, format!("two signatory columns would be only {column_em:.1} em wide at this size"));
            d.hint = Some(format!("use one column, or a size or margins that leave at least {MIN_COLUMN_EM} em per column"));
        }
    }

    fn margin_ok(&mut self, mm: f32, span: Range<usize>) -> bool {
        if mm < MIN_MARGIN_MM {
            let d = self.error(span, format!("a margin of {mm} mm is too narrow"));
            d.hint = Some(format!(
                "use at least {MIN_MARGIN_MM} mm: the page number sits in the bottom margin and printers cannot print at the edge"
            ));
            false
        } else {
            true
        }
    }

    // ---- [signing] ---------------------------------------------------------------------

    fn signing(&mut self, v: &Value<'_>) -> Signing {
        let mut signing = Signing::default();
        let Some((table, _)) = self.table(v, "[signing]") else { return signing };
        self.unknown_keys(table, KEYS.signing, "in [signing]");
        if let Some(v) = get(table, "page") {
            match v.get_ref() {
                DeValue::Boolean(b) => signing.page = *b,
                other => {
                    let d = self.error(v.span(), format!("`page` must be true or false, found {}", type_name(other)));
                    d.hint = Some("write `page = true` to add a signature page".into());
                }
            }
        }
        if let Some(v) = get(table, "date") {
            signing.date = self.date(v);
        }
        if let Some(v) = get(table, "columns") {
            match self.number(v, "columns") {
                Some(n) if n.fract() == 0.0 && (1.0..=3.0).contains(&n) => signing.columns = Some(n as u8),
                Some(_) => {
                    let d = self.error(v.span(), "`columns` of the signature page must be 1, 2 or 3");
                    d.hint = Some("two blocks per row suit A4 and Letter".into());
                }
                None => {}
            }
        }
        if let Some(v) = get(table, "fields") {
            match v.get_ref() {
                DeValue::Boolean(b) => signing.fields = *b,
                other => {
                    let d = self.error(v.span(), format!("`fields` must be true or false, found {}", type_name(other)));
                    d.hint = Some("write `fields = false` for a signature page without digital-signature fields".into());
                }
            }
        }
        signing
    }

    // ---- [labels] ----------------------------------------------------------------------

    fn labels(&mut self, v: &Value<'_>) -> LabelOverrides {
        let mut labels = LabelOverrides::default();
        let Some((table, _)) = self.table(v, "[labels]") else { return labels };
        self.unknown_keys(table, KEYS.labels, "in [labels]");
        for key in LABEL_KEYS {
            let Some(v) = get(table, key.name) else { continue };
            let DeValue::String(wording) = v.get_ref() else {
                let d = self.error(v.span(), format!("`{}` in [labels] must be a string, found {}", key.name, type_name(v.get_ref())));
                d.label = Some("expected a string".into());
                d.hint = Some(format!("put the wording in quotes: `{} = \"{}\"`", key.name, key.english));
                continue;
            };
            if let Some(text) = self.label_wording(key, wording, v.span()) {
                labels.values.insert(key.name, LabelValue { text, span: v.span() });
            }
        }
        labels
    }

    /// The wording of one `[labels]` key, checked: not empty unless the key allows it, no
    /// control characters, every brace either doubled or part of one of the key's
    /// placeholders. Every problem in it is reported.
    fn label_wording(&mut self, key: &LabelKey, wording: &str, span: Range<usize>) -> Option<String> {
        let name = key.name;
        if wording.trim().is_empty() {
            if key.may_be_empty() {
                return Some(String::new());
            }
            let d = self.error(span, format!("`{name}` in [labels] is empty"));
            d.hint = Some(format!(
                "only {} may be empty; write the wording (in English `{name} = \"{}\"`), or remove the key to keep the built-in one",
                LABEL_KEYS.iter().filter(|k| k.may_be_empty()).map(|k| format!("`{}`", k.name)).collect::<Vec<_>>().join(", "),
                key.english
            ));
            return None;
        }
        if let Some(c) = wording.chars().find(|c| c.is_control()) {
            let d = self.error(span, format!("`{name}` in [labels] contains the control character U+{:04X}", u32::from(c)));
            d.hint = Some("a label is one line of text: remove the line break or tab".into());
            return None;
        }
        let allowed = || match key.placeholders {
            [] => format!("`{name}` takes no placeholders"),
            names => format!("`{name}` may contain {}", names.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")),
        };
        let pieces = match label_pieces(wording) {
            Ok(pieces) => pieces,
            Err(brace) => {
                let (offset, message, hint) = match brace {
                    UnmatchedBrace::Open(at) => (
                        at,
                        format!("in `{name}` of [labels]: `{{` opens a placeholder that is not closed"),
                        format!("close it with `}}`, or write a literal brace as `{{{{`; {}", allowed()),
                    ),
                    UnmatchedBrace::Close(at) => (
                        at,
                        format!("in `{name}` of [labels]: `}}` closes no placeholder"),
                        format!("write a literal brace as `}}}}`; {}", allowed()),
                    ),
                };
                let at = self.brace_in_source(&span, wording, offset);
                self.error(at..at + 1, message).hint = Some(hint);
                return None;
            }
        };
        let mut ok = true;
        for piece in pieces {
            if let LabelPiece::Placeholder { name: placeholder, offset } = piece
                && !key.placeholders.contains(&placeholder)
            {
                ok = false;
                let at = self.brace_in_source(&span, wording, offset);
                // the whole placeholder when it is written as it reads, else its brace
                let written = format!("{{{placeholder}}}");
                let len = if self.source.text.get(at..).is_some_and(|rest| rest.starts_with(&written)) { written.len() } else { 1 };
                let d = self.error(at..at + len, format!("in `{name}` of [labels]: unknown placeholder `{written}`"));
                d.label = Some("unknown placeholder".into());
                d.hint = Some(match did_you_mean(placeholder, key.placeholders.iter().copied()) {
                    Some(close) => format!("did you mean `{{{close}}}`? {}", allowed()),
                    None => format!("{}; write a literal brace as `{{{{`", allowed()),
                });
            }
        }
        ok.then(|| wording.to_string())
    }

    /// Where the brace at byte `offset` of the unescaped string `raw` stands in the source.
    /// TOML escapes do not write braces (short of `\u007B`), so the n-th brace of the
    /// string is the n-th brace of its source text even when other characters are escaped;
    /// when the counts differ, see [`Walker::offset_in_string`].
    fn brace_in_source(&self, span: &Range<usize>, raw: &str, offset: usize) -> usize {
        let is_brace = |c: char| c == '{' || c == '}';
        let Some(written) = self.source.text.get(span.clone()) else { return span.start };
        if written.matches(is_brace).count() != raw.matches(is_brace).count() {
            return self.offset_in_string(span, raw, offset);
        }
        let nth = raw[..offset].matches(is_brace).count();
        written.match_indices(is_brace).nth(nth).map_or(span.start, |(i, _)| span.start + i)
    }

    /// A language without built-in wording gets the English labels: say so at its `lang`,
    /// naming the keys `[labels]` would have to give to reword them all.
    fn warn_of_english_labels(&mut self, lang: &Lang, lang_span: Range<usize>, labels: &LabelOverrides) {
        if BUILTIN_LABEL_LANGUAGES.contains(&lang.primary().as_str()) {
            return;
        }
        let missing: Vec<&str> = LABEL_NAMES.iter().copied().filter(|name| !labels.values.contains_key(name)).collect();
        if missing.is_empty() {
            return;
        }
        let which = if missing.len() == LABEL_NAMES.len() { "the labels" } else { "the labels [labels] leaves out" };
        let d = self.warning(
            lang_span,
            format!("there is no built-in wording for `{}`: {which} (\"To:\", \"Signatories\" …) are printed in English", lang.tag),
        );
        d.label = Some("no built-in labels".into());
        d.hint = Some(format!("to reword them, give these keys in a [labels] table: {}", missing.join(", ")));
    }

    // ---- [fonts] -----------------------------------------------------------------------

    fn fonts(&mut self, v: &Value<'_>) -> FontOverrides {
        let mut fonts = FontOverrides::default();
        let Some((table, _)) = self.table(v, "[fonts]") else { return fonts };
        self.unknown_keys(table, KEYS.fonts, "in [fonts]");
        for (key, slot) in [
            ("body", &mut fonts.body),
            ("bold", &mut fonts.bold),
            ("italic", &mut fonts.italic),
            ("bold_italic", &mut fonts.bold_italic),
            ("cjk", &mut fonts.cjk),
            ("cjk_heading", &mut fonts.cjk_heading),
        ] {
            if let Some(v) = get(table, key) {
                *slot = self.file(v, key);
            }
        }
        if let Some(v) = get(table, "fallback") {
            match v.get_ref() {
                DeValue::String(_) => fonts.fallback.extend(self.file(v, "fallback")),
                _ => {
                    if let Some(list) = self.array(v, "fallback", "write `fallback = [\"fonts/a.ttf\", \"fonts/b.otf\"]`") {
                        fonts.fallback = list.iter().filter_map(|f| self.file(f, "fallback")).collect();
                    }
                }
            }
        }
        fonts
    }
}

#[derive(Default)]
struct Meta {
    subtitle: Option<Text>,
    short_title: Option<Text>,
    lang: Lang,
    /// Where `lang` was given, for the warning about English labels.
    lang_span: Option<Range<usize>>,
    place: Option<Text>,
    date: Option<Date>,
    author: Option<Text>,
    summary: Option<Text>,
    addressee: Option<Text>,
    approval: Option<Text>,
    keywords: Vec<String>,
}

/// `tag` (with `_` read as `-`) in the canonical form ICU writes it: "en_gb" → "en-GB",
/// "zh-hant" → "zh-Hant", "ja-jp-u-ca-japanese" → "ja-JP-u-ca-japanese"; `None` when it
/// is not a language tag. A private-use tag ("x-klingon"), which an ICU locale cannot be,
/// is checked as the private-use part of an undetermined locale and kept without `und-`.
fn canonical_language_tag(tag: &str) -> Option<String> {
    let tag = tag.replace('_', "-");
    if tag.get(..2).is_some_and(|x| x.eq_ignore_ascii_case("x-")) {
        let locale = Locale::try_from_str(&format!("und-{tag}")).ok()?;
        return locale.to_string().strip_prefix("und-").map(String::from);
    }
    Locale::try_from_str(&tag).ok().map(|locale| locale.to_string())
}

fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Which table a key belongs in, when it was written in the wrong one.
fn home_of_key(key: &str) -> Option<&'static str> {
    use contract::Table;
    if key == "clause" {
        return Some(Table::Item.home());
    }
    // the tables a stray key most likely meant; a name only an organisation, a signature
    // page or an item has (`name`, `page`, `text`) is not sent there from elsewhere
    let home = contract::tables_of(key).find(|t| matches!(t, Table::Document | Table::Style | Table::Fonts | Table::Resolution | Table::Group));
    let elsewhere = contract::tables_of(key).next().is_some();
    // `[labels]` last, and only for its own words: `signatories`, `name` or `page`
    // written in the wrong place more likely mean the table or key of that name
    home.map(Table::home).or((label_key(key).is_some() && !elsewhere).then_some("[labels]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(toml: &str) -> Vec<String> {
        let src = Source::new("t.toml", toml);
        match parse(&src) {
            Ok(_) => Vec::new(),
            Err(diags) => diags.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn minimal_document_parses() {
        let src = Source::new("t.toml", "[document]\ntitle = \"A Resolution\"\n");
        let doc = parse(&src).unwrap();
        assert_eq!(doc.title.plain(), "A Resolution");
        assert_eq!(doc.style, Style::default());
        assert!(!doc.lang.is_japanese());
    }

    #[test]
    fn unknown_key_has_position_and_suggestion() {
        let e = errors("[document]\ntitle = \"T\"\nadressee = \"X\"\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("t.toml:3:1: unknown key `adressee` in [document], did you mean `addressee`?"), "{}", e[0]);
    }

    #[test]
    fn key_in_the_wrong_table_says_where_it_belongs() {
        let e = errors("[document]\ntitle = \"T\"\npaper = \"A4\"\n");
        assert!(e[0].contains("`paper` belongs in [style]"), "{e:?}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let e = errors(
            "[document]\ntitle = 5\ndate = \"2005-08-01\"\n[style]\nfont_size_pt = 200\npaper = \"A3\"\nsignatory_columns = 3\n",
        );
        assert_eq!(e.len(), 5, "{e:#?}");
        assert!(e[0].starts_with("t.toml:2:9: `title` must be a string"), "{}", e[0]);
        assert!(e[1].starts_with("t.toml:3:8: `date` must be a TOML date"), "{}", e[1]);
        assert!(e[2].starts_with("t.toml:5:16: a font size of 200 pt"), "{}", e[2]);
        assert!(e[3].starts_with("t.toml:6:9: unknown paper size `A3`"), "{}", e[3]);
        assert!(e[4].starts_with("t.toml:7:21: `signatory_columns` must be 1 or 2"), "{}", e[4]);
    }

    #[test]
    fn missing_title_and_missing_document() {
        let e = errors("[document]\nplace = \"Tokyo\"\n");
        assert!(e[0].starts_with("t.toml:1:1: `[document]` has no `title`"), "{e:?}");
        let e = errors("[style]\npaper = \"A4\"\n");
        assert!(e[0].contains("missing the `[document]` table"), "{e:?}");
    }

    #[test]
    fn syntax_error_points_at_the_place() {
        let e = errors("[document]\ntitle = \"unterminated\n");
        assert!(e[0].starts_with("t.toml:2:"), "{e:?}");
        assert!(e[0].contains("TOML syntax error"), "{e:?}");
    }

    #[test]
    fn markup_error_points_into_the_string() {
        let e = errors("[document]\ntitle = \"an *open title\"\n");
        assert!(e[0].starts_with("t.toml:2:13: in `title`: `*` opens italic text"), "{e:?}");
    }

    #[test]
    fn nesting_and_shapes_of_clauses() {
        let src = Source::new(
            "t.toml",
            r#"
[document]
title = "T"
[resolution]
preamble = "one paragraph"
[[resolution.clauses]]
text = "first"
items = ["a", { text = "b", items = ["b1", "b2"] }]
[[resolution.clauses]]
text = "second"
"#,
        );
        let doc = parse(&src).unwrap();
        assert_eq!(doc.resolution.preamble.len(), 1);
        assert_eq!(doc.resolution.clauses.len(), 2);
        assert_eq!(doc.resolution.clauses[0].items[1].items.len(), 2);

        let e = errors(
            "[document]\ntitle = \"T\"\n[[resolution.clauses]]\ntext = \"x\"\nitems = [{ text = \"a\", items = [{ text = \"b\", items = [\"c\"] }] }]\n",
        );
        assert!(e[0].contains("three levels"), "{e:?}");
    }

    #[test]
    fn margins_one_number_or_table() {
        let src = Source::new("t.toml", "[document]\ntitle = \"T\"\n[style]\nmargin_mm = { top = 30, left = 20.5 }\n");
        let doc = parse(&src).unwrap();
        assert_eq!(doc.style.margins, Margins { top: 30.0, bottom: 25.0, left: 20.5, right: 25.0 });
        let e = errors("[document]\ntitle = \"T\"\n[style]\nmargin_mm = 100\n");
        assert!(e[0].contains("too small to set text"), "{e:?}");
        let e = errors("[document]\ntitle = \"T\"\n[style]\nmargin_mm = 2\n");
        assert!(e[0].contains("too narrow"), "{e:?}");
    }

    #[test]
    fn organisations_plain_or_tables() {
        let src = Source::new(
            "t.toml",
            "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"Japan\"\norganizations = [\"A\", { name = \"B\", representative = \"R\", title = \"Chair\" }]\n",
        );
        let doc = parse(&src).unwrap();
        let orgs = &doc.signatories[0].organizations;
        assert_eq!(orgs[1].representative.as_ref().unwrap().plain(), "R");
        let e = errors("[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"Japan\"\norganizations = [{ nme = \"B\" }]\n");
        assert!(e.iter().any(|m| m.contains("did you mean `name`")), "{e:?}");
        assert!(e.iter().any(|m| m.contains("has no `name`")), "{e:?}");
        let e = errors("[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \" \"\norganizations = [{ name = \"\" }]\n");
        assert!(e[0].starts_with("t.toml:4:11: the `country` of a `[[signatories]]` group is empty"), "{e:?}");
        assert!(e[1].starts_with("t.toml:5:27: an organisation's name is empty"), "{e:?}");
    }

    #[test]
    fn overrides_set_keys_and_name_their_origin() {
        let src = Source::new("t.toml", "[document]\ntitle = \"T\"\naddressee = \"Old\"\n");
        let set = |key: &str, value: &str| Override { key: key.into(), value: value.into(), origin: format!("--set {key}") };
        let doc = parse_with(&src, &[set("document.addressee", "New Parliament"), set("style.font_size_pt", "12"), set("document.title", "2024")]).unwrap();
        assert_eq!(doc.addressee.unwrap().plain(), "New Parliament");
        assert_eq!(doc.style.font_size_pt, 12.0);
        assert_eq!(doc.title.plain(), "2024", "text keys take the value as text");
        let doc = parse_with(&src, &[set("style.margin_mm.left", "30"), set("document.date", "2005-08-01")]).unwrap();
        assert_eq!(doc.style.margins.left, 30.0);
        assert_eq!(doc.date.unwrap().year, 2005);
        // a paragraph key given a plain value: one paragraph of that text
        let doc = parse_with(&src, &[set("resolution.closing", "2024"), set("resolution.preamble", "[\"A\", \"B\"]")]).unwrap();
        assert_eq!(doc.resolution.closing.iter().map(Text::plain).collect::<Vec<_>>(), ["2024"]);
        assert_eq!(doc.resolution.preamble.len(), 2);
        // one side set over `margin_mm = 20`: the other three keep 20
        let uniform = Source::new("t.toml", "[document]\ntitle = \"T\"\n[style]\nmargin_mm = 20\n");
        let doc = parse_with(&uniform, &[set("style.margin_mm.top", "30")]).unwrap();
        let m = doc.style.margins;
        assert_eq!((m.top, m.bottom, m.left, m.right), (30.0, 20.0, 20.0, 20.0));

        let e = parse_with(&src, &[set("document.adressee", "X")]).unwrap_err();
        assert!(e[0].to_string().contains("unknown key `document.adressee` (in --set document.adressee)"), "{}", e[0]);
        assert!(e[0].to_string().contains("did you mean `document.addressee`"), "{}", e[0]);
        let e = parse_with(&src, &[Override { key: "style.font_size_pt".into(), value: "huge".into(), origin: "row 3 of a.csv".into() }]).unwrap_err();
        assert!(e[0].to_string().contains("(in row 3 of a.csv)"), "{}", e[0]);
        // a problem inside an array or inline table given with --set is placed there too,
        // not at a line of the file
        let e = parse_with(&src, &[set("document.keywords", "[1, 2]")]).unwrap_err();
        assert!(!e.is_empty());
        for d in &e {
            assert!(d.to_string().contains("(in --set document.keywords)") && d.line.is_none(), "{d}");
        }
    }

    #[test]
    fn running_head_is_a_boolean_that_defaults_to_automatic() {
        let doc = |toml: &str| parse(&Source::new("t.toml", toml));
        assert_eq!(doc("[document]\ntitle = \"T\"\n").unwrap().style.running_head, None);
        let off = doc("[document]\ntitle = \"T\"\n[style]\nrunning_head = false\n").unwrap();
        assert_eq!(off.style.running_head, Some(false));
        let e = errors("[document]\ntitle = \"T\"\n[style]\nrunning_head = \"yes\"\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("t.toml:4:16: `running_head` must be true or false, found a string"), "{}", e[0]);
        let e = errors("[document]\ntitle = \"T\"\nrunning_head = true\n");
        assert!(e[0].contains("`running_head` belongs in [style]"), "{}", e[0]);
    }

    #[test]
    fn style_names_are_spelt_as_the_schema_lists_them() {
        // paper: each name, in lower case too; numbering names in lower case only, with a
        // suggestion for another case (an editor's schema says the same of both)
        let src = Source::new("t.toml", "[document]\ntitle = \"T\"\n[style]\nclause_numbering = \"decimal\"\npaper = \"letter\"\n");
        let doc = parse(&src).unwrap();
        assert_eq!(doc.style.clause_numbering, Numbering::Decimal);
        assert_eq!(doc.style.paper, Paper::Letter);
        let e = errors("[document]\ntitle = \"T\"\n[style]\nclause_numbering = \"Decimal\"\npaper = \"LETTER\"\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("unknown numbering style `Decimal`") && e[0].contains("did you mean `decimal`?"), "{}", e[0]);
        assert!(e[1].contains("unknown paper size `LETTER`") && e[1].contains("did you mean `Letter`?"), "{}", e[1]);
    }

    const LABELS_GOOD: &str = r#"[document]
title = "Résolution"
lang = "fr"
[labels]
to = ""
copy_for = "Exemplaire de {organization}"
page = "Page {page} sur {pages} {{brouillon}}"
signature_of = 'Signature de {signer}'
"#;

    #[test]
    fn a_labels_table_is_read_back_as_written() {
        let doc = parse(&Source::new("t.toml", LABELS_GOOD)).unwrap();
        let values = &doc.labels.values;
        assert_eq!(values.keys().copied().collect::<Vec<_>>(), ["copy_for", "page", "signature_of", "to"]);
        assert_eq!(values["to"].text, "", "a label before a value may be dropped");
        assert_eq!(values["copy_for"].text, "Exemplaire de {organization}");
        assert_eq!(values["page"].text, "Page {page} sur {pages} {{brouillon}}", "escapes are kept for the substitution");
        assert_eq!(values["page"].fill(&[("page", "2"), ("pages", "3")]), "Page 2 sur 3 {brouillon}");
        let span = values["copy_for"].span.clone();
        assert_eq!(&LABELS_GOOD[span], "\"Exemplaire de {organization}\"");
        assert!(doc.warnings.is_empty(), "French has built-in labels: {:?}", doc.warnings);
        // a key that is only a label, written in [document], is sent to [labels]
        let e = errors("[document]\ntitle = \"T\"\ncopy_for = \"x\"\n");
        assert!(e[0].contains("`copy_for` belongs in [labels]"), "{e:?}");
        let e = errors("[document]\ntitle = \"T\"\nsignatories = \"x\"\n");
        assert!(!e[0].contains("[labels]"), "{e:?}");
    }

    #[test]
    fn labels_errors_have_their_place() {
        let head = "[document]\ntitle = \"T\"\n[labels]\n";
        let e = errors(&format!("{head}copy_fro = \"Copie\"\n"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("t.toml:4:1: unknown key `copy_fro` in [labels], did you mean `copy_for`?"), "{}", e[0]);
        let e = errors(&format!("{head}colour = \"x\"\n"));
        assert!(e[0].contains("the keys allowed in [labels] are: to, signatories,"), "{}", e[0]);

        let e = errors(&format!("{head}to = 5\n"));
        assert!(e[0].starts_with("t.toml:4:6: `to` in [labels] must be a string, found an integer"), "{}", e[0]);
        assert!(e[0].contains("`to = \"To:\"`"), "{}", e[0]);

        // the column of the placeholder's `{`, not of the string
        let e = errors(&format!("{head}copy_for = \"Exemplaire de {{organisation}}\"\n"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("t.toml:4:27: in `copy_for` of [labels]: unknown placeholder `{organisation}`"), "{}", e[0]);
        assert!(e[0].contains("did you mean `{organization}`?"), "{}", e[0]);
        // also after an escape and a wide character, counted in characters
        let e = errors(&format!("{head}page = \"\\u00C9t\u{e9} {{page}} {{total}}\"\n"));
        assert!(e[0].starts_with("t.toml:4:25: in `page` of [labels]: unknown placeholder `{total}`"), "{}", e[0]);
        assert!(e[0].contains("`page` may contain {page}, {pages}"), "{}", e[0]);
        let e = errors(&format!("{head}to = \"{{addressee}}:\"\n"));
        assert!(e[0].starts_with("t.toml:4:7: in `to` of [labels]: unknown placeholder `{addressee}`"), "{}", e[0]);
        assert!(e[0].contains("`to` takes no placeholders"), "{}", e[0]);

        let e = errors(&format!("{head}seal_of = \"Sceau de {{organization\"\n"));
        assert!(e[0].starts_with("t.toml:4:21: in `seal_of` of [labels]: `{` opens a placeholder that is not closed"), "{}", e[0]);
        let e = errors(&format!("{head}continued = \"{{heading}} (suite)}}\"\n"));
        assert!(e[0].starts_with("t.toml:4:31: in `continued` of [labels]: `}` closes no placeholder"), "{}", e[0]);
        assert!(e[0].contains("write a literal brace as `}}`"), "{}", e[0]);

        let e = errors(&format!("{head}signatories = \" \"\nname = \"\"\n"));
        assert_eq!(e.len(), 1, "`name` may be empty: {e:?}");
        assert!(e[0].starts_with("t.toml:4:15: `signatories` in [labels] is empty"), "{}", e[0]);
        assert!(e[0].contains("only `to`, `name`, `title`, `date` may be empty"), "{}", e[0]);

        let e = errors(&format!("{head}resolution = \"Ré\\nsolution\"\n"));
        assert!(e[0].starts_with("t.toml:4:14: `resolution` in [labels] contains the control character U+000A"), "{}", e[0]);

        let e = errors("[document]\ntitle = \"T\"\nlabels = 3\n");
        assert!(e[0].contains("unknown key `labels` in [document]"), "{}", e[0]);
        let e = errors("[document]\ntitle = \"T\"\n[[labels]]\nto = \"x\"\n");
        assert!(e[0].contains("[labels] must be a table, found an array"), "{}", e[0]);
    }

    #[test]
    fn labels_can_be_set_from_outside_the_file() {
        let src = Source::new("t.toml", LABELS_GOOD);
        let set = |key: &str, value: &str| Override { key: key.into(), value: value.into(), origin: format!("--set {key}") };
        let doc = parse_with(&src, &[set("labels.to", "À l'attention de :"), set("labels.page", "1"), set("labels.date", "2005-08-01")]).unwrap();
        assert_eq!(doc.labels.values["to"].text, "À l'attention de :");
        assert_eq!(doc.labels.values["page"].text, "1", "label keys take the value as text");
        assert_eq!(doc.labels.values["date"].text, "2005-08-01");
        assert_eq!(doc.labels.values["copy_for"].text, "Exemplaire de {organization}", "the file's other labels stay");
        assert!(override_keys().iter().any(|k| k == "labels.continued_short"));

        let e = parse_with(&src, &[set("labels.copy_for", "Copie {org}")]).unwrap_err();
        assert!(e[0].to_string().contains("unknown placeholder `{org}` (in --set labels.copy_for)"), "{}", e[0]);
        let e = parse_with(&src, &[set("labels.too", "x")]).unwrap_err();
        assert!(e[0].to_string().contains("did you mean `labels.to`"), "{}", e[0]);
    }

    #[test]
    fn language_tags_are_read_by_icu_and_written_canonically() {
        let tag = |lang: &str| parse(&Source::new("t.toml", format!("[document]\ntitle = \"T\"\nlang = \"{lang}\"\n"))).map(|d| d.lang.tag);
        for (given, canonical) in [
            ("en", "en"),
            ("en_gb", "en-GB"),
            ("EN-us", "en-US"),
            ("zh-hant", "zh-Hant"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("ja-jp-u-ca-japanese", "ja-JP-u-ca-japanese"),
            (" ko-KR ", "ko-KR"),
            ("x-klingon", "x-klingon"),
            ("X-Klingon", "x-klingon"),
        ] {
            assert_eq!(tag(given).unwrap(), canonical, "{given}");
        }
        for bad in ["english", "en--gb", "x-", "x-waytoolongsubtag", "日本語", "e"] {
            let e = errors(&format!("[document]\ntitle = \"T\"\nlang = \"{bad}\"\n"));
            assert!(e[0].starts_with(&format!("t.toml:3:8: `{bad}` is not a BCP 47 language tag")), "{bad}: {e:?}");
        }
        let lang = Lang { tag: canonical_language_tag("ja_JP").unwrap() };
        assert!(lang.is_japanese() && !lang.is_english() && lang.primary() == "ja");
    }

    #[test]
    fn a_language_without_built_in_labels_warns_of_english_ones() {
        let doc = parse(&Source::new("t.toml", "[document]\ntitle = \"Päätöslauselma\"\nlang = \"fi\"\n")).unwrap();
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        let w = &doc.warnings[0];
        assert!(!w.is_error());
        assert!(w.to_string().starts_with("t.toml:3:8: there is no built-in wording for `fi`: the labels (\"To:\", \"Signatories\" …) are printed in English"), "{w}");
        assert!(w.hint.as_deref().unwrap().ends_with(&LABEL_NAMES.join(", ")), "{w}");

        // the keys [labels] leaves out are named
        let doc = parse(&Source::new("t.toml", "[document]\ntitle = \"T\"\nlang = \"x-klingon\"\n[labels]\nto = \"\"\nresolution = \"QaSpu'\"\n")).unwrap();
        let w = &doc.warnings[0];
        assert!(w.message.contains("`x-klingon`: the labels [labels] leaves out"), "{w}");
        assert!(w.hint.as_deref().unwrap().contains("table: signatories, signatures, name, title, date, place_date,"), "{w}");

        // every key given, or a language with labels: nothing to say
        let all: String = LABEL_KEYS.iter().map(|k| format!("{} = \"{}\"\n", k.name, k.english)).collect();
        let doc = parse(&Source::new("t.toml", format!("[document]\ntitle = \"T\"\nlang = \"fi\"\n[labels]\n{all}"))).unwrap();
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        for lang in ["en-GB", "ja", "ko", "zh-Hant", "zh-Hans-CN", "fr-CA", "de", "es-419"] {
            let doc = parse(&Source::new("t.toml", format!("[document]\ntitle = \"T\"\nlang = \"{lang}\"\n"))).unwrap();
            assert!(doc.warnings.is_empty(), "{lang}: {:?}", doc.warnings);
        }
        // a warning does not hide errors, and stays with them
        let e = parse(&Source::new("t.toml", "[document]\ntitle = 1\nlang = \"fi\"\n")).unwrap_err();
        assert_eq!(e.iter().map(Diagnostic::is_error).collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn korean_documents_get_korean_numbering() {
        let doc = parse(&Source::new("t.toml", "[document]\ntitle = \"결의문\"\nlang = \"ko\"\n")).unwrap();
        assert_eq!(
            (doc.style.clause_numbering, doc.style.item_numbering, doc.style.subitem_numbering),
            (Numbering::Decimal, Numbering::Hangul, Numbering::Decimal)
        );
        let doc = parse(&Source::new("t.toml", "[document]\ntitle = \"T\"\n[style]\nclause_numbering = \"jo\"\nitem_numbering = \"hangul\"\n")).unwrap();
        assert_eq!((doc.style.clause_numbering, doc.style.item_numbering), (Numbering::Jo, Numbering::Hangul));
        let docs = include_str!("../../docs/input-format.md");
        for name in Numbering::NAMES {
            assert!(docs.contains(&format!("| `{name}` |")), "docs/input-format.md lacks the numbering `{name}`");
        }
    }

    #[test]
    fn japanese_documents_get_japanese_numbering_unless_told_otherwise() {
        let src = Source::new("t.toml", "[document]\ntitle = \"決議\"\nlang = \"ja\"\n");
        let doc = parse(&src).unwrap();
        assert_eq!(
            (doc.style.clause_numbering, doc.style.item_numbering, doc.style.subitem_numbering),
            (Numbering::Kanji, Numbering::Parenthesized, Numbering::Circled)
        );
        let src = Source::new("t.toml", "[document]\ntitle = \"決議\"\nlang = \"ja\"\n[style]\nclause_numbering = \"dai\"\njapanese_era = true\n");
        let doc = parse(&src).unwrap();
        assert_eq!((doc.style.clause_numbering, doc.style.item_numbering), (Numbering::Dai, Numbering::Parenthesized));
        assert!(doc.style.japanese_era);
    }
}
