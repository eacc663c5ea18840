//! The libc crate's Rust re-implementations of C function-like macros, each checked against
//! the macro itself on generated inputs (`#[ffi_differential]`): wait statuses, `CMSG_*`,
//! `makedev`/`major`/`minor`, IP options, `QCMD`, `KERNEL_VERSION`, netlink and BPF field
//! macros, `FUTEX_OP`, `TPACKET_ALIGN`, SCTP's PR-SCTP policy macros.

use std::ffi::{c_int, c_uint};

use ffi_test::ffi_differential;

#[ffi_differential(c = "WIFEXITED(status)")]
fn wifexited(status: c_int) -> bool {
    libc::WIFEXITED(status)
}

#[ffi_differential(c = "WEXITSTATUS(status)")]
fn wexitstatus(status: c_int) -> c_int {
    libc::WEXITSTATUS(status)
}

#[ffi_differential(c = "WIFSIGNALED(status)")]
fn wifsignaled(status: c_int) -> bool {
    libc::WIFSIGNALED(status)
}

#[ffi_differential(c = "WTERMSIG(status)")]
fn wtermsig(status: c_int) -> c_int {
    libc::WTERMSIG(status)
}

#[ffi_differential(c = "WIFSTOPPED(status)")]
fn wifstopped(status: c_int) -> bool {
    libc::WIFSTOPPED(status)
}

#[ffi_differential(c = "WSTOPSIG(status)")]
fn wstopsig(status: c_int) -> c_int {
    libc::WSTOPSIG(status)
}

#[ffi_differential(c = "WIFCONTINUED(status)")]
fn wifcontinued(status: c_int) -> bool {
    libc::WIFCONTINUED(status)
}

#[ffi_differential(c = "WCOREDUMP(status)")]
fn wcoredump(status: c_int) -> bool {
    libc::WCOREDUMP(status)
}

#[ffi_differential(c = "W_EXITCODE(ret, sig)")]
fn w_exitcode(ret: c_int, sig: c_int) -> c_int {
    libc::W_EXITCODE(ret, sig)
}

#[ffi_differential(c = "W_STOPCODE(sig)")]
fn w_stopcode(sig: c_int) -> c_int {
    libc::W_STOPCODE(sig)
}

#[ffi_differential(c = "CMSG_SPACE(length)")]
fn cmsg_space(length: c_uint) -> c_uint {
    unsafe { libc::CMSG_SPACE(length) }
}

// Where the sum does not overflow: the two agree. Beyond, see `cmsg_len_overflowing`.
#[ffi_differential(c = "CMSG_LEN(length)", length = 0..=u32::MAX - 64)]
fn cmsg_len(length: c_uint) -> c_uint {
    unsafe { libc::CMSG_LEN(length) }
}

#[ffi_differential(c = "makedev(major, minor)")]
fn makedev(major: c_uint, minor: c_uint) -> u64 {
    libc::makedev(major, minor)
}

#[ffi_differential(c = "major(dev)")]
fn major(dev: u64) -> c_uint {
    libc::major(dev)
}

#[ffi_differential(c = "minor(dev)")]
fn minor(dev: u64) -> c_uint {
    libc::minor(dev)
}

#[ffi_differential(c = "IPOPT_COPIED(o)")]
fn ipopt_copied(o: u8) -> u8 {
    libc::IPOPT_COPIED(o)
}

#[ffi_differential(c = "IPOPT_CLASS(o)")]
fn ipopt_class(o: u8) -> u8 {
    libc::IPOPT_CLASS(o)
}

#[ffi_differential(c = "IPOPT_NUMBER(o)")]
fn ipopt_number(o: u8) -> u8 {
    libc::IPOPT_NUMBER(o)
}

#[ffi_differential(c = "IPTOS_ECN(x)")]
fn iptos_ecn(x: u8) -> u8 {
    libc::IPTOS_ECN(x)
}

#[ffi_differential(c = "QCMD(cmd, type_)")]
fn qcmd(cmd: c_int, type_: c_int) -> c_int {
    libc::QCMD(cmd, type_)
}

