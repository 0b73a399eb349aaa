//! Segment stage: jieba-rs word segmentation (HMM on), with glossary terms added as user words
//! so a known term is one token, plus the general-Chinese reference frequencies that scoring
//! uses to tell domain terms from ordinary words.

use crate::text::han::is_han;
use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

/// jieba's default dictionary totals about 60.1 million counts; the exact number only shifts
/// the log probability of every dictionary word by the same constant.
const REFERENCE_TOTAL: usize = 60_101_967;

/// Han characters of context [`Segmenter::is_whole_word`] segments on each side of a match.
const WINDOW: usize = 10;

/// A segmenter shared read-only by every worker thread.
pub(crate) struct Segmenter {
    jieba: Jieba,
    /// General-Chinese log probabilities of user words, taken before they were added: adding a
    /// word gives it an artificial dictionary frequency that says nothing about general Chinese.
    user_reference: FxHashMap<String, f64>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new(std::iter::empty::<&str>())
    }
}

/// A token: its text and byte range in the segmented string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub word: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Segmenter {
    /// A segmenter over jieba's default dictionary plus `user_words`. Words that are not purely
    /// Han characters are ignored: jieba splits its input by character class first, so such a
    /// word could never be matched as one token anyway.
    pub(crate) fn new<'w>(user_words: impl IntoIterator<Item = &'w str>) -> Self {
        Self::build(user_words, true)
    }

    /// A segmenter for telling whole words ([`Segmenter::is_whole_word`]) only: without the
    /// general-Chinese frequencies of its user words, which only scoring needs.
    pub(crate) fn for_words<'w>(user_words: impl IntoIterator<Item = &'w str>) -> Self {
        Self::build(user_words, false)
    }

    fn build<'w>(user_words: impl IntoIterator<Item = &'w str>, reference: bool) -> Self {
        let mut jieba = Jieba::new();
        let mut user_reference = FxHashMap::default();
        let mut words: Vec<&str> = user_words
            .into_iter()
            .filter(|w| w.chars().count() >= 2 && w.chars().all(crate::text::han::is_han))
            .collect();
        words.sort_unstable();
        words.dedup();
        if reference {
            for w in &words {
                user_reference.insert(w.to_string(), parts_ln_p(&jieba, w));
            }
        }
        for w in &words {
            // suggest_freq is the smallest frequency that makes jieba keep the word whole.
            let f = jieba.suggest_freq(w);
            jieba.add_word(w, Some(f), Some("nz"));
        }
        Segmenter {
            jieba,
            user_reference,
        }
    }

    /// Whether `text[start..end]` is a sequence of whole words of its sentence and not the
    /// inside of a longer word: 常驻代表 (permanent representative) is not one in 常驻代表团
    /// (permanent mission), nor 国际法 in 国际法院, as jieba segments them. Only a junction of
    /// two Han characters can cut through a word, and only the Han characters around it decide
    /// where jieba cuts, so those up to [`WINDOW`] on each side are segmented: linear in the
    /// number of matches, whatever the length of the line.
    pub(crate) fn is_whole_word(&self, text: &str, start: usize, end: usize) -> bool {
        let (check_start, check_end) = junctions(text, start, end);
        if !check_start && !check_end {
            return true;
        }
        let from = text[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_han(c))
            .take(WINDOW)
            .last()
            .map_or(start, |(i, _)| i);
        let to = text[end..]
            .char_indices()
            .take_while(|&(_, c)| is_han(c))
            .take(WINDOW)
            .last()
            .map_or(end, |(i, c)| end + i + c.len_utf8());
        let tokens = self.cut(&text[from..to]);
        let starts_at = |offset: usize| tokens.iter().any(|t| from + t.start == offset);
        let ends_at = |offset: usize| tokens.iter().any(|t| from + t.end == offset);
        (!check_start || starts_at(start)) && (!check_end || ends_at(end))
    }

    /// Whether `text[start..end]` meets a Han character with a Han character at either end,
    /// where only segmenting can tell whether it is a whole word.
    pub(crate) fn at_junction(text: &str, start: usize, end: usize) -> bool {
        let (a, b) = junctions(text, start, end);
        a || b
    }

    /// Segments `text` with the HMM for unknown words.
    pub(crate) fn cut<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| Token {
                word: t.word,
                start: t.byte_start,
                end: t.byte_end,
            })
            .collect()
    }

    /// Byte ranges of the tokens of `text` (HMM on), as `cut` without its `Token`s: what
    /// segmenting a whole corpus needs.
    pub(crate) fn spans<'a>(&self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| (t.byte_start, t.byte_end))
    }

    /// Part-of-speech tag of a word as jieba's dictionary records it. Words the dictionary
    /// lacks are new words jieba's HMM found, mostly names and terms, and are tagged `nz`
    /// without running jieba's tagging HMM, which would cost as much as segmenting.
    pub(crate) fn tag(&self, word: &str) -> String {
        if !self.jieba.has_word(word) {
            return if word.chars().any(crate::text::han::is_han) {
                "nz".into()
            } else {
                "x".into()
            };
        }
        let tags = self.jieba.tag(word, false);
        match tags.as_slice() {
            [one] => one.tag.to_string(),
            // A rare dictionary word (不限, frequency 3) that jieba would cut into commoner
            // parts on its own; its parts' tags say nothing about it, so it counts as new.
            _ => "nz".to_string(),
        }
    }

    /// Natural log of the relative frequency of `word` in general Chinese, add-one smoothed: a
    /// dictionary word's own count, otherwise (a glossary term, a word jieba's HMM found) the
    /// product of the counts of the dictionary words it is made of (jieba's independence
    /// estimate). Not `suggest_freq`, which floors that estimate at one count and so makes every
    /// rare compound equally rare: 建立信任措施 and 第七十五届会议 would both be 1 in 60 million.
    pub(crate) fn reference_ln_p(&self, word: &str) -> f64 {
        if let Some(&p) = self.user_reference.get(word) {
            return p;
        }
        if self.jieba.has_word(word) {
            return smoothed_ln_p(&self.jieba, word);
        }
        parts_ln_p(&self.jieba, word)
    }
}

