//! `#[layout_matches]`: compares the layout Rust computed with the one the C compiler computed,
//! and reports every disagreement of a type in one table.

use std::borrow::Cow;
use std::fmt::Write;

use super::bitfield::BitfieldSetter;
use super::kind::{CKind, Kind};
use super::probe::KindFacts;
use crate::cside::members::CMember;
use crate::registry::context::TestContext;
use ffi_test_protocol::surface::BITFIELD_FACTS;

pub use super::layout_text::{c_static_text, c_text};

/// The symbol of the generated C function that writes a type's layout facts.
pub const FACTS_SYMBOL: &str = "ffi_test_layout_facts";

/// One field as Rust lays it out.
#[derive(Debug, Clone)]
pub struct RustField {
    /// The Rust field (`a.b` through an anonymous member).
    pub name: &'static str,
    /// The C member it is compared with.
    pub c_name: &'static str,
    /// The Rust line of the field, so C diagnostics about the member point at it.
    pub line: u32,
    /// Its offset in the type.
    pub offset: usize,
    /// Its size.
    pub size: usize,
    /// Its kind.
    pub kind: Kind,
    /// For arrays: the element's kind and size.
    pub element: Option<(Kind, usize)>,
    /// Where the kind is known only at run time (a field named without its type, whose kind
    /// a probe finds where the generated code names the place): the probe. `kind` and
    /// `element` are then unknown, and a facts record says so.
    pub kind_at_run: Option<fn() -> KindFacts>,
}

/// One enum variant and its discriminant.
#[derive(Debug, Clone)]
pub struct RustVariant {
    /// The variant's Rust name.
    pub name: &'static str,
    /// The C enumerator it is compared with.
    pub c_name: &'static str,
    /// Its discriminant.
    pub value: i64,
    /// The Rust line of the variant.
    pub line: u32,
}

/// A type's layout as Rust computed it: the one description of a layout check, a `static` the
/// macros emit (members in `Cow::Borrowed` arrays, each under its own `#[cfg]`s), which the
/// running check reads, the C text is rendered from, and the facts records of run-free
/// verification are written from; built at run time only for another language's mirror and
/// from the records `cargo ffi-test verify` reads.
#[derive(Debug, Clone)]
pub struct RustLayout {
    /// The Rust type's name.
    pub rust_name: &'static str,
    /// The C type it is compared with.
    pub c_type: &'static str,
    /// `size_of` the type.
    pub size: usize,
    /// `align_of` the type.
    pub align: usize,
    /// Struct, union, enum, or (for a newtype) its inner type's kind.
    pub kind: Kind,
    /// Every field compiled in, in declaration order.
    pub fields: Cow<'static, [RustField]>,
    /// Every variant compiled in (enums).
    pub variants: Cow<'static, [RustVariant]>,
    /// Members private or opaque (`check_layout!(.., opaque)`): only size and alignment count.
    pub opaque: bool,
    /// Every C member should have its Rust field (a struct or union whose fields were all
    /// written, none left out): C's member list is read and each member Rust lacks reported.
    pub all_members: bool,
    /// How the generated C spells the type: `c_type`, or a macro the prelude defines from the
    /// headers when Rust's name alone cannot tell a tag from a typedef (`check_surface!`).
    pub c_spelling: &'static str,
    /// The bit-fields compiled in, measured through their setters (bindgen's accessors).
    pub bitfields: Cow<'static, [BitfieldSetter]>,
}

impl RustLayout {
    /// This layout with the kinds only a run can find filled in (fields whose
    /// [`RustField::kind_at_run`] is set): borrowed when there are none.
    pub fn at_run_time(&self) -> Cow<'_, RustLayout> {
        if self.fields.iter().all(|f| f.kind_at_run.is_none()) {
            return Cow::Borrowed(self);
        }
        let mut own = self.clone();
        for f in own.fields.to_mut() {
            if let Some(probe) = f.kind_at_run.take() {
                (f.kind, f.element) = probe();
            }
        }
        Cow::Owned(own)
    }
}

/// A type whose layout `#[layout_matches]` checks: the name of that test and the Rust facts, so
/// other checks (round-trips) can run the same comparison first.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no layout check, and round-trips run one before passing any value",
    note = "add #[layout_matches(\"struct its_c_name\")] to the type, next to #[ffi_roundtrip]"
)]
pub trait LayoutChecked {
    /// The layout test's name.
    const TEST: &'static str;
    /// Rust's side of the comparison: the check's own description.
    fn rust_layout() -> &'static RustLayout;
}

/// A field whose type has a [`CKind`]: the fields of a type annotated in place, whose every
/// field type must have one (a field type without one is a compile error at the field).
pub const fn field<F: CKind>(
    name: &'static str,
    c_name: &'static str,
    line: u32,
    offset: usize,
) -> RustField {
    let size = std::mem::size_of::<F>();
    field_of(name, c_name, line, offset, size, (F::KIND, F::ELEMENT))
}

