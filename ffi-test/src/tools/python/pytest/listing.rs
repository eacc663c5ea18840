//! What pytest collected, as engine.py writes it: one record a line, its cells separated by tabs,
//! each cell with `\`, tab, newline and carriage return escaped (`\\`, `\t`, `\n`, `\r`). This is
//! the one decoder of those records; the cache (see `cache`) stores them unchanged.

/// A test pytest collected: an `item` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// pytest's node id (`tests/test_x.py::TestK::test_m[1-2]`): the test's name.
    pub node: String,
    /// Its file, relative to the package root.
    pub path: String,
    /// Its line (1-based).
    pub line: u32,
    /// A `skip` or `skipif` mark that applies: why.
    pub skip: Option<String>,
    /// An `xfail` mark that applies.
    pub xfail: Option<Xfail>,
    /// `ffi_test`'s decorator, if any: `fail`, `crash`, `finding` or `conflict`, and its argument.
    pub expect: Option<(String, String)>,
    /// `@ffi_test.ignore(why)`.
    pub ignore: Option<String>,
}

/// An `xfail` mark, as pytest evaluated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xfail {
    /// `strict=True` (or `xfail_strict` in the configuration): passing is a failure.
    pub strict: bool,
    /// `run=False`: not run at all.
    pub run: bool,
    /// The mark's reason.
    pub reason: String,
}

/// One record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    /// A test.
    Item(Item),
    /// A node pytest could not collect (a file that does not import): its node id and report.
    Error { node: String, report: String },
    /// A node that skipped itself while collected (`pytest.importorskip` in a module): its node
    /// id and why.
    Skipped { node: String, reason: String },
    /// Something pytest passed over with only a warning (a class with `__init__`): where, and
    /// pytest's words.
    Warning { node: String, message: String },
}

/// The records of `text`; a line that is not one is an error naming it (the collector and this
/// decoder are out of step).
pub fn decode(text: &str) -> Result<Vec<Listed>, String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            decode_line(line)
                .ok_or_else(|| format!("unreadable record from pytest's collector: {line:?}"))
        })
        .collect()
}

fn decode_line(line: &str) -> Option<Listed> {
    let cells: Vec<String> = line.split('\t').map(unescape).collect();
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    Some(match cells.as_slice() {
        ["error", node, report] => Listed::Error {
            node: node.to_string(),
            report: report.to_string(),
        },
        ["skipped", node, reason] => Listed::Skipped {
            node: node.to_string(),
            reason: reason.to_string(),
        },
        ["warning", node, message] => Listed::Warning {
            node: node.to_string(),
            message: message.to_string(),
        },
        ["item", node, path, line, skip, xfail, why, expect, argument, ignore] => {
            Listed::Item(Item {
                node: node.to_string(),
                path: path.to_string(),
                line: line.parse().ok()?,
                skip: skip.strip_prefix('+').map(str::to_string),
                xfail: match *xfail {
                    "" => None,
                    "strict" | "loose" | "norun" => Some(Xfail {
                        strict: *xfail == "strict",
                        run: *xfail != "norun",
                        reason: why.to_string(),
                    }),
                    _ => return None,
                },
                expect: match *expect {
                    "pass" => None,
                    "fail" | "crash" | "finding" | "conflict" => {
                        Some((expect.to_string(), argument.to_string()))
                    }
                    _ => return None,
                },
                ignore: match *ignore {
                    "-" => None,
                    other => Some(other.strip_prefix('+')?.to_string()),
                },
            })
        }
        _ => return None,
    })
}

/// A cell without its escapes (engine.py's `_escape`).
fn unescape(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_decode_with_their_escapes() {
        let text = "item\ttests/t.py::test_a[x\\ty]\ttests/t.py\t5\t+not today\tstrict\tknown\tcrash\tSIGSEGV\t-\n\
                    item\ttests/t.py::K::test_b\ttests/t.py\t9\t\t\t\tpass\t\t+why\n\
                    error\ttests/bad.py\tTraceback:\\n  line\\\\x\n\
                    warning\ttests/t.py::TestInit\tcannot collect test class\n\
                    skipped\ttests/np.py\tcould not import 'numpy'\n";
        let listed = decode(text).unwrap();
        assert_eq!(
            listed[0],
            Listed::Item(Item {
                node: "tests/t.py::test_a[x\ty]".into(),
                path: "tests/t.py".into(),
                line: 5,
                skip: Some("not today".into()),
                xfail: Some(Xfail {
                    strict: true,
                    run: true,
                    reason: "known".into()
                }),
                expect: Some(("crash".into(), "SIGSEGV".into())),
                ignore: None,
            })
        );
        let Listed::Item(b) = &listed[1] else {
            panic!("{listed:?}")
        };
        assert_eq!(
            (b.skip.as_ref(), b.xfail.as_ref(), b.expect.as_ref()),
            (None, None, None)
        );
        assert_eq!(b.ignore.as_deref(), Some("why"));
        assert_eq!(
            listed[2],
            Listed::Error {
                node: "tests/bad.py".into(),
                report: "Traceback:\n  line\\x".into()
            }
        );
        assert!(
            matches!(&listed[3], Listed::Warning { node, .. } if node == "tests/t.py::TestInit")
        );
        assert!(
            matches!(&listed[4], Listed::Skipped { reason, .. } if reason == "could not import 'numpy'")
        );
    }

    #[test]
    fn a_record_out_of_step_is_an_error_naming_it() {
        let err =
            decode("item\ttests/t.py::a\ttests/t.py\tnot-a-line\t\t\t\tpass\t\t-\n").unwrap_err();
        assert!(
            err.starts_with("unreadable record from pytest's collector: \"item"),
            "{err}"
        );
        assert!(decode("item\tn\tp\t1\t\tmaybe\t\tpass\t\t-").is_err());
        assert!(decode("nonsense").is_err());
    }
}
