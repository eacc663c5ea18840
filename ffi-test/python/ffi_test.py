"""ffi_test: boundary checks for Python tests run by ffi-test's harness (importable in Python
bodies and test files). Each assertion raises AssertionError with a message naming what
crossed the boundary wrongly; each test runs in a process of its own, so the counts the leak
checks read are the test's alone.

The same module is a pytest plugin, so one test file runs under `cargo test` and under plain
`pytest` (`pip install <ffi-test>/python` registers it; or `pytest -p ffi_test`): there the
expectations become pytest's marks (see `pytest_collection_modifyitems`)."""

import gc
import math
import struct
import sys
import threading
import time
import weakref

__all__ = [
    "expect_fail", "expect_crash", "expect_finding", "ignore",
    "assert_panics", "assert_raises", "assert_released", "assert_releases_gil",
    "assert_roundtrip", "assert_no_leaks", "assert_refcount_unchanged", "assert_zero_copy",
    "assert_prototypes", "library",
    "INTS", "FLOATS", "STRINGS", "BYTES", "CONTAINERS", "EVERYTHING",
]

# Set by ffi-test's harness where it embeds this module: the plugin's hooks stand aside there.
_IN_HARNESS = False


# Expectations of test functions in a Python test file. python_tests! reads them from the file
# (without importing it). Under pytest (pytest!, or a plain pytest run) each is a pytest mark,
# so it also marks one case of a parametrization (`pytest.param(13, marks=expect_crash(...))`);
# ffi-test reads the marks of what pytest collected.

def _expect(kind, argument=""):
    pytest = sys.modules.get("pytest")
    if pytest is not None:
        return pytest.mark.ffi_test_expect(kind, argument)

    def mark(fn):
        fn._ffi_test_expect = ("conflict", "") if hasattr(fn, "_ffi_test_expect") else (kind, argument)
        return fn
    return mark


def expect_fail(fn):
    """The test must fail (a planted bug its check must catch)."""
    return _expect("fail")(fn)


def expect_crash(signal):
    """The test's process must die of `signal` ("SIGSEGV")."""
    return _expect("crash", signal)


def expect_finding(kind):
    """Under a memory checker (--sanitize address, --valgrind) the test must fail with this
    finding ("heap-buffer-overflow", "leak", ...); without one, the bug is undefined behaviour
    and the test's result does not count."""
    return _expect("finding", kind)


def ignore(reason=""):
    """Not run unless the harness is asked for ignored tests."""
    pytest = sys.modules.get("pytest")
    if pytest is not None:
        return pytest.mark.ffi_test_ignore(reason)

    def mark(fn):
        fn._ffi_test_ignore = reason
        return fn
    return mark


# The pytest plugin, for plain pytest runs (under the harness, ffi-test reads the marks).

def pytest_configure(config):
    config.addinivalue_line("markers", "ffi_test_expect(kind, argument): ffi-test's expectation of the test")
    config.addinivalue_line("markers", "ffi_test_ignore(reason): ffi-test runs the test only when asked for ignored tests")


def pytest_collection_modifyitems(config, items):
    """Under plain pytest: expect_fail is a strict xfail; a test expecting a crash or a memory
    checker's finding is skipped (it would take pytest's own process down, or is undefined
    behaviour without a checker); ignore is a skip."""
    if _IN_HARNESS:
        return
    import pytest
    for item in items:
        ignored = item.get_closest_marker("ffi_test_ignore")
        if ignored is not None:
            item.add_marker(pytest.mark.skip(reason="ffi_test.ignore: %s" % ((list(ignored.args) + [""])[0])))
        marks = list(item.iter_markers("ffi_test_expect"))
        if not marks:
            continue
        kind, argument = (list(marks[0].args) + ["", ""])[:2]
        if len(marks) > 1:
            item.add_marker(pytest.mark.skip(reason="two ffi_test expectations on one test: ffi-test refuses it"))
        elif kind == "fail":
            item.add_marker(pytest.mark.xfail(strict=True, reason="ffi_test.expect_fail"))
        elif kind == "crash":
            item.add_marker(pytest.mark.skip(
                reason="ffi_test.expect_crash(%r): the crash would end pytest's process; run it under ffi-test's harness (cargo test), where each test has its own" % argument))
        elif kind == "finding":
            item.add_marker(pytest.mark.skip(
                reason="ffi_test.expect_finding(%r): a memory checker's finding; run it under ffi-test's harness with --valgrind or --sanitize address" % argument))


def _name(fn):
    return getattr(fn, "__qualname__", None) or repr(fn)


