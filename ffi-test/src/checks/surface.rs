//! Whole-surface checks (`check_surface!`): the inventory of every item of a bindings file,
//! checked or not, and the report of it at the end of a run (and as JSON).

use std::fmt::Write;

use crate::cside::Toolchain;
use crate::registry::context::TestContext;

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
    /// The headers whose declarations the bindings should cover (`headers = [..]`); empty
    /// when not given, and then unbound C declarations are not looked for.
    pub headers: &'static [&'static str],
    /// Every C name the items bind (types, enumerators, functions, statics, constants).
    pub bound: &'static [&'static str],
    /// Whether a C declaration of `headers` with no binding fails the surface's test.
    pub deny_unbound: bool,
}

impl SurfaceEntry {
    /// The declarations of `headers` no item binds, each as `kind name`, sorted; computed with
    /// `toolchain` (the binary's C configuration, for this target).
    pub fn unbound(&self, toolchain: &Toolchain) -> Result<Vec<String>, String> {
        // Read once per process: the end-of-run text and the JSON report both ask.
        type Found = std::collections::HashMap<usize, Result<Vec<String>, String>>;
        static FOUND: std::sync::OnceLock<std::sync::Mutex<Found>> = std::sync::OnceLock::new();
        let found = FOUND.get_or_init(Default::default);
        let key = self as *const SurfaceEntry as usize;
        if let Some(known) = found.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return known.clone();
        }
        let result = self.read_unbound(toolchain);
        found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, result.clone());
        result
    }

    fn read_unbound(&self, toolchain: &Toolchain) -> Result<Vec<String>, String> {
        let found = crate::cside::census(toolchain, self.headers)?;
        let bound: std::collections::HashSet<&str> = self.bound.iter().copied().collect();
        let mut out = Vec::new();
        for (kind, names) in [
            ("function", &found.functions),
            ("variable", &found.variables),
            ("type", &found.types),
            ("enumerator", &found.enumerators),
            ("macro", &found.macros),
        ] {
            let nested = |name: &str| {
                // A record declared inside another, which bindgen binds as `PARENT_CHILD`
                // (see `toolchain::c_types`): bound when its parent is a type of the headers.
                self.bound.iter().any(|b| {
                    crate::cside::c_types::nested_parts(b)
                        .any(|(parent, child)| child == name && found.types.contains(parent))
                })
            };
            let bound_here =
                |n: &&String| bound.contains(n.as_str()) || (kind == "type" && nested(n));
            for name in names.iter().filter(|n| !bound_here(n)) {
                out.push(format!("{kind} {name}"));
            }
        }
        Ok(out)
    }
}

/// The test a surface with `headers` registers: every declaration of the headers has a
/// binding, or (unless the surface denies unbound declarations) is at least listed.
pub fn run_census(ctx: &dyn TestContext, module: &str, file: &str) -> Result<(), String> {
    let Some(surface) = surfaces()
        .into_iter()
        .find(|s| s.module == module && s.file == file)
    else {
        return Err(format!(
            "internal: no surface `{module}` ({file}) is registered"
        ));
    };
    let unbound = surface.unbound(&Toolchain::native(ctx.config()))?;
    for line in &unbound {
        println!("unbound: {line}");
    }
    if surface.deny_unbound && !unbound.is_empty() {
        return Err(format!(
            "{} C declaration{} of {} ha{} no Rust binding in {} (unbound = \"deny\"):\n  {}",
            unbound.len(),
            if unbound.len() == 1 { "" } else { "s" },
            surface.headers.join(", "),
            if unbound.len() == 1 { "s" } else { "ve" },
            surface.file,
            unbound.join("\n  ")
        ));
    }
    Ok(())
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
    /// Whether the item is compiled in (its `#[cfg]`s hold): its test exists only then.
    pub compiled_in: bool,
}

impl SurfaceItem {
    /// Whether a test checks it in this build.
    pub fn checked(&self) -> bool {
        !self.test.is_empty() && self.compiled_in
    }

    /// Why it is not checked in this build, if it is not.
    pub fn why_not(&self) -> &'static str {
        if self.test.is_empty() {
            self.reason
        } else {
            "not compiled in for this target (its #[cfg] does not hold)"
        }
    }
}

inventory::collect!(SurfaceEntry);

/// The outcome word of a test whose check could not be made when it ran.
pub const NOT_CHECKED: &str = "not checked";

