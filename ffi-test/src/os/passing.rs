//! Messages with descriptors attached (`SCM_RIGHTS`) on a Unix socket of the kind
//! `SOCK_SEQPACKET`: how the harness hands a fork server the ends of a test's pipes.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// The most descriptors one message carries.
pub const MAX_FDS: usize = 4;

/// Room for one `SCM_RIGHTS` header with [`MAX_FDS`] descriptors, aligned as cmsg(3) requires.
type ControlBuffer = [u64; 8];

/// Sends `bytes` as one message on `socket`, with `fds` attached (duplicated into the
/// receiver, which owns its copies; the sender's stay open).
pub fn send(socket: &impl AsRawFd, bytes: &[u8], fds: &[RawFd]) -> io::Result<()> {
    assert!(
        fds.len() <= MAX_FDS,
        "at most {MAX_FDS} descriptors a message"
    );
    let mut control: ControlBuffer = [0; 8];
    let mut iov = libc::iovec {
        iov_base: bytes.as_ptr() as *mut libc::c_void,
        iov_len: bytes.len(),
    };
    // SAFETY: a zeroed msghdr is valid; its pointers are set below to live buffers.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if !fds.is_empty() {
        let payload = std::mem::size_of_val(fds) as libc::c_uint;
        msg.msg_control = control.as_mut_ptr().cast();
        // SAFETY: CMSG_SPACE only computes a size.
        msg.msg_controllen = unsafe { libc::CMSG_SPACE(payload) } as _;
        // SAFETY: the control buffer holds CMSG_SPACE(payload) bytes (at most 4 descriptors
        // need 32 of its 64), so the first header and its data lie within it.
        unsafe {
            let header = libc::CMSG_FIRSTHDR(&msg);
            (*header).cmsg_level = libc::SOL_SOCKET;
            (*header).cmsg_type = libc::SCM_RIGHTS;
            (*header).cmsg_len = libc::CMSG_LEN(payload) as _;
            std::ptr::copy_nonoverlapping(
                fds.as_ptr(),
                libc::CMSG_DATA(header).cast::<RawFd>(),
                fds.len(),
            );
        }
    }
    loop {
        // SAFETY: sendmsg(2) of buffers alive for the call, described by `msg`; MSG_NOSIGNAL
        // turns a gone peer into EPIPE rather than SIGPIPE.
        let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &msg, libc::MSG_NOSIGNAL) };
        if sent >= 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// One message received.
pub struct Message {
    /// Its length in the buffer.
    pub len: usize,
    /// The descriptors it carried, now owned here (close-on-exec).
    pub fds: Vec<OwnedFd>,
    /// Its sender's pid, where the socket asks for credentials (`SO_PASSCRED`).
    pub sender: Option<libc::pid_t>,
    /// It, or what it carried, did not fit.
    pub truncated: bool,
}

/// recvmsg(2) of one message into `buffer`, with `flags` (`MSG_DONTWAIT` for a drain; close on
/// exec always added), again if interrupted. `Ok(None)` at end-of-file, or for an empty message
/// carrying nothing.
pub fn receive_message(
    socket: RawFd,
    buffer: &mut [u8],
    flags: libc::c_int,
) -> io::Result<Option<Message>> {
    let mut control: ControlBuffer = [0; 8];
    let mut iov = libc::iovec {
        iov_base: buffer.as_mut_ptr().cast(),
        iov_len: buffer.len(),
    };
    // SAFETY: a zeroed msghdr is valid; its pointers are set below to live buffers.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = std::mem::size_of::<ControlBuffer>() as _;
    let len = loop {
        // SAFETY: recvmsg(2) into `buffer` and `control`, both alive and sized as `msg` says.
        let len = unsafe { libc::recvmsg(socket, &mut msg, flags | libc::MSG_CMSG_CLOEXEC) };
        if len >= 0 {
            break len as usize;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    };
    let (fds, sender) = attached(&msg);
    if len == 0 && fds.is_empty() {
        return Ok(None);
    }
    Ok(Some(Message {
        len,
        fds,
        sender,
        truncated: msg.msg_flags & (libc::MSG_TRUNC | libc::MSG_CTRUNC) != 0,
    }))
}

/// Waits for one message on `socket`: its length in `buffer` and the descriptors it carried
/// (close-on-exec). `Ok(None)` at end-of-file (the peer is gone).
pub fn receive(
    socket: &impl AsRawFd,
    buffer: &mut [u8],
) -> io::Result<Option<(usize, Vec<OwnedFd>)>> {
    match receive_message(socket.as_raw_fd(), buffer, 0)? {
        None => Ok(None),
        Some(message) if message.truncated => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message longer than expected, or with too many descriptors",
        )),
        Some(message) => Ok(Some((message.len, message.fds))),
    }
}

