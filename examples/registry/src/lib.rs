//! Safe Rust wrapper over the `registry` C library (`csrc/`), the main example of ffi-test.
//!
//! ```
//! let registry = registry::Registry::new().unwrap();
//! registry.register(7).unwrap();
//! assert_eq!(registry.count(), 1);
//! ```

#![allow(non_camel_case_types)]

pub mod sys;

use std::ffi::{c_int, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;
use std::sync::Mutex;

/// A C error: its status code and the message `registry_last_error` gave on the failing thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: c_int,
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "registry error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

fn check(code: c_int) -> Result<(), Error> {
    if code == sys::REGISTRY_OK {
        return Ok(());
    }
    // SAFETY: registry_last_error returns a NUL-terminated thread-local buffer owned by the library.
    let message = unsafe { CStr::from_ptr(sys::registry_last_error()) }
        .to_string_lossy()
        .into_owned();
    Err(Error { code, message })
}

type Callback = Box<dyn FnMut(u32) -> Result<(), String> + Send>;

/// What the callback trampoline shares with the C side: the closure and the last failure it saw.
struct CallbackSlot {
    callback: Mutex<Callback>,
    last_failure: Mutex<Option<String>>,
}

/// An owned `registry_t`, destroyed by `registry_destroy` on drop.
pub struct Registry {
    raw: NonNull<sys::registry_t>,
    callback: Option<Box<CallbackSlot>>,
}

// SAFETY: the C registry guards its state with a mutex; every entry point is thread-safe.
unsafe impl Send for Registry {}
// SAFETY: as above; `&Registry` only reaches the thread-safe C functions.
unsafe impl Sync for Registry {}

impl Registry {
    /// Creates an empty registry.
    pub fn new() -> Option<Registry> {
        // SAFETY: registry_create has no preconditions; NULL (out of memory) is handled.
        let raw = unsafe { sys::registry_create() };
        // SAFETY: `raw` came from registry_create and is owned by nobody else.
        unsafe { Registry::from_raw(raw) }
    }

    /// Takes ownership of a registry created by C.
    ///
    /// # Safety
    /// `raw` must come from `registry_create`, and nobody else may destroy it.
    pub unsafe fn from_raw(raw: *mut sys::registry_t) -> Option<Registry> {
        NonNull::new(raw).map(|raw| Registry {
            raw,
            callback: None,
        })
    }

    /// The raw pointer, still owned by `self`.
    pub fn as_ptr(&self) -> *mut sys::registry_t {
        self.raw.as_ptr()
    }

    /// Gives up ownership; the caller must eventually call `registry_destroy`.
    pub fn into_raw(self) -> *mut sys::registry_t {
        let raw = self.raw.as_ptr();
        std::mem::forget(self);
        raw
    }

    /// Registers `id`; a duplicate, a full registry or a failing callback is an [`Error`].
    pub fn register(&self, id: u32) -> Result<(), Error> {
        // SAFETY: `self.raw` is a live registry owned by `self`.
        let result = check(unsafe { sys::registry_register(self.raw.as_ptr(), id) });
        match (&result, &self.callback) {
            (Err(e), Some(slot)) if e.code == sys::REGISTRY_ERR_CALLBACK => {
                let failure = slot
                    .last_failure
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take();
                Err(Error {
                    code: e.code,
                    message: match failure {
                        Some(f) => format!("{}: {f}", e.message),
                        None => e.message.clone(),
                    },
                })
            }
            _ => result,
        }
    }

    /// The number of registered ids.
    pub fn count(&self) -> usize {
        // SAFETY: `self.raw` is a live registry owned by `self`.
        unsafe { sys::registry_count(self.raw.as_ptr()) }
    }

    /// The registry's counters.
    pub fn stats(&self) -> Result<sys::registry_stats, Error> {
        let mut out = sys::registry_stats::default();
        // SAFETY: `self.raw` is live and `out` is a valid registry_stats to write.
        check(unsafe { sys::registry_stats_get(self.raw.as_ptr(), &mut out) })?;
        Ok(out)
    }

    /// Calls `callback` from C after each successful registration. An `Err` or a panic inside it
    /// makes that `register` fail; a panic never unwinds into C.
    pub fn on_register(
        &mut self,
        callback: impl FnMut(u32) -> Result<(), String> + Send + 'static,
    ) -> Result<(), Error> {
        let slot = Box::new(CallbackSlot {
            callback: Mutex::new(Box::new(callback)),
            last_failure: Mutex::new(None),
        });
        let user = &*slot as *const CallbackSlot as *mut c_void;
        // SAFETY: `user` points into the Box kept in `self.callback` until the registry is
        // destroyed or the callback replaced (set below before the old one is dropped).
        check(unsafe { sys::registry_set_callback(self.raw.as_ptr(), Some(trampoline), user) })?;
        self.callback = Some(slot);
        Ok(())
    }
}

/// The `extern "C"` entry C calls; a Rust panic is caught here and becomes an error code.
unsafe extern "C" fn trampoline(id: u32, user: *mut c_void) -> c_int {
    // SAFETY: `user` is the CallbackSlot registered in `on_register`, alive while registered.
    let slot = unsafe { &*(user as *const CallbackSlot) };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut callback = slot.callback.lock().unwrap_or_else(|e| e.into_inner());
        callback(id)
    }));
    let failure = match outcome {
        Ok(Ok(())) => return 0,
        Ok(Err(message)) => message,
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string payload".into());
            format!("callback panicked: {text}")
        }
    };
    *slot.last_failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(failure);
    1
}

impl Drop for Registry {
    fn drop(&mut self) {
        // SAFETY: `self.raw` is owned by `self` and destroyed exactly once, here.
        unsafe { sys::registry_destroy(self.raw.as_ptr()) }
    }
}

/// XORs `data` with `key` into `out`, which C never writes past; returns the bytes written.
pub fn xor_into(data: &[u8], key: u8, out: &mut [u8]) -> Result<usize, Error> {
    // SAFETY: both pointers are valid for the lengths passed with them.
    let n = unsafe { sys::buffer_xor(data.as_ptr(), data.len(), key, out.as_mut_ptr(), out.len()) };
    if n < 0 {
        check(n as c_int)?;
    }
    Ok(n as usize)
}

/// The library's checksum of `data`.
pub fn checksum(data: &[u8]) -> u32 {
    // SAFETY: `data` is valid for `data.len()` bytes.
    unsafe { sys::buffer_checksum(data.as_ptr(), data.len()) }
}
