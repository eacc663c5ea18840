//! The reports: an lcov tracefile (one `TN:` section per test, so lcov's tools can tell the
//! tests apart), which tests reached each line, an HTML report by `genhtml` where lcov is
//! installed, and the per-file summary printed at the end of the run.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use super::Lines;
use crate::cside::relative_to;

/// Writes every report into `out`; the summary to print.
pub fn all(lines: &Lines, out: &Path) -> Result<String, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let info = out.join("coverage.info");
    write(&info, &lcov(lines))?;
    write(&out.join("by-test.txt"), &by_test(lines))?;
    let html = out.join("html");
    let made = crate::os::reaper::output(
        Command::new("genhtml")
            .arg("--quiet")
            .arg("--output-directory")
            .arg(&html)
            .arg(&info),
    );
    let html_line = match made {
        Ok(o) if o.status.success() => format!("  HTML: {}/index.html\n", html.display()),
        Ok(o) => format!(
            "  HTML: genhtml failed: {}\n",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(_) => {
            "  HTML: not written (install lcov for genhtml); the table above is the report\n".into()
        }
    };
    Ok(format!(
        "coverage of the C the tests reached:\n{}  lcov: {}\n  per test: {}\n{html_line}",
        summary(lines),
        info.display(),
        out.join("by-test.txt").display()
    ))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `TN:test` sections, each with every file's lines (`DA:line,count`): a line a test did not
/// reach counts 0 in its section, so merging the sections gives the whole run.
fn lcov(lines: &Lines) -> String {
    let tests: BTreeSet<&str> = lines
        .values()
        .flat_map(|l| l.values().flat_map(|t| t.keys().map(String::as_str)))
        .collect();
    let mut out = String::new();
    // A run where no test reached some file still lists it, under a test of its own name.
    let sections: Vec<&str> = if tests.is_empty() {
        vec!["none"]
    } else {
        tests.into_iter().collect()
    };
    for test in sections {
        let _ = writeln!(out, "TN:{test}");
        for (file, file_lines) in lines {
            let _ = writeln!(out, "SF:{file}");
            let mut hit = 0;
            for (line, tests) in file_lines {
                let count = tests.get(test).copied().unwrap_or(0);
                hit += (count > 0) as usize;
                let _ = writeln!(out, "DA:{line},{count}");
            }
            let _ = writeln!(out, "LH:{hit}\nLF:{}\nend_of_record", file_lines.len());
        }
    }
    out
}

/// `file:line  test, test` for every line a test reached; `not reached` for the others.
fn by_test(lines: &Lines) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = String::new();
    for (file, file_lines) in lines {
        for (line, tests) in file_lines {
            let names: Vec<&str> = tests.keys().map(String::as_str).collect();
            let reached = if names.is_empty() {
                "not reached".to_string()
            } else {
                names.join(", ")
            };
            let _ = writeln!(out, "{}:{line}  {reached}", relative_to(&cwd, file));
        }
    }
    out
}

/// One line per file: lines reached of lines with code, and the first lines never reached.
fn summary(lines: &Lines) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = String::new();
    let width = lines
        .keys()
        .map(|f| relative_to(&cwd, f).len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(out, "  {:width$}  reached  not reached", "file");
    for (file, file_lines) in lines {
        let missed: Vec<u32> = file_lines
            .iter()
            .filter(|(_, t)| t.is_empty())
            .map(|(l, _)| *l)
            .collect();
        let hit = file_lines.len() - missed.len();
        let first: Vec<String> = missed.iter().take(12).map(u32::to_string).collect();
        let more = if missed.len() > 12 { ", ..." } else { "" };
        let file = relative_to(&cwd, file);
        let _ = writeln!(
            out,
            "  {file:width$}  {hit:>3}/{:<3}  {}{more}",
            file_lines.len(),
            if first.is_empty() {
                "-".to_string()
            } else {
                format!("lines {}", first.join(", "))
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn lcov_sections_per_test_and_lines_nobody_reached() {
        let mut lines = Lines::new();
        let file = lines.entry("a.c".into()).or_default();
        file.insert(1, BTreeMap::from([("t1".to_string(), 2)]));
        file.insert(2, BTreeMap::new());
        let text = lcov(&lines);
        assert_eq!(
            text,
            "TN:t1\nSF:a.c\nDA:1,2\nDA:2,0\nLH:1\nLF:2\nend_of_record\n"
        );
        assert_eq!(by_test(&lines), "a.c:1  t1\na.c:2  not reached\n");
        assert!(
            summary(&lines).contains("a.c     1/2    lines 2"),
            "{}",
            summary(&lines)
        );
    }
}
