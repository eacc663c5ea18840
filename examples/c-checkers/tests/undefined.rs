//! Undefined behaviour in C that happens to work: each planted case returns what x86_64 does
//! anyway, so a plain run passes; `--sanitize undefined` (UBSan, print and fail) reports it
//! against its test with the C line (a C body's line is this file's). Each has a correct twin.

use ffi_test::ffi_test;

#[ffi_test(expect = finding("signed-integer-overflow", otherwise = pass), c = r#"
    int next_id(int id) { return id + 1; }   /* planted: INT_MAX + 1 */
"#)]
fn ids__next_after_int_max__then_signed_overflow() {
    extern "C" {
        fn next_id(id: i32) -> i32;
    }
    // SAFETY: plain integers; the overflow is in C and is the subject of the test.
    let next = unsafe { next_id(i32::MAX) };
    assert!(next == i32::MIN || next != 0);
}

#[ffi_test(c = r#"
    #include <limits.h>
    int next_id_checked(int id) { return id == INT_MAX ? -1 : id + 1; }
"#)]
fn ids__next_after_int_max_checked__then_error() {
    extern "C" {
        fn next_id_checked(id: i32) -> i32;
    }
    // SAFETY: plain integers.
    assert_eq!(unsafe { next_id_checked(i32::MAX) }, -1);
}

#[ffi_test(expect = finding("misaligned-access", otherwise = pass), c = r#"
    #include <stdint.h>
    uint32_t word_at(const unsigned char *bytes, int at) {
        return *(const uint32_t *)(bytes + at);   /* planted: misaligned when at % 4 != 0 */
    }
"#)]
fn packet__word_read_at_an_odd_offset__then_misaligned_load() {
    extern "C" {
        fn word_at(bytes: *const u8, at: i32) -> u32;
    }
    let bytes: Vec<u32> = vec![0x0403_0201, 0x0807_0605];
    // SAFETY: the 8 bytes are live; the misaligned read is the subject of the test.
    let word = unsafe { word_at(bytes.as_ptr().cast(), 1) };
    assert_eq!(word, u32::from_le_bytes([2, 3, 4, 5]));
}

#[ffi_test(c = r#"
    #include <stdint.h>
    #include <string.h>
    uint32_t word_at_copied(const unsigned char *bytes, int at) {
        uint32_t word;
        memcpy(&word, bytes + at, sizeof word);
        return word;
    }
"#)]
fn packet__word_copied_from_an_odd_offset__then_value() {
    extern "C" {
        fn word_at_copied(bytes: *const u8, at: i32) -> u32;
    }
    let bytes: Vec<u32> = vec![0x0403_0201, 0x0807_0605];
    // SAFETY: the 8 bytes are live; memcpy reads any alignment.
    let word = unsafe { word_at_copied(bytes.as_ptr().cast(), 1) };
    assert_eq!(word, u32::from_le_bytes([2, 3, 4, 5]));
}

#[ffi_test(expect = finding("shift-out-of-bounds", otherwise = pass), c = r#"
    unsigned flag(int bit) { return 1u << bit; }   /* planted: bit 32 of a 32-bit int */
"#)]
fn flags__bit_32_of_a_32_bit_mask__then_shift_out_of_bounds() {
    extern "C" {
        fn flag(bit: i32) -> u32;
    }
    // SAFETY: a plain integer; the shift is the subject of the test.
    let _ = unsafe { flag(32) };
}

#[ffi_test(expect = finding("index-out-of-bounds", otherwise = pass), c = r#"
    struct table { int slots[4]; int count; };
    int slot(struct table *t, int i) { return t->slots[i]; }   /* planted: i == 4 */
"#)]
fn table__slot_past_the_end__then_index_out_of_bounds() {
    #[repr(C)]
    struct Table {
        slots: [i32; 4],
        count: i32,
    }
    extern "C" {
        fn slot(t: *mut Table, i: i32) -> i32;
    }
    let mut t = Table {
        slots: [1, 2, 3, 4],
        count: 4,
    };
    // SAFETY: a live table; index 4 lands on `count` inside the struct, which is the bug.
    let v = unsafe { slot(&mut t, 4) };
    assert_eq!(v, t.count);
}

#[ffi_test(c = r#"
    struct table2 { int slots[4]; int count; };
    int slot_checked(struct table2 *t, int i) { return i >= 0 && i < 4 ? t->slots[i] : -1; }
"#)]
fn table__slot_past_the_end_checked__then_error() {
    #[repr(C)]
    struct Table {
        slots: [i32; 4],
        count: i32,
    }
    extern "C" {
        fn slot_checked(t: *mut Table, i: i32) -> i32;
    }
    let mut t = Table {
        slots: [1, 2, 3, 4],
        count: 4,
    };
    // SAFETY: a live table.
    assert_eq!(unsafe { slot_checked(&mut t, 4) }, -1);
    assert_eq!(t.count, 4);
}

ffi_test::main!();
