//! The C side at test time: the C fragments of a test binary compiled into one shared object
//! (cached), loaded, and each test's declared functions resolved.
//!
//! Two steps. *Locating* compiles (or finds in the cache) the object for every group of
//! fragments: the batch first; if it does not compile or load, every group alone (in parallel),
//! so a broken fragment fails only its own tests, with the compiler's message, and fragments that
//! merely cannot share a unit (two defining the same helper) still run from their own objects.
//! *Loading* opens each object once and binds every test to its group's symbols. A parent writes
//! what it located to a manifest, so its children load without detecting a compiler or hashing
//! headers again.

mod bisect;
pub(crate) mod c_types;
pub(crate) mod cache;
mod census;
mod clang_ast;
pub(crate) mod compiler;
mod cpp_ast;
mod cpp_prelude;
pub(crate) mod cpp_throws;
mod declarator;
mod dep_key;
pub(crate) mod detected;
mod digest;
pub(crate) mod error;
mod function_types;
pub(crate) mod hash;
mod headers;
mod loaded;
mod macro_values;
mod manifest;
pub(crate) mod members;
mod other;
pub(crate) mod prebuilt;
pub(crate) mod prototypes;
mod trust;
pub(crate) mod unit;
mod unit_keys;
mod warnings;
pub use warnings::show as show_warnings;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::registry::config::Config;
use crate::registry::outcome::BrokenSetup;
use crate::registry::{Language, TestEntry};
use cache::Built;
pub use cache::{make_private_dir, Cache};
pub use census::census;
use compiler::Compiler;
pub use error::FileError;
pub use loaded::{c_members, exported, BoundLibrary, Prepared};
pub use manifest::{read_manifest, write_manifest};
pub use other::{compiled_by, CompiledBy};
use prebuilt::Builder;
use unit::Fragment;
pub use unit::{relative_to, without_symbol_prefixes};

/// Where a test's C lives, or why it has none.
#[derive(Debug, Clone)]
pub enum Located {
    /// The object holding the test's group, and the group's symbol prefix.
    At(PathBuf, String),
    Failed(String),
}

/// What compiling C needs besides the tests: the binary's configuration, the target C is
/// compiled for, and the run's private directory, where a cache that cannot be written is
/// replaced. Made by the caller (the harness, a child, the run-free verifier) and passed down.
#[derive(Debug, Clone, Copy)]
pub struct Toolchain<'a> {
    /// The binary's configuration (`ffi_test::main!`).
    pub config: &'a Config,
    /// The target triple C is compiled for.
    pub target: &'a str,
    /// The run's private directory, if the caller has one (a child has not: its parent
    /// compiled, and it loads what the parent's manifest names).
    pub fallback: Option<&'a Path>,
    /// Where what is built is also stored, in prebuild mode (see `cside/prebuilt.rs`).
    pub prebuild: Option<&'a prebuilt::Prebuilt>,
}

impl<'a> Toolchain<'a> {
    /// For this binary's own target, with no directory to fall back to.
    pub fn native(config: &'a Config) -> Toolchain<'a> {
        Toolchain {
            config,
            target: detected::BUILD_TARGET,
            fallback: None,
            prebuild: None,
        }
    }

    /// As [`Toolchain::native`], falling back to `dir` when it is some.
    pub fn native_in(config: &'a Config, dir: Option<&'a Path>) -> Toolchain<'a> {
        Toolchain {
            fallback: dir,
            ..Toolchain::native(config)
        }
    }

    /// The C cache (see [`Cache::open`]).
    pub fn cache(&self) -> Result<Cache, FileError> {
        Cache::open(self.fallback)
    }
}

/// The C compiler's family (`gcc`, `clang`, or its program's name) and major version, from its
/// `--version` output.
pub fn compiler_family(toolchain: &Toolchain) -> Result<(String, u32), String> {
    let cache = toolchain.cache().ok();
    let identity =
        match Builder::find(toolchain, cache.as_ref().map(Cache::dir), None, Language::C)? {
            Builder::Compiler(compiler) => {
                if let Some(prebuild) = toolchain.prebuild {
                    prebuild.record("compiler", &[], compiler.identity.as_bytes())?;
                }
                compiler.identity
            }
            Builder::Prebuilt(prebuilt) => {
                String::from_utf8_lossy(&prebuilt.kept("compiler", &[])?).into_owned()
            }
        };
    Ok(family_of(&identity))
}

