//! Tests of n-gram counting: counts, packing widths, thread counts, entropies, verbs.

use super::*;
use crate::extract::lexicon::Traits;
use crate::extract::stream::DOC_END;
use std::collections::HashMap;

/// Limits of the entropy tests: pairs seen twice, n-grams of up to four tokens.
const SHORT: Limits = Limits {
    min_freq: 2,
    max_len: 4,
};

fn toy(words: &[&str], docs: &[&[&str]]) -> (Streams, Vocab) {
    toy_with_verbs(words, &[], docs)
}

/// A vocabulary where 和 is a joiner, ， a clause end and `verbs` are verbs; every other word
/// may start and end a candidate.
fn toy_with_verbs(words: &[&str], verbs: &[&str], docs: &[&[&str]]) -> (Streams, Vocab) {
    let traits = words
        .iter()
        .map(|w| Traits {
            can_start: *w != "和" && *w != "，",
            can_end: *w != "和" && *w != "，",
            verb: verbs.contains(w),
            known: false,
            joiner: *w == "和",
            breaks: *w == "，",
        })
        .collect();
    let vocab = Vocab::new(words.iter().map(|w| w.to_string()).collect(), traits);
    let id = |w: &str| words.iter().position(|x| *x == w).unwrap() as u32;
    let docs: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| d.iter().map(|w| id(w)).collect())
        .collect();
    (Streams::from_docs(&docs), vocab)
}

fn docs_of(t: &Table, streams: &Streams, g: Gram) -> usize {
    let mut docs: Vec<usize> = t.occurrences(streams, &[g], usize::MAX)[&g]
        .iter()
        .map(|o| o.doc)
        .collect();
    docs.dedup();
    docs.len()
}

#[test]
fn counts_ngrams_within_clauses_and_documents() {
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
            &["安全"],
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
    assert_eq!((t.freq(g), docs_of(&t, &streams, g)), (3, 2));
    // 通信技术 安全 occurs once: below min_freq; and never across documents.
    assert!(t.find(&[2, 3]).is_none());
    // Never across the comma: 通信技术，信息 is not an n-gram.
    assert!(t.find(&[2, 0]).is_none());
    assert_eq!(t.tokens_of(g), &[0, 1, 2]);
    let first = t.occurrences(&streams, &[g], 1)[&g][0];
    assert_eq!((first.doc, first.pos), (0, 0));
    let second_doc = t.occurrences(&streams, &[g], 3)[&g][2];
    assert_eq!((second_doc.doc, second_doc.pos), (1, 9));
}

#[test]
fn wide_packing_counts_the_same() {
    let words = ["信息", "和", "通信技术", "安全", "，"];
    let doc = ["信息", "和", "通信技术", "安全", "，"].repeat(3000);
    let (streams, vocab) = toy(&words, &[&doc, &doc[5..]]);
    let limits = Limits {
        min_freq: 2,
        max_len: 8,
    };
    let counted = |wide| {
        let t = Table::count_packed(&streams, &vocab, limits, wide);
        let all: Vec<Gram> = t.grams().collect();
        let mut left = Left::default();
        t.left_neighbours(&streams, &vocab, &all, &mut left);
        (t, left)
    };
    let ((a, left_a), (b, left_b)) = (counted(false), counted(true));
    assert_eq!(a.levels.len(), 4);
    assert_eq!(left_a, left_b);
    for (x, y) in a.levels.iter().zip(&b.levels) {
        assert_eq!((&x.last, &x.freq), (&y.last, &y.freq));
        assert_eq!(x.right_clnc, y.right_clnc);
        // Occurrence lists are working memory, freed once the next level is counted.
        assert!(x.occurrences.is_empty() && y.occurrences.is_empty());
        assert_eq!(x.tokens, y.tokens);
        assert_eq!((&x.by_id, &x.by_id_start), (&y.by_id, &y.by_id_start));
    }
}

/// Counting runs on rayon's pool in pieces; whatever the number of threads, every level
/// must come out identical, ids included.
#[test]
fn identical_tables_for_any_thread_count() {
    let words: Vec<String> = (0..40)
        .map(|i| format!("词{i}"))
        .chain(["，".into()])
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut seed = 12345u64;
    let mut doc: Vec<&str> = Vec::new();
    for _ in 0..300_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // A skewed distribution so that long n-grams recur.
        doc.push(words[((seed % 41) * (seed % 41) / 41) as usize]);
    }
    let (streams, vocab) = toy(&words, &[&doc[..100_000], &doc[100_000..]]);
    let limits = Limits {
        min_freq: 2,
        max_len: 6,
    };
    let table = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let t = Table::count(&streams, &vocab, limits);
                let all: Vec<Gram> = t.grams().collect();
                let mut left = Left::default();
                t.left_neighbours(&streams, &vocab, &all, &mut left);
                (t, left)
            })
    };
    let ((a, left_a), (b, left_b)) = (table(1), table(2));
    assert!(a.levels.len() >= 4, "{} levels", a.levels.len());
    assert_eq!(left_a, left_b);
    for (x, y) in a.levels.iter().zip(&b.levels) {
        assert_eq!(x.last, y.last);
        assert_eq!(x.freq, y.freq);
        assert_eq!(x.right_clnc, y.right_clnc);
        // Occurrence lists are working memory, freed once the next level is counted.
        assert!(x.occurrences.is_empty() && y.occurrences.is_empty());
        assert_eq!(x.tokens, y.tokens);
        assert_eq!((&x.by_id, &x.by_id_start), (&y.by_id, &y.by_id_start));
    }
    assert_eq!(a.levels.len(), b.levels.len());
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
    let t = Table::count(&streams, &vocab, SHORT);
    let frag = t.find(&[1]).unwrap();
    let full = t.find(&[0, 1, 2]).unwrap();
    let mut left = Left::default();
    // Before: the upper bound ln 2 on the left, the exact entropy on the right.
    assert_eq!(t.entropies(frag, &left), (2f64.ln(), 0.0));
    t.left_neighbours(&streams, &vocab, &[frag], &mut left);
    t.left_neighbours(&streams, &vocab, &[full], &mut left);
    assert_eq!(t.entropies(frag, &left), (0.0, 0.0));
    let (l, r) = t.entropies(full, &left);
    assert!(l > 0.5 && r > 0.5, "{l} {r}");
}

