use ffi_test::ffi_property;

// A C expression: a property has none (its body calls C).
#[ffi_property(c = "abs(x)")]
fn with_c_expression(x: i32) {
    let _ = x;
}

// A parameter type that cannot be generated.
#[ffi_property]
fn pointer_parameter(p: *const u8) {
    let _ = p;
}

// A return that is neither nothing nor a `Result`.
#[ffi_property]
fn returns_a_number(x: i32) -> i32 {
    x
}

// A range for a parameter the function does not have, and a count of zero cases.
#[ffi_property(y = 0..=4, cases = 0)]
fn unknown_range(x: i32) {
    let _ = x;
}

// Not a function.
#[ffi_property]
struct NotAFunction;

// A method-like `self`.
struct S;
impl S {
    #[ffi_property]
    fn method(&self, x: i32) {
        let _ = x;
    }
}

fn main() {}
