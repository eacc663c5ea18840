use ffi_test::ffi_differential;

// No C expression.
#[ffi_differential]
fn no_c(x: u32) -> u32 {
    x
}

// A parameter type that cannot be generated (an alias the macro cannot see through).
#[ffi_differential(c = "major(dev)")]
fn alias_parameter(dev: libc::dev_t) -> u32 {
    dev as u32
}

// Nothing returned: nothing to compare.
#[ffi_differential(c = "f(x)")]
fn no_result(x: i32) {
    let _ = x;
}

// A range for a parameter the function does not have, and a count of zero cases.
#[ffi_differential(c = "g(x)", y = 0..=4, cases = 0)]
fn unknown_range(x: i32) -> i32 {
    x
}

// A buffer the function would write, and a buffer of what cannot be generated.
#[ffi_differential(c = "h(data, data_len)")]
fn mutable_buffer(data: &mut [u8]) -> u32 {
    data.len() as u32
}

#[ffi_differential(c = "h(names, names_len)")]
fn buffer_of_strings(names: &[String]) -> u32 {
    names.len() as u32
}

// A struct whose C type the attribute does not name; a number given a C type; a struct the
// function would write.
#[derive(Clone, Copy)]
pub struct Point {
    pub x: i32,
}

#[ffi_differential(c = "p.x")]
fn unnamed_struct(p: Point) -> i32 {
    p.x
}

#[ffi_differential(c = "x", x = "int")]
fn number_with_a_c_type(x: i32) -> i32 {
    x
}

#[ffi_differential(c = "p->x", p = "struct point")]
fn written_struct(p: &mut Point) -> i32 {
    p.x
}

// Not a function.
#[ffi_differential(c = "LIMIT")]
const LIMIT: u32 = 4;

fn main() {}
