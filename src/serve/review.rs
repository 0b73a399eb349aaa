//! `GET /v1/candidates`: the review queue, the candidate entries most worth a reviewer's time
//! first, each with its contexts, English suggestions and ETag.

use super::entries::etag;
use super::problem::Problem;
use crate::glossary::{Entry, Glossary, Status};
use serde::{Deserialize, Serialize};

/// Candidates listed when the request gives no `limit`.
pub const DEFAULT_LIMIT: usize = 50;

/// Most candidates one request may list.
pub const MAX_LIMIT: usize = 1000;

/// The query of `GET /v1/candidates`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Queued<'g> {
    /// `freq × (1 + log2 docs)` of the entry's `stats` (0 without): frequent terms spread over
    /// several documents first.
    pub score: f64,
    pub etag: String,
    pub entry: &'g Entry,
}

#[derive(Debug, Serialize)]
pub struct Queue<'g> {
    /// Candidate entries in the glossary.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub results: Vec<Queued<'g>>,
}

/// The score the queue is ordered by, four decimals.
pub fn score(e: &Entry) -> f64 {
    let Some(s) = e.stats else { return 0.0 };
    let raw = s.freq as f64 * (1.0 + (s.docs.max(1) as f64).log2());
    (raw * 10_000.0).round() / 10_000.0
}

/// The candidates of `g` by score (file order among equals), `limit` from `offset`.
pub fn queue<'g>(g: &'g Glossary, q: &Query) -> Result<Queue<'g>, Problem> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_LIMIT {
        return Err(Problem::bad_request(format!("limit: at most {MAX_LIMIT}")));
    }
    let offset = q.offset.unwrap_or(0);
    let mut all: Vec<(f64, &Entry)> = g
        .entries
        .iter()
        .filter(|e| e.status == Status::Candidate)
        .map(|e| (score(e), e))
        .collect();
    // A stable sort keeps file order among equal scores.
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(Queue {
        total: all.len(),
        offset,
        limit,
        results: all
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(score, entry)| Queued {
                score,
                etag: etag(entry),
                entry,
            })
            .collect(),
    })
}
