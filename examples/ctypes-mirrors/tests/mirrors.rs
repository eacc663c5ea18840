//! ctypes mirrors (tests/mirrors.py) checked against the C compiler: each class's size,
//! alignment, fields' offsets, sizes and kinds, and bit-fields' bits; and ctypesgen's
//! generated mirrors of Debian's zlib.h. The checks with `expect = fail` are deliberately wrong
//! mirrors; tests/python.rs at the workspace root asserts their reports.

ffi_test::check_ctypes!("tests/mirrors.py", Sample, "struct sample");
ffi_test::check_ctypes!("tests/mirrors.py", Wire, "struct wire");
ffi_test::check_ctypes!("tests/mirrors.py", Flags, "struct flags");
ffi_test::check_ctypes!("tests/mirrors.py", Tagged, "struct tagged");
ffi_test::check_ctypes!("tests/mirrors.py", Number, "union number");
ffi_test::check_ctypes!("tests/mirrors.py", Nested, "struct nested");
ffi_test::check_ctypes!("tests/mirrors.py", Event, "struct event");
ffi_test::check_ctypes!("tests/mirrors.py", RegistryStats, "registry_stats");
ffi_test::check_ctypes!("tests/mirrors.py", RegistryConfig, "registry_config");
ffi_test::check_ctypes!("tests/mirrors.py", ZStream, "z_stream");
ffi_test::check_ctypes!("tests/mirrors.py", Tm, "struct tm");
ffi_test::check_ctypes!("tests/mirrors.py", Timespec, "struct timespec");
ffi_test::check_ctypes!(
    "tests/mirrors.py",
    SampleWithWrappedPointer,
    "struct sample"
);

// ctypesgen's generated mirrors of Debian's zlib.h (regenerate.sh), as a Python binding of
// zlib would ship them.
ffi_test::check_ctypes!(
    "tests/zlib_ctypesgen.py",
    struct_z_stream_s,
    "struct z_stream_s"
);
ffi_test::check_ctypes!(
    "tests/zlib_ctypesgen.py",
    struct_gz_header_s,
    "struct gz_header_s"
);
ffi_test::check_ctypes!(
    "tests/zlib_ctypesgen.py",
    struct_gzFile_s,
    "struct gzFile_s"
);

ffi_test::check_ctypes!(
    "tests/mirrors.py",
    StatsChecksumAsPointer,
    "registry_stats",
    expect = fail
);
ffi_test::check_ctypes!(
    "tests/mirrors.py",
    WireUnpacked,
    "struct wire",
    expect = fail
);
ffi_test::check_ctypes!(
    "tests/mirrors.py",
    FlagsWideMode,
    "struct flags",
    expect = fail
);
ffi_test::check_ctypes!(
    "tests/mirrors.py",
    SampleSignedTag,
    "struct sample",
    expect = fail
);

ffi_test::main! {
    headers: ["shapes.h", "registry.h", "<zlib.h>", "<time.h>"],
    include_dirs: ["csrc", "../registry/csrc"],
}
