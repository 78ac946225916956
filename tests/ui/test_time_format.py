"""One time format everywhere: the locale's short time on the line, the momentum view, Upcoming
and the printed sheet (12 h in the United States, 24 h in Germany)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lines import show
from PySide6.QtCore import QLocale, Qt

from pursuit_journey.domain.momentum_board import upcoming_steps
from pursuit_journey.printing.pdf import write_pdf
from pursuit_journey.printing.selection import sheet_for_step
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.momentum.momentum_view import next_step_text
from pursuit_journey.ui.momentum.upcoming_list import Column, UpcomingModel

LOCALES = {
    "en_US": (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "3:05 PM"),
    "de_DE": (QLocale(QLocale.Language.German, QLocale.Country.Germany), "15:05"),
}


@pytest.fixture(params=sorted(LOCALES))
def locale_time(request: pytest.FixtureRequest) -> Iterator[str]:
    locale, expected = LOCALES[request.param]
    QLocale.setDefault(locale)
    yield expected
    QLocale.setDefault(QLocale.c())


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_the_same_time_on_every_surface(
    window: MainWindow, store: Store, tmp_path: Path, locale_time: str
) -> None:
    from pypdf import PdfReader

    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    assert pursuit.id is not None
    when = datetime.combine(store.today() + timedelta(days=1), datetime.min.time()).replace(
        hour=15, minute=5, second=42
    )
    step = store.add_step(pursuit.id, title="Pilot", planned_at=when, decision_needed="Go")
    assert step.id is not None

    line = show(window, pursuit.id)
    assert locale_time in _plain(line.accessible_text(0))

    [board_line] = store.momentum_lines()
    assert locale_time in _plain(next_step_text(board_line, store.today()).when)

    model = UpcomingModel()
    model.set_steps(upcoming_steps([board_line], store.today()))
    shown = model.data(model.index(0, Column.WHEN), Qt.ItemDataRole.DisplayRole)
    assert locale_time in _plain(shown)

    out = tmp_path / "sheet.pdf"
    write_pdf(out, [sheet_for_step(store, step.id)])
    printed = " ".join(_plain(PdfReader(out).pages[0].extract_text()).split())
    assert locale_time in printed
    assert ":42" not in printed  # never seconds
