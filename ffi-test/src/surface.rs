//! Whole-surface checks (`check_surface!`): the inventory of every item of a bindings file,
//! checked or not, and the report of it at the end of a run (and as JSON).

use std::fmt::Write;

/// One `check_surface!`: the bindings it read and what became of each item.
#[derive(Debug)]
pub struct SurfaceEntry {
    /// The path the items are reached through, as written.
    pub module: &'static str,
    /// The bindings file, as written.
    pub file: &'static str,
    /// The file that was read.
    pub path: &'static str,
    /// Every item of the file that declares something of C's.
    pub items: &'static [SurfaceItem],
}

/// One item of a surface.
#[derive(Debug)]
pub struct SurfaceItem {
    /// Its Rust name.
    pub name: &'static str,
    /// `struct`, `union`, `enum`, `type`, `fn`, `static`, `const`.
    pub what: &'static str,
    /// The test that checks it; empty when none does.
    pub test: &'static str,
    /// Why no test checks it; empty when one does.
    pub reason: &'static str,
    /// Parts of a checked item left out, with the reason.
    pub notes: &'static [&'static str],
}

inventory::collect!(SurfaceEntry);

/// Every surface registered in this binary, in a stable order.
pub fn surfaces() -> Vec<&'static SurfaceEntry> {
    let mut all: Vec<&'static SurfaceEntry> = inventory::iter::<SurfaceEntry>().collect();
    all.sort_by_key(|s| (s.module, s.file));
    all
}

/// The end-of-run text: per surface, the counts, and every item not checked with its reason.
/// `outcome` gives a test's result word (`passed`, `FAILED`...) when it ran.
pub fn text(surfaces: &[&SurfaceEntry], outcome: &dyn Fn(&str) -> Option<&'static str>) -> String {
    let mut out = String::new();
    for s in surfaces {
        let checked = s.items.iter().filter(|i| !i.test.is_empty()).count();
        let failed = s
            .items
            .iter()
            .filter(|i| !i.test.is_empty() && outcome(i.test) == Some("FAILED"))
            .count();
        let _ = writeln!(
            out,
            "surface {} ({}): {} items, {checked} checked ({failed} failed), {} not checked",
            s.module,
            s.file,
            s.items.len(),
            s.items.len() - checked
        );
        for i in s.items.iter().filter(|i| i.test.is_empty()) {
            let _ = writeln!(out, "  not checked: {} {}: {}", i.what, i.name, i.reason);
        }
        for i in s.items.iter().filter(|i| !i.notes.is_empty()) {
            for note in i.notes {
                let _ = writeln!(out, "  partly: {} {}: {note}", i.what, i.name);
            }
        }
    }
    out
}

/// The report as JSON: `{"surfaces": [{"module", "file", "items": [{"name", "what", "test",
/// "outcome", "reason", "notes"}]}]}`.
pub fn json(surfaces: &[&SurfaceEntry], outcome: &dyn Fn(&str) -> Option<&'static str>) -> String {
    let q = json_string;
    let mut out = String::from("{\"surfaces\": [");
    for (n, s) in surfaces.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "\n  {{\"module\": {}, \"file\": {}, \"path\": {}, \"items\": [",
            q(s.module),
            q(s.file),
            q(s.path)
        );
        for (k, i) in s.items.iter().enumerate() {
            let notes: Vec<String> = i.notes.iter().map(|n| q(n)).collect();
            let result = if i.test.is_empty() {
                "not checked"
            } else {
                outcome(i.test).unwrap_or("not run")
            };
            let _ = write!(
                out,
                "{}\n    {{\"name\": {}, \"what\": {}, \"test\": {}, \"outcome\": {}, \"reason\": {}, \"notes\": [{}]}}",
                if k > 0 { "," } else { "" },
                q(i.name),
                q(i.what),
                q(i.test),
                q(result),
                q(i.reason),
                notes.join(", ")
            );
        }
        out.push_str("\n  ]}");
    }
    out.push_str("\n]}\n");
    out
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(super::json_string("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
    }
}
