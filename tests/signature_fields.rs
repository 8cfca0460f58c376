//! Digital-signature fields on the signature page, read back with lopdf (an independent
//! reader): one empty `/Sig` field per organisation, named by the slug rule, described by
//! the organisation's name, over its signing line, printable, with an appearance, and
//! tagged as a `Form` element that the widget's `/StructParent` finds through the parent
//! tree. `fields = false`, or no signature page, gives no form at all.

mod common;

use std::collections::HashSet;

use common::positions::{IDENTITY, Matrix, multiply, number};
use common::*;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// What the test knows of one field, read from the file.
#[derive(Debug)]
struct Field {
    id: ObjectId,
    name: String,
    full_name: String,
    rect: [f32; 4],
    page: ObjectId,
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).unwrap(),
        other => other,
    }
}

fn string(o: &Object) -> String {
    match o {
        Object::String(bytes, _) => decode_pdf_string(bytes),
        other => panic!("not a string: {other:?}"),
    }
}

/// The catalog's `/AcroForm`, if any.
fn acro_form(doc: &Document) -> Option<&Dictionary> {
    doc.catalog().unwrap().get(b"AcroForm").ok().map(|o| resolve(doc, o).as_dict().unwrap())
}

/// Every field of the AcroForm, in its order, with its widget's checks done on the way.
fn fields(doc: &Document) -> Vec<Field> {
    let Some(form) = acro_form(doc) else { return Vec::new() };
    let pages: HashSet<ObjectId> = doc.get_pages().into_values().collect();
    form.get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let id = f.as_reference().unwrap();
            let d = doc.get_dictionary(id).unwrap();
            assert_eq!(d.get(b"FT").unwrap().as_name().unwrap(), b"Sig", "a signature field");
            assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Widget", "field and widget in one");
            assert!(d.get(b"V").is_err(), "the field is empty");
            assert_eq!(d.get(b"F").unwrap().as_i64().unwrap(), 4, "printed, not hidden");
            let ap = resolve(doc, d.get(b"AP").unwrap()).as_dict().unwrap();
            assert_eq!(ap.len(), 1, "only a normal appearance");
            let normal = doc.get_object(ap.get(b"N").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
            assert_eq!(normal.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"Form");
            assert_eq!(normal.dict.get(b"BBox").unwrap().as_array().unwrap().len(), 4);
            let page = d.get(b"P").unwrap().as_reference().unwrap();
            assert!(pages.contains(&page), "/P is a page");
            let annots = doc.get_dictionary(page).unwrap().get(b"Annots").unwrap();
            assert!(resolve(doc, annots).as_array().unwrap().contains(&Object::Reference(id)), "the page lists its widget");
            let rect: Vec<f32> = d.get(b"Rect").unwrap().as_array().unwrap().iter().map(number).collect();
            Field {
                id,
                name: string(d.get(b"T").unwrap()),
                full_name: string(d.get(b"TU").unwrap()),
                rect: [rect[0], rect[1], rect[2], rect[3]],
                page,
            }
        })
        .collect()
}

