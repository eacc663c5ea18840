//! Code addresses named: an object file and an address in it become `function (file:line)`,
//! through the object's DWARF line tables read with the `addr2line` crate (C bodies' lines are
//! the Rust lines they were written on, through their `#line` directives), or the symbol whose
//! range holds the address when there is no line information. What a fault sweep's failed call
//! and a crash report show.
//!
//! Debug information is read from the object itself or, when it has none, from the separate
//! file its build ID names under `/usr/lib/debug/.build-id/` (where Debian's `-dbgsym`
//! packages put it), compressed sections included.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use gimli::{EndianArcSlice, RunTimeEndian};

use crate::os::object_file::ObjectFile;

type Reader = EndianArcSlice<RunTimeEndian>;

/// `function (file:line)` for each of `frames` (an object and an address in it), in order,
/// each object read once, with whether the frame has a source line; an empty name where a
/// frame is `None` (the caller says where those are).
pub fn symbolise_all(frames: &[Option<(PathBuf, u64)>]) -> Vec<(String, bool)> {
    let mut by_object: BTreeMap<&Path, Vec<u64>> = BTreeMap::new();
    for (object, address) in frames.iter().flatten() {
        by_object.entry(object).or_default().push(*address);
    }
    let mut names = BTreeMap::new();
    for (object, addresses) in by_object {
        for (address, name) in addresses.iter().zip(symbolise(object, &addresses)) {
            names.insert((object.to_path_buf(), *address), name);
        }
    }
    frames
        .iter()
        .map(|frame| match frame {
            Some(key) => names.get(key).cloned().unwrap_or_default(),
            None => (String::new(), false),
        })
        .collect()
}

/// `function (file:line)` for each address of `object`, and whether it has a source line.
/// Without debug information, the function is the symbol whose range holds the address (the
/// nearest symbol before it is often another function's), or the address itself.
pub fn symbolise(object: &Path, addresses: &[u64]) -> Vec<(String, bool)> {
    // Read once per run and object: a run with many crashes names them all from one reading
    // (a cache: what an object file says does not change while it is in use).
    static READ: Mutex<BTreeMap<PathBuf, Symbols>> = Mutex::new(BTreeMap::new());
    let mut read = READ.lock().unwrap_or_else(|e| e.into_inner());
    let symbols = read
        .entry(object.to_path_buf())
        .or_insert_with(|| Symbols::read(object));
    addresses
        .iter()
        .map(|&address| symbols.name(object, address))
        .collect()
}

/// What one object says about its addresses.
struct Symbols {
    lines: Option<addr2line::Context<Reader>>,
    /// The object's bytes, and its separate debug file's, whose symbol tables are read when a
    /// frame has no function name from the line tables.
    objects: Vec<Arc<[u8]>>,
    /// The functions of those symbol tables (the dynamic one of a stripped library).
    functions: OnceLock<Vec<(String, u64, u64)>>,
}

impl Symbols {
    fn read(object: &Path) -> Symbols {
        let mut symbols = Symbols {
            lines: None,
            objects: Vec::new(),
            functions: OnceLock::new(),
        };
        let Ok(data) = std::fs::read(object).map(Arc::<[u8]>::from) else {
            return symbols;
        };
        let Ok(file) = ObjectFile::parse(&data) else {
            return symbols;
        };
        if file.has_debug_lines() {
            symbols.lines = line_tables(&file, &data);
        } else if let Some(debug) = separate_debug_file(&file).map(Arc::<[u8]>::from) {
            // A stripped library: its separate debug file has the line tables, and the symbol
            // table of its internal functions too.
            if let Ok(debug_file) = ObjectFile::parse(&debug) {
                symbols.lines = line_tables(&debug_file, &debug);
            }
            symbols.objects.push(debug);
        }
        symbols.objects.insert(0, data);
        symbols
    }

