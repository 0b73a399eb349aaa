//! Candidates stage: counts contiguous token n-grams inside clauses over the whole corpus, in
//! parallel, keeping frequencies, document counts and the left/right neighbour statistics that
//! scoring needs.
//!
//! Counting is level-wise (Apriori): an n-gram can only reach `min_freq` if its (n−1)-token
//! prefix did, so level n+1 only extends positions whose level-n n-gram survived. Each surviving
//! n-gram gets a dense id per level, and an (n+1)-gram is keyed by `(id of its prefix, last
//! token)` in one `u64`, so keys stay small whatever the length. Work is split into units of
//! token positions; per-thread maps are merged in unit order, which makes every count, and so
//! every output, identical for any number of threads.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Longest n-gram counted, in tokens.
pub const MAX_LEN: usize = 16;

/// The token ids of one n-gram, without a heap allocation (scoring walks millions of them).
#[derive(Debug, Clone, Copy)]
pub struct Tokens {
    buf: [u32; MAX_LEN],
    len: usize,
}

impl std::ops::Deref for Tokens {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        &self.buf[..self.len]
    }
}

/// Token id marking a clause boundary (punctuation, whitespace, numbers).
pub const BREAK: u32 = u32::MAX;

/// Positions per work unit: small enough to spread one huge file over all threads.
const UNIT: usize = 1 << 16;

/// Token streams of a corpus: one id sequence per document, `BREAK` between clauses.
#[derive(Debug, Default)]
pub struct Streams {
    pub docs: Vec<Vec<u32>>,
}

/// What the candidate rules need to know about each token type.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    pub words: Vec<String>,
    /// May begin a candidate (not a function word, numeral, classifier, pronoun…).
    pub can_start: Vec<bool>,
    /// May end a candidate (a nominal word: terms are noun phrases).
    pub can_end: Vec<bool>,
    /// Tagged as a verb: allowed only as the first word of a term (建立信任措施).
    pub verb: Vec<bool>,
    /// An approved glossary term: counted from its first occurrence, whatever `min_freq`.
    pub known: Vec<bool>,
    /// A coordinating function word (和, 与, 及…).
    pub joiner: Vec<bool>,
}

impl Vocab {
    /// Clause ends and edge-only function words (其, 各, 进一步…) are free boundaries: a term
    /// beside them is followed by a new phrase, not by a collocate, so such neighbours count as
    /// distinct in the branching entropy. Joiners are not: the 和 before 通信技术 is inside
    /// 信息和通信技术, and a fragment always preceded by it must keep entropy 0.
    fn is_free(&self, t: u32) -> bool {
        t == BREAK
            || (!self.can_start[t as usize]
                && !self.can_end[t as usize]
                && !self.joiner[t as usize])
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub min_freq: u32,
    pub max_len: usize,
}

/// The n-grams of one length that reached `min_freq`.
#[derive(Debug, Default)]
pub struct Level {
    /// Id of the (n−1)-gram prefix (level 0: unused).
    pub prefix: Vec<u32>,
    pub last: Vec<u32>,
    pub freq: Vec<u32>,
    pub docs: Vec<u32>,
    /// Σ c·ln c over non-free left and right neighbours, in fixed point (`FIXED`) so that the
    /// sum is the same in any order; entropies follow from these and `freq`.
    left_clnc: Vec<u64>,
    right_clnc: Vec<u64>,
    /// `(prefix id, last token)` → id; empty for level 0, whose ids are token ids.
    index: FxHashMap<u64, u32>,
    /// Occurrences per work unit, as `(position, id)` in text order.
    occurrences: Vec<Vec<(u32, u32)>>,
}

/// Every n-gram that reached `min_freq`, by length (`levels[0]` holds single tokens).
#[derive(Debug, Default)]
pub struct Table {
    pub levels: Vec<Level>,
    /// Corpus frequency of every token type, whatever its frequency.
    pub unigram: Vec<u32>,
    pub tokens: u64,
    units: Vec<Unit>,
}

/// An n-gram: its length in tokens (level + 1) and its id at that level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gram {
    pub level: usize,
    pub id: u32,
}

