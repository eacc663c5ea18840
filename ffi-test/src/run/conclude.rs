//! A test's conclusion, the same on every platform: what it did judged against what it was
//! expected to do, recorded for the reports, shown when asked, and told to libtest-mimic.

use std::time::Instant;

use libtest_mimic::{Completion, Failed};

use crate::registry::Expect;
use crate::report::expect::{judge, Observed, Verdict};
use crate::report::record::{FailureKind, Record, Recorder};

/// What a run needs to conclude its tests.
pub struct Conclusion<'a> {
    pub recorder: &'a Recorder,
    /// `--show-output`: a passing test's output is printed too.
    pub show_output: bool,
    /// Which kinds of finding the run's memory checker can report (see `judge`).
    pub finds: &'a dyn Fn(&str) -> bool,
}

impl Conclusion<'_> {
    /// Concludes the test `name`, which was expected to do `expectation` and did `observed`.
    pub fn of(
        &self,
        name: &'static str,
        expectation: Expect,
        (observed, failure_kind, output): (Observed, FailureKind, String),
        started: Instant,
    ) -> Result<Completion, Failed> {
        // An interrupted test never counts as expected, whatever it was expected to do.
        let verdict = match observed {
            Observed::Failed(message) if failure_kind == FailureKind::Interrupted => {
                Verdict::Failed(message)
            }
            observed => judge(expectation, observed, self.finds),
        };
        self.recorder.record(Record::ran(
            name,
            &verdict,
            failure_kind,
            started.elapsed(),
            &output,
        ));
        if self.show_output {
            show_output(name, &verdict, &output);
        }
        completion(verdict)
    }
}

/// What libtest-mimic is told of `verdict` (a run's, or `cargo ffi-test verify`'s).
pub fn completion(verdict: Verdict) -> Result<Completion, Failed> {
    match verdict {
        Verdict::Passed | Verdict::FailedAsExpected(_) => Ok(Completion::Completed),
        Verdict::Failed(message) => Err(Failed::from(message)),
        Verdict::Busted(_) => Ok(Completion::ignored_with(
            "busted: failed as expected on this target",
        )),
        Verdict::RandomIgnored => Ok(Completion::ignored_with("random: failed, result ignored")),
        Verdict::NotChecked(reason) => Ok(Completion::ignored_with(format!(
            "not checked: {}",
            reason.trim_end()
        ))),
        Verdict::Skipped(reason) => Ok(Completion::ignored_with(format!(
            "skipped: {}",
            reason.trim_end()
        ))),
    }
}

fn show_output(name: &str, verdict: &Verdict, output: &str) {
    let mut block = String::new();
    if !output.is_empty() && !matches!(verdict, Verdict::Failed(_)) {
        block.push_str(&format!("---- {name} output ----\n{}\n", output.trim_end()));
    }
    if let Verdict::FailedAsExpected(report) | Verdict::Busted(report) = verdict {
        block.push_str(&format!(
            "---- {name} failed as expected ----\n{}\n",
            report.trim_end()
        ));
    }
    if !block.is_empty() {
        print!("{block}");
    }
}

/// `reason`, with the last lines of the test's `output` under `title` when it wrote any.
pub fn with_output(reason: String, output: &str, title: &str) -> String {
    const MAX_LINES: usize = 200;
    if output.trim().is_empty() {
        return reason;
    }
    let lines: Vec<&str> = output.lines().collect();
    let shown = &lines[lines.len().saturating_sub(MAX_LINES)..];
    let cut = if shown.len() < lines.len() {
        format!(" ({} earlier lines omitted)", lines.len() - shown.len())
    } else {
        String::new()
    };
    format!("{reason}\n--- {title}{cut} ---\n{}", shown.join("\n"))
}

/// Whether a test's output shows Rust's stack-overflow report (the runtime aborts after it).
pub fn overflowed_stack(output: &str) -> bool {
    output.contains("has overflowed its stack")
}

/// Whether a test's output shows that a Rust panic hit an `extern "C"` boundary, which aborts.
pub fn panic_escaped_extern_c(output: &str) -> bool {
    output.contains("panic in a function that cannot unwind")
}
