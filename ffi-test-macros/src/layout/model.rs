//! The validated model of one `#[layout_matches]` item: the Rust and C emitters both read it,
//! so the facts they gather line up one for one.

use syn::spanned::Spanned;
use syn::{Attribute, Fields, Ident, Item, LitStr, Type};

use super::args::{Case, LayoutArgs};
use crate::syntax::errors::Errors;
use ffi_test_protocol::language::Language;

pub enum Shape {
    Struct(Vec<FieldModel>),
    Union(Vec<FieldModel>),
    /// A `repr(transparent)` tuple newtype: compared with C as its inner type (size, align, kind).
    Newtype(Box<Type>),
    Enum(Vec<VariantModel>),
    /// A type alias (a C typedef): compared as the type it names, whose kind may be another
    /// crate's (probed).
    Alias,
    /// A type whose members are private or opaque (`check_layout!(.., opaque)`): only its size
    /// and alignment are compared.
    Opaque,
}

pub struct FieldModel {
    /// The Rust member: a name, or an index for tuple structs.
    pub member: syn::Member,
    pub rust_name: String,
    pub c_name: String,
    pub line: usize,
    /// Where errors about the field's type point.
    pub span: proc_macro2::Span,
    /// The field's type (the external form does not know it).
    pub ty: Option<Type>,
    /// The `#[cfg]` attributes and conditional renames on the field.
    pub conditions: Conditions,
    /// The members leading to this one: an anonymous member's fields are named in C as the
    /// parent's own (`s.x`), reached in Rust through bindgen's `__bindgen_anon_1`.
    pub via: Vec<syn::Member>,
    /// Its type may be another crate's, with no `CKind`: its kind comes from a probe.
    pub probed: bool,
}

/// A bit-field, reached through the binding's setter (bindgen's `set_x`).
pub struct BitfieldModel {
    /// The members leading to the struct that has the setter (anonymous members).
    pub via: Vec<syn::Member>,
    pub rust_name: String,
    pub c_name: String,
    pub setter: Ident,
    pub line: usize,
}

pub struct VariantModel {
    pub ident: Ident,
    pub c_name: String,
    pub line: usize,
    pub conditions: Conditions,
}

/// What `#[cfg(..)]` and `#[cfg_attr(.., layout(rename = ".."))]` say about a field or variant:
/// it is checked when it is compiled in, under the C name that applies in that configuration.
#[derive(Default)]
pub struct Conditions {
    /// The item's own `#[cfg]` attributes, put on every statement generated for it.
    pub cfgs: Vec<Attribute>,
    /// `(predicate, C name)` of each `cfg_attr` rename, in order (a later one wins).
    pub renames: Vec<(proc_macro2::TokenStream, String)>,
}

