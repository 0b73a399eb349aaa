//! Matcher: the one term-matching mechanism of shuyu. Chinese forms are found by a single
//! leftmost-longest Aho-Corasick automaton over every form of every entry, run on normalized
//! text and mapped back to the original; English forms by a case-insensitive automaton with
//! word boundaries, singular and plural alike. `check` and `align` both match here.

use crate::error::{Error, Result};
use crate::extract::segment::Segmenter;
use crate::glossary::{FormStatus, Glossary};
use crate::text::english::{self, Hyphens};
use crate::text::normalize;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::borrow::Cow;
use std::sync::OnceLock;

/// One occurrence of a form: its entry (index into the glossary or term list), the standing of
/// the form, the pattern that matched, and the byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub entry: usize,
    pub status: FormStatus,
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    entry: usize,
    status: FormStatus,
    /// Abbreviations (`ICTs`, `PoA`, `UN`) must match in their own case: `un` is not `UN`.
    case_sensitive: bool,
}

/// Automaton states past which forms are matched by a contiguous NFA instead of a DFA. A DFA
/// state holds a 4-byte transition for each of up to 256 byte classes, up to 1 KiB for about
/// every byte of the forms, so this cap keeps a DFA within 64 MiB. Curated glossaries stay far
/// below it; far above it the DFA's state identifiers overflow and it cannot be built at all.
const DFA_MAX_STATES: usize = 1 << 16;

/// The automaton over `patterns`, `None` when there are none. A DFA while it stays small: on
/// Chinese text, where every character starts with one of a few lead bytes, an NFA is several
/// times slower. Larger pattern sets, and any the DFA builder refuses, get a contiguous NFA.
/// With `bytes`, it is built over the patterns with each byte mapped through that table, and
/// is to be run on text mapped the same way.
fn build(patterns: &[Pattern], kind: MatchKind, bytes: Option<&[u8; 256]>) -> Built {
    if patterns.is_empty() {
        return Ok(None);
    }
    let texts: Vec<Cow<[u8]>> = patterns
        .iter()
        .map(|p| match bytes {
            Some(table) => Cow::Owned(map_bytes(&p.text, table)),
            None => Cow::Borrowed(p.text.as_bytes()),
        })
        .collect();
    let build_as = |automaton| {
        AhoCorasickBuilder::new()
            .match_kind(kind)
            .kind(Some(automaton))
            .build(&texts)
    };
    // Every byte of every pattern adds at most one state to the trie under the automaton.
    let states = 1 + texts.iter().map(|t| t.len()).sum::<usize>();
    if states <= DFA_MAX_STATES
        && let Ok(dfa) = build_as(AhoCorasickKind::DFA)
    {
        return Ok(Some(dfa));
    }
    build_as(AhoCorasickKind::ContiguousNFA)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// An automaton, none for no patterns, or why the automaton builder refused them.
type Built = std::result::Result<Option<AhoCorasick>, String>;

/// Bytes as the English automatons see them: ASCII letters in lower case, so that matching is
/// ASCII case-insensitive with half the transitions of an automaton that is, and the lower-case
/// letters, the space, the hyphen and the apostrophe swapped with the first control characters
/// (each with one other: a permutation of the lower-cased bytes, so matches and their offsets
/// are those of the text). aho-corasick keeps a state's transitions in a list sorted by byte
/// and finds one by scanning it from the smallest, its dead state's 256 included; with the
/// bytes of English first those scans are short, and the leftmost-longest automaton of
/// 300,000 forms builds in half the time.
static EN_BYTES: [u8; 256] = en_bytes();

const fn en_bytes() -> [u8; 256] {
    let mut swap = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        swap[b] = b as u8;
        b += 1;
    }
    let first: &[u8] = b"abcdefghijklmnopqrstuvwxyz -'";
    let mut i = 0;
    while i < first.len() {
        let (c, to) = (first[i] as usize, i + 1);
        swap[c] = to as u8;
        swap[to] = c as u8;
        i += 1;
    }
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = swap[(b as u8).to_ascii_lowercase() as usize];
        b += 1;
    }
    table
}

fn map_bytes(text: &str, table: &[u8; 256]) -> Vec<u8> {
    text.bytes().map(|b| table[usize::from(b)]).collect()
}

