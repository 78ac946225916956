"""One PyInstaller build per test session, shared by the tests that run the built app."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_build import BuiltApp

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pursuit-journey.spec"


@pytest.fixture(scope="session")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> BuiltApp:
    """The app built once (about 30 s on 2 cores) into a folder whose path has spaces and
    non-ASCII letters, as a seller's "Applications" folder may."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is in the "build" extra: pip install -e ".[build]"')
    if sys.platform != "linux":
        pytest.skip("the Linux build is checked here")
    base = tmp_path_factory.mktemp("pyinstaller")
    dist = base / "Mes Applications ü" / "Pursuit Journey ø"
    started = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(base / "build"), str(SPEC)],
        capture_output=True, text=True, timeout=900, check=False, cwd=ROOT,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-4000:]
    return BuiltApp(dist / "pursuit-journey", time.perf_counter() - started)
