//! C's own member list of a checked record, read from the debug information of the object the
//! C compiler built: a `#[layout_matches]` or surface check names each Rust field to C, so only
//! the compiler's list can tell which C member Rust lacks (a field removed into tail padding
//! shifts nothing and changes no size).
//!
//! The generated C declares, beside a layout check's facts function, a pointer to the checked
//! type named after that function ([`c_probe`]); the runtime finds that variable's type in the
//! object's DWARF ([`variable`]) and reads the record's members from it.

/// The C macros that declare a member probe: two levels, so a facts symbol the unit renames
/// (`#define ffi_test_layout_facts __ffi_test_<hash>_ffi_test_layout_facts`) is expanded before
/// the suffix is pasted on. `used`: nothing references the variable, and its type must reach
/// the debug information.
pub fn c_support() -> String {
    format!(
        "#define FFI_TEST_MEMBERS_FORMAT {FORMAT}\n\
         #define FFI_TEST_MEMBERS_(f, t) __attribute__((used)) static t *const f##{SUFFIX} = 0;\n\
         #define {MACRO}(f, t) FFI_TEST_MEMBERS_(f, t)\n"
    )
}

/// The macro a member probe is declared with, at the start of a line: a unit that has one is
/// compiled with debug information.
pub const MACRO: &str = "FFI_TEST_MEMBERS";

/// The version of what the runtime reads from an object's debug information: the member lists
/// are kept with the object in the cache, read once when it is built, so a change to what is
/// read (C++ classes, static members and vtable pointers left out: 2) must change every unit's
/// text, and with it the cache's key. Bump it with such a change.
pub const FORMAT: u32 = 2;

/// What the probe variable's name adds to its facts symbol's.
pub const SUFFIX: &str = "_members";

/// A line declaring the member probe of type `c_type` for the facts function `facts_symbol`.
pub fn c_probe(facts_symbol: &str, c_type: &str) -> String {
    format!("{MACRO}({facts_symbol}, {c_type})\n")
}

/// Whether `unit` (a whole generated C text) declares a member probe.
pub fn has_probe(unit: &str) -> bool {
    unit.starts_with(&format!("{MACRO}(")) || unit.contains(&format!("\n{MACRO}("))
}

/// The probe variable of the facts function `symbol` in the unit that prefixes it `prefix`.
pub fn variable(prefix: &str, symbol: &str) -> String {
    format!("{prefix}{symbol}{SUFFIX}")
}

/// The name a layout's field stands under when it is a C++ base class's subobject (bindgen's
/// `_base`), naming the base: `(base) ns::Base`. C++ has no member by that name; the facts of
/// the subobject are taken from the base's spelling (a [`crate::surface::type_macro`]).
pub fn base_member(base: &str) -> String {
    format!("{BASE_PREFIX}{base}")
}

/// The base class [`base_member`] named, if `c_name` is one.
pub fn base_of_member(c_name: &str) -> Option<&str> {
    c_name.strip_prefix(BASE_PREFIX)
}

const BASE_PREFIX: &str = "(base) ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_is_found_in_a_unit_but_not_its_definition() {
        let unit = format!("{}int x;\n", c_support());
        assert!(!has_probe(&unit));
        let unit = format!("{unit}{}", c_probe("f", "struct s"));
        assert!(has_probe(&unit));
        assert_eq!(variable("__p_", "f"), "__p_f_members");
    }
}
