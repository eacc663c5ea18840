//! The fork server: one template child per kind of test process (plain tests; a sweep's, with
//! its injector preloaded), which has loaded the binary's C once and forks each test's process
//! on request, so that a test costs a `fork` and its body rather than an `exec`, the dynamic
//! loader and the C's constructors.
//!
//! A test started this way is the harness's own child, in its own process group, with its own
//! verdict channel and output pipe, as an `exec`ed one is: everything after its start (timeouts,
//! classification, the reaper) is the same code. What cannot be forked is started by `exec`,
//! and `--verbose` says why: a run with `--no-fork-server`, a target runner (qemu-user) or a
//! memory checker (each must start the process), `--coverage` (the counts' prefix is read at
//! start), a server that has more than one thread or has died.

mod template;
mod wire;

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::Mutex;

use super::isolation::{ChildFiles, Launch};
use super::spawn;
use crate::os::passing;
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
    Up(Server),
    /// It could not start, or stopped: its tests start by `exec`.
    Down,
}

struct Server {
    template: spawn::Running,
    control: OwnedFd,
    /// Keeps the thread that started the server alive (see [`Server::start`]).
    _keeper: std::sync::mpsc::Sender<()>,
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
        let request = Request {
            test: test.to_string(),
            env: per_run
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_os_string()))
                .collect(),
        };
        let verdict = match files.channel_end() {
            Ok(fd) => fd,
            Err(e) => return Some(Err(e)),
        };
        let pipes = std::io::pipe().and_then(|pid| {
            let output = if launch.capture {
                Some(std::io::pipe()?)
            } else {
                None
            };
            Ok((pid, output))
        });
        let ((pid_reader, pid_writer), output) = match pipes {
            Ok(pipes) => pipes,
            Err(e) => return Some(Err(format!("cannot create a pipe: {e}"))),
        };
        let (output_reader, output_writer) = output.unzip();
        let mut fds = vec![verdict, pid_writer.as_raw_fd()];
        fds.extend(output_writer.as_ref().map(|w| w.as_raw_fd()));
        let started = crate::os::reaper::started(
            || {
                let forked = self.ask(launch, at_start, &request, &fds);
                // The test's process holds the only copies now: its end is their end.
                drop((pid_writer, output_writer));
                if !forked {
                    return Ok(None);
                }
                let mut pid = [0u8; 4];
                match { pid_reader }.read_exact(&mut pid) {
                    Ok(()) => Ok(Some(libc::pid_t::from_ne_bytes(pid))),
                    Err(e) => {
                        let why = format!("the fork server's second fork failed ({e})");
                        self.say(&mut self.state(), why);
                        Ok(None)
                    }
                }
            },
            |pid| *pid,
        );
        match started {
            Ok(Some(pid)) => Some(spawn::adopt(pid, output_reader)),
            Ok(None) => None,
            Err(e) => Some(Err(e.to_string())),
        }
    }

    /// Asks the server for `at_start` (started if there is none) to fork `request`'s test;
    /// `false` when it did not.
    fn ask(
        &self,
        launch: &Launch,
        at_start: &[(&str, &OsStr)],
        request: &Request,
        fds: &[RawFd],
    ) -> bool {
        let key: Key = at_start
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_os_string()))
            .collect();
        let mut state = self.state();
        if !state.servers.contains_key(&key) {
            let slot = match Server::start(launch, at_start) {
                Ok(server) => Slot::Up(server),
                Err(why) => {
                    self.say(&mut state, format!("the fork server did not start: {why}"));
                    Slot::Down
                }
            };
            state.servers.insert(key.clone(), slot);
        }
        let Some(Slot::Up(server)) = state.servers.get(&key) else {
            return false;
        };
        match server.ask(request, fds) {
            Ok(Reply::Forked) => true,
            Ok(Reply::Refused(refused)) => {
                self.say(&mut state, format!("the fork server refused: {refused}"));
                false
            }
            Err(broken) => {
                if let Some(Slot::Up(server)) = state.servers.insert(key, Slot::Down) {
                    let ended = server.stop();
                    self.say(
                        &mut state,
                        format!("the fork server stopped ({broken}){ended}"),
                    );
                }
                false
            }
        }
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

impl Server {
    /// Starts a server from a thread of its own that lives as long as it does: a child asks
    /// to die with the thread that started it (`PR_SET_PDEATHSIG`), and a test's thread ends
    /// with its test.
    fn start(launch: &Launch, at_start: &[(&str, &OsStr)]) -> Result<Server, String> {
        let mut files = ChildFiles::new(&launch.runs_dir);
        let mut cmd = launch.command(
            (crate::run::child::SERVER_VAR, OsStr::new("1")),
            &mut files,
            false,
        )?;
        cmd.envs(at_start.iter().copied());
        let capture = launch.capture;
        let (started, keeper) = std::sync::mpsc::channel();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("ffi-test fork server".into())
            .spawn(move || {
                let _ = started.send(spawn::start(cmd, capture));
                // Until the server is stopped (its sender dropped).
                let _ = stopped.recv();
            })
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        let template = keeper
            .recv()
            .map_err(|_| "its thread ended".to_string())??;
        // Only now: the channel's other end had to stay open until the server was started.
        let control = files
            .take_channel()
            .ok_or("no control channel")?
            .into_parent();
        Ok(Server {
            template,
            control,
            _keeper: stop,
        })
    }

    /// Sends `request` with `fds` attached; the server's reply, or why there is none.
    fn ask(&self, request: &Request, fds: &[RawFd]) -> Result<Reply, String> {
        passing::send(&self.control, &request.encode(), fds).map_err(|e| e.to_string())?;
        let mut buffer = [0u8; 4096];
        match passing::receive(&self.control, &mut buffer).map_err(|e| e.to_string())? {
            Some((len, _)) => Reply::decode(&buffer[..len]),
            None => Err("it closed its end".into()),
        }
    }

    /// Ends the server; what it said when it ended, if anything.
    fn stop(self) -> String {
        drop(self.control);
        let (status, output) = self.template.finish();
        let mut said = match status {
            Ok(status) if !status.success() => format!(": it ended with {status}"),
            _ => String::new(),
        };
        if !output.trim().is_empty() {
            said.push_str(&format!("\n--- its output ---\n{}", output.trim_end()));
        }
        said
    }
}

impl Drop for Forks {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        for (_, slot) in state.servers.drain() {
            if let Slot::Up(server) = slot {
                server.stop();
            }
        }
    }
}
