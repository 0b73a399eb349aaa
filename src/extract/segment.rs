//! Segment stage: jieba-rs word segmentation (HMM on), with glossary terms added as user words
//! so a known term is one token, plus the general-Chinese reference frequencies that scoring
//! uses to tell domain terms from ordinary words.

use crate::util::radix::carve;
use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

/// jieba's default dictionary totals about 60.1 million counts; the exact number only shifts
/// the log probability of every dictionary word by the same constant.
const REFERENCE_TOTAL: usize = 60_101_967;

/// A segmenter shared read-only by every worker thread.
pub struct Segmenter {
    jieba: Jieba,
    /// General-Chinese log probabilities of user words, taken before they were added: adding a
    /// word gives it an artificial dictionary frequency that says nothing about general Chinese.
    user_reference: FxHashMap<String, f64>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new(std::iter::empty::<&str>())
    }
}

/// A token: its text and byte range in the segmented string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Segmenter {
    /// A segmenter over jieba's default dictionary plus `user_words`. Words that are not purely
    /// Han characters are ignored: jieba splits its input by character class first, so such a
    /// word could never be matched as one token anyway.
    pub fn new<'w>(user_words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut jieba = Jieba::new();
        let mut user_reference = FxHashMap::default();
        let mut words: Vec<&str> = user_words
            .into_iter()
            .filter(|w| w.chars().count() >= 2 && w.chars().all(crate::text::normalize::is_han))
            .collect();
        words.sort_unstable();
        words.dedup();
        for w in &words {
            user_reference.insert(w.to_string(), parts_ln_p(&jieba, w));
        }
        for w in &words {
            // suggest_freq is the smallest frequency that makes jieba keep the word whole.
            let f = jieba.suggest_freq(w);
            jieba.add_word(w, Some(f), Some("nz"));
        }
        Segmenter {
            jieba,
            user_reference,
        }
    }

    /// Segments `text` with the HMM for unknown words.
    pub fn cut<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| Token {
                word: t.word,
                start: t.byte_start,
                end: t.byte_end,
            })
            .collect()
    }

    /// Part-of-speech tag of a word as jieba's dictionary records it. Words the dictionary
    /// lacks are new words jieba's HMM found, mostly names and terms, and are tagged `nz`
    /// without running jieba's tagging HMM, which would cost as much as segmenting.
    pub fn tag(&self, word: &str) -> String {
        if !self.jieba.has_word(word) {
            return if word.chars().any(crate::text::normalize::is_han) {
                "nz".into()
            } else {
                "x".into()
            };
        }
        let tags = self.jieba.tag(word, false);
        match tags.as_slice() {
            [one] => one.tag.to_string(),
            // A rare dictionary word (不限, frequency 3) that jieba would cut into commoner
            // parts on its own; its parts' tags say nothing about it, so it counts as new.
            _ => "nz".to_string(),
        }
    }

    /// Natural log of the relative frequency of `word` in general Chinese, add-one smoothed: a
    /// dictionary word's own count, otherwise (a glossary term, a word jieba's HMM found) the
    /// product of the counts of the dictionary words it is made of (jieba's independence
    /// estimate). Not `suggest_freq`, which floors that estimate at one count and so made every
    /// rare compound equally rare: 建立信任措施 and 第七十五届会议 both came out at 1 in 60 million.
    pub fn reference_ln_p(&self, word: &str) -> f64 {
        if let Some(&p) = self.user_reference.get(word) {
            return p;
        }
        if self.jieba.has_word(word) {
            return smoothed_ln_p(&self.jieba, word);
        }
        parts_ln_p(&self.jieba, word)
    }
}

fn smoothed_ln_p(jieba: &Jieba, word: &str) -> f64 {
    (jieba.suggest_freq(word) as f64 + 1.0).ln() - (REFERENCE_TOTAL as f64).ln()
}

