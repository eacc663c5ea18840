use ffi_test::{signatures_match, value_matches};

#[signatures_match(strict)]
extern "C" {
    fn a(x: i32) -> i32;
}

#[signatures_match]
extern "C" {
    #[signature(expect = sometimes)]
    fn b(x: i32) -> i32;
    #[signature(strict)]
    fn c(x: i32) -> i32;
}

#[signatures_match]
extern "Rust" {
    fn e();
}

#[signatures_match]
struct NotABlock;

// Both mistakes in one compile: the arguments and the item.
#[signatures_match(strict)]
struct NotABlockEither;

#[value_matches(LIMIT)]
const A: u32 = 1;

#[value_matches("LIMIT", strict = true)]
const B: u32 = 1;

#[value_matches("LIMIT")]
static C: u32 = 1;

// The name's error and the malformed rest, together.
#[value_matches("not a name" 7)]
const D: u32 = 1;

fn main() {}
