//! What produced a test entry, named once: the macros write the variant into the entry and its
//! name into the facts record; the runtime matches on it; run-free verification reads the name
//! back ([`TestKind::from_name`]).

/// What produced an entry; shown in reports, never part of the test name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestKind {
    /// A hand-written `#[ffi_test]`.
    Test,
    /// A `#[layout_matches]` check.
    Layout,
    /// An `#[ffi_roundtrip]` shape.
    Roundtrip,
    /// A signature, extern static or constant check.
    Binding,
}

impl TestKind {
    /// Every kind.
    pub const ALL: [TestKind; 4] = [
        TestKind::Test,
        TestKind::Layout,
        TestKind::Roundtrip,
        TestKind::Binding,
    ];

    /// Its name: the variant's, as generated code spells it and facts records carry it.
    pub fn name(self) -> &'static str {
        match self {
            TestKind::Test => "Test",
            TestKind::Layout => "Layout",
            TestKind::Roundtrip => "Roundtrip",
            TestKind::Binding => "Binding",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<TestKind> {
        TestKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the test runs code the user wrote (a test body, a function to round-trip
    /// through): that can crash, so it gets a child process. Layout, signature and constant
    /// checks only read facts from C the framework generated.
    pub fn runs_user_code(self) -> bool {
        matches!(self, TestKind::Test | TestKind::Roundtrip)
    }

    /// Whether the test reports a failed C side itself (with its own facts), rather than being
    /// failed by the harness before it runs.
    pub fn reports_own_c_errors(self) -> bool {
        matches!(
            self,
            TestKind::Layout | TestKind::Roundtrip | TestKind::Binding
        )
    }
}

#[cfg(test)]
mod tests {
    use super::TestKind;

    #[test]
    fn each_kind_is_found_by_its_name() {
        for kind in TestKind::ALL {
            assert_eq!(TestKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(TestKind::from_name("layout"), None);
    }
}
