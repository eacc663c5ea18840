//! Reading the counts: each test's `.gcda` files paired with their notes (a C body's in the C
//! cache, named by the unit's key; a library's beside its object) and read by `gcov`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One gcov reading: per source file, its executable lines and their counts.
type Counts = Vec<(String, Vec<(u32, u64)>)>;

/// Per source file and line: the tests that reached it (with their counts); a line no test
/// reached has none.
pub type Lines = BTreeMap<String, BTreeMap<u32, BTreeMap<String, u64>>>;

/// Every test's counts under `root` (`root/<test>/<the object's own path>/x.gcda`).
pub fn collect(root: &Path, cache_dir: &Path) -> Result<Lines, String> {
    let mut lines = Lines::new();
    let Ok(tests) = std::fs::read_dir(root) else {
        return Ok(lines);
    };
    let scratch = tempdir(root)?;
    for test in tests.flatten() {
        let name = test.file_name().to_string_lossy().into_owned();
        for gcda in files_under(&test.path(), "gcda") {
            let original = Path::new("/").join(gcda.strip_prefix(test.path()).unwrap_or(&gcda));
            let Some(gcno) = notes_of(&original, cache_dir) else {
                continue;
            };
            for (file, counts) in read(&gcda, &gcno, &scratch)? {
                let lines = lines.entry(absolute(&file)).or_default();
                for (line, count) in counts {
                    let tests = lines.entry(line).or_default();
                    if count > 0 {
                        *tests.entry(name.clone()).or_default() += count;
                    }
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    // Generated C (the checks' probes, a unit's glue) and system headers are not the code
    // under test.
    let cache = cache_dir.display().to_string();
    lines.retain(|file, _| !file.starts_with(&cache) && !file.starts_with("/usr/"));
    Ok(lines)
}

/// The notes file of an object whose counts were written to `gcda`: a C unit's (`unit.so-KEY`)
/// is `KEY.gcno` in the C cache; a library compiled by the user keeps it beside its object.
fn notes_of(gcda: &Path, cache_dir: &Path) -> Option<PathBuf> {
    let stem = gcda.file_stem()?.to_str()?;
    let notes = match stem.strip_prefix("unit.so-") {
        Some(key) => cache_dir.join(format!("{key}.gcno")),
        None => gcda.with_extension("gcno"),
    };
    notes.exists().then_some(notes)
}

/// `gcov`'s counts for one pair: per source file, per executable line.
fn read(gcda: &Path, gcno: &Path, scratch: &Path) -> Result<Counts, String> {
    // gcov wants both files under one name in one directory.
    let (data, notes) = (scratch.join("x.gcda"), scratch.join("x.gcno"));
    std::fs::copy(gcda, &data).map_err(|e| format!("cannot copy {}: {e}", gcda.display()))?;
    std::fs::copy(gcno, &notes).map_err(|e| format!("cannot copy {}: {e}", gcno.display()))?;
    // JSON, which gcov writes without the sources (a C body's lines are a Rust file's).
    let out = crate::os::reaper::output(
        Command::new("gcov")
            .args(["--json-format", "--stdout", "-o"])
            .arg(scratch)
            .arg(&data)
            .current_dir(scratch),
    )
    .map_err(|e| format!("--coverage needs gcov (it comes with gcc): {e}"))?;
    Ok(parse(&String::from_utf8_lossy(&out.stdout)))
}

/// `gcov --json-format`'s counts: per file object, its `lines` (`"count": N, "line_number":
/// L`, in that order) then its `"file"` name. Only those three keys are read (`execution_count`
/// and `data_file` do not match: their names do not start at the quote).
pub fn parse(json: &str) -> Counts {
    const COUNT: &str = "\"count\": ";
    const LINE: &str = "\"line_number\": ";
    const FILE: &str = "\"file\": \"";
    let mut files = Vec::new();
    let (mut counts, mut count) = (Vec::new(), None);
    let mut rest = json;
    loop {
        let next = [COUNT, LINE, FILE]
            .iter()
            .filter_map(|key| rest.find(key).map(|at| (at, *key)))
            .min();
        let Some((at, key)) = next else { break };
        rest = &rest[at + key.len()..];
        let value_end = rest
            .find(|c: char| {
                if key == FILE {
                    c == '"'
                } else {
                    !c.is_ascii_digit()
                }
            })
            .unwrap_or(rest.len());
        let value = &rest[..value_end];
        match key {
            COUNT => count = value.parse::<u64>().ok(),
            LINE => {
                if let (Ok(line), Some(n)) = (value.parse::<u32>(), count.take()) {
                    counts.push((line, n));
                }
            }
            _ => files.push((value.to_string(), std::mem::take(&mut counts))),
        }
        rest = &rest[value_end..];
    }
    files
}

/// A source path as gcov gives it, made absolute: relative paths are the compiler's working
/// directory's (a library's, its build script's package) or the workspace's (a C body's
/// `#line`, from `file!()`), found from this process's directory up; one found nowhere stays.
fn absolute(file: &str) -> String {
    let path = Path::new(file);
    if path.is_absolute() || file.starts_with('<') {
        return file.to_string();
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .map(|dir| dir.join(path))
        .find(|candidate| candidate.exists())
        .map_or_else(|| file.to_string(), |found| found.display().to_string())
}

fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                out.push(path);
            }
        }
    }
    out
}

fn tempdir(root: &Path) -> Result<PathBuf, String> {
    let dir = root.with_file_name("coverage-gcov");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn gcov_json_read_per_file() {
        let json = r#"{"gcc_version": "12.2.0", "files": [{"lines": [{"branches": [], "count": 1, "line_number": 1, "unexecuted_block": true, "function_name": "f"}, {"branches": [], "count": 0, "line_number": 2, "unexecuted_block": true, "function_name": "g"}], "functions": [{"blocks": 4, "end_column": 47, "start_line": 1, "name": "f", "blocks_executed": 3, "execution_count": 1, "demangled_name": "f", "start_column": 5, "end_line": 1}], "file": "/src/a.c"}, {"lines": [{"branches": [], "count": 7, "line_number": 40}], "functions": [], "file": "tests/ffi.rs"}], "format_version": "1", "current_working_directory": "/tmp/cov", "data_file": "g/x.gcda"}"#;
        assert_eq!(
            super::parse(json),
            [
                ("/src/a.c".to_string(), vec![(1, 1), (2, 0)]),
                ("tests/ffi.rs".to_string(), vec![(40, 7)]),
            ]
        );
    }
}
