//! How a layout's field is measured (decided once, for the check's one description,
//! `description.rs`), and bindgen's wrapper types it sees through.

use syn::Type;

use super::model::FieldModel;

/// How a field is measured, in the check's one description (`description.rs`), which the
/// running check, its C text and its facts records all read.
pub enum Measure<'a> {
    /// bindgen's flexible array member (`__IncompleteArrayField<E>`): no size of its own, the
    /// kind of an array of `E`.
    Flexible(&'a Type),
    /// Its type is known here: its size and kind are the type's (for bindgen's old-style union
    /// marker `__BindgenUnionField<T>`, `T`'s).
    Typed(&'a Type),
    /// Its type is not known here (the external form names fields only): measured through a
    /// projection of the field's place; its kind known only at run time.
    Projected,
}

impl FieldModel {
    /// How this field is measured (see [`Measure`]).
    pub fn measure(&self) -> Measure<'_> {
        match &self.ty {
            None => Measure::Projected,
            Some(ty) => match flexible_element(ty) {
                Some(element) => Measure::Flexible(element),
                None => Measure::Typed(union_field_member(ty).unwrap_or(ty)),
            },
        }
    }
}

/// `E` when `ty` is bindgen's flexible array member type, `__IncompleteArrayField<E>`.
pub fn flexible_element(ty: &Type) -> Option<&Type> {
    bindgen_wrapped(ty, "__IncompleteArrayField")
}

/// `T` when `ty` is bindgen's old-style union member, `__BindgenUnionField<T>` (a zero-sized
/// marker at the union's start standing for a `T`).
pub fn union_field_member(ty: &Type) -> Option<&Type> {
    bindgen_wrapped(ty, "__BindgenUnionField")
}

fn bindgen_wrapped<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::model::field_models;
    use crate::syntax::errors::Errors;
    use syn::Fields;

    fn measured(fields: syn::FieldsNamed) -> Vec<String> {
        let mut fields = Fields::Named(fields);
        let mut errors = Errors::default();
        let models = field_models(&mut fields, false, &mut errors);
        assert!(errors.finish(()).is_ok());
        models
            .iter()
            .map(|f| match f.measure() {
                Measure::Flexible(e) => format!("flexible {}", quote::quote!(#e)),
                Measure::Typed(t) => format!("typed {}", quote::quote!(#t)),
                Measure::Projected => "projected".to_string(),
            })
            .collect()
    }

    #[test]
    fn bindgen_wrappers_are_measured_by_what_they_stand_for() {
        let fields: syn::FieldsNamed = syn::parse_quote!({
            a: u32,
            b: __BindgenUnionField<u16>,
            c: __IncompleteArrayField<i64>,
        });
        assert_eq!(measured(fields), ["typed u32", "typed u16", "flexible i64"]);
        let mut errors = Errors::default();
        let mut fields = Fields::Named(syn::parse_quote!({ a: u8 }));
        let unknown = FieldModel {
            ty: None,
            ..field_models(&mut fields, false, &mut errors).remove(0)
        };
        assert!(errors.finish(()).is_ok());
        assert!(matches!(unknown.measure(), Measure::Projected));
    }
}
