//! Reading glossary files: the text as UTF-8, strict parsing that names the YAML line of the
//! first error, the embedded default, and several files combined.

use super::schema::{Glossary, MAX_FORM_CHARS, VERSION};
use crate::error::{Error, Result};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// The shipped glossary, compiled in so every command works with no `--glossary`.
pub const DEFAULT_GLOSSARY: &str = include_str!("../../glossary/un-ict-security.yaml");
/// The name the embedded glossary is reported under.
pub const DEFAULT_GLOSSARY_PATH: &str = "glossary/un-ict-security.yaml";

/// The text of a glossary file. A file that is not UTF-8 is a glossary error naming the
/// offset of the first bad byte, so it can be found in an editor.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| Error::Glossary {
        path: path.to_owned(),
        line: None,
        message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
    })
}

/// A glossary file to update: its text and entries, or no text and no entries when the file
/// does not exist yet (`merge` and `import` create it).
pub fn read_or_empty(path: &Path) -> Result<(Option<String>, Glossary)> {
    match read_text(path) {
        Ok(text) => {
            let g = Glossary::parse(&text, path)?;
            Ok((Some(text), g))
        }
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok((None, Glossary::empty()))
        }
        Err(e) => Err(e),
    }
}

impl Glossary {
    /// Parses a glossary; `path` names it in errors, which carry the YAML line.
    pub fn parse(text: &str, path: &Path) -> Result<Glossary> {
        let text = strip_bom(text);
        if let Some((line, message)) = too_deep(text) {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: Some(line),
                message,
            });
        }
        let g: Glossary = serde_yaml::from_str(text).map_err(|e| {
            let (line, message) = yaml_error(&e, text);
            Error::Glossary {
                path: path.to_owned(),
                line,
                message,
            }
        })?;
        if !(1..=VERSION).contains(&g.version) {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: line_of(text, "version:"),
                message: unsupported_version(&g.version.to_string()),
            });
        }
        if g.version < 2
            && let Some((entry, code)) = g.first_detect_off()
        {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: line_of(text, "detect:"),
                message: format!(
                    "`detect` ({code} of `{}`) is schema version 2: write `version: 2` at the top",
                    g.entries[entry].id
                ),
            });
        }
        if g.version < 3
            && let Some((entry, key)) = g.first_v3_field()
        {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: line_of(text, &format!("{key}:")),
                message: format!(
                    "`{key}` (in `{}`) is schema version 3: write `version: 3` at the top",
                    g.entries[entry].id
                ),
            });
        }
        if let Some((entry, code, form)) = g.long_form() {
            return Err(Error::Glossary {
                path: path.to_owned(),
                line: form_line(text, form),
                message: too_long(&g.entries[entry].id, code, form),
            });
        }
        Ok(g)
    }

    /// Reads and parses a glossary file.
    pub fn load(path: &Path) -> Result<Glossary> {
        Glossary::parse(&read_text(path)?, path)
    }

    /// The embedded default glossary.
    pub fn builtin() -> Glossary {
        Glossary::parse(DEFAULT_GLOSSARY, Path::new(DEFAULT_GLOSSARY_PATH))
            .expect("the embedded glossary is checked by the test suite")
    }

    /// The glossaries a command uses: the embedded one when `paths` is empty, otherwise each
    /// path read as a [`GlossarySource`] (`builtin`, a folder or a file) and all merged in
    /// order, a later entry replacing an earlier one with the same id.
    pub fn load_all(paths: &[PathBuf]) -> Result<Glossary> {
        let sources: Vec<GlossarySource> =
            paths.iter().map(|p| GlossarySource::from_arg(p)).collect();
        Glossary::load_sources(&sources)
    }

    /// The glossaries of `sources` merged in order, a later entry replacing an earlier one
    /// with the same id; the embedded one when `sources` is empty. A folder stands for its
    /// own .yaml and .yml files in name order, and one with none is an error naming it.
    pub fn load_sources(sources: &[GlossarySource]) -> Result<Glossary> {
        if sources.is_empty() {
            return Ok(Glossary::builtin());
        }
        let mut out = Glossary::empty();
        // Where each id is in `out`: a search of the entries for each one would make a large
        // glossary's load quadratic.
        let mut slots: FxHashMap<String, usize> = FxHashMap::default();
        for source in sources {
            for g in source.glossaries()? {
                out.layer(g, &mut slots);
            }
        }
        Ok(out)
    }

    /// Adds the entries of `g` on top of these; `slots` says where each id is.
    fn layer(&mut self, g: Glossary, slots: &mut FxHashMap<String, usize>) {
        if self.name.is_empty() {
            self.name = g.name;
        }
        for e in g.entries {
            match slots.get(&e.id) {
                Some(&i) => self.entries[i] = e,
                None => {
                    slots.insert(e.id.clone(), self.entries.len());
                    self.entries.push(e);
                }
            }
        }
    }
}