impl Conditions {
    /// An expression for the C name: `default`, or the rename whose predicate holds.
    pub fn c_name(&self, default: &str) -> proc_macro2::TokenStream {
        if self.renames.is_empty() {
            return quote::quote!(#default);
        }
        let lets = self
            .renames
            .iter()
            .map(|(pred, name)| quote::quote!(#[cfg(#pred)] #[allow(unused_variables)] let name: &'static str = #name;));
        quote::quote!({
            #[allow(unused_variables)]
            let name: &'static str = #default;
            #(#lets)*
            name
        })
    }
}

pub struct LayoutModel {
    /// The item as it will be emitted (helper attributes stripped when no other ffi-test
    /// attribute still needs them); `None` for the external form, whose type lives elsewhere.
    pub item: Option<Item>,
    /// The type's path as the generated code names it.
    pub ty: syn::Path,
    /// Its last segment, for names and messages.
    pub ident: Ident,
    pub c_type: LitStr,
    pub shape: Shape,
    pub args: LayoutArgs,
    /// A name the headers must tell a tag or a typedef (`ffi_test_protocol::surface`): set when
    /// `c_type` is only Rust's name for the C type (whole-surface checks).
    pub c_type_from_headers: Option<String>,
    /// Bit-fields to compare (whole-surface checks of bindgen output).
    pub bitfields: Vec<BitfieldModel>,
    /// The generated test's subject when not the type's name (chosen by a whole-surface check).
    pub subject: Option<String>,
    /// Every C member has its Rust field: a C member with none is reported (a removed field).
    /// False where fields are left out on purpose (private, skipped) or listed by hand.
    pub all_members: bool,
    /// Rust binds the type as a function pointer, and C's may be a function type (`typedef int
    /// handler_t(void *)`, which bindgen binds as `Option<unsafe extern "C" fn(..)>`, C using it
    /// as `handler_t *`): C's is measured as a parameter of it would be, a function adjusted to
    /// its pointer (a function pointer stays as it is). C only: C++ does not adjust that way.
    pub function_adjusted: bool,
}

/// Attributes of ffi-test that read the `#[layout(...)]` helper attributes too.
const READERS: &[&str] = &["layout_matches", "ffi_roundtrip"];

impl LayoutModel {
    /// The language its C type is in: C++ for a qualified name or a template instance.
    pub fn language(&self) -> Language {
        Language::of_name(&self.c_type.value())
    }

    /// How the generated C spells the type: its name, or a macro the prelude defines from the
    /// headers (whole-surface checks). A C++ template's arguments would split the C text's
    /// macro arguments (`offsetof`) at their commas: parenthesised in `__typeof__`, they do not.
    pub fn c_spelling(&self) -> String {
        let c_type = self.c_type.value();
        match &self.c_type_from_headers {
            Some(name) if self.function_adjusted && self.language() == Language::C => {
                ffi_test_protocol::surface::function_adjusted(
                    &ffi_test_protocol::surface::type_macro(name),
                )
            }
            Some(name) => ffi_test_protocol::surface::type_macro(name),
            None if is_cpp_type(&c_type) && c_type.contains(',') => format!("__typeof__({c_type})"),
            None => c_type,
        }
    }

    pub fn new(mut item: Item, args: LayoutArgs, errors: &mut Errors) -> Option<LayoutModel> {
        let Some(c_type) = args.c_type.clone() else {
            errors.error(
                crate::syntax::items::item_head(&item),
                "#[layout_matches] needs the C type to compare with: `#[layout_matches(\"struct point\")]`",
            );
            return None;
        };
        check_c_type(&c_type, errors);
        let keep_helpers = item_attrs(&item).iter().any(|a| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| READERS.contains(&s.ident.to_string().as_str()))
        });
        let (ident, shape) = match &mut item {
            Item::Struct(s) => {
                check_generics(&s.generics, errors);
                let repr = Repr::of(&s.attrs, errors);
                if !(repr.c || repr.transparent) {
                    errors.error(&c_type, format!("`{}` has no FFI-safe repr: add #[repr(C)] (or #[repr(transparent)] for a newtype); Rust's default layout is unspecified and may change", s.ident));
                }
                let shape = match &mut s.fields {
                    Fields::Unnamed(f) if repr.transparent && f.unnamed.len() == 1 => {
                        strip_helpers(&mut f.unnamed[0].attrs, keep_helpers, errors);
                        Shape::Newtype(Box::new(f.unnamed[0].ty.clone()))
                    }
                    fields => Shape::Struct(field_models(fields, keep_helpers, errors)),
                };
                (s.ident.clone(), shape)
            }
            Item::Union(u) => {
                check_generics(&u.generics, errors);
                if !Repr::of(&u.attrs, errors).c {
                    errors.error(
                        &c_type,
                        format!("`{}` has no FFI-safe repr: add #[repr(C)]", u.ident),
                    );
                }
                let mut fields = Fields::Named(u.fields.clone());
                let models = field_models(&mut fields, keep_helpers, errors);
                if let Fields::Named(named) = fields {
                    u.fields = named;
                }
                (u.ident.clone(), Shape::Union(models))
            }
            Item::Enum(e) => {
                check_generics(&e.generics, errors);
                let repr = Repr::of(&e.attrs, errors);
                if !(repr.c || repr.int) {
                    errors.error(&c_type, format!("`{}` has no FFI-safe repr: add #[repr(C)] or an integer repr such as #[repr(u32)]", e.ident));
                }
                let case = args.case.as_ref().map_or(Case::ScreamingSnake, |(_, c)| *c);
                let prefix = args.prefix.as_ref().map(LitStr::value).unwrap_or_default();
                let mut variants = Vec::new();
                for v in &mut e.variants {
                    if !matches!(v.fields, Fields::Unit) {
                        errors.error(
                            &v.fields,
                            "#[layout_matches] supports fieldless enums only: a C enum has no data",
                        );
                    }
                    let helpers = strip_helpers(&mut v.attrs, keep_helpers, errors);
                    let c_name = helpers.rename.unwrap_or_else(|| {
                        format!(
                            "{prefix}{}",
                            case.apply(&crate::syntax::items::unraw(&v.ident))
                        )
                    });
                    check_c_name(&c_name, &v.ident, errors);
                    variants.push(VariantModel {
                        c_name,
                        ident: v.ident.clone(),
                        line: v.ident.span().start().line,
                        conditions: helpers.conditions,
                    });
                }
                (e.ident.clone(), Shape::Enum(variants))
            }
            other => {
                errors.error(
                    crate::syntax::items::item_head(other),
                    format!(
                        "#[layout_matches] applies to a struct, union or enum, not to {}",
                        crate::syntax::items::item_kind(other)
                    ),
                );
                return None;
            }
        };
        if !matches!(shape, Shape::Enum(_)) {
            if let Some(prefix) = &args.prefix {
                errors.error(prefix, "`prefix` applies to enums only");
            }
            if let Some((case, _)) = &args.case {
                errors.error(case, "`case` applies to enums only");
            }
        }
        Some(LayoutModel {
            item: Some(item),
            ty: ident.clone().into(),
            ident,
            c_type,
            shape,
            args,
            c_type_from_headers: None,
            bitfields: Vec::new(),
            subject: None,
            all_members: true,
            function_adjusted: false,
        })
    }

    /// The external form's model: a type named by path, its members listed in the macro.
    pub fn external(
        ty: syn::Path,
        shape: Shape,
        args: LayoutArgs,
        errors: &mut Errors,
    ) -> Option<LayoutModel> {
        let Some(c_type) = args.c_type.clone() else {
            errors.error(&ty, "expected the C type after the Rust type: `check_layout!(path::Type, \"struct c_name\", fields(a, b))`");
            return None;
        };
        check_c_type(&c_type, errors);
        let ident = ty.segments.last()?.ident.clone();
        Some(LayoutModel {
            item: None,
            ty,
            ident,
            c_type,
            shape,
            args,
            c_type_from_headers: None,
            bitfields: Vec::new(),
            subject: None,
            // The fields named in the macro may be the few a test cares about.
            all_members: false,
            function_adjusted: false,
        })
    }

    /// The generated test's name: `point__layout__then_matches_c`.
    pub fn test_name(&self) -> String {
        let subject = self
            .subject
            .clone()
            .unwrap_or_else(|| subject(&crate::syntax::items::unraw(&self.ident)));
        match self.shape {
            Shape::Opaque => ffi_test_protocol::naming::Check::SizeAndAlign.test_name(&subject),
            _ => ffi_test_protocol::naming::Check::Layout.test_name(&subject),
        }
    }
}

/// The subject part of generated names: the name's own words, lowercased. Words are what the
/// name separates with `_` or begins with a capital after a lowercase letter or digit (`PngInfo`
/// is `png_info`); a run of capitals is one word, as C spells it (`CURLoption_CURLOPT_URL` is
/// `curloption_curlopt_url`, not `cur_loption_...`). A leading `_` is dropped (the convention
/// starts a name with a letter), and a leading digit gets a `t`.
pub fn subject(name: &str) -> String {
    let name = name.trim_start_matches("r#");
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let boundary = c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        if (!c.is_ascii_alphanumeric() || boundary) && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        previous = Some(c);
    }
    let mut out = out.trim_end_matches('_').to_string();
    if out.is_empty() || out.as_bytes()[0].is_ascii_digit() {
        out.insert(0, 't');
    }
    out
}

