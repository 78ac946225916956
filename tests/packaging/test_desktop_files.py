"""The icon sizes, the desktop entry, the MIME type and the install scripts (no build needed)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtGui import QImage

from pursuit_journey import APP_ID
from pursuit_journey.resources_access import icon_path, resource
from pursuit_journey.store.exchange import FILE_SUFFIX, MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "resources" / "linux" / f"{APP_ID}.desktop"
MIME_XML = ROOT / "resources" / "linux" / f"{APP_ID}.mime.xml"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def entry_values(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


@pytest.mark.parametrize("size", PNG_SIZES)
def test_every_png_size_is_shipped_and_has_its_size(size: int) -> None:
    image = QImage(str(resource(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png")))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_the_svg_icon_and_the_windows_and_mac_icons_exist() -> None:
    assert icon_path().read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (ROOT / "resources/icons/pursuit-journey.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (ROOT / "resources/icons/pursuit-journey.icns").read_bytes()[:4] == b"icns"


def test_the_desktop_entry_names_the_app_its_icon_and_the_pursuit_type() -> None:
    values = entry_values(ENTRY)
    assert values["Name"] == "Pursuit Journey"
    assert values["Icon"] == APP_ID
    assert "Office" in values["Categories"].split(";")
    assert MIME_TYPE in values["MimeType"].split(";")
    assert values["Exec"].endswith("%F")


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_the_mime_type_matches_pursuit_files() -> None:
    namespace = "{http://www.freedesktop.org/standards/shared-mime-info}"
    mime = ElementTree.parse(MIME_XML).getroot().find(f"{namespace}mime-type")
    assert mime is not None and mime.get("type") == MIME_TYPE
    globs = [glob.get("pattern") for glob in mime.findall(f"{namespace}glob")]
    assert globs == [f"*{FILE_SUFFIX}"]


def fake_app(folder: Path) -> Path:
    """Stands in for the PyInstaller folder: the scripts only copy and link it."""
    folder.mkdir(parents=True)
    executable = folder / "pursuit-journey"
    executable.write_text("#!/bin/sh\necho fake\n", encoding="utf-8")
    executable.chmod(0o755)
    (folder / "_internal").mkdir()
    return folder


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux install scripts")
def test_install_puts_everything_under_local_and_uninstall_removes_it(tmp_path: Path) -> None:
    home = tmp_path / "home with space ü"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    app = fake_app(tmp_path / "built app")
    install = subprocess.run(
        [str(ROOT / "packaging/install-linux.sh"), str(app)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    share = home / ".local/share"
    installed = home / ".local/opt/pursuit-journey/pursuit-journey"
    assert installed.is_file()
    assert (home / ".local/bin/pursuit-journey").resolve() == installed.resolve()
    for size in PNG_SIZES:
        assert (share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (share / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    assert (share / f"mime/packages/{APP_ID}.xml").is_file()
    entry = share / f"applications/{APP_ID}.desktop"
    assert entry_values(entry)["Exec"] == f'"{installed}" %F'
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], check=False).returncode == 0
    if shutil.which("update-mime-database"):
        assert f"{MIME_TYPE}:*.pursuit" in (share / "mime/globs2").read_text(encoding="utf-8")

    # The seller's data, and another application's default in the same list, must stay.
    data = share / "Pursuit Journey"
    data.mkdir()
    (data / "pursuits.sqlite3").write_bytes(b"SQLite format 3\0")
    mimeapps = home / ".config/mimeapps.list"
    mimeapps.parent.mkdir(exist_ok=True)
    with mimeapps.open("a", encoding="utf-8") as defaults:
        if not mimeapps.read_text(encoding="utf-8").strip():  # no xdg-mime here
            defaults.write(f"[Default Applications]\n{MIME_TYPE}={APP_ID}.desktop\n")
        defaults.write("text/plain=org.example.Editor.desktop\n")
    assert f"{MIME_TYPE}={APP_ID}.desktop" in mimeapps.read_text(encoding="utf-8")

    uninstall = subprocess.run(
        [str(ROOT / "packaging/uninstall-linux.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert uninstall.returncode == 0, uninstall.stderr
    left = sorted(
        str(path.relative_to(home))
        for path in home.rglob("*")
        if APP_ID in path.name or "pursuit-journey" in path.name
    )
    assert left == []
    assert not (home / ".local/opt/pursuit-journey").exists()
    assert (data / "pursuits.sqlite3").read_bytes() == b"SQLite format 3\0"
    assert [line for line in mimeapps.read_text(encoding="utf-8").splitlines() if line] == [
        "[Default Applications]",
        "text/plain=org.example.Editor.desktop",
    ]
