import ctypes

import ffi_test


def bound():
    """The library with its prototypes declared as the C header has them."""
    lib = ffi_test.library("vmsg")
    lib.vmsg_new.argtypes = [ctypes.c_size_t]
    lib.vmsg_new.restype = ctypes.c_void_p
    lib.vmsg_len.argtypes = [ctypes.c_void_p]
    lib.vmsg_len.restype = ctypes.c_size_t
    lib.vmsg_set.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint8]
    lib.vmsg_set.restype = ctypes.c_int
    lib.vmsg_sum.argtypes = [ctypes.c_void_p]
    lib.vmsg_sum.restype = ctypes.c_uint32
    lib.vmsg_free.argtypes = [ctypes.c_void_p]
    lib.vmsg_free.restype = None
    return lib


def test_prototypes_match_the_header():
    ffi_test.assert_prototypes(bound())


def test_bytes_set_are_summed():
    lib = bound()
    m = lib.vmsg_new(4)
    try:
        assert lib.vmsg_len(m) == 4
        assert lib.vmsg_set(m, 1, 200) == 0
        assert lib.vmsg_set(m, 4, 1) == -1
        assert lib.vmsg_sum(m) == 200
    finally:
        lib.vmsg_free(m)


@ffi_test.expect_fail
def test_restype_left_as_int_is_caught():
    """Planted: vmsg_new's restype left as ctypes' default int, the pointer cut to 32 bits."""
    lib = ffi_test.library("vmsg")
    lib.vmsg_new.argtypes = [ctypes.c_size_t]
    ffi_test.assert_prototypes(lib, "vmsg_new")


@ffi_test.expect_fail
def test_signedness_wrong_and_argtypes_unset_are_caught():
    """Planted: vmsg_set's value declared c_int8 (C takes uint8_t), and vmsg_sum's argtypes
    never set."""
    lib = ffi_test.library("vmsg")
    lib.vmsg_set.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int8]
    lib.vmsg_set.restype = ctypes.c_int
    lib.vmsg_sum.restype = ctypes.c_uint32
    ffi_test.assert_prototypes(lib, "vmsg_set", "vmsg_sum")
