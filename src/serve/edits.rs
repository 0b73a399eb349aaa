//! The changes the review workflow makes to a glossary, as pure functions: a proposed entry,
//! and an edit, approval, rejection or variant marking of an existing one, each checked
//! against the entry's ETag and the holder's role before anything changes.

use super::auth::{self, Role, Token};
use super::entries::etag;
use super::problem::Problem;
use crate::glossary::{Entry, Glossary, Kind, Lang, MAX_FORM_CHARS, Status};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

/// The body of `POST /v1/entries`: a new candidate entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// [default: `cand-` and the FNV-1a hash of the Chinese, as `merge` names candidates]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    pub zh: Lang,
    pub en: Option<Lang>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What `PATCH /v1/entries/{id}` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Changes the fields sent, status aside.
    #[default]
    Edit,
    /// Sets `status: approved` (after the fields sent); the entry must have English.
    Approve,
    /// Sets `status: rejected`.
    Reject,
    /// Moves the entry's Chinese forms to the entry `variant_of`, then rejects it.
    Variant,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Variant => "variant",
        }
    }
}

/// Where a variant's forms go in the entry it is a variant of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VariantAs {
    /// To `suggested_variants`, for a person to settle later.
    #[default]
    Suggested,
    /// To the Chinese admitted forms: the variant is right.
    Admitted,
    /// To the Chinese deprecated forms: the variant is wrong, `check` flags it.
    Deprecated,
}

/// The body of `PATCH /v1/entries/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    #[serde(default)]
    pub action: Action,
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    pub zh: Option<Lang>,
    pub en: Option<Lang>,
    pub fr: Option<Lang>,
    pub es: Option<Lang>,
    pub ru: Option<Lang>,
    pub ar: Option<Lang>,
    /// An empty note removes it.
    pub note: Option<String>,
    pub sources: Option<Vec<String>>,
    /// With `action: variant`: the id of the entry this one is a variant of.
    pub variant_of: Option<String>,
    /// With `action: variant` [default: suggested].
    #[serde(rename = "as")]
    pub variant_as: Option<VariantAs>,
}

/// What a change did: the entry changed, and for a variant the entry its forms went to.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub action: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant_of: Option<String>,
    #[serde(rename = "as", skip_serializing_if = "Option::is_none")]
    pub variant_as: Option<VariantAs>,
    /// The entry, as it last was, when the change removed it from the file.
    #[serde(skip)]
    pub removed: Option<Box<Entry>>,
}

/// A refused change: the problem, and for a stale ETag the entry as it now is.
#[derive(Debug)]
pub struct Refusal {
    pub problem: Problem,
    pub current: Option<Box<Entry>>,
}

impl From<Problem> for Refusal {
    fn from(problem: Problem) -> Self {
        Refusal {
            problem,
            current: None,
        }
    }
}

type Changed = Result<(Glossary, Outcome), Refusal>;

fn unprocessable(detail: impl Into<String>) -> Refusal {
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail).into()
}

fn conflict(detail: impl Into<String>) -> Refusal {
    Problem::new(StatusCode::CONFLICT, detail).into()
}

/// `g` with the entry `p` proposes appended, as a candidate.
pub fn propose(g: &Glossary, p: Proposal) -> Changed {
    let mut entry = Entry {
        id: String::new(),
        kind: p.kind.unwrap_or_default(),
        status: Status::Candidate,
        zh: Some(p.zh),
        en: p.en,
        note: p.note.filter(|n| !n.trim().is_empty()),
        sources: p.sources,
        ..Entry::default()
    };
    check_forms(&entry)?;
    let zh = entry.zh.as_ref().map_or("", |l| l.preferred.as_str());
    for form in entry.zh.iter().flat_map(|l| l.all_forms()) {
        if let Some(other) = g.entries.iter().find(|e| has_zh(e, form)) {
            return Err(conflict(format!(
                "{form} is already a Chinese form of entry {}: edit that entry instead",
                other.id
            )));
        }
    }
    entry.id = match p.id {
        Some(id) if !crate::glossary::lint::valid_id(&id) => {
            return Err(unprocessable(format!(
                "id {id:?}: lowercase letters and digits joined by single hyphens"
            )));
        }
        Some(id) if g.entries.iter().any(|e| e.id == id) => {
            return Err(conflict(format!("id {id} is taken: choose another")));
        }
        Some(id) => id,
        None => new_id(g, zh),
    };
    let mut next = g.clone();
    let id = entry.id.clone();
    next.entries.push(entry);
    Ok((
        next,
        Outcome {
            action: "propose",
            id,
            variant_of: None,
            variant_as: None,
            removed: None,
        },
    ))
}