#[test]
fn an_ngram_with_a_verb_inside_is_counted_as_a_neighbour_only() {
    let words = ["信息", "安全", "保障", "采取", "措施", "不", "扩散", "，"];
    let (streams, vocab) = toy_with_verbs(
        &words,
        &["保障", "采取", "扩散"],
        &[
            &[
                "信息", "安全", "保障", "，", "采取", "措施", "，", "不", "扩散",
            ],
            &[
                "信息", "安全", "保障", "，", "采取", "措施", "，", "不", "扩散",
            ],
            &["信息", "安全", "采取", "措施", "，", "信息", "安全", "保障"],
        ],
    );
    let t = Table::count(&streams, &vocab, SHORT);
    // Seen three times, but 保障 after 信息安全 is a predicate: nothing containing it is a
    // candidate.
    assert_eq!(t.find(&[0, 1, 2]), None);
    assert_eq!(t.find(&[1, 2]), None);
    // Still the right neighbour of 信息安全 three times out of four (采取 once).
    let g = t.find(&[0, 1]).unwrap();
    let f: f64 = 4.0;
    let expected = f.ln() - 3.0 * 3f64.ln() / f;
    assert!(
        (t.entropies(g, &Left::default()).1 - expected).abs() < 1e-5,
        "{:?}",
        t.entropies(g, &Left::default())
    );
    // A verb may open a term, also after 不.
    assert_eq!(t.freq(t.find(&[3, 4]).unwrap()), 3);
    assert_eq!(t.freq(t.find(&[5, 6]).unwrap()), 2);
}

/// The next number of a xorshift generator (deterministic, no crate needed).
fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// Words of the oracle's vocabularies: 不 (after which a verb may stand), 30 common words,
/// `RARE` words and a clause end, the last.
fn oracle_words() -> Vec<String> {
    std::iter::once("不".to_string())
        .chain((1..=COMMON).map(|i| format!("w{i}")))
        .chain((1..=RARE).map(|i| format!("r{i}")))
        .chain(["，".to_string()])
        .collect()
}

/// Words drawn at random in the oracle's documents, after 不.
const COMMON: u64 = 30;

/// Words that occur once each in the oracle's documents.
const RARE: u64 = 3;

/// Random documents over `oracle_words`, of `scale` times 500 to 3,000 tokens each: skewed
/// draws, so that n-grams recur, with a few fixed phrases of up to eight tokens spliced in, so
/// that long ones do, and clause ends.
fn random_docs(seed: u64, scale: u64) -> Vec<Vec<u32>> {
    let mut seed = seed;
    let drawn = COMMON + 1;
    let comma = (drawn + RARE) as u32;
    let phrases: [&[u32]; 4] = [
        &[1, 2, 3],
        &[4, 5, 6, 7, 8],
        &[0, 9, 10, 2],
        &[11, 12, 1, 2, 3, 13, 14, 15],
    ];
    let docs = 2 + xorshift(&mut seed) % 4;
    let mut docs: Vec<Vec<u32>> = (0..docs)
        .map(|_| {
            let len = scale * (500 + xorshift(&mut seed) % 2500);
            let mut doc = Vec::new();
            while (doc.len() as u64) < len {
                let r = xorshift(&mut seed);
                match r % 20 {
                    0 => doc.push(comma),
                    1..=5 => doc.extend_from_slice(phrases[(r / 20 % 4) as usize]),
                    _ => {
                        let x = r / 20 % drawn;
                        doc.push((x * x / drawn) as u32);
                    }
                }
            }
            doc
        })
        .collect();
    for (i, at) in [5, 50, 77].into_iter().enumerate().take(RARE as usize) {
        docs[0][at] = (drawn + i as u64) as u32;
    }
    docs
}

/// Longest n-gram the oracle checks.
const ORACLE_LEN: usize = 8;

