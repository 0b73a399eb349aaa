//! Near-duplicate Chinese forms: two spellings of one term (信息和通信技术 / 信息通信技术,
//! 信息通讯技术 / 信息通信技术), which extract reports as `variant_of` and merge records as
//! suggested variants.

/// Linking characters UN Chinese may add or drop between the parts of a term without changing
/// it (信息和通信技术 / 信息通信技术, 信息、通信技术). They are compared as characters of written
/// forms, so they differ from the joiner words of extraction (`extract::lexicon`), which are
/// tokens: 的 and 、 link the parts of a spelling but end a candidate phrase, while 以及, 或者
/// and 并 join phrases but would, as characters, also be dropped from inside words (合并).
pub const OPTIONAL_LINKS: &[char] = &['和', '与', '及', '的', '之', '、'];

/// Whether two Chinese terms are near-duplicates: equal once optional links are removed, or,
/// for terms of five characters or more, one character apart after the first two
/// (信息通讯技术 / 信息通信技术). A difference in the first two characters usually changes the
/// modifier and so the concept (国际安全 / 国家安全), and is not reported.
pub fn is_variant(a: &str, b: &str) -> bool {
    Skeleton::new(a).is_variant_of(&Skeleton::new(b))
}

/// A term with its optional links removed, prepared once for the many comparisons of
/// `is_variant`.
pub(crate) struct Skeleton<'a> {
    pub(crate) term: &'a str,
    chars: Vec<char>,
}

impl<'a> Skeleton<'a> {
    pub(crate) fn new(term: &'a str) -> Self {
        Skeleton {
            term,
            chars: term
                .chars()
                .filter(|c| !OPTIONAL_LINKS.contains(c))
                .collect(),
        }
    }

    /// `is_variant(self.term, other.term)`.
    pub(crate) fn is_variant_of(&self, other: &Skeleton) -> bool {
        let (sa, sb) = (&self.chars, &other.chars);
        if self.term == other.term {
            return false;
        }
        if sa == sb {
            return true;
        }
        if sa.len() < 5 || sb.len() < 5 || sa[..2] != sb[..2] || sa.len().abs_diff(sb.len()) > 1 {
            return false;
        }
        strsim::generic_levenshtein(sa, sb) <= 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants() {
        assert!(is_variant("信息通信技术", "信息和通信技术"));
        assert!(is_variant("信息通讯技术", "信息通信技术"));
        assert!(!is_variant("国际安全", "国家安全"));
        assert!(!is_variant("国际信息安全", "国家信息安全"));
        assert!(!is_variant("政府专家组", "政府专家组"));
    }
}
