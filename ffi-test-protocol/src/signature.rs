//! Signature and extern-static checks: the generated C functions, their names, and the layout of
//! the facts they write. The prototypes themselves are read by the runtime through the compiler
//! (`FFI_TEST_SIG_*_<name>` macros it defines); this module names what both sides share.

/// `void ffi_test_sig_facts(unsigned long long *out)`: the facts below.
pub const FACTS_SYMBOL: &str = "ffi_test_sig_facts";
/// `const char *ffi_test_sig_text(void)`: the prototype as text.
pub const TEXT_SYMBOL: &str = "ffi_test_sig_text";
/// `const char *ffi_test_sig_types(void)`: the return and parameter types, `\x1f`-separated.
pub const TYPES_SYMBOL: &str = "ffi_test_sig_types";
/// `void *ffi_test_sig_address(void)`: the function's address as C resolves it.
pub const ADDRESS_SYMBOL: &str = "ffi_test_sig_address";
/// Every symbol of a signature check.
pub const SYMBOLS: [&str; 4] = [FACTS_SYMBOL, TEXT_SYMBOL, TYPES_SYMBOL, ADDRESS_SYMBOL];

/// Facts: `[found, variadic, parameter count, return size, return kind, calling convention,
/// return pointee]`, then per parameter `[size, kind, pointee]` (a pointee: see [`POINTEE_VOID`]).
pub const HEADER: usize = 7;
/// Where the calling convention ([`CDECL`], [`STDCALL`], [`FASTCALL`] or
/// [`UNKNOWN_CONVENTION`]) is among the facts.
pub const AT_CONVENTION: usize = 5;
/// Where what the return type points to is among the facts.
pub const AT_RETURN_POINTEE: usize = 6;
/// Values per parameter after the header.
pub const PER_PARAM: usize = 3;

/// What a data pointer points to, as a facts value: its kind and size packed
/// (`kind::pack_facts(kind, 0, size)`), or one of these. 0: not a data pointer, or not read.
pub const POINTEE_NONE: u64 = 0;
/// A pointer to `void`: anything may stand for what it points to.
pub const POINTEE_VOID: u64 = u64::MAX;
/// A pointer to a struct or union C declares and never defines (an opaque handle): its kind is
/// known, not its size.
pub const POINTEE_INCOMPLETE: u64 = u64::MAX - 1;
/// Parameters reported at most; a function with more is reported as unsupported.
pub const MAX_PARAMS: usize = 32;
/// Values the facts function writes at most.
pub const FACTS_LEN: usize = HEADER + PER_PARAM * MAX_PARAMS;
/// `found`: no prototype was found for the name.
pub const NOT_FOUND: u64 = 0;
/// `found`: the prototype was read.
pub const FOUND: u64 = 1;
/// `found`: the prototype cannot be checked (the text says why).
pub const UNSUPPORTED: u64 = 2;
/// `found`: the prototype was read, and the function is defined `static` where it is declared
/// (a header): it has internal linkage, so no symbol exists for a Rust declaration.
pub const INTERNAL: u64 = 3;

/// A function's calling convention, as both sides name it. Only 32-bit x86 has more than one
/// for C functions; everywhere else every ABI string means the target's C convention.
pub const CDECL: u64 = 0;
/// `__stdcall` (`extern "stdcall"`, and `extern "system"` on 32-bit Windows): the callee pops
/// its arguments.
pub const STDCALL: u64 = 1;
/// `__fastcall` (`extern "fastcall"`): the first two integer arguments in registers.
pub const FASTCALL: u64 = 2;
/// C's convention was not read (clang has no `__builtin_has_attribute`; C++ functions and
/// function-pointer types are not read): not compared.
pub const UNKNOWN_CONVENTION: u64 = 255;

/// How reports name a calling convention.
pub fn convention_name(code: u64) -> &'static str {
    match code {
        CDECL => "the C convention (cdecl)",
        STDCALL => "stdcall",
        FASTCALL => "fastcall",
        _ => "unknown",
    }
}

/// C's calling convention of function `f`, as an expression of the unit (see
/// [`c_support`]).
pub fn c_convention(f: &str) -> String {
    format!("FFI_TEST_CONVENTION({f})")
}

/// The macro [`c_convention`] expands: GCC says whether a declaration carries `stdcall` or
/// `fastcall` (a type attribute, so through a typedef or `WINAPI` too); only 32-bit x86 has them.
pub fn c_support() -> String {
    format!(
        "#if defined(__i386__) && defined(__GNUC__) && !defined(__clang__)\n\
         #define FFI_TEST_CONVENTION(f) (__builtin_has_attribute(f, stdcall) ? {STDCALL} : \
         __builtin_has_attribute(f, fastcall) ? {FASTCALL} : {CDECL})\n\
         #elif defined(__i386__)\n#define FFI_TEST_CONVENTION(f) {UNKNOWN_CONVENTION}\n\
         #else\n#define FFI_TEST_CONVENTION(f) {CDECL}\n#endif\n"
    )
}

