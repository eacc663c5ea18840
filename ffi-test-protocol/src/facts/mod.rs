//! Rust's facts as data: records the macros place in the compiled test binary, so that a
//! binary built for a target that cannot run here is verified without running it (`cargo
//! ffi-test verify`). The host reads the records from the binary's [`SECTION`], has the
//! target's C compiler compile the C facts into an object, and compares the two. The macros
//! emit the records under `--cfg ffi_test_facts` only, which `cargo ffi-test verify` passes.
//!
//! Every number in a record is computed by const evaluation (`size_of`, `offset_of!`, a
//! constant's bytes, a type's kind through an associated constant), so it is the target's,
//! computed by the compiler that built the binary. A record is a sequence of parts: [`BEGIN`]
//! with its kind (the `*_RECORD` constants), then the fields of its struct in [`records`], in
//! their order (the only place that order is written). Parts under `#[cfg]` (a field compiled in on some targets only) are simply absent
//! where they are not compiled in.
//!
//! Records are held in frames, one static each. Most are [`Frame`]s (see `frame.rs`): a template
//! written by the macro, beside the numbers. A record with a string only the compiler knows is
//! a byte frame encoded by const evaluation ([`record`]): [`MAGIC`], the payload's length (`u32`,
//! little-endian), then its parts, each a tag byte and its data, little-endian whatever the
//! target: [`NUM`] (a `u64`), [`STR`] (a `u32` length, then UTF-8 bytes), [`LIST`] (a `u32`
//! count, then that many strings), [`BEGIN`] (a `u64` kind).

mod frame;
pub mod records;
pub use frame::{template, Frame, TemplatePart, FRAME_MAGIC, SLOT};

/// The ELF section holding every record. A C identifier, so the linker keeps the section's
/// input pieces together and defines `__start_`/`__stop_` symbols for it.
pub const SECTION: &str = "ffi_test_facts";
/// The four bytes every record starts with.
pub const MAGIC: [u8; 4] = *b"FFT1";

/// A part's tag: a number.
pub const NUM: u8 = 1;
/// A part's tag: a string.
pub const STR: u8 = 2;
/// A part's tag: a list of strings.
pub const LIST: u8 = 4;
/// A part's tag: a record of the kind that follows (a `u64`) starts here.
pub const BEGIN: u8 = 5;

/// The binary's configuration: its parts are [`records::Config`]'s fields, in order.
pub const CONFIG_RECORD: u64 = 1;
/// A registered test: its parts are [`records::Test`]'s fields, in order.
pub const TEST_RECORD: u64 = 2;
/// A layout: its parts are [`records::Layout`]'s fields, in order.
pub const LAYOUT_RECORD: u64 = 3;
/// A field of a layout: its parts are [`records::Field`]'s fields, in order.
pub const FIELD_RECORD: u64 = 4;
/// A variant of a layout: its parts are [`records::Variant`]'s fields, in order.
pub const VARIANT_RECORD: u64 = 5;
/// A bit-field of a layout (compared only by running): its parts are [`records::Bitfield`]'s fields, in order.
pub const BITFIELD_RECORD: u64 = 6;
/// A signature: its parts are [`records::Signature`]'s fields, in order.
pub const SIGNATURE_RECORD: u64 = 7;
/// An extern static: its parts are [`records::Static`]'s fields, in order.
pub const STATIC_RECORD: u64 = 8;
/// A constant: its parts are [`records::Constant`]'s fields, in order.
pub const VALUE_RECORD: u64 = 9;

/// A field whose Rust type the macro did not see (`check_layout!` names fields only): its kind
/// is not compared.
pub const UNKNOWN_KIND: u64 = 0xff;

/// Expectation: pass.
pub const EXPECT_PASS: u64 = 0;
/// Expectation: fail.
pub const EXPECT_FAIL: u64 = 1;
/// Expectation: busted on this target.
pub const EXPECT_BUSTED: u64 = 2;
/// Expectation: anything else (a crash, a memory finding, random), seen only by running.
pub const EXPECT_OTHER: u64 = 3;

/// One part of a record, as generated code writes it.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// A record of this kind starts.
    Begin(u64),
    /// A number.
    Num(u64),
    /// A string.
    Str(&'static str),
    /// A list of strings.
    List(&'static [&'static str]),
}

