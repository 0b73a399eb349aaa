//! Unit tests of the configuration file: parsing, discovery, globs and pairing patterns.

use super::*;

const EXAMPLE: &str = r#"
glossaries = ["builtin", "glossary/team/"]

[check]
paths = ["docs/"]
include = ["*.md"]
exclude = ["docs/drafts/"]
fail-on = "warning"
baseline = ".shuyu-baseline.json"
format = "github"
source = "zh"

[[check.pairs]]
zh = "C/{name}.txt"
en = "E/{name}.txt"

[[check.pairs]]
zh = "{name}.zh.md"
en = "{name}.md"
source = "both"
"#;

fn at(base: &str, root: &str) -> Location {
    Location {
        path: Path::new(base).join("shuyu.toml"),
        base: base.into(),
        root: root.into(),
    }
}

#[test]
fn the_example_parses_with_paths_joined_to_its_folder() {
    let c = Config::parse(EXAMPLE, &at("..", "/repo")).unwrap();
    assert_eq!(
        c.glossaries,
        Some(vec![
            GlossarySource::Builtin,
            GlossarySource::Path("../glossary/team/".into())
        ])
    );
    assert_eq!(c.check.paths, vec![PathBuf::from("../docs/")]);
    assert_eq!(c.check.fail_on, Some(Severity::Warning));
    assert_eq!(c.check.format, Some(CheckFormat::Github));
    assert_eq!(
        c.check.baseline,
        Some(PathBuf::from("../.shuyu-baseline.json"))
    );
    assert_eq!(c.check.source, Some(SourceLang::Zh));
    assert_eq!(c.check.pairs.len(), 2);
    assert_eq!(c.check.pairs[0].source, SourceLang::Zh);
    assert_eq!(c.check.pairs[1].source, SourceLang::Both);
    let empty = Config::parse("", &at("", "/repo")).unwrap();
    assert_eq!(empty.glossaries, None);
    assert_eq!(empty.check.source, None);
    assert!(empty.check.filter.is_empty());
}

fn error(text: &str) -> String {
    Config::parse(text, &at("", "/repo"))
        .unwrap_err()
        .to_string()
}

#[test]
fn unknown_keys_and_wrong_values_name_file_and_line() {
    let e = error("glossaries = [\"builtin\"]\n[check]\nfail_on = \"warning\"\n");
    assert!(e.starts_with("shuyu.toml:3: invalid configuration:"), "{e}");
    assert!(e.contains("unknown field `fail_on`"), "{e}");
    let e = error("[check]\n\n[[check.pairs]]\nzh = \"C/{name}\"\nen = \"E/{name}\"\nlang = 1\n");
    assert!(e.starts_with("shuyu.toml:6:"), "{e}");
    let e = error("colour = 1\n");
    assert!(e.starts_with("shuyu.toml:1:"), "{e}");
    let e = error("[check]\nfail-on = \"fatal\"\n");
    assert!(
        e.starts_with("shuyu.toml:2:") && e.contains("warning"),
        "{e}"
    );
    let e = error("[check]\nsource = \"fr\"\n");
    assert!(e.starts_with("shuyu.toml:2:"), "{e}");
    let e = error("\nglossaries = []\n");
    assert!(
        e.starts_with("shuyu.toml:2:") && e.contains("builtin"),
        "{e}"
    );
    let e = error("[check\n");
    assert!(e.starts_with("shuyu.toml:1:"), "{e}");
}

#[test]
fn patterns_need_one_name() {
    let e = error("[[check.pairs]]\nzh = \"C/*.txt\"\nen = \"E/{name}.txt\"\n");
    assert!(
        e.starts_with("shuyu.toml:2:") && e.contains("has no {name}"),
        "{e}"
    );
    let e = error("[[check.pairs]]\nzh = \"C/{name}\"\nen = \"E/{name}/{name}\"\n");
    assert!(e.starts_with("shuyu.toml:3:") && e.contains("twice"), "{e}");
    let e = error("[check]\nexclude = [\"a/**\", \"b/{\"]\n");
    assert!(e.starts_with("shuyu.toml:2:") && e.contains("b/{"), "{e}");
}

#[test]
fn patterns_give_the_english_spelled_like_the_chinese() {
    let c = Config::parse(EXAMPLE, &at("", "/repo")).unwrap();
    let cwd = Path::new("/repo");
    let [c_e, zh_md] = &c.check.pairs[..] else {
        panic!()
    };
    let en = |p: &PairPattern, f: &str| p.english_for(Path::new(f), cwd);
    assert_eq!(en(c_e, "C/sub/a.txt"), Some("E/sub/a.txt".into()));
    assert_eq!(en(c_e, "./C/a.txt"), Some("./E/a.txt".into()));
    assert_eq!(en(c_e, "/repo/C/a.txt"), Some("/repo/E/a.txt".into()));
    assert_eq!(en(c_e, "C/.txt"), None);
    assert_eq!(en(c_e, "D/a.txt"), None);
    assert_eq!(
        en(zh_md, "docs/report.zh.md"),
        Some("docs/report.md".into())
    );
    let up = Config::parse(EXAMPLE, &at("..", "/repo")).unwrap();
    let sub = Path::new("/repo/sub");
    assert_eq!(
        up.check.pairs[0].english_for(Path::new("../C/a.txt"), sub),
        Some("../E/a.txt".into())
    );
    assert_eq!(
        up.check.pairs[0].english_for(Path::new("x/../../C/a.txt"), sub),
        Some("x/../../E/a.txt".into())
    );
}

