//! The test naming convention: `subject__scenario__then_outcome`.
//!
//! Names are checked at compile time so a suite reads as a list of claims
//! ("registry, ten threads register, then count is ten") and can be filtered
//! by subject; names that come from elsewhere (a Python test file's functions) are checked by
//! the runtime with the same rule. The check is pure string work so it is unit-tested here.

/// A check the macros generate, named `subject__SCENARIO__then_OUTCOME` by its kind: the one
/// place its scenario and outcome are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A layout (`#[layout_matches]`, `check_layout!`, a surface's struct, union or enum).
    Layout,
    /// An opaque type's size and alignment.
    SizeAndAlign,
    /// A ctypes mirror's layout.
    CtypesLayout,
    /// An extern function's signature.
    Signature,
    /// An extern static.
    Static,
    /// A function pointer's function type.
    FunctionType,
    /// A constant's value.
    Value,
    /// A surface's census: every C declaration of its headers has a binding.
    Census,
    /// A Rust function against a C expression on generated inputs (`#[ffi_differential]`).
    Differential,
    /// A Rust body calling C on generated inputs (`#[ffi_property]`).
    Property,
}

impl Check {
    /// Every check.
    pub const ALL: [Check; 10] = [
        Check::Layout,
        Check::SizeAndAlign,
        Check::CtypesLayout,
        Check::Signature,
        Check::Static,
        Check::FunctionType,
        Check::Value,
        Check::Census,
        Check::Differential,
        Check::Property,
    ];

    /// The test name of this check of `subject` (a subject already: `lower_snake_case`).
    pub fn test_name(self, subject: &str) -> String {
        let (scenario, outcome) = match self {
            Check::Layout => ("layout", "matches_c"),
            Check::SizeAndAlign => ("size_and_align", "match_c"),
            Check::CtypesLayout => ("ctypes_layout", "matches_c"),
            Check::Signature => ("signature", "matches_c"),
            Check::Static => ("static", "matches_c"),
            Check::FunctionType => ("function_type", "matches_c"),
            Check::Value => ("value", "matches_c"),
            Check::Census => ("c_declarations", "each_has_a_binding"),
            Check::Differential => ("differential", "agrees_with_c"),
            Check::Property => ("property", "holds"),
        };
        format!("{subject}__{scenario}__then_{outcome}")
    }
}

/// Why a name breaks the convention, and a name that would satisfy it.
#[derive(Debug, PartialEq, Eq)]
pub struct NameProblem {
    /// What breaks the convention.
    pub reason: String,
    /// A conforming name close to the one given.
    pub suggestion: String,
}

impl NameProblem {
    /// The full compile error text, shared by every attribute that checks names.
    pub fn message(&self, name: &str) -> String {
        format!(
            "test name `{name}` does not follow the convention `subject__scenario__then_outcome`: {}.\n\
             help: three lower_snake_case parts separated by `__`, the last beginning with `then_`, \
             e.g. `{}`; or add `legacy_name` to the attribute to keep a name you cannot change",
            self.reason, self.suggestion
        )
    }
}

/// Checks `name` against the convention.
pub fn check(name: &str) -> Result<(), NameProblem> {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let parts: Vec<&str> = name.split("__").collect();
    let reason = if parts.len() != 3 {
        Some(format!(
            "it has {} part{} separated by `__`, the convention needs 3",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ))
    } else if let Some(bad) = parts
        .iter()
        .enumerate()
        .find(|(i, p)| !is_lower_snake(p, *i > 0))
        .map(|(_, p)| p)
    {
        Some(if bad.is_empty() {
            "one of its parts is empty".to_string()
        } else {
            format!("part `{bad}` is not lower_snake_case")
        })
    } else if !parts[2].starts_with("then_") || parts[2].len() == "then_".len() {
        Some(format!(
            "its last part `{}` must begin with `then_` followed by the outcome",
            parts[2]
        ))
    } else {
        None
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(NameProblem {
            reason,
            suggestion: suggest(name),
        }),
    }
}

