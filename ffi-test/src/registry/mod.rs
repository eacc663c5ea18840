//! The registry of generated tests: every `#[ffi_test]` (and, later, every generated check)
//! submits one [`TestEntry`] through `inventory`, from the test crate or any library it links.

pub mod config;
pub mod context;
pub mod outcome;
pub mod sweep;

pub use ffi_test_protocol::language::Language;
pub use ffi_test_protocol::test_kind::TestKind;

/// C source text that a test carries, compiled by the harness before the test runs.
#[derive(Debug, Clone, Copy)]
pub struct CFragment {
    /// The C text as written in the attribute.
    pub source: &'static str,
    /// Renders the C text at run time instead (generated checks whose C is made from the same
    /// description as their Rust side, e.g. layouts with `#[cfg]` fields).
    pub render: Option<fn() -> String>,
    /// The Rust file holding it (`file!()`), for diagnostics.
    pub file: &'static str,
    /// The Rust line the text starts on, so compiler messages point into the Rust file.
    pub line: u32,
    /// Headers included before this fragment only (after the binary's own headers).
    pub headers: &'static [&'static str],
    /// Functions the Rust side declares; each must be defined by the fragment.
    pub symbols: &'static [&'static str],
    /// Tests whose fragments share a group share one copy of it (and its symbols): the shapes
    /// of one `#[ffi_roundtrip]`. A hand-written test is its own group.
    pub group: &'static str,
    /// Functions whose C prototypes the fragment reads through `FFI_TEST_SIG_FACTS_<name>`
    /// (signature checks).
    pub prototypes: &'static [&'static str],
    /// The language of the text: its fragments are compiled apart from the other language's,
    /// each by its own compiler.
    pub language: Language,
}

impl CFragment {
    /// The C text of the fragment.
    pub fn text(&self) -> std::borrow::Cow<'static, str> {
        match self.render {
            Some(render) => std::borrow::Cow::Owned(render()),
            None => std::borrow::Cow::Borrowed(self.source),
        }
    }
}

/// Python source text a test carries (`#[ffi_test(py = r#"..."#)]`): run as a module of its
/// own in the test's process before the Rust body, which reaches it through
/// `ffi_test::python::with_body`.
#[derive(Debug, Clone, Copy)]
pub struct PyFragment {
    /// The Python text as written in the attribute.
    pub source: &'static str,
    /// The Rust file holding it (`file!()`), so tracebacks point into it.
    pub file: &'static str,
    /// The Rust line the text starts on.
    pub line: u32,
}