/// Waits up to `limit` for `socket` (or any descriptor: a pipe) to have something, or its end,
/// to read.
pub fn readable(socket: &impl AsRawFd, limit: std::time::Duration) -> bool {
    let mut fd = libc::pollfd {
        fd: socket.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = limit.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: poll(2) on one live pollfd for at most `ms` milliseconds.
    unsafe { libc::poll(&mut fd, 1, ms) > 0 }
}

/// What a received message's control headers carry: the descriptors of an `SCM_RIGHTS` header,
/// now owned here, and the sender's pid from an `SCM_CREDENTIALS` one.
fn attached(msg: &libc::msghdr) -> (Vec<OwnedFd>, Option<libc::pid_t>) {
    let (mut fds, mut sender) = (Vec::new(), None);
    // SAFETY: `msg` was filled by recvmsg(2); CMSG_FIRSTHDR/CMSG_NXTHDR walk its control buffer
    // within msg_controllen; the data of an SCM_RIGHTS header is an array of descriptors the
    // kernel installed in this process for the receiver alone, and that of an SCM_CREDENTIALS
    // header a ucred.
    unsafe {
        let mut header = libc::CMSG_FIRSTHDR(msg);
        while !header.is_null() {
            let data = libc::CMSG_DATA(header);
            if (*header).cmsg_level == libc::SOL_SOCKET && (*header).cmsg_type == libc::SCM_RIGHTS {
                let bytes = (*header).cmsg_len as usize - (data as usize - header as usize);
                for i in 0..bytes / std::mem::size_of::<RawFd>() {
                    let fd = std::ptr::read_unaligned(data.cast::<RawFd>().add(i));
                    fds.push(OwnedFd::from_raw_fd(fd));
                }
            } else if (*header).cmsg_level == libc::SOL_SOCKET
                && (*header).cmsg_type == libc::SCM_CREDENTIALS
            {
                sender = Some(std::ptr::read_unaligned(data.cast::<libc::ucred>()).pid);
            }
            header = libc::CMSG_NXTHDR(msg, header);
        }
    }
    (fds, sender)
}

/// A connected pair of `SOCK_SEQPACKET` sockets, both close-on-exec.
pub fn socket_pair() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid two-element array for socketpair(2) to fill.
    let made = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    if made != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both descriptors were just returned by socketpair(2) and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn a_message_carries_its_descriptors_and_end_of_file_is_none() {
        let (a, b) = socket_pair().unwrap();
        let (reader, mut writer) = std::io::pipe().unwrap();
        send(&a, b"hello", &[reader.as_raw_fd()]).unwrap();
        drop(reader);
        let mut buffer = [0u8; 64];
        let (len, mut fds) = receive(&b, &mut buffer).unwrap().unwrap();
        assert_eq!(&buffer[..len], b"hello");
        assert_eq!(fds.len(), 1);
        writer.write_all(b"through").unwrap();
        drop(writer);
        let mut text = String::new();
        std::fs::File::from(fds.remove(0))
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "through");

        send(&a, b"plain", &[]).unwrap();
        let (len, fds) = receive(&b, &mut buffer).unwrap().unwrap();
        assert_eq!((&buffer[..len], fds.len()), (&b"plain"[..], 0));
        drop(a);
        assert!(receive(&b, &mut buffer).unwrap().is_none());
    }

    #[test]
    fn a_message_longer_than_the_buffer_is_an_error() {
        let (a, b) = socket_pair().unwrap();
        send(&a, &[7u8; 100], &[]).unwrap();
        let mut buffer = [0u8; 10];
        assert!(receive(&b, &mut buffer).is_err());
    }
}
