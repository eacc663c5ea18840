//! Names pasted into generated C, by the macros (a `rename`, a `link_name`) and by the runtime
//! (a field name a Python mirror gives): each must be a C identifier, nothing more.

/// `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
