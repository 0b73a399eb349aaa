//! The review workflow of `shuyu serve` over real HTTP on 127.0.0.1: proposals, edits,
//! approvals, rejections and variants change the glossary file exactly as asked (other
//! entries keep their bytes and comments), ETags guard every change, roles decide who may
//! do what, concurrent and interrupted writes leave a file that loads, and `--git-commit`
//! commits each change as its reviewer.

mod common;

use common::output;
use serde_json::{Value, json};
use shuyu::glossary::{Glossary, Status};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod serve_http;
use serve_http::{Reply, Rng, Server, reply};

const TERM: &str = "terminologist-token-0123456789";
const TRANS: &str = "translator-token-0123456789";
const TOKENS: &str = "Li Wei <li.wei@example.org>:terminologist:terminologist-token-0123456789,\
                      Wang Fang:translator:translator-token-0123456789";

const HEAD: &str = "# Team glossary: reviewed in shuyu serve\nversion: 1\nname: team\nentries:\n\n  # Reviewed\n  - {id: ict, type: term, status: approved, zh: 信息和通信技术, en: information and communications technologies}   # hand formatted\n";

const CANDIDATES: &str = "
  - id: cand-a
    type: term
    status: candidate
    zh: 网络韧性
    stats: { freq: 5, docs: 2 }
    contexts:
      - { file: a.txt, line: 3, text: 提高网络韧性 }
    en_suggestions:
      - { en: cyber resilience, score: 0.9, support: 4 }

  - id: cand-b
    type: term
    status: candidate
    zh: 网络复原力
    stats: { freq: 9, docs: 1 }
";

/// A temporary folder holding `glossary.yaml` with `text`, and a server writing it.
fn serve(text: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Server) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("glossary.yaml");
    std::fs::write(&path, text).unwrap();
    let mut args = vec!["--no-config", "--glossary", "glossary.yaml"];
    args.extend_from_slice(extra);
    let s = Server::start_env(dir.path(), &args, &[("SHUYU_TOKENS", TOKENS)]);
    (dir, path, s)
}

fn load(path: &Path) -> Glossary {
    Glossary::parse(&std::fs::read_to_string(path).unwrap(), path).unwrap()
}

/// `method path` with a JSON body, a bearer token and an If-Match header when given.
fn send(
    s: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    tag: Option<&str>,
    body: &[u8],
) -> Reply {
    let url = s.url(path);
    let mut r = match method {
        "POST" => s.agent.post(&url),
        _ => s.agent.patch(&url),
    }
    .header("Content-Type", "application/json");
    if let Some(t) = token {
        r = r.header("Authorization", format!("Bearer {t}"));
    }
    if let Some(t) = tag {
        r = r.header("If-Match", t);
    }
    reply(r.send(body))
}

fn etag_of(s: &Server, id: &str) -> String {
    let r = s.get(&format!("/v1/entries/{id}"));
    assert_eq!(r.status, 200, "{}", r.body);
    r.header("etag").unwrap().to_owned()
}

fn patch(s: &Server, id: &str, token: &str, body: &Value) -> Reply {
    let tag = etag_of(s, id);
    send(
        s,
        "PATCH",
        &format!("/v1/entries/{id}"),
        Some(token),
        Some(&tag),
        body.to_string().as_bytes(),
    )
}

