//! The HTML export: self-contained, and in headless Chromium a `#q=` link shows the matching
//! entry and hides the others. The browser tests need Debian's chromium, so a plain `cargo test`
//! ignores them; `.ci/run` installs it and runs them with `--ignored`.

mod common;
use common::shuyu;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn export(dir: &Path) -> PathBuf {
    let out = dir.join("glossary.html");
    let r = shuyu(&["export", "--format", "html", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    out
}

/// Entries in the shipped glossary, which the page lists.
fn entries() -> usize {
    shuyu::glossary::Glossary::builtin().entries.len()
}

#[test]
fn page_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(export(dir.path())).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<script type=\"application/json\" id=\"glossary-data\">[{"));
    // Nothing is fetched: no external scripts, styles, images or fonts.
    for needle in ["src=", "href=", "@import", "url(", "http://", "https://"] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert!(!html.contains("{{"), "every placeholder filled");
}

/// Percent-encodes a fragment value the way a browser's address bar would.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The DOM Chromium renders for `url`.
fn dump_dom(url: &str) -> String {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} not installed (apt-get install chromium)"
    );
    // One browser at a time: the machines this runs on are small.
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let profile = tempfile::tempdir().unwrap();
    // The DOM goes to a file, not a pipe: a page larger than the pipe buffer would block
    // Chromium while this waits for it to exit.
    let dom_path = profile.path().join("dom.html");
    let dom_file = std::fs::File::create(&dom_path).unwrap();
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(dom_file)
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(child.wait().unwrap().success(), "chromium failed");
    std::fs::read_to_string(&dom_path).unwrap()
}

/// Whether the entry with `id` is on the page and not hidden (the page leaves entries that
/// do not match out of the DOM).
fn shown(dom: &str, id: &str) -> bool {
    let Some(start) = dom.find(&format!("<article class=\"entry\" id=\"entry-{id}\"")) else {
        return false;
    };
    let end = start + dom[start..].find('>').unwrap();
    !dom[start..=end].contains(" hidden")
}

#[test]
#[ignore = "needs chromium"]
fn query_in_the_link_shows_the_match_and_hides_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let page = export(dir.path());
    let url = format!("file://{}#q={}", page.display(), encode("能力建设"));
    let dom = dump_dom(&url);
    assert!(shown(&dom, "capacity-building"));
    for other in ["general-assembly", "ict", "oewg"] {
        assert!(!shown(&dom, other), "{other}");
    }
    assert_eq!(dom.matches("<article ").count(), 1);
    assert!(
        dom.contains("<mark>能力建设</mark>"),
        "the match is highlighted"
    );
    assert!(
        dom.contains(&format!(">1 of {} entries<", entries())),
        "the count says so"
    );
    // Deprecated forms are struck through.
    assert!(dom.contains("<del class=\"form\" title=\"deprecated: do not use\">能力构建</del>"));
}

#[test]
#[ignore = "needs chromium"]
fn english_query_case_insensitive_and_no_match() {
    let dir = tempfile::tempdir().unwrap();
    let page = export(dir.path());
    let url = format!(
        "file://{}#q={}",
        page.display(),
        encode("OPEN-ENDED working group")
    );
    let dom = dump_dom(&url);
    assert!(shown(&dom, "oewg"));
    assert!(!shown(&dom, "capacity-building"));

    let url = format!("file://{}#q=zzzzzz", page.display());
    let dom = dump_dom(&url);
    assert!(dom.contains(&format!(">0 of {} entries<", entries())));
    assert!(
        !dom.contains("<p id=\"empty\" hidden"),
        "the empty notice shows"
    );

    // With no query every entry of the shipped glossary is listed (fewer than the page's
    // limit), in glossary order.
    let dom = dump_dom(&format!("file://{}", page.display()));
    assert_eq!(dom.matches("<article ").count(), entries());
    assert!(dom.contains("<button id=\"more\" type=\"button\" hidden=\"\">"));
}

#[test]
#[ignore = "needs chromium"]
fn markup_in_the_glossary_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let gloss = dir.path().join("g.yaml");
    std::fs::write(
        &gloss,
        "version: 1\nname: \"A <b>bold</b> & title\"\nentries:\n  - id: x\n    status: approved\n    zh: 甲\n    en: \"<img src=x onerror=alert(1)>\"\n    note: \"</script><script>document.body.dataset.pwned = 1</script>\"\n",
    )
    .unwrap();
    let page = dir.path().join("x.html");
    let r = shuyu(&[
        "export",
        "--format",
        "html",
        "--glossary",
        gloss.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<title>A &lt;b&gt;bold&lt;/b&gt; &amp; title</title>"));
    let dom = dump_dom(&format!("file://{}", page.display()));
    assert!(shown(&dom, "x"));
    assert!(!dom.contains("data-pwned"), "no script from the data ran");
    assert!(
        !dom.contains("<img"),
        "no element from the data was created"
    );
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        dom.contains("&lt;/script&gt;&lt;script&gt;document.body.dataset.pwned = 1&lt;/script&gt;")
    );
}
