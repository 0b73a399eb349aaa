//! The endpoints: each parses its request into a problem or the library's input, does the
//! work (a paragraph in place, anything larger on rayon's pool), and answers JSON.

use super::problem::Problem;
use super::state::Compiled;
use super::{App, entries, languagetool, mine, review, text};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

type Shared = State<Arc<App>>;

/// The body, or the problem reading it (413 past the size limit).
fn bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Problem> {
    body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                status,
                "the request body is larger than the service accepts (--max-body): send less \
                 text per request",
            )
        } else {
            Problem::new(status, format!("the request body could not be read: {e}"))
        }
    })
}

/// The JSON body as `T`.
pub(super) fn json<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, Problem> {
    let b = bytes(body)?;
    serde_json::from_slice(&b).map_err(|e| Problem::json(&e))
}

/// A form-encoded body or query string as `T`.
fn form<T: DeserializeOwned>(raw: &[u8]) -> Result<T, Problem> {
    serde_urlencoded::from_bytes(raw).map_err(|e| {
        Problem::bad_request(format!(
            "the form fields are not what this endpoint takes: {e}; see docs/api.md"
        ))
    })
}

/// Runs `work` on the glossary now served, on rayon's threads: checking and extraction are
/// CPU-bound and must not hold up the threads that accept requests. On a rayon thread the
/// library's own parallel steps run in place; from any other thread each of them is handed to
/// the pool and waited for, which costs more than checking a paragraph.
async fn blocking<T: Send + 'static>(
    app: &App,
    work: impl FnOnce(&Compiled) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let permit = Arc::clone(&app.cpu).acquire_owned().await.map_err(|_| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the service is shutting down",
        )
    })?;
    let compiled = app.store.current();
    let (tx, rx) = tokio::sync::oneshot::channel();
    // The permit goes with the work: a request that timed out still holds it until its
    // work ends, so timed-out work cannot pile up. A panic must not reach rayon, which
    // would abort the process: it becomes this request's 500.
    rayon::spawn(move || {
        let _permit = permit;
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&compiled)));
        let _ = tx.send(done);
    });
    match rx.await {
        Ok(Ok(r)) => r,
        Ok(Err(panic)) => Err(failed(panic_message(&*panic))),
        Err(_) => Err(failed("the work was dropped")),
    }
}

/// Bodies up to this size are checked on the async thread that read them.
const HERE_MAX: usize = 8 << 10;

/// A JSON request's body read as `Req`, handed with the served glossary to `work`, and its
/// result (or problem) as the answer. A body of at most `here_max` bytes (a paragraph from an
/// editor, [`HERE_MAX`]) is worked on right here: checking it takes tens of microseconds, less
/// than handing it to rayon's pool and back (`cargo bench --bench serve`). Larger ones, and
/// every body with `here_max` 0, go to the pool.
async fn json_work<Req, T>(
    app: &App,
    body: Result<Bytes, BytesRejection>,
    work: fn(&Compiled, Req) -> Result<T, Problem>,
    here_max: usize,
) -> Response
where
    Req: serde::de::DeserializeOwned + Send + 'static,
    T: Serialize + Send + 'static,
{
    let here = here_max > 0 && body.as_ref().is_ok_and(|b| b.len() <= here_max);
    let r = match json::<Req>(body) {
        Ok(req) if here => {
            let compiled = app.store.current();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&compiled, req)))
                .unwrap_or_else(|panic| Err(failed(panic_message(&*panic))))
        }
        Ok(req) => blocking(app, move |c| work(c, req)).await,
        Err(p) => Err(p),
    };
    answer(r)
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}

fn failed(why: &str) -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the request failed inside shuyu ({why}); please report it with its body"),
    )
}

fn answer<T: Serialize>(r: Result<T, Problem>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(p) => p.into_response(),
    }
}

pub async fn check(State(app): Shared, body: Result<Bytes, BytesRejection>) -> Response {
    json_work(&app, body, text::check, HERE_MAX).await
}

pub async fn annotate(State(app): Shared, body: Result<Bytes, BytesRejection>) -> Response {
    json_work(&app, body, text::annotate, HERE_MAX).await
}

pub async fn extract(State(app): Shared, body: Result<Bytes, BytesRejection>) -> Response {
    json_work(&app, body, mine::extract, 0).await
}

pub async fn align(State(app): Shared, body: Result<Bytes, BytesRejection>) -> Response {
    json_work(&app, body, mine::align, 0).await
}

