import gc
import sys
import weakref

import pytest

import ffi_test
import qengine


def test_engine_adds(engine):
    assert engine.add(2) == 2
    assert engine.add(40) == 42


def test_session_fixture_is_shared(limits):
    assert limits["max"] == 1000
    assert limits["sessions"] == 1


@pytest.mark.parametrize("data, expected", [(b"", 1), (b"a", 0x00620062), (b"Wikipedia", 0x11E60398)])
def test_checksum(data, expected):
    assert qengine.checksum(data) == expected


@pytest.mark.parametrize(
    "n",
    [2, 3, pytest.param(13, marks=ffi_test.expect_crash("SIGSEGV")), 40],
)
def test_square(n):
    assert qengine.planted_square_unless_13(n) == n * n


def test_divide_by_zero_is_value_error():
    with pytest.raises(ValueError, match="division by zero"):
        qengine.divide(1.0, 0.0)


def test_panic_becomes_exception():
    with pytest.raises(BaseException, match="exploded on purpose"):
        qengine.explode()


@pytest.mark.xfail(strict=True, reason="planted: 1/3 is not exactly 0.333")
def test_divide_exact():
    assert qengine.divide(1.0, 3.0) == 0.333


@pytest.mark.xfail(reason="not strict: its result is not counted")
def test_divide_maybe():
    assert qengine.divide(1.0, 4.0) == 0.25


@pytest.mark.skip(reason="shows a skip mark")
def test_skipped():
    raise AssertionError("never runs")


@pytest.mark.skipif(sys.platform.startswith("linux"), reason="shows skipif on Linux")
def test_skipped_on_linux():
    raise AssertionError("never runs on Linux")


def test_skips_at_run_time():
    pytest.skip("decided while running")


def test_gil_released():
    ffi_test.assert_releases_gil(qengine.spin, 20_000_000)


class TestEngineLifetime:
    def test_freed_with_last_reference(self):
        before = qengine.live_engines()
        ffi_test.assert_released(qengine.Engine)
        assert qengine.live_engines() == before

    def test_total_starts_at_zero(self, engine):
        assert engine.total == 0

    @ffi_test.expect_fail
    def test_planted_wrong_total(self, engine):
        engine.add(1)
        assert engine.total == 2


@ffi_test.expect_finding("leak")
def test_leaky_checksum():
    """Found by --valgrind or --sanitize address; without a checker the result does not count."""
    assert qengine.planted_leaky_checksum(b"abc") == qengine.checksum(b"abc")


@ffi_test.expect_finding("leak")
def test_leaked_reference():
    """A bytes object Rust never releases: the memory is CPython's, the bug the Rust function's."""
    assert qengine.planted_leaked_reference(4096) == 4096
