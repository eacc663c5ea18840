//! Checks called by generated tests: plain library code that compares facts gathered by the
//! generated Rust and C, and writes the report.

pub mod bitfield;
pub mod differential;
pub mod generation;
pub mod kind;
pub mod layout;
mod layout_text;
pub mod members;
pub mod probe;
pub mod roundtrip;
pub mod signature;
pub mod surface;
pub mod value;

/// Why test `test`'s check is not made, if its C side says C++ has no name for its type
/// (`ffi_test_protocol::surface::unless_unresolved`), as a not-checked outcome.
pub(crate) fn unresolved(
    ctx: &dyn crate::registry::context::TestContext,
    test: &str,
) -> Option<String> {
    let symbol = ffi_test_protocol::surface::UNRESOLVED_SYMBOL;
    let address = ctx.c_symbol_in(test, symbol).ok()?;
    // SAFETY: the symbol is the generated `const char *ffi_test_unresolved(void)`, returning a
    // string literal or null.
    let f = unsafe {
        std::mem::transmute::<*const (), unsafe extern "C" fn() -> *const std::ffi::c_char>(address)
    };
    // SAFETY: no arguments; the result is a static string or null.
    let why = unsafe { f() };
    if why.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string literal.
    let why = unsafe { std::ffi::CStr::from_ptr(why) }.to_string_lossy();
    Some(crate::registry::outcome::NotChecked::encode(&format!(
        "C++ has no name for this type: {why}"
    )))
}
