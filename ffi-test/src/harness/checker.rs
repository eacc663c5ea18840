//! Memory checkers on the C side, on stable Rust: AddressSanitizer (C compiled instrumented,
//! children started with the ASan runtime preloaded, LeakSanitizer at exit) or valgrind's
//! memcheck (children run under it). Findings are read from the checker's own log files, one
//! set per child, so each is attributed to the test whose process found it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment variable telling a child which checker it runs under.
pub const CHECKER_VAR: &str = "FFI_TEST_CHECKER";

#[derive(Debug, Clone)]
pub enum Checker {
    None,
    /// The ASan runtime to preload.
    Address(PathBuf),
    /// Suppression files for memcheck.
    Valgrind(Vec<PathBuf>),
}

/// Exit code the checkers use for a finding, so it is not mistaken for a test's own.
const FINDING_EXIT_CODE: &str = "86";

impl Checker {
    /// The checker a child runs under (set by its parent).
    pub fn of_child() -> Checker {
        match std::env::var(CHECKER_VAR).as_deref() {
            Ok("address") => Checker::Address(PathBuf::new()),
            Ok("valgrind") => Checker::Valgrind(Vec::new()),
            _ => Checker::None,
        }
    }

    pub fn is_active(&self) -> bool {
        !matches!(self, Checker::None)
    }

    /// Extra C compiler flags: instrumented objects live in their own cache entries.
    pub fn compile_flags(&self) -> Vec<String> {
        match self {
            Checker::Address(_) => vec![
                "-fsanitize=address".into(),
                "-fno-omit-frame-pointer".into(),
            ],
            _ => Vec::new(),
        }
    }

    /// The command that runs the test binary `exe` as a child under this checker, which writes
    /// its findings to files named `log_base` plus the process id: read from there, they reach
    /// the harness even when the child's output is not captured (`--nocapture`, nextest).
    pub fn child_command(&self, exe: PathBuf, log_base: &Path) -> Command {
        match self {
            Checker::None => Command::new(exe),
            Checker::Address(runtime) => {
                let mut cmd = Command::new(exe);
                let preload = match std::env::var_os("LD_PRELOAD") {
                    Some(existing) if !existing.is_empty() => {
                        let mut all = runtime.clone().into_os_string();
                        all.push(":");
                        all.push(existing);
                        all
                    }
                    _ => runtime.clone().into_os_string(),
                };
                cmd.env("LD_PRELOAD", preload)
                    .env(
                        "ASAN_OPTIONS",
                        format!(
                            "detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode={FINDING_EXIT_CODE}:\
                             verify_asan_link_order=0:\
                             print_summary=1:symbolize=1:detect_odr_violation=0:allocator_may_return_null=1:\
                             disable_coredump=1:log_path={}:{}",
                            log_base.display(),
                            std::env::var("FFI_TEST_ASAN_OPTIONS").unwrap_or_default()
                        ),
                    )
                    .env("LSAN_OPTIONS", format!("exitcode={FINDING_EXIT_CODE}"))
                    .env(CHECKER_VAR, "address");
                cmd
            }
            Checker::Valgrind(suppressions) => {
                let mut cmd = Command::new("valgrind");
                cmd.args([
                    "--tool=memcheck",
                    "-q",
                    "--leak-check=full",
                    "--show-leak-kinds=definite",
                    "--errors-for-leak-kinds=definite",
                    "--error-exitcode=86",
                ]);
                cmd.arg(format!("--log-file={}.%p", log_base.display()));
                for file in suppressions {
                    cmd.arg(format!("--suppressions={}", file.display()));
                }
                cmd.arg(exe).env(CHECKER_VAR, "valgrind");
                cmd
            }
        }
    }
}

/// Finds the ASan runtime through the C compiler (`-print-file-name=libasan.so`).
pub fn asan_runtime(compiler: &str) -> Result<PathBuf, String> {
    let out = Command::new(compiler)
        .arg("-print-file-name=libasan.so")
        .env_remove("LD_PRELOAD")
        .output()
        .map_err(|e| format!("--sanitize address: cannot run the C compiler `{compiler}` to find the ASan runtime: {e}"))?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if path.is_absolute() && path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "--sanitize address: the C compiler `{compiler}` has no ASan runtime (libasan.so not found); \
             install it (Debian: apt-get install libasan8, which comes with gcc) or set CC to a compiler that has one"
        ))
    }
}

