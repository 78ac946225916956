"""``pursuit-journey import`` and ``export``: exit codes, messages, and the database untouched
on refusal."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pursuit_journey.spreadsheet_cli import main
from spreadsheet_files import PIPEDRIVE_HEADERS, write_csv, write_xlsx

PIPEDRIVE_ROWS = [
    ["1", "CRM rollout", "Acme", "Ann Lee", "1.234,56", "EUR", "open", "Proposal made",
     "03/12/2026", "15/12/2026", "Sam", "ann@acme.test"],
    ["2", "Support", "Beta", "", "€2.000", "", "won", "Closed", "2026-11-01", "", "Sam", ""],
]  # fmt: skip


def _run(command: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(command, list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _database_file(data: Path) -> Path:
    from pursuit_journey.paths import default_paths

    return default_paths(data).database


def test_import_dry_run_then_import_then_reimport_skips(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = write_csv(tmp_path / "deals.csv", PIPEDRIVE_HEADERS, PIPEDRIVE_ROWS, delimiter=";")
    code, out, err = _run("import", str(source), "--dry-run", "--data-dir", str(data))
    assert (code, err) == (0, "")
    assert "“Deal - Title” → Name" in out
    assert "Would import 2 new pursuits (dry run: nothing was changed)." in out
    database = _database_file(data)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM pursuit").fetchone() == (0,)

    code, out, err = _run("import", str(source), "--data-dir", str(data))
    assert (code, err) == (0, "")
    assert "Imported 2 pursuits from deals.csv." in out

    code, out, _err = _run("import", str(source), "--data-dir", str(data), "--dry-run")
    assert "Would import 0 new pursuits and skip 2 pursuits already there" in out
    code, out, _err = _run("import", str(source), "--data-dir", str(data))
    assert code == 0 and "Nothing imported from deals.csv: 2 pursuits already there" in out
    code, out, _err = _run("import", str(source), "--data-dir", str(data), "--existing", "copy")
    assert code == 0 and "Imported 2 pursuits" in out
    with sqlite3.connect(database) as connection:
        names = [n for (n,) in connection.execute("SELECT name FROM pursuit ORDER BY name")]
    assert names == ["CRM rollout", "CRM rollout (copy)", "Support", "Support (copy)"]


def test_a_file_with_problems_imports_nothing_and_lists_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = write_csv(
        tmp_path / "sheet.csv",
        ["Name", "Value", "Close date"],
        [["Good", "10", "2026-01-02"], ["Bad", "lots", "2026-01-03"]],
    )
    code, out, err = _run("import", str(source), "--data-dir", str(data))
    assert code == 1
    assert "sheet.csv has 1 problem; nothing was imported" in err
    assert "Row 3, column “Value”: “lots” is not an amount" in err
    assert "--skip-problem-rows" in err
    assert not _database_file(data).exists()  # the file was refused before the store opened

    code, out, err = _run("import", str(source), "--data-dir", str(data), "--skip-problem-rows")
    assert code == 0 and "Leaving out 1 row" in out and "Imported 1 pursuit from" in out


def test_ambiguous_dates_need_the_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = write_csv(tmp_path / "d.csv", ["Name", "Close date"], [["A", "03/12/2026"]])
    code, _out, err = _run("import", str(source), "--data-dir", str(data))
    assert code == 1 and "--day-first or --month-first" in err
    code, _out, _err = _run("import", str(source), "--data-dir", str(data), "--month-first")
    assert code == 0
    with sqlite3.connect(_database_file(data)) as connection:
        assert connection.execute("SELECT target_close FROM pursuit").fetchone() == ("2026-03-12",)


def test_bad_files_and_missing_files_exit_1_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    code, out, err = _run("import", str(tmp_path / "empty.csv"), "--data-dir", str(tmp_path))
    assert (code, out) == (1, "") and err == "pursuit-journey import: empty.csv is empty.\n"
    code, _out, err = _run("import", str(tmp_path / "gone.xlsx"), "--data-dir", str(tmp_path))
    assert code == 1 and "Cannot read gone.xlsx" in err and "Traceback" not in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        _run("import")
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        _run("export", "--data-dir", str(tmp_path))
    assert exited.value.code == 2


def test_export_writes_xlsx_and_refuses_without_a_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, _out, err = _run("export", "--out", str(tmp_path / "x.xlsx"), "--data-dir", str(data))
    assert code == 1 and "nothing to export" in err
    source = write_xlsx(
        tmp_path / "mine.xlsx", {"Sheet": [["Name", "Client", "Value"], ["Pilot", "Acme", 99.5]]}
    )
    assert _run("import", str(source), "--data-dir", str(data))[0] == 0
    code, out, err = _run("export", "--out", str(tmp_path / "x.xlsx"), "--data-dir", str(data))
    assert (code, err) == (0, "") and out.startswith("Wrote 1 pursuit to ")
    sheet = load_workbook(tmp_path / "x.xlsx")["Pursuits"]
    assert [cell.value for cell in sheet[2]][:3] == ["Pilot", "Acme", 99.5]
    code, _out, err = _run("export", "--out", str(tmp_path / "x.txt"), "--data-dir", str(data))
    assert code == 1 and "written as .xlsx or .csv" in err


def test_the_launcher_dispatches_import(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "s.csv", ["Name"], [["Pilot"]])
    done = subprocess.run(
        [sys.executable, "-m", "pursuit_journey", "import", str(source), "--dry-run",
         "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Would import 1 new pursuit" in done.stdout
