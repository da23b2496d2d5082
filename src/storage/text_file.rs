//! Reading the text files people import: whatever encoding a Chinese Windows office wrote.

use std::path::Path;

use super::{StorageError, not_utf8, read_bounded};

/// Reads a text file for import and decodes it: UTF-8 (with or without BOM), UTF-16 with a BOM
/// (Windows Notepad's 「Unicode」) or recognisably without one, or GB18030/GBK (Notepad's and Excel's 「ANSI」 on a Chinese
/// system). Files over [`super::MAX_FILE_BYTES`] are refused before reading.
///
/// # Errors
/// [`StorageError::Io`] when the file cannot be read, [`StorageError::TooLarge`], and
/// [`StorageError::NotUtf8`] when the bytes are text in none of these encodings.
pub fn read_text(path: &Path) -> Result<String, StorageError> {
    let bytes = read_bounded(path)?;
    decode_text(&bytes).ok_or_else(|| not_utf8(path, &bytes))
}

/// Decodes `bytes` as described in [`read_text`]; `None` when no encoding fits without errors.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom_length)) =
        encoding_rs::Encoding::for_bom(bytes).or_else(|| utf16_encoding(bytes))
    {
        let (text, had_errors) =
            encoding.decode_without_bom_handling(bytes.get(bom_length..).unwrap_or_default());
        return (!had_errors).then(|| text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// UTF-16 and the length of its byte-order mark: from the mark (`FF FE`, `FE FF`), or, without
/// one, from the zero bytes that ASCII characters (tabs, line breaks, digits, brackets) leave at
/// every other position: some zero bytes, all at odd positions (little-endian) or all at even
/// ones (big-endian). UTF-8 and GBK text has no zero bytes at all.
pub(super) fn utf16_encoding(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some((encoding_rs::UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => return Some((encoding_rs::UTF_16BE, 2)),
        _ => {}
    }
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|byte| **byte == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd > 0 && even == 0 {
        Some((encoding_rs::UTF_16LE, 0))
    } else if even > 0 && odd == 0 {
        Some((encoding_rs::UTF_16BE, 0))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_windows_writes() {
        let text = "项目名称\t党建服务工作经费\n";
        assert_eq!(decode_text(text.as_bytes()).as_deref(), Some(text));
        let with_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(decode_text(&with_bom).as_deref(), Some(text));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode_text(&gbk).as_deref(), Some(text));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&utf16).as_deref(), Some(text));
        // Without the mark, as some exports write it.
        assert_eq!(decode_text(&utf16[2..]).as_deref(), Some(text));
        let big_endian: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_text(&big_endian).as_deref(), Some(text));
    }

    #[test]
    fn refuses_binary() {
        assert_eq!(decode_text(&[0xFF, 0x00, 0xFE, 0x81, 0x00, 0xFF]), None);
    }
}