/// `clang version 14.0.6` is (clang, 14); `gcc (Debian 12.2.0-14) 12.2.0` is (gcc, 12).
pub(crate) fn family_of(identity: &str) -> (String, u32) {
    // The identity is the path, the arguments, then `--version`'s output.
    let version = identity.lines().nth(2).unwrap_or_default();
    let major = |word: &str| word.split('.').next().and_then(|m| m.parse().ok());
    if let Some(rest) = version.split("clang version ").nth(1) {
        return (
            "clang".into(),
            rest.split_whitespace().next().and_then(major).unwrap_or(0),
        );
    }
    let number = version
        .split_whitespace()
        .rev()
        .find_map(major)
        .unwrap_or(0);
    if version.contains("gcc") || identity.contains("Free Software Foundation") {
        return ("gcc".into(), number);
    }
    let program = identity.lines().next().unwrap_or_default();
    let name = program.rsplit('/').next().unwrap_or(program);
    (name.to_string(), number)
}

/// The C compiler's program, for asking it where its runtimes are.
pub fn compiler_program(toolchain: &Toolchain) -> Result<String, String> {
    let cache = toolchain.cache().ok();
    let builder = Builder::find(toolchain, cache.as_ref().map(Cache::dir), None, Language::C)?;
    builder.compiler().map(|c| c.program())
}

fn fragments_of(entries: &[&'static TestEntry]) -> Vec<Fragment> {
    entries
        .iter()
        .filter_map(|e| e.c.as_ref().map(|c| Fragment { test: e.name, c }))
        .collect()
}

/// Proves a compiled object loads, or says why not. The harness passes one that loads it in a
/// child process (C never runs in the harness); a process that runs tests itself loads it here.
pub type LoadCheck<'a> = &'a (dyn Fn(&Path) -> Result<(), String> + Sync);

#[cfg(feature = "python")]
pub(crate) use loaded::LoadedObject;

/// Loads `object` (checked as every object is before loading) and keeps it for the caller:
/// objects of facts a check compiles for itself (ctypes prototypes), outside the C cache.
#[cfg(feature = "python")]
pub(crate) fn load_own_object(object: &Path) -> Result<std::sync::Arc<LoadedObject>, String> {
    loaded::load(object)
}

/// Loads `object` in this process for good (never unloaded, so its destructors do not run): the
/// load check of a child that exists to run the object's constructors.
pub fn load_object(object: &Path) -> Result<(), String> {
    std::mem::forget(loaded::load(object)?);
    Ok(())
}

/// A hash of this test binary's path and identity (device, inode, size, modification time):
/// what an object's load marker, a unit's remembered key and the fact checks kept for the
/// next run are keyed by (a rebuilt binary is another).
pub(crate) fn binary_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let mut h = hash::Hasher::new();
    h.field(exe.as_os_str().as_encoded_bytes())
        .field(&cache::identity_of(&meta));
    Some(h.hex()[..16].to_string())
}

/// `<object>.loads-<binary identity>`.
fn load_marker(object: &Path, identity: &str) -> PathBuf {
    let mut name = object.as_os_str().to_owned();
    name.push(format!(".loads-{identity}"));
    PathBuf::from(name)
}

