//! The token stream: every document segmented (in parallel, over chunks of large documents),
//! its tokens interned to ids in corpus order and laid out one document after another, with
//! what it takes to find a token's byte range again for contexts.

mod intern;
#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::extract::segment::Segmenter;
use crate::util::radix::carve;
use intern::{Interner, LocalChunk, LocalIds};
use rayon::prelude::*;

/// Target size of the pieces a large document is cut into for parallel segmentation.
const CHUNK: usize = 64 * 1024;

/// Stream id that ends each document, so that nothing spans two documents.
pub(crate) const DOC_END: u32 = u32::MAX;

/// Every `CHECKPOINT`-th stream position records its byte offset (see `Segmented::byte_range`).
const CHECKPOINT: usize = 64;

/// Token streams of a corpus: every document's token ids one after the other, each document
/// followed by `DOC_END`. Four bytes per token: the byte offsets that contexts need are
/// recomputed from word lengths, since jieba's tokens tile the text.
#[derive(Debug, Default)]
pub(crate) struct Streams {
    pub(crate) tokens: Vec<u32>,
    /// Position of each document's first token.
    pub(crate) doc_starts: Vec<u32>,
}

impl Streams {
    /// Concatenates per-document id sequences (tests build streams this way; `segment_all`
    /// writes its stream in place).
    #[cfg(test)]
    pub(crate) fn from_docs<D: AsRef<[u32]>>(docs: &[D]) -> Streams {
        let mut tokens = Vec::new();
        let mut doc_starts = Vec::with_capacity(docs.len());
        for d in docs {
            doc_starts.push(stream_position(tokens.len()).expect("a small test corpus"));
            tokens.extend_from_slice(d.as_ref());
            tokens.push(DOC_END);
        }
        Streams { tokens, doc_starts }
    }

    /// The document holding stream position `pos`.
    pub(crate) fn doc_of(&self, pos: usize) -> usize {
        self.doc_starts.partition_point(|&s| s as usize <= pos) - 1
    }
}

/// Stream position `n` as the 32 bits every later stage keeps positions in.
fn stream_position(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| Error::CorpusTooLarge { tokens: n })
}