/// Chinese forms. Every form of every entry, deprecated ones included, is in the automaton, so
/// a deprecated form inside a longer listed name or title is consumed by the longer form.
#[derive(Debug, Clone)]
pub(crate) struct ZhMatcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Every occurrence of every form, nested ones included, built when first needed.
    overlapping: OnceLock<Built>,
}

impl ZhMatcher {
    /// All `zh` forms of `glossary`.
    pub(crate) fn new(glossary: &Glossary) -> Result<Self> {
        Self::from_forms(glossary.forms("zh"))
    }

    /// Plain terms (`align --terms`); the entry of a match is the index in `terms`.
    pub(crate) fn from_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        Self::from_forms(
            terms
                .into_iter()
                .enumerate()
                .map(|(i, t)| (t, i, FormStatus::Preferred)),
        )
    }

    fn from_forms<'a>(forms: impl Iterator<Item = (&'a str, usize, FormStatus)>) -> Result<Self> {
        let mut seen = rustc_hash::FxHashSet::default();
        let patterns: Vec<Pattern> = forms
            .filter(|(f, _, _)| !f.trim().is_empty() && seen.insert(f.to_string()))
            .map(|(f, entry, status)| Pattern {
                text: f.to_owned(),
                entry,
                status,
                case_sensitive: true,
            })
            .collect();
        Ok(ZhMatcher {
            ac: build(&patterns, MatchKind::LeftmostLongest, None).map_err(|message| {
                Error::Automaton {
                    forms: patterns.len(),
                    message,
                }
            })?,
            patterns,
            overlapping: OnceLock::new(),
        })
    }

    /// The form a match stands for.
    pub(crate) fn form(&self, m: &Match) -> &str {
        &self.patterns[m.pattern].text
    }

    /// Matches in `text` itself, offsets into `text`.
    pub(crate) fn find_plain(&self, text: &str) -> Vec<Match> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        ac.find_iter(text)
            .map(|m| self.to_match(m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    /// Matches in `text` itself that are whole words of their sentence
    /// ([`Segmenter::is_whole_word`]), offsets into `text`: 国际法 is no match in 国际法院.
    /// `segmenter` is called only when a match has a Han character on either side.
    pub(crate) fn find_plain_words<'s>(
        &self,
        text: &str,
        segmenter: impl Fn() -> &'s Segmenter,
    ) -> Vec<Match> {
        let mut out = self.find_plain(text);
        out.retain(|m| {
            !Segmenter::at_junction(text, m.start, m.end) || {
                segmenter().is_whole_word(text, m.start, m.end)
            }
        });
        out
    }

    /// Normalizes `original` (keeping page furniture: a deprecated form in a heading is still a
    /// finding) and finds the whole-word matches in it, with ranges in `original`: a form broken
    /// across lines or wrapped in Markdown emphasis is found and reported where it is.
    pub(crate) fn find_words<'s>(
        &self,
        original: &str,
        segmenter: impl Fn() -> &'s Segmenter,
    ) -> Vec<Match> {
        self.find_normalized(original, |text| self.find_plain_words(text, segmenter))
    }

    /// Every occurrence of every form in `original`, nested ones included and whole words or
    /// not, ranges in `original`, by start: evidence that a translation carries a term, as
    /// 联合国 is carried by 《联合国宪章》 and by 联合国开发计划署.
    pub(crate) fn find_all(&self, original: &str) -> Result<Vec<Match>> {
        let built = self
            .overlapping
            .get_or_init(|| build(&self.patterns, MatchKind::Standard, None));
        let ac = match built {
            Ok(Some(ac)) => ac,
            Ok(None) => return Ok(Vec::new()),
            Err(message) => {
                return Err(Error::Automaton {
                    forms: self.patterns.len(),
                    message: message.clone(),
                });
            }
        };
        let mut out = self.find_normalized(original, |text| {
            ac.find_overlapping_iter(text)
                .map(|m| self.to_match(m.pattern().as_usize(), m.start(), m.end()))
                .collect()
        });
        out.sort_by_key(|m| m.start);
        Ok(out)
    }

    fn to_match(&self, pattern: usize, start: usize, end: usize) -> Match {
        let p = &self.patterns[pattern];
        Match {
            entry: p.entry,
            status: p.status,
            pattern,
            start,
            end,
        }
    }

    fn find_normalized(&self, original: &str, find: impl FnOnce(&str) -> Vec<Match>) -> Vec<Match> {
        if self.ac.is_none() {
            return Vec::new();
        }
        let n = normalize::normalize(
            original,
            &normalize::Options {
                drop_furniture: false,
            },
        );
        let mut out = find(&n.text);
        for m in &mut out {
            (m.start, m.end) = n.original_range(m.start, m.end);
        }
        out
    }
}

