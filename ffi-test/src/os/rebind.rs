//! Pointing every loaded object's imports of one function at another: the slots the dynamic
//! linker filled for a symbol (the PLT's jump slots, `GLOB_DAT` and absolute words) are found
//! through each object's dynamic section (`dl_iterate_phdr`) and overwritten, the read-only
//! (RELRO) ones made writable for the write and read-only again. What `LD_PRELOAD` would do,
//! without restarting the process: the C++ support uses it to see throws made in libraries
//! (`cside::cpp_throws`). Objects loaded later are not covered until it runs again.

use std::ffi::{c_int, c_void, CStr};

use object::elf;
use object::read::elf::{Dyn as _, FileHeader, ProgramHeader as _, Rel as _, Sym as _};
use object::NativeEndian;

/// This process's ELF class: the loaded objects' tables are read through its types.
#[cfg(target_pointer_width = "64")]
type Header = elf::FileHeader64<NativeEndian>;
#[cfg(target_pointer_width = "32")]
type Header = elf::FileHeader32<NativeEndian>;
type Dyn = <Header as FileHeader>::Dyn;
type Sym = <Header as FileHeader>::Sym;
type Rel = <Header as FileHeader>::Rel;
type Phdr = <Header as FileHeader>::ProgramHeader;
type Word = <Header as FileHeader>::Word;
const NE: NativeEndian = NativeEndian;

/// A word of this class's tables as an address or size.
#[allow(clippy::useless_conversion)] // a `u32` on 32-bit targets
fn wide(word: Word) -> usize {
    Into::<u64>::into(word) as usize
}

/// The relocation types meaning "the symbol's address in a word" for this target: jump slot,
/// GOT entry, absolute word.
#[cfg(target_arch = "x86_64")]
const WORD_RELOCATIONS: [u32; 3] = [
    elf::R_X86_64_JUMP_SLOT,
    elf::R_X86_64_GLOB_DAT,
    elf::R_X86_64_64,
];
#[cfg(target_arch = "x86")]
const WORD_RELOCATIONS: [u32; 3] = [elf::R_386_JMP_SLOT, elf::R_386_GLOB_DAT, elf::R_386_32];
#[cfg(target_arch = "aarch64")]
const WORD_RELOCATIONS: [u32; 3] = [
    elf::R_AARCH64_JUMP_SLOT,
    elf::R_AARCH64_GLOB_DAT,
    elf::R_AARCH64_ABS64,
];
#[cfg(target_arch = "arm")]
const WORD_RELOCATIONS: [u32; 3] = [elf::R_ARM_JUMP_SLOT, elf::R_ARM_GLOB_DAT, elf::R_ARM_ABS32];
#[cfg(target_arch = "riscv64")]
const WORD_RELOCATIONS: [u32; 3] = [elf::R_RISCV_JUMP_SLOT, elf::R_RISCV_64, elf::R_RISCV_64];
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv64"
)))]
const WORD_RELOCATIONS: [u32; 3] = [u32::MAX; 3];

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
        std::slice::from_raw_parts(info.dlpi_phdr as *const Phdr, info.dlpi_phnum as usize)
    };
    let base = info.dlpi_addr as usize;
    let address = |h: &Phdr| base + wide(h.p_vaddr(NE));
    let Some(dynamic) = headers.iter().find(|h| h.p_type(NE) == elf::PT_DYNAMIC) else {
        return 0;
    };
    let relro = headers
        .iter()
        .find(|h| h.p_type(NE) == elf::PT_GNU_RELRO)
        .map(|h| (address(h), wide(h.p_memsz(NE))));
    // SAFETY: PT_DYNAMIC of a loaded object is mapped and ends with DT_NULL.
    let object = unsafe { Dynamic::read(address(dynamic) as *const Dyn, base) };
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
    unsafe fn read(mut at: *const Dyn, base: usize) -> Option<Dynamic> {
        let (mut strtab, mut symtab, mut gnu_hash) = (0, 0, 0);
        let (mut rela, mut relasz, mut rel, mut relsz) = (0, 0, 0, 0);
        let (mut jmprel, mut pltrelsz, mut pltrel) = (0, 0, 0);
        loop {
            // SAFETY: within the dynamic section, which ends with DT_NULL.
            let entry = unsafe { &*at };
            let (tag, value) = (wide(entry.d_tag(NE)), wide(entry.d_val(NE)));
            // The loader has made some entries addresses, and left others (a read-only dynamic
            // section) offsets from the object's base.
            let address = || if value < base { base + value } else { value };
            match u32::try_from(tag).unwrap_or(u32::MAX) {
                elf::DT_NULL => break,
                elf::DT_STRTAB => strtab = address(),
                elf::DT_SYMTAB => symtab = address(),
                elf::DT_GNU_HASH => gnu_hash = address(),
                elf::DT_RELA => rela = address(),
                elf::DT_RELASZ => relasz = value,
                elf::DT_REL => rel = address(),
                elf::DT_RELSZ => relsz = value,
                elf::DT_JMPREL => jmprel = address(),
                elf::DT_PLTRELSZ => pltrelsz = value,
                elf::DT_PLTREL => pltrel = value,
                _ => {}
            }
            // SAFETY: the next entry; the loop stops at DT_NULL.
            at = unsafe { at.add(1) };
        }
        if strtab == 0 || symtab == 0 {
            return None;
        }
        let mut tables = vec![(rela, relasz, true), (rel, relsz, false)];
        tables.push((jmprel, pltrelsz, pltrel == elf::DT_RELA as usize));
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
            // SAFETY: a symbol of the object's own table, named in its own string table.
            unsafe { self.name(&*((self.symtab + index * size_of::<Sym>()) as *const Sym)) }
        };
        let mut slots = Vec::new();
        for &(table, size, addends) in &self.tables {
            let entry = if addends { 3 } else { 2 } * size_of::<Word>();
            for i in 0..size / entry {
                // SAFETY: within the relocation table the dynamic section names; a `Rela`
                // entry starts as a `Rel` does.
                let rel = unsafe { &*((table + i * entry) as *const Rel) };
                let (symbol, kind) = (rel.r_sym(NE) as usize, rel.r_type(NE));
                if symbol == 0 || !WORD_RELOCATIONS.contains(&kind) {
                    continue;
                }
                if name_of(symbol) == request.symbol {
                    slots.push(base + wide(rel.r_offset(NE)));
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

    /// `sym`'s name.
    ///
    /// # Safety
    /// `sym` is a symbol of this object's table.
    unsafe fn name(&self, sym: &Sym) -> &CStr {
        // SAFETY: named in the object's own string table, NUL-terminated.
        unsafe { CStr::from_ptr((self.strtab + sym.st_name(NE) as usize) as *const libc::c_char) }
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
            let buckets_at = table + 16 + bloom * size_of::<usize>();
            let chains_at = buckets_at + 4 * buckets;
            let hash = gnu_hash(name.to_bytes());
            let mut index = *((buckets_at + 4 * (hash as usize % buckets)) as *const u32) as usize;
            if index == 0 || index < first {
                return false;
            }
            loop {
                let chained = *((chains_at + 4 * (index - first)) as *const u32);
                if chained | 1 == hash | 1 {
                    let sym = &*((self.symtab + index * size_of::<Sym>()) as *const Sym);
                    if self.name(sym) == name && sym.st_shndx(NE) != elf::SHN_UNDEF {
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
