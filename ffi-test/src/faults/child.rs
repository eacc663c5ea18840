//! A sweep's child: the injector is preloaded; the test body runs armed, and the number of
//! allocations C made is added to the report for the parent.

use std::ffi::CString;
use std::io::Write;

use ffi_test_protocol::faults::{ARM, COUNT_LINE, DISARM, PLAN_VAR, REPORT_VAR};

/// The address of `name` in the process (the injector's functions), if defined.
pub(crate) fn symbol(name: &str) -> Option<usize> {
    let name = CString::new(name).ok()?;
    // SAFETY: dlsym(3) with RTLD_DEFAULT and a NUL-terminated name.
    let found = unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) };
    (!found.is_null()).then_some(found as usize)
}

/// The allocation to fail and whether every later one fails too: `count` is `(0, false)`.
pub(crate) fn parse_plan(plan: &str) -> Option<(u64, bool)> {
    match plan.split_once(':') {
        None if plan == "count" => Some((0, false)),
        Some(("fail", k)) => Some((k.parse().ok()?, false)),
        Some(("from", k)) => Some((k.parse().ok()?, true)),
        _ => None,
    }
}

/// Runs `body` as this child's sweep plan says (as it is when there is none).
pub(crate) fn around(body: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let Some(plan) = std::env::var(PLAN_VAR).ok() else {
        return body();
    };
    let Some((k, from)) = parse_plan(&plan) else {
        return Err(format!("ffi-test: malformed {PLAN_VAR}={plan}"));
    };
    let (Some(arm), Some(disarm), true) = (symbol(ARM), symbol(DISARM), super::alloc::resolve())
    else {
        return Err(
            "ffi-test: the fault injector is not loaded in this child (was LD_PRELOAD cleared?)"
                .into(),
        );
    };
    // SAFETY: the injector's `void ffi_test_fi_arm(unsigned long, int)` and
    // `unsigned long ffi_test_fi_disarm(void)` (ffi_test_protocol::faults).
    let (arm, disarm) = unsafe {
        (
            std::mem::transmute::<usize, extern "C" fn(u64, i32)>(arm),
            std::mem::transmute::<usize, extern "C" fn() -> u64>(disarm),
        )
    };
    arm(k, from as i32);
    let result = body();
    let count = disarm();
    if let Some(path) = std::env::var_os(REPORT_VAR) {
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| writeln!(f, "{COUNT_LINE} {count}"));
        if let Err(e) = appended {
            return Err(format!(
                "ffi-test: cannot write the sweep report {path:?}: {e}"
            ));
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        assert_eq!(parse_plan("count"), Some((0, false)));
        assert_eq!(parse_plan("fail:3"), Some((3, false)));
        assert_eq!(parse_plan("from:2"), Some((2, true)));
        assert_eq!(parse_plan("fail:x"), None);
        assert_eq!(parse_plan("other"), None);
    }
}
