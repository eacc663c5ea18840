//! Reading object files through the `object` crate: a section of a linked binary, the bytes of
//! a symbol of a relocatable object, a binary's functions, for either class and either byte
//! order. Run-free verification reads binaries and objects built for other targets, so nothing
//! here assumes the host's; fault sweeps read the test binary's own functions. ELF is what the
//! runtime reads today; `object` reads COFF and Mach-O the same way when those targets come.

use std::collections::HashMap;

use object::{
    Architecture, BinaryFormat, Object, ObjectSection, ObjectSegment, ObjectSymbol, SectionIndex,
    SectionKind, SymbolKind,
};

/// A parsed object file over its bytes.
pub struct ObjectFile<'a> {
    file: object::File<'a>,
}

impl<'a> ObjectFile<'a> {
    /// Parses `data`: an object file of any format and target `object` reads.
    pub fn parse(data: &'a [u8]) -> Result<ObjectFile<'a>, String> {
        let file = object::File::parse(data).map_err(|e| format!("not an object file: {e}"))?;
        Ok(ObjectFile { file })
    }

    /// Whether the file is big-endian (numbers in its sections are in that order).
    pub fn big_endian(&self) -> bool {
        !self.file.is_little_endian()
    }

    /// The bytes of the section named `name`, if the file has one with contents.
    pub fn section(&self, name: &str) -> Option<&'a [u8]> {
        let section = self.file.section_by_name(name)?;
        if section.kind() == SectionKind::UninitializedData {
            return None;
        }
        section.data().ok()
    }

    /// Every defined symbol of the symbol table with its bytes: for a relocatable object, a
    /// symbol's value is its offset in its section. A COFF symbol has no size: its bytes run to
    /// the next symbol of its section, or the section's end, padding included (a reader that
    /// needs the exact length has it written beside, as `sizeof`). A C name in a 32-bit x86
    /// COFF object carries a leading underscore, which is taken off.
    pub fn symbol_bytes(&self) -> HashMap<&'a str, &'a [u8]> {
        let coff = self.file.format() == BinaryFormat::Coff;
        let prefixed = coff && self.file.architecture() == Architecture::I386;
        let starts = if coff {
            self.symbol_starts()
        } else {
            HashMap::new()
        };
        let mut out = HashMap::new();
        for symbol in self.file.symbols() {
            let (Ok(name), Some(index)) = (symbol.name(), symbol.section_index()) else {
                continue;
            };
            let Ok(section) = self.file.section_by_index(index) else {
                continue;
            };
            let Some(start) = symbol.address().checked_sub(section.address()) else {
                continue;
            };
            let size = match symbol.size() {
                0 if coff => {
                    let next = starts
                        .get(&index)
                        .and_then(|v| v.iter().find(|&&a| a > symbol.address()).copied());
                    next.unwrap_or(section.address() + section.size()) - symbol.address()
                }
                size => size,
            };
            let bytes = section.data().ok().and_then(|data| {
                data.get(usize::try_from(start).ok()?..)?
                    .get(..usize::try_from(size).ok()?)
            });
            let name = match name.strip_prefix('_') {
                Some(bare) if prefixed => bare,
                _ => name,
            };
            if let Some(bytes) = bytes {
                out.insert(name, bytes);
            }
        }
        out
    }

    /// Where the symbols of each section start, in order (what ends a sizeless symbol).
    fn symbol_starts(&self) -> HashMap<SectionIndex, Vec<u64>> {
        let mut starts: HashMap<SectionIndex, Vec<u64>> = HashMap::new();
        for symbol in self.file.symbols() {
            if let Some(index) = symbol.section_index() {
                starts.entry(index).or_default().push(symbol.address());
            }
        }
        starts.values_mut().for_each(|v| v.sort_unstable());
        starts
    }

