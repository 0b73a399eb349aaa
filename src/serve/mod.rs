//! The terminology service (`shuyu serve`): the glossary held in memory and followed on disk,
//! and an HTTP API over it (lookup, check, annotate, extract, align, export, LanguageTool's
//! `/v2/check`), on axum, and the review workflow that writes the glossary file (proposals,
//! approvals, by role). The library does the work; the binary only starts it.

mod annotated;
mod auth;
mod edits;
mod entries;
mod git;
mod handlers;
mod languagetool;
mod metrics;
mod mine;
mod offsets;
mod page;
mod problem;
mod review;
mod state;
mod text;
mod write;

pub use auth::{Role, Token, Tokens, parse_env as tokens_from_env};
pub use offsets::Position;
pub use problem::Problem;
pub use state::{Compiled, ReloadError, Store};
pub use write::Writer;

use crate::error::{Error, Result};
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, patch, post};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Where the service listens by default: loopback only.
pub const DEFAULT_BIND: &str = "127.0.0.1:8077";

/// The largest request body accepted by default (413 past it).
pub const DEFAULT_MAX_BODY: usize = 4 << 20;

/// How long a request may take by default (503 past it).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How a service runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub bind: SocketAddr,
    pub max_body: usize,
    pub timeout: Duration,
    /// How often the glossary files are looked at for changes.
    pub poll: Duration,
    /// Who may change the glossary; none: no changes, and loopback only.
    pub tokens: Tokens,
    /// Commit each change in the glossary's git repository.
    pub git_commit: bool,
}

/// What every request shares.
pub struct App {
    store: Arc<Store>,
    metrics: metrics::Metrics,
    /// Requests doing CPU-bound work at once: two per core keeps the cores busy while one
    /// waits for its body; past that, requests queue (and time out) instead of piling up
    /// threads and memory.
    cpu: Arc<tokio::sync::Semaphore>,
    tokens: Tokens,
    /// The file changes go to; `None` when the service serves none it can write.
    writer: Option<Arc<Writer>>,
}

/// Refuses an address that is not loopback when no access tokens are configured: every
/// endpoint would be open to whoever reaches it.
pub fn check_bind(bind: SocketAddr, tokens: &Tokens) -> Result<()> {
    if bind.ip().is_loopback() || !tokens.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--bind {bind}: not a loopback address, and no access tokens are configured, so \
         anyone who can reach it could use the service; configure tokens (shuyu.toml's \
         [serve] tokens, or SHUYU_TOKENS; see docs/api.md), or bind 127.0.0.1 (or ::1)"
    )))
}

/// The routes of the service over `store`.
pub fn router(store: Arc<Store>, opts: &Options) -> Router {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let app = Arc::new(App {
        store: Arc::clone(&store),
        metrics: metrics::Metrics::default(),
        cpu: Arc::new(tokio::sync::Semaphore::new(2 * cores)),
        tokens: opts.tokens.clone(),
        writer: Writer::of(store.sources(), opts.git_commit)
            .unwrap_or_else(|e| {
                tracing::warn!("the service writes no changes: {e}");
                None
            })
            .map(Arc::new),
    });
    // Changes are not cut short by --timeout: a 503 while the write goes on would say a change
    // failed that lands. They wait at most `write::LOCK_WAIT` for the file's lock instead.
    let changes = Router::new()
        .route("/v1/entries", post(write::propose))
        .route("/v1/entries/{id}", patch(write::patch));
    Router::new()
        .route("/", get(page::workspace))
        .route("/v1/entries", get(handlers::list_entries))
        .route("/v1/entries/{id}", get(handlers::get_entry))
        .route("/v1/candidates", get(handlers::candidates))
        .route("/v1/check", post(handlers::check))
        .route("/v1/annotate", post(handlers::annotate))
        .route("/v1/extract", post(handlers::extract))
        .route("/v1/align", post(handlers::align))
        .route("/v1/export", get(handlers::export))
        .route(
            "/v2/check",
            post(handlers::lt_check).get(handlers::lt_check_get),
        )
        .route("/v2/languages", get(handlers::lt_languages))
        .route("/healthz", get(handlers::healthz))
        .route("/metrics", get(handlers::metrics))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            opts.timeout,
        ))
        .merge(changes)
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(opts.max_body))
        .layer(middleware::map_response(problem::as_problem))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            auth::off_loopback,
        ))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), track))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// Counts each request by route and status, and its latency, for `/metrics`.
async fn track(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    app.metrics.record(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Serves `store` on `opts.bind` until SIGTERM or ctrl-c, then finishes the requests in
/// flight. `on_bound` hears the address bound (port 0 picks a free one) once the service
/// accepts connections.
pub fn run(opts: Options, store: Arc<Store>, on_bound: impl FnOnce(SocketAddr)) -> Result<()> {
    check_bind(opts.bind, &opts.tokens)?;
    // Refused now, not at the first change: --git-commit outside a work tree.
    Writer::of(store.sources(), opts.git_commit)?;
    // An async thread a core: a paragraph is checked on the thread that read it, larger work
    // runs on rayon's pool and writes on blocking threads.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .enable_all()
        .thread_name("shuyu-serve")
        .build()
        .map_err(|e| Error::io("the async runtime", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.bind)
            .await
            .map_err(|e| Error::io(opts.bind.to_string(), e))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::io(opts.bind.to_string(), e))?;
        state::watch(Arc::clone(&store), opts.poll, |outcome| match outcome {
            Ok(()) => tracing::info!("glossary reloaded"),
            Err(e) => tracing::warn!("glossary not reloaded, the last good one stays: {e}"),
        })?;
        let app = router(store, &opts);
        on_bound(bound);
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| Error::io(bound.to_string(), e))
    })
}

/// Resolves on ctrl-c or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
