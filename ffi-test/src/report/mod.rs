//! What a run says: each test's verdict as recorded and judged against its expectation, the
//! per-subject summary, and the JUnit report. It reads the registry and the checks' reports and
//! never starts a process.

pub(crate) mod expect;
pub(crate) mod junit;
pub(crate) mod record;
pub(crate) mod stack;
// Used by the harness alone (its own stdout through a pipe).
#[cfg(unix)]
pub(crate) mod summary;
