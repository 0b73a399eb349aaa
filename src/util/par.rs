//! Parallel maps that stay on the calling thread for a single item.

use rayon::prelude::*;

/// `items` mapped by `f`, in order: on rayon's pool when there are several, on this thread
/// when there is one. One item gains nothing from the pool, and a caller outside it (the
/// service's async threads checking a paragraph) would pay a hand-off to a pool thread and
/// back, which costs more than checking the paragraph.
pub fn try_map<'a, T, R, E>(
    items: &'a [T],
    f: impl Fn(&'a T) -> Result<R, E> + Sync + Send,
) -> Result<Vec<R>, E>
where
    T: Sync,
    R: Send,
    E: Send,
{
    match items {
        [] | [_] => items.iter().map(f).collect(),
        _ => items.par_iter().map(f).collect(),
    }
}
