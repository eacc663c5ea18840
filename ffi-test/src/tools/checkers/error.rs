//! Why a memory or thread checker cannot watch this run: a refusal said before any test runs,
//! with what to do about it.

use std::io;

/// A checker the command line asks for that cannot run here.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    /// A name `--sanitize` does not know.
    #[error(
        "--sanitize {0}: expected `address` (with LeakSanitizer), `undefined`, `thread`, or a set such \
         as `address,undefined`"
    )]
    UnknownSanitizer(String),
    /// Two sanitizers that cannot share a process.
    #[error(
        "--sanitize address,thread: AddressSanitizer and ThreadSanitizer cannot watch one process (each \
         needs its own memory layout); run them in two runs"
    )]
    AddressWithThread,
    /// The compiler could not be asked where its runtime is.
    #[error(
        "--sanitize {name}: cannot run the C compiler `{compiler}` to find the runtime {runtime}: {source}"
    )]
    CannotAsk {
        name: &'static str,
        compiler: String,
        runtime: &'static str,
        source: io::Error,
    },
    /// The compiler has no runtime for the sanitizer.
    #[error(
        "--sanitize {name}: the C compiler `{compiler}` has no {short} runtime ({runtime} not found); \
         install it (Debian: apt-get install {package}, which comes with gcc) or set CC to a compiler \
         that has one"
    )]
    NoRuntime {
        name: &'static str,
        short: &'static str,
        compiler: String,
        runtime: &'static str,
        package: &'static str,
    },
    /// valgrind is not installed.
    #[error(
        "--valgrind: valgrind was not found on PATH; install it (Debian: apt-get install valgrind)"
    )]
    NoValgrind,
    /// Sanitizers and valgrind at once.
    #[error(
        "--sanitize and --valgrind cannot be combined (valgrind cannot run sanitizer-instrumented code)"
    )]
    SanitizeWithValgrind,
    /// A checker without a process per test to watch.
    #[error(
        "--sanitize and --valgrind watch each test's own process: they cannot be combined with \
         --in-process"
    )]
    InProcess,
    /// No compiler to build the instrumented C with.
    #[error("{0}")]
    NoCompiler(String),
}

#[cfg(test)]
mod tests {
    use super::CheckerError;

    #[test]
    fn a_missing_runtime_says_which_package_has_it() {
        let error = CheckerError::NoRuntime {
            name: "thread",
            short: "TSan",
            compiler: "cc".into(),
            runtime: "libtsan.so",
            package: "libtsan2",
        };
        assert_eq!(
            error.to_string(),
            "--sanitize thread: the C compiler `cc` has no TSan runtime (libtsan.so not found); install \
             it (Debian: apt-get install libtsan2, which comes with gcc) or set CC to a compiler that \
             has one"
        );
    }
}
