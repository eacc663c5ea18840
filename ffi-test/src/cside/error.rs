//! Why the C side cannot go on: a file it could not keep, read or trust (the cache, its locks
//! and private directories, the prebuilt C, the objects about to be loaded), or no compiler to
//! build with.
//!
//! Typed so that a caller can tell a refusal (someone else could replace what would be loaded
//! and run) from a plain I/O failure, and no compiler (which sends a run to the prebuilt C) from
//! anything else; and so that the words a user reads are written once, here: the tests of the
//! trust rules and of a missing compiler assert them. Most callers still end in a report, a
//! `String`, hence the `From` impls.

use std::io;
use std::path::PathBuf;

use crate::registry::Language;

/// What to do about an untrusted cache directory: said after every reason.
const FIX: &str =
    "use a directory of your own that only you can write (FFI_TEST_CACHE_DIR, or unset it to use \
                   target/<profile>/ffi-test-cache), or fix its owner and mode (chmod go-w)";

/// A file or directory the C side could not use, and why.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// An operation on `path` failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: Action,
        path: PathBuf,
        source: io::Error,
    },
    /// The test binary's own path could not be found (the cache is kept beside it).
    #[error("cannot locate the test binary: {0}")]
    NoBinary(io::Error),
    /// A directory name that cannot be passed to the C library.
    #[error("bad directory name {}", .0.display())]
    BadName(PathBuf),
    /// A cache directory (or the prebuilt C's) that someone other than the user could change.
    #[error("refusing the C cache directory {}: {reason}. {FIX}", dir.display())]
    UntrustedDir { dir: PathBuf, reason: Untrusted },
    /// An object about to be loaded that someone other than the user could have written.
    #[error(
        "refusing to load {}: it is not a regular file of yours that only you can write (owner {owner}, \
         mode {mode:o}); remove it, and the next run builds it again",
        path.display()
    )]
    UntrustedObject {
        path: PathBuf,
        owner: String,
        mode: u32,
    },
    /// A lock file that is something else (a FIFO, a device) in the lock's place.
    #[error("cannot use lock {}: it is not a regular file; remove it", .0.display())]
    LockNotAFile(PathBuf),
    /// A cache directory that exists and is trusted but cannot be written, with no private
    /// directory to fall back on.
    #[error("cannot use the C cache directory {}: {why}", dir.display())]
    CacheUnusable { dir: PathBuf, why: String },
}

/// What was being done when an I/O call failed: the verb of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Inspect,
    InspectCacheDir,
    Read,
    Write,
    Create,
    CreatePrivateDir,
    OpenLock,
    Lock,
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Action::Inspect => "inspect",
            Action::InspectCacheDir => "inspect the C cache directory",
            Action::Read => "read",
            Action::Write => "write",
            Action::Create => "create",
            Action::CreatePrivateDir => "create a private directory",
            Action::OpenLock => "open lock",
            Action::Lock => "lock",
        })
    }
}

/// Why a cache directory is not trusted: who else could replace what it holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Untrusted {
    /// Off Unix: who may write a directory is not checked yet, so none is trusted.
    #[cfg(not(unix))]
    #[error(
        "who may write it is not checked on this system (the rules are Unix owners and modes; \
         Windows ACLs are not read yet, docs/PLATFORMS.md), so objects in it are not loaded"
    )]
    NoRules,
    /// Owned by someone else.
    #[error(
        "it is owned by {owner} (mode {mode:o}), not by the user running the tests ({me}); objects in it \
         would be loaded and run as you"
    )]
    NotYours {
        owner: String,
        mode: u32,
        me: String,
    },
    /// Writable by its group or by others.
    #[error(
        "it is writable by {by} (owner {owner}, mode {mode:o}), so others could replace the objects it \
         holds, which are loaded and run as you"
    )]
    Writable {
        by: &'static str,
        owner: String,
        mode: u32,
    },
    /// A directory above it that someone else controls.
    #[error(
        "the directory {} above it {why} (owner {owner}, mode {mode:o}), so someone else could move the \
         cache away and put their own in its place",
        parent.display()
    )]
    Parent {
        parent: PathBuf,
        why: &'static str,
        owner: String,
        mode: u32,
    },
    /// A link on its path that someone else owns.
    #[error(
        "its path goes through the link {}, owned by {owner}, who could point it elsewhere",
        link.display()
    )]
    Link { link: PathBuf, owner: String },
}

/// Why there is no compiler to build a test binary's C with: what a fresh machine meets first,
/// and what sends a run to the prebuilt C (`prebuilt::Builder`).
#[derive(Debug, thiserror::Error)]
pub enum NoCompiler {
    /// cc found none for the target.
    #[error("no {} compiler found for target {target}: {source}", language.name())]
    NotFound {
        language: Language,
        target: String,
        source: cc::Error,
    },
    /// The one cc chose does not run.
    #[error(
        "no {name} compiler found: `{}` could not be run ({source}). Install a {name} compiler (e.g. \
         {example}) or set {variable} to one.",
        path.display(),
        name = language.name(),
        example = match language { Language::C => "gcc", Language::Cpp => "g++" },
        variable = match language { Language::C => "CC", Language::Cpp => "CXX" },
    )]
    CannotRun {
        language: Language,
        path: PathBuf,
        source: io::Error,
    },
    /// The compiler the user named (`--compare-compiler`, a pair's second) cannot be set up.
    #[error("the C compiler `{program}` cannot be used: {source}")]
    Unusable { program: String, source: cc::Error },
    /// The user named an empty command.
    #[error("an empty C compiler command")]
    EmptyCommand,
}

impl From<NoCompiler> for String {
    fn from(error: NoCompiler) -> String {
        error.to_string()
    }
}

impl FileError {
    /// An I/O failure of `action` on `path`.
    pub fn io(action: Action, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> FileError {
        let path = path.into();
        move |source| FileError::Io {
            action,
            path,
            source,
        }
    }
}

impl From<FileError> for String {
    fn from(error: FileError) -> String {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_directory_the_reason_and_the_fix() {
        let error = FileError::UntrustedDir {
            dir: "/srv/cache".into(),
            reason: Untrusted::Link {
                link: "/srv".into(),
                owner: "mallory (uid 1001)".into(),
            },
        };
        assert_eq!(
            error.to_string(),
            format!(
                "refusing the C cache directory /srv/cache: its path goes through the link /srv, owned by \
                 mallory (uid 1001), who could point it elsewhere. {FIX}"
            )
        );
    }

    #[test]
    fn an_io_failure_says_what_was_being_done() {
        let error = FileError::io(Action::OpenLock, "/c/k.lock")(io::Error::from_raw_os_error(13));
        assert_eq!(
            error.to_string(),
            "cannot open lock /c/k.lock: Permission denied (os error 13)"
        );
    }
}
