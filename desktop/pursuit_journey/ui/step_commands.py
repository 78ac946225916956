"""Undoable changes to a pursuit's steps: move, insert and delete one on the journey line, and
plan the next step from the prep form.

They follow ``commands.StoreCommand``: the page performs the action once through ``apply()``
and then pushes the command, whose first ``redo()`` does nothing. For a drag the step has
already moved on screen when ``apply()`` saves the new order, as in Qt's undo framework example.
Each command also says which step the line should select afterwards (``Selection``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..store.errors import StoreError
from .commands import Hooks, SavedFirstCommand, StoreCommand

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike
    from ..store.repository import DeletedStep, SeenStep
    from ..store.tables import Step


@dataclass(frozen=True)
class Selection:
    """The step to select after a command: by id, or (when it is gone) by place."""

    step_id: int | None = None
    index: int | None = None
    open: bool = False
    # The field of the opened step that takes the cursor ("" leaves the focus where it is):
    # a new step's decision, so that what the seller types next lands there; "start" is where
    # the step's work starts (its outcome when the meeting is past, else its decision).
    focus: str = ""


Select = Callable[[Selection], None]
# The pursuit's steps as the line shows them, (id, version) in order, for a move or a delete to
# be checked against (None: the line shows another pursuit; the action goes unchecked).
Seen = Callable[[int], "list[SeenStep] | None"]


def unchecked(_pursuit_id: int) -> list[SeenStep] | None:
    return None


def _title(title: str) -> str:
    return f" “{title}”" if title.strip() else ""


class StepCommand(StoreCommand):
    def __init__(
        self,
        store: StoreLike,
        pursuit_id: int,
        text: str,
        hooks: Hooks,
        select: Select,
        seen: Seen = unchecked,
    ) -> None:
        super().__init__(store, pursuit_id, text, hooks)
        self.select = select
        self.seen = seen


class MoveStep(StepCommand):
    def __init__(
        self,
        store: StoreLike,
        pursuit_id: int,
        step_id: int,
        from_index: int,
        to_index: int,
        hooks: Hooks,
        select: Select,
        seen: Seen = unchecked,
    ) -> None:
        super().__init__(store, pursuit_id, "Move Step", hooks, select, seen)
        self.step_id = step_id
        self.from_index = from_index
        self.to_index = to_index

    def forward(self) -> None:
        self.store.move_step(self.step_id, self.to_index, seen=self.seen(self.pursuit_id))
        self.select(Selection(step_id=self.step_id))

    def backward(self) -> None:
        self.store.move_step(self.step_id, self.from_index, seen=self.seen(self.pursuit_id))
        self.select(Selection(step_id=self.step_id))


class InsertStep(StepCommand):
    """A new step at ``at``; redo after undo puts back the very same step (same id and uid)."""

    def __init__(
        self,
        store: StoreLike,
        pursuit_id: int,
        at: int,
        hooks: Hooks,
        select: Select,
        seen: Seen = unchecked,
        **fields: Any,
    ) -> None:
        super().__init__(store, pursuit_id, "Insert Step", hooks, select, seen)
        self.at = at
        self.fields = fields
        self.step_id: int | None = None
        self.removed: DeletedStep | None = None

    def forward(self) -> None:
        if self.removed is None:
            step = self.store.add_step(self.pursuit_id, at=self.at, **self.fields)
            focus = "decision"  # a new step: what the seller types next is its decision
        else:
            step = self.store.restore_step(self.removed)
            focus = ""  # a redo: the focus stays where the seller pressed it
        self.step_id = step.id
        self.select(Selection(step_id=step.id, open=True, focus=focus))

    def backward(self) -> None:
        assert self.step_id is not None
        self.removed = self.store.delete_step(self.step_id, seen=self.seen(self.pursuit_id))
        self.select(Selection(index=max(0, self.removed.step.position - 1)))


class DeleteStep(StepCommand):
    """Deleting a step; undo brings it back with all its fields and attendees."""

    def __init__(
        self,
        store: StoreLike,
        pursuit_id: int,
        step_id: int,
        title: str,
        hooks: Hooks,
        select: Select,
        seen: Seen = unchecked,
    ) -> None:
        super().__init__(store, pursuit_id, f"Delete Step{_title(title)}", hooks, select, seen)
        self.step_id = step_id
        self.removed: DeletedStep | None = None

    def forward(self) -> None:
        self.removed = self.store.delete_step(self.step_id, seen=self.seen(self.pursuit_id))
        self.select(Selection(index=self.removed.step.position))

    def backward(self) -> None:
        assert self.removed is not None
        step = self.store.restore_step(self.removed)
        assert step.id is not None
        self.step_id = step.id  # the same id: restore_step keeps the step's identity
        self.select(Selection(step_id=step.id, open=True))


class PlanNextStep(SavedFirstCommand):
    """The step planned after ``origin_id`` (already created when pushed): undo deletes it,
    redo puts it back. ``changed(origin_id, planned_id, planned)`` redraws the form. The undo
    is checked against the line as ``seen`` shows it, as a delete is: a planned step another
    computer has written in since is not taken back."""

    def __init__(
        self,
        store: StoreLike,
        origin_id: int,
        planned: Step,
        changed: Callable[[int, int, bool], None],
        failed: Callable[[StoreError], None],
        seen: Seen = unchecked,
    ) -> None:
        super().__init__("Plan Next Step", failed)
        self.store = store
        self.origin_id = origin_id
        assert planned.id is not None
        self.planned_id: int = planned.id
        self.pursuit_id = planned.pursuit_id
        self.seen = seen
        self.deleted: DeletedStep | None = None
        self._changed = changed
        self.mark_saved()

    def forward(self) -> None:
        if self.deleted is None:
            return
        self.store.restore_step(self.deleted)
        self._changed(self.origin_id, self.planned_id, True)

    def backward(self) -> None:
        self.deleted = self.store.delete_step(self.planned_id, seen=self.seen(self.pursuit_id))
        self._changed(self.origin_id, self.planned_id, False)
