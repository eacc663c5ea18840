//! C++ bodies (`cpp = r#"..."#`): compiled by the C++ compiler, their `extern "C"` functions
//! bound to each test's `extern` block as a C body's are.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(cpp = r#"
    #include <numeric>
    #include <vector>

    template <typename T> T total(const T *items, int n) {
        return std::accumulate(items, items + n, T{});
    }

    extern "C" long long total_i64(const long long *items, int n) { return total(items, n); }
    extern "C" double total_f64(const double *items, int n) { return total(items, n); }
"#)]
fn template__summed_for_two_types__then_each_instance_answers() {
    extern "C" {
        fn total_i64(items: *const i64, n: c_int) -> i64;
        fn total_f64(items: *const f64, n: c_int) -> f64;
    }
    let ints = [1i64, 2, 3, 40];
    let floats = [0.5f64, 0.25];
    // SAFETY: each pointer and count describe a live array.
    unsafe {
        assert_eq!(total_i64(ints.as_ptr(), 4), 46);
        assert_eq!(total_f64(floats.as_ptr(), 2), 0.75);
    }
}

#[ffi_test(cpp = r#"
    #include <memory>
    #include <string>

    static int live = 0;
    struct Tracked {
        std::string name;
        explicit Tracked(const char *n) : name(n) { ++live; }
        ~Tracked() { --live; }
    };

    extern "C" int scoped_lifetimes(void) {
        int inside = 0;
        {
            auto a = std::make_unique<Tracked>("a");
            std::shared_ptr<Tracked> b = std::make_shared<Tracked>("b");
            auto c = b;
            inside = live;
        }
        return inside * 10 + live;
    }
"#)]
fn raii__objects_leave_scope__then_every_destructor_ran() {
    extern "C" {
        fn scoped_lifetimes() -> c_int;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { scoped_lifetimes() }, 20);
}

#[ffi_test(cpp = r#"
    #include <functional>

    typedef int (*rust_fn)(int);

    extern "C" int map_sum(rust_fn f, int n) {
        std::function<int(int)> call = f;
        int sum = 0;
        for (int i = 1; i <= n; ++i) sum += call(i);
        return sum;
    }
"#)]
fn callback__cpp_calls_rust_through_std_function__then_sum_of_squares() {
    extern "C" {
        fn map_sum(f: extern "C" fn(c_int) -> c_int, n: c_int) -> c_int;
    }
    extern "C" fn square(x: c_int) -> c_int {
        x * x
    }
    // SAFETY: `square` is a valid callback for the whole call.
    assert_eq!(unsafe { map_sum(square, 4) }, 30);
}

#[ffi_test(cpp = r#"
    #include <stdexcept>

    static int parse_or_throw(int v) {
        if (v < 0) throw std::invalid_argument("negative input");
        return v * 2;
    }

    extern "C" int parse_checked(int v, int *error) {
        try {
            *error = 0;
            return parse_or_throw(v);
        } catch (const std::exception &e) {
            *error = 1;
            return -1;
        }
    }
"#)]
fn exception__caught_inside_cpp__then_error_code_returned() {
    extern "C" {
        fn parse_checked(v: c_int, error: *mut c_int) -> c_int;
    }
    let mut error = 0;
    // SAFETY: `error` is a live int.
    unsafe {
        assert_eq!(parse_checked(21, &mut error), 42);
        assert_eq!(error, 0);
        assert_eq!(parse_checked(-1, &mut error), -1);
        assert_eq!(error, 1);
    }
}

#[ffi_test(cpp_file = "tests/cpp/counter.cpp")]
fn handle__cpp_class_behind_a_c_api__then_counts_each_word() {
    #[repr(C)]
    struct Counter {
        _opaque: [u8; 0],
    }
    extern "C" {
        fn counter_new() -> *mut Counter;
        fn counter_add(c: *mut Counter, word: *const std::ffi::c_char);
        fn counter_count(c: *const Counter, word: *const std::ffi::c_char) -> c_int;
        fn counter_distinct(c: *const Counter) -> c_int;
        fn counter_free(c: *mut Counter);
    }
    // SAFETY: the handle is used between its `new` and its `free`; the words are C strings.
    unsafe {
        let counter = counter_new();
        for word in [c"to", c"be", c"or", c"not", c"to", c"be"] {
            counter_add(counter, word.as_ptr());
        }
        assert_eq!(counter_count(counter, c"to".as_ptr()), 2);
        assert_eq!(counter_count(counter, c"question".as_ptr()), 0);
        assert_eq!(counter_distinct(counter), 4);
        counter_free(counter);
    }
}