/// Whether the start and the end of `text[start..end]` are junctions of two Han characters.
fn junctions(text: &str, start: usize, end: usize) -> (bool, bool) {
    let before = text[..start].chars().next_back();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let after = text[end..].chars().next();
    (
        before.is_some_and(is_han) && first.is_some_and(is_han),
        last.is_some_and(is_han) && after.is_some_and(is_han),
    )
}

fn smoothed_ln_p(jieba: &Jieba, word: &str) -> f64 {
    (jieba.suggest_freq(word) as f64 + 1.0).ln() - (REFERENCE_TOTAL as f64).ln()
}

/// Log probability of `word` as the dictionary words jieba cuts it into, without the HMM.
fn parts_ln_p(jieba: &Jieba, word: &str) -> f64 {
    jieba
        .cut(word, false)
        .iter()
        .map(|t| smoothed_ln_p(jieba, t.word))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_terms_stay_whole() {
        let s = Segmenter::new(["不限成员名额工作组"]);
        let text = "欢迎不限成员名额工作组主席努力";
        let words: Vec<&str> = s.cut(text).iter().map(|t| t.word).collect();
        assert!(words.contains(&"不限成员名额工作组"), "{words:?}");
        let t = s.cut(text).into_iter().find(|t| t.word == "主席").unwrap();
        assert_eq!(&text[t.start..t.end], "主席");
    }

    #[test]
    fn a_glossary_term_is_as_rare_as_its_parts() {
        let plain = Segmenter::default();
        let with = Segmenter::new(["建立信任措施", "第七十五届会议"]);
        let ln_p = with.reference_ln_p("建立信任措施");
        assert!((ln_p - plain.reference_ln_p("建立信任措施")).abs() < 1e-9);
        let parts: f64 = ["建立", "信任", "措施"]
            .iter()
            .map(|w| plain.reference_ln_p(w))
            .sum();
        assert!((ln_p - parts).abs() < 1e-9, "{ln_p} {parts}");
        // Rarer than one count in the dictionary, and not equal to every other such compound.
        assert!(ln_p < -(REFERENCE_TOTAL as f64).ln());
        assert!((ln_p - with.reference_ln_p("第七十五届会议")).abs() > 0.1);
    }

    #[test]
    fn reference_frequencies_separate_function_words_from_terms() {
        let s = Segmenter::default();
        assert!(s.reference_ln_p("的") > s.reference_ln_p("会员国") + 100f64.ln());
        assert_eq!(s.tag("和"), "c");
        // Cut alone, 不限 would be 不/d 限/v: it must not be taken for a verb.
        assert_eq!(s.tag("不限"), "nz");
    }
}
