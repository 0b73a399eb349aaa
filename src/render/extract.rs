//! The renderer of `extract` results: a ranked table for people, JSON and YAML (the contract
//! `merge` reads), and TSV for spreadsheets.

use super::table::{columns, tsv_field};
use crate::extract::{Extraction, Term};

/// Output formats shared by commands that print records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Yaml,
    Tsv,
}

/// `shuyu extract`'s output in `format`.
pub fn extraction(x: &Extraction, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(x).unwrap_or_default() + "\n",
        Format::Yaml => crate::glossary::to_yaml_string(x),
        Format::Tsv => tsv(x),
        Format::Table => table(x),
    }
}

fn tsv(x: &Extraction) -> String {
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

fn table(x: &Extraction) -> String {
    let header = ["#", "term", "freq", "docs", "score", "glossary", "context"];
    let mut rows = vec![header.map(String::from).to_vec()];
    rows.extend(x.terms.iter().enumerate().map(|(i, t)| row(i + 1, t)));
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

fn row(rank: usize, t: &Term) -> Vec<String> {
    let gloss = match (&t.known, &t.variant_of) {
        (Some(k), _) => format!("{} ({})", k.id, k.status),
        (None, Some(v)) => format!("new, variant of {v}"),
        (None, None) => "new".into(),
    };
    let ctx = t
        .contexts
        .first()
        .map(|c| {
            // A DOCX's lines are paragraphs.
            let para = if crate::formats::shows_paragraphs(&c.file) {
                "¶"
            } else {
                ""
            };
            format!(
                "{}[{}]{}  {}:{para}{}",
                c.left, c.matched, c.right, c.file, c.line
            )
        })
        .unwrap_or_default();
    vec![
        rank.to_string(),
        t.term.clone(),
        t.freq.to_string(),
        t.docs.to_string(),
        format!("{:.2}", t.score),
        gloss,
        ctx,
    ]
}
