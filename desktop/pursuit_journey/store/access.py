"""Whether the database file may be written: asked by the engine when opening and by the error
classification when a save fails, so it sits below both."""

from __future__ import annotations

import os
from pathlib import Path


def can_write(path: Path) -> bool:
    """Whether this process may change the database at ``path``: the file (if it exists) and
    its folder (SQLite creates the -wal and -shm files beside it) are writable."""
    if path.exists():
        return os.access(path.parent, os.W_OK | os.X_OK) and os.access(path, os.W_OK)
    folder = path.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent  # the folders are made when the file is
    return os.access(folder, os.W_OK | os.X_OK)
