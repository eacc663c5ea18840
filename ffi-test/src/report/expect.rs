//! Judging what a test did against what it was expected to do.

use crate::registry::Expect;

/// What a test did, whatever was expected.
pub enum Observed {
    /// Passed.
    Passed,
    /// Failed without a crash (assertion, panic, error, timeout, exit); the full message.
    Failed(String),
    /// Killed by a signal; its short name if known, and the full message.
    Crashed(Option<&'static str>, String),
    /// Aborted by a C++ exception that escaped into Rust; its type (unknown without a crash
    /// record: under a memory checker), and the full message.
    CppException(Option<String>, String),
    /// A memory checker reported this kind of finding; the full message; the signal the
    /// process died of, if it did (valgrind lets a fatal signal end the process after its report).
    MemoryError(String, String, Option<&'static str>),
    /// The check could not be made (see `registry::outcome::NotChecked`); why.
    NotChecked(String),
    /// The test skipped itself (see `registry::outcome::Skipped`); why.
    Skipped(String),
    /// Its C configuration does not compile (`registry::outcome::BrokenSetup`): nothing was
    /// compared; the full message.
    BrokenSetup(String),
}

impl Observed {
    /// A test that ended with `message` as its failure: not checked or skipped, if the message
    /// says so.
    pub fn failed(message: String) -> Observed {
        Observed::ended(&message.clone(), message)
    }

    /// A test whose own failure message is `own` and whose report is `report` (`own` with the
    /// test's output added): not checked or skipped, if `own` says so.
    pub fn ended(own: &str, report: String) -> Observed {
        use crate::registry::outcome::{BrokenSetup, NotChecked, Skipped};
        if let Some(report) = BrokenSetup::find(&report) {
            Observed::BrokenSetup(report)
        } else if let Some(reason) = NotChecked::decode(own) {
            Observed::NotChecked(reason.to_string())
        } else if let Some(reason) = Skipped::decode(own) {
            Observed::Skipped(reason.to_string())
        } else {
            Observed::Failed(report)
        }
    }
}

/// The verdict reported to libtest-mimic and the summary.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Passed as expected.
    Passed,
    /// Counts as passed: the test failed as `expect = fail` / `crash(..)` said it would.
    /// Carries the failure's message, shown with `--show-output`.
    FailedAsExpected(String),
    /// Failed: the message says how.
    Failed(String),
    /// Failed as `busted` said; reported as ignored and counted apart.
    Busted(String),
    /// A `random` test whose result is ignored.
    RandomIgnored,
    /// Neither passed nor failed: the check could not be made, whatever was expected; why.
    NotChecked(String),
    /// Neither passed nor failed: the test skipped itself, whatever was expected; why.
    Skipped(String),
}

/// `finds`: whether a checker watching the run reports a kind of finding (decides
/// `Expect::Memory`: under a checker that cannot see the expected finding, `otherwise` applies).
pub fn judge(expect: Expect, observed: Observed, finds: &dyn Fn(&str) -> bool) -> Verdict {
    use Observed as O;
    match (expect, observed) {
        (_, O::BrokenSetup(m)) => Verdict::Failed(format!(
            "{}\nThis fails whatever the test expects: its C configuration does not compile, so \
             nothing was compared.",
            m.trim_end()
        )),
        (_, O::NotChecked(reason)) => Verdict::NotChecked(reason),
        (_, O::Skipped(reason)) => Verdict::Skipped(reason),
        (Expect::CppException(want), O::CppException(Some(got), m)) if got == want => {
            Verdict::FailedAsExpected(m)
        }
        (Expect::CppException(want), O::CppException(None, _)) => Verdict::NotChecked(format!(
            "a C++ exception escaped into Rust, but its type was not recorded: it was \
             rethrown (`throw;`), or thrown by a library loaded after the test's C++, or a \
             memory checker reports this process's crash, not ffi-test: \
             `cpp_exception(\"{want}\")` cannot be judged"
        )),
        (Expect::CppException(want), O::CppException(_, m) | O::Crashed(_, m) | O::Failed(m)) => {
            Verdict::Failed(format!(
                "expected a C++ exception `{want}` to escape into Rust (expect = \
                 cpp_exception(\"{want}\")), but the test ended otherwise:\n{m}"
            ))
        }
        // Any other expectation sees the abort it ends in.
        (expect, O::CppException(_, m)) => judge(expect, O::Crashed(Some("SIGABRT"), m), finds),
        (Expect::Memory(want, _), O::MemoryError(got, m, _)) if finds(want) && got == want => Verdict::FailedAsExpected(m),
        (Expect::Memory(want, _), O::MemoryError(_, m, _) | O::Failed(m) | O::Crashed(_, m)) if finds(want) => {
            Verdict::Failed(format!("expected the checker to report {want}, but the test ended otherwise:\n{m}"))
        }
        (Expect::Memory(want, _), O::Passed) if finds(want) => Verdict::Failed(format!(
            "unexpected pass: this test is marked `expect = finding(\"{want}\")` but the checker found \
             nothing. The expectation may be stale (the bug fixed, or the checker no longer catching it)."
        )),
        (Expect::Memory(_, otherwise), observed) => judge(*otherwise, observed, finds),
        // Resolved against the run's compiler before judging (`resolve`); unresolved, the
        // compiler is not the one named.
        (Expect::IfCompiler(_, _, otherwise), observed) => judge(*otherwise, observed, finds),
        // A checker reports the fatal signal as a finding (AddressSanitizer's "SEGV"), or
        // reports what led to it before the signal ends the process (valgrind's invalid read):
        // the process died of that signal all the same.
        (Expect::Crash(want), O::MemoryError(got, m, signal))
            if signal == Some(want) || signal_of_finding(&got) == Some(want) =>
        {
            Verdict::FailedAsExpected(m)
        }
        (expect, O::MemoryError(_, m, _)) => judge(expect, O::Failed(m), finds),
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
        (Expect::Fail | Expect::Crash(_) | Expect::CppException(_) | Expect::Busted, O::Passed) => Verdict::Failed(format!(
            "unexpected pass: this test is marked `expect = {}` on this target but it passed. \
             The expectation may be stale (the bug fixed, or the check no longer catching it): \
             update or remove the expectation.",
            describe(expect)
        )),
    }
}

/// The signal a sanitizer's report of a fatal signal names (`SEGV` is `SIGSEGV`).
fn signal_of_finding(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "SEGV" => "SIGSEGV",
        "BUS" => "SIGBUS",
        "FPE" => "SIGFPE",
        "ILL" => "SIGILL",
        "ABRT" => "SIGABRT",
        _ => return None,
    })
}

