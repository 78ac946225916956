"""Prep sheets rendered to real PDF files and read back."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.printing.pdf import PdfError, write_pdf
from pursuit_journey.printing.render import PrintingCancelled
from pursuit_journey.printing.selection import sheet_for_step, sheets_for_steps, upcoming_sheets
from pursuit_journey.printing.sheet_content import AGREEMENT_PARTS
from pursuit_journey.printing.text_fit import CONTINUED
from pursuit_journey.store.repository import Store
from pursuit_journey.store.tables import Pursuit, Step


def test_one_step_one_page_with_the_decision_before_every_field(
    read_pdf: Callable[[Path], list[str]],
    tmp_path: Path,
    store: Store,
    pursuit_with_step: tuple[Pursuit, Step],
) -> None:
    _, step = pursuit_with_step
    out = tmp_path / "sheet.pdf"
    assert write_pdf(out, [sheet_for_step(store, step.id)]) == 1
    [text] = read_pdf(out)
    decision = text.index("Client chooses the pilot depot by Friday")
    for field_text in ("Client names who chooses", "Cuts fuel cost", "Depot Aarhus"):
        assert decision < text.index(field_text)
    assert text.index("Acme rollout") < decision  # the header comes first
    assert "AFTER THE MEETING" in text.upper()


def test_empty_fields_are_left_out(
    read_pdf: Callable[[Path], list[str]],
    tmp_path: Path,
    store: Store,
    pursuit_with_step: tuple[Pursuit, Step],
) -> None:
    _, step = pursuit_with_step
    out = tmp_path / "sheet.pdf"
    write_pdf(out, [sheet_for_step(store, step.id)])
    text = read_pdf(out)[0].upper()
    assert "RESEARCH NOTES" in text
    for absent_label in ("MATERIALS", "MEETING AGREEMENT", "CONCERNS", "WHAT WE WILL SHARE"):
        assert absent_label not in text


def test_html_in_a_field_appears_literally(
    read_pdf: Callable[[Path], list[str]], tmp_path: Path, store: Store
) -> None:
    pursuit = store.create_pursuit("<b>Bold</b> pursuit")
    step = store.add_step(
        pursuit.id, decision_needed="<i>Client</i> signs &amp; <script>x()</script>"
    )
    out = tmp_path / "sheet.pdf"
    write_pdf(out, [sheet_for_step(store, step.id)])
    text = read_pdf(out)[0]
    assert "<b>Bold</b> pursuit" in text
    assert "<i>Client</i> signs &amp; <script>x()</script>" in text


def test_overlong_fields_are_shortened_and_still_one_page(
    read_pdf: Callable[[Path], list[str]], tmp_path: Path, store: Store
) -> None:
    pursuit = store.create_pursuit("Long one")
    words = " ".join(f"word{n}" for n in range(20_000))
    step = store.add_step(
        pursuit.id,
        decision_needed="Client agrees " + words,
        why_client=words,
        concerns=words,
        research="short research note",
        questions="\n".join(f"question {n}?" for n in range(300)),
    )
    out = tmp_path / "long.pdf"
    assert write_pdf(out, [sheet_for_step(store, step.id)]) == 1
    [text] = read_pdf(out)
    assert text.count("(continued in the app)") >= 3
    assert "short research note" in text  # short fields survive whole
    assert "word19999" not in text
    assert "AFTER THE MEETING" in text.upper()  # the debrief is never pushed off the page
    assert CONTINUED.strip().startswith("…")


@pytest.mark.parametrize(
    ("size", "points"),
    [(QPageSize.PageSizeId.A4, (595, 842)), (QPageSize.PageSizeId.Letter, (612, 792))],
)
def test_page_sizes(
    tmp_path: Path,
    store: Store,
    pursuit_with_step: tuple[Pursuit, Step],
    size: QPageSize.PageSizeId,
    points: tuple[int, int],
) -> None:
    _, step = pursuit_with_step
    out = tmp_path / "sheet.pdf"
    write_pdf(out, [sheet_for_step(store, step.id)], QPageSize(size))
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points


def test_upcoming_sheets_are_the_planned_steps_of_active_pursuits_in_date_order(
    read_pdf: Callable[[Path], list[str]], now: datetime, tmp_path: Path, store: Store
) -> None:
    later = store.create_pursuit("Later pursuit")
    store.add_step(later.id, title="In five days", planned_at=now + timedelta(days=5))
    soon = store.create_pursuit("Soon pursuit")
    store.add_step(soon.id, title="Tomorrow", planned_at=now + timedelta(days=1))
    store.add_step(soon.id, title="Next month", planned_at=now + timedelta(days=30))
    held = store.add_step(soon.id, title="Held already", planned_at=now + timedelta(days=2))
    from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus

    store.record_outcome(held.id, Outcome.STAYED)
    paused = store.create_pursuit("Paused pursuit")
    store.add_step(paused.id, title="Paused step", planned_at=now + timedelta(days=1))
    store.set_status(paused.id, PursuitStatus.ON_HOLD)

    sheets = upcoming_sheets(store, 7, today=date.today())
    assert [s.step_title for s in sheets] == ["Tomorrow", "In five days"]
    out = tmp_path / "week.pdf"
    assert write_pdf(out, sheets) == 2
    pages = read_pdf(out)
    assert "Tomorrow" in pages[0] and "In five days" in pages[1]


def test_a_failed_write_leaves_the_earlier_file_intact(
    tmp_path: Path,
    store: Store,
    pursuit_with_step: tuple[Pursuit, Step],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, step = pursuit_with_step
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"earlier file")

    def fail_midway(device, sheets, progress=None):  # type: ignore[no-untyped-def]
        raise OSError("the disk went away")

    monkeypatch.setattr("pursuit_journey.printing.pdf.paint_sheets", fail_midway)
    with pytest.raises(OSError, match="the disk went away"):
        write_pdf(out, [sheet_for_step(store, step.id)])
    assert out.read_bytes() == b"earlier file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "sheet.pdf"]


def test_a_batch_reports_each_page_and_stops_when_told(
    tmp_path: Path, store: Store, pursuit_with_step: tuple[Pursuit, Step]
) -> None:
    pursuit, step = pursuit_with_step
    later = [store.add_step(pursuit.id, title=f"Step {n}") for n in range(2)]
    sheets = [sheet_for_step(store, s.id) for s in (step, *later)]
    out = tmp_path / "week.pdf"
    seen: list[int] = []
    assert write_pdf(out, sheets, progress=lambda done: seen.append(done) or True) == 3
    assert seen == [1, 2, 3]
    written = out.read_bytes()

    seen.clear()
    with pytest.raises(PrintingCancelled):
        write_pdf(out, sheets, progress=lambda done: seen.append(done) or done < 2)
    assert seen == [1, 2]
    assert out.read_bytes() == written  # the earlier file, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "week.pdf"]


def test_a_path_that_cannot_be_created_gives_a_clear_error_and_no_file(
    tmp_path: Path, store: Store, pursuit_with_step: tuple[Pursuit, Step]
) -> None:
    _, step = pursuit_with_step
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(PdfError, match="Cannot write"):
        write_pdf(blocker / "sheet.pdf", [sheet_for_step(store, step.id)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "not-a-folder"]


def test_the_sheets_line_stands_where_the_list_and_the_screen_say(store: Store) -> None:
    from datetime import date as day

    from pursuit_journey.domain.journey_layout import journey_layout

    pursuit = store.create_sample_pursuit(today=day(2026, 3, 2))
    steps = store.steps(pursuit.id)
    sheet = sheet_for_step(store, steps[4].id)
    assert sheet.this_step == 4
    layout = journey_layout(steps, sheet.status)  # the screen's own numbers
    assert sheet.journey.states == tuple(mark.state for mark in layout.marks)
    assert (sheet.journey.here, sheet.journey.end) == (layout.here, layout.end)
    assert sheet.step_title == layout.marks[4].title  # the one title the line prints
    assert sheet.journey.here == store.pursuit_summary(pursuit.id).standing.here == 4


def _rendered_pages(pdf: Path, folder: Path) -> list[bytes]:
    """Each page of ``pdf`` as poppler renders it (PPM bytes at 50 dpi)."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", str(pdf), str(folder / "page")], check=True)
    return [page.read_bytes() for page in sorted(folder.glob("page-*.ppm"))]


