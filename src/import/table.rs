//! CSV and TSV reader: one concept per row, columns mapped to glossary fields by their header
//! (`--columns`, else the headers shuyu, memoQ and spreadsheet term lists use), or OmegaT's
//! header-less `source<TAB>target<TAB>comment`.
//!
//! Fields: `id`, `note`, `definition`, `sources`, `status`, `type`, and per language (`zh`,
//! `en`, `fr`, `es`, `ru`, `ar`) `LANG` (the terms; the first is preferred), `LANG.admitted`,
//! `LANG.abbr`, `LANG.deprecated`, `LANG.note`. A term cell may hold several terms separated
//! by `;` or `|`. Fields are quoted as RFC 4180 says, in either format.

use super::{Concept, Standing, language_of};
use crate::error::{Error, Result};
use crate::glossary::{Kind, Status};
use std::path::Path;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Note,
    Definition,
    Sources,
    Status,
    Type,
    Term(&'static str, Standing),
    LangNote(&'static str),
    /// memoQ's `Term_Info` after a term column: `NonTerm` in it marks that term forbidden.
    TermInfo,
    /// memoQ's `Entry_Note`, which shuyu's own memoQ export writes as `[id] · status · note ·
    /// Sources: …`.
    EntryNote,
}

/// `--columns`: fields named by header, given by the user; others are mapped by their header.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub named: Vec<(String, Field)>,
}

impl Columns {
    /// Reads `FIELD=HEADER[,FIELD=HEADER…]`.
    pub fn parse(specs: &[String]) -> Result<Columns> {
        let mut named = Vec::new();
        for spec in specs {
            for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
                let (field, header) = part.split_once('=').ok_or_else(|| {
                    Error::Usage(format!(
                        "--columns {part}: write FIELD=HEADER, e.g. zh=Chinese,en=English"
                    ))
                })?;
                let f = field_named(field.trim()).ok_or_else(|| {
                    Error::Usage(format!(
                        "--columns {part}: unknown field `{}`: use id, note, definition, \
                         sources, status, type, or LANG, LANG.admitted, LANG.abbr, \
                         LANG.deprecated, LANG.note with LANG one of zh, en, fr, es, ru, ar",
                        field.trim()
                    ))
                })?;
                named.push((header.trim().to_owned(), f));
            }
        }
        Ok(Columns { named })
    }
}

fn field_named(name: &str) -> Option<Field> {
    Some(match name {
        "id" => Field::Id,
        "note" => Field::Note,
        "definition" => Field::Definition,
        "sources" | "source" => Field::Sources,
        "status" => Field::Status,
        "type" => Field::Type,
        _ => {
            let (lang, role) = name.split_once('.').unwrap_or((name, "preferred"));
            let lang = ["zh", "en", "fr", "es", "ru", "ar"]
                .into_iter()
                .find(|l| *l == lang)?;
            match role {
                "preferred" => Field::Term(lang, Standing::Unmarked),
                "admitted" => Field::Term(lang, Standing::Admitted),
                "abbr" => Field::Term(lang, Standing::Abbr),
                "deprecated" => Field::Term(lang, Standing::Deprecated),
                "note" => Field::LangNote(lang),
                _ => return None,
            }
        }
    })
}

