//! Compressed debug sections inflated by the system's zlib (`libz.so.1`, loaded when first
//! needed), where there is one. The `object` crate inflates them itself, in Rust compiled as the
//! user's tests are: unoptimised under `cargo test`, where a crash inside glibc took 0.73 s to
//! report, a third of it inflating the 9 MB of glibc's separate debug file.

use std::os::raw::{c_int, c_ulong};
use std::sync::OnceLock;

/// zlib's `uncompress(dest, &dest_len, source, source_len)`.
type Uncompress = unsafe extern "C" fn(*mut u8, *mut c_ulong, *const u8, c_ulong) -> c_int;

/// zlib's `Z_OK`.
const Z_OK: c_int = 0;

/// The zlib stream `data` inflated to exactly `size` bytes, or `None` where the system has no
/// zlib or the stream is not what it says (the caller then inflates it the slow way).
pub fn inflate(data: &[u8], size: usize) -> Option<Vec<u8>> {
    let uncompress = system_zlib()?;
    let mut out = vec![0u8; size];
    let mut out_len = c_ulong::try_from(size).ok()?;
    let in_len = c_ulong::try_from(data.len()).ok()?;
    // SAFETY: `out` has room for `out_len` bytes and `data` holds `in_len`; uncompress(3) writes
    // at most `out_len` bytes and sets it to the number written.
    let status = unsafe { uncompress(out.as_mut_ptr(), &mut out_len, data.as_ptr(), in_len) };
    let whole = c_ulong::try_from(size).ok()?;
    (status == Z_OK && out_len == whole).then_some(out)
}

/// `uncompress` from the system's zlib, looked up once (a cache: the library stays loaded).
fn system_zlib() -> Option<Uncompress> {
    static FOUND: OnceLock<Option<(libloading::Library, Uncompress)>> = OnceLock::new();
    let found = FOUND.get_or_init(|| {
        // SAFETY: zlib's initialisers are its own and touch nothing of ours.
        let library = unsafe { libloading::Library::new("libz.so.1") }.ok()?;
        // SAFETY: `uncompress` has had this signature since zlib 1.0.
        let uncompress = unsafe { library.get::<Uncompress>(b"uncompress\0") }.ok()?;
        let uncompress = *uncompress;
        Some((library, uncompress))
    });
    found.as_ref().map(|(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compressed_debug_section_inflates_as_the_object_crate_inflates_it() {
        use object::{Object, ObjectSection};
        let dir = std::env::temp_dir().join(format!("ffi-test-zlib-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let source = dir.join("f.c");
        std::fs::write(
            &source,
            "struct s { int a; long b; };\nint f(struct s *p) { return p->a; }\n",
        )
        .unwrap();
        let object_path = dir.join("f.o");
        let built = std::process::Command::new("cc")
            .args(["-g", "-gz=zlib", "-c", "-o"])
            .arg(&object_path)
            .arg(&source)
            .status()
            .unwrap();
        assert!(built.success());
        let bytes = std::fs::read(&object_path).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        let section = file.section_by_name(".debug_info").unwrap();
        let compressed = section.compressed_data().unwrap();
        assert_eq!(compressed.format, object::CompressionFormat::Zlib);
        let size = compressed.uncompressed_size as usize;
        let ours = inflate(compressed.data, size).expect("the system's zlib");
        assert_eq!(ours, &*section.uncompressed_data().unwrap());
        // A stream that is not what its header says is refused, never half-read.
        assert_eq!(inflate(compressed.data, size + 1), None);
        assert_eq!(
            inflate(&compressed.data[..compressed.data.len() / 2], size),
            None
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
