//! The harness of tests/serve.rs: `shuyu serve` started on 127.0.0.1 with a free port, and
//! a blocking HTTP client for it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
/// A running `shuyu serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub agent: ureq::Agent,
}

impl Server {
    /// `shuyu serve --bind 127.0.0.1:0 args…` in `dir`, once it accepts connections.
    pub fn start_in(dir: &Path, args: &[&str]) -> Server {
        Server::start_env(dir, args, &[])
    }

    /// `start_in` with environment variables set (`SHUYU_TOKENS`).
    pub fn start_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shuyu"))
            .envs(env.iter().copied())
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the shuyu binary runs");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Reads the address, then keeps draining stderr so the server never blocks on it.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("listening on http://") {
                    let _ = tx.send(line[at + "listening on ".len()..].trim().to_owned());
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("shuyu serve prints the address it listens on");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Server { child, base, agent }
    }

    pub fn start(args: &[&str]) -> Server {
        Server::start_in(&super::common::root(), args)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path`: status, headers and body.
    pub fn get(&self, path: &str) -> Reply {
        reply(self.agent.get(self.url(path)).call())
    }

    /// POST `body` to `path` with `content_type`.
    pub fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Reply {
        reply(
            self.agent
                .post(self.url(path))
                .header("Content-Type", content_type)
                .send(body),
        )
    }

    pub fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.post(path, "application/json", body.to_string().as_bytes())
    }

    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        reply(
            self.agent
                .post(self.url(path))
                .send_form(fields.iter().copied()),
        )
    }

    /// Stops the server with SIGTERM and waits for it: its exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let started = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts a problem document with `status`.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let p = self.json();
        assert_eq!(p["status"], status);
        assert!(!p["detail"].as_str().unwrap().is_empty());
        p
    }
}

pub fn reply(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut r = r.expect("the server answers");
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    Reply {
        status: r.status().as_u16(),
        headers,
        // Lossy: a compressed body is bytes, and is only looked at for its headers.
        body: String::from_utf8_lossy(
            &r.body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_vec()
                .unwrap(),
        )
        .into_owned(),
    }
}

/// A small deterministic generator (xorshift64*), so a failure replays.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
