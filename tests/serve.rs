//! `shuyu serve` over real HTTP: the binary started on 127.0.0.1 with a free port, every
//! endpoint against the shipped corpus and fixtures (and the UNPC dev set when present), the
//! answers compared with the command-line tools' on the same text. No traffic leaves the
//! machine.

mod common;

use common::{fixture, output, root};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

mod serve_http;
use serve_http::{Rng, Server, reply};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The findings of `shuyu check --format json args…` as (rule, line, column, message).
fn cli_findings(args: &[&str]) -> Vec<(String, u64, u64, String)> {
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend_from_slice(args);
    let out = output(&all);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    keys(&v["findings"], |f| f["file"].as_str().unwrap().to_owned())
        .into_iter()
        .map(|(_, k)| k)
        .collect()
}

type Key = (String, u64, u64, String);

/// Each finding's document (by `doc`) and key.
fn keys(findings: &Value, doc: impl Fn(&Value) -> String) -> Vec<(String, Key)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                doc(f),
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["message"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

/// Asserts that each finding's positions agree with each other and with the text.
fn assert_offsets(text: &str, f: &Value) {
    let (s, e) = (&f["start"], &f["end"]);
    let (sb, eb) = (
        s["byte"].as_u64().unwrap() as usize,
        e["byte"].as_u64().unwrap() as usize,
    );
    assert!(
        text.is_char_boundary(sb) && text.is_char_boundary(eb),
        "{f}"
    );
    assert_eq!(
        text[..sb].chars().count() as u64,
        s["char"].as_u64().unwrap()
    );
    assert_eq!(
        text[..sb].encode_utf16().count() as u64,
        s["utf16"].as_u64().unwrap()
    );
    assert_eq!(
        text[..eb].chars().count() as u64,
        e["char"].as_u64().unwrap()
    );
    assert_eq!(
        text[..eb].encode_utf16().count() as u64,
        e["utf16"].as_u64().unwrap()
    );
}

#[test]
fn check_gives_the_findings_of_the_cli_with_offsets_in_three_units() {
    let s = Server::start(&["--no-config"]);
    let file = fixture("check/zh/A_RES_77_36_planted.zh.md");
    let text = read(&file);
    let r = s.post_json("/v1/check", &json!({ "text": text }));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let got: Vec<Key> = keys(&v["findings"], |_| String::new())
        .into_iter()
        .map(|(_, k)| k)
        .collect();
    assert_eq!(got, cli_findings(&[file.to_str().unwrap()]));
    assert_eq!(got.len(), 2);
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["file"], "text");
        assert_offsets(&text, f);
        let (sb, eb) = (
            f["start"]["byte"].as_u64().unwrap(),
            f["end"]["byte"].as_u64().unwrap(),
        );
        // A form broken across lines is found where it is, line breaks and all.
        let at: String = text[sb as usize..eb as usize].split_whitespace().collect();
        assert_eq!(at, f["found"].as_str().unwrap());
    }
    assert_eq!(v["summary"]["errors"], 2);
    assert!(v["pair"].is_null());
}

#[test]
fn check_of_a_pair_gives_the_findings_of_check_pair() {
    let s = Server::start(&["--no-config"]);
    let (zh, en) = (
        fixture("check/pair/devset.zh"),
        fixture("check/pair/devset.en"),
    );
    let (zh_text, en_text) = (read(&zh), read(&en));
    let r = s.post_json("/v1/check", &json!({ "zh": zh_text, "en": en_text }));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let mut got = keys(&v["findings"], |f| f["file"].as_str().unwrap().to_owned());
    let out = output(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--pair",
        zh.to_str().unwrap(),
        en.to_str().unwrap(),
    ]);
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want = keys(&cli["findings"], |f| {
        let file = f["file"].as_str().unwrap();
        if file.ends_with(".zh") { "zh" } else { "en" }.to_owned()
    });
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert!(got.iter().any(|(_, k)| k.0 == "missing-en"));
    for f in v["findings"].as_array().unwrap() {
        let text = if f["file"] == "zh" {
            &zh_text
        } else {
            &en_text
        };
        assert_offsets(text, f);
    }
    assert_eq!(v["pair"]["segmentation"], "lines");
    assert_eq!(v["pair"]["swapped"], false);
}

