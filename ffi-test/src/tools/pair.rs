//! `--compare-compiler CC2`: the binary's checks run once with the run's C compiler and once
//! with a second one, each as a run of its own (own C cache entries, expectations ignored), and
//! every check whose result differs between the two is reported: a disagreement between the
//! compilers themselves (a layout, a prototype or a call that one compiler builds otherwise),
//! apart from the checks where both disagree with Rust the same way.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write;
use std::process::{Command, ExitCode, Stdio};

use crate::report::record::{Record, Status};

/// The variable a sub-run writes its outcomes to (a file path).
pub const OUTCOMES_VAR: &str = "FFI_TEST_OUTCOMES";

/// One test's outcome in a sub-run: passed or not, and its report (addresses masked).
type Outcomes = BTreeMap<String, (bool, String)>;

/// A check and its outcome with each compiler.
type Pair<'a> = (&'a String, (&'a bool, &'a String), (&'a bool, &'a String));

/// Writes a sub-run's outcomes, one per line: `name \t passed|failed \t report` (the report's
/// newlines and tabs escaped).
pub fn write_outcomes(records: &[Record]) {
    let Some(path) = std::env::var_os(OUTCOMES_VAR) else {
        return;
    };
    let mut text = String::new();
    for r in records.iter().filter(|r| r.status != Status::Skipped) {
        let passed = r.status == Status::Passed;
        let report = r
            .message
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\t', " ");
        let _ = writeln!(
            text,
            "{}\t{}\t{report}",
            r.name,
            if passed { "passed" } else { "failed" }
        );
    }
    let _ = std::fs::write(path, text);
}

/// Runs the binary's selected tests with each compiler and prints their disagreements; fails
/// when there is one.
pub fn compare(second: &str, args: Vec<OsString>, runs_dir: &std::path::Path) -> ExitCode {
    let first = label(&crate::checks::roundtrip::first_compiler());
    let second_label = label(second);
    let cross_var = crate::checks::roundtrip::CROSS_COMPILER_VAR;
    let runs = (
        sub_run::<&str, &str>(&[], &args, runs_dir, "a"),
        sub_run(&as_cc(second), &args, runs_dir, "b"),
        sub_run(&[(cross_var, second)], &args, runs_dir, "cross"),
    );
    let (a, b, cross) = match runs {
        (Ok(a), Ok(b), Ok(cross)) => (a, b, cross),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            eprintln!("ffi-test: --compare-compiler: {e}");
            return ExitCode::from(101);
        }
    };
    let (text, disagreements) = report(&first, &second_label, &a, &b);
    let (cross_text, cross_disagreements) = cross_report(&cross);
    println!("{text}\n{cross_text}");
    match disagreements + cross_disagreements {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::from(101),
    }
}

/// The cross run's callback shapes: C compiled by each compiler calling the other's (both ways,
/// each a variant of the test's report).
fn cross_report(cross: &Outcomes) -> (String, usize) {
    let scenarios: Vec<&str> = ffi_test_protocol::roundtrip::SHAPES
        .iter()
        .filter(|s| ["ToRustCallback", "FromRustCallback"].contains(&s.variant))
        .map(|s| s.scenario)
        .collect();
    let pairs: Vec<(&String, &(bool, String))> = cross
        .iter()
        .filter(|(name, _)| scenarios.iter().any(|s| name.contains(&format!("__{s}__"))))
        .collect();
    let failed: Vec<&(&String, &(bool, String))> =
        pairs.iter().filter(|(_, (passed, _))| !passed).collect();
    let mut out = format!(
        "C compiled by one calling C compiled by the other (ABI Cafe's caller/callee pairs, both \
         ways, through the round-trip batteries' callback shapes): {} checks, {} disagree{}",
        pairs.len(),
        failed.len(),
        if failed.is_empty() { "." } else { ":" }
    );
    for (name, (_, report)) in &failed {
        let lines: Vec<&str> = report.lines().take(8).collect();
        let _ = write!(out, "\n  {name}\n      {}", lines.join("\n      "));
    }
    (out, failed.len())
}