/// The organisations' names in signatory order, read from the TOML with serde.
fn organisation_names(toml_text: &str) -> Vec<String> {
    let value: toml::Table = toml::from_str(toml_text).unwrap();
    value["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["organizations"].as_array().unwrap().clone())
        .map(|o| match o {
            toml::Value::String(s) => plain(&s),
            toml::Value::Table(t) => plain(t["name"].as_str().unwrap()),
            other => panic!("{other:?}"),
        })
        .collect()
}

/// The slug rule of the field names, written again here for names without accents or
/// other scripts: apostrophes dropped, ASCII letters and digits lower-cased, `-` between
/// words, cut to 80 characters at a `-`, `-2`, `-3` … for a name seen before.
fn expected_names(names: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .iter()
        .map(|name| {
            let words: Vec<String> = name
                .replace(['\'', '’'], "")
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
            let mut base = words.join("-");
            while base.len() > 80 {
                base.truncate(base.rfind('-').unwrap());
            }
            let mut candidate = base.clone();
            let mut n = 2;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// The bounding boxes (left, bottom, right, top, in PDF points) of the filled paths on a
/// page, following `cm` and `q`/`Q` (krilla flips the page into top-down coordinates).
fn filled_boxes(doc: &Document, page: ObjectId) -> Vec<[f32; 4]> {
    let content = Document::get_and_decode_page_content(doc, page).unwrap();
    let mut stack = vec![IDENTITY];
    let mut points: Vec<(f32, f32)> = Vec::new();
    let mut out = Vec::new();
    let apply = |m: &[f32; 6], x: f32, y: f32| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
    for op in &content.operations {
        let nums: Vec<f32> = op.operands.iter().map(number).collect();
        let m = *stack.last().unwrap();
        match op.operator.as_str() {
            "q" => stack.push(m),
            "Q" => {
                stack.pop();
            }
            "cm" => {
                let c: Matrix = [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]];
                *stack.last_mut().unwrap() = multiply(&c, &m);
            }
            "m" | "l" => points.push(apply(&m, nums[0], nums[1])),
            "c" => points.push(apply(&m, nums[4], nums[5])),
            "re" => {
                points.push(apply(&m, nums[0], nums[1]));
                points.push(apply(&m, nums[0] + nums[2], nums[1] + nums[3]));
            }
            "f" | "f*" | "F" | "B" | "B*" => {
                if !points.is_empty() {
                    let xs = points.iter().map(|p| p.0);
                    let ys = points.iter().map(|p| p.1);
                    out.push([
                        xs.clone().fold(f32::MAX, f32::min),
                        ys.clone().fold(f32::MAX, f32::min),
                        xs.fold(f32::MIN, f32::max),
                        ys.fold(f32::MIN, f32::max),
                    ]);
                }
                points.clear();
            }
            "n" | "S" | "s" => points.clear(),
            _ => {}
        }
    }
    out
}

#[test]
fn the_reference_has_a_signature_field_per_organisation() {
    let source = std::fs::read_to_string(repo().join("input/resolution.toml")).unwrap();
    let bytes = build(&repo().join("input/resolution.toml"));
    let doc = Document::load_mem(&bytes).unwrap();
    let fields = fields(&doc);
    let names = organisation_names(&source);
    assert_eq!(names.len(), 15, "the reference has 15 organisations");
    assert_eq!(fields.len(), names.len(), "one field per organisation");

    // named by the rule, unique, described by the organisation's name
    let field_names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    assert_eq!(field_names, expected_names(&names));
    assert_eq!(field_names.iter().collect::<HashSet<_>>().len(), fields.len(), "unique names");
    assert!(field_names.contains(&"life-funds-for-north-korean-refugees".to_string()), "{field_names:?}");
    let full_names: Vec<String> = fields.iter().map(|f| f.full_name.clone()).collect();
    assert_eq!(full_names, names);

    let form = acro_form(&doc).unwrap();
    assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 1, "SignaturesExist");
    assert!(form.get(b"NeedAppearances").is_err(), "PDF/A-2 forbids NeedAppearances");

    let page_numbers: std::collections::HashMap<ObjectId, u32> = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    for field in &fields {
        // on a signature page, inside it, over the signing line
        let page = doc.get_dictionary(field.page).unwrap();
        let text = doc.extract_text(&[page_numbers[&field.page]]).unwrap();
        assert!(text.contains("Signatures"), "{} is on a signature page", field.name);
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S", "tab order is the structure's");
        let media: Vec<f32> = page.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(number).collect();
        let [left, bottom, right, top] = field.rect;
        assert!(left >= media[0] && bottom >= media[1] && right <= media[2] && top <= media[3], "{field:?} is inside the page");
        assert!(right - left > 100.0 && top - bottom > 40.0, "{field:?} has room to sign in");
        let line = filled_boxes(&doc, field.page).into_iter().find(|b| {
            (b[0] - left).abs() < 0.5 && (b[2] - right).abs() < 0.5 && b[3] - b[1] < 1.0 && (b[1] + b[3]) / 2.0 - bottom < 1.0
                && bottom - (b[1] + b[3]) / 2.0 < 1.0
        });
        assert!(line.is_some(), "{} stands on a signing line as wide as it", field.name);
    }
}

#[test]
fn each_widget_is_a_form_element_of_its_block() {
    let bytes = build(&repo().join("input/resolution.toml"));
    let doc = Document::load_mem(&bytes).unwrap();
    let fields = fields(&doc);
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap().as_reference().unwrap();
    let root = doc.get_dictionary(root).unwrap();
    let parent_tree = resolve(&doc, root.get(b"ParentTree").unwrap()).as_dict().unwrap();
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let next_key = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    for field in &fields {
        let widget = doc.get_dictionary(field.id).unwrap();
        let key = widget.get(b"StructParent").unwrap().as_i64().unwrap();
        assert!(key < next_key, "ParentTreeNextKey is past every key");
        let at = nums.chunks(2).find(|pair| pair[0].as_i64().unwrap() == key).expect("the key is in the parent tree");
        let form_id = at[1].as_reference().unwrap();
        let form = doc.get_dictionary(form_id).unwrap();
        assert_eq!(form.get(b"S").unwrap().as_name().unwrap(), b"Form");
        let objr = resolve(&doc, form.get(b"K").unwrap()).as_dict().unwrap();
        assert_eq!(objr.get(b"Type").unwrap().as_name().unwrap(), b"OBJR");
        assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), field.id, "the OBJR points back at the widget");
        assert_eq!(objr.get(b"Pg").unwrap().as_reference().unwrap(), field.page);
        // in the organisation's block, which holds it among its children
        let block_id = form.get(b"P").unwrap().as_reference().unwrap();
        let block = doc.get_dictionary(block_id).unwrap();
        assert_eq!(block.get(b"S").unwrap().as_name().unwrap(), b"Div", "{} is in its block", field.name);
        let kids = block.get(b"K").unwrap().as_array().unwrap();
        assert_eq!(kids.get(1), Some(&Object::Reference(form_id)), "the field follows the organisation's name");
        let name = doc.get_dictionary(kids[0].as_reference().unwrap()).unwrap();
        assert_eq!(name.get(b"S").unwrap().as_name().unwrap(), b"P");
    }
    // the keys are the parent tree's own: no two entries share one
    let keys: Vec<i64> = nums.chunks(2).map(|p| p[0].as_i64().unwrap()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "the number tree stays sorted: {keys:?}");
}

