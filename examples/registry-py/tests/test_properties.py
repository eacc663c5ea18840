"""Properties of the registry's Python boundary, tested with Hypothesis (a file of its own:
importing Hypothesis allocates, which the leak checks of test_registry.py would count). Each
test_* function is a test of the `python` test binary, its whole property run in the test's
own process; a falsifying example is in the failure's report.
"""

import ffi_test
import registry_py
from hypothesis import given, strategies as st


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), unique=True, max_size=40))
def test_registry__any_unique_ids_from_hypothesis__then_count_matches(ids):
    r = registry_py.Registry()
    for i in ids:
        r.register(i)
    assert r.count() == len(ids)


# Planted (registry_py.planted_echo_float_through_f32): a double that f32 cannot hold changes.
@ffi_test.expect_fail
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_echo__float_through_f32_from_hypothesis__then_unchanged(x):
    assert registry_py.planted_echo_float_through_f32(x) == x
