//! Empty digital-signature fields, added to the file krilla wrote.
//!
//! krilla 0.8 writes link annotations only: no AcroForm, no widgets. Rather than fork it,
//! the writer makes krilla's finished file again with the fields in it, in one revision
//! ([`super::update::rewrite`]; nothing has been signed yet). Only the objects the fields
//! hang from are read back, with lopdf and a filter that drops every other object as it
//! is parsed (content streams, fonts, images, the structure elements of the text): a
//! document of 15,000 organisations has some 190,000 objects, and loading them all took
//! more memory than krilla's own writing. krilla's other objects are copied byte for
//! byte; the changed and new dictionaries go into compressed object streams, listed with
//! the rest in one cross-reference stream (saving the whole file with lopdf had written
//! every object again and the fields uncompressed: 27.7 MB for 15,000 organisations,
//! where krilla's file without them is 18.9 MB and the file with them now 15.8 MB, the
//! compressed cross-reference stream taking less room than krilla's table).
//!
//! What is added is exactly what PDF/A-2 and PDF/UA-1 ask of a form field, and nothing
//! krilla wrote is changed but the dictionaries the fields hang from:
//!
//! - the field and its one widget in one dictionary (`/FT /Sig`, `/T` the slug of
//!   [`crate::layout::compose::field_names`], `/TU` the organisation's name, `/Rect` the
//!   space above its signing line, `/F 4` print), with an empty appearance (`/AP /N`, a
//!   form XObject with a `/BBox` and no content: PDF/A-2 wants an appearance for every
//!   annotation and forbids `/NeedAppearances`), one for all the fields of a size (a
//!   signature brings its own appearance, and leaves the empty one as it is);
//! - the page's `/Annots` and `/Tabs /S` (PDF/UA: tab order is the structure order);
//! - a `/Form` structure element in the organisation's block (its `Div`, found by the ID
//!   the writer gave it), holding an object reference to the widget, which points back
//!   with `/StructParent` through the structure tree's `/ParentTree`;
//! - the catalog's `/AcroForm << /Fields […] /SigFlags 1 >>`.
//!
//! Objects are numbered after krilla's in the order of the fields, and written in number
//! order: the same input gives the same bytes.

use std::collections::{BTreeSet, HashMap};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::update::{self, Ids, Written};

use crate::diag::Diagnostic;
use crate::layout::SignatureField;

/// A signature field placed on a page of the PDF.
pub(super) struct PlacedField {
    /// Page index, from 0.
    pub page: usize,
    /// `[left, bottom, right, top]` in PDF points, from the page's bottom-left corner.
    pub rect: [f32; 4],
    pub field: std::sync::Arc<SignatureField>,
    /// The `/ID` krilla wrote on the organisation's block in the structure tree (None in
    /// an untagged PDF).
    pub block_id: Option<Vec<u8>>,
}

/// `/SigFlags` of the AcroForm: bit 1, SignaturesExist. PDF 2.0 (Table 225, "Entries
/// in the interactive form dictionary") sets it when "the document contains at least
/// one signature field" — a field, signed or not — so that a reader offers signing
/// without searching the file; bit 2, AppendOnly, belongs to a file that already holds
/// a signature (saving it other than incrementally would break it), which ours does not.
const SIG_FLAGS_SIGNATURES_EXIST: i64 = 1;

/// `/F` of the widgets: Print (bit 3), which PDF/A requires; not Hidden, NoView.
const ANNOTATION_PRINT: i64 = 4;

