//! The kinds of C values, as the generated C reports them (`FFI_TEST_KIND`) and the runtime's
//! `Kind` enum reads them, and the C support macros that compute them.

/// A signed integer (including `char` where it is signed).
pub const SIGNED_INT: u64 = 1;
/// An unsigned integer.
pub const UNSIGNED_INT: u64 = 2;
/// `float`, `double`, `long double`.
pub const FLOAT: u64 = 3;
/// `_Bool`.
pub const BOOL: u64 = 4;
/// A data pointer.
pub const POINTER: u64 = 5;
/// A function pointer.
pub const FN_POINTER: u64 = 6;
/// An array.
pub const ARRAY: u64 = 7;
/// A struct.
pub const RECORD: u64 = 8;
/// A union.
pub const UNION: u64 = 9;
/// Anything else.
pub const OTHER: u64 = 10;
/// A Rust fieldless enum (never reported by C: its C counterpart is an integer).
pub const ENUM: u64 = 11;
/// A type of another crate with no C kind of its own (never reported by C): an aggregate or an
/// enum, so it stands for a C struct, union or integer; its offset and size still count.
pub const FOREIGN: u64 = 12;
/// A GCC `transparent_union` (a parameter type only): passed as its first member, so a pointer or
/// integer of its size stands for it.
pub const TRANSPARENT_UNION: u64 = 13;
/// A character of a language that does not say its sign (Python's ctypes `c_char`, `c_wchar`;
/// never reported by C): it stands for a C integer of either signedness, as `char` is signed on
/// some targets and unsigned on others.
pub const CHAR: u64 = 14;
/// A union whose members are all data pointers of the union's size (never reported by C): a
/// binding's wrapper of one pointer (ctypesgen's `String` for `char *`), passed and stored as
/// that pointer, so it stands for a C pointer or a C union.
pub const POINTER_UNION: u64 = 15;
/// A C++ class passed and returned through a hidden pointer (a parameter or return type only):
/// non-trivial for the purposes of calls (Itanium C++ ABI: a non-trivial copy or move
/// constructor or destructor, or none of them usable), which no Rust type is passed as.
pub const INDIRECT: u64 = 16;

/// A kind and its array element as one number in a facts record: the kind's code in bits 0-7,
/// the element's kind code in bits 8-15 (0: none), the element's size from bit 16. The one
/// encoder of that packing (generated code calls it in constants); [`unpack_facts`] the one
/// decoder.
pub const fn pack_facts(kind: u64, element_kind: u64, element_size: u64) -> u64 {
    (kind & 0xff) | (element_kind & 0xff) << 8 | element_size << 16
}

/// The kind code, element kind code and element size [`pack_facts`] packed.
pub const fn unpack_facts(facts: u64) -> (u64, u64, u64) {
    (facts & 0xff, (facts >> 8) & 0xff, facts >> 16)
}

/// The C macros every generated unit starts with: a value's kind (the codes above), with arrays
/// told apart before they decay, function pointers told apart from data pointers through
/// parameter adjustment (never dereferencing an opaque or `void` pointer), and an array's
/// element. Types only: nothing is evaluated. `__int128` is classified only where the target
/// has it (not on 32-bit targets). `__builtin_classify_type` calls `_Bool` an integer (1) in
/// GCC and a boolean (4) in clang: both go to the integer kinds.
pub fn c_support() -> String {
    format!(
        r#"#include <stddef.h>
#ifndef __cplusplus
#define FFI_TEST_IS_ARRAY(x) (!__builtin_types_compatible_p(__typeof__(x), __typeof__((0, (x)))))
#define FFI_TEST_IS_VOID_PTR(x) _Generic((0, (x)), void *: 1, const void *: 1, volatile void *: 1, const volatile void *: 1, default: 0)
#define FFI_TEST_CLASS(x) __builtin_classify_type((0, (x)))
#define FFI_TEST_PTR_OR_CHAR(x) __builtin_choose_expr(FFI_TEST_CLASS(x) == 5 && !FFI_TEST_IS_ARRAY(x) && !FFI_TEST_IS_VOID_PTR(x), (x), (char *)0)
#define FFI_TEST_PTE(x) __typeof__(*FFI_TEST_PTR_OR_CHAR(x))
#define FFI_TEST_IS_FN_PTR(x) __builtin_types_compatible_p(void (*)(FFI_TEST_PTE(x)), void (*)(FFI_TEST_PTE(x) *))
#ifdef __SIZEOF_INT128__
#define FFI_TEST_INT128_KINDS __int128: {SIGNED_INT}, unsigned __int128: {UNSIGNED_INT},
#else
#define FFI_TEST_INT128_KINDS
#endif
#define FFI_TEST_INT_KIND(x) _Generic((0, (x)), _Bool: {BOOL}, char: ((char)-1 < 0 ? {SIGNED_INT} : {UNSIGNED_INT}), signed char: {SIGNED_INT}, short: {SIGNED_INT}, int: {SIGNED_INT}, long: {SIGNED_INT}, long long: {SIGNED_INT}, unsigned char: {UNSIGNED_INT}, unsigned short: {UNSIGNED_INT}, unsigned int: {UNSIGNED_INT}, unsigned long: {UNSIGNED_INT}, unsigned long long: {UNSIGNED_INT}, FFI_TEST_INT128_KINDS default: {OTHER})
#define FFI_TEST_KIND(x) (FFI_TEST_IS_ARRAY(x) ? {ARRAY} : FFI_TEST_CLASS(x) == 1 || FFI_TEST_CLASS(x) == 4 ? FFI_TEST_INT_KIND(x) : FFI_TEST_CLASS(x) == 8 ? {FLOAT} : FFI_TEST_CLASS(x) == 5 ? (FFI_TEST_IS_FN_PTR(x) ? {FN_POINTER} : {POINTER}) : FFI_TEST_CLASS(x) == 12 ? {RECORD} : FFI_TEST_CLASS(x) == 13 ? {UNION} : {OTHER})
#define FFI_TEST_ELEM(x) (*__builtin_choose_expr(FFI_TEST_IS_ARRAY(x), (x), (char *)0))
#define FFI_TEST_PASSED_KIND(x) FFI_TEST_KIND(x)
#define FFI_TEST_POINTEE(x) (FFI_TEST_CLASS(x) != 5 || FFI_TEST_IS_ARRAY(x) || FFI_TEST_IS_FN_PTR(x) ? 0ULL : FFI_TEST_IS_VOID_PTR(x) ? {pointee_void}ULL : (unsigned long long)FFI_TEST_KIND(*FFI_TEST_PTR_OR_CHAR(x)) | (unsigned long long)sizeof(*FFI_TEST_PTR_OR_CHAR(x)) << 16)
#define FFI_TEST_C_LINKAGE
#else
{cpp}#endif
{values}{bits}{members}{conventions}"#,
        cpp = cpp_support(),
        pointee_void = super::signature::POINTEE_VOID,
        conventions = super::signature::c_support(),
        values = super::value::c_support(),
        members = super::members::c_support(),
        bits = super::surface::c_support()
    )
}

