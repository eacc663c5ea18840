//! What a parent located, handed to its children in a file, so a child loads its C without
//! detecting a compiler, reading headers or hashing anything again.

use std::path::{Path, PathBuf};

use super::Located;
use crate::registry::TestEntry;

// Records and fields are separated by ASCII's record and unit separators, which neither paths
// nor compiler messages contain.
const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';

pub fn write_manifest(path: &Path, located: &[(&'static str, Located)]) -> Result<(), String> {
    let mut text = String::new();
    for (test, where_) in located {
        match where_ {
            Located::At(object, prefix) => text.push_str(&format!(
                "{test}{FIELD}at{FIELD}{}{FIELD}{prefix}{RECORD}",
                object.display()
            )),
            Located::Failed(e) => text.push_str(&format!("{test}{FIELD}failed{FIELD}{e}{RECORD}")),
        }
    }
    Ok(super::cache::write_atomically(path, text.as_bytes())?)
}

/// The manifest at `path`, for the tests in `entries` (names are matched back to entries).
pub fn read_manifest(
    path: &Path,
    entries: &[&'static TestEntry],
) -> Result<Vec<(&'static str, Located)>, String> {
    let text = crate::os::untrusted::read_text(path, crate::os::untrusted::LOG_CAP)
        .map_err(|e| format!("cannot read the C manifest {}: {e}", path.display()))?;
    let by_name: std::collections::HashMap<&str, &'static TestEntry> =
        entries.iter().map(|e| (e.name, *e)).collect();
    let mut out = Vec::new();
    for record in text.split(RECORD).filter(|r| !r.is_empty()) {
        let fields: Vec<&str> = record.split(FIELD).collect();
        let Some(entry) = by_name.get(fields[0]) else {
            continue;
        };
        let located = match fields.as_slice() {
            [_, "at", object, prefix] => Located::At(PathBuf::from(object), prefix.to_string()),
            [_, "failed", message] => Located::Failed(message.to_string()),
            _ => return Err(format!("malformed C manifest {}", path.display())),
        };
        out.push((entry.name, located));
    }
    Ok(out)
}
