//! Nothing a test starts outlives it, whatever session or process group it moves to.
//!
//! The harness and each test process are subreapers (`PR_SET_CHILD_SUBREAPER`): a process whose
//! parent dies is adopted by the nearest of them instead of by init. A test process kills
//! whatever it still has below it before it reports its verdict ([`kill_descendants`]); a test
//! process that ended any other way (an exit from C, a signal, a timeout) leaves its descendants
//! to the harness, which kills every child it did not start itself ([`sweep`]). So the harness
//! starts its own processes through [`spawn`], which remembers them.

use std::collections::BTreeSet;
use std::io;
use std::process::{Child, Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};

/// A process id (`pid_t`, which is `i32` on every Unix `libc` knows; a Windows process id fits).
type Pid = i32;

/// The harness's own children, started through [`spawn`] and not yet reaped.
static KNOWN: Mutex<BTreeSet<Pid>> = Mutex::new(BTreeSet::new());

/// Held shared across each spawn and its registration, exclusively by a sweep: a sweep never
/// sees a child before it is known, and spawns never wait for each other.
static SPAWNING: RwLock<()> = RwLock::new(());

/// Whether this process adopts orphans (and so must sweep them).
#[cfg(unix)]
static ADOPTS: AtomicBool = AtomicBool::new(false);

/// Set once the run is interrupted: nothing more is started.
static STOPPING: AtomicBool = AtomicBool::new(false);

fn known() -> std::sync::MutexGuard<'static, BTreeSet<Pid>> {
    KNOWN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Makes this process adopt its orphaned descendants.
#[cfg(unix)]
pub fn adopt_orphans() {
    // SAFETY: prctl(2) PR_SET_CHILD_SUBREAPER with a flag value.
    if unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1) } == 0 {
        ADOPTS.store(true, Ordering::SeqCst);
    }
}

/// Starts `cmd`, remembered as the harness's own until [`reaped`] (a sweep leaves it alone).
/// Refused once the run is stopping.
pub fn spawn(cmd: &mut Command) -> io::Result<Child> {
    let _spawning = SPAWNING.read().unwrap_or_else(|e| e.into_inner());
    if STOPPING.load(Ordering::SeqCst) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "the run was interrupted",
        ));
    }
    let child = cmd.spawn()?;
    known().insert(child.id() as Pid);
    Ok(child)
}

/// As [`spawn`], for a child that `start` makes some other way (a fork server's, which becomes
/// this process's child before `start` returns): `pid_of` names it, remembered as the harness's
/// own until [`reaped`]. Refused once the run is stopping.
#[cfg(unix)]
pub fn started<T>(
    start: impl FnOnce() -> io::Result<T>,
    pid_of: impl FnOnce(&T) -> Option<Pid>,
) -> io::Result<T> {
    let _spawning = SPAWNING.read().unwrap_or_else(|e| e.into_inner());
    if STOPPING.load(Ordering::SeqCst) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "the run was interrupted",
        ));
    }
    let started = start()?;
    if let Some(pid) = pid_of(&started) {
        known().insert(pid);
    }
    Ok(started)
}

/// The run is interrupted: kills every process the harness started (and the process group of
/// each that leads one: a compiler's programs), and starts nothing more. Their owners reap them.
#[cfg(unix)]
pub fn stop_all() {
    STOPPING.store(true, Ordering::SeqCst);
    // Any spawn in flight has registered its child once this is held.
    let _no_spawn = SPAWNING.write().unwrap_or_else(|e| e.into_inner());
    let known = known();
    for &pid in known.iter() {
        // SAFETY: kill(2) on our own unreaped children (they leave the set only once reaped),
        // and on the groups they lead, if any; a pid that leads no group gives ESRCH.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
            libc::kill(pid, libc::SIGKILL);
        }
    }
}

/// `pid`, started through [`spawn`], has been reaped.
pub fn reaped(pid: u32) {
    known().remove(&(pid as Pid));
}

/// As `cmd.output()`, through [`spawn`].
pub fn output(cmd: &mut Command) -> io::Result<Output> {
    use std::process::Stdio;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = spawn(cmd)?;
    let pid = child.id();
    let output = child.wait_with_output();
    reaped(pid);
    output
}

/// In the harness: kills and reaps every child it did not start itself (orphans it adopted),
/// and theirs, until none is left.
#[cfg(unix)]
pub fn sweep() {
    if !ADOPTS.load(Ordering::SeqCst) || !has_children() {
        return;
    }
    let _no_spawn = SPAWNING.write().unwrap_or_else(|e| e.into_inner());
    let known = known().clone();
    kill_children_except(&known);
}

