//! The workspace page of `shuyu serve` (`GET /`): self-contained under a strict
//! Content-Security-Policy, and, in headless Chromium driven by playwright-core
//! (tests/html/serve_page.mjs), a terminologist's search, check and approval, with the glossary
//! file on disk compared afterwards. The browser test needs Debian's chromium, Node.js and
//! playwright-core, so a plain `cargo test` ignores it; `.ci/run` installs them and runs it.

mod common;
mod serve_http;

use common::root;
use serve_http::Server;
use std::path::{Path, PathBuf};
use std::process::Command;

fn review_glossary() -> PathBuf {
    root().join("tests/html/review.yaml")
}

/// The nonce of a `Content-Security-Policy` header.
fn nonce(csp: &str) -> &str {
    let at = csp.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    &csp[at..at + csp[at..].find('\'').unwrap()]
}

#[test]
fn page_is_self_contained_under_a_strict_policy() {
    let g = review_glossary();
    let s = Server::start(&["--no-config", "--glossary", g.to_str().unwrap()]);
    let r = s.get("/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let csp = r.header("content-security-policy").unwrap().to_owned();
    assert!(csp.starts_with("default-src 'none'; "), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
    let n = nonce(&csp);
    assert_eq!(n.len(), 32);
    let html = &r.body;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("{{"), "every placeholder filled");
    // Nothing is fetched but the API: no external scripts, styles, images or fonts, and no
    // inline event handlers (the policy would block them). The icon is empty, inline, so that
    // the browser asks for no /favicon.ico.
    let html = &html.replacen("<link rel=\"icon\" href=\"data:,\">", "", 1);
    for needle in [
        "src=",
        "href=",
        "@import",
        "url(",
        "http://",
        "https://",
        " onclick=",
    ] {
        assert!(!html.contains(needle), "{needle}");
    }
    // Every script and style carries the nonce, except the data (which is not run).
    assert!(!html.contains("<script>") && !html.contains("<style>"));
    // No "</script" inside a script ends it early: only the three elements close.
    assert_eq!(html.matches("</script").count(), 3);
    let with_nonce = html.matches(&format!("nonce=\"{n}\">")).count();
    assert_eq!(with_nonce, 4, "two scripts and two styles");
    assert_eq!(html.matches(" nonce=").count(), 4);
    assert!(html.contains("<script type=\"application/json\" id=\"glossary-data\">[{"));
    assert!(
        html.contains("\"id\":\"cand-53e2a1e5\""),
        "candidates are in the search"
    );
    // The search is the HTML export's, shared rather than copied.
    assert!(html.contains(shuyu::render::export::SEARCH_SCRIPT));
    // A fresh nonce for every response.
    let again = s.get("/");
    let csp2 = again.header("content-security-policy").unwrap();
    assert_ne!(nonce(csp2), n);
}

#[test]
fn markup_in_the_glossary_stays_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.yaml"),
        "version: 2\nname: \"A <b>bold</b> & title\"\nentries:\n  - id: x\n    status: approved\n    zh: 甲\n    en: \"<img src=x>\"\n    note: \"</script><script>alert(1)</script>\"\n",
    )
    .unwrap();
    let s = Server::start_in(dir.path(), &["--no-config", "--glossary", "g.yaml"]);
    let html = s.get("/").body;
    assert!(
        html.contains("<title>A &lt;b&gt;bold&lt;/b&gt; &amp; title · shuyu workspace</title>")
    );
    assert!(!html.contains("<img src=x>"));
    assert!(!html.contains("</script><script>alert"));
    assert!(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
}

/// Where playwright-core is: `PW_MODULES`, else where `.ci/run` installs it.
fn playwright() -> PathBuf {
    std::env::var_os("PW_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/pw/node_modules"))
}

