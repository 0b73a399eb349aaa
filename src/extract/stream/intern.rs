//! Interning a chunk's tokens: words of up to 16 bytes keyed by their bytes packed in an
//! integer, each chunk's distinct words listed compactly for the serial merge into corpus ids.

use rustc_hash::FxHashMap;

/// One chunk's local vocabulary (see `listing`) and its tokens as local ids.
pub(super) type LocalChunk = (Vec<u128>, LocalIds);

/// A chunk's tokens as ids into its own vocabulary: two bytes each, since a chunk of at most
/// 2 × `CHUNK` bytes has far fewer than 65,536 distinct words on any real text (about 2,500
/// on average on the law corpus); four bytes for a chunk that has more.
pub(super) enum LocalIds {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl LocalIds {
    pub(super) fn with_capacity(n: usize) -> LocalIds {
        LocalIds::Narrow(Vec::with_capacity(n))
    }

    /// Appends `x`, widening every id to 32 bits if `x` needs more than 16.
    // Inline: called per token from `intern_chunk`, which is in another module and so in
    // another codegen unit, where calls out of line measured slower (as for `id_at`).
    #[inline]
    pub(super) fn push(&mut self, x: u32) {
        match self {
            LocalIds::Narrow(narrow) => match u16::try_from(x) {
                Ok(x) => narrow.push(x),
                Err(_) => {
                    let mut wide: Vec<u32> = narrow.iter().map(|&x| u32::from(x)).collect();
                    wide.push(x);
                    *self = LocalIds::Wide(wide);
                }
            },
            LocalIds::Wide(wide) => wide.push(x),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            LocalIds::Narrow(v) => v.len(),
            LocalIds::Wide(v) => v.len(),
        }
    }

    /// Writes `map[id]` for each id into `out`.
    pub(super) fn write_mapped(&self, map: &[u32], out: &mut [u32]) {
        match self {
            LocalIds::Narrow(v) => out
                .iter_mut()
                .zip(v)
                .for_each(|(o, &id)| *o = map[id as usize]),
            LocalIds::Wide(v) => out
                .iter_mut()
                .zip(v)
                .for_each(|(o, &id)| *o = map[id as usize]),
        }
    }
}

/// How a word is keyed for interning: a word of up to 16 bytes (up to five Han characters,
/// nearly every token) by its bytes packed in an integer, which hashes and compares in an
/// instruction or two; a longer one by its text. Two words could only share a packed key if one
/// were the other followed by NUL bytes; jieba never puts NUL inside a longer word (it is not a
/// word character, so it is always a token of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    /// Up to 8 bytes: one or two Han characters, most tokens.
    Short(u64),
    /// 9 to 16 bytes.
    Medium(u128),
    Long,
}

/// The key of `word`.
pub(super) fn pack(word: &str) -> Key {
    let b = word.as_bytes();
    let mut buf = [0u8; 16];
    match b.len() {
        0..=8 => {
            buf[..b.len()].copy_from_slice(b);
            Key::Short(u64::from_le_bytes(buf[..8].try_into().expect("8 bytes")))
        }
        9..=16 => {
            buf[..b.len()].copy_from_slice(b);
            Key::Medium(u128::from_le_bytes(buf))
        }
        _ => Key::Long,
    }
}

/// The word packed in a key (see `pack`).
pub(super) fn unpack(key: u128) -> String {
    // Packed words hold no NUL byte but the one-character word NUL itself (key 0).
    let len = ((128 - key.leading_zeros()) as usize).div_ceil(8).max(1);
    String::from_utf8(key.to_le_bytes()[..len].to_vec()).expect("packed from a str")
}