/// Compiles (or finds cached) the C of `entries` with `extra_flags` (a sanitizer's, say):
/// where each test's object is, or why it has none. Every object is passed through
/// `load_check` (default: loading it here) before it is used.
pub fn locate(
    toolchain: &Toolchain,
    entries: &[&'static TestEntry],
    extra_flags: &[String],
    load_check: Option<LoadCheck>,
) -> Vec<(&'static str, Located)> {
    locate_with(toolchain, entries, extra_flags, load_check, None)
}

/// As [`locate`], compiled by the C compiler `program` names instead of cc's (the second of a
/// compiler pair; its objects are cached apart, the compiler being part of every key).
pub fn locate_with(
    toolchain: &Toolchain,
    entries: &[&'static TestEntry],
    extra_flags: &[String],
    load_check: Option<LoadCheck>,
    program: Option<&str>,
) -> Vec<(&'static str, Located)> {
    let load_here = |path: &Path| loaded::load(path).map(drop);
    // A check in a child costs a process: remember in the cache that an object loaded into this
    // test binary, keyed by the binary's identity (its exports decide what the object links to).
    // Only an attribution shortcut: a child that cannot load its C still fails its own test.
    let identity = binary_identity();
    let remembered = load_check.map(|check| {
        let identity = identity.as_deref();
        move |path: &Path| {
            let marker = identity.map(|id| load_marker(path, id));
            if marker.as_deref().is_some_and(cache::is_regular) {
                return Ok(());
            }
            check(path)?;
            if let Some(marker) = marker {
                let _ = cache::create_new(&marker, b"");
            }
            Ok(())
        }
    });
    let load_check: LoadCheck = match &remembered {
        Some(check) => check,
        None => &load_here,
    };
    let fragments = fragments_of(entries);
    // Each language's bodies in units of their own, built by its own compiler (a compiler
    // pair's second compiler is a C compiler).
    let mut located = Vec::new();
    for language in Language::ALL {
        let own: Vec<Fragment> = (fragments.iter().copied())
            .filter(|f| f.c.language == language)
            .collect();
        let program = program.filter(|_| language == Language::C);
        let place = Place {
            language,
            program,
            identity: identity.as_deref(),
        };
        if !own.is_empty() {
            located.extend(locate_in(toolchain, &own, place, extra_flags, load_check));
        }
    }
    located
}

/// Which compiler builds a set of fragments, and the binary they are built for.
#[derive(Clone, Copy)]
struct Place<'a> {
    language: Language,
    /// A compiler pair's second compiler, instead of cc's.
    program: Option<&'a str>,
    identity: Option<&'a str>,
}

/// Where each of `fragments` (all in `place.language`) is built, or why it is not.
fn locate_in(
    toolchain: &Toolchain,
    fragments: &[Fragment],
    place: Place,
    extra_flags: &[String],
    load_check: LoadCheck,
) -> Vec<(&'static str, Located)> {
    let (config, program, identity) = (toolchain.config, place.program, place.identity);
    let fail_all = |message: &str| {
        fragments
            .iter()
            .map(|f| (f.test, Located::Failed(message.to_string())))
            .collect()
    };
    if let Some(e) = unit::header_error(config, fragments) {
        return fail_all(&e);
    }
    let cache = match toolchain.cache() {
        Ok(c) => c,
        Err(e) => return fail_all(&e.to_string()),
    };
    let builder = match Builder::find(toolchain, Some(cache.dir()), program, place.language) {
        Ok(b) => b,
        Err(e) => return fail_all(&e),
    };
    // One copy of each group's text; every test of the group binds to it.
    let mut seen = HashSet::new();
    let units: Vec<Fragment> = fragments
        .iter()
        .copied()
        .filter(|f| seen.insert(f.c.group))
        .collect();
    // A unit that reads only the configuration's headers (a surface's shards) has its prelude
    // read for the names all such units ask for: the same compiler run then serves every shard
    // (`headers::read_once`), where each shard's own names would cost a run over the headers
    // per shard. A unit with headers of its own asks for its own names only: another's names
    // may not exist in its headers, and each refused one costs a round.
    let config_headers_only =
        |fragments: &[Fragment]| fragments.iter().all(|f| f.c.headers.is_empty());
    let asked: BTreeSet<&'static str> = units
        .iter()
        .filter(|f| f.c.headers.is_empty())
        .flat_map(|f| f.c.prototypes.iter().copied())
        .collect();
    let build = |fragments: &[Fragment]| {
        let compiler = match &builder {
            Builder::Compiler(compiler) => compiler,
            Builder::Prebuilt(prebuilt) => {
                return prebuilt.object(&unit_text(config, fragments).0, extra_flags)
            }
        };
        let fingerprint = compiler.fingerprint(extra_flags);
        // A warm run's shortcut; not while prebuilding, which keeps each unit by its text.
        let memo = match toolchain.prebuild {
            None => unit_keys::memo(&cache, identity, &fingerprint, extra_flags, fragments),
            Some(_) => None,
        };
        let recalled = memo.as_deref().and_then(|m| unit_keys::recall(&cache, m));
        if let Some(found) = recalled.and_then(|key1| cache.lookup(&key1, &compiler.search_dirs()))
        {
            return found;
        }
        let (text, names) = unit_text(config, fragments);
        let unit = Unit {
            config,
            fragments,
            names: &names,
            asked: match config_headers_only(fragments) {
                true => &asked,
                false => &names,
            },
            text: &text,
        };
        let built = unit.compile(&cache, compiler, &fingerprint, extra_flags);
        if let Some(memo) = &memo {
            unit_keys::keep(&cache, memo, &cache.key1(&fingerprint, &text));
        }
        match toolchain
            .prebuild
            .map(|p| p.record_object(&text, extra_flags, &built))
        {
            Some(Err(e)) => Built::Failed(format!("cannot keep the prebuilt C: {e}")),
            _ => built,
        }
    };
    let at = |path: &Path, f: &Fragment| Located::At(path.to_path_buf(), f.symbol_prefix());
    // The warnings of every unit built, shown once at the end.
    let warnings = std::sync::Mutex::new(String::new());
    let attempt = |part: &[Fragment]| match build(part) {
        Built::Object(path, diagnostics) => {
            warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push_str(&diagnostics);
            load_check(&path).map(|()| path).map_err(|e| {
                format!(
                    "the {} body of this test compiles but its object cannot be loaded: {e}",
                    place.language.name()
                )
            })
        }
        Built::Failed(diagnostics) => Err(format!(
            "the {} body of this test does not compile:\n{}",
            place.language.name(),
            unit::without_symbol_prefixes(diagnostics.trim_end())
        )),
    };
    // Whether the configuration alone compiles: asked once, when some part does not.
    let configuration = std::sync::OnceLock::new();
    let configuration_error = || {
        configuration
            .get_or_init(|| match build(&[]) {
                Built::Failed(diagnostics) => Some(BrokenSetup::mark(&format!(
                    "the C configuration of this test binary does not compile (headers, include_dirs, defines or flags in \
                     ffi_test::main!; include_dirs searched: {:?}):\n{}",
                    match &builder {
                        Builder::Compiler(compiler) => compiler.include_dirs(),
                        Builder::Prebuilt(_) => Vec::new(),
                    },
                    diagnostics.trim_end()
                ))),
                Built::Object(..) => None,
            })
            .clone()
    };
    let located = bisect::locate_shards(&units, &attempt, &configuration_error);
    warnings::show(&warnings.into_inner().unwrap_or_else(|e| e.into_inner()));
    let by_group = match located {
        Ok(by_group) => by_group,
        Err(message) => return fail_all(&message),
    };
    fragments
        .iter()
        .map(|f| {
            let located = match by_group.get(f.c.group) {
                Some(Ok(path)) => at(path, f),
                Some(Err(e)) => Located::Failed(e.clone()),
                None => Located::Failed("internal: no compile result for this C fragment".into()),
            };
            (f.test, located)
        })
        .collect()
}

/// The text of the unit of `fragments`, and the names whose prototypes it asks for.
fn unit_text(config: &Config, fragments: &[Fragment]) -> (String, BTreeSet<&'static str>) {
    let names: BTreeSet<&'static str> = fragments
        .iter()
        .flat_map(|f| f.c.prototypes.iter().copied())
        .collect();
    let mut text = unit::text(config, fragments);
    if !names.is_empty() {
        text.push_str(&format!(
            "/* prototypes format {}: {names:?} */\n",
            prototypes::FORMAT
        ));
    }
    (text, names)
}

/// The macros a unit's checks ask of its `headers` (`names`: type requests and prototype
/// requests), read in `dir`: from the preprocessed tags and `-aux-info` (or clang's AST dump)
/// for C, from clang's AST for C++.
pub fn prelude(
    compiler: &Compiler,
    headers: &str,
    dir: &Path,
    names: &BTreeSet<&str>,
) -> Result<String, String> {
    prelude_among(compiler, headers, dir, names, names)
}

/// [`prelude`] for `names`, its prototypes read by the compiler run that answers `asked` (a
/// superset): units that pass the same `asked` share that run.
fn prelude_among(
    compiler: &Compiler,
    headers: &str,
    dir: &Path,
    names: &BTreeSet<&str>,
    asked: &BTreeSet<&str>,
) -> Result<String, String> {
    let (types, functions) = split_requests(names);
    if compiler.language() == Language::Cpp {
        return cpp_prelude::prelude(compiler, headers, dir, &types, &functions);
    }
    let (all_types, all_functions) = split_requests(asked);
    // A unit that reads prototypes gets the type macros of every unit sharing its run: the
    // probes of function types may use them, and the shared run's text must be the same for
    // all. (Macros no check of the unit uses cost it nothing.)
    let types = if functions.is_empty() {
        types
    } else {
        all_types
    };
    let mut prelude = String::new();
    if !types.is_empty() {
        prelude.push_str(&c_types::type_macros(compiler, headers, dir, &types)?);
    }
    if !functions.is_empty() {
        let shared = (prelude.as_str(), &all_functions);
        let found = prototypes::prelude(compiler, headers, shared, dir, &functions)?;
        prelude.push_str(&found);
    }
    Ok(prelude)
}

/// The type requests (as the types they name) and the function requests of `names`.
fn split_requests<'n>(names: &BTreeSet<&'n str>) -> (BTreeSet<&'n str>, BTreeSet<&'n str>) {
    let type_of = ffi_test_protocol::surface::type_of_request;
    let types = names.iter().filter_map(|n| type_of(n)).collect();
    let functions = names.iter().filter(|n| type_of(n).is_none()).copied();
    (types, functions.collect())
}

