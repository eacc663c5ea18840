//! The C compiler as the `cc` crate detects it, remembered in the cache directory.
//!
//! cc's detection is not free: it runs the compiler several times (its version, its family, and
//! a flag check that compiles and links a probe), which every test binary start, and under
//! nextest every test, would pay again. The result depends only on the environment cc reads and
//! on the compiler itself, so it is stored keyed by those variables and reused while the
//! compiler's binary is unchanged (same modification time).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::error::NoCompiler;
use super::hash::Hasher;
use crate::registry::Language;

/// A compiler's command line: program, arguments, environment, and its `--version` identity.
#[derive(Debug, Clone)]
pub struct Detected {
    pub path: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
    pub identity: String,
}

impl Detected {
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.path);
        cmd.args(&self.args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }
}

const FIELD: char = '\u{1e}';
const ITEM: char = '\u{1f}';
/// Bump when the stored format or what goes into it changes.
const FORMAT: &str = "detected-1";

/// The compiler of `language` for `target`, from `dir` when remembered there.
pub fn detect(
    target: &str,
    dir: Option<&Path>,
    language: Language,
) -> Result<Detected, NoCompiler> {
    let key = match language {
        Language::C => environment_key(target),
        Language::Cpp => {
            let mut h = Hasher::new();
            h.field(environment_key(target).as_bytes())
                .field(language.name().as_bytes());
            h.hex()
        }
    };
    remembered(dir, &key, || {
        detected_of(cc_compiler(target, language)?, language)
    })
}

/// What `detect` found, read from `dir` under `key`, or found now and written there.
fn remembered(
    dir: Option<&Path>,
    key: &str,
    find: impl FnOnce() -> Result<Detected, NoCompiler>,
) -> Result<Detected, NoCompiler> {
    let file = dir.map(|d| d.join(format!("compiler-{key}.txt")));
    if let Some(found) = file.as_deref().and_then(read) {
        return Ok(found);
    }
    let found = find()?;
    if let Some(file) = &file {
        // Best effort: a read-only cache only costs the detection next time.
        let _ = super::cache::write_atomically(file, write(&found).as_bytes());
    }
    Ok(found)
}

/// The target this binary was built for: what its own C is compiled for.
pub const BUILD_TARGET: &str = env!("FFI_TEST_TARGET");

/// The compiler of `language` cc picks for `target`, as a build script would get it.
fn cc_compiler(target: &str, language: Language) -> Result<cc::Tool, NoCompiler> {
    cc::Build::new()
        .cpp(language == Language::Cpp)
        .target(target)
        .host(env!("FFI_TEST_HOST"))
        .opt_level(0)
        .debug(true)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .try_get_compiler()
        .map_err(|source| NoCompiler::NotFound {
            language,
            target: target.to_string(),
            source,
        })
}

/// A compiler named by the user rather than chosen by cc (remembered in `dir` like cc's):
/// `clang`, or a program with its arguments (`gcc -fpcc-struct-return`), as cc would set it up
/// for the target.
pub fn detect_program(
    target: &str,
    dir: Option<&Path>,
    program: &str,
) -> Result<Detected, NoCompiler> {
    let mut h = Hasher::new();
    h.field(environment_key(target).as_bytes())
        .field(program.as_bytes());
    remembered(dir, &h.hex(), || detect_named(target, program))
}

fn detect_named(target: &str, program: &str) -> Result<Detected, NoCompiler> {
    let mut words = program.split_whitespace();
    let path = words.next().ok_or(NoCompiler::EmptyCommand)?;
    let mut build = cc::Build::new();
    build
        .target(target)
        .host(env!("FFI_TEST_HOST"))
        .compiler(path)
        .opt_level(0)
        .debug(true)
        .cargo_metadata(false)
        .cargo_warnings(false);
    for arg in words {
        build.flag(arg);
    }
    let tool = build
        .try_get_compiler()
        .map_err(|source| NoCompiler::Unusable {
            program: program.to_string(),
            source,
        })?;
    detected_of(tool, Language::C)
}

