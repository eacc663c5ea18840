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
         #define {MACRO}(f, t) FFI_TEST_MEMBERS_(f, t)\n\
         #define FFI_TEST_PAREN_PROBE(...) ~, 1,\n\
         #define FFI_TEST_SECOND_OF(a, b, ...) b\n\
         #define FFI_TEST_SECOND(...) FFI_TEST_SECOND_OF(__VA_ARGS__)\n\
         #define FFI_TEST_CHECK(...) FFI_TEST_SECOND(__VA_ARGS__, 0, ~)\n\
         #define {STARTS_WITH_PAREN}(x) FFI_TEST_CHECK(FFI_TEST_PAREN_PROBE x)\n"
    )
}

/// A macro that is 1 where its argument expands to tokens beginning with `(`, else 0: usable
/// in `#if` (see [`with_member_names`]).
const STARTS_WITH_PAREN: &str = "FFI_TEST_STARTS_WITH_PAREN";

/// `text` (C that names the members `names` of a record) with each of those names that is a
/// macro expanding to a parenthesised expression undefined around it, and defined again after.
/// A header may define a member's name as a macro after the record: libxml2's `globals.h`
/// declares `struct _xmlGlobalState { const char *xmlParserVersion; ... }`, then `#define
/// xmlParserVersion (*(__xmlParserVersion()))`, so `offsetof(struct _xmlGlobalState,
/// xmlParserVersion)` does not compile. Such an expansion can name no member (a member
/// designator begins with a name); one that can is kept, as it is what C code means by the name
/// (glibc's `#define st_mtime st_mtim.tv_sec`, which the libc crate binds as a field).
pub fn with_member_names<'a>(names: impl IntoIterator<Item = &'a str>, text: &str) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let identifiers = names.into_iter().flat_map(|designator| {
        designator
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
    });
    let (mut before, mut after) = (String::new(), String::new());
    for (i, name) in identifiers.filter(|n| seen.insert(*n)).enumerate() {
        let marker = format!("FFI_TEST_UNMACROED_{i}");
        before.push_str(&format!(
            "#if {STARTS_WITH_PAREN}({name})\n#pragma push_macro(\"{name}\")\n#undef {name}\n\
             #define {marker}\n#endif\n"
        ));
        after.push_str(&format!(
            "#ifdef {marker}\n#undef {marker}\n#pragma pop_macro(\"{name}\")\n#endif\n"
        ));
    }
    if before.is_empty() {
        return text.to_string();
    }
    format!("{before}{text}{after}")
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

    #[test]
    fn member_names_are_guarded_once_each_and_restored_after() {
        let text = with_member_names(["a.b[3].c", "a", "x1"], "BODY\n");
        let guarded: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("#undef "))
            .filter(|n| !n.starts_with("FFI_TEST_"))
            .collect();
        assert_eq!(guarded, ["a", "b", "c", "x1"]);
        let (before, after) = text.split_once("BODY\n").unwrap();
        assert!(before.starts_with("#if FFI_TEST_STARTS_WITH_PAREN(a)\n#pragma push_macro(\"a\")"));
        assert!(after.ends_with("#pragma pop_macro(\"x1\")\n#endif\n"));
        assert_eq!(with_member_names([], "BODY\n"), "BODY\n");
    }
}