// Where the sum does not overflow: the two agree. Beyond, see `kernel_version_overflowing`.
#[ffi_differential(c = "KERNEL_VERSION(a, b, c)", a = 0..=255u32, b = 0..=255u32)]
fn kernel_version(a: u32, b: u32, c: u32) -> u32 {
    libc::KERNEL_VERSION(a, b, c)
}

// Where the sum does not overflow: the two agree. Beyond, see `nlmsg_align_overflowing`.
#[ffi_differential(c = "NLMSG_ALIGN(size)", size = 0..=usize::MAX - 3)]
fn nlmsg_align(size: usize) -> c_int {
    libc::NLMSG_ALIGN(size)
}

// Where the sum does not overflow: the two agree. Beyond, see `nlmsg_length_overflowing`.
#[ffi_differential(c = "NLMSG_LENGTH(size)", size = 0..=(i32::MAX as usize - 32))]
fn nlmsg_length(size: usize) -> c_int {
    libc::NLMSG_LENGTH(size)
}

// Where the sum does not overflow: the two agree. Beyond, see `nlmsg_space_overflowing`.
#[ffi_differential(c = "NLMSG_SPACE(size)", size = 0..=(i32::MAX as usize - 32))]
fn nlmsg_space(size: usize) -> c_int {
    libc::NLMSG_SPACE(size)
}

// Where the sum does not overflow: the two agree. Beyond, see `nla_align_overflowing`.
#[ffi_differential(c = "NLA_ALIGN(len)", len = i32::MIN..=i32::MAX - 3)]
fn nla_align(len: c_int) -> c_int {
    unsafe { libc::NLA_ALIGN(len) }
}

#[ffi_differential(c = "BPF_CLASS(code)")]
fn bpf_class(code: u32) -> u32 {
    unsafe { libc::BPF_CLASS(code) }
}

#[ffi_differential(c = "BPF_SIZE(code)")]
fn bpf_size(code: u32) -> u32 {
    unsafe { libc::BPF_SIZE(code) }
}

#[ffi_differential(c = "BPF_MODE(code)")]
fn bpf_mode(code: u32) -> u32 {
    unsafe { libc::BPF_MODE(code) }
}

#[ffi_differential(c = "BPF_OP(code)")]
fn bpf_op(code: u32) -> u32 {
    unsafe { libc::BPF_OP(code) }
}

#[ffi_differential(c = "BPF_SRC(code)")]
fn bpf_src(code: u32) -> u32 {
    unsafe { libc::BPF_SRC(code) }
}

#[ffi_differential(c = "BPF_RVAL(code)")]
fn bpf_rval(code: u32) -> u32 {
    unsafe { libc::BPF_RVAL(code) }
}

#[ffi_differential(c = "BPF_MISCOP(code)")]
fn bpf_miscop(code: u32) -> u32 {
    unsafe { libc::BPF_MISCOP(code) }
}

#[ffi_differential(c = "FUTEX_OP(op, oparg, cmp, cmparg)")]
fn futex_op(op: c_int, oparg: c_int, cmp: c_int, cmparg: c_int) -> c_int {
    libc::FUTEX_OP(op, oparg, cmp, cmparg)
}

// Where the sum does not overflow: the two agree. Beyond, see `tpacket_align_overflowing`.
#[ffi_differential(c = "TPACKET_ALIGN(x)", x = 0..=usize::MAX - 15)]
fn tpacket_align(x: usize) -> usize {
    unsafe { libc::TPACKET_ALIGN(x) }
}

#[ffi_differential(c = "SCTP_PR_POLICY(policy)")]
fn sctp_pr_policy(policy: c_int) -> c_int {
    unsafe { libc::SCTP_PR_POLICY(policy) }
}

// Finding: C's `SCTP_PR_TTL_ENABLED(x)` compares `SCTP_PR_POLICY(x)` (the policy bits, masked with
// SCTP_PR_SCTP_MASK) with SCTP_PR_SCTP_TTL; libc's compares `x` unmasked, so a policy
// carrying other bits (flags) is not seen as TTL.
#[ffi_differential(c = "SCTP_PR_TTL_ENABLED(policy)", expect = fail)]
fn sctp_pr_ttl_enabled(policy: c_int) -> bool {
    libc::SCTP_PR_TTL_ENABLED(policy)
}

