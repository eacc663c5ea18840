//! `--debug TEST`: one test's own process under a debugger, with the environment, arguments and
//! C objects the harness gives it, the debugger in the foreground on the terminal. The
//! debugger is `FFI_TEST_DEBUGGER` (default `gdb`): a program and its arguments, to which the
//! test binary is added as each debugger takes it (`gdb ... --args BINARY`, `lldb ... --
//! BINARY`, `rr record BINARY`, any other program `... BINARY`). The test process stops where
//! its signal comes (the debugger sees it before the crash handler, which is not installed);
//! the run's verdict is the session's: the harness ends with the debugger's exit status.

use std::process::ExitCode;

use super::args::Cli;
use super::isolation::ChildFiles;
use crate::registry::config::Config;

/// Runs test `name` under the debugger and returns the debugger's exit status.
pub fn run(cli: &Cli, config: &Config, name: &str) -> ExitCode {
    let entry = match crate::registry::collect() {
        Ok(entries) => entries.into_iter().find(|e| e.name == name),
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(101);
        }
    };
    let Some(entry) = entry else {
        eprintln!(
            "ffi-test: --debug: no test is named `{name}` (it takes one test's exact name, as `--list` shows it)"
        );
        return ExitCode::from(2);
    };
    let ctx = match super::setup::context(cli, config, &[entry], None) {
        Ok(ctx) => ctx,
        Err(code) => return code,
    };
    let mut files = ChildFiles::new(&ctx.launch.runs_dir);
    let role = (super::child::TEST_VAR, std::ffi::OsStr::new(name));
    let mut cmd = match ctx.launch.command(role, &mut files, false) {
        Ok(cmd) => cmd,
        Err(e) => {
            eprintln!("ffi-test: --debug: {e}");
            return ExitCode::from(101);
        }
    };
    cmd.env(super::child::DEBUGGED_VAR, "1");
    let program = cmd.get_program().to_string_lossy().into_owned();
    let started = std::time::SystemTime::now();
    // In the harness's own process group, so that an interactive debugger has the terminal.
    let status = match cmd.status() {
        Ok(status) => status,
        Err(e) => {
            eprintln!("ffi-test: --debug: cannot start the debugger `{program}`: {e}");
            return ExitCode::from(2);
        }
    };
    // The channel lived until now: the test process may report into it (nobody reads it).
    drop(files);
    eprintln!("ffi-test: --debug: `{program}` ended ({status}); a debugged run is not judged");
    if program.ends_with("rr") {
        match rr_trace_since(started) {
            Some(trace) => eprintln!(
                "ffi-test: --debug: replay it: rr replay {}",
                trace.display()
            ),
            None => {
                eprintln!("ffi-test: --debug: rr recorded no trace (its message above says why)")
            }
        }
    }
    ExitCode::from(status.code().map_or(101, |c| c as u8))
}

/// The trace rr wrote since `started`: its `latest-trace` link (in `_RR_TRACE_DIR`, else
/// `$XDG_DATA_HOME/rr` or `~/.local/share/rr`), if it is that recent.
fn rr_trace_since(started: std::time::SystemTime) -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os("_RR_TRACE_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => match std::env::var_os("XDG_DATA_HOME") {
            Some(data) => std::path::PathBuf::from(data).join("rr"),
            None => std::path::PathBuf::from(std::env::var_os("HOME")?).join(".local/share/rr"),
        },
    };
    let trace = std::fs::canonicalize(dir.join("latest-trace")).ok()?;
    let written = std::fs::metadata(&trace).and_then(|m| m.modified()).ok()?;
    (written >= started).then_some(trace)
}

/// The debugger's command line, from `FFI_TEST_DEBUGGER` (default `gdb`), with what it needs
/// before the program it starts.
pub fn debugger() -> Vec<String> {
    words_for(&std::env::var("FFI_TEST_DEBUGGER").unwrap_or_else(|_| "gdb".into()))
}

fn words_for(named: &str) -> Vec<String> {
    let mut words: Vec<String> = named.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        words.push("gdb".into());
    }
    let program = std::path::Path::new(&words[0])
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match program.as_str() {
        "gdb" => words.push("--args".into()),
        "lldb" => words.push("--".into()),
        "rr" if words.len() == 1 => words.push("record".into()),
        _ => {}
    }
    words
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_debugger_gets_the_program_as_it_takes_it() {
        let with = |named: &str| super::words_for(named).join(" ");
        assert_eq!(with("gdb -batch -ex run"), "gdb -batch -ex run --args");
        assert_eq!(with("/usr/bin/lldb"), "/usr/bin/lldb --");
        assert_eq!(with("rr"), "rr record");
        assert_eq!(with("valgrind --vgdb=yes"), "valgrind --vgdb=yes");
    }
}
