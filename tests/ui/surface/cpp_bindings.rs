// A sliver of bindgen's C++ output (--enable-cxx-namespaces): everything under `root`.
#[allow(non_snake_case, non_camel_case_types, non_upper_case_globals)]
pub mod root {
    #[allow(unused_imports)]
    use self::super::root;
    pub mod ns {
        #[allow(unused_imports)]
        use self::super::super::root;
        #[repr(C)]
        pub struct Point {
            pub x: i32,
        }
    }
}
