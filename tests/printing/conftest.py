from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class TextRun:
    """A run of text on a page as pypdf reads it: its baseline from the top and its size, in
    points."""

    page: int
    top: float
    left: float
    size: float
    text: str


def read_text_runs(path: Path) -> list[TextRun]:
    """Every run of text in ``path``, page by page, top to bottom."""
    runs: list[TextRun] = []
    for number, page in enumerate(PdfReader(path).pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, _font, size, number=number, height=height):  # type: ignore[no-untyped-def]
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                words = " ".join(unicodedata.normalize("NFKC", text).split())
                runs.append(TextRun(number, height - y, x, size * abs(cm[0]), words))

        page.extract_text(visitor_text=visit)
    return sorted(runs, key=lambda run: (run.page, round(run.top, 1), run.left))


def pdftotext_layout(path: Path) -> str | None:
    """``pdftotext -layout`` of ``path`` (one string, pages split by form feeds), or None
    where poppler's tools are not installed."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def text_runs() -> Callable[[Path], list[TextRun]]:
    return read_text_runs


@pytest.fixture
def layout_text() -> Callable[[Path], str | None]:
    return pdftotext_layout