/// A compiler command as cc takes it: the program in `CC`, its arguments added to `CFLAGS`
/// (cc drops the arguments of a `CC` that is not a wrapper).
fn as_cc(command: &str) -> Vec<(&'static str, String)> {
    let mut words = command.split_whitespace();
    let program = words.next().unwrap_or(command).to_string();
    let mut flags: Vec<String> = std::env::var("CFLAGS").ok().into_iter().collect();
    flags.extend(words.map(str::to_string));
    let mut env = vec![("CC", program)];
    if !flags.is_empty() {
        env.push(("CFLAGS", flags.join(" ")));
    }
    env
}

/// `clang (clang 14)`: the command and what its program's `--version` says it is.
fn label(command: &str) -> String {
    let program = command.split_whitespace().next().unwrap_or(command);
    let version = crate::os::reaper::output(Command::new(program).arg("--version"))
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let (family, major) = crate::cside::family_of(&format!("{program}\n[]\n{version}"));
    format!("{command} ({family} {major})")
}

fn sub_run<K: AsRef<std::ffi::OsStr>, V: AsRef<std::ffi::OsStr>>(
    env: &[(K, V)],
    args: &[OsString],
    dir: &std::path::Path,
    tag: &str,
) -> Result<Outcomes, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate the test binary: {e}"))?;
    let file = dir.join(format!("outcomes-{tag}"));
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .arg("--ignore-expectations")
        .env(OUTCOMES_VAR, &file)
        .env_remove("FFI_TEST_COMPARE_COMPILER")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .envs(env.iter().map(|(k, v)| (k, v)));
    let mut child = crate::os::reaper::spawn(&mut cmd)
        .map_err(|e| format!("cannot run the binary again: {e}"))?;
    let waited = child.wait();
    crate::os::reaper::reaped(child.id());
    waited.map_err(|e| format!("cannot wait for the binary run again: {e}"))?;
    let text = crate::os::untrusted::read_text(&file, crate::os::untrusted::LOG_CAP)
        .map_err(|e| format!("a run of the pair ({tag}) wrote no outcomes: {e}"))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let mut fields = l.splitn(3, '\t');
            let (name, status, report) =
                (fields.next()?, fields.next()?, fields.next().unwrap_or(""));
            Some((
                name.to_string(),
                (
                    status == "passed",
                    masked(&report.replace("\\n", "\n").replace("\\\\", "\\")),
                ),
            ))
        })
        .collect())
}

/// A report with its addresses masked: where a symbol was loaded is not a compiler's choice.
fn masked(report: &str) -> String {
    let mut out = String::with_capacity(report.len());
    let mut rest = report;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        let digits = rest[at + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        out.push_str(if digits > 0 { "0x…" } else { "0x" });
        rest = &rest[at + 2 + digits..];
    }
    out.push_str(rest);
    out
}

