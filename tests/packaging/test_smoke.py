"""``--smoke-test`` from the installed package (the frozen build is checked in test_build.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_smoke_test_runs_the_whole_app_on_a_temporary_database() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "pursuit_journey", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout
    for check in ("new database migrated", "sample pursuit", ".pursuit", "prep sheet PDF"):
        assert check in result.stdout


def test_a_failing_smoke_test_exits_non_zero_with_the_reason(tmp_path: Path) -> None:
    """A bundle that lost its image format plugins: only the platform plugins are left."""
    import PySide6

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "platforms").symlink_to(Path(PySide6.__file__).parent / "Qt/plugins/platforms")
    probe = (
        "import sys; from PySide6.QtCore import QCoreApplication; "
        f"QCoreApplication.setLibraryPaths([{str(plugins)!r}]); "
        "from pursuit_journey.smoke import smoke_test; sys.exit(smoke_test(['x']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 1, result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("smoke test FAILED: image format plugins missing"), last_line
