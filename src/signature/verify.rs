//! Every signature field of a file, read back: who signed, whether what they signed is
//! intact, and whether the revisions after each signature only added signatures and
//! fields (what PAdES and DocMDP allow) or changed what was signed.
//!
//! Trust is not judged: whether a certificate chains to an authority the reader trusts
//! needs a trust list this program does not have. The report says so.

use std::collections::BTreeSet;
use std::time::SystemTime;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::credentials;
use super::fields::{self, Field};
use super::{cms, SignError};

/// The whole report.
pub struct Verification {
    /// Every signature field, in the order of the form.
    pub fields: Vec<FieldReport>,
}

impl Verification {
    /// Every signature present is intact and nothing was changed outside what they allow.
    pub fn all_intact(&self) -> bool {
        self.fields.iter().filter_map(|f| f.signature.as_ref()).all(|s| s.intact && s.changes != Changes::Content)
    }

    /// How many fields hold a signature.
    pub fn signed(&self) -> usize {
        self.fields.iter().filter(|f| f.signature.is_some()).count()
    }
}

/// One field.
pub struct FieldReport {
    /// The field's name (`/T`).
    pub name: String,
    /// What readers show for it (`/TU`): the organisation's name.
    pub title: Option<String>,
    /// Its signature, if it is signed.
    pub signature: Option<SignatureReport>,
}

/// One signature.
pub struct SignatureReport {
    /// The certificate's subject (RFC 4514), or what stood in for it.
    pub signer: String,
    /// Its common name, when it has one.
    pub signer_name: Option<String>,
    /// The time the signature claims (`/M`), not checked against a timestamp.
    pub signing_time: Option<SystemTime>,
    /// The byte range covers the file but the value, the digest matches and the
    /// signature verifies.
    pub intact: bool,
    /// What the revisions after this signature did.
    pub changes: Changes,
    /// The certificate's period of validity, from and until.
    pub certificate_valid: Option<(SystemTime, SystemTime)>,
    /// The certificate was valid when the signature was made (by its claimed time).
    pub valid_at_signing: Option<bool>,
    /// DocMDP `/P` when this is a certification signature.
    pub certification: Option<i64>,
    /// `/SubFilter`: `ETSI.CAdES.detached` or `adbe.pkcs7.detached`.
    pub sub_filter: String,
    /// Why it is not intact, or what else is wrong, in sentences.
    pub problems: Vec<String>,
}

/// What the revisions after a signature did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes {
    /// The signature covers the whole file.
    None,
    /// Later revisions added only signatures, signature fields and their appearances.
    SignaturesOnly,
    /// Later revisions changed what was signed.
    Content,
}

impl Changes {
    /// The name in `verify --json`.
    pub fn name(self) -> &'static str {
        match self {
            Changes::None => "none",
            Changes::SignaturesOnly => "signatures-only",
            Changes::Content => "content",
        }
    }
}

/// Reads every signature field of `pdf` and checks each signature.
pub fn verify(pdf: &[u8]) -> Result<Verification, SignError> {
    let doc = Document::load_mem(pdf).map_err(|e| SignError::document(format!("not a PDF this program can read: {e}")))?;
    if doc.trailer.has(b"Encrypt") || doc.is_encrypted() || doc.encryption_state.is_some() {
        return Err(SignError::document("the PDF is encrypted; this program checks only unencrypted files".into()));
    }
    let fields = fields::signature_fields(&doc);
    let mut reports = Vec::with_capacity(fields.len());
    for field in &fields {
        let signature = field.signature.map(|id| check_signature(pdf, &doc, &fields, id));
        reports.push(FieldReport { name: field.name.clone(), title: field.title.clone(), signature });
    }
    Ok(Verification { fields: reports })
}

