//! The word lists and classes of extraction: which token types may begin, end or stand inside a
//! candidate, which end a clause, which are verbs, joiners or approved glossary terms.

use crate::extract::segment::Segmenter;
use crate::extract::stream::DOC_END;
use crate::text::han::is_han;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// What the candidate rules know of one token type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Traits {
    /// May begin a candidate (not a function word, numeral, classifier, pronoun…).
    pub can_start: bool,
    /// May end a candidate (a nominal word: terms are noun phrases).
    pub can_end: bool,
    /// Tagged as a verb: allowed only as the first word of a term (建立信任措施).
    pub verb: bool,
    /// An approved glossary term: counted from its first occurrence, whatever `min_freq`.
    pub known: bool,
    /// A coordinating function word (和, 与, 及…: `JOINER_WORDS`).
    pub joiner: bool,
    /// Ends a clause: punctuation, numbers, prepositions, formula verbs (`Class::Break`).
    pub breaks: bool,
}

impl Traits {
    /// The traits of `word`, tagged by `seg`; `approved` holds the approved glossary forms.
    fn of(word: &str, seg: &Segmenter, approved: &FxHashSet<&str>) -> Traits {
        // Tagging costs a dictionary lookup: a clause end needs none.
        let (class, verb) = if is_break(word) {
            (Class::Break, false)
        } else {
            let tag = seg.tag(word);
            (classify(word, &tag), is_verb_tag(&tag))
        };
        Traits {
            can_start: matches!(class, Class::Word { start: true, .. }),
            can_end: matches!(class, Class::Word { end: true, .. }),
            verb,
            known: approved.contains(word),
            joiner: is_joiner(word),
            breaks: class == Class::Break,
        }
    }
}

/// Every token type of a corpus, by token id, with its `Traits`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Vocab {
    words: Vec<String>,
    traits: Vec<Traits>,
    /// Per token type, whether it is one of `COLLOCATE_WORDS`.
    collocate: Vec<bool>,
}

impl Vocab {
    /// Classifies every token type of a segmented corpus; `approved` holds the approved
    /// glossary forms.
    pub(crate) fn classify(
        words: Vec<String>,
        seg: &Segmenter,
        approved: &FxHashSet<&str>,
    ) -> Vocab {
        let traits = words
            .par_iter()
            .map(|w| Traits::of(w, seg, approved))
            .collect();
        let collocate = collocates(&words);
        Vocab {
            words,
            traits,
            collocate,
        }
    }

    /// A vocabulary of `words` with the given traits, one per word.
    #[cfg(test)]
    pub(crate) fn new(words: Vec<String>, traits: Vec<Traits>) -> Vocab {
        assert_eq!(words.len(), traits.len(), "one set of traits per word");
        let collocate = collocates(&words);
        Vocab {
            words,
            traits,
            collocate,
        }
    }

    /// Number of token types.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn words(&self) -> &[String] {
        &self.words
    }

    pub(crate) fn word(&self, t: u32) -> &str {
        &self.words[t as usize]
    }

    /// The id of `word`, if the corpus has it.
    pub(crate) fn id(&self, word: &str) -> Option<u32> {
        self.words.iter().position(|w| w == word).map(|i| i as u32)
    }

    pub(crate) fn traits(&self, t: u32) -> Traits {
        self.traits[t as usize]
    }

    pub(crate) fn can_start(&self, t: u32) -> bool {
        self.traits[t as usize].can_start
    }

    pub(crate) fn can_end(&self, t: u32) -> bool {
        self.traits[t as usize].can_end
    }

    pub(crate) fn is_verb(&self, t: u32) -> bool {
        self.traits[t as usize].verb
    }

    pub(crate) fn is_known(&self, t: u32) -> bool {
        self.traits[t as usize].known
    }

    pub(crate) fn is_joiner(&self, t: u32) -> bool {
        self.traits[t as usize].joiner
    }

    /// Whether a verb may stand at position `i` of a candidate that begins with token `first`
    /// (see `verb_may_stand`).
    pub(crate) fn verb_may_stand(&self, first: u32, i: usize) -> bool {
        verb_may_stand(i, || self.word(first) == NEGATION)
    }

    /// Clause ends and edge-only function words (其, 各, 进一步…) are free boundaries: a term
    /// beside them is followed by a new phrase, not by a collocate, so such neighbours count as
    /// distinct in the branching entropy. Joiners are not: the 和 before 通信技术 is inside
    /// 信息和通信技术, and a fragment always preceded by it must keep entropy 0. Nor are the
    /// nouns among edge words (`COLLOCATE_WORDS`): the 问题 after 毒品和犯罪 is inside
    /// 毒品和犯罪问题办公室.
    pub(crate) fn is_free(&self, t: u32) -> bool {
        if t == DOC_END {
            return true;
        }
        let tr = self.traits[t as usize];
        !tr.can_start && !tr.can_end && !tr.joiner && !self.collocate[t as usize]
    }

    /// Length in characters of every token type.
    pub(crate) fn char_lengths(&self) -> Vec<u32> {
        self.words
            .par_iter()
            .map(|w| w.chars().count() as u32)
            .collect()
    }
}

