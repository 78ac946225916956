"""Make PySide6's import hook cheap before the app imports its database layer.

Importing PySide6 replaces ``__import__`` with a hook for its opt-in ``__feature__`` switches
(snake_case, true_property). After every later import the hook asks whether the new module
mentions "PySide6" by calling ``inspect.getsource`` on it, which reads the module's whole
source into ``linecache`` and keeps it there for the life of the process. For this app that is
some 500 modules (SQLAlchemy, pydantic, SQLModel, the standard library): measured here, about
23 MB of resident memory and 90 ms of start-up spent on text nobody reads.

The same question can be answered from the file's bytes without keeping them. This is a private
part of PySide6, so the replacement is installed only where that part has the expected shape;
on any other release nothing changes and the app only pays the cost.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_pursuit_journey_reads_bytes"


def stop_keeping_module_sources() -> bool:
    """Answer PySide6's "does this module use PySide6?" from the file's bytes, without
    ``linecache``. Returns True when the lighter check is in place."""
    import PySide6.QtCore  # noqa: F401  (installs the hook being replaced)

    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(upstream):
        return False
    if getattr(upstream, _MARK, False):
        return True
    feature._mod_uses_pyside = _reading_bytes(upstream)  # type: ignore[attr-defined]  # private
    _forget_sources_read_so_far()
    return True


def _forget_sources_read_so_far() -> None:
    """Drop the sources the upstream check read while PySide6 itself was imported: files on
    disk, which ``linecache`` reads again should a traceback ever show them. Entries without a
    file (source generated at run time, as SQLAlchemy registers its own) are kept."""
    import linecache

    for name, entry in list(linecache.cache.items()):
        if len(entry) == 4 and entry[1] is not None:  # (size, mtime, lines, name): on disk
            del linecache.cache[name]


def _reading_bytes(upstream: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mod_uses_pyside(module: ModuleType) -> bool:
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if origin == "frozen":  # the standard library's frozen modules (os, codecs…) have
            origin = getattr(module, "__file__", None)  # their source there, read by upstream
        if not isinstance(origin, str) or not origin.endswith(".py"):
            return upstream(module)  # built-in or compiled: no source to read anyway
        try:
            with open(origin, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False  # as upstream: a module without a readable source does not use it

    setattr(mod_uses_pyside, _MARK, True)
    return mod_uses_pyside
