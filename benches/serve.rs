//! Throughput and latency of `shuyu serve`'s `POST /v1/check` on 1 KB Chinese paragraphs of
//! the UNPC development set at 32 keep-alive connections, against the library's `Checker` on
//! the same paragraphs on as many threads as there are cores, in the same run; and the peak RSS
//! of the server with the built-in glossary. `cargo bench --bench serve`; skips when the
//! development set is absent. `SHUYU_SERVE_BIN=path` serves with another build of the binary
//! (to compare two builds, one run each).

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::ops::ControlFlow;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Connections open at once, each sending its next request when the last is answered.
const CONNECTIONS: usize = 32;
/// Requests (and in-process checks) per round.
const REQUESTS: usize = 30_000;
/// Rounds, each the in-process checks then the requests: a machine that slows down for a
/// while slows both of a round alike.
const ROUNDS: usize = 5;
/// Requests sent before measuring, to fill the caches and open every connection.
const WARM_UP: usize = 2_000;
/// A paragraph is consecutive lines of the development set, at most this many bytes.
const PARAGRAPH: usize = 1024;

fn main() {
    let Some(zh) = common::shared("corpus/unpc-devset/UNv1.0.devset.zh") else {
        println!("serve benchmark skipped: ../shared/corpus/unpc-devset not found");
        return;
    };
    let text = std::fs::read_to_string(&zh).expect("readable development set");
    let paragraphs = paragraphs(&text);
    let requests: Vec<Vec<u8>> = paragraphs.iter().map(|p| request(p)).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let glossary = shuyu::glossary::Glossary::builtin();
    let checker = shuyu::check::Checker::new(&glossary).expect("the built-in glossary compiles");
    checker.warm_up();
    let expected: Vec<usize> = paragraphs.iter().map(|p| check(&checker, p)).collect();

    let mut server = Server::start();
    let idle = server.peak_rss_mib();
    agree(&server, &requests, &expected);
    load(&server, &requests, WARM_UP);
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let me = std::process::id();
        let c0 = cpu_secs(me);
        let local = in_process(&checker, &paragraphs, cores);
        // Both ways of checking in process ran every paragraph.
        let check_cpu = (cpu_secs(me) - c0) / (2 * REQUESTS) as f64;
        let (s0, c0) = (cpu_secs(server.child.id()), cpu_secs(me));
        let http = load(&server, &requests, REQUESTS);
        let server_cpu = (cpu_secs(server.child.id()) - s0) / REQUESTS as f64;
        let client_cpu = (cpu_secs(me) - c0) / REQUESTS as f64;
        rounds.push(Round {
            local,
            http,
            cpu: [check_cpu, server_cpu, client_cpu].map(|s| s * 1e6),
        });
    }
    let peak = server.peak_rss_mib();
    server.stop();
    let mean = paragraphs.iter().map(String::len).sum::<usize>() / paragraphs.len();
    report(&rounds, paragraphs.len(), mean, cores, idle, peak);
}

/// The development set's lines gathered into paragraphs of at most `PARAGRAPH` bytes (a
/// longer line is cut at a character boundary), the last short one dropped.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !cur.is_empty() && cur.len() + 1 + line.len() > PARAGRAPH {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push('\n');
        }
        let mut end = line.len().min(PARAGRAPH - cur.len());
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        cur.push_str(&line[..end]);
    }
    out
}

/// The bytes of one `POST /v1/check` of `paragraph`, keep-alive.
fn request(paragraph: &str) -> Vec<u8> {
    let body = serde_json::json!({ "text": paragraph }).to_string();
    let mut r = format!(
        "POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body.as_bytes());
    r
}

/// How the service checks a request's text: one document named `text`, no pair. The number
/// of findings.
fn check(checker: &shuyu::check::Checker, paragraph: &str) -> usize {
    let loaded = checker
        .load_texts(vec![("text".into(), paragraph.to_owned())], &[])
        .expect("a text loads");
    let mut n = 0;
    checker
        .check_each(&loaded, None, &mut |_| {
            n += 1;
            ControlFlow::Continue(())
        })
        .expect("a text checks");
    n
}

/// Seconds for `REQUESTS` checks of the paragraphs in turn, two ways on as many threads as
/// cores, the faster kept: on rayon's pool, where the library's own parallel steps run in
/// place, and on plain threads, which hand them to the pool.
fn in_process(checker: &shuyu::check::Checker, paragraphs: &[String], threads: usize) -> f64 {
    use rayon::prelude::*;
    let one = |i: usize| std::hint::black_box(check(checker, &paragraphs[i % paragraphs.len()]));
    let started = Instant::now();
    (0..REQUESTS).into_par_iter().for_each(|i| {
        one(i);
    });
    let pool = started.elapsed().as_secs_f64();
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS {
                        break;
                    }
                    one(i);
                }
            });
        }
    });
    let plain = started.elapsed().as_secs_f64();
    println!("(in-process: {pool:.3} s on rayon's pool, {plain:.3} s on plain threads)");
    pool.min(plain)
}

/// CPU seconds (user and system) process `pid` has used so far, from /proc/PID/stat, in
/// clock ticks of 1/100 s (Linux's USER_HZ).
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
    let after_name = &stat[stat.rfind(')').expect("a process name") + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 =
        fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
    ticks as f64 / 100.0
}

/// One round: in-process seconds, the HTTP load, and CPU microseconds per request of the
/// in-process check, of the server and of the load generator.
struct Round {
    local: f64,
    http: Http,
    cpu: [f64; 3],
}

/// What one round of HTTP load gave: its wall time and every request's latency, sorted.
struct Http {
    secs: f64,
    latencies: Vec<Duration>,
}