/// An extern block's ABI string, as far as the calling convention goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustAbi {
    /// `"C"`, `"cdecl"` (or none).
    C,
    /// `"system"`: stdcall on 32-bit Windows, C elsewhere.
    System,
    /// `"stdcall"`.
    Stdcall,
    /// `"fastcall"`.
    Fastcall,
}

impl RustAbi {
    /// The ABI string's meaning, `-unwind` or not; `None` for one no C prototype can declare.
    pub fn parse(abi: &str) -> Option<RustAbi> {
        Some(match abi.strip_suffix("-unwind").unwrap_or(abi) {
            "C" | "cdecl" => RustAbi::C,
            "system" => RustAbi::System,
            "stdcall" => RustAbi::Stdcall,
            "fastcall" => RustAbi::Fastcall,
            _ => return None,
        })
    }

    /// The variant's name (generated code names it).
    pub fn variant(self) -> &'static str {
        match self {
            RustAbi::C => "C",
            RustAbi::System => "System",
            RustAbi::Stdcall => "Stdcall",
            RustAbi::Fastcall => "Fastcall",
        }
    }

    /// The convention on the target this is compiled for (generated code evaluates it there).
    pub const fn convention(self) -> u64 {
        if !cfg!(target_arch = "x86") {
            return CDECL;
        }
        match self {
            RustAbi::C => CDECL,
            RustAbi::System if cfg!(windows) => STDCALL,
            RustAbi::System => CDECL,
            RustAbi::Stdcall => STDCALL,
            RustAbi::Fastcall => FASTCALL,
        }
    }
}

/// `void ffi_test_static_facts(unsigned long long *out)`: `[size, kind, address]`.
pub const STATIC_SYMBOL: &str = "ffi_test_static_facts";
/// Values the static facts function writes.
pub const STATIC_FACTS_LEN: usize = 3;

/// The facts functions of a signature check of `c_name`, over the macros the runtime defines.
pub fn c_text(c_name: &str) -> String {
    // The facts macros classify types with comma expressions; their "no effect" warnings are
    // the point, not a problem.
    format!(
        "#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored \"-Wunused-value\"\n\
         FFI_TEST_C_LINKAGE void {FACTS_SYMBOL}(unsigned long long *out) {{ FFI_TEST_SIG_FACTS_{c_name}(out); }}\n\
         FFI_TEST_C_LINKAGE const char *{TEXT_SYMBOL}(void) {{ return FFI_TEST_SIG_TEXT_{c_name}; }}\n\
         FFI_TEST_C_LINKAGE const char *{TYPES_SYMBOL}(void) {{ return FFI_TEST_SIG_PARAMS_{c_name}; }}\n\
         FFI_TEST_C_LINKAGE void *{ADDRESS_SYMBOL}(void) {{ return FFI_TEST_SIG_ADDRESS_{c_name}; }}\n\
         #pragma GCC diagnostic pop\n"
    )
}

/// As [`static_c_text`] (or [`unsized_static_c_text`] when `unsized_array`), referencing the static
/// weakly: a static no library defines leaves its address null, reported, instead of making
/// the object fail to load (whole-surface checks, which read every declaration of a file).
pub fn weak_static_c_text(c_name: &str, unsized_array: bool) -> String {
    let text = if unsized_array {
        unsized_static_c_text(c_name)
    } else {
        static_c_text(c_name)
    };
    format!("#pragma weak {c_name}\n{text}")
}

/// As [`static_c_text`], for an array of unknown size (`extern const char v[];`): size 0, as
/// Rust's `[T; 0]` binding has it.
pub fn unsized_static_c_text(c_name: &str) -> String {
    format!(
        "#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored \"-Wunused-value\"\n\
         FFI_TEST_C_LINKAGE void {STATIC_SYMBOL}(unsigned long long *out) {{ out[0] = 0; out[1] = FFI_TEST_KIND({c_name}); \
         out[2] = (unsigned long long)(__UINTPTR_TYPE__)&{c_name}; }}\n#pragma GCC diagnostic pop\n"
    )
}

