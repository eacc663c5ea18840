//! Fact-gathering checks (layout, signature, static and constant checks) run in shared children,
//! never in the harness: one child runs many checks in order and reports each as it begins and
//! ends. If it dies or hangs on one, that check fails with the signal or the timeout named, and
//! a new child resumes with the checks after it. So the fast path costs one process per run,
//! not one per check, and C that crashes while its facts are gathered takes down nothing else.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex, Once};
use std::time::{Duration, Instant};

use super::channel::{Inbox, Received};
use super::child::BATCH_VAR;
use super::isolation::{self, ChildFiles, ChildRun, Ending, Launch, GRACE};
use super::verdict::Record;
use super::{interrupt, spawn};

/// How often a running batch's progress is read.
const POLL: Duration = Duration::from_millis(10);

/// How long records are let gather after the first arrives (the child's socket holds some 200).
const GATHER: Duration = Duration::from_millis(2);

/// Checks ended in one wake-up from which records count as streaming (and are gathered).
const STREAMING: usize = 4;

/// The checks of one run that share children, and their results as they arrive.
pub struct Batch {
    /// Names in the order they run, each with its timeout.
    plan: Vec<(&'static str, Duration)>,
    /// The same names, to be asked about once per test.
    members: HashSet<&'static str>,
    started: Once,
    results: Mutex<HashMap<&'static str, ChildRun>>,
    arrived: Condvar,
    /// Where the endings go for the next run, if every check passes or fails on its own.
    keeper: Option<Keeper>,
}

/// A batch's endings on their way to the store of unchanged inputs (`shared.rs`).
struct Keeper {
    store: super::shared::Shared,
    kept: Mutex<Kept>,
}

/// The records so far.
#[derive(Default)]
struct Kept {
    records: Vec<u8>,
    count: usize,
    /// Whether one cannot be kept (a crash, a timeout, an exit: a replay would lose its report).
    spoiled: bool,
}

impl Batch {
    pub fn new(plan: Vec<(&'static str, Duration)>) -> Batch {
        Batch {
            members: plan.iter().map(|(n, _)| *n).collect(),
            plan,
            started: Once::new(),
            results: Mutex::new(HashMap::new()),
            arrived: Condvar::new(),
            keeper: None,
        }
    }

    /// This batch, its endings kept in `store` once every check passed or failed on its own.
    pub fn kept_in(self, store: super::shared::Shared) -> Batch {
        let kept = Mutex::default();
        Batch {
            keeper: Some(Keeper { store, kept }),
            ..self
        }
    }

    /// The plan: each check with its timeout.
    pub fn plan(&self) -> &[(&'static str, Duration)] {
        &self.plan
    }

    /// A batch whose checks have run already, in another process of the run (`shared.rs`).
    pub fn finished(results: HashMap<&'static str, ChildRun>) -> Batch {
        let batch = Batch {
            members: results.keys().copied().collect(),
            plan: Vec::new(),
            started: Once::new(),
            results: Mutex::new(results),
            arrived: Condvar::new(),
            keeper: None,
        };
        batch.started.call_once(|| {});
        batch
    }

    pub fn contains(&self, name: &str) -> bool {
        self.members.contains(name)
    }

    /// Starts the children, on a thread of their own, unless they are running already. The
    /// harness starts them before the first test, so their start-up overlaps the other tests.
    pub fn start(self: &Arc<Self>, launch: &Launch) {
        if self.plan.is_empty() {
            return;
        }
        self.started.call_once(|| {
            let batch = Arc::clone(self);
            let launch = launch.clone();
            std::thread::spawn(move || batch.drive(&launch));
        });
    }

    /// The result of check `name`, which must be in the plan, once it arrives.
    pub fn outcome(self: &Arc<Self>, name: &str, launch: &Launch) -> ChildRun {
        self.start(launch);
        let mut results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(run) = results.remove(name) {
                return run;
            }
            results = self
                .arrived
                .wait(results)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    fn publish(&self, name: &'static str, run: ChildRun) {
        if let Some(keeper) = &self.keeper {
            let mut kept = keeper.kept.lock().unwrap_or_else(|e| e.into_inner());
            match run.ending {
                Ending::Passed | Ending::Failed(_) => {
                    super::shared::encode_one(name, &run, &mut kept.records);
                    kept.count += 1;
                }
                _ => kept.spoiled = true,
            }
            // Kept before the last check's result is handed over: the run may end right after.
            if kept.count == self.plan.len() && !kept.spoiled {
                keeper.store.keep(&kept.records);
            }
        }
        self.results
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name, run);
        self.arrived.notify_all();
    }

    /// Runs children until every check of the plan has a result.
    fn drive(&self, launch: &Launch) {
        let mut next = 0;
        while next < self.plan.len() {
            next = self.run_child_from(next, launch);
        }
    }

    /// One child running the plan from `first` on; returns where the next child must resume.
    fn run_child_from(&self, first: usize, launch: &Launch) -> usize {
        let rest = &self.plan[first..];
        let mut files = ChildFiles::new(&launch.runs_dir);
        let plan_file = files.plan.clone();
        let names: String = rest.iter().map(|(n, _)| format!("{n}\n")).collect();
        let started = std::fs::write(&plan_file, names)
            .map_err(|e| format!("cannot write {}: {e}", plan_file.display()))
            .and_then(|()| launch.command((BATCH_VAR, plan_file.as_os_str()), &mut files, false))
            .and_then(|cmd| spawn::start(cmd, true))
            .and_then(|running| Ok((files.listen(&running)?, running)));
        let (inbox, mut running) = match started {
            Ok(started) => started,
            Err(e) => {
                let ending = match interrupt::interrupted() {
                    Some(signal) => Ending::Interrupted(signal),
                    None => Ending::HarnessError(e),
                };
                for (name, _) in rest {
                    self.publish(name, bare(ending.clone()));
                }
                return self.plan.len();
            }
        };
        let mut progress = Progress::new(inbox);
        let mut current_since = Instant::now();
        let mut timed_out = None;
        let mut ended_last_time = 0;
        loop {
            // Woken by the child's records as they arrive, so it never waits on a full socket
            // (thousands of checks' records outgrow its buffer); its exit is seen within POLL,
            // or at once after its last record.
            progress.wait_for_records(POLL);
            // While records stream in, they are taken a few at a time: one wake-up per record
            // costs the parent more than the checks cost the child. A batch of a few checks,
            // or its last record, is not kept waiting for more.
            if ended_last_time >= STREAMING && !progress.complete {
                std::thread::sleep(GATHER);
            }
            let exited = running.wait(if progress.complete {
                GRACE
            } else {
                Duration::ZERO
            });
            let before = progress.done;
            self.publish_finished(rest, &mut progress);
            ended_last_time = progress.done - before;
            if progress.done != before {
                current_since = Instant::now();
            }
            if exited {
                break;
            }
            if let Some((_, timeout)) = rest.get(progress.done) {
                if current_since.elapsed() > *timeout {
                    let needed_kill = isolation::wait_or_stop(&mut running, Duration::ZERO);
                    timed_out = Some((*timeout, needed_kill.unwrap_or(false)));
                    break;
                }
            }
        }
        let (status, output) = running.finish();
        let received = progress.finish();
        self.publish_finished(rest, &mut progress);
        if progress.done >= rest.len() {
            return self.plan.len();
        }
        if progress.complete {
            // The child says it is done without having run them all: never leave a check
            // waiting for a result.
            for (name, _) in &rest[progress.done..] {
                let why = "the check's child ended its plan without running this check";
                self.publish(name, bare(Ending::HarnessError(why.into())));
            }
            return self.plan.len();
        }
        // The child ended mid-check: what that check started is the harness's to kill.
        crate::os::reaper::sweep();
        // The check that was running (or, if none had begun, the next one) gets the blame.
        let culprit = progress.done;
        let ending = match (status, timed_out) {
            (Err(e), _) => Ending::HarnessError(e),
            (Ok(_), Some((timeout, needed_kill))) => Ending::TimedOut(timeout, needed_kill),
            (Ok(status), None) => match isolation::classify(status, &received) {
                // The channel carries batch records, never a bare verdict.
                Ending::Passed | Ending::Failed(_) => Ending::Exit(0),
                other => other,
            },
        };
        let crash = ending.explained_by(progress.crash.take());
        self.publish(
            rest[culprit].0,
            ChildRun {
                ending,
                output,
                checker_log: String::new(),
                crash,
                crash_handler: !launch.checker.is_active(),
            },
        );
        first + culprit + 1
    }
}

impl Batch {
    /// Publishes every check the child reported as ended since the last call.
    fn publish_finished(&self, rest: &[(&'static str, Duration)], progress: &mut Progress) {
        progress.read();
        for (i, message) in progress.finished.drain(..) {
            let ending = message.map_or(Ending::Passed, Ending::Failed);
            self.publish(rest[i].0, bare(ending));
        }
    }
}

fn bare(ending: Ending) -> ChildRun {
    ChildRun {
        ending,
        output: String::new(),
        checker_log: String::new(),
        crash: None,
        crash_handler: false,
    }
}

/// What a batch child has reported so far, read incrementally from its verdict channel
/// ([`Record`]s).
struct Progress {
    inbox: Option<Inbox>,
    pending: Vec<u8>,
    /// Checks ended so far.
    done: usize,
    /// Ended since last drained: index in the plan, failure message if it failed.
    finished: Vec<(usize, Option<String>)>,
    complete: bool,
    /// Where the child crashed, if it sent that as it died.
    crash: Option<super::crash::Crash>,
}

impl Progress {
    fn new(inbox: Inbox) -> Progress {
        Progress {
            inbox: Some(inbox),
            pending: Vec::new(),
            done: 0,
            finished: Vec::new(),
            complete: false,
            crash: None,
        }
    }

    /// Waits up to `limit` for records to arrive.
    fn wait_for_records(&self, limit: Duration) {
        if let Some(inbox) = &self.inbox {
            inbox.wait_readable(limit);
        }
    }

    fn read(&mut self) {
        if let Some(inbox) = &mut self.inbox {
            self.pending.extend(inbox.take_new());
        }
        // Decoded in one pass, the rest kept for the next read (one drain, not one per record).
        let (records, used) = Record::decode_all(&self.pending);
        self.pending.drain(..used);
        for record in records {
            match record {
                Record::Begin(_) => {}
                // Sent by the crash handler as the child dies, in the check that was running.
                Record::Crash(text) => self.crash = super::crash::Crash::decode(&text),
                Record::Done => self.complete = true,
                Record::End(outcome) => {
                    self.finished.push((self.done, outcome.err()));
                    self.done += 1;
                }
            }
        }
    }

    /// After the child exited: stops reading, keeps what arrived last for [`Progress::read`],
    /// and returns all of it (for the child's ending).
    fn finish(&mut self) -> Received {
        let Some(mut inbox) = self.inbox.take() else {
            return Received::default();
        };
        self.pending.extend(inbox.take_new());
        inbox.finish()
    }
}
