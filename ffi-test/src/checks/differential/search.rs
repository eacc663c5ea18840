//! The search for a failing input, in the test's own process: proptest's generation and
//! shrinking, then bit-by-bit simplification; or, in a crash's replay, the one input the
//! harness names. A panic on an input is a failure there, caught quietly (a failing input runs
//! many times while it shrinks) and reported with its place.

use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};

use proptest::strategy::Strategy;
use proptest::test_runner::{TestCaseError, TestError};

use super::case::{named, record_case};
use super::inputs::{Replay, Simpler};
use super::regressions;
use super::Generated;
use super::{DEFAULT_CASES, REPLAY_VAR};
use crate::checks::generation::{cases_or, runner, seed, SEED_VAR};

/// How a search ended, when not in a pass.
#[derive(Debug)]
pub(super) enum Found {
    /// A failing input, shrunk and simplified (`x = 16`), why it fails, and the run's seed and
    /// cases.
    Shrunk {
        input: String,
        why: String,
        seed: u64,
        cases: u32,
        /// The file the case is kept in, for the next runs to try first.
        kept: Option<std::path::PathBuf>,
    },
    /// The one input a replay names fails without crashing.
    Replayed { input: String, why: String },
    /// proptest stopped the run.
    Stopped(String),
    /// The run's settings are wrong: a seed, a number of cases, a replayed input.
    Setup(String),
}

impl Found {
    /// The report: `claim` is what failed (`` `f` disagrees with C `E` ``), `test` the test
    /// (`` differential test of `f` ``).
    pub(super) fn report(self, claim: &str, test: &str) -> String {
        match self {
            Found::Shrunk {
                input,
                why,
                seed,
                cases,
                kept,
            } => {
                let plural = if cases == 1 { "" } else { "s" };
                let kept = match kept {
                    Some(file) => format!(
                        "\n  kept in {} (its cases run first, every run)",
                        file.display()
                    ),
                    None => String::new(),
                };
                format!(
                    "{claim} at {input} (the smallest input found, shrunk): {why}\n  \
                     seed {SEED_VAR}={seed:016x} replays it ({cases} case{plural}){kept}"
                )
            }
            Found::Replayed { input, why } => format!("{claim} at {input}: {why}"),
            Found::Stopped(why) => format!("{test} stopped: {why}"),
            Found::Setup(why) => why,
        }
    }
}

/// Runs `judge` on inputs from `strategy` (those `admits` in the parameters' ranges) until it
/// says why one fails, or panics on one.
pub(super) fn search<S>(
    test: &Generated,
    strategy: S,
    admits: &impl Fn(&S::Value) -> bool,
    judge: &impl Fn(S::Value) -> Option<String>,
) -> Result<(), Found>
where
    S: Strategy,
    S::Value: Simpler + Replay + Debug,
{
    let seed = seed().map_err(Found::Setup)?;
    let cases = cases(test.cases).map_err(Found::Setup)?;
    let record = Record {
        head: format!("{}\u{1f}", test.params.join(",")),
        tail: format!("\u{1f}{seed:016x}"),
    };
    if let Ok(text) = std::env::var(REPLAY_VAR) {
        return replay(test, &text, &record, admits, judge);
    }
    let kept = regressions::kept_in(test.source.as_ref());
    let mut runner = runner(seed, cases, kept.as_deref().map(regressions::persistence));
    let outcome = runner.run(&strategy, |input| match record.failing(judge, input) {
        None => Ok(()),
        Some(why) => Err(TestCaseError::fail(why)),
    });
    match outcome {
        Ok(()) => Ok(()),
        Err(TestError::Fail(why, input)) => {
            let (input, why) = simplify(input, why.to_string(), &record, admits, judge);
            Err(Found::Shrunk {
                input: named(test.params, &format!("{input:?}")),
                why,
                seed,
                cases,
                kept,
            })
        }
        Err(TestError::Abort(why)) => Err(Found::Stopped(why.to_string())),
    }
}

/// The parts of a crash record made once per test: the names before an input, the seed after.
struct Record {
    head: String,
    tail: String,
}

impl Record {
    /// Why `input` fails, if it does (the judge's answer, or its panic), recorded first: a
    /// crash on it ends the process, and the crash report says on which input.
    fn failing<V: Debug>(&self, judge: &impl Fn(V) -> Option<String>, input: V) -> Option<String> {
        record_case(&self.head, &input, &self.tail);
        quietly(|| judge(input)).unwrap_or_else(Some)
    }
}

/// Runs the one input `text` names (a replay in a fresh process; a crash stays a crash).
fn replay<V: Replay + Debug>(
    test: &Generated,
    text: &str,
    record: &Record,
    admits: &impl Fn(&V) -> bool,
    judge: &impl Fn(V) -> Option<String>,
) -> Result<(), Found> {
    let input = V::replay(text).filter(admits).ok_or_else(|| {
        Found::Setup(format!(
            "{REPLAY_VAR}={text:?} is not an input of the parameters ({}) in their ranges",
            test.params.join(", ")
        ))
    })?;
    match record.failing(judge, input) {
        None => Ok(()),
        Some(why) => Err(Found::Replayed {
            input: named(test.params, text),
            why,
        }),
    }
}

/// Calls spent at most on simplifying a shrunk input.
const SIMPLIFY_CALLS: usize = 4096;

/// `input` simplified while it still fails, and why it fails there.
fn simplify<V: Simpler + Debug>(
    mut input: V,
    mut why: String,
    record: &Record,
    admits: &impl Fn(&V) -> bool,
    judge: &impl Fn(V) -> Option<String>,
) -> (V, String) {
    let mut calls = 0;
    'simpler: loop {
        for candidate in input.simpler().into_iter().filter(admits) {
            calls += 1;
            if calls > SIMPLIFY_CALLS {
                break 'simpler;
            }
            if let Some(now) = record.failing(judge, candidate.clone()) {
                (input, why) = (candidate, now);
                continue 'simpler;
            }
        }
        break;
    }
    (input, why)
}

thread_local! {
    /// Whether this thread's panics are caught by [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The last quiet panic of this thread, with its place.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// `f`'s value, or its panic as `panicked at FILE:LINE:COL: MESSAGE`, not printed.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = (payload.downcast_ref::<&str>().copied())
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("a panic");
            let at = info
                .location()
                .map(|l| format!(" at {l}"))
                .unwrap_or_default();
            // A panic that cannot unwind (out of an `extern "C"` function) aborts the process:
            // it is printed as always, after the quiet one that led to it.
            let aborts = message.contains("cannot unwind") || message.contains("during cleanup");
            if QUIET.with(Cell::get) && !aborts {
                LAST.with(|last| *last.borrow_mut() = Some(format!("panicked{at}: {message}")));
                return;
            }
            if let Some(last) = LAST.with(|last| last.borrow_mut().take()) {
                let thread = std::thread::current();
                eprintln!("\nthread '{}' {last}", thread.name().unwrap_or("<unnamed>"));
            }
            previous(info)
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    let last = LAST.with(|last| last.borrow_mut().take());
    result.map_err(|panic| last.unwrap_or_else(|| format!("panicked: {}", panic_text(&*panic))))
}

/// A panic's message, where it has one.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "a panic".into(),
    }
}

/// The cases to run: the attribute's, [`CASES_VAR`]'s, or the default.
fn cases(asked: Option<u32>) -> Result<u32, String> {
    match asked {
        Some(cases) => Ok(cases),
        None => cases_or(DEFAULT_CASES),
    }
}
