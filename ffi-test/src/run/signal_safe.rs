//! What the crash handler and the thread-stack handler share, all async-signal-safe: a writer
//! into a fixed buffer, reading a small file with raw system calls, the thread's id, a sleep.

#[cfg(unix)]
use std::ffi::CStr;
#[cfg(unix)]
use std::time::Duration;

/// An allocation-free writer into a fixed buffer that stops, silently, where it ends.
pub struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl<'a> Writer<'a> {
    pub fn new(out: &'a mut [u8]) -> Writer<'a> {
        Writer { out, at: 0 }
    }

    /// How many bytes were written.
    pub fn len(&self) -> usize {
        self.at
    }

    /// The bytes written.
    pub fn written(&self) -> &[u8] {
        &self.out[..self.at]
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        let n = bytes.len().min(self.out.len() - self.at);
        self.out[self.at..self.at + n].copy_from_slice(&bytes[..n]);
        self.at += n;
    }

    /// `n` in `radix` (10 or 16, lowercase).
    pub fn number(&mut self, n: u64, radix: u64) {
        let mut digits = [0u8; 20];
        let len = super::verdict::write_number(&mut digits, n, radix);
        self.bytes(&digits[..len]);
    }
}

/// Reads the file at `path` into `out` until its end or `out`'s; how many bytes (0 if it
/// cannot be opened).
#[cfg(unix)]
pub fn read_file(path: &CStr, out: &mut [u8]) -> usize {
    // SAFETY: open(2)/read(2)/close(2) on a NUL-terminated path and a live buffer.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return 0;
        }
        let mut used = 0;
        while used < out.len() {
            let n = libc::read(fd, out[used..].as_mut_ptr().cast(), out.len() - used);
            if n <= 0 {
                break;
            }
            used += n as usize;
        }
        libc::close(fd);
        used
    }
}

/// The calling thread's id.
#[cfg(unix)]
pub fn gettid() -> i32 {
    // SAFETY: gettid(2) has no arguments and cannot fail.
    unsafe { libc::syscall(libc::SYS_gettid) as i32 }
}

/// Sleeps `step` (under a second); a signal only shortens it.
#[cfg(unix)]
pub fn sleep(step: Duration) {
    let time = libc::timespec {
        tv_sec: 0,
        tv_nsec: step.as_nanos() as libc::c_long,
    };
    // SAFETY: nanosleep(2) with a live timespec.
    unsafe { libc::nanosleep(&time, std::ptr::null_mut()) };
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_writer_stops_where_its_buffer_ends_and_files_read_whole() {
        let mut buffer = [0u8; 8];
        let mut w = Writer::new(&mut buffer);
        w.bytes(b"ab ");
        w.number(255, 16);
        w.bytes(b" ");
        w.number(12345, 10);
        assert_eq!((w.written(), w.len()), (&b"ab ff 12"[..], 8));
        let mut out = [0u8; 4096];
        let n = read_file(c"/proc/self/comm", &mut out);
        assert!(n > 1 && out[n - 1] == b'\n', "{:?}", &out[..n]);
        assert_eq!(read_file(c"/no/such/file", &mut out), 0);
    }
}
