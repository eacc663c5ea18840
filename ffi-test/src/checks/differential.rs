//! Differential tests (`#[ffi_differential(c = "EXPR")]`): a Rust function and a C expression of
//! the same parameters, run on generated inputs in the test's own process until they disagree;
//! the disagreement is shrunk to the smallest input that still shows it and reported with both
//! results and the seed that replays it. Inputs and shrinking are proptest's; integers are drawn
//! with their edges (0, the extremes, powers of two and their neighbours) weighted in, where a
//! uniform draw would almost never land.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

/// What the macro knows of one differential test.
#[derive(Debug)]
pub struct Differential {
    /// The Rust function's name.
    pub rust: &'static str,
    /// The C expression, over the parameters' names.
    pub c: &'static str,
    /// The parameters' names, in order.
    pub params: &'static [&'static str],
    /// Cases asked for by the attribute (`cases = N`), else the run's.
    pub cases: Option<u32>,
}

/// The input a differential test is running, for a crash report (written before each case,
/// read by a crash handler: plain atomics, no lock).
struct Case {
    len: AtomicUsize,
    text: [AtomicU8; CASE_TEXT],
}

/// Room for an input's text.
const CASE_TEXT: usize = 512;

static CASE: Case = Case {
    len: AtomicUsize::new(0),
    text: [const { AtomicU8::new(0) }; CASE_TEXT],
};

/// Writes the input being run into [`CASE`] as `NAMES` U+001F `DEBUG` U+001F `SEED`, without
/// allocating (it runs before every case): `head` is the names and separator, `tail` the
/// separator and seed, both made once per test.
fn record_case(head: &str, input: &dyn Debug, tail: &str) {
    struct Into {
        at: usize,
    }
    impl std::fmt::Write for Into {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for &b in s.as_bytes() {
                if let Some(slot) = CASE.text.get(self.at) {
                    slot.store(b, Ordering::Relaxed);
                    self.at += 1;
                }
            }
            Ok(())
        }
    }
    CASE.len.store(0, Ordering::SeqCst);
    let mut out = Into { at: 0 };
    let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{head}{input:?}{tail}"));
    CASE.len.store(out.at, Ordering::SeqCst);
}

/// How a crash report shows a recorded case (see [`record_case`]): `len = 77 (seed
/// FFI_TEST_SEED=...)`.
pub fn describe_case(case: &str) -> String {
    let mut parts = case.split('\u{1f}');
    let (Some(names), Some(input), Some(seed)) = (parts.next(), parts.next(), parts.next()) else {
        return case.to_string();
    };
    let names: Vec<&str> = names.split(',').filter(|n| !n.is_empty()).collect();
    format!("{} (seed {SEED_VAR}={seed})", named(&names, input))
}

/// Copies the input a differential test was running into `out` (async-signal-safe: a crash
/// handler calls it), newlines made spaces; its length, 0 when none was.
pub fn copy_case_into(out: &mut [u8]) -> usize {
    let len = CASE.len.load(Ordering::SeqCst).min(out.len());
    for (slot, byte) in out.iter_mut().zip(&CASE.text).take(len) {
        *slot = match byte.load(Ordering::Relaxed) {
            b'\n' => b' ',
            b => b,
        };
    }
    len
}

/// The environment variable holding the seed that replays a run (hex, as reports print it).
pub const SEED_VAR: &str = "FFI_TEST_SEED";
/// The environment variable setting the cases of every differential test without its own.
pub const CASES_VAR: &str = "FFI_TEST_CASES";
/// Cases when neither the attribute nor [`CASES_VAR`] says.
const DEFAULT_CASES: u32 = 1000;

/// Values whose agreement is equality, floats' NaNs agreeing with any NaN.
pub trait Agree: Debug {
    /// Whether Rust's `self` and C's `c` are the same answer.
    fn agrees(&self, c: &Self) -> bool;
}

macro_rules! exact {
    ($($t:ty),*) => {$(
        impl Agree for $t {
            fn agrees(&self, c: &Self) -> bool {
                self == c
            }
        }
    )*};
}
exact!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, bool, ());

