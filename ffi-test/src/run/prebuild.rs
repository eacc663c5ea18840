//! Prebuild mode (`FFI_TEST_PREBUILD=1`, what `cargo ffi-test prebuild` runs each test binary
//! in): every C unit a plain run of the binary builds, and every compiler reading it keeps,
//! built now and kept beside the binary (see `cside::prebuilt`), so a machine with no C
//! compiler runs the binary. No test runs; the command line is not read.

use std::process::ExitCode;

use crate::cside::prebuilt::Prebuilt;
use crate::cside::{Located, Toolchain};
use crate::registry::config::Config;
use crate::registry::{self, Expect};

/// Whether this process was started in prebuild mode.
pub fn asked() -> bool {
    std::env::var_os(crate::cside::prebuilt::PREBUILD_VAR).is_some()
}

/// Builds and keeps everything; exit status 0 when all of it was kept (C that does not compile
/// is kept too, as its diagnostics: the run reports it as it would have).
pub fn run(config: &Config) -> ExitCode {
    match prebuild(config) {
        Ok(summary) => {
            println!("ffi-test prebuild: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ffi-test prebuild: {e}");
            ExitCode::from(101)
        }
    }
}

fn prebuild(config: &Config) -> Result<String, String> {
    let prebuilt = Prebuilt::for_writing()?;
    let runs = super::runs::RunsDir::create()?;
    let toolchain = Toolchain {
        prebuild: Some(&prebuilt),
        ..Toolchain::native_in(config, Some(runs.path()))
    };
    let entries = registry::collect()?;
    let with_c = super::entries_with_c();
    // Loaded here, as `--in-process` does, so a unit that compiles but does not load is split
    // as a run splits it and every unit the run asks for is kept.
    let located = crate::cside::locate(&toolchain, &with_c, &[], None);
    let failed = located
        .iter()
        .filter(|(_, l)| matches!(l, Located::Failed(_)))
        .count();
    let surfaces = crate::checks::surface::surfaces();
    for surface in surfaces.iter().filter(|s| !s.headers.is_empty()) {
        surface.unbound(&toolchain)?;
    }
    if entries
        .iter()
        .any(|e| matches!(e.expect, Expect::IfCompiler(..)))
    {
        crate::cside::compiler_family(&toolchain)?;
    }
    let sweeps = entries.iter().any(|e| !e.faults.is_empty());
    if sweeps {
        crate::tools::faults::library::build(&toolchain)?;
    }
    let censuses = surfaces.iter().filter(|s| !s.headers.is_empty()).count();
    Ok(
        match what_was_kept(with_c.len(), failed, censuses, sweeps) {
            Some(kept) => format!("{kept} kept in {}", prebuilt.dir().display()),
            None => "this binary compiles no C: nothing to keep".into(),
        },
    )
}

/// What the summary line names: the C of `tests` tests (`failed` of them not building), the
/// census of `censuses` surfaces, the fault injector; `None` when nothing.
fn what_was_kept(tests: usize, failed: usize, censuses: usize, injector: bool) -> Option<String> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut kept = Vec::new();
    if tests > 0 {
        let mut part = format!("the C of {tests} test{}", plural(tests));
        if failed > 0 {
            part.push_str(&format!(
                " ({failed} not compiling or loading: kept as the failure the run reports)"
            ));
        }
        kept.push(part);
    }
    if censuses > 0 {
        kept.push(format!(
            "the headers' census of {censuses} surface{}",
            plural(censuses)
        ));
    }
    if injector {
        kept.push("the fault injector".into());
    }
    (!kept.is_empty()).then(|| kept.join(", "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_summary_names_what_was_kept() {
        let line = super::what_was_kept(28, 1, 1, true).unwrap();
        assert_eq!(
            line,
            "the C of 28 tests (1 not compiling or loading: kept as the failure the run reports), \
             the headers' census of 1 surface, the fault injector"
        );
        assert_eq!(
            super::what_was_kept(1, 0, 0, false).unwrap(),
            "the C of 1 test"
        );
        assert_eq!(super::what_was_kept(0, 0, 0, false), None);
    }
}
