//! Twins with planted bugs, each found on generated inputs and reported at the smallest input
//! that shows it (the suite's tests/differential.rs asserts the reports): an alignment rounded
//! wrong only at powers of two, a status byte sign-extended (wrong only when its top bit is
//! set), and a C expression that crashes on one input of its range, reported with that input.

use std::ffi::c_int;

use ffi_test::ffi_differential;

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

ffi_test::main! { headers: ["<sys/wait.h>", "<sys/socket.h>"] }