#[test]
fn annotate_finds_every_glossary_term_with_its_entry() {
    let s = Server::start(&["--no-config"]);
    let text = format!("𠀀{}", read(&root().join("corpus/A_RES_77_36.zh.txt")));
    let r = s.post_json("/v1/annotate", &json!({ "text": text }));
    assert_eq!(r.status, 200, "{}", r.body);
    let terms = r.json()["terms"].as_array().unwrap().clone();
    assert!(terms.len() > 10, "{terms:?}");
    for t in &terms {
        assert_offsets(&text, t);
        let (sb, eb) = (
            t["start"]["byte"].as_u64().unwrap(),
            t["end"]["byte"].as_u64().unwrap(),
        );
        assert_eq!(&text[sb as usize..eb as usize], t["text"].as_str().unwrap());
        for key in ["entry", "status", "standing", "lang", "type"] {
            assert!(t[key].is_string(), "{t}");
        }
    }
    // The astral character before the text counts 1 character, 2 UTF-16 units, 4 bytes.
    let first = &terms[0]["start"];
    assert_eq!(
        first["utf16"].as_u64().unwrap(),
        first["char"].as_u64().unwrap() + 1
    );
    let ga = terms
        .iter()
        .find(|t| t["entry"] == "general-assembly")
        .expect("大会 is annotated");
    assert_eq!(ga["en"], "General Assembly");
    assert_eq!(ga["status"], "approved");
}

#[test]
fn entries_lookup_and_etags() {
    let s = Server::start(&["--no-config"]);
    let r = s.get("/v1/entries?q=%E8%83%BD%E5%8A%9B%E5%BB%BA%E8%AE%BE");
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["exact"], true);
    let hit = &v["results"][0];
    assert_eq!(hit["entry"]["id"], "capacity-building");
    assert_eq!(hit["match"]["lang"], "zh");
    let etag = hit["etag"].as_str().unwrap().to_owned();
    // English, any case, and the fuzzy fallback, as `lookup`.
    let en = s.get("/v1/entries?q=Capacity-Building").json();
    assert_eq!(en["results"][0]["entry"]["id"], "capacity-building");
    let fuzzy = s.get("/v1/entries?q=capacity%20buildings&limit=3").json();
    assert_eq!(fuzzy["exact"], false);
    assert!(fuzzy["results"].as_array().unwrap().len() <= 3);
    // Filters and limits.
    let names = s
        .get("/v1/entries?type=name&status=approved&limit=1000")
        .json();
    assert!(names["total"].as_u64().unwrap() > 0);
    for e in names["results"].as_array().unwrap() {
        assert_eq!(e["entry"]["type"], "name");
        assert_eq!(e["entry"]["status"], "approved");
    }
    s.get("/v1/entries?status=maybe").problem(400);
    s.get("/v1/entries?limit=100000").problem(400);
    // One entry, its ETag, and a conditional GET.
    let one = s.get("/v1/entries/capacity-building");
    assert_eq!(one.status, 200);
    assert_eq!(one.header("etag"), Some(etag.as_str()));
    assert_eq!(one.json()["zh"]["preferred"], "能力建设");
    let again = reply(
        s.agent
            .get(s.url("/v1/entries/capacity-building"))
            .header("If-None-Match", &etag)
            .call(),
    );
    assert_eq!(again.status, 304);
    s.get("/v1/entries/no-such-entry").problem(404);
}

