//! Decoding of input files: UTF-8 (with or without BOM), UTF-16 and GB18030, the test that
//! tells text from binary, and the leniency that keeps a file whose UTF-8 has a few invalid
//! bytes (a truncated last character, a stray byte) instead of dropping all of it.

/// Why a file's bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    Undecodable,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file"),
            DecodeError::Undecodable => f.write_str("not UTF-8, UTF-16 or GB18030 text"),
        }
    }
}

/// A decoded text, and where invalid UTF-8 in the file was replaced by U+FFFD.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Invalid UTF-8 sequences replaced, each by one U+FFFD.
    pub replaced: usize,
    /// Byte offsets in the file of the first `LISTED` of them.
    pub replaced_at: Vec<usize>,
}

/// Offsets of replaced sequences kept for the warning: enough to find them in a hex editor.
const LISTED: usize = 5;

/// Like [`decode`], without copying text that is already UTF-8.
pub fn decode_owned(bytes: Vec<u8>) -> std::result::Result<String, DecodeError> {
    decode_lenient(bytes).map(|d| d.text)
}

/// Decodes UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK and
/// GB2312, still common for Chinese files saved on Windows); UTF-8 with a few invalid
/// sequences has them replaced by U+FFFD (see [`decode_lenient`]).
pub fn decode(bytes: &[u8]) -> std::result::Result<String, DecodeError> {
    decode_lenient(bytes.to_vec()).map(|d| d.text)
}

/// [`decode`], saying where invalid UTF-8 was replaced. A file with NUL bytes is binary. UTF-8
/// with invalid sequences is taken as UTF-8, each sequence replaced by U+FFFD, when the
/// invalid bytes are few (at most 1% of the file, or only a last character cut short) and,
/// unless GB18030 cannot decode the file, when its valid multi-byte characters outnumber
/// its invalid sequences: Chinese GB18030 text is invalid UTF-8 at nearly every character.
pub fn decode_lenient(mut bytes: Vec<u8>) -> std::result::Result<Decoded, DecodeError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && enc != encoding_rs::UTF_8
    {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|s| whole(s.into_owned()))
            .ok_or(DecodeError::Undecodable);
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        3
    } else {
        0
    };
    // NUL never occurs in text in any of these encodings; it is the cheapest binary signal.
    if memchr::memchr(0, &bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    // simdutf8 validates Chinese UTF-8 at a fraction of the cost of `String::from_utf8`,
    // which spends several instructions per byte of a corpus.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just validated as UTF-8.
        return Ok(whole(unsafe { String::from_utf8_unchecked(bytes) }));
    }
    let scan = Utf8Scan::of(&bytes);
    if scan.few_invalid(bytes.len()) && scan.multibyte > scan.invalid {
        return lossy(&bytes, bom);
    }
    match gb18030(&bytes) {
        Ok(text) => Ok(whole(text)),
        Err(_) if scan.few_invalid(bytes.len()) => lossy(&bytes, bom),
        Err(e) => Err(e),
    }
}

fn whole(text: String) -> Decoded {
    Decoded {
        text,
        ..Decoded::default()
    }
}

/// What is valid and invalid in bytes that are not all UTF-8.
struct Utf8Scan {
    /// Invalid sequences (each would become one U+FFFD).
    invalid: usize,
    invalid_bytes: usize,
    /// Valid characters of two bytes or more.
    multibyte: usize,
    /// The only invalid sequence is an incomplete character at the very end.
    cut_short: bool,
}

impl Utf8Scan {
    fn of(bytes: &[u8]) -> Self {
        let mut scan = Utf8Scan {
            invalid: 0,
            invalid_bytes: 0,
            multibyte: 0,
            cut_short: false,
        };
        let mut last = &[][..];
        for chunk in bytes.utf8_chunks() {
            // Lead bytes of multi-byte characters are those from 0xC0 up.
            scan.multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
            if !chunk.invalid().is_empty() {
                scan.invalid += 1;
                scan.invalid_bytes += chunk.invalid().len();
                last = chunk.invalid();
            }
        }
        // An incomplete sequence is reported as such only at the end of the input.
        scan.cut_short = scan.invalid == 1
            && std::str::from_utf8(last).is_err_and(|e| e.error_len().is_none())
            && bytes.ends_with(last);
        scan
    }

    /// At most 1% of `len` bytes invalid, or only a last character cut short.
    fn few_invalid(&self, len: usize) -> bool {
        self.cut_short || self.invalid_bytes * 100 <= len
    }
}

/// UTF-8 with every invalid sequence replaced by U+FFFD, unless the result is mostly control
/// characters (binary).
fn lossy(bytes: &[u8], base: usize) -> std::result::Result<Decoded, DecodeError> {
    let mut d = Decoded {
        text: String::with_capacity(bytes.len() + 16),
        ..Decoded::default()
    };
    let mut at = base;
    for chunk in bytes.utf8_chunks() {
        d.text.push_str(chunk.valid());
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            d.text.push(char::REPLACEMENT_CHARACTER);
            if d.replaced < LISTED {
                d.replaced_at.push(at);
            }
            d.replaced += 1;
            at += chunk.invalid().len();
        }
    }
    if mostly_controls(&d.text) {
        return Err(DecodeError::Binary);
    }
    Ok(d)
}

fn gb18030(bytes: &[u8]) -> std::result::Result<String, DecodeError> {
    let decoded = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable)?;
    // GB18030 maps almost any byte sequence to something; text that is mostly control
    // characters after decoding was not GB18030 to begin with.
    if mostly_controls(&decoded) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded.into_owned())
}

fn mostly_controls(text: &str) -> bool {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    controls * 20 > text.chars().count().max(1)
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
        // A short GBK text cannot pass for UTF-8 with invalid bytes.
        let text = format!("{}大会", "a".repeat(500));
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        assert!(decode(&bytes).unwrap().ends_with("大会"));
    }

    #[test]
    fn rejects_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
        let mut controls = vec![1u8; 200];
        controls.push(0xFF);
        assert_eq!(decode(&controls), Err(DecodeError::Binary));
    }

    #[test]
    fn a_truncated_last_character_is_replaced_where_it_starts() {
        let mut bytes = "\u{feff}大会，回顾".as_bytes().to_vec();
        bytes.extend_from_slice(&"议".as_bytes()[..2]);
        let d = decode_lenient(bytes).unwrap();
        assert_eq!(d.text, "大会，回顾\u{fffd}");
        assert_eq!((d.replaced, d.replaced_at), (1, vec![18]));
    }

    #[test]
    fn a_few_stray_bytes_are_replaced_but_many_make_the_file_undecodable() {
        let text = "大会，回顾其各项决议。".repeat(40);
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(3, 0xFF);
        bytes.insert(100, 0x80); // 100 is a character boundary again
        let d = decode_lenient(bytes).unwrap();
        assert_eq!(d.replaced, 2);
        assert_eq!(d.replaced_at, vec![3, 100]);
        assert_eq!(d.text.chars().filter(|&c| c == '\u{fffd}').count(), 2);
        let noisy: Vec<u8> = text.bytes().flat_map(|b| [b, 0xFF]).collect();
        assert!(decode_lenient(noisy).is_err());
    }
}
