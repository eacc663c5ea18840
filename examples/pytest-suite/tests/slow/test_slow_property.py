"""A property whose examples each take 300 ms, as a checker's slowdown makes a quick one take:
Hypothesis's 200 ms deadline fails it in a plain run; under a memory checker the harness lifts
the deadline and the too_slow health check (tests/pytest.rs runs both)."""

import time

from hypothesis import Phase, given, settings, strategies as st

import qengine


# Few examples, no shrinking, no database: the plain run's failure is quick and the same each time.
@settings(max_examples=2, phases=[Phase.generate], database=None)
@given(st.binary(max_size=8))
def test_checksum_of_slow_examples(data):
    time.sleep(0.3)
    assert qengine.checksum(data) == qengine.checksum(bytes(data))
