//! What a sweep's child reported: the allocations C made, and the one failed with its stack,
//! symbolised to functions and source lines by `addr2line` (C bodies' lines are the Rust
//! lines they were written on, through their `#line` directives).

use std::path::{Path, PathBuf};

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
        let keyed: Vec<Option<(PathBuf, u64)>> = frames.iter().cloned().map(Some).collect();
        let (mut shown, mut placed, mut unplaced) = (Vec::new(), 0, 0);
        for (name, has_place) in crate::report::stack::symbolise_all(&keyed) {
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
