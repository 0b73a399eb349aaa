//! What the counting loops ask of a token type, one byte per type.

use crate::extract::lexicon::{NEGATION, Vocab, verb_may_stand};
use rayon::prelude::*;

/// What the counting loops ask of a token type, one byte per type: they look up two or three
/// tokens per occurrence, and one load of a byte answers what `Vocab` answers from several
/// fields, while the branch-free filters combine the answers with bitwise operations.
pub(super) struct Flags(Vec<u8>);

impl Flags {
    pub const BREAK: u8 = 1;
    pub const VERB: u8 = 2;
    pub const CAN_START: u8 = 4;
    pub const CAN_END: u8 = 8;
    pub const FREE: u8 = 16;
    /// Reached `min_freq` and may start a candidate (`Table::survives0`).
    pub const SURVIVES: u8 = 32;
    /// Seen at least twice (outside breaks).
    pub const TWICE: u8 = 64;
    /// 不, after which a verb may stand (`lexicon::verb_may_stand`).
    pub const NEGATION: u8 = 128;

    pub fn new(vocab: &Vocab, freq: &[u32], survives0: &[bool]) -> Flags {
        Flags(
            (0..vocab.len())
                .into_par_iter()
                .map(|t| {
                    let set = |on: bool, bit: u8| if on { bit } else { 0 };
                    let tr = vocab.traits(t as u32);
                    set(tr.breaks, Self::BREAK)
                        | set(tr.verb, Self::VERB)
                        | set(tr.can_start, Self::CAN_START)
                        | set(tr.can_end, Self::CAN_END)
                        | set(vocab.is_free(t as u32), Self::FREE)
                        | set(survives0[t], Self::SURVIVES)
                        | set(freq[t] >= 2, Self::TWICE)
                        | set(vocab.word(t as u32) == NEGATION, Self::NEGATION)
                })
                .collect(),
        )
    }

    /// These flags with only the tokens in `lo..hi` surviving: counting one partition
    /// extends only the single tokens it starts with.
    pub fn surviving_only(&self, (lo, hi): (u32, u32)) -> Flags {
        Flags(
            (0u32..)
                .zip(&self.0)
                .map(|(t, &f)| match (lo..hi).contains(&t) {
                    true => f,
                    false => f & !Self::SURVIVES,
                })
                .collect(),
        )
    }

    /// Number of token types.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The flags of every token type, by id.
    pub fn all_types(&self) -> &[u8] {
        &self.0
    }

    /// The flags of token `t` (`DOC_END`: a free break).
    pub fn of(&self, t: u32) -> u8 {
        self.0
            .get(t as usize)
            .copied()
            .unwrap_or(Self::BREAK | Self::FREE)
    }

    /// `lexicon::verb_may_stand` for a candidate that begins with token `first`.
    pub fn verb_may_stand(&self, first: u32, i: usize) -> bool {
        verb_may_stand(i, || self.of(first) & Self::NEGATION != 0)
    }

    /// Whether token `t` has every bit of `bits`.
    pub fn all(&self, t: u32, bits: u8) -> bool {
        self.of(t) & bits == bits
    }
}
