//! Just enough ELF to read a section of a linked binary, the bytes of a symbol of a
//! relocatable object, and a binary's functions, for either class and either byte order:
//! run-free verification reads binaries and objects built for other targets, so nothing here
//! assumes the host's; fault sweeps read the test binary's own functions.

use std::collections::HashMap;

/// A parsed ELF file over its bytes.
pub struct Elf<'a> {
    data: &'a [u8],
    big_endian: bool,
    is_64: bool,
    sections: Vec<Section>,
}

#[derive(Clone, Copy)]
struct Section {
    name: u32,
    kind: u32,
    offset: u64,
    size: u64,
    link: u32,
    entsize: u64,
}

const SHT_SYMTAB: u32 = 2;
/// The dynamic symbol table: what a stripped shared library still names.
const SHT_DYNSYM: u32 = 11;

/// One entry of a symbol table.
struct Symbol<'a> {
    name: &'a str,
    info: u8,
    shndx: u16,
    value: u64,
    size: u64,
}
const SHT_NOBITS: u32 = 8;

impl<'a> Elf<'a> {
    /// Parses the header and section table of `data`.
    pub fn parse(data: &'a [u8]) -> Result<Elf<'a>, String> {
        if data.len() < 52 || &data[..4] != b"\x7fELF" {
            return Err("not an ELF file".into());
        }
        let is_64 = match data[4] {
            1 => false,
            2 => true,
            other => return Err(format!("unknown ELF class {other}")),
        };
        let big_endian = data[5] == 2;
        let mut elf = Elf {
            data,
            big_endian,
            is_64,
            sections: Vec::new(),
        };
        let (shoff, shentsize, shnum) = if is_64 {
            (elf.u64_at(0x28)?, elf.u16_at(0x3a)?, elf.u16_at(0x3c)?)
        } else {
            (
                elf.u32_at(0x20)? as u64,
                elf.u16_at(0x2e)?,
                elf.u16_at(0x30)?,
            )
        };
        for i in 0..shnum as u64 {
            let at = (shoff + i * shentsize as u64) as usize;
            let section = if is_64 {
                Section {
                    name: elf.u32_at(at)?,
                    kind: elf.u32_at(at + 4)?,
                    offset: elf.u64_at(at + 0x18)?,
                    size: elf.u64_at(at + 0x20)?,
                    link: elf.u32_at(at + 0x28)?,
                    entsize: elf.u64_at(at + 0x38)?,
                }
            } else {
                Section {
                    name: elf.u32_at(at)?,
                    kind: elf.u32_at(at + 4)?,
                    offset: elf.u32_at(at + 0x10)? as u64,
                    size: elf.u32_at(at + 0x14)? as u64,
                    link: elf.u32_at(at + 0x18)?,
                    entsize: elf.u32_at(at + 0x24)? as u64,
                }
            };
            elf.sections.push(section);
        }
        Ok(elf)
    }

    /// Whether the file is big-endian (numbers in its sections are in that order).
    pub fn big_endian(&self) -> bool {
        self.big_endian
    }

    /// The bytes of the section named `name`, if the file has one with contents.
    pub fn section(&self, name: &str) -> Option<&'a [u8]> {
        let shstrndx = if self.is_64 {
            self.u16_at(0x3e).ok()?
        } else {
            self.u16_at(0x32).ok()?
        };
        let names = *self.sections.get(shstrndx as usize)?;
        self.sections
            .iter()
            .find(|s| self.string(&names, s.name) == Some(name) && s.kind != SHT_NOBITS)
            .and_then(|s| self.contents(s))
    }

    /// Every defined symbol of the symbol table with its bytes: for a relocatable object, a
    /// symbol's value is its offset in its section.
    pub fn symbol_bytes(&self) -> HashMap<&'a str, &'a [u8]> {
        let mut out = HashMap::new();
        for sym in self.symbols() {
            let Some(section) = self.sections.get(sym.shndx as usize) else {
                continue;
            };
            if let Some(b) = self
                .contents(section)
                .and_then(|bytes| bytes.get(sym.value as usize..(sym.value + sym.size) as usize))
            {
                out.insert(sym.name, b);
            }
        }
        out
    }

    /// Every function of the symbol tables: name, address, size.
    pub fn functions(&self) -> Vec<(&'a str, u64, u64)> {
        const STT_FUNC: u8 = 2;
        self.symbols()
            .filter(|s| s.info & 0xf == STT_FUNC && s.size > 0)
            .map(|s| (s.name, s.value, s.size))
            .collect()
    }

    /// The entries of every symbol table, the dynamic one included.
    fn symbols(&self) -> impl Iterator<Item = Symbol<'a>> + '_ {
        self.sections
            .iter()
            .filter(|s| s.kind == SHT_SYMTAB || s.kind == SHT_DYNSYM)
            .flat_map(move |table| {
                let strings = self.sections.get(table.link as usize).copied();
                let count =
                    self.contents(table).map_or(0, |e| e.len()) / table.entsize.max(1) as usize;
                (0..count).filter_map(move |i| self.symbol(table, strings?, i))
            })
    }

    fn symbol(&self, table: &Section, strings: Section, i: usize) -> Option<Symbol<'a>> {
        let at = table.offset as usize + i * table.entsize.max(1) as usize;
        let (info_at, shndx_at, value, size) = if self.is_64 {
            (
                at + 4,
                at + 6,
                self.u64_at(at + 8).ok()?,
                self.u64_at(at + 16).ok()?,
            )
        } else {
            (
                at + 12,
                at + 14,
                self.u32_at(at + 4).ok()? as u64,
                self.u32_at(at + 8).ok()? as u64,
            )
        };
        Some(Symbol {
            name: self.string(&strings, self.u32_at(at).ok()?)?,
            info: *self.data.get(info_at)?,
            shndx: self.u16_at(shndx_at).ok()?,
            value,
            size,
        })
    }

    fn contents(&self, s: &Section) -> Option<&'a [u8]> {
        self.data
            .get(s.offset as usize..(s.offset + s.size) as usize)
    }

    fn string(&self, table: &Section, at: u32) -> Option<&'a str> {
        let bytes = self.contents(table)?.get(at as usize..)?;
        let end = bytes.iter().position(|&b| b == 0)?;
        std::str::from_utf8(&bytes[..end]).ok()
    }

    fn bytes<const N: usize>(&self, at: usize) -> Result<[u8; N], String> {
        self.data
            .get(at..at + N)
            .map(|b| b.try_into().unwrap())
            .ok_or_else(|| "truncated ELF file".to_string())
    }

    fn u16_at(&self, at: usize) -> Result<u16, String> {
        let b = self.bytes::<2>(at)?;
        Ok(if self.big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    }

    fn u32_at(&self, at: usize) -> Result<u32, String> {
        let b = self.bytes::<4>(at)?;
        Ok(if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }

    fn u64_at(&self, at: usize) -> Result<u64, String> {
        let b = self.bytes::<8>(at)?;
        Ok(if self.big_endian {
            u64::from_be_bytes(b)
        } else {
            u64::from_le_bytes(b)
        })
    }

    /// `bytes` read as `u64`s in the file's byte order.
    pub fn words(&self, bytes: &[u8]) -> Vec<u64> {
        bytes
            .chunks_exact(8)
            .map(|c| {
                let b: [u8; 8] = c.try_into().unwrap();
                if self.big_endian {
                    u64::from_be_bytes(b)
                } else {
                    u64::from_le_bytes(b)
                }
            })
            .collect()
    }
}
