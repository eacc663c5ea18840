//! The C members a layout's Rust side lacks: read from C's own member list (the compiler's
//! debug information, `toolchain::members`), so a removed field is named whether or not it
//! shifts the fields after it.

use super::kind::Kind;
use super::layout::{RustLayout, HEADER, PER_FIELD};
use crate::cside::members::CMember;

/// A `[member, Rust, C]` row for each member of `c` that `rust` has no field for: none of its
/// fields is named after it, and none's C counterpart (its place in C, from the layout facts
/// `c_facts`) takes its bytes, as a field naming a macro for a member does (glibc's
/// `s6_addr` for `__in6_u.__u6_addr8`) or one member of an anonymous union for another
/// (`ru_maxrss` beside `__ru_maxrss_word`). In a union, whose members all overlap, only a
/// counterpart with the very same bytes counts. A member of a named member of anonymous type
/// (`u.x`) counts only where Rust compares that member's fields one by one. A zero-sized member
/// (a flexible array) moves nothing and is not asked for.
pub fn missing(rust: &RustLayout, c_facts: &[u64], c: &[CMember]) -> Vec<[String; 3]> {
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
    let places: Vec<(u64, u64)> = (0..rust.fields.len())
        .map(|i| {
            let at = HEADER + PER_FIELD * i;
            // A field C has none of (a base class it lacks: offset all ones) covers nothing.
            (c_facts[at], c_facts[at].saturating_add(c_facts[at + 1]))
        })
        .collect();
    let union = rust.kind == Kind::Union;
    let taken = |m: &CMember| {
        let (start, end) = (m.offset, m.offset + m.size);
        if union {
            places.contains(&(start, end))
        } else {
            covered(&places, start, end)
        }
    };
    c.iter()
        .filter(|m| m.size > 0 || m.bits.is_some())
        .filter(|m| match m.name.rsplit_once('.') {
            Some((parent, _)) => has_inside(parent),
            None => true,
        })
        .filter(|m| !has(&m.name) && !has_inside(&m.name) && !taken(m))
        .map(row)
        .collect()
}

/// Whether the ranges `places` together cover every byte of `start..end` (a member bound as
/// two fields, libc's `st_atime` and `st_atime_nsec` for C's `st_atim`).
fn covered(places: &[(u64, u64)], start: u64, end: u64) -> bool {
    let mut sorted = places.to_vec();
    sorted.sort_unstable();
    let mut reached = start;
    for (s, e) in sorted {
        if s <= reached && e > reached {
            reached = e;
        }
    }
    reached >= end
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
    use crate::checks::layout::RustField;

    fn field(name: &'static str) -> RustField {
        crate::checks::layout::field::<u8>(name, name, 0, 0)
    }

    fn member(name: &str, offset: u64, size: u64) -> CMember {
        CMember {
            name: name.into(),
            offset,
            size,
            bits: None,
            c_type: "png_byte".into(),
        }
    }

    #[test]
    fn a_member_without_its_field_is_named_with_its_place_and_type() {
        let rust = layout(Kind::Record, vec![field("a"), field("u.x"), field("alias")]);
        // C's places of `a`, `u.x` and `alias` (a macro for `w`'s bytes).
        let facts = facts(&[(0, 1), (1, 1), (4, 2)]);
        let c = [
            member("a", 0, 1),
            member("u", 1, 1),
            member("u.x", 1, 1),
            member("u.y", 1, 1),
            member("v", 2, 1),
            member("v.z", 2, 1),
            member("depth", 3, 1),
            member("w", 4, 2),
            member("flexible", 6, 0),
        ];
        let rows = missing(&rust, &facts, &c);
        let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        // `u.y` shares `u.x`'s bytes; `v`'s members are not compared one by one in Rust, so
        // only `v` itself is missing; `w`'s bytes are `alias`'s.
        assert_eq!(names, ["v", "depth"]);
        assert!(super::covered(&[(4, 8), (0, 4)], 0, 8));
        assert!(!super::covered(&[(4, 8), (0, 3)], 0, 8));
        assert_eq!(rows[1][1], "(no such field)");
        assert_eq!(rows[1][2], "3 / 1 / `png_byte`");
    }

    #[test]
    fn in_a_union_only_the_same_bytes_stand_for_a_member() {
        let rust = layout(Kind::Union, vec![field("wide")]);
        let facts = facts(&[(0, 8)]);
        let c = [member("wide", 0, 8), member("narrow", 0, 4)];
        let rows = missing(&rust, &facts, &c);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0], "narrow");
    }

    fn layout(kind: Kind, fields: Vec<RustField>) -> RustLayout {
        RustLayout {
            rust_name: "row",
            c_type: "struct row",
            size: 8,
            align: 1,
            kind,
            fields: fields.into(),
            variants: Default::default(),
            opaque: false,
            all_members: true,
            c_spelling: "struct row",
            bitfields: Default::default(),
        }
    }

    /// Layout facts with C's `(offset, size)` of each field.
    fn facts(places: &[(u64, u64)]) -> Vec<u64> {
        let mut out = vec![8, 1, 0];
        for &(offset, size) in places {
            out.extend([offset, size, 0, 0, 0]);
        }
        out
    }
}
