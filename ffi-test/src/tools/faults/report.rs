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
        let text = crate::os::untrusted::read_text(path, crate::os::untrusted::LOG_CAP)
            .unwrap_or_default();
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

    /// The failed call's stack as `function (file:line)` lines, from its caller out, until
    /// `depth` frames with a source line have been shown (frames of code without debug
    /// information are shown too, a few at most): the frames of `skipped` objects (the
    /// injector, a checker's runtime, which intercepts `backtrace`) are left out.
    pub fn stack(&self, skipped: &[&Path], depth: usize) -> Vec<String> {
        let frames: Vec<(PathBuf, u64)> = self
            .frames
            .iter()
            .map(|(object, offset)| (resolve_object(object), *offset))
            .filter(|(object, _)| !skipped.iter().any(|s| same_file(s, object)))
            .take(2 * depth + 4)
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
        let (mut shown, mut placed, mut unplaced) = (Vec::new(), 0, 0);
        for key in &frames {
            let Some((name, has_place)) = names.remove(key) else {
                continue;
            };
            match has_place {
                true => placed += 1,
                false if unplaced == 4 => continue,
                false => unplaced += 1,
            }
            shown.push(name);
            if placed == depth {
                break;
            }
        }
        shown
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

/// `function (file:line)` for each offset of `object`, by addr2line, and whether it has a
/// source line. Without debug information, the function is the symbol whose range holds the
/// offset (addr2line would name the nearest symbol before it, often another function's), or
/// the offset itself.
fn symbolise(object: &Path, offsets: &[u64]) -> Vec<(String, bool)> {
    let out = crate::os::reaper::output(
        Command::new("addr2line")
            .arg("-f")
            .arg("-C")
            .arg("-e")
            .arg(object)
            .args(offsets.iter().map(|o| format!("{o:#x}"))),
    );
    let text = match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => String::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut functions = None;
    offsets
        .iter()
        .enumerate()
        .map(
            |(i, offset)| match (lines.get(2 * i), lines.get(2 * i + 1)) {
                (Some(function), Some(place)) if !place.starts_with("??") => {
                    (format!("{function} ({})", short(place)), true)
                }
                _ => {
                    let functions = functions.get_or_insert_with(|| functions_of(object));
                    let name = functions
                        .iter()
                        .find(|(_, start, size)| (*start..start + size).contains(offset))
                        .map(|(name, _, _)| demangled(name));
                    let text = match name {
                        Some(name) => {
                            format!("{name} (in {}, no line information)", object.display())
                        }
                        None => {
                            format!("{offset:#x} in {} (no line information)", object.display())
                        }
                    };
                    (text, false)
                }
            },
        )
        .collect()
}

/// The functions of `object`'s symbol tables (the dynamic one of a stripped library).
fn functions_of(object: &Path) -> Vec<(String, u64, u64)> {
    let Ok(data) = std::fs::read(object) else {
        return Vec::new();
    };
    crate::os::object_file::ObjectFile::parse(&data).map_or_else(
        |_| Vec::new(),
        |elf| {
            elf.functions()
                .into_iter()
                .map(|(name, start, size)| (name.to_string(), start, size))
                .collect()
        },
    )
}

/// A symbol as people write it (Rust's legacy mangling undone; C names as they are).
fn demangled(name: &str) -> String {
    let out = crate::os::reaper::output(Command::new("c++filt").arg(name));
    match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => name.to_string(),
    }
}

/// A source place relative to the current directory when under it, without a discriminator.
fn short(place: &str) -> String {
    let place = place.split(" (discriminator").next().unwrap_or(place);
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::cside::relative_to(&cwd, place).to_string()
}