impl Http {
    fn quantile(&self, q: f64) -> f64 {
        let i = ((self.latencies.len() as f64 * q) as usize).min(self.latencies.len() - 1);
        self.latencies[i].as_secs_f64() * 1e3
    }
}

/// Sends `count` requests, the paragraphs in turn, over `CONNECTIONS` connections.
fn load(server: &Server, requests: &[Vec<u8>], count: usize) -> Http {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..CONNECTIONS)
            .map(|_| {
                s.spawn(|| {
                    let mut conn = Connection::open(server.port);
                    let mut mine = Vec::with_capacity(count / CONNECTIONS + 1);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break mine;
                        }
                        let t = Instant::now();
                        let (status, _) = conn.send(&requests[i % requests.len()]);
                        mine.push(t.elapsed());
                        assert_eq!(status, 200, "POST /v1/check answered {status}");
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a client thread"))
            .collect()
    });
    let secs = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    Http { secs, latencies }
}

/// Asserts the service finds in each paragraph as many findings as the library does.
fn agree(server: &Server, requests: &[Vec<u8>], expected: &[usize]) {
    let mut conn = Connection::open(server.port);
    for (r, want) in requests.iter().zip(expected) {
        let (status, body) = conn.send(r);
        assert_eq!(status, 200);
        let v: Value = serde_json::from_slice(body).expect("a JSON answer");
        let got = v["findings"].as_array().map_or(0, Vec::len);
        assert_eq!(
            got, *want,
            "findings of the service and of the library differ"
        );
    }
}

/// One keep-alive HTTP/1.1 connection, reading answers with a `Content-Length`.
struct Connection {
    write: TcpStream,
    read: BufReader<TcpStream>,
    body: Vec<u8>,
}

impl Connection {
    fn open(port: u16) -> Connection {
        let write = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
        write.set_nodelay(true).expect("TCP_NODELAY");
        let read = BufReader::new(write.try_clone().expect("a second handle on the socket"));
        Connection {
            write,
            read,
            body: Vec::new(),
        }
    }

    /// Sends `request` and reads the answer: its status and body.
    fn send(&mut self, request: &[u8]) -> (u16, &[u8]) {
        self.write.write_all(request).expect("send a request");
        let mut line = String::new();
        self.read.read_line(&mut line).expect("a status line");
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP status line: {line:?}"));
        let mut length = None;
        loop {
            line.clear();
            self.read.read_line(&mut line).expect("a header line");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let length = length.expect("the service answers with a Content-Length");
        self.body.resize(length, 0);
        self.read.read_exact(&mut self.body).expect("the body");
        (status, &self.body)
    }
}

/// The release binary serving the built-in glossary on a free loopback port.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let mut child = std::env::var_os("SHUYU_SERVE_BIN")
            .map_or_else(common::shuyu, Command::new)
            .args(["serve", "--no-config", "--bind", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start shuyu serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        // Keeps draining stderr so the server never blocks writing to it.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.rfind(':')
                    && line.contains("listening on http://")
                {
                    let _ = tx.send(line[at + 1..].trim().parse::<u16>());
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("shuyu serve says where it listens")
            .expect("a port");
        Server { child, port }
    }

    /// The server's peak resident set so far (VmHWM), in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status");
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status");
        kb / 1024.0
    }

    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn report(rounds: &[Round], n: usize, mean: usize, cores: usize, idle: f64, peak: f64) {
    println!(
        "{n} paragraphs of the UNPC dev set (mean {mean} bytes), {REQUESTS} requests per round, \
         {CONNECTIONS} connections, {cores} cores; in-process: Checker on {cores} threads"
    );
    println!(
        "round  in-process req/s  HTTP req/s  ratio  p50 ms  p99 ms  max ms  \
         CPU µs/request: check  server  client"
    );
    for (i, r) in rounds.iter().enumerate() {
        let (l, h) = (REQUESTS as f64 / r.local, REQUESTS as f64 / r.http.secs);
        println!(
            "{:5}  {l:16.0}  {h:10.0}  {:5.2}  {:6.2}  {:6.2}  {:6.1}  {:20.1}  {:6.1}  {:6.1}",
            i + 1,
            h / l,
            r.http.quantile(0.50),
            r.http.quantile(0.99),
            r.http.quantile(1.0),
            r.cpu[0],
            r.cpu[1],
            r.cpu[2],
        );
    }
    let median = |k: usize| {
        let mut v: Vec<f64> = rounds.iter().map(|r| r.cpu[k]).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (check, server, client) = (median(0), median(1), median(2));
    println!(
        "median CPU per request: check {check:.1} µs in process, {server:.1} µs in the server \
         ({:.2}× the check), {client:.1} µs in the load generator; in-process ÷ (server + \
         client) = {:.2}",
        server / check,
        check / (server + client)
    );
    let mut ratios: Vec<f64> = rounds.iter().map(|r| r.local / r.http.secs).collect();
    ratios.sort_by(f64::total_cmp);
    let best_local = rounds.iter().map(|r| r.local).fold(f64::MAX, f64::min);
    let best_http = rounds.iter().map(|r| r.http.secs).fold(f64::MAX, f64::min);
    println!(
        "best of {}: in-process {:.0} req/s, HTTP {:.0} req/s; ratio per round {:.2}–{:.2}, \
         median {:.2}",
        rounds.len(),
        REQUESTS as f64 / best_local,
        REQUESTS as f64 / best_http,
        ratios[0],
        ratios[ratios.len() - 1],
        ratios[ratios.len() / 2]
    );
    println!("server peak RSS (VmHWM): {idle:.1} MiB idle, {peak:.1} MiB after the load");
}
