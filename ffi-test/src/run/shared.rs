//! Fact checks under nextest. nextest starts one process per test, so each layout, signature or
//! constant check would prepare the binary's C and start a batch child for itself alone. The
//! first such process of a nextest run (per test binary) runs every fact check of the binary in
//! the shared children instead, and keeps how each ended in the C cache directory under
//! nextest's run id and the binary's identity; the others, waiting on its lock meanwhile, read
//! their own ending there and start nothing. Each process still judges its test against its
//! expectation itself. A run id is never reused, so nothing kept is read by a later run.
//!
//! The same store keeps a plain run's fact checks for the next run when every one of them
//! passed or failed on its own (no crash, timeout or exit, whose reports a replay would lose),
//! keyed by everything they read: the test binary, the C objects the run located (each named by
//! a key of its text, headers and linked libraries), every shared object the harness has
//! mapped, the loader's variables and the plan's checks and timeouts. A rerun with nothing
//! changed then starts no child for them, and says so (`FFI_TEST_RERUN_FACTS=1` runs them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::isolation::{ChildRun, Ending};
use crate::cside::cache::{write_atomically, Cache, Lock};

/// The environment variable nextest sets to its run's id in every test process.
const RUN_ID_VAR: &str = "NEXTEST_RUN_ID";

/// How long a kept file may stay before a later run removes it (runs in progress keep theirs).
const KEEP: Duration = Duration::from_secs(24 * 60 * 60);

/// Set (to anything but `0`) to run a plain run's fact checks even when nothing they read
/// changed since the last run.
pub const RERUN_VAR: &str = "FFI_TEST_RERUN_FACTS";

/// The loader's variables: they change which libraries a check's symbols resolve in.
const LOADER_VARS: [&str; 4] = ["LD_LIBRARY_PATH", "LD_PRELOAD", "LD_AUDIT", "LD_BIND_NOW"];

/// The endings kept for one nextest run of one binary.
pub struct Shared {
    dir: PathBuf,
    key: String,
    /// `endings` for a nextest run's, `kept` for the next plain run's.
    kind: &'static str,
}

/// Whether this process is one of a nextest run's (which names its run in the environment).
pub fn under_nextest() -> bool {
    std::env::var_os(RUN_ID_VAR).is_some_and(|id| !id.is_empty())
}

impl Shared {
    /// The store of this process's nextest run, if it runs under nextest (and the cache can be
    /// used: without it every process runs its check itself, as before).
    pub fn of_this_run() -> Option<Shared> {
        let run_id = std::env::var(RUN_ID_VAR).ok().filter(|id| !id.is_empty())?;
        let mut h = crate::cside::hash::Hasher::new();
        h.field(run_id.as_bytes());
        this_binary(&mut h)?;
        Shared::in_cache(h.hex(), "endings")
    }

    /// The store of a plain run whose fact checks are `plan` and whose C the manifest at
    /// `manifest` locates; `None` when asked not to keep (`FFI_TEST_RERUN_FACTS`).
    pub fn of_unchanged_inputs(manifest: &Path, plan: &[(&str, Duration)]) -> Option<Shared> {
        if std::env::var_os(RERUN_VAR).is_some_and(|v| !v.is_empty() && v != "0") {
            return None;
        }
        let mut h = crate::cside::hash::Hasher::new();
        h.field(b"unchanged inputs 1");
        this_binary(&mut h)?;
        h.field(&std::fs::read(manifest).ok()?);
        for (name, timeout) in plan {
            h.field(name.as_bytes())
                .field(&timeout.as_millis().to_le_bytes());
        }
        for var in LOADER_VARS {
            h.field(std::env::var_os(var).unwrap_or_default().as_encoded_bytes());
        }
        mapped_objects(&mut h)?;
        Shared::in_cache(h.hex(), "kept")
    }

    fn in_cache(key: String, kind: &'static str) -> Option<Shared> {
        let dir = Cache::open(None).ok()?.dir().join("verdicts");
        std::fs::create_dir_all(&dir).ok()?;
        Some(Shared { dir, key, kind })
    }