/// The facts function of an extern-static check of `c_name`. Its size is taken as the room it
/// needs after a `char` in a struct, not by `sizeof`: an array of unknown size
/// (`extern const char v[];`) is then a flexible array member of size 0, where `sizeof` would
/// not compile, so a binding of it as a pointer is reported as such.
pub fn static_c_text(c_name: &str) -> String {
    format!(
        "#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored \"-Wunused-value\"\n\
         FFI_TEST_C_LINKAGE void {STATIC_SYMBOL}(unsigned long long *out) {{ \
         struct ffi_test_room {{ char before; __typeof__({c_name}) it; }}; \
         out[0] = sizeof(struct ffi_test_room) - __builtin_offsetof(struct ffi_test_room, it); out[1] = FFI_TEST_KIND({c_name}); \
         out[2] = (unsigned long long)(__UINTPTR_TYPE__)&{c_name}; }}\n#pragma GCC diagnostic pop\n"
    )
}

/// The facts of a signature check of `c_name` as initialized data named `symbol` (run-free
/// verification): the facts (`symbol`), the prototype (`symbol_text`) and its types
/// (`symbol_types`), from the prelude's `FFI_TEST_SIG_INIT_*` macros. No address: nothing is
/// linked.
pub fn c_static_text(c_name: &str, symbol: &str) -> String {
    format!(
        "FFI_TEST_C_LINKAGE const unsigned long long {symbol}[{FACTS_LEN}] = FFI_TEST_SIG_INIT_{c_name};\n\
         FFI_TEST_C_LINKAGE const char {symbol}_text[] = FFI_TEST_SIG_TEXT_{c_name};\n\
         FFI_TEST_C_LINKAGE const char {symbol}_types[] = FFI_TEST_SIG_PARAMS_{c_name};\n"
    )
}

/// The facts of an extern-static check of `c_name` as initialized data named `symbol`: size
/// (0 for an array of unknown size) and kind; no address.
pub fn static_c_static_text(c_name: &str, symbol: &str, unsized_array: bool) -> String {
    let size = if unsized_array {
        "0".to_string()
    } else {
        format!("sizeof({c_name})")
    };
    format!(
        "FFI_TEST_C_LINKAGE const unsigned long long {symbol}[{STATIC_FACTS_LEN}] = {{ {size}, FFI_TEST_KIND({c_name}), 0 }};\n"
    )
}

/// In a fragment's prototype requests: the function type of a function pointer, as
/// `fntype:<probe>=<C type of the pointer>` (see [`function_type_request`]).
pub const FUNCTION_TYPE_REQUEST: &str = "fntype:";

/// The tag of the parameter a function-type probe gets when C's type is not a pointer to a
/// function (the probe must still declare a function, or the whole prelude would not compile).
pub const NOT_A_FUNCTION_POINTER: &str = "ffi_test_not_a_function_pointer";

const PROBE_PREFIX: &str = "ffi_test_fntype__";
const FIELD_MARK: &str = "__field__";
const PARAM_MARK: &str = "__param__";

/// The name of the function declared with the function type a pointer points to: `owner` is a
/// typedef (`png_rw_ptr`) or a static, or with `field` a record whose member it is
/// (`sqlite3_io_methods.xRead`). Read back by [`function_type_subject`].
pub fn function_type_probe(owner: &str, field: Option<&str>) -> String {
    match field {
        Some(field) => format!("{PROBE_PREFIX}{owner}{FIELD_MARK}{field}"),
        None => format!("{PROBE_PREFIX}{owner}"),
    }
}

/// The probe of the function type of parameter `index` (from 1) of function `function`, whose C
/// type is [`parameter_type`]`(function, index)`.
pub fn function_type_param_probe(function: &str, index: usize) -> String {
    format!("{PROBE_PREFIX}{function}{PARAM_MARK}{index}")
}

/// What a probe made by [`function_type_probe`] or [`function_type_param_probe`] stands for,
/// as a report names it (`` `png_rw_ptr` ``, `` `T.f` ``, ``parameter 3 of `f` ``); `None` for
/// the name of a real function.
pub fn function_type_subject(probe: &str) -> Option<String> {
    let rest = probe.strip_prefix(PROBE_PREFIX)?;
    if let Some((function, index)) = rest.rsplit_once(PARAM_MARK) {
        return Some(format!("parameter {index} of `{function}`"));
    }
    Some(match rest.rsplit_once(FIELD_MARK) {
        Some((owner, field)) => format!("`{owner}.{field}`"),
        None => format!("`{rest}`"),
    })
}

/// In a function-type request, in place of C text: the type of parameter `index` (from 1) of
/// the C function `function`, which C cannot name; the runtime reads it from the function's
/// prototype as the compiler prints it (see [`parse_parameter_type`]).
pub fn parameter_type(function: &str, index: usize) -> String {
    format!("@param {function} {index}")
}

/// `(function, index)` of a C type made by [`parameter_type`].
pub fn parse_parameter_type(c_type: &str) -> Option<(&str, usize)> {
    let (function, index) = c_type.strip_prefix("@param ")?.split_once(' ')?;
    Some((function, index.parse().ok()?))
}

