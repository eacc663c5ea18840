//! The facts records of a binary (`ffi_test_protocol::facts`), read back into the structures
//! the checks compare: the same `RustLayout`, `RustSignature`, `RustStatic` and constant a
//! running check builds, with the numbers the target's compiler computed.

use ffi_test_protocol::language::Language;
use std::collections::BTreeMap;

use ffi_test::__verify_0_1 as v;
use ffi_test_protocol::facts::records::{self as r, Record};
use ffi_test_protocol::facts::{self as f, Value};
use ffi_test_protocol::test_kind::TestKind;

use ffi_test::__verify_0_1::ConstValue;
use ffi_test::__verify_0_1::Kind;
use ffi_test::__verify_0_1::{Pointee, RustSignature, RustStatic, RustType};
use ffi_test::__verify_0_1::{RustField, RustLayout, RustVariant};

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
    pub kind: TestKind,
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
        language: Language,
    },
    Static {
        rust: RustStatic,
        unsized_array: bool,
        side: Side,
    },
    Value {
        name: String,
        c_expr: String,
        size: usize,
        /// `None`: not a number (a string or pointer), compared only by running.
        value: Option<ConstValue>,
        side: Side,
    },
}

/// How a static's or constant's C is written: its language, and for one of bindgen's C++
/// output the expression naming it (its symbol cannot) and the type requests it needs.
pub struct Side {
    pub language: Language,
    pub expr: Option<String>,
    pub requests: Vec<String>,
}

impl Side {
    fn read(language: &str, expr: &str, requests: &str) -> Result<Side, String> {
        Ok(Side {
            language: Language::of_variant(language)
                .ok_or_else(|| format!("a record names an unknown language `{language}`"))?,
            expr: Some(expr.to_string()).filter(|e| !e.is_empty()),
            requests: requests.lines().map(str::to_string).collect(),
        })
    }
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

/// A kind, from the low byte of kind facts (`probe::kind_facts`).
fn kind(facts: u64) -> Kind {
    v::kind_from_rust(ffi_test_protocol::kind::unpack_facts(facts).0)
}

/// Decodes `records`; `big_endian` is the target's byte order (a constant's bytes are in it).
pub fn read(records: &[Vec<Value>], big_endian: bool) -> Result<Binary, String> {
    let mut binary = Binary::default();
    let mut fields: BTreeMap<String, Vec<(u64, RustField, bool)>> = BTreeMap::new();
    let mut variants: BTreeMap<String, Vec<(u64, RustVariant)>> = BTreeMap::new();
    let mut bits: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for parts in records {
        match Record::decode(parts)? {
            Record::Config(c) => {
                binary.config = Some(ConfigFacts {
                    manifest_dir: c.manifest_dir,
                    headers: c.headers,
                    include_dirs: c.include_dirs,
                    defines: c.defines,
                    flags: c.flags,
                })
            }
            // The line is not kept: C's diagnostics carry their own.
            Record::Test(t) => binary.tests.push(TestFacts {
                kind: TestKind::from_name(&t.kind)
                    .ok_or_else(|| format!("test `{}` has an unknown kind `{}`", t.name, t.kind))?,
                name: t.name,
                file: t.file,
                expect: t.expect,
                ignored: t.ignored != 0,
            }),
            Record::Layout(l) => {
                binary.checks.insert(l.test.clone(), layout(l));
            }
            Record::Field(f) => {
                let unknown = f.kind == f::UNKNOWN_KIND;
                let entry = (f.index, field(&f), unknown);
                fields.entry(f.test).or_default().push(entry);
            }
            Record::Variant(v) => {
                let variant = RustVariant {
                    name: leak(&v.name),
                    c_name: leak(&v.c_name),
                    value: v.value as i64,
                    line: v.line as u32,
                };
                variants.entry(v.test).or_default().push((v.index, variant));
            }
            Record::Bitfield(b) => bits.entry(b.test).or_default().push(b.name),
            Record::Signature(s) => {
                binary.checks.insert(s.head.test.clone(), signature(s)?);
            }
            Record::Static(s) => {
                let rust = RustStatic {
                    name: leak(&s.c_name),
                    ty: RustType {
                        text: leak(&s.text),
                        size: s.size as usize,
                        kind: kind(s.kind),
                        pointee: Pointee::Unknown,
                    },
                };
                let unsized_array = s.unsized_array != 0;
                let side = Side::read(&s.language, &s.c_expr, &s.requests)?;
                binary.checks.insert(
                    s.test,
                    Check::Static {
                        rust,
                        unsized_array,
                        side,
                    },
                );
            }
            Record::Constant(c) => {
                binary.checks.insert(c.test.clone(), value(c, big_endian)?);
            }
        }
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
                rust.fields.to_mut().push(field);
            }
            let mut own = variants.remove(test).unwrap_or_default();
            own.sort_by_key(|(i, _)| *i);
            rust.variants = own.into_iter().map(|(_, v)| v).collect();
            *bitfields = bits.remove(test).unwrap_or_default();
        }
    }
    Ok(binary)
}

