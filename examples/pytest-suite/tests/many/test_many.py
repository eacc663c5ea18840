"""One parametrized test of 100 cases calling the module: the benchmark's row (bench/, section
`pytest`) runs it under the harness, each case its own process, and under plain pytest."""

import pytest

import qengine


@pytest.mark.parametrize("n", range(100))
def test_checksum_of_n_bytes(n):
    # Adler-32 of n zero bytes: a = 1, b = n.
    assert qengine.checksum(bytes(n)) == n << 16 | 1
