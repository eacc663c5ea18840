//! Names shared by whole-surface checks (`check_surface!`) and the runtime.
//!
//! A Rust binding names a C type by one identifier, which C may know as a tag (`struct foo`) or
//! as a typedef (`foo`); only the headers can tell. A check asks the runtime's prelude (made
//! from the headers, like prototypes) to define a macro spelling the type as C knows it.

/// In a fragment's prototype requests: resolve the C type named by the rest of the entry.
const TYPE_REQUEST: &str = "type:";

/// The prototype request for the C type Rust names `name`.
pub fn type_request(name: &str) -> String {
    format!("{TYPE_REQUEST}{name}")
}

/// The name [`type_request`] asked about, if `request` is one (else a function's prototype).
pub fn type_of_request(request: &str) -> Option<&str> {
    request.strip_prefix(TYPE_REQUEST)
}

/// The macro the prelude defines as the C spelling of the type Rust names `name`:
/// `struct name`, `union name`, `enum name`, or `name` (a typedef).
pub fn type_macro(name: &str) -> String {
    format!("FFI_TEST_C_TYPE_{name}")
}

/// Values a bit-field's facts take: first bit, last bit, number of bits set.
pub const BITFIELD_FACTS: usize = 3;

/// The C helper that finds the bits a bit-field occupies (after `-1` is stored in it in an
/// otherwise zeroed value), numbered from the first byte's least significant bit.
pub const BITS_HELPER: &str = "ffi_test_bits";

/// C text of [`BITS_HELPER`]; the runtime computes the same facts from Rust's bytes.
pub fn c_support() -> String {
    format!(
        "static __attribute__((unused)) void {BITS_HELPER}(const unsigned char *p, unsigned long n, unsigned long long *out) {{\n\
         \x20   unsigned long long first = ~0ULL, last = 0, count = 0;\n\
         \x20   for (unsigned long long i = 0; i < 8ULL * n; i++)\n\
         \x20       if ((p[i / 8] >> (i % 8)) & 1) {{ if (first == ~0ULL) first = i; last = i; count++; }}\n\
         \x20   out[0] = first; out[1] = last; out[2] = count;\n\
         }}\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_type_request_reads_back_and_a_function_is_not_one() {
        assert_eq!(
            super::type_of_request(&super::type_request("png_struct")),
            Some("png_struct")
        );
        assert_eq!(super::type_of_request("png_create_read_struct"), None);
    }
}