/// The same macros for a C++ unit (C++ types' layouts), through the type traits: a kind per
/// type as the C macros classify it (an enum as its underlying integer, as C sees an enum).
fn cpp_support() -> String {
    format!(
        r#"#include <cstddef>
#include <type_traits>
template <typename T> using ffi_test_bare = std::remove_cv_t<std::remove_reference_t<T>>;
template <typename T> constexpr unsigned long long ffi_test_kind_of() {{
    if constexpr (std::is_array_v<T>) return {ARRAY};
    else if constexpr (std::is_same_v<T, bool>) return {BOOL};
    else if constexpr (std::is_enum_v<T>) return std::is_signed_v<std::underlying_type_t<T>> ? {SIGNED_INT} : {UNSIGNED_INT};
    else if constexpr (std::is_integral_v<T>) return std::is_signed_v<T> ? {SIGNED_INT} : {UNSIGNED_INT};
    else if constexpr (std::is_floating_point_v<T>) return {FLOAT};
    else if constexpr (std::is_pointer_v<T>) return std::is_function_v<std::remove_pointer_t<T>> ? {FN_POINTER} : {POINTER};
    else if constexpr (std::is_union_v<T>) return {UNION};
    else if constexpr (std::is_class_v<T>) return {RECORD};
    else return {OTHER};
}}
// How a member of type T is stored: a reference as a pointer to what it refers to.
template <typename T> struct ffi_test_storage {{ typedef T type; }};
template <typename T> struct ffi_test_storage<T &> {{ typedef T *type; }};
template <typename T> struct ffi_test_storage<T &&> {{ typedef T *type; }};
template <typename T> using ffi_test_stored = typename ffi_test_storage<T>::type;
template <typename T> struct ffi_test_elem {{ typedef char type; }};
template <typename T, std::size_t N> struct ffi_test_elem<T[N]> {{ typedef T type; }};
template <typename T> struct ffi_test_elem<T[]> {{ typedef T type; }};
// Where base class B starts in D (a pointer converted at a nonzero address: a null one stays
// null), or all ones where B is not a base of D.
template <typename B, typename D> inline unsigned long long ffi_test_base_offset() {{
    if constexpr (std::is_base_of_v<B, D>) return (unsigned long long)((const char *)static_cast<const B *>((const D *)64) - (const char *)64);
    else return ~0ULL;
}}
template <typename T> constexpr bool ffi_test_trivial_for_calls() {{
    return std::is_trivially_destructible_v<T>
        && (std::is_copy_constructible_v<T> || std::is_move_constructible_v<T>)
        && (!std::is_copy_constructible_v<T> || std::is_trivially_copy_constructible_v<T>)
        && (!std::is_move_constructible_v<T> || std::is_trivially_move_constructible_v<T>);
}}
// A parameter's or return's kind as the call passes it: a class non-trivial for the purposes of
// calls goes through a hidden pointer.
template <typename T> constexpr unsigned long long ffi_test_passed_kind() {{
    if constexpr ((std::is_class_v<T> || std::is_union_v<T>) && !ffi_test_trivial_for_calls<T>()) return {INDIRECT};
    else return ffi_test_kind_of<T>();
}}
#define FFI_TEST_PASSED_KIND(x) ffi_test_passed_kind<ffi_test_bare<decltype(x)>>()
#define FFI_TEST_POINTEE(x) 0ULL
#define FFI_TEST_KIND(x) ffi_test_kind_of<ffi_test_bare<decltype(x)>>()
#define FFI_TEST_ELEM(x) (*(typename ffi_test_elem<ffi_test_bare<decltype(x)>>::type *)0)
#define _Alignof(t) alignof(t)
#define FFI_TEST_C_LINKAGE extern "C"
// `offsetof` a class with virtual functions is conditionally supported: GCC and clang do.
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
"#
    )
}

#[cfg(test)]
mod packing_tests {
    use super::*;

    #[test]
    fn facts_round_trip() {
        for (kind, element, size) in [
            (ARRAY, SIGNED_INT, 4),
            (RECORD, 0, 0),
            (ARRAY, ARRAY, 1 << 40),
        ] {
            assert_eq!(
                unpack_facts(pack_facts(kind, element, size)),
                (kind, element, size)
            );
        }
        // A kind alone is its own code: what the generated C compares against.
        assert_eq!(pack_facts(POINTER, 0, 0), POINTER);
    }
}
