//! The records, each a struct whose fields are its parts in order: the one place a record's
//! order is written. The macros fill a record with their token streams (`Layout<Part>`) and
//! encode it with [`Facts::into_parts`]; `cargo ffi-test verify` decodes the same struct with
//! its numbers and strings ([`Record::decode`]). Both are generated from the one field list
//! below, so the two sides cannot disagree on order or arity.

use super::Value;

/// How a record's parts are held: a number, a string and a list as the macros write them
/// (token streams) or as the reader gets them back ([`Decoded`]).
pub trait Repr {
    /// A number part.
    type Num;
    /// A string part.
    type Str;
    /// A list-of-strings part.
    type List;
}

/// Parts as read back from a binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded;

impl Repr for Decoded {
    type Num = u64;
    type Str = String;
    type List = Vec<String>;
}

/// A part as a record encodes it, with its shape.
pub enum Encoded<R: Repr> {
    /// A number.
    Num(R::Num),
    /// A string.
    Str(R::Str),
    /// A list of strings.
    List(R::List),
}

/// A record kind: its code and its parts in order.
pub trait Facts<R: Repr> {
    /// The record's kind (`*_RECORD`), the part that starts it.
    const KIND: u64;
    /// The parts after the kind, in the record's order.
    fn into_parts(self) -> Vec<Encoded<R>>;
}

/// Reads a decoded record's parts in order, naming the field a mismatch was found at.
pub struct Reader<'a> {
    parts: std::slice::Iter<'a, Value>,
    record: &'static str,
}

impl<'a> Reader<'a> {
    fn new(parts: &'a [Value], record: &'static str) -> Self {
        Reader {
            parts: parts.iter(),
            record,
        }
    }
    fn mismatch(&self, field: &str, wanted: &str, found: Option<&Value>) -> String {
        match found {
            Some(found) => format!(
                "a {} record's `{field}` should be {wanted}, found {found:?}",
                self.record
            ),
            None => format!("a {} record ends before its `{field}`", self.record),
        }
    }
    /// The next part, a number.
    pub fn num(&mut self, field: &str) -> Result<u64, String> {
        match self.parts.next() {
            Some(Value::Num(n)) => Ok(*n),
            other => Err(self.mismatch(field, "a number", other)),
        }
    }
    /// The next part, a string.
    pub fn text(&mut self, field: &str) -> Result<String, String> {
        match self.parts.next() {
            Some(Value::Str(s)) => Ok(s.clone()),
            other => Err(self.mismatch(field, "a string", other)),
        }
    }
    /// The next part, a list of strings.
    pub fn list(&mut self, field: &str) -> Result<Vec<String>, String> {
        match self.parts.next() {
            Some(Value::List(l)) => Ok(l.clone()),
            other => Err(self.mismatch(field, "a list", other)),
        }
    }
    fn finish(mut self) -> Result<(), String> {
        match self.parts.next() {
            None => Ok(()),
            Some(extra) => Err(format!(
                "a {} record has a part after its last field: {extra:?}",
                self.record
            )),
        }
    }
}

macro_rules! shape_ty {
    ($r:ident, Num) => {
        $r::Num
    };
    ($r:ident, Str) => {
        $r::Str
    };
    ($r:ident, List) => {
        $r::List
    };
}
macro_rules! encode {
    (Num, $v:expr) => {
        Encoded::Num($v)
    };
    (Str, $v:expr) => {
        Encoded::Str($v)
    };
    (List, $v:expr) => {
        Encoded::List($v)
    };
}
macro_rules! read {
    (Num, $r:expr, $f:expr) => {
        $r.num($f)
    };
    (Str, $r:expr, $f:expr) => {
        $r.text($f)
    };
    (List, $r:expr, $f:expr) => {
        $r.list($f)
    };
}

