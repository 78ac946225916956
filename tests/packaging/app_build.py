"""The PyInstaller build that the tests of the built app share (one per test session)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuiltApp:
    folder: Path  # the one-folder app, as packaging/install-linux.sh takes it
    build_seconds: float

    @property
    def executable(self) -> Path:
        return self.folder / "pursuit-journey"
