//! `check_surface!(path::to::bindings, file = "src/bindings.rs")`: every C declaration a
//! bindings file binds becomes a check, read from the file itself (bindgen's output or a -sys
//! crate's source). The one macro of ffi-test that reads a file: the one the user names,
//! tracked with `include_bytes!` so that editing it rebuilds. No compiler runs here; C is
//! compiled at test time, like every other check's.

mod args;
mod cpp;
mod depth;
mod exclusive;
mod function_types;
mod names;
mod plans;
mod records;
mod report;
mod walk;

use std::collections::{BTreeMap, HashMap};

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::bindings::emit::{self, Form};
use crate::bindings::model::{FunctionModel, StaticModel};
use crate::layout::description::Probes;
use crate::layout::model::subject;
use crate::syntax::errors::Errors;
use walk::{Plan, SurfaceItem};

pub fn check_surface(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let Some(args) = args::parse(input, &mut errors) else {
        return errors.into_compile_errors();
    };
    let (path, text) = match read(&args.file) {
        Ok(found) => found,
        Err(e) => return syn::Error::new_spanned(&args.file, e).to_compile_error(),
    };
    if let Some(why) = depth::too_deep(&text) {
        let message = format!("cannot check the bindings `{}`: {why}", args.file.value());
        return syn::Error::new_spanned(&args.file, message).to_compile_error();
    }
    let file = match syn::parse_file(&text) {
        Ok(file) => file,
        Err(e) => {
            let message = format!("`{}` is not Rust that can be read: {e}", args.file.value());
            return syn::Error::new_spanned(&args.file, message).to_compile_error();
        }
    };
    if let (Some(first), Some(_)) = (args.headers.first(), cpp::style(&file)) {
        errors.error(
            first,
            "`headers = [..]` lists the C declarations the bindings leave unbound, read from C headers by C's preprocessor: not for bindgen's C++ output (yet); leave it out",
        );
    }
    let skipped_fields = field_refinements(&args, &file, &mut errors);
    let mut items = walk::walk(&file, &skipped_fields);
    let tests = refine(&args, &mut items, &mut errors);
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    let module = &args.module;
    let imports = imports(&file, module);
    let tracked = path.display().to_string();
    let checks = expand(items.iter().zip(&tests), &mut errors);
    let report = report::register(&args, &path, items.iter().zip(&tests));
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    quote! {
        // Checking a deprecated item is no use of it.
        #[allow(deprecated)]
        const _: () = {
            #[allow(unused_imports)]
            use #module::*;
            #imports
            // Tracks the file: editing the bindings rebuilds the checks.
            const _: &[u8] = ::core::include_bytes!(#tracked);
            #checks
            #report
        };
    }
}

/// The file's own `use` declarations, so that the types its declarations name (`c_void` from
/// `use std::ffi::c_void`) resolve in the checks as in the file: those of other crates as they
/// are, `crate::` ones through the crate the bindings are in; `self::`/`super::` ones cannot be
/// followed and are left out.
fn imports(file: &syn::File, module: &syn::Path) -> TokenStream {
    let first = module.segments.first().map(|s| s.ident.to_string());
    let home = match first.as_deref() {
        Some("self" | "super" | "crate") | None => None,
        Some(_) => module.segments.first().map(|s| s.ident.clone()),
    };
    let mut out = TokenStream::new();
    for item in &file.items {
        let syn::Item::Use(u) = item else { continue };
        let mut tree = u.tree.clone();
        if let syn::UseTree::Path(p) = &mut tree {
            match p.ident.to_string().as_str() {
                "self" | "super" => continue,
                "crate" => match &home {
                    Some(home) => p.ident = home.clone(),
                    None => continue,
                },
                _ => {}
            }
        }
        let leading = &u.leading_colon;
        let cfgs = crate::syntax::helper_attrs::cfgs(&u.attrs);
        out.extend(quote!(#(#cfgs)* #[allow(unused_imports)] use #leading #tree;));
    }
    out
}

/// The file `lit` names: relative to the package root, or `$OUT_DIR/...` (a build script's
/// output, as bindgen's usually is).
fn read(lit: &syn::LitStr) -> Result<(std::path::PathBuf, String), String> {
    let written = lit.value();
    let path = if let Some(rest) = written.strip_prefix("$OUT_DIR/") {
        let out_dir = std::env::var("OUT_DIR").map_err(|_| {
            format!("`{written}` names OUT_DIR, which cargo sets only for a package with a build script")
        })?;
        std::path::Path::new(&out_dir).join(rest)
    } else {
        let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        std::path::Path::new(&root).join(&written)
    };
    let from = if written.starts_with("$OUT_DIR/") || std::path::Path::new(&written).is_absolute() {
        ""
    } else {
        " (from the package root)"
    };
    inside_the_package(&path)
        .map_err(|e| format!("cannot read the bindings `{written}`{from}: {e}"))?;
    let text = read_bounded(&path)
        .map_err(|e| format!("cannot read the bindings `{written}`{from}: {e}"))?;
    Ok((path, text))
}

/// `Ok` if `path` (links resolved) is inside the package being built or its OUT_DIR: a macro
/// reads only what belongs to the build.
fn inside_the_package(path: &std::path::Path) -> Result<(), String> {
    let real = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let roots: Vec<std::path::PathBuf> = ["CARGO_MANIFEST_DIR", "OUT_DIR"]
        .iter()
        .filter_map(|var| std::fs::canonicalize(std::env::var_os(var)?).ok())
        .collect();
    if roots.iter().any(|root| real.starts_with(root)) {
        return Ok(());
    }
    Err(format!(
        "it is {}, outside the package ({}) and its OUT_DIR; check_surface! reads only files of the \
         package it is in: generate the bindings into OUT_DIR, or keep a copy in the package",
        real.display(),
        roots
            .first()
            .map_or("unknown".into(), |r| r.display().to_string())
    ))
}

/// Bindings files are read at most this large (bindgen's output for big libraries is a few MB).
const MAX_BINDINGS_BYTES: u64 = 64 << 20;

/// The text of `path` if it is a regular file of at most [`MAX_BINDINGS_BYTES`]: a FIFO would
/// stall the build and a device (`/dev/zero`) exhaust its memory. (Asked before opening: opening
/// a FIFO for reading blocks.)
fn read_bounded(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_BINDINGS_BYTES {
        return Err(format!(
            "{} bytes, more than the {} MiB a bindings file may have",
            meta.len(),
            MAX_BINDINGS_BYTES >> 20
        ));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BINDINGS_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_BINDINGS_BYTES {
        return Err(format!(
            "more than the {} MiB a bindings file may have",
            MAX_BINDINGS_BYTES >> 20
        ));
    }
    Ok(text)
}

/// `item(Type.field, skip = "...")` refinements, each checked to name a field of the file.
fn field_refinements(
    args: &args::SurfaceArgs,
    file: &syn::File,
    errors: &mut Errors,
) -> walk::SkippedFields {
    // Each record's fields (and each function's parameters), and which are function pointers.
    let mut fields: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    let mut params: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for item in &file.items {
        if let syn::Item::ForeignMod(block) = item {
            for f in &block.items {
                let syn::ForeignItem::Fn(f) = f else { continue };
                let pointers = function_types::function_pointer_params(f);
                let named = pointers.map(|(_, name, _)| (name, true)).collect();
                params.insert(crate::syntax::items::unraw(&f.sig.ident), named);
            }
            continue;
        }
        let (name, named) = match item {
            syn::Item::Struct(s) => (&s.ident, s.fields.iter().collect::<Vec<_>>()),
            syn::Item::Union(u) => (&u.ident, u.fields.named.iter().collect()),
            _ => continue,
        };
        let names = named.iter().filter_map(|f| {
            let name = crate::syntax::items::unraw(f.ident.as_ref()?);
            Some((name, function_types::bare_fn(&f.ty).is_some()))
        });
        fields.insert(crate::syntax::items::unraw(name), names.collect());
    }
    let mut out = walk::SkippedFields::new();
    for r in args.refinements.iter().filter(|r| r.expect.is_some()) {
        let Some(field) = &r.field else { continue };
        let (item, field) = (
            crate::syntax::items::unraw(&r.item),
            crate::syntax::items::unraw(field),
        );
        let mut known = fields
            .get(&item)
            .into_iter()
            .chain(params.get(&item))
            .flatten();
        if !known.any(|(name, function)| *name == field && *function) {
            errors.error(
                &r.field,
                format!("`{item}.{field}` is not a function-pointer member or parameter of the bindings: only such a member or parameter has a check of its own (its function type); the rest of a record's or function's expectation goes on `item({item}, expect = ..)`"),
            );
        }
    }
    for r in &args.refinements {
        let (Some(field), Some(reason)) = (&r.field, &r.skip) else {
            continue;
        };
        let (item, field) = (
            crate::syntax::items::unraw(&r.item),
            crate::syntax::items::unraw(field),
        );
        match fields.get(&item) {
            Some(known) if known.iter().any(|(name, _)| *name == field) => {
                out.insert((item, field), reason.value());
            }
            Some(_) => errors.error(
                &r.field,
                format!("`{item}` has no field `{field}` in the bindings"),
            ),
            None => errors.error(
                &r.item,
                format!("the bindings have no struct or union `{item}`"),
            ),
        }
    }
    out
}

/// Applies `item(..)` refinements and gives every checked item a test name, unique in the
/// binary's surface: names that collide (`LITTLE_ENDIAN`, `__LITTLE_ENDIAN`) are told apart by
/// a suffix in the order of their Rust names, so the result does not depend on the file's order.
fn refine(args: &args::SurfaceArgs, items: &mut [SurfaceItem], errors: &mut Errors) -> Vec<String> {
    let subjects = apply_refinements(args, items, errors);
    let unique = unique_names(items, &subjects);
    for (item, name) in items.iter_mut().zip(&unique) {
        if let Ok(Plan::Layout(m)) = &mut item.plan {
            m.subject = name.split("__").next().map(str::to_string);
            m.args.expect = item.expect.take();
        }
    }
    unique
}

/// Each item's test subject, after `item(..)` refinements (which also set expectations and
/// skips on the items).
fn apply_refinements(
    args: &args::SurfaceArgs,
    items: &mut [SurfaceItem],
    errors: &mut Errors,
) -> Vec<String> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        by_name.entry(item.rust_name.clone()).or_default().push(i);
    }
    let mut subjects: Vec<String> = items
        .iter()
        .map(|i| {
            subject(
                &i.subject
                    .as_deref()
                    .unwrap_or(&i.rust_name)
                    .replace("::", "_"),
            )
        })
        .collect();
    for r in &args.refinements {
        if let (Some(field), Some(c)) = (&r.field, &r.c) {
            rename_field(items, r, field, c, errors);
            continue;
        }
        let name = match &r.field {
            None => r.path.clone(),
            // A function-pointer member's function type (`item(T.f, expect = ..)`).
            Some(field) if r.expect.is_some() => {
                format!("{}.{}", r.path, crate::syntax::items::unraw(field))
            }
            Some(_) => continue,
        };
        let Some(found) = by_name.get(&name) else {
            errors.error(&r.item, format!("the bindings declare no `{name}`"));
            continue;
        };
        let found: Vec<usize> = match &r.what {
            Some(what) => found
                .iter()
                .copied()
                .filter(|&i| items[i].what == what)
                .collect(),
            None => found.clone(),
        };
        if found.is_empty() {
            let what = r.what.as_deref().unwrap_or_default();
            errors.error(&r.item, format!("the bindings declare no {what} `{name}`"));
            continue;
        }
        let kinds: std::collections::BTreeSet<&str> =
            found.iter().map(|&i| items[i].what).collect();
        if kinds.len() > 1 {
            let kinds: Vec<&str> = kinds.into_iter().collect();
            errors.error(
                &r.item,
                format!(
                    "`{name}` names {} items ({}): say which, e.g. `item({} {name}, ..)`",
                    found.len(),
                    kinds.join(", "),
                    kinds[0]
                ),
            );
            continue;
        }
        for i in found {
            if let Some(test) = &r.test {
                subjects[i] = test.value();
            }
            if let Some(expect) = &r.expect {
                items[i].expect = Some(expect.clone());
            }
            if let Some(reason) = &r.skip {
                items[i].plan = Err(format!("skipped: {}", reason.value()));
            }
            if let Some(c) = &r.c {
                give_c_name(&mut items[i], c, errors);
            }
        }
    }
    subjects
}

/// `item(NAME, c = "...")`: the C the item is checked against.
fn give_c_name(item: &mut SurfaceItem, c: &syn::LitStr, errors: &mut Errors) {
    // A C++ static keeps its symbol (what Rust links to): the name given is the C++ expression
    // naming it, as a C++ constant's is.
    let cpp_named = matches!(item.plan, Ok(Plan::Static(..) | Plan::Value(..)));
    if let (Some(side), true) = (&mut item.cpp, cpp_named) {
        side.expr = Some(c.value());
        side.types.clear();
        if let Ok(Plan::Value(_, name, _)) = &mut item.plan {
            *name = c.value();
        }
        return;
    }
    match &mut item.plan {
        Ok(Plan::Layout(m)) => {
            crate::layout::model::check_c_type(c, errors);
            m.c_type = c.clone();
            m.c_type_from_headers = None;
        }
        Ok(Plan::Function(_, name, _) | Plan::Static(_, name) | Plan::Value(_, name, _)) => {
            *name = c.value();
        }
        Ok(Plan::FunctionType(..)) => errors.error(
            c,
            "a function type is compared with C's type of its typedef or member: give the C name of that (`item(NAME, c = ..)` on the typedef or record)",
        ),
        Err(why) => errors.error(c, format!("`{}` is not checked ({why}): there is nothing to compare with another C name", item.rust_name)),
    }
}

/// `item(Type.field, c = "member")`: the C member a field of a checked record is compared with.
fn rename_field(
    items: &mut [SurfaceItem],
    r: &args::Refinement,
    field: &syn::Ident,
    c: &syn::LitStr,
    errors: &mut Errors,
) {
    let field = crate::syntax::items::unraw(field);
    let record = items
        .iter_mut()
        .filter(|i| i.rust_name == r.path && matches!(i.what, "struct" | "union"))
        .find_map(|i| match &mut i.plan {
            Ok(Plan::Layout(m)) => Some(m),
            _ => None,
        });
    let Some(model) = record else {
        errors.error(
            &r.item,
            format!("the bindings have no checked struct or union `{}`", r.path),
        );
        return;
    };
    let fields = match &mut model.shape {
        crate::layout::model::Shape::Struct(f) | crate::layout::model::Shape::Union(f) => f,
        _ => return,
    };
    let mut found = false;
    for f in fields.iter_mut().filter(|f| f.rust_name == field) {
        f.c_name = c.value();
        found = true;
    }
    for b in model.bitfields.iter_mut().filter(|b| b.rust_name == field) {
        b.c_name = c.value();
        found = true;
    }
    if !found {
        errors.error(c, format!("`{}` has no compared field `{field}`", r.path));
    }
}

/// The test name of each item, colliding ones suffixed in the order of their Rust names. An
/// item compiled in everywhere comes first, and items whose `#[cfg]`s never hold together share
/// a name (see `exclusive`), so that a compiled-out twin never pushes a live item to `NAME_2`.
fn unique_names(items: &[SurfaceItem], subjects: &[String]) -> Vec<String> {
    let names: Vec<String> = items
        .iter()
        .zip(subjects)
        .map(|(item, s)| test_name(item, s))
        .collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        if items[i].plan.is_ok() {
            groups.entry(name.as_str()).or_default().push(i);
        }
    }
    let mut unique = names.clone();
    for indices in groups.values().filter(|g| g.len() > 1) {
        // The name that reads as its subject keeps it (`exit` before `_exit`).
        let mut sorted = indices.clone();
        sorted.sort_by_key(|&i| {
            let dropped = items[i].rust_name.len().abs_diff(subjects[i].len());
            (
                !items[i].cfgs.is_empty(),
                dropped,
                items[i].rust_name.clone(),
            )
        });
        // Per suffix (1: none), the items holding it.
        let mut holders: Vec<Vec<usize>> = Vec::new();
        for &i in &sorted {
            let free = holders.iter().position(|held| {
                held.iter()
                    .all(|&j| exclusive::exclusive(&items[i].cfgs, &items[j].cfgs))
            });
            let n = free.unwrap_or_else(|| {
                holders.push(Vec::new());
                holders.len() - 1
            });
            holders[n].push(i);
            if n > 0 {
                unique[i] = test_name(&items[i], &format!("{}_{}", subjects[i], n + 1));
            }
        }
    }
    unique
}

fn test_name(item: &SurfaceItem, subject: &str) -> String {
    use ffi_test_protocol::naming::Check;
    let check = match &item.plan {
        Ok(Plan::Layout(m)) if matches!(m.shape, crate::layout::model::Shape::Opaque) => {
            Check::SizeAndAlign
        }
        Ok(Plan::Layout(_)) => Check::Layout,
        Ok(Plan::Function(..)) => Check::Signature,
        Ok(Plan::FunctionType(..)) => Check::FunctionType,
        Ok(Plan::Static(..)) => Check::Static,
        Ok(Plan::Value(..)) | Err(_) => Check::Value,
    };
    check.test_name(subject)
}

/// How an item's C side is written: C, or C++ for bindgen's C++ output; with the surface's
/// shared kind probes, where the item may use them.
fn c_side<'a>(item: &'a SurfaceItem, probes: Option<&'a Probes>) -> emit::CSide<'a> {
    match &item.cpp {
        None => emit::CSide {
            probes,
            ..emit::CSide::C
        },
        Some(side) => emit::CSide {
            language: ffi_test_protocol::language::Language::Cpp,
            expr: side.expr.as_deref(),
            types: &side.types,
            probes,
        },
    }
}

/// The C name a constant's report shows: for a C++ constant, its expression with each class
/// named by bindgen's qualified name (`ns::Outer::A`) in place of the macro spelling it.
fn shown_c_name(item: &SurfaceItem, c_name: &str) -> String {
    let Some(side) = &item.cpp else {
        return c_name.to_string();
    };
    let mut shown = side.expr.clone().unwrap_or_else(|| c_name.to_string());
    let keys = side
        .types
        .iter()
        .filter_map(|r| ffi_test_protocol::surface::type_of_request(r));
    for key in keys {
        let spelled = ffi_test_protocol::surface::type_macro(key);
        shown = shown.replace(&spelled, key.trim_start_matches("::"));
    }
    shown
}

/// Every check: its functions (the test, and for a layout its description, shared with its C
/// text), named by the item's index, and one static array of entries naming
/// them, registered at once. (Closures in the array would spare the names, but type-checking
/// one initializer with thousands of closures is slow.)
fn expand<'a>(
    items: impl Iterator<Item = (&'a SurfaceItem, &'a String)>,
    errors: &mut Errors,
) -> TokenStream {
    let mut functions = TokenStream::new();
    let mut entries = Vec::new();
    let probes = Probes::default();
    let param = crate::registration::context_param();
    let result = quote!(::core::result::Result<(), ::std::string::String>);
    for (i, (item, test)) in items.enumerate() {
        let Ok(plan) = &item.plan else { continue };
        // An item under `#[cfg]` has its functions and its entry under them too (an array's
        // elements cannot have attributes, so its entry is registered on its own).
        let cfgs = &item.cfgs;
        let shared = cfgs.is_empty().then_some(&probes);
        let mut own = TokenStream::new();
        let expect = item.expect.clone();
        let run = quote::format_ident!("__ffi_test_run_{i}");
        let mut entry = match plan {
            Plan::Layout(model) => {
                let desc = quote::format_ident!("__FFI_TEST_LAYOUT_{i}");
                let render = quote::format_ident!("__ffi_test_c_{i}");
                let (function, entry) =
                    crate::layout::rust_side::surface_parts(model, &desc, [&run, &render], shared);
                own.extend(function);
                entry
            }
            Plan::Function(f, c_name, _) | Plan::FunctionType(f, c_name, _) => {
                let requests = match plan {
                    Plan::FunctionType(_, _, requests) => Some(requests.as_slice()),
                    _ => None,
                };
                let desc = quote::format_ident!("__FFI_TEST_BINDING_{i}");
                let model = FunctionModel::new(f, c_name, plan.abi(), errors);
                let checked = emit::function_check(
                    &model,
                    Form::Surface(c_side(item, shared)),
                    expect,
                    (test.clone(), &desc),
                    requests,
                );
                let (body, description) = (checked.run_body(), checked.description());
                own.extend(quote!(#description fn #run(#param) -> #result { #body }));
                emit::entry(checked)
            }
            Plan::Static(s, c_name) => {
                let desc = quote::format_ident!("__FFI_TEST_BINDING_{i}");
                let model = StaticModel::new(s, c_name);
                let form = Form::Surface(c_side(item, shared));
                let checked = emit::static_check(&model, form, expect, (test.clone(), &desc));
                let (body, description) = (checked.run_body(), checked.description());
                own.extend(quote!(#description fn #run(#param) -> #result { #body }));
                emit::entry(checked)
            }
            Plan::Value(expr, c_name, ty) => {
                let cpp = item.cpp.as_ref().map(|side| {
                    let expr = side.expr.clone().unwrap_or_else(|| c_name.clone());
                    (expr, side.types.clone())
                });
                let args = crate::bindings::value::Args {
                    c_name: syn::LitStr::new(&shown_c_name(item, c_name), Span::call_site()),
                    expect,
                    cpp,
                };
                let facts =
                    crate::bindings::value::facts(expr, &item.rust_name, ty.as_ref(), &args, test);
                let (body, entry) = crate::bindings::value::entry(
                    expr.clone(),
                    &item.rust_name,
                    args,
                    quote!(::core::line!()),
                    test.clone(),
                    TokenStream::new(),
                );
                let entry = crate::registration::Entry { facts, ..entry };
                own.extend(quote! {
                    // A byte-string constant is a reference; its width is not used.
                    #[allow(clippy::size_of_ref)]
                    fn #run(#param) -> #result { #body }
                });
                entry
            }
        };
        entry.run = quote!(#run);
        if cfgs.is_empty() {
            functions.extend(own);
            entries.push(entry);
        } else {
            let submitted = entry.submit();
            functions.extend(quote! {
                #(#cfgs)*
                const _: () = {
                    #own
                    #submitted
                };
            });
        }
    }
    let registered = crate::registration::submit_all(&entries);
    let probes = probes.into_items();
    quote!(#probes #functions #registered)
}
