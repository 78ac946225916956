"""Sheets that fill their page: long text shortened by the rule, a fresh step with lines to write
on, and one page in every case (real PDFs read back with pypdf, and pdftotext where installed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream
from PySide6.QtGui import QPageSize

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.printing.pdf import write_pdf
from pursuit_journey.printing.selection import sheet_for_step
from pursuit_journey.store.repository import Store

BODY_LINE = 11.05  # points from one line of field text to the next (9.5 pt DejaVu Sans)
# From the baseline of a last line that just fits to the debrief's heading: the 8 pt above the
# band, the 6 pt above the heading, a descent and the heading's ascent.
FILLED_GAP = 24.0
DEBRIEF = "AFTER THE MEETING"
PAGE_SIZES = pytest.mark.parametrize(
    "size", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter], ids=["A4", "Letter"]
)

TEXT_FIELDS = (
    "fallback",
    "why_client",
    "needs_to_decide",
    "concerns",
    "questions",
    "to_share",
    "agreement_purpose",
    "agreement_their_agenda",
    "agreement_our_agenda",
    "agreement_time",
    "agreement_outcome",
    "research",
    "materials",
)
AGREEMENT_LABELS = ("Purpose:", "Their agenda:", "Our agenda:", "Time:", "Outcome we both expect:")
LABELS = {
    "fallback": "FALLBACK: THE SMALLEST DECISION THAT STILL MOVES US FORWARD",
    "why_client": "WHY IT SERVES THE CLIENT",
    "who_decides": "WHO DECIDES, AND HOW THE DECISION REACHES THEM",
    "needs_to_decide": "WHAT THEY NEED TO DECIDE COMFORTABLY",
    "concerns": "CONCERNS, RISKS AND COMPETITION",
    "questions": "QUESTIONS TO ASK",
    "to_share": "WHAT WE WILL SHARE",
    "agreement": "MEETING AGREEMENT",
    "research": "RESEARCH NOTES",
    "materials": "MATERIALS",
}


def words(length: int, width: int = 6, tag: str = "w") -> str:
    """About ``length`` characters of numbered words ``width`` characters wide."""
    text: list[str] = []
    total = 0
    number = 0
    while total < length:
        word = f"{tag}{number}".ljust(width, "x")[: max(width, len(tag) + len(str(number)))]
        text.append(word)
        total += len(word) + 1
        number += 1
    return " ".join(text)[:length].strip()


def sheet_pdf(
    store: Store, tmp_path: Path, size: QPageSize.PageSizeId, decider: bool = False, **fields: Any
) -> Path:
    pursuit = store.create_pursuit("Globex renewal", client="Globex")
    step = store.add_step(pursuit.id, planned_at=datetime(2026, 3, 5, 9, 30), **fields)
    if decider:
        store.add_attendee(step.id, "Maria Jensen", "COO", BuyingRole.DECIDES_BUDGET)
    out = tmp_path / f"sheet-{step.id}.pdf"
    assert write_pdf(out, [sheet_for_step(store, step.id)], QPageSize(size)) == 1
    return out


def lines_under(runs: list[Any], label: str) -> list[str]:
    """The lines of text printed under a field's label, down to the next label or the debrief."""
    texts = [run.text for run in runs]
    start = texts.index(label) + 1
    labels = {*LABELS.values(), DEBRIEF}
    end = next(i for i in range(start, len(texts)) if texts[i] in labels)
    return texts[start:end]


