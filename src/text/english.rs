//! English words, boundaries and number inflection, shared by check and align: what a word is,
//! where a form may start and end in running text, and the singular and plural of a form.

/// A character that continues an English word. Apostrophes do not (`States'` ends at `s`);
/// hyphens are handled by [`on_boundary`] and [`words`].
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// ASCII hyphen-minus, and the Unicode hyphen and non-breaking hyphen that word processors put
/// in `Secretary‐General`.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Byte ranges of the English words of `text`: runs of letters and digits, with internal
/// hyphens and apostrophes kept (`capacity-building`, `States'` → `States`). The n-grams of
/// `align` and the boundaries of the English matcher agree on this definition.
pub(crate) fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start {
            let joins = (is_hyphen(c) || matches!(c, '\'' | '’'))
                && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
            if !joins {
                out.push((s, i));
                start = None;
            }
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Which hyphens end a word at the edges of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hyphens {
    /// A hyphen joins on both sides: `building` is not in `capacity-building`.
    Join,
    /// Abbreviations: a hyphen after the form separates (`ICT-related`).
    JoinBefore,
    /// Counting what a translation carries: `Under-Secretary-General` has a Secretary-General.
    Separate,
}

/// Whether `text[start..end]` stands on word boundaries: no letter or digit on either side,
/// and no hyphen joining it to a word where `hyphens` says hyphens join.
pub(crate) fn on_boundary(text: &str, start: usize, end: usize, hyphens: Hyphens) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joined_before = hyphens != Hyphens::Separate && hyphen_joins(text, true, start);
    let joined_after = hyphens == Hyphens::Join && hyphen_joins(text, false, end);
    !(before.is_some_and(is_word_char)
        || after.is_some_and(is_word_char)
        || joined_before
        || joined_after)
}

/// `capacity-building` is one word: a form must not match `building` in it, nor `State` in
/// `non-State`.
fn hyphen_joins(text: &str, at_start: bool, pos: usize) -> bool {
    if at_start {
        let mut it = text[..pos].chars().rev();
        it.next().is_some_and(is_hyphen) && it.next().is_some_and(is_word_char)
    } else {
        let mut it = text[pos..].chars();
        it.next().is_some_and(is_hyphen) && it.next().is_some_and(is_word_char)
    }
}

/// A one-word form with two capitals or more (`ICTs`, `PoA`, `UN`): matched in its own case and
/// inflected by a bare `s`.
pub(crate) fn is_abbreviation(form: &str) -> bool {
    !form.contains(' ') && form.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// Words after which a form's head noun has ended (`points of contact`).
const PREPOSITIONS: &[&str] = &[
    "of", "for", "in", "on", "to", "by", "under", "with", "from", "against",
];

/// The singular or plural counterparts of `form`, inflecting its head noun: the last word, or
/// the word before the first preposition (`points of contact` ↔ `point of contact`).
pub(crate) fn number_variants(form: &str) -> Vec<String> {
    let words: Vec<&str> = form.split(' ').collect();
    let head = words
        .iter()
        .position(|w| PREPOSITIONS.contains(w))
        .filter(|&p| p > 0)
        .map_or(words.len() - 1, |p| p - 1);
    let w = words[head];
    let forms: Vec<String> = if is_abbreviation(form) {
        match w.strip_suffix('s') {
            Some(stem) if !stem.is_empty() => vec![stem.to_owned()],
            _ => vec![format!("{w}s")],
        }
    } else {
        let mut forms = singulars(w, Singulars::Every);
        forms.extend(plural(w));
        forms
    };
    forms
        .into_iter()
        .filter(|f| !f.is_empty())
        .map(|f| {
            let mut ws = words.clone();
            ws[head] = &f;
            ws.join(" ")
        })
        .collect()
}

/// Which singulars [`singulars`] gives for a plural. The matcher and `align` want different
/// things of the same rules: every word a form may stand for, or one key to group words by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Singulars {
    /// Every reading of a plural (`approaches` → `approache`, `approach`; `sizes` → `size`,
    /// `siz`): the matcher adds each as a pattern, and a reading that is no word matches
    /// nothing.
    Every,
    /// One singular per word, the key `align` groups n-grams by (`approaches` → `approach`,
    /// `sizes` → `size`): `-es` goes only after `ch`, `sh`, `x` and `ss`, and words of three
    /// bytes or fewer (`its`, `has`, `was`) are their own singular.
    Key,
}

