"""The screen the benchmark's offscreen windows open on: a laptop's 1280×800.

Qt's offscreen platform has an 800×800 screen by default, where the window opens narrower than
``LIST_SHOWN_FROM_WIDTH`` and hides the pursuit list: its start and its search would then be
measured without the list the seller sees. The private Xvfb has the same 1280×800 screen.
Only the standard library here: this is read before Qt is imported.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

WIDTH, HEIGHT = 1280, 800


def offscreen_platform() -> str:
    """``QT_QPA_PLATFORM`` for Qt's offscreen platform with a 1280×800 screen at 96 dpi."""
    config = Path(tempfile.gettempdir()) / "pursuit-journey-bench-screen.json"
    screen = {"name": "Bench", "x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}
    screen |= {"logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}
    text = json.dumps({"screens": [screen]})
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return f"offscreen:configfile={config}"
