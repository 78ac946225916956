"""One lane for slow work on the database file — backups and the full integrity check — in a
worker thread, one job at a time, so the window keeps answering while the seller types.

Jobs are plain functions of the file (they open their own sqlite3 connections; the store's
engine stays on the GUI thread). Their results come back to the GUI thread through a queued
signal. Python's sqlite3 releases the GIL while SQLite works, so the GUI thread really runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from ..store.cancel import Cancellation

log = logging.getLogger("pursuit_journey")

Work = Callable[[Cancellation], Any]
Done = Callable[[Any, Exception | None], None]


@dataclass(eq=False)
class Job:
    """A piece of work handed to the lane; ``kind`` tells jobs apart ("backup", "health")."""

    kind: str
    work: Work
    done: Done
    # Stopped when the window closes; a backup the seller asked for is waited for instead.
    stop_on_close: bool = True
    cancellation: Cancellation = field(default_factory=Cancellation)


class DatabaseWorker(QObject):
    """A single worker thread (QThreadPool of one) running ``Job``s in the order given."""

    _finished = Signal(object, object, object)  # Job, result, error — emitted in the worker

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one at a time: never two copies of the file at once
        self.pool.setObjectName("database-worker")
        self._jobs: list[Job] = []  # given, and their result not yet delivered (GUI thread only)
        self.closed = False
        # Queued, because this object lives in the GUI thread and the signal comes from the
        # worker: ``_deliver`` always runs on the GUI thread.
        self._finished.connect(self._deliver)

    def submit(self, job: Job) -> Job:
        """Run ``job`` after those given before; once closed, it is dropped (never run, never
        reported)."""
        if self.closed:
            job.cancellation.cancel()
            return job
        self._jobs.append(job)

        def run() -> None:
            try:
                job.cancellation.raise_if_cancelled()
                result, error = job.work(job.cancellation), None
            except Exception as failure:  # handed to the GUI thread, which decides
                result, error = None, failure
            try:
                self._finished.emit(job, result, error)
            except RuntimeError:  # the window is gone (the app quit without closing it)
                log.info("A %s job ended after its window was gone", job.kind)

        self.pool.start(run)
        return job

    def pending(self, kind: str | None = None) -> list[Job]:
        """Jobs given and not yet reported back, optionally of one kind."""
        return [job for job in self._jobs if kind is None or job.kind == kind]

    def cancel(self, *, everything: bool = False) -> None:
        """Ask the running and waiting jobs to stop (only those that may stop on close, unless
        ``everything``). A stopped job reports ``Cancelled``."""
        for job in self._jobs:
            if everything or job.stop_on_close:
                job.cancellation.cancel()

    def close(self, *, everything: bool = False) -> None:
        """Take no more jobs, stop those that may stop on close (all, with ``everything``) and
        wait for the rest: once this returns, no thread touches the file."""
        self.closed = True
        self.cancel(everything=everything)
        self.wait()

    def wait(self) -> None:
        """Block until no job runs or waits (results are delivered afterwards, queued)."""
        self.pool.waitForDone()

    def _deliver(self, job: Job, result: Any, error: Exception | None) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        job.done(result, error)
