//! What every generated-input check draws from: the run's seed and number of cases, a
//! proptest runner seeded from them, and integers with their edges weighted in. Differential
//! tests, properties and round-trips' generated values all use it.

use proptest::prelude::*;
use proptest::test_runner::{Config, FailurePersistence, RngAlgorithm, TestRng, TestRunner};

/// The environment variable holding the seed that replays a run (hex, as reports print it).
pub const SEED_VAR: &str = "FFI_TEST_SEED";
/// The environment variable setting the cases of every generated-input test without its own.
pub const CASES_VAR: &str = "FFI_TEST_CASES";

/// The seed of this run: [`SEED_VAR`]'s, or a fresh one.
pub fn seed() -> Result<u64, String> {
    match std::env::var(SEED_VAR) {
        Ok(text) => u64::from_str_radix(text.trim().trim_start_matches("0x"), 16)
            .map_err(|e| format!("{SEED_VAR}={text:?} is not a hex seed: {e}")),
        Err(_) => {
            let mut bytes = [0u8; 8];
            #[cfg(unix)]
            // SAFETY: getrandom writes at most `bytes.len()` bytes into the buffer.
            let got = unsafe { libc::getrandom(bytes.as_mut_ptr().cast(), bytes.len(), 0) };
            // Off Unix, the clock's seed below.
            #[cfg(not(unix))]
            let got = 0;
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

/// The cases to run: [`CASES_VAR`]'s, or `default`.
pub fn cases_or(default: u32) -> Result<u32, String> {
    match std::env::var(CASES_VAR) {
        // Zero would pass every test without running it.
        Ok(text) => match text.trim().parse::<u32>() {
            Ok(0) => Err(format!("{CASES_VAR}={text:?}: a run needs at least 1 case")),
            Ok(cases) => Ok(cases),
            Err(e) => Err(format!(
                "{CASES_VAR}={text:?} is not a number of cases: {e}"
            )),
        },
        Err(_) => Ok(default),
    }
}

/// A proptest runner of `cases` cases drawn from `seed`, keeping failing cases by `kept`
/// (and trying those it kept first).
pub fn runner(seed: u64, cases: u32, kept: Option<Box<dyn FailurePersistence>>) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: kept,
        // proptest's default is four per case: a run of few cases would hardly shrink.
        max_shrink_iters: 4096,
        ..Config::default()
    };
    // XorShift, not ChaCha: a test binary is built unoptimised, where ChaCha's vector code was
    // most of a differential test's time (no input here needs a cryptographic generator).
    let mut seed_bytes = [0u8; 16];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    seed_bytes[8..].copy_from_slice(&(!seed).to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::XorShift, &seed_bytes);
    TestRunner::new_with_rng(config, rng)
}

/// Integers of type `T` started at an edge or at random, each shrinking by binary search
/// toward zero (proptest's own shrinking), so a disagreement found at an edge is shrunk to the
/// smallest input that still shows it.
#[derive(Debug, Clone, Copy)]
pub struct Edges<T>(pub std::marker::PhantomData<T>);

macro_rules! edges_int {
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
    )*};
}
edges_int!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