def assert_panics(fn, *args, match=None, **kwargs):
    """`fn(*args)` panics in Rust, and the panic reaches Python as PyO3's PanicException (the
    process survives). `match`: text the panic message must contain. Returns the exception."""
    try:
        fn(*args, **kwargs)
    except BaseException as e:
        if type(e).__name__ != "PanicException":
            raise AssertionError(
                "%s raised %s: %s, not a Rust panic (PanicException)" % (_name(fn), type(e).__name__, e)
            ) from e
        if match is not None and match not in str(e):
            raise AssertionError("%s panicked with %r, which does not contain %r" % (_name(fn), str(e), match)) from e
        return e
    raise AssertionError("%s returned instead of panicking" % _name(fn))


def assert_raises(exc_type, fn, *args, match=None, **kwargs):
    """`fn(*args)` raises exactly `exc_type` (a Rust `Err` mapped to the declared exception),
    with `match` in its message. Returns the exception."""
    try:
        fn(*args, **kwargs)
    except BaseException as e:
        if type(e) is not exc_type:
            raise AssertionError(
                "%s raised %s: %s, not %s" % (_name(fn), type(e).__name__, e, exc_type.__name__)
            ) from e
        if match is not None and match not in str(e):
            raise AssertionError("%s raised %s(%r), which does not contain %r" % (_name(fn), exc_type.__name__, str(e), match)) from e
        return e
    raise AssertionError("%s returned instead of raising %s" % (_name(fn), exc_type.__name__))


def _referrers(obj, ignore):
    out = []
    for r in gc.get_referrers(obj):
        if any(r is i for i in ignore):
            continue
        out.append(type(r).__name__)
    return ", ".join(sorted(out)) or "a reference the garbage collector cannot see (held by native code?)"


def assert_released(make, cycle=False):
    """The object `make()` returns is freed (its Rust `Drop` runs) as soon as Python drops its
    last reference; with `cycle=True` it is first put in a reference cycle, which the garbage
    collector must collect. The class needs `#[pyclass(weakref)]`."""
    obj = make()
    try:
        ref = weakref.ref(obj)
    except TypeError:
        raise AssertionError(
            "%s is not weak-referenceable: declare it #[pyclass(weakref)] to check when it is freed" % type(obj).__name__
        ) from None
    kind = type(obj).__name__
    if cycle:
        holder = [obj]
        holder.append(holder)
        del holder
    del obj
    if cycle:
        gc.collect()
    alive = ref()
    if alive is not None:
        frame = sys._getframe()
        why = _referrers(alive, [frame])
        del alive
        raise AssertionError(
            "%s was not freed when its last reference in the test was dropped%s: still referenced by %s"
            % (kind, " (in a cycle, after gc.collect())" if cycle else "", why)
        )


def assert_releases_gil(fn, *args, **kwargs):
    """`fn(*args)` releases the GIL while it runs: another Python thread makes progress in the
    middle of the call. The call must last at least 10 ms to tell."""
    done = threading.Event()
    started = threading.Event()
    ticks = []

    def other():
        started.set()
        while not done.is_set():
            ticks.append(time.perf_counter())

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    thread = threading.Thread(target=other)
    thread.start()
    try:
        started.wait()
        t0 = time.perf_counter()
        fn(*args, **kwargs)
        t1 = time.perf_counter()
    finally:
        done.set()
        thread.join()
        sys.setswitchinterval(old)
    if t1 - t0 < 0.010:
        raise AssertionError("%s took %.2f ms: too short to tell whether it releases the GIL (give it at least 10 ms of work)" % (_name(fn), (t1 - t0) * 1e3))
    # Around the call's edges the other thread may run without the GIL being released inside
    # it: only its middle half counts.
    lo, hi = t0 + (t1 - t0) / 4, t1 - (t1 - t0) / 4
    inside = sum(1 for t in ticks if lo < t < hi)
    if inside == 0:
        raise AssertionError(
            "%s held the GIL for the whole of its %.1f ms: no other Python thread ran in the middle of the call (release it with py.detach)"
            % (_name(fn), (t1 - t0) * 1e3)
        )


def _bits(x):
    return struct.pack("<d", x)


def _same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return _bits(a) == _bits(b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(_same(a[k], b[k]) for k in a)
    return a == b


def _show(v):
    if isinstance(v, float) and math.isnan(v):
        return "nan(0x%016x)" % struct.unpack("<Q", _bits(v))[0]
    if isinstance(v, float) and v == 0.0:
        return "-0.0" if _bits(v) != _bits(0.0) else "0.0"
    return "%r (%s)" % (v, type(v).__name__)


_NAN_PAYLOAD = struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000123))[0]
INTS = [0, 1, -1, 2**31 - 1, -2**31, 2**32 - 1, 2**63 - 1, -2**63, 2**64 - 1, 2**100, -(2**100)]
FLOATS = [0.0, -0.0, 1.5, -2.25, 1e308, 5e-324, float("inf"), float("-inf"), float("nan"), _NAN_PAYLOAD]
STRINGS = ["", "ascii", "h\u00e9llo w\u00f6rld \u2713 \U0001F980", "nul\x00inside", "\U0010FFFF"]
BYTES = [b"", b"\x00\xff bytes", bytes(range(256))]
CONTAINERS = [None, True, False, [], [1, "two", 3.0], {}, {"k": [1, 2], "n": None}]
EVERYTHING = INTS + FLOATS + STRINGS + BYTES + CONTAINERS


