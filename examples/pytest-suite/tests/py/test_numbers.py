from hypothesis import given, strategies as st
import pytest

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
