//! English matching: forms found ASCII case-insensitively (abbreviations in their own case) on
//! word boundaries, singular and plural alike, through a sorted index of the forms that is
//! built by one sort, where an automaton over 300,000 forms took more than a second to build.

use super::Match;
use crate::error::{Error, Result};
use crate::glossary::{FormStatus, Glossary};
use crate::text::english::{self, Hyphens};
use crate::text::normalize;
use rayon::slice::ParallelSliceMut;
use std::sync::OnceLock;

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
/// boundaries, with the singular or plural of each form generated. The index is made the
/// first time it is needed: a run with no English text needs none.
#[derive(Debug)]
pub(crate) struct EnMatcher<'g> {
    glossary: &'g Glossary,
    forms: OnceLock<std::result::Result<EnForms, String>>,
}

impl<'g> EnMatcher<'g> {
    /// All `en` forms of `glossary`.
    pub(crate) fn new(glossary: &'g Glossary) -> Self {
        EnMatcher {
            glossary,
            forms: OnceLock::new(),
        }
    }

    /// Builds the index before a run that checks pairs starts its parallel work; a failure is
    /// reported where the index is used.
    pub(crate) fn prepare_for_pairs(&self) {
        let _ = self.forms();
    }

    fn forms(&self) -> Result<&EnForms> {
        self.forms
            .get_or_init(|| en_forms(self.glossary))
            .as_ref()
            .map_err(|message| Error::Automaton {
                forms: self.glossary.forms("en").count(),
                message: message.clone(),
            })
    }

    /// The form (or generated singular or plural) a match stands for, as the glossary spells
    /// it, whitespace runs read as one space.
    pub(crate) fn form(&self, m: &Match) -> &str {
        match self.forms.get() {
            Some(Ok(forms)) if m.pattern < forms.len() => forms.form_str(m.pattern),
            _ => "",
        }
    }

    /// Leftmost-longest occurrences in folded text, offsets into `text`: what a reader sees,
    /// each stretch of text attributed to the longest listed form covering it.
    pub(crate) fn find_plain(&self, text: &str) -> Result<Vec<Match>> {
        Ok(self.forms()?.find_longest(text))
    }

    /// Leftmost-longest occurrences in an original English text, ranges in the original.
    pub(crate) fn find(&self, original: &str) -> Result<Vec<Match>> {
        if self.forms()?.is_empty() {
            return Ok(Vec::new());
        }
        let f = Folded::new(original);
        let mut out = self.find_plain(&f.text)?;
        for m in &mut out {
            (m.start, m.end) = f.original_range(m.start, m.end);
        }
        Ok(out)
    }

    /// Every occurrence of every form in `text`, overlaps included, by start (the shorter
    /// first), so that `General Assembly` inside `General Assembly resolution` still counts as
    /// the General Assembly: whether a translation carries an entry must not depend on which
    /// other entries it carries.
    pub(crate) fn find_all(&self, text: &str) -> Result<Vec<Match>> {
        Ok(self.forms()?.find_all(text))
    }
}

/// The English forms of `glossary` and their singulars or plurals, unique in ASCII lower case;
/// a form listed explicitly wins over a generated variant of another form with the same
/// spelling, and of two listed forms, the first.
fn en_forms(glossary: &Glossary) -> std::result::Result<EnForms, String> {
    let listed: Vec<(&str, usize, FormStatus)> = glossary.forms("en").collect();
    // About one generated variant per form: reserved at once, the arrays are not copied as
    // they grow.
    let bytes: usize = listed.iter().map(|(f, _, _)| f.len()).sum();
    let mut b = Builder {
        text: Vec::with_capacity(2 * bytes + 2 * listed.len()),
        spans: Vec::with_capacity(2 * listed.len()),
        forms: Vec::with_capacity(2 * listed.len()),
        collapsed: String::new(),
    };
    for &(f, i, s) in &listed {
        b.add(f, i, s);
    }
    for &(f, i, s) in &listed {
        for v in english::number_variants(f.trim()) {
            b.add(&v, i, s);
        }
    }
    b.finish()
}

/// What a form stands for.
#[derive(Debug, Clone, Copy)]
struct Form {
    entry: usize,
    status: FormStatus,
    /// Abbreviations (`ICTs`, `PoA`, `UN`) must match in their own case: `un` is not `UN`.
    case_sensitive: bool,
}

/// No form: the parent of a form no other form is a prefix of.
const NONE: u32 = u32::MAX;

