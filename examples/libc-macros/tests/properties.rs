//! Properties of glibc's functions through the libc crate's bindings (`#[ffi_property]`): each
//! body calls C on generated inputs (numbers, and buffers as `&[u8]`) and asserts what must
//! hold; `qsort` calls back into Rust.

use std::ffi::{c_char, c_int, c_void, CStr};

use ffi_test::ffi_property;
use libc_macros::div;

// In the C locale the character classes are ASCII's, as Rust's `is_ascii_*` say.
#[ffi_property(c = 0..=255)]
fn ctype_classes_are_asciis(c: c_int) {
    let byte = c as u8;
    // SAFETY: each takes any value of unsigned char.
    let classes = unsafe {
        [
            (libc::isalpha(c), byte.is_ascii_alphabetic()),
            (libc::isdigit(c), byte.is_ascii_digit()),
            (libc::isxdigit(c), byte.is_ascii_hexdigit()),
            (libc::isalnum(c), byte.is_ascii_alphanumeric()),
            (libc::isupper(c), byte.is_ascii_uppercase()),
            (libc::islower(c), byte.is_ascii_lowercase()),
            (libc::ispunct(c), byte.is_ascii_punctuation()),
            (libc::iscntrl(c), byte.is_ascii_control()),
        ]
    };
    for (i, (c_says, rust_says)) in classes.into_iter().enumerate() {
        assert_eq!(c_says != 0, rust_says, "class {i} of {c}");
    }
    // SAFETY: as above.
    let (upper, lower) = unsafe { (libc::toupper(c), libc::tolower(c)) };
    assert_eq!(upper, byte.to_ascii_uppercase() as c_int);
    assert_eq!(lower, byte.to_ascii_lowercase() as c_int);
}

// `snprintf("%lld")` writes what Rust's `Display` writes, and `strtoll` reads it back.
#[ffi_property]
fn printed_and_parsed_back(x: i64) -> Result<(), String> {
    let mut buf = [0 as c_char; 32];
    // SAFETY: the buffer's length is passed; the format takes one long long.
    let n = unsafe { libc::snprintf(buf.as_mut_ptr(), buf.len(), c"%lld".as_ptr(), x) };
    // SAFETY: snprintf wrote a NUL-terminated string into `buf`.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap();
    if n as usize != text.len() || text != x.to_string() {
        return Err(format!("snprintf wrote {text:?} ({n})"));
    }
    let mut end: *mut c_char = std::ptr::null_mut();
    // SAFETY: `buf` is a NUL-terminated string; `end` receives a pointer into it.
    let back = unsafe { libc::strtoll(buf.as_ptr(), &mut end, 10) };
    match back == x && end == buf[text.len()..].as_mut_ptr() {
        true => Ok(()),
        false => Err(format!("strtoll read {back} from {text:?}")),
    }
}

// `strnlen` stops at the first NUL or at its bound, whichever comes first.
#[ffi_property(len = 0..=64usize, max = 0..=80usize)]
fn strnlen_stops_at_nul_or_bound(len: usize, max: usize) {
    let mut text = vec![b'a' as c_char; len];
    text.push(0);
    // SAFETY: `text` holds `len + 1` bytes, a NUL among them; strnlen reads at most up to it.
    let n = unsafe { libc::strnlen(text.as_ptr(), max) };
    assert_eq!(n, len.min(max));
}

// `memchr` finds the first occurrence that Rust's `position` finds, in generated buffers.
#[ffi_property(haystack = 0..=256)]
fn memchr_finds_the_first(haystack: &[u8], needle: u8) {
    // SAFETY: `haystack` is readable for its length.
    let found = unsafe { libc::memchr(haystack.as_ptr().cast(), needle as c_int, haystack.len()) };
    let at = (!found.is_null()).then(|| found as usize - haystack.as_ptr() as usize);
    assert_eq!(at, haystack.iter().position(|&b| b == needle));
}

// `div` rounds toward zero as Rust's `/` and `%` do (b > 0: no division by zero, no overflow).
#[ffi_property(b = 1..=c_int::MAX)]
fn div_agrees_with_rust(a: c_int, b: c_int) {
    // SAFETY: div takes any numerator and a nonzero denominator.
    let q = unsafe { div(a, b) };
    assert_eq!((q.quot, q.rem), (a / b, a % b));
}

extern "C" fn compare(a: *const c_void, b: *const c_void) -> c_int {
    // SAFETY: qsort passes pointers to two elements of the `c_int` array it sorts.
    let (a, b) = unsafe { (*a.cast::<c_int>(), *b.cast::<c_int>()) };
    a.cmp(&b) as c_int
}

// `qsort` (C calling back into Rust for each comparison) sorts as `sort` does.
#[ffi_property(len = 0..=40usize)]
fn qsort_sorts_as_rust_does(seed: u64, len: usize) {
    let mut state = seed | 1;
    let mut values: Vec<c_int> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as c_int % 100
        })
        .collect();
    let mut expected = values.clone();
    expected.sort();
    let size = std::mem::size_of::<c_int>();
    // SAFETY: `values` holds `len` elements of `size` bytes; `compare` reads two of them.
    unsafe { libc::qsort(values.as_mut_ptr().cast(), len, size, Some(compare)) };
    assert_eq!(values, expected);
}

ffi_test::main! {}
