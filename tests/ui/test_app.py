"""Start-up from the command line: --version, --help, --data-dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pursuit_journey import __version__
from pursuit_journey.cli import parse_args


def run_module(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pursuit_journey", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        **kwargs,
    )


def test_version_and_help_print_without_starting_the_gui() -> None:
    version = run_module("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"Pursuit Journey {__version__}"
    help_text = run_module("--help")
    assert help_text.returncode == 0
    assert "--data-dir DIR" in help_text.stdout


def test_data_dir_is_parsed_and_qt_options_are_left_alone() -> None:
    args = parse_args(["--data-dir", "/tmp/x", "-platform", "offscreen"])
    assert args.data_dir == "/tmp/x"


def test_the_app_runs_the_installed_entry_point_with_a_data_dir(tmp_path: Path) -> None:
    """The real start-up path creates the database in the given folder (then quits)."""
    data = tmp_path / "my data ø"
    probe = (
        "import sys; from PySide6.QtCore import QTimer; "
        "from pursuit_journey.cli import parse_args; "
        "from pursuit_journey.app import make_application, run; "
        "app = make_application(['x']); QTimer.singleShot(300, app.quit); "
        f"sys.exit(run(parse_args(['--data-dir', {str(data)!r}]), ['x']))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert (data / "pursuits.sqlite3").is_file()
    assert (data / "settings.ini").is_file()


def test_an_unwritable_data_folder_is_refused_with_a_message(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocked = tmp_path / "file-not-folder"
        blocked.write_text("x")
        target = blocked / "data"
    else:
        blocked = tmp_path / "ro"
        blocked.mkdir(mode=0o500)
        target = blocked / "data"
    probe = (
        "import sys; from PySide6.QtCore import QTimer; "
        "from PySide6.QtWidgets import QApplication, QMessageBox; "
        "from pursuit_journey.cli import parse_args; from pursuit_journey.app import run; "
        "QMessageBox.exec = lambda self: print('MESSAGE:', self.text()); "
        f"sys.exit(run(parse_args(['--data-dir', {str(target)!r}]), ['x']))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 2
    assert "MESSAGE: Pursuit Journey cannot write to" in result.stdout
    assert "Traceback" not in result.stderr


def test_files_the_desktop_asks_to_open_are_passed_on(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    received: list[list[str]] = []
    qapp.filesOpened.connect(received.append)
    try:
        handled = QApplication.sendEvent(
            qapp, QFileOpenEvent(QUrl.fromLocalFile("/tmp/Acme deal.pursuit"))
        )
    finally:
        qapp.filesOpened.disconnect(received.append)
    assert handled
    assert received == [["/tmp/Acme deal.pursuit"]]