/// Log probability of `word` as the dictionary words jieba cuts it into, without the HMM.
fn parts_ln_p(jieba: &Jieba, word: &str) -> f64 {
    jieba
        .cut(word, false)
        .iter()
        .map(|t| smoothed_ln_p(jieba, t.word))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word listed by its packed key unpacks to itself, whatever its length up to 16 bytes.
    #[test]
    fn packed_words_unpack_to_themselves() {
        let chunk = "不限成员名额工作组";
        for w in [
            "\0",
            "a",
            "第",
            "1.",
            "国际",
            "A/RES",
            "不限a",
            "2021-25",
            "国际安全",
            "A/RES/77/36",
        ] {
            let key = pack(w);
            let (text, key) = listed_word(listing(key, 0, 0), chunk);
            assert_eq!(text, "");
            let packed = match key {
                Key::Short(k) => u128::from(k),
                Key::Medium(k) => k,
                Key::Long => panic!("{w} is packed"),
            };
            assert_eq!(unpack(packed), w);
            assert_eq!(matches!(key, Key::Short(_)), w.len() <= 8, "{w}");
        }
        assert_eq!(pack("建立信任措施"), Key::Long);
    }

    /// Ids that fit in 16 bits are kept in 16; the first that does not widens them all.
    #[test]
    fn local_ids_widen_past_16_bits() {
        let map: Vec<u32> = (0..70_000u32).map(|i| i * 3).collect();
        for n in [10, 65_536, 70_000] {
            let mut ids = LocalIds::with_capacity(n);
            (0..n as u32).for_each(|i| ids.push(i));
            assert_eq!(matches!(ids, LocalIds::Narrow(_)), n <= 65_536, "{n}");
            assert_eq!(ids.len(), n);
            let mut out = vec![0; n];
            ids.write_mapped(&map, &mut out);
            assert!(
                out.iter().enumerate().all(|(i, &o)| o == 3 * i as u32),
                "{n}"
            );
        }
    }

    /// A chunk's listing of a long word gives the word back from the chunk's text.
    #[test]
    fn long_words_are_listed_by_their_place_in_the_chunk() {
        let chunk = "欢迎不限成员名额工作组主席";
        let start = chunk.find("不限成员名额工作组").unwrap();
        let len = "不限成员名额工作组".len();
        let listed = listing(Key::Long, start, len);
        assert_eq!(
            listed_word(listed, chunk),
            ("不限成员名额工作组", Key::Long)
        );
        // The longest chunk's last word still fits.
        let big = "a".repeat(2 * CHUNK);
        let l = listing(Key::Long, 2 * CHUNK - 17, 17);
        assert_eq!(listed_word(l, &big).0.len(), 17);
    }

    /// The keys one load from the text gives are `pack`'s, at the end of the text too.
    #[test]
    fn words_are_keyed_alike_wherever_they_are() {
        let text = "联合国欢迎不限成员名额工作组主席和联合国";
        let tokens = Segmenter::default().cut(text);
        let mut interner = Interner::<u128>::with_capacity(4, 4);
        let ids: Vec<u32> = tokens
            .iter()
            .map(|t| interner.id_at(text, t.start, t.end))
            .collect();
        // 联合国 (9 bytes) is medium, at the start and at the very end.
        assert_eq!(tokens[0].word, "联合国");
        assert_eq!(ids[0], ids[ids.len() - 1]);
        let mut firsts: Vec<u128> = Vec::new();
        for t in &tokens {
            let l = listing(pack(t.word), t.start, t.word.len());
            if !firsts.contains(&l) {
                firsts.push(l);
            }
        }
        assert_eq!(interner.words, firsts);
    }

    /// Cut in pieces, real text gives jieba's tokens of the whole, with Windows line ends too.
    #[test]
    fn pieces_segment_as_the_whole() {
        let s = Segmenter::default();
        let resolutions = [
            include_str!("../../corpus/A_RES_75_32.zh.txt"),
            include_str!("../../corpus/A_RES_77_36.zh.txt"),
        ]
        .concat()
        .repeat(4);
        for text in [resolutions.clone(), resolutions.replace('\n', "\r\n")] {
            let pieces: Vec<(usize, usize)> = sentence_pieces(&text).collect();
            assert!(pieces.len() > 1);
            assert_eq!((pieces[0].0, pieces[pieces.len() - 1].1), (0, text.len()));
            let mut cut = Vec::new();
            for (a, b) in pieces {
                assert!(text[..b].ends_with(['\n', '。']) || b == text.len());
                cut.extend(s.cut(&text[a..b]).iter().map(|t| (a + t.start, a + t.end)));
            }
            let whole: Vec<(usize, usize)> =
                s.cut(&text).iter().map(|t| (t.start, t.end)).collect();
            assert_eq!(cut, whole);
        }
    }

    #[test]
    fn glossary_terms_stay_whole() {
        let s = Segmenter::new(["不限成员名额工作组"]);
        let text = "欢迎不限成员名额工作组主席努力";
        let words: Vec<&str> = s.cut(text).iter().map(|t| t.word).collect();
        assert!(words.contains(&"不限成员名额工作组"), "{words:?}");
        let t = s.cut(text).into_iter().find(|t| t.word == "主席").unwrap();
        assert_eq!(&text[t.start..t.end], "主席");
    }

    #[test]
    fn a_glossary_term_is_as_rare_as_its_parts() {
        let plain = Segmenter::default();
        let with = Segmenter::new(["建立信任措施", "第七十五届会议"]);
        let ln_p = with.reference_ln_p("建立信任措施");
        assert!((ln_p - plain.reference_ln_p("建立信任措施")).abs() < 1e-9);
        let parts: f64 = ["建立", "信任", "措施"]
            .iter()
            .map(|w| plain.reference_ln_p(w))
            .sum();
        assert!((ln_p - parts).abs() < 1e-9, "{ln_p} {parts}");
        // Rarer than one count in the dictionary, and not equal to every other such compound.
        assert!(ln_p < -(REFERENCE_TOTAL as f64).ln());
        assert!((ln_p - with.reference_ln_p("第七十五届会议")).abs() > 0.1);
    }

    #[test]
    fn reference_frequencies_separate_function_words_from_terms() {
        let s = Segmenter::default();
        assert!(s.reference_ln_p("的") > s.reference_ln_p("会员国") + 100f64.ln());
        assert_eq!(s.tag("和"), "c");
        // Cut alone, 不限 would be 不/d 限/v: it must not be taken for a verb.
        assert_eq!(s.tag("不限"), "nz");
    }
}

