//! The ready-made integrations of the repository: the pre-commit hooks of
//! `.pre-commit-hooks.yaml`, run for real by pre-commit, and the composite GitHub Action of
//! `action.yml`, its shell steps run as GitHub would run them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `program args…` in `dir`; panics, naming the command, when it cannot start.
fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("{program} {}: {e}", args.join(" ")))
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// A scratch git repository with `files` staged (pre-commit's `--all-files` takes git's files).
fn scratch_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), "git", &["init", "-q"], &[])
            .status
            .success()
    );
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    assert!(run(dir.path(), "git", &["add", "."], &[]).status.success());
    dir
}

/// `pre-commit try-repo <this checkout> --all-files` in `repo`: every hook of
/// `.pre-commit-hooks.yaml`, built by pre-commit's own `cargo install` from HEAD plus the
/// changes to tracked and staged files. try-repo builds in a store of its own each time, so
/// the build goes to target/pre-commit, where a rerun compiles shuyu alone, at opt-level 1
/// and incrementally: what is tested is that the hooks build and run, not their speed.
fn try_repo(repo: &Path) -> (bool, String) {
    let root = common::root();
    let cache = root.join("target/pre-commit");
    let mut cmd = Command::new("pre-commit");
    cmd.args(["try-repo", root.to_str().unwrap(), "--all-files"])
        .current_dir(repo)
        .env("CARGO_TARGET_DIR", cache.join("build"))
        .env("PRE_COMMIT_HOME", cache.join("home"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true");
    let out = cmd.output().expect("pre-commit runs");
    (out.status.success(), text(&out))
}

/// The status pre-commit printed for the hook named `name` (`Passed`, `Failed`, …).
fn status<'a>(log: &'a str, name: &str) -> &'a str {
    log.lines()
        .find(|l| l.starts_with(name) && l.contains("..."))
        .and_then(|l| l.rsplit('.').next())
        .unwrap_or_else(|| panic!("no line for {name} in:\n{log}"))
}

const BAD_DOC: &str = "我们推动信息通信技术的发展。\n";
const GOOD_DOC: &str = "我们推动信息和通信技术的发展。\n";
const GOOD_GLOSSARY: &str = "version: 1\nentries:\n  - id: ict\n    status: approved\n    zh: {preferred: 信息和通信技术}\n    en: {preferred: ICT}\n";
const BAD_GLOSSARY: &str = "version: 1\nentries:\n  - id: Bad Id\n    status: approved\n    zh: {preferred: 信息和通信技术}\n    en: {preferred: ICT}\n";

/// The hooks as a user gets them: pre-commit builds this checkout and runs both hooks on a
/// scratch repository, once with a deprecated form in a document and a bad glossary, once
/// with both clean. The first build takes minutes; reruns compile shuyu alone. Fails,
/// rather than skips, without pre-commit.
#[test]
#[ignore = "needs pre-commit (pip install pre-commit) and builds shuyu with cargo install"]
fn pre_commit_hooks_fail_on_a_deprecated_form_and_a_bad_glossary() {
    let version = Command::new("pre-commit").arg("--version").output();
    assert!(
        version.is_ok_and(|v| v.status.success()),
        "pre-commit is not installed: `pip install pre-commit` (.ci/run does)"
    );
    let repo = scratch_repo(&[
        ("docs/report.zh.md", BAD_DOC),
        ("docs/notes.txt", GOOD_DOC),
        ("glossary/team.yaml", BAD_GLOSSARY),
        ("glossary-free/team.yaml", BAD_GLOSSARY),
    ]);
    let (ok, log) = try_repo(repo.path());
    assert!(!ok, "{log}");
    assert_eq!(status(&log, "shuyu check"), "Failed", "{log}");
    assert!(
        log.contains("docs/report.zh.md:1:5: error[deprecated-zh]"),
        "{log}"
    );
    assert!(
        !log.contains("notes.txt"),
        "a clean file is not named: {log}"
    );
    assert_eq!(status(&log, "shuyu glossary lint"), "Failed", "{log}");
    assert!(log.contains("glossary/team.yaml:3:"), "{log}");
    assert!(!log.contains("glossary-free"), "outside glossary/: {log}");

    let repo = scratch_repo(&[
        ("docs/report.zh.md", GOOD_DOC),
        ("glossary/team.yaml", GOOD_GLOSSARY),
    ]);
    let (ok, log) = try_repo(repo.path());
    assert!(ok, "{log}");
    assert_eq!(status(&log, "shuyu check"), "Passed", "{log}");
    assert_eq!(status(&log, "shuyu glossary lint"), "Passed", "{log}");
}