/// Where an n-gram occurs: document and token position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub doc: usize,
    pub pos: usize,
}

#[derive(Debug, Clone, Copy)]
struct Unit {
    doc: u32,
    start: u32,
    end: u32,
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    freq: u32,
    docs: u32,
    first_doc: u32,
    last_doc: u32,
}

impl Cell {
    fn new(doc: u32) -> Self {
        Cell {
            freq: 1,
            docs: 1,
            first_doc: doc,
            last_doc: doc,
        }
    }
    fn add(&mut self, doc: u32) {
        self.freq += 1;
        if self.last_doc != doc {
            self.docs += 1;
            self.last_doc = doc;
        }
    }
    /// Combines counts of an earlier run of units with a later one: a document split across
    /// the two runs is counted once.
    fn then(self, later: Cell) -> Cell {
        Cell {
            freq: self.freq + later.freq,
            docs: self.docs + later.docs - u32::from(self.last_doc == later.first_doc),
            first_doc: self.first_doc,
            last_doc: later.last_doc,
        }
    }
}

const FIXED: f64 = 1e6;

fn clnc_fixed(c: usize) -> u64 {
    let c = c as f64;
    (c * c.ln() * FIXED).round() as u64
}

fn key(prefix: u32, last: u32) -> u64 {
    (u64::from(prefix) << 32) | u64::from(last)
}

/// Merges the maps of two adjacent runs of units, `a` before `b`, into the larger one.
fn merge(mut a: FxHashMap<u64, Cell>, mut b: FxHashMap<u64, Cell>) -> FxHashMap<u64, Cell> {
    if a.len() >= b.len() {
        for (k, later) in b {
            a.entry(k)
                .and_modify(|e| *e = e.then(later))
                .or_insert(later);
        }
        a
    } else {
        for (k, earlier) in a {
            b.entry(k)
                .and_modify(|e| *e = earlier.then(*e))
                .or_insert(earlier);
        }
        b
    }
}

fn units_of(streams: &Streams) -> Vec<Unit> {
    let mut units = Vec::new();
    for (d, ids) in streams.docs.iter().enumerate() {
        let mut s = 0;
        while s < ids.len() {
            let e = (s + UNIT).min(ids.len());
            units.push(Unit {
                doc: d as u32,
                start: s as u32,
                end: e as u32,
            });
            s = e;
        }
    }
    units
}