/// The forms sorted by their bytes in ASCII lower case. The forms that start some text are
/// then the chain of prefixes of its predecessor in that order (the last form not after it),
/// cut to the length they share; a binary search finds the predecessor and a parent link per
/// form walks the chain. Building takes one sort and a linear pass, against the failure links
/// of an automaton; a search costs a binary search per text position that two bytes of
/// some form could start (a bitmap answers the others), and at most the longest form's
/// length in bytes per comparison and per chain.
#[derive(Debug, Default)]
pub(crate) struct EnForms {
    /// Each form in its own case, whitespace runs read as one space, one after another in
    /// sorted order; form `r` is `text[starts[r]..starts[r + 1]]`.
    text: Vec<u8>,
    /// The same bytes in ASCII lower case: the sort keys.
    lower: Vec<u8>,
    starts: Vec<u32>,
    forms: Vec<Form>,
    /// The longest other form that is a prefix of each form, or [`NONE`].
    parent: Vec<u32>,
    /// The forms whose first two bytes (the second 0 for a form of one byte) are `a`, `b` are
    /// `buckets[a << 8 | b]..buckets[(a << 8 | b) + 1]`: the binary search starts there.
    buckets: Vec<u32>,
    /// Bit `a << 8 | b`: some form starts with bytes `a`, `b`, or is the one byte `a`.
    can_start: Vec<u64>,
}

/// The forms in the order they are added, before sorting.
#[derive(Default)]
struct Builder {
    text: Vec<u8>,
    spans: Vec<(usize, usize)>,
    forms: Vec<Form>,
    collapsed: String,
}

impl Builder {
    fn add(&mut self, form: &str, entry: usize, status: FormStatus) {
        self.collapsed.clear();
        for (k, w) in form.split_whitespace().enumerate() {
            if k > 0 {
                self.collapsed.push(' ');
            }
            self.collapsed.push_str(w);
        }
        if self.collapsed.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.extend_from_slice(self.collapsed.as_bytes());
        self.spans.push((start, self.text.len()));
        self.forms.push(Form {
            entry,
            status,
            case_sensitive: english::is_abbreviation(&self.collapsed),
        });
    }

    /// Sorts the forms, drops the later of two with the same key, and links each to its
    /// parent.
    fn finish(self) -> std::result::Result<EnForms, String> {
        if self.text.len() >= NONE as usize || self.spans.len() >= NONE as usize {
            return Err(format!(
                "the English forms take {} bytes, more than an index can hold",
                self.text.len()
            ));
        }
        let lower = self.text.to_ascii_lowercase();
        let key = |i: u32| {
            let (s, e) = self.spans[i as usize];
            &lower[s..e]
        };
        // The first eight bytes decide most comparisons without reading the forms.
        let mut order: Vec<(u64, u32)> = (0..self.spans.len() as u32)
            .map(|i| (head(key(i)), i))
            .collect();
        order.par_sort_unstable_by(|a, b| {
            (a.0.cmp(&b.0))
                .then_with(|| key(a.1).cmp(key(b.1)))
                .then(a.1.cmp(&b.1))
        });
        order.dedup_by(|later, first| later.0 == first.0 && key(later.1) == key(first.1));
        let mut out = EnForms {
            text: Vec::with_capacity(self.text.len()),
            lower: Vec::with_capacity(self.text.len()),
            starts: Vec::with_capacity(order.len() + 1),
            forms: Vec::with_capacity(order.len()),
            ..EnForms::default()
        };
        out.starts.push(0);
        for &(_, i) in &order {
            let (s, e) = self.spans[i as usize];
            out.text.extend_from_slice(&self.text[s..e]);
            out.lower.extend_from_slice(&lower[s..e]);
            out.starts.push(out.text.len() as u32);
            out.forms.push(self.forms[i as usize]);
        }
        out.link_parents();
        out.fill_buckets();
        Ok(out)
    }
}

/// The first eight bytes of `key` as a big-endian number, zeros after its end: ordered as the
/// keys are, ties aside.
fn head(key: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = key.len().min(8);
    b[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(b)
}

/// The length of the common prefix of `a` and `b`, compared 16 bytes at a time while they
/// agree: forms of a thousand characters are compared at every position of a text.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let whole = a
        .chunks_exact(16)
        .zip(b.chunks_exact(16))
        .take_while(|(x, y)| x == y)
        .count()
        * 16;
    whole
        + a[whole..]
            .iter()
            .zip(&b[whole..])
            .take_while(|(x, y)| x == y)
            .count()
}

impl EnForms {
    fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    fn len(&self) -> usize {
        self.forms.len()
    }

    fn key(&self, r: usize) -> &[u8] {
        &self.lower[self.starts[r] as usize..self.starts[r + 1] as usize]
    }

    fn form_text(&self, r: usize) -> &[u8] {
        &self.text[self.starts[r] as usize..self.starts[r + 1] as usize]
    }

    fn form_str(&self, r: usize) -> &str {
        // Made of whole `str`s and spaces: always UTF-8.
        std::str::from_utf8(self.form_text(r)).unwrap_or_default()
    }

