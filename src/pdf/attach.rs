//! The declarations inside the PDF: each printed form's `.ron` text as an embedded file, so the
//! PDF is a "hybrid" file as LibreOffice writes them (its source travels with it) and Jixiao can
//! open the printed PDF again.
//!
//! Written as PDF 1.7 §7.11.4 embedded file streams, listed in the catalog's `/EmbeddedFiles`
//! name tree and in `/AF` (associated files, PDF 2.0 §14.13) with `/AFRelationship /Source`.
//! The name-tree keys are `0001`, `0002`, … so that the tree's order (which must be sorted) is
//! the print order; the file name a reader shows is `{年度}-{项目名称}.ron`.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::PdfError;

/// MIME type of the embedded `.ron` text (`/Subtype`, a PDF name with `/` written as `#2F`).
const RON_SUBTYPE: &[u8] = b"text/plain";

/// Largest embedded text read back (a declaration's RON is a few KB; this bounds a hostile file).
const MAX_EMBEDDED_BYTES: usize = 16 * 1024 * 1024;

/// Why embedded declarations could not be read back from PDF bytes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmbeddedError {
    /// The bytes are not a PDF that can be read.
    #[error("不是可读取的 PDF 文件")]
    NotPdf,
    /// An embedded file is damaged (its stream cannot be decompressed, or not to the size
    /// recorded with it) or is not UTF-8 text; counted from 1 in the PDF's order.
    #[error("PDF 中的第 {0} 个附件已损坏，无法读取")]
    Damaged(usize),
}

/// One file to embed: its name (shown by PDF readers) and its text.
pub(super) struct Attachment {
    pub name: String,
    pub text: String,
}

/// Adds `attachments` to `document` (whose catalog is `catalog`), in order. `modified` is the
/// PDF date string of the print.
pub(super) fn embed(
    document: &mut lopdf::Document,
    catalog: ObjectId,
    attachments: &[Attachment],
    modified: &str,
) -> Result<(), PdfError> {
    if attachments.is_empty() {
        return Ok(());
    }
    let mut names = Vec::with_capacity(attachments.len() * 2);
    let mut associated = Vec::with_capacity(attachments.len());
    for (index, attachment) in attachments.iter().enumerate() {
        let bytes = attachment.text.as_bytes();
        let mut params = Dictionary::new();
        params.set("Size", Object::Integer(bytes.len() as i64));
        params.set("ModDate", Object::string_literal(modified));
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        dict.set("Subtype", Object::Name(RON_SUBTYPE.to_vec()));
        dict.set("Params", Object::Dictionary(params));
        let file = document.add_object(super::compressed_stream(dict, bytes));

        let mut ef = Dictionary::new();
        ef.set("F", Object::Reference(file));
        ef.set("UF", Object::Reference(file));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set("F", super::text_string(&attachment.name));
        spec.set("UF", super::text_string(&attachment.name));
        spec.set("EF", Object::Dictionary(ef));
        spec.set(
            "Desc",
            super::text_string("Jixiao 申报表数据（可用 Jixiao 打开）"),
        );
        spec.set("AFRelationship", Object::Name(b"Source".to_vec()));
        let spec = document.add_object(spec);
        names.push(Object::String(
            format!("{:04}", index + 1).into_bytes(),
            StringFormat::Literal,
        ));
        names.push(Object::Reference(spec));
        associated.push(Object::Reference(spec));
    }
    let mut tree = Dictionary::new();
    tree.set("Names", Object::Array(names));
    let tree = document.add_object(tree);
    let mut name_dict = Dictionary::new();
    name_dict.set("EmbeddedFiles", Object::Reference(tree));
    let catalog = document
        .get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|_| PdfError::Write("登记附件"))?;
    catalog.set("Names", Object::Dictionary(name_dict));
    catalog.set("AF", Object::Array(associated));
    Ok(())
}

