//! Two `shuyu serve` processes behind one glossary repository, as docs/deploy.md deploys
//! them: a writer and a read replica, each on its own `git clone`. A change committed on the
//! writer's clone is served by the replica once it has pulled and reloaded, and from then on
//! both answer alike. Loopback only; needs `git`.

mod common;

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod serve_http;
use serve_http::Server;

const GLOSSARY: &str = "glossary.yaml";

/// The glossary before the review: 能力建设 proposed, no English, nothing deprecated.
const BEFORE: &str = "version: 1\nentries:\n- id: capacity-building\n  status: candidate\n  \
                      zh: 能力建设\n- id: member-states\n  status: approved\n  zh: 会员国\n  \
                      en: Member States\n";

/// The same glossary after a terminologist approved 能力建设 with its UN English and marked
/// 能力构建 as not to be used.
const AFTER: &str = "version: 1\nentries:\n- id: capacity-building\n  status: approved\n  \
                     zh:\n    preferred: 能力建设\n    deprecated: [能力构建]\n  en: \
                     capacity-building\n- id: member-states\n  status: approved\n  zh: 会员国\n  \
                     en: Member States\n";

/// Runs `git args…` in `dir` with no user or system configuration; panics when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn git_available() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

/// A bare repository holding `BEFORE`, and two clones of it, `writer` and `reader`.
fn repository(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let seed = root.join("seed");
    std::fs::create_dir(&seed).unwrap();
    git(&seed, &["init", "-q"]);
    std::fs::write(seed.join(GLOSSARY), BEFORE).unwrap();
    git(&seed, &["add", GLOSSARY]);
    git(&seed, &["commit", "-q", "-m", "glossary: first entries"]);
    git(root, &["clone", "-q", "--bare", "seed", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "writer"]);
    git(root, &["clone", "-q", "origin.git", "reader"]);
    (root.join("writer"), root.join("reader"))
}

/// The entry `id` as `s` serves it: its ETag and body, or `None` when it answers 404.
fn entry(s: &Server, id: &str) -> Option<(String, Value)> {
    let r = s.get(&format!("/v1/entries/{id}"));
    if r.status == 404 {
        return None;
    }
    assert_eq!(r.status, 200, "{}", r.body);
    Some((r.header("etag").expect("an ETag").to_owned(), r.json()))
}

/// Polls `/healthz` until `done` holds (the glossary is looked at every second).
fn wait_until(s: &Server, what: &str, done: impl Fn(&Server) -> bool) {
    let started = Instant::now();
    while !done(s) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what}: not within 30 s; /healthz says {}",
            s.get("/healthz").body
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn reloads(s: &Server) -> u64 {
    s.get("/healthz").json()["reloads"].as_u64().unwrap()
}

fn check(s: &Server, text: &str) -> Value {
    let r = s.post_json("/v1/check", &json!({ "text": text }));
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

#[test]
fn a_change_committed_on_the_writer_is_served_by_the_replica_after_its_pull() {
    if !git_available() {
        println!("git not found: serve_replicas skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (writer_dir, reader_dir) = repository(dir.path());
    let args = ["--no-config", "--glossary", GLOSSARY];
    let writer = Server::start_in(&writer_dir, &args);
    let reader = Server::start_in(&reader_dir, &args);

    // Same files, same answers: the replicas are interchangeable behind a load balancer.
    let (tag, before) = entry(&writer, "capacity-building").unwrap();
    assert_eq!(
        entry(&reader, "capacity-building"),
        Some((tag.clone(), before.clone()))
    );
    assert_eq!(before["status"], "candidate");
    let text = "各国应加强能力构建。";
    assert_eq!(check(&reader, text)["findings"], json!([]));

    // The writer's change, committed as `serve --git-commit` commits it, and pushed.
    std::fs::write(writer_dir.join(GLOSSARY), AFTER).unwrap();
    git(
        &writer_dir,
        &[
            "commit",
            "-q",
            "-a",
            "-m",
            "glossary: approve capacity-building",
        ],
    );
    git(&writer_dir, &["push", "-q", "origin", "main"]);
    wait_until(&writer, "the writer reloads its own change", |s| {
        entry(s, "capacity-building").is_some_and(|(t, _)| t != tag)
    });
    let (new_tag, after) = entry(&writer, "capacity-building").unwrap();
    assert_eq!(after["status"], "approved");
    assert_eq!(after["en"]["preferred"], "capacity-building");

    // The replica serves what its clone holds until it pulls: the old entry, the old ETag.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(reloads(&reader), 0);
    assert_eq!(
        entry(&reader, "capacity-building"),
        Some((tag.clone(), before))
    );

    git(&reader_dir, &["pull", "-q", "--ff-only"]);
    wait_until(&reader, "the replica reloads after git pull", |s| {
        reloads(s) == 1
    });
    assert_eq!(
        entry(&reader, "capacity-building"),
        Some((new_tag.clone(), after))
    );
    assert_ne!(new_tag, tag);
    // An entry the change did not touch keeps its ETag on both.
    assert_eq!(
        entry(&reader, "member-states").map(|e| e.0),
        entry(&writer, "member-states").map(|e| e.0)
    );
    // The approved entry now checks on the replica exactly as on the writer.
    let (on_reader, on_writer) = (check(&reader, text), check(&writer, text));
    assert_eq!(on_reader, on_writer);
    let findings = on_reader["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{on_reader}");
    assert_eq!(findings[0]["rule"], "deprecated-zh");
    assert_eq!(findings[0]["found"], "能力构建");
    let health = reader.get("/healthz").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["entries"], 2);
}
