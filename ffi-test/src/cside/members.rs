//! C's member lists of checked records (`ffi_test_protocol::members`): read once from the debug
//! information of an object when it is built, kept beside it in the cache as a small table, and
//! looked up by the checks that run against it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gimli::{AttributeValue, EndianSlice, RunTimeEndian, UnitOffset};
use object::{Object, ObjectSection};

/// One C member as its record lays it out; an anonymous member's own members are listed as the
/// record's (as C names them), a named member of anonymous type's as `named.inner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CMember {
    /// Its name as C spells it (`named.inner` through a named member of anonymous type).
    pub name: String,
    /// Its offset in the record, in bytes (a bit-field's: of the byte its first bit is in).
    pub offset: u64,
    /// Its size in bytes.
    pub size: u64,
    /// A bit-field's width.
    pub bits: Option<u64>,
    /// Its type as C spells it (as far as debug information says).
    pub c_type: String,
}

/// Every member probe of an object: the probe variable's name and its record's members.
pub type Table = HashMap<String, Vec<CMember>>;

/// Where the table of `object` is kept.
pub fn sidecar(object: &Path) -> PathBuf {
    let mut name = object.as_os_str().to_owned();
    name.push(".members");
    PathBuf::from(name)
}

/// The table of the object whose bytes are `data`: every variable whose name ends in
/// `ffi_test_protocol::members::SUFFIX` and points to a struct or union. A relocatable object
/// (run-free verification compiles C's facts into one and never links it) has its debug
/// sections' relocations applied as they are read: their references to names are relocations
/// there, zero in place.
pub fn read_object(data: &[u8]) -> Result<Table, String> {
    let file = object::File::parse(data).map_err(|e| format!("not an object: {e}"))?;
    let endian = if file.is_little_endian() {
        RunTimeEndian::Little
    } else {
        RunTimeEndian::Big
    };
    let relocations: HashMap<&str, object::read::RelocationMap> = file
        .sections()
        .filter_map(|section| Some((section.name().ok()?, relocations_of(&file, &section))))
        .collect();
    let none = object::read::RelocationMap::default();
    let load = |id: gimli::SectionId| -> Result<R, gimli::Error> {
        let data = file
            .section_by_name(id.name())
            .and_then(|s| s.data().ok())
            .unwrap_or(&[]);
        let map = relocations.get(id.name()).unwrap_or(&none);
        Ok(gimli::RelocateReader::new(
            EndianSlice::new(data, endian),
            Relocations(map),
        ))
    };
    let dwarf = gimli::Dwarf::load(load).map_err(|e| format!("its debug information: {e}"))?;
    read_dwarf(&dwarf).map_err(|e| format!("its debug information: {e}"))
}

/// `section`'s relocations of the kinds DWARF's references use; others (a RISC-V object's
/// label differences, in lengths the member list does not read) are left out.
fn relocations_of(file: &object::File, section: &object::Section) -> object::read::RelocationMap {
    let mut map = object::read::RelocationMap::default();
    for (offset, relocation) in section.relocations() {
        let _ = map.add(file, offset, relocation);
    }
    map
}

/// A section's relocations, as gimli's reader applies them.
#[derive(Debug, Clone, Copy)]
struct Relocations<'a>(&'a object::read::RelocationMap);

impl gimli::read::Relocate for Relocations<'_> {
    fn relocate_address(&self, offset: usize, value: u64) -> gimli::Result<u64> {
        Ok(self.0.relocate(offset as u64, value))
    }

    fn relocate_offset(&self, offset: usize, value: usize) -> gimli::Result<usize> {
        let relocated = self.0.relocate(offset as u64, value as u64);
        <usize as gimli::ReaderOffset>::from_u64(relocated)
    }
}

type R<'a> = gimli::RelocateReader<EndianSlice<'a, RunTimeEndian>, Relocations<'a>>;

fn read_dwarf(dwarf: &gimli::Dwarf<R>) -> gimli::Result<Table> {
    let mut table = Table::new();
    let mut units = dwarf.units();
    while let Some(header) = units.next()? {
        let unit = dwarf.unit(header)?;
        let types = Types { dwarf, unit: &unit };
        let mut entries = unit.entries();
        while let Some((_, entry)) = entries.next_dfs()? {
            if entry.tag() != gimli::DW_TAG_variable {
                continue;
            }
            let Some(name) = types.name(entry)? else {
                continue;
            };
            if !name.ends_with(ffi_test_protocol::members::SUFFIX) {
                continue;
            }
            let Some(pointer) = types.type_of(entry)? else {
                continue;
            };
            let Some(record) = types.pointee(pointer)? else {
                continue;
            };
            let mut members = Vec::new();
            types.members(record, 0, "", &mut members)?;
            table.insert(name, members);
        }
    }
    Ok(table)
}

