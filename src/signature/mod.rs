//! Digital signatures: the stage after `pdf`, reading a finished file and adding to it.
//!
//! [`sign`] fills one of the empty signature fields the writer put on the signature page
//! with a PAdES baseline B-B signature, appended as an incremental update so that every
//! signature already in the file stays valid; [`verify`] reads every field back and says
//! who has signed, whether what they signed is intact and whether anything but
//! signatures was changed after.
//!
//! - `credentials`: the key and certificate (PEM, PKCS #12), checked before use;
//! - `cms`: the CMS value (`/Contents`), made and checked;
//! - `fields`: the signature fields of a file, in order;
//! - `appearance`: what a signed field shows;
//! - `verify`: the report on every field.

mod appearance;
mod certification_field;
mod cms;
mod credentials;
mod fields;
mod verify;

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::Digest;

use crate::fonts::FontLibrary;
use crate::pdf::update::{Ids, Update, UpdateError};
pub use credentials::{CredentialFiles, Credentials, utc};
pub use verify::{verify, Changes, FieldReport, SignatureReport, Verification};

/// Why a file could not be signed or read.
#[derive(Debug)]
pub struct SignError {
    /// Whose fault it is, which decides the exit status.
    pub kind: SignErrorKind,
    /// What went wrong, in a sentence.
    pub message: String,
}

/// The kind of a [`SignError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignErrorKind {
    /// The command asks for something it cannot have (no password given, say).
    Usage,
    /// The key, certificate or password is wrong or unsupported.
    Credentials,
    /// The file cannot be signed as asked: no such field, already signed, not a PDF…
    Document,
    /// A fault of this program.
    Internal,
}

impl SignError {
    pub(crate) fn usage(message: String) -> SignError {
        SignError { kind: SignErrorKind::Usage, message }
    }
    pub(crate) fn credentials(message: String) -> SignError {
        SignError { kind: SignErrorKind::Credentials, message }
    }
    pub(crate) fn document(message: String) -> SignError {
        SignError { kind: SignErrorKind::Document, message }
    }
    pub(crate) fn internal(message: String) -> SignError {
        SignError { kind: SignErrorKind::Internal, message }
    }
}

impl From<UpdateError> for SignError {
    fn from(error: UpdateError) -> SignError {
        match error {
            UpdateError::NoStartXref => SignError::document(error.to_string()),
            UpdateError::Write(_) | UpdateError::Unsupported(_) => SignError::internal(error.to_string()),
        }
    }
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What to sign and how.
pub struct SignRequest<'a> {
    /// The field: its name, or the organisation's name (`/TU`). None with `certify`: a
    /// field of its own, invisible, is added for the certification.
    pub field: Option<&'a str>,
    /// Why it is signed (`/Reason`).
    pub reason: Option<&'a str>,
    /// Where (`/Location`).
    pub location: Option<&'a str>,
    /// How to reach the signer (`/ContactInfo`).
    pub contact: Option<&'a str>,
    /// The secretariat's certification signature (DocMDP, P = 2: filling in and signing
    /// fields allowed): only as the first signature.
    pub certify: bool,
    /// Refuse a certificate that is not valid at `time` (else it is a warning).
    pub strict: bool,
    /// The signing time, written as the signature's `/M`.
    pub time: SystemTime,
}

/// A signed file, and what the signer should know.
pub struct Signed {
    /// The whole file: the input byte for byte, then the signature's update.
    pub pdf: Vec<u8>,
    /// The field signed, as people name it.
    pub field: String,
    /// What the signer should know (a certificate not valid at the signing time, …).
    pub warnings: Vec<String>,
}

/// DocMDP's `/P` for the certification: "filling in forms, instantiating page
/// templates, and signing" are the only changes allowed after it.
const DOC_MDP_FILL_AND_SIGN: i64 = 2;

/// `/SigFlags` once a field is signed: SignaturesExist (1) and AppendOnly (2), which tells
/// a reader to save the file incrementally or the signature breaks.
const SIG_FLAGS_SIGNED: i64 = 3;

