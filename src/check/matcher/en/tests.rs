//! The English matcher against the builtin glossary, and against the aho-corasick automatons it
//! replaced (a leftmost-longest one and an overlapping one over the same forms), on random
//! forms and texts.

use super::*;
use crate::check::matcher::count_by_entry;
use aho_corasick::{AhoCorasick, MatchKind};

fn glossary() -> Glossary {
    Glossary::builtin()
}

fn id<'g>(g: &'g Glossary, m: &Match) -> &'g str {
    &g.entries[m.entry].id
}

#[test]
fn en_plural_case_and_boundaries() {
    let g = glossary();
    let em = EnMatcher::new(&g);
    let text = "Capacity building for Member State and capacity-building; the un, UN, ICT-related and Under-Secretary-General.";
    let found: Vec<(String, &str)> = em
        .find(text)
        .unwrap()
        .iter()
        .map(|m| (id(&g, m).to_owned(), &text[m.start..m.end]))
        .collect();
    let want = [
        ("capacity-building", "Capacity building"),
        ("member-states", "Member State"),
        ("capacity-building", "capacity-building"),
        ("united-nations", "UN"),
        ("ict", "ICT"),
        // Its own entry, not a Secretary-General inside it.
        ("under-secretary-general", "Under-Secretary-General"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
    assert_eq!(found, want);
}

#[test]
fn overlapping_counts_see_nested_forms() {
    let g = glossary();
    let em = EnMatcher::new(&g);
    let text = "a General Assembly resolution";
    let counts = count_by_entry(&em.find_all(text).unwrap());
    let ids: Vec<&str> = counts
        .iter()
        .map(|&(e, _)| g.entries[e].id.as_str())
        .collect();
    assert!(ids.contains(&"general-assembly"), "{ids:?}");
    assert!(ids.contains(&"general-assembly-resolution"), "{ids:?}");
}

#[test]
fn unicode_hyphens_and_counting_boundaries() {
    let g = glossary();
    let em = EnMatcher::new(&g);
    let text = "Requests the Secretary\u{2010}General and the Under-Secretary-General";
    let f = Folded::new(text);
    let strict: Vec<&str> = em
        .find(text)
        .unwrap()
        .iter()
        .map(|m| &text[m.start..m.end])
        .collect();
    assert_eq!(
        strict,
        vec!["Secretary\u{2010}General", "Under-Secretary-General"]
    );
    let counts = count_by_entry(&em.find_all(&f.text).unwrap());
    let index = |id: &str| g.entries.iter().position(|e| e.id == id).unwrap();
    // Counting, the Secretary-General inside Under-Secretary-General is one too.
    assert!(
        counts.contains(&(index("secretary-general"), 2)),
        "{counts:?}"
    );
    assert!(
        counts.contains(&(index("under-secretary-general"), 1)),
        "{counts:?}"
    );
}

#[test]
fn a_longest_form_off_the_boundary_hides_shorter_ones() {
    let forms = build(&["member", "member state", "state"]);
    // `member state` is the longest at 0 and fails the boundary; the search goes on after it.
    let found = spans(&forms.find_longest("member statesman state"));
    assert_eq!(found, vec![(17, 22)]);
    // Counting sees every form on its boundaries.
    let all = spans(&forms.find_all("member statesman state"));
    assert_eq!(all, vec![(0, 6), (17, 22)]);
}

#[test]
fn forms_inside_words_are_consumed_not_reported() {
    let forms = build(&["tate", "tatement of", "of"]);
    assert_eq!(spans(&forms.find_longest("statement of x")), Vec::new());
    assert_eq!(spans(&forms.find_all("statement of x")), vec![(10, 12)]);
}

#[test]
fn one_byte_forms_and_text_ends() {
    let forms = build(&["a", "ab", "b c", "é"]);
    assert_eq!(
        spans(&forms.find_longest("a ab b c é")),
        vec![(0, 1), (2, 4), (5, 8), (9, 11)]
    );
    assert_eq!(spans(&forms.find_longest("b")), Vec::new());
    assert!(build(&[]).find_all("anything").is_empty());
}

#[test]
fn the_first_of_two_spellings_wins() {
    let forms = build(&["UN", "un", "Un  Secretariat", "un secretariat"]);
    assert_eq!(forms.len(), 2);
    let ms = forms.find_longest("the UN, un and UN secretariat");
    let got: Vec<(usize, (usize, usize))> =
        ms.iter().map(|m| (m.entry, (m.start, m.end))).collect();
    // `UN` is an abbreviation and matches in its own case only; the entry of a spelling is
    // its first form's.
    assert_eq!(got, vec![(0, (4, 6)), (2, (15, 29))]);
}

fn build(forms: &[&str]) -> EnForms {
    let mut b = Builder::default();
    for (i, f) in forms.iter().enumerate() {
        b.add(f, i, status(i));
    }
    b.finish().unwrap()
}

fn status(i: usize) -> FormStatus {
    [
        FormStatus::Preferred,
        FormStatus::Abbr,
        FormStatus::Admitted,
        FormStatus::Deprecated,
    ][i % 4]
}

fn spans(ms: &[Match]) -> Vec<(usize, usize)> {
    ms.iter().map(|m| (m.start, m.end)).collect()
}

/// The automatons the index replaced, over the same forms in the order they were added.
struct Oracle {
    forms: Vec<(String, usize, bool)>,
    longest: AhoCorasick,
    overlapping: AhoCorasick,
}

impl Oracle {
    fn new(forms: &[&str]) -> Oracle {
        let mut seen = std::collections::HashSet::new();
        let mut kept = Vec::new();
        for (i, f) in forms.iter().enumerate() {
            let text = f.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() && seen.insert(text.to_ascii_lowercase()) {
                let abbreviation = english::is_abbreviation(&text);
                kept.push((text, i, abbreviation));
            }
        }
        let lower: Vec<String> = kept.iter().map(|f| f.0.to_ascii_lowercase()).collect();
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(kind)
                .build(&lower)
                .unwrap()
        };
        Oracle {
            longest: build(MatchKind::LeftmostLongest),
            overlapping: build(MatchKind::Standard),
            forms: kept,
        }
    }

    fn accept(&self, text: &str, p: usize, start: usize, end: usize, strict: bool) -> bool {
        let (form, _, case_sensitive) = &self.forms[p];
        let hyphens = match (strict, case_sensitive) {
            (false, _) => Hyphens::Separate,
            (true, true) => Hyphens::JoinBefore,
            (true, false) => Hyphens::Join,
        };
        (!case_sensitive || &text[start..end] == form)
            && english::on_boundary(text, start, end, hyphens)
    }

    fn find(&self, text: &str, strict: bool) -> Vec<(usize, usize, usize)> {
        let lower = text.to_ascii_lowercase();
        let ms: Vec<aho_corasick::Match> = if strict {
            self.longest.find_iter(&lower).collect()
        } else {
            self.overlapping.find_overlapping_iter(&lower).collect()
        };
        ms.into_iter()
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .filter(|&(p, s, e)| self.accept(text, p, s, e, strict))
            .map(|(p, s, e)| (self.forms[p].1, s, e))
            .collect()
    }
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

#[test]
fn the_index_finds_what_the_automatons_found() {
    let pieces = [
        "a", "b", "ab", "ba", "A", "B", "AB", "s", "es", "y", "é", "É", "1", "'",
    ];
    let glue = [" ", " ", "-", "", "  ", "\u{2010}"];
    let mut rng = Rng(0x5eed_1717);
    let (mut kept, mut counted) = (0, 0);
    for round in 0..400 {
        let forms: Vec<String> = (0..1 + rng.below(12))
            .map(|_| {
                (0..1 + rng.below(4))
                    .map(|k| {
                        let g = if k == 0 { "" } else { rng.pick(&glue) };
                        format!("{g}{}", rng.pick(&pieces))
                    })
                    .collect()
            })
            .collect();
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        let index = build(&forms);
        let oracle = Oracle::new(&forms);
        for _ in 0..10 {
            let text: String = (0..rng.below(30))
                .map(|_| match rng.below(4) {
                    0 | 1 => rng.pick(&[" ", " ", " ", "-", ".", "x", "S"]),
                    2 => rng.pick(&forms),
                    _ => rng.pick(&pieces),
                })
                .collect();
            let got = |ms: Vec<Match>| -> Vec<(usize, usize, usize)> {
                ms.iter().map(|m| (m.entry, m.start, m.end)).collect()
            };
            let longest = got(index.find_longest(&text));
            kept += longest.len();
            assert_eq!(
                longest,
                oracle.find(&text, true),
                "{round}: {forms:?} in {text:?}"
            );
            let all = got(index.find_all(&text));
            let mut want = oracle.find(&text, false);
            want.sort_by_key(|&(_, start, _)| start);
            assert_eq!(all, want, "{round}: {forms:?} in {text:?}");
            counted += all.len();
        }
    }
    // The random texts do hold forms: the comparison is not between two empty lists.
    assert!(kept > 2000 && counted > kept, "{kept} {counted}");
}

#[test]
fn a_match_names_its_form() {
    let g = glossary();
    let em = EnMatcher::new(&g);
    let text = "the  Member\nStates";
    let ms = em.find(text).unwrap();
    let forms: Vec<&str> = ms.iter().map(|m| em.form(m)).collect();
    assert_eq!(forms, vec!["Member States"]);
}

#[test]
fn common_prefixes_of_any_length() {
    let a = "word ".repeat(40);
    for n in [0, 1, 15, 16, 17, 31, 32, 33, 199, 200] {
        let mut b = a.as_bytes()[..n].to_vec();
        assert_eq!(common_prefix(a.as_bytes(), &b), n);
        b.push(b'x');
        assert_eq!(common_prefix(&b, a.as_bytes()), n);
    }
}

/// The full map of folded bytes onto the original that `Folded` stores sparsely.
fn dense(original: &str) -> Vec<(usize, usize)> {
    let n = normalize::normalize(original, &normalize::Options::default());
    let mut map: Vec<(usize, usize)> = Vec::new();
    let mut in_space = false;
    for (i, c) in n.text.char_indices() {
        let (o, w) = (n.original_offset(i), c.len_utf8());
        let space = c.is_whitespace();
        if space && in_space {
            map.last_mut().unwrap().1 = o + w;
        } else if space || english::is_hyphen(c) || c == '\u{2019}' {
            map.push((o, o + w));
        } else {
            map.extend((0..w).map(|k| (o + k, o + k + 1)));
        }
        in_space = space;
    }
    map
}

#[test]
fn sparse_folding_maps_every_byte_as_a_full_map_would() {
    let text = "A  Member\u{2011}State\u{2019}s \n\n report\t\u{3000}大会 ＩＣＴ – end  ";
    let f = Folded::new(text);
    let map = dense(text);
    assert_eq!(f.text.len(), map.len());
    for (i, &(s, e)) in map.iter().enumerate() {
        assert_eq!(f.original_range(i, i + 1), (s, e), "byte {i}");
    }
    assert_eq!(
        f.original_range(map.len(), map.len() + 3),
        (text.len(), text.len())
    );
    assert!(f.runs.len() < map.len() / 2, "{}", f.runs.len());
}
