//! Renderers of `align` suggestions: a table for people, JSON (the contract `merge` reads) and
//! YAML. Strings only; the binary prints them.

use crate::align::equivalents::Alignments;

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignFormat {
    Table,
    Json,
    Yaml,
}

/// The suggestions of `align` in `format`.
pub fn render(x: &Alignments, format: AlignFormat) -> String {
    match format {
        AlignFormat::Json => serde_json::to_string_pretty(x).unwrap_or_default() + "\n",
        AlignFormat::Yaml => crate::glossary::to_yaml_string(x),
        AlignFormat::Table => table(x),
    }
}

/// Characters of the example shown in the table.
const EXAMPLE: usize = 60;

fn table(x: &Alignments) -> String {
    let mut rows = vec![
        [
            "term", "freq", "#", "english", "score", "support", "example",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for t in &x.terms {
        if t.suggestions.is_empty() {
            rows.push(vec![
                t.term.clone(),
                t.freq.to_string(),
                "-".into(),
                "(no suggestion)".into(),
            ]);
        }
        for (i, s) in t.suggestions.iter().enumerate() {
            let example: String = s.example.en.chars().take(EXAMPLE).collect();
            let more = if s.example.en.chars().count() > EXAMPLE {
                "…"
            } else {
                ""
            };
            rows.push(vec![
                if i == 0 {
                    t.term.clone()
                } else {
                    String::new()
                },
                if i == 0 {
                    t.freq.to_string()
                } else {
                    String::new()
                },
                (i + 1).to_string(),
                s.en.clone(),
                format!("{:.3}", s.score),
                s.support.to_string(),
                format!("{example}{more}"),
            ]);
        }
    }
    let with = x.terms.iter().filter(|t| !t.suggestions.is_empty()).count();
    let mut o = super::columns(&rows);
    o.push_str(&format!(
        "\n{} terms, {} with suggestions\n",
        x.terms.len(),
        with
    ));
    o
}