const fn part_len(part: &Part) -> usize {
    match part {
        Part::Num(_) | Part::Begin(_) => 9,
        Part::Str(s) => 5 + s.len(),
        Part::List(items) => {
            let mut n = 5;
            let mut i = 0;
            while i < items.len() {
                n += 4 + items[i].len();
                i += 1;
            }
            n
        }
    }
}

/// The length of the record made of `parts`, header included.
pub const fn record_len(parts: &[Part]) -> usize {
    let mut n = 8;
    let mut i = 0;
    while i < parts.len() {
        n += part_len(&parts[i]);
        i += 1;
    }
    n
}

/// Copies `bytes` to `out` at `at`; returns the position after them.
const fn put(out: &mut [u8], at: usize, bytes: &[u8]) -> usize {
    let (_, rest) = out.split_at_mut(at);
    let (dest, _) = rest.split_at_mut(bytes.len());
    dest.copy_from_slice(bytes);
    at + bytes.len()
}

const fn put_str(out: &mut [u8], at: usize, bytes: &[u8]) -> usize {
    let at = put(out, at, &(bytes.len() as u32).to_le_bytes());
    put(out, at, bytes)
}

/// The record made of `parts`; `N` must be [`record_len`] of them.
pub const fn record<const N: usize>(parts: &[Part]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = put(&mut out, 0, &MAGIC);
    at = put(&mut out, at, &((N - 8) as u32).to_le_bytes());
    let mut i = 0;
    while i < parts.len() {
        at = match parts[i] {
            Part::Num(v) => {
                let at = put(&mut out, at, &[NUM]);
                put(&mut out, at, &v.to_le_bytes())
            }
            Part::Begin(kind) => {
                let at = put(&mut out, at, &[BEGIN]);
                put(&mut out, at, &kind.to_le_bytes())
            }
            Part::Str(s) => {
                let at = put(&mut out, at, &[STR]);
                put_str(&mut out, at, s.as_bytes())
            }
            Part::List(items) => {
                let mut at = put(&mut out, at, &[LIST]);
                at = put(&mut out, at, &(items.len() as u32).to_le_bytes());
                let mut j = 0;
                while j < items.len() {
                    at = put_str(&mut out, at, items[j].as_bytes());
                    j += 1;
                }
                at
            }
        };
        i += 1;
    }
    out
}

/// A decoded part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A number.
    Num(u64),
    /// A string.
    Str(String),
    /// A list of strings.
    List(Vec<String>),
}

/// Word `i` of `bytes` (a value's bytes in the target's order), for a [`Part::Num`]: the
/// reader gets the bytes back unchanged (`u64::to_le_bytes` of each word, up to the size).
pub const fn word<const N: usize>(bytes: [u8; N], i: usize) -> u64 {
    let mut w = [0u8; 8];
    let mut j = 0;
    while j < 8 && 8 * i + j < N {
        w[j] = bytes[8 * i + j];
        j += 1;
    }
    u64::from_le_bytes(w)
}

/// Every record in `section` (the bytes of [`SECTION`]; `big_endian`: the target's order),
/// in order, each starting with its kind as a [`Value::Num`]. Bytes between frames that start
/// none (alignment padding a linker may add) are skipped.
pub fn decode(section: &[u8], big_endian: bool) -> Result<Vec<Vec<Value>>, String> {
    let mut records = Vec::new();
    let mut at = 0;
    while at + 8 <= section.len() {
        let (parts, len) = if let Some(frame) = frame::read(&section[at..], big_endian) {
            frame.map_err(|e| format!("frame at byte {at}: {e}"))?
        } else if section[at..at + 4] == MAGIC {
            let len = u32::from_le_bytes(section[at + 4..at + 8].try_into().unwrap()) as usize;
            let payload = section
                .get(at + 8..at + 8 + len)
                .ok_or_else(|| format!("a frame at byte {at} runs past the section's end"))?;
            let parts = decode_parts(payload).map_err(|e| format!("frame at byte {at}: {e}"))?;
            (parts, 8 + len)
        } else {
            at += 1;
            continue;
        };
        for part in parts {
            match part {
                Begin(kind) => records.push(vec![Value::Num(kind)]),
                Plain(value) => match records.last_mut() {
                    Some(record) => record.push(value),
                    None => return Err(format!("frame at byte {at}: a part before any record")),
                },
            }
        }
        at += len;
    }
    Ok(records)
}