/// Where glossary entries come from: the embedded UN glossary, or a file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossarySource {
    /// The embedded glossary, named `builtin`.
    Builtin,
    /// A glossary file, or a folder of them.
    Path(PathBuf),
}

impl GlossarySource {
    /// The word that names the embedded glossary; a file of that name is `./builtin`.
    pub const BUILTIN: &str = "builtin";

    /// A source as written in `--glossary` or a configuration file: exactly `builtin` is the
    /// embedded glossary, anything else a path.
    pub fn from_arg(arg: &Path) -> GlossarySource {
        if arg.as_os_str() == Self::BUILTIN {
            GlossarySource::Builtin
        } else {
            GlossarySource::Path(arg.to_owned())
        }
    }

    /// The glossaries this source holds, in order.
    fn glossaries(&self) -> Result<Vec<Glossary>> {
        let dir = match self {
            GlossarySource::Builtin => return Ok(vec![Glossary::builtin()]),
            GlossarySource::Path(p) if !crate::corpus::is_dir(p)? => {
                return Ok(vec![Glossary::load(p)?]);
            }
            GlossarySource::Path(dir) => dir,
        };
        // A folder's own files, as `glossary lint` reads it: subfolders may hold drafts or
        // archives that are not meant to be applied.
        let files =
            crate::corpus::find_files_in(std::slice::from_ref(dir), GLOSSARY_EXTENSIONS, Some(1))?;
        if files.is_empty() {
            return Err(Error::Input {
                path: dir.clone(),
                line: None,
                message: "a folder with no glossary in it (no .yaml or .yml file): name a \
                          glossary file, or a folder that holds some"
                    .into(),
            });
        }
        files.iter().map(|f| Glossary::load(f)).collect()
    }
}

/// Extensions of glossary files in a folder.
pub const GLOSSARY_EXTENSIONS: &[&str] = &["yaml", "yml"];

/// Text without the byte order mark some Windows editors put first: YAML parsers read it as
/// content, and the file would not parse.
pub(super) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The 1-based line of a YAML error and its message without serde_yaml's " at line N column
/// M", which the caller reports its own way. Errors of the reader (a character YAML forbids)
/// come with a byte position instead of a line, which is turned into the line here.
pub(super) fn yaml_error(e: &serde_yaml::Error, text: &str) -> (Option<usize>, String) {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or_default();
    if let Some((head, position)) = message.rsplit_once(" at position ")
        && let Ok(offset) = position.parse::<usize>()
        && offset <= text.len()
    {
        let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count();
        return (Some(line), head.to_owned());
    }
    (e.location().map(|l| l.line()), message.to_owned())
}

/// The message for a version this shuyu does not read.
pub(super) fn unsupported_version(version: &str) -> String {
    format!("unsupported version {version} (this shuyu reads versions 1 to {VERSION})")
}

/// What is wrong with a form longer than [`MAX_FORM_CHARS`], for load and lint alike.
pub(super) fn too_long(id: &str, code: &str, form: &str) -> String {
    let head: String = form.chars().take(20).collect();
    format!(
        "{code} form `{head}…` of `{id}` has {} characters, more than the {MAX_FORM_CHARS} a \
         form may have: a form is a term, a name or a title, not a passage; shorten it or move \
         the text to `note`",
        form.chars().count()
    )
}