#[test]
fn languagetool_check_answers_in_languagetools_shape() {
    let s = Server::start(&["--no-config"]);
    // 𠀀 is two UTF-16 units: LanguageTool offsets count them so.
    let text = "𠀀各国应加强能力构建。";
    let r = s.post_form("/v2/check", &[("text", text), ("language", "zh-CN")]);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["software"]["name"], "shuyu");
    assert!(v["software"]["apiVersion"].is_u64());
    assert_eq!(v["language"]["code"], "zh-CN");
    assert_eq!(v["language"]["detectedLanguage"]["code"], "zh-CN");
    let m = &v["matches"][0];
    assert_eq!(m["offset"], 7);
    assert_eq!(m["length"], 4);
    assert_eq!(m["rule"]["id"], "TERM_DEPRECATED");
    assert_eq!(m["rule"]["category"]["id"], "TERMINOLOGY");
    assert!(m["rule"]["description"].is_string() && m["rule"]["issueType"].is_string());
    assert_eq!(m["replacements"][0]["value"], "能力建设");
    assert!(m["message"].as_str().unwrap().contains("能力构建"));
    assert!(m["shortMessage"].is_string());
    let ctx = &m["context"];
    let units: Vec<u16> = ctx["text"].as_str().unwrap().encode_utf16().collect();
    let (o, l) = (
        ctx["offset"].as_u64().unwrap() as usize,
        ctx["length"].as_u64().unwrap() as usize,
    );
    assert_eq!(String::from_utf16(&units[o..o + l]).unwrap(), "能力构建");
    assert_eq!(m["sentence"], text);
    // With shuyu's `translation` field, the missing-equivalent rule runs too.
    let pair = s.post_form(
        "/v2/check",
        &[
            ("text", "各国应加强能力建设。"),
            ("language", "zh-CN"),
            ("translation", "States should strengthen their skills."),
        ],
    );
    let ids: Vec<Value> = pair.json()["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"]["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!("TERM_MISSING_EN")]);
    // English, by language auto-detection, on GET as well.
    let en = s.get("/v2/check?language=auto&text=We%20build%20capacity%20building%20here.");
    let en = en.json();
    assert_eq!(en["language"]["code"], "en-US");
    assert_eq!(en["matches"][0]["rule"]["id"], "TERM_DEPRECATED");
    assert_eq!(en["matches"][0]["offset"], 9);
    s.post_form("/v2/check", &[("text", "x"), ("language", "de-DE")])
        .problem(400);
    s.post_form("/v2/check", &[("language", "zh-CN")])
        .problem(400);
    assert_eq!(s.get("/v2/languages").status, 200);
    // Annotated text (`data`), as LTeX sends Markdown: offsets in the whole annotated text.
    let data = json!({"annotation": [
        {"markup": "# "}, {"text": "各国应加强"}, {"markup": "**"},
        {"text": "能力构建"}, {"markup": "**"}, {"markup": "\n\n", "interpretAs": "\n\n"}
    ]})
    .to_string();
    let marked = s.post_form("/v2/check", &[("data", &data), ("language", "zh-CN")]);
    assert_eq!(marked.status, 200, "{}", marked.body);
    let m = &marked.json()["matches"][0];
    assert_eq!(
        (m["offset"].clone(), m["length"].clone()),
        (json!(9), json!(4))
    );
    s.post_form("/v2/check", &[("data", "{\"annotation\": 3}")])
        .problem(400);
}