pub(crate) enum Decoded {
    Begin(u64),
    Plain(Value),
}
use Decoded::{Begin, Plain};

fn decode_parts(mut data: &[u8]) -> Result<Vec<Decoded>, String> {
    fn take<'a>(data: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
        if data.len() < n {
            return Err("truncated part".into());
        }
        let (head, rest) = data.split_at(n);
        *data = rest;
        Ok(head)
    }
    fn take_str(data: &mut &[u8]) -> Result<Vec<u8>, String> {
        let n = u32::from_le_bytes(take(data, 4)?.try_into().unwrap()) as usize;
        Ok(take(data, n)?.to_vec())
    }
    let text = |b: Vec<u8>| String::from_utf8(b).map_err(|_| "a string is not UTF-8".to_string());
    let mut parts = Vec::new();
    while !data.is_empty() {
        let tag = take(&mut data, 1)?[0];
        let number = |data: &mut &[u8]| -> Result<u64, String> {
            Ok(u64::from_le_bytes(take(data, 8)?.try_into().unwrap()))
        };
        parts.push(match tag {
            BEGIN => Begin(number(&mut data)?),
            NUM => Plain(Value::Num(number(&mut data)?)),
            STR => Plain(Value::Str(text(take_str(&mut data)?)?)),
            LIST => {
                let n = u32::from_le_bytes(take(&mut data, 4)?.try_into().unwrap());
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(text(take_str(&mut data)?)?);
                }
                Plain(Value::List(items))
            }
            other => return Err(format!("unknown part tag {other}")),
        });
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_const_encoding() {
        const PARTS: &[Part] = &[
            Part::Begin(LAYOUT_RECORD),
            Part::Str("point"),
            Part::List(&["a.h", "<b.h>"]),
            Part::Num(u64::MAX),
            Part::Begin(TEST_RECORD),
            Part::Num(word(*b"0123456789", 1)),
        ];
        const BYTES: [u8; record_len(PARTS)] = record(PARTS);
        let mut section = vec![0u8; 3];
        section.extend_from_slice(&BYTES);
        section.extend_from_slice(&BYTES);
        let records = decode(&section, false).unwrap();
        assert_eq!(records.len(), 4);
        assert_eq!(
            records[1],
            vec![
                Value::Num(TEST_RECORD),
                Value::Num(u64::from_le_bytes(*b"89\0\0\0\0\0\0"))
            ]
        );
        assert_eq!(
            records[0],
            vec![
                Value::Num(LAYOUT_RECORD),
                Value::Str("point".into()),
                Value::List(vec!["a.h".into(), "<b.h>".into()]),
                Value::Num(u64::MAX),
            ]
        );
    }

    #[test]
    fn template_frames_read_their_numbers_in_the_target_order() {
        let template = template(&[
            TemplatePart::Begin(FIELD_RECORD),
            TemplatePart::Str("x".into()),
            TemplatePart::Slot(1),
            TemplatePart::Slot(0),
        ]);
        for big_endian in [false, true] {
            let word = |w: u32| {
                if big_endian {
                    w.to_be_bytes()
                } else {
                    w.to_le_bytes()
                }
            };
            let wide = |w: u64| {
                if big_endian {
                    w.to_be_bytes()
                } else {
                    w.to_le_bytes()
                }
            };
            let mut section = vec![0u8; 5];
            for w in [FRAME_MAGIC, 2, template.len() as u32, 0] {
                section.extend(word(w));
            }
            section.extend(wide(7));
            section.extend(wide(u64::MAX - 1));
            section.extend(&template);
            let records = decode(&section, big_endian).unwrap();
            assert_eq!(
                records,
                [vec![
                    Value::Num(FIELD_RECORD),
                    Value::Str("x".into()),
                    Value::Num(u64::MAX - 1),
                    Value::Num(7)
                ]]
            );
        }
    }

    #[test]
    fn a_truncated_record_is_an_error_not_a_guess() {
        const PARTS: &[Part] = &[Part::Begin(TEST_RECORD), Part::Str("abc")];
        const BYTES: [u8; record_len(PARTS)] = record(PARTS);
        assert!(decode(&BYTES[..BYTES.len() - 1], false).is_err());
    }
}
