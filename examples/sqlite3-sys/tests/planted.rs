//! A copy of `src/bindings.rs` with three bugs planted (`tests/planted/bugs.json`, applied by
//! `scripts/plant_bugs.py`, which also takes out bindgen's own layout assertions): the `iAmt`
//! parameter of the `xRead` member of `sqlite3_io_methods` as `usize` (a struct's
//! function-pointer member), `op` of the nested `struct sqlite3_index_constraint` as signed, and
//! the column count of `sqlite3_exec`'s callback as `c_long` (a function pointer written inline
//! as a parameter). All are expected to fail; run with `--ignore-expectations` to see the
//! reports.

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
    item(sqlite3_io_methods.xRead, expect = fail),
    item(sqlite3_index_info_sqlite3_index_constraint, expect = fail),
    item(sqlite3_exec.callback, expect = fail),
    // Not exported by Debian's libsqlite3 (see tests/surface.rs).
    item(sqlite3_win32_set_directory, expect = fail),
    item(sqlite3_win32_set_directory8, expect = fail),
    item(sqlite3_win32_set_directory16, expect = fail),
    item(sqlite3_mutex_held, expect = fail),
    item(sqlite3_mutex_notheld, expect = fail),
    item(sqlite3_stmt_scanstatus, expect = fail),
    item(sqlite3_stmt_scanstatus_reset, expect = fail),
    item(sqlite3_snapshot_get, expect = fail),
    item(sqlite3_snapshot_open, expect = fail),
    item(sqlite3_snapshot_free, expect = fail),
    item(sqlite3_snapshot_cmp, expect = fail),
    item(sqlite3_snapshot_recover, expect = fail),
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["sqlite3"] }