/// Target size of the pieces a large document is cut into for parallel segmentation.
const CHUNK: usize = 64 * 1024;

/// Stream id that ends each document, so that nothing spans two documents.
pub const DOC_END: u32 = u32::MAX;

/// Every `CHECKPOINT`-th stream position records its byte offset (see `Segmented::byte_range`).
const CHECKPOINT: usize = 64;

/// Token streams of a corpus: every document's token ids one after the other, each document
/// followed by `DOC_END`. Four bytes per token: the byte offsets that contexts need are
/// recomputed from word lengths, since jieba's tokens tile the text.
#[derive(Debug, Default)]
pub struct Streams {
    pub tokens: Vec<u32>,
    /// Position of each document's first token.
    pub doc_starts: Vec<u32>,
}

impl Streams {
    /// Concatenates per-document id sequences (tests build streams this way; `segment_all`
    /// writes its stream in place).
    #[cfg(test)]
    pub fn from_docs<D: AsRef<[u32]>>(docs: &[D]) -> Streams {
        let mut tokens = Vec::new();
        let mut doc_starts = Vec::with_capacity(docs.len());
        for d in docs {
            doc_starts.push(stream_position(tokens.len()));
            tokens.extend_from_slice(d.as_ref());
            tokens.push(DOC_END);
        }
        stream_position(tokens.len());
        Streams { tokens, doc_starts }
    }

    /// The document holding stream position `pos`.
    pub fn doc_of(&self, pos: usize) -> usize {
        self.doc_starts.partition_point(|&s| s as usize <= pos) - 1
    }
}

fn stream_position(n: usize) -> u32 {
    u32::try_from(n).expect("a corpus of fewer than 4 billion tokens")
}

