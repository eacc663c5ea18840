//! Extern fn signatures and extern statics against C: each parameter's and the return's size
//! and kind, the parameter count, variadic-ness, and that Rust and C resolve the same symbol.

use std::ffi::{c_char, c_void, CStr};
use std::fmt::Write;

use super::kind::{CKind, Kind};
use crate::registry::context::TestContext;

use ffi_test_protocol::signature::{
    self as protocol, FACTS_SYMBOL, STATIC_SYMBOL, TEXT_SYMBOL, TYPES_SYMBOL,
};

/// A parameter or return type as Rust declares it.
#[derive(Debug, Clone)]
pub struct RustType {
    /// The type as written, for reports.
    pub text: &'static str,
    /// `size_of` the type.
    pub size: usize,
    /// Its kind.
    pub kind: Kind,
    /// What it points to, where it is written as a pointer (`*mut T`, `&T`, `Option<&T>`,
    /// `NonNull<T>`).
    pub pointee: Pointee,
}

/// What a pointer type points to, as its declaration writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointee {
    /// Not written as a pointer (a type alias of one says nothing of its target), or not read.
    Unknown,
    /// `c_void`: a pointer to anything.
    Void,
    /// A type of this kind and size.
    Of(Kind, usize),
}

impl Pointee {
    /// The pointee a facts record holds (see [`RustType::record_pointee`]).
    pub fn from_record(code: u64) -> Pointee {
        match code {
            protocol::POINTEE_NONE | protocol::POINTEE_INCOMPLETE => Pointee::Unknown,
            protocol::POINTEE_VOID => Pointee::Void,
            packed => {
                let (kind, _, size) = ffi_test_protocol::kind::unpack_facts(packed);
                Pointee::Of(Kind::from_rust(kind), size as usize)
            }
        }
    }
}

impl RustType {
    /// The facts of `T`, written `text` in the declaration.
    pub const fn of<T: CKind>(text: &'static str) -> RustType {
        RustType {
            text,
            size: std::mem::size_of::<T>(),
            kind: T::KIND,
            pointee: Pointee::Unknown,
        }
    }

    /// The facts of `T`, whose kind facts came from the const probes
    /// ([`choose`](super::probe::choose)), so `T` may be another crate's type.
    pub const fn probed<T>(text: &'static str, (kind, _): super::probe::KindFacts) -> RustType {
        RustType {
            text,
            size: std::mem::size_of::<T>(),
            kind,
            pointee: Pointee::Unknown,
        }
    }

    /// The same type, written as a pointer to a `P` of kind facts `facts` (the const probes').
    pub const fn pointing_to<P>(self, (kind, _): super::probe::KindFacts) -> RustType {
        RustType {
            pointee: Pointee::Of(kind, std::mem::size_of::<P>()),
            ..self
        }
    }

    /// The same type, written as a pointer to `c_void`.
    pub const fn pointing_to_void(self) -> RustType {
        RustType {
            pointee: Pointee::Void,
            ..self
        }
    }

    /// `()`: no return value (C `void`).
    pub const fn unit() -> RustType {
        RustType {
            text: "()",
            size: 0,
            kind: Kind::Other,
            pointee: Pointee::Unknown,
        }
    }

    /// `!`: the function does not return (C `void`, usually `noreturn`).
    pub const fn never() -> RustType {
        RustType {
            text: "!",
            ..RustType::unit()
        }
    }

    /// The kind as a facts record holds it.
    pub const fn record_kind(&self) -> u64 {
        self.kind as u64
    }

    /// The pointee as a facts record holds it (as C's facts do: `signature::POINTEE_*`, or the
    /// pointee's kind facts); read back by [`Pointee::from_record`].
    pub const fn record_pointee(&self) -> u64 {
        match self.pointee {
            Pointee::Unknown => protocol::POINTEE_NONE,
            Pointee::Void => protocol::POINTEE_VOID,
            Pointee::Of(kind, size) => {
                ffi_test_protocol::kind::pack_facts(kind as u64, 0, size as u64)
            }
        }
    }
}

