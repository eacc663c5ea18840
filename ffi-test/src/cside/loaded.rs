//! Loaded C objects and the symbols tests resolve from them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[cfg(unix)]
use libloading::os::unix::{Library, RTLD_LAZY, RTLD_LOCAL, RTLD_NOW};
#[cfg(not(unix))]
use libloading::Library;

use super::unit::Fragment;
use super::Located;
use crate::registry::context::TestContext;

/// One loaded shared object, and where it was loaded from.
pub struct LoadedObject(Library, PathBuf);

/// A test's view of the object holding its C body: where it is and its symbol prefix.
#[derive(Clone)]
pub struct BoundLibrary {
    object: Arc<LoadedObject>,
    prefix: String,
}

/// Loads with every symbol resolved now, so an undefined reference (a library function that is
/// not linked) is an error here, not a crash in the middle of a test: how an object is proven to
/// load (in a probe child, or here when a process compiles for itself).
pub fn load(path: &Path) -> Result<Arc<LoadedObject>, String> {
    open(path, true)
}

/// Loads an object already proven to load (see [`load`]), binding functions on first call: a
/// test's child calls a handful of the object's functions, and resolving all of them up front
/// is most of the cost of loading a large one.
pub fn load_proven(path: &Path) -> Result<Arc<LoadedObject>, String> {
    open(path, false)
}

/// Off Unix: refused, with the reason (the harness does not run there yet).
#[cfg(not(unix))]
fn open(path: &Path, _now: bool) -> Result<Arc<LoadedObject>, String> {
    Err(format!(
        "the compiled C bodies could not be loaded from {}: loading is written for Unix's loader \
         only (docs/PLATFORMS.md)",
        path.display()
    ))
}

/// `now`: every symbol resolved at load ([`load`]), else on first call.
#[cfg(unix)]
fn open(path: &Path, now: bool) -> Result<Arc<LoadedObject>, String> {
    use std::os::unix::ffi::OsStrExt;
    let binding = if now { RTLD_NOW } else { RTLD_LAZY };
    let failed = |why: &str| format!("the compiled C bodies could not be loaded: {why}");
    let name = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| failed("its path has a NUL byte"))?;
    // Whoever could change it since it was built would run code as this user.
    super::trust::check_object(path).map_err(|e| failed(&e.to_string()))?;
    // dlopen itself, not a wrapper: the loader's own words (`undefined symbol: f`, a library
    // not found) are in dlerror() only until the next dl call, and they are the report.
    // SAFETY: the object was built by us from the tests' C fragments; running its
    // initialisers (our stdio constructor and whatever the test authors' C defines) is the
    // intended effect of loading it, and happens only in child processes.
    let handle = unsafe { libc::dlopen(name.as_ptr(), binding | RTLD_LOCAL) };
    if handle.is_null() {
        // SAFETY: dlerror returns NULL or a NUL-terminated string valid until the next dl call,
        // copied here before any other.
        let why = unsafe {
            let text = libc::dlerror();
            if text.is_null() {
                "the loader gave no reason".to_string()
            } else {
                std::ffi::CStr::from_ptr(text)
                    .to_string_lossy()
                    .into_owned()
            }
        };
        return Err(failed(&why) + &missing_library_hint(&why));
    }
    // SAFETY: `handle` is a live handle from dlopen, owned from here by the `Library`.
    let library = unsafe { Library::from_raw(handle) };
    super::cpp_throws::watch(&library);
    Ok(Arc::new(LoadedObject(library, path.to_path_buf())))
}

/// What to do about an undefined symbol: most often a library the C uses is not linked; or
/// the symbol is the test binary's own (a Rust `#[no_mangle]` function, C linked into the
/// crate), which a Rust executable does not export to the objects it loads.
fn missing_library_hint(dlerror: &str) -> String {
    let Some((_, symbol)) = dlerror.split_once("undefined symbol: ") else {
        return String::new();
    };
    let symbol = symbol.trim();
    if defined_by_this_binary(symbol) {
        return format!(
            "\n  hint: `{symbol}` is defined in this test binary, which does not export its \
             symbols to the objects it loads: add to the crate's build.rs \
             `println!(\"cargo:rustc-link-arg-tests=-Wl,--export-dynamic\");`"
        );
    }
    // A symbol of the crate nothing in the binary uses is not even linked in, so not finding it
    // in the binary does not rule the crate out.
    format!(
        "\n  hint: `{symbol}` is not defined by the C bodies or any library they link: add the \
         library that defines it to `libs` (and `lib_dirs`) in ffi_test::main!; or, if the crate \
         defines it (C linked into the crate, a Rust `#[no_mangle]` function), export the test \
         binary's symbols: `println!(\"cargo:rustc-link-arg-tests=-Wl,--export-dynamic\");` in \
         its build.rs"
    )
}

/// Whether this test binary's symbol table defines `symbol` as a global (read only on this
/// failure's path: the binary can be large).
fn defined_by_this_binary(symbol: &str) -> bool {
    let Ok(data) = std::env::current_exe().and_then(std::fs::read) else {
        return false;
    };
    crate::os::object_file::ObjectFile::parse(&data).is_ok_and(|file| file.defines_global(symbol))
}

impl LoadedObject {
    /// The address `name` has in this object, or in a library it links.
    #[cfg(feature = "python")]
    pub fn symbol(&self, name: &str) -> Option<*const ()> {
        // SAFETY: the symbol is only returned as an address; calling it is the caller's
        // business, with the type it was generated with.
        unsafe { self.0.get::<*const ()>(name.as_bytes()) }
            .ok()
            .map(|s| *s)
    }

