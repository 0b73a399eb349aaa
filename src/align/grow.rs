//! Growing a candidate into the whole name it is part of (`Treaty on the Non-Proliferation of
//! Nuclear` → `Treaty on the Non-Proliferation of Nuclear Weapons`), a word at a time: a word
//! (with the function words before it) is added while the longer phrase keeps nearly all the
//! segments the shorter one shares with the term, and nearly all the segments the shorter one
//! occurs in at all (it only occurs inside the longer one). The work is bounded by the segments
//! of the n-gram grown from, never by a table of n-grams of all lengths.

use crate::align::ngrams::{Grams, Phrase};
use rustc_hash::FxHashMap;

/// Most function words crossed to reach the next word (`to the`, `of the`).
const MAX_BRIDGE: usize = 3;

/// Below this many segments shared with the term, a phrase grows only by words written with a
/// capital (`… Agency for Palestine Refugees in the Near East`): two segments repeating one
/// sentence would otherwise grow a name into its context (`travel of representatives from …`).
const FEW: usize = 3;

/// Below this many segments shared with the term, a phrase grows to the left only by the word
/// next to it, or the word before an `and` (`United` + `Kingdom of …`, `Economic and` + `Social
/// Commission …`): a name is followed by its complements, while the
/// words before it across `of the`, `to the` are mostly a larger construct around it
/// (`session of the Commission on …`, `Parties to the Treaty on …`).
const FEW_LEFT: usize = 5;

/// A candidate grown to its whole name.
pub(super) struct Grown {
    pub(super) phrase: Phrase,
    /// The segments of the term where the phrase occurs, ascending.
    pub(super) with_term: Vec<u32>,
    /// Segments where the phrase occurs at all.
    pub(super) df: usize,
}

/// `kept` segments of `of` are nearly all of them (all of up to nine).
pub(super) fn nearly_all(kept: usize, of: usize) -> bool {
    kept * 10 >= of * 9
}

#[derive(Clone, Copy)]
enum Side {
    Right,
    Left,
}

/// Gram `g`, seen with the term in segments `with_term`, grown while the evidence allows and
/// while it has fewer than `max_content` words that are not function words.
pub(super) fn grow(grams: &Grams, g: u32, with_term: Vec<u32>, max_content: usize) -> Grown {
    let mut phrase = grams.phrase(g);
    let mut with_term = with_term;
    let mut everywhere: Vec<u32> = grams.segments_of(g).to_vec();
    // One segment cannot tell a name from the sentence around it.
    while with_term.len() >= 2 && content_words(grams, &phrase) < max_content {
        let next = [Side::Right, Side::Left].into_iter().find_map(|side| {
            let (longer, kept) = extend(grams, &phrase, &with_term, side)?;
            let still: Vec<u32> = (everywhere.iter().copied())
                .filter(|&s| grams.occurs(s as usize, &longer))
                .collect();
            nearly_all(still.len(), everywhere.len()).then_some((longer, kept, still))
        });
        let Some((longer, kept, still)) = next else {
            break;
        };
        (phrase, with_term, everywhere) = (longer, kept, still);
    }
    Grown {
        phrase,
        with_term,
        df: everywhere.len(),
    }
}

fn content_words(grams: &Grams, phrase: &[u32]) -> usize {
    phrase.iter().filter(|&&w| !grams.is_weak(w)).count()
}

/// `phrase` with the words most often next to it on `side` in segments `segs`, and the segments
/// where it is so, if that is nearly all of them.
fn extend(grams: &Grams, phrase: &[u32], segs: &[u32], side: Side) -> Option<(Phrase, Vec<u32>)> {
    let mut next: FxHashMap<Phrase, Vec<u32>> = FxHashMap::default();
    let names_only = segs.len() < FEW;
    let adjacent_only = matches!(side, Side::Left) && segs.len() < FEW_LEFT;
    for &s in segs {
        let mut seen: Vec<Phrase> = Vec::new();
        grams.find(s as usize, phrase, |i, j, a, b| {
            let words = match side {
                Side::Right => bridge(grams, s as usize, j..b, names_only),
                Side::Left if adjacent_only => {
                    bridge(grams, s as usize, (a..i).rev().take(2), names_only)
                        .filter(|w| w.len() == 1 || grams.is_and(w[0]))
                        .map(|mut w| {
                            w.reverse();
                            w
                        })
                }
                Side::Left => bridge(grams, s as usize, (a..i).rev(), names_only).map(|mut w| {
                    w.reverse();
                    w
                }),
            };
            if let Some(w) = words.filter(|w| !seen.contains(w)) {
                seen.push(w);
            }
        });
        for w in seen {
            next.entry(w).or_default().push(s);
        }
    }
    let (words, kept) = next
        .into_iter()
        .max_by(|x, y| x.1.len().cmp(&y.1.len()).then(y.0.cmp(&x.0)))?;
    if !nearly_all(kept.len(), segs.len()) {
        return None;
    }
    let longer = match side {
        Side::Right => [phrase, &words].concat(),
        Side::Left => [&words, phrase].concat(),
    };
    Some((longer, kept))
}

/// The words at `positions` up to and including the first that is not a function word, if one
/// comes within `MAX_BRIDGE` function words (and, with `names_only`, is written with a capital).
fn bridge(
    grams: &Grams,
    s: usize,
    positions: impl Iterator<Item = usize>,
    names_only: bool,
) -> Option<Phrase> {
    let mut words = Vec::new();
    for i in positions.take(MAX_BRIDGE + 1) {
        let (w, weak, capital) = grams.word(s, i);
        words.push(w);
        if !weak {
            return (capital || !names_only).then_some(words);
        }
    }
    None
}