/// In a test process, before its verdict: kills and reaps everything it started that is still
/// there, in any session or group.
#[cfg(unix)]
pub fn kill_descendants() {
    // waitpid(2) with WNOHANG says whether there is any child at all without a /proc walk: the
    // usual test has none. (It may reap one that has exited: nobody else waits for it now.)
    let mut status = 0;
    // SAFETY: waitpid(2) with a valid status pointer.
    let any = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
    if any == -1 {
        return;
    }
    kill_children_except(&BTreeSet::new());
}

/// Whether this process has any child, running or ended, without a /proc walk and without
/// reaping one (`WNOWAIT`: whoever waits for it still can). A run whose tests all ran in
/// another process (nextest's, see `run/shared.rs`) then pays nothing for its sweep.
#[cfg(unix)]
fn has_children() -> bool {
    // SAFETY: zeroed siginfo_t is valid for waitid(2) to fill.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: waitid(2) with a valid siginfo pointer; WNOWAIT leaves any child waitable.
    let r = unsafe {
        libc::waitid(
            libc::P_ALL,
            0,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        )
    };
    !(r == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::ECHILD))
}

/// Rounds of kill-and-reap: each killed child's own children are adopted by this process the
/// moment it exits, and are found in the next round.
#[cfg(unix)]
fn kill_children_except(known: &BTreeSet<Pid>) {
    for _ in 0..10_000 {
        let strays: Vec<Pid> = children_of(std::process::id() as Pid)
            .into_iter()
            .filter(|pid| !known.contains(pid))
            .collect();
        if strays.is_empty() {
            return;
        }
        for &pid in &strays {
            // SAFETY: kill(2) on our own unreaped child: its pid cannot have been reused.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        for pid in strays {
            let mut status = 0;
            // SAFETY: waitpid(2) on our own child with a valid status pointer.
            unsafe { libc::waitpid(pid, &mut status, 0) };
        }
    }
}

/// The pids whose parent is `parent`, from /proc (each process's `stat` read into one buffer:
/// this walk runs at the end of every run).
#[cfg(unix)]
fn children_of(parent: Pid) -> Vec<Pid> {
    if parent == std::process::id() as Pid {
        if let Some(own) = own_children() {
            return own;
        }
    }
    all_children_of(parent)
}

/// This process's children from `/proc/self/task/*/children` (one small file per thread, where
/// the kernel has them): no walk over every process of the machine.
#[cfg(unix)]
fn own_children() -> Option<Vec<Pid>> {
    let mut children = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let text = std::fs::read_to_string(task.path().join("children")).ok()?;
        children.extend(
            text.split_whitespace()
                .filter_map(|p| p.parse::<Pid>().ok()),
        );
    }
    Some(children)
}

/// Every process whose parent is `parent`, by reading each process's `stat`.
#[cfg(unix)]
fn all_children_of(parent: Pid) -> Vec<Pid> {
    use std::io::Read;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut buffer = [0u8; 512];
    let mut path = String::new();
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<Pid>().ok())
        .filter(|&pid| {
            path.clear();
            path.push_str("/proc/");
            path.push_str(&pid.to_string());
            path.push_str("/stat");
            // The parent comes within the first 512 bytes (after a name of at most 16).
            let len = std::fs::File::open(&path)
                .and_then(|mut f| f.read(&mut buffer))
                .unwrap_or(0);
            std::str::from_utf8(&buffer[..len])
                .ok()
                .and_then(parent_in_stat)
                == Some(parent)
        })
        .collect()
}

/// The parent of process `pid`, from `/proc/PID/stat`.
#[cfg(unix)]
pub fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    u32::try_from(parent_in_stat(&stat)?).ok()
}

/// The parent pid in a /proc/PID/stat line: `PID (COMM) STATE PPID ...`, where COMM may hold
/// spaces and parentheses (so the last `)` ends it).
#[cfg(unix)]
fn parent_in_stat(stat: &str) -> Option<Pid> {
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_parent_is_read_past_a_name_with_spaces_and_parentheses() {
        assert_eq!(parent_in_stat("12 (a) b) (c) S 34 12 12 0"), Some(34));
        assert_eq!(parent_in_stat("12 (cat) R 1 12"), Some(1));
        assert_eq!(parent_in_stat("garbage"), None);
    }

    #[test]
    fn this_processes_children_are_found() {
        let mut child = Command::new("sleep").arg("5").spawn().unwrap();
        let found = children_of(std::process::id() as Pid);
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(found.contains(&(child.id() as Pid)), "{found:?}");
    }
}