impl EnMatcher<'_> {
    /// The form (or generated singular or plural) a match stands for, as the glossary spells it.
    pub(crate) fn form(&self, m: &Match) -> &str {
        &self.patterns()[m.pattern].text
    }
}

/// English text prepared for matching: Markdown and footnote marks dropped (as for Chinese),
/// every run of whitespace, line breaks included, read as one space, Unicode hyphens as `-` and
/// the typographic apostrophe as `'`. Each folded byte keeps the original range of the
/// character it came from.
pub(crate) struct Folded {
    pub text: String,
    /// Where folded bytes map back, sparsely: from run `.folded` on, bytes map one to one onto
    /// the original from `.orig`, except a run with an `.end`, which is one folded byte (a
    /// space standing for several, a hyphen or apostrophe of another width) spanning
    /// `.orig..end`. Ordinary text needs a run only where folding shifts offsets, not the two
    /// offsets per byte a full map would take (eight times the text).
    runs: Vec<Run>,
    len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    folded: usize,
    orig: usize,
    end: Option<usize>,
}

impl Folded {
    pub(crate) fn new(original: &str) -> Self {
        let n = normalize::normalize(
            original,
            &normalize::Options {
                drop_furniture: false,
            },
        );
        let mut f = Folded {
            text: String::with_capacity(n.text.len()),
            runs: Vec::new(),
            len: original.len(),
        };
        let mut in_space = false;
        for (i, c) in n.text.char_indices() {
            let o = n.original_offset(i);
            let width = c.len_utf8();
            let replacement = if c.is_whitespace() {
                if in_space {
                    // Widen the space already written over this one.
                    f.widen_last(o + width);
                    continue;
                }
                Some(' ')
            } else if english::is_hyphen(c) {
                Some('-')
            } else if c == '\u{2019}' {
                Some('\'')
            } else {
                None
            };
            in_space = c.is_whitespace();
            match replacement {
                Some(r) => {
                    f.map(f.text.len(), o, o + width);
                    f.text.push(r);
                }
                None => {
                    for k in 0..width {
                        f.map(f.text.len() + k, o + k, o + k + 1);
                    }
                    f.text.push(c);
                }
            }
        }
        f
    }

    /// Maps folded byte `at`, the next one, onto original bytes `orig..end`.
    fn map(&mut self, at: usize, orig: usize, end: usize) {
        if end == orig + 1
            && let Some(last) = self.runs.last()
            && last.end.is_none()
            && last.orig + (at - last.folded) == orig
        {
            return;
        }
        let end = (end != orig + 1).then_some(end);
        self.runs.push(Run {
            folded: at,
            orig,
            end,
        });
    }

    /// Makes the last folded byte end at original offset `end`.
    fn widen_last(&mut self, end: usize) {
        let Some(at) = self.text.len().checked_sub(1) else {
            return;
        };
        let (orig, _) = self.lookup(at);
        match self.runs.last_mut() {
            Some(last) if last.folded == at => last.end = Some(end),
            _ => self.runs.push(Run {
                folded: at,
                orig,
                end: Some(end),
            }),
        }
    }

    /// The original range of folded byte `at`.
    fn lookup(&self, at: usize) -> (usize, usize) {
        let i = self.runs.partition_point(|r| r.folded <= at);
        let Some(r) = i.checked_sub(1).map(|i| self.runs[i]) else {
            return (at, at + 1);
        };
        match r.end {
            Some(end) => (r.orig, end),
            None => {
                let o = r.orig + (at - r.folded);
                (o, o + 1)
            }
        }
    }

    /// The original byte range of folded range `start..end`.
    pub(crate) fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.text.len();
        let s = if start < n {
            self.lookup(start).0
        } else {
            self.len
        };
        let e = match end.checked_sub(1).filter(|&i| i < n) {
            Some(i) => self.lookup(i).1,
            None => s,
        };
        (s, e.max(s))
    }
}