/// Reads types of one unit.
struct Types<'u, 'a> {
    dwarf: &'u gimli::Dwarf<R<'a>>,
    unit: &'u gimli::Unit<R<'a>>,
}

/// How deep a type is followed: debug information is data, and a cycle must not hang a build.
const DEPTH: usize = 32;

impl Types<'_, '_> {
    fn name(&self, entry: &gimli::DebuggingInformationEntry<R>) -> gimli::Result<Option<String>> {
        match entry.attr_value(gimli::DW_AT_name)? {
            Some(v) => Ok(Some(
                gimli::Reader::to_string_lossy(&self.dwarf.attr_string(self.unit, v)?)?
                    .into_owned(),
            )),
            None => Ok(None),
        }
    }

    fn type_of(
        &self,
        entry: &gimli::DebuggingInformationEntry<R>,
    ) -> gimli::Result<Option<UnitOffset>> {
        Ok(match entry.attr_value(gimli::DW_AT_type)? {
            Some(AttributeValue::UnitRef(offset)) => Some(offset),
            _ => None,
        })
    }

    fn udata(
        entry: &gimli::DebuggingInformationEntry<R>,
        at: gimli::DwAt,
    ) -> gimli::Result<Option<u64>> {
        Ok(entry.attr_value(at)?.and_then(|v| v.udata_value()))
    }

    /// Through qualifiers and typedefs to the type itself.
    fn strip(&self, mut offset: UnitOffset) -> gimli::Result<UnitOffset> {
        for _ in 0..DEPTH {
            let entry = self.unit.entry(offset)?;
            match entry.tag() {
                gimli::DW_TAG_typedef
                | gimli::DW_TAG_const_type
                | gimli::DW_TAG_volatile_type
                | gimli::DW_TAG_restrict_type
                | gimli::DW_TAG_atomic_type => match self.type_of(&entry)? {
                    Some(next) => offset = next,
                    None => return Ok(offset),
                },
                _ => return Ok(offset),
            }
        }
        Ok(offset)
    }

    /// The struct or union a pointer type points to.
    fn pointee(&self, pointer: UnitOffset) -> gimli::Result<Option<UnitOffset>> {
        let pointer = self.strip(pointer)?;
        let entry = self.unit.entry(pointer)?;
        if entry.tag() != gimli::DW_TAG_pointer_type {
            return Ok(None);
        }
        let Some(target) = self.type_of(&entry)? else {
            return Ok(None);
        };
        let target = self.strip(target)?;
        let tag = self.unit.entry(target)?.tag();
        Ok(matches!(
            tag,
            gimli::DW_TAG_structure_type | gimli::DW_TAG_class_type | gimli::DW_TAG_union_type
        )
        .then_some(target))
    }