macro_rules! records {
    ($(
        $(#[$doc:meta])*
        $name:ident = $kind:expr => {
            $( $(#[$fdoc:meta])* $field:ident: $shape:ident, )*
        }
    )*) => {$(
        $(#[$doc])*
        pub struct $name<R: Repr = Decoded> {
            $(
                #[doc = concat!("`", stringify!($field), "`: ", stringify!($shape), ".")]
                $(#[$fdoc])*
                pub $field: shape_ty!(R, $shape),
            )*
        }

        impl<R: Repr> Facts<R> for $name<R> {
            const KIND: u64 = $kind;
            fn into_parts(self) -> Vec<Encoded<R>> {
                vec![$( encode!($shape, self.$field) ),*]
            }
        }

        // Derives would bound `R`, not the parts; the reader's form is the one compared.
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $( .field(stringify!($field), &self.$field) )*
                    .finish()
            }
        }

        impl Clone for $name {
            fn clone(&self) -> Self {
                $name { $( $field: self.$field.clone(), )* }
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                true $( && self.$field == other.$field )*
            }
        }

        impl Eq for $name {}

        impl $name {
            /// Reads this record's fields from `reader`, in order.
            pub fn read(reader: &mut Reader<'_>) -> Result<Self, String> {
                Ok($name {
                    $( $field: read!($shape, reader, stringify!($field))?, )*
                })
            }
        }
    )*};
}

records! {
    /// The binary's `main!` configuration, as far as compiling C needs it.
    Config = super::CONFIG_RECORD => {
        manifest_dir: Str,
        headers: List,
        include_dirs: List,
        defines: List,
        flags: List,
    }
    /// A registered test.
    Test = super::TEST_RECORD => {
        name: Str,
        /// `TestKind`'s name (`Layout`, `Signature`...).
        kind: Str,
        /// The Rust file it is declared in (`file!()`).
        file: Str,
        line: Num,
        /// `EXPECT_PASS`...
        expect: Num,
        /// 1 if `#[ignore]`d.
        ignored: Num,
    }
    /// A layout.
    Layout = super::LAYOUT_RECORD => {
        test: Str,
        rust_name: Str,
        c_type: Str,
        c_spelling: Str,
        /// The `type:` request for the prelude, or empty.
        request: Str,
        line: Num,
        size: Num,
        align: Num,
        /// Kind facts (the kind in bits 0-7: `kind::pack_facts`).
        kind: Num,
        /// 1 for an opaque type.
        opaque: Num,
        /// 1 where every C member should have its Rust field: C's member list (from the debug
        /// information of the object C's facts are compiled into) is compared too.
        all_members: Num,
    }
    /// A field of a layout.
    Field = super::FIELD_RECORD => {
        test: Str,
        /// Its place among the layout's fields.
        index: Num,
        name: Str,
        c_name: Str,
        line: Num,
        offset: Num,
        size: Num,
        /// Kind facts (`kind::pack_facts`), or `UNKNOWN_KIND` when the type is not spelled.
        kind: Num,
    }
    /// A variant of a layout.
    Variant = super::VARIANT_RECORD => {
        test: Str,
        index: Num,
        name: Str,
        c_name: Str,
        /// The value, as `i64` bits.
        value: Num,
        line: Num,
    }
    /// A bit-field of a layout (compared only by running).
    Bitfield = super::BITFIELD_RECORD => {
        test: Str,
        name: Str,
    }
    /// A signature's fixed part; its parameters follow as [`Param`]s (see [`Signature`]).
    SignatureHead = super::SIGNATURE_RECORD => {
        test: Str,
        rust_name: Str,
        /// The prototype request.
        request: Str,
        /// 1 for a variadic function.
        variadic: Num,
        ret_text: Str,
        ret_size: Num,
        /// Kind facts of the return type.
        ret_kind: Num,
        /// How many [`Param`]s follow.
        param_count: Num,
        /// The language its C side is in (`Language::variant`): C, or C++ for bindgen's C++
        /// output.
        language: Str,
        /// Its calling convention on the target (`signature::RustAbi::convention`).
        convention: Num,
        /// What the return type points to, where written as a pointer (`signature::POINTEE_*`,
        /// or kind facts of the pointee).
        ret_pointee: Num,
    }
    /// A parameter of a signature.
    Param = super::SIGNATURE_RECORD => {
        label: Str,
        text: Str,
        size: Num,
        /// Kind facts.
        kind: Num,
        /// What it points to, where written as a pointer (as `SignatureHead::ret_pointee`).
        pointee: Num,
    }
    /// An extern static.
    Static = super::STATIC_RECORD => {
        test: Str,
        c_name: Str,
        text: Str,
        size: Num,
        kind: Num,
        /// 1 for an array of unknown size (`extern const char v[];`).
        unsized_array: Num,
        /// The language its C side is in (`Language::variant`).
        language: Str,
        /// The expression naming it where `c_name` (a C++ symbol) cannot, or empty.
        c_expr: Str,
        /// The type requests the expression needs, one per line.
        requests: Str,
    }
    /// A constant.
    Constant = super::VALUE_RECORD => {
        test: Str,
        rust_name: Str,
        c_expr: Str,
        /// Kind facts.
        kind: Num,
        size: Num,
        /// The value's bytes in the target's order, as two `word`s (zero when not a number).
        word0: Num,
        word1: Num,
        /// The language its C side is in (`Language::variant`).
        language: Str,
        /// The expression compiled in place of `c_expr` (which reports show), or empty.
        c_text: Str,
        /// The type requests `c_text` needs, one per line.
        requests: Str,
    }
}

/// A signature record: its head, then its parameters.
pub struct Signature<R: Repr = Decoded> {
    /// The fixed part; its `param_count` must be `params.len()`.
    pub head: SignatureHead<R>,
    /// The parameters, in order.
    pub params: Vec<Param<R>>,
}

impl<R: Repr> Facts<R> for Signature<R> {
    const KIND: u64 = super::SIGNATURE_RECORD;
    fn into_parts(self) -> Vec<Encoded<R>> {
        let mut parts = self.head.into_parts();
        for param in self.params {
            parts.extend(param.into_parts());
        }
        parts
    }
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signature")
            .field("head", &self.head)
            .field("params", &self.params)
            .finish()
    }
}

impl Clone for Signature {
    fn clone(&self) -> Self {
        Signature {
            head: self.head.clone(),
            params: self.params.clone(),
        }
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.head == other.head && self.params == other.params
    }
}

impl Eq for Signature {}

/// A decoded record.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Record {
    Config(Config),
    Test(Test),
    Layout(Layout),
    Field(Field),
    Variant(Variant),
    Bitfield(Bitfield),
    Signature(Signature),
    Static(Static),
    Constant(Constant),
}

impl Record {
    /// The record `parts` hold (as [`super::decode`] gives them: the kind first).
    pub fn decode(parts: &[Value]) -> Result<Record, String> {
        let (kind, rest) = match parts.split_first() {
            Some((Value::Num(kind), rest)) => (*kind, rest),
            _ => return Err("a record does not start with its kind".to_string()),
        };
        let name = match kind {
            super::CONFIG_RECORD => "configuration",
            super::TEST_RECORD => "test",
            super::LAYOUT_RECORD => "layout",
            super::FIELD_RECORD => "field",
            super::VARIANT_RECORD => "variant",
            super::BITFIELD_RECORD => "bit-field",
            super::SIGNATURE_RECORD => "signature",
            super::STATIC_RECORD => "static",
            super::VALUE_RECORD => "constant",
            other => return Err(format!("unknown record kind {other}")),
        };
        let mut r = Reader::new(rest, name);
        let record = match kind {
            super::CONFIG_RECORD => Record::Config(Config::read(&mut r)?),
            super::TEST_RECORD => Record::Test(Test::read(&mut r)?),
            super::LAYOUT_RECORD => Record::Layout(Layout::read(&mut r)?),
            super::FIELD_RECORD => Record::Field(Field::read(&mut r)?),
            super::VARIANT_RECORD => Record::Variant(Variant::read(&mut r)?),
            super::BITFIELD_RECORD => Record::Bitfield(Bitfield::read(&mut r)?),
            super::SIGNATURE_RECORD => {
                let head = SignatureHead::read(&mut r)?;
                let params = (0..head.param_count)
                    .map(|_| Param::read(&mut r))
                    .collect::<Result<_, _>>()?;
                Record::Signature(Signature { head, params })
            }
            super::STATIC_RECORD => Record::Static(Static::read(&mut r)?),
            _ => Record::Constant(Constant::read(&mut r)?),
        };
        r.finish()?;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the writer would put in the binary for `facts`, as the reader gets it back.
    fn written<F: Facts<Decoded>>(facts: F) -> Vec<Value> {
        let mut parts = vec![Value::Num(F::KIND)];
        parts.extend(facts.into_parts().into_iter().map(|part| match part {
            Encoded::Num(n) => Value::Num(n),
            Encoded::Str(s) => Value::Str(s),
            Encoded::List(l) => Value::List(l),
        }));
        parts
    }

    fn param(label: &str, size: u64) -> Param {
        Param {
            label: label.into(),
            text: "c_int".into(),
            size,
            kind: 1,
            pointee: 0,
        }
    }

    #[test]
    fn every_record_reads_back_as_written() {
        let layout = Layout {
            test: "point__layout".into(),
            rust_name: "Point".into(),
            c_type: "struct point".into(),
            c_spelling: "struct point".into(),
            request: String::new(),
            line: 7,
            size: 8,
            align: 4,
            kind: 9,
            opaque: 0,
            all_members: 1,
        };
        let signature = Signature {
            head: SignatureHead {
                test: "f__signature".into(),
                rust_name: "f".into(),
                request: "f".into(),
                variadic: 1,
                ret_text: "()".into(),
                ret_size: 0,
                ret_kind: 0,
                param_count: 2,
                language: "C".into(),
                convention: 1,
                ret_pointee: 0,
            },
            params: vec![param("a", 4), param("b", 8)],
        };
        let config = Config {
            manifest_dir: "/m".into(),
            headers: vec!["a.h".into()],
            include_dirs: vec![],
            defines: vec!["X=1".into()],
            flags: vec![],
        };
        assert_eq!(
            Record::decode(&written(layout.clone())),
            Ok(Record::Layout(layout))
        );
        assert_eq!(
            Record::decode(&written(signature.clone())),
            Ok(Record::Signature(signature))
        );
        assert_eq!(
            Record::decode(&written(config.clone())),
            Ok(Record::Config(config))
        );
    }

    #[test]
    fn a_record_of_the_wrong_shape_or_length_is_refused_by_field() {
        let bitfield = written(Bitfield {
            test: "t".into(),
            name: "flags".into(),
        });
        assert_eq!(
            Record::decode(&bitfield[..2]),
            Err("a bit-field record ends before its `name`".to_string())
        );
        let mut longer = bitfield.clone();
        longer.push(Value::Num(3));
        assert_eq!(
            Record::decode(&longer),
            Err("a bit-field record has a part after its last field: Num(3)".to_string())
        );
        let mut swapped = bitfield;
        swapped[2] = Value::Num(1);
        assert_eq!(
            Record::decode(&swapped),
            Err("a bit-field record's `name` should be a string, found Num(1)".to_string())
        );
        assert_eq!(
            Record::decode(&[Value::Num(99)]),
            Err("unknown record kind 99".to_string())
        );
        // A signature that promises more parameters than it holds.
        let mut short = written(Signature {
            head: SignatureHead {
                test: "f".into(),
                rust_name: "f".into(),
                request: "f".into(),
                variadic: 0,
                ret_text: "()".into(),
                ret_size: 0,
                ret_kind: 0,
                param_count: 2,
                language: "C".into(),
                convention: 1,
                ret_pointee: 0,
            },
            params: vec![param("a", 4)],
        });
        assert_eq!(
            Record::decode(&short),
            Err("a signature record ends before its `label`".to_string())
        );
        short.truncate(1);
        assert!(Record::decode(&short).is_err());
    }
}
