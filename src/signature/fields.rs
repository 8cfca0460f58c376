//! The signature fields of a PDF, read from its AcroForm in field order (for our files,
//! the order of the organisations on the signature page).

use lopdf::{Document, Object, ObjectId};

/// One `/FT /Sig` field.
pub struct Field {
    /// The field's object (for ours, also its widget).
    pub id: ObjectId,
    /// The fully qualified name: the `/T` of the field and its parents, joined by `.`.
    pub name: String,
    /// `/TU`, the name shown to people (ours: the organisation's full name).
    pub title: Option<String>,
    /// The widget annotation that shows the field.
    pub widget: ObjectId,
    /// The widget's `/Rect`, `[left, bottom, right, top]`.
    pub rect: [f32; 4],
    /// The signature dictionary (`/V`), when the field is signed.
    pub signature: Option<ObjectId>,
    /// The field's dictionary when the signing adds the field (not yet in the file).
    pub added: Option<lopdf::Dictionary>,
}

impl Field {
    /// How the field is named to people: its title, or its name.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }
}

/// The signature fields in the order of the AcroForm's `/Fields` (depth first).
pub fn signature_fields(doc: &Document) -> Vec<Field> {
    let mut fields = Vec::new();
    let Ok(catalog) = doc.catalog() else { return fields };
    let Some(form) = catalog.get(b"AcroForm").ok().and_then(|f| doc.dereference(f).ok()).and_then(|(_, f)| f.as_dict().ok()) else {
        return fields;
    };
    let Ok(Object::Array(roots)) = form.get(b"Fields").and_then(|f| doc.dereference(f)).map(|(_, f)| f) else { return fields };
    for root in roots {
        if let Ok(id) = root.as_reference() {
            walk(doc, id, "", None, &mut fields, 0);
        }
    }
    fields
}

fn walk(doc: &Document, id: ObjectId, parent_name: &str, inherited_type: Option<&[u8]>, fields: &mut Vec<Field>, depth: usize) {
    // a form tree deeper than this is damaged or hostile (a cycle)
    if depth > 32 {
        return;
    }
    let Ok(dict) = doc.get_dictionary(id) else { return };
    let own_name = dict.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok());
    let name = match (&own_name, parent_name.is_empty()) {
        (Some(own), true) => own.clone(),
        (Some(own), false) => format!("{parent_name}.{own}"),
        (None, _) => parent_name.to_string(),
    };
    let field_type = dict.get(b"FT").ok().and_then(|t| t.as_name().ok()).or(inherited_type);
    let kids: Vec<ObjectId> = match dict.get(b"Kids").and_then(|k| doc.dereference(k)).map(|(_, k)| k) {
        Ok(Object::Array(kids)) => kids.iter().filter_map(|k| k.as_reference().ok()).collect(),
        _ => Vec::new(),
    };
    // kids with a /T are fields of their own; kids without are this field's widgets
    let child_fields: Vec<ObjectId> = kids.iter().copied().filter(|k| doc.get_dictionary(*k).is_ok_and(|d| d.has(b"T"))).collect();
    if !child_fields.is_empty() {
        for kid in child_fields {
            walk(doc, kid, &name, field_type, fields, depth + 1);
        }
        return;
    }
    if field_type != Some(b"Sig") {
        return;
    }
    let is_widget = dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Widget");
    let widget = if is_widget { Some(id) } else { kids.first().copied() };
    let Some(widget) = widget else { return };
    let rect = doc
        .get_dictionary(widget)
        .ok()
        .and_then(|w| w.get(b"Rect").ok())
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, r)| r.as_array().ok())
        .map(|r| r.iter().map(|v| v.as_float().unwrap_or(0.0)).collect::<Vec<f32>>())
        .filter(|r| r.len() == 4)
        .map(|r| [r[0].min(r[2]), r[1].min(r[3]), r[0].max(r[2]), r[1].max(r[3])])
        .unwrap_or([0.0; 4]);
    let signature = dict.get(b"V").ok().and_then(|v| v.as_reference().ok());
    fields.push(Field {
        id,
        name,
        title: dict.get(b"TU").ok().and_then(|t| lopdf::decode_text_string(t).ok()),
        widget,
        rect,
        signature,
        added: None,
    });
}