#[test]
fn propose_approve_reject_and_variant_change_the_file_as_asked() {
    let text = format!("{HEAD}{CANDIDATES}");
    let (_dir, path, s) = serve(&text, &[]);
    let before = load(&path);

    let r = send(
        &s,
        "POST",
        "/v1/entries",
        Some(TRANS),
        None,
        json!({"zh": "网络安全事件", "en": "cyber incident", "note": "from A/78/1"})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    let id = v["entry"]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cand-"), "{id}");
    assert_eq!(v["by"], "Wang Fang");
    assert_eq!(v["entry"]["status"], "candidate");
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/entries/{id}").as_str())
    );
    assert_eq!(r.header("etag"), v["etag"].as_str());
    // Served at once.
    assert_eq!(s.get(&format!("/v1/entries/{id}")).status, 200);

    let r = patch(
        &s,
        "cand-a",
        TERM,
        &json!({"action": "approve", "en": "cyber resilience"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = patch(
        &s,
        "cand-b",
        TERM,
        &json!({"action": "variant", "variant_of": "cand-a", "as": "admitted"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(
        v["target"]["entry"]["zh"]["admitted"],
        json!(["网络复原力"])
    );
    assert_eq!(v["as"], "admitted");
    assert_eq!(v["entry"]["status"], "rejected");
    assert_eq!(v["removed"], true, "its form is now cand-a's");
    assert_eq!(s.get("/v1/entries/cand-b").status, 404);
    let r = patch(
        &s,
        &id,
        TERM,
        &json!({"action": "variant", "variant_of": "cand-a"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["as"], "suggested");

    let after = load(&path);
    assert_eq!(after.entries.len(), before.entries.len());
    assert_eq!(after.entries[0], before.entries[0], "untouched");
    let a = &after.entries[1];
    assert_eq!(a.status, Status::Approved);
    assert_eq!(a.en.as_ref().unwrap().preferred, "cyber resilience");
    assert_eq!(a.zh.as_ref().unwrap().admitted, vec!["网络复原力"]);
    assert_eq!(a.suggested_variants, vec!["网络安全事件"]);
    assert!(
        a.en_suggestions.is_empty(),
        "reviewed entries keep no suggestions"
    );
    assert_eq!(a.contexts, before.entries[1].contexts);
    // Who changed it, and when, without --git-commit.
    assert_eq!(
        a.changed.as_ref().unwrap().by,
        "Li Wei <li.wei@example.org>"
    );
    assert!(after.entries.iter().all(|e| e.id != "cand-b"));
    let new = &after.entries[2];
    assert_eq!(
        (new.id.as_str(), new.status),
        (id.as_str(), Status::Rejected)
    );
    assert_eq!(new.note.as_deref(), Some("from A/78/1"));
    // The header (but the version the stamps need), the hand-formatted entry and its
    // comments keep their bytes.
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(
        now.starts_with(&HEAD.replace("version: 1", "version: 3")),
        "{now}"
    );
    let lint = output(&["glossary", "lint", "-q", path.to_str().unwrap()]);
    assert!(lint.status.success(), "lint-clean: {now}");
}

#[test]
fn candidates_are_queued_by_score_with_their_contexts() {
    let (_dir, _path, s) = serve(&format!("{HEAD}{CANDIDATES}"), &[]);
    let v = s.get("/v1/candidates").json();
    assert_eq!(v["total"], 2);
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["entry"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cand-a", "cand-b"], "5 × (1 + log2 2) = 10 > 9 × 1");
    assert_eq!(v["results"][0]["score"], 10.0);
    assert_eq!(
        v["results"][0]["entry"]["en_suggestions"][0]["en"],
        "cyber resilience"
    );
    assert_eq!(
        v["results"][0]["entry"]["contexts"][0]["text"],
        "提高网络韧性"
    );
    assert!(v["results"][0]["etag"].as_str().unwrap().starts_with('"'));
    let page = s.get("/v1/candidates?limit=1&offset=1").json();
    assert_eq!(page["results"][0]["entry"]["id"], "cand-b");
    s.get("/v1/candidates?limit=100000").problem(400);
    s.get("/v1/candidates?colour=red").problem(400);
}

#[test]
fn etags_and_roles_guard_every_change() {
    let (_dir, path, s) = serve(&format!("{HEAD}{CANDIDATES}"), &[]);
    let body = json!({"note": "x"}).to_string();
    let tag = etag_of(&s, "cand-a");
    let at = "/v1/entries/cand-a";
    send(&s, "PATCH", at, None, Some(&tag), body.as_bytes()).problem(401);
    send(
        &s,
        "PATCH",
        at,
        Some("wrong-token-wrong-token"),
        Some(&tag),
        body.as_bytes(),
    )
    .problem(401);
    send(&s, "POST", "/v1/entries", None, None, br#"{"zh": "x"}"#).problem(401);
    send(&s, "PATCH", at, Some(TRANS), None, body.as_bytes()).problem(428);
    let stale = send(
        &s,
        "PATCH",
        at,
        Some(TRANS),
        Some("\"0000000000000000\""),
        body.as_bytes(),
    );
    let p = stale.problem(412);
    assert_eq!(p["entry"]["id"], "cand-a");
    assert_eq!(p["etag"], tag.as_str());
    // A translator edits a candidate, but neither approves nor touches an approved entry.
    assert_eq!(
        send(&s, "PATCH", at, Some(TRANS), Some(&tag), body.as_bytes()).status,
        200
    );
    patch(
        &s,
        "cand-a",
        TRANS,
        &json!({"action": "approve", "en": "x"}),
    )
    .problem(403);
    patch(&s, "ict", TRANS, &json!({"note": "mine now"})).problem(403);
    patch(&s, "ict", TRANS, &json!({"action": "reject"})).problem(403);
    // A terminologist edits it; approving without English is refused.
    assert_eq!(
        patch(&s, "ict", TERM, &json!({"note": "checked"})).status,
        200
    );
    patch(&s, "cand-b", TERM, &json!({"action": "approve"})).problem(422);
    send(
        &s,
        "PATCH",
        "/v1/entries/nope",
        Some(TERM),
        Some("*"),
        b"{}",
    )
    .problem(404);
    send(
        &s,
        "POST",
        "/v1/entries",
        Some(TRANS),
        None,
        r#"{"zh": "网络韧性"}"#.as_bytes(),
    )
    .problem(409);
    send(
        &s,
        "POST",
        "/v1/entries",
        Some(TRANS),
        None,
        br#"{"zh": " "}"#,
    )
    .problem(422);
    send(
        &s,
        "POST",
        "/v1/entries",
        Some(TRANS),
        None,
        br#"{"zh": "x", "id": "Bad_Id"}"#,
    )
    .problem(422);
    assert_eq!(
        patch(&s, "cand-b", TERM, &json!({"action": "reject"})).json()["entry"]["status"],
        "rejected"
    );
    let g = load(&path);
    assert_eq!(g.entries[0].note.as_deref(), Some("checked"));
    assert_eq!(g.entries[1].note.as_deref(), Some("x"));
    assert_eq!(g.entries[1].status, Status::Candidate);
}

#[test]
fn two_edits_with_one_etag_give_one_200_and_one_412() {
    let (_dir, path, s) = serve(&format!("{HEAD}{CANDIDATES}"), &[]);
    for round in 0..3 {
        let tag = etag_of(&s, "cand-a");
        let statuses: Vec<u16> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..2)
                .map(|i| {
                    let (s, tag) = (&s, &tag);
                    sc.spawn(move || {
                        let body = json!({"note": format!("round {round} writer {i}")}).to_string();
                        send(
                            s,
                            "PATCH",
                            "/v1/entries/cand-a",
                            Some(TERM),
                            Some(tag),
                            body.as_bytes(),
                        )
                        .status
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(sorted, [200, 412], "{statuses:?}");
        let note = load(&path).entries[1].note.clone().unwrap();
        assert!(note.starts_with(&format!("round {round} ")), "{note}");
    }
}

#[test]
fn fifty_concurrent_approvals_all_land_and_the_watcher_stays_quiet() {
    let mut text = HEAD.to_owned();
    for i in 0..50 {
        text.push_str(&format!(
            "\n  - id: c{i}\n    type: term\n    status: candidate\n    zh: 术语{i}\n"
        ));
    }
    let (_dir, path, s) = serve(&text, &[]);
    let statuses: Vec<u16> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..50)
            .map(|i| {
                let s = &s;
                sc.spawn(move || {
                    patch(
                        s,
                        &format!("c{i}"),
                        TERM,
                        &json!({"action": "approve", "en": format!("term {i}")}),
                    )
                    .status
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|&c| c == 200), "{statuses:?}");
    let g = load(&path);
    assert_eq!(g.entries.len(), 51);
    for (i, e) in g.entries[1..].iter().enumerate() {
        assert_eq!(e.status, Status::Approved, "{}", e.id);
        assert_eq!(e.en.as_ref().unwrap().preferred, format!("term {i}"));
    }
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(
        now.starts_with(&HEAD.replace("version: 1", "version: 3")),
        "{now}"
    );
    // The service's own writes are not reloads from disk.
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(s.get("/healthz").json()["reloads"], 0);
}

#[test]
fn kill_9_during_writes_leaves_a_glossary_that_loads() {
    let mut rng = Rng(0x5eed_0020);
    for round in 0..4 {
        let (_dir, path, s) = serve(HEAD, &[]);
        let pid = s.pid().to_string();
        let wait = 50 + rng.below(400) as u64;
        std::thread::scope(|sc| {
            let s = &s;
            sc.spawn(move || {
                for i in 0..1000 {
                    let body = json!({"zh": format!("术语{round}x{i}"), "id": format!("t{i}")})
                        .to_string();
                    let url = s.url("/v1/entries");
                    let r = s
                        .agent
                        .post(&url)
                        .header("Authorization", format!("Bearer {TRANS}"))
                        .header("Content-Type", "application/json")
                        .send(body.as_bytes());
                    if r.is_err() {
                        return;
                    }
                }
            });
            std::thread::sleep(Duration::from_millis(wait));
            Command::new("kill").args(["-KILL", &pid]).status().unwrap();
        });
        // An old or a new version: it loads, and holds the first n proposals in order.
        let g = load(&path);
        for (i, e) in g.entries[1..].iter().enumerate() {
            assert_eq!(e.id, format!("t{i}"), "round {round}");
        }
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(
            now.starts_with(HEAD) || now.starts_with(&HEAD.replace("version: 1", "version: 3"))
        );
    }
}

#[test]
fn git_commit_commits_each_change_as_its_reviewer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("glossary.yaml");
    std::fs::write(&path, format!("{HEAD}{CANDIDATES}")).unwrap();
    // Refused at start outside a work tree.
    let out = output(&[
        "serve",
        "--no-config",
        "--glossary",
        path.to_str().unwrap(),
        "--git-commit",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in a git work tree"));

    let git = |args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    git(&["init", "-q"]);
    git(&["add", "glossary.yaml"]);
    git(&["commit", "-q", "-m", "start"]);
    let s = Server::start_env(
        dir.path(),
        &["--no-config", "--glossary", "glossary.yaml", "--git-commit"],
        &[("SHUYU_TOKENS", TOKENS)],
    );
    let r = patch(
        &s,
        "cand-a",
        TERM,
        &json!({"action": "approve", "en": "cyber resilience"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let hash = r.json()["commit"].as_str().unwrap().to_owned();
    let r = send(
        &s,
        "POST",
        "/v1/entries",
        Some(TRANS),
        None,
        r#"{"zh": "数字鸿沟"}"#.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let log = git(&["log", "--format=%H|%an|%ae|%s"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(
        lines[0].contains("|Wang Fang||glossary: propose cand-"),
        "{log}"
    );
    assert_eq!(
        lines[1],
        format!("{hash}|Li Wei|li.wei@example.org|glossary: approve cand-a")
    );
    assert_eq!(git(&["status", "--porcelain", "glossary.yaml"]), "");
}

#[test]
fn a_non_loopback_bind_is_allowed_once_tokens_exist() {
    // 192.0.2.1 (TEST-NET) is no address of this machine: the bind itself fails, after the
    // check that refuses it without tokens.
    let run = |env: &[(&str, &str)]| {
        Command::new(env!("CARGO_BIN_EXE_shuyu"))
            .args(["serve", "--no-config", "--bind", "192.0.2.1:8077"])
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let without = run(&[]);
    assert!(String::from_utf8_lossy(&without.stderr).contains("not a loopback address"));
    let with = run(&[("SHUYU_TOKENS", TOKENS)]);
    assert_eq!(with.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&with.stderr).contains("not a loopback address"));
    let bad = run(&[("SHUYU_TOKENS", "li:boss:0123456789abcdefghij")]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SHUYU_TOKENS"));
}

#[test]
fn tokens_from_the_configuration_file_are_digests() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("glossary.yaml"),
        format!("{HEAD}{CANDIDATES}"),
    )
    .unwrap();
    let hex: String = sha2::Sha256::digest(TERM.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let toml = format!(
        "glossaries = [\"glossary.yaml\"]\n[serve]\ntokens = [{{ name = \"Li Wei\", role = \"terminologist\", sha256 = \"{hex}\" }}]\n"
    );
    std::fs::write(dir.path().join("shuyu.toml"), toml).unwrap();
    let s = Server::start_in(dir.path(), &[]);
    assert_eq!(
        patch(&s, "cand-a", TERM, &json!({"action": "reject"})).status,
        200
    );
    patch(&s, "cand-b", TRANS, &json!({"action": "reject"})).problem(401);
    drop(s);
    std::fs::write(dir.path().join("shuyu.toml"), "[serve]\ntokens = [{ name = \"x\", role = \"translator\", sha256 = \"abc\", colour = 1 }]\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_shuyu"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shuyu.toml"));
}

#[test]
fn no_body_makes_the_write_endpoints_fail() {
    let (_dir, path, s) = serve(&format!("{HEAD}{CANDIDATES}"), &[]);
    let mut rng = Rng(0x20_2020);
    let good = [
        json!({"zh": "数据治理", "en": {"preferred": "data governance", "admitted": ["governance of data"]}}).to_string(),
        json!({"action": "variant", "variant_of": "cand-b", "as": "suggested"}).to_string(),
        json!({"action": "approve", "en": "x", "zh": {"preferred": "网络韧性", "deprecated": []}}).to_string(),
    ];
    for i in 0..300 {
        let base = good[i % good.len()].as_bytes();
        let body: Vec<u8> = match rng.below(3) {
            0 => base[..rng.below(base.len() + 1)].to_vec(),
            1 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
            _ => {
                let mut b = base.to_vec();
                let at = rng.below(b.len());
                b[at] = rng.next() as u8;
                b
            }
        };
        let r = if i % 2 == 0 {
            send(&s, "POST", "/v1/entries", Some(TRANS), None, &body)
        } else {
            send(
                &s,
                "PATCH",
                "/v1/entries/cand-a",
                Some(TERM),
                Some("*"),
                &body,
            )
        };
        assert!(
            r.status < 500,
            "{} for {:?}: {}",
            r.status,
            String::from_utf8_lossy(&body),
            r.body
        );
    }
    load(&path);
    assert_eq!(s.get("/healthz").json()["status"], "ok");
}

#[test]
fn a_change_waiting_for_the_lock_past_the_timeout_answers_what_happened() {
    // --timeout cuts reads short with 503; a change that waits for another writer's lock must
    // not get a 503 and then land.
    let (_dir, path, s) = serve(&format!("{HEAD}{CANDIDATES}"), &["--timeout", "1"]);
    let lock =
        shuyu::util::fs::GlossaryLock::acquire(&path, Duration::from_secs(5), &mut || {}).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(2500));
        drop(lock);
    });
    let r = patch(&s, "cand-a", TERM, &json!({"action": "reject"}));
    release.join().unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let a = load(&path)
        .entries
        .into_iter()
        .find(|e| e.id == "cand-a")
        .unwrap();
    assert_eq!(a.status, Status::Rejected);
}