/// The name the prelude's `FFI_TEST_SIG_*_<name>` macros of a prototype request are made under:
/// a function's (`link|rust` requests: the first), or a function type's probe.
pub fn request_macro_name(request: &str) -> &str {
    match parse_function_type_request(request) {
        Some((probe, _)) => probe,
        None => request.split('|').next().unwrap_or(request),
    }
}

/// The request for the function type of the C pointer type `c_type` (C text), under `probe`.
pub fn function_type_request(probe: &str, c_type: &str) -> String {
    format!("{FUNCTION_TYPE_REQUEST}{probe}={c_type}")
}

/// `(probe, C type)` of a request made by [`function_type_request`].
pub fn parse_function_type_request(request: &str) -> Option<(&str, &str)> {
    request.strip_prefix(FUNCTION_TYPE_REQUEST)?.split_once('=')
}

/// The declaration that makes the compiler print the function type `c_type` points to as a
/// prototype of `probe` (a type-only expression: nothing is evaluated). Needs the kind macros
/// of [`crate::kind::c_support`]. `c_type` may be a function type itself (`typedef int
/// handler_t(void *)`, which bindgen binds as a function pointer): the comma expression adjusts
/// it to its pointer, as a parameter's type would be.
pub fn function_type_probe_c(probe: &str, c_type: &str) -> String {
    format!(
        "extern __typeof__(*__builtin_choose_expr(FFI_TEST_IS_FN_PTR((0, *({c_type} *)0)), \
         (0, *({c_type} *)0), (void (*)(struct {NOT_A_FUNCTION_POINTER} *))0)) {probe};"
    )
}

/// [`function_type_probe_c`] for a `c_type` that is a typedef of a function type, which GCC's
/// `-aux-info` prints by the typedef's name (`extern handler_t probe;`), never as a prototype:
/// the type is made afresh as the composite of its pointer and an unprototyped pointer to a
/// function returning what a call with `arity` arguments returns. Only the arity C's type has
/// compiles (any from its fixed count up for a variadic one).
pub fn function_type_arity_probe_c(probe: &str, c_type: &str, arity: usize) -> String {
    let args = vec!["0"; arity].join(", ");
    format!(
        "extern __typeof__(*(1 ? (0, *({c_type} *)0) : \
         (__typeof__((*({c_type} *)0)({args})) (*)())0)) {probe};"
    )
}

/// The name of [`function_type_arity_probe_c`]'s probe for `probe` and `arity`.
pub fn function_type_arity_probe(probe: &str, arity: usize) -> String {
    format!("{probe}__arity{arity}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abi_strings_read_as_conventions() {
        assert_eq!(RustAbi::parse("system-unwind"), Some(RustAbi::System));
        assert_eq!(RustAbi::parse("cdecl"), Some(RustAbi::C));
        assert_eq!(RustAbi::parse("win64"), None);
        assert_eq!(RustAbi::parse("Rust"), None);
        // Off 32-bit x86 every ABI string is the C convention.
        if !cfg!(target_arch = "x86") {
            assert!([
                RustAbi::C,
                RustAbi::System,
                RustAbi::Stdcall,
                RustAbi::Fastcall
            ]
            .iter()
            .all(|abi| abi.convention() == CDECL));
        }
    }

    #[test]
    fn function_type_names_round_trip() {
        let typedef = function_type_probe("png_rw_ptr", None);
        assert_eq!(
            function_type_subject(&typedef).as_deref(),
            Some("`png_rw_ptr`")
        );
        let param = function_type_param_probe("sqlite3_exec", 3);
        assert_eq!(
            function_type_subject(&param).as_deref(),
            Some("parameter 3 of `sqlite3_exec`")
        );
        assert_eq!(
            parse_parameter_type(&parameter_type("sqlite3_exec", 3)),
            Some(("sqlite3_exec", 3))
        );
        assert_eq!(parse_parameter_type("png_rw_ptr"), None);
        let field = function_type_probe("sqlite3_io_methods", Some("xRead"));
        assert_eq!(
            function_type_subject(&field).as_deref(),
            Some("`sqlite3_io_methods.xRead`")
        );
        assert_eq!(function_type_subject("png_read_info"), None);
        let request = function_type_request(&field, "__typeof__(((T *)0)->xRead)");
        assert_eq!(
            parse_function_type_request(&request),
            Some((field.as_str(), "__typeof__(((T *)0)->xRead)"))
        );
        assert_eq!(request_macro_name(&request), field);
        assert_eq!(
            request_macro_name("__isoc99_fscanf|fscanf"),
            "__isoc99_fscanf"
        );
    }
}
