//! Pointing every loaded object's imports of one function at another: the slots the dynamic
//! linker filled for a symbol (the PLT's jump slots, `GLOB_DAT` and absolute words) are found
//! through each object's dynamic section (`dl_iterate_phdr`) and overwritten, the read-only
//! (RELRO) ones made writable for the write and read-only again. What `LD_PRELOAD` would do,
//! without restarting the process: the C++ support uses it to see throws made in libraries
//! (`cside::cpp_throws`). Objects loaded later are not covered until it runs again.

use std::ffi::{c_int, c_void, CStr};

/// `(relocation types meaning "the symbol's address in a word": jump slot, GOT entry,
/// absolute word)` for this target.
#[cfg(target_arch = "x86_64")]
const WORD_RELOCATIONS: [u32; 3] = [7, 6, 1];
#[cfg(target_arch = "x86")]
const WORD_RELOCATIONS: [u32; 3] = [7, 6, 1];
#[cfg(target_arch = "aarch64")]
const WORD_RELOCATIONS: [u32; 3] = [1026, 1025, 257];
#[cfg(target_arch = "arm")]
const WORD_RELOCATIONS: [u32; 3] = [22, 21, 2];
#[cfg(target_arch = "riscv64")]
const WORD_RELOCATIONS: [u32; 3] = [5, 2, 2];
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv64"
)))]
const WORD_RELOCATIONS: [u32; 3] = [u32::MAX; 3];

#[cfg(target_pointer_width = "64")]
mod elf {
    /// `Elf64_Dyn`.
    #[repr(C)]
    pub struct Dyn {
        pub d_tag: i64,
        pub d_un: u64,
    }
    impl Dyn {
        /// `(tag, value)`.
        pub fn read(&self) -> (i64, usize) {
            (self.d_tag, self.d_un as usize)
        }
    }
    /// `Elf64_Sym`.
    #[repr(C)]
    pub struct Sym {
        pub st_name: u32,
        pub st_info: u8,
        pub st_other: u8,
        pub st_shndx: u16,
        pub st_value: u64,
        pub st_size: u64,
    }
    pub type Phdr = libc::Elf64_Phdr;
    /// `(offset, symbol, type)` of a relocation entry's first two words.
    pub fn split(offset: u64, info: u64) -> (u64, usize, u32) {
        (offset, (info >> 32) as usize, info as u32)
    }
    pub type Word = u64;
}

#[cfg(target_pointer_width = "32")]
mod elf {
    /// `Elf32_Dyn`.
    #[repr(C)]
    pub struct Dyn {
        pub d_tag: i32,
        pub d_un: u32,
    }
    impl Dyn {
        /// `(tag, value)`.
        pub fn read(&self) -> (i64, usize) {
            (self.d_tag as i64, self.d_un as usize)
        }
    }
    /// `Elf32_Sym`.
    #[repr(C)]
    pub struct Sym {
        pub st_name: u32,
        pub st_value: u32,
        pub st_size: u32,
        pub st_info: u8,
        pub st_other: u8,
        pub st_shndx: u16,
    }
    pub type Phdr = libc::Elf32_Phdr;
    pub fn split(offset: u32, info: u32) -> (u64, usize, u32) {
        (offset as u64, (info >> 8) as usize, info & 0xff)
    }
    pub type Word = u32;
}

const DT_NULL: i64 = 0;
const DT_PLTRELSZ: i64 = 2;
const DT_STRTAB: i64 = 5;
const DT_SYMTAB: i64 = 6;
const DT_RELA: i64 = 7;
const DT_RELASZ: i64 = 8;
const DT_REL: i64 = 17;
const DT_RELSZ: i64 = 18;
const DT_PLTREL: i64 = 20;
const DT_JMPREL: i64 = 23;
const DT_GNU_HASH: i64 = 0x6ffffef5;
const PT_DYNAMIC: u32 = 2;
const PT_GNU_RELRO: u32 = 0x6474e552;

/// One request: the symbol to rebind, where to, and which objects to leave alone.
struct Request<'a> {
    symbol: &'a CStr,
    to: usize,
    /// Objects that define this symbol are left as they are (the C++ units, whose own wrapper
    /// calls the real function through their slot).
    unless_defined: &'a CStr,
    patched: usize,
}

/// Points every loaded object's slots for `symbol` at `to`, except in objects defining
/// `unless_defined` (whose slot is how `to` reaches the original). Returns how many slots.
///
/// # Safety
/// `to` must be a function with `symbol`'s type; no thread may call `symbol` while this runs.
pub unsafe fn rebind(symbol: &CStr, to: *const (), unless_defined: &CStr) -> usize {
    let mut request = Request {
        symbol,
        to: to as usize,
        unless_defined,
        patched: 0,
    };
    // SAFETY: the callback receives the request it is given and only reads the objects'
    // program headers and dynamic sections, which the loader keeps mapped during the call.
    unsafe { libc::dl_iterate_phdr(Some(each_object), (&mut request as *mut Request).cast()) };
    request.patched
}

