//! The facts records of a binary (`ffi_test_protocol::facts`), read back into the structures
//! the checks compare: the same `RustLayout`, `RustSignature`, `RustStatic` and constant a
//! running check builds, with the numbers the target's compiler computed.

use std::collections::BTreeMap;

use ffi_test_protocol::facts::{self as f, Value};

use crate::checks::kind::Kind;
use crate::checks::layout::{RustField, RustLayout, RustVariant};
use crate::checks::signature::{RustSignature, RustStatic, RustType};
use crate::checks::value::ConstValue;

/// The binary's `ffi_test::main!` configuration, as far as compiling C needs it.
#[derive(Debug, Default, Clone)]
pub struct ConfigFacts {
    pub manifest_dir: String,
    pub headers: Vec<String>,
    pub include_dirs: Vec<String>,
    pub defines: Vec<String>,
    pub flags: Vec<String>,
}

/// A registered test.
#[derive(Debug, Clone)]
pub struct TestFacts {
    pub name: String,
    pub kind: String,
    /// The Rust file it was declared in (`file!()`).
    pub file: String,
    pub expect: u64,
    pub ignored: bool,
}

/// What a check compares, read from its records.
pub enum Check {
    Layout {
        rust: RustLayout,
        /// `type:` request for the prelude, when the C spelling comes from the headers.
        request: Option<String>,
        line: u32,
        /// Fields whose Rust type was not spelled: their kind is not compared.
        unknown_kinds: Vec<usize>,
        /// Bit-fields, compared only by running.
        bitfields: Vec<String>,
    },
    Signature {
        rust: RustSignature,
        request: String,
    },
    Static {
        rust: RustStatic,
        unsized_array: bool,
    },
    Value {
        name: String,
        c_expr: String,
        size: usize,
        /// `None`: not a number (a string or pointer), compared only by running.
        value: Option<ConstValue>,
    },
}

/// Everything a binary's records say.
#[derive(Default)]
pub struct Binary {
    pub config: Option<ConfigFacts>,
    pub tests: Vec<TestFacts>,
    pub checks: BTreeMap<String, Check>,
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Reads record parts in order, failing with the record's kind on a mismatch.
struct Parts<'a>(std::slice::Iter<'a, Value>);