impl Table {
    /// Counts every n-gram of 1 to `limits.max_len` tokens that starts with a token allowed to
    /// start a candidate and occurs at least `limits.min_freq` times.
    pub fn count(streams: &Streams, vocab: &Vocab, limits: Limits) -> Table {
        let units = units_of(streams);
        let n = vocab.words.len();
        let min = limits.min_freq.max(1);

        // Level 0 with dense arrays: one slot per token type is cheaper than hashing.
        let zero = || {
            (
                vec![0u32; n],
                vec![0u32; n],
                vec![u32::MAX; n],
                vec![u32::MAX; n],
            )
        };
        // Each fold starts an accumulator that must be merged later; a floor on the pieces
        // rayon splits the work into keeps their number near the thread count.
        let min_len = (units.len() / (4 * rayon::current_num_threads())).max(1);
        let (freq, docs, _, _) = units
            .par_iter()
            .with_min_len(min_len)
            .fold(zero, |mut acc, u| {
                for &t in &streams.docs[u.doc as usize][u.start as usize..u.end as usize] {
                    if t == BREAK {
                        continue;
                    }
                    let t = t as usize;
                    acc.0[t] += 1;
                    if acc.3[t] != u.doc {
                        acc.1[t] += 1;
                        if acc.2[t] == u32::MAX {
                            acc.2[t] = u.doc;
                        }
                        acc.3[t] = u.doc;
                    }
                }
                acc
            })
            .reduce(zero, |mut a, b| {
                for t in 0..n {
                    if b.0[t] == 0 {
                        continue;
                    }
                    if a.0[t] == 0 {
                        a.2[t] = b.2[t];
                    } else if a.3[t] == b.2[t] {
                        a.1[t] -= 1;
                    }
                    a.0[t] += b.0[t];
                    a.1[t] += b.1[t];
                    a.3[t] = b.3[t];
                }
                a
            });
        let tokens = freq.iter().map(|&f| u64::from(f)).sum();
        let survives0: Vec<bool> = (0..n)
            .map(|t| (freq[t] >= min || vocab.known[t] && freq[t] > 0) && vocab.can_start[t])
            .collect();
        let occurrences0: Vec<Vec<(u32, u32)>> = units
            .par_iter()
            .map(|u| {
                let ids = &streams.docs[u.doc as usize];
                (u.start..u.end)
                    .filter(|&p| {
                        let t = ids[p as usize];
                        t != BREAK && survives0[t as usize]
                    })
                    .map(|p| (p, ids[p as usize]))
                    .collect()
            })
            .collect();
        let mut levels = vec![Level {
            prefix: Vec::new(),
            last: (0..n as u32).collect(),
            freq: freq.clone(),
            docs,
            left_clnc: vec![0; n],
            right_clnc: vec![0; n],
            index: FxHashMap::default(),
            occurrences: occurrences0,
        }];

        // reach[d][p]: length of the longest surviving n-gram starting at position p of
        // document d. An extension whose suffix did not survive cannot survive either
        // (Apriori on the suffix), and with min_freq ≤ 2 cannot contribute to the branching
        // entropy of its prefix (a neighbour seen once adds c·ln c = 0), so it is not counted.
        // Suffixes that begin with a token that cannot start a candidate were never counted,
        // so nothing is known about them and they are counted as before.
        let prune = min <= 2;
        let mut reach: Vec<Vec<u8>> = streams.docs.iter().map(|d| vec![0u8; d.len()]).collect();
        if prune {
            for (u, occ) in units.iter().zip(&levels[0].occurrences) {
                for &(p, _) in occ {
                    reach[u.doc as usize][p as usize] = 1;
                }
            }
        }
        let max_len = limits.max_len.min(MAX_LEN);
        for k in 1..=max_len {
            // Count extensions of level k−1 by one token: these are the level-k n-grams and,
            // before pruning, the right-neighbour distribution of level k−1.
            let prev = &levels[k - 1];
            let counts = units
                .par_iter()
                .zip(prev.occurrences.par_iter())
                .with_min_len(min_len)
                .fold(
                    FxHashMap::default,
                    |mut m: FxHashMap<u64, Cell>, (u, occ)| {
                        let ids = &streams.docs[u.doc as usize];
                        let reach = &reach[u.doc as usize];
                        for &(p, id) in occ {
                            let q = p as usize + k;
                            if let Some(&t) = ids.get(q)
                                && t != BREAK
                            {
                                if prune {
                                    let next = ids[p as usize + 1] as usize;
                                    let suffix_dead = vocab.can_start[next]
                                        && usize::from(reach[p as usize + 1]) < k;
                                    if suffix_dead || freq[t as usize] < 2 {
                                        continue;
                                    }
                                }
                                m.entry(key(id, t))
                                    .and_modify(|c| c.add(u.doc))
                                    .or_insert(Cell::new(u.doc));
                            }
                        }
                        m
                    },
                )
                .reduce(FxHashMap::default, merge);
            let mut right = vec![0u64; prev.freq.len()];
            for (&kk, c) in &counts {
                if !vocab.is_free(kk as u32) {
                    right[(kk >> 32) as usize] += clnc_fixed(c.freq as usize);
                }
            }
            levels[k - 1].right_clnc = right;
            if k == max_len {
                break;
            }
            let mut survivors: Vec<(u64, Cell)> =
                counts.into_iter().filter(|(_, c)| c.freq >= min).collect();
            if survivors.is_empty() {
                break;
            }
            survivors.par_sort_unstable_by_key(|&(kk, _)| kk);
            let index: FxHashMap<u64, u32> = survivors
                .iter()
                .enumerate()
                .map(|(i, &(kk, _))| (kk, i as u32))
                .collect();
            let prev = &levels[k - 1];
            let occurrences: Vec<Vec<(u32, u32)>> = units
                .par_iter()
                .zip(prev.occurrences.par_iter())
                .map(|(u, occ)| {
                    let ids = &streams.docs[u.doc as usize];
                    occ.iter()
                        .filter_map(|&(p, id)| {
                            let t = *ids.get(p as usize + k)?;
                            index.get(&key(id, t)).map(|&nid| (p, nid))
                        })
                        .collect()
                })
                .collect();
            if prune {
                for (u, occ) in units.iter().zip(&occurrences) {
                    for &(p, _) in occ {
                        reach[u.doc as usize][p as usize] = (k + 1) as u8;
                    }
                }
            }
            let len = survivors.len();
            levels.push(Level {
                prefix: survivors.iter().map(|&(kk, _)| (kk >> 32) as u32).collect(),
                last: survivors.iter().map(|&(kk, _)| kk as u32).collect(),
                freq: survivors.iter().map(|(_, c)| c.freq).collect(),
                docs: survivors.iter().map(|(_, c)| c.docs).collect(),
                left_clnc: vec![0; len],
                right_clnc: vec![0; len],
                index,
                occurrences,
            });
        }

        let mut table = Table {
            levels,
            unigram: freq,
            tokens,
            units,
        };
        table.left_neighbours(streams, vocab);
        table
    }