macro_rules! float {
    ($($t:ty),*) => {$(
        impl Agree for $t {
            fn agrees(&self, c: &Self) -> bool {
                self == c || (self.is_nan() && c.is_nan())
            }
        }
    )*};
}
float!(f32, f64);

/// A strategy for `T` with its edges weighted in.
pub trait Edgy: Sized + Debug + Clone + 'static {
    /// Values drawn from the whole type, edges often.
    fn edgy() -> BoxedStrategy<Self>;
}

/// Integers of type `T` started at an edge or at random, each shrinking by binary search
/// toward zero (proptest's own shrinking), so a disagreement found at an edge is shrunk to the
/// smallest input that still shows it.
#[derive(Debug, Clone, Copy)]
pub struct Edges<T>(std::marker::PhantomData<T>);

macro_rules! edgy_int {
    ($($t:ident),*) => {$(
        impl Strategy for Edges<$t> {
            type Tree = proptest::num::$t::BinarySearch;
            type Value = $t;

            fn new_tree(&self, runner: &mut TestRunner) -> proptest::strategy::NewTree<Self> {
                let rng = runner.rng();
                let draw = rng.next_u64();
                let k = (draw >> 8) as u32 % <$t>::BITS;
                let power = (1 as $t).wrapping_shl(k);
                let start = match draw % 8 {
                    // The extremes and their neighbours, zero and one.
                    0 => [0, 1, <$t>::MAX, <$t>::MIN, <$t>::MAX - 1, <$t>::MIN.wrapping_add(1)]
                        [(draw >> 40) as usize % 6],
                    // A power of two, or one either side of it.
                    1 | 2 => [power, power.wrapping_sub(1), power.wrapping_add(1)]
                        [(draw >> 40) as usize % 3],
                    // Small values, where most arguments of most macros lie.
                    3 => (rng.next_u64() % 128) as $t,
                    // Anywhere.
                    _ => rng.next_u64() as $t,
                };
                Ok(proptest::num::$t::BinarySearch::new(start))
            }
        }

        impl Edgy for $t {
            fn edgy() -> BoxedStrategy<$t> {
                Edges::<$t>(std::marker::PhantomData).boxed()
            }
        }
    )*};
}
edgy_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl Edgy for bool {
    fn edgy() -> BoxedStrategy<bool> {
        any::<bool>().boxed()
    }
}

macro_rules! edgy_float {
    ($($t:ident),*) => {$(
        impl Edgy for $t {
            fn edgy() -> BoxedStrategy<$t> {
                let edges = vec![0.0, -0.0, 1.0, -1.0, <$t>::INFINITY, <$t>::NEG_INFINITY,
                    <$t>::NAN, <$t>::MAX, <$t>::MIN, <$t>::MIN_POSITIVE, <$t>::EPSILON];
                prop_oneof![
                    1 => proptest::sample::select(edges),
                    // Every class: normal, subnormal, zero, infinite, NaN (payloads included).
                    4 => proptest::num::$t::ANY,
                ]
                .boxed()
            }
        }
    )*};
}
edgy_float!(f32, f64);

/// Values one step simpler than a failing input, tried after proptest's shrinking: its binary
/// search toward zero stops at the first value that passes, which for a disagreement in some
/// bits only (a mask, a sign) leaves a large input. Clearing one bit at a time, from the top,
/// keeps the bits that matter.
pub trait Simpler: Sized + Clone {
    /// Candidates, simplest first.
    fn simpler(&self) -> Vec<Self>;
}

