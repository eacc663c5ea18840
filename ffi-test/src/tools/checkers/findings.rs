//! Reading a checker's log: the first finding in it, its kind (ffi-test's names,
//! `ffi_test_protocol::findings`) and the lines worth showing: AddressSanitizer and
//! LeakSanitizer, UndefinedBehaviorSanitizer, ThreadSanitizer, valgrind's memcheck.

/// A checker's first finding: the tool that reported it, its kind and the lines worth showing.
#[derive(Debug)]
pub struct Finding {
    pub tool: &'static str,
    pub kind: String,
    pub excerpt: String,
}

/// The first finding in a child's checker log (or output), if any.
pub fn finding(output: &str) -> Option<Finding> {
    let found = |tool, kind: String, excerpt| {
        Some(Finding {
            tool,
            kind,
            excerpt,
        })
    };
    if let Some(at) = output.find("ERROR: AddressSanitizer: ") {
        let rest = &output[at + "ERROR: AddressSanitizer: ".len()..];
        let kind = rest
            .split_whitespace()
            .next()
            .unwrap_or("error")
            .trim_end_matches(':')
            .to_string();
        let kind = match kind.as_str() {
            "attempting" if rest.starts_with("attempting double-free") => "double-free".to_string(),
            "attempting" if rest.starts_with("attempting free") => "bad-free".to_string(),
            _ => kind,
        };
        return found("AddressSanitizer", kind, excerpt(&output[at..]));
    }
    if let Some(at) = output.find("ERROR: LeakSanitizer: detected memory leaks") {
        // LeakSanitizer is ASan's part (`--sanitize address`).
        return found("AddressSanitizer", "leak".into(), excerpt(&output[at..]));
    }
    // Rust's own `fatal runtime error: ..` (a stack overflow, a foreign exception) is no
    // UBSan report.
    let ubsan = output
        .match_indices("runtime error: ")
        .map(|(at, _)| at)
        .find(|&at| !output[..at].ends_with("fatal "));
    if let Some(at) = ubsan {
        let line_start = output[..at].rfind('\n').map_or(0, |n| n + 1);
        let kind = undefined_kind(&output[at + "runtime error: ".len()..]);
        return found(
            "UndefinedBehaviorSanitizer",
            kind.into(),
            excerpt(&output[line_start..]),
        );
    }
    if let Some(at) = output.find("WARNING: ThreadSanitizer: ") {
        let rest = &output[at + "WARNING: ThreadSanitizer: ".len()..];
        return found("ThreadSanitizer", thread_kind(rest), excerpt(&output[at..]));
    }
    let (kind, excerpt) = valgrind_finding(output)?;
    found("valgrind", kind, excerpt)
}

/// UBSan's "runtime error:" message, named.
fn undefined_kind(message: &str) -> &'static str {
    let message = message.lines().next().unwrap_or_default();
    const KINDS: [(&str, &str); 12] = [
        ("signed integer overflow", "signed-integer-overflow"),
        ("negation of", "signed-integer-overflow"),
        ("misaligned address", "misaligned-access"),
        ("shift exponent", "shift-out-of-bounds"),
        ("left shift of", "shift-out-of-bounds"),
        ("out of bounds for type", "index-out-of-bounds"),
        ("null pointer", "null-pointer-use"),
        ("division by zero", "division-by-zero"),
        ("division of", "signed-integer-overflow"),
        ("is not a valid value for type", "invalid-value"),
        ("which is not a valid value", "invalid-value"),
        (
            "is outside the range of representable values",
            "invalid-value",
        ),
    ];
    KINDS
        .iter()
        .find(|(phrase, _)| message.contains(phrase))
        .map_or("undefined-behavior", |(_, kind)| kind)
}

/// TSan's warning ("data race (pid=1)", "lock-order-inversion (potential deadlock)"), named.
fn thread_kind(warning: &str) -> String {
    let head = warning.split(" (").next().unwrap_or_default().trim();
    match head {
        "data race" => "data-race".into(),
        "thread leak" => "thread-leak".into(),
        "signal-unsafe call inside of a signal" => "signal-unsafe-call".into(),
        h if h.contains("mutex") => "mutex-misuse".into(),
        h => h.replace(' ', "-"),
    }
}

