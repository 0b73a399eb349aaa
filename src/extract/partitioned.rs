//! Counting in partitions: all at once in memory, in partitions one after another through
//! temporary files, or one partition per process (`map`) and the partitions put together by
//! another (`reduce`). Every way gives the same table (see `count::partition`), so the same
//! output.

use super::count::{
    Assembly, Header, Limits, Part, Positions, SPILL_VERSION, SpillError, Table, check_shape,
    fingerprint, ranges, read_part, write_part,
};
use super::lexicon::Vocab;
use super::stream::Streams;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufReader, BufWriter, Seek};
use std::path::{Path, PathBuf};

/// How the counting stage keeps its tables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Counting {
    /// Every n-gram counted at once, in memory.
    #[default]
    InMemory,
    /// In this many partitions of the n-grams (by first word), one after another: each is
    /// written to an unnamed temporary file in the temporary folder (`TMPDIR`), which the
    /// system removes however the process ends, and read back one at a time.
    Partitioned(usize),
    /// The partitions that `map` wrote to this folder, one per process.
    Reduce(PathBuf),
}

/// Partition `part` (1-based) of `parts`, written by `map`.
pub fn spill_name(part: usize, parts: usize) -> String {
    format!("part-{part:04}-of-{parts:04}.spill")
}

/// Counts the table as `counting` says.
pub(super) fn count(
    counting: &Counting,
    streams: &Streams,
    vocab: &Vocab,
    limits: Limits,
) -> Result<Table> {
    match counting {
        Counting::InMemory => Ok(Table::count(streams, vocab, limits)),
        Counting::Partitioned(parts) => through_temporary_files(*parts, streams, vocab, limits),
        Counting::Reduce(dir) => reduce(dir, streams, vocab, limits),
    }
}

fn temporary_error(e: std::io::Error) -> Error {
    Error::Write {
        path: std::env::temp_dir(),
        what: "writing a partition of the counting to a temporary file".into(),
        source: e,
        hint: "free some space there or set TMPDIR to a folder with room (or raise \
               --memory-limit)"
            .into(),
    }
}

fn through_temporary_files(
    parts: usize,
    streams: &Streams,
    vocab: &Vocab,
    limits: Limits,
) -> Result<Table> {
    let mut files = Vec::new();
    for (i, range) in ranges(streams, vocab, limits, parts)
        .into_iter()
        .enumerate()
    {
        let part = Part::count(streams, vocab, limits, range);
        let mut file = tempfile::tempfile().map_err(temporary_error)?;
        // Read back by the process that wrote it: nothing to tell apart.
        let header = Header {
            fingerprint: 0,
            part: i as u32,
            parts: parts as u32,
        };
        write_part(BufWriter::new(&mut file), header, &part).map_err(temporary_error)?;
        drop(part);
        file.rewind().map_err(temporary_error)?;
        files.push(file);
    }
    let mut assembly = Assembly::new(streams, vocab, limits);
    for file in files {
        let len = file.metadata().map_err(temporary_error)?.len();
        let on_disk = Positions::OnDisk(streams.tokens.len() as u32);
        let (_, part) =
            read_part(BufReader::new(&file), len, on_disk, None).map_err(|e| match e {
                SpillError::Io(e) => temporary_error(e),
                other => Error::Input {
                    path: std::env::temp_dir(),
                    line: None,
                    message: spill_problem(other),
                },
            })?;
        assembly.add(part, Some(file));
    }
    Ok(assembly.finish())
}

/// Counts partition `part` (1-based) of `parts` and writes it to `dir` (created if missing)
/// as `spill_name(part, parts)`, through a temporary file renamed when complete, so that an
/// interrupted map leaves no partition that looks whole. Returns the file written.
pub(super) fn map(
    part: usize,
    parts: usize,
    dir: &Path,
    streams: &Streams,
    vocab: &Vocab,
    limits: Limits,
) -> Result<PathBuf> {
    if part == 0 || part > parts {
        return Err(Error::Usage(format!(
            "--map {part}/{parts}: the partition must be 1 to {parts}"
        )));
    }
    let range = ranges(streams, vocab, limits, parts)[part - 1];
    let counted = Part::count(streams, vocab, limits, range);
    let header = Header {
        fingerprint: fingerprint(streams, vocab, limits),
        part: part as u32,
        parts: parts as u32,
    };
    let path = dir.join(spill_name(part, parts));
    let failed = |what: &str, e: std::io::Error| Error::Write {
        path: path.clone(),
        what: what.into(),
        source: e,
        hint: "check that the folder is writable and has room".into(),
    };
    std::fs::create_dir_all(dir).map_err(|e| failed("creating its folder", e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| failed("creating a temporary file in its folder", e))?;
    write_part(BufWriter::new(tmp.as_file_mut()), header, &counted)
        .map_err(|e| failed("writing the partition", e))?;
    tmp.persist(&path)
        .map_err(|e| failed("renaming the temporary file", e.error))?;
    Ok(path)
}

/// The spill files of `dir`, by partition number: `part-K-of-N.spill` for every K of one N.
fn spill_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut found: Vec<(usize, usize, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let parsed = name
            .strip_prefix("part-")
            .and_then(|n| n.strip_suffix(".spill"))
            .and_then(|n| n.split_once("-of-"))
            .and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
        if let Some((k, n)) = parsed {
            found.push((k, n, path));
        }
    }
    found.sort();
    let usage = |message: String| Error::Input {
        path: dir.to_owned(),
        line: None,
        message,
    };
    let Some(&(_, parts, _)) = found.first() else {
        return Err(usage(
            "no partition files (part-K-of-N.spill) here: run `shuyu extract --map K/N --spill \
             DIR` for every K from 1 to N first"
                .into(),
        ));
    };
    if let Some((_, other, _)) = found.iter().find(|f| f.1 != parts) {
        return Err(usage(format!(
            "partition files of two runs, of {parts} and of {other} partitions: keep one run's \
             files in a folder"
        )));
    }
    let have: Vec<usize> = found.iter().map(|f| f.0).collect();
    if let Some(k) = (1..=parts).find(|k| !have.contains(k)) {
        return Err(usage(format!(
            "partition {k} of {parts} is missing: run `shuyu extract --map {k}/{parts} --spill \
             {}` with the same files and options",
            dir.display()
        )));
    }
    Ok(found.into_iter().map(|f| f.2).collect())
}

