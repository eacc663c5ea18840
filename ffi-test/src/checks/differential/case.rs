//! The input a generated-input test is running, recorded for a crash report (written before
//! each case, read by a crash handler), and how a report shows it.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use super::inputs::split_tuple;
use super::SEED_VAR;

/// The input a differential test is running, for a crash report (written before each case,
/// read by a crash handler: plain atomics, no lock).
struct Case {
    len: AtomicUsize,
    text: [AtomicU8; CASE_TEXT],
}

/// Room for an input's text (a buffer of 64 elements of the widest type fits).
pub const CASE_TEXT: usize = 4096;

static CASE: Case = Case {
    len: AtomicUsize::new(0),
    text: [const { AtomicU8::new(0) }; CASE_TEXT],
};

/// Writes the input being run into [`CASE`] as `NAMES` U+001F `DEBUG` U+001F `SEED`, without
/// allocating (it runs before every case): `head` is the names and separator, `tail` the
/// separator and seed, both made once per test.
pub(super) fn record_case(head: &str, input: &dyn Debug, tail: &str) {
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
            ", shrunk from {} in {runs} {}, each in a fresh process",
            named(&names, from),
            if runs == "1" { "run" } else { "runs" }
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

/// An input's `Debug` text (a tuple of the parameters, `(a, b,)`) as `name = value, ...`.
pub(super) fn named(params: &[&str], input: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shrunk_case_says_what_it_was_shrunk_from() {
        let case = "x\u{1f}(77,)\u{1f}00000000000000ab";
        assert_eq!(
            describe_case(case),
            "x = 77 (seed FFI_TEST_SEED=00000000000000ab)"
        );
        let shrunk = case_shrunk(case, "(9,)", 5);
        assert_eq!(case_input(&shrunk), Some("(9,)"));
        assert_eq!(
            describe_case(&shrunk),
            "x = 9, shrunk from x = 77 in 5 runs, each in a fresh process (seed FFI_TEST_SEED=00000000000000ab)"
        );
    }
}
