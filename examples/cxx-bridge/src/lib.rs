//! A crate with a `#[cxx::bridge]`: a C++ `Tally` that Rust creates and feeds, which calls back
//! into Rust for each word's weight. Its C++ side is tested by ffi-test's C++ bodies in
//! `tests/cpp_side.rs`, which include the header cxx generates for this bridge.

#[cxx::bridge(namespace = "tally")]
pub mod ffi {
    extern "Rust" {
        /// What one word adds to a tally.
        fn word_weight() -> i32;
    }

    unsafe extern "C++" {
        include!("cxx-bridge-example/include/tally.h");

        /// The C++ tally.
        type Tally;

        /// A tally starting at `start`.
        fn new_tally(start: i32) -> UniquePtr<Tally>;
        /// Adds each word of `text`, weighed by [`word_weight`].
        fn add_words(self: Pin<&mut Tally>, text: &str);
        /// The tally so far.
        fn total(self: &Tally) -> i32;
    }
}

/// What one word adds to a tally (called from C++).
pub fn word_weight() -> i32 {
    2
}

/// The tally of `text` from zero, through the C++ side.
///
/// ```
/// assert_eq!(cxx_bridge_example::tally_of("two words"), 4);
/// ```
pub fn tally_of(text: &str) -> i32 {
    let mut tally = ffi::new_tally(0);
    tally.pin_mut().add_words(text);
    tally.total()
}
