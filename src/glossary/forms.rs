//! The form index every command uses: each form of one language with its entry and standing.

use super::schema::Glossary;

/// The standing of a form in its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStatus {
    Preferred,
    Abbr,
    Admitted,
    Deprecated,
}

impl Glossary {
    /// Every form of one language with its entry index and standing, in entry order.
    pub fn forms<'g>(
        &'g self,
        lang: &'g str,
    ) -> impl Iterator<Item = (&'g str, usize, FormStatus)> + 'g {
        self.entries.iter().enumerate().flat_map(move |(i, e)| {
            let block = e
                .languages()
                .find(|(code, _)| *code == lang)
                .map(|(_, l)| l);
            block.into_iter().flat_map(move |l| {
                std::iter::once((l.preferred.as_str(), i, FormStatus::Preferred))
                    .chain(l.abbr.as_deref().map(|a| (a, i, FormStatus::Abbr)))
                    .chain(
                        l.admitted
                            .iter()
                            .map(move |a| (a.as_str(), i, FormStatus::Admitted)),
                    )
                    .chain(
                        l.deprecated
                            .iter()
                            .map(move |d| (d.as_str(), i, FormStatus::Deprecated)),
                    )
            })
        })
    }
}
