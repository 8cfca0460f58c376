//! The field of the secretariat's certification when none is named: invisible (a
//! zero-size widget on the first page, as Acrobat and pyHanko make them), so the
//! organisations' fields stay theirs. It is added in the signing's update like the
//! writer adds the others: listed in the page's annotations and, in a tagged file, as a
//! `Form` structure element at the end of the document's structure (PDF/UA wants every
//! widget tagged), reached back through the parent tree.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::fields::Field;
use crate::pdf::update::{Ids, Update};
use super::SignError;

/// `/F`: Print (PDF/A asks for it on every annotation) and Locked (the field cannot be
/// moved or deleted by hand).
const PRINT_AND_LOCKED: i64 = 4 | 128;

pub fn add(doc: &Document, update: &mut Update, ids: &mut Ids) -> Result<Field, SignError> {
    let internal = |e: lopdf::Error| SignError::internal(format!("the certification field cannot be added: {e}"));
    let page = *doc.get_pages().values().next().ok_or_else(|| SignError::document("the PDF has no page".into()))?;
    let taken: Vec<String> = super::fields::signature_fields(doc).into_iter().map(|f| f.name).collect();
    let name = std::iter::once("certification".to_string())
        .chain((2..).map(|n| format!("certification-{n}")))
        .find(|n| !taken.contains(n))
        .unwrap_or_default();
    let id = ids.fresh();
    let title = "Certification by the secretariat";
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", Object::String(name.clone().into_bytes(), StringFormat::Literal)),
        ("TU", Object::String(title.as_bytes().to_vec(), StringFormat::Literal)),
        ("Rect", Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()])),
        ("F", Object::Integer(PRINT_AND_LOCKED)),
        ("P", Object::Reference(page)),
    ]);

    if let Some(key) = tag(doc, update, ids, id, page)? {
        dict.set("StructParent", Object::Integer(key));
    }

    // the page lists the widget (an /Annots kept as an object of its own is rewritten)
    let mut page_dict = doc.get_dictionary(page).map_err(internal)?.clone();
    match page_dict.get(b"Annots") {
        Ok(Object::Reference(annots_id)) => {
            let annots_id = *annots_id;
            let mut annots = doc.get_object(annots_id).and_then(Object::as_array).map_err(internal)?.clone();
            annots.push(Object::Reference(id));
            update.object(annots_id, &Object::Array(annots))?;
        }
        Ok(Object::Array(annots)) => {
            let mut annots = annots.clone();
            annots.push(Object::Reference(id));
            page_dict.set("Annots", Object::Array(annots));
        }
        _ => page_dict.set("Annots", Object::Array(vec![Object::Reference(id)])),
    }
    page_dict.set("Tabs", Object::Name(b"S".to_vec()));
    update.object(page, &Object::Dictionary(page_dict))?;

    Ok(Field { id, name, title: Some(title.into()), widget: id, rect: [0.0; 4], signature: None, added: Some(dict) })
}

/// In a tagged file: a `Form` element for the widget at the end of the document's
/// structure; returns the widget's key in the parent tree.
fn tag(doc: &Document, update: &mut Update, ids: &mut Ids, widget: ObjectId, page: ObjectId) -> Result<Option<i64>, SignError> {
    let internal = |e: lopdf::Error| SignError::internal(format!("the certification field cannot be tagged: {e}"));
    let Some(root_id) = doc.catalog().ok().and_then(|c| c.get(b"StructTreeRoot").ok()).and_then(|r| r.as_reference().ok()) else {
        return Ok(None);
    };
    let mut root = doc.get_dictionary(root_id).map_err(internal)?.clone();
    // the parent tree, written flat (one /Nums) as our writer does; a tree of /Kids is
    // left alone and the field untagged rather than the tree damaged
    let (tree_id, mut tree) = match root.get(b"ParentTree") {
        Ok(Object::Reference(r)) => (Some(*r), doc.get_dictionary(*r).map_err(internal)?.clone()),
        Ok(Object::Dictionary(d)) => (None, d.clone()),
        _ => (None, Dictionary::new()),
    };
    if tree.has(b"Kids") {
        return Ok(None);
    }
    let mut nums = tree.get(b"Nums").and_then(Object::as_array).cloned().unwrap_or_default();
    let largest = nums.iter().step_by(2).filter_map(|k| k.as_i64().ok()).max();
    let key = root.get(b"ParentTreeNextKey").and_then(Object::as_i64).ok().into_iter().chain(largest.map(|k| k + 1)).max().unwrap_or(0);

    // the document element: the root's one kid, or the root itself
    let document = match root.get(b"K") {
        Ok(Object::Reference(r)) => Some(*r),
        Ok(Object::Array(kids)) if kids.len() == 1 => kids[0].as_reference().ok(),
        _ => None,
    };
    let form = ids.fresh();
    let element = Dictionary::from_iter([
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Form".to_vec())),
        ("P", Object::Reference(document.unwrap_or(root_id))),
        ("Pg", Object::Reference(page)),
        ("Alt", Object::String(b"Certification signature of the secretariat".to_vec(), StringFormat::Literal)),
        (
            "K",
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Obj", Object::Reference(widget)),
                ("Pg", Object::Reference(page)),
            ])),
        ),
    ]);
    update.object(form, &Object::Dictionary(element))?;
    let append = |parent: &mut Dictionary| {
        let kids = match parent.get(b"K") {
            Ok(Object::Array(kids)) => kids.iter().cloned().chain([Object::Reference(form)]).collect(),
            Ok(kid) => vec![kid.clone(), Object::Reference(form)],
            Err(_) => vec![Object::Reference(form)],
        };
        parent.set("K", Object::Array(kids));
    };
    match document {
        Some(document) => {
            let mut element = doc.get_dictionary(document).map_err(internal)?.clone();
            append(&mut element);
            update.object(document, &Object::Dictionary(element))?;
        }
        None => append(&mut root),
    }

    nums.push(Object::Integer(key));
    nums.push(Object::Reference(form));
    tree.set("Nums", Object::Array(nums));
    match tree_id {
        Some(tree_id) => update.object(tree_id, &Object::Dictionary(tree))?,
        None => root.set("ParentTree", Object::Dictionary(tree)),
    }
    root.set("ParentTreeNextKey", Object::Integer(key + 1));
    update.object(root_id, &Object::Dictionary(root))?;
    Ok(Some(key))
}
