//! Polynomial hash of byte strings modulo the Mersenne prime 2⁶¹−1, which composes over
//! concatenation: the surface of an n-gram is hashed from its tokens' hashes without building
//! the string, so all segmentations of one string meet. Equal hashes are confirmed on the
//! strings before two n-grams are taken for one surface.

const M: u64 = (1 << 61) - 1;
const BASE: u64 = 0x1F3D_5B79_A2C4_E687 % M;

fn mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    let r = (p as u64 & M) + (p >> 61) as u64;
    if r >= M { r - M } else { r }
}

/// `(hash, BASE^len)` of `bytes`.
pub(super) fn of(bytes: &[u8]) -> (u64, u64) {
    bytes.iter().fold((0, 1), |(h, pw), &b| {
        let h = mul(h, BASE) + u64::from(b) + 1;
        (if h >= M { h - M } else { h }, mul(pw, BASE))
    })
}

/// The hash of `a` followed by `b`.
pub(super) fn concat((ha, pa): (u64, u64), (hb, pb): (u64, u64)) -> (u64, u64) {
    let h = mul(ha, pb) + hb;
    (if h >= M { h - M } else { h }, mul(pa, pb))
}

#[cfg(test)]
mod tests {
    /// A string's hash is the same whichever way it is cut.
    #[test]
    fn hashes_compose_over_concatenation() {
        let s = "不限成员名额工作组";
        for cut in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
            let (a, b) = s.split_at(cut);
            assert_eq!(
                super::concat(super::of(a.as_bytes()), super::of(b.as_bytes())),
                super::of(s.as_bytes())
            );
        }
        assert_ne!(
            super::of("国际安全".as_bytes()),
            super::of("国家安全".as_bytes())
        );
    }
}
