//! `GET /`: the workspace page (search, check a text, the review queue), one self-contained
//! HTML page over the JSON API, with the glossary served embedded as the HTML export embeds it.

use super::App;
use crate::render::export::{
    SEARCH_FILTERS, SEARCH_SCRIPT, SEARCH_STYLE, fill, page_data, xml_escape,
};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The page; the glossary, the shared search and a per-response nonce go where it says.
const TEMPLATE: &str = include_str!("page.html");

/// A fresh CSP nonce: a counter hashed with SipHash under keys the standard library draws
/// from the operating system once, so a nonce cannot be guessed from earlier ones.
fn nonce() -> String {
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let keys = KEYS.get_or_init(RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let half = |salt: u8| {
        let mut h = keys.build_hasher();
        h.write_u64(n);
        h.write_u8(salt);
        h.finish()
    };
    format!("{:016x}{:016x}", half(0), half(1))
}

/// The Content-Security-Policy of the page: its own inline script and style (by nonce) and
/// requests to this service, nothing else: no other origin, no plugin, no framing.
fn policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; \
         connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    )
}

/// The page filled in for the glossary now served.
fn render(app: &App, nonce: &str) -> String {
    let compiled = app.store.current();
    let g = compiled.glossary();
    let entries: Vec<_> = g.entries.iter().collect();
    let name = if g.name.is_empty() {
        "Glossary"
    } else {
        g.name.as_str()
    };
    fill(
        TEMPLATE,
        &[
            ("{{TITLE}}", &xml_escape(name)),
            ("{{GENERATOR}}", env!("CARGO_PKG_VERSION")),
            ("{{NONCE}}", nonce),
            ("{{DATA}}", &page_data(&entries)),
            ("{{SEARCH_STYLE}}", SEARCH_STYLE),
            ("{{SEARCH_SCRIPT}}", SEARCH_SCRIPT),
            ("{{SEARCH_FILTERS}}", SEARCH_FILTERS),
        ],
    )
}

pub async fn workspace(State(app): State<Arc<App>>) -> Response {
    let nonce = nonce();
    let csp = policy(&nonce);
    // Rendering is linear in the glossary: off the threads that accept requests.
    let page = tokio::task::spawn_blocking(move || render(&app, &nonce)).await;
    let Ok(page) = page else {
        return super::problem::Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the workspace page could not be rendered; please report it",
        )
        .into_response();
    };
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The page embeds the glossary as it is now: never from a cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
