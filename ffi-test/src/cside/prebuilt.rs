//! C built ahead of the run, for a machine with no C compiler: what a shard of a nextest
//! archive runs on.
//!
//! A run in prebuild mode (`FFI_TEST_PREBUILD=1`, which `cargo ffi-test prebuild` sets) builds
//! every C unit of the binary as a run would, and copies each result (an object and its member
//! table, or the compiler's diagnostics) and each kept compiler reading (a surface's census)
//! into `ffi-test-prebuilt/` beside the `deps` directory holding the binary, i.e.
//! `target/<profile>/ffi-test-prebuilt`, where `cargo nextest archive` takes it when told to
//! (`archive.include`, see the guide). A run that finds no C compiler (or is told to use only
//! what was prebuilt, `FFI_TEST_PREBUILT=only`) reads from there instead of compiling.
//!
//! Entries are keyed by what the binary itself knows, without a compiler: the unit's text
//! (every C fragment and the configuration's headers, defines and flags are in it), its extra
//! flags, and what kind of entry it is. So another build of the binary whose C differs misses,
//! and says so; the headers the objects were compiled against are not read again (the machine
//! has none to read): the objects are what `cargo ffi-test prebuild` built.

use std::path::{Path, PathBuf};

use super::cache::{read_regular, write_atomically, Built};
use super::compiler::Compiler;
use super::error::{Action, FileError};
use super::hash::Hasher;
use crate::registry::Language;

/// The directory's name, beside `deps`.
pub const DIR: &str = "ffi-test-prebuilt";
/// Set (to anything) to run in prebuild mode.
pub const PREBUILD_VAR: &str = "FFI_TEST_PREBUILD";
/// `only`: never look for a compiler, use what was prebuilt.
pub const PREBUILT_VAR: &str = "FFI_TEST_PREBUILT";
/// Part of every key: a change of how entries are stored is a miss.
const FORMAT: &str = "prebuilt 1";

/// The prebuilt C of this binary's target and profile.
#[derive(Debug)]
pub struct Prebuilt {
    dir: PathBuf,
    /// Why a run reads it (no compiler, and why; or `FFI_TEST_PREBUILT=only`): what a miss says.
    why: String,
}

impl Prebuilt {
    /// `ffi-test-prebuilt` beside the `deps` directory holding this binary.
    pub fn dir_of_this_binary() -> Result<PathBuf, FileError> {
        super::cache::beside_binary(DIR)
    }

    /// The directory, created if missing, to store into (prebuild mode).
    pub fn for_writing() -> Result<Prebuilt, String> {
        let dir = Prebuilt::dir_of_this_binary()?;
        std::fs::create_dir_all(&dir).map_err(FileError::io(Action::Create, &dir))?;
        super::trust::check_dir(&dir)?;
        let why = String::new();
        Ok(Prebuilt { dir, why })
    }

    /// The directory to read from, if there is one (its objects are loaded and run: it must
    /// pass the C cache's trust rules), read because of `why`.
    fn for_reading(why: String) -> Result<Prebuilt, String> {
        let why = why.trim_end_matches('.').to_string();
        let dir = Prebuilt::dir_of_this_binary()?;
        if !dir.is_dir() {
            return Err(format!(
                "{why}; no prebuilt C either ({} does not exist: `cargo ffi-test prebuild` makes it on a machine with \
                 a C compiler, and nextest's archive carries it when its configuration includes it)",
                dir.display()
            ));
        }
        super::trust::check_dir(&dir)?;
        Ok(Prebuilt { dir, why })
    }

