//! Judging what a test did against what it was expected to do.

use crate::registry::Expect;

/// What a test did, whatever was expected.
pub enum Observed {
    Passed,
    /// Failed without a crash (assertion, panic, error, timeout, exit); the full message.
    Failed(String),
    /// Killed by a signal; its short name if known, and the full message.
    Crashed(Option<&'static str>, String),
}

/// The verdict reported to libtest-mimic and the summary.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// Counts as passed: the test failed as `expect = fail` / `crash(..)` said it would.
    /// Carries the failure's message, shown with `--show-output`.
    FailedAsExpected(String),
    Failed(String),
    /// Failed as `busted` said; reported as ignored and counted apart.
    Busted(String),
    /// A `random` test whose result is ignored.
    RandomIgnored,
}

pub fn judge(expect: Expect, observed: Observed) -> Verdict {
    use Observed as O;
    match (expect, observed) {
        (Expect::Pass, O::Passed) => Verdict::Passed,
        (Expect::Pass, O::Failed(m) | O::Crashed(_, m)) => Verdict::Failed(m),
        (Expect::Fail, O::Failed(m) | O::Crashed(_, m)) => Verdict::FailedAsExpected(m),
        (Expect::Crash(want), O::Crashed(Some(got), m)) if got == want => Verdict::FailedAsExpected(m),
        (Expect::Crash(want), O::Crashed(_, m) | O::Failed(m)) => Verdict::Failed(format!(
            "expected the test process to die of {want} (expect = crash(\"{want}\")), but it ended otherwise:\n{m}"
        )),
        (Expect::Busted, O::Failed(m) | O::Crashed(_, m)) => Verdict::Busted(m),
        (Expect::Random, O::Passed) => Verdict::Passed,
        (Expect::Random, _) => Verdict::RandomIgnored,
        (Expect::Fail | Expect::Crash(_) | Expect::Busted, O::Passed) => Verdict::Failed(format!(
            "unexpected pass: this test is marked `expect = {}` on this target but it passed. \
             The expectation may be stale (the bug fixed, or the check no longer catching it): \
             update or remove the expectation.",
            describe(expect)
        )),
    }
}

pub fn describe(expect: Expect) -> String {
    match expect {
        Expect::Pass => "pass".into(),
        Expect::Fail => "fail".into(),
        Expect::Crash(signal) => format!("crash(\"{signal}\")"),
        Expect::Busted => "busted".into(),
        Expect::Random => "random".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        let failed = || Observed::Failed("boom".into());
        assert_eq!(judge(Expect::Pass, Observed::Passed), Verdict::Passed);
        assert_eq!(
            judge(Expect::Pass, failed()),
            Verdict::Failed("boom".into())
        );
        assert_eq!(
            judge(Expect::Fail, failed()),
            Verdict::FailedAsExpected("boom".into())
        );
        assert!(
            matches!(judge(Expect::Fail, Observed::Passed), Verdict::Failed(m) if m.contains("stale"))
        );
        assert!(
            matches!(judge(Expect::Busted, Observed::Passed), Verdict::Failed(m) if m.contains("unexpected pass"))
        );
        assert_eq!(
            judge(Expect::Busted, failed()),
            Verdict::Busted("boom".into())
        );
        let abort = || Observed::Crashed(Some("SIGABRT"), "aborted".into());
        assert_eq!(
            judge(Expect::Crash("SIGABRT"), abort()),
            Verdict::FailedAsExpected("aborted".into())
        );
        assert!(
            matches!(judge(Expect::Crash("SIGSEGV"), abort()), Verdict::Failed(m) if m.contains("SIGSEGV"))
        );
        assert!(matches!(
            judge(Expect::Crash("SIGSEGV"), failed()),
            Verdict::Failed(_)
        ));
        assert_eq!(judge(Expect::Random, failed()), Verdict::RandomIgnored);
    }
}