    /// Σ c·ln c of the left neighbours of every n-gram, by sorting `(id, neighbour)` keys.
    /// Only n-grams that can be candidates (ending in a word that may end a term) need it.
    fn left_neighbours(&mut self, streams: &Streams, vocab: &Vocab) {
        let units = &self.units;
        for level in &mut self.levels {
            let last = &level.last;
            let mut keys: Vec<u64> = units
                .par_iter()
                .zip(level.occurrences.par_iter())
                .flat_map_iter(|(u, occ)| {
                    let ids = &streams.docs[u.doc as usize];
                    occ.iter().filter_map(move |&(p, id)| {
                        if !vocab.can_end[last[id as usize] as usize] {
                            return None;
                        }
                        let t = *ids.get((p as usize).checked_sub(1)?)?;
                        (!vocab.is_free(t)).then(|| key(id, t))
                    })
                })
                .collect();
            keys.par_sort_unstable();
            let mut clnc = vec![0u64; level.freq.len()];
            for run in keys.chunk_by(|a, b| a == b) {
                clnc[(run[0] >> 32) as usize] += clnc_fixed(run.len());
            }
            level.left_clnc = clnc;
        }
    }

    /// Token ids of an n-gram.
    pub fn tokens_of(&self, g: Gram) -> Tokens {
        let mut out = Tokens {
            buf: [0; MAX_LEN],
            len: g.level + 1,
        };
        let mut id = g.id;
        for l in (0..=g.level).rev() {
            out.buf[l] = self.levels[l].last[id as usize];
            if l > 0 {
                id = self.levels[l].prefix[id as usize];
            }
        }
        out
    }

    /// The id of the n-gram made of `tokens`, if it was counted.
    pub fn find(&self, tokens: &[u32]) -> Option<Gram> {
        let (&first, rest) = tokens.split_first()?;
        let mut id = first;
        if *self.levels[0].freq.get(id as usize)? == 0 {
            return None;
        }
        for (l, &t) in rest.iter().enumerate() {
            id = *self.levels.get(l + 1)?.index.get(&key(id, t))?;
        }
        Some(Gram {
            level: tokens.len() - 1,
            id,
        })
    }

