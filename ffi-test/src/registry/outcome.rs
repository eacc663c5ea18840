//! What a test body's outcome is made of: the return types a body may have (`Result` bodies
//! turned into failures that carry the error's `Debug` text), the marker of a check that could
//! not be made, and a panic's message.

use std::any::Any;
use std::fmt::Debug;

/// The return types a test body may have: `()` or `Result<(), E: Debug>`, as with `#[test]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a test return type: an #[ffi_test] fn returns `()` or `Result<(), E>` with `E: Debug`",
    label = "this return type"
)]
pub trait IntoTestResult {
    /// `Err` carries the failure message.
    fn into_test_result(self) -> Result<(), String>;
}

impl IntoTestResult for () {
    fn into_test_result(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: Debug> IntoTestResult for Result<(), E> {
    fn into_test_result(self) -> Result<(), String> {
        self.map_err(|e| format!("Error: {e:?}"))
    }
}

/// A check that could not be made: C cannot give what it would be compared with (a constant
/// whose expansion needs a type its headers never complete). Neither a pass nor a failure: the
/// test is listed as not checked, with the reason. It travels as a failure message with a mark a
/// test body cannot produce (bodies' failures start with `Error:` or `test panicked:`), so every
/// path a failure takes (child result files, batches, in-process runs) carries it unchanged.
pub struct NotChecked;

impl NotChecked {
    const MARK: &'static str = "\u{1}ffi-test: not checked\u{1}";

    /// The failure message that says "not checked, because `reason`".
    pub fn encode(reason: &str) -> String {
        format!("{}{reason}", Self::MARK)
    }

    /// The reason, if `message` says "not checked".
    pub fn decode(message: &str) -> Option<&str> {
        message.strip_prefix(Self::MARK)
    }
}

/// A check whose C configuration does not compile (the binary's headers, include_dirs, defines
/// or flags): it compared nothing, so it fails whatever it expects. Otherwise a planted bug
/// expected to fail would be "caught" by a missing header, and pass. The mark travels inside
/// the failure message (a check wraps C's words in its own), and is taken out when judged.
pub struct BrokenSetup;

impl BrokenSetup {
    const MARK: &'static str = "\u{1}ffi-test: broken setup\u{1}";

    /// `message`, marked as a broken configuration's.
    pub fn mark(message: &str) -> String {
        format!("{}{message}", Self::MARK)
    }

    /// The message without its mark, if it carries one.
    pub fn find(message: &str) -> Option<String> {
        message
            .contains(Self::MARK)
            .then(|| message.replace(Self::MARK, ""))
    }
}

/// A test that skipped itself at run time (`pytest.skip()`, a `skipif` mark): neither a pass
/// nor a failure, reported as ignored with the reason. It travels as [`NotChecked`] does, with
/// a mark of its own.
pub struct Skipped;

impl Skipped {
    const MARK: &'static str = "\u{1}ffi-test: skipped\u{1}";

    /// The failure message that says "skipped, because `reason`" (Python's tests skip
    /// themselves; a Rust test has no way to, yet).
    #[cfg(any(test, feature = "python"))]
    pub fn encode(reason: &str) -> String {
        format!("{}{reason}", Self::MARK)
    }

    /// The reason, if `message` says "skipped".
    pub fn decode(message: &str) -> Option<&str> {
        message.strip_prefix(Self::MARK)
    }
}

/// The text of a panic payload, as the default hook prints it.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{NotChecked, Skipped};

    #[test]
    fn skipped_round_trips_and_is_never_read_as_not_checked() {
        let message = Skipped::encode("no GPU here");
        assert_eq!(Skipped::decode(&message), Some("no GPU here"));
        assert_eq!(NotChecked::decode(&message), None);
        assert_eq!(Skipped::decode(&NotChecked::encode("x")), None);
        assert_eq!(Skipped::decode("test panicked: skipped"), None);
    }

    #[test]
    fn not_checked_round_trips_and_a_body_failure_never_reads_as_it() {
        let message = NotChecked::encode("C cannot evaluate `X`");
        assert_eq!(NotChecked::decode(&message), Some("C cannot evaluate `X`"));
        // What a body's own failure looks like, even one naming the words.
        for body in [
            "Error: \"not checked\"",
            "test panicked: not checked",
            "not checked",
        ] {
            assert_eq!(NotChecked::decode(body), None);
        }
    }
}
