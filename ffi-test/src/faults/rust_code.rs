//! The Rust standard library's functions in the test binary, for the injector: std allocates a
//! few things (a thread's handle) through the system allocator directly rather than through the
//! global allocator, so those allocations are told apart by their caller, a std function named
//! in the binary's symbol table.

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
            let elf = crate::elf::Elf::parse(&data)?;
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

/// Whether a symbol is a function of Rust's standard library (`std`, `core`, `alloc`), in
/// legacy or v0 mangling, or one of the allocator shims.
fn is_runtime(name: &str) -> bool {
    const LEGACY: [&str; 3] = ["_ZN3std", "_ZN4core", "_ZN5alloc"];
    const V0_CRATES: [&str; 3] = ["_3std", "_4core", "_5alloc"];
    LEGACY.iter().any(|p| name.starts_with(p))
        || (name.starts_with("_R") && V0_CRATES.iter().any(|c| name.contains(c)))
        || ["__rust_", "__rdl_", "__rg_"]
            .iter()
            .any(|p| name.starts_with(p))
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
    }
}
