"""Double-click on Linux: the installed desktop entry started by each launcher a desktop uses.

Launchers: ``xdg-open`` in a session without a desktop environment (its own generic launcher,
which reads the entry's Exec line itself: i3, Openbox, Sway…), ``gio open`` (GLib: GNOME Files
and most file managers), and the applications menu (``gio launch``, ``dex``; ``gtk-launch``
launches through the same GLib code as ``gio launch`` but needs a display). Every run has a
private HOME, no XDG_CURRENT_DESKTOP, no session bus and the offscreen Qt platform: nothing of
the real user's desktop is read or touched.

A fake app (a shell script recording its arguments) checks the Exec line in every kind of home
folder quickly; the PyInstaller build (shared with test_build.py) checks that a double-clicked
pursuit arrives in that home's database.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from app_build import BuiltApp

from pursuit_journey import APP_ID, APP_NAME
from pursuit_journey.paths import DATABASE_NAME
from pursuit_journey.store.exchange import MIME_TYPE, dump_document
from pursuit_journey.store.repository import Store

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux desktop entries")


def needs(*programs: str) -> pytest.MarkDecorator:
    missing = [program for program in programs if shutil.which(program) is None]
    return pytest.mark.skipif(bool(missing), reason=f"not installed: {', '.join(missing)}")


def desktop_session(home: Path, path: str) -> dict[str, str]:
    """A session with a display but no desktop environment: xdg-open uses its own launcher
    (it needs DISPLAY or WAYLAND_DISPLAY to read desktop entries at all); Qt stays offscreen."""
    runtime = home / ".runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {
        "HOME": str(home),
        "PATH": path,
        "LANG": "C.UTF-8",
        "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
        "XDG_RUNTIME_DIR": str(runtime),
        "TMPDIR": str(runtime),
        "WAYLAND_DISPLAY": "no-such-display",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={runtime / 'no-bus'}",
        "GIO_USE_VFS": "local",
        "QT_QPA_PLATFORM": "offscreen",
    }


def run(command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, errors="replace",  # mimeopen: Latin-1
        timeout=timeout, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"{command[0]}: {result.returncode}\n{result.stderr[-3000:]}"
    return result.stdout


def install(app: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "packaging/install-linux.sh"), str(app)],
        env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip


def entry_of(home: Path) -> Path:
    return home / f".local/share/applications/{APP_ID}.desktop"


def exec_line(home: Path) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry_of(home), encoding="utf-8")
    return parser["Desktop Entry"]["Exec"]


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.1)


# ---- the Exec line in every kind of home folder (a fake app) ---------------------------------

FAKE_APP = """#!/bin/sh
# Records its arguments, one a line, as the launcher gave them.
for argument; do printf '%s\\n' "$argument"; done > "$HOME/launched.new"
mv "$HOME/launched.new" "$HOME/launched"
"""

HOMES = {
    # name: (home folder, ~/.local/bin on PATH, the Exec line expected; {opt} is the app's path)
    "plain": ("hôme-ü", False, "{opt} %F"),
    "space, bin on PATH": ("home with space", True, "pursuit-journey %F"),
    "space": ("home with space", False, '"{opt}" %F'),
}


def fake_app(folder: Path) -> Path:
    folder.mkdir(parents=True)
    executable = folder / "pursuit-journey"
    executable.write_text(FAKE_APP, encoding="utf-8")
    executable.chmod(0o755)
    (folder / "_internal").mkdir()
    return folder


@pytest.fixture(params=list(HOMES))
def installed_fake(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder, bin_on_path, _exec = HOMES[request.param]
    home = tmp_path / folder
    home.mkdir()
    path = f"{home}/.local/bin:{SYSTEM_PATH}" if bin_on_path else SYSTEM_PATH
    env = desktop_session(home, path)
    install(fake_app(tmp_path / "built app"), env)
    return home, env


@pytest.fixture
def pursuit_file(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads (client) ü"  # the file's own path may have anything
    folder.mkdir()
    target = folder / "Northwind renewal.pursuit"
    target.write_text('{"format": "pursuit-journey", "version": 1}\n', encoding="utf-8")
    return target


def launched(home: Path) -> list[str]:
    wait_for((home / "launched").exists, 20, "the app to start")
    return (home / "launched").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("variant", list(HOMES))
def test_exec_is_quoted_only_when_the_specification_requires_it(
    variant: str, tmp_path: Path
) -> None:
    folder, bin_on_path, expected = HOMES[variant]
    home = tmp_path / folder
    home.mkdir()
    path = f"{home}/.local/bin:{SYSTEM_PATH}" if bin_on_path else SYSTEM_PATH
    installed = install(fake_app(tmp_path / "built app"), desktop_session(home, path))
    opt = home / ".local/opt/pursuit-journey/pursuit-journey"
    assert exec_line(home) == expected.format(opt=opt)
    # Told when a launcher may not run it; silent otherwise.
    assert ("Note:" in installed.stderr) == expected.startswith('"')
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(entry_of(home))],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert check.returncode == 0 and check.stdout == "", check.stdout


@needs("xdg-open", "xdg-mime", "mimetype")
def test_xdg_open_without_a_desktop_environment_runs_the_entry(
    installed_fake: tuple[Path, dict[str, str]], pursuit_file: Path
) -> None:
    home, env = installed_fake
    if exec_line(home).startswith('"') and not shutil.which("mimeopen"):
        # xdg-open's own launcher keeps the quotes; only its mimeopen fallback reads them.
        pytest.skip("a quoted Exec line needs mimeopen (libfile-mimeinfo-perl) for xdg-open")
    if not exec_line(home).startswith('"'):
        # xdg-mime 1.1 names a default only when it can run the entry's Exec program itself.
        default = run(["xdg-mime", "query", "default", MIME_TYPE], env).strip()
        assert default == f"{APP_ID}.desktop"
    run(["xdg-open", str(pursuit_file)], env)
    assert launched(home) == [str(pursuit_file)]


@needs("gio")
def test_gio_open_runs_the_entry(
    installed_fake: tuple[Path, dict[str, str]], pursuit_file: Path
) -> None:
    home, env = installed_fake
    run(["gio", "open", str(pursuit_file)], env)
    assert launched(home) == [str(pursuit_file)]


@needs("gio")
def test_the_menu_runs_the_entry_through_glib(
    installed_fake: tuple[Path, dict[str, str]], pursuit_file: Path
) -> None:
    home, env = installed_fake
    run(["gio", "launch", str(entry_of(home)), str(pursuit_file)], env)
    assert launched(home) == [str(pursuit_file)]


@needs("dex")
def test_the_menu_runs_the_entry_through_dex(installed_fake: tuple[Path, dict[str, str]]) -> None:
    home, env = installed_fake
    run(["dex", "--wait", str(entry_of(home))], env)
    assert launched(home) == []  # from the menu: no file


# ---- the built app: the pursuit arrives in that home's database ------------------------------


def write_pursuit_file(folder: Path, name: str, client: str) -> Path:
    """A real .pursuit file, exported from a store of its own (another seller's, say)."""
    source = Store.open(folder / f"{client}.sqlite3", folder / f"{client} backups")
    try:
        pursuit = source.create_pursuit(name, client=client)
        assert pursuit.id is not None
        source.add_step(pursuit.id, title="Discovery call", decision_needed="Agree on a pilot")
        target = folder / f"{name}.pursuit"
        target.write_bytes(dump_document(source.export_pursuit(pursuit.id)))
    finally:
        source.close()
    return target


def names_in(database: Path) -> set[str]:
    """Read-only while the app may be running: only to know when to look properly."""
    if not database.exists():
        return set()
    try:
        with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as connection:
            return {row[0] for row in connection.execute("SELECT name FROM pursuit")}
    except sqlite3.Error:  # created, not yet migrated
        return set()


def stop_if_still_running(lock: Path, installed: Path) -> None:
    """End an app that the test started and that did not quit (a dialog that nobody answers
    offscreen): its PID is in its lock file, checked to be the installed app's process."""
    try:
        pid = int(lock.read_text(encoding="utf-8").split()[0])
        running = Path(f"/proc/{pid}/exe").resolve()
    except (OSError, ValueError, IndexError):
        return
    if running.is_relative_to(installed):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


@pytest.mark.slow
@needs("xdg-open", "xdg-mime", "gio", "mimetype")
def test_a_double_clicked_pursuit_arrives_in_the_installed_apps_database(
    built_app: BuiltApp, tmp_path: Path
) -> None:
    home = tmp_path / "hôme-ü"
    home.mkdir()
    env = desktop_session(home, SYSTEM_PATH)
    install(built_app.folder, env)
    assert run(["xdg-mime", "query", "default", MIME_TYPE], env).strip() == f"{APP_ID}.desktop"
    downloads = tmp_path / "Downloads ü"
    downloads.mkdir()
    by_xdg_open = write_pursuit_file(downloads, "Northwind renewal", "Northwind")
    by_gio = write_pursuit_file(downloads, "Contoso pilot", "Contoso")

    data = home / ".local/share" / APP_NAME
    database = data / DATABASE_NAME
    lock = data / "pursuit-journey.lock"
    # The start-up benchmark's switch: the app quits once it is ready, that is after it has
    # imported the files it was given, as a seller would close the window.
    app_env = {**env, "PURSUIT_JOURNEY_BENCH_EXIT": "1"}

    try:
        # xdg-open's own launcher waits for the app and exits with its status.
        run(["xdg-open", str(by_xdg_open)], app_env)
        assert "Northwind renewal" in names_in(database)
        assert not lock.exists()

        # gio starts the app and returns at once: wait for the pursuit, then for the app to end.
        run(["gio", "open", str(by_gio)], app_env)
        wait_for(lambda: "Contoso pilot" in names_in(database), 90, "the pursuit opened by gio")
        wait_for(lambda: not lock.exists(), 30, "the app to quit")
    finally:
        stop_if_still_running(lock, (home / ".local/opt/pursuit-journey").resolve())

    store = Store.open(database, data / "backups")
    try:
        summaries = {summary.name: summary for summary in store.pursuit_summaries()}
        assert {"Northwind renewal", "Contoso pilot"} <= set(summaries)
        assert summaries["Northwind renewal"].client == "Northwind"
        steps = store.steps(summaries["Contoso pilot"].id)
        assert [step.decision_needed for step in steps] == ["Agree on a pilot"]
    finally:
        store.close()

    # Uninstalling takes the entry and the .pursuit registration away, never the pursuits.
    subprocess.run(
        [str(ROOT / "packaging/uninstall-linux.sh")], env=env, capture_output=True, check=True
    )
    assert not entry_of(home).exists()
    assert run(["xdg-mime", "query", "default", MIME_TYPE], env).strip() == ""
    assert APP_ID not in (home / ".config/mimeapps.list").read_text(encoding="utf-8")
    assert {"Northwind renewal", "Contoso pilot"} <= names_in(database)
    assert os.access(database, os.R_OK)
