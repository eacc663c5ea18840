import qengine

raise RuntimeError("this test module cannot be imported")


def test_never_collected():
    pass
