//! Align stage: the one segment alignment of a Chinese text with its English translation,
//! shared by bilingual `check` and `align`. Lines when both sides have as many lines (parallel
//! corpora), otherwise paragraphs aligned by length (Gale–Church), otherwise the whole text.

use crate::error::{Error, Result};
use crate::text::han::is_cjk_punct;
use std::path::Path;

/// How a pair was cut into segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segmentation {
    /// Line for line: both sides have as many lines.
    Lines,
    /// Paragraphs paired by length.
    Paragraphs,
    /// One segment of each whole text.
    Whole,
}

impl Segmentation {
    /// `lines`, `paragraphs` or `document`, as reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Segmentation::Lines => "lines",
            Segmentation::Paragraphs => "paragraphs",
            Segmentation::Whole => "document",
        }
    }
}

/// How a pair will be aligned, without aligning it: the segmentation and the units of each
/// side it cuts (lines, paragraphs, or one whole text), besides the lines of each side.
/// Linear in the texts; the alignment itself may cost more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub segmentation: Segmentation,
    pub zh_lines: usize,
    pub en_lines: usize,
    pub zh_units: usize,
    pub en_units: usize,
}

impl std::fmt::Display for Plan {
    /// `150 vs 149 lines, aligned by paragraphs (40 vs 41)`, `30 lines each, aligned line by
    /// line`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines = if self.zh_lines == self.en_lines {
            format!(
                "{} {} each",
                self.zh_lines,
                noun(self.zh_lines, "line", "lines")
            )
        } else {
            format!("{} vs {} lines", self.zh_lines, self.en_lines)
        };
        match self.segmentation {
            Segmentation::Lines => write!(f, "{lines}, aligned line by line"),
            Segmentation::Paragraphs => write!(
                f,
                "{lines}, aligned by paragraphs ({} vs {})",
                self.zh_units, self.en_units
            ),
            Segmentation::Whole => write!(f, "{lines}, compared as whole documents"),
        }
    }
}

fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// The plan [`align`] follows for these texts; `None` when a side has no text (no alignment).
pub fn plan(zh: &str, en: &str) -> Option<Plan> {
    if zh.trim().is_empty() || en.trim().is_empty() {
        return None;
    }
    let (zl, el) = (lines(zh), lines(en));
    Some(plan_of(zh, en, &zl, &el).0)
}

/// The plan for texts cut into `zl` and `el` lines, and their paragraphs when the lines do not
/// pair (empty otherwise).
#[allow(clippy::type_complexity)]
fn plan_of(
    zh: &str,
    en: &str,
    zl: &[(usize, usize)],
    el: &[(usize, usize)],
) -> (Plan, Vec<(usize, usize)>, Vec<(usize, usize)>) {
    let mut p = Plan {
        segmentation: Segmentation::Lines,
        zh_lines: zl.len(),
        en_lines: el.len(),
        zh_units: zl.len(),
        en_units: el.len(),
    };
    if zl.len() == el.len() {
        return (p, Vec::new(), Vec::new());
    }
    let zp = zh_paragraphs(zh);
    let ep = en_paragraphs(en);
    // Past a few million cells the dynamic programme costs more memory than it is worth; such
    // texts come as parallel line files in practice.
    (p.segmentation, p.zh_units, p.en_units) =
        if zp.len() < 2 || ep.len() < 2 || (zp.len() + 1) * (ep.len() + 1) > MAX_CELLS {
            (Segmentation::Whole, 1, 1)
        } else {
            (Segmentation::Paragraphs, zp.len(), ep.len())
        };
    (p, zp, ep)
}

/// One aligned segment: byte ranges in the original Chinese and English texts. A side may be
/// empty (`start == end`) where the other was left untranslated or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    pub zh: (usize, usize),
    pub en: (usize, usize),
}

impl Segment {
    /// Both sides have text.
    pub(crate) fn is_bilingual(&self) -> bool {
        self.zh.1 > self.zh.0 && self.en.1 > self.en.0
    }
}

/// The segment alignment of one Chinese text with its English translation, segments in text
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SegmentAlignment {
    pub segmentation: Segmentation,
    pub segments: Vec<Segment>,
}

/// English characters per Chinese character (whitespace excluded on both sides), and the
/// variance per Chinese character of the English length, measured on the 3,919 non-trivial
/// sentence pairs of the UNPC v1.0 development set (3.19 and 17.9).
const EN_PER_ZH: f64 = 3.19;
const VARIANCE: f64 = 17.9;
const MAX_CELLS: usize = 16_000_000;