/// A function as the Rust declaration has it: the one description of a signature check, a
/// `static` the macros emit, which the running check reads and the facts records of run-free
/// verification are written from (and `cargo ffi-test verify` decodes them into).
#[derive(Debug, Clone)]
pub struct RustSignature {
    /// The C name (`link_name`, or the Rust name).
    pub name: &'static str,
    /// Each parameter's name as written (or `#N`) and type.
    pub params: &'static [(&'static str, RustType)],
    /// The return type ([`RustType::unit`] for none).
    pub ret: RustType,
    /// Declared with `...`.
    pub variadic: bool,
    /// Its calling convention on this target (`ffi_test_protocol::signature::RustAbi`).
    pub convention: u64,
}

/// Reads a C string returned by the generated functions.
fn c_text(get: &dyn Fn(&str) -> Result<*const (), String>, symbol: &str) -> String {
    let Ok(address) = get(symbol) else {
        return String::new();
    };
    // SAFETY: the generated function is `const char *f(void)`, returning a string literal.
    let f = unsafe {
        std::mem::transmute::<*const (), unsafe extern "C" fn() -> *const c_char>(address)
    };
    // SAFETY: string literals are NUL-terminated and static.
    unsafe { CStr::from_ptr(f()) }
        .to_string_lossy()
        .into_owned()
}

/// The symbols of the running test's C side.
fn symbols_of(ctx: &dyn TestContext) -> impl Fn(&str) -> Result<*const (), String> + '_ {
    move |symbol| ctx.c_symbol(symbol)
}

/// Runs one signature test: Rust's declaration resolves to `address`.
pub fn run_signature(
    ctx: &dyn TestContext,
    rust: &RustSignature,
    address: usize,
) -> Result<(), String> {
    compare(rust, address, &symbols_of(ctx))
}

/// Runs one extern-static test: Rust's declaration resolves to `address`.
pub fn run_static(ctx: &dyn TestContext, rust: &RustStatic, address: usize) -> Result<(), String> {
    if let Some(not_checked) = super::unresolved(ctx, ctx.entry().name) {
        return Err(not_checked);
    }
    compare_static(rust, address, &symbols_of(ctx))
}

/// Compares `rust` (resolved to `address`) with the C prototype's facts, read through `get`
/// (the test's symbols).
pub fn compare(
    rust: &RustSignature,
    address: usize,
    get: &dyn Fn(&str) -> Result<*const (), String>,
) -> Result<(), String> {
    let facts_fn = get(FACTS_SYMBOL)?;
    // SAFETY: the generated facts function writes at most protocol::FACTS_LEN values.
    let facts_fn =
        unsafe { std::mem::transmute::<*const (), unsafe extern "C" fn(*mut u64)>(facts_fn) };
    let mut c = [0u64; protocol::FACTS_LEN];
    // SAFETY: `c` has room for every value written.
    unsafe { facts_fn(c.as_mut_ptr()) };
    let text = c_text(get, TEXT_SYMBOL);
    let types = c_text(get, TYPES_SYMBOL);
    let c_address = get(protocol::ADDRESS_SYMBOL).ok().map(|address| {
        // SAFETY: the generated function is `void *f(void)`, declared here with that type.
        let f = unsafe {
            std::mem::transmute::<*const (), unsafe extern "C" fn() -> *const c_void>(address)
        };
        // SAFETY: it returns the C address of the function; no arguments.
        (unsafe { f() }) as usize
    });
    compare_facts(rust, &c, &text, &types, c_address.map(|c| (address, c)))
}

/// Compares `rust` with C's facts (`c`, as the facts function writes them), prototype `text`
/// and `types`, and, where known, the addresses Rust and C resolve the function to (run-free
/// verification has none: nothing is loaded).
pub fn compare_facts(
    rust: &RustSignature,
    c: &[u64],
    text: &str,
    types: &str,
    addresses: Option<(usize, usize)>,
) -> Result<(), String> {
    compare_facts_by("Rust", rust, c, text, types, addresses)
}

