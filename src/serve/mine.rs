//! `POST /v1/extract` and `POST /v1/align`: extraction and English equivalents over texts sent
//! in the request, as `shuyu extract` and `shuyu align` give them for files.

use super::problem::Problem;
use super::state::Compiled;
use crate::align::equivalents::{self, Alignments, PairText};
use crate::corpus::{Corpus, Document};
use crate::extract::{self, Extraction};
use serde::Deserialize;

/// Most documents one extraction request may send.
pub const MAX_DOCUMENTS: usize = 1000;

/// Most terms one request may ask for (`top`, `terms`).
pub const MAX_TERMS: usize = 10_000;

/// A document to extract from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The name contexts give it [default: doc1, doc2, … by position].
    pub name: Option<String>,
    pub text: String,
}

/// The body of `POST /v1/extract`; the options are `shuyu extract`'s, with its defaults.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    pub documents: Vec<Text>,
    pub top: Option<usize>,
    pub min_freq: Option<u32>,
    pub max_len: Option<usize>,
    pub contexts: Option<usize>,
}

/// Ranked candidate terms in the documents of `req`, as `shuyu extract --format json`.
pub fn extract(compiled: &Compiled, req: ExtractRequest) -> Result<Extraction, Problem> {
    let d = extract::Options::default();
    let opts = extract::Options {
        top: req.top.unwrap_or(d.top),
        min_freq: req.min_freq.unwrap_or(d.min_freq),
        max_len: req.max_len.unwrap_or(d.max_len),
        contexts: req.contexts.unwrap_or(d.contexts),
    };
    if req.documents.is_empty() || req.documents.len() > MAX_DOCUMENTS {
        return Err(Problem::bad_request(format!(
            "documents: send 1 to {MAX_DOCUMENTS} documents, {{\"text\": \"…\"}} each"
        )));
    }
    if opts.min_freq == 0 || !(1..=16).contains(&opts.max_len) {
        return Err(Problem::bad_request(
            "min_freq must be at least 1 and max_len from 1 to 16",
        ));
    }
    if opts.top > MAX_TERMS || opts.contexts > 20 {
        return Err(Problem::bad_request(format!(
            "top is at most {MAX_TERMS} and contexts at most 20"
        )));
    }
    let corpus = Corpus {
        documents: req
            .documents
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let name = t.name.unwrap_or_else(|| format!("doc{}", i + 1));
                Document::new(name.into(), t.text)
            })
            .collect(),
        ..Corpus::default()
    };
    Ok(extract::run(
        &corpus,
        compiled.glossary(),
        &opts,
        &extract::Silent,
    )?)
}

/// The body of `POST /v1/align`: a Chinese text and its English translation, and the terms
/// to find equivalents for [default: the pair's top 200 candidates and the glossary's
/// entries found in it, as `shuyu align`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignRequest {
    pub zh: String,
    pub en: String,
    pub terms: Option<Vec<String>>,
    pub top_k: Option<usize>,
    pub min_support: Option<u64>,
}

/// English equivalents proposed for terms of the pair in `req`, as `shuyu align --format
/// json`.
pub fn align(compiled: &Compiled, req: AlignRequest) -> Result<Alignments, Problem> {
    let d = equivalents::Options::default();
    let opts = equivalents::Options {
        top_k: req.top_k.unwrap_or(d.top_k),
        min_support: req.min_support.unwrap_or(d.min_support),
    };
    if opts.top_k == 0 || opts.top_k > 100 || opts.min_support == 0 {
        return Err(Problem::bad_request(
            "top_k must be from 1 to 100 and min_support at least 1",
        ));
    }
    let pairs = [PairText {
        zh_path: "zh".into(),
        zh: req.zh,
        en_path: "en".into(),
        en: req.en,
    }];
    let from_extract = req.terms.is_none();
    let terms = match req.terms {
        Some(t) if t.len() > MAX_TERMS => {
            return Err(Problem::bad_request(format!("terms: at most {MAX_TERMS}")));
        }
        Some(t) => t,
        None => equivalents::default_terms(&pairs, compiled.glossary(), 200)?,
    };
    let mut out = equivalents::suggest(&pairs, &terms, &opts)?;
    if from_extract {
        equivalents::drop_fragments(&mut out);
    }
    Ok(out)
}