/// Aligns two texts, naming the files in errors.
pub(crate) fn align_files(
    zh_path: &Path,
    zh: &str,
    en_path: &Path,
    en: &str,
) -> Result<SegmentAlignment> {
    align(zh, en).map_err(|message| Error::Align {
        zh: crate::formats::real_path(zh_path).to_owned(),
        en: crate::formats::real_path(en_path).to_owned(),
        message,
    })
}

/// Aligns a Chinese text with its English translation. Fails when a side has no text: there
/// is nothing to align the other with, and two empty files are no translation either.
pub(crate) fn align(zh: &str, en: &str) -> std::result::Result<SegmentAlignment, String> {
    let zh_empty = zh.trim().is_empty();
    let en_empty = en.trim().is_empty();
    match (zh_empty, en_empty) {
        (true, true) => return Err("both texts are empty".into()),
        (false, true) => return Err("the English text is empty".into()),
        (true, false) => return Err("the Chinese text is empty".into()),
        _ => {}
    }
    let zl = lines(zh);
    let el = lines(en);
    let (plan, zp, ep) = plan_of(zh, en, &zl, &el);
    match plan.segmentation {
        Segmentation::Lines => {
            let segments = zl
                .iter()
                .zip(&el)
                .map(|(&z, &e)| Segment {
                    zh: trim(zh, z),
                    en: trim(en, e),
                })
                .filter(|s| s.zh.1 > s.zh.0 || s.en.1 > s.en.0)
                .collect();
            return Ok(SegmentAlignment {
                segmentation: Segmentation::Lines,
                segments,
            });
        }
        Segmentation::Whole => return Ok(whole(zh, en)),
        Segmentation::Paragraphs => {}
    }
    let zlen: Vec<f64> = zp.iter().map(|&r| chars(zh, r)).collect();
    let elen: Vec<f64> = ep.iter().map(|&r| chars(en, r)).collect();
    let path = gale_church(&zlen, &elen);
    let segments = path
        .into_iter()
        .map(|(i0, i1, j0, j1)| Segment {
            zh: span(&zp, i0, i1),
            en: span(&ep, j0, j1),
        })
        .collect();
    Ok(SegmentAlignment {
        segmentation: Segmentation::Paragraphs,
        segments,
    })
}

fn whole(zh: &str, en: &str) -> SegmentAlignment {
    SegmentAlignment {
        segmentation: Segmentation::Whole,
        segments: vec![Segment {
            zh: trim(zh, (0, zh.len())),
            en: trim(en, (0, en.len())),
        }],
    }
}

/// Line ranges without terminators; a final newline does not start another line.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (end, next) in crate::text::positions::line_breaks(text.as_bytes()) {
        out.push((start, end));
        start = next;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn trim(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    let t = &text[s..e];
    let lead = t.len() - t.trim_start().len();
    let body = t.trim();
    if body.is_empty() {
        return (s, s);
    }
    (s + lead, s + lead + body.len())
}

fn span(units: &[(usize, usize)], from: usize, to: usize) -> (usize, usize) {
    if from == to {
        // An empty side sits where the next unit would start, so ranges stay ordered.
        let at = units
            .get(from)
            .map_or_else(|| units.last().map_or(0, |u| u.1), |u| u.0);
        return (at, at);
    }
    (units[from].0, units[to - 1].1)
}

