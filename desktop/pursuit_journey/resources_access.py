"""Files shipped in ``resources/``, found through importlib.resources (installed or frozen)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def resource(relative: str) -> Path:
    """The path of a shipped resource file, e.g. ``icons/pursuit-journey.svg``."""
    with as_file(files("pursuit_journey.resources").joinpath(relative)) as path:
        return Path(path)


def icon_path() -> Path:
    return resource("icons/pursuit-journey.svg")
