//! The file a counted partition is spilled to and read back from: a header that says what
//! it belongs to, the partition's arrays, and a checksum, so that a file from another version,
//! another corpus or cut short is refused rather than counted.

use super::partition::Part;
use super::{Level, MAX_LEN};
use crate::util::hash::Fnv1a64;
use std::io::{self, Read, Write};

const MAGIC: &[u8; 12] = b"shuyu-spill\n";

/// Version of the layout below; a file of another version is refused.
pub(crate) const SPILL_VERSION: u32 = 1;

/// What a spilled partition belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    /// `partition::fingerprint` of the corpus, glossary and limits it was counted from.
    pub fingerprint: u64,
    pub part: u32,
    pub parts: u32,
}

/// Why a spill file cannot be used.
#[derive(Debug)]
pub(crate) enum SpillError {
    Io(io::Error),
    NotSpill,
    Version(u32),
    Damaged(&'static str),
}

impl From<io::Error> for SpillError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::UnexpectedEof => SpillError::Damaged("cut short"),
            _ => SpillError::Io(e),
        }
    }
}

/// Writes and checksums.
struct Sink<W> {
    w: W,
    sum: Fnv1a64,
}

impl<W: Write> Sink<W> {
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.sum.write(b);
        self.w.write_all(b)
    }

    fn u32s(&mut self, v: &[u32]) -> io::Result<()> {
        self.bytes(&(v.len() as u64).to_le_bytes())?;
        let mut buf = Vec::with_capacity(v.len().min(1 << 16) * 4);
        for chunk in v.chunks(1 << 16) {
            buf.clear();
            chunk
                .iter()
                .for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
            self.bytes(&buf)?;
        }
        Ok(())
    }

    fn u64s(&mut self, v: &[u64]) -> io::Result<()> {
        self.bytes(&(v.len() as u64).to_le_bytes())?;
        let mut buf = Vec::with_capacity(v.len().min(1 << 16) * 8);
        for chunk in v.chunks(1 << 16) {
            buf.clear();
            chunk
                .iter()
                .for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
            self.bytes(&buf)?;
        }
        Ok(())
    }
}

/// Writes `part` with `header` to `w`.
pub(crate) fn write_part(w: impl Write, header: Header, part: &Part) -> io::Result<()> {
    let mut s = Sink {
        w,
        sum: Fnv1a64::default(),
    };
    s.bytes(MAGIC)?;
    s.bytes(&SPILL_VERSION.to_le_bytes())?;
    s.bytes(&header.fingerprint.to_le_bytes())?;
    s.u32s(&[header.part, header.parts, part.range.0, part.range.1])?;
    s.bytes(&(part.levels.len() as u64).to_le_bytes())?;
    for l in &part.levels {
        s.u32s(&l.last)?;
        s.u32s(&l.freq)?;
        s.u64s(&l.right_clnc)?;
        s.u32s(&l.first_child)?;
        s.u32s(&l.by_id)?;
        s.u32s(&l.by_id_start)?;
        s.u32s(&l.tokens)?;
    }
    s.u64s(&part.left0)?;
    let sum = s.sum.finish();
    s.w.write_all(&sum.to_le_bytes())?;
    s.w.flush()
}

/// Reads and checksums; refuses lengths longer than what is left of the file.
struct Source<R> {
    r: R,
    sum: Fnv1a64,
    left: u64,
}

impl<R: Read> Source<R> {
    fn bytes(&mut self, n: u64) -> Result<Vec<u8>, SpillError> {
        if n > self.left {
            return Err(SpillError::Damaged("cut short"));
        }
        let mut b = vec![0; n as usize];
        self.r.read_exact(&mut b)?;
        self.left -= n;
        self.sum.write(&b);
        Ok(b)
    }

