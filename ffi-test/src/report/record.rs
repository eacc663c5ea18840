//! What happened to each test, kept for the per-subject summary and the JUnit report.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::expect::Verdict;
use crate::registry::TestEntry;

/// How a test ended, as the reports count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed,
    Busted,
    /// Not run (ignored, or its expectation needs isolation), or run with its result ignored.
    Skipped,
}

/// How a failed test failed: the JUnit report's failure `type` (`FailureKind::word`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// An assertion, a panic, an error returned: the test's own failure.
    Failure,
    /// Killed by a signal.
    Crash,
    /// The process exited in the middle of the test.
    Exit,
    /// Stopped after its timeout.
    Timeout,
    /// The run was interrupted (never counted as expected, whatever the test expected).
    Interrupted,
    /// The harness could not run it.
    Harness,
    /// A memory checker's finding.
    Memory,
}

impl FailureKind {
    /// The word the reports use.
    pub fn word(self) -> &'static str {
        match self {
            FailureKind::Failure => "failure",
            FailureKind::Crash => "crash",
            FailureKind::Exit => "exit",
            FailureKind::Timeout => "timeout",
            FailureKind::Interrupted => "interrupted",
            FailureKind::Harness => "harness",
            FailureKind::Memory => "memory",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Record {
    pub name: &'static str,
    pub status: Status,
    /// For failures: crash, timeout, exit, harness, failure. For skips: the reason.
    pub kind: String,
    pub message: String,
    pub duration: Duration,
    pub output: String,
}

impl Record {
    pub fn ran(
        name: &'static str,
        verdict: &Verdict,
        failure_kind: FailureKind,
        duration: Duration,
        output: &str,
    ) -> Record {
        let (status, kind, message) = match verdict {
            Verdict::Passed => (Status::Passed, String::new(), String::new()),
            Verdict::FailedAsExpected(m) => {
                (Status::Passed, "failed as expected".into(), m.clone())
            }
            Verdict::Failed(m) if m.starts_with("unexpected pass") => {
                (Status::Failed, "unexpected-pass".into(), m.clone())
            }
            Verdict::Failed(m) => (Status::Failed, failure_kind.word().to_string(), m.clone()),
            Verdict::Busted(m) => (Status::Busted, "busted".into(), m.clone()),
            Verdict::RandomIgnored => (
                Status::Skipped,
                "random: result ignored".into(),
                String::new(),
            ),
            // The kind is the surface report's word; the message says why.
            Verdict::NotChecked(reason) => (
                Status::Skipped,
                crate::checks::surface::NOT_CHECKED.into(),
                reason.clone(),
            ),
            Verdict::Skipped(reason) => (Status::Skipped, "skipped".into(), reason.clone()),
        };
        Record {
            name,
            status,
            kind,
            message,
            duration,
            output: output.to_string(),
        }
    }

    pub fn not_run(name: &'static str, reason: &str) -> Record {
        Record {
            name,
            status: Status::Skipped,
            kind: reason.to_string(),
            message: String::new(),
            duration: Duration::ZERO,
            output: String::new(),
        }
    }
}

/// Shared by the trial closures, which run on libtest-mimic's worker threads. Appended to while
/// tests run (cheap), indexed once at the end.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Record>>>);

impl Recorder {
    pub fn record(&self, record: Record) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
    }

    /// A record for every selected test, in name order; those never run count as skipped.
    pub fn with_not_run(&self, selected: &[&'static TestEntry]) -> Vec<Record> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let records: std::collections::HashMap<&str, &Record> =
            all.iter().map(|r| (r.name, r)).collect();
        selected
            .iter()
            .map(|e| {
                records
                    .get(e.name)
                    .map(|r| (*r).clone())
                    .unwrap_or_else(|| {
                        let reason = match e.ignore {
                            Some(Some(reason)) => format!("ignored: {reason}"),
                            _ => "ignored".to_string(),
                        };
                        Record::not_run(e.name, &reason)
                    })
            })
            .collect()
    }

    /// Each recorded test's result, as the surface report shows it: `passed`,
    /// `failed_as_expected`, `FAILED`, `busted`, `skipped`, or `not checked` with the reason.
    pub fn outcomes(&self) -> std::collections::HashMap<&'static str, crate::checks::surface::Ran> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.iter()
            .map(|r| {
                let word = match r.status {
                    // A known-wrong item must not look verified in a report.
                    Status::Passed if r.kind == "failed as expected" => "failed_as_expected",
                    Status::Passed => "passed",
                    Status::Failed => "FAILED",
                    Status::Busted => "busted",
                    Status::Skipped if r.kind == crate::checks::surface::NOT_CHECKED => {
                        crate::checks::surface::NOT_CHECKED
                    }
                    Status::Skipped => "skipped",
                };
                let reason = match word {
                    crate::checks::surface::NOT_CHECKED => r.message.trim_end().to_string(),
                    _ => String::new(),
                };
                (r.name, crate::checks::surface::Ran { word, reason })
            })
            .collect()
    }

    /// Lines like `    registry: 5 passed; 1 failed; 2 ignored`, one per subject, sorted.
    pub fn subject_lines(&self, selected: &[&'static TestEntry]) -> Vec<String> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let records: std::collections::HashMap<&str, Status> =
            all.iter().map(|r| (r.name, r.status)).collect();
        let mut by_subject: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
        for entry in selected {
            let status = records.get(entry.name).copied().unwrap_or(Status::Skipped);
            by_subject
                .entry(crate::registry::subject_of(entry.name))
                .or_default()[status as usize] += 1;
        }
        subject_lines(by_subject)
    }
}

/// Subjects listed one a line at most; beyond, only those with more than passes are (a whole
/// surface has a subject per item: a libxml2 surface printed 2,600 lines of passes, which hid
/// its failures), and one line counts the rest.
const SUBJECTS_LISTED: usize = 30;

/// The summary's lines from each subject's `[passed, failed, busted, ignored]` counts.
fn subject_lines(by_subject: BTreeMap<&str, [usize; 4]>) -> Vec<String> {
    let all = by_subject.len();
    let only_passes = |counts: &[usize; 4]| counts[1..].iter().all(|&n| n == 0);
    let listed: Vec<(&str, [usize; 4])> = by_subject
        .into_iter()
        .filter(|(_, counts)| all <= SUBJECTS_LISTED || !only_passes(counts))
        .collect();
    let width = listed.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
    let mut lines: Vec<String> = listed
        .iter()
        .map(|(subject, [passed, failed, busted, skipped])| {
            let mut line = format!("    {subject:>width$}: {passed} passed; {failed} failed");
            if *busted > 0 {
                line.push_str(&format!("; {busted} busted"));
            }
            if *skipped > 0 {
                line.push_str(&format!("; {skipped} ignored"));
            }
            line
        })
        .collect();
    let rest = all - listed.len();
    if rest > 0 {
        lines.push(format!(
            "    ... and {rest} more subject{} whose tests all passed",
            if rest == 1 { "" } else { "s" }
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_summary_lists_only_subjects_with_more_than_passes() {
        let few: BTreeMap<&str, [usize; 4]> =
            [("buffer", [2, 0, 0, 0]), ("registry", [9, 0, 0, 1])]
                .into_iter()
                .collect();
        assert_eq!(
            subject_lines(few),
            [
                "      buffer: 2 passed; 0 failed",
                "    registry: 9 passed; 0 failed; 1 ignored"
            ]
        );
        let names: Vec<String> = (0..40).map(|i| format!("item_{i:02}")).collect();
        let mut many: BTreeMap<&str, [usize; 4]> =
            names.iter().map(|n| (n.as_str(), [1, 0, 0, 0])).collect();
        many.insert("item_07", [0, 1, 0, 0]);
        many.insert("item_31", [0, 0, 0, 1]);
        assert_eq!(
            subject_lines(many),
            [
                "    item_07: 0 passed; 1 failed",
                "    item_31: 0 passed; 0 failed; 1 ignored",
                "    ... and 38 more subjects whose tests all passed",
            ]
        );
    }
}
