//! The fork server: one template child per kind of test process (plain tests; a sweep's, with
//! its injector preloaded), which has loaded the binary's C once and forks each test's process
//! on request, so that a test costs a `fork` and its body rather than an `exec`, the dynamic
//! loader and the C's constructors.
//!
//! A test started this way is the harness's own child, in its own process group, with its own
//! verdict channel and output pipe, as an `exec`ed one is: everything after its start (timeouts,
//! classification, the reaper) is the same code. A memory checker watches the server, and so
//! every process forked from it. What cannot be forked is started by `exec`, and `--verbose`
//! says why: a run with `--no-fork-server`, a target runner (qemu-user, which must start each
//! process), `--coverage` (the counts' prefix is read at start), one test alone, a server that
//! has more than one thread or has died.

mod server;
mod template;
mod wire;

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex};

use super::args::Cli;
use super::isolation::{ChildFiles, Launch};
use super::spawn;
use crate::registry::TestEntry;
use server::Server;
pub use template::serve;
use wire::{Reply, Request};

/// The variables a server is started with, which its tests share (a sweep's preload).
type Key = Vec<(String, OsString)>;

/// The run's fork servers, started on first use.
pub struct Forks {
    /// Why this run starts every test by `exec`; `None` when servers may be used.
    off: Option<String>,
    /// `--verbose`: say (once each) why a test was not forked.
    verbose: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    servers: HashMap<Key, Slot>,
    said: HashSet<String>,
}

enum Slot {
    Up(Arc<Server>),
    /// It could not start, or stopped: its tests start by `exec`.
    Down,
}

/// How asking a server for a test's process ended, short of an error of the harness's own.
enum Asked {
    Forked(libc::pid_t),
    Refused(String),
    /// The server is gone (or its middle process failed): why.
    Broken(String),
}