/// Lowercase letters, digits and single underscores; the first part (which begins the function's
/// name) starts with a letter, a later one may start with a digit (`parse__256_bytes__then_ok`).
fn is_lower_snake(part: &str, digit_first: bool) -> bool {
    let bytes = part.as_bytes();
    !part.is_empty()
        && (bytes[0].is_ascii_lowercase() || (digit_first && bytes[0].is_ascii_digit()))
        && !part.ends_with('_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
}

/// Builds the closest conforming name: fixes case, then fills the missing parts
/// with placeholders the user is expected to replace.
fn suggest(name: &str) -> String {
    // Part by part: a part with nothing ASCII in it becomes a placeholder in its place.
    const PLACEHOLDERS: [&str; 3] = ["subject", "scenario", "outcome"];
    let mut parts: Vec<String> = name
        .split("__")
        .filter(|raw| !raw.is_empty())
        .enumerate()
        .map(|(i, raw)| match to_snake(raw).trim_matches('_') {
            "" => PLACEHOLDERS[i.min(2)].to_string(),
            part => part.to_string(),
        })
        .collect();
    if parts.is_empty() {
        parts.push("subject".into());
    }
    if parts[0].as_bytes()[0].is_ascii_digit() {
        parts[0].insert_str(0, "t_");
    }
    if parts.len() > 3 {
        let tail = parts.split_off(2);
        parts.push(tail.join("_"));
    }
    match parts.len() {
        1 => {
            parts.push("scenario".into());
            parts.push("then_outcome".into());
        }
        2 => {
            let last = parts.pop().unwrap_or_default();
            if let Some(outcome) = last.strip_prefix("then_") {
                parts.push("scenario".into());
                parts.push(format!("then_{outcome}"));
            } else {
                parts.push(last);
                parts.push("then_outcome".into());
            }
        }
        _ => {
            let last = &parts[2];
            let outcome = match last.strip_prefix("then") {
                Some(rest) if rest.is_empty() || rest.starts_with('_') => {
                    rest.trim_start_matches('_')
                }
                _ => last.as_str(),
            };
            parts[2] = if outcome.is_empty() {
                "then_outcome".into()
            } else {
                format!("then_{outcome}")
            };
        }
    }
    parts.join("__")
}

fn to_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c);
        } else if let Some(ascii) = fold(c) {
            out.push_str(ascii);
            prev_lower = true;
        } else if !out.ends_with('_') {
            // One `_` for a run of other characters: never a `__`, which would split a part.
            out.push('_');
            prev_lower = false;
        }
    }
    out
}

/// The ASCII a few common accented letters are written with; `None` for any other character.
fn fold(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => "a",
        'ä' | 'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ö' | 'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ů' => "u",
        'ü' => "ue",
        'ß' => "ss",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ý' | 'ÿ' => "y",
        'ł' => "l",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_checks_name_follows_the_convention() {
        use super::Check::*;
        for kind in super::Check::ALL {
            assert_eq!(
                super::check(&kind.test_name("png_info")),
                Ok(()),
                "{kind:?}"
            );
        }
        assert_eq!(Layout.test_name("point"), "point__layout__then_matches_c");
        assert_eq!(
            SizeAndAlign.test_name("blob"),
            "blob__size_and_align__then_match_c"
        );
        assert_eq!(
            Census.test_name("sys"),
            "sys__c_declarations__then_each_has_a_binding"
        );
    }

    #[test]
    fn accepts_conforming_names() {
        for ok in [
            "registry__ten_threads_register__then_count_is_ten",
            "a__b__then_c",
            "point2d__passed_by_value__then_fields_intact",
            "r#x__y__then_z",
            "parse__256_bytes__then_ok",
            "sweep__200_sites__then_every_failure_handled",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_and_suggests() {
        let cases = [
            ("bad_name", "bad_name__scenario__then_outcome"),
            ("a__b", "a__b__then_outcome"),
            ("a__then_c", "a__scenario__then_c"),
            ("größe__zählen__then_ok", "groesse__zaehlen__then_ok"),
            ("写__数据__then_ok", "subject__scenario__then_ok"),
            ("a__b__c", "a__b__then_c"),
            ("a__b__then_", "a__b__then_outcome"),
            ("Registry__Count__then_ok", "registry__count__then_ok"),
            ("a__b__then_c__d", "a__b__then_c_d"),
            ("a___b__then_c", "a__b__then_c"),
            ("a_b_", "a_b__scenario__then_outcome"),
        ];
        for (bad, suggestion) in cases {
            let problem = check(bad).expect_err(bad);
            assert_eq!(problem.suggestion, suggestion, "{bad}: {}", problem.reason);
            assert_eq!(check(&problem.suggestion), Ok(()), "suggestion for {bad}");
        }
    }
}
