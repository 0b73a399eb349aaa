//! Tests of n-gram counting: counts, packing widths, thread counts, entropies, verbs.

use super::*;
use crate::extract::lexicon::Traits;

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