    /// The address the byte at `offset` in the file is loaded at, if a loaded segment holds
    /// it (what symbols and line tables are keyed by).
    pub fn address_of_file_offset(&self, offset: u64) -> Option<u64> {
        self.file.segments().find_map(|segment| {
            let (start, size) = segment.file_range();
            (start..start + size)
                .contains(&offset)
                .then(|| segment.address() + (offset - start))
        })
    }

    /// The address a module is meant to load at, to which a relative address (a PE image's
    /// offset from where it was loaded) is added to get what symbols and line tables are keyed
    /// by; 0 for ELF objects, whose addresses are their own.
    pub fn relative_address_base(&self) -> u64 {
        self.file.relative_address_base()
    }

    /// Whether the symbol table defines `name` as a global symbol (what another object could
    /// link against, if the file exported it).
    pub fn defines_global(&self, name: &str) -> bool {
        self.file
            .symbols()
            .any(|s| s.is_definition() && s.is_global() && s.name().is_ok_and(|n| n == name))
    }

    /// Every function of the symbol tables, the dynamic one included: name, address, size.
    pub fn functions(&self) -> Vec<(&'a str, u64, u64)> {
        self.file
            .symbols()
            .chain(self.file.dynamic_symbols())
            .filter(|s| s.kind() == SymbolKind::Text && s.size() > 0)
            .filter_map(|s| Some((s.name().ok()?, s.address(), s.size())))
            .collect()
    }

    /// The contents of the debug section named `name` (the file's own bytes, or decompressed
    /// if the file compresses it); `None` for a missing one or one that cannot be read.
    pub fn debug_section(&self, name: &str) -> Option<std::borrow::Cow<'a, [u8]>> {
        let section = self.file.section_by_name(name)?;
        let compressed = section.compressed_data().ok()?;
        if compressed.format == object::CompressionFormat::Zlib {
            let size = usize::try_from(compressed.uncompressed_size).ok()?;
            if let Some(bytes) = super::zlib::inflate(compressed.data, size) {
                return Some(std::borrow::Cow::Owned(bytes));
            }
        }
        compressed.decompress().ok()
    }

    /// Whether the file carries line tables of its own (not in a separate debug file).
    pub fn has_debug_lines(&self) -> bool {
        self.file
            .section_by_name(".debug_line")
            .is_some_and(|s| s.size() > 0 && s.kind() != SectionKind::UninitializedData)
    }

    /// The file's GNU build ID, which names its separate debug file.
    pub fn build_id(&self) -> Option<&'a [u8]> {
        self.file.build_id().ok().flatten()
    }

    /// `bytes` read as `u64`s in the file's byte order.
    pub fn words(&self, bytes: &[u8]) -> Vec<u64> {
        bytes
            .chunks_exact(8)
            .map(|c| {
                let b: [u8; 8] = c.try_into().unwrap();
                if self.big_endian() {
                    u64::from_be_bytes(b)
                } else {
                    u64::from_le_bytes(b)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::ObjectFile;

    #[test]
    fn the_running_binary_reads_as_an_object_with_its_functions() {
        let data = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let file = ObjectFile::parse(&data).unwrap();
        assert_eq!(file.big_endian(), cfg!(target_endian = "big"));
        assert!(file.section(".text").is_some_and(|t| !t.is_empty()));
        assert!(file.section(".no-such-section").is_none());
        let functions = file.functions();
        let this = functions
            .iter()
            .find(|(name, _, _)| name.contains("the_running_binary_reads_as_an_object"));
        assert!(this.is_some_and(|(_, address, size)| *address != 0 && *size != 0));
        assert!(file.defines_global("main"));
        assert!(!file.defines_global("no_such_symbol_anywhere"));
        assert_eq!(
            ObjectFile::parse(b"not an object")
                .err()
                .map(|e| e.starts_with("not an object file")),
            Some(true)
        );
        let words = file.words(&[1, 0, 0, 0, 0, 0, 0, 0, 9]);
        assert_eq!(words, [if file.big_endian() { 1 << 56 } else { 1 }]);
    }
}
