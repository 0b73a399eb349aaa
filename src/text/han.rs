//! Character classes of Chinese text: Han ideographs and CJK punctuation.

/// Han ideographs, the characters Chinese terms are made of.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
        | 0xF900..=0xFAFF | 0x3007)
}

/// Full-width and CJK punctuation (、，：《》（） …).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF65 | 0xFE30..=0xFE4F)
}