@PAGE_SIZES
def test_with_every_field_long_the_page_fills_down_to_the_debrief(
    text_runs: Callable[[Path], list[Any]],
    layout_text: Callable[[Path], str | None],
    tmp_path: Path,
    store: Store,
    size: QPageSize.PageSizeId,
) -> None:
    long = {field: words(10_000, tag=field[:3]) for field in TEXT_FIELDS}
    out = sheet_pdf(store, tmp_path, size, decision_needed=words(10_000, tag="dec"), **long)

    assert len(PdfReader(out).pages) == 1
    runs = text_runs(out)
    texts = [run.text for run in runs]
    debrief = texts.index(DEBRIEF)
    lowest = max(run.top for run in runs[:debrief])
    assert runs[debrief].top - lowest <= FILLED_GAP + 2 * BODY_LINE
    assert runs[debrief].top - lowest >= FILLED_GAP - 3  # and nothing ran into it

    # The decision first, always, in its box; every field keeps its label and some text.
    assert texts.index("THE DECISION WE NEED FROM THE CLIENT") < texts.index(LABELS["fallback"])
    decision = texts.index("THE DECISION WE NEED FROM THE CLIENT") + 1
    assert texts[decision].startswith("dec0")
    decision_lines = texts.index(LABELS["fallback"]) - decision
    # Every field long, five agreement parts, a box for who decides and the header's warning:
    # on Letter's shorter page the decision gives up two of its lines, never more.
    assert decision_lines == (8 if size == QPageSize.PageSizeId.A4 else 6)
    for field, label in LABELS.items():
        if field != "who_decides":
            assert lines_under(runs, label), label
    agreement = lines_under(runs, LABELS["agreement"])
    for part in AGREEMENT_LABELS:
        assert sum(line.startswith(part) for line in agreement) == 1, part
    assert " ".join(texts).count("(continued in the app)") == 14  # 8 fields, 5 parts, decision
    shown = layout_text(out)
    if shown is not None:
        for part in AGREEMENT_LABELS:
            assert part in shown


@PAGE_SIZES
def test_a_two_line_field_among_long_ones_prints_whole_and_the_long_ones_share_the_rest(
    text_runs: Callable[[Path], list[Any]],
    tmp_path: Path,
    store: Store,
    size: QPageSize.PageSizeId,
) -> None:
    two_lines = words(150, tag="fb")
    out = sheet_pdf(
        store,
        tmp_path,
        size,
        decision_needed="Client picks the pilot site",
        fallback=two_lines,
        why_client=words(10_000, tag="why"),
        concerns=words(20_000, tag="con"),
        research=words(10_000, tag="res"),
        agreement_time="45 minutes",
    )
    runs = text_runs(out)
    fallback = lines_under(runs, LABELS["fallback"])
    assert len(fallback) == 2 and " ".join(fallback) == two_lines
    assert lines_under(runs, LABELS["agreement"]) == ["Time: 45 minutes"]
    why, concerns, research = (
        lines_under(runs, LABELS[field]) for field in ("why_client", "concerns", "research")
    )
    for cut in (why, concerns, research):
        assert len(cut) >= 3
        assert cut[-1].endswith("(continued in the app)")
    # In proportion to their need: twice the text, about twice the lines.
    assert abs(len(concerns) - 2 * len(why)) <= 2
    assert abs(len(why) - len(research)) <= 1
    texts = [run.text for run in runs]
    debrief = texts.index(DEBRIEF)
    assert runs[debrief].top - max(run.top for run in runs[:debrief]) <= FILLED_GAP + 2 * BODY_LINE


def test_a_cut_field_ends_at_a_word(
    read_pdf: Callable[[Path], list[str]], tmp_path: Path, store: Store
) -> None:
    out = sheet_pdf(
        store, tmp_path, QPageSize.PageSizeId.A4, research=words(30_000, width=9, tag="r")
    )
    [text] = read_pdf(out)
    *_, word, ellipsis = text.split("(continued in the app)")[0].split()
    assert ellipsis == "..."  # "…" as NFKC reads it
    assert word.startswith("r") and len(word) == 9  # a whole word, not a piece of one


def test_the_agreement_keeps_all_five_parts_when_one_is_long(
    text_runs: Callable[[Path], list[Any]], tmp_path: Path, store: Store
) -> None:
    out = sheet_pdf(
        store,
        tmp_path,
        QPageSize.PageSizeId.Letter,
        agreement_purpose=words(20_000, tag="pur"),
        agreement_their_agenda="Costs",
        agreement_our_agenda="Depot choice",
        agreement_time="45 minutes",
        agreement_outcome="Depot chosen",
        concerns=words(20_000, tag="con"),
    )
    agreement = lines_under(text_runs(out), LABELS["agreement"])
    assert agreement[-4:] == [
        "Their agenda: Costs",
        "Our agenda: Depot choice",
        "Time: 45 minutes",
        "Outcome we both expect: Depot chosen",
    ]
    assert agreement[0].startswith("Purpose: pur0")
    assert agreement[-5].endswith("(continued in the app)")


