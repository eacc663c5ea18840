//! Run-free verification: a test binary built for a target that cannot run here is checked
//! without running anything built for it. Its layout, signature, extern-static and constant
//! checks carry Rust's facts as data (`ffi_test_protocol::facts`, computed by the compiler that
//! built the binary, so they are the target's); the target's C compiler compiles C's facts into
//! an object; both are read on the host and compared by the same code a running check uses.
//! Everything else (C bodies, round-trips, Rust tests) needs the target to run and is reported
//! as ignored, with that reason.
//!
//! `cargo ffi-test verify --target <triple> [cargo test options]` builds the tests for the
//! target and has cargo hand each test binary to this verifier as the target's runner
//! (`cli.rs`).

mod c_side;
pub mod cli;

mod records;

use ffi_test::__verify_0_1 as v;
use std::path::Path;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Completion, Trial};

use c_side::CFacts;
use ffi_test::__verify_0_1::ConstValue;
use ffi_test::__verify_0_1::Expect;
use ffi_test::__verify_0_1::{completion, judge, Observed};
use ffi_test::__verify_0_1::{RustLayout, HEADER, PER_FIELD};
use ffi_test_protocol::facts as f;
use ffi_test_protocol::test_kind::TestKind;
use records::{Binary, Check, TestFacts};

/// Verifies `binary` (built for `target`) without running it; `args` are the test binary's
/// own (filters, `--list`, `--format`...), as libtest takes them.
pub fn run_free(binary: &Path, target: &str, mut args: Vec<String>) -> ExitCode {
    // As the harness: every test judged as if expected to pass, to see every report.
    let ignore_expectations = args.iter().any(|a| a == "--ignore-expectations");
    args.retain(|a| a != "--ignore-expectations");
    let quiet = args
        .iter()
        .any(|a| a == "--list" || a.starts_with("--format"));
    match verified(binary, target, ignore_expectations, quiet) {
        Ok(None) => {
            eprintln!(
                "ffi-test verify: {} has no ffi-test facts (not an ffi-test harness binary, or not built with \
                 `--cfg ffi_test_facts`, which `cargo ffi-test verify` passes): its tests need {target} to run; nothing verified",
                binary.display()
            );
            ExitCode::SUCCESS
        }
        Ok(Some((trials, notes))) => {
            let args = Arguments::from_iter(std::iter::once("verify".to_string()).chain(args));
            let code = libtest_mimic::run(&args, trials).exit_code();
            if !quiet {
                for note in notes {
                    println!("{note}");
                }
            }
            code
        }
        Err(e) => {
            eprintln!("ffi-test verify: {}: {e}", binary.display());
            ExitCode::FAILURE
        }
    }
}

type Verified = Option<(Vec<Trial>, Vec<String>)>;

/// `quiet`: no header line (a listing, or JSON output, which it would corrupt).
fn verified(
    binary: &Path,
    target: &str,
    ignore_expectations: bool,
    quiet: bool,
) -> Result<Verified, String> {
    let data = std::fs::read(binary).map_err(|e| format!("cannot read it: {e}"))?;
    let elf = ffi_test::__verify_0_1::ObjectFile::parse(&data)?;
    let Some(section) = elf.section(f::SECTION) else {
        return Ok(None);
    };
    let binary_facts = records::read(&f::decode(section, elf.big_endian())?, elf.big_endian())?;
    let Some(config) = binary_facts.config.clone() else {
        return Ok(None);
    };
    // Checks sharing a generated name are told apart only at run time (the harness renames
    // the later ones in registration order): their records cannot be told apart here.
    let mut seen = std::collections::HashSet::new();
    let shared: std::collections::HashSet<String> = binary_facts
        .tests
        .iter()
        .filter(|t| !seen.insert(t.name.clone()))
        .map(|t| t.name.clone())
        .collect();
    let mut binary_facts = binary_facts;
    binary_facts.checks.retain(|name, _| !shared.contains(name));
    let work = c_side::work_dir()?;
    let files = binary_facts
        .tests
        .iter()
        .map(|t| (t.name.clone(), t.file.clone()))
        .collect();
    let c = c_side::facts(target, &config, &binary_facts.checks, &files, &work);
    let _ = std::fs::remove_dir_all(&work);
    let mut c = c?;
    let Binary {
        mut tests,
        mut checks,
        ..
    } = binary_facts;
    let mut trials = Vec::new();
    let mut notes = Vec::new();
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    let mut compared = 0;
    for mut test in tests {
        if ignore_expectations {
            test.expect = f::EXPECT_PASS;
        }
        if shared.contains(&test.name) {
            trials.push(Trial::ignorable_test(test.name.clone(), || {
                Ok(Completion::ignored_with(
                    "its name is another check's too (renamed only when the binary runs): not verified without running",
                ))
            }));
            continue;
        }
        let check = checks.remove(&test.name);
        let c_facts = c.remove(&test.name);
        let (trial, was_compared) = trial(test, check, c_facts, &mut notes);
        compared += was_compared as usize;
        trials.push(trial);
    }
    if !quiet {
        println!(
            "\nffi-test verify: {} for {target}, without running it: {compared} checks compared \
             with the target's C compiler; {} tests need {target} to run (ignored)",
            binary.display(),
            trials.len() - compared
        );
    }
    Ok(Some((trials, notes)))
}