macro_rules! simpler_int {
    ($($t:ty),*) => {$(
        impl Simpler for $t {
            fn simpler(&self) -> Vec<$t> {
                let x = *self;
                let mut out = vec![0 as $t];
                for k in (0..<$t>::BITS).rev() {
                    let bit = (1 as $t).wrapping_shl(k);
                    if x & bit != 0 {
                        out.push(x & !bit);
                    }
                }
                out.push(x / 2);
                out.retain(|&c| c != x);
                out
            }
        }
    )*};
}
simpler_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! simpler_plain {
    ($($t:ty => $zero:expr),*) => {$(
        impl Simpler for $t {
            fn simpler(&self) -> Vec<$t> {
                if *self == $zero { Vec::new() } else { vec![$zero] }
            }
        }
    )*};
}
simpler_plain!(bool => false, f32 => 0.0, f64 => 0.0);

macro_rules! simpler_tuple {
    ($(($($name:ident $i:tt),+))*) => {$(
        impl<$($name: Simpler),+> Simpler for ($($name,)+) {
            fn simpler(&self) -> Vec<Self> {
                let mut out = Vec::new();
                $(
                    for c in self.$i.simpler() {
                        let mut next = self.clone();
                        next.$i = c;
                        out.push(next);
                    }
                )+
                out
            }
        }
    )*};
}
simpler_tuple! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
}

/// Calls of the two sides spent at most on simplifying a shrunk input.
const SIMPLIFY_CALLS: usize = 4096;

/// `input` simplified while the sides still disagree on it, and their answers there.
fn simplify<V: Simpler + Debug, R: Agree>(
    mut input: V,
    mut why: String,
    call: &impl Fn(V) -> (R, R),
) -> (V, String) {
    let mut calls = 0;
    'simpler: loop {
        for candidate in input.simpler() {
            calls += 1;
            if calls > SIMPLIFY_CALLS {
                break 'simpler;
            }
            // A side that panics on a candidate fails there too (as proptest counts it).
            let called =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(candidate.clone())));
            let failing = match called {
                Ok((rust, c)) => (!rust.agrees(&c)).then(|| format!("Rust {rust:?}, C {c:?}")),
                Err(panic) => Some(format!("panicked: {}", panic_text(&*panic))),
            };
            if let Some(now) = failing {
                (input, why) = (candidate, now);
                continue 'simpler;
            }
        }
        break;
    }
    (input, why)
}

/// A panic's message, where it has one.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "a panic".into(),
    }
}

/// The strategy of a parameter of type `T` (its edges weighted in).
pub fn edgy<T: Edgy>() -> BoxedStrategy<T> {
    T::edgy()
}

/// `strategy` (a range the attribute gives a parameter of type `T`) as its strategy.
pub fn ranged<T: Debug>(strategy: impl Strategy<Value = T> + 'static) -> BoxedStrategy<T> {
    strategy.boxed()
}

/// The test's C function named `symbol` (the generated `ffi_test_differential`).
pub fn c_function(
    ctx: &dyn crate::registry::context::TestContext,
    symbol: &str,
) -> Result<*const (), String> {
    ctx.c_symbol(symbol)
}

/// The seed of this run: [`SEED_VAR`]'s, or a fresh one.
fn seed() -> Result<u64, String> {
    match std::env::var(SEED_VAR) {
        Ok(text) => u64::from_str_radix(text.trim().trim_start_matches("0x"), 16)
            .map_err(|e| format!("{SEED_VAR}={text:?} is not a hex seed: {e}")),
        Err(_) => {
            let mut bytes = [0u8; 8];
            // SAFETY: getrandom writes at most `bytes.len()` bytes into the buffer.
            let got = unsafe { libc::getrandom(bytes.as_mut_ptr().cast(), bytes.len(), 0) };
            if got != bytes.len() as isize {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                return Ok(now.as_nanos() as u64 ^ std::process::id() as u64);
            }
            Ok(u64::from_le_bytes(bytes))
        }
    }
}

/// The cases to run: the attribute's, [`CASES_VAR`]'s, or the default.
fn cases(desc: &Differential) -> Result<u32, String> {
    if let Some(cases) = desc.cases {
        return Ok(cases);
    }
    match std::env::var(CASES_VAR) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|e| format!("{CASES_VAR}={text:?} is not a number of cases: {e}")),
        Err(_) => Ok(DEFAULT_CASES),
    }
}