fn chars(text: &str, (s, e): (usize, usize)) -> f64 {
    text[s..e].chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// Chinese paragraphs: a line continues the one before unless that one ended on punctuation.
/// PDF extraction breaks lines anywhere, even inside a word; UN paragraphs end with `，`
/// (preambular), `；` (operative) or `。`, and a stray break after a comma inside a sentence
/// costs only a 2–1 bead.
fn zh_paragraphs(zh: &str) -> Vec<(usize, usize)> {
    units(zh, |prev, _| {
        !(is_cjk_punct(prev) || matches!(prev, '.' | ';' | ':' | '!' | '?' | ',' | ')'))
    })
}

/// English paragraphs: a line continues the one before when that one did not end on
/// punctuation and the line starts in lower case (text wrapped by PDF extraction).
fn en_paragraphs(en: &str) -> Vec<(usize, usize)> {
    units(en, |prev, first| {
        !matches!(prev, '.' | '!' | '?' | ';' | ':' | ',') && first.is_lowercase()
    })
}

/// Paragraph units of a text. Where paragraphs are blocks of several lines separated by blank
/// lines (Markdown, plain text), the blocks; where every line stands alone (PDF extraction puts
/// a blank line after each), lines grouped by `continues(last char so far, first char of line)`.
fn units(text: &str, continues: impl Fn(char, char) -> bool) -> Vec<(usize, usize)> {
    let mut blocks: Vec<(usize, usize, usize)> = Vec::new(); // start, end, lines
    let mut open = false;
    let mut lines_seen = Vec::new();
    for r in lines(text) {
        let (s, e) = trim(text, r);
        if s == e {
            open = false;
            continue;
        }
        lines_seen.push((s, e));
        match blocks.last_mut() {
            Some(b) if open => {
                b.1 = e;
                b.2 += 1;
            }
            _ => blocks.push((s, e, 1)),
        }
        open = true;
    }
    let multi = blocks.iter().filter(|b| b.2 > 1).count();
    if blocks.len() >= 2 && multi * 2 >= blocks.len() {
        return blocks.into_iter().map(|(s, e, _)| (s, e)).collect();
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in lines_seen {
        let first = text[s..e].chars().next().unwrap_or(' ');
        match out.last_mut() {
            Some(last)
                if continues(
                    text[last.0..last.1].chars().next_back().unwrap_or('.'),
                    first,
                ) =>
            {
                last.1 = e
            }
            _ => out.push((s, e)),
        }
    }
    out
}

/// Standard normal cumulative distribution (Abramowitz–Stegun 26.2.17, error < 7.5e-8).
fn phi(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let d = 0.398_942_280_4 * (-x * x / 2.0).exp();
    let p = d
        * t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    if x >= 0.0 { 1.0 - p } else { p }
}

fn length_cost(zh: f64, en: f64) -> f64 {
    if zh == 0.0 && en == 0.0 {
        return 0.0;
    }
    let mean = (zh + en / EN_PER_ZH) / 2.0;
    let delta = (en - zh * EN_PER_ZH) / (mean.max(1.0) * VARIANCE).sqrt();
    let p = (2.0 * (1.0 - phi(delta.abs()))).max(1e-300);
    -p.ln()
}

/// Gale & Church (1993) bead priors, plus 3–1 and 1–3 for PDF text whose lines break after
/// commas inside a sentence.
const BEADS: [(usize, usize, f64); 8] = [
    (1, 1, 0.89),
    (1, 0, 0.0099 / 2.0),
    (0, 1, 0.0099 / 2.0),
    (2, 1, 0.089 / 2.0),
    (1, 2, 0.089 / 2.0),
    (2, 2, 0.011),
    (3, 1, 0.002),
    (1, 3, 0.002),
];

/// The cells of the dynamic programme that can lie in its band: per row, a window of columns
/// around the diagonal, so memory grows with the band, not with the whole matrix.
struct Band {
    n: usize,
    m: usize,
    band: usize,
    /// Columns stored per row: the band on both sides, or every column when that is fewer.
    width: usize,
}

impl Band {
    fn new(n: usize, m: usize) -> Self {
        let band = (n.abs_diff(m) + 50).max(n.max(m) / 10);
        let width = (2 * band + 1).min(m + 1);
        Band { n, m, band, width }
    }

    fn diag(&self, i: usize) -> usize {
        i * self.m / self.n.max(1)
    }

    fn contains(&self, i: usize, j: usize) -> bool {
        let diag = self.diag(i);
        j + self.band >= diag && j <= diag + self.band
    }

    /// The first column stored for row `i`.
    fn first(&self, i: usize) -> usize {
        if self.width == self.m + 1 {
            0
        } else {
            self.diag(i).saturating_sub(self.band)
        }
    }

    /// Where cell `(i, j)` is stored, if it is.
    fn slot(&self, i: usize, j: usize) -> Option<usize> {
        let first = self.first(i);
        (j >= first && j - first < self.width).then(|| i * self.width + (j - first))
    }
}

/// The cheapest bead sequence as `(zh from, zh to, en from, en to)` unit ranges. The search is
/// confined to a band around the diagonal so long documents stay linear in practice; cells
/// outside it are never reached and cost nothing to keep.
fn gale_church(zh: &[f64], en: &[f64]) -> Vec<(usize, usize, usize, usize)> {
    let (n, m) = (zh.len(), en.len());
    let b = Band::new(n, m);
    let mut cost = vec![f64::INFINITY; (n + 1) * b.width];
    let mut back = vec![0u8; (n + 1) * b.width];
    cost[0] = 0.0;
    let cost_at =
        |cost: &[f64], i: usize, j: usize| b.slot(i, j).map_or(f64::INFINITY, |k| cost[k]);
    for i in 0..=n {
        let first = b.first(i);
        for j in first..(first + b.width).min(m + 1) {
            if (i, j) == (0, 0) || !b.contains(i, j) {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = 0u8;
            for (k, &(di, dj, prior)) in BEADS.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let prev = cost_at(&cost, i - di, j - dj);
                if !prev.is_finite() {
                    continue;
                }
                let lz: f64 = zh[i - di..i].iter().sum();
                let le: f64 = en[j - dj..j].iter().sum();
                let c = prev - prior.ln() + length_cost(lz, le);
                if c < best {
                    best = c;
                    arg = k as u8;
                }
            }
            if let Some(k) = b.slot(i, j) {
                cost[k] = best;
                back[k] = arg;
            }
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let bead = b.slot(i, j).map_or(0, |k| back[k]);
        let (di, dj, _) = BEADS[bead as usize];
        path.push((i - di, i, j - dj, j));
        i -= di;
        j -= dj;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_line_counts_align_by_line() {
        let a = align(
            "大会，\n回顾其决议，\n",
            "The General Assembly,\nRecalling its resolutions,\n",
        )
        .unwrap();
        assert_eq!(a.segmentation, Segmentation::Lines);
        assert_eq!(a.segments.len(), 2);
    }

    #[test]
    fn paragraphs_with_unequal_counts() {
        let zh = "大会，\n\n回顾其关于信息和通信技术的各项决议，\n\n注意到在发展和应用最新的信息技术和电信手段方面取得了显著进展，\n\n申明这一进展带来最大的积极机会。\n";
        let en = "The General Assembly,\n\nRecalling its resolutions on information and communications technologies,\n\nNoting that considerable progress has been achieved in developing and\napplying the latest information technologies and means of telecommunication,\n\nAffirming that it sees in this process the broadest positive opportunities.\n";
        let a = align(zh, en).unwrap();
        assert_eq!(a.segmentation, Segmentation::Paragraphs);
        assert_eq!(a.segments.len(), 4);
        let s = a.segments[2];
        assert!(zh[s.zh.0..s.zh.1].starts_with("注意到"));
        assert!(en[s.en.0..s.en.1].starts_with("Noting"));
        assert!(en[s.en.0..s.en.1].ends_with("telecommunication,"));
    }

    #[test]
    fn markdown_blocks_are_paragraphs_whatever_their_wrapping() {
        let en = "Recalling its resolutions on the role of the\nUnited Nations in promoting development,\n\nNoting the report of the\nSecretary-General,\n";
        assert_eq!(en_paragraphs(en).len(), 2);
        // PDF text: a blank line after every line, broken anywhere.
        let zh = "回顾其关于联合国在促进发展方面作用\n\n的各项决议，\n\n注意到秘书长的报告，\n";
        assert_eq!(zh_paragraphs(zh).len(), 2);
    }

    #[test]
    fn an_empty_side_is_an_error() {
        assert!(align("大会，\n", "  \n").is_err());
        assert_eq!(align("", " \n"), Err("both texts are empty".into()));
    }

    /// The programme over the whole matrix, as it was before it kept only the band.
    fn full_gale_church(zh: &[f64], en: &[f64]) -> Vec<(usize, usize, usize, usize)> {
        let (n, m) = (zh.len(), en.len());
        let b = Band::new(n, m);
        let w = m + 1;
        let mut cost = vec![f64::INFINITY; (n + 1) * w];
        let mut back = vec![0u8; (n + 1) * w];
        cost[0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                if (i, j) == (0, 0) || !b.contains(i, j) {
                    continue;
                }
                let mut best = (f64::INFINITY, 0u8);
                for (k, &(di, dj, prior)) in BEADS.iter().enumerate() {
                    let prev = if di > i || dj > j {
                        f64::INFINITY
                    } else {
                        cost[(i - di) * w + (j - dj)]
                    };
                    if prev.is_finite() {
                        let lz: f64 = zh[i - di..i].iter().sum();
                        let le: f64 = en[j - dj..j].iter().sum();
                        let c = prev - prior.ln() + length_cost(lz, le);
                        if c < best.0 {
                            best = (c, k as u8);
                        }
                    }
                }
                (cost[i * w + j], back[i * w + j]) = best;
            }
        }
        let mut path = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (di, dj, _) = BEADS[back[i * w + j] as usize];
            path.push((i - di, i, j - dj, j));
            (i, j) = (i - di, j - dj);
        }
        path.reverse();
        path
    }

    #[test]
    fn the_band_alone_gives_the_whole_matrix_path() {
        let mut seed = 7u64;
        let mut lengths = |k: usize, scale: f64| -> Vec<f64> {
            (0..k)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    ((seed >> 33) % 200) as f64 * scale
                })
                .collect()
        };
        for (n, m) in [
            (2, 2),
            (3, 200),
            (200, 3),
            (300, 280),
            (120, 600),
            (700, 650),
        ] {
            let zh = lengths(n, 1.0);
            let en = lengths(m, 3.0);
            assert_eq!(gale_church(&zh, &en), full_gale_church(&zh, &en), "{n}×{m}");
        }
    }

    #[test]
    fn normal_cdf() {
        assert!((phi(0.0) - 0.5).abs() < 1e-7);
        assert!((phi(1.96) - 0.975).abs() < 1e-3);
    }
}
