//! The C++ exception in flight: thrown by a C++ body and not (yet) caught by C++. Rust cannot
//! catch a foreign exception; one that unwinds out of an `extern "C"` function into Rust aborts
//! the process ("Rust cannot catch foreign exceptions") after the stack that threw it is gone,
//! so the C++ units record each throw as it happens, for the crash report to name.
//!
//! A C++ unit is linked with `__cxa_throw` and `__cxa_begin_catch` wrapped
//! ([`SUPPORT`]): a throw writes the exception's type, its `what()` and the address it was
//! thrown from into [`THROWN`] (through the unit's `ffi_test_cpp_sink`, which [`watch`] points
//! at it when the object is loaded); a C++ `catch` that takes one clears it. The other loaded
//! objects' imports of the two are pointed at the unit's wrappers when it loads
//! (`os::rebind`), so a library's throws and catches are seen too; a library loaded later, and
//! a rethrow (`throw;`), are not.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// Room for the exception's type and `what()`.
pub const TEXT: usize = 1024;

/// The exception in flight, as the C++ support writes it: `struct { unsigned long at; char
/// text[TEXT]; }`, `text` being `type` U+001F `what()`, NUL-terminated, empty when none.
/// Written by throwing threads (the C++ side writes plain bytes), read by a crash report.
#[repr(C)]
pub struct Thrown {
    at: AtomicUsize,
    text: [AtomicU8; TEXT],
}

/// This process's record of the exception in flight.
pub static THROWN: Thrown = Thrown {
    at: AtomicUsize::new(0),
    text: [const { AtomicU8::new(0) }; TEXT],
};

/// The variable a C++ unit writes through, set by [`watch`].
const SINK: &[u8] = b"ffi_test_cpp_sink";

/// The C++ a C++ unit starts with: the wrappers its link (`LINK_FLAGS`) routes throws and
/// catches through.
pub const SUPPORT: &str = r#"#line 1 "<ffi-test C++ support>"
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>
#include <cxxabi.h>
extern "C" {
struct ffi_test_cpp_thrown { unsigned long at; char text[1024]; };
__attribute__((visibility("default"))) struct ffi_test_cpp_thrown *ffi_test_cpp_sink;
__attribute__((noreturn)) void __real___cxa_throw(void *, std::type_info *, void (*)(void *));
void *__real___cxa_begin_catch(void *) noexcept;
__attribute__((visibility("default"), noreturn)) void
__wrap___cxa_throw(void *object, std::type_info *type, void (*destroy)(void *)) {
    struct ffi_test_cpp_thrown *sink = ffi_test_cpp_sink;
    if (sink) {
        int status = 0;
        char *name = abi::__cxa_demangle(type->name(), 0, 0, &status);
        const char *what = "";
#ifdef __GLIBCXX__
        void *base = object;
        if (typeid(std::exception).__do_catch(type, &base, 1))
            what = static_cast<std::exception *>(base)->what();
#endif
        sink->at = (unsigned long)__builtin_return_address(0);
        std::snprintf(sink->text, sizeof sink->text, "%s\x1f%s", name ? name : type->name(), what);
        std::free(name);
    }
    __real___cxa_throw(object, type, destroy);
}
__attribute__((visibility("default"))) void *__wrap___cxa_begin_catch(void *exception) noexcept {
    if (ffi_test_cpp_sink) ffi_test_cpp_sink->text[0] = 0;
    return __real___cxa_begin_catch(exception);
}
}
"#;

/// What a C++ unit's link adds: the throws and catches of its code through [`SUPPORT`].
pub const LINK_FLAGS: [&str; 2] = ["-Wl,--wrap=__cxa_throw", "-Wl,--wrap=__cxa_begin_catch"];

/// Points the C++ support of `library` (a C++ unit; a C unit has none) at [`THROWN`], and the
/// throws and catches of every other loaded object (the libraries under test, the C++ runtime,
/// C++ linked into the test binary) at the unit's wrappers, so a library's throw is recorded
/// too. The unit's own calls are wrapped by its link; rebinding its slots would make its
/// wrapper call itself, so objects defining the wrapper are left alone.
#[cfg(unix)]
pub fn watch(library: &libloading::os::unix::Library) {
    // SAFETY: the symbol, where it exists, is the support's `struct ffi_test_cpp_thrown *`,
    // written once here before any test code runs; `Thrown` has its layout.
    let watched = unsafe {
        match library.get::<*mut *const Thrown>(SINK) {
            Ok(sink) => {
                **sink = &THROWN;
                true
            }
            Err(_) => false,
        }
    };
    if !watched {
        return;
    }
    for (symbol, wrapper) in [
        (c"__cxa_throw", c"__wrap___cxa_throw"),
        (c"__cxa_begin_catch", c"__wrap___cxa_begin_catch"),
    ] {
        // SAFETY: the wrapper is the support's, of the wrapped function's type (SUPPORT); the
        // child is loading its C before any test code runs, so no thread throws meanwhile.
        unsafe {
            if let Ok(to) = library.get::<*const ()>(wrapper.to_bytes()) {
                crate::os::rebind::rebind(symbol, *to, c"__wrap___cxa_throw");
            }
        }
    }
}

/// Copies the exception in flight into `out` (async-signal-safe: a crash handler calls it):
/// the address it was thrown from and the length of its text, newlines made spaces; `None`
/// when none is.
pub fn copy_into(out: &mut [u8]) -> Option<(usize, usize)> {
    let mut len = 0;
    for (slot, byte) in out.iter_mut().zip(&THROWN.text) {
        match byte.load(Ordering::Relaxed) {
            0 => break,
            b'\n' => *slot = b' ',
            b => *slot = b,
        }
        len += 1;
    }
    (len > 0).then(|| (THROWN.at.load(Ordering::Relaxed), len))
}