/// The corpus as one stream of interned tokens.
#[derive(Debug, Default)]
pub struct Segmented {
    /// Distinct token strings; ids index this.
    pub words: Vec<String>,
    pub streams: Streams,
    /// Byte offset in its document of every `CHECKPOINT`-th stream position.
    checkpoints: Vec<u32>,
}

impl Segmented {
    fn token_len(&self, pos: usize) -> usize {
        match self.streams.tokens[pos] {
            DOC_END => 0,
            t => self.words[t as usize].len(),
        }
    }

    /// Byte range, in its document's segmented text, of the `len` tokens from stream position
    /// `pos`.
    pub fn byte_range(&self, pos: usize, len: usize) -> (usize, usize) {
        let doc_start = self.streams.doc_starts[self.streams.doc_of(pos)] as usize;
        let mark = pos / CHECKPOINT * CHECKPOINT;
        let (mut at, mut offset) = if mark >= doc_start {
            (mark, self.checkpoints[pos / CHECKPOINT] as usize)
        } else {
            (doc_start, 0)
        };
        while at < pos {
            offset += self.token_len(at);
            at += 1;
        }
        let end = offset + (pos..pos + len).map(|p| self.token_len(p)).sum::<usize>();
        (offset, end)
    }
}

/// One chunk's local vocabulary (see `listing`) and its tokens as local ids.
type LocalChunk = (Vec<u128>, LocalIds);

/// A chunk's tokens as ids into its own vocabulary: two bytes each, since a chunk of at most
/// 2 × `CHUNK` bytes has far fewer than 65,536 distinct words on any real text (about 2,500
/// on average on the law corpus); four bytes for a chunk that has more.
enum LocalIds {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl LocalIds {
    fn with_capacity(n: usize) -> LocalIds {
        LocalIds::Narrow(Vec::with_capacity(n))
    }