/// The singulars of an English word by the regular rules, in its own case; empty when the word
/// is no regular plural (`measure`, `consensus`, `access`, `analysis`).
pub(crate) fn singulars(word: &str, which: Singulars) -> Vec<String> {
    let lower = word.to_ascii_lowercase();
    let regular = lower.ends_with(|c: char| c.is_ascii_alphabetic())
        && !(which == Singulars::Key && word.len() <= 3)
        && !["us", "ss", "is"].iter().any(|s| lower.ends_with(s));
    if !regular {
        return Vec::new();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return vec![format!("{stem}y")];
    }
    let Some(stem) = word.strip_suffix('s') else {
        return Vec::new();
    };
    let sibilants: &[&str] = match which {
        Singulars::Every => &["ch", "sh", "x", "ss", "z"],
        Singulars::Key => &["ch", "sh", "x", "ss"],
    };
    let es_stem = word
        .strip_suffix("es")
        .filter(|s| sibilants.iter().any(|x| s.ends_with(x)));
    match (which, es_stem) {
        (Singulars::Every, Some(es)) => vec![stem.to_owned(), es.to_owned()],
        (Singulars::Key, Some(es)) => vec![es.to_owned()],
        (_, None) => vec![stem.to_owned()],
    }
}

/// The regular plural of a word not ending in `s`, in its own case.
fn plural(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with('s') || !lower.ends_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let consonant_y =
        lower.ends_with('y') && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    Some(if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["ch", "sh", "x", "z"].iter().any(|s| lower.ends_with(s)) {
        format!("{word}es")
    } else {
        format!("{word}s")
    })
}

/// Words that say nothing of which term a form names.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// The words of an English text, in lower case and sorted, split at hyphens too, for telling
/// whether the text carries a term's words in another form of them.
pub(crate) struct Vocabulary {
    words: Vec<String>,
}

impl Vocabulary {
    pub(crate) fn new(text: &str) -> Self {
        // Distinct words only: a whole document as one segment repeats most of its words.
        let distinct: rustc_hash::FxHashSet<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut words: Vec<String> = distinct.into_iter().collect();
        words.sort_unstable();
        Vocabulary { words }
    }

    /// Whether every content word of `form` is in the text, or a word that shares its stem
    /// with it (all but its last three letters, at least four): `sovereign` for
    /// `sovereignty`, `funded` for `funding`, `communities` for `community`.
    pub(crate) fn carries(&self, form: &str) -> bool {
        let mut content = form
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !FUNCTION_WORDS.contains(&w.as_str()))
            .peekable();
        content.peek().is_some() && content.all(|w| self.has_stem(&w))
    }

    fn has_stem(&self, word: &str) -> bool {
        let chars = word.chars().count();
        let keep = if chars <= 4 {
            chars
        } else {
            (chars - 3).max(4)
        };
        let stem: String = word.chars().take(keep).collect();
        // Another form of a word adds to its stem: `Fund` is no form of `funding`.
        let i = self.words.partition_point(|w| w.as_str() < stem.as_str());
        self.words[i..]
            .iter()
            .take_while(|w| w.starts_with(&stem))
            .any(|w| w.len() > stem.len() || w == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_variants_inflect_the_head() {
        assert_eq!(
            number_variants("points of contact"),
            vec!["point of contact"]
        );
        assert_eq!(
            number_variants("information technologies"),
            vec!["information technology"]
        );
        assert_eq!(number_variants("measure"), vec!["measures"]);
        assert_eq!(number_variants("consensus"), Vec::<String>::new());
        assert_eq!(number_variants("ICTs"), vec!["ICT"]);
        assert_eq!(number_variants("approaches"), vec!["approache", "approach"]);
    }

    #[test]
    fn singular_keys() {
        let key = |w| {
            singulars(w, Singulars::Key)
                .pop()
                .unwrap_or(String::from(w))
        };
        assert_eq!(key("states"), "state");
        assert_eq!(key("countries"), "country");
        assert_eq!(key("consensus"), "consensus");
        assert_eq!(key("approaches"), "approach");
        assert_eq!(key("sizes"), "size");
        assert_eq!(key("its"), "its");
    }

    #[test]
    fn words_keep_hyphens() {
        let t = "the capacity-building of States' ICTs";
        let ws: Vec<&str> = words(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(ws, vec!["the", "capacity-building", "of", "States", "ICTs"]);
    }
}
