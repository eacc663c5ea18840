//! The C compiler's warnings for a unit that compiled, as the user is shown them. Warnings
//! caused by headers the user did not write (a library deprecating the very items its bindings
//! bind: libcurl's `CURL_DEPRECATED`, 90 lines on a cold run) say nothing the user can act on:
//! they are summarised to one line per header, unless `FFI_TEST_C_WARNINGS=all`.

use std::collections::BTreeMap;

/// The variable that shows every warning in full.
pub const ALL_VARIABLE: &str = "FFI_TEST_C_WARNINGS";

/// At most this many lines of the user's own warnings are shown.
const MAX_LINES: usize = 40;

/// What to print for `diagnostics` (GCC's or clang's text): the user's own warnings (at most
/// [`MAX_LINES`] lines), then a line per foreign header. `is_foreign(path)` says whether a file
/// is a header the user did not write. `None` when there is nothing to show.
pub fn shown(diagnostics: &str, all: bool, is_foreign: &dyn Fn(&str) -> bool) -> Option<String> {
    if diagnostics.lines().all(|l| l.trim().is_empty()) {
        return None;
    }
    let (own, foreign) = if all {
        (diagnostics.lines().collect(), BTreeMap::new())
    } else {
        split(diagnostics, is_foreign)
    };
    let mut out = String::new();
    if !own.is_empty() {
        out.push_str("ffi-test: C compiler warnings:\n");
        out.push_str(&own[..own.len().min(MAX_LINES)].join("\n"));
        let more = own.len().saturating_sub(MAX_LINES);
        if more > 0 {
            out.push_str(&format!("\n... {more} more lines"));
        }
    }
    for (header, flags) in &foreign {
        let count: usize = flags.values().sum();
        let kinds: Vec<String> = flags.iter().map(|(f, n)| format!("{f}: {n}")).collect();
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "ffi-test: {count} C compiler warning{} caused by {header}, a header you did not write ({}); {ALL_VARIABLE}=all shows them",
            if count == 1 { "" } else { "s" },
            kinds.join(", ")
        ));
    }
    (!out.is_empty()).then_some(out)
}

/// Prints the warnings of the units a run compiled (their diagnostics, concatenated), once all
/// are built: each foreign header's line counts them all, however many units it was read by.
pub fn show(diagnostics: &str) {
    let all = std::env::var(ALL_VARIABLE).is_ok_and(|v| v == "all");
    let root = std::env::current_dir().unwrap_or_default();
    let is_foreign = |path: &str| {
        let path = std::path::Path::new(path);
        path.is_absolute() && !path.starts_with(&root) && path.extension().is_none_or(|e| e != "c")
    };
    if let Some(text) = shown(diagnostics, all, &is_foreign) {
        eprintln!("{text}");
    }
}

/// Per foreign header, the count of warnings by flag.
type Foreign = BTreeMap<String, BTreeMap<String, usize>>;

fn split<'a>(diagnostics: &'a str, is_foreign: &dyn Fn(&str) -> bool) -> (Vec<&'a str>, Foreign) {
    let mut own = Vec::new();
    let mut foreign = Foreign::new();
    let mut block: Vec<&str> = Vec::new();
    let mut flush = |block: Vec<&'a str>, own: &mut Vec<&'a str>| match cause(&block, is_foreign) {
        Some((header, flag)) => *foreign.entry(header).or_default().entry(flag).or_default() += 1,
        None => own.extend(block),
    };
    for line in diagnostics.lines() {
        if diagnostic_kind(line) == Some("warning") && block.iter().any(|l| is_warning(l)) {
            // Context lines ("In function ...", "In file included from ...") at the end of a
            // block come before the next warning and belong to it.
            let keep = block.iter().rev().take_while(|l| is_context(l)).count();
            let next = block.split_off(block.len() - keep);
            flush(std::mem::replace(&mut block, next), &mut own);
        }
        block.push(line);
    }
    flush(block, &mut own);
    (own, foreign)
}

