"""PySide6's import hook, made cheap: module sources are not kept, its answers are unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

# Run in a fresh interpreter: the test session has long imported everything.
PROBE = textwrap.dedent(
    """
    import json, linecache, sys
    import PySide6.QtCore  # the app imports Qt first, then its database layer
    from pursuit_journey.pyside_import_hook import stop_keeping_module_sources

    if sys.argv[1] == "light":
        stop_keeping_module_sources()
    import pursuit_journey.store.repository, pursuit_journey.ui.main_window

    feature = sys.modules["shibokensupport.feature"]
    print(json.dumps({
        "kept": sorted(name for name in linecache.cache if name.endswith(".py")),
        "uses_pyside": dict(feature.pyside_feature_dict),
    }))
    """
)


def _probe(mode: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _libraries(kept: object) -> list[str]:
    assert isinstance(kept, list)
    return [name for name in kept if any(f"/{lib}/" in name for lib in ("sqlalchemy", "pydantic"))]


def test_without_the_change_pyside_keeps_every_later_module_source() -> None:
    """The cost being removed, shown on the installed PySide6 (so the next test means something)."""
    plain = _probe("plain")
    if not _libraries(plain["kept"]):
        pytest.skip("this PySide6 no longer keeps module sources: pyside_import_hook can go")
    assert len(_libraries(plain["kept"])) > 100


def test_module_sources_are_not_kept_and_the_answers_stay_the_same() -> None:
    plain = _probe("plain")
    light = _probe("light")
    assert _libraries(light["kept"]) == []  # whether the change was needed or not
    # Nor the standard library's frozen modules (os, codecs…), nor the few files read while
    # PySide6 itself was imported, before the lighter check could be put in place.
    assert plain["kept"] != []
    assert light["kept"] == []
    # 0: the module mentions PySide6 (it may use __feature__); -1: it is ignored.
    before, after = plain["uses_pyside"], light["uses_pyside"]
    assert isinstance(before, dict) and isinstance(after, dict)
    both = before.keys() & after.keys()
    assert len(both) > 200
    assert {name: after[name] for name in both} == {name: before[name] for name in both}
    assert after["pursuit_journey.ui.messages"] == 0
    assert after["sqlalchemy"] == -1
