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

/// Han characters and Latin letters at the opening of a text.
#[derive(Debug, Clone, Copy)]
pub struct Letters {
    pub han: usize,
    pub latin: usize,
}

impl Letters {
    /// The letters of the first 20,000 characters of `text`: the opening of a file tells its
    /// language; reading all of a large one would not.
    pub fn of(text: &str) -> Self {
        Letters::of_opening(text, 20_000)
    }

    /// The letters of the first `chars` characters of `text`.
    pub fn of_opening(text: &str, chars: usize) -> Self {
        let (mut han, mut latin) = (0usize, 0usize);
        for c in text.chars().take(chars) {
            if is_han(c) {
                han += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
        Letters { han, latin }
    }

    /// Chinese: its Han characters outweigh a third of its Latin letters (a Han character
    /// carries about as much as three letters).
    pub fn chinese(self) -> bool {
        self.han > 0 && self.han * 3 >= self.latin
    }

    /// Clearly without Chinese: Han characters under 5% of the weight of its letters (an
    /// English text that quotes a few Chinese terms), or none at all.
    pub fn english(self) -> bool {
        self.latin > 0 && self.han * 3 * 20 < self.han * 3 + self.latin
    }
}
