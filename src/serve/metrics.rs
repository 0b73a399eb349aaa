//! `GET /metrics`: counters and a latency histogram in the Prometheus text exposition format,
//! kept in memory without a metrics crate (a handful of series).

use super::state::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Requests seen, by route, method and status, and their latencies by route.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

#[derive(Default)]
struct Histogram {
    /// Requests at or under each bound of [`BUCKETS`] (not cumulative here).
    counts: [u64; BUCKETS.len()],
    over: u64,
    sum: f64,
}

impl Metrics {
    /// Records one request of `route` (the route's pattern, `unmatched` for none).
    pub fn record(&self, route: &str, method: &str, status: u16, took: Duration) {
        let mut m = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *m.requests
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default() += 1;
        let h = m.latency.entry(route.to_owned()).or_default();
        let secs = took.as_secs_f64();
        h.sum += secs;
        match BUCKETS.iter().position(|&b| secs <= b) {
            Some(i) => h.counts[i] += 1,
            None => h.over += 1,
        }
    }

    /// The exposition of every series, with the glossary's from `store`.
    pub fn render(&self, store: &Store) -> String {
        let mut o = String::new();
        let m = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        o.push_str(
            "# HELP shuyu_http_requests_total HTTP requests served, by route, method and status.\n",
        );
        o.push_str("# TYPE shuyu_http_requests_total counter\n");
        for ((route, method, status), n) in &m.requests {
            let _ = writeln!(
                o,
                "shuyu_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                escape(route),
                escape(method)
            );
        }
        o.push_str(
            "# HELP shuyu_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        o.push_str("# TYPE shuyu_http_request_duration_seconds histogram\n");
        for (route, h) in &m.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                cumulative += n;
                let _ = writeln!(
                    o,
                    "shuyu_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let total = cumulative + h.over;
            let _ = writeln!(
                o,
                "shuyu_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {total}"
            );
            let _ = writeln!(
                o,
                "shuyu_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                o,
                "shuyu_http_request_duration_seconds_count{{route=\"{route}\"}} {total}"
            );
        }
        drop(m);
        let entries = store.current().glossary().entries.len();
        let gauges = [
            (
                "shuyu_glossary_entries",
                "gauge",
                "Entries in the glossary served.",
                entries as u64,
            ),
            (
                "shuyu_glossary_reloads_total",
                "counter",
                "Reloads of the glossary after its files changed on disk.",
                store.reloads.load(Ordering::Relaxed),
            ),
            (
                "shuyu_glossary_reload_errors_total",
                "counter",
                "Reloads that failed (the last good glossary stayed in service).",
                store.reload_errors.load(Ordering::Relaxed),
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(
                o,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        o
    }
}

/// A label value as the exposition format quotes it.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
