//! Generated-input tests, run in the test's own process until an input fails: differential
//! tests (`#[ffi_differential(c = "EXPR")]`: a Rust function against a C expression of the
//! same parameters) and properties (`#[ffi_property]`: a Rust body that calls C). A failure is
//! shrunk to the smallest input that still shows it and reported with the seed that replays it;
//! a crash, which ends the process, is replayed simpler in fresh ones by the harness
//! (`run::replay`). Inputs and shrinking are proptest's; integers are drawn with their edges
//! (0, the extremes, powers of two and their neighbours) weighted in, where a uniform draw
//! would almost never land.

mod case;
mod fields;
mod inputs;
mod regressions;
mod search;

use std::fmt::Debug;

use proptest::strategy::Strategy;

pub use crate::checks::generation::SEED_VAR;
pub use case::{case_input, case_shrunk, copy_case_into, describe_case, CASE_TEXT};
pub use fields::{fields, Fields};
pub use inputs::{edgy, edgy_vec, ranged, ranged_vec, simpler_by, steps, Agree, Replay, Simpler};
pub use regressions::Source;
use search::search;

/// What the macro knows of one generated-input test, a differential test's or a property's.
#[derive(Debug)]
pub struct Generated {
    /// The Rust function's name.
    pub rust: &'static str,
    /// The parameters' names, in order.
    pub params: &'static [&'static str],
    /// Cases asked for by the attribute (`cases = N`), else the run's.
    pub cases: Option<u32>,
    /// Where it is written, for its kept failing cases (`None`: none kept).
    pub source: Option<Source>,
}

/// Cases when neither the attribute nor `FFI_TEST_CASES` says.
const DEFAULT_CASES: u32 = 1000;

/// The environment variable a replay of one input sets: its `Debug` text. The harness runs a
/// crashing input again in fresh processes, simpler each time (`run::replay`).
pub const REPLAY_VAR: &str = "FFI_TEST_REPLAY";

/// The test's C function named `symbol` (the generated `ffi_test_differential`).
pub fn c_function(
    ctx: &dyn crate::registry::context::TestContext,
    symbol: &str,
) -> Result<*const (), String> {
    ctx.c_symbol(symbol)
}

/// Runs the differential test `desc` of C expression `c` on inputs from `strategy`: `call`
/// answers Rust's and C's results for one input. `admits` says whether an input is in the
/// parameters' ranges: inputs made simpler (after proptest's shrinking, and by a crash's
/// replays) stay in them.
pub fn run<S, R>(
    desc: &Generated,
    c: &str,
    strategy: S,
    admits: impl Fn(&S::Value) -> bool,
    call: impl Fn(S::Value) -> (R, R),
) -> Result<(), String>
where
    S: Strategy,
    S::Value: Simpler + Replay + Debug,
    R: Agree,
{
    let judge = |input| {
        let (rust, c) = call(input);
        (!rust.agrees(&c)).then(|| format!("Rust {rust:?}, C {c:?}"))
    };
    search(desc, strategy, &admits, &judge).map_err(|found| {
        found.report(
            &format!("`{}` disagrees with C `{c}`", desc.rust),
            &format!("differential test of `{}` against C `{c}`", desc.rust),
        )
    })
}

/// What a property's body returns: nothing (it fails by panicking) or a `Result`.
pub trait Outcome {
    /// Why the body failed, if it did.
    fn failure(self) -> Option<String>;
}

impl Outcome for () {
    fn failure(self) -> Option<String> {
        None
    }
}

impl<E: Debug> Outcome for Result<(), E> {
    fn failure(self) -> Option<String> {
        self.err().map(|e| format!("returned Err({e:?})"))
    }
}

