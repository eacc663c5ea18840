from hypothesis import given, strategies as st
import pytest

import ffi_test
import qengine

np = pytest.importorskip("numpy")


@given(st.binary(max_size=64))
def test_checksum_low_half_never_zero(data):
    assert qengine.checksum(data) & 0xFFFF != 0


def test_numpy_sum():
    a = np.arange(10, dtype=np.float64)
    assert qengine.sum_array(a) == 45.0


@pytest.mark.parametrize("k", [1, 2, 3])
def test_numpy_scaled_sum(k):
    assert qengine.sum_array(np.full(4, float(k))) == 4.0 * k


def test_numpy_view_shares_memory():
    ffi_test.assert_zero_copy(qengine.view_of, np.arange(8, dtype=np.float64))


@ffi_test.expect_fail
def test_numpy_view_planted_as_copy():
    ffi_test.assert_zero_copy(qengine.planted_view_as_copy, np.arange(8, dtype=np.float64))


def test_no_leaks_with_numpy_imported():
    ffi_test.assert_no_leaks(lambda: None)
    ffi_test.assert_no_leaks(qengine.sum_array, np.ones(16))


@ffi_test.expect_fail
def test_kept_arrays_are_a_leak():
    ffi_test.assert_no_leaks(lambda: qengine.planted_keep_array(np.ones(4)))
