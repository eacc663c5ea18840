//! Error collection: every problem in an attribute is reported in one compile, each on its span.

use proc_macro2::TokenStream;

/// Accumulates spanned errors so a user sees all of them at once (as serde_derive does). What
/// it holds must leave through [`finish`](Errors::finish) or
/// [`into_compile_errors`](Errors::into_compile_errors), or be dropped on purpose with
/// [`discard`](Errors::discard): the macro crate's own tests (its fuzzing of every entry point
/// included) fail on an `Errors` dropped with errors in it. Users' builds never panic for it.
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
    pub fn finish<T>(mut self, value: T) -> syn::Result<T> {
        match self.0.take() {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }

    pub fn into_compile_errors(mut self) -> TokenStream {
        self.0
            .take()
            .map(|e| e.to_compile_error())
            .unwrap_or_default()
    }

    /// Drops what was recorded, on purpose (a probe whose errors another report replaces);
    /// whether there was any.
    pub fn discard(mut self) -> bool {
        self.0.take().is_some()
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        #[cfg(test)]
        if let Some(lost) = &self.0 {
            if !std::thread::panicking() {
                panic!("an Errors was dropped with its errors unreported: {lost}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Errors;

    #[test]
    #[should_panic(expected = "dropped with its errors unreported: lost")]
    fn errors_dropped_unreported_fail_the_crates_tests() {
        let mut errors = Errors::default();
        errors.error(quote::quote!(x), "lost");
    }

    #[test]
    fn reported_or_discarded_errors_are_fine() {
        let mut errors = Errors::default();
        errors.error(quote::quote!(x), "kept");
        assert!(!errors.into_compile_errors().is_empty());
        let mut errors = Errors::default();
        errors.error(quote::quote!(x), "probe");
        assert!(errors.discard());
        assert!(!Errors::default().discard());
    }
}
