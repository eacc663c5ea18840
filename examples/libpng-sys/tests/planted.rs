//! A copy of `src/bindings.rs` with twelve bugs planted (`tests/planted/bugs.json`, applied by
//! `scripts/plant_bugs.py`, which also takes out bindgen's own layout assertions, as in bindings
//! generated with `--no-layout-tests` or kept by hand): two function-pointer typedefs' parameters
//! (`png_rw_ptr`'s length, `png_malloc_ptr`'s size), a callback's return dropped
//! (`png_user_chunk_ptr`), two fields removed (`png_row_info_struct.pixel_depth` into tail
//! padding, where nothing moves; `png_color_struct.green` from the middle), two fields' types
//! (`png_time_struct.year`, `png_text_struct.text_length`), an array's length (`png_image.message`), a return
//! (`png_get_image_width`), two parameters (`png_set_crc_action`, `png_sig_cmp`) and a constant
//! (`PNG_COLOR_TYPE_RGB`). Each is expected to fail, so the suite passes while proving they are
//! caught; run with `--ignore-expectations` to see the reports (tests/real_libraries.rs
//! asserts them).

mod planted {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("planted/bindings.rs");
}

ffi_test::check_surface!(
    planted,
    file = "tests/planted/bindings.rs",
    item(fn png_rw_ptr, expect = fail),
    item(fn png_user_chunk_ptr, expect = fail),
    item(fn png_malloc_ptr, expect = fail),
    item(png_time_struct, expect = fail),
    item(png_time, expect = fail), // its typedef: compared as the struct it names
    item(png_get_image_width, expect = fail),
    item(png_set_crc_action, expect = fail),
    item(PNG_COLOR_TYPE_RGB, expect = fail),
    item(png_text_struct, expect = fail),
    item(png_sig_cmp, expect = fail),
    item(png_image, expect = fail),
    item(png_row_info_struct, expect = fail),
    item(png_color_struct, expect = fail),
    item(png_color, expect = fail), // its typedef, a byte short
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["png16"] }
