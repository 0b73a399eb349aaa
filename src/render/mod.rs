//! Report stage: renders results for people (aligned tables) and for tools (JSON, YAML, TSV).
//! Returns strings; the binary decides where they go.

pub mod export;

use crate::extract::Extraction;

pub mod align;
pub mod check;

/// Output formats shared by commands that print records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Yaml,
    Tsv,
}

/// Display width in a terminal: CJK and full-width characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            if (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Pads `s` with spaces to display width `w`.
pub fn pad(s: &str, w: usize) -> String {
    let mut o = s.to_owned();
    o.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    o
}

/// Renders rows as aligned columns; the last column is not padded.
pub fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i + 1 == r.len() {
                    c.clone()
                } else {
                    pad(c, widths[i])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Tabs and newlines inside a TSV field would break the row.
pub fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn extraction(x: &Extraction, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(x).unwrap_or_default() + "\n",
        Format::Yaml => crate::glossary::to_yaml_string(x),
        Format::Tsv => {
            let mut o = String::from("term\tfreq\tdocs\tscore\tknown\ten\tvariant_of\n");
            for t in &x.terms {
                let (id, en) = t
                    .known
                    .as_ref()
                    .map_or(("", ""), |k| (k.id.as_str(), k.en.as_deref().unwrap_or("")));
                o.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    tsv_field(&t.term),
                    t.freq,
                    t.docs,
                    t.score,
                    id,
                    tsv_field(en),
                    t.variant_of.as_deref().unwrap_or("")
                ));
            }
            o
        }
        Format::Table => {
            let mut rows = vec![
                ["#", "term", "freq", "docs", "score", "glossary", "context"]
                    .map(String::from)
                    .to_vec(),
            ];
            for (i, t) in x.terms.iter().enumerate() {
                let gloss = match (&t.known, &t.variant_of) {
                    (Some(k), _) => format!("{} ({})", k.id, k.status),
                    (None, Some(v)) => format!("new, variant of {v}"),
                    (None, None) => "new".into(),
                };
                let ctx = t
                    .contexts
                    .first()
                    .map(|c| {
                        format!(
                            "{}[{}]{}  {}:{}",
                            c.left, c.matched, c.right, c.file, c.line
                        )
                    })
                    .unwrap_or_default();
                rows.push(vec![
                    (i + 1).to_string(),
                    t.term.clone(),
                    t.freq.to_string(),
                    t.docs.to_string(),
                    format!("{:.2}", t.score),
                    gloss,
                    ctx,
                ]);
            }
            let mut o = columns(&rows);
            o.push_str(&format!(
                "\n{} terms from {} files ({} characters, {} skipped) in {:.2} s\n",
                x.terms.len(),
                x.stats.files,
                x.stats.chars,
                x.stats.skipped,
                x.stats.seconds
            ));
            o
        }
    }
}
