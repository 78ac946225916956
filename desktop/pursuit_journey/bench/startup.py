"""Cold start, measured from outside: process start → main window shown and painted.

Each run is a new process on the offscreen platform (no display needed). The child prints
``painted <peak RSS in KiB>`` once its window has painted; the parent times the whole span.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# A bare PySide6 window started the same way: the floor no Qt app can beat.
BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1100, 700)

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, done)
            watched.removeEventFilter(self)
        return False

def done():
    from pursuit_journey.app import peak_rss_kib
    print("painted", peak_rss_kib(), flush=True)
    app.quit()

painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""


@dataclass(frozen=True)
class StartResult:
    seconds: float
    peak_rss_kib: int


# Compiled bytecode, as an installed app has it (pip and PyInstaller both ship .pyc files): kept
# outside the source tree, so a source checkout run with PYTHONDONTWRITEBYTECODE (some sandboxes
# set it) does not time the compiling of every module at each start.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "pursuit-journey-bench-bytecode"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PURSUIT_JOURNEY_BENCH_EXIT", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env


def warm_up(data_dir: Path) -> None:
    """One untimed start of each kind: bytecode written, files in the page cache, as on a
    computer where the app has been started before."""
    bare_window()
    app_window(data_dir, ready=True)


def _time(command: list[str], env: dict[str, str], stage: str = "painted") -> StartResult:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    result = None
    for line in process.stdout:
        if line.startswith(stage) and result is None:
            result = StartResult(time.perf_counter() - started, int(line.split()[1]))
    process.wait(timeout=60)
    if result is not None:
        return result
    raise RuntimeError(f"{command} exited ({process.returncode}) without painting")


def bare_window() -> StartResult:
    return _time([sys.executable, "-c", BARE_WINDOW], _environment())


def app_window(data_dir: Path, ready: bool = False, view: str = "pursuits") -> StartResult:
    """The real app, started as the seller starts it: the time to its first paint (the list and
    the journey line drawn, or the momentum view), and the peak memory once everything has
    loaded (``ready``)."""
    _reopen_last_pursuit(data_dir, view)
    env = _environment()
    env["PURSUIT_JOURNEY_BENCH_EXIT"] = "1"
    command = [sys.executable, "-m", "pursuit_journey", "--data-dir", str(data_dir)]
    painted = _time(command, env, "painted")
    if not ready:
        return painted
    loaded = _time(command, env, "ready")
    return StartResult(painted.seconds, loaded.peak_rss_kib)


def _reopen_last_pursuit(data_dir: Path, view: str) -> None:
    """Settings as a seller leaves them: ``view`` ("pursuits" or "momentum"), on the last
    pursuit of the list."""
    import sqlite3
    from contextlib import closing

    from PySide6.QtCore import QSettings

    from ..paths import default_paths
    from ..ui.window_layout import VIEW_MOMENTUM, WindowLayout

    paths = default_paths(data_dir)
    with closing(sqlite3.connect(paths.database)) as connection:
        (last,) = connection.execute("SELECT coalesce(max(id), 0) FROM pursuit").fetchone()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    WindowLayout(settings).save_place(last, momentum=view == VIEW_MOMENTUM)
    settings.sync()