/// The field a header names by itself: shuyu's CSV headers (`Chinese admitted`), memoQ's
/// (`Entry_ID`, `Entry_Note`, `Chinese_PRC`, `English_United_States_Def`), language codes
/// (`zh-CN`) and common words (`Definition`, `Forbidden`).
pub fn auto_field(header: &str) -> Option<Field> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    let words: Vec<&str> = h
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let first = *words.first()?;
    let plain = match words.as_slice() {
        ["id"] | ["entry", "id"] | ["concept", "id"] | ["record", "id"] | ["termid"] => {
            Some(Field::Id)
        }
        ["term", "info"] => Some(Field::TermInfo),
        ["entry", "note"] => Some(Field::EntryNote),
        ["note"] | ["notes"] | ["comment"] | ["comments"] | ["remarks"] => Some(Field::Note),
        ["definition"] => Some(Field::Definition),
        ["sources"] | ["source", "documents"] | ["symbol"] | ["document", "symbol"] => {
            Some(Field::Sources)
        }
        ["status"] => Some(Field::Status),
        ["type"] => Some(Field::Type),
        _ => None,
    };
    if plain.is_some() {
        return plain;
    }
    let lang = match first {
        "chinese" | "中文" => "zh",
        "english" | "英文" => "en",
        "french" => "fr",
        "spanish" => "es",
        "russian" => "ru",
        "arabic" => "ar",
        w => language_of(w).filter(|_| w.len() <= 3)?,
    };
    let role = words[1..].iter().rev().find_map(|w| {
        Some(match *w {
            "admitted" | "synonym" | "synonyms" | "alternative" | "alternatives" => {
                Field::Term(lang, Standing::Admitted)
            }
            "deprecated" | "forbidden" | "obsolete" | "superseded" => {
                Field::Term(lang, Standing::Deprecated)
            }
            "abbr" | "abbreviation" | "acronym" => Field::Term(lang, Standing::Abbr),
            "def" | "definition" | "note" | "notes" => Field::LangNote(lang),
            _ => return None,
        })
    });
    // Other trailing words are a region (`Chinese_PRC`, `English_United_States`) unless they
    // name term details this reader does not keep (`_Example`, `_Info`).
    let detail = words[1..]
        .iter()
        .any(|w| ["example", "info", "context", "usage", "gender", "pos"].contains(w));
    match role {
        Some(r) => Some(r),
        None if detail => None,
        None => Some(Field::Term(lang, Standing::Unmarked)),
    }
}

/// Reads a CSV (comma or semicolon, whichever the header row uses more) or TSV file.
pub fn read(path: &Path, bytes: &[u8], tsv: bool, columns: &Columns) -> Result<Vec<Concept>> {
    let text = super::decode(path, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let sep = if tsv { '\t' } else { separator(text) };
    let mut rows = Rows::new(text, sep);
    let Some((_, header)) = rows.next().transpose().map_err(|l| unterminated(path, l))? else {
        return Ok(Vec::new());
    };
    let mapped: Vec<Option<Field>> = header
        .iter()
        .map(|h| {
            let named = columns
                .named
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(h.trim()));
            named.map(|(_, f)| *f).or_else(|| auto_field(h))
        })
        .collect();
    for (name, _) in &columns.named {
        if !header.iter().any(|h| h.trim().eq_ignore_ascii_case(name)) {
            return Err(Error::Usage(format!(
                "--columns: {} has no column `{name}` (its columns: {})",
                path.display(),
                header.join(", ")
            )));
        }
    }
    let has_zh = mapped
        .iter()
        .flatten()
        .any(|f| matches!(f, Field::Term("zh", _)));
    let mut concepts = Vec::new();
    let omegat =
        tsv && !has_zh && columns.named.is_empty() && header.first().is_some_and(|c| has_han(c));
    if omegat {
        // OmegaT's glossary has no header: the first row is a term already.
        let layout = [
            Some(Field::Term("zh", Standing::Unmarked)),
            Some(Field::Term("en", Standing::Unmarked)),
            Some(Field::Note),
        ];
        concepts.push(concept(1, &header, &layout));
        for row in rows.by_ref() {
            let (line, cells) = row.map_err(|l| unterminated(path, l))?;
            concepts.push(concept(line, &cells, &layout));
        }
        return Ok(concepts);
    }
    if !has_zh {
        return Err(Error::Usage(format!(
            "{}: no column of Chinese terms among {}: name it with --columns zh=HEADER",
            path.display(),
            header.join(", ")
        )));
    }
    for row in rows {
        let (line, cells) = row.map_err(|l| unterminated(path, l))?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        concepts.push(concept(line, &cells, &mapped));
    }
    Ok(concepts)
}

