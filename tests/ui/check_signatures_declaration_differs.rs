mod sys {
    extern "C" {
        pub fn f(x: i32) -> i32;
    }
}

ffi_test::check_signatures!(sys {
    fn f(x: i64) -> i32;
});

fn main() {}