/// English forms, matched case-insensitively (abbreviations in their own case) on word
/// boundaries, with the singular or plural of each form generated. The forms and each
/// automaton are made the first time they are needed: a large glossary takes seconds to
/// compile, and a run with no English text, or no pair, needs one automaton or neither.
#[derive(Debug)]
pub(crate) struct EnMatcher<'g> {
    glossary: &'g Glossary,
    patterns: OnceLock<Vec<Pattern>>,
    longest: OnceLock<Built>,
    overlapping: OnceLock<Built>,
}

impl<'g> EnMatcher<'g> {
    /// All `en` forms of `glossary`.
    pub(crate) fn new(glossary: &'g Glossary) -> Self {
        EnMatcher {
            glossary,
            patterns: OnceLock::new(),
            longest: OnceLock::new(),
            overlapping: OnceLock::new(),
        }
    }

    fn patterns(&self) -> &[Pattern] {
        self.patterns.get_or_init(|| en_patterns(self.glossary))
    }

    /// Builds both automatons at once, on two threads, for a run that checks pairs and so
    /// needs both; a failure is reported where an automaton is used.
    pub(crate) fn prepare_for_pairs(&self) {
        rayon::join(
            || {
                self.automaton(&self.longest, MatchKind::LeftmostLongest)
                    .is_ok()
            },
            || {
                self.automaton(&self.overlapping, MatchKind::Standard)
                    .is_ok()
            },
        );
    }

    /// The automaton in `cell`, built with `kind` on first use.
    fn automaton<'s>(
        &'s self,
        cell: &'s OnceLock<Built>,
        kind: MatchKind,
    ) -> Result<Option<&'s AhoCorasick>> {
        cell.get_or_init(|| build(self.patterns(), kind, Some(&EN_BYTES)))
            .as_ref()
            .map(Option::as_ref)
            .map_err(|message| Error::Automaton {
                forms: self.patterns().len(),
                message: message.clone(),
            })
    }

    /// Whether a raw automaton match is an occurrence. Abbreviations match in their own case;
    /// `strict` applies the hyphen rule, which counting what a translation carries waives.
    fn accept(&self, text: &str, pattern: usize, start: usize, end: usize, strict: bool) -> bool {
        let p = &self.patterns()[pattern];
        let hyphens = match (strict, p.case_sensitive) {
            (false, _) => Hyphens::Separate,
            (true, true) => Hyphens::JoinBefore,
            (true, false) => Hyphens::Join,
        };
        (!p.case_sensitive || text[start..end] == p.text)
            && english::on_boundary(text, start, end, hyphens)
    }

    fn to_match(&self, pattern: usize, start: usize, end: usize) -> Match {
        let p = &self.patterns()[pattern];
        Match {
            entry: p.entry,
            status: p.status,
            pattern,
            start,
            end,
        }
    }

    /// Leftmost-longest occurrences in folded text, offsets into `text`: what a reader sees,
    /// each stretch of text attributed to the longest listed form covering it.
    pub(crate) fn find_plain(&self, text: &str) -> Result<Vec<Match>> {
        let Some(ac) = self.automaton(&self.longest, MatchKind::LeftmostLongest)? else {
            return Ok(Vec::new());
        };
        let mapped = map_bytes(text, &EN_BYTES);
        Ok(ac
            .find_iter(&mapped)
            .filter(|m| self.accept(text, m.pattern().as_usize(), m.start(), m.end(), true))
            .map(|m| self.to_match(m.pattern().as_usize(), m.start(), m.end()))
            .collect())
    }

    /// Leftmost-longest occurrences in an original English text, ranges in the original.
    pub(crate) fn find(&self, original: &str) -> Result<Vec<Match>> {
        if self.patterns().is_empty() {
            return Ok(Vec::new());
        }
        let f = Folded::new(original);
        let mut out = self.find_plain(&f.text)?;
        for m in &mut out {
            (m.start, m.end) = f.original_range(m.start, m.end);
        }
        Ok(out)
    }

    /// Every occurrence of every form in `text`, overlaps included, so that `General Assembly`
    /// inside `General Assembly resolution` still counts as the General Assembly: whether a
    /// translation carries an entry must not depend on which other entries it carries.
    pub(crate) fn find_all(&self, text: &str) -> Result<Vec<Match>> {
        let Some(ac) = self.automaton(&self.overlapping, MatchKind::Standard)? else {
            return Ok(Vec::new());
        };
        let mapped = map_bytes(text, &EN_BYTES);
        Ok(ac
            .find_overlapping_iter(&mapped)
            .filter(|m| self.accept(text, m.pattern().as_usize(), m.start(), m.end(), false))
            .map(|m| self.to_match(m.pattern().as_usize(), m.start(), m.end()))
            .collect())
    }
}