    /// The forms that are prefixes of a form are prefixes of the one before it in sorted
    /// order, as long as they share: a stack of the previous form's prefixes, cut to that
    /// shared length, holds the parent on top.
    fn link_parents(&mut self) {
        self.parent = Vec::with_capacity(self.len());
        let mut stack: Vec<usize> = Vec::new();
        for r in 0..self.len() {
            let shared = match r.checked_sub(1) {
                Some(p) => common_prefix(self.key(p), self.key(r)),
                None => 0,
            };
            while stack.last().is_some_and(|&t| self.key(t).len() > shared) {
                stack.pop();
            }
            self.parent.push(stack.last().map_or(NONE, |&t| t as u32));
            stack.push(r);
        }
    }

    /// Fills `buckets` and `can_start` from the sorted keys.
    fn fill_buckets(&mut self) {
        let mut counts = vec![0u32; (1 << 16) + 1];
        let mut can_start = vec![0u64; (1 << 16) / 64];
        for r in 0..self.len() {
            let k = self.key(r);
            let pair = pair(k, 0);
            counts[pair + 1] += 1;
            if k.len() == 1 {
                for w in &mut can_start[pair >> 6..(pair >> 6) + 4] {
                    *w = u64::MAX;
                }
            } else {
                can_start[pair >> 6] |= 1 << (pair & 63);
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        self.buckets = counts;
        self.can_start = can_start;
    }

    /// The forms that `lower[at..]` starts with, longest first.
    fn starting_at<'s>(&'s self, lower: &[u8], at: usize) -> impl Iterator<Item = usize> + 's {
        let pair = pair(lower, at);
        let mut r = NONE;
        if self.can_start[pair >> 6] >> (pair & 63) & 1 == 1 {
            let rest = &lower[at..];
            let (mut lo, mut hi) = (self.buckets[pair] as usize, self.buckets[pair + 1] as usize);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if self.key(mid) <= rest {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if let Some(pred) = lo.checked_sub(1) {
                let shared = common_prefix(self.key(pred), rest);
                r = pred as u32;
                while r != NONE && self.key(r as usize).len() > shared {
                    r = self.parent[r as usize];
                }
            }
        }
        std::iter::successors((r != NONE).then_some(r as usize), |&r| {
            let p = self.parent[r];
            (p != NONE).then_some(p as usize)
        })
    }

    /// Whether form `r` at `start..end` of `text` is an occurrence. Abbreviations match in
    /// their own case; `strict` applies the hyphen rule, which counting what a translation
    /// carries waives.
    fn accept(&self, text: &str, r: usize, start: usize, end: usize, strict: bool) -> bool {
        let f = &self.forms[r];
        let hyphens = match (strict, f.case_sensitive) {
            (false, _) => Hyphens::Separate,
            (true, true) => Hyphens::JoinBefore,
            (true, false) => Hyphens::Join,
        };
        (!f.case_sensitive || &text.as_bytes()[start..end] == self.form_text(r))
            && english::on_boundary(text, start, end, hyphens)
    }

    fn to_match(&self, r: usize, start: usize, end: usize) -> Match {
        let f = &self.forms[r];
        Match {
            entry: f.entry,
            status: f.status,
            pattern: r,
            start,
            end,
        }
    }

    /// Leftmost-longest, as a leftmost-longest automaton finds them: at the first position
    /// where some form starts, the longest form there is taken and the search goes on after
    /// it, whether or not it stands on word boundaries; only those that do are kept.
    fn find_longest(&self, text: &str) -> Vec<Match> {
        let lower = text.as_bytes().to_ascii_lowercase();
        let mut out = Vec::new();
        let mut at = 0;
        while at < lower.len() {
            let Some(r) = self.starting_at(&lower, at).next() else {
                at += 1;
                continue;
            };
            let end = at + self.key(r).len();
            if self.accept(text, r, at, end, true) {
                out.push(self.to_match(r, at, end));
            }
            at = end;
        }
        out
    }

    /// Every occurrence on word boundaries, by start, the shorter first at the same start (the
    /// order of an overlapping automaton's matches, by end, sorted stably by start).
    fn find_all(&self, text: &str) -> Vec<Match> {
        let lower = text.as_bytes().to_ascii_lowercase();
        let mut out = Vec::new();
        for at in 0..lower.len() {
            let here = out.len();
            for r in self.starting_at(&lower, at) {
                let end = at + self.key(r).len();
                if self.accept(text, r, at, end, false) {
                    out.push(self.to_match(r, at, end));
                }
            }
            out[here..].reverse();
        }
        out
    }
}

/// The two bytes at `at` as a bucket number, 0 for the second past the end.
fn pair(bytes: &[u8], at: usize) -> usize {
    usize::from(bytes[at]) << 8 | usize::from(bytes.get(at + 1).copied().unwrap_or(0))
}

#[cfg(test)]
mod tests;
