// Every name ffi-test pastes into generated C must be one C reads as a name and nothing more.
use ffi_test::{ffi_test, layout_matches, value_matches};

#[repr(C)]
#[layout_matches("struct point")]
pub struct Renamed {
    #[layout(rename = "x;\n#error injected")]
    pub x: i32,
    #[cfg_attr(all(), layout(rename = "y) + system(\"id\")"))]
    pub y: i32,
    #[layout(rename = "inner.values[2]")]
    pub fine: i32,
}

#[repr(u32)]
#[layout_matches("enum colour", prefix = "COLOUR \n")]
pub enum Colour {
    Red,
}

#[value_matches("MAX; int x")]
const MAX: i32 = 1;

#[ffi_test::signatures_match]
extern "C" {
    #[link_name = "abs\n#error injected"]
    fn abs(x: i32) -> i32;
}

#[ffi_test(c = "int f(void) { return 1; }")]
fn names__link_name_with_a_newline__then_refused() {
    extern "C" {
        #[link_name = "f\n#error"]
        fn f() -> i32;
    }
}

#[ffi_test(c = "int g(void) { return 1; }", headers = ["stdio.h\"\n#define INJECTED 42", "<stdlib.h"])]
fn names__header_that_ends_its_include_line__then_refused() {}

mod config {
    ffi_test::main! { headers: ["lib.h\"\n#define INJECTED 42", "<ok.h>"] }
}

fn main() {}