def test_a_batch_prints_every_sheet_as_it_prints_alone(
    read_pdf: Callable[[Path], list[str]], now: datetime, tmp_path: Path, store: Store
) -> None:
    """A batch lays each sheet out in the text documents, fonts and widths of the sheets before
    it, and cuts a long field from the layout of its whole text: no page may show any of it."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler's pdftoppm is not installed")
    words = " ".join(f"word{n}" for n in range(3_000))
    crowded = store.create_pursuit("Crowded " + "name " * 30, client="Client " * 20)
    boss = store.add_person(crowded.id, "Dana Boss", "CFO", BuyingRole.DECIDES_BUDGET)
    user = store.add_person(crowded.id, "Uli User", "Depot lead " * 8, BuyingRole.USER)
    long_step = store.add_step(
        crowded.id,
        title="Long " * 40,
        planned_at=now + timedelta(days=1),
        decision_needed="Client agrees " + words,
        why_client=words,
        concerns="Zürich 😀 日本語 " * 200,
        research="short research note",
        questions="\n".join(f"question {n}?" for n in range(120)),
        **{column: f"{column} " + words[:2_000] for column, _ in AGREEMENT_PARTS},
    )
    store.set_attendees(long_step.id, [boss.id, user.id])
    empty = store.create_pursuit("Nothing prepared yet")
    empty_step = store.add_step(empty.id, title="First call", planned_at=now + timedelta(days=2))
    short = store.create_pursuit("Short one", client="Acme")
    short_step = store.add_step(
        short.id,
        title="Pilot scoping",
        planned_at=now + timedelta(days=3),
        decision_needed="Client chooses the pilot depot",
        why_client="Cuts fuel cost",
        agreement_purpose="Agree the scope",
        agreement_time="45 minutes",
    )
    long_sheet, short_sheet, empty_sheet = sheets_for_steps(
        store, [long_step.id, short_step.id, empty_step.id]
    )
    # Each kind after each other kind, and a sheet after itself.
    sheets = [long_sheet, short_sheet, empty_sheet, long_sheet, long_sheet, short_sheet]
    batch = tmp_path / "batch.pdf"
    assert write_pdf(batch, sheets) == len(sheets)

    batch_pages = _rendered_pages(batch, tmp_path / "batch")
    batch_text = read_pdf(batch)
    assert "(continued in the app)" in batch_text[0]
    for index, sheet in enumerate(sheets):
        alone = tmp_path / f"alone{index}.pdf"
        write_pdf(alone, [sheet])
        assert read_pdf(alone) == [batch_text[index]]
        assert _rendered_pages(alone, tmp_path / f"alone{index}") == [batch_pages[index]]


def test_the_words_every_sheet_prints_are_measured_for_their_font_and_resolution(
    tmp_path: Path,
) -> None:
    """A batch measures its captions once; the answer must still be each font's and each
    device's own, as Qt measures it."""
    from PySide6.QtGui import QFont, QFontMetricsF, QPdfWriter

    from pursuit_journey.printing.mini_line import measured

    fine, coarse = QPdfWriter(str(tmp_path / "a.pdf")), QPdfWriter(str(tmp_path / "b.pdf"))
    fine.setResolution(600)
    coarse.setResolution(150)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(7)
    for device in (fine, coarse, fine):
        expected = QFontMetricsF(font, device).horizontalAdvance("Contract signed")
        assert measured(font, device).width("Contract signed") == expected
    font.setBold(True)  # a font changed after it was measured is measured again
    bold = QFontMetricsF(font, fine).horizontalAdvance("Contract signed")
    assert measured(font, fine).width("Contract signed") == bold
    assert bold != QFontMetricsF(QFont("DejaVu Sans", 7), fine).horizontalAdvance("Contract signed")