/// Checks valgrind can be run.
pub fn valgrind_available() -> Result<(), String> {
    match Command::new("valgrind").arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err("--valgrind: valgrind was not found on PATH; install it (Debian: apt-get install valgrind)".to_string()),
    }
}

/// A memory finding in a child's output: its kind (ASan's names: heap-buffer-overflow,
/// heap-use-after-free, double-free, bad-free, alloc-dealloc-mismatch, leak, ...) and the
/// lines worth showing.
pub fn finding(output: &str) -> Option<(String, String)> {
    if let Some(at) = output.find("ERROR: AddressSanitizer: ") {
        let rest = &output[at + "ERROR: AddressSanitizer: ".len()..];
        let kind = rest
            .split_whitespace()
            .next()
            .unwrap_or("error")
            .trim_end_matches(':')
            .to_string();
        let kind = match kind.as_str() {
            "attempting" if rest.starts_with("attempting double-free") => "double-free".to_string(),
            "attempting" if rest.starts_with("attempting free") => "bad-free".to_string(),
            _ => kind,
        };
        return Some((kind, excerpt(&output[at..])));
    }
    if let Some(at) = output.find("ERROR: LeakSanitizer: detected memory leaks") {
        return Some(("leak".into(), excerpt(&output[at..])));
    }
    valgrind_finding(output)
}

fn valgrind_finding(output: &str) -> Option<(String, String)> {
    let body = |l: &str| {
        l.split_once("== ")
            .map_or("", |(_, b)| b)
            .trim_end()
            .to_string()
    };
    let lines: Vec<String> = output
        .lines()
        .filter(|l| l.starts_with("=="))
        .map(body)
        .collect();
    let first = lines.iter().position(|b| {
        let b = b.trim_start();
        b.starts_with("Invalid ")
            || b.contains("definitely lost in")
            || b.starts_with("Mismatched free")
    })?;
    let head = lines[first].trim_start().to_string();
    // The block the address belongs to comes after the whole stack: "Address 0x.. is 0 bytes
    // after a block of size 16 alloc'd" (an overflow), "... inside a block ... free'd" (use after
    // free, or a second free).
    let address = lines[first + 1..]
        .iter()
        .take_while(|b| {
            !b.trim_start().starts_with("Invalid ") && !b.contains("definitely lost in")
        })
        .find(|b| b.trim_start().starts_with("Address 0x"))
        .map(|b| b.trim_start().to_string())
        .unwrap_or_default();
    // "inside a block of size 32 free'd"; not "is not stack'd, malloc'd or (recently) free'd".
    let freed = address.contains("free'd") && !address.contains("not stack'd");
    let kind = if head.contains("definitely lost") {
        "leak"
    } else if head.starts_with("Mismatched free") {
        "alloc-dealloc-mismatch"
    } else if head.starts_with("Invalid free") {
        if freed {
            "double-free"
        } else {
            "bad-free"
        }
    } else if freed {
        "heap-use-after-free"
    } else if address.contains("bytes after a block") || address.contains("bytes before a block") {
        "heap-buffer-overflow"
    } else {
        "invalid-access"
    };
    let stack: Vec<&str> = lines[first + 1..]
        .iter()
        .take_while(|b| b.trim_start().starts_with("at ") || b.trim_start().starts_with("by "))
        .map(|b| b.trim())
        .collect();
    let frames = top_and_first_user_frames(&stack, 5);
    let mut text = format!("valgrind memcheck: {head}\n  {}", frames.join("\n  "));
    if !address.is_empty() {
        text.push_str(&format!("\n  {address}"));
    }
    Some((kind.to_string(), text))
}

/// Frames inside the runtime, std or the checker: the user's code is further down.
fn is_runtime_frame(frame: &str) -> bool {
    [
        "/rustc/",
        "library/std/",
        "library/core/",
        "library/alloc/",
        "libsanitizer",
        "vgpreload",
        "ffi_test::",
        "(in /usr/lib",
    ]
    .iter()
    .any(|marker| frame.contains(marker))
}