// The harness's finding, asserted by tests/cpp.rs: the exception's type, its `what()` and the
// line that threw it, and why the process aborted. The expectation names the type.
#[ffi_test(expect = cpp_exception("std::invalid_argument"), cpp = r#"
    #include <stdexcept>

    static int parse_or_throw(int v) {
        if (v < 0) throw std::invalid_argument("negative input");
        return v * 2;
    }

    extern "C" int parse_unchecked(int v) { return parse_or_throw(v); }
"#)]
fn exception__escapes_extern_c_into_rust__then_its_type_and_message_reported() {
    extern "C" {
        fn parse_unchecked(v: c_int) -> c_int;
    }
    // SAFETY: none: an exception leaving an `extern "C"` function is undefined behaviour, which
    // is what this test shows the harness reporting.
    unsafe { parse_unchecked(-1) };
}

// An exception C++ caught is no longer in flight: a later abort names none.
#[ffi_test(expect = crash("SIGABRT"), cpp = r#"
    #include <cstdlib>
    #include <stdexcept>

    extern "C" void catch_then_abort(void) {
        try {
            throw std::runtime_error("handled");
        } catch (const std::runtime_error &) {
        }
        std::abort();
    }
"#)]
fn abort__after_cpp_caught_its_exception__then_no_exception_named() {
    extern "C" {
        fn catch_then_abort();
    }
    // SAFETY: no arguments; it aborts the process, which the expectation says.
    unsafe { catch_then_abort() };
}

// Planted: a C++ object created with `new` and never deleted; under `--sanitize address`
// LeakSanitizer names it (tests/cpp.rs), without a checker the test passes.
#[ffi_test(expect = memory_error("leak", otherwise = pass), cpp = r#"
    #include <string>

    struct Session {
        std::string user;
        explicit Session(const char *u) : user(u) {}
    };

    extern "C" int open_session_and_forget(void) {
        Session *s = new Session("someone with a long enough name to allocate");
        return static_cast<int>(s->user.size());
    }
"#)]
fn leak__cpp_object_never_deleted__then_leak_named() {
    extern "C" {
        fn open_session_and_forget() -> c_int;
    }
    // SAFETY: no arguments.
    assert!(unsafe { open_session_and_forget() } > 0);
}

// A fault sweep fails each allocation in turn: `operator new` fails as malloc does, and throws
// std::bad_alloc, which `make_pair_of_names` does not catch. The sweep names the run and the
// allocation (the `new` on its line) whose failure was not handled.
#[ffi_test(fail_allocs, expect = fail, cpp = r#"
    #include <string>
    #include <vector>

    extern "C" int make_pair_of_names(void) {
        std::vector<std::string> names;
        names.push_back(std::string(64, 'a'));
        names.push_back(std::string(64, 'b'));
        return static_cast<int>(names.size());
    }
"#)]
fn sweep__operator_new_fails_uncaught__then_the_allocation_named() {
    extern "C" {
        fn make_pair_of_names() -> c_int;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { make_pair_of_names() }, 2);
}

// The same sweep over `new (std::nothrow)`: a failed allocation returns null instead of
// throwing, the body checks for it, and every run passes.
#[ffi_test(
    fail_allocs,
    cpp = r#"
    #include <new>

    extern "C" int first_of_a_buffer(void) {
        int *buffer = new (std::nothrow) int[256];
        if (!buffer) return -1;
        buffer[0] = 7;
        int first = buffer[0];
        delete[] buffer;
        return first;
    }
"#
)]
fn sweep__nothrow_new_failure_checked__then_every_run_handled() {
    extern "C" {
        fn first_of_a_buffer() -> c_int;
    }
    // SAFETY: no arguments.
    let first = unsafe { first_of_a_buffer() };
    assert!(first == 7 || first == -1, "{first}");
}

ffi_test::main!();