/// How an item's test ended, for the reports.
#[derive(Debug, Clone)]
pub struct Ran {
    /// `passed`, `failed_as_expected`, `FAILED`, `busted`, `skipped` or [`NOT_CHECKED`].
    pub word: &'static str,
    /// Why, when `word` is [`NOT_CHECKED`]; empty otherwise.
    pub reason: String,
}

/// An item's test's outcome, if it ran.
type Outcome<'a> = &'a dyn Fn(&str) -> Option<&'a Ran>;

/// Why `item` was not checked, if it was not: the reason known when the program was built, or
/// the one its test gave when it ran.
fn not_checked<'a>(item: &'a SurfaceItem, outcome: Outcome<'a>) -> Option<&'a str> {
    if !item.checked() {
        return Some(item.why_not());
    }
    outcome(item.test)
        .filter(|ran| ran.word == NOT_CHECKED)
        .map(|ran| ran.reason.as_str())
}

/// Every surface registered in this binary, in a stable order.
pub fn surfaces() -> Vec<&'static SurfaceEntry> {
    let mut all: Vec<&'static SurfaceEntry> = inventory::iter::<SurfaceEntry>().collect();
    all.sort_by_key(|s| (s.module, s.file));
    all
}

/// The end-of-run text: per surface, the counts, and every item not checked with its reason.
/// `outcome` gives a test's outcome when it ran.
pub fn text(toolchain: &Toolchain, surfaces: &[&SurfaceEntry], outcome: Outcome) -> String {
    let mut out = String::new();
    for s in surfaces {
        let checked = s
            .items
            .iter()
            .filter(|i| not_checked(i, outcome).is_none())
            .count();
        let failed = s
            .items
            .iter()
            .filter(|i| i.checked() && outcome(i.test).is_some_and(|r| r.word == "FAILED"))
            .count();
        let _ = writeln!(
            out,
            "surface {} ({}): {} items, {checked} checked ({failed} failed), {} not checked",
            s.module,
            s.file,
            s.items.len(),
            s.items.len() - checked
        );
        for i in s.items {
            if let Some(why) = not_checked(i, outcome) {
                let _ = writeln!(out, "  not checked: {} {}: {why}", i.what, i.name);
            }
        }
        for i in s.items.iter().filter(|i| !i.notes.is_empty()) {
            for note in i.notes {
                let _ = writeln!(out, "  partly: {} {}: {note}", i.what, i.name);
            }
        }
        if s.headers.is_empty() {
            continue;
        }
        match s.unbound(toolchain) {
            Ok(unbound) => {
                let _ = writeln!(
                    out,
                    "  {} C declaration{} of {} with no binding",
                    unbound.len(),
                    if unbound.len() == 1 { "" } else { "s" },
                    s.headers.join(", ")
                );
                for line in unbound {
                    let _ = writeln!(out, "  unbound: {line}");
                }
            }
            Err(e) => {
                let _ = writeln!(out, "  unbound declarations could not be read: {e}");
            }
        }
    }
    out
}

/// The report as JSON: `{"surfaces": [{"module", "file", "items": [{"name", "what", "test",
/// "outcome", "reason", "notes"}]}]}`.
pub fn json(toolchain: &Toolchain, surfaces: &[&SurfaceEntry], outcome: Outcome) -> String {
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
            let why_not = not_checked(i, outcome);
            let result = match (why_not, outcome(i.test)) {
                (Some(_), _) => NOT_CHECKED,
                (None, Some(ran)) => ran.word,
                (None, None) => "not run",
            };
            let _ = write!(
                out,
                "{}\n    {{\"name\": {}, \"what\": {}, \"test\": {}, \"outcome\": {}, \"reason\": {}, \"notes\": [{}]}}",
                if k > 0 { "," } else { "" },
                q(i.name),
                q(i.what),
                q(i.test),
                q(result),
                q(why_not.unwrap_or_default()),
                notes.join(", ")
            );
        }
        out.push_str("\n  ], \"unbound\": [");
        let unbound = if s.headers.is_empty() {
            Vec::new()
        } else {
            s.unbound(toolchain)
                .unwrap_or_else(|e| vec![format!("error {e}")])
        };
        let unbound: Vec<String> = unbound.iter().map(|u| q(u)).collect();
        out.push_str(&unbound.join(", "));
        out.push_str("]}");
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
