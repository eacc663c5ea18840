//! Tools a run can add around a test: memory and thread checkers, fault sweeps' native side,
//! coverage, compiler pairs and Python. Each is called by `run/`, never the other way round.

pub(crate) mod checkers;
pub(crate) mod coverage;
pub(crate) mod faults;
pub(crate) mod pair;
#[cfg(feature = "python")]
pub mod python;

/// Whether this binary runs Python in its tests (the `python` feature, with a Python body, a
/// Python test file or a registered module).
pub(crate) fn python_embedded() -> bool {
    #[cfg(feature = "python")]
    {
        python::embeds()
    }
    #[cfg(not(feature = "python"))]
    false
}

/// Starts the embedded interpreter now, where the binary runs Python (a fork server's
/// process, whose tests then inherit it rather than each starting one).
/// The signal on which the embedded interpreter dumps every thread's Python stack (Python's
/// `faulthandler.register`): a crash handler raises it. A real-time signal near the top, which
/// C libraries leave alone.
#[cfg(unix)]
pub(crate) fn python_stack_signal() -> i32 {
    libc::SIGRTMAX() - 1
}

pub(crate) fn start_python(config: &crate::registry::config::Config) {
    #[cfg(feature = "python")]
    if python_embedded() {
        python::start(config);
    }
    #[cfg(not(feature = "python"))]
    let _ = config;
}

/// CPython's steps around a fork of this process, where its interpreter runs (see
/// `python::fork`); nothing without the `python` feature.
pub(crate) struct PythonFork {
    #[cfg(feature = "python")]
    fork: python::fork::Fork,
}

impl PythonFork {
    /// Before the fork.
    pub(crate) fn before() -> PythonFork {
        PythonFork {
            #[cfg(feature = "python")]
            fork: python::fork::before(),
        }
    }

    /// In the process that forked.
    pub(crate) fn parent(self) {
        #[cfg(feature = "python")]
        self.fork.parent();
    }

    /// In the new process.
    pub(crate) fn child(self) {
        #[cfg(feature = "python")]
        self.fork.child();
    }
}