fn check_signature(pdf: &[u8], doc: &Document, fields: &[Field], id: ObjectId) -> SignatureReport {
    let mut report = SignatureReport {
        signer: "unknown".into(),
        signer_name: None,
        signing_time: None,
        intact: false,
        changes: Changes::Content,
        certificate_valid: None,
        valid_at_signing: None,
        certification: None,
        sub_filter: String::new(),
        problems: Vec::new(),
    };
    let Ok(dict) = doc.get_dictionary(id) else {
        report.problems.push("the field's value is not a signature dictionary".into());
        return report;
    };
    report.sub_filter = dict.get(b"SubFilter").and_then(Object::as_name).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
    report.certification = certification(doc, dict);
    report.signing_time = dict.get(b"M").ok().and_then(|m| m.as_str().ok()).and_then(parse_pdf_date);

    let Some((ranges, value)) = signed_ranges(pdf, dict, &mut report.problems) else { return report };
    let signed: Vec<&[u8]> = ranges.iter().map(|r| &pdf[r.0..r.1]).collect();
    let checked = cms::check(&value, &signed);
    if let Some(certificate) = &checked.signer {
        report.signer = credentials::subject(certificate);
        report.signer_name = credentials::common_name(certificate);
        report.certificate_valid = Some(credentials::validity(certificate));
    }
    if report.signing_time.is_none() {
        report.signing_time = checked.signing_time;
    }
    if let (Some((from, until)), Some(at)) = (report.certificate_valid, report.signing_time) {
        report.valid_at_signing = Some(from <= at && at <= until);
    }
    report.problems.extend(checked.problems);
    report.intact = checked.digest_matches && checked.signature_valid;

    let end = ranges.last().map(|r| r.1).unwrap_or(0);
    report.changes = if pdf[end..].iter().all(|b| b.is_ascii_whitespace()) {
        Changes::None
    } else {
        match Document::load_mem(&pdf[..end]) {
            Ok(signed_doc) => later_changes(&signed_doc, doc, fields, report.certification, &mut report.problems),
            Err(e) => {
                report.problems.push(format!("the revision this signature covers cannot be read: {e}"));
                Changes::Content
            }
        }
    };
    report
}

/// The two byte ranges of `/ByteRange` and the value of `/Contents`, checked: the first
/// starts the file, the gap between them is exactly the `/Contents` string, the second
/// ends inside the file.
/// Byte ranges of the file, `start..end`.
type Ranges = Vec<(usize, usize)>;

fn signed_ranges(pdf: &[u8], dict: &Dictionary, problems: &mut Vec<String>) -> Option<(Ranges, Vec<u8>)> {
    let numbers: Vec<i64> = dict.get(b"ByteRange").and_then(Object::as_array).map(|a| a.iter().filter_map(|n| n.as_i64().ok()).collect()).unwrap_or_default();
    let value = dict.get(b"Contents").and_then(Object::as_str).map(<[u8]>::to_vec).ok();
    let (Some(value), [0, a, b, c]) = (value, numbers.as_slice()) else {
        problems.push("the signature has no /ByteRange of two ranges from the file's start, or no /Contents".into());
        return None;
    };
    let (a, b, c) = (*a as usize, *b as usize, *c as usize);
    if a >= b || b.checked_add(c).is_none_or(|end| end > pdf.len()) {
        problems.push("the signature's /ByteRange does not fit the file".into());
        return None;
    }
    // what the signature leaves out must be the hexadecimal string of its value alone
    let gap = &pdf[a..b];
    let is_hex_string = gap.len() >= 2 && gap[0] == b'<' && gap[gap.len() - 1] == b'>' && gap[1..gap.len() - 1].iter().all(|x| x.is_ascii_hexdigit());
    if !is_hex_string || (gap.len() - 2) != value.len() * 2 {
        problems.push("the bytes the signature leaves out are not just its value: something was hidden in the gap".into());
        return None;
    }
    Some((vec![(0, a), (b, b + c)], value))
}

