//! What one sweep child is to do, as the text of its [`PLAN_VAR`](super::PLAN_VAR): written by
//! the parent, read by the child, one format.

use std::fmt;
use std::str::FromStr;

/// What a sweep fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The C allocation functions.
    Allocs,
    /// The named [`CALLS`](super::CALLS), failed as `mode` says.
    Calls {
        /// The calls, by name.
        names: Vec<String>,
        /// How each failed call fails.
        mode: Mode,
    },
}

/// How a failed call fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Returns its error value with this errno (by name, one of [`ERRNOS`](super::ERRNOS)).
    Errno(String),
    /// Moves fewer bytes than asked (half, at least one).
    Short,
}

impl Mode {
    /// Whether a correct program retries this failure and then succeeds: an interrupted call
    /// or a short count. A test must pass through it; failing cleanly is not handling it.
    pub fn is_transient(&self) -> bool {
        matches!(self, Mode::Short) || matches!(self, Mode::Errno(e) if e == "EINTR")
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::Errno(name) => f.write_str(name),
            Mode::Short => f.write_str("short"),
        }
    }
}

/// One child's plan: which to fail (`k = 0`: none, only count), and whether every later one too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// What is counted and failed.
    pub target: Target,
    /// The one to fail, from 1; 0 counts only.
    pub k: u64,
    /// Fail every one from the k-th on.
    pub from: bool,
}

impl fmt::Display for Plan {
    /// `allocs count`, `allocs fail 3`, `calls read,write EINTR from 2`, `calls read short fail 1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Target::Allocs => f.write_str("allocs")?,
            Target::Calls { names, mode } => write!(f, "calls {} {mode}", names.join(","))?,
        }
        match (self.k, self.from) {
            (0, _) => f.write_str(" count"),
            (k, false) => write!(f, " fail {k}"),
            (k, true) => write!(f, " from {k}"),
        }
    }
}

impl FromStr for Plan {
    type Err = String;

    fn from_str(text: &str) -> Result<Plan, String> {
        let bad = || format!("malformed fault plan {text:?}");
        let words: Vec<&str> = text.split(' ').collect();
        let (target, rest) = match words.as_slice() {
            ["allocs", rest @ ..] => (Target::Allocs, rest),
            ["calls", names, mode, rest @ ..] => {
                let mode = match *mode {
                    "short" => Mode::Short,
                    e if super::ERRNOS.contains(&e) => Mode::Errno(e.to_string()),
                    _ => return Err(bad()),
                };
                super::call_mask(names.split(',')).map_err(|_| bad())?;
                let names = names.split(',').map(str::to_string).collect();
                (Target::Calls { names, mode }, rest)
            }
            _ => return Err(bad()),
        };
        let (k, from) = match rest {
            ["count"] => (0, false),
            ["fail", k] => (k.parse().map_err(|_| bad())?, false),
            ["from", k] => (k.parse().map_err(|_| bad())?, true),
            _ => return Err(bad()),
        };
        Ok(Plan { target, k, from })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_read_back_as_written() {
        let calls = Target::Calls {
            names: vec!["read".into(), "write".into()],
            mode: Mode::Errno("EINTR".into()),
        };
        for plan in [
            Plan {
                target: Target::Allocs,
                k: 0,
                from: false,
            },
            Plan {
                target: Target::Allocs,
                k: 3,
                from: false,
            },
            Plan {
                target: calls.clone(),
                k: 2,
                from: true,
            },
            Plan {
                target: Target::Calls {
                    names: vec!["recv".into()],
                    mode: Mode::Short,
                },
                k: 1,
                from: false,
            },
        ] {
            assert_eq!(plan.to_string().parse::<Plan>(), Ok(plan));
        }
        assert_eq!(
            Plan {
                target: calls,
                k: 2,
                from: true
            }
            .to_string(),
            "calls read,write EINTR from 2"
        );
    }

    #[test]
    fn malformed_plans_are_refused() {
        for text in [
            "",
            "allocs",
            "allocs fail x",
            "calls nope EIO fail 1",
            "calls read EWHAT count",
            "other count",
        ] {
            assert!(text.parse::<Plan>().is_err(), "{text}");
        }
    }

    #[test]
    fn only_interruptions_and_short_counts_are_transient() {
        assert!(Mode::Short.is_transient());
        assert!(Mode::Errno("EINTR".into()).is_transient());
        assert!(!Mode::Errno("EAGAIN".into()).is_transient());
        assert!(!Mode::Errno("EIO".into()).is_transient());
    }
}