/// `pdf` (as krilla wrote it) with `fields` added. A failure is an internal error (one
/// diagnostic, in a list as [`super::write`] returns them).
pub(super) fn add_signature_fields(pdf: Vec<u8>, fields: &[PlacedField]) -> Result<Vec<u8>, Vec<Diagnostic>> {
    if fields.is_empty() {
        return Ok(pdf);
    }
    let internal = |what: &str| vec![Diagnostic::error(format!("the signature fields could not be added: {what}")).internal()];
    let written = |id, object: &Object| Written::new(id, object).map_err(|e| internal(&e.to_string()));
    let options = lopdf::LoadOptions { filter: Some(keep_what_fields_change), strict: true, ..Default::default() };
    let mut doc = lopdf::Document::load_mem_with_options(&pdf, options).map_err(|e| internal(&format!("lopdf cannot read krilla's file: {e}")))?;
    // krilla's objects the fields change; the new ones, written as they are made
    let mut changed = BTreeSet::new();
    let mut new = Vec::with_capacity(fields.len() * 2 + 1);
    let mut next_id = Ids::after(doc.max_id);
    // the empty appearances, by size in hundredths of a point
    let mut appearances: HashMap<(i64, i64), ObjectId> = HashMap::new();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let tagged = fields.iter().any(|f| f.block_id.is_some());
    let blocks = if tagged { struct_elements_by_id(&doc) } else { Default::default() };
    let mut parent_tree = if tagged { Some(ParentTree::read(&doc).ok_or_else(|| internal("no structure tree"))?) } else { None };

    let mut widgets = Vec::with_capacity(fields.len());
    for placed in fields {
        let page = *pages.get(placed.page).ok_or_else(|| internal("a field is on a page that is not there"))?;
        let [left, bottom, right, top] = placed.rect;
        let size = (hundredths(right - left), hundredths(top - bottom));
        let appearance = match appearances.get(&size) {
            Some(&appearance) => appearance,
            None => {
                let appearance = Stream::new(
                    Dictionary::from_iter([
                        ("Type", Object::Name(b"XObject".to_vec())),
                        ("Subtype", Object::Name(b"Form".to_vec())),
                        ("BBox", Object::Array(vec![0.into(), 0.into(), real(right - left), real(top - bottom)])),
                        ("Resources", Object::Dictionary(Dictionary::new())),
                    ]),
                    Vec::new(),
                );
                let id = next_id.fresh();
                new.push((id, written(id, &Object::Stream(appearance))?));
                appearances.insert(size, id);
                id
            }
        };
        let widget = next_id.fresh();
        let mut dict = Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Sig".to_vec())),
            ("T", Object::String(placed.field.name.as_bytes().to_vec(), StringFormat::Literal)),
            ("TU", text_string(&placed.field.full_name)),
            ("Rect", Object::Array(vec![real(left), real(bottom), real(right), real(top)])),
            ("F", Object::Integer(ANNOTATION_PRINT)),
            ("P", Object::Reference(page)),
            ("AP", Object::Dictionary(Dictionary::from_iter([("N", Object::Reference(appearance))]))),
        ]);

        if let (Some(tree), Some(id)) = (parent_tree.as_mut(), &placed.block_id) {
            let block = *blocks.get(id).ok_or_else(|| internal("an organisation's block is not in the structure tree"))?;
            let form = next_id.fresh();
            let key = tree.push(form);
            dict.set("StructParent", Object::Integer(key));
            let reference = Dictionary::from_iter([
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Obj", Object::Reference(widget)),
                ("Pg", Object::Reference(page)),
            ]);
            let element = Dictionary::from_iter([
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(b"Form".to_vec())),
                ("P", Object::Reference(block)),
                ("Pg", Object::Reference(page)),
                ("K", Object::Dictionary(reference)),
            ]);
            new.push((form, written(form, &Object::Dictionary(element))?));
            // in reading order the field follows the organisation's name, the block's
            // first child, as it does on the page
            changed.insert(block);
            let block = doc.get_dictionary_mut(block).map_err(|e| internal(&e.to_string()))?;
            let mut kids = match block.get(b"K") {
                Ok(Object::Array(kids)) => kids.clone(),
                Ok(kid) => vec![kid.clone()],
                Err(_) => Vec::new(),
            };
            kids.insert(kids.len().min(1), Object::Reference(form));
            block.set("K", Object::Array(kids));
        }
        new.push((widget, written(widget, &Object::Dictionary(dict))?));

        changed.insert(page);
        let page = doc.get_dictionary_mut(page).map_err(|e| internal(&e.to_string()))?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(annots)) => annots.push(Object::Reference(widget)),
            Ok(_) => return Err(internal("a page's annotations are not an array")),
            Err(_) => page.set("Annots", Object::Array(vec![Object::Reference(widget)])),
        }
        page.set("Tabs", Object::Name(b"S".to_vec()));
        widgets.push(Object::Reference(widget));
    }

    if let Some(tree) = parent_tree {
        changed.extend(tree.write(&mut doc).map_err(|e| internal(&e))?);
    }
    let acro_form = Dictionary::from_iter([
        ("Fields", Object::Array(widgets)),
        ("SigFlags", Object::Integer(SIG_FLAGS_SIGNATURES_EXIST)),
    ]);
    doc.catalog_mut().map_err(|e| internal(&e.to_string()))?.set("AcroForm", Object::Dictionary(acro_form));
    changed.insert(doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|e| internal(&e.to_string()))?);

    let mut objects = Vec::with_capacity(changed.len() + new.len());
    for id in changed {
        let object = doc.objects.get(&id).ok_or_else(|| internal("an object the fields change is missing"))?;
        objects.push((id, written(id, object)?));
    }
    // krilla's numbers, then the new ones in number order
    new.sort_unstable_by_key(|(id, _)| *id);
    objects.append(&mut new);
    update::rewrite(&pdf, &doc.reference_table, &doc.trailer, objects, next_id).map_err(|e| internal(&e.to_string()))
}