/// Every hook's entry is a shuyu command line that this binary accepts.
#[test]
fn hook_entries_are_valid_command_lines() {
    let text = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["shuyu-check", "shuyu-glossary-lint"]);
    for h in &hooks {
        assert_eq!(h["language"].as_str(), Some("rust"));
        let words: Vec<&str> = h["entry"].as_str().unwrap().split_whitespace().collect();
        assert_eq!(words[0], "shuyu");
        let help = common::shuyu(&[&words[1..], &["--help"]].concat());
        assert_eq!(
            help.code,
            0,
            "{}: {}",
            h["entry"].as_str().unwrap(),
            help.stderr
        );
    }
}

/// What running action.yml's steps did.
struct ActionRun {
    /// Each step by its id (or `#N`): `ran`, `skipped` (its `if:` was false) or `uses X`
    /// (another action, not run here).
    steps: Vec<(String, String)>,
    /// The exit code of the last step run, and what it printed.
    code: i32,
    stdout: String,
    /// The arguments the install step gave cargo.
    cargo: String,
    outputs: std::collections::HashMap<String, String>,
    summary: String,
    /// RUNNER_TEMP; HOME is its home/.
    sandbox: tempfile::TempDir,
}

/// Runs the steps of action.yml as a GitHub runner would, in `workspace`, with `inputs` over
/// the defaults: `${{ … }}` of inputs and step outputs substituted, `if:` comparisons
/// evaluated, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP and HOME set.
/// `uses:` steps are not run (actions/cache is taken as a miss); `cargo` is a stand-in that
/// installs the binary under test where `--root` says, instead of a release build.
fn run_action(workspace: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    let root = common::root();
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("action.yml")).unwrap()).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let mut values = std::collections::HashMap::new();
    for (name, spec) in action["inputs"].as_mapping().unwrap() {
        let default = spec["default"].as_str().unwrap_or("").to_owned();
        values.insert(format!("inputs.{}", name.as_str().unwrap()), default);
    }
    for (k, v) in inputs {
        let key = format!("inputs.{k}");
        assert!(values.contains_key(&key), "action.yml has no input {k}");
        values.insert(key, (*v).to_owned());
    }
    let sandbox = tempfile::tempdir().unwrap();
    let mut path = vec![fake_cargo(sandbox.path())];
    let mut run = ActionRun {
        steps: Vec::new(),
        code: 0,
        stdout: String::new(),
        cargo: String::new(),
        outputs: Default::default(),
        summary: String::new(),
        sandbox,
    };
    for (n, step) in action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .enumerate()
    {
        let id = step["id"].as_str().map_or(format!("#{n}"), str::to_owned);
        if let Some(cond) = step["if"].as_str()
            && !holds(cond, &values)
        {
            run.steps.push((id, "skipped".into()));
            continue;
        }
        if let Some(uses) = step["uses"].as_str() {
            run.steps.push((id, format!("uses {uses}")));
            continue;
        }
        let out = run_step(step, &values, workspace, run.sandbox.path(), &mut path);
        for (k, v) in out.outputs {
            values.insert(format!("steps.{id}.outputs.{k}"), v.clone());
            run.outputs.insert(format!("{id}.{k}"), v);
        }
        run.steps.push((id, "ran".into()));
        (run.code, run.stdout) = (out.code, out.stdout);
        if run.code != 0 {
            break;
        }
    }
    let sandbox = run.sandbox.path();
    run.cargo = std::fs::read_to_string(sandbox.join("cargo.log")).unwrap_or_default();
    run.summary = std::fs::read_to_string(sandbox.join("summary.md")).unwrap_or_default();
    run
}

/// A `cargo` that logs its arguments and puts the binary under test in `--root`/bin.
fn fake_cargo(sandbox: &Path) -> PathBuf {
    let bin = sandbox.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\necho \"$@\" >> '{log}'\nwhile [ $# -gt 0 ]; do\n  [ \"$1\" = --root ] && root=$2\n  shift\ndone\nmkdir -p \"$root/bin\" && cp '{exe}' \"$root/bin/shuyu\"\n",
        log = sandbox.join("cargo.log").display(),
        exe = env!("CARGO_BIN_EXE_shuyu"),
    );
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// `${{ a.b }}` replaced by its value ('' when unknown, as GitHub does).
fn substitute(s: &str, values: &std::collections::HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        let end = start + rest[start..].find("}}").expect("a closed expression");
        out.push_str(&rest[..start]);
        let name = rest[start + 3..end].trim();
        out.push_str(values.get(name).map_or("", String::as_str));
        rest = &rest[end + 2..];
    }
    out + rest
}

