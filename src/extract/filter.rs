//! Candidate filter: which counted n-grams may be terms, by their edges, length, verbs,
//! coordination and place in lists of modifiers.

use crate::extract::count::{Gram, Table};
use crate::extract::lexicon::{Vocab, is_bare_head};
use crate::extract::stream::Streams;
use rayon::prelude::*;

/// How much more often the rest of a verb-initial n-gram occurs without the verb, beyond which
/// the verb is the predicate of a clause (使用|信息和通信技术) rather than part of a term
/// (建立信任|措施, 维持和平|行动, whose rest hardly occurs alone).
const PREDICATE_RATIO: f64 = 1.5;

/// How much more often each side of `X和Y` must occur alone for the whole to be read as a
/// coordination of two terms (政府专家组和不限成员名额工作组) rather than one term whose parts
/// share a head (信息和通信技术: 通信技术 hardly occurs without 信息和).
const COORDINATION_RATIO: u32 = 2;

/// Candidates: counted n-grams that end in a word allowed to end a term, have at least two
/// characters (single characters are almost never UN terms), do not open with a bare head
/// that goes on (公约缔约方大会), contain a verb only as their first
/// word, whose first verb is not simply the predicate of a term that follows it, that are not a
/// coordination of two terms, and that are not the end of a list of modifiers. In the table's
/// order (level, then id).
pub(crate) fn candidates(table: &Table, vocab: &Vocab, streams: &Streams) -> Vec<Gram> {
    let mut grams: Vec<Gram> = Vec::with_capacity(table.level_sizes().sum());
    grams.extend(table.grams());
    let char_len = vocab.char_lengths();
    let kept: Vec<Gram> = grams
        .into_par_iter()
        .filter(|&g| {
            let toks = table.tokens_of(g);
            has_term_edges(vocab, &char_len, toks)
                && !opens_with_a_bare_head(vocab, toks)
                && verbs_stand_first(vocab, toks)
                && !opens_with_a_predicate(table, vocab, g)
                && !is_coordination(table, vocab, g)
        })
        .collect();
    drop_modifier_list_tails(table, vocab, streams, kept)
}

/// Whether `toks` may begin and end a term and have two characters or more.
fn has_term_edges(vocab: &Vocab, char_len: &[u32], toks: &[u32]) -> bool {
    let last = *toks.last().expect("non-empty gram");
    let chars: u32 = toks.iter().map(|&t| char_len[t as usize]).sum();
    vocab.can_end(last) && vocab.can_start(toks[0]) && chars >= 2
}

/// Whether `toks` opens with a bare head (理事会, 公约… `lexicon::is_bare_head`) and goes on:
/// such a candidate lacks what specified the head (斯德哥尔摩|公约缔约方大会,
/// 不扩散核武器|条约不结盟缔约国集团, 安全|理事会成员).
fn opens_with_a_bare_head(vocab: &Vocab, toks: &[u32]) -> bool {
    toks.len() > 1 && is_bare_head(vocab.word(toks[0]))
}

/// Whether every verb of `toks` stands where a verb may (`lexicon::verb_may_stand`).
fn verbs_stand_first(vocab: &Vocab, toks: &[u32]) -> bool {
    !toks
        .iter()
        .enumerate()
        .any(|(i, &t)| vocab.is_verb(t) && !vocab.verb_may_stand(toks[0], i))
}

/// Whether `g` opens with a verb that is the predicate of what follows it: what follows occurs
/// alone `PREDICATE_RATIO` times as often, or cannot begin a term at all (没有与…).
fn opens_with_a_predicate(table: &Table, vocab: &Vocab, g: Gram) -> bool {
    let toks = table.tokens_of(g);
    if !vocab.is_verb(toks[0]) || toks.len() == 1 {
        return false;
    }
    let Some(rest) = table.find(&toks[1..]) else {
        return true;
    };
    f64::from(table.freq(rest)) >= PREDICATE_RATIO * f64::from(table.freq(g))
}

/// Whether `g` is two terms joined by a joiner: each occurs alone `COORDINATION_RATIO` times
/// as often as the whole, or both end in the same character, which makes them two of a kind
/// (顿涅茨克州和卢甘斯克州, 发展中国家缔约方和经济转型国家缔约方). Names of one thing end
/// differently (信息和通信技术, 波斯尼亚和黑塞哥维那, 北京宣言和行动纲要).
fn is_coordination(table: &Table, vocab: &Vocab, g: Gram) -> bool {
    let toks = table.tokens_of(g);
    let whole = table.freq(g);
    let alone = |part: &[u32]| {
        table
            .find(part)
            .is_some_and(|p| table.freq(p) >= COORDINATION_RATIO * whole)
    };
    let last_char = |t: u32| vocab.word(t).chars().next_back();
    let end = last_char(toks[toks.len() - 1]);
    (1..toks.len().saturating_sub(1)).any(|j| {
        vocab.is_joiner(toks[j])
            && (last_char(toks[j - 1]) == end || alone(&toks[..j]) && alone(&toks[j + 1..]))
    })
}

/// In `开放、安全、稳定、无障碍及和平的信息和通信技术环境` the words between 、 and 的 are a list
/// of modifiers of the noun after 的, and `无障碍及和平`, its last two items, is not a term. A
/// candidate with a joiner inside is dropped when at least half of its occurrences sit between
/// an enumeration comma and 的. Names listed among others (、波斯尼亚和黑塞哥维那、) and terms
/// in a list of goals (、赋予妇女和女童权能，) are not followed by 的 and stay.
fn drop_modifier_list_tails(
    table: &Table,
    vocab: &Vocab,
    streams: &Streams,
    kept: Vec<Gram>,
) -> Vec<Gram> {
    let (Some(comma), Some(de)) = (vocab.id("、"), vocab.id("的")) else {
        return kept;
    };
    let with_joiner: Vec<Gram> = kept
        .iter()
        .copied()
        .filter(|&g| {
            let toks = table.tokens_of(g);
            toks.len() > 2 && toks[1..toks.len() - 1].iter().any(|&t| vocab.is_joiner(t))
        })
        .collect();
    let occurrences = table.occurrences(streams, &with_joiner, usize::MAX);
    let tails: rustc_hash::FxHashSet<Gram> = with_joiner
        .into_iter()
        .filter(|g| {
            let occ = &occurrences[g];
            let in_list = occ
                .iter()
                .filter(|o| {
                    let tokens = &streams.tokens;
                    o.pos > 0
                        && tokens[o.pos - 1] == comma
                        && tokens.get(o.pos + g.level + 1) == Some(&de)
                })
                .count();
            !occ.is_empty() && 2 * in_list >= occ.len()
        })
        .collect();
    kept.into_iter().filter(|g| !tails.contains(g)).collect()
}
