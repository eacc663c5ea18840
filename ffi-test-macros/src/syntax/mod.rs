//! What every macro parses the same way: literals, expectations and timeouts, helper
//! attributes (`#[cfg]`, docs), C names, source lines, and the errors they report (spanned, all
//! of a macro's at once).

pub mod c_names;
pub mod errors;
pub mod expect;
pub mod helper_attrs;
pub mod items;
pub mod literals;
pub mod pointee;
pub mod source_line;
