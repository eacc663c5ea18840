//! The findings of the checkers, as ffi-test names them (`expect = finding("data-race")`), and
//! which checker finds each: the macros check the names a test expects, the harness decides
//! whether the checkers of a run can find what a test expects.

/// The checkers that find a kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Memory errors: AddressSanitizer (with LeakSanitizer) and valgrind's memcheck.
    Memory,
    /// Undefined behaviour: UndefinedBehaviorSanitizer.
    Undefined,
    /// Threading errors: ThreadSanitizer.
    Thread,
}

/// Memory errors (ASan's names; valgrind's reports are named the same way).
pub const MEMORY: &[&str] = &[
    "heap-buffer-overflow",
    "heap-use-after-free",
    "double-free",
    "bad-free",
    "alloc-dealloc-mismatch",
    "leak",
    "stack-buffer-overflow",
    "global-buffer-overflow",
    "invalid-access",
    "use-of-uninitialized-value",
    "memcpy-param-overlap",
    "negative-size-param",
];

/// Undefined behaviour UBSan reports (named from its "runtime error:" messages).
pub const UNDEFINED: &[&str] = &[
    "signed-integer-overflow",
    "misaligned-access",
    "shift-out-of-bounds",
    "index-out-of-bounds",
    "null-pointer-use",
    "invalid-value",
    "division-by-zero",
    "undefined-behavior",
];

/// Threading errors TSan reports.
pub const THREAD: &[&str] = &[
    "data-race",
    "lock-order-inversion",
    "thread-leak",
    "mutex-misuse",
    "signal-unsafe-call",
];

/// The family of a finding's name, if it is one.
pub fn family(kind: &str) -> Option<Family> {
    [
        (MEMORY, Family::Memory),
        (UNDEFINED, Family::Undefined),
        (THREAD, Family::Thread),
    ]
    .into_iter()
    .find(|(names, _)| names.contains(&kind))
    .map(|(_, family)| family)
}

/// Every finding's name, for messages.
pub fn all() -> Vec<&'static str> {
    [MEMORY, UNDEFINED, THREAD].concat()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_name_has_one_family() {
        let all = super::all();
        for name in &all {
            assert_eq!(all.iter().filter(|n| *n == name).count(), 1, "{name}");
            assert!(super::family(name).is_some());
        }
        assert_eq!(super::family("data-race"), Some(super::Family::Thread));
        assert_eq!(super::family("nonsense"), None);
    }
}