/// The DocMDP `/P` of a certification signature (None for an approval signature).
pub(super) fn certification(doc: &Document, signature: &Dictionary) -> Option<i64> {
    let references = doc.dereference(signature.get(b"Reference").ok()?).ok()?.1.as_array().ok()?;
    references.iter().find_map(|r| {
        let r = doc.dereference(r).ok()?.1.as_dict().ok()?;
        if r.get(b"TransformMethod").and_then(Object::as_name).ok()? != b"DocMDP" {
            return None;
        }
        let params = r.get(b"TransformParams").ok().and_then(|p| doc.dereference(p).ok()).and_then(|(_, p)| p.as_dict().ok());
        Some(params.and_then(|p| p.get(b"P").and_then(Object::as_i64).ok()).unwrap_or(2))
    })
}

/// Keys of a signature field or its widget that signing sets.
const SIGNING_KEYS: &[&[u8]] = &[b"V", b"AP", b"AS", b"F", b"Lock", b"SV", b"MK", b"DA"];
/// Keys of the form dictionary that adding signatures and fields sets.
const FORM_KEYS: &[&[u8]] = &[b"Fields", b"SigFlags", b"DR", b"DA", b"NeedAppearances"];
/// Keys of the catalog that adding signatures sets (the form, when written in it; the
/// document security store of long-term validation; the version and extensions a
/// signing tool declares, as pyHanko does).
const CATALOG_KEYS: &[&[u8]] = &[b"AcroForm", b"DSS", b"Extensions", b"Version"];

/// Compares the revision a signature covers with the file as it is now.
fn later_changes(signed: &Document, now: &Document, fields: &[Field], certification: Option<i64>, problems: &mut Vec<String>) -> Changes {
    if certification == Some(1) {
        problems.push("the document was certified with no changes allowed, and was changed after".into());
        return Changes::Content;
    }
    let field_objects: BTreeSet<ObjectId> = fields.iter().flat_map(|f| [f.id, f.widget]).collect();
    let catalog_id = now.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let form_id = now.catalog().ok().and_then(|c| c.get(b"AcroForm").ok()).and_then(|f| f.as_reference().ok());
    let signed_pages: BTreeSet<ObjectId> = signed.get_pages().into_values().collect();
    // the document information and its XMP copy: signing tools record themselves and the
    // time of saving there (pyHanko and Acrobat do), which changes no page
    let info_id = now.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let metadata_id = now.catalog().ok().and_then(|c| c.get(b"Metadata").ok()).and_then(|m| m.as_reference().ok());
    let mut changed = Vec::new();
    for (&id, object) in &now.objects {
        let Some(before) = signed.objects.get(&id) else { continue };
        if before == object || Some(id) == info_id || Some(id) == metadata_id {
            continue;
        }
        let (Ok(old), Ok(new)) = (before.as_dict(), object.as_dict()) else {
            changed.push(id);
            continue;
        };
        let allowed = if field_objects.contains(&id) {
            // a field signed before may not be signed again
            same_except(old, new, SIGNING_KEYS) && (!old.has(b"V") || old.get(b"V").ok() == new.get(b"V").ok())
        } else if Some(id) == catalog_id {
            same_except(old, new, CATALOG_KEYS) && form_allowed(old.get(b"AcroForm").ok(), new.get(b"AcroForm").ok())
        } else if Some(id) == form_id {
            same_except(old, new, FORM_KEYS) && fields_kept(old.get(b"Fields").ok(), new.get(b"Fields").ok())
        } else if signed_pages.contains(&id) {
            // a page may gain widgets, nothing else
            same_except(old, new, &[b"Annots"]) && annotations_kept(old.get(b"Annots").ok(), now, new.get(b"Annots").ok(), &field_objects)
        } else {
            false
        };
        if !allowed {
            changed.push(id);
        }
    }
    if changed.is_empty() {
        Changes::SignaturesOnly
    } else {
        let list: Vec<String> = changed.iter().take(6).map(|id| format!("{} {} R", id.0, id.1)).collect();
        problems.push(format!(
            "a later revision changed what this signature covers (objects {}{})",
            list.join(", "),
            if changed.len() > 6 { format!(" and {} more", changed.len() - 6) } else { String::new() }
        ));
        Changes::Content
    }
}

