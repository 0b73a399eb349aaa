//! `shuyu serve`: the terminology service over HTTP, started from the command line.

use shuyu::config;
use shuyu::serve::{self, Compiled, Options, Store, Tokens};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Serve the glossary over HTTP: lookup, check, annotate, extract, align and export as a JSON
/// API under /v1, LanguageTool's POST /v2/check for editor plugins, and the review workflow
/// (propose, edit, approve, reject, mark as variant) that writes the glossary file.
///
/// The glossary is read as `shuyu check` reads it (--glossary, else shuyu.toml's
/// `glossaries`, else the built-in one) and held in memory. Its files are looked at every
/// second: when they change (a `git pull`), the service reloads them; a file that no longer
/// loads leaves the last good glossary in service and the error on /healthz.
///
/// Reading, lookup, check and annotate are open on loopback. Changes need a bearer token:
/// proposing and editing candidates a `translator` one, approving, rejecting, marking
/// variants and editing approved or rejected entries a `terminologist` one. Tokens come from
/// shuyu.toml (`[serve] tokens = [{ name = "Li Wei", role = "terminologist", sha256 = "…" }]`,
/// the digest as `printf %s TOKEN | sha256sum` prints it) and from SHUYU_TOKENS
/// (`name:role:token,…`, hashed at start). A non-loopback --bind is refused until tokens are
/// configured; then every request from another machine needs a token.
///
/// Changes go to the last glossary served when it is a file (the built-in glossary and
/// folders are not written), one at a time, through the same locked, atomic, comment-keeping
/// update as `shuyu merge`, and are served at once.
///
/// Once it accepts connections it prints `listening on http://ADDRESS` on stderr (--bind
/// 127.0.0.1:0 picks a free port). SIGTERM or ctrl-c stops it after the requests in flight.
/// Set SHUYU_LOG=debug to log every request. docs/api.md documents every endpoint.
///
/// Examples:
///   shuyu serve                                   # http://127.0.0.1:8077
///   shuyu serve --glossary glossary/team.yaml --bind 127.0.0.1:9000
///   curl -s localhost:8077/v1/entries?q=能力建设
///   curl -s localhost:8077/v1/check -d '{"text": "加强能力构建"}'
///   curl -s localhost:8077/v2/check -d language=zh-CN --data-urlencode text=加强能力构建
///   SHUYU_TOKENS=li:terminologist:$(cat ~/.shuyu-token) shuyu serve \
///       --glossary glossary/team.yaml --git-commit
///   curl -s localhost:8077/v1/candidates?limit=10
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Glossary to use instead of the configuration file's or the built-in one: a file, a
    /// folder (its .yaml and .yml files) or `builtin`. Repeatable; later ones override
    /// earlier ones by id.
    #[arg(long)]
    glossary: Vec<PathBuf>,
    #[command(flatten)]
    config: super::config::ConfigArgs,
    /// Address and port to listen on; loopback only unless tokens are configured (port 0:
    /// any free port).
    #[arg(long, default_value = serve::DEFAULT_BIND, value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// Largest request body, in bytes; larger ones get 413.
    #[arg(long, default_value_t = serve::DEFAULT_MAX_BODY, value_name = "BYTES")]
    max_body: usize,
    /// Longest a request may take, in seconds; slower ones get 503. Changes to entries are not
    /// cut short: they wait at most 10 s for the glossary's lock, then get 503 unwritten.
    #[arg(long, default_value_t = serve::DEFAULT_TIMEOUT.as_secs_f64(), value_name = "SECS")]
    timeout: f64,
    /// Commit each change in the glossary's git repository, authored by the token's holder
    /// (the glossary must be in a git work tree).
    #[arg(long)]
    git_commit: bool,
}

pub fn run(a: Args) -> Result<ExitCode, shuyu::Error> {
    let timeout = Duration::try_from_secs_f64(a.timeout)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            shuyu::Error::Usage(format!(
                "--timeout {}: a positive number of seconds",
                a.timeout
            ))
        })?;
    if a.max_body == 0 {
        return Err(shuyu::Error::Usage("--max-body 0: at least 1 byte".into()));
    }
    logging();
    let (file, _) = a.config.load()?;
    let mut tokens = file
        .as_ref()
        .map(|c| c.serve.tokens.clone())
        .unwrap_or_default();
    if let Ok(env) = std::env::var("SHUYU_TOKENS") {
        tokens.extend(serve::tokens_from_env(&env)?);
    }
    let tokens = Tokens::new(tokens);
    serve::check_bind(a.bind, &tokens)?;
    let sources = config::glossary_sources(&a.glossary, file.as_ref());
    let compiled = Compiled::load(&sources)?;
    let entries = compiled.glossary().entries.len();
    let store = Arc::new(Store::new(compiled, sources));
    let opts = Options {
        bind: a.bind,
        max_body: a.max_body,
        timeout,
        poll: Duration::from_secs(1),
        tokens,
        git_commit: a.git_commit,
    };
    serve::run(opts, store, |addr| {
        eprintln!("shuyu: serving {entries} glossary entries; listening on http://{addr}");
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Logs to stderr: reloads and shutdown by default, every request with SHUYU_LOG=debug
/// (any tracing filter works: SHUYU_LOG=tower_http=debug).
fn logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHUYU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
