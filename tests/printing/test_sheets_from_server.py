"""``pursuit-journey sheets --database URL``: prep sheets printed from a shared server, in a
real subprocess (tests/postgres.py: skipped without a server)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_an_unreachable_server_is_one_line_on_stderr(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pursuit_journey",
            "sheets",
            "--database",
            f"postgresql://anna@127.0.0.1:{port}/pursuits",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("pursuit-journey sheets: The server anna@127.0.0.1:")
    assert "does not answer" in line


@pytest.fixture(autouse=True)
def _no_server_password_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