/// `expect` with its compiler conditions decided for the run's C compiler (`family`, e.g.
/// `clang`, and its major version).
pub fn resolve(expect: Expect, family: &str, major: u32) -> Expect {
    match expect {
        Expect::IfCompiler(spec, then, otherwise) => {
            let chosen = if compiler_matches(spec, family, major) {
                then
            } else {
                otherwise
            };
            resolve(*chosen, family, major)
        }
        other => other,
    }
}

/// `clang`, `gcc`, `clang < 18`, `gcc >= 13` (the macro checked the form).
fn compiler_matches(spec: &str, family: &str, major: u32) -> bool {
    let mut words = spec.split_whitespace();
    if words.next() != Some(family) {
        return false;
    }
    match (
        words.next(),
        words.next().and_then(|n| n.parse::<u32>().ok()),
    ) {
        (None, _) => true,
        (Some("<"), Some(n)) => major < n,
        (Some("<="), Some(n)) => major <= n,
        (Some(">"), Some(n)) => major > n,
        (Some(">="), Some(n)) => major >= n,
        (Some("=="), Some(n)) => major == n,
        _ => false,
    }
}

pub fn describe(expect: Expect) -> String {
    match expect {
        Expect::Pass => "pass".into(),
        Expect::Fail => "fail".into(),
        Expect::Crash(signal) => format!("crash(\"{signal}\")"),
        Expect::CppException(type_name) => format!("cpp_exception(\"{type_name}\")"),
        Expect::Busted => "busted".into(),
        Expect::Random => "random".into(),
        Expect::Memory(kind, otherwise) => {
            format!("finding(\"{kind}\", otherwise = {})", describe(*otherwise))
        }
        Expect::IfCompiler(spec, then, _) => {
            format!("{} with c_compiler = \"{spec}\"", describe(*then))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check whose C configuration does not compile fails whatever it expects, its mark taken
    /// out of the report wherever the check put C's words.
    #[test]
    fn a_broken_configuration_fails_whatever_is_expected() {
        use crate::registry::outcome::BrokenSetup;
        let message = format!("layout of `P`: {}", BrokenSetup::mark("no such header"));
        for expect in [Expect::Fail, Expect::Busted, Expect::Random, Expect::Pass] {
            let Verdict::Failed(report) =
                judge(expect, Observed::failed(message.clone()), &|_| false)
            else {
                panic!("not a failure")
            };
            assert_eq!(
                report,
                "layout of `P`: no such header\nThis fails whatever the test expects: its C \
                 configuration does not compile, so nothing was compared."
            );
        }
    }

    #[test]
    fn verdicts() {
        let failed = || Observed::Failed("boom".into());
        let judge = |e, o| judge(e, o, &|_| false);
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

    #[test]
    fn a_cpp_exception_is_expected_by_its_type() {
        let judge = |e, o| judge(e, o, &|_| false);
        let escaped = |t: &str| Observed::CppException(Some(t.into()), "escaped".into());
        let want = Expect::CppException("std::invalid_argument");
        assert_eq!(
            judge(want, escaped("std::invalid_argument")),
            Verdict::FailedAsExpected("escaped".into())
        );
        assert_eq!(
            judge(want, escaped("std::runtime_error")),
            Verdict::Failed(
                "expected a C++ exception `std::invalid_argument` to escape into Rust (expect = \
                 cpp_exception(\"std::invalid_argument\")), but the test ended otherwise:\nescaped"
                    .into()
            )
        );
        assert!(matches!(
            judge(want, Observed::Crashed(Some("SIGSEGV"), "segv".into())),
            Verdict::Failed(m) if m.ends_with("otherwise:\nsegv")
        ));
        assert!(
            matches!(judge(want, Observed::Passed), Verdict::Failed(m) if m.contains("unexpected pass"))
        );
        let unknown = Observed::CppException(None, "escaped".into());
        assert!(
            matches!(judge(want, unknown), Verdict::NotChecked(m) if m.contains("not recorded"))
        );
        // Other expectations see the abort it ends in.
        assert_eq!(
            judge(Expect::Crash("SIGABRT"), escaped("std::runtime_error")),
            Verdict::FailedAsExpected("escaped".into())
        );
        assert!(matches!(
            judge(Expect::Pass, escaped("std::runtime_error")),
            Verdict::Failed(_)
        ));
    }

    #[test]
    fn compiler_expectations_resolve_for_the_runs_compiler() {
        let clang_old = Expect::IfCompiler("clang < 18", &Expect::Busted, &Expect::Pass);
        assert_eq!(resolve(clang_old, "clang", 14), Expect::Busted);
        assert_eq!(resolve(clang_old, "clang", 18), Expect::Pass);
        assert_eq!(resolve(clang_old, "gcc", 12), Expect::Pass);
        let gcc = Expect::IfCompiler("gcc", &Expect::Fail, &Expect::Pass);
        assert_eq!(resolve(gcc, "gcc", 12), Expect::Fail);
        assert_eq!(resolve(gcc, "clang", 14), Expect::Pass);
    }

    #[test]
    fn memory_expectations_depend_on_the_checker() {
        let memory = |kind: &str| kind != "data-race";
        let nothing = |_: &str| false;
        let overflow = Expect::Memory("heap-buffer-overflow", &Expect::Pass);
        let segv = || Observed::MemoryError("SEGV".into(), "report".into(), None);
        assert!(matches!(
            judge(Expect::Crash("SIGSEGV"), segv(), &|_| true),
            Verdict::FailedAsExpected(_)
        ));
        assert!(matches!(
            judge(Expect::Crash("SIGABRT"), segv(), &|_| true),
            Verdict::Failed(_)
        ));
        let found = || Observed::MemoryError("heap-buffer-overflow".into(), "report".into(), None);
        assert_eq!(
            judge(overflow, found(), &memory),
            Verdict::FailedAsExpected("report".into())
        );
        assert!(
            matches!(judge(overflow, Observed::Passed, &memory), Verdict::Failed(m) if m.contains("unexpected pass"))
        );
        let leak = || Observed::MemoryError("leak".into(), "leaked".into(), None);
        assert!(
            matches!(judge(overflow, leak(), &memory), Verdict::Failed(m) if m.contains("heap-buffer-overflow"))
        );
        assert_eq!(judge(overflow, Observed::Passed, &nothing), Verdict::Passed);
        let aborts = Expect::Memory("double-free", &Expect::Crash("SIGABRT"));
        assert_eq!(
            judge(
                aborts,
                Observed::Crashed(Some("SIGABRT"), "abort".into()),
                &nothing
            ),
            Verdict::FailedAsExpected("abort".into())
        );
        assert!(matches!(
            judge(Expect::Pass, found(), &memory),
            Verdict::Failed(_)
        ));
        // A race under a checker that cannot see races: what the test does otherwise decides.
        let race = Expect::Memory("data-race", &Expect::Pass);
        assert_eq!(judge(race, Observed::Passed, &memory), Verdict::Passed);
        let thread = |kind: &str| kind == "data-race";
        assert!(
            matches!(judge(race, Observed::Passed, &thread), Verdict::Failed(m) if m.contains("unexpected pass"))
        );
    }
}