    /// Binds `fragment`'s test to this object, checking every declared function is defined.
    pub fn bind(self: &Arc<Self>, fragment: &Fragment) -> Result<BoundLibrary, String> {
        let bound = BoundLibrary {
            object: Arc::clone(self),
            prefix: fragment.symbol_prefix(),
        };
        let missing: Vec<&str> = fragment
            .c
            .symbols
            .iter()
            .copied()
            .filter(|s| bound.symbol(s).is_none())
            .collect();
        if missing.is_empty() {
            Ok(bound)
        } else {
            Err(format!(
                "the C body of test `{}` does not define {}, declared in the test's extern block \
                 (is it misspelled, `static`, or only declared?)",
                fragment.test,
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

impl BoundLibrary {
    /// The address `name` resolves to as seen from the fragment's object: the object itself,
    /// then the libraries it links (dlsym on its handle), as C's own reference would resolve.
    pub fn exported(&self, name: &str) -> Option<*const ()> {
        // SAFETY: the symbol is only read as an address, never called or dereferenced here.
        unsafe { self.object.0.get::<*const ()>(name.as_bytes()) }
            .ok()
            .map(|s| *s)
    }

    /// The address of the fragment's function `name`, if defined.
    pub fn symbol(&self, name: &str) -> Option<*const ()> {
        let full = format!("{}{name}", self.prefix);
        // SAFETY: the symbol is only read as an address; its type is asserted by the caller.
        unsafe { self.object.0.get::<*const ()>(full.as_bytes()) }
            .ok()
            .map(|s| *s)
    }
}

/// Every test's C side: where it is located, bound on first use. A child runs one test, so it
/// opens one object and binds the few tests it touches, not every test of the binary.
#[derive(Default)]
pub struct Prepared {
    located: HashMap<&'static str, (Located, Fragment)>,
    objects: Mutex<HashMap<PathBuf, Result<Arc<LoadedObject>, String>>>,
    bound: Mutex<HashMap<&'static str, Result<BoundLibrary, String>>>,
}

impl Prepared {
    pub fn new(located: HashMap<&'static str, (Located, Fragment)>) -> Prepared {
        Prepared {
            located,
            ..Prepared::default()
        }
    }

    /// `test`'s binding: its group's object loaded (once per object) and its symbols checked.
    pub fn get(&self, test: &str) -> Result<BoundLibrary, String> {
        if let Some(done) = self
            .bound
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(test)
        {
            return done.clone();
        }
        let Some((test, (located, fragment))) = self.located.get_key_value(test) else {
            return Err(format!("`{test}` has no compiled C side"));
        };
        let result = match located {
            Located::Failed(e) => Err(e.clone()),
            Located::At(path, _) => {
                let object = self
                    .objects
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(path.clone())
                    .or_insert_with(|| load_proven(path))
                    .clone();
                object.and_then(|object| object.bind(fragment))
            }
        };
        self.bound
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(test, result.clone());
        result
    }
}

impl Prepared {
    /// Loads every object (their constructors run now): a fork server's tests inherit them.
    pub fn load_all(&self) {
        let mut objects = self.objects.lock().unwrap_or_else(|e| e.into_inner());
        for (located, _) in self.located.values() {
            if let Located::At(path, _) = located {
                objects
                    .entry(path.clone())
                    .or_insert_with(|| load_proven(path));
            }
        }
    }

    /// Why the harness must fail `entry` without running it, if its C side is unusable (a check
    /// that reports its own C errors is run and says them itself).
    pub fn c_side_failure(&self, entry: &crate::registry::TestEntry) -> Option<String> {
        if entry.kind.reports_own_c_errors() || !self.located.contains_key(entry.name) {
            return None;
        }
        self.get(entry.name).err()
    }
}

impl BoundLibrary {
    /// The object file this binding is in, and the prefix of its symbols there.
    pub fn object(&self) -> (PathBuf, String) {
        (self.object.1.clone(), self.prefix.clone())
    }
}

/// Used by generated code for declarations Rust never links (a whole binding surface): where
/// `name` resolves as C's reference to it does, 0 if nowhere: the global scope first (the test
/// binary's exports and what it links), then the test's C object and the libraries it links.
pub fn exported(ctx: &dyn TestContext, name: &str) -> usize {
    // `name@VERSION` (a link_name binding one version of a symbol): that version.
    #[cfg(unix)]
    if let Some((symbol, version)) = name.split_once('@') {
        let (Ok(symbol), Ok(version)) = (
            std::ffi::CString::new(symbol),
            std::ffi::CString::new(version.trim_start_matches('@')),
        ) else {
            return 0;
        };
        // SAFETY: both strings are NUL-terminated; the result is only read as an address.
        return unsafe { libc::dlvsym(libc::RTLD_DEFAULT, symbol.as_ptr(), version.as_ptr()) }
            as usize;
    }
    in_global(name)
        .or_else(|| ctx.c_exported(name))
        .map_or(0, |p| p as usize)
}

/// Where `name` resolves in the global scope (the process's own exports and what it links).
fn in_global(name: &str) -> Option<*const ()> {
    #[cfg(unix)]
    let global = libloading::os::unix::Library::this();
    #[cfg(windows)]
    let global = libloading::os::windows::Library::this().ok()?;
    // SAFETY: the symbol is only read as an address, never called or dereferenced here.
    unsafe { global.get::<*const ()>(name.as_bytes()) }
        .ok()
        .map(|s| *s)
}

/// C's members of the record test `test` probed beside its facts function `symbol`, through
/// the running test's context `ctx`.
pub fn c_members(
    ctx: &dyn TestContext,
    test: &str,
    symbol: &str,
) -> Result<Vec<super::members::CMember>, String> {
    let (path, prefix) = ctx.c_object_in(test)?;
    super::members::lookup(
        &path,
        &ffi_test_protocol::members::variable(&prefix, symbol),
    )
}