/// The lines of `text` outside the block of entry `id` (from its `- id:` line to the next
/// entry's), and the block itself.
fn split_entry<'t>(text: &'t str, id: &str) -> (String, &'t str) {
    let start = text.find(&format!("  - id: {id}\n")).expect("the entry");
    let end = text[start + 1..]
        .find("\n  - id: ")
        .map_or(text.len(), |i| start + 2 + i);
    (
        format!("{}{}", &text[..start], &text[end..]),
        &text[start..end],
    )
}

#[test]
#[ignore = "needs chromium, Node.js and playwright-core (.ci/run installs them)"]
fn a_terminologist_searches_checks_and_approves_in_the_browser() {
    let modules = playwright();
    assert!(
        modules.join("playwright-core").is_dir(),
        "playwright-core is not in {} (npm install --prefix target/pw playwright-core, or set \
         PW_MODULES)",
        modules.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let before = std::fs::read_to_string(review_glossary()).unwrap();
    std::fs::write(dir.path().join("review.yaml"), &before).unwrap();
    let token = "reviewer-token-7f3a";
    let tokens = format!("reviewer:terminologist:{token}");
    let server = Server::start_env(
        dir.path(),
        &["--no-config", "--glossary", "review.yaml"],
        &[("SHUYU_TOKENS", &tokens)],
    );
    let shots =
        std::env::var("SHUYU_SHOTS").unwrap_or_else(|_| std::env::temp_dir().display().to_string());
    let out = Command::new("node")
        .arg(root().join("tests/html/serve_page.mjs"))
        .args([&server.base, &shots])
        .env("PW_MODULES", &modules)
        .env("SHUYU_TOKEN", token)
        .env("SHUYU_APPROVE", "cand-53e2a1e5")
        .output()
        .expect("node runs (apt-get install nodejs)");
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(done["approved"], "cand-53e2a1e5");
    assert_eq!(done["en"], "international air traffic regulations");

    // On disk: that entry approved with the English picked, every other byte as it was.
    let after = std::fs::read_to_string(dir.path().join("review.yaml")).unwrap();
    let (rest_before, _) = split_entry(&before, "cand-53e2a1e5");
    let (rest_after, block) = split_entry(&after, "cand-53e2a1e5");
    // The version line says 3 now: the entry records who changed it and when (`changed`).
    let version = rest_before
        .lines()
        .find(|l| l.starts_with("version:"))
        .unwrap();
    let rest_before = rest_before.replacen(version, "version: 3", 1);
    assert_eq!(rest_after, rest_before, "only the approved entry changed");
    let g = shuyu::glossary::Glossary::parse(&after, Path::new("review.yaml")).unwrap();
    let e = g.entries.iter().find(|e| e.id == "cand-53e2a1e5").unwrap();
    assert_eq!(e.status, shuyu::glossary::Status::Approved, "{block}");
    assert_eq!(e.changed.as_ref().unwrap().by, "reviewer", "{block}");
    assert_eq!(e.zh.as_ref().unwrap().preferred, "国际空中交通管制条例");
    assert_eq!(
        e.en.as_ref().unwrap().preferred,
        "international air traffic regulations"
    );
    // As docs/api.md says an approval writes it: the English set, the status approved, the
    // machine's English suggestions dropped; stats and contexts kept; who and when.
    let at = &e.changed.as_ref().unwrap().at;
    let expected = "  - id: cand-53e2a1e5
    type: term
    status: approved
    zh: 国际空中交通管制条例
    en: international air traffic regulations
    sources: [UNv1.0.devset.zh]
    stats: { freq: 10, docs: 1 }
    contexts:
      - { file: UNv1.0.devset.zh, line: 588, text: 其一架A-400型军用飞机违反国际空中交通管制条例，未经外交许可，也没有与尼科西 }
      - { file: UNv1.0.devset.zh, line: 940, text: \"区和塞浦路斯共和国领空，违反了国际空中交通管制条例并侵犯了塞浦路斯共和国领空。 \" }
    changed: { by: reviewer, at: \"AT\" }

".replace("AT", at);
    assert_eq!(block, expected);
}