/// The 1-based line where `form` starts, found by its first characters.
fn form_line(text: &str, form: &str) -> Option<usize> {
    let head: String = form.chars().take(20).collect();
    let at = text.find(&head)?;
    Some(text[..at].bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Collections nested deeper than this are refused before the YAML is parsed. A glossary
/// nests five deep (the file, its entries, an entry, a language block, a list of forms), and
/// the parser, given a file nested many thousands deep, takes seconds to minutes to fail.
pub(super) const MAX_DEPTH: usize = 64;

/// The line, and what is wrong, where `text` first nests collections more than [`MAX_DEPTH`]
/// deep.
pub(super) fn too_deep(text: &str) -> Option<(usize, String)> {
    let (depth, line) = deepest(text);
    (depth > MAX_DEPTH).then(|| {
        let message = format!(
            "collections nested more than {MAX_DEPTH} deep, where a glossary needs five (the \
             file, its entries, an entry, a language block, a list of forms): check the \
             indentation and the brackets"
        );
        (line, message)
    })
}

/// The deepest nesting of collections in `text` and the 1-based line where it is first
/// reached, stopping once past [`MAX_DEPTH`]. A scan of the text, not a parse: block
/// collections count by indentation and `- ` markers, flow ones by their brackets outside
/// quoted scalars and comments; block scalars (`|`, `>`) are skipped. Its count can be off by
/// a level where a sequence is not indented under its key, which a limit this far above real
/// glossaries does not mind.
pub(super) fn deepest(text: &str) -> (usize, usize) {
    let mut scan = Scan::default();
    let mut best = (0, 1);
    for (n, line) in text.lines().enumerate() {
        let depth = scan.line(line.as_bytes());
        if depth > best.0 {
            best = (depth, n + 1);
            if depth > MAX_DEPTH {
                break;
            }
        }
    }
    best
}

/// Where a scan of YAML text is at the end of a line.
#[derive(Default)]
struct Scan {
    /// Columns of the open block nodes, outermost first.
    block: Vec<usize>,
    /// Open flow collections (`[`, `{`).
    flow: usize,
    /// The quote of a quoted scalar that goes on to the next line.
    quote: Option<u8>,
    /// Lines indented more than this belong to a block scalar.
    literal: Option<usize>,
}

impl Scan {
    /// Reads one line; the deepest nesting on it.
    fn line(&mut self, b: &[u8]) -> usize {
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let blank = b[indent..].iter().all(u8::is_ascii_whitespace);
        if let Some(parent) = self.literal {
            if blank || indent > parent {
                return 0;
            }
            self.literal = None;
        }
        if self.quote.is_some() || self.flow > 0 {
            return self.rest(b, 0, indent, false);
        }
        if blank || b[indent] == b'#' {
            return 0;
        }
        while self.block.last().is_some_and(|&c| c > indent) {
            self.block.pop();
        }
        if self.block.last() != Some(&indent) {
            self.block.push(indent);
        }
        // Each `- ` (or `? `) opens a node further right on the same line: `- - - x`.
        let mut i = indent;
        while matches!(b.get(i), Some(b'-' | b'?'))
            && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
        {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            if i < b.len() {
                self.block.push(i);
            }
        }
        self.rest(b, i, indent, true)
    }

    /// Reads `b` from `i` on, where a block value starts when `value` is set; the deepest
    /// nesting seen.
    fn rest(&mut self, b: &[u8], mut i: usize, indent: usize, mut value: bool) -> usize {
        let base = self.block.len();
        let mut max = base + self.flow;
        while i < b.len() {
            let c = b[i];
            let prev = if i == 0 { b' ' } else { b[i - 1] };
            i += 1;
            if let Some(q) = self.quote {
                i = self.quoted(b, i, c, q);
                continue;
            }
            if c == b'#' && prev.is_ascii_whitespace() {
                break;
            }
            if self.flow > 0 {
                self.flowing(c, prev);
                max = max.max(base + self.flow);
                continue;
            }
            if value {
                match c {
                    b' ' | b'\t' => continue,
                    b'[' | b'{' => {
                        self.flow = 1;
                        max = max.max(base + 1);
                    }
                    b'"' | b'\'' => self.quote = Some(c),
                    b'|' | b'>' => {
                        self.literal = Some(indent);
                        return max;
                    }
                    // An anchor or a tag comes before the value it names.
                    b'&' | b'!' => {
                        while b.get(i).is_some_and(|c| !c.is_ascii_whitespace()) {
                            i += 1;
                        }
                        continue;
                    }
                    _ => {}
                }
                value = false;
                continue;
            }
            // A plain key ends with `: `, and its value starts after it.
            if c == b':' && b.get(i).is_none_or(|c| c.is_ascii_whitespace()) {
                value = true;
            }
        }
        max
    }

    /// Reads byte `c`, before `b[i]`, inside a scalar quoted with `q`; where to read on.
    fn quoted(&mut self, b: &[u8], i: usize, c: u8, q: u8) -> usize {
        match c {
            b'\\' if q == b'"' => i + 1,
            b'\'' if q == b'\'' && b.get(i) == Some(&b'\'') => i + 1,
            _ => {
                if c == q {
                    self.quote = None;
                }
                i
            }
        }
    }

    /// Reads byte `c`, after `prev`, inside a flow collection.
    fn flowing(&mut self, c: u8, prev: u8) {
        match c {
            b'[' | b'{' => self.flow += 1,
            b']' | b'}' => self.flow -= 1,
            b'"' | b'\'' if b"[{,: \t".contains(&prev) => self.quote = Some(c),
            _ => {}
        }
    }
}

/// The 1-based line of the first line starting (after indentation) with `prefix`.
pub(super) fn line_of(text: &str, prefix: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::SAMPLE;
    use crate::glossary::lenient::parse_lenient;

    #[test]
    fn unknown_key_names_file_and_line() {
        let bad = SAMPLE.replace(
            "    status: approved\n",
            "    status: approved\n    colour: red\n",
        );
        let err = Glossary::parse(&bad, Path::new("g.yaml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("g.yaml:7:"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let g = Glossary::parse(&format!("\u{feff}# c\n{SAMPLE}"), Path::new("g.yaml")).unwrap();
        assert_eq!(g.entries.len(), 1);
        assert!(
            g.to_yaml_keeping_comments(&format!("\u{feff}# c\n{SAMPLE}"))
                .starts_with("# c\nversion: 1\n")
        );
        assert!(parse_lenient(&format!("\u{feff}{SAMPLE}")).is_ok_and(|l| l.errors.is_empty()));
    }

    #[test]
    fn glossaries_nest_five_deep() {
        assert_eq!(deepest(DEFAULT_GLOSSARY).0, 5);
        assert_eq!(deepest(SAMPLE).0, 5);
        let flow = "version: 1\nentries: [{id: a, zh: {preferred: 甲, admitted: [乙]}}]\n";
        assert_eq!(deepest(flow), (5, 2));
    }

    #[test]
    fn depth_counts_blocks_dashes_and_brackets_but_not_scalars() {
        assert_eq!(deepest("a:\n  b:\n    c: 1\n"), (3, 3));
        assert_eq!(deepest("- - - x\n"), (4, 1));
        assert_eq!(deepest("a: [[1], {b: [2]}]\n"), (4, 1));
        assert_eq!(deepest("a: \"[[[\"\nb: '[[' # [[[\nc: x[[\n"), (1, 1));
        assert_eq!(deepest("a: |\n  [[[[\n    [[[[\nb: 1\n"), (1, 1));
        assert_eq!(deepest("a: [\n  [\n   [1]]]\n"), (4, 3));
        let deep = format!("a: {}\n", "[".repeat(1000));
        assert!(deepest(&deep).0 > MAX_DEPTH);
        assert!(too_deep(&deep).is_some_and(|(line, _)| line == 1));
    }

    #[test]
    fn sources_layer_in_order_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let builtin = Glossary::builtin();
        let first = &builtin.entries[0].id;
        let team = format!(
            "version: 1\nentries:\n  - id: {first}\n    zh: {{ preferred: 甲 }}\n  - id: team-new\n    zh: {{ preferred: 乙 }}\n"
        );
        std::fs::create_dir(d.join("team")).unwrap();
        std::fs::write(d.join("team/b.yaml"), &team).unwrap();
        std::fs::write(d.join("team/a.yml"), SAMPLE).unwrap();
        std::fs::write(d.join("team/notes.txt"), "x").unwrap();
        let g = Glossary::load_all(&[PathBuf::from("builtin"), d.join("team")]).unwrap();
        assert_eq!(g.name, builtin.name);
        assert_eq!(
            g.entries.len(),
            builtin.entries.len()
                + 1
                + usize::from(!builtin.entries.iter().any(|e| e.id == "ict"),)
        );
        assert_eq!(&g.entries[0].id, first);
        assert_eq!(g.entries[0].zh.as_ref().unwrap().preferred, "甲");
        assert_eq!(g.entries.last().unwrap().id, "team-new");
    }

    #[test]
    fn a_file_named_builtin_is_dot_slash_builtin_and_an_empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(
            GlossarySource::from_arg(Path::new("builtin")),
            GlossarySource::Builtin
        );
        assert_eq!(
            GlossarySource::from_arg(Path::new("./builtin")),
            GlossarySource::Path("./builtin".into())
        );
        std::fs::write(d.join("builtin"), SAMPLE).unwrap();
        let g = Glossary::load_all(&[d.join("builtin")]).unwrap();
        assert_eq!(g.entries.len(), 1);
        std::fs::create_dir(d.join("empty")).unwrap();
        let err = Glossary::load_all(&[d.join("empty")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("empty: a folder with no glossary"), "{err}");
    }

    #[test]
    fn shipped_glossary_parses() {
        let g = Glossary::builtin();
        assert!(g.entries.len() >= 80, "{} entries", g.entries.len());
    }
}