    fn u64(&mut self) -> Result<u64, SpillError> {
        let b = self.bytes(8)?;
        Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    fn u32s(&mut self) -> Result<Vec<u32>, SpillError> {
        let n = self.u64()?;
        let b = self.bytes(n.saturating_mul(4))?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
    }

    fn u64s(&mut self) -> Result<Vec<u64>, SpillError> {
        let n = self.u64()?;
        let b = self.bytes(n.saturating_mul(8))?;
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect())
    }
}

/// Reads a spilled partition of `len` bytes. Only its header is checked against nothing
/// (`check_shape` checks it fits the corpus it is read for).
pub(crate) fn read_part(r: impl Read, len: u64) -> Result<(Header, Part), SpillError> {
    let mut s = Source {
        r,
        sum: Fnv1a64::default(),
        left: len.saturating_sub(8),
    };
    if s.bytes(MAGIC.len() as u64).ok().as_deref() != Some(MAGIC) {
        return Err(SpillError::NotSpill);
    }
    let version = s.bytes(4)?;
    let version = u32::from_le_bytes(version.try_into().expect("4 bytes"));
    if version != SPILL_VERSION {
        return Err(SpillError::Version(version));
    }
    let fingerprint = s.u64()?;
    let ids = s.u32s()?;
    let [part, parts, lo, hi] = ids[..] else {
        return Err(SpillError::Damaged("bad header"));
    };
    let n_levels = s.u64()?;
    if n_levels == 0 || n_levels > MAX_LEN as u64 + 1 {
        return Err(SpillError::Damaged("bad number of levels"));
    }
    let mut levels = Vec::with_capacity(n_levels as usize);
    for _ in 0..n_levels {
        levels.push(Level {
            last: s.u32s()?,
            freq: s.u32s()?,
            right_clnc: s.u64s()?,
            first_child: s.u32s()?,
            by_id: s.u32s()?,
            by_id_start: s.u32s()?,
            tokens: s.u32s()?,
            occurrences: Vec::new(),
        });
    }
    let left0 = s.u64s()?;
    let expected = s.sum.finish();
    let mut sum = [0u8; 8];
    s.r.read_exact(&mut sum)?;
    if s.left != 0 || u64::from_le_bytes(sum) != expected {
        return Err(SpillError::Damaged("checksum mismatch"));
    }
    let header = Header {
        fingerprint,
        part,
        parts,
    };
    let part = Part {
        range: (lo, hi),
        levels,
        left0,
    };
    Ok((header, part))
}

/// Whether `part` has the shape of a partition of a corpus of `tokens` stream positions and
/// `n` token types: every length and index within bounds, so that nothing built from it reads
/// out of range.
pub(crate) fn check_shape(part: &Part, n: usize, tokens: usize) -> Result<(), SpillError> {
    let bad = |what| Err(SpillError::Damaged(what));
    let (lo, hi) = part.range;
    if lo > hi || hi as usize > n || part.left0.len() != n {
        return bad("bad range");
    }
    if part.levels[0].right_clnc.len() != n {
        return bad("bad level 0");
    }
    for k in 1..part.levels.len() {
        let l = &part.levels[k];
        let size = l.freq.len();
        let below = if k == 1 {
            n
        } else {
            part.levels[k - 1].freq.len()
        };
        let ok = l.last.len() == size
            && l.right_clnc.len() == size
            && l.tokens.len() == size * (k + 1)
            && l.first_child.len() == below + 1
            && l.first_child.windows(2).all(|w| w[0] <= w[1])
            && l.first_child.last() == Some(&(size as u32))
            && l.by_id_start.len() == size + 1
            && l.by_id_start.windows(2).all(|w| w[0] <= w[1])
            && l.by_id_start.last() == Some(&(l.by_id.len() as u32))
            && l.by_id.iter().all(|&p| (p as usize) < tokens)
            && l.tokens.iter().chain(&l.last).all(|&t| (t as usize) < n);
        if !ok {
            return bad("bad level");
        }
    }
    Ok(())
}
