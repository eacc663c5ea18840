//! Function-pointer types of a surface: each typedef of a function pointer and each
//! function-pointer member of a record gets a check of its function type (parameters and
//! return), declared as a function named by its probe (see
//! `ffi_test_protocol::signature::function_type_probe`), which the runtime has C print.

use ffi_test_protocol::signature::{
    function_type_param_probe, function_type_probe, function_type_request, parameter_type,
};
use syn::Type;

use super::names;
use super::walk::{Plan, SkippedFields, SurfaceItem};

/// The function type a Rust type points to: `Option<unsafe extern "C" fn(..)>` (bindgen's
/// nullable function pointer) or the bare `fn` type.
pub(super) fn bare_fn(ty: &Type) -> Option<&syn::TypeBareFn> {
    match ty {
        Type::BareFn(f) => Some(f),
        Type::Paren(p) => bare_fn(&p.elem),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match args.args.first()? {
                syn::GenericArgument::Type(inner) if last.ident == "Option" => bare_fn(inner),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The function-type checks of a record's own members that are function pointers (members of
/// anonymous members are not followed), each refined as `item(Record.member, ..)`.
pub(super) fn member_function_types(
    record: &str,
    fields: &[&syn::Field],
    skipped: &SkippedFields,
    out: &mut Vec<SurfaceItem>,
) {
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let rust_field = crate::syntax::items::unraw(ident);
        if skipped.contains_key(&(record.to_string(), rust_field.clone())) {
            continue;
        }
        let Some(f) = bare_fn(&field.ty) else {
            continue;
        };
        let member = names::c_member(&rust_field);
        let probe = function_type_probe(record, Some(&member));
        let c_type = format!(
            "__typeof__((({} *)0)->{member})",
            ffi_test_protocol::surface::type_macro(record)
        );
        let requests = vec![
            function_type_request(&probe, &c_type),
            ffi_test_protocol::surface::type_request(record),
        ];
        let subject = format!("{record}_{member}");
        let name = format!("{record}.{rust_field}");
        out.extend(function_type_item(
            &name,
            "field",
            Some(subject),
            &probe,
            requests,
            f,
        ));
    }
}

/// The function-type checks of a checked extern item's function pointers: each parameter of a
/// function whose type is one (`item(f.param, ..)`), and a static that is one (`item(fn NAME,
/// ..)`). A function pointer named by a typedef is checked with the typedef.
pub(super) fn extern_function_types(item: &SurfaceItem, out: &mut Vec<SurfaceItem>) {
    match &item.plan {
        Ok(Plan::Function(func, c_name, _)) => {
            for (index, param, f) in function_pointer_params(func) {
                let probe = function_type_param_probe(c_name, index);
                let request = function_type_request(&probe, &parameter_type(c_name, index));
                out.extend(function_type_item(
                    &format!("{}.{param}", item.rust_name),
                    "parameter",
                    Some(format!("{}_{param}", item.rust_name)),
                    &probe,
                    vec![request],
                    f,
                ));
            }
        }
        Ok(Plan::Static(s, c_name)) => {
            let Some(f) = bare_fn(&s.ty) else { return };
            let probe = function_type_probe(c_name, None);
            let request = function_type_request(&probe, &format!("__typeof__({c_name})"));
            out.extend(function_type_item(
                &item.rust_name,
                "fn",
                None,
                &probe,
                vec![request],
                f,
            ));
        }
        _ => {}
    }
}

/// Each parameter of `func` whose type is a function pointer: its index (from 1), its name as
/// `item(f.param, ..)` refines it (`argN` where the pattern is not a name), its function type.
pub(super) fn function_pointer_params(
    func: &syn::ForeignItemFn,
) -> impl Iterator<Item = (usize, String, &syn::TypeBareFn)> {
    func.sig.inputs.iter().enumerate().filter_map(|(i, arg)| {
        let syn::FnArg::Typed(arg) = arg else {
            return None;
        };
        let param = match &*arg.pat {
            syn::Pat::Ident(p) => crate::syntax::items::unraw(&p.ident),
            _ => format!("arg{}", i + 1),
        };
        Some((i + 1, param, bare_fn(&arg.ty)?))
    })
}

/// The check of function type `f`, declared as a function named `probe`; `None` when the type
/// cannot be written as a declaration (it then has its layout check only).
pub(super) fn function_type_item(
    rust_name: &str,
    what: &'static str,
    subject: Option<String>,
    probe: &str,
    requests: Vec<String>,
    f: &syn::TypeBareFn,
) -> Option<SurfaceItem> {
    let ident = syn::Ident::new(probe, proc_macro2::Span::call_site());
    let params = f.inputs.iter().enumerate().map(|(i, arg)| {
        let name = match &arg.name {
            Some((name, _)) => name.clone(),
            None => quote::format_ident!("arg{}", i + 1),
        };
        let ty = &arg.ty;
        quote::quote!(#name: #ty)
    });
    let variadic = f.variadic.as_ref().map(|_| quote::quote!(, ...));
    let output = &f.output;
    let func: syn::ForeignItemFn =
        syn::parse2(quote::quote!(pub fn #ident(#(#params),* #variadic) #output;)).ok()?;
    let mut item = SurfaceItem::planned(
        rust_name.to_string(),
        what,
        Ok(Plan::FunctionType(
            Box::new(func),
            probe.to_string(),
            requests,
        )),
    );
    item.subject = subject;
    Some(item)
}
