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
    /// Counted from another corpus, glossary or limits than the fingerprint expected.
    OtherCorpus,
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
        self.numbers(v, |x| x.to_le_bytes())
    }

    fn u64s(&mut self, v: &[u64]) -> io::Result<()> {
        self.numbers(v, |x| x.to_le_bytes())
    }

    /// `v`'s length, then its numbers little-endian, written a bounded chunk at a time.
    fn numbers<T: Copy, const N: usize>(
        &mut self,
        v: &[T],
        le: impl Fn(T) -> [u8; N],
    ) -> io::Result<()> {
        self.bytes(&(v.len() as u64).to_le_bytes())?;
        let mut buf = Vec::with_capacity(v.len().min(1 << 16) * N);
        for chunk in v.chunks(1 << 16) {
            buf.clear();
            chunk.iter().for_each(|&x| buf.extend_from_slice(&le(x)));
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
    /// Bytes before the checksum.
    body: u64,
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

    /// Where the next array's values start in the file, and how many there are, with the
    /// values checked (each below `below`) and checksummed but not kept: positions that stay
    /// on disk.
    fn skip_u32s(&mut self, below: u32) -> Result<(u64, u64), SpillError> {
        let n = self.u64()?;
        let at = self.body - self.left;
        let mut rest = n.saturating_mul(4);
        if rest > self.left {
            return Err(SpillError::Damaged("cut short"));
        }
        while rest > 0 {
            let b = self.bytes(rest.min(1 << 16))?;
            rest -= b.len() as u64;
            let over = b
                .chunks_exact(4)
                .any(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")) >= below);
            if over {
                return Err(SpillError::Damaged("position out of range"));
            }
        }
        Ok((at, n))
    }

    fn u64s(&mut self) -> Result<Vec<u64>, SpillError> {
        let n = self.u64()?;
        let b = self.bytes(n.saturating_mul(8))?;
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect())
    }
}

/// How `read_part` treats the positions of the n-grams, the largest part of a partition.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Positions {
    /// Read into memory, to compare partitions as written and as read.
    #[cfg(test)]
    Read,
    /// Left in the file (`Part::on_disk` says where), each checked to be below this stream
    /// length.
    OnDisk(u32),
}

