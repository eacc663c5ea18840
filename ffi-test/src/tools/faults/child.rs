//! A sweep's child: the injector is preloaded; the test body runs armed as the child's plan
//! says, and the number counted is added to the report for the parent.

use std::ffi::{c_int, c_ulong, CString};
use std::io::Write;

use ffi_test_protocol::faults::{
    call_mask, Mode, Plan, Target, ARM, COUNT_LINE, DISARM, PLAN_VAR, REPORT_VAR,
};

/// Off Unix there is no injector (it is preloaded, as only Unix loaders do).
#[cfg(not(unix))]
pub(crate) fn symbol(_: &str) -> Option<usize> {
    None
}

/// The address of `name` in the process (the injector's functions), if defined.
#[cfg(unix)]
pub(crate) fn symbol(name: &str) -> Option<usize> {
    let name = CString::new(name).ok()?;
    // SAFETY: dlsym(3) with RTLD_DEFAULT and a NUL-terminated name.
    let found = unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) };
    (!found.is_null()).then_some(found as usize)
}

/// The injector's `arm` arguments for `plan`: k, from, the calls' mask (0: allocations) and
/// the errno (0: short counts).
fn arm_arguments(plan: &Plan) -> Result<(u64, bool, u64, i32), String> {
    let (mask, err) = match &plan.target {
        Target::Allocs => (0, 0),
        Target::Calls { names, mode } => {
            let mask = call_mask(names.iter().map(String::as_str))
                .map_err(|name| format!("ffi-test: no fault injection for the call {name:?}"))?;
            let err = match mode {
                Mode::Short => 0,
                Mode::Errno(name) => {
                    errno_value(name).ok_or_else(|| format!("ffi-test: unknown errno {name:?}"))?
                }
            };
            (mask, err)
        }
    };
    Ok((plan.k, plan.from, mask, err))
}

/// The target's value of an errno named in `ffi_test_protocol::faults::ERRNOS`.
pub(crate) fn errno_value(name: &str) -> Option<i32> {
    Some(match name {
        "EINTR" => libc::EINTR,
        "EAGAIN" => libc::EAGAIN,
        "EIO" => libc::EIO,
        "ENOSPC" => libc::ENOSPC,
        "ENOMEM" => libc::ENOMEM,
        "EACCES" => libc::EACCES,
        "EPERM" => libc::EPERM,
        "ENOENT" => libc::ENOENT,
        "EEXIST" => libc::EEXIST,
        "EBADF" => libc::EBADF,
        "EINVAL" => libc::EINVAL,
        "EMFILE" => libc::EMFILE,
        "ENFILE" => libc::ENFILE,
        "EFBIG" => libc::EFBIG,
        "EROFS" => libc::EROFS,
        #[cfg(unix)]
        "EDQUOT" => libc::EDQUOT,
        "EPIPE" => libc::EPIPE,
        "ECONNRESET" => libc::ECONNRESET,
        "ECONNREFUSED" => libc::ECONNREFUSED,
        "ETIMEDOUT" => libc::ETIMEDOUT,
        "ENOBUFS" => libc::ENOBUFS,
        _ => return None,
    })
}

/// Runs `body` as this child's sweep plan says (as it is when there is none).
pub(crate) fn around(body: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let Some(plan) = std::env::var(PLAN_VAR).ok() else {
        return body();
    };
    let (k, from, mask, err) = arm_arguments(&plan.parse::<Plan>()?)?;
    let (Some(arm), Some(disarm), true) = (symbol(ARM), symbol(DISARM), super::alloc::resolve())
    else {
        return Err(
            "ffi-test: the fault injector is not loaded in this child (was LD_PRELOAD cleared?)"
                .into(),
        );
    };
    // SAFETY: the injector's `void ffi_test_fi_arm(unsigned long, int, unsigned long, int)`
    // and `unsigned long ffi_test_fi_disarm(void)` (ffi_test_protocol::faults); `unsigned
    // long` is 32 bits on 32-bit targets.
    let (arm, disarm) = unsafe {
        (
            std::mem::transmute::<usize, extern "C" fn(c_ulong, c_int, c_ulong, c_int)>(arm),
            std::mem::transmute::<usize, extern "C" fn() -> c_ulong>(disarm),
        )
    };
    let (Some(k), Some(mask)) = (c_ulong::try_from(k).ok(), c_ulong::try_from(mask).ok()) else {
        return Err(format!(
            "ffi-test: fault plan {plan:?} out of range for this target"
        ));
    };
    arm(k, from as c_int, mask, err);
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
    fn every_errno_the_attribute_accepts_has_a_value() {
        for name in ffi_test_protocol::faults::ERRNOS {
            assert!(errno_value(name).is_some_and(|v| v > 0), "{name}");
        }
    }

    #[test]
    fn plans_become_the_injectors_arguments() {
        let plan = |text: &str| arm_arguments(&text.parse().unwrap());
        assert_eq!(plan("allocs count"), Ok((0, false, 0, 0)));
        assert_eq!(plan("allocs from 2"), Ok((2, true, 0, 0)));
        assert_eq!(
            plan("calls read,write EINTR fail 3"),
            Ok((3, false, 0b11, libc::EINTR))
        );
        assert_eq!(plan("calls close short count"), Ok((0, false, 1 << 11, 0)));
    }
}
