//! Checkers of the C side, on stable Rust: sanitizers (C compiled instrumented, children started
//! with the runtimes preloaded): AddressSanitizer with LeakSanitizer, UndefinedBehaviorSanitizer,
//! ThreadSanitizer; or valgrind's memcheck (children run under it). Findings are read from the
//! checker's own log files, one set per child, so each is attributed to the test whose process
//! found it (`findings.rs` reads them).

mod error;
pub(crate) mod findings;
mod python_frames;
pub use error::CheckerError;

use std::path::{Path, PathBuf};
use std::process::Command;

use ffi_test_protocol::findings::{family, Family};

use crate::registry::Expect;

/// The environment variable telling a child which checker it runs under.
pub const CHECKER_VAR: &str = "FFI_TEST_CHECKER";

#[derive(Debug, Clone)]
pub enum Checker {
    None,
    /// Sanitizers the C is compiled with, and their runtimes to preload.
    Sanitize(Sanitizers),
    /// Suppression files for memcheck.
    Valgrind(Vec<PathBuf>),
}

/// One sanitizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sanitizer {
    Address,
    Undefined,
    Thread,
}

/// What ffi-test knows of one sanitizer, in one place.
struct Facts {
    /// Its name in `--sanitize` and `-fsanitize=`.
    name: &'static str,
    /// Its short name in messages.
    short: &'static str,
    /// GCC's runtime library (found with `-print-file-name=`).
    gcc_runtime: &'static str,
    /// clang's shared runtime, `libclang_rt.<this>-<arch>.so` in its runtime directory.
    clang_runtime: &'static str,
    /// The Debian package with GCC's runtime.
    package: &'static str,
    /// The findings it reports.
    family: Family,
}

impl Sanitizer {
    const ALL: [Sanitizer; 3] = [Sanitizer::Address, Sanitizer::Undefined, Sanitizer::Thread];

    fn facts(self) -> Facts {
        let (name, short, gcc_runtime, clang_runtime, package, family) = match self {
            Sanitizer::Address => (
                "address",
                "ASan",
                "libasan.so",
                "asan",
                "libasan8",
                Family::Memory,
            ),
            Sanitizer::Undefined => (
                "undefined",
                "UBSan",
                "libubsan.so",
                "ubsan_standalone",
                "libubsan1",
                Family::Undefined,
            ),
            Sanitizer::Thread => (
                "thread",
                "TSan",
                "libtsan.so",
                "tsan",
                "libtsan2",
                Family::Thread,
            ),
        };
        Facts {
            name,
            short,
            gcc_runtime,
            clang_runtime,
            package,
            family,
        }
    }

    /// Its name in `--sanitize` and `-fsanitize=`.
    pub fn name(self) -> &'static str {
        self.facts().name
    }
}

/// The sanitizers of a run, in `--sanitize` order, and their runtimes (empty in a child, which
/// only compiles).
#[derive(Debug, Clone, Default)]
pub struct Sanitizers {
    pub list: Vec<Sanitizer>,
    pub runtimes: Vec<PathBuf>,
}

impl Sanitizers {
    /// `address`, `undefined`, `thread`, or a comma-separated set (`address,undefined`).
    pub fn parse(text: &str) -> Result<Sanitizers, CheckerError> {
        let mut list = Vec::new();
        for name in text.split(',').map(str::trim) {
            let Some(sanitizer) = Sanitizer::ALL.into_iter().find(|s| s.name() == name) else {
                return Err(CheckerError::UnknownSanitizer(name.to_string()));
            };
            if !list.contains(&sanitizer) {
                list.push(sanitizer);
            }
        }
        if list.contains(&Sanitizer::Address) && list.contains(&Sanitizer::Thread) {
            return Err(CheckerError::AddressWithThread);
        }
        Ok(Sanitizers {
            list,
            runtimes: Vec::new(),
        })
    }

    /// `address,undefined`, as given to `-fsanitize=`.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.list.iter().map(|s| s.name()).collect();
        names.join(",")
    }

    pub fn has(&self, sanitizer: Sanitizer) -> bool {
        self.list.contains(&sanitizer)
    }

    /// Finds each sanitizer's runtime through the C compiler (`-print-file-name=libasan.so`);
    /// with C++ bodies (`cpp`) under AddressSanitizer, the C++ runtime after it: ASan
    /// intercepts `__cxa_throw` and finds the real one when it starts, which it cannot when
    /// libstdc++ is loaded later with the C++ bodies (every throw then fails ASan's own check).
    pub fn locate_runtimes(
        mut self,
        compiler: &str,
        cpp: bool,
    ) -> Result<Sanitizers, CheckerError> {
        self.runtimes = self
            .list
            .iter()
            .map(|s| sanitizer_runtime(compiler, *s))
            .collect::<Result<_, _>>()?;
        if cpp && self.list.contains(&Sanitizer::Address) {
            self.runtimes.extend(cpp_runtime(compiler));
        }
        Ok(self)
    }
}