/// The foreign header a warning block is about, with its flag: its own location, or else the
/// declaration its `note:` points at.
fn cause(block: &[&str], is_foreign: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
    let warning = block
        .iter()
        .find(|l| diagnostic_kind(l) == Some("warning"))?;
    let flag = warning
        .rfind("[-W")
        .and_then(|at| warning[at + 1..].strip_suffix(']'))
        .unwrap_or("warning")
        .to_string();
    let own_file = location_file(warning)?;
    if is_foreign(own_file) {
        return Some((own_file.to_string(), flag));
    }
    block
        .iter()
        .filter(|l| diagnostic_kind(l) == Some("note"))
        .filter_map(|l| location_file(l))
        .find(|f| is_foreign(f))
        .map(|f| (f.to_string(), flag))
}

fn is_context(line: &str) -> bool {
    line.starts_with("In file included from")
        || line.trim_start().starts_with("from ")
        || line.contains(": In function ")
}

fn is_warning(line: &str) -> bool {
    diagnostic_kind(line) == Some("warning")
}

/// `warning`, `note` or `error` for a `file:line:col: kind: ...` line.
fn diagnostic_kind(line: &str) -> Option<&str> {
    let file = location_file(line)?;
    let rest = &line[file.len()..];
    let mut parts = rest.splitn(4, ':');
    parts.next()?; // empty, before the first ':'
    let _line = parts.next()?.parse::<u32>().ok()?;
    let third = parts.next()?;
    let text = match third.trim().parse::<u32>() {
        Ok(_) => parts.next()?,
        Err(_) => return third.split_whitespace().next().filter(|k| is_kind(k)),
    };
    text.trim().split(':').next().filter(|k| is_kind(k))
}

fn is_kind(k: &str) -> bool {
    matches!(k, "warning" | "note" | "error")
}

/// The file of a `file:line:...` diagnostic line.
fn location_file(line: &str) -> Option<&str> {
    let mut search = 0;
    while let Some(at) = line[search..].find(':').map(|i| i + search) {
        let after = &line[at + 1..];
        if after.starts_with(|c: char| c.is_ascii_digit()) && at > 0 {
            return Some(&line[..at]);
        }
        search = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURL: &str = "\
tests/surface.rs: In function 'facts':
tests/surface.rs:7:1: warning: 'CURLFORM_STREAM' is deprecated: since 7.56.0 [-Wdeprecated-declarations]
In file included from csrc/wrapper.h:3,
                 from /t/cache/5b.c:91:
/usr/include/curl/curl.h:2521:3: note: declared here
 2521 |   CURLFORM_STREAM          CURL_DEPRECATED(7.56.0, \"Use curl_mime_data_cb()\"),
      |   ^~~~~~~~~~~~~~~
tests/surface.rs:7:1: warning: 'CURLOPT_X' is deprecated [-Wdeprecated-declarations]
/usr/include/curl/curl.h:1200:3: note: declared here
tests/surface.rs:9:1: warning: unused variable 'x' [-Wunused-variable]
/usr/include/zconf.h:10:1: warning: something in zconf [-Wattributes]
";

    fn foreign(path: &str) -> bool {
        path.starts_with("/usr/")
    }

    #[test]
    fn warnings_caused_by_foreign_headers_are_one_line_each() {
        let text = shown(CURL, false, &foreign).unwrap();
        assert_eq!(
            text,
            "ffi-test: C compiler warnings:\n\
             tests/surface.rs:9:1: warning: unused variable 'x' [-Wunused-variable]\n\
             ffi-test: 2 C compiler warnings caused by /usr/include/curl/curl.h, a header you did not write (-Wdeprecated-declarations: 2); FFI_TEST_C_WARNINGS=all shows them\n\
             ffi-test: 1 C compiler warning caused by /usr/include/zconf.h, a header you did not write (-Wattributes: 1); FFI_TEST_C_WARNINGS=all shows them"
        );
    }

    #[test]
    fn all_shows_every_line_and_nothing_shows_nothing() {
        let text = shown(CURL, true, &foreign).unwrap();
        assert_eq!(text.lines().count(), CURL.lines().count() + 1);
        assert_eq!(shown("\n \n", false, &foreign), None);
    }

    #[test]
    fn diagnostic_lines_are_read() {
        assert_eq!(
            diagnostic_kind("a/b.c:3:4: warning: x [-Wy]"),
            Some("warning")
        );
        assert_eq!(diagnostic_kind("/u/h.h:3: note: declared"), Some("note"));
        assert_eq!(diagnostic_kind(" 2521 |   X"), None);
        assert_eq!(location_file("C:/x.h:3:1: warning: w"), Some("C:/x.h"));
    }
}