/// An `if:` of the form `a.b == 'x'` or `a.b != 'x'`.
fn holds(cond: &str, values: &std::collections::HashMap<String, String>) -> bool {
    let (op, (left, right)) = [" == ", " != "]
        .iter()
        .find_map(|op| cond.split_once(op).map(|parts| (*op, parts)))
        .unwrap_or_else(|| panic!("an `if:` this test cannot read: {cond}"));
    let left = values.get(left.trim()).map_or("", String::as_str);
    let equal = left == right.trim().trim_matches('\'');
    if op == " == " { equal } else { !equal }
}

struct StepOut {
    code: i32,
    stdout: String,
    outputs: Vec<(String, String)>,
}

/// One `run:` step under `bash --noprofile --norc -eo pipefail`, as `shell: bash` runs it.
fn run_step(
    step: &serde_yaml::Value,
    values: &std::collections::HashMap<String, String>,
    workspace: &Path,
    sandbox: &Path,
    path: &mut Vec<PathBuf>,
) -> StepOut {
    assert_eq!(step["shell"].as_str(), Some("bash"));
    let script = sandbox.join("step.sh");
    std::fs::write(&script, substitute(step["run"].as_str().unwrap(), values)).unwrap();
    let (output_file, path_file) = (sandbox.join("output"), sandbox.join("path"));
    std::fs::write(&output_file, "").unwrap();
    std::fs::write(&path_file, "").unwrap();
    let home = sandbox.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let system_path = std::env::var_os("PATH").unwrap_or_default();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .current_dir(workspace)
        .env("GITHUB_ACTION_PATH", common::root())
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_PATH", &path_file)
        .env("GITHUB_STEP_SUMMARY", sandbox.join("summary.md"))
        .env("RUNNER_TEMP", sandbox)
        .env("HOME", &home)
        .env(
            "PATH",
            std::env::join_paths(
                path.iter()
                    .cloned()
                    .chain(std::env::split_paths(&system_path)),
            )
            .unwrap(),
        );
    if let Some(env) = step["env"].as_mapping() {
        for (k, v) in env {
            cmd.env(k.as_str().unwrap(), substitute(v.as_str().unwrap(), values));
        }
    }
    let out = cmd.output().expect("bash runs");
    // GITHUB_PATH entries come first for the steps after this one.
    for line in std::fs::read_to_string(&path_file).unwrap().lines().rev() {
        path.insert(0, PathBuf::from(line));
    }
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "step {:?} failed: {}",
        step["id"],
        text(&out)
    );
    StepOut {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs,
    }
}

fn step<'a>(run: &'a ActionRun, id: &str) -> &'a str {
    run.steps
        .iter()
        .find(|(i, _)| i == id)
        .map_or("absent", |(_, s)| s.as_str())
}

#[test]
fn action_annotates_findings_uploads_sarif_and_fails() {
    let ws = scratch_repo(&[("docs/report.zh.md", BAD_DOC), ("docs/ok.txt", GOOD_DOC)]);
    let run = run_action(ws.path(), &[("paths", "docs"), ("sarif", "true")]);
    assert_eq!(
        run.cargo.trim(),
        format!(
            "install --locked --path {} --root {}",
            common::root().display(),
            run.sandbox.path().join("home/.shuyu-action").display()
        )
    );
    assert_eq!(step(&run, "cache"), "uses actions/cache@v4");
    assert_eq!(step(&run, "install"), "ran");
    assert_eq!(
        step(&run, "#4"),
        "uses github/codeql-action/upload-sarif@v3"
    );
    let sarif = std::fs::read_to_string(&run.outputs["check.sarif-file"]).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("::error file=docs/report.zh.md,line=1,col=5,"),
        "{}",
        run.stdout
    );
    assert!(
        run.summary.contains("shuyu check: 1 error"),
        "{}",
        run.summary
    );
}

#[test]
fn action_passes_a_clean_tree_with_args_and_no_sarif() {
    let ws = scratch_repo(&[
        ("docs/report.zh.md", GOOD_DOC),
        ("glossary/team.yaml", GOOD_GLOSSARY),
    ]);
    let run = run_action(
        ws.path(),
        &[
            ("paths", "docs\n"),
            ("args", "--glossary glossary/team.yaml"),
            ("fail-on", "warning"),
        ],
    );
    assert_eq!(step(&run, "#4"), "skipped");
    assert!(!run.outputs.contains_key("check.sarif-file"));
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert!(
        run.summary.contains("No terminology findings in 1 file"),
        "{}",
        run.summary
    );
}