fn concept(line: usize, cells: &[String], fields: &[Option<Field>]) -> Concept {
    let mut c = Concept {
        line,
        ..Concept::default()
    };
    // Terms the last term column gave, which a `Term_Info` after it describes.
    let mut last_terms = 0;
    for (cell, f) in cells.iter().zip(fields) {
        let cell = cell.trim();
        let Some(f) = f.filter(|_| !cell.is_empty()) else {
            if matches!(f, Some(Field::Term(..))) {
                last_terms = 0;
            }
            continue;
        };
        match f {
            Field::TermInfo => {
                if cell.split(';').any(|w| w.trim() == "NonTerm") {
                    let n = c.terms.len();
                    for t in &mut c.terms[n - last_terms..] {
                        t.2 = Standing::Deprecated;
                    }
                }
            }
            Field::EntryNote => entry_note(&mut c, cell),
            Field::Id => c.id = Some(cell.to_owned()),
            Field::Note => c.notes.push(cell.to_owned()),
            Field::Definition => c.notes.push(format!("Definition: {cell}")),
            Field::LangNote(l) => c.notes.push(format!("Definition ({l}): {cell}")),
            Field::Sources => c.sources.extend(split(cell).map(str::to_owned)),
            Field::Status => c.status = status(cell),
            Field::Type => c.kind = kind(cell),
            Field::Term(lang, standing) => {
                let before = c.terms.len();
                for t in split(cell) {
                    c.push_term(lang, t, standing);
                }
                last_terms = c.terms.len() - before;
            }
        }
    }
    c
}

/// An `Entry_Note`: shuyu's own memoQ layout (`[id] · candidate · note · Sources: a; b`) gives
/// back the id, status, note and sources; any other note is kept whole.
fn entry_note(c: &mut Concept, cell: &str) {
    let parts: Vec<&str> = cell.split(" · ").collect();
    let id = parts[0]
        .strip_prefix('[')
        .and_then(|p| p.strip_suffix(']'))
        .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace));
    let Some(id) = id else {
        c.notes.push(cell.to_owned());
        return;
    };
    c.id = Some(id.to_owned());
    let mut rest = &parts[1..];
    if let Some(s) = rest.first().and_then(|p| status(p)) {
        c.status = Some(s);
        rest = &rest[1..];
    }
    if let Some(list) = rest.last().and_then(|p| p.strip_prefix("Sources: ")) {
        c.sources.extend(list.split("; ").map(str::to_owned));
        rest = &rest[..rest.len() - 1];
    }
    if !rest.is_empty() {
        // A note may itself hold ` · `.
        c.notes.push(rest.join(" · "));
    }
    c.status.get_or_insert(Status::Approved);
}

fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn status(cell: &str) -> Option<Status> {
    match cell.to_ascii_lowercase().as_str() {
        "approved" => Some(Status::Approved),
        "candidate" => Some(Status::Candidate),
        "rejected" => Some(Status::Rejected),
        _ => None,
    }
}

fn kind(cell: &str) -> Option<Kind> {
    match cell.to_ascii_lowercase().as_str() {
        "term" => Some(Kind::Term),
        "title" => Some(Kind::Title),
        "name" => Some(Kind::Name),
        _ => None,
    }
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The separator of a CSV file: the one of `,` `;` and tab its first line uses most.
fn separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|&c| (first.matches(c).count(), c == ','))
        .unwrap_or(',')
}

fn unterminated(path: &Path, line: usize) -> Error {
    Error::Input {
        path: path.to_owned(),
        line: Some(line),
        message: "a quoted field is not closed (a `\"` is missing): fix the file or export \
                  it again"
            .into(),
    }
}

/// Records of RFC 4180 text: each with the 1-based line it starts on; `Err(line)` for a
/// quoted field still open at the end of the text.
struct Rows<'t> {
    text: &'t str,
    pos: usize,
    line: usize,
    sep: char,
}

impl<'t> Rows<'t> {
    fn new(text: &'t str, sep: char) -> Self {
        Rows {
            text,
            pos: 0,
            line: 1,
            sep,
        }
    }
}