/// The corpus as one stream of interned tokens.
#[derive(Debug, Default)]
pub(crate) struct Segmented {
    /// Distinct token strings; ids index this.
    pub(crate) words: Vec<String>,
    pub(crate) streams: Streams,
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
    pub(crate) fn byte_range(&self, pos: usize, len: usize) -> (usize, usize) {
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

/// Bytes of text per token on the law corpus, rounded down: sizes a chunk's buffers.
const TOKEN_BYTES: usize = 5;

/// Target size of the pieces a chunk is handed to jieba in. jieba returns a 48-byte token per
/// word, in a vector it sizes for 4,096 tokens: a 64 KiB chunk's 12,000-odd tokens made it
/// grow twice, copying, to 768 KiB. A 16 KiB piece has about 3,000, and segmenting pieces
/// measured slightly faster per byte than segmenting whole chunks.
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

/// A piece of parallel segmentation: document, and start and end in its text.
type Chunk = (usize, usize, usize);

/// Segments every text in parallel (over documents and over chunks of large ones) and interns
/// the tokens. Ids are assigned in order of first occurrence in corpus order (documents, then
/// chunks), which does not depend on the thread count. `on_chunk` is called with the byte size
/// of each chunk once it is segmented. Fails if the stream would not fit 32-bit positions.
pub(crate) fn segment_all(
    seg: &Segmenter,
    texts: &[&str],
    on_chunk: &(dyn Fn(u64) + Sync),
) -> Result<Segmented> {
    let chunks: Vec<Chunk> = texts
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
    // thread works through alone, and the last such range can keep a thread idle at the end
    // of segmentation.
    let local: Vec<LocalChunk> = chunks
        .par_iter()
        .with_max_len(1)
        .map(|&(d, s, e)| {
            let chunk = intern_chunk(seg, &texts[d][s..e]);
            on_chunk((e - s) as u64);
            chunk
        })
        .collect();
    let layout = Layout::new(texts.len(), &chunks, &local)?;
    // Zeroed rather than filled with `DOC_END`: fresh zeroed memory comes from the kernel
    // untouched, and the writer in `merge_chunks` faults it in while it writes every position,
    // instead of the calling thread filling tens of megabytes alone before the merge starts.
    let mut tokens = vec![0u32; layout.total];
    let words = merge_chunks(texts, &chunks, &local, carve(&mut tokens, layout.lengths));
    let mut segmented = Segmented {
        words,
        streams: Streams {
            tokens,
            doc_starts: layout.doc_starts,
        },
        checkpoints: Vec::new(),
    };
    segmented.checkpoints = checkpoints(&segmented);
    Ok(segmented)
}

/// Segments one chunk and interns its tokens locally.
fn intern_chunk(seg: &Segmenter, text: &str) -> LocalChunk {
    // A chunk has about a fifth as many distinct words as tokens on the law corpus. Sized for
    // a quarter, the map seldom grows and its slots, read once per token, fit closer to the
    // core than a map sized for every token, which measured slower. The word lists live until
    // the merge: sized for distinct words rather than for tokens, they take about a fifth of
    // the memory.
    let tokens = text.len() / TOKEN_BYTES;
    let mut interner = Interner::<u128>::with_capacity(tokens / 4, tokens / 4);
    let mut ids = LocalIds::with_capacity(tokens);
    for (a, b) in sentence_pieces(text) {
        for (start, end) in seg.spans(&text[a..b]) {
            ids.push(interner.id_at(text, a + start, a + end));
        }
    }
    (interner.words, ids)
}

/// Where each chunk's tokens go in the stream.
struct Layout {
    doc_starts: Vec<u32>,
    /// Per chunk, its number of tokens and then 1 if `DOC_END` follows (the chunk is its
    /// document's last), else 0: the pieces the stream is carved into.
    lengths: Vec<usize>,
    /// Length of the stream.
    total: usize,
}

impl Layout {
    fn new(docs: usize, chunks: &[Chunk], local: &[LocalChunk]) -> Result<Layout> {
        let mut doc_starts = vec![0usize; docs];
        let mut lengths = Vec::with_capacity(chunks.len() * 2);
        let mut total = 0usize;
        for (i, (&(d, s, _), (_, ids))) in chunks.iter().zip(local).enumerate() {
            if s == 0 {
                doc_starts[d] = total;
            }
            let doc_end = usize::from(chunks.get(i + 1).is_none_or(|n| n.0 != d));
            lengths.extend([ids.len(), doc_end]);
            total += ids.len() + doc_end;
        }
        stream_position(total)?;
        Ok(Layout {
            // No start exceeds the total.
            doc_starts: doc_starts.into_iter().map(|s| s as u32).collect(),
            lengths,
            total,
        })
    }
}

/// Merges the chunks' local vocabularies into corpus ids and writes each chunk's tokens into
/// `pieces` (as `Layout` carves the stream: the chunk's slice, then its `DOC_END` or nothing).
/// Returns the corpus's words. The merge is serial, in chunk order. On two threads or more the
/// other writes each chunk's slice of the stream as soon as the chunk is merged, instead of
/// after the whole merge (on one thread the two run one after the other).
fn merge_chunks(
    texts: &[&str],
    chunks: &[Chunk],
    local: &[LocalChunk],
    pieces: Vec<&mut [u32]>,
) -> Vec<String> {
    let mut pieces = pieces.into_iter();
    let mut slices: Vec<(&mut [u32], &mut [u32])> =
        std::iter::from_fn(|| Some((pieces.next()?, pieces.next()?))).collect();
    let mut global = Interner::<String>::with_capacity(1 << 16, 1 << 16);
    let (merged, maps) = std::sync::mpsc::channel::<(usize, Vec<u32>)>();
    rayon::join(
        || {
            for (i, ((ws, _), &(d, s, e))) in local.iter().zip(chunks).enumerate() {
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
            for (i, map) in maps {
                let (chunk, end) = &mut slices[i];
                local[i].1.write_mapped(&map, chunk);
                end.fill(DOC_END);
            }
        },
    );
    global.words
}

/// Byte offset in its document of every `CHECKPOINT`-th stream position, computed per
/// document in parallel.
fn checkpoints(s: &Segmented) -> Vec<u32> {
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
