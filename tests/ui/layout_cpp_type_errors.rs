use ffi_test::layout_matches;

#[repr(C)]
#[layout_matches("geo::Point; int")]
pub struct Injected {
    pub x: f64,
}

#[repr(C)]
#[layout_matches("geo::Vec3<float")]
pub struct Unclosed {
    pub x: f32,
}

#[repr(C)]
#[layout_matches("geo::Vec3<float>>")]
pub struct Unopened {
    pub x: f32,
}

// A scope that is not one: the enumerators' names are pasted into generated C++.
#[repr(u8)]
#[layout_matches("geo::Mode", prefix = "geo;x::")]
pub enum Mode {
    Fast = 1,
}

fn main() {}
