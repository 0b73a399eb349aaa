//! `shuyu lookup`: one term's glossary entry, with its forms, note and contexts.

use serde::Serialize;
use shuyu::glossary::lookup::{self, Hit};
use shuyu::glossary::{Entry, Glossary};
use std::path::PathBuf;
use std::process::ExitCode;

/// Look a term up in the glossary by any of its forms, in Chinese or English, or by id.
///
/// Chinese is matched as written, English (and the other languages) in any case; preferred,
/// abbreviated, admitted and deprecated forms all count. When no form matches exactly, the
/// closest entries by string similarity are shown.
///
/// Each entry is printed with its forms in every language (deprecated ones marked), note,
/// sources, corpus statistics and contexts.
///
/// Exit code: 0 when an entry has the term as a form; 1 when it does not (the closest
/// entries, if any, are still shown), so scripts can ask "is this in the glossary?".
///
/// Examples:
///   shuyu lookup 信息和通信技术
///   shuyu lookup ICTs
///   shuyu lookup capacity building          # words are joined with spaces
///   shuyu lookup 能力构建 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The term, in Chinese or English.
    #[arg(required = true, num_args = 1..)]
    term: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Closest entries to show when nothing matches exactly (0: none).
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Glossary to use instead of the configuration file's or the built-in one: a file, a
    /// folder (its .yaml and .yml files) or `builtin` (the built-in UN glossary). Repeatable;
    /// later ones override earlier ones by id: --glossary builtin --glossary team.yaml.
    #[arg(long)]
    glossary: Vec<PathBuf>,
    #[command(flatten)]
    config: super::config::ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Serialize)]
struct Output<'a> {
    query: &'a str,
    /// Whether the results are exact matches (else the closest entries).
    exact: bool,
    results: Vec<Result<'a>>,
}

#[derive(Serialize)]
struct Result<'a> {
    #[serde(flatten)]
    hit: &'a Hit,
    entry: &'a Entry,
}

pub fn run(a: Args) -> std::result::Result<ExitCode, shuyu::Error> {
    let query = a.term.join(" ");
    lookup::check_query(&query)?;
    let glossary = a.config.glossary(&a.glossary)?;
    let hits = lookup::lookup(&glossary, &query, a.limit)?;
    let exact = hits.first().is_some_and(|h| h.score >= 1.0);
    let text = match a.format {
        Format::Json => {
            let out = Output {
                query: &query,
                exact,
                results: hits
                    .iter()
                    .map(|h| Result {
                        hit: h,
                        entry: &glossary.entries[h.entry],
                    })
                    .collect(),
            };
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
        }
        Format::Table => table(&glossary, &query, &hits, exact, a.limit),
    };
    super::print(&text);
    Ok(if exact {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn table(g: &Glossary, query: &str, hits: &[Hit], exact: bool, limit: usize) -> String {
    let mut o = String::new();
    if hits.is_empty() && limit == 0 {
        o.push_str(&format!(
            "no entry for “{query}”; close entries are not looked for with --limit 0\n"
        ));
        return o;
    }
    if hits.is_empty() {
        o.push_str(&format!("no entry for “{query}”, and none close to it\n"));
        return o;
    }
    if !exact {
        o.push_str(&format!("no entry for “{query}”; closest:\n\n"));
    }
    for (n, h) in hits.iter().enumerate() {
        if n > 0 {
            o.push('\n');
        }
        let e = &g.entries[h.entry];
        let how = if h.lang == "id" {
            "by id".to_owned()
        } else if exact {
            format!("{} form {} ({})", h.lang, h.form, h.standing)
        } else {
            format!("similarity {:.2} to {} ({})", h.score, h.form, h.standing)
        };
        o.push_str(&format!(
            "{}  [{}, {}]  {how}\n",
            e.id,
            e.kind.as_str(),
            e.status.as_str()
        ));
        o.push_str(&shuyu::render::columns(&entry_rows(e)));
    }
    o
}

/// One row per language, then note, sources, corpus statistics, suggestions and contexts.
fn entry_rows(e: &Entry) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (code, l) in e.languages() {
        let mut forms = vec![l.preferred.clone()];
        if let Some(a) = &l.abbr {
            forms.push(format!("abbr {a}"));
        }
        for a in &l.admitted {
            forms.push(format!("admitted {a}"));
        }
        for d in &l.deprecated {
            forms.push(format!("deprecated {d} (do not use)"));
        }
        rows.push(vec![format!("  {code}"), forms.join(" · ")]);
    }
    if let Some(note) = &e.note {
        rows.push(vec!["  note".into(), note.clone()]);
    }
    if !e.sources.is_empty() {
        rows.push(vec!["  sources".into(), e.sources.join(", ")]);
    }
    if let Some(s) = e.stats {
        rows.push(vec![
            "  corpus".into(),
            format!("{} occurrences in {} documents", s.freq, s.docs),
        ]);
    }
    if !e.suggested_variants.is_empty() {
        rows.push(vec!["  variants?".into(), e.suggested_variants.join(", ")]);
    }
    for s in &e.en_suggestions {
        rows.push(vec![
            "  en?".into(),
            format!("{} (score {:.2}, support {})", s.en, s.score, s.support),
        ]);
    }
    for c in &e.contexts {
        rows.push(vec![
            "  context".into(),
            format!("{}  {}:{}", c.text, c.file, c.line),
        ]);
    }
    rows
}