def line_strokes(path: Path) -> int:
    """How many straight lines the page draws (writing lines, boxes' sides, rules)."""
    reader = PdfReader(path)
    content = ContentStream(reader.pages[0].get_contents(), reader)
    return sum(operator == b"l" for _operands, operator in content.operations)


@PAGE_SIZES
def test_a_fresh_step_gives_labelled_boxes_with_lines_to_write_on(
    read_pdf: Callable[[Path], list[str]],
    layout_text: Callable[[Path], str | None],
    tmp_path: Path,
    store: Store,
    size: QPageSize.PageSizeId,
) -> None:
    fresh = sheet_pdf(store, tmp_path, size)
    [text] = read_pdf(fresh)
    order = [
        text.index(label)
        for label in (
            "THE DECISION WE NEED FROM THE CLIENT",
            LABELS["fallback"],
            LABELS["who_decides"],
            LABELS["questions"],
            DEBRIEF,
        )
    ]
    assert order == sorted(order)
    for other in ("WHY IT SERVES", "CONCERNS", "MATERIALS", "MEETING AGREEMENT", "RESEARCH"):
        assert other not in text  # the other empty fields stay out
    assert "Decision missing" not in text

    prepared = sheet_pdf(
        store,
        tmp_path,
        size,
        decider=True,
        decision_needed="Client picks the pilot site",
        fallback="Client names who picks",
        questions="Which site?",
    )
    # Writing lines for the decision (3), the fallback (2), who decides (2) and the questions
    # (4), grown into the blank page: far more than the prepared sheet's.
    assert line_strokes(fresh) >= line_strokes(prepared) + 3 + 2 + 2 + 4 + 5
    [prepared_text] = read_pdf(prepared)
    assert LABELS["questions"] in prepared_text
    assert LABELS["who_decides"] not in prepared_text
    shown = layout_text(fresh)
    if shown is not None:
        assert LABELS["questions"] in shown


def test_who_decides_is_asked_until_someone_attends_and_the_header_warns_without_a_decider(
    read_pdf: Callable[[Path], list[str]], tmp_path: Path, store: Store
) -> None:
    pursuit = store.create_pursuit("Globex")
    step = store.add_step(pursuit.id, decision_needed="Client picks the pilot site")
    out = tmp_path / "sheet.pdf"
    write_pdf(out, [sheet_for_step(store, step.id)])
    [text] = read_pdf(out)
    assert "Attending: nobody recorded yet ⚠ Nobody who decides on budget is attending." in text
    assert LABELS["who_decides"] in text

    store.add_attendee(step.id, "Lars Holm", "IT lead", BuyingRole.TECHNICAL)
    write_pdf(out, [sheet_for_step(store, step.id)])
    [text] = read_pdf(out)
    assert "⚠ Nobody who decides on budget is attending." in text
    assert LABELS["who_decides"] not in text  # the header asks instead
    assert "★" not in text

    store.add_attendee(step.id, "Maria Jensen", "COO", BuyingRole.DECIDES_BUDGET)
    write_pdf(out, [sheet_for_step(store, step.id)])
    [text] = read_pdf(out)
    assert "Nobody who decides" not in text
    assert LABELS["who_decides"] not in text
    assert "★ Maria Jensen, COO — decides on budget" in text
    assert "★ decides on budget" in text  # the legend explains the mark