def assert_roundtrip(fn, values=EVERYTHING):
    """Each value passed to `fn` comes back the same: same type, same value, floats bit for bit
    (so -0.0 and NaN payloads count). Every value that does not is reported."""
    bad = []
    for v in values:
        try:
            out = fn(v)
        except BaseException as e:
            bad.append("  %s raised %s: %s" % (_show(v), type(e).__name__, e))
            continue
        if not _same(v, out):
            bad.append("  %s came back as %s" % (_show(v), _show(out)))
    if bad:
        raise AssertionError(
            "%s did not give back %d of %d values:\n%s" % (_name(fn), len(bad), len(values), "\n".join(bad))
        )


def assert_no_leaks(fn, *args, iterations=200, warmup=20, **kwargs):
    """Calling `fn(*args)` leaves nothing behind: after `warmup` calls, `iterations` more calls
    may not grow the interpreter's allocated blocks or its live objects, nor the blocks Rust's
    allocator holds (the Rust of a #[pymodule]), by one per call."""
    def live():
        kinds = {}
        for o in gc.get_objects():
            kinds[type(o).__name__] = kinds.get(type(o).__name__, 0) + 1
        return kinds

    for _ in range(warmup):
        fn(*args, **kwargs)
    # The census of live objects is taken outside the block count: its own counts (an int per
    # kind past 256, more kinds with every module imported) are not the call's.
    kinds = live()
    gc.collect()
    # Rust's allocator (the harness's) counts what a #[pymodule]'s Rust keeps, which Python's
    # counts cannot see; absent outside the harness.
    rust = globals().get("_rust_allocations", lambda: (0, 0))
    rust_before = rust()
    # Python's own allocator counts its blocks; under a memory checker (PYTHONMALLOC=malloc)
    # it counts none, and the objects the garbage collector tracks still tell.
    blocks = sys.getallocatedblocks()
    for _ in range(iterations):
        fn(*args, **kwargs)
    gc.collect()
    blocks_grown = sys.getallocatedblocks() - blocks
    rust_after = rust()
    after = live()
    grown = max(blocks_grown, sum(after.values()) - sum(kinds.values()))
    if grown >= iterations // 2:
        kinds_grown = sorted(
            ((n - kinds.get(k, 0), k) for k, n in after.items() if n - kinds.get(k, 0) >= iterations // 2),
            reverse=True,
        )
        named = ", ".join("%s +%d" % (k, n) for n, k in kinds_grown) or "none the garbage collector tracks"
        raise AssertionError(
            "%s leaks: %d calls left %d more allocated blocks or live objects behind (live objects grown: %s)"
            % (_name(fn), iterations, grown, named)
        )
    rust_blocks, rust_bytes = (a - b for a, b in zip(rust_after, rust_before))
    if rust_blocks >= iterations // 2:
        raise AssertionError(
            "%s leaks: %d calls left %d more blocks (%d bytes) of Rust's allocator behind"
            % (_name(fn), iterations, rust_blocks, rust_bytes)
        )


def assert_refcount_unchanged(fn, *objs, iterations=100):
    """Calling `fn(*objs)` leaves each object's reference count as it was: a reference native
    code took and never gave back (a clone forgotten, an INCREF without its DECREF) grows it by
    one a call, one given back twice shrinks it (and frees the object under its owner's feet).
    A first call is not counted (a cache may keep a reference once)."""
    fn(*objs)
    gc.collect()
    before = [sys.getrefcount(o) for o in objs]
    for _ in range(iterations):
        fn(*objs)
    gc.collect()
    after = [sys.getrefcount(o) for o in objs]
    changed = [
        "argument %d, %s: %+d" % (i + 1, _show(objs[i]), a - b)
        for i, (b, a) in enumerate(zip(before, after))
        if a != b
    ]
    if changed:
        raise AssertionError(
            "%s changed reference counts over %d calls: %s"
            % (_name(fn), iterations, "; ".join(changed))
        )


def _buffer_span(obj):
    """Where `obj`'s memory is: (address, length in bytes), through numpy's array interface or
    the buffer protocol (a writable buffer; a read-only one has no address Python can read)."""
    interface = getattr(obj, "__array_interface__", None)
    if interface is not None:
        view = memoryview(obj)
        return interface["data"][0], view.nbytes
    import ctypes
    view = memoryview(obj)
    if view.readonly:
        raise AssertionError("%s is a read-only buffer: its address cannot be read" % _show(obj))
    if view.nbytes == 0:
        raise AssertionError("%s is empty: it has no memory to share" % _show(obj))
    return ctypes.addressof(ctypes.c_char.from_buffer(view)), view.nbytes


def assert_zero_copy(fn, buffer, *args):
    """`fn(buffer, *args)` returns an object that shares `buffer`'s memory (a view of it, or the
    same array back), not a copy: its bytes lie within the input's. `buffer`: a numpy array, a
    bytearray or another writable buffer. Returns what `fn` returned."""
    out = fn(buffer, *args)
    start, length = _buffer_span(buffer)
    try:
        at, size = _buffer_span(out)
    except TypeError:
        raise AssertionError("%s returned %s, which is no buffer" % (_name(fn), _show(out))) from None
    if not (start <= at and at + size <= start + length):
        raise AssertionError(
            "%s returned a copy: its %d bytes are at 0x%x, the input's %d bytes at 0x%x"
            % (_name(fn), size, at, length, start)
        )
    return out


def _harness_only(what):
    """`what` needs ffi-test's harness: under plain pytest the test is skipped saying so."""
    pytest = sys.modules.get("pytest")
    message = "%s needs ffi-test's harness (the C compiler and the headers of the test binary's main!)" % what
    if pytest is not None:
        pytest.skip(message)
    raise AssertionError(message)


def library(name):
    """The shared library `lib<name>.so` the crate builds or links, loaded with ctypes: looked for
    in main!'s lib_dirs, the profile's directory and deps/ (a cdylib), and build scripts' out/
    directories; outside the harness, in FFI_TEST_LIBRARY_PATH's directories, then where
    ctypes.util.find_library finds it."""
    import ctypes
    import os
    find = globals().get("_library_path")
    if find is not None:
        return ctypes.CDLL(find(name))
    for directory in os.environ.get("FFI_TEST_LIBRARY_PATH", "").split(os.pathsep):
        path = os.path.join(directory, "lib%s.so" % name)
        if directory and os.path.isfile(path):
            return ctypes.CDLL(path)
    import ctypes.util
    found = ctypes.util.find_library(name)
    if found is None:
        raise FileNotFoundError("no lib%s.so: set FFI_TEST_LIBRARY_PATH to the directory holding it" % name)
    return ctypes.CDLL(found)


def assert_prototypes(lib, *names):
    """The argtypes and restype set on `lib`'s functions (a ctypes CDLL) agree with the C
    prototypes in the headers the test binary includes (main!'s): each parameter's and the
    return's size and kind, and the parameter count, compared as Rust signatures are. `names`:
    the functions to check (default: every function of `lib` looked up so far). A restype never
    set is ctypes' default, int: a pointer returned through it is caught without a call."""
    import ctypes
    if not names:
        names = sorted(n for n, v in vars(lib).items() if isinstance(v, ctypes._CFuncPtr))
    if not names:
        raise AssertionError("%r has no function looked up yet: name the functions to check" % (lib,))
    check = globals().get("_check_prototypes")
    if check is None:
        _harness_only("assert_prototypes")
    functions = [(n, getattr(lib, n).restype, getattr(lib, n).argtypes) for n in names]
    problems = check(functions)
    if problems:
        raise AssertionError(
            "%d of %d ctypes prototypes do not match C:\n%s" % (len(problems), len(names), "\n".join(problems))
        )


def _relax_hypothesis():
    """Called by the harness in a test's process under a memory checker, where everything runs
    ten to fifty times slower: Hypothesis's deadline (200 ms an example) and its too_slow health
    check would fail correct properties. Once Hypothesis is imported (before any test module's
    `@settings` copies the defaults), a profile without them is loaded (a profile the suite
    loads after that wins). The finder goes first in `sys.meta_path`; pytest's assertion
    rewriter, which handles a plugin distribution's modules (Hypothesis's), is moved behind it
    by the pytest engine (`_RELAX_FINDER`)."""
    global _RELAX_FINDER
    import importlib.abc
    import importlib.util

    def relax():
        from hypothesis import HealthCheck, settings
        settings.register_profile(
            "ffi-test-under-a-checker", deadline=None, suppress_health_check=[HealthCheck.too_slow]
        )
        settings.load_profile("ffi-test-under-a-checker")

    if "hypothesis" in sys.modules:
        relax()
        return

    class Relaxing(importlib.abc.Loader):
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            self.loader.exec_module(module)
            relax()

    class AfterImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "hypothesis":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.loader is not None:
                spec.loader = Relaxing(spec.loader)
            return spec

    _RELAX_FINDER = AfterImport()
    sys.meta_path.insert(0, _RELAX_FINDER)


_RELAX_FINDER = None
