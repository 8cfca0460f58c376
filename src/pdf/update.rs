//! Changes to a finished file, in two forms.
//!
//! - [`Update`], an incremental update (PDF 2.0 §7.5.6): changed and new objects
//!   appended after the file's last `%%EOF`, with a cross-reference section for them
//!   alone and a trailer whose `/Prev` points at the previous one. The bytes before stay
//!   as they were, so every signature already in the file still covers exactly what it
//!   signed. `sign` appends each signature so. Its cross-reference section takes the form
//!   of the file's last one: a table after a table, a stream after a stream (a reader
//!   may not follow a `/Prev` from one to the other: Ghostscript complains of a stream
//!   after a table).
//! - [`rewrite`], one revision made again: the PDF writer adds the signature fields to
//!   the file krilla made (see [`super::fields`]) so. krilla's objects are copied byte for
//!   byte, but those the fields change; the changed and new dictionaries go into
//!   compressed object streams (§7.5.7, a hundred to a stream) and one cross-reference
//!   stream lists them all.

use std::io::Write;

use lopdf::xref::{Xref, XrefEntry};
use lopdf::{Dictionary, Object, ObjectId};

/// Why an update could not be written.
#[derive(Debug)]
pub enum UpdateError {
    /// The file has no `startxref` at its end: it is damaged, or not a PDF.
    NoStartXref,
    /// An object could not be written (a fault of this program).
    Write(String),
    /// The file is not of the form [`rewrite`] makes again.
    Unsupported(&'static str),
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpdateError::NoStartXref => f.write_str("the file has no `startxref` at its end: it is damaged or not a PDF"),
            UpdateError::Write(e) => write!(f, "an object cannot be written: {e}"),
            UpdateError::Unsupported(what) => write!(f, "the file cannot be made again: {what}"),
        }
    }
}

/// Object numbers for the update's new objects, after the file's largest.
pub struct Ids {
    next: u32,
}

impl Ids {
    pub fn after(max_id: u32) -> Ids {
        Ids { next: max_id + 1 }
    }

    pub fn fresh(&mut self) -> ObjectId {
        let id = (self.next, 0);
        self.next += 1;
        id
    }

    /// The trailer's `/Size`: one more than the largest number in use.
    pub fn size(&self) -> u32 {
        self.next
    }
}

/// Objects to an object stream: at most this many in one (as qpdf and most writers: a
/// reader decodes the whole stream to reach one of them).
const OBJECTS_PER_STREAM: usize = 100;

/// An incremental update being written: the file so far and where each object starts.
pub struct Update {
    bytes: Vec<u8>,
    /// The offset of the original's last cross-reference section.
    prev: usize,
    /// Whether the update's cross-reference section is a stream.
    stream: bool,
    /// Objects written, and where each starts.
    offsets: Vec<(ObjectId, usize)>,
}

impl Update {
    /// An update of `original` (copied).
    pub fn new(original: &[u8]) -> Result<Update, UpdateError> {
        let mut bytes = Vec::with_capacity(original.len() + 64 * 1024);
        bytes.extend_from_slice(original);
        Update::append_to(bytes)
    }

    fn append_to(mut bytes: Vec<u8>) -> Result<Update, UpdateError> {
        let prev = last_startxref(&bytes).ok_or(UpdateError::NoStartXref)?;
        let stream = xref_is_stream(&bytes, prev);
        // an update starts on a line of its own
        if !bytes.ends_with(b"\n") && !bytes.ends_with(b"\r") {
            bytes.push(b'\n');
        }
        Ok(Update { bytes, prev, stream, offsets: Vec::new() })
    }

    /// Appends `object` as object `id` (a new one, or a new version of an old one).
    pub fn object(&mut self, id: ObjectId, object: &Object) -> Result<(), UpdateError> {
        let body = body(object)?;
        self.raw_object(id, &body);
        Ok(())
    }

    /// Appends object `id` whose body is written by the caller; returns where `body`
    /// starts in the file (so the caller can find placeholders in it).
    pub fn raw_object(&mut self, id: ObjectId, body: &[u8]) -> usize {
        self.offsets.push((id, self.bytes.len()));
        let _ = writeln!(self.bytes, "{} {} obj", id.0, id.1);
        let start = self.bytes.len();
        self.bytes.extend_from_slice(body);
        self.bytes.extend_from_slice(b"\nendobj\n");
        start
    }

