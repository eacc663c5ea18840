//! Debian's zlib under fault-injection sweeps: every allocation zlib makes in a compression
//! round trip and in a deflate/inflate stream failing in turn, and every open, read, write and
//! close of a gzip file failing with EIO or ENOSPC. zlib answers each with an error (Z_MEM_ERROR,
//! Z_ERRNO, NULL), which the tests treat as an answer: these sweeps pass, a correct library's
//! error paths producing no false failure.
//!
//! One real finding: zlib 1.2.13 does not retry a read interrupted by a signal (gz_load takes
//! -1 with EINTR for an error), so a gzread through an interrupted read fails. A regular file's
//! read is never interrupted; a pipe's or a socket's can be, under a signal handler installed
//! without SA_RESTART. Expected to fail here, with its report asserted by tests/faults.rs.

use std::ffi::{c_int, c_uint, c_void, CString};

use ffi_test::ffi_test;
use zlib_sys_example as z;

const TEXT: &[u8] =
    b"every allocation and every call, in turn; every allocation and every call, in turn";

/// compress2 then uncompress: the text back, or `Err` with zlib's error code.
fn compress_round_trip() -> Result<(), String> {
    // SAFETY: pure function of its argument.
    let mut packed = vec![0u8; unsafe { z::compressBound(TEXT.len() as _) } as usize];
    let mut packed_len = packed.len() as z::uLong;
    // SAFETY: the buffers and lengths describe live, writable/readable memory.
    let rc = unsafe {
        z::compress2(
            packed.as_mut_ptr(),
            &mut packed_len,
            TEXT.as_ptr(),
            TEXT.len() as _,
            9,
        )
    };
    if rc != z::Z_OK as c_int {
        return Err(format!("compress2: {rc}"));
    }
    let mut back = vec![0u8; TEXT.len()];
    let mut back_len = back.len() as z::uLong;
    // SAFETY: as above.
    let rc = unsafe {
        z::uncompress(
            back.as_mut_ptr(),
            &mut back_len,
            packed.as_ptr(),
            packed_len,
        )
    };
    match (rc, &back[..back_len as usize] == TEXT) {
        (0, true) => Ok(()),
        (0, false) => panic!("uncompress gave other bytes back"),
        (rc, _) => Err(format!("uncompress: {rc}")),
    }
}

/// A deflate stream then an inflate stream, each ended on every path.
fn stream_round_trip() -> Result<(), String> {
    let mut packed = vec![0u8; 256];
    // SAFETY: an all-zero z_stream is the documented initial state (zalloc/zfree NULL: zlib's
    // own allocator, which calls calloc/free).
    let mut s: z::z_stream = unsafe { std::mem::zeroed() };
    let version = z::ZLIB_VERSION.as_ptr().cast();
    let size = std::mem::size_of::<z::z_stream>() as c_int;
    // SAFETY: a zeroed stream, zlib's version string and the struct's size.
    let rc = unsafe { z::deflateInit_(&mut s, 6, version, size) };
    if rc != z::Z_OK as c_int {
        return Err(format!("deflateInit: {rc}"));
    }
    s.next_in = TEXT.as_ptr() as *mut _;
    s.avail_in = TEXT.len() as c_uint;
    s.next_out = packed.as_mut_ptr();
    s.avail_out = packed.len() as c_uint;
    // SAFETY: an initialised stream over live buffers.
    let rc = unsafe { z::deflate(&mut s, z::Z_FINISH as c_int) };
    let packed_len = s.total_out as usize;
    // SAFETY: initialised above, ended once.
    unsafe { z::deflateEnd(&mut s) };
    if rc != z::Z_STREAM_END as c_int {
        return Err(format!("deflate: {rc}"));
    }
    let mut back = vec![0u8; TEXT.len()];
    // SAFETY: as for deflate.
    let mut s: z::z_stream = unsafe { std::mem::zeroed() };
    // SAFETY: as for deflateInit.
    let rc = unsafe { z::inflateInit_(&mut s, version, size) };
    if rc != z::Z_OK as c_int {
        return Err(format!("inflateInit: {rc}"));
    }
    s.next_in = packed.as_mut_ptr();
    s.avail_in = packed_len as c_uint;
    s.next_out = back.as_mut_ptr();
    s.avail_out = back.len() as c_uint;
    // SAFETY: an initialised stream over live buffers.
    let rc = unsafe { z::inflate(&mut s, z::Z_FINISH as c_int) };
    // SAFETY: initialised above, ended once.
    unsafe { z::inflateEnd(&mut s) };
    match (rc == z::Z_STREAM_END as c_int, back == TEXT) {
        (true, true) => Ok(()),
        (true, false) => panic!("inflate gave other bytes back"),
        (false, _) => Err(format!("inflate: {rc}")),
    }
}

/// Writes TEXT to a gzip file and reads it back through zlib's gz* calls.
fn gzip_file_round_trip() -> Result<(), String> {
    let path = std::env::temp_dir().join(format!("ffi-test-zlib-{}.gz", std::process::id()));
    let name = CString::new(path.to_str().unwrap()).unwrap();
    let result = write_then_read(&name);
    let _ = std::fs::remove_file(&path);
    result
}

fn write_then_read(name: &CString) -> Result<(), String> {
    // SAFETY: NUL-terminated path and mode.
    let out = unsafe { z::gzopen(name.as_ptr(), c"wb".as_ptr()) };
    if out.is_null() {
        return Err("gzopen for writing failed".into());
    }
    // SAFETY: an open gzFile and a live buffer of that length.
    let wrote = unsafe { z::gzwrite(out, TEXT.as_ptr() as *const c_void, TEXT.len() as c_uint) };
    // SAFETY: closed once; it flushes, so its error counts.
    let closed = unsafe { z::gzclose(out) };
    if wrote != TEXT.len() as c_int || closed != z::Z_OK as c_int {
        return Err(format!("gzwrite {wrote}, gzclose {closed}"));
    }
    // SAFETY: as above.
    let input = unsafe { z::gzopen(name.as_ptr(), c"rb".as_ptr()) };
    if input.is_null() {
        return Err("gzopen for reading failed".into());
    }
    let mut back = vec![0u8; TEXT.len() + 16];
    // SAFETY: an open gzFile and a writable buffer of that length.
    let read = unsafe {
        z::gzread(
            input,
            back.as_mut_ptr() as *mut c_void,
            back.len() as c_uint,
        )
    };
    // SAFETY: closed once.
    unsafe { z::gzclose(input) };
    match read {
        n if n < 0 => Err(format!("gzread: {n}")),
        n if &back[..n as usize] == TEXT => Ok(()),
        n => Err(format!(
            "gzread gave {n} bytes, not the {} written",
            TEXT.len()
        )),
    }
}

#[ffi_test(fail_allocs)]
fn zlib__compress_round_trip__then_every_allocation_failure_handled() -> Result<(), String> {
    compress_round_trip()
}

#[ffi_test(fail_allocs)]
fn zlib__stream_round_trip__then_every_allocation_failure_handled() -> Result<(), String> {
    stream_round_trip()
}

#[ffi_test(fail_calls(open, write, read, close, errno = [EIO, ENOSPC]))]
fn zlib__gzip_file__then_every_io_failure_handled() -> Result<(), String> {
    gzip_file_round_trip()
}

/// zlib's gz_load gives up on EINTR (see the top of this file).
#[ffi_test(fail_calls(read, errno = EINTR), expect = fail)]
fn zlib__gzip_file_read_interrupted__then_whole_file() -> Result<(), String> {
    gzip_file_round_trip()
}

ffi_test::main!();