// Finding: C's `SCTP_PR_RTX_ENABLED(x)` compares `SCTP_PR_POLICY(x)` (the policy bits, masked with
// SCTP_PR_SCTP_MASK) with SCTP_PR_SCTP_RTX; libc's compares `x` unmasked, so a policy
// carrying other bits (flags) is not seen as RTX.
#[ffi_differential(c = "SCTP_PR_RTX_ENABLED(policy)", expect = fail)]
fn sctp_pr_rtx_enabled(policy: c_int) -> bool {
    libc::SCTP_PR_RTX_ENABLED(policy)
}

// Finding: C's `SCTP_PR_PRIO_ENABLED(x)` compares `SCTP_PR_POLICY(x)` (the policy bits, masked with
// SCTP_PR_SCTP_MASK) with SCTP_PR_SCTP_PRIO; libc's compares `x` unmasked, so a policy
// carrying other bits (flags) is not seen as PRIO.
#[ffi_differential(c = "SCTP_PR_PRIO_ENABLED(policy)", expect = fail)]
fn sctp_pr_prio_enabled(policy: c_int) -> bool {
    libc::SCTP_PR_PRIO_ENABLED(policy)
}

// Finding: libc's `CMSG_LEN` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "CMSG_LEN(length)", length = u32::MAX - 15..=u32::MAX, expect = crash("SIGABRT"))]
fn cmsg_len_overflowing(length: c_uint) -> c_uint {
    unsafe { libc::CMSG_LEN(length) }
}

// Finding: libc's `KERNEL_VERSION` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "KERNEL_VERSION(a, b, c)", a = 0xffff..=0xffffu32, b = 0x100..=0xffffu32, expect = crash("SIGABRT"))]
fn kernel_version_overflowing(a: u32, b: u32, c: u32) -> u32 {
    libc::KERNEL_VERSION(a, b, c)
}

// Finding: libc's `NLA_ALIGN` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "NLA_ALIGN(len)", len = i32::MAX - 2..=i32::MAX, expect = crash("SIGABRT"))]
fn nla_align_overflowing(len: c_int) -> c_int {
    unsafe { libc::NLA_ALIGN(len) }
}

// Finding: libc's `NLMSG_ALIGN` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "NLMSG_ALIGN(size)", size = usize::MAX - 2..=usize::MAX, expect = crash("SIGABRT"))]
fn nlmsg_align_overflowing(size: usize) -> c_int {
    libc::NLMSG_ALIGN(size)
}

// Finding: libc's `NLMSG_LENGTH` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "NLMSG_LENGTH(size)", size = (i32::MAX as usize - 15)..=(i32::MAX as usize), expect = crash("SIGABRT"))]
fn nlmsg_length_overflowing(size: usize) -> c_int {
    libc::NLMSG_LENGTH(size)
}

// Finding: libc's `NLMSG_SPACE` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "NLMSG_SPACE(size)", size = (i32::MAX as usize - 15)..=(i32::MAX as usize), expect = crash("SIGABRT"))]
fn nlmsg_space_overflowing(size: usize) -> c_int {
    libc::NLMSG_SPACE(size)
}

// Finding: libc's `TPACKET_ALIGN` adds without wrapping, so near the top of its
// argument's range a debug build panics (out of libc's `extern "C"` function: the process
// aborts) where C's macro wraps around. The crash report names the input; the range is where
// every input overflows, so each run shows it.
#[ffi_differential(c = "TPACKET_ALIGN(x)", x = usize::MAX - 14..=usize::MAX, expect = crash("SIGABRT"))]
fn tpacket_align_overflowing(x: usize) -> usize {
    unsafe { libc::TPACKET_ALIGN(x) }
}

ffi_test::main! {
    headers: [
        "<sys/wait.h>", "<sys/socket.h>", "<sys/sysmacros.h>", "<netinet/in.h>",
        "<netinet/ip.h>", "<sys/quota.h>", "<linux/version.h>", "<linux/netlink.h>",
        "<linux/filter.h>", "<linux/futex.h>", "<linux/if_packet.h>", "<linux/sctp.h>",
    ],
}
