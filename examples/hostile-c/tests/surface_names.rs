//! Link names of a bindings file that are not C names are never pasted into C: the item is
//! listed as not checked with the reason, and the other items are checked as usual.

mod sys {
    #![allow(dead_code)]
    include!("surface_names/bindings.rs");
}

ffi_test::check_surface!(sys, file = "tests/surface_names/bindings.rs");
ffi_test::main! { headers: ["<stdlib.h>", "<termios.h>"] }
