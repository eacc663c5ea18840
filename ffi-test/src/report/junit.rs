//! The JUnit XML report (`--junit PATH` or `FFI_TEST_JUNIT`): one testcase per selected test,
//! with crashes, timeouts and early exits typed in the failure element.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use super::record::{Record, Status};

pub fn write(path: &Path, records: &[Record], elapsed: Duration) -> Result<(), String> {
    let suite = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "ffi-test".into());
    let count = |status: Status| records.iter().filter(|r| r.status == status).count();
    let (failures, skipped) = (
        count(Status::Failed),
        count(Status::Skipped) + count(Status::Busted),
    );
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let totals = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{:.3}\"",
        records.len(),
        elapsed.as_secs_f64()
    );
    let _ = writeln!(xml, "<testsuites name=\"ffi-test\" {totals}>");
    let _ = writeln!(xml, "  <testsuite name=\"{}\" {totals}>", escape(&suite));
    for r in records {
        let _ = write!(
            xml,
            "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\"",
            escape(r.name),
            escape(&format!("{suite}::{}", crate::registry::subject_of(r.name))),
            r.duration.as_secs_f64()
        );
        match r.status {
            Status::Passed if r.output.is_empty() => xml.push_str("/>\n"),
            Status::Passed => {
                let _ = writeln!(
                    xml,
                    ">\n      <system-out>{}</system-out>\n    </testcase>",
                    escape(&r.output)
                );
            }
            Status::Failed => {
                let first_line = r.message.lines().next().unwrap_or_default();
                let _ = writeln!(
                    xml,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    escape(&r.kind),
                    escape(first_line),
                    escape(&r.message)
                );
                if !r.output.is_empty() {
                    let _ = writeln!(xml, "      <system-out>{}</system-out>", escape(&r.output));
                }
                xml.push_str("    </testcase>\n");
            }
            Status::Busted | Status::Skipped => {
                let _ = writeln!(
                    xml,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    escape(&r.kind)
                );
            }
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, xml).map_err(|e| format!("{}: {e}", path.display()))
}

/// Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold (C
/// output may contain any byte).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1b}[0m"),
            "a&lt;b &amp; &quot;c&quot;\\x1b[0m"
        );
    }
}