/// A field whose kind facts the generated code found by a probe (a type of another crate's may
/// have no [`CKind`]: see the const probes, `ConstKind` and `ConstShape`).
pub const fn field_of(
    name: &'static str,
    c_name: &'static str,
    line: u32,
    offset: usize,
    size: usize,
    (kind, element): KindFacts,
) -> RustField {
    RustField {
        name,
        c_name,
        line,
        offset,
        size,
        kind,
        element,
        kind_at_run: None,
    }
}

/// A field named without its type (`check_layout!` lists names only): its kind is found at run
/// time by `probe`.
pub const fn field_at_run(
    name: &'static str,
    c_name: &'static str,
    line: u32,
    (offset, size): (usize, usize),
    probe: fn() -> KindFacts,
) -> RustField {
    let mut field = field_of(name, c_name, line, offset, size, (Kind::Other, None));
    field.kind_at_run = Some(probe);
    field
}

/// A flexible array member mirrored as bindgen's `__IncompleteArrayField<E>`: an array of no
/// size whose element is `E`.
pub const fn flexible_field<E: CKind>(
    name: &'static str,
    c_name: &'static str,
    line: u32,
    offset: usize,
) -> RustField {
    let element = Some((E::KIND, std::mem::size_of::<E>()));
    field_of(name, c_name, line, offset, 0, (Kind::Array, element))
}

/// A field's kind as a facts record holds it: its kind and element packed, or
/// [`UNKNOWN_KIND`](ffi_test_protocol::facts::UNKNOWN_KIND) where only a run finds it.
pub const fn record_kind(field: &RustField) -> u64 {
    match field.kind_at_run {
        Some(_) => ffi_test_protocol::facts::UNKNOWN_KIND,
        None => super::probe::kind_facts(field.kind, field.element),
    }
}

/// One row of C facts per field: offset, size, kind, element kind, element size.
pub const PER_FIELD: usize = 5;
/// The C facts before the first field's row: size, align, kind.
pub const HEADER: usize = 3;

/// Number of `u64`s the C facts function writes for `layout`.
pub fn facts_len(layout: &RustLayout) -> usize {
    HEADER
        + PER_FIELD * layout.fields.len()
        + layout.variants.len()
        + BITFIELD_FACTS * layout.bitfields.len()
}

/// Runs one layout test: the C facts (from the test's generated C function) against `rust`.
pub fn run(ctx: &dyn TestContext, rust: &RustLayout) -> Result<(), String> {
    run_of(ctx, ctx.entry().name, rust)
}

/// Runs test `test`'s layout check (the running test's, or the one a round-trip reruns).
pub fn run_of(ctx: &dyn TestContext, test: &str, rust: &RustLayout) -> Result<(), String> {
    let rust = &*rust.at_run_time();
    if let Some(not_checked) = super::unresolved(ctx, test) {
        return Err(not_checked);
    }
    let address = match ctx.c_symbol_in(test, FACTS_SYMBOL) {
        Ok(address) => address,
        Err(why) => return Err(c_unavailable(rust, &why)),
    };
    // SAFETY: the symbol is the facts function rendered by `c_text` from the same `rust`:
    // `void f(unsigned long long *out)`, writing exactly `facts_len(&rust)` values.
    let facts_fn =
        unsafe { std::mem::transmute::<*const (), unsafe extern "C" fn(*mut u64)>(address) };
    let mut facts = vec![0u64; facts_len(rust)];
    // SAFETY: `facts` has room for every value the function writes (see above).
    unsafe { facts_fn(facts.as_mut_ptr()) };
    compare(rust, &facts, || {
        crate::cside::c_members(ctx, test, FACTS_SYMBOL)
    })
}

/// Compares `rust` with the C facts (as written by the generated C function) and, where every
/// C member should have its Rust field, with C's member list, which `members` reads (from the
/// debug information of the object C's facts were compiled into).
pub fn compare(
    rust: &RustLayout,
    c: &[u64],
    members: impl FnOnce() -> Result<Vec<CMember>, String>,
) -> Result<(), String> {
    let mut rows = disagreements(rust, c);
    if rust.all_members {
        let members = members().map_err(|why| {
            format!(
                "C's member list of `{}` could not be read: {why}",
                rust.c_type
            )
        })?;
        rows.extend(super::members::missing(rust, c, &members));
    }
    verdict(rust, &rows)
}

/// A pass, or the table of `rows`.
fn verdict(rust: &RustLayout, rows: &[[String; 3]]) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    Err(table(&headline(rust, rows.len()), "Rust", rows))
}

