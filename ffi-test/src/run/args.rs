//! Command line: libtest's flags (parsed by libtest-mimic) plus ffi-test's own, which are taken
//! out first because libtest-mimic rejects flags it does not know.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use ffi_test_protocol::duration::DurationError;
use libtest_mimic::{Arguments, ColorSetting, FormatSetting};

/// The default per-test timeout in isolated mode.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The parsed command line.
pub struct Cli {
    pub libtest: Arguments,
    /// `--in-process` (or `FFI_TEST_IN_PROCESS=1`): no child processes, e.g. under a debugger.
    pub in_process: bool,
    /// `--timeout DURATION` (or `FFI_TEST_TIMEOUT`): default per-test timeout when isolated.
    pub timeout: Duration,
    /// `--junit PATH` (or `FFI_TEST_JUNIT`): also write a JUnit XML report there.
    pub junit: Option<PathBuf>,
    /// `--surface-report PATH` (or `FFI_TEST_SURFACE_REPORT`): write every `check_surface!`'s
    /// items, checked or not, as JSON there.
    pub surface_report: Option<PathBuf>,
    /// `--ignore-expectations` (or `FFI_TEST_IGNORE_EXPECTATIONS=1`): judge every test as
    /// `expect = pass`, to see raw results.
    pub ignore_expectations: bool,
    /// `--sanitize address`, `undefined`, `thread` or a set (`address,undefined`); or
    /// `FFI_TEST_SANITIZE`.
    pub sanitize: Option<String>,
    /// `--valgrind` (or `FFI_TEST_VALGRIND=1`).
    pub valgrind: bool,
    /// `--valgrind-suppressions PATH` (repeatable; or `FFI_TEST_VALGRIND_SUPPRESSIONS`, `:`-separated).
    pub valgrind_suppressions: Vec<PathBuf>,
    /// `--fail-allocs` (or `FFI_TEST_FAIL_ALLOCS=1`): every test runs as a fault-injection sweep.
    pub fail_allocs: bool,
    /// `--coverage DIR` (or `FFI_TEST_COVERAGE_DIR`): the C the tests reach, reported into DIR.
    pub coverage: Option<PathBuf>,
    /// `--compare-compiler CC2` (or `FFI_TEST_COMPARE_COMPILER`): run the checks with the run's
    /// C compiler and with CC2, and report where they disagree.
    pub compare_compiler: Option<String>,
    /// The command line without `--compare-compiler`, for the runs it makes.
    pub forwarded: Vec<OsString>,
    /// `--no-fork-server` (or `FFI_TEST_NO_FORK_SERVER=1`): every test process started by `exec`.
    pub no_fork_server: bool,
    /// `--verbose` (or `FFI_TEST_VERBOSE=1`): say how test processes are started, and why.
    pub verbose: bool,
    /// `--keep-core DIR` (or `FFI_TEST_KEEP_CORE`): a crashing test's core file is kept in
    /// `DIR/<test>/`, and its report says how to open it.
    pub keep_core: Option<PathBuf>,
    /// `--debug TEST`: that test's process under the debugger `FFI_TEST_DEBUGGER` names (gdb
    /// by default), instead of a run. Also, with `FFI_TEST_DEBUGGER` set, a run of one test by
    /// `--exact NAME` (what nextest runs).
    pub debug: Option<String>,
    /// The name filters, when there are several (libtest takes several, libtest-mimic one: then
    /// `libtest.filter` is `None` and the harness selects, see [`Cli::filtered_out`]).
    pub filters: Vec<String>,
}

/// `FFI_TEST_DEBUGGER`, trimmed (empty when unset).
fn debugger_named() -> String {
    std::env::var("FFI_TEST_DEBUGGER")
        .unwrap_or_default()
        .trim()
        .to_string()
}

const OWN_FLAGS: &str =
    "ffi-test's own flags: --in-process, --timeout DURATION (e.g. 30s, 500ms, 2m), --junit PATH, --surface-report PATH, \
     --ignore-expectations, --sanitize address|undefined|thread[,...], --valgrind, --valgrind-suppressions PATH, --fail-allocs, --coverage DIR, --compare-compiler CC, --no-fork-server, --verbose, --keep-core DIR, --debug TEST";

/// A command line (or environment) the harness cannot run with; exit status 2, as libtest's.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum UsageError {
    /// An own flag given last, without its value.
    #[error("{0} needs a value ({OWN_FLAGS})")]
    NoValue(&'static str),
    /// `--timeout` or `FFI_TEST_TIMEOUT` that is not a duration.
    #[error("{from}: {error}")]
    Duration {
        from: &'static str,
        error: DurationError,
    },
}

