"""A mirrors module whose import fails: its check must say so, with Python's traceback."""

import ctypes

raise RuntimeError("this module cannot be imported")
