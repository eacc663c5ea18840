use ffi_test::layout_matches;

#[repr(C)]
#[layout_matches("struct record")]
pub struct Record {
    pub name: String,
    pub label: &'static str,
    pub pair: (u8, u8),
    pub items: [Vec<u8>; 2],
}

fn main() {}
