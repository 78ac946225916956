"""User actions timed inside one process, on real widgets (offscreen) and a real database."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ..store.repository import Store
from .screen import HEIGHT, WIDTH


def median_ms(
    action: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> float:
    """The median wall time of ``action`` in milliseconds; ``before`` runs untimed each time."""
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def settle() -> None:
    """Let Qt deliver what the action posted (layout, paint), as the event loop would."""
    _deliver_posted()


def _deliver_posted() -> None:
    """One turn of the event loop: posted events, then the widgets deleted later, which
    ``processEvents`` leaves (the event loop deletes them on its way back; left, they would
    pile up over a run and slow every action after them)."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def settle_painted(widget: QWidget) -> None:
    """Let Qt lay out and paint what the action changed, as the event loop does, until
    ``widget`` (what the seller waits for) has been painted; an error if it never is.

    The window is laid out, then painted once. (Forcing ``widget.repaint()`` before letting Qt
    lay out, as the benchmark did before, painted the whole window twice: once with the old
    layout, once after it: work the seller's event loop never does.)"""
    counter = _PaintCounter()
    widget.installEventFilter(counter)
    try:
        for _ in range(5):
            _deliver_posted()
            if counter.count:
                return
        raise RuntimeError(f"{type(widget).__name__} was not painted: nothing measured")
    finally:
        widget.removeEventFilter(counter)


def add_long_pursuit(store: Store, steps: int = 200) -> int:
    """A pursuit of ``steps`` steps, for the line's worst case."""
    from .dataset import build_dataset

    before = {summary.id for summary in store.pursuit_summaries()}
    build_dataset(store, 1, steps_per_pursuit=steps, seed=99)
    (new_id,) = {summary.id for summary in store.pursuit_summaries()} - before
    return new_id


def measure_actions(data_dir: Path, runs: int) -> dict[str, float]:
    """Times of the seller's everyday actions on the database in ``data_dir``."""
    from ..paths import default_paths
    from ..printing.pdf import write_pdf
    from ..printing.selection import sheet_for_step, upcoming_sheets
    from ..ui import window_layout
    from ..ui.main_window import MainWindow

    paths = default_paths(data_dir)
    store = Store.open(paths.database, paths.backups_dir)
    scratch = Path(tempfile.mkdtemp(prefix="pj-bench-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(window_layout.VIEW, window_layout.VIEW_PURSUITS)  # list, line and form
    window = MainWindow(store, settings)
    # On a laptop's screen, with the list the seller sees there (whatever the platform's).
    window.resize(WIDTH - 40, HEIGHT - 20)
    window.set_list_shown(True, remember=False)
    window.show()
    settle()
    results: dict[str, float] = {}
    long_one: int | None = None
    try:
        results["list: load all pursuits"] = median_ms(lambda: (window.refresh(), settle()), runs)  # type: ignore[func-returns-value]  # both run

        panel = window.list_panel
        if not panel.isVisible():  # as the seller has it on a laptop's screen (bench.screen)
            raise RuntimeError("the pursuit list is hidden: its search would not be painted")
        search = panel.search
        letters = iter("northwind" * runs * 2)

        def keystroke() -> None:
            QTest.keyClick(search, next(letters))
            settle_painted(panel.table.viewport())

        results["list: search keystroke"] = median_ms(keystroke, runs, before=search.clear)
        search.clear()
        settle()

        summaries = store.pursuit_summaries()
        typical = next(s.id for s in summaries if s.step_count == 25)
        other = next(s.id for s in summaries if s.step_count == 25 and s.id != typical)
        long_one = add_long_pursuit(store)
        window.refresh()
        page = window.pursuit_page
        line = page.line

        def select(pursuit_id: int) -> None:
            window.list_panel.select(pursuit_id)
            settle_painted(line.viewport())

        results["line: select a 25-step pursuit"] = median_ms(
            lambda: select(typical), runs, before=lambda: select(other)
        )
        results["line: select a 200-step pursuit"] = median_ms(
            lambda: select(long_one), runs, before=lambda: select(other)
        )

        select(typical)
        steps = store.steps(typical)
        moves = iter(range(10_000))

        def drag_reorder() -> None:
            step = store.steps(typical)[0]
            page.move_step(step.id, 5 + next(moves) % 10)  # what a drop does
            settle_painted(line.viewport())

        results["line: drag-reorder saved and redrawn"] = median_ms(drag_reorder, runs)

        form = window.prep_form
        step_ids = [step.id for step in steps]

        def open_step(index: int) -> None:
            page.open_step(step_ids[index])
            settle()

        results["form: open a step"] = median_ms(
            lambda: open_step(3), runs, before=lambda: open_step(4)
        )
        editor = form.text_edits["why_client"]
        words = iter(range(10_000))

        def autosave() -> None:
            form.flush()
            settle()

        results["form: one autosave"] = median_ms(
            autosave,
            runs,
            before=lambda: editor.setPlainText(f"Cuts cost by {next(words)} %"),
        )

        board = window.momentum_view

        def leave_board(changed: int | None) -> None:
            window.show_view(window.splitter)
            settle()
            board.mark_stale(changed)  # everything (None), or the one pursuit just edited

        def open_board() -> None:
            window.show_view(board)
            settle_painted(board.rows.viewport())

        results["momentum: open the view, whole board read"] = median_ms(
            open_board, runs, before=lambda: leave_board(None)
        )
        results["momentum: open it after editing a pursuit"] = median_ms(
            open_board, runs, before=lambda: leave_board(typical)
        )

        def resort() -> None:  # always to another order (the same one again changes nothing)
            choice = board.sort_choice
            choice.setCurrentIndex((choice.currentIndex() + 1) % choice.count())
            settle_painted(board.rows.viewport())

        results["momentum: sort the board another way"] = median_ms(resort, runs)

        board_search = board.search
        board_letters = iter("northwind" * runs * 2)

        def board_keystroke() -> None:  # measured as the list's: a letter typed, then painted
            QTest.keyClick(board_search, next(board_letters))
            settle_painted(board.rows.viewport())

        results["momentum: search keystroke"] = median_ms(
            board_keystroke, runs, before=board_search.clear
        )
        board_search.clear()
        settle()
        window.show_view(window.splitter)
        settle()

        out = scratch / "sheet.pdf"
        results["print: one prep sheet to PDF"] = median_ms(
            lambda: write_pdf(out, [sheet_for_step(store, step_ids[3])]), runs
        )
        week = upcoming_sheets(store, 7)
        # As the seller saves it: the sheets read, then written with the progress dialog.
        printing = window.printing
        results[f"print: the 7-day batch ({len(week)} sheets)"] = median_ms(
            lambda: printing.save_pdf(printing.upcoming(7), out), 1
        )
    finally:
        window.undo_stack.clear()
        window.close()
        if long_one is not None:
            store.delete_pursuit(long_one)  # the data set stays as built, for the next run
        store.close()
    return results
