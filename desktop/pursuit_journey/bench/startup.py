"""Cold start, measured from outside: process start → main window shown and painted.

Each run is a new process, on the offscreen platform (no display needed) or, when ``display``
is given, on a real X server (see ``xvfb``: there the first paint comes after the window is
mapped). The child prints ``painted <peak RSS in KiB>`` once its window has painted and the app
``ready <peak RSS in KiB>`` once its store has loaded and the first step's form is shown; the
parent times both from the spawn.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .screen import offscreen_platform

# A bare PySide6 window started the same way: the floor no Qt app can beat. It imports nothing
# of the app, not even to report its memory.
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
    # Read here, as app.peak_rss_kib does: importing the app's module would add its own
    # start-up (some 30 ms and 7 MB) to the floor that the app is measured against.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        import resource
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("painted", kib, flush=True)
    app.quit()

painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""


@dataclass(frozen=True)
class StartResult:
    seconds: float  # to the first paint
    peak_rss_kib: int  # at the first paint, or once ready when asked for
    ready_seconds: float | None = None  # to "ready" (the app only)


# Compiled bytecode, as an installed app has it (pip and PyInstaller both ship .pyc files): kept
# outside the source tree, so a source checkout run with PYTHONDONTWRITEBYTECODE (some sandboxes
# set it) does not time the compiling of every module at each start.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "pursuit-journey-bench-bytecode"


def _environment(display: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if display is None:
        env["QT_QPA_PLATFORM"] = offscreen_platform()
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        env["DISPLAY"] = display
    env.pop("PURSUIT_JOURNEY_BENCH_EXIT", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env


def warm_up(data_dir: Path, display: str | None = None) -> None:
    """One untimed start of each kind: bytecode written, files in the page cache, as on a
    computer where the app has been started before."""
    bare_window(display)
    app_window(data_dir, ready=True, display=display)


@contextmanager
def xvfb() -> Iterator[tuple[str | None, str]]:
    """A private X server on a free display: ``(display, "")``, or ``(None, why not)`` when
    Xvfb is not installed or does not start. Stopped on leaving."""
    program = shutil.which("Xvfb")
    if program is None:
        yield None, "Xvfb not found on PATH"
        return
    read_end, write_end = os.pipe()
    # -displayfd: the server picks a free display itself and writes its number to us.
    server = subprocess.Popen(
        [program, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().strip().decode("ascii")
        if not number:
            yield None, f"Xvfb did not start (exit status {server.poll()})"
        else:
            yield f":{number}", ""
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _time(command: list[str], env: dict[str, str]) -> dict[str, tuple[float, int]]:
    """The seconds from the spawn to each stage the child reports, with its peak RSS then."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    stages: dict[str, tuple[float, int]] = {}
    for line in process.stdout:
        stage, _, kib = line.strip().partition(" ")
        if stage in ("painted", "ready") and stage not in stages:
            stages[stage] = (time.perf_counter() - started, int(kib))
    process.wait(timeout=60)
    if "painted" in stages:
        return stages
    raise RuntimeError(f"{command} exited ({process.returncode}) without painting")


def bare_window(display: str | None = None) -> StartResult:
    painted = _time([sys.executable, "-c", BARE_WINDOW], _environment(display))["painted"]
    return StartResult(*painted)


def app_window(
    data_dir: Path, ready: bool = False, view: str = "pursuits", display: str | None = None
) -> StartResult:
    """The real app, started as the seller starts it: the time to its first paint (the list and
    the journey line drawn, or the momentum view) and to "ready" (the store loaded, the first
    step's form shown), in one process; the peak memory at the paint, or once ready with
    ``ready``. ``view`` "" is the seller who never chose one: the app's default."""
    _reopen_last_pursuit(data_dir, view)
    env = _environment(display)
    env["PURSUIT_JOURNEY_BENCH_EXIT"] = "1"
    command = [sys.executable, "-m", "pursuit_journey", "--data-dir", str(data_dir)]
    stages = _time(command, env)
    if "ready" not in stages:
        raise RuntimeError(f"{command} painted but never said it was ready")
    (painted, painted_kib), (loaded, loaded_kib) = stages["painted"], stages["ready"]
    return StartResult(painted, loaded_kib if ready else painted_kib, loaded)


def _reopen_last_pursuit(data_dir: Path, view: str) -> None:
    """Settings as a seller leaves them: ``view`` ("pursuits" or "momentum", or "" for none
    chosen yet), on the last pursuit of the list."""
    import sqlite3
    from contextlib import closing

    from PySide6.QtCore import QSettings

    from ..paths import default_paths
    from ..ui.window_layout import VIEW, VIEW_MOMENTUM, WindowLayout

    paths = default_paths(data_dir)
    with closing(sqlite3.connect(paths.database)) as connection:
        (last,) = connection.execute("SELECT coalesce(max(id), 0) FROM pursuit").fetchone()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    WindowLayout(settings).save_place(last, momentum=view == VIEW_MOMENTUM)
    if not view:
        settings.remove(VIEW)
    settings.sync()
