use ffi_test::ffi_differential;

// A struct named with its C type that is no round-trip type: it cannot be generated.
#[derive(Clone, Copy)]
pub struct Plain {
    pub x: i32,
}

#[ffi_differential(c = "p.x", p = "struct plain")]
fn not_generated(p: Plain) -> i32 {
    p.x
}

ffi_test::main! {}