    /// Whether this run must not look for a compiler (`FFI_TEST_PREBUILT=only`).
    pub fn only() -> bool {
        std::env::var_os(PREBUILT_VAR).is_some_and(|v| v == "only")
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn key(kind: &str, parts: &[&[u8]]) -> String {
        let mut h = Hasher::new();
        h.field(FORMAT.as_bytes()).field(kind.as_bytes());
        for part in parts {
            h.field(part);
        }
        h.hex()
    }

    fn object_key(text: &str, flags: &[String]) -> String {
        Prebuilt::key(
            "object",
            &[text.as_bytes(), flags.join("\u{1f}").as_bytes()],
        )
    }

    /// Stores what building `text` with `flags` gave (the object, its member table, or the
    /// diagnostics).
    pub fn record_object(
        &self,
        text: &str,
        flags: &[String],
        built: &Built,
    ) -> Result<(), FileError> {
        let key = Prebuilt::object_key(text, flags);
        match built {
            Built::Object(object, _) => {
                let table = super::members::sidecar(object);
                if table.exists() {
                    let bytes =
                        std::fs::read(&table).map_err(FileError::io(Action::Read, &table))?;
                    let stored = super::members::sidecar(&self.dir.join(format!("{key}.so")));
                    write_atomically(&stored, &bytes)?;
                }
                let bytes = std::fs::read(object).map_err(FileError::io(Action::Read, object))?;
                write_atomically(&self.dir.join(format!("{key}.so")), &bytes)
            }
            Built::Failed(diagnostics) => {
                write_atomically(&self.dir.join(format!("{key}.err")), diagnostics.as_bytes())
            }
        }
    }

    /// What building `text` with `flags` gave when it was prebuilt.
    pub fn object(&self, text: &str, flags: &[String]) -> Built {
        let key = Prebuilt::object_key(text, flags);
        let object = self.dir.join(format!("{key}.so"));
        if super::cache::is_regular(&object) {
            return Built::Object(object, String::new());
        }
        if let Some(diagnostics) = read_regular(&self.dir.join(format!("{key}.err"))) {
            return Built::Failed(String::from_utf8_lossy(&diagnostics).into_owned());
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" with the flags {flags:?}")
        };
        Built::Failed(format!(
            "{}, and {} has no object for this C{flags}: it was prebuilt for another build of this test \
             binary (run `cargo ffi-test prebuild` again after building), or for a plain run only \
             (checkers and coverage compile their own C)",
            self.why,
            self.dir.display()
        ))
    }

    /// Stores `bytes`, what `kind` computed from `parts` with the compiler.
    pub fn record(&self, kind: &str, parts: &[&[u8]], bytes: &[u8]) -> Result<(), FileError> {
        write_atomically(&self.dir.join(Prebuilt::key(kind, parts)), bytes)
    }

    /// What `kind` computed from `parts` when it was prebuilt.
    pub fn kept(&self, kind: &str, parts: &[&[u8]]) -> Result<Vec<u8>, String> {
        read_regular(&self.dir.join(Prebuilt::key(kind, parts))).ok_or_else(|| {
            format!(
                "{}, and {} has no {kind} for this test binary: it was prebuilt for another build of it \
                 (run `cargo ffi-test prebuild` again after building)",
                self.why,
                self.dir.display()
            )
        })
    }
}

/// What builds this process's C: the compiler, or, where there is none, what was prebuilt.
pub enum Builder {
    Compiler(Compiler),
    Prebuilt(Prebuilt),
}

impl Builder {
    /// The compiler for `toolchain` (or the one `program` names), or the prebuilt C when there
    /// is no compiler (said once on stderr) or `FFI_TEST_PREBUILT=only`. A second compiler
    /// (`program`) and other targets are never prebuilt.
    pub fn find(
        toolchain: &super::Toolchain,
        cache_dir: Option<&Path>,
        program: Option<&str>,
        language: Language,
    ) -> Result<Builder, String> {
        let native = program.is_none() && toolchain.target == super::detected::BUILD_TARGET;
        let why = if native && Prebuilt::only() {
            format!("{PREBUILT_VAR}=only")
        } else {
            match Compiler::detect_with(toolchain, cache_dir, program, language) {
                Ok(compiler) => return Ok(Builder::Compiler(compiler)),
                Err(no_compiler) if native => no_compiler.to_string(),
                Err(e) => return Err(e.into()),
            }
        };
        let prebuilt = Prebuilt::for_reading(why)?;
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            eprintln!(
                "ffi-test: {} (this run's C is what `cargo ffi-test prebuild` built, in {})",
                prebuilt.why,
                prebuilt.dir.display()
            )
        });
        Ok(Builder::Prebuilt(prebuilt))
    }

    /// The compiler, or why there is none to run (a tool that needs one: checkers, sweeps'
    /// injector built for the first time).
    pub fn compiler(self) -> Result<Compiler, String> {
        match self {
            Builder::Compiler(compiler) => Ok(compiler),
            Builder::Prebuilt(prebuilt) => Err(format!(
                "this needs a C compiler, and there is none here (the run uses the C prebuilt in {})",
                prebuilt.dir.display()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Prebuilt;

    #[test]
    fn keys_tell_apart_kinds_texts_and_flags() {
        let unit = Prebuilt::object_key("int f(void);", &[]);
        assert_eq!(unit, Prebuilt::object_key("int f(void);", &[]));
        assert_ne!(unit, Prebuilt::object_key("int f(void); ", &[]));
        assert_ne!(unit, Prebuilt::object_key("int f(void);", &["-O2".into()]));
        assert_ne!(
            Prebuilt::key("census", &[b"a", b"b"]),
            Prebuilt::key("census", &[b"ab"])
        );
    }
}
