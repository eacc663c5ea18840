//! The function types of C function pointers (typedefs such as libpng's `png_rw_ptr`, record
//! members such as sqlite's `sqlite3_io_methods.xRead`), read like prototypes. C cannot list a
//! function type's parameters, but the compiler prints the prototype of a function declared
//! *with* that type (`extern __typeof__(*(png_rw_ptr)0) probe;`), which is then read and
//! measured like any other (see `prototypes`): the check compares each parameter and the
//! return, not only "a function pointer".

use std::path::Path;
use std::sync::Arc;

use ffi_test_protocol::signature::{self as protocol, NOT_A_FUNCTION_POINTER};

use super::compiler::Compiler;
use super::prototypes::{found_macros, parse_line, unread_macros, Found, Readings};

/// Rounds of dropping probes the compiler refused (a typedef or member C does not have: its
/// layout check reports that) before giving up on the probes.
const ROUNDS: usize = 3;

/// The most parameters a typedef of a function type is tried with (see
/// [`protocol::function_type_arity_probe_c`]).
const MOST_PARAMETERS: usize = 16;

/// The `-aux-info` of `unit` followed by `types` and one probe per request `(probe, C type)`. A
/// probe C cannot compile is left out (its check then says C cannot name the type), so one
/// wrong binding never costs the other checks their prototypes. A probe GCC printed by a
/// typedef's name (a typedef of a function type, not of a pointer to one) is declared again by
/// arity, in a second compile, so that its prototype is printed.
pub fn aux_info_with_probes(
    compiler: &Compiler,
    unit: &str,
    types: &str,
    dir: &Path,
    probes: &[(&str, String)],
) -> Result<Arc<String>, String> {
    let declared: Vec<(String, String)> = probes
        .iter()
        .map(|(probe, c_type)| {
            (
                probe.to_string(),
                protocol::function_type_probe_c(probe, c_type),
            )
        })
        .collect();
    let aux = aux_info_keeping(compiler, unit, types, dir, &declared)?;
    let by_arity: Vec<(String, String)> = probes
        .iter()
        .filter(|(probe, _)| printed_by_typedef_name(&aux, probe))
        .flat_map(|(probe, c_type)| {
            (0..=MOST_PARAMETERS).map(move |n| {
                let name = protocol::function_type_arity_probe(probe, n);
                let text = protocol::function_type_arity_probe_c(&name, c_type, n);
                (name, text)
            })
        })
        .collect();
    if by_arity.is_empty() {
        return Ok(aux);
    }
    let all: Vec<(String, String)> = declared.into_iter().chain(by_arity).collect();
    aux_info_keeping(compiler, unit, types, dir, &all)
}

/// The `-aux-info` of `unit`, `types` and the `(name, declaration)` probes C compiles, those it
/// refuses dropped (a few rounds); the unit alone if they never compile.
fn aux_info_keeping(
    compiler: &Compiler,
    unit: &str,
    types: &str,
    dir: &Path,
    probes: &[(String, String)],
) -> Result<Arc<String>, String> {
    let head = format!("{unit}\n{types}\nstruct {NOT_A_FUNCTION_POINTER};\n");
    let first_line = head.lines().count() + 1;
    let mut kept: Vec<&(String, String)> = probes.iter().collect();
    for _ in 0..ROUNDS {
        let mut text = head.clone();
        for (_, declaration) in &kept {
            text.push_str(declaration);
            text.push('\n');
        }
        let error = match super::prototypes::aux_info(compiler, &text, dir) {
            Ok(aux) => return Ok(aux),
            Err(e) => e,
        };
        let bad = refused_lines(&error, first_line, kept.len(), "");
        if bad.is_empty() {
            return Err(error); // the headers themselves, not a probe
        }
        kept = kept
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !bad.contains(i))
            .map(|(_, p)| p)
            .collect();
    }
    super::prototypes::aux_info(compiler, unit, dir)
}

/// Whether `aux` declares `probe` by a type name alone (`extern handler_t probe;`).
fn printed_by_typedef_name(aux: &str, probe: &str) -> bool {
    let end = format!(" {probe};");
    aux.lines().any(|line| line.trim_end().ends_with(&end))
}

/// The probes with each parameter's type ([`protocol::parameter_type`]) replaced by its C text,
/// read from the function's prototype in `aux` (the unit's own `-aux-info`); a parameter C does
/// not have drops its probe (its check then says so).
pub fn with_parameter_types<'a>(
    aux: &str,
    probes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, String)> {
    probes
        .iter()
        .filter_map(
            |&(probe, c_type)| match protocol::parse_parameter_type(c_type) {
                None => Some((probe, c_type.to_string())),
                Some((function, index)) => {
                    let prototype = aux.lines().find_map(|l| parse_line(l, function))?.ok()?;
                    let param = prototype.params.get(index.checked_sub(1)?)?;
                    Some((probe, format!("__typeof__({param})")))
                }
            },
        )
        .collect()
}

