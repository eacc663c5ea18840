//! What pytest collected, kept beside the test binary so that the processes after the first (a
//! test's own child, each of nextest's processes) do not start an interpreter and import every
//! test module again only to learn the names. The key is everything collection reads that a
//! user changes: the binary (its `#[pymodule]`s), every Python and configuration file under the
//! registered paths, the `conftest.py` and pytest configuration files above them up to the
//! package root, and the environment pytest and the interpreter read. Collection that depends on
//! anything else (a data file a parametrization reads) is refreshed by removing the file, or by
//! `FFI_TEST_PYTEST_RECOLLECT=1`.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The environment that changes what pytest collects.
const ENV: [&str; 5] = [
    "FFI_TEST_PYTHON",
    "PYTEST_ADDOPTS",
    "PYTEST_PLUGINS",
    "PYTHONPATH",
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
];

/// Files above a registered path that pytest reads while collecting it.
const ABOVE: [&str; 6] = [
    "conftest.py",
    "pytest.ini",
    ".pytest.ini",
    "pyproject.toml",
    "setup.cfg",
    "tox.ini",
];

/// Where one registration's collection is kept, and its key.
pub struct Cached {
    path: Option<PathBuf>,
    key: String,
}

impl Cached {
    /// The cache of the registration of `paths` under `root` made at `site` (`file:line`).
    pub fn new(root: &Path, paths: &[&str], site: &str) -> Cached {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        site.hash(&mut hasher);
        let exe = std::env::current_exe().ok();
        let name = exe
            .as_ref()
            .and_then(|e| e.file_name())
            .map(|n| format!("{}-{:016x}.tsv", n.to_string_lossy(), hasher.finish()));
        // Beside the `deps` directory of the test binary (`target/debug/`), as Hypothesis's.
        let path = crate::tools::python::profile_dir()
            .zip(name)
            .map(|(dir, name)| dir.join("ffi-test-pytest").join(name));
        // The binary (its #[pymodule]s), as the C side's kept facts are keyed.
        let mut key = vec![format!("binary {:?}", crate::cside::binary_identity())];
        for var in ENV {
            key.push(format!("{var}={:?}", std::env::var_os(var)));
        }
        for path in paths {
            key.push(format!("path {path}"));
            let full = root.join(path);
            walk(&full, &mut key);
            let mut dir = if full.is_dir() {
                Some(full.as_path())
            } else {
                full.parent()
            };
            while let Some(d) = dir {
                for name in ABOVE {
                    stamp(&d.join(name), &mut key);
                }
                if d == root {
                    break;
                }
                dir = d.parent();
            }
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        Cached {
            path,
            key: format!("key {:016x}", hasher.finish()),
        }
    }

    /// The records kept, if their key is this one.
    pub fn read(&self) -> Option<String> {
        if std::env::var_os("FFI_TEST_PYTEST_RECOLLECT").is_some() {
            return None;
        }
        let text = crate::os::untrusted::read_text(self.path.as_ref()?, 64 << 20).ok()?;
        let (key, records) = text.split_once('\n')?;
        (key == self.key).then(|| records.to_string())
    }

    /// Keeps `records` (best effort: a read-only target directory only costs a collection per
    /// process). Written whole to a file of its own first, then renamed: a reader sees the
    /// old records or the new ones.
    pub fn write(&self, records: &str) {
        let Some(path) = &self.path else { return };
        let Some(dir) = path.parent() else { return };
        let _ = std::fs::create_dir_all(dir);
        let partial = path.with_extension(format!("{}.partial", std::process::id()));
        if std::fs::write(&partial, format!("{}\n{records}", self.key)).is_ok() {
            let _ = std::fs::rename(&partial, path);
        }
        let _ = std::fs::remove_file(&partial);
    }
}

/// The Python and configuration files at or under `path`, with their stamps.
fn walk(path: &Path, key: &mut Vec<String>) {
    let Ok(meta) = std::fs::metadata(path) else {
        key.push(format!("missing {}", path.display()));
        return;
    };
    if meta.is_file() {
        stamp(path, key);
        return;
    }
    let Ok(dir) = std::fs::read_dir(path) else {
        return;
    };
    let mut children: Vec<PathBuf> = dir.flatten().map(|e| e.path()).collect();
    children.sort();
    for child in children {
        let name = child.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if name.starts_with('.') || name == "__pycache__" || name == "target" {
            continue;
        }
        if child.is_dir() {
            walk(&child, key);
        } else if [".py", ".ini", ".toml", ".cfg"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            stamp(&child, key);
        }
    }
}

/// `path`'s size and modification time, or that it is absent.
fn stamp(path: &Path, key: &mut Vec<String>) {
    match std::fs::metadata(path) {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            key.push(format!("{} {} {modified}", path.display(), meta.len()));
        }
        Err(_) => key.push(format!("- {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::Cached;

    #[test]
    fn the_key_follows_the_files_and_records_round_trip() {
        let dir = std::env::temp_dir().join(format!("ffi-test-pytest-key-{}", std::process::id()));
        let tests = dir.join("tests");
        std::fs::create_dir_all(&tests).unwrap();
        std::fs::write(tests.join("test_a.py"), "def test_a(): pass\n").unwrap();
        let first = Cached::new(&dir, &["tests"], "here:1");
        assert_eq!(first.key, Cached::new(&dir, &["tests"], "here:1").key);
        first.write("item\tx\n");
        assert_eq!(first.read().as_deref(), Some("item\tx\n"));
        // A conftest.py added between the package root and the tests changes the key.
        std::fs::write(dir.join("conftest.py"), "").unwrap();
        let second = Cached::new(&dir, &["tests"], "here:1");
        assert_ne!(first.key, second.key);
        assert_eq!(second.read(), None);
        std::fs::write(
            tests.join("test_a.py"),
            "def test_a(): pass\ndef test_b(): pass\n",
        )
        .unwrap();
        assert_ne!(second.key, Cached::new(&dir, &["tests"], "here:1").key);
        if let Some(kept) = &first.path {
            std::fs::remove_file(kept).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