/// Runs the property `desc` on inputs from `strategy` (those `admits` in the parameters'
/// ranges): `body` fails on an input by panicking or returning an error.
pub fn property<S, O>(
    desc: &Generated,
    strategy: S,
    admits: impl Fn(&S::Value) -> bool,
    body: impl Fn(S::Value) -> O,
) -> Result<(), String>
where
    S: Strategy,
    S::Value: Simpler + Replay + Debug,
    O: Outcome,
{
    let judge = |input| body(input).failure();
    search(desc, strategy, &admits, &judge).map_err(|found| {
        found.report(
            &format!("property `{}` fails", desc.rust),
            &format!("property test of `{}`", desc.rust),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESC: Generated = Generated {
        rust: "align",
        params: &["len"],
        cases: Some(2000),
        source: None,
    };

    #[test]
    fn a_disagreement_at_one_edge_is_shrunk_to_it() {
        // Wrong only from 2^31 on: the smallest input showing it is 2^31 itself.
        let rust = |x: u32| if x >= 1 << 31 { 0 } else { x };
        let c = |x: u32| x;
        let why = run(
            &DESC,
            "ALIGN(len)",
            (edgy::<u32>(),),
            |_| true,
            |(x,)| (rust(x), c(x)),
        )
        .unwrap_err();
        assert!(
            why.starts_with("`align` disagrees with C `ALIGN(len)` at len = 2147483648 (the smallest input found, shrunk): Rust 0, C 2147483648\n  seed FFI_TEST_SEED="),
            "{why}"
        );
    }

    #[test]
    fn a_disagreement_in_some_bits_is_simplified_to_them() {
        // A mask Rust forgot (libc's SCTP_PR_PRIO_ENABLED): only bits 4-5 matter to C.
        let rust = |x: i32| x == 0x30;
        let c = |x: i32| x & 0x30 == 0x30;
        let why = run(
            &DESC,
            "ALIGN(len)",
            (edgy::<i32>(),),
            |_| true,
            |(x,)| (rust(x), c(x)),
        )
        .unwrap_err();
        let at = why.split(" at len = ").nth(1).unwrap();
        let value: i32 = at.split(' ').next().unwrap().parse().unwrap();
        // Bits 4-5 and one other bit: nothing more to clear.
        assert_eq!(value & 0x30, 0x30, "{why}");
        assert_eq!((value & !0x30).count_ones(), 1, "{why}");
    }

    #[test]
    fn agreeing_sides_pass_and_nans_agree() {
        run(
            &DESC,
            "ALIGN(len)",
            (edgy::<f64>(),),
            |_| true,
            |(x,)| (x * 2.0, x + x),
        )
        .unwrap();
    }

    const PROPERTY: Generated = Generated {
        rust: "halves",
        params: &["x", "y"],
        cases: Some(2000),
        source: None,
    };

    #[test]
    fn a_failing_property_is_shrunk_and_its_panic_placed() {
        // Fails (panics) whenever y is odd; the simplest failing input is x = 0, y = 1.
        let (body, line) = (|(_, y): (u8, u8)| assert!(y % 2 == 0, "y is odd"), line!());
        let why = property(&PROPERTY, (edgy::<u8>(), edgy::<u8>()), |_| true, body).unwrap_err();
        let at = format!("{}:{line}:48", file!());
        assert!(
            why.starts_with(&format!("property `halves` fails at x = 0, y = 1 (the smallest input found, shrunk): panicked at {at}: y is odd\n  seed FFI_TEST_SEED=")),
            "{why}"
        );
    }

    #[test]
    fn a_property_returning_an_error_fails_with_it_and_a_range_holds() {
        // Fails from 100 on; the range starts at 300, so the smallest input is 300, not 100.
        let body = |(x, _): (u32, bool)| match x < 100 {
            true => Ok(()),
            false => Err(format!("{x} is too big")),
        };
        let why = property(
            &PROPERTY,
            (ranged::<u32>(300..1000u32), edgy::<bool>()),
            |i| (300..1000).contains(&i.0),
            body,
        )
        .unwrap_err();
        assert!(
            why.starts_with("property `halves` fails at x = 300, y = false (the smallest input found, shrunk): returned Err(\"300 is too big\")"),
            "{why}"
        );
        property(
            &PROPERTY,
            (ranged::<u32>(0..100u32), edgy::<bool>()),
            |_| true,
            body,
        )
        .unwrap();
    }
}
