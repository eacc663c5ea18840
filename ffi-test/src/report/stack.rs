//! Code addresses named: an object file and an address in it become `function (file:line)`,
//! through `addr2line` (C bodies' lines are the Rust lines they were written on, through their
//! `#line` directives), or the symbol whose range holds the address when there is no line
//! information. What a fault sweep's failed call and a crash report show.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `function (file:line)` for each of `frames` (an object and an address in it), in order,
/// each object read once; an empty name where a frame is `None` (the caller says where those
/// are).
pub fn symbolise_all(frames: &[Option<(PathBuf, u64)>]) -> Vec<String> {
    let mut by_object: BTreeMap<&Path, Vec<u64>> = BTreeMap::new();
    for (object, address) in frames.iter().flatten() {
        by_object.entry(object).or_default().push(*address);
    }
    let mut names = BTreeMap::new();
    for (object, addresses) in by_object {
        for (address, (name, _)) in addresses.iter().zip(symbolise(object, &addresses)) {
            names.insert((object.to_path_buf(), *address), name);
        }
    }
    frames
        .iter()
        .map(|frame| match frame {
            Some(key) => names.get(key).cloned().unwrap_or_default(),
            None => String::new(),
        })
        .collect()
}

/// `function (file:line)` for each offset of `object`, by addr2line, and whether it has a
/// source line. Without debug information, the function is the symbol whose range holds the
/// offset (addr2line would name the nearest symbol before it, often another function's), or
/// the offset itself.
pub fn symbolise(object: &Path, offsets: &[u64]) -> Vec<(String, bool)> {
    let out = crate::os::reaper::output(
        Command::new("addr2line")
            .arg("-f")
            .arg("-C")
            .arg("-e")
            .arg(object)
            .args(offsets.iter().map(|o| format!("{o:#x}"))),
    );
    let text = match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => String::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut functions = None;
    offsets
        .iter()
        .enumerate()
        .map(
            |(i, offset)| match (lines.get(2 * i), lines.get(2 * i + 1)) {
                (Some(function), Some(place)) if !place.starts_with("??") => {
                    (format!("{function} ({})", short(place)), true)
                }
                _ => {
                    let functions = functions.get_or_insert_with(|| functions_of(object));
                    let name = functions
                        .iter()
                        .find(|(_, start, size)| (*start..start + size).contains(offset))
                        .map(|(name, start, _)| (demangled(name), offset - start));
                    let text = match name {
                        Some((name, from_start)) => format!(
                            "{name}+{from_start:#x} (in {}, no line information)",
                            object.display()
                        ),
                        None => {
                            format!("{offset:#x} in {} (no line information)", object.display())
                        }
                    };
                    (text, false)
                }
            },
        )
        .collect()
}

/// The functions of `object`'s symbol tables (the dynamic one of a stripped library).
fn functions_of(object: &Path) -> Vec<(String, u64, u64)> {
    let Ok(data) = std::fs::read(object) else {
        return Vec::new();
    };
    crate::os::object_file::ObjectFile::parse(&data).map_or_else(
        |_| Vec::new(),
        |elf| {
            elf.functions()
                .into_iter()
                .map(|(name, start, size)| (name.to_string(), start, size))
                .collect()
        },
    )
}

/// A symbol as people write it (Rust's legacy mangling undone; C names as they are).
fn demangled(name: &str) -> String {
    let out = crate::os::reaper::output(Command::new("c++filt").arg(name));
    match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => name.to_string(),
    }
}

/// A source place relative to the current directory when under it, without a discriminator.
fn short(place: &str) -> String {
    let place = place.split(" (discriminator").next().unwrap_or(place);
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::cside::relative_to(&cwd, place).to_string()
}
