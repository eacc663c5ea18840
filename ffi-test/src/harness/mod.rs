//! The harness: collects registered tests, selects what the command line asks for, prepares the
//! C side of the selected tests, and runs them with libtest-mimic.

mod args;
mod summary;

use std::process::ExitCode;

use libtest_mimic::{Failed, Trial};

use crate::registry::{self, TestEntry};
use crate::Config;
use args::Cli;
use summary::Recorder;

/// Runs every registered test of this binary as the command line asks. See [`crate::run`].
pub fn run(config: Config) -> ExitCode {
    let mut cli = Cli::parse(std::env::args_os());
    let entries = match registry::collect() {
        Ok(entries) => entries,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(101);
        }
    };
    let args = &cli.libtest;
    // The --exact fast path (what nextest sends for every test): build only the named trial.
    let entries: Vec<&'static TestEntry> = match (&args.filter, args.exact) {
        (Some(filter), true) if args.skip.is_empty() => {
            entries.into_iter().filter(|e| e.name == filter).collect()
        }
        _ => entries,
    };
    let selected: Vec<&'static str> = entries
        .iter()
        .filter(|e| {
            let probe = trial_shell(e);
            !args.is_filtered_out(&probe)
        })
        .map(|e| e.name)
        .collect();

    let needs_c = entries
        .iter()
        .any(|e| e.c.is_some() && selected.contains(&e.name));
    if needs_c {
        // Every fragment of the binary, not only the selected ones: one cache entry serves any
        // filter, and nextest's one-process-per-test runs share it instead of compiling each.
        crate::toolchain::install(crate::toolchain::prepare(&config, &entries_with_c()));
    }

    let recorder = Recorder::default();
    let trials: Vec<Trial> = entries.iter().map(|e| trial(e, &recorder)).collect();
    if !cli.wants_subject_summary() {
        return libtest_mimic::run(&cli.libtest, trials).exit_code();
    }
    cli.pin_colour_to_real_stdout();
    let conclusion = summary::with_summary_before_result(
        || libtest_mimic::run(&cli.libtest, trials),
        || recorder.subject_lines(&selected),
    );
    conclusion.exit_code()
}

fn entries_with_c() -> Vec<&'static TestEntry> {
    registry::collect()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.c.is_some())
        .collect()
}

/// A trial with the entry's name and flags but no body, for asking libtest-mimic's own
/// selection rules which tests the command line selects.
fn trial_shell(entry: &TestEntry) -> Trial {
    Trial::test(entry.name, || Ok(())).with_ignored_flag(entry.ignore.is_some())
}

fn trial(entry: &'static TestEntry, recorder: &Recorder) -> Trial {
    let recorder = recorder.clone();
    Trial::test(entry.name, move || {
        let result = match crate::toolchain::prepared_error(entry.name) {
            Some(error) => Err(error),
            None => crate::outcome::run_in_process(entry),
        };
        recorder.record(entry.name, result.is_ok());
        result.map_err(Failed::from)
    })
    .with_ignored_flag(entry.ignore.is_some())
}
