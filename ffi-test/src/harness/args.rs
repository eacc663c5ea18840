//! Command line: libtest's flags (parsed by libtest-mimic) plus ffi-test's own, which are taken
//! out first because libtest-mimic rejects flags it does not know.

use std::ffi::OsString;

use libtest_mimic::{Arguments, ColorSetting, FormatSetting};

/// The parsed command line.
pub struct Cli {
    pub libtest: Arguments,
}

impl Cli {
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Cli {
        let libtest = Arguments::from_iter(args);
        Cli { libtest }
    }

    /// Whether the per-subject summary fits this output (not JSON, not a listing).
    pub fn wants_subject_summary(&self) -> bool {
        !self.libtest.list
            && !matches!(self.libtest.format, Some(FormatSetting::Json))
            && self.libtest.logfile.is_none()
    }

    /// stdout is routed through a pipe while tests run (see `summary`), which would turn off
    /// libtest-mimic's colour detection; decide colour against the real stdout beforehand.
    pub fn pin_colour_to_real_stdout(&mut self) {
        if self.libtest.color.is_none() || self.libtest.color == Some(ColorSetting::Auto) {
            // SAFETY: isatty(3) only inspects the descriptor.
            let tty = unsafe { libc::isatty(1) } == 1;
            let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            self.libtest.color = Some(if tty && !no_colour {
                ColorSetting::Always
            } else {
                ColorSetting::Never
            });
        }
    }
}