    fn name(&self, object: &Path, address: u64) -> (String, bool) {
        if let Some((function, inlined, place)) = self.place(address) {
            // A mangled symbol names a Rust or C++ function in full (`crate::module::f`), where
            // line tables alone (`-C debuginfo=line-tables-only`) give its last word; a C
            // symbol may be an alias (`__GI_...`): the line tables' name is the one written.
            // An inlined function has no symbol of its own.
            let symbol = self.symbol(address).map(|(name, _)| name);
            let function = match (inlined, symbol) {
                (false, Some(symbol)) if is_mangled(symbol) => Some(demangled(symbol)),
                (_, symbol) => function.or_else(|| symbol.map(demangled)),
            };
            let function = function.unwrap_or_else(|| "??".to_string());
            return (format!("{function} ({place})"), true);
        }
        let text = match self.symbol(address) {
            Some((name, from_start)) => format!(
                "{}+{from_start:#x} (in {}, no line information)",
                demangled(name),
                object.display()
            ),
            None => format!("{address:#x} in {} (no line information)", object.display()),
        };
        (text, false)
    }

    /// The innermost function at `address` (an inlined one's own name), whether it was
    /// inlined there, and its `file:line`.
    fn place(&self, address: u64) -> Option<(Option<String>, bool, String)> {
        let lines = self.lines.as_ref()?;
        let mut frames = lines.find_frames(address).skip_all_loads().ok()?;
        let frame = frames.next().ok()??;
        let inlined = frames.next().ok().flatten().is_some();
        let location = frame.location?;
        let (file, line) = (location.file?, location.line?);
        let function = frame
            .function
            .and_then(|f| f.demangle().ok().map(Cow::into_owned));
        Some((function, inlined, format!("{}:{line}", short(file))))
    }

    /// The symbol whose range holds `address` (as the table has it), and how far into it.
    fn symbol(&self, address: u64) -> Option<(&str, u64)> {
        let functions = self.functions.get_or_init(|| {
            let parsed = self
                .objects
                .iter()
                .filter_map(|d| ObjectFile::parse(d).ok());
            let mut all: Vec<_> = parsed.flat_map(|file| functions_of(&file)).collect();
            all.sort_by_key(|(_, start, _)| *start);
            all
        });
        // Those starting last at or before `address` first (functions do not nest; aliases
        // share a start), then any (a symbol inside another, as hand-written assembly has).
        let holds =
            |(_, start, size): &&(String, u64, u64)| (*start..start + size).contains(&address);
        let after = functions.partition_point(|(_, start, _)| *start <= address);
        let last_start = functions[..after].last()?.1;
        functions[..after]
            .iter()
            .rev()
            .take_while(|(_, start, _)| *start == last_start)
            .find(holds)
            .or_else(|| functions[..after].iter().rev().find(holds))
            .map(|(name, start, _)| (name.as_str(), address - start))
    }
}

fn functions_of(file: &ObjectFile) -> Vec<(String, u64, u64)> {
    file.functions()
        .into_iter()
        .map(|(name, start, size)| (name.to_string(), start, size))
        .collect()
}

/// `file`'s line tables, if it has any the `addr2line` crate reads. `data` holds `file`'s
/// bytes: its sections are read in place, a compressed one decompressed.
fn line_tables(file: &ObjectFile, data: &Arc<[u8]>) -> Option<addr2line::Context<Reader>> {
    let endian = match file.big_endian() {
        true => RunTimeEndian::Big,
        false => RunTimeEndian::Little,
    };
    let whole = EndianArcSlice::new(data.clone(), endian);
    let load = |id: gimli::SectionId| -> Result<Reader, gimli::Error> {
        // Variables' locations and macros name no line: not read, nor inflated.
        let unused = matches!(
            id,
            gimli::SectionId::DebugLoc
                | gimli::SectionId::DebugLocLists
                | gimli::SectionId::DebugMacinfo
                | gimli::SectionId::DebugMacro
        );
        let section = match unused {
            true => None,
            false => file.debug_section(id.name()),
        };
        Ok(match section {
            Some(Cow::Borrowed(bytes)) => {
                let start = bytes.as_ptr() as usize - data.as_ptr() as usize;
                whole.range(start..start + bytes.len())
            }
            Some(Cow::Owned(bytes)) => EndianArcSlice::new(Arc::from(bytes), endian),
            None => EndianArcSlice::new(Arc::from(&[][..]), endian),
        })
    };
    let dwarf = gimli::Dwarf::load(load).ok()?;
    addr2line::Context::from_dwarf(dwarf).ok()
}

