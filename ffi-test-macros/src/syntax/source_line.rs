//! Source lines of spans, so C diagnostics and reports can point at the Rust line that holds them.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// A `u32` expression for the line `span` starts on.
///
/// `line!()` spanned at the token resolves to the outermost macro call site, which for an
/// attribute is the attribute itself; the real line is used when the compiler offers span
/// locations (rustc >= 1.88), the call-site line otherwise (e.g. under rust-analyzer).
pub fn line_of(span: Span) -> TokenStream {
    let line = span.start().line;
    if line > 0 {
        let lit = proc_macro2::Literal::u32_unsuffixed(line as u32);
        quote_spanned!(span=> #lit)
    } else {
        quote_spanned!(span=> ::core::line!())
    }
}