/// How a chunk lists each of its distinct words, in 16 bytes: a word of up to 16 bytes as its
/// packed key, which merging the chunk's words into the corpus-wide vocabulary reads without
/// going back to the word's bytes, scattered over tens of megabytes of text; a longer one as
/// `LONG` with its start and length in the chunk's text. A packed key's lowest byte is the
/// word's first byte, never 0xFF in UTF-8, so the two cannot be confused, and a medium word's
/// ninth byte is never 0, so its key never fits in 64 bits as a short one's does. Chunks are at
/// most 2 × `CHUNK` bytes, well inside the 28 bits start and length have.
pub(super) fn listing(key: Key, start: usize, len: usize) -> u128 {
    match key {
        Key::Short(k) => u128::from(k),
        Key::Medium(k) => k,
        Key::Long => LONG | (start as u128) << 8 | (len as u128) << 36,
    }
}

const LONG: u128 = 0xFF;

/// The word a chunk listed as `listed`, given the chunk's text (empty for a packed word), and
/// its key.
pub(super) fn listed_word(listed: u128, chunk: &str) -> (&str, Key) {
    if listed & 0xFF == LONG {
        let (start, len) = ((listed >> 8 & 0xFFF_FFFF) as usize, (listed >> 36) as usize);
        (&chunk[start..start + len], Key::Long)
    } else if let Ok(short) = u64::try_from(listed) {
        ("", Key::Short(short))
    } else {
        ("", Key::Medium(listed))
    }
}

/// Word → id in order of first sight, listing each new word as a `W`.
pub(super) struct Interner<'a, W> {
    short: FxHashMap<u64, u32>,
    medium: FxHashMap<u128, u32>,
    long: FxHashMap<&'a str, u32>,
    pub(super) words: Vec<W>,
}

impl<'a, W> Interner<'a, W> {
    /// Room for `short` words of up to 8 bytes, and for `words` in all.
    pub(super) fn with_capacity(short: usize, words: usize) -> Self {
        Interner {
            short: FxHashMap::with_capacity_and_hasher(short, Default::default()),
            medium: FxHashMap::default(),
            long: FxHashMap::default(),
            words: Vec::with_capacity(words),
        }
    }

    // Inline: as `LocalIds::push` (`id_at` calls it per token).
    #[inline]
    fn id_packed(&mut self, word: &'a str, key: Key, listed: impl FnOnce() -> W) -> u32 {
        let next = self.words.len() as u32;
        let id = match key {
            Key::Short(key) => *self.short.entry(key).or_insert(next),
            Key::Medium(key) => *self.medium.entry(key).or_insert(next),
            Key::Long => *self.long.entry(word).or_insert(next),
        };
        if id == next {
            self.words.push(listed());
        }
        id
    }
}

impl<'a> Interner<'a, u128> {
    /// The id of `text[start..end]`, packing words of up to 16 bytes with one load from
    /// `text`, the bytes after the word masked off (the same key as `pack`).
    // Inline: as `LocalIds::push`.
    #[inline]
    pub(super) fn id_at(&mut self, text: &'a str, start: usize, end: usize) -> u32 {
        let word = &text[start..end];
        let bytes = text.as_bytes();
        let key = match (word.len(), bytes.get(start..start + 16)) {
            (1..=8, Some(b)) => {
                let b = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
                Key::Short(b & (u64::MAX >> (64 - 8 * word.len())))
            }
            (9..=16, Some(b)) => {
                let b = u128::from_le_bytes(b.try_into().expect("16 bytes"));
                Key::Medium(b & (u128::MAX >> (128 - 8 * word.len())))
            }
            _ => pack(word),
        };
        self.id_packed(word, key, || listing(key, start, end - start))
    }
}

impl<'a> Interner<'a, String> {
    /// The id of a word that the chunk of text `chunk` listed as `listed`.
    pub(super) fn id_of(&mut self, listed: u128, chunk: &'a str) -> u32 {
        let (word, key) = listed_word(listed, chunk);
        self.id_packed(word, key, || match key {
            Key::Short(k) => unpack(u128::from(k)),
            Key::Medium(k) => unpack(k),
            Key::Long => word.to_owned(),
        })
    }
}
