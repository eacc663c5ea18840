//! The validated model of one `#[ffi_test]` fn: everything both emitters need, no tokens left to check.

use syn::{Ident, ItemFn, LitStr, ReturnType};

use super::attr::TestArgs;
use super::c_binding::{take_extern_fns, BoundFn};
use crate::syntax::errors::Errors;
use ffi_test_protocol::language::Language;
use ffi_test_protocol::naming;

pub struct TestModel {
    /// The user's fn; with a C body, its top-level `extern` blocks have been removed.
    pub func: ItemFn,
    pub args: TestArgs,
    pub c: Option<CBody>,
}

/// Where a test's C (or C++) body is: written in the attribute, or a file of the package.
pub enum CSource {
    Text(LitStr),
    /// Relative to the package (`CARGO_MANIFEST_DIR`), as `check_surface!`'s `file =`.
    File(LitStr),
}

impl CSource {
    /// The literal that gives it.
    pub fn literal(&self) -> &LitStr {
        match self {
            CSource::Text(lit) | CSource::File(lit) => lit,
        }
    }
}

pub struct CBody {
    pub language: Language,
    pub source: CSource,
    pub headers: Vec<LitStr>,
    pub functions: Vec<BoundFn>,
}

impl TestModel {
    pub fn name(&self) -> &Ident {
        &self.func.sig.ident
    }

    /// Checks the fn against everything `#[ffi_test]` needs, collecting every error.
    pub fn new(mut func: ItemFn, args: TestArgs) -> syn::Result<TestModel> {
        let mut errors = Errors::default();
        let sig = &func.sig;
        if let Some(a) = &sig.asyncness {
            errors.error(a, "#[ffi_test] fns cannot be async: drive the future with a runtime inside a plain fn");
        }
        if let Some(c) = &sig.constness {
            errors.error(c, "#[ffi_test] fns cannot be const");
        }
        if let Some(u) = &sig.unsafety {
            errors.error(
                u,
                "#[ffi_test] fns cannot be unsafe: put `unsafe { }` blocks inside the body",
            );
        }
        if let Some(abi) = &sig.abi {
            errors.error(abi, "#[ffi_test] fns use the Rust ABI; remove the `extern`");
        }
        if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
            errors.error(&sig.generics, "#[ffi_test] fns cannot be generic");
        }
        if !sig.inputs.is_empty() {
            errors.error(
                &sig.inputs,
                "#[ffi_test] fns take no parameters: the harness calls them with none",
            );
        }
        if let Some(v) = &sig.variadic {
            errors.error(v, "#[ffi_test] fns take no parameters");
        }
        if args.legacy_name.is_none() {
            let name = crate::syntax::items::unraw(&sig.ident);
            if let Err(problem) = naming::check(&name) {
                errors.error(&sig.ident, problem.message(&name));
            }
        }
        if args.should_panic.is_some() {
            if let ReturnType::Type(_, ty) = &sig.output {
                errors.error(
                    ty,
                    "a `should_panic` test must return `()`, as with #[test]",
                );
            }
        }
        if let (Some(_), Some(file)) = (&args.c, &args.c_file) {
            errors.error(
                file,
                "a test has one C body: `c = r#\"..\"#` or `c_file = \"..\"`, not both",
            );
        }
        let bodies: Vec<(Language, CSource)> = [
            (Language::C, args.c.clone().map(CSource::Text)),
            (Language::C, args.c_file.clone().map(CSource::File)),
            (Language::Cpp, args.cpp.clone().map(CSource::Text)),
            (Language::Cpp, args.cpp_file.clone().map(CSource::File)),
        ]
        .into_iter()
        .filter_map(|(language, source)| Some((language, source?)))
        .collect();
        // `c` with `c_file` is said above.
        if args.c.is_none() || args.c_file.is_none() {
            if let Some((_, second)) = bodies.get(1) {
                errors.error(
                    second.literal(),
                    "a test has one native body: `c`, `c_file`, `cpp` or `cpp_file`, not two",
                );
            }
        }
        if bodies.is_empty() {
            if let Some(first) = args.headers.first() {
                errors.error(
                    first,
                    "`headers` only applies to a test with a C or C++ body (`c = ...`, `cpp = ...`)",
                );
            }
        }
        let c = bodies.into_iter().next().map(|(language, source)| {
            let functions = take_extern_fns(&mut func.block.stmts, &mut errors);
            CBody {
                language,
                source,
                headers: args.headers.clone(),
                functions,
            }
        });
        errors.finish(TestModel { func, args, c })
    }
}
