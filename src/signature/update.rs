//! An incremental update (PDF 2.0 §7.5.6): changed and new objects appended after the
//! file's last `%%EOF`, with a cross-reference section for them alone and a trailer whose
//! `/Prev` points at the previous one. The bytes before stay as they were, so every
//! signature already in the file still covers exactly what it signed.
//!
//! The cross-reference section takes the form of the file's last one: a table after a
//! table, a stream after a stream (a file that uses streams may be read by tools that
//! expect them).

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId};

use super::SignError;

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

/// An update being written: the objects so far and where each starts in the file.
pub struct Update<'a> {
    original: &'a [u8],
    bytes: Vec<u8>,
    offsets: Vec<(ObjectId, usize)>,
}

impl<'a> Update<'a> {
    pub fn new(original: &'a [u8]) -> Update<'a> {
        let mut bytes = Vec::with_capacity(original.len() + 64 * 1024);
        bytes.extend_from_slice(original);
        // an update starts on a line of its own
        if !original.ends_with(b"\n") && !original.ends_with(b"\r") {
            bytes.push(b'\n');
        }
        Update { original, bytes, offsets: Vec::new() }
    }

    /// Appends `object` as object `id` (a new one, or a new version of an old one).
    pub fn object(&mut self, id: ObjectId, object: &Object) -> Result<(), SignError> {
        let mut body = Vec::new();
        lopdf::Writer::write_object(&mut body, object).map_err(|e| SignError::internal(format!("an object cannot be written: {e}")))?;
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

    /// Writes the cross-reference section and trailer; returns the whole file. `size` is
    /// one more than the largest object number now in use; `previous` the trailer the
    /// update follows (its /Root, /Info, /ID, /Encrypt are carried over), `id_update` the
    /// second half of the new `/ID` (the first identifies the document and stays).
    pub fn finish(mut self, previous: &Dictionary, size: u32, id_update: [u8; 16]) -> Result<Vec<u8>, SignError> {
        let prev = last_startxref(self.original).ok_or_else(|| SignError::document("the file has no `startxref` at its end: it is damaged or not a PDF".into()))?;
        let uses_stream = xref_is_stream(self.original, prev);
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
        trailer.set("Prev", Object::Integer(prev as i64));

        let mut entries = self.offsets.clone();
        let xref_offset = self.bytes.len();
        if uses_stream {
            let own = (size, 0);
            entries.push((own, xref_offset));
            entries.sort_by_key(|(id, _)| id.0);
            let mut index = Vec::new();
            let mut data = Vec::new();
            for run in runs(&entries) {
                index.push(Object::Integer(i64::from(run[0].0.0)));
                index.push(Object::Integer(run.len() as i64));
                for &(id, offset) in run {
                    data.push(1u8);
                    data.extend_from_slice(&(offset as u64).to_be_bytes()[3..]);
                    data.extend_from_slice(&(id.1).to_be_bytes());
                }
            }
            trailer.set("Type", Object::Name(b"XRef".to_vec()));
            trailer.set("Size", Object::Integer(i64::from(size) + 1));
            trailer.set("W", Object::Array(vec![1.into(), 5.into(), 2.into()]));
            trailer.set("Index", Object::Array(index));
            let stream = lopdf::Stream::new(trailer, data);
            let mut body = Vec::new();
            lopdf::Writer::write_object(&mut body, &Object::Stream(stream)).map_err(|e| SignError::internal(e.to_string()))?;
            let _ = writeln!(self.bytes, "{} 0 obj", own.0);
            self.bytes.extend_from_slice(&body);
            self.bytes.extend_from_slice(b"\nendobj\n");
        } else {
            entries.sort_by_key(|(id, _)| id.0);
            self.bytes.extend_from_slice(b"xref\n");
            for run in runs(&entries) {
                let _ = writeln!(self.bytes, "{} {}", run[0].0.0, run.len());
                for &(id, offset) in run {
                    // each entry exactly 20 bytes, as §7.5.4 requires
                    let _ = write!(self.bytes, "{offset:010} {:05} n\r\n", id.1);
                }
            }
            trailer.set("Size", Object::Integer(i64::from(size)));
            self.bytes.extend_from_slice(b"trailer\n");
            lopdf::Writer::write_object(&mut self.bytes, &Object::Dictionary(trailer)).map_err(|e| SignError::internal(e.to_string()))?;
            self.bytes.push(b'\n');
        }
        let _ = write!(self.bytes, "startxref\n{xref_offset}\n%%EOF\n");
        Ok(self.bytes)
    }
}

/// Consecutive object numbers, each run one subsection of the cross-reference section.
fn runs(entries: &[(ObjectId, usize)]) -> Vec<&[(ObjectId, usize)]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=entries.len() {
        if i == entries.len() || entries[i].0.0 != entries[i - 1].0.0 + 1 {
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
        let e = |n: u32| ((n, 0), 0usize);
        let entries = [e(3), e(4), e(5), e(9), e(11), e(12)];
        let lengths: Vec<usize> = runs(&entries).iter().map(|r| r.len()).collect();
        assert_eq!(lengths, [3, 1, 2]);
    }

    #[test]
    fn startxref_is_read_from_the_end() {
        let pdf = b"%PDF-1.7\n...\nstartxref\n12\n%%EOF\n";
        assert_eq!(last_startxref(pdf), Some(12));
        assert_eq!(last_startxref(b"no such thing"), None);
    }
}