unsafe extern "C" fn each_object(
    info: *mut libc::dl_phdr_info,
    _size: libc::size_t,
    data: *mut c_void,
) -> c_int {
    // SAFETY: `data` is the `Request` `rebind` passed; `info` is the loader's, valid here.
    let (request, info) = unsafe { (&mut *(data as *mut Request), &*info) };
    // SAFETY: the program headers of a loaded object, as the loader describes them.
    let headers = unsafe {
        std::slice::from_raw_parts(info.dlpi_phdr as *const elf::Phdr, info.dlpi_phnum as usize)
    };
    let base = info.dlpi_addr as usize;
    let Some(dynamic) = headers.iter().find(|h| h.p_type == PT_DYNAMIC) else {
        return 0;
    };
    let relro = headers
        .iter()
        .find(|h| h.p_type == PT_GNU_RELRO)
        .map(|h| (base + h.p_vaddr as usize, h.p_memsz as usize));
    // SAFETY: PT_DYNAMIC of a loaded object is mapped and ends with DT_NULL.
    let object =
        unsafe { Dynamic::read((base + dynamic.p_vaddr as usize) as *const elf::Dyn, base) };
    if let Some(object) = object {
        // SAFETY: the tables the dynamic section names are mapped with the object.
        request.patched += unsafe { object.rebind(request, base, relro) };
    }
    0
}

/// What an object's dynamic section says of its symbols and relocations, as addresses.
struct Dynamic {
    strtab: usize,
    symtab: usize,
    /// Its DT_GNU_HASH table, if it has one.
    gnu_hash: Option<usize>,
    /// `(table, size in bytes, with addends)` of each relocation table.
    tables: Vec<(usize, usize, bool)>,
}

impl Dynamic {
    /// # Safety
    /// `at` is a loaded object's dynamic section.
    unsafe fn read(mut at: *const elf::Dyn, base: usize) -> Option<Dynamic> {
        let (mut strtab, mut symtab, mut gnu_hash) = (0, 0, 0);
        let (mut rela, mut relasz, mut rel, mut relsz) = (0, 0, 0, 0);
        let (mut jmprel, mut pltrelsz, mut pltrel) = (0, 0, 0i64);
        loop {
            // SAFETY: within the dynamic section, which ends with DT_NULL.
            let (tag, value) = unsafe { &*at }.read();
            // The loader has made some entries addresses, and left others (a read-only dynamic
            // section) offsets from the object's base.
            let address = || if value < base { base + value } else { value };
            match tag {
                DT_NULL => break,
                DT_STRTAB => strtab = address(),
                DT_SYMTAB => symtab = address(),
                DT_GNU_HASH => gnu_hash = address(),
                DT_RELA => rela = address(),
                DT_RELASZ => relasz = value,
                DT_REL => rel = address(),
                DT_RELSZ => relsz = value,
                DT_JMPREL => jmprel = address(),
                DT_PLTRELSZ => pltrelsz = value,
                DT_PLTREL => pltrel = value as i64,
                _ => {}
            }
            // SAFETY: the next entry; the loop stops at DT_NULL.
            at = unsafe { at.add(1) };
        }
        if strtab == 0 || symtab == 0 {
            return None;
        }
        let mut tables = vec![(rela, relasz, true), (rel, relsz, false)];
        tables.push((jmprel, pltrelsz, pltrel == DT_RELA));
        tables.retain(|&(at, size, _)| at != 0 && size != 0);
        Some(Dynamic {
            strtab,
            symtab,
            gnu_hash: (gnu_hash != 0).then_some(gnu_hash),
            tables,
        })
    }

    /// # Safety
    /// The object's tables are mapped; `relro` is its read-only-after-relocation range.
    unsafe fn rebind(
        &self,
        request: &Request,
        base: usize,
        relro: Option<(usize, usize)>,
    ) -> usize {
        let name_of = |index: usize| -> &CStr {
            let at = self.symtab + index * std::mem::size_of::<elf::Sym>();
            // SAFETY: a symbol of the object's own table, named in its own string table.
            unsafe {
                let sym = &*(at as *const elf::Sym);
                CStr::from_ptr((self.strtab + sym.st_name as usize) as *const libc::c_char)
            }
        };
        let mut slots = Vec::new();
        for &(table, size, addends) in &self.tables {
            let word = std::mem::size_of::<elf::Word>();
            let entry = if addends { 3 * word } else { 2 * word };
            for i in 0..size / entry {
                // SAFETY: within the relocation table the dynamic section names.
                let words = unsafe {
                    std::slice::from_raw_parts((table + i * entry) as *const elf::Word, 2)
                };
                let (offset, symbol, kind) = elf::split(words[0], words[1]);
                if symbol == 0 || !WORD_RELOCATIONS.contains(&kind) {
                    continue;
                }
                if name_of(symbol) == request.symbol {
                    slots.push(base + offset as usize);
                }
            }
        }
        if slots.is_empty() || self.defines(request.unless_defined) {
            return 0;
        }
        for &slot in &slots {
            // SAFETY: a slot the loader filled for the symbol, a word in the object's data.
            unsafe { write_word(slot, request.to, relro) };
        }
        slots.len()
    }