/// Every n-gram of up to `ORACLE_LEN` tokens inside a clause (between clause ends, which
/// `breaks` tells, and documents), with its stream positions, counted the obvious way.
fn naive_ngrams(streams: &Streams, breaks: impl Fn(u32) -> bool) -> HashMap<&[u32], Vec<usize>> {
    let toks = &streams.tokens;
    let mut found: HashMap<&[u32], Vec<usize>> = HashMap::new();
    for p in 0..toks.len() {
        for len in 1..=ORACLE_LEN {
            let Some(gram) = toks.get(p..p + len) else {
                break;
            };
            let last = gram[len - 1];
            if last == DOC_END || breaks(last) {
                break;
            }
            found.entry(gram).or_default().push(p);
        }
    }
    found
}

/// Whether the counter keeps an n-gram of two tokens or more with `positions`: frequent
/// enough, opening with a word that may start a candidate, and with no verb where a candidate
/// may not have one.
fn admitted(vocab: &Vocab, gram: &[u32], positions: &[usize], min_freq: u32) -> bool {
    positions.len() >= min_freq as usize
        && vocab.can_start(gram[0])
        && (0..gram.len()).all(|i| !vocab.is_verb(gram[i]) || vocab.verb_may_stand(gram[0], i))
}

/// Checks the table counted from `streams` against the naive count: the same frequency and
/// positions for every n-gram it reports, and every n-gram the rules admit reported.
fn agrees_with_the_naive_count(
    streams: &Streams,
    naive: &HashMap<&[u32], Vec<usize>>,
    vocab: &Vocab,
    limits: Limits,
    threads: usize,
) {
    let table = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| Table::count(streams, vocab, limits));
    let context = format!("{limits:?}, {threads} threads");
    let mut reported = 0;
    for g in table.grams() {
        let gram = table.tokens_of(g);
        let positions = naive.get(gram).map_or(&[][..], Vec::as_slice);
        assert_eq!(
            table.freq(g) as usize,
            positions.len(),
            "{gram:?}, {context}"
        );
        if g.level > 0 {
            assert!(
                admitted(vocab, gram, positions, limits.min_freq),
                "{gram:?}, {context}"
            );
            let found: Vec<usize> = table.occurrences(streams, &[g], usize::MAX)[&g]
                .iter()
                .map(|o| {
                    assert_eq!(o.doc, streams.doc_of(o.pos));
                    o.pos
                })
                .collect();
            assert_eq!(found, positions, "{gram:?}, {context}");
            reported += 1;
        }
    }
    let mut expected = 0;
    for (gram, positions) in naive {
        if (2..=limits.max_len).contains(&gram.len())
            && admitted(vocab, gram, positions, limits.min_freq)
        {
            let missing = format!("{gram:?} ({} times) missing, {context}", positions.len());
            assert!(table.find(gram).is_some(), "{missing}");
            expected += 1;
        }
    }
    assert_eq!(reported, expected, "{context}");
    assert!(
        expected > 100,
        "too few n-grams to test: {expected}, {context}"
    );
}

/// The counter against a naive count over random streams: with no rule that prunes (every word
/// may start a candidate, no verb), and with some words that may not start one and some verbs,
/// 不 among the words a verb may follow.
#[test]
fn counts_what_a_naive_count_finds() {
    against_the_naive_count(&[(2, 8), (3, 5), (5, 8)]);
}

/// With `min_freq` 1 an n-gram that ends in a word seen once survives, so extending must not
/// stop at such words.
#[test]
fn counts_what_a_naive_count_finds_at_min_freq_1() {
    against_the_naive_count(&[(1, 4)]);
}

/// `agrees_with_the_naive_count` for each `(min_freq, max_len)` of `limits`, over the oracle's
/// vocabularies, seeds and thread counts.
fn against_the_naive_count(limits: &[(u32, usize)]) {
    let words = oracle_words();
    let plain: Vec<Traits> = words
        .iter()
        .map(|w| Traits {
            can_start: w != "，",
            can_end: w != "，",
            breaks: w == "，",
            ..Traits::default()
        })
        .collect();
    let ruled: Vec<Traits> = (0..words.len())
        .map(|i| Traits {
            can_start: plain[i].can_start && i % 5 != 3,
            can_end: plain[i].can_end && i % 3 != 0,
            verb: !plain[i].breaks && i % 4 == 2,
            joiner: i == 7,
            ..plain[i]
        })
        .collect();
    let vocabs = [plain, ruled].map(|traits| Vocab::new(words.clone(), traits));
    // The last is long enough to be counted in several pieces of parallel work (`PIECE`).
    for (seed, scale) in [(1u64, 1), (0x9E37_79B9, 1), (0xDEAD_BEEF, 25)] {
        let streams = Streams::from_docs(&random_docs(seed, scale));
        assert!(scale == 1 || streams.tokens.len() > 2 * PIECE);
        let naive = naive_ngrams(&streams, |t| vocabs[0].traits(t).breaks);
        for vocab in &vocabs {
            for &(min_freq, max_len) in limits {
                for threads in [1, 2] {
                    let limits = Limits { min_freq, max_len };
                    agrees_with_the_naive_count(&streams, &naive, vocab, limits, threads);
                }
            }
        }
    }
}
