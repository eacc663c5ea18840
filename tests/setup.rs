//! The README's second command on a fresh machine: `scripts/setup` names every tool the tests
//! need that is missing, how it installs it and which tests need it, from the one list
//! (`scripts/requirements`), and the README's table is that list.

use std::path::Path;
use std::process::Command;

use ffi_test_suite::{workspace_root, TempDir};

/// `(need, installed by, needed by)` of each line of scripts/requirements.
fn requirements() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(workspace_root().join("scripts/requirements")).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
            assert_eq!(cells.len(), 3, "{l}");
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

/// A directory of every command of this machine's system directories but the ones the list
/// names (and rustup and cargo's subcommands): what PATH holds on a machine with none of them.
fn fresh_path(dir: &Path) {
    let hidden: Vec<String> = requirements()
        .iter()
        .filter_map(|(need, _, _)| need.strip_prefix("cmd:").map(str::to_string))
        .chain(["rustup".to_string()])
        .collect();
    for system in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
        let Ok(entries) = std::fs::read_dir(system) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let link = dir.join(&name);
            if hidden.contains(&name) || name.starts_with("cargo-") || link.exists() {
                continue;
            }
            let _ = std::os::unix::fs::symlink(entry.path(), link);
        }
    }
}

#[test]
fn a_fresh_machine_is_told_every_missing_tool_and_how_to_install_it() {
    let tmp = TempDir::new("fresh-machine");
    let bin = tmp.path().join("bin");
    let dpkg = tmp.path().join("dpkg");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&dpkg).unwrap();
    fresh_path(&bin);
    let out = Command::new(workspace_root().join("scripts/setup"))
        .arg("--check")
        .env_clear()
        .env("PATH", &bin)
        // An empty package database: dpkg knows of nothing installed.
        .env("DPKG_ADMINDIR", &dpkg)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let context = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{context}");
    let mut apt = Vec::new();
    let mut targets = Vec::new();
    let mut components = Vec::new();
    let mut pips = Vec::new();
    for (need, how, why) in requirements() {
        let (kind, name) = need.split_once(':').unwrap();
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{need} is not named:\n{context}"));
        assert!(
            line.contains(&format!("({how})")) && line.ends_with(&why),
            "{line}"
        );
        match (kind, how.split_whitespace().next()) {
            (_, Some("apt")) => apt.extend(how.split_whitespace().skip(1).map(str::to_string)),
            (_, Some("pip")) => pips.extend(how.split_whitespace().skip(1).map(str::to_string)),
            ("target", _) => targets.push(name.to_string()),
            ("component", _) => components.push(name.to_string()),
            _ => {}
        }
    }
    apt.sort();
    apt.dedup();
    for command in [
        format!("apt-get install -y -qq {}", apt.join(" ")),
        format!("rustup target add {}", targets.join(" ")),
        format!("rustup component add {}", components.join(" ")),
        "cargo install --locked cargo-nextest".to_string(),
        "cargo install --locked mdbook --no-default-features".to_string(),
        format!("python3 -m pip install -q {}", pips.join(" ")),
    ] {
        assert!(
            stdout.lines().any(|l| l.trim_end().ends_with(&command)),
            "{command}:\n{context}"
        );
    }
    // A package of another architecture: the architecture is added before the lists are read.
    assert!(
        stdout.contains(
            "dpkg --add-architecture i386 && DEBIAN_FRONTEND=noninteractive apt-get update -qq"
        ),
        "{context}"
    );
    assert!(
        stdout.contains("cannot install here: targets and components need rustup"),
        "{context}"
    );
}

#[test]
fn the_readme_table_is_the_list() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let table = readme
        .split_once("<!-- requirements:")
        .and_then(|(_, rest)| rest.split_once("<!-- /requirements -->"))
        .map(|(table, _)| table)
        .expect("README.md's requirements table");
    let rows: Vec<String> = table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(str::to_string)
        .collect();
    let listed: Vec<String> = requirements()
        .iter()
        .map(|(need, how, why)| format!("| `{need}` | {how} | {why} |"))
        .collect();
    assert_eq!(
        rows, listed,
        "README.md's table differs from scripts/requirements"
    );
}