/// Reads a spilled partition of `len` bytes, refusing it at once if its fingerprint is not
/// `fingerprint` (when given). Its shape is not checked here (`check_shape` checks it fits
/// the corpus it is read for).
pub(crate) fn read_part(
    r: impl Read,
    len: u64,
    positions: Positions,
    fingerprint: Option<u64>,
) -> Result<(Header, Part), SpillError> {
    let body = len.saturating_sub(8);
    let mut s = Source {
        r,
        sum: Fnv1a64::default(),
        body,
        left: body,
    };
    if s.bytes(MAGIC.len() as u64).ok().as_deref() != Some(MAGIC) {
        return Err(SpillError::NotSpill);
    }
    let version = s.bytes(4)?;
    let version = u32::from_le_bytes(version.try_into().expect("4 bytes"));
    if version != SPILL_VERSION {
        return Err(SpillError::Version(version));
    }
    let found = s.u64()?;
    if fingerprint.is_some_and(|f| f != found) {
        return Err(SpillError::OtherCorpus);
    }
    let ids = s.u32s()?;
    let [part, parts, lo, hi] = ids[..] else {
        return Err(SpillError::Damaged("bad header"));
    };
    let n_levels = s.u64()?;
    if n_levels == 0 || n_levels > MAX_LEN as u64 + 1 {
        return Err(SpillError::Damaged("bad number of levels"));
    }
    let mut levels = Vec::with_capacity(n_levels as usize);
    let mut on_disk = Vec::new();
    for _ in 0..n_levels {
        let (last, freq, right_clnc, first_child) = (s.u32s()?, s.u32s()?, s.u64s()?, s.u32s()?);
        let by_id = match positions {
            #[cfg(test)]
            Positions::Read => s.u32s()?,
            Positions::OnDisk(below) => {
                on_disk.push(s.skip_u32s(below)?);
                Vec::new()
            }
        };
        levels.push(Level {
            last,
            freq,
            right_clnc,
            first_child,
            by_id,
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
        fingerprint: found,
        part,
        parts,
    };
    let part = Part {
        range: (lo, hi),
        levels,
        left0,
        on_disk,
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
        let positions = part.on_disk.get(k).map_or(l.by_id.len() as u64, |d| d.1);
        let ok = l.last.len() == size
            && l.right_clnc.len() == size
            && l.tokens.len() == size * (k + 1)
            && l.first_child.len() == below + 1
            && l.first_child.windows(2).all(|w| w[0] <= w[1])
            && l.first_child.last() == Some(&(size as u32))
            && l.by_id_start.len() == size + 1
            && l.by_id_start.windows(2).all(|w| w[0] <= w[1])
            && l.by_id_start.last().map(|&s| u64::from(s)) == Some(positions)
            && l.by_id.iter().all(|&p| (p as usize) < tokens)
            && l.tokens.iter().chain(&l.last).all(|&t| (t as usize) < n);
        if !ok {
            return bad("bad level");
        }
    }
    Ok(())
}

/// Positions of n-grams left in the spill files they were read from (`Positions::OnDisk`),
/// read when asked for: scoring and contexts ask for those of few n-grams, and these are the
/// one part of the table that grows with every occurrence.
#[derive(Debug, Default)]
pub(crate) struct OnDisk {
    files: Vec<std::fs::File>,
    /// Per level, the partitions' slices of ids, in id order.
    levels: Vec<Vec<Slice>>,
    /// The first read that failed: the run goes on with no positions for it and then fails
    /// with this error (see [`OnDisk::failure`]).
    failed: std::sync::OnceLock<String>,
}

/// The ids of one level from `first_id` on (to the next slice), whose positions are in `file`
/// from byte `at`, the first of them `first_start` in the level's `by_id_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slice {
    first_id: u32,
    first_start: u32,
    file: u32,
    at: u64,
}

#[cfg(test)]
impl PartialEq for OnDisk {
    fn eq(&self, other: &Self) -> bool {
        self.levels == other.levels
    }
}

impl OnDisk {
    /// Keeps `file` open for reading; returns its number.
    pub(super) fn add_file(&mut self, file: std::fs::File) -> u32 {
        self.files.push(file);
        self.files.len() as u32 - 1
    }

    /// Ids of `level` from `first_id` on have their positions in `file` from byte `at`.
    pub(super) fn add_slice(
        &mut self,
        level: usize,
        first_id: u32,
        first_start: u32,
        file: u32,
        at: u64,
    ) {
        if self.levels.len() <= level {
            self.levels.resize_with(level + 1, Vec::new);
        }
        self.levels[level].push(Slice {
            first_id,
            first_start,
            file,
            at,
        });
    }

    /// Why a spill file could not be read again mid-run (it was checked when opened), if it
    /// could not: the run's output is then incomplete and must not be given.
    pub(crate) fn failure(&self) -> Option<&str> {
        self.failed.get().map(String::as_str)
    }

    /// Positions `start..end` of level `level`'s `by_id`, those of n-gram `id`; none when the
    /// spill file cannot be read again, which [`OnDisk::failure`] then reports.
    pub(super) fn read(&self, level: usize, id: u32, start: u32, end: u32) -> Vec<u32> {
        use std::os::unix::fs::FileExt;
        if start == end {
            return Vec::new();
        }
        let slices = &self.levels[level];
        let s = slices[slices.partition_point(|s| s.first_id <= id) - 1];
        let mut bytes = vec![0u8; (end - start) as usize * 4];
        let at = s.at + u64::from(start - s.first_start) * 4;
        if let Err(e) = self.files[s.file as usize].read_exact_at(&mut bytes, at) {
            let _ = self.failed.set(e.to_string());
            return Vec::new();
        }
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect()
    }
}
