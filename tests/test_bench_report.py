"""The benchmark's report: every figure carries its target and a verdict, and the X-server
measure says why it was skipped where Xvfb is missing. Only the report's shape is checked
here (one run on a tiny data set); how fast the app is, only the benchmark itself says."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from pursuit_journey.bench.__main__ import report
from pursuit_journey.bench.startup import _environment


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("bench")
    no_xvfb = tmp_path_factory.mktemp("bin-without-xvfb")  # a PATH where Xvfb cannot be found
    output = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(output):
        patch.setenv("PATH", str(no_xvfb))
        report([6], 1, work)
    return output.getvalue()


def _figure_lines(printed: str) -> list[str]:
    lines = printed.splitlines()
    start = next(i for i, line in enumerate(lines) if "target" in line and "verdict" in line)
    end = lines.index("", start)
    return lines[start + 1 : end]


def test_every_figure_prints_its_target_and_pass_or_miss(printed: str) -> None:
    figures = _figure_lines(printed)
    names = [line[:50].strip() for line in figures]
    for expected in (
        "cold start (offscreen): empty database",
        "cold start (offscreen): default view",
        "cold start (offscreen): list and journey line",
        "cold start (offscreen): momentum view",
        "peak memory (MB), momentum view",
        "line: select a 25-step pursuit",
        "print: the 7-day batch",
    ):
        assert expected in names
    for line in figures:
        if "bare PySide6 window" in line:
            assert "the floor" in line  # what the ratios are taken to, not a figure itself
            continue
        assert "≤ " in line, line
        assert " PASS" in line or " MISS" in line, line


def test_x_server_start_is_skipped_with_its_reason_without_xvfb(printed: str) -> None:
    assert not any(line.startswith("cold start (X)") for line in _figure_lines(printed))
    assert (
        "cold start on an X server: skipped, Xvfb not found on PATH; offscreen is the measure"
        in printed
    )


def test_default_view_figure_says_which_view_it_opened(printed: str) -> None:
    assert "the default view is momentum from 5 active pursuits (6 at 6)" in printed


def test_every_cold_start_of_the_app_is_followed_by_its_ready_figure(printed: str) -> None:
    """Ready (the store loaded, the first step's form shown) is timed in the same process as
    the first paint and printed right under it, with its own target."""
    figures = _figure_lines(printed)
    starts = [
        index
        for index, line in enumerate(figures)
        if line.startswith("cold start (offscreen)") and "bare PySide6 window" not in line
    ]
    assert len(starts) == 4  # empty, default view, list, momentum view
    for index in starts:
        ready = figures[index + 1]
        assert ready.lstrip().startswith("… ready"), ready
        assert "≤ " in ready and ("PASS" in ready or "MISS" in ready), ready


def test_the_bare_window_imports_nothing_of_the_app() -> None:
    """The floor is a bare window: reporting its memory must not import the app (which would
    add the app's own start-up to the floor every start is measured against)."""
    import os
    import subprocess
    import sys

    from pursuit_journey.bench.startup import BARE_WINDOW

    probe = BARE_WINDOW + (
        "\nprint('app modules', sorted(m for m in sys.modules if m.startswith('pursuit_journey')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=60,
        check=True,
    )
    stage, kib = result.stdout.splitlines()[0].split()
    assert stage == "painted" and int(kib) > 0
    assert result.stdout.splitlines()[-1] == "app modules []"


def test_the_offscreen_starts_open_on_a_laptops_screen() -> None:
    """Qt's offscreen screen is 800 px wide, where the window hides the pursuit list; the
    benchmark's cold starts run on a 1280×800 one, as its Xvfb does."""
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "size = app.primaryScreen().size(); print(size.width(), size.height())",
        ],
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["1280", "800"]


def test_the_floor_is_started_before_each_of_the_apps_starts() -> None:
    """A shared machine's speed drifts within a minute: the bare window meets the same load as
    the starts it is the floor of, one before each."""
    from pursuit_journey.bench.__main__ import _starts
    from pursuit_journey.bench.startup import StartResult

    order: list[str] = []

    def start(kind: str, seconds: float) -> StartResult:
        order.append(kind)
        return StartResult(seconds, 1024, seconds * 2)

    floor: list[StartResult] = []
    ready: dict[int, float] = {}
    painted, _ = _starts(
        3, lambda: start("app", 0.3), ready, 2000, floor, lambda: start("bare", 0.1)
    )

    assert order == ["bare", "app"] * 3
    assert [result.seconds for result in floor] == [0.1] * 3
    assert painted == pytest.approx(300) and ready[2000] == pytest.approx(600)
