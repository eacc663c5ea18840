//! The value as the Nth argument after N = 1..=16 fillers that alternate `i64` and `f64`, so the
//! integer and the vector argument registers both run out. The C side checks every filler and
//! copies the value out. Written out per N because each N is a different function type.

use std::ffi::c_int;

use super::value::FfiValue;

/// Filler k (1-based): odd positions are `i64`, even ones `f64`; the C text (macro side)
/// checks the same values.
pub const fn int_filler(k: i64) -> i64 {
    k * 0x0101_0101
}

pub const fn float_filler(k: i64) -> f64 {
    k as f64 + 0.5
}

/// Calls the C function `address` (`ffi_rt_after_N`) with the fillers and `value`; returns
/// whether C saw every filler intact. C writes the value's bytes to `out`.
///
/// # Safety
/// `address` must be the generated `ffi_rt_after_N` for `T`, and `out` must have room for a `T`.
pub unsafe fn call<T: FfiValue>(n: usize, address: *const (), value: T, out: *mut u8) -> bool {
    // SAFETY (all arms): the caller guarantees `address` is `ffi_rt_after_{n}` for `T`, whose C
    // prototype is exactly the fn pointer type it is cast to.
    unsafe {
        match n {
            1 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, T, *mut u8) -> c_int,
                >(address);
                f(int_filler(1), value, out) == 1
            }
            2 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, f64, T, *mut u8) -> c_int,
                >(address);
                f(int_filler(1), float_filler(2), value, out) == 1
            }
            3 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, f64, i64, T, *mut u8) -> c_int,
                >(address);
                f(int_filler(1), float_filler(2), int_filler(3), value, out) == 1
            }
            4 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, f64, i64, f64, T, *mut u8) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    value,
                    out,
                ) == 1
            }
            5 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, f64, i64, f64, i64, T, *mut u8) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    value,
                    out,
                ) == 1
            }
            6 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, f64, i64, f64, i64, f64, T, *mut u8) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    value,
                    out,
                ) == 1
            }
            7 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(i64, f64, i64, f64, i64, f64, i64, T, *mut u8) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    value,
                    out,
                ) == 1
            }
            8 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    value,
                    out,
                ) == 1
            }
            9 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    value,
                    out,
                ) == 1
            }
            10 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    value,
                    out,
                ) == 1
            }
            11 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    int_filler(11),
                    value,
                    out,
                ) == 1
            }
            12 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    int_filler(11),
                    float_filler(12),
                    value,
                    out,
                ) == 1
            }
            13 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    int_filler(11),
                    float_filler(12),
                    int_filler(13),
                    value,
                    out,
                ) == 1
            }
            14 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    int_filler(11),
                    float_filler(12),
                    int_filler(13),
                    float_filler(14),
                    value,
                    out,
                ) == 1
            }
            15 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    int_filler(11),
                    float_filler(12),
                    int_filler(13),
                    float_filler(14),
                    int_filler(15),
                    value,
                    out,
                ) == 1
            }
            16 => {
                let f = std::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        i64,
                        f64,
                        T,
                        *mut u8,
                    ) -> c_int,
                >(address);
                f(
                    int_filler(1),
                    float_filler(2),
                    int_filler(3),
                    float_filler(4),
                    int_filler(5),
                    float_filler(6),
                    int_filler(7),
                    float_filler(8),
                    int_filler(9),
                    float_filler(10),
                    int_filler(11),
                    float_filler(12),
                    int_filler(13),
                    float_filler(14),
                    int_filler(15),
                    float_filler(16),
                    value,
                    out,
                ) == 1
            }
            _ => panic!("after-args shapes go from 1 to 16 fillers, not {n}"),
        }
    }
}