fn valgrind_finding(output: &str) -> Option<(String, String)> {
    let body = |l: &str| {
        l.split_once("== ")
            .map_or("", |(_, b)| b)
            .trim_end()
            .to_string()
    };
    let lines: Vec<String> = output
        .lines()
        .filter(|l| l.starts_with("=="))
        .map(body)
        .collect();
    let first = lines.iter().position(|b| {
        let b = b.trim_start();
        b.starts_with("Invalid ")
            || b.contains("definitely lost in")
            || b.starts_with("Mismatched free")
            || uninitialised(b)
            || b.starts_with("Syscall param ")
            || b.starts_with("Source and destination overlap")
            || (b.starts_with("Argument '") && b.contains("fishy"))
    })?;
    let head = lines[first].trim_start().to_string();
    // The block the address belongs to comes after the whole stack: "Address 0x.. is 0 bytes
    // after a block of size 16 alloc'd" (an overflow), "... inside a block ... free'd" (use after
    // free, or a second free).
    let address = lines[first + 1..]
        .iter()
        .take_while(|b| {
            !b.trim_start().starts_with("Invalid ") && !b.contains("definitely lost in")
        })
        .find(|b| b.trim_start().starts_with("Address 0x"))
        .map(|b| b.trim_start().to_string())
        .unwrap_or_default();
    // "inside a block of size 32 free'd"; not "is not stack'd, malloc'd or (recently) free'd".
    let freed = address.contains("free'd") && !address.contains("not stack'd");
    let kind = if head.contains("definitely lost") {
        "leak"
    } else if uninitialised(&head) {
        "use-of-uninitialized-value"
    } else if head.starts_with("Source and destination overlap") {
        "memcpy-param-overlap"
    } else if head.starts_with("Argument '") {
        "negative-size-param"
    } else if head.starts_with("Mismatched free") {
        "alloc-dealloc-mismatch"
    } else if head.starts_with("Invalid free") {
        if freed {
            "double-free"
        } else {
            "bad-free"
        }
    } else if freed {
        "heap-use-after-free"
    } else if address.contains("bytes after a block") || address.contains("bytes before a block") {
        "heap-buffer-overflow"
    } else {
        "invalid-access"
    };
    let stack: Vec<&str> = lines[first + 1..]
        .iter()
        .take_while(|b| b.trim_start().starts_with("at ") || b.trim_start().starts_with("by "))
        .map(|b| b.trim())
        .collect();
    let frames = top_and_first_user_frames(&stack, 5);
    let mut text = format!("valgrind memcheck: {head}\n  {}", frames.join("\n  "));
    if !address.is_empty() {
        text.push_str(&format!("\n  {address}"));
    }
    Some((kind.to_string(), text))
}

/// Whether a memcheck report's first line says a value was used before it was set ("Conditional
/// jump or move depends on uninitialised value(s)", "Use of uninitialised value of size 8",
/// "Syscall param write(buf) points to uninitialised byte(s)").
fn uninitialised(head: &str) -> bool {
    head.starts_with("Conditional jump or move depends on uninitialised")
        || head.starts_with("Use of uninitialised value")
        || (head.starts_with("Syscall param ") && head.contains("uninitialised"))
}

/// Frames inside the runtime, std, PyO3's glue, the allocator's shims or the checker: the
/// user's code is further down. Told by the file (std's sources, the checker's libraries) or by
/// the function's path: valgrind names std's frames `alloc::raw_vec::..` with a bare file name,
/// and the allocator's shims (`__rustc::__rust_alloc`) have no file at all.
fn is_runtime_frame(frame: &str) -> bool {
    let by_file = [
        "/rustc/",
        "library/std/",
        "library/core/",
        "library/alloc/",
        "libsanitizer",
        "vgpreload",
        "ffi_test::",
        "(in /usr/lib",
    ]
    .iter()
    .any(|marker| frame.contains(marker));
    by_file || frame_function(frame).is_some_and(is_runtime_function)
}

/// Whether a frame names a function of the embedded CPython.
fn is_cpython_frame(frame: &str) -> bool {
    frame_function(frame)
        .and_then(|function| function.split_whitespace().next())
        .is_some_and(super::python_frames::is_cpython_function)
}