    /// Whether the object defines `name`, looked up through its GNU hash table (the symbol
    /// table's length is written nowhere else the loader maps); an object without one is taken
    /// not to.
    fn defines(&self, name: &CStr) -> bool {
        let Some(table) = self.gnu_hash else {
            return false;
        };
        // SAFETY: the object's DT_GNU_HASH table: a header of four words, the Bloom filter,
        // the buckets, then the chains of hash values, each chain ending with an odd value.
        unsafe {
            let header = std::slice::from_raw_parts(table as *const u32, 4);
            let (buckets, first, bloom) =
                (header[0] as usize, header[1] as usize, header[2] as usize);
            if buckets == 0 {
                return false;
            }
            let buckets_at = table + 16 + bloom * std::mem::size_of::<usize>();
            let chains_at = buckets_at + 4 * buckets;
            let hash = gnu_hash(name.to_bytes());
            let mut index = *((buckets_at + 4 * (hash as usize % buckets)) as *const u32) as usize;
            if index == 0 || index < first {
                return false;
            }
            loop {
                let chained = *((chains_at + 4 * (index - first)) as *const u32);
                if chained | 1 == hash | 1 {
                    let sym = &*((self.symtab + index * std::mem::size_of::<elf::Sym>())
                        as *const elf::Sym);
                    let own =
                        CStr::from_ptr((self.strtab + sym.st_name as usize) as *const libc::c_char);
                    if own == name && sym.st_shndx != 0 {
                        return true;
                    }
                }
                if chained & 1 == 1 {
                    return false;
                }
                index += 1;
            }
        }
    }
}

/// The GNU hash of a symbol name (`h = h * 33 + c` from 5381).
fn gnu_hash(name: &[u8]) -> u32 {
    name.iter()
        .fold(5381u32, |h, &c| h.wrapping_mul(33).wrapping_add(c as u32))
}

/// Writes `value` at `slot`, making its page writable first where it is in `relro`.
///
/// # Safety
/// `slot` is a word of a loaded object's data that may be overwritten.
unsafe fn write_word(slot: usize, value: usize, relro: Option<(usize, usize)>) {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
    // The loader makes read-only the whole pages of the RELRO range only: the page its end
    // falls in stays writable (it holds the data after it), and must stay so.
    let protected = relro.is_some_and(|(start, len)| {
        let (first, end) = (start & !(page - 1), (start + len) & !(page - 1));
        slot >= first && slot < end
    });
    let start = slot & !(page - 1);
    if protected {
        // SAFETY: the page holding the slot, mapped; made writable for this write only.
        unsafe {
            libc::mprotect(
                start as *mut c_void,
                page,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
    }
    // SAFETY: the slot is a word the loader wrote; it is writable now.
    unsafe { std::ptr::write_volatile(slot as *mut usize, value) };
    if protected {
        // SAFETY: restores the RELRO page's protection.
        unsafe { libc::mprotect(start as *mut c_void, page, libc::PROT_READ) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn replacement() -> libc::pid_t {
        4242
    }

    #[test]
    fn the_gnu_hash_is_elfs() {
        // Values from the ELF gABI extension's own examples.
        assert_eq!(gnu_hash(b""), 0x0000_1505);
        assert_eq!(gnu_hash(b"printf"), 0x156b_2bb8);
        assert_eq!(gnu_hash(b"exit"), 0x7c96_7e3f);
    }

    #[test]
    fn a_librarys_import_is_pointed_elsewhere_and_back() {
        // libc's `getppid`, called through this binary's import slot.
        // SAFETY: getppid has no preconditions.
        let parent = || unsafe { libc::getppid() };
        let real = parent();
        assert_ne!(real, 4242);
        // SAFETY: a symbol lookup, no preconditions.
        let original = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"getppid".as_ptr()) };
        assert!(!original.is_null());
        let keep = c"ffi_test_no_such_symbol";
        // SAFETY: same type; no other test calls getppid.
        let patched = unsafe { rebind(c"getppid", replacement as *const (), keep) };
        assert!(patched >= 1, "no slot of getppid found");
        assert_eq!(parent(), 4242);
        // SAFETY: back to the original.
        unsafe { rebind(c"getppid", original as *const (), keep) };
        assert_eq!(parent(), real);
    }
}
