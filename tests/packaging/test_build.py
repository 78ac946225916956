"""Build the double-clickable app with PyInstaller and run it (slow: about 30 s on 2 cores;
the build is shared with test_double_click.py).

Runs when PyInstaller is installed (``pip install -e ".[build]"``, as CI does after the README's
test command); skipped otherwise, so the README's test command stays fast.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from app_build import BuiltApp

pytestmark = pytest.mark.slow


def offline_prefix() -> list[str]:
    """Run without any network when the system lets us make a network namespace."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
    return [unshare, "-rn"] if probe.returncode == 0 else []


def test_the_built_app_runs_offline_from_an_awkward_folder(
    built_app: BuiltApp, tmp_path: Path
) -> None:
    app = built_app.folder
    executable = built_app.executable
    assert executable.is_file()

    files = [path for path in app.rglob("*") if path.is_file() and not path.is_symlink()]
    size_mb = sum(path.stat().st_size for path in files) / 2**20
    names = " ".join(str(path.relative_to(app)) for path in files)
    for unwanted in ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "translations", "hypothesis"):
        assert unwanted not in names, unwanted
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
        "printsupport/",
        "pursuit_journey/resources/icons/pursuit-journey.svg",
        "pursuit_journey/store/migrations/versions/0001_initial.py",
        "pursuit_journey/store/migrations/env.py",
    ):
        assert needed in names, needed

    # No Python beside it: a bare environment, no PATH to an interpreter, no virtualenv.
    env = {"HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": "/nonexistent"}
    run = subprocess.run(
        [*offline_prefix(), str(executable), "--smoke-test"],
        capture_output=True, text=True, timeout=120, env=env, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-4000:]
    assert "smoke test passed" in run.stdout
    seconds = built_app.build_seconds
    print(f"\nbuild {seconds:.0f} s, app folder {size_mb:.0f} MiB: {run.stdout.strip()}")
