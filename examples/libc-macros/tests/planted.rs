//! Twins with planted bugs, each found on generated inputs and reported at the smallest input
//! that shows it (the suite's tests/differential.rs asserts the reports): an alignment rounded
//! wrong only at powers of two, a status byte sign-extended (wrong only when its top bit is
//! set), a C expression that crashes on one input of its range, reported with that input, and
//! one that crashes on many, reported at the simplest after replays in fresh processes; inputs
//! made simpler stay in their parameters' ranges; and properties (`#[ffi_property]`) false at
//! an edge, or crashing in C on some inputs.

use std::ffi::{c_int, c_long};

use ffi_test::{ffi_differential, ffi_property};
use libc_macros::div;

// Planted: rounds a power of two above 8 up once more; every other length is right.
#[ffi_differential(c = "CMSG_ALIGN(len)", expect = fail)]
fn cmsg_align_wrong_at_powers_of_two(len: usize) -> usize {
    if len.is_power_of_two() && len > 8 {
        len + 8
    } else {
        len.wrapping_add(7) & !7
    }
}

// Planted: the exit status byte read as signed: wrong exactly when its top bit (bit 15 of the
// status) is set.
#[ffi_differential(c = "WEXITSTATUS(status)", expect = fail)]
fn wexitstatus_sign_extended(status: c_int) -> c_int {
    ((status >> 8) as i8) as c_int
}

// Planted: the C side dereferences null for one value of the range; the crash is reported with
// the input it ran on.
#[ffi_differential(c = "x == 17 ? *(volatile int *)0 : x", x = 0..=20, expect = crash("SIGSEGV"))]
fn identity_crashing_in_c_at_17(x: c_int) -> c_int {
    x
}

// Planted: the C side dereferences null when two bits are set, on any of the many inputs that
// have both. The crash ends the test process on the first of them, as random as the generator;
// the harness replays simpler inputs in fresh processes and reports the simplest, 0x40100.
#[ffi_differential(
    c = "(x & 0x40100u) == 0x40100u ? *(volatile unsigned *)0 : x",
    expect = crash("SIGSEGV")
)]
fn identity_crashing_in_c_with_two_bits(x: u32) -> u32 {
    x
}

// Planted: wrong for every odd input. The range starts at 1024, so the simplest input showing
// it is 1025, not 1: an input made simpler stays in its parameter's range.
#[ffi_differential(c = "x", x = 1024..=2047u32, expect = fail)]
fn wrong_when_odd_in_a_range(x: u32) -> u32 {
    x + (x & 1)
}

// Planted: C crashes on every odd input, reported at 1025: the replays stay in the range too.
#[ffi_differential(
    c = "(x & 1u) ? *(volatile unsigned *)0 : x",
    x = 1024..=2047u32,
    expect = crash("SIGSEGV")
)]
fn identity_crashing_in_c_when_odd_in_a_range(x: u32) -> u32 {
    x
}

// Planted: a property that is false at one edge: `labs` of the most negative long overflows
// (it is itself), the one input where the assertion fails.
#[ffi_property(expect = fail)]
fn labs_is_never_negative(x: c_long) {
    // SAFETY: labs takes any long.
    let abs = unsafe { libc::labs(x) };
    assert!(abs >= 0, "labs({x}) = {abs}");
}

// Planted: a property calling `div` on any denominator, zero included: C's division traps
// (SIGFPE) on the first input with b = 0, reported at a = 0, b = 0 after replays.
#[ffi_property(expect = crash("SIGFPE"))]
fn div_by_any_denominator(a: c_int, b: c_int) {
    // SAFETY: the planted bug: div's denominator must not be zero.
    let q = unsafe { div(a, b) };
    assert_eq!(q.quot, a.wrapping_div(b));
}

ffi_test::main! { headers: ["<sys/wait.h>", "<sys/socket.h>"] }