/// Exit code the checkers use for a finding, so it is not mistaken for a test's own.
pub(crate) const FINDING_EXIT_CODE: i32 = 86;

impl Checker {
    /// The checker a child runs under (set by its parent).
    pub fn of_child() -> Checker {
        match std::env::var(CHECKER_VAR).as_deref() {
            Ok("valgrind") => Checker::Valgrind(Vec::new()),
            Ok(text) => match text.strip_prefix("sanitize:").map(Sanitizers::parse) {
                Some(Ok(sanitizers)) => Checker::Sanitize(sanitizers),
                _ => Checker::None,
            },
            _ => Checker::None,
        }
    }

    pub fn is_active(&self) -> bool {
        !matches!(self, Checker::None)
    }

    /// Whether this checker reports findings of `kind` (an `expect = finding(kind)` is judged
    /// by it; under a checker that cannot see it, the test's `otherwise` applies).
    pub fn can_find(&self, kind: &str) -> bool {
        let Some(family) = family(kind) else {
            return false;
        };
        match self {
            Checker::None => false,
            Checker::Valgrind(_) => family == Family::Memory,
            Checker::Sanitize(s) => s.list.iter().any(|s| s.facts().family == family),
        }
    }

    /// `expect` as this checker judges it: a memory bug's test under ThreadSanitizer, which
    /// replaces the C allocator without reporting memory errors, is run but not judged (what a
    /// double free does there is TSan's allocator's, not the C library's the `otherwise` names).
    pub fn expectation(&self, expect: Expect) -> Expect {
        match (self, expect) {
            (Checker::Sanitize(s), Expect::Memory(want, _))
                if s.has(Sanitizer::Thread) && family(want) == Some(Family::Memory) =>
            {
                Expect::Random
            }
            _ => expect,
        }
    }

    /// The checker whose own `operator new` replaces the C++ runtime's, if any (valgrind,
    /// ASan, TSan): it allocates without `malloc`, so a fault sweep cannot fail it.
    pub fn own_operator_new(&self) -> Option<&'static str> {
        match self {
            Checker::Valgrind(_) => Some("valgrind"),
            Checker::Sanitize(s) if s.has(Sanitizer::Address) => Some("AddressSanitizer"),
            Checker::Sanitize(s) if s.has(Sanitizer::Thread) => Some("ThreadSanitizer"),
            _ => None,
        }
    }

    /// The sanitizers' runtimes, to come first in a child's `LD_PRELOAD`.
    pub fn runtimes(&self) -> &[PathBuf] {
        match self {
            Checker::Sanitize(s) => &s.runtimes,
            _ => &[],
        }
    }

    /// Extra C compiler flags: instrumented objects live in their own cache entries.
    pub fn compile_flags(&self) -> Vec<String> {
        match self {
            Checker::Sanitize(s) => vec![
                format!("-fsanitize={}", s.names()),
                "-fno-omit-frame-pointer".into(),
            ],
            _ => Vec::new(),
        }
    }

    /// The command that runs the test binary `exe` as a child under this checker, which writes
    /// its findings to files named `log_base` plus the process id: read from there, they reach
    /// the harness even when the child's output is not captured (`--nocapture`, nextest).
    pub fn child_command(&self, exe: PathBuf, log_base: &Path) -> Command {
        match self {
            Checker::None => Command::new(exe),
            Checker::Sanitize(s) => {
                let mut cmd = Command::new(exe);
                let mut preload = std::env::join_paths(&s.runtimes).unwrap_or_default();
                if let Some(existing) = std::env::var_os("LD_PRELOAD").filter(|e| !e.is_empty()) {
                    preload.push(":");
                    preload.push(existing);
                }
                cmd.env("LD_PRELOAD", preload)
                    .envs(sanitizer_options(s, log_base))
                    // An embedded Python allocates each object with malloc, where the checker
                    // sees it, instead of in its own arenas.
                    .env("PYTHONMALLOC", "malloc")
                    .env(CHECKER_VAR, format!("sanitize:{}", s.names()));
                cmd
            }
            Checker::Valgrind(suppressions) => {
                let mut cmd = Command::new("valgrind");
                cmd.args([
                    "--tool=memcheck",
                    "-q",
                    "--leak-check=full",
                    "--show-leak-kinds=definite",
                    "--errors-for-leak-kinds=definite",
                ]);
                cmd.arg(format!("--error-exitcode={FINDING_EXIT_CODE}"));
                cmd.arg(format!("--log-file={}.%p", log_base.display()));
                for file in suppressions {
                    cmd.arg(format!("--suppressions={}", file.display()));
                }
                if crate::tools::python_embedded() {
                    if let Some(Ok(file)) = log_base.parent().map(python_valgrind_suppressions) {
                        cmd.arg(format!("--suppressions={}", file.display()));
                    }
                }
                cmd.arg(exe)
                    .env(CHECKER_VAR, "valgrind")
                    .env("PYTHONMALLOC", "malloc");
                cmd
            }
        }
    }
}

