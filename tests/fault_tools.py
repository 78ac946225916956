"""Faults the way a seller's machine makes them, for tests in real processes: file permissions
that apply even to root, a small file system that fills up, another program's locks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

# Root ignores file permissions through these capabilities; without them, modes apply.
NO_DAC_OVERRIDE = "--bounding-set=-dac_override,-dac_read_search,-fowner"


def as_a_user(argv: Sequence[str]) -> list[str]:
    """``argv`` run so that file permissions apply to it (as root: without the capabilities
    that override them, through util-linux's setpriv)."""
    if os.geteuid() != 0:
        return list(argv)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): permissions would not apply")
    return [setpriv, NO_DAC_OVERRIDE, *argv]


def python_as_a_user(code: str, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **kwargs.pop("env", {})}
    return subprocess.run(
        as_a_user([sys.executable, "-c", code, *args]),
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        **kwargs,
    )


def read_only(*paths: Path) -> None:
    """Files 0400 and folders 0500: what a share, a USB stick or a locked-down folder gives."""
    for path in paths:
        path.chmod(0o500 if path.is_dir() else 0o400)


@contextmanager
def small_file_system(folder: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` KB mounted on ``folder`` (Linux, as root); skips the test with
    the reason where none can be mounted."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("a small file system can be mounted only as root on Linux")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave_bytes: int = 0) -> None:
    """Fill the file system of ``folder`` until at most ``leave_bytes`` are free."""
    free = shutil.disk_usage(folder).free
    with open(folder / "filler", "ab") as filler:
        try:
            filler.write(b"\0" * max(0, free - leave_bytes))
            filler.flush()
        except OSError:
            pass  # full: that was the point
    assert shutil.disk_usage(folder).free <= leave_bytes + 4096


HOLD_EXCLUSIVE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA locking_mode = EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("COMMIT")  # the lock stays: exclusive locking mode keeps it until close
print("locked", flush=True)
sys.stdin.readline()
"""


@contextmanager
def exclusive_lock(database: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program holding ``database`` with ``PRAGMA locking_mode=EXCLUSIVE`` (no one else
    may even read it) until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_EXCLUSIVE_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.flush()
        holder.wait(timeout=10)