/// Per word, whether it is one of `COLLOCATE_WORDS`.
fn collocates(words: &[String]) -> Vec<bool> {
    words
        .iter()
        .map(|w| COLLOCATE_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether a verb may stand at position `i` of a candidate, given whether its first token is
/// 不 (asked only when it matters): only first, or second after 不 (建立信任措施,
/// 不扩散核武器条约). A verb anywhere else keeps the n-gram, and every n-gram containing it,
/// from being a candidate.
pub(crate) fn verb_may_stand(i: usize, first_is_negation: impl FnOnce() -> bool) -> bool {
    i == 0 || i == 1 && first_is_negation()
}

/// Function words that may stand inside a term (信息和通信技术, 人权与基本自由) but never
/// begin or end one, as tokens. 的 is not among them: UN terms do not contain it, while the
/// phrases around terms (政府专家组的结论) do. (Comparing written forms for near-duplicates
/// drops another set, of characters: `glossary::variants::OPTIONAL_LINKS`.)
#[rustfmt::skip]
const JOINER_WORDS: &[&str] = &[
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
    // Formulae of letters and reports (本信及其附件, 秘书长谨报告): this letter, respectfully.
    "本信", "本函", "谨",
    // Formula verbs of preambular and operative paragraphs.
    "回顾", "重申", "确认", "申明", "注意到", "表示注意到", "认识到", "意识到", "认为", "深信",
    "铭记", "强调", "强调指出", "着重指出", "指出", "欢迎", "赞赏", "感谢", "表示", "关切",
    "表示关切", "深表关切", "决定", "又决定", "请", "邀请", "鼓励", "吁请", "促请", "敦促", "呼吁",
    "要求", "请求", "支持", "建议", "注意", "考虑到", "承认", "满意", "遗憾", "采取",
    // Predicates jieba keeps as one word (take action, pose a threat).
    "采取行动", "构成威胁",
    // Predicates of possession, like 有: 具有…咨商地位 is a clause, not a term.
    "具有", "拥有",
    // Negated predicates ("without", "has not") open clauses, never terms.
    "没有", "未经", "并未", "尚未",
];

/// Heads that name a document, a part or the members of what precedes them: after a complete
/// term they make a collocation (行预咨委会报告, 安全理事会成员, 大会议程项目), not a term.
/// Institutional heads are not among them: 人权理事会, 缔约方大会, 缔约方会议 are terms, and
/// the names of bodies and meetings end in 理事会, 委员会, 大会, 会议.
#[rustfmt::skip]
pub(crate) const GENERIC_HEADS: &[&str] = &[
    "报告", "成员", "议程", "临时议程", "议程项目", "项目", "草案", "文件",
];

/// Heads that name a body, an instrument or a document only with what precedes them (the
/// Council, the Convention, the report): alone they are general words, not terms.
#[rustfmt::skip]
const BARE_HEADS: &[&str] = &[
    "理事会", "委员会", "会议", "公约", "条约", "组织", "机构", "报告", "议程", "文件", "成员",
];

/// Whether `word` is a bare head (`BARE_HEADS`).
pub(crate) fn is_bare_head(word: &str) -> bool {
    BARE_HEADS.contains(&word)
}

/// Nouns among `EDGE_WORDS`: a neighbour that is one of them is a collocate, not a boundary
/// (`Vocab::is_free`).
const COLLOCATE_WORDS: &[&str] = &["问题", "情况", "方面", "工作"];

/// Words that are never at the edge of a term though they may be inside one.
#[rustfmt::skip]
const EDGE_WORDS: &[&str] = &[
    "其", "各", "每", "本", "一", "一个", "一些", "一项", "非", "未", "问题", "情况", "方面",
    "工作", "有效", "进一步", "继续", "相关", "期间", "时", "后", "前", "中", "内", "上", "下",
    "之间",
];

/// 不 begins the "non-" terms of UN usage (不扩散核武器条约, 不干涉, 不使用武力), where the
/// verb after it belongs to the term.
pub(crate) const NEGATION: &str = "不";

/// How a token type takes part in candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
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
pub(crate) fn is_break(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || !word.chars().any(|c| is_han(c) || c.is_alphabetic())
        || is_ordinal(word)
}

/// Whether `word` ends a numbered instance (第六十九届, or 次 and 届 after a number, as in
/// 第7364次): what follows it continues the instance's name (第7364次会议临时议程).
pub(crate) fn ends_an_ordinal(word: &str) -> bool {
    matches!(word, "次" | "届") || is_ordinal(word)
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

/// A word jieba's HMM found (`nz` for a word its dictionary lacks) that starts with 日 or 月
/// took the end of a date with it (2015年3月5|日北|塞浦路斯…): the dictionary has the real
/// words that start so (日内瓦, 日本, 月份), so such a word never begins or ends a term.
fn is_glued_to_a_date(word: &str, tag: &str) -> bool {
    tag == "nz" && word.chars().count() > 1 && word.starts_with(['日', '月'])
}

/// Coordinating words, at which a candidate may be two terms joined.
fn is_joiner(word: &str) -> bool {
    JOINER_WORDS.contains(&word)
}

/// Verbs in jieba's tag set.
fn is_verb_tag(tag: &str) -> bool {
    matches!(tag, "v" | "vd" | "vi" | "vg" | "vq")
}

/// Classifies a token type from its text and part-of-speech tag.
pub(crate) fn classify(word: &str, tag: &str) -> Class {
    if is_break(word) || BREAK_WORDS.contains(&word) {
        return Class::Break;
    }
    if word == NEGATION {
        return Class::Word {
            start: true,
            end: false,
        };
    }
    if JOINER_WORDS.contains(&word) || EDGE_WORDS.contains(&word) {
        return Class::Inner;
    }

    if !word.chars().any(is_han) {
        // Latin words such as COVID may be parts of terms, never whole Chinese terms.
        return Class::Inner;
    }
    if is_glued_to_a_date(word, tag) {
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

    #[test]
    fn formulae_break_and_heads_are_classed() {
        for formula in ["本信", "本函", "谨", "具有", "采取行动", "构成威胁"] {
            assert_eq!(classify(formula, "v"), Class::Break, "{formula}");
        }
        assert!(is_bare_head("理事会") && is_bare_head("报告") && !is_bare_head("安全理事会"));
        assert!(ends_an_ordinal("第六十九届") && ends_an_ordinal("次") && !ends_an_ordinal("会议"));
        assert_eq!(classify("日北", "nz"), Class::Inner);
        assert_ne!(classify("日内瓦", "ns"), Class::Inner);
        let words = ["问题", "其", "和"].map(String::from).to_vec();
        let vocab = Vocab::new(words, vec![Traits::default(); 3]);
        // 问题 after a name is a collocate (毒品和犯罪|问题办公室), 其 a boundary.
        assert!(!vocab.is_free(0) && vocab.is_free(1));
    }

    #[test]
    fn a_verb_stands_first_or_after_negation() {
        let words = ["不", "扩散", "建立"].map(String::from).to_vec();
        let vocab = Vocab::new(words, vec![Traits::default(); 3]);
        assert!(vocab.verb_may_stand(2, 0));
        assert!(vocab.verb_may_stand(0, 1));
        assert!(!vocab.verb_may_stand(2, 1));
        assert!(!vocab.verb_may_stand(0, 2));
    }
}
