//! The registry example's ffi-test suite: ownership, buffers, callbacks, errors, threads, linking.

use std::ffi::{c_int, c_void, CStr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ffi_test::ffi_test;
use registry::{sys, Registry};

static DESTROYED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_destroy(user: *mut std::ffi::c_void) {
    // SAFETY: `user` is the &AtomicUsize passed with the hook, alive for the whole test.
    unsafe { &*(user as *const AtomicUsize) }.fetch_add(1, Ordering::SeqCst);
}

fn hooked(raw: *mut sys::registry_t, counter: &'static AtomicUsize) {
    let user = counter as *const AtomicUsize as *mut std::ffi::c_void;
    // SAFETY: `raw` is a live registry; the counter is a static, so it outlives it.
    let code = unsafe { sys::registry_set_destroy_hook(raw, Some(count_destroy), user) };
    assert_eq!(code, sys::REGISTRY_OK);
}

#[ffi_test]
fn registry__created_in_c_owned_by_rust__then_c_destructor_runs_on_drop() {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    // SAFETY: no preconditions.
    let raw = unsafe { sys::registry_create() };
    hooked(raw, &COUNTER);
    // SAFETY: `raw` comes from registry_create and ownership moves to `registry` here.
    let registry = unsafe { Registry::from_raw(raw) }.expect("registry_create returned NULL");
    registry.register(1).unwrap();
    assert_eq!(
        COUNTER.load(Ordering::SeqCst),
        0,
        "destroyed while still owned"
    );
    drop(registry);
    assert_eq!(
        COUNTER.load(Ordering::SeqCst),
        1,
        "registry_destroy did not run exactly once"
    );
}

#[ffi_test]
fn registry__ownership_given_back_to_c__then_destroyed_once_by_c() {
    let registry = Registry::new().unwrap();
    let raw = registry.into_raw();
    hooked(raw, &DESTROYED);
    let before = DESTROYED.load(Ordering::SeqCst);
    // SAFETY: `into_raw` released ownership; this is the only destroy.
    unsafe { sys::registry_destroy(raw) };
    assert_eq!(DESTROYED.load(Ordering::SeqCst), before + 1);
}

#[ffi_test]
fn buffer__rust_slice_longer_than_output__then_c_writes_only_capacity() {
    let data: Vec<u8> = (0..32).collect();
    // Eight guard bytes after the four C may write: C must not touch them.
    let mut out = [0xAAu8; 12];
    let written = registry::xor_into(&data, 0xFF, &mut out[..4]).unwrap();
    assert_eq!(written, 4);
    assert_eq!(&out[..4], &[0xFF, 0xFE, 0xFD, 0xFC]);
    assert!(
        out[4..].iter().all(|&b| b == 0xAA),
        "C wrote past the slice: {out:?}"
    );
}

#[ffi_test]
fn buffer__checksum_of_rust_slice__then_matches_rust_reference() {
    let data = b"ffi-test crosses the boundary";
    let expected = data
        .iter()
        .fold(0u32, |s, &b| s.wrapping_mul(31).wrapping_add(b as u32));
    assert_eq!(registry::checksum(data), expected);
    assert_eq!(registry::checksum(&[]), 0);
}

#[ffi_test]
fn registry__rust_callback_registered__then_c_calls_it_with_each_id() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut registry = Registry::new().unwrap();
    let sink = Arc::clone(&seen);
    registry
        .on_register(move |id| {
            sink.lock().unwrap().push(id);
            Ok(())
        })
        .unwrap();
    for id in [3, 1, 4] {
        registry.register(id).unwrap();
    }
    assert_eq!(*seen.lock().unwrap(), vec![3, 1, 4]);
}

#[ffi_test]
fn registry__duplicate_id__then_error_carries_c_message() {
    let registry = Registry::new().unwrap();
    registry.register(42).unwrap();
    let err = registry.register(42).unwrap_err();
    assert_eq!(err.code, sys::REGISTRY_ERR_DUPLICATE);
    assert_eq!(
        err.message,
        "registry_register: id 42 is already registered"
    );
}

#[ffi_test]
fn registry__filled_to_capacity__then_next_register_is_full_error() -> Result<(), registry::Error> {
    let registry = Registry::new().unwrap();
    for id in 0..sys::REGISTRY_MAX as u32 {
        registry.register(id)?;
    }
    let err = registry.register(1000).unwrap_err();
    assert_eq!(err.code, sys::REGISTRY_ERR_FULL);
    assert!(err.message.contains("full"), "{err}");
    assert_eq!(registry.stats()?.rejected, 1);
    Ok(())
}

