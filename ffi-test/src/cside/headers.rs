//! The compiler's reading of a unit of headers (its preprocessed text, its `-aux-info`), made
//! once per process for each unit and kind of reading: the shards of a binary's C share their
//! headers, and the prelude of every shard asks for the same reading.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use super::compiler::Compiler;
use super::hash::Hasher;

type Reading = Arc<OnceLock<Result<Arc<String>, String>>>;

/// What `run` reads from `unit` written to a file of `dir`: `run` gets that source file and a
/// path it may have the compiler write to, and returns the text. Both files are removed after.
pub fn read_once(
    kind: &'static str,
    compiler: &Compiler,
    unit: &str,
    dir: &Path,
    run: impl FnOnce(&Path, &Path) -> Result<String, String>,
) -> Result<Arc<String>, String> {
    static READINGS: OnceLock<Mutex<HashMap<String, Reading>>> = OnceLock::new();
    let mut h = Hasher::new();
    h.field(kind.as_bytes())
        .field(compiler.fingerprint(&[]).as_bytes())
        .field(unit.as_bytes());
    let reading = READINGS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(h.hex())
        .or_default()
        .clone();
    reading
        .get_or_init(|| {
            // Names unique to this call: other test processes may share the directory.
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let stem = dir.join(format!("{kind}-{}-{n}", std::process::id()));
            let source = stem.with_extension("c");
            let output = stem.with_extension("out");
            super::cache::create_new(&source, unit.as_bytes())?;
            let text = run(&source, &output);
            let _ = std::fs::remove_file(&source);
            let _ = std::fs::remove_file(&output);
            text.map(Arc::new)
        })
        .clone()
}

/// The standard output of a compiler command over headers (`cmd`, its source file given), or
/// why not: `tool` names the program in a message (`the C preprocessor`), `doing` what the
/// headers failed to do (`preprocess`).
pub fn output_of(
    mut cmd: std::process::Command,
    tool: &str,
    doing: &str,
) -> Result<String, String> {
    let out = crate::os::reaper::output(&mut cmd).map_err(|e| format!("cannot run {tool}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the headers do not {doing}:\n{}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
