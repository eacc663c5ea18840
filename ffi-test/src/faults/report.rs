//! What a sweep's child reported: the allocations C made, and the one failed with its stack,
//! symbolised to functions and source lines by `addr2line` (C bodies' lines are the Rust
//! lines they were written on, through their `#line` directives).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ffi_test_protocol::faults::{COUNT_LINE, FAILED_LINE, FRAME_LINE};

/// One child's report.
#[derive(Debug, Default)]
pub struct Report {
    /// Allocations or calls counted while armed (none if the child died before the body ended).
    pub count: Option<u64>,
    /// The failed call, as C made it (`calloc(64)`, `read(fd 3, 4096)`), if it happened.
    pub failed: Option<String>,
    /// Its stack: object and offset, innermost first.
    pub frames: Vec<(PathBuf, u64)>,
}

impl Report {
    pub fn read(path: &Path) -> Report {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut report = Report::default();
        for line in text.lines() {
            let mut words = line.split(' ');
            match words.next() {
                Some(w) if w == COUNT_LINE => {
                    report.count = words.next().and_then(|n| n.parse().ok())
                }
                Some(w) if w == FAILED_LINE => {
                    // `failed K CALL`: the call is the rest of the line.
                    if let (Some(_k), Some(call)) = (words.next(), line.splitn(3, ' ').nth(2)) {
                        report.failed = Some(call.to_string());
                    }
                }
                Some(w) if w == FRAME_LINE => {
                    // The object's path may hold spaces: the offset is the last word.
                    let rest = &line[w.len() + 1..];
                    if let Some((object, offset)) = rest.rsplit_once(' ') {
                        if let Ok(offset) = u64::from_str_radix(offset, 16) {
                            report.frames.push((PathBuf::from(object), offset));
                        }
                    }
                }
                _ => {}
            }
        }
        report
    }

    /// The failed call's stack as `function (file:line)` lines, from its caller out,
    /// at most `depth` of them: the frames of `skipped` objects (the injector, a checker's
    /// runtime, which intercepts `backtrace`) are left out.
    pub fn stack(&self, skipped: &[&Path], depth: usize) -> Vec<String> {
        let frames: Vec<(PathBuf, u64)> = self
            .frames
            .iter()
            .map(|(object, offset)| (resolve_object(object), *offset))
            .filter(|(object, _)| !skipped.iter().any(|s| same_file(s, object)))
            .take(depth)
            .collect();
        let mut by_object: BTreeMap<&Path, Vec<u64>> = BTreeMap::new();
        for (object, offset) in &frames {
            by_object.entry(object).or_default().push(*offset);
        }
        let mut names = BTreeMap::new();
        for (object, offsets) in by_object {
            for (offset, name) in offsets.iter().zip(symbolise(object, &offsets)) {
                names.insert((object.to_path_buf(), *offset), name);
            }
        }
        frames
            .iter()
            .map(|key| {
                names
                    .remove(key)
                    .unwrap_or_else(|| format!("{:#x} in {}", key.1, key.0.display()))
            })
            .collect()
    }
}

/// Whether two paths name one file (a preload path may differ from the loader's spelling).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// The main program is reported by `dladdr` under the name it was started by.
fn resolve_object(object: &Path) -> PathBuf {
    if object.is_absolute() && object.exists() {
        return object.to_path_buf();
    }
    std::env::current_exe().unwrap_or_else(|_| object.to_path_buf())
}

/// `function (file:line)` for each offset of `object`, by addr2line; the offset itself where
/// it knows nothing.
fn symbolise(object: &Path, offsets: &[u64]) -> Vec<String> {
    let out = Command::new("addr2line")
        .arg("-f")
        .arg("-C")
        .arg("-e")
        .arg(object)
        .args(offsets.iter().map(|o| format!("{o:#x}")))
        .output();
    let text = match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => String::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    offsets
        .iter()
        .enumerate()
        .map(
            |(i, offset)| match (lines.get(2 * i), lines.get(2 * i + 1)) {
                (Some(function), Some(place)) if !place.starts_with("??") => {
                    format!("{function} ({})", short(place))
                }
                (Some(function), _) if *function != "??" => {
                    format!("{function} (in {})", object.display())
                }
                _ => format!("{offset:#x} in {}", object.display()),
            },
        )
        .collect()
}

/// A source place relative to the current directory when under it, without a discriminator.
fn short(place: &str) -> String {
    let place = place.split(" (discriminator").next().unwrap_or(place);
    let cwd = std::env::current_dir().unwrap_or_default();
    let cwd = format!("{}/", cwd.display());
    place.strip_prefix(&cwd).unwrap_or(place).to_string()
}
