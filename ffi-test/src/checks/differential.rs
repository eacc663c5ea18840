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
    let shrunk = match (parts.next(), parts.next()) {
        (Some(from), Some(runs)) if from != input => format!(
            ", shrunk from {} in {runs} runs, each in a fresh process",
            named(&names, from)
        ),
        _ => String::new(),
    };
    format!("{}{shrunk} (seed {SEED_VAR}={seed})", named(&names, input))
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
/// An input read back from its `Debug` text (`(17, -3,)`): what a crash's replay runs.
pub trait Replay: Sized {
    /// The input `text` writes, if it is one of this type.
    fn replay(text: &str) -> Option<Self>;
}

macro_rules! replay_tuple {
    ($(($($name:ident $i:tt),+))*) => {$(
        impl<$($name: std::str::FromStr),+> Replay for ($($name,)+) {
            fn replay(text: &str) -> Option<Self> {
                let parts = split_tuple(text);
                let mut parts = parts.iter();
                let value = ($(parts.next()?.parse::<$name>().ok()?,)+);
                parts.next().is_none().then_some(value)
            }
        }
    )*};
}
replay_tuple! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
}

/// The environment variable a replay of one input sets: its `Debug` text. The harness runs a
/// crashing input again in fresh processes, simpler each time (`run::replay`).
pub const REPLAY_VAR: &str = "FFI_TEST_REPLAY";

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
    admits: &impl Fn(&V) -> bool,
    call: &impl Fn(V) -> (R, R),
) -> (V, String) {
    let mut calls = 0;
    'simpler: loop {
        for candidate in input.simpler().into_iter().filter(admits) {
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
/// `admits` says whether an input is in the parameters' ranges: inputs made simpler here
/// (after proptest's shrinking) and by a crash's replays stay in them.
pub fn run<S, R>(
    desc: &Differential,
    strategy: S,
    admits: impl Fn(&S::Value) -> bool,
    call: impl Fn(S::Value) -> (R, R),
) -> Result<(), String>
where
    S: Strategy,
    S::Value: Simpler + Replay + Debug,
    R: Agree,
{
    let (seed, cases) = (seed()?, cases(desc)?);
    if let Ok(text) = std::env::var(REPLAY_VAR) {
        return replay(desc, &text, seed, &admits, &call);
    }
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
            let (input, why) = simplify(input, why.to_string(), &admits, &call);
            Err(report(desc, &input, &why, seed, cases))
        }
        Err(TestError::Abort(why)) => Err(format!(
            "differential test of `{}` against C `{}` stopped: {why}",
            desc.rust, desc.c
        )),
    }
}

/// Runs the one input `text` names (a replay in a fresh process; a crash stays a crash).
fn replay<V: Replay + Debug, R: Agree>(
    desc: &Differential,
    text: &str,
    seed: u64,
    admits: &impl Fn(&V) -> bool,
    call: &impl Fn(V) -> (R, R),
) -> Result<(), String> {
    let input = V::replay(text).filter(admits).ok_or_else(|| {
        format!(
            "{REPLAY_VAR}={text:?} is not an input of `{}`'s parameters and their ranges",
            desc.rust
        )
    })?;
    let head = format!("{}\u{1f}", desc.params.join(","));
    record_case(&head, &input, &format!("\u{1f}{seed:016x}"));
    let (rust, c) = call(input);
    match rust.agrees(&c) {
        true => Ok(()),
        false => Err(format!(
            "`{}` disagrees with C `{}` at {text}: Rust {rust:?}, C {c:?}",
            desc.rust, desc.c
        )),
    }
}

/// The parts of a recorded case (`NAMES` U+001F `INPUT` U+001F `SEED`, see [`record_case`]):
/// the input's text, for a replay.
pub fn case_input(case: &str) -> Option<&str> {
    case.split('\u{1f}').nth(1)
}

/// `case` with `input` in place of its own, and said to be shrunk from it in `runs` replays.
pub fn case_shrunk(case: &str, input: &str, runs: usize) -> String {
    let mut parts: Vec<&str> = case.split('\u{1f}').collect();
    let original = parts.get(1).copied().unwrap_or_default().to_string();
    if parts.len() > 1 {
        parts[1] = input;
    }
    let shrunk = format!("{original}\u{1f}{runs}");
    parts.truncate(3);
    format!("{}\u{1f}{shrunk}", parts.join("\u{1f}"))
}