    /// The kept endings of `checks`, if every one of them is kept.
    pub fn read(&self, checks: &[&'static str]) -> Option<HashMap<&'static str, ChildRun>> {
        let bytes =
            crate::os::untrusted::read(&self.file(), crate::os::untrusted::ENTRY_CAP).ok()?;
        decode(&bytes, checks, &|_| true).filter(|kept| kept.len() == checks.len())
    }

    /// Keeps `encoded` endings (see [`encode_one`]) for the next run.
    pub fn keep(&self, encoded: &[u8]) {
        let file = self.file();
        if write_atomically(&file, encoded).is_ok() {
            remove_old(&self.dir, &file);
        }
    }

    fn file(&self) -> PathBuf {
        self.dir.join(format!("{}.{}", self.key, self.kind))
    }

    /// The endings of this run of the checks `wanted` says this process runs: read if another
    /// process kept them, else made by `run_all` (every fact check of the binary) and kept,
    /// unless one of them is not the check's own (an interrupt, a failure to start a child),
    /// which a later process must meet afresh.
    pub fn endings(
        &self,
        checks: &[&'static str],
        wanted: &dyn Fn(&str) -> bool,
        run_all: impl FnOnce() -> Result<HashMap<&'static str, ChildRun>, String>,
    ) -> Result<HashMap<&'static str, ChildRun>, String> {
        let _lock = Lock::acquire(&self.dir.join(format!("{}.lock", self.key)))?;
        let file = self.file();
        if let Some(kept) = crate::os::untrusted::read(&file, crate::os::untrusted::ENTRY_CAP)
            .ok()
            .and_then(|bytes| decode(&bytes, checks, wanted))
        {
            return Ok(kept);
        }
        let mut endings = run_all()?;
        if endings.values().all(|run| keepable(&run.ending)) {
            write_atomically(&file, &encode(&endings))?;
            remove_old(&self.dir, &file);
        }
        endings.retain(|name, _| wanted(name));
        Ok(endings)
    }
}

fn keepable(ending: &Ending) -> bool {
    !matches!(ending, Ending::Interrupted(_) | Ending::HarnessError(_))
}

/// This test binary (`cside::binary_identity`).
fn this_binary(h: &mut crate::cside::hash::Hasher) -> Option<()> {
    h.field(crate::cside::binary_identity()?.as_bytes());
    Some(())
}

/// Every file this process has mapped (the shared objects the binary links, which a check's
/// symbols may resolve in), by path and identity: an upgraded library is another.
fn mapped_objects(h: &mut crate::cside::hash::Hasher) -> Option<()> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    let mut paths: Vec<&str> = maps
        .lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .filter(|path| path.starts_with('/'))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        h.field(path.as_bytes());
        // A memfd, or a file deleted since it was mapped: named, with no identity to read.
        if let Ok(meta) = std::fs::metadata(path) {
            h.field(&crate::cside::cache::identity_of(&meta));
        }
    }
    Some(())
}

/// Files of runs long over; a damaged or foreign name is left alone.
fn remove_old(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > KEEP);
        let ours = path
            .extension()
            .is_some_and(|e| e == "endings" || e == "kept" || e == "lock");
        if old && ours && path != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// One line per check, `name tag a b len-message len-output`, then the message's and the
/// output's bytes: what [`decode`] reads back.
fn encode(endings: &HashMap<&'static str, ChildRun>) -> Vec<u8> {
    let mut names: Vec<&&str> = endings.keys().collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        encode_one(name, &endings[*name], &mut out);
    }
    out
}

/// Appends `run`'s record to `out` (nothing for an ending never kept: see `keepable`).
pub fn encode_one(name: &str, run: &ChildRun, out: &mut Vec<u8>) {
    let (tag, a, b, message) = match &run.ending {
        Ending::Passed => ('P', 0, 0, ""),
        Ending::Failed(m) => ('F', 0, 0, m.as_str()),
        Ending::Signal(s) => ('S', *s as i64, 0, ""),
        Ending::Exit(c) => ('E', *c as i64, 0, ""),
        Ending::TimedOut(after, killed) => ('T', after.as_millis() as i64, *killed as i64, ""),
        Ending::Interrupted(_) | Ending::HarnessError(_) => return,
    };
    let line = format!(
        "{name} {tag} {a} {b} {} {}\n",
        message.len(),
        run.output.len()
    );
    out.extend_from_slice(line.as_bytes());
    out.extend_from_slice(message.as_bytes());
    out.extend_from_slice(run.output.as_bytes());
}