    /// The members of `record` at `base`, named after `prefix`, appended to `out`.
    fn members(
        &self,
        record: UnitOffset,
        base: u64,
        prefix: &str,
        out: &mut Vec<CMember>,
    ) -> gimli::Result<()> {
        let mut tree = self.unit.entries_tree(Some(record))?;
        let mut children = tree.root()?.children();
        while let Some(child) = children.next()? {
            let entry = child.entry();
            // A C++ class's static data members are declarations (DWARF 4), and its vtable
            // pointer is artificial: neither is a member of the object's bytes.
            if entry.tag() != gimli::DW_TAG_member
                || entry.attr_value(gimli::DW_AT_declaration)?.is_some()
                || entry.attr_value(gimli::DW_AT_artificial)?.is_some()
            {
                continue;
            }
            let Some(ty) = self.type_of(entry)? else {
                continue;
            };
            let offset = base + self.member_offset(entry)?;
            let stripped = self.strip(ty)?;
            let inner = self.unit.entry(stripped)?;
            let is_record = matches!(
                inner.tag(),
                gimli::DW_TAG_structure_type | gimli::DW_TAG_class_type | gimli::DW_TAG_union_type
            );
            let anonymous_type = inner.attr_value(gimli::DW_AT_name)?.is_none();
            match self.name(entry)? {
                // An anonymous member: its members are the record's own, as C names them.
                None if is_record => self.members(stripped, offset, prefix, out)?,
                None => {} // an unnamed bit-field: padding, not a member
                Some(name) => {
                    let name = format!("{prefix}{name}");
                    out.push(CMember {
                        name: name.clone(),
                        offset,
                        size: self.size(ty, 0)?.unwrap_or(0),
                        bits: Self::udata(entry, gimli::DW_AT_bit_size)?,
                        c_type: self.spelling(ty, 0)?,
                    });
                    if is_record && anonymous_type {
                        self.members(stripped, offset, &format!("{name}."), out)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A member's byte offset: `DW_AT_data_member_location`, or a bit-field's
    /// `DW_AT_data_bit_offset` in bytes; a union's members have neither. The location is a
    /// constant, or (as GCC for Windows writes C++ members) the expression
    /// `DW_OP_plus_uconst N` applied to the record's address.
    fn member_offset(&self, entry: &gimli::DebuggingInformationEntry<R>) -> gimli::Result<u64> {
        match entry.attr_value(gimli::DW_AT_data_member_location)? {
            Some(AttributeValue::Exprloc(expression)) => {
                let mut operations = expression.operations(self.unit.encoding());
                if let (Some(gimli::Operation::PlusConstant { value }), None) =
                    (operations.next()?, operations.next()?)
                {
                    return Ok(value);
                }
                return Err(gimli::Error::UnsupportedEvaluation);
            }
            Some(value) => {
                if let Some(at) = value.udata_value() {
                    return Ok(at);
                }
            }
            None => {}
        }
        Ok(Self::udata(entry, gimli::DW_AT_data_bit_offset)?.map_or(0, |bits| bits / 8))
    }

    fn size(&self, offset: UnitOffset, depth: usize) -> gimli::Result<Option<u64>> {
        if depth > DEPTH {
            return Ok(None);
        }
        let entry = self.unit.entry(offset)?;
        if let Some(size) = Self::udata(&entry, gimli::DW_AT_byte_size)? {
            return Ok(Some(size));
        }
        match entry.tag() {
            gimli::DW_TAG_array_type => {
                let Some(element) = self.type_of(&entry)? else {
                    return Ok(None);
                };
                let element = self.size(element, depth + 1)?.unwrap_or(0);
                Ok(Some(element * self.array_count(offset)?.unwrap_or(0)))
            }
            gimli::DW_TAG_pointer_type => Ok(Some(u64::from(self.unit.encoding().address_size))),
            _ => match self.type_of(&entry)? {
                Some(next) => self.size(next, depth + 1),
                None => Ok(None),
            },
        }
    }

    /// The element count of an array type (every dimension), `None` for a flexible one.
    fn array_count(&self, array: UnitOffset) -> gimli::Result<Option<u64>> {
        let mut tree = self.unit.entries_tree(Some(array))?;
        let mut children = tree.root()?.children();
        let mut count = 1u64;
        while let Some(child) = children.next()? {
            let entry = child.entry();
            if entry.tag() != gimli::DW_TAG_subrange_type {
                continue;
            }
            let n = match (
                Self::udata(entry, gimli::DW_AT_count)?,
                Self::udata(entry, gimli::DW_AT_upper_bound)?,
            ) {
                (Some(n), _) => n,
                (None, Some(upper)) => upper + 1,
                (None, None) => return Ok(None),
            };
            count = count.saturating_mul(n);
        }
        Ok(Some(count))
    }

    /// The type at `offset` as C would spell it, as far as a report needs.
    fn spelling(&self, offset: UnitOffset, depth: usize) -> gimli::Result<String> {
        if depth > DEPTH {
            return Ok("...".into());
        }
        let entry = self.unit.entry(offset)?;
        let name = self.name(&entry)?;
        let inner = |this: &Self| -> gimli::Result<String> {
            match this.type_of(&entry)? {
                Some(next) => this.spelling(next, depth + 1),
                None => Ok("void".into()),
            }
        };
        Ok(match entry.tag() {
            gimli::DW_TAG_base_type | gimli::DW_TAG_typedef => name.unwrap_or_default(),
            gimli::DW_TAG_structure_type => tagged("struct", name),
            gimli::DW_TAG_union_type => tagged("union", name),
            gimli::DW_TAG_enumeration_type => tagged("enum", name),
            gimli::DW_TAG_pointer_type => format!("{} *", inner(self)?),
            gimli::DW_TAG_const_type => format!("const {}", inner(self)?),
            gimli::DW_TAG_volatile_type => format!("volatile {}", inner(self)?),
            gimli::DW_TAG_array_type => match self.array_count(offset)? {
                Some(n) => format!("{}[{n}]", inner(self)?),
                None => format!("{}[]", inner(self)?),
            },
            gimli::DW_TAG_subroutine_type => "a function".into(),
            _ => inner(self)?,
        })
    }
}

fn tagged(tag: &str, name: Option<String>) -> String {
    match name {
        Some(name) => format!("{tag} {name}"),
        None => format!("{tag} (anonymous)"),
    }
}

/// The table as kept beside its object: one member a line, its fields tab-separated.
pub fn encode(table: &Table) -> String {
    let mut names: Vec<&String> = table.keys().collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        out.push_str(&format!("{name}\n"));
        for m in &table[name] {
            let bits = m.bits.map_or("-".to_string(), |b| b.to_string());
            out.push_str(&format!(
                "\t{}\t{}\t{}\t{bits}\t{}\n",
                m.name, m.offset, m.size, m.c_type
            ));
        }
    }
    out
}

/// The table [`encode`] wrote.
pub fn decode(text: &str) -> Result<Table, String> {
    let mut table = Table::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let Some(member) = line.strip_prefix('\t') else {
            table.insert(line.to_string(), Vec::new());
            current = Some(line.to_string());
            continue;
        };
        let bad = || format!("malformed member line {line:?}");
        let parts: Vec<&str> = member.splitn(5, '\t').collect();
        let [name, offset, size, bits, c_type] = parts[..] else {
            return Err(bad());
        };
        let members = current
            .as_ref()
            .and_then(|c| table.get_mut(c))
            .ok_or_else(bad)?;
        members.push(CMember {
            name: name.to_string(),
            offset: offset.parse().map_err(|_| bad())?,
            size: size.parse().map_err(|_| bad())?,
            bits: if bits == "-" {
                None
            } else {
                Some(bits.parse().map_err(|_| bad())?)
            },
            c_type: c_type.to_string(),
        });
    }
    Ok(table)
}

/// Tables already read by this process (a cache: one read per object, however many checks).
static READ: Mutex<Option<HashMap<PathBuf, Arc<Table>>>> = Mutex::new(None);

/// The members of the record probed by `variable` in `object`'s table.
pub fn lookup(object: &Path, variable: &str) -> Result<Vec<CMember>, String> {
    let table = {
        let mut read = READ.lock().unwrap_or_else(|e| e.into_inner());
        let read = read.get_or_insert_with(HashMap::new);
        match read.get(object) {
            Some(table) => Arc::clone(table),
            None => {
                let path = sidecar(object);
                let text = crate::os::untrusted::read_text(&path, crate::os::untrusted::LOG_CAP)
                    .map_err(|e| {
                        format!("C's member list {} cannot be read: {e}", path.display())
                    })?;
                let table = Arc::new(decode(&text)?);
                read.insert(object.to_path_buf(), Arc::clone(&table));
                table
            }
        }
    };
    table.get(variable).cloned().ok_or_else(|| {
        format!("the C compiler's debug information has no member list for `{variable}`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_as_written() {
        let mut table = Table::new();
        table.insert(
            "p_members".into(),
            vec![
                CMember {
                    name: "a".into(),
                    offset: 0,
                    size: 4,
                    bits: None,
                    c_type: "int".into(),
                },
                CMember {
                    name: "u.b".into(),
                    offset: 8,
                    size: 4,
                    bits: Some(3),
                    c_type: "unsigned int".into(),
                },
            ],
        );
        table.insert("empty_members".into(), Vec::new());
        assert_eq!(decode(&encode(&table)).unwrap(), table);
        assert!(decode("x\n\tonly\ttwo\n").is_err());
    }

    /// A relocatable object (what run-free verification compiles) names its members through
    /// relocations into `.debug_str`: read without them, every name would be the string at
    /// offset 0.
    #[test]
    fn a_relocatable_objects_members_are_read_with_its_relocations() {
        let dir = std::env::temp_dir().join(format!("ffi-test-members-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (source, object) = (dir.join("probe.c"), dir.join("probe.o"));
        let text = format!(
            "{}struct pair {{ int first_member; char second_member; }};\n{}",
            ffi_test_protocol::members::c_support(),
            ffi_test_protocol::members::c_probe("facts", "struct pair")
        );
        std::fs::write(&source, text).unwrap();
        let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
        let status = std::process::Command::new(cc)
            .args(["-c", "-g", "-o"])
            .arg(&object)
            .arg(&source)
            .status()
            .unwrap();
        assert!(status.success());
        let table = read_object(&std::fs::read(&object).unwrap()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let members: Vec<(&str, u64, &str)> = table["facts_members"]
            .iter()
            .map(|m| (m.name.as_str(), m.offset, m.c_type.as_str()))
            .collect();
        assert_eq!(
            members,
            [("first_member", 0, "int"), ("second_member", 4, "char")]
        );
    }
}
