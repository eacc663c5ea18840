//! No library: the suites in `tests/` show how the harness starts a test's process (see the
//! guide's "The fork server").