/// The endings [`encode`] wrote of the checks `wanted` says, every name among `checks`; `None`
/// if anything in the file is not as written (it is then made again). Under nextest a process
/// wants one of hundreds: the others are read past, not made.
fn decode(
    mut bytes: &[u8],
    checks: &[&'static str],
    wanted: &dyn Fn(&str) -> bool,
) -> Option<HashMap<&'static str, ChildRun>> {
    // A batch keeps its checks in the order they ran, which is `checks`' order: each name is
    // compared with the next expected one, and only looked up when it is not that one.
    let mut names: Option<HashMap<&str, &'static str>> = None;
    let mut next = 0;
    let mut endings = HashMap::with_capacity(checks.len());
    while !bytes.is_empty() {
        let end = bytes.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&bytes[..end]).ok()?;
        bytes = &bytes[end + 1..];
        let mut fields = line.split(' ');
        let written = fields.next()?;
        let name = match checks.get(next) {
            Some(expected) if *expected == written => *expected,
            _ => *names
                .get_or_insert_with(|| checks.iter().map(|n| (*n, *n)).collect())
                .get(written)?,
        };
        next += 1;
        let tag = fields.next()?;
        let mut number = || fields.next()?.parse::<i64>().ok();
        let (a, b, message_len, output_len) = (number()?, number()?, number()?, number()?);
        let take = |bytes: &mut &[u8], n: i64| -> Option<String> {
            let n = usize::try_from(n).ok()?;
            let text = String::from_utf8(bytes.get(..n)?.to_vec()).ok()?;
            *bytes = &bytes[n..];
            Some(text)
        };
        if !wanted(name) {
            let skip = usize::try_from(message_len).ok()? + usize::try_from(output_len).ok()?;
            bytes = bytes.get(skip..)?;
            continue;
        }
        let message = take(&mut bytes, message_len)?;
        let output = take(&mut bytes, output_len)?;
        let ending = match tag {
            "P" => Ending::Passed,
            "F" => Ending::Failed(message),
            "S" => Ending::Signal(i32::try_from(a).ok()?),
            "E" => Ending::Exit(i32::try_from(a).ok()?),
            "T" => Ending::TimedOut(Duration::from_millis(u64::try_from(a).ok()?), b != 0),
            _ => return None,
        };
        let run = ChildRun {
            ending,
            output,
            checker_log: String::new(),
            crash: None,
            crash_handler: false,
        };
        endings.insert(name, run);
    }
    Some(endings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ending: Ending, output: &str) -> ChildRun {
        ChildRun {
            ending,
            output: output.into(),
            checker_log: String::new(),
            crash: None,
            crash_handler: false,
        }
    }

    #[test]
    fn endings_read_back_as_kept_and_damage_is_a_miss() {
        let entries = ["a__x__then_y", "b__x__then_y", "c__x__then_y"];
        let mut endings = HashMap::new();
        endings.insert(entries[0], run(Ending::Passed, ""));
        endings.insert(
            entries[1],
            run(
                Ending::Failed("layout of `point`:\n 2 disagreements".into()),
                "out\n",
            ),
        );
        endings.insert(
            entries[2],
            run(Ending::TimedOut(Duration::from_millis(1500), true), ""),
        );
        let bytes = encode(&endings);
        let back = decode(&bytes, &entries, &|_| true).unwrap();
        assert_eq!(back.len(), 3);
        assert!(
            matches!(&back["b__x__then_y"].ending, Ending::Failed(m) if m.ends_with("2 disagreements"))
        );
        assert_eq!(back["b__x__then_y"].output, "out\n");
        assert!(
            matches!(back["c__x__then_y"].ending, Ending::TimedOut(d, true) if d.as_millis() == 1500)
        );
        // Truncated, or naming a check this binary does not have: made again.
        assert!(decode(&bytes[..bytes.len() - 2], &entries, &|_| true).is_none());
        assert!(decode(&bytes, &entries[..2], &|_| true).is_none());
        assert!(decode(b"a__x__then_y Q 0 0 0 0\n", &entries, &|_| true).is_none());
        // Only the wanted ones are made; the others are read past.
        let one = decode(&bytes, &entries, &|n| n == "b__x__then_y").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one["b__x__then_y"].output, "out\n");
    }
}