/// The texts of the files embedded in a PDF, in the order of its `/EmbeddedFiles` name tree
/// (for a PDF Jixiao printed: the `.ron` text of each form, exactly
/// [`crate::storage::to_ron_string`] of it, in print order). A PDF without embedded files gives
/// an empty list.
///
/// # Errors
/// [`EmbeddedError::NotPdf`] when the bytes cannot be read as a PDF; [`EmbeddedError::Damaged`]
/// when an embedded file cannot be decompressed (to its recorded size) or is not UTF-8 text.
/// The messages do not name the file: the caller, who read it, adds its name.
pub fn embedded_declarations(bytes: &[u8]) -> Result<Vec<String>, EmbeddedError> {
    let document = lopdf::Document::load_mem(bytes).map_err(|_| EmbeddedError::NotPdf)?;
    let Ok(catalog) = document.catalog() else {
        return Err(EmbeddedError::NotPdf);
    };
    let Some(tree) = catalog
        .get(b"Names")
        .ok()
        .and_then(|names| resolve_dict(&document, names))
        .and_then(|names| names.get(b"EmbeddedFiles").ok())
        .and_then(|tree| resolve_dict(&document, tree))
    else {
        return Ok(Vec::new());
    };
    let mut specs = Vec::new();
    collect_name_tree(&document, tree, &mut specs, 0);
    let mut texts = Vec::with_capacity(specs.len());
    for (index, spec) in specs.into_iter().enumerate() {
        let damaged = || EmbeddedError::Damaged(index + 1);
        let stream = spec
            .get(b"EF")
            .ok()
            .and_then(|ef| resolve_dict(&document, ef))
            .and_then(|ef| ef.get(b"UF").or_else(|_| ef.get(b"F")).ok())
            .and_then(|file| match file {
                Object::Reference(id) => document.get_object(*id).ok(),
                other => Some(other),
            })
            .and_then(|file| file.as_stream().ok())
            .ok_or_else(damaged)?;
        let content = if stream.dict.get(b"Filter").is_ok() {
            stream
                .decompressed_content_with_limit(MAX_EMBEDDED_BYTES)
                .map_err(|_| damaged())?
        } else {
            stream.content.clone()
        };
        // lopdf may decode a broken Flate stream to nothing: the size the writer recorded
        // (`/Params /Size`, PDF 1.7 §7.11.4.2) tells.
        let recorded = stream
            .dict
            .get(b"Params")
            .ok()
            .and_then(|params| resolve_dict(&document, params))
            .and_then(|params| params.get(b"Size").ok())
            .and_then(|size| size.as_i64().ok());
        if recorded.is_some_and(|size| usize::try_from(size).ok() != Some(content.len())) {
            return Err(damaged());
        }
        texts.push(String::from_utf8(content).map_err(|_| damaged())?);
    }
    Ok(texts)
}

/// Depth limit of a name tree walk (real trees are two or three levels deep).
const MAX_TREE_DEPTH: usize = 16;

/// The file specifications of a name tree node and its kids, in key order.
fn collect_name_tree<'a>(
    document: &'a lopdf::Document,
    node: &'a Dictionary,
    out: &mut Vec<&'a Dictionary>,
    depth: usize,
) {
    if depth > MAX_TREE_DEPTH {
        return;
    }
    if let Ok(Object::Array(pairs)) = node.get(b"Names") {
        for value in pairs.iter().skip(1).step_by(2) {
            if let Some(spec) = resolve_dict(document, value) {
                out.push(spec);
            }
        }
    }
    if let Ok(Object::Array(kids)) = node.get(b"Kids") {
        for kid in kids {
            if let Some(kid) = resolve_dict(document, kid) {
                collect_name_tree(document, kid, out, depth + 1);
            }
        }
    }
}

fn resolve_dict<'a>(document: &'a lopdf::Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Reference(id) => document.get_dictionary(*id).ok(),
        Object::Dictionary(dict) => Some(dict),
        _ => None,
    }
}
