//! The Rust runtime's functions in the test binary, for the injector: std allocates a few things
//! (a thread's handle) through the system allocator directly rather than through the global
//! allocator, and std and ffi-test's harness read and write files and pipes while a body runs;
//! those calls are told apart by their caller, a runtime function named in the binary's symbol
//! table.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The file of ranges (`start end`, hex, relative to the binary's base), written once per run
/// into `dir`.
pub fn ranges_file(dir: &Path) -> Result<PathBuf, String> {
    static WRITTEN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    WRITTEN
        .get_or_init(|| {
            let exe = std::env::current_exe()
                .map_err(|e| format!("cannot locate the test binary: {e}"))?;
            let data =
                std::fs::read(&exe).map_err(|e| format!("cannot read {}: {e}", exe.display()))?;
            let elf = crate::os::object_file::ObjectFile::parse(&data)?;
            let mut ranges: Vec<(u64, u64)> = elf
                .functions()
                .into_iter()
                .filter(|(name, _, _)| is_runtime(name))
                .map(|(_, start, size)| (start, start + size))
                .collect();
            ranges.sort_unstable();
            let text: String = ranges
                .iter()
                .map(|(a, b)| format!("{a:x} {b:x}\n"))
                .collect();
            let file = dir.join("rust-code");
            std::fs::write(&file, text)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            Ok(file)
        })
        .clone()
}

/// The crates whose functions are the Rust runtime's, not the code under test: the standard
/// library and ffi-test itself (its harness reads and writes pipes and files while the body
/// runs). A function of the user's crate instantiated with their types is the user's.
const RUNTIME_CRATES: [&str; 7] = [
    "std",
    "core",
    "alloc",
    "panic_unwind",
    "std_detect",
    "ffi_test",
    "ffi_test_protocol",
];

/// Whether a symbol is a function of the Rust runtime: of one of [`RUNTIME_CRATES`] (the crate
/// of its path, or of the type an impl is for), in legacy or v0 mangling, or an allocator shim.
fn is_runtime(name: &str) -> bool {
    let krate = match name.strip_prefix("_ZN") {
        Some(rest) => legacy_crate(rest),
        None => name.strip_prefix("_R").and_then(v0_crate),
    };
    krate.is_some_and(|k| RUNTIME_CRATES.contains(&k))
        || ["__rust_", "__rdl_", "__rg_"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// The first path component of a legacy symbol (`3std2io..`), or for an impl
/// (`57_$LT$std..fs..File$u20$as$u20$..`) the crate of its type.
fn legacy_crate(rest: &str) -> Option<&str> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let len: usize = rest[..digits].parse().ok()?;
    let first = rest.get(digits..digits + len)?;
    let Some(mut ty) = first.strip_prefix("_$LT$") else {
        return Some(first);
    };
    for pointer in ["$RF$", "$BP$", "mut$u20$", "const$u20$"] {
        ty = ty.strip_prefix(pointer).unwrap_or(ty);
    }
    ty.split("..").next()
}

/// The crate at the root of a v0 symbol's path (after `_R`): through nested paths (`N`),
/// generic instantiations (`I`) and impls (`M`, `X`, whose type's path comes first).
fn v0_crate(rest: &str) -> Option<&str> {
    let mut s = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    loop {
        let (tag, tail) = s.split_at_checked(1)?;
        s = match tag {
            "N" => tail.get(1..)?,
            "I" => tail,
            "M" | "X" => skip_disambiguator(tail),
            "C" => {
                let tail = skip_disambiguator(tail);
                let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
                let len: usize = tail[..digits].parse().ok()?;
                let ident = tail[digits..].strip_prefix('_').unwrap_or(&tail[digits..]);
                return ident.get(..len);
            }
            _ => return None,
        };
    }
}

/// `s<base62>_`, the optional disambiguator of a crate root or an impl.
fn skip_disambiguator(s: &str) -> &str {
    match s.strip_prefix('s') {
        Some(tail) => tail.split_once('_').map_or(s, |(_, rest)| rest),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn std_functions_in_either_mangling() {
        assert!(super::is_runtime(
            "_ZN3std6thread7current12init_current17h0123456789abcdefE"
        ));
        assert!(super::is_runtime(
            "_RNvNtNtCs1234abcd_3std6thread7current12init_current"
        ));
        assert!(super::is_runtime("__rdl_alloc"));
        assert!(!super::is_runtime(
            "_ZN11fault_sweep14open_add_close17h0123456789abcdefE"
        ));
        assert!(!super::is_runtime("store_open"));
        // Impls are the crate of their type; ffi-test's own functions are the runtime's too.
        assert!(super::is_runtime(
            "_ZN57_$LT$$RF$std..fs..File$u20$as$u20$std..io..Read$GT$4read17h0123456789abcdefE"
        ));
        assert!(super::is_runtime(
            "_ZN8ffi_test7harness5child9run_entry17h0123456789abcdefE"
        ));
        assert!(super::is_runtime(
            "_RNvXs_NtCs1234_3std2fsNtB4_4FileNtNtB6_2io4Read4read"
        ));
        // A user's generic instantiated with std's types is the user's.
        assert!(!super::is_runtime(
            "_RINvCs5678_10fault_sweep9read_intoNtNtCs1234_5alloc6string6StringEB2_"
        ));
        assert!(!super::is_runtime(
            "_ZN13my_ffi_test_x4read17h0123456789abcdefE"
        ));
    }
}
