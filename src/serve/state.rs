//! The glossary a service reads, compiled for checking and swapped whole when its files
//! change on disk: a request holds the glossary it started with, a reload never waits for it.

use crate::check::Checker;
use crate::error::{Error, Result};
use crate::glossary::{Glossary, GlossarySource};
use arc_swap::ArcSwap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

self_cell::self_cell!(
    /// A glossary and its checker, built once per version of the files.
    pub struct Compiled {
        owner: Glossary,
        #[covariant]
        dependent: Checker,
    }
);

impl Compiled {
    /// Loads `sources` and compiles them; an error when a file is malformed or its forms
    /// are more than an automaton can hold.
    pub fn load(sources: &[GlossarySource]) -> Result<Compiled> {
        Compiled::of(Glossary::load_sources(sources)?)
    }

    /// Compiles `glossary`, with what its first check would build made now.
    pub fn of(glossary: Glossary) -> Result<Compiled> {
        let compiled = Compiled::try_new(glossary, |g| Checker::new(g))?;
        compiled.checker().warm_up();
        Ok(compiled)
    }

    pub fn glossary(&self) -> &Glossary {
        self.borrow_owner()
    }

    pub fn checker(&self) -> &Checker<'_> {
        self.borrow_dependent()
    }
}

/// Why the last reload failed, and when; cleared by the next good one.
#[derive(Debug, Clone)]
pub struct ReloadError {
    pub message: String,
    pub at: SystemTime,
}

/// The service's glossary and what `/healthz` and `/metrics` report about it.
pub struct Store {
    current: ArcSwap<Compiled>,
    sources: Vec<GlossarySource>,
    loaded_at: Mutex<SystemTime>,
    last_error: Mutex<Option<ReloadError>>,
    /// The files as last loaded, so that the watcher does not reload what the service itself
    /// has just written and loaded.
    seen: Mutex<Vec<Stamp>>,
    /// Held by the one change written at a time, and by the watcher while it compares the
    /// files with `seen`: a file the service is writing is not mistaken for a change on disk.
    writing: Mutex<()>,
    pub reloads: AtomicU64,
    pub reload_errors: AtomicU64,
}

impl Store {
    /// A store holding `compiled`, loaded from `sources`.
    pub fn new(compiled: Compiled, sources: Vec<GlossarySource>) -> Self {
        Store {
            seen: Mutex::new(stamp(&sources)),
            writing: Mutex::new(()),
            current: ArcSwap::from_pointee(compiled),
            sources,
            loaded_at: Mutex::new(SystemTime::now()),
            last_error: Mutex::new(None),
            reloads: AtomicU64::new(0),
            reload_errors: AtomicU64::new(0),
        }
    }

    /// The glossary now served; held by a request for as long as it runs.
    pub fn current(&self) -> Arc<Compiled> {
        self.current.load_full()
    }

    pub fn sources(&self) -> &[GlossarySource] {
        &self.sources
    }

    pub fn loaded_at(&self) -> SystemTime {
        *self.loaded_at.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn last_error(&self) -> Option<ReloadError> {
        self.last_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Loads the sources again: the new glossary is served from now on, or, when the files
    /// do not load, the last good one stays and the error is kept for `/healthz`.
    pub fn reload(&self) -> std::result::Result<(), String> {
        self.load(true)
    }

    /// Held while the service changes a glossary file and loads the result: one writer at a
    /// time.
    pub fn lock_writes(&self) -> std::sync::MutexGuard<'_, ()> {
        self.writing.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Loads the sources after the service wrote one of them: served from now on, and not
    /// counted as a reload nor reloaded again by the watcher.
    pub fn reload_written(&self) -> std::result::Result<(), String> {
        self.load(false)
    }

    fn load(&self, count: bool) -> std::result::Result<(), String> {
        // Stamped before loading: a change landing in between is loaded again, never missed.
        let before = stamp(&self.sources);
        match Compiled::load(&self.sources) {
            Ok(c) => {
                self.current.store(Arc::new(c));
                *self.loaded_at.lock().unwrap_or_else(|e| e.into_inner()) = SystemTime::now();
                *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
                *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = before;
                if count {
                    self.reloads.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                self.reload_errors.fetch_add(1, Ordering::Relaxed);
                *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(ReloadError {
                    message: message.clone(),
                    at: SystemTime::now(),
                });
                Err(message)
            }
        }
    }
}

/// A file's path, size and modification time.
pub type Stamp = (PathBuf, u64, Option<SystemTime>);

/// What the files of the sources look like on disk: each file's path, size and modification
/// time (a folder stands for its glossary files). A change in any of them means a reload.
pub fn stamp(sources: &[GlossarySource]) -> Vec<Stamp> {
    let mut out = Vec::new();
    for s in sources {
        let GlossarySource::Path(p) = s else { continue };
        let files = match crate::corpus::is_dir(p) {
            Ok(true) => crate::corpus::find_files_in(
                std::slice::from_ref(p),
                crate::glossary::GLOSSARY_EXTENSIONS,
                Some(1),
            )
            .unwrap_or_default(),
            _ => vec![p.clone()],
        };
        for f in files {
            let meta = std::fs::metadata(&f).ok();
            let size = meta.as_ref().map_or(u64::MAX, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            out.push((f, size, modified));
        }
    }
    out
}

/// Follows the files of `store`'s sources, polling every `every`, and reloads when they
/// change; `on_reload` hears of each reload and its outcome. Runs until the process ends.
pub fn watch(
    store: Arc<Store>,
    every: Duration,
    on_reload: impl Fn(&std::result::Result<(), String>) + Send + 'static,
) -> Result<()> {
    if !store
        .sources
        .iter()
        .any(|s| matches!(s, GlossarySource::Path(_)))
    {
        return Ok(());
    }
    std::thread::Builder::new()
        .name("shuyu-serve-watch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(every);
                let changed = {
                    let _writes = store.lock_writes();
                    let now = stamp(&store.sources);
                    let mut seen = store.seen.lock().unwrap_or_else(|e| e.into_inner());
                    let changed = *seen != now;
                    *seen = now;
                    changed
                };
                if changed {
                    on_reload(&store.reload());
                }
            }
        })
        .map(drop)
        .map_err(|e| Error::io("the glossary watcher thread", e))
}