#[ffi_test]
fn registry__ten_threads_register__then_count_is_ten() {
    let registry = Registry::new().unwrap();
    std::thread::scope(|s| {
        for id in 0..10 {
            let registry = &registry;
            s.spawn(move || registry.register(id).unwrap());
        }
    });
    assert_eq!(registry.count(), 10);
    let stats = registry.stats().unwrap();
    assert_eq!((stats.registered, stats.checksum), (10, 45));
}

#[ffi_test]
fn sys__every_declared_function__then_links_to_a_distinct_address() {
    // Taking each address makes the linker resolve every declaration (a missing one fails the
    // build with its name); distinct addresses catch two declarations bound to one symbol.
    let addresses = [
        sys::registry_config_default as *const () as usize,
        sys::registry_create as *const () as usize,
        sys::registry_destroy as *const () as usize,
        sys::registry_register as *const () as usize,
        sys::registry_count as *const () as usize,
        sys::registry_stats_get as *const () as usize,
        sys::registry_set_callback as *const () as usize,
        sys::registry_set_destroy_hook as *const () as usize,
        sys::registry_last_error as *const () as usize,
        sys::buffer_xor as *const () as usize,
        sys::buffer_checksum as *const () as usize,
    ];
    let mut sorted = addresses.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        addresses.len(),
        "two declarations share an address"
    );
    assert!(addresses.iter().all(|&a| a != 0));
}

#[ffi_test]
fn registry__rust_callback_panics__then_register_fails_without_unwinding_into_c() {
    let mut registry = Registry::new().unwrap();
    registry
        .on_register(|id| {
            if id == 13 {
                panic!("unlucky id {id}")
            } else {
                Ok(())
            }
        })
        .unwrap();
    registry.register(12).unwrap();
    let err = registry.register(13).unwrap_err();
    assert_eq!(err.code, sys::REGISTRY_ERR_CALLBACK);
    assert!(
        err.message.contains("callback panicked: unlucky id 13"),
        "{err}"
    );
    // The library is still usable: the panic stopped at the trampoline.
    registry.register(14).unwrap();
    assert_eq!(registry.count(), 3);
}

#[ffi_test]
fn registry__null_pointer_passed__then_null_error_without_crash() {
    // SAFETY: the library documents NULL as a checked error for registry_register.
    let code = unsafe { sys::registry_register(std::ptr::null_mut(), 1) };
    assert_eq!(code, sys::REGISTRY_ERR_NULL);
}

#[ffi_test(should_panic = "registry is full")]
fn registry__unwrapping_a_full_register__then_panics_with_c_message() {
    let registry = Registry::new().unwrap();
    for id in 0..=sys::REGISTRY_MAX as u32 {
        registry.register(id).unwrap();
    }
}

#[ffi_test(ignore = "soak test: run with --ignored")]
fn registry__created_and_dropped_100k_times__then_no_crash() {
    for _ in 0..100_000 {
        let registry = Registry::new().unwrap();
        registry.register(1).unwrap();
    }
}

// ---- The whole extern block and every constant, against the C prototypes and macros. ----

ffi_test::check_signatures!(registry::sys {
    fn registry_config_default(out: *mut sys::registry_config);
    fn registry_create() -> *mut sys::registry_t;
    fn registry_destroy(r: *mut sys::registry_t);
    fn registry_register(r: *mut sys::registry_t, id: u32) -> c_int;
    fn registry_count(r: *const sys::registry_t) -> usize;
    fn registry_stats_get(r: *const sys::registry_t, out: *mut sys::registry_stats) -> c_int;
    fn registry_set_callback(r: *mut sys::registry_t, cb: sys::registry_event_fn, user: *mut c_void) -> c_int;
    fn registry_set_destroy_hook(r: *mut sys::registry_t, hook: sys::registry_destroy_hook, user: *mut c_void) -> c_int;
    fn registry_last_error() -> *const std::ffi::c_char;
    fn buffer_xor(data: *const u8, len: usize, key: u8, out: *mut u8, cap: usize) -> i64;
    fn buffer_checksum(data: *const u8, len: usize) -> u32;
});