fn same_except(old: &Dictionary, new: &Dictionary, keys: &[&[u8]]) -> bool {
    let keep = |d: &Dictionary| -> Vec<(Vec<u8>, Object)> { d.iter().filter(|(k, _)| !keys.contains(&k.as_slice())).map(|(k, v)| (k.clone(), v.clone())).collect() };
    let (mut a, mut b) = (keep(old), keep(new));
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    a == b
}

fn form_allowed(old: Option<&Object>, new: Option<&Object>) -> bool {
    match (old, new) {
        (Some(Object::Dictionary(old)), Some(Object::Dictionary(new))) => same_except(old, new, FORM_KEYS) && fields_kept(old.get(b"Fields").ok(), new.get(b"Fields").ok()),
        (old, new) => old == new,
    }
}

/// Every field listed before is still listed, in its place (new ones may follow).
fn fields_kept(old: Option<&Object>, new: Option<&Object>) -> bool {
    match (old.and_then(|o| o.as_array().ok()), new.and_then(|n| n.as_array().ok())) {
        (Some(old), Some(new)) => new.starts_with(old),
        (None, _) => true,
        (Some(_), None) => false,
    }
}

/// Every annotation before is still there; the new ones are signature widgets.
fn annotations_kept(old: Option<&Object>, now: &Document, new: Option<&Object>, fields: &BTreeSet<ObjectId>) -> bool {
    let old: Vec<Object> = old.and_then(|o| o.as_array().ok()).cloned().unwrap_or_default();
    let Some(new) = new.and_then(|n| n.as_array().ok()) else { return old.is_empty() };
    if !new.starts_with(&old) {
        return false;
    }
    new[old.len()..].iter().all(|a| a.as_reference().is_ok_and(|id| fields.contains(&id) || now.get_dictionary(id).is_ok_and(|d| d.get(b"FT").and_then(Object::as_name).is_ok_and(|t| t == b"Sig"))))
}

/// A PDF date `D:YYYYMMDDHHmmSS+HH'mm'` (the later parts optional) as a time.
fn parse_pdf_date(bytes: &[u8]) -> Option<SystemTime> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let part = |from: usize, len: usize, default: u32| digits.get(from..from + len).and_then(|s| s.parse().ok()).unwrap_or(default);
    let year: u16 = digits.get(0..4)?.parse().ok()?;
    let (month, day, hour, minute, second) = (part(4, 2, 1), part(6, 2, 1), part(8, 2, 0), part(10, 2, 0), part(12, 2, 0));
    let time = der::DateTime::new(year, month as u8, day as u8, hour as u8, minute as u8, second as u8).ok()?.to_system_time();
    let rest = &text[digits.len()..];
    let offset = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let zone: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: u64 = zone.get(0..2).and_then(|s| s.parse().ok()).unwrap_or(0);
            let minutes: u64 = zone.get(2..4).and_then(|s| s.parse().ok()).unwrap_or(0);
            let seconds = std::time::Duration::from_secs(hours * 3600 + minutes * 60);
            return if sign == '+' { time.checked_sub(seconds) } else { time.checked_add(seconds) };
        }
        _ => std::time::Duration::ZERO,
    };
    time.checked_sub(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_are_read_in_utc() {
        let utc = |s: &str| parse_pdf_date(s.as_bytes()).map(credentials::utc);
        assert_eq!(utc("D:20261129190500+00'00'").as_deref(), Some("2026-11-29 19:05:00 UTC"));
        assert_eq!(utc("D:20261129190500+09'00'").as_deref(), Some("2026-11-29 10:05:00 UTC"));
        assert_eq!(utc("D:20261129190500Z").as_deref(), Some("2026-11-29 19:05:00 UTC"));
        assert_eq!(utc("D:2026").as_deref(), Some("2026-01-01 00:00:00 UTC"));
        assert_eq!(utc("nonsense"), None);
    }
}