    /// Writes the cross-reference section and trailer; returns the whole file. `ids`
    /// gives the number of a cross-reference stream; `previous` is the trailer the update
    /// follows (its /Root, /Info, /ID, /Encrypt are carried over), `id_update` the second
    /// half of the new `/ID` (the first identifies the document and stays).
    pub fn finish(mut self, previous: &Dictionary, mut ids: Ids, id_update: [u8; 16]) -> Result<Vec<u8>, UpdateError> {
        let mut trailer = Dictionary::new();
        for key in [&b"Root"[..], b"Info", b"Encrypt"] {
            if let Ok(value) = previous.get(key) {
                trailer.set(key, value.clone());
            }
        }
        let first_id = match previous.get(b"ID") {
            Ok(Object::Array(ids)) if !ids.is_empty() => ids[0].clone(),
            _ => Object::String(id_update.to_vec(), lopdf::StringFormat::Hexadecimal),
        };
        trailer.set("ID", Object::Array(vec![first_id, Object::String(id_update.to_vec(), lopdf::StringFormat::Hexadecimal)]));
        trailer.set("Prev", Object::Integer(self.prev as i64));

        let xref_offset = self.bytes.len();
        if self.stream {
            let own = ids.fresh();
            let mut rows: Vec<Row> = self.offsets.iter().map(|&(id, offset)| Row::at(id, offset)).collect();
            rows.push(Row::at(own, xref_offset));
            write_xref_stream(&mut self.bytes, own, rows, trailer, ids.size(), false)?;
        } else {
            let mut entries = self.offsets.clone();
            entries.sort_by_key(|(id, _)| id.0);
            self.bytes.extend_from_slice(b"xref\n");
            for run in runs(&entries, |entry| entry.0.0) {
                let _ = writeln!(self.bytes, "{} {}", run[0].0.0, run.len());
                for &(id, offset) in run {
                    // each entry exactly 20 bytes, as §7.5.4 requires
                    let _ = write!(self.bytes, "{offset:010} {:05} n\r\n", id.1);
                }
            }
            trailer.set("Size", Object::Integer(i64::from(ids.size())));
            self.bytes.extend_from_slice(b"trailer\n");
            lopdf::Writer::write_object(&mut self.bytes, &Object::Dictionary(trailer)).map_err(|e| UpdateError::Write(e.to_string()))?;
            self.bytes.push(b'\n');
        }
        let _ = write!(self.bytes, "startxref\n{xref_offset}\n%%EOF\n");
        Ok(self.bytes)
    }
}

/// An object written for [`rewrite`]: in an object stream, or on its own (a stream, or an
/// object of a generation other than 0, which §7.5.7 keeps out of object streams).
pub enum Written {
    Packed(Vec<u8>),
    Alone(Vec<u8>),
}

impl Written {
    /// `object` written, as object `id`. Written early, an object takes a tenth of the
    /// memory lopdf's form of it does.
    pub fn new(id: ObjectId, object: &Object) -> Result<Written, UpdateError> {
        let body = body(object)?;
        Ok(if id.1 != 0 || matches!(object, Object::Stream(_)) { Written::Alone(body) } else { Written::Packed(body) })
    }
}