/// A unit about to be built: its fragments, their text, and the names it asks prototypes of.
struct Unit<'u> {
    config: &'u Config,
    fragments: &'u [Fragment],
    names: &'u BTreeSet<&'static str>,
    /// What every unit of the binary asks for (a superset of `names`), which the prelude
    /// answers so that one compiler run serves all the units.
    asked: &'u BTreeSet<&'static str>,
    text: &'u str,
}

impl Unit<'_> {
    /// Built, or found in `cache`; on a miss the prototypes and type macros the unit asks for
    /// are read from the headers first.
    fn compile(
        &self,
        cache: &Cache,
        compiler: &Compiler,
        fingerprint: &str,
        extra_flags: &[String],
    ) -> Built {
        let make_prelude = |dir: &Path| {
            let headers = unit::headers_only(self.config, self.fragments);
            prelude_among(compiler, &headers, dir, self.names, self.asked)
        };
        let prelude: Option<cache::Prelude> = if self.names.is_empty() {
            None
        } else {
            Some(&make_prelude)
        };
        cache.build(compiler, fingerprint, self.text, extra_flags, prelude)
    }
}

/// The tests of `entries` ready to bind to their located objects, on first use (see `Prepared`).
pub fn load(entries: &[&'static TestEntry], located: &[(&'static str, Located)]) -> Prepared {
    let fragments: HashMap<&str, Fragment> = fragments_of(entries)
        .into_iter()
        .map(|f| (f.test, f))
        .collect();
    let by_test = located
        .iter()
        .filter_map(|(test, where_)| fragments.get(test).map(|f| (*test, (where_.clone(), *f))))
        .collect();
    Prepared::new(by_test)
}

/// Locates and loads in one go: what a process that runs its tests itself needs.
pub fn prepare(
    toolchain: &Toolchain,
    entries: &[&'static TestEntry],
    extra_flags: &[String],
    load_check: Option<LoadCheck>,
) -> Prepared {
    load(
        entries,
        &locate(toolchain, entries, extra_flags, load_check),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn compiler_families_from_version_output() {
        let gcc = "/usr/bin/cc\n[]\ncc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.";
        assert_eq!(super::family_of(gcc), ("gcc".into(), 12));
        let gcc = "/usr/bin/gcc-12\n[]\ngcc (Debian 12.2.0-14) 12.2.0\n";
        assert_eq!(super::family_of(gcc), ("gcc".into(), 12));
        let clang = "/usr/bin/clang\n[]\nDebian clang version 14.0.6\nTarget: x86_64";
        assert_eq!(super::family_of(clang), ("clang".into(), 14));
    }
}
