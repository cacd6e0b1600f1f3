"""Work-arounds for defects of the Qt binding that would crash the app.

PySide6 6.12.0 returns ``None``, ``True`` and ``False`` to Python without taking a reference in many
places: every ``Signal.emit()`` drops a reference to ``True``, a Python slot called by Qt or a combo box's
``currentData()`` of an empty item drops one to ``None``. On Python 3.12+ these objects are immortal
(PEP 683) and nothing happens; on Python 3.11 their count reaches zero after some thousands of clicks and
the interpreter aborts ("deallocating None"). Until the binding is fixed, we give the three singletons
a reference count no session can exhaust, which is what Python 3.12 does for them anyway.
"""

from __future__ import annotations

import ctypes
import sys

#: Added to each singleton's reference count (Python 3.12 uses a similar "immortal" value).
HEADROOM = 1 << 40

_done = False


def protect_singletons() -> bool:
    """Make None, True and False practically immortal on CPython < 3.12; True when applied."""
    global _done
    if _done:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False  # immortal already, or a debug build whose object header differs
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM
    _done = True
    return True