ffi_test::check_value!(sys::REGISTRY_MAX, "REGISTRY_MAX");
ffi_test::check_value!(sys::REGISTRY_OK, "REGISTRY_OK");
ffi_test::check_value!(sys::REGISTRY_ERR_NULL, "REGISTRY_ERR_NULL");
ffi_test::check_value!(sys::REGISTRY_ERR_DUPLICATE, "REGISTRY_ERR_DUPLICATE");
ffi_test::check_value!(sys::REGISTRY_ERR_FULL, "REGISTRY_ERR_FULL");
ffi_test::check_value!(sys::REGISTRY_ERR_CALLBACK, "REGISTRY_ERR_CALLBACK");

// ---- Layouts of every C-shared type, against the C compiler. ----

// `size`/`align` are asserted at compile time, so they are this target's numbers: a `uint64_t`
// is 8-aligned on x86_64 and aarch64, 4-aligned in a struct on i686 (where C agrees).
#[cfg(target_pointer_width = "64")]
ffi_test::check_layout!(
    sys::registry_stats,
    "registry_stats",
    fields(registered, rejected, checksum),
    size = 16,
    align = 8
);
#[cfg(not(target_pointer_width = "64"))]
ffi_test::check_layout!(
    sys::registry_stats,
    "registry_stats",
    fields(registered, rejected, checksum)
);
ffi_test::check_layout!(
    sys::registry_config,
    "registry_config",
    fields(capacity, strict, name, on_register, user)
);
ffi_test::check_layout!(
    sys::registry_status,
    "registry_status",
    variants(Ok, ErrNull, ErrDuplicate, ErrFull, ErrCallback),
    prefix = "REGISTRY_"
);

#[ffi_test]
fn config__filled_with_defaults_by_c__then_rust_reads_every_field() {
    let mut config = std::mem::MaybeUninit::<sys::registry_config>::uninit();
    // SAFETY: C fills every field of the struct it is given.
    let config = unsafe {
        sys::registry_config_default(config.as_mut_ptr());
        config.assume_init()
    };
    assert_eq!(config.capacity as usize, sys::REGISTRY_MAX);
    assert!(config.strict);
    // SAFETY: C wrote a NUL-terminated name into the array.
    let name = unsafe { CStr::from_ptr(config.name.as_ptr()) };
    assert_eq!(name.to_str().unwrap(), "default");
    assert!(config.on_register.is_none() && config.user.is_null());
}

// ---- Tests with C bodies: compiled at test start, bound to the extern blocks below. ----

#[ffi_test(c = r#"
    int register_range(registry_t *r, uint32_t from, uint32_t to) {
        for (uint32_t id = from; id < to; id++) {
            int rc = registry_register(r, id);
            if (rc != REGISTRY_OK) return rc;
        }
        return REGISTRY_OK;
    }
"#)]
fn registry__c_body_registers_through_the_library__then_rust_wrapper_counts_them() {
    extern "C" {
        fn register_range(r: *mut sys::registry_t, from: u32, to: u32) -> c_int;
    }
    let registry = Registry::new().unwrap();
    // SAFETY: `registry` is live for the call; the C body only registers ids in it.
    assert_eq!(
        unsafe { register_range(registry.as_ptr(), 10, 15) },
        sys::REGISTRY_OK
    );
    assert_eq!(registry.count(), 5);
    assert_eq!(registry.stats().unwrap().checksum, 10 + 11 + 12 + 13 + 14);
}

#[ffi_test(c = r#"
    int sum_through(int (*f)(int, void *), void *user, int n) {
        int sum = 0;
        for (int i = 1; i <= n; i++) sum += f(i, user);
        return sum;
    }