/// The contents of the separate debug file `file`'s build ID names, if one is installed.
fn separate_debug_file(file: &ObjectFile) -> Option<Vec<u8>> {
    let id: String = file
        .build_id()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (first, rest) = id.split_at_checked(2)?;
    std::fs::read(format!("/usr/lib/debug/.build-id/{first}/{rest}.debug")).ok()
}

/// A symbol as people write it (Rust's manglings and C++'s undone; C names as they are).
pub(crate) fn demangled(name: &str) -> String {
    // A symbol version (`clock_nanosleep@@GLIBC_2.17`) is the linker's, not the name.
    let name = name.split('@').next().unwrap_or(name);
    addr2line::demangle_auto(Cow::Borrowed(name), None).into_owned()
}

/// Whether `name` is a Rust (legacy or v0) or C++ mangled symbol.
pub(crate) fn is_mangled(name: &str) -> bool {
    name.starts_with("_Z") || name.starts_with("_R") || name.starts_with("__Z")
}

/// A source place relative to the current directory when under it; a crate from a registry
/// as `crate-version/src/...` and Rust's own library as `library/...` (their absolute places,
/// a cargo home and a build machine's path, say nothing more).
fn short(place: &str) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    short_in(&cwd, place)
}

fn short_in(cwd: &Path, place: &str) -> String {
    if let Some((_, in_index)) = place.split_once("/registry/src/") {
        if let Some((_, in_crate)) = in_index.split_once('/') {
            return in_crate.to_string();
        }
    }
    if let Some(rest) = place.strip_prefix("/rustc/") {
        if let Some((_, library)) = rest.split_once('/') {
            return library.to_string();
        }
    }
    crate::cside::relative_to(cwd, place).to_string()
}

#[cfg(test)]
mod tests {
    use super::{short_in, symbolise};
    use std::path::Path;

    #[test]
    fn places_are_shortened_to_what_names_them() {
        let cwd = Path::new("/work/x");
        assert_eq!(short_in(cwd, "/work/x/tests/a.rs:3"), "tests/a.rs:3");
        assert_eq!(short_in(cwd, "/elsewhere/b.c:9"), "/elsewhere/b.c:9");
        let pyo3 = "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/pyo3-0.30.1/src/types/any.rs:1091";
        assert_eq!(short_in(cwd, pyo3), "pyo3-0.30.1/src/types/any.rs:1091");
        let std = "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/sys/pal/unix/mod.rs:305";
        assert_eq!(
            short_in(cwd, std),
            "library/std/src/sys/pal/unix/mod.rs:305"
        );
    }

    #[inline(never)]
    fn a_function_of_this_test() -> usize {
        line!() as usize
    }

    #[test]
    fn this_binarys_own_function_is_named_with_its_line() {
        let exe = std::env::current_exe().unwrap();
        let data = std::fs::read(&exe).unwrap();
        let file = crate::os::object_file::ObjectFile::parse(&data).unwrap();
        let (_, start, _) = file
            .functions()
            .into_iter()
            .find(|(name, _, _)| name.contains("a_function_of_this_test"))
            .unwrap();
        let line = a_function_of_this_test();
        let named = symbolise(&exe, &[start, u64::MAX - 8]);
        let (text, placed) = &named[0];
        assert!(placed, "{text}");
        assert!(
            text.starts_with("ffi_test::report::stack::tests::a_function_of_this_test ("),
            "{text}"
        );
        assert!(text.contains("stack.rs:"), "{text}");
        let at = text.rsplit(':').next().unwrap().trim_end_matches(')');
        let at: usize = at.parse().unwrap();
        // Its first instruction is on one of its three lines (which one is the compiler's
        // choice: a debug build puts this one's on the closing brace).
        assert!(
            (line - 1..=line + 1).contains(&at),
            "{text} (line!() is {line})"
        );
        let nowhere = format!(
            "{:#x} in {} (no line information)",
            u64::MAX - 8,
            exe.display()
        );
        assert_eq!(named[1].0, nowhere);
        assert!(!named[1].1);
    }
}
