//! Error collection: every problem in an attribute is reported in one compile, each on its span.

use proc_macro2::TokenStream;

/// Accumulates spanned errors so a user sees all of them at once (as serde_derive does).
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn error(&mut self, spanned: impl quote::ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(spanned, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `Ok(value)` when nothing was recorded, otherwise every error combined.
    pub fn finish<T>(self, value: T) -> syn::Result<T> {
        match self.0 {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }

    pub fn into_compile_errors(self) -> TokenStream {
        self.0.map(|e| e.to_compile_error()).unwrap_or_default()
    }
}
