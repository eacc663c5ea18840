"""The registry's Python boundary, tested from Python: each test_* function is a test of the
`python` test binary (tests/python.rs registers this file), run in its own process by
ffi-test's harness. The tests marked expect_fail / expect_crash exercise the planted bugs of
registry_py and must be caught."""

import ffi_test
import registry_py


def test_registry__ten_ids_from_python__then_count_is_ten():
    r = registry_py.Registry()
    for i in range(10):
        r.register(i)
    assert r.count() == 10


def test_registry__duplicate_id__then_registry_error():
    r = registry_py.Registry()
    r.register(1)
    ffi_test.assert_raises(registry_py.RegistryError, r.register, 1, match="already registered")


@ffi_test.expect_fail
def test_registry__duplicate_id_wrongly_mapped__then_registry_error():
    r = registry_py.Registry()
    r.register(1)
    ffi_test.assert_raises(registry_py.RegistryError, r.planted_register_wrong_exception, 1)


def expect_fail(fn):
    """The file's own helper that happens to share a name with ffi_test's decorator."""
    return fn


@expect_fail
def test_expectations__own_decorator_named_expect_fail__then_not_an_expectation():
    assert registry_py.Registry().count() == 0


def test_panic__rust_panics__then_panic_exception():
    ffi_test.assert_panics(registry_py.panics, match="on purpose")


@ffi_test.expect_fail
def test_panic__rust_returns__then_panic_exception():
    ffi_test.assert_panics(registry_py.echo_int, 1)


def test_registry__last_reference_dropped__then_freed():
    before = registry_py.live_registries()
    ffi_test.assert_released(registry_py.Registry)
    ffi_test.assert_released(registry_py.Registry, cycle=True)
    assert registry_py.live_registries() == before


@ffi_test.expect_fail
def test_registry__kept_by_a_stray_reference__then_freed():
    ffi_test.assert_released(registry_py.Registry.planted_new_kept)


@ffi_test.expect_fail
def test_registry__cycle_through_its_rust_callback__then_collected():
    """The callback Rust holds refers back to the registry: a cycle the garbage collector
    cannot see (the class does not implement __traverse__), so it is never collected."""
    def make():
        r = registry_py.Registry()
        r.on_register(lambda id: r.count())
        return r
    ffi_test.assert_released(make, cycle=True)


def test_values__ints_floats_strings_bytes__then_round_trip():
    ffi_test.assert_roundtrip(registry_py.echo_int, [v for v in ffi_test.INTS if -2**127 <= v < 2**127])
    ffi_test.assert_roundtrip(registry_py.echo_float, ffi_test.FLOATS)
    ffi_test.assert_roundtrip(registry_py.echo_str, ffi_test.STRINGS)
    ffi_test.assert_roundtrip(registry_py.echo_bytes, ffi_test.BYTES)


def test_values__every_kind_through_a_rust_value__then_round_trip():
    ffi_test.assert_roundtrip(registry_py.echo_value, ffi_test.EVERYTHING)


@ffi_test.expect_fail
def test_values__bools_tested_after_ints__then_round_trip():
    ffi_test.assert_roundtrip(registry_py.planted_echo_value_int_before_bool, ffi_test.CONTAINERS)


@ffi_test.expect_fail
def test_values__floats_through_f32__then_round_trip():
    ffi_test.assert_roundtrip(registry_py.planted_echo_float_through_f32, ffi_test.FLOATS)


@ffi_test.expect_fail
def test_values__strings_through_a_c_string__then_round_trip():
    ffi_test.assert_roundtrip(registry_py.planted_echo_str_through_c_string, ffi_test.STRINGS)


def test_xor__long_call__then_gil_released():
    ffi_test.assert_releases_gil(registry_py.xor_rounds, bytes(range(256)) * 64, 0x5A, 4000)


@ffi_test.expect_fail
def test_xor__long_call_holding_gil__then_gil_released():
    ffi_test.assert_releases_gil(registry_py.planted_xor_rounds_holding_gil, bytes(range(256)) * 64, 0x5A, 4000)


def test_callback__c_calls_python_through_rust__then_every_id_seen():
    seen = []
    r = registry_py.Registry()
    r.on_register(seen.append)
    for i in (3, 1, 2):
        r.register(i)
    assert seen == [3, 1, 2]


def test_registry__made_and_dropped_200_times__then_no_leak():
    ffi_test.assert_no_leaks(lambda: registry_py.Registry().register(1))


@ffi_test.expect_fail
def test_registry__kept_200_times__then_no_leak():
    ffi_test.assert_no_leaks(registry_py.Registry.planted_new_kept)


@ffi_test.expect_crash("SIGSEGV")
def test_checksum__null_buffer_in_c__then_only_this_test_dies():
    registry_py.planted_checksum_of_null()


@ffi_test.expect_fail
def test_checksum_without_convention():
    """A name that breaks the convention: the test fails, saying why and what to name it."""


@ffi_test.expect_finding("heap-buffer-overflow")
def test_xor__output_buffer_half_the_size_c_is_told__then_overflow_found():
    """C writes past the end of Rust's buffer, reached from Python: --valgrind (or
    --sanitize address with the registry built instrumented) reports it against this test."""
    registry_py.planted_xor_into_half_a_buffer(bytes(64), 0x5A)


@ffi_test.ignore("shows that two expectations are refused: run with --include-ignored")
@ffi_test.expect_fail
@ffi_test.expect_crash("SIGABRT")
def test_expectations__two_on_one_test__then_refused():
    pass


def test_leaks__nothing_kept_with_many_modules_imported__then_none_found():
    # The more kinds of objects an interpreter holds (every module imported adds some), the
    # more the leak check's own census allocates: it must not count that as the call's.
    import asyncio, decimal, email.mime.multipart, http.client, json, logging, pydoc  # noqa: F401
    import unittest, xml.dom.minidom  # noqa: F401
    ffi_test.assert_no_leaks(lambda: None)


@ffi_test.expect_fail
def test_leaks__python_lists_kept_by_the_call__then_found():
    kept = []
    ffi_test.assert_no_leaks(lambda: kept.append([]))


@ffi_test.expect_fail
def test_leaks__rust_vec_forgotten_by_the_call__then_found():
    ffi_test.assert_no_leaks(registry_py.planted_forget_a_vec)


def test_refcount__list_converted_through_rust__then_unchanged():
    ffi_test.assert_refcount_unchanged(registry_py.echo_value, [1, 2, 3])


@ffi_test.expect_fail
def test_refcount__argument_kept_by_rust__then_growth_found():
    ffi_test.assert_refcount_unchanged(registry_py.planted_keep_a_reference, [1, 2, 3])


def test_zero_copy__buffer_handed_back__then_memory_shared():
    buffer = bytearray(b"shared")
    assert ffi_test.assert_zero_copy(registry_py.same_buffer, buffer) is buffer


@ffi_test.expect_fail
def test_zero_copy__buffer_copied_by_rust__then_copy_found():
    ffi_test.assert_zero_copy(registry_py.planted_copied_buffer, bytearray(b"copied"))