/// Signs the field `request` names in `pdf`, returning the file with the signature
/// appended as an incremental update.
pub fn sign(pdf: &[u8], credentials: &Credentials, request: &SignRequest<'_>, fonts: &FontLibrary) -> Result<Signed, SignError> {
    let mut warnings = Vec::new();
    if let Some(problem) = credentials::validity_problem(&credentials.certificate, request.time) {
        if request.strict {
            return Err(SignError::credentials(format!("{problem} (refused with --strict)")));
        }
        warnings.push(format!("{problem}; readers will show the signature as made with an invalid certificate"));
    }

    let doc = lopdf::Document::load_mem(pdf).map_err(|e| SignError::document(format!("not a PDF this program can read: {e}")))?;
    // (lopdf opens a file encrypted with an empty user password and drops /Encrypt from
    // the trailer it keeps: an update written from it would be half encrypted)
    if doc.trailer.has(b"Encrypt") || doc.is_encrypted() || doc.encryption_state.is_some() {
        return Err(SignError::document("the PDF is encrypted; this program signs only unencrypted files".into()));
    }
    let fields = fields::signature_fields(&doc);
    // a certification needs no field of the file: it brings its own
    if fields.is_empty() && request.field.is_some() {
        return Err(SignError::document(
            "the PDF has no signature field to sign; build it with a signature page (`[signing] page = true`, which adds one field per organisation)".into(),
        ));
    }
    let mut update = Update::new(pdf)?;
    let mut ids = Ids::after(doc.max_id);
    let added;
    let field = match request.field {
        Some(wanted) => find_field(&fields, wanted)?,
        None if request.certify => {
            added = certification_field::add(&doc, &mut update, &mut ids)?;
            &added
        }
        None => return Err(SignError::usage("name the field to sign".into())),
    };
    if field.signature.is_some() {
        return Err(SignError::document(format!("the field of {} is already signed; a signed field is never signed again (run `verify` to see who signed it)", field.label())));
    }
    let signed_count = fields.iter().filter(|f| f.signature.is_some()).count();
    let catalog = doc.catalog().map_err(|e| SignError::document(format!("the PDF has no catalog: {e}")))?;
    let certified = catalog.get(b"Perms").ok().and_then(|p| doc.dereference(p).ok()).and_then(|(_, p)| p.as_dict().ok()).is_some_and(|p| p.has(b"DocMDP"));
    if request.certify && (signed_count > 0 || certified) {
        return Err(SignError::document(format!(
            "--certify makes the first signature only, and {} of the fields already signed: sign without --certify",
            signed_count
        )));
    }
    if certification_level(&doc) == Some(1) {
        return Err(SignError::document("the document is certified with no changes allowed (DocMDP P = 1): a further signature would break the certification".into()));
    }

    // the objects of the update
    let signature_id = ids.fresh();
    let appearance_id = ids.fresh();

    let width = (field.rect[2] - field.rect[0]).max(1.0);
    let height = (field.rect[3] - field.rect[1]).max(1.0);
    let signer = credentials.signer_name();
    // to the minute: the seconds are in the signature, and the line stays short enough
    // to be read in a narrow field
    let time_text = {
        let full = credentials::utc(request.time);
        match (full.get(..16), full.get(19..)) {
            (Some(minutes), Some(zone)) => format!("{minutes}{zone}"),
            _ => full,
        }
    };
    let lang = doc.catalog().ok().and_then(|c| c.get(b"Lang").ok()).and_then(|l| lopdf::decode_text_string(l).ok());
    let heading = appearance::heading(fonts, lang.as_deref());
    let content = appearance::signed_appearance(fonts, width, height, heading, &signer, &time_text);
    let appearance = flate_stream(
        Dictionary::from_iter([
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", Object::Array(vec![0.into(), 0.into(), Object::Real(round(width)), Object::Real(round(height))])),
            ("Resources", Object::Dictionary(Dictionary::new())),
        ]),
        &content,
    );

    let mut field_dict = match &field.added {
        Some(dict) => dict.clone(),
        None => doc.get_dictionary(field.id).map_err(|e| SignError::internal(e.to_string()))?.clone(),
    };
    field_dict.set("V", Object::Reference(signature_id));
    let appearance_dict = Dictionary::from_iter([("N", Object::Reference(appearance_id))]);
    if field.widget == field.id {
        field_dict.set("AP", Object::Dictionary(appearance_dict));
        update.object(field.id, &Object::Dictionary(field_dict))?;
    } else {
        update.object(field.id, &Object::Dictionary(field_dict))?;
        let mut widget = doc.get_dictionary(field.widget).map_err(|e| SignError::internal(e.to_string()))?.clone();
        widget.set("AP", Object::Dictionary(appearance_dict));
        update.object(field.widget, &Object::Dictionary(widget))?;
    }

    // the catalog (and the form, where it is an object of its own): signatures exist,
    // append only; the certification's DocMDP
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|_| SignError::document("the PDF's trailer names no catalog".into()))?;
    let mut catalog = catalog.clone();
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(form_id)) => {
            let form_id = *form_id;
            let mut form = doc.get_dictionary(form_id).map_err(|e| SignError::internal(e.to_string()))?.clone();
            form.set("SigFlags", Object::Integer(SIG_FLAGS_SIGNED));
            if field.added.is_some() {
                list_field(&mut form, field.id);
            }
            update.object(form_id, &Object::Dictionary(form))?;
        }
        Ok(Object::Dictionary(form)) => {
            let mut form = form.clone();
            form.set("SigFlags", Object::Integer(SIG_FLAGS_SIGNED));
            if field.added.is_some() {
                list_field(&mut form, field.id);
            }
            catalog.set("AcroForm", Object::Dictionary(form));
        }
        // a file without a form: the certification's field starts one
        Err(_) if field.added.is_some() => {
            let mut form = Dictionary::from_iter([("SigFlags", Object::Integer(SIG_FLAGS_SIGNED))]);
            list_field(&mut form, field.id);
            catalog.set("AcroForm", Object::Dictionary(form));
        }
        _ => return Err(SignError::document("the PDF's form cannot be read".into())),
    }
    if request.certify {
        catalog.set("Perms", Object::Dictionary(Dictionary::from_iter([("DocMDP", Object::Reference(signature_id))])));
    }
    update.object(root, &Object::Dictionary(catalog))?;
    update.object(appearance_id, &Object::Stream(appearance))?;

    // the signature dictionary, with room for the signature value and its byte range
    let reserved = cms::sign(credentials, &[0; 32])?.len() + 64;
    let mut entries = Dictionary::from_iter([
        ("Type", Object::Name(b"Sig".to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
        ("M", Object::String(pdf_date(request.time).into_bytes(), StringFormat::Literal)),
        ("Name", crate::pdf::fields::text_string(&signer)),
    ]);
    for (key, value) in [("Reason", request.reason), ("Location", request.location), ("ContactInfo", request.contact)] {
        if let Some(value) = value {
            entries.set(key, crate::pdf::fields::text_string(value));
        }
    }
    if request.certify {
        let params = Dictionary::from_iter([
            ("Type", Object::Name(b"TransformParams".to_vec())),
            ("P", Object::Integer(DOC_MDP_FILL_AND_SIGN)),
            ("V", Object::Name(b"1.2".to_vec())),
        ]);
        let reference = Dictionary::from_iter([
            ("Type", Object::Name(b"SigRef".to_vec())),
            ("TransformMethod", Object::Name(b"DocMDP".to_vec())),
            ("TransformParams", Object::Dictionary(params)),
        ]);
        entries.set("Reference", Object::Array(vec![Object::Dictionary(reference)]));
    }
    let mut body = Vec::new();
    lopdf::Writer::write_object(&mut body, &Object::Dictionary(entries)).map_err(|e| SignError::internal(e.to_string()))?;
    // open the dictionary again to add /ByteRange and /Contents at known places
    body.truncate(body.len() - 2);
    const BYTE_RANGE_WIDTH: usize = 40;
    body.extend_from_slice(b"/ByteRange[");
    let byte_range_at = body.len();
    body.extend_from_slice(&[b' '; BYTE_RANGE_WIDTH]);
    body.extend_from_slice(b"]/Contents");
    let contents_at = body.len();
    body.push(b'<');
    body.extend(std::iter::repeat_n(b'0', reserved * 2));
    body.extend_from_slice(b">>>");
    let body_start = update.raw_object(signature_id, &body);

    let id_update = {
        let mut hash = sha2::Sha256::new();
        hash.update(pdf);
        hash.update(pdf_date(request.time).as_bytes());
        hash.update(field.name.as_bytes());
        let digest = hash.finalize();
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        id
    };
    let mut out = update.finish(&doc.trailer, ids, id_update)?;

    let gap_start = body_start + contents_at;
    let gap_end = gap_start + 2 + reserved * 2;
    let ranges = format!("0 {gap_start} {gap_end} {}", out.len() - gap_end);
    if ranges.len() > BYTE_RANGE_WIDTH {
        return Err(SignError::internal("the byte range does not fit its placeholder".into()));
    }
    let at = body_start + byte_range_at;
    out[at..at + ranges.len()].copy_from_slice(ranges.as_bytes());

    let digest = {
        let mut hash = sha2::Sha256::new();
        hash.update(&out[..gap_start]);
        hash.update(&out[gap_end..]);
        hash.finalize()
    };
    let value = cms::sign(credentials, &digest)?;
    if value.len() > reserved {
        return Err(SignError::internal(format!("the signature ({} bytes) is larger than the room kept for it ({reserved})", value.len())));
    }
    let mut hex = Vec::with_capacity(value.len() * 2);
    for byte in &value {
        let _ = write!(hex, "{byte:02X}");
    }
    out[gap_start + 1..gap_start + 1 + hex.len()].copy_from_slice(&hex);
    Ok(Signed { pdf: out, field: field.label().to_string(), warnings })
}

/// Adds `field` to the form's `/Fields`.
fn list_field(form: &mut Dictionary, field: ObjectId) {
    match form.get_mut(b"Fields") {
        Ok(Object::Array(fields)) => fields.push(Object::Reference(field)),
        _ => form.set("Fields", Object::Array(vec![Object::Reference(field)])),
    }
}

/// The field `wanted` names: by its name, then by the organisation's name, then either
/// without regard to case. The error lists what there is.
fn find_field<'a>(fields: &'a [fields::Field], wanted: &str) -> Result<&'a fields::Field, SignError> {
    let folded = |s: &str| s.to_lowercase();
    fields
        .iter()
        .find(|f| f.name == wanted)
        .or_else(|| fields.iter().find(|f| f.title.as_deref() == Some(wanted)))
        .or_else(|| fields.iter().find(|f| folded(&f.name) == folded(wanted) || f.title.as_deref().is_some_and(|t| folded(t) == folded(wanted))))
        // typed as people type: straight quotes for curly, any case, accents left off —
        // the name made into a field name by the writer's own rule
        .or_else(|| {
            let slug = crate::layout::compose::field_names([wanted.to_string()]).pop().filter(|s| !s.starts_with("organization-"))?;
            fields.iter().find(|f| f.name == slug)
        })
        .ok_or_else(|| {
            let names: Vec<String> = fields
                .iter()
                .map(|f| match &f.title {
                    Some(title) if title != &f.name => format!("  {}  ({title}){}", f.name, if f.signature.is_some() { ", signed" } else { "" }),
                    _ => format!("  {}{}", f.name, if f.signature.is_some() { ", signed" } else { "" }),
                })
                .collect();
            SignError::document(format!("there is no signature field `{wanted}`; the fields are:\n{}", names.join("\n")))
        })
}

/// The certification's `/P`, when the document is certified.
fn certification_level(doc: &lopdf::Document) -> Option<i64> {
    let perms = doc.dereference(doc.catalog().ok()?.get(b"Perms").ok()?).ok()?.1.as_dict().ok()?;
    let signature = doc.dereference(perms.get(b"DocMDP").ok()?).ok()?.1.as_dict().ok()?;
    verify::certification(doc, signature)
}

/// A PDF date (§7.9.4) in UTC.
fn pdf_date(time: SystemTime) -> String {
    match der::DateTime::from_system_time(time) {
        Ok(t) => format!("D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'", t.year(), t.month(), t.day(), t.hour(), t.minutes(), t.seconds()),
        Err(_) => format!("D:{}", time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)),
    }
}

fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

fn flate_stream(mut dict: Dictionary, content: &[u8]) -> lopdf::Stream {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let compressed = encoder.write_all(content).and_then(|_| encoder.finish());
    match compressed {
        Ok(bytes) => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            lopdf::Stream::new(dict, bytes)
        }
        Err(_) => lopdf::Stream::new(dict, content.to_vec()),
    }
}