    /// Appends `x`, widening every id to 32 bits if `x` needs more than 16.
    fn push(&mut self, x: u32) {
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

    fn len(&self) -> usize {
        match self {
            LocalIds::Narrow(v) => v.len(),
            LocalIds::Wide(v) => v.len(),
        }
    }

    /// Writes `map[id]` for each id into `out`.
    fn write_mapped(&self, map: &[u32], out: &mut [u32]) {
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
enum Key {
    /// Up to 8 bytes: one or two Han characters, most tokens.
    Short(u64),
    /// 9 to 16 bytes.
    Medium(u128),
    Long,
}

/// The key of `word`.
fn pack(word: &str) -> Key {
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
fn unpack(key: u128) -> String {
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
fn listing(key: Key, start: usize, len: usize) -> u128 {
    match key {
        Key::Short(k) => u128::from(k),
        Key::Medium(k) => k,
        Key::Long => LONG | (start as u128) << 8 | (len as u128) << 36,
    }
}

const LONG: u128 = 0xFF;

/// The word a chunk listed as `listed`, given the chunk's text (empty for a packed word), and
/// its key.
fn listed_word(listed: u128, chunk: &str) -> (&str, Key) {
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
struct Interner<'a, W> {
    short: FxHashMap<u64, u32>,
    medium: FxHashMap<u128, u32>,
    long: FxHashMap<&'a str, u32>,
    words: Vec<W>,
}

impl<'a, W> Interner<'a, W> {
    /// Room for `short` words of up to 8 bytes, and for `words` in all.
    fn with_capacity(short: usize, words: usize) -> Self {
        Interner {
            short: FxHashMap::with_capacity_and_hasher(short, Default::default()),
            medium: FxHashMap::default(),
            long: FxHashMap::default(),
            words: Vec::with_capacity(words),
        }
    }

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
    fn id_at(&mut self, text: &'a str, start: usize, end: usize) -> u32 {
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
    fn id_of(&mut self, listed: u128, chunk: &'a str) -> u32 {
        let (word, key) = listed_word(listed, chunk);
        self.id_packed(word, key, || match key {
            Key::Short(k) => unpack(u128::from(k)),
            Key::Medium(k) => unpack(k),
            Key::Long => word.to_owned(),
        })
    }
}

/// Bytes of text per token on the law corpus, rounded down: sizes a chunk's buffers.
const TOKEN_BYTES: usize = 5;

/// Target size of the pieces a chunk is handed to jieba in. jieba returns a 48-byte token per
/// word, in a vector it sizes for 4,096 tokens: a 64 KiB chunk's 12,000-odd tokens made it
/// grow twice, copying, to 768 KiB. A 16 KiB piece has about 3,000. Measured in one run of the
/// law corpus, chunks taking turns, pieces were 2% faster per byte than whole chunks.
const PIECE: usize = 16 * 1024;

/// Pieces `(start, end)` of `text`, each cut after a newline or a full stop near every
/// `PIECE` bytes. jieba cuts there itself (neither is a word character and each is a token
/// of its own), so segmenting the pieces gives exactly the tokens of the whole. A piece with
/// no such place runs on to the next one, or to the end.
fn sentence_pieces(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start == text.len() {
            return None;
        }
        let target = crate::text::positions::floor_char_boundary(text, start + PIECE);
        let end = after_break(text, target).unwrap_or(text.len());
        let piece = (start, end);
        start = end;
        Some(piece)
    })
}

/// The offset just after the first newline or full stop at or after byte `from` (a char
/// boundary) of `text`, if there is one: where pieces and chunks end.
fn after_break(text: &str, from: usize) -> Option<usize> {
    text[from..].find(['\n', '。']).map(|i| {
        let at = from + i;
        at + if text.as_bytes()[at] == b'\n' {
            1
        } else {
            '。'.len_utf8()
        }
    })
}

/// Byte offsets where `text` may be cut without splitting a sentence: after a newline or a
/// sentence-final mark, near every `CHUNK` bytes.
fn chunk_bounds(text: &str) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut last = 0;
    while text.len() - last > CHUNK {
        let target = crate::text::positions::floor_char_boundary(text, last + CHUNK);
        // A single huge line with no sentence end, or none within a chunk's length: cut
        // anywhere on a char boundary.
        let cut = after_break(text, target).unwrap_or(target);
        let cut = if cut - target > CHUNK { target } else { cut };
        if cut <= last {
            break;
        }
        bounds.push(cut);
        last = cut;
    }
    bounds.push(text.len());
    bounds
}

/// Segments every text in parallel (over documents and over chunks of large ones) and interns
/// the tokens. Ids are assigned in order of first occurrence in corpus order (documents, then
/// chunks), which does not depend on the thread count. `on_chunk` is called with the byte size
/// of each chunk once it is segmented.
pub fn segment_all(seg: &Segmenter, texts: &[&str], on_chunk: &(dyn Fn(u64) + Sync)) -> Segmented {
    use rayon::prelude::*;
    let chunks: Vec<(usize, usize, usize)> = texts
        .iter()
        .enumerate()
        .flat_map(|(d, t)| {
            chunk_bounds(t)
                .windows(2)
                .map(move |w| (d, w[0], w[1]))
                .collect::<Vec<_>>()
        })
        .collect();
    // Each chunk interns locally in parallel; the small local vocabularies are then merged
    // in chunk order, so only distinct words per chunk pass through the serial step.
    // One chunk per job: rayon's default splitting leaves ranges of many chunks that one
    // thread works through alone, and the last such range kept one of two threads idle for
    // up to 45 ms at the end of segmentation on the law corpus.
    let local: Vec<LocalChunk> = chunks
        .par_iter()
        .with_max_len(1)
        .map(|&(d, s, e)| {
            let text = &texts[d][s..e];
            // A chunk has about a fifth as many distinct words as tokens on the law corpus.
            // Sized for a quarter, the map seldom grows and its slots, read once per token,
            // fit closer to the core: sized for every token (16,384 slots, 256 KiB) interning
            // took 170-180 ms of a one-thread run there, sized for a quarter 149-158 ms. The
            // word lists live until the merge: sized for distinct words rather than for
            // tokens, they take about a fifth of the memory.
            let tokens = text.len() / TOKEN_BYTES;
            let mut interner = Interner::<u128>::with_capacity(tokens / 4, tokens / 4);
            let mut ids = LocalIds::with_capacity(tokens);
            for (a, b) in sentence_pieces(text) {
                for t in seg.jieba.cut(&text[a..b], true) {
                    ids.push(interner.id_at(text, a + t.byte_start, a + t.byte_end));
                }
            }
            let words = interner.words;
            on_chunk((e - s) as u64);
            (words, ids)
        })
        .collect();
    // The stream's layout: each chunk's slice, then `DOC_END` after each document's last chunk.
    let mut doc_starts = vec![0u32; texts.len()];
    let mut lengths = Vec::with_capacity(chunks.len() * 2);
    let mut total = 0usize;
    for (i, &(d, s, _)) in chunks.iter().enumerate() {
        if s == 0 {
            doc_starts[d] = stream_position(total);
        }
        lengths.push(local[i].1.len());
        // A document's last chunk is followed by its DOC_END, a piece of its own.
        lengths.push(usize::from(chunks.get(i + 1).is_none_or(|n| n.0 != d)));
        total += lengths[lengths.len() - 2] + lengths[lengths.len() - 1];
    }
    // Zeroed rather than filled with `DOC_END`: fresh zeroed memory comes from the kernel
    // untouched, and the writer below faults it in while it writes every position, instead of
    // the calling thread filling 40-odd megabytes alone before the merge can start.
    let mut tokens = vec![0u32; stream_position(total) as usize];
    let mut pieces = carve(&mut tokens, lengths).into_iter();
    let slices: Vec<(&mut [u32], &mut [u32])> =
        std::iter::from_fn(|| Some((pieces.next()?, pieces.next()?))).collect();
    // The merge into corpus ids is serial, in chunk order. On two threads or more the other
    // writes each chunk's slice of the stream as soon as the chunk is merged, instead of after
    // the whole merge (on one thread the two run one after the other).
    let mut global = Interner::<String>::with_capacity(1 << 16, 1 << 16);
    let (merged, maps) = std::sync::mpsc::channel::<(usize, Vec<u32>)>();
    rayon::join(
        || {
            for (i, ((ws, _), &(d, s, e))) in local.iter().zip(&chunks).enumerate() {
                let map = ws
                    .iter()
                    .map(|&w| global.id_of(w, &texts[d][s..e]))
                    .collect();
                merged
                    .send((i, map))
                    .expect("the stream writer waits for every chunk");
            }
            drop(merged);
        },
        || {
            let mut slices = slices;
            for (i, map) in maps {
                let (chunk, end) = &mut slices[i];
                local[i].1.write_mapped(&map, chunk);
                end.fill(DOC_END);
            }
        },
    );
    let mut segmented = Segmented {
        words: global.words,
        streams: Streams { tokens, doc_starts },
        checkpoints: Vec::new(),
    };
    segmented.checkpoints = checkpoints(&segmented);
    segmented
}

/// Byte offset in its document of every `CHECKPOINT`-th stream position, computed per
/// document in parallel.
fn checkpoints(s: &Segmented) -> Vec<u32> {
    use rayon::prelude::*;
    let tokens = &s.streams.tokens;
    let starts = &s.streams.doc_starts;
    let mut marks = vec![0u32; tokens.len().div_ceil(CHECKPOINT)];
    // Checkpoints of document d are the marks within [start_d, start_{d+1}).
    let end = |d: usize| starts.get(d + 1).map_or(tokens.len(), |&e| e as usize);
    let lengths = (0..starts.len())
        .map(|d| end(d).div_ceil(CHECKPOINT) - (starts[d] as usize).div_ceil(CHECKPOINT));
    let slices: Vec<(usize, &mut [u32])> = starts
        .iter()
        .map(|&s| s as usize)
        .zip(carve(&mut marks, lengths))
        .collect();
    slices.into_par_iter().for_each(|(start, out)| {
        let mut pos = start;
        let mut offset = 0usize;
        for (k, m) in out.iter_mut().enumerate() {
            let target = (start.div_ceil(CHECKPOINT) + k) * CHECKPOINT;
            while pos < target {
                offset += s.token_len(pos);
                pos += 1;
            }
            *m = offset as u32;
        }
    });
    marks
}
