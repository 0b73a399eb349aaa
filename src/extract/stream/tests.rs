//! Tests of the token stream: interning keys, local ids, and pieces that segment as the whole.

use super::intern::*;
use super::*;

/// A word listed by its packed key unpacks to itself, whatever its length up to 16 bytes.
#[test]
fn packed_words_unpack_to_themselves() {
    let chunk = "不限成员名额工作组";
    for w in [
        "\0",
        "a",
        "第",
        "1.",
        "国际",
        "A/RES",
        "不限a",
        "2021-25",
        "国际安全",
        "A/RES/77/36",
    ] {
        let key = pack(w);
        let (text, key) = listed_word(listing(key, 0, 0), chunk);
        assert_eq!(text, "");
        let packed = match key {
            Key::Short(k) => u128::from(k),
            Key::Medium(k) => k,
            Key::Long => panic!("{w} is packed"),
        };
        assert_eq!(unpack(packed), w);
        assert_eq!(matches!(key, Key::Short(_)), w.len() <= 8, "{w}");
    }
    assert_eq!(pack("建立信任措施"), Key::Long);
}

/// Ids that fit in 16 bits are kept in 16; the first that does not widens them all.
#[test]
fn local_ids_widen_past_16_bits() {
    let map: Vec<u32> = (0..70_000u32).map(|i| i * 3).collect();
    for n in [10, 65_536, 70_000] {
        let mut ids = LocalIds::with_capacity(n);
        (0..n as u32).for_each(|i| ids.push(i));
        assert_eq!(matches!(ids, LocalIds::Narrow(_)), n <= 65_536, "{n}");
        assert_eq!(ids.len(), n);
        let mut out = vec![0; n];
        ids.write_mapped(&map, &mut out);
        assert!(
            out.iter().enumerate().all(|(i, &o)| o == 3 * i as u32),
            "{n}"
        );
    }
}

/// A chunk's listing of a long word gives the word back from the chunk's text.
#[test]
fn long_words_are_listed_by_their_place_in_the_chunk() {
    let chunk = "欢迎不限成员名额工作组主席";
    let start = chunk.find("不限成员名额工作组").unwrap();
    let len = "不限成员名额工作组".len();
    let listed = listing(Key::Long, start, len);
    assert_eq!(
        listed_word(listed, chunk),
        ("不限成员名额工作组", Key::Long)
    );
    // The longest chunk's last word still fits.
    let big = "a".repeat(2 * CHUNK);
    let l = listing(Key::Long, 2 * CHUNK - 17, 17);
    assert_eq!(listed_word(l, &big).0.len(), 17);
}

/// The keys one load from the text gives are `pack`'s, at the end of the text too.
#[test]
fn words_are_keyed_alike_wherever_they_are() {
    let text = "联合国欢迎不限成员名额工作组主席和联合国";
    let tokens = Segmenter::default().cut(text);
    let mut interner = Interner::<u128>::with_capacity(4, 4);
    let ids: Vec<u32> = tokens
        .iter()
        .map(|t| interner.id_at(text, t.start, t.end))
        .collect();
    // 联合国 (9 bytes) is medium, at the start and at the very end.
    assert_eq!(tokens[0].word, "联合国");
    assert_eq!(ids[0], ids[ids.len() - 1]);
    let mut firsts: Vec<u128> = Vec::new();
    for t in &tokens {
        let l = listing(pack(t.word), t.start, t.word.len());
        if !firsts.contains(&l) {
            firsts.push(l);
        }
    }
    assert_eq!(interner.words, firsts);
}

/// Cut in pieces, real text gives jieba's tokens of the whole, with Windows line ends too.
#[test]
fn pieces_segment_as_the_whole() {
    let s = Segmenter::default();
    let resolutions = [
        include_str!("../../../corpus/A_RES_75_32.zh.txt"),
        include_str!("../../../corpus/A_RES_77_36.zh.txt"),
    ]
    .concat()
    .repeat(4);
    for text in [resolutions.clone(), resolutions.replace('\n', "\r\n")] {
        let pieces: Vec<(usize, usize)> = sentence_pieces(&text).collect();
        assert!(pieces.len() > 1);
        assert_eq!((pieces[0].0, pieces[pieces.len() - 1].1), (0, text.len()));
        let mut cut = Vec::new();
        for (a, b) in pieces {
            assert!(text[..b].ends_with(['\n', '。']) || b == text.len());
            cut.extend(s.cut(&text[a..b]).iter().map(|t| (a + t.start, a + t.end)));
        }
        let whole: Vec<(usize, usize)> = s.cut(&text).iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(cut, whole);
    }
}

/// A stream longer than 32-bit positions reach is an error, not a panic.
#[test]
fn a_corpus_beyond_32_bit_positions_is_an_error() {
    assert_eq!(stream_position(7).unwrap(), 7);
    let too_many = u32::MAX as usize + 1;
    let err = stream_position(too_many).unwrap_err();
    assert!(matches!(err, Error::CorpusTooLarge { tokens } if tokens == too_many));
    assert!(err.to_string().contains("too large"), "{err}");
}