/// `original`, a file of one revision with a cross-reference table (as krilla writes
/// them), made again with `objects` (new ones, and new versions of some of its own),
/// written in the order given. Every other object of `original` is copied byte for byte;
/// the packed objects go into object streams; one cross-reference stream, numbered from
/// `ids` like the object streams, lists everything. The trailer's `/Root`, `/Info` and
/// `/ID` stay.
pub fn rewrite(original: &[u8], xref: &Xref, trailer: &Dictionary, objects: Vec<(ObjectId, Written)>, mut ids: Ids) -> Result<Vec<u8>, UpdateError> {
    let body_end = last_startxref(original).ok_or(UpdateError::NoStartXref)?;
    if xref_is_stream(original, body_end) || trailer.has(b"Prev") || trailer.has(b"Encrypt") {
        return Err(UpdateError::Unsupported("not one revision with a cross-reference table"));
    }
    let replaced: std::collections::HashSet<u32> = objects.iter().map(|(id, _)| id.0).collect();

    // the original's objects in the order of the file, each up to the next
    let mut located = Vec::with_capacity(xref.entries.len());
    for (&number, entry) in &xref.entries {
        match *entry {
            XrefEntry::Normal { offset, generation } if (offset as usize) < body_end => located.push((offset as usize, number, generation)),
            XrefEntry::Free | XrefEntry::UnusableFree => {}
            _ => return Err(UpdateError::Unsupported("an object is compressed or beyond the cross-reference table")),
        }
    }
    located.sort_unstable();
    let first = located.first().map_or(body_end, |l| l.0);

    let mut out = Vec::with_capacity(original.len() + objects.len() * 64);
    out.extend_from_slice(&original[..first]);
    let mut rows = Vec::with_capacity(located.len() + objects.len() + objects.len() / OBJECTS_PER_STREAM + 2);
    rows.push(Row { number: 0, kind: 0, field2: 0, field3: 65535 });
    for (i, &(offset, number, generation)) in located.iter().enumerate() {
        if replaced.contains(&number) {
            continue;
        }
        let end = located.get(i + 1).map_or(body_end, |next| next.0);
        rows.push(Row::at((number, generation), out.len()));
        out.extend_from_slice(&original[offset..end]);
    }
    // (krilla ends its last object with an end of line; a file that does not gets one)
    if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
        out.push(b'\n');
    }

    let mut packed = Vec::new();
    for (id, object) in objects {
        match object {
            Written::Alone(body) => {
                rows.push(Row::at(id, out.len()));
                let _ = writeln!(out, "{} {} obj", id.0, id.1);
                out.extend_from_slice(&body);
                out.extend_from_slice(b"\nendobj\n");
            }
            Written::Packed(body) => packed.push((id, body)),
        }
    }
    for chunk in packed.chunks(OBJECTS_PER_STREAM) {
        let container = ids.fresh();
        rows.push(Row::at(container, out.len()));
        let _ = writeln!(out, "{} 0 obj", container.0);
        out.extend_from_slice(&body(&Object::Stream(object_stream(chunk)?))?);
        out.extend_from_slice(b"\nendobj\n");
        rows.extend(chunk.iter().enumerate().map(|(index, (id, _))| Row { number: id.0, kind: 2, field2: u64::from(container.0), field3: index as u16 }));
    }

    let mut own_trailer = Dictionary::new();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = trailer.get(key) {
            own_trailer.set(key, value.clone());
        }
    }
    let own = ids.fresh();
    let xref_offset = out.len();
    rows.push(Row::at(own, xref_offset));
    write_xref_stream(&mut out, own, rows, own_trailer, ids.size(), true)?;
    let _ = write!(out, "startxref\n{xref_offset}\n%%EOF\n");
    Ok(out)
}

/// One entry of a cross-reference stream (§7.5.8.3): its type (0 free, 1 at an offset, 2
/// in an object stream) and two fields.
struct Row {
    number: u32,
    kind: u8,
    field2: u64,
    field3: u16,
}

impl Row {
    fn at(id: ObjectId, offset: usize) -> Row {
        Row { number: id.0, kind: 1, field2: offset as u64, field3: id.1 }
    }
}

/// Writes the cross-reference stream `own` of `rows`, with `trailer`'s entries.
fn write_xref_stream(out: &mut Vec<u8>, own: ObjectId, mut rows: Vec<Row>, mut trailer: Dictionary, size: u32, deflate: bool) -> Result<(), UpdateError> {
    rows.sort_by_key(|row| row.number);
    let mut index = Vec::new();
    let mut data = Vec::with_capacity(rows.len() * 8);
    for run in runs(&rows, |row| row.number) {
        index.push(Object::Integer(i64::from(run[0].number)));
        index.push(Object::Integer(run.len() as i64));
        for row in run {
            data.push(row.kind);
            data.extend_from_slice(&row.field2.to_be_bytes()[3..]);
            data.extend_from_slice(&row.field3.to_be_bytes());
        }
    }
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("Size", Object::Integer(i64::from(size)));
    trailer.set("W", Object::Array(vec![1.into(), 5.into(), 2.into()]));
    trailer.set("Index", Object::Array(index));
    if deflate {
        data = deflated(&data)?;
        trailer.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    }
    let stream = lopdf::Stream::new(trailer, data).with_compression(false);
    let _ = writeln!(out, "{} {} obj", own.0, own.1);
    out.extend_from_slice(&body(&Object::Stream(stream))?);
    out.extend_from_slice(b"\nendobj\n");
    Ok(())
}

fn deflated(data: &[u8]) -> Result<Vec<u8>, UpdateError> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 4), flate2::Compression::default());
    encoder.write_all(data).and_then(|_| encoder.finish()).map_err(|e| UpdateError::Write(e.to_string()))
}

/// An object as PDF writes it.
fn body(object: &Object) -> Result<Vec<u8>, UpdateError> {
    let mut body = Vec::new();
    lopdf::Writer::write_object(&mut body, object).map_err(|e| UpdateError::Write(e.to_string()))?;
    Ok(body)
}