/// The indices of the probes (lines `first_line..first_line + count` of the unit) that the
/// compiler's `error` text reports errors on, those whose words contain `about` (`""`: any).
pub(super) fn refused_lines(
    error: &str,
    first_line: usize,
    count: usize,
    about: &str,
) -> Vec<usize> {
    let mut bad = Vec::new();
    for line in error.lines() {
        let Some(at) = line.find(".c:") else { continue };
        let rest = &line[at + 3..];
        let Some((number, tail)) = rest.split_once(':') else {
            continue;
        };
        if !tail.contains("error") || !tail.contains(about) {
            continue;
        }
        if let Ok(n) = number.parse::<usize>() {
            if (first_line..first_line + count).contains(&n) && !bad.contains(&(n - first_line)) {
                bad.push(n - first_line);
            }
        }
    }
    bad
}

/// The names `probe` may be declared under in `-aux-info`: its own, then by arity (see
/// [`aux_info_with_probes`]).
pub fn probe_names(probe: &str) -> Vec<String> {
    std::iter::once(probe.to_string())
        .chain((0..=MOST_PARAMETERS).map(|n| protocol::function_type_arity_probe(probe, n)))
        .collect()
}

/// The prototype macros of `probe` (see [`render_found`]), from the probe's line in `aux`.
#[cfg(test)]
fn render(aux: &str, probe: &str, c_type: &str, readings: &Readings) -> String {
    let found = probe_names(probe)
        .iter()
        .find_map(|name| aux.lines().find_map(|l| parse_line(l, name)));
    render_found(probe, c_type, found, readings)
}

/// The prototype macros of `probe`, of C type `c_type`, from what `-aux-info` declares it as.
pub fn render_found(probe: &str, c_type: &str, found: Found, readings: &Readings) -> String {
    let subject = protocol::function_type_subject(probe).unwrap_or_else(|| c_type.to_string());
    match found {
        None => unread_macros(
            probe,
            protocol::UNSUPPORTED,
            &match protocol::parse_parameter_type(c_type) {
                Some((function, index)) => format!(
                    "C's prototype of `{function}` has no parameter {index} (its signature check \
                     says why)"
                ),
                None => format!("C has no type {subject} to compare (its layout check says why)"),
            },
        ),
        Some(Err(why)) => unread_macros(probe, protocol::UNSUPPORTED, &why),
        Some(Ok(p)) if p.params == [format!("struct {NOT_A_FUNCTION_POINTER} *")] => unread_macros(
            probe,
            protocol::UNSUPPORTED,
            &format!("C's {subject} is not a pointer to a function"),
        ),
        Some(Ok(mut p)) => {
            let mut params = p.params.join(", ");
            if p.variadic {
                params.push_str(", ...");
            }
            if params.is_empty() {
                params.push_str("void");
            }
            p.text = format!("{} (*)({params})", p.ret);
            let unknown = protocol::UNKNOWN_CONVENTION.to_string();
            found_macros(probe, &p, readings, (&unknown, "((void *)0)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_on_probe_lines_name_the_probes() {
        let error =
            "the headers do not compile:\n/t/aux-1-0.c:12:8: error: unknown type name 'x'\n\
                     /t/aux-1-0.c:14:1: error: 'struct s' has no member named 'f'\n\
                     /t/aux-1-0.c:3:1: warning: unused\n/t/aux-1-0.c:13:1: note: here";
        assert_eq!(refused_lines(error, 11, 5, ""), [1, 3]);
        assert_eq!(refused_lines(error, 11, 5, "no member"), [3]);
        assert!(refused_lines("/t/a.c:2:1: error: headers", 11, 5, "").is_empty());
    }

    #[test]
    fn a_parameters_type_is_read_from_its_functions_prototype() {
        let aux = "/* u.c:3:NC */ extern int each (const struct point *, void (*)(const struct point *, void *), void *);";
        let probe = protocol::function_type_param_probe("each", 2);
        let missing = protocol::function_type_param_probe("each", 7);
        let (c2, c7) = (
            protocol::parameter_type("each", 2),
            protocol::parameter_type("each", 7),
        );
        let probes = [
            (probe.as_str(), c2.as_str()),
            (missing.as_str(), c7.as_str()),
            ("t", "png_rw_ptr"),
        ];
        assert_eq!(
            with_parameter_types(aux, &probes),
            [
                (
                    probe.as_str(),
                    "__typeof__(void (*)(const struct point *, void *))".to_string()
                ),
                ("t", "png_rw_ptr".to_string()),
            ]
        );
        let text = render("", &missing, &c7, &Readings::none());
        assert!(
            text.contains("C's prototype of `each` has no parameter 7"),
            "{text}"
        );
    }

    #[test]
    fn a_probe_prints_as_the_pointer_type() {
        let probe = protocol::function_type_probe("png_rw_ptr", None);
        let aux = format!("/* u.c:9:NC */ extern void {probe} (png_structp, png_bytep, size_t);");
        let text = render(&aux, &probe, "png_rw_ptr", &Readings::none());
        assert!(text.contains(
            "#define FFI_TEST_SIG_TEXT_ffi_test_fntype__png_rw_ptr \"void (*)(png_structp, png_bytep, size_t)\""
        ), "{text}");
        assert!(text.contains("ADDRESS_ffi_test_fntype__png_rw_ptr ((void *)0)"));
        let not =
            format!("/* u.c:9:NC */ extern void {probe} (struct {NOT_A_FUNCTION_POINTER} *);");
        let text = render(&not, &probe, "png_rw_ptr", &Readings::none());
        assert!(
            text.contains("C's `png_rw_ptr` is not a pointer to a function"),
            "{text}"
        );
    }
}