/// The trial of one test: its comparison judged against its expectation, or ignored with why.
fn trial(
    test: TestFacts,
    check: Option<Check>,
    c: Option<CFacts>,
    notes: &mut Vec<String>,
) -> (Trial, bool) {
    let ignored = test.ignored;
    let name = test.name.clone();
    let only_by_running = check.as_ref().and_then(compared_only_by_running);
    let outcome: Result<Result<(), String>, String> = match (check, c) {
        (None, _) => Err(not_recorded(test.kind).to_string()),
        (Some(check), Some(c)) => compare(&test.name, check, c, notes),
        (Some(_), None) => Ok(Err(
            "ffi-test verify: no C facts were produced for this check (an internal error)".into(),
        )),
    };
    let compared = outcome.is_ok();
    let expect = match test.expect {
        f::EXPECT_PASS => Some(Expect::Pass),
        f::EXPECT_FAIL => Some(Expect::Fail),
        f::EXPECT_BUSTED => Some(Expect::Busted),
        _ => None,
    };
    let trial = Trial::ignorable_test(name, move || {
        let result = match outcome {
            Err(why) => return Ok(Completion::ignored_with(why)),
            Ok(result) => result,
        };
        let Some(expect) = expect else {
            return Ok(Completion::ignored_with(
                "its expectation (a crash, a memory finding, random) is seen only by running",
            ));
        };
        let observed = match result {
            // A check agreeing in everything but what only a run compares cannot show the
            // failure this test expects.
            Ok(()) if expect != Expect::Pass && only_by_running.is_some() => {
                return Ok(Completion::ignored_with(format!(
                    "agrees in what is compared without running; the failure it expects may be \
                     in {}, which only a run compares",
                    only_by_running.unwrap_or_default()
                )))
            }
            Ok(()) => Observed::Passed,
            Err(message) => Observed::failed(message),
        };
        completion(judge(expect, observed, &|_| false))
    })
    .with_ignored_flag(ignored);
    (trial, compared)
}

/// Why a test of `kind` with no facts records is not verified without running.
fn not_recorded(kind: TestKind) -> &'static str {
    match kind {
        TestKind::Test => "a test body: runs only on the target, not verified without running",
        TestKind::Roundtrip => {
            "a round-trip: values cross calls only on the target, not verified without running"
        }
        // `check_value!` names another crate's constant without its type, and `check_layout!`
        // fields without theirs: nothing about them is computed when the binary is built.
        TestKind::Layout | TestKind::Binding => {
            "a check with no facts recorded in the binary (`check_value!` of another crate's \
             constant names no type to compute them from): compared only by running"
        }
    }
}

/// What a check compares only when it runs, if anything.
fn compared_only_by_running(check: &Check) -> Option<&'static str> {
    match check {
        Check::Signature { .. } => Some(
            "the symbol it links to (what a pointer points to, and a callback's calling \
             convention, are compared neither way)",
        ),
        Check::Static { .. } => Some("the symbol it links to"),
        Check::Layout { bitfields, .. } if !bitfields.is_empty() => Some("its bit-fields"),
        _ => None,
    }
}

