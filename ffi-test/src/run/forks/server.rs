//! One fork server, seen from the harness: started from a thread of its own, asked for one
//! test's process at a time, stopped at the end of the run or when it breaks.

use std::ffi::OsStr;
use std::os::fd::{OwnedFd, RawFd};
use std::path::PathBuf;
use std::sync::Mutex;

use super::wire::{Reply, Request};
use crate::os::passing;
use crate::run::isolation::{ChildFiles, Launch};
use crate::run::spawn;

pub struct Server {
    /// The server's process, until it is stopped.
    template: Mutex<Option<spawn::Running>>,
    /// One request and its reply at a time.
    control: Mutex<OwnedFd>,
    /// Where its checker logs, if one watches it: its tests log there too (plus `.PID`).
    pub log_base: PathBuf,
    /// Keeps the thread that started the server alive (see [`Server::start`]).
    _keeper: Mutex<std::sync::mpsc::Sender<()>>,
}

impl Server {
    /// Starts a server from a thread of its own that lives as long as it does: a child asks
    /// to die with the thread that started it (`PR_SET_PDEATHSIG`), and a test's thread ends
    /// with its test.
    pub fn start(launch: &Launch, at_start: &[(&str, &OsStr)]) -> Result<Server, String> {
        let mut files = ChildFiles::new(&launch.runs_dir);
        // Under a checker, which watches the server and so every process forked from it.
        let mut cmd = launch.command(
            (crate::run::child::SERVER_VAR, OsStr::new("1")),
            &mut files,
            true,
        )?;
        let log_base = files.log_base().to_path_buf();
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
            template: Mutex::new(Some(template)),
            control: Mutex::new(control),
            log_base,
            _keeper: Mutex::new(stop),
        })
    }

    /// Sends `request` with `fds` attached; the server's reply, or why there is none.
    pub fn ask(&self, request: &Request, fds: &[RawFd]) -> Result<Reply, String> {
        let control = self.control.lock().unwrap_or_else(|e| e.into_inner());
        passing::send(&*control, &request.encode(), fds).map_err(|e| e.to_string())?;
        // Meanwhile the server's own output is read: a server whose C prints more than a pipe
        // holds would wait for the harness, and the harness for its reply.
        while !passing::readable(&*control, std::time::Duration::from_millis(20)) {
            let mut template = self.template.lock().unwrap_or_else(|e| e.into_inner());
            let ended = template
                .as_mut()
                .is_none_or(|running| running.wait(std::time::Duration::ZERO));
            if ended {
                return Err("it ended".into());
            }
        }
        let mut buffer = [0u8; 4096];
        match passing::receive(&*control, &mut buffer).map_err(|e| e.to_string())? {
            Some((len, _)) => Reply::decode(&buffer[..len]),
            None => Err("it closed its end".into()),
        }
    }

    /// Ends the server (once); what it said when it ended, if anything.
    pub fn stop(&self) -> String {
        let Some(template) = self
            .template
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        else {
            return String::new();
        };
        let (status, output) = template.finish();
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

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
