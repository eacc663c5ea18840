//! Reading files that something other than the harness could have replaced: what a child wrote
//! (checker logs, fault reports), and the cache's entries. Opened without following a link and
//! without blocking (a FIFO in a file's place would stall `open` and `read` forever), checked to
//! be a regular file, and read up to a cap (a link to `/dev/zero` is no file, and a file that
//! keeps growing is cut): anything else is an error, which callers treat as a failure of that
//! test or as a cache miss.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Caps for what is read: a child's log or report, a cache entry's text.
pub const LOG_CAP: u64 = 64 << 20;
pub const ENTRY_CAP: u64 = 16 << 20;

/// Opens `path` for reading as a regular file, never through a link, never blocking.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path)?;
    if !file.metadata()?.file_type().is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, a device or a directory in its place?)",
        ));
    }
    Ok(file)
}

/// The contents of the regular file `path`, if it holds at most `cap` bytes.
pub fn read(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    // Sized from the file (as fs::read does): one read, and one more to see its end.
    let hint = file.metadata().map_or(0, |m| m.len().min(cap));
    let mut bytes = Vec::with_capacity(hint as usize + 1);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} MiB", cap >> 20),
        ));
    }
    Ok(bytes)
}

/// As [`read`], as text (invalid UTF-8 replaced).
pub fn read_text(path: &Path, cap: u64) -> io::Result<String> {
    read(path, cap).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ffi-test-untrusted-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        dir
    }

    #[test]
    fn a_fifo_a_device_and_a_link_are_refused_without_blocking() {
        let dir = scratch("kinds");
        let fifo = dir.join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo(3) with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read(&fifo, 10).unwrap_err();
        assert!(err.to_string().starts_with("not a regular file"), "{err}");
        let err = read(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(err.to_string().starts_with("not a regular file"), "{err}");
        let file = dir.join("file");
        std::fs::write(&file, b"12345").unwrap();
        std::os::unix::fs::symlink(&file, dir.join("link")).unwrap();
        assert!(read(&dir.join("link"), 10).is_err());
        assert_eq!(read(&file, 5).unwrap(), b"12345");
        let err = read(&file, 4).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
