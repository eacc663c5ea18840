//! End-to-end: nothing a test or its C does can fool, stall or kill the harness. Each test here
//! runs a suite of examples/hostile-c (C written to fool a harness) and checks the exact verdicts
//! and reports. The class of fault each covers is named in its doc comment.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ffi_test_suite::{
    alive, assert_outcomes, cargo, command, failure_of, pids_in, run, run_with_env, test_binary,
    wait_for, TempDir,
};

mod c_bodies;
mod cache;
mod exits;
mod nextest;
mod processes;
mod replay;
