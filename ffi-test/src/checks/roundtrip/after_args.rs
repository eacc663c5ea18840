//! The value as the Nth argument after N = 1..=16 fillers that alternate `i64` and `f64`, so the
//! integer and the vector argument registers both run out. The C side checks every filler and
//! copies the value out. Written out per N because each N is a different function type.

use std::ffi::c_int;

use super::value::FfiValue;

// Filler k (1-based): odd positions are `i64`, even ones `f64`, valued as the battery's C
// (rendered from the same protocol) checks them.
use ffi_test_protocol::roundtrip::{float_filler, int_filler};

/// One arm per N: the fillers' types and values, in order, then the value and `out`.
macro_rules! calls {
    ($n:ident, $address:ident, $value:ident, $out:ident; $($count:literal => ($($ty:ty = $filler:expr),+);)+) => {
        match $n {
            $($count => {
                let f = std::mem::transmute::<*const (), unsafe extern "C" fn($($ty,)+ T, *mut u8) -> c_int>($address);
                f($($filler,)+ $value, $out) == 1
            })+
            _ => panic!("after-args shapes go from 1 to 16 fillers, not {}", $n),
        }
    };
}

/// Calls the C function `address` (`ffi_rt_after_N`) with the fillers and `value`; returns
/// whether C saw every filler intact. C writes the value's bytes to `out`.
///
/// # Safety
/// `address` must be the generated `ffi_rt_after_N` for `T`, and `out` must have room for a `T`.
pub unsafe fn call<T: FfiValue>(n: usize, address: *const (), value: T, out: *mut u8) -> bool {
    let (i, f) = (int_filler, float_filler);
    // SAFETY: (every arm) the caller guarantees `address` is `ffi_rt_after_{n}` for `T`, whose C
    // prototype is exactly the fn pointer type it is cast to.
    unsafe {
        calls!(n, address, value, out;
            1 => (i64 = i(1));
            2 => (i64 = i(1), f64 = f(2));
            3 => (i64 = i(1), f64 = f(2), i64 = i(3));
            4 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4));
            5 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5));
            6 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6));
            7 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7));
            8 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8));
            9 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9));
            10 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10));
            11 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10), i64 = i(11));
            12 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10), i64 = i(11), f64 = f(12));
            13 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10), i64 = i(11), f64 = f(12), i64 = i(13));
            14 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10), i64 = i(11), f64 = f(12), i64 = i(13), f64 = f(14));
            15 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10), i64 = i(11), f64 = f(12), i64 = i(13), f64 = f(14), i64 = i(15));
            16 => (i64 = i(1), f64 = f(2), i64 = i(3), f64 = f(4), i64 = i(5), f64 = f(6), i64 = i(7), f64 = f(8), i64 = i(9), f64 = f(10), i64 = i(11), f64 = f(12), i64 = i(13), f64 = f(14), i64 = i(15), f64 = f(16));
        )
    }
}
