//! The C members a layout's Rust side lacks: read from C's own member list (the compiler's
//! debug information, `toolchain::members`), so a removed field is named whether or not it
//! shifts the fields after it.

use super::layout::RustLayout;
use crate::toolchain::members::CMember;

/// A `[member, Rust, C]` row for each member of `c` that `rust` has no field for. A member of
/// a named member of anonymous type (`u.x`) counts only where Rust compares that member's
/// fields one by one.
pub fn missing(rust: &RustLayout, c: &[CMember]) -> Vec<[String; 3]> {
    let names: Vec<&str> = rust
        .fields
        .iter()
        .map(|f| f.c_name)
        .chain(rust.bitfields.iter().map(|b| b.c_name))
        .collect();
    let has = |name: &str| names.contains(&name);
    let has_inside = |name: &str| {
        names.iter().any(|n| {
            n.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('.'))
        })
    };
    c.iter()
        .filter(|m| match m.name.rsplit_once('.') {
            Some((parent, _)) => has_inside(parent),
            None => true,
        })
        .filter(|m| !has(&m.name) && !has_inside(&m.name))
        .map(row)
        .collect()
}

fn row(m: &CMember) -> [String; 3] {
    let size = match m.bits {
        Some(bits) => format!("{bits} bit{}", if bits == 1 { "" } else { "s" }),
        None => m.size.to_string(),
    };
    [
        m.name.clone(),
        "(no such field)".into(),
        format!("{} / {size} / `{}`", m.offset, m.c_type),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::kind::Kind;
    use crate::checks::layout::RustField;

    fn field(name: &'static str) -> RustField {
        RustField {
            name,
            c_name: name,
            line: 0,
            offset: 0,
            size: 1,
            kind: Kind::UnsignedInt,
            element: None,
        }
    }

    fn member(name: &str, offset: u64) -> CMember {
        CMember {
            name: name.into(),
            offset,
            size: 1,
            bits: None,
            c_type: "png_byte".into(),
        }
    }

    #[test]
    fn a_member_without_its_field_is_named_with_its_place_and_type() {
        let rust = RustLayout {
            rust_name: "row",
            c_type: "struct row",
            size: 4,
            align: 1,
            kind: Kind::Record,
            fields: vec![field("a"), field("u.x")],
            variants: Vec::new(),
            opaque: false,
            all_members: true,
            c_spelling: "struct row",
            bitfields: Vec::new(),
        };
        let c = [
            member("a", 0),
            member("u", 1),
            member("u.x", 1),
            member("u.y", 1),
            member("v", 2),
            member("v.z", 2),
            member("depth", 3),
        ];
        let rows = missing(&rust, &c);
        let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        // `v`'s members are not compared one by one in Rust: only `v` itself is missing.
        assert_eq!(names, ["u.y", "v", "depth"]);
        assert_eq!(rows[2][1], "(no such field)");
        assert_eq!(rows[2][2], "3 / 1 / `png_byte`");
    }
}