fn detected_of(tool: cc::Tool, language: Language) -> Result<Detected, NoCompiler> {
    let mut version = Command::new(tool.path());
    version.arg("--version").env_remove("LD_PRELOAD");
    let version =
        crate::os::reaper::output(&mut version).map_err(|source| NoCompiler::CannotRun {
            language,
            path: tool.path().to_path_buf(),
            source,
        })?;
    Ok(Detected {
        identity: format!(
            "{}\n{:?}\n{}",
            tool.path().display(),
            tool.args(),
            String::from_utf8_lossy(&version.stdout)
        ),
        path: tool.path().to_path_buf(),
        args: tool.args().to_vec(),
        env: tool
            .get_envs()
            .map(|(k, v)| (k.to_os_string(), v.to_os_string()))
            .collect(),
    })
}

/// What cc's detection depends on: the target and the variables it reads (CC, CFLAGS and their
/// target-specific and TARGET_/HOST_ forms, CRATE_CC_*), and PATH.
fn environment_key(target: &str) -> String {
    let mut vars: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(k, _)| {
            let k = k.to_string_lossy();
            k == "PATH"
                || k.starts_with("CC")
                || k.starts_with("CXX")
                || k.starts_with("CFLAGS")
                || k.starts_with("TARGET_")
                || k.starts_with("HOST_")
                || k.starts_with("CRATE_CC")
        })
        .collect();
    vars.sort();
    let mut h = Hasher::new();
    h.field(FORMAT.as_bytes())
        .field(target.as_bytes())
        .field(env!("FFI_TEST_HOST").as_bytes());
    for (k, v) in &vars {
        h.field(k.as_encoded_bytes()).field(v.as_encoded_bytes());
    }
    h.hex()
}

/// The compiler's binary (through PATH if it is a bare name) and its modification time.
fn stamp(path: &Path) -> Option<String> {
    let resolved = if path.components().count() > 1 {
        path.to_path_buf()
    } else {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|d| d.join(path))
            .find(|p| p.is_file())?
    };
    let modified = std::fs::metadata(&resolved).ok()?.modified().ok()?;
    Some(format!("{}:{:?}", resolved.display(), modified))
}

fn write(d: &Detected) -> String {
    let join = |items: Vec<String>| items.join(&ITEM.to_string());
    [
        d.path.display().to_string(),
        stamp(&d.path).unwrap_or_default(),
        join(
            d.args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
        ),
        join(
            d.env
                .iter()
                .map(|(k, v)| format!("{}={}", k.to_string_lossy(), v.to_string_lossy()))
                .collect(),
        ),
        d.identity.clone(),
    ]
    .join(&FIELD.to_string())
}

fn read(file: &Path) -> Option<Detected> {
    let text = String::from_utf8(super::cache::read_regular(file)?).ok()?;
    let fields: Vec<&str> = text.split(FIELD).collect();
    let [path, stamped, args, env, identity] = fields.as_slice() else {
        return None;
    };
    let path = PathBuf::from(path);
    if stamped.is_empty() || stamp(&path).as_deref() != Some(*stamped) {
        return None;
    }
    let split = |s: &str| -> Vec<String> {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(ITEM).map(str::to_string).collect()
        }
    };
    Some(Detected {
        path,
        args: split(args).into_iter().map(OsString::from).collect(),
        env: split(env)
            .into_iter()
            .filter_map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (OsString::from(k), OsString::from(v)))
            })
            .collect(),
        identity: identity.to_string(),
    })
}

/// The C compiler cc picks for `target` (as a linker for tests built for it).
pub fn compiler_for(target: &str) -> Result<PathBuf, NoCompiler> {
    cc_compiler(target, Language::C).map(|tool| tool.path().to_path_buf())
}