#[cfg(test)]
mod subject_tests {
    #[test]
    fn subjects_keep_the_c_names_own_words() {
        for (name, subject) in [
            ("CURLoption_CURLOPT_URL", "curloption_curlopt_url"),
            ("PngInfo", "png_info"),
            ("png_struct_def", "png_struct_def"),
            ("IPv4Addr", "ipv4_addr"),
            ("_exit", "exit"),
            ("__u8", "u8"),
            ("r#type", "type"),
            ("TCGETS2", "tcgets2"),
            ("sqlite3Foo", "sqlite3_foo"),
            ("_2x", "t2x"),
            ("__", "t"),
        ] {
            assert_eq!(super::subject(name), subject, "{name}");
        }
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Struct(s) => &s.attrs,
        Item::Union(u) => &u.attrs,
        Item::Enum(e) => &e.attrs,
        _ => &[],
    }
}

/// `struct x`, `union x`, `enum x`, or a typedef name; or a C++ type (see [`is_cpp_type`]).
pub(crate) fn check_c_type(c_type: &LitStr, errors: &mut Errors) {
    let text = c_type.value();
    if is_cpp_type(&text) {
        if let Err(why) = check_cpp_type(&text) {
            errors.error(c_type, format!("`{text}` is not a C++ type name: {why}"));
        }
        return;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let is_ident = |w: &str| crate::syntax::c_names::is_identifier(w);
    let ok = match words.as_slice() {
        [name] => is_ident(name) && !["struct", "union", "enum"].contains(name),
        [tag, name] => ["struct", "union", "enum"].contains(tag) && is_ident(name),
        _ => false,
    };
    if !ok {
        errors.error(c_type, format!("`{text}` is not a C type name: expected `struct NAME`, `union NAME`, `enum NAME` or a typedef name"));
    }
}

/// Whether `name` is a C++ type: qualified (`ns::Point`, `::Point` for the global namespace) or
/// a template instance (`Vec3<float>`). Its layout is then compared with what the C++ compiler
/// says.
pub(crate) fn is_cpp_type(name: &str) -> bool {
    Language::of_name(name) == Language::Cpp
}

/// A C++ type name pasted into generated C++: names, `::`, template arguments (types and
/// numbers), nothing that could end the expression it is pasted in.
fn check_cpp_type(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_:<>, *&".contains(c);
    if let Some(c) = name.chars().find(|&c| !allowed(c)) {
        return Err(format!(
            "`{}` cannot be part of one (it is pasted into generated C++)",
            c.escape_debug()
        ));
    }
    let mut depth = 0i32;
    for c in name.chars() {
        depth += match c {
            '<' => 1,
            '>' => -1,
            _ => 0,
        };
        if depth < 0 {
            return Err("a `>` closes no `<`".into());
        }
    }
    match depth {
        0 => Ok(()),
        _ => Err("a `<` is not closed".into()),
    }
}

fn check_generics(generics: &syn::Generics, errors: &mut Errors) {
    if !generics.params.is_empty() {
        errors.error(generics, "#[layout_matches] needs a concrete type: C has no generics (check each instantiation through a type alias with the external form)");
    }
}

/// What `#[repr(..)]` says of an item.
#[derive(Default)]
pub(crate) struct Repr {
    pub(crate) c: bool,
    pub(crate) transparent: bool,
    pub(crate) int: bool,
}

impl Repr {
    /// Reads the `#[repr(..)]` attributes, malformed ones reported to `errors`.
    pub(crate) fn of(attrs: &[Attribute], errors: &mut Errors) -> Repr {
        let mut repr = Repr::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
            let result = attr.parse_nested_meta(|meta| {
                let name = meta
                    .path
                    .get_ident()
                    .map(|i| i.to_string())
                    .unwrap_or_default();
                match name.as_str() {
                    "C" => repr.c = true,
                    "transparent" => repr.transparent = true,
                    "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64"
                    | "isize" => repr.int = true,
                    _ => {}
                }
                // Skip `packed(N)` / `align(N)` arguments.
                if meta.input.peek(syn::token::Paren) {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    content.parse::<proc_macro2::TokenStream>()?;
                }
                Ok(())
            });
            if let Err(e) = result {
                errors.push(e);
            }
        }
        repr
    }
}