/// `cand-` and the FNV-1a hash of the term, `-2`, `-3`… when taken, as `merge` names entries.
fn new_id(g: &Glossary, term: &str) -> String {
    let base = format!("cand-{:08x}", crate::util::hash::fnv1a32(term.as_bytes()));
    let taken = |id: &str| g.entries.iter().any(|e| e.id == id);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

fn has_zh(e: &Entry, form: &str) -> bool {
    e.zh.as_ref()
        .is_some_and(|l| l.all_forms().any(|f| f == form))
}

/// Every form of `e` is one a glossary may hold: not blank, no spaces at its ends, not
/// longer than a form may be; and `e` has Chinese.
fn check_forms(e: &Entry) -> Result<(), Refusal> {
    if e.zh.is_none() {
        return Err(unprocessable("an entry needs Chinese (zh)"));
    }
    for (code, lang) in e.languages() {
        for f in lang.all_forms() {
            if f.is_empty() || f.trim() != f {
                return Err(unprocessable(format!(
                    "{code} form {f:?} is empty or has spaces at its ends"
                )));
            }
            if f.chars().count() > MAX_FORM_CHARS {
                return Err(unprocessable(format!(
                    "a {code} form has more than {MAX_FORM_CHARS} characters: a form is a \
                     term, not a passage"
                )));
            }
        }
    }
    Ok(())
}

/// `g` with the entry `id` changed as `patch` says, by `holder`, whose `If-Match` was
/// `if_match`.
pub fn apply(g: &Glossary, id: &str, if_match: &str, patch: Patch, holder: &Token) -> Changed {
    let Some(at) = g.entries.iter().position(|e| e.id == id) else {
        return Err(Problem::not_found(format!(
            "no entry with id {id:?} in the file the service writes: GET /v1/entries?q=TERM \
             finds entries by their forms"
        ))
        .into());
    };
    let current = &g.entries[at];
    let tag = etag(current);
    if !if_match
        .split(',')
        .any(|t| t.trim() == tag || t.trim() == "*")
    {
        return Err(Refusal {
            problem: Problem::new(
                StatusCode::PRECONDITION_FAILED,
                format!(
                    "entry {id} changed since its ETag was read (now {tag}): look at the \
                     current entry, sent here, and send the change again with its ETag"
                ),
            ),
            current: Some(Box::new(current.clone())),
        });
    }
    let needed = match (patch.action, current.status) {
        (Action::Edit, Status::Candidate) => Role::Translator,
        _ => Role::Terminologist,
    };
    let what = match patch.action {
        Action::Edit => format!("editing {} entry {id}", current.status.as_str()),
        Action::Approve => format!("approving entry {id}"),
        Action::Reject => format!("rejecting entry {id}"),
        Action::Variant => format!("marking entry {id} as a variant"),
    };
    auth::allow(holder, needed, &what)?;
    let mut next = g.clone();
    let action = patch.action;
    let (variant_of, variant_as) = (patch.variant_of.clone(), patch.variant_as);
    edit_fields(&mut next.entries[at], patch);
    check_forms(&next.entries[at])?;
    let mut outcome = Outcome {
        action: action.as_str(),
        id: id.to_owned(),
        variant_of: None,
        variant_as: None,
        removed: None,
    };
    match action {
        Action::Edit => {}
        Action::Approve => {
            if next.entries[at].en.is_none() {
                return Err(unprocessable(format!(
                    "entry {id} has no English: send \"en\" with the approval"
                )));
            }
            settle(&mut next.entries[at], Status::Approved);
        }
        Action::Reject => settle(&mut next.entries[at], Status::Rejected),
        Action::Variant => {
            let how = variant_as.unwrap_or_default();
            let target = variant_of.ok_or_else(|| {
                unprocessable("action variant needs \"variant_of\": the id of the other entry")
            })?;
            mark_variant(&mut next, at, &target, how)?;
            settle(&mut next.entries[at], Status::Rejected);
            // Its forms are now the other entry's: kept, the entry would hold them twice.
            if how != VariantAs::Suggested {
                outcome.removed = Some(Box::new(next.entries.remove(at)));
            }
            outcome.variant_of = Some(target);
            outcome.variant_as = Some(how);
        }
    }
    Ok((next, outcome))
}

/// The fields `patch` sends, set on `e`.
fn edit_fields(e: &mut Entry, patch: Patch) {
    let langs = [
        (&mut e.zh, patch.zh),
        (&mut e.en, patch.en),
        (&mut e.fr, patch.fr),
        (&mut e.es, patch.es),
        (&mut e.ru, patch.ru),
        (&mut e.ar, patch.ar),
    ];
    for (slot, new) in langs {
        if let Some(l) = new {
            *slot = Some(l);
        }
    }
    if let Some(k) = patch.kind {
        e.kind = k;
    }
    if let Some(n) = patch.note {
        e.note = Some(n).filter(|n| !n.trim().is_empty());
    }
    if let Some(s) = patch.sources {
        e.sources = s;
    }
}

/// A reviewed entry: its status set, and the English proposals, which only candidates keep,
/// dropped (as the next `merge` would).
fn settle(e: &mut Entry, status: Status) {
    e.status = status;
    e.en_suggestions.clear();
}

/// The Chinese forms of entry `at` added to entry `target` as `how` says.
fn mark_variant(g: &mut Glossary, at: usize, target: &str, how: VariantAs) -> Result<(), Refusal> {
    let Some(to) = g.entries.iter().position(|e| e.id == target) else {
        return Err(unprocessable(format!(
            "variant_of: no entry with id {target:?} in the file the service writes"
        )));
    };
    if to == at {
        return Err(unprocessable("variant_of names the entry itself"));
    }
    let forms: Vec<String> = g.entries[at]
        .zh
        .iter()
        .flat_map(|l| l.approved_forms())
        .map(str::to_owned)
        .collect();
    let dest = &mut g.entries[to];
    for form in forms {
        if has_zh(dest, &form) || dest.suggested_variants.contains(&form) {
            continue;
        }
        match (how, dest.zh.as_mut()) {
            (VariantAs::Suggested, _) => dest.suggested_variants.push(form),
            (VariantAs::Admitted, Some(l)) => l.admitted.push(form),
            (VariantAs::Deprecated, Some(l)) => l.deprecated.push(form),
            (_, None) => {
                dest.zh = Some(Lang {
                    preferred: form,
                    ..Lang::default()
                })
            }
        }
    }
    // A form that is now admitted or deprecated is settled: no longer a suggestion.
    let settled: Vec<String> = dest
        .zh
        .iter()
        .flat_map(|l| l.all_forms())
        .map(str::to_owned)
        .collect();
    dest.suggested_variants.retain(|v| !settled.contains(v));
    Ok(())
}