fn layout(l: r::Layout) -> Check {
    let rust = RustLayout {
        rust_name: leak(&l.rust_name),
        c_type: leak(&l.c_type),
        size: l.size as usize,
        align: l.align as usize,
        kind: kind(l.kind),
        fields: Default::default(),
        variants: Default::default(),
        opaque: l.opaque != 0,
        all_members: l.all_members != 0,
        c_spelling: leak(&l.c_spelling),
        bitfields: Default::default(),
    };
    Check::Layout {
        rust,
        request: Some(l.request).filter(|r| !r.is_empty()),
        line: l.line as u32,
        unknown_kinds: Vec::new(),
        bitfields: Vec::new(),
    }
}

fn field(f: &r::Field) -> RustField {
    let unknown = f.kind == f::UNKNOWN_KIND;
    let (kind_code, element_kind, element_size) = ffi_test_protocol::kind::unpack_facts(f.kind);
    RustField {
        name: leak(&f.name),
        c_name: leak(&f.c_name),
        line: f.line as u32,
        offset: f.offset as usize,
        size: f.size as usize,
        kind: if unknown {
            Kind::Other
        } else {
            v::kind_from_rust(kind_code)
        },
        element: (element_kind != 0)
            .then(|| (v::kind_from_rust(element_kind), element_size as usize)),
        kind_at_run: None,
    }
}

fn signature(s: r::Signature) -> Result<Check, String> {
    let head = s.head;
    let params = s
        .params
        .iter()
        .map(|p| {
            let ty = RustType {
                text: leak(&p.text),
                size: p.size as usize,
                kind: kind(p.kind),
                pointee: Pointee::from_record(p.pointee),
            };
            (leak(&p.label), ty)
        })
        .collect::<Vec<_>>()
        .leak();
    let rust = RustSignature {
        name: leak(&head.rust_name),
        params,
        ret: RustType {
            text: leak(&head.ret_text),
            size: head.ret_size as usize,
            kind: kind(head.ret_kind),
            pointee: Pointee::from_record(head.ret_pointee),
        },
        variadic: head.variadic != 0,
        convention: head.convention,
    };
    let language = Language::of_variant(&head.language)
        .ok_or_else(|| format!("a record names an unknown language `{}`", head.language))?;
    Ok(Check::Signature {
        rust,
        request: head.request,
        language,
    })
}

fn value(c: r::Constant, big_endian: bool) -> Result<Check, String> {
    let kind = kind(c.kind);
    let size = c.size as usize;
    // Two words holding the value's bytes in the target's order (`facts::word`).
    let mut bytes: Vec<u8> = [c.word0, c.word1]
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
    let side = Side::read(&c.language, &c.c_text, &c.requests)?;
    Ok(Check::Value {
        name: c.rust_name,
        c_expr: c.c_expr,
        size,
        value,
        side,
    })
}