/// As [`compare_facts`], for a declaration made in another language (`side`: `ctypes` for
/// a ctypes function's argtypes and restype), named so in the report.
pub fn compare_facts_by(
    side: &str,
    rust: &RustSignature,
    c: &[u64],
    text: &str,
    types: &str,
    addresses: Option<(usize, usize)>,
) -> Result<(), String> {
    // A function pointer's function type (a typedef's, a member's): no symbol, no address.
    let function_type = protocol::function_type_subject(rust.name);
    match c[0] {
        protocol::UNSUPPORTED if function_type.is_some() => {
            let subject = function_type.unwrap_or_default();
            return Err(format!("function type of {subject} cannot be compared: {text}"));
        }
        // A C++ symbol no declaration has: the C side says which (`cside::cpp_prelude`).
        protocol::NOT_FOUND if !text.is_empty() => {
            return Err(format!("`{}` does not match C++: {text}", rust.name))
        }
        protocol::NOT_FOUND => {
            return Err(format!(
                "`{}` has no C prototype in the headers this test binary includes (ffi_test::main! headers): \
                 is it declared, and spelled the same?",
                rust.name
            ))
        }
        protocol::UNSUPPORTED => return Err(format!("`{}` cannot be checked: {text}", rust.name)),
        _ => {}
    }
    let c_types: Vec<&str> = types.split('\u{1f}').collect();
    let (variadic, count) = (c[1] == 1, c[2] as usize);
    let mut problems = Vec::new();
    if rust.variadic != variadic {
        problems.push(format!(
            "C is {}variadic, {side} declares it {}variadic",
            if variadic { "" } else { "not " },
            if rust.variadic { "" } else { "not " }
        ));
    }
    if rust.params.len() != count {
        problems.push(format!(
            "C takes {count} parameter{}, {side} declares {}",
            if count == 1 { "" } else { "s" },
            rust.params.len()
        ));
    }
    let c_convention = c.get(protocol::AT_CONVENTION).copied();
    if let Some(c_convention) =
        c_convention.filter(|&cc| cc != protocol::UNKNOWN_CONVENTION && cc != rust.convention)
    {
        problems.push(format!(
            "calling convention: {side} declares {}, C {}",
            protocol::convention_name(rust.convention),
            protocol::convention_name(c_convention)
        ));
    }
    let describe = |size: u64, kind: Kind| format!("{}, {}", bytes(size), kind.name());
    let (c_ret_size, c_ret_kind) = (c[3], c[4]);
    let c_ret_text = c_types.first().copied().unwrap_or("?");
    let ret_agrees = if c_ret_kind == 0 {
        rust.ret.size == 0
    } else {
        rust.ret.size as u64 == c_ret_size && rust.ret.kind.matches_c(Kind::from_c(c_ret_kind))
    };
    let c_ret_pointee = c.get(protocol::AT_RETURN_POINTEE).copied().unwrap_or(0);
    if let (true, Some((rust_side, c_side))) =
        (ret_agrees, pointee_problem(&rust.ret, c_ret_pointee))
    {
        problems.push(format!(
            "return: {side} `{}` points to {rust_side}, C `{c_ret_text}` to {c_side}",
            rust.ret.text
        ));
    }
    if !ret_agrees {
        let c_side = if c_ret_kind == 0 {
            "`void`".to_string()
        } else {
            format!(
                "`{c_ret_text}` ({})",
                describe(c_ret_size, Kind::from_c(c_ret_kind))
            )
        };
        problems.push(format!(
            "return: {side} `{}` ({}), C {c_side}",
            rust.ret.text,
            if rust.ret.size == 0 {
                "nothing".to_string()
            } else {
                describe(rust.ret.size as u64, rust.ret.kind)
            }
        ));
    }
    for (i, (name, ty)) in rust.params.iter().enumerate().take(count) {
        let at = protocol::HEADER + protocol::PER_PARAM * i;
        let (size, kind) = (c[at], Kind::from_c(c[at + 1]));
        let c_text = c_types.get(i + 1).copied().unwrap_or("?");
        if ty.size as u64 != size || !ty.kind.matches_c(kind) {
            problems.push(format!(
                "parameter {} (`{name}`): {side} `{}` ({}), C `{c_text}` ({})",
                i + 1,
                ty.text,
                describe(ty.size as u64, ty.kind),
                describe(size, kind)
            ));
        } else if let Some((rust_side, c_side)) = pointee_problem(ty, c[at + 2]) {
            problems.push(format!(
                "parameter {} (`{name}`): {side} `{}` points to {rust_side}, C `{c_text}` to {c_side}",
                i + 1,
                ty.text,
            ));
        }
    }
    if let Some((rust_address, c_address)) = addresses.filter(|_| function_type.is_none()) {
        // Rust's address is 0 when a whole-surface check finds no dynamically visible
        // definition while C has its own (a hidden one linked from a static archive, as
        // glibc's `pthread_atfork`): there is no second symbol to tell apart.
        if c_address == 0 {
            problems.push(format!(
                "no loaded object exports `{}`: C declares it, but no library this binary links \
                 defines it (declared but not exported; a static library contributes only what \
                 Rust references unless linked whole: `cargo:rustc-link-lib=static:+whole-archive=NAME`)",
                rust.name
            ));
        } else if rust_address != 0 && c_address != rust_address {
            problems.push(format!(
                "Rust's `{}` is at {rust_address:#x}, C's at {c_address:#x}: they are different symbols (a second copy of the library, or another function under that name)",
                rust.name
            ));
        }
    }
    // Whether a library exports it is a fact of the link, which only a run has (`addresses`):
    // a C runtime may export what its headers define inline (mingw-w64's `printf`).
    if c[0] == protocol::INTERNAL && addresses.is_some() {
        problems.push(format!(
            "C defines `{}` `static` in a header (internal linkage): no library exports it, so \
             Rust's declaration has nothing to link to",
            rust.name
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let long_double = |ty: &RustType, size: u64, kind: Kind| {
        ty.size == 16 && size == 16 && kind == Kind::Float && ty.kind != Kind::Float
    };
    let stands_in = long_double(&rust.ret, c_ret_size, Kind::from_c(c_ret_kind))
        || rust
            .params
            .iter()
            .enumerate()
            .take(count)
            .any(|(i, (_, ty))| {
                let at = protocol::HEADER + protocol::PER_PARAM * i;
                long_double(ty, c[at], Kind::from_c(c[at + 1]))
            });
    if stands_in {
        problems.push(
            "note: bindgen binds `long double` as a 16-byte integer: the sizes agree, but C passes \
             a `long double` in memory and Rust an integer in registers, so calls through this \
             binding are wrong"
                .to_string(),
        );
    }
    let mut out = match &function_type {
        Some(subject) => format!("function type of {subject} does not match C `{text}`:\n"),
        None => format!("signature of `{}` does not match C `{text}`:\n", rust.name),
    };
    for p in problems {
        let _ = writeln!(out, "  {p}");
    }
    Err(out)
}

/// What `rust` points to and what C's pointee `c` (a facts value, `protocol::POINTEE_*`) is, in
/// words, where they disagree: a pointer to a pointer bound as a pointer to data (`T **` as
/// `*mut T`), an integer of another size or sign (`const wchar_t *` as `*const u16`, `unsigned
/// char *` as `*const c_char`), a float for an integer, data for a struct. A pointer to `void`
/// on either side, or a pointee either side does not know, agrees with anything; so does a
/// struct with a struct, whatever its size, a Rust pointer to bytes with a struct, and an
/// opaque (zero-sized) Rust stand-in with any data but a pointer.
fn pointee_problem(rust: &RustType, c: u64) -> Option<(String, String)> {
    let Pointee::Of(kind, size) = rust.pointee else {
        return None;
    };
    if kind == Kind::Array {
        return None; // a pointer to a Rust array may stand for one to its first element
    }
    let pointer = |k: Kind| matches!(k, Kind::Pointer | Kind::FnPointer);
    let aggregate = |k: Kind| matches!(k, Kind::Record | Kind::Union | Kind::Foreign);
    // Bytes (`*const u8`, `*mut c_char`) stand for any object, as C's `char *` may point into
    // one: a binding that passes a struct as its bytes is no wrong type.
    let bytes_of_anything = matches!(kind, Kind::SignedInt | Kind::UnsignedInt) && size == 1;
    let rust_side = || match aggregate(kind) {
        // An opaque stand-in's size (0) says nothing.
        true => kind.name().to_string(),
        false => format!("{} ({})", kind.name(), bytes(size as u64)),
    };
    match c {
        protocol::POINTEE_NONE | protocol::POINTEE_VOID => None,
        protocol::POINTEE_INCOMPLETE => {
            (!aggregate(kind) && kind != Kind::Other && !bytes_of_anything).then(|| {
                (
                    rust_side(),
                    "a struct or union it declares and never defines".to_string(),
                )
            })
        }
        packed => {
            let (c_code, _, c_size) = ffi_test_protocol::kind::unpack_facts(packed);
            let c_kind = Kind::from_c(c_code);
            // A zero-sized struct or enum (`pub enum fpos_t {}`, bindgen's `_unused: [u8; 0]`)
            // is an opaque stand-in: it stands for any data but a pointer.
            let opaque = aggregate(kind) && size == 0;
            let agrees = match c_kind {
                _ if pointer(c_kind) => pointer(kind),
                _ if opaque => true,
                Kind::Record | Kind::Union => {
                    aggregate(kind) || kind == Kind::Other || bytes_of_anything
                }
                Kind::SignedInt | Kind::UnsignedInt | Kind::Bool | Kind::Float => {
                    kind.matches_c(c_kind) && size as u64 == c_size
                }
                // An array, an enum or a kind C does not name: not compared.
                _ => true,
            };
            (!agrees).then(|| {
                (
                    rust_side(),
                    format!("{} ({})", c_kind.name(), bytes(c_size)),
                )
            })
        }
    }
}

/// An extern static as Rust declares it: the one description of its check (see
/// [`RustSignature`]).
#[derive(Debug, Clone)]
pub struct RustStatic {
    /// The C name.
    pub name: &'static str,
    /// Its declared type.
    pub ty: RustType,
}

/// Compares an extern static's size, kind and address (Rust's: `address`) with C's.
pub fn compare_static(
    rust: &RustStatic,
    address: usize,
    get: &dyn Fn(&str) -> Result<*const (), String>,
) -> Result<(), String> {
    let f = get(STATIC_SYMBOL)?;
    // SAFETY: the generated function writes protocol::STATIC_FACTS_LEN values.
    let f = unsafe { std::mem::transmute::<*const (), unsafe extern "C" fn(*mut u64)>(f) };
    let mut c = [0u64; protocol::STATIC_FACTS_LEN];
    // SAFETY: room for every value written.
    unsafe { f(c.as_mut_ptr()) };
    compare_static_facts(rust, &c, Some((address, c[2] as usize)))
}

/// Compares an extern static with C's facts; the addresses Rust and C resolve it to where known
/// (not without running).
pub fn compare_static_facts(
    rust: &RustStatic,
    c: &[u64],
    addresses: Option<(usize, usize)>,
) -> Result<(), String> {
    let kind = Kind::from_c(c[1]);
    let mut problems = Vec::new();
    if rust.ty.size as u64 != c[0] || !rust.ty.kind.matches_c(kind) {
        let c_side = if kind == Kind::Array && c[0] == 0 {
            "an array of unknown size".to_string()
        } else {
            format!("{}, {}", bytes(c[0]), kind.name())
        };
        let mut problem = format!(
            "type: Rust `{}` ({}, {}), C ({c_side})",
            rust.ty.text,
            bytes(rust.ty.size as u64),
            rust.ty.kind.name(),
        );
        if kind == Kind::Array && rust.ty.kind == Kind::Pointer {
            problem.push_str(
                "\n  hint: C's static is the array itself, and its name the address of its first element; \
                 Rust reading it as a pointer takes the array's first bytes for an address: bind it as \
                 `[T; N]` (`[T; 0]` when C gives no size) and take `.as_ptr()`",
            );
        }
        problems.push(problem);
    }
    match addresses {
        None => {}
        Some((_, 0)) => problems.push(format!(
            "no loaded object exports `{}`: C declares it, but no library this binary links \
             defines it (declared but not exported)",
            rust.name
        )),
        Some((rust_address, address)) if address != rust_address => problems.push(format!(
            "Rust's `{}` is at {rust_address:#x}, C's at {address:#x}: different symbols",
            rust.name
        )),
        Some(_) => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "extern static `{}` does not match C:\n  {}\n",
            rust.name,
            problems.join("\n  ")
        ))
    }
}

/// A size in words: `1 byte`, `4 bytes`.
fn bytes(size: u64) -> String {
    if size == 1 {
        "1 byte".to_string()
    } else {
        format!("{size} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_test_protocol::kind as code;

    fn ty(text: &'static str, size: usize, kind: Kind) -> RustType {
        RustType {
            text,
            size,
            kind,
            pointee: Pointee::Unknown,
        }
    }

    /// `int f(int, long)` as Rust declares it, with the given second parameter.
    fn f(second: RustType) -> RustSignature {
        RustSignature {
            name: "f",
            params: vec![("a", ty("c_int", 4, Kind::SignedInt)), ("b", second)].leak(),
            ret: ty("c_int", 4, Kind::SignedInt),
            variadic: false,
            convention: protocol::CDECL,
        }
    }

    /// C's facts for `int f(int, long)`.
    const C_F: [u64; 13] = [
        protocol::FOUND,
        0,
        2,
        4,
        code::SIGNED_INT,
        protocol::CDECL,
        protocol::POINTEE_NONE,
        4,
        code::SIGNED_INT,
        protocol::POINTEE_NONE,
        8,
        code::SIGNED_INT,
        protocol::POINTEE_NONE,
    ];
    const TYPES: &str = "int\u{1f}int\u{1f}long";

    #[test]
    fn an_agreeing_signature_passes_and_each_difference_is_named() {
        let long = ty("c_long", 8, Kind::SignedInt);
        assert_eq!(
            compare_facts(
                &f(long),
                &C_F,
                "int f(int, long)",
                TYPES,
                Some((0x1000, 0x1000))
            ),
            Ok(())
        );
        let short = ty("c_short", 2, Kind::SignedInt);
        assert_eq!(
            compare_facts(&f(short), &C_F, "int f(int, long)", TYPES, Some((0x1000, 0x1000))),
            Err("signature of `f` does not match C `int f(int, long)`:\n  \
                 parameter 2 (`b`): Rust `c_short` (2 bytes, signed int), C `long` (8 bytes, signed int)\n"
                .to_string())
        );
        let mut variadic = f(ty("c_long", 8, Kind::SignedInt));
        variadic.variadic = true;
        variadic.params = &variadic.params[..1];
        let report = compare_facts(&variadic, &C_F, "int f(int, long)", TYPES, None).unwrap_err();
        assert!(
            report.contains("  C is not variadic, Rust declares it variadic\n"),
            "{report}"
        );
        assert!(
            report.contains("  C takes 2 parameters, Rust declares 1\n"),
            "{report}"
        );
    }

    /// 32-bit x86's conventions: a C `__stdcall` function bound `extern "C"` (or the reverse)
    /// is named; a convention C's compiler could not say (clang) is not compared.
    #[test]
    fn a_calling_convention_that_differs_is_named() {
        let long = || ty("c_long", 4, Kind::SignedInt);
        let mut stdcall = C_F;
        stdcall[protocol::AT_CONVENTION] = protocol::STDCALL;
        stdcall[protocol::HEADER + protocol::PER_PARAM] = 4;
        assert_eq!(
            compare_facts(&f(long()), &stdcall, "int f(int, long)", TYPES, None),
            Err("signature of `f` does not match C `int f(int, long)`:\n  \
                 calling convention: Rust declares the C convention (cdecl), C stdcall\n"
                .to_string())
        );
        let mut system = f(long());
        system.convention = protocol::STDCALL;
        assert_eq!(
            compare_facts(&system, &stdcall, "int f(int, long)", TYPES, None),
            Ok(())
        );
        let mut unknown = stdcall;
        unknown[protocol::AT_CONVENTION] = protocol::UNKNOWN_CONVENTION;
        assert_eq!(
            compare_facts(&f(long()), &unknown, "int f(int, long)", TYPES, None),
            Ok(())
        );
    }

    #[test]
    fn a_missing_prototype_or_another_symbol_is_said_so() {
        let mut missing = C_F;
        missing[0] = protocol::NOT_FOUND;
        let rust = f(ty("c_long", 8, Kind::SignedInt));
        assert!(compare_facts(&rust, &missing, "", "", None)
            .unwrap_err()
            .starts_with("`f` has no C prototype in the headers"));
        let report = compare_facts(
            &rust,
            &C_F,
            "int f(int, long)",
            TYPES,
            Some((0x1000, 0x2000)),
        )
        .unwrap_err();
        assert!(
            report.contains("Rust's `f` is at 0x1000, C's at 0x2000: they are different symbols"),
            "{report}"
        );
        // Run-free verification knows no address: nothing is said about one.
        assert_eq!(
            compare_facts(&rust, &C_F, "int f(int, long)", TYPES, None),
            Ok(())
        );
    }

    #[test]
    fn bindgens_long_double_stand_in_gets_its_note() {
        let mut c = C_F;
        let second = protocol::HEADER + protocol::PER_PARAM;
        (c[second], c[second + 1]) = (16, code::FLOAT);
        let rust = f(ty("u128", 16, Kind::UnsignedInt));
        let report = compare_facts(&rust, &c, "int f(int, long double)", TYPES, None).unwrap_err();
        assert!(
            report.contains("note: bindgen binds `long double` as a 16-byte integer"),
            "{report}"
        );
    }

    #[test]
    fn a_static_array_read_as_a_pointer_gets_the_hint() {
        let rust = RustStatic {
            name: "table",
            ty: ty("*const c_int", 8, Kind::Pointer),
        };
        let report = compare_static_facts(&rust, &[0, code::ARRAY], None).unwrap_err();
        assert!(
            report.starts_with(
                "extern static `table` does not match C:\n  \
                 type: Rust `*const c_int` (8 bytes, pointer), C (an array of unknown size)\n  \
                 hint: C's static is the array itself"
            ),
            "{report}"
        );
        let same = RustStatic {
            ty: ty("[c_int; 4]", 16, Kind::Array),
            ..rust
        };
        assert_eq!(
            compare_static_facts(&same, &[16, code::ARRAY], Some((0x10, 0x10))),
            Ok(())
        );
        assert!(
            compare_static_facts(&same, &[16, code::ARRAY], Some((0x10, 0)))
                .unwrap_err()
                .contains("no loaded object exports `table`")
        );
    }

    /// What a pointer points to: each disagreement named, each leniency kept.
    #[test]
    fn pointees_that_disagree_are_named() {
        let to = |kind, size| RustType {
            pointee: Pointee::Of(kind, size),
            ..ty("*mut T", 8, Kind::Pointer)
        };
        let c = |kind, size| code::pack_facts(kind, 0, size);
        let said = |rust: RustType, c: u64| pointee_problem(&rust, c);
        // `char **` as `*mut c_char`.
        assert_eq!(
            said(to(Kind::SignedInt, 1), c(code::POINTER, 8)),
            Some(("signed int (1 byte)".into(), "pointer (8 bytes)".into()))
        );
        // `const unsigned char *` as `*const c_char`; `const wchar_t *` as `*const u16`.
        assert!(said(to(Kind::SignedInt, 1), c(code::UNSIGNED_INT, 1)).is_some());
        assert!(said(to(Kind::UnsignedInt, 2), c(code::SIGNED_INT, 4)).is_some());
        // A handle: `T **` as `*mut T` (an opaque stand-in), and `T *` as `*mut *mut T`.
        assert!(said(to(Kind::Record, 0), c(code::POINTER, 8)).is_some());
        assert_eq!(
            said(to(Kind::Pointer, 8), protocol::POINTEE_INCOMPLETE),
            Some((
                "pointer (8 bytes)".into(),
                "a struct or union it declares and never defines".into()
            ))
        );
        // Agreeing: the same integer, a struct for a struct of another size, an opaque
        // stand-in for an integer, void on either side, a pointee unknown on either side.
        assert_eq!(
            said(to(Kind::UnsignedInt, 1), c(code::UNSIGNED_INT, 1)),
            None
        );
        assert_eq!(said(to(Kind::Record, 16), c(code::RECORD, 24)), None);
        assert_eq!(said(to(Kind::Foreign, 0), c(code::SIGNED_INT, 8)), None);
        // A struct passed as its bytes (`*const u8` for `const struct termios *`).
        assert_eq!(said(to(Kind::UnsignedInt, 1), c(code::RECORD, 60)), None);
        assert_eq!(
            said(to(Kind::SignedInt, 1), protocol::POINTEE_INCOMPLETE),
            None
        );
        assert_eq!(
            said(to(Kind::Record, 0), protocol::POINTEE_INCOMPLETE),
            None
        );
        assert_eq!(said(to(Kind::SignedInt, 4), protocol::POINTEE_VOID), None);
        assert_eq!(said(to(Kind::SignedInt, 4), protocol::POINTEE_NONE), None);
        let void = RustType {
            pointee: Pointee::Void,
            ..ty("*mut c_void", 8, Kind::Pointer)
        };
        assert_eq!(said(void, c(code::POINTER, 8)), None);
        // The record's code reads back as written.
        let written = to(Kind::UnsignedInt, 2);
        assert_eq!(
            Pointee::from_record(written.record_pointee()),
            written.pointee
        );
    }
}