#[test]
fn extract_ranks_the_terms_the_cli_ranks() {
    let s = Server::start(&["--no-config"]);
    let file = root().join("corpus/A_RES_75_32.zh.txt");
    let text = read(&file);
    let r = s.post_json(
        "/v1/extract",
        &json!({ "documents": [{ "name": "a.txt", "text": text }], "top": 15, "min_freq": 2 }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let api = r.json();
    let out = output(&[
        "extract",
        "--no-config",
        "--format",
        "json",
        "--top",
        "15",
        file.to_str().unwrap(),
    ]);
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let terms = |v: &Value| -> Vec<(Value, Value)> {
        v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["term"].clone(), t["score"].clone()))
            .collect()
    };
    assert!(!terms(&api).is_empty());
    assert_eq!(terms(&api), terms(&cli));
    let contexts = &api["terms"][0]["contexts"];
    assert!(
        contexts.as_array().is_some_and(|c| !c.is_empty()),
        "{contexts}"
    );
    s.post_json("/v1/extract", &json!({ "documents": [] }))
        .problem(400);
    s.post_json(
        "/v1/extract",
        &json!({ "documents": [{"text": "x"}], "max_len": 99 }),
    )
    .problem(400);
}

#[test]
fn align_proposes_english_for_a_pair() {
    let s = Server::start(&["--no-config"]);
    let zh = read(&fixture("align/devset_excerpt.zh"));
    let en = read(&fixture("align/devset_excerpt.en"));
    let r = s.post_json("/v1/align", &json!({ "zh": zh, "en": en }));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert!(v.to_string().contains("suggestions"), "{v}");
    s.post_json("/v1/align", &json!({ "zh": "只有中文" }))
        .problem(400);
}

#[test]
fn export_writes_what_the_cli_writes() {
    let s = Server::start(&["--no-config"]);
    for (format, media) in [
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("tbx", "application/x-tbx+xml"),
        ("html", "text/html"),
    ] {
        let r = s.get(&format!("/v1/export?format={format}"));
        assert_eq!(r.status, 200, "{format}: {}", r.body);
        assert!(r.header("content-type").unwrap().starts_with(media));
        let cli = output(&["export", "--no-config", "--format", format]);
        assert_eq!(r.body, String::from_utf8(cli.stdout).unwrap(), "{format}");
    }
    let some = s.get("/v1/export?format=csv&status=approved,candidate");
    assert_eq!(some.status, 200);
    s.get("/v1/export?format=docx").problem(400);
    s.get("/v1/export?format=csv&status=gone").problem(400);
    // Compressed when asked for.
    let gz = reply(
        s.agent
            .get(s.url("/v1/export?format=html"))
            .header("Accept-Encoding", "gzip")
            .call(),
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
}

/// Waits until `/healthz` satisfies `ok`.
fn wait_health(s: &Server, ok: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let h = s.get("/healthz").json();
        if ok(&h) {
            return h;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "health never came: {h}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

const ONE_ENTRY: &str = "version: 1\nentries:\n- id: capacity-building\n  status: approved\n  zh: 能力建设\n  en: capacity-building\n";

#[test]
fn reloads_when_the_file_changes_and_keeps_the_last_good_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.yaml");
    std::fs::write(&file, ONE_ENTRY).unwrap();
    let s = Server::start(&["--no-config", "--glossary", file.to_str().unwrap()]);
    assert_eq!(s.get("/healthz").json()["entries"], 1);
    let two = format!(
        "{ONE_ENTRY}- id: member-states\n  status: approved\n  zh: 会员国\n  en: Member States\n"
    );
    std::fs::write(&file, &two).unwrap();
    wait_health(&s, |h| h["entries"] == 2 && h["reloads"] == 1);
    assert_eq!(s.get("/v1/entries/member-states").status, 200);
    std::fs::write(&file, "version: 1\nentries:\n- id: [broken\n").unwrap();
    let h = wait_health(&s, |h| h["status"] == "degraded");
    assert!(
        h["reload_error"]["message"]
            .as_str()
            .unwrap()
            .contains("team.yaml"),
        "{h}"
    );
    assert_eq!(h["entries"], 2);
    assert_eq!(s.get("/v1/entries/member-states").status, 200);
    std::fs::write(&file, ONE_ENTRY).unwrap();
    let h = wait_health(&s, |h| h["status"] == "ok" && h["entries"] == 1);
    assert!(h["reload_error"].is_null());
    let metrics = s.get("/metrics").body;
    assert!(metrics.contains("shuyu_glossary_entries 1"), "{metrics}");
    assert!(
        metrics.contains("shuyu_glossary_reloads_total 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("shuyu_glossary_reload_errors_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "shuyu_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"
        )
    );
    assert!(
        metrics
            .contains("shuyu_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"}")
    );
}

#[test]
fn the_configuration_file_names_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("team.yaml"), ONE_ENTRY).unwrap();
    std::fs::write(
        dir.path().join("shuyu.toml"),
        "glossaries = [\"team.yaml\"]\n",
    )
    .unwrap();
    let s = Server::start_in(dir.path(), &[]);
    let h = s.get("/healthz").json();
    assert_eq!(h["entries"], 1);
    assert!(
        h["sources"][0].as_str().unwrap().ends_with("team.yaml"),
        "{h}"
    );
}

