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