/// An object stream (§7.5.7) of `objects`, deflated.
fn object_stream(objects: &[(ObjectId, Vec<u8>)]) -> Result<lopdf::Stream, UpdateError> {
    let mut header = Vec::new();
    let mut content = Vec::new();
    for (id, body) in objects {
        let _ = write!(header, "{} {} ", id.0, content.len());
        content.extend_from_slice(body);
        content.push(b'\n');
    }
    let first = header.len();
    header.extend_from_slice(&content);
    let data = deflated(&header)?;
    let dict = Dictionary::from_iter([
        ("Type", Object::Name(b"ObjStm".to_vec())),
        ("N", Object::Integer(objects.len() as i64)),
        ("First", Object::Integer(first as i64)),
        ("Filter", Object::Name(b"FlateDecode".to_vec())),
    ]);
    Ok(lopdf::Stream::new(dict, data).with_compression(false))
}

/// Consecutive object numbers, each run one subsection of the cross-reference section.
fn runs<T>(entries: &[T], number: impl Fn(&T) -> u32) -> Vec<&[T]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=entries.len() {
        if i == entries.len() || number(&entries[i]) != number(&entries[i - 1]) + 1 {
            runs.push(&entries[start..i]);
            start = i;
        }
    }
    runs
}

/// The offset `startxref` gives at the end of the file.
pub fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(1024)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let digits: String = tail[at + 9..].iter().skip_while(|b| b.is_ascii_whitespace()).take_while(|b| b.is_ascii_digit()).map(|&b| b as char).collect();
    digits.parse().ok().filter(|&offset| offset < pdf.len())
}

/// Whether the cross-reference section at `offset` is a stream (`N G obj`) rather than a
/// table (`xref`).
fn xref_is_stream(pdf: &[u8], offset: usize) -> bool {
    !pdf[offset..].starts_with(b"xref")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_where_numbers_jump() {
        let entries = [3u32, 4, 5, 9, 11, 12];
        let lengths: Vec<usize> = runs(&entries, |&n| n).iter().map(|r| r.len()).collect();
        assert_eq!(lengths, [3, 1, 2]);
    }

    #[test]
    fn startxref_is_read_from_the_end() {
        let pdf = b"%PDF-1.7\n...\nstartxref\n12\n%%EOF\n";
        assert_eq!(last_startxref(pdf), Some(12));
        assert_eq!(last_startxref(b"no such thing"), None);
    }

    /// A file rewritten with a changed object and 150 new ones (two object streams)
    /// reads back whole, its other objects copied as they were.
    #[test]
    fn rewritten_file_reads_back() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"0 0 m 1 1 l S".to_vec()));
        let page = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages)),
            ("Contents", Object::Reference(content)),
        ]));
        doc.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        );
        let catalog = doc.add_object(Dictionary::from_iter([("Type", Object::Name(b"Catalog".to_vec())), ("Pages", Object::Reference(pages))]));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc.trailer.set("ID", Object::Array(vec![Object::string_literal("a"), Object::string_literal("a")]));
        // a table, as krilla writes
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let mut original = Vec::new();
        doc.save_to(&mut original).unwrap();
        assert!(!xref_is_stream(&original, last_startxref(&original).unwrap()));
        let doc = lopdf::Document::load_mem(&original).unwrap();

        let mut ids = Ids::after(doc.max_id);
        let mut objects = Vec::new();
        for n in 0..150 {
            objects.push((ids.fresh(), Object::Integer(n)));
        }
        let mut page_dict = doc.get_dictionary(page).unwrap().clone();
        page_dict.set("Rotate", Object::Integer(90));
        objects.push((page, Object::Dictionary(page_dict)));
        let written = objects.iter().map(|(id, o)| (*id, Written::new(*id, o).unwrap())).collect();
        let out = rewrite(&original, &doc.reference_table, &doc.trailer, written, ids).unwrap();

        let back = lopdf::Document::load_mem(&out).unwrap();
        for (id, object) in &objects[..150] {
            assert_eq!(back.get_object(*id).unwrap(), object);
        }
        assert_eq!(back.get_dictionary(page).unwrap().get(b"Rotate").unwrap().as_i64().unwrap(), 90);
        assert_eq!(back.get_object(content).unwrap().as_stream().unwrap().content, b"0 0 m 1 1 l S");
        assert_eq!(back.trailer.get(b"ID").unwrap(), doc.trailer.get(b"ID").unwrap());
        assert!(!back.trailer.has(b"Prev"));
        // the page was written once, in an object stream
        assert_eq!(out.windows(b"/Rotate".len()).filter(|w| w == b"/Rotate").count(), 0);
        assert!(out.windows(b"/ObjStm".len()).any(|w| w == b"/ObjStm"));
    }
}
