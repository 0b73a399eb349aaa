//! `GET /v1/entries`, `GET /v1/entries/{id}` and `GET /v1/export`: the glossary read from
//! memory, each entry with an `ETag` of its canonical YAML.

use super::problem::Problem;
use crate::glossary::lookup::{self, Hit};
use crate::glossary::{Entry, Glossary, Kind, Status};
use crate::render::export;
use serde::{Deserialize, Serialize};

/// Entries listed when the request gives no `limit`.
pub const DEFAULT_LIMIT: usize = 50;

/// Most entries one request may list.
pub const MAX_LIMIT: usize = 1000;

/// The query of `GET /v1/entries`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntriesQuery {
    /// Any form in any language, or an id; fuzzy when nothing matches exactly, as `lookup`.
    pub q: Option<String>,
    pub status: Option<Status>,
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    pub limit: Option<usize>,
}

/// One entry listed, with how it matched the query.
#[derive(Debug, Serialize)]
pub struct Listed<'g> {
    pub etag: String,
    /// The form that matched `q` (absent without `q`).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub hit: Option<&'g Hit>,
    pub entry: &'g Entry,
}

#[derive(Debug, Serialize)]
pub struct EntriesResponse<'g> {
    pub query: Option<String>,
    /// The results match `q` exactly (else they are the closest entries).
    pub exact: bool,
    /// Entries that pass the filters, before `limit`.
    pub total: usize,
    pub results: Vec<Listed<'g>>,
}

/// The entity tag of `e`: a hash of its canonical YAML, quoted as HTTP wants it.
pub fn etag(e: &Entry) -> String {
    let one = Glossary {
        version: 2,
        name: String::new(),
        entries: vec![e.clone()],
    };
    let mut h = crate::util::hash::Fnv1a64::default();
    h.write(one.to_yaml().as_bytes());
    format!("\"{:016x}\"", h.finish())
}

/// The entries of `g` that `q` asks for: its matches (or all entries), filtered by status
/// and type, at most `limit`.
pub fn list<'g>(
    g: &'g Glossary,
    q: EntriesQuery,
    hits: &'g mut Vec<Hit>,
) -> Result<EntriesResponse<'g>, Problem> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_LIMIT {
        return Err(Problem::bad_request(format!("limit: at most {MAX_LIMIT}")));
    }
    let keep =
        |e: &Entry| q.status.is_none_or(|s| e.status == s) && q.kind.is_none_or(|k| e.kind == k);
    let query = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let Some(query) = query else {
        let all: Vec<&Entry> = g.entries.iter().filter(|e| keep(e)).collect();
        return Ok(EntriesResponse {
            query: None,
            exact: false,
            total: all.len(),
            results: all
                .into_iter()
                .take(limit)
                .map(|e| Listed {
                    etag: etag(e),
                    hit: None,
                    entry: e,
                })
                .collect(),
        });
    };
    // Filters apply to the closest entries too: ask for every one, then keep the first.
    *hits = lookup::lookup(g, query, g.entries.len())?;
    let hits: &'g Vec<Hit> = hits;
    let exact = hits.first().is_some_and(|h| h.score >= 1.0);
    let kept: Vec<&Hit> = hits.iter().filter(|h| keep(&g.entries[h.entry])).collect();
    Ok(EntriesResponse {
        query: Some(query.to_owned()),
        exact,
        total: kept.len(),
        results: kept
            .into_iter()
            .take(limit)
            .map(|h| {
                let e = &g.entries[h.entry];
                Listed {
                    etag: etag(e),
                    hit: Some(h),
                    entry: e,
                }
            })
            .collect(),
    })
}

/// The entry with id `id`.
pub fn get<'g>(g: &'g Glossary, id: &str) -> Result<&'g Entry, Problem> {
    g.entries.iter().find(|e| e.id == id).ok_or_else(|| {
        Problem::not_found(format!(
            "no entry with id {id:?}: GET /v1/entries?q=TERM finds entries by their forms"
        ))
    })
}

/// The query of `GET /v1/export`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    pub format: String,
    /// Comma-separated statuses [default: the format's, as `shuyu export`].
    pub status: Option<String>,
}

/// The glossary exported as `shuyu export` writes it: the text and its media type.
pub fn export(g: &Glossary, q: &ExportQuery) -> Result<(String, &'static str), Problem> {
    let format = q.format.as_str();
    if !export::FORMATS.contains(&format) {
        return Err(Problem::bad_request(format!(
            "format={format}: one of {}",
            export::FORMATS.join(", ")
        )));
    }
    let statuses: Vec<Status> = match &q.status {
        None => export::default_statuses(format).to_vec(),
        Some(s) => s
            .split(',')
            .map(|one| match one.trim() {
                "approved" => Ok(Status::Approved),
                "candidate" => Ok(Status::Candidate),
                "rejected" => Ok(Status::Rejected),
                other => Err(Problem::bad_request(format!(
                    "status={other}: one of approved, candidate, rejected (comma-separated)"
                ))),
            })
            .collect::<Result<_, _>>()?,
    };
    let entries = export::select(g, &statuses);
    let text = export::render(format, &g.name, &entries)
        .map_err(|e| Problem::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    Ok((text, export::media_type(format)))
}