/// Compares one check: `Err` when it cannot be compared without running, else its result.
fn compare(
    test: &str,
    check: Check,
    c: CFacts,
    notes: &mut Vec<String>,
) -> Result<Result<(), String>, String> {
    let (facts, text, types, float, members) = match c {
        CFacts::DoesNotCompile(errors) => {
            return Ok(Err(match &check {
                Check::Layout { rust, .. } => v::layout_c_unavailable(rust, &errors),
                Check::Value { name, c_expr, .. } => v::value_c_unavailable(name, c_expr, &errors),
                _ => format!("the C side does not compile for the target:\n{errors}"),
            }))
        }
        CFacts::Unresolved(why) => {
            return Err(format!("not checked: C++ has no name for this type: {why}"))
        }
        CFacts::Read {
            facts,
            text,
            types,
            float,
            members,
        } => (facts, text, types, float, members),
    };
    Ok(match check {
        Check::Layout {
            mut rust,
            unknown_kinds,
            bitfields,
            ..
        } => {
            if !bitfields.is_empty() {
                notes.push(format!(
                    "note: {test}: bit-fields {} are compared only by running",
                    bitfields.join(", ")
                ));
            }
            if !unknown_kinds.is_empty() {
                notes.push(format!(
                    "note: {test}: the kinds of fields named without their types are not compared"
                ));
            }
            take_c_kinds(&mut rust, &unknown_kinds, &facts);
            let mut facts = facts;
            if take_base_offsets(&rust, &mut facts) {
                notes.push(format!(
                    "note: {test}: where its base classes start is compared only by running"
                ));
            }
            // Bit-fields are compared only by running (said above), and a running check's
            // Rust side names them: C's bit-field members are left out of the list here.
            let running_only = !bitfields.is_empty();
            let members = members.map(|list| {
                let compared = |m: &v::CMember| !(running_only && m.bits.is_some());
                list.into_iter().filter(compared).collect()
            });
            v::compare_layout(&rust, &facts, || members)
        }
        Check::Signature { rust, .. } => v::compare_signature(&rust, &facts, &text, &types, None),
        Check::Static { rust, .. } => v::compare_static(&rust, &facts, None),
        Check::Value {
            name,
            c_expr,
            size,
            value,
            ..
        } => {
            let Some(rust) = value else {
                return Err(
                    "not a number: a string or pointer constant is compared only by running".into(),
                );
            };
            use ffi_test_protocol::value as v;
            let raw = facts[v::AT_VALUE];
            let c_value = match facts[v::AT_CODE] {
                v::SIGNED => ConstValue::Int(raw as i64 as i128),
                v::UNSIGNED => ConstValue::Int(raw as i128),
                v::FLOAT => ConstValue::Float(float.unwrap_or(f64::NAN)),
                _ => {
                    return Ok(Err(format!(
                        "C `{c_expr}` is a string, Rust `{name}` is {rust}"
                    )))
                }
            };
            ffi_test::__verify_0_1::judge_value(&name, &c_expr, rust, size, c_value)
        }
    })
}

/// A C++ base class's offset is not a constant expression, so the object holds none
/// (`layout_c_static_text`): Rust's stands in. Whether there was one to take.
fn take_base_offsets(rust: &RustLayout, facts: &mut [u64]) -> bool {
    let mut took = false;
    for (i, field) in rust.fields.iter().enumerate() {
        let at = HEADER + PER_FIELD * i;
        if ffi_test_protocol::members::base_of_member(field.c_name).is_some() && at < facts.len() {
            facts[at] = field.offset as u64;
            took = true;
        }
    }
    took
}

/// Fields whose Rust kind is unknown take C's, so only their offset and size are compared.
fn take_c_kinds(rust: &mut RustLayout, unknown: &[usize], facts: &[u64]) {
    for &i in unknown {
        let at = HEADER + PER_FIELD * i;
        if let (Some(field), Some(c)) = (
            rust.fields.to_mut().get_mut(i),
            facts.get(at..at + PER_FIELD),
        ) {
            field.kind = v::kind_from_c(c[2]);
            field.element = (c[3] != 0).then(|| (v::kind_from_c(c[3]), c[4] as usize));
        }
    }
}
