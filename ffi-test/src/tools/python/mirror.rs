//! A ctypes class as Python lays it out: read from the records of
//! `ffi_test_protocol::python::ctypes_script`, and put in the form the layout comparison reads.

use std::borrow::Cow;

use ffi_test_protocol::python::{BITFIELD_RECORD, ERROR_RECORD, FIELD_RECORD, TYPE_RECORD};

use super::leak;
use crate::checks::bitfield::{bits_of, RustBitfield};
use crate::checks::kind::Kind;
use crate::checks::layout::{RustField, RustLayout};

/// One ctypes class's layout, fields and bit-fields.
#[derive(Debug)]
pub struct Mirror {
    /// The layout as the comparison reads it (the Python class in Rust's place).
    pub layout: RustLayout,
    /// Each bit-field and the bits storing all ones in it sets (from the first byte's low bit).
    pub bitfields: Vec<RustBitfield>,
}

/// The mirror of `class` in the script's output, or why it cannot be checked.
pub fn parse(output: &str, class: &str, c_type: &'static str) -> Result<Mirror, String> {
    let mut mirror: Option<Mirror> = None;
    for line in output.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        match cells.as_slice() {
            [tag, name, message] if *tag == ERROR_RECORD && *name == class => {
                return Err(message.to_string())
            }
            [tag, name, kind, size, align] if *tag == TYPE_RECORD && *name == class => {
                mirror = Some(Mirror {
                    layout: RustLayout {
                        rust_name: leak(name),
                        c_type,
                        size: number(size)? as usize,
                        align: number(align)? as usize,
                        kind: Kind::from_rust(number(kind)?),
                        fields: Cow::Owned(Vec::new()),
                        variants: Cow::Borrowed(&[]),
                        opaque: false,
                        all_members: false,
                        c_spelling: c_type,
                        bitfields: Cow::Borrowed(&[]),
                    },
                    bitfields: Vec::new(),
                });
            }
            [tag, name, offset, size, kind, element_kind, element_size] if *tag == FIELD_RECORD => {
                let Some(m) = mirror.as_mut() else { continue };
                let name = c_member(name)?;
                let kind = Kind::from_rust(number(kind)?);
                m.layout.fields.to_mut().push(RustField {
                    name,
                    c_name: name,
                    line: 0,
                    offset: number(offset)? as usize,
                    size: number(size)? as usize,
                    kind,
                    element: (kind == Kind::Array).then(|| {
                        (
                            Kind::from_rust(number(element_kind).unwrap_or(0)),
                            number(element_size).unwrap_or(0) as usize,
                        )
                    }),
                    kind_at_run: None,
                });
            }
            [tag, name, bytes] if *tag == BITFIELD_RECORD => {
                let Some(m) = mirror.as_mut() else { continue };
                let name = c_member(name)?;
                m.bitfields.push(RustBitfield {
                    name,
                    c_name: name,
                    line: 0,
                    bits: bits_of(&hex(bytes)?),
                });
            }
            _ => {}
        }
    }
    mirror.ok_or_else(|| format!("Python printed no layout for `{class}`:\n{output}"))
}

fn number(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("Python printed `{text}` where a number belongs"))
}

fn hex(text: &str) -> Result<Vec<u8>, String> {
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
                .ok_or_else(|| format!("Python printed `{text}` where bytes in hex belong"))
        })
        .collect()
}

/// A field name, which the check pastes into C: it must be a C identifier (Python's may not be).
fn c_member(name: &str) -> Result<&'static str, String> {
    if ffi_test_protocol::c_name::is_identifier(name) {
        Ok(leak(name))
    } else {
        Err(format!(
            "its field `{name}` is not a C identifier, so no C member can have its name"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_a_layout_with_fields_and_bits() {
        let out = "type\tP\t8\t16\t8\nfield\tx\t0\t4\t1\t0\t0\nfield\tname\t4\t8\t7\t14\t1\nbitfield\tflags\t0000000000000000f000000000000000\n";
        let m = parse(out, "P", "struct p").unwrap();
        assert_eq!(
            (m.layout.size, m.layout.align, m.layout.kind),
            (16, 8, Kind::Record)
        );
        assert_eq!(m.layout.fields[1].element, Some((Kind::Char, 1)));
        assert_eq!(m.bitfields[0].bits, Some((68, 71, 4)));
        assert_eq!(
            parse("error\tP\tthe module defines no `P`\n", "P", "struct p").unwrap_err(),
            "the module defines no `P`"
        );
    }
}
