"""``pursuit-journey sheets`` in a real subprocess: exit status, stdout, stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store


def sheets(paths: Paths, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it must cope alone
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pursuit_journey",
            "sheets",
            "--data-dir",
            str(paths.data_dir),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_the_weeks_sheets_in_one_file(
    read_pdf: Callable[[Path], list[str]], now: datetime, tmp_path: Path, store: Store, paths: Paths
) -> None:
    first = store.create_pursuit("First pursuit")
    store.add_step(first.id, title="Day three", planned_at=now + timedelta(days=3))
    second = store.create_pursuit("Second pursuit")
    store.add_step(second.id, title="Day one", planned_at=now + timedelta(days=1))
    store.add_step(second.id, title="Day twenty", planned_at=now + timedelta(days=20))
    out = tmp_path / "week.pdf"

    result = sheets(paths, "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 2 pages to {out}"
    texts = read_pdf(out)
    assert "Day one" in texts[0] and "Day three" in texts[1]
    assert sheets(paths, "--out", str(out), "--days", "30").stdout == f"Wrote 3 pages to {out}\n"


def test_one_step_of_a_named_pursuit(
    read_pdf: Callable[[Path], list[str]], tmp_path: Path, store: Store, paths: Paths
) -> None:
    pursuit = store.create_pursuit("Globex renewal")
    store.add_step(pursuit.id, title="Kick-off")
    store.add_step(pursuit.id, title="Pricing call")
    out = tmp_path / "one.pdf"
    result = sheets(paths, "--out", str(out), "--pursuit", "globex", "--step", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 1 page to {out}"
    assert "Pricing call" in read_pdf(out)[0]
    by_id = sheets(paths, "--out", str(out), "--pursuit", str(pursuit.id), "--step", "1")
    assert by_id.returncode == 0 and "Kick-off" in read_pdf(out)[0]


def test_clear_messages_and_no_file_when_nothing_can_be_printed(
    tmp_path: Path, store: Store, paths: Paths
) -> None:
    store.create_pursuit("Globex renewal")
    out = tmp_path / "none.pdf"
    cases = [
        (["--pursuit", "Initech"], "No pursuit matches “Initech”"),
        (["--pursuit", "Globex", "--step", "4"], "there is no step 4"),
        ([], "Nothing is planned in the next 7 days"),
    ]
    for args, message in cases:
        result = sheets(paths, "--out", str(out), *args)
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert not out.exists()


def test_an_unwritable_output_is_a_clear_error(
    now: datetime, tmp_path: Path, store: Store, paths: Paths
) -> None:
    pursuit = store.create_pursuit("Globex")
    store.add_step(pursuit.id, planned_at=now + timedelta(days=1))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = sheets(paths, "--out", str(blocker / "out.pdf"))
    assert result.returncode == 1
    assert "Cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_terminal_sees_the_batch_page_by_page_and_a_pipe_only_the_result(
    read_pdf: Callable[[Path], list[str]], now: datetime, tmp_path: Path, store: Store, paths: Paths
) -> None:
    import pty

    pursuit = store.create_pursuit("Initech rollout")
    for day in (1, 2, 3):
        store.add_step(pursuit.id, title=f"Day {day}", planned_at=now + timedelta(days=day))
    out = tmp_path / "week.pdf"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    command = [sys.executable, "-m", "pursuit_journey", "sheets"]
    command += ["--data-dir", str(paths.data_dir), "--out", str(out)]
    terminal, child_end = pty.openpty()
    try:
        result = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=child_end, text=True, timeout=120, env=env
        )
        os.close(child_end)
        child_end = -1
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if child_end != -1:
            os.close(child_end)
        os.close(terminal)
    assert result.returncode == 0
    assert result.stdout == f"Wrote 3 pages to {out}\n"
    progress = shown.decode("utf-8").replace("\r\n", "\n")
    assert progress == "".join(f"\rWriting page {n} of 3…" for n in (1, 2, 3)) + "\n"
    assert len(read_pdf(out)) == 3

    piped = sheets(paths, "--out", str(out))  # stderr a pipe: the result only
    assert piped.returncode == 0 and piped.stderr == ""
