//! The fast frame: a record template the macro writes out at expansion time (kinds, strings,
//! and slots for numbers) beside an array of the numbers, which const evaluation computes as
//! plain constants. Encoding bytes by const evaluation costs the compiler about a millisecond
//! per record (a whole libc surface would take longer to compile than to check), so it is kept
//! for the few records with a string that is only known at compile time (see [`super::Part`]).
//!
//! A frame is a [`Frame`]: four `u32`s in the target's byte order ([`FRAME_MAGIC`], the number
//! of numbers, the template's length, 0), the numbers (`u64`, target order), the template. The
//! template is parts as in a byte frame, except that a number is a [`SLOT`]: a `u32`
//! (little-endian) index into the numbers.

use super::{Value, BEGIN, STR};

/// The first `u32` of a [`Frame`], in the target's byte order.
pub const FRAME_MAGIC: u32 = u32::from_le_bytes(*b"FFT2");
/// A template part's tag: a number, by its index in the frame's numbers.
pub const SLOT: u8 = 6;

/// A record frame as the binary holds it (one static).
#[repr(C)]
pub struct Frame<const T: usize, const N: usize> {
    header: [u32; 4],
    numbers: [u64; N],
    template: [u8; T],
}

impl<const T: usize, const N: usize> Frame<T, N> {
    /// The frame of `template` (from [`template`]) and its `numbers`.
    pub const fn new(template: [u8; T], numbers: [u64; N]) -> Frame<T, N> {
        Frame {
            header: [FRAME_MAGIC, N as u32, T as u32, 0],
            numbers,
            template,
        }
    }
}

/// A part of a template, as the macro knows it at expansion time.
pub enum TemplatePart {
    /// A record of this kind starts.
    Begin(u64),
    /// A string.
    Str(String),
    /// A number computed by the compiler: the index of its expression in the frame's numbers.
    Slot(u32),
}

/// The template bytes of `parts`.
pub fn template(parts: &[TemplatePart]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        match part {
            TemplatePart::Begin(kind) => {
                out.push(BEGIN);
                out.extend(kind.to_le_bytes());
            }
            TemplatePart::Str(s) => {
                out.push(STR);
                out.extend((s.len() as u32).to_le_bytes());
                out.extend(s.as_bytes());
            }
            TemplatePart::Slot(i) => {
                out.push(SLOT);
                out.extend(i.to_le_bytes());
            }
        }
    }
    out
}

/// The frame at the start of `data` if there is one: its records' parts (records begin at
/// `None`, with their kind) and its length in bytes.
pub(super) fn read(
    data: &[u8],
    big_endian: bool,
) -> Option<Result<(Vec<super::Decoded>, usize), String>> {
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
        Some(if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    if u32_at(0)? != FRAME_MAGIC {
        return None;
    }
    Some(parse(
        data,
        big_endian,
        u32_at(4)? as usize,
        u32_at(8)? as usize,
    ))
}

fn parse(
    data: &[u8],
    big_endian: bool,
    n: usize,
    t: usize,
) -> Result<(Vec<super::Decoded>, usize), String> {
    let numbers_end = 16 + 8 * n;
    let end = numbers_end + t;
    let numbers: Vec<u64> = data
        .get(16..numbers_end)
        .ok_or("a frame's numbers run past the section's end")?
        .chunks_exact(8)
        .map(|c| {
            let b: [u8; 8] = c.try_into().unwrap();
            if big_endian {
                u64::from_be_bytes(b)
            } else {
                u64::from_le_bytes(b)
            }
        })
        .collect();
    let mut template = data
        .get(numbers_end..end)
        .ok_or("a frame's template runs past the section's end")?;
    let mut parts = Vec::new();
    while let Some((&tag, rest)) = template.split_first() {
        template = rest;
        let mut take = |len: usize| -> Result<&[u8], String> {
            if template.len() < len {
                return Err("truncated template".into());
            }
            let (head, rest) = template.split_at(len);
            template = rest;
            Ok(head)
        };
        parts.push(match tag {
            BEGIN => super::Decoded::Begin(u64::from_le_bytes(take(8)?.try_into().unwrap())),
            STR => {
                let len = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
                let text = String::from_utf8(take(len)?.to_vec())
                    .map_err(|_| "a string is not UTF-8".to_string())?;
                super::Decoded::Plain(Value::Str(text))
            }
            SLOT => {
                let i = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
                let n = *numbers.get(i).ok_or("a slot past the frame's numbers")?;
                super::Decoded::Plain(Value::Num(n))
            }
            other => return Err(format!("unknown template tag {other}")),
        });
    }
    Ok((parts, end))
}
