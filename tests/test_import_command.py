"""`ilteo import` as an operator runs it: the printed report, the exit code, the progress bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.import_command import ProgressBar, run_import
from tests.conftest import prepared_database
from tests.handlers.test_import import SAMPLES
from tests.requirements import skip_or_fail


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        skip_or_fail(f"the import samples are not at {SAMPLES}")
    return SAMPLES


@pytest.fixture
async def settings(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    return load_settings(database_url=sqlite_url, secret_key="test-secret-key-of-at-least-32-chars")


async def test_an_import_prints_counts_and_exits_zero(settings, samples, capsys):
    code = await run_import(settings, samples / "hrd-courses.csv", None, progress=False)

    out = capsys.readouterr().out
    assert code == 0
    assert "Imported hrd-courses.csv (HRD-Net training courses, CSV in UTF-8, 3 rows)." in out
    assert "  cohorts           3        0          0" in out


async def test_a_rejected_file_names_its_rows_and_exits_one(settings, samples, tmp_path, capsys):
    text = (samples / "saeil-courses.csv").read_text(encoding="utf-8")
    bad = tmp_path / "courses.csv"
    bad.write_text(text.replace("20270406", "2027-04-31"), encoding="utf-8")

    code = await run_import(settings, bad, "saeil-courses", progress=False)

    out = capsys.readouterr().out
    assert code == 1
    assert "Nothing was imported from courses.csv" in out
    assert '  row 4: eduBgngDt "2027-04-31" is not a date; write YYYY-MM-DD or YYYYMMDD' in out


async def test_an_unreadable_file_exits_two(settings, tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")

    code = await run_import(settings, path, None, progress=False)

    assert code == 2
    assert "broken.json is not valid JSON" in capsys.readouterr().err


async def test_an_outdated_database_exits_three(tmp_path, samples, capsys):
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"  # never migrated
    settings = load_settings(database_url=url, secret_key="test-secret-key-of-at-least-32-chars")

    code = await run_import(settings, samples / "bus-visits.csv", None, progress=False)

    assert code == 3
    assert "ilteo db upgrade" in capsys.readouterr().err


async def test_progress_goes_to_stderr_when_asked(settings, samples, capsys):
    await run_import(settings, samples / "bus-visits.csv", None, progress=True)

    captured = capsys.readouterr()
    assert "checking: 4/4" in captured.err
    assert "saving bus_visits: 4/4" in captured.err
    assert "checking" not in captured.out


def test_a_terminal_bar_redraws_one_line(tmp_path):
    class Terminal:
        text = ""

        def write(self, text):
            self.text += text

        def flush(self):
            pass

        def isatty(self):
            return True

    terminal = Terminal()
    bar = ProgressBar(terminal)
    for done in (500, 1000, 1500):
        bar("checking", done, 1500)
    bar.close()

    lines = terminal.text.split("\r")
    assert lines[-1] == f"checking              [{'#' * 30}] 1,500/1,500\n"