/// The English forms of `glossary` and their singulars or plurals, unique in ASCII lower case
/// (so that the automatons over [`EN_BYTES`] have the same patterns); a form listed explicitly wins
/// over a generated variant of another form with the same spelling.
fn en_patterns(glossary: &Glossary) -> Vec<Pattern> {
    let listed: Vec<(&str, usize, FormStatus)> = glossary.forms("en").collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut patterns = Vec::new();
    let mut add = |text: String, entry: usize, status: FormStatus| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() && seen.insert(text.to_ascii_lowercase()) {
            patterns.push(Pattern {
                case_sensitive: english::is_abbreviation(&text),
                text,
                entry,
                status,
            });
        }
    };
    for &(f, i, s) in &listed {
        add(f.to_owned(), i, s);
    }
    for &(f, i, s) in &listed {
        for v in english::number_variants(f.trim()) {
            add(v, i, s);
        }
    }
    patterns
}

/// For each entry, how many non-overlapping occurrences `matches` hold (longest first at each
/// position), as `(entry, count)` sorted by entry.
pub(crate) fn count_by_entry(matches: &[Match]) -> Vec<(usize, usize)> {
    let mut ms: Vec<&Match> = matches.iter().collect();
    ms.sort_by_key(|m| (m.entry, m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut last_end = 0;
    for m in ms {
        match out.last_mut() {
            Some((e, n)) if *e == m.entry => {
                if m.start >= last_end {
                    *n += 1;
                    last_end = m.end;
                }
            }
            _ => {
                out.push((m.entry, 1));
                last_end = m.end;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full map of two offsets per folded byte, as `Folded` would store it densely.
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

    fn glossary() -> Glossary {
        Glossary::builtin()
    }

    fn id<'g>(g: &'g Glossary, m: &Match) -> &'g str {
        &g.entries[m.entry].id
    }

    #[test]
    fn zh_longest_form_wins_and_broken_forms_are_found() {
        let g = glossary();
        let zm = ZhMatcher::new(&g).unwrap();
        let text = "促进信息和通信技术安全，能力构\n\n建措施，**信息通信技术**。";
        let seg = Segmenter::for_words(g.forms("zh").map(|(f, _, _)| f));
        let ms = zm.find_words(text, || &seg);
        let found: Vec<(&str, &str, FormStatus)> = ms
            .iter()
            .map(|m| (id(&g, m), &text[m.start..m.end], m.status))
            .collect();
        assert_eq!(
            found,
            vec![
                ("ict-security", "信息和通信技术安全", FormStatus::Preferred),
                ("capacity-building", "能力构\n\n建", FormStatus::Deprecated),
                ("ict", "信息通信技术", FormStatus::Deprecated),
            ]
        );
    }

    #[test]
    fn zh_forms_match_only_as_whole_words() {
        let zm = ZhMatcher::from_terms(["报告", "国际法"]).unwrap();
        let seg = Segmenter::for_words(["报告", "国际法"]);
        let text = "特别报告员提交报告，国际法院适用国际法。";
        let words: Vec<&str> = zm
            .find_words(text, || &seg)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(words, vec!["报告", "国际法"]);
        let all: Vec<&str> = zm
            .find_all(text)
            .unwrap()
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(all, vec!["报告", "报告", "国际法", "国际法"]);
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
    fn english_bytes_differ_where_lower_case_does() {
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                let same = x.eq_ignore_ascii_case(&y);
                assert_eq!(EN_BYTES[usize::from(x)] == EN_BYTES[usize::from(y)], same);
            }
        }
        assert_eq!(map_bytes("aA -'", &EN_BYTES), [1, 1, 27, 28, 29]);
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
}