/// The code address a frame gives: valgrind's `by 0x4A:`, a sanitizer's `#3 0x55 in`.
fn frame_address(frame: &str) -> Option<&str> {
    frame
        .split_whitespace()
        .find(|word| word.starts_with("0x"))
        .map(|word| word.trim_end_matches(':'))
}

/// The function a frame names: valgrind's `by 0x4A: f (file.rs:3)`, a sanitizer's
/// `#3 0x55 in f file.rs:3`.
fn frame_function(frame: &str) -> Option<&str> {
    let frame = frame.trim_start();
    let rest = if frame.starts_with('#') {
        frame.split_once(" in ")?.1
    } else {
        frame.split_once(": ")?.1
    };
    Some(rest.trim_start())
}

fn is_runtime_function(function: &str) -> bool {
    // `<Self as Trait>::f`: the self type's code, unless it is a bare type parameter
    // (`<T as alloc::slice::hack::ConvertVec>::to_vec`), where the trait's is.
    if let Some(qualified) = function.strip_prefix('<') {
        let (self_type, rest) = qualified.split_once(" as ").unwrap_or((qualified, ""));
        let generic = !self_type.is_empty()
            && self_type.chars().all(|c| c.is_ascii_alphanumeric())
            && !self_type.contains("::");
        return is_runtime_path(if generic { rest } else { self_type });
    }
    is_runtime_path(function)
}

fn is_runtime_path(function: &str) -> bool {
    [
        "alloc::",
        "core::",
        "std::",
        "__rustc::",
        "__rust_",
        "__rdl_",
        "__rg_",
        "pyo3::",
        "malloc",
        "calloc",
        "realloc",
        "operator new",
    ]
    .iter()
    .any(|prefix| function.starts_with(prefix))
}

/// The first `top` frames of a stack, then (if not among them) the first frame in user code,
/// marked as such: where the bug is, even when it surfaced inside `Box::drop`, or in the
/// memory CPython allocated for an object whose reference Rust leaked. CPython's functions are
/// known by name; one inlined into another has no name of its own in the library, but shares
/// its code address (user code is never inlined into CPython).
fn top_and_first_user_frames(stack: &[&str], top: usize) -> Vec<String> {
    let stack: Vec<String> = stack.iter().map(|f| readable(f)).collect();
    let cpython: std::collections::HashSet<&str> = stack
        .iter()
        .filter(|f| is_cpython_frame(f))
        .filter_map(|f| frame_address(f))
        .collect();
    let runtime = |frame: &str| {
        is_runtime_frame(frame)
            || is_cpython_frame(frame)
            || frame_address(frame).is_some_and(|a| cpython.contains(a))
    };
    let mut shown: Vec<String> = stack.iter().take(top).cloned().collect();
    if shown.iter().all(|f| runtime(f)) {
        if let Some(user) = stack.iter().skip(top).find(|f| !runtime(f)) {
            shown.push("...".into());
            shown.push(user.clone());
        }
    }
    shown
}

/// A sanitizer's frame with its function demangled: GCC's sanitizer runtime prints Rust's v0
/// symbols as they are (`_RNvCs.._7___rustc12___rust_alloc`) and legacy ones half undone
/// (`_$LT$impl$u20$..$GT$::alloc::h0123..`). valgrind's frames are demangled already.
fn readable(frame: &str) -> String {
    let Some((before, after)) = frame.split_once(" in ") else {
        return frame.to_string();
    };
    if !frame.trim_start().starts_with('#') {
        return frame.to_string();
    }
    let (symbol, rest) = after.split_once(' ').unwrap_or((after, ""));
    let name = if crate::report::stack::is_mangled(symbol) {
        crate::report::stack::demangled(symbol)
    } else if symbol.contains('$') {
        let undone = symbol
            .replace("$LT$", "<")
            .replace("$GT$", ">")
            .replace("$u20$", " ")
            .replace("$RF$", "&")
            .replace("..", "::");
        let undone = undone.trim_start_matches('_').to_string();
        match undone.rsplit_once("::h") {
            Some((path, hash))
                if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) =>
            {
                path.to_string()
            }
            _ => undone,
        }
    } else {
        symbol.to_string()
    };
    let space = if rest.is_empty() { "" } else { " " };
    format!("{before} in {name}{space}{rest}")
}