/// Every disagreement between `rust` (a layout as Rust, or another language, computed it) and
/// the C facts: one `[member, its side, C]` row each.
pub fn disagreements(rust: &RustLayout, c: &[u64]) -> Vec<[String; 3]> {
    assert_eq!(c.len(), facts_len(rust), "C facts of the wrong length");
    let mut rows: Vec<[String; 3]> = Vec::new();
    if rust.size as u64 != c[0] {
        rows.push(["(size)".into(), rust.size.to_string(), c[0].to_string()]);
    }
    if rust.align as u64 != c[1] {
        rows.push(["(align)".into(), rust.align.to_string(), c[1].to_string()]);
    }
    let c_kind = Kind::from_c(c[2]);
    if !rust.opaque && !rust.kind.matches_c(c_kind) {
        rows.push([
            "(type kind)".into(),
            rust.kind.name().into(),
            c_kind.name().into(),
        ]);
    }
    for (i, field) in rust.fields.iter().enumerate() {
        let at = &c[HEADER + PER_FIELD * i..HEADER + PER_FIELD * (i + 1)];
        let c_field = CField {
            offset: at[0],
            size: at[1],
            kind: Kind::from_c(at[2]),
            element: (Kind::from_c(at[3]), at[4]),
        };
        if !agrees(field, &c_field) {
            rows.push([field_label(field), rust_cell(field), c_cell(&c_field)]);
        }
    }
    let variants_at = HEADER + PER_FIELD * rust.fields.len();
    for (i, variant) in rust.variants.iter().enumerate() {
        let c_value = c[variants_at + i] as i64;
        if c_value != variant.value {
            let label = if variant.c_name == variant.name {
                format!("{}::{}", rust.rust_name, variant.name)
            } else {
                let c_name = ffi_test_protocol::surface::shown(variant.c_name);
                format!("{}::{} ({c_name})", rust.rust_name, variant.name)
            };
            rows.push([
                label,
                format!("= {}", variant.value),
                format!("= {c_value}"),
            ]);
        }
    }
    let bits_at = variants_at + rust.variants.len();
    for (i, b) in rust.bitfields.iter().enumerate() {
        let at = bits_at + BITFIELD_FACTS * i;
        let rust_bits = b.measured();
        if let Some(row) = super::bitfield::disagreement(&rust_bits, &c[at..at + BITFIELD_FACTS]) {
            rows.push(row);
        }
    }
    rows
}

/// The report when the C side could not be compiled: Rust's column, and why C has none.
pub fn c_unavailable(rust: &RustLayout, why: &str) -> String {
    let mut out = format!(
        "layout of `{}` could not be compared with C `{}`: the C side does not compile.\n",
        rust.rust_name, rust.c_type
    );
    out.push_str(&hint_for(why));
    let _ = writeln!(out, "{}", errors_only(why));
    let _ = writeln!(
        out,
        "Rust's layout: size {}, align {}",
        rust.size, rust.align
    );
    for f in rust.fields.iter() {
        let _ = writeln!(out, "  {:<20} {}", field_label(f), rust_cell(f));
    }
    out
}

/// The distinct `error:` lines of compiler output. A check's generated C names a member several
/// times through macros: the notes about those expansions, and the follow-on errors located in
/// the generated unit itself, say nothing about the user's code.
pub(crate) fn errors_only(diagnostics: &str) -> String {
    let errors: Vec<&str> = diagnostics
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    let in_user_code: Vec<&str> = errors
        .iter()
        .copied()
        .filter(|l| !l.contains("ffi-test-cache/"))
        .collect();
    let chosen = if in_user_code.is_empty() {
        errors
    } else {
        in_user_code
    };
    let mut seen = std::collections::HashSet::new();
    let lines: Vec<&str> = chosen
        .into_iter()
        .filter(|l| seen.insert(without_column(l)))
        .collect();
    if lines.is_empty() {
        diagnostics.trim_end().to_string()
    } else {
        lines.join("\n")
    }
}

/// `file:line:col: error: text` as `file:line: error: text`, for de-duplication.
fn without_column(line: &str) -> String {
    let Some((place, text)) = line.split_once(": error: ") else {
        return line.to_string();
    };
    let place = place.rsplit_once(':').map_or(place, |(before, col)| {
        if col.chars().all(|c| c.is_ascii_digit()) {
            before
        } else {
            place
        }
    });
    format!("{place}: error: {text}")
}

