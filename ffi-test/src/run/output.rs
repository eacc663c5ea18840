//! A test's captured output, bounded: a test that prints without end must not take the harness's
//! memory or the JUnit report with it. The head and the tail are kept (where a failure's story
//! starts and how it ends); what lies between is counted and said to be dropped.

use std::collections::VecDeque;
#[cfg(unix)]
use std::io::Read;
#[cfg(unix)]
use std::os::fd::AsRawFd;
#[cfg(unix)]
use std::time::{Duration, Instant};

/// Bytes kept from the start of a test's output.
pub const HEAD: usize = 256 * 1024;
/// Bytes kept from the end of a test's output.
pub const TAIL: usize = 256 * 1024;

/// Output with its middle dropped once it outgrows `HEAD + TAIL`.
#[derive(Default)]
pub struct Capped {
    head: Vec<u8>,
    tail: VecDeque<u8>,
    dropped: u64,
}

impl Capped {
    pub fn push(&mut self, mut bytes: &[u8]) {
        let room = HEAD.saturating_sub(self.head.len());
        let to_head = room.min(bytes.len());
        self.head.extend_from_slice(&bytes[..to_head]);
        bytes = &bytes[to_head..];
        if bytes.len() >= TAIL {
            self.dropped += (self.tail.len() + bytes.len() - TAIL) as u64;
            self.tail.clear();
            self.tail.extend(&bytes[bytes.len() - TAIL..]);
            return;
        }
        let overflow = (self.tail.len() + bytes.len()).saturating_sub(TAIL);
        self.tail.drain(..overflow);
        self.dropped += overflow as u64;
        self.tail.extend(bytes);
    }

    /// The kept output as text, with a line saying how much was dropped where it was.
    pub fn render(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.head).into_owned();
        if self.dropped > 0 {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!(
                "[ffi-test: {} bytes of output dropped here; the first {} KiB and the last {} KiB are kept]\n",
                self.dropped,
                HEAD / 1024,
                TAIL / 1024
            ));
        }
        let (a, b) = self.tail.as_slices();
        text.push_str(&String::from_utf8_lossy(&[a, b].concat()));
        text
    }
}

/// A child's output pipe, read (without blocking) by whoever waits for the child, into a
/// [`Capped`] buffer.
#[cfg(unix)]
pub struct Drain {
    /// `None` once at end-of-file.
    pipe: Option<std::io::PipeReader>,
    buffer: Capped,
}

#[cfg(unix)]
impl Drain {
    pub fn new(pipe: std::io::PipeReader) -> Drain {
        // SAFETY: fcntl(2) F_GETFL/F_SETFL on the pipe we own.
        unsafe {
            let flags = libc::fcntl(pipe.as_raw_fd(), libc::F_GETFL);
            libc::fcntl(pipe.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
        Drain {
            pipe: Some(pipe),
            buffer: Capped::default(),
        }
    }

    /// The pipe to poll, until its end.
    pub fn fd(&self) -> Option<std::os::fd::RawFd> {
        self.pipe.as_ref().map(|p| p.as_raw_fd())
    }

    /// Reads what is in the pipe now; `true` at its end.
    pub fn read_available(&mut self) -> bool {
        let Some(pipe) = &mut self.pipe else {
            return true;
        };
        let mut chunk = [0u8; 64 * 1024];
        // Bounded: a child that writes without end cannot hold its waiter here.
        for _ in 0..64 {
            match pipe.read(&mut chunk) {
                Ok(0) => {
                    self.pipe = None;
                    return true;
                }
                Ok(n) => self.buffer.push(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        false
    }

    /// What arrived: waits up to `linger` for the end of the output (a process that escaped the
    /// test's process group may hold the pipe open forever), then takes what is there.
    pub fn finish(mut self, linger: Duration) -> String {
        let deadline = Instant::now() + linger;
        while !self.read_available() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(pipe) = self.pipe.as_ref().filter(|_| !left.is_zero()) else {
                break;
            };
            crate::os::passing::readable(pipe, left.max(Duration::from_millis(1)));
        }
        self.buffer.render()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_output_is_kept_whole_and_large_output_keeps_head_and_tail() {
        let mut small = Capped::default();
        small.push(b"hello\n");
        assert_eq!(small.render(), "hello\n");

        let mut big = Capped::default();
        big.push(&vec![b'a'; HEAD]);
        for _ in 0..10 {
            big.push(&vec![b'b'; TAIL / 2]);
        }
        big.push(b"the end\n");
        let text = big.render();
        assert!(text.starts_with(&"a".repeat(HEAD)));
        assert!(text.ends_with("b\nthe end\n") || text.ends_with("bthe end\n"));
        let dropped = 10 * (TAIL / 2) + 8 - TAIL;
        assert!(text.contains(&format!(
            "[ffi-test: {dropped} bytes of output dropped here"
        )));
        assert!(text.len() < HEAD + TAIL + 200);

        let mut one_chunk = Capped::default();
        one_chunk.push(&vec![b'x'; HEAD + 3 * TAIL]);
        assert!(one_chunk
            .render()
            .contains(&format!("{} bytes of output dropped", 2 * TAIL)));
    }
}
