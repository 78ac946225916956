"""``pursuit-journey sheets --database URL``: prep sheets printed from a shared server, in a
real subprocess (tests/postgres.py: skipped without a server)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from pursuit_journey.store.repository import Store


def test_the_weeks_sheets_from_the_server(
    read_pdf: Callable[[Path], list[str]],
    now: datetime,
    tmp_path: Path,
    postgres_database: str,
) -> None:
    parsed = make_url(postgres_database)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["PGPASSWORD"] = str(parsed.password)
    url = parsed._replace(password=None).render_as_string(hide_password=False)
    os.environ["PGPASSWORD"] = str(parsed.password)
    try:
        server = Store.open_server(url)
        pursuit = server.create_pursuit("On the server")
        server.add_step(pursuit.id, title="Day two", planned_at=now + timedelta(days=2))  # type: ignore[arg-type]
        server.close()
    finally:
        del os.environ["PGPASSWORD"]
    out = tmp_path / "week.pdf"

    result = subprocess.run(
        [sys.executable, "-m", "pursuit_journey", "sheets", "--database", url, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 1 page to {out}"
    assert "Day two" in read_pdf(out)[0]


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