pub async fn lt_check(State(app): Shared, body: Result<Bytes, BytesRejection>) -> Response {
    let r = match bytes(body).and_then(|b| form::<languagetool::LtRequest>(&b)) {
        Ok(req) => blocking(&app, move |c| languagetool::check(c, req)).await,
        Err(p) => Err(p),
    };
    answer(r)
}

pub async fn lt_check_get(State(app): Shared, RawQuery(q): RawQuery) -> Response {
    let raw = q.unwrap_or_default();
    let r = match form::<languagetool::LtRequest>(raw.as_bytes()) {
        Ok(req) => blocking(&app, move |c| languagetool::check(c, req)).await,
        Err(p) => Err(p),
    };
    answer(r)
}

pub async fn lt_languages() -> Response {
    Json(languagetool::languages()).into_response()
}

pub async fn list_entries(State(app): Shared, RawQuery(q): RawQuery) -> Response {
    query_work(&app, q, |c, query: entries::EntriesQuery| {
        let mut hits = Vec::new();
        to_json(&entries::list(c.glossary(), query, &mut hits)?)
    })
    .await
}

pub async fn candidates(State(app): Shared, RawQuery(q): RawQuery) -> Response {
    query_work(&app, q, |c, query: review::Query| {
        to_json(&review::queue(c.glossary(), &query)?)
    })
    .await
}

fn to_json(v: &impl Serialize) -> Result<String, Problem> {
    serde_json::to_string(v)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// A query string read as `Q`, handed with the served glossary to `work` on rayon's threads,
/// which answers JSON text: results that borrow from the glossary are written there, and a
/// listing of many entries is CPU work too.
async fn query_work<Q>(
    app: &App,
    raw: Option<String>,
    work: fn(&Compiled, Q) -> Result<String, Problem>,
) -> Response
where
    Q: DeserializeOwned + Send + 'static,
{
    let raw = raw.unwrap_or_default();
    let r = match form::<Q>(raw.as_bytes()) {
        Ok(query) => blocking(app, move |c| work(c, query)).await,
        Err(p) => Err(p),
    };
    match r {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(p) => p.into_response(),
    }
}

pub async fn get_entry(State(app): Shared, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let compiled = app.store.current();
    let entry = match entries::get(compiled.glossary(), &id) {
        Ok(e) => e,
        Err(p) => return p.into_response(),
    };
    let etag = entries::etag(entry);
    let tag = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut r = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Json(entry).into_response()
    };
    r.headers_mut().insert(header::ETAG, tag);
    r
}

pub async fn export(State(app): Shared, RawQuery(q): RawQuery) -> Response {
    let raw = q.unwrap_or_default();
    let r = match form::<entries::ExportQuery>(raw.as_bytes()) {
        Ok(query) => blocking(&app, move |c| entries::export(c.glossary(), &query)).await,
        Err(p) => Err(p),
    };
    match r {
        Ok((text, media)) => ([(header::CONTENT_TYPE, media)], text).into_response(),
        Err(p) => p.into_response(),
    }
}

/// The health of the service: `degraded` when the glossary files changed on disk and did not
/// load (the last good glossary is still served, so the status code stays 200).
#[derive(Serialize)]
struct Health {
    status: &'static str,
    entries: usize,
    sources: Vec<String>,
    /// Seconds since the Unix epoch at which the glossary served was loaded.
    loaded_at: u64,
    reloads: u64,
    reload_error: Option<ReloadProblem>,
}

#[derive(Serialize)]
struct ReloadProblem {
    message: String,
    at: u64,
}

fn unix(t: std::time::SystemTime) -> u64 {
    t.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub async fn healthz(State(app): Shared) -> Response {
    let store = &app.store;
    let error = store.last_error();
    let health = Health {
        status: if error.is_some() { "degraded" } else { "ok" },
        entries: store.current().glossary().entries.len(),
        sources: store
            .sources()
            .iter()
            .map(|s| match s {
                crate::glossary::GlossarySource::Builtin => "builtin".to_owned(),
                crate::glossary::GlossarySource::Path(p) => p.display().to_string(),
            })
            .collect(),
        loaded_at: unix(store.loaded_at()),
        reloads: store.reloads.load(std::sync::atomic::Ordering::Relaxed),
        reload_error: error.map(|e| ReloadProblem {
            message: e.message,
            at: unix(e.at),
        }),
    };
    Json(health).into_response()
}

pub async fn metrics(State(app): Shared) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.metrics.render(&app.store),
    )
        .into_response()
}

pub async fn not_found() -> Response {
    Problem::not_found("no such endpoint: the endpoints are listed in docs/api.md").into_response()
}