def test_header_and_decision_box_wording(
    text_runs: Callable[[Path], list[Any]], tmp_path: Path, store: Store
) -> None:
    pursuit = store.create_pursuit("Globex", client="Globex AG")
    step = store.add_step(
        pursuit.id, decision_needed="Client signs the pilot", decision_by=date(2026, 3, 6)
    )
    store.add_attendee(step.id, "Maria Jensen", "COO", BuyingRole.DECIDES_BUDGET)
    out = tmp_path / "sheet.pdf"
    write_pdf(out, [sheet_for_step(store, step.id)])
    runs = text_runs(out)
    texts = [run.text for run in runs]
    facts = next(text for text in texts if text.startswith("Globex AG"))
    assert facts.startswith("Globex AG · Meeting · ")
    assert "(meeting)" not in facts  # a step without a title prints its kind once
    assert any(text.startswith("Client decides by: ") for text in texts)
    assert not any("Decided by" in text for text in texts)
    attendees = next(run for run in runs if run.text.startswith("Attending:"))
    body = next(run for run in runs if run.text.startswith("Globex AG"))
    assert attendees.size == pytest.approx(body.size, abs=0.05)  # body-size text

    titled = store.add_step(pursuit.id, title="Pilot scoping", kind="call")
    write_pdf(out, [sheet_for_step(store, titled.id)])
    assert "Globex AG · Pilot scoping (call) · " in " ".join(run.text for run in text_runs(out))


@PAGE_SIZES
def test_hostile_html_in_long_cut_fields_stays_literal(
    read_pdf: Callable[[Path], list[str]],
    tmp_path: Path,
    store: Store,
    size: QPageSize.PageSizeId,
) -> None:
    hostile = "<b>bold</b> &amp; <script>x()</script> <img src=x> " * 400
    out = sheet_pdf(
        store,
        tmp_path,
        size,
        decision_needed=hostile,
        agreement_purpose=hostile,
        agreement_time="<i>45</i> minutes",
        concerns=hostile,
    )
    [text] = read_pdf(out)
    assert "<b>bold</b> &amp; <script>x()</script> <img src=x>" in text
    assert "Time: <i>45</i> minutes" in text
    assert "(continued in the app)" in text


FIELD_TEXT = st.tuples(
    st.integers(min_value=0, max_value=20_000),  # length
    st.integers(min_value=1, max_value=60) | st.just(20_000),  # word width (or no space)
    st.booleans(),  # one line per word
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.fixed_dictionaries(
        {field: FIELD_TEXT for field in ("decision_needed", *TEXT_FIELDS)}
    ),
    letter=st.booleans(),
    long_name=st.booleans(),
)
def test_one_page_per_step_whatever_the_lengths_and_widths(
    text_runs: Callable[[Path], list[Any]],
    tmp_path: Path,
    store: Store,
    fields: dict[str, tuple[int, int, bool]],
    letter: bool,
    long_name: bool,
) -> None:
    texts = {}
    for field, (length, width, lines) in fields.items():
        text = words(length, width, tag=field[:2])
        texts[field] = text.replace(" ", "\n") if lines else text
    pursuit = store.create_pursuit(words(400, 9, "name") if long_name else "Globex")
    step = store.add_step(pursuit.id, **texts)
    if long_name:
        for n in range(12):
            store.add_attendee(step.id, f"Person {n} " + "x" * 30, "Head of everything")
    size = QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4
    out = tmp_path / "fuzz.pdf"

    assert write_pdf(out, [sheet_for_step(store, step.id)], QPageSize(size)) == 1

    runs = text_runs(out)
    assert {run.page for run in runs} == {0}
    shown = [run.text for run in runs]
    debrief = shown.index(DEBRIEF)
    decision = shown.index("THE DECISION WE NEED FROM THE CLIENT")
    if texts["decision_needed"]:
        assert shown[decision + 1].startswith(texts["decision_needed"].split()[0][:20])
    # Nothing drawn on the debrief's band: every field's text sits above its heading.
    assert max(run.top for run in runs[:debrief]) <= runs[debrief].top - FILLED_GAP + 3
    page_height = float(PdfReader(out).pages[0].mediabox.height)
    assert max(run.top for run in runs) < page_height - 36  # within the bottom margin
    for part, field in zip(AGREEMENT_LABELS, TEXT_FIELDS[6:11], strict=True):
        if texts[field]:
            assert any(line.startswith(part) for line in shown), part