impl Parts<'_> {
    fn num(&mut self) -> Result<u64, String> {
        match self.0.next() {
            Some(Value::Num(n)) => Ok(*n),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
    fn text(&mut self) -> Result<String, String> {
        match self.0.next() {
            Some(Value::Str(s)) => Ok(s.clone()),
            other => Err(format!("expected a string, found {other:?}")),
        }
    }
    fn list(&mut self) -> Result<Vec<String>, String> {
        match self.0.next() {
            Some(Value::List(l)) => Ok(l.clone()),
            other => Err(format!("expected a list, found {other:?}")),
        }
    }
    /// A kind, from the low byte of kind facts (`probe::kind_facts`).
    fn kind(&mut self) -> Result<Kind, String> {
        Ok(Kind::from_rust(self.num()? & 0xff))
    }
}

/// Decodes `records`; `big_endian` is the target's byte order (a constant's bytes are in it).
pub fn read(records: &[Vec<Value>], big_endian: bool) -> Result<Binary, String> {
    let mut binary = Binary::default();
    let mut fields: BTreeMap<String, Vec<(u64, RustField, bool)>> = BTreeMap::new();
    let mut variants: BTreeMap<String, Vec<(u64, RustVariant)>> = BTreeMap::new();
    let mut bits: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in records {
        let mut p = Parts(record.iter());
        let kind = p.num()?;
        let mut read = |p: &mut Parts| -> Result<(), String> {
            match kind {
                f::CONFIG_RECORD => {
                    binary.config = Some(ConfigFacts {
                        manifest_dir: p.text()?,
                        headers: p.list()?,
                        include_dirs: p.list()?,
                        defines: p.list()?,
                        flags: p.list()?,
                    })
                }
                f::TEST_RECORD => binary.tests.push(TestFacts {
                    name: p.text()?,
                    kind: p.text()?,
                    file: p.text()?,
                    // The line: C's diagnostics carry their own.
                    expect: {
                        p.num()?;
                        p.num()?
                    },
                    ignored: p.num()? != 0,
                }),
                f::LAYOUT_RECORD => {
                    let test = p.text()?;
                    let check = layout(p)?;
                    binary.checks.insert(test, check);
                }
                f::FIELD_RECORD => {
                    let test = p.text()?;
                    let index = p.num()?;
                    let (field, unknown) = field(p)?;
                    fields
                        .entry(test)
                        .or_default()
                        .push((index, field, unknown));
                }
                f::VARIANT_RECORD => {
                    let test = p.text()?;
                    let index = p.num()?;
                    let variant = RustVariant {
                        name: leak(&p.text()?),
                        c_name: leak(&p.text()?),
                        value: p.num()? as i64,
                        line: p.num()? as u32,
                    };
                    variants.entry(test).or_default().push((index, variant));
                }
                f::BITFIELD_RECORD => {
                    let test = p.text()?;
                    bits.entry(test).or_default().push(p.text()?);
                }
                f::SIGNATURE_RECORD => {
                    let test = p.text()?;
                    binary.checks.insert(test, signature(p)?);
                }
                f::STATIC_RECORD => {
                    let test = p.text()?;
                    let name = leak(&p.text()?);
                    let ty = rust_type(p)?;
                    let unsized_array = p.num()? != 0;
                    let rust = RustStatic {
                        name,
                        ty,
                        address: 0,
                    };
                    binary.checks.insert(
                        test,
                        Check::Static {
                            rust,
                            unsized_array,
                        },
                    );
                }
                f::VALUE_RECORD => {
                    let test = p.text()?;
                    binary.checks.insert(test, value(p, big_endian)?);
                }
                other => return Err(format!("unknown record kind {other}")),
            }
            Ok(())
        };
        read(&mut p).map_err(|e| format!("a facts record of kind {kind}: {e}"))?;
    }
    for (test, check) in binary.checks.iter_mut() {
        if let Check::Layout {
            rust,
            unknown_kinds,
            bitfields,
            ..
        } = check
        {
            let mut own = fields.remove(test).unwrap_or_default();
            own.sort_by_key(|(i, _, _)| *i);
            for (i, (_, field, unknown)) in own.into_iter().enumerate() {
                if unknown {
                    unknown_kinds.push(i);
                }
                rust.fields.push(field);
            }
            let mut own = variants.remove(test).unwrap_or_default();
            own.sort_by_key(|(i, _)| *i);
            rust.variants = own.into_iter().map(|(_, v)| v).collect();
            *bitfields = bits.remove(test).unwrap_or_default();
        }
    }
    Ok(binary)
}

fn layout(p: &mut Parts) -> Result<Check, String> {
    let rust_name = leak(&p.text()?);
    let c_type = leak(&p.text()?);
    let c_spelling = leak(&p.text()?);
    let request = Some(p.text()?).filter(|r| !r.is_empty());
    let line = p.num()? as u32;
    let rust = RustLayout {
        rust_name,
        c_type,
        size: p.num()? as usize,
        align: p.num()? as usize,
        kind: p.kind()?,
        fields: Vec::new(),
        variants: Vec::new(),
        opaque: p.num()? != 0,
        // C's member list comes from debug information only a running check reads.
        all_members: false,
        c_spelling,
        bitfields: Vec::new(),
    };
    Ok(Check::Layout {
        rust,
        request,
        line,
        unknown_kinds: Vec::new(),
        bitfields: Vec::new(),
    })
}

fn field(p: &mut Parts) -> Result<(RustField, bool), String> {
    let name = leak(&p.text()?);
    let c_name = leak(&p.text()?);
    let line = p.num()? as u32;
    let offset = p.num()? as usize;
    let size = p.num()? as usize;
    let facts = p.num()?;
    let unknown = facts == f::UNKNOWN_KIND;
    let (kind_code, element_kind, element_size) = ffi_test_protocol::kind::unpack_facts(facts);
    let field = RustField {
        name,
        c_name,
        line,
        offset,
        size,
        kind: if unknown {
            Kind::Other
        } else {
            Kind::from_rust(kind_code)
        },
        element: (element_kind != 0)
            .then(|| (Kind::from_rust(element_kind), element_size as usize)),
    };
    Ok((field, unknown))
}

fn rust_type(p: &mut Parts) -> Result<RustType, String> {
    Ok(RustType {
        text: leak(&p.text()?),
        size: p.num()? as usize,
        kind: p.kind()?,
    })
}

fn signature(p: &mut Parts) -> Result<Check, String> {
    let name = leak(&p.text()?);
    let request = p.text()?;
    let variadic = p.num()? != 0;
    let ret = rust_type(p)?;
    let count = p.num()?;
    let mut params = Vec::new();
    for _ in 0..count {
        let label = leak(&p.text()?);
        params.push((label, rust_type(p)?));
    }
    let rust = RustSignature {
        name,
        params,
        ret,
        variadic,
        address: 0,
    };
    Ok(Check::Signature { rust, request })
}

fn value(p: &mut Parts, big_endian: bool) -> Result<Check, String> {
    let name = p.text()?;
    let c_expr = p.text()?;
    let kind = p.kind()?;
    let size = p.num()? as usize;
    // Two words holding the value's bytes in the target's order (`facts::word`).
    let mut bytes: Vec<u8> = [p.num()?, p.num()?]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .take(size.min(16))
        .collect();
    if big_endian {
        bytes.reverse();
    }
    // Little-endian now: widen to 16 bytes, sign-extending signed integers.
    let negative = kind == Kind::SignedInt && bytes.last().is_some_and(|b| b & 0x80 != 0);
    let mut wide = [if negative { 0xff } else { 0 }; 16];
    wide[..bytes.len().min(16)].copy_from_slice(&bytes[..bytes.len().min(16)]);
    let value = match kind {
        Kind::SignedInt | Kind::UnsignedInt | Kind::Bool | Kind::Enum if size <= 16 => {
            Some(ConstValue::Int(i128::from_le_bytes(wide)))
        }
        Kind::Float if size == 4 => Some(ConstValue::Float(f32::from_bits(u32::from_le_bytes(
            wide[..4].try_into().unwrap(),
        )) as f64)),
        Kind::Float if size == 8 => Some(ConstValue::Float(f64::from_bits(u64::from_le_bytes(
            wide[..8].try_into().unwrap(),
        )))),
        _ => None,
    };
    Ok(Check::Value {
        name,
        c_expr,
        size,
        value,
    })
}
