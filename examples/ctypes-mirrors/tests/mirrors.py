"""ctypes mirrors of the C types in csrc/shapes.h, the registry example's registry.h, zlib's
z_stream and libc's struct tm and struct timespec, as a Python binding would write them. The
classes after "Deliberately wrong" are wrong on purpose; tests/mirrors.rs expects each to
fail."""

import ctypes as C


class Sample(C.Structure):
    _fields_ = [
        ("id", C.c_int32),
        ("tag", C.c_uint8),
        ("value", C.c_double),
        ("label", C.c_char * 12),
        ("user", C.c_void_p),
        ("callback", C.CFUNCTYPE(C.c_int, C.c_int)),
        ("enabled", C.c_bool),
    ]


class Wire(C.Structure):
    _pack_ = 1
    _fields_ = [("kind", C.c_uint8), ("length", C.c_uint32), ("crc", C.c_uint16)]


class Flags(C.Structure):
    _fields_ = [
        ("ready", C.c_uint, 1),
        ("mode", C.c_uint, 3),
        ("level", C.c_int, 4),
        ("rest", C.c_uint32),
    ]


class _TaggedValue(C.Union):
    _fields_ = [("i", C.c_int32), ("d", C.c_double)]


class Tagged(C.Structure):
    _anonymous_ = ("value",)
    _fields_ = [("kind", C.c_int), ("value", _TaggedValue)]


class Number(C.Union):
    _fields_ = [("i", C.c_int64), ("d", C.c_double), ("bytes", C.c_uint8 * 8)]


class Nested(C.Structure):
    _fields_ = [
        ("first", Sample),
        ("n", Number),
        ("count", C.c_uint16),
        ("headers", Wire * 2),
    ]


class Event(C.Structure):
    _fields_ = [("kind", C.c_uint), ("at", C.c_uint32)]


# The registry example's own types.
class RegistryStats(C.Structure):
    _fields_ = [("registered", C.c_uint32), ("rejected", C.c_uint32), ("checksum", C.c_uint64)]


REGISTRY_EVENT_FN = C.CFUNCTYPE(C.c_int, C.c_uint32, C.c_void_p)


class RegistryConfig(C.Structure):
    _fields_ = [
        ("capacity", C.c_uint32),
        ("strict", C.c_bool),
        ("name", C.c_char * 16),
        ("on_register", REGISTRY_EVENT_FN),
        ("user", C.c_void_p),
    ]


# Real libraries' types, as Python bindings mirror them.
ALLOC_FUNC = C.CFUNCTYPE(C.c_void_p, C.c_void_p, C.c_uint, C.c_uint)
FREE_FUNC = C.CFUNCTYPE(None, C.c_void_p, C.c_void_p)


class ZStream(C.Structure):
    _fields_ = [
        ("next_in", C.POINTER(C.c_ubyte)),
        ("avail_in", C.c_uint),
        ("total_in", C.c_ulong),
        ("next_out", C.POINTER(C.c_ubyte)),
        ("avail_out", C.c_uint),
        ("total_out", C.c_ulong),
        ("msg", C.c_char_p),
        ("state", C.c_void_p),
        ("zalloc", ALLOC_FUNC),
        ("zfree", FREE_FUNC),
        ("opaque", C.c_void_p),
        ("data_type", C.c_int),
        ("adler", C.c_ulong),
        ("reserved", C.c_ulong),
    ]


class Tm(C.Structure):
    _fields_ = [
        (name, C.c_int)
        for name in ("tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_wday", "tm_yday", "tm_isdst")
    ] + [("tm_gmtoff", C.c_long), ("tm_zone", C.c_char_p)]


class Timespec(C.Structure):
    _fields_ = [("tv_sec", C.c_long), ("tv_nsec", C.c_long)]


class CharPointer(C.Union):
    """A binding's wrapper of one `char *` (ctypesgen's String is this union)."""
    _fields_ = [("raw", C.POINTER(C.c_char)), ("data", C.c_char_p)]


class SampleWithWrappedPointer(C.Structure):
    """`user` through the wrapper union: stored and passed as the pointer C has."""
    _fields_ = [
        ("id", C.c_int32),
        ("tag", C.c_uint8),
        ("value", C.c_double),
        ("label", C.c_char * 12),
        ("user", CharPointer),
        ("callback", C.CFUNCTYPE(C.c_int, C.c_int)),
        ("enabled", C.c_bool),
    ]


# Deliberately wrong.


class StatsChecksumAsPointer(C.Structure):
    """The 64-bit checksum mirrored through the pointer wrapper: C has an integer there."""
    _fields_ = [("registered", C.c_uint32), ("rejected", C.c_uint32), ("checksum", CharPointer)]


NOT_A_CLASS = 42


class Renamed(C.Structure):
    """`total` where C names the member `checksum`: no C member has the Python name."""
    _fields_ = [("registered", C.c_uint32), ("rejected", C.c_uint32), ("total", C.c_uint64)]


class WireUnpacked(C.Structure):
    """`_pack_ = 1` forgotten: `length` lands at 4, and the size is 12, not 7."""
    _fields_ = [("kind", C.c_uint8), ("length", C.c_uint32), ("crc", C.c_uint16)]


class FlagsWideMode(C.Structure):
    """`mode` given 4 bits where C has 3: `level` moves up a bit."""
    _fields_ = [
        ("ready", C.c_uint, 1),
        ("mode", C.c_uint, 4),
        ("level", C.c_int, 4),
        ("rest", C.c_uint32),
    ]


class SampleSignedTag(C.Structure):
    """`tag` mirrored as a signed byte where C has uint8_t."""
    _fields_ = [
        ("id", C.c_int32),
        ("tag", C.c_int8),
        ("value", C.c_double),
        ("label", C.c_char * 12),
        ("user", C.c_void_p),
        ("callback", C.CFUNCTYPE(C.c_int, C.c_int)),
        ("enabled", C.c_bool),
    ]
