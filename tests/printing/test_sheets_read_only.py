"""``pursuit-journey sheets`` from a read-only copy (a share, a USB stick) and from a folder it
may not read: real processes, with file permissions applied even when the tests run as root."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fault_tools import as_a_user, read_only
from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store


def sheets_as_a_user(paths: Paths, *args: str):  # type: ignore[no-untyped-def]
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    command = [sys.executable, "-m", "pursuit_journey", "sheets", "--data-dir", str(paths.data_dir)]
    return subprocess.run(
        as_a_user([*command, *args]), capture_output=True, text=True, timeout=120, env=env
    )


def test_sheets_print_from_a_read_only_copy(
    read_pdf: Callable[[Path], list[str]], now: datetime, tmp_path: Path, store: Store, paths: Paths
) -> None:
    pursuit = store.create_pursuit("Read on the plane")
    store.add_step(pursuit.id, title="Board meeting", planned_at=now + timedelta(days=2))
    store.close()
    before = paths.database.read_bytes()
    read_only(paths.database, paths.data_dir)
    out = tmp_path / "plane.pdf"

    result = sheets_as_a_user(paths, "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 1 page to {out}"
    assert "Board meeting" in read_pdf(out)[0]
    assert paths.database.read_bytes() == before
    assert sorted(p.name for p in paths.data_dir.iterdir()) == ["pursuits.sqlite3"]


def test_a_folder_it_may_not_read_gives_one_line(
    tmp_path: Path, store: Store, paths: Paths
) -> None:
    store.close()
    paths.data_dir.chmod(0o000)
    try:
        result = sheets_as_a_user(paths, "--out", str(tmp_path / "out.pdf"))
    finally:
        paths.data_dir.chmod(0o700)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("pursuit-journey sheets: Cannot read")
    assert "Permission denied" in result.stderr
