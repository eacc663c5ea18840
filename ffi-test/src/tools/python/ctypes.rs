//! `check_ctypes!`: a Python module's ctypes `Structure`/`Union` mirror compared with the C type
//! it mirrors, with the table `#[layout_matches]` reports.
//!
//! Python reads its own layout (ctypes computes it, honouring `_pack_`, `_anonymous_` and
//! bit-fields) in an interpreter of its own; C's facts are compiled into an object as data and
//! read back from it, never linked or run, as run-free verification reads them.

use std::fmt::Write;
use std::path::Path;

use super::mirror::{self, Mirror};
use crate::checks::{bitfield, layout};
use crate::cside::compiler::Compiler;
use crate::os::object_file::ObjectFile;
use crate::registry::config::Config;
use crate::registry::context::TestContext;

/// The symbol of the layout facts in the compiled object.
const FACTS: &str = "ffi_test_ctypes_facts";

/// Where the check is declared, for its report and for C diagnostics.
pub struct Declared {
    /// The module: a `.py` path relative to the package root, or a dotted module name.
    pub module: &'static str,
    /// The ctypes class.
    pub class: &'static str,
    /// The C type it mirrors.
    pub c_type: &'static str,
    /// `file!()` and line of the `check_ctypes!`.
    pub file: &'static str,
    /// The line of the `check_ctypes!`.
    pub line: u32,
}

/// Runs the check declared by `check_ctypes!`.
pub fn check(ctx: &dyn TestContext, declared: &Declared) -> Result<(), String> {
    let config = ctx.config();
    let mut mirror = read_mirror(declared, config)?;
    // C's diagnostics about any member point at the check (Python's lines are not known).
    for field in mirror.layout.fields.to_mut() {
        field.line = declared.line;
    }
    let c = c_facts(declared, config, &mirror)?;
    let mut rows = layout::disagreements(&mirror.layout, &c.layout);
    for (python, c_bytes) in mirror.bitfields.iter().zip(&c.bitfields) {
        rows.extend(bitfield::bits_disagreement(
            python,
            bitfield::bits_of(c_bytes),
        ));
    }
    if rows.is_empty() {
        return Ok(());
    }
    let headline = format!(
        "ctypes mirror `{}` ({}) does not match C `{}`: {}",
        declared.class,
        declared.module,
        declared.c_type,
        layout::disagreement_count(rows.len())
    );
    Err(layout::table(&headline, "Python", &rows))
}

/// The class's layout as ctypes computes it.
fn read_mirror(declared: &Declared, config: &Config) -> Result<Mirror, String> {
    let script = ffi_test_protocol::python::ctypes_script();
    let root = Path::new(config.manifest_dir);
    let out = super::interpreter::run(
        &script,
        &[declared.module, config.manifest_dir, declared.class],
        root,
    )?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "ctypes mirror `{}`: importing `{}` failed ({}):\n{}",
            declared.class,
            declared.module,
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    mirror::parse(&stdout, declared.class, declared.c_type).map_err(|why| {
        format!(
            "ctypes mirror `{}` ({}) cannot be checked: {why}",
            declared.class, declared.module
        )
    })
}

/// What C says: the layout facts in the order the comparison reads them, and each bit-field's
/// bytes after `-1` was stored in it.
struct CFacts {
    layout: Vec<u64>,
    bitfields: Vec<Vec<u8>>,
}

fn c_facts(declared: &Declared, config: &Config, mirror: &Mirror) -> Result<CFacts, String> {
    let work = super::WorkDir::new("ctypes")?;
    let toolchain = crate::cside::Toolchain::native(config);
    let cache = toolchain.cache().ok();
    let compiler = Compiler::detect(&toolchain, cache.as_ref().map(|c| c.dir()))?;
    let source = work.0.join("mirror.c");
    let object = work.0.join("mirror.o");
    std::fs::write(&source, c_text(declared, config, mirror))
        .map_err(|e| format!("cannot write {source:?}: {e}"))?;
    let out = compiler.compile_object(&source, &object, false);
    if !out.success {
        return Err(format!(
            "ctypes mirror `{}` ({}) could not be compared with C `{}`: the C side does not compile.\n{}{}",
            declared.class,
            declared.module,
            declared.c_type,
            hint_for(&out.diagnostics),
            layout::errors_only(&out.diagnostics)
        ));
    }
    let data = std::fs::read(&object).map_err(|e| format!("cannot read {object:?}: {e}"))?;
    let elf = ObjectFile::parse(&data).map_err(|e| format!("{object:?}: {e}"))?;
    let symbols = elf.symbol_bytes();
    let bytes = |name: &str| {
        symbols
            .get(name)
            .map(|b| b.to_vec())
            .ok_or_else(|| format!("the compiled facts have no `{name}`"))
    };
    let layout = elf.words(&bytes(FACTS)?);
    let bitfields = (0..mirror.bitfields.len())
        .map(|i| bytes(&bitfield_symbol(i)))
        .collect::<Result<_, _>>()?;
    Ok(CFacts { layout, bitfields })
}

/// A hint for a C side that does not compile, in the mirror's terms.
fn hint_for(diagnostics: &str) -> String {
    let hint = if diagnostics.contains("bit-field") {
        "C declares a member as a bit-field where the mirror has a whole field: give it its width \
         in `_fields_` (`(\"name\", c_uint, 3)`)."
    } else if diagnostics.contains("no member named") {
        "A Python field has no C member of that name: the C type lacks it, or names it differently. \
         The members of an anonymous C struct or union are reached through `_anonymous_`."
    } else {
        return layout::hint_for(diagnostics);
    };
    format!("hint: {hint}\n")
}

fn bitfield_symbol(i: usize) -> String {
    format!("{FACTS}_bits{i}")
}

/// The unit: the binary's headers, the layout facts as an array, and for each bit-field a
/// value of the type with `-1` stored in that member alone (its bytes say which bits it has).
fn c_text(declared: &Declared, config: &Config, mirror: &Mirror) -> String {
    let mut c = crate::cside::unit::headers_only(config, &[]);
    c.push_str(
        "#pragma GCC diagnostic ignored \"-Wunused-value\"\n\
         #pragma GCC diagnostic ignored \"-Woverflow\"\n",
    );
    let _ = writeln!(c, "#line {} \"{}\"", declared.line, declared.file);
    c.push_str(&layout::c_static_text(&mirror.layout, declared.line, FACTS));
    for (i, b) in mirror.bitfields.iter().enumerate() {
        let _ = writeln!(
            c,
            "const {} {} = {{ .{} = -1 }};",
            declared.c_type,
            bitfield_symbol(i),
            b.c_name
        );
    }
    c
}