"#)]
fn callback__rust_fn_pointer_passed_to_c__then_c_calls_it_n_times() {
    extern "C" {
        fn sum_through(
            f: extern "C" fn(c_int, *mut c_void) -> c_int,
            user: *mut c_void,
            n: c_int,
        ) -> c_int;
    }
    extern "C" fn square(i: c_int, user: *mut c_void) -> c_int {
        // SAFETY: `user` is the &AtomicUsize passed below, alive for the call.
        unsafe { &*(user as *const AtomicUsize) }.fetch_add(1, Ordering::SeqCst);
        i * i
    }
    let calls = AtomicUsize::new(0);
    // SAFETY: `square` matches the C prototype; `user` points at `calls` for the whole call.
    let sum = unsafe { sum_through(square, &calls as *const AtomicUsize as *mut c_void, 4) };
    assert_eq!(sum, 1 + 4 + 9 + 16);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[ffi_test(c = r#"
    int answer(void) { return 41; }
"#)]
fn fragments__first_defines_answer__then_sees_its_own_41() {
    extern "C" {
        fn answer() -> c_int;
    }
    // SAFETY: no arguments, no state.
    assert_eq!(unsafe { answer() }, 41);
}

#[ffi_test(c = r#"
    int answer(void) { return 42; }
"#)]
fn fragments__second_defines_same_name__then_sees_its_own_42() {
    extern "C" {
        fn answer() -> c_int;
    }
    // SAFETY: no arguments, no state.
    assert_eq!(unsafe { answer() }, 42);
}

#[ffi_test(c = r#"
    void library_addresses(void **out) {
        out[0] = (void *)registry_create;
        out[1] = (void *)registry_destroy;
        out[2] = (void *)registry_register;
        out[3] = (void *)registry_count;
        out[4] = (void *)registry_stats_get;
        out[5] = (void *)registry_set_callback;
        out[6] = (void *)registry_set_destroy_hook;
        out[7] = (void *)registry_last_error;
        out[8] = (void *)buffer_xor;
        out[9] = (void *)buffer_checksum;
    }
"#)]
fn sys__c_and_rust_resolve_each_function__then_to_the_same_address() {
    extern "C" {
        fn library_addresses(out: *mut *const c_void);
    }
    let rust: [*const c_void; 10] = [
        sys::registry_create as *const c_void,
        sys::registry_destroy as *const c_void,
        sys::registry_register as *const c_void,
        sys::registry_count as *const c_void,
        sys::registry_stats_get as *const c_void,
        sys::registry_set_callback as *const c_void,
        sys::registry_set_destroy_hook as *const c_void,
        sys::registry_last_error as *const c_void,
        sys::buffer_xor as *const c_void,
        sys::buffer_checksum as *const c_void,
    ];
    let mut c = [std::ptr::null::<c_void>(); 10];
    // SAFETY: `c` has room for the 10 pointers the C body writes.
    unsafe { library_addresses(c.as_mut_ptr()) };
    assert_eq!(c, rust, "C and Rust see different copies of the library");
}

#[ffi_test(c = r#"
    registry_t *make_populated(uint32_t n) {
        registry_t *r = registry_create();
        for (uint32_t i = 0; i < n; i++) registry_register(r, 100 + i);
        return r;
    }
"#)]
fn registry__built_by_c_body_and_owned_by_rust__then_destroyed_by_drop() {
    extern "C" {
        fn make_populated(n: u32) -> *mut sys::registry_t;
    }
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    // SAFETY: no preconditions; the result is checked for NULL by from_raw.
    let raw = unsafe { make_populated(7) };
    hooked(raw, &COUNTER);
    // SAFETY: ownership of the C-created registry moves to Rust here, and only here.
    let registry = unsafe { Registry::from_raw(raw) }.expect("NULL registry");
    assert_eq!(registry.count(), 7);
    drop(registry);
    assert_eq!(COUNTER.load(Ordering::SeqCst), 1);
}

#[ffi_test(headers = ["<string.h>"], c = r#"
    int last_error_is(const char *expected) {
        return strcmp(registry_last_error(), expected) == 0;
    }
"#)]
fn errors__raised_in_rust_call__then_c_reads_the_same_thread_local_message() {
    extern "C" {
        fn last_error_is(expected: *const std::ffi::c_char) -> c_int;
    }
    let registry = Registry::new().unwrap();
    registry.register(5).unwrap();
    let err = registry.register(5).unwrap_err();
    let expected = std::ffi::CString::new(err.message.clone()).unwrap();
    // SAFETY: `expected` is a valid C string for the call.
    assert_eq!(
        unsafe { last_error_is(expected.as_ptr()) },
        1,
        "C sees another message than {err}"
    );
    // SAFETY: the library's message buffer is NUL-terminated and owned by the library.
    let c_view = unsafe { CStr::from_ptr(sys::registry_last_error()) };
    assert_eq!(c_view.to_str().unwrap(), err.message);
}

#[ffi_test(c = r#"
    int c_registry_max(void) { return REGISTRY_MAX; }
"#)]
fn constants__registry_max_seen_from_c__then_equals_rust_constant() {
    extern "C" {
        fn c_registry_max() -> c_int;
    }
    // SAFETY: no arguments.
    let c = unsafe { c_registry_max() };
    assert_eq!(
        c as usize,
        sys::REGISTRY_MAX,
        "REGISTRY_MAX differs: C says {c}, Rust says {}",
        sys::REGISTRY_MAX
    );
}

ffi_test::main! { headers: ["registry.h"], include_dirs: ["csrc"] }
