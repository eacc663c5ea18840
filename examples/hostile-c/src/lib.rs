//! Nothing here: the hostile C lives in the test suites under `tests/`, one suite per way C can
//! try to fool, stall or kill a test harness.
