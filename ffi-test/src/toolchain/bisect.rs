//! When the batch of a binary's C fragments does not build or load, find the fragments at fault
//! by halving: a half that builds and loads is used as one object, a half that does not is
//! halved again, down to single groups, which fail with their own message. With k broken
//! groups among n this compiles about 2·k·log2(n/k) units, not n (a whole binding surface has
//! thousands of groups), and every unit is cached, so a warm run replays the same halves.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::unit::Fragment;

/// Builds and loads a set of groups: the object, or why not (for a single group, the message
/// its tests fail with).
pub type Attempt<'a> = &'a (dyn Fn(&[Fragment]) -> Result<PathBuf, String> + Sync);

/// Each group of `units` (whose batch failed) with its object or its failure.
pub fn locate_groups(
    units: &[Fragment],
    attempt: Attempt,
) -> HashMap<&'static str, Result<PathBuf, String>> {
    let out = Mutex::new(HashMap::new());
    // Compiles at once: the machine's parallelism, as the compiler runs are the cost.
    let spare = AtomicUsize::new(
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .saturating_sub(1),
    );
    std::thread::scope(|scope| {
        let (left, right) = units.split_at(units.len() / 2);
        halve(scope, left, attempt, &out, &spare);
        halve(scope, right, attempt, &out, &spare);
    });
    out.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn halve<'s, 'e>(
    scope: &'s std::thread::Scope<'s, 'e>,
    units: &'e [Fragment],
    attempt: Attempt<'e>,
    out: &'e Mutex<HashMap<&'static str, Result<PathBuf, String>>>,
    spare: &'e AtomicUsize,
) {
    if units.is_empty() {
        return;
    }
    let record = |group: &'static str, result: Result<PathBuf, String>| {
        out.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(group, result);
    };
    match attempt(units) {
        Ok(path) => units
            .iter()
            .for_each(|f| record(f.c.group, Ok(path.clone()))),
        Err(why) if units.len() == 1 => record(units[0].c.group, Err(why)),
        Err(_) => {
            let (left, right) = units.split_at(units.len() / 2);
            let took = spare
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                .is_ok();
            if took {
                scope.spawn(move || {
                    halve(scope, left, attempt, out, spare);
                    spare.fetch_add(1, Ordering::AcqRel);
                });
            } else {
                halve(scope, left, attempt, out, spare);
            }
            halve(scope, right, attempt, out, spare);
        }
    }
}
