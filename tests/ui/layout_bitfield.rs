use ffi_test::layout_matches;

pub struct __BindgenBitfieldUnit<T>(T);

#[repr(C)]
#[layout_matches("struct flags")]
pub struct Flags {
    pub _bitfield_1: __BindgenBitfieldUnit<[u8; 1]>,
}

fn main() {}