#[test]
fn globs_filter_walked_files_under_the_config_folder() {
    let text = "[check]\ninclude = [\"docs/\", \"*.zh.txt\"]\nexclude = [\"drafts/\", \"!docs/drafts/keep.md\"]\n";
    let c = Config::parse(text, &at("", "/repo")).unwrap();
    let cwd = Path::new("/repo");
    let admits = |p: &str| c.check.filter.admits(Path::new(p), cwd);
    assert!(admits("docs/a.md"));
    assert!(admits("./docs/sub/a.md"));
    assert!(admits("other/b.zh.txt"));
    assert!(!admits("other/b.txt"));
    assert!(!admits("docs/drafts/c.md"));
    assert!(admits("docs/drafts/keep.md"));
    assert!(admits("/elsewhere/x.txt"), "outside the config folder");
    let sub = Path::new("/repo/docs");
    assert!(c.check.filter.admits(Path::new("a.md"), sub));
    assert!(!c.check.filter.admits(Path::new("../other/b.txt"), sub));
}

#[test]
fn discovery_goes_up_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let top = normalize(&dir.path().canonicalize().unwrap());
    let repo = top.join("repo");
    let deep = repo.join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir(repo.join(".git")).unwrap();
    std::fs::write(top.join(CONFIG_FILE), "").unwrap();
    assert_eq!(discover(&deep).unwrap(), None, "not above .git");
    std::fs::write(repo.join(HIDDEN_CONFIG_FILE), "").unwrap();
    let found = discover(&deep).unwrap().unwrap();
    assert_eq!(found.path, Path::new("../../.shuyu.toml"));
    assert_eq!(found.base, Path::new("../.."));
    assert_eq!(found.root, repo);
    std::fs::write(deep.join(CONFIG_FILE), "").unwrap();
    let here = discover(&deep).unwrap().unwrap();
    assert_eq!(
        (here.path.as_path(), here.base.as_path()),
        (Path::new("shuyu.toml"), Path::new(""))
    );
    std::fs::write(repo.join(CONFIG_FILE), "").unwrap();
    let both = discover(&repo).unwrap_err().to_string();
    assert!(both.contains("both shuyu.toml and .shuyu.toml"), "{both}");
    let named = explicit(Path::new("conf/x.toml"), &repo);
    assert_eq!(named.base, Path::new("conf"));
    assert_eq!(named.root, repo.join("conf"));
}

#[test]
fn normalize_is_lexical() {
    assert_eq!(normalize(Path::new("/a/./b/../c")), Path::new("/a/c"));
    assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
    assert_eq!(normalize(Path::new("/../a")), Path::new("/a"));
}

#[test]
fn flags_replace_the_configured_glossaries() {
    let c = Config::parse(EXAMPLE, &at("", "/repo")).unwrap();
    assert_eq!(glossary_sources(&[], Some(&c)).len(), 2);
    assert_eq!(
        glossary_sources(&["t.yaml".into()], Some(&c)),
        vec![GlossarySource::Path("t.yaml".into())]
    );
    assert_eq!(glossary_sources(&[], None), vec![GlossarySource::Builtin]);
}

#[test]
fn scope_filters_folders_and_pairs_by_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let root = normalize(&dir.path().canonicalize().unwrap());
    for f in [
        "C/a.txt",
        "E/a.txt",
        "C/b.txt",
        "C/drafts/d.txt",
        "notes.md",
    ] {
        let p = root.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }
    let text = "[check]\nexclude = [\"drafts/\"]\n[[check.pairs]]\nzh = \"C/{name}.txt\"\nen = \"E/{name}.txt\"\n";
    let c = Config::parse(text, &at("", root.to_str().unwrap())).unwrap();
    let scope = c.check.scope(std::slice::from_ref(&root), &root).unwrap();
    let rel: Vec<_> = scope
        .paths
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_owned())
        .collect();
    assert_eq!(
        rel,
        ["C/a.txt", "C/b.txt", "E/a.txt", "notes.md"].map(PathBuf::from)
    );
    assert_eq!(scope.pairs.len(), 1);
    assert_eq!(scope.pairs[0].pair.en, root.join("E/a.txt"));
    let none = Config::parse("", &at("", "/x")).unwrap();
    let same = none
        .check
        .scope(std::slice::from_ref(&root), &root)
        .unwrap();
    assert_eq!(same.paths, vec![root.clone()]);
    let all_out = Config::parse(
        "[check]\ninclude = [\"*.pdf\"]\n",
        &at("", root.to_str().unwrap()),
    )
    .unwrap();
    assert!(
        all_out
            .check
            .scope(std::slice::from_ref(&root), &root)
            .is_err()
    );
    // Only --pair: nothing to walk, nothing to filter.
    assert_eq!(all_out.check.scope(&[], &root).unwrap(), Scope::default());
}