/// Each sanitizer's options: findings logged to `log_base`.PID and the process ended with
/// [`FINDING_EXIT_CODE`] (LeakSanitizer at exit, UBSan at its first report: "print and fail"),
/// plus the user's own (`FFI_TEST_ASAN_OPTIONS`, `FFI_TEST_UBSAN_OPTIONS`, `FFI_TEST_TSAN_OPTIONS`).
fn sanitizer_options(s: &Sanitizers, log_base: &Path) -> Vec<(&'static str, String)> {
    let log = log_base.display();
    let user = |var: &str| std::env::var(var).unwrap_or_default();
    let mut options = Vec::new();
    if s.has(Sanitizer::Address) {
        // An embedded Python's one-time allocations are suppressed by their frames, which the
        // fast unwinder loses in Rust code built without frame pointers: a full unwind at each
        // allocation finds them (slower, so only where Python runs).
        let unwind = if crate::tools::python_embedded() {
            "fast_unwind_on_malloc=0:"
        } else {
            ""
        };
        options.push((
            "ASAN_OPTIONS",
            format!(
                "detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode={FINDING_EXIT_CODE}:\
                 verify_asan_link_order=0:{unwind}\
                 print_summary=1:symbolize=1:detect_odr_violation=0:allocator_may_return_null=1:\
                 disable_coredump=1:log_path={log}:{}",
                user("FFI_TEST_ASAN_OPTIONS")
            ),
        ));
        let suppressions = match log_base.parent().map(python_leak_suppressions) {
            Some(Ok(file)) => format!(":suppressions={}", file.display()),
            _ => String::new(),
        };
        options.push((
            "LSAN_OPTIONS",
            format!("exitcode={FINDING_EXIT_CODE}{suppressions}"),
        ));
    }
    if s.has(Sanitizer::Undefined) {
        options.push((
            "UBSAN_OPTIONS",
            format!(
                "halt_on_error=1:print_stacktrace=1:exitcode={FINDING_EXIT_CODE}:log_path={log}:{}",
                user("FFI_TEST_UBSAN_OPTIONS")
            ),
        ));
    }
    if s.has(Sanitizer::Thread) {
        let suppressions = match log_base.parent().map(rust_race_suppressions) {
            Some(Ok(file)) => format!("suppressions={}:", file.display()),
            _ => String::new(),
        };
        options.push((
            "TSAN_OPTIONS",
            format!(
                "exitcode={FINDING_EXIT_CODE}:log_path={log}:{suppressions}{}",
                user("FFI_TEST_TSAN_OPTIONS")
            ),
        ));
    }
    options
}

/// LeakSanitizer's suppressions for an embedded Python interpreter (the `python` feature),
/// written once into `dir`: memory PyO3 hands the interpreter for good when it builds a class's
/// type object (its method table), which no pointer LeakSanitizer can see keeps, and the locks
/// CPython abandons in a forked child ([`FORK_ABANDONED_LOCKS`]). Only frames of that one-time
/// setup are named: a leak in C or Rust reached from Python still has its own.
fn python_leak_suppressions(dir: &Path) -> Result<PathBuf, String> {
    suppression_file(dir, "lsan-python.supp", || {
        "leak:pyo3::pyclass::create_type_object\nleak:PyThread_allocate_lock\n".into()
    })
}

/// After a fork CPython replaces each lock the parent's threads may have held with a new one and
/// leaves the old one allocated, on purpose (`_PyThread_at_fork_reinit`: freeing a lock that
/// may be in use is not safe). A test forked from a fork server whose interpreter runs reports
/// those old locks (the runtime's, the import lock) as lost. The allocation is
/// `PyThread_allocate_lock`'s own; a lock user code allocates and never frees is reported with
/// the same frame, the one leak these suppressions would hide.
const FORK_ABANDONED_LOCKS: &str = "{\n   cpython-lock-abandoned-at-fork\n   Memcheck:Leak\n   match-leak-kinds: definite\n   fun:malloc\n   fun:PyThread_allocate_lock\n}\n";