pub(super) fn field_models(
    fields: &mut Fields,
    keep_helpers: bool,
    errors: &mut Errors,
) -> Vec<FieldModel> {
    let tuple = matches!(fields, Fields::Unnamed(_));
    let mut models = Vec::new();
    for (index, field) in fields.iter_mut().enumerate() {
        check_field_type(&field.ty, errors);
        let helpers = strip_helpers(&mut field.attrs, keep_helpers, errors);
        let rename = helpers.rename;
        let (member, rust_name) = match &field.ident {
            Some(ident) => (
                syn::Member::Named(ident.clone()),
                crate::syntax::items::unraw(ident),
            ),
            None => (
                syn::Member::Unnamed(syn::Index::from(index)),
                index.to_string(),
            ),
        };
        let c_name = match rename {
            Some(name) => name,
            None if tuple => {
                errors.error(&field.ty, "a tuple struct's fields have no names C can use: add #[layout(rename = \"c_member\")] to each");
                rust_name.clone()
            }
            None => rust_name.clone(),
        };
        models.push(FieldModel {
            member,
            rust_name,
            c_name,
            line: field.ty.span().start().line,
            span: field.ty.span(),
            ty: Some(field.ty.clone()),
            conditions: helpers.conditions,
            via: Vec::new(),
            probed: false,
        });
    }
    models
}

