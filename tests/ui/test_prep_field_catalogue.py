"""The catalogue of prep fields (``domain.prep_fields``) is what the form shows, what the sheet
prints and what a ``.pursuit`` file holds: each read back from the real widget, PDF and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.prep_fields import (
    AGREEMENT,
    BY_COLUMN,
    PREP_FIELDS,
    SHEET_ORDER,
    FormGroup,
)
from pursuit_journey.printing.pdf import write_pdf
from pursuit_journey.printing.selection import sheet_for_step
from pursuit_journey.store.fields import STEP_TEXT_FIELDS
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.prep import PrepForm


@pytest.fixture
def step_id(store: Store) -> int:
    """A step with every prep field written: "<column> text"."""
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    assert pursuit.id is not None
    texts = {field.column: f"{field.column} text" for field in PREP_FIELDS}
    step = store.add_step(pursuit.id, **texts)
    assert step.id is not None
    return step.id


def test_the_form_shows_every_field_with_the_catalogues_label_and_example(
    qtbot: QtBot, store: Store, step_id: int
) -> None:
    form = PrepForm(store, QUndoStack())
    qtbot.addWidget(form)
    assert form.show_step(step_id)

    assert list(form.text_edits) == [field.column for field in PREP_FIELDS]
    for field in PREP_FIELDS:
        editor = form.text_edits[field.column]
        assert editor.objectName() == field.column
        assert editor.accessibleName() == field.label
        assert editor.placeholderText() == field.placeholder
        if field.group not in (FormGroup.HEADER, FormGroup.DECISION):  # those have headings
            assert form.text_labels[field.column].text() == field.label
    assert form.decision_label.text() == BY_COLUMN["decision_needed"].label


def test_the_sheet_prints_the_catalogues_labels_in_its_sheet_order(
    store: Store, step_id: int, tmp_path: Path
) -> None:
    content = sheet_for_step(store, step_id)
    by_label = {section.label: section for section in content.sections}
    columns = [key for key in SHEET_ORDER if key in BY_COLUMN]
    printed_columns = [BY_COLUMN[key].label for key in columns]
    assert [label for label in by_label if label in printed_columns] == printed_columns
    for key in columns:
        assert by_label[BY_COLUMN[key].label].parts == (f"{key} text",)
    agreement = next(s for s in content.sections if s.parts and s.parts[0].startswith("Purpose"))
    assert agreement.parts == tuple(f"{field.label}: {field.column} text" for field in AGREEMENT)

    out = tmp_path / "sheet.pdf"
    write_pdf(out, [content])
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    positions = [text.find(label.upper()) for label in printed_columns]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    assert BY_COLUMN["decision_needed"].label.upper() in text


def test_the_pursuit_format_and_the_store_name_the_catalogues_columns(
    store: Store, step_id: int
) -> None:
    assert tuple(field.column for field in PREP_FIELDS) == STEP_TEXT_FIELDS
    step = store.step(step_id)
    exported = store.export_pursuit(step.pursuit_id)["pursuit"]["steps"][0]
    for field in PREP_FIELDS:
        assert exported[field.column] == f"{field.column} text"