#[test]
fn limits_answer_413_and_503_as_problems() {
    let s = Server::start(&["--no-config", "--max-body", "1000"]);
    let big = json!({ "text": "联合国".repeat(500) });
    s.post_json("/v1/check", &big).problem(413);
    s.get("/no/such/endpoint").problem(404);
    reply(s.agent.delete(s.url("/v1/check")).call()).problem(405);
    s.post("/v1/check", "application/json", b"{\"text\": 3}")
        .problem(400);
    s.post_json("/v1/check", &json!({ "zh": "只有中文" }))
        .problem(400);
    drop(s);
    let slow = Server::start(&["--no-config", "--timeout", "0.001"]);
    let text = read(&root().join("corpus/A_RES_75_32.zh.txt")).repeat(20);
    slow.post_json("/v1/extract", &json!({ "documents": [{ "text": text }] }))
        .problem(503);
}

#[test]
fn a_non_loopback_bind_is_refused() {
    for addr in ["0.0.0.0:0", "192.0.2.1:8077", "[::]:0"] {
        let out = output(&["serve", "--no-config", "--bind", addr]);
        assert_eq!(out.status.code(), Some(2), "{addr}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a loopback address"), "{err}");
    }
    let out = output(&["serve", "--no-config", "--timeout", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sigterm_finishes_the_requests_in_flight() {
    let s = Server::start(&["--no-config"]);
    let text = read(&root().join("corpus/A_RES_75_32.zh.txt")).repeat(40);
    let (agent, url) = (s.agent.clone(), s.url("/v1/extract"));
    let body = json!({ "documents": [{ "text": text }] }).to_string();
    let slow = std::thread::spawn(move || {
        reply(
            agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.as_bytes()),
        )
    });
    // Long enough for the request to be in flight.
    std::thread::sleep(Duration::from_millis(300));
    let status = s.terminate();
    assert!(status.success(), "{status:?}");
    let r = slow.join().unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.json()["terms"].as_array().unwrap().is_empty());
}