    /// Every counted n-gram, level by level.
    pub fn grams(&self) -> impl Iterator<Item = Gram> + '_ {
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(l, lv)| (0..lv.freq.len() as u32).map(move |id| Gram { level: l, id }))
    }

    pub fn freq(&self, g: Gram) -> u32 {
        self.levels[g.level].freq[g.id as usize]
    }

    pub fn docs(&self, g: Gram) -> u32 {
        self.levels[g.level].docs[g.id as usize]
    }

    /// Left and right branching entropy (nats). Free boundaries (clause ends, function words)
    /// count as a distinct neighbour each.
    pub fn entropies(&self, g: Gram) -> (f64, f64) {
        let lv = &self.levels[g.level];
        let f = f64::from(lv.freq[g.id as usize]);
        if f == 0.0 {
            return (0.0, 0.0);
        }
        // Fixed-point rounding leaves ~1e-7 where the entropy is exactly 0.
        let h = |clnc: u64| {
            let h = f.ln() - clnc as f64 / FIXED / f;
            if h < 1e-5 { 0.0 } else { h }
        };
        (
            h(lv.left_clnc[g.id as usize]),
            h(lv.right_clnc[g.id as usize]),
        )
    }

    /// Up to `n` occurrences of each wanted n-gram, in corpus order.
    pub fn occurrences(&self, wanted: &[Gram], n: usize) -> FxHashMap<Gram, Vec<Occurrence>> {
        let mut out: FxHashMap<Gram, Vec<Occurrence>> =
            wanted.iter().map(|&g| (g, Vec::new())).collect();
        if n == 0 {
            return out;
        }
        let mut by_level: FxHashMap<usize, FxHashMap<u32, Gram>> = FxHashMap::default();
        for &g in wanted {
            by_level.entry(g.level).or_default().insert(g.id, g);
        }
        for (level, ids) in by_level {
            let mut remaining = ids.len();
            'units: for (u, occ) in self.units.iter().zip(&self.levels[level].occurrences) {
                for &(p, id) in occ {
                    if let Some(g) = ids.get(&id) {
                        let v = out.get_mut(g).expect("wanted gram");
                        if v.len() < n {
                            v.push(Occurrence {
                                doc: u.doc as usize,
                                pos: p as usize,
                            });
                            if v.len() == n {
                                remaining -= 1;
                                if remaining == 0 {
                                    break 'units;
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// Function words that may stand inside a term (信息和通信技术, 人权与基本自由) but never
/// begin or end one. 的 is not among them: UN terms do not contain it, while the phrases
/// around terms (政府专家组的结论) do.
#[rustfmt::skip]
const JOINERS: &[&str] = &[
    "和", "与", "及", "以及", "或", "或者", "之", "暨", "及其", "并",
];

/// Words that end a candidate like punctuation does: prepositions and particles of UN drafting
/// (在, 对, 为, 根据…), modal and aspect words, and the formula verbs that open resolution
/// paragraphs (回顾, 强调指出, 欢迎, 决定…), which are never part of a term.
#[rustfmt::skip]
const BREAK_WORDS: &[&str] = &[
    "的", "地", "得", "了", "而", "而且", "着", "过", "所", "也", "都", "又", "还", "亦", "即", "是", "有", "在",
    "于", "对", "对于", "为", "为了", "将", "把", "被", "由", "从", "向", "以", "关于", "有关",
    "根据", "按照", "依照", "通过", "包括", "以便", "以期", "同时", "应", "可以", "能够", "须",
    "必须", "需要", "应当", "已", "已经", "正在", "进行", "作为", "就", "使", "让", "给", "要", "会",
    "并非", "上述", "下列", "所述", "所载", "其中", "如", "等", "等等", "这", "该", "此", "这些",
    "那些", "这种", "这类", "这一", "一切", "任何", "所有", "其他", "其它", "另", "另行",
    // Formula verbs of preambular and operative paragraphs.
    "回顾", "重申", "确认", "申明", "注意到", "表示注意到", "认识到", "意识到", "认为", "深信",
    "铭记", "强调", "强调指出", "着重指出", "指出", "欢迎", "赞赏", "感谢", "表示", "关切",
    "表示关切", "深表关切", "决定", "又决定", "请", "邀请", "鼓励", "吁请", "促请", "敦促", "呼吁",
    "要求", "请求", "支持", "建议", "注意", "考虑到", "承认", "满意", "遗憾",
    // Negated predicates ("without", "has not") open clauses, never terms.
    "没有", "未经", "并未", "尚未",
];

/// Words that are never at the edge of a term though they may be inside one.
#[rustfmt::skip]
const EDGE_WORDS: &[&str] = &[
    "其", "各", "每", "本", "一", "一个", "一些", "一项", "非", "未", "问题", "情况", "方面",
    "工作", "有效", "进一步", "继续", "相关", "期间", "时", "后", "前", "中", "内", "上", "下",
    "之间",
];

/// 不 begins the "non-" terms of UN usage (不扩散核武器条约, 不干涉, 不使用武力), where the
/// verb after it belongs to the term.
pub const NEGATION: &str = "不";

/// How a token type takes part in candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Ends the clause for candidate purposes.
    Break,
    /// May be inside a candidate, never at its edge.
    Inner,
    /// A content word: may begin and/or end a candidate.
    Word { start: bool, end: bool },
}

/// Parts of speech (jieba's ICTCLAS tags) that break candidates: prepositions, particles other
/// than 的/之, interjections, onomatopoeia, modal particles.
fn tag_breaks(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'p' | b'u' | b'y' | b'e' | b'o' | b'w')
    )
}

/// Parts of speech that never begin a candidate: conjunctions, pronouns, adverbs, numerals,
/// classifiers, locatives, prefixes and suffixes.
fn tag_blocks_start(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'c' | b'r' | b'd' | b'm' | b'q' | b'f' | b'h' | b'k' | b'x')
    ) || matches!(tag, "ad" | "df" | "dg" | "zg")
}

/// Terms are noun phrases: they end in a noun, a nominal verb or adjective, an abbreviation or
/// a distinguishing word.
fn tag_allows_end(tag: &str) -> bool {
    tag.starts_with('n') || matches!(tag, "vn" | "an" | "j" | "eng" | "b")
}

/// A token that ends a clause whatever its part of speech: no Han character and no letter
/// (punctuation, spaces, symbols), or any ASCII digit (dates, document symbols and paragraph
/// numbers are never inside a term here).
pub fn is_break(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || !word
            .chars()
            .any(|c| crate::normalize::is_han(c) || c.is_alphabetic())
        || is_ordinal(word)
}

/// 第六十九, 第六十九届: ordinals number sessions, meetings and paragraphs, which makes the
/// phrase around them an instance (大会第六十九届会议), not a term. Names with an ordinal
/// (第一委员会) come from the glossary as one token.
fn is_ordinal(word: &str) -> bool {
    word.strip_prefix('第').is_some_and(|rest| {
        let rest =
            rest.trim_end_matches(['届', '次', '条', '款', '段', '项', '章', '号', '期', '个']);
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| "〇零一二三四五六七八九十百千万两".contains(c))
    })
}

/// Coordinating words, at which a candidate may be two terms joined.
pub fn is_joiner(word: &str) -> bool {
    JOINERS.contains(&word)
}

/// Verbs in jieba's tag set.
pub fn is_verb_tag(tag: &str) -> bool {
    matches!(tag, "v" | "vd" | "vi" | "vg" | "vq")
}

/// Classifies a token type from its text and part-of-speech tag.
pub fn classify(word: &str, tag: &str) -> Class {
    if is_break(word) || BREAK_WORDS.contains(&word) {
        return Class::Break;
    }
    if word == NEGATION {
        return Class::Word {
            start: true,
            end: false,
        };
    }
    if JOINERS.contains(&word) || EDGE_WORDS.contains(&word) {
        return Class::Inner;
    }
    if !word.chars().any(crate::normalize::is_han) {
        // Latin words such as COVID may be parts of terms, never whole Chinese terms.
        return Class::Inner;
    }
    if tag_breaks(tag) && !matches!(tag, "uj" | "uz") {
        return Class::Break;
    }
    let start = !tag_blocks_start(tag);
    let end = tag_allows_end(tag);
    if !start && !end {
        Class::Inner
    } else {
        Class::Word { start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_real_tokens() {
        assert_eq!(classify("和", "c"), Class::Inner);
        assert_eq!(classify("在", "p"), Class::Break);
        assert_eq!(classify("强调指出", "l"), Class::Break);
        assert_eq!(classify("第六十九届", "m"), Class::Break);
        assert_eq!(
            classify("措施", "n"),
            Class::Word {
                start: true,
                end: true
            }
        );
        assert_eq!(
            classify("建立", "v"),
            Class::Word {
                start: true,
                end: false
            }
        );
        assert_eq!(
            classify("不", "d"),
            Class::Word {
                start: true,
                end: false
            }
        );
        assert!(is_break("2021-2025") && is_break("，") && is_break(" "));
    }

    fn toy(words: &[&str], docs: &[&[&str]]) -> (Streams, Vocab) {
        let vocab = Vocab {
            words: words.iter().map(|w| w.to_string()).collect(),
            can_start: words.iter().map(|w| *w != "和" && *w != "，").collect(),
            can_end: words.iter().map(|w| *w != "和" && *w != "，").collect(),
            verb: vec![false; words.len()],
            known: vec![false; words.len()],
            joiner: words.iter().map(|w| *w == "和").collect(),
        };
        let id = |w: &str| {
            if w == "，" {
                BREAK
            } else {
                words.iter().position(|x| *x == w).unwrap() as u32
            }
        };
        let streams = Streams {
            docs: docs
                .iter()
                .map(|d| d.iter().map(|w| id(w)).collect())
                .collect(),
        };
        (streams, vocab)
    }

    #[test]
    fn counts_ngrams_within_clauses_with_document_counts() {
        let words = ["信息", "和", "通信技术", "安全", "，"];
        let (streams, vocab) = toy(
            &words,
            &[
                &[
                    "信息",
                    "和",
                    "通信技术",
                    "，",
                    "信息",
                    "和",
                    "通信技术",
                    "安全",
                ],
                &["信息", "和", "通信技术"],
            ],
        );
        let t = Table::count(
            &streams,
            &vocab,
            Limits {
                min_freq: 2,
                max_len: 8,
            },
        );
        let g = t.find(&[0, 1, 2]).expect("信息和通信技术 counted");
        assert_eq!((t.freq(g), t.docs(g)), (3, 2));
        // 通信技术 安全 occurs once: below min_freq.
        assert!(t.find(&[2, 3]).is_none());
        // Never across the comma: 通信技术，信息 is not an n-gram.
        assert!(t.find(&[2, 0]).is_none());
        assert_eq!(&*t.tokens_of(g), &[0, 1, 2]);
    }

    #[test]
    fn identical_counts_when_one_document_spans_many_units() {
        let words = ["能力", "建设", "，"];
        let mut doc = Vec::new();
        for _ in 0..(UNIT) {
            doc.extend(["能力", "建设", "，"]);
        }
        let (streams, vocab) = toy(&words, &[&doc]);
        let t = Table::count(
            &streams,
            &vocab,
            Limits {
                min_freq: 2,
                max_len: 3,
            },
        );
        let g = t.find(&[0, 1]).unwrap();
        assert_eq!((t.freq(g), t.docs(g)), (UNIT as u32, 1));
    }

    #[test]
    fn fragments_have_no_branching_entropy() {
        // 成员名额 is always preceded by 不限 and followed by 工作组.
        let words = [
            "不限",
            "成员名额",
            "工作组",
            "在",
            "欢迎",
            "主席",
            "内",
            "，",
        ];
        let (streams, vocab) = toy(
            &words,
            &[&[
                "欢迎",
                "不限",
                "成员名额",
                "工作组",
                "主席",
                "，",
                "在",
                "不限",
                "成员名额",
                "工作组",
                "内",
            ]],
        );
        let t = Table::count(
            &streams,
            &vocab,
            Limits {
                min_freq: 2,
                max_len: 4,
            },
        );
        let frag = t.find(&[1]).unwrap();
        assert_eq!(t.entropies(frag), (0.0, 0.0));
        let full = t.find(&[0, 1, 2]).unwrap();
        let (l, r) = t.entropies(full);
        assert!(l > 0.5 && r > 0.5, "{l} {r}");
    }
}