/// Refuses field types that can never cross an FFI boundary, with the reason; the rest must
/// implement `CKind`, checked by the compiler.
fn check_field_type(ty: &Type, errors: &mut Errors) {
    let reason = match ty {
        Type::Slice(_) => Some("a slice has no C layout: use a pointer and a length".to_string()),
        Type::TraitObject(_) | Type::ImplTrait(_) => Some("a trait object has no C layout".into()),
        Type::Tuple(t) if !t.elems.is_empty() => Some("a tuple has no guaranteed layout: use a #[repr(C)] struct".into()),
        Type::Reference(r) if matches!(&*r.elem, Type::Path(p) if p.path.is_ident("str")) => {
            Some("`&str` is a fat pointer: use `*const c_char`".into())
        }
        Type::Reference(r) if matches!(&*r.elem, Type::Slice(_)) => Some("a slice reference is a fat pointer: use a pointer and a length".into()),
        Type::Array(a) => {
            check_field_type(&a.elem, errors);
            None
        }
        Type::Path(p) => p.path.segments.last().and_then(|last| {
            let name = last.ident.to_string();
            match name.as_str() {
                "String" | "Vec" | "Box" | "Rc" | "Arc" | "HashMap" | "BTreeMap" | "CString" | "OsString" | "PathBuf" => {
                    Some(format!("`{name}` is a Rust-owned type with no C layout: use a raw pointer (and a length)"))
                }
                "__BindgenBitfieldUnit" => Some(
                    "C bit-fields are refused: their layout is implementation-defined and a Rust mirror cannot be checked field by field; check the storage unit as an integer".into(),
                ),
                _ => None,
            }
        }),
        _ => None,
    };
    if let Some(reason) = reason {
        errors.error(
            ty,
            format!("unsupported field type for #[layout_matches]: {reason}"),
        );
    }
}

/// What the helper attributes of one field or variant say.
pub(crate) struct Helpers {
    rename: Option<String>,
    conditions: Conditions,
}

/// Reads `#[layout(rename = "...")]`, `#[cfg]` and `#[cfg_attr(pred, layout(rename = "..."))]`,
/// and removes the `layout` helpers (also from inside `cfg_attr`) unless another ffi-test
/// attribute still on the item needs to read them. Every name is checked to be one C can use.
pub(crate) fn strip_helpers(
    attrs: &mut Vec<Attribute>,
    keep: bool,
    errors: &mut Errors,
) -> Helpers {
    let mut helpers = Helpers {
        rename: None,
        conditions: Conditions::default(),
    };
    helpers.conditions.cfgs = attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .cloned()
        .collect();
    for found in crate::syntax::helper_attrs::find(attrs, "layout", errors) {
        let Some(name) = read_rename(&found.meta, errors) else {
            continue;
        };
        match found.pred {
            None => helpers.rename = Some(name),
            Some(pred) => helpers.conditions.renames.push((pred, name)),
        }
    }
    if !keep {
        crate::syntax::helper_attrs::strip(attrs, "layout");
    }
    helpers
}

/// The `rename = "..."` of a `layout(...)` helper, checked to be a C member designator.
fn read_rename(meta: &syn::Meta, errors: &mut Errors) -> Option<String> {
    let list = match meta.require_list() {
        Ok(list) => list,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let mut rename = None;
    let result = list.parse_nested_meta(|meta| {
        if meta.path.is_ident("rename") {
            let value: LitStr = meta.value()?.parse()?;
            check_c_name(&value.value(), &value, errors);
            rename = Some(value.value());
            Ok(())
        } else {
            Err(meta.error("unknown #[layout] option; expected `rename = \"c_name\"`"))
        }
    });
    if let Err(e) = result {
        errors.push(e);
    }
    rename
}

/// A name pasted into C must be a C member designator (`name`, `outer.inner`, `items[2]`) or an
/// identifier: anything else would change the meaning of the generated C.
pub fn check_c_name(name: &str, at: &dyn quote::ToTokens, errors: &mut Errors) {
    // A C++ enumerator is qualified by its scope (`ns::Mode::Fast`).
    if crate::syntax::c_names::is_qualified_name(name) {
        return;
    }
    if !crate::syntax::c_names::is_designator(name) {
        errors.error(
            at,
            format!("`{}` is not a C name: expected an identifier (or a member designator such as `outer.inner` or `items[2]`)", name.escape_debug()),
        );
    }
}
