"""Every location on disk, in one place; ``--data-dir`` moves them all into one folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import APP_NAME

DATABASE_NAME = "pursuits.sqlite3"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "pursuit-journey.log"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    def ensure(self) -> None:
        """Create the folders, readable by the user alone; raises OSError when it cannot."""
        for folder in (self.data_dir, self.config_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(self.data_dir, os.W_OK | os.X_OK):
            raise PermissionError(13, "The data folder is not writable", str(self.data_dir))


def default_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The platform's per-user folders, or everything in ``data_dir`` (portable use, tests)."""
    if data_dir is not None:
        folder = Path(data_dir).expanduser().resolve()
        return Paths(data_dir=folder, config_dir=folder)
    import platformdirs

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