#[test]
fn fields_false_and_no_signature_page_give_no_form() {
    let source = std::fs::read_to_string(repo().join("input/resolution.toml")).unwrap();
    assert!(source.contains("[signing]\npage = true\n"));
    for toml in [
        source.replace("[signing]\npage = true\n", "[signing]\npage = true\nfields = false\n"),
        source.replace("[signing]\npage = true\n", "[signing]\npage = false\n"),
    ] {
        let bytes = build_toml(&toml);
        let doc = Document::load_mem(&bytes).unwrap();
        assert!(acro_form(&doc).is_none(), "no AcroForm");
        let widgets = doc.objects.values().filter(|o| o.as_dict().is_ok_and(|d| d.get(b"Subtype").is_ok_and(|s| s.as_name().ok() == Some(b"Widget")))).count();
        assert_eq!(widgets, 0);
    }
}

#[test]
fn names_without_latin_letters_and_repeated_names_get_their_own_field_names() {
    let toml = "[document]\ntitle = \"T\"\n[[signatories]]\ncountry = \"C\"\norganizations = [\"Réseau Ñandú\", \"特定失踪者問題調査会\", \"Réseau Ñandú\", \"A.B.C. (Tokyo)\", \"Women’s League\"]\n[signing]\npage = true\n";
    let bytes = build_toml(toml);
    let doc = Document::load_mem(&bytes).unwrap();
    let fields = fields(&doc);
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["reseau-nandu", "organization-2", "reseau-nandu-2", "a-b-c-tokyo", "womens-league"]);
    assert_eq!(fields[1].full_name, "特定失踪者問題調査会", "/TU in UTF-16");
    assert_eq!(fields[0].full_name, "Réseau Ñandú");
}

#[test]
fn fields_keep_the_output_deterministic() {
    let a = build(&repo().join("input/resolution.toml"));
    let b = build(&repo().join("input/resolution.toml"));
    assert!(a == b, "two builds with fields are byte-identical");
}

/// The fields are added without writing krilla's file again: a signature page of 300
/// organisations takes hardly more bytes with its fields than without (saving the whole
/// file again with lopdf had added some 550 bytes a field: 27.7 MB against 18.9 for
/// 15,000 organisations, and it had loaded every object of the file to do so), the file
/// is one revision, and the new objects lie in compressed object streams.
#[test]
fn fields_add_little_to_the_file() {
    let organisations: Vec<String> = (0..300).map(|i| format!("\"Org {i}\"")).collect();
    let toml = format!(
        "[document]\ntitle = \"Many\"\nplace = \"Seoul\"\ndate = 2024-06-20\n[[signatories]]\ncountry = \"C\"\norganizations = [{}]\n[resolution]\n[[resolution.clauses]]\ntext = \"To do things.\"\n[signing]\npage = true\n",
        organisations.join(",")
    );
    let with = build_toml(&toml);
    let without = build_toml(&toml.replace("page = true\n", "page = true\nfields = false\n"));
    assert!(
        with.len() < without.len() + 300 * 100,
        "300 fields add {} bytes to {} (at most 100 a field)",
        with.len() as i64 - without.len() as i64,
        without.len()
    );

    let doc = Document::load_mem(&with).unwrap();
    let fields = fields(&doc);
    assert_eq!(fields.len(), 300);
    assert!(!doc.trailer.has(b"Prev"), "one revision");
    assert_eq!(with.windows(5).filter(|w| w == b"%%EOF").count(), 1, "one revision");
    for field in &fields {
        let entry = doc.reference_table.get(field.id.0).unwrap();
        assert!(matches!(entry, lopdf::xref::XrefEntry::Compressed { .. }), "{} is in an object stream: {entry:?}", field.name);
    }
}