/// What a test is expected to do on the target it was compiled for (ABI Cafe's vocabulary).
///
/// Chosen at compile time: `expect = busted(target_os = "windows")` is `Busted` on Windows and
/// `Pass` elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The test must pass.
    Pass,
    /// The test must fail (a deliberately broken binding the check must catch).
    Fail,
    /// The test process must die of this signal (e.g. `"SIGABRT"`).
    Crash(&'static str),
    /// A C++ exception of this type (`"std::runtime_error"`, as the report names it) must
    /// escape an `extern "C"` function into Rust, which aborts the process.
    CppException(&'static str),
    /// Known broken on this target: failing is expected and counted as busted; passing fails the
    /// run, because the expectation is stale.
    Busted,
    /// Flaky on this target: run, but the result does not count.
    Random,
    /// A memory bug: under `--sanitize address` or `--valgrind` the test must fail with this
    /// finding (`"heap-buffer-overflow"`, `"leak"`, ...); without a checker, the second
    /// expectation applies (the bug is undefined behaviour there).
    Memory(&'static str, &'static Expect),
    /// `busted(c_compiler = "clang < 18")`: the first expectation when the run's C compiler is
    /// the one named (a family, `gcc` or `clang`, optionally with a major-version bound), the
    /// second otherwise. Decided when the run starts: the compiler is the run's, not the build's.
    IfCompiler(&'static str, &'static Expect, &'static Expect),
}

impl Expect {
    /// The expectation as a facts record carries it (`ffi_test_protocol::facts::EXPECT_*`):
    /// what run-free verification can judge (pass, fail, busted) and everything else, which only
    /// a run can.
    pub const fn facts_code(&self) -> u64 {
        use ffi_test_protocol::facts::{EXPECT_BUSTED, EXPECT_FAIL, EXPECT_OTHER, EXPECT_PASS};
        match self {
            Expect::Pass => EXPECT_PASS,
            Expect::Fail => EXPECT_FAIL,
            Expect::Busted => EXPECT_BUSTED,
            Expect::Crash(_)
            | Expect::CppException(_)
            | Expect::Random
            | Expect::Memory(..)
            | Expect::IfCompiler(..) => EXPECT_OTHER,
        }
    }
}

/// One registered test. Built by macro expansions; not meant to be written by hand.
#[derive(Debug)]
pub struct TestEntry {
    /// The test's name, unique within the binary.
    pub name: &'static str,
    /// `module_path!()` where it was declared.
    pub module_path: &'static str,
    /// `file!()` where it was declared.
    pub file: &'static str,
    /// Line of the test fn's name.
    pub line: u32,
    /// What generated it.
    pub kind: TestKind,
    /// `Some(reason)` when ignored.
    pub ignore: Option<Option<&'static str>>,
    /// `Some(expected substring)` when the test must panic.
    pub should_panic: Option<Option<&'static str>>,
    /// The paired C body, if any.
    pub c: Option<CFragment>,
    /// Overrides the run's timeout (isolated mode).
    pub timeout: Option<std::time::Duration>,
    /// What the test is expected to do on this target.
    pub expect: Expect,
    /// `#[ffi_test(fail_allocs)]`, `#[ffi_test(fail_calls(..))]`: run as these fault-injection
    /// sweeps, in order (none: run once).
    pub faults: &'static [sweep::Sweep],
    /// Runs the test body in the current process, in the run's context for it.
    pub run: fn(&dyn context::TestContext) -> Result<(), String>,
    /// The paired Python body, if any.
    pub py: Option<PyFragment>,
}

impl TestEntry {
    /// What the summary groups by: the part of the name before the first `__`, or a pytest
    /// node id's file (before its first `::`).
    pub fn subject(&self) -> &'static str {
        subject_of(self.name)
    }

    /// `file:line` of the declaration, for messages that must lead the user to it.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

pub(crate) fn subject_of(name: &str) -> &str {
    match name.split_once("::") {
        Some((file, _)) => file,
        None => name.split("__").next().unwrap_or(name),
    }
}

inventory::collect!(TestEntry);

/// Entries registered together (a whole-surface check's thousands, as one static array).
#[derive(Debug)]
pub struct TestBatch(pub &'static [TestEntry]);

inventory::collect!(TestBatch);

/// Tests known only at run time (a Python test file's, read from the file), added to the
/// registered ones by the layer that finds them: the registry calls each source once, when the
/// tests are first collected.
pub struct EntrySource(pub fn() -> Vec<&'static TestEntry>);

inventory::collect!(EntrySource);

/// The test named `name` in this binary (what a test process is started to run).
pub fn find(name: &str) -> Result<&'static TestEntry, String> {
    collect()?
        .into_iter()
        .find(|e| e.name == name)
        .ok_or_else(|| format!("ffi-test: no test named `{name}` in this binary"))
}

/// Every registered test, sorted by name; an error naming both places if a name repeats.
/// Computed once per process: the entries are static, and the harness, the toolchain and a
/// child all ask for them.
pub fn collect() -> Result<Vec<&'static TestEntry>, String> {
    static ALL: std::sync::OnceLock<Result<Vec<&'static TestEntry>, String>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(collect_now).clone()
}

fn collect_now() -> Result<Vec<&'static TestEntry>, String> {
    let mut all: Vec<&'static TestEntry> = inventory::iter::<TestEntry>
        .into_iter()
        .chain(inventory::iter::<TestBatch>.into_iter().flat_map(|b| b.0))
        .collect();
    // A Python test file's tests are known only by reading the file.
    for source in inventory::iter::<EntrySource> {
        all.extend((source.0)());
    }
    all.sort_unstable_by(|a, b| {
        a.name
            .cmp(b.name)
            .then((a.file, a.line).cmp(&(b.file, b.line)))
    });
    let mut duplicates = String::new();
    let mut i = 0;
    while i < all.len() {
        let same = all[i..]
            .iter()
            .take_while(|e| e.name == all[i].name)
            .count();
        if same > 1 && all[i..i + same].iter().all(|e| e.kind != TestKind::Test) {
            // Generated checks never stop the run: the first (in file and line order) keeps
            // the name, the others get a numbered subject, and their C side follows them.
            for (n, entry) in all[i + 1..i + same].iter_mut().enumerate() {
                let copy = renamed_copy(entry, n + 2);
                *entry = copy;
            }
        } else if same > 1 {
            duplicates.push_str(&format!("\n  `{}` is declared at:", all[i].name));
            for e in &all[i..i + same] {
                duplicates.push_str(&format!(
                    "\n    {} (module {})",
                    e.location(),
                    e.module_path
                ));
            }
        }
        i += same;
    }
    if !duplicates.is_empty() {
        return Err(format!(
            "ffi-test: test names must be unique within a test binary, so that `--exact NAME` runs one test; rename one of each pair:{duplicates}"
        ));
    }
    all.sort_unstable_by(|a, b| a.name.cmp(b.name));
    Ok(all)
}

/// `entry` under the name `<subject>_<n>__<rest>` (leaked: entries live for the process), its C
/// fragment regrouped under the new name when it was grouped under the old one.
fn renamed_copy(entry: &TestEntry, n: usize) -> &'static TestEntry {
    let name: &'static str = Box::leak(match entry.name.split_once("__") {
        Some((subject, rest)) => format!("{subject}_{n}__{rest}").into_boxed_str(),
        None => format!("{}_{n}", entry.name).into_boxed_str(),
    });
    let c = entry.c.map(|c| CFragment {
        group: if c.group == entry.name {
            name
        } else {
            Box::leak(format!("{}#{}:{}", c.group, entry.file, entry.line).into_boxed_str())
        },
        ..c
    });
    Box::leak(Box::new(TestEntry { name, c, ..*entry }))
}

#[cfg(test)]
mod tests {
    use super::subject_of;

    #[test]
    fn a_subject_is_the_convention_first_part_or_a_node_ids_file() {
        assert_eq!(subject_of("registry__ten_ids__then_ten"), "registry");
        assert_eq!(subject_of("plain"), "plain");
        assert_eq!(
            subject_of("tests/py/test_x.py::TestK::test_m[a__b]"),
            "tests/py/test_x.py"
        );
        assert_eq!(
            subject_of("tests/py/__init__/test_x.py::t"),
            "tests/py/__init__/test_x.py"
        );
    }
}
