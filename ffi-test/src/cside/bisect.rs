//! The C fragments of a binary are built in shards: groups assigned by a hash of their name to
//! about one shard per `SHARD` groups, so an edit rebuilds one shard, not the whole surface, and
//! shards compile in parallel. A shard that does not build or load is searched for the
//! fragments at fault by halving: a half that builds and loads is used as one object, a half that does not is
//! halved again, down to single groups, which fail with their own message. With k broken
//! groups among n this compiles about 2·k·log2(n/k) units, not n (a whole binding surface has
//! thousands of groups), and every unit is cached, so a warm run replays the same halves.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::hash::Hasher;
use super::unit::Fragment;

/// Groups per shard, about: a unit this size compiles in well under a second.
const SHARD: usize = 256;

/// Each group of `units` with its object or its failure; `Err` when the binary's C
/// configuration itself does not compile (`configuration_error` says so, asked only when some
/// shard fails).
pub fn locate_shards(
    units: &[Fragment],
    attempt: Attempt,
    configuration_error: &(dyn Fn() -> Option<String> + Sync),
) -> Result<HashMap<&'static str, Result<PathBuf, String>>, String> {
    let shards = shards(units);
    let out = Mutex::new(HashMap::new());
    let broken = Mutex::new(None);
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(shards.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(shard) = shards.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let found = match attempt(shard) {
                        Ok(path) => shard
                            .iter()
                            .map(|f| (f.c.group, Ok(path.clone())))
                            .collect(),
                        Err(_) => match configuration_error() {
                            Some(message) => {
                                *broken.lock().unwrap_or_else(|e| e.into_inner()) = Some(message);
                                return;
                            }
                            None => locate_groups(shard, attempt),
                        },
                    };
                    out.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
                }
            });
        }
    });
    match broken.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(message) => Err(message),
        None => Ok(out.into_inner().unwrap_or_else(|e| e.into_inner())),
    }
}

/// `units` in shards, each in the units' order; a group's shard depends only on its name and
/// the number of shards (a power of two, so it changes rarely as a binary grows).
fn shards(units: &[Fragment]) -> Vec<Vec<Fragment>> {
    let count = units.len().div_ceil(SHARD).max(1).next_power_of_two();
    let mut shards = vec![Vec::new(); count];
    for f in units {
        let mut h = Hasher::new();
        h.field(f.c.group.as_bytes());
        let at = u64::from_str_radix(&h.hex()[..8], 16).unwrap_or(0) as usize % count;
        shards[at].push(*f);
    }
    shards.retain(|s: &Vec<Fragment>| !s.is_empty());
    shards
}

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
