//! Decoding of input files: UTF-8 (with or without BOM), UTF-16 and GB18030, and the test
//! that tells text from binary.

/// Why a file's bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    Undecodable,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file, skipped"),
            DecodeError::Undecodable => f.write_str("not UTF-8, UTF-16 or GB18030 text, skipped"),
        }
    }
}

/// Like [`decode`], without copying text that is already UTF-8.
pub fn decode_owned(mut bytes: Vec<u8>) -> std::result::Result<String, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if encoding_rs::Encoding::for_bom(&bytes).is_none() && memchr::memchr(0, &bytes).is_none() {
        // simdutf8 validates Chinese UTF-8 at a fraction of the cost of `String::from_utf8`,
        // which spends several instructions per byte of a corpus.
        if simdutf8::basic::from_utf8(&bytes).is_err() {
            return decode(&bytes);
        }
        // SAFETY: just validated as UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    decode(&bytes)
}

/// Decodes UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK and
/// GB2312, still common for Chinese files saved on Windows).
pub fn decode(bytes: &[u8]) -> std::result::Result<String, DecodeError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|s| s.into_owned())
            .ok_or(DecodeError::Undecodable);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // NUL never occurs in text in any of these encodings; it is the cheapest binary signal.
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let decoded = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable)?;
    // GB18030 maps almost any byte sequence to something; text that is mostly control
    // characters after decoding was not GB18030 to begin with.
    let controls = decoded
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if controls * 20 > decoded.chars().count().max(1) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom() {
        assert_eq!(decode("\u{feff}大会".as_bytes()).unwrap(), "大会");
    }

    #[test]
    fn decodes_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("不限成员名额工作组");
        assert_eq!(decode(&bytes).unwrap(), "不限成员名额工作组");
    }

    #[test]
    fn rejects_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
    }
}
