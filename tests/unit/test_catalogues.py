"""Every message the code can say is translated in every catalogue, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/ilteo.po"))
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extracted_msgids(tmp_path: Path) -> set[str]:
    """What `make i18n` would extract from the code right now."""
    pot = tmp_path / "ilteo.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_",
            "-k",
            "N_",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    with pot.open("rb") as handle:
        return {_singular(message.id) for message in read_po(handle) if message.id}


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def translations(po_file: Path) -> dict[str, str]:
    """msgid -> its translation; a plural message gives each form under the msgid it stands
    for (the first under the singular, the others under the plural)."""
    with po_file.open("rb") as handle:
        catalogue = read_po(handle)
    found = {}
    for m in catalogue:
        if not m.id or not m.string or m.fuzzy:
            continue
        if isinstance(m.id, str):
            found[m.id] = m.string
        elif all(m.string):
            found |= {m.id[min(n, 1)]: form for n, form in enumerate(m.string)}
    return found


def test_korean_and_english_catalogues_exist():
    languages = {path.parent.parent.name for path in CATALOGUES}
    assert {"ko", "en"} <= languages


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_msgid_is_translated(po_file, tmp_path):
    missing = extracted_msgids(tmp_path) - set(translations(po_file))
    assert not missing, f"{po_file.parent.parent.name} lacks: {sorted(missing)[:5]}"


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_placeholders_match_their_msgid(po_file):
    for msgid, text in translations(po_file).items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def test_korean_is_written_in_korean():
    korean = translations(ROOT / "locales/ko/LC_MESSAGES/ilteo.po")
    hangul = re.compile("[가-힣]")
    # Date and time patterns hold pattern letters around Korean; everything else is Korean.
    untranslated = [m for m, t in korean.items() if not hangul.search(t) and "{" not in m]
    assert not untranslated, untranslated
