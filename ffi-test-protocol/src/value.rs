//! Constant checks: the C function that writes what the compiler computes for a macro or
//! enumerator, and the layout of what it writes.

/// The generated function: `void ffi_test_value_facts(unsigned long long *out)`.
pub const FACTS_SYMBOL: &str = "ffi_test_value_facts";
/// Values it writes: the expression's kind, its size, then the value's code and the value.
pub const FACTS_LEN: usize = 4;
/// Index of the value's code (one of the codes below) in the facts.
pub const AT_CODE: usize = 2;
/// Index of the value (bits of a float; the address of a string) in the facts.
pub const AT_VALUE: usize = 3;

/// A signed integer, as `long long`.
pub const SIGNED: u64 = 1;
/// An unsigned integer (or `_Bool`), as `unsigned long long`.
pub const UNSIGNED: u64 = 2;
/// A float, as the bits of a `double`.
pub const FLOAT: u64 = 3;
/// A string: the address of its first character.
pub const STRING: u64 = 7;

/// The C helpers `FFI_TEST_VALUE(x, out)` dispatches to (part of the support text).
pub fn c_support() -> String {
    format!(
        r#"static inline __attribute__((unused)) void ffi_test_value_signed(long long v, unsigned long long *o) {{ o[0] = {SIGNED}; o[1] = (unsigned long long)v; }}
static inline __attribute__((unused)) void ffi_test_value_unsigned(unsigned long long v, unsigned long long *o) {{ o[0] = {UNSIGNED}; o[1] = v; }}
static inline __attribute__((unused)) void ffi_test_value_float(double v, unsigned long long *o) {{ o[0] = {FLOAT}; __builtin_memcpy(&o[1], &v, sizeof v); }}
static inline __attribute__((unused)) void ffi_test_value_string(const char *v, unsigned long long *o) {{ o[0] = {STRING}; o[1] = (unsigned long long)(__UINTPTR_TYPE__)v; }}
#ifndef __cplusplus
#define FFI_TEST_VALUE(x, o) _Generic((x), char *: ffi_test_value_string, const char *: ffi_test_value_string, \
    float: ffi_test_value_float, double: ffi_test_value_float, long double: ffi_test_value_float, _Bool: ffi_test_value_unsigned, \
    unsigned char: ffi_test_value_unsigned, unsigned short: ffi_test_value_unsigned, unsigned int: ffi_test_value_unsigned, \
    unsigned long: ffi_test_value_unsigned, unsigned long long: ffi_test_value_unsigned, default: ffi_test_value_signed)((x), (o))
#else
template <typename T> constexpr unsigned long long ffi_test_value_code() {{
    if constexpr (std::is_same_v<T, char *> || std::is_same_v<T, const char *>) return {STRING};
    else if constexpr (std::is_floating_point_v<T>) return {FLOAT};
    else if constexpr (std::is_enum_v<T>) return std::is_signed_v<std::underlying_type_t<T>> ? {SIGNED} : {UNSIGNED};
    else if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) return {UNSIGNED};
    else return {SIGNED};
}}
template <typename T> constexpr unsigned long long ffi_test_value_int(T v) {{
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) return (unsigned long long)v; else return 0;
}}
template <typename T> constexpr double ffi_test_value_real(T v) {{
    if constexpr (std::is_arithmetic_v<T>) return (double)v; else return 0.0;
}}
template <typename T> inline void ffi_test_value_of(T v, unsigned long long *o) {{
    // By value: a `static const` member declared in its class only is read, not bound to a
    // reference (which would need its definition).
    using U = T;
    constexpr unsigned long long code = ffi_test_value_code<U>();
    if constexpr (code == {STRING}) ffi_test_value_string(v, o);
    else if constexpr (code == {FLOAT}) ffi_test_value_float((double)v, o);
    else {{ o[0] = code; o[1] = ffi_test_value_int<U>(v); }}
}}
#define FFI_TEST_VALUE(x, o) ffi_test_value_of((x), (o))
#endif
"#
    )
}

/// The facts function for the C expression `c_name` (a macro or an enumerator).
pub fn c_text(c_name: &str) -> String {
    format!(
        "#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored \"-Wunused-value\"\n\
         FFI_TEST_C_LINKAGE void {FACTS_SYMBOL}(unsigned long long *out) {{ out[0] = FFI_TEST_KIND({c_name}); out[1] = sizeof({c_name}); \
         FFI_TEST_VALUE(({c_name}), out + {AT_CODE}); }}\n#pragma GCC diagnostic pop\n"
    )
}

/// The facts of `c_name` as initialized data named `symbol` (run-free verification reads them
/// from an object compiled for the target): `symbol` holds the first [`AT_VALUE`] facts and
/// an integer's value, `symbol_float` a float's. A string's bytes are not data here: a string
/// constant is compared only by running. `language` is the unit's: C++ reads the value
/// through its type traits, C through `_Generic`. A pointer constant (`SIG_ERR`, a string) has
/// no float: the choice keeps it from being cast to `double`, which C refuses.
pub fn c_static_text(c_name: &str, symbol: &str, language: super::language::Language) -> String {
    if language == super::language::Language::Cpp {
        return format!(
            "FFI_TEST_C_LINKAGE const unsigned long long {symbol}[{FACTS_LEN}] = {{ FFI_TEST_KIND({c_name}), \
             sizeof({c_name}), ffi_test_value_code<std::decay_t<decltype({c_name})>>(), ffi_test_value_int({c_name}) }};\n\
             FFI_TEST_C_LINKAGE const double {symbol}_float = ffi_test_value_real({c_name});\n"
        );
    }
    let code = format!(
        "_Generic(({c_name}), char *: {STRING}, const char *: {STRING}, float: {FLOAT}, double: {FLOAT}, \
         long double: {FLOAT}, _Bool: {UNSIGNED}, unsigned char: {UNSIGNED}, unsigned short: {UNSIGNED}, \
         unsigned int: {UNSIGNED}, unsigned long: {UNSIGNED}, unsigned long long: {UNSIGNED}, default: {SIGNED})"
    );
    let not_int = "char *: 0, const char *: 0, float: 0, double: 0, long double: 0";
    format!(
        "const unsigned long long {symbol}[{FACTS_LEN}] = {{ FFI_TEST_KIND({c_name}), sizeof({c_name}), {code}, \
         (unsigned long long)_Generic(({c_name}), {not_int}, default: ({c_name})) }};\n\
         const double {symbol}_float = (double)__builtin_choose_expr(__builtin_classify_type(({c_name})) == 5, 0, ({c_name}));\n"
    )
}