impl Iterator for Rows<'_> {
    type Item = std::result::Result<(usize, Vec<String>), usize>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.text[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let start = self.line;
        let (mut cells, mut cell, mut quoted, mut at_start) =
            (Vec::new(), String::new(), false, true);
        let mut chars = rest.char_indices().peekable();
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' if quoted && chars.peek().is_some_and(|&(_, n)| n == '"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' if quoted => quoted = false,
                '"' if at_start => quoted = true,
                '\n' if !quoted => {
                    end = i + 1;
                    break;
                }
                '\r' if !quoted && chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
                c if c == self.sep && !quoted => {
                    cells.push(std::mem::take(&mut cell));
                    at_start = true;
                    continue;
                }
                c => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    cell.push(c);
                }
            }
            at_start = false;
        }
        self.line += 1;
        self.pos += end;
        if quoted {
            self.pos = self.text.len();
            return Some(Err(start));
        }
        cells.push(cell);
        Some(Ok((start, cells)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4180_records() {
        let rows: Vec<_> = Rows::new("a,\"b,\"\"c\"\"\nd\"\r\ne,f\n", ',')
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows[0], (1, vec!["a".into(), "b,\"c\"\nd".into()]));
        assert_eq!(rows[1], (3, vec!["e".into(), "f".into()]));
        assert_eq!(Rows::new("a\n\"b\n", ',').nth(1), Some(Err(2)));
    }

    #[test]
    fn headers_map_by_themselves() {
        let t = |l, s| Some(Field::Term(l, s));
        assert_eq!(auto_field("Chinese"), t("zh", Standing::Unmarked));
        assert_eq!(
            auto_field("Chinese deprecated"),
            t("zh", Standing::Deprecated)
        );
        assert_eq!(auto_field("English admitted"), t("en", Standing::Admitted));
        assert_eq!(auto_field("Chinese_PRC"), t("zh", Standing::Unmarked));
        assert_eq!(
            auto_field("English_United_States"),
            t("en", Standing::Unmarked)
        );
        assert_eq!(
            auto_field("English_United_States_Def"),
            Some(Field::LangNote("en"))
        );
        assert_eq!(
            auto_field("English_Forbidden"),
            t("en", Standing::Deprecated)
        );
        assert_eq!(auto_field("zh-CN"), t("zh", Standing::Unmarked));
        assert_eq!(auto_field("Entry_ID"), Some(Field::Id));
        assert_eq!(auto_field("Entry_Note"), Some(Field::EntryNote));
        assert_eq!(auto_field("Term_Info"), Some(Field::TermInfo));
        assert_eq!(auto_field("Entry_Subject"), None);
        assert_eq!(auto_field("English_Example"), None);
        assert_eq!(auto_field("Entry"), None);
    }

    #[test]
    fn columns_flag() {
        let c =
            Columns::parse(&["zh=术语, en=Term EN".into(), "zh.deprecated=不用".into()]).unwrap();
        assert_eq!(
            c.named[1],
            ("Term EN".into(), Field::Term("en", Standing::Unmarked))
        );
        assert!(Columns::parse(&["de=x".into()]).is_err());
        assert!(Columns::parse(&["zh".into()]).is_err());
    }

    #[test]
    fn semicolons_and_omegat() {
        let csv = "Chinese;English;Note\n信息;information | a | b;n\n";
        let c = read(
            Path::new("a.csv"),
            csv.as_bytes(),
            false,
            &Columns::default(),
        )
        .unwrap();
        assert_eq!(c[0].lang("en").unwrap().admitted, vec!["a", "b"]);
        let tsv = "信息\tinformation\tc\n网络\tnetwork\t\n";
        let c = read(
            Path::new("a.txt"),
            tsv.as_bytes(),
            true,
            &Columns::default(),
        )
        .unwrap();
        assert_eq!((c.len(), c[1].line), (2, 2));
        assert_eq!(c[0].notes, vec!["c"]);
        let e = read(
            Path::new("a.csv"),
            b"x,y\n1,2\n",
            false,
            &Columns::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("--columns zh="), "{e}");
    }
}
