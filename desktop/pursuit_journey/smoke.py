"""``pursuit-journey --smoke-test``: prove a build works, end to end, without touching real data.

It starts the full app on a temporary database (which runs the Alembic migrations from disk),
shows the main window with the sample pursuit, round-trips it through a ``.pursuit`` file, renders
one prep sheet to PDF and checks the icon, the image formats and print support are there. Exit
status 0 when all is well; otherwise 1, with the reason as the last line on stderr.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path


class SmokeFailure(Exception):
    pass


def _check(condition: bool, reason: str) -> None:
    if not condition:
        raise SmokeFailure(reason)


def _run_checks(argv: Sequence[str], folder: Path) -> list[str]:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QIcon, QImage, QImageReader
    from PySide6.QtWidgets import QApplication

    from .app import make_application, open_settings
    from .paths import default_paths
    from .resources_access import icon_path, resource

    done: list[str] = []
    paths = default_paths(folder / "data")
    paths.ensure()
    app = make_application(argv)
    done.append(f"Qt platform {QApplication.platformName()}")

    formats = {bytes(name.data()).decode() for name in QImageReader.supportedImageFormats()}
    _check({"png", "svg"} <= formats, f"image format plugins missing (found {sorted(formats)})")
    _check(not QIcon(str(icon_path())).pixmap(64, 64).isNull(), "the SVG app icon does not load")
    _check(
        not QImage(str(resource("icons/hicolor/48x48/apps/" + _icon_name()))).isNull(),
        "the PNG app icon does not load",
    )
    buffer = QBuffer()  # its own byte array: a temporary QByteArray would be freed under it
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _check(QImage(8, 8, QImage.Format.Format_ARGB32).save(buffer, "PNG"), "cannot write PNG")
    done.append("icons and image formats")

    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    done.append("print support")

    from .store.exchange import dump_document, load_document
    from .store.repository import Store

    store = Store.open(paths.database, paths.backups_dir)
    try:
        done.append("new database migrated")
        pursuit = store.create_sample_pursuit()
        from .ui.main_window import MainWindow

        window = MainWindow(store, open_settings(paths))
        window.show()
        window.refresh(select_id=pursuit.id)
        app.processEvents()
        _check(window.current_pursuit_id() == pursuit.id, "the sample pursuit is not shown")
        done.append("main window with the sample pursuit")

        copy = store.import_pursuit(
            load_document(dump_document(store.export_pursuit(pursuit.id))), as_copy=True
        )
        _check(len(store.steps(copy.id)) == len(store.steps(pursuit.id)), ".pursuit round trip")
        done.append(".pursuit export and import")

        from .printing.pdf import write_pdf
        from .printing.selection import sheet_for_step

        step = store.steps(pursuit.id)[0]
        pdf = folder / "prep sheet.pdf"
        pages = write_pdf(pdf, [sheet_for_step(store, step.id)])
        _check(pages == 1 and pdf.read_bytes()[:5] == b"%PDF-", "the prep sheet PDF is wrong")
        done.append(f"prep sheet PDF ({pdf.stat().st_size // 1024} KB)")
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        store.close()
    return done


def _icon_name() -> str:
    from . import APP_ID

    return f"{APP_ID}.png"


def smoke_test(argv: Sequence[str]) -> int:
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="pursuit-journey-smoke-") as folder:
            done = _run_checks(argv, Path(folder))
    except Exception as error:
        traceback.print_exc()
        print(f"smoke test FAILED: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"smoke test passed in {elapsed:.2f} s: " + "; ".join(done))
    return 0
