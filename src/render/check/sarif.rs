//! SARIF 2.1.0 for `check`: what GitHub code scanning and the official schema accept, written
//! one result at a time. URIs are relative to the source root (`%SRCROOT%`) and
//! percent-encoded; results carry shuyu's fingerprint and a `primaryLocationLineHash`.

use crate::check::{Finding, Rule};
use serde::Serialize;
use std::path::{Component, Path, PathBuf};

/// The base of SARIF artifact URIs: the git repository containing the working directory, or
/// the working directory when it is in none. Paths in findings are relative to `cwd`.
#[derive(Debug, Clone)]
pub struct SourceRoot {
    root: PathBuf,
    cwd: PathBuf,
}

impl SourceRoot {
    /// The root of the working directory; a working directory that cannot be read (removed
    /// while running) leaves paths as they are, under the root `/`.
    pub fn of_cwd() -> Self {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&cwd)
            .to_owned();
        SourceRoot { root, cwd }
    }

    /// `root` as the source root of paths relative to `cwd` (both absolute).
    pub fn new(root: PathBuf, cwd: PathBuf) -> Self {
        SourceRoot { root, cwd }
    }

    /// The `file:` URI of the root, ending in `/` as SARIF requires of a base.
    fn root_uri(&self) -> String {
        let mut uri = file_uri(&normalize(&self.root));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        uri
    }

    /// The location of `file`: relative to the root with `%SRCROOT%`, or an absolute `file:`
    /// URI for a file outside it.
    fn locate(&self, file: &str) -> (String, Option<&'static str>) {
        let path = normalize(&self.cwd.join(file));
        match path.strip_prefix(normalize(&self.root)) {
            Ok(rel) => (encode(&slashed(rel)), Some(SRCROOT)),
            Err(_) => (file_uri(&path), None),
        }
    }
}

const SRCROOT: &str = "%SRCROOT%";

/// `path` with `.` and `..` resolved by name, as the path was given (links are not followed:
/// the repository's own names are wanted).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with `/` separators.
fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// `file:///…` for an absolute path.
fn file_uri(path: &Path) -> String {
    let s = slashed(path);
    let s = s.strip_prefix('/').unwrap_or(&s);
    format!("file:///{}", encode(s))
}

/// Percent-encoding (RFC 3986) of every byte but the unreserved characters and `/`: Chinese
/// names, spaces, `%`, `#`, `?` and `:` (which would make `a:b.txt` read as a scheme) are all
/// encoded.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    original_uri_base_ids: BaseIds,
    results: [(); 0],
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    srcroot: Uri,
}

#[derive(Serialize)]
struct Uri {
    uri: String,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    #[serde(rename = "informationUri")]
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<RuleDescriptor>,
    version: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    default_configuration: Level,
    full_description: Text,
    help: Help,
    help_uri: String,
    id: &'static str,
    name: &'static str,
    short_description: Text,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    markdown: String,
    text: String,
}

/// The log with an empty `results` array, split around it: what comes before the results and
/// what comes after.
pub(super) fn frame(rules: &[Rule], root: &SourceRoot) -> (String, String) {
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            original_uri_base_ids: BaseIds {
                srcroot: Uri {
                    uri: root.root_uri(),
                },
            },
            results: [],
            tool: Tool {
                driver: Driver {
                    information_uri: "https://github.com/shuyu-dev/shuyu",
                    name: "shuyu",
                    rules: rules.iter().map(|&r| descriptor(r)).collect(),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    let text = serde_json::to_string_pretty(&log).unwrap_or_default();
    // Strings are escaped, so the key with its quotes occurs only as the key.
    const RESULTS: &str = "\"results\": [";
    let at = text.find(RESULTS).map_or(text.len(), |i| i + RESULTS.len());
    let (head, tail) = text.split_at(at);
    (head.to_owned(), tail.to_owned())
}

fn descriptor(r: Rule) -> RuleDescriptor {
    RuleDescriptor {
        default_configuration: Level {
            level: r.severity().as_str(),
        },
        full_description: Text {
            text: r.help().to_owned(),
        },
        help: Help {
            markdown: r.help_markdown(),
            text: r.help_text(),
        },
        help_uri: r.help_uri(),
        id: r.id(),
        name: r.id(),
        short_description: Text {
            text: r.summary().to_owned(),
        },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: BorrowedText<'a>,
    partial_fingerprints: Fingerprints<'a>,
    properties: Properties<'a>,
    rule_id: &'static str,
    rule_index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    region: Region<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    end_column: usize,
    end_line: usize,
    snippet: BorrowedText<'a>,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct BorrowedText<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "primaryLocationLineHash")]
    line_hash: String,
    #[serde(rename = "shuyu/v1")]
    shuyu: &'a str,
}

#[derive(Serialize)]
struct Properties<'a> {
    entry: &'a str,
    expected: &'a str,
}

/// The result of finding `f`, `rules` being the rules the log describes.
pub(super) fn result<'a>(f: &'a Finding, rules: &[Rule], root: &SourceRoot) -> SarifResult<'a> {
    let (uri, uri_base_id) = root.locate(&f.file);
    SarifResult {
        level: f.severity.as_str(),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri, uri_base_id },
                region: Region {
                    end_column: f.end_column,
                    end_line: f.end_line,
                    snippet: BorrowedText { text: &f.found },
                    start_column: f.column,
                    start_line: f.line,
                },
            },
        }],
        message: BorrowedText { text: &f.message },
        partial_fingerprints: Fingerprints {
            line_hash: f.line_hash.to_string(),
            shuyu: &f.fingerprint,
        },
        properties: Properties {
            entry: &f.entry,
            expected: &f.expected,
        },
        rule_id: f.rule.id(),
        rule_index: rules.iter().position(|r| *r == f.rule).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> SourceRoot {
        SourceRoot::new("/repo".into(), "/repo/docs".into())
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        let r = root();
        assert_eq!(r.root_uri(), "file:///repo/");
        assert_eq!(
            r.locate("报告 1%#?.zh.md"),
            (
                "docs/%E6%8A%A5%E5%91%8A%201%25%23%3F.zh.md".to_owned(),
                Some(SRCROOT)
            )
        );
        assert_eq!(r.locate("a:b.zh.txt").0, "docs/a%3Ab.zh.txt");
        assert_eq!(r.locate("../a.md").0, "a.md");
        assert_eq!(
            r.locate("../../x y/a.md"),
            ("file:///x%20y/a.md".into(), None)
        );
        assert_eq!(r.locate("/repo/a.md").0, "a.md");
        let at_root = SourceRoot::new("/".into(), "/".into());
        assert_eq!(at_root.root_uri(), "file:///");
        assert_eq!(at_root.locate("a:b.md"), ("a%3Ab.md".into(), Some(SRCROOT)));
    }
}