/// Puts together the partitions that `map` wrote to `dir`, checking that each was counted
/// from this corpus, glossary and limits by this version.
fn reduce(dir: &Path, streams: &Streams, vocab: &Vocab, limits: Limits) -> Result<Table> {
    let files = spill_files(dir)?;
    let parts = files.len();
    let print = fingerprint(streams, vocab, limits);
    let mut assembly = Assembly::new(streams, vocab, limits);
    for (i, path) in files.iter().enumerate() {
        let refused = |message: String| Error::Input {
            path: path.clone(),
            line: None,
            message,
        };
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let on_disk = Positions::OnDisk(streams.tokens.len() as u32);
        let (header, part) = read_part(BufReader::new(&file), len, on_disk, Some(print))
            .map_err(|e| refused(spill_problem(e)))?;
        check_shape(&part, vocab.len(), streams.tokens.len())
            .map_err(|e| refused(spill_problem(e)))?;
        let expected = (i as u32 + 1, parts as u32);
        if (header.part, header.parts) != expected || part.range.0 != assembly.expects() {
            return Err(refused(format!(
                "holds partition {} of {}, not what its name says: run the map again",
                header.part, header.parts
            )));
        }
        assembly.add(part, Some(file));
    }
    if assembly.expects() as usize != vocab.len() {
        return Err(Error::Input {
            path: dir.to_owned(),
            line: None,
            message: "the partitions do not cover every word: run the maps again".into(),
        });
    }
    Ok(assembly.finish())
}

fn spill_problem(e: SpillError) -> String {
    match e {
        SpillError::Io(e) => format!("cannot read it: {e}"),
        SpillError::NotSpill => "not a partition file written by `shuyu extract --map`".into(),
        SpillError::Version(v) => format!(
            "written by another version of shuyu (partition format {v}, this one reads \
             {SPILL_VERSION}): run the map again with this shuyu"
        ),
        SpillError::OtherCorpus => "counted from other files, another glossary or other \
                                    --min-freq/--max-len than this run: run the map again with \
                                    the same files and options as the reduce"
            .into(),
        SpillError::Damaged(what) => format!("damaged ({what}): run the map again"),
    }
}

/// Peak memory of an in-memory run per byte of text, rounded up from measurements: 3.8× to
/// 5.6× on copies of the law corpus, up to 7× on single large files.
const IN_MEMORY_PER_BYTE: u64 = 7;

/// Memory a partitioned run needs outside the partitions, per byte of text and fixed: the
/// normalized texts and the token stream grow with the text (2.9 bytes per byte measured on
/// 16 copies of the law corpus); jieba's dictionary and the distinct n-grams counted do not.
const OUTSIDE_PARTITIONS_PER_BYTE: u64 = 3;
const OUTSIDE_PARTITIONS_FIXED: u64 = 100 << 20;

/// Most partitions `counting_for` chooses: each one is a pass over the token stream.
const MAX_PARTITIONS: u64 = 64;

/// How to count `bytes` of text to stay under `limit` bytes of memory: in memory when it
/// fits, otherwise in partitions, one per quarter of the limit in four bytes of text per byte
/// (the counting's working buffers, which partitions divide, are about that size).
pub fn counting_for(bytes: u64, limit: u64) -> Counting {
    let limit = limit.max(1);
    if bytes.saturating_mul(IN_MEMORY_PER_BYTE) <= limit {
        return Counting::InMemory;
    }
    let parts = bytes.saturating_mul(4).div_ceil(limit);
    Counting::Partitioned(parts.clamp(2, MAX_PARTITIONS) as usize)
}

/// Estimated memory a partitioned run over `bytes` of text needs besides its partitions, which
/// no number of partitions lowers.
pub fn outside_partitions(bytes: u64) -> u64 {
    bytes
        .saturating_mul(OUTSIDE_PARTITIONS_PER_BYTE)
        .saturating_add(OUTSIDE_PARTITIONS_FIXED)
}