/// Why this run starts no fork server, if it does not.
pub fn off(cli: &Cli, to_run: &[&'static TestEntry]) -> Option<String> {
    if cli.no_fork_server {
        return Some("--no-fork-server".into());
    }
    // A server is an exec of its own: it pays from the second process on (a sweep makes many).
    if let [one] = to_run {
        if one.faults.is_empty() && !cli.fail_allocs {
            return Some("one test in this run, and a server costs more than one exec".into());
        }
    }
    if let Some(runner) = super::runner::runner() {
        return Some(format!(
            "the target runner {runner:?} starts each test process"
        ));
    }
    if cli.coverage.is_some() {
        return Some("--coverage: each test's counts go under a prefix read as it starts".into());
    }
    if cli.debug.is_some() {
        return Some("--debug: the test's process is the debugger's".into());
    }
    if cli.keep_core.is_some() {
        return Some(
            "--keep-core: each test process is told where its core goes as it starts".into(),
        );
    }
    None
}

impl Forks {
    /// Servers for a run, or none (`off` says why).
    pub fn new(off: Option<String>, verbose: bool) -> Forks {
        if let (Some(why), true) = (&off, verbose) {
            eprintln!("ffi-test: tests start by exec, not from a fork server: {why}");
        }
        Forks {
            off,
            verbose,
            state: Mutex::new(State::default()),
        }
    }

    /// Starts `test`, forked by the server for `at_start` with `per_run` set in its process;
    /// `None` when it is to be started by `exec` instead (the reason said under `--verbose`).
    ///
    /// Lock order: a server is started, and a broken one stopped, holding no lock of the
    /// reaper's; the request itself runs under the reaper's registration (so a sweep of
    /// strays never sees the test before it is known), holding only the server's own locks
    /// (its channel's, and its process's while its output is read).
    /// The interrupt path holds its state while it waits for the reaper's: nothing here may
    /// wait for the interrupt's state inside the reaper's registration.
    pub fn start(
        &self,
        launch: &Launch,
        test: &str,
        at_start: &[(&str, &OsStr)],
        per_run: &[(&str, &OsStr)],
        files: &mut ChildFiles,
    ) -> Option<Result<spawn::Running, String>> {
        if self.off.is_some() {
            return None;
        }
        let key: Key = at_start
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_os_string()))
            .collect();
        let server = self.server(launch, &key, at_start)?;
        let request = Request {
            test: test.to_string(),
            env: per_run
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_os_string()))
                .collect(),
        };
        let asked = match ask(&server, &request, files, launch.capture) {
            Ok(asked) => asked,
            Err(e) => return Some(Err(e)),
        };
        match asked {
            (Asked::Forked(pid), output) => {
                files.forked_by(&server.log_base, pid);
                Some(spawn::adopt(pid, output))
            }
            (Asked::Refused(why), _) => {
                self.say(&mut self.state(), format!("the fork server refused: {why}"));
                None
            }
            (Asked::Broken(why), _) => {
                self.retire(&key, &server, why);
                None
            }
        }
    }

    /// The server for `key`, started if there is none yet; `None` if it is down.
    fn server(
        &self,
        launch: &Launch,
        key: &Key,
        at_start: &[(&str, &OsStr)],
    ) -> Option<Arc<Server>> {
        let mut state = self.state();
        if !state.servers.contains_key(key) {
            let slot = match Server::start(launch, at_start) {
                Ok(server) => Slot::Up(Arc::new(server)),
                Err(why) => {
                    self.say(&mut state, format!("the fork server did not start: {why}"));
                    Slot::Down
                }
            };
            state.servers.insert(key.clone(), slot);
        }
        match state.servers.get(key) {
            Some(Slot::Up(server)) => Some(Arc::clone(server)),
            _ => None,
        }
    }

    /// `server` broke: its tests start by exec from now on.
    fn retire(&self, key: &Key, server: &Server, why: String) {
        let ended = server.stop();
        let mut state = self.state();
        state.servers.insert(key.clone(), Slot::Down);
        self.say(
            &mut state,
            format!("the fork server stopped ({why}){ended}"),
        );
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn say(&self, state: &mut State, why: String) {
        if self.verbose && state.said.insert(why.clone()) {
            eprintln!("ffi-test: tests start by exec, not forked: {why}");
        }
    }
}

/// Asks `server` for `request`'s process, handing it the test's verdict channel, a pipe for
/// its pid and (when captured) its output pipe; the read end of the output pipe comes back.
fn ask(
    server: &Server,
    request: &Request,
    files: &mut ChildFiles,
    capture: bool,
) -> Result<(Asked, Option<std::io::PipeReader>), String> {
    let verdict = files.channel_end()?;
    let pipe = |_| std::io::pipe().map_err(|e| format!("cannot create a pipe: {e}"));
    let (pid_reader, pid_writer) = pipe(())?;
    let (output_reader, output_writer) = capture.then(|| pipe(())).transpose()?.unzip();
    let mut fds = vec![verdict, pid_writer.as_raw_fd()];
    fds.extend(output_writer.as_ref().map(|w| w.as_raw_fd()));
    let asked = crate::os::reaper::started(
        || {
            let reply = server.ask(request, &fds);
            // The test's process holds the only copies now: its end is their end.
            drop((pid_writer, output_writer));
            Ok(match reply {
                Ok(Reply::Forked) => {
                    let mut pid = [0u8; 4];
                    match { pid_reader }.read_exact(&mut pid) {
                        Ok(()) => Asked::Forked(libc::pid_t::from_ne_bytes(pid)),
                        Err(e) => Asked::Broken(format!("its second fork failed ({e})")),
                    }
                }
                Ok(Reply::Refused(why)) => Asked::Refused(why),
                Err(broken) => Asked::Broken(broken),
            })
        },
        |asked| match asked {
            Asked::Forked(pid) => Some(*pid),
            _ => None,
        },
    )
    .map_err(|e| e.to_string())?;
    Ok((asked, output_reader))
}
