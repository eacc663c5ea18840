// `opaque` compares size and alignment only: a member list with it is a mistake.
mod sys {
    #[repr(C)]
    pub struct blob {
        _private: [u8; 8],
    }
}

ffi_test::check_layout!(sys::blob, "struct blob", opaque(_private));

fn main() {}
