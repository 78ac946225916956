from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication

from pursuit_journey.store.repository import Store
from pursuit_journey.store.tables import Pursuit, Step


@pytest.fixture
def now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


@pytest.fixture(autouse=True)
def gui_app(qapp) -> Iterator[QGuiApplication]:  # type: ignore[no-untyped-def]
    yield qapp


@pytest.fixture
def pursuit_with_step(store: Store, now: datetime) -> tuple[Pursuit, Step]:
    pursuit = store.create_pursuit("Acme rollout", client="Acme GmbH")
    store.add_step(pursuit.id, title="Discovery", planned_at=now - timedelta(days=3))
    step = store.add_step(
        pursuit.id,
        title="Pilot scoping",
        planned_at=now + timedelta(days=1),
        decision_needed="Client chooses the pilot depot by Friday",
        fallback="Client names who chooses the depot",
        why_client="Cuts fuel cost before the budget round",
        research="Depot Aarhus has the most overtime",
    )
    return pursuit, step


def read_pdf_pages(path: Path) -> list[str]:
    """The text of each page: runs of white space (tabs between words) as one space, and
    ligatures (ﬁ, ﬀ) as their letters."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in PdfReader(path).pages
    ]


@pytest.fixture
def read_pdf() -> Callable[[Path], list[str]]:
    return read_pdf_pages