/// `dir/name`, written from `text` the first time a run asks for it.
fn suppression_file(
    dir: &Path,
    name: &str,
    text: impl FnOnce() -> String,
) -> Result<PathBuf, String> {
    let file = dir.join(name);
    if !file.exists() {
        std::fs::write(&file, text())
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    Ok(file)
}

/// valgrind's suppressions for an embedded Python interpreter, written once into `dir`: the
/// same one-time allocation and abandoned locks as [`python_leak_suppressions`], and memcheck's reports of
/// uninitialised values used inside libpython itself (CPython's object headers and small-int
/// cache read as uninitialised: interpreter noise, as CPython's own valgrind-python.supp
/// says), and glibc's vectorised reads past a string's end where libpython or the loader calls
/// them. No other invalid read or write is suppressed, nor anything whose caller is outside
/// libpython and the loader (the C and Rust under test).
fn python_valgrind_suppressions(dir: &Path) -> Result<PathBuf, String> {
    suppression_file(dir, "valgrind-python.supp", || {
        let mut text = String::from(
            "{\n   pyo3-type-object-method-table\n   Memcheck:Leak\n   match-leak-kinds: definite\n   ...\n   fun:*pyo3*create_type_object*\n}\n",
        );
        text.push_str(FORK_ABANDONED_LOCKS);
        // glibc's vectorised string routines read whole aligned words past a string's end
        // (never past its page); valgrind replaces memcmp and strlen with careful versions but
        // not wmemcmp, which CPython's str comparison calls, nor strncmp in the loader's
        // `$ORIGIN` check while a module such as numpy loads its libraries.
        for size in [8, 16, 32] {
            text.push_str(&format!(
                "{{\n   glibc-vector-read-from-libpython-{size}\n   Memcheck:Addr{size}\n   fun:__wmemcmp_*\n   obj:*libpython3*\n}}\n\
                 {{\n   glibc-vector-read-in-loader-{size}\n   Memcheck:Addr{size}\n   fun:*strncmp*\n   fun:is_dst\n}}\n"
            ));
        }
        for kind in ["Cond", "Value1", "Value2", "Value4", "Value8", "Value16"] {
            text.push_str(&format!(
                "{{\n   libpython-uninitialised-{kind}\n   Memcheck:{kind}\n   obj:*libpython3*\n}}\n"
            ));
        }
        text
    })
}

/// ThreadSanitizer's suppressions for the Rust runtime, written once into `dir`. Rust is not
/// instrumented on stable and its std::sync primitives are futex-based, invisible to TSan: an
/// interceptor (memcpy, free) called from std, core or alloc on data Rust handed between
/// threads looks like a race. Instrumented C's own races have C frames and are kept.
fn rust_race_suppressions(dir: &Path) -> Result<PathBuf, String> {
    suppression_file(dir, "tsan-rust.supp", || {
        ["library/std/", "library/core/", "library/alloc/"]
            .iter()
            .map(|path| format!("race:{path}\n"))
            .collect()
    })
}

/// Finds a sanitizer's runtime through the C compiler: GCC's (`-print-file-name=libasan.so`),
/// or clang's shared one in its runtime directory (`libclang_rt.asan-x86_64.so`).
fn sanitizer_runtime(compiler: &str, sanitizer: Sanitizer) -> Result<PathBuf, CheckerError> {
    let Facts {
        name,
        short,
        gcc_runtime,
        clang_runtime,
        package,
        ..
    } = sanitizer.facts();
    let ask = |arg: String| {
        crate::os::reaper::output(Command::new(compiler).arg(arg).env_remove("LD_PRELOAD"))
            .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    };
    let gcc = ask(format!("-print-file-name={gcc_runtime}")).map_err(|source| {
        CheckerError::CannotAsk {
            name,
            compiler: compiler.to_string(),
            runtime: gcc_runtime,
            source,
        }
    })?;
    if gcc.is_absolute() && gcc.exists() {
        return Ok(gcc);
    }
    let arch = match std::env::consts::ARCH {
        "x86" => "i386",
        arch => arch,
    };
    if let Ok(dir) = ask("-print-runtime-dir".into()) {
        let clang = dir.join(format!("libclang_rt.{clang_runtime}-{arch}.so"));
        if dir.is_absolute() && clang.exists() {
            return Ok(clang);
        }
    }
    Err(CheckerError::NoRuntime {
        name,
        short,
        compiler: compiler.to_string(),
        runtime: gcc_runtime,
        package,
    })
}

/// The C++ runtime the compiler links (`-print-file-name=libstdc++.so`), if it has one.
fn cpp_runtime(compiler: &str) -> Option<PathBuf> {
    let out = crate::os::reaper::output(
        Command::new(compiler)
            .arg("-print-file-name=libstdc++.so")
            .env_remove("LD_PRELOAD"),
    )
    .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    // The development link names the versioned library the bodies load.
    path.is_absolute()
        .then(|| path.canonicalize().ok())
        .flatten()
}

/// Checks valgrind can be run.
pub fn valgrind_available() -> Result<(), CheckerError> {
    match crate::os::reaper::output(Command::new("valgrind").arg("--version")) {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err(CheckerError::NoValgrind),
    }
}