/// One way to make an input (its `Debug` text) simpler, at its `n`th value: a crash's replays
/// try each in turn (`run::replay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The value made zero (`0`, `0.0`, `false`).
    Zero(usize),
    /// An integer with bit `k` of its magnitude cleared.
    Clear(usize, u32),
    /// An integer halved (towards zero).
    Halve(usize),
}

/// The steps worth trying on `text`, in order: each value made zero, then each set bit of each
/// integer cleared from the top, then each integer halved.
pub fn steps(text: &str) -> Vec<Step> {
    let items = split_tuple(text);
    let mut out: Vec<Step> = (0..items.len()).map(Step::Zero).collect();
    for (n, item) in items.iter().enumerate() {
        if let Ok(v) = item.parse::<i128>() {
            let magnitude = v.unsigned_abs();
            out.extend(
                (0..128)
                    .rev()
                    .filter(|k| magnitude >> k & 1 == 1)
                    .map(|k| Step::Clear(n, k)),
            );
        }
    }
    out.extend(
        (0..items.len())
            .filter(|&n| items[n].parse::<i128>().is_ok())
            .map(Step::Halve),
    );
    out
}

/// `text` after `step`, when the step applies and changes it.
pub fn simpler_by(text: &str, step: Step) -> Option<String> {
    let mut items = split_tuple(text);
    let (n, value) = match step {
        Step::Zero(n) => (n, zero_of(items.get(n)?)?),
        Step::Clear(n, k) => {
            let v = items.get(n)?.parse::<i128>().ok()?;
            let cleared = (v.unsigned_abs() & !(1u128 << k)) as i128;
            (n, (if v < 0 { -cleared } else { cleared }).to_string())
        }
        Step::Halve(n) => (n, (items.get(n)?.parse::<i128>().ok()? / 2).to_string()),
    };
    if items[n] == value {
        return None;
    }
    items[n] = value;
    Some(format!("({},)", items.join(", ")))
}

/// The zero of the type `item` is a value of.
fn zero_of(item: &str) -> Option<String> {
    if item.parse::<i128>().is_ok() {
        Some("0".into())
    } else if item.parse::<f64>().is_ok() {
        Some("0.0".into())
    } else if item == "true" || item == "false" {
        Some("false".into())
    } else {
        None
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
        let why = run(&DESC, (edgy::<u32>(),), |_| true, |(x,)| (rust(x), c(x))).unwrap_err();
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
        let why = run(&DESC, (edgy::<i32>(),), |_| true, |(x,)| (rust(x), c(x))).unwrap_err();
        let at = why.split(" at len = ").nth(1).unwrap();
        let value: i32 = at.split(' ').next().unwrap().parse().unwrap();
        // Bits 4-5 and one other bit: nothing more to clear.
        assert_eq!(value & 0x30, 0x30, "{why}");
        assert_eq!((value & !0x30).count_ones(), 1, "{why}");
    }

    #[test]
    fn an_input_is_read_back_and_simplified_as_text() {
        assert_eq!(<(u32, i8)>::replay("(17, -3,)"), Some((17, -3)));
        assert_eq!(<(u32,)>::replay("(17, 4,)"), None);
        assert_eq!(
            steps("(6, -5,)"),
            [
                Step::Zero(0),
                Step::Zero(1),
                Step::Clear(0, 2),
                Step::Clear(0, 1),
                Step::Clear(1, 2),
                Step::Clear(1, 0),
                Step::Halve(0),
                Step::Halve(1)
            ]
        );
        let after = |step| simpler_by("(6, -5, true,)", step);
        assert_eq!(after(Step::Clear(1, 2)).as_deref(), Some("(6, -1, true,)"));
        assert_eq!(after(Step::Clear(1, 1)), None);
        assert_eq!(after(Step::Zero(2)).as_deref(), Some("(6, -5, false,)"));
        assert_eq!(after(Step::Halve(1)).as_deref(), Some("(6, -2, true,)"));
        let case = "x\u{1f}(77,)\u{1f}00000000000000ab";
        let shrunk = case_shrunk(case, "(9,)", 5);
        assert_eq!(case_input(&shrunk), Some("(9,)"));
        assert_eq!(
            describe_case(&shrunk),
            "x = 9, shrunk from x = 77 in 5 runs, each in a fresh process (seed FFI_TEST_SEED=00000000000000ab)"
        );
    }

    #[test]
    fn agreeing_sides_pass_and_nans_agree() {
        run(&DESC, (edgy::<f64>(),), |_| true, |(x,)| (x * 2.0, x + x)).unwrap();
    }
}