/// The load filter: only what the fields hang from (the catalog, the page tree, the
/// structure tree's root and parent tree, the structure elements with an `/ID`: the
/// organisations' blocks) is kept; every other object is dropped as soon as it is read.
fn keep_what_fields_change(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let Object::Dictionary(dict) = object else { return None };
    let keep = match dict.get(b"Type").and_then(Object::as_name) {
        Ok(b"Catalog" | b"Pages" | b"Page" | b"StructTreeRoot") => true,
        Ok(b"StructElem") => dict.has(b"ID"),
        Ok(_) => false,
        // a parent tree kept as an object of its own (krilla writes it in the root)
        Err(_) => dict.has(b"Nums"),
    };
    // (lopdf keeps `object` itself from a plain object and the returned one from an
    // object stream)
    keep.then(|| (id, object.clone()))
}

/// A length in hundredths of a point, as [`real`] writes it.
fn hundredths(value: f32) -> i64 {
    (value * 100.0).round() as i64
}

/// The structure elements that carry an `/ID`, by it.
fn struct_elements_by_id(doc: &lopdf::Document) -> std::collections::HashMap<Vec<u8>, ObjectId> {
    doc.objects
        .iter()
        .filter_map(|(&id, object)| {
            let dict = object.as_dict().ok()?;
            if dict.get(b"Type").and_then(Object::as_name).ok()? != b"StructElem" {
                return None;
            }
            let Ok(Object::String(bytes, _)) = dict.get(b"ID") else { return None };
            Some((bytes.clone(), id))
        })
        .collect()
}

/// The structure tree's `/ParentTree` (a number tree krilla writes flat, as one `/Nums`
/// array) and its next free key.
struct ParentTree {
    root: ObjectId,
    nums: Vec<Object>,
    next_key: i64,
}

impl ParentTree {
    fn read(doc: &lopdf::Document) -> Option<ParentTree> {
        let root = doc.catalog().ok()?.get(b"StructTreeRoot").ok()?.as_reference().ok()?;
        let tree = doc.get_dictionary(root).ok()?;
        let parent_tree = match tree.get(b"ParentTree").ok() {
            Some(Object::Reference(r)) => doc.get_dictionary(*r).ok()?,
            Some(Object::Dictionary(d)) => d,
            _ => return Some(ParentTree { root, nums: Vec::new(), next_key: 0 }),
        };
        // a tree of /Kids would need walking; krilla never writes one
        if parent_tree.has(b"Kids") {
            return None;
        }
        let nums = parent_tree.get(b"Nums").and_then(Object::as_array).cloned().unwrap_or_default();
        let largest = nums.iter().step_by(2).filter_map(|k| k.as_i64().ok()).max();
        let next_key = tree.get(b"ParentTreeNextKey").and_then(Object::as_i64).ok().into_iter().chain(largest.map(|k| k + 1)).max();
        Some(ParentTree { root, nums, next_key: next_key.unwrap_or(0) })
    }

    /// Add `element` under the next key, returned. Keys only grow, so `/Nums` stays sorted.
    fn push(&mut self, element: ObjectId) -> i64 {
        let key = self.next_key;
        self.nums.push(Object::Integer(key));
        self.nums.push(Object::Reference(element));
        self.next_key += 1;
        key
    }

    /// Writes the tree back; returns the objects changed.
    fn write(self, doc: &mut lopdf::Document) -> Result<Vec<ObjectId>, String> {
        let tree = doc.get_dictionary(self.root).map_err(|e| e.to_string())?;
        let nums = Object::Dictionary(Dictionary::from_iter([("Nums", Object::Array(self.nums))]));
        let mut changed = vec![self.root];
        match tree.get(b"ParentTree") {
            Ok(Object::Reference(r)) => {
                let r = *r;
                doc.objects.insert(r, nums);
                changed.push(r);
            }
            _ => doc.get_dictionary_mut(self.root).map_err(|e| e.to_string())?.set("ParentTree", nums),
        }
        doc.get_dictionary_mut(self.root).map_err(|e| e.to_string())?.set("ParentTreeNextKey", Object::Integer(self.next_key));
        Ok(changed)
    }
}

/// A number as PDF writes it, rounded to a hundredth of a point (what a reader can tell
/// apart, and the same digits on every machine).
fn real(value: f32) -> Object {
    Object::Real(hundredths(value) as f32 / 100.0)
}

/// A PDF text string: PDFDocEncoding when the text is printable ASCII (where the two
/// agree), else UTF-16BE with its byte order mark.
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string("Life Funds"), Object::String(b"Life Funds".to_vec(), StringFormat::Literal));
        assert_eq!(text_string("特"), Object::String(vec![0xFE, 0xFF, 0x72, 0x79], StringFormat::Hexadecimal));
        assert_eq!(text_string("Rés"), Object::String(vec![0xFE, 0xFF, 0, b'R', 0, 0xE9, 0, b's'], StringFormat::Hexadecimal));
    }
}
