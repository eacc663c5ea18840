import pytest

import qengine

# Made once per pytest session: under ffi-test's harness each test runs in a process of its
# own, so once per test there; under plain pytest once for the run.
SESSIONS = []


@pytest.fixture(scope="session")
def limits():
    SESSIONS.append(1)
    return {"max": 1000, "sessions": len(SESSIONS)}


@pytest.fixture
def engine():
    e = qengine.Engine()
    yield e
    del e