/// Runs `desc` on inputs from `strategy`: `call` answers Rust's and C's results for one input.
pub fn run<S, R>(
    desc: &Differential,
    strategy: S,
    call: impl Fn(S::Value) -> (R, R),
) -> Result<(), String>
where
    S: Strategy,
    S::Value: Simpler + Debug,
    R: Agree,
{
    let (seed, cases) = (seed()?, cases(desc)?);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    // XorShift, not ChaCha: a test binary is built unoptimised, where ChaCha's vector code was
    // most of a differential test's time (no input here needs a cryptographic generator).
    let mut seed_bytes = [0u8; 16];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    seed_bytes[8..].copy_from_slice(&(!seed).to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::XorShift, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let (head, tail) = (
        format!("{}\u{1f}", desc.params.join(",")),
        format!("\u{1f}{seed:016x}"),
    );
    let outcome = runner.run(&strategy, |input| {
        // A crash (an overflow panicking out of an `extern "C"` function, a fault in C) ends
        // the process: the crash report says on which input.
        record_case(&head, &input, &tail);
        let (rust, c) = call(input);
        match rust.agrees(&c) {
            true => Ok(()),
            false => Err(TestCaseError::fail(format!("Rust {rust:?}, C {c:?}"))),
        }
    });
    match outcome {
        Ok(()) => Ok(()),
        Err(TestError::Fail(why, input)) => {
            let (input, why) = simplify(input, why.to_string(), &call);
            Err(report(desc, &input, &why, seed, cases))
        }
        Err(TestError::Abort(why)) => Err(format!(
            "differential test of `{}` against C `{}` stopped: {why}",
            desc.rust, desc.c
        )),
    }
}

/// The report of a disagreement at (shrunk) `input`.
fn report(
    desc: &Differential,
    input: &dyn Debug,
    why: &dyn std::fmt::Display,
    seed: u64,
    cases: u32,
) -> String {
    format!(
        "`{}` disagrees with C `{}` at {} (the smallest input found, shrunk): {why}\n  \
         seed {SEED_VAR}={seed:016x} replays it ({cases} cases)",
        desc.rust,
        desc.c,
        named(desc.params, &format!("{input:?}"))
    )
}

/// An input's `Debug` text (a tuple of the parameters, `(a, b,)`) as `name = value, ...`.
fn named(params: &[&str], input: &str) -> String {
    let values = split_tuple(input);
    match values.len() == params.len() {
        true => params
            .iter()
            .zip(&values)
            .map(|(p, v)| format!("{p} = {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        false => input.to_string(),
    }
}

/// The items of a tuple's `Debug` text (`(1, 2,)`, `(1,)`): the parameters are numbers, so
/// top-level commas separate them.
fn split_tuple(text: &str) -> Vec<String> {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESC: Differential = Differential {
        rust: "align",
        c: "ALIGN(len)",
        params: &["len"],
        cases: Some(2000),
    };

    #[test]
    fn a_disagreement_at_one_edge_is_shrunk_to_it() {
        // Wrong only from 2^31 on: the smallest input showing it is 2^31 itself.
        let rust = |x: u32| if x >= 1 << 31 { 0 } else { x };
        let c = |x: u32| x;
        let why = run(&DESC, (edgy::<u32>(),), |(x,)| (rust(x), c(x))).unwrap_err();
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
        let why = run(&DESC, (edgy::<i32>(),), |(x,)| (rust(x), c(x))).unwrap_err();
        let at = why.split(" at len = ").nth(1).unwrap();
        let value: i32 = at.split(' ').next().unwrap().parse().unwrap();
        // Bits 4-5 and one other bit: nothing more to clear.
        assert_eq!(value & 0x30, 0x30, "{why}");
        assert_eq!((value & !0x30).count_ones(), 1, "{why}");
    }

    #[test]
    fn agreeing_sides_pass_and_nans_agree() {
        run(&DESC, (edgy::<f64>(),), |(x,)| (x * 2.0, x + x)).unwrap();
    }
}
