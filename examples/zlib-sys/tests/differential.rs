//! zlib's checksums against the Rust crates that re-implement them (crc32fast, adler2) on
//! generated buffers (`#[ffi_differential]`): a `&[u8]` parameter reaches the C expression as
//! `data` and `data_len`. And a planted twin: a CRC that drops the last byte of buffers over
//! 16 bytes, found and shrunk to the shortest buffer that shows it.

use ffi_test::ffi_differential;

#[ffi_differential(c = "(uint32_t)crc32(0, data, (uInt)data_len)", data = 0..=4096)]
fn crc32_of(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

#[ffi_differential(c = "(uint32_t)adler32(1, data, (uInt)data_len)", data = 0..=4096)]
fn adler32_of(data: &[u8]) -> u32 {
    adler2::adler32_slice(data)
}

// A running checksum over two buffers: crc32fast's hasher fed twice, zlib's crc32 chained.
#[ffi_differential(c = "(uint32_t)crc32(crc32(0, a, (uInt)a_len), b, (uInt)b_len)")]
fn crc32_of_two(a: &[u8], b: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(a);
    hasher.update(b);
    hasher.finalize()
}

// zlib combines two checksums from their lengths alone; adler2 only computes them.
#[ffi_differential(
    c = "(uint32_t)adler32_combine(adler32(1, a, (uInt)a_len), adler32(1, b, (uInt)b_len), (z_off_t)b_len)"
)]
fn adler32_combined(a: &[u8], b: &[u8]) -> u32 {
    let mut adler = adler2::Adler32::new();
    adler.write_slice(a);
    adler.write_slice(b);
    adler.checksum()
}

// Planted: drops the last byte of any buffer over 16 bytes.
#[ffi_differential(c = "(uint32_t)crc32(0, data, (uInt)data_len)", expect = fail)]
fn crc32_dropping_a_byte(data: &[u8]) -> u32 {
    match data.len() > 16 {
        true => crc32fast::hash(&data[..data.len() - 1]),
        false => crc32fast::hash(data),
    }
}

ffi_test::main! { headers: ["<zlib.h>"], libs: ["z"] }
