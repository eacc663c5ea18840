//! A differential test's crashing input, made simpler in fresh processes.
//!
//! proptest shrinks a disagreement inside the test process, but a crash ends that process on
//! the first input that crashes, which is as random as the generator. The harness runs the test
//! again with one input at a time (`checks::differential::REPLAY_VAR`), each simpler than the
//! last that crashed the same way, and reports the simplest with the one first seen.

use std::ffi::OsStr;
use std::time::Duration;

use crate::checks::differential::{case_input, case_shrunk, simpler_by, steps, REPLAY_VAR};
use crate::run::interrupt;
use crate::run::isolation::{run_child_with, ChildRun, Ending, Launch};

/// Replays at most this many inputs: a crash found is reported even when its input is still
/// large, rather than after minutes of replays.
const BUDGET: usize = 64;

/// `run`, or a replay of `test` with a simpler input that crashes with the same signal; its
/// case says which input it was shrunk from and in how many replays. Any other run is returned
/// as it is.
pub fn shrink_crash(test: &str, timeout: Duration, launch: &Launch, run: ChildRun) -> ChildRun {
    let Ending::Signal(signal) = run.ending else {
        return run;
    };
    let Some(case) = run.crash.as_ref().and_then(|c| c.case.clone()) else {
        return run;
    };
    let Some(first) = case_input(&case).map(str::to_string) else {
        return run;
    };
    let (mut best, mut input, mut runs) = (run, first.clone(), 0);
    // Passes over the first input's steps, each applied to the simplest input yet: a step that
    // crashes the same way is kept and the pass goes on, so one pass clears every bit it can.
    let mut changed = true;
    while changed && runs < BUDGET && interrupt::interrupted().is_none() {
        changed = false;
        for step in steps(&input) {
            let Some(candidate) = simpler_by(&input, step) else {
                continue;
            };
            if runs == BUDGET || interrupt::interrupted().is_some() {
                break;
            }
            runs += 1;
            let env = [(REPLAY_VAR, OsStr::new(&candidate))];
            let next = run_child_with(test, timeout, launch, &[], &env);
            if matches!(next.ending, Ending::Signal(s) if s == signal) && next.crash.is_some() {
                (best, input, changed) = (next, candidate, true);
            }
        }
    }
    if input != first {
        if let Some(crash) = best.crash.as_mut() {
            crash.case = Some(case_shrunk(&case, &input, runs));
        }
    }
    best
}