/// A report without what is each compiler's own wording: its diagnostics (a C side that does
/// not compile says so in both, in other words) and its spelling of a prototype (GCC keeps a
/// definition's parameter names). What is left is what the check found.
fn comparable(report: &str) -> String {
    report
        .lines()
        .filter(|l| {
            ![": error:", ": warning:", ": note:"]
                .iter()
                .any(|d| l.contains(d))
        })
        .map(|l| match l.split_once("does not match C `") {
            Some((before, rest)) => {
                let after = rest.rsplit_once('`').map_or("", |(_, a)| a);
                format!("{before}does not match C `…`{after}")
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The comparison's text and the number of disagreements between the compilers: checks one
/// compiler passes and the other fails. Checks both fail are apart: the same report from both is
/// a disagreement with Rust; different reports (each compiler's C facts, or its diagnostics)
/// are listed for reading, where a difference in C's columns is the compilers disagreeing too.
fn report(first: &str, second: &str, a: &Outcomes, b: &Outcomes) -> (String, usize) {
    let (mut differ, mut reported_otherwise): (Vec<Pair>, Vec<Pair>) = (Vec::new(), Vec::new());
    let (mut agree, mut both_fail) = (0, 0);
    for (name, (a_passed, a_report)) in a {
        let Some((b_passed, b_report)) = b.get(name) else {
            continue;
        };
        let pair = (name, (a_passed, a_report), (b_passed, b_report));
        match (a_passed, b_passed) {
            (true, true) => agree += 1,
            (false, false) if comparable(a_report) == comparable(b_report) => both_fail += 1,
            (false, false) => reported_otherwise.push(pair),
            _ => differ.push(pair),
        }
    }
    let total = agree + both_fail + reported_otherwise.len() + differ.len();
    let mut out = format!(
        "compiler pair: {first} and {second}, {total} checks run by both: {agree} pass with \
         both, {both_fail} fail with both the same way (a disagreement with Rust), {} fail with \
         both reported differently, {} pass with one compiler only:",
        reported_otherwise.len(),
        differ.len()
    );
    let width = first.len().max(second.len());
    let mut list = |title: &str, pairs: &[Pair]| {
        if pairs.is_empty() {
            return;
        }
        let _ = write!(out, "\n{title}");
        for (name, (a_passed, a_report), (b_passed, b_report)) in pairs {
            let _ = write!(out, "\n  {name}");
            for (compiler, passed, report) in
                [(first, a_passed, a_report), (second, b_passed, b_report)]
            {
                let what = if **passed {
                    "passed".to_string()
                } else {
                    let lines: Vec<&str> = report.lines().take(6).collect();
                    format!("failed: {}", lines.join("\n        "))
                };
                let _ = write!(out, "\n      {compiler:width$}  {what}");
            }
        }
    };
    list(
        "pass with one compiler only (the compilers disagree):",
        &differ,
    );
    list("fail with both, reported differently:", &reported_otherwise);
    (out, differ.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_differences_between_the_compilers_are_disagreements() {
        let outcome = |passed: bool, report: &str| (passed, report.to_string());
        let a: Outcomes = [
            ("same".to_string(), outcome(true, "")),
            ("rust".to_string(), outcome(false, "size 8 vs 4")),
            ("abi".to_string(), outcome(true, "")),
        ]
        .into();
        let b: Outcomes = [
            ("same".to_string(), outcome(true, "")),
            ("rust".to_string(), outcome(false, "size 8 vs 4")),
            ("abi".to_string(), outcome(false, "killed by SIGSEGV")),
        ]
        .into();
        let (text, n) = report("gcc", "clang", &a, &b);
        assert_eq!(n, 1, "{text}");
        assert!(text.contains("3 checks run by both: 1 pass with both, 1 fail with both the same way (a disagreement with Rust), 0 fail with both reported differently, 1 pass with one compiler only:"), "{text}");
        assert!(text.contains("the compilers disagree):\n  abi\n      gcc    passed\n      clang  failed: killed by SIGSEGV"), "{text}");
        assert_eq!(masked("at 0x55d1ab, C's at 0x7f00"), "at 0x…, C's at 0x…");
        // The same finding in each compiler's words is the same finding.
        assert_eq!(
            comparable("signature of `f` does not match C `int f(int x)`:\n  C takes 1 parameter"),
            comparable("signature of `f` does not match C `int f(int)`:\n  C takes 1 parameter")
        );
        assert_eq!(
            comparable("the C side does not compile.\na.rs:3:4: error: 'struct p' has no member named 'c'\nRust's layout: size 8"),
            comparable("the C side does not compile.\na.rs:3:6: error: no member named 'c' in 'struct p'\nRust's layout: size 8")
        );
    }
}
