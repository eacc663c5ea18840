"""ffi-test's side of pytest, inside a test binary's embedded interpreter: `collect` lists what
pytest collects (one record per line, see listing.rs for the fields), `run` runs one node id and
says how it ended. pytest does the collecting, the fixtures, the marks and the reports; this
module only carries what it found to the harness."""

import os
import re

import pytest

# Always: pytest's faulthandler would take over the fatal signals the harness's crash handler
# reports; its cache would be written by every test's process at once; its terminal output
# repeats the failure the harness already reports; ffi_test's own plugin (installed for plain
# pytest) would turn the expectations into pytest's marks, which the harness judges itself.
_ARGS = ["-p", "no:faulthandler", "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:ffi_test"]


def _escape(text):
    return str(text).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _record(*cells):
    return "\t".join(_escape(c) for c in cells) + "\n"


def _expectation(item):
    """ffi_test's expectation marks (see ffi_test.py): (kind, argument), and the ignore reason."""
    marks = list(item.iter_markers("ffi_test_expect"))
    if len(marks) > 1:
        expect = ("conflict", "")
    elif marks:
        args = list(marks[0].args) + ["", ""]
        expect = (str(args[0]), str(args[1]))
    else:
        expect = ("pass", "")
    ignored = item.get_closest_marker("ffi_test_ignore")
    ignore = None if ignored is None else str((list(ignored.args) + [""])[0])
    return expect, ignore


class _Marks:
    def pytest_configure(self, config):
        # ffi_test's finder that relaxes Hypothesis under a checker must see the import before
        # pytest's assertion rewriter, which takes a plugin distribution's modules (Hypothesis's).
        import sys
        finder = getattr(sys.modules.get("ffi_test"), "_RELAX_FINDER", None)
        if finder is not None and finder in sys.meta_path:
            sys.meta_path.remove(finder)
            sys.meta_path.insert(0, finder)
        config.addinivalue_line("markers", "ffi_test_expect(kind, argument): ffi-test's expectation of the test")
        config.addinivalue_line("markers", "ffi_test_ignore(reason): ffi-test runs the test only when asked for ignored tests")


class _Collector(_Marks):
    def __init__(self, root):
        self.root = root
        self.lines = []

    def pytest_collectreport(self, report):
        if report.failed:
            self.lines.append(_record("error", report.nodeid, report.longreprtext))
        elif report.skipped:  # a module that skips itself (pytest.importorskip)
            self.lines.append(_record("skipped", report.nodeid, _skip_reason(report)))

    def pytest_warning_recorded(self, warning_message, when, nodeid, location):
        # A class pytest does not collect (it has an __init__) is only a warning to pytest: to
        # the harness it is a test that vanished, so it is one that fails saying why.
        if when != "collect" or not issubclass(warning_message.category, pytest.PytestCollectionWarning):
            return
        where = nodeid
        if not where:
            path = os.path.relpath(warning_message.filename, self.root)
            named = re.search(r"test class '([^']+)'", str(warning_message.message))
            where = "%s::%s" % (path, named.group(1)) if named else "%s:%d" % (path, warning_message.lineno)
        self.lines.append(_record("warning", where, str(warning_message.message)))

    def pytest_collection_finish(self, session):
        from _pytest.skipping import evaluate_skip_marks, evaluate_xfail_marks
        for item in session.items:
            path, line, _ = item.location
            skip, xfail, why = "", "", ""
            try:
                skipped = evaluate_skip_marks(item)
                if skipped is not None:
                    skip = "+" + skipped.reason
                xfailed = evaluate_xfail_marks(item)
                if xfailed is not None:
                    xfail = "strict" if xfailed.strict else "loose"
                    if not xfailed.run:
                        xfail = "norun"
                    why = xfailed.reason
            except BaseException as e:  # a skipif whose condition raises
                self.lines.append(_record("error", item.nodeid, "its marks cannot be evaluated: %s: %s" % (type(e).__name__, e)))
                continue
            (expect, argument), ignore = _expectation(item)
            ignore = "-" if ignore is None else "+" + ignore
            self.lines.append(_record("item", item.nodeid, path, (line or 0) + 1, skip, xfail, why, expect, argument, ignore))


def _in(root, call):
    """`call()` with the package root as the working directory, as under `cargo test` (pytest's
    reports name files relative to it), whichever directory the binary was started in."""
    before = os.getcwd()
    os.chdir(root)
    try:
        return call()
    finally:
        os.chdir(before)


def collect(root, paths, out):
    """Collects `paths` under `root` and writes the records to the file `out`; returns pytest's
    exit code."""
    collector = _Collector(root)
    args = ["--collect-only", "--rootdir", root] + _ARGS + [os.path.join(root, p) for p in paths]
    code = _in(root, lambda: pytest.main(args, plugins=[collector]))
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(collector.lines))
    return int(code)


class _Runner(_Marks):
    def __init__(self):
        self.reports = []

    def pytest_runtest_logreport(self, report):
        self.reports.append(report)


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return report.longreprtext


def run(root, node):
    """Runs the test `node` under `root` with pytest: ("pass", ""), ("fail", report) or
    ("skip", reason). xfail marks are the harness's expectations (read when collecting), so
    pytest runs the test as if unmarked (--runxfail)."""
    runner = _Runner()
    args = ["--rootdir", root, "--runxfail", "--capture=no"] + _ARGS + [os.path.join(root, node)]
    code = _in(root, lambda: pytest.main(args, plugins=[runner]))
    failures, skipped = [], None
    for report in runner.reports:
        if report.failed:
            text = report.longreprtext
            if report.when != "call":
                text = "pytest: the test's %s failed:\n%s" % (report.when, text)
            failures.append(text)
        elif report.skipped and skipped is None:
            skipped = _skip_reason(report)
    if failures:
        return ("fail", "\n\n".join(failures))
    if skipped is not None:
        return ("skip", skipped)
    if not runner.reports:
        return ("fail", "pytest ran nothing for `%s` (exit code %d): it is no longer collected as it was when the binary listed it" % (node, int(code)))
    return ("pass", "")