/// A hint for a C side that does not compile, from GCC's or clang's wording of the error.
pub(crate) fn hint_for(diagnostics: &str) -> String {
    let hint = if diagnostics.contains("bit-field") {
        "C bit-fields have no Rust equivalent with a defined layout, so ffi-test refuses them: bind the \
         storage unit as an integer field and check the bits in a C body test."
    } else if diagnostics.contains("no member named") {
        "A Rust field has no C member of that name: the C type lacks it (a field Rust has and C does not), \
         or it is named differently in C (add #[layout(rename = \"c_name\")] to the field). Anonymous C \
         members cannot be named and are not supported."
    } else if diagnostics.contains("incomplete type")
        || diagnostics.contains("incomplete definition")
    {
        "The C type (or a member) is incomplete: an opaque type cannot be checked, and a flexible array \
         member needs a zero-length Rust array `[T; 0]`."
    } else if diagnostics.contains("undeclared") {
        "A name the check uses is not declared in C: for an enum, each variant's C enumerator (see \
         `prefix`, `case` and #[layout(rename = ...)]); otherwise the C type itself (check the header)."
    } else {
        return String::new();
    };
    format!("hint: {hint}\n")
}

struct CField {
    offset: u64,
    size: u64,
    kind: Kind,
    element: (Kind, u64),
}

fn agrees(rust: &RustField, c: &CField) -> bool {
    let element_agrees = match rust.element {
        Some((kind, size)) => kind.matches_c(c.element.0) && size as u64 == c.element.1,
        None => true,
    };
    // bindgen binds `long double` as `u128`: in a struct only its place and size count.
    let long_double = rust.size == 16 && c.kind == Kind::Float && rust.kind == Kind::UnsignedInt;
    rust.offset as u64 == c.offset
        && rust.size as u64 == c.size
        && (rust.kind.matches_c(c.kind) || long_double)
        && element_agrees
}

fn field_label(field: &RustField) -> String {
    if field.c_name == field.name {
        field.name.to_string()
    } else {
        format!("{} ({})", field.name, field.c_name)
    }
}

fn kind_text(kind: Kind, size: u64, element: Option<(Kind, u64)>) -> String {
    match (kind, element) {
        (Kind::Array, Some((elem, elem_size))) if elem_size > 0 => {
            let unit = if elem_size == 1 { "byte" } else { "bytes" };
            format!(
                "array of {} x {} ({elem_size} {unit})",
                size / elem_size,
                elem.name()
            )
        }
        _ => kind.name().to_string(),
    }
}

fn rust_cell(f: &RustField) -> String {
    let element = f.element.map(|(k, s)| (k, s as u64));
    format!(
        "{} / {} / {}",
        f.offset,
        f.size,
        kind_text(f.kind, f.size as u64, element)
    )
}

fn c_cell(c: &CField) -> String {
    let element = (c.kind == Kind::Array).then_some(c.element);
    // C++ says so of a vtable pointer or base class the type does not have.
    let offset = match c.offset {
        u64::MAX => "(C has none)".to_string(),
        offset => offset.to_string(),
    };
    format!(
        "{} / {} / {}",
        offset,
        c.size,
        kind_text(c.kind, c.size, element)
    )
}

/// `layout of `X` does not match C `Y`: N disagreements`.
fn headline(rust: &RustLayout, rows: usize) -> String {
    format!(
        "layout of `{}` does not match C `{}`: {}{}",
        rust.rust_name,
        rust.c_type,
        disagreement_count(rows),
        if rust.opaque {
            " (size and alignment only: its members are opaque)"
        } else {
            ""
        }
    )
}

/// `1 disagreement`, `3 disagreements`.
pub fn disagreement_count(rows: usize) -> String {
    format!("{rows} disagreement{}", if rows == 1 { "" } else { "s" })
}

/// The report: `headline`, then the rows under `field`, `<side> offset/size/kind` and C's.
pub fn table(headline: &str, side: &str, rows: &[[String; 3]]) -> String {
    let header = [
        "field".to_string(),
        format!("{side} offset/size/kind"),
        "C offset/size/kind".to_string(),
    ];
    let widths: Vec<usize> = (0..2)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("{headline}\n");
    for row in std::iter::once(&header).chain(rows) {
        let _ = writeln!(
            out,
            "  {:<w0$}  {:<w1$}  {}",
            row[0],
            row[1],
            row[2],
            w0 = widths[0],
            w1 = widths[1]
        );
    }
    out
}

#[cfg(test)]
mod tests {
    /// GCC's and clang's wordings of the same errors get the same hint.
    #[test]
    fn hints_read_either_compilers_wording() {
        for (gcc, clang, hint) in [
            (
                "'struct pair' has no member named 'c'",
                "no member named 'c' in 'struct pair'",
                "has no C member",
            ),
            (
                "field 'x' has incomplete type",
                "incomplete definition of type 'struct x'",
                "is incomplete",
            ),
            (
                "'A' undeclared (first use in this function)",
                "use of undeclared identifier 'A'",
                "not declared in C",
            ),
            (
                "'typeof' applied to a bit-field",
                "invalid application of 'typeof' to bit-field",
                "bit-fields",
            ),
        ] {
            assert!(super::hint_for(gcc).contains(hint), "{gcc}");
            assert!(super::hint_for(clang).contains(hint), "{clang}");
        }
    }
}