#[test]
fn no_body_makes_the_server_fail() {
    let s = Server::start(&["--no-config", "--max-body", "65536"]);
    let zh = "各国应加强能力构建，联合国大会𠀀\n";
    let valid: Vec<(&str, String, &str)> = vec![
        (
            "/v1/check",
            json!({ "text": zh }).to_string(),
            "application/json",
        ),
        (
            "/v1/check",
            json!({ "zh": zh, "en": "capacity building" }).to_string(),
            "application/json",
        ),
        (
            "/v1/annotate",
            json!({ "text": zh }).to_string(),
            "application/json",
        ),
        (
            "/v1/extract",
            json!({ "documents": [{ "text": zh.repeat(3) }], "top": 3 }).to_string(),
            "application/json",
        ),
        (
            "/v1/align",
            json!({ "zh": zh, "en": "States build capacity." }).to_string(),
            "application/json",
        ),
        (
            "/v2/check",
            format!(
                "language=zh-CN&text={}",
                "%E8%83%BD%E5%8A%9B%E6%9E%84%E5%BB%BA"
            ),
            "application/x-www-form-urlencoded",
        ),
    ];
    let mut rng = Rng(0x5eed_2026);
    let pieces: [&[u8]; 12] = [
        b"{",
        b"}",
        b"\"text\"",
        b":",
        b"null",
        b"[",
        b"]",
        b"\"zh\"",
        b"1e999",
        b"\xff\xfe",
        "能力构建".as_bytes(),
        b"&text=%ZZ%",
    ];
    let mut sent = 0;
    for (path, body, media) in &valid {
        let bytes = body.as_bytes();
        let r = s.post(path, media, bytes);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        let mut bodies: Vec<Vec<u8>> = Vec::new();
        // Every truncation of the valid body, at most 40 of them.
        let step = (bytes.len() / 40).max(1);
        bodies.extend((0..bytes.len()).step_by(step).map(|n| bytes[..n].to_vec()));
        for _ in 0..25 {
            let n = rng.below(200);
            bodies.push((0..n).map(|_| rng.next() as u8).collect());
            let mut mixed = Vec::new();
            for _ in 0..rng.below(12) {
                mixed.extend_from_slice(pieces[rng.below(pieces.len())]);
            }
            bodies.push(mixed);
            let mut flipped = bytes.to_vec();
            let i = rng.below(flipped.len());
            flipped[i] = rng.next() as u8;
            bodies.push(flipped);
        }
        for b in bodies {
            let r = s.post(path, media, &b);
            // 503 is the documented timeout; nothing else may be a server error.
            assert!(
                r.status < 500 || r.status == 503,
                "{path} answered {} to {:?}: {}",
                r.status,
                String::from_utf8_lossy(&b),
                r.body
            );
            if r.status >= 400 {
                r.problem(r.status);
            }
            sent += 1;
        }
    }
    assert!(sent > 300);
    assert_eq!(s.get("/healthz").json()["status"], "ok");
}

#[test]
#[ignore = "needs the shared data"]
fn dev_set_paragraphs_check_as_the_cli_checks_them() {
    let dev = root().join("../shared/corpus/unpc-devset");
    if !dev.exists() {
        panic!("needs the shared data: {} is absent", dev.display());
    }
    let lines = |ext: &str| -> Vec<String> {
        read(&dev.join(format!("UNv1.0.devset.{ext}")))
            .lines()
            .take(300)
            .map(str::to_owned)
            .collect()
    };
    let (zh, en) = (lines("zh").join("\n") + "\n", lines("en").join("\n") + "\n");
    let dir = tempfile::tempdir().unwrap();
    let (zf, ef) = (dir.path().join("p.zh"), dir.path().join("p.en"));
    std::fs::write(&zf, &zh).unwrap();
    std::fs::write(&ef, &en).unwrap();
    let s = Server::start(&["--no-config"]);
    let v = s
        .post_json("/v1/check", &json!({ "zh": zh, "en": en }))
        .json();
    let mut got = keys(&v["findings"], |f| f["file"].as_str().unwrap().to_owned());
    let out = output(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--pair",
        zf.to_str().unwrap(),
        ef.to_str().unwrap(),
    ]);
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want = keys(&cli["findings"], |f| {
        if f["file"].as_str().unwrap().ends_with(".zh") {
            "zh"
        } else {
            "en"
        }
        .to_owned()
    });
    got.sort();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    for f in v["findings"].as_array().unwrap() {
        assert_offsets(if f["file"] == "zh" { &zh } else { &en }, f);
    }
    // Each paragraph annotated on its own, as an editor sends them.
    for p in lines("zh").iter().take(100) {
        let r = s.post_json("/v1/annotate", &json!({ "text": p }));
        assert_eq!(r.status, 200);
        for t in r.json()["terms"].as_array().unwrap() {
            assert_offsets(p, t);
        }
    }
}