/// The report's first lines and, per stack, its top frames and its first frame in user code.
fn excerpt(report: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let flush = |stack: &mut Vec<&str>, out: &mut Vec<String>| {
        out.extend(
            top_and_first_user_frames(stack, 5)
                .iter()
                .map(|f| format!("    {}", f.trim_start())),
        );
        stack.clear();
    };
    for line in report.lines().take(200) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            stack.push(line);
            continue;
        }
        flush(&mut stack, &mut out);
        if line.starts_with("SUMMARY:") {
            out.push(line.to_string());
            break;
        }
        if !trimmed.is_empty()
            && !trimmed.starts_with("Shadow")
            && !trimmed.starts_with("0x")
            && out.len() < 40
        {
            out.push(line.to_string());
        }
    }
    flush(&mut stack, &mut out);
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::{finding, Finding};

    /// With the `python` feature the test binary embeds libpython, as a harness of Python tests
    /// does: CPython's frames, the inlined one included (no symbol of its own, the same
    /// address), are passed over down to the Rust function that leaked the object's reference.
    #[cfg(feature = "python")]
    #[test]
    fn a_leaked_python_objects_stack_is_shown_down_to_the_users_function() {
        let valgrind = "==7== 4,129 bytes in 1 blocks are definitely lost in loss record 7 of 9\n\
            ==7==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)\n\
            ==7==    by 0x49A016B: _PyBytes_FromSize (bytesobject.c:103)\n\
            ==7==    by 0x49A016B: _PyBytes_FromSize (bytesobject.c:84)\n\
            ==7==    by 0x49A016B: PyBytes_FromStringAndSize (bytesobject.c:136)\n\
            ==7==    by 0x94CE46: pyo3::types::bytes::PyBytes::new (in /t/deps/pytest-1)\n\
            ==7==    by 0x3E525B: qengine::planted_leaked_reference (lib.rs:118)\n";
        let found = finding(valgrind).unwrap();
        assert!(
            found
                .excerpt
                .ends_with("  ...\n  by 0x3E525B: qengine::planted_leaked_reference (lib.rs:118)"),
            "{}",
            found.excerpt
        );
        // Without CPython's name the chain is not known to be CPython's: shown as it is.
        let unknown = valgrind.replace("PyBytes_FromStringAndSize", "some_c_function");
        assert!(!finding(&unknown)
            .unwrap()
            .excerpt
            .contains("planted_leaked_reference"),);
    }

    #[test]
    fn a_rust_leak_is_shown_down_to_the_users_function() {
        let valgrind = "==7== 12,800 bytes in 200 blocks are definitely lost in loss record 9 of 9\n\
            ==7==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)\n\
            ==7==    by 0x1A2B3C: __rustc::__rust_alloc (in /t/deps/pytest-1)\n\
            ==7==    by 0x1A2B3D: alloc::alloc::alloc (alloc.rs:95)\n\
            ==7==    by 0x1A2B3E: alloc::raw_vec::RawVecInner<A>::try_allocate_in (raw_vec.rs:479)\n\
            ==7==    by 0x1A2B3F: <T as alloc::slice::hack::ConvertVec>::to_vec (slice.rs:160)\n\
            ==7==    by 0x1A2B40: qengine::planted_leaky_checksum (lib.rs:120)\n\
            ==7==    by 0x1A2B41: pyo3::impl_::trampoline::inner (trampoline.rs:100)\n";
        let found = finding(valgrind).unwrap();
        assert_eq!(found.kind, "leak");
        assert!(
            found
                .excerpt
                .ends_with("  ...\n  by 0x1A2B40: qengine::planted_leaky_checksum (lib.rs:120)"),
            "{}",
            found.excerpt
        );
    }

    #[test]
    fn a_sanitizers_mangled_frames_are_read_down_to_the_users_function() {
        let lsan = "==9==ERROR: LeakSanitizer: detected memory leaks\n\n\
            Direct leak of 3 byte(s) in 1 object(s) allocated from:\n\
            \x20   #0 0x7f00 in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n\
            \x20   #1 0x5606 in std::sys::alloc::unix::_$LT$impl$u20$core..alloc..global..GlobalAlloc$u20$for$u20$std..alloc..System$GT$::alloc::hf1701820ac250798 /rustc/5980/library/std/src/sys/alloc/unix.rs:14\n\
            \x20   #2 0x5607 in _$LT$ffi_test..tools..faults..alloc..RustAllocator$u20$as$u20$core..alloc..global..GlobalAlloc$GT$::alloc::h9e575c84608ba97c ffi-test/src/tools/faults/alloc.rs:88\n\
            \x20   #3 0x5608 in _RNvCsfLfy6EI15iL_7___rustc12___rust_alloc examples/pytest-suite/tests/pytest.rs:7\n\
            \x20   #4 0x5609 in alloc::raw_vec::RawVecInner::try_allocate_in (/t/pytest+0x9a6367)\n\
            \x20   #5 0x560a in qengine::planted_leaky_checksum examples/pytest-suite/src/lib.rs:107\n\n\
            SUMMARY: AddressSanitizer: 3 byte(s) leaked in 1 allocation(s).\n";
        let found = finding(lsan).unwrap();
        assert_eq!(found.kind, "leak");
        assert!(
            found.excerpt.contains("    #3 0x5608 in __rustc::__rust_alloc examples/pytest-suite/tests/pytest.rs:7\n    #4 0x5609 in alloc::raw_vec::RawVecInner::try_allocate_in (/t/pytest+0x9a6367)\n    ...\n    #5 0x560a in qengine::planted_leaky_checksum examples/pytest-suite/src/lib.rs:107"),
            "{}",
            found.excerpt
        );
    }

    #[test]
    fn sanitizer_and_valgrind_reports_are_classified() {
        let asan = "noise\n==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6\nWRITE of size 1\n    #0 0x1 in f a.c:2\nSUMMARY: AddressSanitizer: heap-buffer-overflow a.c:2 in f\n";
        assert_eq!(finding(asan).unwrap().kind, "heap-buffer-overflow");
        assert_eq!(
            finding("==2==ERROR: AddressSanitizer: attempting double-free on 0x6")
                .unwrap()
                .kind,
            "double-free"
        );
        assert_eq!(finding("==2==ERROR: AddressSanitizer: attempting free on address which was not malloc()-ed").unwrap().kind, "bad-free");
        assert_eq!(
            finding("==3==ERROR: LeakSanitizer: detected memory leaks\n")
                .unwrap()
                .kind,
            "leak"
        );
        let vg = "==9== Invalid read of size 4\n==9==    at 0x1: f (a.c:3)\n==9==    by 0x2: g (b.rs:1)\n==9==    by 0x3: h (b.rs:2)\n==9==    by 0x4: i (b.rs:3)\n==9==    by 0x5: j (b.rs:4)\n==9==    by 0x6: k (b.rs:5)\n==9==    by 0x7: l (b.rs:6)\n==9==    by 0x8: m (b.rs:7)\n==9==    by 0x9: n (b.rs:8)\n==9==    by 0xa: o (b.rs:9)\n==9==    by 0xb: p (b.rs:10)\n==9==    by 0xc: q (b.rs:11)\n==9==  Address 0x4 is 0 bytes inside a block of size 40 free'd\n";
        assert_eq!(finding(vg).unwrap().kind, "heap-use-after-free");
        let vg_overflow = "==9== Invalid write of size 1\n==9==    at 0x1: f (a.c:3)\n==9==  Address 0x4 is 0 bytes after a block of size 16 alloc'd\n";
        assert_eq!(finding(vg_overflow).unwrap().kind, "heap-buffer-overflow");
        let vg_double = "==9== Invalid free() / delete / delete[] / realloc()\n==9==    at 0x1: free\n==9==  Address 0x4 is 0 bytes inside a block of size 32 free'd\n";
        assert_eq!(finding(vg_double).unwrap().kind, "double-free");
        let vg_null = "==9== Invalid write of size 8\n==9==    at 0x1: f (a.c:3)\n==9==  Address 0x0 is not stack'd, malloc'd or (recently) free'd\n";
        assert_eq!(finding(vg_null).unwrap().kind, "invalid-access");
        // What memcheck says of values used before they are set, overlapping copies and sizes
        // that cannot be: each a finding of its own name (issue 31 saw an uninitialised value
        // in _json.c reported as the process exiting with the findings' code).
        for (head, kind) in [
            (
                "Conditional jump or move depends on uninitialised value(s)",
                "use-of-uninitialized-value",
            ),
            (
                "Use of uninitialised value of size 8",
                "use-of-uninitialized-value",
            ),
            (
                "Syscall param write(buf) points to uninitialised byte(s)",
                "use-of-uninitialized-value",
            ),
            (
                "Syscall param write(buf) points to unaddressable byte(s)",
                "invalid-access",
            ),
            (
                "Source and destination overlap in memcpy(0x1, 0x2, 16)",
                "memcpy-param-overlap",
            ),
            (
                "Argument 'size' of function malloc has a fishy (possibly negative) value: -1",
                "negative-size-param",
            ),
        ] {
            let log = format!("==9== {head}\n==9==    at 0x1: scanstring_unicode (_json.c:600)\n==9==    by 0x2: f (a.c:3)\n==9== \n");
            let found = finding(&log).unwrap_or_else(|| panic!("{head}"));
            assert_eq!(found.kind, kind, "{head}");
            assert_eq!(found.tool, "valgrind");
            assert!(
                found
                    .excerpt
                    .starts_with(&format!("valgrind memcheck: {head}\n")),
                "{}",
                found.excerpt
            );
        }
        for rust in [
            "fatal runtime error: Rust cannot catch foreign exceptions, aborting\n",
            "thread 'main' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n",
        ] {
            assert!(finding(rust).is_none(), "{rust}");
        }
        let ub = "noise\n/src/a.c:3:12: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n    #0 0x1 in add_one /src/a.c:3\nSUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /src/a.c:3:12 in\n";
        let Finding {
            kind,
            excerpt: text,
            tool,
        } = finding(ub).unwrap();
        assert_eq!(tool, "UndefinedBehaviorSanitizer");
        assert_eq!(kind, "signed-integer-overflow");
        assert!(
            text.starts_with("/src/a.c:3:12: runtime error: signed integer overflow"),
            "{text}"
        );
        assert!(text.contains("add_one /src/a.c:3"), "{text}");
        for (message, kind) in [
            (
                "load of misaligned address 0x1 for type 'int', which requires 4 byte alignment",
                "misaligned-access",
            ),
            (
                "shift exponent 40 is too large for 32-bit type 'int'",
                "shift-out-of-bounds",
            ),
            (
                "index 10 out of bounds for type 'int [4]'",
                "index-out-of-bounds",
            ),
            ("load of null pointer of type 'int'", "null-pointer-use"),
            ("something new", "undefined-behavior"),
        ] {
            assert_eq!(
                finding(&format!("a.c:1:1: runtime error: {message}\n"))
                    .unwrap()
                    .kind,
                kind
            );
        }
        let race = "==================\nWARNING: ThreadSanitizer: data race (pid=7)\n  Write of size 4 at 0x1 by thread T2:\n    #0 bump /src/r.c:4 (r.so+0x1)\n\n  Previous write of size 4 at 0x1 by thread T1:\n    #0 bump /src/r.c:4 (r.so+0x1)\n\nSUMMARY: ThreadSanitizer: data race /src/r.c:4 in bump\n";
        let Finding {
            kind,
            excerpt: text,
            tool,
        } = finding(race).unwrap();
        assert_eq!(tool, "ThreadSanitizer");
        assert_eq!(kind, "data-race");
        assert_eq!(text.matches("bump /src/r.c:4").count(), 2, "{text}");
        assert_eq!(
            finding("WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=1)")
                .unwrap()
                .kind,
            "lock-order-inversion"
        );
        let vg_leak = "==9== 40 bytes in 1 blocks are definitely lost in loss record 1 of 1\n";
        assert_eq!(finding(vg_leak).unwrap().kind, "leak");
        assert!(finding("all fine").is_none());
    }
}