/// The first `top` frames of a stack, then (if not among them) the first frame in user code,
/// marked as such: where the bug is, even when it surfaced inside `Box::drop`.
fn top_and_first_user_frames<'a>(stack: &[&'a str], top: usize) -> Vec<&'a str> {
    let mut shown: Vec<&str> = stack.iter().take(top).copied().collect();
    if shown.iter().all(|f| is_runtime_frame(f)) {
        if let Some(user) = stack.iter().skip(top).find(|f| !is_runtime_frame(f)) {
            shown.push("...");
            shown.push(user);
        }
    }
    shown
}

/// The report's first lines and, per stack, its top frames and its first frame in user code.
fn excerpt(report: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let flush = |stack: &mut Vec<&str>, out: &mut Vec<String>| {
        out.extend(
            top_and_first_user_frames(stack, 5)
                .iter()
                .map(|f| format!("    {}", f.trim_start())),
        );
        stack.clear();
    };
    for line in report.lines().take(200) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            stack.push(line);
            continue;
        }
        flush(&mut stack, &mut out);
        if line.starts_with("SUMMARY:") {
            out.push(line.to_string());
            break;
        }
        if !trimmed.is_empty()
            && !trimmed.starts_with("Shadow")
            && !trimmed.starts_with("0x")
            && out.len() < 40
        {
            out.push(line.to_string());
        }
    }
    flush(&mut stack, &mut out);
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::finding;

    #[test]
    fn asan_and_valgrind_reports_are_classified() {
        let asan = "noise\n==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6\nWRITE of size 1\n    #0 0x1 in f a.c:2\nSUMMARY: AddressSanitizer: heap-buffer-overflow a.c:2 in f\n";
        assert_eq!(finding(asan).unwrap().0, "heap-buffer-overflow");
        assert_eq!(
            finding("==2==ERROR: AddressSanitizer: attempting double-free on 0x6")
                .unwrap()
                .0,
            "double-free"
        );
        assert_eq!(finding("==2==ERROR: AddressSanitizer: attempting free on address which was not malloc()-ed").unwrap().0, "bad-free");
        assert_eq!(
            finding("==3==ERROR: LeakSanitizer: detected memory leaks\n")
                .unwrap()
                .0,
            "leak"
        );
        let vg = "==9== Invalid read of size 4\n==9==    at 0x1: f (a.c:3)\n==9==    by 0x2: g (b.rs:1)\n==9==    by 0x3: h (b.rs:2)\n==9==    by 0x4: i (b.rs:3)\n==9==    by 0x5: j (b.rs:4)\n==9==    by 0x6: k (b.rs:5)\n==9==    by 0x7: l (b.rs:6)\n==9==    by 0x8: m (b.rs:7)\n==9==    by 0x9: n (b.rs:8)\n==9==    by 0xa: o (b.rs:9)\n==9==    by 0xb: p (b.rs:10)\n==9==    by 0xc: q (b.rs:11)\n==9==  Address 0x4 is 0 bytes inside a block of size 40 free'd\n";
        assert_eq!(finding(vg).unwrap().0, "heap-use-after-free");
        let vg_overflow = "==9== Invalid write of size 1\n==9==    at 0x1: f (a.c:3)\n==9==  Address 0x4 is 0 bytes after a block of size 16 alloc'd\n";
        assert_eq!(finding(vg_overflow).unwrap().0, "heap-buffer-overflow");
        let vg_double = "==9== Invalid free() / delete / delete[] / realloc()\n==9==    at 0x1: free\n==9==  Address 0x4 is 0 bytes inside a block of size 32 free'd\n";
        assert_eq!(finding(vg_double).unwrap().0, "double-free");
        let vg_null = "==9== Invalid write of size 8\n==9==    at 0x1: f (a.c:3)\n==9==  Address 0x0 is not stack'd, malloc'd or (recently) free'd\n";
        assert_eq!(finding(vg_null).unwrap().0, "invalid-access");
        let vg_leak = "==9== 40 bytes in 1 blocks are definitely lost in loss record 1 of 1\n";
        assert_eq!(finding(vg_leak).unwrap().0, "leak");
        assert!(finding("all fine").is_none());
    }
}