impl Cli {
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, UsageError> {
        let duration = |from, text: &str| {
            ffi_test_protocol::duration::parse(text)
                .map_err(|error| UsageError::Duration { from, error })
        };
        let mut rest = Vec::new();
        let mut in_process = env_flag("FFI_TEST_IN_PROCESS");
        let mut timeout = match std::env::var("FFI_TEST_TIMEOUT") {
            Ok(v) => duration("FFI_TEST_TIMEOUT", &v)?,
            Err(_) => DEFAULT_TIMEOUT,
        };
        let mut junit = std::env::var_os("FFI_TEST_JUNIT").map(PathBuf::from);
        let mut surface_report = std::env::var_os("FFI_TEST_SURFACE_REPORT").map(PathBuf::from);
        let mut ignore_expectations = env_flag("FFI_TEST_IGNORE_EXPECTATIONS");
        let mut sanitize = std::env::var("FFI_TEST_SANITIZE")
            .ok()
            .filter(|s| !s.is_empty());
        let mut valgrind = env_flag("FFI_TEST_VALGRIND");
        let mut valgrind_suppressions: Vec<PathBuf> =
            std::env::var_os("FFI_TEST_VALGRIND_SUPPRESSIONS")
                .map(|v| std::env::split_paths(&v).collect())
                .unwrap_or_default();
        let mut fail_allocs = env_flag("FFI_TEST_FAIL_ALLOCS");
        let mut coverage = std::env::var_os("FFI_TEST_COVERAGE_DIR").map(PathBuf::from);
        let mut no_fork_server = env_flag("FFI_TEST_NO_FORK_SERVER");
        let mut verbose = env_flag("FFI_TEST_VERBOSE");
        let mut keep_core = std::env::var_os("FFI_TEST_KEEP_CORE").map(PathBuf::from);
        let mut debug = None;
        let mut compare_compiler = std::env::var("FFI_TEST_COMPARE_COMPILER")
            .ok()
            .filter(|c| !c.is_empty());
        let all: Vec<OsString> = args.into_iter().collect();
        // What `--compare-compiler`'s runs get: every argument but the program's name and the
        // flag itself.
        let mut forwarded = Vec::new();
        let mut skip_value = false;
        for arg in all.iter().skip(1) {
            let text = arg.to_string_lossy();
            if std::mem::take(&mut skip_value) {
                continue;
            }
            if text == "--compare-compiler" {
                skip_value = true;
            } else if !text.starts_with("--compare-compiler=") {
                forwarded.push(arg.clone());
            }
        }
        let mut args = all.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy().into_owned();
            let (flag, inline) = match text.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (text.clone(), None),
            };
            let mut value = |name: &'static str| -> Result<String, UsageError> {
                inline
                    .clone()
                    .or_else(|| args.next().map(|v| v.to_string_lossy().into_owned()))
                    .ok_or(UsageError::NoValue(name))
            };
            match flag.as_str() {
                "--in-process" => in_process = true,
                "--timeout" => timeout = duration("--timeout", &value("--timeout")?)?,
                "--junit" => junit = Some(PathBuf::from(value("--junit")?)),
                "--surface-report" => {
                    surface_report = Some(PathBuf::from(value("--surface-report")?))
                }
                "--ignore-expectations" => ignore_expectations = true,
                "--sanitize" => sanitize = Some(value("--sanitize")?),
                "--valgrind" => valgrind = true,
                "--fail-allocs" => fail_allocs = true,
                "--no-fork-server" => no_fork_server = true,
                "--verbose" => verbose = true,
                "--keep-core" => keep_core = Some(PathBuf::from(value("--keep-core")?)),
                "--debug" => debug = Some(value("--debug")?),
                "--coverage" => coverage = Some(PathBuf::from(value("--coverage")?)),
                "--compare-compiler" => compare_compiler = Some(value("--compare-compiler")?),
                "--valgrind-suppressions" => {
                    valgrind_suppressions.push(PathBuf::from(value("--valgrind-suppressions")?))
                }
                _ => rest.push(arg),
            }
        }
        let filters = take_filters(&mut rest);
        let mut libtest = Arguments::from_iter(rest);
        if let [one] = filters.as_slice() {
            libtest.filter = Some(one.clone());
        }
        let filters = if filters.len() > 1 {
            filters
        } else {
            Vec::new()
        };
        // nextest runs each test as `--exact NAME`, and takes no harness flags: there, the
        // debugger named in the environment is the `--debug` (as for any run of one exact test).
        if debug.is_none() && !libtest.list && libtest.exact && !debugger_named().is_empty() {
            debug = libtest.filter.clone();
        }
        Ok(Cli {
            libtest,
            in_process,
            timeout,
            junit,
            surface_report,
            ignore_expectations,
            sanitize,
            valgrind,
            valgrind_suppressions,
            fail_allocs,
            coverage,
            compare_compiler,
            forwarded,
            no_fork_server,
            verbose,
            keep_core,
            debug,
            filters,
        })
    }

    /// Whether the test named `name` is left out by the filters and `--skip`s, as libtest
    /// decides with several filters: kept if any matches. (The harness's trials have no kind,
    /// so `--list` shows each by its name.)
    pub fn filtered_out(&self, name: &str) -> bool {
        let args = &self.libtest;
        let matches = |pattern: &String| match args.exact {
            true => name == pattern,
            false => name.contains(pattern.as_str()),
        };
        let kept = match (&args.filter, self.filters.as_slice()) {
            (Some(filter), _) => matches(filter),
            (None, []) => true,
            (None, filters) => filters.iter().any(matches),
        };
        !kept || args.skip.iter().any(matches)
    }

    /// The arguments libtest-mimic runs with: the command line's, or with several filters, the
    /// harness's selection as exact skips (so its counts and listing stay libtest's).
    pub fn run_args<'a>(&self, names: impl Iterator<Item = &'a str>) -> Arguments {
        let mut args = self.libtest.clone();
        if !self.filters.is_empty() {
            args.skip = names
                .filter(|name| self.filtered_out(name))
                .map(str::to_string)
                .collect();
            args.exact = true;
        }
        args
    }

    /// Whether the per-subject summary fits this output (not JSON, not a listing).
    pub fn wants_subject_summary(&self) -> bool {
        !self.libtest.list
            && !matches!(self.libtest.format, Some(FormatSetting::Json))
            && self.libtest.logfile.is_none()
    }

    /// Whether the output wanted is coloured: as `--color` says, else when stdout is a terminal
    /// and `NO_COLOR` is not set. Decided here, against the real stdout: while tests run,
    /// stdout is a pipe (see `report::summary`).
    pub fn colour_wanted(&self) -> bool {
        match self.libtest.color {
            Some(ColorSetting::Always) => true,
            Some(ColorSetting::Never) => false,
            Some(ColorSetting::Auto) | None => {
                let tty = std::io::IsTerminal::is_terminal(&std::io::stdout());
                tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Takes libtest's positional arguments (its name filters) out of `args` (the program's name
/// first): libtest-mimic accepts one, libtest several. A flag's value is not a filter.
fn take_filters(args: &mut Vec<OsString>) -> Vec<String> {
    const WITH_VALUE: [&str; 6] = [
        "--test-threads",
        "--logfile",
        "--skip",
        "--color",
        "--format",
        "-Z",
    ];
    let mut filters = Vec::new();
    let mut kept = Vec::new();
    let mut value_next = false;
    for (i, arg) in std::mem::take(args).into_iter().enumerate() {
        let text = arg.to_string_lossy();
        if i == 0 || std::mem::take(&mut value_next) {
            kept.push(arg);
        } else if text.starts_with('-') {
            value_next = WITH_VALUE.contains(&text.as_ref());
            kept.push(arg);
        } else {
            filters.push(text.into_owned());
        }
    }
    *args = kept;
    filters
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_flags_are_taken_out_before_libtest_parses() {
        let args = [
            "bin",
            "--timeout=3s",
            "filter",
            "--in-process",
            "--junit",
            "out.xml",
            "--exact",
        ];
        let cli = Cli::parse(args.iter().map(OsString::from)).unwrap();
        assert!(cli.in_process && cli.libtest.exact);
        assert_eq!(cli.timeout, Duration::from_secs(3));
        assert_eq!(cli.junit, Some(PathBuf::from("out.xml")));
        assert_eq!(cli.libtest.filter.as_deref(), Some("filter"));
        assert!(cli.filters.is_empty());
    }

    #[test]
    fn several_filters_keep_a_test_any_of_them_names() {
        let parse = |args: &[&str]| Cli::parse(args.iter().map(OsString::from)).unwrap();
        let cli = parse(&[
            "bin",
            "alpha",
            "--skip",
            "beta_two",
            "beta",
            "--test-threads",
            "2",
        ]);
        assert_eq!(cli.filters, ["alpha", "beta"]);
        assert_eq!(cli.libtest.filter, None);
        assert_eq!(cli.libtest.skip, ["beta_two"]);
        assert_eq!(cli.libtest.test_threads, Some(2));
        let out = |name: &str| cli.filtered_out(name);
        assert!(!out("alpha_one") && !out("beta_one"));
        assert!(out("beta_two") && out("gamma"));
        let names = ["alpha_one", "beta_one", "beta_two", "gamma"];
        let run = cli.run_args(names.into_iter());
        assert!(run.exact && run.filter.is_none());
        assert_eq!(run.skip, ["beta_two", "gamma"]);

        let exact = parse(&["bin", "--exact", "alpha", "alpha_one"]);
        let out = |name: &str| exact.filtered_out(name);
        assert!(!out("alpha_one") && out("alpha_two"));
    }

    #[test]
    fn a_flag_without_its_value_or_a_bad_duration_is_a_usage_error() {
        let parse = |args: &[&str]| Cli::parse(args.iter().map(OsString::from)).err();
        assert_eq!(
            parse(&["bin", "--junit"]),
            Some(UsageError::NoValue("--junit"))
        );
        let error = parse(&["bin", "--timeout", "5h"]).unwrap();
        assert_eq!(
            error.to_string(),
            "--timeout: `5h`: unknown unit `h` (use ms, s or m)"
        );
    }
}
